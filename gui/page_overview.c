/*
 * page_overview.c - the overview page: the top finding with its Fix... and Restart services buttons,
 * the three lists side by side (adapters | resolver order | protocol bind status) and the findings
 * pane under them. Selecting an address in one list highlights it in all three; each row's tooltip
 * shows every cell whole. The rows, the measuring and the layout arithmetic are overview.c's and
 * findings.c's; this file places the controls, one list per posted message (WM_BF_PAGE_STEP), and
 * records the first paint of the data (BF_FIRSTPAINT_PROP).
 */
#include "page.h"

#include "causes.h"
#include "diagnose.h"
#include "helptopics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uxtheme.h>
#include <wchar.h>

typedef struct overview_page {
    bf_page_host *host;
    HWND labels[BF_PANE__COUNT];
    HWND lists[BF_PANE__COUNT];
    bfgui_table *tables[BF_PANE__COUNT + 1];   /* the rows of the four lists (virtual: they draw from these) */
    bfgui_marks marks[BF_PANE__COUNT];  /* live mode: the three lists' changed and removed rows (rowmarks.c) */
    HWND findings_label, findings;  /* the findings pane, full width under the three lists */
    HWND top_icon, top_text, top_fix, top_restart;     /* the top finding above the three lists */
    HWND top_tip;               /* the shielded buttons' tooltips: the shield in words */
    HICON top_icon_image;       /* owned */
    int natural[BF_PANE__COUNT][BF_MAX_COLUMNS];   /* column widths that show every cell whole */
    int colw[BF_PANE__COUNT][BF_MAX_COLUMNS];      /* widths chosen for the window's current size */
    RECT label_rect[BF_PANE__COUNT + 1];    /* where the layout wants each label and list (the last: */
    RECT list_rect[BF_PANE__COUNT + 1];     /* findings); placed by column_step, one list per message */
    int column_step;            /* 0, or the next step of placing and sizing the lists */
    bool shown;                 /* the page shown */
    bool had_data;              /* the lists have held data before */
    bool staging;               /* first data: the lists hidden until filled and sized */
    bool highlighting;          /* inside the cross-list highlight: its own selection changes are ignored */
    bool armed;                 /* the lists hold the first data: their paints are counted */
    unsigned painted;           /* lists painted since then: bit per list */
    bool paint_recorded;
} overview_page;

/* The top strip's layout numbers, in pixels at 96 DPI (scaled with bfgui_scale); the gap is
 * BF_OVERVIEW_GAP (gui.h), the lists' own numbers are in overview.c. */
enum {
    STRIP_PAD_H = 10,           /* the top finding's strip: its text's height (two lines at least) plus this... */
    STRIP_ICON_PAD_H = 4,       /* ...or its icon or buttons plus this, whichever is tallest */
    BUTTON_W = 132,             /* Fix... and Restart services in the strip: at least this wide */
    BUTTON_PAD_H = 12,          /* a button: the font's height plus this */
    FINDINGS_LAST_MIN_W = 120,  /* the findings' last column takes the room left only from this on */
};

static const int pane_label_ids[BF_PANE__COUNT] = {IDC_ADAPTERS_LABEL, IDC_RESOLVER_LABEL, IDC_BINDS_LABEL};
static const int pane_list_ids[BF_PANE__COUNT] = {IDC_ADAPTERS_LIST, IDC_RESOLVER_LIST, IDC_BINDS_LIST};
/* the cells that name a row of each list, for the rows a live change removed: the adapter's name; the
 * resolver's address and the API that returned it (not the position: it moves); protocol, port, address */
static const unsigned pane_key_columns[BF_PANE__COUNT] = {1u << 0, 1u << 1 | 1u << 2, 1u << 0 | 1u << 1 | 1u << 2};

/* the four lists: the three panes, then the findings */
static HWND list_at(const overview_page *p, int i)
{
    return i < BF_PANE__COUNT ? p->lists[i] : p->findings;
}

/* ---- creating ------------------------------------------------------------------------------------- */

static HWND make_label(bf_page_host *h, UINT text_id, int id)
{
    WCHAR *caption = bfgui_load_string(h->hinst, text_id);
    HWND w = CreateWindowExW(0, WC_STATICW, caption ? caption : L"", WS_CHILD | WS_VISIBLE | SS_LEFT | SS_CENTERIMAGE,
                             0, 0, 0, 0, h->frame, (HMENU)(INT_PTR)id, h->hinst, NULL);
    free(caption);
    return w;
}

