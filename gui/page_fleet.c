/*
 * page_fleet.c - the Fleet node (issue 17): a folder of per-host results, as res/fleet's playbook or
 * PowerShell script leaves it and `bindfix-cli fleet DIR` reads it (core/fleet.h: NAME.json a host's
 * snapshot, NAME.not-collected.json the engine's word that it could not collect NAME), one row per host:
 * host, verdict, findings, worst finding (the first root cause), time of the result.
 *
 * The folder is read on a worker thread by the reader the CLI uses (bf_fleet_read_dir: each snapshot
 * read, diagnosed and summarised, then freed). Each row is posted as it is read (WM_BF_FLEET_ROW: a copy
 * of the row, and how many of the folder's files are read), so the first servers are shown, and the
 * status bar counts, while the last are still being read; the UI thread only appends the copy. The
 * finished fleet (sorted, grouped) follows as WM_BF_FLEET_DONE and replaces the rows. The frame hands
 * both to this page. The list is a list page (resultview.c: the shared result list, sortable by any
 * column, copied as tab-separated text); Enter or a double-click on a row opens that host's snapshot in
 * the console as File > Open snapshot opens a file: read-only, repairs only previewed (mainwnd.c).
 *
 * Catalogue: the one the console was started with (/catalogue FILE, checked as /trust-file says),
 * else the built-in one with bindfix-catalogue.json beside the program: what `bindfix-cli fleet` uses
 * with and without --catalogue, so the console's rows are the CLI's. A fleet folder names no catalogue
 * of its own (the playbook copies bindfix_catalogue to the hosts, not into the run's folder).
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
    bf_fleet *fleet;        /* shown: the finished fleet, or the rows read so far; NULL before any */
    WCHAR *dir;             /* the folder shown (malloc'd) */
    WCHAR *loading_dir;     /* the folder being read (malloc'd), NULL when none */
    unsigned generation;    /* of the read last started: an older answer is dropped */
    unsigned shown_generation;  /* whose rows fleet holds */
    /* The filter by finding (above the list): "All findings", then each finding ID of the finished fleet's
     * groups with its count of servers. The list shows rows[0 .. row_count) (server indexes, in the fleet's
     * order): all servers, or those having the finding. */
    HWND filter_label, filter;
    char *filter_id;            /* the finding chosen (malloc'd), NULL: all; kept over a read of the folder */
    const char **filter_ids;    /* the combo's items after "All findings" (the fleet's strings), malloc'd */
    size_t filter_count;
    size_t *rows, row_count;
    bool paint_recorded;        /* BF_FLEETPAINT_PROP set (once per process: make bench-fleet-console) */
} fleet_page;

/* The worker's own copy of what it reads; it frees the job. */
typedef struct fleet_job {
    HWND notify;
    char *dir_utf8;
    char *catalogue_utf8;   /* the console's /catalogue FILE, NULL: the default */
    bool trust_files;
    bool hold;              /* BINDFIX_FAULT=fleet-hold (tests only, gui.h) */
    unsigned generation;
} fleet_job;

typedef struct fleet_result {
    unsigned generation;
    bf_fleet *fleet;        /* NULL: err says why */
    bf_err err;
} fleet_result;

/* One row as it was read (WM_BF_FLEET_ROW's lParam): a fleet of one row, copied from the reader's. */
typedef struct fleet_row {
    unsigned generation;
    size_t done, total;     /* files read so far, of the folder's */
    bf_fleet *one;
} fleet_row;

/* ---- the worker ------------------------------------------------------------------------------------- */

static void row_free(fleet_row *r)
{
    if (!r)
        return;
    bf_fleet_destroy(r->one);
    free(r);
}

/* bf_fleet_added: the row just read, posted to the window (the reader's fleet stays the worker's). A
 * row that cannot be copied or posted is only missing until WM_BF_FLEET_DONE shows them all. */
