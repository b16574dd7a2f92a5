/*
 * diagnose.c - the rules: from a snapshot to findings with evidence, causes, references and actions.
 *
 * Every rule reads only the snapshot (and the catalogue) and adds findings whose evidence rows point at
 * snapshot rows; a healthy machine gives none. Finding IDs are stable and documented in help/findings.md.
 * Actions carry the parameters the repair engine executes and the result the order model predicts.
 */
#include "diagnose.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "lookup.h"
#include "order.h"
#include "portranges.h"
#include "policy.h"
#include "pins.h"
#include "strbuf.h"

static const char *const severity_tokens[BF_SEV__COUNT] = {"info", "warning", "error", "critical"};

const char *bf_severity_token(bf_severity v)
{
    return ((int)v >= 0 && v < BF_SEV__COUNT) ? severity_tokens[v] : "info";
}

static const char *const action_kind_tokens[BF_ACTION__COUNT] = {
    "reorder-bindings", "set-metric", "skip-as-source", "hosts-comment", "ldap-alt-port", "restart-services",
    "install-fix", "start-service", "port-exclusion", "http-listen-remove", "set-disabled-components",
    "pin-setting", "dns-registration-off", "delayed-auto-start"};

const char *bf_action_kind_token(bf_action_kind v)
{
    return ((int)v >= 0 && v < BF_ACTION__COUNT) ? action_kind_tokens[v] : "other";
}

