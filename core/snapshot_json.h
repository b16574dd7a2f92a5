/*
 * snapshot_json.h - the snapshot file format (documented in help/snapshot-format.md).
 *
 * Writing is deterministic (fixed key order, two-space indentation, "\n" line ends, a final newline), so
 * that writing what was read gives back the same bytes.  Reading is strict: any deviation from the
 * schema is an error with the file's line and column and what was expected.
 */
#ifndef BF_SNAPSHOT_JSON_H
#define BF_SNAPSHOT_JSON_H

#include "model.h"
#include "strbuf.h"

/* Appends the snapshot as a JSON document to out. */
void bf_snapshot_write_json(const bf_snapshot *snap, bf_buf *out);

/* Same, with one more top-level member `extra_key` written by `extra` (used for "diagnosis" in scan
 * output and reports); the snapshot reader ignores that member. */
void bf_snapshot_write_json_with(const bf_snapshot *snap, const char *extra_key,
                                 void (*extra)(const void *ctx, bf_buf *out, int indent), const void *extra_ctx,
                                 bf_buf *out);

/* Parses text (len bytes, need not be NUL-terminated) into a new snapshot. `where` names the source in
 * errors ("snap.json", "<demo>"). On failure returns NULL and fills err (where/line/col/msg). */
bf_snapshot *bf_snapshot_read_json(const char *text, size_t len, const char *where, bf_err *err);

/* The reader's limits are the JSON parser's (json.h, BF_JSON_MAX_*). */

#endif
