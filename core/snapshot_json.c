/* snapshot_json.c - the snapshot file: deterministic writer and strict reader (see snapshot_json.h and
 * help/snapshot-format.md). The key order of the writer is the reader's list of allowed keys, so the
 * two cannot drift apart: both use the same key tables below. */
#include "snapshot_json.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "policy.h"

/* ---------------------------------------------------------------- key tables (order = file order) */

static const char *const top_keys[] = {"schema", "version", "origin", "collected_at", "tool_version", "hostname",
                                       "fqdn", "os", "adapters", "binding", "resolver", "hosts", "endpoints",
                                       "listeners", "services", "event_log"};
/* Report files add these; the snapshot reader parses and ignores them. */
static const char *const reserved_top_keys[] = {"diagnosis", "findings", "actions", "verification", "report",
                                                "services_problem" /* optional, read below: present when not "" */,
                                                "port_ranges" /* optional, read below: present when collected */,
                                                "http_listen" /* optional, read below: present when collected */,
                                                "ipv6_policy" /* optional: snapshots before it have none */,
                                                "pins" /* optional, read below: present when collected */,
                                                "dns_publication" /* optional: present when collected */,
                                                "source_addresses" /* optional: present when collected */};
static const char *const os_keys[] = {"product", "major", "minor", "build", "sp_major", "sp_minor",
                                      "csd", "product_type", "hotfixes"};
static const char *const adapter_keys[] = {"guid", "friendly_name", "description", "kind", "status", "if_type",
                                           "if_index", "metric4", "metric6", "mac", "addresses"};
static const char *const adapter_optional[] = {"gateway", "dns_register"};    /* may be absent: snapshots before it */
static const char *const address_keys[] = {"address", "family", "prefix_length", "dad_state", "skip_as_source"};
static const char *const address_optional[] = {"origin", "created"};     /* may be absent: snapshots before it */
static const char *const binding_keys[] = {"status", "source", "problem", "entries"};
static const char *const resolution_keys[] = {"api", "query", "error", "addresses"};
static const char *const hosts_keys[] = {"status", "path", "problem", "entries"};
static const char *const hosts_entry_keys[] = {"line", "address", "names", "text"};
static const char *const endpoint_keys[] = {"protocol", "transport", "port", "service", "probes"};
static const char *const endpoint_optional[] = {"socket_options"};  /* absent: none (and snapshots before it) */
static const char *const probe_keys[] = {"address", "result", "error", "owner_pid", "owner", "greeting", "greeting_text"};
static const char *const listener_keys[] = {"transport", "address", "port", "pid", "process", "services"};
static const char *const service_keys[] = {"name", "display_name", "state", "start_type", "pid", "binary",
                                           "exit_code", "dependencies"};
static const char *const service_optional[] = {"started"};    /* absent: not known (and snapshots before it) */
static const char *const outbound_keys[] = {"destination", "source", "error"};
static const char *const dns_keys[] = {"status", "source", "problem", "name", "error", "addresses"};
static const char *const event_log_keys[] = {"status", "problem", "events"};
static const char *const ipv6_policy_keys[] = {"status", "source", "problem", "disabled_components", "policies"};
static const char *const prefix_policy_keys[] = {"prefix", "precedence", "label"};
static const char *const event_keys[] = {"log", "source", "event_id", "type", "time", "record", "message", "inserts"};
static const char *const port_ranges_keys[] = {"status", "source", "problem", "dynamic_start", "dynamic_count",
                                               "max_user_port", "ranges"};
static const char *const http_listen_keys[] = {"status", "source", "problem", "addresses"};
/* may be absent: snapshots before the PID 4 attribution (issue 15), and machines with none */
static const char *const http_listen_optional[] = {"url_reservations", "ssl_bindings"};
static const char *const port_range_keys[] = {"transport", "family", "start", "end", "administered", "kind"};
static const char *const pins_keys[] = {"status", "problem", "entries"};
static const char *const pin_keys[] = {"product", "instance", "service", "setting", "role", "address", "adapter",
                                       "port", "enabled", "fix_kind", "fix_key", "fix_value"};

/* ---------------------------------------------------------------- writer */

typedef struct writer {
    bf_buf *b;
    int depth;
    bool first[BF_JSON_MAX_DEPTH + 2];
} writer;

static void w_sep(writer *w)
{
    if (!w->first[w->depth])
        bf_buf_putc(w->b, ',');
    w->first[w->depth] = false;
    bf_buf_putc(w->b, '\n');
    bf_buf_repeat(w->b, ' ', (size_t)w->depth * 2);
}

static void w_key(writer *w, const char *key)
{
    w_sep(w);
    if (key) {
        bf_json_write_string(w->b, key);
        bf_buf_puts(w->b, ": ");
    }
}

static void w_open(writer *w, const char *key, char bracket)
{
    w_key(w, key);
    bf_buf_putc(w->b, bracket);
    w->depth++;
    w->first[w->depth] = true;
}

static void w_close(writer *w, char bracket)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty) {
        bf_buf_putc(w->b, '\n');
        bf_buf_repeat(w->b, ' ', (size_t)w->depth * 2);
    }
    bf_buf_putc(w->b, bracket);
}

static void w_str(writer *w, const char *key, const char *v)
{
    w_key(w, key);
    bf_json_write_string(w->b, v);
}

static void w_int(writer *w, const char *key, long long v)
{
    w_key(w, key);
    bf_buf_printf(w->b, "%lld", v);
}

static void w_tri(writer *w, const char *key, bf_tristate v)
{
    w_key(w, key);
    bf_buf_puts(w->b, v == BF_TRI_YES ? "true" : v == BF_TRI_NO ? "false" : "null");
}

/* Arrays of strings stay on one line: they are short lists (hotfixes, dependencies, addresses). */
static void w_str_list(writer *w, const char *key, char *const *items, size_t count)
{
    size_t i;
    w_key(w, key);
    bf_buf_putc(w->b, '[');
    for (i = 0; i < count; i++) {
        if (i)
            bf_buf_puts(w->b, ", ");
        bf_json_write_string(w->b, items[i]);
    }
    bf_buf_putc(w->b, ']');
}

/* Excluded and reserved port ranges (issue 15; core/portranges.c): written only when collected, so a
 * snapshot without them reads as it always did. */
static void write_port_ranges(writer *w, const bf_port_ranges *pr)
{
    size_t i;
    if (pr->status == BF_SECTION_NOT_COLLECTED)
        return;
    w_open(w, "port_ranges", '{');
    w_str(w, "status", bf_section_status_token(pr->status));
    w_str(w, "source", pr->source);
    w_str(w, "problem", pr->problem);
    w_int(w, "dynamic_start", pr->dynamic_start);
    w_int(w, "dynamic_count", pr->dynamic_count);
    w_int(w, "max_user_port", pr->max_user_port);
    w_open(w, "ranges", '[');
    for (i = 0; i < pr->range_count; i++) {
        const bf_port_range *r = &pr->ranges[i];
        w_open(w, NULL, '{');
        w_str(w, "transport", r->transport);
        w_int(w, "family", r->family);
        w_int(w, "start", r->start);
        w_int(w, "end", r->end);
        w_tri(w, "administered", r->administered ? BF_TRI_YES : BF_TRI_NO);
        w_str(w, "kind", r->kind);
        w_close(w, '}');
    }
    w_close(w, ']');
    w_close(w, '}');
}

/* The products' own listen settings (core/pins.h): written only when collected, so that snapshots
 * without the section read as before in older bindfix versions too. */
