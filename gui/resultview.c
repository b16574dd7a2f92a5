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

bool bf_rows_skipping(bf_rows *b, int col)
{
    if (col == 0) {
        b->seen++;
        b->passing = b->seen <= b->skip;
        if (!b->passing && b->seen > b->skip + b->limit) {
            b->passing = true;     /* for the next part */
            b->more = true;
        }
    }
    return b->passing;
}

size_t bf_rows_resume(bf_rows *b)
{
    b->seen = b->skip;
    return b->skip;
}

bool bf_rows_done(const bf_rows *b)
{
    return b->more;
}

void bf_rows_put_owned(bf_rows *b, int col, WCHAR *text, int image)
{
    if (bf_rows_skipping(b, col)) {
        free(text);
        return;
    }
    if (!text) {
        b->ok = false;
        return;
    }
    if (col == 0) {
        const WCHAR *cells[1] = {text};
        b->row = bfgui_table_add(b->table, image, cells, 1, 0);
        if (b->row < 0)
            b->ok = false;
    } else if (b->row >= 0 && !bfgui_table_set(b->table, (size_t)b->row, col, text)) {
        b->ok = false;
    }
    free(text);
}

void bf_rows_put_model(bf_rows *b, int col, const char *s, int image)
{
    if (bf_rows_skipping(b, col))
        return;
    if (col == 0) {
        b->row = bfgui_table_add(b->table, image, NULL, 0, 0);
        if (b->row < 0) {
            b->ok = false;
            return;
        }
    }
    if (b->row >= 0)
        bfgui_table_set_utf8(b->table, (size_t)b->row, col, s);
}

void bf_rows_set_image(bf_rows *b, int image)
{
    if (b->row >= 0 && !b->passing)
        bfgui_table_set_image(b->table, (size_t)b->row, image);
}

void bf_rows_set_depth(bf_rows *b, int depth)
{
    if (b->row >= 0 && !b->passing)
        bfgui_table_set_depth(b->table, (size_t)b->row, depth);
}

/* The put functions below ask first whether the row is passed over (bf_rows_skipping), then make the
 * cell and hand it to bf_rows_put_owned, which must not count the row again. */
static void put_made(bf_rows *b, int col, WCHAR *text, int image)
{
    size_t seen = b->seen;
    bool passing = b->passing;
    if (col == 0)
        b->seen--;      /* bf_rows_put_owned counts the row (it was counted when asked) */
    bf_rows_put_owned(b, col, text, image);
    b->seen = seen;
    b->passing = passing;
}

void bf_rows_put_utf8(bf_rows *b, int col, const char *s, int image)
{
    if (!bf_rows_skipping(b, col))
        put_made(b, col, bfgui_wide(s ? s : ""), image);
}

void bf_rows_put_shared(bf_rows *b, int col, const WCHAR *s, int image)
{
    if (bf_rows_skipping(b, col))
        return;
    if (col == 0) {
        b->row = bfgui_table_add(b->table, image, NULL, 0, 0);
        if (b->row < 0)
            b->ok = false;
    }
    if (b->row >= 0)
        bfgui_table_set_shared(b->table, (size_t)b->row, col, s);
}

void bf_rows_put_int(bf_rows *b, int col, long long v, bool known)
{
    if (bf_rows_skipping(b, col))
        return;
    WCHAR buf[32];
    if (known)
        _snwprintf(buf, BF_COUNTOF(buf), L"%lld", v);
    else
        wcscpy(buf, L"");
    buf[BF_COUNTOF(buf) - 1] = 0;
    put_made(b, col, _wcsdup(buf), -1);
}

void bf_rows_put_string(bf_rows *b, int col, UINT id, int image)
{
    if (!bf_rows_skipping(b, col))
        put_made(b, col, bfgui_load_string(b->hinst, id), image);
}

void bf_rows_put_format(bf_rows *b, int col, UINT id, const DWORD_PTR *args, size_t n)
{
    if (!bf_rows_skipping(b, col))
        put_made(b, col, bfgui_format(b->hinst, id, args, n), -1);
}

void bf_rows_put_joined(bf_rows *b, int col, char *const *items, size_t n)
{
    if (bf_rows_skipping(b, col))
        return;
    bf_buf j;
    bf_buf_init(&j);
    for (size_t i = 0; i < n; i++)
        bf_buf_printf(&j, "%s%s", i ? ", " : "", items[i]);
    put_made(b, col, bfgui_wide(bf_buf_cstr(&j)), -1);
    bf_buf_free(&j);
}

