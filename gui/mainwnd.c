/*
 * mainwnd.c - bindfix's main window: the overview of one machine in three lists side by side
 * (adapters | resolver order | protocol bind status), a menu, and a status bar with the scan state.
 *
 * State lives in main_ctx (heap; lpCreateParams -> GWLP_USERDATA; freed on WM_NCDESTROY).  The window
 * procedure only dispatches to one On* handler per message.  Data arrives from loader.c's worker thread
 * as WM_BF_LOAD_DONE; the UI thread never waits for the machine.
 */
#include "gui.h"

#include "catalogue.h"
#include "diagnose.h"
#include "helptopics.h"

#include <commdlg.h>
#include <shellapi.h>
#include <stdio.h>
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
    bool opening;                   /* File > Open's load is under way over data already shown, which */
    bf_source_kind shown_source;    /* came from here: if the file does not load, source and path go */
    WCHAR *shown_path;              /* back to it (malloc'd or NULL), so title and Refresh stay true */
    WCHAR *catalogue_path;      /* /catalogue FILE: malloc'd, or NULL */
    bf_load_job *job;           /* the current or last load; NULL before the first */
    unsigned generation;
    unsigned loads_ended;       /* published as BF_LOADS_PROP */
    bf_snapshot *snap;          /* what the lists show; owned */
    struct bf_diagnosis *diag;  /* its findings; owned, may be NULL */
    struct bf_catalogue *catalogue; /* what diag was made with (diag points into it); owned, may be NULL */
    bf_load_state state;
    HWND focus;                 /* child to give the focus back to on activation */

    /* the console around the overview */
    HWND toolbar, tree, result_label, result_list, actions;
    HWND top_icon, top_text, top_fix, top_restart;     /* the top finding above the three lists */
    HICON top_icon_image;       /* owned */
    bf_node node;               /* what the result pane shows */
    bool filling_result;        /* the result list is being refilled: its notifications are not the user's */
    int sort_column[BF_NODE__COUNT];    /* -1: as collected */
    bool sort_ascending[BF_NODE__COUNT];
    int scope_w96, actions_w96; /* pane widths at 96 DPI (saved) */
    bool actions_shown;
    int drag;                   /* 0, or which splitter is dragged: 1 scope | result, 2 result | actions */
    struct bf_history *history; /* the repair journals (live source); owned, may be NULL */
    bool elevated;
    bool highlighting;          /* inside the cross-list highlight: its own selection changes are ignored */
    int start_command;          /* a command to run once the first load is shown (/fix ... after UAC) */
    bool first_shown;
    bool node_shown;            /* show_node ran (set false to see whether a tree selection showed it) */
    bool load_on_create;        /* the first load's worker starts at WM_CREATE, before the controls */
    bool staging;               /* first data: the overview's lists hidden until filled and sized */
    bool asked_interrupted;
    bool watchdog;              /* BINDFIX_WATCHDOG=1: run the responsiveness watchdog */
    bfgui_watchdog *pinger;     /* the responsiveness watchdog (watchdog.c), or NULL */
    int show_step;              /* 0, or the next step of showing a new snapshot (see show_snapshot) */
    int dpi_step;               /* 0, or the next step of taking a new DPI (OnDpiChanged) */
    RECT dpi_rect;              /* the window rectangle Windows suggested for it */
    HFONT old_font;             /* the font before a DPI change, until every control has the new one */
    int column_step;            /* 0, or the next step of placing and sizing the overview's lists */
    RECT label_rect[BF_PANE__COUNT + 1];    /* where layout_overview wants each label and list (the last: */
    RECT list_rect[BF_PANE__COUNT + 1];     /* findings); placed by OnColumnsStep, one list per message */
    unsigned painted;           /* overview lists painted since the first data: bit per list */
    bool paint_recorded;
    bf_overview_counts counts;  /* of what the overview shows */
} main_ctx;

/* The console's layout numbers, in pixels at 96 DPI (scaled to the window's DPI with bfgui_scale),
 * named as PuTTY's controls.c names its gaps and widths. */
enum {
    WINDOW_W = 1440, WINDOW_H = 800,    /* the first size: room for three lists side by side */
    WINDOW_MIN_W = 520, WINDOW_MIN_H = 300, /* the smallest a drag may make it: the panes still usable */
    MARGIN = 4,                 /* around the panes, inside the client area */
    SPLITTER_W = 6,             /* the gap between panes, where a drag moves them */
    SCOPE_W = 140,              /* the scope tree's width before the user sets one */
    ACTIONS_W = 170,            /* the Actions pane's width before the user sets one */
    SCOPE_DRAG_MIN_W = 90,      /* the narrowest a drag makes the scope tree: its node names readable */
    ACTIONS_DRAG_MIN_W = 120,   /* ...and the Actions pane: its longest link readable */
    SIDE_DRAG_MAX_W = 600,      /* the widest a drag makes either side pane */
    SIDE_MIN_W = 90,            /* a narrow window narrows the side panes down to this first */
    MIDDLE_MIN_W = 360,         /* the middle pane (overview or view) is kept at least this wide */
    LABEL_PAD_H = 6,            /* a pane label: the font's height plus this */
    /* (the overview's own numbers, its gap and its lists' minimums, are in overview.c) */
    STRIP_PAD_H = 10,           /* the top finding's strip: two lines of text plus this... */
    STRIP_ICON_PAD_H = 4,       /* ...or its icon plus this, whichever is taller */
    BUTTON_W = 132,             /* Fix... and Restart services in the strip: the longest label fits */
    BUTTON_PAD_H = 12,          /* a button: the font's height plus this */
    FINDINGS_LAST_MIN_W = 120,  /* the findings' last column takes the room left only from this on */
    STATUS_SOURCE_W = 160,      /* the status bar's source part when its text cannot be measured */
    STATUS_SOURCE_PAD_W = 24,   /* ...else the text's width plus this and a scroll bar's (the grip) */
    MENU_KEY_OFFSET = 20,       /* Shift+F10: the context menu this far into the focused control */
    FONT_H_FALLBACK = 16,       /* the font's height when it cannot be measured: the message font's */
};

/* the steps of WM_BF_SHOW_STEP (messages.h) */
enum { SHOW_FILL = 1, SHOW_FINDINGS, SHOW_LAYOUT, SHOW_REST };



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

/* The controls that take the UI font, in groups small enough for one message each under Wine
 * (WM_SETFONT makes a list view measure everything again). */
static void set_font_group(main_ctx *ctx, int group, HFONT font)
{
    switch (group) {
    case 0:
        SendMessageW(ctx->lists[0], WM_SETFONT, (WPARAM)font, FALSE);
        SendMessageW(ctx->lists[1], WM_SETFONT, (WPARAM)font, FALSE);
        break;
    case 1:
        SendMessageW(ctx->lists[2], WM_SETFONT, (WPARAM)font, FALSE);
        SendMessageW(ctx->findings, WM_SETFONT, (WPARAM)font, FALSE);
        break;
    case 2: {
        HWND more[] = {ctx->labels[0], ctx->labels[1], ctx->labels[2], ctx->findings_label, ctx->status,
                       ctx->result_label, ctx->top_text, ctx->top_fix, ctx->top_restart};
        for (size_t i = 0; i < BF_COUNTOF(more); i++)
            if (more[i])
                SendMessageW(more[i], WM_SETFONT, (WPARAM)font, FALSE);
        break;
    }
    case 3:
        SendMessageW(ctx->tree, WM_SETFONT, (WPARAM)font, FALSE);
        if (ctx->result_list)
            SendMessageW(ctx->result_list, WM_SETFONT, (WPARAM)font, FALSE);
        break;
    default:
        if (ctx->actions)
            bfgui_actions_set_font(ctx->actions, font, ctx->dpi);
        break;
    }
}
#define FONT_GROUPS 5     /* the controls take a new font in five steps (OnDpiStep), ~10 ms each */

static void measure_font(main_ctx *ctx)
{
    HDC dc = GetDC(ctx->hwnd);
    if (dc) {
        HGDIOBJ prev = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : GetStockObject(DEFAULT_GUI_FONT));
        TEXTMETRICW tm;
        ctx->font_height = GetTextMetricsW(dc, &tm) ? tm.tmHeight : bfgui_scale(FONT_H_FALLBACK, ctx->dpi);
        SelectObject(dc, prev);
        ReleaseDC(ctx->hwnd, dc);
    }
}

