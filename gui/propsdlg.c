/*
 * propsdlg.c - Properties (Enter, Alt+Enter, double-click, Action > Properties), as MMC consoles have it:
 * everything a row says, in full, in read-only text that can be selected and copied, so nothing needs a
 * hover tooltip or a wide column to be read.
 *
 *   a finding   its severity (and the highest under it), ID, title, cause in words, every evidence row,
 *               the references, what explains it (or "root cause", or "cause not found" and what was
 *               looked for), what it explains, and each fix offered with its exact change and what the
 *               model predicts
 *   any row     each column's header and the row's cell
 *
 * A row is a finding's when its ID and title cells (columns 1 and 2 in the Findings view and the
 * overview's findings pane) name a finding of the diagnosis shown: the dialog reads the list as it is
 * drawn, so it works the same for a list that holds its items and for one drawn from a model.
 *
 * The dialog is resizable; its controls are laid out from the font's height, in the message font at the
 * window's DPI (made again on WM_DPICHANGED). Focus starts in the text, so the arrow keys read it.
 */
#include "gui.h"

#include <stdlib.h>
#include <wchar.h>

#include "causes.h"
#include "diagnose.h"
#include "helptopics.h"

typedef struct props_ctx {
    HINSTANCE hinst;
    HWND dlg;
    WCHAR *caption, *text;  /* malloc'd */
    HFONT font;             /* the message font at the window's DPI; NULL: the dialog's own */
    UINT dpi;
} props_ctx;

/* ---- the text ----------------------------------------------------------------------------------- */

typedef struct wtext {
    WCHAR *buf;
    size_t len, cap;
    bool ok;
} wtext;

static void put(wtext *t, const WCHAR *s)
{
    size_t n = s ? wcslen(s) : 0;
    if (!t->ok || !s)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        WCHAR *b = realloc(t->buf, cap * sizeof *b);
        if (!b) {
            t->ok = false;
            return;
        }
        t->buf = b;
        t->cap = cap;
    }
    memcpy(t->buf + t->len, s, n * sizeof *s);
    t->len += n;
    t->buf[t->len] = 0;
}

/* Takes s (NULL: out of memory). */
static void put_owned(wtext *t, WCHAR *s)
{
    if (!s)
        t->ok = false;
    put(t, s);
    free(s);
}

static void put_utf8(wtext *t, const char *s)
{
    put_owned(t, bfgui_wide(s));
}

static void put_string(wtext *t, HINSTANCE hinst, UINT id)
{
    put_owned(t, bfgui_load_string(hinst, id));
}

static void put_format(wtext *t, HINSTANCE hinst, UINT id, const DWORD_PTR *args, size_t n)
{
    put_owned(t, bfgui_format(hinst, id, args, n));
}

/* A string-table line with one UTF-8 insert. */
static void put_format_utf8(wtext *t, HINSTANCE hinst, UINT id, const char *s)
{
    WCHAR *w = bfgui_wide(s);
    DWORD_PTR args[1] = {(DWORD_PTR)w};
    if (!w)
        t->ok = false;
    else
        put_format(t, hinst, id, args, 1);
    free(w);
}

/* A section heading: a blank line, the heading, a line end. */
static void put_heading(wtext *t, HINSTANCE hinst, UINT id)
{
    put(t, L"\r\n");
    put_string(t, hinst, id);
    put(t, L"\r\n");
}

/* "BF-HOSTS-PIN: The hosts file pins ..." of finding i, indented. */
static void put_finding_line(wtext *t, const bf_diagnosis *d, size_t i)
{
    put(t, L"    ");
    put_utf8(t, d->findings[i].id);
    put(t, L": ");
    put_utf8(t, d->findings[i].title);
    put(t, L"\r\n");
}

