/*
 * page.h - the console's pages: what the result area shows for each scope node, behind one callback
 * interface, as System Informer's main-window pages (mwpgsrv.c and its siblings) sit behind theirs.
 *
 * mainwnd.c is the frame: window class, menu, toolbar, status bar, scope tree, splitters, the worker's
 * messages. It makes one page per node at WM_CREATE (bf_page_ops.create), and from then on only
 * dispatches: the page of the selected node is shown and laid out, every page is told of new data,
 * of a new font or DPI, and of the notifications of its controls. A page keeps its state in the
 * context its create returns (no mutable globals); what it needs from the frame is in bf_page_host,
 * which the frame owns and keeps current.
 *
 * page_overview.c is the overview (three lists, the findings pane, the top finding); the other nodes
 * (page_computer.c, page_adapters.c, ...) are list pages: one report list each, in the result pane
 * they share (resultview.c holds what they have in common).
 */
#ifndef BF_PAGE_H
#define BF_PAGE_H

#include "gui.h"

/* What every page shows: the frame's data, replaced on each load. */
typedef struct bf_page_data {
    const bf_snapshot *snap;            /* NULL before the first load */
    const struct bf_diagnosis *diag;    /* may be NULL */
    const bf_history *history;          /* may be NULL */
    const WCHAR *source_text;           /* "This machine", "Demo: ...", "Snapshot FILE"; may be NULL */
} bf_page_data;

typedef struct bf_page_host bf_page_host;
struct bf_page_host {
    HINSTANCE hinst;
    HWND frame;                 /* the main window: parent of every page's controls */
    HWND result_label, result_list;     /* the result pane the list pages share (the frame owns it) */
    UINT dpi;
    HFONT font;                 /* the UI font (NULL: the stock font) */
    int font_height;            /* pixels, of font */
    int label_h;                /* a pane label's height at that font */
    HIMAGELIST images;          /* the status images (shared: LVS_SHAREIMAGELISTS) */
    int icon_cx;
    bf_page_data data;
    /* The page has posted work of its own still queued (true) or none left (false): the frame says so
     * in BF_SETTLING_PROP, so that a test reads sizes once they are set. */
    void (*busy)(bf_page_host *host, bf_node node, bool busy);
    /* An error box owned by the frame: IDS_ERR_LOAD with string id as its detail. */
    void (*error)(bf_page_host *host, UINT id);
    /* The same box with detail as its text: what failed (bfgui_failure_text). */
    void (*error_text)(bf_page_host *host, const WCHAR *detail);
    /* Live mode (View > Auto refresh): list pages and the overview's lists mark the rows that are new or
     * different since the rows they showed of the previous scan (the frame sets it). */
    bool mark_changes;
    /* The shown page made its rows: changed of them are marked (SIZE_MAX: none compared) and removed rows
     * of the list before are gone, removed_names the first few of them (NULL: none), for the frame's
     * status bar (live mode: rowmarks.c). */
    void (*changed)(bf_page_host *host, bf_node node, size_t changed, size_t removed, const WCHAR *removed_names);
};

/* What changed when bf_page_ops.refresh is called. */
typedef enum bf_page_change {
    BF_PAGE_NEW_DATA,       /* a new snapshot, diagnosis and history */
    BF_PAGE_NEW_SOURCE,     /* the same data, named again (a file chosen with File > Open did not load) */
} bf_page_change;

/* Up to this many windows per page take part in showing and hiding it. */
#define BF_PAGE_MAX_WINDOWS 16

typedef struct bf_page_ops {
    bf_node node;
    const WCHAR *help_topic;    /* res/helptopics.h: F1 and Help > Topics while the page is shown */
    /* Makes the page's controls (hidden; the overview's are visible, it is the first page shown) and
     * its context; NULL when it could not (the window is not made then). */
    void *(*create)(bf_page_host *host);
    /* Frees the context (after WM_DESTROY: the controls die with the frame). */
    void (*destroy)(void *page);
    /* The windows that are visible while the page is shown, for the frame to show and hide in one
     * batch; returns how many (at most max). */
    int (*windows)(void *page, HWND *out, int max);
    /* The page becomes (true) or stops being (false) the one shown, after its windows were shown or
     * before they are hidden; also false when the frame closes. */
    void (*show)(void *page, bool shown);
    /* Places the page's windows in area (the frame's client area between the side panes). */
    void (*layout)(void *page, RECT area);
    /* The data in host->data changed: part 0, 1, ... each in a posted message of its own (a long fill
     * would keep the window from answering); returns true when there is a next part. */
    bool (*refresh)(void *page, bf_page_change change, int part);
    /* Host font, DPI or images changed: take them, part 0, 1, ... one posted message each (under Wine
     * WM_SETFONT makes a list view measure everything again); true when there is a next part. */
    bool (*font_changed)(void *page, int part);
    /* The list that Edit > Copy, Select all and the context menu work on, given the focused window;
     * NULL when focus is none of the page's lists and the page has none to offer. */
    HWND (*list)(void *page, HWND focus);
    /* A notification (WM_NOTIFY): true when it came from the page's controls and was handled, with
     * the answer in *result. */
    bool (*notify)(void *page, NMHDR *nm, LRESULT *result);
    /* WM_BF_PAGE_STEP the page posted to the frame (lParam: its node): wParam is the page's own. NULL:
     * the page posts none. */
    void (*step)(void *page, WPARAM wp);
} bf_page_ops;

