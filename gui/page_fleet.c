/*
 * page_fleet.c - the Fleet node (issue 17): a folder of per-host results, as res/fleet's playbook or
 * PowerShell script leaves it and `bindfix-cli fleet DIR` reads it (core/fleet.h: NAME.json a host's
 * snapshot, NAME.not-collected.json the engine's word that it could not collect NAME), one row per host:
 * host, verdict, findings, worst finding (the first root cause), time of the result.
 *
 * The folder is read on a worker thread (each snapshot read, diagnosed and summarised by core/fleet.c,
 * then freed: only the summaries stay), posted back as WM_BF_FLEET_DONE; the frame hands it to
 * bf_page_fleet_loaded. The list is a list page (resultview.c: the shared result list, sortable by any
 * column, copied as tab-separated text); Enter or a double-click on a row opens that host's snapshot in
 * the console as File > Open snapshot opens a file: read-only, repairs only previewed (mainwnd.c).
 */
#include "page.h"

#include "catalogue.h"
#include "fleet.h"
#include "helptopics.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef struct fleet_page {
    bf_page_host *host;
    void *list;             /* the list page (resultview.c); its fill reads this context */
    bf_fleet *fleet;        /* shown; NULL before the first folder is read */
    WCHAR *dir;             /* the folder shown (malloc'd) */
    WCHAR *loading_dir;     /* the folder being read (malloc'd), NULL when none */
    unsigned generation;    /* of the read last started: an older answer is dropped */
} fleet_page;

/* The worker's own copy of what it reads; it frees the job. */
typedef struct fleet_job {
    HWND notify;
    char *dir_utf8;
    unsigned generation;
} fleet_job;

typedef struct fleet_result {
    unsigned generation;
    bf_fleet *fleet;        /* NULL: err says why */
    bf_err err;
} fleet_result;

/* ---- the worker ------------------------------------------------------------------------------------- */

/* DIR and a name in it, with the folder's own separator (as cli_fleet.c joins them). */
static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir), m = strlen(name);
    char *p = malloc(n + m + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, n);
    size_t k = n;
    if (n > 0 && dir[n - 1] != '/' && dir[n - 1] != '\\')
        p[k++] = strchr(dir, '/') ? '/' : '\\';
    memcpy(p + k, name, m + 1);
    return p;
}

/* Reads the folder as `bindfix-cli fleet` does: every NAME.json and NAME.not-collected.json, an
 * unreadable file a row of its own. false: res->err says why nothing could be shown. */
static bool read_fleet(const char *dir, fleet_result *res)
{
    bf_system sys;
    bf_catalogue *cat = NULL;
    char **names = NULL;
    size_t count = 0, read = 0;
    bool ok = false;
    bfsys_system_init(&sys);
    bf_fleet *f = NULL;
    if (!bf_catalogue_open(&sys, NULL, &cat, &res->err) || !sys.list_dir(sys.ctx, dir, &names, &count, &res->err))
        goto done;
    if (!(f = bf_fleet_create(dir)))
        goto oom;
    for (size_t i = 0; i < count; i++) {
        if (!bf_fleet_wants(names[i]))
            continue;
        read++;
        char *path = join_path(dir, names[i]), *data = NULL;
        size_t len = 0;
        bf_err err;
        bf_err_clear(&err);
        if (!path)
            goto oom;
        bool added;
        if (!sys.read_file(sys.ctx, path, &data, &len, &err)) {
            char msg[sizeof err.msg + sizeof err.where + 64];
            bf_err_format(&err, msg, sizeof msg);
            added = bf_fleet_add_unreadable(f, names[i], msg);
        } else {
            added = bf_fleet_add_file(f, names[i], data, len, cat, NULL, NULL);
        }
        free(data);
        free(path);
        if (!added)
            goto oom;
    }
    if (read == 0) {
        bf_fail_at(&res->err, dir, 0, 0, "no NAME.json or NAME" BF_NOT_COLLECTED_SUFFIX " in the folder");
        goto done;
    }
    if (!bf_fleet_finish(f))
        goto oom;
    res->fleet = f;
    f = NULL;
    ok = true;
    goto done;
oom:
    bf_err_clear(&res->err);
    bf_fail(&res->err, "out of memory");
done:
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    bf_fleet_destroy(f);
    bf_catalogue_destroy(cat);     /* the summaries hold copies: nothing points into it */
    bfsys_system_free(&sys);
    return ok;
}

static void result_free(fleet_result *res)
{
    if (!res)
        return;
    bf_fleet_destroy(res->fleet);
    free(res);
}

