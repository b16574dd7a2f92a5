/* adapters.c - every adapter with its IPv4 and IPv6 unicast addresses (GetAdaptersAddresses), and
 * GetAdaptersInfo where GetAdaptersAddresses does not exist (it does from XP on: NT 4.0 SP4 and
 * Windows 2000 lack it) or fails: the kind of adapter (adapter_kind.c), its operational status,
 * addresses with prefix length, DAD state and SkipAsSource, and the interface metrics. */
#include "collect_priv.h"

#include <iphlpapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "adapter_kind.h"
#include "arena.h"

typedef ULONG(WINAPI *get_adapters_addresses_fn)(ULONG, ULONG, PVOID, PIP_ADAPTER_ADDRESSES, PULONG);

static bf_oper_status oper_status(IF_OPER_STATUS st)
{
    switch (st) {
    case IfOperStatusUp: return BF_OPER_UP;
    case IfOperStatusDown: return BF_OPER_DOWN;
    case IfOperStatusLowerLayerDown:
    case IfOperStatusNotPresent:
    case IfOperStatusDormant: return BF_OPER_DISCONNECTED;
    default: return BF_OPER_UNKNOWN;
    }
}

static bf_dad_state dad_state(IP_DAD_STATE st)
{
    switch (st) {
    case IpDadStatePreferred: return BF_DAD_PREFERRED;
    case IpDadStateTentative: return BF_DAD_TENTATIVE;
    case IpDadStateDuplicate: return BF_DAD_DUPLICATE;
    case IpDadStateDeprecated: return BF_DAD_DEPRECATED;
    case IpDadStateInvalid: return BF_DAD_INVALID;
    default: return BF_DAD_UNKNOWN;
    }
}

static bool sockaddr_text(const SOCKADDR *sa, char *buf, size_t size, int *family)
{
    if (sa->sa_family == AF_INET) {
        const SOCKADDR_IN *in = (const SOCKADDR_IN *)sa;
        *family = 4;
        return bfsys_inet_ntop(AF_INET, &in->sin_addr, buf, size) != NULL;
    }
    if (sa->sa_family == AF_INET6) {
        const SOCKADDR_IN6 *in6 = (const SOCKADDR_IN6 *)sa;
        *family = 6;
        return bfsys_inet_ntop(AF_INET6, &in6->sin6_addr, buf, size) != NULL;
    }
    return false;
}

static void mac_text(const BYTE *mac, DWORD len, char *buf, size_t size)
{
    DWORD i;
    size_t used = 0;
    buf[0] = 0;
    for (i = 0; i < len && used + 4 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, i ? "-%02X" : "%02X", mac[i]);
}

/* true when the structure this system filled (its Length) includes the member at offset `off` of `size`
 * bytes: XP and Server 2003 fill shorter IP_ADAPTER_ADDRESSES and IP_ADAPTER_UNICAST_ADDRESS structures
 * than the SDK's, and what lies past Length is the next structure in the buffer, or nothing. */
#define HAS_MEMBER(p, type, member) ((p)->Length >= offsetof(type, member) + sizeof(((type *)0)->member))

/* The IP Helper answer walked into the snapshot. Exposed (sys.h) so that tests can hand in synthetic
 * answers of an older Windows' layout or with values Wine cannot produce (metrics, SkipAsSource).
 * Members up to OperStatus exist in every version (the XP RTM structure); later ones only when Length
 * covers them. */
