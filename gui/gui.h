/*
 * gui.h - private header of bindfix.exe (the .c files in gui/), sectioned by file.
 *
 * Conventions: every window keeps its state in a heap context struct (passed through lpCreateParams,
 * kept in GWLP_USERDATA, freed on WM_NCDESTROY); no mutable globals.  Strings the user sees come from
 * the string table (res/lang/en-US.rc).  Strings returned by bfgui_* functions are malloc'd: free().
 * Slow work (a live scan, reading a file) runs on a worker thread that posts its result back.
 */
#ifndef BF_GUI_H
#define BF_GUI_H

#include "sys.h"
#include "messages.h"

#include <commctrl.h>

#include "fix.h"
#include "model.h"
#include "resource.h"
#include "source.h"
#include "strbuf.h"

/* ---- contract with the GUI test driver (tests/tools/guidriver.c) ---------------------------------- */

/* Window class of the main window; the driver finds the window with FindWindowW(BF_MAIN_WINDOW_CLASS). */
#define BF_MAIN_WINDOW_CLASS L"BindfixMainWindow"

/* Window property on the main window saying what the lists show, so that a test can wait for the
 * data without depending on the language of the title or the status bar (values of bf_load_state). */
#define BF_STATE_PROP L"bindfix.state"

/* Window property counting the loads that have ended (success or failure): a test that asks for a
 * refresh waits for it to grow. */
#define BF_LOADS_PROP L"bindfix.loads"

/* Window properties (numbers), for the GUI tests and make bench-gui (read with guidriver props):
 * BF_WATCHDOG_PROP is 1 while the responsiveness watchdog runs (only when the environment has
 * BINDFIX_WATCHDOG=1, see bf_gui_options.watchdog); BF_MAXGAP_PROP the longest time in ms the UI
 * thread took to answer its pings since the first data was shown (a figure, not a verdict);
 * BF_HANG_PROP the longest time in ms it did not answer at all, recorded by the watchdog's own thread
 * from BF_HANG_MS on (so that it can be read while the UI thread is still stuck), BF_HANG_MSG_PROP the
 * message it was handling then (coded as BF_MAXGAP_MSG_PROP); BF_FIRSTPAINT_PROP ms from process start
 * until the first data was painted; BF_NODE_PROP the scope node the result pane shows (bf_node). */
#define BF_WATCHDOG_PROP L"bindfix.watchdog"
#define BF_HANG_PROP L"bindfix.hang"
#define BF_HANG_MSG_PROP L"bindfix.hang.msg"
/* How many pings the UI thread has answered (set by the watchdog's thread): a test that sees it grow knows
 * the watchdog is really asking, so "no hang" means something. */
#define BF_PINGS_PROP L"bindfix.pings"
/* A UI thread that has not answered for this long is hung, however busy the machine is. */
#define BF_HANG_MS 2000
/* The environment variable that starts the watchdog ("1"); tests and benchmarks set it. */
#define BF_WATCHDOG_ENV L"BINDFIX_WATCHDOG"
/* Fault injection for tests (tests/gui/run-gui-tests.sh, the snapshot-file case): BINDFIX_FAULT=sort,copy in
 * the environment, read once at start (main.c), makes the row tables' allocation for a sort (the keys) or a
 * copy (the text) fail as an exhausted heap would, so that the messages those failures show are seen.
 * The main window keeps the flags in BF_FAULT_PROP; a table takes them from its list's window when it is
 * attached (bfgui_table_attach). Unset (as a user runs bindfix), nothing fails. */
#define BF_FAULT_ENV L"BINDFIX_FAULT"
#define BF_FAULT_PROP L"bindfix.fault"
/* BINDFIX_FAULT=fleet-hold: the fleet reader (page_fleet.c) stops after posting its first row until the
 * file .release-fleet appears in the folder (60 s at most), so that a test sees the rows shown before
 * the last file is read, and the console answering meanwhile. */
enum { BFGUI_FAULT_SORT = 1, BFGUI_FAULT_COPY = 2, BFGUI_FAULT_FLEET_HOLD = 4 };
#define BF_MAXGAP_PROP L"bindfix.maxgap"
/* ...and the message it was handling then (WM_COMMAND: 0x111 | command id << 16) */
#define BF_MAXGAP_MSG_PROP L"bindfix.maxgap.msg"
/* The last help topic asked for from this top-level window: a global atom holding its file name
 * (gui/help.c); each request replaces the atom of the one before. */
#define BF_HELP_PROP L"bindfix.help"
#define BF_FIRSTPAINT_PROP L"bindfix.firstpaint"
/* The console opening a fleet (make bench-fleet-console), coded as BF_FIRSTPAINT_PROP (ms from process start,
 * + 1 so that 0 means "not yet"), each set once: BF_FLEETPAINT_PROP when the Fleet list first painted with
 * at least one row (its custom draw, page_fleet.c), BF_FLEETREAD_PROP when the whole folder was read and
 * shown (the end of OnFleetDone, the server nodes made). */
#define BF_FLEETPAINT_PROP L"bindfix.fleet.paint"
#define BF_FLEETREAD_PROP L"bindfix.fleet.read"
#define BF_NODE_PROP L"bindfix.node"
/* The menu open: 1 + the place of a menu-bar menu (1 File, 2 Action, ...), BF_MENU_CONTEXT_ROW a row's
 * context menu, BF_MENU_CONTEXT_ROW + 1 the scope tree's; BF_MENU_X_PROP and BF_MENU_Y_PROP where a context
 * menu opened (screen coordinates). Read by the keyboard test (guidriver keys). */
#define BF_MENU_PROP L"bindfix.menu"
#define BF_MENU_X_PROP L"bindfix.menu.x"
#define BF_MENU_Y_PROP L"bindfix.menu.y"
#define BF_MENU_CONTEXT_ROW 100
/* 1 while a menu (the bar's or a context menu) is being tracked: WM_ENTERMENULOOP to WM_EXITMENULOOP; a
 * popup that closes removes BF_MENU_PROP (WM_UNINITMENUPOPUP) */
#define BF_MENU_OPEN_PROP L"bindfix.menu.open"
/* Window property counting the times the console has taken a new font, images and sizes after it was
 * shown (a DPI change, or a change of text size or fonts: WM_SETTINGCHANGE): a test sees it grow. */
