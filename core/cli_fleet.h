/* cli_fleet.h - `bindfix-cli fleet DIR`: a folder of snapshots as one row per server and the servers
 * grouped by finding (core/fleet.h), in text, JSON, CSV or HTML. Portable: runs against a bf_system. */
#ifndef BF_CLI_FLEET_H
#define BF_CLI_FLEET_H

#include "system.h"

/* argv[0] is the verb name ("fleet"); returns a bindfix-cli exit code. */
int bf_cli_fleet(int argc, char **argv, const bf_system *sys);

#endif
