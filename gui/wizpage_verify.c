/*
 * wizpage_verify.c - Verify: scans the machine again (bf_session_verify) and says, in a list of its own,
 * for each cause the repair addressed whether it is mended, and under it each of its effects, gone or
 * remaining (the core's per-cause verification, as the CLI's PER CAUSE); then, in the protocol list,
 * compares every protocol address that failed before the repair: it binds now, the resolver no longer
 * returns it, or it still fails. A protocol whose service listens again is shown with its greeting
 * ("answers"). Under the protocol addresses, the source address toward each default gateway before and
 * after (as the Fix dialog's verification). The status line counts the causes and protocol addresses.
 */
#include "wizard.h"

#include <stdlib.h>

/* What the page's rows count, for its status line: the causes (not their effects) and the protocol
 * addresses, each with how many came out well. */
typedef struct verify_counts {
    HWND list;
    unsigned causes, mended, protocols, fixed;
    HWND protocol_list;         /* the source rows' list */
    const WCHAR *toward;        /* IDS_WIZ_SOURCE_TOWARD: their protocol column */
} verify_counts;

/* A cause or effect row in the causes list's four columns: verdict, finding ID, what was found, after. */
static void add_cause_row(void *cb, const bfgui_cause_row *r)
{
    verify_counts *n = cb;
    const WCHAR *cells[4] = {r->verdict, r->id, r->title, r->after};
    bfgui_list_add(n->list, r->good ? BF_IMAGE_OK : BF_IMAGE_ERROR, cells, 4, (LPARAM)-1);
    if (!r->effect) {
        n->causes++;
        n->mended += r->good ? 1 : 0;
    }
}

/* The source address toward a default gateway before and after the repair (labels.c, as the Fix dialog's
 * verification): a row of the protocol list under its five columns, verdict ("Source changed", "Source
 * unchanged", "Source unknown"), "Source toward", the gateway, the source before, the source after. Not
 * a protocol address: the status line does not count it. */
static void add_source_row(void *cb, const bfgui_source_row *r)
{
    const verify_counts *n = cb;
    const WCHAR *cells[5] = {r->verdict, n->toward ? n->toward : L"", r->destination, r->before, r->after};
    bfgui_list_add(n->protocol_list, r->good ? BF_IMAGE_OK : BF_IMAGE_WARNING, cells, 5, (LPARAM)-1);
}

/* Each column as wide as its widest cell or its header, in the list's font at its DPI; the list scrolls
 * sideways for the long texts, the verdict (the first column) stays in view. */
static void fit_columns(HWND list, int count)
{
    for (int c = 0; c < count; c++) {
        SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, LVSCW_AUTOSIZE);
        int cells = (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
        SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, LVSCW_AUTOSIZE_USEHEADER);
        int header = (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
        if (c < count - 1)  /* USEHEADER on the last column fills the list: keep the larger of the two */
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, cells > header ? cells : header);
        else if (cells > header)
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, cells);
    }
}

static verify_counts fill(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    HWND causes = GetDlgItem(page, IDC_WIZ_CAUSES), list = GetDlgItem(page, IDC_WIZ_LIST);
    verify_counts n = {causes, 0, 0, 0, 0, list, NULL};
    SendMessageW(causes, LVM_DELETEALLITEMS, 0, 0);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    /* the causes in their own list, first: what the administrator chose the repair by */
    bfgui_verify_cause_rows(w->hinst, s, add_cause_row, &n);
    WCHAR *fixed = bfgui_load_string(w->hinst, IDS_WIZ_FIXED), *still = bfgui_load_string(w->hinst, IDS_WIZ_STILL_FAILING);
    for (size_t i = 0; i < s->row_count; i++) {
        const bf_verify_row *v = &s->rows[i];
        WCHAR *p = bfgui_verify_protocol_text(v), *addr = bfgui_wide(v->address);
        WCHAR *before = bfgui_verify_before_text(w->hinst, v), *after = bfgui_verify_after_text(w->hinst, v);
        /* the verdict first, in words beside its icon: in a 275-DLU list the last of five columns was
         * scrolled out of view */
        const WCHAR *cells[5] = {v->fixed ? fixed : still, p, addr, before, after};
        bfgui_list_add(list, v->fixed ? BF_IMAGE_OK : BF_IMAGE_ERROR, cells, 5, (LPARAM)i);
        n.protocols++;
        n.fixed += v->fixed ? 1 : 0;
        free(p);
        free(addr);
        free(before);
        free(after);
    }
    free(fixed);
    free(still);
    /* then what the machine sends from toward each gateway: a SkipAsSource or metric repair changes it */
    WCHAR *toward = bfgui_load_string(w->hinst, IDS_WIZ_SOURCE_TOWARD);
    n.toward = toward;
    bfgui_source_rows(w->hinst, s->before, s->after, add_source_row, &n);
    free(toward);
    fit_columns(causes, 4);
    fit_columns(list, 5);
    return n;
}

