/* fuzz_snapshot.c - libFuzzer target: the strict snapshot reader on arbitrary bytes. Whatever it
 * accepts must write back and read again to the same bytes (the format's round-trip promise). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "snapshot_json.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_err err;
    bf_snapshot *s = bf_snapshot_read_json((const char *)data, size, "fuzz", &err);
    if (s) {
        bf_buf a, b;
        bf_snapshot *again;
        bf_buf_init(&a);
        bf_buf_init(&b);
        bf_snapshot_write_json(s, &a);
        again = bf_snapshot_read_json(bf_buf_cstr(&a), a.len, "again", &err);
        if (!again) {
            fprintf(stderr, "written snapshot not readable: %s\n", err.msg);
            abort();
        }
        bf_snapshot_write_json(again, &b);
        if (a.len != b.len || memcmp(bf_buf_cstr(&a), bf_buf_cstr(&b), a.len) != 0)
            abort();
        bf_snapshot_destroy(again);
        bf_buf_free(&a);
        bf_buf_free(&b);
        bf_snapshot_destroy(s);
    } else if (err.msg[0] == '\0') {
        abort(); /* every refusal must say why */
    }
    return 0;
}
