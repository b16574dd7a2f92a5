/* report.c - the report model and the table layer every writer renders (see report.h). */
#include "report_priv.h"

#include "causes.h"

#include <string.h>

/* ---- UTF-8 ---- */

size_t bf_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c = s[0], min;
    size_t len, i;
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; c &= 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; c &= 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; c &= 0x07; min = 0x10000;
    } else {
        *cp = 0xFFFD;   /* stray continuation byte, C0/C1 overlong lead, F5..FF */
        return 1;
    }
    if (n < len) {
        *cp = 0xFFFD;
        return 1;
    }
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return len;
}

void bf_utf8_put(bf_buf *out, uint32_t cp)
{
    char b[4];
    if (cp < 0x80) {
        b[0] = (char)cp;
        bf_buf_append(out, b, 1);
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        bf_buf_append(out, b, 2);
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        bf_buf_append(out, b, 3);
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        bf_buf_append(out, b, 4);
    }
}

void bf_utf8_sanitize_append(bf_buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), run = 0;
    while (run < n) {
        uint32_t cp;
        size_t k = bf_utf8_decode(p + run, n - run, &cp);
        if (cp == 0xFFFD && k == 1) {
            /* invalid sequence (a genuine U+FFFD is three bytes): flush the valid run, substitute */
            bf_buf_append(out, (const char *)p, run);
            bf_utf8_put(out, 0xFFFD);
            p += run + 1;
            n -= run + 1;
            run = 0;
        } else {
            run += k;   /* valid text is copied in one append: names are usually clean and long */
        }
    }
    bf_buf_append(out, (const char *)p, run);
}

bool bf_is_bidi_control(uint32_t cp)
{
    return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2066 && cp <= 0x2069);
}

bool bf_cp_needs_label(uint32_t cp)
{
    return (cp >= 0x80 && cp <= 0x9F) || bf_is_bidi_control(cp) || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFE) == 0xFFFE;
}

void bf_cp_label_append(bf_buf *out, uint32_t cp)
{
    bf_buf_printf(out, "<U+%04X>", (unsigned)cp);
}

size_t bf_text_clean_append(bf_buf *out, const char *s, bool keep_breaks)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p), width = 0, before;
    while (n > 0) {
        uint32_t cp;
        size_t k = bf_utf8_decode(p, n, &cp);
        if (keep_breaks && (cp == '\n' || (cp == '\r' && n > 1 && p[1] == '\n'))) {
            bf_buf_putc(out, (char)cp);   /* LF, or the CR of CR LF */
        } else if (cp == '\t' || cp == '\r' || cp == '\n') {
            bf_buf_putc(out, ' ');
            width++;
        } else if (cp < 0x20 || cp == 0x7F) {
            bf_utf8_put(out, cp == 0x7F ? 0x2421 : 0x2400 + cp);
            width++;
        } else if (bf_cp_needs_label(cp)) {
            before = out->len;
            bf_cp_label_append(out, cp);
            width += out->len - before;   /* ASCII */
        } else {
            if (cp == 0xFFFD && k == 1)
                bf_utf8_put(out, 0xFFFD);   /* invalid sequence */
            else
                bf_buf_append(out, (const char *)p, k);
            width++;
        }
        p += k;
        n -= k;
    }
    return width;
}

/* ---- statuses ---- */

const char *bf_report_status_word(bf_report_status s)
{
    switch (s) {
    case BF_RSTAT_OK: return "OK";
    case BF_RSTAT_INFO: return "Note";
    case BF_RSTAT_WARN: return "Warning";
    case BF_RSTAT_FAIL: return "Fails";
    default: return "";
    }
}

bf_report_status bf_report_severity_status(bf_severity sev)
{
    switch (sev) {
    case BF_SEV_CRITICAL:
    case BF_SEV_ERROR: return BF_RSTAT_FAIL;
    case BF_SEV_WARNING: return BF_RSTAT_WARN;
    default: return BF_RSTAT_INFO;
    }
}