static void write_pins(writer *w, const bf_pins *p)
{
    size_t i;
    if (p->status == BF_SECTION_NOT_COLLECTED)
        return;
    w_open(w, "pins", '{');
    w_str(w, "status", bf_section_status_token(p->status));
    w_str(w, "problem", p->problem);
    w_open(w, "entries", '[');
    for (i = 0; i < p->count; i++) {
        const bf_pin *e = &p->items[i];
        w_open(w, NULL, '{');
        w_str(w, "product", e->product);
        w_str(w, "instance", e->instance);
        w_str(w, "service", e->service);
        w_str(w, "setting", e->setting);
        w_str(w, "role", bf_pin_role_token(e->role));
        w_str(w, "address", e->address);
        w_str(w, "adapter", e->adapter);
        w_int(w, "port", e->port);
        w_tri(w, "enabled", e->enabled ? BF_TRI_YES : BF_TRI_NO);
        w_str(w, "fix_kind", e->fix_kind);
        w_str(w, "fix_key", e->fix_key);
        w_str(w, "fix_value", e->fix_value);
        w_close(w, '}');
    }
    w_close(w, ']');
    w_close(w, '}');
}

/* http.sys's listen list (issue 15): written only when collected. */
static void write_http_listen(writer *w, const bf_http_listen *h)
{
    if (h->status == BF_SECTION_NOT_COLLECTED)
        return;
    w_open(w, "http_listen", '{');
    w_str(w, "status", bf_section_status_token(h->status));
    w_str(w, "source", h->source);
    w_str(w, "problem", h->problem);
    w_str_list(w, "addresses", h->addresses, h->address_count);
    if (h->url_count)
        w_str_list(w, "url_reservations", h->url_reservations, h->url_count);
    if (h->ssl_count)
        w_str_list(w, "ssl_bindings", h->ssl_bindings, h->ssl_count);
    w_close(w, '}');
}

static void write_snapshot_members(writer *w, const bf_snapshot *s)
{
    size_t i, j;
    w_str(w, "schema", BF_SNAPSHOT_SCHEMA);
    w_int(w, "version", BF_SNAPSHOT_VERSION);
    w_str(w, "origin", s->origin);
    w_str(w, "collected_at", s->collected_at);
    w_str(w, "tool_version", s->tool_version);
    w_str(w, "hostname", s->hostname);
    w_str(w, "fqdn", s->fqdn);

    w_open(w, "os", '{');
    w_str(w, "product", s->os.product);
    w_int(w, "major", s->os.major);
    w_int(w, "minor", s->os.minor);
    w_int(w, "build", s->os.build);
    w_int(w, "sp_major", s->os.sp_major);
    w_int(w, "sp_minor", s->os.sp_minor);
    w_str(w, "csd", s->os.csd);
    w_str(w, "product_type", s->os.product_type);
    w_str_list(w, "hotfixes", s->os.hotfixes, s->os.hotfix_count);
    w_close(w, '}');

    w_open(w, "adapters", '[');
    for (i = 0; i < s->adapter_count; i++) {
        const bf_adapter *a = &s->adapters[i];
        w_open(w, NULL, '{');
        w_str(w, "guid", a->guid);
        w_str(w, "friendly_name", a->friendly_name);
        w_str(w, "description", a->description);
        w_str(w, "kind", bf_adapter_kind_token(a->kind));
        w_str(w, "status", bf_oper_status_token(a->status));
        w_int(w, "if_type", a->if_type);
        w_int(w, "if_index", a->if_index);
        w_int(w, "metric4", a->metric4);
        w_int(w, "metric6", a->metric6);
        w_str(w, "mac", a->mac);
        w_open(w, "addresses", '[');
        for (j = 0; j < a->address_count; j++) {
            const bf_address *ad = &a->addresses[j];
            w_open(w, NULL, '{');
            w_str(w, "address", ad->address);
            w_int(w, "family", ad->family);
            w_int(w, "prefix_length", ad->prefix_length);
            w_str(w, "dad_state", bf_dad_state_token(ad->dad_state));
            w_tri(w, "skip_as_source", ad->skip_as_source);
            if (ad->origin != BF_ORIGIN_UNKNOWN)    /* optional: older snapshots have none */
                w_str(w, "origin", bf_addr_origin_token(ad->origin));
            if (ad->created[0])     /* optional: not known on Wine and before Vista */
                w_str(w, "created", ad->created);
            w_close(w, '}');
        }
        w_close(w, ']');
        if (a->gateway[0])      /* optional: older snapshots have none */
            w_str(w, "gateway", a->gateway);
        if (a->dns_register != BF_TRI_UNKNOWN)  /* optional: not read */
            w_tri(w, "dns_register", a->dns_register);
        w_close(w, '}');
    }
    w_close(w, ']');

    w_open(w, "binding", '{');
    w_str(w, "status", bf_section_status_token(s->binding.status));
    w_str(w, "source", s->binding.source);
    w_str(w, "problem", s->binding.problem);
    w_str_list(w, "entries", s->binding.entries, s->binding.entry_count);
    w_close(w, '}');

    w_open(w, "resolver", '[');
    for (i = 0; i < s->resolver_count; i++) {
        const bf_resolution *r = &s->resolver[i];
        w_open(w, NULL, '{');
        w_str(w, "api", r->api);
        w_str(w, "query", r->query);
        w_int(w, "error", r->error);
        w_str_list(w, "addresses", r->addresses, r->address_count);
        w_close(w, '}');
    }
    w_close(w, ']');

    w_open(w, "hosts", '{');
    w_str(w, "status", bf_section_status_token(s->hosts.status));
    w_str(w, "path", s->hosts.path);
    w_str(w, "problem", s->hosts.problem);
    w_open(w, "entries", '[');
    for (i = 0; i < s->hosts.entry_count; i++) {
        const bf_hosts_entry *e = &s->hosts.entries[i];
        w_open(w, NULL, '{');
        w_int(w, "line", e->line);
        w_str(w, "address", e->address);
        w_str(w, "names", e->names);
        w_str(w, "text", e->text);
        w_close(w, '}');
    }
    w_close(w, ']');
    w_close(w, '}');

    w_open(w, "endpoints", '[');
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        w_open(w, NULL, '{');
        w_str(w, "protocol", e->protocol);
        w_str(w, "transport", e->transport);
        w_int(w, "port", e->port);
        w_str(w, "service", e->service);
        if (e->sockopt != BF_SOCKOPT_NONE)     /* the catalogue's socket-options: the bind prediction uses it */
            w_str(w, "socket_options", bf_sockopt_token(e->sockopt));
        w_open(w, "probes", '[');
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            w_open(w, NULL, '{');
            w_str(w, "address", p->address);
            w_str(w, "result", bf_probe_result_token(p->result));
            w_int(w, "error", p->error);
            w_int(w, "owner_pid", p->owner_pid);
            w_str(w, "owner", p->owner);
            w_str(w, "greeting", bf_greeting_token(p->greeting));
            w_str(w, "greeting_text", p->greeting_text);
            w_close(w, '}');
        }
        w_close(w, ']');
        w_close(w, '}');
    }
    w_close(w, ']');

    w_open(w, "listeners", '[');
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        w_open(w, NULL, '{');
        w_str(w, "transport", l->transport);
        w_str(w, "address", l->address);
        w_int(w, "port", l->port);
        w_int(w, "pid", l->pid);
        w_str(w, "process", l->process);
        w_str_list(w, "services", l->services, l->service_count);
        w_close(w, '}');
    }
    w_close(w, ']');

    w_open(w, "services", '[');
    for (i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        w_open(w, NULL, '{');
        w_str(w, "name", v->name);
        w_str(w, "display_name", v->display_name);
        w_str(w, "state", bf_svc_state_token(v->state));
        w_str(w, "start_type", bf_start_type_token(v->start_type));
        w_int(w, "pid", v->pid);
        w_str(w, "binary", v->binary);
        w_int(w, "exit_code", v->exit_code);
        w_str_list(w, "dependencies", v->dependencies, v->dependency_count);
        if (v->started[0])      /* optional: not known, not running, or snapshots before it */
            w_str(w, "started", v->started);
        w_close(w, '}');
    }
    w_close(w, ']');
    if (s->services_problem[0])     /* only then: a complete list writes what older readers expect */
        w_str(w, "services_problem", s->services_problem);

    w_open(w, "event_log", '{');
    w_str(w, "status", bf_section_status_token(s->event_log.status));
    w_str(w, "problem", s->event_log.problem);
    w_open(w, "events", '[');
    for (i = 0; i < s->event_log.event_count; i++) {
        const bf_event *e = &s->event_log.events[i];
        w_open(w, NULL, '{');
        w_str(w, "log", e->log);
        w_str(w, "source", e->source);
        w_int(w, "event_id", e->event_id);
        w_str(w, "type", e->type);
        w_str(w, "time", e->time);
        w_int(w, "record", e->record);
        w_str(w, "message", e->message);
        w_str_list(w, "inserts", e->inserts, e->insert_count);
        w_close(w, '}');
    }
    w_close(w, ']');
    w_close(w, '}');
    write_port_ranges(w, &s->port_ranges);
    write_http_listen(w, &s->http_listen);

    if (s->ipv6_policy.status != BF_SECTION_NOT_COLLECTED) {  /* only then: older readers know no such key */
        const bf_ipv6_policy *p = &s->ipv6_policy;
        w_open(w, "ipv6_policy", '{');
        w_str(w, "status", bf_section_status_token(p->status));
        w_str(w, "source", p->source);
        w_str(w, "problem", p->problem);
        w_int(w, "disabled_components", p->disabled_components);
        w_open(w, "policies", '[');
        for (i = 0; i < p->policy_count; i++) {
            w_open(w, NULL, '{');
            w_str(w, "prefix", p->policies[i].prefix);
            w_int(w, "precedence", p->policies[i].precedence);
            w_int(w, "label", p->policies[i].label);
            w_close(w, '}');
        }
        w_close(w, ']');
        w_close(w, '}');
    }
    write_pins(w, &s->pins);
    if (s->dns.status != BF_SECTION_NOT_COLLECTED) {  /* only then: older readers know no such key */
        w_open(w, "dns_publication", '{');
        w_str(w, "status", bf_section_status_token(s->dns.status));
        w_str(w, "source", s->dns.source);
        w_str(w, "problem", s->dns.problem);
        w_str(w, "name", s->dns.name);
        w_int(w, "error", s->dns.error);
        w_str_list(w, "addresses", s->dns.addresses, s->dns.address_count);
        w_close(w, '}');
    }
    if (s->outbound_count) {    /* only then: older readers know no such key */
        w_open(w, "source_addresses", '[');
        for (i = 0; i < s->outbound_count; i++) {
            w_open(w, NULL, '{');
            w_str(w, "destination", s->outbound[i].destination);
            w_str(w, "source", s->outbound[i].source);
            w_int(w, "error", s->outbound[i].error);
            w_close(w, '}');
        }
        w_close(w, ']');
    }
}