static HWND make_list(bf_page_host *h, DWORD style, int id)
{
    /* LVS_OWNERDATA: the list draws its rows from the page's row table (rowtable.c) */
    HWND w = CreateWindowExW(WS_EX_CLIENTEDGE, WC_LISTVIEWW, L"",
                             WS_CHILD | WS_VISIBLE | WS_TABSTOP | LVS_REPORT | LVS_SHOWSELALWAYS | LVS_SHAREIMAGELISTS |
                                 LVS_OWNERDATA | style,
                             0, 0, 0, 0, h->frame, (HMENU)(INT_PTR)id, h->hinst, NULL);
    if (w) {
        SendMessageW(w, LVM_SETEXTENDEDLISTVIEWSTYLE, 0,
                     LVS_EX_FULLROWSELECT | LVS_EX_DOUBLEBUFFER | LVS_EX_LABELTIP | LVS_EX_INFOTIP);
        SetWindowTheme(w, L"Explorer", NULL);
    }
    return w;
}

static HWND make_button(bf_page_host *h, UINT text_id, int id)
{
    WCHAR *text = bfgui_load_string(h->hinst, text_id);
    HWND w = CreateWindowExW(0, WC_BUTTONW, text ? text : L"", WS_CHILD | WS_VISIBLE | WS_TABSTOP | BS_PUSHBUTTON,
                             0, 0, 0, 0, h->frame, (HMENU)(INT_PTR)id, h->hinst, NULL);
    free(text);
    if (w)
        bfgui_mark_shield(w);
    return w;
}

static void destroy(void *page);

static void *create(bf_page_host *h)
{
    overview_page *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->host = h;
    /* The tab order (the Z order) is set by the frame from windows() below: the top strip, then each
     * label right before its list: its mnemonic (Alt+D, Alt+R, Alt+P, Alt+I; never a menu-bar letter)
     * moves the focus to the list, and screen readers take the label as the list's name. */
    bool ok = true;
    for (int i = 0; i <= BF_PANE__COUNT && ok; i++)
        ok = (p->tables[i] = bfgui_table_create(i < BF_PANE__COUNT ? bfgui_pane_column_count(i) : BF_FINDING_COLUMNS)) !=
             NULL;
    for (int i = 0; i < BF_PANE__COUNT && ok; i++)
        bfgui_marks_init(&p->marks[i], h->hinst, p->tables[i], pane_key_columns[i]);
    for (int i = 0; i <= BF_PANE__COUNT && ok; i++) {
        HWND label = i < BF_PANE__COUNT ? make_label(h, bfgui_pane_label_id(i), pane_label_ids[i])
                                        : make_label(h, IDS_LABEL_FINDINGS, IDC_FINDINGS_LABEL);
        HWND list = i < BF_PANE__COUNT ? make_list(h, 0, pane_list_ids[i])
                                       : make_list(h, LVS_SINGLESEL, IDC_FINDINGS_LIST);
        if (i < BF_PANE__COUNT) {
            p->labels[i] = label;
            p->lists[i] = list;
            ok = label && list && bfgui_pane_add_columns(h->hinst, list, i);
        } else {
            p->findings_label = label;
            p->findings = list;
            ok = label && list && bfgui_findings_add_columns(h->hinst, list, h->dpi);
        }
        if (ok) {
            /* the list's name (a screen reader's, and a failure message's): its label's text */
            WCHAR caption[128] = L"";
            GetWindowTextW(label, caption, (int)BF_COUNTOF(caption));
            SetWindowTextW(list, caption);
        }
    }
    /* the top strip */
    if (ok) {
        p->top_icon = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | WS_VISIBLE | SS_ICON | SS_REALSIZECONTROL, 0, 0,
                                      0, 0, h->frame, (HMENU)(INT_PTR)IDC_TOP_ICON, h->hinst, NULL);
        p->top_text = CreateWindowExW(0, WC_STATICW, L"", WS_CHILD | WS_VISIBLE | SS_LEFT | SS_NOPREFIX, 0, 0, 0, 0,
                                      h->frame, (HMENU)(INT_PTR)IDC_TOP_TEXT, h->hinst, NULL);
        p->top_fix = make_button(h, IDS_ACT_FIX, IDC_TOP_FIX);
        p->top_restart = make_button(h, IDS_ACT_RESTART, IDC_TOP_RESTART);
        ok = p->top_icon && p->top_text && p->top_fix && p->top_restart;
    }
    if (ok) {
        /* the shield on Fix... and Restart services has no words of its own (the Actions pane writes
         * them under its buttons; the strip has no room): a tooltip and the accessible description.
         * Owned by the frame: it goes with it. */
        p->top_tip = CreateWindowExW(WS_EX_TOPMOST, TOOLTIPS_CLASSW, NULL, WS_POPUP | TTS_ALWAYSTIP | TTS_NOPREFIX, 0,
                                     0, 0, 0, h->frame, NULL, h->hinst, NULL);
        if (p->top_tip)
            SendMessageW(p->top_tip, TTM_SETMAXTIPWIDTH, 0, bfgui_scale(400, h->dpi));
        bfgui_shield_words(h->hinst, p->top_fix, p->top_tip);
        bfgui_shield_words(h->hinst, p->top_restart, p->top_tip);
    }
    if (!ok) {
        destroy(p);
        return NULL;
    }
    return p;
}

