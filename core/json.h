/*
 * json.h - strict RFC 8259 parser into a DOM in an arena, every value with its line and column, and the
 * string escaper the writers share.
 *
 * Strictness (documented in help/snapshot-format.md): valid UTF-8 only; no duplicate keys; no trailing
 * data; numbers must be integers that fit in 64 bits (the snapshot has no fractions); "\u0000" and
 * unpaired surrogates are refused because the model holds C strings of valid UTF-8.
 */
#ifndef BF_JSON_H
#define BF_JSON_H

#include "arena.h"
#include "strbuf.h"

typedef enum bf_json_type {
    BF_JSON_NULL, BF_JSON_BOOL, BF_JSON_INT, BF_JSON_STRING, BF_JSON_ARRAY, BF_JSON_OBJECT
} bf_json_type;

typedef struct bf_json bf_json;
struct bf_json {
    bf_json_type type;
    int line, col;          /* where the value starts, 1-based */
    bool boolean;
    long long integer;
    char *string;           /* UTF-8, NUL-terminated (no NUL inside: refused) */
    size_t count;           /* elements of an array / members of an object */
    bf_json **items;        /* values */
    char **keys;            /* object member names (NULL for arrays) */
    int *key_lines, *key_cols;
};

bf_json *bf_json_parse(bf_arena *a, const char *text, size_t len, const char *where, bf_err *err);

/* Member of an object by name, NULL when absent (or when obj is not an object). */
const bf_json *bf_json_get(const bf_json *obj, const char *key);

const char *bf_json_type_name(bf_json_type t);

/* Appends s as a JSON string literal: quotes, backslash, control characters, U+2028/2029 escaped;
 * other UTF-8 kept as is. */
void bf_json_write_string(bf_buf *b, const char *s);

#endif
