/*
 * fix.h - the repair engine: a plan of steps (each with its exact before and after), a journal written
 * and flushed before every change, apply, undo, and the journal's JSON form.
 *
 *   plan    bf_fix_plan_build: the chosen actions of a diagnosis -> steps, reading the current values
 *           from the machine (never from the snapshot: what is restored must be what was there)
 *   apply   bf_fix_apply: for each step, journal "doing" (flushed), change, journal "done" (flushed);
 *           a failing step rolls back the steps done so far, newest first, and says so
 *   undo    bf_fix_undo: from a journal (also one left by an interrupted apply): the configuration
 *           changes first, newest first, then the services, newest first (so that a service started
 *           again reads the configuration it had before)
 *
 * Journal format: help/journal-format.md. All memory of a plan is in its arena.
 */
#ifndef BF_FIX_H
#define BF_FIX_H

#include "diagnose.h"
#include "machine.h"
#include "strbuf.h"

/* Every enum here has a stable token, the journal's spelling (help/journal-format.md); the tables are in
 * fix_plan.c beside bf_fix_plan_build. *_token never returns NULL (an out-of-range value gives the first
 * token); *_parse returns false for an unknown token and leaves *out untouched. */

typedef enum bf_step_kind {
    BF_STEP_REG_SET = 0,    /* "reg-set": a registry value, before -> after */
    BF_STEP_FILE_REPLACE,   /* "file-replace": a whole file, before -> after (hosts) */
    BF_STEP_FILE_WRITE,     /* "file-write": a new file (the hosts backup); undo leaves it */
    BF_STEP_SERVICE_STOP,   /* "service-stop"; undo starts it again */
    BF_STEP_SERVICE_START,  /* "service-start"; undo stops it again */
    BF_STEP_METRIC_SET,     /* "metric-set": interface metric before -> after */
    BF_STEP_SKIP_SET,       /* "skip-as-source-set": an address's SkipAsSource flag, 0/1 before -> after */
    BF_STEP_BINDORDER_SET,  /* "binding-order-set": TCP/IP's binding paths through INetCfg, REG_MULTI_SZ before -> after */
    BF_STEP_PORT_EXCLUSION, /* "port-exclusion": the administered excluded port ranges of one family and
                             * transport (target "ipv4 tcp"), before -> after in core/portranges.h's list
                             * form (type 0); key "winnat": WinNAT was active when planned, so it is stopped
                             * around the change and started again (undo too) */
    BF_STEP_SKIP_READD,     /* "skip-as-source-readd": a static address's SkipAsSource flag, 0/1 before -> after, made
                             * by adding the address again to the persistent store with the flag (machine.skip_readd):
                             * the change that lasts; read back as skip-as-source-set is */
    BF_STEP_SERVICE_DELAYED_AUTO, /* "service-delayed-auto": an auto-start service's Delayed Automatic Start
                             * flag (SERVICE_DELAYED_AUTO_START_INFO.fDelayedAutostart), 0/1 before -> after,
                             * through machine.service_delayed_set; read back after the change; in use at
                             * the next boot (the SCM reads it when it starts auto-start services) */
    BF_STEP__COUNT
} bf_step_kind;

/* What each step kind may touch (fix_journal_limits.c). A journal is read with administrator rights, and
 * undo writes whatever its steps name: a journal whose step goes outside these limits is refused whole,
 * before anything runs. The limits are the objects the repair actions change, nothing more. */
typedef enum bf_limit_object {
    BF_LIMIT_REGISTRY = 0,  /* a value listed in bf_reg_limits (key, value name, type) */
    BF_LIMIT_HOSTS_FILE,    /* the hosts file Tcpip\Parameters\DataBasePath names now */
    BF_LIMIT_HOSTS_BACKUP,  /* bindfix's own backup beside it: hosts.bindfix.bak, hosts.bindfix-STAMP.bak */
    BF_LIMIT_SERVICE,       /* a service that exists and is not a driver */
    BF_LIMIT_ADAPTER,       /* an adapter that exists (its metric can be read now) */
    BF_LIMIT_ADDRESS,       /* a unicast address this machine holds now */
    BF_LIMIT_BINDING,       /* TCP/IP binding paths naming only devices that are bound now */
    BF_LIMIT_PORT_EXCLUSION,/* administered port exclusions: at most BF_PORT_EXCLUSION_MAX_CHANGES ranges
                             * changed, each of at most BF_PORT_EXCLUSION_MAX_PORTS ports; only WinNAT paused */
    BF_LIMIT_RACE_SERVICE   /* a service the startup-race finding names (the step's mends), that exists, is
                             * not a driver and starts automatically */
} bf_limit_object;

