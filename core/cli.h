/* cli.h - bindfix-cli's verbs, portable: run against a bf_system (the real machine in
 * bindfix-cli.exe, a fake one in the unit tests). Exit codes: 0 healthy, 1 problems found,
 * 2 could not run. */
#ifndef BF_CLI_H
#define BF_CLI_H

#include "system.h"

#define BF_EXIT_HEALTHY 0
#define BF_EXIT_PROBLEMS 1
#define BF_EXIT_ERROR 2

int bf_cli_main(int argc, char **argv /* UTF-8 */, const bf_system *sys);

/* The two messages every verb exits 2 with (on stderr): "bindfix-cli VERB: WHAT "ARG"" plus where to
 * find the options, and "bindfix-cli VERB: DOING: FILE:LINE:COL: message". Both return BF_EXIT_ERROR. */
int bf_cli_usage_error(const bf_system *sys, const char *verb, const char *what, const char *arg);
int bf_cli_run_error(const bf_system *sys, const char *verb, const char *doing, const bf_err *err);

#endif
