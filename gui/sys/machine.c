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
#include "scm_failure.h"

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
    DWORD r;
    (void)ctx;
    r = bfsys_reg_read(key, value, out);
    if (r == ERROR_NOT_ENOUGH_MEMORY)
        return bf_fail(err, "out of memory");
    if (r != ERROR_SUCCESS) {
        char place[600];    /* "HKLM\\KEY, value NAME" */
        snprintf(place, sizeof place, "HKLM\\%s, value %s", key, value);
        return fail_code(err, r, "cannot read", place);
    }
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
    r = reg->create_key(HKEY_LOCAL_MACHINE, wkey, 0, NULL, 0,
                        KEY_SET_VALUE | (durable ? KEY_QUERY_VALUE : 0) | bfsys_reg_view(key), NULL, &h, NULL);
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
    *st = bfsys_service_state(ssp.dwCurrentState);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return true;
}

/* ---- Waiting for services: one rule for a single stop or start and for a wave ----
 *
 * SERVICE_STATUS (dwCheckPoint, dwWaitHint): the service control program "can assume that an error has
 * occurred" only when dwWaitHint has passed without dwCheckPoint increasing or the state changing. So the
 * patience counts from the last sign of progress: a service that keeps advancing its checkpoint (the
 * Information Store flushing its databases for minutes) is waited for; one that makes no progress for
 * longer than both its own hint and the caller's timeout is hung (err->code BF_MACHINE_TIMEOUT, the only
 * case in which the engine may offer to end its process). BF_SERVICE_WAIT_CAP_MS (core/machine.h) caps
 * the whole wait; a service still making progress there is reported with BF_MACHINE_STILL_GOING and is
 * never offered to be ended.
 * A stop meets a service that is still starting (START_PENDING, or pausing / continuing): it accepts no
 * stop until it settles (ERROR_SERVICE_CANNOT_ACCEPT_CTRL), so the stop is sent once it has, under the
 * same progress rule meanwhile; one that gives up starting is stopped, which is what was wanted.
 * The pace of the status queries is bfsys_service_poll_ms: faster than the 1-10 s of Microsoft's sample
 * ("Stopping a Service"), because a query is cheap and every late poll delays the next wave; the
 * sample's rule for giving up is the one kept. */
typedef struct svc_wait {
    SC_HANDLE h;
    const char *name;
    DWORD want;             /* SERVICE_RUNNING or SERVICE_STOPPED */
    bool send_stop;         /* stop: the control is still to be sent (the service was settling) */
    bool seen;              /* last_state / last_check hold a status */
    DWORD last_state, last_check, progress_tick;
    int code;               /* -1 waiting; 0 reached; BF_MACHINE_TIMEOUT / BF_MACHINE_STILL_GOING; other: failed */
    bool ok;
} svc_wait;

static bool settling(DWORD st)
{
    return st == SERVICE_START_PENDING || st == SERVICE_CONTINUE_PENDING || st == SERVICE_PAUSE_PENDING;
}

/* Records w's outcome; the first failure of the batch goes to *first. */
static void finish(svc_wait *w, bool ok, int code, bf_err *first, const bf_err *why)
{
    w->ok = ok;
    w->code = code;
    if (!ok && first && !first->msg[0] && why)
        *first = *why;
}

