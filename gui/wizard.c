/*
 * wizard.c - the repair wizard's property sheet (Wizard97: header and watermark bitmaps), its shared
 * context (bf_wizard, one per run, no globals), the worker thread every slow call runs on, Cancel and
 * Help for every page, and the small helpers the pages share.
 *
 * Why one worker at a time: the repair session is one object that is not thread-safe; the wizard's
 * steps are sequential anyway (scan, plan, apply, restart, verify, undo), so a page that wants work while
 * another worker runs is told to wait rather than queued.
 */
#include "wizard.h"

#include "helptopics.h"
#include "report.h"

#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text helpers -------------------------------------------------------------------------------- */

static WCHAR *err_text(const bf_err *e)
{
    char text[1400];
    bf_err_format(e, text, sizeof text);
    return bfgui_wide(text);
}

void bfwiz_set_text(bf_wizard *w, HWND page, int ctl, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *text = n ? bfgui_format(w->hinst, id, args, n) : bfgui_load_string(w->hinst, id);
    SetDlgItemTextW(page, ctl, text ? text : L"");
    free(text);
}

/* Each line goes through bfgui_wide (control characters from the machine shown visibly), then the
 * line breaks an edit control needs (CRLF) are put back. */
void bfwiz_set_edit_utf8(HWND edit, const char *utf8)
{
    const char *line = utf8 ? utf8 : "";
    size_t total = strlen(line);
    /* at most 4 units per byte: a 2-byte C1 control is shown as the 8 units "<U+0085>" */
    WCHAR *out = malloc((4 * total + 2) * sizeof(WCHAR));
    if (!out)
        return;
    size_t len = 0;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        size_t keep = n && line[n - 1] == '\r' ? n - 1 : n;
        char *one = malloc(keep + 1);
        if (!one)
            break;
        memcpy(one, line, keep);
        one[keep] = 0;
        WCHAR *wl = bfgui_wide(one);
        free(one);
        if (!wl)
            break;
        size_t wn = wcslen(wl);     /* <= 4 units per byte of the line (see the allocation) */
        memcpy(out + len, wl, wn * sizeof(WCHAR));
        len += wn;
        free(wl);
        if (end) {
            out[len++] = L'\r';
            out[len++] = L'\n';
        }
        line = end ? end + 1 : line + n;
    }
    out[len] = 0;
    SetWindowTextW(edit, out);
    free(out);
}

void bfwiz_list_setup(bf_wizard *w, HWND list, const UINT *headers, const int *widths96, int count,
                      DWORD extra_style)
{
    UINT dpi = bfgui_dpi_for_window(list);
    SendMessageW(list, LVM_SETEXTENDEDLISTVIEWSTYLE, 0, LVS_EX_FULLROWSELECT | LVS_EX_LABELTIP | extra_style);
    if (w->images)
        SendMessageW(list, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)w->images);
    RECT rc;
    GetClientRect(list, &rc);
    int used = 0;
    for (int c = 0; c < count; c++) {
        WCHAR *h = bfgui_load_string(w->hinst, headers[c]);
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM;
        col.pszText = h ? h : L"";
        col.cx = widths96[c] ? bfgui_scale(widths96[c], dpi)
                             : rc.right - used - bfgui_metric(SM_CXVSCROLL, dpi) - bfgui_scale(2, dpi);
        if (col.cx < bfgui_scale(60, dpi))
            col.cx = bfgui_scale(60, dpi);
        used += col.cx;
        col.iSubItem = c;
        SendMessageW(list, LVM_INSERTCOLUMNW, c, (LPARAM)&col);
        free(h);
    }
}

int bfwiz_list_add(HWND list, int image, const WCHAR *const *cells, int count, LPARAM param)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_TEXT | LVIF_PARAM | (image >= 0 ? LVIF_IMAGE : 0);
    item.iItem = INT_MAX;
    item.pszText = (WCHAR *)(cells[0] ? cells[0] : L"");
    item.iImage = image;
    item.lParam = param;
    int row = (int)SendMessageW(list, LVM_INSERTITEMW, 0, (LPARAM)&item);
    for (int c = 1; row >= 0 && c < count; c++)
        bfwiz_list_set(list, row, c, cells[c]);
    return row;
}

