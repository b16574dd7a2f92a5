/* probe.c - can each catalogued protocol bind where its service would bind?
 *
 * For every target (protocol, transport, port) and every address the resolver returned for the host's
 * name, plus the wildcard: a socket with SO_EXCLUSIVEADDRUSE is bound and closed at once, and the
 * Winsock answer is classified (ok, 10049, 10048 with the owner from the listener table, 10013, other).
 * That is the probe's raw answer: exclusive, so that any holder shows. The service itself binds with
 * its own options (the catalogue's, carried on the endpoint) as its own account, and Windows' table
 * may answer it differently: core/bindrules.c predicts that, and the scan shows both when they differ.
 * A bind sends no traffic, so it may target any address the resolver returned. Where the bind says the
 * port is taken, a connect probe reads the greeting (POP3 "+OK", IMAP "* OK", SMTP "220", an LDAP bind
 * response). The connect and the greeting have separate budgets and separate answers: on Windows a
 * connect to a port nobody listens on is refused only after the SYN is retried (KB 175523: a second or
 * more), so with one 1,500 ms budget for both, "refused" read as "no answer". The connect gets at least
 * BFSYS_CONNECT_BUDGET_MS, then refused, connect timed out and connected-but-silent are three results;
 * the scan stays bounded (each job at most the two budgets, jobs in parallel). The probe only ever connects to an address an adapter of this machine holds,
 * or to loopback for the wildcard. Targets run in parallel on a small pool of threads; a port is held
 * only for its bind call. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef struct probe_job {
    const bf_probe_target *target;
    const char *address;
    bool local;             /* an adapter of this machine holds the address (or it is loopback) */
    ULONG scope;            /* IPv6 link-local: the holding adapter's interface index, else 0 */
    const char *connect_to; /* where the greeting probe connects for a wildcard row */
    ULONG connect_scope;
    /* results */
    bf_probe_result result;
    int error;
    bf_greeting greeting;
    char greeting_text[201];
} probe_job;

typedef struct probe_run {
    probe_job *jobs;
    size_t count;           /* target_count * addr_count, target-major */
    size_t target_count, addr_count;
    volatile LONG next;
    const bf_collect_opts *opts;
} probe_run;

/* scope: the interface index of an IPv6 link-local address. Windows's getaddrinfo returns the host's
 * fe80:: addresses with it; bound without it, such an address gives 10049 on Windows, which would
 * report a failure that no service sees. */
static bool to_sockaddr(const char *address, int port, ULONG scope, SOCKADDR_STORAGE *ss, int *len)
{
    memset(ss, 0, sizeof *ss);
    if (strchr(address, ':')) {
        SOCKADDR_IN6 *in6 = (SOCKADDR_IN6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((u_short)port);
        in6->sin6_scope_id = scope;
        *len = sizeof *in6;
        return bfsys_inet_pton(AF_INET6, address, &in6->sin6_addr) == 1;
    } else {
        SOCKADDR_IN *in = (SOCKADDR_IN *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((u_short)port);
        *len = sizeof *in;
        return bfsys_inet_pton(AF_INET, address, &in->sin_addr) == 1;
    }
}

static void bind_probe(probe_job *j)
{
    SOCKADDR_STORAGE ss;
    int len, one = 1;
    bool udp = strcmp(j->target->transport, "udp") == 0;
    SOCKET s;
    if (!to_sockaddr(j->address, j->target->port, j->scope, &ss, &len)) {
        j->result = BF_PROBE_OTHER;
        j->error = WSAEINVAL;
        return;
    }
    s = socket(ss.ss_family, udp ? SOCK_DGRAM : SOCK_STREAM, udp ? IPPROTO_UDP : IPPROTO_TCP);
    if (s == INVALID_SOCKET) {
        j->result = BF_PROBE_OTHER;
        j->error = WSAGetLastError();
        return;
    }
    /* exclusive, like the services bindfix speaks for: a port shared through SO_REUSEADDR would
     * otherwise look free */
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one);
    if (bind(s, (const SOCKADDR *)&ss, len) == 0) {
        j->result = BF_PROBE_OK;
        j->error = 0;
    } else {
        j->error = WSAGetLastError();
        j->result = j->error == WSAEADDRNOTAVAIL ? BF_PROBE_ADDRNOTAVAIL
                  : j->error == WSAEADDRINUSE ? BF_PROBE_ADDRINUSE
                  : j->error == WSAEACCES ? BF_PROBE_ACCESS : BF_PROBE_OTHER;
    }
    closesocket(s);
}

/* Minimal LDAPv3 anonymous simple bind request (message ID 1). */
static const unsigned char ldap_bind[] = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03,
                                          0x04, 0x00, 0x80, 0x00};

