/*
 * resultview.c - the result pane's report list for every scope node but the overview: one row per
 * adapter, binding entry, resolver answer, protocol address, listener, service, event, finding or
 * repair journal, with the same words as the overview (string table), sortable by any column, and
 * copied to the clipboard as tab-separated text.
 *
 * Text from the machine (names, messages, hosts lines) can hold anything: it is shown through
 * bfgui_wide, which keeps it as data, never as markup.
 */
#include "gui.h"

#include "diagnose.h"
#include "order.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const int column_counts[BF_NODE__COUNT] = {
    2,  /* computer: property, value */
    0,  /* overview: its own three lists */
    8, 5, 5, 6, 6, 7, 6, 5, 5,
};

static const UINT column_bases[BF_NODE__COUNT] = {
    IDS_RCOL_COMPUTER, 0, IDS_RCOL_ADAPTERS, IDS_RCOL_BINDING, IDS_RCOL_RESOLVER, IDS_RCOL_PROTOCOLS,
    IDS_RCOL_LISTENERS, IDS_RCOL_SERVICES, IDS_RCOL_EVENTS, IDS_RCOL_FINDINGS, IDS_RCOL_HISTORY,
};

int bfgui_result_column_count(bf_node node)
{
    return node >= 0 && node < BF_NODE__COUNT ? column_counts[node] : 0;
}

/* ---- filling -------------------------------------------------------------------------------------- */

typedef struct row_builder {
    HINSTANCE hinst;
    HWND list;
    int row;            /* index of the row being built */
    bool ok;
} row_builder;

/* Cell col of the current row (col 0 starts a new row). Takes ownership of text (may be NULL: OOM). */
static void put_owned(row_builder *b, int col, WCHAR *text, int image)
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

static void put_utf8(row_builder *b, int col, const char *s, int image)
{
    put_owned(b, col, bfgui_wide(s ? s : ""), image);
}

static void put_int(row_builder *b, int col, long long v, bool known)
{
    WCHAR buf[32];
    if (known)
        _snwprintf(buf, BF_COUNTOF(buf), L"%lld", v);
    else
        wcscpy(buf, L"");
    buf[BF_COUNTOF(buf) - 1] = 0;
    put_owned(b, col, _wcsdup(buf), -1);
}

static void put_string(row_builder *b, int col, UINT id, int image)
{
    put_owned(b, col, bfgui_load_string(b->hinst, id), image);
}

static void put_format(row_builder *b, int col, UINT id, const DWORD_PTR *args, size_t n)
{
    put_owned(b, col, bfgui_format(b->hinst, id, args, n), -1);
}

/* "a, b, c" of a list of UTF-8 strings */
static void put_joined(row_builder *b, int col, char *const *items, size_t n)
{
    bf_buf j;
    bf_buf_init(&j);
    for (size_t i = 0; i < n; i++)
        bf_buf_printf(&j, "%s%s", i ? ", " : "", items[i]);
    put_utf8(b, col, bf_buf_cstr(&j), -1);
    bf_buf_free(&j);
}

static void put_section_status(row_builder *b, int col, bf_section_status st, const char *problem)
{
    WCHAR *p = bfgui_wide(problem ? problem : "");
    DWORD_PTR args[1] = {(DWORD_PTR)(p ? p : L"")};
    put_owned(b, col, bfgui_format(b->hinst, IDS_SECTION_BASE + st, args, 1), -1);
    free(p);
}