static void finding_text(wtext *t, HINSTANCE hinst, const bf_diagnosis *d, size_t i)
{
    const bf_finding *f = &d->findings[i];
    WCHAR *sev = bfgui_enum_text(hinst, IDS_SEV_BASE, (int)f->severity, BF_SEV_CRITICAL + 1);
    WCHAR *tree = bfgui_enum_text(hinst, IDS_SEV_BASE, (int)f->tree_severity, BF_SEV_CRITICAL + 1);
    DWORD_PTR sev_args[2] = {(DWORD_PTR)sev, (DWORD_PTR)tree};
    if (!sev || !tree)
        t->ok = false;
    else
        put_format(t, hinst, IDS_PROPS_SEVERITY, sev_args, 2);
    free(sev);
    free(tree);
    put(t, L"\r\n");
    put_format_utf8(t, hinst, IDS_PROPS_ID, f->id);
    put(t, L"\r\n");
    put_format_utf8(t, hinst, IDS_PROPS_FINDING, f->title);
    put(t, L"\r\n");

    put_heading(t, hinst, IDS_PROPS_CAUSE);
    put(t, L"    ");
    put_utf8(t, f->cause);
    put(t, L"\r\n");

    put_heading(t, hinst, IDS_PROPS_EVIDENCE);
    for (size_t k = 0; k < f->evidence_count; k++) {
        const bf_evidence *e = &f->evidence[k];
        put(t, L"    [");
        put_utf8(t, e->section);
        put(t, L"] ");
        put_utf8(t, e->ref);
        put(t, L": ");
        if (e->user_writable)
            put_format_utf8(t, hinst, IDS_PROPS_USER_WRITABLE, e->text);
        else
            put_utf8(t, e->text);
        put(t, L"\r\n");
    }
    if (!f->evidence_count) {
        put(t, L"    ");
        put_string(t, hinst, IDS_PROPS_NOTHING);
        put(t, L"\r\n");
    }

    put_heading(t, hinst, IDS_PROPS_REFERENCES);
    for (size_t k = 0; k < f->reference_count; k++) {
        put(t, L"    ");
        put_utf8(t, f->references[k]);
        put(t, L"\r\n");
    }
    if (!f->reference_count) {
        put(t, L"    ");
        put_string(t, hinst, IDS_PROPS_NOTHING);
        put(t, L"\r\n");
    }

    put_heading(t, hinst, IDS_PROPS_EXPLAINED_BY);
    for (size_t k = 0; k < f->cause_count; k++)
        if (f->causes[k] < d->finding_count)
            put_finding_line(t, d, f->causes[k]);
    if (!f->cause_count) {
        put(t, L"    ");
        if (f->cause_not_found)
            put_format_utf8(t, hinst, IDS_PROPS_NOT_FOUND, f->cause_not_found);
        else
            put_string(t, hinst, IDS_PROPS_ROOT);
        put(t, L"\r\n");
    }

    put_heading(t, hinst, IDS_PROPS_EXPLAINS);
    for (size_t k = 0; k < f->explains_count; k++)
        if (f->explains[k] < d->finding_count)
            put_finding_line(t, d, f->explains[k]);
    if (!f->explains_count) {
        put(t, L"    ");
        put_string(t, hinst, IDS_PROPS_NOTHING);
        put(t, L"\r\n");
    }

    put_heading(t, hinst, IDS_PROPS_FIXES);
    for (size_t k = 0; k < f->action_count; k++) {
        const bf_action *a = &f->actions[k];
        put(t, L"    ");
        if (a->recommended)
            put_format_utf8(t, hinst, IDS_PROPS_RECOMMENDED, a->title);
        else
            put_utf8(t, a->title);
        put(t, L"\r\n");
        if (a->detail && a->detail[0]) {
            put(t, L"        ");
            put_format_utf8(t, hinst, IDS_PROPS_CHANGE, a->detail);
            put(t, L"\r\n");
        }
        if (a->predicted && a->predicted[0]) {
            put(t, L"        ");
            put_format_utf8(t, hinst, IDS_PROPS_PREDICTED, a->predicted);
            put(t, L"\r\n");
        }
    }
    if (!f->action_count) {
        put(t, L"    ");
        put_string(t, hinst, IDS_PROPS_NOTHING);
        put(t, L"\r\n");
    }
}

/* ---- reading the list as drawn -------------------------------------------------------------------- */

/* Cell (row, col) as the list shows it, malloc'd; NULL on out of memory. */
static WCHAR *read_cell(HWND list, int row, int col)
{
    for (int cap = 256; cap <= 1 << 20; cap *= 4) {
        WCHAR *buf = malloc((size_t)cap * sizeof *buf);
        LVITEMW it;
        if (!buf)
            return NULL;
        buf[0] = 0;
        ZeroMemory(&it, sizeof it);
        it.iSubItem = col;
        it.pszText = buf;
        it.cchTextMax = cap;
        int n = (int)SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)row, (LPARAM)&it);
        if (n < cap - 1)
            return buf;
        free(buf);  /* it filled the buffer: it may have been cut, read again with more room */
    }
    return NULL;
}

static int column_count(HWND list)
{
    HWND header = (HWND)SendMessageW(list, LVM_GETHEADER, 0, 0);
    return header ? (int)SendMessageW(header, HDM_GETITEMCOUNT, 0, 0) : 0;
}

