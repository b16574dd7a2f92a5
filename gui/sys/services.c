/* services.c - the catalogued services and every service that depends on them: state, start type,
 * PID, binary, exit code and dependencies. Dependencies come from QueryServiceConfigW and, because
 * Wine (and a damaged SCM database) can leave lpDependencies empty, also from DependOnService under
 * the service's registry key; the union is kept in the order first seen. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "portranges.h"

/* Services that own the catalogued endpoints (facts.md: Exchange 5.5 to 2019, IIS, AD DS). A test's own
 * service is named by the catalogue file the test passes, as a user's would be. */
static const char *const catalogued[] = {
    "MSExchangeSA", "MSExchangeDS", "MSExchangeIS", "MSExchangeMTA", "MSExchangeIMC", "MSExchangeES",
    "MSExchangePOP3", "MSExchangeIMAP4", "MSExchangePop3BE", "MSExchangeImap4BE", "MSExchangeTransport",
    "MSExchangeFrontEndTransport", "MSExchangeADTopology", "POP3Svc", "IMAP4Svc", "SMTPSVC", "NNTPSVC",
    "IISADMIN", "W3SVC", "WAS", "NTDS",
};

/* Built in, or named as the owner of a probe target (a user catalogue's hMailServer, say): the
 * services whose ports are probed must be in the snapshot, or a port held by its own service could not
 * be told from one held by a stranger. */
static bool is_catalogued(const char *name, const bf_collect_opts *o)
{
    size_t i, n = o->target_count;
    const bf_probe_target *t = o->targets;
    for (i = 0; i < BF_COUNTOF(catalogued); i++)
        if (_stricmp(name, catalogued[i]) == 0)
            return true;
    if (!t)
        t = bf_default_probe_targets(&n);
    for (i = 0; i < n; i++)
        if (t[i].service && t[i].service[0] && _stricmp(name, t[i].service) == 0)
            return true;
    return false;
}

bf_svc_state bfsys_service_state(DWORD st)
{
    switch (st) {
    case SERVICE_STOPPED: return BF_SVC_STOPPED;
    case SERVICE_START_PENDING: return BF_SVC_START_PENDING;
    case SERVICE_STOP_PENDING: return BF_SVC_STOP_PENDING;
    case SERVICE_RUNNING: return BF_SVC_RUNNING;
    case SERVICE_CONTINUE_PENDING: return BF_SVC_CONTINUE_PENDING;
    case SERVICE_PAUSE_PENDING: return BF_SVC_PAUSE_PENDING;
    case SERVICE_PAUSED: return BF_SVC_PAUSED;
    default: return BF_SVC_STATE_UNKNOWN;
    }
}

static bf_start_type start_of(DWORD t)
{
    switch (t) {
    case SERVICE_BOOT_START: return BF_START_BOOT;
    case SERVICE_SYSTEM_START: return BF_START_SYSTEM;
    case SERVICE_AUTO_START: return BF_START_AUTO;
    case SERVICE_DEMAND_START: return BF_START_DEMAND;
    case SERVICE_DISABLED: return BF_START_DISABLED;
    default: return BF_START_UNKNOWN;
    }
}

static void add_dependency(bf_snapshot *s, bf_service *v, const char *dep)
{
    size_t i;
    if (!dep[0])
        return;
    for (i = 0; i < v->dependency_count; i++)
        if (_stricmp(v->dependencies[i], dep) == 0)
            return;
    bf_str_list_add(s, &v->dependencies, &v->dependency_count, &v->dependency_cap, dep);
}

/* A REG_MULTI_SZ / lpDependencies list; group names start with SC_GROUP_IDENTIFIER ('+'). */
static void add_multi(bf_snapshot *s, bf_service *v, const WCHAR *list, size_t max_chars)
{
    size_t i = 0;
    while (list && i < max_chars && list[i]) {
        size_t start = i;
        char *u;
        while (i < max_chars && list[i])
            i++;
        u = bfsys_wide_to_utf8(list + start, (int)(i - start));
        if (u)
            add_dependency(s, v, u);
        free(u);
        i++;
    }
}

static void registry_dependencies(bf_snapshot *s, bf_service *v, const WCHAR *name)
{
    WCHAR key[512];
    HKEY h;
    DWORD type, size = 0;
    WCHAR *buf;
    _snwprintf(key, 512, L"SYSTEM\\CurrentControlSet\\Services\\%ls", name);
    key[511] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_QUERY_VALUE, &h) != ERROR_SUCCESS)
        return;
    if (RegQueryValueExW(h, L"DependOnService", NULL, &type, NULL, &size) == ERROR_SUCCESS && type == REG_MULTI_SZ &&
        size < 65536 && (buf = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR)))) {
        if (RegQueryValueExW(h, L"DependOnService", NULL, &type, (BYTE *)buf, &size) == ERROR_SUCCESS)
            add_multi(s, v, buf, size / sizeof(WCHAR));
        free(buf);
    }
    RegCloseKey(h);
}

