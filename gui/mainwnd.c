/*
 * mainwnd.c - bindfix's main window: the overview of one machine in three lists side by side
 * (adapters | resolver order | protocol bind status), a menu, and a status bar with the scan state.
 *
 * State lives in main_ctx (heap; lpCreateParams -> GWLP_USERDATA; freed on WM_NCDESTROY).  The window
 * procedure only dispatches to one On* handler per message.  Data arrives from loader.c's worker thread
 * as WM_BF_LOAD_DONE; the UI thread never waits for the machine.
 */
#include "gui.h"

#include "diagnose.h"

#include <commdlg.h>
#include <stdlib.h>
#include <string.h>
#include <uxtheme.h>

typedef struct main_ctx {
    HINSTANCE hinst;
    HWND hwnd;
    HWND labels[BF_PANE__COUNT];
    HWND lists[BF_PANE__COUNT];
    HWND findings_label, findings;  /* the findings pane, full width under the three lists */
    HWND status;
    HFONT font;                 /* owned; NULL: the controls keep the stock font */
    int font_height;            /* pixels, of font at dpi */
    HIMAGELIST images;          /* owned; shared by the lists (LVS_SHAREIMAGELISTS) */
    int icon_cx;
    UINT dpi;
    int natural[BF_PANE__COUNT][BF_MAX_COLUMNS];   /* column widths that show every cell whole */
    int colw[BF_PANE__COUNT][BF_MAX_COLUMNS];      /* widths chosen for the window's current size */

    bf_source_kind source;      /* what Refresh reloads */
    WCHAR *path;                /* BF_SOURCE_FILE: malloc'd */
    bf_load_job *job;           /* the current or last load; NULL before the first */
    unsigned generation;
    unsigned loads_ended;       /* published as BF_LOADS_PROP */
    bf_snapshot *snap;          /* what the lists show; owned */
    struct bf_diagnosis *diag;  /* its findings; owned, may be NULL */
    bf_load_state state;
    HWND focus;                 /* child to give the focus back to on activation */
} main_ctx;

typedef struct main_create_params {
    main_ctx *ctx;
    bool adopted;               /* set by WM_NCCREATE: from then on the window frees ctx */
} main_create_params;

static const int pane_label_ids[BF_PANE__COUNT] = {IDC_ADAPTERS_LABEL, IDC_RESOLVER_LABEL, IDC_BINDS_LABEL};
static const int pane_list_ids[BF_PANE__COUNT] = {IDC_ADAPTERS_LIST, IDC_RESOLVER_LIST, IDC_BINDS_LIST};

/* ---- helpers -------------------------------------------------------------------------------------- */

static void set_state(main_ctx *ctx, bf_load_state state)
{
    ctx->state = state;
    SetPropW(ctx->hwnd, BF_STATE_PROP, (HANDLE)(INT_PTR)state);
}

static void set_status_text(main_ctx *ctx, int part, const WCHAR *text)
{
    SendMessageW(ctx->status, SB_SETTEXTW, (WPARAM)part, (LPARAM)(text ? text : L""));
}

static void set_status_string(main_ctx *ctx, int part, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *text = bfgui_format(ctx->hinst, id, args, n);
    set_status_text(ctx, part, text);
    free(text);
}

static WCHAR *source_text(main_ctx *ctx)
{
    switch (ctx->source) {
    case BF_SOURCE_DEMO:
        return bfgui_load_string(ctx->hinst, IDS_SOURCE_DEMO);
    case BF_SOURCE_FILE: {
        DWORD_PTR args[1] = {(DWORD_PTR)(ctx->path ? ctx->path : L"")};
        return bfgui_format(ctx->hinst, IDS_SOURCE_FILE, args, 1);
    }
    case BF_SOURCE_LIVE:
    default:
        return bfgui_load_string(ctx->hinst, IDS_SOURCE_LIVE);
    }
}

static void set_title_string(main_ctx *ctx, UINT id)
{
    WCHAR *title = bfgui_load_string(ctx->hinst, id);
    if (title)
        SetWindowTextW(ctx->hwnd, title);
    free(title);
}