#define BF_FONTWALKS_PROP L"bindfix.fontwalks"
/* Set while layout work is still queued (column widths): a test reads sizes once it is gone. */
#define BF_SETTLING_PROP L"bindfix.settling"
/* Copies and list exports whose text was made (copyjob.c), for a test to wait on. */
#define BF_COPIES_PROP L"bindfix.copies"

typedef enum bf_load_state {
    BF_LOAD_STATE_EMPTY = 1,    /* nothing requested yet */
    BF_LOAD_STATE_LOADING = 2,  /* a load or scan runs */
    BF_LOAD_STATE_LOADED = 3,   /* the lists show a snapshot */
    BF_LOAD_STATE_FAILED = 4    /* the last load failed; an error box was shown */
} bf_load_state;

/* ---- main.c ------------------------------------------------------------------------------------- */

/* bf_source_kind (core/source.h): this machine (no option), /demo, /snapshot FILE. What the console and its dialogs show: where the snapshot comes from, and the service catalogue
 * (which services stand behind which protocols) to scan and diagnose it with. */
typedef struct bf_gui_source {
    bf_source_kind kind;
    const WCHAR *snapshot;  /* BF_SOURCE_FILE */
    const WCHAR *catalogue; /* /catalogue FILE; NULL: bindfix-catalogue.json beside the program, if any */
    bool trust_files;       /* /trust-file: use a journal or catalogue that others than administrators can
                             * change (bf_system.trust_files, as bindfix-cli --trust-file; help topic Security) */
    bool dns;               /* View > Check DNS registration in scans: a live scan also asks the DNS servers
                             * what they publish for the host's name (bindfix-cli --dns; the query leaves the
                             * machine, so only when the administrator turned it on) */
} bf_gui_source;

typedef struct bf_gui_options {
    bf_source_kind source;
    WCHAR *snapshot_path;   /* BF_SOURCE_FILE: malloc'd */
    WCHAR *catalogue_path;  /* /catalogue FILE: malloc'd, or NULL */
    int start_command;      /* 0, or IDM_ACTION_FIX / _RESTART / _UNDO: run once the first scan is shown */
    bool wizard;            /* /wizard: the repair wizard instead of the console */
    bool watchdog;          /* BINDFIX_WATCHDOG=1 in the environment: run the UI-thread watchdog */
    bool trust_files;       /* /trust-file (bf_gui_source.trust_files) */
    WCHAR *fleet_dir;       /* /fleet DIR: malloc'd, or NULL; opened in the Fleet node beside the source */
    unsigned faults;        /* BINDFIX_FAULT in the environment (tests only): BFGUI_FAULT_* */
} bf_gui_options;

/* The private window messages (WM_BF_*) are in messages.h, one enum for every window. */

/* ---- dpi.c: DPI helpers that work from Windows 7 (system DPI) to 10+ (per-monitor v2) ----------- */

/* Asks for per-monitor v2 awareness at run time when the manifest did not already give it. */
void bfgui_dpi_init_process(void);
/* The DPI a window is drawn at (system DPI where per-monitor DPI does not exist). */
UINT bfgui_dpi_for_window(HWND hwnd);
UINT bfgui_dpi_for_system(void);
/* A length in 96-DPI pixels at dpi. */
int bfgui_scale(int px96, UINT dpi);
/* The message font (as in message boxes) at dpi; NULL on failure (the caller keeps the stock font). */
HFONT bfgui_create_ui_font(UINT dpi);
/* A fixed-pitch font as tall as the message font at dpi (the previews' before/after columns line up):
 * the wizard's and the Fix dialog's one monospace font. NULL on failure. */
HFONT bfgui_create_mono_font(UINT dpi);
int bfgui_metric(int index, UINT dpi);   /* GetSystemMetricsForDpi or the system value scaled */
/* The height of win's text wrapped at width w in font (NULL: the stock GUI font), as a static control or
 * a multi-line button draws it (DrawText DT_CALCRECT | DT_WORDBREAK): a control's height comes from its
 * words at the window's font and DPI, never from a fixed number of lines. fallback when no DC is had. */
int bfgui_text_height(HWND win, HFONT font, int w, int fallback);
/* The width of the widest word of text (the runs between spaces, tabs and line ends, where DT_WORDBREAK
 * may break a line) in font (NULL: the stock GUI font), measured on win's DC: a control that wraps its
 * words must be at least this wide for text (plus its own margins), or a word is broken or cut. */
int bfgui_widest_word(HWND win, HFONT font, const WCHAR *text);

/* ---- strings.c: string table access --------------------------------------------------------------- */

/* The string resource id as a malloc'd, NUL-terminated copy ("" when missing). NULL on OOM. */
WCHAR *bfgui_load_string(HINSTANCE hinst, UINT id);
/* A file dialog's filter from the string table, where '|' stands for the NULs a string cannot hold. */
WCHAR *bfgui_load_filter(HINSTANCE hinst, UINT id);
/* FormatMessage of string resource id with inserts %1..%n taken from args (DWORD_PTR each: a WCHAR *
 * for %n, a number for %n!d!). malloc'd; NULL on OOM or a bad format. */
WCHAR *bfgui_format(HINSTANCE hinst, UINT id, const DWORD_PTR *args, size_t arg_count);
/* UTF-8 from the model to UTF-16 (malloc'd), never NULL for a NULL input: "" then. NULL on OOM. */
WCHAR *bfgui_wide(const char *utf8);
/* Sets a (read-only, multi-line) edit control to UTF-8 text with LF line ends: each line cleaned as
 * bfgui_wide does, the CRLF an edit control needs put back between them. */
void bfgui_set_edit_utf8(HWND edit, const char *utf8);
/* The same for text already in UTF-16 (a string-table paragraph, whose "\n" an edit would not break at):
 * each LF that has no CR before it gets one. */
void bfgui_set_edit_text(HWND edit, const WCHAR *text);
/* A status line's new text, told to screen readers when it changed (bfsys_announce: a UI Automation
 * notification, or a live-region event): every status line and the console's status bar change through
 * these. bfgui_announce only tells (the status bar's parts are not windows of their own). */
void bfgui_set_status(HWND ctl, const WCHAR *text);
void bfgui_announce(HWND ctl, const WCHAR *text);
/* A message box owned by owner, its caption the application name. */
int bfgui_message_box(HWND owner, const WCHAR *text, UINT flags);

