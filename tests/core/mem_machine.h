/* mem_machine.h - an in-memory machine for the repair engine's tests: registry values, files, services
 * with dependencies-free states, metrics, a log of every call, and fault injection: `fail_call` makes the
 * Nth changing call fail; `fail_op` the Nth operation of any kind (reads too: a second fault, a failing
 * read); `die_after` makes every call after the Nth changing call fail (power loss: nothing more reaches
 * the disk), until `die_after` is reset and mem_power_cut says what the disk kept (the restart).
 *
 * Durability as the Win32 layer provides it (core/machine.h): a registry value or file written with
 * durable = false is only in memory until a durable write of the same item; mem_power_cut then loses
 * it - a registry value reverts to its last durable value, a replaced file comes back old, empty or new
 * as asked. Services, metrics, SkipAsSource and the INetCfg order are durable at once. */
#ifndef BF_MEM_MACHINE_H
#define BF_MEM_MACHINE_H

#include "machine.h"
#include "strbuf.h"

typedef struct mem_item {
    char *name;             /* registry "key\\value", file path, service name, adapter GUID */
    bf_regval v;            /* registry / file content (file: type 0) */
    bf_svc_state state;     /* services */
    int metric;
    bool driver;            /* services: a kernel or file-system driver (mem_set_driver) */
    bf_regval disk;         /* registry / file: what a power loss keeps (the last durable write) */
    bool unflushed;         /* v was written without durable: a power loss may lose it */
    char *depends_on;       /* services: the services it depends on, comma-separated as given (any case) */
    bf_start_type start;    /* services: the start type (mem_set_delayed; 0 until then: read as not automatic) */
    bool delayed;           /* services: Delayed Automatic Start (SERVICE_DELAYED_AUTO_START_INFO) */
} mem_item;

typedef struct mem_machine {
    bf_machine m;
    mem_item *regs, *files, *svcs, *metrics;
    size_t nregs, nfiles, nsvcs, nmetrics;
    bool admin;
    int changing_calls;     /* counted: reg_write, file_replace, service_stop/start, metric_set */
    int fail_call;          /* 1-based; 0: none */
    int die_after;          /* 0: alive; N: calls after the Nth changing call fail */
    const char *fail_path;  /* file_replace of this path fails (a locked file) */
    bool netcfg;            /* the machine has INetCfg (mem_set_netcfg); otherwise bindorder_get is unavailable */
    bool netcfg_restart;    /* INetCfg's Apply answers NETCFG_S_REBOOT: applied, in effect after a restart */
    const char *hung;       /* a service that never stops when asked (its wait runs out: BF_MACHINE_TIMEOUT)
                             * until its process is ended (service_end_process) */
    bool scm_restarts;      /* the SCM restarts a service whose process was ended (its failure actions, delay
                             * 0): service_end_process leaves it running in a new process, logged "scm-restart" */
    bf_buf log;             /* one line per changing call: "reg-write KEY\\VALUE", "file PATH", ... */
    int ops;                /* every operation counted, reads and changes (not can_change) */
    int fail_op;            /* 1-based: the operation with this number fails (a read too); 0: none */
    int fault_op;           /* the number of the operation that fail_call or fail_op made fail; 0: none yet */
    bool fault_read;        /* that operation was a read */
    const char *hosts;      /* the hosts file DataBasePath names (hosts_path); NULL: cannot say */
    bool port_exclusions;   /* the machine has excluded port ranges (mem_set_port_exclusions) */
    int readd_fault;        /* skip_readd: 1 the add after the delete fails and the address is added back with
                             * its old flag; 2 the add back fails too (the address is gone); 3 the add reports
                             * success with the old flag (the read back must catch it) */
    bool no_delayed;        /* a system before Vista: the Delayed Automatic Start info level does not exist
                             * (service_delayed_get/set fail with BF_MACHINE_UNAVAILABLE) */
    bool delayed_ignored;   /* service_delayed_set reports success and changes nothing (the read back must
                             * catch it) */
    bool forget_flush;      /* a layer that ignores durable (no FlushFileBuffers, no RegFlushKey): the
                             * power-loss sweeps must catch it */
} mem_machine;

