/*
 * cli_fleet.c - `bindfix-cli fleet DIR` (see cli_fleet.h): a folder of snapshots, as a fleet engine left
 * it (res/fleet/), as one row per server and the servers grouped by finding (core/fleet.c).
 *
 * The verb only assembles: the folder's listing (bf_system.list_dir) -> each file read with read_file ->
 * bf_fleet_add_file (strict reader, diagnosis with the catalogue `scan` uses, summary; the snapshot is
 * freed before the next is read) -> one writer -> write_file (whole or not at all). A file that cannot
 * be read is named on stderr and in the output, and the others are still read.
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

typedef enum fleet_format { FMT_NONE, FMT_TEXT, FMT_JSON, FMT_CSV, FMT_HTML } fleet_format;

static fleet_format parse_format(const char *s)
{
    return strcmp(s, "text") == 0 || strcmp(s, "txt") == 0 ? FMT_TEXT
           : strcmp(s, "json") == 0                        ? FMT_JSON
           : strcmp(s, "csv") == 0                         ? FMT_CSV
           : strcmp(s, "html") == 0                        ? FMT_HTML
                                                           : FMT_NONE;
}

static fleet_format format_from_path(const char *p)
{
    return bf_ascii_ends_with_ci(p, ".html") || bf_ascii_ends_with_ci(p, ".htm") ? FMT_HTML
           : bf_ascii_ends_with_ci(p, ".json")                                  ? FMT_JSON
           : bf_ascii_ends_with_ci(p, ".csv")                                   ? FMT_CSV
                                                                                : FMT_TEXT;
}

/* DIR and a name in it: Windows takes either separator; keep the one the folder was given with. */
static void join(bf_buf *b, const char *dir, const char *name)
{
    size_t n = strlen(dir);
    bf_buf_puts(b, dir);
    if (n > 0 && dir[n - 1] != '/' && dir[n - 1] != '\\')
        bf_buf_putc(b, strchr(dir, '\\') ? '\\' : '/');
    bf_buf_puts(b, name);
}

/* The folder part of a path ("" for a bare file name), with its separator. */
static size_t dir_part(const char *path)
{
    size_t n = strlen(path);
    while (n > 0 && path[n - 1] != '/' && path[n - 1] != '\\')
        n--;
    return n;
}

typedef struct report_writer {
    const bf_system *sys;
    const char *out_path;       /* the fleet report; server reports go beside it */
    const char *now;
    bf_arena *names;            /* scratch, emptied after each server */
    char last[160];             /* the last report's file name, until the next server */
    int failures;
} report_writer;