/* ---- worker.c: the one way a worker thread is started ------------------------------------------- */

typedef unsigned(__stdcall *bfgui_worker_fn)(void *arg);
/* Runs fn(arg) on a new thread (_beginthreadex). thread: receives its handle (the caller joins and closes
 * it), or NULL: the thread runs detached. ERROR_SUCCESS, or a Win32 error (nothing started: arg still
 * belongs to the caller). */
DWORD bfgui_worker_start(bfgui_worker_fn fn, void *arg, HANDLE *thread);
/* The same with stack_reserve bytes of stack reserved (0: the executable's default). */
DWORD bfgui_worker_start_stack(bfgui_worker_fn fn, void *arg, unsigned stack_reserve, HANDLE *thread);
/* the same, with the thread's id (*id, when not NULL) for PostThreadMessage */
DWORD bfgui_worker_start_id(bfgui_worker_fn fn, void *arg, unsigned stack_reserve, HANDLE *thread, unsigned *id);

/* ---- loader.c: loads a snapshot on a worker thread ------------------------------------------------ */

struct bf_diagnosis;

typedef struct bf_load_result {
    unsigned generation;    /* which request this answers */
    bf_snapshot *snap;      /* NULL on failure */
    struct bf_diagnosis *diag;  /* diagnosed on the worker too; NULL when out of memory */
    struct bf_history *history; /* the repair journals (live source only; else NULL) */
    struct bf_catalogue *catalogue; /* what diag was made with (diag points into it); may be NULL */
    bf_err err;             /* on failure: what went wrong (and where, for a file) */
    bool no_memory;
} bf_load_result;

typedef struct bf_load_job bf_load_job;

/* Starts loading src on a new thread (the strings are copied); posts WM_BF_LOAD_PROGRESS and,
 * at the end, exactly one WM_BF_LOAD_DONE to notify. Returns ERROR_SUCCESS or a Win32 error (then
 * nothing is posted and *job_out is untouched). */
DWORD bfgui_load_start(HWND notify, const bf_gui_source *src, unsigned generation, bf_load_job **job_out);
bool bfgui_load_running(const bf_load_job *job);
/* Asks the worker to stop without waiting (View > Stop scan): it still posts its WM_BF_LOAD_DONE,
 * with err.code ERROR_CANCELLED. */
void bfgui_load_cancel(bf_load_job *job);
/* Asks the worker to stop, waits for it at most wait_ms, frees the job when the thread has ended
 * (a worker stuck past the wait is left to end with the process: its job is then not freed). */
void bfgui_load_finish(bf_load_job *job, DWORD wait_ms);
void bfgui_load_result_free(bf_load_result *res);

/* ---- overview.c: the three lists ---------------------------------------------------------------- */

enum { BF_PANE_ADAPTERS = 0, BF_PANE_RESOLVER, BF_PANE_BINDS, BF_PANE__COUNT };
#define BF_MAX_COLUMNS 5

/* Images in the status image list, in this order. */
enum { BF_IMAGE_OK = 0, BF_IMAGE_WARNING, BF_IMAGE_ERROR, BF_IMAGE__COUNT };
/* bfgui_list_add: no image given (the list's default); a row shown without any icon */
#define BF_IMAGE_DEFAULT (-1)
#define BF_IMAGE_NONE    I_IMAGENONE

typedef struct bf_overview_counts {
    size_t adapters, resolver_rows, binds, binds_failed;
} bf_overview_counts;

/* Caption string id and column count of a pane. */
UINT bfgui_pane_label_id(int pane);
int bfgui_pane_column_count(int pane);
/* -1: the column always gets its natural width; else the narrowest it may be squeezed to at dpi. */
int bfgui_pane_column_min(int pane, int column, UINT dpi);
/* Tooltip text for a row of a pane (every cell, labelled by its header): malloc'd, NULL on OOM. */
WCHAR *bfgui_row_tip(HWND list, int pane, int row);
/* Adds the pane's columns (headers from the string table). */
bool bfgui_pane_add_columns(HINSTANCE hinst, HWND list, int pane);
/* Makes the rows of the three lists' tables from the snapshot. false when an allocation failed, with
 * *failed the pane whose rows could not be made (the tables may be partly filled). */
struct bfgui_table;
bool bfgui_overview_fill(HINSTANCE hinst, struct bfgui_table *tables[BF_PANE__COUNT], const bf_snapshot *snap,
                         int *failed);
/* The rows the three lists show for snap (all zero for NULL): the status bar's counts. */
void bfgui_overview_count(const bf_snapshot *snap, bf_overview_counts *counts);
/* The gap between the lists (and between the parts of the top strip above them, page_overview.c), 96-DPI
 * pixels. */
#define BF_OVERVIEW_GAP 8
/* Lays out the overview in area (below its top strip): the findings pane takes the lower quarter, the
 * three lists share the rest side by side, each as wide as its columns at their natural widths
 * (natural, from bfgui_table_measure), or, in a narrow window, with its free-text columns cut down
 * evenly. label_h: a label's height. Out: colw, the chosen column widths, and where each pane's label
 * and list go (index BF_PANE__COUNT: the findings pane). Moves no window. */
void bfgui_overview_layout(HWND lists[BF_PANE__COUNT], const int natural[BF_PANE__COUNT][BF_MAX_COLUMNS], UINT dpi,
                           int label_h, RECT area, int colw[BF_PANE__COUNT][BF_MAX_COLUMNS],
                           RECT label_rect[BF_PANE__COUNT + 1], RECT list_rect[BF_PANE__COUNT + 1]);
/* ---- findings.c: the findings pane ------------------------------------------------------------ */

#define BF_FINDING_COLUMNS 4
bool bfgui_findings_add_columns(HINSTANCE hinst, HWND list, UINT dpi);
/* Rows for d's findings into the findings list's table (a "no problem found" row when none), root causes
 * first with what each explains under it (a depth per row); *serious counts critical and errors. false
 * when an allocation failed. */
bool bfgui_findings_fill(HINSTANCE hinst, struct bfgui_table *t, const struct bf_diagnosis *d, size_t *serious);

/* A status image list at dpi (small-icon size). NULL on failure. */
HIMAGELIST bfgui_create_status_images(HINSTANCE hinst, UINT dpi, int *icon_cx);

