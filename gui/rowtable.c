/*
 * rowtable.c - the rows of a virtual list view (LVS_OWNERDATA): every list whose rows come from the
 * snapshot (the overview's three lists and findings, every list page) holds no items of its own; the
 * page owns a row table (cells, status image, indent depth, param, hidden flag per row) and the list
 * asks for what it draws (LVN_GETDISPINFOW, bfgui_table_dispinfo). Sorting and hiding rows rebuild an
 * index of the table (the list's position -> row); nothing is inserted into the list, whose only
 * state is its item count, focus and selection. A list with 100,000 rows is then 100,000 entries of
 * this table and one LVM_SETITEMCOUNT, where inserted items cost a message and a copy per cell.
 *
 * The cells' text lives in one pool per table (offsets, not pointers: the pool grows by realloc), so
 * a row costs no allocation of its own; or a cell refers to the model's own UTF-8 text (the snapshot's
 * strings outlive the rows made from them), made into shown text only when the list draws it: a
 * 100,000-record event log then costs a pointer per cell, not a converted copy. The table is found from its list through a window property
 * (BF_TABLE_PROP), so Copy, Select all, sorting and measuring work on any list the same way.
 */
#include "gui.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

typedef struct table_row {
    int image;          /* BF_IMAGE_*, BF_IMAGE_DEFAULT: none given */
    int depth;          /* indent, in image widths */
    LPARAM param;
    bool hidden;        /* left out of the index (the page decides: a collapsed cause, a filter) */
    bool changed;       /* new or different since the previous scan (live mode: resultview.c) */
} table_row;

struct bfgui_table {
    int columns;
    table_row *rows;
    size_t count, cap;
    size_t *cells;      /* count * columns offsets into pool (0 is the empty string), or UTF-8 pointers */
    unsigned char *utf8;    /* per cell: 1 when cells[] holds a pointer to the model's UTF-8 text, 2 to a
                             * shown text shared by many rows (bfgui_table_set_shared) */
    WCHAR *pool;
    size_t pool_len, pool_cap;
    size_t *index;      /* the list's position -> row: the rows not hidden, in the sort order */
    size_t shown;
    int sort_column;    /* -1: as added */
    bool ascending;
    const WCHAR *changed_mark;  /* shown before a changed row's first cell (the page's, string table), or NULL */
    unsigned faults;            /* BFGUI_FAULT_* of the window showing it (tests only: gui.h BF_FAULT_ENV) */
    HANDLE reader;              /* a worker reading the table (copyjob.c), or NULL */
    volatile LONG *reader_stop; /* its stop flag */
};

void bfgui_table_set_reader(bfgui_table *t, HANDLE thread, volatile LONG *stop)
{
    t->reader = thread;
    t->reader_stop = stop;
}

/* Before the table changes: a worker reading it is stopped, and waited for (it stops within a row). */
static void quiesce(bfgui_table *t)
{
    if (!t->reader)
        return;
    InterlockedExchange(t->reader_stop, 1);
    WaitForSingleObject(t->reader, INFINITE);
}

bfgui_table *bfgui_table_create(int columns)
{
    bfgui_table *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->columns = columns > 0 ? columns : 1;
    t->pool_cap = 1024;
    t->pool = malloc(t->pool_cap * sizeof(WCHAR));
    if (!t->pool) {
        free(t);
        return NULL;
    }
    t->pool[0] = 0;
    t->pool_len = 1;
    t->sort_column = -1;
    t->ascending = true;
    return t;
}

void bfgui_table_destroy(bfgui_table *t)
{
    if (!t)
        return;
    quiesce(t);
    free(t->rows);
    free(t->cells);
    free(t->utf8);
    free(t->pool);
    free(t->index);
    free(t);
}

void bfgui_table_clear(bfgui_table *t)
{
    quiesce(t);
    t->count = 0;
    t->shown = 0;
    t->pool_len = 1;
}

int bfgui_table_columns(const bfgui_table *t)
{
    return t->columns;
}

