/* sys_synthetic.c - the system layer's parsers fed synthetic API answers: written by hand in the
 * documented layout of a given Windows version, not recorded from a machine. They cover what Wine
 * cannot produce: the shorter structures of Windows XP and Server 2003, the GetAdaptersInfo fallback
 * (NT 4.0 SP4, Windows 2000), interface metrics and DAD states, Tcpip\Linkage\Bind values, and event-log
 * records (Wine's event log has none).
 *
 * Every answer is handed over in an exact-size allocation that ends at a PAGE_NOACCESS page
 * (synth_guarded_copy), so a parser that reads one byte too far faults instead of passing.
 * Every test name starts with "synthetic_" and names the Windows version whose layout it imitates.
 * Run under Wine by tests/sys/run-sys-tests.sh; ends "N passed, N failed". */
#include "sys.h"

#include <http.h>
#include <sddl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synthetic.h"

static int passed, failed;

/* CHECK_AT: a shared check helper (check_ws2003) takes its caller's line as `at`, and a macro of its
 * name passes __LINE__, so a failure names the test's line first, then the helper's (as testlib.h). */
#define CHECK_AT(at, cond)                                                          \
    do {                                                                            \
        if (!(cond)) {                                                              \
            printf("  %s:%d: CHECK failed: %s", __FILE__, (at) ? (at) : __LINE__, #cond); \
            if (at)                                                                 \
                printf(" (helper line %d)", __LINE__);                              \
            printf("\n");                                                           \
            ok = false;                                                             \
        }                                                                           \
    } while (0)
#define CHECK(cond) CHECK_AT(0, cond)

/* ------------------------------------------------------------------ guarded answers */

static size_t page_size(void)
{
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    return si.dwPageSize;
}

void *synth_guarded_copy(const void *data, size_t len)
{
    size_t page = page_size(), body = (len + page - 1) / page * page;
    BYTE *base = VirtualAlloc(NULL, body + page, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    DWORD old;
    if (!base || !VirtualProtect(base + body, page, PAGE_NOACCESS, &old)) {
        printf("FAIL synthetic_guard_page_could_not_be_made (%lu)\n", (unsigned long)GetLastError());
        exit(2);
    }
    if (len)
        memcpy(base + body - len, data, len);
    return base + body - len;
}

void synth_guarded_free(void *p)
{
    MEMORY_BASIC_INFORMATION mi;
    if (p && VirtualQuery(p, &mi, sizeof mi) == sizeof mi)
        VirtualFree(mi.AllocationBase, 0, MEM_RELEASE);
}

size_t synth_blob_add(synth_blob *b, const void *src, size_t len, size_t align)
{
    size_t at = (b->len + align - 1) / align * align;
    if (at + len > sizeof b->data) {
        printf("FAIL synthetic_answer_too_large_for_its_builder\n");
        exit(2);
    }
    memset(b->data + b->len, 0, at - b->len);
    if (src)
        memcpy(b->data + at, src, len);
    else
        memset(b->data + at, 0, len);
    b->len = at + len;
    return at;
}

size_t synth_blob_str(synth_blob *b, const char *s)
{
    return synth_blob_add(b, s, strlen(s) + 1, 1);
}

size_t synth_blob_wstr(synth_blob *b, const wchar_t *s)
{
    return synth_blob_add(b, s, (wcslen(s) + 1) * sizeof(wchar_t), sizeof(wchar_t));
}

void synth_blob_ptr(synth_blob *b, size_t field, size_t target)
{
    uintptr_t v = target;
    if (b->nptrs == sizeof b->ptr_at / sizeof b->ptr_at[0] || field + sizeof v > b->len) {
        printf("FAIL synthetic_answer_pointer_out_of_place\n");
        exit(2);
    }
    memcpy(b->data + field, &v, sizeof v);
    b->ptr_at[b->nptrs++] = field;
}

void *synth_blob_place(const synth_blob *b)
{
    BYTE *p = synth_guarded_copy(b->data, b->len);
    for (size_t i = 0; i < b->nptrs; i++) {
        uintptr_t v;
        memcpy(&v, p + b->ptr_at[i], sizeof v);
        v += (uintptr_t)p;
        memcpy(p + b->ptr_at[i], &v, sizeof v);
    }
    return p;
}

void synth_report_(const char *file, int line, const char *name, int ok, const char *detail, int *p, int *f)
{
    if (ok)
        printf("ok   %s\n", name);
    else
        printf("FAIL %s (%s:%d)\n", name, file, line);    /* where the caller decided, not this line */
    if (!ok && detail && *detail)
        printf("  %s\n", detail);
    if (ok)
        ++*p;
    else
        ++*f;
}

static void report_(int at, const char *name, bool ok)
{
    synth_report_(__FILE__, at, name, ok, NULL, &passed, &failed);
}
#define report(...) report_(__LINE__, __VA_ARGS__)

/* The helper itself: the byte after an answer is a PAGE_NOACCESS page, the answer's bytes are intact. */
static void synthetic_guard_page(void)
{
    bool ok = true;
    static const char text[] = "0123456789abc";   /* 14 bytes: not a multiple of anything */
    MEMORY_BASIC_INFORMATION mi;
    char *p = synth_guarded_copy(text, sizeof text);
    CHECK(memcmp(p, text, sizeof text) == 0);
    CHECK(VirtualQuery(p + sizeof text, &mi, sizeof mi) == sizeof mi && mi.Protect == PAGE_NOACCESS);
    CHECK(VirtualQuery(p + sizeof text - 1, &mi, sizeof mi) == sizeof mi && mi.Protect == PAGE_READWRITE);
    synth_guarded_free(p);
    report("synthetic_guard_page_follows_the_answer_byte_for_byte", ok);
}

/* ------------------------------------------------------------------ GetAdaptersAddresses answers */

/* One adapter of a synthetic GetAdaptersAddresses answer. */
typedef struct synth_unicast {
    const char *addr;
    int prefix;                 /* OnLinkPrefixLength, written only where the structure has it */
    IP_DAD_STATE dad;
    IP_PREFIX_ORIGIN po;
    IP_SUFFIX_ORIGIN so;
} synth_unicast;

typedef struct synth_adapter {
    const char *name;           /* AdapterName: the {GUID} */
    const wchar_t *friendly, *desc, *dns_suffix;
    ULONG if_index, ipv6_if_index, if_type, mtu, metric4, metric6;
    IF_OPER_STATUS oper;
    BYTE mac[8];
    ULONG mac_len;
    synth_unicast uni[4];
    const char *anycast[2], *multicast[4], *dns[4];
} synth_adapter;

static size_t add_sockaddr(synth_blob *b, const char *text, INT *len)
{
    SOCKADDR_IN6 in6;
    SOCKADDR_IN in;
    memset(&in, 0, sizeof in);
    memset(&in6, 0, sizeof in6);
    if (inet_pton(AF_INET, text, &in.sin_addr) == 1) {
        in.sin_family = AF_INET;
        *len = sizeof in;
        return synth_blob_add(b, &in, sizeof in, 8);
    }
    in6.sin6_family = AF_INET6;
    inet_pton(AF_INET6, text, &in6.sin6_addr);
    *len = sizeof in6;
    return synth_blob_add(b, &in6, sizeof in6, 8);
}

/* The answer as one block, the way GetAdaptersAddresses fills the caller's buffer: each adapter's
 * strings, addresses and address lists, then the adapter structure. alen and ulen are the Length the
 * imitated version reports for IP_ADAPTER_ADDRESSES and IP_ADAPTER_UNICAST_ADDRESS, and only that many
 * bytes of each are placed. tail_unicast: the last adapter's unicast entries go after its structure,
 * so the answer ends with a unicast entry instead of an adapter (each then meets the guard page). */
static IP_ADAPTER_ADDRESSES *gaa_answer(const synth_adapter *ad, size_t n, size_t alen, size_t ulen, bool tail_unicast)
{
    static synth_blob b;
    size_t prev_next = SIZE_MAX, first = 0;
    memset(&b, 0, sizeof b);
    for (size_t i = 0; i < n; i++) {
        const synth_adapter *x = &ad[i];
        IP_ADAPTER_ADDRESSES a;
        size_t name = synth_blob_str(&b, x->name), fr = synth_blob_wstr(&b, x->friendly),
               de = synth_blob_wstr(&b, x->desc), su = synth_blob_wstr(&b, x->dns_suffix), at, link;
        size_t usa[4], uat[4], nu = 0;
        INT ulens[4];
        bool last = i + 1 == n;
        memset(&a, 0, sizeof a);
        a.Length = (ULONG)alen;
        a.IfIndex = x->if_index;
        memcpy(a.PhysicalAddress, x->mac, sizeof a.PhysicalAddress);
        a.PhysicalAddressLength = x->mac_len;
        a.Flags = IP_ADAPTER_DDNS_ENABLED | IP_ADAPTER_REGISTER_ADAPTER_SUFFIX;
        a.Mtu = x->mtu;
        a.IfType = x->if_type;
        a.OperStatus = x->oper;
        a.Ipv6IfIndex = x->ipv6_if_index;
        a.Ipv4Metric = x->metric4;
        a.Ipv6Metric = x->metric6;
        for (nu = 0; nu < 4 && x->uni[nu].addr; nu++)
            usa[nu] = add_sockaddr(&b, x->uni[nu].addr, &ulens[nu]);
        /* the unicast entries: Length ulen, the XP members always, OnLinkPrefixLength where ulen has it */
#define ADD_UNICASTS()                                                                                  \
        for (size_t k = 0; k < nu; k++) {                                                              \
            IP_ADAPTER_UNICAST_ADDRESS u;                                                              \
            memset(&u, 0, sizeof u);                                                                   \
            u.Length = (ULONG)ulen;                                                                    \
            u.Address.iSockaddrLength = ulens[k];                                                      \
            u.PrefixOrigin = x->uni[k].po;                                                             \
            u.SuffixOrigin = x->uni[k].so;                                                             \
            u.DadState = x->uni[k].dad;                                                                \
            u.ValidLifetime = u.PreferredLifetime = 0xffffffff;                                        \
            u.LeaseLifetime = 0xffffffff;                                                              \
            u.OnLinkPrefixLength = (UINT8)x->uni[k].prefix;                                            \
            uat[k] = synth_blob_add(&b, &u, ulen, 8);                                                  \
            synth_blob_ptr(&b, uat[k] + offsetof(IP_ADAPTER_UNICAST_ADDRESS, Address.lpSockaddr), usa[k]); \
        }
        /* anycast, multicast and DNS lists (bindfix asks to skip them; the parser must not care) */
        size_t lists[3] = {SIZE_MAX, SIZE_MAX, SIZE_MAX};
        const char *const *items[3] = {x->anycast, x->multicast, x->dns};
        size_t counts[3] = {2, 4, 4};
        size_t heads[3][4];
        size_t nheads[3] = {0, 0, 0};
        for (int l = 0; l < 3; l++)
            for (size_t k = 0; k < counts[l] && items[l][k]; k++) {
                IP_ADAPTER_DNS_SERVER_ADDRESS d;
                INT salen;
                size_t sa = add_sockaddr(&b, items[l][k], &salen);
                memset(&d, 0, sizeof d);
                d.Length = sizeof d;
                d.Address.iSockaddrLength = salen;
                heads[l][nheads[l]] = synth_blob_add(&b, &d, sizeof d, 8);
                synth_blob_ptr(&b, heads[l][nheads[l]] + offsetof(IP_ADAPTER_DNS_SERVER_ADDRESS, Address.lpSockaddr), sa);
                nheads[l]++;
            }
        if (!(tail_unicast && last)) {
            ADD_UNICASTS();
        }
        at = synth_blob_add(&b, &a, alen, 8);
        if (tail_unicast && last) {
            ADD_UNICASTS();
        }
#undef ADD_UNICASTS
        synth_blob_ptr(&b, at + offsetof(IP_ADAPTER_ADDRESSES, AdapterName), name);
        synth_blob_ptr(&b, at + offsetof(IP_ADAPTER_ADDRESSES, FriendlyName), fr);
        synth_blob_ptr(&b, at + offsetof(IP_ADAPTER_ADDRESSES, Description), de);
        synth_blob_ptr(&b, at + offsetof(IP_ADAPTER_ADDRESSES, DnsSuffix), su);
        link = at + offsetof(IP_ADAPTER_ADDRESSES, FirstUnicastAddress);
        for (size_t k = 0; k < nu; k++) {
            synth_blob_ptr(&b, link, uat[k]);
            link = uat[k] + offsetof(IP_ADAPTER_UNICAST_ADDRESS, Next);
        }
        lists[0] = at + offsetof(IP_ADAPTER_ADDRESSES, FirstAnycastAddress);
        lists[1] = at + offsetof(IP_ADAPTER_ADDRESSES, FirstMulticastAddress);
        lists[2] = at + offsetof(IP_ADAPTER_ADDRESSES, FirstDnsServerAddress);
        for (int l = 0; l < 3; l++)
            for (size_t k = 0; k < nheads[l]; k++) {
                synth_blob_ptr(&b, lists[l], heads[l][k]);
                lists[l] = heads[l][k] + offsetof(IP_ADAPTER_DNS_SERVER_ADDRESS, Next);
            }
        if (prev_next != SIZE_MAX)
            synth_blob_ptr(&b, prev_next, at);
        else
            first = at;
        prev_next = at + offsetof(IP_ADAPTER_ADDRESSES, Next);
    }
    /* the caller gets a pointer to the first adapter: it is the start of the block only when nothing
     * precedes it, so hand back the block and the first adapter's place in it */
    BYTE *block = synth_blob_place(&b);
    return (IP_ADAPTER_ADDRESSES *)(block + first);
}

static void free_answer(const void *p)
{
    synth_guarded_free((void *)p);
}

/* Windows Server 2003 SP2 (x64) with IPv6 installed and RRAS answering dial-in calls, in the layout of
 * the SDK's IP_ADAPTER_ADDRESSES_XP / IP_ADAPTER_UNICAST_ADDRESS_XP (iptypes.h; Microsoft Learn,
 * "IP_ADAPTER_ADDRESSES_LH structure": the members from TransmitLinkSpeed on are "Windows Vista and
 * later", Ipv6IfIndex, ZoneIndices and FirstPrefix "Windows XP with SP1 and later"; "IP_ADAPTER_UNICAST_
 * ADDRESS_LH": OnLinkPrefixLength "Windows Vista and later"). XP and 2003 report Length as the size of
 * those shorter structures. Interface indices as 2003 numbers them (0x10003 for a LAN adapter); the
 * ISATAP address is on its own "Automatic Tunneling Pseudo-Interface" (IfType 131, no IPv4, hence
 * IfIndex 0), whose physical address is the IPv4 address it tunnels over; IPv6 interfaces list the
 * well-known site-local DNS servers fec0:0:0:ffff::1-3. */
static const synth_adapter ws2003[] = {
    {"{957F9ADC-6154-4CD5-A4DE-165113FCF627}", L"Local Area Connection", L"HP NC7782 Gigabit Server Adapter",
     L"corp.example", 0x10003, 4, 6, 1500, 0, 0, IfOperStatusUp,
     {0x00, 0x13, 0x21, 0x4b, 0x9c, 0x2e}, 6,
     {{"192.0.2.10", 24, IpDadStatePreferred, IpPrefixOriginManual, IpSuffixOriginManual},
      {"198.51.100.7", 24, IpDadStatePreferred, IpPrefixOriginManual, IpSuffixOriginManual},
      {"fe80::213:21ff:fe4b:9c2e", 64, IpDadStatePreferred, IpPrefixOriginWellKnown, IpSuffixOriginLinkLayerAddress}},
     {"fe80::"},
     {"ff01::1", "ff02::1", "ff02::1:ff4b:9c2e", "224.0.0.1"},
     {"192.0.2.53", "192.0.2.54", "fec0:0:0:ffff::1", "fec0:0:0:ffff::2"}},
    {"{8528181A-C9BD-44DB-B99B-23919E27C8D0}", L"RAS Server (Dial In) Interface", L"WAN (PPP/SLIP) Interface",
     L"", 0x10005, 0, 23, 1500, 0, 0, IfOperStatusUp,
     {0x00, 0x53, 0x45, 0x00, 0x00, 0x00}, 6,
     {{"203.0.113.77", 32, IpDadStatePreferred, IpPrefixOriginManual, IpSuffixOriginManual}},
     {NULL}, {NULL}, {"192.0.2.53"}},
    {"{5E9AC70D-7E55-4FA6-98C8-1D439AE8A311}", L"Automatic Tunneling Pseudo-Interface",
     L"Automatic Tunneling Pseudo-Interface", L"", 0, 2, 131, 1280, 0, 0, IfOperStatusUp,
     {0xc0, 0x00, 0x02, 0x0a}, 4,
     {{"fe80::5efe:192.0.2.10", 128, IpDadStatePreferred, IpPrefixOriginWellKnown, IpSuffixOriginLinkLayerAddress}},
     {NULL}, {"ff01::1", "ff02::1"}, {"fec0:0:0:ffff::1", "fec0:0:0:ffff::2", "fec0:0:0:ffff::3"}},
    {"{6F1BA454-6502-44CB-80F4-B1F7B969ED66}", L"Loopback Pseudo-Interface", L"Loopback Pseudo-Interface", L"", 0,
     1, 24, 1500, 0, 0, IfOperStatusUp, {0}, 0,
     {{"::1", 128, IpDadStatePreferred, IpPrefixOriginWellKnown, IpSuffixOriginWellKnown}},
     {NULL}, {"ff02::1"}, {"fec0:0:0:ffff::1"}},
};

static void check_ws2003_(int at, const bf_snapshot *s, bool xp_sp1, bool *okp)
{
    bool ok = true;
    CHECK_AT(at, s->adapter_count == 4);
    if (s->adapter_count == 4) {
        const bf_adapter *lan = &s->adapters[0], *ras = &s->adapters[1], *isatap = &s->adapters[2], *lo = &s->adapters[3];
        CHECK_AT(at, strcmp(lan->guid, "{957F9ADC-6154-4CD5-A4DE-165113FCF627}") == 0);
        CHECK_AT(at, strcmp(lan->friendly_name, "Local Area Connection") == 0);
        CHECK_AT(at, strcmp(lan->description, "HP NC7782 Gigabit Server Adapter") == 0);
        CHECK_AT(at, lan->if_index == 0x10003 && lan->kind == BF_KIND_LAN && lan->status == BF_OPER_UP);
        CHECK_AT(at, strcmp(lan->mac, "00-13-21-4B-9C-2E") == 0);
        /* no metric and no prefix length members in these structures: unknown, not 0 */
        CHECK_AT(at, lan->metric4 == -1 && lan->metric6 == -1);
        /* the unicast list only: anycast, multicast and DNS entries are not addresses of the adapter */
        CHECK_AT(at, lan->address_count == 3);
        if (lan->address_count == 3) {
            CHECK_AT(at, strcmp(lan->addresses[0].address, "192.0.2.10") == 0 && lan->addresses[0].family == 4);
            CHECK_AT(at, strcmp(lan->addresses[1].address, "198.51.100.7") == 0);
            CHECK_AT(at, strcmp(lan->addresses[2].address, "fe80::213:21ff:fe4b:9c2e") == 0 && lan->addresses[2].family == 6);
            for (size_t k = 0; k < 3; k++)
                CHECK_AT(at, lan->addresses[k].prefix_length == -1 && lan->addresses[k].dad_state == BF_DAD_PREFERRED);
        }
        CHECK_AT(at, ras->kind == BF_KIND_DIALUP && ras->address_count == 1 && strcmp(ras->addresses[0].address, "203.0.113.77") == 0);
        /* IfIndex 0 (no IPv4): the IPv6 index where the structure has it (XP SP1 on), else unknown */
        CHECK_AT(at, isatap->if_index == (xp_sp1 ? 2 : -1));
        CHECK_AT(at, isatap->kind == BF_KIND_VPN && strcmp(isatap->mac, "C0-00-02-0A") == 0);
        /* inet_ntop writes an ISATAP address with its IPv4 part dotted, as ipconfig shows it */
        CHECK_AT(at, isatap->address_count == 1 && strcmp(isatap->addresses[0].address, "fe80::5efe:192.0.2.10") == 0);
        CHECK_AT(at, lo->kind == BF_KIND_LOOPBACK && lo->address_count == 1 && strcmp(lo->addresses[0].address, "::1") == 0);
        CHECK_AT(at, lo->if_index == (xp_sp1 ? 1 : -1));
    }
    if (!ok)
        *okp = false;
}
#define check_ws2003(...) check_ws2003_(__LINE__, __VA_ARGS__)

static void synthetic_gaa_ws2003(void)
{
    bool ok = true;
    const size_t alen = sizeof(IP_ADAPTER_ADDRESSES_XP), ulen = sizeof(IP_ADAPTER_UNICAST_ADDRESS_XP);
    /* the XP structures are the LH ones cut short: same members at the same offsets */
    CHECK(alen == offsetof(IP_ADAPTER_ADDRESSES, TransmitLinkSpeed));
    CHECK(ulen <= offsetof(IP_ADAPTER_UNICAST_ADDRESS, OnLinkPrefixLength));
    for (int tail = 0; tail < 2; tail++) {
        IP_ADAPTER_ADDRESSES *list = gaa_answer(ws2003, 4, alen, ulen, tail);
        bf_snapshot *s = bf_snapshot_create();
        CHECK(s && bfsys_adapters_from_list(s, list) == ERROR_SUCCESS);
        if (s)
            check_ws2003(s, true, &ok);
        bf_snapshot_destroy(s);
        free_answer(list);
    }
    report("synthetic_ws2003_xp_length_structures_no_metrics_no_prefix_isatap_on_its_own_tunnel", ok);
}

/* Windows XP before SP1 with IPv6 installed ("ipv6 install"): the structure ends after OperStatus
 * (Microsoft Learn: Ipv6IfIndex "Windows XP with SP1 and later"), so an adapter without IPv4 has no
 * usable index. The adapters are the 2003 answer's; only Length differs. */
static void synthetic_gaa_xp_rtm(void)
{
    bool ok = true;
    const size_t alen = offsetof(IP_ADAPTER_ADDRESSES_XP, Ipv6IfIndex), ulen = sizeof(IP_ADAPTER_UNICAST_ADDRESS_XP);
    for (int tail = 0; tail < 2; tail++) {
        IP_ADAPTER_ADDRESSES *list = gaa_answer(ws2003, 4, alen, ulen, tail);
        bf_snapshot *s = bf_snapshot_create();
        CHECK(s && bfsys_adapters_from_list(s, list) == ERROR_SUCCESS);
        if (s)
            check_ws2003(s, false, &ok);
        bf_snapshot_destroy(s);
        free_answer(list);
    }
    report("synthetic_xp_rtm_length_ends_at_operstatus_no_ipv6_index_read", ok);
}

/* Windows Server 2016: the whole IP_ADAPTER_ADDRESSES_LH (Length = its size) with a LAN adapter
 * (metric 25) and a WireGuard tunnel (IfType 53, metric 5) whose IPv6 address is still tentative. */
static const synth_adapter ws2016[] = {
    {"{FA87E346-8D95-4F0B-87C5-4C0C0F4A040D}", L"Ethernet", L"Intel(R) 82574L Gigabit Network Connection",
     L"corp.example", 4, 4, 6, 1500, 25, 25, IfOperStatusUp, {0x00, 0x15, 0x5d, 0x01, 0x6e, 0x02}, 6,
     {{"fe80::b1c4:6a3e:2d07:91f5", 64, IpDadStatePreferred, IpPrefixOriginWellKnown, IpSuffixOriginRandom},
      {"192.0.2.10", 24, IpDadStatePreferred, IpPrefixOriginManual, IpSuffixOriginManual}},
     {NULL}, {"ff01::1", "ff02::1", "ff02::1:ff07:91f5", "224.0.0.1"}, {"192.0.2.53", "192.0.2.54"}},
    {"{E4805F5A-1099-4FAD-9A1C-8CBF59DE9EE8}", L"wg-corp", L"WireGuard Tunnel", L"", 9, 9, 53, 1420, 5, 5,
     IfOperStatusUp, {0}, 0,
     {{"198.51.100.64", 32, IpDadStatePreferred, IpPrefixOriginManual, IpSuffixOriginManual},
      {"2001:db8:64::1", 64, IpDadStateTentative, IpPrefixOriginManual, IpSuffixOriginManual}},
     {NULL}, {"224.0.0.1"}, {"198.51.100.1"}},
};

static void synthetic_gaa_ws2016(void)
{
    bool ok = true;
    for (int tail = 0; tail < 2; tail++) {
        IP_ADAPTER_ADDRESSES *list = gaa_answer(ws2016, 2, sizeof(IP_ADAPTER_ADDRESSES), sizeof(IP_ADAPTER_UNICAST_ADDRESS), tail);
        bf_snapshot *s = bf_snapshot_create();
        CHECK(s && bfsys_adapters_from_list(s, list) == ERROR_SUCCESS);
        CHECK(s->adapter_count == 2);
        if (s->adapter_count == 2) {
            const bf_adapter *lan = &s->adapters[0], *wg = &s->adapters[1];
            CHECK(lan->metric4 == 25 && lan->metric6 == 25 && wg->metric4 == 5);
            CHECK(lan->kind == BF_KIND_LAN && wg->kind == BF_KIND_VPN);
            CHECK(strcmp(wg->guid, "{E4805F5A-1099-4FAD-9A1C-8CBF59DE9EE8}") == 0);
            CHECK(lan->address_count == 2 && lan->addresses[0].prefix_length == 64 && lan->addresses[1].prefix_length == 24);
            CHECK(wg->address_count == 2);
            if (wg->address_count == 2) {
                CHECK(strcmp(wg->addresses[1].address, "2001:db8:64::1") == 0);
                CHECK(wg->addresses[1].prefix_length == 64);
                CHECK(wg->addresses[1].dad_state == BF_DAD_TENTATIVE);
                CHECK(wg->addresses[1].family == 6);
                CHECK(wg->addresses[0].prefix_length == 32);
            }
        }
        bf_snapshot_destroy(s);
        free_answer(list);
    }
    report("synthetic_ws2016_full_length_metrics_kinds_prefix_dad", ok);
}

/* ------------------------------------------------------------------ GetAdaptersInfo answer */

static void addr_string(IP_ADDR_STRING *a, const char *ip, const char *mask)
{
    memset(a, 0, sizeof *a);
    strcpy(a->IpAddress.String, ip);
    strcpy(a->IpMask.String, mask);
}

/* Windows 2000 SP4 without GetAdaptersAddresses' answer (the function exists from XP on), in the
 * layout of IP_ADAPTER_INFO / IP_ADDR_STRING (iptypes.h; Microsoft Learn, "IP_ADAPTER_INFO structure":
 * fixed-size char arrays, further addresses of an adapter as IP_ADDR_STRING entries elsewhere in the
 * buffer, chained by Next). A LAN adapter with the KB's two addresses, RRAS's "WAN (PPP/SLIP)
 * Interface" (MIB_IF_TYPE_PPP) with its /32, and a disconnected second adapter listing 0.0.0.0. The
 * second LAN address is the last thing in the buffer, against the guard page. */
static void synthetic_gai_w2k(void)
{
    bool ok = true;
    static synth_blob b;
    IP_ADAPTER_INFO ai[3];
    IP_ADDR_STRING second;
    size_t at[3], sec;
    static const BYTE mac0[6] = {0x00, 0x02, 0xb3, 0x5c, 0x1e, 0x47}, mac2[6] = {0x00, 0x01, 0x02, 0x7a, 0x31, 0xd8};
    memset(&b, 0, sizeof b);
    memset(ai, 0, sizeof ai);
    strcpy(ai[0].AdapterName, "{8E3D0B43-5B6A-4E8F-A2D1-73C9F0B5E612}");
    strcpy(ai[0].Description, "Intel(R) PRO/100 S Server Adapter");
    ai[0].AddressLength = 6;
    memcpy(ai[0].Address, mac0, 6);
    ai[0].Index = 2;
    ai[0].Type = MIB_IF_TYPE_ETHERNET;
    addr_string(&ai[0].IpAddressList, "192.0.2.10", "255.255.255.0");
    addr_string(&ai[0].GatewayList, "192.0.2.1", "");
    strcpy(ai[1].AdapterName, "{1C7B5E0A-9F24-4D63-8B1E-5A0D92C4F3B7}");
    strcpy(ai[1].Description, "WAN (PPP/SLIP) Interface");
    ai[1].AddressLength = 6;
    memcpy(ai[1].Address, "\x00\x53\x45\x00\x00\x00", 6);
    ai[1].Index = 0x1000005;
    ai[1].Type = MIB_IF_TYPE_PPP;
    addr_string(&ai[1].IpAddressList, "203.0.113.77", "255.255.255.255");
    addr_string(&ai[1].GatewayList, "203.0.113.77", "");
    strcpy(ai[2].AdapterName, "{D2A4F7C1-3E58-4B09-9C6D-E81F0A7B2C45}");
    strcpy(ai[2].Description, "3Com EtherLink XL 10/100 PCI TX NIC (3C905B-TX)");
    ai[2].AddressLength = 6;
    memcpy(ai[2].Address, mac2, 6);
    ai[2].Index = 3;
    ai[2].Type = MIB_IF_TYPE_ETHERNET;
    ai[2].DhcpEnabled = 1;
    addr_string(&ai[2].IpAddressList, "0.0.0.0", "0.0.0.0");
    addr_string(&ai[2].GatewayList, "", "");
    addr_string(&second, "198.51.100.7", "255.255.255.0");
    for (int i = 0; i < 3; i++)
        at[i] = synth_blob_add(&b, &ai[i], sizeof ai[i], 8);
    sec = synth_blob_add(&b, &second, sizeof second, 8);
    synth_blob_ptr(&b, at[0] + offsetof(IP_ADAPTER_INFO, Next), at[1]);
    synth_blob_ptr(&b, at[1] + offsetof(IP_ADAPTER_INFO, Next), at[2]);
    synth_blob_ptr(&b, at[0] + offsetof(IP_ADAPTER_INFO, IpAddressList.Next), sec);
    IP_ADAPTER_INFO *info = synth_blob_place(&b);
    bf_snapshot *s = bf_snapshot_create();
    CHECK(s && bfsys_adapters_from_info(s, info) == ERROR_SUCCESS);
    CHECK(s->adapter_count == 3);
    if (s->adapter_count == 3) {
        const bf_adapter *lan = &s->adapters[0], *wan = &s->adapters[1], *off = &s->adapters[2];
        CHECK(strcmp(lan->guid, "{8E3D0B43-5B6A-4E8F-A2D1-73C9F0B5E612}") == 0);
        CHECK(strcmp(lan->description, "Intel(R) PRO/100 S Server Adapter") == 0);
        CHECK(strcmp(lan->mac, "00-02-B3-5C-1E-47") == 0 && lan->if_index == 2 && lan->kind == BF_KIND_LAN);
        CHECK(lan->status == BF_OPER_UNKNOWN && lan->metric4 == -1);
        CHECK(lan->address_count == 2);
        if (lan->address_count == 2) {
            CHECK(strcmp(lan->addresses[0].address, "192.0.2.10") == 0 && lan->addresses[0].prefix_length == 24);
            CHECK(strcmp(lan->addresses[1].address, "198.51.100.7") == 0 && lan->addresses[1].prefix_length == 24);
            CHECK(lan->addresses[1].family == 4);
        }
        CHECK(wan->kind == BF_KIND_DIALUP && wan->address_count == 1 && wan->addresses[0].prefix_length == 32);
        CHECK(off->address_count == 0 && off->if_index == 3);
    }
    bf_snapshot_destroy(s);
    synth_guarded_free(info);
    report("synthetic_w2k_getadaptersinfo_fallback_ip_addr_string_chain", ok);

    /* a damaged entry: Description and AdapterName filled to the end of their arrays without a NUL;
     * the text stops at the array's end instead of running into the next members */
    ok = true;
    memset(&b, 0, sizeof b);
    memset(&ai[0].AdapterName, 'G', sizeof ai[0].AdapterName);
    memset(&ai[0].Description, 'D', sizeof ai[0].Description);
    ai[0].IpAddressList.Next = NULL;
    synth_blob_add(&b, &ai[0], sizeof ai[0], 8);
    info = synth_blob_place(&b);
    s = bf_snapshot_create();
    CHECK(s && bfsys_adapters_from_info(s, info) == ERROR_SUCCESS && s->adapter_count == 1);
    if (s->adapter_count == 1) {
        CHECK(strlen(s->adapters[0].description) == sizeof ai[0].Description);
        CHECK(strlen(s->adapters[0].guid) == sizeof ai[0].AdapterName);
    }
    bf_snapshot_destroy(s);
    synth_guarded_free(info);
    report("synthetic_w2k_getadaptersinfo_unterminated_names_stop_at_the_array_end", ok);
}

/* ------------------------------------------------------------------ Tcpip\Linkage\Bind */

static void bind_value(bf_snapshot *s, const WCHAR *v, size_t chars)
{
    WCHAR *g = synth_guarded_copy(v, chars * sizeof(WCHAR));
    bfsys_binding_from_multi_sz(s, g, chars);
    synth_guarded_free(g);
}

/* REG_MULTI_SZ values in the shape Windows NT 4.0 SP4 stores Linkage\Bind (Microsoft Learn, "Registry
 * value types": a sequence of NUL-terminated strings ended by an empty string). */
static void synthetic_linkage_bind_values(void)
{
    bool ok = true;
    /* NdisWan's adapter first (two entries, double NUL) */
    static const WCHAR good[] = L"\\Device\\{1C7B5E0A-9F24-4D63-8B1E-5A0D92C4F3B7}\0\\Device\\{8E3D0B43-5B6A-4E8F-A2D1-73C9F0B5E612}\0";
    /* a hand-edited value: the "\\Device\\" prefix lost on the first entry */
    static const WCHAR bad_entry[] = L"NdisWan4\0\\Device\\{8E3D0B43-5B6A-4E8F-A2D1-73C9F0B5E612}\0";
    static const WCHAR truncated[] = {L'\\', L'D', L'e', L'v', L'i', L'c', L'e', L'\\', L'{', L'A', L'}'};
    bf_snapshot *s = bf_snapshot_create();
    bind_value(s, good, sizeof good / sizeof good[0]);
    CHECK(s->binding.status == BF_SECTION_OK && s->binding.entry_count == 2);
    CHECK(s->binding.entry_count == 2 && strstr(s->binding.entries[0], "1C7B5E0A") != NULL);
    bf_snapshot_destroy(s);
    s = bf_snapshot_create();
    bind_value(s, bad_entry, sizeof bad_entry / sizeof bad_entry[0]);
    CHECK(s->binding.status == BF_SECTION_MALFORMED);
    CHECK(strstr(s->binding.problem, "entry 1") != NULL && strstr(s->binding.problem, "NdisWan4") != NULL);
    bf_snapshot_destroy(s);
    s = bf_snapshot_create();
    bind_value(s, truncated, sizeof truncated / sizeof truncated[0]);
    CHECK(s->binding.status == BF_SECTION_MALFORMED);
    CHECK(strstr(s->binding.problem, "truncated") != NULL);
    bf_snapshot_destroy(s);
    report("synthetic_nt4_linkage_bind_good_bad_entry_truncated", ok);
}

/* ------------------------------------------------------------------ event records */

typedef struct synth_event {
    DWORD record, when, id;     /* id with its severity bits, as the source's message file defines it */
    WORD type, category;
    const WCHAR *source;
    const char *sid;            /* string SID of the user, or NULL ("N/A") */
    const WCHAR *strings[3];
    const BYTE *data;
    DWORD data_len;
} synth_event;

/* Appends one record as ReadEventLogW lays it out (Microsoft Learn, "EVENTLOGRECORD structure"): the
 * fixed part, SourceName and Computername (NUL-terminated WCHAR), the user's SID at UserSidOffset
 * (DWORD-aligned), NumStrings strings at StringOffset, DataLength bytes at DataOffset, padding to a
 * DWORD, and Length again as the last DWORD. Without a SID, UserSidOffset is where it would start. */
static size_t put_record(BYTE *buf, size_t at, const synth_event *e)
{
    EVENTLOGRECORD r;
    size_t p = at + sizeof r, n;
    PSID sid = NULL;
    memset(&r, 0, sizeof r);
    n = (wcslen(e->source) + 1) * sizeof(WCHAR);
    memcpy(buf + p, e->source, n);
    p += n;
    memcpy(buf + p, L"EXCHSRV01", sizeof L"EXCHSRV01");
    p += sizeof L"EXCHSRV01";
    p = at + ((p - at + 3) & ~(size_t)3);
    r.UserSidOffset = (DWORD)(p - at);
    if (e->sid) {
        if (!ConvertStringSidToSidA(e->sid, &sid)) {
            printf("FAIL synthetic_event_sid_%s\n", e->sid);
            exit(2);
        }
        r.UserSidLength = GetLengthSid(sid);
        memcpy(buf + p, sid, r.UserSidLength);
        p += r.UserSidLength;
        LocalFree(sid);
    }
    r.StringOffset = (DWORD)(p - at);
    for (r.NumStrings = 0; r.NumStrings < 3 && e->strings[r.NumStrings]; r.NumStrings++) {
        n = (wcslen(e->strings[r.NumStrings]) + 1) * sizeof(WCHAR);
        memcpy(buf + p, e->strings[r.NumStrings], n);
        p += n;
    }
    r.DataOffset = (DWORD)(p - at);
    r.DataLength = e->data_len;
    if (e->data_len)
        memcpy(buf + p, e->data, e->data_len);
    p += e->data_len;
    while ((p - at) % 4)
        buf[p++] = 0;
    r.Length = (DWORD)(p + 4 - at);
    r.Reserved = 0x654c664c;    /* "LfLe" */
    r.RecordNumber = e->record;
    r.TimeGenerated = r.TimeWritten = e->when;
    r.EventID = e->id;
    r.EventType = e->type;
    r.EventCategory = e->category;
    memcpy(buf + at, &r, sizeof r);
    memcpy(buf + p, &r.Length, 4);
    return p + 4;
}

/* The Application log of an Exchange 5.5 SP3 server on Windows NT 4.0 SP6a after the KB's failure
 * (facts.md: MSExchangeDS 1309, MSExchange POP3 11508, MSExchange IMAP4 11506, MSExchangeIS 1194),
 * newest first as EVENTLOG_BACKWARDS_READ returns it, with records of the same sources that are not
 * bind failures and other sources' records in between. */
static const BYTE data_2741[4] = {0x41, 0x27, 0x00, 0x00}, data_4005[4] = {0x05, 0x40, 0x00, 0x80};
static const BYTE data_app[12] = {0x41, 0x63, 0x63, 0x65, 0x73, 0x73, 0x20, 0x76, 0x69, 0x6f, 0x6c, 0x00};
#define SVC_SID "S-1-5-21-1004336348-1177238915-682003330-1108"
static const synth_event exchange_log[] = {
    {4817, 935744600, 0x400003E8, EVENTLOG_INFORMATION_TYPE, 1, L"MSExchangeIS", NULL,
     {L"Microsoft Exchange Server Information Store", L"5.5.2653.23"}, NULL, 0},
    {4816, 935744571, 0xC00004AA, EVENTLOG_ERROR_TYPE, 7, L"MSExchangeIS", SVC_SID,
     {L"POP3", L"0x80004005"}, data_4005, 4},
    {4815, 935744566, 0xC0002CF2, EVENTLOG_ERROR_TYPE, 1, L"MSExchange IMAP4", SVC_SID,
     {L"HrRegisterProtocol", L"0x2741"}, data_2741, 4},
    {4814, 935744563, 0xC0002CF4, EVENTLOG_ERROR_TYPE, 1, L"MSExchange POP3", SVC_SID,
     {L"HrRegisterProtocol", L"0x2741"}, data_2741, 4},
    {4813, 935744560, 0x800007CD, EVENTLOG_WARNING_TYPE, 0, L"Userenv", "S-1-5-18",
     {L"The system cannot find the file specified."}, NULL, 0},
    {4812, 935744555, 0x400003E9, EVENTLOG_INFORMATION_TYPE, 2, L"Application Error", "S-1-5-18",
     {L"store.exe", L"0x0040a3f2"}, data_app, sizeof data_app},
    {4811, 935744551, 0xC000051D, EVENTLOG_ERROR_TYPE, 14, L"MSExchangeDS", NULL,
     {L"636", L"10049"}, NULL, 0},
    {4810, 935740000, 0x400003E8, EVENTLOG_INFORMATION_TYPE, 0, L"MSExchangeDS", SVC_SID,
     {L"Microsoft Exchange Directory"}, NULL, 0},
};
#define N_EXCHANGE (sizeof exchange_log / sizeof exchange_log[0])

static size_t exchange_buffer(BYTE *buf, size_t *starts)
{
    size_t len = 0;
    for (size_t i = 0; i < N_EXCHANGE; i++) {
        if (starts)
            starts[i] = len;
        len = put_record(buf, len, &exchange_log[i]);
    }
    return len;
}

/* the parser on a guarded copy of buf[0..len) */
static bool parse_guarded(bf_snapshot *s, const BYTE *buf, size_t len, time_t oldest, DWORD *seen,
                          const bf_event_signature *sigs, size_t nsigs)
{
    BYTE *g = synth_guarded_copy(buf, len);
    bool done = bfsys_events_from_buffer(s, "Application", g, (DWORD)len, oldest, seen, sigs, nsigs);
    synth_guarded_free(g);
    return done;
}

/* ---- announce.c: which way a status change reaches a screen reader (stand-ins count the calls) ----
 * The UIA way only here, on stand-ins: Wine 8's uiautomationcore.dll exports no UiaRaiseNotificationEvent
 * at all (winedump -j export lists UiaRaiseAutomationEvent and others, not it), so bindfix never finds
 * it under Wine; sys_selftest.c checks on the live system that the live-region way is the one taken. */

static struct {
    int host, notify, win_event, mark, released;
    HRESULT notify_hr;
    DWORD event;
    LONG object;
    HWND hwnd;
    WCHAR said[64];
} ann;

static ULONG STDMETHODCALLTYPE fake_release(IUnknown *u)
{
    (void)u;
    ann.released++;
    return 0;
}
static HRESULT STDMETHODCALLTYPE fake_qi(IUnknown *u, REFIID iid, void **out)
{
    (void)u, (void)iid;
    *out = NULL;
    return E_NOINTERFACE;
}
static ULONG STDMETHODCALLTYPE fake_addref(IUnknown *u)
{
    (void)u;
    return 1;
}
static IUnknownVtbl fake_vtbl = {fake_qi, fake_addref, fake_release};
static IUnknown fake_provider = {&fake_vtbl};

static HRESULT WINAPI fake_host(HWND hwnd, void **provider)
{
    ann.host++;
    ann.hwnd = hwnd;
    *provider = &fake_provider;
    return S_OK;
}
static HRESULT WINAPI fake_notify(void *provider, int kind, int processing, BSTR text, BSTR activity)
{
    (void)kind, (void)processing, (void)activity;
    ann.notify += provider == &fake_provider;
    lstrcpynW(ann.said, text ? text : L"", 64);
    return ann.notify_hr;
}
static void WINAPI fake_win_event(DWORD event, HWND hwnd, LONG object, LONG child)
{
    (void)child;
    ann.win_event++;
    ann.event = event;
    ann.object = object;
    ann.hwnd = hwnd;
}
static HRESULT fake_mark(HWND hwnd)
{
    (void)hwnd;
    ann.mark++;
    return S_OK;
}

static void synthetic_announce(void)
{
    HWND ctl = (HWND)(INT_PTR)0x4242;   /* no window: the helper only hands it on */
    bfsys_announce_api uia = {fake_host, fake_notify, fake_win_event, fake_mark};
    ZeroMemory(&ann, sizeof ann);
    bfsys_announce_way way = bfsys_announce(&uia, ctl, L"Repaired and verified");
    report("announce: where UiaRaiseNotificationEvent exists, one UIA notification with the text, no live-region event",
           way == BFSYS_ANNOUNCE_UIA && ann.host == 1 && ann.hwnd == ctl && ann.notify == 1 && ann.win_event == 0 &&
               ann.released == 1 && wcscmp(ann.said, L"Repaired and verified") == 0);
    bfsys_announce_api old = {NULL, NULL, fake_win_event, fake_mark};
    ZeroMemory(&ann, sizeof ann);
    way = bfsys_announce(&old, ctl, L"Not done: access denied");
    report("announce: without it (Windows 7, 8, Wine 8), the control marked a live region and one EVENT_OBJECT_LIVEREGIONCHANGED",
           way == BFSYS_ANNOUNCE_LIVE_REGION && ann.mark == 1 && ann.win_event == 1 && ann.event == 0x8019 &&
               ann.object == OBJID_CLIENT && ann.hwnd == ctl && ann.host == 0 && ann.notify == 0);
    ZeroMemory(&ann, sizeof ann);
    ann.notify_hr = E_FAIL;
    way = bfsys_announce(&uia, ctl, L"Scanning");
    report("announce: a UIA notification that fails falls back to the live region, once",
           way == BFSYS_ANNOUNCE_LIVE_REGION && ann.notify == 1 && ann.win_event == 1 && ann.released == 1);
    ZeroMemory(&ann, sizeof ann);
    way = bfsys_announce(&uia, ctl, L"");
    report("announce: an emptied status line says nothing",
           way == BFSYS_ANNOUNCE_NONE && ann.host == 0 && ann.notify == 0 && ann.win_event == 0);
}

static void synthetic_eventlog_records(void)
{
    bool ok = true;
    static BYTE buf[8192], bad[8192];
    size_t starts[N_EXCHANGE], len = exchange_buffer(buf, starts);
    DWORD seen = 0;
    bf_snapshot *s = bf_snapshot_create();
    CHECK(!parse_guarded(s, buf, len, 0, &seen, NULL, 0));
    CHECK(seen == N_EXCHANGE);
    CHECK(s->event_log.event_count == 4);
    if (s->event_log.event_count == 4) {
        const bf_event *e = s->event_log.events;
        CHECK(e[0].event_id == 1194 && strcmp(e[0].source, "MSExchangeIS") == 0 && e[0].record == 4816);
        CHECK(e[0].insert_count == 2 && strcmp(e[0].message, "POP3; 0x80004005") == 0);
        CHECK(e[1].event_id == 11506 && strcmp(e[1].source, "MSExchange IMAP4") == 0);
        CHECK(e[2].event_id == 11508 && strcmp(e[2].source, "MSExchange POP3") == 0);
        CHECK(strcmp(e[2].message, "HrRegisterProtocol; 0x2741") == 0 && strcmp(e[2].type, "error") == 0);
        /* no SID on this one: its strings start right after the computer name's padding */
        CHECK(e[3].event_id == 1309 && strcmp(e[3].source, "MSExchangeDS") == 0);
        CHECK(strcmp(e[3].time, "1999-08-27T09:02:31Z") == 0 && strcmp(e[3].message, "636; 10049") == 0);
    }
    bf_snapshot_destroy(s);
    report("synthetic_nt4_eventlog_exchange55_records_with_sids_strings_data", ok);

    /* every cut of the buffer (ReadEventLog returns whole records; a cut is the worst a damaged answer
     * can be) is read without reading past it: the guard page faults otherwise. Whole records before
     * the cut are read, the cut one is not. */
    ok = true;
    for (size_t cut = 0; cut <= len; cut++) {
        size_t whole = 0;
        while (whole < N_EXCHANGE && starts[whole] + (whole + 1 < N_EXCHANGE ? starts[whole + 1] - starts[whole] : len - starts[whole]) <= cut)
            whole++;
        bf_snapshot *t = bf_snapshot_create();
        seen = 0;
        parse_guarded(t, buf, cut, 0, &seen, NULL, 0);
        if (seen != whole) {
            printf("  cut %zu: %lu records read, %zu whole\n", cut, (unsigned long)seen, whole);
            ok = false;
        }
        bf_snapshot_destroy(t);
    }
    report("synthetic_nt4_eventlog_every_cut_of_the_buffer_reads_the_whole_records_only", ok);

    /* damaged records: a Length past the buffer, a trailing Length that disagrees, offsets and counts
     * that point past the record; reading stops or stays inside the record */
    ok = true;
    {
        DWORD v;
        bf_snapshot *t = bf_snapshot_create();
        memcpy(bad, buf, len);
        v = 0xfffffff0;
        memcpy(bad + starts[2], &v, 4);                  /* third record: Length past the buffer */
        seen = 0;
        parse_guarded(t, bad, len, 0, &seen, NULL, 0);
        CHECK(seen == 2);
        memcpy(bad, buf, len);
        v = 0x30;
        memcpy(bad + starts[3] - 4, &v, 4);              /* third record: its trailing Length differs */
        seen = 0;
        parse_guarded(t, bad, len, 0, &seen, NULL, 0);
        CHECK(seen == 2);
        memcpy(bad, buf, len);
        {   /* the last record: strings offset at its very end, and more strings than it holds */
            EVENTLOGRECORD r;
            size_t at = starts[N_EXCHANGE - 1];
            memcpy(&r, bad + at, sizeof r);
            r.StringOffset = r.Length - 1;
            r.NumStrings = 30;
            memcpy(bad + at, &r, sizeof r);
            at = starts[N_EXCHANGE - 2];
            memcpy(&r, bad + at, sizeof r);
            r.NumStrings = 30;                           /* runs into the data, then the record's end */
            memcpy(bad + at, &r, sizeof r);
        }
        seen = 0;
        parse_guarded(t, bad, len, 0, &seen, NULL, 0);
        CHECK(seen == N_EXCHANGE);
        bf_snapshot_destroy(t);
    }
    report("synthetic_nt4_eventlog_damaged_lengths_and_offsets_stay_inside", ok);

    /* the age limit: records older than `oldest` are skipped, every record is read */
    ok = true;
    {
        bf_snapshot *t = bf_snapshot_create();
        seen = 0;
        CHECK(!parse_guarded(t, buf, len, 935744556, &seen, NULL, 0));
        CHECK(t->event_log.event_count == 3 && seen == N_EXCHANGE);
        bf_snapshot_destroy(t);
    }
    report("synthetic_nt4_eventlog_age_limit_skips_older_records", ok);

    /* TimeGenerated is not monotonic ("EVENTLOGRECORD structure": the time the entry was submitted, by
     * the submitter's clock; records come in the order they were written, RecordNumber): the Userenv
     * record 4813 was written after the clock was set back a week. An old record in the middle must not
     * end the reading: MSExchangeDS 1309 (record 4811, inside the age limit) is still found. */
    ok = true;
    {
        synth_event skewed[N_EXCHANGE];
        size_t slen = 0;
        bf_snapshot *t = bf_snapshot_create();
        memcpy(skewed, exchange_log, sizeof skewed);
        skewed[4].when = 935744560 - 7 * 86400;
        for (size_t i = 0; i < N_EXCHANGE; i++)
            slen = put_record(bad, slen, &skewed[i]);
        seen = 0;
        parse_guarded(t, bad, slen, 935744550, &seen, NULL, 0);
        CHECK(seen == N_EXCHANGE);
        CHECK(t->event_log.event_count == 4);
        if (t->event_log.event_count == 4)
            CHECK(t->event_log.events[3].record == 4811 && t->event_log.events[3].event_id == 1309);
        else
            printf("  %zu events read, %lu records seen (the reading stopped at the older record)\n",
                   t->event_log.event_count, (unsigned long)seen);
        bf_snapshot_destroy(t);
    }
    report("synthetic_nt4_eventlog_time_generated_not_monotonic_reading_goes_on", ok);

    /* a user catalogue's signature: any hMailServer event naming 10049 */
    ok = true;
    {
        static const bf_event_signature user[] = {{"hMailServer", 0, NULL}};
        static const synth_event hm = {12, 935744600, 0xC0000005, EVENTLOG_ERROR_TYPE, 0, L"hMailServer", "S-1-5-18",
                                       {L"5", L"bind failed with 10049"}, NULL, 0};
        bf_snapshot *u = bf_snapshot_create();
        size_t ulen = put_record(buf, 0, &hm);
        seen = 0;
        parse_guarded(u, buf, ulen, 0, &seen, user, 1);
        CHECK(u->event_log.event_count == 1);
        seen = 0;
        parse_guarded(u, buf, ulen, 0, &seen, NULL, 0);
        CHECK(u->event_log.event_count == 1);   /* not a built-in signature: not matched again */
        bf_snapshot_destroy(u);
    }
    report("synthetic_eventlog_user_catalogue_signature", ok);

    /* the Service Control Manager's 7031 is taken from the System log only (issue 21: any user can write
     * it, under that source name, into the Application log); a source that only begins with a
     * signature's name is not that source */
    ok = true;
    {
        static const synth_event scm = {77, 935744600, 0xC0001B77, EVENTLOG_ERROR_TYPE, 0, L"Service Control Manager",
                                        NULL, {L"Microsoft Exchange POP3", L"1"}, NULL, 0};
        static const synth_event longer = {78, 935744600, 0xC00004AA, EVENTLOG_ERROR_TYPE, 0, L"MSExchangeIS Forged",
                                           NULL, {L"POP3", L"0x80004005"}, NULL, 0};
        bf_snapshot *u = bf_snapshot_create();
        size_t ulen = put_record(buf, 0, &scm);
        BYTE *g = synth_guarded_copy(buf, ulen);
        seen = 0;
        bfsys_events_from_buffer(u, "Application", g, (DWORD)ulen, 0, &seen, NULL, 0);
        CHECK(seen == 1 && u->event_log.event_count == 0);
        bfsys_events_from_buffer(u, "System", g, (DWORD)ulen, 0, &seen, NULL, 0);
        CHECK(u->event_log.event_count == 1 && strcmp(u->event_log.events[0].log, "System") == 0);
        synth_guarded_free(g);
        ulen = put_record(buf, 0, &longer);
        g = synth_guarded_copy(buf, ulen);
        bfsys_events_from_buffer(u, "Application", g, (DWORD)ulen, 0, &seen, NULL, 0);
        CHECK(u->event_log.event_count == 1);
        synth_guarded_free(g);
        bf_snapshot_destroy(u);
    }
    report("synthetic_eventlog_scm_records_from_the_system_log_only_sources_whole", ok);
}

void synthetic_netcfg_tests(int *passed, int *failed);    /* synthetic_netcfg.c */
void synthetic_ipconfig_tests(int *passed, int *failed);  /* synthetic_ipconfig.c */

/* HttpQueryServiceConfiguration(HttpServiceConfigIPListenList) as Windows Server 2019 answers it (http.h:
 * HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY, AddrCount then SOCKADDR_STORAGE entries; Microsoft Learn,
 * "HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY structure"): an IPv4 and an IPv6 entry (ports 0), the last byte
 * against the guard page; then the same answer with a length one entry short, which must be refused
 * (malformed), not read past. Wine's function answers "not found", so only this shape tests the parser. */
static void synthetic_http_listen_ws2019(void)
{
    bool ok = true;
    size_t len = offsetof(HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY, AddrList) + 2 * sizeof(SOCKADDR_STORAGE);
    HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY *q = calloc(1, len), *g;
    SOCKADDR_IN *v4 = (SOCKADDR_IN *)&q->AddrList[0];
    SOCKADDR_IN6 *v6 = (SOCKADDR_IN6 *)&q->AddrList[1];
    static const unsigned char a6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10};
    bf_snapshot *s;
    q->AddrCount = 2;
    v4->sin_family = AF_INET;
    v4->sin_addr.s_addr = htonl(0xC000020A);    /* 192.0.2.10 */
    v6->sin6_family = AF_INET6;
    memcpy(&v6->sin6_addr, a6, 16);
    g = synth_guarded_copy(q, len);
    s = bf_snapshot_create();
    CHECK(s && bfsys_http_listen_from_query(s, g, (unsigned long)len) == ERROR_SUCCESS);
    CHECK(s && s->http_listen.status == BF_SECTION_OK && s->http_listen.address_count == 2);
    if (s && s->http_listen.address_count == 2) {
        CHECK(strcmp(s->http_listen.addresses[0], "192.0.2.10") == 0);
        CHECK(strcmp(s->http_listen.addresses[1], "2001:db8::10") == 0);
        CHECK(strcmp(s->http_listen.source, "HttpQueryServiceConfiguration") == 0);
    }
    bf_snapshot_destroy(s);
    synth_guarded_free(g);
    len -= sizeof(SOCKADDR_STORAGE);    /* AddrCount says 2, the length holds 1 */
    g = synth_guarded_copy(q, len);
    s = bf_snapshot_create();
    CHECK(s && bfsys_http_listen_from_query(s, g, (unsigned long)len) == ERROR_SUCCESS);
    CHECK(s && s->http_listen.status == BF_SECTION_MALFORMED && s->http_listen.address_count == 0);
    bf_snapshot_destroy(s);
    synth_guarded_free(g);
    free(q);
    report("synthetic_ws2019_http_listen_list_read_and_a_short_answer_refused", ok);
}

/* ------------------------------------------------------------------ Delayed Automatic Start */

/* A synthetic Service Control Manager for one service (written by hand from the documented behaviour, not
 * recorded): QueryServiceConfigW's two-call size protocol, and SERVICE_CONFIG_DELAYED_AUTO_START_INFO (3)
 * through QueryServiceConfig2W / ChangeServiceConfig2W as Windows Vista and later answer it, or
 * ERROR_INVALID_LEVEL as a system without the level does (Server 2003; Wine 8 too). */
static struct {
    DWORD start;            /* dwStartType */
    BOOL delayed;
    bool has_level;         /* Vista and later */
    int changes;
} fake_scm;
#define FAKE_SC_HANDLE ((SC_HANDLE)(ULONG_PTR)0x5C5C)

static BOOL WINAPI fake_query_config(SC_HANDLE h, LPQUERY_SERVICE_CONFIGW cfg, DWORD size, LPDWORD needed)
{
    DWORD want = sizeof(QUERY_SERVICE_CONFIGW) + 8 * sizeof(WCHAR);
    WCHAR *empty;
    if (h != FAKE_SC_HANDLE || !needed) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    *needed = want;
    if (!cfg || size < want) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    memset(cfg, 0, want);
    empty = (WCHAR *)(cfg + 1);
    cfg->dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    cfg->dwStartType = fake_scm.start;
    cfg->lpBinaryPathName = cfg->lpLoadOrderGroup = cfg->lpDependencies = empty;
    cfg->lpServiceStartName = cfg->lpDisplayName = empty;
    return TRUE;
}

static BOOL WINAPI fake_query_config2(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed)
{
    if (h != FAKE_SC_HANDLE || !needed) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (level != SERVICE_CONFIG_DELAYED_AUTO_START_INFO || !fake_scm.has_level) {
        SetLastError(ERROR_INVALID_LEVEL);
        return FALSE;
    }
    *needed = sizeof(SERVICE_DELAYED_AUTO_START_INFO);
    if (!buf || size < *needed) {
        SetLastError(ERROR_INSUFFICIENT_BUFFER);
        return FALSE;
    }
    ((SERVICE_DELAYED_AUTO_START_INFO *)buf)->fDelayedAutostart = fake_scm.delayed;
    return TRUE;
}

static BOOL WINAPI fake_change_config2(SC_HANDLE h, DWORD level, LPVOID info)
{
    if (h != FAKE_SC_HANDLE) {
        SetLastError(ERROR_INVALID_HANDLE);
        return FALSE;
    }
    if (level != SERVICE_CONFIG_DELAYED_AUTO_START_INFO || !fake_scm.has_level) {
        SetLastError(ERROR_INVALID_LEVEL);
        return FALSE;
    }
    if (!info) {
        SetLastError(ERROR_INVALID_PARAMETER);
        return FALSE;
    }
    fake_scm.delayed = ((const SERVICE_DELAYED_AUTO_START_INFO *)info)->fDelayedAutostart;
    fake_scm.changes++;
    return TRUE;
}

static void synthetic_delayed_auto_start(void)
{
    static const bfsys_delayed_api api = {fake_query_config, fake_query_config2, fake_change_config2};
    bool ok = true, autos = false, delayed = true;
    /* Server 2019: an auto-start service, flag off -> on -> read back -> off */
    memset(&fake_scm, 0, sizeof fake_scm);
    fake_scm.start = SERVICE_AUTO_START;
    fake_scm.has_level = true;
    CHECK(bfsys_delayed_read(&api, FAKE_SC_HANDLE, &autos, &delayed) == ERROR_SUCCESS && autos && !delayed);
    CHECK(bfsys_delayed_write(&api, FAKE_SC_HANDLE, true) == ERROR_SUCCESS && fake_scm.delayed == TRUE);
    CHECK(bfsys_delayed_read(&api, FAKE_SC_HANDLE, &autos, &delayed) == ERROR_SUCCESS && autos && delayed);
    CHECK(bfsys_delayed_write(&api, FAKE_SC_HANDLE, false) == ERROR_SUCCESS && fake_scm.delayed == FALSE);
    CHECK(fake_scm.changes == 2);
    /* a demand-start service reads as not automatic (the flag applies to auto-start services only) */
    fake_scm.start = SERVICE_DEMAND_START;
    CHECK(bfsys_delayed_read(&api, FAKE_SC_HANDLE, &autos, &delayed) == ERROR_SUCCESS && !autos);
    /* Server 2003: the level does not exist; nothing is changed */
    fake_scm.start = SERVICE_AUTO_START;
    fake_scm.has_level = false;
    CHECK(bfsys_delayed_read(&api, FAKE_SC_HANDLE, &autos, &delayed) == ERROR_INVALID_LEVEL && !autos && !delayed);
    CHECK(bfsys_delayed_write(&api, FAKE_SC_HANDLE, true) == ERROR_INVALID_LEVEL && fake_scm.delayed == FALSE);
    CHECK(fake_scm.changes == 2);
    report("synthetic_ws2019_and_ws2003_delayed_auto_start_read_written_read_back_or_refused", ok);
}

int main(void)
{
    synthetic_guard_page();
    synthetic_gaa_ws2003();
    synthetic_gaa_xp_rtm();
    synthetic_gaa_ws2016();
    synthetic_gai_w2k();
    synthetic_linkage_bind_values();
    synthetic_eventlog_records();
    synthetic_http_listen_ws2019();
    synthetic_delayed_auto_start();
    synthetic_announce();
    synthetic_netcfg_tests(&passed, &failed);
    synthetic_ipconfig_tests(&passed, &failed);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
