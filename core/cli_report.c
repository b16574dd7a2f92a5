/*
 * cli_report.c - `bindfix-cli report` (see cli_report.h).
 *
 * The verb only assembles: the source (live collection, --snapshot FILE or --demo, with the catalogue
 * that `scan` and the console use) -> diagnosis -> report model -> one writer -> bf_system->write_file.  Files are written whole or not at all (write_file is
 * atomic), so an interrupted export never leaves half a report that looks complete.
 */
#include "cli_report.h"

#include <string.h>

#include "cli_common.h"
#include "report.h"

static const char usage[] =
    "Usage: bindfix-cli report --format html|text|csv|json -o PATH [--snapshot FILE | --demo] [--no-probes]\n"
    "                          [--no-greetings] [--timeout MS] [--catalogue FILE]\n"
    "\n"
    "Writes the report of this machine (or of a saved snapshot, or of the KB Q214864 demo machine):\n"
    "machine and tool identity, time, adapters | resolver order | protocol bind status, listeners,\n"
    "services, events, findings with evidence, actions taken and verification.\n"
    "\n"
    "  --format FMT      html  one self-contained file (no script, loads nothing), prints well\n"
    "                    text  plain text\n"
    "                    json  the snapshot format plus report, diagnosis, actions, verification;\n"
    "                          `bindfix-cli scan --snapshot PATH` reads it back\n"
    "                    csv   one file per table (report, adapters, resolver, bind-status,\n"
    "                          binding-order, hosts, listeners, services, events, findings, evidence,\n"
    "                          actions, verification), UTF-8 with BOM, RFC 4180, CRLF\n"
    "                    Without --format, the extension of PATH decides (.html .htm .txt .json .csv).\n"
    "  -o, --output PATH the file to write; \"-\" writes html/text/json to standard output.\n"
    "                    With csv, PATH is a prefix: -o C:\\out\\srv1 writes C:\\out\\srv1-adapters.csv, ...;\n"
    "                    a PATH ending in \\ or / is an existing directory: -o C:\\out\\ writes\n"
    "                    C:\\out\\adapters.csv, ...\n"
    "  --snapshot FILE   report on a saved snapshot (or JSON report) instead of this machine\n"
    "  --demo            report on the KB Q214864 demo machine\n"
    "  --no-probes, --no-greetings, --timeout MS   as for scan\n"
    BF_CLI_USAGE_END_DIAGNOSING;

typedef enum report_format { FMT_NONE, FMT_HTML, FMT_TEXT, FMT_CSV, FMT_JSON } report_format;

static report_format parse_format(const char *s)
{
    if (strcmp(s, "html") == 0)
        return FMT_HTML;
    if (strcmp(s, "text") == 0 || strcmp(s, "txt") == 0)
        return FMT_TEXT;
    if (strcmp(s, "csv") == 0)
        return FMT_CSV;
    if (strcmp(s, "json") == 0)
        return FMT_JSON;
    return FMT_NONE;
}

static report_format format_from_path(const char *path)
{
    if (bf_ascii_ends_with_ci(path, ".html") || bf_ascii_ends_with_ci(path, ".htm"))
        return FMT_HTML;
    if (bf_ascii_ends_with_ci(path, ".txt"))
        return FMT_TEXT;
    if (bf_ascii_ends_with_ci(path, ".json"))
        return FMT_JSON;
    if (bf_ascii_ends_with_ci(path, ".csv"))
        return FMT_CSV;
    return FMT_NONE;
}

/* The CSV files: PATH ending in a separator is a directory, otherwise a prefix joined with "-". */
static int write_csv(const bf_system *sys, const bf_report *rep, const char *path, size_t *written)
{
    bf_report_files files;
    bf_err err;
    size_t i, n = strlen(path);
    bool dir = n > 0 && (path[n - 1] == '/' || path[n - 1] == '\\');
    bf_err_clear(&err);
    if (!bf_report_write_csv(rep, &files, &err))
        return bf_cli_run_error(sys, "report", "cannot build the CSV files", &err);
    for (i = 0; i < files.count; i++) {
        bf_buf name;
        bf_buf_init(&name);
        bf_buf_printf(&name, "%s%s%s", path, dir ? "" : "-", files.files[i].name);
        if (name.failed || !sys->write_file(sys->ctx, bf_buf_cstr(&name), files.files[i].data,
                                            files.files[i].len, &err)) {
            int rc;
            if (name.failed)
                bf_fail(&err, "out of memory");
            rc = bf_cli_run_error(sys, "report", "cannot write the CSV file", &err);
            bf_buf_free(&name);
            bf_report_files_free(&files);
            return rc;
        }
        bf_buf_free(&name);
        (*written)++;
    }
    bf_report_files_free(&files);
    return BF_EXIT_HEALTHY;
}

