/*
 * scan_text.c - `bindfix-cli scan` as plain text: the three layers side by side in the order an
 * administrator reads them (adapters, binding order, resolver order, protocol bind status), then what
 * listens, the services, the signature events and the findings.
 *
 * Every string from the machine is untrusted: adapter names and event inserts can hold control
 * characters (a terminal escape sequence in a friendly name would otherwise reach the administrator's
 * console), bidi overrides (U+202E shows "evil" as "live") and invalid UTF-8.  put_clean() shows them
 * (as "<U+202E>", control pictures, U+FFFD) before anything is measured or printed.
 */
#include "bindrules.h"
#include "scan_text.h"

#include "causes.h"

#include "report.h"   /* bf_text_clean_append */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- cells: sanitised copies with their width in code points ---- */

#define MAX_COLS 8

typedef struct table {
    const char *title;
    size_t cols;
    const char *head[MAX_COLS];
    size_t width[MAX_COLS];
    bf_buf rows;        /* cells separated by '\x1f', rows by '\x1e' (both removed from the text) */
    size_t row_count;
} table;

/* Appends s to out, cleaned as every text output is (bf_text_clean_append: bidi controls as "<U+202E>",
 * controls as pictures, so the two separator bytes cannot survive). Returns the width in code points. */
static size_t put_clean(bf_buf *out, const char *s)
{
    return bf_text_clean_append(out, s, false);
}

static void table_init(table *t, const char *title, size_t cols, const char *const *head)
{
    size_t i;
    memset(t, 0, sizeof *t);
    t->title = title;
    t->cols = cols;
    for (i = 0; i < cols; i++) {
        bf_buf tmp;
        bf_buf_init(&tmp);
        t->head[i] = head[i];
        t->width[i] = put_clean(&tmp, head[i]);
        bf_buf_free(&tmp);
    }
    bf_buf_init(&t->rows);
}

/* One row: exactly t->cols strings. */
static void table_row(table *t, const char *const *cells)
{
    size_t i;
    for (i = 0; i < t->cols; i++) {
        size_t w;
        if (i)
            bf_buf_putc(&t->rows, '\x1f');
        w = put_clean(&t->rows, cells[i]);
        if (w > t->width[i])
            t->width[i] = w;
    }
    bf_buf_putc(&t->rows, '\x1e');
    t->row_count++;
}

static size_t utf8_width(const char *s, size_t len)
{
    size_t i, w = 0;
    for (i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80)
            w++;
    return w;
}

static void put_cell_padded(bf_buf *out, const char *s, size_t len, size_t width, bool last)
{
    bf_buf_append(out, s, len);
    if (!last) {
        size_t w = utf8_width(s, len);
        bf_buf_repeat(out, ' ', width - w + 2);
    }
}

static void table_flush(table *t, bf_buf *out, const char *empty_text)
{
    size_t i;
    const char *p, *end;
    bf_buf_printf(out, "\n%s\n", t->title);
    if (t->row_count == 0) {
        bf_buf_printf(out, "  %s\n", empty_text);
        bf_buf_free(&t->rows);
        return;
    }
    bf_buf_puts(out, "  ");
    for (i = 0; i < t->cols; i++)
        put_cell_padded(out, t->head[i], strlen(t->head[i]), t->width[i], i + 1 == t->cols);
    bf_buf_putc(out, '\n');
    p = bf_buf_cstr(&t->rows);
    end = p + t->rows.len;
    while (p < end) {
        bf_buf_puts(out, "  ");
        for (i = 0; i < t->cols && p < end; i++) {
            const char *q = p;
            while (q < end && *q != '\x1f' && *q != '\x1e')
                q++;
            put_cell_padded(out, p, (size_t)(q - p), t->width[i], i + 1 == t->cols);
            p = q < end && *q == '\x1f' ? q + 1 : q;
        }
        /* trailing spaces never matter; the row ends at the record separator */
        while (p < end && *p != '\x1e')
            p++;
        p++;
        bf_buf_putc(out, '\n');
    }
    bf_buf_free(&t->rows);
}

/* ---- sections ---- */

static const char *adapter_name_of(const bf_snapshot *s, const char *address)
{
    const bf_adapter *a = bf_snap_find_adapter_by_address(s, address, NULL);
    return a ? (a->friendly_name[0] ? a->friendly_name : a->guid) : NULL;
}

