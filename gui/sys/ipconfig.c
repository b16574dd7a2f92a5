/* ipconfig.c - the two per-address and per-interface settings repairs change through IP Helper: an
 * adapter's IPv4 interface metric (GetIpInterfaceEntry / SetIpInterfaceEntry) and an address's
 * SkipAsSource flag (GetUnicastIpAddressTable, GetUnicastIpAddressEntry / SetUnicastIpAddressEntry); every
 * write read back. These exist from Vista on;
 * Wine 8 lacks the Set functions. They are resolved at run time into a bfsys_iphlp table, which
 * tests/sys/synthetic_ipconfig.c fills with a synthetic machine's answers instead, so that the row handling (the row
 * read back, changed in one field, written whole) is tested where Wine cannot run it. */
#include "sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static FARPROC resolve(HMODULE ip, const char *name)
{
    return ip ? GetProcAddress(ip, name) : NULL;
}

#define NETSH_TIMEOUT_MS 60000     /* a bound, not a verdict: netsh waits for the address to be added */
#define NETSH_OUTPUT_MAX (64 * 1024)

static DWORD system_netsh(const WCHAR *args, DWORD *exit_code, char **out)
{
    WCHAR exe[MAX_PATH];
    size_t len = 0;
    DWORD rc = bfsys_system32_file(L"netsh.exe", exe, MAX_PATH);
    *out = NULL;
    if (rc != ERROR_SUCCESS)
        return rc;
    return bfsys_run_capture(exe, args, NETSH_TIMEOUT_MS, NETSH_OUTPUT_MAX, out, &len, exit_code);
}

void bfsys_iphlp_resolve(bfsys_iphlp *f)
{
    HMODULE ip = GetModuleHandleW(L"iphlpapi.dll");
    memset(f, 0, sizeof *f);
    f->get_if_entry = (DWORD(WINAPI *)(PMIB_IPINTERFACE_ROW))(void (*)(void))resolve(ip, "GetIpInterfaceEntry");
    f->set_if_entry = (DWORD(WINAPI *)(PMIB_IPINTERFACE_ROW))(void (*)(void))resolve(ip, "SetIpInterfaceEntry");
    f->init_if_entry = (VOID(WINAPI *)(PMIB_IPINTERFACE_ROW))(void (*)(void))resolve(ip, "InitializeIpInterfaceEntry");
    f->luid_from_guid = (DWORD(WINAPI *)(const GUID *, PNET_LUID))(void (*)(void))resolve(ip, "ConvertInterfaceGuidToLuid");
    f->get_unicast_table =
        (DWORD(WINAPI *)(ADDRESS_FAMILY, PMIB_UNICASTIPADDRESS_TABLE *))(void (*)(void))resolve(ip, "GetUnicastIpAddressTable");
    f->set_unicast_entry =
        (DWORD(WINAPI *)(const MIB_UNICASTIPADDRESS_ROW *))(void (*)(void))resolve(ip, "SetUnicastIpAddressEntry");
    f->get_unicast_entry =
        (DWORD(WINAPI *)(PMIB_UNICASTIPADDRESS_ROW))(void (*)(void))resolve(ip, "GetUnicastIpAddressEntry");
    f->free_table = (VOID(WINAPI *)(PVOID))(void (*)(void))resolve(ip, "FreeMibTable");
    f->run_netsh = system_netsh;
}

static DWORD unavailable(bf_err *err, const char *text)
{
    bf_fail(err, "%s", text);
    if (err)
        err->code = ERROR_NOT_SUPPORTED;
    return ERROR_NOT_SUPPORTED;
}

/* The IPv4 interface row of the adapter with this GUID, as the system has it. */
static DWORD metric_row(const bfsys_iphlp *f, const char *guid, MIB_IPINTERFACE_ROW *row, bf_err *err)
{
    WCHAR *w;
    GUID g;
    DWORD rc;
    if (!f->get_if_entry || !f->init_if_entry || !f->luid_from_guid || !f->set_if_entry)
        return unavailable(err, "interface metrics cannot be changed on this system (GetIpInterfaceEntry/"
                                "SetIpInterfaceEntry are not available: Windows before Vista, or Wine)");
    w = bfsys_utf8_to_wide(guid);
    if (!w || CLSIDFromString(w, &g) != NOERROR) {
        free(w);
        bf_fail(err, "\"%s\" is not an adapter GUID", guid);
        return ERROR_INVALID_PARAMETER;
    }
    free(w);
    f->init_if_entry(row);
    row->Family = AF_INET;
    if ((rc = f->luid_from_guid(&g, &row->InterfaceLuid)) != NO_ERROR || (rc = f->get_if_entry(row)) != NO_ERROR)
        return bfsys_fail_named(err, rc, "cannot read the interface metric of", guid);
    return ERROR_SUCCESS;
}

