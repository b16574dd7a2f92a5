/* rule_services.c - the Service Control Manager's documented rules that Wine 8 does not keep, or that
 * its one-account, quick services never show: waits that follow a service's progress, a stop that meets
 * a starting service inside a wave, ending a hung service's process (PID reuse, SeDebugPrivilege, what
 * the SCM does afterwards), and EnumServicesStatusExW handing out its list in chunks.
 *
 * The waits run for real against Wine's SCM with tests/tools/testsvc.c (built beside this runner) as
 * services that bind nothing (--no-listen: no address outside a namespace is touched); each service is
 * made for the test and deleted after it. The enumeration and the process calls run against stand-ins
 * that answer the way the documentation says Windows does: synthetic, and named so. */
#include "sys.h"     /* winsock2.h before windows.h */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "rules.h"
#include "scm_failure.h"

/* ---- services made for a test ---- */

static bool testsvc_path(WCHAR *out, size_t size)
{
    DWORD n = GetModuleFileNameW(NULL, out, (DWORD)size);
    WCHAR *slash;
    if (n == 0 || n >= size || !(slash = wcsrchr(out, L'\\')) || (size_t)(slash - out) + 20 >= size)
        return false;
    wcscpy(slash + 1, L"testsvc.exe");
    return GetFileAttributesW(out) != INVALID_FILE_ATTRIBUTES;
}

/* Polls name until it is in state (bounded: 600 polls of 100 ms); the last state seen. */
static DWORD svc_wait_state(const WCHAR *name, DWORD state)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h;
    SERVICE_STATUS ss = {0};
    int i;
    if (!scm)
        return 0;
    h = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
    for (i = 0; h && i < 600; i++) {
        if (!QueryServiceStatus(h, &ss) || ss.dwCurrentState == state)
            break;
        Sleep(100);
    }
    if (h)
        CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return ss.dwCurrentState;
}

static void svc_delete(const WCHAR *name)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS), h;
    SERVICE_STATUS ss;
    if (!scm)
        return;
    h = OpenServiceW(scm, name, SERVICE_ALL_ACCESS);
    if (h) {
        if (ControlService(h, SERVICE_CONTROL_STOP, &ss) || GetLastError() != ERROR_SERVICE_NOT_ACTIVE)
            svc_wait_state(name, SERVICE_STOPPED);
        DeleteService(h);
        CloseServiceHandle(h);
    }
    CloseServiceHandle(scm);
}

/* Creates name (demand start) running testsvc.exe with the options; true when created. */
static bool svc_create(const WCHAR *name, const WCHAR *options)
{
    WCHAR exe[MAX_PATH], cmd[1024];
    SC_HANDLE scm, h;
    svc_delete(name);   /* a run that was interrupted may have left it */
    if (!testsvc_path(exe, MAX_PATH))
        return false;
    _snwprintf(cmd, 1024, L"\"%ls\" %ls 1 pop3 --no-listen %ls", exe, name, options);
    cmd[1023] = 0;
    scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ALL_ACCESS);
    if (!scm)
        return false;
    h = CreateServiceW(scm, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
                       SERVICE_ERROR_NORMAL, cmd, NULL, NULL, NULL, NULL, NULL);
    if (h)
        CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return h != NULL;
}

static bool svc_start(const WCHAR *name)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h;
    bool ok = false;
    if (!scm)
        return false;
    if ((h = OpenServiceW(scm, name, SERVICE_START))) {
        ok = StartServiceW(h, 0, NULL) != FALSE;
        CloseServiceHandle(h);
    }
    CloseServiceHandle(scm);
    return ok;
}

static int asked_end;
static bool count_end_question(void *cb, const bf_fix_plan *p, size_t i)
{
    (void)cb;
    (void)p;
    (void)i;
    asked_end++;
    return false;
}

