/*
 * actions.c - the Actions pane on the far right, as in MMC 3.0: a heading with the selected node's
 * name and the actions that apply to it, then a heading "Actions" with the console's other actions.
 * Each entry is a flat push button whose ID is the menu command it stands for: a click reaches the
 * main window as the same WM_COMMAND as the menu item (one code path for menu, toolbar and pane).
 *
 * The pane is one tab stop, as a toolbar is (issue 23): it is a control parent, and exactly one of its
 * buttons carries WS_TABSTOP - the one last focused while it is enabled, else the first enabled - so
 * Tab enters and leaves the pane in one press; the arrow keys, Home and End move between the buttons
 * (bfgui_actions_key, called from the message loop before IsDialogMessageW).
 *
 * What a disabled button cannot do, and that a shielded one needs administrator rights, is said in
 * words in a note under the button (not only in a tooltip or by the shield's picture): a screen reader
 * reads it in order after the button.
 */
#include "gui.h"

#include <stdlib.h>

#define BF_ACTIONS_CLASS L"BindfixActionsPane"

typedef struct action_entry {
    int command;
    UINT label;
    bool node_section;      /* listed under the node's heading (else under "Actions") */
    bool needs_admin;       /* shows the UAC shield when not elevated */
} action_entry;

static const action_entry entries[] = {
    {IDM_VIEW_REFRESH, IDS_ACT_REFRESH, true, false},
    {IDM_VIEW_CANCEL, IDS_ACT_CANCEL, true, false},
    {IDM_EDIT_COPY, IDS_ACT_COPY, true, false},
    {IDM_FILE_EXPORT, IDS_ACT_EXPORT, true, false},
    /* the focused row in full, as MMC's Properties (Action > Properties, Alt+Enter, Enter) */
    {IDM_ACTION_PROPERTIES, IDS_ACT_PROPERTIES, true, false},
    {IDM_HELP_TOPICS, IDS_ACT_HELP, true, false},
    {IDM_ACTION_FIX, IDS_ACT_FIX, false, true},
    {IDM_ACTION_RESTART, IDS_ACT_RESTART, false, true},
    {IDM_ACTION_UNDO, IDS_ACT_UNDO, false, true},
    {IDM_ACTION_WIZARD, IDS_ACT_WIZARD, false, false},
    {IDM_FILE_OPEN, IDS_ACT_OPEN, false, false},
    {IDM_FILE_SAVE, IDS_ACT_SAVE, false, false},
    {IDM_FILE_OPEN_FLEET, IDS_ACT_OPEN_FLEET, false, false},
};
#define ENTRY_COUNT ((int)BF_COUNTOF(entries))

/* every note bfgui_actions_update may show: the pane is made wide enough for their words at once, so its
 * width does not change with the state */
static const UINT note_strings[] = {IDS_ACT_WHY_NOT_LIVE, IDS_ACT_WHY_NOT_LOADED, IDS_ACT_WHY_NO_JOURNAL,
                                    IDS_ACT_WHY_COPY, IDS_ACT_WHY_PROPS, IDS_ACT_ADMIN_NOTE};

/* The pane's layout numbers, in pixels at 96 DPI (bfgui_scale): layout_pass and min_width share them. */
enum {
    PANE_MARGIN = 6,        /* around the rows, inside the pane */
    BUTTON_INDENT = 8,      /* a button (and its note) right of its heading */
    BUTTON_EDGE = 8,        /* a button's label from its sides (and half the row's extra height) */
};

typedef struct actions_ctx {
    HINSTANCE hinst;
    HWND hwnd;
    HWND heading[2];
    HWND buttons[BF_COUNTOF(entries)];
    HWND notes[BF_COUNTOF(entries)];    /* why a button is disabled, or that it needs admin rights */
    UINT note_ids[BF_COUNTOF(entries)]; /* the note's string, 0: none (the note hidden) */
    int order[BF_COUNTOF(entries)];     /* entries in the order they are shown (node section first) */
    int tab;                    /* the entry whose button carries WS_TABSTOP, -1 none */
    HFONT font, bold;       /* bold: owned */
    UINT dpi;
    int scroll_y;           /* how far the pane is scrolled down (pixels) */
    int min_w;              /* bfgui_actions_min_width: pixels at dpi, 0 before a font */
    bool laying_out;
} actions_ctx;