/* bf_fleet_each: the server's full HTML report, NAME-report.html beside the fleet report. */
static const char *write_server_report(void *ctx, const char *name, const bf_snapshot *snap, const bf_diagnosis *d)
{
    report_writer *w = ctx;
    bf_report *rep = bf_report_create(snap, d, w->now);
    const char *file = NULL;
    bf_buf doc, path;
    bf_err err;
    char *safe = bf_fleet_safe_name(w->names, name);
    bf_buf_init(&doc);
    bf_buf_init(&path);
    bf_err_clear(&err);
    if (rep && safe && bf_report_write_html(rep, &doc, &err)) {
        file = bf_arena_printf(w->names, "%s-report.html", safe);
        bf_buf_append(&path, w->out_path, dir_part(w->out_path));
        bf_buf_puts(&path, file ? file : "");
        if (!file || path.failed || !w->sys->write_file(w->sys->ctx, bf_buf_cstr(&path), bf_buf_cstr(&doc), doc.len, &err)) {
            bf_cli_run_error(w->sys, "fleet", "cannot write a server's report", &err);
            w->failures++;
            file = NULL;
        }
    } else {
        w->failures++;
    }
    bf_report_destroy(rep);
    bf_buf_free(&doc);
    bf_buf_free(&path);
    /* the name lives until the next call: bf_fleet copies it at once */
    snprintf(w->last, sizeof w->last, "%s", file ? file : "");
    bf_arena_reset(w->names);
    return w->last;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int bf_cli_fleet(int argc, char **argv, const bf_system *sys)
{
    const char *dir = NULL, *out_path = NULL, *fmt_arg = NULL, *cat_path = NULL;
    fleet_format fmt;
    bf_catalogue *cat = NULL;
    bf_fleet *fleet = NULL;
    char **names = NULL;
    size_t count = 0, i, read = 0;
    bf_err err;
    char now[64];
    report_writer rw;
    bf_buf doc;
    int rc = BF_EXIT_ERROR;

    memset(&rw, 0, sizeof rw);
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
    fmt = fmt_arg ? parse_format(fmt_arg) : out_path ? format_from_path(out_path) : FMT_TEXT;
    if (fmt == FMT_NONE)
        return bf_cli_usage_error(sys, "fleet", "unknown format (expected text, json, csv or html):", fmt_arg);
    if (!sys->list_dir) {
        bf_err_clear(&err);
        bf_fail(&err, "this front end cannot list a folder");
        return bf_cli_run_error(sys, "fleet", "cannot read the folder", &err);
    }

    bf_err_clear(&err);
    if (!bf_catalogue_open(sys, cat_path, &cat, &err))
        return bf_cli_run_error(sys, "fleet", "cannot read the catalogue", &err);
    if (!sys->list_dir(sys->ctx, dir, &names, &count, &err)) {
        rc = bf_cli_run_error(sys, "fleet", "cannot read the folder", &err);
        goto done;
    }
    /* the folder's order is the file system's: read in name order, so that messages come the same way */
    if (count > 1)
        qsort(names, count, sizeof *names, cmp_names);
    fleet = bf_fleet_create(dir);
    rw.names = bf_arena_create();
    if (!fleet || !rw.names)
        goto oom;
    now[0] = '\0';
    sys->now_utc(sys->ctx, now, sizeof now);
    rw.sys = sys;
    rw.out_path = out_path;
    rw.now = now;
    for (i = 0; i < count; i++) {
        bf_buf path;
        char *data = NULL;
        size_t len = 0;
        bool ok;
        if (!bf_fleet_wants(names[i]))
            continue;
        read++;
        bf_buf_init(&path);
        join(&path, dir, names[i]);
        bf_err_clear(&err);
        if (path.failed) {
            bf_buf_free(&path);
            goto oom;
        }
        if (!sys->read_file(sys->ctx, bf_buf_cstr(&path), &data, &len, &err)) {
            char msg[600];
            bf_err_format(&err, msg, sizeof msg);
            ok = bf_fleet_add_unreadable(fleet, names[i], msg);
        } else {
            ok = bf_fleet_add_file(fleet, names[i], data, len, cat,
                                   fmt == FMT_HTML && out_path ? write_server_report : NULL, &rw);
        }
        free(data);
        bf_buf_free(&path);
        if (!ok)
            goto oom;
        if (fleet->servers[fleet->server_count - 1].state == BF_FLEET_UNREADABLE) {
            bf_buf msg;
            bf_buf_init(&msg);
            bf_buf_puts(&msg, "bindfix-cli fleet: unreadable, left out: ");
            bf_buf_puts(&msg, fleet->servers[fleet->server_count - 1].error);
            bf_buf_puts(&msg, "\n");
            bf_cli_err(sys, bf_buf_cstr(&msg));
            bf_buf_free(&msg);
        }
    }
    if (read == 0) {
        bf_err_clear(&err);
        bf_fail_at(&err, dir, 0, 0, "no NAME.json or NAME" BF_NOT_COLLECTED_SUFFIX " in the folder");
        rc = bf_cli_run_error(sys, "fleet", "no server to read", &err);
        goto done;
    }
    if (!bf_fleet_finish(fleet))
        goto oom;
    if (!(fmt == FMT_JSON   ? bf_fleet_write_json(fleet, now, &doc)
          : fmt == FMT_CSV  ? bf_fleet_write_csv(fleet, &doc)
          : fmt == FMT_HTML ? bf_fleet_write_html(fleet, now, &doc)
                            : bf_fleet_write_text(fleet, &doc)))
        goto oom;
    if (!out_path) {
        sys->write_out(sys->ctx, bf_buf_cstr(&doc), doc.len);
    } else if (!sys->write_file(sys->ctx, out_path, bf_buf_cstr(&doc), doc.len, &err)) {
        rc = bf_cli_run_error(sys, "fleet", "cannot write the fleet report", &err);
        goto done;
    } else {
        bf_buf msg;
        bf_buf_init(&msg);
        bf_buf_printf(&msg, "bindfix-cli fleet: wrote %s (%zu servers", out_path, fleet->server_count);
        if (fmt == FMT_HTML)
            bf_buf_printf(&msg, "; %zu server reports beside it", bf_fleet_count(fleet, BF_FLEET_COLLECTED) - (size_t)rw.failures);
        bf_buf_puts(&msg, ")\n");
        bf_cli_err(sys, bf_buf_cstr(&msg));
        bf_buf_free(&msg);
    }
    rc = rw.failures ? BF_EXIT_ERROR : bf_fleet_exit_code(fleet);
    goto done;

oom:
    bf_err_clear(&err);
    bf_fail(&err, "out of memory");
    rc = bf_cli_run_error(sys, "fleet", "cannot read the fleet", &err);
done:
    for (i = 0; i < count; i++)
        free(names[i]);
    free(names);
    bf_buf_free(&doc);
    bf_arena_destroy(rw.names);
    bf_fleet_destroy(fleet);
    bf_catalogue_destroy(cat);
    return rc;
}
