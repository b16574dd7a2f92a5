/*
 * page_adapters.c - the adapters node: one row per network adapter, with its kind, status, addresses
 * and metric.
 */
#include "page.h"

#include "helptopics.h"
#include "strbuf.h"

static void fill_adapters(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    for (size_t i = 0; i < s->adapter_count; i++) {
        const bf_adapter *a = &s->adapters[i];
        bf_rows_put_model(b, 0, a->friendly_name, bfgui_oper_image(a->status));
        bf_rows_put_owned(b, 1, bfgui_enum_text(b->hinst, IDS_KIND_BASE, (int)a->kind, BF_KIND__COUNT), -1);
        bf_rows_put_owned(b, 2, bfgui_enum_text(b->hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT), -1);
        bf_buf t;
        bf_buf_init(&t);
        for (size_t k = 0; k < a->address_count; k++)
            bf_buf_printf(&t, "%s%s", k ? ", " : "", a->addresses[k].address);
        bf_rows_put_utf8(b, 3, bf_buf_cstr(&t), -1);
        bf_buf_free(&t);
        bf_rows_put_int(b, 4, a->metric4, a->metric4 >= 0);
        bf_rows_put_int(b, 5, a->if_index, a->if_index >= 0);
        bf_rows_put_model(b, 6, a->guid, -1);
        bf_rows_put_model(b, 7, a->description, -1);
    }
}

BF_LIST_PAGE(adapters, BF_NODE_ADAPTERS, IDS_RCOL_ADAPTERS, 8, fill_adapters, BF_HELP_VIEW_ADAPTERS)