void bfwiz_list_set(HWND list, int row, int col, const WCHAR *text)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.iSubItem = col;
    item.pszText = (WCHAR *)(text ? text : L"");
    SendMessageW(list, LVM_SETITEMTEXTW, (WPARAM)row, (LPARAM)&item);
}

int bfwiz_image_of_status(bf_step_status s)
{
    return s == BF_STEP_DONE || s == BF_STEP_UNDONE ? BF_IMAGE_OK : s == BF_STEP_FAILED ? BF_IMAGE_ERROR
                                                                                          : BF_IMAGE_WARNING;
}

void bfwiz_log(HWND listbox, const WCHAR *line)
{
    SYSTEMTIME t;
    GetLocalTime(&t);
    WCHAR stamped[1200];
    _snwprintf(stamped, BF_COUNTOF(stamped), L"%02u:%02u:%02u  %ls", t.wHour, t.wMinute, t.wSecond,
               line ? line : L"");
    stamped[BF_COUNTOF(stamped) - 1] = 0;
    LRESULT i = SendMessageW(listbox, LB_ADDSTRING, 0, (LPARAM)stamped);
    if (i >= 0)
        SendMessageW(listbox, LB_SETTOPINDEX, (WPARAM)i, 0);
}

void bfwiz_apply_title_font(bf_wizard *w, HWND page)
{
    if (w->title_font)
        SendDlgItemMessageW(page, IDC_WIZ_TITLE, WM_SETFONT, (WPARAM)w->title_font, FALSE);
}

bf_wizard *bfwiz_from_page(HWND page, UINT msg, LPARAM lp)
{
    if (msg == WM_INITDIALOG) {
        const PROPSHEETPAGEW *psp = (const PROPSHEETPAGEW *)lp;
        bf_wizard *w = (bf_wizard *)psp->lParam;
        SetWindowLongPtrW(page, DWLP_USER, (LONG_PTR)w);
        return w;
    }
    return (bf_wizard *)GetWindowLongPtrW(page, DWLP_USER);
}

bool bfwiz_is_service_step(bf_step_kind k)
{
    return k == BF_STEP_SERVICE_STOP || k == BF_STEP_SERVICE_START;
}

/* ---- the worker ------------------------------------------------------------------------------- */

/* before_step: Cancel stops here (a safe point: between two journaled steps); the first apply also
 * stops before the first service step, which the Restart services page carries out. */
static bool hook_before(void *cb, const bf_fix_plan *p, size_t i)
{
    bf_wizard *w = cb;
    if (InterlockedCompareExchange(&w->stop_requested, 0, 0) != 0)
        return false;
    if (w->work == BFWIZ_WORK_APPLY && bfwiz_is_service_step(p->steps[i].kind))
        return false;
    PostMessageW(w->notify, WM_BFWIZ_STEP_BEGIN, (WPARAM)i, 0);
    return true;
}

static void hook_after(void *cb, const bf_fix_plan *p, size_t i)
{
    bf_wizard *w = cb;
    PostMessageW(w->notify, WM_BFWIZ_STEP, (WPARAM)i, (LPARAM)p->steps[i].status);
}

/* end_process: the page under way asks (bfwiz_steps_message), the worker waits for the answer */
static bool hook_end_process(void *cb, const bf_fix_plan *p, size_t i)
{
    bf_wizard *w = cb;
    (void)p;
    return SendMessageW(w->notify, WM_BF_ASK_END_PROCESS, (WPARAM)i, 0) == 1;
}

/* The text report: the snapshot after the repair when there is one, the diagnosis, every step with
 * its outcome, and the verification. */
/* The format follows the file name's extension, as in `bindfix-cli report`: .html/.htm, .json, else text. */
static bool write_report_as(const bf_report *r, const char *path, bf_buf *out, bf_err *e)
{
    const char *dot = strrchr(path, '.');
    if (dot && (_stricmp(dot, ".html") == 0 || _stricmp(dot, ".htm") == 0))
        return bf_report_write_html(r, out, e);
    if (dot && _stricmp(dot, ".json") == 0)
        return bf_report_write_json(r, out, e);
    return bf_report_write_text(r, out, e);
}