BF_RULE(service_wait_counts_from_the_last_checkpoint,
        "SERVICE_STATUS, dwWaitHint: \"If the amount of time specified by dwWaitHint passes, and dwCheckPoint "
        "has not been incremented or dwCurrentState has not changed, the service control manager or service "
        "control program can assume that an error has occurred\" (learn.microsoft.com, SERVICE_STATUS "
        "structure; \"Stopping a Service\" sample). A stop of 16 s that advances its checkpoint every second "
        "is waited for with an 8 s timeout (the rule is the same at the default 30 s; twice the timeout "
        "keeps the check short), and nothing is asked")
{
    const WCHAR *name = L"bindfix-rule-slowstop";
    bf_snapshot *snap = bf_snapshot_create();
    bf_machine m;
    bf_action a;
    const bf_action *chosen[1] = {&a};
    bf_fix_opts o = {.hosts_backup_suffix = ".bak", .end_process = count_end_question,
                     .service_timeout_ms = 8000};
    bf_buf notes;
    bf_err err;
    bf_fix_plan *p;
    char journal[MAX_PATH + 40];
    WCHAR tmp[MAX_PATH];
    REQUIRE(snap);
    REQUIRE(svc_create(name, L"--stop-progress 16000"));
    REQUIRE(svc_start(name));
    REQUIRE(svc_wait_state(name, SERVICE_RUNNING) == SERVICE_RUNNING);
    bfsys_machine_init(&m);
    memset(&a, 0, sizeof a);
    a.kind = BF_ACTION_RESTART_SERVICES;
    a.title = "restart the slow service";
    a.params.services = "bindfix-rule-slowstop";
    bf_buf_init(&notes);
    bf_err_clear(&err);
    p = bf_fix_plan_build(snap, chosen, 1, &m, &o, &notes, &err);
    if (!p)
        printf("     plan: %s\n", err.msg);
    REQUIRE(p);
    CHECK_INT((int)p->step_count, 2);   /* stop, start */
    GetTempPathW(MAX_PATH, tmp);
    {
        char *t = bfsys_wide_to_utf8(tmp, -1);
        snprintf(journal, sizeof journal, "%sbindfix-rule-slowstop.json", t ? t : "");
        free(t);
    }
    asked_end = 0;
    CHECK(o.service_timeout_ms * 2 == 16000);   /* the timeout: half the stop's 16 s */
    bool ok = bf_fix_apply(p, &m, journal, &o, &err);
    if (!ok)
        printf("     apply: %s\n", err.msg);
    CHECK(ok);
    CHECK_INT(asked_end, 0);            /* never offered to end a service that shows progress */
    CHECK(svc_wait_state(name, SERVICE_RUNNING) == SERVICE_RUNNING);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    bf_snapshot_destroy(snap);
    DeleteFileA(journal);
    svc_delete(name);
}

BF_RULE(stop_wave_lets_start_pending_settle_first,
        "ControlService: ERROR_SERVICE_CANNOT_ACCEPT_CTRL \"The requested control code cannot be sent to the "
        "service because the state of the service is SERVICE_STOPPED, SERVICE_START_PENDING, or "
        "SERVICE_STOP_PENDING\" (learn.microsoft.com, ControlService function, Return value). A wave that "
        "stops a service still starting waits for it to run, then stops it (testsvc refuses the control as "
        "Windows' SCM would: Wine 8 passes it on)")
{
    const WCHAR *slow = L"bindfix-rule-starting", *other = L"bindfix-rule-running";
    const char *names[2] = {"bindfix-rule-starting", "bindfix-rule-running"};
    bool ok[2] = {false, false};
    int code[2] = {-1, -1};
    bf_machine m;
    bf_err err;
    REQUIRE(svc_create(slow, L"--start-delay 5000"));
    REQUIRE(svc_create(other, L""));
    REQUIRE(svc_start(other));
    REQUIRE(svc_wait_state(other, SERVICE_RUNNING) == SERVICE_RUNNING);
    REQUIRE(svc_start(slow));
    {
        SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
        SC_HANDLE h = scm ? OpenServiceW(scm, slow, SERVICE_QUERY_STATUS) : NULL;
        SERVICE_STATUS ss = {0};
        if (h) {
            QueryServiceStatus(h, &ss);
            CloseServiceHandle(h);
        }
        if (scm)
            CloseServiceHandle(scm);
        CHECK_INT((int)ss.dwCurrentState, SERVICE_START_PENDING);     /* the case under test */
    }
    bfsys_machine_init(&m);
    bf_err_clear(&err);
    bool all = m.services_control(m.ctx, names, 2, false, 30000, ok, code, &err);
    if (!all)
        printf("     wave: %s\n", err.msg);
    CHECK(all);
    CHECK(ok[0] && ok[1]);
    CHECK_INT(code[0], 0);
    CHECK_INT((int)svc_wait_state(slow, SERVICE_STOPPED), SERVICE_STOPPED);
    CHECK_INT((int)svc_wait_state(other, SERVICE_STOPPED), SERVICE_STOPPED);
    svc_delete(slow);
    svc_delete(other);
}

