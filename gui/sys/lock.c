/*
 * lock.c - the machine-wide repair lock (core/system.h: lock_acquire): one repair at a time per machine,
 * as dpkg and Windows Installer hold one lock for every change.
 *
 * An exclusive LockFileEx on repair.lock in the journal folder, rather than a Global\ named mutex: a
 * mutex belongs to the thread that waited for it, and the console plans, applies, verifies and undoes
 * on different worker threads, while a file lock belongs to the handle; the folder is the
 * administrators-only one the journals live in. The system releases the lock when its holder's process
 * ends, however it ends, so a dead holder never blocks the next repair.
 *
 * Who holds it: the holder writes its process id, user, start time and command at the start of the
 * file; the lock covers one byte far past that text (LOCK_OFFSET), so a waiting process can still read
 * it and say who it waits for. A clean release empties the file: a holder's text found by the next
 * process that takes the lock means the holder died while holding it (abandoned: the caller goes to
 * the interrupted-repair path).
 *
 * Test-only hold point: with BINDFIX_TEST_HOLD_LOCK=FILE in the environment, the holder creates FILE
 * once it holds the lock and keeps it until FILE.go exists (tests/e2e/run-repair-tests.sh uses it to
 * start a second repair while the first one certainly holds the lock, without racing on time).
 */
#include "sys.h"
#include "acl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LOCK_OFFSET 0x7ffffff0u    /* below 2 GB: every file system and Wine's server take it */
#define LOCK_POLL_MS 200           /* how often a waiter tries again (and checks Cancel) */

/* the account this process runs as, DOMAIN\name */
static void own_user(char *out, size_t size)
{
    HANDLE tok = NULL;
    BYTE buf[512];
    DWORD got = 0;
    WCHAR name[128], dom[128], both[260];
    DWORD nn = 128, dn = 128;
    SID_NAME_USE use;
    out[0] = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return;
    if (GetTokenInformation(tok, TokenUser, buf, sizeof buf, &got) &&
        LookupAccountSidW(NULL, ((TOKEN_USER *)buf)->User.Sid, name, &nn, dom, &dn, &use)) {
        char *u;
        _snwprintf(both, 260, L"%ls\\%ls", dom, name);
        both[259] = 0;
        u = bfsys_wide_to_utf8(both, -1);
        if (u)
            snprintf(out, size, "%s", u);
        free(u);
    }
    CloseHandle(tok);
}

static void own_start(char *out, size_t size)
{
    FILETIME created, exited, kernel, user;
    SYSTEMTIME st;
    out[0] = 0;
    if (GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user) && FileTimeToSystemTime(&created, &st))
        snprintf(out, size, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
                 st.wSecond);
}

static void own_program(const char *what, char *out, size_t size)
{
    WCHAR exe[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, exe, MAX_PATH);
    const WCHAR *base = exe;
    char *b;
    out[0] = 0;
    if (n == 0 || n >= MAX_PATH)
        return;
    exe[n] = 0;
    if (wcsrchr(exe, L'\\'))
        base = wcsrchr(exe, L'\\') + 1;
    b = bfsys_wide_to_utf8(base, -1);
    snprintf(out, size, "%s %s", b ? b : "", what ? what : "");
    free(b);
}

/* the holder's text, "key=value" lines; unknown keys are ignored, values cut to their fields */
static void parse_holder(const char *text, bf_lock_holder *h)
{
    const char *line = text;
    memset(h, 0, sizeof *h);
    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        char buf[256];
        if (n >= sizeof buf)
            n = sizeof buf - 1;
        memcpy(buf, line, n);
        buf[n] = 0;
        if (n && buf[n - 1] == '\r')
            buf[n - 1] = 0;
        if (!strncmp(buf, "pid=", 4))
            h->pid = strtoul(buf + 4, NULL, 10);
        else if (!strncmp(buf, "user=", 5))
            snprintf(h->user, sizeof h->user, "%s", buf + 5);
        else if (!strncmp(buf, "started=", 8))
            snprintf(h->started, sizeof h->started, "%s", buf + 8);
        else if (!strncmp(buf, "program=", 8))
            snprintf(h->program, sizeof h->program, "%s", buf + 8);
        line = nl ? nl + 1 : NULL;
    }
}

/* what the file holds at its start (the holder's text, not the locked byte) */
static bool read_holder(HANDLE f, bf_lock_holder *h)
{
    char text[1024];
    DWORD got = 0;
    OVERLAPPED ov;
    memset(&ov, 0, sizeof ov);
    memset(h, 0, sizeof *h);
    if (!ReadFile(f, text, sizeof text - 1, &got, &ov) || got == 0)
        return false;
    text[got] = 0;
    parse_holder(text, h);
    return true;
}

/* ERROR_SUCCESS, or the Win32 error of the call that failed, read right after it */
static DWORD write_holder(HANDLE f, const char *what)
{
    char text[1024], user[160], started[40], program[200];
    DWORD put = 0;
    int n;
    own_user(user, sizeof user);
    own_start(started, sizeof started);
    own_program(what, program, sizeof program);
    n = snprintf(text, sizeof text, "pid=%lu\r\nuser=%s\r\nstarted=%s\r\nprogram=%s\r\n", GetCurrentProcessId(), user,
                 started, program);
    if (n < 0 || (size_t)n >= sizeof text)
        n = (int)strlen(text);
    if (SetFilePointer(f, 0, NULL, FILE_BEGIN) == INVALID_SET_FILE_POINTER || !SetEndOfFile(f) ||
        !WriteFile(f, text, (DWORD)n, &put, NULL))
        return GetLastError();
    if (put != (DWORD)n)
        return ERROR_WRITE_FAULT;
    return FlushFileBuffers(f) ? ERROR_SUCCESS : GetLastError();
}