static void write_adapters(const bf_snapshot *s, bf_buf *out)
{
    static const char *const head[] = {"#", "Name", "Kind", "Status", "Addresses", "Metric", "Description"};
    table t;
    size_t i, j;
    table_init(&t, "ADAPTERS", 7, head);
    for (i = 0; i < s->adapter_count; i++) {
        const bf_adapter *a = &s->adapters[i];
        char num[24], metric[32];
        bf_buf addrs;
        const char *cells[7];
        bf_buf_init(&addrs);
        for (j = 0; j < a->address_count; j++) {
            const bf_address *ad = &a->addresses[j];
            if (j)
                bf_buf_puts(&addrs, ", ");
            bf_buf_puts(&addrs, ad->address);
            if (ad->prefix_length >= 0)
                bf_buf_printf(&addrs, "/%d", ad->prefix_length);
            if (ad->skip_as_source == BF_TRI_YES)
                bf_buf_puts(&addrs, " (skip-as-source)");
            if (ad->dad_state != BF_DAD_PREFERRED && ad->dad_state != BF_DAD_UNKNOWN)
                bf_buf_printf(&addrs, " (%s)", bf_dad_state_token(ad->dad_state));
        }
        snprintf(num, sizeof num, "%zu", i + 1);
        if (a->metric4 >= 0 && a->metric6 >= 0 && a->metric4 != a->metric6)
            snprintf(metric, sizeof metric, "%d/%d", a->metric4, a->metric6);
        else if (a->metric4 >= 0 || a->metric6 >= 0)
            snprintf(metric, sizeof metric, "%d", a->metric4 >= 0 ? a->metric4 : a->metric6);
        else
            snprintf(metric, sizeof metric, "-");
        cells[0] = num;
        cells[1] = a->friendly_name[0] ? a->friendly_name : a->guid;
        cells[2] = bf_adapter_kind_label(a->kind);
        cells[3] = bf_oper_status_label(a->status);
        cells[4] = a->address_count ? bf_buf_cstr(&addrs) : "(no address)";
        cells[5] = metric;
        cells[6] = a->description;
        table_row(&t, cells);
        bf_buf_free(&addrs);
    }
    table_flush(&t, out, "(no adapters collected)");
}

static void write_binding(const bf_snapshot *s, bf_buf *out)
{
    static const char *const head[] = {"#", "Device", "Adapter"};
    const bf_binding_order *b = &s->binding;
    table t;
    size_t i;
    table_init(&t, "TCP/IP BINDING ORDER", 3, head);
    for (i = 0; i < b->entry_count; i++) {
        const char *dev = b->entries[i];
        const bf_adapter *a = bf_snap_find_adapter_by_binding(s, dev);
        char num[24];
        const char *cells[3];
        snprintf(num, sizeof num, "%zu", i + 1);
        cells[0] = num;
        cells[1] = dev;
        cells[2] = a ? a->friendly_name : "(no such adapter)";
        table_row(&t, cells);
    }
    if (b->status == BF_SECTION_OK) {
        table_flush(&t, out, "(empty)");
    } else {
        bf_buf tmp;
        bf_buf_init(&tmp);
        bf_buf_puts(&tmp, "(");
        bf_buf_puts(&tmp, bf_section_status_token(b->status));
        if (b->problem[0]) {
            bf_buf_puts(&tmp, ": ");
            put_clean(&tmp, b->problem);
        }
        bf_buf_puts(&tmp, ")");
        table_flush(&t, out, bf_buf_cstr(&tmp));
        bf_buf_free(&tmp);
    }
}

static void write_resolver(const bf_snapshot *s, bf_buf *out)
{
    size_t i, j;
    bf_buf_puts(out, "\nRESOLVER ORDER (what the host name resolves to, in the order returned)\n");
    if (s->resolver_count == 0)
        bf_buf_puts(out, "  (not collected)\n");
    for (i = 0; i < s->resolver_count; i++) {
        const bf_resolution *r = &s->resolver[i];
        bf_buf_puts(out, "  ");
        put_clean(out, r->api);
        bf_buf_puts(out, "(");
        put_clean(out, r->query);
        bf_buf_puts(out, ")");
        if (r->error) {
            bf_buf_printf(out, ": error %d\n", r->error);
            continue;
        }
        bf_buf_puts(out, ":\n");
        for (j = 0; j < r->address_count; j++) {
            const bf_address *ad = NULL;
            const bf_adapter *a = bf_snap_find_adapter_by_address(s, r->addresses[j], &ad);
            bf_buf_printf(out, "    %zu. ", j + 1);
            put_clean(out, r->addresses[j]);
            if (a) {
                bf_buf_puts(out, "  ");
                put_clean(out, a->friendly_name[0] ? a->friendly_name : a->guid);
                bf_buf_printf(out, " (%s, %s)", bf_adapter_kind_label(a->kind), bf_oper_status_label(a->status));
            } else {
                bf_buf_puts(out, "  (no adapter holds this address)");
            }
            bf_buf_putc(out, '\n');
        }
        if (r->address_count == 0)
            bf_buf_puts(out, "    (no address)\n");
    }
}