static unsigned __stdcall fleet_thread(void *param)
{
    fleet_job *job = param;
    fleet_result *res = calloc(1, sizeof *res);
    if (res) {
        res->generation = job->generation;
        bf_err_clear(&res->err);
        read_fleet(job->dir_utf8, res);
    }
    /* exactly one answer; NULL: not even the result could be allocated */
    if (!PostMessageW(job->notify, WM_BF_FLEET_DONE, 0, (LPARAM)res))
        result_free(res);   /* the window is gone */
    free(job->dir_utf8);
    free(job);
    return 0;
}

/* ---- the list --------------------------------------------------------------------------------------- */

static int status_image(const bf_fleet_server *s)
{
    if (s->state != BF_FLEET_COLLECTED)
        return BF_IMAGE_ERROR;     /* its state is not known: as bad as a failure until it is */
    if (!s->has_findings || s->worst < BF_SEV_WARNING)
        return BF_IMAGE_OK;
    return s->worst == BF_SEV_WARNING ? BF_IMAGE_WARNING : BF_IMAGE_ERROR;
}

/* "Critical", "Healthy", "Not collected: the engine's error", "Unreadable: the reader's message" */
static WCHAR *verdict_text(HINSTANCE hinst, const bf_fleet_server *s)
{
    if (s->state == BF_FLEET_COLLECTED)
        return s->has_findings ? bfgui_enum_text(hinst, IDS_SEV_BASE, (int)s->worst, BF_SEV_CRITICAL + 1)
                               : bfgui_load_string(hinst, IDS_FLEET_HEALTHY);
    WCHAR *why = bfgui_wide(s->error);
    if (!why)
        return NULL;
    DWORD_PTR args[1] = {(DWORD_PTR)why};
    WCHAR *text = bfgui_format(hinst, s->state == BF_FLEET_NOT_COLLECTED ? IDS_FLEET_NOT_COLLECTED : IDS_FLEET_UNREADABLE,
                               args, 1);
    free(why);
    return text;
}

/* One row per server, in the fleet's order (by name): row i is server i (bf_page_fleet_focused_file). */
static void fill_fleet(bf_rows *b, const bf_page_data *d)
{
    (void)d;
    const fleet_page *fp = b->state;
    if (!fp || !fp->fleet)
        return;
    for (size_t i = 0; i < fp->fleet->server_count; i++) {
        const bf_fleet_server *s = &fp->fleet->servers[i];
        bool collected = s->state == BF_FLEET_COLLECTED;
        bf_rows_put_model(b, 0, s->name, status_image(s));
        bf_rows_put_owned(b, 1, bf_rows_skipping(b, 1) ? NULL : verdict_text(b->hinst, s), BF_IMAGE_DEFAULT);
        bf_rows_put_int(b, 2, (long long)s->finding_count, collected);
        bf_rows_put_model(b, 3, collected ? s->top_finding : "", BF_IMAGE_DEFAULT);
        bf_rows_put_model(b, 4, s->collected_at ? s->collected_at : "", BF_IMAGE_DEFAULT);
    }
}

static const bf_list_page_def fleet_def = {BF_NODE_FLEET, IDS_RCOL_FLEET, 5, fill_fleet, true};

/* ---- the page --------------------------------------------------------------------------------------- */

static void *fleet_create(bf_page_host *host)
{
    fleet_page *fp = calloc(1, sizeof *fp);
    if (!fp)
        return NULL;
    fp->host = host;
    if (!(fp->list = bf_list_page_create(host, &fleet_def))) {
        free(fp);
        return NULL;
    }
    bf_list_page_set_state(fp->list, fp);
    return fp;
}

static void fleet_destroy(void *page)
{
    fleet_page *fp = page;
    bf_list_page_destroy(fp->list);
    bf_fleet_destroy(fp->fleet);
    free(fp->dir);
    free(fp->loading_dir);
    free(fp);   /* a worker still reading posts to a window that is gone, and frees its own answer */
}

static int fleet_windows(void *page, HWND *out, int max)
{
    return bf_list_page_windows(((fleet_page *)page)->list, out, max);
}

static void fleet_show(void *page, bool shown)
{
    bf_list_page_show(((fleet_page *)page)->list, shown);
}

static void fleet_layout(void *page, RECT area)
{
    bf_list_page_layout(((fleet_page *)page)->list, area);
}

static bool fleet_refresh(void *page, bf_page_change change, int part)
{
    return bf_list_page_refresh(((fleet_page *)page)->list, change, part);
}

static bool fleet_font_changed(void *page, int part)
{
    return bf_list_page_font_changed(((fleet_page *)page)->list, part);
}

static HWND fleet_list(void *page, HWND focus)
{
    return bf_list_page_list(((fleet_page *)page)->list, focus);
}