/* One status query of w and what it means; true when w is finished. */
static bool poll_one(svc_wait *w, DWORD began, DWORD cap, int timeout_ms, DWORD *hint, bf_err *first)
{
    SERVICE_STATUS_PROCESS ssp;
    DWORD needed, patience, now = GetTickCount();
    bf_err why;
    bf_err_clear(&why);
    if (!QueryServiceStatusEx(w->h, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed)) {
        fail_code(&why, GetLastError(), "cannot query service", w->name);
        finish(w, false, (int)why.code, first, &why);
        return true;
    }
    if (!w->seen || ssp.dwCurrentState != w->last_state || ssp.dwCheckPoint != w->last_check) {
        w->seen = true;     /* progress: the patience starts again */
        w->last_state = ssp.dwCurrentState;
        w->last_check = ssp.dwCheckPoint;
        w->progress_tick = now;
    }
    if (w->send_stop) {
        if (ssp.dwCurrentState == SERVICE_RUNNING || ssp.dwCurrentState == SERVICE_PAUSED) {
            SERVICE_STATUS ss;
            DWORD e = ControlService(w->h, SERVICE_CONTROL_STOP, &ss) ? ERROR_SUCCESS : GetLastError();
            if (e == ERROR_SUCCESS || e == ERROR_SERVICE_NOT_ACTIVE) {
                w->send_stop = false;
                w->progress_tick = now;     /* (never a later tick than now: now - tick must not wrap) */
            } else if (e != ERROR_SERVICE_CANNOT_ACCEPT_CTRL) {
                /* ERROR_DEPENDENT_SERVICES_RUNNING (1051) among them: err->code tells the engine */
                fail_code(&why, e, "cannot stop service", w->name);
                finish(w, false, (int)e, first, &why);
                return true;
            }
        } else if (!settling(ssp.dwCurrentState)) {
            w->send_stop = false;   /* stopped, or already stopping */
        }
    }
    if (ssp.dwCurrentState == w->want && !w->send_stop) {
        finish(w, true, 0, first, NULL);
        return true;
    }
    if (w->want == SERVICE_RUNNING && ssp.dwCurrentState == SERVICE_STOPPED) {
        bf_fail(&why, "service %s stopped while starting (exit code %lu, service exit code %lu)", w->name,
                (unsigned long)ssp.dwWin32ExitCode, (unsigned long)ssp.dwServiceSpecificExitCode);
        finish(w, false, (int)(ssp.dwWin32ExitCode ? ssp.dwWin32ExitCode : ERROR_SERVICE_SPECIFIC_ERROR), first, &why);
        return true;
    }
    patience = ssp.dwWaitHint > (DWORD)timeout_ms ? ssp.dwWaitHint : (DWORD)timeout_ms;
    if (now - w->progress_tick > patience) {
        /* neither its checkpoint nor its state moved for longer than it said it would take: hung */
        bf_fail(&why, "service %s did not reach the %s state within %d ms of its last progress (it is %s%s, checkpoint "
                      "%lu, wait hint %lu ms); it was not killed: end it by hand or retry", w->name,
                w->want == SERVICE_RUNNING ? "running" : "stopped", timeout_ms,
                bf_svc_state_token(bfsys_service_state(ssp.dwCurrentState)),
                w->send_stop ? ", still starting, so no stop could be sent" : "", (unsigned long)ssp.dwCheckPoint,
                (unsigned long)ssp.dwWaitHint);
        why.code = BF_MACHINE_TIMEOUT;
        finish(w, false, BF_MACHINE_TIMEOUT, first, &why);
        return true;
    }
    if (now - began > cap) {
        bf_fail(&why, "service %s is still making progress towards the %s state after %lu s (checkpoint %lu); bindfix "
                      "stops waiting but does not end it: it may still get there", w->name,
                w->want == SERVICE_RUNNING ? "running" : "stopped", (unsigned long)(cap / 1000),
                (unsigned long)ssp.dwCheckPoint);
        why.code = BF_MACHINE_STILL_GOING;
        finish(w, false, BF_MACHINE_STILL_GOING, first, &why);
        return true;
    }
    if (ssp.dwWaitHint > *hint)
        *hint = ssp.dwWaitHint;
    return false;
}

/* Waits for every w[i] still waiting (code -1) until it is finished, as the comment above says. */
static void wait_services(svc_wait *w, size_t n, int timeout_ms, bf_err *first)
{
    DWORD began = GetTickCount(), cap = BF_SERVICE_WAIT_CAP_MS;
    size_t i, pending = 0;
    if ((DWORD)timeout_ms > cap)
        cap = (DWORD)timeout_ms;
    for (i = 0; i < n; i++)
        if (w[i].code == -1) {
            w[i].progress_tick = began;
            pending++;
        }
    while (pending) {
        DWORD hint = 0;
        for (i = 0; i < n; i++)
            if (w[i].code == -1 && poll_one(&w[i], began, cap, timeout_ms, &hint, first))
                pending--;
        if (pending)
            Sleep(bfsys_service_poll_ms(hint));
    }
}

/* Stops or starts several services at once (one or many): every start is sent first (a stop is sent by
 * the wait, once the service accepts it), then one loop waits for all of them, so that independent
 * services stop or start side by side; each keeps its own verdict: ok[i], code[i] (0, BF_MACHINE_TIMEOUT,
 * BF_MACHINE_STILL_GOING, or the error of a failure). */