static void show_error(main_ctx *ctx, const WCHAR *detail)
{
    DWORD_PTR args[1] = {(DWORD_PTR)(detail ? detail : L"")};
    WCHAR *text = bfgui_format(ctx->hinst, IDS_ERR_LOAD, args, 1);
    bfgui_message_box(ctx->hwnd, text ? text : detail, MB_OK | MB_ICONERROR);
    free(text);
}

static void show_string_error(main_ctx *ctx, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *detail = bfgui_format(ctx->hinst, id, args, n);
    show_error(ctx, detail);
    free(detail);
}

/* ---- fonts, images, measuring, layout ------------------------------------------------------------- */

static void apply_font(main_ctx *ctx)
{
    HFONT font = bfgui_create_ui_font(ctx->dpi);
    if (font) {
        HFONT old = ctx->font;
        ctx->font = font;
        for (int p = 0; p < BF_PANE__COUNT; p++) {
            SendMessageW(ctx->labels[p], WM_SETFONT, (WPARAM)font, TRUE);
            SendMessageW(ctx->lists[p], WM_SETFONT, (WPARAM)font, TRUE);
        }
        SendMessageW(ctx->findings_label, WM_SETFONT, (WPARAM)font, TRUE);
        SendMessageW(ctx->findings, WM_SETFONT, (WPARAM)font, TRUE);
        SendMessageW(ctx->status, WM_SETFONT, (WPARAM)font, TRUE);
        if (old)
            DeleteObject(old);
    }
    HDC dc = GetDC(ctx->hwnd);
    if (dc) {
        HGDIOBJ prev = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : GetStockObject(DEFAULT_GUI_FONT));
        TEXTMETRICW tm;
        ctx->font_height = GetTextMetricsW(dc, &tm) ? tm.tmHeight : bfgui_scale(16, ctx->dpi);
        SelectObject(dc, prev);
        ReleaseDC(ctx->hwnd, dc);
    }
}

static void apply_images(main_ctx *ctx)
{
    int cx = 0;
    HIMAGELIST il = bfgui_create_status_images(ctx->hinst, ctx->dpi, &cx);
    if (!il)
        return;     /* keep the previous (wrong-size) images rather than none: status is also in text */
    for (int p = 0; p < BF_PANE__COUNT; p++)
        SendMessageW(ctx->lists[p], LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)il);
    SendMessageW(ctx->findings, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)il);
    if (ctx->images)
        ImageList_Destroy(ctx->images);
    ctx->images = il;
    ctx->icon_cx = cx;
}

static void measure(main_ctx *ctx)
{
    for (int p = 0; p < BF_PANE__COUNT; p++)
        bfgui_measure_columns(ctx->lists[p], bfgui_pane_column_count(p), ctx->icon_cx, ctx->dpi,
                              ctx->natural[p]);
}

static void set_status_parts(main_ctx *ctx, int client_w)
{
    WCHAR *src = source_text(ctx);
    int src_w = bfgui_scale(160, ctx->dpi);
    if (src) {
        HDC dc = GetDC(ctx->status);
        if (dc) {
            HGDIOBJ prev = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : GetStockObject(DEFAULT_GUI_FONT));
            SIZE sz;
            if (GetTextExtentPoint32W(dc, src, (int)wcslen(src), &sz))
                src_w = sz.cx + bfgui_scale(24, ctx->dpi) + bfgui_metric(SM_CXVSCROLL, ctx->dpi);
            SelectObject(dc, prev);
            ReleaseDC(ctx->status, dc);
        }
    }
    if (src_w > client_w / 2)
        src_w = client_w / 2;
    int parts[2] = {client_w - src_w, -1};
    SendMessageW(ctx->status, SB_SETPARTS, 2, (LPARAM)parts);
    set_status_text(ctx, 1, src);
    free(src);
}

/* Column widths for the lists when the window is too narrow for every column at its natural width:
 * the fixed columns keep theirs, the flexible ones (free text) are cut down to a common level L (the
 * widest is cut first, none below its minimum), found by bisection since the total grows with L. */
static int flex_total(main_ctx *ctx, int level)
{
    int total = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++)
        for (int c = 0; c < bfgui_pane_column_count(p); c++) {
            int min = bfgui_pane_column_min(p, c, ctx->dpi);
            if (min < 0)
                continue;
            int nat = ctx->natural[p][c];
            int w = nat < level ? nat : level;
            if (w < min)
                w = min < nat ? min : nat;
            total += w;
        }
    return total;
}

