/*
 * machine.h - what the repair engine may change on a machine, as a table of function pointers: the
 * Win32 implementation is gui/sys/machine.c; tests/core/mem_machine.c is an in-memory machine with a
 * call log and fault injection, so that every step of every repair is tested natively.
 *
 * Paths are UTF-8; registry keys are under HKEY_LOCAL_MACHINE ("SYSTEM\\CurrentControlSet\\...").
 * Every operation returns false and fills err (naming the key, file or service) on failure.
 *
 * Durability: the two writes take `durable`. true: the write is on disk when the call returns (a power
 * loss afterwards keeps it). false: it may be lost at a power loss - a registry value reverts to what
 * was last flushed, a replaced file may come back old, new or empty. The engine asks for durable
 * writes wherever a power loss must not lose them (the journal before a change, every change and every
 * undo before the journal says so); the in-memory machine's power loss (tests/core/mem_machine.c) loses
 * exactly what was not durable, so forgetting it fails the power-loss sweeps. Services, metrics,
 * SkipAsSource and INetCfg's binding order are kept by the system itself: durable when the call returns.
 */
#ifndef BF_MACHINE_H
#define BF_MACHINE_H

#include "base.h"
#include "model.h"
#include "regvalue.h"    /* bf_regval */
#include "strbuf.h"      /* bf_buf */


#define BF_MACHINE_TIMEOUT 258   /* WAIT_TIMEOUT */
#define BF_MACHINE_UNAVAILABLE 50 /* ERROR_NOT_SUPPORTED: the system has no such interface */
/* A service wait that reached BF_SERVICE_WAIT_CAP_MS while the service still made progress (its
 * checkpoint or state kept moving): the control may still take effect; its process is never offered to
 * be ended (only a service whose checkpoint stopped moving is: BF_MACHINE_TIMEOUT). */
#define BF_MACHINE_STILL_GOING 1460  /* ERROR_TIMEOUT */
/* ControlService refused a stop because an active (running, paused or pending) service depends on it. */
#define BF_MACHINE_DEPENDENTS_RUNNING 1051  /* ERROR_DEPENDENT_SERVICES_RUNNING */
/* The longest a service wait lasts while the service keeps making progress: 10 minutes. Exchange's
 * Information Store and Transport advance their checkpoints through shutdowns of several minutes on
 * large databases; a wait that follows progress needs a bound all the same (a service that advances its
 * checkpoint forever), and ten minutes is past what those services document for a clean stop. */
#define BF_SERVICE_WAIT_CAP_MS (10 * 60 * 1000)

