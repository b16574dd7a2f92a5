/*
 * main.c - bindfix.exe's entry point: command line, common controls, DPI awareness, the main window and
 * the message loop (with the menu's accelerators and dialog-style keyboard navigation between lists).
 *
 *   bindfix.exe                   scan this machine (on a worker thread)
 *   bindfix.exe /demo             the machine of KB Q214864
 *   bindfix.exe /snapshot FILE    a snapshot saved with bindfix-cli snapshot -o FILE
 *   bindfix.exe /catalogue FILE   with a service catalogue of your own (as bindfix-cli --catalogue)
 *   bindfix.exe /fleet DIR        also open a folder of per-host results (res/fleet/) in the Fleet node
 *   bindfix.exe /wizard [source]  the guided repair wizard alone (gui/wizard.c)
 *   bindfix.exe /trust-file       elevated: use a journal or catalogue others can change (as bindfix-cli
 *                                 --trust-file; the journal limits still apply; help topic Security)
 *   bindfix.exe /fix | /restart | /undo
 *                                 open that dialog once the scan is shown (Apply, when not elevated,
 *                                 starts bindfix again this way as administrator)
 *   bindfix.exe /?                usage
 * Options may also start with '-' and are not case-sensitive.  Exit status: 0, or 2 for a bad command line.
 * BINDFIX_WATCHDOG=1 in the environment starts the UI-thread watchdog (gui/mainwnd.c) for tests and
 * benchmarks; without it no watchdog thread runs. BINDFIX_FAULT=sort,copy (tests only, gui.h BF_FAULT_ENV)
 * makes the lists' sort and copy allocations fail, to show the messages those failures give.
 */
#include "gui.h"
#include "wizard.h"

#include <objbase.h>
#include <shellapi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum parse_outcome { PARSE_OK, PARSE_USAGE, PARSE_BAD } parse_outcome;

static bool is_option(const WCHAR *arg, const WCHAR *name)
{
    return (arg[0] == L'/' || arg[0] == L'-') && _wcsicmp(arg + 1, name) == 0;
}

/* On PARSE_BAD, *bad_id and *bad_arg say what to tell the user (bad_arg may be NULL). */
static parse_outcome parse_command_line(int argc, WCHAR **argv, bf_gui_options *opts, UINT *bad_id,
                                        const WCHAR **bad_arg)
{
    for (int i = 1; i < argc; i++) {
        const WCHAR *a = argv[i];
        if (is_option(a, L"?") || is_option(a, L"h") || is_option(a, L"help") || is_option(a, L"-help")) {
            return PARSE_USAGE;
        } else if (is_option(a, L"fix")) {
            opts->start_command = IDM_ACTION_FIX;
        } else if (is_option(a, L"restart")) {
            opts->start_command = IDM_ACTION_RESTART;
        } else if (is_option(a, L"undo")) {
            opts->start_command = IDM_ACTION_UNDO;
        } else if (is_option(a, L"wizard")) {
            opts->wizard = true;
        } else if (is_option(a, L"trust-file") || is_option(a, L"-trust-file")) {
            opts->trust_files = true;
        } else if (is_option(a, L"demo")) {
            opts->source = BF_SOURCE_DEMO;
        } else if (is_option(a, L"fleet")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                *bad_id = IDS_USAGE_NEEDS_DIR;
                *bad_arg = a;
                return PARSE_BAD;
            }
            free(opts->fleet_dir);
            if (!(opts->fleet_dir = _wcsdup(argv[++i])))
                return PARSE_BAD;
        } else if (is_option(a, L"snapshot") || is_option(a, L"catalogue")) {
            if (i + 1 >= argc || !argv[i + 1][0]) {
                *bad_id = IDS_USAGE_NEEDS_FILE;
                *bad_arg = a;
                return PARSE_BAD;
            }
            WCHAR **slot = is_option(a, L"snapshot") ? &opts->snapshot_path : &opts->catalogue_path;
            free(*slot);
            *slot = _wcsdup(argv[++i]);
            if (!*slot)
                return PARSE_BAD;
            if (slot == &opts->snapshot_path)
                opts->source = BF_SOURCE_FILE;
        } else {
            *bad_id = IDS_USAGE_BAD_ARG;
            *bad_arg = a;
            return PARSE_BAD;
        }
    }
    return PARSE_OK;
}

/* The usage text, preceded by what was wrong (bad_id 0: nothing), in a box owned by owner. */
static void show_usage(HINSTANCE hinst, HWND owner, UINT bad_id, const WCHAR *bad_arg)
{
    WCHAR *usage = bfgui_load_string(hinst, IDS_USAGE);
    WCHAR *problem = NULL;
    if (bad_id) {
        DWORD_PTR args[1] = {(DWORD_PTR)(bad_arg ? bad_arg : L"")};
        problem = bfgui_format(hinst, bad_id, args, 1);
    }
    size_t n = (problem ? wcslen(problem) : 0) + (usage ? wcslen(usage) : 0) + 1;
    WCHAR *text = malloc(n * sizeof(WCHAR));
    if (text) {
        text[0] = L'\0';
        if (problem)
            wcscat(text, problem);
        if (usage)
            wcscat(text, usage);
    }
    bfgui_message_box(owner, text ? text : usage, MB_OK | (bad_id ? MB_ICONERROR : MB_ICONINFORMATION));
    free(text);
    free(problem);
    free(usage);
}

