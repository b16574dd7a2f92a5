/*
 * page_http_listen.c - the http.sys listen list node (issue 15, source 1): one row per entry of
 * http.sys's IP listen list (HttpServiceConfigIPListenList, or HTTP\Parameters\ListenOnlyList), with the
 * adapter that holds its address. An entry no up adapter holds is one IIS, WinRM, WSUS and Exchange's
 * web services do not answer on (BF-HTTP-LISTEN-DEAD). An empty list is every address: one row says so.
 */
#include "page.h"

#include "helptopics.h"

static void fill_http_listen(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    const bf_http_listen *h = &s->http_listen;
    if (h->address_count == 0) {
        if (h->status == BF_SECTION_OK)
            bf_rows_put_string(b, 0, IDS_HTTP_EVERY_ADDRESS, BF_IMAGE_OK);
        else
            bf_rows_put_section_status(b, 0, h->status, h->problem);
        bf_rows_put_string(b, 1, IDS_NOT_AVAILABLE, -1);
        bf_rows_put_string(b, 2, IDS_NOT_AVAILABLE, -1);
        bf_rows_put_utf8(b, 3, h->source, -1);
        return;
    }
    for (size_t i = 0; i < h->address_count; i++) {
        const char *x = h->addresses[i];
        const bf_adapter *a = bf_addr_is_wildcard(x) ? NULL : bf_snap_find_adapter_by_address(s, x, NULL);
        bf_rows_put_model(b, 0, x, -1);
        if (bf_addr_is_wildcard(x)) {
            /* 0.0.0.0 or ::: every address of that family */
            bf_rows_put_string(b, 1, IDS_HTTP_WILDCARD, -1);
            bf_rows_put_string(b, 2, IDS_NOT_AVAILABLE, -1);
            bf_rows_set_image(b, BF_IMAGE_OK);
        } else if (a) {
            bf_rows_put_model(b, 1, a->friendly_name, -1);
            bf_rows_put_owned(b, 2, bfgui_enum_text(b->hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT), -1);
            bf_rows_set_image(b, a->status == BF_OPER_UP ? BF_IMAGE_OK : BF_IMAGE_ERROR);
        } else {
            bf_rows_put_string(b, 1, IDS_HTTP_NO_ADAPTER, -1);
            bf_rows_put_string(b, 2, IDS_NOT_AVAILABLE, -1);
            bf_rows_set_image(b, BF_IMAGE_ERROR);   /* BF-HTTP-LISTEN-DEAD */
        }
        bf_rows_put_model(b, 3, h->source, -1);
    }
}

BF_LIST_PAGE(http_listen, BF_NODE_HTTP_LISTEN, IDS_RCOL_HTTP_LISTEN, 4, fill_http_listen, BF_HELP_VIEW_HTTP_LISTEN)
