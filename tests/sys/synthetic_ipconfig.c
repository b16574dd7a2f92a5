/* synthetic_ipconfig.c - ipconfig.c (interface metrics, SkipAsSource) against synthetic IP Helper
 * answers, written by hand in the layout a Windows Server 2008 R2 with KB 975808 gives them
 * (netioapi.h's MIB_IPINTERFACE_ROW, MIB_UNICASTIPADDRESS_ROW and MIB_UNICASTIPADDRESS_TABLE; Microsoft
 * Learn, "GetUnicastIpAddressTable function", "SetIpInterfaceEntry function"): one LAN adapter
 * ("Local Area Connection", LUID type 6 index 2, automatic metric, MTU 1500) holding 192.0.2.10/24 and
 * a second address 198.51.100.7/24 (both manual, SkipAsSource off) and its link-local IPv6 address
 * (random interface identifier, as 2008 R2 makes them; ISATAP would be a tunnel adapter of its own).
 * Not recorded from a machine. Wine 8 has no SetIpInterfaceEntry or SetUnicastIpAddressEntry, so this
 * is where the row handling is tested: the row read back, one field changed, the whole row written.
 * The table handed out sits in an exact-size allocation before a PAGE_NOACCESS page (synthetic.h).
 * Every test name starts with "synthetic_2008r2". */
#include "sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synthetic.h"

#define LAN_GUID "{3B8E61D2-04F7-4C9A-B25E-9D17C6A0E483}"
#define LAN_LUID 0x0006000002000000ull      /* IfType 6 << 48 | NetLuidIndex 2 << 24 */

typedef struct synthetic_machine {
    MIB_IPINTERFACE_ROW iface;          /* the LAN adapter's IPv4 interface */
    MIB_UNICASTIPADDRESS_ROW rows[3];
    MIB_IPINTERFACE_ROW if_written;     /* what SetIpInterfaceEntry was given */
    MIB_UNICASTIPADDRESS_ROW row_written;
    int if_sets, row_sets, tables_out; /* tables handed out and not yet freed */
    DWORD set_result;
    bool ignore_sets;                   /* a Set that reports NO_ERROR and changes nothing */
    int entry_gets;                     /* GetUnicastIpAddressEntry calls */
    /* netsh (bfsys_skip_readd): the commands run, one per line; a deleted row keeps its address in gone[]
     * and has si_family 0, so that no lookup finds it until it is added again */
    char netsh_log[1024];
    SOCKADDR_INET gone[3];
    int add_fails;                      /* the next N "add address" commands exit 1 with a message */
    bool add_ignores_flag;              /* "add address" restores the row with its old flag */
} synthetic_machine;

static synthetic_machine rec;    /* the IP Helper table has no context pointer: one machine per test */

static VOID WINAPI rec_init_if(PMIB_IPINTERFACE_ROW row)
{
    memset(row, 0, sizeof *row);
    row->Family = AF_UNSPEC;
    row->SitePrefixLength = 0xff;   /* as InitializeIpInterfaceEntry leaves it: "not set" */
}

static DWORD WINAPI rec_luid(const GUID *g, PNET_LUID luid)
{
    GUID lan;
    CLSIDFromString(L"" LAN_GUID, &lan);
    if (!IsEqualGUID(g, &lan))
        return ERROR_INVALID_PARAMETER;
    luid->Value = LAN_LUID;
    return NO_ERROR;
}

static DWORD WINAPI rec_get_if(PMIB_IPINTERFACE_ROW row)
{
    if (row->Family != AF_INET || row->InterfaceLuid.Value != LAN_LUID)
        return ERROR_NOT_FOUND;
    *row = rec.iface;
    return NO_ERROR;
}

static DWORD WINAPI rec_set_if(PMIB_IPINTERFACE_ROW row)
{
    rec.if_sets++;
    rec.if_written = *row;
    if (rec.set_result != NO_ERROR)
        return rec.set_result;
    if (rec.ignore_sets)
        return NO_ERROR;
    if (row->Family == AF_INET && row->SitePrefixLength != 0)
        return ERROR_INVALID_PARAMETER;     /* as documented for IPv4 */
    rec.iface = *row;
    return NO_ERROR;
}

