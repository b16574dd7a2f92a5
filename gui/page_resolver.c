/*
 * page_resolver.c - the resolver order node: one row per address the host's name resolves to, in the
 * resolver's order, with the adapter that holds it.
 */
#include "page.h"

#include "helptopics.h"

static void fill_resolver(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    for (size_t r = 0; r < s->resolver_count; r++) {
        const bf_resolution *res = &s->resolver[r];
        if (res->error) {
            /* the failure in the first column: a screen reader names a row by its first cell */
            DWORD_PTR args[1] = {(DWORD_PTR)res->error};
            bf_rows_put_format(b, 0, IDS_RES_FAILED, args, 1);
            bf_rows_put_string(b, 1, IDS_NO_ADDRESSES, -1);
            bf_rows_put_utf8(b, 2, res->api, -1);
            bf_rows_put_utf8(b, 3, res->query, -1);
            continue;
        }
        for (size_t i = 0; i < res->address_count; i++) {
            int image = BF_IMAGE_ERROR;
            WCHAR *held = bfgui_held_by_text(b->hinst, s, res->addresses[i], &image);
            bf_rows_put_int(b, 0, (long long)i + 1, true);
            /* the column order puts the position first; the image marks usable or not */
            bf_rows_set_image(b, image);
            bf_rows_put_utf8(b, 1, res->addresses[i], -1);
            bf_rows_put_utf8(b, 2, res->api, -1);
            bf_rows_put_utf8(b, 3, res->query, -1);
            bf_rows_put_owned(b, 4, held, -1);
        }
    }
}

BF_LIST_PAGE(resolver, BF_NODE_RESOLVER, IDS_RCOL_RESOLVER, 5, fill_resolver, BF_HELP_VIEW_RESOLVER)
