/*
 * scm_failure.h - what the Service Control Manager does after bindfix ended a hung service's process,
 * and how long bindfix waits for it.
 *
 * An ended process is a crash to the SCM (the service did not report SERVICE_STOPPED), so it runs the
 * service's failure actions (QueryServiceConfig2W, SERVICE_CONFIG_FAILURE_ACTIONS): lpsaActions[n-1] for
 * the n-th failure, the count set back to 0 after dwResetPeriod seconds without one. The flag of
 * SERVICE_CONFIG_FAILURE_ACTIONS_FLAG (fFailureActionsOnNonCrashFailures) only adds the non-crash case (a
 * service that reports SERVICE_STOPPED with an exit code): it does not change what a crash does.
 * (learn.microsoft.com: SERVICE_FAILURE_ACTIONSW, SC_ACTION, SERVICE_FAILURE_ACTIONS_FLAG.)
 *
 * bindfix cannot read the failure count, so it goes by the first action, as after a reset period
 * without failures: SC_ACTION_RESTART -> wait on the service's state for that delay plus a margin for
 * the SCM's restart; any other action (or none, or unreadable) -> do not wait, bindfix starts it.
 */
#ifndef BF_SCM_FAILURE_H
#define BF_SCM_FAILURE_H

#include "base.h"
#include "model.h"    /* bf_svc_state */

/* SC_ACTION_TYPE's values (winsvc.h) */
enum { BF_SC_ACTION_NONE = 0, BF_SC_ACTION_RESTART = 1, BF_SC_ACTION_REBOOT = 2, BF_SC_ACTION_RUN_COMMAND = 3 };

typedef struct bf_failure_actions {
    bool known;                     /* the failure actions could be read */
    unsigned long reset_period_s;   /* dwResetPeriod (0xFFFFFFFF: INFINITE, never reset) */
    unsigned long count;            /* cActions */
    int first_type;                 /* lpsaActions[0].Type (BF_SC_ACTION_*), NONE when count is 0 */
    unsigned long first_delay_ms;   /* lpsaActions[0].Delay */
    bool non_crash_flag;            /* SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, where read (informative only) */
} bf_failure_actions;

/* How long to wait for the SCM's own restart after the process was ended: the first action's delay
 * plus margin_ms (the administrator's per-service timeout), capped at BF_SERVICE_WAIT_CAP_MS; -1 when
 * no restart is to be expected (not known, no action, or the first action is not a restart). */
long bf_scm_restart_wait_ms(const bf_failure_actions *fa, int margin_ms);

/* What happened, one sentence for the output and the journal ("ended" member): restarted is whether
 * the SCM restarted the service (a new process) within wait_ms. */
void bf_scm_end_outcome(const bf_failure_actions *fa, long wait_ms, bool restarted, char *text, size_t size);

/* The wait after the process ended, as a pure observer of the service's status (the system layer polls
 * QueryServiceStatusEx and feeds each answer in, with its own clock), so that the races are tested in the
 * core with a made-up sequence and clock:
 *   - a restart delay near 0: the SCM may have restarted the service before the first look. A nonzero
 *     process ID other than the ended one, starting or running, is the SCM's restart whenever it is seen,
 *     the first look included;
 *   - the same ID again: Windows does not reuse a process ID while a handle to the process is open (the
 *     caller keeps the ended process's handle until the wait is over); should it be closed, a look that
 *     saw the service STOPPED followed by one that sees it starting or running in any process is a new
 *     start too (the before-and-after reading of the service's state);
 *   - a failed look (the query failed) is no answer: the wait goes on to its bound;
 *   - the clock is a 32-bit millisecond counter that wraps (GetTickCount): time is now - start, unsigned.
 * No restart expected (restart_wait_ms < 0): the wait ends when the service is seen STOPPED, or a new
 * process (some other start) runs it, or after stop_wait_ms. */
typedef enum bf_scm_wait_result {
    BF_SCM_WAITING = 0,     /* no verdict yet: look again */
    BF_SCM_RESTARTED,       /* the service started again in a new process (or after a STOPPED look) */
    BF_SCM_STOPPED,         /* no restart expected, and the service was seen stopped */
    BF_SCM_TIMED_OUT        /* the bound passed without either */
} bf_scm_wait_result;

typedef struct bf_scm_wait {
    unsigned long old_pid;
    long restart_wait_ms;   /* bf_scm_restart_wait_ms; -1: no restart expected */
    unsigned long stop_wait_ms;
    unsigned long start;    /* the clock at bf_scm_wait_begin */
    bool seen_stopped;      /* some look saw SERVICE_STOPPED */
    int looks;
    unsigned long new_pid;
} bf_scm_wait;

void bf_scm_wait_begin(bf_scm_wait *w, unsigned long old_pid, long restart_wait_ms, unsigned long stop_wait_ms,
                       unsigned long now_ms);
/* One look: read_ok false when the status query failed (state and pid then mean nothing). */
bf_scm_wait_result bf_scm_wait_look(bf_scm_wait *w, unsigned long now_ms, bool read_ok, bf_svc_state state,
                                    unsigned long pid);

#endif
