/* mem_machine.h - an in-memory machine for the repair engine's tests: registry values, files, services
 * with dependencies-free states, metrics, a log of every call, and fault injection: `fail_call` makes the
 * Nth changing call fail; `die_after` makes every call after the Nth fail (power loss: nothing more
 * reaches the disk), until `die_after` is reset (the restart). */
#ifndef BF_MEM_MACHINE_H
#define BF_MEM_MACHINE_H

#include "machine.h"
#include "strbuf.h"

typedef struct mem_item {
    char *name;             /* registry "key\\value", file path, service name, adapter GUID */
    bf_regval v;            /* registry / file content (file: type 0) */
    bf_svc_state state;     /* services */
    int metric;
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
    const char *hung;       /* a service that never stops when asked (its wait runs out: BF_MACHINE_TIMEOUT)
                             * until its process is ended (service_end_process) */
    bf_buf log;             /* one line per changing call: "reg-write KEY\\VALUE", "file PATH", ... */
} mem_machine;

void mem_init(mem_machine *mm);
void mem_free(mem_machine *mm);
void mem_set_reg(mem_machine *mm, const char *key, const char *value, unsigned type, const void *data, size_t len);
void mem_set_file(mem_machine *mm, const char *path, const char *data, size_t len);
void mem_set_service(mem_machine *mm, const char *name, bf_svc_state st);
/* An address the machine holds, with its SkipAsSource flag. */
void mem_set_skip(mem_machine *mm, const char *address, bool skip);
/* The binding order INetCfg gives for ms_tcpip (REG_MULTI_SZ bytes), kept as the registry item
 * MEM_NETCFG_KEY\\MEM_NETCFG_VALUE so that mem_dump compares it too; makes the machine have INetCfg. */
#define MEM_NETCFG_KEY "INetCfg:ms_tcpip"
#define MEM_NETCFG_VALUE "binding paths"
void mem_set_netcfg(mem_machine *mm, const void *multi_sz, size_t len);
const mem_item *mem_find_file(const mem_machine *mm, const char *path);
const mem_item *mem_find_reg(const mem_machine *mm, const char *key, const char *value);
/* A text dump of everything (registry bytes in hex, files, service states, metrics) minus files whose
 * path contains `except`: two dumps compare machines byte for byte. Caller frees. */
char *mem_dump(const mem_machine *mm, const char *except);

#endif
