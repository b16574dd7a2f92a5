/*
 * resultview.c - what the list pages (every scope node but the overview: page_computer.c,
 * page_adapters.c, ...) have in common: the result pane's report list, refilled with the page's columns
 * and rows when the page is shown, with the same words as the overview (string table), sortable by any
 * column, its column widths remembered per node, and copied to the clipboard as tab-separated text.
 *
 * Text from the machine (names, messages, hosts lines) can hold anything: it is shown through
 * bfgui_wide, which keeps it as data, never as markup.
 */
#include "page.h"

#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ---- rows ----------------------------------------------------------------------------------------- */

void bf_rows_put_owned(bf_rows *b, int col, WCHAR *text, int image)
{
    if (!text) {
        b->ok = false;
        return;
    }
    if (col == 0) {
        const WCHAR *cells[1] = {text};
        b->row = bfgui_list_add(b->list, image, cells, 1, 0);
        if (b->row < 0)
            b->ok = false;
    } else if (b->row >= 0) {
        bfgui_list_set(b->list, b->row, col, text);
    }
    free(text);
}

void bf_rows_put_utf8(bf_rows *b, int col, const char *s, int image)
{
    bf_rows_put_owned(b, col, bfgui_wide(s ? s : ""), image);
}

void bf_rows_put_int(bf_rows *b, int col, long long v, bool known)
{
    WCHAR buf[32];
    if (known)
        _snwprintf(buf, BF_COUNTOF(buf), L"%lld", v);
    else
        wcscpy(buf, L"");
    buf[BF_COUNTOF(buf) - 1] = 0;
    bf_rows_put_owned(b, col, _wcsdup(buf), -1);
}

void bf_rows_put_string(bf_rows *b, int col, UINT id, int image)
{
    bf_rows_put_owned(b, col, bfgui_load_string(b->hinst, id), image);
}

void bf_rows_put_format(bf_rows *b, int col, UINT id, const DWORD_PTR *args, size_t n)
{
    bf_rows_put_owned(b, col, bfgui_format(b->hinst, id, args, n), -1);
}

void bf_rows_put_joined(bf_rows *b, int col, char *const *items, size_t n)
{
    bf_buf j;
    bf_buf_init(&j);
    for (size_t i = 0; i < n; i++)
        bf_buf_printf(&j, "%s%s", i ? ", " : "", items[i]);
    bf_rows_put_utf8(b, col, bf_buf_cstr(&j), -1);
    bf_buf_free(&j);
}

void bf_rows_put_section_status(bf_rows *b, int col, bf_section_status st, const char *problem)
{
    WCHAR *p = bfgui_wide(problem ? problem : "");
    DWORD_PTR args[1] = {(DWORD_PTR)(p ? p : L"")};
    bf_rows_put_owned(b, col, bfgui_format(b->hinst, IDS_SECTION_BASE + st, args, 1), -1);
    free(p);
}

/* ---- the list page -------------------------------------------------------------------------------- */

typedef struct list_page {
    bf_page_host *host;
    const bf_list_page_def *def;
    bool shown;
    int sort_column;        /* -1: as collected */
    bool sort_ascending;
    void *state;            /* bf_list_page_set_state: handed to the fill in bf_rows.state */
} list_page;

void *bf_list_page_create(bf_page_host *host, const bf_list_page_def *def)
{
    list_page *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = host;
    p->def = def;
    p->sort_column = -1;
    p->sort_ascending = true;
    return p;
}

void bf_list_page_set_state(void *page, void *state)
{
    ((list_page *)page)->state = state;
}

void bf_list_page_destroy(void *page)
{
    free(page);
}

int bf_list_page_windows(void *page, HWND *out, int max)
{
    list_page *p = page;
    if (max < 2)
        return 0;
    out[0] = p->host->result_label;
    out[1] = p->host->result_list;
    return 2;
}

/* Replaces the list's columns and rows with the page's (widths: remembered ones, 0 for natural);
 * *rows: the number of rows. false on OOM. */