DWORD bfsys_metric_read(const bfsys_iphlp *f, const char *guid, int *metric, bf_err *err)
{
    MIB_IPINTERFACE_ROW row;
    DWORD rc = metric_row(f, guid, &row, err);
    if (rc == ERROR_SUCCESS)
        *metric = row.UseAutomaticMetric ? 0 : (int)row.Metric;
    return rc;
}

DWORD bfsys_metric_write(const bfsys_iphlp *f, const char *guid, int metric, bf_err *err)
{
    MIB_IPINTERFACE_ROW row;
    DWORD rc = metric_row(f, guid, &row, err);
    if (rc != ERROR_SUCCESS)
        return rc;
    /* 0 stands for "automatic" (what undo restores when the metric was automatic before) */
    row.UseAutomaticMetric = metric == 0;
    row.Metric = metric == 0 ? row.Metric : (ULONG)metric;
    row.SitePrefixLength = 0;   /* must be 0 for IPv4 in SetIpInterfaceEntry */
    if ((rc = f->set_if_entry(&row)) != NO_ERROR)
        return bfsys_fail_named(err, rc, "cannot set the interface metric of", guid);
    /* read back: the automatic-metric flag and, when fixed, the metric must be what was written */
    {
        MIB_IPINTERFACE_ROW now;
        if ((rc = metric_row(f, guid, &now, err)) != ERROR_SUCCESS)
            return rc;
        if ((now.UseAutomaticMetric != FALSE) != (metric == 0) || (metric != 0 && now.Metric != (ULONG)metric)) {
            bf_fail(err, "the interface metric of %s reads %s%lu after SetIpInterfaceEntry reported success (%d was "
                         "written): not verified", guid, now.UseAutomaticMetric ? "automatic, " : "",
                    (unsigned long)now.Metric, metric);
            if (err)
                err->code = ERROR_INVALID_DATA;
            return ERROR_INVALID_DATA;
        }
    }
    return ERROR_SUCCESS;
}

/* The row of the unicast address, as the system has it (the Set function wants the whole row back). */
static DWORD unicast_row(const bfsys_iphlp *f, const char *address, MIB_UNICASTIPADDRESS_ROW *out, bf_err *err)
{
    if (!f->get_unicast_table || !f->free_table || !f->set_unicast_entry || !f->get_unicast_entry)
        return unavailable(err, "SkipAsSource cannot be changed on this system (GetUnicastIpAddressTable/"
                                "GetUnicastIpAddressEntry/SetUnicastIpAddressEntry are not available: Windows "
                                "before Vista, or Wine)");
    IN_ADDR v4;
    IN6_ADDR v6;
    int family = bfsys_inet_pton(AF_INET, address, &v4) == 1 ? AF_INET : bfsys_inet_pton(AF_INET6, address, &v6) == 1 ? AF_INET6 : 0;
    if (!family) {
        bf_fail(err, "\"%s\" is not an IPv4 or IPv6 address", address);
        return ERROR_INVALID_PARAMETER;
    }
    PMIB_UNICASTIPADDRESS_TABLE table = NULL;
    DWORD rc = f->get_unicast_table((ADDRESS_FAMILY)family, &table);
    if (rc != NO_ERROR || !table)
        return bfsys_fail_named(err, rc != NO_ERROR ? rc : ERROR_GEN_FAILURE, "cannot read the unicast addresses to find", address);
    /* The row is identified to SetUnicastIpAddressEntry by its InterfaceLuid (used before InterfaceIndex,
     * which "may change when a network adapter is disabled and then enabled"): the row must carry one,
     * and an address held by two interfaces (the same link-local address on two adapters) is not
     * guessed at. */
    ULONG found = 0;
    ULONG64 first_luid = 0, other_luid = 0;
    for (ULONG i = 0; i < table->NumEntries; i++) {
        const MIB_UNICASTIPADDRESS_ROW *r = &table->Table[i];
        bool same = false;
        if (family == AF_INET && r->Address.si_family == AF_INET)
            same = memcmp(&r->Address.Ipv4.sin_addr, &v4, sizeof v4) == 0;
        else if (family == AF_INET6 && r->Address.si_family == AF_INET6)
            same = memcmp(&r->Address.Ipv6.sin6_addr, &v6, sizeof v6) == 0;
        if (!same)
            continue;
        if (found++ == 0) {
            *out = *r;
            first_luid = r->InterfaceLuid.Value;
        } else if (r->InterfaceLuid.Value != first_luid) {
            other_luid = r->InterfaceLuid.Value;
        }
    }
    f->free_table(table);
    if (!found) {
        bf_fail(err, "no adapter of this machine holds the address %s", address);
        return ERROR_NOT_FOUND;
    }
    if (other_luid) {
        bf_fail(err, "the address %s is held by more than one interface (LUID 0x%016llx and 0x%016llx): bindfix does not "
                     "choose one; set SkipAsSource on the right interface by hand", address,
                (unsigned long long)first_luid, (unsigned long long)other_luid);
        if (err)
            err->code = ERROR_INVALID_PARAMETER;
        return ERROR_INVALID_PARAMETER;
    }
    if (first_luid == 0) {
        bf_fail(err, "the row of %s names no interface LUID: not changed", address);
        if (err)
            err->code = ERROR_INVALID_PARAMETER;
        return ERROR_INVALID_PARAMETER;
    }
    return ERROR_SUCCESS;
}

