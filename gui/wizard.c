/*
 * wizard.c - the repair wizard's property sheet (Wizard97: header and watermark bitmaps), its shared
 * context (bf_wizard, one per run, no globals), the work its pages start on the repair job's one worker
 * (gui/repairjob.c, shared with the Fix dialog), Cancel and Help for every page, and the small helpers
 * the pages share.
 *
 * Why one worker at a time: the repair session is one object that is not thread-safe; the wizard's
 * steps are sequential anyway (scan, plan, apply, restart, verify, undo), so a page that wants work while
 * another worker runs is told to wait rather than queued.
 */
#include "wizard.h"

#include "helptopics.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- text helpers -------------------------------------------------------------------------------- */

void bfwiz_set_text(bf_wizard *w, HWND page, int ctl, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *text = n ? bfgui_format(w->hinst, id, args, n) : bfgui_load_string(w->hinst, id);
    if (ctl == IDC_WIZ_STATUS)
        bfgui_set_status(GetDlgItem(page, ctl), text ? text : L"");     /* the page's outcome: announced */
    else
        SetDlgItemTextW(page, ctl, text ? text : L"");
    free(text);
}

void bfwiz_show_failure(bf_wizard *w, HWND page, UINT id, const bf_job_result *res)
{
    DWORD_PTR args[1] = {(DWORD_PTR)(res->error ? res->error : L"")};
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, id, args, 1);
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
        SendDlgItemMessageW(page, IDC_WIZ_TITLE, WM_SETFONT, (WPARAM)w->title_font, TRUE);
}

bool bfwiz_is_service_step(bf_step_kind k)
{
    return k == BF_STEP_SERVICE_STOP || k == BF_STEP_SERVICE_START;
}

/* ---- the worker (gui/repairjob.c) ------------------------------------------------------------ */

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

/* BF_JOB_CUSTOM, on the worker */
static bool write_report(bf_repair_job *job, void *ctx, bf_err *e)
{
    bf_wizard *w = ctx;
    bf_repair_session *s = job->session;
    char *path = bfsys_wide_to_utf8(w->report_path, -1);
    if (!path)
        return bf_fail(e, "out of memory");
    bf_report *r = bf_report_create(s->before, s->diagnosis, NULL);
    bool ok = r != NULL;
    for (size_t i = 0; ok && s->plan && i < s->plan->step_count; i++) {
        const bf_fix_step *st = &s->plan->steps[i];
        char result[600];
        snprintf(result, sizeof result, "%s%s%s%s%s%s%s%s%s%s", bf_step_status_token(st->status),
                 st->restart_pending ? " (applied; takes effect after a restart)" : "",
                 bf_fix_step_when(st)[0] ? "; " : "", bf_fix_step_when(st),
                 st->lasts && st->lasts[0] ? "; lasts " : "", st->lasts ? st->lasts : "",
                 st->lasting_command && st->lasting_command[0] ? "; to make it last: " : "",
                 st->lasting_command ? st->lasting_command : "",
                 st->error && st->error[0] ? ": " : "", st->error ? st->error : "");
        ok = bf_report_add_action(r, st->title, st->target, "", result);
    }
    if (ok && s->restart_pending) { /* the verification rows below are the machine before that restart */
        UINT ids[3] = {IDS_WIZ_REPORT_RESTART_TITLE, IDS_WIZ_REPORT_RESTART_WHAT, IDS_WIZ_REPORT_RESTART_RESULT};
        char *text[3] = {NULL, NULL, NULL};
        for (int k = 0; k < 3; k++) {
            WCHAR *wtext = bfgui_load_string(w->hinst, ids[k]);
            text[k] = wtext ? bfsys_wide_to_utf8(wtext, -1) : NULL;
            free(wtext);
        }
        ok = text[0] && text[1] && text[2] && bf_report_add_action(r, text[0], text[1], "", text[2]);
        for (int k = 0; k < 3; k++)
            free(text[k]);
    }
    for (size_t i = 0; ok && i < s->row_count; i++) {
        const bf_verify_row *row = &s->rows[i];
        ok = bf_report_add_check(r, row->protocol, row->port, row->address,
                                 row->was_failing ? bf_probe_result_label(row->before) : "-",
                                 row->after_known ? bf_probe_result_label(row->after) : "no longer returned",
                                 row->fixed);
    }
    if (ok)     /* a repair that changed an adapter's DNS registration: the registration and DNS's answer */
        ok = bf_session_report_dns(s, r);
    bf_buf out;
    bf_buf_init(&out);
    if (!ok)
        bf_fail(e, "out of memory while building the report");
    else
        ok = write_report_as(r, path, &out, e) && job->sys.write_file(job->sys.ctx, path, bf_buf_cstr(&out), out.len, e);
    bf_buf_free(&out);
    bf_report_destroy(r);
    free(path);
    return ok;
}