const char *bf_report_severity_label(bf_severity sev)
{
    switch (sev) {
    case BF_SEV_CRITICAL: return "Critical";
    case BF_SEV_ERROR: return "Error";
    case BF_SEV_WARNING: return "Warning";
    default: return "Information";
    }
}

/* ---- the model ---- */

static const char *os_text(bf_arena *a, const bf_os *os)
{
    bf_buf b;
    char *s;
    bf_buf_init(&b);
    bf_buf_puts(&b, os->product[0] ? os->product : "unknown OS");
    if (os->csd[0])
        bf_buf_printf(&b, " %s", os->csd);
    else if (os->sp_major > 0)
        bf_buf_printf(&b, " Service Pack %d", os->sp_major);
    if (os->major >= 0 && os->minor >= 0)
        bf_buf_printf(&b, " (version %d.%d%s", os->major, os->minor, os->build >= 0 ? "" : ")");
    if (os->build >= 0)
        bf_buf_printf(&b, os->major >= 0 && os->minor >= 0 ? ", build %d)" : " (build %d)", os->build);
    if (os->product_type[0])
        bf_buf_printf(&b, ", %s", os->product_type);
    s = b.failed ? NULL : bf_arena_strdup(a, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return s;
}

bf_report *bf_report_create(const bf_snapshot *snap, const bf_diagnosis *diag, const char *generated_at)
{
    bf_arena *a;
    bf_report *r;
    if (!snap || !(a = bf_arena_create()))
        return NULL;
    r = bf_arena_alloc(a, sizeof(*r));
    if (!r) {
        bf_arena_destroy(a);
        return NULL;
    }
    r->arena = a;
    r->tool_name = BF_TOOL_NAME;
    r->tool_version = BF_TOOL_VERSION;
    r->generated_at = bf_arena_strdup(a, generated_at && generated_at[0] ? generated_at : snap->collected_at);
    r->host = snap->hostname;
    r->fqdn = snap->fqdn;
    r->os = os_text(a, &snap->os);
    r->snap = snap;
    r->diag = diag;
    if (!r->generated_at || !r->os) {
        bf_arena_destroy(a);
        return NULL;
    }
    return r;
}

void bf_report_destroy(bf_report *r)
{
    if (r)
        bf_arena_destroy(r->arena);
}

static char *dup_or_empty(bf_arena *a, const char *s)
{
    return bf_arena_strdup(a, s ? s : "");
}

bool bf_report_add_action(bf_report *r, const char *title, const char *before, const char *after,
                          const char *result)
{
    char *t = dup_or_empty(r->arena, title), *b = dup_or_empty(r->arena, before);
    char *af = dup_or_empty(r->arena, after), *res = dup_or_empty(r->arena, result);
    bf_report_action *x;
    if (!t || !b || !af || !res)
        return false;
    x = BF_PUSH(r->arena, r->actions, r->action_count, r->action_cap);
    if (!x)
        return false;
    x->title = t;
    x->before = b;
    x->after = af;
    x->result = res;
    return true;
}

bool bf_report_add_check(bf_report *r, const char *protocol, int port, const char *address,
                         const char *before, const char *after, bool passed)
{
    char *p = dup_or_empty(r->arena, protocol), *ad = dup_or_empty(r->arena, address);
    char *b = dup_or_empty(r->arena, before), *af = dup_or_empty(r->arena, after);
    bf_report_check *x;
    if (!p || !ad || !b || !af)
        return false;
    x = BF_PUSH(r->arena, r->checks, r->check_count, r->check_cap);
    if (!x)
        return false;
    x->protocol = p;
    x->port = port;
    x->address = ad;
    x->before = b;
    x->after = af;
    x->passed = passed;
    return true;
}

/* ---- tables ---- */

static const char *const cols_identity[] = {"Field", "Value"};
static const char *const cols_adapters[] = {"Adapter", "Kind", "Status", "Addresses", "Metric", "Description",
                                            "GUID", "MAC", "ifType", "ifIndex"};
static const char *const cols_resolver[] = {"#", "Address", "Held by", "API", "Query"};
static const char *const cols_bind[] = {"Protocol", "Port", "Address", "Result", "Transport", "Service",
                                        "Port owner", "Greeting"};
static const char *const cols_binding[] = {"#", "Device", "Adapter"};
static const char *const cols_hosts[] = {"Line", "Address", "Names", "Text"};
static const char *const cols_listeners[] = {"Transport", "Address", "Port", "PID", "Process", "Services"};
static const char *const cols_services[] = {"Name", "Display name", "State", "Start type", "PID", "Exit code",
                                            "Binary", "Depends on"};
static const char *const cols_events[] = {"Time", "Log", "Source", "Event ID", "Type", "Record", "Message",
                                          "Inserts"};
/* "Place" is the finding's place in the cause tree (1 a root cause, 1.2 the second thing it explains, ...):
 * the rows come root cause first, each followed by what it explains. */
static const char *const cols_findings[] = {"Place", "ID", "Severity", "Title", "Cause", "References",
                                            "Proposed actions", "Explained by"};
static const char *const cols_evidence[] = {"Finding", "Section", "Row", "Fact"};
static const char *const cols_actions[] = {"Action", "Before", "After", "Result"};
static const char *const cols_verification[] = {"Protocol", "Port", "Address", "Before", "After", "Verdict"};

typedef struct table_spec {
    const char *id, *title;
    const char *const *columns;
    size_t column_count;
} table_spec;

#define SPEC(id, title, cols) {id, title, cols, BF_COUNTOF(cols)}
static const table_spec specs[BF_RT__COUNT] = {
    SPEC("adapters", "Adapters", cols_adapters),
    SPEC("resolver", "Resolver order", cols_resolver),
    SPEC("bind-status", "Protocol bind status", cols_bind),
    SPEC("binding-order", "Binding order", cols_binding),
    SPEC("hosts", "Hosts file entries for this host", cols_hosts),
    SPEC("listeners", "Listeners", cols_listeners),
    SPEC("services", "Services", cols_services),
    SPEC("events", "Events", cols_events),
    SPEC("findings", "Findings", cols_findings),
    SPEC("evidence", "Evidence", cols_evidence),
    SPEC("actions", "Actions taken", cols_actions),
    SPEC("verification", "Verification", cols_verification),
};

typedef struct builder {
    bf_arena *a;
    bool oom;
} builder;

static void init_table(bf_report_table *t, const char *id, const char *title, const char *const *cols,
                       size_t ncols)
{
    t->id = id;
    t->title = title;
    t->note = "";
    t->columns = cols;
    t->column_count = ncols;
}

static bf_report_cell *add_row(builder *b, bf_report_table *t)
{
    bf_report_cell *row;
    size_t i;
    if (b->oom)
        return NULL;
    row = bf_arena_push(b->a, (void **)&t->cells, &t->row_count, &t->row_cap,
                        t->column_count * sizeof(bf_report_cell));
    if (!row) {
        b->oom = true;
        return NULL;
    }
    for (i = 0; i < t->column_count; i++)
        row[i].text = "";
    return row;
}

static const char *num(builder *b, long long v, bool unknown_if_negative)
{
    char *s;
    if (unknown_if_negative && v < 0)
        return "";
    s = bf_arena_printf(b->a, "%lld", v);
    if (!s) {
        b->oom = true;
        return "";
    }
    return s;
}

/* Joins a string list with sep into the arena. */
static const char *join(builder *b, char *const *items, size_t count, const char *sep)
{
    bf_buf buf;
    size_t i;
    char *s;
    if (count == 0)
        return "";
    bf_buf_init(&buf);
    for (i = 0; i < count; i++) {
        if (i)
            bf_buf_puts(&buf, sep);
        bf_buf_puts(&buf, items[i]);
    }
    s = buf.failed ? NULL : bf_arena_strdup(b->a, bf_buf_cstr(&buf));
    bf_buf_free(&buf);
    if (!s) {
        b->oom = true;
        return "";
    }
    return s;
}

static const char *printf_or_empty(builder *b, char *s)
{
    if (!s) {
        b->oom = true;
        return "";
    }
    return s;
}

static const char *section_note(builder *b, const char *what, bf_section_status st, const char *problem)
{
    if (st == BF_SECTION_OK)
        return "";
    return printf_or_empty(b, bf_arena_printf(b->a, "%s: %s%s%s", what, bf_section_status_token(st),
                                              problem[0] ? " - " : "", problem));
}

static void build_identity(builder *b, const bf_report *r, bf_report_table *t)
{
    const bf_snapshot *s = r->snap;
    const char *rows[][2] = {
        {"Tool", r->tool_name},
        {"Tool version", r->tool_version},
        {"Report generated (UTC)", r->generated_at},
        {"Host", r->host},
        {"FQDN", r->fqdn},
        {"Operating system", r->os},
        {"Hotfixes", join(b, s->os.hotfixes, s->os.hotfix_count, ", ")},
        {"Snapshot collected (UTC)", s->collected_at},
        {"Snapshot origin", s->origin},
        {"Snapshot tool version", s->tool_version},
    };
    size_t i;
    init_table(t, "report", "Report", cols_identity, BF_COUNTOF(cols_identity));
    for (i = 0; i < BF_COUNTOF(rows); i++) {
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = rows[i][0];
        c[1].text = rows[i][1] ? rows[i][1] : "";
    }
}

static bf_report_status adapter_status(bf_oper_status st)
{
    switch (st) {
    case BF_OPER_UP: return BF_RSTAT_OK;
    case BF_OPER_UNKNOWN: return BF_RSTAT_INFO;
    default: return BF_RSTAT_WARN;
    }
}

static void build_adapters(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i, j;
    for (i = 0; i < s->adapter_count; i++) {
        const bf_adapter *ad = &s->adapters[i];
        bf_report_cell *c = add_row(b, t);
        bf_buf addrs;
        if (!c)
            return;
        bf_buf_init(&addrs);
        for (j = 0; j < ad->address_count; j++) {
            const bf_address *x = &ad->addresses[j];
            bf_buf_printf(&addrs, "%s%s", j ? ", " : "", x->address);
            if (x->prefix_length >= 0)
                bf_buf_printf(&addrs, "/%d", x->prefix_length);
            if (x->dad_state != BF_DAD_PREFERRED)
                bf_buf_printf(&addrs, " (%s)", bf_dad_state_token(x->dad_state));
            if (x->skip_as_source == BF_TRI_YES)
                bf_buf_puts(&addrs, " (SkipAsSource)");
        }
        c[0].text = ad->friendly_name;
        c[1].text = bf_adapter_kind_label(ad->kind);
        c[2].text = bf_oper_status_label(ad->status);
        c[2].status = adapter_status(ad->status);
        c[3].text = printf_or_empty(b, addrs.failed ? NULL : bf_arena_strdup(b->a, bf_buf_cstr(&addrs)));
        bf_buf_free(&addrs);
        if (ad->metric4 >= 0 && ad->metric6 >= 0)
            c[4].text = printf_or_empty(b, bf_arena_printf(b->a, "%d / %d", ad->metric4, ad->metric6));
        else if (ad->metric4 >= 0 || ad->metric6 >= 0)
            c[4].text = num(b, ad->metric4 >= 0 ? ad->metric4 : ad->metric6, true);
        c[5].text = ad->description;
        c[6].text = ad->guid;
        c[7].text = ad->mac;
        c[8].text = num(b, ad->if_type, true);
        c[9].text = num(b, ad->if_index, true);
    }
}

/* Where a resolver address lives, in words, and how usable it is for a listener. */
static void resolver_holder(builder *b, const bf_snapshot *s, const char *address, bf_report_cell *c)
{
    const bf_address *x = NULL;
    const bf_adapter *ad = bf_snap_find_adapter_by_address(s, address, &x);
    if (!ad) {
        c->text = bf_addr_is_loopback(address) ? "loopback" : "no adapter of this machine";
        c->status = bf_addr_is_loopback(address) ? BF_RSTAT_INFO : BF_RSTAT_FAIL;
        return;
    }
    c->text = printf_or_empty(b, bf_arena_printf(b->a, "%s (%s, %s)", ad->friendly_name,
                                                 bf_adapter_kind_label(ad->kind),
                                                 bf_oper_status_label(ad->status)));
    if (ad->status != BF_OPER_UP || (x && x->dad_state != BF_DAD_PREFERRED && x->dad_state != BF_DAD_UNKNOWN))
        c->status = BF_RSTAT_FAIL;
    else if (ad->kind == BF_KIND_DIALUP || ad->kind == BF_KIND_VPN || bf_addr_is_apipa(address))
        c->status = BF_RSTAT_WARN;   /* bindable now, but not an address clients should be sent to */
    else
        c->status = BF_RSTAT_OK;
}

static void build_resolver(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i, j;
    for (i = 0; i < s->resolver_count; i++) {
        const bf_resolution *res = &s->resolver[i];
        bf_report_cell *c;
        if (res->error != 0 || res->address_count == 0) {
            if (!(c = add_row(b, t)))
                return;
            c[1].text = "";
            c[2].text = printf_or_empty(b, bf_arena_printf(b->a, "no answer (error %d)", res->error));
            c[2].status = BF_RSTAT_FAIL;
            c[3].text = res->api;
            c[4].text = res->query;
            continue;
        }
        for (j = 0; j < res->address_count; j++) {
            if (!(c = add_row(b, t)))
                return;
            c[0].text = num(b, (long long)j + 1, false);
            c[1].text = res->addresses[j];
            resolver_holder(b, s, res->addresses[j], &c[2]);
            c[3].text = res->api;
            c[4].text = res->query;
        }
    }
}

static bf_report_status probe_status(bf_probe_result r)
{
    switch (r) {
    case BF_PROBE_OK: return BF_RSTAT_OK;
    case BF_PROBE_NOT_RUN: return BF_RSTAT_INFO;
    default: return BF_RSTAT_FAIL;
    }
}

static void build_bind(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i, j;
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            bf_report_cell *c = add_row(b, t);
            if (!c)
                return;
            c[0].text = e->protocol;
            c[1].text = num(b, e->port, true);
            c[2].text = p->address;
            if (p->result == BF_PROBE_OTHER && p->error)
                c[3].text = printf_or_empty(b, bf_arena_printf(b->a, "Error %d", p->error));
            else
                c[3].text = bf_probe_result_label(p->result);
            c[3].status = probe_status(p->result);
            c[4].text = e->transport;
            c[5].text = e->service;
            if (p->owner[0] && p->owner_pid >= 0)
                c[6].text = printf_or_empty(b, bf_arena_printf(b->a, "%s (PID %d)", p->owner, p->owner_pid));
            else if (p->owner[0])
                c[6].text = p->owner;
            else if (p->owner_pid >= 0)
                c[6].text = printf_or_empty(b, bf_arena_printf(b->a, "PID %d", p->owner_pid));
            if (p->greeting != BF_GREET_NOT_TRIED)
                c[7].text = printf_or_empty(b, bf_arena_printf(b->a, "%s%s%s", bf_greeting_token(p->greeting),
                                                               p->greeting_text[0] ? ": " : "", p->greeting_text));
        }
    }
}

