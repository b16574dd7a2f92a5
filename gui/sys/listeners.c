/* listeners.c - who listens where: GetExtendedTcpTable (listeners) and GetExtendedUdpTable with owner
 * PIDs, mapped to the process image and to the services behind it: those hosted in that PID, else those
 * of its parent process (a worker a service started), http.sys for PID 4. Wine reports PID 0 for every
 * row: stored as collected. */
#include "collect_priv.h"

#include <iphlpapi.h>
#include <tlhelp32.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

/* The processes of the machine (pid, parent pid), to map a worker process to the service that started it. */
static void load_processes(bfsys_proc_entry **out, size_t *count)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    PROCESSENTRY32W pe;
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    if (snap == INVALID_HANDLE_VALUE)
        return;
    pe.dwSize = sizeof pe;
    for (BOOL more = Process32FirstW(snap, &pe); more; more = Process32NextW(snap, &pe)) {
        if (*count == cap) {
            size_t ncap = cap ? cap * 2 : 256;
            bfsys_proc_entry *grown = realloc(*out, ncap * sizeof *grown);
            if (!grown)
                break;
            *out = grown;
            cap = ncap;
        }
        (*out)[*count].pid = pe.th32ProcessID;
        (*out)[*count].parent = pe.th32ParentProcessID;
        (*count)++;
    }
    CloseHandle(snap);
}

/* Adds to l every service of svcs hosted in pid; how many. */
static size_t add_hosted(bf_snapshot *s, bf_listener *l, DWORD pid, const bfsys_svc_list *svcs)
{
    size_t i, n = 0;
    for (i = 0; pid && i < svcs->count; i++)
        if (svcs->items[i].status.dwProcessId == pid) {
            char *name = bfsys_wide_to_utf8(svcs->items[i].name, -1);
            if (name && bf_str_list_add(s, &l->services, &l->service_count, &l->service_cap, name))
                n++;
            free(name);
        }
    return n;
}

void bfsys_listener_services(bf_snapshot *s, bf_listener *l, DWORD pid, const bfsys_svc_list *svcs,
                             const bfsys_proc_entry *procs, size_t nprocs)
{
    size_t i;
    if (pid == 4) {
        /* the System process: a kernel-mode listener, http.sys (the HTTP Server API) for HTTP ports -
         * shared by IIS, WinRM, Exchange's web services through URL reservations */
        if (!l->process[0])
            l->process = "System";
        bf_str_list_add(s, &l->services, &l->service_count, &l->service_cap, "HTTP");
        return;
    }
    /* every service the process hosts (a svchost group, inetinfo.exe with IISADMIN, SMTPSVC, POP3Svc) */
    if (add_hosted(s, l, pid, svcs))
        return;
    /* none: a worker a service started (EdgeTransport.exe under MSExchangeTransport): its parent's */
    for (i = 0; pid && i < nprocs; i++)
        if (procs[i].pid == pid) {
            if (procs[i].parent && procs[i].parent != pid)
                add_hosted(s, l, procs[i].parent, svcs);
            return;
        }
}

static void fill_owner(bf_snapshot *s, bf_listener *l, DWORD pid, const bfsys_svc_list *svcs,
                       const bfsys_proc_entry *procs, size_t nprocs)
{
    l->pid = (int)pid;
    if (pid == 0)
        return;  /* System Idle on Windows; "not known" on Wine */
    {
        WCHAR path[MAX_PATH];
        DWORD rc = bfsys_process_image(pid, path, MAX_PATH);
        if (rc == ERROR_SUCCESS) {
            const WCHAR *base = wcsrchr(path, L'\\');
            l->process = bfsys_wide_to_arena(s->arena, base ? base + 1 : path, -1);
        } else if (pid == 4) {
            l->process = "System";
        }
    }
    bfsys_listener_services(s, l, pid, svcs, procs, nprocs);
}