/* BINDFIX_TEST_HOLD_LOCK: say "held" through a file, keep the lock until FILE.go exists (bounded: a
 * test that never says go must not leave a process behind for ever) */
static void test_hold_point(void)
{
    WCHAR path[MAX_PATH], go[MAX_PATH + 4];
    DWORD n = GetEnvironmentVariableW(L"BINDFIX_TEST_HOLD_LOCK", path, MAX_PATH);
    HANDLE f;
    int i;
    if (n == 0 || n >= MAX_PATH)
        return;
    _snwprintf(go, MAX_PATH + 4, L"%ls.go", path);
    go[MAX_PATH + 3] = 0;
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE)
        CloseHandle(f);
    for (i = 0; i < 600 * 10 && GetFileAttributesW(go) == INVALID_FILE_ATTRIBUTES; i++)
        Sleep(100);
}

bf_lock_result bfsys_lock_acquire(HANDLE *held, const char *journal_dir, const char *what, int wait_ms,
                                  const volatile long *cancel,
                                  void (*waiting)(void *wc, int waited_ms, const bf_lock_holder *h), void *wc,
                                  bf_lock_holder *holder, bf_err *err)
{
    WCHAR *dir, *path;
    size_t n;
    HANDLE f;
    DWORD rc, start = GetTickCount(), last_report = 0;
    bf_lock_holder found;
    memset(holder, 0, sizeof *holder);
    if (*held)
        return BF_LOCK_TAKEN;
    if (!journal_dir) {
        bf_fail(err, "no journal folder is known, so the repair lock cannot be taken");
        return BF_LOCK_FAILED;
    }
    dir = bfsys_utf8_to_wide(journal_dir);
    n = dir ? wcslen(dir) + 16 : 0;
    path = dir ? malloc(n * sizeof *path) : NULL;
    if (!path) {
        free(dir);
        bf_fail(err, "out of memory");
        return BF_LOCK_FAILED;
    }
    {
        /* the journal folder, made for administrators only where it does not exist (acl.c); a folder
         * others may write is refused where the journals are written, not here: the lock only orders */
        bf_err ignored;
        bf_err_clear(&ignored);
        bfsys_journal_dir_ready(journal_dir, &ignored);
    }
    _snwprintf(path, n, L"%ls\\repair.lock", dir);
    path[n - 1] = 0;
    /* never through a link someone placed (FILE_FLAG_OPEN_REPARSE_POINT), and only a disk file */
    f = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_ALWAYS,
                    FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
    rc = f == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
    free(dir);
    if (rc == ERROR_ACCESS_DENIED) {
        free(path);
        bf_fail(err, "the repair lock %s cannot be opened: access denied (not an administrator)", journal_dir);
        err->code = (int)rc;
        return BF_LOCK_NO_ACCESS;
    }
    if (rc != ERROR_SUCCESS || GetFileType(f) != FILE_TYPE_DISK) {
        char *u = bfsys_wide_to_utf8(path, -1);
        if (rc == ERROR_SUCCESS) {
            CloseHandle(f);
            rc = ERROR_BAD_FILE_TYPE;
        }
        bfsys_fail_code(err, rc, u, "cannot open the repair lock");
        free(u);
        free(path);
        return BF_LOCK_FAILED;
    }
    free(path);
    for (;;) {
        OVERLAPPED ov;
        DWORD waited;
        memset(&ov, 0, sizeof ov);
        ov.Offset = LOCK_OFFSET;
        if (LockFileEx(f, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, 1, 0, &ov))
            break;
        rc = GetLastError();
        if (rc != ERROR_LOCK_VIOLATION && rc != ERROR_IO_PENDING) {
            CloseHandle(f);
            bfsys_fail_code(err, rc, journal_dir, "cannot take the repair lock in");
            return BF_LOCK_FAILED;
        }
        read_holder(f, holder);
        waited = GetTickCount() - start;
        if (waited >= (DWORD)(wait_ms > 0 ? wait_ms : 0)) {
            CloseHandle(f);
            return BF_LOCK_BUSY;
        }
        if (cancel && *cancel) {
            CloseHandle(f);
            return BF_LOCK_CANCELLED;
        }
        if (waiting && (last_report == 0 || waited - last_report >= 1000)) {
            waiting(wc, (int)waited, holder);
            last_report = waited ? waited : 1;
        }
        Sleep(LOCK_POLL_MS);    /* a bounded poll for the lock (LockFileEx cannot wait with a timeout) */
    }
    /* held: a holder's text left in the file is one that never released it */
    {
        bool abandoned = read_holder(f, &found) && found.pid != 0;
        if ((rc = write_holder(f, what)) != ERROR_SUCCESS) {
            CloseHandle(f);     /* closing the handle releases the lock */
            bfsys_fail_code(err, rc, journal_dir, "cannot write who holds the repair lock in");
            return BF_LOCK_FAILED;
        }
        *held = f;
        test_hold_point();
        if (abandoned) {
            *holder = found;
            return BF_LOCK_ABANDONED;
        }
        return BF_LOCK_TAKEN;
    }
}

void bfsys_lock_release(HANDLE *held)
{
    OVERLAPPED ov;
    if (!*held)
        return;
    /* emptied first: the next holder must not take this clean release for a dead holder */
    SetFilePointer(*held, 0, NULL, FILE_BEGIN);
    SetEndOfFile(*held);
    FlushFileBuffers(*held);
    memset(&ov, 0, sizeof ov);
    ov.Offset = LOCK_OFFSET;
    UnlockFileEx(*held, 0, 1, 0, &ov);
    CloseHandle(*held);
    *held = NULL;
}
