/* test_snapshot_json.c - the snapshot file: parser errors with positions, byte-identical round trip,
 * and hostile input (every truncation, byte corruptions) failing cleanly. */
#include <stdlib.h>

#include "demo.h"
#include "json.h"
#include "snapshot_json.h"
#include "testlib.h"

static char *write_json(const bf_snapshot *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_snapshot_write_json(s, &b);
    return bf_buf_take(&b);
}

static void expect_error_(int at, const char *text, int line, int col, const char *needle)
{
    bf_err err;
    bf_snapshot *s;
    bf_err_clear(&err);
    s = bf_snapshot_read_json(text, strlen(text), "t.json", &err);
    CHECK_AT(at, s == NULL);
    bf_snapshot_destroy(s);
    CHECK_STR_AT(at, err.where, "t.json");
    CHECK_INT_AT(at, err.line, line);
    CHECK_INT_AT(at, err.col, col);
    if (!strstr(err.msg, needle)) {
        bf_test_failures++;
        printf("  %s:%d: message \"%s\" lacks \"%s\"\n", __FILE__, at, err.msg, needle);
    }
}
#define expect_error(...) expect_error_(__LINE__, __VA_ARGS__)

BF_TEST(json_errors_name_line_and_column)
{
    expect_error("", 1, 1, "expected a value");
    expect_error("{\n  \"schema\" \"x\"}", 2, 12, "expected ':'");
    expect_error("[1, 2", 1, 6, "',' or ']'");
    expect_error("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate");
    expect_error("{\"a\": 01}", 1, 7, "leading zeros");
    expect_error("{\"a\": 1.5}", 1, 7, "integer");
    expect_error("{\"a\": \"\\u0000\"}", 1, 8, "NUL");
    expect_error("{\"a\": \"\\ud800\"}", 1, 8, "surrogate");
    expect_error("{\"a\": \"\xff\"}", 1, 8, "UTF-8");
    expect_error("{\"a\": \"x\ny\"}", 1, 9, "control characters");
    expect_error("{} x", 1, 4, "end of");
    expect_error("{\"schema\": \"other\"}", 1, 12, "not a bindfix snapshot");
    expect_error("{\"schema\": \"bindfix-snapshot\", \"version\": 9}", 1, 43, "newer bindfix");
    expect_error("{\"schema\": \"bindfix-snapshot\", \"version\": 1, \"bogus\": 1}", 1, 46, "unknown key \"bogus\"");
    expect_error("{\"schema\": \"bindfix-snapshot\", \"version\": 1}", 1, 1, "missing key \"origin\"");
}

BF_TEST(json_depth_limit)
{
    char deep[200];
    bf_arena *a = bf_arena_create();
    bf_err err;
    memset(deep, '[', sizeof(deep) - 1);
    deep[sizeof(deep) - 1] = '\0';
    CHECK(bf_json_parse(a, deep, strlen(deep), "d", &err) == NULL);
    CHECK(strstr(err.msg, "nest") != NULL);
    bf_arena_destroy(a);
}

BF_TEST(demo_round_trip_is_byte_identical)
{
    bf_err err;
    bf_snapshot *demo = bf_demo_snapshot(&err), *again;
    char *first, *second;
    REQUIRE(demo);
    CHECK_STR(demo->hostname, "EXCHSRV01");
    CHECK_INT(demo->adapter_count, 2);
    CHECK_INT(demo->endpoint_count, 3);
    CHECK_INT(demo->endpoints[1].probes[0].error, 10049);
    CHECK_INT(demo->adapters[1].addresses[0].skip_as_source, BF_TRI_UNKNOWN);
    first = write_json(demo);
    REQUIRE(first);
    again = bf_snapshot_read_json(first, strlen(first), "first", &err);
    REQUIRE(again);
    second = write_json(again);
    REQUIRE(second);
    CHECK_STR(second, first);
    free(first);
    free(second);
    bf_snapshot_destroy(demo);
    bf_snapshot_destroy(again);
}

BF_TEST(every_truncation_of_a_snapshot_fails_cleanly)
{
    bf_err err;
    bf_snapshot *demo = bf_demo_snapshot(&err);
    char *text;
    size_t len, cut, failures = 0;
    REQUIRE(demo);
    text = write_json(demo);
    REQUIRE(text);
    len = strlen(text);
    /* Copy each prefix into its own allocation so ASan catches any read past the end. */
    for (cut = 0; cut + 2 < len; cut++) {
        char *prefix = malloc(cut ? cut : 1);
        bf_snapshot *s;
        memcpy(prefix, text, cut);
        bf_err_clear(&err);
        s = bf_snapshot_read_json(prefix, cut, "cut", &err);
        if (s || err.msg[0] == '\0')
            failures++;
        bf_snapshot_destroy(s);
        free(prefix);
    }
    CHECK_INT(failures, 0);
    free(text);
    bf_snapshot_destroy(demo);
}