static bool write_report(bf_wizard *w, bf_err *e)
{
    bf_repair_session *s = w->session;
    char *path = bfsys_wide_to_utf8(w->report_path, -1);
    if (!path)
        return bf_fail(e, "out of memory");
    bf_report *r = bf_report_create(s->before, s->diagnosis, NULL);
    bool ok = r != NULL;
    for (size_t i = 0; ok && s->plan && i < s->plan->step_count; i++) {
        const bf_fix_step *st = &s->plan->steps[i];
        char result[600];
        snprintf(result, sizeof result, "%s%s%s", bf_step_status_token(st->status),
                 st->error && st->error[0] ? ": " : "", st->error ? st->error : "");
        ok = bf_report_add_action(r, st->title, st->target, "", result);
    }
    for (size_t i = 0; ok && i < s->row_count; i++) {
        const bf_verify_row *row = &s->rows[i];
        ok = bf_report_add_check(r, row->protocol, row->port, row->address,
                                 row->was_failing ? bf_probe_result_label(row->before) : "-",
                                 row->after_known ? bf_probe_result_label(row->after) : "no longer returned",
                                 row->fixed);
    }
    bf_buf out;
    bf_buf_init(&out);
    if (!ok)
        bf_fail(e, "out of memory while building the report");
    else
        ok = write_report_as(r, path, &out, e) && w->sys.write_file(w->sys.ctx, path, bf_buf_cstr(&out), out.len, e);
    bf_buf_free(&out);
    bf_report_destroy(r);
    free(path);
    return ok;
}

typedef struct worker_arg {
    bf_wizard *w;
    bfwiz_result *res;      /* allocated by bfwiz_start: the worker never fails to report */
} worker_arg;

static unsigned __stdcall worker_main(void *param)
{
    worker_arg *a = param;
    bf_wizard *w = a->w;
    bfwiz_result *res = a->res;
    free(a);
    bf_repair_session *s = w->session;
    bf_err e;
    bf_err_clear(&e);
    bf_fix_opts hooks;
    memset(&hooks, 0, sizeof hooks);
    hooks.before_step = hook_before;
    hooks.after_step = hook_after;
    hooks.end_process = hook_end_process;
    hooks.cb = w;
    bool ok = false;
    switch (w->work) {
    case BFWIZ_WORK_SCAN: {
        bf_source src;
        bf_source_init(&src);
        src.kind = w->source;
        char *path = w->path ? bfsys_wide_to_utf8(w->path, -1) : NULL;
        char *cat = w->catalogue ? bfsys_wide_to_utf8(w->catalogue, -1) : NULL;
        src.path = path;
        src.catalogue = cat;
        ok = (!w->path || path) && (!w->catalogue || cat) && bf_session_scan(s, &w->sys, &src, &e);
        if ((w->path && !path) || (w->catalogue && !cat))
            bf_fail(&e, "out of memory");
        free(path);
        free(cat);
        break;
    }
    case BFWIZ_WORK_PLAN: ok = bf_session_plan(s, &w->sys, &e); break;
    case BFWIZ_WORK_APPLY:
    case BFWIZ_WORK_RESTART: {
        ok = bf_session_apply(s, &w->sys, &hooks, &e);
        bool undone = false;
        for (size_t i = 0; !ok && s->plan && i < s->plan->step_count; i++)
            undone = undone || s->plan->steps[i].status == BF_STEP_UNDONE;
        if (undone) {   /* the automatic rollback after a failed step: as before? */
            bf_err ce;
            bf_session_check_undo(s, &w->sys, &ce);
        }
        break;
    }
    case BFWIZ_WORK_VERIFY: ok = bf_session_verify(s, &w->sys, &e); break;
    case BFWIZ_WORK_UNDO: {
        bf_err ce;
        ok = bf_session_undo(s, &w->sys, &hooks, &e);
        bf_session_check_undo(s, &w->sys, &ce);     /* as before? (a failure shows as "cannot compare") */
        break;
    }
    case BFWIZ_WORK_REPORT: ok = write_report(w, &e); break;
    case BFWIZ_WORK_NONE:
    default: ok = true; break;
    }
    res->work = w->work;
    res->ok = ok;
    res->stopped = !ok && e.code == BF_FIX_STOPPED;
    res->error = ok ? NULL : err_text(&e);
    if (!PostMessageW(w->notify, WM_BFWIZ_DONE, 0, (LPARAM)res)) {
        /* the page is gone (the wizard closed): nobody will free it */
        free(res->error);
        free(res);
    }
    return 0;
}

