/* synthetic.h - what the synthetic-answer tests (sys_synthetic.c, synthetic_netcfg.c,
 * synthetic_ipconfig.c) share.
 *
 * A synthetic answer is written by hand in the documented layout of a given Windows version (the SDK
 * headers' structures, Microsoft Learn's pages on them); it was not recorded from a machine. What makes
 * it worth testing against is that every answer handed to the system layer sits in an exact-size
 * allocation that ends where a PAGE_NOACCESS page begins: a parser that reads one byte past the
 * answer faults ("Unhandled exception" under Wine, which fails the run) instead of reading whatever a
 * roomy static buffer holds. */
#ifndef BF_SYNTHETIC_H
#define BF_SYNTHETIC_H

#include <stddef.h>

/* A copy of len bytes whose last byte is the last byte before a PAGE_NOACCESS page (len 0: a pointer
 * to the guard page itself). The start is aligned as well as len allows: callers keep len a multiple
 * of 8 where the answer holds structures, as the API's own buffers are. Exits on failure (a test that
 * cannot place its answer must not pass). */
void *synth_guarded_copy(const void *data, size_t len);
void synth_guarded_free(void *p);

/* An answer made of structures that point into each other (IP Helper's lists), built in one block as
 * the API returns it: parts are appended, pointers recorded as offsets, and synth_blob_place copies the
 * block into guarded memory and turns the offsets into addresses there. */
typedef struct synth_blob {
    unsigned char data[16384];
    size_t len;
    size_t ptr_at[256], nptrs;  /* offsets of pointer fields that hold an offset into data */
} synth_blob;

/* Appends len bytes of src (NULL: zeros) at the next multiple of align; returns their offset. */
size_t synth_blob_add(synth_blob *b, const void *src, size_t len, size_t align);
/* Appends a NUL-terminated string (char or WCHAR, by size) and returns its offset. */
size_t synth_blob_str(synth_blob *b, const char *s);
size_t synth_blob_wstr(synth_blob *b, const wchar_t *s);
/* The pointer field at offset `field` (inside a part already added) points to the part at `target`. */
void synth_blob_ptr(synth_blob *b, size_t field, size_t target);
/* The block in guarded memory, pointers resolved; free with synth_guarded_free. */
void *synth_blob_place(const synth_blob *b);

/* the test outcome line the runner reads: "ok   name" or "FAIL name" */
void synth_report_(const char *file, int line, const char *name, int ok, const char *detail, int *passed,
                   int *failed);
#define synth_report(...) synth_report_(__FILE__, __LINE__, __VA_ARGS__)

#endif