/* ---- labels.c: model values as words (string table) and status icons, the same in every window ---- */

struct bf_verify_row;
/* String base + value, clamped to the last ("unknown"/"other") entry for out-of-range values. */
WCHAR *bfgui_enum_text(HINSTANCE hinst, UINT base, int value, int count);
/* "OK: bound", "Failed: 10049 address not available", "Not run"; error 0: the number the result stands
 * for; owner (may be NULL): who holds an address in use. */
WCHAR *bfgui_probe_text(HINSTANCE hinst, bf_probe_result result, int error, const char *owner);
/* The one verdict beside a probe, as an icon and in words that agree: OK when bound or in use by the
 * protocol's own service (bf_probe_by_own_service, the diagnosis's rule: no finding is raised for it
 * either); warning: not run; else error, with the failure's words (bfgui_probe_text). */
int bfgui_probe_image(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p);
WCHAR *bfgui_probe_verdict_text(HINSTANCE hinst, const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p);
WCHAR *bfgui_greeting_text(HINSTANCE hinst, bf_greeting greeting, const char *said);
const char *bfgui_adapter_name(const bf_adapter *a);
int bfgui_oper_image(bf_oper_status status);
/* Which adapter holds a resolver's address ("LAN", "NDISWAN (Disconnected)", "not held"), and its image. */
WCHAR *bfgui_held_by_text(HINSTANCE hinst, const bf_snapshot *snap, const char *address, int *image);
int bfgui_severity_image(int severity);
WCHAR *bfgui_step_status_text(HINSTANCE hinst, bf_step_status status);
int bfgui_step_image(bf_step_status status);
/* A verification row: "POP3 tcp/110", the bind result before ("-" when it did not fail) and after. */
WCHAR *bfgui_verify_protocol_text(const struct bf_verify_row *r);
WCHAR *bfgui_verify_before_text(HINSTANCE hinst, const struct bf_verify_row *r);
WCHAR *bfgui_verify_after_text(HINSTANCE hinst, const struct bf_verify_row *r);

/* One row of the verification per cause (core: bf_session_verify's s->causes, the same the CLI prints
 * as PER CAUSE): a cause the repair addressed, then each of its effects under it. */
struct bf_repair_session;
typedef struct bfgui_cause_row {
    bool effect;            /* an effect of the cause row before it */
    bool good;              /* the cause, or the effect, is gone */
    WCHAR *verdict;         /* "Cause mended", "Cause still present", "    Effect gone", "    Effect remains" */
    WCHAR *id, *title;
    WCHAR *before, *after;  /* "Found"; "Gone; 4 of 5 effects gone", "Still found" */
} bfgui_cause_row;
/* Calls add for every row in order (each row's strings are freed after the call). false: out of memory
 * (the rows before it were added). */
bool bfgui_verify_cause_rows(HINSTANCE hinst, const struct bf_repair_session *s,
                             void (*add)(void *cb, const bfgui_cause_row *r), void *cb);

/* The source address toward each default gateway (issue 16 part 4: a SkipAsSource or metric repair
 * changes what the machine sends from, not only what its name resolves to), one row per destination of
 * either scan. after NULL (a preview): "Toward D this machine sends from S now", verdict NULL. Else
 * "Source toward D: S -> S2" and "Source changed" / "Source unchanged" / "Source unknown" (good: unchanged
 * or changed to a known address). The same facts as the CLI's SOURCE ADDRESSES (core/outbound.c). */
typedef struct bfgui_source_row {
    const WCHAR *line, *verdict;
    const WCHAR *destination, *before, *after;  /* the line's parts, for a list with a column each (after:
                                                 * NULL in a preview) */
    bool good;
} bfgui_source_row;
/* Calls add for every row (the strings are freed after the call); the number of rows, -1 out of memory. */
int bfgui_source_rows(HINSTANCE hinst, const bf_snapshot *before, const bf_snapshot *after,
                      void (*add)(void *cb, const bfgui_source_row *r), void *cb);
/* The preview's rows as UTF-8 lines under their heading, appended to out (nothing when no scan has the
 * section): for the Fix dialog's preview and the wizard's Review notes, which are UTF-8 edits. */
void bfgui_source_preview_utf8(HINSTANCE hinst, const bf_snapshot *before, bf_buf *out);

/* ---- listview.c: rows of report list views, and the list of a repair's steps -------------------- */

/* Report-style list with full-row select, images (may be NULL) and columns (header ids, widths in 96-DPI
 * pixels; a width of 0 takes the rest of the list's width). */
void bfgui_list_columns(HINSTANCE hinst, HWND list, const UINT *headers, const int *widths96, int count,
                        DWORD extra_style, HIMAGELIST images);
/* Appends a row of count cells (NULL cells shown empty) with image (BF_IMAGE_DEFAULT: none given) and
 * param; its index, or -1. */
int bfgui_list_add(HWND list, int image, const WCHAR *const *cells, int count, LPARAM param);
/* The row's indent, in image widths (the findings: what a root cause explains stands under it). */
void bfgui_list_set_indent(HWND list, int row, int indent);
bool bfgui_list_set(HWND list, int row, int col, const WCHAR *text);
void bfgui_list_set_image(HWND list, int row, int image);
void bfgui_list_set_param(HWND list, int row, LPARAM param);
/* The steps list: columns step and status; a row per step (param: the step's index in the plan, -1
 * for a row that is not a step); the new status of step. */
void bfgui_steps_setup(HINSTANCE hinst, HWND list, HIMAGELIST images);
int bfgui_steps_add(HINSTANCE hinst, HWND list, const char *title, bf_step_status status, LPARAM param);
void bfgui_steps_show(HINSTANCE hinst, HWND list, size_t step, bf_step_status status);

/* ---- rowtable.c: the rows of a virtual list view (LVS_OWNERDATA), owned by the page ----------------- */

typedef struct bfgui_table bfgui_table;
bfgui_table *bfgui_table_create(int columns);
void bfgui_table_destroy(bfgui_table *t);
/* Every row gone (the index too: bfgui_table_index again before showing). */
void bfgui_table_clear(bfgui_table *t);
int bfgui_table_columns(const bfgui_table *t);
/* Appends a row of count cells (NULL: empty), image (BF_IMAGE_DEFAULT: none given), param; its index,
 * -1 when out of memory. */