static void publish_busy(bf_wizard *w)
{
    if (w->sheet)
        SetPropW(w->sheet, BF_WIZ_BUSY_PROP, (HANDLE)(INT_PTR)(w->running ? 1 : 0));
}

bool bfwiz_start(bf_wizard *w, HWND notify, bfwiz_work work)
{
    if (w->running)
        return false;
    if (w->worker) {
        WaitForSingleObject(w->worker, INFINITE);   /* it posted its result: it has ended or is ending */
        CloseHandle(w->worker);
        w->worker = NULL;
    }
    worker_arg *a = malloc(sizeof *a);
    bfwiz_result *res = calloc(1, sizeof *res);
    if (!a || !res) {
        free(a);
        free(res);
        DWORD_PTR args[1] = {(DWORD_PTR)ERROR_NOT_ENOUGH_MEMORY};
        WCHAR *text = bfgui_format(w->hinst, IDS_WIZ_ERR_THREAD, args, 1);
        bfgui_message_box(w->sheet, text, MB_OK | MB_ICONERROR);
        free(text);
        return false;
    }
    a->w = w;
    a->res = res;
    w->work = work;
    w->notify = notify;
    InterlockedExchange(&w->stop_requested, 0);
    uintptr_t th = _beginthreadex(NULL, 0, worker_main, a, 0, NULL);
    if (!th) {
        DWORD_PTR args[1] = {(DWORD_PTR)GetLastError()};
        free(a);
        free(res);
        WCHAR *text = bfgui_format(w->hinst, IDS_WIZ_ERR_THREAD, args, 1);
        bfgui_message_box(w->sheet, text, MB_OK | MB_ICONERROR);
        free(text);
        return false;
    }
    w->worker = (HANDLE)th;
    w->running = true;
    publish_busy(w);
    return true;
}

void bfwiz_work_ended(bf_wizard *w, bfwiz_result *res)
{
    if (res) {
        free(res->error);
        free(res);
    }
    publish_busy(w);
}

void bfwiz_buttons(bf_wizard *w, HWND page, DWORD flags)
{
    /* a worker's result may reach a page after the administrator went Back: its buttons are not shown */
    if (PropSheet_GetCurrentPageHwnd(w->sheet) == page)
        PropSheet_SetWizButtons(w->sheet, flags);
}

void bfwiz_page_shown(bf_wizard *w, bfwiz_page page)
{
    SetPropW(w->sheet, BF_WIZ_PAGE_PROP, (HANDLE)(INT_PTR)(page + 1));
    publish_busy(w);
}

/* ---- Cancel and Help ------------------------------------------------------------------------------ */

void bfwiz_help(bf_wizard *w, HWND owner, bfwiz_page which)
{
    static const WCHAR *const topics[BFWIZ__COUNT] = {
        BF_HELP_WIZ_WELCOME, BF_HELP_WIZ_SCAN,    BF_HELP_WIZ_FINDINGS, BF_HELP_WIZ_CHOOSE, BF_HELP_WIZ_REVIEW,
        BF_HELP_WIZ_APPLY,   BF_HELP_WIZ_RESTART, BF_HELP_WIZ_VERIFY,   BF_HELP_WIZ_FINISH};
    bfgui_help_open(w->hinst, owner, topics[which]);
}

/* Returns TRUE to keep the wizard open. */
static BOOL query_cancel(bf_wizard *w, HWND page)
{
    bool applying = w->running && (w->work == BFWIZ_WORK_APPLY || w->work == BFWIZ_WORK_RESTART);
    if (applying) {
        /* never mid-step: the next before_step says no, and the page then offers the rollback */
        InterlockedExchange(&w->stop_requested, 1);
        w->cancel_pending = true;
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_STOPPING, NULL, 0);
        return TRUE;
    }
    if (w->running && w->work == BFWIZ_WORK_UNDO) {
        /* a rollback half done would leave the machine in neither state: it runs to its end */
        WCHAR *text = bfgui_load_string(w->hinst, IDS_WIZ_CLOSE_BUSY);
        bfgui_message_box(page, text, MB_OK | MB_ICONINFORMATION);
        free(text);
        return TRUE;
    }
    if (w->apply_started && !w->rolled_back && !w->restart_done && !w->changes_kept) {
        WCHAR *j = bfgui_wide(w->session->journal);
        DWORD_PTR args[1] = {(DWORD_PTR)(j ? j : L"")};
        WCHAR *text = bfgui_format(w->hinst, IDS_WIZ_CLOSE_CHANGED, args, 1);
        int answer = bfgui_message_box(page, text, MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2);
        free(text);
        free(j);
        return answer == IDYES ? FALSE : TRUE;
    }
    return FALSE;
}