static void build_binding(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i;
    t->note = section_note(b, "Binding order", s->binding.status, s->binding.problem);
    for (i = 0; i < s->binding.entry_count; i++) {
        const char *dev = s->binding.entries[i];
        const bf_adapter *ad = bf_snap_find_adapter_by_binding(s, dev);
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = num(b, (long long)i + 1, false);
        c[1].text = dev;
        c[2].text = ad ? ad->friendly_name : "";
    }
}

static void build_hosts(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i;
    if (s->hosts.status != BF_SECTION_OK)
        t->note = section_note(b, "Hosts file", s->hosts.status, s->hosts.problem);
    else if (s->hosts.path[0])
        t->note = printf_or_empty(b, bf_arena_printf(b->a, "Read from %s", s->hosts.path));
    for (i = 0; i < s->hosts.entry_count; i++) {
        const bf_hosts_entry *e = &s->hosts.entries[i];
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = num(b, e->line, true);
        c[1].text = e->address;
        c[2].text = e->names;
        c[3].text = e->text;
    }
}

static void build_listeners(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i;
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = l->transport;
        c[1].text = l->address;
        c[2].text = num(b, l->port, true);
        c[3].text = num(b, l->pid, true);
        c[4].text = l->process;
        c[5].text = join(b, l->services, l->service_count, ", ");
    }
}