void bf_snapshot_write_json(const bf_snapshot *snap, bf_buf *out)
{
    bf_snapshot_write_json_with(snap, NULL, NULL, NULL, out);
}

void bf_snapshot_write_json_with(const bf_snapshot *snap, const char *extra_key,
                                 void (*extra)(const void *ctx, bf_buf *out, int indent), const void *extra_ctx,
                                 bf_buf *out)
{
    writer w;
    memset(&w, 0, sizeof(w));
    w.b = out;
    bf_buf_putc(out, '{');
    w.depth = 1;
    w.first[1] = true;
    write_snapshot_members(&w, snap);
    if (extra_key && extra) {
        w_key(&w, extra_key);
        extra(extra_ctx, out, 1);
    }
    bf_buf_puts(out, "\n}\n");
}

/* ---------------------------------------------------------------- reader */

/* The reader parses lazily (bf_json_parse_lazy): the whole text is checked first, as before, but the
 * elements of the big arrays (events, hosts lines, addresses, probes) are built one at a time into a
 * scratch arena that is emptied after each, and only the strings the snapshot keeps go to its arena.
 * A DOM of the whole file took 7 to 9 times the file's size. bf_snapshot_read_json tries a faster way
 * first (bf_json_parse_taking: events and hosts lines read in the same pass) and falls back to this
 * one on any error, whose messages are the reader's. */
#define LAZY_DEPTH 4

typedef struct reader {
    bf_snapshot *s;
    const char *where;
    bf_err *err;
    const char *text;
    size_t len;
    bf_arena *scratch;      /* expanded elements; emptied after each element */
    const bf_json *last_obj;    /* member(): the object last looked in, and the index after the hit */
    size_t next_member;
} reader;

/* Member `key` of obj (NULL when absent or obj is no object). The reader asks for members in the
 * writer's order, so the search starts after the member found last in the same object and usually
 * hits at once; it wraps round, so any order is found. */
static const bf_json *member(reader *r, const bf_json *obj, const char *key)
{
    size_t i, k, n;
    if (!obj || obj->type != BF_JSON_OBJECT)
        return NULL;
    n = obj->count;
    i = obj == r->last_obj && r->next_member < n ? r->next_member : 0;
    for (k = 0; k < n; k++, i = i + 1 < n ? i + 1 : 0) {
        if (obj->keys[i][0] == key[0] && strcmp(obj->keys[i], key) == 0) {
            r->last_obj = obj;
            r->next_member = i + 1;
            return obj->items[i];
        }
    }
    return NULL;
}

/* v built in full (the scratch arena holds it until the next reset). */
static const bf_json *expand(reader *r, const bf_json *v)
{
    if (!v || !v->lazy)
        return v;
    return bf_json_expand(r->scratch, r->s->arena, v, r->text, r->len, r->where, r->err);
}

static bool reset_scratch(reader *r)
{
    bf_arena_reset(r->scratch);
    r->last_obj = NULL;     /* the next element may be built where this one was */
    return true;
}

/* Sizes a model array for n more items at once, so that reading does not leave outgrown copies behind
 * in the snapshot's arena (growing by doubling there costs up to twice the final array). */
static void reserve(reader *r, void **items, size_t count, size_t *cap, size_t n, size_t elem_size)
{
    void *grown;
    if (n == 0 || *cap >= count + n || n > SIZE_MAX / 4 / elem_size - count)
        return;
    grown = bf_arena_alloc_array(r->s->arena, count + n, elem_size);
    if (!grown)
        return;     /* the push that follows fails and says so */
    if (count)
        memcpy(grown, *items, count * elem_size);
    *items = grown;
    *cap = count + n;
}
#define RESERVE(r, arr, count, cap, n) reserve((r), (void **)&(arr), (count), &(cap), (n), sizeof(*(arr)))

/* "a N" or "a N b M" into buf (what an element is called in messages): written for every element read,
 * so by hand, not with snprintf, which cost as much as reading the element. */
static void numbered(char *buf, size_t size, const char *a, size_t n, const char *b, size_t m)
{
    size_t used = 0;
    int part;
    for (part = 0; part < 2; part++) {
        const char *text = part ? b : a;
        size_t num = part ? m : n;
        char digits[24];
        size_t k = 0;
        if (!text)
            break;
        while (*text && used + 1 < size)
            buf[used++] = *text++;
        do {
            digits[k++] = (char)('0' + num % 10);
            num /= 10;
        } while (num);
        while (k && used + 1 < size)
            buf[used++] = digits[--k];
    }
    buf[used] = '\0';
}

static bool rfail(reader *r, const bf_json *at, const char *fmt, const char *a, const char *b)
{
    char msg[600];
    snprintf(msg, sizeof(msg), fmt, a, b ? b : "");
    return bf_fail_at(r->err, r->where, at ? at->line : 0, at ? at->col : 0, "%s", msg);
}

static bool in_list(const char *key, const char *const *keys, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(keys[i], key) == 0)
            return true;
    return false;
}