void bfwiz_put_label(bf_wizard *w, bf_buf *out, UINT id, const char *sep)
{
    WCHAR *label = bfgui_load_string(w->hinst, id);
    char *u = label ? bfsys_wide_to_utf8(label, -1) : NULL;
    bf_buf_printf(out, "%s%s", u ? u : "", sep);
    free(u);
    free(label);
}

void bfwiz_repaint_sheet(bf_wizard *w)
{
    RedrawWindow(w->sheet, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN | RDW_FRAME);
}

bool bfwiz_common_notify(bf_wizard *w, HWND page, bfwiz_page which, const NMHDR *nm, LRESULT *result)
{
    switch (nm->code) {
    case PSN_QUERYCANCEL:
        *result = query_cancel(w, page);
        return true;
    case PSN_HELP:
        bfwiz_help(w, page, which);
        *result = 0;
        return true;
    default:
        return false;
    }
}

/* ---- the sheet -------------------------------------------------------------------------------------- */

static int CALLBACK sheet_callback(HWND hwnd, UINT msg, LPARAM lp)
{
    (void)lp;
    if (msg == PSCB_INITIALIZED)
        SetPropW(hwnd, BF_WIZ_PROP, (HANDLE)1);
    return 0;
}

static HFONT create_title_font(UINT dpi)
{
    /* Wizard97's exterior-page title: Verdana Bold 12 pt (the message font when Verdana is missing) */
    LOGFONTW lf;
    ZeroMemory(&lf, sizeof lf);
    lf.lfHeight = -MulDiv(12, (int)dpi, 72);
    lf.lfWeight = FW_BOLD;
    lf.lfCharSet = DEFAULT_CHARSET;
    wcscpy(lf.lfFaceName, L"Verdana");
    return CreateFontIndirectW(&lf);
}

/* the preview lines up its "before:" and "after:" columns: a fixed-pitch face */
static HFONT create_mono_font(UINT dpi)
{
    LOGFONTW lf;
    ZeroMemory(&lf, sizeof lf);
    lf.lfHeight = -MulDiv(9, (int)dpi, 72);
    lf.lfWeight = FW_NORMAL;
    lf.lfCharSet = DEFAULT_CHARSET;
    lf.lfPitchAndFamily = FIXED_PITCH | FF_MODERN;
    wcscpy(lf.lfFaceName, L"Courier New");
    return CreateFontIndirectW(&lf);
}

