/* causes.c - see causes.h. */
#include "causes.h"

#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "strbuf.h"

/* Which kind of finding may explain which, and through which fact. Read a row as "a CAUSE finding
 * explains an EFFECT finding when the fact VIA that the cause states is one the effect's explanation
 * names". Only the services' rows go both ways between two kinds (a stopped service explains "its
 * dependent's dependency is stopped", which explains that the dependent is stopped); a snapshot whose
 * services depend on each other round a circle could therefore link round it, and bf_link_causes cuts
 * such a circle where it closes. */
typedef struct link_row {
    const char *cause;
    const char *effect;
    bf_link_kind via;
} link_row;

static const link_row link_table[] = {
    /* why the host name resolves to an address this machine cannot bind */
    {"BF-KB-FIX-MISSING", "BF-RESOLVER-UNBOUND", BF_LINK_ORDER_RULE},
    {"BF-ADAPTER-ORDER", "BF-RESOLVER-UNBOUND", BF_LINK_FIRST_ADAPTER},
    {"BF-HOSTS-PIN", "BF-RESOLVER-UNBOUND", BF_LINK_HOSTS_ADDRESS},
    /* why a protocol cannot bind on that address */
    {"BF-RESOLVER-UNBOUND", "BF-BIND-10049", BF_LINK_ADDRESS},
    /* why a protocol is refused its port: an excluded or reserved range holds it (issue 15) */
    {"BF-PORT-EXCLUDED", "BF-BIND-10013", BF_LINK_RESERVED_PORT},
    /* why a service is down: a bind failure of its own protocols, or a dependency */
    {"BF-SERVICE-STOPPED", "BF-DEPENDENCY-STOPPED", BF_LINK_SERVICE_DOWN},
    {"BF-DEPENDENCY-STOPPED", "BF-SERVICE-STOPPED", BF_LINK_DEPENDENCY},
    {"BF-BIND-10049", "BF-SERVICE-STOPPED", BF_LINK_SERVICE_BIND},
    {"BF-BIND-10013", "BF-SERVICE-STOPPED", BF_LINK_SERVICE_BIND},
    {"BF-PORT-IN-USE", "BF-SERVICE-STOPPED", BF_LINK_SERVICE_BIND},
    {"BF-SOCKET-POOLING", "BF-SERVICE-STOPPED", BF_LINK_SERVICE_BIND},
    {"BF-DC-LDAP-PORT", "BF-SERVICE-STOPPED", BF_LINK_SERVICE_BIND},
    {"BF-BIND-10049", "BF-SERVICE-CRASH-LOOP", BF_LINK_SERVICE_BIND},
    {"BF-BIND-10013", "BF-SERVICE-CRASH-LOOP", BF_LINK_SERVICE_BIND},
    {"BF-PORT-IN-USE", "BF-SERVICE-CRASH-LOOP", BF_LINK_SERVICE_BIND},
    {"BF-SOCKET-POOLING", "BF-SERVICE-CRASH-LOOP", BF_LINK_SERVICE_BIND},
    {"BF-DC-LDAP-PORT", "BF-SERVICE-CRASH-LOOP", BF_LINK_SERVICE_BIND},
    /* the event records of a bind failure */
    {"BF-BIND-10049", "BF-EVENTS", BF_LINK_BIND_FAILURE},
    {"BF-BIND-10013", "BF-EVENTS", BF_LINK_BIND_FAILURE},
    {"BF-PORT-IN-USE", "BF-EVENTS", BF_LINK_BIND_FAILURE},
    {"BF-SOCKET-POOLING", "BF-EVENTS", BF_LINK_BIND_FAILURE},
    {"BF-DC-LDAP-PORT", "BF-EVENTS", BF_LINK_BIND_FAILURE},
    /* why the resolver returns IPv6 first although IPv4 is all a listener covers: IPv6 was disabled in
     * the registry, but the addresses are still there until the restart */
    {"BF-IPV6-HALF-DISABLED", "BF-FAMILY-ORDER", BF_LINK_FAMILY_FIRST},
    /* a product's own setting naming an address no up adapter holds (core/pins.h): the service cannot
     * bind there (SQL Server does not start when no enabled entry binds), and logs it */
    {"BF-PIN-DEAD", "BF-SERVICE-STOPPED", BF_LINK_SERVICE_BIND},
    {"BF-PIN-DEAD", "BF-SERVICE-CRASH-LOOP", BF_LINK_SERVICE_BIND},
    {"BF-PIN-DEAD", "BF-EVENTS", BF_LINK_BIND_FAILURE},
};
#define LINK_ROWS (sizeof link_table / sizeof link_table[0])

