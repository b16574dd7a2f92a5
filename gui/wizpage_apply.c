/*
 * wizpage_apply.c - Apply the changes: the configuration steps of the plan (registry values, the hosts
 * file, interface metrics), each journaled before it happens, with a log. The apply stops by itself
 * before the first service step: the Restart services page carries those out, so the administrator
 * sees the configuration changed before any service is touched.
 *
 * Only a live scan can be applied, and only by an administrator: without rights the Apply button (with
 * the UAC shield) starts the wizard again elevated; a demo or a snapshot file ends in a preview.
 */
#include "wizard.h"

#include <stdlib.h>

static bool can_apply(const bf_wizard *w)
{
    return w->job.source == BF_SOURCE_LIVE;
}

static void show_ready(bf_wizard *w, HWND page)
{
    size_t steps = w->session->plan ? w->session->plan->step_count : 0;
    size_t now = w->first_service_step, later = steps - now;
    HWND apply = GetDlgItem(page, IDC_WIZ_APPLY);
    if (!can_apply(w)) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS,
                       w->job.source == BF_SOURCE_DEMO ? IDS_WIZ_APPLY_PREVIEW_DEMO : IDS_WIZ_APPLY_PREVIEW_FILE, NULL, 0);
        EnableWindow(apply, FALSE);
        bfwiz_buttons(w, page, PSWIZB_BACK | PSWIZB_NEXT);
        return;
    }
    if (!w->elevated) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLY_NOT_ADMIN, NULL, 0);
    } else {
        DWORD_PTR args[2] = {(DWORD_PTR)now, (DWORD_PTR)later};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLY_READY, args, 2);
    }
    bfgui_mark_shield(apply);
    bfgui_shield_words(w->hinst, apply, NULL);
    EnableWindow(apply, TRUE);
    /* Next without Apply would skip the change: only Back until it is applied */
    bfwiz_buttons(w, page, PSWIZB_BACK);
}

static void relaunch_elevated(bf_wizard *w, HWND page)
{
    bf_gui_source src = {w->job.source, w->job.snapshot, w->job.catalogue, w->job.sys.trust_files, false};
    DWORD rc = bfgui_relaunch(w->sheet, L"/wizard", &src, true);
    if (rc == ERROR_SUCCESS) {
        PropSheet_PressButton(w->sheet, PSBTN_CANCEL);    /* the elevated copy goes on from the start */
    } else if (rc != ERROR_CANCELLED) {
        DWORD_PTR a[1] = {(DWORD_PTR)rc};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLY_REFUSED, a, 1);
    }
}

static void on_apply(bf_wizard *w, HWND page)
{
    if (w->running || w->apply_started || !can_apply(w))
        return;
    if (!w->elevated) {
        relaunch_elevated(w, page);
        return;
    }
    w->apply_started = true;    /* from here on there is no way Back */
    EnableWindow(GetDlgItem(page, IDC_WIZ_APPLY), FALSE);
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLYING, NULL, 0);
    PropSheet_SetWizButtons(w->sheet, 0);
    if (!bfwiz_start(w, page, BFWIZ_WORK_APPLY)) {
        w->apply_started = false;
        show_ready(w, page);
    }
}

/* The machine changed between the preview and Apply: nothing was applied, the session holds the new
 * plan. Back to the Review page, which shows the new preview and says what changed. */
static void show_stale(bf_wizard *w, bf_job_result *res)
{
    const bf_fix_plan *p = w->session->plan;
    size_t i = 0;
    w->running = false;
    w->apply_started = false;
    free(w->stale_note);
    w->stale_note = _wcsdup(res->error ? res->error : L"");
    while (p && i < p->step_count && !bfwiz_is_service_step(p->steps[i].kind))
        i++;
    w->first_service_step = i;
    bfwiz_work_ended(w, res);
    PropSheet_SetCurSelByID(w->sheet, IDD_WIZ_REVIEW);
    /* Apply disabled the sheet's buttons; Review offers Back and Next (to apply the new preview) */
    PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK | PSWIZB_NEXT);
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    if (res->stale) {
        show_stale(w, res);
        return;
    }
    bfwiz_run_end end = bfwiz_run_ended(w, page, res);
    size_t done = bfwiz_steps_done(w);
    DWORD_PTR args[1] = {(DWORD_PTR)done};
    switch (end) {
    case BFWIZ_RUN_DONE:
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLY_DONE_ALL, args, 1);
        bfwiz_buttons(w, page, PSWIZB_NEXT);
        break;
    case BFWIZ_RUN_PAUSED: {
        WCHAR *line = bfgui_load_string(w->hinst, IDS_WIZ_LOG_STOPPED_SVC);
        bfwiz_log(GetDlgItem(page, IDC_WIZ_LOG), line);
        free(line);
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLY_DONE, args, 1);
        bfwiz_buttons(w, page, PSWIZB_NEXT);
        break;
    }
    case BFWIZ_RUN_ROLLING_BACK:
        break;      /* an undo runs; its own WM_BF_JOB_DONE comes here too */
    case BFWIZ_RUN_FAILED:
    default:
        bfwiz_buttons(w, page, PSWIZB_NEXT);    /* to Finish, which says what happened */
        break;
    }
    bfwiz_work_ended(w, res);
}

static void init(bf_wizard *w, HWND page)
{
    bfgui_steps_setup(w->hinst, GetDlgItem(page, IDC_WIZ_LIST), w->images);
}

static bool command(bf_wizard *w, HWND page, WORD id)
{
    if (id != IDC_WIZ_APPLY)
        return false;
    on_apply(w, page);
    return true;
}

static void set_active(bf_wizard *w, HWND page)
{
    if (!w->apply_started) {
        bfwiz_steps_fill(w, page, 0, w->first_service_step);
        SendDlgItemMessageW(page, IDC_WIZ_LOG, LB_RESETCONTENT, 0, 0);
        show_ready(w, page);
    }
}

static LRESULT wiz_next(bf_wizard *w, HWND page)
{
    (void)page;
    if (w->running)
        return -1;
    if (!w->apply_started || w->rolled_back || w->changes_kept || !w->apply_done)
        return IDD_WIZ_FINISH;      /* a preview, a rollback or a failure: nothing to restart or verify */
    if (w->restart_done)
        return IDD_WIZ_VERIFY;      /* the plan had no service step */
    return 0;
}

static LRESULT wiz_back(bf_wizard *w, HWND page)
{
    (void)page;
    return w->apply_started ? -1 : 0;
}

const bfwiz_page_ops bfwiz_apply_page = {
    .shows_steps = true,
    .init = init,
    .set_active = set_active,
    .wiz_next = wiz_next,
    .wiz_back = wiz_back,
    .command = command,
    .job_done = on_done,
};