/* ---- ending a hung service's process: stand-ins for OpenProcess, QueryServiceStatusEx, TerminateProcess ---- */

typedef struct endproc_standin {
    char calls[64];         /* "o" open, "q" query, "t" terminate, in order */
    DWORD pid_now;          /* what the SCM says the service runs in by the time it is asked */
    DWORD open_error;       /* 0: open succeeds */
    int debug_enabled_in_open;  /* -1 not seen; 0/1 SeDebugPrivilege's state while open_process ran */
} endproc_standin;

static int debug_priv_state(void)
{
    HANDLE tok;
    LUID luid;
    PRIVILEGE_SET ps;
    BOOL on = FALSE;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok))
        return -1;
    ps.PrivilegeCount = 1;
    ps.Control = PRIVILEGE_SET_ALL_NECESSARY;
    if (!LookupPrivilegeValueW(NULL, L"SeDebugPrivilege", &luid) || (ps.Privilege[0].Luid = luid, ps.Privilege[0].Attributes = 0,
                                                                     !PrivilegeCheck(tok, &ps, &on))) {
        CloseHandle(tok);
        return -1;
    }
    CloseHandle(tok);
    return on ? 1 : 0;
}

static HANDLE standin_open(void *ctx, DWORD pid)
{
    endproc_standin *s = ctx;
    (void)pid;
    strcat(s->calls, "o");
    s->debug_enabled_in_open = debug_priv_state();
    if (s->open_error) {
        SetLastError(s->open_error);
        return NULL;
    }
    return CreateEventW(NULL, TRUE, FALSE, NULL);   /* a real handle the code may close */
}

static DWORD standin_query(void *ctx, const char *name, DWORD *pid, DWORD *state)
{
    endproc_standin *s = ctx;
    (void)name;
    strcat(s->calls, "q");
    *pid = s->pid_now;
    *state = SERVICE_STOP_PENDING;
    return ERROR_SUCCESS;
}

static BOOL standin_terminate(void *ctx, HANDLE proc, UINT code)
{
    endproc_standin *s = ctx;
    (void)proc;
    (void)code;
    strcat(s->calls, "t");
    return TRUE;
}