/* The one message box without an owner: there is no window yet to own it. */
static void show_startup_error(HINSTANCE hinst, DWORD code)
{
    DWORD_PTR args[1] = {(DWORD_PTR)code};
    WCHAR *text = bfgui_format(hinst, IDS_ERR_STARTUP, args, 1);
    bfgui_message_box(NULL, text, MB_OK | MB_ICONERROR);
    free(text);
}

static int run_message_loop(HWND hwnd, HACCEL accel)
{
    MSG msg;
    BOOL got;
    while ((got = GetMessageW(&msg, NULL, 0, 0)) != 0) {
        if (got == -1)
            return 1;
        if (accel && TranslateAcceleratorW(hwnd, accel, &msg))
            continue;
        /* Tab between the lists and the labels' Alt+letter mnemonics, as in a dialog; the menu bar's
         * letters and the Actions pane's arrow keys first (bfgui_main_window_key). */
        bf_key_route route = IsWindow(hwnd) ? bfgui_main_window_key(hwnd, &msg) : BF_KEY_DIALOG;
        if (route == BF_KEY_DONE)
            continue;
        if (route == BF_KEY_DIALOG && IsWindow(hwnd) && IsDialogMessageW(hwnd, &msg))
            continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return (int)msg.wParam;
}

int WINAPI wWinMain(HINSTANCE hinst, HINSTANCE prev, PWSTR cmdline, int show)
{
    (void)prev;
    (void)cmdline;  /* CommandLineToArgvW gives the arguments with the usual quoting rules */

    bfsys_dll_search_harden();     /* before anything loads a DLL: System32 only (compat.c) */
    bfgui_dpi_init_process();
    INITCOMMONCONTROLSEX icc = {sizeof icc, ICC_LISTVIEW_CLASSES | ICC_BAR_CLASSES | ICC_STANDARD_CLASSES |
                                                ICC_TREEVIEW_CLASSES | ICC_LINK_CLASS |
                                                ICC_PROGRESS_CLASS};
    InitCommonControlsEx(&icc);
    /* the Common Item Dialogs (Export, Save) are COM objects: an apartment for this (UI) thread */
    HRESULT com = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);

    bf_gui_options opts;
    ZeroMemory(&opts, sizeof opts);
    opts.source = BF_SOURCE_LIVE;
    WCHAR flag[4] = L"";
    DWORD n = GetEnvironmentVariableW(BF_WATCHDOG_ENV, flag, BF_COUNTOF(flag));
    opts.watchdog = n > 0 && n < BF_COUNTOF(flag) && wcscmp(flag, L"1") == 0;
    WCHAR faults[32] = L"";
    n = GetEnvironmentVariableW(BF_FAULT_ENV, faults, BF_COUNTOF(faults));
    if (n > 0 && n < BF_COUNTOF(faults))
        opts.faults = (wcsstr(faults, L"sort") ? BFGUI_FAULT_SORT : 0u) | (wcsstr(faults, L"copy") ? BFGUI_FAULT_COPY : 0u) |
                      (wcsstr(faults, L"fleet-hold") ? BFGUI_FAULT_FLEET_HOLD : 0u);
    UINT bad_id = 0;
    const WCHAR *bad_arg = NULL;
    int argc = 0;
    WCHAR **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    parse_outcome outcome = argv ? parse_command_line(argc, argv, &opts, &bad_id, &bad_arg) : PARSE_OK;

    if (!bfgui_register_main_window(hinst)) {
        show_startup_error(hinst, GetLastError());
        return 1;
    }
    /* The usage box needs an owner like every other message box: the (still hidden) main window,
     * which then closes without loading anything. */
    HWND hwnd = bfgui_create_main_window(hinst, &opts, outcome == PARSE_OK && !opts.wizard);
    if (!hwnd) {    /* its GetLastError is CreateWindowExW's (mainwnd.c keeps it across the clean-up) */
        show_startup_error(hinst, GetLastError());
        return 1;
    }
    int rc;
    if (outcome == PARSE_OK && opts.wizard) {
        /* the wizard is its own top-level window; the console (hidden) only owned a possible usage box */
        DestroyWindow(hwnd);
        /* its WM_DESTROY posted WM_QUIT, which would end the wizard's modal loop before it shows */
        MSG quit;
        PeekMessageW(&quit, NULL, WM_QUIT, WM_QUIT, PM_REMOVE);
        rc = bfgui_run_wizard(hinst, NULL, &opts) < 0 ? 1 : 0;
    } else if (outcome != PARSE_OK) {
        show_usage(hinst, hwnd, outcome == PARSE_BAD ? bad_id : 0, bad_arg);
        DestroyWindow(hwnd);
        rc = outcome == PARSE_BAD ? 2 : 0;
    } else {
        bfgui_show_main_window(hwnd, show);
        HACCEL accel = LoadAcceleratorsW(hinst, MAKEINTRESOURCEW(IDA_MAIN));
        rc = run_message_loop(hwnd, accel);
    }
    if (argv)
        LocalFree(argv);
    free(opts.snapshot_path);
    free(opts.catalogue_path);
    free(opts.fleet_dir);
    if (SUCCEEDED(com))
        CoUninitialize();
    return rc;
}
