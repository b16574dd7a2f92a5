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

/* Limits the parser enforces, for every file bindfix reads as JSON (documented in help/snapshot-format.md). */
#define BF_JSON_MAX_DEPTH 64
#define BF_JSON_MAX_INPUT ((size_t)256 * 1024 * 1024)
#define BF_JSON_MAX_STRING ((size_t)1024 * 1024)

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
    const char *lazy;       /* bf_json_parse_lazy: a container checked but not built; where it starts */
};

bf_json *bf_json_parse(bf_arena *a, const char *text, size_t len, const char *where, bf_err *err);

/* As bf_json_parse (the whole text is checked: every error it reports is reported, at the same place),
 * but containers at nesting depth lazy_depth (the top value is depth 1) are not built: they come back
 * with type, line, col and `lazy` set, and bf_json_expand builds one when it is needed. String values
 * go to `strings`, everything else to `nodes`: a reader that keeps the strings can drop the nodes, and
 * build the elements of a big array one at a time into a scratch arena. */
bf_json *bf_json_parse_lazy(bf_arena *nodes, bf_arena *strings, const char *text, size_t len, const char *where,
                            int lazy_depth, bf_err *err);
/* bf_json_parse_lazy (lazy_depth 4) that hands some elements over as soon as each is read: an element of an
 * array that is member `inner` of an object that is member `outer` of the top object, when wants() says so,
 * is built into `scratch`, given to take() with its index, and left out of its array (which comes back
 * with fewer items: none, when all were taken). take() may empty scratch. A false from take() ends the
 * parse with NULL. A reader that turns elements into its model as they come needs no second pass over
 * them, and holds one at a time. */
typedef struct bf_json_taker {
    bool (*wants)(void *ctx, const char *outer, const char *inner);
    bool (*take)(void *ctx, const char *outer, const bf_json *element, size_t index);
    void *ctx;
    bf_arena *scratch;
} bf_json_taker;
bf_json *bf_json_parse_taking(bf_arena *nodes, bf_arena *strings, const char *text, size_t len, const char *where,
                              const bf_json_taker *taker, bf_err *err);

/* The container v in full (v itself when it is not lazy); text and len as given to the parse. NULL
 * only when out of memory. */
const bf_json *bf_json_expand(bf_arena *nodes, bf_arena *strings, const bf_json *v, const char *text, size_t len,
                              const char *where, bf_err *err);

/* Member of an object by name, NULL when absent (or when obj is not an object). */
const bf_json *bf_json_get(const bf_json *obj, const char *key);

const char *bf_json_type_name(bf_json_type t);

/* Appends s as a JSON string literal: quotes, backslash, control characters, U+2028/2029 escaped;
 * other UTF-8 kept as is. */
void bf_json_write_string(bf_buf *b, const char *s);

#endif