/* The status line: what the rows count ("1 of 2 causes mended; 3 of 4 protocol addresses fixed."),
 * then the verdict (id, with the journal as %1 when args is set). */
static void set_status(bf_wizard *w, HWND page, const verify_counts *n, UINT id, const DWORD_PTR *args, size_t nargs)
{
    DWORD_PTR c[4] = {n->mended, n->causes, n->fixed, n->protocols};
    WCHAR *counts = n->causes ? bfgui_format(w->hinst, IDS_WIZ_VERIFY_COUNTS, c, 4)
                              : bfgui_format(w->hinst, IDS_WIZ_VERIFY_COUNTS_NC, c + 2, 2);
    WCHAR *verdict = nargs ? bfgui_format(w->hinst, id, args, nargs) : bfgui_load_string(w->hinst, id);
    DWORD_PTR both[2] = {(DWORD_PTR)(counts ? counts : L""), (DWORD_PTR)(verdict ? verdict : L"")};
    WCHAR *text = bfgui_format(w->hinst, IDS_WIZ_VERIFY_STATUS, both, 2);
    bfgui_set_status(GetDlgItem(page, IDC_WIZ_STATUS), text ? text : L"");     /* announced, as bfwiz_set_text */
    free(text);
    free(verdict);
    free(w->verify_counts);     /* the Finish page's result box repeats the counts (reachable by Tab there) */
    w->verify_counts = counts;
}

static void show_result(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    verify_counts n = fill(w, page);
    free(w->verify_counts);     /* set again below when this verification counts anything */
    w->verify_counts = NULL;
    WCHAR *j = bfgui_wide(s->journal);
    DWORD_PTR args[1] = {(DWORD_PTR)(j ? j : L"")};
    if (s->restart_pending) {
        /* applied, but Windows uses it after a restart: the rows are the machine before it */
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_FINISH_RESTART_PENDING, args, 1);
    } else if (s->row_count == 0 && n.causes == 0) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_VERIFY_NONE, NULL, 0);
    } else if (s->row_count == 0) {
        set_status(w, page, &n, IDS_WIZ_VERIFY_NONE, NULL, 0);
    } else if (s->verified_ok) {
        set_status(w, page, &n, IDS_WIZ_VERIFIED, NULL, 0);
    } else {
        set_status(w, page, &n, IDS_WIZ_NOT_VERIFIED, args, 1);
    }
    free(j);
    bfwiz_buttons(w, page, PSWIZB_NEXT);
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    w->running = false;
    if (res->ok) {
        w->verified = true;
        show_result(w, page);
    } else {
        bfwiz_show_failure(w, page, IDS_WIZ_VERIFY_FAILED, res);
        bfwiz_buttons(w, page, PSWIZB_NEXT);
    }
    bfwiz_work_ended(w, res);
}

static void init(bf_wizard *w, HWND page)
{
    /* the causes under their own headers (a finding, not a protocol and an address) */
    static const UINT cause_headers[4] = {IDS_WIZ_CCOL_RESULT, IDS_WIZ_CCOL_FINDING, IDS_WIZ_CCOL_WHAT,
                                          IDS_WIZ_CCOL_AFTER};
    static const int cause_widths[4] = {110, 100, 200, 150};
    static const UINT headers[5] = {IDS_WIZ_COL_RESULT, IDS_WIZ_COL_PROTOCOL, IDS_WIZ_COL_ADDRESS,
                                    IDS_WIZ_COL_BEFORE, IDS_WIZ_COL_AFTER};
    static const int widths[5] = {110, 100, 100, 150, 150};
    bfgui_list_columns(w->hinst, GetDlgItem(page, IDC_WIZ_CAUSES), cause_headers, cause_widths, 4, 0, w->images);
    bfgui_list_columns(w->hinst, GetDlgItem(page, IDC_WIZ_LIST), headers, widths, 5, 0, w->images);
}

static void set_active(bf_wizard *w, HWND page)
{
    if (w->verified) {
        show_result(w, page);
    } else if (!w->running) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_VERIFYING, NULL, 0);
        PropSheet_SetWizButtons(w->sheet, 0);
        if (!bfwiz_start(w, page, BFWIZ_WORK_VERIFY))
            PropSheet_SetWizButtons(w->sheet, PSWIZB_NEXT);
    }
}

static LRESULT wiz_next(bf_wizard *w, HWND page)
{
    (void)page;
    return w->running ? -1 : 0;
}

const bfwiz_page_ops bfwiz_verify_page = {
    .init = init,
    .set_active = set_active,
    .wiz_next = wiz_next,
    .forward_only = true,   /* the machine has changed: the way is forward */
    .job_done = on_done,
};
