/* dnspub.c - what DNS publishes for this server's own name (issue 16 part 1) into snap->dns, and which
 * adapters register their addresses in DNS (snap->adapters[].dns_register).
 *
 * The name is the FQDN (host name + primary DNS suffix), else the host name. DnsQuery_W (dnsapi.dll,
 * Windows 2000 and later) asks the configured DNS servers for its A and then its AAAA records with
 * DNS_QUERY_BYPASS_CACHE | DNS_QUERY_NO_HOSTS_FILE | DNS_QUERY_WIRE_ONLY: the answer of the server,
 * not of the resolver cache, the hosts file or the machine's own name (which Windows answers locally).
 * dnsapi is not a KnownDLL: it is loaded from System32 at run time (bfsys_load_system_dll). Wine 8's
 * DnsQuery_W asks the servers of /etc/resolv.conf through the host's libresolv, so the tests run it
 * for real against dnsmasq in a network namespace.
 *
 * Registration ("Register this connection's addresses in DNS"): IP_ADAPTER_DDNS_ENABLED in
 * GetAdaptersAddresses' Flags (XP and later), overridden to "no" by the per-interface values Windows
 * documents: DisableDynamicUpdate = 1 (KB 246804, Windows 2000 to 2008 R2) or RegistrationEnabled = 0
 * (the value Set-DnsClient -RegisterThisConnectionsAddress writes) under
 * Tcpip\Parameters\Interfaces\{GUID}. */
#include "collect_priv.h"

#include <windns.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef DNS_QUERY_WIRE_ONLY
#define DNS_QUERY_WIRE_ONLY 0x00000100
#endif
#ifndef DNS_QUERY_NO_HOSTS_FILE
#define DNS_QUERY_NO_HOSTS_FILE 0x00000040
#endif

typedef DNS_STATUS(WINAPI *dns_query_fn)(PCWSTR, WORD, DWORD, PVOID, PDNS_RECORD *, PVOID *);
typedef VOID(WINAPI *dns_free_fn)(PDNS_RECORD, DNS_FREE_TYPE);

#define DNS_OPTIONS (DNS_QUERY_BYPASS_CACHE | DNS_QUERY_NO_HOSTS_FILE | DNS_QUERY_WIRE_ONLY)

