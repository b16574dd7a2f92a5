/* mem_machine.c - see mem_machine.h. */
#include "mem_machine.h"
#include "portranges.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static mem_machine *mm_of(void *ctx)
{
    return (mem_machine *)ctx;
}

static mem_item *find(mem_item *items, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(items[i].name, name) == 0)
            return &items[i];
    return NULL;
}

static int ci(const char *a, const char *b)
{
    while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
        a++;
        b++;
    }
    return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

/* services: the SCM compares names without regard to case */
static mem_item *find_svc(mem_machine *mm, const char *name)
{
    size_t i;
    for (i = 0; i < mm->nsvcs; i++)
        if (ci(mm->svcs[i].name, name) == 0)
            return &mm->svcs[i];
    return NULL;
}

/* Does service it name dep among the services it depends on (any case)? */
static bool depends(const mem_item *it, const char *dep)
{
    const char *p = it->depends_on;
    size_t n = strlen(dep);
    while (p && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char one[256];
        if (len == n && len < sizeof one) {
            memcpy(one, p, len);
            one[len] = 0;
            if (ci(one, dep) == 0)
                return true;
        }
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

static bool active(bf_svc_state st)
{
    return st != BF_SVC_STOPPED && st != BF_SVC_NOT_INSTALLED && st != BF_SVC_STATE_UNKNOWN;
}

static mem_item *add(mem_item **items, size_t *n, const char *name)
{
    mem_item *grown = realloc(*items, (*n + 1) * sizeof **items), *it;
    if (!grown)
        abort();
    *items = grown;
    it = &grown[(*n)++];
    memset(it, 0, sizeof *it);
    it->name = malloc(strlen(name) + 1);
    strcpy(it->name, name);
    return it;
}

static void set_val(bf_regval *v, bool exists, unsigned type, const void *data, size_t len)
{
    free(v->data);
    v->data = malloc(len ? len : 1);
    if (len)
        memcpy(v->data, data, len);
    v->len = len;
    v->type = type;
    v->exists = exists;
}

/* A write that is on disk at once (durable) or only in memory until a power loss decides. */
static void write_val(mem_item *it, bool durable, bool exists, unsigned type, const void *data, size_t len)
{
    set_val(&it->v, exists, type, data, len);
    if (durable)
        set_val(&it->disk, exists, type, data, len);
    it->unflushed = !durable;
}

/* Every changing call goes through here: counts it, logs it, and says whether it fails. */
static bool changing(mem_machine *mm, const char *what, const char *name, bf_err *err)
{
    mm->changing_calls++;
    mm->ops++;
    if (mm->die_after && mm->changing_calls > mm->die_after)
        return bf_fail(err, "the machine is off (simulated power loss)");
    bf_buf_printf(&mm->log, "%s %s\n", what, name);
    if ((mm->fail_call && mm->changing_calls == mm->fail_call) || (mm->fail_op && mm->ops == mm->fail_op)) {
        mm->fault_op = mm->ops;
        mm->fault_read = false;
        return bf_fail(err, "%s %s: simulated failure", what, name);
    }
    return true;
}

/* Every read goes through here: counted as an operation; fails when the machine is off or when it is
 * the operation fail_op names. */
static bool reading(mem_machine *mm, const char *what, const char *name, bf_err *err)
{
    mm->ops++;
    if (mm->die_after && mm->changing_calls >= mm->die_after)
        return bf_fail(err, "the machine is off (simulated power loss)");
    if (mm->fail_op && mm->ops == mm->fail_op) {
        mm->fault_op = mm->ops;
        mm->fault_read = true;
        return bf_fail(err, "%s %s: simulated read failure", what, name);
    }
    return true;
}

static bool m_can_change(void *ctx)
{
    return mm_of(ctx)->admin;
}

static bool m_reg_read(void *ctx, const char *key, const char *value, bf_regval *out, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[512];
    mem_item *it;
    snprintf(name, sizeof name, "%s\\%s", key, value);
    memset(out, 0, sizeof *out);
    if (!reading(mm, "reg-read", name, err))
        return false;
    it = find(mm->regs, mm->nregs, name);
    if (it && it->v.exists)
        set_val(out, true, it->v.type, it->v.data, it->v.len);
    else
        set_val(out, false, 0, "", 0);
    return true;
}

static bool m_reg_write(void *ctx, const char *key, const char *value, const bf_regval *v, bool durable, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[512];
    mem_item *it;
    snprintf(name, sizeof name, "%s\\%s", key, value);
    if (!changing(mm, "reg-write", name, err))
        return false;
    it = find(mm->regs, mm->nregs, name);
    if (!it)
        it = add(&mm->regs, &mm->nregs, name);
    write_val(it, durable && !mm->forget_flush, v->exists, v->type, v->data, v->len);
    return true;
}

static bool m_file_read(void *ctx, const char *path, bool *exists, char **data, size_t *len, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!reading(mm, "file-read", path, err))
        return false;
    it = find(mm->files, mm->nfiles, path);
    *exists = it && it->v.exists;
    *len = *exists ? it->v.len : 0;
    *data = malloc(*len + 1);
    if (*exists)
        memcpy(*data, it->v.data, *len);
    (*data)[*len] = 0;
    return true;
}

static bool m_file_replace(void *ctx, const char *path, const char *data, size_t len, bool durable, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (mm->fail_path && strcmp(mm->fail_path, path) == 0) {
        mm->changing_calls++;
        return bf_fail(err, "%s: the file is locked by another process (simulated)", path);
    }
    if (!changing(mm, "file", path, err))
        return false;
    it = find(mm->files, mm->nfiles, path);
    if (!it)
        it = add(&mm->files, &mm->nfiles, path);
    write_val(it, durable && !mm->forget_flush, true, 0, data, len);
    return true;
}

static bool m_service_state(void *ctx, const char *name, bf_svc_state *st, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!reading(mm, "service-state", name, err))
        return false;
    it = find_svc(mm, name);
    *st = it ? it->state : BF_SVC_NOT_INSTALLED;
    return true;
}

