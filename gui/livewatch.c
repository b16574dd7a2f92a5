/* livewatch.c - the console's live mode (View > Auto refresh, issue 16 part 3): a worker thread waits
 * for address and interface changes with the same notifications as bindfix-cli watch (gui/sys/watch.c:
 * NotifyUnicastIpAddressChange / NotifyIpInterfaceChange, or the address table polled where they are
 * stubbed, as in Wine 8) and posts WM_BF_ADDR_CHANGED to the window, which scans again. The UI thread
 * never waits for a notification; while nothing changes the thread sleeps in WaitForSingleObject (with
 * notifications) or compares the address table every 250 ms (polling). */
#include "gui.h"

#include <process.h>
#include <stdlib.h>

#include "messages.h"
#include "system.h"

/* how long one wait lasts before the thread looks at its stop flag: the longest a stop waits for it
 * (besides the 3 s watch_begin gives a stubbed notification to show itself) */
#define LIVE_SLICE_MS 500

struct bfgui_live {
    HWND hwnd;
    HANDLE thread;
    volatile LONG stop;
    bf_system sys;
};

static unsigned __stdcall live_thread(void *arg)
{
    bfgui_live *l = arg;
    const char *mechanism = "";
    bf_err err;
    void *w;
    if (!l->sys.watch_begin || !(w = l->sys.watch_begin(l->sys.ctx, &mechanism, &err)))
        return 1;
    /* armed: one scan now covers what changed between the last scan and this moment (a change before the
     * watch was armed is in its starting point, and no notification would tell of it) */
    PostMessageW(l->hwnd, WM_BF_ADDR_CHANGED, 0, 0);
    while (!InterlockedCompareExchange(&l->stop, 0, 0)) {
        int r = l->sys.watch_wait(w, LIVE_SLICE_MS);
        if (r < 0)
            break;
        if (r > 0 && !InterlockedCompareExchange(&l->stop, 0, 0))
            PostMessageW(l->hwnd, WM_BF_ADDR_CHANGED, 0, 0);
    }
    l->sys.watch_end(w);
    return 0;
}

bfgui_live *bfgui_live_start(HWND hwnd)
{
    bfgui_live *l = calloc(1, sizeof *l);
    if (!l)
        return NULL;
    l->hwnd = hwnd;
    bfsys_system_init(&l->sys);
    l->thread = (HANDLE)_beginthreadex(NULL, 0, live_thread, l, 0, NULL);
    if (!l->thread) {
        bfsys_system_free(&l->sys);
        free(l);
        return NULL;
    }
    return l;
}

void bfgui_live_stop(bfgui_live *l)
{
    if (!l)
        return;
    InterlockedExchange(&l->stop, 1);
    WaitForSingleObject(l->thread, INFINITE);   /* bounded: the thread looks at the flag every slice */
    CloseHandle(l->thread);
    bfsys_system_free(&l->sys);
    free(l);
}
