/*
 * guidriver.c - drives a running bindfix.exe from outside, for the GUI tests (tests/gui/run-gui-tests.sh).
 *
 *   guidriver.exe [--desktop NAME] [--timeout MS] dump    wait until the main window has loaded its data,
 *                                                         then print what it shows (see below)
 *   guidriver.exe [--desktop NAME] [--timeout MS] refresh choose View > Refresh (its menu command), wait
 *                                                         until that load has ended, then dump
 *   guidriver.exe [--desktop NAME] [--timeout MS] dpi N   send WM_DPICHANGED for N DPI (as Windows does when
 *                                                         the window moves to a monitor of another DPI,
 *                                                         which Wine never does), then dump
 *   guidriver.exe [--desktop NAME] [--timeout MS] settingchange   send WM_SETTINGCHANGE
 *                                                         (SPI_SETNONCLIENTMETRICS) and WM_SYSCOLORCHANGE, as
 *                                                         Windows does after a change of text size, fonts or
 *                                                         colours, wait until the window settles, then dump
 *   guidriver.exe [--desktop NAME] [--timeout MS] close   send WM_CLOSE, wait for the process to end
 *   guidriver.exe [--desktop NAME] [--timeout MS] msgbox [--leave-open]
 *                                                         wait for a message box or dialog owned by the
 *                                                         main window or the wizard, print its caption and
 *                                                         text, press OK (--press ID: another button, e.g.
 *                                                         6 Yes, waiting for a box that has it, also one
 *                                                         owned by a dialog of the console; --leave-open: none)
 *   guidriver.exe [--desktop NAME] [--timeout MS] command ID   choose menu command ID (WM_COMMAND)
 *   guidriver.exe [--desktop NAME] [--timeout MS] sendcommand ID   the same, sent: returns once the window
 *                                  has handled it (only for a command that opens no dialog)
 *   guidriver.exe ... node N       select the Nth item of the scope tree (0 the computer, 1 Overview, ...,
 *                                  then the top-level items after the computer: 12 the Fleet node, waited
 *                                  for), wait until the result pane shows it, print the tree and the result
 *                                  list (as "list result ..." / "column" / "row" lines)
 *   guidriver.exe ... server NAME VIEW   select view VIEW (numbered as node's, 0 the server's node) of the
 *                  Fleet node's server NAME; once its snapshot (NAME.json) is shown, the Fleet node's
 *                  servers, the title and the view's result rows
 *   guidriver.exe ... combo ID [INDEX]   the items of the main window's combo box ID; with INDEX, that
 *                  item chosen (CBN_SELCHANGE), then the item selected and, when the combo and the
 *                  result list are shown, the list's rows
 *   guidriver.exe ... counts [N]   the row counts of the overview's four lists (with N: of node N's result
 *                                  list, the node selected first), each with its first and last rows:
 *                                  "count NAME ROWS", "edge NAME first|last IMAGE CELL..." (a list of
 *                                  100,000 rows is not read whole)
 *   guidriver.exe ... pick LIST ROW  select row ROW of overview list LIST (adapters, resolver, binds) as a
 *                                  click does; print each list's selected rows ("picked NAME COUNT ROW...")
 *   guidriver.exe ... click ID     click the button with control ID (BM_CLICK) anywhere in the window
 *   guidriver.exe ... copy         Select all + Copy in the result pane; print the clipboard ("clip" lines)
 *   guidriver.exe ... props        print the window's numbers: answers (1: it answered WM_NULL within 10 s),
 *                                  watchdog (1: running), maxgap, hang (ms the UI thread did not answer
 *                                  the watchdog, from BF_HANG_MS on; 0 none) and the messages they
 *                                  happened in, firstpaint, node, private bytes
 *   guidriver.exe ... fleetprops   the same once a fleet folder is read whole (/fleet DIR), with fleetpaint
 *                                  (the Fleet list's first rows painted) and fleetread (ms from process start)
 *   guidriver.exe ... dialog [TEXT] wait for a dialog owned by the main window whose status line holds
 *                                  TEXT (any, without TEXT), print its texts and its list rows
 *   guidriver.exe ... dlgclick ID  click button ID of that dialog
 *   guidriver.exe ... dlggone      wait until no dialog or message box owned by the main window is open
 *   guidriver.exe ... sortclick COL   click the header of column COL of the result list
 *   guidriver.exe ... firstwindow CLASS  ms from the start of the process owning a window of CLASS
 *                                  until that window is visible (make bench-gui's peer figure)
 *   guidriver.exe ... memof CLASS  private bytes of the process owning a window of CLASS
 *   guidriver.exe ... opendialog CLASS ID  WM_COMMAND ID to that window, wait for a dialog it owns
 *   guidriver.exe ... wizpage N    wait until the repair wizard (its sheet carries BF_WIZ_PROP) shows page N
 *                                  (bfwiz_page: 0 Welcome ... 8 Finish) with no work running, then print
 *                                  its sheet buttons and every control of the page (see cmd_wizpage)
 *   guidriver.exe ... wizpress back|next|finish|cancel   press a sheet button (exit 5 when disabled)
 *   guidriver.exe ... wizclick ID  click button ID on the wizard's current page (exit 5 when disabled)
 *   guidriver.exe ... wizcheck ROW  tick row ROW of the current page's list (Choose the fix)
 *   guidriver.exe ... wiztab       the current page's tab stops, then Tab round the page, the focus after each
 *                                  press (see cmd_wiztab)
 *   guidriver.exe ... wizgone      wait until no wizard is open
 *   guidriver.exe ... savefile PATH  in a file dialog owned by the console: type PATH as the file name
 *                                  and press Save (OK)
 *   guidriver.exe ... status TEXT  wait until a part of the console's status bar holds TEXT
 *   guidriver.exe ... keys K,K,... press keys on the console as a user does (SendInput, the window made
 *                                  foreground first): tab, shift+tab, f6, shift+f6, shift+f10, apps, esc,
 *                                  up, down, home, end, alt+LETTER, ctrl+LETTER; after each, wait (bounded)
 *                                  until the focus, the focused row, the view or the menu state changes
 *                                  (exit 5 when one did not), then print one line:
 *                                  key <k> <focus class> <control id> <name> <menu> <menu open> <row> <at>
 *                                  name: the focused control's window text, else the static label right
 *                                  before it (what a screen reader reads as its name); menu: BF_MENU_PROP;
 *                                  row: the focused row of a focused list or tree "l,t,r,b" (screen), "-"
 *                                  none; at: where the last context menu opened "x,y" (BF_MENU_X/Y_PROP)
 *   guidriver.exe ... rowkey LIST:ROW HOW   click row ROW of the list LIST (result | findings: the
 *                                  overview's findings pane), as the mouse does (focus and selection), then
 *                                  HOW: enter (the Enter key), dblclick (a double-click on it), altenter
 *                                  (Alt+Enter typed with SendInput), menu (Action > Properties), click
 *                                  (nothing more), mark (instead of that click, one at the start of the
 *                                  first column's text: the Findings view's [-]/[+]), or a key's number (VK_ADD 107, VK_SUBTRACT 109, VK_LEFT
 *                                  37, VK_RIGHT 39) posted to the list
 *   guidriver.exe ... propsdlg     wait for a Properties dialog owned by the console, print its caption
 *                                  ("caption"), the control with the focus ("focus" ID) and its text, one
 *                                  "line" per line, then close it (Esc) and wait until it is gone
 *                                  (--leave-open: leave it open, for a screenshot)
 *   guidriver.exe runlimited EXE [ARG]  run EXE with our linked (limited) token, as Windows starts a
 *                                  program for an administrator under UAC; wait, return its exit status
 *   guidriver.exe ... panefit      the Actions pane's words: each whole at the pane's width (cmd_panefit)
 *   guidriver.exe ... tips ID      the tooltips the console holds for control ID ("tip ID TEXT" lines; exit 1:
 *                                  none) and whether its accessible description was set ("described ID 0|1")
 *   guidriver.exe ... liveevents N  hook EVENT_OBJECT_LIVEREGIONCHANGED (0x8019, raised by bindfix's status
 *                                  lines, gui/sys/announce.c) out of context, print "hooked", then one
 *                                  "live <control id> <class> <text now>" line per event until N have
 *                                  come (exit 0) or the timeout (exit 3)
 *
 * The main window is found by its class (BF_MAIN_WINDOW_CLASS, gui/gui.h); "loaded" is its window
 * property BF_STATE_PROP.  The lists are read the way any outside tool reads another process's list
 * view: an LVITEMW and a text buffer are placed in bindfix's address space (VirtualAllocEx +
 * WriteProcessMemory), LVM_GETITEMTEXTW fills them there, ReadProcessMemory brings the text back.
 *
 * dump prints tab-separated lines (UTF-8):
 *   state  <n>                          bf_load_state
 *   title  <text>
 *   status <part> <text>                status bar parts
 *   client <w> <h>                      main window client size
 *   list   <name> <rows> <x> <y> <w> <h> <hscroll 0|1> <client w>   list rectangle in client coordinates,
 *                                       and the width inside its border (and vertical scroll bar)
 *   label  <name> <text> <x> <y> <w> <h> the static control right before the list (its caption)
 *   images <name> <cx>                  width of the list's status icons
 *   column <name> <index> <header> <width> <needed> <header w> <cells w>   needed: widest cell or
 *                                       header, in pixels; then each alone (cells w: with the status icon
 *                                       in column 0)
 *   row    <name> <image> <cell0> <cell1> ...
 *   fit / overlap / fitcheck            the top finding strip and the pane labels: whether their words fit
 *                                       and nothing overlaps (print_fit; wizpage prints them for the page)
 *   header / headerfit / headerpage     wizpage: the sheet's header title and subtitle (print_header)
 * Waiting is bounded (--timeout, default 30000 ms) and event-driven: WinEvents for window creation and
 * name changes wake the wait, with a short poll as a fallback where a platform delivers none.
 * Exit status: 0 done, 1 the window reported a failed load, 2 usage, 3 timed out, 4 other failure.
 */
#include "gui.h"
#include "wizard.h"

#include <psapi.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_CCH 16384

typedef struct driver {
    HANDLE out;
    DWORD timeout_ms;
    ULONGLONG deadline;
} driver;

/* ---- output -------------------------------------------------------------------------------------- */

static void out_utf8(driver *d, const char *s, size_t n)
{
    DWORD written = 0;
    while (n > 0) {
        if (!WriteFile(d->out, s, (DWORD)n, &written, NULL) || written == 0)
            return;
        s += written;
        n -= written;
    }
}

static void out_wide(driver *d, const WCHAR *w)
{
    /* Tabs and line ends inside a cell would break the line format: show them as spaces. */
    size_t len = wcslen(w);
    WCHAR *clean = malloc((len + 1) * sizeof(WCHAR));
    if (!clean)
        return;
    for (size_t i = 0; i <= len; i++)
        clean[i] = (w[i] == L'\t' || w[i] == L'\r' || w[i] == L'\n') ? L' ' : w[i];
    int n = WideCharToMultiByte(CP_UTF8, 0, clean, (int)len, NULL, 0, NULL, NULL);
    if (n > 0) {
        char *buf = malloc((size_t)n);
        if (buf) {
            WideCharToMultiByte(CP_UTF8, 0, clean, (int)len, buf, n, NULL, NULL);
            out_utf8(d, buf, (size_t)n);
            free(buf);
        }
    }
    free(clean);
}