/* All at once: only at creation, before the window is shown. */
static void apply_font(main_ctx *ctx)
{
    HFONT font = bfgui_create_ui_font(ctx->dpi);
    if (font) {
        HFONT old = ctx->font;
        ctx->font = font;
        for (int g = 0; g < FONT_GROUPS; g++)
            set_font_group(ctx, g, font);
        if (old)
            DeleteObject(old);
    }
    measure_font(ctx);
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
    if (ctx->result_list)
        SendMessageW(ctx->result_list, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)il);
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
    int src_w = bfgui_scale(STATUS_SOURCE_W, ctx->dpi);
    if (src) {
        HDC dc = GetDC(ctx->status);
        if (dc) {
            HGDIOBJ prev = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : GetStockObject(DEFAULT_GUI_FONT));
            SIZE sz;
            if (GetTextExtentPoint32W(dc, src, (int)wcslen(src), &sz))
                src_w = sz.cx + bfgui_scale(STATUS_SOURCE_PAD_W, ctx->dpi) + bfgui_metric(SM_CXVSCROLL, ctx->dpi);
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

/* Applies the chosen widths; a list wider than its columns gives the rest to the last one, so no
 * empty band is left at the right. */
/* The width the last column of a pane gets: its chosen width plus whatever room the list has left. */
static int last_column_width(main_ctx *ctx, int pane)
{
    int n = bfgui_pane_column_count(pane);
    RECT rc;
    GetClientRect(ctx->lists[pane], &rc);
    int total = 0;
    for (int c = 0; c < n; c++)
        total += ctx->colw[pane][c];
    int w = ctx->colw[pane][n - 1];
    return rc.right > total ? w + rc.right - total : w;
}

/* One column of a pane to its width, with drawing on, so that Wine's list view keeps its scroll bars
 * right (it recomputes them only on changes made while drawing is on). Columns that shrink go first,
 * so that the columns never add up to more than the list's width on the way. Returns false when
 * every column already has its width. One change per message: each repaints the list at once under
 * Wine (10 ms at 96 DPI, 30 at 192). */
static bool size_next_column(main_ctx *ctx, int pane)
{
    HWND list = ctx->lists[pane];
    int n = bfgui_pane_column_count(pane);
    int grow = -1, grow_w = 0;
    for (int c = 0; c < n; c++) {
        int want = c == n - 1 ? last_column_width(ctx, pane) : ctx->colw[pane][c];
        int now = (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
        if (want < now) {
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, MAKELPARAM(want, 0));
            return true;
        }
        if (want > now && grow < 0) {
            grow = c;
            grow_w = want;
        }
    }
    if (grow < 0)
        return false;
    SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)grow, MAKELPARAM(grow_w, 0));
    return true;
}

/* The overview's column widths are set one list per posted message: under Wine a list view takes
 * ~10 ms per column change, and a window whose size changes must keep answering. While any is
 * pending the window says so (BF_SETTLING_PROP), so that a test reads the widths once they are set. */
static void schedule_columns(main_ctx *ctx)
{
    if (ctx->column_step == 0)
        PostMessageW(ctx->hwnd, WM_BF_COLUMNS, 1, 0);
    ctx->column_step = 1;   /* (again) from the first list: the widths chosen may have changed */
    SetPropW(ctx->hwnd, BF_SETTLING_PROP, (HANDLE)1);
}

static void size_findings_columns(main_ctx *ctx);

/* Moves overview list i (BF_PANE__COUNT: the findings) and its label to where layout_overview wants
 * them. Under Wine a list view takes 20-40 ms to take a new size at 144 DPI, so the lists are moved
 * one per message, like their columns, not all inside WM_SIZE. */
