/*
 * watchdog.c - the responsiveness watchdog of a top-level window (only with BINDFIX_WATCHDOG=1: tests
 * and make bench-gui): a thread that asks the UI thread every 20 ms (WM_BF_PING) and measures how long
 * the answer takes. A modal dialog's loop answers too, so only real blocking is counted. An answer that
 * takes BF_HANG_MS or more is a hang: the watchdog's own thread records it (BF_HANG_PROP) while it
 * waits, so that a test reads it even if the UI thread never answers again. The figures are published
 * as window properties (gui.h: BF_WATCHDOG_PROP, BF_MAXGAP_PROP, BF_HANG_PROP, ...), read from outside
 * by tests/tools/guidriver.c.
 *
 * State lives in one heap bfgui_watchdog per window, shared with its thread until bfgui_watchdog_stop
 * has joined it.
 */
#include "gui.h"

#include <stdlib.h>

struct bfgui_watchdog {
    HWND hwnd;
    HANDLE thread;
    volatile LONG stop;
    volatile LONG busy_with;    /* the message the UI thread is handling (WM_COMMAND: | id << 16), 0 idle */
    LONG pings;                 /* answered pings (the watchdog's thread only) */
    LONG max_gap_ms;            /* the longest the UI thread took to answer (UI thread only) */
};

static unsigned __stdcall watchdog_main(void *param)
{
    bfgui_watchdog *wd = param;
    LARGE_INTEGER freq, t0, t1;
    QueryPerformanceFrequency(&freq);
    LONG last = 0, last_busy = 0, longest_hang = 0;
    while (!wd->stop) {
        QueryPerformanceCounter(&t0);
        /* what the UI thread is doing as the ping is sent is what the ping will wait for */
        LONG busy = wd->busy_with;
        DWORD_PTR ignored;
        /* wait in slices of BF_HANG_MS: after each unanswered one the hang so far is on record */
        while (!SendMessageTimeoutW(wd->hwnd, WM_BF_PING, (WPARAM)last, (LPARAM)last_busy, SMTO_NORMAL, BF_HANG_MS,
                                    &ignored)) {
            if (wd->stop || !IsWindow(wd->hwnd))
                return 0;
            QueryPerformanceCounter(&t1);
            LONG so_far = (LONG)((t1.QuadPart - t0.QuadPart) * 1000 / freq.QuadPart);
            if (so_far > longest_hang) {
                longest_hang = so_far;
                SetPropW(wd->hwnd, BF_HANG_MSG_PROP, (HANDLE)(INT_PTR)busy);
                SetPropW(wd->hwnd, BF_HANG_PROP, (HANDLE)(INT_PTR)so_far);
            }
        }
        last_busy = busy;
        SetPropW(wd->hwnd, BF_PINGS_PROP, (HANDLE)(INT_PTR)++wd->pings);
        QueryPerformanceCounter(&t1);
        last = (LONG)((t1.QuadPart - t0.QuadPart) * 1000 / freq.QuadPart);
        Sleep(20);      /* the sampling interval, not a wait for something to happen */
    }
    return 0;
}

bfgui_watchdog *bfgui_watchdog_start(HWND hwnd)
{
    bfgui_watchdog *wd = calloc(1, sizeof *wd);
    if (!wd)
        return NULL;
    wd->hwnd = hwnd;
    /* it needs little stack: reserve 64 KB instead of the executable's default */
    if (bfgui_worker_start_stack(watchdog_main, wd, 64 * 1024, &wd->thread) != ERROR_SUCCESS) {
        free(wd);
        return NULL;
    }
    SetPropW(hwnd, BF_WATCHDOG_PROP, (HANDLE)(INT_PTR)1);
    return wd;
}

void bfgui_watchdog_stop(bfgui_watchdog *wd)
{
    if (!wd)
        return;
    InterlockedExchange(&wd->stop, 1);
    /* it may be inside SendMessageTimeout to us: let it in while waiting */
    DWORD w;
    while ((w = MsgWaitForMultipleObjects(1, &wd->thread, FALSE, 5000, QS_SENDMESSAGE)) == WAIT_OBJECT_0 + 1) {
        MSG m;
        PeekMessageW(&m, NULL, 0, 0, PM_NOREMOVE);
    }
    CloseHandle(wd->thread);
    /* a thread that did not end within 5 s may still read wd: leave it to the process's end */
    if (w == WAIT_OBJECT_0)
        free(wd);
}

LONG bfgui_watchdog_enter(bfgui_watchdog *wd, UINT msg, WPARAM wp)
{
    if (!wd)
        return 0;
    LONG outer = wd->busy_with;
    bool detail = msg == WM_COMMAND || msg >= WM_APP;   /* the command id, the step number */
    wd->busy_with = (LONG)(detail ? (msg | ((DWORD)LOWORD(wp) << 16)) : msg);
    return outer;
}

void bfgui_watchdog_leave(bfgui_watchdog *wd, LONG outer)
{
    if (wd)
        wd->busy_with = outer;
}

void bfgui_watchdog_record(bfgui_watchdog *wd, WPARAM wp, LPARAM lp, bool counting)
{
    LONG latency = (LONG)wp;
    if (!wd || !counting || latency <= wd->max_gap_ms)
        return;
    wd->max_gap_ms = latency;
    SetPropW(wd->hwnd, BF_MAXGAP_PROP, (HANDLE)(INT_PTR)latency);
    SetPropW(wd->hwnd, BF_MAXGAP_MSG_PROP, (HANDLE)(INT_PTR)(LONG)lp);
}

void bfgui_record_moment(HWND hwnd, const WCHAR *prop)
{
    FILETIME created, exited, kernel, user, now;
    if (!GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user))
        return;
    GetSystemTimeAsFileTime(&now);
    ULARGE_INTEGER a = {{created.dwLowDateTime, created.dwHighDateTime}}, b = {{now.dwLowDateTime, now.dwHighDateTime}};
    LONG ms = b.QuadPart > a.QuadPart ? (LONG)((b.QuadPart - a.QuadPart) / 10000) : 0;
    SetPropW(hwnd, prop, (HANDLE)(INT_PTR)(ms + 1));   /* 0 would mean "not yet" */
}