int bfgui_run_wizard(HINSTANCE hinst, HWND owner, const bf_gui_options *opts)
{
    static const DLGPROC procs[BFWIZ__COUNT] = {
        bfwiz_welcome_proc, bfwiz_scan_proc,    bfwiz_findings_proc, bfwiz_choose_proc, bfwiz_review_proc,
        bfwiz_apply_proc,   bfwiz_restart_proc, bfwiz_verify_proc,   bfwiz_finish_proc};
    static const UINT titles[BFWIZ__COUNT] = {0, IDS_WIZ_HDR_SCAN, IDS_WIZ_HDR_FINDINGS, IDS_WIZ_HDR_CHOOSE,
                                              IDS_WIZ_HDR_REVIEW, IDS_WIZ_HDR_APPLY, IDS_WIZ_HDR_RESTART,
                                              IDS_WIZ_HDR_VERIFY, 0};
    static const UINT subtitles[BFWIZ__COUNT] = {0, IDS_WIZ_SUB_SCAN, IDS_WIZ_SUB_FINDINGS, IDS_WIZ_SUB_CHOOSE,
                                                 IDS_WIZ_SUB_REVIEW, IDS_WIZ_SUB_APPLY, IDS_WIZ_SUB_RESTART,
                                                 IDS_WIZ_SUB_VERIFY, 0};
    bf_wizard *w = calloc(1, sizeof *w);
    if (!w)
        return -1;
    w->hinst = hinst;
    w->source = opts ? opts->source : BF_SOURCE_LIVE;
    w->path = opts && opts->snapshot_path ? _wcsdup(opts->snapshot_path) : NULL;
    w->catalogue = opts && opts->catalogue_path ? _wcsdup(opts->catalogue_path) : NULL;
    w->elevated = bfgui_is_elevated();
    w->session = bf_session_create();
    if (w->session)
        w->session->service_timeout_ms = bfgui_settings_service_timeout_ms();
    bfsys_system_init(&w->sys);
    UINT dpi = bfgui_dpi_for_system();
    w->title_font = create_title_font(dpi);
    w->mono_font = create_mono_font(dpi);
    int icon_cx = 0;
    w->images = bfgui_create_status_images(hinst, dpi, &icon_cx);
    int rc = -1;
    if (w->session && (!opts || !opts->snapshot_path || w->path) && (!opts || !opts->catalogue_path || w->catalogue)) {
        HPROPSHEETPAGE pages[BFWIZ__COUNT];
        int made = 0;
        for (int i = 0; i < BFWIZ__COUNT; i++) {
            PROPSHEETPAGEW psp;
            ZeroMemory(&psp, sizeof psp);
            psp.dwSize = sizeof psp;
            psp.hInstance = hinst;
            psp.pszTemplate = MAKEINTRESOURCEW(IDD_WIZ_WELCOME + i);
            psp.pfnDlgProc = procs[i];
            psp.lParam = (LPARAM)w;
            psp.dwFlags = PSP_HASHELP;
            if (titles[i]) {
                psp.dwFlags |= PSP_USEHEADERTITLE | PSP_USEHEADERSUBTITLE;
                psp.pszHeaderTitle = MAKEINTRESOURCEW(titles[i]);
                psp.pszHeaderSubTitle = MAKEINTRESOURCEW(subtitles[i]);
            } else {
                psp.dwFlags |= PSP_HIDEHEADER;
            }
            pages[i] = CreatePropertySheetPageW(&psp);
            if (pages[i])
                made++;
        }
        if (made == BFWIZ__COUNT) {
            WCHAR *caption = bfgui_load_string(hinst, IDS_WIZ_CAPTION);
            PROPSHEETHEADERW psh;
            ZeroMemory(&psh, sizeof psh);
            psh.dwSize = sizeof psh;
            psh.dwFlags = PSH_WIZARD97 | PSH_HEADER | PSH_WATERMARK | PSH_HASHELP | PSH_USECALLBACK;
            psh.hwndParent = owner;
            psh.hInstance = hinst;
            psh.pszCaption = caption ? caption : L"";
            psh.nPages = BFWIZ__COUNT;
            psh.phpage = pages;
            psh.pszbmWatermark = MAKEINTRESOURCEW(IDB_WIZ_WATERMARK);
            psh.pszbmHeader = MAKEINTRESOURCEW(IDB_WIZ_HEADER);
            psh.pfnCallback = sheet_callback;
            INT_PTR r = PropertySheetW(&psh);
            free(caption);
            if (r < 0) {
                DWORD_PTR args[1] = {(DWORD_PTR)GetLastError()};
                WCHAR *text = bfgui_format(hinst, IDS_WIZ_ERR_START, args, 1);
                bfgui_message_box(owner, text, MB_OK | MB_ICONERROR);
                free(text);
            } else {
                rc = w->apply_started && !w->rolled_back ? 1 : 0;
            }
        } else {
            for (int i = 0; i < BFWIZ__COUNT; i++)
                if (pages[i])
                    DestroyPropertySheetPage(pages[i]);
            DWORD_PTR args[1] = {(DWORD_PTR)GetLastError()};
            WCHAR *text = bfgui_format(hinst, IDS_WIZ_ERR_START, args, 1);
            bfgui_message_box(owner, text, MB_OK | MB_ICONERROR);
            free(text);
        }
    }
    /* a worker still running (Cancel during a scan) owns the session until it ends */
    if (w->worker) {
        WaitForSingleObject(w->worker, INFINITE);
        CloseHandle(w->worker);
    }
    /* results posted to pages that no longer exist carry memory */
    MSG m;
    while (PeekMessageW(&m, NULL, WM_BFWIZ_DONE, WM_BFWIZ_DONE, PM_REMOVE)) {
        bfwiz_result *res = (bfwiz_result *)m.lParam;
        if (res) {
            free(res->error);
            free(res);
        }
    }
    bf_session_destroy(w->session);
    bfsys_system_free(&w->sys);
    if (w->title_font)
        DeleteObject(w->title_font);
    if (w->mono_font)
        DeleteObject(w->mono_font);
    if (w->images)
        ImageList_Destroy(w->images);
    free(w->report_path);
    free(w->path);
    free(w->catalogue);
    free(w);
    return rc;
}

