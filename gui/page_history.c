/*
 * page_history.c - the repair history node: one row per repair journal, newest first.
 */
#include "page.h"

#include "helptopics.h"

#include <string.h>

static void fill_history(bf_rows *b, const bf_page_data *d)
{
    const bf_history *h = d->history;
    if (!h)
        return;
    for (size_t i = 0; i < h->count; i++) {
        const bf_history_entry *e = &h->items[i];
        bool good = strcmp(e->state, "applied") == 0 || strcmp(e->state, "undone") == 0 ||
                    strcmp(e->state, "rolled-back") == 0;
        bf_rows_put_utf8(b, 0, e->created, good ? BF_IMAGE_OK : BF_IMAGE_ERROR);
        bf_rows_put_utf8(b, 1, e->problem[0] ? e->problem : e->state, -1);
        bf_rows_put_int(b, 2, (long long)e->steps, !e->problem[0]);
        bf_rows_put_utf8(b, 3, e->actions, -1);
        bf_rows_put_utf8(b, 4, e->path, -1);
        bf_rows_put_utf8(b, 5, e->mends, -1);   /* the causes its steps mend (journal "mends") */
    }
}

BF_LIST_PAGE(history, BF_NODE_HISTORY, IDS_RCOL_HISTORY, 6, fill_history, BF_HELP_VIEW_HISTORY)