static int recv_some(SOCKET s, char *buf, int size, int timeout_ms)
{
    fd_set rd;
    struct timeval tv;
    FD_ZERO(&rd);
    FD_SET(s, &rd);
    tv.tv_sec = timeout_ms / 1000;
    tv.tv_usec = (timeout_ms % 1000) * 1000;
    if (select(0, &rd, NULL, NULL, &tv) <= 0)
        return -1;
    return recv(s, buf, size, 0);
}

int bfsys_connect_budget_ms(int probe_timeout_ms)
{
    return probe_timeout_ms > BFSYS_CONNECT_BUDGET_MS ? probe_timeout_ms : BFSYS_CONNECT_BUDGET_MS;
}

bf_greeting bfsys_connect_outcome(int select_rc, bool failed, int so_error)
{
    if (select_rc == 0)
        return BF_GREET_CONNECT_TIMEOUT;    /* neither connected nor refused within the connect budget */
    if (select_rc < 0 || failed)
        return so_error == WSAETIMEDOUT ? BF_GREET_CONNECT_TIMEOUT : BF_GREET_REFUSED;
    return BF_GREET_NOT_TRIED;              /* connected: the greeting decides */
}

static void greeting_probe(probe_job *j, int timeout_ms)
{
    SOCKADDR_STORAGE ss;
    int len, n, rc, connect_ms = bfsys_connect_budget_ms(timeout_ms);
    u_long nonblock = 1;
    fd_set wr, ex;
    struct timeval tv;
    char buf[512];
    bf_greeting connected;
    const char *kind = j->target->greeting;
    const char *addr = j->address;
    ULONG scope = j->scope;
    SOCKET s;
    if (!kind || !kind[0] || strcmp(j->target->transport, "tcp") != 0)
        return;
    if (bf_addr_is_wildcard(addr)) {
        addr = j->connect_to;
        scope = j->connect_scope;
    }
    else if (!j->local)
        return;  /* never connect to an address that is not this machine's */
    if (!to_sockaddr(addr, j->target->port, scope, &ss, &len))
        return;
    s = socket(ss.ss_family, SOCK_STREAM, IPPROTO_TCP);
    if (s == INVALID_SOCKET)
        return;
    ioctlsocket(s, FIONBIO, &nonblock);
    if (connect(s, (const SOCKADDR *)&ss, len) != 0 && WSAGetLastError() != WSAEWOULDBLOCK) {
        j->greeting = BF_GREET_REFUSED;
        closesocket(s);
        return;
    }
    FD_ZERO(&wr);
    FD_ZERO(&ex);
    FD_SET(s, &wr);
    FD_SET(s, &ex);
    tv.tv_sec = connect_ms / 1000;
    tv.tv_usec = (connect_ms % 1000) * 1000;
    rc = select(0, NULL, &wr, &ex, &tv);
    {
        int so_error = 0, so_len = (int)sizeof so_error;
        bool failed = rc > 0 && FD_ISSET(s, &ex);
        if (failed)
            getsockopt(s, SOL_SOCKET, SO_ERROR, (char *)&so_error, &so_len);
        connected = bfsys_connect_outcome(rc, failed, so_error);
    }
    if (connected != BF_GREET_NOT_TRIED) {
        j->greeting = connected;
        closesocket(s);
        return;
    }
    nonblock = 0;
    ioctlsocket(s, FIONBIO, &nonblock);
    if (strcmp(kind, "ldap") == 0)
        send(s, (const char *)ldap_bind, (int)sizeof ldap_bind, 0);
    n = recv_some(s, buf, (int)sizeof buf - 1, timeout_ms);    /* the greeting's own budget */
    closesocket(s);
    if (n <= 0) {
        j->greeting = BF_GREET_SILENT;      /* connected, no greeting */
        return;
    }
    buf[n] = 0;
    if (strcmp(kind, "ldap") == 0) {
        /* SEQUENCE, then somewhere in the first bytes the bindResponse tag [APPLICATION 1] = 0x61 */
        bool ok = (unsigned char)buf[0] == 0x30 && memchr(buf, 0x61, (size_t)(n < 16 ? n : 16)) != NULL;
        j->greeting = ok ? BF_GREET_ANSWERED : BF_GREET_WRONG;
        snprintf(j->greeting_text, sizeof j->greeting_text, ok ? "LDAP bind response" : "not an LDAP answer");
        return;
    }
    {
        size_t k;
        for (k = 0; k < (size_t)n && k < 200 && buf[k] != '\r' && buf[k] != '\n'; k++)
            j->greeting_text[k] = (buf[k] >= 0x20 && buf[k] < 0x7f) ? buf[k] : '?';
        j->greeting_text[k] = 0;
    }
    if ((strcmp(kind, "pop3") == 0 && strncmp(buf, "+OK", 3) == 0) ||
        (strcmp(kind, "imap") == 0 && strncmp(buf, "* OK", 4) == 0) ||
        (strcmp(kind, "smtp") == 0 && strncmp(buf, "220", 3) == 0) ||
        (strcmp(kind, "nntp") == 0 && (strncmp(buf, "200", 3) == 0 || strncmp(buf, "201", 3) == 0)))
        j->greeting = BF_GREET_ANSWERED;
    else
        j->greeting = BF_GREET_WRONG;
}