static void publish_busy(bf_wizard *w)
{
    if (w->sheet)
        SetPropW(w->sheet, BF_WIZ_BUSY_PROP, (HANDLE)(INT_PTR)(w->running ? 1 : 0));
}

bool bfwiz_start(bf_wizard *w, HWND notify, bfwiz_work work)
{
    static const bf_job_work jobs[] = {
        [BFWIZ_WORK_NONE] = BF_JOB_NONE,     [BFWIZ_WORK_SCAN] = BF_JOB_SCAN,   [BFWIZ_WORK_PLAN] = BF_JOB_PLAN,
        [BFWIZ_WORK_APPLY] = BF_JOB_APPLY,   [BFWIZ_WORK_RESTART] = BF_JOB_APPLY, [BFWIZ_WORK_VERIFY] = BF_JOB_VERIFY,
        [BFWIZ_WORK_UNDO] = BF_JOB_UNDO,     [BFWIZ_WORK_REPORT] = BF_JOB_CUSTOM};
    if (w->running)
        return false;
    w->work = work;
    /* the first apply stops before the first service step: the Restart services page carries those out */
    if (!bfgui_job_start(&w->job, notify, w->sheet, &jobs[work], 1, work == BFWIZ_WORK_APPLY, (int)work))
        return false;
    w->running = true;
    publish_busy(w);
    return true;
}

