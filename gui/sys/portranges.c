/* portranges.c - excluded and reserved port ranges (issue 15, source 2) into snap->port_ranges.
 *
 * Windows documents no function that lists the excluded ranges: the persistent reservation functions
 * (CreatePersistentTcpPortReservation, LookupPersistentTcpPortReservation, Vista and later) create or
 * look up one reservation by its start and size. So the ranges come from `netsh int ipv4|ipv6 show
 * excludedportrange protocol=tcp|udp` and the dynamic range from `netsh int ipv4 show dynamicport tcp`,
 * run as child processes (System32's netsh.exe, by full path, no window) and read by their numeric
 * columns only (core/portranges.c), so any display language works. On Windows Server 2003 (NT 5.x) there
 * are no excluded ranges: Tcpip\Parameters ReservedPorts (REG_MULTI_SZ) and MaxUserPort are read instead.
 * A source that cannot be read is recorded (status + problem), never an error of the scan. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portranges.h"

#define TCPIP_PARAMS L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters"
#define NETSH_OUTPUT_MAX (1024 * 1024)
#define NETSH_TIMEOUT_MS 20000


/* A netsh table is there when its output has a line of dashes (under the column headings, in every
 * language); Wine's netsh prints nothing for these commands. */
static bool has_table(const char *text, size_t len)
{
    size_t i, run = 0;
    for (i = 0; i < len; i++) {
        run = text[i] == '-' ? run + 1 : 0;
        if (run >= 4)
            return true;
    }
    return false;
}

static void unavailable(bf_snapshot *s, bf_section_status st, const char *why)
{
    s->port_ranges.status = st;
    s->port_ranges.problem = bf_arena_strdup(s->arena, why);
    s->port_ranges.range_count = 0;
}