void mem_init(mem_machine *mm);
void mem_free(mem_machine *mm);
void mem_set_reg(mem_machine *mm, const char *key, const char *value, unsigned type, const void *data, size_t len);
void mem_set_file(mem_machine *mm, const char *path, const char *data, size_t len);
void mem_set_service(mem_machine *mm, const char *name, bf_svc_state st);
/* A driver (SERVICE_KERNEL_DRIVER), stopped: the journal limits refuse any step naming it. */
void mem_set_driver(mem_machine *mm, const char *name);
/* name depends on the services listed (comma-separated). From then on the machine keeps the SCM's rule
 * ("ControlService", SERVICE_CONTROL_STOP): a stop is refused with ERROR_DEPENDENT_SERVICES_RUNNING
 * (err->code BF_MACHINE_DEPENDENTS_RUNNING) while any active dependent exists - running, paused or
 * pending - with names compared without regard to case; and service_dependents lists the active
 * dependents in stop order, as EnumDependentServicesW(SERVICE_ACTIVE) does. Service names are found
 * without regard to case too. */
void mem_set_dependency(mem_machine *mm, const char *name, const char *depends_on);
/* A service's start type and Delayed Automatic Start flag (created, running, when it did not exist). */
void mem_set_delayed(mem_machine *mm, const char *name, bf_start_type start, bool delayed);
/* An address the machine holds, with its SkipAsSource flag. */
void mem_set_skip(mem_machine *mm, const char *address, bool skip);
/* The binding order INetCfg gives for ms_tcpip (REG_MULTI_SZ bytes), kept as the registry item
 * MEM_NETCFG_KEY\\MEM_NETCFG_VALUE so that mem_dump compares it too; makes the machine have INetCfg. */
#define MEM_NETCFG_KEY "INetCfg:ms_tcpip"
#define MEM_NETCFG_VALUE "binding paths"
void mem_set_netcfg(mem_machine *mm, const void *multi_sz, size_t len);
/* The administered excluded port ranges of one family and transport ("ipv4 tcp"), in core/portranges.h's
 * list form, kept as the registry item MEM_PORTS_KEY\\target so that mem_dump compares them; makes the
 * machine have excluded port ranges (otherwise port_exclusions_get is unavailable, as on Server 2003).
 * The machine keeps netsh's rules: an add that overlaps an administered range fails, a delete names a range
 * that exists exactly, and either fails while WinNAT is active (Microsoft: stop winnat first). */
#define MEM_PORTS_KEY "netsh:excludedportrange"
void mem_set_port_exclusions(mem_machine *mm, const char *target, const char *list);
/* A REG_MULTI_SZ of two ASCII strings (UTF-16LE, each NUL-terminated, the list ending with an empty
 * string) into out, which holds at least 2 * (strlen(a) + strlen(b)) + 6 bytes. */
void mem_multi_sz(unsigned char *out, size_t *len, const char *a, const char *b);

/* The KB Q214864 machine the repair tests start from: NdisWan first in Linkage\Bind (and in INetCfg's
 * binding paths when netcfg, as on Windows 2000 / 2003, where INetCfg gives the same order as the value
 * it rebuilds), the stale hosts line 3, Exchange 5.5's five services running. */
#define MEM_KB_LINKAGE "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage"
#define MEM_KB_LAN "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define MEM_KB_DUN "{8A1D3C52-6B0E-4C1B-9A77-2F5E1D0C9B41}"
#define MEM_KB_HOSTS "C:\\WINNT\\system32\\drivers\\etc\\hosts"
#define MEM_KB_HOSTS_TEXT "# hosts\r\n127.0.0.1 localhost\r\n198.51.100.7 EXCHSRV01 # stale\r\n192.0.2.10 mail\r\n"
void mem_kb_machine(mem_machine *mm, bool netcfg);
/* What an unflushed file replace leaves after a power loss (all three happen on NTFS). */
typedef enum mem_loss { MEM_LOSS_OLD = 0, MEM_LOSS_EMPTY, MEM_LOSS_NEW } mem_loss;
/* The restart after a power loss: every write that was not durable is lost as described above (files
 * as `files` says). Returns how many items it changed. */
int mem_power_cut(mem_machine *mm, mem_loss files);
/* The file, NULL when absent. */
const mem_item *mem_find_file(const mem_machine *mm, const char *path);
const mem_item *mem_find_reg(const mem_machine *mm, const char *key, const char *value);
/* A text dump of everything (registry bytes in hex, files, service states, metrics) minus files whose
 * path contains `except`: two dumps compare machines byte for byte. Caller frees. */
char *mem_dump(const mem_machine *mm, const char *except);

#endif
