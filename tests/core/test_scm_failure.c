/* test_scm_failure.c - the wait for the SCM's own restart after bindfix ended a hung service's process
 * (core/scm_failure.c): SERVICE_FAILURE_ACTIONSW's first action decides (learn.microsoft.com,
 * SERVICE_FAILURE_ACTIONSW, SC_ACTION, SERVICE_FAILURE_ACTIONS_FLAG). */
#include <string.h>

#include "machine.h"
#include "scm_failure.h"
#include "testlib.h"

BF_TEST(scm_restart_waited_for_only_when_the_first_failure_action_is_a_restart)
{
    bf_failure_actions fa = {true, 86400, 1, BF_SC_ACTION_RESTART, 60000, false};
    char text[400];
    /* restart after 60 s: wait that delay plus the service timeout */
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), 90000);
    /* the flag for non-crash failures does not change what a crash (an ended process) does */
    fa.non_crash_flag = true;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), 90000);
    /* a delay past the cap: the wait stays bounded */
    fa.first_delay_ms = 0xFFFFFFFFUL;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), BF_SERVICE_WAIT_CAP_MS);
    fa.first_delay_ms = 0;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 1500), 1500);
    /* run a program, reboot, none, no actions, unreadable: no wait, bindfix starts it */
    fa.first_type = BF_SC_ACTION_RUN_COMMAND;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), -1);
    fa.first_type = BF_SC_ACTION_REBOOT;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), -1);
    fa.first_type = BF_SC_ACTION_NONE;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), -1);
    fa.first_type = BF_SC_ACTION_RESTART;
    fa.count = 0;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), -1);
    fa.count = 1;
    fa.known = false;
    CHECK_INT(bf_scm_restart_wait_ms(&fa, 30000), -1);
    CHECK_INT(bf_scm_restart_wait_ms(NULL, 30000), -1);

    /* what the output and the journal say, for each outcome */
    fa.known = true;
    fa.first_delay_ms = 500;
    fa.reset_period_s = 3600;
    bf_scm_end_outcome(&fa, 2000, true, text, sizeof text);
    CHECK_STR(text, "the Service Control Manager restarted the service (first failure action: restart after 500 ms; "
                    "failure count reset after 3600 s without failures)");
    bf_scm_end_outcome(&fa, 2000, false, text, sizeof text);
    CHECK(strstr(text, "did not come within 2000 ms: bindfix starts the service itself") != NULL);
    fa.reset_period_s = 0xFFFFFFFFUL;
    fa.first_type = BF_SC_ACTION_REBOOT;
    bf_scm_end_outcome(&fa, -1, false, text, sizeof text);
    CHECK_STR(text, "no restart is configured (first failure action: restart the computer; failure count never reset): "
                    "bindfix starts the service itself");
    fa.known = false;
    bf_scm_end_outcome(&fa, -1, false, text, sizeof text);
    CHECK(strstr(text, "could not be read") != NULL);
}

/* One look of a made-up sequence: the clock, whether the query worked, the state, the process ID. */
typedef struct scm_look {
    unsigned long now;
    bool ok;
    bf_svc_state state;
    unsigned long pid;
} scm_look;

/* The looks in order until the observer gives a verdict; *used says how many it took. */
static bf_scm_wait_result scm_run(bf_scm_wait *w, const scm_look *l, size_t n, size_t *used)
{
    size_t i;
    for (i = 0; i < n; i++) {
        bf_scm_wait_result r = bf_scm_wait_look(w, l[i].now, l[i].ok, l[i].state, l[i].pid);
        if (r != BF_SCM_WAITING) {
            *used = i + 1;
            return r;
        }
    }
    *used = n;
    return BF_SCM_WAITING;
}

/* The wait after an ended process, on a made-up sequence of status answers and a made-up clock: a restart
 * delay of 0 lets the SCM restart the service before bindfix's first look (a new process already running:
 * restarted, not a wait to the bound); the ID of the ended process seen again counts only after a STOPPED
 * look; a failed query is no answer; the bound counts across the 32-bit clock's wrap; with no restart
 * expected, STOPPED ends the wait. */
