/* test_scenarios.c - the scenario library (tests/scenarios/, written by make-scenarios.py): every
 * whole-machine snapshot is read by the strict reader, diagnosed, and its finding IDs must be exactly the
 * expected set, with the expected evidence text under the expected finding. Healthy machines expect none. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "diagnose.h"
#include "json.h"
#include "snapshot_json.h"
#include "testlib.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = 0;
        *len = (size_t)n;
    }
    return buf;
}

static bool finding_has_text(const bf_finding *f, const char *text)
{
    size_t i;
    if (strstr(f->title, text) || strstr(f->cause, text))
        return true;
    for (i = 0; i < f->evidence_count; i++)
        if (strstr(f->evidence[i].text, text) || strstr(f->evidence[i].ref, text))
            return true;
    for (i = 0; i < f->reference_count; i++)
        if (strstr(f->references[i], text))
            return true;
    return false;
}

/* Whether the sorted list of strings (a JSON array) holds text. */
static bool json_list_has(const bf_json *list, const char *text)
{
    size_t i;
    for (i = 0; list && i < list->count; i++)
        if (strcmp(list->items[i]->string, text) == 0)
            return true;
    return false;
}

/* The cause tree, exactly: the IDs of the root causes, and the links as "CAUSE > EFFECT" between IDs;
 * no circle; a root's tree severity the highest under it. */
static int check_tree(const char *name, const bf_diagnosis *d, const bf_json *roots, const bf_json *links)
{
    int failures = 0;
    size_t i, k;
    char text[160];
    if (!roots || !links) {
        printf("  %s: the expectation has no \"roots\" or \"links\"\n", name);
        return 1;
    }
    if (!bf_causes_acyclic(d)) {
        printf("  %s: the cause links hold a circle\n", name);
        failures++;
    }
    for (i = 0; i < d->finding_count; i++) {
        const bf_finding *f = &d->findings[i];
        if (!f->cause_count && !json_list_has(roots, f->id)) {
            printf("  %s: %s is a root cause, not expected as one\n", name, f->id);
            failures++;
        }
        for (k = 0; k < f->explains_count; k++) {
            const bf_finding *e = &d->findings[f->explains[k]];
            snprintf(text, sizeof text, "%s > %s", f->id, e->id);
            if (!json_list_has(links, text)) {
                printf("  %s: unexpected link %s\n", name, text);
                failures++;
            }
            if (e->tree_severity > f->tree_severity) {
                printf("  %s: %s's tree severity is below that of %s under it\n", name, f->id, e->id);
                failures++;
            }
        }
    }
    for (i = 0; i < roots->count; i++) {
        bool found = false;
        for (k = 0; k < d->finding_count; k++)
            found = found || (!d->findings[k].cause_count && strcmp(d->findings[k].id, roots->items[i]->string) == 0);
        if (!found) {
            printf("  %s: expected root cause %s is not one\n", name, roots->items[i]->string);
            failures++;
        }
    }
    for (i = 0; i < links->count; i++) {
        bool found = false;
        for (k = 0; k < d->finding_count && !found; k++) {
            size_t m;
            for (m = 0; m < d->findings[k].explains_count && !found; m++) {
                snprintf(text, sizeof text, "%s > %s", d->findings[k].id, d->findings[d->findings[k].explains[m]].id);
                found = strcmp(text, links->items[i]->string) == 0;
            }
        }
        if (!found) {
            printf("  %s: expected link %s is missing\n", name, links->items[i]->string);
            failures++;
        }
    }
    return failures;
}

/* "actions": {ID: ["kind services=...: title", ...]}: the actions of every finding with the ID, in the
 * diagnosis's order, exactly (kind, the services parameter, the title); absent: not checked. */
static int check_actions(const char *name, const bf_diagnosis *d, const bf_json *want)
{
    size_t i, j, k, n;
    int failures = 0;
    char line[1024];
    for (i = 0; want && i < want->count; i++) {
        const char *id = want->keys[i];
        const bf_json *list = want->items[i];
        n = 0;
        for (j = 0; j < d->finding_count; j++) {
            if (strcmp(d->findings[j].id, id) != 0)
                continue;
            for (k = 0; k < d->findings[j].action_count; k++, n++) {
                const bf_action *a = &d->findings[j].actions[k];
                snprintf(line, sizeof line, "%s services=%s: %s", bf_action_kind_token(a->kind),
                         a->params.services ? a->params.services : "", a->title);
                if (n >= list->count || strcmp(list->items[n]->string, line) != 0) {
                    printf("  %s: %s action %zu is \"%s\", expected \"%s\"\n", name, id, n + 1, line,
                           n < list->count ? list->items[n]->string : "(none)");
                    failures++;
                }
            }
        }
        if (n != list->count) {
            printf("  %s: %s has %zu actions, expected %zu\n", name, id, n, list->count);
            failures++;
        }
    }
    return failures;
}