/* text into the pool: its offset, 0 for empty, (size_t)-1 on OOM */
static size_t pool_put(bfgui_table *t, const WCHAR *text)
{
    if (!text || !*text)
        return 0;
    size_t n = wcslen(text) + 1;
    if (t->pool_len + n > t->pool_cap) {
        size_t cap = t->pool_cap;
        while (t->pool_len + n > cap)
            cap *= 2;
        WCHAR *p = realloc(t->pool, cap * sizeof(WCHAR));
        if (!p)
            return (size_t)-1;
        t->pool = p;
        t->pool_cap = cap;
    }
    size_t at = t->pool_len;
    memcpy(t->pool + at, text, n * sizeof(WCHAR));
    t->pool_len += n;
    return at;
}

long bfgui_table_add(bfgui_table *t, int image, const WCHAR *const *cells, int count, LPARAM param)
{
    if (t->count == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        table_row *r = realloc(t->rows, cap * sizeof *r);
        if (!r)
            return -1;
        t->rows = r;
        size_t *c = realloc(t->cells, cap * (size_t)t->columns * sizeof *c);
        if (!c)
            return -1;
        t->cells = c;
        unsigned char *u = realloc(t->utf8, cap * (size_t)t->columns);
        if (!u)
            return -1;
        t->utf8 = u;
        t->cap = cap;
    }
    size_t row = t->count;
    table_row *r = &t->rows[row];
    r->image = image;
    r->depth = 0;
    r->param = param;
    r->hidden = false;
    r->changed = false;
    size_t *c = &t->cells[row * (size_t)t->columns];
    for (int k = 0; k < t->columns; k++)
        c[k] = 0;
    memset(&t->utf8[row * (size_t)t->columns], 0, (size_t)t->columns);
    for (int k = 0; k < count && k < t->columns; k++) {
        size_t at = pool_put(t, cells ? cells[k] : NULL);
        if (at == (size_t)-1)
            return -1;
        c[k] = at;
    }
    t->count++;
    return (long)row;
}

bool bfgui_table_set(bfgui_table *t, size_t row, int col, const WCHAR *text)
{
    if (row >= t->count || col < 0 || col >= t->columns)
        return false;
    size_t at = pool_put(t, text);
    if (at == (size_t)-1)
        return false;
    t->cells[row * (size_t)t->columns + (size_t)col] = at;  /* the old text stays in the pool until clear */
    t->utf8[row * (size_t)t->columns + (size_t)col] = 0;
    return true;
}

void bfgui_table_set_utf8(bfgui_table *t, size_t row, int col, const char *text)
{
    if (row >= t->count || col < 0 || col >= t->columns)
        return;
    size_t at = row * (size_t)t->columns + (size_t)col;
    t->cells[at] = text && *text ? (size_t)(uintptr_t)text : 0;
    t->utf8[at] = text && *text ? 1 : 0;
}

void bfgui_table_set_shared(bfgui_table *t, size_t row, int col, const WCHAR *text)
{
    if (row >= t->count || col < 0 || col >= t->columns)
        return;
    size_t at = row * (size_t)t->columns + (size_t)col;
    t->cells[at] = text && *text ? (size_t)(uintptr_t)text : 0;
    t->utf8[at] = text && *text ? 2 : 0;
}

void bfgui_table_set_image(bfgui_table *t, size_t row, int image)
{
    if (row < t->count)
        t->rows[row].image = image;
}

void bfgui_table_set_depth(bfgui_table *t, size_t row, int depth)
{
    if (row < t->count)
        t->rows[row].depth = depth;
}

void bfgui_table_set_param(bfgui_table *t, size_t row, LPARAM param)
{
    if (row < t->count)
        t->rows[row].param = param;
}

void bfgui_table_set_hidden(bfgui_table *t, size_t row, bool hidden)
{
    if (row < t->count)
        t->rows[row].hidden = hidden;
}

void bfgui_table_set_changed(bfgui_table *t, size_t row, bool changed)
{
    if (row < t->count)
        t->rows[row].changed = changed;
}

bool bfgui_table_changed(const bfgui_table *t, size_t row)
{
    return row < t->count && t->rows[row].changed;
}

void bfgui_table_set_changed_mark(bfgui_table *t, const WCHAR *mark)
{
    t->changed_mark = mark;
}

size_t bfgui_table_count(const bfgui_table *t)
{
    return t->count;
}

size_t bfgui_table_shown(const bfgui_table *t)
{
    return t->shown;
}

size_t bfgui_table_row_at(const bfgui_table *t, size_t pos)
{
    return pos < t->shown ? t->index[pos] : (size_t)-1;
}

