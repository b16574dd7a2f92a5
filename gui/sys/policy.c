/* policy.c - the address family order settings: Tcpip6\Parameters\DisabledComponents and the IPv6
 * prefix policy table, as `netsh interface ipv6 show prefixpolicies` prints it (core/policy.h parses
 * it by its numeric columns only, so a localized header does not matter). netsh is the tool every
 * Windows from XP SP1 with IPv6 to Server 2022 has; MSFT_NetPrefixPolicy (WMI) exists only from Windows
 * 8 / Server 2012 and answers the same table. Wine 8's netsh has no "interface ipv6" context and Wine
 * has no MSFT_NetPrefixPolicy class: there the section says so (unavailable). */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"

#define NETSH_OUTPUT_MAX (64 * 1024)
#define NETSH_WAIT_MS 10000

static void read_disabled_components(bf_snapshot *s)
{
    HKEY h;
    DWORD type = 0, v = 0, size = sizeof v;
    LONG r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters", 0,
                           KEY_QUERY_VALUE, &h);
    if (r == ERROR_FILE_NOT_FOUND) {
        s->ipv6_policy.disabled_components = -1;    /* no IPv6 parameters: nothing disabled */
        return;
    }
    if (r != ERROR_SUCCESS)
        return;     /* -2: not read */
    r = RegQueryValueExW(h, L"DisabledComponents", NULL, &type, (BYTE *)&v, &size);
    RegCloseKey(h);
    if (r == ERROR_FILE_NOT_FOUND)
        s->ipv6_policy.disabled_components = -1;
    else if (r == ERROR_SUCCESS && type == REG_DWORD && size == sizeof v)
        s->ipv6_policy.disabled_components = (long long)v;
}

/* netsh's prefix policy table, as text (malloc'd) */
static DWORD run_netsh(char **out, size_t *len)
{
    WCHAR exe[MAX_PATH + 16];
    DWORD code, rc = bfsys_system32_file(L"netsh.exe", exe, BF_COUNTOF(exe));
    if (rc != ERROR_SUCCESS)
        return rc;
    return bfsys_run_capture(exe, L"interface ipv6 show prefixpolicies", NETSH_WAIT_MS, NETSH_OUTPUT_MAX, out, len,
                             &code);
}

DWORD bfsys_collect_ipv6_policy(bf_snapshot *s)
{
    char *text = NULL;
    size_t len = 0;
    DWORD rc;
    read_disabled_components(s);
    s->ipv6_policy.source = "netsh interface ipv6 show prefixpolicies";
    rc = run_netsh(&text, &len);
    if (rc == ERROR_NOT_ENOUGH_MEMORY)
        return rc;
    if (rc != ERROR_SUCCESS) {
        s->ipv6_policy.status = BF_SECTION_UNAVAILABLE;
        s->ipv6_policy.problem = bf_arena_printf(s->arena, "netsh could not be started: error %lu", (unsigned long)rc);
        return ERROR_SUCCESS;
    }
    if (!bf_policy_parse_netsh(s, text, len)) {
        free(text);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    if (s->ipv6_policy.status != BF_SECTION_OK && s->ipv6_policy.policy_count == 0) {
        /* no row at all: this netsh has no such command (Wine 8, Windows without IPv6): not a malformed
         * table, an unavailable one; the first line it printed says why */
        size_t first = strcspn(text, "\r\n");
        bool any_row = strstr(s->ipv6_policy.problem, "no prefix policy row") == NULL;
        if (!any_row) {
            s->ipv6_policy.status = BF_SECTION_UNAVAILABLE;
            s->ipv6_policy.problem =
                first ? bf_arena_printf(s->arena, "netsh printed no prefix policy table (\"%.*s\")",
                                        (int)(first > 160 ? 160 : first), text)
                      : "netsh printed nothing for \"interface ipv6 show prefixpolicies\" (no such context on this system)";
        }
    }
    free(text);     /* the rows are copies in the snapshot's arena */
    return ERROR_SUCCESS;
}