/* The object must be an object with exactly these keys (extra allowed only from `ignored`). */
static bool check_object(reader *r, const bf_json *v, const char *what, const char *const *keys, size_t n,
                         const char *const *ignored, size_t n_ignored)
{
    size_t i, in_order = 0;
    char list[400];
    if (!v || v->type != BF_JSON_OBJECT)
        return rfail(r, v, "expected an object for %s but found %s", what, v ? bf_json_type_name(v->type) : "nothing");
    for (i = 0; i < v->count; i++) {
        if (i < n && strcmp(v->keys[i], keys[i]) == 0) {
            in_order++;
            continue;   /* the writer's order: the usual case, one comparison */
        }
        if (!in_list(v->keys[i], keys, n) && !in_list(v->keys[i], ignored, n_ignored)) {
            size_t k, used = 0;
            list[0] = '\0';
            for (k = 0; k < n && used + 1 < sizeof(list); k++)
                used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", k ? ", " : "", keys[k]);
            return bf_fail_at(r->err, r->where, v->key_lines[i], v->key_cols[i],
                              "unknown key \"%.80s\" in %s (expected one of: %s)", v->keys[i], what, list);
        }
    }
    if (in_order == n && v->count == n)
        return true;    /* every key in its place (keys are never duplicate): none is missing */
    for (i = 0; i < n; i++)
        if (!member(r, v, keys[i]))
            return bf_fail_at(r->err, r->where, v->line, v->col, "missing key \"%s\" in %s", keys[i], what);
    return true;
}

static bool get_str(reader *r, const bf_json *obj, const char *key, const char *what, char **out)
{
    const bf_json *v = member(r, obj, key);
    if (!v || v->type != BF_JSON_STRING) {
        char ctx[200];
        snprintf(ctx, sizeof(ctx), "\"%s\" in %s", key, what);
        return rfail(r, v, "expected a string for %s but found %s", ctx, v ? bf_json_type_name(v->type) : "nothing");
    }
    *out = v->string;
    return true;
}

static bool get_int(reader *r, const bf_json *obj, const char *key, const char *what, long long min, long long max,
                    long long *out)
{
    const bf_json *v = member(r, obj, key);
    if (!v || v->type != BF_JSON_INT) {
        char ctx[200];
        snprintf(ctx, sizeof(ctx), "\"%s\" in %s", key, what);
        return rfail(r, v, "expected an integer for %s but found %s", ctx, v ? bf_json_type_name(v->type) : "nothing");
    }
    if (v->integer < min || v->integer > max)
        return bf_fail_at(r->err, r->where, v->line, v->col, "\"%s\" in %s is %lld, outside %lld..%lld", key, what,
                          v->integer, min, max);
    *out = v->integer;
    return true;
}

static bool get_i(reader *r, const bf_json *obj, const char *key, const char *what, int min, int max, int *out)
{
    long long v;
    if (!get_int(r, obj, key, what, min, max, &v))
        return false;
    *out = (int)v;
    return true;
}

typedef bool (*token_parser)(const char *tok, int *out);

static bool get_token(reader *r, const bf_json *obj, const char *key, const char *what, const char *const *tokens,
                      int count, int *out)
{
    char *s;
    int i;
    char list[300];
    size_t used = 0;
    if (!get_str(r, obj, key, what, &s))
        return false;
    for (i = 0; i < count; i++) {
        if (strcmp(tokens[i], s) == 0) {
            *out = i;
            return true;
        }
    }
    list[0] = '\0';
    for (i = 0; i < count && used + 1 < sizeof(list); i++)
        used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", tokens[i]);
    {
        const bf_json *v = member(r, obj, key);
        return bf_fail_at(r->err, r->where, v->line, v->col, "\"%.80s\" is not a valid \"%s\" in %s (expected one of: %s)",
                          s, key, what, list);
    }
}

/* Token tables are built from the model's token functions so the reader accepts exactly what the
 * writer writes. */
#define TOKENS(name, count, fn)                    \
    const char *name[count];                       \
    do {                                           \
        int t_;                                    \
        for (t_ = 0; t_ < (count); t_++)           \
            name[t_] = fn(t_);                     \
    } while (0)

static bool get_tri(reader *r, const bf_json *obj, const char *key, const char *what, bf_tristate *out)
{
    const bf_json *v = member(r, obj, key);
    if (v && v->type == BF_JSON_NULL) {
        *out = BF_TRI_UNKNOWN;
        return true;
    }
    if (v && v->type == BF_JSON_BOOL) {
        *out = v->boolean ? BF_TRI_YES : BF_TRI_NO;
        return true;
    }
    {
        char ctx[200];
        snprintf(ctx, sizeof(ctx), "\"%s\" in %s", key, what);
        return rfail(r, v, "expected true, false or null for %s but found %s", ctx,
                     v ? bf_json_type_name(v->type) : "nothing");
    }
}

static const bf_json *get_array(reader *r, const bf_json *obj, const char *key, const char *what)
{
    const bf_json *v = member(r, obj, key);
    if (!v || v->type != BF_JSON_ARRAY) {
        char ctx[200];
        snprintf(ctx, sizeof(ctx), "\"%s\" in %s", key, what);
        rfail(r, v, "expected an array for %s but found %s", ctx, v ? bf_json_type_name(v->type) : "nothing");
        return NULL;
    }
    return expand(r, v);
}

static bool get_str_list(reader *r, const bf_json *obj, const char *key, const char *what, char ***items,
                         size_t *count, size_t *cap)
{
    const bf_json *arr = get_array(r, obj, key, what);
    size_t i;
    if (!arr)
        return false;
    reserve(r, (void **)items, *count, cap, arr->count, sizeof(char *));
    for (i = 0; i < arr->count; i++) {
        const bf_json *v = arr->items[i];
        char **slot;
        if (v->type != BF_JSON_STRING) {
            char ctx[200];
            snprintf(ctx, sizeof(ctx), "\"%s\" in %s", key, what);
            return rfail(r, v, "expected strings in %s but found %s", ctx, bf_json_type_name(v->type));
        }
        slot = bf_arena_push(r->s->arena, (void **)items, count, cap, sizeof(char *));
        if (!slot)
            return bf_fail(r->err, "out of memory");
        *slot = v->string;
    }
    return true;
}

#define CHECK_OBJ(v, what, keys) check_object(r, (v), (what), (keys), BF_COUNTOF(keys), NULL, 0)

static bool read_os(reader *r, const bf_json *v)
{
    bf_os *os = &r->s->os;
    const char *w = "\"os\"";
    return CHECK_OBJ(v, w, os_keys) && get_str(r, v, "product", w, &os->product) &&
           get_i(r, v, "major", w, -1, 1000, &os->major) && get_i(r, v, "minor", w, -1, 1000, &os->minor) &&
           get_i(r, v, "build", w, -1, INT_MAX, &os->build) && get_i(r, v, "sp_major", w, 0, 100, &os->sp_major) &&
           get_i(r, v, "sp_minor", w, 0, 100, &os->sp_minor) && get_str(r, v, "csd", w, &os->csd) &&
           get_str(r, v, "product_type", w, &os->product_type) &&
           get_str_list(r, v, "hotfixes", w, &os->hotfixes, &os->hotfix_count, &os->hotfix_cap);
}