static void place_overview_list(main_ctx *ctx, int i)
{
    HWND label = i < BF_PANE__COUNT ? ctx->labels[i] : ctx->findings_label;
    HWND list = i < BF_PANE__COUNT ? ctx->lists[i] : ctx->findings;
    const RECT *lr = &ctx->label_rect[i], *r = &ctx->list_rect[i];
    if (IsRectEmpty(r))
        return;
    SetWindowPos(label, NULL, lr->left, lr->top, lr->right - lr->left, lr->bottom - lr->top,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    RECT now;
    GetWindowRect(list, &now);
    MapWindowPoints(NULL, ctx->hwnd, (POINT *)&now, 2);
    if (!EqualRect(&now, r)) {
        /* without the synchronous repaint a move makes under Wine (40 ms for the findings list): the
         * list and the area it left are invalidated instead, and paint when the queue is idle */
        SetWindowPos(list, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                     SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOREDRAW);
        RECT both;
        UnionRect(&both, &now, r);
        InvalidateRect(ctx->hwnd, &both, TRUE);
        InvalidateRect(list, NULL, TRUE);
    }
}

/* The overview's lists shown or hidden in one batch; shown, they paint when the queue is idle.
 * The first data is filled into hidden lists and their columns sized while hidden (staging): a list
 * view that is not visible does not repaint on each change, which took the column steps from ~180 ms
 * to ~16 ms under Wine and brought the first paint ~130 ms earlier (make bench-gui). */
static void show_overview_lists(main_ctx *ctx, bool visible)
{
    HWND lists[] = {ctx->lists[0], ctx->lists[1], ctx->lists[2], ctx->findings};
    HDWP dwp = BeginDeferWindowPos((int)BF_COUNTOF(lists));
    for (size_t i = 0; i < BF_COUNTOF(lists) && dwp; i++)
        dwp = DeferWindowPos(dwp, lists[i], NULL, 0, 0, 0, 0,
                             SWP_NOMOVE | SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE |
                                 (visible ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
    if (dwp)
        EndDeferWindowPos(dwp);
}

/* Two phases per list: place it (one step), then its columns one per step until none is left
 * (steps 1-2: list 0, ...; the last two: the findings, whose columns take one step). */
enum { COLUMN_PHASES = 2 };

static void OnColumnsStep(main_ctx *ctx)
{
    int step = ctx->column_step;
    if (step == 0)
        return;
    int i = (step - 1) / COLUMN_PHASES, phase = (step - 1) % COLUMN_PHASES;
    bool again = false;     /* this step has more to do: post it once more */
    if (phase == 0)
        place_overview_list(ctx, i);
    else if (i == BF_PANE__COUNT)
        size_findings_columns(ctx);
    else
        again = size_next_column(ctx, i);
    if (again || step < COLUMN_PHASES * (BF_PANE__COUNT + 1)) {
        if (!again)
            ctx->column_step = step + 1;
        PostMessageW(ctx->hwnd, WM_BF_COLUMNS, (WPARAM)ctx->column_step, 0);  /* wParam: for the watchdog */
    } else {
        ctx->column_step = 0;
        if (ctx->dpi_step == 0)
            RemovePropW(ctx->hwnd, BF_SETTLING_PROP);
        if (ctx->staging) {
            ctx->staging = false;
            if (ctx->node == BF_NODE_OVERVIEW)
                show_overview_lists(ctx, true);
        }
    }
}

static void layout_overview(main_ctx *ctx, RECT area)
{
    const int gap = bfgui_scale(BF_OVERVIEW_GAP, ctx->dpi);
    const int label_h = ctx->font_height + bfgui_scale(LABEL_PAD_H, ctx->dpi);
    /* the top finding, with its Fix... and Restart services buttons, above the three lists */
    int icon = bfgui_metric(SM_CXICON, ctx->dpi);
    int strip_h = 2 * ctx->font_height + bfgui_scale(STRIP_PAD_H, ctx->dpi);
    if (strip_h < icon + bfgui_scale(STRIP_ICON_PAD_H, ctx->dpi))
        strip_h = icon + bfgui_scale(STRIP_ICON_PAD_H, ctx->dpi);
    int btn_w = bfgui_scale(BUTTON_W, ctx->dpi), btn_h = ctx->font_height + bfgui_scale(BUTTON_PAD_H, ctx->dpi);
    int btn_y = area.top + (strip_h - btn_h) / 2;
    SetWindowPos(ctx->top_icon, NULL, area.left, area.top + (strip_h - icon) / 2, icon, icon, SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(ctx->top_restart, NULL, area.right - btn_w, btn_y, btn_w, btn_h, SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(ctx->top_fix, NULL, area.right - 2 * btn_w - gap, btn_y, btn_w, btn_h, SWP_NOZORDER | SWP_NOACTIVATE);
    int text_x = area.left + icon + gap;
    int text_w = area.right - 2 * btn_w - 2 * gap - text_x;
    SetWindowPos(ctx->top_text, NULL, text_x, area.top, text_w > 0 ? text_w : 0, strip_h, SWP_NOZORDER | SWP_NOACTIVATE);
    RECT lists_area = {area.left, area.top + strip_h + gap, area.right, area.bottom};
    bfgui_overview_layout(ctx->lists, (const int (*)[BF_MAX_COLUMNS])ctx->natural, ctx->dpi, label_h, lists_area,
                          ctx->colw, ctx->label_rect, ctx->list_rect);
    schedule_columns(ctx);
}

/* the findings list's last column takes the room left, so "Recommended fix" is not cut short */
static void size_findings_columns(main_ctx *ctx)
{
    RECT rc;
    GetClientRect(ctx->findings, &rc);
    int used = 0;
    for (int c = 0; c < BF_FINDING_COLUMNS - 1; c++)
        used += (int)SendMessageW(ctx->findings, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
    int w = rc.right - used;
    if (w > bfgui_scale(FINDINGS_LAST_MIN_W, ctx->dpi))
        SendMessageW(ctx->findings, LVM_SETCOLUMNWIDTH, BF_FINDING_COLUMNS - 1, MAKELPARAM(w, 0));
}

static void layout_result(main_ctx *ctx, RECT area)
{
    const int label_h = ctx->font_height + bfgui_scale(LABEL_PAD_H, ctx->dpi);
    SetWindowPos(ctx->result_label, NULL, area.left, area.top, area.right - area.left, label_h,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(ctx->result_list, NULL, area.left, area.top + label_h, area.right - area.left,
                 area.bottom - area.top - label_h, SWP_NOZORDER | SWP_NOACTIVATE);
}

/* The splitters are the gaps between the panes: a drag there moves them. */
static int splitter_w(const main_ctx *ctx)
{
    return bfgui_scale(SPLITTER_W, ctx->dpi);
}

static void pane_widths(main_ctx *ctx, int client_w, int *scope_w, int *actions_w)
{
    int margin = bfgui_scale(MARGIN, ctx->dpi), min_mid = bfgui_scale(MIDDLE_MIN_W, ctx->dpi);
    *scope_w = bfgui_scale(ctx->scope_w96, ctx->dpi);
    *actions_w = ctx->actions_shown ? bfgui_scale(ctx->actions_w96, ctx->dpi) : 0;
    int room = client_w - 2 * margin - 2 * splitter_w(ctx) - min_mid;
    /* a narrow window narrows the side panes first, down to a usable minimum */
    int min_side = bfgui_scale(SIDE_MIN_W, ctx->dpi);
    while (*scope_w + *actions_w > room && (*scope_w > min_side || *actions_w > min_side)) {
        if (*scope_w > min_side)
            (*scope_w)--;
        if (*actions_w > min_side)
            (*actions_w)--;
    }
}

static void layout(main_ctx *ctx)
{
    RECT rc;
    GetClientRect(ctx->hwnd, &rc);
    SendMessageW(ctx->status, WM_SIZE, 0, 0);
    SendMessageW(ctx->toolbar, TB_AUTOSIZE, 0, 0);
    RECT sr, tr;
    GetWindowRect(ctx->status, &sr);
    GetWindowRect(ctx->toolbar, &tr);
    int status_h = sr.bottom - sr.top, tool_h = tr.bottom - tr.top;
    set_status_parts(ctx, rc.right);

    const int margin = bfgui_scale(MARGIN, ctx->dpi);
    int scope_w, actions_w;
    pane_widths(ctx, rc.right, &scope_w, &actions_w);
    int top = tool_h + margin, bottom = rc.bottom - status_h - margin;
    SetWindowPos(ctx->tree, NULL, margin, top, scope_w, bottom - top, SWP_NOZORDER | SWP_NOACTIVATE);
    RECT area = {margin + scope_w + splitter_w(ctx), top, rc.right - margin, bottom};
    if (ctx->actions_shown) {
        area.right -= actions_w + splitter_w(ctx);
        SetWindowPos(ctx->actions, NULL, area.right + splitter_w(ctx), top, actions_w, bottom - top,
                     SWP_NOZORDER | SWP_NOACTIVATE);
    }
    ShowWindow(ctx->actions, ctx->actions_shown ? SW_SHOWNA : SW_HIDE);
    if (ctx->node == BF_NODE_OVERVIEW) {
        layout_overview(ctx, area);
    } else {
        layout_result(ctx, area);
    }
}

/* ---- the console: toolbar, scope tree, result list, Actions pane, top finding ------------------------ */

static const struct toolbar_button {
    int command;
    int std_image;      /* in the common controls' standard small bitmap */
    UINT tip;
    bool text;          /* the label is shown beside the image */
} toolbar_buttons[] = {
    {IDM_FILE_OPEN, STD_FILEOPEN, IDS_ACT_OPEN, false},
    {IDM_FILE_SAVE, STD_FILESAVE, IDS_ACT_SAVE, false},
    {IDM_FILE_EXPORT, STD_PRINT, IDS_ACT_EXPORT, false},
    {0, 0, 0, false},
    {IDM_VIEW_REFRESH, STD_REDOW, IDS_ACT_REFRESH, false},
    {IDM_VIEW_CANCEL, STD_DELETE, IDS_ACT_CANCEL, false},
    {0, 0, 0, false},
    {IDM_ACTION_FIX, STD_PROPERTIES, IDS_ACT_FIX, true},
    {IDM_ACTION_RESTART, STD_REPLACE, IDS_ACT_RESTART, true},
    {IDM_ACTION_UNDO, STD_UNDO, IDS_ACT_UNDO, false},
    {IDM_ACTION_WIZARD, STD_FIND, IDS_ACT_WIZARD, true},
    {0, 0, 0, false},
    {IDM_HELP_TOPICS, STD_HELP, IDS_ACT_HELP, false},
};

static bool create_toolbar(main_ctx *ctx)
{
    ctx->toolbar = CreateWindowExW(0, TOOLBARCLASSNAMEW, L"",
                                   WS_CHILD | WS_VISIBLE | TBSTYLE_FLAT | TBSTYLE_LIST | TBSTYLE_TOOLTIPS | CCS_TOP,
                                   0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_TOOLBAR, ctx->hinst, NULL);
    if (!ctx->toolbar)
        return false;
    SendMessageW(ctx->toolbar, TB_BUTTONSTRUCTSIZE, sizeof(TBBUTTON), 0);
    SendMessageW(ctx->toolbar, TB_SETEXTENDEDSTYLE, 0, TBSTYLE_EX_MIXEDBUTTONS);
    SendMessageW(ctx->toolbar, TB_LOADIMAGES, IDB_STD_SMALL_COLOR, (LPARAM)HINST_COMMCTRL);
    TBBUTTON buttons[BF_COUNTOF(toolbar_buttons)];
    WCHAR *labels[BF_COUNTOF(toolbar_buttons)];
    ZeroMemory(buttons, sizeof buttons);
    for (size_t i = 0; i < BF_COUNTOF(toolbar_buttons); i++) {
        labels[i] = NULL;
        if (!toolbar_buttons[i].command) {
            buttons[i].fsStyle = BTNS_SEP;
            continue;
        }
        labels[i] = bfgui_load_string(ctx->hinst, toolbar_buttons[i].tip);
        buttons[i].iBitmap = toolbar_buttons[i].std_image;
        buttons[i].idCommand = toolbar_buttons[i].command;
        buttons[i].fsState = TBSTATE_ENABLED;
        buttons[i].fsStyle = BTNS_BUTTON | BTNS_AUTOSIZE | (toolbar_buttons[i].text ? BTNS_SHOWTEXT : 0);
        buttons[i].iString = (INT_PTR)(labels[i] ? labels[i] : L"");
    }
    SendMessageW(ctx->toolbar, TB_ADDBUTTONSW, BF_COUNTOF(buttons), (LPARAM)buttons);
    for (size_t i = 0; i < BF_COUNTOF(toolbar_buttons); i++)
        free(labels[i]);
    SendMessageW(ctx->toolbar, TB_AUTOSIZE, 0, 0);
    return true;
}

static bool create_console(main_ctx *ctx)
{
    if (!create_toolbar(ctx))
        return false;
    ctx->tree = bfgui_scope_create(ctx->hinst, ctx->hwnd, IDC_SCOPE_TREE);
    ctx->result_label = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | SS_LEFT | SS_CENTERIMAGE | SS_NOPREFIX,
                                        0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_RESULT_LABEL, ctx->hinst, NULL);
    ctx->result_list = CreateWindowExW(WS_EX_CLIENTEDGE, WC_LISTVIEWW, L"",
                                       WS_CHILD | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_SHAREIMAGELISTS,
                                       0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_RESULT_LIST, ctx->hinst, NULL);
    ctx->actions = bfgui_actions_create(ctx->hinst, ctx->hwnd, IDC_ACTIONS_PANE);
    ctx->top_icon = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | WS_VISIBLE | SS_ICON | SS_REALSIZECONTROL, 0, 0, 0,
                                    0, ctx->hwnd, (HMENU)(INT_PTR)IDC_TOP_ICON, ctx->hinst, NULL);
    ctx->top_text = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | WS_VISIBLE | SS_LEFT | SS_NOPREFIX,
                                    0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_TOP_TEXT, ctx->hinst, NULL);
    WCHAR *fix = bfgui_load_string(ctx->hinst, IDS_ACT_FIX), *restart = bfgui_load_string(ctx->hinst, IDS_ACT_RESTART);
    ctx->top_fix = CreateWindowExW(0, WC_BUTTONW, fix ? fix : L"", WS_CHILD | WS_VISIBLE | WS_TABSTOP | BS_PUSHBUTTON,
                                   0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_TOP_FIX, ctx->hinst, NULL);
    ctx->top_restart = CreateWindowExW(0, WC_BUTTONW, restart ? restart : L"",
                                       WS_CHILD | WS_VISIBLE | WS_TABSTOP | BS_PUSHBUTTON, 0, 0, 0, 0, ctx->hwnd,
                                       (HMENU)(INT_PTR)IDC_TOP_RESTART, ctx->hinst, NULL);
    free(fix);
    free(restart);
    if (!ctx->tree || !ctx->result_label || !ctx->result_list || !ctx->actions || !ctx->top_icon || !ctx->top_text ||
        !ctx->top_fix || !ctx->top_restart)
        return false;
    /* accessible names: screen readers read a list's or tree's window text */
    WCHAR *name = bfgui_load_string(ctx->hinst, IDS_LABEL_SCOPE);
    SetWindowTextW(ctx->tree, name ? name : L"");
    free(name);
    name = bfgui_load_string(ctx->hinst, IDS_LABEL_ACTIONS);
    SetWindowTextW(ctx->actions, name ? name : L"");
    free(name);
    SendMessageW(ctx->result_list, LVM_SETEXTENDEDLISTVIEWSTYLE, 0,
                 LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP | LVS_EX_HEADERDRAGDROP);
    SetWindowTheme(ctx->result_list, L"Explorer", NULL);
    ctx->elevated = bfgui_is_elevated();
    bfgui_mark_shield(ctx->top_fix);
    bfgui_mark_shield(ctx->top_restart);
    for (int n = 0; n < BF_NODE__COUNT; n++) {
        ctx->sort_column[n] = -1;
        ctx->sort_ascending[n] = true;
    }
    ctx->scope_w96 = SCOPE_W;
    ctx->actions_w96 = ACTIONS_W;
    ctx->actions_shown = true;
    bfgui_settings_get_panes(&ctx->scope_w96, &ctx->actions_w96, &ctx->actions_shown);
    return true;
}

/* the widths of the result list's columns, at 96 DPI, remembered per node */
static void remember_columns(main_ctx *ctx)
{
    if (ctx->node == BF_NODE_OVERVIEW)
        return;
    int n = bfgui_result_column_count(ctx->node), w96[BF_RESULT_MAX_COLUMNS];
    for (int c = 0; c < n && c < BF_RESULT_MAX_COLUMNS; c++)
        w96[c] = MulDiv((int)SendMessageW(ctx->result_list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0), 96, (int)ctx->dpi);
    bfgui_settings_put_columns(ctx->node, w96, n);
}

static void update_actions(main_ctx *ctx)
{
    bf_actions_state st;
    st.loaded = ctx->snap != NULL;
    st.loading = bfgui_load_running(ctx->job);
    st.live = ctx->source == BF_SOURCE_LIVE;
    st.elevated = ctx->elevated;
    st.has_journal = ctx->history && ctx->history->count > 0;
    bfgui_actions_update(ctx->actions, ctx->node, &st);
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_VIEW_CANCEL, MAKELPARAM(st.loading, 0));
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_VIEW_REFRESH, MAKELPARAM(!st.loading, 0));
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_ACTION_UNDO, MAKELPARAM(st.has_journal && !st.loading, 0));
    BOOL can = st.loaded && !st.loading;
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_ACTION_FIX, MAKELPARAM(can, 0));
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_ACTION_RESTART, MAKELPARAM(can && st.live, 0));
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_ACTION_WIZARD, MAKELPARAM(can, 0));
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_FILE_EXPORT, MAKELPARAM(can, 0));
    SendMessageW(ctx->toolbar, TB_ENABLEBUTTON, IDM_FILE_SAVE, MAKELPARAM(can, 0));
    EnableWindow(ctx->top_fix, can);
    EnableWindow(ctx->top_restart, can && st.live);
}

