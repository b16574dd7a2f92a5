/*
 * elevation.c - administrator rights: whether this process has them, the UAC shield on the buttons
 * that need them, and starting bindfix again (elevated, or as the wizard) on the same source.
 */
#include "gui.h"

#include <shellapi.h>
#include <shlobj.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

bool bfgui_is_elevated(void)
{
    HANDLE token;
    TOKEN_ELEVATION el;
    DWORD got = 0;
    bool elevated = false;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    if (GetTokenInformation(token, TokenElevation, &el, sizeof el, &got))
        elevated = el.TokenIsElevated != 0;
    else
        /* before Vista there is no elevation: an administrator has the rights already */
        elevated = IsUserAnAdmin() != FALSE;
    CloseHandle(token);
    return elevated;
}

void bfgui_mark_shield(HWND button)
{
    SendMessageW(button, BCM_SETSHIELD, 0, bfgui_is_elevated() ? FALSE : TRUE);
}

void bfgui_shield_words(HINSTANCE hinst, HWND button, HWND tip)
{
    if (bfgui_is_elevated())
        return;     /* no shield, nothing to say */
    WCHAR *text = bfgui_load_string(hinst, IDS_ACT_NEEDS_ADMIN);
    if (!text)
        return;
    /* a screen reader: the button's description, read after its name ("Fix..., button, Needs
     * administrator rights..."); where oleacc lacks Dynamic Annotation the tooltip is what is left */
    bfsys_acc_describe(button, text);
    if (tip) {
        TOOLINFOW ti;
        ZeroMemory(&ti, sizeof ti);
        ti.cbSize = sizeof ti;
        ti.uFlags = TTF_IDISHWND | TTF_SUBCLASS;
        ti.hwnd = GetParent(button);
        ti.uId = (UINT_PTR)button;
        ti.lpszText = text;
        SendMessageW(tip, TTM_ADDTOOLW, 0, (LPARAM)&ti);
    }
    free(text);
}

/* Quoted as CommandLineToArgvW reads it back: a path never holds '"', and a backslash before the
 * closing quote is doubled so that it does not escape it. */
static bool append_quoted(WCHAR *out, size_t cap, size_t *used, const WCHAR *option, const WCHAR *path)
{
    size_t n = wcslen(path);
    bool trailing = n && path[n - 1] == L'\\';
    int w = _snwprintf(out + *used, cap - *used, L"%ls%ls \"%ls%ls\"", *used ? L" " : L"", option, path,
                       trailing ? L"\\" : L"");
    if (w < 0 || (size_t)w >= cap - *used || wcschr(path, L'"'))
        return false;
    *used += (size_t)w;
    return true;
}

/* The command-line options that name the same source ("/demo", "/snapshot \"F\"", "/catalogue \"F\"");
 * false when they do not fit in cap. */
static bool source_args(const bf_gui_source *src, WCHAR *out, size_t cap)
{
    size_t used = 0;
    if (!cap)
        return false;
    out[0] = 0;
    if (src->kind == BF_SOURCE_DEMO) {
        if (cap < 6)
            return false;
        wcscpy(out, L"/demo");
        used = 5;
    } else if (src->kind == BF_SOURCE_FILE && !append_quoted(out, cap, &used, L"/snapshot", src->snapshot ? src->snapshot : L"")) {
        return false;
    }
    if (src->catalogue && !append_quoted(out, cap, &used, L"/catalogue", src->catalogue))
        return false;
    /* the administrator's choice to use such files goes with the elevated copy, which checks them */
    if (src->trust_files) {
        if (used + 13 >= cap)
            return false;
        wcscpy(out + used, used ? L" /trust-file" : L"/trust-file");
    }
    return true;
}

/* Each path as the new process will see it: an elevated one does not see this user's mapped drive
 * letters and starts in another folder, so paths are made absolute and mapped drives UNC
 * (bfsys_path_for_elevated). Unchanged for a process started at the same level. */
static WCHAR *path_for(const WCHAR *path, bool elevated)
{
    return !path ? NULL : elevated ? bfsys_path_for_elevated(path, NULL) : _wcsdup(path);
}

DWORD bfgui_relaunch(HWND owner, const WCHAR *verb, const bf_gui_source *src, bool elevated)
{
    WCHAR self[MAX_PATH], args[3 * MAX_PATH + 64];
    /* its own path from the loader (GetModuleFileNameW), never argv[0] or the working directory */
    DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return n ? ERROR_INSUFFICIENT_BUFFER : GetLastError();
    bf_gui_source mapped = *src;
    WCHAR *exe = path_for(self, elevated);
    WCHAR *snapshot = path_for(src->snapshot, elevated), *catalogue = path_for(src->catalogue, elevated);
    if (!exe || (src->snapshot && !snapshot) || (src->catalogue && !catalogue)) {
        free(exe);
        free(snapshot);
        free(catalogue);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    mapped.snapshot = snapshot;
    mapped.catalogue = catalogue;
    int w = _snwprintf(args, BF_COUNTOF(args), L"%ls ", verb);
    bool fits = w >= 0 && (size_t)w < BF_COUNTOF(args) && source_args(&mapped, args + w, BF_COUNTOF(args) - (size_t)w);
    free(snapshot);
    free(catalogue);
    if (!fits) {
        free(exe);
        return ERROR_FILENAME_EXCED_RANGE;
    }
    SHELLEXECUTEINFOW sei;
    ZeroMemory(&sei, sizeof sei);
    sei.cbSize = sizeof sei;
    sei.fMask = SEE_MASK_NOASYNC;
    sei.hwnd = owner;
    sei.lpVerb = elevated ? L"runas" : NULL;
    sei.lpFile = exe;
    sei.lpParameters = args;
    sei.nShow = SW_SHOWNORMAL;
    DWORD rc = ShellExecuteExW(&sei) ? ERROR_SUCCESS : GetLastError();
    free(exe);
    return rc;
}
