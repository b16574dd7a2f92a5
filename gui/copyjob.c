/*
 * copyjob.c - Copy and Export list of a big table on a worker thread: the rows' text (tab-separated,
 * as Copy gives it) is made from the list's row table (rowtable.c) on the worker, with progress posted
 * to the frame for its status bar and a stop flag (View > Stop, Esc); the frame puts the text on the
 * clipboard or hands it to Export list's own worker (export.c). 100,000 event rows are ~10 MB of text:
 * made on the UI thread, the window would not answer meanwhile.
 *
 * The table must not change under the worker: a change to it (new data, a sort, the table freed) first
 * stops the worker and waits for it (bfgui_table_quiesce, called by rowtable.c itself), which takes at
 * most one row.
 */
#include "gui.h"

#include <stdlib.h>
#include <string.h>

struct bfgui_copy_job {
    HWND notify;
    HWND list;
    bfgui_table *table;
    bool export_list;       /* Export list... (else Copy) */
    size_t *positions;      /* the list positions copied (NULL: every row shown) */
    size_t n;
    WCHAR **headers;        /* the list's column titles */
    int columns;
    volatile LONG stop;
    size_t step;            /* rows between two progress messages */
    size_t posted;          /* rows done at the last one */
    HANDLE thread;
    WCHAR *text;            /* the result, NULL when stopped or out of memory */
    DWORD error;            /* ERROR_SUCCESS, ERROR_CANCELLED, ERROR_NOT_ENOUGH_MEMORY */
};

/* about every 2%: the status bar's "Copying rows: N of M" */
static void progress(void *ctx, size_t done)
{
    bfgui_copy_job *job = ctx;
    if (done - job->posted >= job->step) {
        job->posted = done;
        PostMessageW(job->notify, WM_BF_COPY_PROGRESS, (WPARAM)done, (LPARAM)job->n);
    }
}

static unsigned __stdcall copy_thread(void *arg)
{
    bfgui_copy_job *job = arg;
    job->text = bfgui_table_text(job->table, (const WCHAR *const *)job->headers, job->positions, job->n, &job->stop,
                                 progress, job);
    job->error = job->text ? ERROR_SUCCESS : job->stop ? ERROR_CANCELLED : ERROR_NOT_ENOUGH_MEMORY;
    PostMessageW(job->notify, WM_BF_COPY_DONE, 0, (LPARAM)job);
    return 0;
}

DWORD bfgui_copy_start(HWND notify, HWND list, bool selected_only, bool export_list, bfgui_copy_job **out)
{
    *out = NULL;
    bfgui_table *t = bfgui_table_of(list);
    if (!t)
        return ERROR_INVALID_WINDOW_HANDLE;
    bfgui_copy_job *job = calloc(1, sizeof *job);
    if (!job)
        return ERROR_NOT_ENOUGH_MEMORY;
    job->notify = notify;
    job->list = list;
    job->table = t;
    job->export_list = export_list;
    job->columns = bfgui_table_columns(t);
    job->headers = calloc((size_t)job->columns, sizeof(WCHAR *));
    DWORD rc = job->headers ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    for (int c = 0; c < job->columns && !rc; c++) {
        WCHAR title[256] = L"";
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT;
        col.pszText = title;
        col.cchTextMax = (int)BF_COUNTOF(title);
        SendMessageW(list, LVM_GETCOLUMNW, (WPARAM)c, (LPARAM)&col);
        if (!(job->headers[c] = _wcsdup(title)))
            rc = ERROR_NOT_ENOUGH_MEMORY;
    }
    size_t shown = bfgui_table_shown(t);
    size_t selected = selected_only ? (size_t)SendMessageW(list, LVM_GETSELECTEDCOUNT, 0, 0) : shown;
    if (!rc && selected < shown) {
        /* the positions selected, read now: the selection may change while the worker runs */
        job->positions = malloc((selected ? selected : 1) * sizeof *job->positions);
        if (!job->positions)
            rc = ERROR_NOT_ENOUGH_MEMORY;
        int pos = -1;
        while (!rc && job->n < selected &&
               (pos = (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)pos, LVNI_SELECTED)) >= 0)
            job->positions[job->n++] = (size_t)pos;
    } else {
        job->n = shown;
    }
    job->step = job->n / 50 > 1024 ? job->n / 50 : 1024;
    if (!rc)
        rc = bfgui_worker_start(copy_thread, job, &job->thread);
    if (rc) {
        bfgui_copy_free(job);
        return rc;
    }
    bfgui_table_set_reader(t, job->thread, &job->stop);
    *out = job;
    return ERROR_SUCCESS;
}

void bfgui_copy_stop(bfgui_copy_job *job)
{
    if (job)
        InterlockedExchange(&job->stop, 1);
}

bool bfgui_copy_is_export(const bfgui_copy_job *job)
{
    return job->export_list;
}

HWND bfgui_copy_list(const bfgui_copy_job *job)
{
    return job->list;
}

WCHAR *bfgui_copy_take(bfgui_copy_job *job, size_t *rows, DWORD *error)
{
    WCHAR *t = job->text;
    job->text = NULL;
    *rows = job->n;
    *error = job->error;
    return t;
}

void bfgui_copy_free(bfgui_copy_job *job)
{
    if (!job)
        return;
    if (job->thread) {
        InterlockedExchange(&job->stop, 1);
        WaitForSingleObject(job->thread, INFINITE);    /* it stops within a row */
        bfgui_table_set_reader(job->table, NULL, NULL);
        CloseHandle(job->thread);
    }
    for (int c = 0; job->headers && c < job->columns; c++)
        free(job->headers[c]);
    free(job->headers);
    free(job->positions);
    free(job->text);
    free(job);
}