void bfwiz_work_ended(bf_wizard *w, bf_job_result *res)
{
    bfgui_job_result_free(res);
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
    /* posted, not set here: the page's PSN_SETACTIVE has just posted its buttons (PropSheet_SetWizButtons
     * posts PSM_SETWIZBUTTONS), and posted messages to one thread arrive in order, so once the property
     * names this page its buttons are applied; an outside reader sees the two together (sheet_subclass) */
    PostMessageW(w->sheet, WM_BFWIZ_SHOWN, (WPARAM)(page + 1), 0);
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
        bfgui_job_stop(&w->job);
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

/* Common notifications: PSN_QUERYCANCEL (stop at a safe point, refuse while busy, warn about changes
 * kept) and PSN_HELP. Returns true when handled (*result set for DWLP_MSGRESULT). */
static bool common_notify(bf_wizard *w, HWND page, bfwiz_page which, const NMHDR *nm, LRESULT *result)
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

/* ---- the interior pages' header ------------------------------------------------------------------ */

/* Wizard97's header title and subtitle, per page (0: an exterior page, no header). */
static const UINT header_titles[BFWIZ__COUNT] = {0, IDS_WIZ_HDR_SCAN, IDS_WIZ_HDR_FINDINGS, IDS_WIZ_HDR_CHOOSE,
                                                 IDS_WIZ_HDR_REVIEW, IDS_WIZ_HDR_APPLY, IDS_WIZ_HDR_RESTART,
                                                 IDS_WIZ_HDR_VERIFY, 0};
static const UINT header_subtitles[BFWIZ__COUNT] = {0, IDS_WIZ_SUB_SCAN, IDS_WIZ_SUB_FINDINGS, IDS_WIZ_SUB_CHOOSE,
                                                    IDS_WIZ_SUB_REVIEW, IDS_WIZ_SUB_APPLY, IDS_WIZ_SUB_RESTART,
                                                    IDS_WIZ_SUB_VERIFY, 0};

/* The title's font: the pages' template font (8 pt MS Shell Dlg, res/lang/wizard-en-US.rc) in bold at the
 * sheet's DPI, as Wizard97 draws its header title. */
static HFONT create_header_font(HWND sheet)
{
    LOGFONTW lf;
    ZeroMemory(&lf, sizeof lf);
    lf.lfHeight = -MulDiv(8, (int)bfgui_dpi_for_window(sheet), 72);
    lf.lfWeight = FW_BOLD;
    lf.lfCharSet = DEFAULT_CHARSET;
    wcscpy(lf.lfFaceName, L"MS Shell Dlg");
    return CreateFontIndirectW(&lf);
}

/* The header's two statics on the sheet, made once (the first page's WM_INITDIALOG). Why not the
 * sheet's PSP_USEHEADERTITLE: Wine's comctl32 draws those at fixed pixels (the title at y 10, the subtitle
 * at y 25), so at 192 DPI the bold title runs into the subtitle; and as windows they are what a screen
 * reader and the test driver read. */
static void header_create(bf_wizard *w)
{
    if (w->header_title || !w->sheet)
        return;
    w->header_font = create_header_font(w->sheet);
    w->header_title = CreateWindowExW(0, L"Static", L"", WS_CHILD | SS_LEFT | SS_NOPREFIX, 0, 0, 0, 0, w->sheet,
                                      (HMENU)(INT_PTR)IDC_WIZ_HDR_TITLE, w->hinst, NULL);
    w->header_subtitle = CreateWindowExW(0, L"Static", L"", WS_CHILD | SS_LEFT | SS_NOPREFIX, 0, 0, 0, 0, w->sheet,
                                         (HMENU)(INT_PTR)IDC_WIZ_HDR_SUBTITLE, w->hinst, NULL);
    HFONT sheet_font = (HFONT)SendMessageW(w->sheet, WM_GETFONT, 0, 0);
    if (w->header_title)
        SendMessageW(w->header_title, WM_SETFONT, (WPARAM)(w->header_font ? w->header_font : sheet_font), FALSE);
    if (w->header_subtitle)
        SendMessageW(w->header_subtitle, WM_SETFONT, (WPARAM)sheet_font, FALSE);
}

/* Lays the header out for page: the band above the page (the sheet paints it white, its bitmap at the
 * right, as wide as the band is high); the title and, under it, the subtitle, each as high as its words
 * measure in its font at this width (bfgui_text_height), the pair centred in the band. */
static void header_layout(bf_wizard *w, HWND page)
{
    if (!w->header_title || !w->header_subtitle || !page)
        return;
    UINT dpi = bfgui_dpi_for_window(w->sheet);
    RECT pr, cr;
    GetWindowRect(page, &pr);
    MapWindowPoints(NULL, w->sheet, (POINT *)&pr, 2);
    GetClientRect(w->sheet, &cr);
    int band = pr.top;
    int bitmap = band > bfgui_scale(49, dpi) ? band : bfgui_scale(49, dpi);     /* the bitmap and its margins */
    int title_x = bfgui_scale(20, dpi), sub_x = bfgui_scale(40, dpi);
    int right = cr.right - bitmap - bfgui_scale(8, dpi);
    int title_w = right - title_x, sub_w = right - sub_x;
    HFONT sheet_font = (HFONT)SendMessageW(w->sheet, WM_GETFONT, 0, 0);
    int title_h = bfgui_text_height(w->header_title, w->header_font ? w->header_font : sheet_font, title_w,
                                    bfgui_scale(16, dpi));
    int sub_h = bfgui_text_height(w->header_subtitle, sheet_font, sub_w, bfgui_scale(26, dpi));
    int gap = bfgui_scale(3, dpi);
    int top = (band - (title_h + gap + sub_h)) / 2;
    if (top < 0)
        top = 0;
    SetWindowPos(w->header_title, NULL, title_x, top, title_w, title_h, SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(w->header_subtitle, NULL, sub_x, top + title_h + gap, sub_w, sub_h, SWP_NOZORDER | SWP_NOACTIVATE);
    w->header_page = page;
}

/* A page is shown: its header's words, laid out (an exterior page hides them: it has no header). */
static void header_show(bf_wizard *w, HWND page, bfwiz_page which)
{
    header_create(w);
    if (!w->header_title || !w->header_subtitle)
        return;
    bool shown = header_titles[which] != 0;
    /* hidden first: the sheet repaints the band under the old words (the statics draw transparent on it,
     * white on Windows, the header bitmap's colour in Wine) */
    ShowWindow(w->header_title, SW_HIDE);
    ShowWindow(w->header_subtitle, SW_HIDE);
    if (shown) {
        WCHAR *title = bfgui_load_string(w->hinst, header_titles[which]);
        WCHAR *sub = bfgui_load_string(w->hinst, header_subtitles[which]);
        SetWindowTextW(w->header_title, title ? title : L"");
        SetWindowTextW(w->header_subtitle, sub ? sub : L"");
        free(title);
        free(sub);
        header_layout(w, page);
    }
    if (shown) {
        ShowWindow(w->header_title, SW_SHOWNA);
        ShowWindow(w->header_subtitle, SW_SHOWNA);
    }
}

/* ---- the one dialog procedure of every page ------------------------------------------------------ */

static LRESULT CALLBACK sheet_subclass(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, UINT_PTR id, DWORD_PTR ref);
/* on the sheet once a page has subclassed it with the wizard as the subclass's reference */
#define SHEET_SUBCLASSED_PROP L"bindfix.wizard.subclassed"
static void wizard_fonts(bf_wizard *w, UINT dpi);

static const bfwiz_page_ops *const page_ops[BFWIZ__COUNT] = {
    &bfwiz_welcome_page, &bfwiz_scan_page,    &bfwiz_findings_page, &bfwiz_choose_page, &bfwiz_review_page,
    &bfwiz_apply_page,   &bfwiz_restart_page, &bfwiz_verify_page,   &bfwiz_finish_page};

/* Which page this is: from its dialog template at WM_INITDIALOG (the pages are made in bfwiz_page order
 * from IDD_WIZ_WELCOME on), then from the handles kept in w->pages. BFWIZ__COUNT when unknown. */
static bfwiz_page page_of(bf_wizard *w, HWND page, UINT msg, LPARAM lp)
{
    if (msg == WM_INITDIALOG) {
        UINT_PTR id = (UINT_PTR)((const PROPSHEETPAGEW *)lp)->pszTemplate;
        return id >= IDD_WIZ_WELCOME && id < IDD_WIZ_WELCOME + BFWIZ__COUNT ? (bfwiz_page)(id - IDD_WIZ_WELCOME)
                                                                            : BFWIZ__COUNT;
    }
    for (int i = 0; i < BFWIZ__COUNT; i++)
        if (w->pages[i] == page)
            return (bfwiz_page)i;
    return BFWIZ__COUNT;
}

static INT_PTR page_notify(bf_wizard *w, HWND page, bfwiz_page which, const NMHDR *nm)
{
    const bfwiz_page_ops *ops = page_ops[which];
    LRESULT r = 0;
    if (nm->idFrom == IDC_WIZ_LIST && nm->code == LVN_ITEMCHANGED && ops->list_changed) {
        ops->list_changed(w, page, (const NMLISTVIEW *)nm);
        return TRUE;
    }
    switch (nm->code) {
    case PSN_SETACTIVE:
        header_show(w, page, which);
        if (ops->set_active)
            ops->set_active(w, page);
        if (ops->exterior)
            PostMessageW(page, WM_BFWIZ_REPAINT, 0, 0);    /* once the sheet has switched pages */
        bfwiz_page_shown(w, which);
        break;
    case PSN_WIZNEXT:
        r = ops->wiz_next ? ops->wiz_next(w, page) : 0;
        break;
    case PSN_WIZBACK:
        r = ops->forward_only ? -1 : ops->wiz_back ? ops->wiz_back(w, page) : 0;
        break;
    case PSN_WIZFINISH:
        if (!ops->wiz_finish)
            return FALSE;
        r = ops->wiz_finish(w, page);
        break;
    default:
        if (!common_notify(w, page, which, nm, &r))
            return FALSE;
        break;
    }
    SetWindowLongPtrW(page, DWLP_MSGRESULT, r);
    return TRUE;
}

/* A multiline edit asks the dialog manager for every key (WM_GETDLGCODE: DLGC_WANTALLKEYS) and handles
 * Tab itself by sending WM_NEXTDLGCTL to its parent, which on a wizard page is the page: the focus then
 * goes round the page's own controls only, and Tab never reaches the sheet's Back, Next, Cancel and Help
 * (seen under Wine 8 with guidriver wiztab: list, text, list, text...). A read-only one takes no typing, so
 * it leaves Tab, Enter and Esc to the dialog manager, which moves through the whole sheet (a page is a
 * DS_CONTROL child of it) and presses the default button; arrows, Ctrl+C and selection stay the edit's. */
static LRESULT CALLBACK readonly_edit_subclass(HWND edit, UINT msg, WPARAM wp, LPARAM lp, UINT_PTR id, DWORD_PTR ref)
{
    (void)ref;
    if (msg == WM_GETDLGCODE)
        return DefSubclassProc(edit, msg, wp, lp) & ~(LRESULT)DLGC_WANTALLKEYS;
    if (msg == WM_NCDESTROY)
        RemoveWindowSubclass(edit, readonly_edit_subclass, id);
    return DefSubclassProc(edit, msg, wp, lp);
}

static void readonly_edits_tab_through(HWND page)
{
    for (HWND c = GetWindow(page, GW_CHILD); c; c = GetWindow(c, GW_HWNDNEXT)) {
        WCHAR cls[16] = L"";
        LONG style = GetWindowLongW(c, GWL_STYLE);
        if (GetClassNameW(c, cls, 16) && _wcsicmp(cls, WC_EDITW) == 0 && (style & ES_MULTILINE) &&
            (style & ES_READONLY))
            SetWindowSubclass(c, readonly_edit_subclass, 1, 0);
    }
}

/* The page's bf_wizard is the PROPSHEETPAGE's lParam, kept in DWLP_USER from WM_INITDIALOG on. */
static INT_PTR CALLBACK page_proc(HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    bf_wizard *w;
    if (msg == WM_INITDIALOG) {
        w = (bf_wizard *)((const PROPSHEETPAGEW *)lp)->lParam;
        SetWindowLongPtrW(page, DWLP_USER, (LONG_PTR)w);
    } else {
        w = (bf_wizard *)GetWindowLongPtrW(page, DWLP_USER);
    }
    if (!w)
        return FALSE;
    bfwiz_page which = page_of(w, page, msg, lp);
    if (which == BFWIZ__COUNT)
        return FALSE;
    const bfwiz_page_ops *ops = page_ops[which];
    if (ops->shows_steps && bfwiz_steps_message(w, page, msg, wp, lp))
        return TRUE;
    /* any page that started a worker: the machine-wide repair lock it waits for, in its status line */
    if (bfgui_job_lock_wait_message(&w->job, page, IDC_WIZ_STATUS, msg, wp, lp))
        return TRUE;
    switch (msg) {
    case WM_INITDIALOG:
        w->sheet = GetParent(page);
        w->pages[which] = page;
        /* the sheet's own DPI (its monitor's, per-monitor v2): the fonts were made before it existed;
         * the subclass (with the wizard) follows later changes of DPI and text size */
        SetWindowSubclass(w->sheet, sheet_subclass, 1, (DWORD_PTR)w);
        SetPropW(w->sheet, SHEET_SUBCLASSED_PROP, (HANDLE)1);
        if (bfgui_dpi_for_window(w->sheet) != w->font_dpi)
            wizard_fonts(w, bfgui_dpi_for_window(w->sheet));
        if (ops->init)
            ops->init(w, page);
        readonly_edits_tab_through(page);
        return TRUE;
    case WM_COMMAND:
        return ops->command && ops->command(w, page, LOWORD(wp));
    case WM_HELP:
        bfwiz_help(w, page, which);
        return TRUE;
    case WM_BF_JOB_DONE:
        if (!ops->job_done)
            return FALSE;
        ops->job_done(w, page, (bf_job_result *)lp);
        return TRUE;
    case WM_BFWIZ_REPAINT:
        if (!ops->exterior)
            return FALSE;
        bfwiz_repaint_sheet(w);
        return TRUE;
    case WM_NOTIFY:
        return page_notify(w, page, which, (const NMHDR *)lp);
    default:
        return FALSE;
    }
}

/* ---- the sheet -------------------------------------------------------------------------------------- */

static HFONT create_title_font(UINT dpi);

/* The title and monospace fonts at dpi, put on the pages that exist (the others take them in their
 * WM_INITDIALOG); the old ones are deleted once nothing uses them. */
static void wizard_fonts(bf_wizard *w, UINT dpi)
{
    HFONT title = create_title_font(dpi), mono = bfgui_create_mono_font(dpi);
    if (!title || !mono) {
        if (title)
            DeleteObject(title);
        if (mono)
            DeleteObject(mono);
        return;     /* the fonts in use stay */
    }
    HFONT old_title = w->title_font, old_mono = w->mono_font;
    w->font_dpi = dpi;
    w->title_font = title;
    w->mono_font = mono;
    for (int i = 0; i < BFWIZ__COUNT; i++) {
        if (!w->pages[i])
            continue;
        if (GetDlgItem(w->pages[i], IDC_WIZ_TITLE))
            bfwiz_apply_title_font(w, w->pages[i]);
        if (GetDlgItem(w->pages[i], IDC_WIZ_PREVIEW))
            SendDlgItemMessageW(w->pages[i], IDC_WIZ_PREVIEW, WM_SETFONT, (WPARAM)mono, TRUE);
    }
    if (old_title)
        DeleteObject(old_title);
    if (old_mono)
        DeleteObject(old_mono);
    if (w->header_title) {
        /* the header's title font follows the sheet's, then the header is measured again */
        HFONT header = create_header_font(w->sheet), old_header = w->header_font;
        if (header) {
            w->header_font = header;
            SendMessageW(w->header_title, WM_SETFONT, (WPARAM)header, FALSE);
            if (old_header)
                DeleteObject(old_header);
        }
        SendMessageW(w->header_subtitle, WM_SETFONT, SendMessageW(w->sheet, WM_GETFONT, 0, 0), FALSE);
        header_layout(w, w->header_page);
    }
}

/* A page's work disables the control that had the focus (Next while Scan runs, Apply while it applies);
 * a window that is disabled loses the focus and no other gets it, so Tab, Enter and Esc then reach
 * nothing until a click (seen under Wine 8 with guidriver wiztab: no focus on Scan and Apply once done).
 * Each time a page sets its buttons (PSM_SETWIZBUTTONS, which also makes the first enabled of Finish, Next,
 * Back, Cancel the default button), a sheet that is active but has no usable focus gives it to that
 * default button. While that is only Back or Cancel (work running), the focus is "parked" there and moves
 * on to Next or Finish when they come back, so that Enter after the work goes forward, not back; a focus
 * the administrator moved elsewhere meanwhile stays where it is. */
static const WCHAR FOCUS_PARKED_PROP[] = L"bindfix.wizard.focusParked";

static void keep_focus(HWND sheet)
{
    if (GetActiveWindow() != sheet)
        return;
    HWND f = GetFocus();
    HWND parked = (HWND)GetPropW(sheet, FOCUS_PARKED_PROP);
    bool usable = f && IsChild(sheet, f) && IsWindowEnabled(f) && IsWindowVisible(f);
    if (usable && f != parked) {
        RemovePropW(sheet, FOCUS_PARKED_PROP);
        return;
    }
    LRESULT def = SendMessageW(sheet, DM_GETDEFID, 0, 0);
    HWND to = HIWORD(def) == DC_HASDEFID ? GetDlgItem(sheet, LOWORD(def)) : NULL;
    if (!to || !IsWindowEnabled(to) || !IsWindowVisible(to))
        to = GetNextDlgTabItem(sheet, NULL, FALSE);
    if (!to)
        return;
    int id = GetDlgCtrlID(to);
    bool forward = id == 0x3024 || id == 0x3025;   /* the sheet's Next and Finish (comctl32's ids; no SDK name) */
    if (forward)
        RemovePropW(sheet, FOCUS_PARKED_PROP);
    else
        SetPropW(sheet, FOCUS_PARKED_PROP, to);
    if (to != f)
        SendMessageW(sheet, WM_NEXTDLGCTL, (WPARAM)to, TRUE);
}

/* The sheet's own message: WM_BFWIZ_SHOWN publishes the page shown (see bfwiz_page_shown). */
static LRESULT CALLBACK sheet_subclass(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp, UINT_PTR id, DWORD_PTR ref)
{
    (void)ref;
    if (msg == WM_BFWIZ_SHOWN) {
        SetPropW(hwnd, BF_WIZ_PAGE_PROP, (HANDLE)wp);
        return 0;
    }
    if (msg == PSM_SETWIZBUTTONS) {
        LRESULT r = DefSubclassProc(hwnd, msg, wp, lp);
        keep_focus(hwnd);
        return r;
    }
    if (msg == WM_CTLCOLORSTATIC) {
        /* the header's words on the band as the sheet painted it (header_show hides them before a change,
         * so the sheet paints the band again under them) */
        int ctl = GetDlgCtrlID((HWND)lp);
        if (ctl == IDC_WIZ_HDR_TITLE || ctl == IDC_WIZ_HDR_SUBTITLE) {
            SetTextColor((HDC)wp, GetSysColor(COLOR_WINDOWTEXT));
            SetBkMode((HDC)wp, TRANSPARENT);
            return (LRESULT)GetStockObject(NULL_BRUSH);
        }
    }
    if ((msg == WM_DPICHANGED || msg == WM_SETTINGCHANGE) && ref) {
        /* the window's DPI or the text size changed: the fonts bindfix made follow, as the template's
         * font does (WM_SETTINGCHANGE: the message font's size, which the monospace font takes) */
        bf_wizard *w = (bf_wizard *)ref;
        if (msg == WM_DPICHANGED || wp == SPI_SETNONCLIENTMETRICS || wp == SPI_SETICONTITLELOGFONT)
            wizard_fonts(w, msg == WM_DPICHANGED ? HIWORD(wp) : bfgui_dpi_for_window(hwnd));
    }
    if (msg == WM_NCDESTROY) {
        RemovePropW(hwnd, SHEET_SUBCLASSED_PROP);
        RemovePropW(hwnd, FOCUS_PARKED_PROP);
        RemoveWindowSubclass(hwnd, sheet_subclass, id);
    }
    return DefSubclassProc(hwnd, msg, wp, lp);
}

static int CALLBACK sheet_callback(HWND hwnd, UINT msg, LPARAM lp)
{
    (void)lp;
    if (msg == PSCB_INITIALIZED) {
        /* a page may have subclassed the sheet already, with the wizard as its reference: keep that */
        if (!GetPropW(hwnd, SHEET_SUBCLASSED_PROP))
            SetWindowSubclass(hwnd, sheet_subclass, 1, 0);
        SetPropW(hwnd, BF_WIZ_PROP, (HANDLE)1);
    }
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

int bfgui_run_wizard(HINSTANCE hinst, HWND owner, const bf_gui_options *opts)
{
    bf_wizard *w = calloc(1, sizeof *w);
    if (!w)
        return -1;
    w->hinst = hinst;
    w->elevated = bfgui_is_elevated();
    bf_gui_source src = {opts ? opts->source : BF_SOURCE_LIVE, opts ? opts->snapshot_path : NULL,
                         opts ? opts->catalogue_path : NULL, opts && opts->trust_files, false};
    bool job_ok = bfgui_job_init(&w->job, hinst, &src, NULL);
    w->session = w->job.session;
    w->job.custom = write_report;
    w->job.custom_ctx = w;
    /* the owner's DPI until the sheet has its own (sheet_callback makes them again at the sheet's) */
    UINT dpi = owner ? bfgui_dpi_for_window(owner) : bfgui_dpi_for_system();
    w->title_font = create_title_font(dpi);
    w->mono_font = bfgui_create_mono_font(dpi);
    w->font_dpi = dpi;
    int icon_cx = 0;
    w->images = bfgui_create_status_images(hinst, dpi, &icon_cx);
    int rc = -1;
    if (job_ok) {
        HPROPSHEETPAGE pages[BFWIZ__COUNT];
        int made = 0;
        DWORD page_err = 0;
        for (int i = 0; i < BFWIZ__COUNT; i++) {
            PROPSHEETPAGEW psp;
            ZeroMemory(&psp, sizeof psp);
            psp.dwSize = sizeof psp;
            psp.hInstance = hinst;
            psp.pszTemplate = MAKEINTRESOURCEW(IDD_WIZ_WELCOME + i);
            psp.pfnDlgProc = page_proc;
            psp.lParam = (LPARAM)w;
            psp.dwFlags = PSP_HASHELP;
            /* an interior page's header title and subtitle are the sheet's statics (header_show), not
             * PSP_USEHEADERTITLE: the header band and its bitmap are still the sheet's */
            if (!header_titles[i])
                psp.dwFlags |= PSP_HIDEHEADER;
            pages[i] = CreatePropertySheetPageW(&psp);
            if (pages[i])
                made++;
            else if (!page_err)
                page_err = GetLastError();      /* now: the clean-up below makes other calls */
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
            DWORD sheet_err = r < 0 ? GetLastError() : 0;    /* before free(), which may call the heap */
            free(caption);
            if (r < 0) {
                DWORD_PTR args[1] = {(DWORD_PTR)sheet_err};
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
            DWORD_PTR args[1] = {(DWORD_PTR)page_err};
            WCHAR *text = bfgui_format(hinst, IDS_WIZ_ERR_START, args, 1);
            bfgui_message_box(owner, text, MB_OK | MB_ICONERROR);
            free(text);
        }
    }
    bfgui_job_free(&w->job);    /* joins a worker still running (Cancel during a scan) */
    if (w->title_font)
        DeleteObject(w->title_font);
    if (w->mono_font)
        DeleteObject(w->mono_font);
    if (w->header_font)     /* its statics went with the sheet */
        DeleteObject(w->header_font);
    if (w->images)
        ImageList_Destroy(w->images);
    free(w->report_path);
    free(w->stale_note);
    free(w->verify_counts);
    free(w);
    return rc;
}

/* ---- Apply and Restart services: the steps list, the log, and how a run ended ------------------------ */

void bfwiz_steps_fill(bf_wizard *w, HWND page, size_t from, size_t to)
{
    const bf_fix_plan *p = w->session->plan;
    HWND list = GetDlgItem(page, IDC_WIZ_LIST);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    for (size_t i = from; p && i < to && i < p->step_count; i++)
        bfgui_steps_add(w->hinst, list, p->steps[i].title, p->steps[i].status, (LPARAM)i);
}

/* The step list shows the new status (gui/repairjob.c); the log says it in words. */
bool bfwiz_steps_message(bf_wizard *w, HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    size_t i;
    bf_step_status st;
    if (!bfgui_job_message(&w->job, page, GetParent(page), GetDlgItem(page, IDC_WIZ_LIST), msg, wp, lp, &i, &st))
        return false;
    const bf_fix_plan *p = w->session->plan;
    if (msg == WM_BF_ASK_END_PROCESS || !p || i >= p->step_count)
        return true;
    WCHAR *title = bfgui_wide(p->steps[i].title);
    WCHAR *word = bfgui_step_status_text(w->hinst, st);
    DWORD_PTR args[2] = {(DWORD_PTR)(word ? word : L""), (DWORD_PTR)(title ? title : L"")};
    WCHAR *line = msg == WM_BF_JOB_STEP_BEGIN ? bfgui_format(w->hinst, IDS_WIZ_LOG_DOING, args + 1, 1)
                                              : bfgui_format(w->hinst, IDS_WIZ_LOG_STATUS, args, 2);
    bfwiz_log(GetDlgItem(page, IDC_WIZ_LOG), line);
    free(line);
    free(word);
    free(title);
    return true;
}

size_t bfwiz_steps_done(const bf_wizard *w)
{
    return bfgui_job_count_steps(w->session, BF_STEP_DONE);
}

bfwiz_run_end bfwiz_run_ended(bf_wizard *w, HWND page, const bf_job_result *res)
{
    const bf_fix_plan *p = w->session->plan;
    w->running = false;
    if (res->tag == BFWIZ_WORK_UNDO) {
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
