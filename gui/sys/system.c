/* system.c - the real machine as a bf_system (core/system.h) for bindfix-cli.exe. */
#include "sys.h"
#include "acl.h"

#include "machine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool sys_collect(void *ctx, const bf_collect_opts *opts, bf_snapshot *out, bf_err *err)
{
    (void)ctx;
    return bfsys_collect(opts, out, err) == ERROR_SUCCESS;
}

static bool sys_read_file(void *ctx, const char *path, char **data, size_t *len, bf_err *err)
{
    (void)ctx;
    return bfsys_read_file(path, data, len, err) == ERROR_SUCCESS;
}

static bool sys_list_dir(void *ctx, const char *dir, char ***names, size_t *count, bf_err *err)
{
    (void)ctx;
    return bfsys_list_dir(dir, names, count, err) == ERROR_SUCCESS;
}

static bool sys_write_file(void *ctx, const char *path, const char *data, size_t len, bf_err *err)
{
    (void)ctx;
    return bfsys_write_file_atomic(path, data, len, err) == ERROR_SUCCESS;
}

/* A console gets UTF-16 through WriteConsoleW (so names show right whatever the code page); a pipe or a
 * file gets the UTF-8 bytes unchanged, so `bindfix-cli scan --json > f` is a UTF-8 file. */
static void write_handle(DWORD which, const char *utf8, size_t len)
{
    HANDLE h = GetStdHandle(which);
    DWORD mode, put;
    if (h == NULL || h == INVALID_HANDLE_VALUE || len == 0)
        return;
    if (GetConsoleMode(h, &mode)) {
        size_t done = 0;
        while (done < len) {
            /* convert in slices that end on a character boundary */
            size_t n = len - done > 16384 ? 16384 : len - done;
            int wn;
            WCHAR *w;
            while (n < len - done && n > 0 && ((unsigned char)utf8[done + n] & 0xc0) == 0x80)
                n--;
            if (n == 0)
                n = len - done;
            wn = MultiByteToWideChar(CP_UTF8, 0, utf8 + done, (int)n, NULL, 0);
            w = wn > 0 ? malloc((size_t)wn * sizeof(WCHAR)) : NULL;
            if (w && MultiByteToWideChar(CP_UTF8, 0, utf8 + done, (int)n, w, wn) > 0)
                WriteConsoleW(h, w, (DWORD)wn, &put, NULL);
            free(w);
            done += n;
        }
        return;
    }
    while (len > 0) {
        DWORD want = len > 0x100000 ? 0x100000 : (DWORD)len;
        if (!WriteFile(h, utf8, want, &put, NULL) || put == 0)
            return;
        utf8 += put;
        len -= put;
    }
}

static void sys_write_out(void *ctx, const char *utf8, size_t len)
{
    (void)ctx;
    write_handle(STD_OUTPUT_HANDLE, utf8, len);
}

static void sys_write_err(void *ctx, const char *utf8, size_t len)
{
    (void)ctx;
    write_handle(STD_ERROR_HANDLE, utf8, len);
}

static void sys_now_utc(void *ctx, char *buf, size_t size)
{
    SYSTEMTIME t;
    (void)ctx;
    GetSystemTime(&t);
    snprintf(buf, size, "%04u-%02u-%02uT%02u:%02u:%02uZ", t.wYear, t.wMonth, t.wDay, t.wHour, t.wMinute,
             t.wSecond);
}

/* bindfix-catalogue.json in the directory of the running executable (malloc'd; it lives as long as
 * the system table, which is set up once in wmain). */
static const char *catalogue_beside_exe(void)
{
    WCHAR exe[MAX_PATH + 32];
    DWORD n;
    WCHAR *slash;
    n = GetModuleFileNameW(NULL, exe, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return NULL;
    slash = wcsrchr(exe, L'\\');
    if (!slash)
        return NULL;
    wcscpy(slash + 1, L"bindfix-catalogue.json");
    return bfsys_wide_to_utf8(exe, -1);
}

/* %ProgramData%\bindfix; where ProgramData does not exist (NT4, 2000, 2003) %SystemRoot%\bindfix. */
static const char *journal_directory(void)
{
    WCHAR dir[MAX_PATH];
    DWORD n = ExpandEnvironmentStringsW(L"%ProgramData%\\bindfix", dir, MAX_PATH);
    if (n == 0 || n > MAX_PATH || wcschr(dir, L'%'))
        n = ExpandEnvironmentStringsW(L"%SystemRoot%\\bindfix", dir, MAX_PATH);
    if (n == 0 || n > MAX_PATH)
        return NULL;
    return bfsys_wide_to_utf8(dir, -1);
}

static unsigned long long sys_monotonic_ms(void *ctx)
{
    (void)ctx;
    return bfsys_tick_ms();
}

static bool sys_file_trusted(void *ctx, const char *path, bf_err *err)
{
    (void)ctx;
    return bfsys_file_trusted(path, err) == ERROR_SUCCESS;
}

static bool sys_journal_dir_ready(void *ctx, const char *dir, bf_err *err)
{
    (void)ctx;
    return bfsys_journal_dir_ready(dir, err) == ERROR_SUCCESS;
}

/* what a bf_system of this layer keeps: the repair lock's handle while held */
typedef struct sys_ctx {
    HANDLE lock;
    const char *journal_dir;
} sys_ctx;

static bf_lock_result sys_lock_acquire(void *ctx, const char *what, int wait_ms, const volatile long *cancel,
                                       void (*waiting)(void *wc, int waited_ms, const bf_lock_holder *h), void *wc,
                                       bf_lock_holder *holder, bf_err *err)
{
    sys_ctx *c = ctx;
    if (!c) {
        bf_fail(err, "out of memory");
        return BF_LOCK_FAILED;
    }
    return bfsys_lock_acquire(&c->lock, c->journal_dir, what, wait_ms, cancel, waiting, wc, holder, err);
}

static void sys_lock_release(void *ctx)
{
    sys_ctx *c = ctx;
    if (c)
        bfsys_lock_release(&c->lock);
}

void bfsys_system_init(bf_system *sys)
{
    bf_machine *m;
    memset(sys, 0, sizeof *sys);
    sys->default_catalogue = catalogue_beside_exe();
    sys->journal_dir = journal_directory();
    m = malloc(sizeof *m);
    if (m) {
        bfsys_machine_init(m);
        sys->machine = m;
    }
    sys->collect = sys_collect;
    sys->read_file = sys_read_file;
    sys->write_file = sys_write_file;
    sys->write_out = sys_write_out;
    sys->write_err = sys_write_err;
    sys->now_utc = sys_now_utc;
    sys->monotonic_ms = sys_monotonic_ms;
    sys->file_trusted = sys_file_trusted;
    sys->journal_dir_ready = sys_journal_dir_ready;
    sys->ctx = calloc(1, sizeof(sys_ctx));
    if (sys->ctx)
        ((sys_ctx *)sys->ctx)->journal_dir = sys->journal_dir;
    sys->lock_acquire = sys_lock_acquire;
    sys->lock_release = sys_lock_release;
    bfsys_watch_install(sys);
    sys->list_dir = sys_list_dir;
}

void bfsys_system_free(bf_system *sys)
{
    sys_lock_release(sys->ctx);    /* a holder that forgot: the lock goes with the system */
    free(sys->ctx);
    free((char *)sys->default_catalogue);
    free((char *)sys->journal_dir);
    free((void *)sys->machine);
    memset(sys, 0, sizeof *sys);
}
