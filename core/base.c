/* base.c - error records of the core (see base.h for the convention). */
#include "base.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void bf_err_clear(bf_err *err)
{
    if (err)
        memset(err, 0, sizeof(*err));
}

static void set_msg(bf_err *err, const char *fmt, va_list ap)
{
    vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
}

bool bf_fail(bf_err *err, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        set_msg(err, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool bf_fail_at(bf_err *err, const char *where, int line, int col, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        snprintf(err->where, sizeof(err->where), "%s", where ? where : "");
        err->line = line;
        err->col = col;
        va_start(ap, fmt);
        set_msg(err, fmt, ap);
        va_end(ap);
    }
    return false;
}

void bf_err_format(const bf_err *err, char *out, size_t out_size)
{
    if (!out || out_size == 0)
        return;
    if (!err) {
        snprintf(out, out_size, "unknown error");
    } else if (err->where[0] && err->line > 0) {
        snprintf(out, out_size, "%s:%d:%d: %s", err->where, err->line, err->col, err->msg);
    } else if (err->where[0]) {
        snprintf(out, out_size, "%s: %s", err->where, err->msg);
    } else {
        snprintf(out, out_size, "%s", err->msg);
    }
}

char bf_ascii_lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

bool bf_ascii_eq_ci_n(const char *a, size_t alen, const char *b)
{
    size_t i;
    for (i = 0; i < alen; i++)
        if (!b[i] || bf_ascii_lower(a[i]) != bf_ascii_lower(b[i]))
            return false;
    return b[alen] == '\0';
}

bool bf_ascii_eq_ci(const char *a, const char *b)
{
    return bf_ascii_eq_ci_n(a, strlen(a), b);
}

bool bf_ascii_ends_with_ci(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return m <= n && bf_ascii_eq_ci_n(s + n - m, m, suffix);
}

bool bf_ascii_contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle), i;
    if (!hay)
        return false;
    /* a shorter rest of hay stops at its NUL, which no byte of needle matches */
    for (i = 0; hay[i]; i++)
        if (bf_ascii_eq_ci_n(hay + i, n, needle))
            return true;
    return false;
}