static void fill_result(main_ctx *ctx)
{
    if (ctx->node == BF_NODE_OVERVIEW)
        return;
    WCHAR *src = source_text(ctx);
    bf_result_data d = {ctx->snap, ctx->diag, ctx->history, src};
    int w96[BF_RESULT_MAX_COLUMNS] = {0}, widths[BF_RESULT_MAX_COLUMNS] = {0};
    int saved = bfgui_settings_get_columns(ctx->node, w96, BF_RESULT_MAX_COLUMNS);
    for (int c = 0; c < saved; c++)
        widths[c] = w96[c] ? MulDiv(w96[c], (int)ctx->dpi, 96) : 0;
    size_t rows = 0;
    ctx->filling_result = true;
    if (!bfgui_result_fill(ctx->hinst, ctx->result_list, ctx->node, &d, saved ? widths : NULL, &rows))
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
    if (ctx->sort_column[ctx->node] >= 0)
        bfgui_list_sort(ctx->result_list, ctx->sort_column[ctx->node], ctx->sort_ascending[ctx->node]);
    ctx->filling_result = false;
    WCHAR *name = bfgui_load_string(ctx->hinst, IDS_NODE_BASE + ctx->node);
    DWORD_PTR args[2] = {(DWORD_PTR)(name ? name : L""), (DWORD_PTR)rows};
    WCHAR *caption = bfgui_format(ctx->hinst, IDS_RESULT_CAPTION, args, 2);
    SetWindowTextW(ctx->result_label, caption ? caption : L"");
    SetWindowTextW(ctx->result_list, name ? name : L"");    /* its accessible name */
    free(caption);
    free(name);
    free(src);
}

static void show_node(main_ctx *ctx, bf_node node)
{
    ctx->node_shown = true;
    if (node != ctx->node)
        remember_columns(ctx);
    ctx->node = node;
    SetPropW(ctx->hwnd, BF_NODE_PROP, (HANDLE)(INT_PTR)node);
    bool overview = node == BF_NODE_OVERVIEW;
    HWND over[] = {ctx->labels[0], ctx->labels[1], ctx->labels[2], ctx->lists[0], ctx->lists[1], ctx->lists[2],
                   ctx->findings_label, ctx->findings, ctx->top_icon, ctx->top_text, ctx->top_fix, ctx->top_restart};
    /* one batch, without drawing: showing or hiding fourteen windows one by one costs Wine ~60 ms */
    SendMessageW(ctx->hwnd, WM_SETREDRAW, FALSE, 0);
    HDWP dwp = BeginDeferWindowPos((int)BF_COUNTOF(over) + 2);
    UINT show = SWP_NOMOVE | SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE;
    for (size_t i = 0; i < BF_COUNTOF(over) && dwp; i++)
        dwp = DeferWindowPos(dwp, over[i], NULL, 0, 0, 0, 0, show | (overview ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
    if (dwp)
        dwp = DeferWindowPos(dwp, ctx->result_label, NULL, 0, 0, 0, 0, show | (overview ? SWP_HIDEWINDOW : SWP_SHOWWINDOW));
    if (dwp)
        dwp = DeferWindowPos(dwp, ctx->result_list, NULL, 0, 0, 0, 0, show | (overview ? SWP_HIDEWINDOW : SWP_SHOWWINDOW));
    if (dwp) {
        EndDeferWindowPos(dwp);
    } else {
        for (size_t i = 0; i < BF_COUNTOF(over); i++)
            ShowWindow(over[i], overview ? SW_SHOWNA : SW_HIDE);
        ShowWindow(ctx->result_label, overview ? SW_HIDE : SW_SHOWNA);
        ShowWindow(ctx->result_list, overview ? SW_HIDE : SW_SHOWNA);
    }
    SendMessageW(ctx->hwnd, WM_SETREDRAW, TRUE, 0);
    RedrawWindow(ctx->hwnd, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN);
    fill_result(ctx);
    update_actions(ctx);
    layout(ctx);
}

/* The top finding above the three lists: the most severe one, by icon and words. */
static void show_top_finding(main_ctx *ctx)
{
    const bf_finding *f = ctx->diag && ctx->diag->finding_count ? &ctx->diag->findings[0] : NULL;
    WCHAR *text;
    UINT icon_id;
    if (!f) {
        text = bfgui_load_string(ctx->hinst, IDS_TOP_NONE);
        icon_id = IDI_STATUS_OK;
    } else {
        WCHAR *sev = bfgui_load_string(ctx->hinst, IDS_SEV_BASE + f->severity);
        WCHAR *id = bfgui_wide(f->id), *title = bfgui_wide(f->title);
        DWORD_PTR args[3] = {(DWORD_PTR)(sev ? sev : L""), (DWORD_PTR)(id ? id : L""), (DWORD_PTR)(title ? title : L"")};
        text = bfgui_format(ctx->hinst, IDS_TOP_FORMAT, args, 3);
        free(sev);
        free(id);
        free(title);
        icon_id = f->severity >= BF_SEV_ERROR ? IDI_STATUS_ERROR : f->severity == BF_SEV_WARNING ? IDI_STATUS_WARNING
                                                                                              : IDI_STATUS_OK;
    }
    SetWindowTextW(ctx->top_text, text ? text : L"");
    free(text);
    int size = bfgui_metric(SM_CXICON, ctx->dpi);
    HICON icon = LoadImageW(ctx->hinst, MAKEINTRESOURCEW(icon_id), IMAGE_ICON, size, size, LR_DEFAULTCOLOR);
    if (icon) {
        SendMessageW(ctx->top_icon, STM_SETICON, (WPARAM)icon, 0);
        if (ctx->top_icon_image)
            DestroyIcon(ctx->top_icon_image);
        ctx->top_icon_image = icon;
    }
}

/* Selecting a row in one of the three lists highlights every row of the three that names one of its
 * addresses: an unusable address is seen at once as adapter, resolver answer and failed bind. */
static bool row_mentions(HWND list, int row, int column, const WCHAR *const *addrs, int naddrs)
{
    WCHAR text[1024] = L"";
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.iSubItem = column;
    item.pszText = text;
    item.cchTextMax = (int)BF_COUNTOF(text);
    SendMessageW(list, LVM_GETITEMTEXTW, (WPARAM)row, (LPARAM)&item);
    for (int i = 0; i < naddrs; i++) {
        /* whole tokens of a comma-separated cell */
        size_t n = wcslen(addrs[i]);
        for (const WCHAR *p = wcsstr(text, addrs[i]); p; p = wcsstr(p + 1, addrs[i])) {
            bool start = p == text || p[-1] == L' ' || p[-1] == L',';
            bool end = p[n] == 0 || p[n] == L',' || p[n] == L' ';
            if (start && end)
                return true;
        }
    }
    return false;
}

/* the column holding addresses: adapters 3 (a list), resolver 1, binds 2 */
static const int address_columns[BF_PANE__COUNT] = {3, 1, 2};

static void highlight_addresses(main_ctx *ctx, int pane)
{
    HWND src = ctx->lists[pane];
    WCHAR *addrs[64];
    int naddrs = 0;
    int row = (int)SendMessageW(src, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
    if (row < 0 || !(SendMessageW(src, LVM_GETITEMSTATE, (WPARAM)row, LVIS_SELECTED) & LVIS_SELECTED))
        return;
    WCHAR text[1024] = L"";
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.iSubItem = address_columns[pane];
    item.pszText = text;
    item.cchTextMax = (int)BF_COUNTOF(text);
    SendMessageW(src, LVM_GETITEMTEXTW, (WPARAM)row, (LPARAM)&item);
    for (WCHAR *p = text; *p && naddrs < 64;) {
        while (*p == L',' || *p == L' ')
            *p++ = 0;
        if (!*p)
            break;
        addrs[naddrs++] = p;
        while (*p && *p != L',' && *p != L' ')
            p++;
    }
    if (naddrs == 0)
        return;
    ctx->highlighting = true;
    for (int p = 0; p < BF_PANE__COUNT; p++) {
        HWND list = ctx->lists[p];
        int rows = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);
        for (int r = 0; r < rows; r++) {
            if (p == pane && r == row)
                continue;
            bool on = row_mentions(list, r, address_columns[p], (const WCHAR *const *)addrs, naddrs);
            LVITEMW st;
            ZeroMemory(&st, sizeof st);
            st.stateMask = LVIS_SELECTED;
            st.state = on ? LVIS_SELECTED : 0;
            SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)r, (LPARAM)&st);
        }
    }
    ctx->highlighting = false;
}