void bf_rows_put_section_status(bf_rows *b, int col, bf_section_status st, const char *problem)
{
    if (bf_rows_skipping(b, col))
        return;
    WCHAR *p = bfgui_wide(problem ? problem : "");
    DWORD_PTR args[1] = {(DWORD_PTR)(p ? p : L"")};
    put_made(b, col, bfgui_format(b->hinst, IDS_SECTION_BASE + st, args, 1), -1);
    free(p);
}

/* ---- the list page -------------------------------------------------------------------------------- */

typedef struct list_page {
    bf_page_host *host;
    const bf_list_page_def *def;
    bfgui_table *table;     /* the page's rows; the shared result list draws them while the page is shown */
    bool shown;
    bool filled;            /* the table holds the data shown (filled when the page is first shown) */
    bool filling;           /* more parts of the rows to make, one posted message each */
    bool made;              /* no allocation failed while making them */
    int natural[BF_RESULT_MAX_COLUMNS]; /* the columns' natural widths over the rows measured so far */
    size_t measured;        /* rows of the table measured into natural (a part is measured once) */
    int sort_column;        /* -1: as collected */
    bool sort_ascending;
    void *state;            /* bf_list_page_set_state: handed to the fill in bf_rows.state */
    /* live mode (host->mark_changes): the rows new or different since this page last showed its list
     * whole are marked, the rows gone counted (rowmarks.c; the overview's lists mark the same way) */
    bfgui_marks marks;
} list_page;

void *bf_list_page_create(bf_page_host *host, const bf_list_page_def *def)
{
    list_page *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = host;
    p->def = def;
    p->table = bfgui_table_create(def->column_count);
    if (!p->table) {
        free(p);
        return NULL;
    }
    p->sort_column = -1;
    p->sort_ascending = true;
    bfgui_marks_init(&p->marks, host->hinst, p->table, 0);     /* a row is named by its first cell... */
    return p;
}

void bf_list_page_set_state(void *page, void *state)
{
    ((list_page *)page)->state = state;
}

void bf_list_page_set_keys(void *page, unsigned key_columns)
{
    ((list_page *)page)->marks.key_columns = key_columns;  /* ...unless the page names it by more */
}

void *bf_list_page_state(void *page)
{
    return ((list_page *)page)->state;
}