DWORD bfsys_skip_read(const bfsys_iphlp *f, const char *address, bool *skip, bf_err *err)
{
    MIB_UNICASTIPADDRESS_ROW row;
    DWORD rc = unicast_row(f, address, &row, err);
    if (rc == ERROR_SUCCESS)
        *skip = row.SkipAsSource != 0;
    return rc;
}

/* The row of row's address on row's interface as it is this moment (GetUnicastIpAddressEntry: "the
 * Address member ... and the InterfaceLuid or InterfaceIndex member must be initialized"): what is written
 * back is current, not the table's copy, and what is read back is the system's answer. */
static DWORD current_row(const bfsys_iphlp *f, const MIB_UNICASTIPADDRESS_ROW *row, MIB_UNICASTIPADDRESS_ROW *now,
                         const char *what, const char *address, bf_err *err)
{
    DWORD rc;
    memset(now, 0, sizeof *now);
    now->Address = row->Address;
    now->InterfaceLuid = row->InterfaceLuid;
    if ((rc = f->get_unicast_entry(now)) != NO_ERROR)
        return bfsys_fail_named(err, rc, what, address);
    return ERROR_SUCCESS;
}

DWORD bfsys_skip_write(const bfsys_iphlp *f, const char *address, bool skip, bf_err *err)
{
    MIB_UNICASTIPADDRESS_ROW row, now;
    DWORD rc = unicast_row(f, address, &row, err);
    if (rc != ERROR_SUCCESS)
        return rc;
    if ((rc = current_row(f, &row, &now, "cannot read the address row of", address, err)) != ERROR_SUCCESS)
        return rc;
    row = now;
    row.SkipAsSource = skip ? TRUE : FALSE;
    if ((rc = f->set_unicast_entry(&row)) != NO_ERROR)
        return bfsys_fail_named(err, rc, "cannot set SkipAsSource on", address);
    /* read back: the flag must be what was written */
    if ((rc = current_row(f, &row, &now, "cannot read back the address row of", address, err)) != ERROR_SUCCESS)
        return rc;
    if ((now.SkipAsSource != FALSE) != skip) {
        bf_fail(err, "SkipAsSource on %s reads %s after SetUnicastIpAddressEntry reported success: not verified", address,
                now.SkipAsSource ? "on" : "off");
        if (err)
            err->code = ERROR_INVALID_DATA;
        return ERROR_INVALID_DATA;
    }
    return ERROR_SUCCESS;
}

/* One netsh command; false with err (the command and what netsh said) when it did not run or exited non-zero. */
static bool netsh_ok(const bfsys_iphlp *f, const WCHAR *args, bf_err *err)
{
    DWORD code = 1, rc;
    char *out = NULL, *a8;
    rc = f->run_netsh(args, &code, &out);
    if (rc == ERROR_SUCCESS && code == 0) {
        free(out);
        return true;
    }
    a8 = bfsys_wide_to_utf8(args, -1);
    if (rc != ERROR_SUCCESS)
        bfsys_fail_named(err, rc, "cannot run netsh", a8 ? a8 : "");
    else
        bf_fail(err, "netsh %s: exit %lu: %.300s", a8 ? a8 : "", (unsigned long)code, out ? out : "");
    free(a8);
    free(out);
    return false;
}

/* "interface ipv4 add address name=11 address=198.51.100.7/24 store=persistent skipassource=true": the
 * interface by index (netsh takes a name or an index; an index needs no quoting), the prefix length the
 * address has now. netsh interface ipv4 names the interface name=, ipv6 interface= (netsh interface
 * reference, "add address", "delete address"). */
