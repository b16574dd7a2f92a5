/* order.c - see order.h. */
#include "order.h"

#include <stdlib.h>
#include <string.h>

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

typedef struct guid_slot {
    const char *guid;
    size_t index;
} guid_slot;

static int cmp_guid_key(const void *key, const void *slot)
{
    return guid_cmp(((const guid_slot *)key)->guid, ((const guid_slot *)slot)->guid);
}

static int cmp_guid_slot(const void *a, const void *b)
{
    int r = guid_cmp(((const guid_slot *)a)->guid, ((const guid_slot *)b)->guid);
    if (r)
        return r;
    /* equal GUIDs keep system order, so the first adapter wins */
    return ((const guid_slot *)a)->index < ((const guid_slot *)b)->index ? -1 : 1;
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
        guid_slot *byguid = malloc((n ? n : 1) * sizeof *byguid);
        size_t entries = c && c->binding_guids ? c->binding_count : s->binding.entry_count;
        if (!byguid) {
            free(used);
            return false;
        }
        for (i = 0; i < n; i++) {
            byguid[i].guid = s->adapters[i].guid;
            byguid[i].index = i;
        }
        qsort(byguid, n, sizeof *byguid, cmp_guid_slot);
        for (j = 0; j < entries; j++) {
            const char *g = c && c->binding_guids ? c->binding_guids[j] : bf_binding_device_name(s->binding.entries[j]);
            guid_slot key, *hit;
            if (!g)
                continue;
            key.guid = g;
            key.index = 0;
            hit = bsearch(&key, byguid, n, sizeof *byguid, cmp_guid_key);
            /* equal GUIDs (a damaged snapshot): take each adapter once, first unused first */
            while (hit && hit > byguid && guid_cmp(hit[-1].guid, g) == 0)
                hit--;
            for (; hit && hit < byguid + n && guid_cmp(hit->guid, g) == 0; hit++)
                if (!used[hit->index]) {
                    used[hit->index] = true;
                    idx[k++] = hit->index;
                    break;
                }
        }
        free(byguid);
    }
    for (i = 0; i < n; i++)
        if (!used[i])
            idx[k++] = i;
    free(used);
    if (rule == BF_ORDER_METRIC || rule == BF_ORDER_METRIC10) {
        /* stable insertion sort by metric (and, for the Vista rule, APIPA first on equal metrics) */
        for (i = 1; i < k; i++) {
            size_t v = idx[i];
            int mv = metric_of(&s->adapters[v], c);
            bool av = rule == BF_ORDER_METRIC && has_apipa(&s->adapters[v]);
            j = i;
            while (j > 0) {
                const bf_adapter *p = &s->adapters[idx[j - 1]];
                int mp = metric_of(p, c);
                bool ap = rule == BF_ORDER_METRIC && has_apipa(p);
                if (mp < mv || (mp == mv && (ap || !av)))
                    break;
                idx[j] = idx[j - 1];
                j--;
            }
            idx[j] = v;
        }
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
        bool *taken = calloc(total ? total : 1, sizeof *taken);
        size_t base;
        int pass;
        if (!taken)
            return false;
        for (pass = 0; pass < 2; pass++)
            for (i = 0; i < n; i++) {
                const bf_adapter *a = &s->adapters[adapters[i]];
                bool first_done = false;
                base = 0;
                for (j = 0; j < adapters[i]; j++)
                    base += s->adapters[j].address_count;
                for (j = 0; j < a->address_count; j++) {
                    if (!address_usable(&a->addresses[j], rule, c, ipv4_only) || taken[base + j])
                        continue;
                    if (pass == 0 && first_done)
                        break;
                    taken[base + j] = true;
                    list[k++] = a->addresses[j].address;
                    first_done = true;
                }
            }
        free(taken);
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
    *out = list;
    *count = k;
    return true;
}