/* What "cause not found" says was looked for, per cause kind. */
typedef struct cause_label {
    const char *id;
    const char *label;
} cause_label;

static const cause_label cause_labels[] = {
    {"BF-KB-FIX-MISSING", "Windows NT 4.0 SP4 without the fix of KB Q214864"},
    {"BF-ADAPTER-ORDER", "an adapter that is not up ordered first"},
    {"BF-HOSTS-PIN", "a hosts line pinning the host name"},
    {"BF-RESOLVER-UNBOUND", "an address of the host name that no up adapter holds"},
    {"BF-DEPENDENCY-STOPPED", "a stopped service it depends on"},
    {"BF-SERVICE-STOPPED", "the service it depends on stopped"},
    {"BF-BIND-10049", "a bind failure with 10049"},
    {"BF-BIND-10013", "a bind failure with 10013"},
    {"BF-PORT-IN-USE", "its port held by another program"},
    {"BF-SOCKET-POOLING", "IIS socket pooling"},
    {"BF-DC-LDAP-PORT", "Active Directory holding the LDAP port"},
    {"BF-PORT-EXCLUDED", "an excluded or reserved port range holding its port"},
    {"BF-IPV6-HALF-DISABLED", "IPv6 disabled in the registry while adapters still carry IPv6"},
    {"BF-PIN-DEAD", "a product's own listen setting naming an address no up adapter holds"},
};

static const char *label_of(const char *id)
{
    size_t i;
    for (i = 0; i < sizeof cause_labels / sizeof cause_labels[0]; i++)
        if (strcmp(cause_labels[i].id, id) == 0)
            return cause_labels[i].label;
    return id;
}

static bf_key_kind key_kind_of(bf_link_kind k)
{
    switch (k) {
    case BF_LINK_ADDRESS:
    case BF_LINK_HOSTS_ADDRESS:
        return BF_KEY_ADDRESS;
    case BF_LINK_FIRST_ADAPTER:
    case BF_LINK_SERVICE_BIND:
    case BF_LINK_DEPENDENCY:
    case BF_LINK_SERVICE_DOWN:
        return BF_KEY_NOCASE;
    default:
        return BF_KEY_EXACT;
    }
}

static bool row_allows(const char *cause, const char *effect, bf_link_kind via)
{
    size_t i;
    for (i = 0; i < LINK_ROWS; i++)
        if (link_table[i].via == via && strcmp(link_table[i].cause, cause) == 0 &&
            strcmp(link_table[i].effect, effect) == 0)
            return true;
    return false;
}

