/* fuzz_cli.c - libFuzzer target: bindfix-cli's command-line parsing and verbs on arbitrary arguments
 * (the input split at NUL bytes), against the fake machine holding a demo snapshot, a malformed one and a
 * catalogue. Any exit code is fine; a crash, a sanitizer report or an exit code outside 0-2 is not.
 * "hostile.json" is hostile but valid (issue 21 item 5): 4,000 event records, no two in one group, every
 * eighth a crash record of a service of its own, so run-fuzz.sh's per-input -timeout and -rss_limit_mb
 * hold the verbs to linear work on it (the seed corpus names it: corpus/cli/hostile-events.bin). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "fake_system.h"
#include "snapshot_json.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* hostile.json, written once (the same bytes for every input) */
static const bf_buf *hostile_json(void)
{
    static bf_buf json;
    static bool made;
    if (!made) {
        bf_snapshot *s = bf_snapshot_create();
        char buf[48];
        size_t i;
        if (!s)
            abort();
        s->hostname = "SRV01";
        s->event_log.status = BF_SECTION_OK;
        for (i = 0; i < 4000; i++) {
            bf_event *e = bf_snap_add_event(s);
            e->time = "2026-01-01T00:00:00Z";
            if (i % 8 == 7) {
                e->log = "System";
                e->source = "Service Control Manager";
                e->event_id = 7031;
                snprintf(buf, sizeof buf, "Service %zu", i);
                bf_str_list_add(s, &e->inserts, &e->insert_count, &e->insert_cap, buf);
            } else {
                e->log = "Application";
                snprintf(buf, sizeof buf, "Source%zu", i % 512);
                e->source = bf_arena_strdup(s->arena, buf);
                e->event_id = (int)(i / 512) + 1;
            }
        }
        bf_buf_init(&json);
        bf_snapshot_write_json(s, &json);
        bf_snapshot_destroy(s);
        made = true;
    }
    return &json;
}

static bool mentions(const unsigned char *data, size_t size, const char *word)
{
    size_t n = strlen(word), i;
    for (i = 0; i + n <= size; i++)
        if (memcmp(data + i, word, n) == 0)
            return true;
    return false;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_fake_system f;
    char *copy, *argv[33];
    int argc = 1, rc;
    size_t i, start = 0;
    static const char bad[] = "{\"schema\": \"bindfix-snapshot\", \"version\": 1, \"origin\": tru}";
    bf_err err;
    bf_snapshot *demo;
    bf_buf json;
    if (size > 4096)
        return 0;
    copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    copy[size] = 0;
    argv[0] = "bindfix-cli";
    for (i = 0; i <= size && argc < 32; i++)
        if (i == size || copy[i] == 0) {
            copy[i] = 0;
            argv[argc++] = copy + start;
            start = i + 1;
        }
    argv[argc] = NULL;
    bf_fake_init(&f);
    demo = bf_demo_snapshot(&err);
    bf_buf_init(&json);
    bf_snapshot_write_json(demo, &json);
    bf_fake_put_file(&f, "demo.json", bf_buf_cstr(&json), json.len);
    bf_fake_put_file(&f, "bad.json", bad, sizeof bad - 1);
    if (mentions(data, size, "hostile"))   /* copied only when named: the other inputs stay fast */
        bf_fake_put_file(&f, "hostile.json", bf_buf_cstr(hostile_json()), hostile_json()->len);
    f.collect_source = demo;
    rc = bf_cli_main(argc, argv, &f.sys);
    /* the documented exit codes: 0-2 everywhere; check follows the monitoring-plugin convention (3
     * UNKNOWN); repair and undo add 3 (the repair lock is held) and repair 4 (takes effect after a restart) */
    if (rc < 0 || rc > (argc > 1 && strcmp(argv[1], "check") == 0                                   ? 3
                        : argc > 1 && (strcmp(argv[1], "repair") == 0 || strcmp(argv[1], "undo") == 0) ? 4
                                                                                                     : 2))
        abort();
    bf_fake_free(&f);
    bf_snapshot_destroy(demo);
    bf_buf_free(&json);
    free(copy);
    return 0;
}