static bool fill_list(list_page *p, const int *widths, size_t *rows)
{
    const bf_page_host *h = p->host;
    HWND list = h->result_list;
    *rows = 0;
    SendMessageW(list, WM_SETREDRAW, FALSE, 0);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    while (SendMessageW(list, LVM_DELETECOLUMN, 0, 0))
        ;
    int ncol = p->def->column_count;
    bool ok = true;
    for (int c = 0; c < ncol; c++) {
        WCHAR *title = bfgui_load_string(h->hinst, p->def->column_base + (UINT)c);
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT | LVCF_SUBITEM | LVCF_WIDTH;
        col.pszText = title ? title : L"";
        col.iSubItem = c;
        col.cx = widths && widths[c] > 0 ? widths[c] : 100;
        if (SendMessageW(list, LVM_INSERTCOLUMNW, (WPARAM)c, (LPARAM)&col) < 0)
            ok = false;
        free(title);
    }
    bf_rows b = {h->hinst, list, -1, true, p->state};
    if (h->data.snap)
        p->def->fill(&b, &h->data);
    /* columns the administrator has not sized get their natural width (header and every cell) */
    for (int c = 0; c < ncol; c++)
        if (!widths || widths[c] <= 0)
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, LVSCW_AUTOSIZE_USEHEADER);
    /* the first column's rows may be indented (the findings' causes and effects): the list's own sizing
     * leaves the indent out, so it is added, one image width a step */
    if (!widths || widths[0] <= 0) {
        int deepest = 0, n = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
        for (int r = 0; r < n; r++) {
            int in = bfgui_list_indent(list, r);
            if (in > deepest)
                deepest = in;
        }
        if (deepest) {
            int w0 = (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, 0, 0);
            SendMessageW(list, LVM_SETCOLUMNWIDTH, 0, w0 + deepest * h->icon_cx);
        }
    }
    SendMessageW(list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(list, NULL, TRUE);
    *rows = (size_t)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
    return ok && b.ok;
}

/* The page's columns at their remembered widths (HKCU, at 96 DPI), its rows, its sort order, and the
 * caption "Name (rows)" above. */
static void fill(list_page *p)
{
    bf_page_host *h = p->host;
    int w96[BF_RESULT_MAX_COLUMNS] = {0}, widths[BF_RESULT_MAX_COLUMNS] = {0};
    int saved = bfgui_settings_get_columns(p->def->node, w96, BF_RESULT_MAX_COLUMNS);
    for (int c = 0; c < saved; c++)
        widths[c] = w96[c] ? MulDiv(w96[c], (int)h->dpi, 96) : 0;
    size_t rows = 0;
    if (!fill_list(p, saved ? widths : NULL, &rows))
        h->error(h, IDS_ERR_NO_MEMORY);
    if (p->sort_column >= 0)
        bfgui_list_sort(h->result_list, p->sort_column, p->sort_ascending);
    WCHAR *name = bfgui_load_string(h->hinst, IDS_NODE_BASE + p->def->node);
    DWORD_PTR args[2] = {(DWORD_PTR)(name ? name : L""), (DWORD_PTR)rows};
    WCHAR *caption = bfgui_format(h->hinst, IDS_RESULT_CAPTION, args, 2);
    SetWindowTextW(h->result_label, caption ? caption : L"");
    SetWindowTextW(h->result_list, name ? name : L"");    /* its accessible name */
    free(caption);
    free(name);
}

/* the widths of the columns, at 96 DPI, remembered per node */
static void remember_columns(list_page *p)
{
    const bf_page_host *h = p->host;
    int n = p->def->column_count, w96[BF_RESULT_MAX_COLUMNS];
    for (int c = 0; c < n && c < BF_RESULT_MAX_COLUMNS; c++)
        w96[c] = MulDiv((int)SendMessageW(h->result_list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0), 96, (int)h->dpi);
    bfgui_settings_put_columns(p->def->node, w96, n);
}

void bf_list_page_show(void *page, bool shown)
{
    list_page *p = page;
    if (shown) {
        p->shown = true;
        fill(p);
    } else if (p->shown) {
        remember_columns(p);
        p->shown = false;
    }
}