long bfgui_table_add(bfgui_table *t, int image, const WCHAR *const *cells, int count, LPARAM param);
bool bfgui_table_set(bfgui_table *t, size_t row, int col, const WCHAR *text);   /* false: out of memory */
void bfgui_table_set_image(bfgui_table *t, size_t row, int image);
/* The row's indent in image widths (a finding under the cause that explains it). */
void bfgui_table_set_depth(bfgui_table *t, size_t row, int depth);
void bfgui_table_set_param(bfgui_table *t, size_t row, LPARAM param);
/* A hidden row is left out of the index (a collapsed cause's effects, a filter): the page decides. */
void bfgui_table_set_hidden(bfgui_table *t, size_t row, bool hidden);
/* Live mode: the row is new or different since the previous scan (resultview.c decides); a changed row
 * is drawn with mark (a string the caller keeps, NULL: none) before its first cell, and in bold. */
void bfgui_table_set_changed(bfgui_table *t, size_t row, bool changed);
bool bfgui_table_changed(const bfgui_table *t, size_t row);
void bfgui_table_set_changed_mark(bfgui_table *t, const WCHAR *mark);
/* A row's identity for comparing two scans: a hash of all its cells' text. */
uint64_t bfgui_table_row_hash(const bfgui_table *t, size_t row);
size_t bfgui_table_count(const bfgui_table *t);     /* every row */
size_t bfgui_table_shown(const bfgui_table *t);     /* the rows the index shows */
size_t bfgui_table_row_at(const bfgui_table *t, size_t pos);    /* (size_t)-1 past the end */
long bfgui_table_pos_of(const bfgui_table *t, size_t row);      /* -1: hidden */
/* A cell that refers to the model's UTF-8 text (text must live as long as the row: a snapshot's string),
 * shown cleaned as bfgui_wide shows it, made only when asked for. */
void bfgui_table_set_utf8(bfgui_table *t, size_t row, int col, const char *text);
/* A cell showing text that many rows share (a verdict loaded once from the string table): not copied, it
 * must outlive the table's rows. */
void bfgui_table_set_shared(bfgui_table *t, size_t row, int col, const WCHAR *text);
/* A cell's text: the table's own, or made into buf (cap characters, cut) for a UTF-8 cell. */
const WCHAR *bfgui_table_cell_text(const bfgui_table *t, size_t row, int col, WCHAR *buf, size_t cap);
/* A cell's whole text, malloc'd (NULL when out of memory). */
WCHAR *bfgui_table_cell_dup(const bfgui_table *t, size_t row, int col);
int bfgui_table_image(const bfgui_table *t, size_t row);
int bfgui_table_depth(const bfgui_table *t, size_t row);
LPARAM bfgui_table_param(const bfgui_table *t, size_t row);
/* Rebuilds the index: the rows not hidden, sorted by column (-1: in the order added; numbers as numbers,
 * equals in the order added). ERROR_SUCCESS or ERROR_NOT_ENOUGH_MEMORY (the rows then shown in the order
 * added, unsorted: bfgui_table_sort_column gives -1). */
DWORD bfgui_table_index(bfgui_table *t, int column, bool ascending);
int bfgui_table_sort_column(const bfgui_table *t, bool *ascending);
/* The owner-data list shows t (its index: bfgui_table_index first): the table is found from the list
 * from now on (bfgui_table_of), and the list's item count set. A Win32 error, ERROR_SUCCESS. */
DWORD bfgui_table_attach(bfgui_table *t, HWND list);
bfgui_table *bfgui_table_of(HWND list);
void bfgui_table_detach(HWND list);
/* LVN_GETDISPINFOW for a list showing t. */
void bfgui_table_dispinfo(const bfgui_table *t, NMLVDISPINFOW *di);
/* nm is LVN_GETDISPINFOW from list: answered from its table (true); false for anything else. */
bool bfgui_table_notify(HWND list, NMHDR *nm);
/* Column widths that show the header and the longest cells whole, at the list's current font (the one
 * measurer of every list: the overview's panes and the list pages); icon_cx is the status image's width,
 * drawn in the first column with the row's indent. */
void bfgui_table_measure(const bfgui_table *t, HWND list, int column_count, int icon_cx, UINT dpi, int *widths);
/* The same for the rows from first_row on (in the order added, hidden ones left out), widened into widths
 * (which holds the widths of the rows before; first_row 0: made from the header alone): a list made in
 * parts measures each part once, not every row again for each part. */
void bfgui_table_measure_from(const bfgui_table *t, HWND list, int column_count, int icon_cx, UINT dpi,
                              size_t first_row, int *widths);
/* Tab-separated text: the headers, then the rows at the list positions given (NULL: the first n shown).
 * *stop set: NULL. progress (may be NULL) is called every 1,024 rows with the rows made. NULL when out of
 * memory or stopped. Safe on a worker thread (nothing but the table is read). */
WCHAR *bfgui_table_text(const bfgui_table *t, const WCHAR *const *headers, const size_t *positions, size_t n,
                        volatile LONG *stop, void (*progress)(void *ctx, size_t done), void *ctx);
/* A worker reading t (copyjob.c): a change to t first sets *stop and waits for thread. NULL: none. */
void bfgui_table_set_reader(bfgui_table *t, HANDLE thread, volatile LONG *stop);

/* ---- rowmarks.c: live mode's marks on a row table (the list pages and the overview's lists) -------- */

/* Live mode (View > Auto refresh): the rows of a list new or different since the list was last shown
 * whole are marked changed ("Changed: " before the first cell, bold), the rows gone are counted and
 * named. One per table; the page calls remember before new data replaces the rows, new_rows as rows are
 * made, finish once they all are. */
