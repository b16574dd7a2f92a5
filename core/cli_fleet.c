/*
 * cli_fleet.c - `bindfix-cli fleet DIR` (see cli_fleet.h): a folder of snapshots, as a fleet engine left
 * it (res/fleet/), as one row per server and the servers grouped by finding (core/fleet.c).
 *
 * The verb only assembles: the catalogue `scan` uses -> bf_fleet_report (fleet_dir.c: the folder read,
 * each snapshot diagnosed, summarised and freed before the next; the document in one format, and with
 * html each server's report beside it: the console's Export report on the Fleet node writes the same)
 * -> write_file (whole or not at all). A file that cannot be read is named on stderr as it is met, and
 * in the output with the others.
 */
#include "cli_fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli_common.h"
#include "fleet.h"
#include "report.h"

static const char usage[] =
    "Usage: bindfix-cli fleet DIR [--format text|json|csv|html] [-o FILE] [--catalogue FILE]\n"
    "\n"
    "Reads a folder of snapshots - what res/fleet/ (Ansible, PowerShell remoting) fetches, or files from\n"
    "any source - and prints one row per server (host, OS, product generation, worst severity, top\n"
    "finding: the first root cause, collected time, the protocols that fail with their error), then the\n"
    "servers grouped by finding: \"BF-BIND-10049 on POP3: 14 servers\" and their names.\n"
    "\n"
    "  DIR               NAME.json: the snapshot of server NAME (bindfix-cli scan --json, or snapshot -o);\n"
    "                    NAME.not-collected.json: the engine could not collect NAME (schema\n"
    "                    \"bindfix-not-collected\": host, engine, error, at): listed as not collected\n"
    "  --format FMT      text (default), json, csv (one row per server) or html; without --format the\n"
    "                    extension of -o decides (.txt .json .csv .html .htm)\n"
    "  -o, --output FILE the file to write (whole or not at all); \"-\" or none: standard output.\n"
    "                    html: each server's full report is written beside it as NAME-report.html\n"
    "                    and linked from its row\n"
    "  --catalogue FILE  the protocol catalogue to add to the built-in one (help/catalogue-format.md)\n"
    "  -h, --help        this text\n"
    "\n"
    "Snapshots of format version 1 and 2 are read; a newer version is refused with its version named.\n"
    "Exit codes: 0 every server healthy, 1 a server has a finding of severity warning or above, or was\n"
    "not collected, 2 could not run, or a snapshot was unreadable (named on stderr; the others are\n"
    "still read and listed).\n";

/* bf_fleet_added: an unreadable file is named on stderr as it is met (the others are still read). */
static void say_unreadable(void *ctx, const bf_fleet *f, size_t index, size_t done, size_t total)
{
    const bf_system *sys = ctx;
    (void)done;
    (void)total;
    if (f->servers[index].state == BF_FLEET_UNREADABLE) {
        bf_buf msg;
        bf_buf_init(&msg);
        bf_buf_puts(&msg, "bindfix-cli fleet: unreadable, left out: ");
        bf_buf_puts(&msg, f->servers[index].error);
        bf_buf_puts(&msg, "\n");
        bf_cli_err(sys, bf_buf_cstr(&msg));
        bf_buf_free(&msg);
    }
}

int bf_cli_fleet(int argc, char **argv, const bf_system *sys)
{
    const char *dir = NULL, *out_path = NULL, *fmt_arg = NULL, *cat_path = NULL;
    bf_fleet_format fmt;
    bf_catalogue *cat = NULL;
    bf_fleet *fleet = NULL;
    size_t i;
    bf_err err;
    char now[64];
    bf_fleet_report_opts ro;
    bf_fleet_report_result res;
    bf_buf doc;
    int rc = BF_EXIT_ERROR;

    memset(&ro, 0, sizeof ro);
    bf_buf_init(&doc);
    for (i = 1; i < (size_t)argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < (size_t)argc;
        if (bf_cli_is_help(a)) {
            bf_cli_out(sys, usage);
            return BF_EXIT_HEALTHY;
        } else if (strcmp(a, "--format") == 0) {
            if (!has_value)
                return bf_cli_usage_error(sys, "fleet", "--format needs a value: text, json, csv or html", NULL);
            fmt_arg = argv[++i];
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!has_value)
                return bf_cli_usage_error(sys, "fleet", "-o needs a file name", NULL);
            out_path = argv[++i];
        } else if (strcmp(a, "--catalogue") == 0) {
            if (!has_value)
                return bf_cli_usage_error(sys, "fleet", "--catalogue needs a file name", NULL);
            cat_path = argv[++i];
        } else if (a[0] == '-' && a[1]) {
            return bf_cli_usage_error(sys, "fleet", "unknown option", a);
        } else if (dir) {
            return bf_cli_usage_error(sys, "fleet", "takes one folder, got another argument", a);
        } else {
            dir = a;
        }
    }
    if (!dir || !dir[0])
        return bf_cli_usage_error(sys, "fleet", "missing DIR (the folder of snapshots)", NULL);
    if (out_path && strcmp(out_path, "-") == 0)
        out_path = NULL;
    fmt = fmt_arg ? bf_fleet_format_parse(fmt_arg) : out_path ? bf_fleet_format_of_path(out_path) : BF_FLEET_FMT_TEXT;
    if (fmt == BF_FLEET_FMT_NONE)
        return bf_cli_usage_error(sys, "fleet", "unknown format (expected text, json, csv or html):", fmt_arg);
    bf_err_clear(&err);
    if (!bf_catalogue_open(sys, cat_path, &cat, &err))
        return bf_cli_run_error(sys, "fleet", "cannot read the catalogue", &err);
    now[0] = '\0';
    sys->now_utc(sys->ctx, now, sizeof now);
    ro.cat = cat;
    ro.fmt = fmt;
    ro.report_path = out_path;
    ro.now = now;
    ro.added = say_unreadable;
    ro.added_ctx = (void *)sys;
    fleet = bf_fleet_report(sys, dir, &ro, &doc, &res, &err);
    if (!fleet) {
        rc = bf_cli_run_error(sys, "fleet", "cannot read the fleet", &err);
        goto done;
    }
    if (res.report_failures)
        bf_cli_run_error(sys, "fleet", "cannot write a server's report", &res.report_err);
    if (!out_path) {
        sys->write_out(sys->ctx, bf_buf_cstr(&doc), doc.len);
    } else if (!sys->write_file(sys->ctx, out_path, bf_buf_cstr(&doc), doc.len, &err)) {
        rc = bf_cli_run_error(sys, "fleet", "cannot write the fleet report", &err);
        goto done;
    } else {
        bf_buf msg;
        bf_buf_init(&msg);
        bf_buf_printf(&msg, "bindfix-cli fleet: wrote %s (%zu servers", out_path, fleet->server_count);
        if (fmt == BF_FLEET_FMT_HTML)
            bf_buf_printf(&msg, "; %zu server reports beside it", res.server_reports);
        bf_buf_puts(&msg, ")\n");
        bf_cli_err(sys, bf_buf_cstr(&msg));
        bf_buf_free(&msg);
    }
    rc = res.report_failures ? BF_EXIT_ERROR : bf_fleet_exit_code(fleet);
done:
    bf_buf_free(&doc);
    bf_fleet_destroy(fleet);
    bf_catalogue_destroy(cat);
    return rc;
}