void bf_list_page_destroy(void *page)
{
    list_page *p = page;
    bfgui_table_destroy(p->table);
    bfgui_marks_free(&p->marks);
    free(p);
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

/* Shows a failure of step (IDS_STEP_*) on the page's list, with its Win32 error. */
static void report(list_page *p, UINT step, DWORD error)
{
    const bf_page_host *h = p->host;
    WCHAR *name = bfgui_load_string(h->hinst, IDS_NODE_BASE + p->def->node);
    WCHAR *text = bfgui_failure_text(h->hinst, step, name, error);
    if (text)
        p->host->error_text(p->host, text);
    else
        p->host->error(p->host, IDS_ERR_NO_MEMORY);
    free(text);
    free(name);
}

/* Rows made per posted message: 100,000 event rows in one took 0.3-2 s on a loaded machine, in which
 * the window did not answer; parts of 10,000 still gave gaps of 100-250 ms at 400,000 events on a loaded
 * machine (bench-console), and a part's fixed cost (the index, the count) is small. */
#define ROWS_PER_PART 4000

/* The rows made since the last measure, measured into p->natural (the list holds the page's columns). */
static void measure_new_rows(list_page *p)
{
    const bf_page_host *h = p->host;
    int ncol = p->def->column_count < BF_RESULT_MAX_COLUMNS ? p->def->column_count : BF_RESULT_MAX_COLUMNS;
    bool had = p->measured > 0;
    bfgui_table_measure_from(p->table, h->result_list, ncol, h->icon_cx, h->dpi, p->measured, p->natural);
    p->measured = bfgui_table_count(p->table);
    if (!had)
        bfgui_marks_widen(&p->marks, h->result_list, p->natural, ncol);
}

/* Live mode, before new data replaces the rows: the rows shown now, if they are the whole list, become
 * what the next rows are compared with. A page not shown since keeps the rows it last showed whole
 * (its rows are made only when shown): its marks then say "since this view was last shown". */
static void remember_rows(list_page *p)
{
    if (!p->host->mark_changes)
        bfgui_marks_off(&p->marks);
    else if (p->filled && !p->filling)
        bfgui_marks_remember(&p->marks, p->table);
}

/* the rows from first on marked changed, in live mode */
static void mark_new_rows(list_page *p, size_t first)
{
    if (p->host->mark_changes)
        bfgui_marks_new_rows(&p->marks, p->table, first);
}

/* the whole list made: the removed rows, or the latest change's marks again (rowmarks.c) */
static void finish_marks(list_page *p)
{
    if (p->host->mark_changes)
        bfgui_marks_finish(&p->marks, p->table);
}

/* The shown page tells the frame how many of its rows are marked (its status bar). */
static void tell_changed(list_page *p)
{
    bf_page_host *h = p->host;
    bool marking = h->mark_changes && p->marks.have_prev;
    if (p->shown && h->changed)
        h->changed(h, p->def->node, marking ? p->marks.changed : SIZE_MAX, marking ? p->marks.removed : 0,
                   p->marks.removed_names);
}

/* The next part of the page's rows into its table; another posted when rows are left. */
static void fill_part(list_page *p)
{
    bf_page_host *h = p->host;
    size_t first = bfgui_table_count(p->table);
    bf_rows b = {h->hinst, p->table, -1, true, p->state, first, ROWS_PER_PART, 0, false, false};
    if (h->data.snap || p->def->own_data)
        p->def->fill(&b, &h->data);
    mark_new_rows(p, first);
    if (!(b.more && b.ok))
        finish_marks(p);    /* before measuring: the marks widen the first column */
    measure_new_rows(p);
    p->made = p->made && b.ok;
    bool was = p->filling;
    p->filling = b.more && b.ok;
    if (p->filling)
        PostMessageW(h->frame, WM_BF_PAGE_STEP, 0, (LPARAM)p->def->node);
    if (p->filling != was)
        h->busy(h, p->def->node, p->filling);   /* a test reads the rows once they are all made */
}

/* Replaces the list's columns with the page's (widths: remembered ones, 0 for natural) and shows the
 * page's table in it, made again from the data when it is not current. */
static void fill_list(list_page *p, const int *widths)
{
    const bf_page_host *h = p->host;
    HWND list = h->result_list;
    SendMessageW(list, WM_SETREDRAW, FALSE, 0);
    bfgui_table_detach(list);
    SendMessageW(list, LVM_SETITEMCOUNT, 0, 0);
    while (SendMessageW(list, LVM_DELETECOLUMN, 0, 0))
        ;
    int ncol = p->def->column_count;
    DWORD columns_error = ERROR_SUCCESS;
    for (int c = 0; c < ncol; c++) {
        WCHAR *title = bfgui_load_string(h->hinst, p->def->column_base + (UINT)c);
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT | LVCF_SUBITEM | LVCF_WIDTH;
        col.pszText = title ? title : L"";
        col.iSubItem = c;
        col.cx = widths && widths[c] > 0 ? widths[c] : 100;
        SetLastError(ERROR_SUCCESS);
        if (SendMessageW(list, LVM_INSERTCOLUMNW, (WPARAM)c, (LPARAM)&col) < 0 && !columns_error)
            columns_error = GetLastError() ? GetLastError() : ERROR_INVALID_PARAMETER;
        free(title);
    }
    if (!p->filled) {
        bfgui_table_clear(p->table);
        p->marks.changed = 0;
        p->filled = true;
        p->made = true;
        p->filling = false;
        p->measured = 0;
        fill_part(p);
    } else if (p->measured == 0) {
        measure_new_rows(p);    /* a table made while the list held other columns (a font change) */
    }
    bool made = p->made;
    DWORD index_error = bfgui_table_index(p->table, p->sort_column, p->sort_ascending);
    DWORD show_error = bfgui_table_attach(p->table, list);
    /* columns the administrator has not sized get their natural width (header and the longest cells,
     * the first column with its image and indent), measured part by part as the rows were made */
    for (int c = 0; c < ncol && c < BF_RESULT_MAX_COLUMNS; c++)
        if (!widths || widths[c] <= 0)
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, p->natural[c]);
    SendMessageW(list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(list, NULL, TRUE);
    if (p->sort_column >= 0)
        bfgui_list_sort_arrow(list, p->sort_column, p->sort_ascending);
    if (columns_error)
        report(p, IDS_STEP_SHOW, columns_error);
    else if (!made)
        report(p, IDS_STEP_FILL, ERROR_NOT_ENOUGH_MEMORY);    /* only an allocation fails a fill now */
    else if (index_error)
        report(p, IDS_STEP_SORT, index_error);
    else if (show_error)
        report(p, IDS_STEP_SHOW, show_error);
}

/* The caption above the list: "Name (rows)". */
static void caption(list_page *p)
{
    bf_page_host *h = p->host;
    WCHAR *name = bfgui_load_string(h->hinst, IDS_NODE_BASE + p->def->node);
    const bfgui_marks *m = &p->marks;
    DWORD_PTR args[5] = {(DWORD_PTR)(name ? name : L""), (DWORD_PTR)bfgui_table_shown(p->table), (DWORD_PTR)m->changed,
                         (DWORD_PTR)m->removed, (DWORD_PTR)(m->removed_names ? m->removed_names : L"")};
    bool marking = h->mark_changes && m->have_prev;
    /* in live mode with what the latest change marked, and the rows it removed by name (they are gone
     * from the list: the caption and the status bar are where they are reported) */
    UINT id = !marking ? IDS_RESULT_CAPTION : m->removed ? IDS_RESULT_CAPTION_REMOVED : IDS_RESULT_CAPTION_CHANGED;
    WCHAR *text = bfgui_format(h->hinst, id, args, !marking ? 2 : m->removed ? 5 : 3);
    SetWindowTextW(h->result_label, text ? text : L"");
    free(text);
    free(name);
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
    WCHAR *name = bfgui_load_string(h->hinst, IDS_NODE_BASE + p->def->node);
    SetWindowTextW(h->result_list, name ? name : L"");    /* its accessible name */
    fill_list(p, saved ? widths : NULL);
    free(name);
    caption(p);
    tell_changed(p);
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

static void stop_filling(list_page *p)
{
    if (!p->filling)
        return;
    /* the rows made so far are not the whole list: made again from the start when next shown */
    p->filling = false;
    p->filled = false;
    bfgui_table_clear(p->table);
    p->host->busy(p->host, p->def->node, false);
}

void bf_list_page_step(void *page, WPARAM wp)
{
    (void)wp;
    list_page *p = page;
    if (!p->filling || !p->shown)
        return;
    fill_part(p);
    /* the list shows the rows made so far, in the page's order; the caption counts them. Only what the
     * part changed is done here (the index, the count, the widths of columns not sized by hand): the
     * columns made again and every row measured again for each part of 400,000 events kept the window
     * from answering for 250 ms at a time (bench-console, issue 25). */
    HWND list = p->host->result_list;
    DWORD index_error = bfgui_table_index(p->table, p->sort_column, p->sort_ascending);
    DWORD show_error = index_error ? ERROR_SUCCESS : bfgui_table_attach(p->table, list);
    int w96[BF_RESULT_MAX_COLUMNS] = {0};
    int saved = bfgui_settings_get_columns(p->def->node, w96, BF_RESULT_MAX_COLUMNS);
    for (int c = 0; c < p->def->column_count && c < BF_RESULT_MAX_COLUMNS; c++)
        if (c >= saved || w96[c] <= 0)
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, p->natural[c]);
    caption(p);
    tell_changed(p);
    if (!p->made)
        report(p, IDS_STEP_FILL, ERROR_NOT_ENOUGH_MEMORY);
    else if (index_error)
        report(p, IDS_STEP_SORT, index_error);
    else if (show_error)
        report(p, IDS_STEP_SHOW, show_error);
}

void bf_list_page_show(void *page, bool shown)
{
    list_page *p = page;
    if (shown) {
        p->shown = true;
        fill(p);
    } else if (p->shown) {
        stop_filling(p);
        remember_columns(p);
        /* the shared list stops drawing from this page's table */
        bfgui_table_detach(p->host->result_list);
        SendMessageW(p->host->result_list, LVM_SETITEMCOUNT, 0, 0);
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
    (void)part;
    list_page *p = page;
    if (change == BF_PAGE_NEW_DATA || change == BF_PAGE_NEW_SOURCE) {
        /* the rows are made again from the new data when the page is next shown (a page never shown
         * costs nothing); the old rows go now: they may name data that is gone */
        if (change == BF_PAGE_NEW_DATA)
            remember_rows(p);
        stop_filling(p);
        p->filled = false;
        bfgui_table_clear(p->table);
    }
    if (p->shown)
        fill(p);
    return false;
}

bool bf_list_page_font_changed(void *page, int part)
{
    /* the result pane is the frame's: it takes the font there; the rows are measured again in it */
    ((list_page *)page)->measured = 0;
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
    if (!p->shown || nm->hwndFrom != p->host->result_list)
        return false;
    if (nm->code == NM_CUSTOMDRAW) {
        /* changed rows (live mode) in the list's font made bold */
        *result = bfgui_marks_custom_draw(&p->marks, p->table, (NMLVCUSTOMDRAW *)nm, p->host->font);
        return true;
    }
    if (nm->code == LVN_GETDISPINFOW) {
        bfgui_table_dispinfo(p->table, (NMLVDISPINFOW *)nm);
        *result = 0;
        return true;
    }
    if (nm->code != LVN_COLUMNCLICK)
        return false;
    NMLISTVIEW *lv = (NMLISTVIEW *)nm;
    p->sort_ascending = p->sort_column == lv->iSubItem ? !p->sort_ascending : true;
    p->sort_column = lv->iSubItem;
    DWORD e = bfgui_list_sort(p->host->result_list, lv->iSubItem, p->sort_ascending);
    if (e) {
        p->sort_column = bfgui_table_sort_column(p->table, NULL);  /* -1: shown unsorted, as the list is */
        report(p, IDS_STEP_SORT, e);
    }
    *result = 0;
    return true;
}

/* ---- sorting and copying --------------------------------------------------------------------------- */

void bfgui_list_sort_arrow(HWND list, int column, bool ascending)
{
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

DWORD bfgui_list_sort(HWND list, int column, bool ascending)
{
    /* The list is virtual: its table's index is sorted, nothing in the list moves but the selection,
     * which follows the focused row to its new place. */
    bfgui_table *t = bfgui_table_of(list);
    if (!t)
        return ERROR_INVALID_WINDOW_HANDLE;
    int focused = (int)SendMessageW(list, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
    size_t row = focused >= 0 ? bfgui_table_row_at(t, (size_t)focused) : (size_t)-1;
    DWORD e = bfgui_table_index(t, column, ascending);
    if (e) {
        /* the rows are shown as added, unsorted: drawn again so, with no arrow claiming an order */
        InvalidateRect(list, NULL, TRUE);
        bfgui_list_sort_arrow(list, -1, true);
        return e;
    }
    LVITEMW st;
    ZeroMemory(&st, sizeof st);
    st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
    SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)-1, (LPARAM)&st);
    long pos = row != (size_t)-1 ? bfgui_table_pos_of(t, row) : -1;
    if (pos >= 0) {
        st.state = LVIS_SELECTED | LVIS_FOCUSED;
        SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)pos, (LPARAM)&st);
        SendMessageW(list, LVM_ENSUREVISIBLE, (WPARAM)pos, FALSE);
    }
    InvalidateRect(list, NULL, TRUE);
    bfgui_list_sort_arrow(list, column, ascending);
    return ERROR_SUCCESS;
}

DWORD bfgui_clipboard_put(HWND owner, const WCHAR *text)
{
    size_t bytes = (wcslen(text) + 1) * sizeof(WCHAR);
    DWORD e;
    HGLOBAL mem = GlobalAlloc(GMEM_MOVEABLE, bytes);
    if (!mem)
        return GetLastError() ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
    void *p = GlobalLock(mem);
    if (!p) {
        e = GetLastError();
        GlobalFree(mem);
        return e ? e : ERROR_NOT_ENOUGH_MEMORY;
    }
    memcpy(p, text, bytes);
    GlobalUnlock(mem);
    if (!OpenClipboard(owner)) {
        e = GetLastError();
        GlobalFree(mem);
        return e ? e : ERROR_ACCESS_DENIED;
    }
    EmptyClipboard();
    bool ok = SetClipboardData(CF_UNICODETEXT, mem) != NULL;
    e = ok ? ERROR_SUCCESS : GetLastError();
    CloseClipboard();
    if (ok)
        return ERROR_SUCCESS;
    GlobalFree(mem);    /* the clipboard took it only on success */
    return e ? e : ERROR_NOT_ENOUGH_MEMORY;
}
