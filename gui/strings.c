/*
 * strings.c - the string table, FormatMessage inserts, and the one way bindfix.exe shows a message box
 * (always with an owner, captioned with the application name).
 */
#include "gui.h"

#include <stdlib.h>
#include <string.h>

static WCHAR *wide_dup_n(const WCHAR *s, size_t n)
{
    WCHAR *out = malloc((n + 1) * sizeof(WCHAR));
    if (!out)
        return NULL;
    if (n)
        memcpy(out, s, n * sizeof(WCHAR));
    out[n] = L'\0';
    return out;
}

WCHAR *bfgui_load_string(HINSTANCE hinst, UINT id)
{
    /* cchBufferMax 0: LoadStringW returns a read-only pointer into the resource and its length, so any
     * length of string works without guessing a buffer size. */
    const WCHAR *res = NULL;
    int n = LoadStringW(hinst, id, (LPWSTR)&res, 0);
    if (n <= 0 || !res)
        return wide_dup_n(L"", 0);
    return wide_dup_n(res, (size_t)n);
}

WCHAR *bfgui_load_filter(HINSTANCE hinst, UINT id)
{
    WCHAR *filter = bfgui_load_string(hinst, id);
    for (WCHAR *p = filter; p && *p; p++)
        if (*p == L'|')
            *p = L'\0';
    return filter;
}

WCHAR *bfgui_format(HINSTANCE hinst, UINT id, const DWORD_PTR *args, size_t arg_count)
{
    WCHAR *fmt = bfgui_load_string(hinst, id);
    if (!fmt)
        return NULL;
    WCHAR *formatted = NULL;
    DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_STRING | FORMAT_MESSAGE_ALLOCATE_BUFFER |
                                 FORMAT_MESSAGE_ARGUMENT_ARRAY | (arg_count ? 0 : FORMAT_MESSAGE_IGNORE_INSERTS),
                             fmt, 0, 0, (LPWSTR)&formatted, 0, (va_list *)(DWORD_PTR *)args);
    free(fmt);
    if (n == 0 || !formatted)
        return NULL;
    WCHAR *out = wide_dup_n(formatted, n);
    LocalFree(formatted);
    return out;
}

/* Text from the machine or a snapshot is untrusted: bidirectional embedding, override and isolate
 * controls (U+202A-U+202E, U+2066-U+2069) would let a name display as something else ("evil" shown as
 * "live"), so they are shown as U+FFFD; control characters become U+FFFD too. */
WCHAR *bfgui_wide(const char *utf8)
{
    WCHAR *w = bfsys_utf8_to_wide(utf8 ? utf8 : ""), *p;
    for (p = w; p && *p; p++)
        if ((*p >= 0x202A && *p <= 0x202E) || (*p >= 0x2066 && *p <= 0x2069) || *p < 0x20 || *p == 0x7F ||
            (*p >= 0x80 && *p <= 0x9F))
            *p = 0xFFFD;
    return w;
}

int bfgui_message_box(HWND owner, const WCHAR *text, UINT flags)
{
    HINSTANCE hinst = GetModuleHandleW(NULL);
    WCHAR *caption = bfgui_load_string(hinst, IDS_APP_NAME);
    int rc = MessageBoxW(owner, text ? text : L"", caption ? caption : L"bindfix", flags);
    free(caption);
    return rc;
}