typedef struct bf_step_limit {
    bf_limit_object object;
    const char *rule;       /* the limit in words, quoted when a step is refused */
} bf_step_limit;

/* A port-exclusion step adds one port per service (plan_port_exclusion); a journal whose before and after
 * (or found and after) differ by more is refused: undo must never exclude or free a large range. */
#define BF_PORT_EXCLUSION_MAX_CHANGES 16
#define BF_PORT_EXCLUSION_MAX_PORTS 16

/* Indexed by bf_step_kind. */
extern const bf_step_limit bf_step_limits[];

/* The registry values a reg-set step may write (under HKLM). "{GUID}" in a key stands for exactly one
 * adapter GUID ({8-4-4-4-12} hex digits), "{NAME}" for one key name (no backslash, 1-255 characters),
 * "{N}" for a decimal number (SQL Server's IP1, IP2, ...). A value may have several rows, one per type
 * it may hold. A repair action that writes a new value (a product's listen
 * settings) adds its row here, or its journals are refused. */
typedef struct bf_reg_limit {
    const char *key;
    const char *value;
    unsigned type;          /* every value written must be of this type (7 REG_MULTI_SZ, 4 REG_DWORD) */
    const char *what;
    /* what the value's bytes must be; every row has one (a row without one refuses every value) */
    bool (*valid)(const unsigned char *data, size_t len, unsigned type);
} bf_reg_limit;

extern const bf_reg_limit bf_reg_limits[];
extern const size_t bf_reg_limit_count;

typedef enum bf_step_status {
    BF_STEP_PENDING = 0,    /* "pending" */
    BF_STEP_DOING,          /* "doing": journaled, the change may or may not have happened */
    BF_STEP_DONE,           /* "done" */
    BF_STEP_FAILED,         /* "failed": the change did not happen */
    BF_STEP_UNDONE,         /* "undone" */
    BF_STEP_STATUS__COUNT
} bf_step_status;

/* Where a plan is (the journal's "state"). */
typedef enum bf_plan_state {
    BF_PLAN_PLANNED = 0,    /* "planned": nothing applied yet */
    BF_PLAN_APPLYING,       /* "applying": under way, or interrupted (the process died) */
    BF_PLAN_STOPPED,        /* "stopped": a before_step hook stopped it; the done steps stay done */
    BF_PLAN_APPLIED,        /* "applied" */
    BF_PLAN_ROLLED_BACK,    /* "rolled-back": a step failed and every done step was undone */
    BF_PLAN_UNDONE,         /* "undone" */
    BF_PLAN_FAILED,         /* "failed": a rollback or undo that could not put everything back */
    BF_PLAN_STATE__COUNT
} bf_plan_state;

/* A finding a step is done for (journal: "mends", help/journal-format.md): the cause it mends, or, for a
 * service step, also the effect it is for (the finding that offered the restart or start). */
typedef struct bf_step_mend {
    char *id, *title;       /* the finding's ID and title as the diagnosis before the repair said them */
    bool effect;            /* false: a cause it mends ("as": "cause"); true: an effect it is for ("effect") */
} bf_step_mend;

#define BF_STEP_MAX_MENDS 32        /* the reader refuses more per step */
#define BF_MEND_MAX_ID 64           /* bytes of an ID: A-Z, 0-9 and '-' */
#define BF_MEND_MAX_TITLE 512       /* bytes of a title */