static void outf(driver *d, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        out_utf8(d, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static void errf(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    DWORD w;
    if (n > 0)
        WriteFile(GetStdHandle(STD_ERROR_HANDLE), buf, (DWORD)((size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1),
                  &w, NULL);
}

/* ---- waiting ---------------------------------------------------------------------------------------- */

/* Out-of-context WinEvent callbacks arrive through this thread's message queue: they only end the
 * current wait early so that the condition is checked again, so the callback itself does nothing. */
static void CALLBACK on_win_event(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG obj, LONG child, DWORD thread,
                                  DWORD time)
{
    (void)hook; (void)event; (void)hwnd; (void)obj; (void)child; (void)thread; (void)time;
}

/* liveevents: the events seen (a test tool's one process-wide record; the hook has no context pointer) */
static struct {
    driver *d;
    int seen;
} live;

static void CALLBACK on_live_event(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG obj, LONG child, DWORD thread,
                                   DWORD time)
{
    (void)hook; (void)obj; (void)child; (void)thread; (void)time;
    if (event != 0x8019 || !live.d)
        return;
    WCHAR cls[64] = L"";
    static WCHAR text[4096];
    text[0] = 0;
    GetClassNameW(hwnd, cls, 64);
    DWORD_PTR got = 0;
    /* WM_GETTEXT is marshalled between processes; a status bar's text is its parts' (not read here) */
    SendMessageTimeoutW(hwnd, WM_GETTEXT, 4096, (LPARAM)text, SMTO_NORMAL, 5000, &got);
    live.seen++;
    outf(live.d, "live\t%d\t", GetDlgCtrlID(hwnd));
    out_wide(live.d, cls);
    outf(live.d, "\t");
    out_wide(live.d, text);
    outf(live.d, "\n");
}

/* Waits until check(arg) returns true or the deadline passes. Returns true when check succeeded. */
static bool wait_until(driver *d, bool (*check)(void *), void *arg)
{
    for (;;) {
        if (check(arg))
            return true;
        ULONGLONG now = GetTickCount64();
        if (now >= d->deadline)
            return false;
        DWORD left = (DWORD)(d->deadline - now);
        /* Wake on any message or WinEvent; re-check at least every 200 ms where events do not arrive. */
        MsgWaitForMultipleObjects(0, NULL, FALSE, left < 200 ? left : 200, QS_ALLINPUT);
        MSG msg;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
}

typedef struct desktop_arg {
    const WCHAR *name;
    HDESK desk;
} desktop_arg;

static bool check_desktop(void *p)
{
    desktop_arg *a = p;
    a->desk = OpenDesktopW(a->name, 0, FALSE, GENERIC_ALL);
    return a->desk != NULL;
}

typedef struct find_arg {
    HWND hwnd;
} find_arg;

static bool check_main_window(void *p)
{
    find_arg *a = p;
    a->hwnd = FindWindowW(BF_MAIN_WINDOW_CLASS, NULL);
    return a->hwnd != NULL;
}

static bool check_loaded(void *p)
{
    find_arg *a = p;
    INT_PTR state = (INT_PTR)GetPropW(a->hwnd, BF_STATE_PROP);
    if (!IsWindow(a->hwnd))
        return true;
    /* loaded, and no layout work queued (the overview sizes its columns in posted steps) */
    return (state == BF_LOAD_STATE_LOADED || state == BF_LOAD_STATE_FAILED) && !GetPropW(a->hwnd, BF_SETTLING_PROP);
}

/* ---- remote memory --------------------------------------------------------------------------------- */

typedef struct remote {
    HANDLE proc;
    BYTE *base;     /* in the other process: [LVITEMW or LVCOLUMNW][TEXT_CCH WCHARs] */
    SIZE_T size;
} remote;

#define REMOTE_HEADER 256   /* room for LVITEMW / LVCOLUMNW (both under 100 bytes) */

static bool remote_open(remote *r, HWND hwnd)
{
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    r->proc = OpenProcess(PROCESS_VM_OPERATION | PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_QUERY_INFORMATION,
                          FALSE, pid);
    if (!r->proc) {
        errf("guidriver: OpenProcess(%lu) failed: error %lu\n", (unsigned long)pid, (unsigned long)GetLastError());
        return false;
    }
    r->size = REMOTE_HEADER + TEXT_CCH * sizeof(WCHAR);
    r->base = VirtualAllocEx(r->proc, NULL, r->size, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    if (!r->base) {
        errf("guidriver: VirtualAllocEx failed: error %lu\n", (unsigned long)GetLastError());
        CloseHandle(r->proc);
        return false;
    }
    return true;
}

static void remote_close(remote *r)
{
    if (r->base)
        VirtualFreeEx(r->proc, r->base, 0, MEM_RELEASE);
    if (r->proc)
        CloseHandle(r->proc);
}

static WCHAR *remote_text_ptr(remote *r)
{
    return (WCHAR *)(r->base + REMOTE_HEADER);
}

/* Reads the remote text buffer into out (TEXT_CCH). */
static bool remote_read_text(remote *r, WCHAR *out)
{
    SIZE_T got = 0;
    if (!ReadProcessMemory(r->proc, remote_text_ptr(r), out, TEXT_CCH * sizeof(WCHAR), &got))
        return false;
    out[TEXT_CCH - 1] = L'\0';
    return true;
}

static bool remote_clear_text(remote *r)
{
    WCHAR zero = 0;
    return WriteProcessMemory(r->proc, remote_text_ptr(r), &zero, sizeof zero, NULL) != 0;
}

static LRESULT send_msg(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    DWORD_PTR result = 0;
    if (!SendMessageTimeoutW(hwnd, msg, wp, lp, SMTO_ABORTIFHUNG, 5000, &result))
        return -1;
    return (LRESULT)result;
}

static bool get_item_text(remote *r, HWND list, int row, int col, WCHAR *out)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.iSubItem = col;
    item.pszText = remote_text_ptr(r);
    item.cchTextMax = TEXT_CCH;
    if (!remote_clear_text(r) || !WriteProcessMemory(r->proc, r->base, &item, sizeof item, NULL))
        return false;
    send_msg(list, LVM_GETITEMTEXTW, (WPARAM)row, (LPARAM)r->base);
    return remote_read_text(r, out);
}

static int get_item_image(remote *r, HWND list, int row)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_IMAGE;
    item.iItem = row;
    item.iImage = -1;
    if (!WriteProcessMemory(r->proc, r->base, &item, sizeof item, NULL))
        return -1;
    if (send_msg(list, LVM_GETITEMW, 0, (LPARAM)r->base) <= 0)
        return -1;
    if (!ReadProcessMemory(r->proc, r->base, &item, sizeof item, NULL))
        return -1;
    return item.iImage;
}

static bool get_column_header(remote *r, HWND list, int col, WCHAR *out)
{
    LVCOLUMNW c;
    ZeroMemory(&c, sizeof c);
    c.mask = LVCF_TEXT;
    c.pszText = remote_text_ptr(r);
    c.cchTextMax = TEXT_CCH;
    if (!remote_clear_text(r) || !WriteProcessMemory(r->proc, r->base, &c, sizeof c, NULL))
        return false;
    if (send_msg(list, LVM_GETCOLUMNW, (WPARAM)col, (LPARAM)r->base) <= 0)
        return false;
    return remote_read_text(r, out);
}

/* Width in pixels of text drawn in the list's font (the string is copied into bindfix's memory). */
static int string_width(remote *r, HWND list, const WCHAR *text)
{
    size_t n = wcslen(text) + 1;
    if (n > TEXT_CCH)
        n = TEXT_CCH;
    if (!WriteProcessMemory(r->proc, remote_text_ptr(r), text, n * sizeof(WCHAR), NULL))
        return -1;
    return (int)send_msg(list, LVM_GETSTRINGWIDTHW, 0, (LPARAM)remote_text_ptr(r));
}

static bool get_status_text(remote *r, HWND status, int part, WCHAR *out)
{
    LRESULT len = send_msg(status, SB_GETTEXTLENGTHW, (WPARAM)part, 0);
    if (len < 0 || LOWORD(len) >= TEXT_CCH)
        return false;
    if (!remote_clear_text(r))
        return false;
    send_msg(status, SB_GETTEXTW, (WPARAM)part, (LPARAM)remote_text_ptr(r));
    return remote_read_text(r, out);
}

/* ---- dump ----------------------------------------------------------------------------------------- */

static const struct {
    int id;
    const char *name;
} list_ids[] = {
    {IDC_ADAPTERS_LIST, "adapters"},
    {IDC_RESOLVER_LIST, "resolver"},
    {IDC_BINDS_LIST, "binds"},
    {IDC_FINDINGS_LIST, "findings"},
};

static void dump_list(driver *d, remote *r, HWND main, HWND list, const char *name, int icon_cx)
{
    WCHAR text[TEXT_CCH];
    RECT rc;
    GetWindowRect(list, &rc);
    MapWindowPoints(NULL, main, (POINT *)&rc, 2);
    int rows = (int)send_msg(list, LVM_GETITEMCOUNT, 0, 0);
    LONG style = GetWindowLongW(list, GWL_STYLE);
    RECT client;
    GetClientRect(list, &client);
    outf(d, "list\t%s\t%d\t%ld\t%ld\t%ld\t%ld\t%d\t%ld\n", name, rows, rc.left, rc.top, rc.right - rc.left,
         rc.bottom - rc.top, (style & WS_HSCROLL) ? 1 : 0, client.right);

    HWND label = GetWindow(list, GW_HWNDPREV);
    if (label) {
        RECT lr;
        GetWindowRect(label, &lr);
        MapWindowPoints(NULL, main, (POINT *)&lr, 2);
        text[0] = L'\0';
        GetWindowTextW(label, text, TEXT_CCH);
        outf(d, "label\t%s\t", name);
        out_wide(d, text);
        outf(d, "\t%ld\t%ld\t%ld\t%ld\n", lr.left, lr.top, lr.right - lr.left, lr.bottom - lr.top);
    }

    HWND header = (HWND)send_msg(list, LVM_GETHEADER, 0, 0);
    int cols = header ? (int)send_msg(header, HDM_GETITEMCOUNT, 0, 0) : 0;
    for (int c = 0; c < cols; c++) {
        if (!get_column_header(r, list, c, text))
            text[0] = L'\0';
        int header_w = string_width(r, list, text), cells_w = 0;
        for (int row = 0; row < rows; row++) {
            WCHAR cell[TEXT_CCH];
            if (!get_item_text(r, list, row, c, cell))
                continue;
            int w = string_width(r, list, cell) + (c == 0 ? icon_cx : 0);
            if (w > cells_w)
                cells_w = w;
        }
        int needed = header_w > cells_w ? header_w : cells_w;
        int width = (int)send_msg(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
        outf(d, "column\t%s\t%d\t", name, c);
        out_wide(d, text);
        outf(d, "\t%d\t%d\t%d\t%d\n", width, needed, header_w, cells_w);
    }
    for (int row = 0; row < rows; row++) {
        outf(d, "row\t%s\t%d", name, get_item_image(r, list, row));
        for (int c = 0; c < cols; c++) {
            if (!get_item_text(r, list, row, c, text))
                wcscpy(text, L"<unreadable>");
            outf(d, "\t");
            out_wide(d, text);
        }
        outf(d, "\n");
    }
}

typedef struct loads_arg {
    HWND hwnd;
    UINT_PTR before;
} loads_arg;

static bool check_loads_grew(void *p)
{
    loads_arg *a = p;
    return !IsWindow(a->hwnd) || (UINT_PTR)GetPropW(a->hwnd, BF_LOADS_PROP) > a->before;
}

/* ---- fit: text cut off, controls overlapping (issue 23) -------------------------------------------- */

/* Whether the words of a window's visible controls fit the controls, and no two of them overlap, measured
 * from outside as a person reads the screen: each control's text is wrapped (DrawText DT_CALCRECT) at its
 * client width in the font it draws with (fit_font), and the height that takes is compared with its client
 * height. Measured per-monitor DPI aware (SetThreadDpiAwarenessContext where it exists), so
 * that rectangles and font are in the same physical pixels at any DPI. Prints, for each control measured:
 *   fit <id> Static <need h, "-": not measured> <have h> <width> <font: dialog|message|other> <1: cut off>
 *   fit <id> Button <ideal width> <width> - ideal <1: cut off>      a one-line push button
 * and, for every control that wraps its words (a static that is not one line, a BS_MULTILINE push button),
 * whether its widest word fits the width it wraps at (DrawText breaks a longer word inside it, or cuts it:
 * "administrato r"), counted as cut too:
 *   word <id> <Static|Button> <widest word px> <room px> <font> <1: broken>
 * each pair of visible siblings whose rectangles intersect (a group box holds others: not counted):
 *   overlap <id> <id>
 * and "fitcheck <measured> <cut> <overlaps>". */
typedef DPI_AWARENESS_CONTEXT(WINAPI *thread_awareness_fn)(DPI_AWARENESS_CONTEXT);
typedef UINT(WINAPI *dpi_for_window_fn)(HWND);
typedef BOOL(WINAPI *spi_dpi_fn)(UINT, UINT, PVOID, UINT, UINT);

typedef struct fit_ctx {
    driver *d;
    HWND parent;
    HFONT parent_font;      /* a dialog parent's WM_GETFONT (its template's font); NULL: the console's frame */
    remote *r;              /* room in bindfix's memory (BCM_GETIDEALSIZE); NULL: buttons not measured */
    const int *only;        /* 0-terminated control ids to look at; NULL: every control */
    HWND kids[256];
    int nkids;
    int measured, cut;
} fit_ctx;

static bool fit_wanted(const fit_ctx *f, int id)
{
    if (!f->only)
        return true;
    for (const int *p = f->only; *p; p++)
        if (*p == id)
            return true;
    return false;
}

/* The font a control draws its words in, made here from the rule that gives it (a font handle means
 * nothing in another process): a dialog's controls that use the dialog's font (the same handle as the
 * dialog's WM_GETFONT) the template's FONT 8, "MS Shell Dlg" (every bindfix template in res/lang) at the
 * control's DPI; a control of a window that is not a dialog (the console's frame) the message font at its
 * DPI (bfgui_create_ui_font); any other (the wizard's title font, a monospace preview): NULL, the
 * control not measured ("other"). */
static HFONT fit_font(HWND ctl, HFONT parent_font, const char **source)
{
    HFONT f = (HFONT)send_msg(ctl, WM_GETFONT, 0, 0);
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    dpi_for_window_fn for_window = (dpi_for_window_fn)(void (*)(void))GetProcAddress(user32, "GetDpiForWindow");
    UINT dpi = for_window ? for_window(ctl) : 96;
    if (parent_font) {
        if (f != parent_font) {
            *source = "other";
            return NULL;
        }
        *source = "dialog";
        LOGFONTW lf;
        ZeroMemory(&lf, sizeof lf);
        lf.lfHeight = -MulDiv(8, (int)dpi, 72);
        lf.lfWeight = FW_NORMAL;
        lf.lfCharSet = DEFAULT_CHARSET;
        wcscpy(lf.lfFaceName, L"MS Shell Dlg");
        return CreateFontIndirectW(&lf);
    }
    *source = "message";
    spi_dpi_fn spi = (spi_dpi_fn)(void (*)(void))GetProcAddress(user32, "SystemParametersInfoForDpi");
    NONCLIENTMETRICSW ncm;
    ZeroMemory(&ncm, sizeof ncm);
    ncm.cbSize = sizeof ncm;
    if (spi && spi(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0, dpi))
        return CreateFontIndirectW(&ncm.lfMessageFont);
    if (SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0))
        return CreateFontIndirectW(&ncm.lfMessageFont);
    return NULL;
}

/* The widest run of text between spaces, tabs and line ends (where DT_WORDBREAK may break a line) in
 * the font selected into dc. */
static int fit_widest_word(HDC dc, const WCHAR *text)
{
    int widest = 0;
    for (const WCHAR *p = text; *p;) {
        while (*p == L' ' || *p == L'\t' || *p == L'\r' || *p == L'\n')
            p++;
        const WCHAR *start = p;
        while (*p && *p != L' ' && *p != L'\t' && *p != L'\r' && *p != L'\n')
            p++;
        SIZE sz;
        if (p > start && GetTextExtentPoint32W(dc, start, (int)(p - start), &sz) && sz.cx > widest)
            widest = sz.cx;
    }
    return widest;
}

/* Whether the widest word of ctl's text fits room, the width the control wraps its words at; prints a
 * "word" line and counts a broken word as cut. */
static void fit_words(fit_ctx *f, HWND ctl, const char *kind, const WCHAR *text, int room)
{
    const char *source = "none";
    HFONT font = fit_font(ctl, f->parent_font, &source);
    int id = GetDlgCtrlID(ctl);
    if (!font) {
        outf(f->d, "word\t%d\t%s\t-\t%d\t%s\t0\n", id, kind, room, source);
        return;
    }
    HDC dc = GetDC(NULL);
    HGDIOBJ old = SelectObject(dc, font);
    int widest = fit_widest_word(dc, text);
    SelectObject(dc, old);
    ReleaseDC(NULL, dc);
    DeleteObject(font);
    bool broken = widest > room;
    f->measured++;
    f->cut += broken ? 1 : 0;
    outf(f->d, "word\t%d\t%s\t%d\t%d\t%s\t%d\n", id, kind, widest, room, source, broken ? 1 : 0);
}

/* A multi-line push button (the Actions pane's): the room its label wraps in is its client width less the
 * frame (two 3-D edges a side: DrawFrameControl's push button; Wine's PB_Paint takes 2 px a side) and the
 * button's text margins (BCM_GETTEXTMARGIN, read in bindfix's memory; none where it is not answered). */
static void fit_multiline_button(fit_ctx *f, HWND hwnd)
{
    static WCHAR text[4096];
    text[0] = 0;
    send_msg(hwnd, WM_GETTEXT, BF_COUNTOF(text), (LPARAM)text);
    if (!text[0])
        return;
    RECT cr, margin = {0, 0, 0, 0};
    GetClientRect(hwnd, &cr);
    if (f->r && WriteProcessMemory(f->r->proc, f->r->base, &margin, sizeof margin, NULL) &&
        send_msg(hwnd, BCM_GETTEXTMARGIN, 0, (LPARAM)f->r->base))
        ReadProcessMemory(f->r->proc, f->r->base, &margin, sizeof margin, NULL);
    HMODULE user32 = GetModuleHandleW(L"user32.dll");
    dpi_for_window_fn for_window = (dpi_for_window_fn)(void (*)(void))GetProcAddress(user32, "GetDpiForWindow");
    int dpi = for_window ? (int)for_window(hwnd) : 96;
    int frame = 2 * MulDiv(2, dpi, 96);
    fit_words(f, hwnd, "Button", text, cr.right - frame - margin.left - margin.right);
}

static BOOL CALLBACK fit_control(HWND hwnd, LPARAM lp)
{
    fit_ctx *f = (fit_ctx *)lp;
    if (GetParent(hwnd) != f->parent || !IsWindowVisible(hwnd))
        return TRUE;
    WCHAR cls[64];
    if (!GetClassNameW(hwnd, cls, 64))
        return TRUE;
    LONG style = GetWindowLongW(hwnd, GWL_STYLE);
    int id = GetDlgCtrlID(hwnd);
    if (!fit_wanted(f, id))
        return TRUE;
    bool group = _wcsicmp(cls, L"Button") == 0 && (style & BS_TYPEMASK) == BS_GROUPBOX;
    if (!group && f->nkids < (int)BF_COUNTOF(f->kids))
        f->kids[f->nkids++] = hwnd;
    /* a one-line push button: the size it needs for its label, its image and its UAC shield, as the
     * button itself works it out (BCM_GETIDEALSIZE, the SIZE in bindfix's memory), against its width */
    DWORD type = (DWORD)style & BS_TYPEMASK;
    if (_wcsicmp(cls, L"Button") == 0 && (type == BS_PUSHBUTTON || type == BS_DEFPUSHBUTTON) &&
        !(style & BS_MULTILINE) && f->r) {
        SIZE ideal = {0, 0};
        RECT br;
        GetWindowRect(hwnd, &br);
        if (WriteProcessMemory(f->r->proc, f->r->base, &ideal, sizeof ideal, NULL) &&
            send_msg(hwnd, BCM_GETIDEALSIZE, 0, (LPARAM)f->r->base) &&
            ReadProcessMemory(f->r->proc, f->r->base, &ideal, sizeof ideal, NULL) && ideal.cx > 0) {
            bool cut = ideal.cx > br.right - br.left;
            f->measured++;
            f->cut += cut ? 1 : 0;
            outf(f->d, "fit\t%d\tButton\t%ld\t%ld\t-\tideal\t%d\n", id, ideal.cx, br.right - br.left, cut ? 1 : 0);
        }
        return TRUE;
    }
    if (_wcsicmp(cls, L"Button") == 0 && (type == BS_PUSHBUTTON || type == BS_DEFPUSHBUTTON) &&
        (style & BS_MULTILINE)) {
        fit_multiline_button(f, hwnd);
        return TRUE;
    }
    /* text that wraps: a static's words (not an icon, picture or frame) */
    bool text_static = _wcsicmp(cls, L"Static") == 0 && (style & SS_TYPEMASK) <= SS_RIGHT;
    if (!text_static)
        return TRUE;
    static WCHAR text[16384];
    text[0] = 0;
    send_msg(hwnd, WM_GETTEXT, BF_COUNTOF(text), (LPARAM)text);
    if (!text[0])
        return TRUE;
    RECT cr;
    GetClientRect(hwnd, &cr);
    const char *source = "none";
    HFONT font = fit_font(hwnd, f->parent_font, &source);
    if (!font) {
        outf(f->d, "fit\t%d\tStatic\t-\t%ld\t%ld\t%s\t0\n", id, cr.bottom, cr.right, source);
        return TRUE;
    }
    HDC dc = GetDC(NULL);
    HGDIOBJ old = SelectObject(dc, font);
    UINT flags = DT_CALCRECT | DT_EXPANDTABS | ((style & SS_NOPREFIX) ? DT_NOPREFIX : 0);
    /* SS_CENTERIMAGE: one line, centred (the console's pane labels); else wrapped at the width */
    RECT need = {0, 0, cr.right > 0 ? cr.right : 1, 0};
    flags |= (style & SS_CENTERIMAGE) ? DT_SINGLELINE : DT_WORDBREAK;
    DrawTextW(dc, text, -1, &need, flags);
    SelectObject(dc, old);
    ReleaseDC(NULL, dc);
    DeleteObject(font);
    bool cut = need.bottom > cr.bottom || ((style & SS_CENTERIMAGE) && need.right > cr.right);
    f->measured++;
    f->cut += cut ? 1 : 0;
    outf(f->d, "fit\t%d\tStatic\t%ld\t%ld\t%ld\t%s\t%d\n", id, need.bottom, cr.bottom, cr.right, source, cut ? 1 : 0);
    /* a static that wraps: no word wider than its line */
    if (!(style & SS_CENTERIMAGE))
        fit_words(f, hwnd, "Static", text, cr.right);
    return TRUE;
}

static void print_fit_as(driver *d, HWND parent, const int *only, const char *tag);
static void print_fit(driver *d, HWND parent, const int *only)
{
    print_fit_as(d, parent, only, "fitcheck");
}

/* The same, ending in "<tag> <measured> <cut> <overlaps>" (a second measure of one window, told apart). */
static void print_fit_as(driver *d, HWND parent, const int *only, const char *tag)
{
    thread_awareness_fn set_aw = (thread_awareness_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"user32.dll"), "SetThreadDpiAwarenessContext");
    DPI_AWARENESS_CONTEXT was = set_aw ? set_aw(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2) : NULL;
    static fit_ctx f;
    ZeroMemory(&f, sizeof f);
    f.d = d;
    f.parent = parent;
    WCHAR pcls[16] = L"";
    GetClassNameW(parent, pcls, 16);
    /* only a dialog's font is its template's; the console's frame answers WM_GETFONT with the message font */
    f.parent_font = wcscmp(pcls, L"#32770") == 0 ? (HFONT)send_msg(parent, WM_GETFONT, 0, 0) : NULL;
    f.only = only;
    remote r = {NULL, NULL, 0};
    f.r = remote_open(&r, parent) ? &r : NULL;
    EnumChildWindows(parent, fit_control, (LPARAM)&f);
    int overlaps = 0;
    for (int i = 0; i < f.nkids; i++)
        for (int j = i + 1; j < f.nkids; j++) {
            RECT a, b, both;
            GetWindowRect(f.kids[i], &a);
            GetWindowRect(f.kids[j], &b);
            if (IntersectRect(&both, &a, &b)) {
                overlaps++;
                outf(d, "overlap\t%d\t%d\n", GetDlgCtrlID(f.kids[i]), GetDlgCtrlID(f.kids[j]));
            }
        }
    outf(d, "%s\t%d\t%d\t%d\n", tag, f.measured, f.cut, overlaps);
    if (f.r)
        remote_close(&r);
    if (set_aw && was)
        set_aw(was);
}

static int cmd_dump(driver *d, bool refresh, int new_dpi)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: no window of class BindfixMainWindow within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    if (refresh) {
        if (!wait_until(d, check_loaded, &a)) {
            errf("guidriver: the first load did not end within %lu ms\n", (unsigned long)d->timeout_ms);
            return 3;
        }
        loads_arg la = {a.hwnd, (UINT_PTR)GetPropW(a.hwnd, BF_LOADS_PROP)};
        PostMessageW(a.hwnd, WM_COMMAND, MAKEWPARAM(IDM_VIEW_REFRESH, 0), 0);
        if (!wait_until(d, check_loads_grew, &la)) {
            errf("guidriver: View > Refresh did not end a new load within %lu ms\n", (unsigned long)d->timeout_ms);
            return 3;
        }
    }
    if (!wait_until(d, check_loaded, &a)) {
        errf("guidriver: the main window did not finish loading within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    if (!IsWindow(a.hwnd)) {
        errf("guidriver: the main window closed while loading\n");
        return 4;
    }
    INT_PTR state = (INT_PTR)GetPropW(a.hwnd, BF_STATE_PROP);
    remote r = {NULL, NULL, 0};
    if (!remote_open(&r, a.hwnd))
        return 4;
    if (new_dpi < 0) {
        /* what Windows broadcasts when the text size or the fonts change, and after new system colours:
         * the console takes them through its DPI path (same DPI, same place) */
        DWORD_PTR ignored;
        INT_PTR walks = (INT_PTR)GetPropW(a.hwnd, BF_FONTWALKS_PROP);
        if (!SendMessageTimeoutW(a.hwnd, WM_SETTINGCHANGE, SPI_SETNONCLIENTMETRICS, 0, SMTO_NORMAL, d->timeout_ms, &ignored) ||
            !SendMessageTimeoutW(a.hwnd, WM_SYSCOLORCHANGE, 0, 0, SMTO_NORMAL, d->timeout_ms, &ignored)) {
            errf("guidriver: sending WM_SETTINGCHANGE / WM_SYSCOLORCHANGE failed: error %lu\n", (unsigned long)GetLastError());
            remote_close(&r);
            return 4;
        }
        if (!wait_until(d, check_loaded, &a)) {
            errf("guidriver: the window did not settle after WM_SETTINGCHANGE\n");
            remote_close(&r);
            return 3;
        }
        /* the console took its font, images and sizes again (BF_FONTWALKS_PROP grew): it took the
         * change, not only survived it */
        outf(d, "fontremade\t%d\n", (INT_PTR)GetPropW(a.hwnd, BF_FONTWALKS_PROP) > walks ? 1 : 0);
    }
    if (new_dpi > 0) {
        /* The suggested rectangle (lParam) must be in bindfix's memory; the window keeps its place. */
        RECT wr;
        GetWindowRect(a.hwnd, &wr);
        if (!WriteProcessMemory(r.proc, r.base, &wr, sizeof wr, NULL) ||
            send_msg(a.hwnd, WM_DPICHANGED, MAKEWPARAM(new_dpi, new_dpi), (LPARAM)r.base) < 0) {
            errf("guidriver: sending WM_DPICHANGED failed: error %lu\n", (unsigned long)GetLastError());
            remote_close(&r);
            return 4;
        }
        if (!wait_until(d, check_loaded, &a)) {
            errf("guidriver: the window did not settle after WM_DPICHANGED\n");
            remote_close(&r);
            return 3;
        }
    }
    WCHAR text[TEXT_CCH];
    outf(d, "state\t%d\n", (int)state);
    text[0] = L'\0';
    GetWindowTextW(a.hwnd, text, TEXT_CCH);
    outf(d, "title\t");
    out_wide(d, text);
    outf(d, "\n");
    HWND status = GetDlgItem(a.hwnd, IDC_STATUSBAR);
    int parts = status ? (int)send_msg(status, SB_GETPARTS, 0, 0) : 0;
    for (int p = 0; p < parts; p++) {
        if (get_status_text(&r, status, p, text)) {
            outf(d, "status\t%d\t", p);
            out_wide(d, text);
            outf(d, "\n");
        }
    }
    /* the top finding strip above the three lists (a static: its text is readable across processes) */
    HWND top = GetDlgItem(a.hwnd, IDC_TOP_TEXT);
    text[0] = L'\0';
    if (top)
        GetWindowTextW(top, text, TEXT_CCH);
    outf(d, "top\t");
    out_wide(d, text);
    outf(d, "\n");
    /* ...and whether its words fit it (at a large text size they wrap to three lines or more) */
    static const int top_ids[] = {IDC_TOP_ICON, IDC_TOP_TEXT, IDC_TOP_FIX, IDC_TOP_RESTART, IDC_ADAPTERS_LABEL,
                                  IDC_RESOLVER_LABEL, IDC_BINDS_LABEL, 0};
    if (top && IsWindowVisible(top))
        print_fit(d, a.hwnd, top_ids);
    RECT client;
    GetClientRect(a.hwnd, &client);
    outf(d, "client\t%ld\t%ld\n", client.right, client.bottom);
    for (size_t i = 0; i < sizeof list_ids / sizeof list_ids[0]; i++) {
        HWND list = GetDlgItem(a.hwnd, list_ids[i].id);
        if (!list) {
            errf("guidriver: list %s (control %d) not found\n", list_ids[i].name, list_ids[i].id);
            remote_close(&r);
            return 4;
        }
        /* The status image's width: the icon rectangle of the first row (an HIMAGELIST is a pointer
         * in bindfix's address space, useless here). */
        int icon_cx = 0;
        RECT ir;
        ir.left = LVIR_ICON;
        ir.top = ir.right = ir.bottom = 0;
        if (WriteProcessMemory(r.proc, r.base, &ir, sizeof ir, NULL) &&
            send_msg(list, LVM_GETITEMRECT, 0, (LPARAM)r.base) > 0 &&
            ReadProcessMemory(r.proc, r.base, &ir, sizeof ir, NULL))
            icon_cx = ir.right - ir.left;
        outf(d, "images\t%s\t%d\n", list_ids[i].name, icon_cx);
        dump_list(d, &r, a.hwnd, list, list_ids[i].name, icon_cx);
    }
    remote_close(&r);
    return state == BF_LOAD_STATE_LOADED ? 0 : 1;
}

/* ---- close -------------------------------------------------------------------------------------- */

static bool check_process_gone(void *p)
{
    return WaitForSingleObject(*(HANDLE *)p, 0) == WAIT_OBJECT_0;
}

static int cmd_close(driver *d)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: no window of class BindfixMainWindow to close\n");
        return 3;
    }
    DWORD pid = 0;
    GetWindowThreadProcessId(a.hwnd, &pid);
    HANDLE proc = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (!proc) {
        errf("guidriver: OpenProcess(%lu) failed: error %lu\n", (unsigned long)pid, (unsigned long)GetLastError());
        return 4;
    }
    PostMessageW(a.hwnd, WM_CLOSE, 0, 0);
    bool gone = wait_until(d, check_process_gone, &proc);
    DWORD code = 0;
    GetExitCodeProcess(proc, &code);
    CloseHandle(proc);
    if (!gone) {
        errf("guidriver: bindfix did not exit within %lu ms of WM_CLOSE\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    outf(d, "exit\t%lu\n", (unsigned long)code);
    return 0;
}

/* ---- usage box -------------------------------------------------------------------------------------- */

typedef struct usage_arg {
    HWND box;
    HWND owner;
    int needs_button;   /* msgbox --press ID: only a box with that button (0: any box) */
} usage_arg;

static bool is_console_or_wizard(HWND w)
{
    WCHAR cls[64] = L"";
    if (!w)
        return false;
    GetClassNameW(w, cls, 64);
    return wcscmp(cls, BF_MAIN_WINDOW_CLASS) == 0 || GetPropW(w, BF_WIZ_PROP) != NULL;
}

static BOOL CALLBACK find_usage_box(HWND hwnd, LPARAM lp)
{
    usage_arg *a = (usage_arg *)lp;
    WCHAR cls[64];
    /* Visible: a box is shown only after WM_INITDIALOG has filled in its texts. */
    if (!GetClassNameW(hwnd, cls, 64) || wcscmp(cls, L"#32770") != 0 || !IsWindowVisible(hwnd))
        return TRUE;
    HWND owner = GetWindow(hwnd, GW_OWNER);
    if (a->needs_button) {
        /* a message box may be owned by a dialog of the console (the Fix dialog asks that way) */
        if (!GetDlgItem(hwnd, a->needs_button))
            return TRUE;
        HWND up = owner ? GetWindow(owner, GW_OWNER) : NULL;
        if (!is_console_or_wizard(owner) && is_console_or_wizard(up))
            owner = up;
    }
    if (!is_console_or_wizard(owner))
        return TRUE;    /* owned by neither the console nor the wizard */
    a->box = hwnd;
    a->owner = owner;
    return FALSE;
}

static bool check_usage_box(void *p)
{
    usage_arg *a = p;
    a->box = NULL;
    EnumWindows(find_usage_box, (LPARAM)a);
    return a->box != NULL;
}

static BOOL CALLBACK print_static(HWND hwnd, LPARAM lp)
{
    driver *d = (driver *)lp;
    WCHAR cls[64], text[TEXT_CCH];
    if (GetClassNameW(hwnd, cls, 64) && _wcsicmp(cls, L"Static") == 0 && GetWindowTextW(hwnd, text, TEXT_CCH) > 0) {
        outf(d, "text\t");
        out_wide(d, text);
        outf(d, "\n");
    }
    return TRUE;
}

static int cmd_usage(driver *d, bool leave_open, int press, bool press_given)
{
    usage_arg a = {NULL, NULL, press_given ? press : 0};
    if (!wait_until(d, check_usage_box, &a)) {
        errf("guidriver: no message box owned by the console or the wizard within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    WCHAR text[256] = L"";
    GetWindowTextW(a.box, text, 256);
    outf(d, "owner\t%s\ncaption\t", GetPropW(a.owner, BF_WIZ_PROP) ? "wizard" : "BindfixMainWindow");
    out_wide(d, text);
    outf(d, "\n");
    EnumChildWindows(a.box, print_static, (LPARAM)d);
    if (!leave_open)
        PostMessageW(a.box, WM_COMMAND, MAKEWPARAM(press, BN_CLICKED), 0);
    return 0;
}

/* sent: the window has handled the command when this returns, so that a dump after it waits for the
 * layout work it started (BF_SETTLING_PROP) instead of reading the window before it began */
static int cmd_command(driver *d, int id, bool sent)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: no window of class BindfixMainWindow within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    DWORD_PTR result;
    if (sent ? !SendMessageTimeoutW(a.hwnd, WM_COMMAND, MAKEWPARAM(id, 0), 0, SMTO_NORMAL, d->timeout_ms, &result)
             : !PostMessageW(a.hwnd, WM_COMMAND, MAKEWPARAM(id, 0), 0)) {
        errf("guidriver: %s WM_COMMAND %d failed: error %lu\n", sent ? "sending" : "posting", id,
             (unsigned long)GetLastError());
        return 4;
    }
    return 0;
}

/* ---- console: scope nodes, buttons, clipboard, numbers ----------------------------------------------- */

static HWND find_descendant(HWND parent, int id)
{
    HWND direct = GetDlgItem(parent, id);
    if (direct)
        return direct;
    for (HWND c = GetWindow(parent, GW_CHILD); c; c = GetWindow(c, GW_HWNDNEXT)) {
        HWND found = find_descendant(c, id);
        if (found)
            return found;
    }
    return NULL;
}

static bool get_tree_text(remote *r, HWND tree, HTREEITEM item, WCHAR *out)
{
    TVITEMW tv;
    ZeroMemory(&tv, sizeof tv);
    tv.mask = TVIF_TEXT;
    tv.hItem = item;
    tv.pszText = remote_text_ptr(r);
    tv.cchTextMax = TEXT_CCH;
    if (!remote_clear_text(r) || !WriteProcessMemory(r->proc, r->base, &tv, sizeof tv, NULL))
        return false;
    if (send_msg(tree, TVM_GETITEMW, 0, (LPARAM)r->base) <= 0)
        return false;
    return remote_read_text(r, out);
}

typedef struct node_arg {
    HWND hwnd;
    INT_PTR node;
} node_arg;

/* the scope tree has a top-level item after the computer (the Fleet node: a fleet is open) */
static bool check_second_root(void *p)
{
    HWND tree = p;
    HTREEITEM root = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_ROOT, 0);
    return !IsWindow(tree) || (root && send_msg(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)root));
}

static bool check_node(void *p)
{
    node_arg *a = p;
    /* shown, and its rows all made (a big list is made in posted parts: BF_SETTLING_PROP meanwhile) */
    return !IsWindow(a->hwnd) ||
           ((INT_PTR)GetPropW(a->hwnd, BF_NODE_PROP) == a->node && !GetPropW(a->hwnd, BF_SETTLING_PROP));
}

/* The row count of a list, and its first and last rows' cells (drawn on demand: read back through the
 * list, as any outside tool reads it): "count NAME ROWS", then "edge NAME first|last IMAGE CELL..." */
static void count_list(driver *d, remote *r, HWND list, const char *name)
{
    WCHAR text[TEXT_CCH];
    int rows = (int)send_msg(list, LVM_GETITEMCOUNT, 0, 0);
    HWND header = (HWND)send_msg(list, LVM_GETHEADER, 0, 0);
    int cols = header ? (int)send_msg(header, HDM_GETITEMCOUNT, 0, 0) : 0;
    outf(d, "count\t%s\t%d\n", name, rows);
    for (int e = 0; e < 2 && rows > 0; e++) {
        int row = e ? rows - 1 : 0;
        outf(d, "edge\t%s\t%s\t%d", name, e ? "last" : "first", get_item_image(r, list, row));
        for (int c = 0; c < cols; c++) {
            if (!get_item_text(r, list, row, c, text))
                wcscpy(text, L"<unreadable>");
            outf(d, "\t");
            out_wide(d, text);
        }
        outf(d, "\n");
    }
}

/* counts: the overview's four lists; counts N: node N selected first, then the result list (N > 1) */
static int cmd_counts(driver *d, int n);

static int cmd_node_as(driver *d, int n, bool counts);

static int cmd_node(driver *d, int n)
{
    return cmd_node_as(d, n, false);
}

static int cmd_counts(driver *d, int n)
{
    if (n >= 0)
        return cmd_node_as(d, n, true);
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a)) {
        errf("guidriver: no loaded main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    remote r = {NULL, NULL, 0};
    if (!remote_open(&r, a.hwnd))
        return 4;
    outf(d, "state\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_STATE_PROP));
    for (size_t i = 0; i < sizeof list_ids / sizeof list_ids[0]; i++) {
        HWND list = GetDlgItem(a.hwnd, list_ids[i].id);
        if (list)
            count_list(d, &r, list, list_ids[i].name);
    }
    remote_close(&r);
    return 0;
}

/* pick LIST ROW: selects and focuses row ROW of overview list LIST (adapters, resolver, binds) as a click
 * does, then prints each of the three lists' selected rows: "picked NAME COUNT FIRST..." (at most 8) */
static int cmd_pick(driver *d, const WCHAR *which, int row)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a)) {
        errf("guidriver: no loaded main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND target = NULL;
    for (size_t i = 0; i < 3; i++) {
        WCHAR name[32];
        MultiByteToWideChar(CP_UTF8, 0, list_ids[i].name, -1, name, 32);
        if (wcscmp(name, which) == 0)
            target = GetDlgItem(a.hwnd, list_ids[i].id);
    }
    remote r = {NULL, NULL, 0};
    if (!target || !remote_open(&r, a.hwnd)) {
        errf("guidriver: pick: no list %ls\n", which);
        return 4;
    }
    LVITEMW st;
    ZeroMemory(&st, sizeof st);
    st.stateMask = LVIS_SELECTED | LVIS_FOCUSED;
    WriteProcessMemory(r.proc, r.base, &st, sizeof st, NULL);
    send_msg(target, LVM_SETITEMSTATE, (WPARAM)-1, (LPARAM)r.base);    /* none first, as a click does */
    st.state = LVIS_SELECTED | LVIS_FOCUSED;
    if (!WriteProcessMemory(r.proc, r.base, &st, sizeof st, NULL) ||
        !send_msg(target, LVM_SETITEMSTATE, (WPARAM)row, (LPARAM)r.base)) {
        errf("guidriver: pick: could not select row %d\n", row);
        remote_close(&r);
        return 4;
    }
    for (size_t i = 0; i < 3; i++) {
        HWND list = GetDlgItem(a.hwnd, list_ids[i].id);
        int n = (int)send_msg(list, LVM_GETSELECTEDCOUNT, 0, 0), shown = 0;
        outf(d, "picked\t%s\t%d", list_ids[i].name, n);
        for (int pos = -1; shown < 8 && (pos = (int)send_msg(list, LVM_GETNEXTITEM, (WPARAM)pos, LVNI_SELECTED)) >= 0;
             shown++)
            outf(d, "\t%d", pos);
        outf(d, "\n");
    }
    remote_close(&r);
    return 0;
}

/* Prints first and the items after it ("tree" lines, numbered on from *i), the nth one into *target. */
static void tree_siblings(driver *d, remote *r, HWND tree, HTREEITEM first, int n, int *i, HTREEITEM *target)
{
    WCHAR text[TEXT_CCH];
    for (HTREEITEM it = first; it; it = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)it)) {
        ++*i;
        if (get_tree_text(r, tree, it, text)) {
            outf(d, "tree\t%d\t", *i);
            out_wide(d, text);
            outf(d, "\n");
        }
        if (*i == n)
            *target = it;
    }
}

