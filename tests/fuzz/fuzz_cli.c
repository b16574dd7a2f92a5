/* fuzz_cli.c - libFuzzer target: bindfix-cli's command-line parsing and verbs on arbitrary arguments
 * (the input split at NUL bytes), against the fake machine holding a demo snapshot, a malformed one and a
 * catalogue. Any exit code is fine; a crash, a sanitizer report or an exit code outside 0-2 is not. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "fake_system.h"
#include "snapshot_json.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

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
    f.collect_source = demo;
    rc = bf_cli_main(argc, argv, &f.sys);
    if (rc < 0 || rc > 2)
        abort();
    bf_fake_free(&f);
    bf_snapshot_destroy(demo);
    bf_buf_free(&json);
    free(copy);
    return 0;
}
