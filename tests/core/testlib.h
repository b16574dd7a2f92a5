/*
 * testlib.h - line-numbered assertions for the unit tests (native and under Wine).
 *
 * A test is `BF_TEST(name) { ... }` in any test file under tests/core; the Makefile collects the names into
 * build/gen/unit_list.h, so adding a test needs no registration.  A test passes when none of its
 * checks failed.  The runner prints one line per test and ends with "N passed, N failed".
 */
#ifndef BF_TESTLIB_H
#define BF_TESTLIB_H

#include <stdio.h>
#include <string.h>

extern int bf_test_failures;    /* checks failed in the current test */
extern const char *bf_test_data_dir; /* tests/ directory, from argv or BF_TEST_DATA */

#define BF_TEST(name) void bf_test_##name(void)

/* Shared check helpers report their caller's line, as Wine's tests do (verify_reg_(__LINE__, ...)): the
 * helper takes `int at` first and checks with the _AT forms, and a macro of the helper's name passes the
 * caller's __LINE__:
 *     static void expect_x_(int at, const char *text) { CHECK_AT(at, ...); }
 *     #define expect_x(text) expect_x_(__LINE__, (text))
 * A failure then reads "file:<caller's line>: ... (helper line N)". A helper that calls another passes
 * its own `at` on (expect_x_(at, ...)), so the line named is always the test's. at == 0 is "no caller":
 * the plain forms below are the _AT forms with at 0, and print exactly as before. */
#define BF_FAIL_AT_(at)                                                                \
    (bf_test_failures++, printf("  %s:%d: ", __FILE__, (at) ? (at) : __LINE__))
#define BF_FAIL_END_(at)                                                               \
    do {                                                                               \
        if (at)                                                                        \
            printf(" (helper line %d)", __LINE__);                                     \
        printf("\n");                                                                  \
    } while (0)

#define CHECK_AT(at, cond)                                                             \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            BF_FAIL_AT_(at);                                                           \
            printf("CHECK failed: %s", #cond);                                         \
            BF_FAIL_END_(at);                                                          \
        }                                                                              \
    } while (0)

#define CHECK_INT_AT(at, a, b)                                                         \
    do {                                                                               \
        long long va_ = (long long)(a), vb_ = (long long)(b);                          \
        if (va_ != vb_) {                                                              \
            BF_FAIL_AT_(at);                                                           \
            printf("%s == %lld, expected %s == %lld", #a, va_, #b, vb_);               \
            BF_FAIL_END_(at);                                                          \
        }                                                                              \
    } while (0)

#define CHECK_STR_AT(at, a, b)                                                         \
    do {                                                                               \
        const char *sa_ = (a), *sb_ = (b);                                             \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                   \
            BF_FAIL_AT_(at);                                                           \
            printf("%s is \"%s\", expected \"%s\"", #a, sa_ ? sa_ : "(null)",          \
                   sb_ ? sb_ : "(null)");                                              \
            BF_FAIL_END_(at);                                                          \
        }                                                                              \
    } while (0)

/* Stops the current test, or the helper it is in (use after a CHECK on something later lines
 * dereference). */
#define REQUIRE_AT(at, cond)                                                           \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            BF_FAIL_AT_(at);                                                           \
            printf("REQUIRE failed: %s", #cond);                                       \
            BF_FAIL_END_(at);                                                          \
            return;                                                                    \
        }                                                                              \
    } while (0)

#define CHECK(cond) CHECK_AT(0, cond)
#define CHECK_INT(a, b) CHECK_INT_AT(0, a, b)
#define CHECK_STR(a, b) CHECK_STR_AT(0, a, b)
#define REQUIRE(cond) REQUIRE_AT(0, cond)

/* Reads tests/<relpath> into a malloc'd NUL-terminated buffer (NULL and a failure if missing). */
char *bf_test_read_file(const char *relpath, size_t *len);

/* The scenario tests/scenarios/<name>.json as a snapshot (NULL: missing or unreadable, a failure counted
 * when missing); destroy it with bf_snapshot_destroy. */
struct bf_snapshot;
struct bf_snapshot *bf_test_scenario(const char *name);

/* How many times needle occurs in hay, not overlapping (needle not empty). */
static inline size_t bf_test_count(const char *hay, const char *needle)
{
    size_t c = 0, n = strlen(needle);
    const char *p = hay;
    while ((p = strstr(p, needle)) != NULL) {
        c++;
        p += n;
    }
    return c;
}

/* One test of a runner's list; citation: the documented rule it models (the windows-rules group), or NULL. */
typedef struct bf_test_case {
    const char *name;
    const char *citation;
    void (*fn)(void);
} bf_test_case;

/* The one runner loop (tests/core/main.c, tests/rules/main.c): runs the tests whose names contain filter
 * (NULL: all) up to the first without a name, prints "ok   name" or "FAIL name (N checks)", the citation
 * under each that has one, and "N passed, N failed"; returns the process exit code. */
static inline int bf_test_run(const bf_test_case *tests, const char *filter)
{
    int passed = 0, failed = 0;
    for (; tests->name; tests++) {
        if (filter && !strstr(tests->name, filter))
            continue;
        bf_test_failures = 0;
        tests->fn();
        if (bf_test_failures == 0) {
            passed++;
            printf("ok   %s\n", tests->name);
        } else {
            failed++;
            printf("FAIL %s (%d checks)\n", tests->name, bf_test_failures);
        }
        if (tests->citation)
            printf("     rule: %s\n", tests->citation);
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif
