/* regvalue.h - registry values as raw bytes, decoded portably: a REG_MULTI_SZ is UTF-16LE strings, each
 * NUL-terminated, the list ending with an empty string. Registry data is untrusted (a value can be
 * truncated, of odd length, or hold unpaired surrogates), so these are fuzzed natively. */
#ifndef BF_REGVALUE_H
#define BF_REGVALUE_H

#include "model.h"
#include "strbuf.h"

/* A registry value as stored: type (REG_SZ 1, REG_EXPAND_SZ 2, REG_DWORD 4, REG_MULTI_SZ 7, ...) and
 * bytes; exists = false for an absent value (undo deletes it again). */
typedef struct bf_regval {
    bool exists;
    unsigned type;
    unsigned char *data;    /* malloc'd */
    size_t len;
} bf_regval;

/* Frees the bytes; the value reads as empty afterwards (type and exists are kept). */
void bf_regval_free(bf_regval *v);

/* Appends n_units UTF-16LE code units from p as UTF-8; unpaired surrogates become U+FFFD. */
void bf_utf16le_append_utf8(bf_buf *out, const unsigned char *p, size_t n_units);

/* Tcpip\Linkage\Bind from its bytes into snap->binding: entries in order; status ok, or malformed with
 * `problem` naming the entry and why (not \Device\{GUID}; odd byte count; missing final NUL). */
void bf_binding_from_multi_sz(bf_snapshot *snap, const unsigned char *bytes, size_t len);

/* True when bytes are a well-formed binding list (every entry \Device\NAME, properly terminated). */
bool bf_binding_multi_sz_valid(const unsigned char *bytes, size_t len);

#endif