static void row_text(wtext *t, HINSTANCE hinst, HWND list, int row)
{
    int n = column_count(list);
    for (int c = 0; c < n && t->ok; c++) {
        WCHAR title[256] = L"";
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT;
        col.pszText = title;
        col.cchTextMax = (int)BF_COUNTOF(title);
        SendMessageW(list, LVM_GETCOLUMNW, (WPARAM)c, (LPARAM)&col);
        WCHAR *cell = read_cell(list, row, c);
        DWORD_PTR args[2] = {(DWORD_PTR)title, (DWORD_PTR)cell};
        if (!cell)
            t->ok = false;
        else
            put_format(t, hinst, IDS_PROPS_ROW, args, 2);
        put(t, L"\r\n");
        free(cell);
    }
}

size_t bfgui_list_row_finding(HWND list, int row, const bf_diagnosis *d)
{
    size_t found = SIZE_MAX;
    if (!d || column_count(list) < 3)
        return SIZE_MAX;
    WCHAR *id = read_cell(list, row, 1), *title = read_cell(list, row, 2);
    for (size_t i = 0; id && title && i < d->finding_count && found == SIZE_MAX; i++) {
        WCHAR *fid = bfgui_wide(d->findings[i].id), *ftitle = bfgui_wide(d->findings[i].title);
        if (fid && ftitle && wcscmp(fid, id) == 0 && wcscmp(ftitle, title) == 0)
            found = i;
        free(fid);
        free(ftitle);
    }
    free(id);
    free(title);
    return found;
}

/* ---- the dialog ------------------------------------------------------------------------------------ */

static void set_fonts(props_ctx *ctx)
{
    HFONT font = bfgui_create_ui_font(ctx->dpi);
    if (!font)
        return;     /* the dialog's own font stays */
    SendDlgItemMessageW(ctx->dlg, IDC_PROPS_LABEL, WM_SETFONT, (WPARAM)font, FALSE);
    SendDlgItemMessageW(ctx->dlg, IDC_PROPS_TEXT, WM_SETFONT, (WPARAM)font, FALSE);
    SendDlgItemMessageW(ctx->dlg, IDHELP, WM_SETFONT, (WPARAM)font, FALSE);
    SendDlgItemMessageW(ctx->dlg, IDCANCEL, WM_SETFONT, (WPARAM)font, FALSE);
    if (ctx->font)
        DeleteObject(ctx->font);
    ctx->font = font;
}

static int font_height(props_ctx *ctx)
{
    HDC dc = GetDC(ctx->dlg);
    TEXTMETRICW tm;
    int h = bfgui_scale(16, ctx->dpi);
    if (dc) {
        HGDIOBJ old = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : (HGDIOBJ)SendMessageW(ctx->dlg, WM_GETFONT, 0, 0));
        if (GetTextMetricsW(dc, &tm))
            h = tm.tmHeight + tm.tmExternalLeading;
        SelectObject(dc, old);
        ReleaseDC(ctx->dlg, dc);
    }
    return h;
}

/* label above the text, the text filling the rest, Help at the left and Close at the right below it;
 * every size from the font's height */
static void layout(props_ctx *ctx)
{
    RECT rc;
    GetClientRect(ctx->dlg, &rc);
    int h = font_height(ctx);
    int m = h / 2 + 2, btn_h = h + h / 2 + 4, btn_w = h * 5;
    int label_h = h + 2;
    int text_top = m + label_h + 2, text_bottom = rc.bottom - m - btn_h - m;
    HDWP dwp = BeginDeferWindowPos(4);
    if (!dwp)
        return;
    dwp = DeferWindowPos(dwp, GetDlgItem(ctx->dlg, IDC_PROPS_LABEL), NULL, m, m, rc.right - 2 * m, label_h,
                         SWP_NOZORDER | SWP_NOACTIVATE);
    if (dwp)
        dwp = DeferWindowPos(dwp, GetDlgItem(ctx->dlg, IDC_PROPS_TEXT), NULL, m, text_top, rc.right - 2 * m,
                             text_bottom > text_top ? text_bottom - text_top : 0, SWP_NOZORDER | SWP_NOACTIVATE);
    if (dwp)
        dwp = DeferWindowPos(dwp, GetDlgItem(ctx->dlg, IDHELP), NULL, m, rc.bottom - m - btn_h, btn_w, btn_h,
                             SWP_NOZORDER | SWP_NOACTIVATE);
    if (dwp)
        dwp = DeferWindowPos(dwp, GetDlgItem(ctx->dlg, IDCANCEL), NULL, rc.right - m - btn_w, rc.bottom - m - btn_h,
                             btn_w, btn_h, SWP_NOZORDER | SWP_NOACTIVATE);
    if (dwp)
        EndDeferWindowPos(dwp);
}

