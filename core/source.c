/*
 * source.c - the machine a front end works on, and its catalogue (see source.h).
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "snapshot_json.h"

void bf_source_init(bf_source *src)
{
    memset(src, 0, sizeof *src);
    src->kind = BF_SOURCE_LIVE;
    bf_collect_opts_default(&src->collect);
}

static bf_snapshot *read_file(const bf_source *src, const bf_system *sys, bf_err *err)
{
    char *data = NULL;
    size_t len = 0;
    bf_snapshot *snap;
    if (!src->path) {
        bf_fail(err, "no snapshot file was given");
        return NULL;
    }
    if (!sys->read_file(sys->ctx, src->path, &data, &len, err))
        return NULL;
    snap = bf_snapshot_read_json(data, len, src->path, err);
    free(data);
    return snap;
}

static bf_snapshot *collect(const bf_source *src, const bf_system *sys, const bf_catalogue *cat, bf_err *err)
{
    bf_collect_opts opts = src->collect;
    bf_snapshot *snap = bf_snapshot_create();
    if (!snap) {
        bf_fail(err, "out of memory");
        return NULL;
    }
    opts.greetings = opts.greetings && opts.probes;     /* a greeting is read from a port that was probed */
    if (cat) {
        opts.targets = bf_catalogue_probe_targets(cat, &opts.target_count);
        opts.signatures = bf_catalogue_signatures(cat, &opts.signature_count);
        opts.pins = bf_catalogue_pin_sources(cat, &opts.pin_count);
    }
    if (!sys->collect(sys->ctx, &opts, snap, err)) {
        bf_snapshot_destroy(snap);
        return NULL;
    }
    return snap;
}

bf_snapshot *bf_source_read(const bf_source *src, const bf_system *sys, const bf_catalogue *cat, bf_err *err)
{
    switch (src->kind) {
    case BF_SOURCE_DEMO:
        return bf_demo_snapshot(err);
    case BF_SOURCE_FILE:
        return read_file(src, sys, err);
    case BF_SOURCE_LIVE:
    default:
        return collect(src, sys, cat, err);
    }
}

static const char *read_failed(bf_source_kind kind)
{
    return kind == BF_SOURCE_DEMO   ? "cannot load the demo machine"
           : kind == BF_SOURCE_FILE ? "cannot read the snapshot"
                                    : "cannot collect this machine";
}

bool bf_source_open(const bf_source *src, const bf_system *sys, bool diagnose, bf_opened *out, bf_err *err)
{
    memset(out, 0, sizeof *out);
    bf_err_clear(err);
    /* the catalogue first: it says which protocols to probe and which services stand behind them */
    if (!bf_catalogue_open(sys, src->catalogue, &out->catalogue, err)) {
        out->failed = "cannot read the catalogue";
        return false;
    }
    out->snap = bf_source_read(src, sys, out->catalogue, err);
    if (!out->snap) {
        out->failed = read_failed(src->kind);
        return false;
    }
    if (diagnose) {
        out->diag = bf_diagnose(out->snap, out->catalogue, err);
        if (!out->diag) {
            out->failed = "cannot diagnose";
            return false;
        }
    }
    return true;
}

void bf_opened_free(bf_opened *o)
{
    bf_diagnosis_destroy(o->diag);
    bf_snapshot_destroy(o->snap);
    bf_catalogue_destroy(o->catalogue);     /* after the diagnosis, which points into it */
    memset(o, 0, sizeof *o);
}