void bf_list_page_layout(void *page, RECT area)
{
    const bf_page_host *h = ((list_page *)page)->host;
    SetWindowPos(h->result_label, NULL, area.left, area.top, area.right - area.left, h->label_h,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(h->result_list, NULL, area.left, area.top + h->label_h, area.right - area.left,
                 area.bottom - area.top - h->label_h, SWP_NOZORDER | SWP_NOACTIVATE);
}

bool bf_list_page_refresh(void *page, bf_page_change change, int part)
{
    (void)change;
    (void)part;
    list_page *p = page;
    if (p->shown)
        fill(p);    /* a page not shown is filled when it is */
    return false;
}

bool bf_list_page_font_changed(void *page, int part)
{
    (void)page;     /* the result pane is the frame's: it takes the font there */
    (void)part;
    return false;
}

HWND bf_list_page_list(void *page, HWND focus)
{
    (void)focus;
    return ((list_page *)page)->host->result_list;
}

bool bf_list_page_notify(void *page, NMHDR *nm, LRESULT *result)
{
    list_page *p = page;
    if (!p->shown || nm->hwndFrom != p->host->result_list || nm->code != LVN_COLUMNCLICK)
        return false;
    NMLISTVIEW *lv = (NMLISTVIEW *)nm;
    p->sort_ascending = p->sort_column == lv->iSubItem ? !p->sort_ascending : true;
    p->sort_column = lv->iSubItem;
    bfgui_list_sort(p->host->result_list, lv->iSubItem, p->sort_ascending);
    *result = 0;
    return true;
}

/* ---- sorting and copying --------------------------------------------------------------------------- */

static WCHAR *cell_text(HWND list, int row, int col)
{
    size_t cap = 256;
    for (;;) {
        WCHAR *buf = malloc(cap * sizeof(WCHAR));
        if (!buf)
            return NULL;
        LVITEMW item;
        ZeroMemory(&item, sizeof item);
        item.iSubItem = col;
        item.pszText = buf;
        item.cchTextMax = (int)cap;
        int n = (int)SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)row, (LPARAM)&item);
        if ((size_t)n + 1 < cap)
            return buf;
        free(buf);
        if (cap >= 65536)
            return NULL;
        cap *= 4;
    }
}

typedef struct sort_ctx {
    WCHAR **texts;      /* by item lParam: the text of the sort column */
    bool ascending;
} sort_ctx;

static bool as_number(const WCHAR *s, double *v)
{
    WCHAR *end;
    if (!*s)
        return false;
    *v = wcstod(s, &end);
    return *end == L'\0';
}

static int CALLBACK compare_rows(LPARAM a, LPARAM b, LPARAM param)
{
    const sort_ctx *sc = (const sort_ctx *)param;
    const WCHAR *x = sc->texts[a] ? sc->texts[a] : L"", *y = sc->texts[b] ? sc->texts[b] : L"";
    int r;
    double vx, vy;
    if (as_number(x, &vx) && as_number(y, &vy))
        r = vx < vy ? -1 : vx > vy ? 1 : 0;
    else
        r = CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, x, -1, y, -1) - CSTR_EQUAL;
    if (r == 0)
        r = a < b ? -1 : a > b ? 1 : 0;   /* equals keep their order */
    return sc->ascending ? r : -r;
}

void bfgui_list_sort(HWND list, int column, bool ascending)
{
    /* Each row gets its position as lParam and the texts are read first: the comparison then needs
     * no message to the list (whose item indexes move while it sorts). */
    int n = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
    sort_ctx sc = {calloc(n > 0 ? (size_t)n : 1, sizeof(WCHAR *)), ascending};
    if (!sc.texts)
        return;
    for (int i = 0; i < n; i++) {
        bfgui_list_set_param(list, i, i);
        sc.texts[i] = cell_text(list, i, column);
    }
    SendMessageW(list, LVM_SORTITEMS, (WPARAM)&sc, (LPARAM)compare_rows);
    for (int i = 0; i < n; i++)
        free(sc.texts[i]);
    free(sc.texts);
    HWND header = (HWND)SendMessageW(list, LVM_GETHEADER, 0, 0);
    int cols = header ? (int)SendMessageW(header, HDM_GETITEMCOUNT, 0, 0) : 0;
    for (int c = 0; c < cols; c++) {
        HDITEMW hd;
        ZeroMemory(&hd, sizeof hd);
        hd.mask = HDI_FORMAT;
        SendMessageW(header, HDM_GETITEMW, (WPARAM)c, (LPARAM)&hd);
        hd.fmt &= ~(HDF_SORTUP | HDF_SORTDOWN);
        if (c == column)
            hd.fmt |= ascending ? HDF_SORTUP : HDF_SORTDOWN;
        SendMessageW(header, HDM_SETITEMW, (WPARAM)c, (LPARAM)&hd);
    }
}

