/* fake_system.c - the in-memory machine of fake_system.h. */
#include "fake_system.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "snapshot_json.h"

static bf_fake_system *fake_of(void *ctx)
{
    return (bf_fake_system *)ctx;
}

/* collect: the test's snapshot, copied through the JSON writer and reader like a saved file would be,
 * and then handed to `out` member by member (the copy's arena is kept alive in f->copies until
 * bf_fake_free). */
static bool fake_collect(void *ctx, const bf_collect_opts *opts, bf_snapshot *out, bf_err *err)
{
    bf_fake_system *f = fake_of(ctx);
    bf_buf json;
    bf_snapshot *copy, **grown;
    bf_arena *keep;
    f->collect_calls++;
    f->last_opts = *opts;
    /* the targets point into the caller's catalogue, which is gone when the test looks: keep their owners */
    bf_buf_reset(&f->last_target_services);
    for (size_t i = 0; opts->targets && i < opts->target_count; i++)
        bf_buf_printf(&f->last_target_services, "%s,", opts->targets[i].service);
    if (!f->collect_source)
        return bf_fail(err, "the fake machine has nothing to collect");
    bf_buf_init(&json);
    bf_snapshot_write_json(f->collect_source, &json);
    copy = bf_snapshot_read_json(bf_buf_cstr(&json), json.len, "<fake collect>", err);
    bf_buf_free(&json);
    if (!copy)
        return false;
    grown = realloc(f->copies, (f->copy_count + 1) * sizeof *grown);
    if (!grown) {
        bf_snapshot_destroy(copy);
        return bf_fail(err, "out of memory");
    }
    f->copies = grown;
    /* out takes the copy's members but keeps its own arena (the snapshot struct lives in it); the data
     * stays in the copy's arena, alive until bf_fake_free, after the caller destroyed out */
    keep = out->arena;
    *out = *copy;
    out->arena = keep;
    f->copies[f->copy_count++] = copy;
    return true;
}

static bf_fake_file *find_mut(bf_fake_system *f, const char *path)
{
    size_t i;
    for (i = 0; i < f->file_count; i++)
        if (strcmp(f->files[i].path, path) == 0)
            return &f->files[i];
    return NULL;
}

static bool fake_read_file(void *ctx, const char *path, char **data, size_t *len, bf_err *err)
{
    bf_fake_system *f = fake_of(ctx);
    const bf_fake_file *file = find_mut(f, path);
    if (!file) {
        bf_err_clear(err);
        strncpy(err->where, path, sizeof err->where - 1);
        return bf_fail(err, "cannot open the file: it does not exist");
    }
    *data = malloc(file->len + 1);
    if (!*data)
        return bf_fail(err, "out of memory");
    memcpy(*data, file->data, file->len + 1);
    *len = file->len;
    return true;
}

static bool fake_write_file(void *ctx, const char *path, const char *data, size_t len, bf_err *err)
{
    bf_fake_system *f = fake_of(ctx);
    if (f->fail_writes) {
        bf_err_clear(err);
        strncpy(err->where, path, sizeof err->where - 1);
        return bf_fail(err, "cannot write the file: access is denied");
    }
    if (!bf_fake_put_file(f, path, data, len))
        return bf_fail(err, "out of memory");
    return true;
}

/* The fake files directly in dir ("dir/name": no further separator); a folder with no file fails, as a
 * folder that does not exist. */
static bool fake_list_dir(void *ctx, const char *dir, char ***names, size_t *count, bf_err *err)
{
    bf_fake_system *f = fake_of(ctx);
    size_t i, n = strlen(dir);
    *names = calloc(f->file_count + 1, sizeof **names);
    *count = 0;
    if (!*names)
        return bf_fail(err, "out of memory");
    for (i = 0; i < f->file_count; i++) {
        const char *p = f->files[i].path;
        if (strncmp(p, dir, n) != 0 || p[n] != '/' || strchr(p + n + 1, '/'))
            continue;
        (*names)[*count] = malloc(strlen(p + n + 1) + 1);
        if (!(*names)[*count]) {
            while (*count > 0)
                free((*names)[--*count]);
            free(*names);
            *names = NULL;
            return bf_fail(err, "out of memory");
        }
        strcpy((*names)[(*count)++], p + n + 1);
    }
    if (*count == 0) {
        free(*names);
        *names = NULL;
        bf_err_clear(err);
        strncpy(err->where, dir, sizeof err->where - 1);
        return bf_fail(err, "cannot list the folder: it does not exist");
    }
    return true;
}

