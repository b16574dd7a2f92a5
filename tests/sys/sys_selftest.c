/* sys_selftest.c - the system layer's own pieces driven directly under Wine, for what bindfix-cli cannot
 * steer from outside (tests/sys/run-sys-tests.sh runs it):
 *
 *   sys-selftest.exe units DIR
 *       conversions, error texts, whole-file read and atomic write in DIR (a Windows path); prints
 *       "ok   NAME" / "FAIL NAME" per check.
 *   sys-selftest.exe probe ADDRESSES TIMEOUT_MS TARGET...
 *       the real bind/greeting probe code (probe.c) on a snapshot whose resolver answer is ADDRESSES
 *       (comma-separated) instead of the host name's, so a test chooses exactly which address is probed;
 *       adapters and listeners are collected for real (they decide "local" and name a port's owner).
 *       TARGET is transport:port:greeting ("tcp:4110:pop3", "udp:4111:"). Prints the snapshot as JSON.
 *   sys-selftest.exe delayedauto NAME JOURNAL apply|undo
 *       the startup race's repair step on a real service (see delayedauto below).
 */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "machine.h"
#include "snapshot_json.h"
#include "strbuf.h"

static int passed, failed;

/* A failure names the caller's line (check(...) passes __LINE__), as testlib.h's helpers do. */
static void check_(int at, const char *name, bool ok, const char *detail)
{
    if (ok)
        printf("ok   %s\n", name);
    else
        printf("FAIL %s (%s:%d)%s%s\n", name, __FILE__, at, detail ? ": " : "", detail ? detail : "");
    if (ok)
        passed++;
    else
        failed++;
}
#define check(...) check_(__LINE__, __VA_ARGS__)

static WCHAR *join(const WCHAR *dir, const WCHAR *name)
{
    size_t n = wcslen(dir) + wcslen(name) + 2;
    WCHAR *p = malloc(n * sizeof(WCHAR));
    if (p)
        _snwprintf(p, n, L"%ls\\%ls", dir, name);
    return p;
}

static int count_tmp_files(const WCHAR *dir)
{
    WCHAR *pattern = join(dir, L"*.tmp");
    WIN32_FIND_DATAW fd;
    HANDLE h;
    int n = 0;
    if (!pattern)
        return -1;
    h = FindFirstFileW(pattern, &fd);
    free(pattern);
    if (h == INVALID_HANDLE_VALUE)
        return 0;
    do
        n++;
    while (FindNextFileW(h, &fd));
    FindClose(h);
    return n;
}

