/*
 * page_listeners.c - the listeners node: one row per listening socket, with its process and services.
 */
#include "page.h"

#include "helptopics.h"

#include <stdlib.h>
#include <string.h>

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
        /* PID 4 is the kernel: on a port an http.sys registration names, the listener is http.sys's */
        const char *http_sys = l->pid == BF_SYSTEM_PID && strcmp(l->transport, "tcp") == 0
                                   ? bf_http_sys_port_reason(s, l->port) : NULL;
        if (http_sys && !bf_rows_skipping(b, 5)) {
            WCHAR *w = bfgui_wide(http_sys);
            DWORD_PTR args[1] = {(DWORD_PTR)(w ? w : L"")};
            bf_rows_put_format(b, 5, IDS_HTTP_SYS_HOLDS, args, 1);
            free(w);
        } else if (!http_sys) {
            bf_rows_put_joined(b, 5, l->services, l->service_count);
        }
    }
}

/* a listener is named by its transport, address and port (a removed one: "tcp 198.51.100.90 2525") */
BF_LIST_PAGE_KEYED(listeners, BF_NODE_LISTENERS, IDS_RCOL_LISTENERS, 6, fill_listeners, BF_HELP_VIEW_LISTENERS,
                   1u << 0 | 1u << 1 | 1u << 2)
