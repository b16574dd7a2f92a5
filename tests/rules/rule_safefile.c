/* rule_safefile.c - the one file writer (gui/sys/safefile.c) against Windows' documented file rules, for
 * real under Wine (Wine implements ReplaceFileW, the read-only attribute, file security descriptors as
 * the Unix mode, SetFileInformationByHandle, NtSetInformationFile and DOS device names). */
#include "sys.h"

#include <sddl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

/* A fresh folder under the Wine temporary folder: "<TEMP>bindfix-rule-<name>\" (UTF-8, static per call). */
static const char *fresh_dir(const char *name, char *buf, size_t size)
{
    WCHAR tmp[MAX_PATH], cmd[MAX_PATH * 2];
    char *u;
    GetTempPathW(MAX_PATH, tmp);
    u = bfsys_wide_to_utf8(tmp, -1);
    snprintf(buf, size, "%sbindfix-rule-%s", u ? u : "C:\\", name);
    free(u);
    /* empty it: files left by an earlier run (attributes cleared so they can go) */
    {
        WCHAR *w = bfsys_utf8_to_wide(buf);
        WIN32_FIND_DATAW fd;
        HANDLE f;
        swprintf(cmd, BF_COUNTOF(cmd), L"%ls\\*", w);
        f = FindFirstFileW(cmd, &fd);
        if (f != INVALID_HANDLE_VALUE) {
            do {
                if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                    continue;
                swprintf(cmd, BF_COUNTOF(cmd), L"%ls\\%ls", w, fd.cFileName);
                SetFileAttributesW(cmd, FILE_ATTRIBUTE_NORMAL);
                DeleteFileW(cmd);
            } while (FindNextFileW(f, &fd));
            FindClose(f);
        }
        CreateDirectoryW(w, NULL);
        free(w);
    }
    return buf;
}

static void put_file(const char *path, const char *data)
{
    WCHAR *w = bfsys_utf8_to_wide(path);
    HANDLE h = CreateFileW(w, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD put;
    if (h != INVALID_HANDLE_VALUE) {
        WriteFile(h, data, (DWORD)strlen(data), &put, NULL);
        CloseHandle(h);
    }
    free(w);
}

static bool file_is(const char *path, const char *want)
{
    char *data = NULL;
    size_t len = 0;
    bool same;
    if (bfsys_read_file(path, &data, &len, NULL) != ERROR_SUCCESS)
        return false;
    same = len == strlen(want) && memcmp(data, want, len) == 0;
    free(data);
    return same;
}

/* Owner, group and DACL as an SDDL string (malloc'd UTF-8), "" when unreadable. */
static char *sddl_of(const char *path)
{
    WCHAR *w = bfsys_utf8_to_wide(path);
    BYTE buf[8192];
    DWORD need = 0;
    LPWSTR s = NULL;
    char *u;
    SECURITY_INFORMATION si = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    if (!GetFileSecurityW(w, si, buf, sizeof buf, &need) ||
        !ConvertSecurityDescriptorToStringSecurityDescriptorW(buf, SDDL_REVISION_1, si, &s, NULL)) {
        free(w);
        return bfsys_wide_to_utf8(L"", -1);
    }
    free(w);
    u = bfsys_wide_to_utf8(s, -1);
    LocalFree(s);
    return u;
}

static DWORD attrs_of(const char *path)
{
    WCHAR *w = bfsys_utf8_to_wide(path);
    DWORD a = GetFileAttributesW(w);
    free(w);
    return a;
}

/* Files in dir whose name contains part. */
static int count_named(const char *dir, const WCHAR *part)
{
    WCHAR pat[MAX_PATH * 2];
    WCHAR *w = bfsys_utf8_to_wide(dir);
    WIN32_FIND_DATAW fd;
    HANDLE f;
    int n = 0;
    swprintf(pat, BF_COUNTOF(pat), L"%ls\\*", w);
    free(w);
    f = FindFirstFileW(pat, &fd);
    if (f == INVALID_HANDLE_VALUE)
        return 0;
    do
        if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) && wcsstr(fd.cFileName, part))
            n++;
    while (FindNextFileW(f, &fd));
    FindClose(f);
    return n;
}

/* An explicit, protected DACL on the file, as an administrator sets one on the hosts file. */
static void set_explicit_dacl(const char *path)
{
    WCHAR *w = bfsys_utf8_to_wide(path);
    PSECURITY_DESCRIPTOR sd = NULL;
    if (ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;;FA;;;SY)(A;;FA;;;BA)", SDDL_REVISION_1, &sd,
                                                             NULL)) {
        SetFileSecurityW(w, DACL_SECURITY_INFORMATION, sd);
        LocalFree(sd);
    }
    free(w);
}