static int cmd_node_as(driver *d, int n, bool counts)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a)) {
        errf("guidriver: no loaded main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND tree = GetDlgItem(a.hwnd, IDC_SCOPE_TREE);
    if (!tree) {
        errf("guidriver: no scope tree\n");
        return 4;
    }
    remote r = {NULL, NULL, 0};
    if (!remote_open(&r, a.hwnd))
        return 4;
    /* the root, then its children in order */
    HTREEITEM root = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_ROOT, 0), target = NULL;
    WCHAR text[TEXT_CCH];
    int i = 0;
    if (root && get_tree_text(&r, tree, root, text)) {
        outf(d, "tree\t0\t");
        out_wide(d, text);
        outf(d, "\n");
    }
    if (n == 0)
        target = root;
    if (root)
        tree_siblings(d, &r, tree, (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)root), n, &i, &target);
    /* then the top-level nodes after the computer (the Fleet node appears once its folder is read:
     * asked for, it is waited for, bounded) */
    if (!target && n > i)
        wait_until(d, check_second_root, tree);
    if (root)
        tree_siblings(d, &r, tree, (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)root), n, &i, &target);
    if (!target) {
        errf("guidriver: the tree has no node %d\n", n);
        remote_close(&r);
        return 4;
    }
    send_msg(tree, TVM_SELECTITEM, TVGN_CARET, (LPARAM)target);
    node_arg na = {a.hwnd, n};
    if (!wait_until(d, check_node, &na)) {
        errf("guidriver: the result pane did not switch to node %d\n", n);
        remote_close(&r);
        return 3;
    }
    outf(d, "node\t%d\n", n);
    HWND label = GetDlgItem(a.hwnd, IDC_RESULT_LABEL);
    if (n != 1 && label) {
        text[0] = 0;
        GetWindowTextW(label, text, TEXT_CCH);
        outf(d, "caption\t");
        out_wide(d, text);
        outf(d, "\n");
        if (counts)
            count_list(d, &r, GetDlgItem(a.hwnd, IDC_RESULT_LIST), "result");
        else
            dump_list(d, &r, a.hwnd, GetDlgItem(a.hwnd, IDC_RESULT_LIST), "result", 0);
    }
    remote_close(&r);
    return 0;
}

