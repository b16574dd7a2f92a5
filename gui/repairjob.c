/*
 * repairjob.c - the one repair job behind the Fix dialog and the wizard (see repairjob.h): the
 * mapping from the GUI's source to the session's, the worker and its hooks, the error text, and the
 * questions and texts both windows show about a repair.
 */
#include "repairjob.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static WCHAR *err_text(const bf_err *e)
{
    char text[1400];
    bf_err_format(e, text, sizeof text);
    return bfgui_wide(text);
}

static WCHAR *dup_or_null(const WCHAR *s, bool *ok)
{
    WCHAR *d = s ? _wcsdup(s) : NULL;
    if (s && !d)
        *ok = false;
    return d;
}

bool bfgui_job_init(bf_repair_job *job, HINSTANCE hinst, const bf_gui_source *src, const WCHAR *journal)
{
    bool ok = true;
    memset(job, 0, sizeof *job);
    job->hinst = hinst;
    job->source = src->kind;
    job->snapshot = dup_or_null(src->snapshot, &ok);
    job->catalogue = dup_or_null(src->catalogue, &ok);
    job->journal = dup_or_null(journal, &ok);
    job->session = bf_session_create();
    if (job->session)
        job->session->service_timeout_ms = bfgui_settings_service_timeout_ms();
    bfsys_system_init(&job->sys);
    job->sys.trust_files = src->trust_files;   /* /trust-file: the same check, the same override as the CLI's */
    return ok && job->session;
}

void bfgui_job_result_free(bf_job_result *res)
{
    if (res) {
        free(res->error);
        free(res);
    }
}

void bfgui_job_free(bf_repair_job *job)
{
    bfgui_job_reap(job);     /* a worker still running (Cancel during a scan) owns the session */
    /* results posted to windows that no longer exist carry memory */
    MSG m;
    while (PeekMessageW(&m, NULL, WM_BF_JOB_DONE, WM_BF_JOB_DONE, PM_REMOVE))
        bfgui_job_result_free((bf_job_result *)m.lParam);
    while (PeekMessageW(&m, NULL, WM_BF_JOB_LOCK_WAIT, WM_BF_JOB_LOCK_WAIT, PM_REMOVE))
        free((WCHAR *)m.lParam);
    /* the repair lock goes with the job (bfsys_system_free releases it) */
    bf_session_destroy(job->session);
    bfsys_system_free(&job->sys);
    free(job->snapshot);
    free(job->catalogue);
    free(job->journal);
    memset(job, 0, sizeof *job);
}

/* ---- the worker ------------------------------------------------------------------------------------- */

/* before_step: Stop says no here (a safe point: between two journaled steps); the wizard's first apply
 * also stops before the first service step, which its Restart services page carries out. */
static bool hook_before(void *cb, const bf_fix_plan *p, size_t i)
{
    bf_repair_job *job = cb;
    if (InterlockedCompareExchange(&job->stop, 0, 0) != 0)
        return false;
    if (job->stop_before_services && job->current == BF_JOB_APPLY &&
        (p->steps[i].kind == BF_STEP_SERVICE_STOP || p->steps[i].kind == BF_STEP_SERVICE_START))
        return false;
    PostMessageW(job->notify, WM_BF_JOB_STEP_BEGIN, (WPARAM)i, 0);
    return true;
}

/* Only the step index and its status travel: the plan belongs to the worker while it runs, but a
 * step's title is fixed from the moment the plan was made. */
static void hook_after(void *cb, const bf_fix_plan *p, size_t i)
{
    bf_repair_job *job = cb;
    PostMessageW(job->notify, WM_BF_JOB_STEP, (WPARAM)i, (LPARAM)p->steps[i].status);
}

/* end_process: asked on the UI thread, the worker waits for the answer */
static bool hook_end_process(void *cb, const bf_fix_plan *p, size_t i)
{
    bf_repair_job *job = cb;
    (void)p;
    return SendMessageW(job->notify, WM_BF_ASK_END_PROCESS, (WPARAM)i, 0) == 1;
}