typedef struct actions_create_params {
    actions_ctx *ctx;
    bool adopted;
} actions_create_params;

/* Places one window, in the batch *dwp when there is one; false when the batch failed (it is then gone). */
static bool place(HDWP *dwp, HWND w, int x, int y, int cx, int cy)
{
    /* SWP_NOCOPYBITS: each moved row paints itself anew. Rows move together in one batch (a note shown or
     * a heading that wraps moves every row under it); copying their old bits left a row showing another's
     * label at 192 DPI under Wine ("Repair wizard..." where "Save snapshot..." was). */
    const UINT flags = SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOCOPYBITS;
    if (!*dwp) {
        SetWindowPos(w, NULL, x, y, cx, cy, flags);
        return true;
    }
    *dwp = DeferWindowPos(*dwp, w, NULL, x, y, cx, cy, flags);
    return *dwp != NULL;
}

/* The height of a window's text wrapped at width w, in the pane's font: a note's words, and a button's
 * label (it wraps in a narrow pane: "Restart services..." at 192 DPI), so that rows take their
 * height from the font, never from a fixed number of pixels. */
static int text_height(actions_ctx *ctx, HWND win, int w)
{
    return bfgui_text_height(win, ctx->font, w, bfgui_scale(16, ctx->dpi));
}

/* The room entry i's UAC shield takes beside its label (a small icon; Windows draws it, Wine 8 does not):
 * counted whether or not it shows, so the pane's width does not change with elevation. */
static int shield_w(const actions_ctx *ctx, int i)
{
    return entries[i].needs_admin ? bfgui_metric(SM_CXSMICON, ctx->dpi) : 0;
}

/* One pass over the pane's windows; batch: in one DeferWindowPos (one trip to Wine's server instead of
 * fourteen). false when the batch could not be made: nothing was moved. The pane scrolls (WS_VSCROLL)
 * when its rows are taller than it; *content receives their height. */
static bool layout_pass(actions_ctx *ctx, bool batch, int *content)
{
    RECT rc;
    GetClientRect(ctx->hwnd, &rc);
    int line = text_height(ctx, ctx->heading[1], 10000);   /* one line of the font ("Actions") */
    if (line <= 0)
        line = bfgui_scale(16, ctx->dpi);
    int margin = bfgui_scale(PANE_MARGIN, ctx->dpi), edge = bfgui_scale(BUTTON_EDGE, ctx->dpi);
    int w = rc.right - 2 * margin;
    int y = margin - ctx->scroll_y;
    HDWP dwp = batch ? BeginDeferWindowPos(2 + 2 * ENTRY_COUNT) : NULL;
    if (batch && !dwp)
        return false;
    for (int section = 0; section < 2; section++) {
        /* a heading (a node's name) wraps between its words in a narrow pane, in the bold font */
        int head = bfgui_text_height(ctx->heading[section], ctx->bold ? ctx->bold : ctx->font, w, line) +
                   bfgui_scale(6, ctx->dpi);
        if (!place(&dwp, ctx->heading[section], margin, y, w, head))
            return false;
        y += head + bfgui_scale(2, ctx->dpi);
        for (int i = 0; i < ENTRY_COUNT; i++) {
            if (entries[i].node_section != (section == 0))
                continue;
            int bx = margin + bfgui_scale(BUTTON_INDENT, ctx->dpi), bw = margin + w - bx;
            int text = text_height(ctx, ctx->buttons[i], bw - 2 * edge - shield_w(ctx, i));
            int row = (text > line ? text : line) + edge;
            RECT r = {bx, y, bx + bw, y + row};
            if (!place(&dwp, ctx->buttons[i], r.left, r.top, r.right - r.left, row))
                return false;
            y += row + bfgui_scale(2, ctx->dpi);
            if (ctx->note_ids[i]) {
                int h = text_height(ctx, ctx->notes[i], r.right - r.left);
                if (!place(&dwp, ctx->notes[i], r.left, y, r.right - r.left, h))
                    return false;
                y += h + bfgui_scale(4, ctx->dpi);
            }
        }
        y += bfgui_scale(8, ctx->dpi);
    }
    if (dwp)
        EndDeferWindowPos(dwp);
    *content = y + ctx->scroll_y;
    return true;
}