/* A worker takes one target at a time and probes all its addresses in turn: two binds of the same
 * port at the same moment (one on an address, one on the wildcard) would make each other fail with
 * 10048, so the parallelism is across ports, never within one. */
static DWORD WINAPI probe_worker(LPVOID arg)
{
    probe_run *run = arg;
    for (;;) {
        LONG t = InterlockedIncrement(&run->next) - 1;
        size_t k;
        if ((size_t)t >= run->target_count || (run->opts->cancel && *run->opts->cancel))
            break;
        for (k = (size_t)t * run->addr_count; k < ((size_t)t + 1) * run->addr_count; k++) {
            probe_job *j = &run->jobs[k];
            bind_probe(j);
            if (j->result == BF_PROBE_ADDRINUSE && run->opts->greetings)
                greeting_probe(j, run->opts->probe_timeout_ms > 0 ? run->opts->probe_timeout_ms : 1500);
        }
    }
    return 0;
}

/* For a wildcard row, connect where the listener table says the port is held (an address of this
 * machine), else to loopback: connecting to loopback when the port is held on one address only would
 * report "refused" for a port that answers. */
static const char *wildcard_connect_address(const bf_snapshot *s, const bf_probe_target *t, bool v6)
{
    size_t i;
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        if (l->port != t->port || strcmp(l->transport, t->transport) != 0 || bf_addr_is_ipv6(l->address) != v6)
            continue;
        if (bf_addr_is_wildcard(l->address))
            break;
        if (bf_addr_is_loopback(l->address) || bf_snap_find_adapter_by_address(s, l->address, NULL))
            return l->address;
    }
    return v6 ? "::1" : "127.0.0.1";
}

/* The interface index to bind an IPv6 link-local (fe80::/10) address with: that of the adapter holding
 * it. 0 for every other address, and when no adapter holds it (the bind then says 10049, truthfully). */
static ULONG link_local_scope(const bf_snapshot *s, const char *address)
{
    IN6_ADDR a;
    const bf_adapter *ad;
    if (!bf_addr_is_ipv6(address) || bfsys_inet_pton(AF_INET6, address, &a) != 1)
        return 0;
    if (a.s6_addr[0] != 0xfe || (a.s6_addr[1] & 0xc0) != 0x80)
        return 0;
    ad = bf_snap_find_adapter_by_address(s, address, NULL);
    return ad && ad->if_index > 0 ? (ULONG)ad->if_index : 0;
}

static bool list_has(char **items, size_t n, const char *s)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (bf_addr_equal(items[i], s))
            return true;
    return false;
}

static void name_owner(const bf_snapshot *s, const bf_endpoint *e, bf_probe *p)
{
    size_t i;
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        if (l->port != e->port || strcmp(l->transport, e->transport) != 0)
            continue;
        if (!bf_addr_equal(l->address, p->address) && !bf_addr_is_wildcard(l->address) && !bf_addr_is_wildcard(p->address))
            continue;
        p->owner_pid = l->pid > 0 ? l->pid : -1;
        if (l->service_count)
            p->owner = l->services[0];
        else if (l->process[0])
            p->owner = l->process;
        /* a process running several services: the endpoint's own service among them is the owner */
        for (size_t k = 0; k < l->service_count; k++)
            if (e->service[0] && bf_service_name_eq(l->services[k], e->service))
                p->owner = l->services[k];
        return;
    }
}

