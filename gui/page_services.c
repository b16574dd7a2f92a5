/*
 * page_services.c - the services node: one row per service the snapshot holds, with its state, start
 * type, process and dependencies.
 */
#include "page.h"

#include "helptopics.h"

static void fill_services(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    for (size_t i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        int image = v->state == BF_SVC_RUNNING ? BF_IMAGE_OK
                    : v->state == BF_SVC_STOPPED && v->exit_code == 0 ? BF_IMAGE_WARNING
                                                                      : BF_IMAGE_ERROR;
        bf_rows_put_model(b, 0, v->name, image);
        bf_rows_put_model(b, 1, v->display_name, -1);
        bf_rows_put_string(b, 2, IDS_SVC_STATE_BASE + v->state, -1);
        bf_rows_put_string(b, 3, IDS_START_BASE + v->start_type, -1);
        bf_rows_put_int(b, 4, v->pid, v->pid > 0);
        bf_rows_put_joined(b, 5, v->dependencies, v->dependency_count);
        bf_rows_put_int(b, 6, v->exit_code, true);
    }
}

BF_LIST_PAGE(services, BF_NODE_SERVICES, IDS_RCOL_SERVICES, 7, fill_services, BF_HELP_VIEW_SERVICES)