static void choose_column_widths(main_ctx *ctx, const int chrome[BF_PANE__COUNT], int avail)
{
    int natural_total = 0, fixed_total = 0, max_natural = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        natural_total += chrome[p];
        fixed_total += chrome[p];
        for (int c = 0; c < bfgui_pane_column_count(p); c++) {
            natural_total += ctx->natural[p][c];
            if (bfgui_pane_column_min(p, c, ctx->dpi) < 0)
                fixed_total += ctx->natural[p][c];
            if (ctx->natural[p][c] > max_natural)
                max_natural = ctx->natural[p][c];
        }
    }
    int level = max_natural;
    if (natural_total > avail) {
        int lo = 0, hi = max_natural;
        while (lo < hi) {   /* largest level whose total still fits */
            int mid = lo + (hi - lo + 1) / 2;
            if (fixed_total + flex_total(ctx, mid) <= avail)
                lo = mid;
            else
                hi = mid - 1;
        }
        level = lo;
    }
    for (int p = 0; p < BF_PANE__COUNT; p++)
        for (int c = 0; c < bfgui_pane_column_count(p); c++) {
            int nat = ctx->natural[p][c];
            int min = bfgui_pane_column_min(p, c, ctx->dpi);
            int w = nat;
            if (min >= 0 && nat > level)
                w = level > min ? level : (min < nat ? min : nat);
            ctx->colw[p][c] = w;
        }
}

/* A list shows a vertical scroll bar only when its rows do not fit its height: room is kept for one
 * only then, which at a small window size is the difference between a column shown whole or cut. */
static bool needs_vscroll(main_ctx *ctx, int pane, int list_h)
{
    HWND list = ctx->lists[pane];
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
    int usable = list_h - (hr.bottom - hr.top) - 2 * bfgui_metric(SM_CYEDGE, ctx->dpi) -
                 bfgui_metric(SM_CYHSCROLL, ctx->dpi);
    return rows * (item.bottom - item.top) > usable;
}

/* Applies the chosen widths; a list wider than its columns gives the rest to the last one, so no
 * empty band is left at the right. */
static void size_columns(main_ctx *ctx, int pane)
{
    HWND list = ctx->lists[pane];
    int n = bfgui_pane_column_count(pane);
    RECT rc;
    GetClientRect(list, &rc);
    int total = 0;
    for (int c = 0; c < n; c++)
        total += ctx->colw[pane][c];
    for (int c = 0; c < n; c++) {
        int w = ctx->colw[pane][c];
        if (c == n - 1 && rc.right > total)
            w += rc.right - total;
        SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, MAKELPARAM(w, 0));
    }
}