/* the services behind the catalogued protocols that the snapshot shows running, once each */
static bool add_protocol_services(bf_repair_session *s)
{
    bf_buf names;
    bf_buf_init(&names);
    const bf_snapshot *snap = s->before;
    for (size_t i = 0; i < snap->endpoint_count; i++) {
        const char *svc = snap->endpoints[i].service;
        const bf_service *v = svc && svc[0] ? bf_snap_find_service(snap, svc) : NULL;
        if (!v || v->state != BF_SVC_RUNNING || strstr(bf_buf_cstr(&names), v->name))
            continue;
        bf_buf_printf(&names, "%s%s", names.len ? "," : "", v->name);
    }
    bool ok = names.len && bf_session_add_restart(s, bf_buf_cstr(&names)) >= 0;
    bf_buf_free(&names);
    return ok;
}

static bool load_catalogue(bf_repair_job *job, bf_err *e)
{
    char *cat = job->catalogue ? bfsys_wide_to_utf8(job->catalogue, -1) : NULL;
    bool ok = job->catalogue && !cat ? bf_fail(e, "out of memory")
                                     : bf_session_load_catalogue(job->session, &job->sys, cat, e);
    free(cat);
    return ok;
}

/* the GUI's source as the core's (core/source.h): the scan loads its catalogue too */
static bool scan(bf_repair_job *job, bf_err *e)
{
    bf_source src;
    bf_source_init(&src);
    src.kind = job->source;
    char *path = job->snapshot ? bfsys_wide_to_utf8(job->snapshot, -1) : NULL;
    char *cat = job->catalogue ? bfsys_wide_to_utf8(job->catalogue, -1) : NULL;
    src.path = path;
    src.catalogue = cat;
    bool ok = (job->snapshot && !path) || (job->catalogue && !cat) ? bf_fail(e, "out of memory")
                                                                  : bf_session_scan(job->session, &job->sys, &src, e);
    free(path);
    free(cat);
    return ok;
}

static bool plan(bf_repair_job *job, bf_err *e)
{
    bf_repair_session *s = job->session;
    if (job->restart_only && !bf_session_choose_kind(s, BF_ACTION_RESTART_SERVICES)) {
        if (!add_protocol_services(s))
            return true;    /* nothing to restart: the plan stays empty */
        bf_session_choose_kind(s, BF_ACTION_RESTART_SERVICES);
    }
    return bf_session_plan(s, &job->sys, e);
}

/* The undo's preview: the journal's plan. The scan after the undo probes the protocols of the same
 * catalogue as the repair's. *missing: there is no journal at all. */
static bool read_journal(bf_repair_job *job, bool *missing, bf_err *e)
{
    bf_repair_session *s = job->session;
    if (!load_catalogue(job, e))
        return false;
    char *path = job->journal ? bfsys_wide_to_utf8(job->journal, -1) : bf_repair_last_journal(&job->sys);
    if (!path) {
        *missing = true;
        return false;
    }
    s->journal = path;
    /* the pointer is followed only into the journal folder; a journal named by the user is not */
    if (!job->journal && !bf_repair_pointer_followed(&job->sys, path, e))
        return false;
    s->plan = bf_repair_read_journal(&job->sys, path, e);
    if (!s->plan)
        return false;
    bf_fix_plan_write_preview(s->plan, &s->preview);
    return true;
}

/* while the lock is held by another process: who, posted to the window (which frees the text) */
static void lock_waiting(void *wc, int waited_ms, const bf_lock_holder *h)
{
    bf_repair_job *job = wc;
    bf_buf b;
    bf_buf_init(&b);
    bf_lock_holder_write(h, &b);
    WCHAR *who = bfgui_wide(bf_buf_cstr(&b));
    bf_buf_free(&b);
    if (who && !PostMessageW(job->notify, WM_BF_JOB_LOCK_WAIT, (WPARAM)(waited_ms / 1000), (LPARAM)who))
        free(who);
}

/* One repair at a time per machine: the job takes the machine-wide lock before its first plan, journal,
 * apply or undo, and keeps it until bfgui_job_free, so that plan, apply, verify and undo all run under
 * it. Another holder is waited for (its name posted about once a second) until it ends or Close sets
 * job->stop. A holder that died (abandoned): a repair goes to the interrupted-repair path (undo
 * first), an undo goes on. Not an administrator: the preview goes on without (it changes nothing). */