static void fill_computer(row_builder *b, const bf_result_data *d)
{
    const bf_snapshot *s = d->snap;
    char os[256];
    snprintf(os, sizeof os, "%s%s%s", s->os.product ? s->os.product : "", s->os.csd && s->os.csd[0] ? " " : "",
             s->os.csd ? s->os.csd : "");
    const char *values[5] = {s->hostname, s->fqdn, os, d->diag ? d->diag->order_rule : "", NULL};
    for (int i = 0; i < 3; i++) {
        put_string(b, 0, IDS_PROP_BASE + i, -1);
        put_utf8(b, 1, values[i], -1);
    }
    put_string(b, 0, IDS_PROP_BASE + 3, -1);
    {
        bf_order_rule rule;
        const char *label = values[3];
        for (rule = 0; rule < BF_ORDER__COUNT; rule++)
            if (d->diag && strcmp(bf_order_rule_token(rule), d->diag->order_rule) == 0)
                label = bf_order_rule_label(rule);
        put_utf8(b, 1, label, -1);
    }
    put_string(b, 0, IDS_PROP_BASE + 4, -1);
    put_owned(b, 1, _wcsdup(d->source_text ? d->source_text : L""), -1);
    put_string(b, 0, IDS_PROP_BASE + 5, -1);
    put_utf8(b, 1, s->collected_at, -1);
    put_string(b, 0, IDS_PROP_BASE + 6, -1);
    put_utf8(b, 1, s->tool_version, -1);
    put_string(b, 0, IDS_PROP_BASE + 7, -1);
    {
        bf_buf t;
        bf_buf_init(&t);
        bf_buf_printf(&t, "%s", s->hosts.path ? s->hosts.path : "");
        for (size_t i = 0; i < s->hosts.entry_count; i++)
            bf_buf_printf(&t, "%s line %d: %s", i ? ";" : " -", s->hosts.entries[i].line, s->hosts.entries[i].text);
        put_utf8(b, 1, bf_buf_cstr(&t), -1);
        bf_buf_free(&t);
    }
    put_string(b, 0, IDS_PROP_BASE + 8, -1);
    put_section_status(b, 1, s->event_log.status, s->event_log.problem);
    put_string(b, 0, IDS_PROP_BASE + 9, -1);
    {
        size_t serious = 0, n = d->diag ? d->diag->finding_count : 0;
        for (size_t i = 0; i < n; i++)
            serious += d->diag->findings[i].severity >= BF_SEV_ERROR;
        DWORD_PTR args[2] = {(DWORD_PTR)n, (DWORD_PTR)serious};
        put_format(b, 1, IDS_FINDINGS_COUNT, args, 2);
    }
}

static void fill_adapters(row_builder *b, const bf_snapshot *s)
{
    for (size_t i = 0; i < s->adapter_count; i++) {
        const bf_adapter *a = &s->adapters[i];
        put_utf8(b, 0, a->friendly_name, bfgui_oper_image(a->status));
        put_owned(b, 1, bfgui_enum_text(b->hinst, IDS_KIND_BASE, (int)a->kind, BF_KIND__COUNT), -1);
        put_owned(b, 2, bfgui_enum_text(b->hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT), -1);
        bf_buf t;
        bf_buf_init(&t);
        for (size_t k = 0; k < a->address_count; k++)
            bf_buf_printf(&t, "%s%s", k ? ", " : "", a->addresses[k].address);
        put_utf8(b, 3, bf_buf_cstr(&t), -1);
        bf_buf_free(&t);
        put_int(b, 4, a->metric4, a->metric4 >= 0);
        put_int(b, 5, a->if_index, a->if_index >= 0);
        put_utf8(b, 6, a->guid, -1);
        put_utf8(b, 7, a->description, -1);
    }
}

static void fill_binding(row_builder *b, const bf_snapshot *s)
{
    if (s->binding.status != BF_SECTION_OK && s->binding.entry_count == 0) {
        put_int(b, 0, 0, false);
        put_utf8(b, 1, s->binding.source, -1);
        put_section_status(b, 2, s->binding.status, s->binding.problem);
        return;
    }
    for (size_t i = 0; i < s->binding.entry_count; i++) {
        const char *entry = s->binding.entries[i];
        const bf_adapter *a = bf_snap_find_adapter_by_binding(s, entry);
        put_int(b, 0, (long long)i + 1, true);
        put_utf8(b, 1, entry, -1);
        if (a) {
            put_utf8(b, 2, a->friendly_name, -1);
            put_owned(b, 3, bfgui_enum_text(b->hinst, IDS_KIND_BASE, (int)a->kind, BF_KIND__COUNT), -1);
            put_owned(b, 4, bfgui_enum_text(b->hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT), -1);
        } else {
            put_string(b, 2, IDS_NOT_AVAILABLE, -1);
        }
    }
}

