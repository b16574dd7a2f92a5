/*
 * fleet.h - many servers at once (issue 17): a folder of snapshots, as a fleet engine (Ansible,
 * PowerShell remoting, res/fleet/) or any other source leaves it, read into one row per server and the
 * servers grouped by finding; written as text, JSON, CSV or HTML (help/fleet.md).
 *
 * The folder: NAME.json is one server's snapshot (`bindfix-cli scan --json` or `snapshot -o`; NAME is
 * the engine's name for the host); NAME.not-collected.json is the engine's record that it could not
 * collect NAME ({"schema": "bindfix-not-collected", "host", "engine", "error", "at"}). Other files are
 * not read. A snapshot that cannot be read is a row of its own (unreadable, with the reader's message):
 * never silently missing.
 *
 * Lean at the size of an estate: each snapshot is read, diagnosed, summarised and freed before the next
 * is read; the fleet keeps only the summaries (a few hundred bytes a server).
 */
#ifndef BF_FLEET_H
#define BF_FLEET_H

#include "diagnose.h"
#include "strbuf.h"

struct bf_catalogue;

#define BF_FLEET_SCHEMA "bindfix-fleet"
#define BF_FLEET_VERSION 1
#define BF_NOT_COLLECTED_SCHEMA "bindfix-not-collected"
#define BF_NOT_COLLECTED_SUFFIX ".not-collected.json"

typedef enum bf_fleet_state {
    BF_FLEET_COLLECTED = 0,     /* "collected": a snapshot, diagnosed */
    BF_FLEET_NOT_COLLECTED,     /* "not-collected": the engine says why (error) */
    BF_FLEET_UNREADABLE         /* "unreadable": the file could not be read (error says where and why) */
} bf_fleet_state;

typedef struct bf_fleet_server {
    char *name;             /* the engine's name for the host: the file name without .json */
    char *file;             /* the file name in the folder */
    bf_fleet_state state;
    char *error;            /* not collected / unreadable: why; else "" */
    char *engine;           /* not collected: the engine that says so ("ansible"); else "" */
    char *hostname;         /* from the snapshot ("" when not collected) */
    char *os;               /* "Windows Server 2019 (version 10.0, build 17763), server" */
    char *generation;       /* the product generation the diagnosis detected, "" */
    bool has_findings;
    size_t finding_count;   /* the diagnosis's findings (the console's fleet view counts them) */
    bf_severity worst;      /* the highest finding severity (has_findings) */
    char *failing;          /* "POP3 10049, IMAP4 10049": protocols whose bind probe failed, with the error */
    char *top_finding;      /* the first root cause of the cause tree, "" */
    char *collected_at;     /* from the snapshot (or the marker's "at") */
    char *report;           /* the server's own report beside the fleet report (HTML), "" */
} bf_fleet_server;

/* One finding on one protocol ("" when the finding names none) and the servers that have it. */
typedef struct bf_fleet_group {
    char *finding;
    char *protocol;
    bf_severity severity;   /* the highest among its servers */
    size_t *servers;        /* indexes into the fleet's servers, in the servers' order */
    size_t server_count, server_cap;
} bf_fleet_group;

typedef struct bf_fleet {
    bf_arena *arena;
    char *dir;
    bf_fleet_server *servers;   size_t server_count, server_cap;
    bf_fleet_group *groups;     size_t group_count, group_cap;   /* bf_fleet_finish */
} bf_fleet;

bf_fleet *bf_fleet_create(const char *dir);
void bf_fleet_destroy(bf_fleet *f);

/* Whether the folder entry is read: NAME.json (a snapshot) or NAME.not-collected.json (a marker). */
bool bf_fleet_wants(const char *file_name);

/* Called with each snapshot read, before it is freed (the HTML writer writes the server's report here);
 * returns the report's file name to record ("" or NULL: none). */
typedef const char *(*bf_fleet_each)(void *ctx, const char *name, const bf_snapshot *snap, const bf_diagnosis *diag);

/* Reads one folder entry (file_name as bf_fleet_wants accepted it, data of len bytes): a marker, or a
 * snapshot read with the strict reader and diagnosed with cat (NULL: built-in). An entry that cannot
 * be read becomes an unreadable row. false only when out of memory. */
bool bf_fleet_add_file(bf_fleet *f, const char *file_name, const char *data, size_t len,
                       const struct bf_catalogue *cat, bf_fleet_each each, void *each_ctx);
/* A file that could not even be opened. */
bool bf_fleet_add_unreadable(bf_fleet *f, const char *file_name, const char *error);