/* One query; the addresses of the answer's records of that type appended (CNAMEs followed by the server). */
static DWORD query(bf_snapshot *s, dns_query_fn q, dns_free_fn release, const WCHAR *name, WORD type, DNS_STATUS *status)
{
    PDNS_RECORD list = NULL, r;
    *status = q(name, type, DNS_OPTIONS, NULL, &list, NULL);
    if (*status != 0)
        return ERROR_SUCCESS;
    for (r = list; r; r = r->pNext) {
        char text[64];
        const unsigned char *b;
        if (r->wType != type || (r->Flags.S.Section != DnsSectionAnswer))
            continue;
        if (type == DNS_TYPE_A) {
            b = (const unsigned char *)&r->Data.A.IpAddress;
            snprintf(text, sizeof text, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
        } else {
            SOCKADDR_IN6 sa;
            DWORD len = sizeof text;
            char buf[64];
            WCHAR wide[64];
            DWORD wlen = 64;
            memset(&sa, 0, sizeof sa);
            sa.sin6_family = AF_INET6;
            memcpy(&sa.sin6_addr, &r->Data.AAAA.Ip6Address, 16);
            if (WSAAddressToStringW((SOCKADDR *)&sa, sizeof sa, NULL, wide, &wlen) != 0)
                continue;
            (void)len;
            WideCharToMultiByte(CP_ACP, 0, wide, -1, buf, sizeof buf, NULL, NULL);
            snprintf(text, sizeof text, "%s", buf);
        }
        if (!bf_str_list_add(s, &s->dns.addresses, &s->dns.address_count, &s->dns.address_cap, text)) {
            release(list, DnsFreeRecordList);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
    }
    release(list, DnsFreeRecordList);
    return ERROR_SUCCESS;
}

/* "no" where the adapter's Interfaces key says registration is off; "yes" where its check box's own stored
 * value says on (RegistrationEnabled = 1: what the adapter is set to, read also where the API's flag says
 * nothing - Wine 8 never sets IP_ADAPTER_DDNS_ENABLED); the flag otherwise. The machine-wide "Dynamic
 * update" Group Policy (RegistrationEnabled = 0 under HKLM\Software\Policies\Microsoft\Windows
 * NT\DNSClient) turns every adapter's registration off and wins. */
static void registration(bf_snapshot *s)
{
    size_t i;
    DWORD pv = 1, psize = sizeof pv, ptype = 0;
    HKEY ph;
    bool policy_off = false;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Policies\\Microsoft\\Windows NT\\DNSClient", 0, KEY_QUERY_VALUE,
                      &ph) == ERROR_SUCCESS) {
        policy_off = RegQueryValueExW(ph, L"RegistrationEnabled", NULL, &ptype, (BYTE *)&pv, &psize) == ERROR_SUCCESS &&
                     ptype == REG_DWORD && pv == 0;
        RegCloseKey(ph);
    }
    for (i = 0; i < s->adapter_count; i++) {
        bf_adapter *a = &s->adapters[i];
        WCHAR key[160];
        HKEY h;
        DWORD v, size = sizeof v, type;
        bool disabled;
        if (!a->guid[0] || a->guid[0] != '{')
            continue;
        _snwprintf(key, BF_COUNTOF(key), L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\%hs", a->guid);
        key[BF_COUNTOF(key) - 1] = 0;
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_QUERY_VALUE, &h) != ERROR_SUCCESS) {
            if (policy_off)
                a->dns_register = BF_TRI_NO;
            continue;
        }
        disabled = RegQueryValueExW(h, L"DisableDynamicUpdate", NULL, &type, (BYTE *)&v, &size) == ERROR_SUCCESS &&
                   type == REG_DWORD && v == 1;
        size = sizeof v;
        if (RegQueryValueExW(h, L"RegistrationEnabled", NULL, &type, (BYTE *)&v, &size) == ERROR_SUCCESS &&
            type == REG_DWORD && (v == 0 || v == 1))
            a->dns_register = v ? BF_TRI_YES : BF_TRI_NO;
        if (disabled)
            a->dns_register = BF_TRI_NO;
        RegCloseKey(h);
        if (policy_off)
            a->dns_register = BF_TRI_NO;
    }
}

