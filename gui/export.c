/*
 * export.c - File > Export report..., File > Save snapshot... and Action > Export list... (the view's list
 * as tab-separated text, as MMC's Export List): on a worker thread of its own, the
 * Common Item Dialog (IFileSaveDialog, owned by the console; GetSaveFileNameW where it cannot be
 * created: gui/sys/savedlg.c) asks for the file and its type, then the
 * same thread renders and writes it (a report of a big machine takes a while, and a network share can
 * be slow) and posts WM_BF_EXPORT_DONE.
 *
 * On the Fleet node, Export report writes the fleet report, as `bindfix-cli fleet DIR -o FILE` writes it
 * (core/fleet_dir.c's bf_fleet_report: the folder read again with the console's catalogue; HTML with
 * each server's report beside it, text, CSV or JSON).
 *
 * The worker gets its own copy of everything it reads (the snapshot as JSON text, read back there),
 * so the console may load new data meanwhile. Files are written whole or not at all
 * (bfsys_write_file_atomic).
 */
#define COBJMACROS
#include "gui.h"

#include "catalogue.h"
#include "diagnose.h"
#include "fleet.h"
#include "report.h"
#include "snapshot_json.h"

#include <shobjidl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum export_kind { EXPORT_HTML = 0, EXPORT_TEXT, EXPORT_CSV, EXPORT_JSON, EXPORT_SNAPSHOT, EXPORT_LIST } export_kind;

/* What the file dialog offers: a title and the file types (name string, pattern, extension). */
typedef struct export_ask {
    UINT title_id;
    const UINT *type_ids;
    const WCHAR *const *specs;
    const WCHAR *const *exts;
    int ntypes;
    bool snapshot;          /* Save snapshot (one type) rather than Export report */
    bool list;              /* Export list (one type): the text given, as it is */
} export_ask;

typedef struct export_job {
    HWND notify;
    HINSTANCE hinst;
    export_ask ask;
    export_kind kind;
    WCHAR *path;
    char *snapshot_json;    /* the data as it was when asked */
    size_t snapshot_len;
    char *catalogue_utf8;   /* the console's /catalogue FILE (NULL: the default), for the diagnosis */
    bool trust_files;       /* the console's /trust-file: the catalogue is checked as when it was loaded */
    char *fleet_dir_utf8;   /* Export report on the Fleet node: the fleet's folder (no snapshot) */
} export_job;

static void free_job(export_job *job)
{
    free(job->path);
    free(job->snapshot_json);
    free(job->catalogue_utf8);
    free(job->fleet_dir_utf8);
    free(job);
}

/* Asks for a path (savedlg.c: the Common Item Dialog, else GetSaveFileNameW); *type_index: the chosen
 * type (0-based). ERROR_SUCCESS, ERROR_CANCELLED, or why no dialog could be shown. */
static DWORD ask_path(HINSTANCE hinst, HWND owner, const export_ask *a, WCHAR **path, int *type_index)
{
    WCHAR *names[5] = {0};
    int n = a->ntypes < 5 ? a->ntypes : 5;
    for (int i = 0; i < n; i++)
        names[i] = bfgui_load_string(hinst, a->type_ids[i]);
    WCHAR *title = bfgui_load_string(hinst, a->title_id);
    bfsys_save_ask ask = {owner, title, (const WCHAR *const *)names, a->specs, a->exts, n};
    DWORD rc = bfsys_ask_save_path(NULL, &ask, path, type_index);
    free(title);
    for (int i = 0; i < n; i++)
        free(names[i]);
    return rc;
}

static WCHAR *failure(export_job *job, const char *why)
{
    WCHAR *w = bfgui_wide(why);
    DWORD_PTR args[2] = {(DWORD_PTR)job->path, (DWORD_PTR)(w ? w : L"")};
    WCHAR *text = bfgui_format(job->hinst, IDS_EXPORT_FAILED, args, 2);
    free(w);
    return text;
}

static bool write_utf8(const WCHAR *path, const char *data, size_t len, bf_err *err)
{
    char *p = bfsys_wide_to_utf8(path, -1);
    if (!p)
        return bf_fail(err, "out of memory");
    DWORD rc = bfsys_write_file_atomic(p, data, len, err);
    free(p);
    return rc == ERROR_SUCCESS;
}

