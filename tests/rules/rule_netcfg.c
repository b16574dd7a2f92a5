/* rule_netcfg.c - INetCfg's documented rules, on the synthetic stand-in INetCfg
 * (tests/sys/synthetic_netcfg_standin.c: written by hand after the documentation, not recorded; Wine's
 * INetCfg finds no component, so the real one cannot be driven here). */
#include "synthetic_netcfg_standin.h"    /* sys.h: winsock2.h before windows.h */

#include <netcfgx.h>

#include "regvalue.h"
#include "rules.h"

/* A REG_MULTI_SZ naming one device, in buf (UTF-16LE, as the registry and INetCfg's reader give it). */
static bf_regval one_device(const WCHAR *device, unsigned char *buf)
{
    size_t n = 0;
    for (; *device; device++) {
        buf[n++] = (unsigned char)(*device & 0xff);
        buf[n++] = (unsigned char)(*device >> 8);
    }
    memset(buf + n, 0, 4);
    bf_regval v = {true, REG_MULTI_SZ, buf, n + 4};
    return v;
}

BF_RULE(synthetic_inetcfg_no_com_object_used_after_couninitialize,
        "CoUninitialize: \"Closes the COM library on the current thread, unloads all DLLs loaded by the thread, "
        "frees any other resources that the thread maintains\"; every interface must be released before "
        "(learn.microsoft.com, CoUninitialize function, Remarks; INetCfg::Uninitialize)")
{
    bf_err err;
    bf_regval got;
    bf_err_clear(&err);
    synth_netcfg_reset();
    CHECK(bfsys_bindorder_read(&synth_netcfg_api, &got, &err) == ERROR_SUCCESS);
    bf_regval_free(&got);
    if (synth_netcfg_violations()[0])
        printf("     read: %s\n", synth_netcfg_violations());
    CHECK(synth_netcfg_violations()[0] == 0);
    CHECK(synth_netcfg_com_depth() == 0);

    /* and on the write path, also when it fails half-way (a move refused) */
    unsigned char buf[256];
    bf_regval order = one_device(L"\\Device\\{A7C02F59-6E1B-4D38-8F04-52B9E6D1C7A0}", buf);
    bool restart = false;
    synth_netcfg_knobs *k = synth_netcfg_reset();
    CHECK(bfsys_bindorder_write(&synth_netcfg_api, &order, &restart, &err) == ERROR_SUCCESS);
    CHECK(synth_netcfg_violations()[0] == 0);
    k = synth_netcfg_reset();
    k->move_after_result = E_ACCESSDENIED;
    CHECK(bfsys_bindorder_write(&synth_netcfg_api, &order, &restart, &err) != ERROR_SUCCESS);
    if (synth_netcfg_violations()[0])
        printf("     write: %s\n", synth_netcfg_violations());
    CHECK(synth_netcfg_violations()[0] == 0);
}

BF_RULE(synthetic_inetcfg_apply_netcfg_s_reboot_is_applied_after_restart,
        "INetCfg::Apply: NETCFG_S_REBOOT \"A reboot is required to complete the changes\"; NETCFG_E_NEED_REBOOT "
        "\"A reboot is required before any more changes can be made\" (learn.microsoft.com, INetCfg::Apply, Return "
        "value; netcfgx.h)")
{
    unsigned char buf[256];
    bf_regval order = one_device(L"\\Device\\{A7C02F59-6E1B-4D38-8F04-52B9E6D1C7A0}", buf);
    bf_err err;
    bool restart = false;
    bf_err_clear(&err);
    synth_netcfg_knobs *k = synth_netcfg_reset();
    k->apply_result = NETCFG_S_REBOOT;
    CHECK(bfsys_bindorder_write(&synth_netcfg_api, &order, &restart, &err) == ERROR_SUCCESS);
    CHECK(restart);     /* carried to the caller: verify must say "pending" */
    CHECK(strcmp(synth_netcfg_committed(), "lanB,wan,lanA1,lanA2") == 0);
    k = synth_netcfg_reset();
    k->apply_result = NETCFG_E_NEED_REBOOT;
    CHECK(bfsys_bindorder_write(&synth_netcfg_api, &order, &restart, &err) == ERROR_FAIL_NOACTION_REBOOT);
    CHECK(strstr(err.msg, "waiting for a restart") != NULL);
    CHECK(strstr(err.msg, "denied") == NULL);
}

BF_RULE(synthetic_wow64_32bit_build_refuses_inetcfg_changes,
        "WOW64: 32-bit applications run under WOW64 see a redirected file system (System32 -> SysWOW64; "
        "%windir%\\system32\\drivers\\etc exempt) and registry (HKLM\\SOFTWARE -> WOW6432Node; HKLM\\SYSTEM shared); "
        "IsWow64Process tells a process it runs there (learn.microsoft.com, File System Redirector; Registry "
        "Redirector; Registry Keys Affected by WOW64; IsWow64Process function)")
{
    unsigned char buf[256];
    bf_regval order = one_device(L"\\Device\\{A7C02F59-6E1B-4D38-8F04-52B9E6D1C7A0}", buf);
    bf_err err;
    bool restart = false;
    bf_err_clear(&err);
    synth_netcfg_knobs *k = synth_netcfg_reset();
    k->wow64 = true;
    CHECK(bfsys_bindorder_write(&synth_netcfg_api, &order, &restart, &err) == ERROR_EXE_MACHINE_TYPE_MISMATCH);
    CHECK(strstr(err.msg, "x64") != NULL);
    CHECK(err.code != 50);              /* not "unavailable": the plan must not fall back to Linkage\Bind */
    CHECK(synth_netcfg_log()[0] == 0);  /* nothing asked of INetCfg */
    /* this process (the 64-bit build under Wine) is not under WOW64 */
    CHECK(!bfsys_is_wow64());
}