static bool control_services(const char *const *names, size_t n, bool start, int timeout_ms, bool *ok, int *code,
                             bf_err *err)
{
    SC_HANDLE scm;
    svc_wait w[32];
    size_t i;
    bool all = true;
    bf_err first;
    bf_err_clear(&first);
    if (n > 32)
        return bf_fail(err, "too many services in one wave");
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    if (!scm)
        return fail_code(err, GetLastError(), "cannot open the Service Control Manager for", names[0]);
    for (i = 0; i < n; i++) {
        WCHAR *wn = bfsys_utf8_to_wide(names[i]);
        bf_err why;
        bf_err_clear(&why);
        memset(&w[i], 0, sizeof w[i]);
        w[i].name = names[i];
        w[i].want = start ? SERVICE_RUNNING : SERVICE_STOPPED;
        w[i].code = -1;
        w[i].send_stop = !start;
        w[i].h = wn ? OpenServiceW(scm, wn, (start ? SERVICE_START : SERVICE_STOP) | SERVICE_QUERY_STATUS) : NULL;
        if (!w[i].h) {
            fail_code(&why, wn ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY, "cannot open service", names[i]);
            finish(&w[i], false, (int)why.code, &first, &why);
        } else if (start && !StartServiceW(w[i].h, 0, NULL)) {
            DWORD e = GetLastError();
            if (e != ERROR_SERVICE_ALREADY_RUNNING) {
                fail_code(&why, e, "cannot start service", names[i]);
                finish(&w[i], false, (int)e, &first, &why);
            }
        }
        free(wn);
    }
    wait_services(w, n, timeout_ms, &first);
    for (i = 0; i < n; i++) {
        ok[i] = w[i].ok;
        code[i] = w[i].code;
        all = all && w[i].ok;
        if (w[i].h)
            CloseServiceHandle(w[i].h);
    }
    CloseServiceHandle(scm);
    if (!all && err)
        *err = first;
    return all;
}

static bool m_service_stop(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    bool ok;
    int code;
    (void)ctx;
    return control_services(&name, 1, false, timeout_ms, &ok, &code, err);
}

static bool m_service_start(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    bool ok;
    int code;
    (void)ctx;
    return control_services(&name, 1, true, timeout_ms, &ok, &code, err);
}

static bool m_services_control(void *ctx, const char *const *names, size_t n, bool start, int timeout_ms, bool *ok,
                               int *code, bf_err *err)
{
    (void)ctx;
    return control_services(names, n, start, timeout_ms, ok, code, err);
}

DWORD bfsys_service_poll_ms(DWORD wait_hint)
{
    /* a tenth of the wait hint (the documented pace), but at most 100 ms: a status query is cheap, and
     * every poll that comes late delays the next wave of the restart */
    DWORD ms = wait_hint / 10;
    return ms < 25 ? 25 : ms > 100 ? 100 : ms;
}

/* The active services that depend on name, in the order EnumDependentServicesW gives them: "in reverse
 * order of start", the order in which to stop them. Active includes paused and pending. */
static bool m_service_dependents(void *ctx, const char *name, char ***out, size_t *count, bf_err *err)
{
    SC_HANDLE scm, h;
    DWORD needed = 0, n = 0, i, e;
    ENUM_SERVICE_STATUSW *buf = NULL;
    (void)ctx;
    *out = NULL;
    *count = 0;
    h = open_service(name, SERVICE_ENUMERATE_DEPENDENTS, &scm, err);
    if (!h)
        return err && err->code == ERROR_SERVICE_DOES_NOT_EXIST;    /* none to stop */
    if (!EnumDependentServicesW(h, SERVICE_ACTIVE, NULL, 0, &needed, &n) && (e = GetLastError()) != ERROR_MORE_DATA) {
        CloseServiceHandle(h);
        CloseServiceHandle(scm);
        return fail_code(err, e, "cannot list the services depending on", name);
    }
    for (int tries = 0; needed && tries < 4; tries++) {    /* the list can grow between the two calls */
        DWORD size = needed;
        free(buf);
        buf = malloc(size);
        if (!buf) {
            CloseServiceHandle(h);
            CloseServiceHandle(scm);
            return bf_fail(err, "out of memory");
        }
        if (EnumDependentServicesW(h, SERVICE_ACTIVE, buf, size, &needed, &n))
            break;
        e = GetLastError();
        n = 0;
        if (e != ERROR_MORE_DATA) {
            free(buf);
            CloseServiceHandle(h);
            CloseServiceHandle(scm);
            return fail_code(err, e, "cannot list the services depending on", name);
        }
    }
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    *out = n ? calloc(n, sizeof **out) : NULL;
    for (i = 0; *out && i < n; i++)
        if (((*out)[*count] = bfsys_wide_to_utf8(buf[i].lpServiceName, -1)))
            (*count)++;
    free(buf);
    if (n && !*out)
        return bf_fail(err, "out of memory");
    return true;
}

/* Does another active service share the process pid (a svchost group, Exchange's store and MTA)?
 * 1 yes (its name in other), 0 no, -1 the services could not all be listed (then nothing is ended). */