static bool same_text(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

bool bf_action_same(const bf_action *a, const bf_action *b)
{
    const bf_action_params *x = &a->params, *y = &b->params;
    return a->kind == b->kind && same_text(x->fix, y->fix) && same_text(x->order, y->order) &&
           same_text(x->adapter, y->adapter) && x->metric == y->metric && same_text(x->address, y->address) &&
           x->line == y->line && same_text(x->text, y->text) && x->port == y->port &&
           same_text(x->services, y->services) && same_text(x->transport, y->transport) && x->family == y->family &&
           same_text(x->value, y->value) && same_text(x->reg_key, y->reg_key) &&
           same_text(x->reg_value, y->reg_value) && same_text(x->edit, y->edit);
}

bool bf_action_listed(const bf_action *a, const bf_action *const *list, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (bf_action_same(list[i], a))
            return true;
    return false;
}

/* ---- building findings (all memory in d->arena; out-of-memory is checked once at the end) ---- */

/* A flat row of a two-level table (resolver answers, endpoint probes): which parent, which child. */
typedef struct pair {
    size_t k, m;
} pair;

/* The rules ask "who holds this address" for every hosts line and predicted address, "which resolver
 * answers / probes / hosts lines name this address" for every failing probe and unbound address, and
 * "which adapter has this GUID" for every binding entry. Asked with loops these were the quadratic
 * steps (bench-diagnose: 16x the input cost 25x the time); the indexes below answer in log n. */
typedef struct ctx {
    const bf_snapshot *s;
    bf_lookup by_text;        /* adapter addresses, exact text -> adapter index */
    bf_lookup by_address;     /* adapter addresses, IPv6 normalised -> adapter index */
    bf_lookup by_guid;        /* adapter GUIDs -> adapter index */
    bf_lookup answers;        /* resolver answers -> row of answer_at */
    pair *answer_at;
    bf_lookup probes;         /* probe addresses -> row of probe_at */
    pair *probe_at;
    bf_lookup hosts;          /* hosts line addresses -> entry index */
    bool oom;                 /* an index could not be built: the diagnosis fails as out of memory */
    bf_diagnosis *d;
    const bf_catalogue *cat;
    const bf_cat_generation *gen;
    bf_order_rule rule;
    bool fixed;             /* the KB's fix is present (only meaningful on NT4) */
    /* predictions that do not depend on the finding, computed once (every unbound address offers them) */
    char *fix_predicted;
    bool fix_clean;
    bool reorder_done, reorder_same, reorder_clean;
    const char **reorder_guids;
    size_t reorder_count;
    char *reorder_predicted;
    char *reorder_param;    /* the reorder's "order": names every adapter: built once, shared by every finding's action */
} ctx;

static char *fmt(ctx *c, const char *f, ...) BF_PRINTF(2, 3);
static char *fmt(ctx *c, const char *f, ...)
{
    va_list ap;
    char tmp[2048], *r;
    int n;
    va_start(ap, f);
    n = vsnprintf(tmp, sizeof tmp, f, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    r = bf_arena_strndup(c->d->arena, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
    return r ? r : "";
}

/* A parameter's copy in the diagnosis (which may outlive the snapshot), whole: fmt would cut it. */
static char *dup(ctx *c, const char *v)
{
    char *r = bf_arena_strdup(c->d->arena, v);
    return r ? r : "";
}

static bf_finding *add_finding(ctx *c, const char *id, bf_severity sev, char *title, char *cause)
{
    bf_finding *f = BF_PUSH(c->d->arena, c->d->findings, c->d->finding_count, c->d->finding_cap);
    if (!f)
        return NULL;
    memset(f, 0, sizeof *f);
    f->id = (char *)id;
    f->severity = sev;
    f->title = title;
    f->cause = cause;
    return f;
}

static bf_evidence *evidence(ctx *c, bf_finding *f, const char *section, char *ref, char *text)
{
    bf_evidence *e;
    if (!f)
        return NULL;
    e = BF_PUSH(c->d->arena, f->evidence, f->evidence_count, f->evidence_cap);
    if (!e)
        return NULL;
    e->section = (char *)section;
    e->ref = ref;
    e->text = text;
    return e;
}

/* The facts a finding states (about) and the facts that would explain it (because): causes.c links the
 * findings through them. value is a snapshot string (never NULL), copied into the diagnosis. */
static void link_key(ctx *c, bf_finding *f, bool is_about, bf_link_kind kind, const char *value)
{
    bf_link_key *k;
    if (!f)
        return;
    k = is_about ? BF_PUSH(c->d->arena, f->about, f->about_count, f->about_cap)
                 : BF_PUSH(c->d->arena, f->because, f->because_count, f->because_cap);
    if (!k)
        return;
    k->kind = kind;
    k->value = dup(c, value);
}
#define about(c, f, kind, value) link_key((c), (f), true, (kind), (value))
#define because(c, f, kind, value) link_key((c), (f), false, (kind), (value))

static void reference(ctx *c, bf_finding *f, const char *ref)
{
    char **r;
    size_t i;
    if (!f)
        return;
    for (i = 0; i < f->reference_count; i++)
        if (strcmp(f->references[i], ref) == 0)
            return;
    r = BF_PUSH(c->d->arena, f->references, f->reference_count, f->reference_cap);
    if (r)
        *r = (char *)ref;
}

/* The model's verdict on an action's prediction (bf_action.predicted_clean). */
static void set_clean(bf_action *a, bool clean)
{
    if (a)
        a->predicted_clean = !a->predicted || !a->predicted[0] ? BF_TRI_UNKNOWN : clean ? BF_TRI_YES : BF_TRI_NO;
}

static bf_action *action(ctx *c, bf_finding *f, bf_action_kind kind, char *title, char *detail, char *predicted,
                         bool recommended)
{
    bf_action *a;
    if (!f)
        return NULL;
    a = BF_PUSH(c->d->arena, f->actions, f->action_count, f->action_cap);
    if (!a)
        return NULL;
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->title = title;
    a->detail = detail;
    a->predicted = predicted;
    a->recommended = recommended;
    return a;
}


/* ---- facts about the snapshot ---- */

static bool adapter_up(const bf_adapter *a)
{
    return a->status == BF_OPER_UP || a->status == BF_OPER_UNKNOWN;
}

static const char *adapter_name(const bf_adapter *a)
{
    return a->friendly_name[0] ? a->friendly_name : a->guid;
}

/* The adapter holding an address only in APIPA space (169.254/16): a LAN with no DHCP answer. */
static bool adapter_apipa_only(const bf_adapter *a)
{
    size_t i, v4 = 0, apipa = 0;
    for (i = 0; i < a->address_count; i++)
        if (!bf_addr_is_ipv6(a->addresses[i].address)) {
            v4++;
            apipa += bf_addr_is_apipa(a->addresses[i].address);
        }
    return v4 > 0 && v4 == apipa;
}

static void build_indexes(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, j, n = 0;
    bf_lookup_init(&c->by_text, BF_KEY_EXACT);
    bf_lookup_init(&c->by_address, BF_KEY_ADDRESS);
    bf_lookup_init(&c->by_guid, BF_KEY_NOCASE);
    bf_lookup_init(&c->answers, BF_KEY_ADDRESS);
    bf_lookup_init(&c->probes, BF_KEY_ADDRESS);
    bf_lookup_init(&c->hosts, BF_KEY_ADDRESS);
    for (i = 0; i < s->adapter_count; i++) {
        bf_lookup_add(&c->by_guid, s->adapters[i].guid, i);
        for (j = 0; j < s->adapters[i].address_count; j++) {
            bf_lookup_add(&c->by_text, s->adapters[i].addresses[j].address, i);
            bf_lookup_add(&c->by_address, s->adapters[i].addresses[j].address, i);
        }
    }
    for (i = 0; i < s->hosts.entry_count; i++)
        bf_lookup_add(&c->hosts, s->hosts.entries[i].address, i);
    for (i = 0; i < s->resolver_count; i++)
        n += s->resolver[i].address_count;
    c->answer_at = bf_arena_alloc_array(c->d->arena, n ? n : 1, sizeof *c->answer_at);
    for (i = 0, n = 0; c->answer_at && i < s->resolver_count; i++)
        for (j = 0; j < s->resolver[i].address_count; j++, n++) {
            c->answer_at[n].k = i;
            c->answer_at[n].m = j;
            bf_lookup_add(&c->answers, s->resolver[i].addresses[j], n);
        }
    for (i = 0, n = 0; i < s->endpoint_count; i++)
        n += s->endpoints[i].probe_count;
    c->probe_at = bf_arena_alloc_array(c->d->arena, n ? n : 1, sizeof *c->probe_at);
    for (i = 0, n = 0; c->probe_at && i < s->endpoint_count; i++)
        for (j = 0; j < s->endpoints[i].probe_count; j++, n++) {
            c->probe_at[n].k = i;
            c->probe_at[n].m = j;
            bf_lookup_add(&c->probes, s->endpoints[i].probes[j].address, n);
        }
    bf_lookup_sort(&c->by_text);
    bf_lookup_sort(&c->by_address);
    bf_lookup_sort(&c->by_guid);
    bf_lookup_sort(&c->answers);
    bf_lookup_sort(&c->probes);
    bf_lookup_sort(&c->hosts);
}

static bool indexes_failed(const ctx *c)
{
    return c->by_text.failed || c->by_address.failed || c->by_guid.failed || c->answers.failed || c->probes.failed || c->hosts.failed ||
           !c->answer_at || !c->probe_at;
}

static void free_indexes(ctx *c)
{
    bf_lookup_free(&c->by_text);
    bf_lookup_free(&c->by_address);
    bf_lookup_free(&c->by_guid);
    bf_lookup_free(&c->answers);
    bf_lookup_free(&c->probes);
    bf_lookup_free(&c->hosts);
}

/* The adapter holding an address (the first in system order when several do). Exact text first; IPv6
 * written differently ("2001:DB8::1" vs "2001:db8::1") falls back to the normalising comparison. */
static const bf_adapter *find_holder(const ctx *c, const char *address)
{
    size_t i = bf_lookup_first(&c->by_text, address);
    if (i == SIZE_MAX && bf_addr_is_ipv6(address))
        i = bf_lookup_first(&c->by_address, address);
    return i == SIZE_MAX ? NULL : &c->s->adapters[i];
}

/* The adapter with this GUID (case-insensitive; the first in system order), as bf_snap_find_adapter_by_guid. */
static const bf_adapter *adapter_by_guid(const ctx *c, const char *guid)
{
    size_t i = bf_lookup_first(&c->by_guid, guid);
    return i == SIZE_MAX ? NULL : &c->s->adapters[i];
}

/* The adapter a Linkage\Bind entry names, as bf_snap_find_adapter_by_binding. */
static const bf_adapter *adapter_by_binding(const ctx *c, const char *entry)
{
    const char *name = bf_binding_device_name(entry);
    return name[0] ? adapter_by_guid(c, name) : NULL;
}

/* Usable = held by an adapter that is up, or loopback. */
static bool address_usable(const ctx *c, const char *address)
{
    const bf_adapter *a;
    if (bf_addr_is_loopback(address) || bf_addr_is_wildcard(address))
        return true;
    a = find_holder(c, address);
    return a && adapter_up(a);
}

static bool kb_fix_present(const bf_os *os)
{
    size_t i;
    if (os->major != 4)
        return true;
    if (os->sp_major >= 5)
        return true;
    for (i = 0; i < os->hotfix_count; i++)
        if (strstr(os->hotfixes[i], "214864") || strstr(os->hotfixes[i], "216091") ||
            strstr(os->hotfixes[i], "Rnr-fix") || strstr(os->hotfixes[i], "rnr-fix"))
            return true;
    return false;
}

static char *join_list(ctx *c, const char *const *items, size_t n, const char *sep)
{
    bf_buf b;
    size_t i;
    char *r;
    bf_buf_init(&b);
    for (i = 0; i < n; i++) {
        if (i)
            bf_buf_puts(&b, sep);
        bf_buf_puts(&b, items[i]);
    }
    r = bf_arena_strdup(c->d->arena, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return r ? r : "";
}

/* "192.0.2.10, 198.51.100.7; every catalogued protocol binds" / "...; 198.51.100.7 still fails (10049)" */
static char *predict_text(ctx *c, const char *api, const bf_order_change *change, bool *clean)
{
    const char **list;
    size_t n, i;
    bf_buf b;
    char *r;
    bool bad = false;
    bf_order_rule rule = c->rule;
    if (change && change->fixed_override == BF_TRI_YES && rule == BF_ORDER_NT4SP4)
        rule = BF_ORDER_BINDING;
    if (!bf_order_predict(c->s, rule, change, strcmp(api, "gethostbyname") == 0, c->d->arena, &list, &n))
        return "";
    bf_buf_init(&b);
    bf_buf_printf(&b, "%s would return ", api);
    for (i = 0; i < n; i++)
        bf_buf_printf(&b, i ? ", %s" : "%s", list[i]);
    if (n == 0)
        bf_buf_puts(&b, "no address of an up adapter");
    for (i = 0; i < n; i++)
        if (!address_usable(c, list[i])) {
            bf_buf_printf(&b, bad ? ", %s" : "; still not bound: %s", list[i]);
            bad = true;
        }
    bf_buf_puts(&b, bad ? " (binds there keep failing with 10049)" : "; every returned address is bound, so the protocols can bind");
    r = bf_arena_strdup(c->d->arena, bf_buf_cstr(&b));
    bf_buf_free(&b);
    if (clean)
        *clean = !bad && n > 0;
    return r ? r : "";
}

/* The services owning failed endpoints, in the generation's start order (restart order). */
static char *services_to_restart(ctx *c, const char *const *owners, size_t n)
{
    const char *ordered[32];
    size_t k = 0, i, j;
    if (c->gen)
        for (i = 0; i < c->gen->service_count && k < 32; i++)
            for (j = 0; j < n; j++)
                if (bf_ascii_eq_ci(c->gen->services[i], owners[j]) && bf_snap_find_service(c->s, owners[j])) {
                    ordered[k++] = c->gen->services[i];
                    break;
                }
    for (j = 0; j < n && k < 32; j++) {
        bool seen = false;
        for (i = 0; i < k; i++)
            seen = seen || bf_ascii_eq_ci(ordered[i], owners[j]);
        if (!seen && owners[j][0] && bf_snap_find_service(c->s, owners[j]))
            ordered[k++] = owners[j];
    }
    return k ? join_list(c, ordered, k, ",") : NULL;
}

/* ---- rules ---- */

/* The binding order with every up LAN adapter moved before the others (relative order kept). */
static bool better_binding(ctx *c, const char ***guids, size_t *count)
{
    size_t *idx, n, i, k = 0;
    const char **out;
    if (!bf_order_adapters(c->s, BF_ORDER_BINDING, NULL, c->d->arena, &idx, &n) || n == 0)
        return false;
    out = bf_arena_alloc_array(c->d->arena, n, sizeof *out);
    if (!out)
        return false;
    for (i = 0; i < n; i++) {
        const bf_adapter *a = &c->s->adapters[idx[i]];
        if (a->kind == BF_KIND_LAN && adapter_up(a) && !adapter_apipa_only(a))
            out[k++] = a->guid;
    }
    for (i = 0; i < n; i++) {
        const bf_adapter *a = &c->s->adapters[idx[i]];
        if (!(a->kind == BF_KIND_LAN && adapter_up(a) && !adapter_apipa_only(a)) && a->kind != BF_KIND_LOOPBACK)
            out[k++] = a->guid;
    }
    *guids = out;
    *count = k;
    return true;
}

static void add_repair_actions(ctx *c, bf_finding *f, const bf_adapter *bad, const char *bad_address,
                               const char *restart)
{
    bf_order_change ch;
    const char *api = (c->rule == BF_ORDER_METRIC || c->rule == BF_ORDER_METRIC10) ? "getaddrinfo" : "gethostbyname";
    bool clean = false, fix_offered = false;
    bf_action *a;
    memset(&ch, 0, sizeof ch);

    if (c->rule == BF_ORDER_NT4SP4 && !c->fixed) {
        if (!c->fix_predicted) {
            ch.fixed_override = BF_TRI_YES;
            c->fix_predicted = predict_text(c, api, &ch, &c->fix_clean);
            memset(&ch, 0, sizeof ch);
        }
        a = action(c, f, BF_ACTION_INSTALL_FIX, fmt(c, "Install Windows NT 4.0 Service Pack 5 or later (or the Rnr-fix hotfix)"),
                   fmt(c, "The KB's resolution: after SP5 gethostbyname no longer returns addresses that are not bound "
                          "to TCP/IP. bindfix cannot install it; it checks for it afterwards."),
                   c->fix_predicted, true);
        set_clean(a, c->fix_clean);
        if (a)
            a->params.fix = "Q214864";
        fix_offered = true;
    }
    if ((c->rule == BF_ORDER_NT4SP4 || c->rule == BF_ORDER_BINDING) && c->s->binding.status == BF_SECTION_OK) {
        size_t i;
        if (!c->reorder_done) {
            c->reorder_done = true;
            c->reorder_same = true;
            if (better_binding(c, &c->reorder_guids, &c->reorder_count) && c->reorder_count > 0) {
                c->reorder_same = c->reorder_count == c->s->binding.entry_count;
                for (i = 0; c->reorder_same && i < c->reorder_count; i++)
                    c->reorder_same = adapter_by_binding(c, c->s->binding.entries[i]) ==
                                      adapter_by_guid(c, c->reorder_guids[i]);
                if (!c->reorder_same) {
                    ch.binding_guids = c->reorder_guids;
                    ch.binding_count = c->reorder_count;
                    c->reorder_predicted = predict_text(c, api, &ch, &c->reorder_clean);
                    memset(&ch, 0, sizeof ch);
                }
            }
        }
        if (!c->reorder_same) {
            if (!c->reorder_param) {
                bf_buf b;
                bf_buf_init(&b);
                for (i = 0; i < c->reorder_count; i++) {
                    if (i)
                        bf_buf_putc(&b, ',');
                    bf_buf_puts(&b, c->reorder_guids[i]);
                }
                c->reorder_param = bf_arena_strdup(c->d->arena, bf_buf_cstr(&b));
                bf_buf_free(&b);
            }
            a = action(c, f, BF_ACTION_REORDER_BINDINGS,
                       fmt(c, "Move the up LAN adapter(s) before %s in the TCP/IP binding order", bad ? adapter_name(bad) : "the others"),
                       fmt(c, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage\\Bind: %zu entries, "
                              "up LAN adapters first", c->reorder_count),
                       c->reorder_predicted, c->reorder_clean && !fix_offered);
            set_clean(a, c->reorder_clean);
            if (a)
                a->params.order = c->reorder_param;
        }
    }
    if ((c->rule == BF_ORDER_METRIC || c->rule == BF_ORDER_METRIC10) && bad) {
        int worst = 0;
        size_t i;
        for (i = 0; i < c->s->adapter_count; i++) {
            const bf_adapter *x = &c->s->adapters[i];
            /* only interfaces that can source an IPv4 answer: GAA_FLAG_INCLUDE_ALL_INTERFACES also lists
             * hidden ones (no IPv4 address: WAN miniports, tunnel pseudo-interfaces, the loopback) whose
             * high automatic metrics would push the new metric far past what is needed */
            bool has_v4 = false;
            for (size_t k = 0; k < x->address_count && !has_v4; k++)
                has_v4 = x->addresses[k].family == 4;
            if (has_v4 && x->if_type != 24 && x->metric4 > worst)
                worst = x->metric4;
        }
        if (worst > 9899)
            worst = 9899;   /* the metric stays within 1..9999 */
        ch.metric_guid = bad->guid;
        ch.metric = worst + 100;
        a = action(c, f, BF_ACTION_SET_METRIC, fmt(c, "Raise the interface metric of %s to %d", adapter_name(bad), worst + 100),
                   fmt(c, "IPv4 interface metric of %s: %d -> %d (automatic metric off)", adapter_name(bad), bad->metric4,
                       worst + 100),
                   predict_text(c, api, &ch, &clean), clean);
        set_clean(a, clean);
        if (a) {
            a->params.adapter = dup(c, bad->guid);
            a->params.metric = worst + 100;
        }
        memset(&ch, 0, sizeof ch);
        if (bad_address) {
            ch.skip_address = bad_address;
            a = action(c, f, BF_ACTION_SKIP_AS_SOURCE, fmt(c, "Mark %s SkipAsSource", bad_address),
                       fmt(c, "SkipAsSource on %s (%s): not used as source, not registered in DNS (KB 975808)",
                           bad_address, adapter_name(bad)),
                       predict_text(c, api, &ch, &clean), false);
            set_clean(a, clean);
            if (a)
                a->params.address = dup(c, bad_address);
            memset(&ch, 0, sizeof ch);
        }
    }
    if (restart) {
        bf_buf shown;
        const char *p;
        bf_buf_init(&shown);
        for (p = restart; *p; p++) {
            if (*p == ',')
                bf_buf_puts(&shown, ", ");
            else
                bf_buf_putc(&shown, *p);
        }
        a = action(c, f, BF_ACTION_RESTART_SERVICES, fmt(c, "Restart %s after the change", bf_buf_cstr(&shown)),
                   fmt(c, "Stop in reverse start order, then start in start order: %s", bf_buf_cstr(&shown)),
                   fmt(c, "the services register their protocols again on the addresses the resolver then returns"),
                   true);
        if (a)
            a->params.services = dup(c, restart);
        bf_buf_free(&shown);
    }
}

/* The KB's cause: the resolver returns an address that no up adapter holds. One finding per address;
 * the binds that fail there are its evidence. */
static void hosts_evidence(ctx *c, bf_finding *f, const bf_lookup_slot *hits, size_t n, const char *address);

static void rule_resolver_unbound(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, j, k, m, h, n, probe_n;
    const bf_lookup_slot *hits, *probe_hits;
    const char *done[64];
    size_t done_count = 0;
    for (i = 0; i < s->resolver_count; i++) {
        for (j = 0; j < s->resolver[i].address_count; j++) {
            const char *x = s->resolver[i].addresses[j];
            const bf_adapter *holder;
            bf_finding *f;
            bool seen = false, failing = false;
            const char *owners[32];
            size_t owner_count = 0;
            if (address_usable(c, x))
                continue;
            for (k = 0; k < done_count; k++)
                seen = seen || bf_addr_equal(done[k], x);
            if (seen || done_count >= 64)
                continue;
            done[done_count++] = x;
            holder = find_holder(c, x);
            probe_hits = bf_lookup_find(&c->probes, x, &probe_n);
            for (h = 0; h < probe_n; h++)
                if (s->endpoints[c->probe_at[probe_hits[h].row].k].probes[c->probe_at[probe_hits[h].row].m].result ==
                    BF_PROBE_ADDRNOTAVAIL)
                    failing = true;
            f = add_finding(c, "BF-RESOLVER-UNBOUND", failing ? BF_SEV_CRITICAL : BF_SEV_ERROR,
                            holder ? fmt(c, "The host name resolves to %s, held by %s adapter %s, which is %s",
                                         x, bf_adapter_kind_label(holder->kind), adapter_name(holder),
                                         bf_oper_status_label(holder->status))
                                   : fmt(c, "The host name resolves to %s, which no adapter of this machine holds", x),
                            c->rule == BF_ORDER_NT4SP4 && holder
                                ? fmt(c, "Windows NT 4.0 Service Pack 4 makes gethostbyname() return the addresses of "
                                         "every adapter in binding order, including NDISWAN/RAS adapters that are not "
                                         "bound to TCP/IP (KB Q214864). Services that bind a listener to each address "
                                         "of the host name - Exchange's LDAP SSL, POP3 and IMAP4 - fail on %s with "
                                         "Winsock error 10049 (WSAEADDRNOTAVAIL) and do not serve.", x)
                                : fmt(c, "%s is returned for the host's own name but cannot be bound: %s. Services that "
                                         "bind their listeners to the addresses of the host name fail there with "
                                         "10049 (WSAEADDRNOTAVAIL).",
                                      x, holder ? "its adapter is not up" : "no interface holds it (a stale hosts or DNS entry)"));
            about(c, f, BF_LINK_ADDRESS, x);
            because(c, f, BF_LINK_HOSTS_ADDRESS, x);
            if (holder)
                because(c, f, BF_LINK_FIRST_ADAPTER, holder->guid);
            if (holder && c->rule == BF_ORDER_NT4SP4)
                because(c, f, BF_LINK_ORDER_RULE, "nt4sp4");
            hits = bf_lookup_find(&c->answers, x, &n);
            for (h = 0; h < n; h++) {
                k = c->answer_at[hits[h].row].k;
                m = c->answer_at[hits[h].row].m;
                evidence(c, f, "resolver", fmt(c, "%s(%s) #%zu", s->resolver[k].api, s->resolver[k].query, m + 1),
                         fmt(c, "%s(%s) returned %s as answer %zu of %zu", s->resolver[k].api,
                             s->resolver[k].query, x, m + 1, s->resolver[k].address_count));
            }
            if (holder)
                evidence(c, f, "adapters", holder->guid,
                         fmt(c, "%s (%s, %s) holds %s", adapter_name(holder), bf_adapter_kind_label(holder->kind),
                             bf_oper_status_label(holder->status), x));
            else
                evidence(c, f, "adapters", fmt(c, "%s", x), fmt(c, "none of the %zu adapters holds %s", s->adapter_count, x));
            hits = bf_lookup_find(&c->hosts, x, &n);
            hosts_evidence(c, f, hits, n, x);
            for (h = 0; h < probe_n; h++) {
                    const bf_probe *p;
                    k = c->probe_at[probe_hits[h].row].k;
                    m = c->probe_at[probe_hits[h].row].m;
                    p = &s->endpoints[k].probes[m];
                    if (p->result != BF_PROBE_ADDRNOTAVAIL)
                        continue;
                    evidence(c, f, "endpoints", fmt(c, "%s %d @ %s", s->endpoints[k].protocol, s->endpoints[k].port, x),
                             fmt(c, "%s (%s/%d) cannot bind %s: 10049 address not available", s->endpoints[k].protocol,
                                 s->endpoints[k].transport, s->endpoints[k].port, x));
                    if (owner_count < 32 && s->endpoints[k].service[0])
                        owners[owner_count++] = s->endpoints[k].service;
                }
            evidence(c, f, "os", fmt(c, "order rule %s", bf_order_rule_token(c->rule)),
                     fmt(c, "the order rule of this OS: %s", bf_order_rule_label(c->rule)));
            reference(c, f, "KB Q214864");
            if (holder && holder->status == BF_OPER_DISABLED)
                reference(c, f, "KB Q216091");
            reference(c, f, c->rule == BF_ORDER_NT4SP4 ? "KB Q164023" : "KB 894564");
            if (c->rule == BF_ORDER_METRIC || c->rule == BF_ORDER_METRIC10)
                reference(c, f, "KB 2621067");
            add_repair_actions(c, f, holder, x, services_to_restart(c, owners, owner_count));
        }
    }
}

/* A protocol that cannot bind on an address: one finding per protocol, listing the addresses, with the
 * rule that put each address in the resolver's answer. */
static void rule_bind_failures(ctx *c, bf_probe_result which)
{
    const bf_snapshot *s = c->s;
    size_t i, j;
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        bf_finding *f = NULL;
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            if (p->result != which)
                continue;
            if (!f) {
                if (which == BF_PROBE_ADDRNOTAVAIL)
                    f = add_finding(c, "BF-BIND-10049", BF_SEV_CRITICAL,
                                    fmt(c, "%s (%s/%d) cannot bind to every address of the host name (10049)",
                                        e->protocol, e->transport, e->port),
                                    fmt(c, "The bind probe for %s got Winsock error 10049 (WSAEADDRNOTAVAIL): the "
                                           "address is returned for the host name but is not bound to TCP/IP on an "
                                           "up adapter. %s registers its listener on each address and fails.",
                                        e->protocol, e->service[0] ? e->service : "The service"));
                else
                    f = add_finding(c, "BF-BIND-10013", BF_SEV_ERROR,
                                    fmt(c, "%s (%s/%d) is refused access to its port (10013)", e->protocol, e->transport, e->port),
                                    fmt(c, "The bind probe for %s got Winsock error 10013 (WSAEACCES): another socket "
                                           "holds the address with SO_EXCLUSIVEADDRUSE, or the port lies in an excluded "
                                           "port range (netsh int ipv4 show excludedportrange protocol=tcp).",
                                        e->protocol));
                reference(c, f, which == BF_PROBE_ADDRNOTAVAIL ? "KB Q214864" : "Winsock error 10013 (WSAEACCES)");
                about(c, f, BF_LINK_BIND_FAILURE, "any");
                if (e->service[0])
                    about(c, f, BF_LINK_SERVICE_BIND, e->service);
            }
            if (which == BF_PROBE_ADDRNOTAVAIL)
                because(c, f, BF_LINK_ADDRESS, p->address);
            else
                because(c, f, BF_LINK_RESERVED_PORT, fmt(c, "%s/%d", e->transport, e->port));
            evidence(c, f, "endpoints", fmt(c, "%s %d @ %s", e->protocol, e->port, p->address),
                     fmt(c, "bind(%s:%d) failed with %d%s%s", p->address, e->port, p->error,
                         p->owner[0] ? ", held by " : "", p->owner));
            if (which == BF_PROBE_ADDRNOTAVAIL) {
                size_t h, n;
                const bf_lookup_slot *hits = bf_lookup_find(&c->answers, p->address, &n);
                for (h = 0; h < n; h++) {
                    size_t k = c->answer_at[hits[h].row].k, m = c->answer_at[hits[h].row].m;
                    evidence(c, f, "resolver", fmt(c, "%s(%s) #%zu", s->resolver[k].api, s->resolver[k].query, m + 1),
                             fmt(c, "%s put %s at position %zu (rule %s)", s->resolver[k].api, p->address, m + 1,
                                 bf_order_rule_token(c->rule)));
                }
            }
        }
    }
}

/* The URL reservation or SSL binding for which http.sys holds the port a probe found taken: the holder is
 * PID 4 ("System": the probe's owner, or a listener on that port when the probe knows none) and an
 * http.sys registration names the port. NULL when the holder is another process, or nothing explains it. */
static const char *held_by_http_sys(ctx *c, const bf_endpoint *e, const bf_probe *p)
{
    const bf_snapshot *s = c->s;
    bool system = p->owner_pid == BF_SYSTEM_PID || bf_ascii_eq_ci(p->owner, "System");
    size_t k;
    if (strcmp(e->transport, "tcp") != 0)
        return NULL;    /* http.sys listens on TCP only */
    for (k = 0; k < s->listener_count && !system && !p->owner[0] && p->owner_pid < 0; k++)
        system = s->listeners[k].port == e->port && s->listeners[k].pid == BF_SYSTEM_PID &&
                 strcmp(s->listeners[k].transport, "tcp") == 0;
    return system ? bf_http_sys_port_reason(s, e->port) : NULL;
}

/* A port held by a process other than the protocol's own service. */
static void rule_port_in_use(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, j;
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        const bf_service *own = e->service[0] ? bf_snap_find_service(s, e->service) : NULL;
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            bool dc_ldap, pooling;
            bf_finding *f;
            const char *http_sys, *holder;
            /* the service itself listening is the healthy case (the console shows it so too) */
            if (p->result != BF_PROBE_ADDRINUSE || bf_probe_by_own_service(s, e, p))
                continue;
            /* PID 4 is the kernel: on a port an http.sys registration names, it is http.sys */
            http_sys = held_by_http_sys(c, e, p);
            holder = http_sys ? fmt(c, "http.sys (PID 4, System) for %s", http_sys)
                     : p->owner[0] ? p->owner : "another process";
            dc_ldap = c->gen && strcmp(c->gen->id, "exchange55") == 0 && (e->port == 389 || e->port == 636) &&
                      (bf_ascii_eq_ci(p->owner, "NTDS") || bf_ascii_eq_ci(p->owner, "lsass.exe") ||
                       strcmp(s->os.product_type, "domain-controller") == 0);
            pooling = (bf_ascii_eq_ci(p->owner, "inetinfo.exe") || bf_ascii_eq_ci(p->owner, "IISADMIN") ||
                       bf_ascii_eq_ci(p->owner, "SMTPSVC")) && !bf_ascii_eq_ci(p->owner, e->service);
            f = add_finding(c, dc_ldap ? "BF-DC-LDAP-PORT" : pooling ? "BF-SOCKET-POOLING" : "BF-PORT-IN-USE",
                            BF_SEV_ERROR,
                            fmt(c, "%s port %d on %s is held by %s (10048)", e->protocol, e->port, p->address, holder),
                            dc_ldap ? fmt(c, "This Exchange 5.5 server is a domain controller: Active Directory holds "
                                             "LDAP %d, so the Exchange directory cannot register it (events 1306/1309 with "
                                             "10048). Move Exchange's LDAP to port 390.", e->port)
                            : pooling ? fmt(c, "IIS socket pooling binds 0.0.0.0 for every site and protocol it hosts, "
                                               "so %s cannot bind port %d on any address (KB 238131, KB 813368).",
                                            e->service[0] ? e->service : e->protocol, e->port)
                            : http_sys ? fmt(c, "%s needs port %d, but http.sys, the kernel's HTTP driver, holds it for %s "
                                                "on behalf of IIS, WinRM or another http.sys client; it shows as PID 4 "
                                                "(System). The bind fails with 10048 (WSAEADDRINUSE). Move the service or "
                                                "the http.sys registration to another port, or remove the registration "
                                                "(netsh http delete %s).",
                                             e->service[0] ? e->service : e->protocol, e->port, http_sys,
                                             strstr(http_sys, "://") ? fmt(c, "urlacl url=%s", http_sys)
                                                                      : fmt(c, "sslcert ipport=%s", http_sys))
                                      : fmt(c, "%s needs port %d but %s already listens there, so the bind fails with "
                                               "10048 (WSAEADDRINUSE).", e->service[0] ? e->service : e->protocol, e->port,
                                            p->owner[0] ? p->owner : "another process (the platform does not say which)"));
            about(c, f, BF_LINK_BIND_FAILURE, "any");
            if (e->service[0])
                about(c, f, BF_LINK_SERVICE_BIND, e->service);
            evidence(c, f, "endpoints", fmt(c, "%s %d @ %s", e->protocol, e->port, p->address),
                     fmt(c, "bind(%s:%d) failed with 10048%s%s", p->address, e->port, p->owner[0] ? ", owner " : "", p->owner));
            {
                size_t k;
                for (k = 0; k < s->listener_count; k++)
                    if (s->listeners[k].port == e->port && strcmp(s->listeners[k].transport, e->transport) == 0)
                        evidence(c, f, "listeners", fmt(c, "%s %s:%d", s->listeners[k].transport, s->listeners[k].address, e->port),
                                 fmt(c, "%s listens on %s:%d (pid %d)", s->listeners[k].process[0] ? s->listeners[k].process : "a process",
                                     s->listeners[k].address, e->port, s->listeners[k].pid));
            }
            if (own)
                evidence(c, f, "services", own->name, fmt(c, "%s is %s", own->name, bf_svc_state_token(own->state)));
            if (http_sys) {
                evidence(c, f, "http_listen", dup(c, http_sys),
                         fmt(c, "http.sys %s %s names port %d", strstr(http_sys, "://") ? "URL reservation" : "SSL binding",
                             http_sys, e->port));
                reference(c, f, strstr(http_sys, "://") ? "netsh http show urlacl" : "netsh http show sslcert");
            }
            if (dc_ldap) {
                /* 390 as the KBs suggest, or the first port above it that nothing listens on */
                int alt = 390;
                for (size_t k = 0; k < s->listener_count; k++)
                    if (s->listeners[k].port == alt && strcmp(s->listeners[k].transport, "tcp") == 0) {
                        alt++;
                        k = (size_t)-1;     /* from the start again for the next candidate */
                    }
                bf_action *a = action(c, f, BF_ACTION_LDAP_ALT_PORT, fmt(c, "Move the Exchange directory's LDAP port to %d", alt),
                                      fmt(c, "MSExchangeDS LDAP port: %d -> %d, set in the Exchange Administrator program "
                                             "(Q224447); bindfix gives the steps", e->port, alt),
                                      fmt(c, "MSExchangeDS registers LDAP on %d, which is free; clients must use %d", alt, alt), true);
                if (a)
                    a->params.port = alt;
                reference(c, f, "KB Q224447");
                reference(c, f, "KB Q250989");
            } else if (pooling) {
                reference(c, f, "KB 238131");
                reference(c, f, "KB 813368");
            } else {
                reference(c, f, "KB 278339");
            }
        }
    }
}

