/*
 * wizpage_restart.c - Restart services: the plan's service steps, through the Service Control Manager
 * (stop dependents first, start in dependency order, independent branches together, each wait bounded
 * by the service timeout). The apply that the Apply page stopped goes on from its first pending step;
 * it starts when the page is shown, since Next on the Apply page said that it would.
 */
#include "wizard.h"

#include <stdlib.h>

static void start_restart(bf_wizard *w, HWND page)
{
    size_t later = w->session->plan->step_count - w->first_service_step;
    DWORD_PTR args[1] = {(DWORD_PTR)later};
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_RESTARTING, args, 1);
    PropSheet_SetWizButtons(w->sheet, 0);
    if (!bfwiz_start(w, page, BFWIZ_WORK_RESTART))
        bfwiz_buttons(w, page, PSWIZB_NEXT);
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    bfwiz_run_end end = bfwiz_run_ended(w, page, res);
    if (end == BFWIZ_RUN_DONE)
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_RESTART_DONE, NULL, 0);
    if (end != BFWIZ_RUN_ROLLING_BACK)
        bfwiz_buttons(w, page, PSWIZB_NEXT);
    bfwiz_work_ended(w, res);
}

INT_PTR CALLBACK bfwiz_restart_proc(HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    bf_wizard *w = bfwiz_from_page(page, msg, lp);
    if (!w)
        return FALSE;
    if (bfwiz_steps_message(w, page, msg, wp, lp))
        return TRUE;
    switch (msg) {
    case WM_INITDIALOG:
        w->pages[BFWIZ_RESTART] = page;
        bfgui_steps_setup(w->hinst, GetDlgItem(page, IDC_WIZ_LIST), w->images);
        return TRUE;
    case WM_HELP:
        bfwiz_help(w, page, BFWIZ_RESTART);
        return TRUE;
    case WM_BF_JOB_DONE:
        on_done(w, page, (bf_job_result *)lp);
        return TRUE;
    case WM_NOTIFY: {
        const NMHDR *nm = (const NMHDR *)lp;
        LRESULT r = 0;
        if (nm->code == PSN_SETACTIVE) {
            const bf_fix_plan *p = w->session->plan;
            bfwiz_steps_fill(w, page, w->first_service_step, p ? p->step_count : 0);
            if (!p || w->first_service_step >= p->step_count) {
                bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_RESTART_NONE, NULL, 0);
                PropSheet_SetWizButtons(w->sheet, PSWIZB_NEXT);
            } else if (!w->restart_done && !w->running && !w->rolled_back && !w->changes_kept) {
                start_restart(w, page);
            } else if (!w->running) {
                PropSheet_SetWizButtons(w->sheet, PSWIZB_NEXT);
            }
            bfwiz_page_shown(w, BFWIZ_RESTART);
        } else if (nm->code == PSN_WIZNEXT) {
            if (w->running)
                r = -1;
            else if (!w->restart_done)
                r = IDD_WIZ_FINISH;     /* rolled back or kept after Cancel: nothing to verify */
        } else if (nm->code == PSN_WIZBACK) {
            r = -1;                     /* the machine has changed: the way is forward */
        } else if (!bfwiz_common_notify(w, page, BFWIZ_RESTART, nm, &r)) {
            return FALSE;
        }
        SetWindowLongPtrW(page, DWLP_MSGRESULT, r);
        return TRUE;
    }
    default:
        return FALSE;
    }
}