static bool m_service_stop(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it = find_svc(mm, name);
    (void)timeout_ms;
    if (!changing(mm, "stop", name, err))
        return false;
    if (!it)
        return bf_fail(err, "service %s does not exist", name);
    for (size_t i = 0; i < mm->nsvcs; i++)
        if (active(mm->svcs[i].state) && &mm->svcs[i] != it && depends(&mm->svcs[i], it->name)) {
            bf_fail(err, "cannot stop service %s: a stop control has been sent to a service that other running services "
                         "are dependent on (1051; %s is %s)", name, mm->svcs[i].name, bf_svc_state_token(mm->svcs[i].state));
            if (err)
                err->code = BF_MACHINE_DEPENDENTS_RUNNING;
            return false;
        }
    if (it->state == BF_SVC_STOPPED)
        return true;
    if (mm->hung && strcmp(mm->hung, name) == 0) {
        it->state = BF_SVC_STOP_PENDING;
        bf_fail(err, "service %s did not reach the stopped state within %d ms", name, timeout_ms);
        if (err)
            err->code = BF_MACHINE_TIMEOUT;
        return false;
    }
    it->state = BF_SVC_STOPPED;
    return true;
}

static bool m_service_end_process(void *ctx, const char *name, int timeout_ms, char *outcome, size_t size, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it = find_svc(mm, name);
    (void)timeout_ms;
    if (size)
        snprintf(outcome, size, mm->scm_restarts ? "the SCM restarted it (in-memory machine)"
                                                 : "no restart is configured (in-memory machine): bindfix starts the service itself");
    if (!changing(mm, "end-process", name, err))
        return false;
    if (!it)
        return bf_fail(err, "service %s does not exist", name);
    it->state = BF_SVC_STOPPED;
    if (mm->scm_restarts) {
        it->state = BF_SVC_RUNNING;     /* not bindfix's call: logged, not counted */
        bf_buf_printf(&mm->log, "scm-restart %s\n", name);
    }
    if (mm->hung && strcmp(mm->hung, name) == 0)
        mm->hung = NULL;    /* a new process starts clean */
    return true;
}

