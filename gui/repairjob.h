/*
 * repairjob.h - one repair job for every repair window (the console's Fix / Restart services / Undo
 * dialog and the repair wizard), as ReactOS servman runs every service action through one
 * RunActionWithProgress and one ActionThread: the source to scan, the repair session, the one worker
 * thread that calls into the session, the engine's hooks (Stop before the next step, the step's new
 * status posted, "end its process?" asked on the UI thread), and the error text.
 *
 * Threads: the session belongs to the worker from bfgui_job_start until its WM_BF_JOB_DONE has been
 * handled on the UI thread. The worker never touches a window but by posting (and, for the one
 * question, SendMessage to the window that started it); it never ends a dialog.
 */
#ifndef BF_REPAIRJOB_H
#define BF_REPAIRJOB_H

#include "gui.h"

#include "repair_session.h"

/* WM_BF_JOB_DONE, WM_BF_JOB_STEP and WM_BF_JOB_STEP_BEGIN (what the worker and its hooks post) are in
 * messages.h. */

typedef enum bf_job_work {
    BF_JOB_NONE = 0,
    BF_JOB_SCAN,        /* the catalogue, then a scan of the job's source */
    BF_JOB_PLAN,        /* a plan of the chosen actions (restart_only: the services behind the protocols) */
    BF_JOB_JOURNAL,     /* the catalogue, then the journal to undo (or the last one) as the plan */
    BF_JOB_APPLY,       /* apply; a failed step's automatic rollback is compared with the scan before */
    BF_JOB_VERIFY,      /* scan again and compare the protocols that failed */
    BF_JOB_UNDO,        /* undo, then compare with the scan before the repair */
    BF_JOB_CUSTOM       /* job->custom (the wizard's report) */
} bf_job_work;

#define BF_JOB_MAX_WORKS 4

typedef struct bf_job_result {
    int tag;                /* what the caller of bfgui_job_start passed */
    bf_job_work failed;     /* BF_JOB_NONE when every work succeeded, else the one that failed */
    bool ok;
    bool stopped;           /* an apply that a hook stopped (err code BF_FIX_STOPPED) */
    bool stale;             /* the machine changed since the preview: the session holds the new plan and
                             * preview, nothing was applied; error says what changed */
    bool drift;             /* a step's target no longer held what it expected (BF_FIX_DRIFT): error says
                             * which, expected and found; the same work with force writes over it */
    WCHAR *error;           /* malloc'd, NULL when ok */
} bf_job_result;

typedef struct bf_repair_job bf_repair_job;

struct bf_repair_job {
    HINSTANCE hinst;
    bf_source_kind source;
    WCHAR *snapshot;            /* BF_SOURCE_FILE */
    WCHAR *catalogue;           /* /catalogue FILE, or NULL */
    WCHAR *journal;             /* BF_JOB_JOURNAL: the journal asked for, or NULL for the last one */
    bf_system sys;
    bf_repair_session *session;
    bool restart_only;          /* BF_JOB_PLAN plans the restart of the protocols' services */
    bool (*custom)(bf_repair_job *job, void *ctx, bf_err *e);  /* BF_JOB_CUSTOM, on the worker */
    void *custom_ctx;

    /* set by bfgui_job_start; fixed while the worker runs */
    HANDLE worker;
    HWND notify;
    bf_job_work works[BF_JOB_MAX_WORKS];
    size_t work_count;
    bf_job_work current;        /* the work under way (read by the hooks) */
    bool stop_before_services;  /* BF_JOB_APPLY stops before the first service step */
    int tag;
    bf_job_result *result;      /* made before the thread starts: the worker always has one to post */
    volatile LONG stop;         /* Cancel / Close: the next before_step says no, a lock wait ends */
    bool force;                 /* the administrator's Force: apply / undo write over a drifted value */
    bool locked;                /* the machine-wide repair lock is held (from the first plan, journal,
                                 * apply or undo until bfgui_job_free) */
};

/* Sets up job for src (strings copied) and journal (may be NULL); false when out of memory (then
 * bfgui_job_free is still called). */
bool bfgui_job_init(bf_repair_job *job, HINSTANCE hinst, const bf_gui_source *src, const WCHAR *journal);
/* Waits for a worker still running (it owns the session), frees the results it posted to windows that
 * are gone, and everything the job holds. */
void bfgui_job_free(bf_repair_job *job);
/* Runs works[0..n) in order on the worker, stopping at the first that fails, then posts one
 * WM_BF_JOB_DONE to notify. false (and a message box owned by owner) when the thread cannot start. */
bool bfgui_job_start(bf_repair_job *job, HWND notify, HWND owner, const bf_job_work *works, size_t n,
                     bool stop_before_services, int tag);
bool bfgui_job_running(const bf_repair_job *job);
/* Asks an apply or undo to stop before its next step (a safe point between two journaled steps). */
void bfgui_job_stop(bf_repair_job *job);
/* Joins the worker once its result arrived (posting it was its last act). */
void bfgui_job_reap(bf_repair_job *job);
void bfgui_job_result_free(bf_job_result *res);

/* WM_BF_JOB_LOCK_WAIT: the waiting text (IDS_REPAIR_LOCK_WAIT) into the window's status control; true
 * when msg was it (its text freed). */
bool bfgui_job_lock_wait_message(bf_repair_job *job, HWND wnd, int status_id, UINT msg, WPARAM wp, LPARAM lp);

/* WM_BF_JOB_STEP_BEGIN, WM_BF_JOB_STEP (the step list shows the new status; *step and *status say which,
 * for a log) and the worker's WM_BF_ASK_END_PROCESS (asked in a message box owned by owner, the answer in
 * wnd's DWLP_MSGRESULT). true when msg was one of them. */
bool bfgui_job_message(bf_repair_job *job, HWND wnd, HWND owner, HWND steps, UINT msg, WPARAM wp, LPARAM lp,
                       size_t *step, bf_step_status *status);
/* How many steps of the session's plan have the status. */
size_t bfgui_job_count_steps(const bf_repair_session *s, bf_step_status status);

/* Asks (a message box owned by owner, on the UI thread) whether to end the process of a service that
 * did not stop within timeout_ms; true: Yes. */
bool bfgui_ask_end_process(HINSTANCE hinst, HWND owner, const char *service, int timeout_ms, const char *end_note);
/* After an undo or a rollback (bf_session_check_undo): "As before: ...", or "Not as before: N ..." and,
 * with_lines, each difference on a line of its own; or why it could not compare. Caller frees. */
WCHAR *bfgui_undo_check_text(HINSTANCE hinst, const bf_repair_session *s, bool with_lines);

#endif