/* CSV: one file per table, named after the chosen file: report.csv -> report-adapters.csv, ... */
static bool write_csv(const export_job *job, const bf_report *r, bf_err *err)
{
    bf_report_files files;
    if (!bf_report_write_csv(r, &files, err))
        return false;
    bool ok = true;
    size_t n = wcslen(job->path);
    const WCHAR *dot = wcsrchr(job->path, L'.');
    size_t stem = dot && dot > wcsrchr(job->path, L'\\') ? (size_t)(dot - job->path) : n;
    for (size_t i = 0; ok && i < files.count; i++) {
        WCHAR *name = bfgui_wide(files.files[i].name);
        size_t cap = stem + (name ? wcslen(name) : 0) + 8;
        WCHAR *path = malloc(cap * sizeof(WCHAR));
        if (!name || !path) {
            ok = bf_fail(err, "out of memory");
        } else {
            _snwprintf(path, cap, L"%.*ls-%ls", (int)stem, job->path, name);
            path[cap - 1] = 0;
            ok = write_utf8(path, files.files[i].data, files.files[i].len, err);
        }
        free(name);
        free(path);
    }
    bf_report_files_free(&files);
    return ok;
}

/* The fleet report in the chosen type, as `bindfix-cli fleet DIR -o FILE` writes it. */
static bool write_fleet(const export_job *job, bf_err *err)
{
    static const bf_fleet_format fmts[] = {BF_FLEET_FMT_HTML, BF_FLEET_FMT_TEXT, BF_FLEET_FMT_CSV, BF_FLEET_FMT_JSON};
    bf_system sys;
    bf_catalogue *cat = NULL;
    bf_buf doc;
    bf_fleet_report_result res;
    char now[40];
    SYSTEMTIME st;
    char *path = bfsys_wide_to_utf8(job->path, -1);
    bool ok = false;
    GetSystemTime(&st);
    snprintf(now, sizeof now, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
             st.wSecond);
    bf_buf_init(&doc);
    bfsys_system_init(&sys);
    sys.trust_files = job->trust_files;
    if (!path) {
        bf_fail(err, "out of memory");
    } else if (bf_catalogue_open(&sys, job->catalogue_utf8, &cat, err)) {
        bf_fleet_report_opts o = {cat, fmts[job->kind <= EXPORT_JSON ? job->kind : 0], path, now, NULL, NULL};
        bf_fleet *f = bf_fleet_report(&sys, job->fleet_dir_utf8, &o, &doc, &res, err);
        if (f && res.report_failures)
            *err = res.report_err;     /* a server's report beside it could not be written */
        else if (f)
            ok = write_utf8(job->path, bf_buf_cstr(&doc), doc.len, err);
        bf_fleet_destroy(f);
    }
    bf_catalogue_destroy(cat);
    bfsys_system_free(&sys);
    bf_buf_free(&doc);
    free(path);
    return ok;
}