BF_RULE(replacefile_keeps_the_replaced_files_acl_and_attributes,
        "ReplaceFileW: \"the replacement file assumes the name of the replaced file and its identity\"; it "
        "preserves the replaced file's attributes and DACL (learn.microsoft.com, ReplaceFileW function, "
        "Remarks); MoveFileEx(MOVEFILE_REPLACE_EXISTING) keeps the moved file's own descriptor")
{
    char dir[MAX_PATH * 3], path[MAX_PATH * 4];
    char *before, *after;
    DWORD a0, a1;
    bf_err err;
    snprintf(path, sizeof path, "%s\\hosts", fresh_dir("replacefile", dir, sizeof dir));
    put_file(path, "127.0.0.1 localhost\r\n");
    set_explicit_dacl(path);
    before = sddl_of(path);
    a0 = attrs_of(path);
    CHECK(before && before[0]);
    CHECK_INT(bfsys_replace_file(path, "# changed\r\n", 11, true, &err), ERROR_SUCCESS);
    CHECK(file_is(path, "# changed\r\n"));
    after = sddl_of(path);
    a1 = attrs_of(path);
    CHECK_STR(after, before);
    CHECK_INT(a1, a0);
    CHECK_INT(count_named(dir, L".~bf"), 0);
    free(before);
    free(after);
}

BF_RULE(read_only_file_replaced_and_put_back_keeps_bytes_attributes_and_acl,
        "ReplaceFileW needs write access to the replaced file (a read-only file fails: clear the attribute "
        "first); SetFileAttributes: FILE_ATTRIBUTE_READONLY \"applications can read the file, but cannot "
        "write to it or delete it\" (learn.microsoft.com, ReplaceFileW and File Attribute Constants)")
{
    char dir[MAX_PATH * 3], path[MAX_PATH * 4];
    char *before, *mid, *after;
    bf_buf notes;
    bf_err err;
    WCHAR *w;
    snprintf(path, sizeof path, "%s\\hosts", fresh_dir("readonly", dir, sizeof dir));
    put_file(path, "203.0.113.50 EXCHSRV01\r\n");
    set_explicit_dacl(path);
    w = bfsys_utf8_to_wide(path);
    SetFileAttributesW(w, FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_ARCHIVE);
    free(w);
    before = sddl_of(path);
    REQUIRE(attrs_of(path) & FILE_ATTRIBUTE_READONLY);
    /* the preview says so */
    bf_buf_init(&notes);
    bfsys_write_notes(path, &notes);
    CHECK(strstr(bf_buf_cstr(&notes), "read-only") != NULL);
    bf_buf_free(&notes);
    /* the repair */
    CHECK_INT(bfsys_replace_file(path, "# 203.0.113.50 EXCHSRV01\r\n", 26, true, &err), ERROR_SUCCESS);
    CHECK(file_is(path, "# 203.0.113.50 EXCHSRV01\r\n"));
    CHECK(attrs_of(path) & FILE_ATTRIBUTE_READONLY);
    mid = sddl_of(path);
    CHECK_STR(mid, before);
    /* its undo: the old bytes through the same call */
    CHECK_INT(bfsys_replace_file(path, "203.0.113.50 EXCHSRV01\r\n", 24, true, &err), ERROR_SUCCESS);
    CHECK(file_is(path, "203.0.113.50 EXCHSRV01\r\n"));
    CHECK(attrs_of(path) & FILE_ATTRIBUTE_READONLY);
    after = sddl_of(path);
    CHECK_STR(after, before);
    CHECK_INT(count_named(dir, L".~bf"), 0);
    free(before);
    free(mid);
    free(after);
}

