/* synthetic_netcfg.c - netcfg.c (TCP/IP's binding order through INetCfg) against synthetic answers
 * given by the stand-in INetCfg of synthetic_netcfg_standin.c (written by hand after netcfgx.h and
 * Microsoft Learn's INetCfg pages; not recorded from a machine): Wine's INetCfg is created but finds no
 * component, so these are the only tests of the reading, the moves and the apply. The answers are
 * shaped as a Windows Server 2003 with RRAS would give them: ms_tcpip's paths below it lead to the WAN
 * miniport (bind name NdisWanIp) first, then to two adapters ({GUID}), one of them through two paths -
 * the same devices, in the same order, as that machine's Tcpip\Linkage\Bind. Every test name starts
 * with "synthetic_". Bind names come back in CoTaskMemAlloc'd memory, as documented (netcfg.c frees
 * them with CoTaskMemFree), so they are not in guarded allocations. Every test also checks that no
 * object was used or released after CoUninitialize and none was left referenced. */
#define COBJMACROS
#include "sys.h"

#include <netcfgx.h>
#include <stdio.h>
#include <string.h>

#include "machine.h"
#include "synthetic.h"
#include "synthetic_netcfg_standin.h"

#define LAN_A L"{3B8E61D2-04F7-4C9A-B25E-9D17C6A0E483}"
#define LAN_B L"{A7C02F59-6E1B-4D38-8F04-52B9E6D1C7A0}"

static void multi_sz(bf_regval *v, unsigned char *buf, const WCHAR *const *names, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        for (const WCHAR *w = names[i]; *w; w++) {
            buf[len++] = (unsigned char)(*w & 0xff);
            buf[len++] = (unsigned char)(*w >> 8);
        }
        buf[len++] = 0;
        buf[len++] = 0;
    }
    buf[len++] = 0;
    buf[len++] = 0;
    v->exists = true;
    v->type = REG_MULTI_SZ;
    v->data = buf;
    v->len = len;
}

/* every check also requires a clean COM lifetime: no object used after CoUninitialize, none leaked */
static void check_(int at, const char *name, bool ok, int *passed, int *failed)
{
    const char *v = synth_netcfg_violations();
    if (v[0])
        printf("  COM lifetime: %s\n", v);
    synth_report_(__FILE__, at, name, ok && !v[0] && synth_netcfg_com_depth() == 0, v[0] ? v : NULL, passed, failed);
}
#define check(...) check_(__LINE__, __VA_ARGS__)

