/*
 * lookup.h - a sorted index from text keys to row numbers.
 *
 * Why: the rules ask "which rows hold this key" (the adapter with this GUID or address; the resolver
 * answers, hosts lines and probes naming an address) for every row of another table. Asked with a loop,
 * that costs rows x rows: 16 times the input cost 21-25 times the time (bench-diagnose). This index is
 * a hash of the keys, built in linear time (the slots are bucketed by a counting sort, which keeps
 * rows ascending) and asked in constant time, so the diagnosis stays linear.
 *
 * The rows of one key come out in ascending order, so code that walked a table in order and picked the
 * matching rows picks the same rows in the same order through the index.
 */
#ifndef BF_LOOKUP_H
#define BF_LOOKUP_H

#include "base.h"

typedef enum bf_key_kind {
    BF_KEY_EXACT,    /* byte for byte (strcmp) */
    BF_KEY_NOCASE,   /* ASCII letters fold (GUIDs, service names) */
    BF_KEY_ADDRESS   /* as bf_addr_equal: same text, or the same IPv6 address written differently */
} bf_key_kind;

typedef struct bf_lookup_slot {
    const char *key;        /* not copied: the caller's text must outlive the index */
    size_t row;
    uint32_t hash;
    bool v6;                /* BF_KEY_ADDRESS: key parsed as IPv6 into addr (compared by value) */
    unsigned char addr[16];
} bf_lookup_slot;

typedef struct bf_lookup {
    bf_key_kind kind;
    bf_lookup_slot *slots;  /* after sort: bucket by bucket, equal keys together, rows ascending */
    size_t count, cap;
    size_t *bucket;         /* after sort: bucket b holds slots bucket[b] .. bucket[b + 1] - 1 */
    size_t mask;            /* bucket count - 1 (a power of two) */
    bool sorted, failed;    /* failed: out of memory while adding (sticky; finds then answer nothing) */
} bf_lookup;

void bf_lookup_init(bf_lookup *ix, bf_key_kind kind);
void bf_lookup_free(bf_lookup *ix);
/* Adds key -> row (a NULL key is left out: it equals nothing). */
bool bf_lookup_add(bf_lookup *ix, const char *key, size_t row);
/* Builds the buckets; call once after the last add and before the first find. */
void bf_lookup_sort(bf_lookup *ix);
/* The slots whose key equals key, rows ascending: the first of them, *n of them (NULL and 0: none). */
const bf_lookup_slot *bf_lookup_find(const bf_lookup *ix, const char *key, size_t *n);
/* The lowest row whose key equals key, or SIZE_MAX. */
size_t bf_lookup_first(const bf_lookup *ix, const char *key);

#endif
