/*
 * rowmarks.c - live mode's marks on a row table (issue 16 part 3), for every list that shows a scan: the
 * list pages (resultview.c) and the overview's three lists (page_overview.c). Before new data replaces
 * the rows, the whole list shown is remembered as hashes of its rows (bfgui_table_row_hash) and the
 * names of its rows (its key columns); a row of the new data not among those hashes is marked changed
 * (the table draws "Changed: " before its first cell: text, so a screen reader speaks it; and the list
 * draws it bold, bfgui_marks_custom_draw). A row of the old list whose name no new row has is removed:
 * counted, its name kept for the caption and the status bar (a removed row cannot be marked in place: it
 * is gone). A scan that changes nothing in the list keeps the latest change's marks and removed rows, so
 * a notification that brings nothing new (or a Refresh) does not wipe them before they are seen.
 */
#include "gui.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* a row of the list last shown whole: its identity and its name (an offset into names) */
struct bfgui_mark_row {
    uint64_t hash;
    uint64_t name_hash;
    size_t name;
};

/* removed rows named in the caption and status bar: this many, then an ellipsis (the count is exact) */
#define REMOVED_NAMES_MAX 8

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* (hash is the first member: the rows sort and are searched as hashes) */
static int cmp_row(const void *a, const void *b)
{
    return cmp_u64(&((const struct bfgui_mark_row *)a)->hash, &((const struct bfgui_mark_row *)b)->hash);
}

void bfgui_marks_init(bfgui_marks *m, HINSTANCE hinst, bfgui_table *t, unsigned key_columns)
{
    memset(m, 0, sizeof *m);
    m->key_columns = key_columns ? key_columns : 1u;
    m->mark = bfgui_load_string(hinst, IDS_ROW_CHANGED_MARK);
    bfgui_table_set_changed_mark(t, m->mark);
}

static void forget_removed(bfgui_marks *m)
{
    free(m->removed_names);
    m->removed_names = NULL;
    m->removed = 0;
}

void bfgui_marks_off(bfgui_marks *m)
{
    m->have_prev = false;
    free(m->marked);
    m->marked = NULL;
    m->marked_count = 0;
    forget_removed(m);
}

void bfgui_marks_free(bfgui_marks *m)
{
    bfgui_marks_off(m);
    free(m->prev);
    free(m->names);
    free(m->mark);
    if (m->bold)
        DeleteObject(m->bold);
    memset(m, 0, sizeof *m);
}

/* A row's name: its key columns' text, a space between; written into buf (cap characters, cut). */
static const WCHAR *row_name(const bfgui_marks *m, const bfgui_table *t, size_t row, WCHAR *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = 0;
    for (int c = 0; c < bfgui_table_columns(t) && c < 32; c++) {
        if (!(m->key_columns & (1u << c)))
            continue;
        WCHAR cell[512];
        const WCHAR *text = bfgui_table_cell_text(t, row, c, cell, BF_COUNTOF(cell));
        int n = _snwprintf(buf + len, cap - len, len ? L" %ls" : L"%ls", text ? text : L"");
        if (n < 0) {
            buf[cap - 1] = 0;
            break;
        }
        len += (size_t)n;
    }
    return buf;
}

static uint64_t text_hash(const WCHAR *s)
{
    uint64_t h = 14695981039346656037ull;   /* FNV-1a, as bfgui_table_row_hash */
    for (; *s; s++) {
        h ^= (uint64_t)*s;
        h *= 1099511628211ull;
    }
    return h;
}

void bfgui_marks_remember(bfgui_marks *m, const bfgui_table *t)
{
    size_t n = bfgui_table_count(t), used = 0, cap = 256;
    struct bfgui_mark_row *rows = malloc((n ? n : 1) * sizeof *rows);
    WCHAR *names = malloc(cap * sizeof *names);
    for (size_t i = 0; rows && names && i < n; i++) {
        WCHAR buf[1024];
        const WCHAR *name = row_name(m, t, i, buf, BF_COUNTOF(buf));
        size_t len = wcslen(name) + 1;
        if (used + len > cap) {
            while (used + len > cap)
                cap *= 2;
            WCHAR *more = realloc(names, cap * sizeof *names);
            if (!more) {
                free(names);
                names = NULL;
                break;
            }
            names = more;
        }
        memcpy(names + used, name, len * sizeof *names);
        rows[i].hash = bfgui_table_row_hash(t, i);
        rows[i].name_hash = text_hash(name);
        rows[i].name = used;
        used += len;
    }
    if (!rows || !names) {
        free(rows);
        free(names);
        m->have_prev = false;   /* nothing marked rather than everything */
        return;
    }
    qsort(rows, n, sizeof *rows, cmp_row);
    free(m->prev);
    free(m->names);
    m->prev = rows;
    m->prev_count = n;
    m->names = names;
    m->have_prev = true;
}

void bfgui_marks_new_rows(bfgui_marks *m, bfgui_table *t, size_t first)
{
    if (first == 0)
        m->changed = 0;
    if (!m->have_prev)
        return;
    for (size_t i = first; i < bfgui_table_count(t); i++) {
        struct bfgui_mark_row key = {bfgui_table_row_hash(t, i), 0, 0};
        if (!bsearch(&key, m->prev, m->prev_count, sizeof key, cmp_row)) {
            bfgui_table_set_changed(t, i, true);
            m->changed++;
        }
    }
}

