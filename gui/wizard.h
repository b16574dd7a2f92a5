/*
 * wizard.h - the guided repair wizard (Wizard97 property sheet): the shared per-wizard context, the
 * worker plumbing every page uses, and one dialog procedure for every page, which calls each page's bfwiz_page_ops (gui/wizpage_<name>.c).
 *
 * Threads: every call into the repair session (core/repair_session.h) runs on a worker thread that
 * bfwiz_start() starts (gui/repairjob.c); the session belongs to that worker until its WM_BF_JOB_DONE has been handled
 * on the UI thread. While an apply runs, the engine's hooks post WM_BF_JOB_STEP_BEGIN/WM_BF_JOB_STEP with
 * the step's index and new status only (never a pointer into the plan), so the page shows progress
 * without touching the session. The pages keep no state of their own beyond their controls: what
 * must survive Back and Next (the chosen actions, whether the machine was changed) is in bf_wizard.
 */
#ifndef BF_WIZARD_H
#define BF_WIZARD_H

#include "repairjob.h"
#include "wizard_ids.h"

#include <prsht.h>

/* ---- contract with the test driver (tests/gui/wizdriver.c) ----------------------------------- */

/* Window properties on the property sheet (numbers): it is the wizard; the page shown (bfwiz_page + 1,
 * set once the page is fully set up); 1 while a worker runs, 0 when the page shows its result. */
#define BF_WIZ_PROP      L"bindfix.wizard"
#define BF_WIZ_PAGE_PROP L"bindfix.wizard.page"
#define BF_WIZ_BUSY_PROP L"bindfix.wizard.busy"

typedef enum bfwiz_page {
    BFWIZ_WELCOME = 0, BFWIZ_SCAN, BFWIZ_FINDINGS, BFWIZ_CHOOSE, BFWIZ_REVIEW, BFWIZ_APPLY, BFWIZ_RESTART,
    BFWIZ_VERIFY, BFWIZ_FINISH, BFWIZ__COUNT
} bfwiz_page;

typedef enum bfwiz_work {
    BFWIZ_WORK_NONE = 0,
    BFWIZ_WORK_SCAN,        /* bf_session_scan (and the catalogue) */
    BFWIZ_WORK_PLAN,        /* bf_session_plan */
    BFWIZ_WORK_APPLY,       /* bf_session_apply, stopping before the first service step */
    BFWIZ_WORK_RESTART,     /* bf_session_apply again: the pending service steps */
    BFWIZ_WORK_VERIFY,      /* bf_session_verify */
    BFWIZ_WORK_UNDO,        /* bf_session_undo */
    BFWIZ_WORK_REPORT       /* write the text report to report_path */
} bfwiz_work;

/* WM_BFWIZ_REPAINT (an exterior page repaints the whole sheet) and WM_BFWIZ_SHOWN (a page is shown) are
 * in messages.h. */

typedef struct bf_wizard {
    HINSTANCE hinst;
    HWND sheet;
    HWND pages[BFWIZ__COUNT];
    bool elevated;              /* the process token says so (TokenElevation) */

    bf_repair_job job;          /* the source, the session and the one worker (gui/repairjob.h) */
    bf_repair_session *session; /* job.session */
    bfwiz_work work;            /* what the worker does */
    bool running;               /* a worker has not reported yet */

    /* progress that Back and Next must not lose */
    bool scanned;               /* the session holds a scan */
    bool planned;               /* the session's plan matches chosen[] */
    size_t first_service_step;  /* index of the plan's first service step (step_count when none) */
    bool apply_started;         /* the machine may have been changed: no way back */
    bool apply_done;            /* the steps before the services are done */
    bool restart_done;          /* every step is done */
    bool verified;
    WCHAR *verify_counts;       /* what Verify counted ("1 of 2 causes mended; ..."): Finish repeats it in
                                 * its result box; NULL when nothing was counted */
    bool rolled_back;
    bool changes_kept;          /* stopped, and the administrator kept what was done */
    bool cancel_pending;        /* Cancel was pressed during an apply */
    bool choose_filling;        /* Choose is setting its check boxes: not the administrator's clicks */
    WCHAR *report_path;         /* BFWIZ_WORK_REPORT */
    WCHAR *stale_note;          /* what changed between the preview and Apply: the Review page shows the
                                 * new preview with it; NULL when the preview is current */

    HFONT title_font;           /* exterior pages' title */
    HFONT mono_font;            /* the preview */
    UINT font_dpi;              /* the DPI the two fonts were made for (the sheet's, once it exists) */
    HWND header_title;          /* the interior pages' header: title and subtitle, statics on the sheet */
    HWND header_subtitle;
    HFONT header_font;          /* the title's: the sheet's font in bold */
    HWND header_page;           /* the page the header was laid out for */
    HIMAGELIST images;          /* status icons shared by the lists (destroyed at the end) */
} bf_wizard;

/* ---- wizard.c ------------------------------------------------------------------------------------ */

/* Runs the wizard modally; opts: the same source options as the console (live, /demo, /snapshot FILE).
 * Returns 1 when it changed the machine (the console then scans again), 0 when not, -1 when it could not
 * start (a message box said why). */
int bfgui_run_wizard(HINSTANCE hinst, HWND owner, const bf_gui_options *opts);

/* Starts work on the job's worker thread, which posts WM_BF_JOB_DONE (tag: the bfwiz_work) to notify.
 * false (and a message box) when the thread cannot be created or another worker still runs. */