/* Copies a row of another fleet (the console's reader posts each row to the window as it is read);
 * false (out of memory): no row added. */
bool bf_fleet_add_copy(bf_fleet *f, const bf_fleet_server *s);

/* Sorts the servers by name and groups them by finding (most severe, then most servers, first). */
bool bf_fleet_finish(bf_fleet *f);

/* 2 when a file was unreadable; else 1 when a server has a finding of severity warning or above or
 * was not collected (its state is not known); else 0. */
int bf_fleet_exit_code(const bf_fleet *f);
size_t bf_fleet_count(const bf_fleet *f, bf_fleet_state state);

const char *bf_fleet_state_token(bf_fleet_state s);

/* The writers append one document; false only on out of memory (out->failed). generated_at: ISO 8601. */
bool bf_fleet_write_text(const bf_fleet *f, bf_buf *out);
bool bf_fleet_write_json(const bf_fleet *f, const char *generated_at, bf_buf *out);
bool bf_fleet_write_csv(const bf_fleet *f, bf_buf *out);     /* the server rows: BOM, RFC 4180, CRLF */
bool bf_fleet_write_html(const bf_fleet *f, const char *generated_at, bf_buf *out);

/* A name safe as a file name on every system, from a host name: [A-Za-z0-9._-] kept, others '_',
 * never "", "." or ".." (the report of server NAME is NAME-report.html beside the fleet report). */
char *bf_fleet_safe_name(bf_arena *a, const char *name);

/* ---- a folder read whole, and the fleet report (fleet_dir.c) ---- */

struct bf_system;

/* After each folder entry became a row (f->servers[index]): done of total entries read (total: the
 * entries bf_fleet_wants in the folder). The console posts the row and the count from here. */
typedef void (*bf_fleet_added)(void *ctx, const bf_fleet *f, size_t index, size_t done, size_t total);

typedef struct bf_fleet_read_opts {
    const struct bf_catalogue *cat;     /* NULL: the built-in one */
    bf_fleet_each each;                 /* may be NULL */
    void *each_ctx;
    bf_fleet_added added;               /* may be NULL */
    void *added_ctx;
} bf_fleet_read_opts;

/* Reads the folder as `bindfix-cli fleet` does: every entry bf_fleet_wants, in name order, through
 * sys->list_dir and sys->read_file (a file that cannot be read is an unreadable row), then
 * bf_fleet_finish. NULL + err: the folder cannot be listed, holds nothing to read, or out of memory. */
bf_fleet *bf_fleet_read_dir(const struct bf_system *sys, const char *dir, const bf_fleet_read_opts *o, bf_err *err);

typedef enum bf_fleet_format {
    BF_FLEET_FMT_NONE = 0, BF_FLEET_FMT_TEXT, BF_FLEET_FMT_JSON, BF_FLEET_FMT_CSV, BF_FLEET_FMT_HTML
} bf_fleet_format;

/* "text" ("txt"), "json", "csv", "html"; else BF_FLEET_FMT_NONE. */
bf_fleet_format bf_fleet_format_parse(const char *name);
/* By the file's extension (.html .htm .json .csv; anything else text). */
bf_fleet_format bf_fleet_format_of_path(const char *path);

typedef struct bf_fleet_report_opts {
    const struct bf_catalogue *cat;     /* NULL: the built-in one */
    bf_fleet_format fmt;
    const char *report_path;    /* where the fleet report goes: with html, each collected server's full
                                 * report is written beside it as NAME-report.html and linked; NULL: none */
    const char *now;            /* ISO 8601, for the documents */
    bf_fleet_added added;       /* as for bf_fleet_read_dir; may be NULL */
    void *added_ctx;
} bf_fleet_report_opts;

typedef struct bf_fleet_report_result {
    size_t server_reports;      /* written beside the report */
    size_t report_failures;     /* server reports that could not be written */
    bf_err report_err;          /* the first of them: why */
} bf_fleet_report_result;

/* The fleet report, as `bindfix-cli fleet` and the console's Export report on the Fleet node write it:
 * the folder read (bf_fleet_read_dir) and the document in o->fmt appended to doc (the caller writes it
 * where it goes). Returns the fleet (the caller destroys it), or NULL + err as bf_fleet_read_dir. */
bf_fleet *bf_fleet_report(const struct bf_system *sys, const char *dir, const bf_fleet_report_opts *o, bf_buf *doc,
                          bf_fleet_report_result *res, bf_err *err);

#endif
