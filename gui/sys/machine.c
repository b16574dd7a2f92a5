/* machine.c - the repair engine's machine (core/machine.h) on Win32: HKLM registry values, whole files
 * replaced atomically, the Service Control Manager with the documented wait loop (dwCheckPoint,
 * dwWaitHint) and the Application event log under the "bindfix" source; interface metrics and
 * SkipAsSource are ipconfig.c's, the binding order through INetCfg netcfg.c's. */
#include "sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "machine.h"

static bool fail_code(bf_err *err, DWORD code, const char *what, const char *name)
{
    bfsys_fail_named(err, code, what, name);
    return false;
}

static bool m_can_change(void *ctx)
{
    SID_IDENTIFIER_AUTHORITY nt = {SECURITY_NT_AUTHORITY};
    PSID admins = NULL;
    BOOL member = FALSE;
    (void)ctx;
    if (!AllocateAndInitializeSid(&nt, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &admins))
        return false;
    if (!CheckTokenMembership(NULL, admins, &member))
        member = FALSE;
    FreeSid(admins);
    return member != FALSE;
}

static bool m_reg_read(void *ctx, const char *key, const char *value, bf_regval *out, bf_err *err)
{
    WCHAR *wkey = bfsys_utf8_to_wide(key), *wval = bfsys_utf8_to_wide(value);
    HKEY h;
    LONG r;
    DWORD type = 0, size = 0;
    (void)ctx;
    memset(out, 0, sizeof *out);
    out->data = malloc(1);
    if (!wkey || !wval || !out->data) {
        free(wkey);
        free(wval);
        return bf_fail(err, "out of memory");
    }
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wkey, 0, KEY_QUERY_VALUE, &h);
    if (r == ERROR_SUCCESS) {
        r = RegQueryValueExW(h, wval, NULL, &type, NULL, &size);
        if (r == ERROR_SUCCESS && size <= 16 * 1024 * 1024) {
            unsigned char *buf = malloc(size ? size : 1);
            if (!buf) {
                RegCloseKey(h);
                free(wkey);
                free(wval);
                return bf_fail(err, "out of memory");
            }
            r = RegQueryValueExW(h, wval, NULL, &type, buf, &size);
            free(out->data);
            out->data = buf;
            out->len = size;
            out->type = type;
            out->exists = r == ERROR_SUCCESS;
        }
        RegCloseKey(h);
    }
    free(wkey);
    free(wval);
    if (r != ERROR_SUCCESS && r != ERROR_FILE_NOT_FOUND) {
        char place[600];    /* "HKLM\\KEY, value NAME" */
        snprintf(place, sizeof place, "HKLM\\%s, value %s", key, value);
        return fail_code(err, (DWORD)r, "cannot read", place);
    }
    if (r == ERROR_FILE_NOT_FOUND)
        out->exists = false;
    return true;
}

/* The registry calls of a write, as a table: the real ones, or a test's stand-in that enforces the
 * documented access rules (tests/rules/rule_registry.c). */
static const bfsys_reg_api real_reg = {RegCreateKeyExW, RegSetValueExW, RegDeleteValueW, RegFlushKey, RegCloseKey};

