/* fuzz_journal.c - libFuzzer target: the repair journal reader on arbitrary bytes (a journal is read
 * after a crash, when it may be cut off anywhere). Whatever it accepts writes back and reads again the
 * same; every refusal says why. */
#include <stdlib.h>
#include <string.h>

#include "fix.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_err err;
    bf_fix_plan *p;
    bf_err_clear(&err);
    p = bf_fix_journal_read((const char *)data, size, "fuzz", &err);
    if (p) {
        bf_buf a, b;
        bf_fix_plan *q;
        bf_buf_init(&a);
        bf_buf_init(&b);
        bf_fix_journal_write(p, &a);
        q = bf_fix_journal_read(bf_buf_cstr(&a), a.len, "again", &err);
        if (!q)
            abort();
        bf_fix_journal_write(q, &b);
        if (a.len != b.len || memcmp(bf_buf_cstr(&a), bf_buf_cstr(&b), a.len) != 0)
            abort();
        bf_fix_plan_destroy(q);
        bf_fix_plan_destroy(p);
        bf_buf_free(&a);
        bf_buf_free(&b);
    } else if (!err.msg[0]) {
        abort();
    }
    return 0;
}