static void write_hosts(const bf_snapshot *s, bf_buf *out)
{
    size_t i;
    const bf_hosts *h = &s->hosts;
    if (h->status == BF_SECTION_OK && h->entry_count == 0)
        return;
    bf_buf_puts(out, "\nHOSTS FILE LINES NAMING THIS HOST (");
    put_clean(out, h->path[0] ? h->path : "path unknown");
    bf_buf_puts(out, ")\n");
    if (h->status != BF_SECTION_OK) {
        bf_buf_printf(out, "  (%s", bf_section_status_token(h->status));
        if (h->problem[0]) {
            bf_buf_puts(out, ": ");
            put_clean(out, h->problem);
        }
        bf_buf_puts(out, ")\n");
    }
    for (i = 0; i < h->entry_count; i++) {
        bf_buf_printf(out, "  line %d: ", h->entries[i].line);
        put_clean(out, h->entries[i].text);
        bf_buf_putc(out, '\n');
    }
}

/* The listen sources of issue 15, when the snapshot has them: http.sys's IP listen list, and the
 * excluded and reserved port ranges. */
static void section_problem(const char *status_token, const char *problem, bf_buf *out)
{
    bf_buf_printf(out, "  (%s", status_token);
    if (problem[0]) {
        bf_buf_puts(out, ": ");
        put_clean(out, problem);
    }
    bf_buf_puts(out, ")\n");
}

static void write_listen_sources(const bf_snapshot *s, bf_buf *out)
{
    const bf_http_listen *h = &s->http_listen;
    const bf_port_ranges *pr = &s->port_ranges;
    size_t i;
    if (h->status != BF_SECTION_NOT_COLLECTED) {
        bf_buf_puts(out, "\nHTTP.SYS IP LISTEN LIST (");
        put_clean(out, h->source[0] ? h->source : "source unknown");
        bf_buf_puts(out, ")\n");
        if (h->status != BF_SECTION_OK)
            section_problem(bf_section_status_token(h->status), h->problem, out);
        else if (h->address_count == 0)
            bf_buf_puts(out, "  (no list: every address)\n");
        for (i = 0; i < h->address_count; i++) {
            bf_buf_puts(out, "  ");
            put_clean(out, h->addresses[i]);
            bf_buf_putc(out, '\n');
        }
    }
    if (pr->status != BF_SECTION_NOT_COLLECTED) {
        bf_buf_puts(out, "\nEXCLUDED AND RESERVED PORT RANGES (");
        put_clean(out, pr->source[0] ? pr->source : "source unknown");
        if (pr->dynamic_start > 0)
            bf_buf_printf(out, "; dynamic ports %d-%d", pr->dynamic_start, pr->dynamic_start + pr->dynamic_count - 1);
        if (pr->max_user_port > 0)
            bf_buf_printf(out, "; MaxUserPort %d", pr->max_user_port);
        bf_buf_puts(out, ")\n");
        if (pr->status != BF_SECTION_OK)
            section_problem(bf_section_status_token(pr->status), pr->problem, out);
        else if (pr->range_count == 0)
            bf_buf_puts(out, "  (none)\n");
        for (i = 0; i < pr->range_count; i++) {
            const bf_port_range *r = &pr->ranges[i];
            bf_buf_printf(out, "  %s IPv%d %d-%d %s%s\n", strcmp(r->transport, "udp") == 0 ? "udp" : "tcp", r->family,
                          r->start, r->end, strcmp(r->kind, "reserved") == 0 ? "reserved" : "excluded",
                          r->administered ? " (administered *)" : "");
        }
    }
}