long bfgui_table_pos_of(const bfgui_table *t, size_t row)
{
    for (size_t p = 0; p < t->shown; p++)
        if (t->index[p] == row)
            return (long)p;
    return -1;
}

/* the pool's text of a cell, or NULL when the cell refers to UTF-8 (*utf8 set) */
static const WCHAR *pool_cell(const bfgui_table *t, size_t row, int col, const char **utf8)
{
    *utf8 = NULL;
    if (row >= t->count || col < 0 || col >= t->columns)
        return L"";
    size_t at = row * (size_t)t->columns + (size_t)col;
    if (t->utf8[at] == 2)
        return (const WCHAR *)(uintptr_t)t->cells[at];     /* a shared text (bfgui_table_set_shared) */
    if (t->utf8[at]) {
        *utf8 = (const char *)(uintptr_t)t->cells[at];
        return NULL;
    }
    return t->pool + t->cells[at];
}

WCHAR *bfgui_table_cell_dup(const bfgui_table *t, size_t row, int col)
{
    const char *u;
    const WCHAR *w = pool_cell(t, row, col, &u);
    return w ? _wcsdup(w) : bfgui_wide(u);  /* cleaned as every text from the machine (bfgui_wide) */
}

const WCHAR *bfgui_table_cell_text(const bfgui_table *t, size_t row, int col, WCHAR *buf, size_t cap)
{
    const char *u;
    const WCHAR *w = pool_cell(t, row, col, &u);
    if (w)
        return w;
    WCHAR *made = bfgui_wide(u);
    if (cap)
        lstrcpynW(buf, made ? made : L"", (int)cap);
    free(made);
    return buf;
}

/* a cell's length in characters, for measuring (UTF-8 bytes: near enough to rank the longest) */
static size_t cell_len(const bfgui_table *t, size_t row, int col)
{
    const char *u;
    const WCHAR *w = pool_cell(t, row, col, &u);
    return w ? wcslen(w) : strlen(u);
}

uint64_t bfgui_table_row_hash(const bfgui_table *t, size_t row)
{
    /* FNV-1a over every cell's shown text, a separator between cells ("a|bc" is not "ab|c") */
    uint64_t h = 14695981039346656037ull;
    WCHAR buf[1024];
    for (int col = 0; col < t->columns; col++) {
        const WCHAR *text = bfgui_table_cell_text(t, row, col, buf, BF_COUNTOF(buf));
        for (; text && *text; text++) {
            h ^= (uint64_t)*text;
            h *= 1099511628211ull;
        }
        h ^= 0x10000u;  /* not a UTF-16 unit */
        h *= 1099511628211ull;
    }
    return h;
}

int bfgui_table_image(const bfgui_table *t, size_t row)
{
    return row < t->count ? t->rows[row].image : BF_IMAGE_DEFAULT;
}

int bfgui_table_depth(const bfgui_table *t, size_t row)
{
    return row < t->count ? t->rows[row].depth : 0;
}

LPARAM bfgui_table_param(const bfgui_table *t, size_t row)
{
    return row < t->count ? t->rows[row].param : 0;
}

/* ---- the index: hidden rows left out, sorted ------------------------------------------------------- */

typedef struct sort_key {
    const bfgui_table *t;
    int column;
    bool ascending;
    double *numbers;    /* by row: the cell as a number, when numeric is set */
    bool *numeric;
    const WCHAR **texts;    /* by row: the cell's text (made once for cells that refer to UTF-8) */
} sort_key;

static bool as_number(const WCHAR *s, double *v)
{
    WCHAR *end;
    if (!*s)
        return false;
    *v = wcstod(s, &end);
    return *end == L'\0';
}

static int compare(const sort_key *k, size_t a, size_t b)
{
    int r;
    if (k->numeric[a] && k->numeric[b])
        r = k->numbers[a] < k->numbers[b] ? -1 : k->numbers[a] > k->numbers[b] ? 1 : 0;
    else
        r = CompareStringW(LOCALE_USER_DEFAULT, NORM_IGNORECASE, k->texts[a], -1, k->texts[b], -1) - CSTR_EQUAL;
    if (r == 0)
        return a < b ? -1 : a > b ? 1 : 0;     /* equals keep the order they were added in */
    return k->ascending ? r : -r;
}

