/*
 * repair_session.h - one repair from scan to verification, shared by `bindfix-cli repair`, the
 * console's Fix... and Restart services dialogs and the repair wizard, so that all three choose, plan,
 * journal, apply and verify the same way.
 *
 *   scan     the machine (live, demo or a saved snapshot), diagnose, list the distinct actions with
 *            the recommended ones chosen
 *   plan     the chosen actions -> a plan read from the machine's current values, and its preview
 *   apply    journal location and "last journal" pointer, then the engine (bf_fix_apply); it may be
 *            called again on a plan that a hook stopped, and goes on with the pending steps
 *   verify   scan again; per protocol and address, the bind result before and after
 *   undo     the session's journal, newest step first
 *
 * Every function is synchronous and may take seconds (scans, service waits): front ends with a
 * window call them on a worker thread. Errors: false + bf_err naming the place and the problem.
 */
#ifndef BF_REPAIR_SESSION_H
#define BF_REPAIR_SESSION_H

#include "catalogue.h"
#include "diagnose.h"
#include "fix.h"
#include "source.h"
#include "strbuf.h"
#include "system.h"

#define BF_SESSION_MAX_ACTIONS 64

/* One protocol address whose bind failed before the repair, or that answers after it. */
typedef struct bf_verify_row {
    const char *protocol, *transport, *address;   /* point into the snapshots */
    int port;
    bool was_failing;           /* failed before the repair (else: a new answer after it) */
    bf_probe_result before;     /* BF_PROBE_NOT_RUN when it was not probed before */
    bool after_known;           /* false: the resolver no longer returns the address */
    bf_probe_result after;
    bf_greeting greeting_after;
    const char *greeting_text;  /* "" when none */
    bf_port_owner owner;        /* who holds the port after (bf_probe_owner); UNKNOWN when not held */
    int owner_pid;              /* the probe's owner PID, -1 unknown */
    const char *service;        /* the endpoint's service, "" unknown */
    bool fixed;                 /* binds now, or is no longer returned, or the service itself answers */
} bf_verify_row;

/* One effect of a cause the repair mends, after the repair. */
typedef struct bf_verify_effect {
    const char *id, *title;     /* the finding before the repair (point into the session's diagnosis) */
    bool gone;                  /* the scan after the repair no longer finds it */
} bf_verify_effect;

/* A cause a chosen action mends (bf_action_attribution: a restart's are the root causes above the
 * findings that offer it), after the repair: whether the scan after it still
 * finds the cause, and each of its effects (bf_cause_all_effects). */
typedef struct bf_verify_cause {
    size_t finding;             /* index into the session's diagnosis */
    const char *id, *title;
    bool gone;
    bf_verify_effect *effects;  /* malloc'd */
    size_t effect_count, effects_gone;
} bf_verify_cause;

/* One bind or greeting result that is not as it was before the repair. */
typedef struct bf_undo_diff {
    const char *protocol, *transport, *address;   /* point into the plan or the scan */
    int port;
    bool in_before, in_now;     /* probed before the repair / probed now */
    bf_probe_result bind_before, bind_now;
    bf_greeting greeting_before, greeting_now;
} bf_undo_diff;

/* The machine after an undo (or an automatic rollback) compared with the scan taken before the repair
 * (the journal's baseline): per protocol, port and address, the bind result and the greeting. */
typedef struct bf_undo_check {
    bool done;                  /* a comparison was attempted (bf_session_check_undo ran) */
    bool compared;              /* false: the journal has no baseline (written by an older bindfix) */
    size_t results;             /* baseline results compared */
    size_t not_compared;        /* baseline results on a port this scan did not probe at all (another
                                 * catalogue: e.g. undo run without the repair's --catalogue) */
    bf_undo_diff *diffs;        /* malloc'd */
    size_t diff_count;          /* 0 and compared: "as before" */
} bf_undo_check;