static int units(const char *dir_utf8)
{
    WCHAR *dir = bfsys_utf8_to_wide(dir_utf8);
    char *u, text[300], *data = NULL, path[600], badpath[600], uni[600];
    WCHAR *w;
    size_t len = 0;
    bf_err err;
    DWORD rc, code = 0;

    /* UTF-16 -> UTF-8, non-ASCII and outside the BMP */
    u = bfsys_wide_to_utf8(L"Ex\u00e9\u4e2d\U0001F600", -1);
    check("utf16_to_utf8_non_ascii", u && strcmp(u, "Ex\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80") == 0, u);
    free(u);
    {
        /* a hostile adapter name: an unpaired high surrogate must show as U+FFFD, not vanish or fail */
        static const WCHAR lone[] = {L'a', 0xd800, L'b', 0};
        u = bfsys_wide_to_utf8(lone, -1);
        check("utf16_unpaired_surrogate_is_U+FFFD", u && strcmp(u, "a\xef\xbf\xbd" "b") == 0, u);
        free(u);
    }
    u = bfsys_wide_to_utf8(L"abc", 2);
    check("utf16_counted_length", u && strcmp(u, "ab") == 0, u);
    free(u);
    u = bfsys_wide_to_utf8(L"abc", 0);
    check("utf16_zero_length_is_empty", u && u[0] == 0, u);
    free(u);
    u = bfsys_wide_to_utf8(NULL, 5);
    check("utf16_null_is_empty", u && u[0] == 0, u);
    free(u);
    w = bfsys_utf8_to_wide("x\xffy");
    check("utf8_invalid_byte_is_U+FFFD", w && w[0] == L'x' && w[1] == 0xfffd && w[2] == L'y' && w[3] == 0, NULL);
    free(w);
    w = bfsys_utf8_to_wide("\xc3\xa9\xe4\xb8\xad");
    check("utf8_to_utf16_non_ascii", w && w[0] == 0xe9 && w[1] == 0x4e2d && w[2] == 0, NULL);
    free(w);

    /* error texts keep the number and the system's words */
    bfsys_error_text(WSAEADDRNOTAVAIL, text, sizeof text);
    check("error_text_10049_has_number_and_words", strstr(text, "(10049)") && strlen(text) > 10, text);
    bfsys_error_text(0x7ffffff0u, text, sizeof text);
    check("error_text_unknown_code", strcmp(text, "error 2147483632") == 0, text);
    bf_err_clear(&err);
    check("fail_code_0_is_gen_failure", bfsys_fail_code(&err, 0, "p", "what") == ERROR_GEN_FAILURE, err.msg);
    check("reg_string_absent_value",
          bfsys_reg_string(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters",
                           L"bindfix-no-such-value", &code) == NULL && code == ERROR_FILE_NOT_FOUND, NULL);

    /* atomic write: replace an existing file, leave no temporary file behind */
    snprintf(path, sizeof path, "%s\\atomic.json", dir_utf8);
    rc = bfsys_write_file_atomic(path, "one", 3, &err);
    rc = rc ? rc : bfsys_write_file_atomic(path, "second", 6, &err);
    rc = rc ? rc : bfsys_read_file(path, &data, &len, &err);
    check("write_atomic_replaces_existing_file", rc == 0 && len == 6 && strcmp(data, "second") == 0, err.msg);
    free(data);
    data = NULL;
    check("write_atomic_leaves_no_temporary_file", count_tmp_files(dir) == 0, NULL);
    rc = bfsys_write_file_atomic(path, "", 0, &err);
    rc = rc ? rc : bfsys_read_file(path, &data, &len, &err);
    check("write_and_read_empty_file", rc == 0 && len == 0 && data && data[0] == 0, err.msg);
    free(data);
    data = NULL;

    /* a file name with non-ASCII characters goes through the W APIs */
    snprintf(uni, sizeof uni, "%s\\snap-\xc3\xa9\xe4\xb8\xad.json", dir_utf8);
    rc = bfsys_write_file_atomic(uni, "{}", 2, &err);
    rc = rc ? rc : bfsys_read_file(uni, &data, &len, &err);
    check("non_ascii_file_name_round_trip", rc == 0 && len == 2 && memcmp(data, "{}", 2) == 0, err.msg);
    free(data);
    data = NULL;

    /* failures name the file and keep the Win32 code; nothing is created */
    snprintf(badpath, sizeof badpath, "%s\\no\\such\\dir\\x.json", dir_utf8);
    bf_err_clear(&err);
    rc = bfsys_write_file_atomic(badpath, "x", 1, &err);
    check("write_into_missing_directory_fails_naming_it",
          rc == ERROR_PATH_NOT_FOUND && strstr(err.where, "x.json") && err.code == ERROR_PATH_NOT_FOUND, err.msg);
    check("failed_write_leaves_no_temporary_file", count_tmp_files(dir) == 0, NULL);
    snprintf(badpath, sizeof badpath, "%s\\missing.json", dir_utf8);
    bf_err_clear(&err);
    rc = bfsys_read_file(badpath, &data, &len, &err);
    check("read_missing_file_fails_naming_it", rc == ERROR_FILE_NOT_FOUND && strstr(err.where, "missing.json"), err.msg);
    bf_err_clear(&err);
    rc = bfsys_read_file(dir_utf8, &data, &len, &err);
    check("read_a_directory_fails_cleanly", rc != 0 && err.msg[0], err.msg);

    /* SkipAsSource (machine.c): Wine has GetUnicastIpAddressTable but not SetUnicastIpAddressEntry, so a
     * repair must refuse the change with a clear reason rather than pretend; an address the machine
     * does not hold, and text that is no address, are named. (On Windows the same calls set the flag.) */
    {
        bf_machine m;
        bool skip = false;
        memset(&m, 0, sizeof m);
        bfsys_machine_init(&m);
        bf_err_clear(&err);
        bool got = m.skip_get && m.skip_get(m.ctx, "127.0.0.1", &skip, &err);
        check("skip_as_source_on_wine_is_refused_with_the_reason",
              !got && strstr(err.msg, "SetUnicastIpAddressEntry") && strstr(err.msg, "not available"), err.msg);
        bf_err_clear(&err);
        check("skip_as_source_set_refused_too", m.skip_set && !m.skip_set(m.ctx, "127.0.0.1", true, &err) &&
                                                    strstr(err.msg, "not available"), err.msg);
    }

    /* The binding order through INetCfg (netcfg.c): Wine creates CLSID_CNetCfg but its FindComponent
     * returns E_NOTIMPL, so reading and writing must say "unavailable" (the plan then edits
     * Linkage\Bind, as tested end to end in check-repair) and change nothing. The moves themselves are
     * tested against a stand-in with synthetic answers in sys-synthetic. */
    {
        bf_machine m;
        bf_regval v;
        unsigned char one[] = "\\\0D\0e\0v\0i\0c\0e\0\\\0X\0\0\0\0\0";
        bf_regval order = {true, REG_MULTI_SZ, one, sizeof one - 1};
        bool restart = false;
        memset(&m, 0, sizeof m);
        bfsys_machine_init(&m);
        bf_err_clear(&err);
        bool got = m.bindorder_get && m.bindorder_get(m.ctx, &v, &err);
        check("inetcfg_on_wine_is_unavailable_naming_findcomponent",
              !got && err.code == BF_MACHINE_UNAVAILABLE && strstr(err.msg, "FindComponent(ms_tcpip)") &&
                  strstr(err.msg, "0x80004001"),
              err.msg);
        if (got)
            bf_regval_free(&v);
        bf_err_clear(&err);
        check("inetcfg_set_on_wine_is_unavailable_too",
              m.bindorder_set && !m.bindorder_set(m.ctx, &order, &restart, &err) && err.code == BF_MACHINE_UNAVAILABLE, err.msg);
    }
    {
        /* announce.c on this system, for real (issue 23): where uiautomationcore.dll has
         * UiaRaiseNotificationEvent (Windows 10 1709 on), a UIA notification; where it has none - Wine 8's
         * exports no such function, not even a stub - the live region, its event raised through the real
         * NotifyWinEvent. The UIA way itself is then covered only by sys_synthetic.c's stand-ins. */
        HRESULT com = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
        HWND ctl = CreateWindowExW(0, L"STATIC", L"", 0, 0, 0, 10, 10, HWND_MESSAGE, NULL, NULL, NULL);
        bfsys_announce_api api;
        bfsys_announce_api_init(&api);
        bfsys_announce_way way = bfsys_announce(&api, ctl, L"Repaired and verified");
        if (api.raise_notification)
            check("announce_here_by_a_UIA_notification_for_real", ctl && way == BFSYS_ANNOUNCE_UIA, NULL);
        else
            check("announce_here_no_UiaRaiseNotificationEvent_so_the_live_region_event_for_real",
                  ctl && api.notify_win_event && way == BFSYS_ANNOUNCE_LIVE_REGION, NULL);
        /* the shield's words (bfsys_acc_describe): the property says so only where oleacc set the description */
        HRESULT hr = ctl ? bfsys_acc_describe(ctl, L"Needs administrator rights") : E_FAIL;
        char name[96];
        snprintf(name, sizeof name, "acc_describe_answered_0x%08lx_and_marks_the_control_only_if_it_took",
                 (unsigned long)hr);
        check(name, ctl && SUCCEEDED(hr) == (GetPropW(ctl, BFSYS_DESCRIBED_PROP) != NULL), NULL);
        if (ctl)
            DestroyWindow(ctl);
        if (SUCCEEDED(com))
            CoUninitialize();
    }
    free(dir);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

static int probe(const char *addresses, int timeout_ms, int ntargets, char **targets_text)
{
    WSADATA wsa;
    bf_snapshot *s = bf_snapshot_create();
    bf_resolution *r;
    bf_probe_target *targets = calloc((size_t)(ntargets ? ntargets : 1), sizeof *targets);
    char *list = _strdup(addresses), *tok, *next = NULL;
    bf_collect_opts o;
    bf_buf out;
    int i;
    if (!s || !targets || !list || WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return 2;
    for (i = 0; i < ntargets; i++) {
        /* transport:port:greeting, kept in argv's storage */
        char *a = targets_text[i], *c1 = strchr(a, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c1 || !c2) {
            fprintf(stderr, "target %d \"%s\": expected transport:port:greeting\n", i + 1, a);
            return 2;
        }
        *c1 = *c2 = 0;
        targets[i].transport = a;
        targets[i].port = atoi(c1 + 1);
        targets[i].service = "";
        targets[i].greeting = c2 + 1;
        targets[i].protocol = c2[1] ? c2 + 1 : "raw";
    }
    if (bfsys_collect_adapters(s) || bfsys_collect_listeners(s))
        return 2;
    r = bf_snap_add_resolution(s, "gethostbyname", "selftest");
    for (tok = strtok_s(list, ",", &next); tok; tok = strtok_s(NULL, ",", &next))
        bf_resolution_add_address(s, r, tok);
    bf_collect_opts_default(&o);
    o.targets = targets;
    o.target_count = (size_t)ntargets;
    o.greetings = true;
    o.probe_timeout_ms = timeout_ms;
    if (bfsys_probe_endpoints(s, &o) != ERROR_SUCCESS)
        return 2;
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    fwrite(bf_buf_cstr(&out), 1, strlen(bf_buf_cstr(&out)), stdout);
    bf_buf_free(&out);
    bf_snapshot_destroy(s);
    free(targets);
    free(list);
    WSACleanup();
    return 0;
}

/* portranges NETSH|-: the port ranges collected through netsh at that path ("-": System32's, as the scan
 * does), printed as the snapshot writes them. */
static int portranges(const char *netsh)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_buf out;
    DWORD rc;
    WCHAR *w = NULL;
    if (!s)
        return 3;
    s->os.major = 10;
    if (strcmp(netsh, "-") == 0) {
        rc = bfsys_collect_port_ranges_live(s);
    } else {
        w = bfsys_utf8_to_wide(netsh);
        rc = w ? bfsys_collect_port_ranges_with(s, w) : ERROR_NOT_ENOUGH_MEMORY;
    }
    free(w);
    if (rc != ERROR_SUCCESS) {
        printf("error %lu\n", (unsigned long)rc);
        bf_snapshot_destroy(s);
        return 1;
    }
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    fputs(bf_buf_cstr(&out), stdout);
    bf_buf_free(&out);
    bf_snapshot_destroy(s);
    return 0;
}

/* httplisten: http.sys's listen list as the scan collects it, printed as the snapshot writes it. */
static int httplisten(void)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_buf out;
    DWORD rc;
    if (!s)
        return 3;
    rc = bfsys_collect_http_listen(s);
    if (rc != ERROR_SUCCESS) {
        printf("error %lu\n", (unsigned long)rc);
        bf_snapshot_destroy(s);
        return 1;
    }
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    fputs(bf_buf_cstr(&out), stdout);
    bf_buf_free(&out);
    bf_snapshot_destroy(s);
    return 0;
}

