/*
 * loader.c - loads a snapshot (live scan, demo, or file) on a worker thread.
 *
 * Why a thread for all three sources, not just the live scan: one code path for the window (request,
 * progress, one result message), and a file on a slow share or a large report never freezes the UI.
 * The window owns the job; the worker owns its result until PostMessage succeeds, then the window does.
 */
#include "gui.h"

#include <stdlib.h>
#include <string.h>

#include "source.h"

struct bf_load_job {
    HWND notify;
    bf_source_kind source;
    char *path_utf8;            /* BF_SOURCE_FILE */
    char *catalogue_utf8;       /* /catalogue FILE, or NULL: the default beside the program */
    bool trust_files;           /* /trust-file */
    bool dns;                   /* View > Check DNS registration in scans (live scans only) */
    unsigned generation;
    volatile int cancel;        /* read by bfsys_collect at its safe points */
    volatile LONG running;
    HANDLE thread;
};

static void post_result(bf_load_job *job, bf_load_result *res)
{
    if (!PostMessageW(job->notify, WM_BF_LOAD_DONE, 0, (LPARAM)res))
        bfgui_load_result_free(res);    /* the window is gone: nobody else will free it */
}

static void on_collect_progress(void *ctx, int percent, const char *what)
{
    bf_load_job *job = ctx;
    WCHAR *step = bfsys_utf8_to_wide(what ? what : "");
    if (!step)
        return;     /* progress is only informative: dropping one on OOM is harmless */
    if (!PostMessageW(job->notify, WM_BF_LOAD_PROGRESS, (WPARAM)percent, (LPARAM)step))
        free(step);
}

static unsigned __stdcall load_thread(void *param)
{
    bf_load_job *job = param;
    bf_load_result *res = calloc(1, sizeof *res);
    if (res) {
        bf_system sys;
        bf_source src;
        bf_opened o;
        bfsys_system_init(&sys);
        sys.trust_files = job->trust_files;
        bf_source_init(&src);
        src.kind = job->source;
        src.path = job->path_utf8;
        src.catalogue = job->catalogue_utf8;
        src.collect.dns = job->dns && job->source == BF_SOURCE_LIVE;
        src.collect.cancel = &job->cancel;
        src.collect.progress = on_collect_progress;
        src.collect.progress_ctx = job;
        res->generation = job->generation;
        /* the catalogue, the snapshot and its diagnosis, as `bindfix-cli scan` makes them; the diagnosis
         * is pure and can take milliseconds on a big machine: here, not on the UI thread. A snapshot
         * that cannot be diagnosed is still shown. */
        if (!bf_source_open(&src, &sys, true, &o, &res->err) && o.snap)
            bf_err_clear(&res->err);
        res->catalogue = o.catalogue;
        res->snap = o.snap;
        res->diag = o.diag;
        /* the repair journals belong to this machine: a demo or a file has none */
        if (res->snap && job->source == BF_SOURCE_LIVE)
            res->history = bfgui_history_read(&sys);
        bfsys_system_free(&sys);
        post_result(job, res);
    } else {
        /* Still exactly one WM_BF_LOAD_DONE: NULL lParam means "no memory for even the result". */
        PostMessageW(job->notify, WM_BF_LOAD_DONE, 0, 0);
    }
    InterlockedExchange(&job->running, 0);
    return 0;
}

static void job_free(bf_load_job *job)
{
    if (!job)
        return;
    if (job->thread)
        CloseHandle(job->thread);
    free(job->path_utf8);
    free(job->catalogue_utf8);
    free(job);
}

DWORD bfgui_load_start(HWND notify, const bf_gui_source *src, unsigned generation, bf_load_job **job_out)
{
    bf_load_job *job = calloc(1, sizeof *job);
    if (!job)
        return ERROR_NOT_ENOUGH_MEMORY;
    job->notify = notify;
    job->source = src->kind;
    job->trust_files = src->trust_files;
    job->dns = src->dns;
    job->generation = generation;
    job->running = 1;
    if ((src->kind == BF_SOURCE_FILE && !(job->path_utf8 = bfsys_wide_to_utf8(src->snapshot ? src->snapshot : L"", -1)))
        || (src->catalogue && !(job->catalogue_utf8 = bfsys_wide_to_utf8(src->catalogue, -1)))) {
        job_free(job);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    DWORD rc = bfgui_worker_start(load_thread, job, &job->thread);
    if (rc != ERROR_SUCCESS) {
        job_free(job);
        return rc;
    }
    *job_out = job;
    return ERROR_SUCCESS;
}

bool bfgui_load_running(const bf_load_job *job)
{
    return job && job->running;
}

void bfgui_load_cancel(bf_load_job *job)
{
    if (job)
        job->cancel = 1;    /* the worker stops at its next safe point and posts its result */
}

void bfgui_load_finish(bf_load_job *job, DWORD wait_ms)
{
    if (!job)
        return;
    job->cancel = 1;
    if (WaitForSingleObject(job->thread, wait_ms) != WAIT_OBJECT_0)
        return;     /* still inside a system call: it keeps using the job, so the job must stay */
    job_free(job);
}

void bfgui_load_result_free(bf_load_result *res)
{
    if (!res)
        return;
    bf_snapshot_destroy(res->snap);
    bf_diagnosis_destroy(res->diag);
    bf_catalogue_destroy(res->catalogue);     /* after the diagnosis that points into it */
    bfgui_history_free(res->history);
    free(res);
}