/* Called when each of the overview's four lists has painted since the first data arrived. */
static void record_first_paint(main_ctx *ctx)
{
    FILETIME created, exited, kernel, user, now;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return;
    GetSystemTimeAsFileTime(&now);
    ULARGE_INTEGER a = {{created.dwLowDateTime, created.dwHighDateTime}}, b = {{now.dwLowDateTime, now.dwHighDateTime}};
    LONG ms = b.QuadPart > a.QuadPart ? (LONG)((b.QuadPart - a.QuadPart) / 10000) : 0;
    SetPropW(ctx->hwnd, BF_FIRSTPAINT_PROP, (HANDLE)(INT_PTR)(ms + 1));     /* 0 would mean "not yet" */
}

/* ---- loading ---------------------------------------------------------------------------------------- */

static bool loading(const main_ctx *ctx)
{
    return bfgui_load_running(ctx->job);
}

static bf_gui_source source_of(const main_ctx *ctx)
{
    bf_gui_source src = {ctx->source, ctx->path, ctx->catalogue_path};
    return src;
}

/* The worker of a new load (the previous one has ended); ERROR_SUCCESS or why it could not start. */
static DWORD start_load_job(main_ctx *ctx)
{
    if (ctx->job) {
        bfgui_load_finish(ctx->job, INFINITE);  /* already ended: this only frees it */
        ctx->job = NULL;
    }
    ctx->generation++;
    bf_gui_source src = source_of(ctx);
    return bfgui_load_start(ctx->hwnd, &src, ctx->generation, &ctx->job);
}

/* The window says a load is under way; rc: whether its worker started (start_load_job). */
static void show_loading(main_ctx *ctx, DWORD rc)
{
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
    RECT client;
    GetClientRect(ctx->hwnd, &client);
    set_status_parts(ctx, client.right);    /* the source part of the status bar may have changed */
    if (rc != ERROR_SUCCESS) {
        set_state(ctx, ctx->snap ? BF_LOAD_STATE_LOADED : BF_LOAD_STATE_FAILED);
        set_title_string(ctx, IDS_TITLE_FAILED);
        set_status_string(ctx, 0, IDS_STATUS_FAILED, NULL, 0);
        DWORD_PTR args[1] = {(DWORD_PTR)rc};
        show_string_error(ctx, IDS_ERR_THREAD, args, 1);
    }
}

static void start_load(main_ctx *ctx)
{
    if (loading(ctx)) {
        MessageBeep(MB_OK);
        return;
    }
    show_loading(ctx, start_load_job(ctx));
}

/* Showing a new snapshot is cut into steps, each a posted message of its own, so that no single
 * one keeps the UI thread busy for long (under Wine a list view takes ~10 ms per column change): the
 * window answers input and the watchdog between them. The state becomes "loaded" at the last step. */

static void show_snapshot(main_ctx *ctx)
{
    if (ctx->show_step == 0)
        PostMessageW(ctx->hwnd, WM_BF_SHOW_STEP, 0, 0);
    ctx->show_step = SHOW_FILL;
}

static void after_first_load(main_ctx *ctx);

static void show_snapshot_rest(main_ctx *ctx);

static void show_step(main_ctx *ctx)
{
    int step = ctx->show_step;
    if (step == 0 || !ctx->snap) {
        ctx->show_step = 0;
        return;
    }
    switch (step) {
    case SHOW_FILL: {
        HWND focus = GetFocus();    /* a list the user has tabbed into is not hidden under them */
        bool list_focused = focus == ctx->findings;
        for (int p = 0; p < BF_PANE__COUNT; p++)
            list_focused = list_focused || focus == ctx->lists[p];
        if (!ctx->first_shown && ctx->node == BF_NODE_OVERVIEW && !list_focused) {
            ctx->staging = true;
            show_overview_lists(ctx, false);
        }
        if (!bfgui_overview_fill(ctx->hinst, ctx->lists, ctx->snap, &ctx->counts))
            show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
        break;
    }
    case SHOW_FINDINGS: {
        size_t serious = 0;
        if (!bfgui_findings_fill(ctx->hinst, ctx->findings, ctx->diag, &serious))
            show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
        measure(ctx);
        break;
    }
    case SHOW_LAYOUT:
        layout(ctx);    /* its column steps are posted first: they run before SHOW_REST */
        break;
    case SHOW_REST:
    default:
        show_snapshot_rest(ctx);
        set_state(ctx, BF_LOAD_STATE_LOADED);
        ctx->show_step = 0;
        after_first_load(ctx);
        return;
    }
    ctx->show_step = step + 1;
    PostMessageW(ctx->hwnd, WM_BF_SHOW_STEP, 0, 0);
}

static void show_snapshot_rest(main_ctx *ctx)
{
    bf_overview_counts counts = ctx->counts;
    WCHAR *host = bfgui_wide(ctx->snap->hostname);
    WCHAR *src = source_text(ctx);
    if (host && src) {
        /* the host and the source name the window and the scope tree's computer node */
        DWORD_PTR args[2] = {(DWORD_PTR)host, (DWORD_PTR)src};
        WCHAR *title = bfgui_format(ctx->hinst, IDS_TITLE_FORMAT, args, 2);
        WCHAR *computer = bfgui_format(ctx->hinst, IDS_NODE_COMPUTER_FMT, args, 2);
        if (title)
            SetWindowTextW(ctx->hwnd, title);
        if (computer)
            bfgui_scope_set_computer_text(ctx->tree, computer);
        free(title);
        free(computer);
    }
    free(host);
    free(src);

    DWORD_PTR args[4] = {(DWORD_PTR)counts.adapters, (DWORD_PTR)counts.resolver_rows,
                         (DWORD_PTR)counts.binds_failed, (DWORD_PTR)counts.binds};
    set_status_string(ctx, 0, IDS_STATUS_LOADED, args, 4);
    show_top_finding(ctx);
    fill_result(ctx);
    update_actions(ctx);
}

static void OnCommand(main_ctx *ctx, int id);

/* Once data is on the screen: the time it took, a repair left half-done, and a command asked for on
 * the command line (the elevated copy started by Apply opens its dialog here). */