/* The rows of the list before that no row has now, neither the same row nor one of the same name (a
 * row of the same name is a changed row, marked): counted and named in m->removed, m->removed_names. */
static void find_removed(bfgui_marks *m, const bfgui_table *t)
{
    size_t n = bfgui_table_count(t);
    uint64_t *rows = malloc((n ? n : 1) * sizeof *rows), *names = malloc((n ? n : 1) * sizeof *names);
    forget_removed(m);
    if (!rows || !names) {
        free(rows);
        free(names);
        return;     /* (out of memory: none reported rather than every row) */
    }
    for (size_t i = 0; i < n; i++) {
        WCHAR buf[1024];
        rows[i] = bfgui_table_row_hash(t, i);
        names[i] = text_hash(row_name(m, t, i, buf, BF_COUNTOF(buf)));
    }
    qsort(rows, n, sizeof *rows, cmp_u64);
    qsort(names, n, sizeof *names, cmp_u64);
    WCHAR list[1024] = L"";
    for (size_t i = 0; i < m->prev_count; i++) {
        const struct bfgui_mark_row *r = &m->prev[i];
        if (bsearch(&r->hash, rows, n, sizeof *rows, cmp_u64) || bsearch(&r->name_hash, names, n, sizeof *names, cmp_u64))
            continue;
        m->removed++;
        size_t len = wcslen(list);
        if (m->removed <= REMOVED_NAMES_MAX)
            _snwprintf(list + len, BF_COUNTOF(list) - len, L"%ls%ls", m->removed > 1 ? L", " : L"", m->names + r->name);
        else if (m->removed == REMOVED_NAMES_MAX + 1)
            _snwprintf(list + len, BF_COUNTOF(list) - len, L", \x2026");  /* more than are named */
        list[BF_COUNTOF(list) - 1] = 0;
    }
    if (m->removed)
        m->removed_names = _wcsdup(list);   /* NULL (out of memory): counted, not named */
    free(rows);
    free(names);
}

void bfgui_marks_finish(bfgui_marks *m, bfgui_table *t)
{
    if (!m->have_prev)
        return;
    size_t n = bfgui_table_count(t);
    if (m->changed == 0 && n == m->prev_count) {
        /* nothing new, nothing gone: the latest change's marks (and removed rows) stay */
        for (size_t i = 0; i < n && m->marked_count; i++) {
            uint64_t h = bfgui_table_row_hash(t, i);
            if (bsearch(&h, m->marked, m->marked_count, sizeof h, cmp_u64)) {
                bfgui_table_set_changed(t, i, true);
                m->changed++;
            }
        }
        return;
    }
    uint64_t *marked = malloc((m->changed ? m->changed : 1) * sizeof *marked);
    size_t k = 0;
    for (size_t i = 0; marked && i < n; i++)
        if (bfgui_table_changed(t, i))
            marked[k++] = bfgui_table_row_hash(t, i);
    if (marked)
        qsort(marked, k, sizeof *marked, cmp_u64);
    free(m->marked);
    m->marked = marked;     /* NULL (out of memory): no marks carried to the next scan */
    m->marked_count = marked ? k : 0;
    find_removed(m, t);
}

LRESULT bfgui_marks_custom_draw(bfgui_marks *m, const bfgui_table *t, const NMLVCUSTOMDRAW *cd, HFONT font)
{
    if (cd->nmcd.dwDrawStage == CDDS_PREPAINT)
        return m->changed ? CDRF_NOTIFYITEMDRAW : CDRF_DODEFAULT;
    if (cd->nmcd.dwDrawStage != CDDS_ITEMPREPAINT)
        return CDRF_DODEFAULT;
    size_t row = bfgui_table_row_at(t, (size_t)cd->nmcd.dwItemSpec);
    if (row == (size_t)-1 || !bfgui_table_changed(t, row))
        return CDRF_DODEFAULT;
    if (!font)
        font = (HFONT)GetStockObject(DEFAULT_GUI_FONT);
    if (!m->bold || m->bold_of != font) {
        LOGFONTW lf;
        if (!GetObjectW(font, sizeof lf, &lf))
            return CDRF_DODEFAULT;
        lf.lfWeight = FW_BOLD;
        HFONT bold = CreateFontIndirectW(&lf);
        if (!bold)
            return CDRF_DODEFAULT;  /* the mark still says it */
        if (m->bold)
            DeleteObject(m->bold);
        m->bold = bold;
        m->bold_of = font;
    }
    SelectObject(cd->nmcd.hdc, m->bold);
    return CDRF_NEWFONT;
}

void bfgui_marks_widen(const bfgui_marks *m, HWND list, int *natural, int ncol)
{
    if (!m->changed || !m->mark || ncol <= 0)
        return;
    /* a changed row's first cell starts with the mark, and its cells are bold (measured in the regular
     * font): room for the mark and an eighth more per column, so the bold text is not cut */
    natural[0] += (int)SendMessageW(list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)m->mark);
    for (int c = 0; c < ncol; c++)
        natural[c] += natural[c] / 8;
}
