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

#endif
