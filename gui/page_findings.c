/*
 * page_findings.c - the findings node: one row per finding of the diagnosis as a tree of causes and
 * effects: root causes at the top level, what each explains indented under it, with its evidence and
 * recommended fixes.
 *
 * A cause with effects under it can be collapsed and expanded, as a tree view's node: "-" or Left
 * collapses the focused one, "+" or Right expands it, a click on its "[-]"/"[+]" mark toggles it. When
 * new data arrives the first root cause is expanded and every other one collapsed (the first is what
 * the banner names; the others are read one by one).
 *
 * The collapsed flags are the page's own state, one per finding, kept in its context and handed to the
 * fill (bf_rows.state), never in the list's items: the fill leaves out the rows under a collapsed cause,
 * so the same state drives a list that holds its items and one drawn from a model. A row is told from
 * the others by what it shows (its ID and title: bfgui_list_row_finding), which sorting does not change.
 */
#include "page.h"

#include <stdlib.h>

#include "helptopics.h"
#include "causes.h"
#include "diagnose.h"
#include "strbuf.h"

typedef struct findings_state {
    bool fresh;                 /* new data: the flags are set again at the next fill */
    unsigned char *collapsed;   /* per finding (index into the diagnosis), malloc'd */
    size_t count;
} findings_state;

typedef struct findings_page {
    void *list;                 /* the list page (resultview.c) */
    bf_page_host *host;
    bool shown;
    findings_state st;
} findings_page;

/* The first root expanded, every other cause collapsed; false on out of memory. */
static bool reset_state(findings_state *st, const bf_diagnosis *d, const bf_tree_row *rows)
{
    unsigned char *c = calloc(d->finding_count ? d->finding_count : 1, 1);
    if (!c)
        return false;
    for (size_t r = 0; r < d->finding_count; r++)
        c[rows[r].finding] = rows[r].depth == 0 && r > 0;
    free(st->collapsed);
    st->collapsed = c;
    st->count = d->finding_count;
    st->fresh = false;
    return true;
}

static void fill_findings(bf_rows *b, const bf_page_data *data)
{
    const bf_diagnosis *d = data->diag;
    findings_state *st = b->state;
    if (!d)
        return;
    /* root causes first, what each explains indented under it (core/causes.c) */
    const bf_tree_row *rows = d->finding_count ? bf_cause_tree(d) : NULL;
    if (d->finding_count && !rows) {
        b->ok = false;
        return;
    }
    if (st && (st->fresh || st->count != d->finding_count) && !reset_state(st, d, rows)) {
        b->ok = false;
        return;
    }
    int hide_below = -1;    /* the depth of the collapsed cause whose effects are being left out */
    for (size_t r = 0; r < d->finding_count; r++) {
        if (hide_below >= 0 && rows[r].depth > hide_below)
            continue;
        hide_below = -1;
        const bf_finding *f = &d->findings[rows[r].finding];
        size_t under = bf_cause_effects(rows, d->finding_count, r);
        bool collapsed = st && under && st->collapsed[rows[r].finding];
        if (collapsed)
            hide_below = rows[r].depth;
        WCHAR *sev = bfgui_enum_text(b->hinst, IDS_SEV_BASE, (int)f->severity, BF_SEV_CRITICAL + 1);
        if (sev && under) {
            /* the mark says in words whether its effects are shown, for the eye and for a screen reader */
            DWORD_PTR args[2] = {(DWORD_PTR)sev, (DWORD_PTR)under};
            WCHAR *marked = bfgui_format(b->hinst, collapsed ? IDS_FIND_COLLAPSED : IDS_FIND_EXPANDED, args, 2);
            free(sev);
            sev = marked;
        }
        bf_rows_put_owned(b, 0, sev, bfgui_severity_image((int)f->severity));
        bf_rows_set_depth(b, rows[r].depth);
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

static const bf_list_page_def findings_def = {BF_NODE_FINDINGS, IDS_RCOL_FINDINGS, 5, fill_findings, false};

static void *findings_create(bf_page_host *host)
{
    findings_page *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = host;
    p->st.fresh = true;
    p->list = bf_list_page_create(host, &findings_def);
    if (!p->list) {
        free(p);
        return NULL;
    }
    bf_list_page_set_state(p->list, &p->st);
    return p;
}

static void findings_destroy(void *page)
{
    findings_page *p = page;
    bf_list_page_destroy(p->list);
    free(p->st.collapsed);
    free(p);
}

static int findings_windows(void *page, HWND *out, int max)
{
    return bf_list_page_windows(((findings_page *)page)->list, out, max);
}

static void findings_show(void *page, bool shown)
{
    findings_page *p = page;
    p->shown = shown;
    bf_list_page_show(p->list, shown);
}

static void findings_layout(void *page, RECT area)
{
    bf_list_page_layout(((findings_page *)page)->list, area);
}

static bool findings_refresh(void *page, bf_page_change change, int part)
{
    findings_page *p = page;
    if (change == BF_PAGE_NEW_DATA)
        p->st.fresh = true;
    return bf_list_page_refresh(p->list, change, part);
}

static bool findings_font_changed(void *page, int part)
{
    return bf_list_page_font_changed(((findings_page *)page)->list, part);
}

static HWND findings_list(void *page, HWND focus)
{
    return bf_list_page_list(((findings_page *)page)->list, focus);
}

/* Collapses (collapse true) or expands the cause on row; nothing for a finding with nothing under it.
 * The rows are made again, and the focus stays on the same finding. */
static void set_collapsed(findings_page *p, int row, bool collapse)
{
    HWND list = p->host->result_list;
    const bf_diagnosis *d = p->host->data.diag;
    size_t f = row >= 0 ? bfgui_list_row_finding(list, row, d) : SIZE_MAX;
    if (f == SIZE_MAX || f >= p->st.count || !d->findings[f].explains_count || p->st.collapsed[f] == collapse)
        return;
    p->st.collapsed[f] = collapse;
    bf_list_page_refresh(p->list, BF_PAGE_NEW_SOURCE, 0);
    int n = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
    for (int r = 0; r < n; r++)
        if (bfgui_list_row_finding(list, r, d) == f) {
            LVITEMW st;
            ZeroMemory(&st, sizeof st);
            st.stateMask = LVIS_FOCUSED | LVIS_SELECTED;
            st.state = LVIS_FOCUSED | LVIS_SELECTED;
            SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)r, (LPARAM)&st);
            SendMessageW(list, LVM_ENSUREVISIBLE, (WPARAM)r, FALSE);
            break;
        }
}

