/* fuzz_regvalue.c - libFuzzer target: a Tcpip\Linkage\Bind REG_MULTI_SZ from arbitrary bytes. Entries must
 * be valid UTF-8; a malformed value must say why. The same bytes as a product's address list
 * (core/pins.h) of each list type: decoded or refused with a reason, and an edit of a decoded list
 * written back in its layout decodes again to the list with the address taken out. */
#include <stdlib.h>
#include <string.h>

#include "pins.h"
#include "regvalue.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_snapshot *s = bf_snapshot_create();
    size_t i;
    if (!s)
        return 0;
    bf_binding_from_multi_sz(s, data, size);
    for (i = 0; i < s->binding.entry_count; i++)
        if (!bf_fuzz_valid_utf8(s->binding.entries[i], strlen(s->binding.entries[i])) || !s->binding.entries[i][0])
            abort();
    if (s->binding.status == BF_SECTION_MALFORMED && !s->binding.problem[0])
        abort();
    bf_snapshot_destroy(s);
    {
        static const unsigned types[] = {1, 3, 7};
        size_t t;
        for (t = 0; t < sizeof types / sizeof types[0]; t++) {
            bf_regval v, out;
            bf_arena *a = bf_arena_create(), *b = bf_arena_create();
            char **addrs, **again;
            size_t n, m;
            const char *layout, *layout2;
            bf_err err;
            bool changed;
            if (!a || !b) {
                bf_arena_destroy(a);
                bf_arena_destroy(b);
                return 0;
            }
            v.exists = true;
            v.type = types[t];
            v.data = (unsigned char *)data;
            v.len = size;
            err.msg[0] = '\0';
            if (!bf_pin_list_decode(&v, a, &addrs, &n, &layout, &err)) {
                if (!err.msg[0])
                    abort();
            } else if (n > 0 && bf_pin_list_edit(&v, addrs[0], NULL, &out, &changed, &err)) {
                /* the first address taken out: every entry equal to it goes, the others stay in order */
                size_t k, kept = 0;
                if (!changed || !bf_pin_list_decode(&out, b, &again, &m, &layout2, &err) || strcmp(layout, layout2) != 0)
                    abort();
                for (k = 0; k < n; k++)
                    if (!bf_addr_equal(addrs[k], addrs[0]) && (kept >= m || strcmp(addrs[k], again[kept++]) != 0))
                        abort();
                if (kept != m)
                    abort();
                bf_regval_free(&out);
            }
            bf_arena_destroy(a);
            bf_arena_destroy(b);
        }
    }
    return 0;
}
