/* order.c - see order.h. */
#include "order.h"

#include <stdlib.h>
#include <string.h>

#include "lookup.h"
#include "policy.h"

static const char *const rule_tokens[BF_ORDER__COUNT] = {"nt4", "nt4sp4", "binding", "metric", "metric10"};
static const char *const rule_labels[BF_ORDER__COUNT] = {
    "NT4 before SP4: adapters in system order, bound adapters only (Q171320)",
    "NT4 SP4: first address of each adapter in binding order, then the remaining addresses, unbound "
    "NDISWAN/RAS adapters included (Q164023, Q214864)",
    "binding order: all addresses of each up adapter, adapters in Tcpip\\Linkage\\Bind order (KB 894564)",
    "interface metric, then scope; APIPA first on equal metrics (KB 2621067)",
    "interface metric only; SkipAsSource addresses left out (Windows 10 / Server 2016 and later)",
};

const char *bf_order_rule_token(bf_order_rule r)
{
    return (unsigned)r < BF_ORDER__COUNT ? rule_tokens[r] : "binding";
}

const char *bf_order_rule_label(bf_order_rule r)
{
    return (unsigned)r < BF_ORDER__COUNT ? rule_labels[r] : rule_labels[BF_ORDER_BINDING];
}

bf_order_rule bf_order_rule_for(const bf_os *os, bool fixed)
{
    if (os->major == 4)
        return os->sp_major < 4 ? BF_ORDER_NT4 : fixed ? BF_ORDER_BINDING : BF_ORDER_NT4SP4;
    if (os->major == 5)
        return BF_ORDER_BINDING;
    if (os->major == 6)
        return BF_ORDER_METRIC;
    if (os->major >= 10)
        return BF_ORDER_METRIC10;
    return BF_ORDER_BINDING;  /* unknown version: the most common rule of the servers this tool is for */
}

static bool is_up(const bf_adapter *a)
{
    return a->status == BF_OPER_UP || a->status == BF_OPER_UNKNOWN;
}

/* GUIDs compare case-insensitively ("{4d36e972-...}" in one place, upper case in another). */
static int guid_cmp(const char *a, const char *b)
{
    for (;; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 'a' + 'A');
        if (x != y || !x)
            return (unsigned char)x - (unsigned char)y;
    }
}

static bool guid_eq(const char *a, const char *b)
{
    return guid_cmp(a, b) == 0;
}

static int metric_of(const bf_adapter *a, const bf_order_change *c)
{
    if (c && c->metric_guid && guid_eq(c->metric_guid, a->guid))
        return c->metric;
    if (a->metric4 >= 0)
        return a->metric4;
    if (a->metric6 >= 0)
        return a->metric6;
    return 1 << 20;  /* unknown metric: after every known one, in system order */
}

static bool has_apipa(const bf_adapter *a)
{
    size_t i;
    for (i = 0; i < a->address_count; i++)
        if (bf_addr_is_apipa(a->addresses[i].address))
            return true;
    return false;
}

typedef struct metric_key {
    int metric;
    bool apipa;
    size_t pos, adapter;
} metric_key;

