/*
 * messages.h - every private window message of bindfix.exe, in one enum so that no two share a value
 * (a message posted to the wrong window is then at worst ignored, never taken for another). Each says
 * who sends it, to which window, and what wParam and lParam carry. The values are not stored or read
 * from outside: only the names are the interface (guidriver prints the busy message as a number).
 */
#ifndef BF_MESSAGES_H
#define BF_MESSAGES_H

#include <windows.h>

enum bf_app_message {
    /* ---- to the main window (mainwnd.c) ---- */
    /* Posted by the load worker when it ends. lParam: bf_load_result * (the receiver frees it with
     * bfgui_load_result_free). */
    WM_BF_LOAD_DONE = WM_APP + 1,
    /* Posted by the load worker while a live scan runs. wParam: percent; lParam: malloc'd WCHAR * step
     * text (the receiver frees it). */
    WM_BF_LOAD_PROGRESS,
    /* Posted by export.c's worker: lParam a malloc'd WCHAR * text (the receiver frees it); wParam 2:
     * "exporting" for the status bar, 1: done, for the status bar, 0: failed, for a message box. */
    WM_BF_EXPORT_DONE,
    /* Sent by the watchdog's thread (watchdog.c). wParam: the latency of the previous ping, in ms;
     * lParam: the message the UI thread was handling when that ping was sent (BF_MAXGAP_MSG_PROP). */
    WM_BF_PING,
    /* Posted to itself: the next step of showing a snapshot. */
    WM_BF_SHOW_STEP,
    /* Posted by a page (page.h) to the frame: the page's next step of its own (the overview: placing
     * and sizing its lists). wParam: the page's step (also for the watchdog's record); lParam: the
     * page's bf_node. */
    WM_BF_PAGE_STEP,
    /* Posted to itself: the next step of taking a new DPI. wParam: the step (for the watchdog's
     * record). */
    WM_BF_DPI_STEP,
    /* Posted by opendlg.c's worker with the file chosen in File > Open. lParam: malloc'd WCHAR * path
     * (the receiver frees it). */
    WM_BF_OPEN_CHOSEN,
    /* Posted by copyjob.c's worker about every 2% of a copy. wParam: rows made; lParam: rows in all. */
    WM_BF_COPY_PROGRESS,
    /* Posted by copyjob.c's worker when the text is made or the copy stopped. lParam: bfgui_copy_job *
     * (the receiver frees it with bfgui_copy_free). */
    WM_BF_COPY_DONE,

    /* ---- to a repair window: the Fix dialog or a wizard page (repairjob.c) ---- */
    /* Posted by the job's worker when the last work ended or one failed. lParam: bf_job_result * (the
     * receiver frees it with bfgui_job_result_free). */
    WM_BF_JOB_DONE,
    /* Posted by the engine's after_step hook: wParam step index, lParam its new bf_step_status. */
    WM_BF_JOB_STEP,
    /* Posted by the before_step hook when a step is about to run: wParam step index. */
    WM_BF_JOB_STEP_BEGIN,
    /* Posted by the job's worker about once a second while it waits for the machine-wide repair lock.
     * wParam: seconds waited; lParam: malloc'd WCHAR * naming the holder (the receiver frees it). */
    WM_BF_JOB_LOCK_WAIT,
    /* Sent by the job's worker to the window that started it, to ask whether to end a process that
     * holds the port. wParam: step index; result: 1 = end it. */
    WM_BF_ASK_END_PROCESS,
    /* Posted by the live mode's thread (livewatch.c) to the main window: an address or interface changed. */
    WM_BF_ADDR_CHANGED,
    /* Posted by an exterior wizard page to itself when shown: repaint the whole sheet (see
     * bfwiz_repaint_sheet). */
    WM_BFWIZ_REPAINT,
    /* Posted by bfwiz_page_shown to the sheet: wParam the page shown + 1, published as
     * BF_WIZ_PAGE_PROP. */
    WM_BFWIZ_SHOWN,
    /* Posted by opendlg.c's worker to the console with the folder chosen in File > Open fleet.
     * lParam: malloc'd WCHAR * path (the receiver frees it). */
    WM_BF_FLEET_CHOSEN,
    /* Posted by page_fleet.c's worker to the console when a fleet folder is read. lParam: its result
     * (the fleet page takes it: bf_page_fleet_loaded). */
    WM_BF_FLEET_DONE,
    /* Posted by page_fleet.c's worker to the console as each file of a fleet folder is read, before
     * WM_BF_FLEET_DONE. lParam: the row (the fleet page takes it: bf_page_fleet_row). */
    WM_BF_FLEET_ROW,

    /* ---- to the help viewer's thread (help.c; a thread message, no window) ---- */
    /* wParam: owner HWND (for an error box); lParam: malloc'd URL (the thread frees it). */
    WM_BF_HELP_SHOW
};

#endif