static void post_row(void *ctx, const bf_fleet *f, size_t index, size_t done, size_t total)
{
    const fleet_job *job = ctx;
    fleet_row *r = calloc(1, sizeof *r);
    if (!r)
        return;
    r->generation = job->generation;
    r->done = done;
    r->total = total;
    r->one = bf_fleet_create("");
    if (!r->one || !bf_fleet_add_copy(r->one, &f->servers[index]) ||
        !PostMessageW(job->notify, WM_BF_FLEET_ROW, 0, (LPARAM)r))
        row_free(r);
    if (job->hold && done == 1 && total > 1) {
        /* the test's hold (gui.h BFGUI_FAULT_FLEET_HOLD): the first row shown, the rest not yet read */
        size_t n = strlen(job->dir_utf8);
        char *release = malloc(n + 32);
        if (release) {
            memcpy(release, job->dir_utf8, n);
            memcpy(release + n, "\\.release-fleet", sizeof "\\.release-fleet");
            WCHAR *w = bfgui_wide(release);
            for (int i = 0; w && i < 1200 && GetFileAttributesW(w) == INVALID_FILE_ATTRIBUTES; i++)
                Sleep(50);
            free(w);
            free(release);
        }
    }
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
        bf_system sys;
        bf_catalogue *cat = NULL;
        bfsys_system_init(&sys);
        sys.trust_files = job->trust_files;
        res->generation = job->generation;
        bf_err_clear(&res->err);
        if (bf_catalogue_open(&sys, job->catalogue_utf8, &cat, &res->err)) {
            bf_fleet_read_opts o = {cat, NULL, NULL, post_row, job};
            res->fleet = bf_fleet_read_dir(&sys, job->dir_utf8, &o, &res->err);
        }
        bf_catalogue_destroy(cat);     /* the summaries hold copies: nothing points into it */
        bfsys_system_free(&sys);
    }
    /* exactly one answer, after every row; NULL: not even the result could be allocated */
    if (!PostMessageW(job->notify, WM_BF_FLEET_DONE, 0, (LPARAM)res))
        result_free(res);   /* the window is gone */
    free(job->dir_utf8);
    free(job->catalogue_utf8);
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

/* One row per server shown (the filter's), in the fleet's order (by name): row r is server rows[r]. */
static void fill_fleet(bf_rows *b, const bf_page_data *d)
{
    (void)d;
    const fleet_page *fp = b->state;
    if (!fp || !fp->fleet)
        return;
    for (size_t r = 0; r < fp->row_count; r++) {
        const bf_fleet_server *s = &fp->fleet->servers[fp->rows[r]];
        bool collected = s->state == BF_FLEET_COLLECTED;
        bf_rows_put_model(b, 0, s->name, status_image(s));
        bf_rows_put_owned(b, 1, bf_rows_skipping(b, 1) ? NULL : verdict_text(b->hinst, s), BF_IMAGE_DEFAULT);
        bf_rows_put_int(b, 2, (long long)s->finding_count, collected);
        bf_rows_put_model(b, 3, collected ? s->top_finding : "", BF_IMAGE_DEFAULT);
        bf_rows_put_model(b, 4, s->collected_at ? s->collected_at : "", BF_IMAGE_DEFAULT);
    }
}

static const bf_list_page_def fleet_def = {BF_NODE_FLEET, IDS_RCOL_FLEET, 5, fill_fleet, true};

/* ---- the filter by finding ----------------------------------------------------------------------------- */

/* Whether server i is in a group of finding id (any protocol). */
static bool has_finding(const bf_fleet *f, size_t i, const char *id)
{
    for (size_t g = 0; g < f->group_count; g++)
        if (strcmp(f->groups[g].finding, id) == 0)
            for (size_t k = 0; k < f->groups[g].server_count; k++)
                if (f->groups[g].servers[k] == i)
                    return true;
    return false;
}

/* rows: every server, or those having the chosen finding (a fleet still being read has no groups yet:
 * every server until it is finished). */
