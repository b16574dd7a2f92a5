/*
 * mainwnd.c - bindfix's main window, the frame of the console: menu, toolbar, scope tree (left), the
 * page of the selected node (middle: page.h; the overview, or one list per view), the Actions pane
 * (right), the splitters between them, and a status bar with the scan state.
 *
 * State lives in main_ctx (heap; lpCreateParams -> GWLP_USERDATA; freed on WM_NCDESTROY).  The window
 * procedure only dispatches to one On* handler per message, and the handlers to the pages through
 * their bf_page_ops.  Data arrives from loader.c's worker thread as WM_BF_LOAD_DONE; the UI thread
 * never waits for the machine.
 */
#include "page.h"

#include "catalogue.h"
#include "diagnose.h"
#include "helptopics.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <uxtheme.h>

/* The pages, in bf_node order. */
static const bf_page_ops *const page_classes[BF_NODE__COUNT] = {
    &bf_page_computer, &bf_page_overview, &bf_page_adapters, &bf_page_binding, &bf_page_resolver, &bf_page_protocols,
    &bf_page_listeners, &bf_page_services, &bf_page_events, &bf_page_findings, &bf_page_history,
    &bf_page_hosts, &bf_page_port_ranges, &bf_page_http_listen, &bf_page_pins,
    &bf_page_fleet,
};

typedef struct main_ctx {
    HINSTANCE hinst;
    HWND hwnd;
    HWND status, toolbar, tree, result_label, result_list, actions;
    HFONT font;                 /* owned; NULL: the controls keep the stock font */
    HFONT old_font;             /* the font before a DPI change, until every control has the new one */
    HIMAGELIST images;          /* owned; shared by the lists (LVS_SHAREIMAGELISTS) */
    HIMAGELIST old_images;      /* the images before a DPI change, until every list has the new ones */
    HIMAGELIST toolbar_images;  /* owned: the standard toolbar images at the DPI's small-icon size (NULL:
                                 * the toolbar's own 16-pixel ones, at 96 DPI) */
    bf_page_host host;          /* what the pages see of the frame: dpi, font, images, data */
    void *pages[BF_NODE__COUNT];        /* each page's context (page_classes[node]->create) */
    bf_node node;               /* the page shown, once has_node */
    bool has_node;
    unsigned pages_busy;        /* pages with posted work queued: bit per node (BF_SETTLING_PROP) */

    bf_source_kind source;      /* what Refresh reloads */
    WCHAR *path;                /* BF_SOURCE_FILE: malloc'd */
    bool opening;                   /* File > Open's load is under way over data already shown, which */
    bf_source_kind shown_source;    /* came from here: if the file does not load, source and path go */
    WCHAR *shown_path;              /* back to it (malloc'd or NULL), so title and Refresh stay true */
    WCHAR *source_text;         /* source and path in words (malloc'd; host.data.source_text) */
    WCHAR *catalogue_path;      /* /catalogue FILE: malloc'd, or NULL */
    bool trust_files;           /* /trust-file */
    WCHAR *fleet_dir;           /* /fleet DIR: opened once the pages are made (malloc'd), then NULL */
    WCHAR *pending_file;        /* a fleet server's snapshot selected while a load ran: opened when it
                                 * ends (malloc'd), else NULL */
    bf_load_job *job;           /* the current or last load; NULL before the first */
    bfgui_copy_job *copy;       /* a Copy or Export list making its text on a worker, or NULL */
    unsigned generation;
    unsigned loads_ended;       /* published as BF_LOADS_PROP */
    bf_snapshot *snap;          /* what the pages show; owned */
    struct bf_diagnosis *diag;  /* its findings; owned, may be NULL */
    struct bf_catalogue *catalogue; /* what diag was made with (diag points into it); owned, may be NULL */
    struct bf_history *history; /* the repair journals (live source); owned, may be NULL */
    bf_load_state state;
    HWND focus;                 /* child to give the focus back to on activation */

    int scope_w96, actions_w96; /* pane widths at 96 DPI (saved) */
    bool actions_shown;
    int drag;                   /* 0, or which splitter is dragged: 1 scope | result, 2 result | actions */
    bool elevated;
    int start_command;          /* a command to run once the first load is shown (/fix ... after UAC) */
    bool first_shown;
    bool node_shown;            /* show_node ran (set false to see whether a tree selection showed it) */
    bool load_on_create;        /* the first load's worker starts at WM_CREATE, before the controls */
    bool asked_interrupted;
    bool pages_live;            /* every page made (WM_CREATE) and not yet told of WM_DESTROY: only then
                                 * do the pages get notifications (the frame's controls send some while
                                 * they are made) and steps */
    bool watchdog;              /* BINDFIX_WATCHDOG=1: run the responsiveness watchdog */
    unsigned faults;            /* BINDFIX_FAULT (tests only): BFGUI_FAULT_*, kept in BF_FAULT_PROP */
    bfgui_watchdog *pinger;     /* the responsiveness watchdog (watchdog.c), or NULL */
    int show_step;              /* 0, or the next step of showing a new snapshot (see show_snapshot) */
    int show_page, show_part;   /* ...its SHOW_PAGES step: which page, which part */
    int dpi_step;               /* 0, or the number of the next step of taking a new DPI (OnDpiChanged) */
    int font_phase, font_index, font_part;     /* where take_font_step is (font_walk_start) */
    RECT dpi_rect;              /* the window rectangle Windows suggested for it */
    bfgui_live *live;           /* View > Auto refresh on (livewatch.c), else NULL */
    bool live_pending;          /* an address changed (or View > Check DNS registration was
                                 * toggled) during a scan: scan again when it ends (LIVE_TIMER) */
    bool dns;                   /* View > Check DNS registration in scans (remembered: settings.c) */
    size_t view_changed;        /* rows the shown list page marked changed (live mode), SIZE_MAX: none */
    size_t view_removed;        /* ...and rows the latest change removed from it, */
    WCHAR *view_removed_names;  /* ...the first few of them by name (owned; NULL: none) */
} main_ctx;

/* the live mode's retry while a scan runs (a timer id of this window) */
enum { LIVE_TIMER = 16, LIVE_RETRY_MS = 500 };

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
    MIDDLE_MIN_W = 360,         /* the middle pane (a page) is kept at least this wide */
    LABEL_PAD_H = 6,            /* a pane label: the font's height plus this */
    /* (the pages' own numbers are in page_overview.c and overview.c) */
    STATUS_SOURCE_W = 160,      /* the status bar's source part when its text cannot be measured */
    STATUS_SOURCE_PAD_W = 24,   /* ...else the text's width plus this and a scroll bar's (the grip) */
    MENU_KEY_OFFSET = 20,       /* Shift+F10: the context menu this far into the focused control */
    FONT_H_FALLBACK = 16,       /* the font's height when it cannot be measured: the message font's */
};

/* the steps of WM_BF_SHOW_STEP (messages.h) */
enum { SHOW_PAGES = 1, SHOW_LAYOUT, SHOW_REST };

typedef struct main_create_params {
    main_ctx *ctx;
    bool adopted;               /* set by WM_NCCREATE: from then on the window frees ctx */
} main_create_params;

/* ---- helpers -------------------------------------------------------------------------------------- */

static void set_state(main_ctx *ctx, bf_load_state state)
{
    ctx->state = state;
    SetPropW(ctx->hwnd, BF_STATE_PROP, (HANDLE)(INT_PTR)state);
}

static void set_status_text(main_ctx *ctx, int part, const WCHAR *text)
{
    SendMessageW(ctx->status, SB_SETTEXTW, (WPARAM)part, (LPARAM)(text ? text : L""));
    /* part 0 says what happened ("The scan found 7 problems"): screen readers are told; the source part
     * and the scan's progress ticks (OnLoadProgress) are not news worth interrupting for */
    if (part == 0)
        bfgui_announce(ctx->status, text);
}

static void set_status_string(main_ctx *ctx, int part, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *text = bfgui_format(ctx->hinst, id, args, n);
    set_status_text(ctx, part, text);
    free(text);
}

