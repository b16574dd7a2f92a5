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
#define SYN_ROWS 4

typedef struct synthetic_rows {
    MIB_UNICASTIPADDRESS_ROW rows[SYN_ROWS];
    MIB_UNICASTIPADDRESS_ROW written;
    int sets;
    char netsh[1024];           /* the netsh commands run (bfsys_skip_readd), one a line */
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
        BYTE room[offsetof(MIB_UNICASTIPADDRESS_TABLE, Table) + SYN_ROWS * sizeof(MIB_UNICASTIPADDRESS_ROW)];
    } t;
    ULONG n = 0;
    for (int i = 0; i < SYN_ROWS; i++)
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
    for (int i = 0; i < SYN_ROWS; i++) {
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
    for (int i = 0; i < SYN_ROWS; i++) {
        bool iface = r->InterfaceLuid.Value ? syn.rows[i].InterfaceLuid.Value == r->InterfaceLuid.Value
                                            : syn.rows[i].InterfaceIndex == r->InterfaceIndex;
        if (iface && memcmp(&syn.rows[i].Address, &r->Address, sizeof r->Address) == 0) {
            *r = syn.rows[i];
            return NO_ERROR;
        }
    }
    return ERROR_NOT_FOUND;
}

/* netsh as its reference spells "delete address" and "add address" (ipv4: name=, ipv6: interface=): the
 * address leaves its interface and comes back with the prefix and flag given; anything else exits 1. */
static DWORD syn_netsh(const WCHAR *args, DWORD *exit_code, char **out)
{
    char a[256], fam[8], verb[8], key[16], addr[64], flag[8];
    unsigned long index = 0;
    unsigned prefix = 0;
    size_t i;
    for (i = 0; args[i] && i + 1 < sizeof a; i++)
        a[i] = (char)args[i];
    a[i] = 0;
    snprintf(syn.netsh + strlen(syn.netsh), sizeof syn.netsh - strlen(syn.netsh), "%s\n", a);
    *exit_code = 1;
    *out = NULL;
    if (sscanf(a, "interface %7s %7s address %15[a-z]=%lu address=%63[^/ ]", fam, verb, key, &index, addr) != 5)
        return ERROR_SUCCESS;
    bool v6 = strcmp(fam, "ipv6") == 0;
    if ((v6 && strcmp(key, "interface") != 0) || (!v6 && strcmp(key, "name") != 0))
        return ERROR_SUCCESS;                       /* the parameter netsh names differently per family */
    const char *slash = strchr(a, '/');
    bool add = strcmp(verb, "add") == 0;
    if (add && (!slash || sscanf(slash, "/%u store=persistent skipassource=%7s", &prefix, flag) != 2))
        return ERROR_SUCCESS;                       /* add: prefix length, persistent store and the flag */
    if (!add && (strcmp(verb, "delete") != 0 || !strstr(a, " store=persistent")))
        return ERROR_SUCCESS;
    for (int k = 0; k < SYN_ROWS; k++) {
        char t[64] = "";
        MIB_UNICASTIPADDRESS_ROW *r = &syn.rows[k];
        if (r->InterfaceIndex != index)
            continue;
        if (r->Address.si_family == AF_INET6 || (add && r->Address.si_family == 0 && v6))
            inet_ntop(AF_INET6, &r->Address.Ipv6.sin6_addr, t, sizeof t);
        else
            inet_ntop(AF_INET, &r->Address.Ipv4.sin_addr, t, sizeof t);
        if (strcmp(t, addr) != 0)
            continue;
        if (!add && r->Address.si_family != 0) {
            r->DadState = IpDadStateInvalid;        /* gone: no longer found by address */
            r->Address.si_family = 0;
            *exit_code = 0;
        } else if (add && r->Address.si_family == 0) {
            r->Address.si_family = v6 ? AF_INET6 : AF_INET;
            r->OnLinkPrefixLength = (UINT8)prefix;
            r->SkipAsSource = strcmp(flag, "true") == 0;
            r->DadState = IpDadStateTentative;      /* a new address is tentative until DAD ends */
            *exit_code = 0;
        }
    }
    return ERROR_SUCCESS;
}

