/* test_lookup.c - the key -> rows index (core/lookup.c) and the places where the diagnosis and the
 * snapshot reader use it or its lazy parse: the answers the nested loops gave, in the same order. */
#include <stdio.h>
#include <stdlib.h>

#include "diagnose.h"
#include "json.h"
#include "lookup.h"
#include "snapshot_json.h"
#include "testlib.h"

static size_t rows_of(const bf_lookup *ix, const char *key, size_t *out, size_t max)
{
    size_t n, i;
    const bf_lookup_slot *s = bf_lookup_find(ix, key, &n);
    for (i = 0; i < n && i < max; i++)
        out[i] = s[i].row;
    return n;
}

BF_TEST(lookup_kinds_and_row_order)
{
    bf_lookup ex, nc, ad;
    size_t r[8];
    static const char *const keys[] = {"{AbC}", "2001:db8::1", "{abc}", "10.0.0.1", "2001:DB8:0::1",
                                       "fe80::1%3", "{ABC}", "010.0.0.1", "fe80::1%4", "bogus:"};
    size_t i;
    bf_lookup_init(&ex, BF_KEY_EXACT);
    bf_lookup_init(&nc, BF_KEY_NOCASE);
    bf_lookup_init(&ad, BF_KEY_ADDRESS);
    for (i = 0; i < BF_COUNTOF(keys); i++) {
        bf_lookup_add(&ex, keys[i], i);
        bf_lookup_add(&nc, keys[i], i);
        bf_lookup_add(&ad, keys[i], i);
    }
    CHECK(bf_lookup_add(&ex, NULL, 99));    /* a NULL key is left out */
    bf_lookup_sort(&ex);
    bf_lookup_sort(&nc);
    bf_lookup_sort(&ad);
    CHECK_INT((int)rows_of(&ex, "{abc}", r, 8), 1);
    CHECK_INT((int)r[0], 2);
    CHECK_INT((int)rows_of(&nc, "{aBc}", r, 8), 3);   /* rows ascending */
    CHECK(r[0] == 0 && r[1] == 2 && r[2] == 6);
    CHECK_INT((int)bf_lookup_first(&nc, "{ABC}"), 0);
    /* addresses: IPv6 by value (scope ignored, as bf_addr_equal), everything else by text */
    CHECK_INT((int)rows_of(&ad, "2001:0db8::0001", r, 8), 2);
    CHECK(r[0] == 1 && r[1] == 4);
    CHECK_INT((int)rows_of(&ad, "fe80::1", r, 8), 2);
    CHECK(r[0] == 5 && r[1] == 8);
    CHECK_INT((int)rows_of(&ad, "10.0.0.1", r, 8), 1);
    CHECK_INT((int)r[0], 3);
    CHECK_INT((int)rows_of(&ad, "bogus:", r, 8), 1);
    CHECK(bf_lookup_first(&ad, "10.0.0.2") == SIZE_MAX);
    CHECK(bf_lookup_first(&ad, NULL) == SIZE_MAX);
    CHECK(bf_lookup_first(&ex, "{ABC}") == 6);
    bf_lookup_free(&ex);
    bf_lookup_free(&nc);
    bf_lookup_free(&ad);
}

/* Many rows of a few keys and many keys of one row each, against a plain scan. */
BF_TEST(lookup_agrees_with_a_scan)
{
    enum { N = 5000 };
    static char text[N][16];
    bf_lookup ix;
    size_t i, k, bad = 0;
    bf_lookup_init(&ix, BF_KEY_ADDRESS);
    for (i = 0; i < N; i++) {
        snprintf(text[i], sizeof text[i], i % 3 ? "10.0.%zu.1" : "10.9.9.%zu", i % 3 ? i % 700 : i % 5);
        bf_lookup_add(&ix, text[i], i);
    }
    bf_lookup_sort(&ix);
    for (k = 0; k < N; k += 7) {
        size_t n, j, m = 0;
        const bf_lookup_slot *s = bf_lookup_find(&ix, text[k], &n);
        for (j = 0; j < N; j++)
            if (strcmp(text[j], text[k]) == 0) {
                bad += m >= n || s[m].row != j;
                m++;
            }
        bad += m != n;
    }
    CHECK_INT((int)bad, 0);
    bf_lookup_free(&ix);
}

/* Signature events are grouped by (source, ID) in the order of each group's first record, and crash
 * records count once per record even where the display name equals the name. */