static bool take_lock(bf_repair_job *job, bool undo, bf_err *e)
{
    bf_lock_holder h;
    bf_lock_result r;
    char *stale = NULL;
    if (job->locked || job->source != BF_SOURCE_LIVE || !job->sys.lock_acquire)
        return true;
    r = job->sys.lock_acquire(job->sys.ctx, undo ? "undo (console)" : "repair (console)", 0x7fffffff,
                              (const volatile long *)&job->stop, lock_waiting, job, &h, e);
    switch (r) {
    case BF_LOCK_TAKEN:
        job->locked = true;
        return true;
    case BF_LOCK_ABANDONED:
        job->locked = true;
        if (!undo && bf_repair_interrupted(&job->sys, &stale)) {
            bf_buf b;
            bf_buf_init(&b);
            bf_lock_holder_write(&h, &b);
            if (bf_repair_pointer_outside(&job->sys, stale))    /* not read: Undo last repair does not follow it */
                bf_fail(e, "the last repair's process (%s) ended without finishing; its journal %s is outside the "
                           "journal folder, and bindfix reads it only when named. Check it and undo it first: "
                           "bindfix-cli undo --journal \"%s\"", bf_buf_cstr(&b), stale, stale);
            else
                bf_fail(e, "the last repair's process (%s) ended without finishing; its journal %s says it was "
                           "interrupted. Undo it first (Action, Undo last repair)", bf_buf_cstr(&b), stale);
            bf_buf_free(&b);
            free(stale);
            return false;
        }
        return true;
    case BF_LOCK_NO_ACCESS:
        bf_err_clear(e);
        return true;
    case BF_LOCK_BUSY:
    case BF_LOCK_CANCELLED: {
        bf_buf b;
        bf_buf_init(&b);
        bf_lock_holder_write(&h, &b);
        bf_fail(e, "stopped waiting for another repair that holds the repair lock: %s; nothing was done",
                bf_buf_cstr(&b));
        bf_buf_free(&b);
        return false;
    }
    case BF_LOCK_FAILED:
    default:
        return false;
    }
}

/* Right before the first apply: the plan made again from the machine now; anything a previewed step
 * touches that changed means the new preview is shown and nothing is applied (err code BF_FIX_STALE,
 * the changes as its text). */
static bool still_as_previewed(bf_repair_job *job, bf_err *e)
{
    bf_repair_session *s = job->session;
    bf_buf changed;
    bool stale = false, ok;
    if (!s->plan || s->plan->state != BF_PLAN_PLANNED)
        return true;
    bf_buf_init(&changed);
    ok = bf_session_refresh(s, &job->sys, &changed, &stale, e);
    if (ok && stale) {
        bf_fail(e, "%s", changed.failed ? "(out of memory)" : bf_buf_cstr(&changed));
        e->code = BF_FIX_STALE;
        ok = false;
    }
    bf_buf_free(&changed);
    return ok;
}

static bool run_work(bf_repair_job *job, bf_job_work work, const bf_fix_opts *hooks, bool *missing, bf_err *e)
{
    bf_repair_session *s = job->session;
    bf_err ce;      /* a failed comparison shows as "cannot compare" */
    switch (work) {
    case BF_JOB_SCAN: return scan(job, e);
    case BF_JOB_PLAN: return plan(job, e);
    case BF_JOB_JOURNAL: return read_journal(job, missing, e);
    case BF_JOB_APPLY: {
        if (!still_as_previewed(job, e))
            return false;
        bool ok = bf_session_apply(s, &job->sys, hooks, e);
        if (!ok && bfgui_job_count_steps(s, BF_STEP_UNDONE))
            bf_session_check_undo(s, &job->sys, &ce);   /* the automatic rollback: as before? */
        return ok;
    }
    case BF_JOB_VERIFY: return bf_session_verify(s, &job->sys, e);
    case BF_JOB_UNDO: {
        bool ok = bf_session_undo(s, &job->sys, hooks, e);
        bf_session_check_undo(s, &job->sys, &ce);
        return ok;
    }
    case BF_JOB_CUSTOM: return job->custom(job, job->custom_ctx, e);
    case BF_JOB_NONE:
    default: return true;
    }
}