static void layout(main_ctx *ctx)
{
    RECT rc;
    GetClientRect(ctx->hwnd, &rc);
    SendMessageW(ctx->status, WM_SIZE, 0, 0);
    RECT sr;
    GetWindowRect(ctx->status, &sr);
    int status_h = sr.bottom - sr.top;
    set_status_parts(ctx, rc.right);

    const int margin = bfgui_scale(6, ctx->dpi);
    const int gap = bfgui_scale(8, ctx->dpi);
    const int label_h = ctx->font_height + bfgui_scale(6, ctx->dpi);
    const int min_pane = bfgui_scale(120, ctx->dpi);
    int top = margin;
    int bottom = rc.bottom - status_h - margin;
    int avail = rc.right - 2 * margin - (BF_PANE__COUNT - 1) * gap;
    if (avail < BF_PANE__COUNT * min_pane)
        avail = BF_PANE__COUNT * min_pane;
    /* the findings pane takes the lower quarter (at least a few rows), the three lists the rest */
    int findings_h = (bottom - top) / 4;
    if (findings_h < label_h + bfgui_scale(80, ctx->dpi))
        findings_h = label_h + bfgui_scale(80, ctx->dpi);
    int findings_top = bottom - findings_h;
    bottom = findings_top - gap;
    if (bottom < top + label_h + bfgui_scale(40, ctx->dpi))
        bottom = top + label_h + bfgui_scale(40, ctx->dpi);
    int list_h = bottom - top - label_h;
    SetWindowPos(ctx->findings_label, NULL, margin, findings_top, rc.right - 2 * margin, label_h,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(ctx->findings, NULL, margin, findings_top + label_h, rc.right - 2 * margin, findings_h - label_h,
                 SWP_NOZORDER | SWP_NOACTIVATE);

    int chrome[BF_PANE__COUNT];
    for (int p = 0; p < BF_PANE__COUNT; p++)
        chrome[p] = 2 * bfgui_metric(SM_CXEDGE, ctx->dpi) + 2 +
                    (needs_vscroll(ctx, p, list_h) ? bfgui_metric(SM_CXVSCROLL, ctx->dpi) : 0);
    choose_column_widths(ctx, chrome, avail);

    /* Each list as wide as its columns; room to spare is shared in proportion, a shortfall (even the
     * minimums do not fit) is taken from each in proportion, and those lists scroll sideways. */
    int widths[BF_PANE__COUNT], sum = 0;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        widths[p] = chrome[p];
        for (int c = 0; c < bfgui_pane_column_count(p); c++)
            widths[p] += ctx->colw[p][c];
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

    HDWP dwp = BeginDeferWindowPos(2 * BF_PANE__COUNT);
    int x = margin;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        if (dwp)
            dwp = DeferWindowPos(dwp, ctx->labels[p], NULL, x, top, widths[p], label_h,
                                 SWP_NOZORDER | SWP_NOACTIVATE);
        if (dwp)
            dwp = DeferWindowPos(dwp, ctx->lists[p], NULL, x, top + label_h, widths[p], list_h,
                                 SWP_NOZORDER | SWP_NOACTIVATE);
        x += widths[p] + gap;
    }
    if (dwp) {
        EndDeferWindowPos(dwp);
    } else {
        /* DeferWindowPos failed (out of memory): place them one by one. */
        x = margin;
        for (int p = 0; p < BF_PANE__COUNT; p++) {
            SetWindowPos(ctx->labels[p], NULL, x, top, widths[p], label_h, SWP_NOZORDER | SWP_NOACTIVATE);
            SetWindowPos(ctx->lists[p], NULL, x, top + label_h, widths[p], list_h, SWP_NOZORDER | SWP_NOACTIVATE);
            x += widths[p] + gap;
        }
    }
    for (int p = 0; p < BF_PANE__COUNT; p++)
        size_columns(ctx, p);
}

/* ---- loading ---------------------------------------------------------------------------------------- */

static bool loading(const main_ctx *ctx)
{
    return bfgui_load_running(ctx->job);
}

static void start_load(main_ctx *ctx)
{
    if (loading(ctx)) {
        MessageBeep(MB_OK);
        return;
    }
    if (ctx->job) {
        bfgui_load_finish(ctx->job, INFINITE);  /* already ended: this only frees it */
        ctx->job = NULL;
    }
    ctx->generation++;
    set_state(ctx, BF_LOAD_STATE_LOADING);
    set_title_string(ctx, IDS_TITLE_LOADING);
    if (ctx->source == BF_SOURCE_DEMO) {
        set_status_string(ctx, 0, IDS_STATUS_LOADING_DEMO, NULL, 0);
    } else if (ctx->source == BF_SOURCE_FILE) {
        DWORD_PTR args[1] = {(DWORD_PTR)(ctx->path ? ctx->path : L"")};
        set_status_string(ctx, 0, IDS_STATUS_LOADING_FILE, args, 1);
    } else {
        set_status_string(ctx, 0, IDS_STATUS_SCANNING, NULL, 0);
    }
    layout(ctx);    /* the source part of the status bar may have changed */

    DWORD rc = bfgui_load_start(ctx->hwnd, ctx->source, ctx->path, ctx->generation, &ctx->job);
    if (rc != ERROR_SUCCESS) {
        set_state(ctx, ctx->snap ? BF_LOAD_STATE_LOADED : BF_LOAD_STATE_FAILED);
        set_title_string(ctx, IDS_TITLE_FAILED);
        set_status_string(ctx, 0, IDS_STATUS_FAILED, NULL, 0);
        DWORD_PTR args[1] = {(DWORD_PTR)rc};
        show_string_error(ctx, IDS_ERR_THREAD, args, 1);
    }
}