static bool m_service_start(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it = find_svc(mm, name);
    (void)timeout_ms;
    if (!changing(mm, "start", name, err))
        return false;
    if (!it)
        return bf_fail(err, "service %s does not exist", name);
    it->state = BF_SVC_RUNNING;
    return true;
}

/* The active dependents of name, transitively, deepest first (the order to stop them). */
static void collect_dependents(mem_machine *mm, const char *name, char ***out, size_t *count, int depth)
{
    size_t i, j;
    for (i = 0; i < mm->nsvcs && depth < 16; i++) {
        mem_item *d = &mm->svcs[i];
        bool have = false;
        if (!active(d->state) || !depends(d, name))
            continue;
        collect_dependents(mm, d->name, out, count, depth + 1);
        for (j = 0; j < *count; j++)
            have = have || ci((*out)[j], d->name) == 0;
        if (have)
            continue;
        *out = realloc(*out, (*count + 1) * sizeof **out);
        (*out)[*count] = malloc(strlen(d->name) + 1);
        strcpy((*out)[*count], d->name);
        (*count)++;
    }
}

static bool m_service_dependents(void *ctx, const char *name, char ***out, size_t *count, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    *out = NULL;
    *count = 0;
    if (!reading(mm, "service-dependents", name, err))
        return false;
    collect_dependents(mm, name, out, count, 0);
    return true;
}

void mem_set_dependency(mem_machine *mm, const char *name, const char *depends_on)
{
    mem_item *it = find_svc(mm, name);
    if (!it)
        return;
    free(it->depends_on);
    it->depends_on = malloc(strlen(depends_on) + 1);
    strcpy(it->depends_on, depends_on);
    mm->m.service_dependents = m_service_dependents;
}

/* all at once: each service is one changing call, in the order given */
static bool m_services_control(void *ctx, const char *const *names, size_t n, bool start, int timeout_ms, bool *ok,
                               int *code, bf_err *err)
{
    size_t i;
    bool all = true;
    for (i = 0; i < n; i++) {
        bf_err e;
        bf_err_clear(&e);
        ok[i] = start ? m_service_start(ctx, names[i], timeout_ms, &e) : m_service_stop(ctx, names[i], timeout_ms, &e);
        code[i] = ok[i] ? 0 : (int)e.code;
        if (!ok[i] && all) {
            all = false;
            if (err)
                *err = e;
        }
    }
    return all;
}

static bool m_metric_get(void *ctx, const char *guid, int *metric, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!reading(mm, "metric-get", guid, err))
        return false;
    it = find(mm->metrics, mm->nmetrics, guid);
    if (!it)
        return bf_fail(err, "no adapter %s", guid);
    *metric = it->metric;
    return true;
}

static bool m_metric_set(void *ctx, const char *guid, int metric, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!changing(mm, "metric", guid, err))
        return false;
    it = find(mm->metrics, mm->nmetrics, guid);
    if (!it)
        it = add(&mm->metrics, &mm->nmetrics, guid);
    it->metric = metric;
    return true;
}

/* SkipAsSource flags live beside the metrics, named "skip:ADDRESS" (metric 0/1). */
static bool m_skip_get(void *ctx, const char *address, bool *skip, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[128];
    mem_item *it;
    if (!reading(mm, "skip-get", address, err))
        return false;
    snprintf(name, sizeof name, "skip:%s", address);
    it = find(mm->metrics, mm->nmetrics, name);
    if (!it)
        return bf_fail(err, "no unicast address %s", address);
    *skip = it->metric != 0;
    return true;
}

static bool m_skip_set(void *ctx, const char *address, bool skip, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[128];
    mem_item *it;
    if (!changing(mm, "skip", address, err))
        return false;
    snprintf(name, sizeof name, "skip:%s", address);
    it = find(mm->metrics, mm->nmetrics, name);
    if (!it)
        return bf_fail(err, "no unicast address %s", address);
    it->metric = skip ? 1 : 0;
    return true;
}

/* ---- netsh's excluded port ranges ---- */

