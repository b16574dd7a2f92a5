/*
 * page_listeners.c - the listeners node: one row per listening socket, with its process and services.
 */
#include "page.h"

#include "helptopics.h"

static void fill_listeners(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    for (size_t i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        bf_rows_put_model(b, 0, l->transport, -1);
        bf_rows_put_model(b, 1, l->address, -1);
        bf_rows_put_int(b, 2, l->port, true);
        bf_rows_put_int(b, 3, l->pid, l->pid >= 0);
        bf_rows_put_model(b, 4, l->process, -1);
        bf_rows_put_joined(b, 5, l->services, l->service_count);
    }
}

BF_LIST_PAGE(listeners, BF_NODE_LISTENERS, IDS_RCOL_LISTENERS, 6, fill_listeners, BF_HELP_VIEW_LISTENERS)