static bool m_reg_write(void *ctx, const char *key, const char *value, const bf_regval *v, bool durable, bf_err *err)
{
    const bfsys_reg_api *reg = ctx ? (const bfsys_reg_api *)ctx : &real_reg;
    WCHAR *wkey = bfsys_utf8_to_wide(key), *wval = bfsys_utf8_to_wide(value);
    const char *what = "cannot write";
    HKEY h;
    LONG r;
    if (!wkey || !wval) {
        free(wkey);
        free(wval);
        return bf_fail(err, "out of memory");
    }
    /* each call's documented access: RegSetValueExW and RegDeleteValueW need KEY_SET_VALUE, RegFlushKey
     * needs KEY_QUERY_VALUE (without it the flush fails with access denied and the value is not known
     * to be on disk) */
    r = reg->create_key(HKEY_LOCAL_MACHINE, wkey, 0, NULL, 0, KEY_SET_VALUE | (durable ? KEY_QUERY_VALUE : 0), NULL,
                        &h, NULL);
    if (r == ERROR_SUCCESS) {
        if (v->exists)
            r = reg->set_value(h, wval, 0, v->type, v->data, (DWORD)v->len);
        else {
            r = reg->delete_value(h, wval);
            if (r == ERROR_FILE_NOT_FOUND)
                r = ERROR_SUCCESS;
        }
        /* on disk before the journal says "done" or "undone": a write the lazy flusher has not reached
         * is lost at a power loss; a failed flush fails the step */
        if (r == ERROR_SUCCESS && durable && (r = reg->flush_key(h)) != ERROR_SUCCESS)
            what = "cannot flush to disk";
        reg->close_key(h);
    }
    free(wkey);
    free(wval);
    if (r != ERROR_SUCCESS) {
        char place[600];    /* "HKLM\\KEY, value NAME" */
        snprintf(place, sizeof place, "HKLM\\%s, value %s", key, value);
        return fail_code(err, (DWORD)r, what, place);
    }
    return true;
}

static bool m_file_read(void *ctx, const char *path, bool *exists, char **data, size_t *len, bf_err *err)
{
    DWORD rc;
    (void)ctx;
    rc = bfsys_read_file(path, data, len, err);
    if (rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND) {
        *exists = false;
        *data = malloc(1);
        if (*data)
            (*data)[0] = 0;
        *len = 0;
        return *data != NULL;
    }
    *exists = rc == ERROR_SUCCESS;
    return rc == ERROR_SUCCESS;
}

/* Creates the directories above path (the journal directory may not exist yet). */
static void make_parents(const char *path)
{
    WCHAR *w = bfsys_utf8_to_wide(path), *p;
    if (!w)
        return;
    for (p = w + 3; *p; p++)
        if (*p == L'\\' || *p == L'/') {
            WCHAR c = *p;
            *p = 0;
            CreateDirectoryW(w, NULL);
            *p = c;
        }
    free(w);
}

static bool m_file_replace(void *ctx, const char *path, const char *data, size_t len, bool durable, bf_err *err)
{
    (void)ctx;
    make_parents(path);
    return bfsys_replace_file(path, data, len, durable, err) == ERROR_SUCCESS;
}

static void m_file_notes(void *ctx, const char *path, bf_buf *out)
{
    (void)ctx;
    bfsys_write_notes(path, out);
}

static SC_HANDLE open_service(const char *name, DWORD access, SC_HANDLE *scm, bf_err *err)
{
    WCHAR *w = bfsys_utf8_to_wide(name);
    SC_HANDLE h = NULL;
    *scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!*scm) {
        fail_code(err, GetLastError(), "cannot open the Service Control Manager for", name);
    } else if (w) {
        h = OpenServiceW(*scm, w, access);
        if (!h) {
            fail_code(err, GetLastError(), "cannot open service", name);
            CloseServiceHandle(*scm);
            *scm = NULL;
        }
    }
    free(w);
    return h;
}

static bf_svc_state state_of(DWORD st)
{
    switch (st) {
    case SERVICE_STOPPED: return BF_SVC_STOPPED;
    case SERVICE_START_PENDING: return BF_SVC_START_PENDING;
    case SERVICE_STOP_PENDING: return BF_SVC_STOP_PENDING;
    case SERVICE_RUNNING: return BF_SVC_RUNNING;
    case SERVICE_PAUSED: return BF_SVC_PAUSED;
    default: return BF_SVC_STATE_UNKNOWN;
    }
}