/* ---- Apply and Restart services: the steps list, the log, and how a run ended ------------------------ */

static void set_step_row(bf_wizard *w, HWND list, int row, bf_step_status st)
{
    WCHAR *word = bfgui_load_string(w->hinst, IDS_WIZ_STEP_STATUS_BASE + (UINT)st);
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_IMAGE;
    item.iItem = row;
    item.iImage = st == BF_STEP_PENDING ? -1 : bfwiz_image_of_status(st);
    SendMessageW(list, LVM_SETITEMW, 0, (LPARAM)&item);
    bfwiz_list_set(list, row, 1, word);
    free(word);
}

void bfwiz_steps_setup(bf_wizard *w, HWND page)
{
    static const UINT headers[2] = {IDS_WIZ_COL_STEP, IDS_WIZ_COL_STATUS};
    static const int widths[2] = {0, 90};
    HWND list = GetDlgItem(page, IDC_WIZ_LIST);
    RECT rc;
    GetClientRect(list, &rc);
    UINT dpi = bfgui_dpi_for_window(list);
    int step_w = MulDiv(rc.right, 96, (int)dpi) - 90 - 24;
    int sized[2] = {step_w > 120 ? step_w : 120, widths[1]};
    bfwiz_list_setup(w, list, headers, sized, 2, 0);
}

void bfwiz_steps_fill(bf_wizard *w, HWND page, size_t from, size_t to)
{
    const bf_fix_plan *p = w->session->plan;
    HWND list = GetDlgItem(page, IDC_WIZ_LIST);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    for (size_t i = from; p && i < to && i < p->step_count; i++) {
        WCHAR *title = bfgui_wide(p->steps[i].title);
        const WCHAR *cells[1] = {title};
        int row = bfwiz_list_add(list, -1, cells, 1, (LPARAM)i);
        if (row >= 0)
            set_step_row(w, list, row, p->steps[i].status);
        free(title);
    }
}

/* The row of plan step i, or -1 when this page does not list it. */
static int row_of_step(HWND list, size_t i)
{
    LVFINDINFOW find;
    ZeroMemory(&find, sizeof find);
    find.flags = LVFI_PARAM;
    find.lParam = (LPARAM)i;
    return (int)SendMessageW(list, LVM_FINDITEMW, (WPARAM)-1, (LPARAM)&find);
}

/* Only the step index and its status travel in the message: the plan belongs to the worker while it
 * runs, but a step's title is fixed from the moment the plan was made. */
bool bfwiz_steps_message(bf_wizard *w, HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_BF_ASK_END_PROCESS) {
        const bf_fix_plan *p = w->session->plan;    /* the worker waits in SendMessage meanwhile */
        bool yes = p && wp < p->step_count &&
                   bfgui_ask_end_process(w->hinst, GetParent(page), p->steps[wp].target, w->session->service_timeout_ms);
        SetWindowLongPtrW(page, DWLP_MSGRESULT, yes ? 1 : 0);
        return true;
    }
    if (msg != WM_BFWIZ_STEP_BEGIN && msg != WM_BFWIZ_STEP)
        return false;
    const bf_fix_plan *p = w->session->plan;
    size_t i = (size_t)wp;
    if (!p || i >= p->step_count)
        return true;
    HWND list = GetDlgItem(page, IDC_WIZ_LIST);
    int row = row_of_step(list, i);
    bf_step_status st = msg == WM_BFWIZ_STEP_BEGIN ? BF_STEP_DOING : (bf_step_status)lp;
    if (row >= 0) {
        set_step_row(w, list, row, st);
        SendMessageW(list, LVM_ENSUREVISIBLE, (WPARAM)row, FALSE);
    }
    WCHAR *title = bfgui_wide(p->steps[i].title);
    WCHAR *word = bfgui_load_string(w->hinst, IDS_WIZ_STEP_STATUS_BASE + (UINT)st);
    DWORD_PTR args[2] = {(DWORD_PTR)(word ? word : L""), (DWORD_PTR)(title ? title : L"")};
    WCHAR *line = msg == WM_BFWIZ_STEP_BEGIN ? bfgui_format(w->hinst, IDS_WIZ_LOG_DOING, args + 1, 1)
                                             : bfgui_format(w->hinst, IDS_WIZ_LOG_STATUS, args, 2);
    bfwiz_log(GetDlgItem(page, IDC_WIZ_LOG), line);
    free(line);
    free(word);
    free(title);
    return true;
}