static void *get_table(bool tcp, int family, DWORD *rc)
{
    DWORD size = 0;
    void *buf = NULL;
    int tries;
    *rc = ERROR_INSUFFICIENT_BUFFER;
    for (tries = 0; tries < 4 && *rc == ERROR_INSUFFICIENT_BUFFER; tries++) {
        free(buf);
        buf = size ? malloc(size) : NULL;
        if (size && !buf) {
            *rc = ERROR_NOT_ENOUGH_MEMORY;
            return NULL;
        }
        *rc = tcp ? GetExtendedTcpTable(buf, &size, TRUE, (ULONG)family, TCP_TABLE_OWNER_PID_LISTENER, 0)
                  : GetExtendedUdpTable(buf, &size, TRUE, (ULONG)family, UDP_TABLE_OWNER_PID, 0);
        if (*rc == NO_ERROR && !buf)
            *rc = ERROR_INSUFFICIENT_BUFFER;  /* asked with size 0 and it fit: ask again with a buffer */
        if (size == 0)
            size = 4096;
    }
    if (*rc != NO_ERROR) {
        free(buf);
        return NULL;
    }
    return buf;
}

typedef struct owners {
    bfsys_svc_list svcs;        /* the active services, with their PIDs */
    bfsys_proc_entry *procs;    /* the processes, with their parents */
    size_t nprocs;
} owners;

static void add_row(bf_snapshot *s, const owners *m, const char *transport, int family, const void *addr,
                    DWORD port_be, DWORD pid)
{
    char text[INET6_ADDRSTRLEN];
    bf_listener *l;
    if (!bfsys_inet_ntop(family, addr, text, sizeof text))
        return;
    l = bf_snap_add_listener(s);
    if (!l)
        return;
    l->transport = (char *)transport;
    l->address = bf_arena_strdup(s->arena, text);
    l->port = ntohs((u_short)port_be);
    fill_owner(s, l, pid, &m->svcs, m->procs, m->nprocs);
}

DWORD bfsys_collect_listeners(bf_snapshot *s)
{
    owners m;
    DWORD rc, i;
    void *t;
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE);
    memset(&m, 0, sizeof m);
    /* a failed enumeration keeps what came back: those services still name their listeners */
    if (scm) {
        bfsys_enum_services(NULL, scm, SERVICE_ACTIVE, &m.svcs);
        CloseServiceHandle(scm);
    }
    load_processes(&m.procs, &m.nprocs);
    if ((t = get_table(true, AF_INET, &rc))) {
        const MIB_TCPTABLE_OWNER_PID *tab = t;
        for (i = 0; i < tab->dwNumEntries; i++)
            add_row(s, &m, "tcp", AF_INET, &tab->table[i].dwLocalAddr, tab->table[i].dwLocalPort, tab->table[i].dwOwningPid);
        free(t);
    }
    if ((t = get_table(true, AF_INET6, &rc))) {
        const MIB_TCP6TABLE_OWNER_PID *tab = t;
        for (i = 0; i < tab->dwNumEntries; i++)
            add_row(s, &m, "tcp", AF_INET6, tab->table[i].ucLocalAddr, tab->table[i].dwLocalPort, tab->table[i].dwOwningPid);
        free(t);
    }
    if ((t = get_table(false, AF_INET, &rc))) {
        const MIB_UDPTABLE_OWNER_PID *tab = t;
        for (i = 0; i < tab->dwNumEntries; i++)
            add_row(s, &m, "udp", AF_INET, &tab->table[i].dwLocalAddr, tab->table[i].dwLocalPort, tab->table[i].dwOwningPid);
        free(t);
    }
    if ((t = get_table(false, AF_INET6, &rc))) {
        const MIB_UDP6TABLE_OWNER_PID *tab = t;
        for (i = 0; i < tab->dwNumEntries; i++)
            add_row(s, &m, "udp", AF_INET6, tab->table[i].ucLocalAddr, tab->table[i].dwLocalPort, tab->table[i].dwOwningPid);
        free(t);
    }
    bfsys_svc_list_free(&m.svcs);
    free(m.procs);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
