/*
 * causes.h - the diagnosis as causes and their effects (issue: "Diagnosis as causes and their effects").
 *
 * Each rule says, for the finding it makes, which facts the finding states (bf_link_about) and which facts
 * would explain it (bf_link_because), as keys: an address, an adapter ordered first, a hosts line's
 * address, the NT 4.0 SP4 order rule, a protocol's bind failure, a service. After the findings are sorted,
 * bf_link_causes joins them: finding A explains finding B when the table of cause links (causes.c) allows
 * A's kind to explain B's kind and A states a fact that B's explanation names (the missing fix and the
 * adapter order explain the resolver's answer, which explains the bind failures, which explain the
 * services' failures and the event records). A circle of links, which only services that depend on each
 * other could make, is cut where it closes.
 *
 * Root causes are the findings nothing explains. A root's tree severity is the highest severity of
 * everything under it. A root of a kind that something could explain (a bind failure with no resolver
 * finding, say) says "cause not found" and what was looked for (bf_finding.cause_not_found).
 * Linking is linear: one hashed index per key kind (lookup.c).
 */
#ifndef BF_CAUSES_H
#define BF_CAUSES_H

#include "diagnose.h"

/* Where a finding sits in the cause tree's reading order (bf_cause_tree). */
typedef struct bf_tree_row {
    size_t finding;     /* index into the diagnosis's findings */
    int depth;          /* 0: a root cause; 1: what it explains; ... */
} bf_tree_row;

/* The reading order of the tree: each root (highest tree severity first, then in the findings' order),
 * then what it explains, depth first. A finding with two causes stands under the first of them only (its
 * causes[] names both). rows: d->finding_count entries, allocated in d's arena; NULL on out of memory. */
bf_tree_row *bf_cause_tree(const bf_diagnosis *d);

/* Each finding's place in the tree as an outline number ("1" the first root cause, "1.2" the second
 * finding it explains, ...), for rows from bf_cause_tree; in d's arena, NULL on out of memory. */
char **bf_cause_places(const bf_diagnosis *d, const bf_tree_row *rows);

/* How many findings stand under rows[r] in the tree (rows from bf_cause_tree, n of them). */
size_t bf_cause_effects(const bf_tree_row *rows, size_t n, size_t r);

/* Index of the finding the cause-tree order puts first (the first root), or SIZE_MAX when none. */
size_t bf_cause_first_root(const bf_diagnosis *d);

/* Everything cause explains, directly or through other findings, each once, ascending (the findings'
 * order); out holds d->finding_count entries. Returns how many; SIZE_MAX when memory runs out. A finding
 * with two causes is an effect of both: mending one cause alone may leave it. */
size_t bf_cause_all_effects(const bf_diagnosis *d, size_t cause, size_t *out);

/* The finding that an action mends: of the findings offering an action that does what a does, the first
 * root cause, else the first that offers it; SIZE_MAX when none offers it (the administrator's own
 * restart request). */
size_t bf_cause_of_action(const bf_diagnosis *d, const bf_action *a);

/* What action a is done for. An action that changes something mends the finding bf_cause_of_action
 * names (*causes, one). An action that restarts or starts services mends nothing by itself: it makes a
 * cause's repair take effect, or starts what a cause stopped. It is for the findings that offer it which
 * something explains (*effects), and it belongs to the root causes above them and to any root that
 * offers it itself (*causes): "Restart POP3Svc" is for BF-RESOLVER-UNBOUND and belongs to BF-HOSTS-PIN,
 * not to the finding that happened to offer it first. Both arrays hold d->finding_count entries and come
 * out ascending. false: out of memory. */
bool bf_action_attribution(const bf_diagnosis *d, const bf_action *a, size_t *causes, size_t *ncauses,
                           size_t *effects, size_t *neffects);

/* Whether finding f (of diagnosis d) is still found in diagnosis now: a finding of the same ID and title
 * (the title names what it is about: the protocol, address, line or service). */
bool bf_finding_still_found(const bf_finding *f, const bf_diagnosis *now);

/* Whether the links hold no circle (they must not: bf_link_causes cuts any); for tests. */
bool bf_causes_acyclic(const bf_diagnosis *d);

#endif