static bool row_collapsed(findings_page *p, int row)
{
    size_t f = row >= 0 ? bfgui_list_row_finding(p->host->result_list, row, p->host->data.diag) : SIZE_MAX;
    return f < p->st.count && p->st.collapsed[f];
}

static bool findings_notify(void *page, NMHDR *nm, LRESULT *result)
{
    findings_page *p = page;
    HWND list = p->host->result_list;
    if (p->shown && nm->hwndFrom == list && p->host->data.diag && nm->code == LVN_KEYDOWN) {
        WORD vk = ((NMLVKEYDOWN *)nm)->wVKey;
        int row = (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
        if (vk == VK_SUBTRACT || vk == VK_OEM_MINUS || vk == VK_LEFT)
            set_collapsed(p, row, true);
        else if (vk == VK_ADD || vk == VK_OEM_PLUS || vk == VK_RIGHT)
            set_collapsed(p, row, false);
        *result = 0;
        return true;
    }
    if (p->shown && nm->hwndFrom == list && p->host->data.diag && nm->code == NM_CLICK) {
        /* a click on the "[-]" / "[+]" mark at the start of the first column's text */
        NMITEMACTIVATE *ia = (NMITEMACTIVATE *)nm;
        RECT label = {LVIR_LABEL, 0, 0, 0};
        if (ia->iItem >= 0 && ia->iSubItem == 0 &&
            SendMessageW(list, LVM_GETITEMRECT, (WPARAM)ia->iItem, (LPARAM)&label) &&
            ia->ptAction.x >= label.left && ia->ptAction.x < label.left + 3 * p->host->font_height / 2)
            set_collapsed(p, ia->iItem, !row_collapsed(p, ia->iItem));
        *result = 0;
        return true;
    }
    return bf_list_page_notify(p->list, nm, result);
}

/* the list page's posted parts (a big list is made in parts: resultview.c) */
static void findings_step(void *page, WPARAM wp)
{
    bf_list_page_step(((findings_page *)page)->list, wp);
}

const bf_page_ops bf_page_findings = {BF_NODE_FINDINGS, BF_HELP_VIEW_FINDINGS, findings_create, findings_destroy,
                                      findings_windows, findings_show, findings_layout, findings_refresh,
                                      findings_font_changed, findings_list, findings_notify, findings_step};
