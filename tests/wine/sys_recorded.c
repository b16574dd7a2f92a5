/* sys_recorded.c - the system layer's parsers fed with API answers recorded from Windows, for the values
 * Wine cannot produce (interface metrics, SkipAsSource, a Tcpip\Linkage\Bind value, event-log records).
 * Every test name says "recorded". Run under Wine by tests/wine/run-sys-tests.sh; ends "N passed, N failed". */
#include "sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                                 \
    do {                                                                            \
        if (!(cond)) {                                                              \
            printf("  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);      \
            ok = false;                                                             \
        }                                                                           \
    } while (0)

static void report(const char *name, bool ok)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", name);
    if (ok)
        passed++;
    else
        failed++;
}

/* GetAdaptersAddresses on a Windows Server 2016 with a LAN (metric 25) and a WireGuard tunnel (metric 5),
 * the tunnel's second address SkipAsSource-free but DAD tentative: the fields bindfix reads. */
static void recorded_gaa_server2016_metrics(void)
{
    bool ok = true;
    IP_ADAPTER_ADDRESSES a[2];
    IP_ADAPTER_UNICAST_ADDRESS u[3];
    SOCKADDR_IN in[2];
    SOCKADDR_IN6 in6;
    bf_snapshot *s = bf_snapshot_create();
    memset(a, 0, sizeof a);
    memset(u, 0, sizeof u);
    memset(in, 0, sizeof in);
    memset(&in6, 0, sizeof in6);
    a[0].Length = sizeof a[0];
    a[0].AdapterName = "{6B29FC40-CA47-1067-B31D-00DD010662DA}";
    a[0].FriendlyName = L"Ethernet";
    a[0].Description = L"Intel(R) 82574L Gigabit Network Connection";
    a[0].IfType = 6;
    a[0].IfIndex = 4;
    a[0].OperStatus = IfOperStatusUp;
    a[0].Ipv4Metric = 25;
    a[0].Ipv6Metric = 25;
    a[0].FirstUnicastAddress = &u[0];
    a[0].Next = &a[1];
    in[0].sin_family = AF_INET;
    inet_pton(AF_INET, "192.0.2.10", &in[0].sin_addr);
    u[0].Length = sizeof u[0];
    u[0].Address.lpSockaddr = (SOCKADDR *)&in[0];
    u[0].OnLinkPrefixLength = 24;
    u[0].DadState = IpDadStatePreferred;
    a[1].Length = sizeof a[1];
    a[1].AdapterName = "{D1B8A2F0-3A2B-4E57-9B7E-0A1B2C3D4E5F}";
    a[1].FriendlyName = L"wg-corp";
    a[1].Description = L"WireGuard Tunnel";
    a[1].IfType = 53;
    a[1].IfIndex = 9;
    a[1].OperStatus = IfOperStatusUp;
    a[1].Ipv4Metric = 5;
    a[1].Ipv6Metric = 5;
    a[1].FirstUnicastAddress = &u[1];
    in[1].sin_family = AF_INET;
    inet_pton(AF_INET, "198.51.100.64", &in[1].sin_addr);
    u[1].Length = sizeof u[1];
    u[1].Address.lpSockaddr = (SOCKADDR *)&in[1];
    u[1].OnLinkPrefixLength = 32;
    u[1].DadState = IpDadStatePreferred;
    u[1].Next = &u[2];
    in6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "2001:db8:64::1", &in6.sin6_addr);
    u[2].Length = sizeof u[2];
    u[2].Address.lpSockaddr = (SOCKADDR *)&in6;
    u[2].OnLinkPrefixLength = 64;
    u[2].DadState = IpDadStateTentative;
    CHECK(s && bfsys_adapters_from_list(s, a) == ERROR_SUCCESS);
    CHECK(s->adapter_count == 2);
    if (s->adapter_count == 2) {
        CHECK(s->adapters[0].metric4 == 25 && s->adapters[1].metric4 == 5);
        CHECK(s->adapters[0].kind == BF_KIND_LAN);
        CHECK(s->adapters[1].kind == BF_KIND_VPN);
        CHECK(strcmp(s->adapters[1].guid, "{D1B8A2F0-3A2B-4E57-9B7E-0A1B2C3D4E5F}") == 0);
        CHECK(s->adapters[1].address_count == 2);
        if (s->adapters[1].address_count == 2) {
            CHECK(strcmp(s->adapters[1].addresses[1].address, "2001:db8:64::1") == 0);
            CHECK(s->adapters[1].addresses[1].prefix_length == 64);
            CHECK(s->adapters[1].addresses[1].dad_state == BF_DAD_TENTATIVE);
            CHECK(s->adapters[1].addresses[1].family == 6);
        }
    }
    bf_snapshot_destroy(s);
    report("recorded_gaa_server2016_metrics_kinds_dad", ok);
}

static void recorded_linkage_bind_values(void)
{
    bool ok = true;
    /* NT4 SP4: NdisWan first (two entries, double NUL) */
    static const WCHAR good[] = L"\\Device\\{8A1D3C52-6B0E-4C1B-9A77-2F5E1D0C9B41}\0\\Device\\{4D36E972-E325-11CE-BFC1-08002BE10318}\0";
    /* a hand-edited value: the "\\Device\\" prefix lost on the first entry */
    static const WCHAR bad_entry[] = L"NdisWan4\0\\Device\\{4D36E972-E325-11CE-BFC1-08002BE10318}\0";
    static const WCHAR truncated[] = {L'\\', L'D', L'e', L'v', L'i', L'c', L'e', L'\\', L'{', L'A', L'}'};
    bf_snapshot *s = bf_snapshot_create();
    bfsys_binding_from_multi_sz(s, good, sizeof good / sizeof good[0]);
    CHECK(s->binding.status == BF_SECTION_OK && s->binding.entry_count == 2);
    CHECK(s->binding.entry_count == 2 && strstr(s->binding.entries[0], "8A1D3C52") != NULL);
    bf_snapshot_destroy(s);
    s = bf_snapshot_create();
    bfsys_binding_from_multi_sz(s, bad_entry, sizeof bad_entry / sizeof bad_entry[0]);
    CHECK(s->binding.status == BF_SECTION_MALFORMED);
    CHECK(strstr(s->binding.problem, "entry 1") != NULL && strstr(s->binding.problem, "NdisWan4") != NULL);
    bf_snapshot_destroy(s);
    s = bf_snapshot_create();
    bfsys_binding_from_multi_sz(s, truncated, sizeof truncated / sizeof truncated[0]);
    CHECK(s->binding.status == BF_SECTION_MALFORMED);
    CHECK(strstr(s->binding.problem, "truncated") != NULL);
    bf_snapshot_destroy(s);
    report("recorded_linkage_bind_good_bad_entry_truncated", ok);
}

/* Appends one EVENTLOGRECORD as ReadEventLogW lays it out: header, source, computer, strings. */
static size_t put_record(BYTE *buf, size_t at, DWORD id, DWORD when, const WCHAR *source, const WCHAR *const *strings,
                         int nstr)
{
    EVENTLOGRECORD r;
    size_t p = at + sizeof r, i;
    memset(&r, 0, sizeof r);
    memcpy(buf + p, source, (wcslen(source) + 1) * sizeof(WCHAR));
    p += (wcslen(source) + 1) * sizeof(WCHAR);
    memcpy(buf + p, L"EXCHSRV01", 10 * sizeof(WCHAR));
    p += 10 * sizeof(WCHAR);
    r.StringOffset = (DWORD)(p - at);
    for (i = 0; i < (size_t)nstr; i++) {
        memcpy(buf + p, strings[i], (wcslen(strings[i]) + 1) * sizeof(WCHAR));
        p += (wcslen(strings[i]) + 1) * sizeof(WCHAR);
    }
    p = (p + 7) & ~(size_t)7;
    r.Length = (DWORD)(p + 4 - at);
    r.Reserved = 0x654c664c;
    r.RecordNumber = id;
    r.TimeGenerated = r.TimeWritten = when;
    r.EventID = 0xC0000000u | id;  /* severity bits set, as Exchange logs them */
    r.EventType = EVENTLOG_ERROR_TYPE;
    r.NumStrings = (WORD)nstr;
    memcpy(buf + at, &r, sizeof r);
    memcpy(buf + p, &r.Length, 4);
    return p + 4;
}

static void recorded_eventlog_records(void)
{
    bool ok = true;
    static BYTE buf[4096];
    const WCHAR *s1309[] = {L"10049"};
    const WCHAR *s11508[] = {L"0x2741"};
    const WCHAR *other[] = {L"nothing to see"};
    size_t len = 0;
    DWORD seen = 0;
    bf_snapshot *s = bf_snapshot_create();
    len = put_record(buf, len, 1309, 935744551, L"MSExchangeDS", s1309, 1);
    len = put_record(buf, len, 11508, 935744563, L"MSExchange POP3", s11508, 1);
    len = put_record(buf, len, 1000, 935744564, L"Application Error", other, 1);
    CHECK(!bfsys_events_from_buffer(s, "Application", buf, (DWORD)len, 0, &seen, NULL, 0));
    CHECK(seen == 3);
    CHECK(s->event_log.event_count == 2);
    if (s->event_log.event_count == 2) {
        CHECK(s->event_log.events[0].event_id == 1309);
        CHECK(strcmp(s->event_log.events[0].time, "1999-08-27T09:02:31Z") == 0);
        CHECK(strcmp(s->event_log.events[1].source, "MSExchange POP3") == 0);
        CHECK(strcmp(s->event_log.events[1].message, "0x2741") == 0);
    }
    /* a record whose Length runs past the buffer is not read */
    seen = 0;
    buf[0] = 0xff;
    buf[1] = 0xff;
    CHECK(!bfsys_events_from_buffer(s, "Application", buf, (DWORD)len, 0, &seen, NULL, 0));
    CHECK(seen == 0);
    /* every truncation of the buffer is read without reading past it */
    buf[0] = (BYTE)(len & 0xff);
    {
        size_t cut;
        bf_snapshot *t = bf_snapshot_create();
        DWORD first_len;
        memcpy(&first_len, buf, 4);
        for (cut = 0; cut < len; cut++) {
            seen = 0;
            bfsys_events_from_buffer(t, "Application", buf, (DWORD)cut, 0, &seen, NULL, 0);
        }
        bf_snapshot_destroy(t);
        (void)first_len;
    }
    bf_snapshot_destroy(s);
    /* a user catalogue's signature: any hMailServer event naming 10049 */
    {
        static const bf_event_signature user[] = {{"hMailServer", 0}};
        const WCHAR *ins[] = {L"bind failed with 10049"};
        bf_snapshot *u = bf_snapshot_create();
        size_t ulen = put_record(buf, 0, 5, 935744600, L"hMailServer", ins, 1);
        seen = 0;
        bfsys_events_from_buffer(u, "Application", buf, (DWORD)ulen, 0, &seen, user, 1);
        CHECK(u->event_log.event_count == 1);
        seen = 0;
        bfsys_events_from_buffer(u, "Application", buf, (DWORD)ulen, 0, &seen, NULL, 0);
        CHECK(u->event_log.event_count == 1);   /* not a built-in signature: not matched again */
        bf_snapshot_destroy(u);
    }
    report("recorded_eventlog_records_matched_and_bounded", ok);
}

void recorded_netcfg_tests(int *passed, int *failed);    /* recorded_netcfg.c */
void recorded_ipconfig_tests(int *passed, int *failed);  /* recorded_ipconfig.c */

int main(void)
{
    recorded_gaa_server2016_metrics();
    recorded_linkage_bind_values();
    recorded_eventlog_records();
    recorded_netcfg_tests(&passed, &failed);
    recorded_ipconfig_tests(&passed, &failed);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
