/*
 * help.c - F1 and the Help buttons: the context topic of bindfix.chm through HtmlHelpW, called on a
 * viewer thread of its own (see below). hhctrl.ocx is loaded at run time so that bindfix starts (and
 * says why help is missing) where it is not installed.
 */
#include "gui.h"

#include "helptopics.h"

#include <stdio.h>
#include <stdlib.h>

typedef HWND(WINAPI *html_help_fn)(HWND, LPCWSTR, UINT, DWORD_PTR);
#define BF_HH_DISPLAY_TOPIC 0x0000

/* The topic asked for, as a global atom in a property of the owner's top-level window (BF_HELP_PROP):
 * what the GUI tests read back, since Wine without Gecko cannot render a topic to look at. */
static void record_topic(HWND owner, const WCHAR *topic)
{
    HWND top = owner ? GetAncestor(owner, GA_ROOT) : NULL;
    if (!top)
        return;
    ATOM previous = (ATOM)(UINT_PTR)GetPropW(top, BF_HELP_PROP);
    ATOM atom = GlobalAddAtomW(topic);
    if (atom) {
        SetPropW(top, BF_HELP_PROP, (HANDLE)(UINT_PTR)atom);
        if (previous)
            GlobalDeleteAtom(previous);
    }
}

/* The viewer runs on a thread of its own: the first HtmlHelp call loads hhctrl, opens the .chm and
 * builds its window, 40-100 ms under Wine, which the UI thread must not spend. The thread owns the
 * HTML Help window and pumps its messages until the process ends. It is process-wide, as the HTML Help
 * window itself is, hence the one static below (written once, under the INIT_ONCE). */
/* WM_BF_HELP_SHOW (messages.h) asks the viewer thread to show a topic */

typedef struct help_viewer {
    volatile LONG once;     /* bfsys_run_once (InitOnceExecuteOnce is Vista's) */
    DWORD thread_id;        /* 0: could not be started */
    HANDLE ready;           /* set once the thread has a message queue */
    HINSTANCE hinst;
} help_viewer;

static help_viewer viewer = {0, 0, NULL, NULL};

static void show_missing(HINSTANCE hinst, HWND owner, const WCHAR *path)
{
    DWORD_PTR args[1] = {(DWORD_PTR)path};
    WCHAR *text = bfgui_format(hinst, IDS_HELP_MISSING, args, 1);
    bfgui_message_box(owner, text ? text : BF_HELP_FILE, MB_OK | MB_ICONINFORMATION);
    free(text);
}

static unsigned __stdcall viewer_main(void *param)
{
    help_viewer *v = param;
    MSG msg;
    PeekMessageW(&msg, NULL, WM_USER, WM_USER, PM_NOREMOVE);    /* the queue exists from here on */
    SetEvent(v->ready);
    HMODULE hh = bfsys_load_system_dll(L"hhctrl.ocx");     /* stays loaded: its window lives on */
    html_help_fn fn = hh ? (html_help_fn)(void (*)(void))GetProcAddress(hh, "HtmlHelpW") : NULL;
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        if (msg.hwnd == NULL && msg.message == WM_BF_HELP_SHOW) {
            WCHAR *url = (WCHAR *)msg.lParam;
            HWND shown = fn ? fn(NULL, url, BF_HH_DISPLAY_TOPIC, 0) : NULL;
            if (!shown) {
                WCHAR *sep = wcsstr(url, L"::/");
                if (sep)
                    *sep = 0;
                show_missing(v->hinst, (HWND)msg.wParam, url);
            }
            free(url);
            continue;
        }
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    return 0;
}

static void start_viewer(void *param)
{
    help_viewer *v = param;
    v->ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE th = NULL;
    unsigned id = 0;
    if (v->ready && bfgui_worker_start_id(viewer_main, v, 0, &th, &id) == ERROR_SUCCESS) {
        v->thread_id = id;
        /* a few ms at most: the thread's first act; PostThreadMessage needs its queue */
        WaitForSingleObject(v->ready, 5000);
        CloseHandle(th);
    }
}

void bfgui_help_open(HINSTANCE hinst, HWND owner, const WCHAR *topic)
{
    record_topic(owner, topic ? topic : BF_HELP_INDEX);
    WCHAR path[MAX_PATH + 128];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);
    WCHAR *slash = n && n < MAX_PATH ? wcsrchr(path, L'\\') : NULL;
    if (!slash) {
        show_missing(hinst, owner, BF_HELP_FILE);
        return;
    }
    slash[1] = L'\0';
    wcscat(path, BF_HELP_FILE);
    if (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
        show_missing(hinst, owner, path);
        return;
    }
    bfsys_help_place place = bfsys_help_place_at(path);
    if (place != BFSYS_HELP_LOCAL) {
        /* HTML Help would open a window of blank pages: say why and how to fix it instead */
        DWORD_PTR args[1] = {(DWORD_PTR)path};
        WCHAR *text = bfgui_format(hinst, place == BFSYS_HELP_REMOTE ? IDS_HELP_ON_SHARE : IDS_HELP_BLOCKED_ZONE, args, 1);
        bfgui_message_box(owner, text ? text : path, MB_OK | MB_ICONINFORMATION);
        free(text);
        return;
    }
    size_t cch = wcslen(path) + wcslen(topic ? topic : BF_HELP_INDEX) + 4;
    WCHAR *url = malloc(cch * sizeof(WCHAR));
    if (!url) {
        show_missing(hinst, owner, path);
        return;
    }
    _snwprintf(url, cch, L"%ls::/%ls", path, topic ? topic : BF_HELP_INDEX);
    url[cch - 1] = 0;
    viewer.hinst = hinst;
    bfsys_run_once(&viewer.once, start_viewer, &viewer);
    if (!viewer.thread_id || !PostThreadMessageW(viewer.thread_id, WM_BF_HELP_SHOW, (WPARAM)owner, (LPARAM)url)) {
        free(url);
        show_missing(hinst, owner, path);
    }
}
