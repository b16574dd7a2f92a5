/*
 * order.h - the resolver-order model: in which order Windows returns the host's own addresses, per OS
 * family, from the adapters, the TCP/IP binding order and the interface metrics of a snapshot.
 *
 * Rules (sources in help/findings.md and ../shared/reference/facts.md):
 *   nt4        NT4 before SP4: the binding order has no effect (Q171320): adapters in the order the
 *              system lists them, bound (up) adapters only.
 *   nt4sp4     NT4 SP4 (the KB's bug): first address of each adapter in binding order, then the remaining
 *              addresses of each adapter in binding order; NDISWAN/RAS adapters included even when not
 *              bound - disconnected, disabled (Q216091) or down (Q164023, Q214864).
 *   binding    NT4 SP5+, 2000, XP, 2003: all addresses of each up adapter, adapters in binding order
 *              (KB 894564). Adapters missing from the binding list follow in system order.
 *   metric     Vista/2008 to 2012 R2: lowest interface metric first, then by scope; on equal metrics an
 *              APIPA adapter comes first (KB 2621067). SkipAsSource addresses are left out.
 *   metric10   Windows 10 / Server 2016 and later: interface metric only; SkipAsSource addresses left out.
 * Loopback and IPv6 link-local addresses never appear in the answer. gethostbyname returns IPv4 only.
 * With both families (getaddrinfo AF_UNSPEC) and a snapshot that holds the machine's prefix policy table
 * or its DisabledComponents value, the order is then sorted stably by the table's precedence (RFC 6724
 * rule 6, core/policy.h); without them the metric rules keep each adapter's IPv6 addresses first, as the
 * default table does within an adapter.
 */
#ifndef BF_ORDER_H
#define BF_ORDER_H

#include "model.h"

typedef enum bf_order_rule {
    BF_ORDER_NT4 = 0, BF_ORDER_NT4SP4, BF_ORDER_BINDING, BF_ORDER_METRIC, BF_ORDER_METRIC10, BF_ORDER__COUNT
} bf_order_rule;

const char *bf_order_rule_token(bf_order_rule r);    /* "nt4" "nt4sp4" "binding" "metric" "metric10" */
const char *bf_order_rule_label(bf_order_rule r);    /* "NT4 SP4: first address of each adapter ..." */

/* The rule for an OS; `fixed` says the KB's fix is present (NT4 SP5+, or SP4 with the hotfix). */
bf_order_rule bf_order_rule_for(const bf_os *os, bool fixed);

/* A proposed change to predict. All members optional (NULL / -1 / 0 = no change). */
typedef struct bf_order_change {
    const char *const *binding_guids;   /* new binding order as adapter GUIDs ("{...}") */
    size_t binding_count;
    const char *metric_guid;            /* this adapter gets metric `metric` */
    int metric;
    const char *skip_address;           /* this address gets SkipAsSource */
    bf_tristate fixed_override;         /* BF_TRI_YES: predict with the KB's fix installed */
    bool dc_set;                        /* predict with Tcpip6 DisabledComponents = dc (core/policy.h) */
    long long dc;
} bf_order_change;

/* The addresses in the order the model predicts for `rule`, IPv4 only when ipv4_only. The strings point
 * into the snapshot; the array is allocated in `arena`. False only on out-of-memory. */
bool bf_order_predict(const bf_snapshot *s, bf_order_rule rule, const bf_order_change *change, bool ipv4_only,
                      bf_arena *arena, const char ***out, size_t *count);

/* The adapters in the order the rule walks them (binding order for the binding rules, metric order for
 * the metric rules), as indexes into s->adapters. */
bool bf_order_adapters(const bf_snapshot *s, bf_order_rule rule, const bf_order_change *change, bf_arena *arena,
                       size_t **out, size_t *count);

#endif