static bool m_port_exclusions_get(void *ctx, int family, const char *transport, bf_regval *out, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[128];
    mem_item *it;
    memset(out, 0, sizeof *out);
    if (!mm->port_exclusions) {
        bf_fail(err, "netsh: the following command was not found: int ipv%d show excludedportrange", family);
        if (err)
            err->code = BF_MACHINE_UNAVAILABLE;
        return false;
    }
    snprintf(name, sizeof name, "ipv%d %s", family, transport);
    if (!reading(mm, "ports-get", name, err))
        return false;
    snprintf(name, sizeof name, MEM_PORTS_KEY "\\ipv%d %s", family, transport);
    it = find(mm->regs, mm->nregs, name);
    set_val(out, true, 0, it ? (const void *)it->v.data : "", it ? it->v.len : 0);
    return true;
}

static bool m_port_exclusion_edit(void *ctx, int family, const char *transport, bool add_it, int start, int count,
                                  bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[160];
    mem_item *it, *nat = find_svc(mm, "winnat");
    bf_port_span spans[BF_PORT_LIST_MAX + 1], want = {start, start + count - 1};
    size_t n = 0, i;
    bf_buf b;
    snprintf(name, sizeof name, "ipv%d %s %d %d", family, transport, start, count);
    if (!changing(mm, add_it ? "netsh-add" : "netsh-delete", name, err))
        return false;
    if (!mm->port_exclusions)
        return bf_fail(err, "netsh: excludedportrange is not known on this system");
    if (nat && active(nat->state))
        return bf_fail(err, "netsh: The process cannot access the file because it is being used by another process.");
    snprintf(name, sizeof name, MEM_PORTS_KEY "\\ipv%d %s", family, transport);
    it = find(mm->regs, mm->nregs, name);
    if (it && !bf_port_list_decode(it->v.data, it->v.len, spans, BF_PORT_LIST_MAX, &n))
        abort();
    if (add_it) {
        for (i = 0; i < n; i++)
            if (spans[i].start <= want.end && want.start <= spans[i].end)
                return bf_fail(err, "netsh: The object already exists.");
        spans[n++] = want;
    } else {
        for (i = 0; i < n && !(spans[i].start == want.start && spans[i].end == want.end); i++)
            ;
        if (i == n)
            return bf_fail(err, "netsh: Element not found.");
        spans[i] = spans[--n];
    }
    bf_buf_init(&b);
    bf_port_list_encode(spans, n, &b);
    if (!it)
        it = add(&mm->regs, &mm->nregs, name);
    write_val(it, true, true, 0, b.data ? b.data : "", b.len);   /* netsh's persistent store: kept by the system */
    bf_buf_free(&b);
    return true;
}

void mem_set_port_exclusions(mem_machine *mm, const char *target, const char *list)
{
    mm->port_exclusions = true;
    mem_set_reg(mm, MEM_PORTS_KEY, target, 0, list, strlen(list));
}

/* The address deleted and added again with the flag (core/machine.h skip_readd); readd_fault models the
 * add failing after the delete. A gone address is its item renamed, so that skip_get no longer finds it. */
static bool m_skip_readd(void *ctx, const char *address, bool skip, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    char name[128];
    mem_item *it;
    if (!changing(mm, "skip-readd", address, err))
        return false;
    snprintf(name, sizeof name, "skip:%s", address);
    it = find(mm->metrics, mm->nmetrics, name);
    if (!it)
        return bf_fail(err, "no unicast address %s", address);
    if (mm->readd_fault == 1)
        return bf_fail(err, "netsh could not add %s again with SkipAsSource; it was added back as it was", address);
    if (mm->readd_fault == 2) {
        it->name[0] = '-';
        return bf_fail(err, "netsh could not add %s again, nor back as it was: the address is gone", address);
    }
    if (mm->readd_fault != 3)
        it->metric = skip ? 1 : 0;
    return true;
}

void mem_set_skip(mem_machine *mm, const char *address, bool skip)
{
    char name[128];
    mem_item *it;
    snprintf(name, sizeof name, "skip:%s", address);
    it = find(mm->metrics, mm->nmetrics, name);
    if (!it)
        it = add(&mm->metrics, &mm->nmetrics, name);
    it->metric = skip ? 1 : 0;
}