static int cmp_metric_key(const void *a, const void *b)
{
    const metric_key *x = a, *y = b;
    if (x->metric != y->metric)
        return x->metric < y->metric ? -1 : 1;
    if (x->apipa != y->apipa)
        return x->apipa ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

bool bf_order_adapters(const bf_snapshot *s, bf_order_rule rule, const bf_order_change *c, bf_arena *arena,
                       size_t **out, size_t *count)
{
    size_t n = s->adapter_count, i, j, k = 0;
    size_t *idx = bf_arena_alloc_array(arena, n ? n : 1, sizeof *idx);
    bool *used = calloc(n ? n : 1, sizeof *used);
    if (!idx || !used) {
        free(used);
        return false;
    }
    if (rule == BF_ORDER_NT4SP4 || rule == BF_ORDER_BINDING) {
        /* the binding list (or the proposed one) first, then adapters it does not name; adapters are
         * found by GUID through a sorted index (a server can have hundreds of adapters) */
        bf_lookup byguid;
        size_t entries = c && c->binding_guids ? c->binding_count : s->binding.entry_count;
        bf_lookup_init(&byguid, BF_KEY_NOCASE);
        for (i = 0; i < n; i++)
            bf_lookup_add(&byguid, s->adapters[i].guid, i);
        bf_lookup_sort(&byguid);
        if (byguid.failed) {
            bf_lookup_free(&byguid);
            free(used);
            return false;
        }
        for (j = 0; j < entries; j++) {
            const char *g = c && c->binding_guids ? c->binding_guids[j] : bf_binding_device_name(s->binding.entries[j]);
            const bf_lookup_slot *hit;
            size_t hits, h;
            if (!g)
                continue;
            /* equal GUIDs (a damaged snapshot): take each adapter once, first unused first */
            hit = bf_lookup_find(&byguid, g, &hits);
            for (h = 0; h < hits; h++)
                if (!used[hit[h].row]) {
                    used[hit[h].row] = true;
                    idx[k++] = hit[h].row;
                    break;
                }
        }
        bf_lookup_free(&byguid);
    }
    for (i = 0; i < n; i++)
        if (!used[i])
            idx[k++] = i;
    free(used);
    if ((rule == BF_ORDER_METRIC || rule == BF_ORDER_METRIC10) && k > 1) {
        /* stable sort by metric (and, for the Vista rule, APIPA first on equal metrics): the keys are
         * computed once per adapter and the position breaks ties, so n log n, not an insertion sort */
        metric_key *keys = malloc(k * sizeof *keys);
        if (!keys)
            return false;
        for (i = 0; i < k; i++) {
            keys[i].metric = metric_of(&s->adapters[idx[i]], c);
            keys[i].apipa = rule == BF_ORDER_METRIC && has_apipa(&s->adapters[idx[i]]);
            keys[i].pos = i;
            keys[i].adapter = idx[i];
        }
        qsort(keys, k, sizeof *keys, cmp_metric_key);
        for (i = 0; i < k; i++)
            idx[i] = keys[i].adapter;
        free(keys);
    }
    *out = idx;
    *count = k;
    return true;
}

static bool address_usable(const bf_address *ad, bf_order_rule rule, const bf_order_change *c, bool ipv4_only)
{
    if (ipv4_only && ad->family != 4 && bf_addr_is_ipv6(ad->address))
        return false;
    if (bf_addr_is_loopback(ad->address) || bf_addr_is_wildcard(ad->address))
        return false;
    if (bf_addr_is_ipv6(ad->address) && (strncmp(ad->address, "fe8", 3) == 0 || strncmp(ad->address, "fe9", 3) == 0 ||
                                         strncmp(ad->address, "fea", 3) == 0 || strncmp(ad->address, "feb", 3) == 0))
        return false;  /* link-local */
    if (rule == BF_ORDER_METRIC || rule == BF_ORDER_METRIC10) {
        if (ad->skip_as_source == BF_TRI_YES)
            return false;
        if (c && c->skip_address && bf_addr_equal(c->skip_address, ad->address))
            return false;
    }
    return true;
}

bool bf_order_predict(const bf_snapshot *s, bf_order_rule rule, const bf_order_change *c, bool ipv4_only,
                      bf_arena *arena, const char ***out, size_t *count)
{
    size_t *adapters, n, i, j, total = 0, k = 0;
    const char **list;
    if (c && c->fixed_override == BF_TRI_YES && rule == BF_ORDER_NT4SP4)
        rule = BF_ORDER_BINDING;
    if (!bf_order_adapters(s, rule, c, arena, &adapters, &n))
        return false;
    for (i = 0; i < s->adapter_count; i++)
        total += s->adapters[i].address_count;
    list = bf_arena_alloc_array(arena, total ? total : 1, sizeof *list);
    if (!list)
        return false;
    if (rule == BF_ORDER_NT4SP4) {
        /* pass 1: the first usable address of every adapter; pass 2: the rest, adapter by adapter */
        /* taken[] is flat over all addresses; base[a] is where adapter a's addresses start in it */
        bool *taken = calloc(total ? total : 1, sizeof *taken);
        size_t *base = malloc((s->adapter_count ? s->adapter_count : 1) * sizeof *base);
        int pass;
        if (!taken || !base) {
            free(taken);
            free(base);
            return false;
        }
        for (i = 0, j = 0; i < s->adapter_count; i++) {
            base[i] = j;
            j += s->adapters[i].address_count;
        }
        for (pass = 0; pass < 2; pass++)
            for (i = 0; i < n; i++) {
                const bf_adapter *a = &s->adapters[adapters[i]];
                bool first_done = false;
                for (j = 0; j < a->address_count; j++) {
                    if (!address_usable(&a->addresses[j], rule, c, ipv4_only) || taken[base[adapters[i]] + j])
                        continue;
                    if (pass == 0 && first_done)
                        break;
                    taken[base[adapters[i]] + j] = true;
                    list[k++] = a->addresses[j].address;
                    first_done = true;
                }
            }
        free(taken);
        free(base);
    } else {
        bool metric = rule == BF_ORDER_METRIC || rule == BF_ORDER_METRIC10;
        for (i = 0; i < n; i++) {
            const bf_adapter *a = &s->adapters[adapters[i]];
            int pass;
            if (!is_up(a))
                continue;  /* only NT4 SP4 returned addresses of adapters that are not bound */
            /* getaddrinfo's default policy table (RFC 6724) ranks global IPv6 above IPv4: within one
             * adapter the metric rules list IPv6 first; the older rules keep the adapter's own order */
            for (pass = metric ? 0 : 1; pass < 2; pass++)
                for (j = 0; j < a->address_count; j++) {
                    bool v6 = bf_addr_is_ipv6(a->addresses[j].address);
                    if (metric && (pass == 0) != v6)
                        continue;
                    if (address_usable(&a->addresses[j], rule, c, ipv4_only))
                        list[k++] = a->addresses[j].address;
                }
        }
    }
    /* the family order: the machine's own policy table (or the change's DisabledComponents) decides
     * which family comes first; stable, so the rule's order stays within one precedence */
    if (!ipv4_only && (bf_policy_known(s) || (c && c->dc_set)) &&
        !bf_policy_sort(s, c && c->dc_set ? c->dc : -2, list, k))
        return false;
    *out = list;
    *count = k;
    return true;
}
