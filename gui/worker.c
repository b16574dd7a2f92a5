/*
 * worker.c - the one way bindfix.exe starts a worker thread (scans, repairs, file dialogs, exports, the
 * help viewer, the watchdog's pinger). _beginthreadex rather than CreateThread: the workers call the C
 * run-time (malloc, snprintf), whose per-thread data the CRT sets up only for threads it started.
 */
#include "gui.h"

#include <errno.h>
#include <process.h>

DWORD bfgui_worker_start(bfgui_worker_fn fn, void *arg, HANDLE *thread)
{
    return bfgui_worker_start_stack(fn, arg, 0, thread);
}

DWORD bfgui_worker_start_stack(bfgui_worker_fn fn, void *arg, unsigned stack_reserve, HANDLE *thread)
{
    return bfgui_worker_start_id(fn, arg, stack_reserve, thread, NULL);
}

DWORD bfgui_worker_start_id(bfgui_worker_fn fn, void *arg, unsigned stack_reserve, HANDLE *thread, unsigned *id)
{
    /* the thread's id from _beginthreadex itself: GetThreadId(handle) is Vista's (XP SP3 lacks it) */
    uintptr_t th = _beginthreadex(NULL, stack_reserve, fn, arg, stack_reserve ? STACK_SIZE_PARAM_IS_A_RESERVATION : 0,
                                  id);
    if (!th) {
        /* _beginthreadex leaves the Win32 error when CreateThread failed, only errno when the CRT did */
        DWORD rc = GetLastError();
        return rc ? rc : errno == EAGAIN ? ERROR_TOO_MANY_TCBS : ERROR_NOT_ENOUGH_MEMORY;
    }
    if (thread)
        *thread = (HANDLE)th;
    else
        CloseHandle((HANDLE)th);     /* detached: it posts its result and ends on its own */
    return ERROR_SUCCESS;
}
