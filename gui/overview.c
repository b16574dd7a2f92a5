/*
 * overview.c - the three lists of the main window: adapters | resolver order | protocol bind status.
 *
 * Each row carries its status twice: an icon (OK / warning / error, different shapes) in the first
 * column and the status in words in a text column, so nothing depends on colour alone.
 */
#include "gui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* flex_min96: 0 for a column that always gets its full width (short facts: kind, status, address,
 * result); otherwise the narrowest it may be squeezed to (at 96 DPI) when the window is too narrow for
 * everything: free text (names, greetings) is what gets an ellipsis first, with the full text in the
 * row's tooltip. */
typedef struct column_def {
    UINT header_id;
    int fmt;
    int flex_min96;
} column_def;

static const column_def adapter_columns[] = {
    {IDS_COL_ADAPTER_NAME, LVCFMT_LEFT, 90},
    {IDS_COL_ADAPTER_KIND, LVCFMT_LEFT, 0},
    {IDS_COL_ADAPTER_STATUS, LVCFMT_LEFT, 0},
    {IDS_COL_ADAPTER_ADDRS, LVCFMT_LEFT, 90},
};
static const column_def resolver_columns[] = {
    {IDS_COL_RES_POS, LVCFMT_LEFT, 0},  /* the first column of a list view is always left-aligned */
    {IDS_COL_RES_ADDRESS, LVCFMT_LEFT, 0},
    {IDS_COL_RES_API, LVCFMT_LEFT, 60},
    {IDS_COL_RES_HELD_BY, LVCFMT_LEFT, 80},
};
static const column_def bind_columns[] = {
    {IDS_COL_BIND_PROTOCOL, LVCFMT_LEFT, 0},
    {IDS_COL_BIND_PORT, LVCFMT_RIGHT, 0},
    {IDS_COL_BIND_ADDRESS, LVCFMT_LEFT, 0},
    {IDS_COL_BIND_RESULT, LVCFMT_LEFT, 130},  /* cut, the error number stays in sight; whole in the tooltip */
    {IDS_COL_BIND_GREETING, LVCFMT_LEFT, 60},
};

typedef struct pane_def {
    UINT label_id;
    const column_def *columns;
    int column_count;
} pane_def;

static const pane_def panes[BF_PANE__COUNT] = {
    {IDS_LABEL_ADAPTERS, adapter_columns, (int)BF_COUNTOF(adapter_columns)},
    {IDS_LABEL_RESOLVER, resolver_columns, (int)BF_COUNTOF(resolver_columns)},
    {IDS_LABEL_BINDS, bind_columns, (int)BF_COUNTOF(bind_columns)},
};

UINT bfgui_pane_label_id(int pane)
{
    return panes[pane].label_id;
}

int bfgui_pane_column_count(int pane)
{
    return panes[pane].column_count;
}

int bfgui_pane_column_min(int pane, int column, UINT dpi)
{
    int min96 = panes[pane].columns[column].flex_min96;
    return min96 > 0 ? bfgui_scale(min96, dpi) : -1;
}

bool bfgui_pane_add_columns(HINSTANCE hinst, HWND list, int pane)
{
    const pane_def *p = &panes[pane];
    for (int c = 0; c < p->column_count; c++) {
        WCHAR *header = bfgui_load_string(hinst, p->columns[c].header_id);
        if (!header)
            return false;
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT | LVCF_FMT | LVCF_WIDTH | LVCF_SUBITEM;
        col.fmt = p->columns[c].fmt;
        col.cx = 80;    /* replaced by the layout once the rows are known */
        col.pszText = header;
        col.iSubItem = c;
        LRESULT idx = SendMessageW(list, LVM_INSERTCOLUMNW, (WPARAM)c, (LPARAM)&col);
        free(header);
        if (idx < 0)
            return false;
    }
    return true;
}

/* ---- rows ---------------------------------------------------------------------------------------- */

typedef struct row {
    WCHAR *cells[BF_MAX_COLUMNS];
    int image;
} row;

static void row_clear(row *r)
{
    for (int c = 0; c < BF_MAX_COLUMNS; c++) {
        free(r->cells[c]);
        r->cells[c] = NULL;
    }
}