/* collecttimes ROUNDS: the whole scan (no probes) ROUNDS times in this process, each step timed from the
 * progress callback that announces it to the next one (QueryPerformanceCounter): per round the total and
 * issue 15's three collectors (http.sys listen list, port ranges, listen settings), for make bench-listen. */
typedef struct step_clock {
    LARGE_INTEGER at[32];
    const char *what[32];
    int n;
} step_clock;

static void clock_step(void *ctx, int percent, const char *what)
{
    step_clock *c = ctx;
    (void)percent;
    if (c->n < 31) {
        QueryPerformanceCounter(&c->at[c->n]);
        c->what[c->n++] = what;
    }
}

static int collecttimes(int rounds)
{
    LARGE_INTEGER freq;
    QueryPerformanceFrequency(&freq);
    for (int r = 0; r < rounds; r++) {
        bf_snapshot *s = bf_snapshot_create();
        bf_collect_opts o;
        step_clock c;
        bf_err err;
        double issue15 = 0, part[3] = {0, 0, 0}, total;
        static const char *const parts[3] = {"http.sys listen list", "port ranges", "listen settings"};
        DWORD rc;
        if (!s)
            return 3;
        memset(&c, 0, sizeof c);
        bf_collect_opts_default(&o);
        o.probes = false;
        o.progress = clock_step;
        o.progress_ctx = &c;
        rc = bfsys_collect(&o, s, &err);
        QueryPerformanceCounter(&c.at[c.n]);
        if (rc != ERROR_SUCCESS || c.n < 2) {
            printf("error %lu\n", (unsigned long)rc);
            bf_snapshot_destroy(s);
            return 1;
        }
        for (int i = 0; i < c.n; i++)
            for (int k = 0; k < 3; k++)
                if (strcmp(c.what[i], parts[k]) == 0) {
                    part[k] = (double)(c.at[i + 1].QuadPart - c.at[i].QuadPart) * 1000.0 / (double)freq.QuadPart;
                    issue15 += part[k];
                }
        total = (double)(c.at[c.n].QuadPart - c.at[0].QuadPart) * 1000.0 / (double)freq.QuadPart;
        /* what the sections read, so the bench checks it measured the machine it set up */
        printf("round %d total_ms %.2f issue15_ms %.2f http_ms %.2f ranges_ms %.2f pins_ms %.2f http %zu urls %zu ssl %zu "
               "pins %zu ranges_status %s\n", r, total, issue15, part[0], part[1], part[2], s->http_listen.address_count, s->http_listen.url_count, s->http_listen.ssl_count, s->pins.count,
               bf_section_status_token(s->port_ranges.status));
        bf_snapshot_destroy(s);
    }
    return 0;
}

