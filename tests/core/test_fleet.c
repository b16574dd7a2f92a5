/* test_fleet.c - `bindfix-cli fleet DIR` against the fake machine: one row per server, the groups by
 * finding, not-collected markers listed, an unreadable or too-new snapshot named with the others still
 * read (exit 2), the four formats, server reports beside the HTML, hostile names, and the reader fed
 * every prefix of a snapshot and a marker (no crash, always a row). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fake_system.h"
#include "fleet.h"
#include "json.h"
#include "testlib.h"

/* A scenario file of tests/scenarios (testlib's reader). */
static char *slurp(const char *name, size_t *len)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scenarios/%s", name);
    return bf_test_read_file(rel, len);
}

static bool put_scenario(bf_fake_system *f, const char *path, const char *scenario)
{
    size_t len = 0;
    char *data = slurp(scenario, &len);
    bool ok = data && bf_fake_put_file(f, path, data, len);
    free(data);
    return ok;
}

static void put_text(bf_fake_system *f, const char *path, const char *text)
{
    bf_fake_put_file(f, path, text, strlen(text));
}

static const char marker[] =
    "{\"schema\": \"bindfix-not-collected\", \"version\": 1, \"host\": \"mail9\", \"engine\": \"ansible\","
    " \"error\": \"UNREACHABLE: ssh: connect to host 192.0.2.99 port 22: No route to host\","
    " \"at\": \"2026-12-06T05:00:00Z\"}\n";

/* A fleet: two servers with the KB's failure, one healthy, one not collected. */
static void make_fleet(bf_fake_system *f)
{
    CHECK(put_scenario(f, "run/mail1.json", "kb-nt4sp4-ndiswan.json"));
    CHECK(put_scenario(f, "run/mail2.json", "kb-nt4sp4-ndiswan.json"));
    CHECK(put_scenario(f, "run/web1.json", "healthy-2019.json"));
    put_text(f, "run/mail9.not-collected.json", marker);
    put_text(f, "run/notes.txt", "not a server\n");
    put_text(f, "other/x.json", "{}");
}

static const bf_json *server_named(const bf_json *root, const char *name)
{
    const bf_json *servers = bf_json_get(root, "servers");
    size_t i;
    for (i = 0; servers && i < servers->count; i++)
        if (strcmp(bf_json_get(servers->items[i], "name")->string, name) == 0)
            return servers->items[i];
    return NULL;
}

static const bf_json *group_of(const bf_json *root, const char *finding, const char *protocol)
{
    const bf_json *groups = bf_json_get(root, "groups");
    size_t i;
    for (i = 0; groups && i < groups->count; i++)
        if (strcmp(bf_json_get(groups->items[i], "finding")->string, finding) == 0 &&
            strcmp(bf_json_get(groups->items[i], "protocol")->string, protocol) == 0)
            return groups->items[i];
    return NULL;
}