static bool read_adapter(reader *r, const bf_json *v, size_t index)
{
    char w[64], wa[96];
    bf_adapter *a;
    const bf_json *addrs;
    int kind, status, i;
    size_t j;
    TOKENS(kind_t, BF_KIND__COUNT, bf_adapter_kind_token);
    TOKENS(oper_t, BF_OPER__COUNT, bf_oper_status_token);
    TOKENS(dad_t, BF_DAD__COUNT, bf_dad_state_token);
    numbered(w, sizeof(w), "adapter #", index + 1, NULL, 0);
    if (!check_object(r, v, w, adapter_keys, BF_COUNTOF(adapter_keys), adapter_optional, BF_COUNTOF(adapter_optional)))
        return false;
    if (!(a = bf_snap_add_adapter(r->s)))
        return bf_fail(r->err, "out of memory");
    if (member(r, v, "gateway") && !get_str(r, v, "gateway", w, &a->gateway))
        return false;
    if (member(r, v, "dns_register") && !get_tri(r, v, "dns_register", w, &a->dns_register))
        return false;
    if (!get_str(r, v, "guid", w, &a->guid) || !get_str(r, v, "friendly_name", w, &a->friendly_name) ||
        !get_str(r, v, "description", w, &a->description) ||
        !get_token(r, v, "kind", w, kind_t, BF_KIND__COUNT, &kind) ||
        !get_token(r, v, "status", w, oper_t, BF_OPER__COUNT, &status) ||
        !get_i(r, v, "if_type", w, -1, INT_MAX, &a->if_type) || !get_i(r, v, "if_index", w, -1, INT_MAX, &a->if_index) ||
        !get_i(r, v, "metric4", w, -1, INT_MAX, &a->metric4) || !get_i(r, v, "metric6", w, -1, INT_MAX, &a->metric6) ||
        !get_str(r, v, "mac", w, &a->mac) || !(addrs = get_array(r, v, "addresses", w)))
        return false;
    a->kind = (bf_adapter_kind)kind;
    a->status = (bf_oper_status)status;
    RESERVE(r, a->addresses, a->address_count, a->address_cap, addrs->count);
    for (j = 0; j < addrs->count; j++) {
        const bf_json *av = addrs->items[j];
        bf_address *ad;
        int dad, fam;
        numbered(wa, sizeof(wa), "address #", j + 1, " of adapter #", index + 1);
        if (!check_object(r, av, wa, address_keys, BF_COUNTOF(address_keys), address_optional, BF_COUNTOF(address_optional)))
            return false;
        ad = BF_PUSH(r->s->arena, a->addresses, a->address_count, a->address_cap);
        if (!ad)
            return bf_fail(r->err, "out of memory");
        ad->created = "";
        if (member(r, av, "created") && !get_str(r, av, "created", wa, &ad->created))
            return false;
        if (!get_str(r, av, "address", wa, &ad->address) || !get_i(r, av, "family", wa, 4, 6, &fam) ||
            !get_i(r, av, "prefix_length", wa, -1, 128, &ad->prefix_length) ||
            !get_token(r, av, "dad_state", wa, dad_t, BF_DAD__COUNT, &dad) ||
            !get_tri(r, av, "skip_as_source", wa, &ad->skip_as_source))
            return false;
        if (fam != 4 && fam != 6)
            return bf_fail_at(r->err, r->where, member(r, av, "family")->line, member(r, av, "family")->col,
                              "\"family\" in %s must be 4 or 6", wa);
        ad->family = fam;
        ad->dad_state = (bf_dad_state)dad;
        {
            const bf_json *o = bf_json_get(av, "origin");   /* optional */
            if (o && (o->type != BF_JSON_STRING || !bf_addr_origin_parse(o->string, &ad->origin)))
                return bf_fail_at(r->err, r->where, o->line, o->col,
                                  "\"origin\" in %s must be manual, dhcp, router-advertisement, well-known or other", wa);
        }
    }
    (void)i;
    return true;
}

static bool read_binding(reader *r, const bf_json *v)
{
    const char *w = "\"binding\"";
    int st;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!CHECK_OBJ(v, w, binding_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "source", w, &r->s->binding.source) || !get_str(r, v, "problem", w, &r->s->binding.problem) ||
        !get_str_list(r, v, "entries", w, &r->s->binding.entries, &r->s->binding.entry_count, &r->s->binding.entry_cap))
        return false;
    r->s->binding.status = (bf_section_status)st;
    return true;
}

static bool read_resolution(reader *r, const bf_json *v, size_t index)
{
    char w[64];
    bf_resolution *res;
    numbered(w, sizeof(w), "resolver answer #", index + 1, NULL, 0);
    if (!CHECK_OBJ(v, w, resolution_keys))
        return false;
    res = BF_PUSH(r->s->arena, r->s->resolver, r->s->resolver_count, r->s->resolver_cap);
    if (!res)
        return bf_fail(r->err, "out of memory");
    return get_str(r, v, "api", w, &res->api) && get_str(r, v, "query", w, &res->query) &&
           get_i(r, v, "error", w, INT_MIN, INT_MAX, &res->error) &&
           get_str_list(r, v, "addresses", w, &res->addresses, &res->address_count, &res->address_cap);
}

/* ev NULL: its expansion failed (and said why). */
static bool read_hosts_entry(reader *r, const bf_json *ev, size_t i)
{
    char we[64];
    bf_hosts_entry *e;
    numbered(we, sizeof(we), "hosts entry #", i + 1, NULL, 0);
    if (!ev)
        return false;
    if (!CHECK_OBJ(ev, we, hosts_entry_keys))
        return false;
    if (!(e = bf_snap_add_hosts_entry(r->s)))
        return bf_fail(r->err, "out of memory");
    return get_i(r, ev, "line", we, 1, INT_MAX, &e->line) && get_str(r, ev, "address", we, &e->address) &&
           get_str(r, ev, "names", we, &e->names) && get_str(r, ev, "text", we, &e->text) && reset_scratch(r);
}

static bool read_hosts(reader *r, const bf_json *v)
{
    const char *w = "\"hosts\"";
    const bf_json *entries;
    int st;
    size_t i;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!CHECK_OBJ(v, w, hosts_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "path", w, &r->s->hosts.path) || !get_str(r, v, "problem", w, &r->s->hosts.problem) ||
        !(entries = get_array(r, v, "entries", w)))
        return false;
    r->s->hosts.status = (bf_section_status)st;
    RESERVE(r, r->s->hosts.entries, r->s->hosts.entry_count, r->s->hosts.entry_cap, entries->count);
    for (i = 0; i < entries->count; i++)
        if (!read_hosts_entry(r, expand(r, entries->items[i]), i))
            return false;
    return true;
}

static bool read_endpoint(reader *r, const bf_json *v, size_t index)
{
    char w[64];
    bf_endpoint *e;
    const bf_json *probes;
    size_t j;
    TOKENS(res_t, BF_PROBE__COUNT, bf_probe_result_token);
    TOKENS(greet_t, BF_GREET__COUNT, bf_greeting_token);
    numbered(w, sizeof(w), "endpoint #", index + 1, NULL, 0);
    if (!check_object(r, v, w, endpoint_keys, BF_COUNTOF(endpoint_keys), endpoint_optional,
                      BF_COUNTOF(endpoint_optional)))
        return false;
    e = BF_PUSH(r->s->arena, r->s->endpoints, r->s->endpoint_count, r->s->endpoint_cap);
    if (!e)
        return bf_fail(r->err, "out of memory");
    if (!get_str(r, v, "protocol", w, &e->protocol) || !get_str(r, v, "transport", w, &e->transport) ||
        !get_i(r, v, "port", w, 0, 65535, &e->port) || !get_str(r, v, "service", w, &e->service) ||
        !(probes = get_array(r, v, "probes", w)))
        return false;
    {
        const bf_json *so = bf_json_get(v, "socket_options");   /* optional */
        if (so && (so->type != BF_JSON_STRING || !bf_sockopt_parse(so->string, &e->sockopt)))
            return bf_fail_at(r->err, r->where, so->line, so->col,
                              "\"socket_options\" in %s must be none, reuseaddr or exclusiveaddruse", w);
    }
    RESERVE(r, e->probes, e->probe_count, e->probe_cap, probes->count);
    for (j = 0; j < probes->count; j++) {
        const bf_json *pv = probes->items[j];
        char wp[96];
        bf_probe *p;
        int res, greet;
        numbered(wp, sizeof(wp), "probe #", j + 1, " of endpoint #", index + 1);
        if (!CHECK_OBJ(pv, wp, probe_keys))
            return false;
        p = BF_PUSH(r->s->arena, e->probes, e->probe_count, e->probe_cap);
        if (!p)
            return bf_fail(r->err, "out of memory");
        if (!get_str(r, pv, "address", wp, &p->address) || !get_token(r, pv, "result", wp, res_t, BF_PROBE__COUNT, &res) ||
            !get_i(r, pv, "error", wp, INT_MIN, INT_MAX, &p->error) ||
            !get_i(r, pv, "owner_pid", wp, -1, INT_MAX, &p->owner_pid) || !get_str(r, pv, "owner", wp, &p->owner) ||
            !get_token(r, pv, "greeting", wp, greet_t, BF_GREET__COUNT, &greet) ||
            !get_str(r, pv, "greeting_text", wp, &p->greeting_text))
            return false;
        p->result = (bf_probe_result)res;
        p->greeting = (bf_greeting)greet;
    }
    return true;
}