static bool m_service_state(void *ctx, const char *name, bf_svc_state *st, bf_err *err)
{
    SC_HANDLE scm, h;
    SERVICE_STATUS_PROCESS ssp;
    DWORD needed;
    (void)ctx;
    h = open_service(name, SERVICE_QUERY_STATUS, &scm, err);
    if (!h) {
        if (err && err->code == ERROR_SERVICE_DOES_NOT_EXIST) {
            *st = BF_SVC_NOT_INSTALLED;
            return true;
        }
        return false;
    }
    if (!QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed)) {
        DWORD e = GetLastError();
        CloseServiceHandle(h);
        CloseServiceHandle(scm);
        return fail_code(err, e, "cannot query service", name);
    }
    *st = state_of(ssp.dwCurrentState);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return true;
}

/* The documented wait: poll at a tenth of dwWaitHint (between 100 ms and 1 s) until the state is
 * reached, the service stops making progress past its hint, or the overall timeout passes. */
static bool wait_for(SC_HANDLE h, DWORD want, const char *name, int timeout_ms, bf_err *err)
{
    SERVICE_STATUS_PROCESS ssp;
    DWORD needed, start = GetTickCount(), check_tick = start, last_check = 0;
    for (;;) {
        DWORD wait;
        if (!QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed))
            return fail_code(err, GetLastError(), "cannot query service", name);
        if (ssp.dwCurrentState == want)
            return true;
        if (want == SERVICE_RUNNING && ssp.dwCurrentState == SERVICE_STOPPED)
            return bf_fail(err, "service %s stopped while starting (exit code %lu, service exit code %lu)", name,
                           (unsigned long)ssp.dwWin32ExitCode, (unsigned long)ssp.dwServiceSpecificExitCode);
        if (GetTickCount() - start > (DWORD)timeout_ms) {
            bf_fail(err, "service %s did not reach the %s state within %d ms (it is %s); it was not "
                         "killed: end it by hand or retry", name, want == SERVICE_RUNNING ? "running" : "stopped",
                    timeout_ms, bf_svc_state_token(state_of(ssp.dwCurrentState)));
            if (err)
                err->code = BF_MACHINE_TIMEOUT;
            return false;
        }
        if (ssp.dwCheckPoint != last_check) {
            last_check = ssp.dwCheckPoint;
            check_tick = GetTickCount();
        } else if (ssp.dwWaitHint && GetTickCount() - check_tick > ssp.dwWaitHint * 2 + 1000) {
            bf_fail(err, "service %s stopped making progress (checkpoint %lu, hint %lu ms); it was not killed",
                    name, (unsigned long)ssp.dwCheckPoint, (unsigned long)ssp.dwWaitHint);
            /* the control was sent and may still take effect: the engine must count the step as possibly
             * made and undo it, exactly as when the overall wait runs out */
            if (err)
                err->code = BF_MACHINE_TIMEOUT;
            return false;
        }
        wait = ssp.dwWaitHint / 10;
        if (wait < 100)
            wait = 100;
        if (wait > 1000)
            wait = 1000;
        Sleep(wait);
    }
}

static bool m_service_stop(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    SC_HANDLE scm, h;
    SERVICE_STATUS ss;
    DWORD e;
    bool ok;
    (void)ctx;
    h = open_service(name, SERVICE_STOP | SERVICE_QUERY_STATUS, &scm, err);
    if (!h)
        return false;
    e = ControlService(h, SERVICE_CONTROL_STOP, &ss) ? ERROR_SUCCESS : GetLastError();
    /* still starting (undoing a start whose wait ran out): it accepts no stop until it runs, so let it
     * get there first - waiting for "stopped" would only run out. One that gives up starting is stopped:
     * what the caller wants. */
    if (e == ERROR_SERVICE_CANNOT_ACCEPT_CTRL && QueryServiceStatus(h, &ss) && ss.dwCurrentState == SERVICE_START_PENDING) {
        if (!wait_for(h, SERVICE_RUNNING, name, timeout_ms, err)) {
            ok = QueryServiceStatus(h, &ss) && ss.dwCurrentState == SERVICE_STOPPED;
            CloseServiceHandle(h);
            CloseServiceHandle(scm);
            return ok;
        }
        e = ControlService(h, SERVICE_CONTROL_STOP, &ss) ? ERROR_SUCCESS : GetLastError();
    }
    /* not active: already stopped; cannot accept the control: already stopping - wait for it either way */
    if (e != ERROR_SUCCESS && e != ERROR_SERVICE_NOT_ACTIVE && e != ERROR_SERVICE_CANNOT_ACCEPT_CTRL) {
        CloseServiceHandle(h);
        CloseServiceHandle(scm);
        return fail_code(err, e, "cannot stop service", name);
    }
    ok = wait_for(h, SERVICE_STOPPED, name, timeout_ms, err);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return ok;
}

