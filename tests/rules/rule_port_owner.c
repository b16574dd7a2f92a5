/* rule_port_owner.c - who owns a listening port on Windows: the services hosted in the listener's
 * process (all of them), a worker process's parent service, and PID 4 (http.sys). Wine reports PID 0
 * for every listener, so the listener and service tables here are written by hand in the shape
 * GetExtendedTcpTable, EnumServicesStatusExW and CreateToolhelp32Snapshot return them: synthetic. */
#include "sys.h"     /* winsock2.h before windows.h */

#include <string.h>

#include "diagnose.h"
#include "rules.h"

static void add_svc(bfsys_svc_list *l, const WCHAR *name, DWORD pid)
{
    bfsys_svc_entry *e;
    if (l->count == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->items = realloc(l->items, l->cap * sizeof *l->items);
    }
    e = &l->items[l->count++];
    memset(e, 0, sizeof *e);
    e->name = _wcsdup(name);
    e->display = _wcsdup(name);
    e->status.dwCurrentState = SERVICE_RUNNING;
    e->status.dwProcessId = pid;
}

/* A listener on 0.0.0.0:port of pid, attributed by the product, and an endpoint of service whose bind
 * probe found the port taken (10048), its owner named by the product; the diagnosis must not call it
 * someone else's port. */
static void check_owned(const char *protocol, int port, const char *service, DWORD pid, const bfsys_svc_list *svcs,
                        const bfsys_proc_entry *procs, size_t nprocs, const char *process)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_listener *l;
    bf_endpoint *e;
    bf_probe *p;
    bf_service *v;
    bf_diagnosis *d;
    bf_err err;
    size_t i;
    REQUIRE(s);
    s->hostname = "EXCHSRV01";
    l = bf_snap_add_listener(s);
    REQUIRE(l);
    l->transport = "tcp";
    l->address = "0.0.0.0";
    l->port = port;
    l->pid = (int)pid;
    l->process = (char *)process;
    bfsys_listener_services(s, l, pid, svcs, procs, nprocs);
    for (i = 0; i < svcs->count; i++) {
        char *n = bfsys_wide_to_utf8(svcs->items[i].name, -1);
        if (n && (v = bf_snap_add_service(s, n))) {
            v->state = BF_SVC_RUNNING;
            v->pid = (int)svcs->items[i].status.dwProcessId;
        }
        free(n);
    }
    e = bf_snap_add_endpoint(s, protocol, "tcp", port);
    REQUIRE(e);
    e->service = (char *)service;
    p = bf_endpoint_add_probe(s, e, "0.0.0.0");
    REQUIRE(p);
    p->result = BF_PROBE_ADDRINUSE;
    p->error = 10048;
    p->greeting = BF_GREET_NOT_TRIED;
    bfsys_probe_name_owner(s, e, p);
    CHECK_STR(p->owner, service);
    bf_err_clear(&err);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, "BF-PORT-IN-USE") == 0 || strcmp(d->findings[i].id, "BF-SOCKET-POOLING") == 0) {
            printf("     %s port %d: %s %s\n", protocol, port, d->findings[i].id, d->findings[i].title);
            CHECK(!"a finding that the port is someone else's");
        }
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

BF_RULE(port_owner_is_every_hosted_service_or_the_parent_service_synthetic,
        "GetExtendedTcpTable (TCP_TABLE_OWNER_PID_LISTENER) gives the owning PID; EnumServicesStatusExW "
        "(SC_ENUM_PROCESS_INFO) gives each service's dwProcessId - several services share one process "
        "(svchost, inetinfo.exe); PROCESSENTRY32.th32ParentProcessID names the process that created a worker "
        "(Exchange 2007-2019: EdgeTransport.exe under the MSExchangeTransport service); PID 4 is the System "
        "process, where http.sys listens (learn.microsoft.com). Tables in that shape, synthetic: no finding "
        "says the port is held by another")
{
    bfsys_svc_list svcs = {0};
    bfsys_proc_entry procs[] = {{4, 0}, {1500, 600}, {2140, 600}, {5312, 2140}, {600, 480}};
    add_svc(&svcs, L"IISADMIN", 1500);
    add_svc(&svcs, L"SMTPSVC", 1500);
    add_svc(&svcs, L"POP3Svc", 1500);   /* Exchange 2003's POP3, inside inetinfo.exe: not the first */
    add_svc(&svcs, L"MSExchangeTransport", 2140);
    /* Exchange 2003: inetinfo.exe (PID 1500) holds POP3's 110 for POP3Svc */
    check_owned("POP3", 110, "POP3Svc", 1500, &svcs, procs, BF_COUNTOF(procs), "inetinfo.exe");
    /* Exchange 2010: EdgeTransport.exe (PID 5312, parent 2140) holds SMTP's 25 for MSExchangeTransport */
    check_owned("SMTP", 25, "MSExchangeTransport", 5312, &svcs, procs, BF_COUNTOF(procs), "EdgeTransport.exe");
    /* PID 4: http.sys, named as such */
    {
        bf_snapshot *s = bf_snapshot_create();
        bf_listener *l = s ? bf_snap_add_listener(s) : NULL;
        REQUIRE(l);
        bfsys_listener_services(s, l, 4, &svcs, procs, BF_COUNTOF(procs));
        CHECK_STR(l->process, "System");
        CHECK_INT((int)l->service_count, 1);
        if (l->service_count)
            CHECK_STR(l->services[0], "HTTP");
        bf_snapshot_destroy(s);
    }
    bfsys_svc_list_free(&svcs);
}