static void build_services(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i;
    if (s->services_problem[0])
        t->note = section_note(b, "Services (the list is incomplete)", BF_SECTION_UNAVAILABLE, s->services_problem);
    for (i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = v->name;
        c[1].text = v->display_name;
        c[2].text = bf_svc_state_token(v->state);
        if (v->state == BF_SVC_RUNNING)
            c[2].status = BF_RSTAT_OK;
        else if (v->state == BF_SVC_STOPPED && v->exit_code != 0)
            c[2].status = BF_RSTAT_FAIL;   /* stopped with an error: the KB's services die this way */
        else if (v->state == BF_SVC_NOT_INSTALLED || v->state == BF_SVC_STATE_UNKNOWN)
            c[2].status = BF_RSTAT_INFO;
        c[3].text = bf_start_type_token(v->start_type);
        c[4].text = v->pid > 0 ? num(b, v->pid, true) : "";
        c[5].text = num(b, v->exit_code, false);
        c[6].text = v->binary;
        c[7].text = join(b, v->dependencies, v->dependency_count, ", ");
    }
}

static void build_events(builder *b, const bf_snapshot *s, bf_report_table *t)
{
    size_t i;
    if (s->event_log.status != BF_SECTION_OK)
        t->note = section_note(b, "Event log (no events read does not mean no events)", s->event_log.status,
                               s->event_log.problem);
    for (i = 0; i < s->event_log.event_count; i++) {
        const bf_event *e = &s->event_log.events[i];
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = e->time;
        c[1].text = e->log;
        c[2].text = e->source;
        c[3].text = num(b, e->event_id, false);
        c[4].text = e->type;
        if (strcmp(e->type, "error") == 0)
            c[4].status = BF_RSTAT_FAIL;
        else if (strcmp(e->type, "warning") == 0)
            c[4].status = BF_RSTAT_WARN;
        else
            c[4].status = BF_RSTAT_INFO;
        c[5].text = num(b, e->record, true);
        c[6].text = e->message;
        c[7].text = join(b, e->inserts, e->insert_count, " | ");
    }
}