BF_TEST(byte_corruptions_never_crash)
{
    bf_err err;
    bf_snapshot *demo = bf_demo_snapshot(&err);
    char *text;
    size_t len, pos;
    static const char bytes[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '\0', '\x80', 'x', '9'};
    REQUIRE(demo);
    text = write_json(demo);
    REQUIRE(text);
    len = strlen(text);
    for (pos = 0; pos < len; pos += 7) {
        size_t k;
        for (k = 0; k < sizeof(bytes); k++) {
            char *copy = malloc(len);
            bf_snapshot *s;
            memcpy(copy, text, len);
            copy[pos] = bytes[k];
            s = bf_snapshot_read_json(copy, len, "corrupt", &err);
            if (s) { /* a harmless corruption (inside a string) must still give a complete snapshot */
                CHECK(s->hostname != NULL);
                bf_snapshot_destroy(s);
            }
            free(copy);
        }
    }
    free(text);
    bf_snapshot_destroy(demo);
}

BF_TEST(hostile_strings_round_trip)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    bf_snapshot *back;
    bf_err err;
    char *long_name = malloc(10001), *text, *text2;
    static const char *const hostile[] = {"<script>alert(1)</script>", "\"quoted\" and \\back\\",
                                          "=cmd|' /C calc'!A0", "\xe2\x80\xae" "evil.exe", "line\nbreak\ttab",
                                          "sep\xe2\x80\xa8" "arator", "\xef\xbf\xbd replaced"};
    size_t i;
    REQUIRE(s && long_name);
    memset(long_name, 'N', 10000);
    long_name[10000] = '\0';
    for (i = 0; i < BF_COUNTOF(hostile); i++) {
        a = bf_snap_add_adapter(s);
        REQUIRE(a);
        a->friendly_name = bf_arena_strdup(s->arena, hostile[i]);
    }
    a = bf_snap_add_adapter(s);
    REQUIRE(a);
    a->friendly_name = bf_arena_strdup(s->arena, long_name);
    text = write_json(s);
    REQUIRE(text);
    back = bf_snapshot_read_json(text, strlen(text), "hostile", &err);
    REQUIRE(back);
    for (i = 0; i < BF_COUNTOF(hostile); i++)
        CHECK_STR(back->adapters[i].friendly_name, hostile[i]);
    CHECK_INT(strlen(back->adapters[BF_COUNTOF(hostile)].friendly_name), 10000);
    text2 = write_json(back);
    CHECK_STR(text2, text);
    free(text);
    free(text2);
    free(long_name);
    bf_snapshot_destroy(s);
    bf_snapshot_destroy(back);
}

/* The catalogue's socket-options travel with the endpoint (the bind prediction uses them): written when
 * not none, read back the same; absent reads as none (snapshots before it); a wrong token names itself. */
BF_TEST(snapshot_keeps_the_socket_options_of_an_endpoint)
{
    bf_err err;
    bf_snapshot *demo = bf_demo_snapshot(&err), *again;
    char *text, *bad;
    const char *at;
    size_t n;
    REQUIRE(demo);
    text = write_json(demo);
    REQUIRE(text);
    CHECK(strstr(text, "socket_options") == NULL);      /* none: not written */
    free(text);
    demo->endpoints[1].sockopt = BF_SOCKOPT_EXCLUSIVE;
    demo->endpoints[2].sockopt = BF_SOCKOPT_REUSEADDR;
    text = write_json(demo);
    REQUIRE(text);
    CHECK(strstr(text, "\"socket_options\": \"exclusiveaddruse\"") != NULL);
    again = bf_snapshot_read_json(text, strlen(text), "t.json", &err);
    REQUIRE(again);
    CHECK_INT(again->endpoints[0].sockopt, BF_SOCKOPT_NONE);
    CHECK_INT(again->endpoints[1].sockopt, BF_SOCKOPT_EXCLUSIVE);
    CHECK_INT(again->endpoints[2].sockopt, BF_SOCKOPT_REUSEADDR);
    bf_snapshot_destroy(again);
    /* a token that is not one */
    at = strstr(text, "\"exclusiveaddruse\"");
    REQUIRE(at);
    n = strlen(text);
    bad = malloc(n + 1);
    REQUIRE(bad);
    memcpy(bad, text, n + 1);
    memcpy(bad + (at - text) + 1, "exclusiveaddrusX", 16);
    again = bf_snapshot_read_json(bad, n, "t.json", &err);
    CHECK(again == NULL);
    CHECK(strstr(err.msg, "\"socket_options\" in endpoint #2 must be none, reuseaddr or exclusiveaddruse") != NULL);
    bf_snapshot_destroy(again);
    free(bad);
    free(text);
    bf_snapshot_destroy(demo);
}
