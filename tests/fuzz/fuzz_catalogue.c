/* fuzz_catalogue.c - libFuzzer target: the user catalogue reader on arbitrary bytes. Whatever it accepts
 * must give probe targets with valid ports; every refusal must say why. */
#include <stdlib.h>

#include "catalogue.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_err err;
    bf_catalogue *c;
    bf_err_clear(&err);
    c = bf_catalogue_load((const char *)data, size, "fuzz", &err);
    if (c) {
        size_t n, i;
        const bf_probe_target *t = bf_catalogue_probe_targets(c, &n);
        for (i = 0; i < n; i++)
            if (t[i].port < 1 || t[i].port > 65535)
                abort();
        bf_catalogue_destroy(c);
    } else if (!err.msg[0]) {
        abort();
    }
    return 0;
}