/* Does another running service share the process pid (a svchost group, Exchange's store and MTA)?
 * 1 yes (its name in other), 0 no, -1 the services could not be listed (then nothing is ended). */
static int process_hosts_others(DWORD pid, const char *name, char *other, size_t other_size)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
    DWORD needed = 0, count = 0, resume = 0;
    int shared = -1;
    if (!scm)
        return -1;
    EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE, NULL, 0, &needed, &count, &resume,
                          NULL);
    BYTE *buf = needed && needed <= 16 * 1024 * 1024 ? malloc(needed) : NULL;
    resume = 0;
    if (buf && EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE, buf, needed, &needed,
                                     &count, &resume, NULL)) {
        const ENUM_SERVICE_STATUS_PROCESSW *e = (const ENUM_SERVICE_STATUS_PROCESSW *)buf;
        shared = 0;
        for (DWORD i = 0; i < count && shared == 0; i++) {
            if (e[i].ServiceStatusProcess.dwProcessId != pid)
                continue;
            char *n = bfsys_wide_to_utf8(e[i].lpServiceName, -1);
            if (n && _stricmp(n, name) != 0) {
                shared = 1;
                snprintf(other, other_size, "%s", n);
            }
            free(n);
        }
    }
    free(buf);
    CloseServiceHandle(scm);
    return shared;
}

/* Ends the process of a service that did not stop in time - only ever called because the administrator
 * chose to (bf_fix_opts.end_process) - then waits for the SCM to see the service stopped. A process that
 * hosts other running services is left alone: ending it would stop them too. */
static bool m_service_end_process(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    SC_HANDLE scm, h;
    SERVICE_STATUS_PROCESS sp;
    DWORD needed = 0;
    char other[256] = "";
    bool ok = false;
    int shared;
    (void)ctx;
    h = open_service(name, SERVICE_QUERY_STATUS, &scm, err);
    if (!h)
        return false;
    if (!QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&sp, sizeof sp, &needed)) {
        fail_code(err, GetLastError(), "cannot query service", name);
    } else if (sp.dwCurrentState == SERVICE_STOPPED) {
        ok = true;      /* it got there meanwhile */
    } else if (!sp.dwProcessId) {
        bf_fail(err, "service %s has no process to end", name);
    } else if ((shared = process_hosts_others(sp.dwProcessId, name, other, sizeof other)) != 0) {
        if (shared > 0)
            bf_fail(err, "the process of service %s (PID %lu) also runs service %s: ending it would stop that too, "
                         "so bindfix leaves it", name, (unsigned long)sp.dwProcessId, other);
        else
            bf_fail(err, "the services could not be listed to check that the process of %s (PID %lu) runs no other: "
                         "bindfix leaves it", name, (unsigned long)sp.dwProcessId);
    } else {
        HANDLE proc = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, sp.dwProcessId);
        if (!proc || !TerminateProcess(proc, ERROR_SERVICE_REQUEST_TIMEOUT)) {
            DWORD e = GetLastError();       /* before snprintf */
            char what[300];
            snprintf(what, sizeof what, "cannot end the process (PID %lu) of service", (unsigned long)sp.dwProcessId);
            fail_code(err, e, what, name);
        } else if (WaitForSingleObject(proc, (DWORD)timeout_ms) != WAIT_OBJECT_0) {
            bf_fail(err, "the process (PID %lu) of service %s did not end within %d ms", (unsigned long)sp.dwProcessId,
                    name, timeout_ms);
        } else {
            /* Windows' SCM marks the service stopped when its process ends; Wine 8's does not (it stays
             * "stop pending", and a start then runs a new process). The process is gone either way: a
             * short wait gives the SCM its chance, then the stop counts as done. */
            bf_err late;
            bf_err_clear(&late);
            wait_for(h, SERVICE_STOPPED, name, timeout_ms < 3000 ? timeout_ms : 3000, &late);
            ok = true;
        }
        if (proc)
            CloseHandle(proc);
    }
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return ok;
}

