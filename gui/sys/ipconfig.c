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

DWORD bfsys_skip_write(const bfsys_iphlp *f, const char *address, bool skip, bf_err *err)
{
    MIB_UNICASTIPADDRESS_ROW row, now;
    DWORD rc = unicast_row(f, address, &row, err);
    if (rc != ERROR_SUCCESS)
        return rc;
    /* the row as it is this moment, by its address and interface LUID (GetUnicastIpAddressEntry: "the
     * Address member ... and the InterfaceLuid or InterfaceIndex member must be initialized"), so that the
     * whole row written back is current, not the table's copy */
    memset(&now, 0, sizeof now);
    now.Address = row.Address;
    now.InterfaceLuid = row.InterfaceLuid;
    if ((rc = f->get_unicast_entry(&now)) != NO_ERROR)
        return bfsys_fail_named(err, rc, "cannot read the address row of", address);
    row = now;
    row.SkipAsSource = skip ? TRUE : FALSE;
    if ((rc = f->set_unicast_entry(&row)) != NO_ERROR)
        return bfsys_fail_named(err, rc, "cannot set SkipAsSource on", address);
    /* read back: the flag must be what was written */
    memset(&now, 0, sizeof now);
    now.Address = row.Address;
    now.InterfaceLuid = row.InterfaceLuid;
    if ((rc = f->get_unicast_entry(&now)) != NO_ERROR)
        return bfsys_fail_named(err, rc, "cannot read back the address row of", address);
    if ((now.SkipAsSource != FALSE) != skip) {
        bf_fail(err, "SkipAsSource on %s reads %s after SetUnicastIpAddressEntry reported success: not verified", address,
                now.SkipAsSource ? "on" : "off");
        if (err)
            err->code = ERROR_INVALID_DATA;
        return ERROR_INVALID_DATA;
    }
    return ERROR_SUCCESS;
}