/* The Fleet node's server named name (a child of the second top-level item), once it is there. */
typedef struct server_arg {
    HWND tree;
    remote *r;
    const WCHAR *name;
    HTREEITEM found;
} server_arg;

static bool check_server(void *p)
{
    server_arg *a = p;
    WCHAR text[TEXT_CCH];
    if (!IsWindow(a->tree))
        return true;
    HTREEITEM root = (HTREEITEM)send_msg(a->tree, TVM_GETNEXTITEM, TVGN_ROOT, 0);
    HTREEITEM fleet = root ? (HTREEITEM)send_msg(a->tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)root) : NULL;
    for (HTREEITEM it = fleet ? (HTREEITEM)send_msg(a->tree, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)fleet) : NULL; it;
         it = (HTREEITEM)send_msg(a->tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)it))
        if (get_tree_text(a->r, a->tree, it, text) && wcscmp(text, a->name) == 0) {
            a->found = it;
            return true;
        }
    return false;
}

/* the title names the server's snapshot file (NAME.json) and the load is shown */
typedef struct server_load_arg {
    find_arg main;
    WCHAR want[TEXT_CCH];
} server_load_arg;

static bool check_server_loaded(void *p)
{
    server_load_arg *a = p;
    WCHAR title[TEXT_CCH] = L"";
    GetWindowTextW(a->main.hwnd, title, TEXT_CCH);
    return !IsWindow(a->main.hwnd) || (wcsstr(title, a->want) && check_loaded(&a->main));
}

/* server NAME VIEW: the Fleet node's server NAME (waited for, bounded), then its view VIEW (numbered as
 * `node` numbers the computer's: 0 the server's node itself, 1 its overview, ...) selected as a click
 * does. Once the title names NAME.json and the load is shown: "server NAME..." (the Fleet node's
 * children, in order), "title ...", "node N", "caption ...", the result list's rows (as `node`). */
static int cmd_server(driver *d, const WCHAR *name, int view)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: no main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND tree = GetDlgItem(a.hwnd, IDC_SCOPE_TREE);
    remote r = {NULL, NULL, 0};
    if (!tree || !remote_open(&r, a.hwnd))
        return 4;
    server_arg sa = {tree, &r, name, NULL};
    if (!wait_until(d, check_server, &sa) || !sa.found) {
        errf("guidriver: no server %ls under the Fleet node\n", name);
        remote_close(&r);
        return 4;
    }
    WCHAR text[TEXT_CCH];
    HTREEITEM parent = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_PARENT, (LPARAM)sa.found);
    outf(d, "servers");
    for (HTREEITEM it = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)parent); it;
         it = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)it))
        if (get_tree_text(&r, tree, it, text)) {
            outf(d, "\t");
            out_wide(d, text);
        }
    outf(d, "\n");
    HTREEITEM target = sa.found;
    if (view > 0) {
        send_msg(tree, TVM_EXPAND, TVE_EXPAND, (LPARAM)sa.found);
        target = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)sa.found);
        for (int i = 1; target && i < view; i++)
            target = (HTREEITEM)send_msg(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)target);
    }
    if (!target) {
        errf("guidriver: server %ls has no view %d\n", name, view);
        remote_close(&r);
        return 4;
    }
    if (target && get_tree_text(&r, tree, target, text)) {
        outf(d, "view\t");
        out_wide(d, text);
        outf(d, "\n");
    }
    send_msg(tree, TVM_ENSUREVISIBLE, 0, (LPARAM)target);
    send_msg(tree, TVM_SELECTITEM, TVGN_CARET, (LPARAM)target);
    server_load_arg la;
    la.main = a;
    _snwprintf(la.want, TEXT_CCH, L"\\%ls.json", name);
    la.want[TEXT_CCH - 1] = 0;
    node_arg na = {a.hwnd, view};
    if (!wait_until(d, check_server_loaded, &la) || !wait_until(d, check_node, &na)) {
        errf("guidriver: server %ls view %d: its snapshot was not shown\n", name, view);
        remote_close(&r);
        return 3;
    }
    GetWindowTextW(a.hwnd, text, TEXT_CCH);
    outf(d, "title\t");
    out_wide(d, text);
    outf(d, "\nnode\t%d\n", view);
    HWND label = GetDlgItem(a.hwnd, IDC_RESULT_LABEL);
    if (view != 1 && label) {
        text[0] = 0;
        GetWindowTextW(label, text, TEXT_CCH);
        outf(d, "caption\t");
        out_wide(d, text);
        outf(d, "\n");
        dump_list(d, &r, a.hwnd, GetDlgItem(a.hwnd, IDC_RESULT_LIST), "result", 0);
    }
    remote_close(&r);
    return 0;
}

/* combo ID [INDEX]: the main window's combo box ID: "comboitem I TEXT" for each item; with INDEX, that
 * item chosen as a user's choice is (CB_SETCURSEL, then CBN_SELCHANGE to its parent), waited until the
 * window has settled; then "combo ID SELECTED", and the result list's rows when it is shown with the combo
 * (the page the combo filters). */
static int cmd_combo(driver *d, int id, int index)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a)) {
        errf("guidriver: no loaded main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND combo = GetDlgItem(a.hwnd, id);
    if (!combo) {
        errf("guidriver: no combo box %d\n", id);
        return 4;
    }
    int n = (int)send_msg(combo, CB_GETCOUNT, 0, 0);
    WCHAR text[TEXT_CCH];
    for (int i = 0; i < n; i++) {
        /* a message below WM_USER: the system carries its text across processes (no remote buffer) */
        if (send_msg(combo, CB_GETLBTEXTLEN, (WPARAM)i, 0) >= TEXT_CCH || send_msg(combo, CB_GETLBTEXT, (WPARAM)i, (LPARAM)text) < 0)
            wcscpy(text, L"<unreadable>");
        outf(d, "comboitem\t%d\t", i);
        out_wide(d, text);
        outf(d, "\n");
    }
    if (index >= 0) {
        if (index >= n || send_msg(combo, CB_SETCURSEL, (WPARAM)index, 0) != index) {
            errf("guidriver: combo %d has no item %d\n", id, index);
            return 4;
        }
        send_msg(a.hwnd, WM_COMMAND, MAKEWPARAM(id, CBN_SELCHANGE), (LPARAM)combo);
        if (!wait_until(d, check_loaded, &a)) {
            errf("guidriver: the window did not settle after the choice\n");
            return 3;
        }
    }
    outf(d, "combo\t%d\t%d\n", id, (int)send_msg(combo, CB_GETCURSEL, 0, 0));
    /* the rows the choice left, when the result list is the one shown (as `node` prints them) */
    HWND list = GetDlgItem(a.hwnd, IDC_RESULT_LIST);
    remote r = {NULL, NULL, 0};
    if (index >= 0 && list && IsWindowVisible(list) && IsWindowVisible(combo) && remote_open(&r, a.hwnd)) {
        dump_list(d, &r, a.hwnd, list, "result", 0);
        remote_close(&r);
    }
    return 0;
}

static int cmd_click(driver *d, int id)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: no main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND b = find_descendant(a.hwnd, id);
    if (!b) {
        errf("guidriver: no control %d\n", id);
        return 4;
    }
    if (!IsWindowEnabled(b)) {
        errf("guidriver: control %d is disabled\n", id);
        return 5;
    }
    PostMessageW(b, BM_CLICK, 0, 0);
    return 0;
}

/* The words a control's picture has besides its text (issue 23: the UAC shield): the tooltips any
 * tooltip window owned by the console holds for control ID (TTM_ENUMTOOLSW, the TOOLINFOW and its text in
 * bindfix's memory), "tip <id> <text>" each; and whether the accessible description took ("described
 * <id> <0|1>": the property bfsys_acc_describe leaves where oleacc's Dynamic Annotation set it). */
typedef struct tips_arg {
    driver *d;
    remote *r;
    HWND owner, button;
    int id, found;
} tips_arg;

static BOOL CALLBACK print_tips_of(HWND hwnd, LPARAM lp)
{
    tips_arg *t = (tips_arg *)lp;
    WCHAR cls[64];
    if (GetWindow(hwnd, GW_OWNER) != t->owner || !GetClassNameW(hwnd, cls, 64) || _wcsicmp(cls, TOOLTIPS_CLASSW) != 0)
        return TRUE;
    int n = (int)send_msg(hwnd, TTM_GETTOOLCOUNT, 0, 0);
    for (int i = 0; i < n; i++) {
        TOOLINFOW ti;
        ZeroMemory(&ti, sizeof ti);
        ti.cbSize = sizeof ti;
        ti.lpszText = (WCHAR *)(t->r->base + REMOTE_HEADER);
        WCHAR text[1024];
        ZeroMemory(text, sizeof text);
        if (!WriteProcessMemory(t->r->proc, t->r->base, &ti, sizeof ti, NULL) ||
            !WriteProcessMemory(t->r->proc, t->r->base + REMOTE_HEADER, text, sizeof text, NULL) ||
            !send_msg(hwnd, TTM_ENUMTOOLSW, (WPARAM)i, (LPARAM)t->r->base) ||
            !ReadProcessMemory(t->r->proc, t->r->base, &ti, sizeof ti, NULL) ||
            !ReadProcessMemory(t->r->proc, t->r->base + REMOTE_HEADER, text, sizeof text - sizeof(WCHAR), NULL))
            continue;
        if (!(ti.uFlags & TTF_IDISHWND) || (HWND)ti.uId != t->button)
            continue;
        t->found++;
        outf(t->d, "tip\t%d\t", t->id);
        out_wide(t->d, text);
        outf(t->d, "\n");
    }
    return TRUE;
}

static int cmd_tips(driver *d, int id)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: no main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND b = find_descendant(a.hwnd, id);
    remote r = {NULL, NULL, 0};
    if (!b || !remote_open(&r, a.hwnd)) {
        errf("guidriver: no control %d\n", id);
        return 4;
    }
    tips_arg t = {d, &r, a.hwnd, b, id, 0};
    EnumWindows(print_tips_of, (LPARAM)&t);
    remote_close(&r);
    outf(d, "described\t%d\t%d\n", id, GetPropW(b, BFSYS_DESCRIBED_PROP) ? 1 : 0);
    return t.found ? 0 : 1;
}

/* panefit: the console's Actions pane, measured as print_fit measures a window's controls: its headings,
 * its (multi-line) buttons and its notes - every word whole at the pane's width, font and DPI, nothing
 * overlapping. Prints "pane <width>" (the pane's window width) and print_fit's lines. */