/* After every change of source or path: their words, for the title, the status bar and the pages. */
static void source_changed(main_ctx *ctx)
{
    free(ctx->source_text);
    switch (ctx->source) {
    case BF_SOURCE_DEMO:
        ctx->source_text = bfgui_load_string(ctx->hinst, IDS_SOURCE_DEMO);
        break;
    case BF_SOURCE_FILE: {
        DWORD_PTR args[1] = {(DWORD_PTR)(ctx->path ? ctx->path : L"")};
        ctx->source_text = bfgui_format(ctx->hinst, IDS_SOURCE_FILE, args, 1);
        break;
    }
    case BF_SOURCE_LIVE:
    default:
        ctx->source_text = bfgui_load_string(ctx->hinst, IDS_SOURCE_LIVE);
        break;
    }
    ctx->host.data.source_text = ctx->source_text;
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

/* ---- the pages: their host, the one shown ---------------------------------------------------------- */

static main_ctx *host_frame(bf_page_host *host)
{
    return (main_ctx *)((char *)host - offsetof(main_ctx, host));
}

static void *page_of(main_ctx *ctx, bf_node node)
{
    return ctx->pages[node];
}

static const bf_page_ops *shown_ops(main_ctx *ctx)
{
    return ctx->has_node ? page_classes[ctx->node] : NULL;
}

/* BF_SETTLING_PROP while a page or a DPI change has layout work queued. */
static void update_settling(main_ctx *ctx)
{
    if (ctx->pages_busy || ctx->dpi_step)
        SetPropW(ctx->hwnd, BF_SETTLING_PROP, (HANDLE)1);
    else
        RemovePropW(ctx->hwnd, BF_SETTLING_PROP);
}

static void host_busy(bf_page_host *host, bf_node node, bool busy)
{
    main_ctx *ctx = host_frame(host);
    if (busy)
        ctx->pages_busy |= 1u << node;
    else
        ctx->pages_busy &= ~(1u << node);
    update_settling(ctx);
}

static void status_loaded(main_ctx *ctx);

/* The shown list page made its rows (host.changed): the status bar says how many are marked changed. */
static void host_changed(bf_page_host *host, bf_node node, size_t changed, size_t removed, const WCHAR *removed_names)
{
    main_ctx *ctx = host_frame(host);
    if (!ctx->has_node || node != ctx->node)
        return;
    ctx->view_changed = changed;
    ctx->view_removed = removed;
    free(ctx->view_removed_names);
    ctx->view_removed_names = removed && removed_names ? _wcsdup(removed_names) : NULL;
    if (ctx->state == BF_LOAD_STATE_LOADED && ctx->snap)
        status_loaded(ctx);
}

static void host_error(bf_page_host *host, UINT id)
{
    show_string_error(host_frame(host), id, NULL, 0);
}

static void host_error_text(bf_page_host *host, const WCHAR *detail)
{
    show_error(host_frame(host), detail);
}

/* Every page told of what changed, every part at once (not in steps: see show_step for new data). */
static void refresh_pages(main_ctx *ctx, bf_page_change change)
{
    for (int n = 0; n < BF_NODE__COUNT; n++)
        for (int part = 0; page_classes[n]->refresh(page_of(ctx, n), change, part); part++)
            ;
}

/* ---- fonts, images, measuring, layout ------------------------------------------------------------- */

static void measure_font(main_ctx *ctx)
{
    UINT dpi = ctx->host.dpi;
    HDC dc = GetDC(ctx->hwnd);
    if (dc) {
        HGDIOBJ prev = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : GetStockObject(DEFAULT_GUI_FONT));
        TEXTMETRICW tm;
        ctx->host.font_height = GetTextMetricsW(dc, &tm) ? tm.tmHeight : bfgui_scale(FONT_H_FALLBACK, dpi);
        SelectObject(dc, prev);
        ReleaseDC(ctx->hwnd, dc);
    }
    ctx->host.label_h = ctx->host.font_height + bfgui_scale(LABEL_PAD_H, dpi);
}

/* The frame's own controls take the UI font in three parts, one message each under Wine (WM_SETFONT
 * makes a list view measure everything again). */
enum { FRAME_FONT_PARTS = 3 };

static void set_frame_font(main_ctx *ctx, int part)
{
    if (!ctx->font)
        return;     /* the controls keep the stock font */
    WPARAM f = (WPARAM)ctx->font;
    if (part == 0) {
        SendMessageW(ctx->status, WM_SETFONT, f, FALSE);
        SendMessageW(ctx->result_label, WM_SETFONT, f, FALSE);
    } else if (part == 1) {
        SendMessageW(ctx->tree, WM_SETFONT, f, FALSE);
        SendMessageW(ctx->result_list, WM_SETFONT, f, FALSE);
    } else {
        bfgui_actions_set_font(ctx->actions, ctx->font, ctx->host.dpi);
    }
}

/* Taking a font, images and sizes for host.dpi, in steps: the frame's controls (FONT), the font's
 * height and the status images (IMAGES), each page's parts (PAGES), then the old font and images go
 * (END). The old font stays selected into controls not yet switched, so it is deleted only at the end. */
enum { WALK_FONT, WALK_IMAGES, WALK_PAGES, WALK_END };

static void font_walk_start(main_ctx *ctx)
{
    ctx->font_phase = WALK_FONT;
    ctx->font_index = 0;
    ctx->font_part = 0;
}

/* One step; false when the walk has ended. */
/* comctl32's standard toolbar images (bitmap: IDB_STD_SMALL_COLOR or IDB_STD_LARGE_COLOR) drawn into a
 * list of cx pixels of ours, NULL on failure. A hidden toolbar loads them: TB_LOADIMAGES appends to the
 * list of the toolbar it is sent to. */
static HIMAGELIST std_images(main_ctx *ctx, WPARAM bitmap, int cx)
{
    HWND tmp = CreateWindowExW(0, TOOLBARCLASSNAMEW, L"", WS_CHILD, 0, 0, 0, 0, ctx->hwnd, NULL, ctx->hinst, NULL);
    if (!tmp)
        return NULL;
    SendMessageW(tmp, TB_BUTTONSTRUCTSIZE, sizeof(TBBUTTON), 0);
    SendMessageW(tmp, TB_LOADIMAGES, bitmap, (LPARAM)HINST_COMMCTRL);
    HIMAGELIST src = (HIMAGELIST)SendMessageW(tmp, TB_GETIMAGELIST, 0, 0);
    int n = src ? ImageList_GetImageCount(src) : 0;
    HIMAGELIST made = n ? ImageList_Create(cx, cx, ILC_COLOR32 | ILC_MASK, n, 0) : NULL;
    for (int i = 0; made && i < n; i++) {
        HICON icon = ImageList_GetIcon(src, i, ILD_NORMAL);
        /* ReplaceIcon(-1) appends, drawing the icon at the list's size */
        if (!icon || ImageList_ReplaceIcon(made, -1, icon) < 0) {
            ImageList_Destroy(made);
            made = NULL;
        }
        if (icon)
            DestroyIcon(icon);
    }
    DestroyWindow(tmp);
    return made;
}

/* The toolbar's images at the small-icon size of the window's DPI (they stayed 16 pixels at 192 DPI):
 * the 24-pixel set above 16 pixels, the 16-pixel set at 96 DPI once the list is ours. */
static void scale_toolbar_images(main_ctx *ctx)
{
    int cx = bfgui_metric(SM_CXSMICON, ctx->host.dpi);
    if (cx <= 16 && !ctx->toolbar_images)
        return;     /* the toolbar's own 16-pixel list (create_toolbar) is right */
    HIMAGELIST made = std_images(ctx, cx > 16 ? IDB_STD_LARGE_COLOR : IDB_STD_SMALL_COLOR, cx);
    if (!made)
        return;     /* the images in use stay: every button also says what it does in words or a tooltip */
    SendMessageW(ctx->toolbar, TB_SETIMAGELIST, 0, (LPARAM)made);
    SendMessageW(ctx->toolbar, TB_AUTOSIZE, 0, 0);
    if (ctx->toolbar_images)
        ImageList_Destroy(ctx->toolbar_images);
    ctx->toolbar_images = made;
}

static bool font_walk_step(main_ctx *ctx)
{
    switch (ctx->font_phase) {
    case WALK_FONT:
        if (ctx->font_index == 0) {
            HFONT font = bfgui_create_ui_font(ctx->host.dpi);
            if (font) {
                if (ctx->old_font && ctx->old_font != ctx->font)
                    DeleteObject(ctx->old_font);
                ctx->old_font = ctx->font;
                ctx->font = font;
                ctx->host.font = font;
            }
        }
        set_frame_font(ctx, ctx->font_index);
        if (++ctx->font_index == FRAME_FONT_PARTS)
            ctx->font_phase = WALK_IMAGES;
        return true;
    case WALK_IMAGES: {
        measure_font(ctx);
        scale_toolbar_images(ctx);
        int cx = 0;
        HIMAGELIST il = bfgui_create_status_images(ctx->hinst, ctx->host.dpi, &cx);
        if (il) {   /* else keep the previous (wrong-size) images rather than none: status is also in text */
            if (ctx->old_images)
                ImageList_Destroy(ctx->old_images);
            ctx->old_images = ctx->images;
            ctx->images = il;
            ctx->host.images = il;
            ctx->host.icon_cx = cx;
            SendMessageW(ctx->result_list, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)il);
        }
        ctx->font_phase = WALK_PAGES;
        ctx->font_index = 0;
        ctx->font_part = 0;
        return true;
    }
    case WALK_PAGES:
        if (page_classes[ctx->font_index]->font_changed(page_of(ctx, ctx->font_index), ctx->font_part)) {
            ctx->font_part++;
        } else {
            ctx->font_part = 0;
            if (++ctx->font_index == BF_NODE__COUNT)
                ctx->font_phase = WALK_END;
        }
        return true;
    case WALK_END:
    default:
        if (ctx->old_font && ctx->old_font != ctx->font)
            DeleteObject(ctx->old_font);
        ctx->old_font = NULL;
        if (ctx->old_images)
            ImageList_Destroy(ctx->old_images);
        ctx->old_images = NULL;
        return false;
    }
}

static void set_status_parts(main_ctx *ctx, int client_w)
{
    const WCHAR *src = ctx->source_text;
    int src_w = bfgui_scale(STATUS_SOURCE_W, ctx->host.dpi);
    if (src) {
        HDC dc = GetDC(ctx->status);
        if (dc) {
            HGDIOBJ prev = SelectObject(dc, ctx->font ? (HGDIOBJ)ctx->font : GetStockObject(DEFAULT_GUI_FONT));
            SIZE sz;
            if (GetTextExtentPoint32W(dc, src, (int)wcslen(src), &sz))
                src_w = sz.cx + bfgui_scale(STATUS_SOURCE_PAD_W, ctx->host.dpi) +
                        bfgui_metric(SM_CXVSCROLL, ctx->host.dpi);
            SelectObject(dc, prev);
            ReleaseDC(ctx->status, dc);
        }
    }
    if (src_w > client_w / 2)
        src_w = client_w / 2;
    int parts[2] = {client_w - src_w, -1};
    SendMessageW(ctx->status, SB_SETPARTS, 2, (LPARAM)parts);
    set_status_text(ctx, 1, src);
}