/* INetCfg's binding paths: read as the registry item; a new order must name the same devices (the
 * real bindorder_set can only move paths that exist). */
static bool m_bindorder_get(void *ctx, bf_regval *out, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it = find(mm->regs, mm->nregs, MEM_NETCFG_KEY "\\" MEM_NETCFG_VALUE);
    memset(out, 0, sizeof *out);
    if (!mm->netcfg) {
        bf_fail(err, "INetCfg: FindComponent(ms_tcpip) failed: not implemented (0x80004001)");
        if (err)
            err->code = BF_MACHINE_UNAVAILABLE;
        return false;
    }
    if (!reading(mm, "bindorder-get", "ms_tcpip", err))
        return false;
    if (it && it->v.exists)
        set_val(out, true, it->v.type, it->v.data, it->v.len);
    else
        set_val(out, false, 0, "", 0);
    return true;
}

static size_t multi_sz_units(const bf_regval *v)
{
    return v->len / 2;
}

static bool m_bindorder_set(void *ctx, const bf_regval *order, bool *restart, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    *restart = false;
    mem_item *it = find(mm->regs, mm->nregs, MEM_NETCFG_KEY "\\" MEM_NETCFG_VALUE);
    if (!mm->netcfg || !it)
        return bf_fail(err, "INetCfg is not available");
    if (multi_sz_units(order) != multi_sz_units(&it->v) || order->type != 7)
        return bf_fail(err, "INetCfg: the new binding order does not name the same devices as the paths");
    if (!changing(mm, "bindorder", "ms_tcpip", err))
        return false;
    write_val(it, true, true, 7, order->data, order->len);     /* INetCfg's Apply keeps it */
    *restart = mm->netcfg_restart;
    return true;
}

void mem_set_netcfg(mem_machine *mm, const void *multi_sz, size_t len)
{
    mem_item *it = find(mm->regs, mm->nregs, MEM_NETCFG_KEY "\\" MEM_NETCFG_VALUE);
    if (!it)
        it = add(&mm->regs, &mm->nregs, MEM_NETCFG_KEY "\\" MEM_NETCFG_VALUE);
    write_val(it, true, true, 7, multi_sz, len);
    mm->netcfg = true;
}

/* The limits' reads (bf_fix_journal_check): counted as reads like the others. */
static bool m_hosts_path(void *ctx, char **path, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    if (!reading(mm, "hosts-path", "DataBasePath", err))
        return false;
    if (!mm->hosts)
        return bf_fail(err, "Tcpip\\Parameters\\DataBasePath cannot be read (simulated)");
    *path = malloc(strlen(mm->hosts) + 1);
    if (!*path)
        return bf_fail(err, "out of memory");
    strcpy(*path, mm->hosts);
    return true;
}

static bool m_service_kind(void *ctx, const char *name, bool *exists, bool *driver, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!reading(mm, "service-kind", name, err))
        return false;
    it = find(mm->svcs, mm->nsvcs, name);
    *exists = it != NULL;
    *driver = it && it->driver;
    return true;
}

/* The SCM's Delayed Automatic Start flag (core/machine.h service_delayed_get/set): kept per service,
 * durable at once; refused before Vista (no_delayed); a set the system ignores (delayed_ignored). */
static bool m_service_delayed_get(void *ctx, const char *name, bool *auto_start, bool *delayed, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!reading(mm, "service-delayed", name, err))
        return false;
    if (mm->no_delayed) {
        bf_fail(err, "QueryServiceConfig2W: the info level is not supported (simulated Windows Server 2003)");
        err->code = BF_MACHINE_UNAVAILABLE;
        return false;
    }
    if (!(it = find_svc(mm, name)))
        return bf_fail(err, "service %s does not exist", name);
    *auto_start = it->start == BF_START_AUTO;
    *delayed = it->delayed;
    return true;
}

