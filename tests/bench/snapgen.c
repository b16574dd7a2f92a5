/* snapgen.c - writes the benchmarks' synthetic machine (synthetic.h) as a snapshot file, for the console's
 * benchmark (tests/bench/bench-console.sh) and the GUI fixture (tests/gui/run-gui-fixture.sh), so that no
 * large file lives in the repository. Native; the file is what `bindfix-cli snapshot` would write.
 *
 *   snapgen OUT [ADAPTERS HOSTS ENDPOINTS EVENTS]    default: 1x (256 5000 500 100000)
 *
 * Exit 0 written, 1 could not write, 2 usage. */
#include <stdio.h>
#include <stdlib.h>

#include "snapshot_json.h"
#include "strbuf.h"
#include "synthetic.h"

int main(int argc, char **argv)
{
    int n[4] = {256, 5000, 500, 100000};
    if (argc != 2 && argc != 6) {
        fprintf(stderr, "usage: snapgen OUT [ADAPTERS HOSTS ENDPOINTS EVENTS]\n");
        return 2;
    }
    for (int i = 0; argc == 6 && i < 4; i++) {
        char *end;
        long v = strtol(argv[2 + i], &end, 10);
        if (*end || v < 0 || v > 10000000) {
            fprintf(stderr, "snapgen: %s is not a count\n", argv[2 + i]);
            return 2;
        }
        n[i] = (int)v;
    }
    bf_snapshot *s = bf_synthetic_machine(n[0], n[1], n[2], n[3]);
    bf_buf json;
    bf_buf_init(&json);
    bf_snapshot_write_json(s, &json);
    FILE *f = fopen(argv[1], "wb");
    bool ok = f && fwrite(bf_buf_cstr(&json), 1, json.len, f) == json.len;
    ok = f && fclose(f) == 0 && ok;
    if (!ok)
        perror(argv[1]);
    bf_buf_free(&json);
    bf_snapshot_destroy(s);
    return ok ? 0 : 1;
}