/* The pages, one per node (page_<node>.c). */
extern const bf_page_ops bf_page_computer, bf_page_overview, bf_page_adapters, bf_page_binding, bf_page_resolver,
    bf_page_protocols, bf_page_listeners, bf_page_services, bf_page_events, bf_page_findings, bf_page_history,
    bf_page_hosts, bf_page_fleet;

/* ---- page_fleet.c: the Fleet node (a folder of per-host results, read on a worker) ----------------- */

/* Starts reading dir (the strings are copied) on a worker, with catalogue (the console's /catalogue
 * FILE; NULL: the default beside the program) checked as trust_files says; the worker posts each row as
 * WM_BF_FLEET_ROW, then WM_BF_FLEET_DONE, to the frame. A read still running has its answers dropped.
 * ERROR_SUCCESS or a Win32 error. */
DWORD bf_page_fleet_open(void *page, const WCHAR *dir, const WCHAR *catalogue, bool trust_files);
/* WM_BF_FLEET_ROW's lParam: the row is appended to what is shown (the first row of a read replaces
 * the rows shown before: *first). Returns the folder being read, with *done of *total files read; NULL
 * when the row was dropped (an older read's). */
const WCHAR *bf_page_fleet_row(void *page, LPARAM row, size_t *done, size_t *total, bool *first);
/* WM_BF_FLEET_DONE's lParam: the rows are shown (or an error box says which folder and why). The folder
 * read, for the scope tree's node, and *servers its rows; NULL when it failed or the answer was dropped
 * (a newer read was started). Owned by the page. */
const WCHAR *bf_page_fleet_loaded(void *page, LPARAM result, size_t *servers);
bool bf_page_fleet_loading(void *page);
/* The folder shown, NULL before one was read. */
const WCHAR *bf_page_fleet_dir(void *page);
/* The snapshot file of the host in list's focused row (malloc'd), to open as File > Open snapshot
 * opens a file, NULL when it has none; *host_out (malloc'd, may be NULL) names the host. */
WCHAR *bf_page_fleet_focused_file(void *page, HWND list, WCHAR **host_out);
/* The servers of the fleet shown (the rows read so far while reading): how many, and server i's name
 * (malloc'd) when it was collected, NULL when not (no node in the scope tree: its row says why). */
size_t bf_page_fleet_count(void *page);
WCHAR *bf_page_fleet_server_name(void *page, size_t i);
/* The snapshot file of the collected server named name (malloc'd), NULL when there is none. */
WCHAR *bf_page_fleet_server_file(void *page, const WCHAR *name);
/* The filter by finding (IDC_FLEET_FILTER) changed: the rows are made again. */
void bf_page_fleet_filter_changed(void *page);
/* issue 15's sources: page_port_ranges.c, page_http_listen.c, page_pins.c */
extern const bf_page_ops bf_page_port_ranges, bf_page_http_listen, bf_page_pins;

/* ---- resultview.c: what the list pages have in common ------------------------------------------- */

/* Builds a list page's rows into its row table (rowtable.c; the list is virtual and draws from it): put
 * cell col of the current row (col 0 starts a new row). */
typedef struct bf_rows {
    HINSTANCE hinst;
    bfgui_table *table;
    long row;               /* index of the row being built */
    bool ok;                /* false once a cell could not be made (an allocation failed) */
    void *state;            /* the page's own state (bf_list_page_set_state), NULL when it has none: what
                             * its fill reads besides the data (the findings' collapsed causes) */
    /* A big list is made in parts, one posted message each (resultview.c): the fill runs again for each,
     * its first `skip` rows passed over without their cells being made, and at most `limit` new rows. */
    size_t skip, limit;
    size_t seen;            /* rows begun (col 0) in this pass */
    bool passing;           /* the row being begun is one passed over: its cells are not made */
    bool more;              /* a row was left for the next part */
} bf_rows;

/* The current row is one passed over (or col 0 begins a row that is): its cells need not be made. */
bool bf_rows_skipping(bf_rows *b, int col);
/* For a fill whose rows are one per item of an array from its first: the first item this part makes (the
 * ones before it are counted as passed over without being visited); the fill stops once bf_rows_done.
 * A part then costs its own rows, not every row before it again (400,000 events in 40 parts). */
