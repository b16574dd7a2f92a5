/*
 * page_protocols.c - the protocols node: one row per protocol address probed, with its bind result and
 * greeting.
 */
#include "page.h"

#include "helptopics.h"

static void fill_protocols(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    for (size_t i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        for (size_t k = 0; k < e->probe_count; k++) {
            const bf_probe *p = &e->probes[k];
            bf_rows_put_model(b, 0, e->protocol, bfgui_probe_image(s, e, p));
            bf_rows_put_int(b, 1, e->port, true);
            bf_rows_put_model(b, 2, p->address, -1);
            bf_rows_put_owned(b, 3, bfgui_probe_verdict_text(b->hinst, s, e, p), -1);    /* the icon's words */
            bf_rows_put_owned(b, 4, bfgui_greeting_text(b->hinst, p->greeting, p->greeting_text), -1);
            bf_rows_put_model(b, 5, e->service, -1);
        }
    }
}

BF_LIST_PAGE(protocols, BF_NODE_PROTOCOLS, IDS_RCOL_PROTOCOLS, 6, fill_protocols, BF_HELP_VIEW_PROTOCOLS)