BF_TEST(fleet_rows_and_groups)
{
    bf_fake_system f;
    bf_arena *a = bf_arena_create();
    bf_err err;
    const bf_json *root, *s, *g;
    int rc;
    bf_fake_init(&f);
    make_fleet(&f);
    rc = bf_fake_cli(&f, "fleet", "run", "--format", "json", NULL);
    CHECK_INT(rc, 1);   /* problems found; nothing unreadable */
    root = bf_json_parse(a, bf_buf_cstr(&f.out), f.out.len, "fleet.json", &err);
    CHECK(root != NULL);
    if (root) {
        CHECK_STR(bf_json_get(root, "schema")->string, "bindfix-fleet");
        CHECK_INT((long)bf_json_get(root, "servers")->count, 4);    /* notes.txt and other/ not read */
        s = server_named(root, "mail1");
        CHECK(s != NULL);
        if (s) {
            CHECK_STR(bf_json_get(s, "state")->string, "collected");
            CHECK_STR(bf_json_get(s, "hostname")->string, "SRV01");
            CHECK_STR(bf_json_get(s, "worst")->string, "critical");
            CHECK_STR(bf_json_get(s, "generation")->string, "exchange55");
            CHECK(strstr(bf_json_get(s, "os")->string, "Windows NT 4.0") != NULL);
            CHECK_STR(bf_json_get(s, "top_finding")->string, "BF-KB-FIX-MISSING");
            CHECK(bf_json_get(s, "failing")->count >= 1);
            CHECK_STR(bf_json_get(s, "failing")->items[0]->string, "LDAPS 10049");
            CHECK_STR(bf_json_get(s, "collected_at")->string, "2026-01-02T03:04:05Z");
        }
        s = server_named(root, "web1");
        CHECK(s && strcmp(bf_json_get(s, "worst")->string, "healthy") == 0);
        CHECK(s && bf_json_get(s, "failing")->count == 0);
        CHECK(s && strcmp(bf_json_get(s, "top_finding")->string, "") == 0);
        s = server_named(root, "mail9");
        CHECK(s != NULL);
        if (s) {
            CHECK_STR(bf_json_get(s, "state")->string, "not-collected");
            CHECK_STR(bf_json_get(s, "engine")->string, "ansible");
            CHECK(strstr(bf_json_get(s, "error")->string, "No route to host") != NULL);
        }
        g = group_of(root, "BF-BIND-10049", "POP3");
        CHECK(g != NULL);
        if (g) {
            CHECK_INT((long)bf_json_get(g, "count")->integer, 2);
            CHECK_STR(bf_json_get(g, "servers")->items[0]->string, "mail1");
            CHECK_STR(bf_json_get(g, "servers")->items[1]->string, "mail2");
            CHECK_STR(bf_json_get(g, "severity")->string, "critical");
        }
        CHECK(group_of(root, "BF-BIND-10049", "IMAP4") != NULL);
        CHECK(group_of(root, "BF-KB-FIX-MISSING", "") != NULL);
    }
    /* the text form says it in words */
    rc = bf_fake_cli(&f, "fleet", "run", NULL);
    CHECK_INT(rc, 1);
    CHECK(strstr(bf_buf_cstr(&f.out), "BF-BIND-10049 on POP3: 2 servers (critical): mail1, mail2") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "Not collected: 1 server") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "mail9: ansible: UNREACHABLE") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "4 servers (3 collected, 1 not collected, 0 unreadable)") != NULL);
    bf_arena_destroy(a);
    bf_fake_free(&f);
}

BF_TEST(fleet_exit_codes)
{
    bf_fake_system f;
    bf_fake_init(&f);
    CHECK(put_scenario(&f, "ok/web1.json", "healthy-2019.json"));
    CHECK(put_scenario(&f, "ok/web2.json", "healthy-multihomed-2003.json"));
    CHECK_INT(bf_fake_cli(&f, "fleet", "ok", NULL), 0);
    put_text(&f, "ok/web3.not-collected.json", marker);
    CHECK_INT(bf_fake_cli(&f, "fleet", "ok", NULL), 1);   /* a host not collected is not known healthy */
    /* no folder, no server, bad arguments: 2 */
    CHECK_INT(bf_fake_cli(&f, "fleet", "nowhere", NULL), 2);
    CHECK(strstr(bf_buf_cstr(&f.err), "nowhere") != NULL);
    put_text(&f, "empty/readme.txt", "x");
    CHECK_INT(bf_fake_cli(&f, "fleet", "empty", NULL), 2);
    CHECK(strstr(bf_buf_cstr(&f.err), "no NAME.json") != NULL);
    CHECK_INT(bf_fake_cli(&f, "fleet", NULL), 2);
    CHECK_INT(bf_fake_cli(&f, "fleet", "ok", "--format", "xml", NULL), 2);
    CHECK_INT(bf_fake_cli(&f, "fleet", "ok", "ok", NULL), 2);
    CHECK_INT(bf_fake_cli(&f, "fleet", "--help", NULL), 0);
    CHECK(strstr(bf_buf_cstr(&f.out), "not-collected.json") != NULL);
    bf_fake_free(&f);
}