static void show_snapshot(main_ctx *ctx)
{
    bf_overview_counts counts;
    size_t serious = 0;
    if (!bfgui_overview_fill(ctx->hinst, ctx->lists, ctx->snap, &counts) ||
        !bfgui_findings_fill(ctx->hinst, ctx->findings, ctx->diag, &serious))
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
    measure(ctx);
    layout(ctx);

    WCHAR *host = bfgui_wide(ctx->snap->hostname);
    WCHAR *src = source_text(ctx);
    if (host && src) {
        DWORD_PTR args[2] = {(DWORD_PTR)host, (DWORD_PTR)src};
        WCHAR *title = bfgui_format(ctx->hinst, IDS_TITLE_FORMAT, args, 2);
        if (title)
            SetWindowTextW(ctx->hwnd, title);
        free(title);
    }
    free(host);
    free(src);

    DWORD_PTR args[4] = {(DWORD_PTR)counts.adapters, (DWORD_PTR)counts.resolver_rows,
                         (DWORD_PTR)counts.binds_failed, (DWORD_PTR)counts.binds};
    set_status_string(ctx, 0, IDS_STATUS_LOADED, args, 4);
}

/* ---- message handlers -------------------------------------------------------------------------------- */

static BOOL OnNcCreate(HWND hwnd, const CREATESTRUCTW *cs)
{
    main_create_params *params = cs->lpCreateParams;
    params->adopted = true;
    params->ctx->hwnd = hwnd;
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)params->ctx);
    return TRUE;
}

static LRESULT OnCreate(main_ctx *ctx)
{
    ctx->dpi = bfgui_dpi_for_window(ctx->hwnd);
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        /* The label comes right before its list in the Z order: its mnemonic (Alt+A, Alt+R, Alt+P)
         * moves the focus to the list, and screen readers take the label as the list's name. */
        WCHAR *caption = bfgui_load_string(ctx->hinst, bfgui_pane_label_id(p));
        ctx->labels[p] = CreateWindowExW(0, WC_STATICW, caption ? caption : L"",
                                         WS_CHILD | WS_VISIBLE | SS_LEFT | SS_CENTERIMAGE, 0, 0, 0, 0,
                                         ctx->hwnd, (HMENU)(INT_PTR)pane_label_ids[p], ctx->hinst, NULL);
        free(caption);
        ctx->lists[p] = CreateWindowExW(WS_EX_CLIENTEDGE, WC_LISTVIEWW, L"",
                                        WS_CHILD | WS_VISIBLE | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS |
                                            LVS_SINGLESEL | LVS_SHAREIMAGELISTS,
                                        0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)pane_list_ids[p], ctx->hinst,
                                        NULL);
        if (!ctx->labels[p] || !ctx->lists[p])
            return -1;
        SendMessageW(ctx->lists[p], LVM_SETEXTENDEDLISTVIEWSTYLE, 0,
                     LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP | LVS_EX_INFOTIP);
        SetWindowTheme(ctx->lists[p], L"Explorer", NULL);
        if (!bfgui_pane_add_columns(ctx->hinst, ctx->lists[p], p))
            return -1;
    }
    {
        WCHAR *caption = bfgui_load_string(ctx->hinst, IDS_LABEL_FINDINGS);
        ctx->findings_label = CreateWindowExW(0, WC_STATICW, caption ? caption : L"",
                                              WS_CHILD | WS_VISIBLE | SS_LEFT | SS_CENTERIMAGE, 0, 0, 0, 0, ctx->hwnd,
                                              (HMENU)(INT_PTR)IDC_FINDINGS_LABEL, ctx->hinst, NULL);
        free(caption);
        ctx->findings = CreateWindowExW(WS_EX_CLIENTEDGE, WC_LISTVIEWW, L"",
                                        WS_CHILD | WS_VISIBLE | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS |
                                            LVS_SINGLESEL | LVS_SHAREIMAGELISTS,
                                        0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_FINDINGS_LIST, ctx->hinst, NULL);
        if (!ctx->findings_label || !ctx->findings)
            return -1;
        SendMessageW(ctx->findings, LVM_SETEXTENDEDLISTVIEWSTYLE, 0,
                     LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP | LVS_EX_INFOTIP);
        SetWindowTheme(ctx->findings, L"Explorer", NULL);
        if (!bfgui_findings_add_columns(ctx->hinst, ctx->findings, ctx->dpi))
            return -1;
    }
    ctx->status = CreateWindowExW(0, STATUSCLASSNAMEW, L"", WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, 0, 0, 0, 0,
                                  ctx->hwnd, (HMENU)(INT_PTR)IDC_STATUSBAR, ctx->hinst, NULL);
    if (!ctx->status)
        return -1;
    apply_font(ctx);
    apply_images(ctx);
    measure(ctx);
    ctx->focus = ctx->lists[BF_PANE_ADAPTERS];
    set_state(ctx, BF_LOAD_STATE_EMPTY);
    return 0;
}

