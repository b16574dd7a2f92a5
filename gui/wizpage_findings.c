/*
 * wizpage_findings.c - What is wrong: the scan's findings as causes and effects, root causes first and
 * what each explains indented under it (severity icon, ID, title), and under the list the selected
 * finding in full: its cause, what follows from it and what explains it, the evidence (which row of the
 * machine says so), the references (KB articles) and the fixes it proposes.
 */
#include "wizard.h"

#include "causes.h"

#include <stdlib.h>

/* "  - ID: title" for each finding named by indexes */
static void put_findings(bf_buf *t, const bf_diagnosis *d, const size_t *which, size_t n)
{
    for (size_t i = 0; i < n; i++)
        bf_buf_printf(t, "  - %s: %s\n", d->findings[which[i]].id, d->findings[which[i]].title);
    bf_buf_puts(t, "\n");
}

static void show_detail(bf_wizard *w, HWND page, int row)
{
    const bf_diagnosis *d = w->session->diagnosis;
    HWND edit = GetDlgItem(page, IDC_WIZ_DETAIL);
    LVITEMW item = {.mask = LVIF_PARAM, .iItem = row};
    if (!d || row < 0 || !SendMessageW(GetDlgItem(page, IDC_WIZ_LIST), LVM_GETITEMW, 0, (LPARAM)&item) ||
        item.lParam < 0 || (size_t)item.lParam >= d->finding_count) {
        SetWindowTextW(edit, L"");
        return;
    }
    const bf_finding *f = &d->findings[item.lParam];
    bf_buf t;
    bf_buf_init(&t);
    bf_buf_printf(&t, "%s  %s\n\n", f->id, f->title);
    bfwiz_put_label(w, &t, IDS_WIZ_FINDING_CAUSE, "\n");
    bf_buf_printf(&t, "%s\n\n", f->cause ? f->cause : "");
    if (f->cause_not_found)
        bf_buf_printf(&t, "%s\n\n", f->cause_not_found);
    if (f->explains_count) {
        bfwiz_put_label(w, &t, IDS_WIZ_FINDING_EXPLAINS, "\n");
        put_findings(&t, d, f->explains, f->explains_count);
    }
    if (f->cause_count) {
        bfwiz_put_label(w, &t, IDS_WIZ_FINDING_CAUSES, "\n");
        put_findings(&t, d, f->causes, f->cause_count);
    }
    if (f->evidence_count) {
        bfwiz_put_label(w, &t, IDS_WIZ_FINDING_EVIDENCE, "\n");
        for (size_t i = 0; i < f->evidence_count; i++)
            bf_buf_printf(&t, "  - %s (%s %s)\n", f->evidence[i].text, f->evidence[i].section,
                          f->evidence[i].ref ? f->evidence[i].ref : "");
        bf_buf_puts(&t, "\n");
    }
    if (f->reference_count) {
        bfwiz_put_label(w, &t, IDS_WIZ_FINDING_REFS, "\n");
        for (size_t i = 0; i < f->reference_count; i++)
            bf_buf_printf(&t, "  - %s\n", f->references[i]);
        bf_buf_puts(&t, "\n");
    }
    if (f->action_count) {
        bfwiz_put_label(w, &t, IDS_WIZ_FINDING_FIXES, "\n");
        for (size_t i = 0; i < f->action_count; i++)
            bf_buf_printf(&t, "  - %s\n", f->actions[i].title);
    }
    bfgui_set_edit_utf8(edit, bf_buf_cstr(&t));
    bf_buf_free(&t);
}

static void fill(bf_wizard *w, HWND page)
{
    HWND list = GetDlgItem(page, IDC_WIZ_LIST);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    const bf_diagnosis *d = w->session->diagnosis;
    if (!d || d->finding_count == 0) {
        WCHAR *none = bfgui_load_string(w->hinst, IDS_WIZ_NO_FINDINGS);
        const WCHAR *cells[3] = {L"", L"", none};
        bfgui_list_add(list, BF_IMAGE_OK, cells, 3, -1);
        free(none);
        SetDlgItemTextW(page, IDC_WIZ_DETAIL, L"");
        return;
    }
    /* root causes first, what each explains indented under it (core/causes.c); a row's param is the
     * finding's index */
    const bf_tree_row *rows = bf_cause_tree(d);
    for (size_t r = 0; rows && r < d->finding_count; r++) {
        size_t i = rows[r].finding;
        const bf_finding *f = &d->findings[i];
        WCHAR *sev = bfgui_enum_text(w->hinst, IDS_SEV_BASE, (int)f->severity, BF_SEV_CRITICAL + 1);
        WCHAR *id = bfgui_wide(f->id), *title = bfgui_wide(f->title);
        const WCHAR *cells[3] = {sev, id, title};
        int added = bfgui_list_add(list, bfgui_severity_image((int)f->severity), cells, 3, (LPARAM)i);
        if (added >= 0 && rows[r].depth)
            bfgui_list_set_indent(list, added, rows[r].depth);
        free(sev);
        free(id);
        free(title);
    }
    ListView_SetItemState(list, 0, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
    show_detail(w, page, 0);
}

static void init(bf_wizard *w, HWND page)
{
    static const UINT headers[3] = {IDS_WIZ_COL_SEVERITY, IDS_WIZ_COL_ID, IDS_WIZ_COL_FINDING};
    static const int widths[3] = {130, 150, 0};     /* severity: room for three steps of indent */
    bfgui_list_columns(w->hinst, GetDlgItem(page, IDC_WIZ_LIST), headers, widths, 3, 0, w->images);
}

static void list_changed(bf_wizard *w, HWND page, const NMLISTVIEW *lv)
{
    if ((lv->uNewState & LVIS_SELECTED) && !(lv->uOldState & LVIS_SELECTED))
        show_detail(w, page, lv->iItem);
}

static void set_active(bf_wizard *w, HWND page)
{
    fill(w, page);
    PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK | PSWIZB_NEXT);
}

const bfwiz_page_ops bfwiz_findings_page = {
    .init = init,
    .set_active = set_active,
    .list_changed = list_changed,
};
