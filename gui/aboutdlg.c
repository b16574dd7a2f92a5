/*
 * aboutdlg.c - Help > About: name, version and what the program is for (IDD_ABOUT).
 */
#include "gui.h"

#include <stdlib.h>

#include "version.h"

static INT_PTR OnAboutInit(HWND dlg)
{
    HINSTANCE hinst = (HINSTANCE)GetWindowLongPtrW(dlg, GWLP_HINSTANCE);
    /* Version and copyright from version.h, the same source as the version resource. */
    WCHAR *version = bfgui_wide(BF_VER_STRING);
    WCHAR *copyright = bfgui_wide(BF_COPYRIGHT);
    if (version && copyright) {
        DWORD_PTR args[2] = {(DWORD_PTR)version, (DWORD_PTR)copyright};
        WCHAR *text = bfgui_format(hinst, IDS_ABOUT_TEXT, args, 2);
        if (text)
            SetDlgItemTextW(dlg, IDC_ABOUT_TEXT, text);
        free(text);
    }
    free(version);
    free(copyright);
    return TRUE;    /* focus to the OK button */
}

static INT_PTR CALLBACK about_dlg_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    (void)lp;
    switch (msg) {
    case WM_INITDIALOG:
        return OnAboutInit(dlg);
    case WM_COMMAND:
        if (LOWORD(wp) == IDOK || LOWORD(wp) == IDCANCEL) {
            EndDialog(dlg, LOWORD(wp));
            return TRUE;
        }
        return FALSE;
    default:
        return FALSE;
    }
}

void bfgui_show_about(HINSTANCE hinst, HWND owner)
{
    DialogBoxParamW(hinst, MAKEINTRESOURCEW(IDD_ABOUT), owner, about_dlg_proc, 0);
}
