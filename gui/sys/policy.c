/* policy.c - the address family order settings: Tcpip6\Parameters\DisabledComponents and the IPv6
 * prefix policy table, as `netsh interface ipv6 show prefixpolicies` prints it (core/policy.h parses
 * it by its numeric columns only, so a localized header does not matter). netsh is the tool every
 * Windows from XP SP1 with IPv6 to Server 2022 has; MSFT_NetPrefixPolicy (WMI) exists only from Windows
 * 8 / Server 2012 and answers the same table. Wine 8's netsh has no "interface ipv6" context and Wine
 * has no MSFT_NetPrefixPolicy class: there the section says so (unavailable). */
#include "collect_priv.h"

#include <stdio.h>
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

/* Runs netsh with its output in a pipe; *out (arena) the bytes, at most NETSH_OUTPUT_MAX. */
static DWORD run_netsh(bf_snapshot *s, char **out, size_t *len)
{
    WCHAR sysdir[MAX_PATH], exe[MAX_PATH + 16], cmd[MAX_PATH + 64];
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    HANDLE rd = NULL, wr = NULL;
    char *buf;
    size_t used = 0;
    UINT n = GetSystemDirectoryW(sysdir, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return GetLastError() ? GetLastError() : ERROR_PATH_NOT_FOUND;
    _snwprintf(exe, MAX_PATH + 16, L"%ls\\netsh.exe", sysdir);
    exe[MAX_PATH + 15] = 0;
    _snwprintf(cmd, MAX_PATH + 64, L"\"%ls\" interface ipv6 show prefixpolicies", exe);
    cmd[MAX_PATH + 63] = 0;
    if (!CreatePipe(&rd, &wr, &sa, 0))
        return GetLastError();
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = wr;
    si.hStdError = wr;
    si.hStdInput = NULL;
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        DWORD e = GetLastError();
        CloseHandle(rd);
        CloseHandle(wr);
        return e;
    }
    CloseHandle(wr);    /* the read ends when netsh (the only writer left) ends */
    buf = bf_arena_alloc(s->arena, NETSH_OUTPUT_MAX + 1);
    for (;;) {
        DWORD got = 0;
        char chunk[4096];
        if (!ReadFile(rd, chunk, sizeof chunk, &got, NULL) || got == 0)
            break;
        if (buf && used + got <= NETSH_OUTPUT_MAX) {
            memcpy(buf + used, chunk, got);
            used += got;
        }
    }
    CloseHandle(rd);
    if (WaitForSingleObject(pi.hProcess, NETSH_WAIT_MS) != WAIT_OBJECT_0)
        TerminateProcess(pi.hProcess, 1);   /* our own child, hung: not a service, ours to end */
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    if (!buf)
        return ERROR_NOT_ENOUGH_MEMORY;
    buf[used] = 0;
    *out = buf;
    *len = used;
    return ERROR_SUCCESS;
}

DWORD bfsys_collect_ipv6_policy(bf_snapshot *s)
{
    char *text = NULL;
    size_t len = 0;
    DWORD rc;
    read_disabled_components(s);
    s->ipv6_policy.source = "netsh interface ipv6 show prefixpolicies";
    rc = run_netsh(s, &text, &len);
    if (rc == ERROR_NOT_ENOUGH_MEMORY)
        return rc;
    if (rc != ERROR_SUCCESS) {
        s->ipv6_policy.status = BF_SECTION_UNAVAILABLE;
        s->ipv6_policy.problem = bf_arena_printf(s->arena, "netsh could not be started: error %lu", (unsigned long)rc);
        return ERROR_SUCCESS;
    }
    if (!bf_policy_parse_netsh(s, text, len))
        return ERROR_NOT_ENOUGH_MEMORY;
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
    return ERROR_SUCCESS;
}
