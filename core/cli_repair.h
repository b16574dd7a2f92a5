/* cli_repair.h - `bindfix-cli repair` (preview, --apply, verification) and `bindfix-cli undo`. */
#ifndef BF_CLI_REPAIR_H
#define BF_CLI_REPAIR_H

#include "system.h"

int bf_cli_repair(int argc, char **argv, const bf_system *sys);
int bf_cli_undo(int argc, char **argv, const bf_system *sys);

#endif