static void make_rows(fleet_page *fp)
{
    size_t n = fp->fleet ? fp->fleet->server_count : 0;
    size_t *rows = n ? malloc(n * sizeof *rows) : NULL;
    fp->row_count = 0;
    free(fp->rows);
    fp->rows = rows;
    if (!rows)
        return;
    bool filtered = fp->filter_id && fp->fleet->group_count;
    for (size_t i = 0; i < n; i++)
        if (!filtered || has_finding(fp->fleet, i, fp->filter_id))
            rows[fp->row_count++] = i;
}

/* The servers having finding id: the union of its groups (one per protocol). */
static size_t finding_servers(const bf_fleet *f, const char *id)
{
    size_t count = 0;
    for (size_t i = 0; i < f->server_count; i++)
        count += has_finding(f, i, id);
    return count;
}

/* The combo's items from the fleet's groups (most severe and widest first, as bindfix-cli fleet lists
 * them), each finding once; the chosen one selected again, or "All findings" when the finished fleet
 * (finished) has it no more. While the folder is read there are no groups: "All findings" only, the
 * choice kept for the finished fleet. */
static void fill_filter(fleet_page *fp, bool finished)
{
    HINSTANCE hinst = fp->host->hinst;
    const bf_fleet *f = fp->fleet;
    free(fp->filter_ids);
    fp->filter_ids = NULL;
    fp->filter_count = 0;
    SendMessageW(fp->filter, CB_RESETCONTENT, 0, 0);
    WCHAR *all = bfgui_load_string(hinst, IDS_FLEET_FILTER_ALL);
    SendMessageW(fp->filter, CB_ADDSTRING, 0, (LPARAM)(all ? all : L""));
    free(all);
    int chosen = 0;
    if (f && f->group_count && (fp->filter_ids = malloc(f->group_count * sizeof *fp->filter_ids))) {
        for (size_t g = 0; g < f->group_count; g++) {
            const char *id = f->groups[g].finding;
            bool seen = false;
            for (size_t k = 0; k < fp->filter_count && !seen; k++)
                seen = strcmp(fp->filter_ids[k], id) == 0;
            if (seen)
                continue;
            size_t servers = finding_servers(f, id);
            WCHAR *wid = bfgui_wide(id);
            DWORD_PTR args[2] = {(DWORD_PTR)(wid ? wid : L""), (DWORD_PTR)servers};
            WCHAR *text = bfgui_format(hinst, servers == 1 ? IDS_FLEET_FILTER_ONE : IDS_FLEET_FILTER_MANY, args, 2);
            free(wid);
            if (text && SendMessageW(fp->filter, CB_ADDSTRING, 0, (LPARAM)text) >= 0) {
                fp->filter_ids[fp->filter_count++] = id;
                if (fp->filter_id && strcmp(fp->filter_id, id) == 0)
                    chosen = (int)fp->filter_count;
            }
            free(text);
        }
    }
    if (chosen == 0 && finished) {
        free(fp->filter_id);
        fp->filter_id = NULL;
    }
    SendMessageW(fp->filter, CB_SETCURSEL, (WPARAM)chosen, 0);
}