/* portexclusion NETSH: the port-exclusion repair step's system layer. First the machine's read through
 * System32's netsh (under Wine: no table, so BF_MACHINE_UNAVAILABLE and the plan gives the commands), then
 * read, add and delete through netsh at NETSH (a stand-in that records its arguments). */
static int portexclusion(const char *netsh)
{
    bf_machine m;
    bf_regval v = {0};
    bf_err err;
    bf_buf b;
    char why[600] = "";
    WCHAR *w = bfsys_utf8_to_wide(netsh);
    DWORD rc;
    size_t i;
    if (!w)
        return 3;
    bfsys_machine_init(&m);
    bf_err_clear(&err);
    {
        bool ok = m.port_exclusions_get(m.ctx, 4, "tcp", &v, &err);     /* before err is printed */
        printf("machine-read %s code %d: %s\n", ok ? "ok" : "failed", err.code, err.msg);
    }
    bf_regval_free(&v);
    bf_buf_init(&b);
    rc = bfsys_port_exclusions_read_with(w, 4, "tcp", &b, why, sizeof why);
    printf("read %lu [", (unsigned long)rc);
    for (i = 0; i < b.len; i++)
        putchar(b.data[i] == '\n' ? ';' : b.data[i]);
    printf("] %s\n", why);
    bf_buf_free(&b);
    why[0] = 0;
    rc = bfsys_port_exclusion_edit_with(w, 4, "tcp", true, 143, 1, why, sizeof why);
    printf("add %lu %s\n", (unsigned long)rc, why);
    why[0] = 0;
    rc = bfsys_port_exclusion_edit_with(w, 6, "udp", false, 3389, 1, why, sizeof why);
    printf("delete %lu %s\n", (unsigned long)rc, why);
    free(w);
    return 0;
}