int bf_cli_report(int argc, char **argv, const bf_system *sys)
{
    const char *out_path = NULL, *fmt_arg = NULL;
    bf_source src;
    bf_opened o;
    report_format fmt;
    bf_report *rep = NULL;
    bf_err err;
    char now[64];
    int i, rc = BF_EXIT_ERROR;
    bf_buf doc;

    bf_source_init(&src);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        int took;
        if (bf_cli_is_help(a)) {
            bf_cli_out(sys, usage);
            return BF_EXIT_HEALTHY;
        } else if (strcmp(a, "--format") == 0) {
            if (!has_value)
                return bf_cli_usage_error(sys, "report", "--format needs a value: html, text, csv or json", NULL);
            fmt_arg = argv[++i];
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (!has_value)
                return bf_cli_usage_error(sys, "report", "-o needs a path", NULL);
            out_path = argv[++i];
        } else if ((took = bf_cli_take_source_opt(sys, "report", argc, argv, &i, &src)) != 0) {
            if (took < 0)
                return BF_EXIT_ERROR;
        } else {
            return bf_cli_usage_error(sys, "report", "unknown option", a);
        }
    }
    if (!out_path || !out_path[0])
        return bf_cli_usage_error(sys, "report", "missing -o PATH (the file to write, or \"-\" for standard output)", NULL);
    if (fmt_arg) {
        fmt = parse_format(fmt_arg);
        if (fmt == FMT_NONE)
            return bf_cli_usage_error(sys, "report", "unknown format (expected html, text, csv or json):", fmt_arg);
    } else {
        fmt = format_from_path(out_path);
        if (fmt == FMT_NONE)
            return bf_cli_usage_error(sys, "report", "missing --format, and the extension of the output path does not say one:",
                              out_path);
    }
    if (fmt == FMT_CSV && strcmp(out_path, "-") == 0)
        return bf_cli_usage_error(sys, "report", "csv writes several files: give a directory (ending in \\ or /) or a prefix", NULL);

    /* the same catalogue as `scan` and the console's report: the same machine gives the same findings */
    if (!bf_source_open(&src, sys, true, &o, &err)) {
        rc = bf_cli_run_error(sys, "report", o.failed, &err);
        goto done;
    }
    now[0] = '\0';
    sys->now_utc(sys->ctx, now, sizeof(now));
    rep = bf_report_create(o.snap, o.diag, now);
    if (!rep) {
        bf_fail(&err, "out of memory");
        rc = bf_cli_run_error(sys, "report", "cannot build the report", &err);
        goto done;
    }

    if (fmt == FMT_CSV) {
        size_t written = 0;
        rc = write_csv(sys, rep, out_path, &written);
        if (rc == BF_EXIT_HEALTHY) {
            bf_buf msg;
            bf_buf_init(&msg);
            bf_buf_printf(&msg, "Wrote %zu CSV files: %s%s*.csv\n", written, out_path,
                          (out_path[strlen(out_path) - 1] == '/' || out_path[strlen(out_path) - 1] == '\\') ? ""
                                                                                                          : "-");
            bf_cli_err(sys, bf_buf_cstr(&msg));
            bf_buf_free(&msg);
        }
    } else {
        bool ok;
        bf_buf_init(&doc);
        ok = fmt == FMT_HTML   ? bf_report_write_html(rep, &doc, &err)
             : fmt == FMT_TEXT ? bf_report_write_text(rep, &doc, &err)
                               : bf_report_write_json(rep, &doc, &err);
        if (!ok) {
            rc = bf_cli_run_error(sys, "report", "cannot write the report", &err);
        } else if (strcmp(out_path, "-") == 0) {
            sys->write_out(sys->ctx, bf_buf_cstr(&doc), doc.len);
            rc = BF_EXIT_HEALTHY;
        } else if (!sys->write_file(sys->ctx, out_path, bf_buf_cstr(&doc), doc.len, &err)) {
            rc = bf_cli_run_error(sys, "report", "cannot write the report", &err);
        } else {
            bf_buf msg;
            bf_buf_init(&msg);
            bf_buf_printf(&msg, "Wrote %s (%zu bytes)\n", out_path, doc.len);
            /* progress goes to stderr so that stdout stays the document when -o - is used elsewhere */
            bf_cli_err(sys, bf_buf_cstr(&msg));
            bf_buf_free(&msg);
            rc = BF_EXIT_HEALTHY;
        }
        bf_buf_free(&doc);
    }
    if (rc == BF_EXIT_HEALTHY)
        rc = bf_cli_exit_code(o.diag);     /* as `scan` */

done:
    bf_report_destroy(rep);
    bf_opened_free(&o);
    return rc;
}
