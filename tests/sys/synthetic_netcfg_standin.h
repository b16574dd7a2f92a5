/* synthetic_netcfg_standin.h - a stand-in INetCfg with synthetic answers (synthetic_netcfg_standin.c),
 * shared by the system layer's synthetic tests (synthetic_netcfg.c) and the windows-rules group
 * (tests/rules/rule_netcfg.c). Written by hand after netcfgx.h and Microsoft Learn's INetCfg,
 * INetCfgLock, INetCfgComponentBindings and INetCfgBindingPath pages; not recorded from a machine.
 *
 * The machine is a Windows Server 2003 with RRAS: ms_tcpip's paths below it lead to the WAN miniport
 * (NdisWanIp) first, then to two adapters, one of them through two paths ("wan,lanA1,lanA2,lanB").
 * Every object counts its references and has a name ("INetCfgBindingPath lanA1"). The stand-in's
 * COM (synth_netcfg_api: com_init / com_uninit) ends the apartment as CoUninitialize does: from then on
 * every object is dead, and any call on it - Release included - is a violation recorded with the
 * object's name; an object still referenced when COM ends is a violation too (a leak that would keep
 * the write lock on Windows). */
#ifndef BF_SYNTHETIC_NETCFG_STANDIN_H
#define BF_SYNTHETIC_NETCFG_STANDIN_H

#include "sys.h"

typedef struct synth_netcfg_knobs {
    const WCHAR *held_by;       /* another program holds the write lock (AcquireWriteLock S_FALSE) */
    bool tcpip_missing;         /* FindComponent(ms_tcpip) S_FALSE */
    bool wow64;                 /* is_wow64 answers true: the 32-bit build on 64-bit Windows */
    HRESULT lock_result;        /* AcquireWriteLock's answer when not held (S_OK) */
    HRESULT apply_result;       /* S_OK, NETCFG_S_REBOOT, a failure */
    HRESULT move_after_result;
} synth_netcfg_knobs;

/* A fresh machine; the returned knobs may be changed before the call under test. */
synth_netcfg_knobs *synth_netcfg_reset(void);
extern const bfsys_netcfg_api synth_netcfg_api;

const char *synth_netcfg_log(void);         /* "lock;init;before lanA1 NULL;...;apply;uninit;unlock;" */
const char *synth_netcfg_committed(void);   /* the committed order: "wan,lanA1,lanA2,lanB" */
const char *synth_netcfg_violations(void);  /* "" when every object was used only while COM lived */
bool synth_netcfg_locked(void);
bool synth_netcfg_initialized(void);
int synth_netcfg_com_depth(void);           /* com_init calls not yet matched by com_uninit */

#endif