static void readd_args(WCHAR *out, size_t cap, bool add, int family, NET_IFINDEX index, const char *address,
                       unsigned prefix, bool skip)
{
    if (add)
        _snwprintf(out, cap, L"interface ipv%d add address %ls=%lu address=%hs/%u store=persistent skipassource=%ls",
                   family == AF_INET ? 4 : 6, family == AF_INET ? L"name" : L"interface", (unsigned long)index, address,
                   prefix, skip ? L"true" : L"false");
    else
        _snwprintf(out, cap, L"interface ipv%d delete address %ls=%lu address=%hs store=persistent",
                   family == AF_INET ? 4 : 6, family == AF_INET ? L"name" : L"interface", (unsigned long)index, address);
    out[cap - 1] = 0;
}

DWORD bfsys_skip_readd(const bfsys_iphlp *f, const char *address, bool skip, bf_err *err)
{
    MIB_UNICASTIPADDRESS_ROW row, now;
    WCHAR args[256];
    DWORD rc;
    int family;
    if (!f->run_netsh)
        return unavailable(err, "netsh cannot be run on this system");
    if ((rc = unicast_row(f, address, &row, err)) != ERROR_SUCCESS)
        return rc;
    if ((rc = current_row(f, &row, &now, "cannot read the address row of", address, err)) != ERROR_SUCCESS)
        return rc;
    row = now;
    /* a leased or router-advertised address is renewed by its source with the flag off, and a link-local
     * one is the system's own: only a manual (static) address is added again */
    if (row.PrefixOrigin != IpPrefixOriginManual) {
        bf_fail(err, "%s is not a static address (PrefixOrigin %d): bindfix does not add it again", address,
                (int)row.PrefixOrigin);
        if (err)
            err->code = ERROR_NOT_SUPPORTED;
        return ERROR_NOT_SUPPORTED;
    }
    if (row.InterfaceIndex == 0 || row.OnLinkPrefixLength > (row.Address.si_family == AF_INET ? 32 : 128)) {
        bf_fail(err, "the row of %s names no interface index or prefix length: not changed", address);
        if (err)
            err->code = ERROR_INVALID_PARAMETER;
        return ERROR_INVALID_PARAMETER;
    }
    family = row.Address.si_family;
    readd_args(args, sizeof args / sizeof args[0], false, family, row.InterfaceIndex, address, row.OnLinkPrefixLength, skip);
    if (!netsh_ok(f, args, err)) {
        if (err)
            err->code = ERROR_GEN_FAILURE;
        return ERROR_GEN_FAILURE;
    }
    readd_args(args, sizeof args / sizeof args[0], true, family, row.InterfaceIndex, address, row.OnLinkPrefixLength, skip);
    if (!netsh_ok(f, args, err)) {
        /* the address is away: back as it was, before anything else */
        bf_err again;
        char first[sizeof err->msg];
        bool back;
        snprintf(first, sizeof first, "%s", err ? err->msg : "");
        bf_err_clear(&again);
        readd_args(args, sizeof args / sizeof args[0], true, family, row.InterfaceIndex, address, row.OnLinkPrefixLength,
                   row.SkipAsSource != FALSE);
        back = netsh_ok(f, args, &again);
        if (back) {
            bf_fail(err, "%s; the address was added back as it was", first);
        } else {
            char *a8 = bfsys_wide_to_utf8(args, -1);
            bf_fail(err, "%s; adding %s back as it was failed too (%s): the address is gone, run netsh %s", first,
                    address, again.msg, a8 ? a8 : "");
            free(a8);
        }
        if (err)
            err->code = ERROR_GEN_FAILURE;
        return ERROR_GEN_FAILURE;
    }
    /* read back: the address is there again, on the same interface, with the flag written */
    if ((rc = current_row(f, &row, &now, "cannot read back the address row of", address, err)) != ERROR_SUCCESS)
        return rc;
    if ((now.SkipAsSource != FALSE) != skip || now.OnLinkPrefixLength != row.OnLinkPrefixLength) {
        bf_fail(err, "%s reads SkipAsSource %s, prefix length %u after netsh added it again (%s, /%u written): not verified",
                address, now.SkipAsSource ? "on" : "off", (unsigned)now.OnLinkPrefixLength, skip ? "on" : "off",
                (unsigned)row.OnLinkPrefixLength);
        if (err)
            err->code = ERROR_INVALID_DATA;
        return ERROR_INVALID_DATA;
    }
    return ERROR_SUCCESS;
}