static void write_probes(const bf_snapshot *s, bf_buf *out)
{
    static const char *const head[] = {"Protocol", "Port", "Address", "Adapter", "Bind", "Answer"};
    table t;
    size_t i, j;
    table_init(&t, "PROTOCOL BIND STATUS (bind probe per resolver address)", 6, head);
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            char port[32];
            bf_buf bind, answer;
            const char *cells[6];
            const char *adapter = adapter_name_of(s, p->address);
            bf_buf_init(&bind);
            bf_buf_init(&answer);
            snprintf(port, sizeof port, "%s/%d", e->transport, e->port);
            bf_buf_puts(&bind, bf_probe_result_label(p->result));
            if (p->result == BF_PROBE_OTHER && p->error)
                bf_buf_printf(&bind, " (%d)", p->error);
            if (p->result == BF_PROBE_ADDRINUSE && p->owner[0]) {
                bf_buf_puts(&bind, ", held by ");
                bf_buf_puts(&bind, p->owner);
            }
            {
                /* the probe binds with SO_EXCLUSIVEADDRUSE; the service binds with its own options as its
                 * own account, and the documented table may answer it differently */
                bf_probe_result predicted = bf_bind_predict(s, e, p);
                if (predicted != p->result)
                    bf_buf_printf(&bind, " (exclusive probe); the service (socket options: %s) would get: %s",
                                  bf_sockopt_token(e->sockopt), bf_probe_result_label(predicted));
            }
            bf_buf_puts(&answer, bf_greeting_token(p->greeting));
            if (p->greeting_text[0]) {
                bf_buf_puts(&answer, ": ");
                bf_buf_puts(&answer, p->greeting_text);
            }
            cells[0] = e->protocol;
            cells[1] = port;
            cells[2] = p->address;
            cells[3] = adapter ? adapter : (bf_addr_is_wildcard(p->address) ? "(all addresses)" : "(none)");
            cells[4] = bf_buf_cstr(&bind);
            cells[5] = p->greeting == BF_GREET_NOT_TRIED ? "-" : bf_buf_cstr(&answer);
            table_row(&t, cells);
            bf_buf_free(&bind);
            bf_buf_free(&answer);
        }
    }
    table_flush(&t, out, "(no probes run)");
}

static void write_listeners(const bf_snapshot *s, bf_buf *out)
{
    static const char *const head[] = {"Proto", "Address", "Port", "PID", "Process", "Services"};
    table t;
    size_t i, j;
    table_init(&t, "LISTENING ON CATALOGUED PORTS", 6, head);
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        bool catalogued = false;
        char port[16], pid[16];
        bf_buf svcs;
        const char *cells[6];
        for (j = 0; j < s->endpoint_count && !catalogued; j++)
            catalogued = s->endpoints[j].port == l->port && strcmp(s->endpoints[j].transport, l->transport) == 0;
        if (!catalogued)
            continue;
        bf_buf_init(&svcs);
        for (j = 0; j < l->service_count; j++) {
            if (j)
                bf_buf_puts(&svcs, ", ");
            bf_buf_puts(&svcs, l->services[j]);
        }
        snprintf(port, sizeof port, "%d", l->port);
        if (l->pid >= 0)
            snprintf(pid, sizeof pid, "%d", l->pid);
        else
            snprintf(pid, sizeof pid, "-");
        cells[0] = l->transport;
        cells[1] = l->address;
        cells[2] = port;
        cells[3] = pid;
        cells[4] = l->process[0] ? l->process : "-";
        cells[5] = l->service_count ? bf_buf_cstr(&svcs) : "-";
        table_row(&t, cells);
        bf_buf_free(&svcs);
    }
    table_flush(&t, out, "(nothing listens on a catalogued port)");
}

