/*
 * wizpage_review.c - Review the changes: the plan for the chosen fixes, read from the machine now (a
 * worker runs bf_session_plan), every step with its exact value before and after, and what bindfix
 * will not change (the notes). Planned again whenever the choice changed; nothing is changed here.
 */
#include "wizard.h"

#include <stdlib.h>

static size_t first_service_step(const bf_fix_plan *p)
{
    size_t i = 0;
    while (p && i < p->step_count && !bfwiz_is_service_step(p->steps[i].kind))
        i++;
    return i;
}

static void show_plan(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    size_t steps = s->plan ? s->plan->step_count : 0;
    bfgui_set_edit_utf8(GetDlgItem(page, IDC_WIZ_PREVIEW), bf_buf_cstr(&s->preview));
    if (s->notes.len)
        bfgui_set_edit_utf8(GetDlgItem(page, IDC_WIZ_NOTES), bf_buf_cstr(&s->notes));
    else
        bfwiz_set_text(w, page, IDC_WIZ_NOTES, IDS_WIZ_NOTES_NONE, NULL, 0);
    if (steps) {
        DWORD_PTR args[1] = {(DWORD_PTR)steps};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_PLAN_READY, args, 1);
    } else {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, w->job.source == BF_SOURCE_LIVE ? IDS_WIZ_PLAN_EMPTY : IDS_WIZ_PLAN_NOT_LIVE,
                       NULL, 0);
    }
    /* an empty plan still goes on: to the Finish page, which says there was nothing to change */
    bfwiz_buttons(w, page, PSWIZB_BACK | PSWIZB_NEXT);
}

static void start_plan(bf_wizard *w, HWND page)
{
    SetDlgItemTextW(page, IDC_WIZ_PREVIEW, L"");
    SetDlgItemTextW(page, IDC_WIZ_NOTES, L"");
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_PLANNING, NULL, 0);
    if (bfwiz_start(w, page, BFWIZ_WORK_PLAN))
        PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK);
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    w->running = false;
    if (res->ok) {
        w->planned = true;
        w->first_service_step = first_service_step(w->session->plan);
        show_plan(w, page);
    } else {
        DWORD_PTR args[1] = {(DWORD_PTR)(res->error ? res->error : L"")};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_PLAN_FAILED, args, 1);
        bfwiz_buttons(w, page, PSWIZB_BACK);
    }
    bfwiz_work_ended(w, res);
}

INT_PTR CALLBACK bfwiz_review_proc(HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    bf_wizard *w = bfwiz_from_page(page, msg, lp);
    (void)wp;
    if (!w)
        return FALSE;
    switch (msg) {
    case WM_INITDIALOG:
        w->pages[BFWIZ_REVIEW] = page;
        SendDlgItemMessageW(page, IDC_WIZ_PREVIEW, WM_SETFONT, (WPARAM)w->mono_font, FALSE);
        return TRUE;
    case WM_HELP:
        bfwiz_help(w, page, BFWIZ_REVIEW);
        return TRUE;
    case WM_BF_JOB_DONE:
        on_done(w, page, (bf_job_result *)lp);
        return TRUE;
    case WM_NOTIFY: {
        const NMHDR *nm = (const NMHDR *)lp;
        LRESULT r = 0;
        if (nm->code == PSN_SETACTIVE) {
            if (w->planned)
                show_plan(w, page);
            else if (!w->running)
                start_plan(w, page);
            bfwiz_page_shown(w, BFWIZ_REVIEW);
        } else if (nm->code == PSN_WIZNEXT) {
            if (!w->planned)
                r = -1;
            else if (!w->session->plan || w->session->plan->step_count == 0)
                r = IDD_WIZ_FINISH;     /* nothing to apply, restart or verify */
        } else if (!bfwiz_common_notify(w, page, BFWIZ_REVIEW, nm, &r)) {
            return FALSE;
        }
        SetWindowLongPtrW(page, DWLP_MSGRESULT, r);
        return TRUE;
    }
    default:
        return FALSE;
    }
}