static unsigned __stdcall export_thread(void *param)
{
    export_job *job = param;
    /* The file dialog is shown here, not on the UI thread: creating it (COM, the shell's folders) takes
     * 100 ms and more, and the console must keep answering meanwhile (it is disabled while the dialog,
     * its owner across threads, is open). Chromium shows its file dialogs the same way. */
    HRESULT com = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    int idx = 0;
    DWORD asked = ask_path(job->hinst, job->notify, &job->ask, &job->path, &idx);
    if (SUCCEEDED(com))
        CoUninitialize();
    if (asked != ERROR_SUCCESS) {
        if (asked != ERROR_CANCELLED) {     /* no dialog could be shown: say so, never silently nothing */
            char why[512];
            bfsys_error_text(asked, why, sizeof why);
            WCHAR *w = bfgui_wide(why);
            DWORD_PTR args[1] = {(DWORD_PTR)(w ? w : L"")};
            WCHAR *text = bfgui_format(job->hinst, IDS_EXPORT_DIALOG_FAILED, args, 1);
            free(w);
            if (text && !PostMessageW(job->notify, WM_BF_EXPORT_DONE, 0, (LPARAM)text))
                free(text);
        }
        free_job(job);
        return 0;
    }
    job->kind = job->ask.list ? EXPORT_LIST : job->ask.snapshot ? EXPORT_SNAPSHOT : (export_kind)idx;
    {
        DWORD_PTR args[1] = {(DWORD_PTR)job->path};
        WCHAR *text = bfgui_format(job->hinst, IDS_STATUS_EXPORTING, args, 1);
        if (text && !PostMessageW(job->notify, WM_BF_EXPORT_DONE, 2, (LPARAM)text))
            free(text);
    }

    WCHAR *message = NULL;
    bf_err err;
    bf_err_clear(&err);
    /* Export list: the view's rows as they were shown, already text */
    bf_snapshot *snap = job->kind == EXPORT_LIST || job->fleet_dir_utf8
                            ? NULL
                            : bf_snapshot_read_json(job->snapshot_json, job->snapshot_len, "snapshot", &err);
    bool ok = snap != NULL || job->kind == EXPORT_LIST;
    if (job->fleet_dir_utf8) {
        ok = write_fleet(job, &err);
    } else if (job->kind == EXPORT_LIST) {
        ok = write_utf8(job->path, job->snapshot_json, job->snapshot_len, &err);
    } else if (ok && job->kind == EXPORT_SNAPSHOT) {
        ok = write_utf8(job->path, job->snapshot_json, job->snapshot_len, &err);
    } else if (ok) {
        /* the same catalogue the console diagnosed with, so the report says what the console shows */
        bf_system sys;
        bf_catalogue *cat = NULL;
        bfsys_system_init(&sys);
        sys.trust_files = job->trust_files;
        bf_diagnosis *diag = bf_catalogue_open(&sys, job->catalogue_utf8, &cat, &err) ? bf_diagnose(snap, cat, &err) : NULL;
        char now[40];
        SYSTEMTIME st;
        GetSystemTime(&st);
        snprintf(now, sizeof now, "%04u-%02u-%02uT%02u:%02u:%02uZ", st.wYear, st.wMonth, st.wDay, st.wHour,
                 st.wMinute, st.wSecond);
        bf_report *r = diag ? bf_report_create(snap, diag, now) : NULL;
        if (!r) {
            ok = err.msg[0] ? false : bf_fail(&err, "out of memory");
        } else {
            bf_buf out;
            bf_buf_init(&out);
            switch (job->kind) {
            case EXPORT_HTML: ok = bf_report_write_html(r, &out, &err); break;
            case EXPORT_TEXT: ok = bf_report_write_text(r, &out, &err); break;
            case EXPORT_JSON: ok = bf_report_write_json(r, &out, &err); break;
            default: ok = write_csv(job, r, &err); break;
            }
            if (ok && job->kind != EXPORT_CSV)
                ok = write_utf8(job->path, bf_buf_cstr(&out), out.len, &err);
            bf_buf_free(&out);
            bf_report_destroy(r);
        }
        bf_diagnosis_destroy(diag);
        bf_catalogue_destroy(cat);  /* after the diagnosis, which points into it */
        bfsys_system_free(&sys);
    }
    bf_snapshot_destroy(snap);
    if (!ok) {
        char text[1400];
        bf_err_format(&err, text, sizeof text);
        message = failure(job, text);
    } else {
        DWORD_PTR args[1] = {(DWORD_PTR)job->path};
        message = bfgui_format(job->hinst, IDS_EXPORT_DONE, args, 1);
    }
    /* wParam: 1 = success (the message is for the status bar), 0 = failure (a message box) */
    if (!PostMessageW(job->notify, WM_BF_EXPORT_DONE, ok ? 1 : 0, (LPARAM)message))
        free(message);
    free_job(job);
    return 0;
}

/* Copies the data (as JSON text) on the UI thread, then the worker asks for the file and writes it. */
static bool start(HINSTANCE hinst, HWND owner, const export_ask *ask, const bf_snapshot *snap, const WCHAR *catalogue,
                  bool trust_files)
{
    export_job *job = calloc(1, sizeof *job);
    bf_buf json;
    bf_buf_init(&json);
    if (!job)
        return false;
    bf_snapshot_write_json(snap, &json);
    job->notify = owner;
    job->hinst = hinst;
    job->ask = *ask;
    job->trust_files = trust_files;
    job->snapshot_len = json.len;
    job->snapshot_json = bf_buf_take(&json);
    if (!job->snapshot_json || (catalogue && !(job->catalogue_utf8 = bfsys_wide_to_utf8(catalogue, -1)))) {
        free_job(job);
        return false;
    }
    if (bfgui_worker_start(export_thread, job, NULL) != ERROR_SUCCESS) {
        free_job(job);
        return false;
    }
    return true;
}