/* Adds r to the pane's table; false when a cell is missing (an allocation failed while formatting) or
 * the table could not grow. */
static bool row_add(bfgui_table *t, row *r, int column_count)
{
    for (int c = 0; c < column_count; c++)
        if (!r->cells[c])
            return false;
    return bfgui_table_add(t, r->image, (const WCHAR *const *)r->cells, column_count, 0) >= 0;
}

static WCHAR *format_number(long long v)
{
    WCHAR buf[32];
    _snwprintf(buf, BF_COUNTOF(buf), L"%lld", v);
    buf[BF_COUNTOF(buf) - 1] = L'\0';
    return _wcsdup(buf);
}

static WCHAR *join_addresses(HINSTANCE hinst, const bf_adapter *a)
{
    if (a->address_count == 0)
        return bfgui_load_string(hinst, IDS_NO_ADDRESSES);
    size_t total = 1;
    for (size_t i = 0; i < a->address_count; i++)
        total += strlen(a->addresses[i].address ? a->addresses[i].address : "") + 2;
    char *joined = malloc(total);
    if (!joined)
        return NULL;
    joined[0] = '\0';
    size_t used = 0;
    for (size_t i = 0; i < a->address_count; i++) {
        const char *addr = a->addresses[i].address ? a->addresses[i].address : "";
        int n = snprintf(joined + used, total - used, "%s%s", i ? ", " : "", addr);
        if (n < 0 || (size_t)n >= total - used)
            break;
        used += (size_t)n;
    }
    WCHAR *w = bfgui_wide(joined);
    free(joined);
    return w;
}

static bool fill_adapters(HINSTANCE hinst, bfgui_table *list, const bf_snapshot *snap)
{
    bool ok = true;
    for (size_t i = 0; i < snap->adapter_count; i++) {
        const bf_adapter *a = &snap->adapters[i];
        row r = {{NULL}, bfgui_oper_image(a->status)};
        r.cells[0] = bfgui_wide(bfgui_adapter_name(a));
        r.cells[1] = bfgui_enum_text(hinst, IDS_KIND_BASE, (int)a->kind, BF_KIND__COUNT);
        r.cells[2] = bfgui_enum_text(hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT);
        r.cells[3] = join_addresses(hinst, a);
        ok = row_add(list, &r, 4) && ok;
        row_clear(&r);
    }
    return ok;
}

static bool fill_resolver(HINSTANCE hinst, bfgui_table *list, const bf_snapshot *snap)
{
    bool ok = true;
    for (size_t i = 0; i < snap->resolver_count; i++) {
        const bf_resolution *res = &snap->resolver[i];
        if (res->address_count == 0) {
            /* A failed (or empty) lookup is still a row: "the name did not resolve" is a fact to see. */
            row r = {{NULL}, BF_IMAGE_ERROR};
            DWORD_PTR args[1] = {(DWORD_PTR)res->error};
            /* the words in the first column: a screen reader names a row by it (a "-" said nothing) */
            r.cells[0] = res->error ? bfgui_format(hinst, IDS_RES_FAILED, args, 1) : bfgui_load_string(hinst, IDS_NO_ADDRESSES);
            r.cells[1] = bfgui_load_string(hinst, IDS_NO_ADDRESSES);
            r.cells[2] = bfgui_wide(res->api);
            r.cells[3] = res->error ? bfgui_format(hinst, IDS_RES_FAILED, args, 1)
                                    : bfgui_load_string(hinst, IDS_NOT_AVAILABLE);
            ok = row_add(list, &r, 4) && ok;
            row_clear(&r);
            continue;
        }
        for (size_t k = 0; k < res->address_count; k++) {
            row r = {{NULL}, BF_IMAGE_OK};
            r.cells[0] = format_number((long long)k + 1);
            r.cells[1] = bfgui_wide(res->addresses[k]);
            r.cells[2] = bfgui_wide(res->api);
            r.cells[3] = bfgui_held_by_text(hinst, snap, res->addresses[k], &r.image);
            ok = row_add(list, &r, 4) && ok;
            row_clear(&r);
        }
    }
    return ok;
}

