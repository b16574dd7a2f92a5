/* cli.h - bindfix-cli's verbs, portable: run against a bf_system (the real machine in
 * bindfix-cli.exe, a fake one in the unit tests). Exit codes: 0 healthy, 1 problems found,
 * 2 could not run. */
#ifndef BF_CLI_H
#define BF_CLI_H

#include "cli_common.h"   /* the exit codes BF_EXIT_* */
#include "system.h"

int bf_cli_main(int argc, char **argv /* UTF-8 */, const bf_system *sys);

#endif