static DWORD WINAPI rec_get_table(ADDRESS_FAMILY family, PMIB_UNICASTIPADDRESS_TABLE *out)
{
    /* the table built here, then handed out in exact size (NumEntries rows) before the guard page */
    static union {
        MIB_UNICASTIPADDRESS_TABLE t;
        BYTE room[offsetof(MIB_UNICASTIPADDRESS_TABLE, Table) + 3 * sizeof(MIB_UNICASTIPADDRESS_ROW)];
    } build;
    size_t n = 0;
    memset(&build, 0, sizeof build);
    for (int i = 0; i < 3; i++)
        if (family == AF_UNSPEC || rec.rows[i].Address.si_family == family)
            build.t.Table[n++] = rec.rows[i];
    build.t.NumEntries = (ULONG)n;
    rec.tables_out++;
    *out = synth_guarded_copy(&build, offsetof(MIB_UNICASTIPADDRESS_TABLE, Table) + n * sizeof(MIB_UNICASTIPADDRESS_ROW));
    return NO_ERROR;
}

static VOID WINAPI rec_free(PVOID p)
{
    rec.tables_out--;
    synth_guarded_free(p);
}

static DWORD WINAPI rec_set_row(const MIB_UNICASTIPADDRESS_ROW *row)
{
    rec.row_sets++;
    rec.row_written = *row;
    if (rec.set_result != NO_ERROR)
        return rec.set_result;
    if (rec.ignore_sets)
        return NO_ERROR;
    for (int i = 0; i < 3; i++)
        if (rec.rows[i].InterfaceLuid.Value == row->InterfaceLuid.Value &&
            memcmp(&rec.rows[i].Address, &row->Address, sizeof row->Address) == 0) {
            rec.rows[i] = *row;
            return NO_ERROR;
        }
    return ERROR_NOT_FOUND;
}

/* GetUnicastIpAddressEntry: the row of Address on the interface InterfaceLuid names (index when it is 0) */
static DWORD WINAPI rec_get_entry(PMIB_UNICASTIPADDRESS_ROW row)
{
    rec.entry_gets++;
    for (int i = 0; i < 3; i++) {
        bool iface = row->InterfaceLuid.Value ? rec.rows[i].InterfaceLuid.Value == row->InterfaceLuid.Value
                                              : rec.rows[i].InterfaceIndex == row->InterfaceIndex;
        if (iface && memcmp(&rec.rows[i].Address, &row->Address, sizeof row->Address) == 0) {
            *row = rec.rows[i];
            return NO_ERROR;
        }
    }
    return ERROR_NOT_FOUND;
}

/* netsh interface ipv4 delete|add address, as the netsh interface reference spells them; anything else
 * exits 1. The exit code is netsh's verdict (0 success); what it prints is text for the administrator. */
static DWORD syn_netsh(const WCHAR *args, DWORD *exit_code, char **out)
{
    char a[256], addr[64] = "", flag[8] = "";
    unsigned prefix = 0;
    unsigned long index = 0;
    size_t i;
    for (i = 0; args[i] && i + 1 < sizeof a; i++)
        a[i] = (char)args[i];
    a[i] = 0;
    snprintf(rec.netsh_log + strlen(rec.netsh_log), sizeof rec.netsh_log - strlen(rec.netsh_log), "%s\n", a);
    *exit_code = 1;
    *out = NULL;
    if (sscanf(a, "interface ipv4 delete address name=%lu address=%63s store=persistent", &index, addr) == 2) {
        for (int k = 0; k < 3; k++) {
            char t[64];
            if (rec.rows[k].Address.si_family == AF_INET && rec.rows[k].InterfaceIndex == index &&
                inet_ntop(AF_INET, &rec.rows[k].Address.Ipv4.sin_addr, t, sizeof t) && strcmp(t, addr) == 0) {
                rec.gone[k] = rec.rows[k].Address;
                rec.rows[k].Address.si_family = 0;
                *exit_code = 0;
            }
        }
    } else if (sscanf(a, "interface ipv4 add address name=%lu address=%63[^/]/%u store=persistent skipassource=%7s",
                      &index, addr, &prefix, flag) == 4) {
        if (rec.add_fails > 0) {
            rec.add_fails--;
            *out = _strdup("The system cannot find the file specified.");   /* synthetic: some failure */
            return ERROR_SUCCESS;
        }
        for (int k = 0; k < 3; k++) {
            char t[64];
            if (rec.rows[k].Address.si_family == 0 && rec.rows[k].InterfaceIndex == index &&
                inet_ntop(AF_INET, &rec.gone[k].Ipv4.sin_addr, t, sizeof t) && strcmp(t, addr) == 0) {
                rec.rows[k].Address = rec.gone[k];
                rec.rows[k].OnLinkPrefixLength = (UINT8)prefix;
                if (!rec.add_ignores_flag)
                    rec.rows[k].SkipAsSource = strcmp(flag, "true") == 0;
                *exit_code = 0;
            }
        }
    }
    return ERROR_SUCCESS;
}