DWORD bfsys_probe_endpoints(bf_snapshot *s, const bf_collect_opts *opts)
{
    const bf_probe_target *targets = opts->targets;
    size_t target_count = opts->target_count, i, j, k, addr_count = 0, addr_cap = 0;
    char **addrs = NULL;
    bool any6 = false;
    probe_run run;
    HANDLE threads[8];
    int nthreads = 0, t;
    if (!targets)
        targets = bf_default_probe_targets(&target_count);

    /* every address the resolver returned, in order of first appearance, then the wildcards */
    for (i = 0; i < s->resolver_count; i++)
        for (j = 0; j < s->resolver[i].address_count; j++) {
            const char *a = s->resolver[i].addresses[j];
            if (!list_has(addrs, addr_count, a) && !bf_addr_is_wildcard(a)) {
                if (!BF_PUSH(s->arena, addrs, addr_count, addr_cap))
                    return ERROR_NOT_ENOUGH_MEMORY;
                addrs[addr_count - 1] = (char *)a;
                any6 = any6 || bf_addr_is_ipv6(a);
            }
        }
    if (!BF_PUSH(s->arena, addrs, addr_count, addr_cap))
        return ERROR_NOT_ENOUGH_MEMORY;
    addrs[addr_count - 1] = "0.0.0.0";
    if (any6) {
        if (!BF_PUSH(s->arena, addrs, addr_count, addr_cap))
            return ERROR_NOT_ENOUGH_MEMORY;
        addrs[addr_count - 1] = "::";
    }

    memset(&run, 0, sizeof run);
    run.opts = opts;
    run.count = target_count * addr_count;
    run.target_count = target_count;
    run.addr_count = addr_count;
    run.jobs = calloc(run.count ? run.count : 1, sizeof *run.jobs);
    if (!run.jobs)
        return ERROR_NOT_ENOUGH_MEMORY;
    for (i = 0, k = 0; i < target_count; i++)
        for (j = 0; j < addr_count; j++, k++) {
            probe_job *job = &run.jobs[k];
            job->target = &targets[i];
            job->address = addrs[j];
            job->local = bf_addr_is_loopback(addrs[j]) || bf_snap_find_adapter_by_address(s, addrs[j], NULL) != NULL;
            job->scope = link_local_scope(s, addrs[j]);
            if (bf_addr_is_wildcard(addrs[j])) {
                job->connect_to = wildcard_connect_address(s, &targets[i], bf_addr_is_ipv6(addrs[j]));
                job->connect_scope = link_local_scope(s, job->connect_to);
            }
            job->result = BF_PROBE_NOT_RUN;
        }
    for (t = 0; t < 8 && (size_t)t < target_count; t++) {
        threads[nthreads] = CreateThread(NULL, 0, probe_worker, &run, 0, NULL);
        if (threads[nthreads])
            nthreads++;
    }
    if (nthreads == 0)
        probe_worker(&run);  /* no thread could be made: do the work here */
    WaitForMultipleObjects((DWORD)nthreads, threads, TRUE, INFINITE);
    for (t = 0; t < nthreads; t++)
        CloseHandle(threads[t]);

    for (i = 0, k = 0; i < target_count; i++) {
        bf_endpoint *e = bf_snap_add_endpoint(s, targets[i].protocol, targets[i].transport, targets[i].port);
        if (!e)
            break;
        e->service = (char *)(targets[i].service ? targets[i].service : "");
        e->sockopt = targets[i].sockopt;
        for (j = 0; j < addr_count; j++, k++) {
            const probe_job *job = &run.jobs[k];
            bf_probe *p = bf_endpoint_add_probe(s, e, job->address);
            if (!p)
                break;
            p->result = job->result;
            p->error = job->error;
            p->greeting = job->greeting;
            p->greeting_text = bf_arena_strdup(s->arena, job->greeting_text);
            if (p->result == BF_PROBE_ADDRINUSE || p->result == BF_PROBE_ACCESS)
                name_owner(s, e, p);
        }
    }
    free(run.jobs);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

/* name_owner for the windows-rules tests (listener tables in the shape Windows returns them). */
void bfsys_probe_name_owner(const bf_snapshot *s, const bf_endpoint *e, bf_probe *p)
{
    name_owner(s, e, p);
}
