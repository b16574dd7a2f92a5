/*
 * base.h - the portable core's basic conventions.
 *
 * Everything under core/ is plain C11 with no <windows.h>: it is built natively (and run under the
 * sanitizers, valgrind and libFuzzer) as well as cross-built for Windows.  Strings inside the core are
 * UTF-8; the Win32 layer converts at its boundary.
 *
 * Error convention of the core: a function that can fail returns bool (true = success) and fills a
 * caller-supplied bf_err with a human-readable message, plus the place (file, line, column) when the
 * failure is about input text.  A function that fails leaves its output parameters untouched.
 */
#ifndef BF_BASE_H
#define BF_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BF_TOOL_NAME "bindfix"
#define BF_TOOL_VERSION "0.1.0"

/* printf format checking. MinGW's "printf" archetype is the MSVCRT one (no %zu); the core is built
 * with __USE_MINGW_ANSI_STDIO=1, so it is checked against the C99 (gnu_printf) archetype there. */
#if defined(__MINGW32__)
#define BF_PRINTF(fmt, args) __attribute__((format(gnu_printf, fmt, args)))
#elif defined(__GNUC__)
#define BF_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define BF_PRINTF(fmt, args)
#endif

typedef struct bf_err {
    char msg[768];      /* complete sentence naming the place and the problem */
    char where[256];    /* file name (or "<demo>", "<stdin>") the error is about, may be empty */
    int line;           /* 1-based, 0 when not about text */
    int col;            /* 1-based, 0 when not about text */
    int code;           /* optional system error number (Win32 error, errno); 0 when none */
} bf_err;

/* Formats msg (printf-style); the place fields are left as they are. Always returns false so that
 * "return bf_fail(err, ...);" reads naturally. err may be NULL. */
bool bf_fail(bf_err *err, const char *fmt, ...)
    BF_PRINTF(2, 3)
    ;

/* Same, with a text position. */
bool bf_fail_at(bf_err *err, const char *where, int line, int col, const char *fmt, ...)
    BF_PRINTF(5, 6)
    ;

/* "FILE:LINE:COL: message" (or "FILE: message", or just the message) into out. */
void bf_err_format(const bf_err *err, char *out, size_t out_size);

void bf_err_clear(bf_err *err);

#define BF_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* ASCII case folding, the way Windows compares service names, host names and file name extensions here:
 * A-Z fold to a-z, every other byte (UTF-8 included) compares exactly. */
char bf_ascii_lower(char c);
/* a and b equal but for ASCII case. */
bool bf_ascii_eq_ci(const char *a, const char *b);
/* The alen bytes at a equal the whole of b but for ASCII case (a need not end there). */
bool bf_ascii_eq_ci_n(const char *a, size_t alen, const char *b);
/* s ends with suffix, but for ASCII case. */
bool bf_ascii_ends_with_ci(const char *s, const char *suffix);
/* needle occurs in hay (NULL: no), but for ASCII case. */
bool bf_ascii_contains_ci(const char *hay, const char *needle);

#endif