static void rule_fix_missing(ctx *c)
{
    const bf_os *os = &c->s->os;
    bf_finding *f;
    if (os->major != 4 || os->sp_major != 4 || c->fixed)
        return;
    f = add_finding(c, "BF-KB-FIX-MISSING", BF_SEV_ERROR,
                    fmt(c, "Windows NT 4.0 SP4 without the fix of KB Q214864"),
                    fmt(c, "Service Pack 4 introduced the ordering that returns unbound NDISWAN addresses; Service Pack 5, "
                           "or the hotfix Rnr-fixi.exe posted after SP4, corrects it. Neither is installed."));
    evidence(c, f, "os", fmt(c, "%s build %d", os->product, os->build),
             fmt(c, "%s, %s, build %d; hotfixes recorded: %zu, none of them Q214864/Q216091", os->product, os->csd,
                 os->build, os->hotfix_count));
    reference(c, f, "KB Q214864");
    reference(c, f, "KB Q216091");
    about(c, f, BF_LINK_ORDER_RULE, "nt4sp4");
    {
        bf_order_change ch;
        bool clean = false;
        bf_action *a;
        memset(&ch, 0, sizeof ch);
        ch.fixed_override = BF_TRI_YES;
        a = action(c, f, BF_ACTION_INSTALL_FIX, fmt(c, "Install Windows NT 4.0 Service Pack 5 or later (or the Rnr-fix hotfix)"),
                   fmt(c, "bindfix cannot install it; it checks for SP5 or the hotfix afterwards"),
                   predict_text(c, "gethostbyname", &ch, &clean), true);
        set_clean(a, clean);
        if (a)
            a->params.fix = "Q214864";
    }
}

/* A dial-up, VPN, disconnected, disabled or APIPA adapter ordered before an up LAN adapter. */
static void rule_adapter_order(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t *idx, n, i;
    const bf_adapter *first = NULL, *lan = NULL;
    bf_finding *f;
    bool by_metric = c->rule == BF_ORDER_METRIC || c->rule == BF_ORDER_METRIC10;
    if (!by_metric && s->binding.status != BF_SECTION_OK)
        return;
    if (!bf_order_adapters(s, c->rule, NULL, c->d->arena, &idx, &n))
        return;
    for (i = 0; i < n; i++) {
        const bf_adapter *a = &s->adapters[idx[i]];
        if (a->kind == BF_KIND_LOOPBACK || a->address_count == 0)
            continue;
        if (by_metric && !adapter_up(a))
            continue;  /* metric rules leave down adapters out of the answer */
        if (!first)
            first = a;
        /* the LAN by what the adapter does, not by its name or driver: an up adapter carrying the default
         * gateway is the host's real LAN whatever its kind (issue 15: on a Hyper-V host with an external
         * switch "vEthernet (...)" carries it and the physical NIC is bound only to the switch), so it is
         * never the adapter this rule asks to demote */
        if ((a->kind == BF_KIND_LAN || a->gateway[0]) && adapter_up(a) && !adapter_apipa_only(a)) {
            lan = a;
            break;
        }
    }
    if (!first || !lan || first == lan)
        return;
    f = add_finding(c, "BF-ADAPTER-ORDER", BF_SEV_WARNING,
                    fmt(c, "%s adapter %s (%s%s) is ordered before the LAN adapter %s", bf_adapter_kind_label(first->kind),
                        adapter_name(first), bf_oper_status_label(first->status), adapter_apipa_only(first) ? ", APIPA" : "",
                        adapter_name(lan)),
                    by_metric ? fmt(c, "This Windows orders the host's addresses by interface metric: %s has the lower "
                                       "metric, so its addresses come first in the answer for the host name.", adapter_name(first))
                              : fmt(c, "The TCP/IP binding order puts %s before %s, so its addresses come first in the "
                                       "answer for the host name.", adapter_name(first), adapter_name(lan)));
    about(c, f, BF_LINK_FIRST_ADAPTER, first->guid);
    if (by_metric) {
        evidence(c, f, "adapters", first->guid, fmt(c, "%s: metric %d", adapter_name(first), first->metric4));
        evidence(c, f, "adapters", lan->guid, fmt(c, "%s: metric %d", adapter_name(lan), lan->metric4));
        reference(c, f, "KB 2621067");
    } else {
        for (i = 0; i < s->binding.entry_count; i++)
        {
            const bf_adapter *named = adapter_by_binding(c, s->binding.entries[i]);
            if (named == first || named == lan)
                evidence(c, f, "binding", fmt(c, "#%zu", i + 1),
                         fmt(c, "binding position %zu: %s (%s)", i + 1, s->binding.entries[i], adapter_name(named)));
        }
        reference(c, f, "KB 894564");
    }
    if (adapter_apipa_only(first))
        reference(c, f, "KB 2621067");
    add_repair_actions(c, f, first, first->address_count ? first->addresses[0].address : NULL, NULL);
}

/* The hosts lines naming one address, shown as evidence: the first BF_DIAG_HOSTS_EVIDENCE of them, then
 * one row that counts the rest (every line stays in the hosts section of the scan and the reports, and
 * in the console's Hosts entries view). A blocklist of 100,000 lines naming the host made 100,000
 * findings, 17 times the snapshot's size in the console (issue 25). */
static void hosts_evidence(ctx *c, bf_finding *f, const bf_lookup_slot *hits, size_t n, const char *address)
{
    const bf_snapshot *s = c->s;
    /* a snapshot may name no path (one written by another tool): say "the hosts file", not ": ..." */
    const char *file = s->hosts.path && s->hosts.path[0] ? s->hosts.path : "the hosts file";
    size_t h;
    for (h = 0; h < n && h < BF_DIAG_HOSTS_EVIDENCE; h++) {
        const bf_hosts_entry *he = &s->hosts.entries[hits[h].row];
        evidence(c, f, "hosts", fmt(c, "line %d", he->line), fmt(c, "%s line %d: %s", file, he->line, he->text));
    }
    if (n > BF_DIAG_HOSTS_EVIDENCE)
        evidence(c, f, "hosts", fmt(c, "lines %d-%d", s->hosts.entries[hits[BF_DIAG_HOSTS_EVIDENCE].row].line,
                                     s->hosts.entries[hits[n - 1].row].line),
                 fmt(c, "%s: %zu more lines name %s, lines %d to %d (every line is in the hosts section)", file,
                     n - BF_DIAG_HOSTS_EVIDENCE, address, s->hosts.entries[hits[BF_DIAG_HOSTS_EVIDENCE].row].line,
                     s->hosts.entries[hits[n - 1].row].line));
}