typedef struct bf_machine {
    void *ctx;
    /* May this process change the machine (an elevated administrator)? */
    bool (*can_change)(void *ctx);
    bool (*reg_read)(void *ctx, const char *key, const char *value, bf_regval *out, bf_err *err);
    /* Writes v (or deletes the value when !v->exists); durable: RegFlushKey before returning. */
    bool (*reg_write)(void *ctx, const char *key, const char *value, const bf_regval *v, bool durable, bf_err *err);
    /* Whole file; *exists = false when absent (not an error). */
    bool (*file_read)(void *ctx, const char *path, bool *exists, char **data, size_t *len, bf_err *err);
    /* Replaces the file completely or not at all: temporary file, rename; an existing file keeps its
     * permissions and attributes (Win32: ReplaceFileW, a read-only file's attribute cleared and set
     * back). durable: the temporary file is flushed (FlushFileBuffers) before the rename and the file
     * after it, so the new contents are on disk when the call returns and a power loss at any moment
     * leaves old or new, never empty. The journal is written with this too (durable), so "flushed before
     * the change" holds. */
    bool (*file_replace)(void *ctx, const char *path, const char *data, size_t len, bool durable, bf_err *err);
    bool (*service_state)(void *ctx, const char *name, bf_svc_state *state, bf_err *err);
    /* Stops / starts and waits while the service makes progress (SERVICE_STATUS: dwCheckPoint or its state
     * moving): timeout_ms (and at least its dwWaitHint) counts from its last progress, the whole wait is
     * capped at BF_SERVICE_WAIT_CAP_MS. A stop that meets a service still starting lets it settle first,
     * then stops it. When the service stops making progress err->code is BF_MACHINE_TIMEOUT, when the cap
     * passes while it still does BF_MACHINE_STILL_GOING: either way the stop or start was asked for and
     * may still happen. A stop refused because of active dependents: BF_MACHINE_DEPENDENTS_RUNNING. */
    bool (*service_stop)(void *ctx, const char *name, int timeout_ms, bf_err *err);
    bool (*service_start)(void *ctx, const char *name, int timeout_ms, bf_err *err);
    /* Optional: ends the process of a service that did not stop in time (only when the administrator
     * chose to: bf_fix_opts.end_process), then waits up to timeout_ms for the SCM to report it stopped.
     * Where its first failure action is a restart, it then waits on the service's state for the SCM's
     * restart, that action's delay plus timeout_ms (core/scm_failure.h); outcome (size bytes) says what
     * happened: restarted by the SCM, or bindfix starts it (no restart configured, or the wait ran out).
     * Refuses a process that hosts other running services (ending it would stop them too). */
    bool (*service_end_process)(void *ctx, const char *name, int timeout_ms, char *outcome, size_t size, bf_err *err);
    /* Optional (NULL: the engine stops/starts one at a time): stops or starts n services at once with the
     * same rules and waits for all of them; ok[i] tells each one's outcome, code[i] its err->code as a
     * single stop or start would give it (0 when ok; BF_MACHINE_TIMEOUT, BF_MACHINE_STILL_GOING: the wait
     * ended, the change may still happen); err describes the first failure. */
    bool (*services_control)(void *ctx, const char *const *names, size_t n, bool start, int timeout_ms, bool *ok,
                             int *code, bf_err *err);
    /* Optional: what the Service Control Manager does when the service's process is ended (its failure
     * actions: restart after N ms, run a program, restart the computer, nothing), as a sentence for the
     * question put to the administrator; false when it cannot be read. */
    bool (*service_end_note)(void *ctx, const char *name, char *text, size_t size);
    /* Optional: the active services (running, paused or pending) that depend on name, directly or not, in
     * the order in which to stop them (EnumDependentServicesW, SERVICE_ACTIVE); *out and each name are
     * malloc'd (the caller frees them). */
    bool (*service_dependents)(void *ctx, const char *name, char ***out, size_t *count, bf_err *err);
    /* Interface metric of an adapter (IPv4), where the system has it. */
    bool (*metric_get)(void *ctx, const char *adapter_guid, int *metric, bf_err *err);
    bool (*metric_set)(void *ctx, const char *adapter_guid, int metric, bf_err *err);
    /* The SkipAsSource flag of a unicast address (IPv4 dotted or IPv6 text), where the system has it
     * (Vista and later: the address is then not used as a source and not registered in DNS). */
    bool (*skip_get)(void *ctx, const char *address, bool *skip, bf_err *err);
    bool (*skip_set)(void *ctx, const char *address, bool skip, bf_err *err);
    /* Optional: the flag of a static (manually configured) address set so that it lasts. IP Helper's
     * SetUnicastIpAddressEntry changes the address as it is now, and an address IP Helper adds "is not
     * persistent" (CreateUnicastIpAddressEntry, Remarks); the flag is given to an address when it is
     * added (netsh interface ipv4|ipv6 add address ... store=persistent skipassource=true|false), so the
     * address is deleted and added again with the same prefix length on the same interface. Connections
     * using the address are cut while it is away. After it the flag reads as written through skip_get
     * (the persistent add makes the active address too). Refuses (BF_MACHINE_UNAVAILABLE) an address that
     * is not static: a leased one would be renewed with the flag off. When the add fails, the address is
     * added again with its old flag before returning false; err then also says whether that worked. */
    bool (*skip_readd)(void *ctx, const char *address, bool skip, bf_err *err);
    /* TCP/IP's binding order through the network configuration API (INetCfg, Windows 2000 and later):
     * the devices below ms_tcpip as a REG_MULTI_SZ of "\Device\<bind name>", each once, in binding-path
     * order - the same form as Tcpip\Linkage\Bind, which Windows rebuilds from these paths. Where the
     * system has no such API (NT 4.0; Wine, whose INetCfg finds no component) the call fails with
     * err->code BF_MACHINE_UNAVAILABLE and the plan edits Linkage\Bind directly. set moves the paths
     * of each device into the given order (devices not named keep their places after them) and applies;
     * *restart (never NULL) says Windows answered "applied, takes effect after a restart"
     * (NETCFG_S_REBOOT): the change is made and kept, but not yet in use. */
    bool (*bindorder_get)(void *ctx, bf_regval *out, bf_err *err);
    bool (*bindorder_set)(void *ctx, const bf_regval *order, bool *restart, bf_err *err);
    /* Optional (issue 15, the port-exclusion step): the administered excluded port ranges of one family (4 or
     * 6) and transport ("tcp" or "udp") - the rows netsh marks "*" - in the list form of core/portranges.h,
     * as an existing value of type 0; and one range added or deleted (netsh int ipvN add|delete
     * excludedportrange protocol=T startport=S numberofports=C). A system without excluded ranges
     * (Server 2003; Wine's netsh) fails with err->code BF_MACHINE_UNAVAILABLE. An add that overlaps a
     * range the system holds fails: WinNAT must be stopped around it, which the engine does. */
    bool (*port_exclusions_get)(void *ctx, int family, const char *transport, bf_regval *out, bf_err *err);
    bool (*port_exclusion_edit)(void *ctx, int family, const char *transport, bool add, int start, int count,
                                bf_err *err);
    /* Optional (issue 16 part 3, the startup race): a service's Delayed Automatic Start flag
     * (QueryServiceConfig2W / ChangeServiceConfig2W, SERVICE_CONFIG_DELAYED_AUTO_START_INFO) and whether
     * its start type is SERVICE_AUTO_START (QueryServiceConfigW), the only start type the flag applies to.
     * The info level is Windows Vista / Server 2008 and later: an older system fails with err->code
     * BF_MACHINE_UNAVAILABLE. set changes the flag only; the SCM keeps it at once (durable when the call
     * returns) and uses it at the next boot. */
    bool (*service_delayed_get)(void *ctx, const char *name, bool *auto_start, bool *delayed, bf_err *err);
    bool (*service_delayed_set)(void *ctx, const char *name, bool delayed, bf_err *err);
    /* Optional: what the preview should say before file_replace writes path (a read-only file whose
     * attribute is cleared and set back, a folder others may write to), English lines appended to out;
     * nothing when there is nothing to say. */
    void (*file_notes)(void *ctx, const char *path, bf_buf *out);
    /* What a journal's limits are checked against (bf_fix_journal_check); NULL: that limit cannot be
     * checked, and a step that needs it is refused. hosts_path: the hosts file Tcpip\Parameters\
     * DataBasePath names now (expanded; malloc'd UTF-8). service_kind: whether the service exists and
     * whether it is a driver (SERVICE_KERNEL_DRIVER or SERVICE_FILE_SYSTEM_DRIVER). */
    bool (*hosts_path)(void *ctx, char **path, bf_err *err);
    bool (*service_kind)(void *ctx, const char *name, bool *exists, bool *driver, bf_err *err);
    /* Records an action in the Application event log under bindfix's source; failures are ignored. */
    void (*audit)(void *ctx, const char *text);
    /* Optional (issue 16 part 1, after a dns-registration-off repair and its undo): asks the DNS client to
     * register this machine's records again now, as `ipconfig /registerdns` does (System32's ipconfig.exe).
     * true: Windows said it started (registration goes on in the background; its errors go to the System
     * log). false with err: it could not be asked - err says what ipconfig answered (its exit code and first
     * line), or err->code BF_MACHINE_UNAVAILABLE when there is no such command. Never undone. */
    bool (*dns_register)(void *ctx, bf_err *err);
} bf_machine;

#endif
