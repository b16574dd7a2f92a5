/*
 * page_binding.c - the binding order node: one row per entry of the TCP/IP binding order, with the
 * adapter it names.
 */
#include "page.h"

#include "helptopics.h"

static void fill_binding(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    if (s->binding.status != BF_SECTION_OK && s->binding.entry_count == 0) {
        /* the status in the first column: a screen reader names a row by its first cell */
        bf_rows_put_section_status(b, 0, s->binding.status, s->binding.problem);
        bf_rows_put_utf8(b, 1, s->binding.source, -1);
        bf_rows_put_string(b, 2, IDS_NOT_AVAILABLE, -1);
        return;
    }
    for (size_t i = 0; i < s->binding.entry_count; i++) {
        const char *entry = s->binding.entries[i];
        const bf_adapter *a = bf_snap_find_adapter_by_binding(s, entry);
        bf_rows_put_int(b, 0, (long long)i + 1, true);
        bf_rows_put_model(b, 1, entry, -1);
        if (a) {
            bf_rows_put_utf8(b, 2, a->friendly_name, -1);
            bf_rows_put_owned(b, 3, bfgui_enum_text(b->hinst, IDS_KIND_BASE, (int)a->kind, BF_KIND__COUNT), -1);
            bf_rows_put_owned(b, 4, bfgui_enum_text(b->hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT), -1);
        } else {
            bf_rows_put_string(b, 2, IDS_NOT_AVAILABLE, -1);
        }
    }
}

BF_LIST_PAGE(binding, BF_NODE_BINDING, IDS_RCOL_BINDING, 5, fill_binding, BF_HELP_VIEW_BINDING)