typedef struct bfgui_marks {
    unsigned key_columns;           /* bit per column naming a row (a removed row is told by these) */
    struct bfgui_mark_row *prev;    /* the rows last shown whole, sorted by hash */
    size_t prev_count;
    WCHAR *names;                   /* their names (key cells), one after another */
    bool have_prev;                 /* compared: live mode on and a whole list remembered */
    size_t changed;                 /* rows of the table marked changed */
    uint64_t *marked;               /* the latest change's marks (sorted hashes), kept through scans that
                                     * change nothing in the list */
    size_t marked_count;
    size_t removed;                 /* rows the latest change removed (no row of that name now) */
    WCHAR *removed_names;           /* their names, ", " between, the first few (NULL: none) */
    WCHAR *mark;                    /* IDS_ROW_CHANGED_MARK (the table refers to it) */
    HFONT bold, bold_of;            /* the list's font in bold, and the font it was made from */
} bfgui_marks;
/* key_columns 0: the first column names a row. */
void bfgui_marks_init(bfgui_marks *m, HINSTANCE hinst, bfgui_table *t, unsigned key_columns);
void bfgui_marks_free(bfgui_marks *m);
/* Live mode off: nothing compared, marked or removed from the next rows on. */
void bfgui_marks_off(bfgui_marks *m);
/* The table holds the whole list shown: what the next rows are compared with. */
void bfgui_marks_remember(bfgui_marks *m, const bfgui_table *t);
/* The rows from first on (0: a new list) marked where no remembered row had the same text. */
void bfgui_marks_new_rows(bfgui_marks *m, bfgui_table *t, size_t first);
/* Every row made: the removed rows found, or, when nothing changed, the latest change's marks again. */
void bfgui_marks_finish(bfgui_marks *m, bfgui_table *t);
/* Natural column widths (ncol, measured without marks) widened for the changed rows' mark and bold font. */
void bfgui_marks_widen(const bfgui_marks *m, HWND list, int *natural, int ncol);
/* NM_CUSTOMDRAW of the list showing t: changed rows in font (NULL: the GUI font) made bold. */
LRESULT bfgui_marks_custom_draw(bfgui_marks *m, const bfgui_table *t, const NMLVCUSTOMDRAW *cd, HFONT font);

/* ---- copyjob.c: Copy and Export list of a list's rows, made on a worker thread ------------------------ */

typedef struct bfgui_copy_job bfgui_copy_job;
/* Starts making the text of list's rows (the selected ones when selected_only) on a worker; it posts
 * WM_BF_COPY_PROGRESS and at the end WM_BF_COPY_DONE to notify. A Win32 error, or ERROR_SUCCESS. */
DWORD bfgui_copy_start(HWND notify, HWND list, bool selected_only, bool export_list, bfgui_copy_job **out);
void bfgui_copy_stop(bfgui_copy_job *job);
bool bfgui_copy_is_export(const bfgui_copy_job *job);
HWND bfgui_copy_list(const bfgui_copy_job *job);
/* The text made (the caller frees it; NULL: *error says why: ERROR_CANCELLED stopped, or an allocation). */
WCHAR *bfgui_copy_take(bfgui_copy_job *job, size_t *rows, DWORD *error);
/* Stops the worker if it runs, waits for it, frees the job. */
void bfgui_copy_free(bfgui_copy_job *job);
/* "STEP failed: why (Windows error N)." for a fill, sort or copy that failed: step a string id taking the
 * list's name (%1), what; "Out of memory" only for ERROR_NOT_ENOUGH_MEMORY / ERROR_OUTOFMEMORY (an
 * allocation), else the system's text for error. malloc'd (NULL on OOM). */
WCHAR *bfgui_failure_text(HINSTANCE hinst, UINT step, const WCHAR *what, DWORD error);
/* A list's name for such a message: its window text (the page sets it: the accessible name). */
WCHAR *bfgui_list_name(HWND list);

/* ---- livewatch.c: View > Auto refresh (issue 16): WM_BF_ADDR_CHANGED when an address or interface
 * changes. Start when the item is checked (NULL when it could not start), stop when it is cleared and in
 * WM_DESTROY (joins the thread: within half a second, or the 3 s a stubbed notification is given). */
typedef struct bfgui_live bfgui_live;
bfgui_live *bfgui_live_start(HWND hwnd);
void bfgui_live_stop(bfgui_live *l);

/* ---- watchdog.c: the responsiveness watchdog (BINDFIX_WATCHDOG=1) ------------------------------- */

/* One per window, owned by it. Start in WM_CREATE (NULL when it could not start: every function below
 * then does nothing); stop in WM_DESTROY (joins the thread, frees it). */
typedef struct bfgui_watchdog bfgui_watchdog;
bfgui_watchdog *bfgui_watchdog_start(HWND hwnd);
void bfgui_watchdog_stop(bfgui_watchdog *wd);
/* Around every message the window handles but WM_BF_PING, so that a stall is named by its message:
 * enter returns what to hand back to leave (the outer message, for messages sent within messages). */
LONG bfgui_watchdog_enter(bfgui_watchdog *wd, UINT msg, WPARAM wp);
void bfgui_watchdog_leave(bfgui_watchdog *wd, LONG outer);
/* On WM_BF_PING: records its latency as the longest gap if it is, when counting (from the first data
 * on: the first answers come while the window is still being set up). */
void bfgui_watchdog_record(bfgui_watchdog *wd, WPARAM wp, LPARAM lp, bool counting);
/* Sets the window property prop to the ms since this process was created, + 1 (0 means "not yet"): the
 * moments the benchmarks read (BF_FIRSTPAINT_PROP, BF_FLEETPAINT_PROP, BF_FLEETREAD_PROP). */
void bfgui_record_moment(HWND hwnd, const WCHAR *prop);

/* ---- mainwnd.c ---------------------------------------------------------------------------------- */

bool bfgui_register_main_window(HINSTANCE hinst);
/* Creates the (hidden) main window; it starts loading what opts says when shown_load is true. NULL:
 * GetLastError() says why (CreateWindowExW's error, kept across the clean-up). */
HWND bfgui_create_main_window(HINSTANCE hinst, const bf_gui_options *opts, bool start_load);
/* Shows it where it was last time (HKCU\Software\bindfix), if that is still on a screen. */
void bfgui_show_main_window(HWND hwnd, int show);
/* What the message loop does with msg (after the accelerators, before IsDialogMessageW): */
typedef enum bf_key_route {
    BF_KEY_DIALOG,      /* the usual: IsDialogMessageW, else translate and dispatch */
    BF_KEY_DONE,        /* the frame handled it (arrow keys in the Actions pane): drop it */
    BF_KEY_DISPATCH,    /* Alt+letter of the menu bar: translate and dispatch, never to a label's mnemonic */
} bf_key_route;
bf_key_route bfgui_main_window_key(HWND hwnd, const MSG *msg);