static void build_findings(builder *b, const bf_diagnosis *d, bf_report_table *t, bf_report_table *ev)
{
    size_t i, j, r;
    const bf_tree_row *rows;
    char **place;
    if (!d) {
        t->note = "Not diagnosed.";
        return;
    }
    rows = bf_cause_tree(d);
    place = rows ? bf_cause_places(d, rows) : NULL;
    if (!place) {
        b->oom = true;
        return;
    }
    for (r = 0; r < d->finding_count; r++) {
        i = rows[r].finding;
        const bf_finding *f = &d->findings[i];
        bf_report_cell *c = add_row(b, t);
        bf_buf acts, by;
        if (!c)
            return;
        c[0].text = printf_or_empty(b, place[i]);
        c[1].text = f->id;
        c[2].text = bf_report_severity_label(f->severity);
        c[2].status = bf_report_severity_status(f->severity);
        c[3].text = f->title;
        c[4].text = f->cause_not_found ? bf_arena_printf(b->a, "%s %s", f->cause, f->cause_not_found) : f->cause;
        c[5].text = join(b, f->references, f->reference_count, "; ");
        bf_buf_init(&acts);
        for (j = 0; j < f->action_count; j++)
            bf_buf_printf(&acts, "%s%s%s", j ? "; " : "", f->actions[j].title,
                          f->actions[j].recommended ? " (recommended)" : "");
        c[6].text = printf_or_empty(b, acts.failed ? NULL : bf_arena_strdup(b->a, bf_buf_cstr(&acts)));
        bf_buf_free(&acts);
        bf_buf_init(&by);
        for (j = 0; j < f->cause_count; j++)
            bf_buf_printf(&by, "%s%s %s", j ? "; " : "", place[f->causes[j]], d->findings[f->causes[j]].id);
        c[7].text = printf_or_empty(b, by.failed ? NULL : bf_arena_strdup(b->a, bf_buf_cstr(&by)));
        bf_buf_free(&by);
        for (j = 0; j < f->evidence_count; j++) {
            bf_report_cell *e = add_row(b, ev);
            if (!e)
                return;
            e[0].text = f->id;
            e[1].text = f->evidence[j].section;
            e[2].text = f->evidence[j].ref;
            e[3].text = f->evidence[j].text;
        }
    }
}