BF_TEST(scm_restart_wait_sees_a_restart_that_came_before_the_first_look)
{
    bf_scm_wait w;
    size_t used = 0;
    /* delay 0: the SCM was quicker than bindfix - the very first look shows the new process running */
    static const scm_look quick[] = {{1000, true, BF_SVC_RUNNING, 4300}, {1050, true, BF_SVC_RUNNING, 4300}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 1000);
    CHECK_INT(scm_run(&w, quick, 2, &used), BF_SCM_RESTARTED);
    CHECK_INT((int)used, 1);
    CHECK_INT((int)w.new_pid, 4300);
    /* ...or starting, its new process already named */
    static const scm_look pending[] = {{5, true, BF_SVC_START_PENDING, 4300}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 5);
    CHECK_INT(scm_run(&w, pending, 1, &used), BF_SCM_RESTARTED);
    /* the ended process still named (the SCM has not seen it end yet), a starting service with no process
     * yet, a failed query: none of them is the restart; the new process is */
    static const scm_look slow[] = {{0, true, BF_SVC_RUNNING, 4242},       {50, true, BF_SVC_STOP_PENDING, 4242},
                                    {100, false, BF_SVC_RUNNING, 4300},    {150, true, BF_SVC_START_PENDING, 0},
                                    {200, true, BF_SVC_STOPPED, 0},        {250, true, BF_SVC_RUNNING, 4301}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 0);
    CHECK_INT(scm_run(&w, slow, 6, &used), BF_SCM_RESTARTED);
    CHECK_INT((int)used, 6);
    CHECK_INT((int)w.new_pid, 4301);
    /* the same ID after a STOPPED look (the handle closed, the ID given out again): a new start all the same */
    static const scm_look reused[] = {{0, true, BF_SVC_STOPPED, 0}, {50, true, BF_SVC_RUNNING, 4242}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 0);
    CHECK_INT(scm_run(&w, reused, 2, &used), BF_SCM_RESTARTED);
    CHECK_INT((int)used, 2);
    /* ...but the same ID with no STOPPED between is the old process, never a restart: the bound ends it */
    static const scm_look same[] = {{0, true, BF_SVC_RUNNING, 4242}, {1499, true, BF_SVC_RUNNING, 4242},
                                    {1500, true, BF_SVC_RUNNING, 4242}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 0);
    CHECK_INT(scm_run(&w, same, 3, &used), BF_SCM_TIMED_OUT);
    CHECK_INT((int)used, 3);
    /* the clock wraps during the wait (GetTickCount after 49.7 days): 0xFFFFFF00 + 1500 ms is 1244 */
    static const scm_look wrap[] = {{0xFFFFFFF0UL, true, BF_SVC_STOPPED, 0}, {100, true, BF_SVC_STOPPED, 0},
                                    {1243, true, BF_SVC_STOPPED, 0}, {1244, true, BF_SVC_STOPPED, 0}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 0xFFFFFF00UL);
    CHECK_INT(scm_run(&w, wrap, 4, &used), BF_SCM_TIMED_OUT);
    CHECK_INT((int)used, 4);
    /* no restart expected: STOPPED ends the wait at once; a service stuck in STOP_PENDING (Wine) at the bound */
    static const scm_look stops[] = {{0, true, BF_SVC_STOP_PENDING, 4242}, {50, true, BF_SVC_STOPPED, 0}};
    bf_scm_wait_begin(&w, 4242, -1, 3000, 0);
    CHECK_INT(scm_run(&w, stops, 2, &used), BF_SCM_STOPPED);
    CHECK_INT((int)used, 2);
    static const scm_look stuck[] = {{0, true, BF_SVC_STOP_PENDING, 4242}, {3000, true, BF_SVC_STOP_PENDING, 4242}};
    bf_scm_wait_begin(&w, 4242, -1, 3000, 0);
    CHECK_INT(scm_run(&w, stuck, 2, &used), BF_SCM_TIMED_OUT);
    /* a restart expected: STOPPED is not the end, the wait goes on for the SCM */
    static const scm_look later[] = {{0, true, BF_SVC_STOPPED, 0}, {600, true, BF_SVC_STOPPED, 0},
                                     {700, true, BF_SVC_START_PENDING, 4400}};
    bf_scm_wait_begin(&w, 4242, 1500, 3000, 0);
    CHECK_INT(scm_run(&w, later, 3, &used), BF_SCM_RESTARTED);
    CHECK_INT((int)used, 3);
}