BF_RULE(end_process_opens_then_rechecks_the_pid_synthetic,
        "Process identifiers are reused: \"the identifier is valid only while the process is running\" and a "
        "handle keeps the process object (learn.microsoft.com, GetProcessId / Process Handles and "
        "Identifiers). Open the process first, then confirm with QueryServiceStatusEx that the service still "
        "runs in that PID, and only then TerminateProcess. Stand-ins, synthetic")
{
    endproc_standin s;
    bfsys_endproc_api api = {standin_open, standin_query, standin_terminate, &s};
    HANDLE proc = NULL;
    bf_err err;
    /* the service's PID 4242 was read earlier; by now the service runs in 5000 and 4242 is someone else */
    memset(&s, 0, sizeof s);
    s.pid_now = 5000;
    bf_err_clear(&err);
    CHECK(bfsys_end_service_process(&api, "bindfix-rule", 4242, &proc, &err) == ERROR_INVALID_HANDLE);
    CHECK_STR(s.calls, "oq");           /* opened, asked, and NOT terminated */
    CHECK(proc == NULL);
    CHECK(strstr(err.msg, "nothing was ended") != NULL);
    /* still the same process: opened before the check, terminated after it */
    memset(&s, 0, sizeof s);
    s.pid_now = 4242;
    bf_err_clear(&err);
    CHECK(bfsys_end_service_process(&api, "bindfix-rule", 4242, &proc, &err) == ERROR_SUCCESS);
    CHECK_STR(s.calls, "oqt");
    CHECK(proc != NULL);
    if (proc)
        CloseHandle(proc);
}

BF_RULE(end_process_debug_privilege_for_that_call_only_and_ppl_named,
        "\"Changing Privileges in a Token\" / AdjustTokenPrivileges: enable SeDebugPrivilege (\"Required to "
        "debug and adjust the memory of a process owned by another account\", Privilege Constants) with the "
        "previous state returned, and restore it; a protected process (PPL) refuses PROCESS_TERMINATE even "
        "then (\"Protecting Anti-Malware Services\"). Stand-ins for the process calls, synthetic; the token "
        "is this process's own")
{
    endproc_standin s;
    bfsys_endproc_api api = {standin_open, standin_query, standin_terminate, &s};
    HANDLE proc = NULL, tok;
    TOKEN_PRIVILEGES tp, prev;
    DWORD len = 0;
    bf_err err;
    int before;
    /* start from the privilege disabled, as in an elevated administrator's token */
    REQUIRE(OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &tok));
    tp.PrivilegeCount = 1;
    tp.Privileges[0].Attributes = 0;
    REQUIRE(LookupPrivilegeValueW(NULL, L"SeDebugPrivilege", &tp.Privileges[0].Luid));
    REQUIRE(AdjustTokenPrivileges(tok, FALSE, &tp, sizeof prev, &prev, &len));
    REQUIRE(GetLastError() == ERROR_SUCCESS);   /* the token holds the privilege */
    before = debug_priv_state();
    CHECK_INT(before, 0);
    memset(&s, 0, sizeof s);
    s.pid_now = 4242;
    s.debug_enabled_in_open = -1;
    bf_err_clear(&err);
    CHECK(bfsys_end_service_process(&api, "bindfix-rule", 4242, &proc, &err) == ERROR_SUCCESS);
    CHECK_INT(s.debug_enabled_in_open, 1);     /* on while the process was opened */
    CHECK_INT(debug_priv_state(), before);     /* and put back afterwards */
    if (proc)
        CloseHandle(proc);
    /* a protected service: access denied even with the privilege, said plainly */
    memset(&s, 0, sizeof s);
    s.open_error = ERROR_ACCESS_DENIED;
    bf_err_clear(&err);
    CHECK(bfsys_end_service_process(&api, "bindfix-rule", 4242, &proc, &err) == ERROR_ACCESS_DENIED);
    CHECK(strstr(err.msg, "Windows protects this service; restart the machine or use the product's own tools") != NULL);
    CHECK_STR(s.calls, "o");
    CHECK_INT(debug_priv_state(), before);
    AdjustTokenPrivileges(tok, FALSE, &prev, 0, NULL, NULL);   /* as the runner had it */
    CloseHandle(tok);
}