/* One finding per address the hosts file pins the host name to (the cause; bf_link_causes joins on the
 * address), however many lines name it. One line keeps the single-line wording and action; several
 * lines give one action that comments out every line naming the address (address= says which). */
static void rule_hosts(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, n;
    for (i = 0; i < s->hosts.entry_count; i++) {
        const bf_hosts_entry *h = &s->hosts.entries[i];
        const bf_lookup_slot *hits;
        bf_finding *f;
        bf_action *a;
        /* an earlier line naming the same address has the finding that holds this line (asked by the
         * lowest row, a binary search: listing every line of the address for each of them made 100,000
         * lines naming 250 addresses take twice as long as the whole diagnosis before) */
        if (bf_lookup_first(&c->hosts, h->address) != i || address_usable(c, h->address))
            continue;
        hits = bf_lookup_find(&c->hosts, h->address, &n);
        if (n <= 1) {
            f = add_finding(c, "BF-HOSTS-PIN", BF_SEV_ERROR,
                            fmt(c, "The hosts file pins the host name to %s (line %d), not an address of an up adapter",
                                h->address, h->line),
                            fmt(c, "The resolver reads the hosts file before DNS (Q172218): line %d makes the host's own "
                                   "name resolve to %s, which this machine cannot bind.", h->line, h->address));
            about(c, f, BF_LINK_HOSTS_ADDRESS, h->address);
            evidence(c, f, "hosts", fmt(c, "line %d", h->line), fmt(c, "%s line %d: %s", s->hosts.path, h->line, h->text));
            a = action(c, f, BF_ACTION_HOSTS_COMMENT, fmt(c, "Comment out line %d of the hosts file", h->line),
                       fmt(c, "%s line %d: \"%s\" -> \"# %s\"", s->hosts.path, h->line, h->text, h->text),
                       fmt(c, "the host name resolves from the adapters and DNS again"), true);
        } else {
            f = add_finding(c, "BF-HOSTS-PIN", BF_SEV_ERROR,
                            fmt(c, "The hosts file pins the host name to %s (%zu lines, the first line %d), not an "
                                   "address of an up adapter", h->address, n, h->line),
                            fmt(c, "The resolver reads the hosts file before DNS (Q172218): %zu lines, the first line "
                                   "%d, make the host's own name resolve to %s, which this machine cannot bind.",
                                n, h->line, h->address));
            about(c, f, BF_LINK_HOSTS_ADDRESS, h->address);
            hosts_evidence(c, f, hits, n, h->address);
            a = action(c, f, BF_ACTION_HOSTS_COMMENT,
                       fmt(c, "Comment out the %zu lines of the hosts file that name %s", n, h->address),
                       fmt(c, "%s: the %zu lines naming %s, line %d first: \"%s\" -> \"# %s\"", s->hosts.path, n,
                           h->address, h->line, h->text, h->text),
                       fmt(c, "the host name resolves from the adapters and DNS again"), true);
            if (a)
                a->params.address = dup(c, h->address);
        }
        if (a) {
            a->params.line = h->line;
            a->params.text = dup(c, h->text);
        }
        reference(c, f, "KB Q172218");
    }
}

/* Signature events: one finding, one evidence row per (log trust, source, event ID) with count, first
 * and last time, rows in the order of each group's first record. Groups are found through the hashed
 * index (core/lookup.c) on "T 0000051D MSExchangeDS", so grouping stays linear in the records however
 * many distinct sources and IDs a hostile snapshot holds. T is S for the System log and U for a log any
 * user can write (Event Logging Security): the two never merge, and the second is labelled as such.
 * Only the newest BF_DIAG_EVENTS_MAX records are grouped; the finding says how many more there were. */
/* The key: the trust letter, a space, the event ID in eight hex digits, a space, the source; returns the
 * bytes written with the NUL (the source length + 12). */
static size_t group_key(char *out, const bf_event *e)
{
    static const char hex[] = "0123456789ABCDEF";
    unsigned id = (unsigned)e->event_id;
    size_t n = strlen(e->source);
    int i;
    out[0] = bf_event_from_system_log(e) ? 'S' : 'U';
    out[1] = ' ';
    for (i = 7; i >= 0; i--, id >>= 4)
        out[2 + i] = hex[id & 15];
    out[10] = ' ';
    memcpy(out + 11, e->source, n + 1);
    return n + 12;
}

/* How many of the snapshot's records (newest first) the event rules read. */
static size_t events_considered(const bf_event_log *l)
{
    return l->event_count < BF_DIAG_EVENTS_MAX ? l->event_count : BF_DIAG_EVENTS_MAX;
}

static void rule_events(ctx *c)
{
    const bf_event_log *l = &c->s->event_log;
    bool *used;
    char *keys, **key_of;
    size_t i, h, n, key_bytes = 0, count = events_considered(l);
    size_t beyond = l->event_count - count;
    const char *newest = "";
    bf_finding *f;
    bf_lookup groups;
    size_t signature_count = 0;
    if (count == 0)
        return;
    for (i = 0; i < count; i++)
        key_bytes += strlen(l->events[i].source) + 12;
    used = calloc(count, sizeof *used);
    keys = malloc(key_bytes);
    key_of = malloc(count * sizeof *key_of);
    bf_lookup_init(&groups, BF_KEY_EXACT);
    if (!used || !keys || !key_of) {
        c->oom = true;
        goto done;
    }
    /* Records under the Service Control Manager's name are no bind-failure signature: those of the
     * System log belong to the crash-loop rule; any other log's are a name anyone can write, ignored */
    for (i = 0, key_bytes = 0; i < count; i++) {
        key_of[i] = keys + key_bytes;
        key_bytes += group_key(key_of[i], &l->events[i]);
        if (bf_ascii_eq_ci(l->events[i].source, BF_SCM_SOURCE)) {
            used[i] = true;
            continue;
        }
        bf_lookup_add(&groups, key_of[i], i);
        signature_count++;
        if (strcmp(l->events[i].time, newest) > 0)
            newest = l->events[i].time;
    }
    bf_lookup_sort(&groups);
    if (groups.failed) {
        c->oom = true;
        goto done;
    }
    if (signature_count == 0)
        goto done;
    f = add_finding(c, "BF-EVENTS", BF_SEV_WARNING,
                    beyond ? fmt(c, "The event logs hold %zu bind-failure signature record(s) among the newest %zu, the "
                                    "newest %s (%zu older record(s) not grouped)",
                                 signature_count, count, newest, beyond)
                           : fmt(c, "The event logs hold %zu bind-failure signature record(s), the newest %s",
                                 signature_count, newest),
                    fmt(c, "Services logged that they could not register their protocols. The records below are the "
                           "ones bindfix recognises (KB Q214864 and its relatives); they tell when the failure happened, "
                           "the probes tell whether it still does."));
    for (i = 0; i < count; i++) {
        const bf_event *e = &l->events[i];
        const char *first = e->time, *last = e->time;
        const bf_lookup_slot *rows;
        bf_evidence *ev;
        bool forgeable = !bf_event_from_system_log(e);
        if (used[i])
            continue;
        /* the group's rows, ascending: i is its first, and the whole group is taken now */
        rows = bf_lookup_find(&groups, key_of[i], &n);
        for (h = 0; h < n; h++) {
            const char *t = l->events[rows[h].row].time;
            used[rows[h].row] = true;
            if (strcmp(t, first) < 0)
                first = t;
            if (strcmp(t, last) > 0)
                last = t;
        }
        ev = evidence(c, f, "events", fmt(c, "%s %d", e->source, e->event_id),
                      fmt(c, "%s%s%s %d: %zu record(s), first %s, last %s: %s",
                          forgeable ? (e->log[0] ? e->log : "Unnamed") : "",
                          forgeable ? " log (any user can write it): " : "", e->source, e->event_id, n, first,
                          last, e->message));
        if (ev)
            ev->user_writable = forgeable;
    }
    if (beyond)
        evidence(c, f, "events", fmt(c, "beyond %d", BF_DIAG_EVENTS_MAX),
                 fmt(c, "%zu older record(s) beyond the newest %d were not grouped (a live scan reads at most %d "
                        "per log)", beyond, BF_DIAG_EVENTS_MAX, 5000));
    reference(c, f, "KB Q214864");
    because(c, f, BF_LINK_BIND_FAILURE, "any");
done:
    bf_lookup_free(&groups);
    free(used);
    free(keys);
    free(key_of);
}

static void rule_services(ctx *c)
{
    const bf_snapshot *s = c->s;
    bf_lookup crash;
    size_t i, j;
    for (i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        bf_finding *f;
        if (!bf_catalogue_has_service(c->cat, v->name))
            continue;
        if (v->start_type == BF_START_DISABLED) {
            f = add_finding(c, "BF-SERVICE-DISABLED", BF_SEV_WARNING, fmt(c, "%s is disabled", v->name),
                            fmt(c, "%s (%s) cannot start while its start type is Disabled.", v->name, v->display_name));
            evidence(c, f, "services", v->name, fmt(c, "%s: start type disabled, %s", v->name, bf_svc_state_token(v->state)));
            continue;
        }
        if (v->start_type == BF_START_AUTO && v->state == BF_SVC_STOPPED) {
            bf_action *a;
            f = add_finding(c, "BF-SERVICE-STOPPED", BF_SEV_ERROR,
                            fmt(c, "%s is stopped although it starts automatically%s", v->name,
                                v->exit_code ? " (it ended with an error)" : ""),
                            fmt(c, "%s (%s) should run; its protocols are not served. Exit code %d.", v->name,
                                v->display_name, v->exit_code));
            evidence(c, f, "services", v->name, fmt(c, "%s: stopped, start type auto, exit code %d", v->name, v->exit_code));
            about(c, f, BF_LINK_SERVICE_DOWN, v->name);
            because(c, f, BF_LINK_SERVICE_BIND, v->name);
            because(c, f, BF_LINK_DEPENDENCY, v->name);
            a = action(c, f, BF_ACTION_START_SERVICE, fmt(c, "Start %s", v->name), fmt(c, "%s: stopped -> running", v->name),
                       fmt(c, "%s runs and registers its protocols", v->name), true);
            if (a)
                a->params.services = dup(c, v->name);
        }
        for (j = 0; j < v->dependency_count; j++) {
            const bf_service *dep = bf_snap_find_service(s, v->dependencies[j]);
            if (dep && dep->state == BF_SVC_STOPPED && (v->state == BF_SVC_RUNNING || v->start_type == BF_START_AUTO)) {
                bf_action *a;
                f = add_finding(c, "BF-DEPENDENCY-STOPPED", BF_SEV_ERROR,
                                fmt(c, "%s depends on %s, which is stopped", v->name, dep->name),
                                fmt(c, "%s cannot start (or will stop) while %s is stopped.", v->name, dep->name));
                evidence(c, f, "services", dep->name, fmt(c, "%s: stopped, start type %s", dep->name, bf_start_type_token(dep->start_type)));
                evidence(c, f, "services", v->name, fmt(c, "%s depends on %s", v->name, dep->name));
                about(c, f, BF_LINK_DEPENDENCY, v->name);
                because(c, f, BF_LINK_SERVICE_DOWN, dep->name);
                a = action(c, f, BF_ACTION_START_SERVICE, fmt(c, "Start %s, then %s", dep->name, v->name),
                           fmt(c, "%s: stopped -> running", dep->name), fmt(c, "%s can run", v->name), true);
                if (a)
                    a->params.services = fmt(c, "%s,%s", dep->name, v->name);
            }
        }
    }
    /* a service restarting in a loop: Service Control Manager 7031/7034 in the System log naming it (by
     * display name or name), twice or more; the crash records are indexed by the name they carry */
    bf_lookup_init(&crash, BF_KEY_NOCASE);
    for (j = 0; j < events_considered(&s->event_log); j++) {
        const bf_event *e = &s->event_log.events[j];
        /* only the System log, written by the SCM itself: a user can write the same source and ID into
         * the Application log */
        if ((e->event_id == 7031 || e->event_id == 7034) && bf_event_is_scm(e) && e->insert_count > 0)
            bf_lookup_add(&crash, e->inserts[0], j);
    }
    bf_lookup_sort(&crash);
    c->oom = c->oom || crash.failed;
    for (i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        size_t crashes = 0, n, h;
        const char *last = "";
        const bf_lookup_slot *hits;
        bf_finding *f;
        int pass;
        /* a record naming both (display name equal to the name) counts once */
        for (pass = 0; pass < (bf_ascii_eq_ci(v->display_name, v->name) ? 1 : 2); pass++) {
            hits = bf_lookup_find(&crash, pass ? v->name : v->display_name, &n);
            for (h = 0; h < n; h++) {
                const char *t = s->event_log.events[hits[h].row].time;
                crashes++;
                if (strcmp(t, last) > 0)
                    last = t;
            }
        }
        if (crashes < 2)
            continue;
        f = add_finding(c, "BF-SERVICE-CRASH-LOOP", BF_SEV_ERROR,
                        fmt(c, "%s terminated unexpectedly %zu times (last %s)", v->name, crashes, last),
                        fmt(c, "The Service Control Manager restarts %s after each crash; a service that dies while "
                               "registering its listeners often hits a bind error.", v->name));
        evidence(c, f, "events", fmt(c, "Service Control Manager 7031/7034"),
                 fmt(c, "%zu crash record(s) naming %s", crashes, v->display_name));
        evidence(c, f, "services", v->name, fmt(c, "%s: %s, exit code %d", v->name, bf_svc_state_token(v->state), v->exit_code));
        because(c, f, BF_LINK_SERVICE_BIND, v->name);
    }
    bf_lookup_free(&crash);
}

/* The model's order against what the resolver returned; a disagreement means the snapshot holds a rule
 * the model does not know (or a changed machine), so it is said, not hidden. */