/* A merge sort: stable, with the key as context (msvcrt's qsort has none, and qsort_s is not in XP's). */
static void merge_sort(const sort_key *k, size_t *v, size_t *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    merge_sort(k, v, tmp, h);
    merge_sort(k, v + h, tmp, n - h);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n)
        tmp[o++] = compare(k, v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[o++] = v[i++];
    while (j < n)
        tmp[o++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

DWORD bfgui_table_index(bfgui_table *t, int column, bool ascending)
{
    quiesce(t);
    size_t *idx = realloc(t->index, (t->count ? t->count : 1) * sizeof *idx);
    if (!idx)
        return ERROR_NOT_ENOUGH_MEMORY;
    t->index = idx;
    size_t n = 0;
    for (size_t r = 0; r < t->count; r++)
        if (!t->rows[r].hidden)
            idx[n++] = r;
    t->shown = n;
    t->sort_column = column >= 0 && column < t->columns ? column : -1;
    t->ascending = ascending;
    if (t->sort_column < 0 || n < 2)
        return ERROR_SUCCESS;
    sort_key k = {t, t->sort_column, ascending, malloc(t->count * sizeof(double)), malloc(t->count * sizeof(bool)),
                  calloc(t->count, sizeof(WCHAR *))};
    WCHAR **made = calloc(t->count, sizeof(WCHAR *));
    size_t *tmp = malloc(n * sizeof *tmp);
    bool injected = (t->faults & BFGUI_FAULT_SORT) != 0;     /* the test's failed allocation */
    DWORD rc = !injected && k.numbers && k.numeric && k.texts && made && tmp ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    /* the texts and numbers are made once, not in each comparison */
    for (size_t r = 0; r < t->count && !rc; r++) {
        const char *u;
        k.texts[r] = pool_cell(t, r, t->sort_column, &u);
        if (!k.texts[r]) {
            k.texts[r] = made[r] = bfgui_wide(u);
            if (!made[r])
                rc = ERROR_NOT_ENOUGH_MEMORY;
        }
        if (!rc)
            k.numeric[r] = as_number(k.texts[r], &k.numbers[r]);
    }
    if (!rc)
        merge_sort(&k, idx, tmp, n);
    else
        t->sort_column = -1;    /* not sorted: the rows stay shown in the order they were added */
    for (size_t r = 0; made && r < t->count; r++)
        free(made[r]);
    free(made);
    free((void *)k.texts);
    free(k.numbers);
    free(k.numeric);
    free(tmp);
    return rc;
}

int bfgui_table_sort_column(const bfgui_table *t, bool *ascending)
{
    if (ascending)
        *ascending = t->ascending;
    return t->sort_column;
}

/* ---- the list that shows it ------------------------------------------------------------------------ */

#define BF_TABLE_PROP L"bindfix.table"

DWORD bfgui_table_attach(bfgui_table *t, HWND list)
{
    if (t)
        t->faults = (unsigned)(UINT_PTR)GetPropW(GetAncestor(list, GA_ROOT), BF_FAULT_PROP);
    if (!SetPropW(list, BF_TABLE_PROP, t))
        return GetLastError() ? GetLastError() : ERROR_NOT_ENOUGH_MEMORY;
    SetLastError(ERROR_SUCCESS);
    /* LVSICF_NOSCROLL: a list shown again keeps its place; the count is the rows the index shows */
    if (!SendMessageW(list, LVM_SETITEMCOUNT, (WPARAM)(t ? t->shown : 0), LVSICF_NOINVALIDATEALL | LVSICF_NOSCROLL)) {
        DWORD e = GetLastError();
        return e ? e : ERROR_INVALID_PARAMETER;
    }
    InvalidateRect(list, NULL, TRUE);
    return ERROR_SUCCESS;
}

bfgui_table *bfgui_table_of(HWND list)
{
    return list ? (bfgui_table *)GetPropW(list, BF_TABLE_PROP) : NULL;
}

void bfgui_table_detach(HWND list)
{
    RemovePropW(list, BF_TABLE_PROP);
}

void bfgui_table_dispinfo(const bfgui_table *t, NMLVDISPINFOW *di)
{
    LVITEMW *it = &di->item;
    size_t row = it->iItem >= 0 ? bfgui_table_row_at(t, (size_t)it->iItem) : (size_t)-1;
    if (row == (size_t)-1) {
        if ((it->mask & LVIF_TEXT) && it->pszText && it->cchTextMax > 0)
            it->pszText[0] = 0;
        return;
    }
    if ((it->mask & LVIF_TEXT) && it->pszText && it->cchTextMax > 0) {
        if (it->iSubItem == 0 && t->rows[row].changed && t->changed_mark) {
            /* the mark is text, so the change reads without colour or the bold font: a screen reader
             * speaks it (the item's name is this text); Copy and sorting use the cell alone */
            WCHAR buf[1024];
            const WCHAR *text = bfgui_table_cell_text(t, row, 0, buf, BF_COUNTOF(buf));
            _snwprintf(it->pszText, (size_t)it->cchTextMax, L"%ls%ls", t->changed_mark, text);
            it->pszText[it->cchTextMax - 1] = 0;
        } else {
            const WCHAR *text = bfgui_table_cell_text(t, row, it->iSubItem, it->pszText, (size_t)it->cchTextMax);
            if (text != it->pszText)
                lstrcpynW(it->pszText, text, it->cchTextMax);
        }
    }
    if (it->mask & LVIF_IMAGE) {
        int image = t->rows[row].image;
        /* BF_IMAGE_DEFAULT: a list item's image when none is given (index 0), as an inserted one had */
        it->iImage = image == BF_IMAGE_DEFAULT ? 0 : image;
    }
    if (it->mask & LVIF_INDENT)
        it->iIndent = t->rows[row].depth;
    if (it->mask & LVIF_PARAM)
        it->lParam = t->rows[row].param;
}

bool bfgui_table_notify(HWND list, NMHDR *nm)
{
    if (nm->hwndFrom != list || nm->code != LVN_GETDISPINFOW)
        return false;
    const bfgui_table *t = bfgui_table_of(list);
    if (t)
        bfgui_table_dispinfo(t, (NMLVDISPINFOW *)nm);
    return true;
}

/* ---- measuring -------------------------------------------------------------------------------------- */

/* How many of a column's longest cells (by characters) are measured in pixels: a proportional font
 * can draw a shorter text wider, so more than one, but not every row of a 100,000-row list. */
#define MEASURE_LONGEST 24

void bfgui_table_measure_from(const bfgui_table *t, HWND list, int column_count, int icon_cx, UINT dpi,
                              size_t first_row, int *widths)
{
    const int cell_pad = bfgui_scale(12, dpi);
    const int header_pad = bfgui_scale(18, dpi);
    WCHAR buf[1024];
    for (int c = 0; c < column_count; c++) {
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT;
        col.pszText = buf;
        col.cchTextMax = (int)BF_COUNTOF(buf);
        buf[0] = L'\0';
        SendMessageW(list, LVM_GETCOLUMNW, (WPARAM)c, (LPARAM)&col);
        int w = (int)SendMessageW(list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)buf) + header_pad;
        if (first_row > 0 && widths[c] > w)
            w = widths[c];     /* the rows before first_row were measured into it */
        /* the longest cells of the rows not hidden: a small sorted list of (length, row) */
        size_t best_len[MEASURE_LONGEST], best_row[MEASURE_LONGEST];
        int nbest = 0;
        for (size_t row = first_row; row < t->count; row++) {
            if (t->rows[row].hidden)
                continue;
            size_t len = cell_len(t, row, c) + (c == 0 ? (size_t)t->rows[row].depth * 4 : 0);
            if (nbest == MEASURE_LONGEST && len <= best_len[nbest - 1])
                continue;
            int at = nbest < MEASURE_LONGEST ? nbest++ : nbest - 1;
            while (at > 0 && best_len[at - 1] < len) {
                best_len[at] = best_len[at - 1];
                best_row[at] = best_row[at - 1];
                at--;
            }
            best_len[at] = len;
            best_row[at] = row;
        }
        for (int b = 0; b < nbest; b++) {
            size_t row = best_row[b];
            const WCHAR *text = bfgui_table_cell_text(t, row, c, buf, BF_COUNTOF(buf));
            int cw = (int)SendMessageW(list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)text) + cell_pad +
                     (c == 0 ? (1 + t->rows[row].depth) * icon_cx + bfgui_scale(6, dpi) : 0);
            if (cw > w)
                w = cw;
        }
        widths[c] = w;
    }
}

