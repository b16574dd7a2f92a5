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