/* The splitters are the gaps between the panes: a drag there moves them. */
static int splitter_w(const main_ctx *ctx)
{
    return bfgui_scale(SPLITTER_W, ctx->host.dpi);
}

static void pane_widths(main_ctx *ctx, int client_w, int *scope_w, int *actions_w)
{
    UINT dpi = ctx->host.dpi;
    int margin = bfgui_scale(MARGIN, dpi), min_mid = bfgui_scale(MIDDLE_MIN_W, dpi);
    *scope_w = bfgui_scale(ctx->scope_w96, dpi);
    *actions_w = ctx->actions_shown ? bfgui_scale(ctx->actions_w96, dpi) : 0;
    /* never so narrow that a word of the Actions pane breaks (a large text size: "administrator" did at
     * 170 px), whatever width was saved or dragged: the pane measures its words in its font at this DPI */
    int actions_min = ctx->actions_shown ? bfgui_actions_min_width(ctx->actions) : 0;
    if (*actions_w < actions_min)
        *actions_w = actions_min;
    int room = client_w - 2 * margin - 2 * splitter_w(ctx) - min_mid;
    /* a narrow window narrows the side panes first, down to a usable minimum */
    int min_side = bfgui_scale(SIDE_MIN_W, dpi);
    int min_actions = actions_min > min_side ? actions_min : min_side;
    while (*scope_w + *actions_w > room && (*scope_w > min_side || *actions_w > min_actions)) {
        if (*scope_w > min_side)
            (*scope_w)--;
        if (*actions_w > min_actions)
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

    const int margin = bfgui_scale(MARGIN, ctx->host.dpi);
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
    if (ctx->has_node)
        page_classes[ctx->node]->layout(page_of(ctx, ctx->node), area);
}

/* ---- the console: toolbar, scope tree, result pane, Actions pane ------------------------------------ */

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

/* The frame's controls around the pages; the result pane (label and list) is the list pages'. */
static bool create_console(main_ctx *ctx)
{
    if (!create_toolbar(ctx))
        return false;
    ctx->tree = bfgui_scope_create(ctx->hinst, ctx->hwnd, IDC_SCOPE_TREE);
    ctx->result_label = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | SS_LEFT | SS_CENTERIMAGE | SS_NOPREFIX,
                                        0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_RESULT_LABEL, ctx->hinst, NULL);
    ctx->result_list = CreateWindowExW(WS_EX_CLIENTEDGE, WC_LISTVIEWW, L"",
                                       WS_CHILD | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_SHAREIMAGELISTS |
                                           LVS_OWNERDATA,   /* the pages' row tables: rowtable.c */
                                       0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)IDC_RESULT_LIST, ctx->hinst, NULL);
    ctx->actions = bfgui_actions_create(ctx->hinst, ctx->hwnd, IDC_ACTIONS_PANE);
    if (!ctx->tree || !ctx->result_label || !ctx->result_list || !ctx->actions)
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
    ctx->scope_w96 = SCOPE_W;
    ctx->actions_w96 = ACTIONS_W;
    ctx->actions_shown = true;
    bfgui_settings_get_panes(&ctx->scope_w96, &ctx->actions_w96, &ctx->actions_shown);
    return true;
}

/* The tab order is the Z order of the frame's children: made in visual order, left to right and top to
 * bottom - the scope tree, the page (the overview: its top strip, the three lists, the findings; a list
 * page: its list), the Actions pane (one tab stop, actions.c). Each page lists its windows in that
 * order (bf_page_ops.windows); the frame puts them there once all are made. */
static void order_tabs(main_ctx *ctx)
{
    HWND seq[2 + BF_NODE__COUNT * BF_PAGE_MAX_WINDOWS + 2];
    int n = 0;
    seq[n++] = ctx->toolbar;
    seq[n++] = ctx->tree;
    for (int node = 0; node < BF_NODE__COUNT; node++) {
        HWND w[BF_PAGE_MAX_WINDOWS];
        int k = page_classes[node]->windows(page_of(ctx, node), w, BF_PAGE_MAX_WINDOWS);
        for (int i = 0; i < k; i++) {
            bool seen = false;      /* the list pages share the result pane */
            for (int j = 0; j < n && !seen; j++)
                seen = seq[j] == w[i];
            if (!seen && w[i])
                seq[n++] = w[i];
        }
    }
    seq[n++] = ctx->actions;
    seq[n++] = ctx->status;
    HWND after = HWND_TOP;
    for (int i = 0; i < n; i++) {
        SetWindowPos(seq[i], after, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);
        after = seq[i];
    }
}

/* One context per page (page_classes), after the frame's own controls. */
static bool create_pages(main_ctx *ctx)
{
    bf_page_host *h = &ctx->host;
    h->hinst = ctx->hinst;
    h->frame = ctx->hwnd;
    h->result_label = ctx->result_label;
    h->result_list = ctx->result_list;
    h->busy = host_busy;
    h->error = host_error;
    h->error_text = host_error_text;
    h->changed = host_changed;
    ctx->view_changed = SIZE_MAX;
    for (int n = 0; n < BF_NODE__COUNT; n++)
        if (!(ctx->pages[n] = page_classes[n]->create(h)))
            return false;
    return true;
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
    /* the overview's Fix... and Restart services (page_overview.c) are these commands too */
    EnableWindow(GetDlgItem(ctx->hwnd, IDC_TOP_FIX), can);
    EnableWindow(GetDlgItem(ctx->hwnd, IDC_TOP_RESTART), can && st.live);
}

/* Shows the page of node: the windows of the page shown before hidden, the new page's shown, in one
 * batch without drawing (showing or hiding fourteen windows one by one costs Wine ~60 ms). */
static void show_node(main_ctx *ctx, bf_node node)
{
    ctx->node_shown = true;
    const bf_page_ops *prev = shown_ops(ctx), *next = page_classes[node];
    if (prev && prev != next)
        prev->show(page_of(ctx, ctx->node), false);
    HWND hide[BF_PAGE_MAX_WINDOWS], show[BF_PAGE_MAX_WINDOWS];
    int nhide = prev && prev != next ? prev->windows(page_of(ctx, ctx->node), hide, BF_PAGE_MAX_WINDOWS) : 0;
    int nshow = next->windows(page_of(ctx, node), show, BF_PAGE_MAX_WINDOWS);
    for (int i = 0; i < nhide; i++)     /* a window both pages show (the result pane) stays */
        for (int k = 0; k < nshow; k++)
            if (hide[i] == show[k])
                hide[i] = NULL;
    if (!ctx->has_node || node != ctx->node) {
        /* the status bar's count of changed rows is the shown view's: a list page sets it as it shows */
        ctx->view_changed = SIZE_MAX;
        ctx->view_removed = 0;
        if (ctx->live && ctx->state == BF_LOAD_STATE_LOADED && ctx->snap)
            status_loaded(ctx);
    }
    ctx->node = node;
    ctx->has_node = true;
    SetPropW(ctx->hwnd, BF_NODE_PROP, (HANDLE)(INT_PTR)node);
    SendMessageW(ctx->hwnd, WM_SETREDRAW, FALSE, 0);
    HDWP dwp = BeginDeferWindowPos(nhide + nshow);
    UINT flags = SWP_NOMOVE | SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE;
    for (int i = 0; i < nhide && dwp; i++)
        if (hide[i])
            dwp = DeferWindowPos(dwp, hide[i], NULL, 0, 0, 0, 0, flags | SWP_HIDEWINDOW);
    for (int i = 0; i < nshow && dwp; i++)
        dwp = DeferWindowPos(dwp, show[i], NULL, 0, 0, 0, 0, flags | SWP_SHOWWINDOW);
    if (dwp) {
        EndDeferWindowPos(dwp);
    } else {
        for (int i = 0; i < nhide; i++)
            if (hide[i])
                ShowWindow(hide[i], SW_HIDE);
        for (int i = 0; i < nshow; i++)
            ShowWindow(show[i], SW_SHOWNA);
    }
    SendMessageW(ctx->hwnd, WM_SETREDRAW, TRUE, 0);
    RedrawWindow(ctx->hwnd, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN);
    next->show(page_of(ctx, node), true);
    update_actions(ctx);
    layout(ctx);
}

/* ---- loading ---------------------------------------------------------------------------------------- */

static bool loading(const main_ctx *ctx)
{
    return bfgui_load_running(ctx->job);
}

