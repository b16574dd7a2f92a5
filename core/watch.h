/*
 * watch.h - what changed between two scans of the same machine (bindfix-cli watch, issue 16 part 3):
 * the KB's failure appears when an address comes or goes while services run (a dial-up link going up
 * or down), so each transition is the adapters' change together with what it did to the protocols'
 * bind results.
 *
 * A transition is written as one line: "10:02:11 lan1 up, +198.51.100.7: POP3 now fails on
 * 198.51.100.7 (10049)" (time UTC), or, with --json, one JSON object per line (help/findings.md,
 * "Watching").
 */
#ifndef BF_WATCH_H
#define BF_WATCH_H

#include "model.h"
#include "strbuf.h"

typedef enum bf_watch_kind {
    BF_WATCH_ADAPTER_UP = 0,    /* "up": the adapter's status became up */
    BF_WATCH_ADAPTER_DOWN,      /* "down": it was up and is not */
    BF_WATCH_ADAPTER_NEW,       /* "added": an adapter that was not there */
    BF_WATCH_ADAPTER_GONE,      /* "removed" */
    BF_WATCH_ADDRESS_ADDED,     /* "address-added" */
    BF_WATCH_ADDRESS_REMOVED,   /* "address-removed" */
    BF_WATCH_BIND_CHANGED       /* "bind": a protocol's bind result on an address changed */
} bf_watch_kind;

typedef struct bf_watch_change {
    bf_watch_kind kind;
    const char *adapter;        /* friendly name (adapter kinds), "" */
    const char *address;        /* the address (address and bind kinds), "" */
    const char *protocol;       /* bind: "POP3" */
    int port;
    bf_probe_result before, after;  /* bind: BF_PROBE_NOT_RUN where the address was not probed */
    int error;                  /* bind: the Winsock error after, 0 */
} bf_watch_change;

typedef struct bf_watch_diff {
    bf_watch_change *changes;
    size_t count, cap;
    bool failed;                /* out of memory: the diff is incomplete */
} bf_watch_diff;

/* The changes from prev to cur, adapter changes first (in cur's adapter order, removed ones after),
 * then bind changes (in cur's endpoint and probe order, then probes that went away). Strings point into
 * the snapshots. Call bf_watch_diff_free after. */
void bf_watch_compare(const bf_snapshot *prev, const bf_snapshot *cur, bf_watch_diff *out);
void bf_watch_diff_free(bf_watch_diff *d);

/* One line (no newline): "HH:MM:SS <adapter changes>: <bind changes>" with hms the time of day;
 * "no protocol changed" when only adapters changed, "resolver changed" in place of the adapters when
 * only binds changed. */
void bf_watch_write_text(const bf_watch_diff *d, const char *hms, bf_buf *out);
/* One JSON object (no newline): {"time": ..., "text": the line above, "changes": [...]}. */
void bf_watch_write_json(const bf_watch_diff *d, const char *time_utc, const char *hms, bf_buf *out);

const char *bf_watch_kind_token(bf_watch_kind k);

#endif