BF_RULE(device_names_are_refused_as_output_paths,
        "Naming Files, Paths, and Namespaces: \"Do not use the following reserved names for the name of a "
        "file: CON, PRN, AUX, NUL, COM1 ... LPT9. Also avoid these names followed immediately by an "
        "extension\"; GetFileType: FILE_TYPE_CHAR for a character device (learn.microsoft.com)")
{
    char dir[MAX_PATH * 3], p[MAX_PATH * 4];
    const char *names[] = {"CON", "NUL", "COM1", "LPT1", "\\NUL", "\\com1.txt", "\\con.html", "\\\\.\\NUL"};
    size_t i;
    fresh_dir("device", dir, sizeof dir);
    for (i = 0; i < BF_COUNTOF(names); i++) {
        bf_err err;
        DWORD rc;
        memset(&err, 0, sizeof err);
        if (names[i][0] == '\\' && names[i][1] != '\\')
            snprintf(p, sizeof p, "%s%s", dir, names[i]);
        else
            snprintf(p, sizeof p, "%s", names[i]);
        rc = bfsys_write_file_atomic(p, "report", 6, &err);
        if (rc != ERROR_INVALID_NAME || !strstr(err.msg, "device"))
            printf("     %s: rc %lu, %s\n", p, (unsigned long)rc, err.msg);
        CHECK_INT(rc, ERROR_INVALID_NAME);
        CHECK(strstr(err.msg, "device") != NULL);
    }
    CHECK_INT(count_named(dir, L"."), 0);
}

/* The name source for the temporary name, made predictable: call k gives 16 bytes of value k, so the
 * names are "<target>.~bf0101...01.tmp", "...0202...02.tmp" - the names a test plants links or files at. */
typedef struct {
    int calls;
} fixed_random;

static bool fixed_bytes(void *ctx, BYTE *buf, ULONG n)
{
    fixed_random *r = ctx;
    r->calls++;
    memset(buf, r->calls, n);
    return true;
}

BF_RULE(taken_temporary_names_are_skipped_never_opened,
        "CreateFileW: CREATE_NEW \"creates a new file, only if it does not already exist\" (fails with "
        "ERROR_FILE_EXISTS otherwise); FILE_FLAG_OPEN_REPARSE_POINT: \"normal reparse point processing will "
        "not occur\" (learn.microsoft.com, CreateFileW function)")
{
    /* BF_RULE_LINK_DIR (tests/rules/rule-safe-writer.sh): a folder where Linux symbolic links, which Wine
     * follows, sit at the first three names; otherwise ordinary files planted here do */
    const char *links = getenv("BF_RULE_LINK_DIR");
    char dir[MAX_PATH * 3], path[MAX_PATH * 4], taken[MAX_PATH * 4];
    bfsys_write_opts o;
    fixed_random r = {0};
    bf_err err;
    int k;
    if (links)
        snprintf(dir, sizeof dir, "%s", links);
    else
        fresh_dir("taken", dir, sizeof dir);
    snprintf(path, sizeof path, "%s\\r.html", dir);
    for (k = 1; !links && k <= 3; k++) {
        char hex[33];
        int i;
        for (i = 0; i < 16; i++)
            snprintf(hex + 2 * i, 3, "%02x", k);
        snprintf(taken, sizeof taken, "%s.~bf%s.tmp", path, hex);
        put_file(taken, "someone else's file");
    }
    memset(&o, 0, sizeof o);
    o.durable = true;
    o.random = fixed_bytes;
    o.random_ctx = &r;
    CHECK_INT(bfsys_write_file(path, "<html>report</html>", 19, &o, &err), ERROR_SUCCESS);
    CHECK_INT(r.calls, 4);      /* three names taken, the fourth free */
    CHECK(file_is(path, "<html>report</html>"));
    CHECK(!(attrs_of(path) & FILE_ATTRIBUTE_REPARSE_POINT));
    for (k = 1; !links && k <= 3; k++) {
        char hex[33];
        int i;
        for (i = 0; i < 16; i++)
            snprintf(hex + 2 * i, 3, "%02x", k);
        snprintf(taken, sizeof taken, "%s.~bf%s.tmp", path, hex);
        CHECK(file_is(taken, "someone else's file"));
    }
}