static INT_PTR OnPropsInit(HWND dlg, props_ctx *ctx)
{
    ctx->dlg = dlg;
    SetWindowLongPtrW(dlg, DWLP_USER, (LONG_PTR)ctx);
    ctx->dpi = bfgui_dpi_for_window(dlg);
    SetWindowTextW(dlg, ctx->caption);
    SetDlgItemTextW(dlg, IDC_PROPS_TEXT, ctx->text);
    set_fonts(ctx);
    /* room for a finding's paragraphs: about 90 characters by 28 lines of the font */
    int h = font_height(ctx);
    RECT r = {0, 0, h * 44, h * 28};
    AdjustWindowRectEx(&r, (DWORD)GetWindowLongPtrW(dlg, GWL_STYLE), FALSE, (DWORD)GetWindowLongPtrW(dlg, GWL_EXSTYLE));
    SetWindowPos(dlg, NULL, 0, 0, r.right - r.left, r.bottom - r.top, SWP_NOZORDER | SWP_NOMOVE | SWP_NOACTIVATE);
    layout(ctx);
    /* focus in the text, at its start (not all selected, as an edit given focus by the dialog would be) */
    HWND text = GetDlgItem(dlg, IDC_PROPS_TEXT);
    SetFocus(text);
    SendMessageW(text, EM_SETSEL, 0, 0);
    return FALSE;   /* the focus was placed */
}

static INT_PTR CALLBACK props_proc(HWND dlg, UINT msg, WPARAM wp, LPARAM lp)
{
    props_ctx *ctx = (props_ctx *)GetWindowLongPtrW(dlg, DWLP_USER);
    switch (msg) {
    case WM_INITDIALOG:
        return OnPropsInit(dlg, (props_ctx *)lp);
    case WM_SIZE:
        if (ctx)
            layout(ctx);
        return TRUE;
    case WM_DPICHANGED:
        if (ctx) {
            const RECT *r = (const RECT *)lp;
            ctx->dpi = HIWORD(wp);
            set_fonts(ctx);
            SetWindowPos(dlg, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                         SWP_NOZORDER | SWP_NOACTIVATE);
            layout(ctx);
        }
        return TRUE;
    case WM_COMMAND:
        switch (LOWORD(wp)) {
        case IDOK:      /* Enter in the read-only text: close, as a property page's OK would */
        case IDCANCEL:
            EndDialog(dlg, LOWORD(wp));
            return TRUE;
        case IDHELP:
            if (ctx)
                bfgui_help_open(ctx->hinst, dlg, BF_HELP_DLG_PROPS);
            return TRUE;
        default:
            return FALSE;
        }
    case WM_HELP:
        SendMessageW(dlg, WM_COMMAND, IDHELP, 0);
        return TRUE;
    case WM_DESTROY:
        if (ctx && ctx->font) {
            DeleteObject(ctx->font);
            ctx->font = NULL;
        }
        return FALSE;
    default:
        return FALSE;
    }
}

static void run(HINSTANCE hinst, HWND owner, WCHAR *caption, wtext *t)
{
    props_ctx ctx;
    ZeroMemory(&ctx, sizeof ctx);
    ctx.hinst = hinst;
    ctx.caption = caption;
    ctx.text = t->buf;
    if (caption && t->ok && t->buf)
        DialogBoxParamW(hinst, MAKEINTRESOURCEW(IDD_PROPS), owner, props_proc, (LPARAM)&ctx);
    else
        MessageBeep(MB_ICONERROR);
    free(caption);
    free(t->buf);
}

void bfgui_props_finding(HINSTANCE hinst, HWND owner, const bf_diagnosis *d, size_t finding)
{
    wtext t = {NULL, 0, 0, true};
    if (!d || finding >= d->finding_count)
        return;
    finding_text(&t, hinst, d, finding);
    WCHAR *id = bfgui_wide(d->findings[finding].id);
    DWORD_PTR args[1] = {(DWORD_PTR)id};
    run(hinst, owner, id ? bfgui_format(hinst, IDS_PROPS_CAPTION, args, 1) : NULL, &t);
    free(id);
}

bool bfgui_props_row(HINSTANCE hinst, HWND owner, HWND list, const bf_diagnosis *d)
{
    int row = (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
    if (row < 0)
        row = (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED);
    if (row < 0 || column_count(list) < 1)
        return false;
    size_t f = bfgui_list_row_finding(list, row, d);
    if (f != SIZE_MAX) {
        bfgui_props_finding(hinst, owner, d, f);
        return true;
    }
    wtext t = {NULL, 0, 0, true};
    row_text(&t, hinst, list, row);
    WCHAR *first = read_cell(list, row, 0);
    DWORD_PTR args[1] = {(DWORD_PTR)first};
    run(hinst, owner, first ? bfgui_format(hinst, IDS_PROPS_ROW_CAPTION, args, 1) : NULL, &t);
    free(first);
    return true;
}