void synthetic_netcfg_tests(int *passed, int *failed)
{
    bf_err err;
    bf_regval got, want;
    unsigned char buf[512], exp[512];
    DWORD rc;
    bool restart = false;
    synth_netcfg_knobs *knobs;

    /* reading: each device once, in path order, no lock taken, the session closed */
    knobs = synth_netcfg_reset();
    memset(&err, 0, sizeof err);
    rc = bfsys_bindorder_read(&synth_netcfg_api, &got, &err);
    {
        const WCHAR *names[3] = {L"\\Device\\NdisWanIp", L"\\Device\\" LAN_A, L"\\Device\\" LAN_B};
        multi_sz(&want, exp, names, 3);
    }
    bool ok = rc == ERROR_SUCCESS && got.exists && got.type == REG_MULTI_SZ && got.len == want.len &&
              memcmp(got.data, want.data, want.len) == 0 && strcmp(synth_netcfg_log(), "init;uninit;") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, synth_netcfg_log());
    check("synthetic_inetcfg_2003_reads_wan_first_each_device_once", ok, passed, failed);
    bf_regval_free(&got);

    /* writing: the LAN adapter's two paths first (kept in their order), then the WAN, then the rest */
    knobs = synth_netcfg_reset();
    {
        const WCHAR *names[2] = {L"\\Device\\" LAN_A, L"\\Device\\NdisWanIp"};
        multi_sz(&want, buf, names, 2);
    }
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = rc == ERROR_SUCCESS && strcmp(synth_netcfg_committed(), "lanA1,lanA2,wan,lanB") == 0 &&
         strcmp(synth_netcfg_log(), "lock;init;before lanA1 NULL;after lanA2 lanA1;after wan lanA2;after lanB wan;apply;"
                              "uninit;unlock;") == 0 &&
         !synth_netcfg_locked() && !synth_netcfg_initialized();
    if (!ok)
        printf("  rc %lu, %s, order %s, log %s\n", (unsigned long)rc, err.msg, synth_netcfg_committed(), synth_netcfg_log());
    check("synthetic_inetcfg_2003_moves_the_lan_paths_first_and_applies", ok, passed, failed);
    /* and reading it back gives the new order (what undo's verification and the next scan see) */
    rc = bfsys_bindorder_read(&synth_netcfg_api, &got, &err);
    {
        const WCHAR *names[3] = {L"\\Device\\" LAN_A, L"\\Device\\NdisWanIp", L"\\Device\\" LAN_B};
        multi_sz(&want, exp, names, 3);
    }
    check("synthetic_inetcfg_2003_reads_back_the_order_written",
          rc == ERROR_SUCCESS && got.len == want.len && memcmp(got.data, want.data, want.len) == 0, passed, failed);
    bf_regval_free(&got);

    /* the write lock held by another program: named, nothing moved, nothing initialised */
    knobs = synth_netcfg_reset();
    knobs->held_by = L"Network Connections";
    {
        const WCHAR *names[1] = {L"\\Device\\" LAN_B};
        multi_sz(&want, buf, names, 1);
    }
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = rc == ERROR_BUSY && strstr(err.msg, "Network Connections") && strcmp(synth_netcfg_log(), "lock;") == 0 &&
         strcmp(synth_netcfg_committed(), "wan,lanA1,lanA2,lanB") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, synth_netcfg_log());
    check("synthetic_inetcfg_lock_held_by_network_connections_is_named_and_nothing_moves", ok, passed, failed);

    /* a device no path leads to: refused before any move, the lock released */
    knobs = synth_netcfg_reset();
    {
        const WCHAR *names[1] = {L"\\Device\\{00000000-0000-0000-0000-0000000000C0}"};
        multi_sz(&want, buf, names, 1);
    }
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = rc == ERROR_NOT_FOUND && strstr(err.msg, "{00000000-0000-0000-0000-0000000000C0}") &&
         strcmp(synth_netcfg_log(), "lock;init;uninit;unlock;") == 0 && strcmp(synth_netcfg_committed(), "wan,lanA1,lanA2,lanB") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, synth_netcfg_log());
    check("synthetic_inetcfg_unknown_device_refused_before_any_move", ok, passed, failed);

    /* a move that fails: cancelled, never applied; Apply that fails: cancelled, the order unchanged */
    knobs = synth_netcfg_reset();
    knobs->move_after_result = E_ACCESSDENIED;
    {
        const WCHAR *names[1] = {L"\\Device\\" LAN_B};
        multi_sz(&want, buf, names, 1);
    }
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = rc != ERROR_SUCCESS && strstr(err.msg, "0x80070005") && strstr(synth_netcfg_log(), "cancel;") &&
         !strstr(synth_netcfg_log(), "apply;") && strcmp(synth_netcfg_committed(), "wan,lanA1,lanA2,lanB") == 0;
    knobs = synth_netcfg_reset();
    knobs->apply_result = E_ACCESSDENIED;
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = ok && rc != ERROR_SUCCESS && strstr(err.msg, "Apply") && strstr(synth_netcfg_log(), "apply;cancel;uninit;unlock;") &&
         strcmp(synth_netcfg_committed(), "wan,lanA1,lanA2,lanB") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, synth_netcfg_log());
    check("synthetic_inetcfg_failed_move_or_apply_is_cancelled_and_changes_nothing", ok, passed, failed);

    /* NETCFG_S_REBOOT from Apply is success: applied, complete after a restart */
    knobs = synth_netcfg_reset();
    knobs->apply_result = NETCFG_S_REBOOT;
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    check("synthetic_inetcfg_apply_asking_for_a_restart_counts_as_applied_and_says_so",
          rc == ERROR_SUCCESS && restart && strcmp(synth_netcfg_committed(), "lanB,wan,lanA1,lanA2") == 0, passed, failed);

    /* a plain S_OK from Apply: no restart to announce */
    knobs = synth_netcfg_reset();
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    check("synthetic_inetcfg_apply_s_ok_needs_no_restart", rc == ERROR_SUCCESS && !restart, passed, failed);

    /* NETCFG_E_NEED_REBOOT (an earlier change waits for a restart): its own message, not access denied */
    knobs = synth_netcfg_reset();
    knobs->apply_result = NETCFG_E_NEED_REBOOT;
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = rc == ERROR_FAIL_NOACTION_REBOOT && err.code == ERROR_FAIL_NOACTION_REBOOT && strstr(err.msg, "waiting for a restart") &&
         !strstr(err.msg, "denied") && strcmp(synth_netcfg_committed(), "wan,lanA1,lanA2,lanB") == 0;
    knobs = synth_netcfg_reset();
    knobs->lock_result = NETCFG_E_NEED_REBOOT;
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = ok && rc == ERROR_FAIL_NOACTION_REBOOT && strstr(err.msg, "waiting for a restart") && !strstr(err.msg, "denied");
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, synth_netcfg_log());
    check("synthetic_inetcfg_need_reboot_is_its_own_message", ok, passed, failed);

    /* WOW64: the 32-bit build refuses, naming the x64 build, before COM is even started */
    knobs = synth_netcfg_reset();
    knobs->wow64 = true;
    rc = bfsys_bindorder_write(&synth_netcfg_api, &want, &restart, &err);
    ok = rc == ERROR_EXE_MACHINE_TYPE_MISMATCH && err.code != BF_MACHINE_UNAVAILABLE && strstr(err.msg, "x64") &&
         strcmp(synth_netcfg_log(), "") == 0;
    rc = bfsys_bindorder_read(&synth_netcfg_api, &got, &err);
    ok = ok && rc == ERROR_EXE_MACHINE_TYPE_MISMATCH && strstr(err.msg, "WOW64");
    bf_regval_free(&got);
    check("synthetic_inetcfg_wow64_refused_and_points_to_x64", ok, passed, failed);

    /* TCP/IP not installed (FindComponent S_FALSE): unavailable, so the plan falls back to Linkage\Bind */
    knobs = synth_netcfg_reset();
    knobs->tcpip_missing = true;
    rc = bfsys_bindorder_read(&synth_netcfg_api, &got, &err);
    check("synthetic_inetcfg_without_tcpip_is_unavailable",
          rc == ERROR_NOT_SUPPORTED && err.code == BF_MACHINE_UNAVAILABLE && strstr(err.msg, "FindComponent(ms_tcpip)") &&
              strcmp(synth_netcfg_log(), "init;uninit;") == 0,
          passed, failed);
    bf_regval_free(&got);
}
