/* watch.c - see watch.h. */
#include "watch.h"

#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "report.h"

static const char *const kind_tokens[] = {"up", "down", "added", "removed", "address-added", "address-removed", "bind"};

const char *bf_watch_kind_token(bf_watch_kind k)
{
    return (unsigned)k < sizeof kind_tokens / sizeof kind_tokens[0] ? kind_tokens[k] : "bind";
}

static bf_watch_change *push(bf_watch_diff *d, bf_watch_kind kind)
{
    bf_watch_change *c;
    if (d->failed)
        return NULL;
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        bf_watch_change *grown = realloc(d->changes, cap * sizeof *grown);
        if (!grown) {
            d->failed = true;
            return NULL;
        }
        d->changes = grown;
        d->cap = cap;
    }
    c = &d->changes[d->count++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->adapter = c->address = c->protocol = "";
    c->before = c->after = BF_PROBE_NOT_RUN;
    return c;
}

static bool up(const bf_adapter *a)
{
    return a->status == BF_OPER_UP;
}

static const char *name_of(const bf_adapter *a)
{
    return a->friendly_name[0] ? a->friendly_name : a->guid;
}

static const bf_adapter *adapter_in(const bf_snapshot *s, const char *guid)
{
    size_t i;
    for (i = 0; i < s->adapter_count; i++)
        if (bf_ascii_eq_ci(s->adapters[i].guid, guid))
            return &s->adapters[i];
    return NULL;
}

static bool holds(const bf_adapter *a, const char *address)
{
    size_t i;
    for (i = 0; a && i < a->address_count; i++)
        if (bf_addr_equal(a->addresses[i].address, address))
            return true;
    return false;
}

/* Adapters that changed, in `from`'s order; `reverse` when walking prev for the removed ones. */
static void adapter_changes(const bf_snapshot *prev, const bf_snapshot *cur, bf_watch_diff *d)
{
    size_t i, j;
    bf_watch_change *c;
    for (i = 0; i < cur->adapter_count; i++) {
        const bf_adapter *a = &cur->adapters[i], *was = adapter_in(prev, a->guid);
        if (!was) {
            if ((c = push(d, BF_WATCH_ADAPTER_NEW)))
                c->adapter = name_of(a);
        } else if (up(a) != up(was)) {
            if ((c = push(d, up(a) ? BF_WATCH_ADAPTER_UP : BF_WATCH_ADAPTER_DOWN)))
                c->adapter = name_of(a);
        }
        for (j = 0; j < a->address_count; j++)
            if (!holds(was, a->addresses[j].address) && (c = push(d, BF_WATCH_ADDRESS_ADDED))) {
                c->adapter = name_of(a);
                c->address = a->addresses[j].address;
            }
        for (j = 0; was && j < was->address_count; j++)
            if (!holds(a, was->addresses[j].address) && (c = push(d, BF_WATCH_ADDRESS_REMOVED))) {
                c->adapter = name_of(a);
                c->address = was->addresses[j].address;
            }
    }
    for (i = 0; i < prev->adapter_count; i++)
        if (!adapter_in(cur, prev->adapters[i].guid) && (c = push(d, BF_WATCH_ADAPTER_GONE)))
            c->adapter = name_of(&prev->adapters[i]);
}

static const bf_probe *probe_in(const bf_snapshot *s, const bf_endpoint *like, const char *address)
{
    size_t i, j;
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        if (e->port != like->port || strcmp(e->transport, like->transport) != 0 || strcmp(e->protocol, like->protocol) != 0)
            continue;
        for (j = 0; j < e->probe_count; j++)
            if (bf_addr_equal(e->probes[j].address, address))
                return &e->probes[j];
    }
    return NULL;
}

static void bind_changes(const bf_snapshot *prev, const bf_snapshot *cur, bf_watch_diff *d)
{
    size_t i, j;
    bf_watch_change *c;
    for (i = 0; i < cur->endpoint_count; i++) {
        const bf_endpoint *e = &cur->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j], *was = probe_in(prev, e, p->address);
            bf_probe_result before = was ? was->result : BF_PROBE_NOT_RUN;
            if (before == p->result)
                continue;
            if ((c = push(d, BF_WATCH_BIND_CHANGED))) {
                c->protocol = e->protocol;
                c->port = e->port;
                c->address = p->address;
                c->before = before;
                c->after = p->result;
                c->error = p->error;
            }
        }
    }
    for (i = 0; i < prev->endpoint_count; i++) {
        const bf_endpoint *e = &prev->endpoints[i];
        for (j = 0; j < e->probe_count; j++)
            if (e->probes[j].result != BF_PROBE_NOT_RUN && !probe_in(cur, e, e->probes[j].address) &&
                (c = push(d, BF_WATCH_BIND_CHANGED))) {
                c->protocol = e->protocol;
                c->port = e->port;
                c->address = e->probes[j].address;
                c->before = e->probes[j].result;
                c->after = BF_PROBE_NOT_RUN;
            }
    }
}

