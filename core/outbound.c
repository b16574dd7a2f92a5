/* outbound.c - the source address toward each peer before and after a repair (core/outbound.h). */
#include "outbound.h"

#include <string.h>

const bf_outbound *bf_outbound_find(const bf_snapshot *s, const char *destination)
{
    size_t i;
    for (i = 0; s && i < s->outbound_count; i++)
        if (bf_addr_equal(s->outbound[i].destination, destination))
            return &s->outbound[i];
    return NULL;
}

static void side(bf_buf *o, const bf_outbound *x)
{
    if (!x)
        bf_buf_puts(o, "(not asked)");
    else if (x->source[0])
        bf_buf_puts(o, x->source);
    else
        bf_buf_printf(o, "(no source: error %d)", x->error);
}

void bf_outbound_write_compare(const bf_snapshot *before, const bf_snapshot *after, bf_buf *o)
{
    size_t i, pass;
    bool any = (before && before->outbound_count) || (after && after->outbound_count);
    if (!any)
        return;
    bf_buf_puts(o, "\nSOURCE ADDRESSES (what this machine sends from toward each default gateway, before -> after)\n");
    /* the destinations of the scan before, then those only the scan after has */
    for (pass = 0; pass < 2; pass++) {
        const bf_snapshot *s = pass ? after : before;
        for (i = 0; s && i < s->outbound_count; i++) {
            const char *d = s->outbound[i].destination;
            const bf_outbound *b = bf_outbound_find(before, d), *a = bf_outbound_find(after, d);
            bool same;
            if (pass && b)
                continue;
            same = b && a && b->source[0] && a->source[0] && bf_addr_equal(b->source, a->source);
            bf_buf_printf(o, "  toward %-16s ", d);
            side(o, b);
            bf_buf_puts(o, " -> ");
            side(o, a);
            bf_buf_puts(o, same ? " (unchanged)\n" : b && a && b->source[0] && a->source[0] ? " (changed)\n" : "\n");
        }
    }
}
