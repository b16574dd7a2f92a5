/*
 * opendlg.c - File > Open snapshot...: the open dialog, shown on a worker thread of its own (owned by
 * the console, which it disables meanwhile) so that the console keeps answering while the dialog is
 * created; the chosen path is posted back as WM_BF_OPEN_CHOSEN. Nothing is posted when cancelled.
 * File > Open fleet... is the same for a folder: the shell's folder browser (SHBrowseForFolderW, which
 * Windows XP and Server 2003 have), posted back as WM_BF_FLEET_CHOSEN.
 */
#include "gui.h"

#include <commdlg.h>
#include <shlobj.h>
#include <stdlib.h>

typedef struct open_job {
    HINSTANCE hinst;
    HWND owner;
    bool folder;            /* File > Open fleet: a folder */
} open_job;

/* The folder browser; true with the folder in path (MAX_PATH characters: SHGetPathFromIDListW's). */
static bool choose_folder(const open_job *job, WCHAR path[MAX_PATH])
{
    WCHAR *title = bfgui_load_string(job->hinst, IDS_FLEET_PICK_TITLE);
    BROWSEINFOW bi;
    ZeroMemory(&bi, sizeof bi);
    bi.hwndOwner = job->owner;
    bi.lpszTitle = title;
    /* the new dialog style (resizable, with an edit box) needs COM, which the thread has */
    bi.ulFlags = BIF_RETURNONLYFSDIRS | BIF_NEWDIALOGSTYLE | BIF_EDITBOX;
    PIDLIST_ABSOLUTE pidl = SHBrowseForFolderW(&bi);
    bool ok = pidl && SHGetPathFromIDListW(pidl, path);
    CoTaskMemFree(pidl);
    free(title);
    return ok;
}

static unsigned __stdcall open_thread(void *param)
{
    open_job *job = param;
    HRESULT com = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    if (job->folder) {
        WCHAR dir[MAX_PATH] = L"";
        bool chosen = choose_folder(job, dir);
        if (SUCCEEDED(com))
            CoUninitialize();
        WCHAR *path = chosen ? _wcsdup(dir) : NULL;
        if (path && !PostMessageW(job->owner, WM_BF_FLEET_CHOSEN, 0, (LPARAM)path))
            free(path);
        free(job);
        return 0;
    }
    WCHAR *filter = bfgui_load_filter(job->hinst, IDS_OPEN_FILTER);
    WCHAR *title = bfgui_load_string(job->hinst, IDS_OPEN_TITLE);
    WCHAR file[4096] = L"";
    OPENFILENAMEW ofn;
    ZeroMemory(&ofn, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = job->owner;
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = file;
    ofn.nMaxFile = (DWORD)BF_COUNTOF(file);
    ofn.lpstrTitle = title;
    ofn.Flags = OFN_EXPLORER | OFN_FILEMUSTEXIST | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY;
    BOOL chosen = GetOpenFileNameW(&ofn);
    free(filter);
    free(title);
    if (SUCCEEDED(com))
        CoUninitialize();
    if (chosen) {
        WCHAR *path = _wcsdup(file);
        if (path && !PostMessageW(job->owner, WM_BF_OPEN_CHOSEN, 0, (LPARAM)path))
            free(path);
    }
    free(job);
    return 0;
}

static DWORD ask(HINSTANCE hinst, HWND owner, bool folder)
{
    open_job *job = malloc(sizeof *job);
    if (!job)
        return ERROR_NOT_ENOUGH_MEMORY;
    job->hinst = hinst;
    job->owner = owner;
    job->folder = folder;
    DWORD rc = bfgui_worker_start(open_thread, job, NULL);
    if (rc != ERROR_SUCCESS)
        free(job);
    return rc;
}

DWORD bfgui_ask_open_snapshot(HINSTANCE hinst, HWND owner)
{
    return ask(hinst, owner, false);
}

DWORD bfgui_ask_open_fleet(HINSTANCE hinst, HWND owner)
{
    return ask(hinst, owner, true);
}
