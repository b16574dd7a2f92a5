/*
 * testlib.h - line-numbered assertions for the unit tests (native and under Wine).
 *
 * A test is `BF_TEST(name) { ... }` in any test file under tests/unit; the Makefile collects the names into
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

#define CHECK(cond)                                                                    \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            bf_test_failures++;                                                        \
            printf("  %s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);          \
        }                                                                              \
    } while (0)

#define CHECK_INT(a, b)                                                                \
    do {                                                                               \
        long long va_ = (long long)(a), vb_ = (long long)(b);                          \
        if (va_ != vb_) {                                                              \
            bf_test_failures++;                                                        \
            printf("  %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__,   \
                   #a, va_, #b, vb_);                                                  \
        }                                                                              \
    } while (0)

#define CHECK_STR(a, b)                                                                \
    do {                                                                               \
        const char *sa_ = (a), *sb_ = (b);                                             \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                   \
            bf_test_failures++;                                                        \
            printf("  %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,  \
                   sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");                        \
        }                                                                              \
    } while (0)

/* Stops the current test (use after a CHECK on something later lines dereference). */
#define REQUIRE(cond)                                                                  \
    do {                                                                               \
        if (!(cond)) {                                                                 \
            bf_test_failures++;                                                        \
            printf("  %s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond);        \
            return;                                                                    \
        }                                                                              \
    } while (0)

/* Reads tests/<relpath> into a malloc'd NUL-terminated buffer (NULL and a failure if missing). */
char *bf_test_read_file(const char *relpath, size_t *len);

#endif