static bool fill_binds(HINSTANCE hinst, bfgui_table *list, const bf_snapshot *snap)
{
    bool ok = true;
    for (size_t i = 0; i < snap->endpoint_count; i++) {
        const bf_endpoint *e = &snap->endpoints[i];
        for (size_t k = 0; k < e->probe_count; k++) {
            const bf_probe *p = &e->probes[k];
            row r = {{NULL}, bfgui_probe_image(snap, e, p)};
            r.cells[0] = bfgui_wide(e->protocol);
            r.cells[1] = format_number(e->port);
            r.cells[2] = bfgui_wide(p->address);
            r.cells[3] = bfgui_probe_verdict_text(hinst, snap, e, p);
            r.cells[4] = bfgui_greeting_text(hinst, p->greeting, p->greeting_text);
            ok = row_add(list, &r, 5) && ok;
            row_clear(&r);
        }
    }
    return ok;
}

bool bfgui_overview_fill(HINSTANCE hinst, bfgui_table *tables[BF_PANE__COUNT], const bf_snapshot *snap, int *failed)
{
    *failed = -1;
    for (int p = 0; p < BF_PANE__COUNT; p++)
        bfgui_table_clear(tables[p]);
    if (!snap)
        return true;
    if (!fill_adapters(hinst, tables[BF_PANE_ADAPTERS], snap))
        *failed = BF_PANE_ADAPTERS;
    else if (!fill_resolver(hinst, tables[BF_PANE_RESOLVER], snap))
        *failed = BF_PANE_RESOLVER;
    else if (!fill_binds(hinst, tables[BF_PANE_BINDS], snap))
        *failed = BF_PANE_BINDS;
    return *failed < 0;
}

/* The rows the three lists hold for snap, as the fill above makes them: a resolver answer without
 * addresses is a row of its own; a bind whose status image is "error" has failed. */
void bfgui_overview_count(const bf_snapshot *snap, bf_overview_counts *counts)
{
    ZeroMemory(counts, sizeof *counts);
    if (!snap)
        return;
    counts->adapters = snap->adapter_count;
    for (size_t i = 0; i < snap->resolver_count; i++)
        counts->resolver_rows += snap->resolver[i].address_count ? snap->resolver[i].address_count : 1;
    for (size_t i = 0; i < snap->endpoint_count; i++)
        for (size_t k = 0; k < snap->endpoints[i].probe_count; k++) {
            const bf_probe *p = &snap->endpoints[i].probes[k];
            counts->binds++;
            counts->binds_failed += bfgui_probe_image(snap, &snap->endpoints[i], p) == BF_IMAGE_ERROR;
        }
}

/* ---- images ------------------------------------------------------------------------------------- */

HIMAGELIST bfgui_create_status_images(HINSTANCE hinst, UINT dpi, int *icon_cx)
{
    static const UINT icon_ids[BF_IMAGE__COUNT] = {IDI_STATUS_OK, IDI_STATUS_WARNING, IDI_STATUS_ERROR};
    int cx = bfgui_metric(SM_CXSMICON, dpi);
    if (cx <= 0)
        cx = bfgui_scale(16, dpi);
    HIMAGELIST il = ImageList_Create(cx, cx, ILC_COLOR32 | ILC_MASK, BF_IMAGE__COUNT, 0);
    if (!il)
        return NULL;
    for (int i = 0; i < BF_IMAGE__COUNT; i++) {
        /* The .ico holds 16..48 px versions: LoadImage picks the one drawn for this size. */
        HICON icon = LoadImageW(hinst, MAKEINTRESOURCEW(icon_ids[i]), IMAGE_ICON, cx, cx, LR_DEFAULTCOLOR);
        int idx = icon ? ImageList_AddIcon(il, icon) : -1;
        if (icon)
            DestroyIcon(icon);
        if (idx != i) {
            ImageList_Destroy(il);
            return NULL;
        }
    }
    *icon_cx = cx;
    return il;
}

/* ---- tooltips ------------------------------------------------------------------------------------- */

