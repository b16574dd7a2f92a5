/* cli_watch.h - `bindfix-cli watch`: scan again whenever the machine's addresses or interfaces change,
 * one time-stamped line (or JSON object) per transition (core/watch.h). */
#ifndef BF_CLI_WATCH_H
#define BF_CLI_WATCH_H

#include "system.h"

int bf_cli_watch(int argc, char **argv, const bf_system *sys);

#endif
