/*
 * source.h - where the machine a front end works on comes from: this machine (a live collection), the
 * KB Q214864 demo, or a saved snapshot file; and the protocol catalogue it is scanned and diagnosed
 * with. One type and one way to open it for the CLI verbs, the repair session and the console, so that
 * all of them read the same machine with the same catalogue and list the same findings.
 */
#ifndef BF_SOURCE_H
#define BF_SOURCE_H

#include "catalogue.h"
#include "diagnose.h"
#include "system.h"

typedef enum bf_source_kind {
    BF_SOURCE_LIVE = 0,     /* this machine: the only source a repair may change */
    BF_SOURCE_DEMO,         /* the KB Q214864 example machine (built in) */
    BF_SOURCE_FILE          /* a saved snapshot, or a JSON report */
} bf_source_kind;

typedef struct bf_source {
    bf_source_kind kind;
    const char *path;           /* BF_SOURCE_FILE: the snapshot file (UTF-8) */
    const char *catalogue;      /* a catalogue file that must be read (UTF-8); NULL: sys->default_catalogue
                                 * when that file exists, else the built-in catalogue alone */
    bf_collect_opts collect;    /* BF_SOURCE_LIVE: probes, greetings, timeout, cancel, progress; the probe
                                 * targets and event signatures are taken from the catalogue */
} bf_source;

/* This machine, the default catalogue, bf_collect_opts_default. */
void bf_source_init(bf_source *src);

/* The snapshot of src: the demo, the file (strict reader), or a live collection with cat's probe
 * targets and event signatures (cat NULL: the built-in ones). Greetings need probes. NULL + err. */
bf_snapshot *bf_source_read(const bf_source *src, const bf_system *sys, const bf_catalogue *cat, bf_err *err);

/* What bf_source_open made. The diagnosis points into the catalogue: bf_opened_free frees it first. */
typedef struct bf_opened {
    bf_catalogue *catalogue;    /* NULL: the built-in catalogue */
    bf_snapshot *snap;
    bf_diagnosis *diag;         /* NULL when not asked for */
    const char *failed;         /* after a failure, the step for the message "VERB: FAILED: ...":
                                 * "cannot read the catalogue", "cannot read the snapshot", "cannot load
                                 * the demo machine", "cannot collect this machine", "cannot diagnose" */
} bf_opened;

/* The catalogue (bf_catalogue_open), then the snapshot (bf_source_read), then, when diagnose is true,
 * the diagnosis with that catalogue. false + err + out->failed on the first step that fails; what the
 * earlier steps made stays in *out (a snapshot that could not be diagnosed can still be shown). */
bool bf_source_open(const bf_source *src, const bf_system *sys, bool diagnose, bf_opened *out, bf_err *err);
void bf_opened_free(bf_opened *o);

#endif