static void fill_resolver(row_builder *b, const bf_snapshot *s)
{
    for (size_t r = 0; r < s->resolver_count; r++) {
        const bf_resolution *res = &s->resolver[r];
        if (res->error) {
            put_int(b, 0, 0, false);
            DWORD_PTR args[1] = {(DWORD_PTR)res->error};
            put_format(b, 1, IDS_RES_FAILED, args, 1);
            put_utf8(b, 2, res->api, -1);
            put_utf8(b, 3, res->query, -1);
            continue;
        }
        for (size_t i = 0; i < res->address_count; i++) {
            int image = BF_IMAGE_ERROR;
            WCHAR *held = bfgui_held_by_text(b->hinst, s, res->addresses[i], &image);
            put_int(b, 0, (long long)i + 1, true);
            /* the column order puts the position first; the image marks usable or not */
            bfgui_list_set_image(b->list, b->row, image);
            put_utf8(b, 1, res->addresses[i], -1);
            put_utf8(b, 2, res->api, -1);
            put_utf8(b, 3, res->query, -1);
            put_owned(b, 4, held, -1);
        }
    }
}

static void fill_protocols(row_builder *b, const bf_snapshot *s)
{
    for (size_t i = 0; i < s->endpoint_count; i++) {
        const bf_endpoint *e = &s->endpoints[i];
        for (size_t k = 0; k < e->probe_count; k++) {
            const bf_probe *p = &e->probes[k];
            put_utf8(b, 0, e->protocol, bfgui_probe_image(p->result, p->greeting));
            put_int(b, 1, e->port, true);
            put_utf8(b, 2, p->address, -1);
            put_owned(b, 3, bfgui_probe_text(b->hinst, p->result, p->error, p->owner), -1);
            put_owned(b, 4, bfgui_greeting_text(b->hinst, p->greeting, p->greeting_text), -1);
            put_utf8(b, 5, e->service, -1);
        }
    }
}

static void fill_listeners(row_builder *b, const bf_snapshot *s)
{
    for (size_t i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        put_utf8(b, 0, l->transport, -1);
        put_utf8(b, 1, l->address, -1);
        put_int(b, 2, l->port, true);
        put_int(b, 3, l->pid, l->pid >= 0);
        put_utf8(b, 4, l->process, -1);
        put_joined(b, 5, l->services, l->service_count);
    }
}

static void fill_services(row_builder *b, const bf_snapshot *s)
{
    for (size_t i = 0; i < s->service_count; i++) {
        const bf_service *v = &s->services[i];
        int image = v->state == BF_SVC_RUNNING ? BF_IMAGE_OK
                    : v->state == BF_SVC_STOPPED && v->exit_code == 0 ? BF_IMAGE_WARNING
                                                                      : BF_IMAGE_ERROR;
        put_utf8(b, 0, v->name, image);
        put_utf8(b, 1, v->display_name, -1);
        put_string(b, 2, IDS_SVC_STATE_BASE + v->state, -1);
        put_string(b, 3, IDS_START_BASE + v->start_type, -1);
        put_int(b, 4, v->pid, v->pid > 0);
        put_joined(b, 5, v->dependencies, v->dependency_count);
        put_int(b, 6, v->exit_code, true);
    }
}

static void fill_events(row_builder *b, const bf_snapshot *s)
{
    if (s->event_log.event_count == 0 && s->event_log.status != BF_SECTION_OK) {
        /* "unavailable" is not "no events": say which */
        put_utf8(b, 0, "", BF_IMAGE_WARNING);
        put_section_status(b, 5, s->event_log.status, s->event_log.problem);
        return;
    }
    for (size_t i = 0; i < s->event_log.event_count; i++) {
        const bf_event *e = &s->event_log.events[i];
        bool error = strcmp(e->type, "error") == 0;
        put_utf8(b, 0, e->time, error ? BF_IMAGE_ERROR : BF_IMAGE_WARNING);
        put_utf8(b, 1, e->log, -1);
        put_utf8(b, 2, e->source, -1);
        put_int(b, 3, e->event_id, true);
        put_utf8(b, 4, e->type, -1);
        put_utf8(b, 5, e->message, -1);
    }
}