static int run_scenario(const char *dir, const char *name)
{
    char path[512];
    char *text, *expect_text;
    size_t len, elen, i, j;
    bf_err err;
    bf_snapshot *s;
    bf_diagnosis *d;
    bf_arena *a;
    bf_json *expect;
    const bf_json *ids, *ev;
    int failures = 0;

    snprintf(path, sizeof path, "%s/scenarios/%s.json", dir, name);
    text = slurp(path, &len);
    if (!text) {
        printf("  %s: cannot read %s\n", name, path);
        return 1;
    }
    s = bf_snapshot_read_json(text, len, path, &err);
    free(text);
    if (!s) {
        printf("  %s: %s:%d:%d: %s\n", name, err.where, err.line, err.col, err.msg);
        return 1;
    }
    snprintf(path, sizeof path, "%s/scenarios/%s.expect.json", dir, name);
    expect_text = slurp(path, &elen);
    a = bf_arena_create();
    expect = expect_text && a ? bf_json_parse(a, expect_text, elen, path, &err) : NULL;
    d = bf_diagnose(s, NULL, &err);
    if (!expect || !d) {
        printf("  %s: cannot read %s or diagnose\n", name, path);
        failures++;
        goto out;
    }
    ids = bf_json_get(expect, "ids");
    ev = bf_json_get(expect, "evidence");
    /* exactly the expected set of IDs */
    for (i = 0; ids && i < ids->count; i++) {
        bool found = false;
        for (j = 0; j < d->finding_count; j++)
            found = found || strcmp(d->findings[j].id, ids->items[i]->string) == 0;
        if (!found) {
            printf("  %s: expected finding %s is missing\n", name, ids->items[i]->string);
            failures++;
        }
    }
    for (j = 0; j < d->finding_count; j++) {
        bool expected = false;
        for (i = 0; ids && i < ids->count; i++)
            expected = expected || strcmp(d->findings[j].id, ids->items[i]->string) == 0;
        if (!expected) {
            printf("  %s: unexpected finding %s: %s\n", name, d->findings[j].id, d->findings[j].title);
            failures++;
        }
        /* no finding without evidence */
        if (d->findings[j].evidence_count == 0) {
            printf("  %s: finding %s has no evidence\n", name, d->findings[j].id);
            failures++;
        }
    }
    for (i = 0; ev && i < ev->count; i++) {
        const char *id = ev->items[i]->items[0]->string, *want = ev->items[i]->items[1]->string;
        bool found = false;
        for (j = 0; j < d->finding_count; j++)
            if (strcmp(d->findings[j].id, id) == 0 && finding_has_text(&d->findings[j], want))
                found = true;
        if (!found) {
            printf("  %s: no %s finding mentions \"%s\"\n", name, id, want);
            failures++;
        }
    }
    failures += check_tree(name, d, bf_json_get(expect, "roots"), bf_json_get(expect, "links"));
    failures += check_actions(name, d, bf_json_get(expect, "actions"));
out:
    bf_diagnosis_destroy(d);
    bf_arena_destroy(a);
    free(expect_text);
    bf_snapshot_destroy(s);
    return failures;
}