static void OnSize(main_ctx *ctx, UINT kind)
{
    if (kind != SIZE_MINIMIZED)
        layout(ctx);
}

static void OnDpiChanged(main_ctx *ctx, UINT dpi, const RECT *suggested)
{
    ctx->dpi = dpi;
    apply_font(ctx);
    apply_images(ctx);
    measure(ctx);
    SetWindowPos(ctx->hwnd, NULL, suggested->left, suggested->top, suggested->right - suggested->left,
                 suggested->bottom - suggested->top, SWP_NOZORDER | SWP_NOACTIVATE);
    layout(ctx);    /* also when the suggested size equals the old one (no WM_SIZE then) */
}

static void OnGetMinMaxInfo(main_ctx *ctx, MINMAXINFO *mmi)
{
    UINT dpi = ctx ? ctx->dpi : bfgui_dpi_for_system();
    mmi->ptMinTrackSize.x = bfgui_scale(520, dpi);
    mmi->ptMinTrackSize.y = bfgui_scale(300, dpi);
}

static void OnFileOpen(main_ctx *ctx)
{
    if (loading(ctx)) {
        MessageBeep(MB_OK);
        return;
    }
    WCHAR *filter = bfgui_load_string(ctx->hinst, IDS_OPEN_FILTER);
    WCHAR *title = bfgui_load_string(ctx->hinst, IDS_OPEN_TITLE);
    WCHAR file[4096] = L"";
    if (filter) {
        /* The string table cannot hold NULs: '|' separates the filter pairs there. */
        for (WCHAR *p = filter; *p; p++)
            if (*p == L'|')
                *p = L'\0';
    }
    OPENFILENAMEW ofn;
    ZeroMemory(&ofn, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = ctx->hwnd;
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = file;
    ofn.nMaxFile = (DWORD)BF_COUNTOF(file);
    ofn.lpstrTitle = title;
    ofn.Flags = OFN_EXPLORER | OFN_FILEMUSTEXIST | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY;
    BOOL chosen = GetOpenFileNameW(&ofn);
    free(filter);
    free(title);
    if (!chosen)
        return;
    WCHAR *path = _wcsdup(file);
    if (!path) {
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
        return;
    }
    free(ctx->path);
    ctx->path = path;
    ctx->source = BF_SOURCE_FILE;
    start_load(ctx);
}

static void OnCommand(main_ctx *ctx, int id)
{
    switch (id) {
    case IDM_FILE_OPEN:
        OnFileOpen(ctx);
        break;
    case IDM_FILE_EXIT:
        PostMessageW(ctx->hwnd, WM_CLOSE, 0, 0);
        break;
    case IDM_VIEW_REFRESH:
        start_load(ctx);
        break;
    case IDM_HELP_ABOUT:
        bfgui_show_about(ctx->hinst, ctx->hwnd);
        break;
    default:
        break;
    }
}

static void OnInitMenuPopup(main_ctx *ctx, HMENU menu)
{
    UINT flags = MF_BYCOMMAND | (loading(ctx) ? MF_GRAYED : MF_ENABLED);
    EnableMenuItem(menu, IDM_FILE_OPEN, flags);
    EnableMenuItem(menu, IDM_VIEW_REFRESH, flags);
}

static void OnLoadProgress(main_ctx *ctx, int percent, WCHAR *step)
{
    if (loading(ctx)) {
        DWORD_PTR args[2] = {(DWORD_PTR)percent, (DWORD_PTR)(step ? step : L"")};
        set_status_string(ctx, 0, IDS_STATUS_PROGRESS, args, 2);
    }
    free(step);
}

static void OnLoadDone(main_ctx *ctx, bf_load_result *res)
{
    /* The worker posted this as its last act: waiting for it to return is immediate. */
    if (ctx->job) {
        bfgui_load_finish(ctx->job, INFINITE);
        ctx->job = NULL;
    }
    if (res && res->generation != ctx->generation) {
        bfgui_load_result_free(res);    /* answer to a request that was replaced */
        return;
    }
    ctx->loads_ended++;
    SetPropW(ctx->hwnd, BF_LOADS_PROP, (HANDLE)(UINT_PTR)ctx->loads_ended);
    if (res && res->snap) {
        bf_snapshot_destroy(ctx->snap);
        bf_diagnosis_destroy(ctx->diag);
        ctx->snap = res->snap;
        ctx->diag = res->diag;
        res->snap = NULL;
        res->diag = NULL;
        bfgui_load_result_free(res);
        show_snapshot(ctx);
        set_state(ctx, BF_LOAD_STATE_LOADED);
        return;
    }

    /* Failed: keep showing what was there before (a bad file must not wipe a good view). */
    char msg[sizeof(res->err.msg) + sizeof(res->err.where) + 64];
    if (res)
        bf_err_format(&res->err, msg, sizeof msg);
    bfgui_load_result_free(res);
    if (ctx->snap) {
        show_snapshot(ctx);
        set_state(ctx, BF_LOAD_STATE_LOADED);
    } else {
        set_title_string(ctx, IDS_TITLE_FAILED);
        set_status_string(ctx, 0, IDS_STATUS_FAILED, NULL, 0);
        set_state(ctx, BF_LOAD_STATE_FAILED);
    }
    if (res) {
        WCHAR *detail = bfgui_wide(msg);
        show_error(ctx, detail);
        free(detail);
    } else {
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
    }
}

static LRESULT OnNotify(main_ctx *ctx, NMHDR *nm)
{
    if (nm->code != LVN_GETINFOTIPW)
        return 0;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        if (nm->hwndFrom != ctx->lists[p])
            continue;
        NMLVGETINFOTIPW *tip = (NMLVGETINFOTIPW *)nm;
        WCHAR *text = bfgui_row_tip(ctx->lists[p], p, tip->iItem);
        if (text && tip->pszText && tip->cchTextMax > 0)
            lstrcpynW(tip->pszText, text, tip->cchTextMax);
        free(text);
    }
    return 0;
}