/* When the service's process started (GetProcessTimes), ISO 8601 UTC; "" when it cannot be asked
 * (PROCESS_QUERY_LIMITED_INFORMATION: Vista and later; older systems and protected processes refuse). The
 * startup race compares it with the creation time of the addresses the service binds. */
static char *process_started(bf_snapshot *s, DWORD pid)
{
    HANDLE p;
    FILETIME created, exited, kernel, user;
    SYSTEMTIME st;
    char *r = "";
    if (!pid || !(p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid)))
        return "";
    if (GetProcessTimes(p, &created, &exited, &kernel, &user) && FileTimeToSystemTime(&created, &st))
        r = bf_arena_printf(s->arena, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour,
                            st.wMinute, st.wSecond);
    CloseHandle(p);
    return r ? r : "";
}

static void add_service(bf_snapshot *s, SC_HANDLE scm, const bfsys_svc_entry *e)
{
    char *name = bfsys_wide_to_utf8(e->name, -1);
    bf_service *v;
    SC_HANDLE h;
    if (!name)
        return;
    v = bf_snap_add_service(s, name);
    free(name);
    if (!v)
        return;
    v->display_name = bfsys_wide_to_arena(s->arena, e->display, -1);
    v->state = bfsys_service_state(e->status.dwCurrentState);
    v->pid = e->status.dwProcessId ? (int)e->status.dwProcessId : -1;
    if (v->state == BF_SVC_RUNNING)
        v->started = process_started(s, e->status.dwProcessId);
    v->exit_code = (int)e->status.dwWin32ExitCode;
    h = OpenServiceW(scm, e->name, SERVICE_QUERY_CONFIG);
    if (h) {
        DWORD needed = 0;
        QUERY_SERVICE_CONFIGW *cfg;
        QueryServiceConfigW(h, NULL, 0, &needed);
        DWORD size = needed;    /* the buffer's size: the call may change `needed` */
        if (size && size < 65536 && (cfg = malloc(size))) {
            if (QueryServiceConfigW(h, cfg, size, &needed)) {
                v->start_type = start_of(cfg->dwStartType);
                v->binary = bfsys_wide_to_arena(s->arena, cfg->lpBinaryPathName, -1);
                /* bounded by the buffer the SCM filled: a list that lacks its final empty string must
                 * not be read past it (Wine's sc.exe passes CreateService an unterminated depend= list,
                 * and the SCM then returns whatever followed it, which bindfix shows as it is) */
                const BYTE *end = (const BYTE *)cfg + size, *deps = (const BYTE *)cfg->lpDependencies;
                if (deps && deps >= (const BYTE *)cfg && deps < end)
                    add_multi(s, v, cfg->lpDependencies, (size_t)(end - deps) / sizeof(WCHAR));
            }
            free(cfg);
        }
        CloseServiceHandle(h);
    }
    registry_dependencies(s, v, e->name);
}

