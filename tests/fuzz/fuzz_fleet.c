/* fuzz_fleet.c - libFuzzer target: `bindfix-cli fleet`'s reader on arbitrary bytes, as a snapshot and as a
 * not-collected marker, then the four writers over the rows. Whatever the bytes, each file gives exactly
 * one row (a server, a host not collected, or an unreadable file with the reason), and a marker or
 * snapshot the reader took must have said nothing about being unreadable. */
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_fleet *f = bf_fleet_create("fuzz");
    bf_buf out;
    size_t i;
    if (!f)
        return 0;
    if (!bf_fleet_add_file(f, "a.json", (const char *)data, size, NULL, NULL, NULL) ||
        !bf_fleet_add_file(f, "b" BF_NOT_COLLECTED_SUFFIX, (const char *)data, size, NULL, NULL, NULL) ||
        !bf_fleet_finish(f))
        abort();    /* false only when out of memory */
    if (f->server_count != 2)
        abort();
    for (i = 0; i < f->server_count; i++)
        if ((f->servers[i].state == BF_FLEET_UNREADABLE) != (f->servers[i].error[0] != '\0' &&
                                                             f->servers[i].state != BF_FLEET_NOT_COLLECTED))
            abort();    /* unreadable rows say why; others carry no reader's error */
    bf_buf_init(&out);
    if (!bf_fleet_write_text(f, &out) || !bf_fleet_write_json(f, "2026-01-01T00:00:00Z", &out) ||
        !bf_fleet_write_csv(f, &out) || !bf_fleet_write_html(f, "2026-01-01T00:00:00Z", &out))
        abort();
    bf_buf_free(&out);
    bf_fleet_destroy(f);
    return 0;
}
