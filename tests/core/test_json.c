/* test_json.c - the strict JSON parser (core/json.c) on its own: exact positions and wording of errors,
 * limits, UTF-8 and escapes, and the string writer.  Snapshot-level tests are in test_snapshot_json.c. */
#include <stdlib.h>

#include "json.h"
#include "snapshot_json.h"
#include "testlib.h"

/* Parses text (given length, so embedded bytes are exact) and expects an error at line:col whose message
 * contains every needle (NULL-terminated list). */
static void expect_fail_n(const char *text, size_t len, int line, int col, const char *needle1, const char *needle2,
                          int src_line)
{
    bf_arena *a = bf_arena_create();
    bf_err err;
    bf_json *v;
    bf_err_clear(&err);
    v = bf_json_parse(a, text, len, "in.json", &err);
    if (v) {
        bf_test_failures++;
        printf("  test_json.c:%d: parsed although it should fail\n", src_line);
    } else {
        if (err.line != line || err.col != col) {
            bf_test_failures++;
            printf("  test_json.c:%d: error at %d:%d, expected %d:%d (%s)\n", src_line, err.line, err.col, line,
                   col, err.msg);
        }
        if (strcmp(err.where, "in.json") != 0) {
            bf_test_failures++;
            printf("  test_json.c:%d: where is \"%s\"\n", src_line, err.where);
        }
        if ((needle1 && !strstr(err.msg, needle1)) || (needle2 && !strstr(err.msg, needle2))) {
            bf_test_failures++;
            printf("  test_json.c:%d: message \"%s\" lacks \"%s\"%s%s\n", src_line, err.msg, needle1,
                   needle2 ? " or " : "", needle2 ? needle2 : "");
        }
    }
    bf_arena_destroy(a);
}

#define FAIL(text, line, col, n1, n2) expect_fail_n((text), strlen(text), (line), (col), (n1), (n2), __LINE__)

BF_TEST(jsonparse_errors_have_exact_positions)
{
    FAIL("", 1, 1, "expected a value", "end of input");
    FAIL("   \n  ", 2, 3, "expected a value", "end of input");
    FAIL("{\"a\": 1,}", 1, 9, "expected a string key after ','", "'}'");
    FAIL("[1, 2,]", 1, 7, "expected a value after ','", "']'");
    FAIL("[1 2]", 1, 4, "expected ',' or ']'", "'2'");
    FAIL("{\"a\" 1}", 1, 6, "expected ':' after the key \"a\"", "'1'");
    FAIL("{\"a\": tru}", 1, 7, "expected a value", "'t'");
    FAIL("{\"a\": NaN}", 1, 7, "NaN", "null");
    FAIL("[Infinity]", 1, 2, "Infinity", NULL);
    FAIL("[-Infinity]", 1, 2, "-Infinity", NULL);
    FAIL("[-]", 1, 3, "expected a digit after '-'", "']'");
    FAIL("[1.]", 1, 4, "expected a digit after the decimal point", NULL);
    FAIL("[1e]", 1, 4, "expected a digit in the exponent", NULL);
    FAIL("[00]", 1, 2, "leading zeros", NULL);
    FAIL("[2.5]", 1, 2, "expected an integer", "2.5");
    FAIL("[1e3]", 1, 2, "expected an integer", "1e3");
    FAIL("{} {}", 1, 4, "expected end of input", "'{'");
    FAIL("{\n  \"k\": [\n    1,\n    2\n  ]\n  \"x\": 1\n}", 6, 3, "expected ',' or '}'", "'\"'");
    FAIL("'single'", 1, 1, "expected a value", "'''");
    FAIL("{a: 1}", 1, 2, "expected a string key or '}'", "'a'");
    FAIL("\"open", 1, 6, "close the string that starts at line 1, column 1", "end of input");
    FAIL("[\"\\x\"]", 1, 4, "expected an escape", "'x'");
    FAIL("[\"\\u12G4\"]", 1, 7, "four hexadecimal digits", "'G'");
    FAIL("[\"tab\there\"]", 1, 6, "control character", "tab");
}

BF_TEST(jsonparse_columns_count_code_points)
{
    /* "é" is two bytes, "€" three, "😀" four: each moves the column by one, as an editor shows it. */
    FAIL("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\" x]", 1, 8, "expected ',' or ']'", "'x'");
    FAIL("{\"\xc3\xa9\": 1,\n \"\xc3\xa9\": 2}", 2, 2, "duplicate", "first at line 1, column 2");
}