BF_TEST(diagnose_event_groups_keep_first_record_order)
{
    bf_err err;
    bf_snapshot *s = bf_snapshot_create();
    bf_diagnosis *d;
    static const struct { const char *src; int id; const char *time; } ev[] = {
        {"MSExchangeIS", 1194, "2026-01-02"}, {"MSExchangeDS", 1309, "2026-01-05"}, {"MSExchangeIS", 1194, "2026-01-01"},
        {"MSExchangeIS", 1309, "2026-01-03"}, {"MSExchangeDS", 1309, "2026-01-04"}, {"Service Control Manager", 7031, "2026-01-06"},
        {"Service Control Manager", 7034, "2026-01-07"}};
    size_t i, j;
    const bf_finding *events = NULL, *crash = NULL;
    bf_service *v = bf_snap_add_service(s, "POP3Svc");
    v->display_name = "pop3svc";
    s->event_log.status = BF_SECTION_OK;
    for (i = 0; i < BF_COUNTOF(ev); i++) {
        bf_event *e = bf_snap_add_event(s);
        e->log = ev[i].id > 7000 ? "System" : "Application";
        e->source = (char *)ev[i].src;
        e->event_id = ev[i].id;
        e->time = (char *)ev[i].time;
        e->message = "m";
        if (ev[i].id > 7000)
            bf_str_list_add(s, &e->inserts, &e->insert_count, &e->insert_cap, "POP3SVC");
    }
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    for (j = 0; j < d->finding_count; j++) {
        if (strcmp(d->findings[j].id, "BF-EVENTS") == 0)
            events = &d->findings[j];
        if (strcmp(d->findings[j].id, "BF-SERVICE-CRASH-LOOP") == 0)
            crash = &d->findings[j];
    }
    REQUIRE(events && crash);
    REQUIRE(events->evidence_count == 3);
    CHECK_STR(events->evidence[0].text, "Application log (any user can write it): MSExchangeIS 1194: 2 record(s), first 2026-01-01, last 2026-01-02: m");
    CHECK_STR(events->evidence[1].text, "Application log (any user can write it): MSExchangeDS 1309: 2 record(s), first 2026-01-04, last 2026-01-05: m");
    CHECK_STR(events->evidence[2].text, "Application log (any user can write it): MSExchangeIS 1309: 1 record(s), first 2026-01-03, last 2026-01-03: m");
    CHECK_STR(crash->title, "POP3Svc terminated unexpectedly 2 times (last 2026-01-07)");
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

/* The lazy parse finds every error the full parse finds, at the same place, also inside the containers
 * it does not build; and what it builds later is the same tree. */
BF_TEST(json_lazy_parse_reports_what_the_full_parse_reports)
{
    static const char *const bad[] = {
        "{\"a\": [{\"b\": [{\"c\": 1, \"c\": 2}]}]}",
        "{\"a\": [{\"b\": [{\"c\": 01}]}]}",
        "{\"a\": [{\"b\": [{\"c\": \"x\\u0000\"}]}]}",
        "{\"a\": [{\"b\": [{\"c\": [1,]}]}]}",
        "{\"a\": [{\"b\": [\n  {\"\xc3\xa9\": 1,\n   \"\xc3\xa9\": 2}]}]}",
        "{\"a\": [{\"b\": [{\"c\": 99999999999999999999}]}]}",
    };
    size_t i;
    for (i = 0; i < BF_COUNTOF(bad); i++) {
        bf_arena *a = bf_arena_create(), *b = bf_arena_create();
        bf_err e1, e2;
        bf_err_clear(&e1);
        bf_err_clear(&e2);
        CHECK(!bf_json_parse(a, bad[i], strlen(bad[i]), "x.json", &e1));
        CHECK(!bf_json_parse_lazy(b, b, bad[i], strlen(bad[i]), "x.json", 3, &e2));
        CHECK_INT(e2.line, e1.line);
        CHECK_INT(e2.col, e1.col);
        CHECK_STR(e2.msg, e1.msg);
        bf_arena_destroy(a);
        bf_arena_destroy(b);
    }
    {
        const char *ok = "{\"a\": [\n {\"b\": [{\"c\": \"d\\n\", \"e\": [true, null, -3]}]},\n {\"b\": []}]}";
        bf_arena *a = bf_arena_create();
        bf_err err;
        const bf_json *root = bf_json_parse_lazy(a, a, ok, strlen(ok), "x.json", 3, &err), *full, *el, *c;
        REQUIRE(root);
        el = bf_json_get(root, "a")->items[0];
        CHECK(el->lazy != NULL && el->type == BF_JSON_OBJECT && el->line == 2 && el->col == 2);
        full = bf_json_expand(a, a, el, ok, strlen(ok), "x.json", &err);
        REQUIRE(full && !full->lazy);
        c = bf_json_get(bf_json_get(full, "b")->items[0], "c");
        CHECK_STR(c->string, "d\n");
        CHECK_INT(c->line, 2);
        CHECK_INT(c->col, 15);
        CHECK_INT((int)bf_json_get(bf_json_get(full, "b")->items[0], "e")->items[2]->integer, -3);
        bf_arena_destroy(a);
    }
}
