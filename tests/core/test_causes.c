/* test_causes.c - the diagnosis as causes and effects (core/causes.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "demo.h"
#include "diagnose.h"
#include "testlib.h"

static size_t index_of(const bf_diagnosis *d, const char *id, size_t from)
{
    size_t i;
    for (i = from; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            return i;
    return SIZE_MAX;
}

/* The KB's chain: the missing fix and the adapter order, then the resolver's answer, then the three bind
 * failures, then their event records: one group of seven under two roots. */
BF_TEST(causes_the_kb_demo_is_one_chain_under_the_fix_and_the_order)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    bf_diagnosis *d;
    size_t fix, order, unbound, events, i, roots = 0, reached = 0;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK_INT(d->finding_count, 7);
    fix = index_of(d, "BF-KB-FIX-MISSING", 0);
    order = index_of(d, "BF-ADAPTER-ORDER", 0);
    unbound = index_of(d, "BF-RESOLVER-UNBOUND", 0);
    events = index_of(d, "BF-EVENTS", 0);
    REQUIRE(fix != SIZE_MAX && order != SIZE_MAX && unbound != SIZE_MAX && events != SIZE_MAX);
    for (i = 0; i < d->finding_count; i++)
        roots += d->findings[i].cause_count == 0;
    CHECK_INT(roots, 2);
    CHECK_INT(d->findings[fix].cause_count, 0);
    CHECK_INT(d->findings[order].cause_count, 0);
    /* a finding may have two causes */
    CHECK_INT(d->findings[unbound].cause_count, 2);
    CHECK_INT(d->findings[unbound].explains_count, 3);
    for (i = 0; i < d->findings[unbound].explains_count; i++)
        CHECK_STR(d->findings[d->findings[unbound].explains[i]].id, "BF-BIND-10049");
    CHECK_INT(d->findings[events].cause_count, 3);
    /* a root's severity is the highest under it */
    CHECK_INT(d->findings[fix].severity, BF_SEV_ERROR);
    CHECK_INT(d->findings[fix].tree_severity, BF_SEV_CRITICAL);
    CHECK_INT(d->findings[order].tree_severity, BF_SEV_CRITICAL);
    CHECK(d->findings[fix].cause_not_found == NULL);
    CHECK(bf_causes_acyclic(d));
    /* the tree's reading order: every finding once, a root first, each under its first cause */
    {
        const bf_tree_row *rows = bf_cause_tree(d);
        unsigned char seen[7] = {0};
        REQUIRE(rows);
        CHECK_INT(rows[0].depth, 0);
        CHECK(rows[0].finding == fix || rows[0].finding == order);
        for (i = 0; i < d->finding_count; i++) {
            REQUIRE(rows[i].finding < 7);
            seen[rows[i].finding]++;
            if (rows[i].depth > 0)
                reached++;
        }
        for (i = 0; i < 7; i++)
            CHECK_INT(seen[i], 1);
        CHECK_INT(reached, 5);
        CHECK(bf_cause_first_root(d) == rows[0].finding);
    }
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

/* A symptom with no known cause stays a root and says what was looked for. */
BF_TEST(causes_a_symptom_without_its_cause_says_cause_not_found)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    bf_diagnosis *d;
    size_t i, bind;
    REQUIRE(s);
    /* the dial-up adapter and the hotfix-less SP4 stay; the resolver no longer returns its address, so
     * the binds there fail with nothing in the snapshot to explain them */
    for (i = 0; i < s->resolver_count; i++)
        s->resolver[i].address_count = 0;
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    bind = index_of(d, "BF-BIND-10049", 0);
    REQUIRE(bind != SIZE_MAX);
    CHECK_INT(d->findings[bind].cause_count, 0);
    REQUIRE(d->findings[bind].cause_not_found != NULL);
    CHECK(strstr(d->findings[bind].cause_not_found, "Cause not found") != NULL);
    CHECK(strstr(d->findings[bind].cause_not_found, "no up adapter holds") != NULL);
    CHECK(bf_causes_acyclic(d));
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

/* Services that depend on each other, both stopped: the links could go round; they must not. */
BF_TEST(causes_services_depending_on_each_other_give_no_circle)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    bf_diagnosis *d;
    size_t i, dep_stopped = 0;
    REQUIRE(s);
    for (i = 0; i < s->service_count; i++) {
        bf_service *v = &s->services[i];
        if (strcmp(v->name, "MSExchangeDS") == 0 || strcmp(v->name, "MSExchangeIS") == 0) {
            v->state = BF_SVC_STOPPED;
            v->start_type = BF_START_AUTO;
            REQUIRE(v->dependency_count > 0 || strcmp(v->name, "MSExchangeDS") == 0);
            if (v->dependency_count == 0)
                continue;
        }
    }
    /* MSExchangeDS depends on MSExchangeIS too: a circle IS -> DS -> IS */
    for (i = 0; i < s->service_count; i++) {
        bf_service *v = &s->services[i];
        if (strcmp(v->name, "MSExchangeDS") == 0) {
            REQUIRE(v->dependency_count > 0);
            v->dependencies[0] = "MSExchangeIS";
        }
    }
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    for (i = 0; i < d->finding_count; i++)
        dep_stopped += strcmp(d->findings[i].id, "BF-DEPENDENCY-STOPPED") == 0;
    CHECK(dep_stopped >= 2);
    CHECK(bf_causes_acyclic(d));
    REQUIRE(bf_cause_tree(d) != NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}