BF_TEST(fleet_unreadable_named_others_read)
{
    bf_fake_system f;
    size_t len = 0;
    char *snap = slurp("healthy-2019.json", &len), *newer, *p;
    bf_fake_init(&f);
    make_fleet(&f);
    put_text(&f, "run/broken.json", "{\"schema\": \"bindfix-snapshot\", ");
    CHECK(snap != NULL);
    if (snap) {
        /* the same snapshot from a bindfix newer than this one */
        newer = malloc(len + 8);
        memcpy(newer, snap, len + 1);
        p = strstr(newer, "\"version\": 1");
        CHECK(p != NULL);
        if (p) {
            memmove(p + 13, p + 12, strlen(p + 12) + 1);
            memcpy(p, "\"version\": 99", 13);
        }
        put_text(&f, "run/future.json", newer);
        free(newer);
    }
    put_text(&f, "run/bad-marker.not-collected.json", "{\"schema\": \"something-else\", \"error\": \"x\"}");
    CHECK_INT(bf_fake_cli(&f, "fleet", "run", NULL), 2);
    /* each named on stderr, and in the output with the others */
    CHECK(strstr(bf_buf_cstr(&f.err), "broken.json") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "future.json") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "snapshot version 99 was written by a newer bindfix") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "bad-marker.not-collected.json") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "7 servers (3 collected, 1 not collected, 3 unreadable)") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "BF-BIND-10049 on POP3: 2 servers") != NULL);
    free(snap);
    bf_fake_free(&f);
}

BF_TEST(fleet_html_links_server_reports)
{
    bf_fake_system f;
    const bf_fake_file *html, *rep;
    bf_fake_init(&f);
    make_fleet(&f);
    put_text(&f, "run/<b>evil\xe2\x80\xae.json", "{");
    CHECK_INT(bf_fake_cli(&f, "fleet", "run", "-o", "out/fleet.html", NULL), 2);
    html = bf_fake_find_file(&f, "out/fleet.html");
    rep = bf_fake_find_file(&f, "out/mail1-report.html");
    CHECK(html != NULL);
    CHECK(rep != NULL);
    CHECK(bf_fake_find_file(&f, "out/web1-report.html") != NULL);
    CHECK(bf_fake_find_file(&f, "out/mail9-report.html") == NULL);   /* not collected: no report */
    if (html) {
        CHECK(strstr(html->data, "<a href=\"mail1-report.html\"><bdi>mail1</bdi></a>") != NULL);
        CHECK(strstr(html->data, "<b>evil") == NULL);                  /* escaped */
        CHECK(strstr(html->data, "&lt;b&gt;evil&lt;U+202E&gt;") != NULL);
        CHECK(strstr(html->data, "<script") == NULL);
    }
    if (rep)
        CHECK(strstr(rep->data, "SRV01") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "3 server reports beside it") != NULL);
    bf_fake_free(&f);
}

typedef struct seen_rows {
    bf_fleet *copy;         /* each row copied as it is met, as the console's reader posts it */
    size_t calls, last_done, last_total;
    bool in_order;          /* index is always the newest row; done counts up by one */
} seen_rows;

static void on_added(void *ctx, const bf_fleet *f, size_t index, size_t done, size_t total)
{
    seen_rows *s = ctx;
    s->in_order = s->in_order && index + 1 == f->server_count && done == s->calls + 1;
    s->calls++;
    s->last_done = done;
    s->last_total = total;
    CHECK(bf_fleet_add_copy(s->copy, &f->servers[index]));
}

/* bf_fleet_read_dir, as the console reads a fleet: one call per entry as it is read (in name order, with
 * done/total for the status bar), each row copied whole; the finished fleet is what the CLI groups. */
BF_TEST(fleet_read_dir_rows_as_read)
{
    bf_fake_system f;
    bf_err err;
    seen_rows seen = {bf_fleet_create("run"), 0, 0, 0, true};
    bf_fleet_read_opts o = {NULL, NULL, NULL, on_added, &seen};
    bf_fleet *fl;
    bf_fake_init(&f);
    make_fleet(&f);
    put_text(&f, "run/broken.json", "{");
    bf_err_clear(&err);
    fl = bf_fleet_read_dir(&f.sys, "run", &o, &err);
    CHECK(fl != NULL);
    CHECK_INT((int)seen.calls, 5);           /* mail1, mail2, web1, the marker, broken: not notes.txt */
    CHECK(seen.in_order);
    CHECK_INT((int)seen.last_done, 5);
    CHECK_INT((int)seen.last_total, 5);
    if (fl && seen.copy && seen.copy->server_count == 5) {
        /* name order of the files: broken, mail1, mail2, mail9 (marker), web1 */
        CHECK_STR(seen.copy->servers[0].name, "broken");
        CHECK_INT((int)seen.copy->servers[0].state, BF_FLEET_UNREADABLE);
        CHECK_STR(seen.copy->servers[1].name, "mail1");
        CHECK_STR(seen.copy->servers[1].top_finding, fl->servers[1].top_finding);
        CHECK_INT((int)seen.copy->servers[1].finding_count, (int)fl->servers[1].finding_count);
        CHECK(seen.copy->servers[1].finding_count > 0);
        CHECK_INT((int)seen.copy->servers[1].worst, (int)fl->servers[1].worst);
        CHECK_STR(seen.copy->servers[3].engine, "ansible");
        CHECK_STR(seen.copy->servers[4].name, "web1");
        CHECK(!seen.copy->servers[4].has_findings || seen.copy->servers[4].worst < BF_SEV_WARNING);
        CHECK(fl->group_count > 0);
    }
    bf_fleet_destroy(fl);
    bf_fleet_destroy(seen.copy);
    /* a folder with nothing to read says so */
    bf_err_clear(&err);
    CHECK(bf_fleet_read_dir(&f.sys, "other-empty", NULL, &err) == NULL);
    bf_fake_free(&f);
}