BF_TEST(jsonparse_utf8_validation)
{
    FAIL("[\"\xff\"]", 1, 3, "UTF-8", "0xFF");
    FAIL("[\"\xc0\xaf\"]", 1, 3, "UTF-8", "0xC0");                 /* overlong "/" */
    FAIL("[\"\xe0\x80\xaf\"]", 1, 3, "UTF-8", "0xE0");             /* overlong 3-byte */
    FAIL("[\"\xed\xa0\x80\"]", 1, 3, "UTF-8", "0xED");             /* encoded surrogate D800 */
    FAIL("[\"\xf4\x90\x80\x80\"]", 1, 3, "UTF-8", "0xF4");         /* beyond U+10FFFF */
    FAIL("[\"\xe2\x82\"]", 1, 3, "UTF-8", "0xE2");                 /* truncated sequence */
    FAIL("[\"ok\" \x80]", 1, 7, "expected ',' or ']'", "byte 0x80 (not valid UTF-8)");
    {
        /* the BOM is skipped and takes no column */
        bf_arena *a = bf_arena_create();
        bf_err err;
        bf_json *v = bf_json_parse(a, "\xef\xbb\xbf[1]", 6, "b", &err);
        REQUIRE(v);
        CHECK_INT(v->col, 1);
        CHECK_INT(v->type, BF_JSON_ARRAY);
        bf_arena_destroy(a);
    }
}

