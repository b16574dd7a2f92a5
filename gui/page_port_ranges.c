/*
 * page_port_ranges.c - the Port exclusions node (issue 15, source 2): one row per excluded or reserved
 * port range, with what reserved it and the catalogued ports inside it, then the dynamic port range. A
 * service whose port lies in one of these ranges fails to bind with 10013 although nothing listens.
 */
#include "page.h"

#include "helptopics.h"
#include "portranges.h"
#include "strbuf.h"

#include <stdlib.h>
#include <string.h>

/* Who reserved the range, in the string table's words; the running service by its own names. */
static void put_owner(bf_rows *b, int col, const bf_snapshot *s, const bf_port_range *r)
{
    const bf_service *v;
    if (strcmp(r->kind, "reserved") == 0) {
        bf_rows_put_string(b, col, IDS_RANGE_BY_REGISTRY, -1);
        return;
    }
    if (r->administered) {
        bf_rows_put_string(b, col, IDS_RANGE_BY_ADMIN, -1);
        return;
    }
    v = bf_port_ranges_system_owner(s);
    if (!v) {
        bf_rows_put_string(b, col, IDS_RANGE_BY_SYSTEM, -1);
        return;
    }
    if (bf_rows_skipping(b, col))
        return;
    WCHAR *display = bfgui_wide(v->display_name[0] ? v->display_name : v->name), *name = bfgui_wide(v->name);
    DWORD_PTR args[2] = {(DWORD_PTR)(display ? display : L""), (DWORD_PTR)(name ? name : L"")};
    bf_rows_put_format(b, col, IDS_RANGE_BY_SERVICE, args, 2);
    free(display);
    free(name);
}

/* "IMAP4 143, POP3 110": the catalogued endpoints whose port the range holds (each protocol once);
 * true when there is one. */
static bool put_inside(bf_rows *b, int col, const bf_snapshot *s, const char *transport, int start, int end)
{
    bf_buf t;
    bool any = false;
    bf_buf_init(&t);
    for (size_t i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        bool again = false;
        if (e->port < start || e->port > end || !bf_ascii_eq_ci(e->transport, transport))
            continue;
        for (size_t k = 0; k < i && !again; k++)
            again = s->endpoints[k].port == e->port && strcmp(s->endpoints[k].protocol, e->protocol) == 0;
        if (!again)
            bf_buf_printf(&t, "%s%s %d", any ? ", " : "", e->protocol, e->port);
        any = true;
    }
    if (!bf_rows_skipping(b, col))
        bf_rows_put_utf8(b, col, t.failed ? "" : bf_buf_cstr(&t), -1);
    bf_buf_free(&t);
    return any;
}

static void fill_port_ranges(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    const bf_port_ranges *pr = &s->port_ranges;
    if (pr->status != BF_SECTION_OK && pr->range_count == 0) {
        /* the status in the first column: a screen reader names a row by its first cell */
        bf_rows_put_section_status(b, 0, pr->status, pr->problem);
        bf_rows_put_utf8(b, 1, pr->source, -1);
        return;
    }
    for (size_t i = 0; i < pr->range_count; i++) {
        const bf_port_range *r = &pr->ranges[i];
        bool reserved = strcmp(r->kind, "reserved") == 0;
        bf_rows_put_string(b, 0, reserved ? IDS_RANGE_KIND_RESERVED : IDS_RANGE_KIND_EXCLUDED, -1);
        bf_rows_put_model(b, 1, r->transport, -1);
        bf_rows_put_int(b, 2, r->family, true);
        bf_rows_put_int(b, 3, r->start, true);
        bf_rows_put_int(b, 4, r->end, true);
        put_owner(b, 5, s, r);
        /* a catalogued port inside: its bind fails with 10013 (BF-PORT-EXCLUDED) */
        bf_rows_set_image(b, put_inside(b, 6, s, r->transport, r->start, r->end) ? BF_IMAGE_ERROR : BF_IMAGE_OK);
    }
    if (pr->dynamic_start > 0 && pr->dynamic_count > 0) {
        bf_rows_put_string(b, 0, IDS_RANGE_KIND_DYNAMIC, -1);
        bf_rows_put_utf8(b, 1, "tcp", -1);
        bf_rows_put_int(b, 2, 4, true);
        bf_rows_put_int(b, 3, pr->dynamic_start, true);
        bf_rows_put_int(b, 4, (long long)pr->dynamic_start + pr->dynamic_count - 1, true);
        bf_rows_put_string(b, 5, IDS_RANGE_BY_TCPIP, -1);
        put_inside(b, 6, s, "tcp", pr->dynamic_start, pr->dynamic_start + pr->dynamic_count - 1);
    }
    if (pr->max_user_port > 0) {
        /* Server 2003: the dynamic ports are 1025..MaxUserPort, for both transports */
        bf_rows_put_string(b, 0, IDS_RANGE_KIND_MAXUSER, -1);
        bf_rows_put_utf8(b, 1, "tcp", -1);
        bf_rows_put_int(b, 2, 4, true);
        bf_rows_put_int(b, 3, 1025, true);
        bf_rows_put_int(b, 4, pr->max_user_port, true);
        bf_rows_put_string(b, 5, IDS_RANGE_BY_REGISTRY, -1);
        put_inside(b, 6, s, "tcp", 1025, pr->max_user_port);
    }
}

BF_LIST_PAGE(port_ranges, BF_NODE_PORT_RANGES, IDS_RCOL_PORT_RANGES, 7, fill_port_ranges, BF_HELP_VIEW_PORT_RANGES)