static int cmd_panefit(driver *d)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a)) {
        errf("guidriver: no loaded main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    HWND pane = GetDlgItem(a.hwnd, IDC_ACTIONS_PANE);
    if (!pane || !IsWindowVisible(pane)) {
        errf("guidriver: no visible Actions pane (control %d)\n", IDC_ACTIONS_PANE);
        return 4;
    }
    RECT wr;
    GetWindowRect(pane, &wr);
    outf(d, "pane\t%ld\n", wr.right - wr.left);
    print_fit(d, pane, NULL);
    return 0;
}

/* Runs EXE [ARG] with this process's linked token - the limited one of an elevated administrator, as
 * Windows starts a program for an administrator whose UAC is on - and waits for it; returns its exit
 * status. So the console is seen as a standard (not elevated) administrator sees it: the UAC shields and
 * their words. Prints "elevation <type of ours> <elevated: 0|1 of the child's token>". */
static int cmd_runlimited(driver *d, const WCHAR *exe, const WCHAR *arg)
{
    HANDLE tok = NULL;
    TOKEN_LINKED_TOKEN lt = {NULL};
    TOKEN_ELEVATION_TYPE type = TokenElevationTypeDefault;
    TOKEN_ELEVATION el = {0};
    DWORD got = 0;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &tok) ||
        !GetTokenInformation(tok, TokenElevationType, &type, sizeof type, &got) ||
        !GetTokenInformation(tok, TokenLinkedToken, &lt, sizeof lt, &got) || !lt.LinkedToken) {
        errf("guidriver: no linked token: error %lu\n", (unsigned long)GetLastError());
        if (tok)
            CloseHandle(tok);
        return 4;
    }
    CloseHandle(tok);
    HANDLE limited = type == TokenElevationTypeFull ? lt.LinkedToken : NULL;
    if (!limited) {
        /* already limited: our own token is the one to run with */
        CloseHandle(lt.LinkedToken);
        OpenProcessToken(GetCurrentProcess(), TOKEN_ALL_ACCESS, &limited);
    }
    GetTokenInformation(limited, TokenElevation, &el, sizeof el, &got);
    outf(d, "elevation\t%d\t%lu\n", (int)type, (unsigned long)el.TokenIsElevated);
    WCHAR line[2 * MAX_PATH + 64];
    _snwprintf(line, BF_COUNTOF(line), L"\"%ls\"%ls%ls", exe, arg ? L" " : L"", arg ? arg : L"");
    line[BF_COUNTOF(line) - 1] = 0;
    STARTUPINFOW si;
    ZeroMemory(&si, sizeof si);
    si.cb = sizeof si;
    PROCESS_INFORMATION pi;
    if (!CreateProcessAsUserW(limited, NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        errf("guidriver: CreateProcessAsUser failed: error %lu\n", (unsigned long)GetLastError());
        CloseHandle(limited);
        return 4;
    }
    CloseHandle(limited);
    CloseHandle(pi.hThread);
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 4;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    return (int)code;
}

static bool check_copies_grew(void *p)
{
    loads_arg *a = p;
    return !IsWindow(a->hwnd) || (UINT_PTR)GetPropW(a->hwnd, BF_COPIES_PROP) > a->before;
}

static int cmd_copy(driver *d)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a))
        return 3;
    /* the console copies the result list when the result pane shows one; the text is made on a worker,
     * and the copy is done when the window's count of copies has grown */
    loads_arg la = {a.hwnd, (UINT_PTR)GetPropW(a.hwnd, BF_COPIES_PROP)};
    send_msg(a.hwnd, WM_COMMAND, MAKEWPARAM(IDM_EDIT_SELECT_ALL, 0), 0);
    send_msg(a.hwnd, WM_COMMAND, MAKEWPARAM(IDM_EDIT_COPY, 0), 0);
    if (!wait_until(d, check_copies_grew, &la)) {
        errf("guidriver: the copy did not end within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    if (!OpenClipboard(NULL)) {
        errf("guidriver: cannot open the clipboard: error %lu\n", (unsigned long)GetLastError());
        return 4;
    }
    HANDLE h = GetClipboardData(CF_UNICODETEXT);
    const WCHAR *t = h ? GlobalLock(h) : NULL;
    int rc = 4;
    if (t) {
        const WCHAR *line = t;
        while (*line) {
            const WCHAR *end = wcsstr(line, L"\r\n");
            size_t n = end ? (size_t)(end - line) : wcslen(line);
            WCHAR buf[TEXT_CCH];
            if (n >= TEXT_CCH)
                n = TEXT_CCH - 1;
            wcsncpy(buf, line, n);
            buf[n] = 0;
            for (WCHAR *p = buf; *p; p++)
                if (*p == L'\t')
                    *p = L'|';   /* keep the cells visible as cells in the tab-separated output */
            outf(d, "clip\t");
            out_wide(d, buf);
            outf(d, "\n");
            line = end ? end + 2 : line + n;
        }
        GlobalUnlock(h);
        rc = 0;
    }
    CloseClipboard();
    return rc;
}

typedef BOOL(WINAPI *get_mem_fn)(HANDLE, PROCESS_MEMORY_COUNTERS *, DWORD);

/* The help topic the window last asked HtmlHelp for (gui/help.c: a global atom in BF_HELP_PROP). */
static void print_help_topic(driver *d, HWND hwnd)
{
    ATOM atom = (ATOM)(UINT_PTR)GetPropW(hwnd, BF_HELP_PROP);
    WCHAR name[256] = L"";
    if (atom && GlobalGetAtomNameW(atom, name, 256)) {
        outf(d, "help\t");
        out_wide(d, name);
        outf(d, "\n");
    }
}

static bool check_first_paint(void *p)
{
    find_arg *a = p;
    return !IsWindow(a->hwnd) || GetPropW(a->hwnd, BF_FIRSTPAINT_PROP) != NULL;
}

typedef struct pings_arg {
    HWND hwnd;
    INT_PTR before;
} pings_arg;

static bool check_pings_grew(void *p)
{
    pings_arg *a = p;
    return !IsWindow(a->hwnd) || (INT_PTR)GetPropW(a->hwnd, BF_PINGS_PROP) > a->before;
}

static bool check_fleet_read(void *p)
{
    find_arg *a = p;
    return !IsWindow(a->hwnd) || GetPropW(a->hwnd, BF_FLEETREAD_PROP) != NULL;
}

/* props, or (fleet) fleetprops: the same figures once a fleet folder has been read whole (bounded by
 * --timeout), with the moments of the Fleet list's first rows painted and of the folder read
 * (make bench-fleet-console); the overview's first paint is not waited for (the Fleet node is shown). */