static bool read_listener(reader *r, const bf_json *v, size_t index)
{
    char w[64];
    bf_listener *l;
    numbered(w, sizeof(w), "listener #", index + 1, NULL, 0);
    if (!CHECK_OBJ(v, w, listener_keys))
        return false;
    if (!(l = bf_snap_add_listener(r->s)))
        return bf_fail(r->err, "out of memory");
    return get_str(r, v, "transport", w, &l->transport) && get_str(r, v, "address", w, &l->address) &&
           get_i(r, v, "port", w, 0, 65535, &l->port) && get_i(r, v, "pid", w, -1, INT_MAX, &l->pid) &&
           get_str(r, v, "process", w, &l->process) &&
           get_str_list(r, v, "services", w, &l->services, &l->service_count, &l->service_cap);
}

static bool read_service(reader *r, const bf_json *v, size_t index)
{
    char w[64];
    bf_service *sv;
    int st, start;
    TOKENS(state_t, BF_SVC_STATE__COUNT, bf_svc_state_token);
    TOKENS(start_t, BF_START__COUNT, bf_start_type_token);
    numbered(w, sizeof(w), "service #", index + 1, NULL, 0);
    if (!check_object(r, v, w, service_keys, BF_COUNTOF(service_keys), service_optional, BF_COUNTOF(service_optional)))
        return false;
    if (!(sv = bf_snap_add_service(r->s, "")))
        return bf_fail(r->err, "out of memory");
    if (member(r, v, "started") && !get_str(r, v, "started", w, &sv->started))
        return false;
    if (!get_str(r, v, "name", w, &sv->name) || !get_str(r, v, "display_name", w, &sv->display_name) ||
        !get_token(r, v, "state", w, state_t, BF_SVC_STATE__COUNT, &st) ||
        !get_token(r, v, "start_type", w, start_t, BF_START__COUNT, &start) ||
        !get_i(r, v, "pid", w, -1, INT_MAX, &sv->pid) || !get_str(r, v, "binary", w, &sv->binary) ||
        !get_i(r, v, "exit_code", w, INT_MIN, INT_MAX, &sv->exit_code) ||
        !get_str_list(r, v, "dependencies", w, &sv->dependencies, &sv->dependency_count, &sv->dependency_cap))
        return false;
    sv->state = (bf_svc_state)st;
    sv->start_type = (bf_start_type)start;
    return true;
}

/* ev NULL: its expansion failed (and said why). */
static bool read_event(reader *r, const bf_json *ev, size_t i)
{
    char we[64];
    bf_event *e;
    long long rec;
    numbered(we, sizeof(we), "event #", i + 1, NULL, 0);
    if (!ev)
        return false;
    if (!CHECK_OBJ(ev, we, event_keys))
        return false;
    if (!(e = bf_snap_add_event(r->s)))
        return bf_fail(r->err, "out of memory");
    if (!get_str(r, ev, "log", we, &e->log) || !get_str(r, ev, "source", we, &e->source) ||
        !get_i(r, ev, "event_id", we, 0, 65535, &e->event_id) || !get_str(r, ev, "type", we, &e->type) ||
        !get_str(r, ev, "time", we, &e->time) || !get_int(r, ev, "record", we, -1, LLONG_MAX, &rec) ||
        !get_str(r, ev, "message", we, &e->message) ||
        !get_str_list(r, ev, "inserts", we, &e->inserts, &e->insert_count, &e->insert_cap))
        return false;
    e->record = rec;
    return reset_scratch(r);
}

static bool read_event_log(reader *r, const bf_json *v)
{
    const char *w = "\"event_log\"";
    const bf_json *events;
    int st;
    size_t i;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!CHECK_OBJ(v, w, event_log_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "problem", w, &r->s->event_log.problem) || !(events = get_array(r, v, "events", w)))
        return false;
    r->s->event_log.status = (bf_section_status)st;
    RESERVE(r, r->s->event_log.events, r->s->event_log.event_count, r->s->event_log.event_cap, events->count);
    for (i = 0; i < events->count; i++)
        if (!read_event(r, expand(r, events->items[i]), i))
            return false;
    return true;
}

static bool read_port_range(reader *r, const bf_json *v, size_t index)
{
    char w[64];
    bf_port_range *pr;
    const bf_json *adm;
    numbered(w, sizeof(w), "port range #", index + 1, NULL, 0);
    if (!v || !CHECK_OBJ(v, w, port_range_keys))
        return false;
    pr = BF_PUSH(r->s->arena, r->s->port_ranges.ranges, r->s->port_ranges.range_count, r->s->port_ranges.range_cap);
    if (!pr)
        return bf_fail(r->err, "out of memory");
    if (!get_str(r, v, "transport", w, &pr->transport) || !get_i(r, v, "family", w, 4, 6, &pr->family) ||
        !get_i(r, v, "start", w, 1, 65535, &pr->start) || !get_i(r, v, "end", w, 1, 65535, &pr->end) ||
        !get_str(r, v, "kind", w, &pr->kind))
        return false;
    adm = member(r, v, "administered");
    if (!adm || adm->type != BF_JSON_BOOL)
        return rfail(r, adm, "expected true or false for \"administered\" in %s but found %s", w,
                     adm ? bf_json_type_name(adm->type) : "nothing");
    pr->administered = adm->boolean;
    if (strcmp(pr->transport, "tcp") != 0 && strcmp(pr->transport, "udp") != 0)
        return rfail(r, member(r, v, "transport"), "\"transport\" in %s is not \"tcp\" or \"udp\"%s", w, NULL);
    if (strcmp(pr->kind, "excluded") != 0 && strcmp(pr->kind, "reserved") != 0)
        return rfail(r, member(r, v, "kind"), "\"kind\" in %s is not \"excluded\" or \"reserved\"%s", w, NULL);
    if (pr->family == 5)
        return rfail(r, member(r, v, "family"), "\"family\" in %s is 5, expected 4 or 6%s", w, NULL);
    if (pr->end < pr->start)
        return rfail(r, member(r, v, "end"), "\"end\" in %s is before its \"start\"%s", w, NULL);
    return true;
}

static bool read_port_ranges(reader *r, const bf_json *v)
{
    const char *w = "\"port_ranges\"";
    bf_port_ranges *pr = &r->s->port_ranges;
    const bf_json *ranges;
    int st;
    size_t i;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!CHECK_OBJ(v, w, port_ranges_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "source", w, &pr->source) || !get_str(r, v, "problem", w, &pr->problem) ||
        !get_i(r, v, "dynamic_start", w, -1, 65535, &pr->dynamic_start) ||
        !get_i(r, v, "dynamic_count", w, -1, 65535, &pr->dynamic_count) ||
        !get_i(r, v, "max_user_port", w, -1, 65535, &pr->max_user_port) || !(ranges = get_array(r, v, "ranges", w)))
        return false;
    if (st == BF_SECTION_NOT_COLLECTED)  /* the writer leaves the member out instead */
        return rfail(r, member(r, v, "status"), "\"status\" in %s is \"not-collected\": leave the member out%s", w, NULL);
    pr->status = (bf_section_status)st;
    for (i = 0; i < ranges->count; i++)
        if (!read_port_range(r, expand(r, ranges->items[i]), i) || !reset_scratch(r))
            return false;
    return true;
}