void bf_page_fleet_filter_changed(void *page)
{
    fleet_page *fp = page;
    LRESULT sel = SendMessageW(fp->filter, CB_GETCURSEL, 0, 0);
    free(fp->filter_id);
    fp->filter_id = NULL;
    if (sel > 0 && (size_t)sel <= fp->filter_count) {
        /* malloc + memcpy rather than strdup: msvcrt exports it only as _strdup, outside C11; without
         * memory the filter is off and every row shows */
        size_t n = strlen(fp->filter_ids[sel - 1]) + 1;
        fp->filter_id = malloc(n);
        if (fp->filter_id)
            memcpy(fp->filter_id, fp->filter_ids[sel - 1], n);
    }
    make_rows(fp);
    bf_list_page_refresh(fp->list, BF_PAGE_NEW_DATA, 0);
}

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
    WCHAR *label = bfgui_load_string(host->hinst, IDS_LABEL_FLEET_FILTER);
    /* the label before the combo (tab order: bf_page_ops.windows): its Alt+letter focuses the combo */
    fp->filter_label = CreateWindowExW(0, WC_STATICW, label ? label : L"", WS_CHILD | SS_LEFT | SS_CENTERIMAGE, 0, 0,
                                       0, 0, host->frame, (HMENU)(INT_PTR)IDC_FLEET_FILTER_LABEL, host->hinst, NULL);
    free(label);
    fp->filter = CreateWindowExW(0, WC_COMBOBOXW, L"", WS_CHILD | WS_TABSTOP | WS_VSCROLL | CBS_DROPDOWNLIST, 0, 0, 0,
                                 0, host->frame, (HMENU)(INT_PTR)IDC_FLEET_FILTER, host->hinst, NULL);
    if (!fp->filter_label || !fp->filter) {
        bf_list_page_destroy(fp->list);
        free(fp);
        return NULL;
    }
    fill_filter(fp, true);
    return fp;
}

static void fleet_destroy(void *page)
{
    fleet_page *fp = page;
    bf_list_page_destroy(fp->list);
    bf_fleet_destroy(fp->fleet);
    free(fp->dir);
    free(fp->loading_dir);
    free(fp->filter_id);
    free(fp->filter_ids);
    free(fp->rows);
    free(fp);   /* a worker still reading posts to a window that is gone, and frees its own answer */
}

static int fleet_windows(void *page, HWND *out, int max)
{
    fleet_page *fp = page;
    if (max < 2)
        return 0;
    out[0] = fp->filter_label;
    out[1] = fp->filter;
    return 2 + bf_list_page_windows(fp->list, out + 2, max - 2);
}

static void fleet_show(void *page, bool shown)
{
    bf_list_page_show(((fleet_page *)page)->list, shown);
}

/* The filter's strip above the list: the label as wide as its text, the combo after it (its closed
 * height is the control's own, from its font), the list page below. */
static void fleet_layout(void *page, RECT area)
{
    fleet_page *fp = page;
    const bf_page_host *h = fp->host;
    int gap = bfgui_scale(6, h->dpi);
    int label_w = h->font_height * 8;   /* when the text cannot be measured */
    WCHAR text[128];
    HDC dc = GetWindowTextW(fp->filter_label, text, 128) ? GetDC(fp->filter_label) : NULL;
    if (dc) {
        HGDIOBJ old = SelectObject(dc, h->font ? (HGDIOBJ)h->font : GetStockObject(DEFAULT_GUI_FONT));
        RECT r = {0, 0, 0, 0};
        if (DrawTextW(dc, text, -1, &r, DT_CALCRECT | DT_SINGLELINE))
            label_w = r.right - r.left + gap;
        SelectObject(dc, old);
        ReleaseDC(fp->filter_label, dc);
    }
    int combo_w = bfgui_scale(320, h->dpi);
    if (label_w + combo_w > area.right - area.left)
        combo_w = area.right - area.left - label_w > 0 ? area.right - area.left - label_w : 0;
    /* a drop-down list's height is that of its open list; it sets its closed height itself */
    SetWindowPos(fp->filter, NULL, area.left + label_w, area.top, combo_w, bfgui_scale(240, h->dpi),
                 SWP_NOZORDER | SWP_NOACTIVATE);
    RECT cr;
    int strip = GetWindowRect(fp->filter, &cr) ? cr.bottom - cr.top : h->label_h;
    if (strip < h->label_h)
        strip = h->label_h;
    SetWindowPos(fp->filter_label, NULL, area.left, area.top, label_w, strip, SWP_NOZORDER | SWP_NOACTIVATE);
    area.top += strip + gap / 2;
    bf_list_page_layout(fp->list, area);
}