DWORD bfsys_collect_dns_publication(bf_snapshot *s)
{
    HMODULE dll;
    dns_query_fn q;
    dns_free_fn release;
    WCHAR *name;
    DNS_STATUS st4 = 0, st6 = 0;
    DWORD rc;
    int n;
    registration(s);
    s->dns.source = "DnsQuery_W A+AAAA (wire only, cache and hosts file bypassed)";
    s->dns.name = s->fqdn[0] ? s->fqdn : s->hostname;
    if (!s->dns.name[0]) {
        s->dns.status = BF_SECTION_UNAVAILABLE;
        s->dns.problem = "the host name is not known";
        return ERROR_SUCCESS;
    }
    dll = bfsys_load_system_dll(L"dnsapi.dll");
    q = dll ? (dns_query_fn)(void (*)(void))GetProcAddress(dll, "DnsQuery_W") : NULL;
    release = dll ? (dns_free_fn)(void (*)(void))GetProcAddress(dll, "DnsRecordListFree") : NULL;
    if (!q || !release) {
        s->dns.status = BF_SECTION_UNAVAILABLE;
        s->dns.problem = "dnsapi.dll has no DnsQuery_W on this system";
        return ERROR_SUCCESS;
    }
    n = MultiByteToWideChar(CP_UTF8, 0, s->dns.name, -1, NULL, 0);
    if (n <= 0 || !(name = bf_arena_alloc(s->arena, (size_t)n * sizeof(WCHAR))))
        return ERROR_NOT_ENOUGH_MEMORY;
    MultiByteToWideChar(CP_UTF8, 0, s->dns.name, -1, name, n);
    if ((rc = query(s, q, release, name, DNS_TYPE_A, &st4)) != ERROR_SUCCESS ||
        (rc = query(s, q, release, name, DNS_TYPE_AAAA, &st6)) != ERROR_SUCCESS)
        return rc;
    /* answered: records, no such name (9003) or no record of the type (9501); anything else (no server
     * answered: 1460 timeout, 9002 server failure, ...) leaves DNS's view unknown */
#define ANSWERED(st) ((st) == 0 || (st) == DNS_ERROR_RCODE_NAME_ERROR || (st) == DNS_INFO_NO_RECORDS)
    if (ANSWERED(st4) && ANSWERED(st6)) {
        s->dns.status = BF_SECTION_OK;
        s->dns.error = st4 == 0 || st6 == 0 ? 0 : (int)st4;
    } else {
        s->dns.status = BF_SECTION_UNAVAILABLE;
        s->dns.error = (int)(ANSWERED(st4) ? st6 : st4);
        s->dns.problem = bf_arena_printf(s->arena, "no DNS server answered for %s (A: %ld, AAAA: %ld)", s->dns.name,
                                         (long)st4, (long)st6);
    }
#undef ANSWERED
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

/* ipconfig /registerdns, the documented command that asks the DNS client to register this machine's
 * records again (issue 16 part 1: after an adapter's registration was turned off, and after undo). Run as
 * System32's ipconfig.exe through bfsys_run_capture; exit code 0 is Windows' "registration ... has been
 * initiated". Anything else is reported with ipconfig's own first line: Wine 8's ipconfig knows /all,
 * /release and /renew only and refuses /registerdns, which must show as not done, never as success. */
#define REGISTERDNS_TIMEOUT_MS 60000   /* a bound, not a verdict: ipconfig returns once it has asked */
#define REGISTERDNS_OUTPUT_MAX (16 * 1024)

bool bfsys_dns_register(bf_err *err)
{
    WCHAR exe[MAX_PATH];
    char *text = NULL, line[240];
    size_t len = 0, i, n = 0;
    DWORD code = 0, rc = bfsys_system32_file(L"ipconfig.exe", exe, MAX_PATH);
    if (rc != ERROR_SUCCESS) {
        bfsys_fail_named(err, rc, "cannot find", "ipconfig.exe");
        return false;
    }
    rc = bfsys_run_capture(exe, L"/registerdns", REGISTERDNS_TIMEOUT_MS, REGISTERDNS_OUTPUT_MAX, &text, &len, &code);
    if (rc != ERROR_SUCCESS) {
        free(text);
        bfsys_fail_named(err, rc, "cannot run", "ipconfig /registerdns");
        return false;
    }
    if (code == 0) {
        free(text);
        return true;
    }
    /* its first line that says something (Windows starts with an empty line and "Windows IP Configuration") */
    line[0] = 0;
    for (i = 0; text && i <= len && !line[0]; i++) {
        if (i == len || text[i] == '\n' || text[i] == '\r') {
            size_t a = i - n, b = i;
            while (a < b && (text[a] == ' ' || text[a] == '\t'))
                a++;
            if (b > a && strncmp(text + a, "Windows IP Configuration", 24) != 0)
                snprintf(line, sizeof line, "%.*s", (int)(b - a), text + a);
            n = 0;
        } else {
            n++;
        }
    }
    free(text);
    bf_fail(err, "ipconfig /registerdns refused (exit code %lu%s%s)", (unsigned long)code, line[0] ? ": " : "",
            line);
    if (err)
        err->code = (int)code;
    return false;
}