static void rule_order_mismatch(ctx *c)
{
    const bf_snapshot *s = c->s;
    const char *api = (c->rule == BF_ORDER_METRIC || c->rule == BF_ORDER_METRIC10) ? "getaddrinfo" : "gethostbyname";
    const bf_resolution *r = NULL;
    const char **pred, *obs[64], *pr[64];
    size_t n, i, j, no = 0, np = 0;
    bf_lookup in_pred, in_obs;
    bool differ = false;
    bf_finding *f;
    for (i = 0; i < s->resolver_count && !r; i++)
        if (strcmp(s->resolver[i].api, api) == 0 && bf_ascii_eq_ci(s->resolver[i].query, s->hostname) && !s->resolver[i].error)
            r = &s->resolver[i];
    if (!r || !bf_order_predict(s, c->rule, NULL, strcmp(api, "gethostbyname") == 0, c->d->arena, &pred, &n))
        return;
    /* compare only addresses both sides know about: DNS and hosts answers are not the model's business */
    bf_lookup_init(&in_pred, BF_KEY_ADDRESS);
    bf_lookup_init(&in_obs, BF_KEY_ADDRESS);
    for (j = 0; j < n; j++)
        bf_lookup_add(&in_pred, pred[j], j);
    for (i = 0; i < r->address_count; i++)
        bf_lookup_add(&in_obs, r->addresses[i], i);
    bf_lookup_sort(&in_pred);
    bf_lookup_sort(&in_obs);
    if (in_pred.failed || in_obs.failed)
        c->oom = true;
    for (i = 0; i < r->address_count && no < 64; i++)
        if (bf_lookup_first(&in_pred, r->addresses[i]) != SIZE_MAX)
            obs[no++] = r->addresses[i];
    for (j = 0; j < n && np < 64; j++)
        if (bf_lookup_first(&in_obs, pred[j]) != SIZE_MAX)
            pr[np++] = pred[j];
    bf_lookup_free(&in_pred);
    bf_lookup_free(&in_obs);
    for (i = 0; i < no && i < np; i++)
        differ = differ || !bf_addr_equal(obs[i], pr[i]);
    if (!differ)
        return;
    f = add_finding(c, "BF-ORDER-MISMATCH", BF_SEV_INFO,
                    fmt(c, "%s returned the host's addresses in an order the %s rule does not predict", api,
                        bf_order_rule_token(c->rule)),
                    fmt(c, "The model predicts %s; the machine answered %s. The prediction of repair results is "
                           "less certain on this machine.", join_list(c, pr, np, ", "), join_list(c, obs, no, ", ")));
    evidence(c, f, "resolver", fmt(c, "%s(%s)", r->api, r->query), fmt(c, "observed: %s", join_list(c, obs, no, ", ")));
    evidence(c, f, "os", fmt(c, "order rule %s", bf_order_rule_token(c->rule)), fmt(c, "predicted: %s", join_list(c, pr, np, ", ")));
}


/* ---- http.sys's IP listen list (issue 15, source 1) ---- */

/* The services that depend on HTTP (the snapshot's dependency lists), comma-separated: they listen
 * through http.sys and are restarted after it. */
static char *http_dependents(ctx *c)
{
    bf_buf b;
    size_t i, j;
    char *r;
    bf_buf_init(&b);
    for (i = 0; i < c->s->service_count; i++)
        for (j = 0; j < c->s->services[i].dependency_count; j++)
            if (bf_service_name_eq(c->s->services[i].dependencies[j], "HTTP")) {
                bf_buf_printf(&b, "%s%s", b.len ? ", " : "", c->s->services[i].name);
                break;
            }
    r = b.failed ? NULL : bf_arena_strdup(c->d->arena, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return r ? r : "";
}

/* An entry naming an address no up adapter holds (http.sys does not listen there: its clients do not
 * answer on it, and where it is the only entry they answer nowhere); and a list that leaves out the
 * addresses the host name resolves to (clients that use the name are not answered). An empty list, or
 * a wildcard entry, means every address of that family. */
static void rule_http_listen(ctx *c)
{
    const bf_snapshot *s = c->s;
    const bf_http_listen *h = &s->http_listen;
    size_t i, j, k;
    bool any4 = false, any6 = false;
    char *deps;
    if (h->status != BF_SECTION_OK || h->address_count == 0)
        return;
    deps = http_dependents(c);
    for (i = 0; i < h->address_count; i++) {
        const char *x = h->addresses[i];
        bf_finding *f;
        bf_action *a;
        if (bf_addr_is_wildcard(x)) {
            any4 = any4 || !bf_addr_is_ipv6(x);
            any6 = any6 || bf_addr_is_ipv6(x);
            continue;
        }
        if (address_usable(c, x))
            continue;
        f = add_finding(c, "BF-HTTP-LISTEN-DEAD", BF_SEV_ERROR,
                        fmt(c, "http.sys's listen list names %s, which no up adapter holds", x),
                        fmt(c, "http.sys listens only on the addresses of its IP listen list, for IIS, WinRM, WSUS, "
                               "Exchange's web services and every other http.sys client%s%s. %s is not an address of "
                               "an up adapter, so nothing listens there; where it is the only entry, those services "
                               "answer on no address at all.", deps[0] ? " (here: " : "", deps[0] ? fmt(c, "%s)", deps) : "", x));
        evidence(c, f, "http_listen", dup(c, x), fmt(c, "%s lists %s (entry %zu of %zu)", h->source, x, i + 1, h->address_count));
        {
            const bf_adapter *holder = find_holder(c, x);
            if (holder)
                evidence(c, f, "adapters", holder->guid, fmt(c, "%s holds %s but is %s", adapter_name(holder), x,
                                                              bf_oper_status_label(holder->status)));
            else
                evidence(c, f, "adapters", dup(c, x), fmt(c, "no adapter of this machine holds %s", x));
        }
        reference(c, f, "KB 813368");
        reference(c, f, "netsh http show iplisten");
        a = action(c, f, BF_ACTION_HTTP_LISTEN_REMOVE, fmt(c, "Remove %s from http.sys's listen list", x),
                   fmt(c, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters\\ListenOnlyList: the entry %s "
                          "removed (journaled; undo puts it back); then restart HTTP and %s", x,
                       deps[0] ? deps : "the services that use it"),
                   fmt(c, "http.sys listens on the remaining %zu entr%s%s", h->address_count - 1,
                       h->address_count - 1 == 1 ? "y" : "ies", h->address_count == 1 ? " (none: every address)" : ""),
                   true);
        if (a)
            a->params.address = dup(c, x);
    }
    /* the host name's addresses the list leaves out: the resolver's answers held by an up adapter */
    for (k = 0; k < s->resolver_count; k++) {
        const bf_resolution *r = &s->resolver[k];
        for (j = 0; j < r->address_count; j++) {
            const char *x = r->addresses[j];
            bool listed = false, seen = false;
            size_t m, n;
            bf_finding *f;
            if (bf_addr_is_loopback(x) || !address_usable(c, x) || (bf_addr_is_ipv6(x) ? any6 : any4))
                continue;
            for (i = 0; i < h->address_count && !listed; i++)
                listed = bf_addr_equal(h->addresses[i], x);
            for (m = 0; m < c->d->finding_count && !seen; m++)
                if (strcmp(c->d->findings[m].id, "BF-HTTP-LISTEN-MISSES-HOST") == 0)
                    for (n = 0; n < c->d->findings[m].evidence_count && !seen; n++)
                        seen = bf_addr_equal(c->d->findings[m].evidence[n].ref, x);
            if (listed || seen)
                continue;
            f = add_finding(c, "BF-HTTP-LISTEN-MISSES-HOST", BF_SEV_WARNING,
                            fmt(c, "http.sys's listen list leaves out %s, an address of the host name", x),
                            fmt(c, "%s returns %s for %s and an up adapter holds it, but http.sys's IP listen list "
                                   "does not name it: clients that reach this server by its name on %s get no answer "
                                   "from IIS, WinRM and the other http.sys services.", r->api, x, r->query, x));
            evidence(c, f, "resolver", dup(c, x), fmt(c, "%s(%s) returned %s at position %zu", r->api, r->query, x, j + 1));
            evidence(c, f, "http_listen", dup(c, h->source), fmt(c, "%s lists %zu address%s, not %s", h->source,
                                                                  h->address_count, h->address_count == 1 ? "" : "es", x));
            reference(c, f, "KB 813368");
            reference(c, f, "netsh http add iplisten");
        }
    }
}

/* ---- excluded and reserved port ranges (issue 15, source 2) ---- */

/* What reserved a range, in words: an administrator's exclusion (netsh marks it "*"), Server 2003's
 * ReservedPorts, or the system's reservation for containers and virtual machines: the running WinNAT,
 * HNS or vmcompute (Host Compute Service) takes ranges at its start. */
static const char *range_owner(ctx *c, const bf_port_range *r)
{
    static const char *const sys[][2] = {{"winnat", "WinNAT"}, {"hns", "the Host Network Service (HNS)"},
                                         {"vmcompute", "the Host Compute Service (vmcompute)"}};
    const bf_service *v;
    size_t i;
    if (strcmp(r->kind, "reserved") == 0)
        return "ReservedPorts (Tcpip\\Parameters)";
    if (r->administered)
        return "an administrator's exclusion (marked *)";
    v = bf_port_ranges_system_owner(c->s);
    for (i = 0; v && i < BF_COUNTOF(sys); i++)
        if (bf_service_name_eq(v->name, sys[i][0]))
            return sys[i][1];
    return "the system (WinNAT, HNS or Hyper-V; none of them runs now)";
}

/* A catalogued port inside an excluded or reserved range: with the bind probe's 10013 as evidence an
 * error; with no probe result for the endpoint (a scan without probes) a warning that it will fail. A
 * probe that bound, or found the port taken, says the range does not stop it: nothing to report. */
static void rule_port_ranges(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, j;
    if (s->port_ranges.status != BF_SECTION_OK)
        return;
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        const bf_port_range *r4 = bf_port_ranges_find(&s->port_ranges, e->transport, 4, e->port);
        const bf_port_range *r6 = bf_port_ranges_find(&s->port_ranges, e->transport, 6, e->port);
        const bf_port_range *r = r4 ? r4 : r6;
        size_t denied = 0, ran = 0;
        bf_finding *f;
        bf_action *a;
        const char *owner;
        bool system_range;
        if (!r)
            continue;
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            const bf_port_range *pr = bf_addr_is_ipv6(p->address) ? r6 : r4;
            if (p->result == BF_PROBE_NOT_RUN || !pr)
                continue;
            ran++;
            denied += p->result == BF_PROBE_ACCESS;
        }
        if (ran && !denied)
            continue;
        owner = range_owner(c, r);
        system_range = !r->administered && strcmp(r->kind, "excluded") == 0;
        f = add_finding(c, "BF-PORT-EXCLUDED", denied ? BF_SEV_ERROR : BF_SEV_WARNING,
                        fmt(c, "%s (%s/%d) lies in the %s port range %d-%d reserved by %s", e->protocol, e->transport,
                            e->port, strcmp(r->kind, "reserved") == 0 ? "reserved" : "excluded", r->start, r->end, owner),
                        denied ? fmt(c, "Port %d is inside a range the system keeps from programs, so %s's bind fails with "
                                        "10013 (WSAEACCES) although nothing listens on it. %s",
                                     e->port, e->service[0] ? e->service : e->protocol,
                                     system_range ? "WinNAT and the Host Network Service reserve such ranges for "
                                                    "containers and virtual machines when they start (Hyper-V, Docker, WSL)."
                                                  : "The range was set by hand.")
                               : fmt(c, "Port %d is inside a range the system keeps from programs; no bind probe ran, "
                                        "but %s's bind will fail with 10013 (WSAEACCES) when it starts.",
                                     e->port, e->service[0] ? e->service : e->protocol));
        about(c, f, BF_LINK_RESERVED_PORT, fmt(c, "%s/%d", e->transport, e->port));
        evidence(c, f, "port_ranges", fmt(c, "%s ipv%d %d-%d", r->transport, r->family, r->start, r->end),
                 fmt(c, "%s %s range %d-%d (IPv%d)%s", r->transport, strcmp(r->kind, "reserved") == 0 ? "reserved" : "excluded",
                     r->start, r->end, r->family, r->administered ? ", administered (*)" : ""));
        if (r4 && r6 && r6 != r)
            evidence(c, f, "port_ranges", fmt(c, "%s ipv6 %d-%d", r6->transport, r6->start, r6->end),
                     fmt(c, "%s excluded range %d-%d (IPv6)%s", r6->transport, r6->start, r6->end,
                         r6->administered ? ", administered (*)" : ""));
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            if (p->result == BF_PROBE_ACCESS)
                evidence(c, f, "endpoints", fmt(c, "%s %d @ %s", e->protocol, e->port, p->address),
                         fmt(c, "bind(%s:%d) failed with %d and nothing listens there", p->address, e->port, p->error));
        }
        for (j = 0; j < s->listener_count; j++)
            if (s->listeners[j].port == e->port && strcmp(s->listeners[j].transport, e->transport) == 0)
                evidence(c, f, "listeners", fmt(c, "%s %s:%d", s->listeners[j].transport, s->listeners[j].address, e->port),
                         fmt(c, "%s listens on %s:%d (pid %d)", s->listeners[j].process[0] ? s->listeners[j].process : "a process",
                             s->listeners[j].address, e->port, s->listeners[j].pid));
        reference(c, f, "KB 929851");
        if (strcmp(r->kind, "reserved") == 0)
            reference(c, f, "KB 812873");
        if (system_range) {
            a = action(c, f, BF_ACTION_PORT_EXCLUSION,
                       fmt(c, "Exclude %s port %d for %s: stop winnat, add the exclusion, start winnat", e->transport, e->port,
                           e->service[0] ? e->service : e->protocol),
                       fmt(c, "net stop winnat; netsh int ipv%d add excludedportrange protocol=%s startport=%d "
                              "numberofports=1; net start winnat (undo: netsh int ipv%d delete excludedportrange "
                              "protocol=%s startport=%d numberofports=1)",
                           r->family, e->transport, e->port, r->family, e->transport, e->port),
                       fmt(c, "WinNAT reserves its ranges around port %d when it starts again; %s binds %d", e->port,
                           e->service[0] ? e->service : e->protocol, e->port),
                       true);
            if (a) {
                a->params.port = e->port;
                a->params.transport = dup(c, e->transport);
                a->params.family = r->family;
            }
        }
    }
}

/* ---- address family order (core/policy.h) ---- */

/* The address the resolver returns first for the host name with both families: what getaddrinfo
 * answered in the snapshot, else the model's prediction (metric rules: both families). NULL when the
 * host has addresses of one family only (no order to get wrong). */
static const char *first_of_both(ctx *c, bool *observed)
{
    const bf_snapshot *s = c->s;
    const char *const *list = NULL;
    size_t n = 0, i;
    bool v4 = false, v6 = false;
    *observed = false;
    for (i = 0; i < s->resolver_count; i++)
        if (strcmp(s->resolver[i].api, "getaddrinfo") == 0 && bf_ascii_eq_ci(s->resolver[i].query, s->hostname) &&
            !s->resolver[i].error && s->resolver[i].address_count) {
            list = (const char *const *)s->resolver[i].addresses;
            n = s->resolver[i].address_count;
            *observed = true;
            break;
        }
    if (!list && (c->rule == BF_ORDER_METRIC || c->rule == BF_ORDER_METRIC10)) {
        list = (const char *const *)c->d->predicted_order;
        n = c->d->predicted_count;
    }
    for (i = 0; i < n; i++) {
        if (bf_addr_is_loopback(list[i]))
            continue;
        if (bf_addr_is_ipv6(list[i]))
            v6 = true;
        else
            v4 = true;
    }
    return v4 && v6 ? list[0] : NULL;
}

static const char *family_name(bool v6)
{
    return v6 ? "IPv6" : "IPv4";
}