static bool fleet_notify(void *page, NMHDR *nm, LRESULT *result)
{
    return bf_list_page_notify(((fleet_page *)page)->list, nm, result);
}

static void fleet_step(void *page, WPARAM wp)
{
    bf_list_page_step(((fleet_page *)page)->list, wp);
}

const bf_page_ops bf_page_fleet = {BF_NODE_FLEET,      BF_HELP_VIEW_FLEET, fleet_create, fleet_destroy,
                                   fleet_windows,      fleet_show,         fleet_layout, fleet_refresh,
                                   fleet_font_changed, fleet_list,         fleet_notify, fleet_step};

DWORD bf_page_fleet_open(void *page, const WCHAR *dir)
{
    fleet_page *fp = page;
    fleet_job *job = calloc(1, sizeof *job);
    WCHAR *copy = _wcsdup(dir);
    if (!job || !copy || !(job->dir_utf8 = bfsys_wide_to_utf8(dir, -1))) {
        free(job);
        free(copy);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    job->notify = fp->host->frame;
    job->generation = fp->generation + 1;
    DWORD rc = bfgui_worker_start(fleet_thread, job, NULL);
    if (rc != ERROR_SUCCESS) {
        free(job->dir_utf8);
        free(job);
        free(copy);
        return rc;
    }
    fp->generation++;   /* a read still running answers an older generation: dropped */
    free(fp->loading_dir);
    fp->loading_dir = copy;
    return ERROR_SUCCESS;
}

bool bf_page_fleet_loading(void *page)
{
    return ((fleet_page *)page)->loading_dir != NULL;
}

const WCHAR *bf_page_fleet_dir(void *page)
{
    return ((fleet_page *)page)->dir;
}

const WCHAR *bf_page_fleet_loaded(void *page, LPARAM result, size_t *servers)
{
    fleet_page *fp = page;
    fleet_result *res = (fleet_result *)result;
    *servers = 0;
    if (res && res->generation != fp->generation) {
        result_free(res);
        return NULL;
    }
    WCHAR *dir = fp->loading_dir;
    fp->loading_dir = NULL;
    if (!res || !res->fleet) {
        /* what was shown stays; the box says which folder and why */
        char msg[sizeof res->err.msg + sizeof res->err.where + 64];
        WCHAR *why = NULL;
        if (res) {
            bf_err_format(&res->err, msg, sizeof msg);
            why = bfgui_wide(msg);
        }
        DWORD_PTR args[2] = {(DWORD_PTR)(dir ? dir : L""), (DWORD_PTR)(why ? why : L"")};
        WCHAR *text = res ? bfgui_format(fp->host->hinst, IDS_FLEET_ERR_READ, args, 2) : NULL;
        if (text)
            bfgui_message_box(fp->host->frame, text, MB_OK | MB_ICONERROR);
        else
            fp->host->error(fp->host, IDS_ERR_NO_MEMORY);
        free(text);
        free(why);
        free(dir);
        result_free(res);
        return NULL;
    }
    bf_fleet_destroy(fp->fleet);
    fp->fleet = res->fleet;
    res->fleet = NULL;
    result_free(res);
    free(fp->dir);
    fp->dir = dir ? dir : _wcsdup(L"");
    *servers = fp->fleet->server_count;
    /* the rows are made again from the new fleet (at once when the node is shown) */
    bf_list_page_refresh(fp->list, BF_PAGE_NEW_DATA, 0);
    return fp->dir;
}

WCHAR *bf_page_fleet_focused_file(void *page, HWND list, WCHAR **host_out)
{
    fleet_page *fp = page;
    *host_out = NULL;
    bfgui_table *t = bfgui_table_of(list);
    int focused = t ? (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED) : -1;
    if (focused < 0)
        focused = t ? (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED) : -1;
    size_t row = focused >= 0 ? bfgui_table_row_at(t, (size_t)focused) : (size_t)-1;
    if (!fp->fleet || !fp->dir || row >= fp->fleet->server_count)
        return NULL;
    const bf_fleet_server *s = &fp->fleet->servers[row];
    if (s->state == BF_FLEET_NOT_COLLECTED) {
        *host_out = bfgui_wide(s->name);
        return NULL;
    }
    /* an unreadable file is opened too: the console's load error then says why, in full */
    WCHAR *file = bfgui_wide(s->file);
    size_t n = wcslen(fp->dir), m = file ? wcslen(file) : 0;
    WCHAR *path = file ? malloc((n + m + 2) * sizeof(WCHAR)) : NULL;
    if (path) {
        wcscpy(path, fp->dir);
        if (n > 0 && path[n - 1] != L'\\' && path[n - 1] != L'/')
            wcscat(path, L"\\");
        wcscat(path, file);
    }
    free(file);
    return path;
}
