/*
 * json.c - strict RFC 8259 parser with positions, and the string writer (see json.h for the rules).
 *
 * Choices beyond json.h: a leading UTF-8 byte order mark is skipped (RFC 8259 8.1 allows it); columns
 * count Unicode code points, not bytes (what an editor shows); positions are kept by the scan as it goes
 * (and, for an error, counted once from a known place), so a huge one-line file costs linear time; duplicate keys are found with a hash once an object passes 16
 * members; numbers with a fraction or exponent are refused (the snapshot holds integers only).
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An object member while its object is being read (the DOM keeps parallel arrays, built at the end). */
typedef struct member {
    const char *key;
    const unsigned char *at;
    int line, col;
    bf_json *value;
} member;

/* An interned key: every key with the same bytes is one string, so duplicate keys compare as pointers
 * and a file of a million objects with the same eight keys stores eight keys. */
typedef struct intern_slot {
    const char *key;
    size_t len;
    uint32_t hash;
} intern_slot;

typedef struct parser {
    const unsigned char *begin, *p, *end;
    const char *where;
    bf_arena *arena;        /* nodes, member arrays (the taker's scratch while an element is taken) */
    bf_arena *key_arena;    /* interned keys */
    const bf_json_taker *taker;
    const char *path[4];    /* path[d]: the member key an object at depth d is reading (NULL in an array) */
    size_t elem_index;      /* index of the value parse_value reads in its array; SIZE_MAX: not in an array */
    bf_arena *strings;      /* string values (the snapshot reader keeps them, and only them) */
    bf_err *err;
    int lazy_depth;         /* containers at this depth are checked but not built (bf_json_parse_lazy) */
    bool checked;           /* bf_json_expand: the text was checked already (no duplicate keys) */
    int skipping;           /* > 0 inside such a container: nothing is allocated */
    bf_json skipped;        /* what parse_value returns there */
    /* Scratch stacks shared by all nesting levels (malloc'd, reused): members of the open objects and
     * items of the open arrays, copied to exact-size arena arrays when a container closes. Growing them
     * inside the arena left every outgrown copy behind (the reader peaked at 7 times its input). */
    member *members;
    size_t member_count, member_cap;
    bf_json **items;
    size_t item_count, item_cap;
    unsigned char *tmp;     /* a decoded key or skipped string */
    size_t tmp_cap;
    intern_slot *interned;
    size_t intern_count, intern_size;
    intern_slot recent[16];     /* the interned key last seen as member #i of an object */
    bool oom;
    /* The scan's own position, kept as it goes: line breaks can only stand in whitespace (raw ones in a
     * string are refused), so skip_ws counts lines; a column is the bytes since the line's start less the
     * UTF-8 continuation bytes among them, which only strings contain (parse_string_to counts them).
     * So where a value or key starts costs no second look at the text. */
    int line;
    const unsigned char *line_start;
    ptrdiff_t col_base;     /* column of line_start, plus the continuation bytes counted before it */
    size_t cont;            /* continuation bytes read so far */
    /* Position cache for error messages (any place, also an earlier one): computed from the last one
     * asked for, so a 256 MB one-line file costs linear time. */
    const unsigned char *pos_at;
    int pos_line, pos_col;
    /* First room for the scratch stacks, so that expanding one small element needs no malloc. */
    member members_local[32];
    bf_json *items_local[64];
} parser;

/* ---- UTF-8 ---- */

static size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    uint32_t c;
    size_t len, i;
    if (n == 0)
        return 0;
    c = s[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
        c &= 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        c &= 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        c &= 0x07;
    } else {
        return 0;   /* continuation byte, overlong lead (C0, C1) or beyond U+10FFFF (F5..FF) */
    }
    if (n < len)
        return 0;
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && c < 0x800) || (len == 4 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;   /* overlong, out of range, or an encoded surrogate */
    *cp = c;
    return len;
}