/* The order getaddrinfo would give after DisabledComponents = dc (and a restart), as text. */
static char *predict_with_dc(ctx *c, long long dc)
{
    bf_order_change ch;
    const char **pred;
    size_t n;
    memset(&ch, 0, sizeof ch);
    ch.dc_set = true;
    ch.dc = dc;
    if (!bf_order_predict(c->s, c->rule, &ch, false, c->d->arena, &pred, &n))
        return "";
    return fmt(c, "after a restart getaddrinfo(%s) returns %s", c->s->hostname, join_list(c, pred, n, ", "));
}

static void policy_evidence(ctx *c, bf_finding *f, const char *first)
{
    const bf_prefix_policy *row = NULL;
    int prec = bf_policy_precedence(c->s, first, &row);
    char dc[160];
    bf_policy_dc_text(c->s->ipv6_policy.disabled_components, dc, sizeof dc);
    if (row)
        evidence(c, f, "ipv6_policy", fmt(c, "%s", row->prefix),
                 fmt(c, "%s matches prefix %s, precedence %d (%s)", first, row->prefix, prec,
                     c->s->ipv6_policy.status == BF_SECTION_OK ? "the machine's prefix policy table"
                                                                : "the default prefix policy table"));
    evidence(c, f, "ipv6_policy", "DisabledComponents", fmt(c, "Tcpip6\\Parameters\\DisabledComponents: %s", dc));
}

/* Does an IPv6 wildcard listener also serve IPv4? "Dual-Stack Sockets for IPv6 Winsock Applications"
 * (Microsoft Learn): an AF_INET6 socket with IPV6_V6ONLY = 0 bound to in6addr_any accepts IPv4
 * connections as IPv4-mapped addresses (Windows' default is IPV6_V6ONLY = 1: IPv6 only). The TCP table
 * lists such a socket once, as [::] in the IPv6 table, so the listener row cannot tell; the bind probes
 * can: with no IPv4 listener in the table, an IPv4 bind of the port that fails with 10048, or an IPv4
 * connect that the service's greeting answers, meets the dual-mode socket's IPv4 side. */
static bool dual_mode_serves_v4(const ctx *c, const bf_endpoint *e)
{
    const bf_snapshot *s = c->s;
    size_t i;
    bool wild6 = false;
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        if (l->port == e->port && strcmp(l->transport, e->transport) == 0) {
            if (!bf_addr_is_ipv6(l->address))
                return false;   /* an IPv4 listener explains any IPv4 answer itself */
            wild6 = wild6 || bf_addr_is_wildcard(l->address);
        }
    }
    for (i = 0; wild6 && i < e->probe_count; i++) {
        const bf_probe *p = &e->probes[i];
        if (!bf_addr_is_ipv6(p->address) && (p->result == BF_PROBE_ADDRINUSE || p->greeting == BF_GREET_ANSWERED))
            return true;
    }
    return false;
}

/* A catalogued protocol listens on one family while the resolver returns the other first: clients that
 * take the first answer (most do; the others wait for a connect timeout) reach a port where nothing
 * listens. */
static void rule_family_order(ctx *c)
{
    const bf_snapshot *s = c->s;
    bool observed, v6_first;
    const char *first = first_of_both(c, &observed);
    long long dc = s->ipv6_policy.disabled_components;
    size_t i, j;
    if (!first)
        return;
    v6_first = bf_addr_is_ipv6(first);
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        bool v4 = false, v6 = false;
        const bf_listener *seen = NULL;
        bf_finding *f;
        for (j = 0; j < s->listener_count; j++) {
            const bf_listener *l = &s->listeners[j];
            if (l->port != e->port || strcmp(l->transport, e->transport) != 0)
                continue;
            if (bf_addr_is_ipv6(l->address))
                v6 = true;
            else
                v4 = true;
            seen = l;
        }
        if (v6 && !v4 && dual_mode_serves_v4(c, e))
            v4 = true;  /* a dual-mode [::] socket: IPv4 clients reach it too */
        if (!seen || (v4 && v6) || (v6_first ? v6 : v4))
            continue;   /* not listening at all is another finding; both families, or the first: fine */
        f = add_finding(c, "BF-FAMILY-ORDER", BF_SEV_WARNING,
                        fmt(c, "%s listens on %s only, but the host name resolves to %s first", e->protocol,
                            family_name(!v6_first), family_name(v6_first)),
                        fmt(c, "getaddrinfo returns %s (%s) first for %s: the prefix policy table gives it the higher "
                               "precedence (RFC 6724 rule 6). %s port %d has a listener on %s addresses only, so a "
                               "client that connects to the first address gets no answer there and must wait for its "
                               "fallback, or fails. Either the service listens on both families, or the order changes: "
                               "%s. Windows reads DisabledComponents when it starts: a change needs a restart.",
                            first, family_name(v6_first), s->hostname, e->protocol, e->port, family_name(!v6_first),
                            v6_first ? "DisabledComponents with 0x20 puts IPv4 first (Microsoft's documented way; "
                                       "disabling IPv6 is not recommended)"
                                     : "without DisabledComponents 0x20, or with the default table (netsh interface "
                                       "ipv6 set prefixpolicy ::ffff:0:0/96 35 4), IPv6 comes first"));
        for (j = 0; j < s->listener_count; j++) {
            const bf_listener *l = &s->listeners[j];
            if (l->port == e->port && strcmp(l->transport, e->transport) == 0)
                evidence(c, f, "listeners", fmt(c, "%s %s:%d", l->transport, l->address, l->port),
                         fmt(c, "%s listener on %s (%s)", e->protocol, l->address, family_name(bf_addr_is_ipv6(l->address))));
        }
        evidence(c, f, "resolver", fmt(c, "getaddrinfo(%s)", s->hostname),
                 fmt(c, "%s %s first (%s)", observed ? "returned" : "predicted to return", first, family_name(v6_first)));
        policy_evidence(c, f, first);
        reference(c, f, "RFC 6724");
        reference(c, f, "KB 929852");
        because(c, f, BF_LINK_FAMILY_FIRST, family_name(v6_first));
        if (v6_first && dc >= 0 && (dc & BF_DC_PREFER_IPV4)) {
            /* IPv4 is preferred already: the administrator's own table puts IPv6 first (said in the cause) */
        } else if (v6_first) {
            long long want = (dc < 0 ? 0 : dc) | BF_DC_PREFER_IPV4;
            bf_action *a = action(c, f, BF_ACTION_SET_DISABLED_COMPONENTS,
                                  fmt(c, "Prefer IPv4 over IPv6: set DisabledComponents to 0x%llX (restart needed)",
                                      (unsigned long long)want),
                                  fmt(c, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters DisabledComponents: "
                                         "%s -> 0x%llX (REG_DWORD); takes effect after a restart",
                                      dc < 0 ? "(absent)" : fmt(c, "0x%llX", (unsigned long long)dc), (unsigned long long)want),
                                  predict_with_dc(c, want), true);
            if (a)
                a->params.value = fmt(c, "0x%llX", (unsigned long long)want);
        } else if (dc >= 0 && (dc & BF_DC_PREFER_IPV4)) {
            long long want = dc & ~(long long)BF_DC_PREFER_IPV4;
            bf_action *a = action(c, f, BF_ACTION_SET_DISABLED_COMPONENTS,
                                  fmt(c, "Stop preferring IPv4: set DisabledComponents to 0x%llX (restart needed)",
                                      (unsigned long long)want),
                                  fmt(c, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters DisabledComponents: "
                                         "0x%llX -> 0x%llX (REG_DWORD); takes effect after a restart",
                                      (unsigned long long)dc, (unsigned long long)want),
                                  predict_with_dc(c, want), true);
            if (a)
                a->params.value = fmt(c, "0x%llX", (unsigned long long)want);
        }
    }
}

/* DisabledComponents turns IPv6 off on the non-tunnel interfaces, yet an up adapter still carries a
 * global IPv6 address: the value was written without the restart it needs, or something put IPv6 back.
 * The machine then answers with IPv6 addresses its configuration says it does not have (Exchange's
 * HealthChecker flags the same state). */
static void rule_ipv6_half_disabled(ctx *c)
{
    const bf_snapshot *s = c->s;
    long long dc = s->ipv6_policy.disabled_components;
    bf_finding *f = NULL;
    size_t i, j;
    bool observed;
    const char *first;
    char dctext[160];
    if (!bf_policy_dc_disables_native(dc))
        return;
    bf_policy_dc_text(dc, dctext, sizeof dctext);
    for (i = 0; i < s->adapter_count; i++) {
        const bf_adapter *a = &s->adapters[i];
        if (!adapter_up(a) || a->if_type == 24 || a->if_type == 131)
            continue;   /* loopback stays; tunnels are the 0x01 bit's */
        for (j = 0; j < a->address_count; j++) {
            const char *ad = a->addresses[j].address;
            if (!bf_addr_is_ipv6(ad) || bf_addr_is_loopback(ad) || strncmp(ad, "fe8", 3) == 0 ||
                strncmp(ad, "fe9", 3) == 0 || strncmp(ad, "fea", 3) == 0 || strncmp(ad, "feb", 3) == 0)
                continue;
            if (!f) {
                f = add_finding(c, "BF-IPV6-HALF-DISABLED", BF_SEV_WARNING,
                                fmt(c, "IPv6 is disabled in the registry (DisabledComponents %s) but adapters still "
                                       "carry global IPv6 addresses", dctext),
                                fmt(c, "DisabledComponents says IPv6 is off on every non-tunnel interface, yet %s still "
                                       "has %s: the value was written without the restart it needs, or IPv6 came back. "
                                       "Services and clients then see IPv6 addresses the configuration says do not "
                                       "exist, and after the next restart they disappear. Microsoft does not recommend "
                                       "disabling IPv6; to put IPv4 first, DisabledComponents 0x20 keeps IPv6 and "
                                       "changes only the order. Either way a restart is needed.",
                                    adapter_name(a), ad));
                evidence(c, f, "ipv6_policy", "DisabledComponents", fmt(c, "Tcpip6\\Parameters\\DisabledComponents: %s", dctext));
                reference(c, f, "KB 929852");
                {
                    bf_action *ac = action(c, f, BF_ACTION_SET_DISABLED_COMPONENTS,
                                           "Keep IPv6, prefer IPv4: set DisabledComponents to 0x20 (restart needed)",
                                           fmt(c, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters "
                                                  "DisabledComponents: 0x%llX -> 0x20 (REG_DWORD); takes effect after a restart",
                                               (unsigned long long)dc),
                                           predict_with_dc(c, BF_DC_PREFER_IPV4), true);
                    if (ac)
                        ac->params.value = "0x20";
                }
            }
            evidence(c, f, "adapters", dup(c, a->guid), fmt(c, "%s (up) holds %s", adapter_name(a), ad));
        }
    }
    first = f ? first_of_both(c, &observed) : NULL;
    if (first && bf_addr_is_ipv6(first))
        about(c, f, BF_LINK_FAMILY_FIRST, "IPv6");  /* it is why the resolver still returns IPv6 first */
}


/* ---- the startup race (issue 16 part 3): a service that started before its address was ready ---- */

/* A service binds the host name's addresses when it starts (the KB's Exchange protocols do). An address
 * created after the service's process started, or still tentative (DAD not finished), was not there to
 * bind: the service runs without it until it restarts. The times are ISO 8601 UTC text, so they compare
 * as strings. Only where both are known (MIB_UNICASTIPADDRESS_ROW.CreationTimeStamp, GetProcessTimes). */
/* The lasting half of the startup race's repair: Delayed Automatic Start, so that at the next boot the
 * SCM starts the service after the other auto-start services plus a short delay (ChangeServiceConfig2W,
 * SERVICE_CONFIG_DELAYED_AUTO_START_INFO, Windows Vista / Server 2008 and later). Documented for
 * auto-start services only: another start type is offered nothing (the cause says so). The dependency
 * alternative stays advice: which service brings an address up is not something the snapshot knows. */
static void race_delayed_action(ctx *c, bf_finding *f, const bf_service *v)
{
    bf_action *ac;
    if (v->start_type != BF_START_AUTO)
        return;
    ac = action(c, f, BF_ACTION_DELAYED_AUTO_START,
                fmt(c, "Start %s later at boot: Delayed Automatic Start", v->name),
                fmt(c, "%s start type: Automatic -> Automatic (Delayed Start) (SERVICE_DELAYED_AUTO_START_INFO); "
                       "takes effect at the next boot", v->name),
                fmt(c, "at the next boot %s starts after the other automatic services, plus a short delay", v->name),
                true);
    if (ac)
        ac->params.services = dup(c, v->name);
}

static void rule_startup_race(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, j, k;
    for (i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        const bf_service *v = e->service[0] ? bf_snap_find_service(s, e->service) : NULL;
        if (!v || v->state != BF_SVC_RUNNING || !v->started || !v->started[0])
            continue;
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            const bf_address *row = NULL;
            const bf_adapter *a;
            bool late, tentative;
            bf_finding *f;
            bf_action *ac;
            if (p->result != BF_PROBE_OK || bf_addr_is_wildcard(p->address) || !(a = bf_snap_find_adapter_by_address(s, p->address, &row)) ||
                !row || !adapter_up(a))
                continue;   /* only an address the machine holds where the port is still free */
            late = row->created && row->created[0] && strcmp(row->created, v->started) > 0;
            tentative = row->dad_state == BF_DAD_TENTATIVE;
            if (!late && !tentative)
                continue;
            for (k = 0; k < s->listener_count; k++)
                if (s->listeners[k].port == e->port && bf_addr_is_wildcard(s->listeners[k].address) &&
                    bf_addr_is_ipv6(s->listeners[k].address) == bf_addr_is_ipv6(p->address))
                    break;
            if (k < s->listener_count)
                continue;   /* a wildcard listener of the family serves the address whenever it comes */
            f = add_finding(c, "BF-STARTUP-RACE", BF_SEV_WARNING,
                            fmt(c, "%s started before %s was ready: %s does not listen there", v->name, p->address,
                                e->protocol),
                            fmt(c, "%s's process started at %s; %s on %s %s. A service that binds the host's addresses "
                                   "when it starts (the KB's failure: an address that comes and goes) runs without this "
                                   "one until it restarts, and %s port %d is free there. Restart %s now; so that it "
                                   "does not happen at the next boot, start it later: Delayed Automatic Start (sc config "
                                   "%s start= delayed-auto; Windows Vista / Server 2008 and later, auto-start services "
                                   "only), or make it depend on the service that brings the address up (sc config %s "
                                   "depend= ..., by hand).",
                                v->name, v->started, p->address, adapter_name(a),
                                late ? fmt(c, "was created at %s, later", row->created)
                                     : "is still tentative (duplicate address detection had not finished)",
                                e->protocol, e->port, v->name, v->name, v->name));
            evidence(c, f, "services", dup(c, v->name), fmt(c, "%s started at %s", v->name, v->started));
            evidence(c, f, "adapters", dup(c, a->guid),
                     fmt(c, "%s on %s: created %s, %s", p->address, adapter_name(a),
                         row->created && row->created[0] ? row->created : "(time not known)", bf_dad_state_token(row->dad_state)));
            evidence(c, f, "endpoints", fmt(c, "%s %s", e->protocol, p->address),
                     fmt(c, "%s port %d on %s: %s (nothing listens there)", e->protocol, e->port, p->address,
                         bf_probe_result_label(p->result)));
            reference(c, f, "SERVICE_CONFIG_DELAYED_AUTO_START_INFO");
            reference(c, f, "KB Q214864");
            ac = action(c, f, BF_ACTION_RESTART_SERVICES, fmt(c, "Restart %s so that it binds %s", v->name, p->address),
                        fmt(c, "stop and start %s and the services depending on it", v->name),
                        fmt(c, "%s listens on %s port %d", v->name, p->address, e->port), true);
            if (ac)
                ac->params.services = dup(c, v->name);
            race_delayed_action(c, f, v);
        }
    }
}