BF_RULE(end_process_question_says_what_the_scm_does_synthetic,
        "QueryServiceConfig2W, SERVICE_CONFIG_FAILURE_ACTIONS: the actions the SCM takes \"if the service "
        "terminates without reporting a status of SERVICE_STOPPED\" (learn.microsoft.com, "
        "SERVICE_FAILURE_ACTIONS structure, SC_ACTION): an ended process is such a failure, so the question "
        "says what comes next. Wine 8 keeps no failure actions: SERVICE_FAILURE_ACTIONSW answers written by "
        "hand, synthetic")
{
    SC_ACTION restart[2] = {{SC_ACTION_RESTART, 60000}, {SC_ACTION_REBOOT, 0}};
    SC_ACTION run[1] = {{SC_ACTION_RUN_COMMAND, 5000}};
    SC_ACTION reboot[1] = {{SC_ACTION_REBOOT, 120000}};
    SC_ACTION none[1] = {{SC_ACTION_NONE, 0}};
    SERVICE_FAILURE_ACTIONSW fa = {86400, NULL, NULL, 2, restart};
    char note[600];
    long ms;
    bfsys_failure_actions_text(&fa, note, sizeof note, &ms);
    CHECK(strstr(note, "restarts the service after 60000 ms") != NULL);
    CHECK(ms == 60000);
    fa.cActions = 1;
    fa.lpsaActions = run;
    fa.lpCommand = L"C:\\tools\\notify.cmd";
    bfsys_failure_actions_text(&fa, note, sizeof note, &ms);
    CHECK(strstr(note, "runs the program C:\\tools\\notify.cmd after 5000 ms") != NULL);
    CHECK(ms == -1);
    fa.lpsaActions = reboot;
    bfsys_failure_actions_text(&fa, note, sizeof note, &ms);
    CHECK(strstr(note, "RESTARTS THE COMPUTER after 120000 ms") != NULL);
    fa.lpsaActions = none;
    bfsys_failure_actions_text(&fa, note, sizeof note, &ms);
    CHECK(strstr(note, "takes no action") != NULL);
    bfsys_failure_actions_text(NULL, note, sizeof note, &ms);
    CHECK(strstr(note, "not known") != NULL);
}

/* ---- the wait for the SCM's own restart after an ended process: a synthetic SCM ---- */

/* The answers QueryServiceConfig2W and QueryServiceStatusEx give, written by hand (synthetic): Wine 8's
 * QueryServiceConfig2W has no SERVICE_CONFIG_FAILURE_ACTIONS ("Level 2 not implemented", error 124). */
static struct {
    DWORD reset_s, n;
    SC_ACTION acts[3];
    BOOL flag;
    DWORD old_pid, new_pid;
    int restart_after;      /* the status query that first shows the new process; 0: never */
    int status_calls, config_calls;
    DWORD wrong_size;       /* a second call whose buffer is not the size the first one said */
} scm_syn;

static BOOL WINAPI syn_config2(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed)
{
    (void)h;
    scm_syn.config_calls++;
    if (level == SERVICE_CONFIG_FAILURE_ACTIONS) {
        /* the structure, then the actions (no reboot message, no command): the exact size */
        DWORD want = (DWORD)(sizeof(SERVICE_FAILURE_ACTIONSW) + scm_syn.n * sizeof(SC_ACTION));
        SERVICE_FAILURE_ACTIONSW *fa = (SERVICE_FAILURE_ACTIONSW *)buf;
        *needed = want;
        if (!buf || size < want) {
            SetLastError(ERROR_INSUFFICIENT_BUFFER);
            return FALSE;
        }
        if (size != want)
            scm_syn.wrong_size = size;
        memset(buf, 0xCC, size);
        fa->dwResetPeriod = scm_syn.reset_s;
        fa->lpRebootMsg = NULL;
        fa->lpCommand = NULL;
        fa->cActions = scm_syn.n;
        fa->lpsaActions = scm_syn.n ? (SC_ACTION *)(fa + 1) : NULL;
        memcpy(fa + 1, scm_syn.acts, scm_syn.n * sizeof(SC_ACTION));
        return TRUE;
    }
    if (level == SERVICE_CONFIG_FAILURE_ACTIONS_FLAG && buf && size >= sizeof(SERVICE_FAILURE_ACTIONS_FLAG)) {
        ((SERVICE_FAILURE_ACTIONS_FLAG *)buf)->fFailureActionsOnNonCrashFailures = scm_syn.flag;
        *needed = sizeof(SERVICE_FAILURE_ACTIONS_FLAG);
        return TRUE;
    }
    SetLastError(ERROR_INVALID_LEVEL);
    return FALSE;
}