void bfgui_table_measure(const bfgui_table *t, HWND list, int column_count, int icon_cx, UINT dpi, int *widths)
{
    bfgui_table_measure_from(t, list, column_count, icon_cx, dpi, 0, widths);
}

/* ---- copying ---------------------------------------------------------------------------------------- */

static bool append(WCHAR **buf, size_t *len, size_t *cap, const WCHAR *s, bool raw)
{
    size_t n = wcslen(s);
    if (*len + n + 1 > *cap) {
        size_t ncap = *cap ? *cap : 4096;
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

WCHAR *bfgui_table_text(const bfgui_table *t, const WCHAR *const *headers, const size_t *positions, size_t n,
                        volatile LONG *stop, void (*progress)(void *ctx, size_t done), void *ctx)
{
    WCHAR *buf = NULL;
    size_t len = 0, cap = 0;
    /* the test's failed allocation (BINDFIX_FAULT=copy) is the text's first */
    bool ok = !(t->faults & BFGUI_FAULT_COPY) && append(&buf, &len, &cap, L"", true);
    for (int c = 0; c < t->columns && ok; c++)
        ok = append(&buf, &len, &cap, c ? L"\t" : L"", true) && append(&buf, &len, &cap, headers[c], false);
    ok = ok && append(&buf, &len, &cap, L"\r\n", true);
    for (size_t i = 0; i < n && ok; i++) {
        if (stop && *stop) {
            ok = false;
            break;
        }
        size_t row = bfgui_table_row_at(t, positions ? positions[i] : i);
        for (int c = 0; c < t->columns && ok; c++) {
            const char *u;
            const WCHAR *w = pool_cell(t, row, c, &u);
            WCHAR *made = w ? NULL : bfgui_wide(u);
            ok = (w || made) && append(&buf, &len, &cap, c ? L"\t" : L"", true) &&
                 append(&buf, &len, &cap, w ? w : made, false);
            free(made);
        }
        ok = ok && append(&buf, &len, &cap, L"\r\n", true);
        if (progress && (i + 1) % 1024 == 0)
            progress(ctx, i + 1);
    }
    if (!ok) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* ---- what failed ------------------------------------------------------------------------------------ */

WCHAR *bfgui_failure_text(HINSTANCE hinst, UINT step, const WCHAR *what, DWORD error)
{
    DWORD_PTR sargs[1] = {(DWORD_PTR)(what ? what : L"")};
    WCHAR *step_text = bfgui_format(hinst, step, sargs, 1), *why;
    if (error == ERROR_NOT_ENOUGH_MEMORY || error == ERROR_OUTOFMEMORY) {
        /* an allocation failed: the one case that is "out of memory" */
        WCHAR *oom = bfgui_load_string(hinst, IDS_ERR_NO_MEMORY);
        size_t n = oom ? wcslen(oom) : 0;
        while (n && oom[n - 1] == L'.')
            oom[--n] = 0;
        why = oom ? malloc((n + 24) * sizeof(WCHAR)) : NULL;
        if (why)
            _snwprintf(why, n + 24, L"%ls (%lu)", oom, (unsigned long)error);
        free(oom);
    } else {
        char text[600];
        bfsys_error_text(error, text, sizeof text);
        why = bfgui_wide(text);
    }
    DWORD_PTR args[2] = {(DWORD_PTR)(step_text ? step_text : L""), (DWORD_PTR)(why ? why : L"")};
    WCHAR *out = step_text && why ? bfgui_format(hinst, IDS_ERR_STEP, args, 2) : NULL;
    free(step_text);
    free(why);
    return out;
}

WCHAR *bfgui_list_name(HWND list)
{
    int n = GetWindowTextLengthW(list);
    WCHAR *name = malloc(((size_t)(n > 0 ? n : 0) + 1) * sizeof(WCHAR));
    if (!name)
        return NULL;
    name[0] = 0;
    if (n > 0)
        GetWindowTextW(list, name, n + 1);
    /* a pane's name is its label, mnemonic and all: "&Adapters" reads "Adapters" */
    WCHAR *o = name;
    for (const WCHAR *s = name; *s; s++)
        if (*s != L'&' || s[1] == L'&')
            *o++ = *s;
    *o = 0;
    return name;
}
