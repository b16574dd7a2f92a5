/*
 * strbuf.h - growable UTF-8 text buffer used by every writer (JSON, text, reports).
 *
 * Out-of-memory is sticky: once an append fails, b->failed is set, later appends do nothing, and the
 * caller reports one error at the end instead of checking every call.
 */
#ifndef BF_STRBUF_H
#define BF_STRBUF_H

#include "base.h"

typedef struct bf_buf {
    char *data;     /* always NUL-terminated once anything was appended; NULL when empty */
    size_t len;
    size_t cap;
    bool failed;
} bf_buf;

void bf_buf_init(bf_buf *b);
void bf_buf_free(bf_buf *b);
void bf_buf_reset(bf_buf *b);   /* len = 0, keeps memory */
void bf_buf_append(bf_buf *b, const char *s, size_t n);
void bf_buf_puts(bf_buf *b, const char *s);
void bf_buf_putc(bf_buf *b, char c);
void bf_buf_printf(bf_buf *b, const char *fmt, ...)
    BF_PRINTF(2, 3)
    ;
/* Appends c `count` times (padding). */
void bf_buf_repeat(bf_buf *b, char c, size_t count);
/* Detaches the text (caller frees with free()); the buffer becomes empty. NULL if failed. */
char *bf_buf_take(bf_buf *b);
const char *bf_buf_cstr(const bf_buf *b);   /* "" when empty */

#endif