static void destroy(void *page)
{
    overview_page *p = page;
    if (p->top_icon_image)
        DestroyIcon(p->top_icon_image);
    for (int i = 0; i < BF_PANE__COUNT; i++)
        bfgui_marks_free(&p->marks[i]);
    for (int i = 0; i <= BF_PANE__COUNT; i++)
        bfgui_table_destroy(p->tables[i]);
    free(p);
}

static int windows(void *page, HWND *out, int max)
{
    overview_page *p = page;
    /* in visual order, which is the tab order (mainwnd.c order_tabs) */
    HWND all[] = {p->top_icon, p->top_text, p->top_fix, p->top_restart, p->labels[0], p->lists[0], p->labels[1],
                  p->lists[1], p->labels[2], p->lists[2], p->findings_label, p->findings};
    int n = 0;
    for (size_t i = 0; i < BF_COUNTOF(all) && n < max; i++)
        out[n++] = all[i];
    return n;
}

static void tell_marks(overview_page *p);

static void show(void *page, bool shown)
{
    overview_page *p = page;
    p->shown = shown;
    if (shown)
        tell_marks(p);  /* the status bar's counts are the shown view's */
}

/* ---- placing and sizing the lists ------------------------------------------------------------------ */

/* The overview's lists shown or hidden in one batch; shown, they paint when the queue is idle.
 * The first data is filled into hidden lists and their columns sized while hidden (staging): a list
 * view that is not visible does not repaint on each change, which took the column steps from ~180 ms
 * to ~16 ms under Wine and brought the first paint ~130 ms earlier (make bench-gui). */
static void show_lists(overview_page *p, bool visible)
{
    HDWP dwp = BeginDeferWindowPos(BF_PANE__COUNT + 1);
    for (int i = 0; i <= BF_PANE__COUNT && dwp; i++)
        dwp = DeferWindowPos(dwp, list_at(p, i), NULL, 0, 0, 0, 0,
                             SWP_NOMOVE | SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE |
                                 (visible ? SWP_SHOWWINDOW : SWP_HIDEWINDOW));
    if (dwp)
        EndDeferWindowPos(dwp);
}

/* The width the last column of a pane gets: its chosen width plus whatever room the list has left, so
 * that no empty band is left at the right. */
static int last_column_width(overview_page *p, int pane)
{
    int n = bfgui_pane_column_count(pane);
    RECT rc;
    GetClientRect(p->lists[pane], &rc);
    int total = 0;
    for (int c = 0; c < n; c++)
        total += p->colw[pane][c];
    int w = p->colw[pane][n - 1];
    return rc.right > total ? w + rc.right - total : w;
}

/* One column of a pane to its width, with drawing on, so that Wine's list view keeps its scroll bars
 * right (it recomputes them only on changes made while drawing is on). Columns that shrink go first,
 * so that the columns never add up to more than the list's width on the way. Returns false when
 * every column already has its width. One change per message: each repaints the list at once under
 * Wine (10 ms at 96 DPI, 30 at 192). */