bool bfwiz_start(bf_wizard *w, HWND notify, bfwiz_work work);
/* Called by a page at the very end of its WM_BF_JOB_DONE handling: joins the ended thread and tells the
 * test driver the page is idle (unless the page started new work meanwhile). Frees res. */
void bfwiz_work_ended(bf_wizard *w, bf_job_result *res);
/* Sets the sheet's Back/Next/Finish buttons when page is the one shown. */
void bfwiz_buttons(bf_wizard *w, HWND page, DWORD flags);
/* Wine's sheet leaves the interior pages' header band over the watermark when an exterior page (Finish)
 * follows an interior one: the exterior pages post WM_BFWIZ_REPAINT to themselves and call this. */
void bfwiz_repaint_sheet(bf_wizard *w);
/* Publishes the page shown (call last in PSN_SETACTIVE). */
void bfwiz_page_shown(bf_wizard *w, bfwiz_page page);
/* F1 / Help: the page's topic in bindfix.chm. */
void bfwiz_help(bf_wizard *w, HWND owner, bfwiz_page which);

/* Page helpers */
void bfwiz_set_text(bf_wizard *w, HWND page, int ctl, UINT id, const DWORD_PTR *args, size_t n);
/* The worker failed: the page's status line (IDC_WIZ_STATUS) is string id with the worker's error text. */
void bfwiz_show_failure(bf_wizard *w, HWND page, UINT id, const bf_job_result *res);
void bfwiz_log(HWND listbox, const WCHAR *line);
/* Appends the label of a section of a detail text (string id, as UTF-8) and then sep. */
void bfwiz_put_label(bf_wizard *w, bf_buf *out, UINT id, const char *sep);
/* The title font on an exterior page's IDC_WIZ_TITLE. */
void bfwiz_apply_title_font(bf_wizard *w, HWND page);
bool bfwiz_is_service_step(bf_step_kind k);

/* Apply and Restart services share the list of steps (IDC_WIZ_LIST, bfgui_steps_setup) and the log
 * (IDC_WIZ_LOG). bfwiz_steps_message handles WM_BF_JOB_STEP_BEGIN / WM_BF_JOB_STEP, and the worker's
 * question WM_BF_ASK_END_PROCESS (its answer in DWLP_MSGRESULT) - true when it was one of them. */
void bfwiz_steps_fill(bf_wizard *w, HWND page, size_t from, size_t to);
bool bfwiz_steps_message(bf_wizard *w, HWND page, UINT msg, WPARAM wp, LPARAM lp);
size_t bfwiz_steps_done(const bf_wizard *w);

typedef enum bfwiz_run_end {
    BFWIZ_RUN_DONE,         /* every step done */
    BFWIZ_RUN_PAUSED,       /* the first apply stopped before the service steps, as it should */
    BFWIZ_RUN_ROLLING_BACK, /* Cancel, and the administrator chose to put the changes back: an undo runs */
    BFWIZ_RUN_FAILED        /* failed (rolled back), cancelled, or the rollback ended: go to Finish */
} bfwiz_run_end;
/* What the end of an apply, restart or undo means; sets the status line, asks about a rollback after
 * Cancel. Call from WM_BF_JOB_DONE before bfwiz_work_ended. */
bfwiz_run_end bfwiz_run_ended(bf_wizard *w, HWND page, const bf_job_result *res);

/* ---- the pages (gui/wizpage_<name>.c) ------------------------------------------------------------ */

/* What one page does. The wizard's one dialog procedure (wizard.c) handles what every page shares - the
 * page's handle, F1 and Help, Cancel, publishing the page shown, the exterior pages' repaint, the Apply
 * and Restart pages' step messages, DWLP_MSGRESULT - and calls these; a NULL member does nothing (Next,
 * Back and Finish then go on). */
typedef struct bfwiz_page_ops {
    bool exterior;      /* Welcome, Finish: watermark pages; the sheet is repainted once they are shown */
    bool shows_steps;   /* Apply, Restart: the plan's steps, their progress and the worker's questions */
    bool forward_only;  /* Back is refused (the machine has changed) */
    void (*init)(bf_wizard *w, HWND page);                               /* WM_INITDIALOG */
    void (*set_active)(bf_wizard *w, HWND page);                         /* PSN_SETACTIVE */
    LRESULT (*wiz_next)(bf_wizard *w, HWND page);        /* PSN_WIZNEXT: 0, -1 (stay) or a page's dialog id */
    LRESULT (*wiz_back)(bf_wizard *w, HWND page);        /* PSN_WIZBACK: the same */
    LRESULT (*wiz_finish)(bf_wizard *w, HWND page);      /* PSN_WIZFINISH: TRUE keeps the wizard open */
    bool (*command)(bf_wizard *w, HWND page, WORD id);                   /* WM_COMMAND: true when handled */
    void (*list_changed)(bf_wizard *w, HWND page, const NMLISTVIEW *lv); /* IDC_WIZ_LIST: LVN_ITEMCHANGED */
    void (*job_done)(bf_wizard *w, HWND page, bf_job_result *res);       /* WM_BF_JOB_DONE: res is freed by
                                                                          * bfwiz_work_ended, called last */
} bfwiz_page_ops;

extern const bfwiz_page_ops bfwiz_welcome_page, bfwiz_scan_page, bfwiz_findings_page, bfwiz_choose_page,
    bfwiz_review_page, bfwiz_apply_page, bfwiz_restart_page, bfwiz_verify_page, bfwiz_finish_page;

#endif