static bf_gui_source source_of(const main_ctx *ctx)
{
    bf_gui_source src = {ctx->source, ctx->path, ctx->catalogue_path, ctx->trust_files, ctx->dns};
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
 * window answers input and the watchdog between them. First each page takes the new data, part by
 * part (SHOW_PAGES), then the layout (its column steps are posted first: the first runs before
 * SHOW_REST), then the title and status bar. The state becomes "loaded" at the last step. */

static void show_snapshot(main_ctx *ctx)
{
    if (ctx->show_step == 0)
        PostMessageW(ctx->hwnd, WM_BF_SHOW_STEP, 0, 0);
    ctx->show_step = SHOW_PAGES;
    ctx->show_page = 0;
    ctx->show_part = 0;
}

static void after_first_load(main_ctx *ctx);

static void show_snapshot_rest(main_ctx *ctx);
static void open_pending(main_ctx *ctx);

static void show_step(main_ctx *ctx)
{
    int step = ctx->show_step;
    if (step == 0 || !ctx->snap) {
        ctx->show_step = 0;
        return;
    }
    switch (step) {
    case SHOW_PAGES:
        if (page_classes[ctx->show_page]->refresh(page_of(ctx, ctx->show_page), BF_PAGE_NEW_DATA, ctx->show_part)) {
            ctx->show_part++;
        } else {
            ctx->show_part = 0;
            if (++ctx->show_page == BF_NODE__COUNT)
                ctx->show_step = SHOW_LAYOUT;
        }
        break;
    case SHOW_LAYOUT:
        layout(ctx);
        ctx->show_step = SHOW_REST;
        break;
    case SHOW_REST:
    default:
        show_snapshot_rest(ctx);
        set_state(ctx, BF_LOAD_STATE_LOADED);
        ctx->show_step = 0;
        after_first_load(ctx);
        open_pending(ctx);
        return;
    }
    PostMessageW(ctx->hwnd, WM_BF_SHOW_STEP, 0, 0);
}

/* The title, the scope tree's computer node, the status bar and the actions, for the data shown. */
static void show_snapshot_rest(main_ctx *ctx)
{
    bf_overview_counts counts;
    bfgui_overview_count(ctx->snap, &counts);
    WCHAR *host = bfgui_wide(ctx->snap->hostname);
    if (host && ctx->source_text) {
        /* the host and the source name the window and the scope tree's computer node */
        DWORD_PTR args[2] = {(DWORD_PTR)host, (DWORD_PTR)ctx->source_text};
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

    status_loaded(ctx);
    update_actions(ctx);
}

/* "Loaded: ..." in the status bar; in live mode with the count of the shown view's changed rows (the
 * status bar is announced to screen readers: the count is heard, not only seen in bold). */
static void status_loaded(main_ctx *ctx)
{
    /* a fleet being read holds part 0 with its count ("3 of 200 servers read...") until OnFleetDone says
     * what it read: a load shown meanwhile (/demo beside /fleet DIR) would hide the count for good */
    if (bf_page_fleet_loading(page_of(ctx, BF_NODE_FLEET)))
        return;
    bf_overview_counts counts;
    bfgui_overview_count(ctx->snap, &counts);
    bool changed = ctx->live && ctx->view_changed != SIZE_MAX;
    bool removed = changed && ctx->view_removed;
    DWORD_PTR args[7] = {(DWORD_PTR)counts.adapters, (DWORD_PTR)counts.resolver_rows,
                         (DWORD_PTR)counts.binds_failed, (DWORD_PTR)counts.binds, (DWORD_PTR)ctx->view_changed,
                         (DWORD_PTR)ctx->view_removed, (DWORD_PTR)(ctx->view_removed_names ? ctx->view_removed_names : L"")};
    /* the rows a change removed are gone from the lists: named here, where a screen reader hears them */
    set_status_string(ctx, 0, removed ? IDS_STATUS_LOADED_REMOVED : changed ? IDS_STATUS_LOADED_CHANGED : IDS_STATUS_LOADED,
                      args, removed ? 7 : changed ? 5 : 4);
}

static void OnCommand(main_ctx *ctx, int id);
static void OnNextPane(main_ctx *ctx, bool forward);
static void open_fleet(main_ctx *ctx, WCHAR *dir);

/* Once data is on the screen: a repair left half-done, and a command asked for on the command line
 * (the elevated copy started by Apply opens its dialog here). */
static void after_first_load(main_ctx *ctx)
{
    ctx->first_shown = true;
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
    if (ctx->faults)    /* before any list shows a table: the tables take it when attached */
        SetPropW(ctx->hwnd, BF_FAULT_PROP, (HANDLE)(UINT_PTR)ctx->faults);
    ctx->dns = bfgui_settings_get_dns();    /* before the first load, which it shapes */
    /* the worker loads (the demo: ~20 ms) while the controls are made, on the other core */
    DWORD load_rc = ctx->load_on_create ? start_load_job(ctx) : ERROR_SUCCESS;
    ctx->host.dpi = bfgui_dpi_for_window(ctx->hwnd);
    source_changed(ctx);
    ctx->status = CreateWindowExW(0, STATUSCLASSNAMEW, L"", WS_CHILD | WS_VISIBLE | SBARS_SIZEGRIP, 0, 0, 0, 0,
                                  ctx->hwnd, (HMENU)(INT_PTR)IDC_STATUSBAR, ctx->hinst, NULL);
    if (!ctx->status || !create_console(ctx) || !create_pages(ctx))
        return -1;
    order_tabs(ctx);
    ctx->pages_live = true;
    /* the font, images and sizes all at once: the window is not shown yet */
    font_walk_start(ctx);
    while (font_walk_step(ctx))
        ;
    ctx->focus = ctx->tree;
    set_state(ctx, BF_LOAD_STATE_EMPTY);
    /* selecting the node shows it (TVN_SELCHANGED): shown a second time, it cost ~18 ms at start-up */
    ctx->node_shown = false;
    bfgui_scope_select(ctx->tree, BF_NODE_OVERVIEW);
    if (!ctx->node_shown)
        show_node(ctx, BF_NODE_OVERVIEW);
    if (ctx->load_on_create)
        show_loading(ctx, load_rc);
    if (ctx->fleet_dir) {
        open_fleet(ctx, ctx->fleet_dir);    /* /fleet DIR: read beside the source's load */
        ctx->fleet_dir = NULL;
    }
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
 * each: font_walk_step), the window settling (BF_SETTLING_PROP) until the pages' layout work is done
 * too. */
static void OnDpiChanged(main_ctx *ctx, UINT dpi, const RECT *suggested)
{
    ctx->host.dpi = dpi;
    ctx->dpi_rect = *suggested;
    if (ctx->dpi_step == 0)
        PostMessageW(ctx->hwnd, WM_BF_DPI_STEP, 1, 0);
    ctx->dpi_step = 1;
    font_walk_start(ctx);
    update_settling(ctx);
}

static void OnDpiStep(main_ctx *ctx)
{
    if (ctx->dpi_step == 0)
        return;
    if (font_walk_step(ctx)) {
        ctx->dpi_step++;
        PostMessageW(ctx->hwnd, WM_BF_DPI_STEP, (WPARAM)ctx->dpi_step, 0);     /* wParam: for the watchdog's record */
        return;
    }
    const RECT *r = &ctx->dpi_rect;
    RECT now;
    GetWindowRect(ctx->hwnd, &now);
    if (EqualRect(&now, r))
        layout(ctx);    /* the size stays: no WM_SIZE will lay the window out */
    else
        SetWindowPos(ctx->hwnd, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                     SWP_NOZORDER | SWP_NOACTIVATE);
    ctx->dpi_step = 0;
    SetPropW(ctx->hwnd, BF_FONTWALKS_PROP,
             (HANDLE)((INT_PTR)GetPropW(ctx->hwnd, BF_FONTWALKS_PROP) + 1));   /* before settling ends */
    update_settling(ctx);
}

static void OnGetMinMaxInfo(main_ctx *ctx, MINMAXINFO *mmi)
{
    UINT dpi = ctx ? ctx->host.dpi : bfgui_dpi_for_system();
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

/* File > Open fleet... and /fleet DIR: the folder is read by the Fleet page's worker (page_fleet.c). */
static void open_fleet(main_ctx *ctx, WCHAR *dir)
{
    /* the console's catalogue (/catalogue FILE), as `bindfix-cli fleet --catalogue FILE` would take it */
    DWORD rc = bf_page_fleet_open(page_of(ctx, BF_NODE_FLEET), dir, ctx->catalogue_path, ctx->trust_files);
    if (rc != ERROR_SUCCESS) {
        DWORD_PTR args[1] = {(DWORD_PTR)rc};
        show_string_error(ctx, IDS_ERR_THREAD, args, 1);
    } else {
        DWORD_PTR args[1] = {(DWORD_PTR)dir};
        set_status_string(ctx, 0, IDS_FLEET_LOADING, args, 1);
    }
    free(dir);
}

/* The Fleet node in the tree, named by the folder's own name (a run's folder: "2026-12-06T0500Z"; the
 * status bar gives the whole path); selected when asked. */
static bool show_fleet_node(main_ctx *ctx, const WCHAR *dir, bool select)
{
    const WCHAR *leaf = dir;
    for (const WCHAR *p = dir; *p; p++)
        if ((*p == L'\\' || *p == L'/') && p[1])
            leaf = p + 1;
    DWORD_PTR args[1] = {(DWORD_PTR)leaf};
    WCHAR *node = bfgui_format(ctx->hinst, IDS_FLEET_NODE_FMT, args, 1);
    bool shown = node && bfgui_scope_show_fleet(ctx->tree, node);
    free(node);
    if (!shown) {
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
        return false;
    }
    if (select)
        bfgui_scope_select(ctx->tree, BF_NODE_FLEET);
    return true;
}

/* A row of the fleet being read: shown at once; the first row of a read brings the node up, selected,
 * and the status bar counts the files read. */
static void OnFleetRow(main_ctx *ctx, LPARAM row)
{
    size_t done, total;
    bool first;
    void *page = page_of(ctx, BF_NODE_FLEET);
    const WCHAR *dir = bf_page_fleet_row(page, row, &done, &total, &first);
    if (!dir || (first && !show_fleet_node(ctx, dir, true)))
        return;
    if (first)
        bfgui_scope_clear_servers(ctx->tree);   /* the folder read again, or another */
    /* the row just read (the last): its server's node, if it was collected (missing ones: OnFleetDone) */
    size_t count = bf_page_fleet_count(page);
    WCHAR *name = count ? bf_page_fleet_server_name(page, count - 1) : NULL;
    if (name)
        bfgui_scope_add_server(ctx->tree, ctx->hinst, name);
    free(name);
    DWORD_PTR args[3] = {(DWORD_PTR)done, (DWORD_PTR)total, (DWORD_PTR)dir};
    set_status_string(ctx, 0, IDS_FLEET_PROGRESS, args, 3);
}

/* The fleet's worker finished: the finished fleet (sorted, grouped) replaces the rows; the node is
 * selected only if no row came before (the user may have gone elsewhere meanwhile). */
static void OnFleetDone(main_ctx *ctx, LPARAM result)
{
    size_t servers = 0;
    bool had_node = bfgui_scope_has_fleet(ctx->tree);
    void *page = page_of(ctx, BF_NODE_FLEET);
    const WCHAR *dir = bf_page_fleet_loaded(page, result, &servers);
    if (!dir || !show_fleet_node(ctx, dir, !had_node))
        return;
    /* the server nodes become the finished fleet's collected servers, in its order (a node selected stays) */
    WCHAR **names = servers ? calloc(servers, sizeof *names) : NULL;
    size_t n = 0;
    for (size_t i = 0; names && i < servers; i++)
        if ((names[n] = bf_page_fleet_server_name(page, i)))
            n++;
    if (servers && (!names || !bfgui_scope_sync_servers(ctx->tree, ctx->hinst, names, n)))
        show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    DWORD_PTR args[2] = {(DWORD_PTR)servers, (DWORD_PTR)dir};
    set_status_string(ctx, 0, IDS_FLEET_LOADED, args, 2);
    if (!GetPropW(ctx->hwnd, BF_FLEETREAD_PROP))
        bfgui_record_moment(ctx->hwnd, BF_FLEETREAD_PROP);  /* the first fleet read whole (bench-fleet-console) */
}

static void OnOpenChosen(main_ctx *ctx, WCHAR *path);
static void open_server_file(main_ctx *ctx, WCHAR *file);

/* Enter or a double-click on a fleet row: that host's snapshot, opened as File > Open snapshot opens a
 * file (read-only: a file's repairs are previews), its overview shown. */
static void open_fleet_host(main_ctx *ctx, HWND list)
{
    WCHAR *host = NULL;
    WCHAR *file = bf_page_fleet_focused_file(page_of(ctx, BF_NODE_FLEET), list, &host);
    if (file && host && bfgui_scope_select_server(ctx->tree, host, BF_NODE_OVERVIEW)) {
        free(file);     /* the server's Overview: selecting it opens the file (show_selected) */
    } else if (file) {
        /* no node (an unreadable file): opened as the computer's, its load error says why in full */
        OnOpenChosen(ctx, file);
        bfgui_scope_select(ctx->tree, BF_NODE_OVERVIEW);
    } else if (host) {
        DWORD_PTR args[1] = {(DWORD_PTR)host};
        WCHAR *text = bfgui_format(ctx->hinst, IDS_FLEET_NO_SNAPSHOT, args, 1);
        bfgui_message_box(ctx->hwnd, text, MB_OK | MB_ICONINFORMATION);
        free(text);
    } else {
        MessageBeep(MB_OK);
    }
    free(host);
}

/* A fleet server's node or view was selected: its snapshot file becomes the source, loaded as /snapshot
 * FILE loads one (OnOpenChosen), unless it is already shown or being loaded; while another load runs it
 * waits for that one to end (open_pending). Takes file. */
static void open_server_file(main_ctx *ctx, WCHAR *file)
{
    if (ctx->source == BF_SOURCE_FILE && ctx->path && _wcsicmp(ctx->path, file) == 0 && (ctx->snap || loading(ctx))) {
        free(file);
        free(ctx->pending_file);    /* back to the server shown: nothing else is wanted */
        ctx->pending_file = NULL;
        return;
    }
    if (loading(ctx)) {
        free(ctx->pending_file);
        ctx->pending_file = file;
        return;
    }
    OnOpenChosen(ctx, file);
}

/* A load ended (shown, failed or stopped): the server selected meanwhile is loaded now. */
static void open_pending(main_ctx *ctx)
{
    WCHAR *file = ctx->pending_file;
    ctx->pending_file = NULL;
    if (file)
        open_server_file(ctx, file);
}

/* The scope tree's selection: its page shown; a fleet server's node or view (scope.c) shows that server's
 * snapshot, in the same pages as the computer's (the console holds one snapshot: the computer node then
 * names it, as after File > Open snapshot). */
static void show_selected(main_ctx *ctx)
{
    bf_node node = bfgui_scope_selected(ctx->tree);
    WCHAR *server = bfgui_scope_selected_server(ctx->tree);
    if (server) {
        WCHAR *file = bf_page_fleet_server_file(page_of(ctx, BF_NODE_FLEET), server);
        if (file)
            open_server_file(ctx, file);
        free(server);
    }
    show_node(ctx, node);
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
    source_changed(ctx);
    start_load(ctx);
}

/* The list that Copy and Select all work on: the page's, by the focus. */
static HWND current_list(main_ctx *ctx)
{
    const bf_page_ops *ops = shown_ops(ctx);
    return ops ? ops->list(page_of(ctx, ctx->node), GetFocus()) : NULL;
}

/* A Copy (or Export list) that failed at step (IDS_STEP_*) of list, with its Win32 error. */
static void copy_failed(main_ctx *ctx, HWND list, UINT step, DWORD error)
{
    WCHAR *name = bfgui_list_name(list);
    WCHAR *text = bfgui_failure_text(ctx->hinst, step, name, error);
    DWORD_PTR args[1] = {(DWORD_PTR)(text ? text : L"")};
    WCHAR *box = text ? bfgui_format(ctx->hinst, IDS_ERR_COPY, args, 1) : NULL;
    bfgui_message_box(ctx->hwnd, box ? box : text, MB_OK | MB_ICONERROR);
    free(box);
    free(text);
    free(name);
}

/* Copy (the selected rows, or all) and Export list (all): the text is made on a worker (copyjob.c), its
 * progress in the status bar, stopped by View > Stop (Esc); WM_BF_COPY_DONE takes it. */
static void start_copy(main_ctx *ctx, bool export_list)
{
    HWND list = current_list(ctx);
    if (!list || ctx->copy)
        return;     /* one copy at a time: the one running says so in the status bar */
    bool any = !export_list && SendMessageW(list, LVM_GETSELECTEDCOUNT, 0, 0) > 0;
    DWORD rc = bfgui_copy_start(ctx->hwnd, list, any, export_list, &ctx->copy);
    if (rc)
        copy_failed(ctx, list, IDS_STEP_WORKER, rc);
}

static void OnCopy(main_ctx *ctx)
{
    start_copy(ctx, false);
}

/* Action > Export list...: the view's whole list, as Copy gives it, to a file (MMC's Export List) */
static void OnExportList(main_ctx *ctx)
{
    start_copy(ctx, true);
}

static void OnCopyDone(main_ctx *ctx, bfgui_copy_job *job)
{
    size_t rows = 0;
    DWORD error = ERROR_SUCCESS;
    WCHAR *text = bfgui_copy_take(job, &rows, &error);
    HWND list = bfgui_copy_list(job);
    bool export_list = bfgui_copy_is_export(job);
    if (job == ctx->copy)
        ctx->copy = NULL;
    bfgui_copy_free(job);
    if (error == ERROR_CANCELLED) {
        set_status_string(ctx, 0, IDS_COPY_STOPPED, NULL, 0);
    } else if (!text) {
        copy_failed(ctx, list, IDS_STEP_COPY, error);
    } else if (export_list) {
        DWORD e = bfgui_export_list(ctx->hinst, ctx->hwnd, text);
        if (e != ERROR_SUCCESS)
            copy_failed(ctx, list, IDS_STEP_EXPORT, e);
    } else {
        DWORD e = bfgui_clipboard_put(ctx->hwnd, text);
        if (e == ERROR_SUCCESS) {
            DWORD_PTR args[1] = {(DWORD_PTR)rows};
            set_status_string(ctx, 0, IDS_COPIED, args, 1);
        } else {
            copy_failed(ctx, list, IDS_STEP_CLIPBOARD, e);
        }
    }
    free(text);
    /* a test waits for this count to grow (guidriver copy) */
    SetPropW(ctx->hwnd, BF_COPIES_PROP, (HANDLE)((UINT_PTR)GetPropW(ctx->hwnd, BF_COPIES_PROP) + 1));
}

/* Action > Properties, Alt+Enter, Enter or a double-click on a row: the focused row of the view's list in
 * full (a finding: its evidence, causes and fixes; propsdlg.c) */
static void OnProperties(main_ctx *ctx, HWND list)
{
    if (!list)
        list = current_list(ctx);
    if (!list || !bfgui_props_row(ctx->hinst, ctx->hwnd, list, ctx->host.data.diag))
        MessageBeep(MB_OK);
}

static void OnSelectAll(main_ctx *ctx)
{
    HWND list = current_list(ctx);
    if (!list)
        return;
    LVITEMW st;
    ZeroMemory(&st, sizeof st);
    st.stateMask = LVIS_SELECTED;
    st.state = LVIS_SELECTED;
    /* drawing off meanwhile: Wine's list view repaints each of a virtual list's rows as it selects it */
    SendMessageW(list, WM_SETREDRAW, FALSE, 0);
    SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)-1, (LPARAM)&st);
    SendMessageW(list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(list, NULL, TRUE);
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
    const bf_page_ops *ops = shown_ops(ctx);
    bfgui_help_open(ctx->hinst, ctx->hwnd, ops ? ops->help_topic : BF_HELP_INDEX);
}

static void OnCommand(main_ctx *ctx, int id)
{
    switch (id) {
    case IDM_FILE_OPEN:
        OnFileOpen(ctx);
        break;
    case IDM_FILE_OPEN_FLEET: {
        DWORD rc = bfgui_ask_open_fleet(ctx->hinst, ctx->hwnd);
        if (rc != ERROR_SUCCESS) {
            DWORD_PTR args[1] = {(DWORD_PTR)rc};
            show_string_error(ctx, IDS_ERR_DIALOG_THREAD, args, 1);
        }
        break;
    }
    case IDM_FILE_SAVE:
        if (ctx->snap)
            bfgui_save_snapshot(ctx->hinst, ctx->hwnd, ctx->snap);
        break;
    case IDM_FILE_EXPORT:
        if (ctx->node == BF_NODE_FLEET && bf_page_fleet_dir(page_of(ctx, BF_NODE_FLEET))) {
            /* on the Fleet node: the fleet report, as bindfix-cli fleet writes it */
            if (!bfgui_export_fleet(ctx->hinst, ctx->hwnd, bf_page_fleet_dir(page_of(ctx, BF_NODE_FLEET)),
                                    ctx->catalogue_path, ctx->trust_files))
                show_string_error(ctx, IDS_ERR_NO_MEMORY, NULL, 0);
        } else if (ctx->snap) {
            bfgui_export_report(ctx->hinst, ctx->hwnd, ctx->snap, ctx->catalogue_path, ctx->trust_files);
        }
        break;
    case IDM_FILE_EXIT:
        PostMessageW(ctx->hwnd, WM_CLOSE, 0, 0);
        break;
    case IDM_VIEW_REFRESH:
        if (ctx->node == BF_NODE_FLEET && bf_page_fleet_dir(page_of(ctx, BF_NODE_FLEET))) {
            /* on the Fleet node: the folder read again (the engine may have fetched more) */
            WCHAR *dir = _wcsdup(bf_page_fleet_dir(page_of(ctx, BF_NODE_FLEET)));
            if (dir)
                open_fleet(ctx, dir);
            break;
        }
        start_load(ctx);
        break;
    case IDM_VIEW_CANCEL:
        if (loading(ctx))
            bfgui_load_cancel(ctx->job);
        bfgui_copy_stop(ctx->copy);
        break;
    case IDM_VIEW_ACTIONS_PANE:
        ctx->actions_shown = !ctx->actions_shown;
        layout(ctx);
        break;
    case IDM_VIEW_AUTO_REFRESH:
        if (ctx->live) {
            bfgui_live_stop(ctx->live);
            ctx->live = NULL;
            KillTimer(ctx->hwnd, LIVE_TIMER);
            ctx->live_pending = false;
        } else if (ctx->source == BF_SOURCE_LIVE && !(ctx->live = bfgui_live_start(ctx->hwnd)))
            MessageBeep(MB_ICONWARNING);
        /* the list pages mark what each scan changed while the live mode is on (the marks shown stay
         * until the next scan, which compares nothing once it is off) */
        ctx->host.mark_changes = ctx->live != NULL;
        break;
    case IDM_VIEW_DNS:
        /* Why a remembered option rather than a one-off command: the DNS findings are then part of every
         * live scan (Refresh, Auto refresh, after a repair) and of the Findings view and overview like any
         * other; off until asked, because the query leaves the machine (as bindfix-cli's --dns). */
        ctx->dns = !ctx->dns;
        bfgui_settings_put_dns(ctx->dns);
        if (ctx->source == BF_SOURCE_LIVE) {
            if (loading(ctx)) {     /* the scan under way started without the new choice */
                ctx->live_pending = true;
                SetTimer(ctx->hwnd, LIVE_TIMER, LIVE_RETRY_MS, NULL);
            } else {
                start_load(ctx);
            }
        }
        break;
    case IDM_VIEW_NEXT_PANE:
    case IDM_VIEW_PREV_PANE:
        OnNextPane(ctx, id == IDM_VIEW_NEXT_PANE);
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
    case IDM_ACTION_EXPORT_LIST:
        OnExportList(ctx);
        break;
    case IDM_EDIT_SELECT_ALL:
        OnSelectAll(ctx);
        break;
    case IDM_ACTION_PROPERTIES:
        OnProperties(ctx, NULL);
        break;
    case IDOK:
        /* Enter, which IsDialogMessage turns into IDOK: on a list of the view, its row's Properties (on
         * the fleet's, the host opened) */
        if (current_list(ctx) && current_list(ctx) == GetFocus()) {
            if (ctx->node == BF_NODE_FLEET)
                open_fleet_host(ctx, GetFocus());
            else
                OnProperties(ctx, GetFocus());
        }
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
    /* which of the menu bar's menus opened (BF_MENU_PROP: 1 + its place), for the keyboard test */
    HMENU bar = GetMenu(ctx->hwnd);
    for (int i = 0, n = bar ? GetMenuItemCount(bar) : 0; i < n; i++)
        if (GetSubMenu(bar, i) == menu)
            SetPropW(ctx->hwnd, BF_MENU_PROP, (HANDLE)(INT_PTR)(i + 1));
    bool busy = loading(ctx), loaded = ctx->snap != NULL;
    bool has_journal = ctx->history && ctx->history->count > 0;
    EnableMenuItem(menu, IDM_FILE_OPEN, MF_BYCOMMAND | (busy ? MF_GRAYED : MF_ENABLED));
    EnableMenuItem(menu, IDM_VIEW_REFRESH, MF_BYCOMMAND | (busy ? MF_GRAYED : MF_ENABLED));
    EnableMenuItem(menu, IDM_VIEW_CANCEL, MF_BYCOMMAND | (busy || ctx->copy ? MF_ENABLED : MF_GRAYED));
    UINT can = MF_BYCOMMAND | (loaded && !busy ? MF_ENABLED : MF_GRAYED);
    EnableMenuItem(menu, IDM_FILE_SAVE, can);
    bool fleet_shown = ctx->node == BF_NODE_FLEET && bf_page_fleet_dir(page_of(ctx, BF_NODE_FLEET));
    EnableMenuItem(menu, IDM_FILE_EXPORT, MF_BYCOMMAND | ((loaded || fleet_shown) && !busy ? MF_ENABLED : MF_GRAYED));
    EnableMenuItem(menu, IDM_ACTION_EXPORT_LIST, can);
    EnableMenuItem(menu, IDM_ACTION_PROPERTIES, can);
    EnableMenuItem(menu, IDM_ACTION_FIX, can);
    EnableMenuItem(menu, IDM_ACTION_WIZARD, can);
    EnableMenuItem(menu, IDM_ACTION_RESTART,
                   MF_BYCOMMAND | (loaded && !busy && ctx->source == BF_SOURCE_LIVE ? MF_ENABLED : MF_GRAYED));
    EnableMenuItem(menu, IDM_ACTION_UNDO, MF_BYCOMMAND | (has_journal && !busy ? MF_ENABLED : MF_GRAYED));
    EnableMenuItem(menu, IDM_FILE_OPEN_FLEET,
                   MF_BYCOMMAND | (bf_page_fleet_loading(page_of(ctx, BF_NODE_FLEET)) ? MF_GRAYED : MF_ENABLED));
    CheckMenuItem(menu, IDM_VIEW_ACTIONS_PANE, MF_BYCOMMAND | (ctx->actions_shown ? MF_CHECKED : MF_UNCHECKED));
    /* live mode: the live machine only (a snapshot file does not change) */
    EnableMenuItem(menu, IDM_VIEW_AUTO_REFRESH, MF_BYCOMMAND | (ctx->source == BF_SOURCE_LIVE ? MF_ENABLED : MF_GRAYED));
    CheckMenuItem(menu, IDM_VIEW_AUTO_REFRESH, MF_BYCOMMAND | (ctx->live ? MF_CHECKED : MF_UNCHECKED));
    /* remembered for the live machine; a demo or a snapshot file holds what was asked when it was made */
    EnableMenuItem(menu, IDM_VIEW_DNS, MF_BYCOMMAND | (ctx->source == BF_SOURCE_LIVE ? MF_ENABLED : MF_GRAYED));
    CheckMenuItem(menu, IDM_VIEW_DNS, MF_BYCOMMAND | (ctx->dns ? MF_CHECKED : MF_UNCHECKED));
}

/* Where a menu opened by the keyboard (Shift+F10, the menu key: x = y = -1) goes: inside the focused
 * row of a list, the selected node of the tree, as Explorer and MMC put it; else near the control's
 * corner. Screen coordinates. */
static POINT keyboard_menu_point(main_ctx *ctx, HWND from)
{
    int offset = bfgui_scale(MENU_KEY_OFFSET, ctx->host.dpi);
    RECT r;
    bool row = false;
    if (from == ctx->tree) {
        HTREEITEM it = (HTREEITEM)SendMessageW(from, TVM_GETNEXTITEM, TVGN_CARET, 0);
        if (it) {
            SendMessageW(from, TVM_ENSUREVISIBLE, 0, (LPARAM)it);
            union { RECT rect; HTREEITEM item; } in;    /* TVM_GETITEMRECT takes the item in the rectangle */
            in.item = it;
            row = SendMessageW(from, TVM_GETITEMRECT, TRUE, (LPARAM)&in) != 0;
            r = in.rect;
        }
    } else {
        int i = (int)SendMessageW(from, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
        if (i < 0)
            i = (int)SendMessageW(from, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED);
        if (i >= 0) {
            SendMessageW(from, LVM_ENSUREVISIBLE, (WPARAM)i, FALSE);
            r.left = LVIR_BOUNDS;
            row = SendMessageW(from, LVM_GETITEMRECT, (WPARAM)i, (LPARAM)&r) != 0;
        }
    }
    POINT pt;
    if (row) {
        RECT client;
        GetClientRect(from, &client);
        pt.x = r.left + offset < client.right ? (r.left > 0 ? r.left : 0) + offset : r.left;
        pt.y = (r.top + r.bottom) / 2;
    } else {
        pt.x = offset;
        pt.y = offset;
    }
    ClientToScreen(from, &pt);
    return pt;
}

/* Whether Fix... applies: the diagnosis found something with a fix (a warning or worse). */
static bool has_fixable(const main_ctx *ctx)
{
    if (!ctx->diag)
        return false;
    for (size_t i = 0; i < ctx->diag->finding_count; i++)
        if (ctx->diag->findings[i].severity >= BF_SEV_WARNING)
            return true;
    return false;
}

/* A row's menu (popup 0) on the lists of the page shown, with Fix... and Restart services... where
 * they apply; the scope tree's (popup 1) on the tree. The one opened is recorded in BF_MENU_PROP, and
 * where, in BF_MENU_X_PROP and BF_MENU_Y_PROP (screen coordinates), for the keyboard test. */
static void OnContextMenu(main_ctx *ctx, HWND from, int x, int y)
{
    const bf_page_ops *ops = shown_ops(ctx);
    int which;
    if (from && from == ctx->tree)
        which = 1;
    else if (ops && from && ops->list(page_of(ctx, ctx->node), from) == from)
        which = 0;
    else
        return;     /* only on a list of the page shown, or the tree */
    if (which == 1 && !(x == -1 && y == -1)) {
        /* a right-click acts on the node under the mouse, as in MMC: select it first */
        TVHITTESTINFO hit;
        ZeroMemory(&hit, sizeof hit);
        hit.pt.x = x;
        hit.pt.y = y;
        ScreenToClient(from, &hit.pt);
        HTREEITEM it = (HTREEITEM)SendMessageW(from, TVM_HITTEST, 0, (LPARAM)&hit);
        if (it)
            SendMessageW(from, TVM_SELECTITEM, TVGN_CARET, (LPARAM)it);
    }
    SetFocus(from);
    HMENU bar = LoadMenuW(ctx->hinst, MAKEINTRESOURCEW(IDM_CONTEXT));
    HMENU popup = bar ? GetSubMenu(bar, which) : NULL;
    if (popup) {
        if (which == 0) {
            /* a row's menu offers the repairs only where they apply; a separator left first goes too */
            if (ctx->source != BF_SOURCE_LIVE)
                DeleteMenu(popup, IDM_ACTION_RESTART, MF_BYCOMMAND);
            if (!has_fixable(ctx))
                DeleteMenu(popup, IDM_ACTION_FIX, MF_BYCOMMAND);
            MENUITEMINFOW mi;
            ZeroMemory(&mi, sizeof mi);
            mi.cbSize = sizeof mi;
            mi.fMask = MIIM_FTYPE;
            if (GetMenuItemInfoW(popup, 0, TRUE, &mi) && (mi.fType & MFT_SEPARATOR))
                DeleteMenu(popup, 0, MF_BYPOSITION);
        }
        if (x == -1 && y == -1) {
            POINT pt = keyboard_menu_point(ctx, from);
            x = pt.x;
            y = pt.y;
        }
        SetPropW(ctx->hwnd, BF_MENU_PROP, (HANDLE)(INT_PTR)(BF_MENU_CONTEXT_ROW + which));
        SetPropW(ctx->hwnd, BF_MENU_X_PROP, (HANDLE)(INT_PTR)x);
        SetPropW(ctx->hwnd, BF_MENU_Y_PROP, (HANDLE)(INT_PTR)y);
        OnInitMenuPopup(ctx, popup);
        TrackPopupMenu(popup, TPM_RIGHTBUTTON, x, y, 0, ctx->hwnd, NULL);
    }
    if (bar)
        DestroyMenu(bar);
}

/* ---- keyboard: F6 between the panes, the menu bar's letters, the Actions pane's arrows ------------- */

/* F6 (forward) and Shift+F6: the focus to the next pane in visual order, as MMC consoles do: the scope
 * tree, then each tab stop of the page shown (the overview's top strip counts once, its buttons being
 * one strip), then the Actions pane; round. */
static void OnNextPane(main_ctx *ctx, bool forward)
{
    HWND stops[2 + BF_PAGE_MAX_WINDOWS], focus = GetFocus();
    int n = 0, at = -1;
    stops[n++] = ctx->tree;
    const bf_page_ops *ops = shown_ops(ctx);
    if (ops) {
        HWND w[BF_PAGE_MAX_WINDOWS];
        int k = ops->windows(page_of(ctx, ctx->node), w, BF_PAGE_MAX_WINDOWS);
        bool in_strip = false;
        for (int i = 0; i < k; i++) {
            LONG style = w[i] ? GetWindowLongW(w[i], GWL_STYLE) : 0;
            if (!(style & WS_TABSTOP) || !IsWindowVisible(w[i]) || !IsWindowEnabled(w[i]))
                continue;
            WCHAR cls[32] = L"";
            GetClassNameW(w[i], cls, (int)BF_COUNTOF(cls));
            bool button = _wcsicmp(cls, WC_BUTTONW) == 0;
            if (button && in_strip) {
                if (w[i] == focus)
                    at = n - 1;
                continue;
            }
            in_strip = button;
            if (w[i] == focus)
                at = n;
            stops[n++] = w[i];
        }
    }
    HWND actions_stop = ctx->actions_shown ? bfgui_actions_tab_stop(ctx->actions) : NULL;
    if (actions_stop) {
        if (focus && IsChild(ctx->actions, focus))
            at = n;
        stops[n++] = actions_stop;
    }
    if (focus == ctx->tree)
        at = 0;
    int next = at < 0 ? (forward ? 0 : n - 1) : (at + (forward ? 1 : n - 1)) % n;
    SetFocus(stops[next]);
}

/* Whether ch is the Alt+letter of an item of the window's menu bar, read from the menu itself (so it
 * holds in every language). */
static bool menu_bar_letter(HWND hwnd, WCHAR ch)
{
    HMENU bar = GetMenu(hwnd);
    int count = bar ? GetMenuItemCount(bar) : 0;
    WCHAR up = (WCHAR)(UINT_PTR)CharUpperW((LPWSTR)(UINT_PTR)ch);
    for (int i = 0; i < count; i++) {
        WCHAR text[128] = L"";
        GetMenuStringW(bar, (UINT)i, text, (int)BF_COUNTOF(text), MF_BYPOSITION);
        for (const WCHAR *s = text; *s; s++) {
            if (*s == L'&' && s[1] == L'&') {
                s++;
                continue;
            }
            if (*s == L'&' && s[1]) {
                if ((WCHAR)(UINT_PTR)CharUpperW((LPWSTR)(UINT_PTR)s[1]) == up)
                    return true;
                break;
            }
        }
    }
    return false;
}

bf_key_route bfgui_main_window_key(HWND hwnd, const MSG *msg)
{
    main_ctx *ctx = (main_ctx *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    if (!ctx || (msg->hwnd != hwnd && !IsChild(hwnd, msg->hwnd)))
        return BF_KEY_DIALOG;
    /* Alt+F, Alt+A, ...: the menu bar's, on every view; a label's mnemonic never takes them (the
     * resources avoid such clashes, tests/lib/check-resources.py; this holds if a translation does not) */
    if (msg->message == WM_SYSCHAR && menu_bar_letter(hwnd, (WCHAR)msg->wParam))
        return BF_KEY_DISPATCH;
    if (ctx->actions && IsChild(ctx->actions, msg->hwnd) && bfgui_actions_key(ctx->actions, msg))
        return BF_KEY_DONE;
    /* Shift+F10 and the menu key: the context menu of the focused control, at its focused row, from
     * every control alike (a tree view does not pass every key on to DefWindowProc, which makes
     * WM_CONTEXTMENU of them); the key's release is dropped too, so that it opens no second menu and
     * F10's release does not then activate the menu bar */
    bool shift_f10 = msg->wParam == VK_F10 && (GetKeyState(VK_SHIFT) & 0x8000);
    if (shift_f10 || msg->wParam == VK_APPS) {
        if (msg->message == WM_KEYDOWN || msg->message == WM_SYSKEYDOWN) {
            SendMessageW(hwnd, WM_CONTEXTMENU, (WPARAM)msg->hwnd, MAKELPARAM(-1, -1));
            return BF_KEY_DONE;
        }
        if (msg->message == WM_KEYUP || msg->message == WM_SYSKEYUP)
            return BF_KEY_DONE;
    }
    return BF_KEY_DIALOG;
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
    int margin = bfgui_scale(MARGIN, ctx->host.dpi);
    if (ctx->drag == 1)
        ctx->scope_w96 = MulDiv(x - margin, 96, (int)ctx->host.dpi);
    else
        ctx->actions_w96 = MulDiv(rc.right - margin - x, 96, (int)ctx->host.dpi);
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
        WCHAR *text = bfgui_format(ctx->hinst, IDS_STATUS_PROGRESS, args, 2);
        SendMessageW(ctx->status, SB_SETTEXTW, 0, (LPARAM)(text ? text : L""));    /* not announced */
        free(text);
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
    source_changed(ctx);
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
        bf_page_data data = {ctx->snap, ctx->diag, ctx->history, ctx->source_text};
        ctx->host.data = data;      /* the pages show it from the next step on (a page shown now: at once) */
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
        open_pending(ctx);
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
        refresh_pages(ctx, BF_PAGE_NEW_SOURCE);
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
    open_pending(ctx);
}

static LRESULT OnNotify(main_ctx *ctx, NMHDR *nm)
{
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
        if (ctx->pages_live)
            show_selected(ctx);
        return 0;
    }
    if (!ctx->pages_live)
        return 0;
    /* the page shown first (the list pages share the result list: only the one shown answers), then
     * the others: a hidden page's controls may still notify while its posted steps work on them */
    LRESULT result = 0;
    const bf_page_ops *ops = shown_ops(ctx);
    /* a double-click or Enter on a row of the view's list: its Properties, as in MMC */
    if (ops && (nm->code == NM_DBLCLK || nm->code == NM_RETURN) &&
        ops->list(page_of(ctx, ctx->node), nm->hwndFrom) == nm->hwndFrom) {
        if (nm->code == NM_RETURN || ((NMITEMACTIVATE *)nm)->iItem >= 0) {
            if (ctx->node == BF_NODE_FLEET)
                open_fleet_host(ctx, nm->hwndFrom);
            else
                OnProperties(ctx, nm->hwndFrom);
        }
        return 0;
    }
    if (ops && ops->notify(page_of(ctx, ctx->node), nm, &result))
        return result;
    for (int n = 0; n < BF_NODE__COUNT; n++)
        if (page_classes[n] != ops && page_classes[n]->notify(page_of(ctx, n), nm, &result))
            return result;
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
    bfgui_copy_free(ctx->copy);     /* before the pages' tables go */
    ctx->copy = NULL;
    bfgui_watchdog_stop(ctx->pinger);
    ctx->pinger = NULL;
    WINDOWPLACEMENT wp;
    wp.length = sizeof wp;
    if (GetWindowPlacement(ctx->hwnd, &wp))
        bfgui_settings_put_placement(&wp);
    bfgui_settings_put_panes(ctx->scope_w96, ctx->actions_w96, ctx->actions_shown);
    const bf_page_ops *ops = shown_ops(ctx);
    if (ops)
        ops->show(page_of(ctx, ctx->node), false);     /* a list page remembers its column widths */
    ctx->pages_live = false;
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
    for (int n = 0; n < BF_NODE__COUNT; n++)
        if (ctx->pages[n])
            page_classes[n]->destroy(ctx->pages[n]);
    if (ctx->font)
        DeleteObject(ctx->font);
    if (ctx->old_font && ctx->old_font != ctx->font)
        DeleteObject(ctx->old_font);
    if (ctx->images)
        ImageList_Destroy(ctx->images);
    if (ctx->old_images)
        ImageList_Destroy(ctx->old_images);
    if (ctx->toolbar_images)    /* the toolbar, a child, is gone by WM_NCDESTROY */
        ImageList_Destroy(ctx->toolbar_images);
    bf_snapshot_destroy(ctx->snap);
    bf_diagnosis_destroy(ctx->diag);
    bf_catalogue_destroy(ctx->catalogue);
    bfgui_history_free(ctx->history);
    free(ctx->view_removed_names);
    free(ctx->path);
    free(ctx->shown_path);
    free(ctx->source_text);
    free(ctx->catalogue_path);
    free(ctx->fleet_dir);
    free(ctx->pending_file);
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
    case WM_SETTINGCHANGE:
        /* the text size or the fonts changed (Windows 10's "Make text bigger" sends
         * SPI_SETNONCLIENTMETRICS): the DPI path makes the font, images and sizes again, at the same DPI
         * and in the same window rectangle */
        if (wp == SPI_SETNONCLIENTMETRICS || wp == SPI_SETICONTITLELOGFONT ||
            (wp == 0 && lp && wcscmp((const WCHAR *)lp, L"WindowMetrics") == 0)) {
            RECT now;
            GetWindowRect(hwnd, &now);
            OnDpiChanged(ctx, ctx->host.dpi, &now);
        }
        return DefWindowProcW(hwnd, msg, wp, lp);
    case WM_SYSCOLORCHANGE:
        /* common controls learn of new system colours only from their parent (documented for
         * WM_SYSCOLORCHANGE); the rest is drawn with GetSysColor and only needs painting again */
        for (HWND child = GetWindow(hwnd, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT))
            SendMessageW(child, WM_SYSCOLORCHANGE, wp, lp);
        RedrawWindow(hwnd, NULL, NULL, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN | RDW_FRAME);
        return 0;
    case WM_COMMAND:
        if (LOWORD(wp) == IDC_FLEET_FILTER) {   /* the Fleet node's filter by finding (page_fleet.c) */
            if (HIWORD(wp) == CBN_SELCHANGE && ctx->pages_live)
                bf_page_fleet_filter_changed(page_of(ctx, BF_NODE_FLEET));
            return 0;
        }
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
    case WM_BF_PAGE_STEP:
        /* only a page that posts steps has a step function (bf_page_ops.step) */
        if (lp >= 0 && lp < BF_NODE__COUNT && page_classes[lp]->step && ctx->pages_live)
            page_classes[lp]->step(page_of(ctx, (bf_node)lp), wp);
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
    case WM_BF_FLEET_CHOSEN:
        open_fleet(ctx, (WCHAR *)lp);
        return 0;
    case WM_BF_FLEET_ROW:
        OnFleetRow(ctx, lp);
        return 0;
    case WM_BF_FLEET_DONE:
        OnFleetDone(ctx, lp);
        return 0;
    case WM_BF_COPY_PROGRESS: {
        DWORD_PTR args[2] = {(DWORD_PTR)wp, (DWORD_PTR)lp};
        if (ctx->copy)
            set_status_string(ctx, 0, IDS_COPYING, args, 2);
        return 0;
    }
    case WM_BF_COPY_DONE:
        OnCopyDone(ctx, (bfgui_copy_job *)lp);
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
    case WM_NEXTDLGCTL: {
        /* IsDialogMessageW moves the focus with this for a label's Alt+letter (to the label, then on to
         * the next tab stop: its list); DefDlgProc handles it in a dialog, the frame is a plain window */
        HWND to = LOWORD(lp) ? (HWND)wp : GetNextDlgTabItem(hwnd, GetFocus(), wp != 0);
        if (to)
            SetFocus(to);
        return 0;
    }
    case WM_ENTERMENULOOP:
        SetPropW(hwnd, BF_MENU_OPEN_PROP, (HANDLE)1);
        return 0;
    case WM_EXITMENULOOP:
        RemovePropW(hwnd, BF_MENU_OPEN_PROP);
        return 0;
    case WM_UNINITMENUPOPUP:
        RemovePropW(hwnd, BF_MENU_PROP);    /* its popup closed (the menu bar may still be active) */
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
    case WM_BF_ADDR_CHANGED:
        /* a scan running now may or may not have seen the change: scan again once it has ended */
        if (!ctx->live)
            return 0;
        if (loading(ctx)) {
            ctx->live_pending = true;
            SetTimer(hwnd, LIVE_TIMER, LIVE_RETRY_MS, NULL);
        } else
            start_load(ctx);
        return 0;
    case WM_TIMER:
        if (wp != LIVE_TIMER)
            return DefWindowProcW(hwnd, msg, wp, lp);
        if (!loading(ctx)) {
            KillTimer(hwnd, LIVE_TIMER);
            if (ctx->live_pending)
                start_load(ctx);
            ctx->live_pending = false;
        }
        return 0;
    case WM_DESTROY:
        bfgui_live_stop(ctx->live);
        ctx->live = NULL;
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
    ctx->trust_files = opts->trust_files;
    ctx->faults = opts->faults;
    if ((opts->snapshot_path && !(ctx->path = _wcsdup(opts->snapshot_path)))
        || (opts->catalogue_path && !(ctx->catalogue_path = _wcsdup(opts->catalogue_path)))
        || (opts->fleet_dir && !(ctx->fleet_dir = _wcsdup(opts->fleet_dir)))) {
        free(ctx->path);
        free(ctx->catalogue_path);
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
        free(ctx->fleet_dir);
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