static bf_report_status action_status(const char *result)
{
    if (strncmp(result, "applied", 7) == 0 || strncmp(result, "ok", 2) == 0)
        return BF_RSTAT_OK;
    if (strncmp(result, "failed", 6) == 0)
        return BF_RSTAT_FAIL;
    return BF_RSTAT_WARN;   /* rolled back, skipped, anything else: needs a look */
}

static void build_actions(builder *b, const bf_report *r, bf_report_table *t)
{
    size_t i;
    for (i = 0; i < r->action_count; i++) {
        const bf_report_action *x = &r->actions[i];
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = x->title;
        c[1].text = x->before;
        c[2].text = x->after;
        c[3].text = x->result;
        c[3].status = action_status(x->result);
    }
}

static void build_verification(builder *b, const bf_report *r, bf_report_table *t)
{
    size_t i;
    for (i = 0; i < r->check_count; i++) {
        const bf_report_check *x = &r->checks[i];
        bf_report_cell *c = add_row(b, t);
        if (!c)
            return;
        c[0].text = x->protocol;
        c[1].text = num(b, x->port, true);
        c[2].text = x->address;
        c[3].text = x->before;
        c[4].text = x->after;
        c[5].text = x->passed ? "passed" : "failed";
        c[5].status = x->passed ? BF_RSTAT_OK : BF_RSTAT_FAIL;
    }
}