size_t bf_rows_resume(bf_rows *b);
bool bf_rows_done(const bf_rows *b);

/* Takes ownership of text (NULL: out of memory). image: BF_IMAGE_DEFAULT for none. */
void bf_rows_put_owned(bf_rows *b, int col, WCHAR *text, int image);
void bf_rows_put_utf8(bf_rows *b, int col, const char *s, int image);
/* s is the model's own text (the snapshot's, the diagnosis's, the history's: it lives as long as the
 * rows): the cell refers to it and is made into shown text only when drawn (bfgui_wide's cleaning). */
void bf_rows_put_model(bf_rows *b, int col, const char *s, int image);
/* s is a shown text the page keeps as long as its rows (a string loaded once for many rows): not copied. */
void bf_rows_put_shared(bf_rows *b, int col, const WCHAR *s, int image);
/* known false: an empty cell */
void bf_rows_put_int(bf_rows *b, int col, long long v, bool known);
void bf_rows_put_string(bf_rows *b, int col, UINT id, int image);
void bf_rows_put_format(bf_rows *b, int col, UINT id, const DWORD_PTR *args, size_t n);
/* "a, b, c" of a list of UTF-8 strings */
void bf_rows_put_joined(bf_rows *b, int col, char *const *items, size_t n);
/* "unavailable: why" of a snapshot section that could not be read */
void bf_rows_put_section_status(bf_rows *b, int col, bf_section_status st, const char *problem);
/* The current row's status image, and its indent in image widths (the findings: what a root cause
 * explains stands under it). */
void bf_rows_set_image(bf_rows *b, int image);
void bf_rows_set_depth(bf_rows *b, int depth);

/* A list page: its node, its columns (header string ids column_base + 0 .. column_count - 1) and its
 * rows (called only with data loaded). */
typedef struct bf_list_page_def {
    bf_node node;
    UINT column_base;
    int column_count;
    void (*fill)(bf_rows *b, const bf_page_data *d);
    bool own_data;          /* the rows come from the page's state, not the frame's snapshot: filled with
                             * no snapshot loaded too (the fleet) */
} bf_list_page_def;

/* The bf_page_ops functions of every list page (def: the page's own, held in its context). */
void *bf_list_page_create(bf_page_host *host, const bf_list_page_def *def);
void bf_list_page_destroy(void *page);
int bf_list_page_windows(void *page, HWND *out, int max);
void bf_list_page_show(void *page, bool shown);
void bf_list_page_layout(void *page, RECT area);
bool bf_list_page_refresh(void *page, bf_page_change change, int part);
bool bf_list_page_font_changed(void *page, int part);
HWND bf_list_page_list(void *page, HWND focus);
bool bf_list_page_notify(void *page, NMHDR *nm, LRESULT *result);
/* State of the page's own that its fill reads (bf_rows.state); owned by the caller. */
void bf_list_page_set_state(void *page, void *state);
/* The columns (bit mask) that name a row, for the rows a live change removed (rowmarks.c); the first
 * column unless set. */
void bf_list_page_set_keys(void *page, unsigned key_columns);
void *bf_list_page_state(void *page);
void bf_list_page_step(void *page, WPARAM wp);

/* Defines list page `name`: its def, its create function and its bf_page_ops bf_page_<name>; the first
 * column names a row (BF_LIST_PAGE_KEYED: the columns of the bit mask keys_ do). */
#define BF_LIST_PAGE(name, node_, column_base_, column_count_, fill_, topic_)                              \
    BF_LIST_PAGE_KEYED(name, node_, column_base_, column_count_, fill_, topic_, 0)
#define BF_LIST_PAGE_KEYED(name, node_, column_base_, column_count_, fill_, topic_, keys_)                 \
    _Static_assert((column_count_) <= BF_RESULT_MAX_COLUMNS, "more columns than are measured and kept");  \
    static const bf_list_page_def name##_def = {node_, column_base_, column_count_, fill_, false};      \
    static void *name##_create(bf_page_host *host)                                                      \
    {                                                                                                   \
        void *page = bf_list_page_create(host, &name##_def);                                            \
        if (page && (keys_))                                                                            \
            bf_list_page_set_keys(page, (keys_));                                                       \
        return page;                                                                                    \
    }                                                                                                   \
    const bf_page_ops bf_page_##name = {node_, topic_, name##_create, bf_list_page_destroy,             \
                                        bf_list_page_windows, bf_list_page_show, bf_list_page_layout,     \
                                        bf_list_page_refresh, bf_list_page_font_changed, bf_list_page_list, \
                                        bf_list_page_notify, bf_list_page_step};

#endif