static bool m_service_start(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    SC_HANDLE scm, h;
    bool ok;
    (void)ctx;
    h = open_service(name, SERVICE_START | SERVICE_QUERY_STATUS, &scm, err);
    if (!h)
        return false;
    DWORD start_err = StartServiceW(h, 0, NULL) ? ERROR_SUCCESS : GetLastError();
    if (start_err != ERROR_SUCCESS && start_err != ERROR_SERVICE_ALREADY_RUNNING) {
        DWORD e = start_err;
        CloseServiceHandle(h);
        CloseServiceHandle(scm);
        return fail_code(err, e, "cannot start service", name);
    }
    ok = wait_for(h, SERVICE_RUNNING, name, timeout_ms, err);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return ok;
}

DWORD bfsys_service_poll_ms(DWORD wait_hint)
{
    /* a tenth of the wait hint (the documented pace), but at most 100 ms: a status query is cheap, and
     * every poll that comes late delays the next wave of the restart */
    DWORD ms = wait_hint / 10;
    return ms < 25 ? 25 : ms > 100 ? 100 : ms;
}

/* Several services at once: every control is sent first, then one loop waits for all of them, so that
 * independent services stop (or start) side by side; each keeps its own verdict. */
static bool m_services_control(void *ctx, const char *const *names, size_t n, bool start, int timeout_ms, bool *ok,
                               bool *timed_out, bf_err *err)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h[32];
    DWORD scm_err = scm ? ERROR_SUCCESS : GetLastError();     /* before GetTickCount */
    DWORD want = start ? SERVICE_RUNNING : SERVICE_STOPPED, began = GetTickCount();
    size_t i, pending = 0;
    bool all = true;
    bf_err first;
    (void)ctx;
    bf_err_clear(&first);
    if (n > 32)
        return bf_fail(err, "too many services in one wave");
    if (!scm)
        return fail_code(err, scm_err, "cannot open the Service Control Manager for", names[0]);
    for (i = 0; i < n; i++) {
        WCHAR *w = bfsys_utf8_to_wide(names[i]);
        SERVICE_STATUS ss;
        ok[i] = false;
        timed_out[i] = false;
        h[i] = w ? OpenServiceW(scm, w, (start ? SERVICE_START : SERVICE_STOP) | SERVICE_QUERY_STATUS) : NULL;
        DWORD open_err = h[i] ? ERROR_SUCCESS : w ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;     /* before free */
        free(w);
        if (!h[i]) {
            if (all)
                fail_code(&first, open_err, "cannot open service", names[i]);
            all = false;
            continue;
        }
        if (start ? (!StartServiceW(h[i], 0, NULL) && GetLastError() != ERROR_SERVICE_ALREADY_RUNNING)
                  : (!ControlService(h[i], SERVICE_CONTROL_STOP, &ss) && GetLastError() != ERROR_SERVICE_NOT_ACTIVE &&
                     GetLastError() != ERROR_SERVICE_CANNOT_ACCEPT_CTRL)) {
            if (all)
                fail_code(&first, GetLastError(), start ? "cannot start service" : "cannot stop service", names[i]);
            all = false;
            CloseServiceHandle(h[i]);
            h[i] = NULL;
            continue;
        }
        pending++;
    }
    while (pending) {
        DWORD hint = 0;
        for (i = 0; i < n; i++) {
            SERVICE_STATUS_PROCESS ssp;
            DWORD needed;
            if (!h[i] || ok[i])
                continue;
            if (!QueryServiceStatusEx(h[i], SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed)) {
                if (all)
                    fail_code(&first, GetLastError(), "cannot query service", names[i]);
                all = false;
            } else if (ssp.dwCurrentState == want) {
                ok[i] = true;
            } else if (start && ssp.dwCurrentState == SERVICE_STOPPED) {
                if (all)
                    bf_fail(&first, "service %s stopped while starting (exit code %lu, service exit code %lu)", names[i],
                            (unsigned long)ssp.dwWin32ExitCode, (unsigned long)ssp.dwServiceSpecificExitCode);
                all = false;
            } else {
                if (ssp.dwWaitHint > hint)
                    hint = ssp.dwWaitHint;
                continue;   /* still on its way */
            }
            CloseServiceHandle(h[i]);
            h[i] = NULL;
            pending--;
        }
        if (!pending)
            break;
        if (GetTickCount() - began > (DWORD)timeout_ms) {
            for (i = 0; i < n; i++)
                if (h[i] && !ok[i]) {
                    if (all) {
                        bf_fail(&first, "service %s did not reach the %s state within %d ms; it was not killed: end it "
                                        "by hand or retry", names[i], start ? "running" : "stopped", timeout_ms);
                        first.code = BF_MACHINE_TIMEOUT;
                    }
                    all = false;
                    timed_out[i] = true;
                    CloseServiceHandle(h[i]);
                    h[i] = NULL;
                }
            break;
        }
        Sleep(bfsys_service_poll_ms(hint));
    }
    CloseServiceHandle(scm);
    if (!all && err)
        *err = first;
    return all;
}