static void fill_findings(row_builder *b, const bf_diagnosis *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->finding_count; i++) {
        const bf_finding *f = &d->findings[i];
        put_owned(b, 0, bfgui_enum_text(b->hinst, IDS_SEV_BASE, (int)f->severity, BF_SEV_CRITICAL + 1),
                  bfgui_severity_image((int)f->severity));
        put_utf8(b, 1, f->id, -1);
        put_utf8(b, 2, f->title, -1);
        bf_buf t;
        bf_buf_init(&t);
        for (size_t k = 0; k < f->evidence_count; k++)
            bf_buf_printf(&t, "%s%s", k ? "; " : "", f->evidence[k].text);
        put_utf8(b, 3, bf_buf_cstr(&t), -1);
        bf_buf_reset(&t);
        for (size_t k = 0; k < f->action_count; k++)
            if (f->actions[k].recommended)
                bf_buf_printf(&t, "%s%s", t.len ? "; " : "", f->actions[k].title);
        put_utf8(b, 4, bf_buf_cstr(&t), -1);
        bf_buf_free(&t);
    }
}

static void fill_history(row_builder *b, const bf_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->count; i++) {
        const bf_history_entry *e = &h->items[i];
        bool good = strcmp(e->state, "applied") == 0 || strcmp(e->state, "undone") == 0 ||
                    strcmp(e->state, "rolled-back") == 0;
        put_utf8(b, 0, e->created, good ? BF_IMAGE_OK : BF_IMAGE_ERROR);
        put_utf8(b, 1, e->problem[0] ? e->problem : e->state, -1);
        put_int(b, 2, (long long)e->steps, !e->problem[0]);
        put_utf8(b, 3, e->actions, -1);
        put_utf8(b, 4, e->path, -1);
    }
}

bool bfgui_result_fill(HINSTANCE hinst, HWND list, bf_node node, const bf_result_data *d, const int *widths,
                       size_t *rows)
{
    *rows = 0;
    SendMessageW(list, WM_SETREDRAW, FALSE, 0);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    while (SendMessageW(list, LVM_DELETECOLUMN, 0, 0))
        ;
    int ncol = bfgui_result_column_count(node);
    bool ok = true;
    for (int c = 0; c < ncol; c++) {
        WCHAR *title = bfgui_load_string(hinst, column_bases[node] + (UINT)c);
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
    row_builder b = {hinst, list, -1, true};
    if (d->snap) {
        switch (node) {
        case BF_NODE_COMPUTER: fill_computer(&b, d); break;
        case BF_NODE_ADAPTERS: fill_adapters(&b, d->snap); break;
        case BF_NODE_BINDING: fill_binding(&b, d->snap); break;
        case BF_NODE_RESOLVER: fill_resolver(&b, d->snap); break;
        case BF_NODE_PROTOCOLS: fill_protocols(&b, d->snap); break;
        case BF_NODE_LISTENERS: fill_listeners(&b, d->snap); break;
        case BF_NODE_SERVICES: fill_services(&b, d->snap); break;
        case BF_NODE_EVENTS: fill_events(&b, d->snap); break;
        case BF_NODE_FINDINGS: fill_findings(&b, d->diag); break;
        case BF_NODE_HISTORY: fill_history(&b, d->history); break;
        default: break;
        }
    }
    /* columns the administrator has not sized get their natural width (header and every cell) */
    for (int c = 0; c < ncol; c++)
        if (!widths || widths[c] <= 0)
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, LVSCW_AUTOSIZE_USEHEADER);
    SendMessageW(list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(list, NULL, TRUE);
    *rows = (size_t)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
    return ok && b.ok;
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
