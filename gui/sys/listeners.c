/* listeners.c - who listens where: GetExtendedTcpTable (listeners) and GetExtendedUdpTable with owner
 * PIDs, mapped to the process image and to the services hosted in that PID. Wine reports PID 0 for
 * every row: stored as collected. */
#include "collect_priv.h"

#include <iphlpapi.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct pid_services {
    DWORD pid;
    char *name;
} pid_services;

typedef struct svc_map {
    pid_services *items;
    size_t count;
} svc_map;

/* Every active service's PID (services hosted together share a PID). */
static void load_service_pids(svc_map *m)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_ENUMERATE_SERVICE);
    bfsys_svc_list l = {0};
    size_t i;
    memset(m, 0, sizeof *m);
    if (!scm)
        return;
    /* a failed enumeration keeps what came back: those services still name their listeners */
    bfsys_enum_services(NULL, scm, SERVICE_ACTIVE, &l);
    m->items = calloc(l.count ? l.count : 1, sizeof *m->items);
    for (i = 0; m->items && i < l.count; i++) {
        m->items[m->count].pid = l.items[i].status.dwProcessId;
        m->items[m->count].name = bfsys_wide_to_utf8(l.items[i].name, -1);
        if (m->items[m->count].name)
            m->count++;
    }
    bfsys_svc_list_free(&l);
    CloseServiceHandle(scm);
}

static void free_service_pids(svc_map *m)
{
    size_t i;
    for (i = 0; i < m->count; i++)
        free(m->items[i].name);
    free(m->items);
}

static void fill_owner(bf_snapshot *s, bf_listener *l, DWORD pid, const svc_map *m)
{
    size_t i;
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
    for (i = 0; i < m->count; i++)
        if (m->items[i].pid == pid)
            bf_str_list_add(s, &l->services, &l->service_count, &l->service_cap, m->items[i].name);
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

static void add_row(bf_snapshot *s, const svc_map *m, const char *transport, int family, const void *addr,
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
    fill_owner(s, l, pid, m);
}

DWORD bfsys_collect_listeners(bf_snapshot *s)
{
    svc_map m;
    DWORD rc, i;
    void *t;
    load_service_pids(&m);
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
    free_service_pids(&m);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