void bf_watch_compare(const bf_snapshot *prev, const bf_snapshot *cur, bf_watch_diff *out)
{
    memset(out, 0, sizeof *out);
    adapter_changes(prev, cur, out);
    bind_changes(prev, cur, out);
}

void bf_watch_diff_free(bf_watch_diff *d)
{
    free(d->changes);
    memset(d, 0, sizeof *d);
}

static bool fails(bf_probe_result r)
{
    return r == BF_PROBE_ADDRNOTAVAIL || r == BF_PROBE_ACCESS || r == BF_PROBE_OTHER;
}

static void change_text(const bf_watch_change *c, bf_buf *out)
{
    switch (c->kind) {
    case BF_WATCH_ADAPTER_UP:
        bf_text_clean_append(out, c->adapter, false);
        bf_buf_puts(out, " up");
        break;
    case BF_WATCH_ADAPTER_DOWN:
        bf_text_clean_append(out, c->adapter, false);
        bf_buf_puts(out, " down");
        break;
    case BF_WATCH_ADAPTER_NEW:
        bf_text_clean_append(out, c->adapter, false);
        bf_buf_puts(out, " appeared");
        break;
    case BF_WATCH_ADAPTER_GONE:
        bf_text_clean_append(out, c->adapter, false);
        bf_buf_puts(out, " removed");
        break;
    case BF_WATCH_ADDRESS_ADDED:
    case BF_WATCH_ADDRESS_REMOVED:
        bf_text_clean_append(out, c->adapter, false);
        bf_buf_printf(out, " %c%s", c->kind == BF_WATCH_ADDRESS_ADDED ? '+' : '-', c->address);
        break;
    case BF_WATCH_BIND_CHANGED:
        bf_text_clean_append(out, c->protocol, false);
        if (fails(c->after))
            bf_buf_printf(out, " now fails on %s (%d)", c->address, c->error);
        else if (c->after == BF_PROBE_NOT_RUN)
            bf_buf_printf(out, " no longer probed on %s (the resolver no longer returns it)", c->address);
        else if (fails(c->before))
            bf_buf_printf(out, " binds again on %s (%s)", c->address, c->after == BF_PROBE_OK ? "port free" : "port in use");
        else if (c->before == BF_PROBE_NOT_RUN)
            bf_buf_printf(out, " binds on %s (%s)", c->address, c->after == BF_PROBE_OK ? "port free" : "port in use");
        else
            bf_buf_printf(out, " on %s: %s -> %s", c->address, bf_probe_result_token(c->before),
                          bf_probe_result_token(c->after));
        break;
    }
}

void bf_watch_write_text(const bf_watch_diff *d, const char *hms, bf_buf *out)
{
    size_t i, adapters = 0, binds = 0;
    bf_buf_printf(out, "%s ", hms);
    for (i = 0; i < d->count; i++)
        if (d->changes[i].kind != BF_WATCH_BIND_CHANGED) {
            if (adapters++)
                bf_buf_puts(out, ", ");
            change_text(&d->changes[i], out);
        }
    if (!adapters)
        bf_buf_puts(out, "resolver changed");
    bf_buf_puts(out, ": ");
    for (i = 0; i < d->count; i++)
        if (d->changes[i].kind == BF_WATCH_BIND_CHANGED) {
            if (binds++)
                bf_buf_puts(out, "; ");
            change_text(&d->changes[i], out);
        }
    if (!binds)
        bf_buf_puts(out, "no protocol changed");
    if (d->failed)
        bf_buf_puts(out, " (out of memory: more changes not shown)");
}

static void json_member(bf_buf *out, const char *key, const char *value, bool comma)
{
    if (comma)
        bf_buf_puts(out, ", ");
    bf_json_write_string(out, key);
    bf_buf_puts(out, ": ");
    bf_json_write_string(out, value);
}

void bf_watch_write_json(const bf_watch_diff *d, const char *time_utc, const char *hms, bf_buf *out)
{
    bf_buf line;
    size_t i;
    bf_buf_init(&line);
    bf_watch_write_text(d, hms, &line);
    bf_buf_puts(out, "{");
    json_member(out, "time", time_utc, false);
    json_member(out, "text", bf_buf_cstr(&line), true);
    bf_buf_puts(out, ", \"changes\": [");
    for (i = 0; i < d->count; i++) {
        const bf_watch_change *c = &d->changes[i];
        bf_buf_puts(out, i ? ", {" : "{");
        json_member(out, "kind", bf_watch_kind_token(c->kind), false);
        json_member(out, "adapter", c->adapter, true);
        json_member(out, "address", c->address, true);
        if (c->kind == BF_WATCH_BIND_CHANGED) {
            json_member(out, "protocol", c->protocol, true);
            bf_buf_printf(out, ", \"port\": %d", c->port);
            json_member(out, "before", bf_probe_result_token(c->before), true);
            json_member(out, "after", bf_probe_result_token(c->after), true);
            bf_buf_printf(out, ", \"error\": %d", c->error);
        }
        bf_buf_puts(out, "}");
    }
    bf_buf_printf(out, "], \"complete\": %s}", d->failed ? "false" : "true");
    bf_buf_free(&line);
}
