/* arena.c - region allocator (see arena.h for why). */
#include "arena.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct arena_block {
    struct arena_block *next;
    size_t used;
    size_t size;
    /* data follows, max_align_t aligned */
} arena_block;

struct bf_arena {
    arena_block *head;
    bool failed;
};

#define ARENA_ALIGN (sizeof(max_align_t))
#define ARENA_BLOCK 65536u
#define HEADER_SIZE ((sizeof(arena_block) + ARENA_ALIGN - 1) / ARENA_ALIGN * ARENA_ALIGN)

bf_arena *bf_arena_create(void)
{
    return calloc(1, sizeof(bf_arena));
}

void bf_arena_destroy(bf_arena *a)
{
    arena_block *b, *next;
    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void bf_arena_reset(bf_arena *a)
{
    arena_block *b, *next, *keep = NULL;
    if (!a)
        return;
    for (b = a->head; b; b = next) {
        next = b->next;
        if (!keep && b->size == ARENA_BLOCK)
            keep = b;
        else
            free(b);
    }
    if (keep) {
        keep->next = NULL;
        keep->used = 0;
    }
    a->head = keep;
}

void *bf_arena_alloc(bf_arena *a, size_t size)
{
    void *p = bf_arena_alloc_raw(a, size);
    if (p)
        memset(p, 0, size);
    return p;
}

/* A new block for an allocation of `rounded` bytes that does not fit in the current one. */
static char *alloc_block(bf_arena *a, size_t rounded)
{
    arena_block *b = a->head;
    size_t bsize = rounded > ARENA_BLOCK / 4 ? rounded : ARENA_BLOCK;
    arena_block *nb = malloc(HEADER_SIZE + bsize);
    if (!nb) {
        a->failed = true;
        return NULL;
    }
    nb->used = 0;
    nb->size = bsize;
    if (b && rounded > ARENA_BLOCK / 4) {
        /* A big one-off block goes behind the current one so the current block's free tail
         * stays usable for the small allocations that follow. */
        nb->next = b->next;
        b->next = nb;
    } else {
        nb->next = b;
        a->head = nb;
    }
    nb->used = rounded;
    return (char *)nb + HEADER_SIZE;
}

void *bf_arena_alloc_raw(bf_arena *a, size_t size)
{
    arena_block *b;
    size_t rounded;
    char *p;
    if (!a || a->failed)
        return NULL;
    if (size > SIZE_MAX / 2) {
        a->failed = true;
        return NULL;
    }
    rounded = size ? (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1) : ARENA_ALIGN;
    b = a->head;
    if (!b || b->size - b->used < rounded)
        return alloc_block(a, rounded);
    p = (char *)b + HEADER_SIZE + b->used;
    b->used += rounded;
    return p;
}

void *bf_arena_alloc_array(bf_arena *a, size_t count, size_t elem_size)
{
    if (elem_size && count > SIZE_MAX / 2 / elem_size) {
        if (a)
            a->failed = true;
        return NULL;
    }
    return bf_arena_alloc(a, count * elem_size);
}

char *bf_arena_strndup(bf_arena *a, const char *s, size_t n)
{
    char *p;
    if (!s)
        return NULL;
    if (n == SIZE_MAX) {
        if (a)
            a->failed = true;
        return NULL;
    }
    p = bf_arena_alloc_raw(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bf_arena_strdup(bf_arena *a, const char *s)
{
    return s ? bf_arena_strndup(a, s, strlen(s)) : NULL;
}

char *bf_arena_printf(bf_arena *a, const char *fmt, ...)
{
    va_list ap;
    int n;
    char *p;
    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        if (a)
            a->failed = true;
        return NULL;
    }
    p = bf_arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

bool bf_arena_failed(const bf_arena *a)
{
    return !a || a->failed;
}

void *bf_arena_push(bf_arena *a, void **items, size_t *count, size_t *cap, size_t elem_size)
{
    char *base;
    if (*count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 4;
        void *grown;
        if (ncap < *cap || (elem_size && ncap > SIZE_MAX / 4 / elem_size)) {
            if (a)
                a->failed = true;
            return NULL;
        }
        grown = bf_arena_alloc_array(a, ncap, elem_size);
        if (!grown)
            return NULL;
        if (*count)
            memcpy(grown, *items, *count * elem_size);
        *items = grown;
        *cap = ncap;
    }
    base = (char *)*items;
    memset(base + *count * elem_size, 0, elem_size);
    (*count)++;
    return base + (*count - 1) * elem_size;
}