static bool read_http_listen(reader *r, const bf_json *v)
{
    const char *w = "\"http_listen\"";
    bf_http_listen *h = &r->s->http_listen;
    int st;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!check_object(r, v, w, http_listen_keys, BF_COUNTOF(http_listen_keys), http_listen_optional,
                      BF_COUNTOF(http_listen_optional)) ||
        !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "source", w, &h->source) || !get_str(r, v, "problem", w, &h->problem) ||
        !get_str_list(r, v, "addresses", w, &h->addresses, &h->address_count, &h->address_cap) ||
        (member(r, v, "url_reservations") &&
         !get_str_list(r, v, "url_reservations", w, &h->url_reservations, &h->url_count, &h->url_cap)) ||
        (member(r, v, "ssl_bindings") && !get_str_list(r, v, "ssl_bindings", w, &h->ssl_bindings, &h->ssl_count, &h->ssl_cap)))
        return false;
    if (st == BF_SECTION_NOT_COLLECTED)  /* the writer leaves the member out instead */
        return rfail(r, member(r, v, "status"), "\"status\" in %s is \"not-collected\": leave the member out%s", w, NULL);
    h->status = (bf_section_status)st;
    return true;
}

/* "dns_publication" (optional): every answer must be an address. */
static bool read_dns(reader *r, const bf_json *v)
{
    const char *w = "\"dns_publication\"";
    bf_dns_publication *d = &r->s->dns;
    int st;
    size_t i;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!CHECK_OBJ(v, w, dns_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "source", w, &d->source) || !get_str(r, v, "problem", w, &d->problem) ||
        !get_str(r, v, "name", w, &d->name) || !get_i(r, v, "error", w, INT_MIN, INT_MAX, &d->error) ||
        !get_str_list(r, v, "addresses", w, &d->addresses, &d->address_count, &d->address_cap))
        return false;
    if (st == BF_SECTION_NOT_COLLECTED)  /* the writer leaves the member out instead */
        return rfail(r, member(r, v, "status"), "\"status\" in %s is \"not-collected\": leave the member out%s", w, NULL);
    for (i = 0; i < d->address_count; i++) {
        unsigned char a6[16], a4[4];
        if (!bf_addr_parse_ipv6(d->addresses[i], a6) && !bf_addr_parse_ipv4(d->addresses[i], a4))
            return rfail(r, member(r, v, "addresses"), "an entry of \"addresses\" in %s is not an address%s", w, NULL);
    }
    d->status = (bf_section_status)st;
    return true;
}

/* "source_addresses" (optional): one object per destination. */
static bool read_outbound(reader *r, const bf_json *v, size_t i)
{
    char w[48];
    bf_outbound *o;
    numbered(w, sizeof w, "source_addresses entry ", i + 1, NULL, 0);
    if (!CHECK_OBJ(v, w, outbound_keys))
        return false;
    o = BF_PUSH(r->s->arena, r->s->outbound, r->s->outbound_count, r->s->outbound_cap);
    if (!o)
        return bf_fail(r->err, "out of memory");
    return get_str(r, v, "destination", w, &o->destination) && get_str(r, v, "source", w, &o->source) &&
           get_i(r, v, "error", w, INT_MIN, INT_MAX, &o->error);
}

static bool read_pin(reader *r, const bf_json *v, size_t i)
{
    char w[48];
    bf_pin *p;
    int role;
    const bf_json *en;
    static const char *const fix_kinds[] = {"", "flag", "list", "selector", "appcmd", "exchange-shell"};
    size_t k;
    bool known = false;
    TOKENS(pin_role_t, BF_PIN_ROLE__COUNT, bf_pin_role_token);
    numbered(w, sizeof w, "pins entry ", i + 1, NULL, 0);
    if (!CHECK_OBJ(v, w, pin_keys))
        return false;
    if (!(p = bf_snap_add_pin(r->s)))
        return bf_fail(r->err, "out of memory");
    if (!get_str(r, v, "product", w, &p->product) || !get_str(r, v, "instance", w, &p->instance) ||
        !get_str(r, v, "service", w, &p->service) || !get_str(r, v, "setting", w, &p->setting) ||
        !get_token(r, v, "role", w, pin_role_t, BF_PIN_ROLE__COUNT, &role) ||
        !get_str(r, v, "address", w, &p->address) || !get_str(r, v, "adapter", w, &p->adapter) ||
        !get_i(r, v, "port", w, -1, 65535, &p->port) || !get_str(r, v, "fix_kind", w, &p->fix_kind) ||
        !get_str(r, v, "fix_key", w, &p->fix_key) || !get_str(r, v, "fix_value", w, &p->fix_value))
        return false;
    p->role = (bf_pin_role)role;
    en = member(r, v, "enabled");
    if (!en || en->type != BF_JSON_BOOL)
        return rfail(r, en, "expected true or false for \"enabled\" in %s%s", w, NULL);
    p->enabled = en->boolean;
    for (k = 0; k < BF_COUNTOF(fix_kinds); k++)
        known = known || strcmp(p->fix_kind, fix_kinds[k]) == 0;
    if (!known)
        return rfail(r, member(r, v, "fix_kind"), "\"fix_kind\" in %s must be \"\", flag, list, selector, appcmd or exchange-shell%s", w, NULL);
    if (p->fix_kind[0] && (!p->fix_key[0] || !p->fix_value[0]))
        return rfail(r, v, "%s has a fix_kind but no fix_key and fix_value%s", w, NULL);
    if (!p->address[0] && !p->adapter[0] && p->role != BF_PIN_ALL)
        return rfail(r, v, "%s names neither an address nor an adapter%s", w, NULL);
    return true;
}

static bool read_pins(reader *r, const bf_json *v)
{
    const char *w = "\"pins\"";
    const bf_json *entries;
    int st;
    size_t i;
    TOKENS(sec_t, BF_SECTION__COUNT, bf_section_status_token);
    if (!v)
        return true;    /* a snapshot without the section: not collected */
    v = expand(r, v);
    if (!v || !CHECK_OBJ(v, w, pins_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "problem", w, &r->s->pins.problem) || !(entries = get_array(r, v, "entries", w)))
        return false;
    r->s->pins.status = (bf_section_status)st;
    if (r->s->pins.status == BF_SECTION_NOT_COLLECTED)
        return rfail(r, v, "%s is written only when collected: its status cannot be \"not-collected\"%s", w, NULL);
    for (i = 0; i < entries->count; i++) {
        const bf_json *item = expand(r, entries->items[i]);
        if (!item || !read_pin(r, item, i))
            return false;
    }
    return true;
}

typedef bool (*item_reader)(reader *r, const bf_json *v, size_t index);