DWORD bfsys_collect_port_ranges_with(bf_snapshot *s, const WCHAR *netsh)
{
    static const struct {
        const WCHAR *args;
        const char *transport;
        int family;
    } tables[] = {{L"int ipv4 show excludedportrange protocol=tcp", "tcp", 4},
                  {L"int ipv6 show excludedportrange protocol=tcp", "tcp", 6},
                  {L"int ipv4 show excludedportrange protocol=udp", "udp", 4},
                  {L"int ipv6 show excludedportrange protocol=udp", "udp", 6}};
    size_t i;
    char *text;
    size_t len;
    DWORD rc, code;
    bf_err err;
    s->port_ranges.source = "netsh";
    s->port_ranges.status = BF_SECTION_OK;
    for (i = 0; i < BF_COUNTOF(tables); i++) {
        rc = bfsys_run_capture(netsh, tables[i].args, NETSH_TIMEOUT_MS, NETSH_OUTPUT_MAX, &text, &len, &code);
        if (rc == ERROR_NOT_ENOUGH_MEMORY)
            return rc;
        if (rc != ERROR_SUCCESS) {
            char why[160];
            snprintf(why, sizeof why, "netsh %ls: %s %lu", tables[i].args,
                     rc == WAIT_TIMEOUT ? "did not end in time, ended" : "could not run, error", (unsigned long)rc);
            unavailable(s, rc == ERROR_ACCESS_DENIED ? BF_SECTION_DENIED : BF_SECTION_UNAVAILABLE, why);
            return ERROR_SUCCESS;
        }
        if (code != 0 || !has_table(text, len)) {
            char why[200];
            snprintf(why, sizeof why, "netsh %ls gave no port table (exit code %lu, %zu bytes of output)",
                     tables[i].args, (unsigned long)code, len);
            free(text);
            unavailable(s, BF_SECTION_UNAVAILABLE, why);
            return ERROR_SUCCESS;
        }
        if (!bf_port_ranges_parse_netsh_excluded(s, text, len, tables[i].transport, tables[i].family, &err)) {
            free(text);
            if (bf_arena_failed(s->arena))
                return ERROR_NOT_ENOUGH_MEMORY;
            unavailable(s, BF_SECTION_MALFORMED, err.msg);
            return ERROR_SUCCESS;
        }
        free(text);
    }
    /* the dynamic range is context for the reader; without it the ranges still stand */
    rc = bfsys_run_capture(netsh, L"int ipv4 show dynamicport tcp", NETSH_TIMEOUT_MS, NETSH_OUTPUT_MAX, &text,
                           &len, &code);
    if (rc == ERROR_NOT_ENOUGH_MEMORY)
        return rc;
    if (rc == ERROR_SUCCESS) {
        int start, count;
        if (code == 0 && bf_port_ranges_parse_netsh_dynamic(text, len, &start, &count, &err)) {
            s->port_ranges.dynamic_start = start;
            s->port_ranges.dynamic_count = count;
        }
        free(text);
    }
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

/* Server 2003: ReservedPorts and MaxUserPort (KB 812873; absent values are the defaults: none, 5000). */
static DWORD collect_registry(bf_snapshot *s)
{
    HKEY h;
    DWORD type = 0, size = 0, max_user = 0;
    LONG r;
    s->port_ranges.source = "registry";
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, TCPIP_PARAMS, 0, KEY_QUERY_VALUE, &h);
    if (r != ERROR_SUCCESS) {
        char why[120];
        snprintf(why, sizeof why, "cannot open Tcpip\\Parameters: error %ld", (long)r);
        unavailable(s, r == ERROR_ACCESS_DENIED ? BF_SECTION_DENIED : BF_SECTION_UNAVAILABLE, why);
        return ERROR_SUCCESS;
    }
    s->port_ranges.status = BF_SECTION_OK;
    size = sizeof max_user;
    if (RegQueryValueExW(h, L"MaxUserPort", NULL, &type, (BYTE *)&max_user, &size) == ERROR_SUCCESS &&
        type == REG_DWORD && max_user <= 65535)
        s->port_ranges.max_user_port = (int)max_user;
    size = 0;
    r = RegQueryValueExW(h, L"ReservedPorts", NULL, &type, NULL, &size);
    if (r == ERROR_SUCCESS && type == REG_MULTI_SZ && size <= 64 * 1024) {
        WCHAR *data = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR));
        char **items = NULL;
        size_t n = 0, k;
        const WCHAR *p;
        bf_err err;
        if (!data) {
            RegCloseKey(h);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        if (RegQueryValueExW(h, L"ReservedPorts", NULL, &type, (BYTE *)data, &size) == ERROR_SUCCESS) {
            for (p = data; *p; p += wcslen(p) + 1)
                n++;
            items = calloc(n ? n : 1, sizeof *items);
            for (p = data, k = 0; items && *p; p += wcslen(p) + 1, k++)
                items[k] = bfsys_wide_to_arena(s->arena, p, -1);
            if (!items || bf_arena_failed(s->arena)) {
                free(items);
                free(data);
                RegCloseKey(h);
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            if (!bf_port_ranges_parse_reserved(s, items, n, &err))
                unavailable(s, BF_SECTION_MALFORMED, err.msg);
        }
        free(items);
        free(data);
    } else if (r == ERROR_SUCCESS) {
        unavailable(s, BF_SECTION_MALFORMED, "ReservedPorts is not a REG_MULTI_SZ of at most 64 KiB");
    }
    RegCloseKey(h);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

/* Is WinNAT, HNS or vmcompute installed (the services that reserve port ranges for containers and virtual
 * machines)? Asked of the SCM (OpenServiceW: a few milliseconds, no child process). Anything but "does not
 * exist" for one of them - the SCM closed to us, access denied - counts as installed: netsh is asked. */
static bool system_reserver_installed(void)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h;
    size_t i;
    bool any = false;
    if (!scm)
        return true;
    for (i = 0; i < BF_PORT_RESERVER_COUNT && !any; i++) {
        WCHAR name[32];
        _snwprintf(name, BF_COUNTOF(name), L"%hs", bf_port_range_reservers[i]);
        name[BF_COUNTOF(name) - 1] = 0;
        h = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
        DWORD why = h ? ERROR_SUCCESS : GetLastError();
        if (h)
            CloseServiceHandle(h);
        any = h != NULL || why != ERROR_SERVICE_DOES_NOT_EXIST;
    }
    CloseServiceHandle(scm);
    return any;
}

DWORD bfsys_collect_port_ranges_live(bf_snapshot *s)
{
    WCHAR netsh[MAX_PATH + 16];
    if (s->os.major >= 0 && s->os.major < 6)
        return collect_registry(s);
    /* The ranges that refuse a service's bind with 10013 with nothing listening are mostly the ones
     * WinNAT, HNS and vmcompute reserve when they start (issue 15). With none of them installed, and no
     * 10013 seen yet (a bind probe, an event: collect.c runs this step after both), the netsh child
     * process - most of what this collector costs - is not run: the section says so ("absent"), and that
     * administered exclusions and the dynamic range were not read. Once 10013 is seen, everything is
     * read, since an administrator's own exclusion refuses a bind as well. */
    if (!system_reserver_installed() && !bf_port_ranges_symptom_seen(s)) {
        s->port_ranges.source = "services";
        s->port_ranges.status = BF_SECTION_ABSENT;
        s->port_ranges.problem = "none of WinNAT, HNS and vmcompute is installed, so the system reserves no port "
                                 "ranges for containers or virtual machines, and no bind was refused with 10013; "
                                 "netsh was not run (administered exclusions and the dynamic port range were "
                                 "not read)";
        return ERROR_SUCCESS;
    }
    if (bfsys_system32_file(L"netsh.exe", netsh, BF_COUNTOF(netsh)) != ERROR_SUCCESS) {
        unavailable(s, BF_SECTION_UNAVAILABLE, "cannot find the System32 folder");
        return ERROR_SUCCESS;
    }
    return bfsys_collect_port_ranges_with(s, netsh);
}