bool bfgui_export_report(HINSTANCE hinst, HWND owner, const bf_snapshot *snap, const WCHAR *catalogue,
                         bool trust_files)
{
    static const UINT types[] = {IDS_EXPORT_TYPE_HTML, IDS_EXPORT_TYPE_TEXT, IDS_EXPORT_TYPE_CSV, IDS_EXPORT_TYPE_JSON};
    static const WCHAR *const specs[] = {L"*.html;*.htm", L"*.txt", L"*.csv", L"*.json"};
    static const WCHAR *const exts[] = {L"html", L"txt", L"csv", L"json"};
    static const export_ask ask = {IDS_EXPORT_TITLE, types, specs, exts, 4, false, false};
    return start(hinst, owner, &ask, snap, catalogue, trust_files);    /* the worker diagnoses its own copy */
}

bool bfgui_export_fleet(HINSTANCE hinst, HWND owner, const WCHAR *dir, const WCHAR *catalogue, bool trust_files)
{
    /* the types the CLI writes, in Export report's order (bf_fleet_format by the index chosen) */
    static const UINT types[] = {IDS_EXPORT_TYPE_HTML, IDS_EXPORT_TYPE_TEXT, IDS_EXPORT_TYPE_FLEET_CSV,
                                 IDS_EXPORT_TYPE_JSON};
    static const WCHAR *const specs[] = {L"*.html;*.htm", L"*.txt", L"*.csv", L"*.json"};
    static const WCHAR *const exts[] = {L"html", L"txt", L"csv", L"json"};
    static const export_ask ask = {IDS_EXPORT_FLEET_TITLE, types, specs, exts, 4, false, false};
    export_job *job = calloc(1, sizeof *job);
    if (!job)
        return false;
    job->notify = owner;
    job->hinst = hinst;
    job->ask = ask;
    job->trust_files = trust_files;
    if (!(job->fleet_dir_utf8 = bfsys_wide_to_utf8(dir, -1)) ||
        (catalogue && !(job->catalogue_utf8 = bfsys_wide_to_utf8(catalogue, -1))) ||
        bfgui_worker_start(export_thread, job, NULL) != ERROR_SUCCESS) {
        free_job(job);
        return false;
    }
    return true;
}

DWORD bfgui_export_list(HINSTANCE hinst, HWND owner, const WCHAR *text)
{
    DWORD e;
    static const UINT types[] = {IDS_EXPORT_TYPE_LIST};
    static const WCHAR *const specs[] = {L"*.txt"};
    static const WCHAR *const exts[] = {L"txt"};
    static const export_ask ask = {IDS_EXPORT_LIST_TITLE, types, specs, exts, 1, false, true};
    export_job *job = calloc(1, sizeof *job);
    if (!job)
        return ERROR_NOT_ENOUGH_MEMORY;
    job->notify = owner;
    job->hinst = hinst;
    job->ask = ask;
    /* the rows as UTF-8, carried where the other exports carry the snapshot's JSON text */
    job->snapshot_json = bfsys_wide_to_utf8(text, -1);
    job->snapshot_len = job->snapshot_json ? strlen(job->snapshot_json) : 0;
    e = job->snapshot_json ? bfgui_worker_start(export_thread, job, NULL) : ERROR_NOT_ENOUGH_MEMORY;
    if (e != ERROR_SUCCESS)
        free_job(job);
    return e;
}

bool bfgui_save_snapshot(HINSTANCE hinst, HWND owner, const bf_snapshot *snap)
{
    static const UINT types[] = {IDS_SAVE_TYPE_JSON};
    static const WCHAR *const specs[] = {L"*.json"};
    static const WCHAR *const exts[] = {L"json"};
    static const export_ask ask = {IDS_SAVE_TITLE, types, specs, exts, 1, true, false};
    return start(hinst, owner, &ask, snap, NULL, false);
}