WCHAR *bfgui_row_tip(HWND list, int pane, int row_index)
{
    /* "Header: text" per line, so a cell cut short by a narrow window can still be read whole. */
    const pane_def *p = &panes[pane];
    size_t cap = 256, len = 0;
    WCHAR *out = malloc(cap * sizeof(WCHAR));
    if (!out)
        return NULL;
    out[0] = L'\0';
    for (int c = 0; c < p->column_count; c++) {
        WCHAR header[128], cell[1024];
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT;
        col.pszText = header;
        col.cchTextMax = (int)BF_COUNTOF(header);
        header[0] = L'\0';
        SendMessageW(list, LVM_GETCOLUMNW, (WPARAM)c, (LPARAM)&col);
        LVITEMW item;
        ZeroMemory(&item, sizeof item);
        item.iSubItem = c;
        item.pszText = cell;
        item.cchTextMax = (int)BF_COUNTOF(cell);
        cell[0] = L'\0';
        SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)row_index, (LPARAM)&item);
        DWORD_PTR args[2] = {(DWORD_PTR)header, (DWORD_PTR)cell};
        WCHAR *line = bfgui_format(GetModuleHandleW(NULL), IDS_TIP_LINE, args, 2);
        if (!line) {
            free(out);
            return NULL;
        }
        size_t need = len + wcslen(line) + 2;
        if (need > cap) {
            size_t ncap = need * 2;
            WCHAR *grown = realloc(out, ncap * sizeof(WCHAR));
            if (!grown) {
                free(line);
                free(out);
                return NULL;
            }
            out = grown;
            cap = ncap;
        }
        if (c) {
            out[len++] = L'\n';
        }
        wcscpy(out + len, line);
        len += wcslen(line);
        free(line);
    }
    return out;
}

/* ---- layout: the column widths and the places of the three lists and the findings pane ------------- */

/* The overview's layout numbers, in pixels at 96 DPI (scaled with bfgui_scale); BF_OVERVIEW_GAP is in
 * gui.h, as the top strip above the lists (page_overview.c) uses it too. */
enum {
    PANE_MIN_W = 100,           /* the narrowest a list gets, even in a narrow window */
    FINDINGS_MIN_H = 80,        /* the findings list's least height below its label: a few rows */
    LISTS_MIN_H = 40,           /* the three lists' least height below their labels */
};

/* Column widths for the lists when the window is too narrow for every column at its natural width:
 * the fixed columns keep theirs, the flexible ones (free text) are cut down to a common level L (the
 * widest is cut first, none below its minimum), found by bisection since the total grows with L. */
static int flex_total(const int natural[BF_PANE__COUNT][BF_MAX_COLUMNS], UINT dpi, int level)
{
    int total = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++)
        for (int c = 0; c < bfgui_pane_column_count(p); c++) {
            int min = bfgui_pane_column_min(p, c, dpi);
            if (min < 0)
                continue;
            int nat = natural[p][c];
            int w = nat < level ? nat : level;
            if (w < min)
                w = min < nat ? min : nat;
            total += w;
        }
    return total;
}

static void choose_column_widths(const int natural[BF_PANE__COUNT][BF_MAX_COLUMNS], UINT dpi,
                                 const int chrome[BF_PANE__COUNT], int avail, int colw[BF_PANE__COUNT][BF_MAX_COLUMNS])
{
    int natural_total = 0, fixed_total = 0, max_natural = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        natural_total += chrome[p];
        fixed_total += chrome[p];
        for (int c = 0; c < bfgui_pane_column_count(p); c++) {
            natural_total += natural[p][c];
            if (bfgui_pane_column_min(p, c, dpi) < 0)
                fixed_total += natural[p][c];
            if (natural[p][c] > max_natural)
                max_natural = natural[p][c];
        }
    }
    int level = max_natural;
    if (natural_total > avail) {
        int lo = 0, hi = max_natural;
        while (lo < hi) {   /* largest level whose total still fits */
            int mid = lo + (hi - lo + 1) / 2;
            if (fixed_total + flex_total(natural, dpi, mid) <= avail)
                lo = mid;
            else
                hi = mid - 1;
        }
        level = lo;
    }
    for (int p = 0; p < BF_PANE__COUNT; p++)
        for (int c = 0; c < bfgui_pane_column_count(p); c++) {
            int nat = natural[p][c];
            int min = bfgui_pane_column_min(p, c, dpi);
            int w = nat;
            if (min >= 0 && nat > level)
                w = level > min ? level : (min < nat ? min : nat);
            colw[p][c] = w;
        }
}