/* Interface metrics and SkipAsSource through the IP Helper functions of Vista and later (ipconfig.c),
 * resolved at run time: Windows before Vista and Wine lack some of them. */
static bool m_metric_get(void *ctx, const char *guid, int *metric, bf_err *err)
{
    bfsys_iphlp f;
    (void)ctx;
    bfsys_iphlp_resolve(&f);
    return bfsys_metric_read(&f, guid, metric, err) == ERROR_SUCCESS;
}

static bool m_metric_set(void *ctx, const char *guid, int metric, bf_err *err)
{
    bfsys_iphlp f;
    (void)ctx;
    bfsys_iphlp_resolve(&f);
    return bfsys_metric_write(&f, guid, metric, err) == ERROR_SUCCESS;
}

static bool m_skip_get(void *ctx, const char *address, bool *skip, bf_err *err)
{
    bfsys_iphlp f;
    (void)ctx;
    bfsys_iphlp_resolve(&f);
    return bfsys_skip_read(&f, address, skip, err) == ERROR_SUCCESS;
}

static bool m_skip_set(void *ctx, const char *address, bool skip, bf_err *err)
{
    bfsys_iphlp f;
    (void)ctx;
    bfsys_iphlp_resolve(&f);
    return bfsys_skip_write(&f, address, skip, err) == ERROR_SUCCESS;
}

static bool m_bindorder_get(void *ctx, bf_regval *out, bf_err *err)
{
    (void)ctx;
    return bfsys_bindorder_read(&bfsys_netcfg_system, out, err) == ERROR_SUCCESS;
}

static bool m_bindorder_set(void *ctx, const bf_regval *order, bool *restart, bf_err *err)
{
    (void)ctx;
    return bfsys_bindorder_write(&bfsys_netcfg_system, order, restart, err) == ERROR_SUCCESS;
}

/* What a journal's limits are judged against (bf_fix_journal_check). */
static bool m_hosts_path(void *ctx, char **path, bf_err *err)
{
    (void)ctx;
    *path = bfsys_hosts_file_path();
    return *path != NULL || bf_fail(err, "out of memory");
}