typedef struct bf_repair_session {
    bf_source_kind source;              /* only BF_SOURCE_LIVE may be applied */
    const char *scan_failed;            /* after a failed bf_session_scan: the step (bf_opened.failed) */
    bf_catalogue *catalogue;            /* NULL: built-in knowledge only */
    bf_snapshot *before, *after;        /* after: set by bf_session_verify */
    bf_diagnosis *diagnosis;
    const bf_action *actions[BF_SESSION_MAX_ACTIONS];   /* distinct actions, in finding order */
    bool chosen[BF_SESSION_MAX_ACTIONS];
    size_t action_cause[BF_SESSION_MAX_ACTIONS];    /* the first cause each action mends (bf_action_attribution);
                                                     * SIZE_MAX: the administrator's own restart request */
    size_t action_count;
    bf_fix_plan *plan;                  /* set by bf_session_plan */
    bf_buf preview;                     /* the plan's steps with before and after */
    bf_buf notes;                       /* what bindfix does not change (e.g. install a hotfix) */
    char *journal;                      /* the journal of the apply, malloc'd */
    bool pointer_outside;               /* bf_session_apply pointed last-journal.txt at a journal outside
                                         * the journal folder (empties it when the repair ends) */
    char stamp[40];                     /* 2026-01-02T030405Z: the plan's time, for file names */
    int service_timeout_ms;             /* per stop or start; 30000 unless set */
    bf_verify_row *rows;                /* set by bf_session_verify */
    size_t row_count;
    bf_verify_cause *causes;            /* set by bf_session_verify: per cause of the chosen actions */
    size_t cause_count, cause_cap;
    bool verified_ok;
    bool restart_pending;               /* set by bf_session_verify: a step applied takes effect after a
                                         * restart, so verified_ok stays false ("pending", not "fixed") */
    bf_undo_check undo_check;           /* set by bf_session_check_undo */
    /* issue 16 part 1: after a plan that changed an adapter's DNS registration (bf_fix_plan_has_dns), set
     * by bf_session_verify and bf_session_check_undo: the registration asked again (ipconfig /registerdns)
     * and DNS asked again (s->after's dns_publication) */
    bool dns_checked;
    bool dns_registered;                /* ipconfig /registerdns said it started */
    char *dns_register_error;           /* why it could not be asked (malloc'd), NULL when it was */
    bf_action restart_action;           /* bf_session_add_restart's action */
    char *restart_services;             /* its services, malloc'd */
} bf_repair_session;

bf_repair_session *bf_session_create(void);
void bf_session_destroy(bf_repair_session *s);

/* bf_catalogue_open into the session (undo, which reads a journal instead of scanning first). */
bool bf_session_load_catalogue(bf_repair_session *s, const bf_system *sys, const char *path, bf_err *err);

/* Opens the source (bf_source_open: its catalogue, the machine, the diagnosis), lists the distinct
 * actions and chooses the recommended ones. Replaces whatever an earlier scan found, the catalogue
 * included; on failure s->scan_failed names the step. */
bool bf_session_scan(bf_repair_session *s, const bf_system *sys, const bf_source *src, bf_err *err);

/* Adds the administrator's own request "restart these services (comma-separated) and what depends on
 * them" as an action, chosen; returns its index, or -1 when the list is full. */
int bf_session_add_restart(bf_repair_session *s, const char *services);

/* Chooses only the actions of this kind; false when none is offered. */
bool bf_session_choose_kind(bf_repair_session *s, bf_action_kind kind);

/* The plan for the chosen actions, read from the machine now; fills preview and notes. A plan with no
 * step (nothing to change) is not an error. */
bool bf_session_plan(bf_repair_session *s, const bf_system *sys, bf_err *err);

/* Right before the first apply: the plan made again from the machine as it is now, compared step by
 * step with the one previewed. *stale: something a previewed step touches changed (each change, one
 * line, into `changed`); the new plan and preview then replace the old ones, and nothing may be applied
 * before the administrator has seen them. false (err code BF_FIX_STALE, *stale set) when the plan
 * cannot be made again (a hosts line that no longer reads as scanned). A plan already applied in part is
 * not planned again: the engine compares each step before its write. */
bool bf_session_refresh(bf_repair_session *s, const bf_system *sys, bf_buf *changed, bool *stale, bf_err *err);

/* Who holds the repair lock, in words: "process 1234 (bindfix-cli.exe repair --apply), user WIN\admin,
 * started 2026-12-06T01:02:03Z". */
void bf_lock_holder_write(const bf_lock_holder *h, bf_buf *out);

/* Applies the plan (live sessions only): the first call picks the journal (sys->journal_dir) and
 * records it as the last journal; hooks (may be NULL) are the engine's before_step / after_step. */
bool bf_session_apply(bf_repair_session *s, const bf_system *sys, const bf_fix_opts *hooks, bf_err *err);

/* Scans again and compares every protocol address that failed before; verified_ok says whether all
 * of them bind (or answer) now. Diagnoses the scan after and, per cause a chosen action mends, says
 * whether the cause and each of its effects are gone (s->causes); verified_ok stays the probes' verdict. A plan with a step that takes effect after a restart is never verified
 * before it: restart_pending is set and verified_ok false, whatever the probes say. false only when the
 * machine cannot be scanned. */
