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
        DWORD_PTR args[1] = {(DWORD_PTR)(res->error ? res->error : L"")};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_SCAN_FAILED, args, 1);
        ShowWindow(GetDlgItem(page, IDC_WIZ_RESCAN), SW_SHOW);
        bfwiz_buttons(w, page, PSWIZB_BACK);
    }
    bfwiz_work_ended(w, res);
}

INT_PTR CALLBACK bfwiz_scan_proc(HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    bf_wizard *w = bfwiz_from_page(page, msg, lp);
    if (!w)
        return FALSE;
    switch (msg) {
    case WM_INITDIALOG:
        w->pages[BFWIZ_SCAN] = page;
        ShowWindow(GetDlgItem(page, IDC_WIZ_RESCAN), SW_HIDE);
        return TRUE;
    case WM_COMMAND:
        if (LOWORD(wp) == IDC_WIZ_RESCAN && !w->running) {
            start_scan(w, page);
            return TRUE;
        }
        return FALSE;
    case WM_HELP:
        bfwiz_help(w, page, BFWIZ_SCAN);
        return TRUE;
    case WM_BF_JOB_DONE:
        on_done(w, page, (bf_job_result *)lp);
        return TRUE;
    case WM_NOTIFY: {
        const NMHDR *nm = (const NMHDR *)lp;
        LRESULT r = 0;
        if (nm->code == PSN_SETACTIVE) {
            if (w->scanned) {
                show_result(w, page);
                PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK | PSWIZB_NEXT);
            } else if (!w->running) {
                start_scan(w, page);
            }
            bfwiz_page_shown(w, BFWIZ_SCAN);
        } else if (nm->code == PSN_WIZNEXT) {
            r = w->scanned ? 0 : -1;
        } else if (!bfwiz_common_notify(w, page, BFWIZ_SCAN, nm, &r)) {
            return FALSE;
        }
        SetWindowLongPtrW(page, DWLP_MSGRESULT, r);
        return TRUE;
    }
    default:
        return FALSE;
    }
}