static void OnSetFocus(main_ctx *ctx)
{
    if (ctx->focus && IsWindow(ctx->focus))
        SetFocus(ctx->focus);
}

static void OnActivate(main_ctx *ctx, UINT how)
{
    if (how == WA_INACTIVE) {
        HWND f = GetFocus();
        if (f && IsChild(ctx->hwnd, f))
            ctx->focus = f;
    }
}

static void OnDestroy(main_ctx *ctx)
{
    if (ctx->job) {
        /* A live scan stops at its next safe point; a few seconds covers a probe's connect timeout. */
        bfgui_load_finish(ctx->job, 10000);
        ctx->job = NULL;
    }
    /* Results and progress the worker posted but nobody read: free what they carry. */
    MSG msg;
    while (PeekMessageW(&msg, ctx->hwnd, WM_BF_LOAD_DONE, WM_BF_LOAD_PROGRESS, PM_REMOVE)) {
        if (msg.message == WM_BF_LOAD_DONE)
            bfgui_load_result_free((bf_load_result *)msg.lParam);
        else
            free((WCHAR *)msg.lParam);
    }
    RemovePropW(ctx->hwnd, BF_STATE_PROP);
    RemovePropW(ctx->hwnd, BF_LOADS_PROP);
    PostQuitMessage(0);
}

static void OnNcDestroy(HWND hwnd, main_ctx *ctx)
{
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
    if (!ctx)
        return;
    if (ctx->font)
        DeleteObject(ctx->font);
    if (ctx->images)
        ImageList_Destroy(ctx->images);
    bf_snapshot_destroy(ctx->snap);
    bf_diagnosis_destroy(ctx->diag);
    free(ctx->path);
    free(ctx);
}