static int process_hosts_others(DWORD pid, const char *name, char *other, size_t other_size)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE);
    bfsys_svc_list l = {0};
    WCHAR *wname = bfsys_utf8_to_wide(name);
    int shared = -1;
    size_t i;
    if (scm && wname && bfsys_enum_services(NULL, scm, SERVICE_ACTIVE, &l) == ERROR_SUCCESS) {
        shared = 0;
        for (i = 0; i < l.count && shared == 0; i++)
            if (l.items[i].status.dwProcessId == pid && _wcsicmp(l.items[i].name, wname) != 0) {
                char *n = bfsys_wide_to_utf8(l.items[i].name, -1);
                shared = 1;
                snprintf(other, other_size, "%s", n ? n : "?");
                free(n);
            }
    }
    bfsys_svc_list_free(&l);   /* also what a failed enumeration kept */
    free(wname);
    if (scm)
        CloseServiceHandle(scm);
    return shared;
}

void bfsys_failure_actions_text(const SERVICE_FAILURE_ACTIONSW *fa, char *text, size_t size, long *restart_ms)
{
    *restart_ms = -1;
    if (!fa) {
        snprintf(text, size, "what the Service Control Manager does then is not known (its failure actions cannot "
                             "be read)");
        return;
    }
    snprintf(text, size, "the Service Control Manager takes no action of its own");
    if (fa->cActions && fa->lpsaActions) {
        const SC_ACTION *a = &fa->lpsaActions[0];
        char *cmd = fa->lpCommand ? bfsys_wide_to_utf8(fa->lpCommand, -1) : NULL;
        switch (a->Type) {
        case SC_ACTION_RESTART:
            *restart_ms = (long)a->Delay;
            snprintf(text, size, "the Service Control Manager counts it as a failure and restarts the service after "
                                 "%lu ms", (unsigned long)a->Delay);
            break;
        case SC_ACTION_RUN_COMMAND:
            snprintf(text, size, "the Service Control Manager counts it as a failure and runs the program %s after "
                                 "%lu ms", cmd && cmd[0] ? cmd : "(none named)", (unsigned long)a->Delay);
            break;
        case SC_ACTION_REBOOT:
            snprintf(text, size, "the Service Control Manager counts it as a failure and RESTARTS THE COMPUTER after "
                                 "%lu ms", (unsigned long)a->Delay);
            break;
        default:
            break;
        }
        free(cmd);
    }
}

/* The failure actions of the service behind h (QueryServiceConfig2W, SERVICE_CONFIG_FAILURE_ACTIONS) as
 * bfsys_failure_actions_text says them. */
static void failure_actions_text(SC_HANDLE h, char *text, size_t size, long *restart_ms)
{
    DWORD needed = 0;
    SERVICE_FAILURE_ACTIONSW *fa = NULL;
    QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, NULL, 0, &needed);
    if (needed && needed <= 65536 && (fa = malloc(needed)) &&
        !QueryServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, (BYTE *)fa, needed, &needed)) {
        free(fa);
        fa = NULL;
    }
    bfsys_failure_actions_text(fa, text, size, restart_ms);
    free(fa);
}

void bfsys_failure_actions_of(const SERVICE_FAILURE_ACTIONSW *fa, bf_failure_actions *out)
{
    memset(out, 0, sizeof *out);
    if (!fa)
        return;
    out->known = true;
    out->reset_period_s = fa->dwResetPeriod;
    out->count = fa->lpsaActions ? fa->cActions : 0;
    out->first_type = out->count ? (int)fa->lpsaActions[0].Type : BF_SC_ACTION_NONE;
    out->first_delay_ms = out->count ? fa->lpsaActions[0].Delay : 0;
}

const bfsys_scm_api bfsys_scm_system = {QueryServiceConfig2W, QueryServiceStatusEx};

/* The failure actions of the service behind h (two-call QueryServiceConfig2W: the size, then an exact
 * buffer), and SERVICE_CONFIG_FAILURE_ACTIONS_FLAG where the system has it (Vista and later). */
void bfsys_failure_actions_read(const bfsys_scm_api *api, SC_HANDLE h, bf_failure_actions *out)
{
    DWORD needed = 0;
    SERVICE_FAILURE_ACTIONSW *fa = NULL;
    SERVICE_FAILURE_ACTIONS_FLAG flag = {0};
    if (!api->query_config2(h, SERVICE_CONFIG_FAILURE_ACTIONS, NULL, 0, &needed) &&
        GetLastError() == ERROR_INSUFFICIENT_BUFFER && needed >= sizeof *fa && needed <= 65536 &&
        (fa = malloc(needed)) && !api->query_config2(h, SERVICE_CONFIG_FAILURE_ACTIONS, (BYTE *)fa, needed, &needed)) {
        free(fa);
        fa = NULL;
    }
    bfsys_failure_actions_of(fa, out);
    free(fa);
    if (out->known && api->query_config2(h, SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, (BYTE *)&flag, sizeof flag, &needed))
        out->non_crash_flag = flag.fFailureActionsOnNonCrashFailures != FALSE;
}

