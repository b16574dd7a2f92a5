/*
 * strings.c - the string table, FormatMessage inserts, and the one way bindfix.exe shows a message box
 * (always with an owner, captioned with the application name).
 */
#include "gui.h"
#include "report.h"   /* bf_text_clean_append: the one cleaning every output shares */

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

/* Text from the machine or a snapshot is untrusted: bidirectional controls would let a name display as
 * something else ("evil" shown as "live"). It is cleaned as every text output is (core's
 * bf_text_clean_append): bidi and C1 controls shown as "<U+202E>", other controls as control pictures,
 * tabs and line breaks as spaces (callers that show several lines split them first). */
WCHAR *bfgui_wide(const char *utf8)
{
    bf_buf clean;
    WCHAR *w;
    bf_buf_init(&clean);
    bf_text_clean_append(&clean, utf8, false);
    w = clean.failed ? NULL : bfsys_utf8_to_wide(bf_buf_cstr(&clean));
    bf_buf_free(&clean);
    return w;
}

/* Each line goes through bfgui_wide (control characters from the machine shown visibly), then the
 * line breaks an edit control needs (CRLF) are put back. */
void bfgui_set_edit_utf8(HWND edit, const char *utf8)
{
    const char *line = utf8 ? utf8 : "";
    size_t total = strlen(line);
    /* at most 4 units per byte: a 2-byte C1 control is shown as the 8 units "<U+0085>" */
    WCHAR *out = malloc((4 * total + 2) * sizeof(WCHAR));
    if (!out)
        return;
    size_t len = 0;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        size_t keep = n && line[n - 1] == '\r' ? n - 1 : n;
        char *one = malloc(keep + 1);
        if (!one)
            break;
        memcpy(one, line, keep);
        one[keep] = 0;
        WCHAR *wl = bfgui_wide(one);
        free(one);
        if (!wl)
            break;
        size_t wn = wcslen(wl);     /* <= 4 units per byte of the line (see the allocation) */
        memcpy(out + len, wl, wn * sizeof(WCHAR));
        len += wn;
        free(wl);
        if (end) {
            out[len++] = L'\r';
            out[len++] = L'\n';
        }
        line = end ? end + 1 : line + n;
    }
    out[len] = 0;
    SetWindowTextW(edit, out);
    free(out);
}

void bfgui_set_edit_text(HWND edit, const WCHAR *text)
{
    const WCHAR *t = text ? text : L"";
    size_t len = wcslen(t);
    WCHAR *out = malloc((2 * len + 1) * sizeof(WCHAR));     /* every unit a LF at most: doubled */
    if (!out)
        return;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (t[i] == L'\n' && (i == 0 || t[i - 1] != L'\r'))
            out[n++] = L'\r';
        out[n++] = t[i];
    }
    out[n] = 0;
    SetWindowTextW(edit, out);
    free(out);
}

int bfgui_message_box(HWND owner, const WCHAR *text, UINT flags)
{
    HINSTANCE hinst = GetModuleHandleW(NULL);
    WCHAR *caption = bfgui_load_string(hinst, IDS_APP_NAME);
    int rc = MessageBoxW(owner, text ? text : L"", caption ? caption : L"bindfix", flags);
    free(caption);
    return rc;
}

void bfgui_announce(HWND ctl, const WCHAR *text)
{
    bfsys_announce_api api;
    bfsys_announce_api_init(&api);
    (void)bfsys_announce(&api, ctl, text);
}

void bfgui_set_status(HWND ctl, const WCHAR *text)
{
    if (!ctl)
        return;
    if (!text)
        text = L"";
    /* a read-only edit (the Fix dialog's result line, reachable by Tab) breaks lines at CRLF only */
    WCHAR cls[16] = L"";
    WCHAR *crlf = NULL;
    if (GetClassNameW(ctl, cls, BF_COUNTOF(cls)) && _wcsicmp(cls, L"Edit") == 0 && wcschr(text, L'\n')) {
        size_t n = 0;
        for (const WCHAR *p = text; *p; p++)
            n += *p == L'\n' ? 2 : 1;
        crlf = malloc((n + 1) * sizeof *crlf);
        if (crlf) {
            WCHAR *o = crlf;
            for (const WCHAR *p = text; *p; p++) {
                if (*p == L'\n' && (p == text || p[-1] != L'\r'))
                    *o++ = L'\r';
                *o++ = *p;
            }
            *o = 0;
        }
    }
    const WCHAR *shown = crlf ? crlf : text;
    WCHAR now[1024];
    now[0] = 0;
    int len = GetWindowTextLengthW(ctl);
    /* the same text again (a page shown twice) is not news */
    if (len < (int)BF_COUNTOF(now) && GetWindowTextW(ctl, now, BF_COUNTOF(now)) >= 0 && wcscmp(now, shown) == 0) {
        free(crlf);
        return;
    }
    SetWindowTextW(ctl, shown);
    bfgui_announce(ctl, text);
    free(crlf);
}