static bool m_service_delayed_set(void *ctx, const char *name, bool delayed, bf_err *err)
{
    mem_machine *mm = mm_of(ctx);
    mem_item *it;
    if (!changing(mm, "service-delayed", name, err))
        return false;
    if (mm->no_delayed) {
        bf_fail(err, "ChangeServiceConfig2W: the info level is not supported (simulated Windows Server 2003)");
        err->code = BF_MACHINE_UNAVAILABLE;
        return false;
    }
    if (!(it = find_svc(mm, name)))
        return bf_fail(err, "service %s does not exist", name);
    if (!mm->delayed_ignored)
        it->delayed = delayed;
    return true;
}

void mem_set_delayed(mem_machine *mm, const char *name, bf_start_type start, bool delayed)
{
    mem_item *it = find_svc(mm, name);
    if (!it) {
        it = add(&mm->svcs, &mm->nsvcs, name);
        it->state = BF_SVC_RUNNING;
    }
    it->start = start;
    it->delayed = delayed;
}

void mem_set_driver(mem_machine *mm, const char *name)
{
    mem_item *it = find(mm->svcs, mm->nsvcs, name);
    if (!it)
        it = add(&mm->svcs, &mm->nsvcs, name);
    it->state = BF_SVC_STOPPED;
    it->driver = true;
}

void mem_multi_sz(unsigned char *out, size_t *len, const char *a, const char *b)
{
    const char *s[2] = {a, b};
    size_t n = 0, i, j;
    for (i = 0; i < 2; i++) {
        for (j = 0; s[i][j]; j++) {
            out[n++] = (unsigned char)s[i][j];
            out[n++] = 0;
        }
        out[n++] = 0;
        out[n++] = 0;
    }
    out[n++] = 0;
    out[n++] = 0;
    *len = n;
}

void mem_init(mem_machine *mm)
{
    memset(mm, 0, sizeof *mm);
    mm->admin = true;
    mm->m.ctx = mm;
    mm->m.can_change = m_can_change;
    mm->m.reg_read = m_reg_read;
    mm->m.reg_write = m_reg_write;
    mm->m.file_read = m_file_read;
    mm->m.file_replace = m_file_replace;
    mm->m.service_state = m_service_state;
    mm->m.service_stop = m_service_stop;
    mm->m.service_start = m_service_start;
    mm->m.services_control = m_services_control;
    mm->m.service_end_process = m_service_end_process;
    mm->m.metric_get = m_metric_get;
    mm->m.metric_set = m_metric_set;
    mm->m.skip_get = m_skip_get;
    mm->m.skip_set = m_skip_set;
    mm->m.skip_readd = m_skip_readd;
    mm->m.bindorder_get = m_bindorder_get;
    mm->m.bindorder_set = m_bindorder_set;
    mm->m.port_exclusions_get = m_port_exclusions_get;
    mm->m.port_exclusion_edit = m_port_exclusion_edit;
    mm->m.hosts_path = m_hosts_path;
    mm->m.service_kind = m_service_kind;
    mm->m.service_delayed_get = m_service_delayed_get;
    mm->m.service_delayed_set = m_service_delayed_set;
    mm->m.audit = NULL;
    bf_buf_init(&mm->log);
}

static void free_items(mem_item *items, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        free(items[i].name);
        free(items[i].v.data);
        free(items[i].disk.data);
        free(items[i].depends_on);
    }
    free(items);
}

void mem_free(mem_machine *mm)
{
    free_items(mm->regs, mm->nregs);
    free_items(mm->files, mm->nfiles);
    free_items(mm->svcs, mm->nsvcs);
    free_items(mm->metrics, mm->nmetrics);
    bf_buf_free(&mm->log);
}

void mem_set_reg(mem_machine *mm, const char *key, const char *value, unsigned type, const void *data, size_t len)
{
    char name[512];
    mem_item *it;
    snprintf(name, sizeof name, "%s\\%s", key, value);
    it = find(mm->regs, mm->nregs, name);
    if (!it)
        it = add(&mm->regs, &mm->nregs, name);
    write_val(it, true, true, type, data, len);
}

void mem_set_file(mem_machine *mm, const char *path, const char *data, size_t len)
{
    mem_item *it = find(mm->files, mm->nfiles, path);
    if (!it)
        it = add(&mm->files, &mm->nfiles, path);
    write_val(it, true, true, 0, data, len);
}