typedef struct bf_fix_step {
    bf_step_kind kind;
    bf_step_status status;
    char *title;            /* "Linkage\\Bind: NdisWan4 moved after E100B1" */
    char *target;           /* key\value, path, service name, adapter GUID */
    char *key, *value;      /* reg-set */
    bf_regval before, after;   /* reg-set: values; file steps: data/len (type 0); metric: type 4 DWORD */
    char *error;            /* why it failed, "" */
    int wave;               /* service steps: consecutive steps of one kind and one wave run together
                             * (independent branches of the dependency tree); 0: alone */
    bool restart_pending;   /* done, but Windows takes it into use after a restart (INetCfg's Apply said
                             * NETCFG_S_REBOOT); journal: "takes-effect": "after-restart" */
    const char *lasts;      /* how long the change lasts, as the preview, journal ("lasts") and report say
                             * it: "persistent", "until restart", "until the lease renews", or "" (not
                             * said: service steps, older journals) */
    char *lasting_command;  /* where the lasting change is a command bindfix does not run: that exact
                             * command ("lasting-command"), else "" */
    char *end_note;         /* not journaled: set just before bf_fix_opts.end_process asks - what the SCM
                             * does when the service's process ends (machine.service_end_note), "" */
    char *end_outcome;      /* a service-stop whose process bindfix ended: what followed (journal "ended"):
                             * restarted by the SCM's failure action, or bindfix starts it; else "" */
    bool has_found;         /* found was read (journal member "found"; absent in older journals) */
    bf_regval found;        /* what the target held at apply time, read right before the change: equal
                             * to before, unless --force wrote over a value that had drifted */
    bool kept_edits;        /* not journaled: undo put back only bindfix's own hosts lines, keeping
                             * lines edited or added since the repair (bf_hosts_revert_lines) */
    unsigned long long from_actions;    /* not journaled: bit i set when chosen[i] of bf_fix_plan_build asked
                                         * for this step (several may: two findings starting one service) */
    bf_step_mend *mends;    /* what it is done for (journal "mends"; absent in older journals: none) */
    size_t mend_count, mend_cap;
} bf_fix_step;

/* One bind (and greeting) result of the scan taken before the repair, kept in the journal so that an
 * undo run in another process can compare the machine afterwards with the machine before. */
typedef struct bf_baseline_row {
    char *protocol, *transport, *address;
    int port;
    bf_probe_result bind;
    bf_greeting greeting;
} bf_baseline_row;

#define BF_BASELINE_MAX_ROWS 4096   /* the reader refuses more */

typedef struct bf_fix_plan {
    bf_arena *arena;
    char *created;          /* ISO 8601 UTC */
    char *host;
    bf_plan_state state;
    bf_fix_step *steps;
    size_t step_count, step_cap;
    char **actions;         /* titles of the actions chosen */
    size_t action_count, action_cap;
    bool has_baseline;      /* false: a journal written before the baseline existed (undo cannot compare) */
    bf_baseline_row *baseline;
    size_t baseline_count, baseline_cap;
    size_t building;        /* not journaled: while bf_fix_plan_build runs, the index of the action it plans */
} bf_fix_plan;

typedef struct bf_fix_opts {
    int service_timeout_ms;     /* per stop/start; default 30000 */
    const char *hosts_backup_suffix; /* ".bindfix-YYYYMMDDThhmmssZ.bak"; the caller makes it from the clock */
    /* Optional, for a front end that shows progress or stops between steps (all called on the thread
     * that applies; cb is theirs). before_step returning false stops the apply before step i, which
     * is still pending: the plan's state becomes "stopped", the steps done stay done, and
     * bf_fix_apply returns false with err->code BF_FIX_STOPPED. Applying the same plan again goes on
     * with the pending steps; bf_fix_undo puts the done ones back. after_step reports a step's new
     * status (done, failed, doing after a wait ran out, undone during a rollback). */
    bool (*before_step)(void *cb, const bf_fix_plan *p, size_t i);
    void (*after_step)(void *cb, const bf_fix_plan *p, size_t i);
    /* A service of step i (service-stop) did not stop within the timeout: true ends its process
     * (machine.service_end_process) and the step goes on; false (or NULL) reports it, never kills it,
     * and the repair rolls back. The CLI's --end-hung-services answers true; the GUI asks. */
    bool (*end_process)(void *cb, const bf_fix_plan *p, size_t i);
    void *cb;
    /* Compare before every write: apply writes `after` only where the target still holds `before`,
     * undo writes `before` only where it still holds `after` (the hosts file: line by line,
     * bf_hosts_revert_lines). A target that drifted stops the apply or undo before anything more is
     * changed (err->code BF_FIX_DRIFT, expected and found in the message). force: write anyway (the
     * administrator's explicit choice: --force, the console's Force button); the hosts file is then
     * put back whole, as it was before the repair. */
    bool force;
} bf_fix_opts;