static void row_v4(MIB_UNICASTIPADDRESS_ROW *r, const char *addr)
{
    memset(r, 0, sizeof *r);
    r->Address.si_family = AF_INET;
    inet_pton(AF_INET, addr, &r->Address.Ipv4.sin_addr);
    r->InterfaceLuid.Value = LAN_LUID;
    r->InterfaceIndex = 11;
    r->PrefixOrigin = IpPrefixOriginManual;
    r->SuffixOrigin = IpSuffixOriginManual;
    r->ValidLifetime = 0xffffffff;
    r->PreferredLifetime = 0xffffffff;
    r->OnLinkPrefixLength = 24;
    r->DadState = IpDadStatePreferred;
}

static void synthetic_reset(bfsys_iphlp *f)
{
    memset(&rec, 0, sizeof rec);
    rec.iface.Family = AF_INET;
    rec.iface.InterfaceLuid.Value = LAN_LUID;
    rec.iface.InterfaceIndex = 11;
    rec.iface.UseAutomaticMetric = TRUE;
    rec.iface.Metric = 10;          /* the automatic metric of a 1 Gb/s adapter */
    rec.iface.NlMtu = 1500;
    rec.iface.Connected = TRUE;
    rec.iface.SitePrefixLength = 0;
    row_v4(&rec.rows[0], "192.0.2.10");
    row_v4(&rec.rows[1], "198.51.100.7");
    memset(&rec.rows[2], 0, sizeof rec.rows[2]);
    rec.rows[2].Address.si_family = AF_INET6;
    inet_pton(AF_INET6, "fe80::9d4c:2b71:e03a:56f8", &rec.rows[2].Address.Ipv6.sin6_addr);
    rec.rows[2].InterfaceLuid.Value = LAN_LUID;
    rec.rows[2].PrefixOrigin = IpPrefixOriginWellKnown;
    rec.rows[2].SuffixOrigin = IpSuffixOriginLinkLayerAddress;
    rec.rows[2].OnLinkPrefixLength = 64;
    rec.rows[2].ValidLifetime = rec.rows[2].PreferredLifetime = 0xffffffff;
    rec.rows[2].DadState = IpDadStatePreferred;
    memset(f, 0, sizeof *f);
    f->get_if_entry = rec_get_if;
    f->set_if_entry = rec_set_if;
    f->init_if_entry = rec_init_if;
    f->luid_from_guid = rec_luid;
    f->get_unicast_table = rec_get_table;
    f->set_unicast_entry = rec_set_row;
    f->get_unicast_entry = rec_get_entry;
    f->free_table = rec_free;
    f->run_netsh = syn_netsh;
}

static void check_(int at, const char *name, bool ok, const char *detail, int *passed, int *failed)
{
    synth_report_(__FILE__, at, name, ok, detail, passed, failed);
}
#define check(...) check_(__LINE__, __VA_ARGS__)