static bool size_next_column(overview_page *p, int pane)
{
    HWND list = p->lists[pane];
    int n = bfgui_pane_column_count(pane);
    int grow = -1, grow_w = 0;
    for (int c = 0; c < n; c++) {
        int want = c == n - 1 ? last_column_width(p, pane) : p->colw[pane][c];
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

/* the findings list's last column takes the room left, so "Recommended fix" is not cut short */
static void size_findings_columns(overview_page *p)
{
    RECT rc;
    GetClientRect(p->findings, &rc);
    int used = 0;
    for (int c = 0; c < BF_FINDING_COLUMNS - 1; c++)
        used += (int)SendMessageW(p->findings, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
    int w = rc.right - used;
    if (w > bfgui_scale(FINDINGS_LAST_MIN_W, p->host->dpi))
        SendMessageW(p->findings, LVM_SETCOLUMNWIDTH, BF_FINDING_COLUMNS - 1, MAKELPARAM(w, 0));
}

/* The lists are placed and their column widths set one list per posted message: under Wine a list
 * view takes ~10 ms per column change, and a window whose size changes must keep answering. While any
 * is pending the frame says so (BF_SETTLING_PROP), so that a test reads the widths once they are set. */
static void schedule_columns(overview_page *p)
{
    if (p->column_step == 0)
        PostMessageW(p->host->frame, WM_BF_PAGE_STEP, 1, BF_NODE_OVERVIEW);
    p->column_step = 1;     /* (again) from the first list: the widths chosen may have changed */
    p->host->busy(p->host, BF_NODE_OVERVIEW, true);
}

/* Moves list i (BF_PANE__COUNT: the findings) and its label to where the layout wants them. Under
 * Wine a list view takes 20-40 ms to take a new size at 144 DPI, so the lists are moved one per
 * message, like their columns, not all inside WM_SIZE. */
static void place_list(overview_page *p, int i)
{
    HWND label = i < BF_PANE__COUNT ? p->labels[i] : p->findings_label;
    HWND list = list_at(p, i);
    const RECT *lr = &p->label_rect[i], *r = &p->list_rect[i];
    if (IsRectEmpty(r))
        return;
    SetWindowPos(label, NULL, lr->left, lr->top, lr->right - lr->left, lr->bottom - lr->top,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    RECT now;
    GetWindowRect(list, &now);
    MapWindowPoints(NULL, p->host->frame, (POINT *)&now, 2);
    if (!EqualRect(&now, r)) {
        /* without the synchronous repaint a move makes under Wine (40 ms for the findings list): the
         * list and the area it left are invalidated instead, and paint when the queue is idle */
        SetWindowPos(list, NULL, r->left, r->top, r->right - r->left, r->bottom - r->top,
                     SWP_NOZORDER | SWP_NOACTIVATE | SWP_NOREDRAW);
        RECT both;
        UnionRect(&both, &now, r);
        InvalidateRect(p->host->frame, &both, TRUE);
        InvalidateRect(list, NULL, TRUE);
    }
}

/* Two phases per list: place it (one step), then its columns one per step until none is left
 * (steps 1-2: list 0, ...; the last two: the findings, whose columns take one step). */
enum { COLUMN_PHASES = 2 };

static void column_step(void *page, WPARAM wp)
{
    (void)wp;
    overview_page *p = page;
    int step = p->column_step;
    if (step == 0)
        return;
    int i = (step - 1) / COLUMN_PHASES, phase = (step - 1) % COLUMN_PHASES;
    bool again = false;     /* this step has more to do: post it once more */
    if (phase == 0)
        place_list(p, i);
    else if (i == BF_PANE__COUNT)
        size_findings_columns(p);
    else
        again = size_next_column(p, i);
    if (again || step < COLUMN_PHASES * (BF_PANE__COUNT + 1)) {
        if (!again)
            p->column_step = step + 1;
        PostMessageW(p->host->frame, WM_BF_PAGE_STEP, (WPARAM)p->column_step, BF_NODE_OVERVIEW);
    } else {
        p->column_step = 0;
        p->host->busy(p->host, BF_NODE_OVERVIEW, false);
        if (p->staging) {
            p->staging = false;
            if (p->shown)
                show_lists(p, true);
        }
    }
}

static void layout(void *page, RECT area)
{
    overview_page *p = page;
    const UINT dpi = p->host->dpi;
    const int gap = bfgui_scale(BF_OVERVIEW_GAP, dpi);
    const int font_h = p->host->font_height;
    /* the top finding, with its Fix... and Restart services buttons, above the three lists */
    int icon = bfgui_metric(SM_CXICON, dpi);
    int btn_w = bfgui_scale(BUTTON_W, dpi), btn_h = font_h + bfgui_scale(BUTTON_PAD_H, dpi);
    /* ...or wider, when a label with its UAC shield needs more (a large text size): the size each button
     * works out for itself (BCM_GETIDEALSIZE), so that "Restart services..." is never cut */
    HWND buttons[2] = {p->top_fix, p->top_restart};
    for (int i = 0; i < 2; i++) {
        SIZE ideal = {0, 0};
        if (SendMessageW(buttons[i], BCM_GETIDEALSIZE, 0, (LPARAM)&ideal) && ideal.cx > btn_w)
            btn_w = ideal.cx;
    }
    int text_x = area.left + icon + gap;
    int text_w = area.right - 2 * btn_w - 2 * gap - text_x;
    if (text_w < 0)
        text_w = 0;
    /* The strip is as tall as the top finding's words wrapped at the width they get, in the window's font
     * at its DPI (a large text size or a narrow window wraps them to three lines or more), at least two
     * lines (the strip keeps its height from one finding to the next), and never lower than the icon
     * or the buttons. */
    int text_h = bfgui_text_height(p->top_text, p->host->font, text_w, 2 * font_h);
    if (text_h < 2 * font_h)
        text_h = 2 * font_h;
    int strip_h = text_h + bfgui_scale(STRIP_PAD_H, dpi);
    if (strip_h < icon + bfgui_scale(STRIP_ICON_PAD_H, dpi))
        strip_h = icon + bfgui_scale(STRIP_ICON_PAD_H, dpi);
    if (strip_h < btn_h + bfgui_scale(STRIP_ICON_PAD_H, dpi))
        strip_h = btn_h + bfgui_scale(STRIP_ICON_PAD_H, dpi);
    int btn_y = area.top + (strip_h - btn_h) / 2;
    SetWindowPos(p->top_icon, NULL, area.left, area.top + (strip_h - icon) / 2, icon, icon,
                 SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(p->top_restart, NULL, area.right - btn_w, btn_y, btn_w, btn_h, SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(p->top_fix, NULL, area.right - 2 * btn_w - gap, btn_y, btn_w, btn_h, SWP_NOZORDER | SWP_NOACTIVATE);
    SetWindowPos(p->top_text, NULL, text_x, area.top, text_w, strip_h, SWP_NOZORDER | SWP_NOACTIVATE);
    RECT lists_area = {area.left, area.top + strip_h + gap, area.right, area.bottom};
    bfgui_overview_layout(p->lists, (const int (*)[BF_MAX_COLUMNS])p->natural, dpi, p->host->label_h, lists_area,
                          p->colw, p->label_rect, p->list_rect);
    schedule_columns(p);
}

static void measure(overview_page *p)
{
    for (int i = 0; i < BF_PANE__COUNT; i++) {
        int n = bfgui_pane_column_count(i);
        bfgui_table_measure(p->tables[i], p->lists[i], n < BF_MAX_COLUMNS ? n : BF_MAX_COLUMNS, p->host->icon_cx,
                            p->host->dpi, p->natural[i]);
        bfgui_marks_widen(&p->marks[i], p->lists[i], p->natural[i], n < BF_MAX_COLUMNS ? n : BF_MAX_COLUMNS);
    }
}

/* ---- data ----------------------------------------------------------------------------------------- */

/* The top finding above the three lists: the first root cause (core/causes.c), with the severity of what
 * follows from it and how many findings do, by icon and words. */
static void show_top_finding(overview_page *p)
{
    const bf_page_host *h = p->host;
    const bf_diagnosis *d = h->data.diag;
    const bf_tree_row *rows = d && d->finding_count ? bf_cause_tree(d) : NULL;
    const bf_finding *f = rows ? &d->findings[rows[0].finding] : NULL;
    WCHAR *text;
    UINT icon_id;
    if (!f) {
        text = bfgui_load_string(h->hinst, IDS_TOP_NONE);
        icon_id = IDI_STATUS_OK;
    } else {
        size_t effects = bf_cause_effects(rows, d->finding_count, 0);
        WCHAR count[24];
        _snwprintf(count, BF_COUNTOF(count), L"%zu", effects);
        count[BF_COUNTOF(count) - 1] = 0;
        WCHAR *sev = bfgui_load_string(h->hinst, IDS_SEV_BASE + f->tree_severity);
        WCHAR *id = bfgui_wide(f->id), *title = bfgui_wide(f->title);
        DWORD_PTR args[4] = {(DWORD_PTR)(sev ? sev : L""), (DWORD_PTR)(id ? id : L""), (DWORD_PTR)(title ? title : L""),
                             (DWORD_PTR)count};
        text = bfgui_format(h->hinst, effects ? IDS_TOP_ROOT_FORMAT : IDS_TOP_FORMAT, args, effects ? 4 : 3);
        free(sev);
        free(id);
        free(title);
        icon_id = f->tree_severity >= BF_SEV_ERROR     ? IDI_STATUS_ERROR
                  : f->tree_severity == BF_SEV_WARNING ? IDI_STATUS_WARNING
                                                       : IDI_STATUS_OK;
    }
    SetWindowTextW(p->top_text, text ? text : L"");
    free(text);
    int size = bfgui_metric(SM_CXICON, h->dpi);
    HICON icon = LoadImageW(h->hinst, MAKEINTRESOURCEW(icon_id), IMAGE_ICON, size, size, LR_DEFAULTCOLOR);
    if (icon) {
        SendMessageW(p->top_icon, STM_SETICON, (WPARAM)icon, 0);
        if (p->top_icon_image)
            DestroyIcon(p->top_icon_image);
        p->top_icon_image = icon;
    }
}

/* A failure of step (IDS_STEP_*) on list i, with its Win32 error, in the frame's error box. */
static void report(overview_page *p, int i, UINT step, DWORD error)
{
    bf_page_host *h = p->host;
    WCHAR *name = bfgui_list_name(list_at(p, i >= 0 ? i : 0));
    WCHAR *text = bfgui_failure_text(h->hinst, step, name, error);
    if (text)
        h->error_text(h, text);
    else
        h->error(h, IDS_ERR_NO_MEMORY);
    free(text);
    free(name);
}

/* List i shows its table's rows (in the order made: the overview does not sort). false when that
 * failed, reported. */
static bool show_table(overview_page *p, int i)
{
    HWND list = list_at(p, i);
    /* the selection and focus of the old rows mean nothing for the new ones */
    LVITEMW st;
    ZeroMemory(&st, sizeof st);
    st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
    SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)-1, (LPARAM)&st);
    DWORD e = bfgui_table_index(p->tables[i], -1, true);
    if (e) {
        report(p, i, IDS_STEP_SHOW, e);
        return false;
    }
    e = bfgui_table_attach(p->tables[i], list);
    if (e) {
        report(p, i, IDS_STEP_SHOW, e);
        return false;
    }
    return true;
}

/* ---- live mode: the rows a change made or removed (rowmarks.c, as the list pages) -------------------- */

/* Before the three lists take new data: in live mode the rows they hold (the whole lists) are what the
 * new rows are compared with; the first data is compared with nothing. */
static void remember_marks(overview_page *p)
{
    for (int i = 0; i < BF_PANE__COUNT; i++) {
        if (!p->host->mark_changes)
            bfgui_marks_off(&p->marks[i]);
        else if (p->had_data)
            bfgui_marks_remember(&p->marks[i], p->tables[i]);
    }
}

/* The frame's status bar: the changed and removed rows of the three lists together, the removed by name. */
static void tell_marks(overview_page *p)
{
    bf_page_host *h = p->host;
    bool marking = false;
    size_t changed = 0, removed = 0;
    WCHAR names[1024] = L"";
    for (int i = 0; i < BF_PANE__COUNT; i++) {
        const bfgui_marks *m = &p->marks[i];
        marking = marking || (h->mark_changes && m->have_prev);
        changed += m->changed;
        removed += m->removed;
        if (m->removed && m->removed_names) {
            size_t len = wcslen(names);
            _snwprintf(names + len, BF_COUNTOF(names) - len, L"%ls%ls", len ? L"; " : L"", m->removed_names);
            names[BF_COUNTOF(names) - 1] = 0;
        }
    }
    if (p->shown && h->changed)
        h->changed(h, BF_NODE_OVERVIEW, marking ? changed : SIZE_MAX, marking ? removed : 0, names);
}

/* The new rows of the three lists marked, and each list's label counts its changed and removed rows in
 * live mode ("&Adapters (changed: 1; removed: 2: lan1, lan1p)"), its own words otherwise. */
static void mark_lists(overview_page *p)
{
    const bf_page_host *h = p->host;
    for (int i = 0; i < BF_PANE__COUNT; i++) {
        bfgui_marks *m = &p->marks[i];
        m->changed = 0;
        if (h->mark_changes) {
            bfgui_marks_new_rows(m, p->tables[i], 0);
            bfgui_marks_finish(m, p->tables[i]);
        }
        WCHAR *label = bfgui_load_string(h->hinst, bfgui_pane_label_id(i)), *text = NULL;
        if (h->mark_changes && m->have_prev) {
            DWORD_PTR args[4] = {(DWORD_PTR)(label ? label : L""), (DWORD_PTR)m->changed, (DWORD_PTR)m->removed,
                                 (DWORD_PTR)(m->removed_names ? m->removed_names : L"")};
            text = m->removed ? bfgui_format(h->hinst, IDS_PANE_LABEL_REMOVED, args, 4)
                              : bfgui_format(h->hinst, IDS_PANE_LABEL_CHANGED, args, 2);
        }
        SetWindowTextW(p->labels[i], text ? text : label ? label : L"");
        free(text);
        free(label);
        InvalidateRect(p->lists[i], NULL, FALSE);   /* the bold rows */
    }
    tell_marks(p);
}

/* Part 0: the three lists (the first data into hidden lists, see show_lists); part 1: the findings, the
 * top finding, and the natural column widths the next layout works from. */
static bool refresh(void *page, bf_page_change change, int part)
{
    overview_page *p = page;
    bf_page_host *h = p->host;
    if (change != BF_PAGE_NEW_DATA)
        return false;   /* the overview does not name its source */
    if (part == 0) {
        HWND focus = GetFocus();    /* a list the user has tabbed into is not hidden under them */
        bool list_focused = false;
        for (int i = 0; i <= BF_PANE__COUNT; i++)
            list_focused = list_focused || focus == list_at(p, i);
        if (!p->had_data && p->shown && !list_focused) {
            p->staging = true;
            show_lists(p, false);
        }
        int failed = -1;
        remember_marks(p);
        bool made = bfgui_overview_fill(h->hinst, p->tables, h->data.snap, &failed);
        mark_lists(p);
        for (int i = 0; i < BF_PANE__COUNT; i++)
            show_table(p, i);   /* a failure is reported there */
        if (!made)
            report(p, failed, IDS_STEP_FILL, ERROR_NOT_ENOUGH_MEMORY);   /* only an allocation fails a fill */
        return true;
    }
    size_t serious = 0;
    bool made = bfgui_findings_fill(h->hinst, p->tables[BF_PANE__COUNT], h->data.diag, &serious);
    show_table(p, BF_PANE__COUNT);
    if (!made)
        report(p, BF_PANE__COUNT, IDS_STEP_FILL, ERROR_NOT_ENOUGH_MEMORY);
    measure(p);
    show_top_finding(p);
    if (!p->had_data) {
        /* from now on, the lists' next paints show the data */
        p->had_data = true;
        p->armed = true;
        p->painted = 0;
        for (int i = 0; i <= BF_PANE__COUNT; i++)
            InvalidateRect(list_at(p, i), NULL, FALSE);
    }
    return false;
}

/* Part 0: two lists, 1: the third and the findings, 2: the labels and the top strip (each part one
 * message: WM_SETFONT makes a list view measure everything again); 3: the images and the natural
 * widths at the new size. */
static bool font_changed(void *page, int part)
{
    overview_page *p = page;
    const bf_page_host *h = p->host;
    HWND parts[3][9] = {
        {p->lists[0], p->lists[1]},
        {p->lists[2], p->findings},
        {p->labels[0], p->labels[1], p->labels[2], p->findings_label, p->top_text, p->top_fix, p->top_restart},
    };
    if (part < 3) {
        for (int i = 0; i < 9 && parts[part][i]; i++)
            if (h->font)
                SendMessageW(parts[part][i], WM_SETFONT, (WPARAM)h->font, FALSE);
        return true;
    }
    if (h->images)
        for (int i = 0; i <= BF_PANE__COUNT; i++)
            SendMessageW(list_at(p, i), LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)h->images);
    measure(p);
    return false;
}

/* The list Copy and Select all work on: the focused one, else the adapters. */
static HWND list(void *page, HWND focus)
{
    overview_page *p = page;
    for (int i = 0; i <= BF_PANE__COUNT; i++)
        if (focus == list_at(p, i))
            return focus;
    return p->lists[BF_PANE_ADAPTERS];
}

/* ---- notifications: highlighting, tooltips, the first paint ----------------------------------------- */

/* Selecting a row in one of the three lists highlights every row of the three that names one of its
 * addresses: an unusable address is seen at once as adapter, resolver answer and failed bind. The rows
 * are read from the tables (the lists are virtual), and only the rows that match are selected. */
static bool row_mentions(const WCHAR *text, const WCHAR *const *addrs, int naddrs)
{
    for (int i = 0; i < naddrs; i++) {
        /* whole tokens of a comma-separated cell */
        size_t n = wcslen(addrs[i]);
        for (const WCHAR *s = wcsstr(text, addrs[i]); s; s = wcsstr(s + 1, addrs[i])) {
            bool start = s == text || s[-1] == L' ' || s[-1] == L',';
            bool end = s[n] == 0 || s[n] == L',' || s[n] == L' ';
            if (start && end)
                return true;
        }
    }
    return false;
}

/* the column holding addresses: adapters 3 (a list), resolver 1, binds 2 */
static const int address_columns[BF_PANE__COUNT] = {3, 1, 2};

static void highlight_addresses(overview_page *p, int pane)
{
    HWND src = p->lists[pane];
    WCHAR *addrs[64];
    int naddrs = 0;
    int row = (int)SendMessageW(src, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
    if (row < 0 || !(SendMessageW(src, LVM_GETITEMSTATE, (WPARAM)row, LVIS_SELECTED) & LVIS_SELECTED))
        return;
    WCHAR text[1024] = L"";
    const WCHAR *cell = bfgui_table_cell_text(p->tables[pane], bfgui_table_row_at(p->tables[pane], (size_t)row),
                                              address_columns[pane], text, BF_COUNTOF(text));
    if (cell != text)
        lstrcpynW(text, cell, (int)BF_COUNTOF(text));
    for (WCHAR *s = text; *s && naddrs < 64;) {
        while (*s == L',' || *s == L' ')
            *s++ = 0;
        if (!*s)
            break;
        addrs[naddrs++] = s;
        while (*s && *s != L',' && *s != L' ')
            s++;
    }
    if (naddrs == 0)
        return;
    p->highlighting = true;
    int linked[BF_PANE__COUNT] = {0};
    for (int i = 0; i < BF_PANE__COUNT; i++) {
        HWND list = p->lists[i];
        const bfgui_table *t = p->tables[i];
        LVITEMW st;
        ZeroMemory(&st, sizeof st);
        st.stateMask = LVIS_SELECTED;
        if (i != pane) {
            SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)-1, (LPARAM)&st);     /* none, then the matches */
        }
        size_t rows = bfgui_table_shown(t);
        for (size_t r = 0; r < rows; r++) {
            if (i == pane && r == (size_t)row) {
                linked[i]++;
                continue;
            }
            WCHAR cellbuf[1024];
            bool on = row_mentions(bfgui_table_cell_text(t, bfgui_table_row_at(t, r), address_columns[i], cellbuf,
                                                         BF_COUNTOF(cellbuf)),
                                   (const WCHAR *const *)addrs, naddrs);
            linked[i] += on;
            if (!on && i != pane)
                continue;
            st.state = on ? LVIS_SELECTED : 0;
            if (i == pane && !on && !(SendMessageW(list, LVM_GETITEMSTATE, (WPARAM)r, LVIS_SELECTED) & LVIS_SELECTED))
                continue;
            SendMessageW(list, LVM_SETITEMSTATE, (WPARAM)r, (LPARAM)&st);
        }
    }
    p->highlighting = false;
    /* the link in words, not only as a pale selection in the lists without the focus: the status bar,
     * which a screen reader reads, says how many rows of each list name the address(es) */
    WCHAR joined[1024] = L"";
    for (int i = 0; i < naddrs; i++) {
        if (i)
            wcsncat(joined, L", ", BF_COUNTOF(joined) - wcslen(joined) - 1);
        wcsncat(joined, addrs[i], BF_COUNTOF(joined) - wcslen(joined) - 1);
    }
    DWORD_PTR args[4] = {(DWORD_PTR)joined, (DWORD_PTR)linked[BF_PANE_ADAPTERS], (DWORD_PTR)linked[BF_PANE_RESOLVER],
                         (DWORD_PTR)linked[BF_PANE_BINDS]};
    WCHAR *words = bfgui_format(p->host->hinst, IDS_LINKED_ROWS, args, 4);
    if (words)
        SendMessageW(GetDlgItem(p->host->frame, IDC_STATUSBAR), SB_SETTEXTW, 0, (LPARAM)words);
    free(words);
}

/* Called when each of the four lists has painted since the first data arrived: the time since the
 * process started is the "first paint" figure (make bench-gui). */
static void record_first_paint(overview_page *p)
{
    bfgui_record_moment(p->host->frame, BF_FIRSTPAINT_PROP);
}

/* The lists tell their parent when they paint (custom draw); a row a live change made is drawn bold. */
static LRESULT on_custom_draw(overview_page *p, int which, const NMCUSTOMDRAW *cd)
{
    LRESULT marks = which < BF_PANE__COUNT ? bfgui_marks_custom_draw(&p->marks[which], p->tables[which],
                                                                      (const NMLVCUSTOMDRAW *)cd, p->host->font)
                                           : CDRF_DODEFAULT;
    if (cd->dwDrawStage == CDDS_ITEMPREPAINT)
        return marks;
    if (p->paint_recorded || !p->armed)
        return marks;
    if (cd->dwDrawStage == CDDS_PREPAINT)
        return marks | CDRF_NOTIFYPOSTPAINT;
    if (cd->dwDrawStage == CDDS_POSTPAINT) {
        p->painted |= 1u << which;
        if (p->painted == (1u << (BF_PANE__COUNT + 1)) - 1) {
            p->paint_recorded = true;
            record_first_paint(p);
        }
    }
    return CDRF_DODEFAULT;
}

static bool notify(void *page, NMHDR *nm, LRESULT *result)
{
    overview_page *p = page;
    int which = -1;
    for (int i = 0; i <= BF_PANE__COUNT; i++)
        if (nm->hwndFrom == list_at(p, i))
            which = i;
    if (which < 0)
        return false;
    *result = 0;
    if (nm->code == LVN_GETDISPINFOW) {
        bfgui_table_dispinfo(p->tables[which], (NMLVDISPINFOW *)nm);
    } else if (nm->code == NM_CUSTOMDRAW) {
        *result = on_custom_draw(p, which, (NMCUSTOMDRAW *)nm);
    } else if (nm->code == LVN_ITEMCHANGED && !p->highlighting && which < BF_PANE__COUNT) {
        /* an owner-data list says iItem -1 for a change of every row (LVM_SETITEMSTATE -1): not a pick */
        NMLISTVIEW *lv = (NMLISTVIEW *)nm;
        if (lv->iItem >= 0 && (lv->uNewState & LVIS_SELECTED) && !(lv->uOldState & LVIS_SELECTED) &&
            (lv->uNewState & LVIS_FOCUSED))
            highlight_addresses(p, which);
    } else if (nm->code == LVN_GETINFOTIPW && which < BF_PANE__COUNT) {
        NMLVGETINFOTIPW *tip = (NMLVGETINFOTIPW *)nm;
        WCHAR *text = bfgui_row_tip(p->lists[which], which, tip->iItem);
        if (text && tip->pszText && tip->cchTextMax > 0)
            lstrcpynW(tip->pszText, text, tip->cchTextMax);
        free(text);
    }
    return true;
}

const bf_page_ops bf_page_overview = {
    BF_NODE_OVERVIEW, BF_HELP_VIEW_OVERVIEW, create, destroy, windows, show, layout, refresh, font_changed, list,
    notify, column_step,
};