static BOOL WINAPI syn_status(SC_HANDLE h, SC_STATUS_TYPE level, LPBYTE buf, DWORD size, LPDWORD needed)
{
    SERVICE_STATUS_PROCESS *sp = (SERVICE_STATUS_PROCESS *)buf;
    (void)h;
    (void)level;
    *needed = sizeof *sp;
    if (size < sizeof *sp)
        return FALSE;
    memset(sp, 0, sizeof *sp);
    scm_syn.status_calls++;
    if (scm_syn.restart_after && scm_syn.status_calls >= scm_syn.restart_after) {
        sp->dwCurrentState = SERVICE_START_PENDING;
        sp->dwProcessId = scm_syn.new_pid;
    } else {
        sp->dwCurrentState = SERVICE_STOPPED;
    }
    return TRUE;
}

BF_RULE(synthetic_ended_service_waits_for_the_scm_restart_its_failure_actions_give,
        "SERVICE_FAILURE_ACTIONSW (dwResetPeriod, cActions, lpsaActions), SC_ACTION (Type, Delay), "
        "SERVICE_FAILURE_ACTIONS_FLAG: a service that ends without reporting SERVICE_STOPPED gets its failure "
        "actions; QueryServiceConfig2W is called for the size, then with a buffer that large "
        "(learn.microsoft.com). Answers written by hand (synthetic): Wine 8 does not implement that level")
{
    static const bfsys_scm_api api = {syn_config2, syn_status};
    bf_failure_actions fa;
    char text[600];
    long wait_ms;
    bool restarted;
    /* restart after 500 ms, then reboot; reset after an hour */
    memset(&scm_syn, 0, sizeof scm_syn);
    scm_syn.reset_s = 3600;
    scm_syn.n = 2;
    scm_syn.acts[0] = (SC_ACTION){SC_ACTION_RESTART, 500};
    scm_syn.acts[1] = (SC_ACTION){SC_ACTION_REBOOT, 0};
    scm_syn.flag = TRUE;
    scm_syn.old_pid = 4242;
    scm_syn.new_pid = 4300;
    scm_syn.restart_after = 3;  /* the third look sees the new process */
    bfsys_failure_actions_read(&api, NULL, &fa);
    CHECK(fa.known && fa.count == 2 && fa.first_type == BF_SC_ACTION_RESTART && fa.first_delay_ms == 500 &&
          fa.reset_period_s == 3600 && fa.non_crash_flag);
    CHECK_INT(scm_syn.wrong_size, 0);       /* the second call's buffer is the size the first one said */
    wait_ms = bf_scm_restart_wait_ms(&fa, 1500);
    CHECK_INT(wait_ms, 2000);
    /* a bound far beyond what the three looks take: the condition ends the wait, not the clock */
    restarted = bfsys_wait_scm_restart(&api, NULL, scm_syn.old_pid, 600000);
    CHECK(restarted);
    CHECK_INT(scm_syn.status_calls, 3);
    bf_scm_end_outcome(&fa, wait_ms, restarted, text, sizeof text);
    CHECK(strstr(text, "the Service Control Manager restarted the service (first failure action: restart after 500 ms") != NULL);
    /* the SCM never restarts it: the wait ends at its bound and bindfix starts the service */
    scm_syn.restart_after = 0;
    scm_syn.status_calls = 0;
    restarted = bfsys_wait_scm_restart(&api, NULL, scm_syn.old_pid, 100);
    CHECK(!restarted && scm_syn.status_calls >= 1);
    bf_scm_end_outcome(&fa, wait_ms, restarted, text, sizeof text);
    CHECK(strstr(text, "did not come within 2000 ms: bindfix starts the service itself") != NULL);
    /* the first action runs a program: no wait at all */
    scm_syn.acts[0] = (SC_ACTION){SC_ACTION_RUN_COMMAND, 500};
    bfsys_failure_actions_read(&api, NULL, &fa);
    CHECK(fa.known && fa.first_type == BF_SC_ACTION_RUN_COMMAND);
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 1500), -1);
    /* no failure actions (cActions 0): known, nothing to wait for */
    scm_syn.n = 0;
    bfsys_failure_actions_read(&api, NULL, &fa);
    CHECK(fa.known && fa.count == 0);
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 1500), -1);
    bf_scm_end_outcome(&fa, -1, false, text, sizeof text);
    CHECK(strstr(text, "no restart is configured") != NULL);
}

