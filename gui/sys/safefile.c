/* safefile.c - the one file writer of the product (sys.h: bfsys_write_file). Every file bindfix writes
 * (journal, last-journal.txt, report -o, snapshot -o, the console's and the wizard's exports, the hosts
 * file and its backups) goes through it, because bindfix runs elevated and the folder it writes into may
 * be one a standard user can write (issue 21: a link planted at a predictable temporary name made an
 * elevated `report -o` write through it, and the failure path's delete-by-path deleted through it).
 *
 * The documented rules it follows (Microsoft: "CreateFileW", "GetFileType", "FILE_RENAME_INFO",
 * "FILE_DISPOSITION_INFO", "ReplaceFileW", "Naming Files, Paths, and Namespaces"):
 *   - the temporary file beside the target gets an unpredictable name (RtlGenRandom, 128 bits), is made
 *     with CREATE_NEW (an existing name, link or not, is never opened) and FILE_FLAG_OPEN_REPARSE_POINT
 *     (a reparse point is never followed);
 *   - its handle must be an ordinary disk file (GetFileType == FILE_TYPE_DISK, not a directory, not a
 *     reparse point, one link) in the intended folder (GetFinalPathNameByHandleW, where it exists);
 *   - a device name as the output (COM1, NUL, CON, LPT1, also with an extension) is refused by name before
 *     anything is opened, and an existing target must be a disk file too;
 *   - the data is written and flushed (FlushFileBuffers) before the rename;
 *   - rename and delete go through the open handle (SetFileInformationByHandle FileRenameInfo /
 *     FileDispositionInfo; NtSetInformationFile where SetFileInformationByHandle is missing, XP and
 *     Server 2003, resolved at run time), never by path;
 *   - keep_target (the hosts file): the existing file is replaced with ReplaceFileW, which keeps its ACL,
 *     attributes and streams. ReplaceFileW takes the temporary file by name (it has no handle form) and
 *     opens it without sharing, so no handle of ours can pin the name across the call. The temporary
 *     file is made with every check above; the writer keeps an attribute-only handle on it across the
 *     call (ReOpenFile: such a handle does not take part in sharing); immediately before the call it
 *     opens the name again (FILE_FLAG_OPEN_REPARSE_POINT, attribute-only) and requires an ordinary disk
 *     file in the folder with the volume serial and file index it had when made (temp_still_mine), else
 *     nothing is replaced; afterwards it checks that the file now at the target is that file. On
 *     failure the temporary file is deleted through the kept handle reopened for DELETE, not by name.
 *     The window left: between that check and ReplaceFileW's own open (no call in between), someone
 *     who may create files in the folder could exchange the name again; the check after the call then
 *     reports it, but the target has been replaced. The hosts file's folder (System32\drivers\etc,
 *     or where DataBasePath points) lets only administrators and SYSTEM create files, and they could
 *     replace the hosts file directly: the window gives no one a right they lack. A DataBasePath
 *     folder that others may write is announced in the preview (bfsys_write_notes).
 *     A read-only target: ReplaceFileW needs write access to the replaced file, so the attribute is
 *     cleared through a handle and set back after the replace, in the same call (one journaled step that
 *     records and restores the attributes: the step's undo is the same call with the old bytes, which
 *     keeps the attributes the same way). The preview says so (bfsys_write_notes).
 *     Wine 8's ReplaceFileW gives the file the temporary file's Unix mode, that is a different security
 *     descriptor; the writer reads the DACL before and puts it back when it differs afterwards, which on
 *     Windows (where ReplaceFileW keeps it) does nothing.
 */
#include "sys.h"

#include <aclapi.h>
#include <sddl.h>
#include <ntsecapi.h>   /* RtlGenRandom (advapi32 SystemFunction036, Windows XP and later) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* NtSetInformationFile's classes and status (ntifs.h; not in mingw's winternl.h) */
#define BF_FILE_RENAME_INFORMATION 10
#define BF_FILE_DISPOSITION_INFORMATION 13
#define BF_FILE_BASIC_INFORMATION 4

typedef struct {
    union {
        LONG Status;
        PVOID Pointer;
    } u;
    ULONG_PTR Information;
} bf_iosb;

typedef LONG(NTAPI *nt_set_info_fn)(HANDLE, bf_iosb *, PVOID, ULONG, int);
typedef ULONG(NTAPI *rtl_nt_status_to_dos_fn)(LONG);
typedef ULONG(NTAPI *rtl_is_dos_device_fn)(PCWSTR);
typedef BOOL(WINAPI *set_file_info_fn)(HANDLE, FILE_INFO_BY_HANDLE_CLASS, LPVOID, DWORD);
typedef DWORD(WINAPI *get_final_path_fn)(HANDLE, LPWSTR, DWORD, DWORD);
typedef HANDLE(WINAPI *reopen_file_fn)(HANDLE, DWORD, DWORD, DWORD);

