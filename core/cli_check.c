/*
 * cli_check.c - `bindfix-cli check` (see cli_check.h): the scan as a monitoring plugin.
 *
 * The plugin conventions, not bindfix-cli's own exit codes: a check that cannot run is UNKNOWN (3), never
 * 2, which a monitoring system would show as CRITICAL; and it still prints its one status line, on
 * standard output, saying why (the message is also on standard error, as every verb's).
 */
#include "cli_check.h"

#include <string.h>

#include "cli_common.h"
#include "monitor.h"

static const char usage[] =
    "Usage: bindfix-cli check [--snapshot FILE | --demo] [--no-probes] [--no-greetings] [--timeout MS]\n"
    "                         [--catalogue FILE]\n"
    "\n"
    "The scan as a monitoring plugin (Nagios, Icinga, NSClient++; help/monitoring.md): one status line,\n"
    "\"BINDFIX CRITICAL - HOST: cannot bind POP3 10049 @ 198.51.100.7; cause ID title | perfdata\", with\n"
    "the performance data bind_failures, critical, error, warning and info (findings per severity).\n"
    "Needs no administrator rights.\n"
    "\n"
    "  --snapshot FILE, --demo, --no-probes, --no-greetings, --timeout MS, --catalogue FILE   as for scan\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit codes (the monitoring-plugin convention): 0 OK (no finding, or info findings only), 1 WARNING\n"
    "(a finding of severity warning), 2 CRITICAL (a finding of severity error or critical: a protocol\n"
    "cannot bind), 3 UNKNOWN (could not run: bad arguments, unreadable snapshot, collection failed).\n";

static int unknown(const bf_system *sys, const char *why, const bf_err *err)
{
    bf_buf b;
    char text[1400];
    bf_buf_init(&b);
    bf_buf_printf(&b, "BINDFIX UNKNOWN - %s", why);
    if (err) {
        bf_err_format(err, text, sizeof text);
        bf_buf_printf(&b, ": %s", text);
    }
    {
        /* one line, no '|': the message may quote a file's text */
        size_t i;
        for (i = 0; i < b.len; i++)
            if (b.data[i] == '\n' || b.data[i] == '\r' || b.data[i] == '|')
                b.data[i] = ' ';
    }
    bf_buf_putc(&b, '\n');
    bf_cli_out(sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return BF_PLUGIN_UNKNOWN;
}

int bf_cli_check(int argc, char **argv, const bf_system *sys)
{
    bf_source src;
    bf_opened o;
    bf_err err;
    bf_buf out;
    int i, rc;

    bf_source_init(&src);
    for (i = 1; i < argc; i++) {
        int took;
        if (bf_cli_is_help(argv[i])) {
            bf_cli_out(sys, usage);
            return BF_PLUGIN_OK;
        }
        took = bf_cli_take_source_opt(sys, "check", argc, argv, &i, &src);
        if (took < 0)
            return unknown(sys, "bad arguments (see bindfix-cli check --help)", NULL);
        if (!took) {
            bf_cli_usage_error(sys, "check", argv[i][0] == '-' ? "unknown option" : "unexpected argument", argv[i]);
            return unknown(sys, "bad arguments (see bindfix-cli check --help)", NULL);
        }
    }
    if (!bf_source_open(&src, sys, true, &o, &err)) {
        bf_cli_run_error(sys, "check", o.failed, &err);
        rc = unknown(sys, o.failed, &err);
        bf_opened_free(&o);
        return rc;
    }
    bf_buf_init(&out);
    rc = bf_plugin_write(o.snap, o.diag, &out);
    if (out.failed) {
        bf_fail(&err, "out of memory");
        rc = unknown(sys, "cannot write the status", &err);
    } else {
        bf_cli_out(sys, bf_buf_cstr(&out));
    }
    bf_buf_free(&out);
    bf_opened_free(&o);
    return rc;
}
