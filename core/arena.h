/*
 * arena.h - region allocator owning everything a snapshot (or report) points to.
 *
 * Why an arena: a snapshot is a tree of hundreds of small strings and arrays built by a strict parser
 * that may stop anywhere with an error; freeing one arena is the only cleanup path, so an error exit
 * cannot leak and a successful one cannot double-free.  Allocation failure is sticky (a->failed) and
 * reported once by the caller, never by a crash.
 */
#ifndef BF_ARENA_H
#define BF_ARENA_H

#include "base.h"

typedef struct bf_arena bf_arena;

bf_arena *bf_arena_create(void);
void bf_arena_destroy(bf_arena *a);

/* Zero-filled, aligned for any type. NULL (and a->failed set) on exhaustion or overflow. */
void *bf_arena_alloc(bf_arena *a, size_t size);
/* As bf_arena_alloc, not filled: for memory the caller writes in full at once (a string copy). */
void *bf_arena_alloc_raw(bf_arena *a, size_t size);
/* Frees everything allocated so far but keeps one block for what comes next (a scratch arena that is
 * emptied once per element should not return its memory to malloc and take it back each time). */
void bf_arena_reset(bf_arena *a);
void *bf_arena_alloc_array(bf_arena *a, size_t count, size_t elem_size);
char *bf_arena_strdup(bf_arena *a, const char *s);            /* NULL s gives NULL */
char *bf_arena_strndup(bf_arena *a, const char *s, size_t n);  /* copies n bytes, adds NUL */
char *bf_arena_printf(bf_arena *a, const char *fmt, ...)
    BF_PRINTF(2, 3)
    ;
bool bf_arena_failed(const bf_arena *a);

/*
 * Growable arrays inside an arena: grows *items (old block stays in the arena until it is destroyed),
 * returns a pointer to the new zeroed element, or NULL on exhaustion.  Pointers to earlier elements
 * are invalidated by the next push.
 */
void *bf_arena_push(bf_arena *a, void **items, size_t *count, size_t *cap, size_t elem_size);
#define BF_PUSH(arena, arr, count, cap) \
    bf_arena_push((arena), (void **)&(arr), &(count), &(cap), sizeof(*(arr)))

#endif