/* A list shows a vertical scroll bar only when its rows do not fit its height: room is kept for one
 * only then, which at a small window size is the difference between a column shown whole or cut. */
static bool needs_vscroll(HWND list, UINT dpi, int list_h)
{
    int rows = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
    if (rows == 0)
        return false;
    RECT item;
    item.left = LVIR_BOUNDS;
    if (!SendMessageW(list, LVM_GETITEMRECT, 0, (LPARAM)&item))
        return true;
    HWND header = (HWND)SendMessageW(list, LVM_GETHEADER, 0, 0);
    RECT hr = {0, 0, 0, 0};
    if (header)
        GetWindowRect(header, &hr);
    int usable = list_h - (hr.bottom - hr.top) - 2 * bfgui_metric(SM_CYEDGE, dpi) -
                 bfgui_metric(SM_CYHSCROLL, dpi);
    return rows * (item.bottom - item.top) > usable;
}

void bfgui_overview_layout(HWND lists[BF_PANE__COUNT], const int natural[BF_PANE__COUNT][BF_MAX_COLUMNS], UINT dpi,
                           int label_h, RECT area, int colw[BF_PANE__COUNT][BF_MAX_COLUMNS],
                           RECT label_rect[BF_PANE__COUNT + 1], RECT list_rect[BF_PANE__COUNT + 1])
{
    const int gap = bfgui_scale(BF_OVERVIEW_GAP, dpi);
    const int min_pane = bfgui_scale(PANE_MIN_W, dpi);
    const int area_w = area.right - area.left;
    int top = area.top;
    int bottom = area.bottom;
    int avail = area_w - (BF_PANE__COUNT - 1) * gap;
    if (avail < BF_PANE__COUNT * min_pane)
        avail = BF_PANE__COUNT * min_pane;
    /* the findings pane takes the lower quarter (at least a few rows), the three lists the rest */
    int findings_h = (bottom - top) / 4;
    if (findings_h < label_h + bfgui_scale(FINDINGS_MIN_H, dpi))
        findings_h = label_h + bfgui_scale(FINDINGS_MIN_H, dpi);
    int findings_top = bottom - findings_h;
    bottom = findings_top - gap;
    if (bottom < top + label_h + bfgui_scale(LISTS_MIN_H, dpi))
        bottom = top + label_h + bfgui_scale(LISTS_MIN_H, dpi);
    int list_h = bottom - top - label_h;
    SetRect(&label_rect[BF_PANE__COUNT], area.left, findings_top, area.left + area_w, findings_top + label_h);
    SetRect(&list_rect[BF_PANE__COUNT], area.left, findings_top + label_h, area.left + area_w, findings_top + findings_h);

    int chrome[BF_PANE__COUNT];
    for (int p = 0; p < BF_PANE__COUNT; p++)
        chrome[p] = 2 * bfgui_metric(SM_CXEDGE, dpi) + 2 +
                    (needs_vscroll(lists[p], dpi, list_h) ? bfgui_metric(SM_CXVSCROLL, dpi) : 0);
    choose_column_widths(natural, dpi, chrome, avail, colw);

    /* Each list as wide as its columns; room to spare is shared in proportion, a shortfall (even the
     * minimums do not fit) is taken from each in proportion, and those lists scroll sideways. */
    int widths[BF_PANE__COUNT], sum = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        widths[p] = chrome[p];
        for (int c = 0; c < bfgui_pane_column_count(p); c++)
            widths[p] += colw[p][c];
        sum += widths[p];
    }
    int used = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        widths[p] = MulDiv(widths[p], avail, sum > 0 ? sum : 1);
        if (widths[p] < min_pane)
            widths[p] = min_pane;
        used += widths[p];
    }
    widths[BF_PANE__COUNT - 1] += avail - used;     /* rounding and min clamps */
    if (widths[BF_PANE__COUNT - 1] < min_pane)
        widths[BF_PANE__COUNT - 1] = min_pane;

    int x = area.left;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        SetRect(&label_rect[p], x, top, x + widths[p], top + label_h);
        SetRect(&list_rect[p], x, top + label_h, x + widths[p], top + label_h + list_h);
        x += widths[p] + gap;
    }
}