BF_RULE(rename_and_delete_through_the_handle_also_with_nt_calls,
        "SetFileInformationByHandle with FileRenameInfo / FileDispositionInfo (Vista and later), and "
        "NtSetInformationFile with FileRenameInformation / FileDispositionInformation (every NT; \"the "
        "handle must have DELETE access\") (learn.microsoft.com, SetFileInformationByHandle; "
        "ZwSetInformationFile)")
{
    char dir[MAX_PATH * 3], path[MAX_PATH * 4];
    int nt;
    fresh_dir("byhandle", dir, sizeof dir);
    snprintf(path, sizeof path, "%s\\snapshot.json", dir);
    for (nt = 0; nt <= 1; nt++) {
        bfsys_write_opts o;
        bf_err err;
        WCHAR *w;
        HANDLE held;
        memset(&o, 0, sizeof o);
        o.durable = true;
        o.nt_calls = nt != 0;
        /* a new file, then one replaced */
        CHECK_INT(bfsys_write_file(path, "{\"a\":1}", 7, &o, &err), ERROR_SUCCESS);
        CHECK(file_is(path, "{\"a\":1}"));
        CHECK_INT(bfsys_write_file(path, "{\"a\":2}", 7, &o, &err), ERROR_SUCCESS);
        CHECK(file_is(path, "{\"a\":2}"));
        /* the rename fails (the target held open without delete sharing): the temporary file is deleted
         * through its handle, the target is unchanged */
        w = bfsys_utf8_to_wide(path);
        held = CreateFileW(w, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
        free(w);
        CHECK(held != INVALID_HANDLE_VALUE);
        CHECK(bfsys_write_file(path, "{\"a\":3}", 7, &o, &err) != ERROR_SUCCESS);
        CloseHandle(held);
        CHECK(file_is(path, "{\"a\":2}"));
        CHECK_INT(count_named(dir, L".~bf"), 0);
    }
}

BF_RULE(a_folder_others_may_write_is_announced,
        "Files in a folder others can write: a user who may add or delete files there can replace what an "
        "administrator wrote (learn.microsoft.com, File Security and Access Rights: FILE_ADD_FILE, "
        "FILE_DELETE_CHILD)")
{
    char open_dir[MAX_PATH * 3], closed_dir[MAX_PATH * 3], path[MAX_PATH * 4], who[200];
    PSECURITY_DESCRIPTOR sd = NULL;
    WCHAR *w;
    bf_buf notes;
    fresh_dir("open", open_dir, sizeof open_dir);
    fresh_dir("closed", closed_dir, sizeof closed_dir);
    w = bfsys_utf8_to_wide(open_dir);
    REQUIRE(ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FA;;;WD)",
                                                                 SDDL_REVISION_1, &sd, NULL));
    CHECK(SetFileSecurityW(w, DACL_SECURITY_INFORMATION, sd));
    LocalFree(sd);
    free(w);
    w = bfsys_utf8_to_wide(closed_dir);
    REQUIRE(ConvertStringSecurityDescriptorToSecurityDescriptorW(L"D:P(A;;FA;;;SY)(A;;FA;;;BA)(A;;FR;;;WD)",
                                                                 SDDL_REVISION_1, &sd, NULL));
    CHECK(SetFileSecurityW(w, DACL_SECURITY_INFORMATION, sd));
    LocalFree(sd);
    free(w);
    CHECK(bfsys_folder_open_to_others(open_dir, who, sizeof who));
    CHECK(strstr(who, "S-1-1-0") != NULL);     /* Everyone */
    CHECK(!bfsys_folder_open_to_others(closed_dir, who, sizeof who));
    bf_buf_init(&notes);
    snprintf(path, sizeof path, "%s\\r.html", open_dir);
    bfsys_write_notes(path, &notes);
    CHECK(strstr(bf_buf_cstr(&notes), "can be written by accounts other than") != NULL);
    bf_buf_reset(&notes);
    snprintf(path, sizeof path, "%s\\r.html", closed_dir);
    bfsys_write_notes(path, &notes);
    CHECK_INT((int)notes.len, 0);
    bf_buf_free(&notes);
}

BF_RULE(a_read_only_output_is_named_read_only,
        "MoveFileEx / FileRenameInfo with ReplaceIfExists: a read-only target is not replaced (access denied); "
        "FILE_ATTRIBUTE_READONLY: \"applications can read the file, but cannot write to it or delete it\" "
        "(learn.microsoft.com, File Attribute Constants) - the message names that, not another program")
{
    char dir[MAX_PATH * 3], path[MAX_PATH * 4];
    bf_err err;
    WCHAR *w;
    snprintf(path, sizeof path, "%s\\r.html", fresh_dir("readonly-output", dir, sizeof dir));
    put_file(path, "old report");
    w = bfsys_utf8_to_wide(path);
    SetFileAttributesW(w, FILE_ATTRIBUTE_READONLY);
    free(w);
    memset(&err, 0, sizeof err);
    CHECK_INT(bfsys_write_file_atomic(path, "new report", 10, &err), ERROR_ACCESS_DENIED);
    CHECK(strstr(err.msg, "it is read-only") != NULL);
    CHECK(strstr(err.msg, "another program") == NULL);
    CHECK(file_is(path, "old report"));
    CHECK_INT(count_named(dir, L".~bf"), 0);
}