static void write_services(const bf_snapshot *s, bf_buf *out)
{
    static const char *const head[] = {"Service", "Display name", "State", "Start", "PID", "Depends on"};
    table t;
    size_t i, j;
    table_init(&t, "SERVICES", 6, head);
    for (i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        char pid[16];
        bf_buf deps;
        const char *cells[6];
        bf_buf_init(&deps);
        for (j = 0; j < v->dependency_count; j++) {
            if (j)
                bf_buf_puts(&deps, ", ");
            bf_buf_puts(&deps, v->dependencies[j]);
        }
        if (v->pid > 0)
            snprintf(pid, sizeof pid, "%d", v->pid);
        else
            snprintf(pid, sizeof pid, "-");
        cells[0] = v->name;
        cells[1] = v->display_name;
        cells[2] = bf_svc_state_token(v->state);
        cells[3] = bf_start_type_token(v->start_type);
        cells[4] = pid;
        cells[5] = v->dependency_count ? bf_buf_cstr(&deps) : "-";
        table_row(&t, cells);
        bf_buf_free(&deps);
    }
    table_flush(&t, out, s->services_problem[0] ? "(none listed)" : "(no catalogued service found)");
    if (s->services_problem[0]) {
        bf_buf_puts(out, "  The list of services is incomplete: ");
        bf_text_clean_append(out, s->services_problem, false);
        bf_buf_puts(out, "\n");
    }
}

static void write_events(const bf_snapshot *s, bf_buf *out)
{
    static const char *const head[] = {"Time (UTC)", "Log", "Source", "ID", "Type", "Message"};
    const bf_event_log *l = &s->event_log;
    table t;
    size_t i;
    table_init(&t, "SIGNATURE EVENTS (newest first)", 6, head);
    for (i = 0; i < l->event_count; i++) {
        const bf_event *e = &l->events[i];
        char id[16];
        const char *cells[6];
        snprintf(id, sizeof id, "%d", e->event_id);
        cells[0] = e->time;
        cells[1] = e->log;
        cells[2] = e->source;
        cells[3] = id;
        cells[4] = e->type;
        cells[5] = e->message;
        table_row(&t, cells);
    }
    if (l->status == BF_SECTION_OK) {
        table_flush(&t, out, "(no signature event found)");
    } else {
        /* "unavailable" is not "no events": say which, and why */
        bf_buf tmp;
        bf_buf_init(&tmp);
        bf_buf_printf(&tmp, "(event log %s", bf_section_status_token(l->status));
        if (l->problem[0]) {
            bf_buf_puts(&tmp, ": ");
            put_clean(&tmp, l->problem);
        }
        bf_buf_puts(&tmp, ")");
        table_flush(&t, out, bf_buf_cstr(&tmp));
        bf_buf_free(&tmp);
    }
}

/* One finding of the cause tree, indented by its depth; `number` maps a finding to its place in the list. */
static void write_finding(const bf_diagnosis *d, size_t i, int depth, const size_t *number, bf_buf *out)
{
    const bf_finding *f = &d->findings[i];
    size_t j;
    char pad[64];
    int w = 2 + 4 * (depth < 8 ? depth : 8);
    memset(pad, ' ', (size_t)w + 3);
    pad[w + 3] = '\0';
    bf_buf_printf(out, "\n%.*s%zu. [%s", w, pad, number[i], bf_severity_token(f->severity));
    if (!f->cause_count && f->explains_count)
        bf_buf_printf(out, "; root cause of %s", bf_severity_token(f->tree_severity));
    bf_buf_puts(out, "] ");
    put_clean(out, f->id);
    bf_buf_puts(out, ": ");
    put_clean(out, f->title);
    bf_buf_printf(out, "\n%s", pad);
    put_clean(out, f->cause);
    bf_buf_putc(out, '\n');
    if (f->cause_not_found) {
        bf_buf_puts(out, pad);
        put_clean(out, f->cause_not_found);
        bf_buf_putc(out, '\n');
    }
    if (f->cause_count > 1) {
        bf_buf_printf(out, "%sexplained by:", pad);
        for (j = 0; j < f->cause_count; j++)
            bf_buf_printf(out, "%s %zu", j ? "," : "", number[f->causes[j]]);
        bf_buf_putc(out, '\n');
    }
    {
        /* what it explains that stands under another of its causes: named, so no link is lost */
        size_t shown = 0;
        for (j = 0; j < f->explains_count; j++)
            if (d->findings[f->explains[j]].causes[0] != i) {
                if (shown++)
                    bf_buf_printf(out, ", %zu", number[f->explains[j]]);
                else
                    bf_buf_printf(out, "%salso explains: %zu", pad, number[f->explains[j]]);
            }
        if (shown)
            bf_buf_putc(out, '\n');
    }
    for (j = 0; j < f->evidence_count; j++) {
        const bf_evidence *e = &f->evidence[j];
        bf_buf_printf(out, "%sevidence (", pad);
        put_clean(out, e->section);
        if (e->ref[0]) {
            bf_buf_puts(out, ": ");
            put_clean(out, e->ref);
        }
        bf_buf_puts(out, "): ");
        put_clean(out, e->text);
        bf_buf_putc(out, '\n');
    }
    for (j = 0; j < f->action_count; j++) {
        const bf_action *a = &f->actions[j];
        bf_buf_printf(out, "%s%s", pad, a->recommended ? "fix (recommended): " : "fix: ");
        put_clean(out, a->title);
        bf_buf_putc(out, '\n');
        if (a->predicted[0]) {
            bf_buf_printf(out, "%s     predicted: ", pad);
            put_clean(out, a->predicted);
            bf_buf_putc(out, '\n');
        }
    }
    if (f->reference_count) {
        bf_buf_printf(out, "%sreferences: ", pad);
        for (j = 0; j < f->reference_count; j++) {
            if (j)
                bf_buf_puts(out, "; ");
            put_clean(out, f->references[j]);
        }
        bf_buf_putc(out, '\n');
    }
}