bf_report_tables *bf_report_tables_build(const bf_report *r, bf_err *err)
{
    builder b;
    bf_report_tables *t;
    int i;
    b.oom = false;
    if (!(b.a = bf_arena_create()) || !(t = bf_arena_alloc(b.a, sizeof(*t)))) {
        bf_arena_destroy(b.a);
        bf_fail(err, "out of memory while building the report tables");
        return NULL;
    }
    t->arena = b.a;
    for (i = 0; i < BF_RT__COUNT; i++)
        init_table(&t->tables[i], specs[i].id, specs[i].title, specs[i].columns, specs[i].column_count);
    build_identity(&b, r, &t->identity);
    build_adapters(&b, r->snap, &t->tables[BF_RT_ADAPTERS]);
    build_resolver(&b, r->snap, &t->tables[BF_RT_RESOLVER]);
    build_bind(&b, r->snap, &t->tables[BF_RT_BIND]);
    build_binding(&b, r->snap, &t->tables[BF_RT_BINDING]);
    build_hosts(&b, r->snap, &t->tables[BF_RT_HOSTS]);
    build_listeners(&b, r->snap, &t->tables[BF_RT_LISTENERS]);
    build_services(&b, r->snap, &t->tables[BF_RT_SERVICES]);
    build_events(&b, r->snap, &t->tables[BF_RT_EVENTS]);
    build_findings(&b, r->diag, &t->tables[BF_RT_FINDINGS], &t->tables[BF_RT_EVIDENCE]);
    build_actions(&b, r, &t->tables[BF_RT_ACTIONS]);
    build_verification(&b, r, &t->tables[BF_RT_VERIFICATION]);
    if (b.oom || bf_arena_failed(b.a)) {
        bf_arena_destroy(b.a);
        bf_fail(err, "out of memory while building the report tables");
        return NULL;
    }
    return t;
}

void bf_report_tables_destroy(bf_report_tables *t)
{
    if (t)
        bf_arena_destroy(t->arena);
}