BF_TEST(scenario_library_gives_the_expected_findings)
{
    char path[512], *index, *line, *save;
    size_t len;
    int scenarios = 0;
    snprintf(path, sizeof path, "%s/scenarios/index.txt", bf_test_data_dir);
    index = slurp(path, &len);
    REQUIRE(index);
    for (line = strtok_r(index, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        int f = run_scenario(bf_test_data_dir, line);
        scenarios++;
        CHECK_INT(f, 0);
    }
    CHECK(scenarios >= 20);
    free(index);
}

BF_TEST(diagnosis_of_the_kb_demo)
{
    bf_err err;
    bf_snapshot *s = NULL;
    bf_diagnosis *d;
    size_t i, n10049 = 0;
    bool unbound = false;
    char path[512], *text;
    size_t len;
    snprintf(path, sizeof path, "%s/scenarios/kb-nt4sp4-ndiswan.json", bf_test_data_dir);
    text = slurp(path, &len);
    REQUIRE(text);
    s = bf_snapshot_read_json(text, len, path, &err);
    free(text);
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK_STR(d->order_rule, "nt4sp4");
    CHECK_STR(d->generation, "exchange55");
    REQUIRE(d->predicted_count == 2);
    CHECK_STR(d->predicted_order[0], "198.51.100.7");
    CHECK_INT(d->findings[0].severity, BF_SEV_CRITICAL);
    for (i = 0; i < d->finding_count; i++) {
        const bf_finding *f = &d->findings[i];
        n10049 += strcmp(f->id, "BF-BIND-10049") == 0;
        if (strcmp(f->id, "BF-RESOLVER-UNBOUND") == 0) {
            size_t j;
            bool fix = false, restart = false;
            unbound = true;
            for (j = 0; j < f->action_count; j++) {
                if (f->actions[j].kind == BF_ACTION_INSTALL_FIX) {
                    fix = f->actions[j].recommended;
                    CHECK(strstr(f->actions[j].predicted, "would return 192.0.2.10;") != NULL);
                }
                if (f->actions[j].kind == BF_ACTION_REORDER_BINDINGS) {
                    /* reordering alone does not cure NT4 SP4: the model says so and does not recommend it */
                    CHECK(!f->actions[j].recommended);
                    CHECK(strstr(f->actions[j].predicted, "still not bound: 198.51.100.7") != NULL);
                }
                if (f->actions[j].kind == BF_ACTION_RESTART_SERVICES) {
                    restart = true;
                    REQUIRE(f->actions[j].params.services != NULL);
                    CHECK_STR(f->actions[j].params.services, "MSExchangeDS,MSExchangeIS");
                }
            }
            CHECK(fix);
            CHECK(restart);
        }
    }
    CHECK_INT((int)n10049, 3);
    CHECK(unbound);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

#include "catalogue.h"

BF_TEST(catalogue_user_file_adds_and_replaces)
{
    char path[512], *text;
    size_t len, n, i;
    bf_err err;
    bf_catalogue *c;
    const bf_probe_target *t;
    bool has390 = false;
    bf_snapshot *s;
    snprintf(path, sizeof path, "%s/../help/catalogue-example.json", bf_test_data_dir);
    text = slurp(path, &len);
    REQUIRE(text);
    c = bf_catalogue_load(text, len, path, &err);
    free(text);
    if (!c)
        printf("  %s:%d:%d: %s\n", err.where, err.line, err.col, err.msg);
    REQUIRE(c);
    /* the user's exchange55 replaced the built-in one; hmailserver was added; the rest stay */
    t = bf_catalogue_probe_targets(c, &n);
    for (i = 0; i < n; i++)
        has390 = has390 || t[i].port == 390;
    CHECK(has390);
    s = bf_snapshot_create();
    REQUIRE(s);
    CHECK(bf_catalogue_detect(c, s) == NULL);
    bf_snap_add_service(s, "hMailServer");
    CHECK_STR(bf_catalogue_detect(c, s)->id, "hmailserver");
    CHECK(bf_catalogue_has_service(c, "hmailserver"));
    CHECK(bf_catalogue_has_service(c, "NTDS"));
    {
        size_t ns, bn;
        const bf_event_signature *sg = bf_catalogue_signatures(c, &ns);
        bf_catalogue_signatures(bf_catalogue_builtin(), &bn);
        CHECK_INT((int)ns, (int)bn + 1);
        CHECK_STR(sg[ns - 1].source, "hMailServer");
    }
    bf_snapshot_destroy(s);
    bf_catalogue_destroy(c);
}

BF_TEST(catalogue_errors_name_line_and_column)
{
    static const char *const bad[] = {
        "{\"schema\": \"bindfix-catalogue\", \"version\": 2, \"generations\": []}",
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [{\"id\": \"x\", \"label\": \"x\", "
        "\"marker\": \"x\", \"services\": [], \"endpoints\": [{\"protocol\": \"P\", \"transport\": \"tcp\", "
        "\"port\": 70000, \"service\": \"x\", \"greeting\": \"\"}]}]}",
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [], \"extra\": 1}",
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [{\"id\": \"x\"}]}",
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [{\"id\": \"x\", \"label\": \"x\", "
        "\"marker\": \"x\", \"services\": [], \"endpoints\": [{\"protocol\": \"P\", \"transport\": \"sctp\", "
        "\"port\": 7, \"service\": \"x\", \"greeting\": \"\"}]}]}",
        "[1, 2",
    };
    static const char *const want[] = {"version 2", "70000", "unknown member \"extra\"", "\"label\" is missing",
                                       "\"sctp\"", "cat.json:1:"};
    size_t i;
    for (i = 0; i < BF_COUNTOF(bad); i++) {
        bf_err err;
        char text[1200];
        bf_catalogue *c;
        bf_err_clear(&err);
        c = bf_catalogue_load(bad[i], strlen(bad[i]), "cat.json", &err);
        CHECK(c == NULL);
        bf_catalogue_destroy(c);
        bf_err_format(&err, text, sizeof text);
        if (!strstr(text, want[i]))
            printf("  case %zu: \"%s\" does not say \"%s\"\n", i, text, want[i]);
        CHECK(strstr(text, want[i]) != NULL);
    }
}