size_t bfwiz_steps_done(const bf_wizard *w)
{
    const bf_fix_plan *p = w->session->plan;
    size_t n = 0;
    for (size_t i = 0; p && i < p->step_count; i++)
        n += p->steps[i].status == BF_STEP_DONE;
    return n;
}

bfwiz_run_end bfwiz_run_ended(bf_wizard *w, HWND page, const bfwiz_result *res)
{
    const bf_fix_plan *p = w->session->plan;
    w->running = false;
    if (res->work == BFWIZ_WORK_UNDO) {
        w->rolled_back = res->ok;
        WCHAR *check = bfgui_undo_check_text(w->hinst, w->session, true);
        if (res->ok) {
            DWORD_PTR args[1] = {(DWORD_PTR)(check ? check : L"")};
            bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_ROLLED_BACK, args, 1);
        } else {
            DWORD_PTR args[2] = {(DWORD_PTR)(res->error ? res->error : L""), (DWORD_PTR)(check ? check : L"")};
            bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_ROLLBACK_FAILED, args, 2);
        }
        free(check);
        return BFWIZ_RUN_FAILED;
    }
    if (res->ok) {
        w->apply_done = w->restart_done = true;
        return BFWIZ_RUN_DONE;
    }
    if (res->stopped && !w->cancel_pending) {
        w->apply_done = true;       /* stopped before the first service step, as asked */
        return BFWIZ_RUN_PAUSED;
    }
    if (res->stopped) {
        /* Cancel: the steps done stay done until the administrator says what to do with them */
        size_t done = bfwiz_steps_done(w);
        WCHAR *j = bfgui_wide(w->session->journal);
        DWORD_PTR args[2] = {(DWORD_PTR)done, (DWORD_PTR)(j ? j : L"")};
        WCHAR *ask = bfgui_format(w->hinst, IDS_WIZ_ROLLBACK_ASK, args, 2);
        int answer = done ? bfgui_message_box(page, ask, MB_YESNO | MB_ICONWARNING) : IDYES;
        free(ask);
        if (answer == IDYES && done) {
            bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_ROLLING_BACK, NULL, 0);
            if (bfwiz_start(w, page, BFWIZ_WORK_UNDO)) {
                free(j);
                return BFWIZ_RUN_ROLLING_BACK;
            }
        }
        if (!done) {
            w->rolled_back = true;      /* nothing was changed: nothing to put back */
            DWORD_PTR none[1] = {(DWORD_PTR)L""};
            bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_ROLLED_BACK, none, 1);
        } else {
            w->changes_kept = true;
            DWORD_PTR kargs[1] = {(DWORD_PTR)(j ? j : L"")};
            bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_KEPT, kargs, 1);
        }
        free(j);
        return BFWIZ_RUN_FAILED;
    }
    /* a step failed: the engine has already put the done ones back (state "rolled-back") */
    w->rolled_back = p && p->state == BF_PLAN_ROLLED_BACK;
    WCHAR *check = w->session->undo_check.done ? bfgui_undo_check_text(w->hinst, w->session, true) : NULL;
    DWORD_PTR args[2] = {(DWORD_PTR)(res->error ? res->error : L""), (DWORD_PTR)(check ? check : L"")};
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_APPLY_FAILED, args, 2);
    free(check);
    return BFWIZ_RUN_FAILED;
}
