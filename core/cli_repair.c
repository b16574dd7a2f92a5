/*
 * cli_repair.c - `bindfix-cli repair` and `bindfix-cli undo`.
 *
 * repair: scan (live, or a saved snapshot for a preview only), diagnose, list the distinct repair
 * actions with the model's predictions, choose (the recommended ones, or --action N...), build the plan
 * from the machine's current values and print the preview. With --apply: check for an interrupted
 * repair, apply with the journal, scan again and verify every protocol that failed; a failed
 * verification says what is still wrong and how to undo. undo: the journal, newest step first.
 */
#include "cli_repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "fix.h"
#include "json.h"
#include "machine.h"
#include "repair_session.h"
#include "report.h"

/* Everything printed can carry text from the machine (hosts lines, service names): cleaned first. */
static void out(const bf_system *sys, const char *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_text_clean_append(&b, s, true);
    sys->write_out(sys->ctx, bf_buf_cstr(&b), b.len);
    bf_buf_free(&b);
}

typedef struct end_ask_ctx {
    const bf_system *sys;
    int timeout_ms;
} end_ask_ctx;

/* --end-hung-services: the administrator chose beforehand; say what is done, as it is done */
static bool say_end_process(void *cb, const bf_fix_plan *p, size_t i)
{
    end_ask_ctx *c = cb;
    bf_buf b;
    bf_buf_init(&b);
    bf_buf_printf(&b, "  %s did not stop within %d ms of its last progress: ending its process (--end-hung-services)\n",
                  p->steps[i].target, c->timeout_ms);
    if (p->steps[i].end_note && p->steps[i].end_note[0])
        bf_buf_printf(&b, "  When its process is ended, %s.\n", p->steps[i].end_note);
    out(c->sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return true;
}

static const char repair_usage[] =
    "Usage: bindfix-cli repair [--snapshot FILE | --demo] [--action N]... [--restart A[,B]] [--apply] [--journal FILE] [--dns]\n"
    "                          [--service-timeout MS] [--end-hung-services] [--wait SECONDS] [--force] [--json]\n"
    "\n"
    "Lists the repair actions the findings offer (numbered, with what the resolver-order model predicts),\n"
    "then previews the exact changes of the chosen ones: every registry value, hosts line and service,\n"
    "before and after, read from this machine now. Nothing is changed without --apply.\n"
    "\n"
    "  --action N         choose action N of the list (repeatable); default: the recommended ones\n"
    "  --apply            carry the plan out on this machine (administrator rights needed): every change\n"
    "                     is journaled and flushed to disk before it is made; a failing step undoes the\n"
    "                     earlier ones; afterwards the machine is scanned again and every protocol that\n"
    "                     failed must bind and answer\n"
    "  --journal FILE     where the journal goes (default: %ProgramData%\\bindfix\\journal-TIME.json);\n"
    "                     bindfix reads a journal outside that folder only when named: while such a\n"
    "                     repair is unfinished the next one stops, and undo needs --journal FILE\n"
    "  --snapshot FILE, --demo   plan from a saved machine (preview only; --apply works on a live scan)\n"
    "  --catalogue FILE  the protocol catalogue (as for scan)\n"
    "  --dns              also ask the DNS servers what they publish for this host's name (as for scan):\n"
    "                     the DNS findings offer to stop an adapter registering; after such a repair (and\n"
    "                     its undo) bindfix runs ipconfig /registerdns and asks DNS again\n"
    "  --restart A[,B]    restart these services and every running service depending on them, in\n"
    "                     dependency order (independent branches side by side); without --action, this is\n"
    "                     the only change made\n"
    "  --service-timeout MS      how long a service stop/start may show no progress (default 30000):\n"
    "                     counted from its last checkpoint or state change, and at least its own\n"
    "                     wait hint; 10 minutes in all at most. A service that stops making progress\n"
    "                     is reported, never killed\n"
    "  --end-hung-services  ... unless this is given: then the process of a service that does not stop in\n"
    "                     time is ended (never one that runs other services too), and the repair goes on\n"
    "  --wait SECONDS     one repair runs at a time on a machine: when another holds the repair lock, wait\n"
    "                     up to SECONDS for it (default 0: exit 3 at once, naming its process, user and\n"
    "                     start time)\n"
    "  --json             standard output is one JSON object, for fleet engines (Ansible's changed_when):\n"
    "                     {\"schema\": \"bindfix-repair-result\", \"exit_code\", \"changed\": true when a step\n"
    "                     changed the machine (or may have), \"steps_changed\", \"steps_planned\" (what\n"
    "                     the preview would change), \"journal\"}; the text above\n"
    "                     goes to standard error\n"
    "  --force            write each change even where the value is no longer what the preview showed\n"
    "                     (someone changed it since); without it such a step stops the repair, showing\n"
    "                     the value expected and the value found, and nothing more is changed\n"
    "  -h, --help         this text\n"
    "\n"
    "Every change is compared right before it is written: a value that changed since the preview stops\n"
    "the repair there (the steps before it stay made: undo puts them back); if the machine changed between\n"
    "the preview and --apply, nothing is applied and the new preview is shown.\n"
    "\n"
    "Exit codes: 0 repaired and verified (or nothing to do), 1 problems remain (the output says how to\n"
    "undo; also: the machine changed since the preview, or a value drifted), 2 could not run (nothing\n"
    "changed unless the output says otherwise), 3 another repair holds the repair lock (nothing done), 4\n"
    "applied, but it takes effect after a restart (Windows said so): restart, then run bindfix-cli scan to\n"
    "verify.\n";

static const char undo_usage[] =
    "Usage: bindfix-cli undo [--journal FILE] [--catalogue FILE] [--service-timeout MS] [--wait SECONDS] [--force]\n"
    "\n"
    "Puts back every change a repair made (or may have made, if it was interrupted), from its journal:\n"
    "first every configuration change (registry values, the hosts file, metrics, the binding order),\n"
    "newest first; then the services, newest first (what the repair started is stopped, what it stopped\n"
    "is started again, in dependency order), so that they run with the configuration they had before.\n"
    "Then the machine is scanned again and every bind and greeting result is compared with the scan\n"
    "taken before the repair (kept in the journal): \"as before\", or each result that differs.\n"
    "Default journal: the last repair's (named in %ProgramData%\\bindfix\\last-journal.txt, followed only to\n"
    "a journal in that folder). Needs administrator rights.\n"
    "\n"
    "Later edits are kept: a value is put back only where it still holds what the repair wrote; one\n"
    "changed since (by another tool or administrator) stops the undo there, showing the value expected\n"
    "and the value found, and nothing more is changed. The hosts file is put back line by line: the\n"
    "lines bindfix commented out are uncommented if they still read as bindfix left them, and every other\n"
    "byte stays, lines added since included; where such a line was itself edited, undo stops and shows it.\n"
    "\n"
    "A journal is read only when administrators alone can change it and its folder, and only when every\n"
    "step stays within what bindfix changes (the binding order, interface metrics, the hosts file that\n"
    "DataBasePath names and its backup, services that exist and are not drivers, adapters and addresses\n"
    "that exist); otherwise nothing is changed and the error says why.\n"
    "\n"
    "  --journal FILE     the journal of the repair to undo\n"
    "  --catalogue FILE   the protocol catalogue the repair used (as for scan)\n"
    "  --service-timeout MS   how long a service stop/start may show no progress (default 30000)\n"
    "  --trust-file       read the journal (and catalogue) even where others than administrators can\n"
    "                     change it (the step limits still apply); see the help topic Security\n"
    "  --wait SECONDS     wait up to SECONDS for another repair holding the repair lock (default 0)\n"
    "  --force            put back the values from before the repair even where they changed since, and\n"
    "                     the hosts file whole, as it was before the repair (later edits to it are lost)\n"
    "\n"
    "Exit codes: 0 undone and as before (or undone, and the journal is too old to compare), 1 undone but\n"
    "not as before (the differences are listed), or some steps could not be undone or were stopped\n"
    "because they changed since the repair (the journal says which), or the machine could not be scanned\n"
    "again; 2 could not run (nothing changed); 3 another repair holds the repair lock (nothing changed).\n";

/* After an undo or a rollback: scan again and say whether the machine is as before the repair. Returns
 * true when it is (or the journal is too old to compare). */
static bool write_undo_check(bf_repair_session *s, const bf_system *sys, const char *heading, bf_buf *o)
{
    bf_err e;
    bf_buf_printf(o, "\n%s (bind and greeting results compared with the scan before the repair)\n", heading);
    if (!bf_session_check_undo(s, sys, &e)) {
        char text[1200];
        bf_err_format(&e, text, sizeof text);
        bf_buf_printf(o, "  cannot compare: the machine could not be scanned again: %s\n", text);
        return false;
    }
    bf_undo_check_write(&s->undo_check, o);
    bf_session_write_dns(s, o);
    return !s->undo_check.compared || s->undo_check.diff_count == 0;
}

/* Exit code when another repair holds the repair lock (after --wait): its own, so that scripts and
 * fleet runs can tell "try later" from a failure. */
#define EXIT_LOCKED 3

typedef struct lock_wait_ctx {
    const bf_system *sys;
    const char *verb;
    int last_s;
} lock_wait_ctx;

/* --wait: say who is waited for, every 5 seconds */
static void say_waiting(void *wc, int waited_ms, const bf_lock_holder *h)
{
    lock_wait_ctx *c = wc;
    bf_buf b;
    if (waited_ms / 1000 < c->last_s + 5 && c->last_s >= 0)
        return;
    c->last_s = waited_ms / 1000;
    bf_buf_init(&b);
    bf_buf_printf(&b, "bindfix-cli %s: waiting for the repair lock (%d s), held by ", c->verb, waited_ms / 1000);
    bf_lock_holder_write(h, &b);
    bf_buf_putc(&b, '\n');
    bf_cli_err(c->sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
}

/* Takes the machine-wide repair lock for the whole verb (plan, apply, verify; undo). Returns -1 when
 * the verb may go on (*held: release it at the end), else the exit code, having said why. */
static int take_lock(const bf_system *sys, const char *verb, const char *what, int wait_s, bool *held)
{
    bf_lock_holder h;
    bf_err e;
    bf_buf b;
    lock_wait_ctx wc = {sys, verb, -1};
    bf_lock_result r;
    *held = false;
    if (!sys->lock_acquire)
        return -1;
    bf_err_clear(&e);
    r = sys->lock_acquire(sys->ctx, what, wait_s * 1000, NULL, say_waiting, &wc, &h, &e);
    bf_buf_init(&b);
    switch (r) {
    case BF_LOCK_TAKEN:
        *held = true;
        break;
    case BF_LOCK_ABANDONED:
        *held = true;
        bf_buf_printf(&b, "bindfix-cli %s: the repair lock's last holder ended without releasing it (", verb);
        bf_lock_holder_write(&h, &b);
        bf_buf_puts(&b, "): its repair may be half-done; the last journal is checked before anything changes\n");
        bf_cli_err(sys, bf_buf_cstr(&b));
        break;
    case BF_LOCK_NO_ACCESS:
        break;  /* not an administrator: nothing can be changed; a preview goes on */
    case BF_LOCK_BUSY:
    case BF_LOCK_CANCELLED:
        bf_buf_printf(&b, "bindfix-cli %s: another repair is running on this machine and holds the repair lock: ", verb);
        bf_lock_holder_write(&h, &b);
        bf_buf_printf(&b, ". Nothing was done. Run again when it has finished%s.\n",
                      wait_s ? "" : ", or give --wait SECONDS to wait for it");
        bf_cli_err(sys, bf_buf_cstr(&b));
        bf_buf_free(&b);
        return EXIT_LOCKED;
    case BF_LOCK_FAILED:
    default:
        bf_buf_free(&b);
        return bf_cli_run_error(sys, verb, "cannot take the repair lock", &e);
    }
    bf_buf_free(&b);
    return -1;
}

static int parse_wait(const char *v, int *out)
{
    char *endp;
    long x = strtol(v, &endp, 10);
    if (*endp || !*v || x < 0 || x > 86400)
        return 0;
    *out = (int)x;
    return 1;
}

static int bf_cli_repair_locked(int argc, char **argv, const bf_system *sys, bool *held, size_t *steps_out,
                                size_t *planned_out, const char **journal);

/* Steps that changed the machine (or may have: journaled, then interrupted), after apply or its rollback. */
static size_t steps_changed(const bf_repair_session *s)
{
    size_t k, n = 0;
    for (k = 0; s->plan && k < s->plan->step_count; k++)
        n += s->plan->steps[k].status == BF_STEP_DONE || s->plan->steps[k].status == BF_STEP_DOING;
    return n;
}

int bf_cli_repair(int argc, char **argv, const bf_system *sys)
{
    bool held = false, json = false;
    size_t changed = 0, planned = 0;
    const char *journal = NULL;
    bf_system jsys = *sys;
    int i, n = 0, rc;
    char **args = malloc(((size_t)argc + 1) * sizeof *args);
    if (!args)
        return BF_EXIT_ERROR;
    /* --json: for fleet engines (res/fleet/: Ansible's changed_when), standard output is one JSON
     * result saying whether the machine was changed; the usual text goes to standard error */
    for (i = 0; i < argc; i++) {
        if (i > 0 && strcmp(argv[i], "--json") == 0)
            json = true;
        else
            args[n++] = argv[i];
    }
    args[n] = NULL;
    if (json)
        jsys.write_out = sys->write_err;
    rc = bf_cli_repair_locked(n, args, &jsys, &held, &changed, &planned, &journal);
    if (json) {
        bf_buf o;
        bf_buf_init(&o);
        bf_buf_printf(&o, "{\"schema\": \"bindfix-repair-result\", \"version\": 1, \"exit_code\": %d, "
                          "\"changed\": %s, \"steps_changed\": %zu, \"steps_planned\": %zu, \"journal\": ",
                      rc, changed ? "true" : "false", changed, planned);
        bf_json_write_string(&o, journal && changed ? journal : "");
        bf_buf_puts(&o, "}\n");
        sys->write_out(sys->ctx, bf_buf_cstr(&o), o.len);
        bf_buf_free(&o);
    }
    free((void *)journal);
    free(args);
    if (held && sys->lock_release)
        sys->lock_release(sys->ctx);
    return rc;
}

static int bf_cli_repair_locked(int argc, char **argv, const bf_system *sys, bool *held, size_t *steps_out,
                                size_t *planned_out, const char **journal)
{
    const char *restart = NULL, *journal_opt = NULL;
    bf_source src;
    unsigned long long t_apply = 0;
    bool apply = false, end_hung = false, force = false, stale_preview = false;
    int picks[32], npicks = 0, i, timeout_ms = 30000, rc = 0, wait_s = 0;
    end_ask_ctx end_ask = {sys, 0};
    bf_err e;
    bf_repair_session *s;
    size_t k;
    bf_buf o;
    char *stale = NULL;

    bf_source_init(&src);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (bf_cli_is_help(a)) {
            out(sys, repair_usage);
            return 0;
        } else if (!strcmp(a, "--apply")) {
            apply = true;
        } else if (!strcmp(a, "--end-hung-services")) {
            end_hung = true;
        } else if (!strcmp(a, "--force")) {
            force = true;
        } else if (!strcmp(a, "--dns")) {
            src.collect.dns = true;     /* the DNS findings and their repair need DNS's answer (it leaves the machine) */
        } else if (!strcmp(a, "--wait")) {
            if (i + 1 >= argc || !parse_wait(argv[i + 1], &wait_s))
                return bf_cli_usage_error(sys, "repair", "--wait needs a number of seconds (0 to 86400):",
                                          i + 1 < argc ? argv[i + 1] : NULL);
            i++;
        } else if (!strcmp(a, "--demo")) {
            if (src.kind == BF_SOURCE_FILE)
                return bf_cli_usage_error(sys, "repair", "--demo and --snapshot exclude each other", NULL);
            src.kind = BF_SOURCE_DEMO;
        } else if (!strcmp(a, "--snapshot") || !strcmp(a, "--journal") || !strcmp(a, "--action") ||
                   !strcmp(a, "--service-timeout") || !strcmp(a, "--catalogue") || !strcmp(a, "--restart")) {
            if (i + 1 >= argc)
                return bf_cli_usage_error(sys, "repair", "this option needs a value:", a);
            if (!strcmp(a, "--snapshot")) {
                if (src.kind == BF_SOURCE_DEMO)
                    return bf_cli_usage_error(sys, "repair", "--demo and --snapshot exclude each other", NULL);
                src.kind = BF_SOURCE_FILE;
                src.path = argv[++i];
            } else if (!strcmp(a, "--catalogue"))
                src.catalogue = argv[++i];
            else if (!strcmp(a, "--restart"))
                restart = argv[++i];
            else if (!strcmp(a, "--journal"))
                journal_opt = argv[++i];
            else {
                char *endp;
                long v = strtol(argv[i + 1], &endp, 10);
                if (*endp || v < 1 || v > (!strcmp(a, "--action") ? 64 : 600000))
                    return bf_cli_usage_error(sys, "repair", "not a valid number:", argv[i + 1]);
                i++;
                if (!strcmp(a, "--action")) {
                    if (npicks >= 32)
                        return bf_cli_usage_error(sys, "repair", "too many --action options", NULL);
                    picks[npicks++] = (int)v;
                } else {
                    timeout_ms = (int)v;
                }
            }
        } else {
            return bf_cli_usage_error(sys, "repair", a[0] == '-' ? "unknown option" : "unexpected argument", a);
        }
    }
    if (apply && src.kind != BF_SOURCE_LIVE)
        return bf_cli_usage_error(sys, "repair", "--apply works on a live scan of this machine, not on a saved one", NULL);
    if (!sys->machine)
        return bf_cli_usage_error(sys, "repair", "this front end cannot read or change the machine", NULL);

    bf_err_clear(&e);
    /* one repair at a time: held from before the plan until after the verification; taken before the
     * check of the last journal, which another repair could be writing */
    if (src.kind == BF_SOURCE_LIVE && (rc = take_lock(sys, "repair", apply ? "repair --apply" : "repair", wait_s, held)) >= 0)
        return rc;
    rc = 0;
    if (apply && bf_repair_interrupted(sys, &stale)) {
        bf_buf b;
        bf_buf_init(&b);
        if (bf_repair_pointer_outside(sys, stale)) {
            char *ptr = bf_repair_last_journal_pointer(sys);
            bf_buf_printf(&b, "bindfix-cli repair: an earlier repair was interrupted or did not record its end. Its journal\n"
                              "is outside the journal folder (%s), where bindfix reads a journal only when\n"
                              "you name it:\n  %s\n"
                              "Check it, and if that repair did not finish, undo it (an undo that ends empties the pointer):\n"
                              "  bindfix-cli undo --journal \"%s\"\n"
                              "If it did finish, empty the pointer: %s\n",
                          sys->journal_dir ? sys->journal_dir : "?", stale, stale, ptr ? ptr : "last-journal.txt");
            free(ptr);
        } else {
            bf_buf_printf(&b, "bindfix-cli repair: an earlier repair was interrupted or could not be rolled back completely\n"
                              "(its journal %s). Undo it first: bindfix-cli undo --journal \"%s\"\n", stale, stale);
        }
        bf_cli_err(sys, bf_buf_cstr(&b));
        bf_buf_free(&b);
        free(stale);
        return 2;
    }
    s = bf_session_create();
    if (!s) {
        bf_fail(&e, "out of memory");
        return bf_cli_run_error(sys, "repair", "cannot start", &e);
    }
    s->service_timeout_ms = timeout_ms;
    /* the catalogue and the machine as it is */
    if (!bf_session_scan(s, sys, &src, &e)) {
        rc = bf_cli_run_error(sys, "repair", s->scan_failed, &e);
        bf_session_destroy(s);
        return rc;
    }
    if (restart) {
        /* the administrator's own request: restart these services (and what depends on them) */
        if (bf_session_add_restart(s, restart) < 0) {
            bf_session_destroy(s);
            bf_fail(&e, "too many actions");
            return bf_cli_run_error(sys, "repair", "cannot add the restart", &e);
        }
    }
    for (i = 0; i < npicks; i++)
        if ((size_t)picks[i] > s->action_count) {
            bf_session_destroy(s);
            return bf_cli_usage_error(sys, "repair", "--action is larger than the number of actions listed", NULL);
        }
    bf_buf_init(&o);
    if (s->action_count == 0) {
        out(sys, "No repair action is offered: no finding asks for a change.\n");
        goto done;
    }
    bf_buf_puts(&o, "REPAIR ACTIONS\n");
    for (k = 0; k < s->action_count; k++) {
        bool pick = false;
        if (npicks) {
            for (i = 0; i < npicks; i++)
                pick = pick || (size_t)picks[i] == k + 1;
        } else if (restart) {
            pick = s->actions[k] == &s->restart_action;   /* --restart alone: only the restart asked for */
        } else {
            pick = s->actions[k]->recommended;
        }
        s->chosen[k] = pick;
        bf_buf_printf(&o, "  %s %2zu. %s%s\n", pick ? "[x]" : "[ ]", k + 1, s->actions[k]->title,
                      s->actions[k]->recommended ? " (recommended)" : "");
        if (s->actions[k]->predicted[0])
            bf_buf_printf(&o, "          predicted: %s\n", s->actions[k]->predicted);
        if (s->action_cause[k] != SIZE_MAX) {
            /* the cause it belongs to and the effects the cause tree says mending it mends */
            bf_buf_puts(&o, "          mends: ");
            bf_session_write_mends(s, k, &o);
            bf_buf_putc(&o, '\n');
        }
    }
    if (!bf_session_plan(s, sys, &e)) {
        out(sys, bf_buf_cstr(&o));
        rc = bf_cli_run_error(sys, "repair", "cannot plan the repair (nothing was changed)", &e);
        goto done;
    }
    bf_buf_puts(&o, "\nCHANGES (before -> after, read from this machine now)\n");
    bf_buf_append(&o, bf_buf_cstr(&s->preview), s->preview.len);
    if (s->notes.len) {
        bf_buf_puts(&o, "\nNOTES (not changed by bindfix, or changed another way)\n");
        bf_buf_append(&o, bf_buf_cstr(&s->notes), s->notes.len);
    }
    out(sys, bf_buf_cstr(&o));
    bf_buf_reset(&o);
    if (!apply) {
        out(sys, s->plan->step_count ? "\nPreview only: nothing was changed. Run again with --apply to make these changes.\n"
                                     : "");
        goto done;
    }
    if (s->plan->step_count == 0)
        goto done;
    if (journal_opt) {
        s->journal = malloc(strlen(journal_opt) + 1);
        if (s->journal)
            memcpy(s->journal, journal_opt, strlen(journal_opt) + 1);
        else {
            bf_fail(&e, "out of memory");
            rc = bf_cli_run_error(sys, "repair", "cannot apply", &e);
            goto done;
        }
    }
    {
        /* the preview above must still be what --apply makes: made again from the machine now */
        bf_buf changed;
        bf_buf_init(&changed);
        if (!bf_session_refresh(s, sys, &changed, &stale_preview, &e) || stale_preview) {
            bf_buf_printf(&o, "\nTHE MACHINE CHANGED SINCE THE PREVIEW: nothing was applied.\n%s", bf_buf_cstr(&changed));
            if (s->plan && e.code != BF_FIX_STALE) {
                bf_buf_puts(&o, "\nTHE NEW PREVIEW (run again to apply it)\n");
                bf_buf_append(&o, bf_buf_cstr(&s->preview), s->preview.len);
            } else if (e.msg[0]) {
                bf_buf_printf(&o, "%s\n", e.msg);
            }
            out(sys, bf_buf_cstr(&o));
            bf_buf_free(&changed);
            rc = 1;
            goto done;
        }
        bf_buf_free(&changed);
    }
    if (sys->monotonic_ms)
        t_apply = sys->monotonic_ms(sys->ctx);
    end_ask.timeout_ms = timeout_ms;
    bf_fix_opts hooks = {.end_process = end_hung ? say_end_process : NULL, .cb = &end_ask, .force = force};
    if (!bf_session_apply(s, sys, &hooks, &e)) {
        bool rolled = false;
        for (k = 0; k < s->plan->step_count; k++)
            rolled = rolled || s->plan->steps[k].status == BF_STEP_UNDONE;
        if (s->journal) {
            bf_buf_printf(&o, "\nAPPLYING (journal: %s)\n", s->journal);
            out(sys, bf_buf_cstr(&o));
            bf_buf_reset(&o);
        }
        rc = bf_cli_run_error(sys, "repair", s->journal ? "the repair did not complete" : "cannot apply", &e);
        if (e.code == BF_FIX_DRIFT) {
            /* stopped before a value someone changed since the preview: the steps made stay made */
            bf_buf_printf(&o, "To put back the steps made: bindfix-cli undo --journal \"%s\"\n"
                              "To write over the changed value: run the repair again with --force\n", s->journal);
            out(sys, bf_buf_cstr(&o));
            bf_buf_reset(&o);
            rc = 1;
        }
        if (rolled) {
            /* the automatic rollback put steps back: is the machine as before? */
            write_undo_check(s, sys, "AFTER THE ROLLBACK", &o);
            out(sys, bf_buf_cstr(&o));
        }
        goto done;
    }
    bf_buf_printf(&o, "\nAPPLYING (journal: %s)\n", s->journal);
    for (k = 0; k < s->plan->step_count; k++) {
        bf_buf_printf(&o, "  done: %s%s%s%s%s\n", s->plan->steps[k].title,
                      s->plan->steps[k].restart_pending ? " (applied; takes effect after a restart)" : "",
                      bf_fix_step_when(&s->plan->steps[k])[0] ? " (" : "", bf_fix_step_when(&s->plan->steps[k]),
                      bf_fix_step_when(&s->plan->steps[k])[0] ? ")" : "");
        if (s->plan->steps[k].end_outcome && s->plan->steps[k].end_outcome[0])
            bf_buf_printf(&o, "        its process was ended: %s\n", s->plan->steps[k].end_outcome);
    }
    if (sys->monotonic_ms)
        bf_buf_printf(&o, "  applied in %llu ms\n", sys->monotonic_ms(sys->ctx) - t_apply);
    /* scan again and verify */
    if (!bf_session_verify(s, sys, &e)) {
        out(sys, bf_buf_cstr(&o));
        rc = bf_cli_run_error(sys, "repair", "applied, but the machine could not be scanned again to verify", &e);
        goto done;
    }
    bf_session_write_verification(s, &o);
    if (s->restart_pending) {
        bf_buf_printf(&o, "\nApplied; takes effect after a restart. Restart Windows, then run bindfix-cli scan to "
                          "verify. To put everything back:\n  bindfix-cli undo --journal \"%s\"\n", s->journal);
        rc = BF_EXIT_RESTART_PENDING;
    } else if (s->verified_ok) {
        bf_buf_puts(&o, "\nRepaired: every protocol that failed now binds.\n");
        rc = 0;
    } else {
        bf_buf_printf(&o, "\nNot repaired: some protocols still fail (above). To put everything back:\n"
                          "  bindfix-cli undo --journal \"%s\"\n", s->journal);
        rc = 1;
    }
    out(sys, bf_buf_cstr(&o));
done:
    *steps_out = steps_changed(s);
    *planned_out = s->plan ? s->plan->step_count : 0;
    if (*steps_out && s->journal) {
        size_t jn = strlen(s->journal) + 1;
        char *j = malloc(jn);
        if (j)
            memcpy(j, s->journal, jn);
        *journal = j;
    }
    bf_buf_free(&o);
    bf_session_destroy(s);
    return rc;
}

static int bf_cli_undo_locked(int argc, char **argv, const bf_system *sys, bool *held);

int bf_cli_undo(int argc, char **argv, const bf_system *sys)
{
    bool held = false;
    int rc = bf_cli_undo_locked(argc, argv, sys, &held);
    if (held && sys->lock_release)
        sys->lock_release(sys->ctx);
    return rc;
}

static int bf_cli_undo_locked(int argc, char **argv, const bf_system *sys, bool *held)
{
    const char *journal = NULL, *catalogue_file = NULL;
    char *owned = NULL;
    bf_err e;
    bf_repair_session *s;
    bf_buf o;
    int i, rc, timeout_ms = 30000, wait_s = 0;
    bool force = false;
    for (i = 1; i < argc; i++) {
        if (bf_cli_is_help(argv[i])) {
            out(sys, undo_usage);
            return 0;
        } else if (!strcmp(argv[i], "--force")) {
            force = true;
        } else if (!strcmp(argv[i], "--wait") && i + 1 < argc) {
            if (!parse_wait(argv[i + 1], &wait_s))
                return bf_cli_usage_error(sys, "undo", "--wait needs a number of seconds (0 to 86400):", argv[i + 1]);
            i++;
        } else if (!strcmp(argv[i], "--journal") && i + 1 < argc) {
            journal = argv[++i];
        } else if (!strcmp(argv[i], "--catalogue") && i + 1 < argc) {
            catalogue_file = argv[++i];
        } else if (!strcmp(argv[i], "--service-timeout") && i + 1 < argc) {
            char *endp;
            long v = strtol(argv[i + 1], &endp, 10);
            if (*endp || v < 1 || v > 600000)
                return bf_cli_usage_error(sys, "undo", "not a valid number:", argv[i + 1]);
            timeout_ms = (int)v;
            i++;
        } else {
            return bf_cli_usage_error(sys, "undo", argv[i][0] == '-' ? "unknown option (or an option without its value)" : "unexpected argument", argv[i]);
        }
    }
    if (!sys->machine)
        return bf_cli_usage_error(sys, "undo", "this front end cannot change the machine", NULL);
    if ((rc = take_lock(sys, "undo", "undo", wait_s, held)) >= 0)
        return rc;
    bf_err_clear(&e);
    if (!journal) {
        owned = bf_repair_last_journal(sys);
        if (!owned)
            return bf_cli_usage_error(sys, "undo", "no repair journal was found; give --journal FILE", NULL);
        if (!bf_repair_pointer_followed(sys, owned, &e)) {
            free(owned);
            return bf_cli_run_error(sys, "undo", "cannot follow the last repair's pointer", &e);
        }
        journal = owned;
    }
    s = bf_session_create();
    if (!s) {
        free(owned);
        bf_fail(&e, "out of memory");
        return bf_cli_run_error(sys, "undo", "cannot start", &e);
    }
    s->service_timeout_ms = timeout_ms;
    if (!bf_session_load_catalogue(s, sys, catalogue_file, &e)) {
        bf_session_destroy(s);
        free(owned);
        return bf_cli_run_error(sys, "undo", "cannot read the catalogue", &e);
    }
    s->plan = bf_repair_read_journal(sys, journal, &e);
    s->journal = malloc(strlen(journal) + 1);
    if (!s->plan || !s->journal) {
        if (s->plan)
            bf_fail(&e, "out of memory");
        bf_session_destroy(s);
        free(owned);
        return bf_cli_run_error(sys, "undo", "cannot read the journal", &e);
    }
    memcpy(s->journal, journal, strlen(journal) + 1);
    bf_buf_init(&o);
    bf_fix_opts uo = {.force = force};
    if (bf_session_undo(s, sys, &uo, &e)) {
        size_t k, n = 0;
        for (k = 0; k < s->plan->step_count; k++)
            n += s->plan->steps[k].status == BF_STEP_UNDONE;
        bf_buf_printf(&o, "Undone: %zu step(s) put back from %s (configuration first, then the services).\n", n, journal);
        {
            /* what the journal recorded as changed by others when the repair was applied (forced) */
            bf_buf drift;
            bf_buf_init(&drift);
            bf_fix_plan_write_drift(s->plan, &drift);
            if (drift.len)
                bf_buf_printf(&o, "  What the journal records as changed by others:\n%s", bf_buf_cstr(&drift));
            bf_buf_free(&drift);
        }
        for (k = 0; k < s->plan->step_count; k++)
            if (s->plan->steps[k].kept_edits)
                bf_buf_printf(&o, "  %s: only the lines bindfix commented out were put back; the edits made to it since "
                                  "the repair were kept\n", s->plan->steps[k].target);
        rc = write_undo_check(s, sys, "AFTER UNDO", &o) ? 0 : 1;
        out(sys, bf_buf_cstr(&o));
    } else {
        bf_cli_run_error(sys, "undo", e.code == BF_FIX_DRIFT ? "stopped: a value changed since the repair"
                                                             : "not everything could be undone", &e);
        write_undo_check(s, sys, e.code == BF_FIX_DRIFT ? "THE MACHINE NOW" : "AFTER THE PARTIAL UNDO", &o);
        out(sys, bf_buf_cstr(&o));
        rc = 1;
    }
    bf_buf_free(&o);
    bf_session_destroy(s);
    free(owned);
    return rc;
}
