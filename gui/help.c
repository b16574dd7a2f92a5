/*
 * help.c - F1 and the Help buttons: the context topic of bindfix.chm through HtmlHelpW. hhctrl.ocx is
 * loaded at run time so that bindfix starts (and says why help is missing) where it is not installed.
 */
#include "gui.h"

#include "helptopics.h"

#include <stdio.h>
#include <stdlib.h>

typedef HWND(WINAPI *html_help_fn)(HWND, LPCWSTR, UINT, DWORD_PTR);
#define BF_HH_DISPLAY_TOPIC 0x0000

void bfgui_help_open(HINSTANCE hinst, HWND owner, const WCHAR *topic)
{
    WCHAR path[MAX_PATH + 128];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    WCHAR *slash = n && n < MAX_PATH ? wcsrchr(path, L'\\') : NULL;
    HWND shown = NULL;
    if (slash) {
        slash[1] = L'\0';
        wcscat(path, BF_HELP_FILE);
        if (GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES) {
            HMODULE hh = LoadLibraryW(L"hhctrl.ocx");
            html_help_fn fn = hh ? (html_help_fn)(void (*)(void))GetProcAddress(hh, "HtmlHelpW") : NULL;
            if (fn) {
                WCHAR url[MAX_PATH + 256];
                _snwprintf(url, BF_COUNTOF(url), L"%ls::/%ls", path, topic ? topic : BF_HELP_INDEX);
                url[BF_COUNTOF(url) - 1] = 0;
                shown = fn(owner, url, BF_HH_DISPLAY_TOPIC, 0);
            }
            /* hhctrl stays loaded: its window lives on after this call */
        }
    }
    if (!shown) {
        DWORD_PTR args[1] = {(DWORD_PTR)(slash ? path : BF_HELP_FILE)};
        WCHAR *text = bfgui_format(hinst, IDS_HELP_MISSING, args, 1);
        bfgui_message_box(owner, text ? text : BF_HELP_FILE, MB_OK | MB_ICONINFORMATION);
        free(text);
    }
}
