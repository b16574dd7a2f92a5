/*
 * fake_system.h - an in-memory bf_system for native tests of the CLI verbs (and later the repair engine).
 *
 * Files live in a list of (path, bytes); stdout and stderr are captured in buffers; collect copies a
 * snapshot the test provides (through the JSON writer and reader, so the copy is what a saved file would
 * give) or fails when none is set.  The clock is fixed so outputs are reproducible.
 */
#ifndef BF_FAKE_SYSTEM_H
#define BF_FAKE_SYSTEM_H

#include "strbuf.h"
#include "system.h"

typedef struct bf_fake_file {
    char *path;
    char *data;     /* NUL-terminated copy */
    size_t len;
} bf_fake_file;

typedef struct bf_fake_system {
    bf_system sys;              /* pass &fake.sys to the code under test */
    bf_fake_file *files;
    size_t file_count;
    bf_buf out, err;            /* everything written to stdout / stderr */
    const bf_snapshot *collect_source;  /* what collect returns; NULL: collect fails */
    int collect_calls;
    bf_collect_opts last_opts;  /* options of the last collect call (targets: dangling once it returned) */
    bf_buf last_target_services;    /* the owning service of each of its probe targets, "A,B," */
    bool fail_writes;           /* write_file fails (disk full, access denied) */
    const char *now;            /* now_utc result; default "2026-01-02T03:04:05Z" */
    bf_snapshot **copies;       /* snapshots whose arenas the collected copies point into */
    size_t copy_count;
} bf_fake_system;

void bf_fake_init(bf_fake_system *f);
void bf_fake_free(bf_fake_system *f);
/* Adds or replaces a file. */
bool bf_fake_put_file(bf_fake_system *f, const char *path, const char *data, size_t len);
const bf_fake_file *bf_fake_find_file(const bf_fake_system *f, const char *path);
/* Clears captured output between CLI runs. */
void bf_fake_reset_output(bf_fake_system *f);
/* Runs bindfix-cli on this machine with its output cleared first: the arguments after the program name,
 * ended by NULL (at most BF_FAKE_CLI_MAX_ARGS). The unit tests' one way to call the CLI. */
#define BF_FAKE_CLI_MAX_ARGS 15
int bf_fake_cli(bf_fake_system *f, ...);

#endif