/* err->code of an apply that before_step stopped */
#define BF_FIX_STOPPED 1223   /* ERROR_CANCELLED */
/* err->code of an apply or undo stopped because a target no longer held what the step expected: an
 * application-defined code (bit 29 set, as Win32 reserves for applications) */
#define BF_FIX_DRIFT 0x20000024
/* err->code of an apply refused because the machine changed since its preview (bf_session_refresh): a
 * new preview was made and nothing was applied */
#define BF_FIX_STALE 0x20000025
/* err->code of a metric or SkipAsSource step whose value read back after the write differs from what was
 * written (or cannot be read): the step counts as possibly made and is undone */
#define BF_FIX_UNVERIFIED 0x20000026

/* The plan for the chosen actions (kinds in help/findings.md). Actions that need nothing changed, or
 * that bindfix cannot carry out (install-fix), are listed in `skipped` text appended to notes. NULL on
 * failure with err (e.g. the hosts line no longer reads what the diagnosis saw). */
bf_fix_plan *bf_fix_plan_build(const bf_snapshot *snap, const bf_action *const *chosen, size_t count,
                               const bf_machine *m, const bf_fix_opts *opts, bf_buf *notes, bf_err *err);
void bf_fix_plan_destroy(bf_fix_plan *p);

/* A finding ID as the diagnosis writes them and a journal's "mends" may hold: "BF-", then A-Z, 0-9 and
 * '-', at most BF_MEND_MAX_ID bytes. */
bool bf_mend_id_ok(const char *id);

/* Records that step s is done for a finding (strings copied into p's arena); an ID already there is not
 * added again, and a cause wins over the same finding as an effect. false: out of memory, or the step
 * already names BF_STEP_MAX_MENDS findings, or the ID is not one (bf_mend_id_ok). The title is kept as one
 * line of at most BF_MEND_MAX_TITLE bytes. */
bool bf_fix_step_add_mend(bf_fix_plan *p, bf_fix_step *s, const char *id, const char *title, bool effect);

/* What a step is done for, one line: "mends BF-HOSTS-PIN (<title>)" and, for a service step, "for
 * BF-RESOLVER-UNBOUND (<title>)"; nothing when the step names none (an older journal). */
void bf_fix_step_write_mends(const bf_fix_step *s, bf_buf *out);

/* Inserts a pending step at index at (the steps from there move one on); its strings in the plan's arena.
 * NULL on out-of-memory. Pointers to steps taken before the call are no longer valid. */
bf_fix_step *bf_fix_plan_insert_step(bf_fix_plan *p, size_t at, bf_step_kind kind, const char *title,
                                     const char *target);

/* The preview: every step with its exact before and after, as text. */
void bf_fix_plan_write_preview(const bf_fix_plan *p, bf_buf *out);

/* Carries the plan out (its pending steps: a stopped plan goes on where it stopped), journaling to journal_path before and after every step. On a failing step the
 * steps done are undone (newest first) and false is returned with err saying which step failed and
 * whether the rollback restored everything. */
bool bf_fix_apply(bf_fix_plan *p, const bf_machine *m, const char *journal_path, const bf_fix_opts *opts,
                  bf_err *err);

/* Undoes every step that is done or doing, journaling as it goes: every configuration change first
 * (newest first), then the service steps (newest first). When a configuration change cannot be put
 * back the services are left as the repair made them (their steps stay done) and the error says so.
 * The automatic rollback of a failed apply uses the same order. */
bool bf_fix_undo(bf_fix_plan *p, const bf_machine *m, const char *journal_path, const bf_fix_opts *opts,
                 bf_err *err);

/* Journal <-> plan. The reader is strict (FILE:LINE:COL) and never trusts lengths in the file. */
void bf_fix_journal_write(const bf_fix_plan *p, bf_buf *out);
bf_fix_plan *bf_fix_journal_read(const char *text, size_t len, const char *where, bf_err *err);

/* The limits of one step judged from the journal alone (no machine): the registry value is listed,
 * the file is a hosts file or its backup by name, the service name is one the SCM accepts, the adapter a
 * GUID, the address numeric. false: *why says which limit. bf_fix_journal_read applies it to every step. */
bool bf_fix_step_in_limits(const bf_fix_step *s, const char **why);

/* The limits that need the machine as it is now: the hosts file is the one DataBasePath names, the
 * services exist and are not drivers, the adapters, addresses and bound devices exist. Every step of p,
 * before anything runs; false with err naming the file (where), the step and the reason. */