/* ---- what DNS publishes for the host's name (issue 16 part 1) ---- */

/* Why clients cannot use a published address, NULL when they can: an up adapter of this machine holds
 * it as a preferred address that Windows would register itself. Windows registers every address of
 * every adapter with "Register this connection's addresses in DNS" set (dial-up and VPN connections
 * included) except SkipAsSource ones (KB 975808); a record for an address no adapter holds is stale. */
static char *dns_unusable(ctx *c, const char *address, const bf_adapter **holder, const bf_address **row)
{
    const bf_adapter *a;
    size_t j;
    *holder = NULL;
    *row = NULL;
    if (bf_addr_is_loopback(address) || bf_addr_is_wildcard(address))
        return "a loopback or wildcard address: no client reaches this machine there";
    if (!(a = find_holder(c, address)))
        return "no adapter of this machine holds it: the record is stale (an old or moved address)";
    *holder = a;
    for (j = 0; j < a->address_count; j++)
        if (bf_addr_equal(a->addresses[j].address, address))
            *row = &a->addresses[j];
    if (!adapter_up(a))
        return fmt(c, "%s holds it and is %s", adapter_name(a), bf_oper_status_label(a->status));
    if (a->kind == BF_KIND_DIALUP || a->kind == BF_KIND_VPN || (a->kind == BF_KIND_VIRTUAL && !a->gateway[0]))
        return fmt(c, "%s holds it, a %s adapter: it carries the link's own traffic, clients of the server are "
                      "not on it", adapter_name(a), bf_adapter_kind_label(a->kind));
    if (bf_addr_is_apipa(address))
        return fmt(c, "%s holds it as an APIPA address (169.254/16: DHCP gave no answer), reachable on that link "
                      "only", adapter_name(a));
    if (*row && (*row)->skip_as_source == BF_TRI_YES)
        return fmt(c, "%s holds it with SkipAsSource: Windows does not register such an address, so the record "
                      "is left from before the flag was set", adapter_name(a));
    if (*row && (*row)->dad_state != BF_DAD_PREFERRED && (*row)->dad_state != BF_DAD_UNKNOWN)
        return fmt(c, "%s holds it as a %s address, which cannot be used", adapter_name(a),
                   bf_dad_state_token((*row)->dad_state));
    return NULL;
}

/* The DNS administrator's commands that remove one record of name (zone: everything after the first
 * dot): "dnscmd /recorddelete ZONE HOST A ADDRESS /f, or Remove-DnsServerResourceRecord ...". Shared by
 * the finding's cause and the repair's verification (repair_session.c), so both give the same command. */
void bf_dns_admin_commands(const char *name, const char *address, bf_buf *out)
{
    const char *dot = strchr(name, '.');
    int hl = dot ? (int)(dot - name) : (int)strlen(name);
    const char *zone = dot && dot[1] ? dot + 1 : "ZONE", *rr = bf_addr_is_ipv6(address) ? "AAAA" : "A";
    bf_buf_printf(out, "dnscmd /recorddelete %s %.*s %s %s /f, or Remove-DnsServerResourceRecord -ZoneName %s -RRType %s "
                       "-Name %.*s -RecordData %s", zone, hl, name, rr, address, zone, rr, hl, name, address);
}

/* The repair of BF-DNS-UNUSABLE where an adapter of this machine registers the address now: that adapter
 * stops registering (core/fix_dns.c plans it). None where nothing registers it (no holder, registration
 * already off, a SkipAsSource address): then only the DNS administrator can act. */
static void dns_registration_action(ctx *c, bf_finding *f, const bf_adapter *holder, const bf_address *row)
{
    bf_action *a;
    if (!holder || holder->dns_register == BF_TRI_NO || (row && row->skip_as_source == BF_TRI_YES) ||
        !holder->guid[0])
        return;
    a = action(c, f, BF_ACTION_DNS_REGISTRATION_OFF,
               fmt(c, "Stop %s registering its addresses in DNS, then register again", adapter_name(holder)),
               fmt(c, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\%s: "
                      "DisableDynamicUpdate -> 1, RegistrationEnabled -> 0; then ipconfig /registerdns and DNS asked again",
                   holder->guid),
               "", true);
    if (a)
        a->params.adapter = dup(c, holder->guid);
}

/* "host" and "zone" of the name asked, for the DNS administrator's commands. */
static void dns_split(ctx *c, char **host, char **zone)
{
    const char *name = c->s->dns.name, *dot = strchr(name, '.');
    *host = dot ? fmt(c, "%.*s", (int)(dot - name), name) : dup(c, name);
    *zone = dot && dot[1] ? dup(c, dot + 1) : "ZONE";
}

static void rule_dns_publication(ctx *c)
{
    const bf_dns_publication *d = &c->s->dns;
    size_t i, usable = 0, held_usable = 0;
    char *host, *zone;
    bf_finding *f;
    if (d->status != BF_SECTION_OK)
        return;
    dns_split(c, &host, &zone);
    for (i = 0; i < d->address_count; i++) {
        const char *ad = d->addresses[i];
        const bf_adapter *holder;
        const bf_address *row;
        char *why = dns_unusable(c, ad, &holder, &row), *remove, *stop;
        if (!why) {
            usable++;
            continue;
        }
        {
            bf_buf rb;
            bf_buf_init(&rb);
            bf_dns_admin_commands(d->name, ad, &rb);
            remove = dup(c, bf_buf_cstr(&rb));
            bf_buf_free(&rb);
        }
        stop = !holder || holder->dns_register == BF_TRI_NO || (row && row->skip_as_source == BF_TRI_YES)
                   ? fmt(c, "Nothing on this machine registers it now: only the DNS administrator can remove the "
                            "record: %s.", remove)
                   : fmt(c, "Stop %s registering its addresses: clear \"Register this connection's addresses in DNS\" "
                            "(its IPv4/IPv6 Properties > Advanced > DNS), which Windows Server 2012 and later also set "
                            "with Set-DnsClient -InterfaceAlias \"%s\" -RegisterThisConnectionsAddress $false; on "
                            "Windows 2000 to 2008 R2 the value DisableDynamicUpdate = 1 (REG_DWORD) under "
                            "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\%s (KB 246804). "
                            "Then ipconfig /registerdns. The record already published stays until the DNS "
                            "administrator removes it: %s.",
                         adapter_name(holder), adapter_name(holder), holder->guid, remove);
        f = add_finding(c, "BF-DNS-UNUSABLE", BF_SEV_WARNING,
                        fmt(c, "DNS publishes %s for %s, an address clients cannot use", ad, d->name),
                        fmt(c, "The DNS server answers %s for %s: %s. A client that takes this answer connects where the "
                               "server does not serve it and waits for a timeout or fails. %s",
                            ad, d->name, why, stop));
        evidence(c, f, "dns_publication", dup(c, ad),
                 fmt(c, "%s: DNS answered %s (%zu of %zu)", d->source, ad, i + 1, d->address_count));
        if (holder)
            evidence(c, f, "adapters", dup(c, holder->guid),
                     fmt(c, "%s (%s, %s) holds %s; registers in DNS: %s", adapter_name(holder),
                         bf_adapter_kind_label(holder->kind), bf_oper_status_label(holder->status), ad,
                         holder->dns_register == BF_TRI_YES ? "yes" : holder->dns_register == BF_TRI_NO ? "no" : "not read"));
        else
            evidence(c, f, "adapters", dup(c, ad), fmt(c, "no adapter of this machine holds %s", ad));
        reference(c, f, "KB 246804");
        reference(c, f, "KB 975808");
        about(c, f, BF_LINK_ADDRESS, ad);
        dns_registration_action(c, f, holder, row);
    }
    /* the addresses that could serve: up, preferred, not SkipAsSource, on a LAN-like adapter */
    for (i = 0; i < c->s->adapter_count; i++) {
        const bf_adapter *a = &c->s->adapters[i];
        size_t j;
        for (j = 0; j < a->address_count; j++) {
            const bf_adapter *h;
            const bf_address *r;
            if (!bf_addr_is_ipv6(a->addresses[j].address) || strncmp(a->addresses[j].address, "fe8", 3) != 0)
                if (!dns_unusable(c, a->addresses[j].address, &h, &r))
                    held_usable++;
        }
    }
    if (usable == 0 && held_usable > 0) {
        f = add_finding(c, "BF-DNS-NO-USABLE", BF_SEV_ERROR,
                        fmt(c, "DNS publishes no usable address for %s", d->name),
                        fmt(c, "The DNS server's answer for %s holds %s, and none of it is an address this machine can "
                               "serve on, although it has %zu that could. Clients that look the server up by name cannot "
                               "reach it. Check that the LAN adapter has \"Register this connection's addresses in DNS\" "
                               "set (Set-DnsClient -RegisterThisConnectionsAddress $true; KB 246804: no "
                               "DisableDynamicUpdate), then ipconfig /registerdns; or ask the DNS administrator for the "
                               "record (dnscmd /recordadd %s %s A ADDRESS).",
                            d->name, d->address_count ? join_list(c, (const char *const *)d->addresses, d->address_count, ", ")
                                                      : fmt(c, "no A or AAAA record (DNS status %d)", d->error),
                            held_usable, zone, host));
        evidence(c, f, "dns_publication", dup(c, d->name),
                 fmt(c, "%s for %s: %s", d->source, d->name,
                     d->address_count ? join_list(c, (const char *const *)d->addresses, d->address_count, ", ")
                                      : fmt(c, "no address (status %d)", d->error)));
        reference(c, f, "KB 246804");
    }
}

/* ---- entry ---- */

/* ---- products whose own setting pins their listen addresses (core/pins.h) ---- */

static const bf_pin_source *pin_source(const ctx *c, const char *id)
{
    size_t n, i;
    const bf_pin_source *src = bf_catalogue_pin_sources(c->cat, &n);
    for (i = 0; i < n; i++)
        if (strcmp(src[i].id, id) == 0)
            return &src[i];
    return NULL;
}

static char *pin_label(ctx *c, const bf_pin *p)
{
    const bf_pin_source *src = pin_source(c, p->product);
    const char *label = src ? src->label : p->product;
    return p->instance[0] ? fmt(c, "%s (%s)", label, p->instance) : dup(c, label);
}

static const char *pin_what(const bf_pin *p)
{
    return p->address[0] ? p->address : p->adapter;
}

/* An address or adapter the setting names that no up adapter holds. */
static bool pin_dead(const ctx *c, const bf_pin *p)
{
    const bf_adapter *ad;
    if (p->address[0])
        return !address_usable(c, p->address);
    ad = adapter_by_guid(c, p->adapter);
    return !ad || !adapter_up(ad);
}

/* The addresses clients use: what the host name resolves to, where an up adapter holds it. */
static bool client_address(const ctx *c, const char *address)
{
    return bf_lookup_first(&c->answers, address) != SIZE_MAX && address_usable(c, address) &&
           !bf_addr_is_loopback(address) && !bf_addr_is_wildcard(address);
}

static const char *first_client_address(const ctx *c)
{
    size_t k, m;
    for (k = 0; k < c->s->resolver_count; k++)
        for (m = 0; m < c->s->resolver[k].address_count; m++)
            if (client_address(c, c->s->resolver[k].addresses[m]))
                return c->s->resolver[k].addresses[m];
    return NULL;
}

/* Does the row serve a client address (its address is one, or its adapter holds one)? */
static bool pin_serves_clients(const ctx *c, const bf_pin *p)
{
    const bf_adapter *ad;
    size_t j;
    if (p->address[0])
        return bf_addr_is_wildcard(p->address) || client_address(c, p->address);
    ad = adapter_by_guid(c, p->adapter);
    for (j = 0; ad && j < ad->address_count; j++)
        if (client_address(c, ad->addresses[j].address))
            return true;
    return false;
}

static void pin_evidence(ctx *c, bf_finding *f, const bf_pin *p)
{
    evidence(c, f, "pins", fmt(c, "%s %s", p->product, p->setting),
             fmt(c, "%s = %s (%s, %s)", p->setting, pin_what(p)[0] ? pin_what(p) : "(every address)",
                 bf_pin_role_token(p->role), p->enabled ? "in effect" : "not in effect"));
}

static void pin_fix(ctx *c, bf_finding *f, const bf_pin *p, const char *edit, const char *address, char *title,
                    char *predicted)
{
    bf_action *a = action(c, f, BF_ACTION_PIN_SETTING, title,
                          fmt(c, "HKLM\\%s\\%s: %s%s%s (compared with the value read right before the write)",
                              p->fix_key, p->fix_value, edit, address ? " " : "", address ? address : ""),
                          predicted, true);
    if (a) {
        a->params.reg_key = dup(c, p->fix_key);
        a->params.reg_value = dup(c, p->fix_value);
        a->params.edit = edit;
        a->params.address = address ? dup(c, address) : NULL;
    }
    a = action(c, f, BF_ACTION_RESTART_SERVICES, fmt(c, "Restart %s so that it reads the setting again", p->service),
               fmt(c, "stop and start %s and the services depending on it", p->service),
               fmt(c, "%s reads its listen setting at start", p->service), true);
    if (a)
        a->params.services = dup(c, p->service);
}

/* IIS keeps its bindings in applicationHost.config, which bindfix reads but does not write: the fix is
 * the appcmd command that makes the change (fix_key: the binding's protocol, fix_value: its
 * bindingInformation "address:port:host"). IIS takes a changed binding into use by itself. */
static void pin_by_hand(ctx *c, bf_finding *f, char *title, char *command, char *predicted)
{
    bf_action *a = action(c, f, BF_ACTION_PIN_SETTING, title, command, predicted, true);
    if (a) {
        a->params.edit = "by-hand";
        a->params.text = command;
    }
}

