/*
 * page_findings.c - the findings node: one row per finding of the diagnosis, root causes first and what
 * each explains indented under it, with its evidence and recommended fixes.
 */
#include "page.h"

#include "helptopics.h"
#include "causes.h"
#include "diagnose.h"
#include "strbuf.h"

static void fill_findings(bf_rows *b, const bf_page_data *data)
{
    const bf_diagnosis *d = data->diag;
    if (!d)
        return;
    /* root causes first, what each explains indented under it (core/causes.c) */
    const bf_tree_row *rows = d->finding_count ? bf_cause_tree(d) : NULL;
    if (d->finding_count && !rows) {
        b->ok = false;
        return;
    }
    for (size_t r = 0; r < d->finding_count; r++) {
        const bf_finding *f = &d->findings[rows[r].finding];
        bf_rows_put_owned(b, 0, bfgui_enum_text(b->hinst, IDS_SEV_BASE, (int)f->severity, BF_SEV_CRITICAL + 1),
                          bfgui_severity_image((int)f->severity));
        if (b->ok && rows[r].depth)
            bfgui_list_set_indent(b->list, b->row, rows[r].depth);
        bf_rows_put_utf8(b, 1, f->id, -1);
        bf_rows_put_utf8(b, 2, f->title, -1);
        bf_buf t;
        bf_buf_init(&t);
        for (size_t k = 0; k < f->evidence_count; k++)
            bf_buf_printf(&t, "%s%s", k ? "; " : "", f->evidence[k].text);
        bf_rows_put_utf8(b, 3, bf_buf_cstr(&t), -1);
        bf_buf_reset(&t);
        for (size_t k = 0; k < f->action_count; k++)
            if (f->actions[k].recommended)
                bf_buf_printf(&t, "%s%s", t.len ? "; " : "", f->actions[k].title);
        bf_rows_put_utf8(b, 4, bf_buf_cstr(&t), -1);
        bf_buf_free(&t);
    }
}

BF_LIST_PAGE(findings, BF_NODE_FINDINGS, IDS_RCOL_FINDINGS, 5, fill_findings, BF_HELP_VIEW_FINDINGS)