/* ---- EnumServicesStatusExW in chunks: a stand-in SCM ---- */

#define SYN_MAX 600
static struct {
    WCHAR names[SYN_MAX][32];
    bool must[SYN_MAX];  /* present when the enumeration began, or added after its resume point */
    int count;
    int per_call;       /* entries one call hands out at most (the buffer cap, scaled down) */
    bool grow;          /* one more service appears before every call after the first */
    int fail_at;        /* this call (1-based) fails with ERROR_ACCESS_DENIED; 0: none */
    int calls;
} syn;

static void syn_init(int count, int per_call, bool grow)
{
    int i;
    memset(&syn, 0, sizeof syn);
    for (i = 0; i < count; i++)
    {
        _snwprintf(syn.names[i], 32, L"svc-%04d", i * 2);   /* sorted */
        syn.must[i] = true;
    }
    syn.count = count;
    syn.per_call = per_call;
    syn.grow = grow;
}

/* Answers as EnumServicesStatusExW documents: as many entries as fit (at most per_call), strings at the
 * buffer's end, ERROR_MORE_DATA with *resume set to the next index while more remain. The growing
 * variant adds a service before every later call, as one installed meanwhile: in turn at the start of
 * the list (before the resume point: every entry moves one on, so the last one handed out comes again,
 * and the new one is for the next enumeration) and at its end (it must be listed). */
static BOOL WINAPI syn_enum(SC_HANDLE scm, SC_ENUM_TYPE level, DWORD type, DWORD state, LPBYTE buf, DWORD size,
                           LPDWORD needed, LPDWORD returned, LPDWORD resume, LPCWSTR group)
{
    DWORD i, start = resume ? *resume : 0, n = 0, used, str_end = size;
    (void)scm;
    (void)level;
    (void)type;
    (void)state;
    (void)group;
    if (syn.fail_at && ++syn.calls == syn.fail_at) {
        SetLastError(ERROR_ACCESS_DENIED);
        return FALSE;
    }
    if (syn.grow && syn.calls++ > 0 && syn.count < SYN_MAX) {
        int at = syn.calls % 2 ? syn.count : 0, k;
        for (k = syn.count; k > at; k--) {
            memcpy(syn.names[k], syn.names[k - 1], sizeof syn.names[k]);
            syn.must[k] = syn.must[k - 1];
        }
        _snwprintf(syn.names[at], 32, at ? L"zz-new-%04d" : L"aa-new-%04d", syn.calls);
        syn.must[at] = at != 0;
        syn.count++;    /* at 0: the caller's resume index now names the entry it was handed last */
    }
    *returned = 0;
    used = 0;
    memset(buf, 0xCC, size);    /* the previous chunk is gone: pointers kept into it would read garbage */
    for (i = start; (int)i < syn.count && n < (DWORD)syn.per_call; i++) {
        DWORD bytes = (DWORD)(wcslen(syn.names[i]) + 1) * sizeof(WCHAR) * 2;
        ENUM_SERVICE_STATUS_PROCESSW *e = (ENUM_SERVICE_STATUS_PROCESSW *)buf + n;
        if (used + sizeof *e * (n + 1) + bytes > size)
            break;
        str_end -= bytes;
        used += bytes;
        memset(e, 0, sizeof *e);
        e->lpServiceName = (WCHAR *)(buf + str_end);
        wcscpy(e->lpServiceName, syn.names[i]);
        e->lpDisplayName = e->lpServiceName + wcslen(syn.names[i]) + 1;
        wcscpy(e->lpDisplayName, syn.names[i]);
        e->ServiceStatusProcess.dwCurrentState = SERVICE_RUNNING;
        e->ServiceStatusProcess.dwProcessId = 1000 + i;
        n++;
    }
    *returned = n;
    if (resume)
        *resume = i;
    *needed = (DWORD)(syn.count - (int)i) * 200;
    if ((int)i < syn.count) {
        SetLastError(ERROR_MORE_DATA);
        return FALSE;
    }
    *needed = 0;
    return TRUE;
}