/* delayedauto NAME JOURNAL apply|undo: the startup race's repair (service-delayed-auto) on a real service of
 * Wine's SCM, through the engine: apply plans the delayed-auto-start action for NAME (with the mend the
 * repair session gives it), prints the preview and applies it, journaling to JOURNAL; undo reads JOURNAL
 * back, checks its limits against the machine and undoes it. Each prints the flag before and after through
 * QueryServiceConfig2W (the machine's read) and the registry value Wine keeps it in
 * (Services\NAME\DelayedAutostart). */
static void delayed_state(const bf_machine *m, const char *when, const char *name)
{
    bool auto_start = false, delayed = false;
    bf_err err;
    bf_regval v = {0};
    char key[400];
    bf_err_clear(&err);
    if (m->service_delayed_get(m->ctx, name, &auto_start, &delayed, &err))
        printf("%s: auto %d delayed %d\n", when, (int)auto_start, (int)delayed);
    else
        printf("%s: read failed code %d: %s\n", when, err.code, err.msg);
    snprintf(key, sizeof key, "SYSTEM\\CurrentControlSet\\Services\\%s", name);
    if (!m->reg_read(m->ctx, key, "DelayedAutostart", &v, &err))
        printf("%s: registry read failed: %s\n", when, err.msg);
    else if (!v.exists)
        printf("%s: registry DelayedAutostart absent\n", when);
    else
        printf("%s: registry DelayedAutostart type %u len %zu value %u\n", when, v.type, v.len,
               v.len == 4 ? (unsigned)(v.data[0] | v.data[1] << 8 | v.data[2] << 16 | (unsigned)v.data[3] << 24) : 0u);
    bf_regval_free(&v);
}

