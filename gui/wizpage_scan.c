/*
 * wizpage_scan.c - Scan: reads the machine (or the demo, or the snapshot file) and diagnoses it on a
 * worker thread (bf_session_scan); a marquee progress bar runs meanwhile. Scanned once: Back and Next
 * again keep the result (and with it the fixes chosen later). A failed scan can be started again.
 */
#include "wizard.h"

#include <stdlib.h>

static void set_marquee(HWND bar, bool on)
{
    LONG_PTR style = GetWindowLongPtrW(bar, GWL_STYLE);
    if (on) {
        SetWindowLongPtrW(bar, GWL_STYLE, style | PBS_MARQUEE);
        SendMessageW(bar, PBM_SETMARQUEE, TRUE, 30);
    } else {
        SendMessageW(bar, PBM_SETMARQUEE, FALSE, 0);
        SetWindowLongPtrW(bar, GWL_STYLE, style & ~(LONG_PTR)PBS_MARQUEE);
        SendMessageW(bar, PBM_SETRANGE32, 0, 100);
        SendMessageW(bar, PBM_SETPOS, 100, 0);
    }
}

static void start_scan(bf_wizard *w, HWND page)
{
    ShowWindow(GetDlgItem(page, IDC_WIZ_RESCAN), SW_HIDE);
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_SCANNING, NULL, 0);
    set_marquee(GetDlgItem(page, IDC_WIZ_PROGRESS), true);
    w->scanned = false;
    w->planned = false;
    if (bfwiz_start(w, page, BFWIZ_WORK_SCAN)) {
        PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK);
    } else {
        set_marquee(GetDlgItem(page, IDC_WIZ_PROGRESS), false);
        ShowWindow(GetDlgItem(page, IDC_WIZ_RESCAN), SW_SHOW);
    }
}

static void show_result(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    size_t findings = s->diagnosis ? s->diagnosis->finding_count : 0;
    if (findings == 0) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_SCAN_CLEAN, NULL, 0);
    } else {
        DWORD_PTR args[2] = {(DWORD_PTR)findings, (DWORD_PTR)s->action_count};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_SCAN_DONE, args, 2);
    }
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    w->running = false;
    set_marquee(GetDlgItem(page, IDC_WIZ_PROGRESS), false);
    if (res->ok) {
        w->scanned = true;
        show_result(w, page);
        bfwiz_buttons(w, page, PSWIZB_BACK | PSWIZB_NEXT);
    } else {
        bfwiz_show_failure(w, page, IDS_WIZ_SCAN_FAILED, res);
        ShowWindow(GetDlgItem(page, IDC_WIZ_RESCAN), SW_SHOW);
        bfwiz_buttons(w, page, PSWIZB_BACK);
    }
    bfwiz_work_ended(w, res);
}

static void init(bf_wizard *w, HWND page)
{
    (void)w;
    ShowWindow(GetDlgItem(page, IDC_WIZ_RESCAN), SW_HIDE);
}

static bool command(bf_wizard *w, HWND page, WORD id)
{
    if (id != IDC_WIZ_RESCAN || w->running)
        return false;
    start_scan(w, page);
    return true;
}

static void set_active(bf_wizard *w, HWND page)
{
    if (w->scanned) {
        show_result(w, page);
        PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK | PSWIZB_NEXT);
    } else if (!w->running) {
        start_scan(w, page);
    }
}

static LRESULT wiz_next(bf_wizard *w, HWND page)
{
    (void)page;
    return w->scanned ? 0 : -1;
}

const bfwiz_page_ops bfwiz_scan_page = {
    .init = init,
    .set_active = set_active,
    .wiz_next = wiz_next,
    .command = command,
    .job_done = on_done,
};
