/*
 * page_events.c - the events node: one row per event log entry collected, or why the log could not be
 * read.
 */
#include "page.h"

#include "helptopics.h"

#include <string.h>

static void fill_events(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    if (s->event_log.event_count == 0 && s->event_log.status != BF_SECTION_OK) {
        /* "unavailable" is not "no events": say which */
        bf_rows_put_utf8(b, 0, "", BF_IMAGE_WARNING);
        bf_rows_put_section_status(b, 5, s->event_log.status, s->event_log.problem);
        return;
    }
    for (size_t i = bf_rows_resume(b); i < s->event_log.event_count && !bf_rows_done(b); i++) {
        const bf_event *e = &s->event_log.events[i];
        bool error = strcmp(e->type, "error") == 0;
        bf_rows_put_model(b, 0, e->time, error ? BF_IMAGE_ERROR : BF_IMAGE_WARNING);
        bf_rows_put_model(b, 1, e->log, -1);
        bf_rows_put_model(b, 2, e->source, -1);
        bf_rows_put_int(b, 3, e->event_id, true);
        bf_rows_put_model(b, 4, e->type, -1);
        bf_rows_put_model(b, 5, e->message, -1);
    }
}

BF_LIST_PAGE(events, BF_NODE_EVENTS, IDS_RCOL_EVENTS, 6, fill_events, BF_HELP_VIEW_EVENTS)