static int delayedauto(const char *name, const char *journal, const char *verb)
{
    bf_machine m;
    bf_err err;
    bf_buf notes, out;
    bf_fix_plan *p = NULL;
    bool ok;
    bfsys_machine_init(&m);
    bf_err_clear(&err);
    bf_buf_init(&notes);
    bf_buf_init(&out);
    delayed_state(&m, "before", name);
    if (strcmp(verb, "apply") == 0) {
        bf_action a;
        const bf_action *chosen = &a;
        bf_snapshot *s = bf_snapshot_create();
        bf_fix_opts o = {.service_timeout_ms = 10000};
        char title[400], finding[400];
        size_t i;
        snprintf(title, sizeof title, "Start %s later at boot: Delayed Automatic Start", name);
        snprintf(finding, sizeof finding, "%s started before 192.0.2.99 was ready: POP3 does not listen there", name);
        memset(&a, 0, sizeof a);
        a.kind = BF_ACTION_DELAYED_AUTO_START;
        a.title = title;
        a.params.services = name;
        s->hostname = "bfsys";
        p = bf_fix_plan_build(s, &chosen, 1, &m, &o, &notes, &err);
        bf_snapshot_destroy(s);
        for (i = 0; p && i < p->step_count; i++)
            bf_fix_step_add_mend(p, &p->steps[i], "BF-STARTUP-RACE", finding, false);
        if (p) {
            bf_fix_plan_write_preview(p, &out);
            printf("steps %zu\npreview:\n%snotes: %s\n", p->step_count, bf_buf_cstr(&out), bf_buf_cstr(&notes));
        }
        /* an empty plan is not applied (as the CLI and the console do not): no journal is written */
        ok = p && (p->step_count == 0 || bf_fix_apply(p, &m, journal, &o, &err));
    } else {
        char *text = NULL;
        size_t len = 0;
        bool exists = false;
        ok = m.file_read(m.ctx, journal, &exists, &text, &len, &err) && exists &&
             (p = bf_fix_journal_read(text, len, journal, &err)) != NULL && bf_fix_journal_check(p, &m, journal, &err) &&
             bf_fix_undo(p, &m, journal, NULL, &err);
        free(text);
    }
    printf("%s %s: %s\n", verb, ok ? "ok" : "failed", err.msg);
    delayed_state(&m, "after", name);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    bf_buf_free(&out);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc == 3 && strcmp(argv[1], "units") == 0)
        return units(argv[2]);
    if (argc >= 4 && strcmp(argv[1], "probe") == 0)
        return probe(argv[2], atoi(argv[3]), argc - 4, argv + 4);
    if (argc == 2 && strcmp(argv[1], "httplisten") == 0)
        return httplisten();
    if (argc == 3 && strcmp(argv[1], "portranges") == 0)
        return portranges(argv[2]);
    if (argc == 3 && strcmp(argv[1], "portexclusion") == 0)
        return portexclusion(argv[2]);
    if (argc == 5 && strcmp(argv[1], "delayedauto") == 0)
        return delayedauto(argv[2], argv[3], argv[4]);
    if (argc == 3 && strcmp(argv[1], "collecttimes") == 0)
        return collecttimes(atoi(argv[2]));
    fprintf(stderr, "usage: sys-selftest units DIR | portranges NETSH|- | httplisten | probe ADDRESSES TIMEOUT_MS transport:port:greeting...\n");
    return 2;
}