static void syn_reset(bfsys_iphlp *f)
{
    memset(&syn, 0, sizeof syn);
    row(&syn.rows[0], "192.0.2.10", LUID_A, 11);
    row(&syn.rows[1], "fe80::1", LUID_A, 11);
    row(&syn.rows[2], "fe80::1", LUID_B, 12);
    row(&syn.rows[3], "2001:db8::10", LUID_A, 11);
    syn.rows[3].PrefixOrigin = IpPrefixOriginManual;   /* a static IPv6 address, /64 */
    syn.rows[3].OnLinkPrefixLength = 64;
    syn.rows[0].OnLinkPrefixLength = 24;
    memset(f, 0, sizeof *f);
    f->get_unicast_table = syn_table;
    f->set_unicast_entry = syn_set;
    f->get_unicast_entry = syn_get_entry;
    f->free_table = syn_free;
    f->run_netsh = syn_netsh;
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

/* The machine for planning with the re-add (the flag that lasts) available. */
static bool m_skip_readd(void *ctx, const char *address, bool skip, bf_err *err)
{
    (void)ctx, (void)address, (void)skip, (void)err;
    return true;
}

BF_RULE(synthetic_skip_as_source_that_lasts_is_the_address_added_again_with_the_flag,
        "CreateUnicastIpAddressEntry, Remarks: an address it adds \"is not persistent ... Restarting the computer "
        "destroys the IP address\"; \"The netsh command can also be used to create a persistent IPv4 or IPv6 "
        "address\". netsh interface ipv4 add address [name=]<string> ... [store=]active|persistent "
        "[skipassource=]true|false; ipv6 add address [interface=]<string> ...; set address has no skipassource "
        "(learn.microsoft.com, CreateUnicastIpAddressEntry function; Windows Server, netsh interface)")
{
    bfsys_iphlp f;
    bf_err err;
    bool skip = false;
    bf_err_clear(&err);
    /* IPv4: deleted from the persistent store and added again with its /24 and the flag; read back */
    syn_reset(&f);
    CHECK(bfsys_skip_readd(&f, "192.0.2.10", true, &err) == ERROR_SUCCESS);
    CHECK(strstr(syn.netsh, "interface ipv4 delete address name=11 address=192.0.2.10 store=persistent\n") != NULL);
    CHECK(strstr(syn.netsh, "interface ipv4 add address name=11 address=192.0.2.10/24 store=persistent "
                            "skipassource=true\n") != NULL);
    CHECK(strstr(syn.netsh, "set address") == NULL);    /* set address cannot give the flag */
    CHECK(syn.sets == 0);                               /* not SetUnicastIpAddressEntry: it lasts no longer than the address */
    CHECK(bfsys_skip_read(&f, "192.0.2.10", &skip, &err) == ERROR_SUCCESS && skip);
    /* IPv6: netsh names the interface "interface=", not "name=" */
    syn_reset(&f);
    CHECK(bfsys_skip_readd(&f, "2001:db8::10", true, &err) == ERROR_SUCCESS);
    CHECK(strstr(syn.netsh, "interface ipv6 add address interface=11 address=2001:db8::10/64 store=persistent "
                            "skipassource=true\n") != NULL);
    if (!strstr(syn.netsh, "interface=11"))
        printf("     netsh: %s     %s\n", syn.netsh, err.msg);
    /* a link-local address is the system's own (PrefixOrigin well-known): never deleted */
    syn_reset(&f);
    syn.rows[2].InterfaceLuid.Value = LUID_A;   /* one interface holds it now */
    syn.rows[1].InterfaceLuid.Value = LUID_A;
    syn.rows[2].Address.si_family = 0;
    CHECK(bfsys_skip_readd(&f, "fe80::1", true, &err) == ERROR_NOT_SUPPORTED);
    CHECK(syn.netsh[0] == 0);
    /* the plan: a static address gets the one step that lasts, and no command is left to run by hand */
    {
        bf_snapshot *s = bf_snapshot_create();
        bf_adapter *a = bf_snap_add_adapter(s);
        a->guid = "{3B8E61D2-04F7-4C9A-B25E-9D17C6A0E483}";
        a->if_index = 11;
        bf_address *ad = bf_adapter_add_address(s, a, "198.51.100.7", 24);
        ad->family = 4;
        ad->origin = BF_ORIGIN_MANUAL;
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
        m.skip_readd = m_skip_readd;
        bf_buf notes;
        bf_buf_init(&notes);
        bf_fix_plan *p = bf_fix_plan_build(s, chosen, 1, &m, NULL, &notes, &err);
        CHECK(p && p->step_count == 1);
        if (p && p->step_count == 1) {
            CHECK(p->steps[0].kind == BF_STEP_SKIP_READD);
            CHECK(strcmp(p->steps[0].lasts, "persistent") == 0);
            CHECK(!p->steps[0].lasting_command || !p->steps[0].lasting_command[0]);
        }
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        bf_snapshot_destroy(s);
    }
}

/* set-metric's lasting step, on a machine whose adapter has an automatic metric and no InterfaceMetric yet */
static bool m_metric_get(void *ctx, const char *guid, int *metric, bf_err *err)
{
    (void)ctx, (void)guid, (void)err;
    *metric = 0;
    return true;
}
static bool m_reg_absent(void *ctx, const char *key, const char *value, bf_regval *out, bf_err *err)
{
    (void)ctx, (void)key, (void)value, (void)err;
    memset(out, 0, sizeof *out);
    return true;
}

#define RULE_GUID "{5D1C7A40-2B9E-4F63-8A17-C0E4B2D69F31}"

BF_RULE(wine_interface_metric_value_where_vista_keeps_per_interface_tcpip_settings,
        "TCP/IP Registry Values for Microsoft Windows Vista and Windows Server 2008 (Microsoft, 2008): per-interface "
        "values under Tcpip\\Parameters\\Interfaces\\interfaceGUID, REG_DWORD; Win32_NetworkAdapterConfiguration."
        "SetIPConnectionMetric (minimum Windows Vista / Server 2008): \"The range of valid values is 1 through 9999\"; "
        "the value name InterfaceMetric (REG_DWORD, 1-9999, 0 automatic) is the Windows Server 2003 TCP/IP reference's "
        "(Appendix A, TCP/IP Configuration Parameters): no Vista-and-later Microsoft page naming it was found. "
        "Written and read back in Wine's registry")
{
    bf_err err;
    bf_err_clear(&err);
    /* the step bindfix plans: the key and value names, the type, the range */
    bf_snapshot *s = bf_snapshot_create();
    bf_action act;
    memset(&act, 0, sizeof act);
    act.kind = BF_ACTION_SET_METRIC;
    act.title = "Raise the metric";
    act.params.adapter = RULE_GUID;
    act.params.metric = 110;
    const bf_action *chosen[1] = {&act};
    bf_machine pm;
    memset(&pm, 0, sizeof pm);
    pm.metric_get = m_metric_get;
    pm.reg_read = m_reg_absent;
    bf_buf notes;
    bf_buf_init(&notes);
    bf_fix_plan *p = bf_fix_plan_build(s, chosen, 1, &pm, NULL, &notes, &err);
    bf_fix_step *r = NULL;
    for (size_t i = 0; p && i < p->step_count; i++)
        if (p->steps[i].kind == BF_STEP_REG_SET)
            r = &p->steps[i];
    CHECK(r != NULL);
    if (r) {
        CHECK(strcmp(r->key, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" RULE_GUID) == 0);
        CHECK(strcmp(r->value, "InterfaceMetric") == 0);
        CHECK(r->after.exists && r->after.type == REG_DWORD && r->after.len == 4 && r->after.data[0] == 110);
        CHECK(strcmp(r->lasts, "persistent") == 0);
        /* the journal's limits hold the documented range: 1 and 9999 pass, 10000 does not */
        const char *why = NULL;
        unsigned char keep[4];
        memcpy(keep, r->after.data, 4);
        memcpy(r->after.data, &(DWORD){9999}, 4);
        CHECK(bf_fix_step_in_limits(r, &why));
        memcpy(r->after.data, &(DWORD){10000}, 4);
        CHECK(!bf_fix_step_in_limits(r, &why));
        memcpy(r->after.data, keep, 4);
    }
    /* Wine's registry, through the system layer's own write (flushed) and a plain RegQueryValueExW */
    bf_machine m;
    bfsys_machine_init(&m);
    if (r) {
        HKEY h = NULL;
        DWORD type = 0, v = 0, n = sizeof v;
        CHECK(m.reg_write(m.ctx, r->key, r->value, &r->after, true, &err));
        LSTATUS rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\"
                                   L"" RULE_GUID, 0, KEY_QUERY_VALUE, &h);
        CHECK(rc == ERROR_SUCCESS);
        if (rc == ERROR_SUCCESS) {
            CHECK(RegQueryValueExW(h, L"InterfaceMetric", NULL, &type, (BYTE *)&v, &n) == ERROR_SUCCESS);
            CHECK(type == REG_DWORD && n == 4 && v == 110);
        }
        /* undo: the value absent again */
        bf_regval gone;
        memset(&gone, 0, sizeof gone);
        CHECK(m.reg_write(m.ctx, r->key, r->value, &gone, true, &err));
        if (h) {
            n = sizeof v;
            CHECK(RegQueryValueExW(h, L"InterfaceMetric", NULL, &type, (BYTE *)&v, &n) == ERROR_FILE_NOT_FOUND);
            RegCloseKey(h);
        }
        RegDeleteKeyW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" RULE_GUID);
        if (err.msg[0])
            printf("     %s\n", err.msg);
    }
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    bf_snapshot_destroy(s);
}