/* Looks at the service's status every 50 ms and hands each answer to the core's observer (core/scm_failure.h:
 * the races of a restart delay near 0 are decided there) until it gives a verdict. A poll: NotifyServiceStatusChangeW
 * is Vista and later, and a restart is a condition, not a moment. */
static bf_scm_wait_result scm_wait(const bfsys_scm_api *api, SC_HANDLE h, bf_scm_wait *w)
{
    for (;;) {
        SERVICE_STATUS_PROCESS sp;
        DWORD needed;
        bool ok = api->query_status_ex(h, SC_STATUS_PROCESS_INFO, (BYTE *)&sp, sizeof sp, &needed) != FALSE;
        bf_scm_wait_result r = bf_scm_wait_look(w, GetTickCount(), ok,
                                                ok ? bfsys_service_state(sp.dwCurrentState) : BF_SVC_STATE_UNKNOWN,
                                                ok ? sp.dwProcessId : 0);
        if (r != BF_SCM_WAITING)
            return r;
        Sleep(50);
    }
}

bool bfsys_wait_scm_restart(const bfsys_scm_api *api, SC_HANDLE h, DWORD old_pid, DWORD wait_ms)
{
    bf_scm_wait w;
    bf_scm_wait_begin(&w, old_pid, (long)wait_ms, 0, GetTickCount());
    return scm_wait(api, h, &w) == BF_SCM_RESTARTED;
}

static bool m_service_end_note(void *ctx, const char *name, char *text, size_t size)
{
    SC_HANDLE scm, h;
    long restart_ms;
    bf_err ignored;
    (void)ctx;
    bf_err_clear(&ignored);
    h = open_service(name, SERVICE_QUERY_CONFIG, &scm, &ignored);
    if (!h)
        return false;
    failure_actions_text(h, text, size, &restart_ms);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return true;
}

/* SeDebugPrivilege for one call: "Enabling and Disabling Privileges in C++" - enabled with
 * AdjustTokenPrivileges, which hands back the previous state, and that state put back afterwards, so the
 * process never keeps more privilege than it had. */
typedef struct debug_priv {
    HANDLE token;
    TOKEN_PRIVILEGES prev;
    bool changed;
} debug_priv;

static void debug_priv_enable(debug_priv *d)
{
    TOKEN_PRIVILEGES tp;
    DWORD len = 0;
    memset(d, 0, sizeof *d);
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &d->token))
        return;
    tp.PrivilegeCount = 1;
    tp.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
    if (LookupPrivilegeValueW(NULL, L"SeDebugPrivilege", &tp.Privileges[0].Luid) &&
        AdjustTokenPrivileges(d->token, FALSE, &tp, sizeof d->prev, &d->prev, &len))
        d->changed = GetLastError() == ERROR_SUCCESS && d->prev.PrivilegeCount > 0;  /* not ERROR_NOT_ALL_ASSIGNED */
}

static void debug_priv_restore(debug_priv *d)
{
    if (d->changed)
        AdjustTokenPrivileges(d->token, FALSE, &d->prev, 0, NULL, NULL);
    if (d->token)
        CloseHandle(d->token);
}

static const char ppl_text[] = "Windows protects this service; restart the machine or use the product's own tools";

static HANDLE real_open_process(void *ctx, DWORD pid)
{
    (void)ctx;
    return OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pid);
}

static DWORD real_service_pid(void *ctx, const char *name, DWORD *pid, DWORD *state)
{
    SC_HANDLE h = ctx;
    SERVICE_STATUS_PROCESS sp;
    DWORD needed;
    (void)name;
    if (!QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&sp, sizeof sp, &needed))
        return GetLastError();
    *pid = sp.dwProcessId;
    *state = sp.dwCurrentState;
    return ERROR_SUCCESS;
}

static BOOL real_terminate(void *ctx, HANDLE proc, UINT code)
{
    (void)ctx;
    return TerminateProcess(proc, code);
}