DWORD bfsys_adapters_from_list(bf_snapshot *s, const IP_ADAPTER_ADDRESSES *list)
{
    const IP_ADAPTER_ADDRESSES *aa;
    for (aa = list; aa; aa = aa->Next) {
        bf_adapter *a = bf_snap_add_adapter(s);
        const IP_ADAPTER_UNICAST_ADDRESS *u;
        char mac[64];
        if (!a)
            return ERROR_NOT_ENOUGH_MEMORY;
        /* AdapterName is "{GUID}" on Windows (Wine makes one up) */
        a->guid = bf_arena_strdup(s->arena, aa->AdapterName ? aa->AdapterName : "");
        a->friendly_name = bfsys_wide_to_arena(s->arena, aa->FriendlyName, -1);
        a->description = bfsys_wide_to_arena(s->arena, aa->Description, -1);
        a->if_type = (int)aa->IfType;
        /* IfIndex is 0 on an adapter without IPv4; Ipv6IfIndex exists from XP SP1 on (before: unknown) */
        a->if_index = aa->IfIndex ? (int)aa->IfIndex
                                  : HAS_MEMBER(aa, IP_ADAPTER_ADDRESSES, Ipv6IfIndex) ? (int)aa->Ipv6IfIndex : -1;
        a->status = oper_status(aa->OperStatus);
        a->kind = bf_classify_adapter(a->if_type, a->description, a->friendly_name);
        /* "Register this connection's addresses in DNS" (dnspub.c refines it from the registry) */
        a->dns_register = (aa->Flags & IP_ADAPTER_DDNS_ENABLED) ? BF_TRI_YES : BF_TRI_NO;
        /* the Length field says which members this system filled: Ipv4Metric exists from XP SP1 on. A
         * metric of 0 is what Wine reports for "not known" (it has no metrics). */
        if (HAS_MEMBER(aa, IP_ADAPTER_ADDRESSES, Ipv6Metric)) {
            a->metric4 = aa->Ipv4Metric ? (int)aa->Ipv4Metric : -1;
            a->metric6 = aa->Ipv6Metric ? (int)aa->Ipv6Metric : -1;
        }
        mac_text(aa->PhysicalAddress, aa->PhysicalAddressLength > 8 ? 8 : aa->PhysicalAddressLength, mac, sizeof mac);
        a->mac = bf_arena_strdup(s->arena, mac);
        /* the default gateway (Vista and later, asked for with GAA_FLAG_INCLUDE_GATEWAYS): what makes an
         * adapter the host's LAN whatever its name (a Hyper-V host's vEthernet), issue 15 */
        if (HAS_MEMBER(aa, IP_ADAPTER_ADDRESSES, FirstGatewayAddress) && aa->FirstGatewayAddress &&
            aa->FirstGatewayAddress->Address.lpSockaddr) {
            char gw[INET6_ADDRSTRLEN + 8];
            int gfam;
            if (sockaddr_text(aa->FirstGatewayAddress->Address.lpSockaddr, gw, sizeof gw, &gfam))
                a->gateway = bf_arena_strdup(s->arena, gw);
        }
        for (u = aa->FirstUnicastAddress; u; u = u->Next) {
            char text[INET6_ADDRSTRLEN + 8];
            int family = 0;
            bf_address *ad;
            if (!u->Address.lpSockaddr || !sockaddr_text(u->Address.lpSockaddr, text, sizeof text, &family))
                continue;
            /* OnLinkPrefixLength exists from Vista on (XP: IP_ADAPTER_UNICAST_ADDRESS_XP) */
            ad = bf_adapter_add_address(s, a, text,
                                        HAS_MEMBER(u, IP_ADAPTER_UNICAST_ADDRESS, OnLinkPrefixLength) ? (int)u->OnLinkPrefixLength : -1);
            if (!ad)
                return ERROR_NOT_ENOUGH_MEMORY;
            ad->family = family;
            ad->dad_state = dad_state(u->DadState);
            /* IP_ADAPTER_ADDRESS_TRANSIENT has nothing to do with SkipAsSource; the flag is only in
             * GetUnicastIpAddressTable's MIB_UNICASTIPADDRESS_ROW, read in addr_skip_as_source(). */
            ad->skip_as_source = BF_TRI_UNKNOWN;
            /* the origin decides how long a SkipAsSource change lasts (renewed addresses lose it) */
            ad->origin = u->PrefixOrigin == IpPrefixOriginDhcp || u->SuffixOrigin == IpSuffixOriginDhcp ? BF_ORIGIN_DHCP
                       : u->PrefixOrigin == IpPrefixOriginRouterAdvertisement ? BF_ORIGIN_ROUTER
                       : u->PrefixOrigin == IpPrefixOriginManual ? BF_ORIGIN_MANUAL
                       : u->PrefixOrigin == IpPrefixOriginWellKnown ? BF_ORIGIN_WELL_KNOWN : BF_ORIGIN_OTHER;
        }
    }
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

/* SkipAsSource per address from GetUnicastIpAddressTable (Vista+), resolved at run time: absent on old
 * systems. Wine has it and reports FALSE for every address. */
typedef DWORD(WINAPI *get_unicast_table_fn)(ADDRESS_FAMILY, PMIB_UNICASTIPADDRESS_TABLE *);
typedef VOID(WINAPI *free_mib_table_fn)(PVOID);

/* CreationTimeStamp (a FILETIME count in a LARGE_INTEGER) as ISO 8601 UTC; "" when zero (Wine). */
static char *created_text(bf_snapshot *s, const LARGE_INTEGER *t)
{
    FILETIME ft;
    SYSTEMTIME st;
    if (t->QuadPart <= 0)
        return "";
    ft.dwLowDateTime = (DWORD)t->LowPart;
    ft.dwHighDateTime = (DWORD)t->HighPart;
    if (!FileTimeToSystemTime(&ft, &st))
        return "";
    return bf_arena_printf(s->arena, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour,
                           st.wMinute, st.wSecond);
}

static void addr_skip_as_source(bf_snapshot *s, HMODULE iphlp)
{
    get_unicast_table_fn get = (get_unicast_table_fn)(void (*)(void))GetProcAddress(iphlp, "GetUnicastIpAddressTable");
    free_mib_table_fn release = (free_mib_table_fn)(void (*)(void))GetProcAddress(iphlp, "FreeMibTable");
    PMIB_UNICASTIPADDRESS_TABLE t = NULL;
    ULONG i;
    size_t j, k;
    if (!get || !release || get(AF_UNSPEC, &t) != NO_ERROR || !t)
        return;
    for (i = 0; i < t->NumEntries; i++) {
        const MIB_UNICASTIPADDRESS_ROW *row = &t->Table[i];
        char text[INET6_ADDRSTRLEN + 8];
        int family;
        if (!sockaddr_text((const SOCKADDR *)&row->Address, text, sizeof text, &family))
            continue;
        for (j = 0; j < s->adapter_count; j++)
            for (k = 0; k < s->adapters[j].address_count; k++)
                if (strcmp(s->adapters[j].addresses[k].address, text) == 0) {
                    bf_address *ad = &s->adapters[j].addresses[k];
                    ad->skip_as_source = row->SkipAsSource ? BF_TRI_YES : BF_TRI_NO;
                    ad->created = created_text(s, &row->CreationTimeStamp);
                }
    }
    release(t);
}

/* Interface metrics GetAdaptersAddresses did not give (a structure without the Ipv4Metric member, or a
 * metric of 0 as Wine reports): GetIpInterfaceEntry per interface LUID and family. It exists from Vista
 * on and is NOT exported by Wine 8 (a static import would abort the process at the call), so it is
 * resolved at run time; where it is missing the metric stays unknown (-1). `first` is the index of the
 * first adapter this list added to the snapshot (the list and the snapshot are in the same order). */
typedef VOID(WINAPI *init_if_entry_fn)(PMIB_IPINTERFACE_ROW);
typedef DWORD(WINAPI *get_if_entry_fn)(PMIB_IPINTERFACE_ROW);

static void metrics_from_interfaces(bf_snapshot *s, size_t first, const IP_ADAPTER_ADDRESSES *list, HMODULE iphlp)
{
    init_if_entry_fn init = (init_if_entry_fn)(void (*)(void))GetProcAddress(iphlp, "InitializeIpInterfaceEntry");
    get_if_entry_fn get = (get_if_entry_fn)(void (*)(void))GetProcAddress(iphlp, "GetIpInterfaceEntry");
    const IP_ADAPTER_ADDRESSES *aa;
    size_t i;
    if (!init || !get)
        return;
    for (aa = list, i = first; aa && i < s->adapter_count; aa = aa->Next, i++) {
        bf_adapter *a = &s->adapters[i];
        int fam;
        /* Luid follows the metrics in the structure: present only when Length says so */
        if (!HAS_MEMBER(aa, IP_ADAPTER_ADDRESSES, Luid))
            continue;
        for (fam = 0; fam < 2; fam++) {
            int *metric = fam ? &a->metric6 : &a->metric4;
            MIB_IPINTERFACE_ROW row;
            if (*metric >= 0)
                continue;
            init(&row);
            row.Family = fam ? AF_INET6 : AF_INET;
            row.InterfaceLuid = aa->Luid;
            if (get(&row) == NO_ERROR && row.Metric > 0 && row.Metric < 0x7fffffff)
                *metric = (int)row.Metric;
        }
    }
}

/* A fixed-size char array of IP_ADAPTER_INFO / IP_ADDR_STRING into the arena, never past its end: the
 * documented answer is NUL-terminated, but a damaged one must not make us read the next member. */
#define FIELD_TEXT(arena, field) bf_arena_strndup((arena), (field), strnlen((field), sizeof(field)))

/* The GetAdaptersInfo answer (NT4 SP4, Windows 2000, and where GetAdaptersAddresses fails) walked into
 * the snapshot: IPv4 only, no friendly name (the Description stands for it), no operational status.
 * Exposed (sys.h) so that tests can hand in a synthetic answer: Wine always has GetAdaptersAddresses. */
DWORD bfsys_adapters_from_info(bf_snapshot *s, const IP_ADAPTER_INFO *info)
{
    const IP_ADAPTER_INFO *ai;
    for (ai = info; ai; ai = ai->Next) {
        bf_adapter *a = bf_snap_add_adapter(s);
        const IP_ADDR_STRING *ip;
        char mac[64];
        if (!a)
            return ERROR_NOT_ENOUGH_MEMORY;
        a->guid = FIELD_TEXT(s->arena, ai->AdapterName);
        a->friendly_name = FIELD_TEXT(s->arena, ai->Description);
        a->description = FIELD_TEXT(s->arena, ai->Description);
        a->if_type = (int)ai->Type;
        a->if_index = (int)ai->Index;
        a->kind = bf_classify_adapter(a->if_type, a->description ? a->description : "", "");
        a->status = BF_OPER_UNKNOWN;
        mac_text(ai->Address, ai->AddressLength > 8 ? 8 : ai->AddressLength, mac, sizeof mac);
        a->mac = bf_arena_strdup(s->arena, mac);
        for (ip = &ai->IpAddressList; ip; ip = ip->Next) {
            char addr[sizeof ip->IpAddress.String + 1], mask_text[sizeof ip->IpMask.String + 1];
            bf_address *ad;
            ULONG mask;
            int prefix = 0;
            memcpy(addr, ip->IpAddress.String, sizeof ip->IpAddress.String);
            addr[sizeof addr - 1] = 0;
            memcpy(mask_text, ip->IpMask.String, sizeof ip->IpMask.String);
            mask_text[sizeof mask_text - 1] = 0;
            /* an adapter without an address (media disconnected, DHCP pending) lists 0.0.0.0 */
            if (strcmp(addr, "0.0.0.0") == 0 || !addr[0])
                continue;
            if (bfsys_inet_pton(AF_INET, mask_text, &mask) == 1) {
                mask = ntohl(mask);
                while (mask & 0x80000000u) {
                    prefix++;
                    mask <<= 1;
                }
            } else {
                prefix = -1;
            }
            ad = bf_adapter_add_address(s, a, addr, prefix);
            if (!ad)
                return ERROR_NOT_ENOUGH_MEMORY;
            ad->family = 4;
        }
    }
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

static DWORD from_adapters_info(bf_snapshot *s)
{
    ULONG size = 16384;
    IP_ADAPTER_INFO *info = NULL;
    DWORD rc = ERROR_BUFFER_OVERFLOW;
    int tries;
    for (tries = 0; tries < 4 && rc == ERROR_BUFFER_OVERFLOW; tries++) {
        free(info);
        info = malloc(size);
        if (!info)
            return ERROR_NOT_ENOUGH_MEMORY;
        rc = GetAdaptersInfo(info, &size);
    }
    if (rc != ERROR_SUCCESS) {
        free(info);
        return rc == ERROR_NO_DATA ? ERROR_SUCCESS : rc;
    }
    rc = bfsys_adapters_from_info(s, info);
    free(info);
    return rc;
}

DWORD bfsys_collect_adapters(bf_snapshot *s)
{
    HMODULE iphlp = GetModuleHandleW(L"iphlpapi.dll");
    get_adapters_addresses_fn gaa;
    ULONG size = 32768, rc = ERROR_BUFFER_OVERFLOW;
    IP_ADAPTER_ADDRESSES *list = NULL;
    int tries;
    DWORD out;
    size_t first;
    if (!iphlp)
        iphlp = bfsys_load_system_dll(L"iphlpapi.dll");
    gaa = iphlp ? (get_adapters_addresses_fn)(void (*)(void))GetProcAddress(iphlp, "GetAdaptersAddresses") : NULL;
    if (!gaa)
        return from_adapters_info(s);
    /* the list can grow between the two calls (an adapter appears): retry a few times */
    for (tries = 0; tries < 4 && rc == ERROR_BUFFER_OVERFLOW; tries++) {
        free(list);
        list = malloc(size);
        if (!list)
            return ERROR_NOT_ENOUGH_MEMORY;
        rc = gaa(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER |
                                GAA_FLAG_INCLUDE_ALL_INTERFACES | GAA_FLAG_INCLUDE_GATEWAYS, NULL, list, &size);
    }
    if (rc == ERROR_NO_DATA) {
        free(list);
        return ERROR_SUCCESS;
    }
    if (rc != ERROR_SUCCESS) {
        free(list);
        return from_adapters_info(s);
    }
    first = s->adapter_count;
    out = bfsys_adapters_from_list(s, list);
    if (out == ERROR_SUCCESS) {
        metrics_from_interfaces(s, first, list, iphlp);
        addr_skip_as_source(s, iphlp);
    }
    free(list);
    return out;
}
