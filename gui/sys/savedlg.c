/*
 * savedlg.c - asking for the file to save to: the Common Item Dialog (CLSID_FileSaveDialog, Vista on)
 * where it can be created, else the older GetSaveFileNameW dialog (XP and Server 2003 have no
 * FileSaveDialog class; a server with a broken shell registration neither). Before, a failed
 * CoCreateInstance read as "cancelled" and Export silently did nothing.
 *
 * Both dialogs sit behind bfsys_save_dialogs so that tests/rules/rule_legacy.c can make the item
 * dialog unavailable and watch the fallback (the GUI passes NULL: the real ones). GetSaveFileNameW and
 * CommDlgExtendedError are resolved at run time: this layer is linked into bindfix-cli.exe too, which
 * has no reason to import comdlg32.
 */
#define COBJMACROS
#include "sys.h"

#include <commdlg.h>
#include <cderr.h>
#include <shobjidl.h>
#include <stdlib.h>
#include <string.h>

static HRESULT create_item_dialog(IFileSaveDialog **out)
{
    return CoCreateInstance(&CLSID_FileSaveDialog, NULL, CLSCTX_INPROC_SERVER, &IID_IFileSaveDialog, (void **)out);
}

static BOOL WINAPI real_get_save_file_name(OPENFILENAMEW *ofn)
{
    typedef BOOL(WINAPI * fn_t)(OPENFILENAMEW *);
    fn_t fn = (fn_t)(void (*)(void))bfsys_proc(L"comdlg32.dll", "GetSaveFileNameW");
    if (!fn) {
        SetLastError(ERROR_PROC_NOT_FOUND);
        return FALSE;
    }
    return fn(ofn);
}

static DWORD WINAPI real_comm_dlg_extended_error(void)
{
    typedef DWORD(WINAPI * fn_t)(void);
    fn_t fn = (fn_t)(void (*)(void))bfsys_proc(L"comdlg32.dll", "CommDlgExtendedError");
    return fn ? fn() : CDERR_INITIALIZATION;
}

/* The item dialog. S_OK with *path, HRESULT_FROM_WIN32(ERROR_CANCELLED) when cancelled, another failure
 * when the dialog could not be created or shown (then the caller falls back). */
static HRESULT ask_item(const bfsys_save_dialogs *d, const bfsys_save_ask *ask, WCHAR **path, int *type_index)
{
    IFileSaveDialog *dlg = NULL;
    COMDLG_FILTERSPEC filters[8];
    int n = ask->ntypes < 8 ? ask->ntypes : 8;
    HRESULT hr = (d->make_item ? d->make_item : create_item_dialog)(&dlg);
    if (FAILED(hr))
        return hr;
    if (!dlg)
        return E_POINTER;
    for (int i = 0; i < n; i++) {
        filters[i].pszName = ask->names[i] ? ask->names[i] : L"";
        filters[i].pszSpec = ask->specs[i];
    }
    IFileSaveDialog_SetFileTypes(dlg, (UINT)n, filters);
    IFileSaveDialog_SetFileTypeIndex(dlg, 1);
    IFileSaveDialog_SetDefaultExtension(dlg, ask->exts[0]);
    if (ask->title)
        IFileSaveDialog_SetTitle(dlg, ask->title);
    DWORD opts = 0;
    IFileSaveDialog_GetOptions(dlg, &opts);
    IFileSaveDialog_SetOptions(dlg, opts | FOS_OVERWRITEPROMPT | FOS_FORCEFILESYSTEM | FOS_PATHMUSTEXIST);
    hr = IFileSaveDialog_Show(dlg, ask->owner);
    if (SUCCEEDED(hr)) {
        IShellItem *item = NULL;
        UINT idx = 1;
        IFileSaveDialog_GetFileTypeIndex(dlg, &idx);
        *type_index = idx >= 1 && (int)idx <= n ? (int)idx - 1 : 0;
        hr = IFileSaveDialog_GetResult(dlg, &item);
        if (SUCCEEDED(hr)) {
            WCHAR *p = NULL;
            hr = IShellItem_GetDisplayName(item, SIGDN_FILESYSPATH, &p);
            if (SUCCEEDED(hr)) {
                *path = _wcsdup(p);
                CoTaskMemFree(p);
                hr = *path ? S_OK : E_OUTOFMEMORY;
            }
            IShellItem_Release(item);
        }
    }
    IFileSaveDialog_Release(dlg);
    return hr;
}