DWORD bfsys_end_service_process(const bfsys_endproc_api *api, const char *name, DWORD pid, HANDLE *proc_out,
                                bf_err *err)
{
    DWORD now_pid = 0, state = 0, e;
    HANDLE proc;
    *proc_out = NULL;
    /* the process first: from here on PID pid cannot be given to another process while we hold it. A
     * LocalSystem service's process refuses PROCESS_TERMINATE to an elevated administrator without
     * SeDebugPrivilege: enabled for this call only */
    debug_priv d;
    debug_priv_enable(&d);
    proc = api->open_process(api->ctx, pid);
    e = proc ? ERROR_SUCCESS : GetLastError();
    debug_priv_restore(&d);
    if (!proc) {
        if (e == ERROR_ACCESS_DENIED) {
            bf_fail(err, "cannot end the process (PID %lu) of service %s: access denied even with SeDebugPrivilege. %s",
                    (unsigned long)pid, name, ppl_text);
            err->code = e;
            return e;
        }
        char what[300];
        snprintf(what, sizeof what, "cannot end the process (PID %lu) of service", (unsigned long)pid);
        return bfsys_fail_named(err, e, what, name);
    }
    /* ...then the service must still name it: a PID read earlier may since belong to another process */
    if ((e = api->service_pid(api->ctx, name, &now_pid, &state)) != ERROR_SUCCESS) {
        CloseHandle(proc);
        return bfsys_fail_named(err, e, "cannot query service", name);
    }
    if (state == SERVICE_STOPPED) {
        CloseHandle(proc);
        return ERROR_SUCCESS;   /* it got there meanwhile: nothing to end */
    }
    if (now_pid != pid) {
        CloseHandle(proc);
        bf_fail(err, "service %s no longer runs in PID %lu (it is PID %lu now): nothing was ended", name,
                (unsigned long)pid, (unsigned long)now_pid);
        err->code = ERROR_INVALID_HANDLE;
        return ERROR_INVALID_HANDLE;
    }
    if (!api->terminate(api->ctx, proc, ERROR_SERVICE_REQUEST_TIMEOUT)) {
        e = GetLastError();
        CloseHandle(proc);
        char what[300];
        snprintf(what, sizeof what, "cannot end the process (PID %lu) of service", (unsigned long)pid);
        return bfsys_fail_named(err, e, what, name);
    }
    *proc_out = proc;
    return ERROR_SUCCESS;
}

/* Ends the process of a service that made no progress in time - only ever called because the
 * administrator chose to (bf_fix_opts.end_process) - then waits for the SCM to see the service stopped,
 * or restarted by its own failure actions. A process that hosts other running services is left alone
 * (ending it would stop them too), and so is a protected (PPL) service. */
static bool m_service_end_process(void *ctx, const char *name, int timeout_ms, char *outcome, size_t outcome_size,
                                  bf_err *err)
{
    SC_HANDLE scm, h;
    SERVICE_STATUS_PROCESS sp;
    DWORD needed = 0;
    char other[256] = "";
    bool ok = false;
    int shared;
    (void)ctx;
    h = open_service(name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG, &scm, err);
    if (!h)
        return false;
    struct { DWORD dwLaunchProtected; } lp = {0};   /* SERVICE_LAUNCH_PROTECTED_INFO (not in mingw-w64's winsvc.h) */
    bool protected_ = QueryServiceConfig2W(h, SERVICE_CONFIG_LAUNCH_PROTECTED, (BYTE *)&lp, sizeof lp, &needed) &&
                      lp.dwLaunchProtected != SERVICE_LAUNCH_PROTECTED_NONE;
    if (!QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&sp, sizeof sp, &needed)) {
        fail_code(err, GetLastError(), "cannot query service", name);
    } else if (sp.dwCurrentState == SERVICE_STOPPED) {
        ok = true;      /* it got there meanwhile */
    } else if (protected_) {
        bf_fail(err, "service %s (PID %lu) runs as a protected process: %s", name, (unsigned long)sp.dwProcessId,
                ppl_text);
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
        bfsys_endproc_api api = {real_open_process, real_service_pid, real_terminate, h};
        HANDLE proc = NULL;
        bf_failure_actions fa;
        long wait_ms;
        /* the failure actions read before the process is ended: the wait for the SCM's restart then starts
         * the moment the process is gone */
        bfsys_failure_actions_read(&bfsys_scm_system, h, &fa);
        wait_ms = bf_scm_restart_wait_ms(&fa, timeout_ms);
        if (bfsys_end_service_process(&api, name, sp.dwProcessId, &proc, err) == ERROR_SUCCESS) {
            if (proc && WaitForSingleObject(proc, (DWORD)timeout_ms) != WAIT_OBJECT_0) {
                bf_fail(err, "the process (PID %lu) of service %s did not end within %d ms", (unsigned long)sp.dwProcessId,
                        name, timeout_ms);
            } else if (proc) {
                /* Windows' SCM marks the service stopped when its process ends, and then applies its failure
                 * actions - with a delay near 0 the restart can come before the first look; Wine 8's leaves it
                 * "stop pending". One wait from the moment the process ended, its verdicts from the core
                 * (core/scm_failure.h): the SCM's restart, where the first failure action (read before the
                 * process was ended) is one, for its delay plus the service timeout, so that bindfix's start
                 * step does not race it; otherwise a short wait for "stopped". Then the stop counts as done,
                 * and the start step that follows accepts a service the SCM started first. The process handle
                 * stays open until the wait is over, so its ID cannot be given to another process meanwhile. */
                bf_scm_wait w;
                bf_scm_wait_begin(&w, sp.dwProcessId, wait_ms, timeout_ms < 3000 ? (unsigned long)timeout_ms : 3000,
                                  GetTickCount());
                bool restarted = scm_wait(&bfsys_scm_system, h, &w) == BF_SCM_RESTARTED && wait_ms >= 0;
                if (outcome && outcome_size)
                    bf_scm_end_outcome(&fa, wait_ms, restarted, outcome, outcome_size);
                ok = true;
            } else {
                ok = true;  /* stopped meanwhile: nothing was ended */
            }
            if (proc)
                CloseHandle(proc);
        }
    }
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return ok;
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