static void fake_write_out(void *ctx, const char *s, size_t len)
{
    bf_buf_append(&fake_of(ctx)->out, s, len);
}

static void fake_write_err(void *ctx, const char *s, size_t len)
{
    bf_buf_append(&fake_of(ctx)->err, s, len);
}

static void fake_now(void *ctx, char *buf, size_t size)
{
    bf_fake_system *f = fake_of(ctx);
    snprintf(buf, size, "%s", f->now ? f->now : "2026-01-02T03:04:05Z");
}

void bf_fake_init(bf_fake_system *f)
{
    memset(f, 0, sizeof *f);
    f->sys.ctx = f;
    f->sys.collect = fake_collect;
    f->sys.read_file = fake_read_file;
    f->sys.write_file = fake_write_file;
    f->sys.write_out = fake_write_out;
    f->sys.write_err = fake_write_err;
    f->sys.now_utc = fake_now;
    f->sys.list_dir = fake_list_dir;
    bf_buf_init(&f->out);
    bf_buf_init(&f->err);
    bf_buf_init(&f->last_target_services);
}

void bf_fake_free(bf_fake_system *f)
{
    size_t i;
    for (i = 0; i < f->file_count; i++) {
        free(f->files[i].path);
        free(f->files[i].data);
    }
    free(f->files);
    for (i = 0; i < f->copy_count; i++)
        bf_snapshot_destroy(f->copies[i]);
    free(f->copies);
    bf_buf_free(&f->out);
    bf_buf_free(&f->err);
    bf_buf_free(&f->last_target_services);
    memset(f, 0, sizeof *f);
}

bool bf_fake_put_file(bf_fake_system *f, const char *path, const char *data, size_t len)
{
    bf_fake_file *file = find_mut(f, path);
    char *copy = malloc(len + 1);
    if (!copy)
        return false;
    memcpy(copy, data, len);
    copy[len] = '\0';
    if (!file) {
        bf_fake_file *grown = realloc(f->files, (f->file_count + 1) * sizeof *grown);
        char *p = malloc(strlen(path) + 1);
        if (!grown || !p) {
            if (grown)
                f->files = grown;
            free(p);
            free(copy);
            return false;
        }
        f->files = grown;
        strcpy(p, path);
        file = &f->files[f->file_count++];
        file->path = p;
        file->data = NULL;
    }
    free(file->data);
    file->data = copy;
    file->len = len;
    return true;
}

const bf_fake_file *bf_fake_find_file(const bf_fake_system *f, const char *path)
{
    return find_mut((bf_fake_system *)f, path);
}

void bf_fake_reset_output(bf_fake_system *f)
{
    bf_buf_reset(&f->out);
    bf_buf_reset(&f->err);
}

int bf_fake_cli(bf_fake_system *f, ...)
{
    char *argv[BF_FAKE_CLI_MAX_ARGS + 2];
    int argc = 0;
    const char *arg;
    va_list ap;
    argv[argc++] = (char *)"bindfix-cli";
    va_start(ap, f);
    while ((arg = va_arg(ap, const char *)) != NULL) {
        if (argc > BF_FAKE_CLI_MAX_ARGS) {
            /* a test asking for more is a fault in the test: say so rather than cut its line */
            fprintf(stderr, "bf_fake_cli: more than %d arguments\n", BF_FAKE_CLI_MAX_ARGS);
            va_end(ap);
            abort();
        }
        argv[argc++] = (char *)arg;
    }
    va_end(ap);
    argv[argc] = NULL;
    bf_fake_reset_output(f);
    return bf_cli_main(argc, argv, &f->sys);
}
