/* fakenetsh.c - a stand-in for netsh.exe that prints synthetic tables in the layout of Windows Server
 * 2019's `netsh int ipv4|ipv6 show excludedportrange protocol=tcp|udp` and `netsh int ipv4 show
 * dynamicport tcp` (written by hand, not recorded from a machine), with German headings for the IPv6
 * tables (the collector reads numbers only). Wine's netsh prints nothing for these commands, so the
 * system layer's child-process path (gui/sys/portranges.c) is tested against this. FAKENETSH_MODE=bad
 * prints a row out of shape; FAKENETSH_MODE=fail exits 1 with a message. FAKENETSH_LOG=FILE appends each
 * command line it gets (its arguments joined by spaces) to FILE, so that the port-exclusion repair's
 * `add|delete excludedportrange` calls are compared argument for argument; those answer "Ok." (synthetic).
 *
 * FAKENETSH_STATE=FILE keeps the excluded ranges in FILE instead (the port-exclusion repair end to end,
 * tests/e2e/run-repair-tests.sh), one "FAMILY PROTO START END OWNER" line each ("ipv4 tcp 100 199 winnat",
 * "ipv4 tcp 143 143 *"), and follows netsh's rules as the repair step's in-memory machine does
 * (tests/core/mem_machine.c), asking Wine's SCM for the state of the service named winnat:
 *   - show: the administered ("*") rows always; WinNAT's rows only while winnat runs, less the ports an
 *     administered exclusion holds (WinNAT reserves around them when it starts);
 *   - add / delete while winnat runs: refused ("The process cannot access the file because it is being
 *     used by another process.", exit 1); an add overlapping an administered range is refused; a delete
 *     must name an administered range exactly.
 * With FAKENETSH_LOG as well, each logged line ends with " | winnat=RUNNING pid N" or " | winnat=STOPPED":
 * what the SCM said when netsh ran (the PID tells a restarted winnat from the same process). Synthetic throughout: the rules are the documented ones, the texts netsh's. */
#include <windows.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_RANGES 64

typedef struct range {
    char family[8], proto[8], owner[16];
    int start, end;
} range;

static int load(const char *path, range *r)
{
    FILE *f = fopen(path, "rb");   /* binary: the file stays byte for byte what the test wrote */
    int n = 0;
    if (!f)
        return 0;
    while (n < MAX_RANGES &&
           fscanf(f, "%7s %7s %d %d %15s", r[n].family, r[n].proto, &r[n].start, &r[n].end, r[n].owner) == 5)
        n++;
    fclose(f);
    return n;
}

static int save(const char *path, const range *r, int n)
{
    FILE *f = fopen(path, "wb");
    int i;
    if (!f)
        return 0;
    for (i = 0; i < n; i++)
        fprintf(f, "%s %s %d %d %s\n", r[i].family, r[i].proto, r[i].start, r[i].end, r[i].owner);
    return fclose(f) == 0;
}

/* winnat's state from the SCM: "RUNNING pid N", "STOPPED" (or PENDING), "ABSENT" */
static const char *winnat_state(char *buf, size_t size)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h = scm ? OpenServiceW(scm, L"winnat", SERVICE_QUERY_STATUS) : NULL;
    SERVICE_STATUS_PROCESS ss;
    DWORD needed;
    snprintf(buf, size, "ABSENT");
    if (h && QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&ss, sizeof ss, &needed)) {
        if (ss.dwCurrentState == SERVICE_RUNNING)
            snprintf(buf, size, "RUNNING pid %lu", (unsigned long)ss.dwProcessId);
        else
            snprintf(buf, size, ss.dwCurrentState == SERVICE_STOPPED ? "STOPPED" : "PENDING");
    }
    if (h)
        CloseServiceHandle(h);
    if (scm)
        CloseServiceHandle(scm);
    return buf;
}

static int arg_int(const char *cmd, const char *name)
{
    const char *p = strstr(cmd, name);
    return p ? atoi(p + strlen(name)) : -1;
}