static char *appcmd_binding(ctx *c, const bf_pin *p, char sign, const char *info)
{
    return fmt(c, "%%windir%%\\system32\\inetsrv\\appcmd.exe set site /site.name:\"%s\" /%cbindings.[protocol='%s',"
                  "bindingInformation='%s']", p->instance, sign, p->fix_key, info);
}

/* Exchange 2010-2019 keep their POP3/IMAP4 bindings in Active Directory (msExchServerBindings,
 * msExchSecureBindings on the protocol's configuration object), which bindfix does not change: the fix is
 * the Exchange Management Shell command that sets both lists (Set-PopSettings / Set-ImapSettings,
 * -UnencryptedOrTLSBindings and -SSLBindings, learn.microsoft.com), then the service restarted, as those
 * pages say. fix_key names the list ("UnencryptedOrTLSBindings" or "SSLBindings"), fix_value the entry.
 * The lists keep every entry but the dead ones (an emptied list gets "[::]:PORT","0.0.0.0:PORT", the
 * default) and, for a missing client address, gain client:port in UnencryptedOrTLSBindings. */
static char *exchange_list(ctx *c, const bf_pin *p, const char *which, const char *add_address)
{
    const bf_snapshot *s = c->s;
    bf_buf b;
    size_t j;
    int port = -1;
    char *out;
    bf_buf_init(&b);
    for (j = 0; j < s->pins.count; j++) {
        const bf_pin *q = &s->pins.items[j];
        if (strcmp(q->product, p->product) != 0 || strcmp(q->instance, p->instance) != 0 ||
            strcmp(q->fix_kind, "exchange-shell") != 0 || strcmp(q->fix_key, which) != 0)
            continue;
        port = q->port > 0 ? q->port : port;
        if (q->role != BF_PIN_ALL && q->address[0] && !bf_addr_is_wildcard(q->address) && pin_dead(c, q))
            continue;
        bf_buf_printf(&b, "%s\"%s\"", b.len ? "," : "", q->fix_value);
    }
    if (add_address && port > 0)
        bf_buf_printf(&b, "%s\"%s%s%s:%d\"", b.len ? "," : "", bf_addr_is_ipv6(add_address) ? "[" : "", add_address,
                      bf_addr_is_ipv6(add_address) ? "]" : "", port);
    if (!b.len && port > 0)
        bf_buf_printf(&b, "\"[::]:%d\",\"0.0.0.0:%d\"", port, port);
    out = dup(c, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return out;
}

static char *exchange_command(ctx *c, const bf_pin *p, const char *client)
{
    bool imap = bf_ascii_contains_ci(p->instance, "imap");
    return fmt(c, "Set-%sSettings -Server \"%s\" -UnencryptedOrTLSBindings %s -SSLBindings %s; Restart-Service %s",
               imap ? "Imap" : "Pop", c->s->hostname, exchange_list(c, p, "UnencryptedOrTLSBindings", client),
               exchange_list(c, p, "SSLBindings", NULL), p->service);
}

static void rule_pins(ctx *c)
{
    const bf_snapshot *s = c->s;
    size_t i, j;
    for (i = 0; i < s->pins.count; i++) {
        const bf_pin *p = &s->pins.items[i];
        const bf_pin_source *src = pin_source(c, p->product);
        bool listen = p->role == BF_PIN_LISTEN;
        char *label;
        bf_finding *f;
        if (!p->enabled || p->role == BF_PIN_ALL || (p->address[0] && bf_addr_is_wildcard(p->address)) || !pin_dead(c, p))
            continue;
        label = pin_label(c, p);
        f = add_finding(c, "BF-PIN-DEAD", listen ? BF_SEV_ERROR : BF_SEV_WARNING,
                        fmt(c, "%s is told to %s %s, which no up adapter holds", label, listen ? "listen on" : "publish",
                            pin_what(p)),
                        listen ? fmt(c, "%s's own setting %s names %s. No adapter of this machine that is up holds it, so "
                                        "%s does not listen there (it logs the bind failure, 10049, and serves on the "
                                        "other entries, or does not start when none is left).",
                                     label, p->setting, pin_what(p), p->service)
                               : fmt(c, "%s's own setting %s names %s. No adapter of this machine that is up holds it, so "
                                        "clients are sent to an address where nothing answers.",
                                     label, p->setting, pin_what(p)));
        pin_evidence(c, f, p);
        {
            const bf_adapter *ad = p->address[0] ? find_holder(c, p->address) : adapter_by_guid(c, p->adapter);
            if (ad)
                evidence(c, f, "adapters", dup(c, ad->guid),
                         fmt(c, "%s holds it but is %s", adapter_name(ad), bf_oper_status_label(ad->status)));
            else
                evidence(c, f, "adapters", dup(c, pin_what(p)),
                         fmt(c, "no adapter of this machine holds %s", pin_what(p)));
        }
        if (src && src->reference[0])
            reference(c, f, src->reference);
        if (listen) {
            about(c, f, BF_LINK_SERVICE_BIND, p->service);
            about(c, f, BF_LINK_BIND_FAILURE, "any");
        }
        if (strcmp(p->fix_kind, "list") == 0)
            pin_fix(c, f, p, "remove-address", p->address, fmt(c, "Remove %s from %s's %s", p->address, label, p->fix_value),
                    fmt(c, "%s %s the remaining addresses after its restart (every address when none remains)", label,
                        listen ? "listens on" : "publishes"));
        else if (strcmp(p->fix_kind, "flag") == 0)
            pin_fix(c, f, p, "set-zero", NULL, fmt(c, "Disable %s's entry for %s (%s = 0)", label, pin_what(p), p->fix_value),
                    fmt(c, "%s listens on its other enabled entries after its restart", label));
        else if (strcmp(p->fix_kind, "selector") == 0)
            pin_fix(c, f, p, "set-zero", NULL, fmt(c, "Set %s's %s to 0 (every adapter)", label, p->fix_value),
                    fmt(c, "%s listens on every adapter after its restart", label));
        else if (strcmp(p->fix_kind, "appcmd") == 0)
            pin_by_hand(c, f, fmt(c, "Remove the binding %s %s from %s (by hand)", p->fix_key, p->fix_value, label),
                        appcmd_binding(c, p, '-', p->fix_value), fmt(c, "%s no longer binds %s", label, pin_what(p)));
        else if (strcmp(p->fix_kind, "exchange-shell") == 0)
            pin_by_hand(c, f, fmt(c, "Set %s's bindings without %s (Exchange Management Shell, by hand)", label, p->fix_value),
                        exchange_command(c, p, NULL), fmt(c, "%s listens on the bindings that remain", label));
    }
    /* per product instance: listening restricted to entries none of which is an address clients use */
    for (i = 0; i < s->pins.count; i++) {
        const bf_pin *p = &s->pins.items[i], *fixrow = NULL;
        const char *client;
        bool first = true, restricted = true, serves = false, any = false;
        char *label;
        bf_finding *f;
        for (j = 0; j < s->pins.count; j++) {
            const bf_pin *q = &s->pins.items[j];
            if (strcmp(q->product, p->product) != 0 || strcmp(q->instance, p->instance) != 0)
                continue;
            if (j < i)
                first = false;
            if (q->enabled && q->role == BF_PIN_ALL)
                restricted = false;
            if (q->role == BF_PIN_LISTEN) {
                any = true;
                serves = serves || (q->enabled && pin_serves_clients(c, q));
            }
        }
        if (!first || !restricted || !any || serves || !(client = first_client_address(c)))
            continue;
        label = pin_label(c, p);
        f = add_finding(c, "BF-PIN-NO-CLIENT-ADDRESS", BF_SEV_ERROR,
                        fmt(c, "%s listens on none of the addresses the host name resolves to", label),
                        fmt(c, "%s is set to listen only on the entries below, and none of them is an address of the host "
                               "name that an up adapter holds (%s is). Clients that connect to %s reach no listener of it.",
                            label, client, s->hostname));
        for (j = 0; j < s->pins.count; j++) {
            const bf_pin *q = &s->pins.items[j];
            if (strcmp(q->product, p->product) == 0 && strcmp(q->instance, p->instance) == 0) {
                pin_evidence(c, f, q);
                if (!fixrow && q->role == BF_PIN_LISTEN && q->fix_kind[0] &&
                    (strcmp(q->fix_kind, "flag") != 0 || (!q->enabled && q->address[0] && bf_addr_equal(q->address, client))))
                    fixrow = q;
            }
        }
        {
            size_t k, m;
            for (k = 0; k < s->resolver_count; k++)
                for (m = 0; m < s->resolver[k].address_count; m++)
                    if (bf_addr_equal(s->resolver[k].addresses[m], client))
                        evidence(c, f, "resolver", fmt(c, "%s(%s) #%zu", s->resolver[k].api, s->resolver[k].query, m + 1),
                                 fmt(c, "%s returned %s", s->resolver[k].api, client));
        }
        {
            const bf_pin_source *src = pin_source(c, p->product);
            if (src && src->reference[0])
                reference(c, f, src->reference);
        }
        if (fixrow && strcmp(fixrow->fix_kind, "list") == 0)
            pin_fix(c, f, fixrow, "add-address", client, fmt(c, "Add %s to %s's %s", client, label, fixrow->fix_value),
                    fmt(c, "%s also listens on %s after its restart", label, client));
        else if (fixrow && strcmp(fixrow->fix_kind, "flag") == 0)
            pin_fix(c, f, fixrow, "set-one", NULL, fmt(c, "Enable %s's entry for %s (%s = 1)", label, client, fixrow->fix_value),
                    fmt(c, "%s also listens on %s after its restart", label, client));
        else if (fixrow && strcmp(fixrow->fix_kind, "selector") == 0)
            pin_fix(c, f, fixrow, "set-zero", NULL, fmt(c, "Set %s's %s to 0 (every adapter)", label, fixrow->fix_value),
                    fmt(c, "%s listens on every adapter after its restart", label));
        else if (fixrow && strcmp(fixrow->fix_kind, "exchange-shell") == 0)
            pin_by_hand(c, f, fmt(c, "Set %s's bindings to include %s (Exchange Management Shell, by hand)", label, client),
                        exchange_command(c, fixrow, client), fmt(c, "%s also listens on %s", label, client));
        else if (fixrow && strcmp(fixrow->fix_kind, "appcmd") == 0) {
            /* the same protocol, port and host name as the site's first binding, on the client address */
            const char *host = strrchr(fixrow->fix_value, ':');
            char *info = fmt(c, "%s%s%s:%d%s", bf_addr_is_ipv6(client) ? "[" : "", client,
                             bf_addr_is_ipv6(client) ? "]" : "", fixrow->port, host ? host : ":");
            pin_by_hand(c, f, fmt(c, "Add a binding %s %s to %s (by hand)", fixrow->fix_key, info, label),
                        appcmd_binding(c, fixrow, '+', info), fmt(c, "%s also listens on %s", label, client));
        }
    }
}

static int cmp_severity(const void *a, const void *b)
{
    const bf_finding *x = a, *y = b;
    if (x->severity != y->severity)
        return (int)y->severity - (int)x->severity;
    return strcmp(x->id, y->id);
}

static bool sort_findings(bf_finding *f, size_t n)
{
    bf_finding *tmp, *from = f, *to;
    size_t width, i;
    if (n < 2)
        return true;
    tmp = malloc(n * sizeof *tmp);
    if (!tmp)
        return false;
    to = tmp;
    /* bottom-up: merge runs of width into runs of 2 x width, taking the left run's item on ties */
    for (width = 1; width < n; width *= 2) {
        bf_finding *swap;
        for (i = 0; i < n; i += 2 * width) {
            size_t l = i, mid = i + width < n ? i + width : n, r = mid, end = i + 2 * width < n ? i + 2 * width : n;
            size_t o = i;
            while (l < mid && r < end)
                to[o++] = cmp_severity(&from[r], &from[l]) < 0 ? from[r++] : from[l++];
            while (l < mid)
                to[o++] = from[l++];
            while (r < end)
                to[o++] = from[r++];
        }
        swap = from;
        from = to;
        to = swap;
    }
    if (from != f)
        memcpy(f, from, n * sizeof *f);
    free(tmp);
    return true;
}

bf_diagnosis *bf_diagnose(const bf_snapshot *snap, const struct bf_catalogue *cat, bf_err *err)
{
    bf_arena *a = bf_arena_create();
    bf_diagnosis *d;
    ctx c;
    const char **pred;
    size_t n, i;
    if (!a || !(d = bf_arena_alloc(a, sizeof(*d)))) {
        bf_arena_destroy(a);
        bf_fail(err, "out of memory while diagnosing");
        return NULL;
    }
    memset(d, 0, sizeof *d);
    d->arena = a;
    memset(&c, 0, sizeof c);
    c.s = snap;
    c.d = d;
    build_indexes(&c);
    c.cat = cat ? cat : bf_catalogue_builtin();
    c.gen = bf_catalogue_detect(c.cat, snap);
    c.fixed = kb_fix_present(&snap->os);
    c.rule = bf_order_rule_for(&snap->os, c.fixed);
    d->generation = (char *)(c.gen ? c.gen->id : "");
    d->order_rule = (char *)bf_order_rule_token(c.rule);
    if (bf_order_predict(snap, c.rule, NULL, c.rule != BF_ORDER_METRIC && c.rule != BF_ORDER_METRIC10, a, &pred, &n))
        for (i = 0; i < n; i++) {
            char **slot = BF_PUSH(a, d->predicted_order, d->predicted_count, d->predicted_cap);
            if (slot)
                *slot = (char *)pred[i];
        }

    rule_bind_failures(&c, BF_PROBE_ADDRNOTAVAIL);
    rule_resolver_unbound(&c);
    rule_bind_failures(&c, BF_PROBE_ACCESS);
    rule_port_in_use(&c);
    rule_fix_missing(&c);
    rule_adapter_order(&c);
    rule_hosts(&c);
    rule_services(&c);
    rule_events(&c);
    rule_order_mismatch(&c);
    rule_port_ranges(&c);
    rule_http_listen(&c);
    rule_family_order(&c);
    rule_ipv6_half_disabled(&c);
    rule_pins(&c);
    rule_dns_publication(&c);
    rule_startup_race(&c);

    /* most severe first, then by ID; stable, so findings of one ID stay in snapshot order. A merge sort:
     * a hosts file pinning thousands of lines gives thousands of findings, and the insertion sort this
     * replaces moved them quadratically. */
    if (!sort_findings(d->findings, d->finding_count))
        c.oom = true;
    /* then which explains which (causes.c): after the sort, so the links name the final positions */
    if (!c.oom && !bf_link_causes(d))
        c.oom = true;
    c.oom = c.oom || indexes_failed(&c);
    free_indexes(&c);
    if (c.oom || bf_arena_failed(a)) {
        bf_arena_destroy(a);
        bf_fail(err, "out of memory while diagnosing");
        return NULL;
    }
    return d;
}

void bf_diagnosis_destroy(bf_diagnosis *d)
{
    if (d)
        bf_arena_destroy(d->arena);
}