static bool fleet_refresh(void *page, bf_page_change change, int part)
{
    return bf_list_page_refresh(((fleet_page *)page)->list, change, part);
}

static bool fleet_font_changed(void *page, int part)
{
    fleet_page *fp = page;
    if (part == 0) {
        SendMessageW(fp->filter_label, WM_SETFONT, (WPARAM)fp->host->font, FALSE);
        SendMessageW(fp->filter, WM_SETFONT, (WPARAM)fp->host->font, FALSE);
    }
    return bf_list_page_font_changed(fp->list, part);
}

static HWND fleet_list(void *page, HWND focus)
{
    return bf_list_page_list(((fleet_page *)page)->list, focus);
}

/* The list page draws the rows; until the list has painted with a row, this page also asks for the
 * paint's end and records that moment (BF_FLEETPAINT_PROP: the first servers seen, not merely posted). */
static bool fleet_notify(void *page, NMHDR *nm, LRESULT *result)
{
    fleet_page *fp = page;
    bool handled = bf_list_page_notify(fp->list, nm, result);
    if (!handled || fp->paint_recorded || nm->code != NM_CUSTOMDRAW)
        return handled;
    const NMCUSTOMDRAW *cd = (const NMCUSTOMDRAW *)nm;
    if (cd->dwDrawStage == CDDS_PREPAINT)
        *result |= CDRF_NOTIFYPOSTPAINT;
    else if (cd->dwDrawStage == CDDS_POSTPAINT && SendMessageW(nm->hwndFrom, LVM_GETITEMCOUNT, 0, 0) > 0) {
        fp->paint_recorded = true;
        bfgui_record_moment(fp->host->frame, BF_FLEETPAINT_PROP);
    }
    return handled;
}

static void fleet_step(void *page, WPARAM wp)
{
    bf_list_page_step(((fleet_page *)page)->list, wp);
}

const bf_page_ops bf_page_fleet = {BF_NODE_FLEET,      BF_HELP_VIEW_FLEET, fleet_create, fleet_destroy,
                                   fleet_windows,      fleet_show,         fleet_layout, fleet_refresh,
                                   fleet_font_changed, fleet_list,         fleet_notify, fleet_step};

