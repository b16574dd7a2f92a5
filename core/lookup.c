/* lookup.c - hashed key -> rows index (see lookup.h for why). */
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

#include "model.h"

void bf_lookup_init(bf_lookup *ix, bf_key_kind kind)
{
    memset(ix, 0, sizeof *ix);
    ix->kind = kind;
}

void bf_lookup_free(bf_lookup *ix)
{
    free(ix->slots);
    free(ix->bucket);
    bf_lookup_init(ix, ix->kind);
}

static int fold(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* FNV-1a over what the kind compares: the folded text, the IPv6 value, or the bytes. */
static void fill_slot(bf_key_kind kind, const char *key, size_t row, bf_lookup_slot *s)
{
    uint32_t h = 2166136261u;
    const unsigned char *p = (const unsigned char *)key;
    s->key = key;
    s->row = row;
    s->v6 = kind == BF_KEY_ADDRESS && bf_addr_is_ipv6(key) && bf_addr_parse_ipv6(key, s->addr);
    if (s->v6) {
        size_t i;
        for (i = 0; i < sizeof s->addr; i++)
            h = (h ^ s->addr[i]) * 16777619u;
    } else if (kind == BF_KEY_NOCASE) {
        for (; *p; p++)
            h = (h ^ (uint32_t)fold(*p)) * 16777619u;
    } else {
        for (; *p; p++)
            h = (h ^ *p) * 16777619u;
    }
    s->hash = h ^ (h >> 16);
}

bool bf_lookup_add(bf_lookup *ix, const char *key, size_t row)
{
    if (!key)
        return true;
    if (ix->failed)
        return false;
    if (ix->count == ix->cap) {
        size_t ncap = ix->cap ? ix->cap * 2 : 16;
        bf_lookup_slot *grown = ncap > SIZE_MAX / 2 / sizeof *grown ? NULL : realloc(ix->slots, ncap * sizeof *grown);
        if (!grown) {
            ix->failed = true;
            return false;
        }
        ix->slots = grown;
        ix->cap = ncap;
    }
    fill_slot(ix->kind, key, row, &ix->slots[ix->count++]);
    ix->sorted = false;
    return true;
}

/* 0 exactly when the kind calls the keys equal; otherwise an order (used inside a bucket only). */
static int key_cmp(bf_key_kind kind, const bf_lookup_slot *a, const bf_lookup_slot *b)
{
    const unsigned char *x = (const unsigned char *)a->key, *y = (const unsigned char *)b->key;
    if (a->hash != b->hash)
        return a->hash < b->hash ? -1 : 1;
    switch (kind) {
    case BF_KEY_NOCASE:
        for (;; x++, y++) {
            int p = fold(*x), q = fold(*y);
            if (p != q || !p)
                return p - q;
        }
    case BF_KEY_ADDRESS:
        if (a->v6 != b->v6)
            return a->v6 ? -1 : 1;     /* a parsed IPv6 value never equals other text */
        if (a->v6)
            return memcmp(a->addr, b->addr, sizeof a->addr);
        return strcmp(a->key, b->key);
    case BF_KEY_EXACT:
    default:
        return strcmp(a->key, b->key);
    }
}

/* qsort has no context argument: one comparator per kind; equal keys keep row order. */
#define SLOT_CMP(name, kind)                                        \
    static int name(const void *a, const void *b)                  \
    {                                                               \
        const bf_lookup_slot *x = a, *y = b;                        \
        int r = key_cmp(kind, x, y);                                \
        return r ? r : (x->row > y->row) - (x->row < y->row);       \
    }
SLOT_CMP(slot_cmp_exact, BF_KEY_EXACT)
SLOT_CMP(slot_cmp_nocase, BF_KEY_NOCASE)
SLOT_CMP(slot_cmp_address, BF_KEY_ADDRESS)

void bf_lookup_sort(bf_lookup *ix)
{
    int (*cmp)(const void *, const void *) =
        ix->kind == BF_KEY_NOCASE ? slot_cmp_nocase : ix->kind == BF_KEY_ADDRESS ? slot_cmp_address : slot_cmp_exact;
    size_t nb = 1, i, b;
    bf_lookup_slot *out;
    if (ix->failed)
        return;
    while (nb < ix->count && nb < SIZE_MAX / 4)
        nb *= 2;
    free(ix->bucket);
    ix->bucket = calloc(nb + 1, sizeof *ix->bucket);
    out = malloc((ix->count ? ix->count : 1) * sizeof *out);
    if (!ix->bucket || !out) {
        free(out);
        ix->failed = true;
        return;
    }
    ix->mask = nb - 1;
    /* counting sort by bucket: stable, so the rows of a bucket stay in the order they were added */
    for (i = 0; i < ix->count; i++)
        ix->bucket[(ix->slots[i].hash & ix->mask) + 1]++;
    for (b = 0; b < nb; b++)
        ix->bucket[b + 1] += ix->bucket[b];
    for (i = 0; i < ix->count; i++)
        out[ix->bucket[ix->slots[i].hash & ix->mask]++] = ix->slots[i];
    for (b = nb; b > 0; b--)    /* the placement advanced each start to the next bucket's: step back */
        ix->bucket[b] = ix->bucket[b - 1];
    ix->bucket[0] = 0;
    free(ix->slots);
    ix->slots = out;
    ix->cap = ix->count;
    /* Within a bucket, equal keys must lie together with rows ascending. A bucket of one key (the
     * common case, also when thousands of rows share it) already does: checked in one pass. Only a
     * bucket where different keys collide is sorted. */
    for (b = 0; b < nb; b++) {
        size_t lo = ix->bucket[b], hi = ix->bucket[b + 1];
        for (i = lo + 1; i < hi && cmp(&ix->slots[i - 1], &ix->slots[i]) < 0; i++)
            ;
        if (i < hi)
            qsort(ix->slots + lo, hi - lo, sizeof *ix->slots, cmp);
    }
    ix->sorted = true;
}

/* The first slot of key's run, or SIZE_MAX. A bucket is ordered (hash, key, row), so a binary search
 * finds the run even where a key with thousands of rows shares the bucket. */
static size_t first_slot(const bf_lookup *ix, const bf_lookup_slot *probe)
{
    size_t b = probe->hash & ix->mask, lo = ix->bucket[b], hi = ix->bucket[b + 1];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (key_cmp(ix->kind, &ix->slots[mid], probe) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ix->bucket[b + 1] && key_cmp(ix->kind, &ix->slots[lo], probe) == 0 ? lo : SIZE_MAX;
}

const bf_lookup_slot *bf_lookup_find(const bf_lookup *ix, const char *key, size_t *n)
{
    bf_lookup_slot probe;
    size_t lo, end;
    *n = 0;
    if (!key || ix->failed || !ix->sorted)
        return NULL;
    fill_slot(ix->kind, key, 0, &probe);
    lo = first_slot(ix, &probe);
    if (lo == SIZE_MAX)
        return NULL;
    for (end = lo + 1; end < ix->count && key_cmp(ix->kind, &ix->slots[end], &probe) == 0; end++)
        ;
    *n = end - lo;
    return &ix->slots[lo];
}

size_t bf_lookup_first(const bf_lookup *ix, const char *key)
{
    bf_lookup_slot probe;
    size_t i;
    if (!key || ix->failed || !ix->sorted)
        return SIZE_MAX;
    fill_slot(ix->kind, key, 0, &probe);
    i = first_slot(ix, &probe);
    return i == SIZE_MAX ? SIZE_MAX : ix->slots[i].row;
}