/* ---- aboutdlg.c --------------------------------------------------------------------------------- */

void bfgui_show_about(HINSTANCE hinst, HWND owner);

/* ---- propsdlg.c: Properties (Enter, Alt+Enter, double-click, Action > Properties) ----------------- */

struct bf_diagnosis;
/* A finding in full: evidence, references, what explains it and what it explains, the fixes offered. */
void bfgui_props_finding(HINSTANCE hinst, HWND owner, const struct bf_diagnosis *d, size_t finding);
/* The focused row of list: a finding's Properties when its ID and title cells name a finding of d, else
 * every column's header and cell. false: no row is focused or selected. */
bool bfgui_props_row(HINSTANCE hinst, HWND owner, HWND list, const struct bf_diagnosis *d);
/* The finding a list's row names (its ID in column 1 and its title in column 2, as drawn), or SIZE_MAX. */
size_t bfgui_list_row_finding(HWND list, int row, const struct bf_diagnosis *d);

/* ---- scope.c: the scope tree (left pane) ------------------------------------------------------- */

typedef enum bf_node {
    BF_NODE_COMPUTER = 0, BF_NODE_OVERVIEW, BF_NODE_ADAPTERS, BF_NODE_BINDING, BF_NODE_RESOLVER,
    BF_NODE_PROTOCOLS, BF_NODE_LISTENERS, BF_NODE_SERVICES, BF_NODE_EVENTS, BF_NODE_FINDINGS,
    BF_NODE_HISTORY, BF_NODE_HOSTS,
    BF_NODE_PORT_RANGES, BF_NODE_HTTP_LISTEN, BF_NODE_PINS,     /* issue 15's sources */
    BF_NODE_FLEET, BF_NODE__COUNT
} bf_node;
/* The nodes under the computer; BF_NODE_FLEET is a top-level node of its own, in the tree only once a
 * fleet is open (bfgui_scope_show_fleet). */
#define BF_NODE_COMPUTER_VIEWS BF_NODE_FLEET

/* The tree with the computer and its views (labels from the string table, IDS_NODE_BASE + node).
 * Each item's lParam is its bf_node. */
HWND bfgui_scope_create(HINSTANCE hinst, HWND parent, int id);
/* The Fleet node after the computer (added the first time, renamed after): text names the folder. */
bool bfgui_scope_show_fleet(HWND tree, const WCHAR *text);
bool bfgui_scope_has_fleet(HWND tree);
void bfgui_scope_set_computer_text(HWND tree, const WCHAR *text);
bool bfgui_scope_select(HWND tree, bf_node node);
bf_node bfgui_scope_selected(HWND tree);
/* The Fleet node's servers (issue 17): one node per collected server, named as the fleet names it (the
 * snapshot file's name without .json), each with the computer's views under it. A server node is a
 * snapshot source: selecting it or one of its views opens that server's snapshot as /snapshot FILE does
 * (mainwnd.c), then shows the view. Servers not collected or unreadable get no node (their summary row
 * says why). bfgui_scope_selected gives a server's view as the view's node (the server node itself:
 * BF_NODE_COMPUTER). */
bool bfgui_scope_add_server(HWND tree, HINSTANCE hinst, const WCHAR *name);
void bfgui_scope_clear_servers(HWND tree);
/* The servers become exactly names, in that order: nodes already there stay (a selection in them too). */
bool bfgui_scope_sync_servers(HWND tree, HINSTANCE hinst, WCHAR *const *names, size_t n);
/* Selects view (BF_NODE_COMPUTER: the server node) of the server named name. */
bool bfgui_scope_select_server(HWND tree, const WCHAR *name, bf_node view);
/* The name of the server whose node or view is selected (malloc'd), NULL when the selection is not in one. */
WCHAR *bfgui_scope_selected_server(HWND tree);

/* ---- history.c: the repair journals in the journal directory (read on the loader's worker) ----- */

typedef struct bf_history_entry {
    char *path, *created, *state, *actions;  /* malloc'd UTF-8; state: its journal token; actions: titles
                                              * joined by "; " */
    bool unfinished;        /* a repair left half-done (bf_plan_state_unfinished) */
    size_t steps;
    char *problem;          /* the journal could not be read: why (then created/state are "") */
    char *mends;            /* the causes its steps mend, "ID: title" joined by "; " (journal "mends");
                             * "" for a journal written before bindfix recorded them */
} bf_history_entry;

typedef struct bf_history {
    bf_history_entry *items;    /* newest first */
    size_t count;
} bf_history;

/* Reads every journal-*.json in dir (UTF-8). NULL only when out of memory; a missing directory is an
 * empty history. */
bf_history *bfgui_history_read(const bf_system *sys);
void bfgui_history_free(bf_history *h);

/* ---- resultview.c: the list pages' common part (page.h), and sorting and copying any report list -- */

/* The most columns a list page has (its remembered widths: settings.c; measured: resultview.c). The
 * Listen settings view has 9; BF_LIST_PAGE refuses a page with more at compile time. */
#define BF_RESULT_MAX_COLUMNS 9
/* Sorts a virtual list (its row table's index) by the text of a column (numbers as numbers), the
 * focused row kept in focus, and shows the arrow in the header. A Win32 error, or ERROR_SUCCESS. */
DWORD bfgui_list_sort(HWND list, int column, bool ascending);
/* The header's sort arrow on column (none on the others). */
void bfgui_list_sort_arrow(HWND list, int column, bool ascending);
/* Puts text on the clipboard (CF_UNICODETEXT). */
/* ERROR_SUCCESS, or the Win32 error of the call that failed */
DWORD bfgui_clipboard_put(HWND owner, const WCHAR *text);

/* ---- actions.c: the Actions pane (right), MMC 3.0 style ----------------------------------------- */

typedef struct bf_actions_state {
    bool loaded, loading, live, elevated, has_journal;
} bf_actions_state;

HWND bfgui_actions_create(HINSTANCE hinst, HWND parent, int id);
/* Shows the actions for node: its name as the first heading; enables what state allows; the repair
 * buttons carry the UAC shield when the process is not elevated. */