DWORD bf_page_fleet_open(void *page, const WCHAR *dir, const WCHAR *catalogue, bool trust_files)
{
    fleet_page *fp = page;
    fleet_job *job = calloc(1, sizeof *job);
    WCHAR *copy = _wcsdup(dir);
    if (!job || !copy || !(job->dir_utf8 = bfsys_wide_to_utf8(dir, -1)) ||
        (catalogue && !(job->catalogue_utf8 = bfsys_wide_to_utf8(catalogue, -1)))) {
        if (job)
            free(job->dir_utf8);
        free(job);
        free(copy);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    job->notify = fp->host->frame;
    job->trust_files = trust_files;
    job->hold = ((UINT_PTR)GetPropW(fp->host->frame, BF_FAULT_PROP) & BFGUI_FAULT_FLEET_HOLD) != 0;
    job->generation = fp->generation + 1;
    DWORD rc = bfgui_worker_start(fleet_thread, job, NULL);
    if (rc != ERROR_SUCCESS) {
        free(job->dir_utf8);
        free(job->catalogue_utf8);
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

const WCHAR *bf_page_fleet_row(void *page, LPARAM row, size_t *done, size_t *total, bool *first)
{
    fleet_page *fp = page;
    fleet_row *r = (fleet_row *)row;
    *done = *total = 0;
    *first = false;
    if (!r || r->generation != fp->generation || !fp->loading_dir) {
        row_free(r);    /* an older read's: dropped */
        return NULL;
    }
    if (fp->shown_generation != r->generation || !fp->fleet) {
        /* the first row of this read: it replaces what was shown (the folder read again, or another) */
        WCHAR *dir = _wcsdup(fp->loading_dir);
        bf_fleet *f = bf_fleet_create("");
        if (!dir || !f) {
            free(dir);
            bf_fleet_destroy(f);
            row_free(r);
            return NULL;
        }
        bf_fleet_destroy(fp->fleet);
        fp->fleet = f;
        free(fp->dir);
        fp->dir = dir;
        fp->shown_generation = r->generation;
        *first = true;
        fill_filter(fp, false);     /* no groups until the fleet is finished: "All findings" only */
    }
    /* out of memory: the row is missing until WM_BF_FLEET_DONE brings them all */
    bf_fleet_add_copy(fp->fleet, &r->one->servers[0]);
    make_rows(fp);
    *done = r->done;
    *total = r->total;
    row_free(r);
    /* the rows are made again only when no other row waits in the queue: a burst of rows costs one
     * refill, and the UI thread stays free between bursts */
    MSG pending;
    if (*first || !PeekMessageW(&pending, fp->host->frame, WM_BF_FLEET_ROW, WM_BF_FLEET_ROW, PM_NOREMOVE))
        bf_list_page_refresh(fp->list, BF_PAGE_NEW_DATA, 0);
    return fp->dir;
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
    fp->shown_generation = res->generation;
    res->fleet = NULL;
    result_free(res);
    free(fp->dir);
    fp->dir = dir ? dir : _wcsdup(L"");
    *servers = fp->fleet->server_count;
    fill_filter(fp, true);
    make_rows(fp);
    /* the rows are made again from the new fleet (at once when the node is shown) */
    bf_list_page_refresh(fp->list, BF_PAGE_NEW_DATA, 0);
    return fp->dir;
}

static WCHAR *server_path(const fleet_page *fp, const bf_fleet_server *s);

WCHAR *bf_page_fleet_focused_file(void *page, HWND list, WCHAR **host_out)
{
    fleet_page *fp = page;
    *host_out = NULL;
    bfgui_table *t = bfgui_table_of(list);
    int focused = t ? (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED) : -1;
    if (focused < 0)
        focused = t ? (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED) : -1;
    size_t row = focused >= 0 ? bfgui_table_row_at(t, (size_t)focused) : (size_t)-1;
    if (!fp->fleet || !fp->dir || row >= fp->row_count)
        return NULL;
    const bf_fleet_server *s = &fp->fleet->servers[fp->rows[row]];
    *host_out = bfgui_wide(s->name);
    if (s->state == BF_FLEET_NOT_COLLECTED)
        return NULL;
    /* an unreadable file is opened too: the console's load error then says why, in full */
    return server_path(fp, s);
}

size_t bf_page_fleet_count(void *page)
{
    const fleet_page *fp = page;
    return fp->fleet ? fp->fleet->server_count : 0;
}

WCHAR *bf_page_fleet_server_name(void *page, size_t i)
{
    const fleet_page *fp = page;
    if (!fp->fleet || i >= fp->fleet->server_count || fp->fleet->servers[i].state != BF_FLEET_COLLECTED)
        return NULL;
    return bfgui_wide(fp->fleet->servers[i].name);
}

WCHAR *bf_page_fleet_server_file(void *page, const WCHAR *name)
{
    fleet_page *fp = page;
    char *n = name ? bfsys_wide_to_utf8(name, -1) : NULL;
    WCHAR *path = NULL;
    for (size_t i = 0; n && fp->fleet && fp->dir && i < fp->fleet->server_count && !path; i++)
        if (fp->fleet->servers[i].state == BF_FLEET_COLLECTED && strcmp(fp->fleet->servers[i].name, n) == 0)
            path = server_path(fp, &fp->fleet->servers[i]);
    free(n);
    return path;
}

/* The folder's path of s's file (malloc'd), NULL when out of memory. */
static WCHAR *server_path(const fleet_page *fp, const bf_fleet_server *s)
{
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
