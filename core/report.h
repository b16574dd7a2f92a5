/*
 * report.h - one report model, rendered four ways (HTML, plain text, CSV, JSON).
 *
 * A report is what an administrator files or mails after looking at (or repairing) a server: who made it
 * (tool name and version), about which machine (host, FQDN, OS), when, the snapshot, the diagnosis
 * (findings with evidence and proposed actions), the actions taken with their before/after, and the
 * verification (bind status per protocol before and after the repair).
 *
 * Why the report borrows the snapshot and the diagnosis: both are large arena trees owned by the caller
 * (the console keeps them on screen while exporting); copying them would double the memory for nothing.
 * Actions and checks are small and come one by one from the repair engine, so the report copies them
 * into its own arena and the engine may free its strings at once.
 *
 * Every writer treats every string as hostile (a mailed snapshot can hold anything): HTML escapes and
 * isolates bidirectional text, text marks control and bidi characters visibly, CSV quotes per RFC 4180
 * and neutralises formula cells, JSON goes through the snapshot writer's escaping.  Invalid UTF-8 is
 * shown as U+FFFD in HTML, text and CSV.
 *
 * The shared table layer (bf_report_tables) builds each table once as rows of cells with a status, so
 * the HTML, text and CSV writers lay out the same facts and cannot drift apart.
 */
#ifndef BF_REPORT_H
#define BF_REPORT_H

#include "diagnose.h"
#include "model.h"
#include "strbuf.h"

/* One change the repair engine made (or tried). */
typedef struct bf_report_action {
    char *title;    /* "Move LAN before NDISWAN in the binding order" */
    char *before;   /* exact value before: "\\Device\\NdisWanIp, \\Device\\{...}" */
    char *after;    /* exact value after */
    char *result;   /* "applied" | "failed: <why>" | "rolled back" | "skipped: <why>" (free text) */
} bf_report_action;

/* One verification row: can this protocol bind on this address, before and after the repair. */
typedef struct bf_report_check {
    char *protocol;     /* "POP3" */
    int port;           /* 110; -1 unknown */
    char *address;      /* "192.0.2.10" */
    char *before;       /* probe outcome before, in words: "Address not available (10049)" */
    char *after;        /* probe outcome after: "OK" */
    bool passed;        /* the after state is what the repair aimed at */
} bf_report_check;

typedef struct bf_report {
    bf_arena *arena;            /* owns the report's own strings, actions and checks */

    const char *tool_name;      /* BF_TOOL_NAME unless set */
    const char *tool_version;   /* BF_TOOL_VERSION unless set */
    const char *generated_at;   /* ISO 8601 UTC, when the report was made */
    const char *host;           /* from the snapshot unless set */
    const char *fqdn;
    const char *os;             /* "Windows NT 4.0 Server Service Pack 4 (build 1381)" */

    const bf_snapshot *snap;    /* borrowed, required */
    const bf_diagnosis *diag;   /* borrowed, may be NULL (not diagnosed) */

    bf_report_action *actions; size_t action_count, action_cap;
    bf_report_check *checks;   size_t check_count, check_cap;
} bf_report;

/* Creates a report over a snapshot (and diagnosis, may be NULL). generated_at may be NULL (then the
 * snapshot's collected_at is used). Identity is filled from the snapshot. NULL on out-of-memory. */
bf_report *bf_report_create(const bf_snapshot *snap, const bf_diagnosis *diag, const char *generated_at);
void bf_report_destroy(bf_report *r);

/* Copies the strings (NULL counts as ""). false on out-of-memory. */
bool bf_report_add_action(bf_report *r, const char *title, const char *before, const char *after,
                          const char *result);
bool bf_report_add_check(bf_report *r, const char *protocol, int port, const char *address,
                         const char *before, const char *after, bool passed);

/* ---- the shared table layer ---- */

typedef enum bf_report_status {
    BF_RSTAT_NONE = 0,  /* plain value, no status */
    BF_RSTAT_OK,        /* "OK" */
    BF_RSTAT_INFO,      /* "Note" */
    BF_RSTAT_WARN,      /* "Warning" */
    BF_RSTAT_FAIL       /* "Fails" */
} bf_report_status;

/* The word shown with a status (never colour alone): "OK", "Note", "Warning", "Fails", "". */
const char *bf_report_status_word(bf_report_status s);

typedef struct bf_report_cell {
    const char *text;           /* UTF-8, may be hostile; never NULL */
    bf_report_status status;    /* shown as icon + word before the text (HTML/text); CSV adds nothing */
} bf_report_cell;