void bfgui_actions_update(HWND pane, bf_node node, const bf_actions_state *state);
/* Re-lays out the pane's buttons for a new DPI / font. */
void bfgui_actions_set_font(HWND pane, HFONT font, UINT dpi);
/* The narrowest the pane (its window, border and a scroll bar included) may be at its font and DPI: no
 * word of its headings, buttons and of any note it may show is then broken or cut. 0 before a font. */
int bfgui_actions_min_width(HWND pane);
/* The button that is the pane's one tab stop (F6 moves the focus there), NULL when none is enabled. */
HWND bfgui_actions_tab_stop(HWND pane);
/* The arrow keys, Home and End on a button of the pane move the focus between its enabled buttons;
 * true when msg was such a key (the message loop then drops it). */
bool bfgui_actions_key(HWND pane, const MSG *msg);

/* ---- settings.c: HKCU\Software\bindfix ---------------------------------------------------------- */

bool bfgui_settings_get_placement(WINDOWPLACEMENT *wp);
void bfgui_settings_put_placement(const WINDOWPLACEMENT *wp);
/* Pane widths in 96-DPI pixels; false when none was saved. */
bool bfgui_settings_get_panes(int *scope_w96, int *actions_w96, bool *actions_shown);
void bfgui_settings_put_panes(int scope_w96, int actions_w96, bool actions_shown);
/* Column widths of a node's list in 96-DPI pixels; returns how many were saved (0: none). */
int bfgui_settings_get_columns(bf_node node, int *w96, int max);

/* HKCU\Software\bindfix\ServiceTimeoutMs (1..600000), else 30000: a repair's wait per service */
int bfgui_settings_service_timeout_ms(void);
/* View > Check DNS registration in scans (REG_DWORD DnsQuery, 0 or 1; missing: off) */
bool bfgui_settings_get_dns(void);
void bfgui_settings_put_dns(bool on);
void bfgui_settings_put_columns(bf_node node, const int *w96, int n);

/* ---- elevation.c -------------------------------------------------------------------------------- */

bool bfgui_is_elevated(void);
/* Starts this program again: "VERB SOURCE", verb one of /wizard, /fix, /restart, /undo and the source
 * as the options that name src (/demo, /snapshot "F", /catalogue "F"); elevated: as administrator
 * (ShellExecuteEx "runas"). ERROR_SUCCESS, ERROR_CANCELLED when the user said no to elevation,
 * ERROR_FILENAME_EXCED_RANGE when the paths do not fit a command line, or another Win32 error. */
DWORD bfgui_relaunch(HWND owner, const WCHAR *verb, const bf_gui_source *src, bool elevated);
/* Marks a push button as needing elevation (BCM_SETSHIELD) when the process is not elevated. */
void bfgui_mark_shield(HWND button);
/* The shield in words, where it shows (not elevated): the button's accessible description (a screen
 * reader's) and a tooltip in tip (a mouse user's; NULL: none) say it needs administrator rights
 * (IDS_ACT_NEEDS_ADMIN), as a shield-only button otherwise says nothing. */
void bfgui_shield_words(HINSTANCE hinst, HWND button, HWND tip);

/* ---- help.c ------------------------------------------------------------------------------------- */

/* Opens topic (res/helptopics.h) of bindfix.chm beside the executable through HtmlHelpW (hhctrl.ocx
 * loaded at run time); says so in a message box owned by owner when it cannot. */
void bfgui_help_open(HINSTANCE hinst, HWND owner, const WCHAR *topic);

/* ---- repairdlg.c: Fix..., Restart services..., Undo last repair... ------------------------------ */

typedef enum bf_repair_mode { BF_REPAIR_FIX = 0, BF_REPAIR_RESTART, BF_REPAIR_UNDO } bf_repair_mode;

/* Modal. src: what the console shows (only a live source can be applied); journal: for
 * BF_REPAIR_UNDO, the journal to undo (NULL: the last one). Returns true when it changed the machine
 * (the console then scans again). */
bool bfgui_repair_dialog(HINSTANCE hinst, HWND owner, bf_repair_mode mode, const bf_gui_source *src,
                         const WCHAR *journal);

/* ---- opendlg.c: File > Open snapshot... ------------------------------------------------------------ */

/* Shows the open dialog (owned by owner) on a worker thread; the chosen file comes back as
 * WM_BF_OPEN_CHOSEN (lParam: malloc'd WCHAR * path). ERROR_SUCCESS, or why the thread could not be
 * started (a Win32 error). */
DWORD bfgui_ask_open_snapshot(HINSTANCE hinst, HWND owner);
/* File > Open fleet...: the same for a folder (SHBrowseForFolderW), posted as WM_BF_FLEET_CHOSEN. */
DWORD bfgui_ask_open_fleet(HINSTANCE hinst, HWND owner);

/* ---- export.c: File > Export report... and Save snapshot... ------------------------------------- */

/* On a worker thread: asks for a file (IFileSaveDialog, owned by owner) and writes the report or the
 * snapshot, posting WM_BF_EXPORT_DONE (lParam: a malloc'd WCHAR * text; wParam 2: "exporting" for the
 * status bar, 1: done, for the status bar, 0: failed, for a message box). Nothing is posted when the
 * dialog is cancelled. false when the thread could not be started. The report is diagnosed with the
 * catalogue at `catalogue` (the console's /catalogue FILE; NULL: the default), as the console was. */
bool bfgui_export_report(HINSTANCE hinst, HWND owner, const bf_snapshot *snap, const WCHAR *catalogue,
                         bool trust_files);
/* Export report on the Fleet node: the fleet report of the folder dir, as `bindfix-cli fleet DIR -o
 * FILE` writes it (HTML with each server's report beside it, text, CSV or JSON), diagnosed with the
 * console's catalogue; WM_BF_EXPORT_DONE as the other exports. */
bool bfgui_export_fleet(HINSTANCE hinst, HWND owner, const WCHAR *dir, const WCHAR *catalogue, bool trust_files);
bool bfgui_save_snapshot(HINSTANCE hinst, HWND owner, const bf_snapshot *snap);
/* Action > Export list...: text (the view's rows, tab-separated, a header line first) to a file the
 * administrator names, on a worker thread; WM_BF_EXPORT_DONE as the other exports. */
/* ERROR_SUCCESS once the worker runs (it shows the dialog and writes), or the error */
DWORD bfgui_export_list(HINSTANCE hinst, HWND owner, const WCHAR *text);

#endif