static void layout(actions_ctx *ctx)
{
    if (ctx->laying_out)
        return;     /* the scroll bar appearing or going resizes the client area: one layout does */
    ctx->laying_out = true;
    for (int pass = 0; pass < 2; pass++) {  /* again once the scroll bar has changed the width */
        int content = 0;
        if (!layout_pass(ctx, true, &content))
            layout_pass(ctx, false, &content);
        RECT rc;
        GetClientRect(ctx->hwnd, &rc);
        int max_scroll = content > rc.bottom ? content - rc.bottom : 0;
        int clamped = ctx->scroll_y > max_scroll ? max_scroll : ctx->scroll_y;
        SCROLLINFO si;
        ZeroMemory(&si, sizeof si);
        si.cbSize = sizeof si;
        si.fMask = SIF_RANGE | SIF_PAGE | SIF_POS;
        si.nMax = content > 0 ? content - 1 : 0;
        si.nPage = (UINT)(rc.bottom > 0 ? rc.bottom : 0);
        si.nPos = clamped;
        SetScrollInfo(ctx->hwnd, SB_VERT, &si, TRUE);
        RECT after;
        GetClientRect(ctx->hwnd, &after);
        if (clamped == ctx->scroll_y && after.right == rc.right)
            break;
        ctx->scroll_y = clamped;
    }
    ctx->laying_out = false;
}

/* WM_VSCROLL and the wheel: the rows move, the pane's headings with them */
static void scroll_to(actions_ctx *ctx, int pos)
{
    SCROLLINFO si;
    ZeroMemory(&si, sizeof si);
    si.cbSize = sizeof si;
    si.fMask = SIF_ALL;
    GetScrollInfo(ctx->hwnd, SB_VERT, &si);
    int max = si.nMax - (int)si.nPage + 1;
    if (pos > max)
        pos = max;
    if (pos < 0)
        pos = 0;
    if (pos == ctx->scroll_y)
        return;
    ctx->scroll_y = pos;
    layout(ctx);
    InvalidateRect(ctx->hwnd, NULL, TRUE);
}

/* A button that takes the focus (Tab, the arrow keys) is scrolled into view when the pane scrolls. */
static void scroll_into_view(actions_ctx *ctx, HWND button)
{
    RECT r, c;
    GetWindowRect(button, &r);
    MapWindowPoints(NULL, ctx->hwnd, (POINT *)&r, 2);
    GetClientRect(ctx->hwnd, &c);
    int margin = bfgui_scale(6, ctx->dpi);
    if (r.top < 0)
        scroll_to(ctx, ctx->scroll_y + r.top - margin);
    else if (r.bottom > c.bottom)
        scroll_to(ctx, ctx->scroll_y + r.bottom - c.bottom + margin);
}

static void OnVScroll(actions_ctx *ctx, int code)
{
    SCROLLINFO si;
    ZeroMemory(&si, sizeof si);
    si.cbSize = sizeof si;
    si.fMask = SIF_ALL;
    GetScrollInfo(ctx->hwnd, SB_VERT, &si);
    int step = bfgui_scale(24, ctx->dpi), pos = ctx->scroll_y;
    switch (code) {
    case SB_LINEUP: pos -= step; break;
    case SB_LINEDOWN: pos += step; break;
    case SB_PAGEUP: pos -= (int)si.nPage; break;
    case SB_PAGEDOWN: pos += (int)si.nPage; break;
    case SB_THUMBTRACK:
    case SB_THUMBPOSITION: pos = si.nTrackPos; break;
    case SB_TOP: pos = 0; break;
    case SB_BOTTOM: pos = si.nMax; break;
    default: return;
    }
    scroll_to(ctx, pos);
}

