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

static void init(bf_wizard *w, HWND page)
{
    bfgui_steps_setup(w->hinst, GetDlgItem(page, IDC_WIZ_LIST), w->images);
}

static void set_active(bf_wizard *w, HWND page)
{
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
}

static LRESULT wiz_next(bf_wizard *w, HWND page)
{
    (void)page;
    if (w->running)
        return -1;
    if (!w->restart_done)
        return IDD_WIZ_FINISH;      /* rolled back or kept after Cancel: nothing to verify */
    return 0;
}

const bfwiz_page_ops bfwiz_restart_page = {
    .shows_steps = true,
    .init = init,
    .set_active = set_active,
    .wiz_next = wiz_next,
    .forward_only = true,   /* the machine has changed: the way is forward */
    .job_done = on_done,
};
