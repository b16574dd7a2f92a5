/* rule_ipconfig.c - SkipAsSource and the interface metric (gui/sys/ipconfig.c, core/fix_plan.c) against
 * IP Helper's documented rules, on a synthetic IP Helper table written here by hand (Wine 8 has no
 * SetUnicastIpAddressEntry): two interfaces, LUID 0x0006000002000000 (index 11) and 0x0006000003000000
 * (index 12); 192.0.2.10 on the first; the same link-local address on both. */
#include "sys.h"

#include <stdio.h>
#include <string.h>

#include "fix.h"
#include "rules.h"

#define LUID_A 0x0006000002000000ull
#define LUID_B 0x0006000003000000ull

typedef struct synthetic_rows {
    MIB_UNICASTIPADDRESS_ROW rows[3];
    MIB_UNICASTIPADDRESS_ROW written;
    int sets;
} synthetic_rows;

static synthetic_rows syn;     /* IP Helper's table has no context pointer: one machine per rule */

static void row(MIB_UNICASTIPADDRESS_ROW *r, const char *addr, ULONG64 luid, NET_IFINDEX index)
{
    memset(r, 0, sizeof *r);
    if (strchr(addr, ':')) {
        r->Address.si_family = AF_INET6;
        inet_pton(AF_INET6, addr, &r->Address.Ipv6.sin6_addr);
        r->PrefixOrigin = IpPrefixOriginWellKnown;
    } else {
        r->Address.si_family = AF_INET;
        inet_pton(AF_INET, addr, &r->Address.Ipv4.sin_addr);
        r->PrefixOrigin = IpPrefixOriginManual;
    }
    r->InterfaceLuid.Value = luid;
    r->InterfaceIndex = index;
}

static DWORD WINAPI syn_table(ADDRESS_FAMILY family, PMIB_UNICASTIPADDRESS_TABLE *out)
{
    static union {
        MIB_UNICASTIPADDRESS_TABLE t;
        BYTE room[offsetof(MIB_UNICASTIPADDRESS_TABLE, Table) + 3 * sizeof(MIB_UNICASTIPADDRESS_ROW)];
    } t;
    ULONG n = 0;
    for (int i = 0; i < 3; i++)
        if (family == AF_UNSPEC || syn.rows[i].Address.si_family == family)
            t.t.Table[n++] = syn.rows[i];
    t.t.NumEntries = n;
    *out = &t.t;
    return NO_ERROR;
}

static VOID WINAPI syn_free(PVOID p)
{
    (void)p;
}

/* As documented: the row is found by InterfaceLuid when it is set, the index only when it is not. */
static DWORD WINAPI syn_set(const MIB_UNICASTIPADDRESS_ROW *r)
{
    syn.sets++;
    syn.written = *r;
    for (int i = 0; i < 3; i++) {
        bool iface = r->InterfaceLuid.Value ? syn.rows[i].InterfaceLuid.Value == r->InterfaceLuid.Value
                                            : syn.rows[i].InterfaceIndex == r->InterfaceIndex;
        if (iface && memcmp(&syn.rows[i].Address, &r->Address, sizeof r->Address) == 0) {
            syn.rows[i].SkipAsSource = r->SkipAsSource;
            return NO_ERROR;
        }
    }
    return ERROR_NOT_FOUND;
}

static DWORD WINAPI syn_get_entry(PMIB_UNICASTIPADDRESS_ROW r)
{
    for (int i = 0; i < 3; i++) {
        bool iface = r->InterfaceLuid.Value ? syn.rows[i].InterfaceLuid.Value == r->InterfaceLuid.Value
                                            : syn.rows[i].InterfaceIndex == r->InterfaceIndex;
        if (iface && memcmp(&syn.rows[i].Address, &r->Address, sizeof r->Address) == 0) {
            *r = syn.rows[i];
            return NO_ERROR;
        }
    }
    return ERROR_NOT_FOUND;
}

static void syn_reset(bfsys_iphlp *f)
{
    memset(&syn, 0, sizeof syn);
    row(&syn.rows[0], "192.0.2.10", LUID_A, 11);
    row(&syn.rows[1], "fe80::1", LUID_A, 11);
    row(&syn.rows[2], "fe80::1", LUID_B, 12);
    memset(f, 0, sizeof *f);
    f->get_unicast_table = syn_table;
    f->set_unicast_entry = syn_set;
    f->get_unicast_entry = syn_get_entry;
    f->free_table = syn_free;
}