static unsigned __stdcall job_main(void *param)
{
    bf_repair_job *job = param;
    bf_job_result *res = job->result;
    job->result = NULL;
    bf_err e;
    bf_err_clear(&e);
    bf_fix_opts hooks;
    memset(&hooks, 0, sizeof hooks);
    hooks.before_step = hook_before;
    hooks.after_step = hook_after;
    hooks.end_process = hook_end_process;
    hooks.cb = job;
    hooks.force = job->force;
    bool missing = false;
    bf_job_work failed = BF_JOB_NONE;
    for (size_t i = 0; i < job->work_count && failed == BF_JOB_NONE; i++) {
        bf_job_work w = job->works[i];
        bool needs_lock = w == BF_JOB_PLAN || w == BF_JOB_JOURNAL || w == BF_JOB_APPLY || w == BF_JOB_UNDO ||
                          (w == BF_JOB_SCAN && i + 1 < job->work_count && job->works[i + 1] == BF_JOB_PLAN);
        job->current = w;
        /* the scan a plan is made from runs under the lock too */
        if (needs_lock && !take_lock(job, w == BF_JOB_JOURNAL || w == BF_JOB_UNDO, &e))
            failed = w;
        else if (!run_work(job, w, &hooks, &missing, &e))
            failed = w;
    }
    res->tag = job->tag;
    res->failed = failed;
    res->ok = failed == BF_JOB_NONE;
    res->stopped = !res->ok && e.code == BF_FIX_STOPPED;
    res->stale = !res->ok && e.code == BF_FIX_STALE;
    res->drift = !res->ok && e.code == BF_FIX_DRIFT;
    res->error = res->ok ? NULL : missing ? bfgui_load_string(job->hinst, IDS_REPAIR_NO_JOURNAL) : err_text(&e);
    if (!PostMessageW(job->notify, WM_BF_JOB_DONE, 0, (LPARAM)res))
        bfgui_job_result_free(res);     /* the window is gone: nobody else will free it */
    return 0;
}

bool bfgui_job_running(const bf_repair_job *job)
{
    return job->worker && WaitForSingleObject(job->worker, 0) == WAIT_TIMEOUT;
}

void bfgui_job_reap(bf_repair_job *job)
{
    if (job->worker) {
        WaitForSingleObject(job->worker, INFINITE);
        CloseHandle(job->worker);
        job->worker = NULL;
    }
}

void bfgui_job_stop(bf_repair_job *job)
{
    InterlockedExchange(&job->stop, 1);
}

bool bfgui_job_start(bf_repair_job *job, HWND notify, HWND owner, const bf_job_work *works, size_t n,
                     bool stop_before_services, int tag)
{
    bfgui_job_reap(job);    /* the one before posted its result: it has ended or is ending */
    if (n > BF_JOB_MAX_WORKS)
        n = BF_JOB_MAX_WORKS;
    memcpy(job->works, works, n * sizeof *works);
    job->work_count = n;
    job->current = BF_JOB_NONE;
    job->notify = notify;
    job->stop_before_services = stop_before_services;
    job->tag = tag;
    InterlockedExchange(&job->stop, 0);
    job->result = calloc(1, sizeof *job->result);
    DWORD rc = job->result ? bfgui_worker_start(job_main, job, &job->worker) : ERROR_NOT_ENOUGH_MEMORY;
    if (rc != ERROR_SUCCESS) {
        free(job->result);
        job->result = NULL;
        DWORD_PTR args[1] = {(DWORD_PTR)rc};
        WCHAR *text = bfgui_format(job->hinst, IDS_ERR_WORKER, args, 1);
        bfgui_message_box(owner, text, MB_OK | MB_ICONERROR);
        free(text);
        return false;
    }
    return true;
}

/* ---- on the UI thread ------------------------------------------------------------------------------- */

size_t bfgui_job_count_steps(const bf_repair_session *s, bf_step_status status)
{
    size_t n = 0;
    for (size_t i = 0; s->plan && i < s->plan->step_count; i++)
        n += s->plan->steps[i].status == status;
    return n;
}

