/* cli_report.h - `bindfix-cli report`: the report of a machine (live, a snapshot file, or the demo) in
 * HTML, text, CSV or JSON. Portable: runs against a bf_system. */
#ifndef BF_CLI_REPORT_H
#define BF_CLI_REPORT_H

#include "system.h"

/* argv[0] is the verb name ("report"); returns a bindfix-cli exit code (0 healthy, 1 problems found,
 * 2 could not run). */
int bf_cli_report(int argc, char **argv, const bf_system *sys);

#endif