/* "ipv6_policy" (optional): the table is read whole (it has a handful of rows); a prefix must parse. */
static bool read_ipv6_policy(reader *r, const bf_json *v)
{
    const char *w = "\"ipv6_policy\"";
    const bf_json *rows;
    int st;
    size_t i;
    bf_ipv6_policy *p = &r->s->ipv6_policy;
    static const char *const sec_t[BF_SECTION__COUNT] = {"ok", "absent", "malformed", "unavailable", "denied",
                                                          "not-collected"};
    if (!CHECK_OBJ(v, w, ipv6_policy_keys) || !get_token(r, v, "status", w, sec_t, BF_SECTION__COUNT, &st) ||
        !get_str(r, v, "source", w, &p->source) || !get_str(r, v, "problem", w, &p->problem) ||
        !get_int(r, v, "disabled_components", w, -2, 0xFFFFFFFFLL, &p->disabled_components) ||
        !(rows = get_array(r, v, "policies", w)))
        return false;
    p->status = (bf_section_status)st;
    for (i = 0; i < rows->count; i++) {
        char what[64];
        const bf_json *rv = expand(r, rows->items[i]);
        long long prec, label;
        unsigned char pfx[16];
        int plen;
        bf_prefix_policy *row;
        numbered(what, sizeof what, "ipv6_policy row ", i + 1, NULL, 0);
        row = BF_PUSH(r->s->arena, p->policies, p->policy_count, p->policy_cap);
        if (!row)
            return bf_fail(r->err, "out of memory");
        if (!CHECK_OBJ(rv, what, prefix_policy_keys) || !get_str(r, rv, "prefix", what, &row->prefix) ||
            !get_int(r, rv, "precedence", what, 0, 0x7FFFFFFF, &prec) || !get_int(r, rv, "label", what, 0, 0x7FFFFFFF, &label))
            return false;
        if (!bf_policy_parse_prefix(row->prefix, pfx, &plen))
            return rfail(r, member(r, rv, "prefix"), "expected an IPv6 prefix (address/length) for \"prefix\" in %s%s", what, NULL);
        row->precedence = (int)prec;
        row->label = (int)label;
    }
    return true;
}

static bool read_array_of(reader *r, const bf_json *root, const char *key, item_reader fn)
{
    char w[64];
    const bf_json *arr;
    size_t i;
    snprintf(w, sizeof(w), "the snapshot");
    arr = get_array(r, root, key, w);
    if (!arr)
        return false;
    for (i = 0; i < arr->count; i++) {
        const bf_json *item = expand(r, arr->items[i]);
        if (!item || !fn(r, item, i) || !reset_scratch(r))
            return false;
    }
    return true;
}

/* The element count of root's array `key` (0 when it is not an array: the read says why). */
static size_t count_of(const bf_json *root, const char *key)
{
    const bf_json *v = bf_json_get(root, key);
    return v && v->type == BF_JSON_ARRAY && !v->lazy ? v->count : 0;
}

/* The taker's half: events and hosts lines, the arrays that make a snapshot big. */
static bool taker_wants(void *ctx, const char *outer, const char *inner)
{
    (void)ctx;
    return (strcmp(outer, "event_log") == 0 && strcmp(inner, "events") == 0) ||
           (strcmp(outer, "hosts") == 0 && strcmp(inner, "entries") == 0);
}

static bool taker_take(void *ctx, const char *outer, const bf_json *element, size_t index)
{
    reader *r = ctx;
    return outer[0] == 'e' ? read_event(r, element, index) : read_hosts_entry(r, element, index);
}

static bf_snapshot *read_snapshot(const char *text, size_t len, const char *where, bool taking, bf_err *err)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_arena *nodes = bf_arena_create();
    reader r;
    const bf_json *root;
    const char *w = "the snapshot";
    char *schema;
    long long version;
    memset(&r, 0, sizeof r);
    r.s = s;
    r.where = where ? where : "";
    r.err = err;
    r.text = text;
    r.len = len;
    r.scratch = bf_arena_create();
    if (!s || !nodes || !r.scratch) {
        bf_fail(err, "out of memory");
        goto fail;
    }
    if (taking) {
        bf_json_taker taker = {taker_wants, taker_take, &r, r.scratch};
        root = bf_json_parse_taking(nodes, s->arena, text, len, r.where, &taker, err);
    } else {
        root = bf_json_parse_lazy(nodes, s->arena, text, len, r.where, LAZY_DEPTH, err);
    }
    if (!root)
        goto fail;
    RESERVE(&r, s->adapters, s->adapter_count, s->adapter_cap, count_of(root, "adapters"));
    RESERVE(&r, s->resolver, s->resolver_count, s->resolver_cap, count_of(root, "resolver"));
    RESERVE(&r, s->endpoints, s->endpoint_count, s->endpoint_cap, count_of(root, "endpoints"));
    RESERVE(&r, s->listeners, s->listener_count, s->listener_cap, count_of(root, "listeners"));
    RESERVE(&r, s->services, s->service_count, s->service_cap, count_of(root, "services"));
    if (root->type == BF_JSON_OBJECT) {
        /* Check the schema first: a newer file deserves "newer version", not "unknown key". */
        const bf_json *sv = bf_json_get(root, "schema"), *vv = bf_json_get(root, "version");
        if (!sv || sv->type != BF_JSON_STRING || strcmp(sv->string, BF_SNAPSHOT_SCHEMA) != 0) {
            bf_fail_at(err, r.where, sv ? sv->line : root->line, sv ? sv->col : root->col,
                       "not a bindfix snapshot: expected \"schema\": \"%s\"", BF_SNAPSHOT_SCHEMA);
            goto fail;
        }
        if (vv && vv->type == BF_JSON_INT && vv->integer > BF_SNAPSHOT_VERSION) {
            bf_fail_at(err, r.where, vv->line, vv->col,
                       "snapshot version %lld was written by a newer bindfix; this one reads version %d", vv->integer,
                       BF_SNAPSHOT_VERSION);
            goto fail;
        }
    }
    if (!check_object(&r, root, w, top_keys, BF_COUNTOF(top_keys), reserved_top_keys, BF_COUNTOF(reserved_top_keys)) ||
        !get_str(&r, root, "schema", w, &schema) || !get_int(&r, root, "version", w, 1, BF_SNAPSHOT_VERSION, &version) ||
        !get_str(&r, root, "origin", w, &s->origin) || !get_str(&r, root, "collected_at", w, &s->collected_at) ||
        !get_str(&r, root, "tool_version", w, &s->tool_version) || !get_str(&r, root, "hostname", w, &s->hostname) ||
        !get_str(&r, root, "fqdn", w, &s->fqdn) || !read_os(&r, bf_json_get(root, "os")) ||
        !read_array_of(&r, root, "adapters", read_adapter) || !read_binding(&r, bf_json_get(root, "binding")) ||
        !read_array_of(&r, root, "resolver", read_resolution) || !read_hosts(&r, bf_json_get(root, "hosts")) ||
        !read_array_of(&r, root, "endpoints", read_endpoint) || !read_array_of(&r, root, "listeners", read_listener) ||
        !read_array_of(&r, root, "services", read_service) || !read_event_log(&r, bf_json_get(root, "event_log")) ||
        (bf_json_get(root, "services_problem") && !get_str(&r, root, "services_problem", w, &s->services_problem)) ||
        (bf_json_get(root, "port_ranges") && !read_port_ranges(&r, bf_json_get(root, "port_ranges"))) ||
        (bf_json_get(root, "http_listen") && !read_http_listen(&r, bf_json_get(root, "http_listen"))) ||
        (bf_json_get(root, "ipv6_policy") && !read_ipv6_policy(&r, bf_json_get(root, "ipv6_policy"))) ||
        !read_pins(&r, bf_json_get(root, "pins")) ||
        (bf_json_get(root, "dns_publication") && !read_dns(&r, bf_json_get(root, "dns_publication"))) ||
        (bf_json_get(root, "source_addresses") && !read_array_of(&r, root, "source_addresses", read_outbound)))
        goto fail;
    if (bf_arena_failed(s->arena)) {
        bf_fail(err, "out of memory while reading %s", r.where);
        goto fail;
    }
    bf_arena_destroy(nodes);
    bf_arena_destroy(r.scratch);
    return s;
fail:
    bf_arena_destroy(nodes);
    bf_arena_destroy(r.scratch);
    bf_snapshot_destroy(s);
    return NULL;
}

bf_snapshot *bf_snapshot_read_json(const char *text, size_t len, const char *where, bf_err *err)
{
    /* First in one pass, events and hosts lines turned into the model as they are read. Any error, and
     * the file is read again the checked way (the whole text checked first, elements built after): which
     * error comes first and where is that way's, and a file with an error is not worth a faster path. */
    bf_snapshot *s = read_snapshot(text, len, where, true, err);
    return s ? s : read_snapshot(text, len, where, false, err);
}