bool bfgui_job_message(bf_repair_job *job, HWND wnd, HWND owner, HWND steps, UINT msg, WPARAM wp, LPARAM lp,
                       size_t *step, bf_step_status *status)
{
    const bf_fix_plan *p = job->session->plan;    /* for the question, the worker waits in SendMessage */
    if (msg == WM_BF_ASK_END_PROCESS) {
        bool yes = p && wp < p->step_count &&
                   bfgui_ask_end_process(job->hinst, owner, p->steps[wp].target, job->session->service_timeout_ms,
                                         p->steps[wp].end_note);
        SetWindowLongPtrW(wnd, DWLP_MSGRESULT, yes ? 1 : 0);
        return true;
    }
    if (msg != WM_BF_JOB_STEP_BEGIN && msg != WM_BF_JOB_STEP)
        return false;
    *step = (size_t)wp;
    *status = msg == WM_BF_JOB_STEP_BEGIN ? BF_STEP_DOING : (bf_step_status)lp;
    bfgui_steps_show(job->hinst, steps, *step, *status);
    return true;
}

bool bfgui_job_lock_wait_message(bf_repair_job *job, HWND wnd, int status_id, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg != WM_BF_JOB_LOCK_WAIT)
        return false;
    WCHAR *who = (WCHAR *)lp;
    DWORD_PTR args[2] = {(DWORD_PTR)wp, (DWORD_PTR)(who ? who : L"")};
    WCHAR *text = bfgui_format(job->hinst, IDS_REPAIR_LOCK_WAIT, args, 2);
    SetDlgItemTextW(wnd, status_id, text ? text : L"");
    free(text);
    free(who);
    return true;
}

bool bfgui_ask_end_process(HINSTANCE hinst, HWND owner, const char *service, int timeout_ms, const char *end_note)
{
    WCHAR *name = bfgui_wide(service);
    /* the SCM's failure actions (machine.service_end_note): restart, a program, a reboot */
    WCHAR *note = end_note && end_note[0] ? bfgui_wide(end_note) : bfgui_load_string(hinst, IDS_REPAIR_END_NOTE_UNKNOWN);
    DWORD_PTR args[3] = {(DWORD_PTR)(name ? name : L""), (DWORD_PTR)((timeout_ms + 999) / 1000),
                         (DWORD_PTR)(note ? note : L"")};
    WCHAR *text = bfgui_format(hinst, IDS_REPAIR_END_PROCESS_ASK, args, 3);
    bool yes = text && bfgui_message_box(owner, text, MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2) == IDYES;
    free(text);
    free(note);
    free(name);
    return yes;
}

WCHAR *bfgui_undo_check_text(HINSTANCE hinst, const bf_repair_session *s, bool with_lines)
{
    const bf_undo_check *c = &s->undo_check;
    if (!c->done)
        return bfgui_load_string(hinst, IDS_UNDO_NO_SCAN);
    if (!c->compared)
        return bfgui_load_string(hinst, IDS_UNDO_NO_BASELINE);
    DWORD_PTR args[1] = {(DWORD_PTR)(c->diff_count ? c->diff_count : c->results)};
    WCHAR *head = bfgui_format(hinst, c->diff_count ? IDS_UNDO_DIFFERS : IDS_UNDO_AS_BEFORE, args, 1);
    if (!with_lines || !c->diff_count || !head)
        return head;
    bf_buf b;
    bf_buf_init(&b);
    for (size_t i = 0; i < c->diff_count; i++) {
        bf_buf_puts(&b, "\r\n");
        bf_undo_diff_line(&c->diffs[i], &b);
    }
    WCHAR *lines = bfgui_wide(bf_buf_cstr(&b));
    bf_buf_free(&b);
    size_t n = wcslen(head) + (lines ? wcslen(lines) : 0) + 1;
    WCHAR *all = malloc(n * sizeof *all);
    if (all)
        _snwprintf(all, n, L"%ls%ls", head, lines ? lines : L"");
    free(head);
    free(lines);
    return all;
}
