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

#endif