static void after_first_load(main_ctx *ctx)
{
    if (!ctx->first_shown) {
        ctx->first_shown = true;
        ctx->painted = 0;   /* from now on, the lists' next paints show the data */
        for (int p = 0; p < BF_PANE__COUNT; p++)
            InvalidateRect(ctx->lists[p], NULL, FALSE);
        InvalidateRect(ctx->findings, NULL, FALSE);
    }
    if (!ctx->asked_interrupted && ctx->history && ctx->history->count && ctx->source == BF_SOURCE_LIVE) {
        const bf_history_entry *last = &ctx->history->items[0];
        ctx->asked_interrupted = true;
        if (last->unfinished) {
            WCHAR *j = bfgui_wide(last->path), *st = bfgui_wide(last->state);
            DWORD_PTR args[2] = {(DWORD_PTR)(j ? j : L""), (DWORD_PTR)(st ? st : L"")};
            WCHAR *ask = bfgui_format(ctx->hinst, IDS_INTERRUPTED_ASK, args, 2);
            bf_gui_source src = source_of(ctx);
            if (bfgui_message_box(ctx->hwnd, ask, MB_YESNO | MB_ICONWARNING) == IDYES &&
                bfgui_repair_dialog(ctx->hinst, ctx->hwnd, BF_REPAIR_UNDO, &src, j))
                start_load(ctx);
            free(ask);
            free(j);
            free(st);
        }
    }
    if (ctx->start_command) {
        int cmd = ctx->start_command;
        ctx->start_command = 0;
        OnCommand(ctx, cmd);
    }
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
    /* the worker loads (the demo: ~20 ms) while the controls are made, on the other core */
    DWORD load_rc = ctx->load_on_create ? start_load_job(ctx) : ERROR_SUCCESS;
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
                                            LVS_SHAREIMAGELISTS,
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
    if (!ctx->status || !create_console(ctx))
        return -1;
    apply_font(ctx);
    apply_images(ctx);
    measure(ctx);
    ctx->focus = ctx->tree;
    set_state(ctx, BF_LOAD_STATE_EMPTY);
    /* selecting the node shows it (TVN_SELCHANGED): shown a second time, it cost ~18 ms at start-up */
    ctx->node_shown = false;
    bfgui_scope_select(ctx->tree, BF_NODE_OVERVIEW);
    if (!ctx->node_shown)
        show_node(ctx, BF_NODE_OVERVIEW);
    if (ctx->load_on_create)
        show_loading(ctx, load_rc);
    if (ctx->watchdog)
        ctx->pinger = bfgui_watchdog_start(ctx->hwnd);
    return 0;
}

static void OnSize(main_ctx *ctx, UINT kind)
{
    if (kind != SIZE_MINIMIZED)
        layout(ctx);
}

/* A new DPI (the window moved to another monitor): new font, icons and sizes, in steps (one message
 * each), the window settling (BF_SETTLING_PROP) until the columns are sized too. The old font stays
 * selected into controls not yet switched, so it is deleted only at the end. */
enum { DPI_FONT = 1, DPI_FONT_LAST = DPI_FONT + FONT_GROUPS - 1, DPI_IMAGES, DPI_MEASURE, DPI_LAYOUT };

static void OnDpiChanged(main_ctx *ctx, UINT dpi, const RECT *suggested)
{
    ctx->dpi = dpi;
    ctx->dpi_rect = *suggested;
    if (ctx->dpi_step == 0)
        PostMessageW(ctx->hwnd, WM_BF_DPI_STEP, DPI_FONT, 0);
    ctx->dpi_step = DPI_FONT;
    SetPropW(ctx->hwnd, BF_SETTLING_PROP, (HANDLE)1);
}

static void OnDpiStep(main_ctx *ctx)
{
    int step = ctx->dpi_step;
    if (step == 0)
        return;
    if (step == DPI_FONT) {
        HFONT font = bfgui_create_ui_font(ctx->dpi);
        if (font) {
            if (ctx->old_font && ctx->old_font != ctx->font)
                DeleteObject(ctx->old_font);
            ctx->old_font = ctx->font;
            ctx->font = font;
        }
    }
    if (step >= DPI_FONT && step <= DPI_FONT_LAST) {
        set_font_group(ctx, step - DPI_FONT, ctx->font);
    } else if (step == DPI_IMAGES) {
        measure_font(ctx);
        if (ctx->old_font && ctx->old_font != ctx->font)
            DeleteObject(ctx->old_font);
        ctx->old_font = NULL;
        apply_images(ctx);
    } else if (step == DPI_MEASURE) {
        measure(ctx);
    } else {
        const RECT *r = &ctx->dpi_rect;
        RECT now;
        GetWindowRect(ctx->hwnd, &now);
        if (EqualRect(&now, r))
            layout(ctx);    /* the size stays: no WM_SIZE will lay the window out */
        else
            SetWindowPos(ctx->hwnd, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                         SWP_NOZORDER | SWP_NOACTIVATE);
        ctx->dpi_step = 0;
        if (ctx->column_step == 0)
            RemovePropW(ctx->hwnd, BF_SETTLING_PROP);
        return;
    }
    ctx->dpi_step = step + 1;
    PostMessageW(ctx->hwnd, WM_BF_DPI_STEP, (WPARAM)ctx->dpi_step, 0);     /* wParam: for the watchdog's record */
}

static void OnGetMinMaxInfo(main_ctx *ctx, MINMAXINFO *mmi)
{
    UINT dpi = ctx ? ctx->dpi : bfgui_dpi_for_system();
    mmi->ptMinTrackSize.x = bfgui_scale(WINDOW_MIN_W, dpi);
    mmi->ptMinTrackSize.y = bfgui_scale(WINDOW_MIN_H, dpi);
}

static void OnFileOpen(main_ctx *ctx)
{
    if (loading(ctx)) {
        MessageBeep(MB_OK);
        return;
    }
    DWORD rc = bfgui_ask_open_snapshot(ctx->hinst, ctx->hwnd);
    if (rc != ERROR_SUCCESS) {
        DWORD_PTR args[1] = {(DWORD_PTR)rc};
        show_string_error(ctx, IDS_ERR_DIALOG_THREAD, args, 1);
    }
}

/* The file chosen in the open dialog (opendlg.c): loaded like /snapshot FILE. */
static void OnOpenChosen(main_ctx *ctx, WCHAR *path)
{
    if (loading(ctx)) {
        MessageBeep(MB_OK);
        free(path);
        return;
    }
    if (ctx->snap) {    /* remember what is shown, for a file that does not load */
        free(ctx->shown_path);
        ctx->opening = true;
        ctx->shown_source = ctx->source;
        ctx->shown_path = ctx->path;
    } else {
        free(ctx->path);
    }
    ctx->path = path;
    ctx->source = BF_SOURCE_FILE;
    start_load(ctx);
}

/* The list that Copy and Select all work on: the focused one of the pane shown. */
static HWND current_list(main_ctx *ctx)
{
    HWND f = GetFocus();
    if (ctx->node != BF_NODE_OVERVIEW)
        return ctx->result_list;
    for (int p = 0; p < BF_PANE__COUNT; p++)
        if (f == ctx->lists[p])
            return f;
    return f == ctx->findings ? ctx->findings : ctx->lists[BF_PANE_ADAPTERS];
}

static void OnCopy(main_ctx *ctx)
{
    HWND list = current_list(ctx);
    int n = 0;
    bool any = SendMessageW(list, LVM_GETSELECTEDCOUNT, 0, 0) > 0;
    WCHAR *text = bfgui_list_text(list, any, &n);
    if (!text) {
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
        return;
    }
    if (bfgui_clipboard_put(ctx->hwnd, text)) {
        DWORD_PTR args[1] = {(DWORD_PTR)n};
        set_status_string(ctx, 0, IDS_COPIED, args, 1);
    }
    free(text);
}

static void OnSelectAll(main_ctx *ctx)
{
    HWND list = current_list(ctx);
    LVITEMW st;
    ZeroMemory(&st, sizeof st);
    st.stateMask = LVIS_SELECTED;
    st.state = LVIS_SELECTED;
    SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)-1, (LPARAM)&st);
}

static void OnRepair(main_ctx *ctx, bf_repair_mode mode)
{
    if (loading(ctx)) {
        MessageBeep(MB_OK);
        return;
    }
    if (mode != BF_REPAIR_UNDO && !ctx->snap) {
        show_string_error(ctx, IDS_NOTHING_LOADED, NULL, 0);
        return;
    }
    bf_gui_source src = source_of(ctx);
    if (bfgui_repair_dialog(ctx->hinst, ctx->hwnd, mode, &src, NULL))
        start_load(ctx);    /* show the machine as the repair left it */
}

static void OnHelp(main_ctx *ctx)
{
    bfgui_help_open(ctx->hinst, ctx->hwnd, bfgui_node_help_topic(ctx->node));
}