static LRESULT OnCreate(actions_ctx *ctx)
{
    for (int s = 0; s < 2; s++) {
        WCHAR *text = s == 1 ? bfgui_load_string(ctx->hinst, IDS_LABEL_ACTIONS) : NULL;
        /* not SS_CENTERIMAGE (one line): a long node name wraps in a narrow pane */
        ctx->heading[s] = CreateWindowExW(0, WC_STATICW, text ? text : L"", WS_CHILD | WS_VISIBLE | SS_LEFT |
                                          SS_NOPREFIX, 0, 0, 0, 0, ctx->hwnd,
                                          (HMENU)(INT_PTR)(s == 0 ? IDC_ACTIONS_TITLE : -1), ctx->hinst, NULL);
        free(text);
        if (!ctx->heading[s])
            return -1;
    }
    for (int i = 0; i < ENTRY_COUNT; i++) {
        WCHAR *text = bfgui_load_string(ctx->hinst, entries[i].label);
        /* BS_NOTIFY: BN_SETFOCUS tells which button the tab stop moves to */
        ctx->buttons[i] = CreateWindowExW(0, WC_BUTTONW, text ? text : L"",
                                          WS_CHILD | WS_VISIBLE | BS_PUSHBUTTON | BS_LEFT | BS_FLAT | BS_NOTIFY |
                                              BS_MULTILINE,     /* a long label wraps in a narrow pane */
                                          0, 0, 0, 0, ctx->hwnd, (HMENU)(INT_PTR)entries[i].command, ctx->hinst,
                                          NULL);
        free(text);
        if (!ctx->buttons[i])
            return -1;
        ctx->notes[i] = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | SS_LEFT | SS_NOPREFIX | SS_EDITCONTROL, 0, 0,
                                        0, 0, ctx->hwnd, (HMENU)(INT_PTR)-1, ctx->hinst, NULL);
        if (!ctx->notes[i])
            return -1;
    }
    int n = 0;
    for (int section = 0; section < 2; section++)
        for (int i = 0; i < ENTRY_COUNT; i++)
            if (entries[i].node_section == (section == 0))
                ctx->order[n++] = i;
    ctx->tab = -1;
    return 0;
}

/* Entry i's button becomes the pane's one tab stop (-1: none). */
static void set_tab_stop(actions_ctx *ctx, int i)
{
    for (int k = 0; k < ENTRY_COUNT; k++) {
        LONG_PTR style = GetWindowLongPtrW(ctx->buttons[k], GWL_STYLE);
        LONG_PTR want = k == i ? (style | WS_TABSTOP) : (style & ~(LONG_PTR)WS_TABSTOP);
        if (want != style)
            SetWindowLongPtrW(ctx->buttons[k], GWL_STYLE, want);
    }
    ctx->tab = i;
}

/* The tab stop stays on its button while that is enabled; else it goes to the first enabled one. */
static void keep_tab_stop(actions_ctx *ctx)
{
    if (ctx->tab >= 0 && IsWindowEnabled(ctx->buttons[ctx->tab]))
        return;
    for (int n = 0; n < ENTRY_COUNT; n++)
        if (IsWindowEnabled(ctx->buttons[ctx->order[n]])) {
            set_tab_stop(ctx, ctx->order[n]);
            return;
        }
    set_tab_stop(ctx, -1);
}

