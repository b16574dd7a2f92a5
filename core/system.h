/*
 * system.h - what the portable core needs from the machine, as a table of function pointers.
 *
 * The CLI verbs (core/cli.c) and later the repair engine are written against this interface only, so
 * they run natively in the unit tests against a fake machine (tests/core/fake_system.c) and for real
 * in bindfix-cli.exe, where gui/sys/ supplies the Win32 implementation (gui/cli/main.c wires it up).
 */
#ifndef BF_SYSTEM_H
#define BF_SYSTEM_H

#include "model.h"

/* One catalogued protocol endpoint to bind-probe on every resolver address (and the wildcard). */
typedef struct bf_probe_target {
    const char *protocol;   /* "LDAPS" */
    const char *transport;  /* "tcp" | "udp" */
    int port;               /* 636 */
    const char *service;    /* owning service in the catalogue, "" */
    const char *greeting;   /* how to recognise an answer: "pop3" | "imap" | "smtp" | "ldap" | "nntp" | "" */
    bf_sockopt sockopt;     /* the service's socket options before bind (catalogue; default none) */
} bf_probe_target;

/* The built-in list used until a catalogue chooses (core/targets.c). */
const bf_probe_target *bf_default_probe_targets(size_t *count);

/* An event-log record that signals a bind failure: the source (the whole name, case-insensitive as
 * Windows compares source names; never a prefix: "MSExchangeIS" must not match "MSExchangeIS Evil"),
 * the event ID, and the log it must come from (NULL: any log; "System" for the Service Control
 * Manager's records, which a user could otherwise forge in the Application log); event_id 0 means any
 * ID of that source whose insertion strings hold 10049, 10048 or 10013. The list is catalogue data
 * (core/catalogue.c); bf_event_signature_match applies it. */
typedef struct bf_event_signature {
    const char *source;
    int event_id;
    const char *log;
} bf_event_signature;

typedef struct bf_collect_opts {
    bool probes;                        /* run bind probes */
    bool greetings;                     /* connect probes where something listens */
    bool dns;                           /* ask the DNS servers for the host's A/AAAA records (section
                                         * dns_publication): off by default, because the query leaves
                                         * the machine (--dns) */
    int probe_timeout_ms;               /* per connect probe; default 1500 */
    int event_max_count;                /* newest records read per log; default 5000 */
    int event_max_age_days;             /* default 30 */
    const bf_probe_target *targets;     /* NULL: bf_default_probe_targets() */
    size_t target_count;
    const bf_event_signature *signatures;   /* NULL: the built-in catalogue's */
    size_t signature_count;
    const struct bf_pin_source *pins;   /* products' listen settings to read (core/pins.h); NULL: built-in */
    size_t pin_count;
    const volatile int *cancel;         /* non-zero: stop at the next safe point; may be NULL */
    void (*progress)(void *ctx, int percent, const char *what); /* may be NULL; any thread */
    void *progress_ctx;
} bf_collect_opts;

void bf_collect_opts_default(bf_collect_opts *o);

/* Who holds the machine-wide repair lock (what its holder wrote when it took it; "" where unknown). */
typedef struct bf_lock_holder {
    unsigned long pid;
    char user[160];         /* DOMAIN\name */
    char started[40];       /* the holder process's start, ISO 8601 UTC */
    char program[200];      /* "bindfix-cli.exe repair --apply" */
} bf_lock_holder;

typedef enum bf_lock_result {
    BF_LOCK_TAKEN = 0,      /* this process holds it now */
    BF_LOCK_ABANDONED,      /* taken; its previous holder ended without releasing it (it died): holder
                             * says who; the last repair may be half-done (bf_repair_interrupted) */
    BF_LOCK_BUSY,           /* another process holds it (holder says who) and the wait ran out */
    BF_LOCK_CANCELLED,      /* *cancel became non-zero while waiting */
    BF_LOCK_NO_ACCESS,      /* the lock cannot be opened: not an administrator, who can change nothing
                             * anyway (a preview goes on without it) */
    BF_LOCK_FAILED          /* err says why */
} bf_lock_result;