static LRESULT CALLBACK main_wnd_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    main_ctx *ctx = (main_ctx *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    if (msg == WM_NCCREATE) {
        OnNcCreate(hwnd, (const CREATESTRUCTW *)lp);
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
    if (msg == WM_GETMINMAXINFO) {
        OnGetMinMaxInfo(ctx, (MINMAXINFO *)lp);
        return 0;
    }
    if (!ctx)
        return DefWindowProcW(hwnd, msg, wp, lp);

    switch (msg) {
    case WM_CREATE:
        return OnCreate(ctx);
    case WM_SIZE:
        OnSize(ctx, (UINT)wp);
        return 0;
    case WM_DPICHANGED:
        OnDpiChanged(ctx, HIWORD(wp), (const RECT *)lp);
        return 0;
    case WM_COMMAND:
        OnCommand(ctx, LOWORD(wp));
        return 0;
    case WM_NOTIFY:
        return OnNotify(ctx, (NMHDR *)lp);
    case WM_INITMENUPOPUP:
        OnInitMenuPopup(ctx, (HMENU)wp);
        return 0;
    case WM_BF_LOAD_PROGRESS:
        OnLoadProgress(ctx, (int)wp, (WCHAR *)lp);
        return 0;
    case WM_BF_LOAD_DONE:
        OnLoadDone(ctx, (bf_load_result *)lp);
        return 0;
    case WM_SETFOCUS:
        OnSetFocus(ctx);
        return 0;
    case WM_ACTIVATE:
        OnActivate(ctx, LOWORD(wp));
        return DefWindowProcW(hwnd, msg, wp, lp);
    case WM_DESTROY:
        OnDestroy(ctx);
        return 0;
    case WM_NCDESTROY:
        OnNcDestroy(hwnd, ctx);
        return DefWindowProcW(hwnd, msg, wp, lp);
    default:
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
}

/* ---- public --------------------------------------------------------------------------------------- */

bool bfgui_register_main_window(HINSTANCE hinst)
{
    WNDCLASSEXW wc;
    ZeroMemory(&wc, sizeof wc);
    wc.cbSize = sizeof wc;
    wc.style = CS_HREDRAW | CS_VREDRAW;
    wc.lpfnWndProc = main_wnd_proc;
    wc.hInstance = hinst;
    wc.hIcon = LoadImageW(hinst, MAKEINTRESOURCEW(IDI_BINDFIX), IMAGE_ICON, GetSystemMetrics(SM_CXICON),
                          GetSystemMetrics(SM_CYICON), LR_DEFAULTCOLOR);
    wc.hIconSm = LoadImageW(hinst, MAKEINTRESOURCEW(IDI_BINDFIX), IMAGE_ICON, GetSystemMetrics(SM_CXSMICON),
                            GetSystemMetrics(SM_CYSMICON), LR_DEFAULTCOLOR);
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    wc.lpszMenuName = MAKEINTRESOURCEW(IDM_MAIN);
    wc.lpszClassName = BF_MAIN_WINDOW_CLASS;
    return RegisterClassExW(&wc) != 0;
}

HWND bfgui_create_main_window(HINSTANCE hinst, const bf_gui_options *opts, bool start)
{
    main_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->hinst = hinst;
    ctx->source = opts->source;
    if (opts->snapshot_path) {
        ctx->path = _wcsdup(opts->snapshot_path);
        if (!ctx->path) {
            free(ctx);
            return NULL;
        }
    }

    /* A comfortable size for three lists at the system DPI, never larger than the work area. */
    UINT dpi = bfgui_dpi_for_system();
    RECT work;
    if (!SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0))
        SetRect(&work, 0, 0, GetSystemMetrics(SM_CXSCREEN), GetSystemMetrics(SM_CYSCREEN));
    int w = bfgui_scale(1200, dpi), h = bfgui_scale(700, dpi);
    int work_w = work.right - work.left, work_h = work.bottom - work.top;
    if (w > work_w)
        w = work_w;
    if (h > work_h)
        h = work_h;
    int x = work.left + (work_w - w) / 2, y = work.top + (work_h - h) / 2;

    WCHAR *title = bfgui_load_string(hinst, IDS_APP_NAME);
    main_create_params params = {ctx, false};
    HWND hwnd = CreateWindowExW(WS_EX_CONTROLPARENT, BF_MAIN_WINDOW_CLASS, title ? title : L"",
                                WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, x, y, w, h, NULL, NULL, hinst, &params);
    free(title);
    if (!params.adopted) {
        free(ctx->path);
        free(ctx);
    }
    if (hwnd && start)
        start_load((main_ctx *)GetWindowLongPtrW(hwnd, GWLP_USERDATA));
    return hwnd;
}