/* The functions newer than the oldest supported Windows, resolved at run time (kernel32 and ntdll are
 * always loaded; GetModuleHandleW does not load anything). */
typedef struct {
    set_file_info_fn set_info;      /* Vista+ */
    get_final_path_fn final_path;   /* Vista+ */
    reopen_file_fn reopen;          /* Vista+ */
    nt_set_info_fn nt_set_info;     /* every NT */
    rtl_nt_status_to_dos_fn nt_to_dos;
    rtl_is_dos_device_fn is_dos_device;
} file_api;

static void api_resolve(file_api *a, bool nt_calls)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll"), nt = GetModuleHandleW(L"ntdll.dll");
    memset(a, 0, sizeof *a);
    if (k32) {
        if (!nt_calls)
            a->set_info = (set_file_info_fn)(void (*)(void))GetProcAddress(k32, "SetFileInformationByHandle");
        a->final_path = (get_final_path_fn)(void (*)(void))GetProcAddress(k32, "GetFinalPathNameByHandleW");
        a->reopen = (reopen_file_fn)(void (*)(void))GetProcAddress(k32, "ReOpenFile");
    }
    if (nt) {
        a->nt_set_info = (nt_set_info_fn)(void (*)(void))GetProcAddress(nt, "NtSetInformationFile");
        a->nt_to_dos = (rtl_nt_status_to_dos_fn)(void (*)(void))GetProcAddress(nt, "RtlNtStatusToDosError");
        a->is_dos_device = (rtl_is_dos_device_fn)(void (*)(void))GetProcAddress(nt, "RtlIsDosDeviceName_U");
    }
}

/* SetFileInformationByHandle where it exists, else NtSetInformationFile with the NT class (the layouts
 * of FILE_RENAME_INFO / FILE_DISPOSITION_INFO / FILE_BASIC_INFO are those of the NT structures). */
static DWORD set_info(const file_api *a, HANDLE h, FILE_INFO_BY_HANDLE_CLASS cls, void *buf, DWORD size)
{
    bf_iosb io;
    LONG st;
    int nt_cls;
    if (a->set_info)
        return a->set_info(h, cls, buf, size) ? ERROR_SUCCESS : GetLastError();
    if (!a->nt_set_info)
        return ERROR_PROC_NOT_FOUND;
    nt_cls = cls == FileRenameInfo ? BF_FILE_RENAME_INFORMATION
             : cls == FileDispositionInfo ? BF_FILE_DISPOSITION_INFORMATION
                                           : BF_FILE_BASIC_INFORMATION;
    memset(&io, 0, sizeof io);
    st = a->nt_set_info(h, &io, buf, size, nt_cls);
    if (st >= 0)
        return ERROR_SUCCESS;
    return a->nt_to_dos ? a->nt_to_dos(st) : ERROR_GEN_FAILURE;
}

static DWORD delete_by_handle(const file_api *a, HANDLE h)
{
    FILE_DISPOSITION_INFO d;
    d.DeleteFile = TRUE;
    return set_info(a, h, FileDispositionInfo, &d, sizeof d);
}

/* The NT form of a full Win32 path ("\??\C:\dir\f", "\??\UNC\srv\share\f"): NtSetInformationFile needs
 * it, and SetFileInformationByHandle accepts it too, so one form serves both. malloc'd. */
static WCHAR *nt_path(const WCHAR *full)
{
    size_t n = wcslen(full);
    WCHAR *out = malloc((n + 16) * sizeof(WCHAR));
    if (!out)
        return NULL;
    if (wcsncmp(full, L"\\\\?\\", 4) == 0)
        swprintf(out, n + 16, L"\\??\\%ls", full + 4);
    else if (wcsncmp(full, L"\\\\", 2) == 0)
        swprintf(out, n + 16, L"\\??\\UNC\\%ls", full + 2);
    else
        swprintf(out, n + 16, L"\\??\\%ls", full);
    return out;
}

