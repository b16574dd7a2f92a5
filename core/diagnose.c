/* diagnose.c - rules engine (being written; see diagnose.h).  This first version returns no findings. */
#include "diagnose.h"

#include <string.h>

static const char *const severity_tokens[BF_SEV__COUNT] = {"info", "warning", "error", "critical"};

const char *bf_severity_token(bf_severity v)
{
    return ((int)v >= 0 && v < BF_SEV__COUNT) ? severity_tokens[v] : "info";
}

bool bf_severity_parse(const char *tok, bf_severity *out)
{
    int i;
    for (i = 0; tok && i < BF_SEV__COUNT; i++) {
        if (strcmp(tok, severity_tokens[i]) == 0) {
            *out = (bf_severity)i;
            return true;
        }
    }
    return false;
}

bf_diagnosis *bf_diagnose(const bf_snapshot *snap, const struct bf_catalogue *cat, bf_err *err)
{
    bf_arena *a = bf_arena_create();
    bf_diagnosis *d;
    (void)snap;
    (void)cat;
    if (!a || !(d = bf_arena_alloc(a, sizeof(*d)))) {
        bf_arena_destroy(a);
        bf_fail(err, "out of memory while diagnosing");
        return NULL;
    }
    d->arena = a;
    d->generation = "";
    d->order_rule = "";
    return d;
}

void bf_diagnosis_destroy(bf_diagnosis *d)
{
    if (d)
        bf_arena_destroy(d->arena);
}