static LRESULT CALLBACK actions_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    actions_ctx *ctx = (actions_ctx *)GetWindowLongPtrW(hwnd, GWLP_USERDATA);
    switch (msg) {
    case WM_NCCREATE: {
        actions_create_params *params = ((CREATESTRUCTW *)lp)->lpCreateParams;
        actions_ctx *c = params->ctx;
        params->adopted = true;     /* from here on WM_NCDESTROY frees it */
        c->hwnd = hwnd;
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, (LONG_PTR)c);
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
    case WM_CREATE:
        return ctx ? OnCreate(ctx) : -1;
    case WM_SIZE:
        if (ctx)
            layout(ctx);
        return 0;
    case WM_VSCROLL:
        if (ctx)
            OnVScroll(ctx, LOWORD(wp));
        return 0;
    case WM_MOUSEWHEEL:
        if (ctx)
            scroll_to(ctx, ctx->scroll_y - GET_WHEEL_DELTA_WPARAM(wp) * bfgui_scale(24, ctx->dpi) * 3 / WHEEL_DELTA);
        return 0;
    case WM_COMMAND:
        if (HIWORD(wp) == BN_SETFOCUS) {
            if (ctx) {
                for (int i = 0; i < ENTRY_COUNT; i++)
                    if (ctx->buttons[i] == (HWND)lp)
                        set_tab_stop(ctx, i);
                scroll_into_view(ctx, (HWND)lp);
            }
            return 0;
        }
        if (HIWORD(wp) != BN_CLICKED)
            return 0;   /* BS_NOTIFY's focus notifications are not commands */
        /* the buttons' commands are the console's menu commands */
        return SendMessageW(GetParent(hwnd), WM_COMMAND, LOWORD(wp), lp);
    case WM_CTLCOLORSTATIC:
        /* headings on the pane's window colour, as MMC draws them */
        SetBkColor((HDC)wp, GetSysColor(COLOR_WINDOW));
        SetTextColor((HDC)wp, GetSysColor(COLOR_WINDOWTEXT));
        return (LRESULT)GetSysColorBrush(COLOR_WINDOW);
    case WM_NCDESTROY:
        SetWindowLongPtrW(hwnd, GWLP_USERDATA, 0);
        if (ctx) {
            if (ctx->bold)
                DeleteObject(ctx->bold);
            free(ctx);
        }
        return DefWindowProcW(hwnd, msg, wp, lp);
    default:
        return DefWindowProcW(hwnd, msg, wp, lp);
    }
}

HWND bfgui_actions_create(HINSTANCE hinst, HWND parent, int id)
{
    WNDCLASSEXW wc;
    if (!GetClassInfoExW(hinst, BF_ACTIONS_CLASS, &wc)) {
        ZeroMemory(&wc, sizeof wc);
        wc.cbSize = sizeof wc;
        wc.lpfnWndProc = actions_proc;
        wc.hInstance = hinst;
        wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
        wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
        wc.lpszClassName = BF_ACTIONS_CLASS;
        if (!RegisterClassExW(&wc))
            return NULL;
    }
    actions_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    ctx->hinst = hinst;
    ctx->dpi = bfgui_dpi_for_window(parent);
    actions_create_params params = {ctx, false};
    HWND hwnd = CreateWindowExW(WS_EX_CONTROLPARENT | WS_EX_CLIENTEDGE, BF_ACTIONS_CLASS, L"",
                                WS_CHILD | WS_VISIBLE | WS_CLIPCHILDREN, 0, 0, 0, 0, parent, (HMENU)(INT_PTR)id,
                                hinst, &params);
    if (!params.adopted)
        free(ctx);
    return hwnd;
}

static int wider(int a, int b)
{
    return a > b ? a : b;
}

/* The widest word of string resource id in font (0 when it cannot be loaded). */
static int widest_word_of(actions_ctx *ctx, UINT id, HFONT font)
{
    WCHAR *text = bfgui_load_string(ctx->hinst, id);
    int w = text ? bfgui_widest_word(ctx->hwnd, font, text) : 0;
    free(text);
    return w;
}