void synthetic_ipconfig_tests(int *passed, int *failed)
{
    bfsys_iphlp f;
    bf_err err;
    int metric = -1;
    bool skip = true;
    DWORD rc;

    /* metric: automatic reads as 0; 110 written with the rest of the row as read; 0 is automatic again */
    synthetic_reset(&f);
    memset(&err, 0, sizeof err);
    rc = bfsys_metric_read(&f, LAN_GUID, &metric, &err);
    check("synthetic_2008r2_metric_automatic_reads_as_0", rc == 0 && metric == 0, err.msg, passed, failed);
    rc = bfsys_metric_write(&f, LAN_GUID, 110, &err);
    check("synthetic_2008r2_metric_110_written_in_the_row_read_back",
          rc == 0 && rec.if_sets == 1 && !rec.if_written.UseAutomaticMetric && rec.if_written.Metric == 110 &&
              rec.if_written.SitePrefixLength == 0 && rec.if_written.NlMtu == 1500 &&
              rec.if_written.InterfaceLuid.Value == LAN_LUID && rec.if_written.Family == AF_INET,
          err.msg, passed, failed);
    rc = bfsys_metric_read(&f, LAN_GUID, &metric, &err);
    bool ok = rc == 0 && metric == 110;
    rc = bfsys_metric_write(&f, LAN_GUID, 0, &err);
    ok = ok && rc == 0 && rec.if_written.UseAutomaticMetric && bfsys_metric_read(&f, LAN_GUID, &metric, &err) == 0 &&
         metric == 0;
    check("synthetic_2008r2_metric_undo_to_automatic", ok, err.msg, passed, failed);
    rc = bfsys_metric_write(&f, "{00000000-0000-0000-0000-0000000000AA}", 110, &err);
    check("synthetic_2008r2_metric_of_an_unknown_adapter_names_it",
          rc != 0 && strstr(err.msg, "{00000000-0000-0000-0000-0000000000AA}") && rec.if_sets == 2, err.msg, passed, failed);
    rc = bfsys_metric_write(&f, "not-a-guid", 110, &err);
    check("synthetic_2008r2_metric_bad_guid_text_refused", rc != 0 && strstr(err.msg, "not an adapter GUID"), err.msg,
          passed, failed);

    /* SkipAsSource: the second address's row found, changed in that flag only, written whole */
    synthetic_reset(&f);
    rc = bfsys_skip_read(&f, "198.51.100.7", &skip, &err);
    ok = rc == 0 && !skip;
    rc = bfsys_skip_write(&f, "198.51.100.7", true, &err);
    MIB_UNICASTIPADDRESS_ROW want = rec.rows[1];
    ok = ok && rc == 0 && rec.row_sets == 1 && rec.row_written.SkipAsSource;
    want.SkipAsSource = TRUE;
    ok = ok && memcmp(&rec.row_written, &want, sizeof want) == 0 && rec.tables_out == 0;
    ok = ok && bfsys_skip_read(&f, "198.51.100.7", &skip, &err) == 0 && skip &&
         bfsys_skip_read(&f, "192.0.2.10", &skip, &err) == 0 && !skip;
    check("synthetic_2008r2_skip_as_source_set_on_the_row_read_back_only", ok, err.msg, passed, failed);
    rc = bfsys_skip_write(&f, "198.51.100.7", false, &err);
    check("synthetic_2008r2_skip_as_source_undo_clears_it",
          rc == 0 && bfsys_skip_read(&f, "198.51.100.7", &skip, &err) == 0 && !skip && rec.tables_out == 0, err.msg,
          passed, failed);
    rc = bfsys_skip_read(&f, "fe80::9d4c:2b71:e03a:56f8", &skip, &err);
    check("synthetic_2008r2_skip_as_source_ipv6_row_found", rc == 0 && !skip, err.msg, passed, failed);
    rc = bfsys_skip_write(&f, "203.0.113.50", true, &err);
    check("synthetic_2008r2_skip_as_source_address_not_held_is_named",
          rc == ERROR_NOT_FOUND && strstr(err.msg, "203.0.113.50") && rec.row_sets == 2 && rec.tables_out == 0, err.msg,
          passed, failed);
    /* the Set functions report success and change nothing: the read back says so, naming the value */
    synthetic_reset(&f);
    rec.ignore_sets = true;
    rc = bfsys_skip_write(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_as_source_write_read_back_with_GetUnicastIpAddressEntry",
          rc == ERROR_INVALID_DATA && strstr(err.msg, "198.51.100.7") && strstr(err.msg, "not verified") &&
              rec.entry_gets == 2 && rec.row_sets == 1,
          err.msg, passed, failed);
    rc = bfsys_metric_write(&f, LAN_GUID, 110, &err);
    check("synthetic_2008r2_metric_write_read_back", rc == ERROR_INVALID_DATA && strstr(err.msg, "not verified") &&
          strstr(err.msg, LAN_GUID), err.msg, passed, failed);
    /* The flag that lasts: netsh deletes the static address and adds it again on interface 11 with its /24
     * and the flag, store=persistent; read back; undone the same way. */
    synthetic_reset(&f);
    rc = bfsys_skip_readd(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_readd_deletes_and_adds_the_address_with_the_flag",
          rc == 0 && strcmp(rec.netsh_log, "interface ipv4 delete address name=11 address=198.51.100.7 store=persistent\n"
                                           "interface ipv4 add address name=11 address=198.51.100.7/24 store=persistent "
                                           "skipassource=true\n") == 0 &&
              rec.rows[1].SkipAsSource && rec.rows[1].OnLinkPrefixLength == 24 && !rec.rows[0].SkipAsSource &&
              rec.row_sets == 0 && rec.tables_out == 0,
          rc ? err.msg : rec.netsh_log, passed, failed);
    rc = bfsys_skip_readd(&f, "198.51.100.7", false, &err);
    check("synthetic_2008r2_skip_readd_undo_adds_it_without_the_flag",
          rc == 0 && strstr(rec.netsh_log, "skipassource=false") && bfsys_skip_read(&f, "198.51.100.7", &skip, &err) == 0 &&
              !skip,
          err.msg, passed, failed);
    /* the add fails after the delete: the address is added back with its old flag and the error says so */
    synthetic_reset(&f);
    rec.add_fails = 1;
    rc = bfsys_skip_readd(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_readd_failed_add_puts_the_address_back",
          rc != 0 && strstr(err.msg, "added back as it was") && strstr(err.msg, "exit 1") &&
              strstr(rec.netsh_log, "198.51.100.7/24 store=persistent skipassource=false") &&
              bfsys_skip_read(&f, "198.51.100.7", &skip, &err) == 0 && !skip,
          err.msg, passed, failed);
    synthetic_reset(&f);
    rec.add_fails = 2;
    rc = bfsys_skip_readd(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_readd_address_gone_gives_the_command",
          rc != 0 && strstr(err.msg, "the address is gone") &&
              strstr(err.msg, "run netsh interface ipv4 add address name=11 address=198.51.100.7/24"),
          err.msg, passed, failed);
    /* netsh exits 0 and the row comes back with the old flag: not verified */
    synthetic_reset(&f);
    rec.add_ignores_flag = true;
    rc = bfsys_skip_readd(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_readd_read_back_catches_a_flag_not_taken",
          rc == ERROR_INVALID_DATA && strstr(err.msg, "not verified"), err.msg, passed, failed);
    /* a leased address is not added again (its lease would bring it back without the flag) */
    synthetic_reset(&f);
    rec.rows[1].PrefixOrigin = IpPrefixOriginDhcp;
    rc = bfsys_skip_readd(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_readd_refuses_a_leased_address",
          rc == ERROR_NOT_SUPPORTED && rec.netsh_log[0] == 0 && strstr(err.msg, "not a static address"), err.msg, passed,
          failed);

    synthetic_reset(&f);
    rec.set_result = ERROR_ACCESS_DENIED;
    rc = bfsys_skip_write(&f, "198.51.100.7", true, &err);
    check("synthetic_2008r2_skip_as_source_denied_names_the_address_and_reason",
          rc == ERROR_ACCESS_DENIED && strstr(err.msg, "198.51.100.7") && !rec.rows[1].SkipAsSource, err.msg, passed,
          failed);
}