static int props(driver *d, bool fleet)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a)) {
        errf("guidriver: props: no window of class BindfixMainWindow within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    if (!wait_until(d, check_loaded, &a)) {
        errf("guidriver: props: the window did not settle within %lu ms (state %d, settling %d)\n",
             (unsigned long)d->timeout_ms, (int)(INT_PTR)GetPropW(a.hwnd, BF_STATE_PROP),
             GetPropW(a.hwnd, BF_SETTLING_PROP) != NULL);
        return 3;
    }
    /* the first paint is recorded once the overview's lists have painted, which may follow "loaded" */
    if (fleet && !wait_until(d, check_fleet_read, &a)) {
        errf("guidriver: fleetprops: the fleet folder was not read within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    if (!fleet)
        wait_until(d, check_first_paint, &a);
    /* whether the window still answers at all: a window that does not within 10 s is hung, on any machine */
    DWORD_PTR ignored;
    outf(d, "answers\t%d\n", SendMessageTimeoutW(a.hwnd, WM_NULL, 0, 0, SMTO_NORMAL, 10000, &ignored) ? 1 : 0);
    outf(d, "watchdog\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_WATCHDOG_PROP));
    /* the watchdog really asks: its count of answered pings grows while we wait (bounded, 10 s) */
    {
        pings_arg pa = {a.hwnd, (INT_PTR)GetPropW(a.hwnd, BF_PINGS_PROP)};
        ULONGLONG saved = d->deadline, cap = GetTickCount64() + 10000;
        if (d->deadline > cap)
            d->deadline = cap;
        bool grew = GetPropW(a.hwnd, BF_WATCHDOG_PROP) && wait_until(d, check_pings_grew, &pa);
        d->deadline = saved;
        outf(d, "pings\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_PINGS_PROP));
        outf(d, "pingsgrew\t%d\n", grew ? 1 : 0);
    }
    outf(d, "maxgap\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_MAXGAP_PROP));
    print_help_topic(d, a.hwnd);
    {
        unsigned busy = (unsigned)(INT_PTR)GetPropW(a.hwnd, BF_MAXGAP_MSG_PROP);
        outf(d, "maxgapmsg\t0x%04x id %u\n", busy & 0xffff, busy >> 16);
        busy = (unsigned)(INT_PTR)GetPropW(a.hwnd, BF_HANG_MSG_PROP);
        outf(d, "hang\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_HANG_PROP));
        outf(d, "hangmsg\t0x%04x id %u\n", busy & 0xffff, busy >> 16);
    }
    outf(d, "firstpaint\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_FIRSTPAINT_PROP) - 1);
    outf(d, "node\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_NODE_PROP));
    if (fleet) {
        outf(d, "fleetpaint\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_FLEETPAINT_PROP) - 1);
        outf(d, "fleetread\t%d\n", (int)(INT_PTR)GetPropW(a.hwnd, BF_FLEETREAD_PROP) - 1);
    }
    DWORD pid = 0;
    GetWindowThreadProcessId(a.hwnd, &pid);
    HANDLE proc = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid);
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    get_mem_fn get = k32 ? (get_mem_fn)(void (*)(void))GetProcAddress(k32, "K32GetProcessMemoryInfo") : NULL;
    PROCESS_MEMORY_COUNTERS_EX pmc;
    ZeroMemory(&pmc, sizeof pmc);
    /* PrivateUsage is the private commit; Wine leaves it 0 and fills PagefileUsage, which Windows
     * defines as the same figure */
    if (proc && get && get(proc, (PROCESS_MEMORY_COUNTERS *)&pmc, sizeof pmc))
        outf(d, "private\t%llu\n",
             (unsigned long long)(pmc.PrivateUsage ? pmc.PrivateUsage : pmc.PagefileUsage));
    if (proc)
        CloseHandle(proc);
    return 0;
}

static int cmd_props(driver *d)
{
    return props(d, false);
}

static int cmd_fleetprops(driver *d)
{
    return props(d, true);
}

typedef struct dialog_arg {
    const WCHAR *until;
    HWND box;
} dialog_arg;

static bool check_dialog(void *p)
{
    dialog_arg *a = p;
    usage_arg u = {NULL, NULL, 0};
    if (!check_usage_box(&u))
        return false;
    a->box = u.box;
    if (!a->until)
        return true;
    WCHAR text[TEXT_CCH] = L"";
    GetDlgItemTextW(u.box, IDC_REPAIR_STATUS, text, TEXT_CCH);
    return wcsstr(text, a->until) != NULL;
}

static int cmd_dialog(driver *d, const WCHAR *until)
{
    dialog_arg a = {until, NULL};
    bool timed_out = false;
    if (!wait_until(d, check_dialog, &a)) {
        WCHAR text[TEXT_CCH] = L"";
        if (a.box)
            GetDlgItemTextW(a.box, IDC_REPAIR_STATUS, text, TEXT_CCH);
        errf("guidriver: no dialog whose status holds \"%ls\" within %lu ms (status: %ls)\n", until ? until : L"",
             (unsigned long)d->timeout_ms, text);
        if (!a.box)
            return 3;
        timed_out = true;   /* still print what the dialog shows: the test log then says why */
    }
    WCHAR text[TEXT_CCH] = L"";
    GetWindowTextW(a.box, text, TEXT_CCH);
    RECT wr;
    GetWindowRect(a.box, &wr);
    outf(d, "rect\t%ld\t%ld\t%ld\t%ld\n", wr.left, wr.top, wr.right - wr.left, wr.bottom - wr.top);
    outf(d, "caption\t");
    out_wide(d, text);
    outf(d, "\n");
    EnumChildWindows(a.box, print_static, (LPARAM)d);
    HWND status = GetDlgItem(a.box, IDC_REPAIR_STATUS);
    if (status) {   /* a read-only edit (Tab reaches it): not among the statics */
        static WCHAR line[TEXT_CCH];
        line[0] = 0;
        send_msg(status, WM_GETTEXT, TEXT_CCH, (LPARAM)line);
        outf(d, "status\t");
        out_wide(d, line);
        outf(d, "\n");
    }
    HWND edit = GetDlgItem(a.box, IDC_REPAIR_PREVIEW);
    if (edit) {
        static WCHAR big[16384];
        big[0] = 0;
        /* WM_GETTEXT is marshalled between processes (GetWindowText would give the caption only) */
        send_msg(edit, WM_GETTEXT, sizeof big / sizeof big[0], (LPARAM)big);
        for (WCHAR *p = big; *p; p++)
            if (*p == L'\r' || *p == L'\n' || *p == L'\t')
                *p = L' ';
        outf(d, "preview_style\t%08lx\n", (unsigned long)GetWindowLongW(edit, GWL_STYLE));
        outf(d, "preview\t");
        out_wide(d, big);
        outf(d, "\n");
    }
    HWND apply = GetDlgItem(a.box, IDC_REPAIR_APPLY);
    if (apply)
        outf(d, "apply\t%d\n", IsWindowEnabled(apply) ? 1 : 0);
    /* the control the dialog gave the focus (issue 23: initial focus set in every dialog): its id, 0 none */
    GUITHREADINFO gi;
    ZeroMemory(&gi, sizeof gi);
    gi.cbSize = sizeof gi;
    HWND focus = GetGUIThreadInfo(GetWindowThreadProcessId(a.box, NULL), &gi) ? gi.hwndFocus : NULL;
    outf(d, "focus\t%d\n", focus && GetParent(focus) == a.box ? GetDlgCtrlID(focus) : 0);
    HWND list = GetDlgItem(a.box, IDC_REPAIR_STEPS);
    if (list) {
        remote r = {NULL, NULL, 0};
        if (remote_open(&r, a.box)) {
            dump_list(d, &r, a.box, list, "steps", 0);
            remote_close(&r);
        }
    }
    print_fit(d, a.box, NULL);
    return timed_out ? 3 : 0;
}

/* A click on the header of column col of the result list (as the mouse does it). */
static int cmd_sortclick(driver *d, int col)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a))
        return 3;
    HWND list = GetDlgItem(a.hwnd, IDC_RESULT_LIST);
    HWND header = list ? (HWND)send_msg(list, LVM_GETHEADER, 0, 0) : NULL;
    if (!header)
        return 4;
    int x = 0;
    for (int c = 0; c < col; c++)
        x += (int)send_msg(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
    x += (int)send_msg(list, LVM_GETCOLUMNWIDTH, (WPARAM)col, 0) / 2;
    RECT hr;
    GetClientRect(header, &hr);
    LPARAM at = MAKELPARAM(x, hr.bottom / 2);
    send_msg(header, WM_LBUTTONDOWN, MK_LBUTTON, at);
    send_msg(header, WM_LBUTTONUP, 0, at);
    return 0;
}

/* ---- Properties: a row's Enter, Alt+Enter, double-click ---- */

static int cmd_rowkey(driver *d, const WCHAR *spec, const WCHAR *how)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a))
        return 3;
    const WCHAR *colon = wcschr(spec, L':');
    if (!colon)
        return 2;
    int row = (int)wcstol(colon + 1, NULL, 10);
    HWND list = GetDlgItem(a.hwnd, wcsncmp(spec, L"findings", 8) == 0 ? IDC_FINDINGS_LIST : IDC_RESULT_LIST);
    remote r = {NULL, NULL, 0};
    if (!list || !remote_open(&r, list))
        return 4;
    bool mark = _wcsicmp(how, L"mark") == 0;
    RECT rc = {mark ? LVIR_LABEL : LVIR_BOUNDS, 0, 0, 0};
    bool got = WriteProcessMemory(r.proc, r.base, &rc, sizeof rc, NULL) &&
               send_msg(list, LVM_GETITEMRECT, (WPARAM)row, (LPARAM)r.base) &&
               ReadProcessMemory(r.proc, r.base, &rc, sizeof rc, NULL);
    remote_close(&r);
    if (!got) {
        errf("guidriver: rowkey: no row %d in %ls\n", row, spec);
        return 4;
    }
    RECT client;
    GetClientRect(list, &client);
    int right = rc.right < client.right ? rc.right : client.right;
    LPARAM at = mark ? MAKELPARAM(rc.left + 4, (rc.top + rc.bottom) / 2)
                     : MAKELPARAM((rc.left > 0 ? rc.left : 0) + (right - (rc.left > 0 ? rc.left : 0)) / 3, (rc.top + rc.bottom) / 2);
    /* posted, as the mouse's messages arrive: the list takes the focus and selects the row */
    PostMessageW(list, WM_LBUTTONDOWN, MK_LBUTTON, at);
    PostMessageW(list, WM_LBUTTONUP, 0, at);
    if (_wcsicmp(how, L"enter") == 0) {
        PostMessageW(list, WM_KEYDOWN, VK_RETURN, 0x001c0001);
        PostMessageW(list, WM_KEYUP, VK_RETURN, 0xc01c0001);
    } else if (_wcsicmp(how, L"dblclick") == 0) {
        PostMessageW(list, WM_LBUTTONDBLCLK, MK_LBUTTON, at);
        PostMessageW(list, WM_LBUTTONUP, 0, at);
    } else if (_wcsicmp(how, L"altenter") == 0) {
        /* the accelerator reads the Alt key's state, which only typed input sets: SendInput, once the
         * click has been handled (a message sent after the posted ones returns after them) */
        send_msg(list, WM_NULL, 0, 0);
        SetForegroundWindow(a.hwnd);
        INPUT in[4];
        ZeroMemory(in, sizeof in);
        WORD keys[4] = {VK_MENU, VK_RETURN, VK_RETURN, VK_MENU};
        for (int i = 0; i < 4; i++) {
            in[i].type = INPUT_KEYBOARD;
            in[i].ki.wVk = keys[i];
            in[i].ki.dwFlags = i >= 2 ? KEYEVENTF_KEYUP : 0;
        }
        if (SendInput(4, in, sizeof in[0]) != 4)
            return 4;
    } else if (_wcsicmp(how, L"menu") == 0) {
        PostMessageW(a.hwnd, WM_COMMAND, MAKEWPARAM(IDM_ACTION_PROPERTIES, 0), 0);
    } else if (_wcsicmp(how, L"click") != 0 && !mark) {
        WPARAM vk = (WPARAM)wcstol(how, NULL, 10);
        if (!vk)
            return 2;
        PostMessageW(list, WM_KEYDOWN, vk, 1);
        PostMessageW(list, WM_KEYUP, vk, 0xc0000001);
    }
    /* returns once the list has handled what was posted before (a dialog it opened runs its own loop,
     * which handles this too) */
    send_msg(list, WM_NULL, 0, 0);
    return 0;
}

typedef struct propsdlg_arg {
    HWND box;
} propsdlg_arg;

static BOOL CALLBACK find_propsdlg(HWND hwnd, LPARAM lp)
{
    propsdlg_arg *a = (propsdlg_arg *)lp;
    if (!IsWindowVisible(hwnd) || !GetDlgItem(hwnd, IDC_PROPS_TEXT) || !is_console_or_wizard(GetWindow(hwnd, GW_OWNER)))
        return TRUE;
    a->box = hwnd;
    return FALSE;
}

static bool check_propsdlg(void *p)
{
    propsdlg_arg *a = p;
    a->box = NULL;
    EnumWindows(find_propsdlg, (LPARAM)a);
    return a->box != NULL;
}

static bool check_propsdlg_gone(void *p)
{
    return !check_propsdlg(p);
}

static int cmd_propsdlg(driver *d, bool leave_open)
{
    propsdlg_arg a = {NULL};
    if (!wait_until(d, check_propsdlg, &a)) {
        errf("guidriver: no Properties dialog within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    WCHAR text[TEXT_CCH] = L"";
    GetWindowTextW(a.box, text, TEXT_CCH);
    outf(d, "caption\t");
    out_wide(d, text);
    outf(d, "\n");
    GUITHREADINFO gi;
    ZeroMemory(&gi, sizeof gi);
    gi.cbSize = sizeof gi;
    outf(d, "focus\t%d\n", GetGUIThreadInfo(GetWindowThreadProcessId(a.box, NULL), &gi) && gi.hwndFocus
                                ? GetDlgCtrlID(gi.hwndFocus) : -1);
    static WCHAR big[65536];
    big[0] = 0;
    /* WM_GETTEXT is marshalled between processes (GetWindowText would give the caption only) */
    send_msg(GetDlgItem(a.box, IDC_PROPS_TEXT), WM_GETTEXT, sizeof big / sizeof big[0], (LPARAM)big);
    for (WCHAR *p = big, *next; p && *p; p = next) {
        next = wcsstr(p, L"\r\n");
        if (next) {
            *next = 0;
            next += 2;
        }
        outf(d, "line\t");
        out_wide(d, p);
        outf(d, "\n");
    }
    if (leave_open)
        return 0;
    PostMessageW(a.box, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
    if (!wait_until(d, check_propsdlg_gone, &a)) {
        errf("guidriver: the Properties dialog did not close within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    return 0;
}

/* ---- bench: another program's first window and memory (the peer of bindfix's own figures) ---- */

typedef struct class_arg {
    const WCHAR *cls;
    HWND hwnd;
} class_arg;

static bool check_class_visible(void *p)
{
    class_arg *a = p;
    a->hwnd = FindWindowW(a->cls, NULL);
    return a->hwnd && IsWindowVisible(a->hwnd);
}

static DWORD pid_of(HWND hwnd)
{
    DWORD pid = 0;
    GetWindowThreadProcessId(hwnd, &pid);
    return pid;
}

/* ms from the creation of the process owning the first visible window of class cls to now */
static int cmd_firstwindow(driver *d, const WCHAR *cls)
{
    class_arg a = {cls, NULL};
    if (!wait_until(d, check_class_visible, &a))
        return 3;
    FILETIME now, created, exited, kernel, user;
    GetSystemTimeAsFileTime(&now);
    HANDLE proc = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, pid_of(a.hwnd));
    if (!proc || !GetProcessTimes(proc, &created, &exited, &kernel, &user)) {
        if (proc)
            CloseHandle(proc);
        return 4;
    }
    CloseHandle(proc);
    ULARGE_INTEGER c = {{created.dwLowDateTime, created.dwHighDateTime}}, n = {{now.dwLowDateTime, now.dwHighDateTime}};
    outf(d, "firstwindow\t%llu\n", (unsigned long long)((n.QuadPart - c.QuadPart) / 10000));
    WCHAR title[512] = L"";
    GetWindowTextW(a.hwnd, title, 512);
    outf(d, "title\t");
    out_wide(d, title);
    outf(d, "\n");
    return 0;
}

/* opendialog CLASS ID: WM_COMMAND ID to the first visible window of CLASS (another program's menu command,
 * e.g. notepad's File > Open), then wait until a dialog (#32770) owned by it is visible: make bench-gui
 * measures what the system's file dialog costs a program that is not bindfix */
typedef struct owned_arg {
    HWND owner;
    HWND found;
} owned_arg;

static BOOL CALLBACK find_owned_dialog(HWND hwnd, LPARAM lp)
{
    owned_arg *a = (owned_arg *)lp;
    WCHAR cls[64];
    if (IsWindowVisible(hwnd) && GetWindow(hwnd, GW_OWNER) == a->owner && GetClassNameW(hwnd, cls, 64) &&
        wcscmp(cls, L"#32770") == 0) {
        a->found = hwnd;
        return FALSE;
    }
    return TRUE;
}

static bool check_owned_dialog(void *p)
{
    owned_arg *a = p;
    a->found = NULL;
    EnumWindows(find_owned_dialog, (LPARAM)a);
    return a->found != NULL;
}

static int cmd_opendialog(driver *d, const WCHAR *cls, int id)
{
    class_arg a = {cls, NULL};
    if (!wait_until(d, check_class_visible, &a))
        return 3;
    PostMessageW(a.hwnd, WM_COMMAND, MAKEWPARAM(id, 0), 0);
    owned_arg o = {a.hwnd, NULL};
    if (!wait_until(d, check_owned_dialog, &o)) {
        errf("guidriver: no dialog owned by the %ls window within %lu ms\n", cls, (unsigned long)d->timeout_ms);
        return 3;
    }
    return 0;
}

static int cmd_memof(driver *d, const WCHAR *cls)
{
    class_arg a = {cls, NULL};
    if (!wait_until(d, check_class_visible, &a))
        return 3;
    HANDLE proc = OpenProcess(PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, FALSE, pid_of(a.hwnd));
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    get_mem_fn get = k32 ? (get_mem_fn)(void (*)(void))GetProcAddress(k32, "K32GetProcessMemoryInfo") : NULL;
    PROCESS_MEMORY_COUNTERS_EX pmc;
    ZeroMemory(&pmc, sizeof pmc);
    int rc = 4;
    if (proc && get && get(proc, (PROCESS_MEMORY_COUNTERS *)&pmc, sizeof pmc)) {
        outf(d, "private\t%llu\n", (unsigned long long)(pmc.PrivateUsage ? pmc.PrivateUsage : pmc.PagefileUsage));
        rc = 0;
    }
    if (proc)
        CloseHandle(proc);
    return rc;
}

/* Waits until a part of the console's status bar holds TEXT; prints that part. */
typedef struct status_arg {
    HWND main;
    remote *r;
    const WCHAR *until;
    WCHAR text[TEXT_CCH];
} status_arg;

static bool check_status(void *p)
{
    status_arg *a = p;
    HWND status = GetDlgItem(a->main, IDC_STATUSBAR);
    int parts = status ? (int)send_msg(status, SB_GETPARTS, 0, 0) : 0;
    for (int i = 0; i < parts; i++) {
        a->text[0] = 0;
        if (get_status_text(a->r, status, i, a->text) && wcsstr(a->text, a->until) != NULL)
            return true;
    }
    return false;
}

static int cmd_status(driver *d, const WCHAR *until)
{
    find_arg f = {NULL};
    if (!wait_until(d, check_main_window, &f))
        return 3;
    remote r = {NULL, NULL, 0};
    if (!remote_open(&r, f.hwnd))
        return 4;
    static status_arg a;
    a.main = f.hwnd;
    a.r = &r;
    a.until = until;
    bool ok = wait_until(d, check_status, &a);
    outf(d, "status\t");
    out_wide(d, a.text);
    outf(d, "\n");
    remote_close(&r);
    if (!ok)
        errf("guidriver: the status bar did not say \"%ls\" within %lu ms\n", until, (unsigned long)d->timeout_ms);
    return ok ? 0 : 3;
}

/* A file dialog owned by the console (Save snapshot..., Export report...: the Common Item Dialog, or
 * the classic one): the file name typed into its first visible edit box, then its OK ("Save") button. */
typedef struct edit_find {
    HWND edit;
} edit_find;

static BOOL CALLBACK find_first_edit(HWND hwnd, LPARAM lp)
{
    edit_find *f = (edit_find *)lp;
    WCHAR cls[32];
    if (GetClassNameW(hwnd, cls, 32) && _wcsicmp(cls, L"Edit") == 0 && IsWindowVisible(hwnd) && IsWindowEnabled(hwnd)) {
        f->edit = hwnd;
        return FALSE;
    }
    return TRUE;
}

static bool check_file_dialog(void *p)
{
    dialog_arg *a = p;
    usage_arg u = {NULL, NULL, 0};
    if (!check_usage_box(&u))
        return false;
    edit_find f = {NULL};
    EnumChildWindows(u.box, find_first_edit, (LPARAM)&f);
    a->box = f.edit ? u.box : NULL;
    return a->box != NULL;
}

static int cmd_savefile(driver *d, const WCHAR *path)
{
    dialog_arg a = {NULL, NULL};
    if (!wait_until(d, check_file_dialog, &a)) {
        errf("guidriver: no file dialog with a file name box owned by the console within %lu ms\n",
             (unsigned long)d->timeout_ms);
        return 3;
    }
    edit_find f = {NULL};
    EnumChildWindows(a.box, find_first_edit, (LPARAM)&f);
    WCHAR caption[256] = L"";
    GetWindowTextW(a.box, caption, 256);
    outf(d, "caption\t");
    out_wide(d, caption);
    outf(d, "\n");
    /* WM_SETTEXT is marshalled between processes */
    send_msg(f.edit, WM_SETTEXT, 0, (LPARAM)path);
    PostMessageW(a.box, WM_COMMAND, MAKEWPARAM(IDOK, BN_CLICKED), (LPARAM)GetDlgItem(a.box, IDOK));
    return 0;
}

static int cmd_dlgclick(driver *d, int id)
{
    dialog_arg a = {NULL, NULL};
    if (!wait_until(d, check_dialog, &a))
        return 3;
    HWND b = GetDlgItem(a.box, id);
    if (!b || !IsWindowEnabled(b)) {
        errf("guidriver: dialog button %d missing or disabled\n", id);
        return 5;
    }
    PostMessageW(b, BM_CLICK, 0, 0);
    return 0;
}

/* ---- the repair wizard ------------------------------------------------------------------------------ */

#define WIZ_ANY_STATE (-2)   /* wiz_arg.page: any page, busy or not (Cancel and Help work while busy) */

typedef struct wiz_arg {
    int page;       /* wanted bfwiz_page, -1 any idle page, WIZ_ANY_STATE */
    HWND sheet;
    int shown;      /* the page it shows (-1 none yet) */
    int busy;
} wiz_arg;

static BOOL CALLBACK find_wizard(HWND hwnd, LPARAM lp)
{
    wiz_arg *a = (wiz_arg *)lp;
    if (!GetPropW(hwnd, BF_WIZ_PROP) || !IsWindowVisible(hwnd))
        return TRUE;
    a->sheet = hwnd;
    return FALSE;
}

static bool check_wizard(void *p)
{
    wiz_arg *a = p;
    a->sheet = NULL;
    a->shown = -1;
    EnumWindows(find_wizard, (LPARAM)a);
    if (!a->sheet)
        return false;
    a->shown = (int)(INT_PTR)GetPropW(a->sheet, BF_WIZ_PAGE_PROP) - 1;
    a->busy = (int)(INT_PTR)GetPropW(a->sheet, BF_WIZ_BUSY_PROP);
    if (a->page == WIZ_ANY_STATE)
        return true;
    return (a->page < 0 || a->shown == a->page) && !a->busy;
}

static bool check_no_wizard(void *p)
{
    wiz_arg *a = p;
    a->sheet = NULL;
    EnumWindows(find_wizard, (LPARAM)a);
    return a->sheet == NULL;
}

static HWND wizard_page(HWND sheet)
{
    return (HWND)send_msg(sheet, PSM_GETCURRENTPAGEHWND, 0, 0);
}

/* The sheet's own buttons (prsht: IDC_BACK 0x3023, IDC_NEXT 0x3024, IDC_FINISH 0x3025) */
static const struct {
    const char *name;
    int id;
    int psbtn;
} wiz_buttons[] = {
    {"back", 0x3023, PSBTN_BACK}, {"next", 0x3024, PSBTN_NEXT}, {"finish", 0x3025, PSBTN_FINISH},
    {"cancel", IDCANCEL, PSBTN_CANCEL}, {"help", IDHELP, PSBTN_HELP},
};

typedef struct wiz_dump {
    driver *d;
    remote *r;
    HWND page;
} wiz_dump;

static BOOL CALLBACK print_wizard_control(HWND hwnd, LPARAM lp)
{
    wiz_dump *w = (wiz_dump *)lp;
    driver *d = w->d;
    if (GetParent(hwnd) != w->page)
        return TRUE;
    WCHAR cls[64];
    static WCHAR text[65536];
    int id = GetDlgCtrlID(hwnd);
    if (!GetClassNameW(hwnd, cls, 64))
        return TRUE;
    bool visible = IsWindowVisible(hwnd) != 0;
    text[0] = 0;
    /* WM_GETTEXT is marshalled between processes (GetWindowText would give an edit's caption only) */
    send_msg(hwnd, WM_GETTEXT, BF_COUNTOF(text), (LPARAM)text);
    if (_wcsicmp(cls, L"Static") == 0) {
        if (text[0] && visible) {
            outf(d, "text\t%d\t", id);
            out_wide(d, text);
            outf(d, "\n");
        }
    } else if (_wcsicmp(cls, L"Edit") == 0) {
        outf(d, "edit\t%d\t%d\t", id, visible ? 1 : 0);
        out_wide(d, text);
        outf(d, "\n");
    } else if (_wcsicmp(cls, L"Button") == 0) {
        outf(d, "control\t%d\t%d\t%d\t%d\t", id, visible ? 1 : 0, IsWindowEnabled(hwnd) ? 1 : 0,
             (int)send_msg(hwnd, BM_GETCHECK, 0, 0));
        out_wide(d, text);
        outf(d, "\n");
    } else if (_wcsicmp(cls, WC_LISTVIEWW) == 0) {
        char name[32];
        snprintf(name, sizeof name, "list%d", id);
        dump_list(d, w->r, w->page, hwnd, name, 0);
        int rows = (int)send_msg(hwnd, LVM_GETITEMCOUNT, 0, 0);
        if (send_msg(hwnd, LVM_GETEXTENDEDLISTVIEWSTYLE, 0, 0) & LVS_EX_CHECKBOXES)
            for (int row = 0; row < rows; row++)
                outf(d, "checked\t%s\t%d\t%d\n", name, row,
                     ((UINT)send_msg(hwnd, LVM_GETITEMSTATE, (WPARAM)row, LVIS_STATEIMAGEMASK) >> 12) == 2 ? 1 : 0);
    } else if (_wcsicmp(cls, L"ListBox") == 0) {
        int n = (int)send_msg(hwnd, LB_GETCOUNT, 0, 0);
        for (int i = 0; i < n; i++) {
            if ((int)send_msg(hwnd, LB_GETTEXTLEN, (WPARAM)i, 0) >= (int)BF_COUNTOF(text))
                continue;
            text[0] = 0;
            send_msg(hwnd, LB_GETTEXT, (WPARAM)i, (LPARAM)text);
            outf(d, "log\t%d\t", id);
            out_wide(d, text);
            outf(d, "\n");
        }
    } else if (_wcsicmp(cls, PROGRESS_CLASSW) == 0) {
        outf(d, "progress\t%d\t%d\t%d\n", id, (int)send_msg(hwnd, PBM_GETPOS, 0, 0),
             (int)send_msg(hwnd, PBM_GETRANGE, FALSE, 0));
    }
    return TRUE;
}

static bool check_live(void *p)
{
    return live.seen >= *(int *)p;
}

static int cmd_liveevents(driver *d, int want)
{
    live.d = d;
    HWINEVENTHOOK hook = SetWinEventHook(0x8019, 0x8019, NULL, on_live_event, 0, 0,
                                         WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS);
    if (!hook) {
        errf("guidriver: SetWinEventHook failed (%lu)\n", GetLastError());
        return 4;
    }
    outf(d, "hooked\n");
    bool ok = wait_until(d, check_live, &want);
    UnhookWinEvent(hook);
    live.d = NULL;
    if (!ok)
        errf("guidriver: %d of %d live-region events within %lu ms\n", live.seen, want, (unsigned long)d->timeout_ms);
    return ok ? 0 : 3;
}

/* The wizard's header (an interior page's title and subtitle, statics on the sheet): each shown with its
 * words and its rectangle, in physical pixels as print_fit measures,
 *   header <title|subtitle> <shown> <left> <top> <width> <height> <text>
 * the page's rectangle, "header page <left> <top> <width> <height>"; the subtitle's words against its
 * height and the two against each other (print_fit: "headerfit <measured> <cut> <overlaps>"); and how many
 * of the two overlap the page, "headerpage <overlaps>". */
static void print_header(driver *d, HWND sheet, HWND page)
{
    static const int ids[3] = {IDC_WIZ_HDR_TITLE, IDC_WIZ_HDR_SUBTITLE, 0};
    static const char *const names[2] = {"title", "subtitle"};
    thread_awareness_fn set_aw = (thread_awareness_fn)(void (*)(void))GetProcAddress(
        GetModuleHandleW(L"user32.dll"), "SetThreadDpiAwarenessContext");
    DPI_AWARENESS_CONTEXT was = set_aw ? set_aw(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2) : NULL;
    RECT pr = {0, 0, 0, 0};
    if (page)
        GetWindowRect(page, &pr);
    outf(d, "header\tpage\t%ld\t%ld\t%ld\t%ld\n", pr.left, pr.top, pr.right - pr.left, pr.bottom - pr.top);
    int on_page = 0;
    for (int i = 0; i < 2; i++) {
        HWND h = GetDlgItem(sheet, ids[i]);
        RECT r = {0, 0, 0, 0}, both;
        WCHAR text[512] = L"";
        bool shown = h && IsWindowVisible(h);
        if (h) {
            GetWindowRect(h, &r);
            send_msg(h, WM_GETTEXT, BF_COUNTOF(text), (LPARAM)text);
        }
        if (shown && page && IntersectRect(&both, &r, &pr))
            on_page++;
        outf(d, "header\t%s\t%d\t%ld\t%ld\t%ld\t%ld\t", names[i], shown ? 1 : 0, r.left, r.top, r.right - r.left,
             r.bottom - r.top);
        out_wide(d, text);
        outf(d, "\n");
    }
    if (set_aw && was)
        set_aw(was);
    print_fit_as(d, sheet, ids, "headerfit");
    outf(d, "headerpage\t%d\n", on_page);
}

static int cmd_wizpage(driver *d, int page)
{
    wiz_arg a = {page, NULL, -1, 0};
    if (!wait_until(d, check_wizard, &a)) {
        errf("guidriver: no wizard showing page %d idle within %lu ms (%s, page %d, busy %d)\n", page,
             (unsigned long)d->timeout_ms, a.sheet ? "a wizard is open" : "no wizard", a.shown, a.busy);
        return 3;
    }
    /* A page sets its buttons in PSN_SETACTIVE with PropSheet_SetWizButtons, which POSTS PSM_SETWIZBUTTONS
     * (commctrl.h), before it marks itself shown: on a busy machine the page can be read between the two.
     * Each message sent to the sheet's thread is handled in its next GetMessage/PeekMessage, after the
     * posted message that call returned was dispatched, so a few round trips drain what was posted
     * before: an ordering condition, not a wait for time to pass. */
    for (int i = 0; i < 4; i++) {
        DWORD_PTR ignored;
        if (!SendMessageTimeoutW(a.sheet, WM_NULL, 0, 0, SMTO_NORMAL, 10000, &ignored))
            break;
    }
    HWND cur = wizard_page(a.sheet);
    WCHAR text[512] = L"";
    GetWindowTextW(a.sheet, text, 512);
    RECT wr;
    GetWindowRect(a.sheet, &wr);
    outf(d, "rect\t%ld\t%ld\t%ld\t%ld\n", wr.left, wr.top, wr.right - wr.left, wr.bottom - wr.top);
    outf(d, "page\t%d\ncaption\t", a.shown);
    out_wide(d, text);
    outf(d, "\n");
    print_help_topic(d, a.sheet);
    for (size_t i = 0; i < BF_COUNTOF(wiz_buttons); i++) {
        HWND b = GetDlgItem(a.sheet, wiz_buttons[i].id);
        outf(d, "button\t%s\t%d\t%d\n", wiz_buttons[i].name, b && IsWindowVisible(b) ? 1 : 0,
             b && IsWindowEnabled(b) ? 1 : 0);
    }
    remote r = {NULL, NULL, 0};
    if (cur && remote_open(&r, cur)) {
        wiz_dump w = {d, &r, cur};
        EnumChildWindows(cur, print_wizard_control, (LPARAM)&w);
        remote_close(&r);
        print_fit(d, cur, NULL);
    }
    print_header(d, a.sheet, cur);
    return 0;
}

static int cmd_wizpress(driver *d, const WCHAR *which)
{
    /* Back, Next and Finish wait for the page to be idle; Cancel and Help are pressed at once */
    bool now = _wcsicmp(which, L"cancel") == 0 || _wcsicmp(which, L"help") == 0;
    wiz_arg a = {now ? WIZ_ANY_STATE : -1, NULL, -1, 0};
    if (!wait_until(d, check_wizard, &a))
        return 3;
    for (size_t i = 0; i < BF_COUNTOF(wiz_buttons); i++) {
        if (_wcsicmp(which, L"back") != 0 && _wcsicmp(which, L"next") != 0 && _wcsicmp(which, L"finish") != 0 &&
            _wcsicmp(which, L"cancel") != 0 && _wcsicmp(which, L"help") != 0)
            break;
        WCHAR name[16];
        MultiByteToWideChar(CP_UTF8, 0, wiz_buttons[i].name, -1, name, 16);
        if (_wcsicmp(which, name) != 0)
            continue;
        HWND b = GetDlgItem(a.sheet, wiz_buttons[i].id);
        if (!b || !IsWindowVisible(b) || !IsWindowEnabled(b)) {
            errf("guidriver: the wizard's %ls button is hidden or disabled\n", which);
            return 5;
        }
        PostMessageW(a.sheet, PSM_PRESSBUTTON, (WPARAM)wiz_buttons[i].psbtn, 0);
        return 0;
    }
    errf("guidriver: wizpress back|next|finish|cancel|help, not %ls\n", which);
    return 2;
}

static int cmd_wizclick(driver *d, int id)
{
    wiz_arg a = {-1, NULL, -1, 0};
    if (!wait_until(d, check_wizard, &a))
        return 3;
    HWND page = wizard_page(a.sheet);
    HWND b = page ? GetDlgItem(page, id) : NULL;
    if (!b || !IsWindowVisible(b) || !IsWindowEnabled(b)) {
        errf("guidriver: wizard control %d missing, hidden or disabled\n", id);
        return 5;
    }
    /* sent, not posted: when it returns the page has handled the click (started its worker, set the
     * busy property). Bounded, in case the click opens a modal box. */
    DWORD_PTR ignored;
    SendMessageTimeoutW(b, BM_CLICK, 0, 0, SMTO_NORMAL, 10000, &ignored);
    return 0;
}

/* Ticks a row of the current page's list view the way a click on its check box does (state image 2). */
static int cmd_wizcheck(driver *d, int row)
{
    wiz_arg a = {-1, NULL, -1, 0};
    if (!wait_until(d, check_wizard, &a))
        return 3;
    HWND page = wizard_page(a.sheet);
    HWND list = page ? GetDlgItem(page, IDC_WIZ_LIST) : NULL;
    remote r = {NULL, NULL, 0};
    if (!list || !remote_open(&r, list))
        return 4;
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.stateMask = LVIS_STATEIMAGEMASK;
    item.state = INDEXTOSTATEIMAGEMASK(2);
    bool ok = WriteProcessMemory(r.proc, r.base, &item, sizeof item, NULL) &&
              send_msg(list, LVM_SETITEMSTATE, (WPARAM)row, (LPARAM)r.base);
    remote_close(&r);
    return ok ? 0 : 4;
}

/* no dialog (or message box) owned by the main window is open any more */
static bool check_no_dialog(void *p)
{
    usage_arg u = {NULL, NULL, 0};
    (void)p;
    return !check_usage_box(&u);
}

static int cmd_dlggone(driver *d)
{
    if (!wait_until(d, check_no_dialog, NULL))
        return 3;
    return 0;
}

static int cmd_wizgone(driver *d)
{
    wiz_arg a = {-1, NULL, -1, 0};
    if (!wait_until(d, check_no_wizard, &a))
        return 3;
    return 0;
}

/* ---- keys: the keyboard as a user has it --------------------------------------------------------------- */

typedef struct key_state {
    HWND focus;
    INT_PTR menu, open, node;
    LRESULT row;            /* the focused row of a focused list, the selected item of a focused tree */
} key_state;

typedef struct key_wait {
    HWND main;
    DWORD thread;
    key_state before, now;
} key_wait;

static void read_key_state(key_wait *w, key_state *st)
{
    GUITHREADINFO gi;
    ZeroMemory(&gi, sizeof gi);
    gi.cbSize = sizeof gi;
    st->focus = GetGUIThreadInfo(w->thread, &gi) ? gi.hwndFocus : NULL;
    st->menu = (INT_PTR)GetPropW(w->main, BF_MENU_PROP);
    st->open = (INT_PTR)GetPropW(w->main, BF_MENU_OPEN_PROP);
    st->node = (INT_PTR)GetPropW(w->main, BF_NODE_PROP);
    WCHAR cls[64] = L"";
    st->row = -1;
    if (st->focus && GetClassNameW(st->focus, cls, 64)) {
        if (_wcsicmp(cls, WC_LISTVIEWW) == 0)
            st->row = send_msg(st->focus, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
        else if (_wcsicmp(cls, WC_TREEVIEWW) == 0)
            st->row = send_msg(st->focus, TVM_GETNEXTITEM, TVGN_CARET, 0);
    }
}

static bool check_key_state_changed(void *p)
{
    key_wait *w = p;
    read_key_state(w, &w->now);
    return w->now.focus != w->before.focus || w->now.menu != w->before.menu || w->now.open != w->before.open ||
           w->now.node != w->before.node || w->now.row != w->before.row;
}

static bool check_menu_popup_or_loop_ended(void *p)
{
    key_wait *w = p;
    read_key_state(w, &w->now);
    return w->now.menu != 0 || w->now.open == 0;
}

/* "shift+f10" -> modifiers and a virtual key; false when not understood */
static bool parse_key(const WCHAR *k, bool *shift, bool *ctrl, bool *alt, WORD *vk)
{
    *shift = *ctrl = *alt = false;
    for (;;) {
        if (_wcsnicmp(k, L"shift+", 6) == 0) { *shift = true; k += 6; }
        else if (_wcsnicmp(k, L"ctrl+", 5) == 0) { *ctrl = true; k += 5; }
        else if (_wcsnicmp(k, L"alt+", 4) == 0) { *alt = true; k += 4; }
        else break;
    }
    static const struct { const WCHAR *name; WORD vk; } names[] = {
        {L"tab", VK_TAB}, {L"esc", VK_ESCAPE}, {L"enter", VK_RETURN}, {L"apps", VK_APPS}, {L"up", VK_UP},
        {L"down", VK_DOWN}, {L"left", VK_LEFT}, {L"right", VK_RIGHT}, {L"home", VK_HOME}, {L"end", VK_END},
        {L"f6", VK_F6}, {L"f10", VK_F10}, {L"space", VK_SPACE},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (_wcsicmp(k, names[i].name) == 0) {
            *vk = names[i].vk;
            return true;
        }
    if (k[0] && !k[1] && ((k[0] >= L'a' && k[0] <= L'z') || (k[0] >= L'A' && k[0] <= L'Z') ||
                          (k[0] >= L'0' && k[0] <= L'9'))) {
        *vk = (WORD)towupper(k[0]);
        return true;
    }
    return false;
}

static void key_input(INPUT *in, WORD vk, bool up)
{
    ZeroMemory(in, sizeof *in);
    in->type = INPUT_KEYBOARD;
    in->ki.wVk = vk;
    in->ki.wScan = (WORD)MapVirtualKeyW(vk, MAPVK_VK_TO_VSC);
    in->ki.dwFlags = up ? KEYEVENTF_KEYUP : 0;
    if (vk == VK_APPS || vk == VK_UP || vk == VK_DOWN || vk == VK_LEFT || vk == VK_RIGHT || vk == VK_HOME ||
        vk == VK_END)
        in->ki.dwFlags |= KEYEVENTF_EXTENDEDKEY;
}

/* The focused row of a list view or tree in screen coordinates, as "l,t,r,b"; "-" when none. */
static void print_focused_row(driver *d, HWND focus)
{
    WCHAR cls[64] = L"";
    RECT r;
    bool ok = false;
    GetClassNameW(focus, cls, 64);
    remote rm = {NULL, NULL, 0};
    if (focus && (_wcsicmp(cls, WC_LISTVIEWW) == 0 || _wcsicmp(cls, WC_TREEVIEWW) == 0) && remote_open(&rm, focus)) {
        if (_wcsicmp(cls, WC_LISTVIEWW) == 0) {
            int i = (int)send_msg(focus, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_FOCUSED);
            if (i < 0)
                i = (int)send_msg(focus, LVM_GETNEXTITEM, (WPARAM)-1, LVNI_SELECTED);
            r.left = LVIR_BOUNDS;
            ok = i >= 0 && WriteProcessMemory(rm.proc, rm.base, &r, sizeof r, NULL) &&
                 send_msg(focus, LVM_GETITEMRECT, (WPARAM)i, (LPARAM)rm.base) > 0;
        } else {
            HTREEITEM it = (HTREEITEM)send_msg(focus, TVM_GETNEXTITEM, TVGN_CARET, 0);
            ok = it && WriteProcessMemory(rm.proc, rm.base, &it, sizeof it, NULL) &&
                 send_msg(focus, TVM_GETITEMRECT, FALSE, (LPARAM)rm.base) > 0;
        }
        ok = ok && ReadProcessMemory(rm.proc, rm.base, &r, sizeof r, NULL);
        remote_close(&rm);
    }
    if (ok) {
        MapWindowPoints(focus, NULL, (POINT *)&r, 2);
        outf(d, "%ld,%ld,%ld,%ld", (long)r.left, (long)r.top, (long)r.right, (long)r.bottom);
    } else {
        outf(d, "-");
    }
}

static void print_key_line(driver *d, key_wait *w, const WCHAR *key)
{
    key_state *st = &w->now;
    WCHAR cls[64] = L"-", name[512] = L"";
    if (st->focus)
        GetClassNameW(st->focus, cls, 64);
    DWORD_PTR got = 0;
    if (st->focus)
        SendMessageTimeoutW(st->focus, WM_GETTEXT, BF_COUNTOF(name), (LPARAM)name, SMTO_ABORTIFHUNG, 5000, &got);
    if (!name[0] && st->focus) {
        /* no text of its own: the static right before it names it (as for a dialog's list) */
        HWND prev = GetWindow(st->focus, GW_HWNDPREV);
        WCHAR pcls[64] = L"";
        if (prev && GetClassNameW(prev, pcls, 64) && _wcsicmp(pcls, WC_STATICW) == 0)
            SendMessageTimeoutW(prev, WM_GETTEXT, BF_COUNTOF(name), (LPARAM)name, SMTO_ABORTIFHUNG, 5000, &got);
    }
    for (WCHAR *c = name; *c; c++)
        if (*c == L'\t' || *c == L'\n' || *c == L'\r')
            *c = L' ';
    outf(d, "key\t");
    out_wide(d, key);
    outf(d, "\t");
    out_wide(d, cls);
    outf(d, "\t%d\t", st->focus ? GetDlgCtrlID(st->focus) : 0);
    out_wide(d, name[0] ? name : L"-");
    outf(d, "\t%d\t%d\t", (int)st->menu, (int)st->open);
    print_focused_row(d, st->focus);
    outf(d, "\t%d,%d\n", (int)(INT_PTR)GetPropW(w->main, BF_MENU_X_PROP), (int)(INT_PTR)GetPropW(w->main, BF_MENU_Y_PROP));
}

static int cmd_keys(driver *d, const WCHAR *spec)
{
    find_arg a = {NULL};
    if (!wait_until(d, check_main_window, &a) || !wait_until(d, check_loaded, &a)) {
        errf("guidriver: no loaded main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    key_wait w;
    ZeroMemory(&w, sizeof w);
    w.main = a.hwnd;
    w.thread = GetWindowThreadProcessId(a.hwnd, NULL);
    SetForegroundWindow(a.hwnd);
    WCHAR buf[1024];
    lstrcpynW(buf, spec, (int)BF_COUNTOF(buf));
    int rc = 0;
    for (WCHAR *k = buf, *next; k && *k; k = next) {
        next = wcschr(k, L',');
        if (next)
            *next++ = 0;
        bool shift, ctrl, alt;
        WORD vk;
        if (!parse_key(k, &shift, &ctrl, &alt, &vk)) {
            errf("guidriver: unknown key %ls\n", k);
            return 2;
        }
        INPUT in[8];
        UINT n = 0;
        if (ctrl) key_input(&in[n++], VK_CONTROL, false);
        if (shift) key_input(&in[n++], VK_SHIFT, false);
        if (alt) key_input(&in[n++], VK_MENU, false);
        key_input(&in[n++], vk, false);
        key_input(&in[n++], vk, true);
        if (alt) key_input(&in[n++], VK_MENU, true);
        if (shift) key_input(&in[n++], VK_SHIFT, true);
        if (ctrl) key_input(&in[n++], VK_CONTROL, true);
        read_key_state(&w, &w.before);
        if (SendInput(n, in, sizeof in[0]) != n) {
            errf("guidriver: SendInput failed: error %lu\n", (unsigned long)GetLastError());
            return 4;
        }
        /* bounded: a key that changes nothing (a fault) shows as the same state once the time is up */
        d->deadline = GetTickCount64() + (d->timeout_ms < 10000 ? d->timeout_ms : 10000);
        if (!wait_until(d, check_key_state_changed, &w))
            rc = 5;
        /* Alt+letter of the menu bar: Wine enters the menu loop first (WM_ENTERMENULOOP) and opens the
         * popup on a key it posts to itself, so the first change seen can be the loop without its popup.
         * The key is done once a popup opened or the loop ended (bounded by the same deadline). */
        if (alt && w.now.open && !w.now.menu)
            wait_until(d, check_menu_popup_or_loop_ended, &w);
        /* the key may set off more than one step (a label's Alt+letter: the focus to the label, then
         * on to its list, in one message): once the window answers a message sent now, it is done */
        send_msg(w.main, WM_NULL, 0, 0);
        read_key_state(&w, &w.now);
        print_key_line(d, &w, k);
    }
    return rc;
}

/* wiztab: every control of the wizard's current page reachable by Tab (issue 23). It lists the page's
 * tab stops ("tabstop <id> <class>": visible, enabled, WS_TABSTOP children of the page), then presses Tab
 * once per tab stop of the page and of the sheet's visible, enabled buttons, and two more (so the round
 * comes back), printing where the focus went each time: "tab <id> <class> <1 on the page, 0 the sheet>".
 * The focus is read back from the wizard's thread (GetGUIThreadInfo) after it changed, bounded; a Tab
 * that moves nothing ends the round ("stuck"). First: "focus <id> <class> <on page>" before any Tab.
 * Each edit tab stop's text follows its tabstop line: "tabtext <id> <text, line ends as spaces>". */
static int cmd_wiztab(driver *d)
{
    wiz_arg a = {-1, NULL, -1, 0};
    if (!wait_until(d, check_wizard, &a))
        return 3;
    HWND page = wizard_page(a.sheet);
    if (!page)
        return 4;
    int stops = 0;
    for (HWND c = GetWindow(page, GW_CHILD); c; c = GetWindow(c, GW_HWNDNEXT)) {
        WCHAR cls[64] = L"";
        if (!IsWindowVisible(c) || !IsWindowEnabled(c) || !(GetWindowLongW(c, GWL_STYLE) & WS_TABSTOP))
            continue;
        GetClassNameW(c, cls, 64);
        outf(d, "tabstop\t%d\t", GetDlgCtrlID(c));
        out_wide(d, cls);
        outf(d, "\n");
        if (_wcsicmp(cls, L"Edit") == 0) {
            /* what a screen reader reads when Tab lands on the box: its text (WM_GETTEXT, line ends as
             * spaces) */
            WCHAR text[4096] = L"";
            send_msg(c, WM_GETTEXT, BF_COUNTOF(text), (LPARAM)text);
            text[BF_COUNTOF(text) - 1] = 0;
            outf(d, "tabtext\t%d\t", GetDlgCtrlID(c));
            out_wide(d, text);
            outf(d, "\n");
        }
        stops++;
    }
    for (size_t i = 0; i < BF_COUNTOF(wiz_buttons); i++) {
        HWND b = GetDlgItem(a.sheet, wiz_buttons[i].id);
        if (b && IsWindowVisible(b) && IsWindowEnabled(b))
            stops++;
    }
    key_wait w;
    ZeroMemory(&w, sizeof w);
    w.main = a.sheet;
    w.thread = GetWindowThreadProcessId(a.sheet, NULL);
    SetForegroundWindow(a.sheet);
    /* where the focus is before the first Tab: the page or the sheet placed it (a dialog's initial focus) */
    read_key_state(&w, &w.now);
    WCHAR fcls[64] = L"-";
    if (w.now.focus)
        GetClassNameW(w.now.focus, fcls, 64);
    outf(d, "focus\t%d\t", w.now.focus ? GetDlgCtrlID(w.now.focus) : 0);
    out_wide(d, fcls);
    outf(d, "\t%d\n", w.now.focus && GetParent(w.now.focus) == page ? 1 : 0);
    int rc = 0;
    for (int i = 0; i < stops + 2 && i < 40; i++) {
        INPUT in[2];
        key_input(&in[0], VK_TAB, false);
        key_input(&in[1], VK_TAB, true);
        read_key_state(&w, &w.before);
        if (SendInput(2, in, sizeof in[0]) != 2) {
            errf("guidriver: SendInput failed: error %lu\n", (unsigned long)GetLastError());
            return 4;
        }
        /* bounded: a Tab that moves nothing (a fault) shows as the same focus once the time is up */
        d->deadline = GetTickCount64() + (d->timeout_ms < 10000 ? d->timeout_ms : 10000);
        bool moved = wait_until(d, check_key_state_changed, &w);
        read_key_state(&w, &w.now);
        WCHAR cls[64] = L"-";
        if (w.now.focus)
            GetClassNameW(w.now.focus, cls, 64);
        outf(d, "tab\t%d\t", w.now.focus ? GetDlgCtrlID(w.now.focus) : 0);
        out_wide(d, cls);
        outf(d, "\t%d\n", w.now.focus && GetParent(w.now.focus) == page ? 1 : 0);
        if (!moved) {   /* the focus is stuck (none, or a trap): more presses would only wait again */
            outf(d, "stuck\n");
            rc = 5;
            break;
        }
    }
    return rc;
}

/* ---- settle: the console back to rest between test steps ---------------------------------------------- */

/* A step that fails on a loaded machine (its Esc arrived before its popup opened, a click on Cancel lost)
 * can leave a menu or a dialog open; every later key would then go to it and every later step fail with
 * it, each after its own wait. settle ends what is open - a menu through WM_CANCELMODE (DefWindowProc
 * ends menu processing: the documented way to cancel a modal loop from outside it), a dialog or message
 * box owned by the console through IDCANCEL (what Esc sends) - and waits, bounded, until the console is at
 * rest. It prints a "closed" line for what it had to close, so a caller can tell that a step left it open. */

typedef struct settle_arg {
    HWND main;
    DWORD thread;
} settle_arg;

static bool menu_is_open(settle_arg *a)
{
    GUITHREADINFO gi;
    ZeroMemory(&gi, sizeof gi);
    gi.cbSize = sizeof gi;
    bool loop = GetGUIThreadInfo(a->thread, &gi) && (gi.flags & (GUI_INMENUMODE | GUI_POPUPMENUMODE | GUI_SYSTEMMENUMODE));
    return loop || GetPropW(a->main, BF_MENU_OPEN_PROP) != NULL;
}

static bool check_at_rest(void *p)
{
    settle_arg *a = p;
    usage_arg u = {NULL, NULL, 0};
    return !menu_is_open(a) && !check_usage_box(&u);
}

static int cmd_settle(driver *d)
{
    find_arg f = {NULL};
    if (!wait_until(d, check_main_window, &f)) {
        errf("guidriver: no main window within %lu ms\n", (unsigned long)d->timeout_ms);
        return 3;
    }
    settle_arg a = {f.hwnd, GetWindowThreadProcessId(f.hwnd, NULL)};
    /* at most a few rounds: a dialog may own a message box, a menu may reopen its parent's bar */
    for (int round = 0; round < 8 && !check_at_rest(&a); round++) {
        if (menu_is_open(&a)) {
            outf(d, "closed\tmenu\t%d\n", (int)(INT_PTR)GetPropW(a.main, BF_MENU_PROP));
            send_msg(a.main, WM_CANCELMODE, 0, 0);
        }
        usage_arg u = {NULL, NULL, 0};
        if (check_usage_box(&u)) {
            WCHAR text[256] = L"";
            GetWindowTextW(u.box, text, 256);
            outf(d, "closed\tdialog\t");
            out_wide(d, text);
            outf(d, "\n");
            PostMessageW(u.box, WM_COMMAND, MAKEWPARAM(IDCANCEL, BN_CLICKED), 0);
        }
        /* bounded: each round waits until the console rests or a second passes, then looks again */
        ULONGLONG end = d->deadline;
        d->deadline = GetTickCount64() + 1000 < end ? GetTickCount64() + 1000 : end;
        wait_until(d, check_at_rest, &a);
        d->deadline = end;
    }
    if (!wait_until(d, check_at_rest, &a)) {
        errf("guidriver: the console still has a menu or a dialog open after settling\n");
        return 3;
    }
    return 0;
}

/* ---- main ---------------------------------------------------------------------------------------- */

int wmain(int argc, WCHAR **argv)
{
    driver d;
    ZeroMemory(&d, sizeof d);
    d.out = GetStdHandle(STD_OUTPUT_HANDLE);
    d.timeout_ms = 30000;
    const WCHAR *desktop = NULL;
    const WCHAR *cmd = NULL;
    const WCHAR *cmd_arg = NULL, *cmd_arg2 = NULL;
    bool leave_open = false;
    int press = IDOK;
    bool press_given = false;
    for (int i = 1; i < argc; i++) {
        if (wcscmp(argv[i], L"--desktop") == 0 && i + 1 < argc) {
            desktop = argv[++i];
        } else if (wcscmp(argv[i], L"--timeout") == 0 && i + 1 < argc) {
            d.timeout_ms = (DWORD)wcstoul(argv[++i], NULL, 10);
        } else if (wcscmp(argv[i], L"--leave-open") == 0) {
            leave_open = true;
        } else if (wcscmp(argv[i], L"--press") == 0 && i + 1 < argc) {
            press = (int)wcstol(argv[++i], NULL, 10);     /* msgbox: the button to press (IDYES 6, IDNO 7) */
            press_given = true;
        } else if (!cmd) {
            cmd = argv[i];
        } else if (!cmd_arg) {
            cmd_arg = argv[i];
        } else if (!cmd_arg2) {
            cmd_arg2 = argv[i];
        } else {
            errf("guidriver: unexpected argument %ls\n", argv[i]);
            return 2;
        }
    }
    if (!cmd) {
        errf("usage: guidriver.exe [--desktop NAME] [--timeout MS] dump|refresh|dpi N|close|msgbox [--leave-open]|command ID|sendcommand ID\n");
        return 2;
    }
    d.deadline = GetTickCount64() + d.timeout_ms;
    if (desktop) {
        /* bindfix runs on the named virtual desktop (wine explorer /desktop=NAME): windows are found
         * only from a thread attached to the same desktop, which may not exist yet when we start. */
        desktop_arg da = {desktop, NULL};
        if (!wait_until(&d, check_desktop, &da) || !SetThreadDesktop(da.desk)) {
            errf("guidriver: cannot attach to desktop %ls within %lu ms: error %lu\n", desktop,
                 (unsigned long)d.timeout_ms, (unsigned long)GetLastError());
            return 3;
        }
    }
    HWINEVENTHOOK hook = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL, on_win_event, 0, 0,
                                         WINEVENT_OUTOFCONTEXT | WINEVENT_SKIPOWNPROCESS);
    int rc;
    if (wcscmp(cmd, L"dump") == 0)
        rc = cmd_dump(&d, false, 0);
    else if (wcscmp(cmd, L"refresh") == 0)
        rc = cmd_dump(&d, true, 0);
    else if (wcscmp(cmd, L"dpi") == 0 && cmd_arg)
        rc = cmd_dump(&d, false, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"settingchange") == 0)
        rc = cmd_dump(&d, false, -1);
    else if (wcscmp(cmd, L"close") == 0)
        rc = cmd_close(&d);
    else if (wcscmp(cmd, L"msgbox") == 0)
        rc = cmd_usage(&d, leave_open, press, press_given);
    else if (wcscmp(cmd, L"command") == 0 && cmd_arg)
        rc = cmd_command(&d, (int)wcstol(cmd_arg, NULL, 10), false);
    else if (wcscmp(cmd, L"sendcommand") == 0 && cmd_arg)
        rc = cmd_command(&d, (int)wcstol(cmd_arg, NULL, 10), true);
    else if (wcscmp(cmd, L"server") == 0 && cmd_arg && cmd_arg2)
        rc = cmd_server(&d, cmd_arg, _wtoi(cmd_arg2));
    else if (wcscmp(cmd, L"combo") == 0 && cmd_arg)
        rc = cmd_combo(&d, _wtoi(cmd_arg), cmd_arg2 ? _wtoi(cmd_arg2) : -1);
    else if (wcscmp(cmd, L"node") == 0 && cmd_arg)
        rc = cmd_node(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"pick") == 0 && cmd_arg && cmd_arg2)
        rc = cmd_pick(&d, cmd_arg, (int)wcstol(cmd_arg2, NULL, 10));
    else if (wcscmp(cmd, L"counts") == 0)
        rc = cmd_counts(&d, cmd_arg ? (int)wcstol(cmd_arg, NULL, 10) : -1);
    else if (wcscmp(cmd, L"click") == 0 && cmd_arg)
        rc = cmd_click(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"copy") == 0)
        rc = cmd_copy(&d);
    else if (wcscmp(cmd, L"fleetprops") == 0)
        rc = cmd_fleetprops(&d);
    else if (wcscmp(cmd, L"props") == 0)
        rc = cmd_props(&d);
    else if (wcscmp(cmd, L"dialog") == 0)
        rc = cmd_dialog(&d, cmd_arg);
    else if (wcscmp(cmd, L"firstwindow") == 0 && cmd_arg)
        rc = cmd_firstwindow(&d, cmd_arg);
    else if (wcscmp(cmd, L"memof") == 0 && cmd_arg)
        rc = cmd_memof(&d, cmd_arg);
    else if (wcscmp(cmd, L"opendialog") == 0 && cmd_arg && cmd_arg2)
        rc = cmd_opendialog(&d, cmd_arg, (int)wcstol(cmd_arg2, NULL, 0));
    else if (wcscmp(cmd, L"sortclick") == 0 && cmd_arg)
        rc = cmd_sortclick(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"dlgclick") == 0 && cmd_arg)
        rc = cmd_dlgclick(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"wizpage") == 0 && cmd_arg)
        rc = cmd_wizpage(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"wiztab") == 0)
        rc = cmd_wiztab(&d);
    else if (wcscmp(cmd, L"wizpress") == 0 && cmd_arg)
        rc = cmd_wizpress(&d, cmd_arg);
    else if (wcscmp(cmd, L"wizclick") == 0 && cmd_arg)
        rc = cmd_wizclick(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"wizcheck") == 0 && cmd_arg)
        rc = cmd_wizcheck(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"status") == 0 && cmd_arg)
        rc = cmd_status(&d, cmd_arg);
    else if (wcscmp(cmd, L"savefile") == 0 && cmd_arg)
        rc = cmd_savefile(&d, cmd_arg);
    else if (wcscmp(cmd, L"rowkey") == 0 && cmd_arg && cmd_arg2)
        rc = cmd_rowkey(&d, cmd_arg, cmd_arg2);
    else if (wcscmp(cmd, L"propsdlg") == 0)
        rc = cmd_propsdlg(&d, leave_open);
    else if (wcscmp(cmd, L"wizgone") == 0)
        rc = cmd_wizgone(&d);
    else if (wcscmp(cmd, L"liveevents") == 0 && cmd_arg)
        rc = cmd_liveevents(&d, (int)wcstol(cmd_arg, NULL, 10));
    else if (wcscmp(cmd, L"runlimited") == 0 && cmd_arg)
        rc = cmd_runlimited(&d, cmd_arg, cmd_arg2);
    else if (wcscmp(cmd, L"panefit") == 0)
        rc = cmd_panefit(&d);
    else if (wcscmp(cmd, L"tips") == 0 && cmd_arg)
        rc = cmd_tips(&d, _wtoi(cmd_arg));
    else if (wcscmp(cmd, L"dlggone") == 0)
        rc = cmd_dlggone(&d);
    else if (wcscmp(cmd, L"keys") == 0 && cmd_arg)
        rc = cmd_keys(&d, cmd_arg);
    else if (wcscmp(cmd, L"settle") == 0)
        rc = cmd_settle(&d);
    else {
        errf("guidriver: unknown command %ls\n", cmd);
        rc = 2;
    }
    if (hook)
        UnhookWinEvent(hook);
    return rc;
}