bool bf_session_verify(bf_repair_session *s, const bf_system *sys, bf_err *err);
void bf_session_write_verification(const bf_repair_session *s, bf_buf *out);
/* The per-cause part alone ("PER CAUSE" and one line per cause and effect); nothing when there is none. */
void bf_session_write_causes(const bf_repair_session *s, bf_buf *out);
/* What action k mends, one line: "BF-HOSTS-PIN: <title>; and its 3 effects: <title>; <title>; ...", or
 * "" for an action of no finding. A restart or start of services mends nothing itself: "for
 * BF-RESOLVER-UNBOUND: <title>, after the repair of the cause BF-HOSTS-PIN: <title>". When the order model predicts the action leaves an address nothing
 * binds (bf_action.predicted_clean NO), the effects are said to stay instead. */
void bf_session_write_mends(const bf_repair_session *s, size_t k, bf_buf *out);

/* The DNS part of the verification (nothing unless s->dns_checked): what `ipconfig /registerdns` did
 * (asked, or why not: its failure leaves the registry change made), DNS's answer now beside the one before
 * the repair, and, for every address the scan before found unusable that DNS still publishes, that the
 * record stays for the DNS administrator with the exact commands (bf_dns_admin_commands). */
void bf_session_write_dns(const bf_repair_session *s, bf_buf *out);
/* The same as verification rows of a report (the wizard's): "ipconfig /registerdns" (passed: asked), "DNS
 * answer" before -> now (passed: no unusable address is still published), and one "DNS record" row per
 * record that stays for the DNS administrator, with the commands (never passed). Nothing when
 * !s->dns_checked. false: out of memory. */
struct bf_report;
bool bf_session_report_dns(const bf_repair_session *s, struct bf_report *r);

/* Undoes the session's applied (or stopped) plan: configuration first, then the services (bf_fix_undo). */
bool bf_session_undo(bf_repair_session *s, const bf_system *sys, const bf_fix_opts *hooks, bf_err *err);

/* After an undo or an automatic rollback: scans again (into s->after) and compares every bind and
 * greeting result with the plan's baseline (s->undo_check). false only when the machine cannot be
 * scanned (or memory runs out); a plan without a baseline gives undo_check.compared = false. */
bool bf_session_check_undo(bf_repair_session *s, const bf_system *sys, bf_err *err);

/* The baseline: every bind and greeting result of snap (the scan before the repair), into the plan, so
 * that the journal carries it. bf_session_apply calls it before the first step. false: out of memory. */
bool bf_baseline_record(bf_fix_plan *p, const bf_snapshot *snap);
/* Compares now with p's baseline (only the ports the baseline has: a different catalogue adds no
 * difference). false: out of memory. Frees what *out held. */
bool bf_undo_compare(const bf_fix_plan *p, const bf_snapshot *now, bf_undo_check *out);
void bf_undo_check_free(bf_undo_check *c);
/* "  as before (N bind and greeting results)" or every difference, one line each (English, as the CLI
 * prints it; the GUI formats the rows itself with bf_undo_diff_line). */
void bf_undo_check_write(const bf_undo_check *c, bf_buf *out);
/* One difference as text: "POP3 tcp/110 192.0.2.10: before: ...; now: ..." */
void bf_undo_diff_line(const bf_undo_diff *d, bf_buf *out);

/* The "last journal" pointer file in sys->journal_dir (malloc'd path; NULL without a journal dir). */
char *bf_repair_last_journal_pointer(const bf_system *sys);
/* The journal the pointer names (malloc'd), NULL when there is none. */
char *bf_repair_last_journal(const bf_system *sys);
/* The last repair did not end cleanly (its journal says applying, stopped or failed): the machine
 * may not be as the journal's "before" says. *journal_out: its path (malloc'd). Only a journal directly
 * in the journal folder is read (bf_repair_pointer_followed): a pointer naming any other place (a
 * repair with --journal FILE elsewhere, which leaves the pointer so only while it is unfinished; see
 * bf_session_apply) counts as unfinished without reading that file (bf_repair_pointer_outside says so). */
bool bf_repair_interrupted(const bf_system *sys, char **journal_out);
/* path (a journal the pointer names) is not directly in the journal folder: bindfix reads it only when
 * the administrator names it with --journal FILE. */
bool bf_repair_pointer_outside(const bf_system *sys, const char *path);
/* Reads a journal file into a plan: when this process may change the machine, only a file that
 * administrators alone can write (bf_trust_file; --trust-file overrides), then the strict reader, then
 * every step within its limits on this machine now (bf_fix_journal_check). */
bf_fix_plan *bf_repair_read_journal(const bf_system *sys, const char *path, bf_err *err);
/* The pointer's journal may be followed without being named: a local file directly in the journal
 * folder. false: err says why and to give it with --journal. */
bool bf_repair_pointer_followed(const bf_system *sys, const char *path, bf_err *err);

#endif
