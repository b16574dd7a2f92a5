/* cli_common.h - what every bindfix-cli verb shares (cli.c, cli_report.c, cli_repair.c): the exit codes,
 * output, the two error messages, --help, the source options and the exit code of a diagnosis. The verb
 * files include this, never each other. */
#ifndef BF_CLI_COMMON_H
#define BF_CLI_COMMON_H

#include "diagnose.h"
#include "source.h"
#include "system.h"

#define BF_EXIT_HEALTHY 0
#define BF_EXIT_PROBLEMS 1
#define BF_EXIT_ERROR 2
/* repair: applied, but Windows takes (part of) it into use after a restart (INetCfg's NETCFG_S_REBOOT);
 * not verified until then */
#define BF_EXIT_RESTART_PENDING 4

/* The end of the usage text of the verbs that diagnose (scan, report): the catalogue, help and exit codes. */
#define BF_CLI_USAGE_END_DIAGNOSING                                                                       \
    "  --catalogue FILE  the protocol catalogue to add to the built-in one (help/catalogue-format.md);\n" \
    "                    default: bindfix-catalogue.json beside bindfix-cli.exe, when it exists\n"       \
    "  -h, --help        this text\n"                                                                    \
    "\n"                                                                                                 \
    "Exit codes: 0 no problem found, 1 problems found (a finding of severity warning or above),\n"       \
    "2 could not run.\n"

/* The whole string to stdout / stderr, as it is. */
void bf_cli_out(const bf_system *sys, const char *s);
void bf_cli_err(const bf_system *sys, const char *s);

/* The two messages every verb exits 2 with (on stderr): "bindfix-cli VERB: WHAT "ARG"" plus where to
 * find the options, and "bindfix-cli VERB: DOING: FILE:LINE:COL: message". Both return BF_EXIT_ERROR. */
int bf_cli_usage_error(const bf_system *sys, const char *verb, const char *what, const char *arg);
int bf_cli_run_error(const bf_system *sys, const char *verb, const char *doing, const bf_err *err);

/* -h, --help or /? */
bool bf_cli_is_help(const char *arg);

/* Consumes a source option at argv[*i] into src: --snapshot FILE, --demo, --catalogue FILE, --no-probes,
 * --no-greetings, --timeout MS. Returns 1 when consumed, 0 when it is not a source option, -1 on a usage
 * error (already reported; --demo with --snapshot is one). */
int bf_cli_take_source_opt(const bf_system *sys, const char *verb, int argc, char **argv, int *i, bf_source *src);

/* Problems are findings of severity warning or above; info findings alone leave the exit code 0. */
int bf_cli_exit_code(const bf_diagnosis *d);

#endif