typedef struct bf_system {
    void *ctx;
    /* Fills an empty snapshot from the machine. Sections that cannot be read are marked in the
     * snapshot (status + problem), not reported as failure; false only when nothing could be collected. */
    bool (*collect)(void *ctx, const bf_collect_opts *opts, bf_snapshot *out, bf_err *err);
    /* Whole file into a malloc'd buffer (NUL-terminated, *len excludes the NUL). Path is UTF-8. */
    bool (*read_file)(void *ctx, const char *path, char **data, size_t *len, bf_err *err);
    /* Writes the file completely or not at all (temporary file, flush, rename). */
    bool (*write_file)(void *ctx, const char *path, const char *data, size_t len, bf_err *err);
    void (*write_out)(void *ctx, const char *utf8, size_t len);
    void (*write_err)(void *ctx, const char *utf8, size_t len);
    /* Current UTC time as ISO 8601 "YYYY-MM-DDThh:mm:ssZ" into buf. */
    void (*now_utc)(void *ctx, char *buf, size_t size);
    /* The user catalogue read when no --catalogue is given: bindfix-catalogue.json beside the executable
     * (UTF-8 path), or NULL. A missing file is not an error; a malformed one is. */
    const char *default_catalogue;
    /* What repairs may change (NULL: this front end cannot change anything), and where journals go
     * ("C:\\ProgramData\\bindfix"; help/journal-format.md). */
    const struct bf_machine *machine;
    const char *journal_dir;
    /* What an elevated bindfix may trust (gui/sys/acl.c; help topic "Security"). Both optional (NULL:
     * nothing to check, as in the unit tests' fake system). file_trusted: only administrators and SYSTEM
     * can change the file and its folder (owner and every ACE; no reparse point); false fills err with who
     * else may write and the icacls command that fixes it (err->code 2 or 3: the file does not exist).
     * journal_dir_ready: makes the journal folder with its protected DACL (SYSTEM and Administrators full
     * control, owner Administrators), or judges the existing one like file_trusted. */
    bool (*file_trusted)(void *ctx, const char *path, bf_err *err);
    bool (*journal_dir_ready)(void *ctx, const char *dir, bf_err *err);
    /* --trust-file: the administrator chose to use a file that file_trusted refuses (the journal limits
     * still apply). */
    bool trust_files;
    /* A monotonic clock in milliseconds, for the figures a repair prints; may be NULL. */
    unsigned long long (*monotonic_ms)(void *ctx);
    /* The machine-wide repair lock: one repair at a time per machine, held across plan, apply, verify
     * and undo (help/journal-format.md). Waits up to wait_ms (0: one try) for another holder to end,
     * calling `waiting` (may be NULL) about once a second with who holds it; *cancel (may be NULL)
     * non-zero stops the wait. Taking it again while held by this bf_system is BF_LOCK_TAKEN. NULL
     * (tests, front ends that change nothing): no lock. */
    bf_lock_result (*lock_acquire)(void *ctx, const char *what, int wait_ms, const volatile long *cancel,
                                   void (*waiting)(void *wc, int waited_ms, const bf_lock_holder *h), void *wc,
                                   bf_lock_holder *holder, bf_err *err);
    void (*lock_release)(void *ctx);
    /* Address and interface changes (bindfix-cli watch, core/cli_watch.c). watch_begin arms the
     * notifications and says how changes are noticed (*mechanism: static text, e.g. that a notification
     * is stubbed and the address table is polled instead); NULL + err when it cannot. watch_wait: 1 a
     * change happened since the last call (or since watch_begin), 0 none within timeout_ms, -1 failed.
     * All NULL where the front end cannot watch (the unit tests' fake system leaves them NULL). */
    void *(*watch_begin)(void *ctx, const char **mechanism, bf_err *err);
    int (*watch_wait)(void *watch, int timeout_ms);
    void (*watch_end)(void *watch);
    /* The names of the files (not folders) in a folder, UTF-8, in no particular order: a malloc'd array of
     * malloc'd names (the caller frees each and the array). false + err when the folder cannot be read.
     * NULL: this front end lists no folder (bindfix-cli fleet says so). */
    bool (*list_dir)(void *ctx, const char *dir, char ***names, size_t *count, bf_err *err);
} bf_system;

#endif