static bool append_as(WCHAR **buf, size_t *len, size_t *cap, const WCHAR *s, bool raw)
{
    size_t n = wcslen(s);
    if (*len + n + 1 > *cap) {
        size_t ncap = (*cap ? *cap : 256);
        while (*len + n + 1 > ncap)
            ncap *= 2;
        WCHAR *nb = realloc(*buf, ncap * sizeof(WCHAR));
        if (!nb)
            return false;
        *buf = nb;
        *cap = ncap;
    }
    /* a tab or line break inside a cell would break the table: they become spaces */
    for (size_t i = 0; i < n; i++)
        (*buf)[(*len)++] = (!raw && (s[i] == L'\t' || s[i] == L'\r' || s[i] == L'\n')) ? L' ' : s[i];
    (*buf)[*len] = 0;
    return true;
}

static bool append(WCHAR **buf, size_t *len, size_t *cap, const WCHAR *cell)
{
    return append_as(buf, len, cap, cell, false);
}

static bool append_sep(WCHAR **buf, size_t *len, size_t *cap, const WCHAR *sep)
{
    return append_as(buf, len, cap, sep, true);
}

WCHAR *bfgui_list_text(HWND list, bool selected_only, int *count)
{
    WCHAR *buf = NULL;
    size_t len = 0, cap = 0;
    HWND header = (HWND)SendMessageW(list, LVM_GETHEADER, 0, 0);
    int ncol = header ? (int)SendMessageW(header, HDM_GETITEMCOUNT, 0, 0) : 0;
    bool ok = append(&buf, &len, &cap, L"");
    *count = 0;
    for (int c = 0; c < ncol && ok; c++) {
        WCHAR title[256] = L"";
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT;
        col.pszText = title;
        col.cchTextMax = (int)BF_COUNTOF(title);
        SendMessageW(list, LVM_GETCOLUMNW, (WPARAM)c, (LPARAM)&col);
        ok = append_sep(&buf, &len, &cap, c ? L"\t" : L"") && append(&buf, &len, &cap, title);
    }
    ok = ok && append_sep(&buf, &len, &cap, L"\r\n");
    int row = -1;
    while (ok) {
        row = (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)row, selected_only ? LVNI_SELECTED : LVNI_ALL);
        if (row < 0)
            break;
        for (int c = 0; c < ncol && ok; c++) {
            WCHAR *cell = cell_text(list, row, c);
            ok = cell && append_sep(&buf, &len, &cap, c ? L"\t" : L"") && append(&buf, &len, &cap, cell);
            free(cell);
        }
        ok = ok && append_sep(&buf, &len, &cap, L"\r\n");
        (*count)++;
    }
    if (!ok) {
        free(buf);
        return NULL;
    }
    return buf;
}

bool bfgui_clipboard_put(HWND owner, const WCHAR *text)
{
    size_t bytes = (wcslen(text) + 1) * sizeof(WCHAR);
    HGLOBAL mem = GlobalAlloc(GMEM_MOVEABLE, bytes);
    if (!mem)
        return false;
    void *p = GlobalLock(mem);
    if (!p) {
        GlobalFree(mem);
        return false;
    }
    memcpy(p, text, bytes);
    GlobalUnlock(mem);
    if (!OpenClipboard(owner)) {
        GlobalFree(mem);
        return false;
    }
    EmptyClipboard();
    bool ok = SetClipboardData(CF_UNICODETEXT, mem) != NULL;
    CloseClipboard();
    if (!ok)
        GlobalFree(mem);
    return ok;
}