static bool m_service_kind(void *ctx, const char *name, bool *exists, bool *driver, bf_err *err)
{
    SC_HANDLE scm, h;
    QUERY_SERVICE_CONFIGW *cfg;
    DWORD needed = 0, e;
    (void)ctx;
    *exists = *driver = false;
    h = open_service(name, SERVICE_QUERY_CONFIG, &scm, err);
    if (!h)
        return err && err->code == ERROR_SERVICE_DOES_NOT_EXIST;   /* not installed: an answer */
    QueryServiceConfigW(h, NULL, 0, &needed);
    cfg = needed ? malloc(needed) : NULL;
    if (!cfg || !QueryServiceConfigW(h, cfg, needed, &needed)) {
        e = cfg ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
        free(cfg);
        CloseServiceHandle(h);
        CloseServiceHandle(scm);
        return fail_code(err, e, "cannot read the configuration of service", name);
    }
    *exists = true;
    *driver = (cfg->dwServiceType & (SERVICE_KERNEL_DRIVER | SERVICE_FILE_SYSTEM_DRIVER)) != 0;
    free(cfg);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return true;
}

/* The "bindfix" source of the Application log, registered on first use with this executable as its
 * message file (the message table of res/events.mc is in both executables). */
static void register_event_source(void)
{
    HKEY h;
    WCHAR exe[MAX_PATH];
    DWORD types = EVENTLOG_ERROR_TYPE | EVENTLOG_WARNING_TYPE | EVENTLOG_INFORMATION_TYPE;
    DWORD n = GetModuleFileNameW(NULL, exe, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return;
    if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\EventLog\\Application\\bindfix", 0,
                        NULL, 0, KEY_SET_VALUE, NULL, &h, NULL) != ERROR_SUCCESS)
        return;
    RegSetValueExW(h, L"EventMessageFile", 0, REG_EXPAND_SZ, (const BYTE *)exe, (n + 1) * sizeof(WCHAR));
    RegSetValueExW(h, L"TypesSupported", 0, REG_DWORD, (const BYTE *)&types, sizeof types);
    RegCloseKey(h);
}

static void m_audit(void *ctx, const char *text)
{
    HANDLE src;
    WCHAR *w = bfsys_utf8_to_wide(text);
    bool undo = strncmp(text, "bindfix undid", 13) == 0;
    (void)ctx;
    register_event_source();
    src = RegisterEventSourceW(NULL, L"bindfix");
    if (src && w) {
        const WCHAR *strings[1] = {w};
        ReportEventW(src, undo ? EVENTLOG_WARNING_TYPE : EVENTLOG_INFORMATION_TYPE, 0,
                     undo ? BF_EVENT_UNDO : BF_EVENT_CHANGE, NULL, 1, 0, strings, NULL);
    }
    free(w);
    if (src)
        DeregisterEventSource(src);
}

void bfsys_machine_init(bf_machine *m)
{
    memset(m, 0, sizeof *m);
    m->can_change = m_can_change;
    m->reg_read = m_reg_read;
    m->reg_write = m_reg_write;
    m->file_read = m_file_read;
    m->file_replace = m_file_replace;
    m->file_notes = m_file_notes;
    m->service_state = m_service_state;
    m->service_stop = m_service_stop;
    m->service_start = m_service_start;
    m->services_control = m_services_control;
    m->service_end_process = m_service_end_process;
    m->metric_get = m_metric_get;
    m->metric_set = m_metric_set;
    m->skip_get = m_skip_get;
    m->skip_set = m_skip_set;
    m->bindorder_get = m_bindorder_get;
    m->bindorder_set = m_bindorder_set;
    m->hosts_path = m_hosts_path;
    m->service_kind = m_service_kind;
    m->audit = m_audit;
}

void bfsys_machine_init_reg(bf_machine *m, const bfsys_reg_api *reg)
{
    bfsys_machine_init(m);
    m->ctx = (void *)reg;
}