/* Exchanges the temporary file between the close of its handle and ReplaceFileW, as anyone who may
 * create files in the folder could: the file bindfix wrote is moved aside, and at its name goes either
 * a file of the attacker's or, with BF_RULE_PLANT (tests/rules/rule-safe-writer.sh), a Linux symbolic
 * link to someone else's file, which Wine follows as Windows follows a junction plus object-manager link.
 * A Windows program cannot make such a link, so the script does: the hook writes "ready" in the folder
 * and waits (bounded) for the script's "planted". */
typedef struct {
    const char *dir;    /* BF_RULE_PLANT: the folder the script plants in, or NULL: write a file */
    int calls;
} exchange_ctx;

static void exchange_temporary(void *ctx, const WCHAR *tmp)
{
    exchange_ctx *x = ctx;
    WCHAR aside[MAX_PATH * 4];
    char flag[MAX_PATH * 4];
    x->calls++;
    swprintf(aside, BF_COUNTOF(aside), L"%ls.aside", tmp);
    if (!MoveFileW(tmp, aside))
        return;
    if (x->dir) {
        WCHAR *w;
        int i;
        snprintf(flag, sizeof flag, "%s\\ready", x->dir);
        put_file(flag, "ready");
        snprintf(flag, sizeof flag, "%s\\planted", x->dir);
        w = bfsys_utf8_to_wide(flag);
        for (i = 0; i < 1200 && GetFileAttributesW(w) == INVALID_FILE_ATTRIBUTES; i++)
            Sleep(50);  /* a condition, bounded at a minute: the script plants in a moment */
        free(w);
    } else {
        char *u = bfsys_wide_to_utf8(tmp, -1);
        put_file(u, "attacker's hosts\r\n");
        free(u);
    }
}

BF_RULE(replacefile_temporary_exchanged_before_the_call_is_refused,
        "ReplaceFileW takes lpReplacementFileName by name and opens it itself; GetFileInformationByHandle: "
        "dwVolumeSerialNumber with nFileIndexHigh/Low \"uniquely identifies a file\" on one computer "
        "(learn.microsoft.com, ReplaceFileW; BY_HANDLE_FILE_INFORMATION)")
{
    const char *plant = getenv("BF_RULE_PLANT");
    char dir[MAX_PATH * 3], path[MAX_PATH * 4];
    bfsys_write_opts o;
    fixed_random r = {0};
    exchange_ctx x = {NULL, 0};
    bf_err err;
    DWORD rc;
    if (plant) {
        snprintf(dir, sizeof dir, "%s", plant);
    } else {
        fresh_dir("exchanged", dir, sizeof dir);
    }
    snprintf(path, sizeof path, "%s\\hosts", dir);
    put_file(path, "127.0.0.1 localhost\r\n");
    memset(&o, 0, sizeof o);
    o.durable = true;
    o.keep_target = true;
    o.random = fixed_bytes;
    o.random_ctx = &r;
    x.dir = plant ? dir : NULL;
    o.before_replace = exchange_temporary;
    o.before_replace_ctx = &x;
    memset(&err, 0, sizeof err);
    rc = bfsys_write_file(path, "# changed\r\n", 11, &o, &err);
    CHECK_INT(x.calls, 1);
    CHECK_INT(rc, ERROR_FILE_INVALID);
    CHECK(strstr(err.msg, "exchanged before the replace") != NULL);
    /* nothing was moved over the hosts file, and the planted file stays where it was put */
    CHECK(file_is(path, "127.0.0.1 localhost\r\n"));
    CHECK(!(attrs_of(path) & FILE_ATTRIBUTE_REPARSE_POINT));
    if (!plant) {
        char planted[MAX_PATH * 4];
        snprintf(planted, sizeof planted, "%s.~bf01010101010101010101010101010101.tmp", path);
        CHECK(file_is(planted, "attacker's hosts\r\n"));
    }
    /* the file bindfix wrote is deleted through its own handle, wherever it was moved (Windows); Wine 8's
     * ReOpenFile opens the old name instead, so there it stays: never the attacker's bytes */
    {
        char aside[MAX_PATH * 4];
        snprintf(aside, sizeof aside, "%s.~bf01010101010101010101010101010101.tmp.aside", path);
        CHECK(count_named(dir, L".aside") == 0 || file_is(aside, "# changed\r\n"));
    }
}