/* ---- the port-exclusion repair step (core/fix.h BF_STEP_PORT_EXCLUSION, machine.c) ----
 * The same child process: `netsh int ipvN show excludedportrange protocol=T` read for its administered
 * ("*") rows, and `netsh int ipvN add|delete excludedportrange protocol=T startport=S numberofports=C`
 * (netsh's own help for the interface ipv4|ipv6 context gives this syntax; the store defaults to
 * persistent, which the repair wants: an exclusion that lasts across restarts, as WinNAT's ranges come
 * back at every start). netsh answers in the display language, so its exit code decides, and its output
 * is only quoted in the error. */

void bfsys_netsh_exclusion_args(int family, const char *transport, bool add, int start, int count, WCHAR *out,
                                size_t cap)
{
    _snwprintf(out, cap, L"int ipv%d %ls excludedportrange protocol=%hs startport=%d numberofports=%d",
               family == 6 ? 6 : 4, add ? L"add" : L"delete", strcmp(transport, "udp") == 0 ? "udp" : "tcp", start, count);
    out[cap - 1] = 0;
}

/* netsh's output as one line for an error message: line ends as spaces, at most `size` bytes. */
static void output_line(const char *text, size_t len, char *out, size_t size)
{
    size_t i, n = 0;
    bool space = true;
    for (i = 0; i < len && n + 1 < size; i++) {
        char c = text[i] == '\r' || text[i] == '\n' || text[i] == '\t' ? ' ' : text[i];
        if (c == ' ' && space)
            continue;
        space = c == ' ';
        out[n++] = c;
    }
    while (n && out[n - 1] == ' ')
        n--;
    out[n] = 0;
}

DWORD bfsys_port_exclusions_read_with(const WCHAR *netsh, int family, const char *transport, bf_buf *out, char *why,
                                      size_t why_size)
{
    WCHAR args[96];
    char *text;
    size_t len;
    DWORD rc, code;
    bf_err err;
    _snwprintf(args, BF_COUNTOF(args), L"int ipv%d show excludedportrange protocol=%hs", family == 6 ? 6 : 4,
               strcmp(transport, "udp") == 0 ? "udp" : "tcp");
    args[BF_COUNTOF(args) - 1] = 0;
    rc = bfsys_run_capture(netsh, args, NETSH_TIMEOUT_MS, NETSH_OUTPUT_MAX, &text, &len, &code);
    if (rc != ERROR_SUCCESS) {
        snprintf(why, why_size, "netsh %ls: %s %lu", args, rc == WAIT_TIMEOUT ? "did not end in time, ended" : "could not run, error",
                 (unsigned long)rc);
        return rc;
    }
    if (code != 0 || !has_table(text, len)) {
        /* Server 2003's and Wine's netsh know no excluded ranges: the repair gives the commands instead */
        snprintf(why, why_size, "netsh %ls gave no port table (exit code %lu): this system has no excluded port ranges",
                 args, (unsigned long)code);
        free(text);
        return ERROR_NOT_SUPPORTED;
    }
    rc = bf_port_list_from_netsh(text, len, transport, family, out, &err) ? ERROR_SUCCESS : ERROR_INVALID_DATA;
    if (rc != ERROR_SUCCESS)
        snprintf(why, why_size, "netsh %ls: %s", args, err.msg);
    free(text);
    return out->failed ? ERROR_NOT_ENOUGH_MEMORY : rc;
}

DWORD bfsys_port_exclusion_edit_with(const WCHAR *netsh, int family, const char *transport, bool add, int start,
                                     int count, char *why, size_t why_size)
{
    WCHAR args[128];
    char *text, said[300];
    size_t len;
    DWORD rc, code;
    bfsys_netsh_exclusion_args(family, transport, add, start, count, args, BF_COUNTOF(args));
    rc = bfsys_run_capture(netsh, args, NETSH_TIMEOUT_MS, NETSH_OUTPUT_MAX, &text, &len, &code);
    if (rc != ERROR_SUCCESS) {
        snprintf(why, why_size, "netsh %ls: %s %lu", args, rc == WAIT_TIMEOUT ? "did not end in time, ended" : "could not run, error",
                 (unsigned long)rc);
        return rc;
    }
    output_line(text, len, said, sizeof said);
    free(text);
    if (code != 0) {
        snprintf(why, why_size, "netsh %ls failed (exit code %lu): %s", args, (unsigned long)code, said[0] ? said : "no output");
        return ERROR_GEN_FAILURE;
    }
    return ERROR_SUCCESS;
}