/* The pane's narrowest width at its font and DPI in which every word stays whole, as layout_pass places
 * the rows: a button's label gets the row less the margins, the indent and its two edges; a note the row
 * less the margins and the indent; a heading (any node's name, or "Actions", in bold) the row less the
 * margins. Plus the pane's border and room for its scroll bar, which comes when the rows are taller than
 * the pane (a longer word then would break only while the bar shows). */
static int min_width(actions_ctx *ctx)
{
    UINT dpi = ctx->dpi;
    int margins = 2 * bfgui_scale(PANE_MARGIN, dpi), indent = bfgui_scale(BUTTON_INDENT, dpi);
    int edges = 2 * bfgui_scale(BUTTON_EDGE, dpi);
    HFONT bold = ctx->bold ? ctx->bold : ctx->font;
    int need = 0;
    for (int i = 0; i < ENTRY_COUNT; i++)
        need = wider(need, widest_word_of(ctx, entries[i].label, ctx->font) + edges + shield_w(ctx, i) + indent + margins);
    for (size_t i = 0; i < BF_COUNTOF(note_strings); i++)
        need = wider(need, widest_word_of(ctx, note_strings[i], ctx->font) + indent + margins);
    for (int node = 0; node < BF_NODE__COUNT; node++)
        need = wider(need, widest_word_of(ctx, IDS_NODE_BASE + node, bold) + margins);
    need = wider(need, widest_word_of(ctx, IDS_LABEL_ACTIONS, bold) + margins);
    /* the pane's WS_EX_CLIENTEDGE (two edges a side) and its vertical scroll bar */
    return need + 4 * bfgui_metric(SM_CXEDGE, dpi) + bfgui_metric(SM_CXVSCROLL, dpi);
}

void bfgui_actions_set_font(HWND pane, HFONT font, UINT dpi)
{
    actions_ctx *ctx = (actions_ctx *)GetWindowLongPtrW(pane, GWLP_USERDATA);
    if (!ctx)
        return;
    ctx->dpi = dpi;
    ctx->font = font;
    if (ctx->bold)
        DeleteObject(ctx->bold);
    ctx->bold = NULL;
    LOGFONTW lf;
    if (font && GetObjectW(font, sizeof lf, &lf)) {
        lf.lfWeight = FW_BOLD;
        ctx->bold = CreateFontIndirectW(&lf);
    }
    for (int s = 0; s < 2; s++)
        SendMessageW(ctx->heading[s], WM_SETFONT, (WPARAM)(ctx->bold ? ctx->bold : font), TRUE);
    for (int i = 0; i < ENTRY_COUNT; i++) {
        SendMessageW(ctx->buttons[i], WM_SETFONT, (WPARAM)font, TRUE);
        SendMessageW(ctx->notes[i], WM_SETFONT, (WPARAM)font, TRUE);
    }
    ctx->min_w = min_width(ctx);
    layout(ctx);
}

int bfgui_actions_min_width(HWND pane)
{
    actions_ctx *ctx = (actions_ctx *)GetWindowLongPtrW(pane, GWLP_USERDATA);
    return ctx ? ctx->min_w : 0;
}