/* every name that must be there exactly once, the others at most once, nothing else */
static void check_listed_once(const bfsys_svc_list *l)
{
    int i, listed = 0;
    size_t j;
    for (i = 0; i < syn.count; i++) {
        int seen = 0;
        for (j = 0; j < l->count; j++)
            seen += wcscmp(l->items[j].name, syn.names[i]) == 0 && wcscmp(l->items[j].display, syn.names[i]) == 0;
        listed += seen;
        if (seen > 1 || (syn.must[i] && seen != 1)) {
            printf("     %ls listed %d times\n", syn.names[i], seen);
            CHECK_INT(seen, 1);
            return;
        }
    }
    CHECK_INT(listed, (int)l->count);
}

BF_RULE(enum_services_more_data_in_chunks_synthetic,
        "EnumServicesStatusExW: \"ERROR_MORE_DATA: There are more service entries than would fit into the "
        "lpServices buffer\"; lpResumeHandle \"On output ... the next service entry to be read\"; the buffer "
        "is at most 256K bytes (64K on Windows Server 2003 and XP) (learn.microsoft.com, "
        "EnumServicesStatusExW function). A stand-in handing out 7 entries per call, synthetic")
{
    bfsys_svc_list l;
    syn_init(500, 7, false);
    CHECK(bfsys_enum_services(syn_enum, NULL, SERVICE_STATE_ALL, &l) == ERROR_SUCCESS);
    check_listed_once(&l);
    CHECK(l.count == 500 && l.items[499].status.dwProcessId == 1499);
    bfsys_svc_list_free(&l);
    /* a call that fails part-way: its error comes back (the collector then says the list is
     * incomplete, never an empty list as success), and what came before it is kept */
    syn_init(500, 7, false);
    syn.fail_at = 3;
    CHECK(bfsys_enum_services(syn_enum, NULL, SERVICE_STATE_ALL, &l) == ERROR_ACCESS_DENIED);
    CHECK_INT((int)l.count, 14);
    bfsys_svc_list_free(&l);
}

BF_RULE(enum_services_list_grows_between_calls_synthetic,
        "EnumServicesStatusExW: the list can change between calls (a service installed or started meanwhile); "
        "what each call returned is kept and the strings are copied out of each chunk (learn.microsoft.com, "
        "EnumServicesStatusExW function, lpResumeHandle). A stand-in that grows by one entry before every "
        "later call, synthetic")
{
    bfsys_svc_list l;
    syn_init(60, 7, true);
    CHECK(bfsys_enum_services(syn_enum, NULL, SERVICE_STATE_ALL, &l) == ERROR_SUCCESS);
    CHECK(syn.count > 60);
    check_listed_once(&l);
    bfsys_svc_list_free(&l);
}