BF_TEST(fleet_csv)
{
    bf_fake_system f;
    const bf_fake_file *csv;
    bf_fake_init(&f);
    make_fleet(&f);
    put_scenario(&f, "run/=cmd.json", "healthy-2019.json");
    CHECK_INT(bf_fake_cli(&f, "fleet", "run", "-o", "fleet.csv", NULL), 1);
    csv = bf_fake_find_file(&f, "fleet.csv");
    CHECK(csv != NULL);
    if (csv) {
        CHECK(memcmp(csv->data, "\xEF\xBB\xBFserver,state,host,", 21) == 0);
        CHECK(strstr(csv->data, "\r\n'=cmd,collected,SRV01,") != NULL);   /* no formula */
        CHECK(strstr(csv->data, "\r\nmail1,collected,SRV01,") != NULL);
        CHECK(strstr(csv->data, "mail9,not-collected,mail9,") != NULL);
    }
    bf_fake_free(&f);
}

/* The reader on every prefix of a snapshot and of a marker (what a fetch cut short leaves): never a
 * crash, always exactly one row, collected only for the whole file. */
BF_TEST(fleet_reader_prefixes)
{
    size_t len = 0, n;
    char *snap = slurp("kb-nt4sp4-ndiswan.json", &len);
    bf_fleet *fl = bf_fleet_create("x");
    size_t step = len / 97 + 1;
    CHECK(snap != NULL && fl != NULL);
    for (n = 0; snap && fl && n < len; n += step) {
        size_t before = fl->server_count;
        CHECK(bf_fleet_add_file(fl, "a.json", snap, n, NULL, NULL, NULL));
        CHECK_INT((long)fl->server_count, (long)before + 1);
        CHECK_INT(fl->servers[fl->server_count - 1].state, BF_FLEET_UNREADABLE);
    }
    for (n = 0; fl && n < sizeof marker - 2; n++) {   /* all but the closing brace and newline */
        size_t before = fl->server_count;
        CHECK(bf_fleet_add_file(fl, "m.not-collected.json", marker, n, NULL, NULL, NULL));
        CHECK_INT((long)fl->server_count, (long)before + 1);
        CHECK_INT(fl->servers[fl->server_count - 1].state, BF_FLEET_UNREADABLE);
    }
    if (fl && snap) {
        CHECK(bf_fleet_add_file(fl, "a.json", snap, len, NULL, NULL, NULL));
        CHECK_INT(fl->servers[fl->server_count - 1].state, BF_FLEET_COLLECTED);
        CHECK(bf_fleet_finish(fl));
        CHECK_INT(bf_fleet_exit_code(fl), 2);
    }
    free(snap);
    bf_fleet_destroy(fl);
}

BF_TEST(fleet_safe_name)
{
    bf_arena *a = bf_arena_create();
    CHECK_STR(bf_fleet_safe_name(a, "mail1.example"), "mail1.example");
    CHECK_STR(bf_fleet_safe_name(a, "..\\..\\x"), "_._.._x");
    CHECK_STR(bf_fleet_safe_name(a, ".."), "_");
    CHECK_STR(bf_fleet_safe_name(a, ""), "_");
    CHECK_STR(bf_fleet_safe_name(a, "a/b c"), "a_b_c");
    CHECK(!bf_fleet_wants(".json"));
    CHECK(!bf_fleet_wants(".hidden.json"));
    CHECK(bf_fleet_wants("SRV.JSON"));
    CHECK(!bf_fleet_wants("srv.html"));
    bf_arena_destroy(a);
}
