/* strbuf.c - growable text buffer (see strbuf.h). */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void bf_buf_init(bf_buf *b)
{
    memset(b, 0, sizeof(*b));
}

void bf_buf_free(bf_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof(*b));
}

void bf_buf_reset(bf_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

static bool reserve(bf_buf *b, size_t extra)
{
    size_t need, cap;
    char *p;
    if (b->failed)
        return false;
    if (extra > SIZE_MAX - b->len - 1) {
        b->failed = true;
        return false;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
        cap *= 2;
    }
    p = realloc(b->data, cap);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void bf_buf_append(bf_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void bf_buf_puts(bf_buf *b, const char *s)
{
    if (s)
        bf_buf_append(b, s, strlen(s));
}

void bf_buf_putc(bf_buf *b, char c)
{
    bf_buf_append(b, &c, 1);
}

void bf_buf_repeat(bf_buf *b, char c, size_t count)
{
    if (!reserve(b, count))
        return;
    memset(b->data + b->len, c, count);
    b->len += count;
    b->data[b->len] = '\0';
}

void bf_buf_printf(bf_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char small[256];
    if (b->failed)
        return;
    va_start(ap, fmt);
    n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if ((size_t)n < sizeof(small)) {
        bf_buf_append(b, small, (size_t)n);
        return;
    }
    if (!reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *bf_buf_take(bf_buf *b)
{
    char *p;
    if (b->failed) {
        bf_buf_free(b);
        return NULL;
    }
    if (!b->data && !reserve(b, 0))
        return NULL;
    p = b->data;
    p[b->len] = '\0';
    memset(b, 0, sizeof(*b));
    return p;
}

const char *bf_buf_cstr(const bf_buf *b)
{
    return b->data ? b->data : "";
}