WCHAR *bfsys_save_filter(const WCHAR *const *names, const WCHAR *const *specs, int n)
{
    /* "name\0pattern\0" per type, and one more NUL (OPENFILENAME, lpstrFilter) */
    size_t cch = 1;
    for (int i = 0; i < n; i++)
        cch += wcslen(names[i] ? names[i] : L"") + 1 + wcslen(specs[i]) + 1;
    WCHAR *out = malloc(cch * sizeof(WCHAR)), *p = out;
    if (!out)
        return NULL;
    for (int i = 0; i < n; i++) {
        size_t a = wcslen(names[i] ? names[i] : L"") + 1, b = wcslen(specs[i]) + 1;
        memcpy(p, names[i] ? names[i] : L"", a * sizeof(WCHAR));
        p += a;
        memcpy(p, specs[i], b * sizeof(WCHAR));
        p += b;
    }
    *p = 0;
    return out;
}

/* GetSaveFileNameW (XP on). */
static DWORD ask_legacy(const bfsys_save_dialogs *d, const bfsys_save_ask *ask, WCHAR **path, int *type_index)
{
    WCHAR *filter = bfsys_save_filter(ask->names, ask->specs, ask->ntypes);
    WCHAR *file = calloc(32768, sizeof(WCHAR));     /* the longest path the dialog can return */
    OPENFILENAMEW ofn;
    DWORD rc = ERROR_SUCCESS;
    if (!filter || !file) {
        free(filter);
        free(file);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    ZeroMemory(&ofn, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = ask->owner;
    ofn.lpstrFilter = filter;
    ofn.nFilterIndex = 1;
    ofn.lpstrFile = file;
    ofn.nMaxFile = 32768;
    ofn.lpstrTitle = ask->title;
    ofn.lpstrDefExt = ask->exts[0];
    ofn.Flags = OFN_EXPLORER | OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY | OFN_NOCHANGEDIR;
    if ((d->get_save_file_name ? d->get_save_file_name : real_get_save_file_name)(&ofn)) {
        *type_index = ofn.nFilterIndex >= 1 && (int)ofn.nFilterIndex <= ask->ntypes ? (int)ofn.nFilterIndex - 1 : 0;
        *path = _wcsdup(file);
        rc = *path ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    } else {
        /* CommDlgExtendedError: 0 means the user cancelled (GetSaveFileNameW, Return value) */
        DWORD ext = (d->extended_error ? d->extended_error : real_comm_dlg_extended_error)();
        rc = ext == 0 ? ERROR_CANCELLED : ERROR_INVALID_FUNCTION;
        if (ext)
            SetLastError(ext);
    }
    free(filter);
    free(file);
    return rc;
}

DWORD bfsys_ask_save_path(const bfsys_save_dialogs *dialogs, const bfsys_save_ask *ask, WCHAR **path, int *type_index)
{
    static const bfsys_save_dialogs real = {NULL, NULL, NULL};
    const bfsys_save_dialogs *d = dialogs ? dialogs : &real;
    *path = NULL;
    *type_index = 0;
    if (ask->ntypes < 1)
        return ERROR_INVALID_PARAMETER;
    HRESULT hr = ask_item(d, ask, path, type_index);
    if (SUCCEEDED(hr))
        return ERROR_SUCCESS;
    if (hr == HRESULT_FROM_WIN32(ERROR_CANCELLED))
        return ERROR_CANCELLED;
    /* the item dialog could not be created or shown (REGDB_E_CLASSNOTREG on XP/2003): the old one */
    return ask_legacy(d, ask, path, type_index);
}