static bool m_skip_readd(void *ctx, const char *address, bool skip, bf_err *err)
{
    bfsys_iphlp f;
    DWORD rc;
    (void)ctx;
    bfsys_iphlp_resolve(&f);
    rc = bfsys_skip_readd(&f, address, skip, err);
    if (rc == ERROR_NOT_SUPPORTED)
        err->code = BF_MACHINE_UNAVAILABLE;
    return rc == ERROR_SUCCESS;
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

/* Delayed Automatic Start (issue 16 part 3): SERVICE_CONFIG_DELAYED_AUTO_START_INFO through
 * QueryServiceConfig2W / ChangeServiceConfig2W (both advapi32 since Windows 2000, so imported statically;
 * the info level itself is Windows Vista / Server 2008 and later). NT 5.x is refused by its version; a
 * system that still answers ERROR_INVALID_LEVEL ("dwInfoLevel contains an unsupported value"; Wine 8 does)
 * is refused the same way: BF_MACHINE_UNAVAILABLE, a clean refusal. */
static bool delayed_fail(bf_err *err, DWORD e, const char *what, const char *name)
{
    fail_code(err, e, what, name);
    if (e == ERROR_INVALID_LEVEL)
        err->code = BF_MACHINE_UNAVAILABLE;
    return false;
}

/* Before Vista (NT 5.x) the level is documented as not supported ("Windows Server 2003 and Windows XP: This
 * value is not supported"): refused without asking, whatever error such a system would give. The version
 * from RtlGetVersion (GetVersionEx lies to programs without a manifest), as os.c reads it. */
static bool delayed_level_exists(const char *name, bf_err *err)
{
    typedef LONG(WINAPI * rtl_version_fn)(OSVERSIONINFOEXW *);
    OSVERSIONINFOEXW v;
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    rtl_version_fn get = ntdll ? (rtl_version_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetVersion") : NULL;
    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    if (get && get(&v) == 0 && v.dwMajorVersion < 6) {
        bf_fail(err, "service %s: Delayed Automatic Start is Windows Vista / Server 2008 and later; this is Windows "
                     "NT %lu.%lu", name, (unsigned long)v.dwMajorVersion, (unsigned long)v.dwMinorVersion);
        err->code = BF_MACHINE_UNAVAILABLE;
        return false;
    }
    return true;
}

/* The flag and whether the start type is SERVICE_AUTO_START, for the service behind h: ERROR_SUCCESS or the
 * failing call's error (a QueryServiceConfigW of the exact size its first call asks for, then
 * QueryServiceConfig2W into a SERVICE_DELAYED_AUTO_START_INFO). */
DWORD bfsys_delayed_read(const bfsys_delayed_api *api, SC_HANDLE h, bool *auto_start, bool *delayed)
{
    QUERY_SERVICE_CONFIGW *cfg;
    SERVICE_DELAYED_AUTO_START_INFO info = {FALSE};
    DWORD needed = 0, e = ERROR_SUCCESS;
    *auto_start = *delayed = false;
    /* the size first: it fails with ERROR_INSUFFICIENT_BUFFER and says how much */
    if (!api->query_config(h, NULL, 0, &needed) && (e = GetLastError()) != ERROR_INSUFFICIENT_BUFFER)
        return e;
    e = ERROR_SUCCESS;
    if (!needed || !(cfg = malloc(needed)))
        return ERROR_NOT_ENOUGH_MEMORY;
    if (!api->query_config(h, cfg, needed, &needed))
        e = GetLastError();
    else if (!api->query_config2(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, (BYTE *)&info, sizeof info, &needed))
        e = GetLastError();
    else {
        *auto_start = cfg->dwStartType == SERVICE_AUTO_START;
        *delayed = info.fDelayedAutostart != FALSE;
    }
    free(cfg);
    return e;
}

DWORD bfsys_delayed_write(const bfsys_delayed_api *api, SC_HANDLE h, bool delayed)
{
    SERVICE_DELAYED_AUTO_START_INFO info;
    info.fDelayedAutostart = delayed ? TRUE : FALSE;
    return api->change_config2(h, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &info) ? ERROR_SUCCESS : GetLastError();
}

const bfsys_delayed_api bfsys_delayed_system = {QueryServiceConfigW, QueryServiceConfig2W, ChangeServiceConfig2W};

static bool m_service_delayed_get(void *ctx, const char *name, bool *auto_start, bool *delayed, bf_err *err)
{
    SC_HANDLE scm, h;
    DWORD e;
    (void)ctx;
    *auto_start = *delayed = false;
    if (!delayed_level_exists(name, err))
        return false;
    h = open_service(name, SERVICE_QUERY_CONFIG, &scm, err);
    if (!h)
        return false;
    e = bfsys_delayed_read(&bfsys_delayed_system, h, auto_start, delayed);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return e == ERROR_SUCCESS || delayed_fail(err, e, "cannot read the Delayed Automatic Start flag of service", name);
}

static bool m_service_delayed_set(void *ctx, const char *name, bool delayed, bf_err *err)
{
    SC_HANDLE scm, h;
    DWORD e;
    (void)ctx;
    if (!delayed_level_exists(name, err))
        return false;
    h = open_service(name, SERVICE_CHANGE_CONFIG, &scm, err);
    if (!h)
        return false;
    e = bfsys_delayed_write(&bfsys_delayed_system, h, delayed);
    CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return e == ERROR_SUCCESS || delayed_fail(err, e, "cannot change the Delayed Automatic Start flag of service", name);
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

/* The port-exclusion step (core/fix_engine.c stops and starts WinNAT around it through the SCM calls
 * above): System32's netsh, by full path, as the scan reads the ranges (portranges.c). */
static bool m_port_exclusions_get(void *ctx, int family, const char *transport, bf_regval *out, bf_err *err)
{
    WCHAR netsh[MAX_PATH + 16];
    char why[400] = "";
    bf_buf b;
    DWORD rc;
    (void)ctx;
    memset(out, 0, sizeof *out);
    if (bfsys_system32_file(L"netsh.exe", netsh, BF_COUNTOF(netsh)) != ERROR_SUCCESS)
        return bf_fail(err, "cannot find the System32 folder");
    bf_buf_init(&b);
    rc = bfsys_port_exclusions_read_with(netsh, family, transport, &b, why, sizeof why);
    if (rc == ERROR_SUCCESS) {
        out->data = malloc(b.len ? b.len : 1);
        if (!out->data) {
            bf_buf_free(&b);
            return bf_fail(err, "out of memory");
        }
        if (b.len)
            memcpy(out->data, b.data, b.len);
        out->len = b.len;
        out->type = 0;
        out->exists = true;
    }
    bf_buf_free(&b);
    if (rc == ERROR_SUCCESS)
        return true;
    bf_fail(err, "%s", why);
    if (err)
        err->code = rc == ERROR_NOT_SUPPORTED ? BF_MACHINE_UNAVAILABLE : (int)rc;
    return false;
}

static bool m_port_exclusion_edit(void *ctx, int family, const char *transport, bool add, int start, int count,
                                  bf_err *err)
{
    WCHAR netsh[MAX_PATH + 16];
    char why[600] = "";
    DWORD rc;
    (void)ctx;
    if (bfsys_system32_file(L"netsh.exe", netsh, BF_COUNTOF(netsh)) != ERROR_SUCCESS)
        return bf_fail(err, "cannot find the System32 folder");
    rc = bfsys_port_exclusion_edit_with(netsh, family, transport, add, start, count, why, sizeof why);
    if (rc == ERROR_SUCCESS)
        return true;
    bf_fail(err, "%s", why);
    if (err)
        err->code = (int)rc;
    return false;
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

static bool m_dns_register(void *ctx, bf_err *err)
{
    (void)ctx;
    return bfsys_dns_register(err);
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
    m->service_end_note = m_service_end_note;
    m->service_dependents = m_service_dependents;
    m->metric_get = m_metric_get;
    m->metric_set = m_metric_set;
    m->skip_get = m_skip_get;
    m->skip_set = m_skip_set;
    m->skip_readd = m_skip_readd;
    m->bindorder_get = m_bindorder_get;
    m->bindorder_set = m_bindorder_set;
    m->port_exclusions_get = m_port_exclusions_get;
    m->port_exclusion_edit = m_port_exclusion_edit;
    m->hosts_path = m_hosts_path;
    m->service_kind = m_service_kind;
    m->service_delayed_get = m_service_delayed_get;
    m->service_delayed_set = m_service_delayed_set;
    m->audit = m_audit;
    m->dns_register = m_dns_register;
}

void bfsys_machine_init_reg(bf_machine *m, const bfsys_reg_api *reg)
{
    bfsys_machine_init(m);
    m->ctx = (void *)reg;
}