void mem_set_service(mem_machine *mm, const char *name, bf_svc_state st)
{
    mem_item *it = find_svc(mm, name);
    if (!it)
        it = add(&mm->svcs, &mm->nsvcs, name);
    it->state = st;
}

const mem_item *mem_find_file(const mem_machine *mm, const char *path)
{
    const mem_item *it = find(mm->files, mm->nfiles, path);
    return it && it->v.exists ? it : NULL;
}

const mem_item *mem_find_reg(const mem_machine *mm, const char *key, const char *value)
{
    char name[512];
    snprintf(name, sizeof name, "%s\\%s", key, value);
    return find(mm->regs, mm->nregs, name);
}

static int lose_unflushed(mem_item *items, size_t n, bool file, mem_loss how)
{
    size_t i;
    int changed = 0;
    for (i = 0; i < n; i++) {
        mem_item *it = &items[i];
        if (!it->unflushed)
            continue;
        it->unflushed = false;
        if (file && how == MEM_LOSS_NEW) {
            set_val(&it->disk, it->v.exists, it->v.type, it->v.data, it->v.len);
            continue;
        }
        if (file && how == MEM_LOSS_EMPTY)
            set_val(&it->disk, true, 0, "", 0);   /* the rename reached the disk, the data did not */
        if (it->v.exists != it->disk.exists || it->v.len != it->disk.len ||
            (it->v.len && memcmp(it->v.data, it->disk.data, it->v.len) != 0))
            changed++;
        set_val(&it->v, it->disk.exists, it->disk.type, it->disk.data, it->disk.len);
    }
    return changed;
}

int mem_power_cut(mem_machine *mm, mem_loss files)
{
    return lose_unflushed(mm->regs, mm->nregs, false, files) + lose_unflushed(mm->files, mm->nfiles, true, files);
}

char *mem_dump(const mem_machine *mm, const char *except)
{
    bf_buf b;
    size_t i, j;
    bf_buf_init(&b);
    for (i = 0; i < mm->nregs; i++) {
        if (!mm->regs[i].v.exists)
            continue;   /* a deleted value is an absent one, as in a registry export */
        bf_buf_printf(&b, "reg %s exists=%d type=%u ", mm->regs[i].name, mm->regs[i].v.exists, mm->regs[i].v.type);
        for (j = 0; j < mm->regs[i].v.len; j++)
            bf_buf_printf(&b, "%02x", mm->regs[i].v.data[j]);
        bf_buf_putc(&b, '\n');
    }
    for (i = 0; i < mm->nfiles; i++) {
        if (!mm->files[i].v.exists || (except && strstr(mm->files[i].name, except)))
            continue;
        bf_buf_printf(&b, "file %s %zu\n", mm->files[i].name, mm->files[i].v.len);
        bf_buf_append(&b, (const char *)mm->files[i].v.data, mm->files[i].v.len);
        bf_buf_putc(&b, '\n');
    }
    for (i = 0; i < mm->nsvcs; i++)
        bf_buf_printf(&b, "svc %s %d start %d delayed %d\n", mm->svcs[i].name, (int)mm->svcs[i].state,
                      (int)mm->svcs[i].start, (int)mm->svcs[i].delayed);
    for (i = 0; i < mm->nmetrics; i++)
        bf_buf_printf(&b, "metric %s %d\n", mm->metrics[i].name, mm->metrics[i].metric);
    return bf_buf_take(&b);
}

void mem_kb_machine(mem_machine *mm, bool netcfg)
{
    static const char hosts[] = MEM_KB_HOSTS_TEXT;
    unsigned char b[512];
    size_t n;
    mem_init(mm);
    mem_multi_sz(b, &n, "\\Device\\" MEM_KB_DUN, "\\Device\\" MEM_KB_LAN);
    mem_set_reg(mm, MEM_KB_LINKAGE, "Bind", 7, b, n);
    if (netcfg)
        mem_set_netcfg(mm, b, n);
    mem_set_file(mm, MEM_KB_HOSTS, hosts, sizeof hosts - 1);
    mem_set_service(mm, "MSExchangeSA", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeDS", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeIS", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeMTA", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeIMC", BF_SVC_RUNNING);
}