static size_t utf8_encode(uint32_t cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* ---- positions and messages ---- */


/* Where `at` is, for an error message: may be any place in the text. */
static void position(parser *ps, const unsigned char *at, int *line, int *col)
{
    const unsigned char *q, *nl;
    if (at < ps->pos_at) {  /* only for an error message about an earlier place; stay correct */
        ps->pos_at = ps->begin;
        ps->pos_line = 1;
        ps->pos_col = 1;
    }
    q = ps->pos_at;
    while ((nl = memchr(q, '\n', (size_t)(at - q))) != NULL) {
        ps->pos_line++;
        ps->pos_col = 1;
        q = nl + 1;
    }
    for (; q < at; q++)
        ps->pos_col += (*q & 0xC0) != 0x80;  /* count code points: continuation bytes do not move the column */
    ps->pos_at = at;
    *line = ps->pos_line;
    *col = ps->pos_col;
}

/* Where `at` is when the scan is there (or past it on the same line with no string in between): the
 * start of a value or key. */
static void here(const parser *ps, const unsigned char *at, int *line, int *col)
{
    *line = ps->line;
    *col = (int)((at - ps->line_start) - (ptrdiff_t)ps->cont + ps->col_base);
}

/* Words for what stands at `at`: "end of input", "'x'", "a line break (U+000A)", "byte 0xFF (not valid
 * UTF-8)", "'é' (U+00E9)". */
static const char *describe(const parser *ps, const unsigned char *at, char *buf, size_t size)
{
    uint32_t cp;
    size_t k;
    if (at >= ps->end)
        return "end of input";
    if (*at == '\n')
        return "a line break (U+000A)";
    if (*at == '\r')
        return "a carriage return (U+000D)";
    if (*at == '\t')
        return "a tab (U+0009)";
    if (*at < 0x20 || *at == 0x7F) {
        snprintf(buf, size, "control character U+%04X", (unsigned)*at);
        return buf;
    }
    if (*at < 0x80) {
        snprintf(buf, size, "'%c'", *at);
        return buf;
    }
    k = utf8_decode(at, (size_t)(ps->end - at), &cp);
    if (!k) {
        snprintf(buf, size, "byte 0x%02X (not valid UTF-8)", (unsigned)*at);
        return buf;
    }
    snprintf(buf, size, "'%.*s' (U+%04X)", (int)k, (const char *)at, (unsigned)cp);
    return buf;
}

static bool fail_at_ptr(parser *ps, const unsigned char *at, const char *fmt, ...)
    BF_PRINTF(3, 4)
    ;

#include <stdarg.h>

static bool fail_at_ptr(parser *ps, const unsigned char *at, const char *fmt, ...)
{
    char msg[600];
    int line, col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    position(ps, at, &line, &col);
    return bf_fail_at(ps->err, ps->where, line, col, "%s", msg);
}

/* "expected WHAT but found X" at the current position. */
static bool expected(parser *ps, const char *what)
{
    char buf[64];
    return fail_at_ptr(ps, ps->p, "expected %s but found %s", what, describe(ps, ps->p, buf, sizeof(buf)));
}

static void skip_ws_run(parser *ps)
{
    const unsigned char *p = ps->p, *end = ps->end;
    while (p < end) {
        unsigned char c = *p;
        if (c == ' ' || c == '\t' || c == '\r') {
            p++;
        } else if (c == '\n') {
            p++;
            ps->line++;
            ps->line_start = p;
            ps->col_base = (ptrdiff_t)ps->cont + 1;
            /* indentation, eight spaces at a time (a pretty-printed file is half spaces) */
            while (end - p >= 8 && memcmp(p, "        ", 8) == 0)
                p += 8;
        } else {
            break;
        }
    }
    ps->p = p;
}

static inline void skip_ws(parser *ps)
{
    if (ps->p < ps->end && *ps->p > ' ')
        return;     /* no whitespace here: the usual case between tokens of a compact file */
    skip_ws_run(ps);
}

static bf_json *new_value(parser *ps, bf_json_type type, const unsigned char *at)
{
    bf_json *v;
    if (ps->skipping)
        return &ps->skipped;
    v = bf_arena_alloc_raw(ps->arena, sizeof(*v));
    if (!v) {
        fail_at_ptr(ps, at, "out of memory while reading JSON");
        return NULL;
    }
    *v = (bf_json){.type = type};
    here(ps, at, &v->line, &v->col);
    return v;
}

/* ---- strings ---- */

static bool hex4_digit(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int hex4(const unsigned char *s, const unsigned char *end)
{
    int v = 0, i;
    if (end - s < 4)
        return -1;
    for (i = 0; i < 4; i++) {
        int c = s[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static bool grow_tmp(parser *ps, size_t need)
{
    if (ps->tmp_cap < need) {
        size_t cap = ps->tmp_cap ? ps->tmp_cap : 256;
        unsigned char *t;
        while (cap < need)
            cap *= 2;
        t = realloc(ps->tmp, cap);
        if (!t)
            return false;
        ps->tmp = t;
        ps->tmp_cap = cap;
    }
    return true;
}

/* 1 for a byte that stands for itself in a string: printable ASCII but the quote and the backslash. */
static const unsigned char plain_byte[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* parse_string_to for a string with an escape, a byte beyond ASCII, or an error. */
static bool parse_string_slow(parser *ps, bf_arena *dst, const char **out, size_t *out_len)
{
    const unsigned char *open = ps->p, *q;
    size_t raw = 0, cap, n = 0;
    unsigned char *buf;
    char tmp[64];
    bool to_tmp = dst == NULL;

    /* Find the closing quote first so the buffer can be sized (decoding never grows the text). */
    q = open + 1;
    for (;;) {
        const unsigned char *stop = memchr(q, '"', (size_t)(ps->end - q));
        const unsigned char *bs;
        if (!stop) {
            q = ps->end;
            break;
        }
        /* a quote preceded by an odd run of backslashes is escaped */
        for (bs = stop; bs > q && bs[-1] == '\\'; bs--)
            ;
        if (((size_t)(stop - bs) & 1) == 0) {
            q = stop;
            break;
        }
        q = stop + 1;
    }
    if (q >= ps->end) {
        int line, col;
        position(ps, open, &line, &col);
        ps->p = ps->end;
        return fail_at_ptr(ps, ps->end, "expected '\"' to close the string that starts at line %d, column %d "
                           "but found end of input", line, col);
    }
    raw = (size_t)(q - open - 1);
    cap = raw < BF_JSON_MAX_STRING ? raw : BF_JSON_MAX_STRING;
    if (to_tmp)
        buf = grow_tmp(ps, cap + 1) ? ps->tmp : NULL;
    else
        buf = bf_arena_alloc_raw(dst, cap + 1);
    if (!buf)
        return fail_at_ptr(ps, open, "out of memory while reading a string");

    ps->p = open + 1;
    /* the common case: plain printable ASCII up to the quote, copied at once */
    {
        const unsigned char *r = ps->p;
        while (r < q && *r >= 0x20 && *r < 0x80 && *r != '\\')
            r++;
        if (r == q && raw <= cap) {
            memcpy(buf, ps->p, raw);
            n = raw;
            ps->p = q;
        }
    }
    for (;;) {
        unsigned char enc[4];
        size_t k;
        uint32_t cp;
        const unsigned char *at = ps->p;
        unsigned char c = *ps->p;  /* the closing quote found above bounds this loop */
        if (c == '"') {
            ps->p++;
            break;
        }
        if (c == '\\') {
            unsigned char e = ps->p[1];  /* exists: a backslash is never the last byte before the quote */
            switch (e) {
            case '"': enc[0] = '"'; k = 1; break;
            case '\\': enc[0] = '\\'; k = 1; break;
            case '/': enc[0] = '/'; k = 1; break;
            case 'b': enc[0] = '\b'; k = 1; break;
            case 'f': enc[0] = '\f'; k = 1; break;
            case 'n': enc[0] = '\n'; k = 1; break;
            case 'r': enc[0] = '\r'; k = 1; break;
            case 't': enc[0] = '\t'; k = 1; break;
            case 'u': {
                int h = hex4(ps->p + 2, ps->end);
                if (h < 0) {
                    int i;
                    /* point at the first character that is not a hex digit */
                    ps->p += 2;
                    for (i = 0; i < 4 && ps->p < ps->end && hex4_digit(*ps->p); i++)
                        ps->p++;
                    return expected(ps, "four hexadecimal digits after \\u");
                }
                cp = (uint32_t)h;
                if (cp == 0)
                    return fail_at_ptr(ps, at, "\\u0000 (NUL) is not allowed in a string: bindfix keeps text as "
                                       "C strings, where NUL would end the text early");
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail_at_ptr(ps, at, "unpaired surrogate \\u%04X: a low surrogate must follow a high "
                                       "surrogate (\\uD800-\\uDBFF)", (unsigned)cp);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    int lo = -1;
                    if (ps->end - (ps->p + 6) >= 6 && ps->p[6] == '\\' && ps->p[7] == 'u')
                        lo = hex4(ps->p + 8, ps->end);
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        ps->p += 6;
                        return fail_at_ptr(ps, at, "unpaired surrogate \\u%04X: expected a low surrogate "
                                           "\\uDC00-\\uDFFF to follow but found %s", (unsigned)cp,
                                           describe(ps, at + 6, tmp, sizeof(tmp)));
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                    ps->p += 6;
                }
                ps->p += 4;
                k = utf8_encode(cp, enc);
                break;
            }
            default:
                ps->p++;
                return expected(ps, "an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after the backslash");
            }
            ps->p += 2;
        } else if (c < 0x20) {
            return fail_at_ptr(ps, at, "expected an escape sequence but found raw %s inside a string "
                               "(control characters must be written as \\n, \\t or \\u00XX)",
                               describe(ps, at, tmp, sizeof(tmp)));
        } else if (c < 0x80) {
            enc[0] = c;
            k = 1;
            ps->p++;
        } else {
            k = utf8_decode(ps->p, (size_t)(q - ps->p), &cp);
            if (!k)
                return fail_at_ptr(ps, at, "expected valid UTF-8 but found byte 0x%02X inside a string", c);
            memcpy(enc, ps->p, k);
            ps->p += k;
            ps->cont += k - 1;      /* for the column of what follows on this line */
        }
        if (n + k > cap)
            return fail_at_ptr(ps, open, "string longer than the limit of %zu bytes", (size_t)BF_JSON_MAX_STRING);
        memcpy(buf + n, enc, k);
        n += k;
    }
    buf[n] = '\0';
    if (out) {
        *out = (const char *)buf;
        *out_len = n;
    }
    return true;
}

/* p at the opening quote.  Decodes into dst, or (dst NULL: a key, or a string of a skipped container)
 * into ps->tmp; out NULL: checks only. On success p is after the closing quote. */
static inline bool parse_string_to(parser *ps, bf_arena *dst, const char **out, size_t *out_len)
{
    const unsigned char *open = ps->p, *q = open + 1;
    unsigned char *buf;
    size_t n;

    /* The common case, in one look: plain ASCII up to the closing quote, copied at once. Eight bytes
     * at a time: the borrow tricks flag every byte that needs a second look (a control character, a
     * quote, a backslash, a byte of 0x80 and above), and the lowest flag is never a false one. */
    while (ps->end - q >= 8) {
        uint64_t w, quote, bslash, flags;
        const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
        memcpy(&w, q, 8);
        quote = w ^ (ones * '"');
        bslash = w ^ (ones * '\\');
        flags = (((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((bslash - ones) & ~bslash) | w) & highs;
        if (flags) {
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            q += __builtin_ctzll(flags) / 8;
#endif
            break;
        }
        q += 8;
    }
    while (q < ps->end && plain_byte[*q])
        q++;
    if (q >= ps->end || *q != '"' || (size_t)(q - open - 1) > BF_JSON_MAX_STRING)
        return parse_string_slow(ps, dst, out, out_len);
    n = (size_t)(q - open - 1);
    ps->p = q + 1;
    if (!out)           /* only checked (a string of a skipped container) */
        return true;
    buf = dst ? bf_arena_alloc_raw(dst, n + 1) : grow_tmp(ps, n + 1) ? ps->tmp : NULL;
    if (!buf) {
        ps->p = open;
        return fail_at_ptr(ps, open, "out of memory while reading a string");
    }
    memcpy(buf, open + 1, n);
    buf[n] = '\0';
    *out = (const char *)buf;
    *out_len = n;
    return true;
}


/* ---- numbers ---- */

static bool is_digit(const parser *ps, const unsigned char *q)
{
    return q < ps->end && *q >= '0' && *q <= '9';
}

static bf_json *parse_number(parser *ps)
{
    const unsigned char *start = ps->p;
    bool integer = true, negative = false;
    bf_json *v;
    if (*ps->p == '-') {
        negative = true;
        ps->p++;
    }
    if (!is_digit(ps, ps->p)) {
        if (ps->p < ps->end && *ps->p == 'I')
            return fail_at_ptr(ps, start, "expected a number but found -Infinity, which JSON does not have "
                               "(write null)"), NULL;
        return expected(ps, "a digit after '-'"), NULL;
    }
    if (*ps->p == '0' && is_digit(ps, ps->p + 1))
        return fail_at_ptr(ps, start, "expected a number without leading zeros but found '0' followed by a "
                           "digit"), NULL;
    while (is_digit(ps, ps->p))
        ps->p++;
    if (ps->p < ps->end && *ps->p == '.') {
        integer = false;
        ps->p++;
        if (!is_digit(ps, ps->p))
            return expected(ps, "a digit after the decimal point"), NULL;
        while (is_digit(ps, ps->p))
            ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E')) {
        integer = false;
        ps->p++;
        if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
            ps->p++;
        if (!is_digit(ps, ps->p))
            return expected(ps, "a digit in the exponent"), NULL;
        while (is_digit(ps, ps->p))
            ps->p++;
    }
    if (!integer) {
        int len = (int)(ps->p - start);
        return fail_at_ptr(ps, start, "expected an integer but found the number %.*s%s (bindfix files hold "
                           "integers only)", len > 40 ? 40 : len, (const char *)start, len > 40 ? "..." : ""), NULL;
    }
    v = new_value(ps, BF_JSON_INT, start);
    if (!v)
        return NULL;
    {
        /* Accumulate towards negative so that LLONG_MIN itself fits. */
        long long acc = 0;
        const unsigned char *q = start + (negative ? 1 : 0);
        for (; q < ps->p; q++) {
            int d = *q - '0';
            if (acc < (-9223372036854775807LL - 1 + d) / 10) {
                int len = (int)(ps->p - start);
                return fail_at_ptr(ps, start, "expected an integer that fits in 64 bits (-9223372036854775808 to "
                                   "9223372036854775807) but found %.*s%s", len > 40 ? 40 : len,
                                   (const char *)start, len > 40 ? "..." : ""), NULL;
            }
            acc = acc * 10 - d;
        }
        if (!negative) {
            if (acc == -9223372036854775807LL - 1)
                return fail_at_ptr(ps, start, "expected an integer that fits in 64 bits (-9223372036854775808 to "
                                   "9223372036854775807) but found %.*s", (int)(ps->p - start),
                                   (const char *)start), NULL;
            acc = -acc;
        }
        v->integer = acc;
    }
    return v;
}

/* ---- containers ---- */

static bf_json *parse_value(parser *ps, int depth);

static uint32_t key_hash_n(const char *s, size_t n)
{
    uint32_t h = 2166136261u;   /* FNV-1a */
    size_t i;
    for (i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static uint32_t key_hash(const char *s)
{
    return key_hash_n(s, strlen(s));
}

/* The one copy of key (len bytes in ps->tmp), in the node arena; NULL when out of memory. */
static const char *intern(parser *ps, const char *key, size_t len)
{
    uint32_t h = key_hash_n(key, len);
    size_t mask, i;
    char *copy;
    if (ps->intern_count * 2 >= ps->intern_size) {
        size_t size = ps->intern_size ? ps->intern_size * 2 : 256, j;
        intern_slot *t = calloc(size, sizeof *t);
        if (!t)
            return NULL;
        for (j = 0; j < ps->intern_size; j++)
            if (ps->interned[j].key) {
                size_t k = ps->interned[j].hash & (size - 1);
                while (t[k].key)
                    k = (k + 1) & (size - 1);
                t[k] = ps->interned[j];
            }
        free(ps->interned);
        ps->interned = t;
        ps->intern_size = size;
    }
    mask = ps->intern_size - 1;
    for (i = h & mask; ps->interned[i].key; i = (i + 1) & mask)
        if (ps->interned[i].hash == h && ps->interned[i].len == len && memcmp(ps->interned[i].key, key, len) == 0)
            return ps->interned[i].key;
    copy = bf_arena_strndup(ps->key_arena, key, len);
    if (!copy)
        return NULL;
    ps->interned[i].key = copy;
    ps->interned[i].len = len;
    ps->interned[i].hash = h;
    ps->intern_count++;
    return copy;
}

/* Duplicate-key index for one object: linear search while small, then an open-addressing table so a
 * hostile object with a million keys costs linear time, not quadratic. Keys are interned: equal keys
 * are the same pointer. */
typedef struct key_index {
    uint32_t *slots;    /* member index + 1; 0 = empty */
    size_t size;        /* power of two */
} key_index;

static void key_index_insert(key_index *ix, const member *members, size_t i)
{
    size_t mask = ix->size - 1, h = key_hash(members[i].key) & mask;
    while (ix->slots[h])
        h = (h + 1) & mask;
    ix->slots[h] = (uint32_t)(i + 1);
}

static const member *find_duplicate(key_index *ix, const member *members, size_t count, const char *key, bool *oom)
{
    size_t i;
    *oom = false;
    if (count < 16) {
        for (i = 0; i < count; i++)
            if (members[i].key == key)
                return &members[i];
        return NULL;
    }
    if (ix->size < count * 2) {
        size_t size = ix->size ? ix->size : 64;
        uint32_t *slots;
        while (size < count * 4)
            size *= 2;
        slots = calloc(size, sizeof(uint32_t));
        if (!slots) {
            *oom = true;
            return NULL;
        }
        free(ix->slots);
        ix->slots = slots;
        ix->size = size;
        for (i = 0; i < count; i++)
            key_index_insert(ix, members, i);
    }
    {
        size_t mask = ix->size - 1, h = key_hash(key) & mask;
        while (ix->slots[h]) {
            const member *m = &members[ix->slots[h] - 1];
            if (m->key == key)
                return m;
            h = (h + 1) & mask;
        }
    }
    return NULL;
}

/* Doubles a scratch stack that starts in the parser itself (local). */
static bool grow_stack(void **stack, void *local, size_t *cap, size_t elem_size)
{
    size_t ncap = *cap * 2;
    void *grown;
    if (ncap > SIZE_MAX / 2 / elem_size)
        return false;
    if (*stack == local) {
        grown = malloc(ncap * elem_size);
        if (grown)
            memcpy(grown, local, *cap * elem_size);
    } else {
        grown = realloc(*stack, ncap * elem_size);
    }
    if (!grown)
        return false;
    *stack = grown;
    *cap = ncap;
    return true;
}

static bf_json *parse_object(parser *ps, int depth)
{
    bf_json *obj = new_value(ps, BF_JSON_OBJECT, ps->p);
    size_t base = ps->member_count, count = 0;
    key_index ix = {NULL, 0};
    bf_json *result = NULL;
    if (!obj)
        return NULL;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == '}') {
        ps->p++;
        return obj;
    }
    for (;;) {
        const char *key;
        size_t key_len;
        const unsigned char *key_at;
        const member *dup;
        member *m;
        bool oom;
        int key_line = 0, key_col = 0;
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != '"') {
            expected(ps, count == 0 ? "a string key or '}'" : "a string key after ','");
            goto out;
        }
        key_at = ps->p;
        if (!ps->skipping)
            here(ps, key_at, &key_line, &key_col);
        if (!parse_string_to(ps, ps->checked ? ps->arena : NULL, &key, &key_len))
            goto out;
        if (!ps->checked) {
            /* Objects of one kind repeat their keys in one order: try the key last seen at this place
             * before hashing. */
            size_t slot = count < BF_COUNTOF(ps->recent) ? count : BF_COUNTOF(ps->recent) - 1;
            const intern_slot *recent = &ps->recent[slot];
            if (recent->key && recent->len == key_len && memcmp(recent->key, key, key_len) == 0) {
                key = recent->key;
            } else {
                key = intern(ps, key, key_len);
                ps->recent[slot].key = key;
                ps->recent[slot].len = key_len;
            }
        }
        if (!key) {
            fail_at_ptr(ps, key_at, "out of memory while reading an object");
            goto out;
        }
        if (count && !ps->checked && (dup = find_duplicate(&ix, ps->members + base, count, key, &oom)) != NULL) {
            int dup_line = dup->line, dup_col = dup->col;
            if (ps->skipping)   /* positions of skipped keys are found only when an error needs one */
                position(ps, dup->at, &dup_line, &dup_col);
            fail_at_ptr(ps, key_at, "duplicate key \"%.100s\" in this object (first at line %d, column %d)", key,
                        dup_line, dup_col);
            goto out;
        }
        if (count && !ps->checked && oom) {
            fail_at_ptr(ps, key_at, "out of memory while reading an object");
            goto out;
        }
        if (ps->member_count == ps->member_cap &&
            !grow_stack((void **)&ps->members, ps->members_local, &ps->member_cap, sizeof *ps->members)) {
            fail_at_ptr(ps, key_at, "out of memory while reading an object");
            goto out;
        }
        m = &ps->members[ps->member_count++];
        count++;
        m->key = key;
        m->value = NULL;
        m->at = key_at;
        m->line = key_line;
        m->col = key_col;
        if (ix.size)
            key_index_insert(&ix, ps->members + base, count - 1);
        skip_ws(ps);
        if (ps->p >= ps->end || *ps->p != ':') {
            char what[160];
            snprintf(what, sizeof(what), "':' after the key \"%.100s\"", key);
            expected(ps, what);
            goto out;
        }
        ps->p++;
        /* the stack may move while the value is read: re-take the member by index */
        {
            bf_json *v;
            if (depth < (int)BF_COUNTOF(ps->path))
                ps->path[depth] = key;
            ps->elem_index = SIZE_MAX;
            v = parse_value(ps, depth);
            if (!v)
                goto out;
            ps->members[base + count - 1].value = v;
        }
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == '}') {
            ps->p++;
            break;
        }
        expected(ps, "',' or '}' after an object member");
        goto out;
    }
    if (ps->skipping) {
        result = obj;
        goto out;
    }
    obj->count = count;
    {
        /* the four member arrays in one block (written in full below) */
        size_t elem = 2 * sizeof(void *) + 2 * sizeof(int);
        char *block = count > SIZE_MAX / 2 / elem ? NULL : bf_arena_alloc_raw(ps->arena, count * elem);
        if (!block) {
            fail_at_ptr(ps, ps->p, "out of memory while reading an object");
            goto out;
        }
        obj->keys = (char **)block;
        obj->items = (bf_json **)(block + count * sizeof(char *));
        obj->key_lines = (int *)(block + count * 2 * sizeof(void *));
        obj->key_cols = obj->key_lines + count;
    }
    for (size_t i = 0; i < count; i++) {
        const member *mi = &ps->members[base + i];
        obj->keys[i] = (char *)mi->key;
        obj->items[i] = mi->value;
        obj->key_lines[i] = mi->line;
        obj->key_cols[i] = mi->col;
    }
    result = obj;
out:
    free(ix.slots);
    ps->member_count = base;
    return result;
}

static bf_json *parse_array(parser *ps, int depth)
{
    bf_json *arr = new_value(ps, BF_JSON_ARRAY, ps->p);
    size_t base = ps->item_count, count = 0, kept;
    bf_json *result = NULL;
    if (!arr)
        return NULL;
    if (depth < (int)BF_COUNTOF(ps->path))
        ps->path[depth] = NULL;
    ps->p++;
    skip_ws(ps);
    if (ps->p < ps->end && *ps->p == ']') {
        ps->p++;
        return arr;
    }
    for (;;) {
        bf_json *v;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ']' && count > 0) {
            expected(ps, "a value after ','");
            goto out;
        }
        ps->elem_index = count;
        v = parse_value(ps, depth);
        if (!v)
            goto out;
        if (!ps->skipping && v != &ps->skipped) {     /* (not one the taker took) */
            if (ps->item_count == ps->item_cap &&
                !grow_stack((void **)&ps->items, ps->items_local, &ps->item_cap, sizeof *ps->items)) {
                fail_at_ptr(ps, ps->p, "out of memory while reading an array");
                goto out;
            }
            ps->items[ps->item_count++] = v;
        }
        count++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == ',') {
            ps->p++;
            continue;
        }
        if (ps->p < ps->end && *ps->p == ']') {
            ps->p++;
            break;
        }
        expected(ps, "',' or ']' after an array element");
        goto out;
    }
    if (!ps->skipping) {
        kept = ps->item_count - base;
        arr->items = bf_arena_alloc_array(ps->arena, kept, sizeof(bf_json *));
        if (!arr->items) {
            fail_at_ptr(ps, ps->p, "out of memory while reading an array");
            goto out;
        }
        memcpy(arr->items, ps->items + base, kept * sizeof(bf_json *));
        arr->count = kept;
    }
    result = arr;
out:
    ps->item_count = base;
    return result;
}

static bool match_word(const parser *ps, const char *word)
{
    size_t n = strlen(word);
    return (size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0;
}

static bf_json *parse_value(parser *ps, int depth)
{
    bf_json *v;
    size_t slen;
    skip_ws(ps);
    if (ps->p >= ps->end)
        return expected(ps, "a value"), NULL;
    switch (*ps->p) {
    case '{':
    case '[':
        if (depth >= BF_JSON_MAX_DEPTH)
            return fail_at_ptr(ps, ps->p, "expected at most %d nested arrays/objects but found deeper nesting",
                               BF_JSON_MAX_DEPTH), NULL;
        if (depth + 1 == ps->lazy_depth && !ps->skipping) {
            /* checked in full now, built later by bf_json_expand; or built now for the taker */
            const unsigned char *at = ps->p;
            if (ps->taker && depth == 3 && ps->elem_index != SIZE_MAX && ps->path[1] && ps->path[2] &&
                ps->taker->wants(ps->taker->ctx, ps->path[1], ps->path[2])) {
                bf_arena *nodes = ps->arena;
                const char *outer = ps->path[1];
                size_t index = ps->elem_index;
                bf_json *el;
                ps->arena = ps->taker->scratch;
                el = *at == '{' ? parse_object(ps, depth + 1) : parse_array(ps, depth + 1);
                ps->arena = nodes;
                if (!el || !ps->taker->take(ps->taker->ctx, outer, el, index))
                    return NULL;
                return &ps->skipped;    /* parse_array leaves it out */
            }
            bf_json *lazy = new_value(ps, *at == '{' ? BF_JSON_OBJECT : BF_JSON_ARRAY, at);
            bf_json *done;
            if (!lazy)
                return NULL;
            ps->skipping++;
            done = *at == '{' ? parse_object(ps, depth + 1) : parse_array(ps, depth + 1);
            ps->skipping--;
            if (!done)
                return NULL;
            lazy->lazy = (const char *)at;
            return lazy;
        }
        return *ps->p == '{' ? parse_object(ps, depth + 1) : parse_array(ps, depth + 1);
    case '"':
        v = new_value(ps, BF_JSON_STRING, ps->p);
        if (!v || !parse_string_to(ps, ps->skipping ? NULL : ps->strings, ps->skipping ? NULL : (const char **)&v->string, &slen))
            return NULL;
        return v;
    case 't':
    case 'f':
    case 'n':
        if (match_word(ps, "true") || match_word(ps, "false") || match_word(ps, "null")) {
            bool is_null = *ps->p == 'n';
            v = new_value(ps, is_null ? BF_JSON_NULL : BF_JSON_BOOL, ps->p);
            if (!v)
                return NULL;
            v->boolean = *ps->p == 't';
            ps->p += *ps->p == 'f' ? 5 : 4;
            return v;
        }
        break;
    case 'N':
    case 'I':
        if (match_word(ps, "NaN") || match_word(ps, "Infinity"))
            return fail_at_ptr(ps, ps->p, "expected a value but found %s, which JSON does not have (write null)",
                               *ps->p == 'N' ? "NaN" : "Infinity"), NULL;
        break;
    default:
        if (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9'))
            return parse_number(ps);
        break;
    }
    return expected(ps, "a value (object, array, string, number, true, false or null)"), NULL;
}

static void parser_init(parser *ps, bf_arena *nodes, bf_arena *strings, const char *text, size_t len,
                        const char *where, bf_err *err)
{
    memset(ps, 0, sizeof(*ps));
    ps->begin = ps->p = ps->pos_at = (const unsigned char *)(text ? text : "");
    ps->end = ps->begin + (text ? len : 0);
    ps->where = where ? where : "";
    ps->arena = ps->key_arena = nodes;
    ps->strings = strings;
    ps->elem_index = SIZE_MAX;
    ps->err = err;
    ps->pos_line = ps->pos_col = 1;
    ps->line = 1;
    ps->line_start = ps->begin;
    ps->col_base = 1;
    ps->lazy_depth = -1;
    ps->members = ps->members_local;
    ps->member_cap = BF_COUNTOF(ps->members_local);
    ps->items = ps->items_local;
    ps->item_cap = BF_COUNTOF(ps->items_local);
}

static void parser_free(parser *ps)
{
    if (ps->members != ps->members_local)
        free(ps->members);
    if (ps->items != ps->items_local)
        free(ps->items);
    free(ps->tmp);
    free(ps->interned);
}

static bf_json *parse_text(bf_arena *nodes, bf_arena *strings, const char *text, size_t len, const char *where,
                           int lazy_depth, const bf_json_taker *taker, bf_err *err)
{
    parser ps;
    bf_json *v;
    parser_init(&ps, nodes, strings, text, len, where, err);
    ps.lazy_depth = lazy_depth;
    ps.taker = taker;
    if (len > BF_JSON_MAX_INPUT) {
        bf_fail_at(err, ps.where, 0, 0, "input is %zu bytes, more than the limit of %zu bytes", len,
                   (size_t)BF_JSON_MAX_INPUT);
        return NULL;
    }
    if (ps.end - ps.p >= 3 && ps.p[0] == 0xEF && ps.p[1] == 0xBB && ps.p[2] == 0xBF) {
        ps.p += 3;          /* byte order mark: allowed to be ignored by RFC 8259 8.1 */
        ps.pos_at = ps.line_start = ps.p;   /* and it takes no column */
    }
    v = parse_value(&ps, 0);
    if (v) {
        skip_ws(&ps);
        if (ps.p < ps.end) {
            expected(&ps, "end of input after the JSON value");
            v = NULL;
        }
    }
    parser_free(&ps);
    return v;
}

bf_json *bf_json_parse_taking(bf_arena *nodes, bf_arena *strings, const char *text, size_t len, const char *where,
                              const bf_json_taker *taker, bf_err *err)
{
    return parse_text(nodes, strings, text, len, where, 4, taker, err);
}

bf_json *bf_json_parse_lazy(bf_arena *nodes, bf_arena *strings, const char *text, size_t len, const char *where,
                            int lazy_depth, bf_err *err)
{
    return parse_text(nodes, strings, text, len, where, lazy_depth, NULL, err);
}

bf_json *bf_json_parse(bf_arena *arena, const char *text, size_t len, const char *where, bf_err *err)
{
    return bf_json_parse_lazy(arena, arena, text, len, where, -1, err);
}

const bf_json *bf_json_expand(bf_arena *nodes, bf_arena *strings, const bf_json *v, const char *text, size_t len,
                              const char *where, bf_err *err)
{
    parser ps;
    bf_json *full;
    if (!v || !v->lazy)
        return v;
    parser_init(&ps, nodes, strings, text, len, where, err);
    ps.p = ps.pos_at = (const unsigned char *)v->lazy;
    ps.checked = true;
    ps.pos_line = ps.line = v->line;
    ps.pos_col = v->col;
    ps.line_start = ps.p;
    ps.col_base = v->col;
    full = parse_value(&ps, 0);   /* checked when it was skipped: only memory can fail here */
    parser_free(&ps);
    return full;
}

const bf_json *bf_json_get(const bf_json *obj, const char *key)
{
    size_t i;
    if (!obj || obj->type != BF_JSON_OBJECT)
        return NULL;
    for (i = 0; i < obj->count; i++)
        if (obj->keys[i][0] == key[0] && strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

const char *bf_json_type_name(bf_json_type t)
{
    switch (t) {
    case BF_JSON_NULL: return "null";
    case BF_JSON_BOOL: return "a boolean";
    case BF_JSON_INT: return "an integer";
    case BF_JSON_STRING: return "a string";
    case BF_JSON_ARRAY: return "an array";
    case BF_JSON_OBJECT: return "an object";
    }
    return "an unknown value";
}

/* ---- writer ---- */

void bf_json_write_string(bf_buf *out, const char *utf8)
{
    const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
    size_t n = strlen((const char *)s), i = 0, run = 0;
    bf_buf_putc(out, '"');
    while (i < n) {
        unsigned char c = s[i];
        const char *esc = NULL;
        char tmp[8];
        size_t k = 1;
        uint32_t cp;
        if (c == '"')
            esc = "\\\"";
        else if (c == '\\')
            esc = "\\\\";
        else if (c == '\n')
            esc = "\\n";
        else if (c == '\r')
            esc = "\\r";
        else if (c == '\t')
            esc = "\\t";
        else if (c == '\b')
            esc = "\\b";
        else if (c == '\f')
            esc = "\\f";
        else if (c < 0x20 || c == 0x7F) {
            snprintf(tmp, sizeof(tmp), "\\u%04x", (unsigned)c);
            esc = tmp;
        } else if (c >= 0x80) {
            k = utf8_decode(s + i, n - i, &cp);
            if (!k) {
                esc = "\xEF\xBF\xBD";   /* U+FFFD for a byte that is not UTF-8 */
                k = 1;
            } else if (cp == 0x2028) {
                esc = "\\u2028";
            } else if (cp == 0x2029) {
                esc = "\\u2029";
            }
        }
        if (esc) {
            bf_buf_append(out, (const char *)s + i - run, run);
            run = 0;
            bf_buf_puts(out, esc);
        } else {
            run += k;
        }
        i += k;
    }
    bf_buf_append(out, (const char *)s + i - run, run);
    bf_buf_putc(out, '"');
}
