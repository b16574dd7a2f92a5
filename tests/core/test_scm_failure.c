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
