/*
 * opendlg.c - File > Open snapshot...: the open dialog, shown on a worker thread of its own (owned by
 * the console, which it disables meanwhile) so that the console keeps answering while the dialog is
 * created; the chosen path is posted back as WM_BF_OPEN_CHOSEN. Nothing is posted when cancelled.
 */
#include "gui.h"

#include <commdlg.h>
#include <stdlib.h>

typedef struct open_job {
    HINSTANCE hinst;
    HWND owner;
} open_job;

static unsigned __stdcall open_thread(void *param)
{
    open_job *job = param;
    HRESULT com = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
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

DWORD bfgui_ask_open_snapshot(HINSTANCE hinst, HWND owner)
{
    open_job *job = malloc(sizeof *job);
    if (!job)
        return ERROR_NOT_ENOUGH_MEMORY;
    job->hinst = hinst;
    job->owner = owner;
    DWORD rc = bfgui_worker_start(open_thread, job, NULL);
    if (rc != ERROR_SUCCESS)
        free(job);
    return rc;
}