/* Adds j to the ascending list (indexes arrive ascending per finding, duplicates dropped). */
static bool push_index(bf_arena *a, size_t **items, size_t *count, size_t *cap, size_t j)
{
    size_t *slot;
    if (*count && (*items)[*count - 1] == j)
        return true;
    slot = bf_arena_push(a, (void **)items, count, cap, sizeof **items);
    if (!slot)
        return false;
    *slot = j;
    return true;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static bf_severity tree_severity(bf_diagnosis *d, size_t i, unsigned char *state)
{
    bf_finding *f = &d->findings[i];
    size_t k;
    if (state[i] == 2)
        return f->tree_severity;
    state[i] = 1;   /* on the path: circles were cut, so this is never met again below itself */
    f->tree_severity = f->severity;
    for (k = 0; k < f->explains_count; k++) {
        size_t j = f->explains[k];
        bf_severity s = state[j] == 1 ? d->findings[j].severity : tree_severity(d, j, state);
        if (s > f->tree_severity)
            f->tree_severity = s;
    }
    state[i] = 2;
    return f->tree_severity;
}

static void drop_index(size_t *items, size_t *count, size_t j)
{
    size_t k, w = 0;
    for (k = 0; k < *count; k++)
        if (items[k] != j)
            items[w++] = items[k];
    *count = w;
}

/* Depth first over the explains links (iteratively); a link back to a finding still on the path would
 * close a circle, and is dropped from both ends. Linear in findings and links. */
static bool cut_circles(bf_diagnosis *d)
{
    size_t n = d->finding_count, root, top;
    unsigned char *color = calloc(n ? n : 1, 1);    /* 0 new, 1 on the path, 2 done */
    size_t *node = malloc((n ? n : 1) * sizeof *node), *next = malloc((n ? n : 1) * sizeof *next);
    bool ok = color && node && next;
    for (root = 0; ok && root < n; root++) {
        if (color[root])
            continue;
        top = 0;
        node[top] = root;
        next[top++] = 0;
        color[root] = 1;
        while (top) {
            bf_finding *f = &d->findings[node[top - 1]];
            if (next[top - 1] >= f->explains_count) {
                color[node[--top]] = 2;
                continue;
            }
            size_t j = f->explains[next[top - 1]];
            if (color[j] == 1) {
                drop_index(f->explains, &f->explains_count, j);     /* the same position holds the next one */
                drop_index(d->findings[j].causes, &d->findings[j].cause_count, node[top - 1]);
                continue;
            }
            next[top - 1]++;
            if (color[j] == 0) {
                color[j] = 1;
                node[top] = j;
                next[top++] = 0;
            }
        }
    }
    free(color);
    free(node);
    free(next);
    return ok;
}

bool bf_causes_acyclic(const bf_diagnosis *d)
{
    /* Kahn: repeatedly take a finding none of whose causes is left; a circle leaves some behind */
    size_t n = d->finding_count, i, k, done = 0, top = 0;
    size_t *left = calloc(n ? n : 1, sizeof *left), *ready = malloc((n ? n : 1) * sizeof *ready);
    bool ok = left && ready;
    for (i = 0; ok && i < n; i++)
        if (!(left[i] = d->findings[i].cause_count))
            ready[top++] = i;
    while (ok && top) {
        const bf_finding *f = &d->findings[ready[--top]];
        done++;
        for (k = 0; k < f->explains_count; k++)
            if (--left[f->explains[k]] == 0)
                ready[top++] = f->explains[k];
    }
    free(left);
    free(ready);
    return ok && done == n;
}

bool bf_link_causes(bf_diagnosis *d)
{
    bf_lookup about[BF_LINK__COUNT];
    size_t i, k, h, n;
    bool ok = true;
    unsigned char *state;
    for (k = 0; k < BF_LINK__COUNT; k++)
        bf_lookup_init(&about[k], key_kind_of((bf_link_kind)k));
    for (i = 0; i < d->finding_count; i++)
        for (k = 0; k < d->findings[i].about_count; k++) {
            const bf_link_key *key = &d->findings[i].about[k];
            if (key->kind < BF_LINK__COUNT)
                bf_lookup_add(&about[key->kind], key->value, i);
        }
    for (k = 0; k < BF_LINK__COUNT; k++) {
        bf_lookup_sort(&about[k]);
        ok = ok && !about[k].failed;
    }
    /* effects in order, their causes ascending: every list is built ascending */
    for (i = 0; ok && i < d->finding_count; i++) {
        bf_finding *e = &d->findings[i];
        for (k = 0; ok && k < e->because_count; k++) {
            const bf_link_key *key = &e->because[k];
            const bf_lookup_slot *hits;
            if (key->kind >= BF_LINK__COUNT)
                continue;
            hits = bf_lookup_find(&about[key->kind], key->value, &n);
            for (h = 0; ok && h < n; h++) {
                size_t j = hits[h].row;
                if (j == i || !row_allows(d->findings[j].id, e->id, key->kind))
                    continue;
                ok = push_index(d->arena, &e->causes, &e->cause_count, &e->cause_cap, j);
            }
        }
        if (e->cause_count > 1)
            qsort(e->causes, e->cause_count, sizeof *e->causes, cmp_size);
        /* drop repeats that came through two keys */
        if (e->cause_count > 1) {
            size_t w = 1;
            for (k = 1; k < e->cause_count; k++)
                if (e->causes[k] != e->causes[w - 1])
                    e->causes[w++] = e->causes[k];
            e->cause_count = w;
        }
    }
    for (i = 0; ok && i < d->finding_count; i++)
        for (k = 0; ok && k < d->findings[i].cause_count; k++) {
            bf_finding *c = &d->findings[d->findings[i].causes[k]];
            ok = push_index(d->arena, &c->explains, &c->explains_count, &c->explains_cap, i);
        }
    for (k = 0; k < BF_LINK__COUNT; k++)
        bf_lookup_free(&about[k]);
    if (!ok || !cut_circles(d))
        return false;
    state = calloc(d->finding_count ? d->finding_count : 1, 1);
    if (!state)
        return false;
    for (i = 0; i < d->finding_count; i++)
        tree_severity(d, i, state);
    free(state);
    /* a root that the table says something could explain: say what was looked for */
    for (i = 0; i < d->finding_count; i++) {
        bf_finding *f = &d->findings[i];
        bf_buf b;
        size_t seen = 0;
        if (f->cause_count)
            continue;
        bf_buf_init(&b);
        for (k = 0; k < LINK_ROWS; k++) {
            size_t m;
            bool again = false;
            if (strcmp(link_table[k].effect, f->id) != 0)
                continue;
            for (m = 0; m < k; m++)
                again = again || (strcmp(link_table[m].effect, f->id) == 0 &&
                                  strcmp(link_table[m].cause, link_table[k].cause) == 0);
            if (again)
                continue;
            bf_buf_puts(&b, seen++ ? "; " : "Cause not found. bindfix looked for: ");
            bf_buf_puts(&b, label_of(link_table[k].cause));
        }
        if (seen) {
            bf_buf_putc(&b, '.');
            f->cause_not_found = bf_arena_strdup(d->arena, bf_buf_cstr(&b));
            ok = !b.failed && f->cause_not_found;
        }
        bf_buf_free(&b);
        if (!ok)
            return false;
    }
    return true;
}

typedef struct walk {
    const bf_diagnosis *d;
    bf_tree_row *rows;
    size_t count;
    unsigned char *placed;
    size_t *stack;      /* one stack for every root: each finding is pushed once in all */
    int *depth;
} walk;

/* Depth first, iteratively: a report of thousands of findings must not recurse thousands deep. */
static void place(walk *w, size_t root)
{
    size_t top = 0;
    w->stack[top] = root;
    w->depth[top++] = 0;
    w->placed[root] = 1;
    while (top) {
        size_t i = w->stack[--top], k;
        int dp = w->depth[top];
        const bf_finding *f = &w->d->findings[i];
        w->rows[w->count].finding = i;
        w->rows[w->count++].depth = dp;
        /* children in ascending order: pushed in reverse; a child stands under its first cause only */
        for (k = f->explains_count; k-- > 0;) {
            size_t j = f->explains[k];
            if (w->placed[j] || w->d->findings[j].causes[0] != i)
                continue;
            w->placed[j] = 1;
            w->stack[top] = j;
            w->depth[top++] = dp + 1;
        }
    }
}

bf_tree_row *bf_cause_tree(const bf_diagnosis *d)
{
    size_t n = d->finding_count ? d->finding_count : 1, i;
    walk w = {d, NULL, 0, NULL, NULL, NULL};
    int sev;
    w.rows = bf_arena_alloc_array(d->arena, n, sizeof *w.rows);
    w.placed = calloc(n, 1);
    w.stack = malloc(n * sizeof *w.stack);
    w.depth = malloc(n * sizeof *w.depth);
    if (w.rows && w.placed && w.stack && w.depth) {
        for (sev = BF_SEV__COUNT - 1; sev >= 0; sev--)
            for (i = 0; i < d->finding_count; i++)
                if (!d->findings[i].cause_count && (int)d->findings[i].tree_severity == sev && !w.placed[i])
                    place(&w, i);
        /* anything a broken table left unplaced still shows, at the top level */
        for (i = 0; i < d->finding_count; i++)
            if (!w.placed[i]) {
                w.placed[i] = 1;
                w.rows[w.count].finding = i;
                w.rows[w.count++].depth = 0;
            }
    } else {
        w.rows = NULL;
    }
    free(w.placed);
    free(w.stack);
    free(w.depth);
    return w.rows;
}

char **bf_cause_places(const bf_diagnosis *d, const bf_tree_row *rows)
{
    size_t n = d->finding_count ? d->finding_count : 1, r, roots = 0;
    char **place = bf_arena_alloc_array(d->arena, n, sizeof *place);
    size_t *kids = calloc(n, sizeof *kids);
    if (place && kids && rows)
        for (r = 0; r < d->finding_count; r++) {
            size_t i = rows[r].finding;
            const bf_finding *f = &d->findings[i];
            place[i] = rows[r].depth == 0 || !f->cause_count
                           ? bf_arena_printf(d->arena, "%zu", ++roots)
                           : bf_arena_printf(d->arena, "%s.%zu", place[f->causes[0]], ++kids[f->causes[0]]);
            if (!place[i])
                place = NULL;
            if (!place)
                break;
        }
    free(kids);
    return rows && kids ? place : NULL;
}

size_t bf_cause_effects(const bf_tree_row *rows, size_t n, size_t r)
{
    size_t k = r + 1;
    while (k < n && rows[k].depth > rows[r].depth)
        k++;
    return k - r - 1;
}

size_t bf_cause_first_root(const bf_diagnosis *d)
{
    size_t i, best = SIZE_MAX;
    for (i = 0; i < d->finding_count; i++)
        if (!d->findings[i].cause_count &&
            (best == SIZE_MAX || d->findings[i].tree_severity > d->findings[best].tree_severity))
            best = i;
    return best;
}

size_t bf_cause_all_effects(const bf_diagnosis *d, size_t cause, size_t *out)
{
    size_t n = d->finding_count, top = 0, count = 0, i, j;
    unsigned char *seen;
    size_t *stack;
    if (cause >= n)
        return 0;
    seen = calloc(n, 1);
    stack = malloc(n * sizeof *stack);
    if (!seen || !stack) {
        free(seen);
        free(stack);
        return SIZE_MAX;
    }
    /* each finding is pushed once (seen), so the stack never holds more than n */
    seen[cause] = 1;
    stack[top++] = cause;
    while (top) {
        const bf_finding *f = &d->findings[stack[--top]];
        for (j = 0; j < f->explains_count; j++)
            if (f->explains[j] < n && !seen[f->explains[j]]) {
                seen[f->explains[j]] = 1;
                stack[top++] = f->explains[j];
            }
    }
    for (i = 0; i < n; i++)
        if (seen[i] && i != cause)
            out[count++] = i;
    free(seen);
    free(stack);
    return count;
}

size_t bf_cause_of_action(const bf_diagnosis *d, const bf_action *a)
{
    size_t i, j, first = SIZE_MAX;
    for (i = 0; i < d->finding_count; i++)
        for (j = 0; j < d->findings[i].action_count; j++)
            if (bf_action_same(&d->findings[i].actions[j], a)) {
                if (d->findings[i].cause_count == 0)
                    return i;
                if (first == SIZE_MAX)
                    first = i;
            }
    return first;
}

/* A service action mends nothing by itself: it restarts a service so that a cause's repair takes effect,
 * or starts what a cause stopped. */
static bool service_action(const bf_action *a)
{
    return a->kind == BF_ACTION_RESTART_SERVICES || a->kind == BF_ACTION_START_SERVICE;
}

/* Adds to out (ascending, each once) every root cause above finding f, following causes[] upwards; seen
 * and stack hold d->finding_count entries. */
static void roots_above(const bf_diagnosis *d, size_t f, unsigned char *seen, size_t *stack, unsigned char *root)
{
    size_t top = 0, j, n = d->finding_count;
    if (seen[f])
        return;
    seen[f] = 1;
    stack[top++] = f;
    while (top) {
        const bf_finding *x = &d->findings[stack[--top]];
        if (x->cause_count == 0)
            root[x - d->findings] = 1;
        for (j = 0; j < x->cause_count; j++)
            if (x->causes[j] < n && !seen[x->causes[j]]) {
                seen[x->causes[j]] = 1;
                stack[top++] = x->causes[j];
            }
    }
}

bool bf_action_attribution(const bf_diagnosis *d, const bf_action *a, size_t *causes, size_t *ncauses,
                           size_t *effects, size_t *neffects)
{
    size_t n = d->finding_count, i, j;
    unsigned char *seen, *root;
    size_t *stack;
    *ncauses = *neffects = 0;
    if (!service_action(a)) {
        size_t c = bf_cause_of_action(d, a);
        if (c < n)
            causes[(*ncauses)++] = c;
        return true;
    }
    seen = calloc(n ? n : 1, 1);
    root = calloc(n ? n : 1, 1);
    stack = malloc((n ? n : 1) * sizeof *stack);
    if (!seen || !root || !stack) {
        free(seen);
        free(root);
        free(stack);
        return false;
    }
    for (i = 0; i < n; i++) {
        bool offers = false;
        for (j = 0; j < d->findings[i].action_count && !offers; j++)
            offers = bf_action_same(&d->findings[i].actions[j], a);
        if (!offers)
            continue;
        if (d->findings[i].cause_count)     /* an effect: the restart is for it, and mends its roots */
            effects[(*neffects)++] = i;
        roots_above(d, i, seen, stack, root);
    }
    for (i = 0; i < n; i++)
        if (root[i])
            causes[(*ncauses)++] = i;
    free(seen);
    free(root);
    free(stack);
    return true;
}

bool bf_finding_still_found(const bf_finding *f, const bf_diagnosis *now)
{
    size_t i;
    for (i = 0; now && i < now->finding_count; i++)
        if (strcmp(now->findings[i].id, f->id) == 0 && strcmp(now->findings[i].title, f->title) == 0)
            return true;
    return false;
}