BF_TEST(jsonparse_escapes_and_surrogates)
{
    bf_arena *a = bf_arena_create();
    bf_err err;
    const char *text = "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u20AC \\ud83d\\ude00\"]";
    bf_json *v = bf_json_parse(a, text, strlen(text), "e", &err);
    REQUIRE(v && v->count == 1);
    CHECK_STR(v->items[0]->string, "\" \\ / \b \f \n \r \t \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    bf_arena_destroy(a);

    FAIL("[\"\\u0000\"]", 1, 3, "NUL", "C strings");
    FAIL("[\"a\\ud800\"]", 1, 4, "surrogate", "\\uD800");
    FAIL("[\"\\ud800\\u0041\"]", 1, 3, "surrogate", NULL);
    FAIL("[\"\\udc00\"]", 1, 3, "surrogate", "\\uDC00");
}

BF_TEST(jsonparse_integers_fit_in_long_long)
{
    bf_arena *a = bf_arena_create();
    bf_err err;
    const char *text = "[9223372036854775807, -9223372036854775808, 0, -0, 42]";
    bf_json *v = bf_json_parse(a, text, strlen(text), "n", &err);
    REQUIRE(v && v->count == 5);
    CHECK(v->items[0]->integer == 9223372036854775807LL);
    CHECK(v->items[1]->integer == -9223372036854775807LL - 1);
    CHECK_INT(v->items[2]->integer, 0);
    CHECK_INT(v->items[3]->integer, 0);
    CHECK_INT(v->items[4]->integer, 42);
    CHECK_INT(v->items[4]->line, 1);
    CHECK_INT(v->items[4]->col, 52);
    bf_arena_destroy(a);
    FAIL("[9223372036854775808]", 1, 2, "fits in 64 bits", "9223372036854775808");
    FAIL("[-9223372036854775809]", 1, 2, "fits in 64 bits", NULL);
    FAIL("[123456789012345678901234567890123456789012345678901234567890]", 1, 2, "fits in 64 bits", "...");
}

BF_TEST(jsonparse_limits)
{
    char *deep;
    size_t i, n = BF_JSON_MAX_DEPTH + 1;
    bf_arena *a;
    bf_err err;
    bf_json *v;

    /* exactly the limit parses; one more level is refused at the bracket that goes too deep */
    deep = malloc(2 * n + 1);
    REQUIRE(deep);
    for (i = 0; i < n - 1; i++)
        deep[i] = '[';
    for (i = 0; i < n - 1; i++)
        deep[n - 1 + i] = ']';
    a = bf_arena_create();
    v = bf_json_parse(a, deep, 2 * (n - 1), "d", &err);
    CHECK(v != NULL);
    bf_arena_destroy(a);
    for (i = 0; i < n; i++)
        deep[i] = '[';
    for (i = 0; i < n; i++)
        deep[n + i] = ']';
    expect_fail_n(deep, 2 * n, 1, (int)n, "64", "nest", __LINE__);
    free(deep);

    /* string length limit: one byte over fails, at the string's start */
    {
        size_t len = BF_JSON_MAX_STRING + 1;
        char *big = malloc(len + 4);
        REQUIRE(big);
        big[0] = '[';
        big[1] = '"';
        memset(big + 2, 'x', len);
        big[len + 2] = '"';
        big[len + 3] = ']';
        expect_fail_n(big, len + 4, 1, 2, "longer than the limit", NULL, __LINE__);
        big[len + 1] = '"';     /* exactly the limit */
        big[len + 2] = ']';
        a = bf_arena_create();
        v = bf_json_parse(a, big, len + 3, "s", &err);
        CHECK(v && v->items[0] && strlen(v->items[0]->string) == BF_JSON_MAX_STRING);
        bf_arena_destroy(a);
        free(big);
    }

    /* input size limit: checked before a single byte is read (the pointer is never dereferenced) */
    a = bf_arena_create();
    bf_err_clear(&err);
    CHECK(bf_json_parse(a, "x", BF_JSON_MAX_INPUT + 1, "huge", &err) == NULL);
    CHECK(strstr(err.msg, "limit") != NULL);
    bf_arena_destroy(a);
}

BF_TEST(jsonparse_duplicate_keys_in_large_objects)
{
    /* 5000 distinct keys parse; a duplicate of the first one at the end is found (hash path) */
    bf_buf b;
    bf_arena *a;
    bf_err err;
    bf_json *v;
    int i;
    bf_buf_init(&b);
    bf_buf_putc(&b, '{');
    for (i = 0; i < 5000; i++)
        bf_buf_printf(&b, "%s\"k%d\": %d", i ? ",\n" : "", i, i);
    bf_buf_puts(&b, "}");
    a = bf_arena_create();
    v = bf_json_parse(a, b.data, b.len, "big", &err);
    REQUIRE(v);
    CHECK_INT(v->count, 5000);
    CHECK_INT(bf_json_get(v, "k4999")->integer, 4999);
    CHECK_INT(v->key_lines[4999], 5000);
    bf_arena_destroy(a);
    b.len--;
    bf_buf_puts(&b, ",\n\"k17\": 1}");
    expect_fail_n(b.data, b.len, 5001, 1, "duplicate", "first at line 18, column 1", __LINE__);
    bf_buf_free(&b);
}

BF_TEST(jsonparse_never_reads_past_length)
{
    /* The text is not NUL-terminated: a copy in an exact-size heap block lets ASan catch any over-read. */
    static const char *const samples[] = {"[1, 2, 3]", "{\"a\": \"b\\u00e9\"}", "\"\\ud83d\\ude00\"", "true",
                                          "-12", "{\"a\": [null, false]}"};
    size_t s, cut;
    for (s = 0; s < BF_COUNTOF(samples); s++) {
        size_t len = strlen(samples[s]);
        for (cut = 0; cut <= len; cut++) {
            char *copy = malloc(cut ? cut : 1);
            bf_arena *a = bf_arena_create();
            bf_err err;
            bf_json *v;
            REQUIRE(copy && a);
            memcpy(copy, samples[s], cut);
            bf_err_clear(&err);
            v = bf_json_parse(a, copy, cut, "cut", &err);
            if (cut == len)
                CHECK(v != NULL);
            else if (!v)
                CHECK(err.msg[0] != '\0' && err.line == 1);
            bf_arena_destroy(a);
            free(copy);
        }
    }
}

static char *write_str(const char *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_json_write_string(&b, s);
    return bf_buf_take(&b);
}

BF_TEST(jsonparse_writer_escapes_and_round_trips)
{
    static const char *const samples[] = {
        "plain", "", "quote \" backslash \\ slash /", "\x01\x02\x1f\x7f ctrl", "line\nbreak\r\ttab\b\f",
        "<script>alert('x')</script>", "\xe2\x80\xae" "RTL override", "sep \xe2\x80\xa8 and \xe2\x80\xa9",
        "caf\xc3\xa9 \xf0\x9f\x98\x80"};
    size_t i;
    char *w;
    for (i = 0; i < BF_COUNTOF(samples); i++) {
        bf_arena *a = bf_arena_create();
        bf_err err;
        bf_json *v;
        w = write_str(samples[i]);
        REQUIRE(w);
        v = bf_json_parse(a, w, strlen(w), "w", &err);
        CHECK(v && v->type == BF_JSON_STRING);
        if (v)
            CHECK_STR(v->string, samples[i]);
        free(w);
        bf_arena_destroy(a);
    }
    w = write_str("a\"b\\c\nd\x01\xe2\x80\xa8\xc3\xa9");
    CHECK_STR(w, "\"a\\\"b\\\\c\\nd\\u0001\\u2028\xc3\xa9\"");
    free(w);
    w = write_str("bad \xff byte");     /* invalid UTF-8 becomes U+FFFD, the output stays valid JSON */
    CHECK_STR(w, "\"bad \xef\xbf\xbd byte\"");
    free(w);
    w = write_str(NULL);
    CHECK_STR(w, "\"\"");
    free(w);
}