bool bf_fix_journal_check(const bf_fix_plan *p, const bf_machine *m, const char *where, bf_err *err);

const char *bf_step_kind_token(bf_step_kind k);
bool bf_step_kind_parse(const char *tok, bf_step_kind *out);
const char *bf_step_status_token(bf_step_status s);
bool bf_step_status_parse(const char *tok, bf_step_status *out);
const char *bf_plan_state_token(bf_plan_state s);
bool bf_plan_state_parse(const char *tok, bf_plan_state *out);

/* When a step of this kind is in use, where that is not at once and not a restart Windows asked for
 * (restart_pending): "takes effect at the next boot" for service-delayed-auto (the SCM reads the flag when
 * it starts the auto-start services; the finding's restart makes the service listen now); else "". The
 * preview, the CLI's repair output and the wizard's report say it. */
const char *bf_fix_step_when(const bf_fix_step *s);

/* Some done step takes effect only after Windows restarts (bf_fix_step.restart_pending): the repair is
 * applied, but verify cannot call it fixed until the machine has restarted. */
bool bf_fix_plan_restart_pending(const bf_fix_plan *p);

/* bindfix's own hosts change (before -> after: lines commented out with "# ", the line count kept)
 * undone in `now`, the file as it is today: exactly those lines are uncommented if they still read as
 * bindfix left them, every other byte of `now` is kept (lines added or edited since, line ends, the
 * encoding). true: *out holds the result. false: a line bindfix commented was edited or removed since,
 * or appears more often now (which one is bindfix's cannot be told), or the change is not one bindfix
 * makes; `why` says which line. *kept: now differs from after elsewhere (later edits were kept). */
bool bf_hosts_revert_lines(const char *before, size_t blen, const char *after, size_t alen, const char *now,
                           size_t nlen, bf_buf *out, bf_buf *why, bool *kept);

/* A step's value on one line, as the drift messages show it ("10", "SkipAsSource on", "(absent)",
 * "\Device\{...}, \Device\{...}", "312 bytes"). */
void bf_fix_value_line(const bf_fix_step *s, const bf_regval *v, bf_buf *out);
/* A port-exclusion step's change from one list to another as the commands it amounts to, one line:
 * "net stop winnat; netsh int ipv4 add excludedportrange protocol=tcp startport=143 numberofports=1; net
 * start winnat" ("nothing to run" when the lists are the same). */
void bf_fix_port_exclusion_commands(const bf_fix_step *s, const bf_regval *from, const bf_regval *to, bf_buf *out);
/* What step s expected against what was found: "expected 10, found 50"; for a file the first line that
 * differs, "line 5: expected (no such line); found "192.0.2.99 newapp" (120 bytes expected, 139 found)". */
void bf_fix_drift_text(const bf_fix_step *s, const bf_regval *expected, const bf_regval *found, bf_buf *out);

/* Drift the journal records, one line per step: a step whose target did not hold `before` when apply
 * wrote it (forced: "found" differs), and a step whose undo stopped because its target changed since
 * the repair. Nothing written when there is none. */
void bf_fix_plan_write_drift(const bf_fix_plan *p, bf_buf *out);

/* The repair of BF-DNS-UNUSABLE (fix_dns.c): the adapter's Interfaces\{GUID} DisableDynamicUpdate -> 1
 * and RegistrationEnabled -> 0 as reg-set steps (each value already so gives none). Registering again
 * is no step: the session does it after apply and undo (bf_machine.dns_register). */
bool bf_fix_plan_dns_registration(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes, bf_err *err);
/* value is one this repair writes (DisableDynamicUpdate, RegistrationEnabled; no case). */
bool bf_fix_dns_value(const char *value);
/* s is one of its steps (a reg-set of such a value under Tcpip\Parameters\Interfaces). */
bool bf_fix_dns_step(const bf_fix_step *s);
/* Some such step of p is done, doing or undone: the DNS registration changed (or was put back). */
bool bf_fix_plan_has_dns(const bf_fix_plan *p);

/* A repair left half-done: interrupted ("applying"), stopped half-way ("stopped"), or a rollback that
 * did not finish ("failed"). Either way the machine may not be as the journal's "before" says. */
bool bf_plan_state_unfinished(bf_plan_state s);

#endif