/* The state mode (FAKENETSH_STATE): see the head of this file. */
static int with_state(const char *path, const char *cmd, bool winnat_runs)
{
    range r[MAX_RANGES];
    int n = load(path, r), i, j;
    const char *family = strstr(cmd, "ipv6") ? "ipv6" : "ipv4", *proto = strstr(cmd, "protocol=udp") ? "udp" : "tcp";
    bool add = strstr(cmd, " add excludedportrange ") != NULL, del = strstr(cmd, " delete excludedportrange ") != NULL;
    if (add || del) {
        int start = arg_int(cmd, "startport="), count = arg_int(cmd, "numberofports="), end = start + count - 1;
        if (start < 1 || count < 1 || end > 65535) {
            printf("The parameter is incorrect.\r\n\r\n");
            return 1;
        }
        if (winnat_runs) {
            printf("The process cannot access the file because it is being used by another process.\r\n\r\n");
            return 1;
        }
        for (i = 0; i < n; i++) {
            bool mine = strcmp(r[i].family, family) == 0 && strcmp(r[i].proto, proto) == 0 && strcmp(r[i].owner, "*") == 0;
            if (mine && add && r[i].start <= end && start <= r[i].end) {
                printf("The object already exists.\r\n\r\n");
                return 1;
            }
            if (mine && del && r[i].start == start && r[i].end == end)
                break;
        }
        if (del && i == n) {
            printf("Element not found.\r\n\r\n");
            return 1;
        }
        if (del) {
            memmove(&r[i], &r[i + 1], (size_t)(n - i - 1) * sizeof r[0]);
            n--;
        } else if (n < MAX_RANGES) {
            snprintf(r[n].family, sizeof r[n].family, "%s", family);
            snprintf(r[n].proto, sizeof r[n].proto, "%s", proto);
            snprintf(r[n].owner, sizeof r[n].owner, "*");
            r[n].start = start;
            r[n].end = end;
            n++;
        }
        if (!save(path, r, n)) {
            printf("The system cannot write to the specified device.\r\n\r\n");
            return 1;
        }
        printf("Ok.\r\n\r\n");
        return 0;
    }
    printf("\r\nProtocol %s Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n", proto);
    for (i = 0; i < n; i++) {
        int from, port;
        if (strcmp(r[i].family, family) != 0 || strcmp(r[i].proto, proto) != 0)
            continue;
        if (strcmp(r[i].owner, "*") == 0) {
            printf("%10d  %10d     *\r\n", r[i].start, r[i].end);
            continue;
        }
        if (!winnat_runs)
            continue;
        /* WinNAT's range less the administered exclusions inside it: its runs of ports no "*" row holds */
        for (from = -1, port = r[i].start; port <= r[i].end + 1; port++) {
            bool held = port > r[i].end;
            for (j = 0; j < n && !held; j++)
                held = strcmp(r[j].owner, "*") == 0 && strcmp(r[j].family, family) == 0 &&
                       strcmp(r[j].proto, proto) == 0 && r[j].start <= port && port <= r[j].end;
            if (!held && from < 0)
                from = port;
            if (held && from >= 0) {
                printf("%10d  %10d\r\n", from, port - 1);
                from = -1;
            }
        }
    }
    printf("\r\n* - Administered port exclusions.\r\n\r\n");
    return 0;
}

int main(int argc, char **argv)
{
    char cmd[300] = "";
    const char *mode = getenv("FAKENETSH_MODE"), *state = getenv("FAKENETSH_STATE");
    char scm_said[40] = "";
    const char *winnat = state ? winnat_state(scm_said, sizeof scm_said) : "";
    int i;
    for (i = 1; i < argc; i++) {
        strncat(cmd, argv[i], sizeof cmd - strlen(cmd) - 2);
        strcat(cmd, " ");
    }
    if (getenv("FAKENETSH_LOG")) {
        FILE *log = fopen(getenv("FAKENETSH_LOG"), "a");
        if (log) {
            fprintf(log, "%.*s%s%s\n", (int)(strlen(cmd) ? strlen(cmd) - 1 : 0), cmd, state ? " | winnat=" : "", winnat);
            fclose(log);
        }
    }
    if (mode && strcmp(mode, "fail") == 0) {
        printf("The following command was not found: %s\r\n", cmd);
        return 1;
    }
    if (state && strstr(cmd, "excludedportrange"))
        return with_state(state, cmd, strncmp(winnat, "RUNNING", 7) == 0);
    if (strstr(cmd, "show dynamicport tcp")) {
        printf("\r\nProtocol tcp Dynamic Port Range\r\n---------------------------------\r\n"
               "Start Port      : 49152\r\nNumber of Ports : 16384\r\n\r\n");
        return 0;
    }
    if (strstr(cmd, "add excludedportrange ") || strstr(cmd, "delete excludedportrange ")) {
        printf("Ok.\r\n\r\n");
        return 0;
    }
    if (!strstr(cmd, "show excludedportrange"))
        return 1;
    if (strstr(cmd, "ipv6"))
        printf("\r\nProtokoll %s Portausschlussbereiche\r\n\r\nStartport    Endport\r\n----------    --------\r\n",
               strstr(cmd, "udp") ? "udp" : "tcp");
    else
        printf("\r\nProtocol %s Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n----------    --------\r\n",
               strstr(cmd, "udp") ? "udp" : "tcp");
    if (strstr(cmd, "ipv4") && strstr(cmd, "protocol=tcp")) {
        printf("       100         199\r\n      5357        5357\r\n     50000       50059     *\r\n");
        if (mode && strcmp(mode, "bad") == 0)
            printf("     70000       70001\r\n");
    } else if (strstr(cmd, "ipv6") && strstr(cmd, "protocol=tcp")) {
        printf("       140         149\r\n");
    }
    printf("\r\n* - Administered port exclusions.\r\n\r\n");
    return 0;
}