typedef struct bf_report_table {
    const char *id;             /* file-name safe: "adapters" (CSV file, HTML anchor) */
    const char *title;          /* "Adapters" */
    const char *note;           /* section status in words when not collected/unavailable, else "" */
    size_t column_count;
    const char *const *columns; /* header row */
    bf_report_cell *cells;      /* row-major, row_count * column_count */
    size_t row_count, row_cap;
} bf_report_table;

/* Table identifiers, in report order. The first three are the side-by-side view. */
typedef enum bf_report_table_id {
    BF_RT_ADAPTERS = 0,
    BF_RT_RESOLVER,
    BF_RT_BIND,
    BF_RT_BINDING,
    BF_RT_HOSTS,
    BF_RT_LISTENERS,
    BF_RT_SERVICES,
    BF_RT_EVENTS,
    BF_RT_FINDINGS,
    BF_RT_EVIDENCE,
    BF_RT_ACTIONS,
    BF_RT_VERIFICATION,
    BF_RT__COUNT
} bf_report_table_id;

typedef struct bf_report_tables {
    bf_arena *arena;
    bf_report_table tables[BF_RT__COUNT];
    /* "key: value" identity rows (tool, version, host, FQDN, OS, generated, collected, origin) */
    bf_report_table identity;
} bf_report_tables;

/* Builds every table from the report. NULL (err filled) on out-of-memory. */
bf_report_tables *bf_report_tables_build(const bf_report *r, bf_err *err);
void bf_report_tables_destroy(bf_report_tables *t);

/* ---- writers: each appends one document to out; false (err filled) on out-of-memory ---- */

bool bf_report_write_html(const bf_report *r, bf_buf *out, bf_err *err);
bool bf_report_write_text(const bf_report *r, bf_buf *out, bf_err *err);
bool bf_report_write_json(const bf_report *r, bf_buf *out, bf_err *err);

/* CSV: one file per table (plus "report" for the identity rows). Each file is UTF-8 with a byte order
 * mark (so that Excel reads the names correctly), a header row, CRLF line ends, RFC 4180 quoting, and
 * cells that a spreadsheet would run as a formula (first non-space character = + - @ TAB CR) prefixed
 * with an apostrophe. */
typedef struct bf_report_file {
    char *name;         /* "adapters.csv" (no directory) */
    char *data;         /* malloc'd */
    size_t len;
} bf_report_file;

typedef struct bf_report_files {
    bf_report_file *files;
    size_t count;
} bf_report_files;

bool bf_report_write_csv(const bf_report *r, bf_report_files *out, bf_err *err);
void bf_report_files_free(bf_report_files *f);

/* Appends one CSV cell (quoted when needed, formula-neutralised, invalid UTF-8 replaced). Exposed for
 * the tests and for other CSV exports (the console's list views). */
void bf_csv_put_cell(bf_buf *out, const char *text);

/* Appends s with every invalid UTF-8 sequence replaced by U+FFFD (EF BF BD). */
void bf_utf8_sanitize_append(bf_buf *out, const char *s);

/* Characters that must be seen, not obeyed: C1 controls, bidirectional controls (an override shows
 * "evil" as "live"), noncharacters. Every output shows them as "<U+202E>": visible, unambiguous, the
 * same in the text scan, the text, CSV and HTML reports and the console. */
bool bf_cp_needs_label(uint32_t cp);
void bf_cp_label_append(bf_buf *out, uint32_t cp);   /* "<U+202E>", 4-6 hex digits */

/* Appends untrusted text (from the machine or a snapshot) for a reader's eyes - the text scan, the text
 * and CSV reports, the console: invalid UTF-8 -> U+FFFD; C0 controls and DEL -> control pictures (ESC
 * shows as U+241B, so no escape sequence reaches a terminal); bf_cp_needs_label() characters ->
 * "<U+202E>"; a tab -> a space; CR and LF -> a space, or with keep_breaks LF and CR LF are kept (a
 * lone CR, which would let a line overwrite itself on a terminal, stays a space). Returns the number of
 * code points appended (the display width the text tables use). */
size_t bf_text_clean_append(bf_buf *out, const char *s, bool keep_breaks);

/* The HTML report's escaping, for the other HTML writers (the fleet report): escape_append for element
 * content or a double-quoted attribute; value_append also isolates the direction (<bdi>), "" for NULL. */
void bf_html_escape_append(bf_buf *out, const char *s);
void bf_html_value_append(bf_buf *out, const char *s);

#endif
