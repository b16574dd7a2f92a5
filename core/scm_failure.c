/* scm_failure.c - the wait for the SCM's restart after an ended service process (scm_failure.h). */
#include "scm_failure.h"
#include "machine.h"    /* BF_SERVICE_WAIT_CAP_MS */

#include <stdio.h>
#include <string.h>

long bf_scm_restart_wait_ms(const bf_failure_actions *fa, int margin_ms)
{
    unsigned long long w;
    if (!fa || !fa->known || fa->count == 0 || fa->first_type != BF_SC_ACTION_RESTART)
        return -1;
    w = (unsigned long long)fa->first_delay_ms + (unsigned long long)(margin_ms > 0 ? margin_ms : 0);
    return w > BF_SERVICE_WAIT_CAP_MS ? (long)BF_SERVICE_WAIT_CAP_MS : (long)w;
}

static const char *action_words(int t)
{
    switch (t) {
    case BF_SC_ACTION_RESTART:
        return "restart the service";
    case BF_SC_ACTION_REBOOT:
        return "restart the computer";
    case BF_SC_ACTION_RUN_COMMAND:
        return "run a program";
    default:
        return "take no action";
    }
}

void bf_scm_end_outcome(const bf_failure_actions *fa, long wait_ms, bool restarted, char *text, size_t size)
{
    char reset[64];
    if (!fa || !fa->known) {
        snprintf(text, size, "its failure actions could not be read: bindfix does not wait for the Service Control "
                             "Manager and starts the service itself");
        return;
    }
    if (fa->reset_period_s == 0xFFFFFFFFUL)
        snprintf(reset, sizeof reset, "never reset");
    else
        snprintf(reset, sizeof reset, "reset after %lu s without failures", fa->reset_period_s);
    if (wait_ms < 0) {
        snprintf(text, size, "no restart is configured (first failure action: %s; failure count %s): bindfix starts "
                             "the service itself", action_words(fa->count ? fa->first_type : BF_SC_ACTION_NONE), reset);
    } else if (restarted) {
        snprintf(text, size, "the Service Control Manager restarted the service (first failure action: restart after "
                             "%lu ms; failure count %s)", fa->first_delay_ms, reset);
    } else {
        snprintf(text, size, "the Service Control Manager's restart (first failure action: restart after %lu ms; "
                             "failure count %s) did not come within %ld ms: bindfix starts the service itself",
                 fa->first_delay_ms, reset, wait_ms);
    }
}

void bf_scm_wait_begin(bf_scm_wait *w, unsigned long old_pid, long restart_wait_ms, unsigned long stop_wait_ms,
                       unsigned long now_ms)
{
    memset(w, 0, sizeof *w);
    w->old_pid = old_pid;
    w->restart_wait_ms = restart_wait_ms;
    w->stop_wait_ms = stop_wait_ms;
    w->start = now_ms & 0xFFFFFFFFUL;
}

bf_scm_wait_result bf_scm_wait_look(bf_scm_wait *w, unsigned long now_ms, bool read_ok, bf_svc_state state,
                                    unsigned long pid)
{
    /* a 32-bit counter: the difference modulo 2^32 is the time passed, across a wrap too */
    unsigned long elapsed = ((now_ms & 0xFFFFFFFFUL) - w->start) & 0xFFFFFFFFUL;
    unsigned long bound = w->restart_wait_ms >= 0 ? (unsigned long)w->restart_wait_ms : w->stop_wait_ms;
    w->looks++;
    if (read_ok) {
        bool going = state == BF_SVC_RUNNING || state == BF_SVC_START_PENDING;
        if (going && pid != 0 && (pid != w->old_pid || w->seen_stopped)) {
            w->new_pid = pid;
            return BF_SCM_RESTARTED;
        }
        if (state == BF_SVC_STOPPED) {
            w->seen_stopped = true;
            if (w->restart_wait_ms < 0)
                return BF_SCM_STOPPED;
        }
    }
    return elapsed >= bound ? BF_SCM_TIMED_OUT : BF_SCM_WAITING;
}