void bfsys_svc_list_free(bfsys_svc_list *l)
{
    size_t i;
    for (i = 0; i < l->count; i++) {
        free(l->items[i].name);
        free(l->items[i].display);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* Appends one entry (strings copied), unless a service of that name is listed already: when the list
 * grows between two calls, the resume handle (an index) can hand out an entry a second time. */
static DWORD append_entry(bfsys_svc_list *l, const ENUM_SERVICE_STATUS_PROCESSW *e)
{
    size_t i;
    bfsys_svc_entry *it;
    if (!e->lpServiceName)
        return ERROR_SUCCESS;
    for (i = 0; i < l->count; i++)
        if (_wcsicmp(l->items[i].name, e->lpServiceName) == 0)
            return ERROR_SUCCESS;
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        bfsys_svc_entry *grown = realloc(l->items, cap * sizeof *grown);
        if (!grown)
            return ERROR_NOT_ENOUGH_MEMORY;
        l->items = grown;
        l->cap = cap;
    }
    it = &l->items[l->count];
    it->name = _wcsdup(e->lpServiceName);
    it->display = _wcsdup(e->lpDisplayName ? e->lpDisplayName : L"");
    it->status = e->ServiceStatusProcess;
    if (!it->name || !it->display) {
        free(it->name);
        free(it->display);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    l->count++;
    return ERROR_SUCCESS;
}

DWORD bfsys_enum_services(bfsys_enum_services_fn fn, SC_HANDLE scm, DWORD state, bfsys_svc_list *out)
{
    /* the documented largest answer of one call; a single entry never needs more than this */
    enum { CHUNK = 256 * 1024, MAX_CALLS = 10000 };
    DWORD resume = 0, rc = ERROR_SUCCESS;
    BYTE *buf = malloc(CHUNK);
    int calls;
    memset(out, 0, sizeof *out);
    if (!fn)
        fn = EnumServicesStatusExW;
    if (!buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (calls = 0; calls < MAX_CALLS; calls++) {
        DWORD needed = 0, count = 0, i, e;
        BOOL done = fn(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, state, buf, CHUNK, &needed, &count, &resume, NULL);
        e = done ? ERROR_SUCCESS : GetLastError();     /* before any other call */
        if (!done && e != ERROR_MORE_DATA) {
            rc = e;
            break;
        }
        /* the entries of this chunk are valid on ERROR_MORE_DATA too: copied now, the next call reuses buf */
        for (i = 0; i < count && rc == ERROR_SUCCESS; i++)
            rc = append_entry(out, (const ENUM_SERVICE_STATUS_PROCESSW *)buf + i);
        if (rc != ERROR_SUCCESS || done)
            break;
        if (count == 0) {
            rc = ERROR_MORE_DATA;   /* "more" but nothing in a buffer of the documented maximum: no progress */
            break;
        }
    }
    if (calls == MAX_CALLS)
        rc = ERROR_MORE_DATA;
    free(buf);
    return rc;
}

/* The services section could not be read whole: said in the snapshot (never a silent empty list). */
static void services_unread(bf_snapshot *s, DWORD code, const char *what)
{
    char text[300];
    bfsys_error_text(code, text, sizeof text);
    s->services_problem = bf_arena_printf(s->arena, "%s: %s (%lu)", what, text, (unsigned long)code);
}

static bool depends_on_picked(const bf_snapshot *s, const bf_service *v)
{
    size_t i;
    for (i = 0; i < v->dependency_count; i++)
        if (bf_snap_find_service(s, v->dependencies[i]))
            return true;
    return false;
}

/* The services that reserve port ranges when they start (core/portranges.h: WinNAT, HNS, vmcompute), by
 * name, so that a range's owner can be named (diagnose.c range_owner) and the port-exclusion repair knows
 * WinNAT's state: WinNAT is a kernel driver, which the SERVICE_WIN32 enumeration does not list. One that
 * is not installed is left out. */
static void add_port_reservers(bf_snapshot *s, SC_HANDLE scm)
{
    size_t i;
    for (i = 0; i < BF_PORT_RESERVER_COUNT; i++) {
        WCHAR *name, display[256];
        DWORD len = BF_COUNTOF(display), needed = 0;
        SC_HANDLE h;
        bfsys_svc_entry e;
        if (bf_snap_find_service(s, bf_port_range_reservers[i]) || !(name = bfsys_utf8_to_wide(bf_port_range_reservers[i])))
            continue;
        memset(&e, 0, sizeof e);
        h = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
        if (h && QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&e.status, sizeof e.status, &needed)) {
            e.name = name;
            e.display = GetServiceDisplayNameW(scm, name, display, &len) ? display : name;
            add_service(s, scm, &e);
        }
        if (h)
            CloseServiceHandle(h);
        free(name);
    }
}

DWORD bfsys_collect_services(bf_snapshot *s, const bf_collect_opts *opts)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE | SC_MANAGER_CONNECT);
    bfsys_svc_list l = {0};
    DWORD rc, i;
    bool *picked;
    size_t rounds;
    if (!scm) {
        services_unread(s, GetLastError(), "cannot open the Service Control Manager");
        return ERROR_SUCCESS;   /* the snapshot says why there are no services */
    }
    rc = bfsys_enum_services(NULL, scm, SERVICE_STATE_ALL, &l);
    if (rc == ERROR_NOT_ENOUGH_MEMORY) {
        bfsys_svc_list_free(&l);
        CloseServiceHandle(scm);
        return rc;
    }
    if (rc != ERROR_SUCCESS)    /* what came back is kept; the snapshot says the list is incomplete */
        services_unread(s, rc, "EnumServicesStatusExW failed part-way");
    picked = calloc(l.count ? l.count : 1, sizeof *picked);
    if (!picked) {
        bfsys_svc_list_free(&l);
        CloseServiceHandle(scm);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    for (i = 0; i < l.count; i++) {
        char *name = bfsys_wide_to_utf8(l.items[i].name, -1);
        if (name && is_catalogued(name, opts)) {
            add_service(s, scm, &l.items[i]);
            picked[i] = true;
        }
        free(name);
    }
    add_port_reservers(s, scm);
    /* dependents, transitively: a service is added when it depends on one already in the list.
     * Its configuration must be read to know that, so each candidate is tried in a scratch
     * snapshot first. Bounded by the service count. */
    for (rounds = 0; rounds < 8; rounds++) {
        bool added = false;
        for (i = 0; i < l.count; i++) {
            bf_snapshot *scratch;
            if (picked[i])
                continue;
            scratch = bf_snapshot_create();
            if (!scratch)
                break;
            add_service(scratch, scm, &l.items[i]);
            if (scratch->service_count && depends_on_picked(s, &scratch->services[0])) {
                add_service(s, scm, &l.items[i]);
                picked[i] = true;
                added = true;
            }
            bf_snapshot_destroy(scratch);
        }
        if (!added)
            break;
    }
    free(picked);
    bfsys_svc_list_free(&l);
    CloseServiceHandle(scm);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