void bfgui_actions_update(HWND pane, bf_node node, const bf_actions_state *st)
{
    actions_ctx *ctx = (actions_ctx *)GetWindowLongPtrW(pane, GWLP_USERDATA);
    if (!ctx)
        return;
    WCHAR *name = bfgui_load_string(ctx->hinst, IDS_NODE_BASE + node);
    SetWindowTextW(ctx->heading[0], name ? name : L"");
    free(name);
    bool changed = false;
    for (int i = 0; i < ENTRY_COUNT; i++) {
        bool on;
        switch (entries[i].command) {
        case IDM_VIEW_REFRESH: on = !st->loading; break;
        case IDM_VIEW_CANCEL: on = st->loading; break;
        case IDM_EDIT_COPY: on = st->loaded && node != BF_NODE_OVERVIEW; break;
        /* as Copy: the overview has several lists, and the pane's button takes the focus from them */
        case IDM_ACTION_PROPERTIES: on = st->loaded && !st->loading && node != BF_NODE_OVERVIEW; break;
        case IDM_FILE_EXPORT:
        case IDM_FILE_SAVE:
        case IDM_ACTION_WIZARD:
        case IDM_ACTION_FIX: on = st->loaded && !st->loading; break;
        case IDM_ACTION_RESTART: on = st->loaded && !st->loading && st->live; break;
        case IDM_ACTION_UNDO: on = st->has_journal && !st->loading; break;
        case IDM_FILE_OPEN: on = !st->loading; break;
        default: on = true; break;
        }
        EnableWindow(ctx->buttons[i], on);
        if (entries[i].needs_admin)
            SendMessageW(ctx->buttons[i], BCM_SETSHIELD, 0, st->elevated ? FALSE : TRUE);
        /* the note: why it is off (where that is not just "a scan is running"), or the shield in words */
        UINT note = 0;
        if (!on && !st->loading) {
            switch (entries[i].command) {
            case IDM_ACTION_RESTART: note = st->loaded ? IDS_ACT_WHY_NOT_LIVE : IDS_ACT_WHY_NOT_LOADED; break;
            case IDM_ACTION_UNDO: note = IDS_ACT_WHY_NO_JOURNAL; break;
            case IDM_EDIT_COPY: note = st->loaded ? IDS_ACT_WHY_COPY : IDS_ACT_WHY_NOT_LOADED; break;
            case IDM_ACTION_PROPERTIES: note = st->loaded ? IDS_ACT_WHY_PROPS : IDS_ACT_WHY_NOT_LOADED; break;
            case IDM_ACTION_FIX: note = IDS_ACT_WHY_NOT_LOADED; break;
            default: break;
            }
        } else if (on && entries[i].needs_admin && !st->elevated) {
            note = IDS_ACT_ADMIN_NOTE;
        }
        if (note != ctx->note_ids[i]) {
            changed = true;
            ctx->note_ids[i] = note;
            WCHAR *text = note ? bfgui_load_string(ctx->hinst, note) : NULL;
            SetWindowTextW(ctx->notes[i], text ? text : L"");
            free(text);
            ShowWindow(ctx->notes[i], note ? SW_SHOWNA : SW_HIDE);
        }
    }
    keep_tab_stop(ctx);
    if (changed)
        layout(ctx);
}

HWND bfgui_actions_tab_stop(HWND pane)
{
    actions_ctx *ctx = (actions_ctx *)GetWindowLongPtrW(pane, GWLP_USERDATA);
    if (!ctx)
        return NULL;
    keep_tab_stop(ctx);
    return ctx->tab >= 0 ? ctx->buttons[ctx->tab] : NULL;
}

bool bfgui_actions_key(HWND pane, const MSG *msg)
{
    actions_ctx *ctx = (actions_ctx *)GetWindowLongPtrW(pane, GWLP_USERDATA);
    if (!ctx || msg->message != WM_KEYDOWN)
        return false;
    int at = -1;
    for (int n = 0; n < ENTRY_COUNT; n++)
        if (ctx->buttons[ctx->order[n]] == msg->hwnd)
            at = n;
    if (at < 0)
        return false;
    int step, from;
    switch (msg->wParam) {
    case VK_DOWN: case VK_RIGHT: step = 1; from = at + 1; break;
    case VK_UP: case VK_LEFT: step = -1; from = at - 1; break;
    case VK_HOME: step = 1; from = 0; break;
    case VK_END: step = -1; from = ENTRY_COUNT - 1; break;
    default: return false;
    }
    /* the next enabled button that way; at either end it stays (as a menu's items do not wrap in MMC) */
    for (int n = from; n >= 0 && n < ENTRY_COUNT; n += step)
        if (IsWindowEnabled(ctx->buttons[ctx->order[n]])) {
            SetFocus(ctx->buttons[ctx->order[n]]);
            set_tab_stop(ctx, ctx->order[n]);
            break;
        }
    return true;
}
