/*
 * fleet_dir.c - a fleet folder read whole, and the fleet report (see fleet.h): what `bindfix-cli fleet`
 * (cli_fleet.c) and the console's Fleet node (gui/page_fleet.c: the rows; gui/export.c: Export report)
 * share, so that the console shows and writes what the CLI prints.
 *
 * The folder's listing (bf_system.list_dir) in name order -> each file read with read_file ->
 * bf_fleet_add_file (each snapshot read, diagnosed, summarised, freed before the next) -> the `added`
 * callback (the console posts the row from there) -> bf_fleet_finish. A file that cannot be read is a
 * row of its own, and the others are still read.
 */
#include "fleet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "system.h"

bf_fleet_format bf_fleet_format_parse(const char *s)
{
    return strcmp(s, "text") == 0 || strcmp(s, "txt") == 0 ? BF_FLEET_FMT_TEXT
           : strcmp(s, "json") == 0                        ? BF_FLEET_FMT_JSON
           : strcmp(s, "csv") == 0                         ? BF_FLEET_FMT_CSV
           : strcmp(s, "html") == 0                        ? BF_FLEET_FMT_HTML
                                                           : BF_FLEET_FMT_NONE;
}

bf_fleet_format bf_fleet_format_of_path(const char *p)
{
    return bf_ascii_ends_with_ci(p, ".html") || bf_ascii_ends_with_ci(p, ".htm") ? BF_FLEET_FMT_HTML
           : bf_ascii_ends_with_ci(p, ".json")                                  ? BF_FLEET_FMT_JSON
           : bf_ascii_ends_with_ci(p, ".csv")                                   ? BF_FLEET_FMT_CSV
                                                                                : BF_FLEET_FMT_TEXT;
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

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bf_fleet *bf_fleet_read_dir(const bf_system *sys, const char *dir, const bf_fleet_read_opts *o, bf_err *err)
{
    char **names = NULL;
    size_t count = 0, total = 0, done = 0, i;
    bf_fleet *f = NULL;
    bool ok = false;
    if (!sys->list_dir)
        return bf_fail(err, "this front end cannot list a folder"), NULL;
    if (!sys->list_dir(sys->ctx, dir, &names, &count, err))
        return NULL;
    /* the folder's order is the file system's: read in name order, so that rows and messages come the
     * same way every time */
    if (count > 1)
        qsort(names, count, sizeof *names, cmp_names);
    for (i = 0; i < count; i++)
        total += bf_fleet_wants(names[i]);
    if (total == 0) {
        bf_fail_at(err, dir, 0, 0, "no NAME.json or NAME" BF_NOT_COLLECTED_SUFFIX " in the folder");
        goto done;
    }
    if (!(f = bf_fleet_create(dir)))
        goto oom;
    for (i = 0; i < count; i++) {
        bf_buf path;
        char *data = NULL;
        size_t len = 0;
        bool added;
        bf_err rerr;
        if (!bf_fleet_wants(names[i]))
            continue;
        bf_buf_init(&path);
        join(&path, dir, names[i]);
        if (path.failed) {
            bf_buf_free(&path);
            goto oom;
        }
        bf_err_clear(&rerr);
        if (!sys->read_file(sys->ctx, bf_buf_cstr(&path), &data, &len, &rerr)) {
            char msg[sizeof rerr.msg + sizeof rerr.where + 64];
            bf_err_format(&rerr, msg, sizeof msg);
            added = bf_fleet_add_unreadable(f, names[i], msg);
        } else {
            added = bf_fleet_add_file(f, names[i], data, len, o ? o->cat : NULL, o ? o->each : NULL,
                                      o ? o->each_ctx : NULL);
        }
        free(data);
        bf_buf_free(&path);
        if (!added)
            goto oom;
        done++;
        if (o && o->added)
            o->added(o->added_ctx, f, f->server_count - 1, done, total);
    }
    if (!bf_fleet_finish(f))
        goto oom;
    ok = true;
    goto done;
oom:
    bf_err_clear(err);
    bf_fail(err, "out of memory");
done:
    for (i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (!ok) {
        bf_fleet_destroy(f);
        f = NULL;
    }
    return f;
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
    const bf_fleet_report_opts *o;
    bf_fleet_report_result *res;
    bf_arena *names;            /* scratch, emptied after each server */
    char last[160];             /* the last report's file name, until the next server */
} report_writer;

/* bf_fleet_each: the server's full HTML report, NAME-report.html beside the fleet report. */
static const char *write_server_report(void *ctx, const char *name, const bf_snapshot *snap, const bf_diagnosis *d)
{
    report_writer *w = ctx;
    bf_report *rep = bf_report_create(snap, d, w->o->now);
    const char *file = NULL;
    bf_buf doc, path;
    bf_err err;
    char *safe = bf_fleet_safe_name(w->names, name);
    bf_buf_init(&doc);
    bf_buf_init(&path);
    bf_err_clear(&err);
    if (!rep || !safe)
        bf_fail(&err, "out of memory");
    if (rep && safe && bf_report_write_html(rep, &doc, &err)) {
        file = bf_arena_printf(w->names, "%s-report.html", safe);
        bf_buf_append(&path, w->o->report_path, dir_part(w->o->report_path));
        bf_buf_puts(&path, file ? file : "");
        if (!file || path.failed)
            bf_fail(&err, "out of memory");
        if (!file || path.failed || !w->sys->write_file(w->sys->ctx, bf_buf_cstr(&path), bf_buf_cstr(&doc), doc.len, &err))
            file = NULL;
    }
    if (file) {
        w->res->server_reports++;
    } else if (w->res->report_failures++ == 0) {
        w->res->report_err = err;
    }
    bf_report_destroy(rep);
    bf_buf_free(&doc);
    bf_buf_free(&path);
    /* the name lives until the next call: bf_fleet copies it at once */
    snprintf(w->last, sizeof w->last, "%s", file ? file : "");
    bf_arena_reset(w->names);
    return w->last;
}

bf_fleet *bf_fleet_report(const bf_system *sys, const char *dir, const bf_fleet_report_opts *o, bf_buf *doc,
                          bf_fleet_report_result *res, bf_err *err)
{
    report_writer rw;
    bf_fleet_read_opts ro;
    bf_fleet *f;
    memset(res, 0, sizeof *res);
    bf_err_clear(&res->report_err);
    memset(&rw, 0, sizeof rw);
    rw.sys = sys;
    rw.o = o;
    rw.res = res;
    memset(&ro, 0, sizeof ro);
    ro.cat = o->cat;
    ro.added = o->added;
    ro.added_ctx = o->added_ctx;
    if (o->fmt == BF_FLEET_FMT_HTML && o->report_path && o->report_path[0]) {
        if (!(rw.names = bf_arena_create()))
            return bf_fail(err, "out of memory"), NULL;
        ro.each = write_server_report;
        ro.each_ctx = &rw;
    }
    f = bf_fleet_read_dir(sys, dir, &ro, err);
    bf_arena_destroy(rw.names);
    if (!f)
        return NULL;
    if (!(o->fmt == BF_FLEET_FMT_JSON   ? bf_fleet_write_json(f, o->now, doc)
          : o->fmt == BF_FLEET_FMT_CSV  ? bf_fleet_write_csv(f, doc)
          : o->fmt == BF_FLEET_FMT_HTML ? bf_fleet_write_html(f, o->now, doc)
                                        : bf_fleet_write_text(f, doc))) {
        bf_fleet_destroy(f);
        bf_err_clear(err);
        return bf_fail(err, "out of memory"), NULL;
    }
    return f;
}