BF_RULE(synthetic_skip_as_source_row_matched_by_interface_luid,
        "SetUnicastIpAddressEntry: \"If the InterfaceLuid is specified, then this member is used to determine the "
        "interface\"; MIB_UNICASTIPADDRESS_ROW.InterfaceIndex \"may change when a network adapter is disabled and then "
        "enabled ... should not be considered persistent\" (learn.microsoft.com, SetUnicastIpAddressEntry function, "
        "Remarks; MIB_UNICASTIPADDRESS_ROW structure)")
{
    bfsys_iphlp f;
    bf_err err;
    bf_err_clear(&err);
    syn_reset(&f);
    CHECK(bfsys_skip_write(&f, "192.0.2.10", true, &err) == ERROR_SUCCESS);
    CHECK(syn.sets == 1 && syn.written.InterfaceLuid.Value == LUID_A && syn.rows[0].SkipAsSource);
    /* the same address on two interfaces: refused, nothing written, both LUIDs named */
    syn_reset(&f);
    CHECK(bfsys_skip_write(&f, "fe80::1", true, &err) != ERROR_SUCCESS);
    CHECK(syn.sets == 0);
    CHECK(strstr(err.msg, "0x0006000002000000") != NULL && strstr(err.msg, "0x0006000003000000") != NULL);
}

/* The machine for planning one skip-as-source step: the flag is off. */
static bool m_skip_get(void *ctx, const char *address, bool *skip, bf_err *err)
{
    (void)ctx, (void)address, (void)err;
    *skip = false;
    return true;
}
static bool m_skip_set(void *ctx, const char *address, bool skip, bf_err *err)
{
    (void)ctx, (void)address, (void)skip, (void)err;
    return true;
}

static bf_fix_step plan_one(bf_addr_origin origin, char *preview, size_t size)
{
    bf_fix_step got;
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a = bf_snap_add_adapter(s);
    a->guid = "{3B8E61D2-04F7-4C9A-B25E-9D17C6A0E483}";
    a->friendly_name = "Local Area Connection";
    a->if_index = 11;
    bf_address *ad = bf_adapter_add_address(s, a, "198.51.100.7", 24);
    ad->family = 4;
    ad->origin = origin;
    bf_action act;
    memset(&act, 0, sizeof act);
    act.kind = BF_ACTION_SKIP_AS_SOURCE;
    act.title = "Mark 198.51.100.7 SkipAsSource";
    act.params.address = "198.51.100.7";
    const bf_action *chosen[1] = {&act};
    bf_machine m;
    memset(&m, 0, sizeof m);
    m.skip_get = m_skip_get;
    m.skip_set = m_skip_set;
    bf_buf notes, pv;
    bf_err err;
    bf_buf_init(&notes);
    bf_buf_init(&pv);
    memset(&got, 0, sizeof got);
    bf_fix_plan *p = bf_fix_plan_build(s, chosen, 1, &m, NULL, &notes, &err);
    if (p && p->step_count == 1) {
        got = p->steps[0];
        got.lasting_command = "";   /* in the plan's arena, gone with it; the preview keeps it */
        bf_fix_plan_write_preview(p, &pv);
        snprintf(preview, size, "%s", bf_buf_cstr(&pv));
    } else {
        printf("     plan: %s\n", p ? "no step" : err.msg);
    }
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    bf_buf_free(&pv);
    bf_snapshot_destroy(s);
    return got;
}

BF_RULE(synthetic_skip_as_source_says_how_long_it_lasts,
        "MIB_UNICASTIPADDRESS_ROW.PrefixOrigin: IpPrefixOriginDhcp, IpPrefixOriginRouterAdvertisement - a leased or "
        "router-advertised address is renewed; Set-NetIPAddress / Set-NetIPInterface -PolicyStore ActiveStore | "
        "PersistentStore and netsh store=active|persistent name the store, SetUnicastIpAddressEntry names none "
        "(learn.microsoft.com, MIB_UNICASTIPADDRESS_ROW; Set-NetIPAddress; Set-NetIPInterface; netsh interface ipv4)")
{
    char preview[2048] = "";
    bf_fix_step s = plan_one(BF_ORIGIN_DHCP, preview, sizeof preview);
    CHECK(s.lasts && strcmp(s.lasts, "until the lease renews") == 0);
    CHECK(strstr(preview, "lasts: until the lease renews") != NULL);
    s = plan_one(BF_ORIGIN_MANUAL, preview, sizeof preview);
    CHECK(s.lasts && strcmp(s.lasts, "until restart") == 0);
    if (!strstr(preview, "Set-NetIPAddress -InterfaceIndex 11 -IPAddress 198.51.100.7 -SkipAsSource $true -PolicyStore PersistentStore"))
        printf("%s\n", preview);
    CHECK(strstr(preview, "Set-NetIPAddress -InterfaceIndex 11 -IPAddress 198.51.100.7 -SkipAsSource $true "
                          "-PolicyStore PersistentStore") != NULL);
}