static DWORD rename_by_handle(const file_api *a, HANDLE h, const WCHAR *full_target)
{
    WCHAR *name = nt_path(full_target);
    size_t chars, size;
    FILE_RENAME_INFO *ri;
    DWORD rc;
    if (!name)
        return ERROR_NOT_ENOUGH_MEMORY;
    chars = wcslen(name);
    size = sizeof *ri + chars * sizeof(WCHAR);
    ri = calloc(1, size);
    if (!ri) {
        free(name);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    ri->ReplaceIfExists = TRUE;
    ri->RootDirectory = NULL;
    ri->FileNameLength = (DWORD)(chars * sizeof(WCHAR));
    memcpy(ri->FileName, name, chars * sizeof(WCHAR));
    rc = set_info(a, h, FileRenameInfo, ri, (DWORD)size);
    free(ri);
    free(name);
    return rc;
}

static DWORD set_attributes_by_handle(const file_api *a, HANDLE h, DWORD attrs)
{
    FILE_BASIC_INFO b;
    memset(&b, 0, sizeof b);    /* zero times: "do not change" */
    b.FileAttributes = attrs ? attrs : FILE_ATTRIBUTE_NORMAL;
    return set_info(a, h, FileBasicInfo, &b, sizeof b);
}

static bool default_random(void *ctx, BYTE *buf, ULONG n)
{
    (void)ctx;
    return RtlGenRandom(buf, n) != FALSE;
}

/* "dir\name.~bf<32 hex>.tmp" */
static bool temp_name(const bfsys_write_opts *o, const WCHAR *full, WCHAR *out, size_t cap)
{
    BYTE r[16];
    WCHAR hex[33];
    size_t i;
    bool ok = o && o->random ? o->random(o->random_ctx, r, sizeof r) : default_random(NULL, r, sizeof r);
    if (!ok)
        return false;
    for (i = 0; i < sizeof r; i++)
        swprintf(hex + 2 * i, 3, L"%02x", r[i]);
    return swprintf(out, cap, L"%ls.~bf%ls.tmp", full, hex) > 0;
}

/* Is h an ordinary file on a disk, not a directory, device, reparse point or a file with other names? */
static bool ordinary_disk_file(HANDLE h, BY_HANDLE_FILE_INFORMATION *fi)
{
    if (GetFileType(h) != FILE_TYPE_DISK)
        return false;
    if (!GetFileInformationByHandle(h, fi))
        return false;
    if (fi->dwFileAttributes & (FILE_ATTRIBUTE_DIRECTORY | FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DEVICE))
        return false;
    return fi->nNumberOfLinks <= 1;
}

/* Where the function exists: does the final path of h sit directly in the folder dir_final names? */
static bool in_folder(const file_api *a, HANDLE h, const WCHAR *dir_final)
{
    WCHAR buf[MAX_PATH * 4];
    DWORD n;
    size_t d;
    if (!a->final_path || !dir_final)
        return true;    /* XP/2003: CREATE_NEW and FILE_FLAG_OPEN_REPARSE_POINT alone */
    n = a->final_path(h, buf, (DWORD)BF_COUNTOF(buf), 0);
    if (n == 0 || n >= BF_COUNTOF(buf))
        return false;
    d = wcslen(dir_final);
    while (d > 0 && dir_final[d - 1] == L'\\')
        d--;
    return _wcsnicmp(buf, dir_final, d) == 0 && buf[d] == L'\\' && wcschr(buf + d + 1, L'\\') == NULL;
}

/* The final path of the folder (malloc'd), NULL where GetFinalPathNameByHandleW is missing. */
static WCHAR *folder_final(const file_api *a, const WCHAR *dir)
{
    HANDLE h;
    WCHAR *buf;
    DWORD n;
    if (!a->final_path)
        return NULL;
    h = CreateFileW(dir, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, NULL);
    if (h == INVALID_HANDLE_VALUE)
        return NULL;
    buf = malloc(MAX_PATH * 4 * sizeof(WCHAR));
    n = buf ? a->final_path(h, buf, MAX_PATH * 4, 0) : 0;
    CloseHandle(h);
    if (n == 0 || n >= MAX_PATH * 4) {
        free(buf);
        return NULL;
    }
    return buf;
}

static DWORD fail_path(bf_err *err, DWORD code, const char *path, const char *what)
{
    return bfsys_fail_code(err, code, path, what);
}

static bool same_file(const BY_HANDLE_FILE_INFORMATION *x, const BY_HANDLE_FILE_INFORMATION *y)
{
    return x->dwVolumeSerialNumber == y->dwVolumeSerialNumber && x->nFileIndexHigh == y->nFileIndexHigh &&
           x->nFileIndexLow == y->nFileIndexLow;
}

/* The DACL of h as a self-relative descriptor (malloc'd), NULL when it cannot be read. */
static PSECURITY_DESCRIPTOR read_dacl(HANDLE h)
{
    DWORD need = 0;
    PSECURITY_DESCRIPTOR sd;
    GetKernelObjectSecurity(h, DACL_SECURITY_INFORMATION, NULL, 0, &need);
    if (need == 0 || !(sd = malloc(need)))
        return NULL;
    if (!GetKernelObjectSecurity(h, DACL_SECURITY_INFORMATION, sd, need, &need)) {
        free(sd);
        return NULL;
    }
    return sd;
}

static bool same_dacl(PSECURITY_DESCRIPTOR a, PSECURITY_DESCRIPTOR b)
{
    BOOL pa = FALSE, pb = FALSE, da = FALSE, db = FALSE;
    PACL x = NULL, y = NULL;
    SECURITY_DESCRIPTOR_CONTROL ca = 0, cb = 0;
    DWORD rev;
    if (!GetSecurityDescriptorDacl(a, &pa, &x, &da) || !GetSecurityDescriptorDacl(b, &pb, &y, &db))
        return false;
    GetSecurityDescriptorControl(a, &ca, &rev);
    GetSecurityDescriptorControl(b, &cb, &rev);
    if (pa != pb || (ca & SE_DACL_PROTECTED) != (cb & SE_DACL_PROTECTED))
        return false;
    if (!x || !y)
        return x == y;
    return x->AclSize == y->AclSize && memcmp(x, y, x->AclSize) == 0;
}

/* Is the file named tmp (opened without following a link, attribute-only so it takes no part in sharing)
 * an ordinary disk file with mine's volume serial and file index, and in mine's folder? */
static bool temp_still_mine(const file_api *a, const WCHAR *tmp, const WCHAR *dir_final,
                            const BY_HANDLE_FILE_INFORMATION *mine)
{
    BY_HANDLE_FILE_INFORMATION now;
    bool same;
    HANDLE n = CreateFileW(tmp, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (n == INVALID_HANDLE_VALUE)
        return false;
    same = ordinary_disk_file(n, &now) && same_file(&now, mine) && in_folder(a, n, dir_final);
    CloseHandle(n);
    return same;
}

/* Replaces the existing target (keep_target) with the temporary file h (written and flushed) through
 * ReplaceFileW. Closes h. */
static DWORD replace_existing(const file_api *a, HANDLE h, const WCHAR *tmp, const WCHAR *dir_final, const WCHAR *full,
                              const char *path, const BY_HANDLE_FILE_INFORMATION *mine, const bfsys_write_opts *o,
                              bf_err *err)
{
    HANDLE watch = INVALID_HANDLE_VALUE, t;
    PSECURITY_DESCRIPTOR dacl_before = NULL;
    DWORD attrs, code = ERROR_SUCCESS;
    bool cleared = false;

    /* the target's attributes and DACL, through a handle on the target itself (not a link's target) */
    t = CreateFileW(full, FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | READ_CONTROL,
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (t == INVALID_HANDLE_VALUE) {
        code = GetLastError();
        delete_by_handle(a, h);
        CloseHandle(h);
        return fail_path(err, code, path, "cannot open the file to replace it");
    }
    {
        BY_HANDLE_FILE_INFORMATION fi;
        if (!GetFileInformationByHandle(t, &fi)) {
            code = GetLastError();
            CloseHandle(t);
            delete_by_handle(a, h);
            CloseHandle(h);
            return fail_path(err, code, path, "cannot read the file's attributes");
        }
        attrs = fi.dwFileAttributes;
    }
    dacl_before = read_dacl(t);
    /* ReplaceFileW needs write access to the replaced file: a read-only one is cleared for the call and
     * set back afterwards (the preview says so) */
    if (attrs & FILE_ATTRIBUTE_READONLY) {
        code = set_attributes_by_handle(a, t, attrs & ~(DWORD)FILE_ATTRIBUTE_READONLY);
        if (code != ERROR_SUCCESS) {
            CloseHandle(t);
            free(dacl_before);
            delete_by_handle(a, h);
            CloseHandle(h);
            return fail_path(err, code, path, "cannot clear the file's read-only attribute");
        }
        cleared = true;
    }
    CloseHandle(t);

    /* an attribute-only handle on the temporary file survives the replace without taking part in sharing */
    if (a->reopen)
        watch = a->reopen(h, FILE_READ_ATTRIBUTES | SYNCHRONIZE,
                          FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, FILE_FLAG_OPEN_REPARSE_POINT);
    CloseHandle(h);
    if (o->before_replace)
        o->before_replace(o->before_replace_ctx, tmp);
    /* ReplaceFileW opens the replacement by name, and it opens it without sharing, so no handle of ours
     * can stay open across the call to pin it. Immediately before the call, the file at that name must
     * still be the one written here: an ordinary disk file (not a link, not a device), directly in the
     * folder, with the volume serial and file index it had when made. A file put there instead (by
     * anyone who may write the folder) is refused before ReplaceFileW can move it over the target. */
    if (!temp_still_mine(a, tmp, dir_final, mine))
        code = ERROR_FILE_INVALID;
    else if (!ReplaceFileW(full, tmp, NULL, 0, NULL, NULL)) {
        code = GetLastError();
        if (code == ERROR_SUCCESS)
            code = ERROR_UNABLE_TO_REMOVE_REPLACED;   /* Wine 8 fails some replaces without an error code */
    } else if (watch != INVALID_HANDLE_VALUE) {
        /* the file at the target must be the one written here, not one put at the temporary name
         * between the close and the replace */
        BY_HANDLE_FILE_INFORMATION now_fi, watch_fi;
        HANDLE n = CreateFileW(full, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                               NULL, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, NULL);
        /* ReplaceFileW renames the replacement over the replaced file, so the file index is the one
         * the temporary file had (the watch handle's volume serial is not compared: Wine 8 reports 0
         * for a handle whose file another handle renamed) */
        bool same = n != INVALID_HANDLE_VALUE && GetFileInformationByHandle(n, &now_fi) &&
                    GetFileInformationByHandle(watch, &watch_fi) && same_file(&now_fi, mine) &&
                    watch_fi.nFileIndexHigh == mine->nFileIndexHigh && watch_fi.nFileIndexLow == mine->nFileIndexLow;
        if (n != INVALID_HANDLE_VALUE)
            CloseHandle(n);
        if (!same)
            code = ERROR_FILE_INVALID;
    }
    if (code != ERROR_SUCCESS && watch != INVALID_HANDLE_VALUE) {
        /* the temporary file, if it is still there, goes through a handle on the file written here */
        HANDLE d = a->reopen(watch, DELETE | SYNCHRONIZE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                             FILE_FLAG_OPEN_REPARSE_POINT);
        if (d != INVALID_HANDLE_VALUE) {
            /* only when the reopened handle is that file: Wine 8's ReOpenFile opens the handle's old name
             * again, which may now hold someone else's file (Windows reopens the same file object) */
            BY_HANDLE_FILE_INFORMATION dfi;
            if (GetFileInformationByHandle(d, &dfi) && dfi.nFileIndexHigh == mine->nFileIndexHigh &&
                dfi.nFileIndexLow == mine->nFileIndexLow)
                delete_by_handle(a, d);
            CloseHandle(d);
        }
    }
    if (watch != INVALID_HANDLE_VALUE)
        CloseHandle(watch);

    /* the target's DACL and attributes as they were (after a failure too: the read-only attribute
     * cleared above is set back) */
    t = CreateFileW(full, FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | READ_CONTROL | WRITE_DAC |
                              (o->durable && code == ERROR_SUCCESS ? GENERIC_WRITE : 0),
                    FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                    FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    if (t != INVALID_HANDLE_VALUE) {
        PSECURITY_DESCRIPTOR dacl_after = dacl_before ? read_dacl(t) : NULL;
        DWORD r2 = ERROR_SUCCESS;
        if (dacl_before && (!dacl_after || !same_dacl(dacl_before, dacl_after)) &&
            !SetKernelObjectSecurity(t, DACL_SECURITY_INFORMATION, dacl_before))
            r2 = GetLastError();
        free(dacl_after);
        /* the rename's metadata on disk with the file before the journal says "done" */
        if (r2 == ERROR_SUCCESS && code == ERROR_SUCCESS && o->durable && !FlushFileBuffers(t))
            r2 = GetLastError();
        if ((cleared || code == ERROR_SUCCESS) && r2 == ERROR_SUCCESS)
            r2 = set_attributes_by_handle(a, t, attrs);
        CloseHandle(t);
        if (code == ERROR_SUCCESS && r2 != ERROR_SUCCESS) {
            free(dacl_before);
            return fail_path(err, r2, path, "replaced the file but cannot put its attributes or permissions back");
        }
    } else if (code == ERROR_SUCCESS) {
        code = GetLastError();
        free(dacl_before);
        return fail_path(err, code, path, "replaced the file but cannot reopen it to put its attributes back");
    }
    free(dacl_before);
    if (code == ERROR_FILE_INVALID)
        return fail_path(err, code, path,
                         "the temporary file was exchanged before the replace (the folder is writable by others)");
    if (code == ERROR_SHARING_VIOLATION)
        return fail_path(err, code, path,
                         "cannot replace the file: another program holds it open without sharing (an editor, a "
                         "backup or antivirus agent)");
    if (code == ERROR_ACCESS_DENIED)
        return fail_path(err, code, path,
                         "cannot replace the file: its permissions do not let this account replace it, or "
                         "another program holds it open");
    if (code != ERROR_SUCCESS)
        return fail_path(err, code, path, "cannot replace the file");
    return ERROR_SUCCESS;
}

DWORD bfsys_write_file(const char *path, const char *data, size_t len, const bfsys_write_opts *opts, bf_err *err)
{
    static const bfsys_write_opts defaults = {true, false, NULL, NULL, NULL, false, NULL, NULL};
    const bfsys_write_opts *o = opts ? opts : &defaults;
    file_api a;
    WCHAR *wpath = bfsys_utf8_to_wide(path), *full = NULL, *tmp = NULL, *dir = NULL, *dir_final = NULL, *slash;
    DWORD n, code = ERROR_SUCCESS, put;
    HANDLE h = INVALID_HANDLE_VALUE;
    BY_HANDLE_FILE_INFORMATION mine;
    bool target_exists = false, target_readonly = false;
    const char *what = "cannot create the file";
    size_t done = 0, cap;
    int tries;

    api_resolve(&a, o->nt_calls);
    if (!wpath)
        return fail_path(err, ERROR_NOT_ENOUGH_MEMORY, path, "cannot write the file");
    n = GetFullPathNameW(wpath, 0, NULL, NULL);
    full = n ? malloc(((size_t)n + 1) * sizeof(WCHAR)) : NULL;
    if (!full || GetFullPathNameW(wpath, n + 1, full, NULL) == 0) {
        code = full ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
        free(full);
        free(wpath);
        return fail_path(err, code, path, "cannot resolve the path");
    }
    free(wpath);
    /* COM1, NUL, CON, LPT1 (with any folder or extension) name devices, not files: the output would go
     * to the device ("Naming Files, Paths, and Namespaces") */
    if (wcsncmp(full, L"\\\\.\\", 4) == 0 || (a.is_dos_device && a.is_dos_device(full) != 0)) {
        free(full);
        return fail_path(err, ERROR_INVALID_NAME, path,
                         "is a device name (such as CON, NUL, COM1 or LPT1), not a file: choose a file name");
    }
    slash = wcsrchr(full, L'\\');
    if (!slash || slash[1] == 0) {
        free(full);
        return fail_path(err, ERROR_INVALID_NAME, path, "is a folder, not a file name");
    }
    dir = malloc(((size_t)(slash - full) + 2) * sizeof(WCHAR));
    if (!dir) {
        free(full);
        return fail_path(err, ERROR_NOT_ENOUGH_MEMORY, path, "cannot write the file");
    }
    memcpy(dir, full, (size_t)(slash - full + 1) * sizeof(WCHAR));   /* with the backslash: "C:\" stays a root */
    dir[slash - full + 1] = 0;

    /* an existing target must be a disk file too (a device opened by another name, a folder) */
    {
        HANDLE t = CreateFileW(full, FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                               NULL, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, NULL);
        if (t != INVALID_HANDLE_VALUE) {
            BY_HANDLE_FILE_INFORMATION fi;
            bool disk = GetFileType(t) == FILE_TYPE_DISK && GetFileInformationByHandle(t, &fi);
            CloseHandle(t);
            if (!disk || (fi.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) {
                free(dir);
                free(full);
                return fail_path(err, ERROR_INVALID_NAME, path,
                                 !disk ? "is a device, not a file: choose a file name" : "is a folder, not a file");
            }
            /* a link at the target itself is replaced by the rename, never followed; ReplaceFileW would
             * follow it, so keep_target writes over a link only through the rename */
            target_exists = !(fi.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT);
            target_readonly = (fi.dwFileAttributes & FILE_ATTRIBUTE_READONLY) != 0;
        }
    }

    /* Windows' rename never replaces a read-only file (access denied; Wine's does): say so before
     * writing anything, the same on both; keep_target clears and restores the attribute instead */
    if (target_readonly && !o->keep_target) {
        free(dir);
        free(full);
        return fail_path(err, ERROR_ACCESS_DENIED, path,
                         "cannot replace the file: it is read-only (clear its read-only attribute, or choose another "
                         "name)");
    }
    dir_final = folder_final(&a, dir);
    cap = wcslen(full) + 48;
    tmp = malloc(cap * sizeof(WCHAR));
    if (!tmp) {
        code = ERROR_NOT_ENOUGH_MEMORY;
        goto fail;
    }
    /* an existing name (a file, a link, anything a user put there) is skipped, never opened */
    for (tries = 0; tries < 16; tries++) {
        if (!temp_name(o, full, tmp, cap)) {
            code = ERROR_GEN_FAILURE;
            goto fail;
        }
        h = CreateFileW(tmp, GENERIC_WRITE | DELETE | SYNCHRONIZE, 0, o->security, CREATE_NEW,
                        FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
        if (h != INVALID_HANDLE_VALUE)
            break;
        code = GetLastError();
        if (code != ERROR_FILE_EXISTS && code != ERROR_ALREADY_EXISTS)
            goto fail;
    }
    if (h == INVALID_HANDLE_VALUE)
        goto fail;
    if (!ordinary_disk_file(h, &mine) || !in_folder(&a, h, dir_final)) {
        /* not a file this call made: leave it alone (no delete), say so */
        CloseHandle(h);
        free(tmp);
        free(dir_final);
        free(dir);
        free(full);
        return fail_path(err, ERROR_INVALID_NAME, path,
                         "the temporary file is not an ordinary file in the folder (a device or a link): refused");
    }
    what = "cannot write the file";
    while (done < len) {
        DWORD want = (DWORD)((len - done) > 0x10000000 ? 0x10000000 : len - done);
        if (!WriteFile(h, data + done, want, &put, NULL) || put == 0) {
            code = GetLastError();
            if (code == ERROR_SUCCESS)
                code = ERROR_WRITE_FAULT;
            goto fail_delete;
        }
        done += put;
    }
    /* the data on disk before the rename: otherwise a power loss can keep the rename and lose the data */
    what = "cannot flush the file to disk";
    if (o->durable && !FlushFileBuffers(h)) {
        code = GetLastError();
        goto fail_delete;
    }
    if (o->keep_target && target_exists) {
        code = replace_existing(&a, h, tmp, dir_final, full, path, &mine, o, err);
        free(tmp);
        free(dir_final);
        free(dir);
        free(full);
        return code;
    }
    code = rename_by_handle(&a, h, full);
    if (code != ERROR_SUCCESS) {
        delete_by_handle(&a, h);
        CloseHandle(h);
        free(tmp);
        free(dir_final);
        free(dir);
        free(full);
        /* the documented causes, each named: a sharing violation is another program's open handle;
         * access denied is the permissions (a read-only target was refused above) */
        return fail_path(err, code, path,
                         code == ERROR_SHARING_VIOLATION
                             ? "cannot replace the file: another program holds it open without sharing (an editor, "
                               "a backup or antivirus agent)"
                         : code == ERROR_ACCESS_DENIED
                             ? "cannot replace the file: its permissions or the folder's do not let this account "
                               "replace it, or another program holds it open"
                             : "cannot replace the file");
    }
    /* the rename's metadata with it (NTFS commits its log for the file's change) */
    if (o->durable && !FlushFileBuffers(h)) {
        code = GetLastError();
        CloseHandle(h);
        free(tmp);
        free(dir_final);
        free(dir);
        free(full);
        return fail_path(err, code, path, "cannot flush the file to disk");
    }
    CloseHandle(h);
    free(tmp);
    free(dir_final);
    free(dir);
    free(full);
    return ERROR_SUCCESS;

fail_delete:
    delete_by_handle(&a, h);
    CloseHandle(h);
fail:
    free(tmp);
    free(dir_final);
    free(dir);
    free(full);
    return fail_path(err, code ? code : ERROR_GEN_FAILURE, path, what);
}

DWORD bfsys_write_file_atomic(const char *path, const char *data, size_t len, bf_err *err)
{
    bfsys_write_opts o = {0};
    o.durable = true;
    return bfsys_write_file(path, data, len, &o, err);
}

DWORD bfsys_replace_file(const char *path, const char *data, size_t len, bool durable, bf_err *err)
{
    bfsys_write_opts o = {0};
    o.durable = durable;
    o.keep_target = true;
    return bfsys_write_file(path, data, len, &o, err);
}

/* --- what the preview says about writing a file ------------------------------------------------------- */

static bool trusted_sid(PSID sid, PSID self)
{
    static const WELL_KNOWN_SID_TYPE ok[] = {WinLocalSystemSid, WinBuiltinAdministratorsSid};
    size_t i;
    char buf[SECURITY_MAX_SID_SIZE];
    DWORD n;
    LPWSTR s = NULL;
    bool ti;
    for (i = 0; i < BF_COUNTOF(ok); i++) {
        n = sizeof buf;
        if (CreateWellKnownSid(ok[i], NULL, buf, &n) && EqualSid(sid, buf))
            return true;
    }
    if (self && EqualSid(sid, self))
        return true;
    /* NT SERVICE\TrustedInstaller owns the system's own files */
    if (!ConvertSidToStringSidW(sid, &s))
        return false;
    ti = wcscmp(s, L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464") == 0;
    LocalFree(s);
    return ti;
}

/* The minimal judgement the preview needs (the journal folder's full check is acl.c's): may an account
 * other than SYSTEM, Administrators, TrustedInstaller or this process's own user create, delete or
 * replace files in the folder, or change its permissions? Names the first such account in who. */
bool bfsys_folder_open_to_others(const char *folder, char *who, size_t who_size)
{
    WCHAR *w = bfsys_utf8_to_wide(folder);
    PSECURITY_DESCRIPTOR sd = NULL;
    PSID owner = NULL;
    PACL dacl = NULL;
    HANDLE tok = NULL;
    BYTE self_buf[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE];
    PSID self = NULL;
    DWORD n, i;
    bool open = false;
    const DWORD writes = FILE_ADD_FILE | FILE_ADD_SUBDIRECTORY | FILE_DELETE_CHILD | DELETE | WRITE_DAC |
                         WRITE_OWNER | GENERIC_WRITE | GENERIC_ALL;
    if (who_size)
        who[0] = 0;
    if (!w)
        return false;
    if (GetNamedSecurityInfoW(w, SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner,
                              NULL, &dacl, NULL, &sd) != ERROR_SUCCESS) {
        free(w);
        return false;   /* cannot tell: the write itself reports what goes wrong */
    }
    free(w);
    if (OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok)) {
        if (GetTokenInformation(tok, TokenUser, self_buf, sizeof self_buf, &n))
            self = ((TOKEN_USER *)self_buf)->User.Sid;
        CloseHandle(tok);
    }
    if (!dacl) {
        open = true;    /* a NULL DACL grants everyone everything */
        snprintf(who, who_size, "Everyone (the folder has no access list)");
    } else if (owner && !trusted_sid(owner, self)) {
        LPWSTR s = NULL;
        char *u;
        open = true;    /* the owner may always change the permissions */
        ConvertSidToStringSidW(owner, &s);
        u = bfsys_wide_to_utf8(s ? s : L"?", -1);
        snprintf(who, who_size, "its owner %s", u ? u : "?");
        free(u);
        if (s)
            LocalFree(s);
    }
    for (i = 0; !open && dacl && i < dacl->AceCount; i++) {
        ACE_HEADER *ace;
        if (!GetAce(dacl, i, (void **)&ace) || ace->AceType != ACCESS_ALLOWED_ACE_TYPE ||
            (ace->AceFlags & INHERIT_ONLY_ACE))
            continue;
        if ((((ACCESS_ALLOWED_ACE *)ace)->Mask & writes) &&
            !trusted_sid((PSID) & ((ACCESS_ALLOWED_ACE *)ace)->SidStart, self)) {
            LPWSTR s = NULL;
            char *u;
            open = true;
            ConvertSidToStringSidW((PSID) & ((ACCESS_ALLOWED_ACE *)ace)->SidStart, &s);
            u = bfsys_wide_to_utf8(s ? s : L"?", -1);
            snprintf(who, who_size, "%s", u ? u : "?");
            free(u);
            if (s)
                LocalFree(s);
        }
    }
    LocalFree(sd);
    return open;
}

void bfsys_write_notes(const char *path, bf_buf *out)
{
    WCHAR *w = bfsys_utf8_to_wide(path);
    WCHAR full[MAX_PATH * 4], *slash;
    DWORD attrs;
    char *dir, who[200];
    if (!w)
        return;
    if (GetFullPathNameW(w, (DWORD)BF_COUNTOF(full), full, NULL) == 0) {
        free(w);
        return;
    }
    free(w);
    attrs = GetFileAttributesW(full);
    if (attrs != INVALID_FILE_ATTRIBUTES && (attrs & FILE_ATTRIBUTE_READONLY))
        bf_buf_printf(out,
                      "%s is read-only: bindfix clears the read-only attribute for the change and sets it back "
                      "afterwards (its permissions and other attributes are kept).\n",
                      path);
    slash = wcsrchr(full, L'\\');
    if (!slash)
        return;
    slash[1] = 0;
    dir = bfsys_wide_to_utf8(full, -1);
    if (dir && bfsys_folder_open_to_others(dir, who, sizeof who))
        bf_buf_printf(out,
                      "The folder %s can be written by accounts other than administrators and SYSTEM (%s): "
                      "bindfix writes there with a random temporary name and renames through the open file, "
                      "but anyone who can write the folder can change the file afterwards.\n",
                      dir, who);
    free(dir);
}