static void OnCommand(main_ctx *ctx, int id)
{
    switch (id) {
    case IDM_FILE_OPEN:
        OnFileOpen(ctx);
        break;
    case IDM_FILE_SAVE:
        if (ctx->snap)
            bfgui_save_snapshot(ctx->hinst, ctx->hwnd, ctx->snap);
        break;
    case IDM_FILE_EXPORT:
        if (ctx->snap)
            bfgui_export_report(ctx->hinst, ctx->hwnd, ctx->snap, ctx->catalogue_path);
        break;
    case IDM_FILE_EXIT:
        PostMessageW(ctx->hwnd, WM_CLOSE, 0, 0);
        break;
    case IDM_VIEW_REFRESH:
        start_load(ctx);
        break;
    case IDM_VIEW_CANCEL:
        if (loading(ctx))
            bfgui_load_cancel(ctx->job);
        break;
    case IDM_VIEW_ACTIONS_PANE:
        ctx->actions_shown = !ctx->actions_shown;
        layout(ctx);
        break;
    case IDM_ACTION_FIX:
    case IDC_TOP_FIX:
        OnRepair(ctx, BF_REPAIR_FIX);
        break;
    case IDM_ACTION_RESTART:
    case IDC_TOP_RESTART:
        OnRepair(ctx, BF_REPAIR_RESTART);
        break;
    case IDM_ACTION_UNDO:
        OnRepair(ctx, BF_REPAIR_UNDO);
        break;
    case IDM_ACTION_WIZARD: {
        /* the wizard is its own program window: bindfix.exe /wizard with the same source */
        bf_gui_source src = source_of(ctx);
        bfgui_relaunch(ctx->hwnd, L"/wizard", &src, false);
        break;
    }
    case IDM_EDIT_COPY:
        OnCopy(ctx);
        break;
    case IDM_EDIT_SELECT_ALL:
        OnSelectAll(ctx);
        break;
    case IDM_HELP_TOPICS:
        OnHelp(ctx);
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
    bool busy = loading(ctx), loaded = ctx->snap != NULL;
    bool has_journal = ctx->history && ctx->history->count > 0;
    EnableMenuItem(menu, IDM_FILE_OPEN, MF_BYCOMMAND | (busy ? MF_GRAYED : MF_ENABLED));
    EnableMenuItem(menu, IDM_VIEW_REFRESH, MF_BYCOMMAND | (busy ? MF_GRAYED : MF_ENABLED));
    EnableMenuItem(menu, IDM_VIEW_CANCEL, MF_BYCOMMAND | (busy ? MF_ENABLED : MF_GRAYED));
    UINT can = MF_BYCOMMAND | (loaded && !busy ? MF_ENABLED : MF_GRAYED);
    EnableMenuItem(menu, IDM_FILE_SAVE, can);
    EnableMenuItem(menu, IDM_FILE_EXPORT, can);
    EnableMenuItem(menu, IDM_ACTION_FIX, can);
    EnableMenuItem(menu, IDM_ACTION_WIZARD, can);
    EnableMenuItem(menu, IDM_ACTION_RESTART,
                   MF_BYCOMMAND | (loaded && !busy && ctx->source == BF_SOURCE_LIVE ? MF_ENABLED : MF_GRAYED));
    EnableMenuItem(menu, IDM_ACTION_UNDO, MF_BYCOMMAND | (has_journal && !busy ? MF_ENABLED : MF_GRAYED));
    EnableMenuItem(menu, IDM_FILE_CONNECT, MF_BYCOMMAND | MF_GRAYED);
    CheckMenuItem(menu, IDM_VIEW_ACTIONS_PANE, MF_BYCOMMAND | (ctx->actions_shown ? MF_CHECKED : MF_UNCHECKED));
}

static void OnContextMenu(main_ctx *ctx, HWND from, int x, int y)
{
    bool list = from == ctx->result_list || from == ctx->findings;
    for (int p = 0; p < BF_PANE__COUNT; p++)
        list = list || from == ctx->lists[p];
    if (!list)
        return;
    SetFocus(from);
    HMENU bar = LoadMenuW(ctx->hinst, MAKEINTRESOURCEW(IDM_CONTEXT));
    HMENU popup = bar ? GetSubMenu(bar, 0) : NULL;
    if (popup) {
        if (x == -1 && y == -1) {
            /* Shift+F10 / the menu key: at the focused row */
            RECT r;
            GetWindowRect(from, &r);
            x = r.left + bfgui_scale(MENU_KEY_OFFSET, ctx->dpi);
            y = r.top + bfgui_scale(MENU_KEY_OFFSET, ctx->dpi);
        }
        OnInitMenuPopup(ctx, popup);
        TrackPopupMenu(popup, TPM_RIGHTBUTTON, x, y, 0, ctx->hwnd, NULL);
    }
    if (bar)
        DestroyMenu(bar);
}

/* ---- splitters ------------------------------------------------------------------------------------ */

static int splitter_at(main_ctx *ctx, int x)
{
    RECT t, a;
    GetWindowRect(ctx->tree, &t);
    MapWindowPoints(NULL, ctx->hwnd, (POINT *)&t, 2);
    if (x >= t.right && x < t.right + splitter_w(ctx))
        return 1;
    if (ctx->actions_shown) {
        GetWindowRect(ctx->actions, &a);
        MapWindowPoints(NULL, ctx->hwnd, (POINT *)&a, 2);
        if (x < a.left && x >= a.left - splitter_w(ctx))
            return 2;
    }
    return 0;
}

static void OnMouseMove(main_ctx *ctx, int x)
{
    if (!ctx->drag)
        return;
    RECT rc;
    GetClientRect(ctx->hwnd, &rc);
    int margin = bfgui_scale(MARGIN, ctx->dpi);
    if (ctx->drag == 1)
        ctx->scope_w96 = MulDiv(x - margin, 96, (int)ctx->dpi);
    else
        ctx->actions_w96 = MulDiv(rc.right - margin - x, 96, (int)ctx->dpi);
    if (ctx->scope_w96 < SCOPE_DRAG_MIN_W)
        ctx->scope_w96 = SCOPE_DRAG_MIN_W;
    if (ctx->actions_w96 < ACTIONS_DRAG_MIN_W)
        ctx->actions_w96 = ACTIONS_DRAG_MIN_W;
    if (ctx->scope_w96 > SIDE_DRAG_MAX_W)
        ctx->scope_w96 = SIDE_DRAG_MAX_W;
    if (ctx->actions_w96 > SIDE_DRAG_MAX_W)
        ctx->actions_w96 = SIDE_DRAG_MAX_W;
    layout(ctx);
}

static void OnLoadProgress(main_ctx *ctx, int percent, WCHAR *step)
{
    if (loading(ctx)) {
        DWORD_PTR args[2] = {(DWORD_PTR)percent, (DWORD_PTR)(step ? step : L"")};
        set_status_string(ctx, 0, IDS_STATUS_PROGRESS, args, 2);
    }
    free(step);
}

/* A file chosen with File > Open did not load (or its load was stopped): the title, the status bar and
 * Refresh name the data still shown, not the file. */
static void back_to_shown_source(main_ctx *ctx)
{
    if (!ctx->opening)
        return;
    free(ctx->path);
    ctx->path = ctx->shown_path;
    ctx->source = ctx->shown_source;
    ctx->shown_path = NULL;
    ctx->opening = false;
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
        bf_catalogue_destroy(ctx->catalogue);
        bfgui_history_free(ctx->history);
        ctx->snap = res->snap;
        ctx->diag = res->diag;
        ctx->catalogue = res->catalogue;
        ctx->history = res->history;
        res->snap = NULL;
        res->diag = NULL;
        res->catalogue = NULL;
        res->history = NULL;
        bfgui_load_result_free(res);
        free(ctx->shown_path);
        ctx->shown_path = NULL;
        ctx->opening = false;
        show_snapshot(ctx);     /* the state becomes "loaded" at its last step */
        return;
    }
    if (res && res->err.code == ERROR_CANCELLED) {
        /* View > Stop scan: not an error; what was shown stays */
        bfgui_load_result_free(res);
        /* the lists still show the data of before */
        back_to_shown_source(ctx);
        set_state(ctx, ctx->snap ? BF_LOAD_STATE_LOADED : BF_LOAD_STATE_FAILED);
        set_status_string(ctx, 0, IDS_STATUS_CANCELLED, NULL, 0);
        update_actions(ctx);
        return;
    }

    /* Failed: keep showing what was there before (a bad file must not wipe a good view). */
    char msg[sizeof(res->err.msg) + sizeof(res->err.where) + 64];
    if (res)
        bf_err_format(&res->err, msg, sizeof msg);
    bfgui_load_result_free(res);
    if (ctx->snap) {
        /* the lists still hold that data: only the title, status bar and actions are put back */
        back_to_shown_source(ctx);
        RECT client;
        GetClientRect(ctx->hwnd, &client);
        set_status_parts(ctx, client.right);    /* its source part names the data shown again */
        show_snapshot_rest(ctx);
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

/* The overview's lists tell their parent when they paint (custom draw): once all four have painted
 * with the first data, the time since the process started is the "first paint" figure. */
static LRESULT OnCustomDraw(main_ctx *ctx, NMCUSTOMDRAW *cd)
{
    int which = -1;
    for (int p = 0; p < BF_PANE__COUNT; p++)
        if (cd->hdr.hwndFrom == ctx->lists[p])
            which = p;
    if (cd->hdr.hwndFrom == ctx->findings)
        which = BF_PANE__COUNT;
    if (which < 0 || ctx->paint_recorded || !ctx->first_shown)
        return CDRF_DODEFAULT;
    if (cd->dwDrawStage == CDDS_PREPAINT)
        return CDRF_NOTIFYPOSTPAINT;
    if (cd->dwDrawStage == CDDS_POSTPAINT) {
        ctx->painted |= 1u << which;
        if (ctx->painted == (1u << (BF_PANE__COUNT + 1)) - 1) {
            ctx->paint_recorded = true;
            record_first_paint(ctx);
        }
    }
    return CDRF_DODEFAULT;
}

static LRESULT OnNotify(main_ctx *ctx, NMHDR *nm)
{
    if (nm->code == NM_CUSTOMDRAW)
        return OnCustomDraw(ctx, (NMCUSTOMDRAW *)nm);
    if (nm->code == TTN_GETDISPINFOW) {
        /* the toolbar's tooltips: the command's name */
        NMTTDISPINFOW *di = (NMTTDISPINFOW *)nm;
        for (size_t i = 0; i < BF_COUNTOF(toolbar_buttons); i++)
            if (toolbar_buttons[i].command && (UINT_PTR)toolbar_buttons[i].command == nm->idFrom) {
                di->hinst = ctx->hinst;
                di->lpszText = MAKEINTRESOURCEW(toolbar_buttons[i].tip);
            }
        return 0;
    }
    if (nm->hwndFrom == ctx->tree && nm->code == TVN_SELCHANGEDW) {
        show_node(ctx, bfgui_scope_selected(ctx->tree));
        return 0;
    }
    if (nm->hwndFrom == ctx->result_list && nm->code == LVN_COLUMNCLICK) {
        NMLISTVIEW *lv = (NMLISTVIEW *)nm;
        int n = ctx->node;
        ctx->sort_ascending[n] = ctx->sort_column[n] == lv->iSubItem ? !ctx->sort_ascending[n] : true;
        ctx->sort_column[n] = lv->iSubItem;
        bfgui_list_sort(ctx->result_list, lv->iSubItem, ctx->sort_ascending[n]);
        return 0;
    }
    if (nm->code == LVN_ITEMCHANGED && !ctx->highlighting) {
        NMLISTVIEW *lv = (NMLISTVIEW *)nm;
        for (int p = 0; p < BF_PANE__COUNT; p++)
            if (nm->hwndFrom == ctx->lists[p] && (lv->uNewState & LVIS_SELECTED) && !(lv->uOldState & LVIS_SELECTED) &&
                (lv->uNewState & LVIS_FOCUSED))
                highlight_addresses(ctx, p);
        return 0;
    }
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
    bfgui_watchdog_stop(ctx->pinger);
    ctx->pinger = NULL;
    WINDOWPLACEMENT wp;
    wp.length = sizeof wp;
    if (GetWindowPlacement(ctx->hwnd, &wp))
        bfgui_settings_put_placement(&wp);
    bfgui_settings_put_panes(ctx->scope_w96, ctx->actions_w96, ctx->actions_shown);
    remember_columns(ctx);
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
    RemovePropW(ctx->hwnd, BF_SETTLING_PROP);
    PostQuitMessage(0);
}

static void OnNcDestroy(HWND hwnd, main_ctx *ctx)
{
    SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
    if (!ctx)
        return;
    if (ctx->font)
        DeleteObject(ctx->font);
    if (ctx->old_font && ctx->old_font != ctx->font)
        DeleteObject(ctx->old_font);
    if (ctx->images)
        ImageList_Destroy(ctx->images);
    bf_snapshot_destroy(ctx->snap);
    bf_diagnosis_destroy(ctx->diag);
    bf_catalogue_destroy(ctx->catalogue);
    bfgui_history_free(ctx->history);
    if (ctx->top_icon_image)
        DestroyIcon(ctx->top_icon_image);
    free(ctx->path);
    free(ctx->shown_path);
    free(ctx->catalogue_path);
    free(ctx);
}

static LRESULT main_wnd_dispatch(main_ctx *ctx, HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
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
        update_actions(ctx);
        return 0;
    case WM_BF_SHOW_STEP:
        show_step(ctx);
        return 0;
    case WM_BF_COLUMNS:
        OnColumnsStep(ctx);
        return 0;
    case WM_BF_DPI_STEP:
        OnDpiStep(ctx);
        return 0;
    case WM_BF_PING:
        bfgui_watchdog_record(ctx->pinger, wp, lp, ctx->first_shown);
        return 0;
    case WM_BF_OPEN_CHOSEN:
        OnOpenChosen(ctx, (WCHAR *)lp);
        return 0;
    case WM_BF_EXPORT_DONE:
        if (wp)
            set_status_text(ctx, 0, (WCHAR *)lp);
        else
            bfgui_message_box(ctx->hwnd, (WCHAR *)lp, MB_OK | MB_ICONERROR);
        free((WCHAR *)lp);
        return 0;
    case WM_CONTEXTMENU:
        OnContextMenu(ctx, (HWND)wp, (short)LOWORD(lp), (short)HIWORD(lp));
        return 0;
    case WM_HELP:
        OnHelp(ctx);
        return TRUE;
    case WM_SETCURSOR:
        if ((HWND)wp == hwnd && LOWORD(lp) == HTCLIENT) {
            POINT pt;
            GetCursorPos(&pt);
            ScreenToClient(hwnd, &pt);
            if (splitter_at(ctx, pt.x)) {
                SetCursor(LoadCursorW(NULL, (LPCWSTR)IDC_SIZEWE));
                return TRUE;
            }
        }
        return DefWindowProcW(hwnd, msg, wp, lp);
    case WM_LBUTTONDOWN:
        ctx->drag = splitter_at(ctx, (short)LOWORD(lp));
        if (ctx->drag)
            SetCapture(hwnd);
        return 0;
    case WM_MOUSEMOVE:
        OnMouseMove(ctx, (short)LOWORD(lp));
        return 0;
    case WM_LBUTTONUP:
    case WM_CAPTURECHANGED:
        if (ctx->drag) {
            ctx->drag = 0;
            if (msg == WM_LBUTTONUP)
                ReleaseCapture();
        }
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

/* Tells the watchdog which message is being handled, so that it can name what stalled the thread
 * (dialogs run inside the WM_COMMAND that opened them and are counted under it). */
static LRESULT CALLBACK main_wnd_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    main_ctx *ctx = (main_ctx *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    if (!ctx || msg == WM_BF_PING || msg == WM_NCDESTROY)     /* WM_NCDESTROY frees ctx */
        return main_wnd_dispatch(ctx, hwnd, msg, wp, lp);
    LONG outer = bfgui_watchdog_enter(ctx->pinger, msg, wp);
    LRESULT r = main_wnd_dispatch(ctx, hwnd, msg, wp, lp);
    bfgui_watchdog_leave(ctx->pinger, outer);     /* re-read: WM_DESTROY stops it (NULL then) */
    return r;
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
    if (!ctx) {
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }
    ctx->hinst = hinst;
    ctx->source = opts->source;
    ctx->start_command = opts->start_command;
    ctx->watchdog = opts->watchdog;
    if ((opts->snapshot_path && !(ctx->path = _wcsdup(opts->snapshot_path)))
        || (opts->catalogue_path && !(ctx->catalogue_path = _wcsdup(opts->catalogue_path)))) {
        free(ctx->path);
        free(ctx);
        SetLastError(ERROR_NOT_ENOUGH_MEMORY);
        return NULL;
    }

    /* A comfortable size for three lists at the system DPI, never larger than the work area. */
    UINT dpi = bfgui_dpi_for_system();
    RECT work;
    if (!SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0))
        SetRect(&work, 0, 0, GetSystemMetrics(SM_CXSCREEN), GetSystemMetrics(SM_CYSCREEN));
    int w = bfgui_scale(WINDOW_W, dpi), h = bfgui_scale(WINDOW_H, dpi);
    int work_w = work.right - work.left, work_h = work.bottom - work.top;
    if (w > work_w)
        w = work_w;
    if (h > work_h)
        h = work_h;
    int x = work.left + (work_w - w) / 2, y = work.top + (work_h - h) / 2;

    WCHAR *title = bfgui_load_string(hinst, IDS_APP_NAME);
    main_create_params params = {ctx, false};
    ctx->load_on_create = start;
    HWND hwnd = CreateWindowExW(WS_EX_CONTROLPARENT, BF_MAIN_WINDOW_CLASS, title ? title : L"",
                                WS_OVERLAPPEDWINDOW | WS_CLIPCHILDREN, x, y, w, h, NULL, NULL, hinst, &params);
    DWORD create_err = hwnd ? ERROR_SUCCESS : GetLastError();  /* read now; handed back below */
    free(title);
    if (!params.adopted) {
        free(ctx->path);
        free(ctx->catalogue_path);
        free(ctx);
    }
    if (!hwnd)
        SetLastError(create_err);       /* the caller's GetLastError says why, as CreateWindowExW's would */
    return hwnd;
}

void bfgui_show_main_window(HWND hwnd, int show)
{
    WINDOWPLACEMENT wp;
    if (bfgui_settings_get_placement(&wp)) {
        /* only where a monitor still is (a laptop undocked from its second screen) */
        HMONITOR mon = MonitorFromRect(&wp.rcNormalPosition, MONITOR_DEFAULTTONULL);
        if (mon) {
            if (wp.showCmd == SW_SHOWMINIMIZED || wp.showCmd == SW_MINIMIZE)
                wp.showCmd = SW_SHOWNORMAL;
            if (show != SW_SHOWDEFAULT && show != SW_SHOWNORMAL && show != SW_SHOW)
                wp.showCmd = (UINT)show;  /* what the caller asked for (e.g. minimized) wins */
            SetWindowPlacement(hwnd, &wp);
            return;
        }
    }
    /* no UpdateWindow: the first paint comes when the queue is idle, by then usually with the data
     * (painting the empty console first cost ~50 ms of the first paint under Wine) */
    ShowWindow(hwnd, show);
}
