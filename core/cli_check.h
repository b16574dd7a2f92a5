/* cli_check.h - `bindfix-cli check`: a monitoring plugin (Nagios, Icinga, NSClient++): one status line
 * with performance data, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (core/monitor.h). */
#ifndef BF_CLI_CHECK_H
#define BF_CLI_CHECK_H

#include "system.h"

int bf_cli_check(int argc, char **argv, const bf_system *sys);

#endif
