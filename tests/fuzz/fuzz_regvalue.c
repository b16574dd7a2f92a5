/* fuzz_regvalue.c - libFuzzer target: a Tcpip\Linkage\Bind REG_MULTI_SZ from arbitrary bytes. Entries must
 * be valid UTF-8; a malformed value must say why. */
#include <stdlib.h>

#include "regvalue.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p & 0xe0) == 0xc0 ? 1 : (*p & 0xf0) == 0xe0 ? 2 : (*p & 0xf8) == 0xf0 ? 3 : -1;
        if (n < 0)
            return false;
        p++;
        while (n-- > 0)
            if ((*p++ & 0xc0) != 0x80)
                return false;
    }
    return true;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_snapshot *s = bf_snapshot_create();
    size_t i;
    if (!s)
        return 0;
    bf_binding_from_multi_sz(s, data, size);
    for (i = 0; i < s->binding.entry_count; i++)
        if (!valid_utf8(s->binding.entries[i]) || !s->binding.entries[i][0])
            abort();
    if (s->binding.status == BF_SECTION_MALFORMED && !s->binding.problem[0])
        abort();
    bf_snapshot_destroy(s);
    return 0;
}