/* The findings as causes and effects: each root cause, then what it explains, indented under it. */
static void write_findings(const bf_diagnosis *d, bf_buf *out)
{
    size_t i, *number;
    const bf_tree_row *rows;
    bf_buf_puts(out, "\nFINDINGS\n");
    if (!d) {
        bf_buf_puts(out, "  (diagnosis not run)\n");
        return;
    }
    if (d->finding_count == 0) {
        bf_buf_puts(out, "  No problem found.\n");
        return;
    }
    rows = bf_cause_tree(d);
    number = malloc(d->finding_count * sizeof *number);
    if (!rows || !number) {
        free(number);
        out->failed = true;
        return;
    }
    for (i = 0; i < d->finding_count; i++)
        number[rows[i].finding] = i + 1;
    bf_buf_puts(out, "  Root causes first; what each one explains is indented under it.\n");
    for (i = 0; i < d->finding_count; i++)
        write_finding(d, rows[i].finding, rows[i].depth, number, out);
    free(number);
}

void bf_scan_write_text(const bf_snapshot *s, const bf_diagnosis *d, bf_buf *out)
{
    size_t sev_count[BF_SEV__COUNT] = {0};
    size_t i;

    bf_buf_puts(out, "bindfix ");
    put_clean(out, s->tool_version[0] ? s->tool_version : BF_TOOL_VERSION);
    bf_buf_puts(out, " - ");
    put_clean(out, s->hostname[0] ? s->hostname : "(host name unknown)");
    if (s->fqdn[0] && strcmp(s->fqdn, s->hostname) != 0) {
        bf_buf_puts(out, " (");
        put_clean(out, s->fqdn);
        bf_buf_puts(out, ")");
    }
    bf_buf_puts(out, "\nOS: ");
    put_clean(out, s->os.product[0] ? s->os.product : "unknown");
    if (s->os.major >= 0)
        bf_buf_printf(out, ", version %d.%d", s->os.major, s->os.minor);
    if (s->os.build >= 0)
        bf_buf_printf(out, " build %d", s->os.build);
    if (s->os.csd[0]) {
        bf_buf_puts(out, " ");
        put_clean(out, s->os.csd);
    }
    bf_buf_puts(out, "\nSource: ");
    put_clean(out, s->origin);
    if (s->collected_at[0]) {
        bf_buf_puts(out, ", collected ");
        put_clean(out, s->collected_at);
    }
    bf_buf_putc(out, '\n');

    write_adapters(s, out);
    write_binding(s, out);
    write_resolver(s, out);
    write_hosts(s, out);
    write_listen_sources(s, out);
    write_probes(s, out);
    write_listeners(s, out);
    write_services(s, out);
    write_events(s, out);
    write_findings(d, out);

    if (d) {
        for (i = 0; i < d->finding_count; i++)
            if ((unsigned)d->findings[i].severity < BF_SEV__COUNT)
                sev_count[d->findings[i].severity]++;
        bf_buf_printf(out, "\nSummary: %zu finding(s): %zu critical, %zu error, %zu warning, %zu info.\n",
                      d->finding_count, sev_count[BF_SEV_CRITICAL], sev_count[BF_SEV_ERROR],
                      sev_count[BF_SEV_WARNING], sev_count[BF_SEV_INFO]);
    }
}
