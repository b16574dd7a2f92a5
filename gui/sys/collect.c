/* collect.c - bfsys_collect: every source of facts in the order the diagnosis needs them. Probes come
 * last because they need the resolver's addresses and the listener table (to name a port's owner). */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void progress(const bf_collect_opts *o, int percent, const char *what)
{
    if (o->progress)
        o->progress(o->progress_ctx, percent, what);
}

static bool cancelled(const bf_collect_opts *o)
{
    return o->cancel && *o->cancel;
}

DWORD bfsys_collect(const bf_collect_opts *opts, bf_snapshot *s, bf_err *err)
{
    WSADATA wsa;
    DWORD rc = ERROR_SUCCESS;
    char now[32];
    SYSTEMTIME t;
    int wsa_rc = WSAStartup(MAKEWORD(2, 2), &wsa);
    if (wsa_rc != 0)
        return bfsys_fail_code(err, (DWORD)wsa_rc, NULL, "cannot start Winsock");

    GetSystemTime(&t);
    snprintf(now, sizeof now, "%04u-%02u-%02uT%02u:%02u:%02uZ", t.wYear, t.wMonth, t.wDay, t.wHour, t.wMinute,
             t.wSecond);
    s->origin = "live";
    s->collected_at = bf_arena_strdup(s->arena, now);
    s->tool_version = BF_TOOL_VERSION;

#define STEP(pct, what, call)                                                                       \
    do {                                                                                            \
        if (rc == ERROR_SUCCESS && !cancelled(opts)) {                                              \
            progress(opts, pct, what);                                                              \
            rc = (call);                                                                            \
        }                                                                                           \
    } while (0)

    STEP(0, "host name", bfsys_collect_identity(s));
    STEP(5, "operating system", bfsys_collect_os(s));
    STEP(10, "adapters", bfsys_collect_adapters(s));
    STEP(25, "binding order", bfsys_collect_binding(s));
    STEP(30, "resolver", bfsys_collect_resolver(s));
    STEP(35, "IPv6 prefix policies", bfsys_collect_ipv6_policy(s));
    STEP(40, "hosts file", bfsys_collect_hosts(s));
    STEP(45, "listeners", bfsys_collect_listeners(s));
    STEP(55, "services", bfsys_collect_services(s, opts));
    STEP(60, "http.sys listen list", bfsys_collect_http_listen(s));
    STEP(65, "event logs", bfsys_collect_events(s, opts));
    STEP(70, "listen settings", bfsys_collect_pins(s, opts));
    if (opts->dns)  /* a query that leaves the machine: only when asked (--dns) */
        STEP(72, "DNS records of the host name", bfsys_collect_dns_publication(s));
    STEP(73, "source addresses", bfsys_collect_outbound(s));
    if (opts->probes)
        STEP(75, "bind probes", bfsys_probe_endpoints(s, opts));
    /* after the probes and the event logs: whether netsh is worth running depends on a 10013 among them */
    STEP(90, "port ranges", bfsys_collect_port_ranges_live(s));
#undef STEP
    progress(opts, 100, "done");
    WSACleanup();
    if (rc == ERROR_SUCCESS && cancelled(opts))
        rc = ERROR_CANCELLED;
    if (rc == ERROR_SUCCESS && bf_arena_failed(s->arena))
        rc = ERROR_NOT_ENOUGH_MEMORY;
    if (rc != ERROR_SUCCESS)
        return bfsys_fail_code(err, rc, NULL, rc == ERROR_CANCELLED ? "collection cancelled" : "cannot collect this machine");
    return ERROR_SUCCESS;
}
