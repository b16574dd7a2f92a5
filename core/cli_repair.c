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

#include "catalogue.h"
#include "cli.h"
#include "demo.h"
#include "diagnose.h"
#include "fix.h"
#include "machine.h"
#include "scan_text.h"
#include "snapshot_json.h"

/* Everything printed can carry text from the machine (hosts lines, service names): cleaned first. */
static void out(const bf_system *sys, const char *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_text_append_clean(&b, s, strlen(s));
    sys->write_out(sys->ctx, bf_buf_cstr(&b), b.len);
    bf_buf_free(&b);
}

static void errout(const bf_system *sys, const char *s)
{
    sys->write_err(sys->ctx, s, strlen(s));
}

static const char repair_usage[] =
    "Usage: bindfix-cli repair [--snapshot FILE | --demo] [--action N]... [--restart A[,B]] [--apply] [--journal FILE]\n"
    "                          [--service-timeout MS]\n"
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
    "  --journal FILE     where the journal goes (default: %ProgramData%\\bindfix\\journal-TIME.json)\n"
    "  --snapshot FILE, --demo   plan from a saved machine (preview only; --apply works on a live scan)\n"
    "  --catalogue FILE  the protocol catalogue (as for scan)\n"
    "  --restart A[,B]    restart these services and every running service depending on them, in\n"
    "                     dependency order (independent branches side by side); without --action, this is\n"
    "                     the only change made\n"
    "  --service-timeout MS      wait for each service stop/start (default 30000); a service that does\n"
    "                     not stop in time is reported, never killed\n"
    "  -h, --help         this text\n"
    "\n"
    "Exit codes: 0 repaired and verified (or nothing to do), 1 problems remain (the output says how to\n"
    "undo), 2 could not run (nothing changed unless the output says otherwise).\n";

static const char undo_usage[] =
    "Usage: bindfix-cli undo [--journal FILE]\n"
    "\n"
    "Puts back every change a repair made (or may have made, if it was interrupted), newest first, from\n"
    "its journal. Default: the journal of the last repair (named in %ProgramData%\\bindfix\\last-journal.txt).\n"
    "Needs administrator rights.\n"
    "\n"
    "Exit codes: 0 undone, 1 some steps could not be undone (the journal says which), 2 could not run.\n";

/* The distinct actions of a diagnosis, in finding order. */
static size_t collect_actions(const bf_diagnosis *d, const bf_action **list, size_t cap)
{
    size_t n = 0, i, j, k;
    for (i = 0; i < d->finding_count; i++)
        for (j = 0; j < d->findings[i].action_count && n < cap; j++) {
            const bf_action *a = &d->findings[i].actions[j];
            bool dup = false;
            for (k = 0; k < n && !dup; k++) {
                size_t p;
                bool same = strcmp(list[k]->kind, a->kind) == 0 && list[k]->param_count == a->param_count;
                for (p = 0; same && p < a->param_count; p++)
                    same = strcmp(list[k]->params[p], a->params[p]) == 0;
                dup = same;
            }
            if (!dup)
                list[n++] = a;
        }
    return n;
}

static char *last_journal_pointer(const bf_system *sys)
{
    size_t n;
    char *p;
    if (!sys->journal_dir)
        return NULL;
    n = strlen(sys->journal_dir) + 32;
    p = malloc(n);
    if (p)
        snprintf(p, n, "%s\\last-journal.txt", sys->journal_dir);
    return p;
}

/* An interrupted repair: the last journal still says "applying". */
static bool interrupted_repair(const bf_system *sys, char **journal_out)
{
    char *ptr = last_journal_pointer(sys), *path = NULL, *text = NULL;
    size_t len = 0, plen = 0;
    bf_err e;
    bool found = false;
    *journal_out = NULL;
    if (ptr && sys->read_file(sys->ctx, ptr, &path, &plen, &e)) {
        while (plen && (path[plen - 1] == '\n' || path[plen - 1] == '\r'))
            path[--plen] = 0;
        if (sys->read_file(sys->ctx, path, &text, &len, &e)) {
            bf_fix_plan *p = bf_fix_journal_read(text, len, path, &e);
            /* "applying": interrupted; "failed": a rollback that did not finish. Either way the machine
             * may not be as the journal's "before" says: undo (or look) first. */
            if (p && (strcmp(p->state, "applying") == 0 || strcmp(p->state, "failed") == 0)) {
                found = true;
                *journal_out = path;
                path = NULL;
            }
            bf_fix_plan_destroy(p);
            free(text);
        }
    }
    free(path);
    free(ptr);
    return found;
}

/* Per protocol and address: the bind results before and after, and whether every one that failed
 * now binds (and, where something listens, answers). */
static bool verify(const bf_system *sys, const bf_snapshot *before, const bf_snapshot *after, bf_buf *o)
{
    size_t i, j, k;
    bool ok = true;
    bf_buf_puts(o, "\nVERIFICATION (bind probes before -> after)\n");
    for (i = 0; i < before->endpoint_count; i++) {
        const bf_endpoint *e = &before->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            const bf_probe *q = NULL;
            if (p->result == BF_PROBE_OK || p->result == BF_PROBE_NOT_RUN)
                continue;
            for (k = 0; k < after->endpoint_count && !q; k++)
                if (after->endpoints[k].port == e->port && strcmp(after->endpoints[k].transport, e->transport) == 0) {
                    size_t m;
                    for (m = 0; m < after->endpoints[k].probe_count; m++)
                        if (bf_addr_equal(after->endpoints[k].probes[m].address, p->address))
                            q = &after->endpoints[k].probes[m];
                }
            {
                bool fixed = q && (q->result == BF_PROBE_OK ||
                                   (q->result == BF_PROBE_ADDRINUSE && q->greeting == BF_GREET_ANSWERED));
                /* an address the resolver no longer returns is fixed too: nothing binds there any more */
                bool gone = !q;
                bf_buf_printf(o, "  %-8s %s/%-5d %-16s %s -> %s%s\n", e->protocol, e->transport, e->port, p->address,
                              bf_probe_result_label(p->result),
                              q ? bf_probe_result_label(q->result) : "no longer returned by the resolver",
                              q && q->greeting == BF_GREET_ANSWERED ? " (answers)" : "");
                if (!fixed && !gone)
                    ok = false;
            }
        }
    }
    /* what answers now that did not before: the services the repair started */
    for (i = 0; i < after->endpoint_count; i++) {
        const bf_endpoint *e = &after->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *q = &e->probes[j];
            if (q->greeting == BF_GREET_ANSWERED && !bf_addr_is_wildcard(q->address))
                bf_buf_printf(o, "  %-8s %s/%-5d %-16s answers: %s\n", e->protocol, e->transport, e->port, q->address,
                              q->greeting_text);
            else if (q->greeting == BF_GREET_WRONG || q->greeting == BF_GREET_SILENT) {
                bf_buf_printf(o, "  %-8s %s/%-5d %-16s held, but %s\n", e->protocol, e->transport, e->port, q->address,
                              q->greeting == BF_GREET_WRONG ? "something else answers" : "nothing answers");
                ok = false;
            }
        }
    }
    (void)sys;
    return ok;
}

int bf_cli_repair(int argc, char **argv, const bf_system *sys)
{
    const char *snapshot_file = NULL, *journal = NULL, *catalogue_file = NULL, *restart = NULL;
    bf_action restart_action;
    char *restart_params[1];
    unsigned long long t_apply = 0;
    bf_catalogue *cat = NULL;
    bool demo = false, apply = false;
    int picks[32], npicks = 0, i, timeout_ms = 30000, rc = 0;
    bf_err e;
    bf_snapshot *snap = NULL, *after = NULL;
    bf_diagnosis *d = NULL;
    const bf_action *all[64], *chosen[64];
    size_t nall, nchosen = 0, k;
    bf_fix_plan *plan = NULL;
    bf_buf o, notes;
    char now[40], *journal_buf = NULL, *stale = NULL;
    bf_fix_opts fo;

    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help") || !strcmp(a, "/?")) {
            out(sys, repair_usage);
            return 0;
        } else if (!strcmp(a, "--apply")) {
            apply = true;
        } else if (!strcmp(a, "--demo")) {
            demo = true;
        } else if (!strcmp(a, "--snapshot") || !strcmp(a, "--journal") || !strcmp(a, "--action") ||
                   !strcmp(a, "--service-timeout") || !strcmp(a, "--catalogue") || !strcmp(a, "--restart")) {
            if (i + 1 >= argc)
                return bf_cli_usage_error(sys, "repair", "this option needs a value:", a);
            if (!strcmp(a, "--snapshot"))
                snapshot_file = argv[++i];
            else if (!strcmp(a, "--catalogue"))
                catalogue_file = argv[++i];
            else if (!strcmp(a, "--restart"))
                restart = argv[++i];
            else if (!strcmp(a, "--journal"))
                journal = argv[++i];
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
    if (demo && snapshot_file)
        return bf_cli_usage_error(sys, "repair", "--demo and --snapshot exclude each other", NULL);
    if (apply && (demo || snapshot_file))
        return bf_cli_usage_error(sys, "repair", "--apply works on a live scan of this machine, not on a saved one", NULL);
    if (!sys->machine)
        return bf_cli_usage_error(sys, "repair", "this front end cannot read or change the machine", NULL);

    bf_err_clear(&e);
    if (apply && interrupted_repair(sys, &stale)) {
        bf_buf b;
        bf_buf_init(&b);
        bf_buf_printf(&b, "bindfix-cli repair: an earlier repair was interrupted or could not be rolled back completely\n"
                          "(its journal %s). Undo it first: bindfix-cli undo --journal \"%s\"\n", stale, stale);
        errout(sys, bf_buf_cstr(&b));
        bf_buf_free(&b);
        free(stale);
        return 2;
    }
    {
        const char *path = catalogue_file ? catalogue_file : sys->default_catalogue;
        char *data = NULL;
        size_t len = 0;
        bf_err quiet;
        if (path && sys->read_file(sys->ctx, path, &data, &len, catalogue_file ? &e : &quiet)) {
            cat = bf_catalogue_load(data, len, path, &e);
            free(data);
            if (!cat)
                return bf_cli_run_error(sys, "repair", "cannot read the catalogue", &e);
        } else if (catalogue_file) {
            return bf_cli_run_error(sys, "repair", "cannot read the catalogue", &e);
        }
    }
    /* the machine as it is */
    if (demo) {
        snap = bf_demo_snapshot(&e);
    } else if (snapshot_file) {
        char *data = NULL;
        size_t len = 0;
        if (sys->read_file(sys->ctx, snapshot_file, &data, &len, &e))
            snap = bf_snapshot_read_json(data, len, snapshot_file, &e);
        free(data);
    } else {
        bf_collect_opts co;
        bf_collect_opts_default(&co);
        if (cat) {
            co.targets = bf_catalogue_probe_targets(cat, &co.target_count);
            co.signatures = bf_catalogue_signatures(cat, &co.signature_count);
        }
        snap = bf_snapshot_create();
        if (snap && !sys->collect(sys->ctx, &co, snap, &e)) {
            bf_snapshot_destroy(snap);
            snap = NULL;
        }
    }
    if (!snap) {
        bf_catalogue_destroy(cat);
        return bf_cli_run_error(sys, "repair", "cannot read the machine", &e);
    }
    d = bf_diagnose(snap, cat, &e);
    if (!d) {
        bf_snapshot_destroy(snap);
        bf_catalogue_destroy(cat);
        return bf_cli_run_error(sys, "repair", "cannot diagnose", &e);
    }
    nall = collect_actions(d, all, 63);
    if (restart) {
        /* the administrator's own request: restart these services (and what depends on them) */
        memset(&restart_action, 0, sizeof restart_action);
        restart_action.kind = "restart-services";
        restart_action.title = bf_arena_printf(d->arena, "Restart %s", restart);
        restart_action.detail = "";
        restart_action.predicted = "";
        restart_action.recommended = true;
        restart_params[0] = bf_arena_printf(d->arena, "services=%s", restart);
        restart_action.params = restart_params;
        restart_action.param_count = 1;
        all[nall++] = &restart_action;
    }
    bf_buf_init(&o);
    bf_buf_init(&notes);
    if (nall == 0) {
        out(sys, "No repair action is offered: no finding asks for a change.\n");
        goto done;
    }
    bf_buf_puts(&o, "REPAIR ACTIONS\n");
    for (k = 0; k < nall; k++) {
        bool pick = false;
        if (npicks) {
            for (i = 0; i < npicks; i++)
                pick = pick || (size_t)picks[i] == k + 1;
        } else if (restart) {
            pick = all[k] == &restart_action;   /* --restart alone: only the restart asked for */
        } else {
            pick = all[k]->recommended;
        }
        if (pick)
            chosen[nchosen++] = all[k];
        bf_buf_printf(&o, "  %s %2zu. %s%s\n", pick ? "[x]" : "[ ]", k + 1, all[k]->title,
                      all[k]->recommended ? " (recommended)" : "");
        if (all[k]->predicted[0])
            bf_buf_printf(&o, "          predicted: %s\n", all[k]->predicted);
    }
    for (i = 0; i < npicks; i++)
        if ((size_t)picks[i] > nall) {
            bf_buf_free(&o);
            bf_buf_free(&notes);
            bf_diagnosis_destroy(d);
            bf_snapshot_destroy(snap);
            bf_catalogue_destroy(cat);
            return bf_cli_usage_error(sys, "repair", "--action is larger than the number of actions listed", NULL);
        }
    sys->now_utc(sys->ctx, now, sizeof now);
    {
        /* 2026-01-02T03:04:05Z -> 2026-01-02T030405Z: file names cannot hold ':' */
        char suffix[64], stamp[40];
        size_t w = 0;
        const char *r;
        for (r = now; *r && w + 1 < sizeof stamp; r++)
            if (*r != ':')
                stamp[w++] = *r;
        stamp[w] = 0;
        snprintf(suffix, sizeof suffix, ".bindfix-%s.bak", stamp);
        fo.service_timeout_ms = timeout_ms;
        fo.hosts_backup_suffix = suffix;
        plan = bf_fix_plan_build(snap, chosen, nchosen, sys->machine, &fo, &notes, &e);
        if (!plan) {
            out(sys, bf_buf_cstr(&o));
            rc = bf_cli_run_error(sys, "repair", "cannot plan the repair (nothing was changed)", &e);
            goto done;
        }
        plan->created = bf_arena_strdup(plan->arena, now);
        bf_buf_puts(&o, "\nCHANGES (before -> after, read from this machine now)\n");
        bf_fix_plan_write_preview(plan, &o);
        if (notes.len) {
            bf_buf_puts(&o, "\nNOT CHANGED BY BINDFIX\n");
            bf_buf_append(&o, bf_buf_cstr(&notes), notes.len);
        }
        out(sys, bf_buf_cstr(&o));
        bf_buf_reset(&o);
        if (!apply) {
            out(sys, plan->step_count ? "\nPreview only: nothing was changed. Run again with --apply to make these changes.\n"
                                      : "");
            goto done;
        }
        if (plan->step_count == 0)
            goto done;
        if (!journal) {
            size_t n = (sys->journal_dir ? strlen(sys->journal_dir) : 1) + 64;
            journal_buf = malloc(n);
            if (!journal_buf || !sys->journal_dir) {
                bf_fail(&e, "no journal location is known: give --journal FILE");
                rc = bf_cli_run_error(sys, "repair", "cannot apply", &e);
                goto done;
            }
            snprintf(journal_buf, n, "%s\\journal-%s.json", sys->journal_dir, stamp);
            journal = journal_buf;
        }
        {
            char *ptr = last_journal_pointer(sys);
            if (ptr)
                sys->machine->file_replace(sys->machine->ctx, ptr, journal, strlen(journal), &e);
            free(ptr);
        }
        bf_buf_printf(&o, "\nAPPLYING (journal: %s)\n", journal);
        out(sys, bf_buf_cstr(&o));
        bf_buf_reset(&o);
        if (sys->monotonic_ms)
            t_apply = sys->monotonic_ms(sys->ctx);
        if (!bf_fix_apply(plan, sys->machine, journal, &fo, &e)) {
            rc = bf_cli_run_error(sys, "repair", "the repair did not complete", &e);
            goto done;
        }
        for (k = 0; k < plan->step_count; k++)
            bf_buf_printf(&o, "  done: %s\n", plan->steps[k].title);
        if (sys->monotonic_ms)
            bf_buf_printf(&o, "  applied in %llu ms\n", sys->monotonic_ms(sys->ctx) - t_apply);
    }
    /* scan again and verify */
    {
        bf_collect_opts co;
        bf_collect_opts_default(&co);
        if (cat) {
            co.targets = bf_catalogue_probe_targets(cat, &co.target_count);
            co.signatures = bf_catalogue_signatures(cat, &co.signature_count);
        }
        after = bf_snapshot_create();
        if (!after || !sys->collect(sys->ctx, &co, after, &e)) {
            out(sys, bf_buf_cstr(&o));
            rc = bf_cli_run_error(sys, "repair", "applied, but the machine could not be scanned again to verify", &e);
            goto done;
        }
        if (verify(sys, snap, after, &o)) {
            bf_buf_puts(&o, "\nRepaired: every protocol that failed now binds.\n");
            rc = 0;
        } else {
            bf_buf_printf(&o, "\nNot repaired: some protocols still fail (above). To put everything back:\n"
                              "  bindfix-cli undo --journal \"%s\"\n", journal);
            rc = 1;
        }
        out(sys, bf_buf_cstr(&o));
    }
done:
    bf_buf_free(&o);
    bf_buf_free(&notes);
    free(journal_buf);
    bf_fix_plan_destroy(plan);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(snap);
    bf_snapshot_destroy(after);
    bf_catalogue_destroy(cat);
    return rc;
}

int bf_cli_undo(int argc, char **argv, const bf_system *sys)
{
    const char *journal = NULL;
    char *owned = NULL, *text = NULL;
    size_t len = 0;
    bf_err e;
    bf_fix_plan *p;
    int i, rc;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help") || !strcmp(argv[i], "/?")) {
            out(sys, undo_usage);
            return 0;
        } else if (!strcmp(argv[i], "--journal") && i + 1 < argc) {
            journal = argv[++i];
        } else {
            return bf_cli_usage_error(sys, "undo", argv[i][0] == '-' ? "unknown option (or --journal without a file)" : "unexpected argument", argv[i]);
        }
    }
    if (!sys->machine)
        return bf_cli_usage_error(sys, "undo", "this front end cannot change the machine", NULL);
    bf_err_clear(&e);
    if (!journal) {
        char *ptr = last_journal_pointer(sys);
        size_t plen;
        if (!ptr || !sys->read_file(sys->ctx, ptr, &owned, &plen, &e)) {
            free(ptr);
            return bf_cli_usage_error(sys, "undo", "no repair journal was found; give --journal FILE", NULL);
        }
        free(ptr);
        while (plen && (owned[plen - 1] == '\n' || owned[plen - 1] == '\r'))
            owned[--plen] = 0;
        journal = owned;
    }
    if (!sys->read_file(sys->ctx, journal, &text, &len, &e)) {
        free(owned);
        return bf_cli_run_error(sys, "undo", "cannot read the journal", &e);
    }
    p = bf_fix_journal_read(text, len, journal, &e);
    free(text);
    if (!p) {
        free(owned);
        return bf_cli_run_error(sys, "undo", "cannot read the journal", &e);
    }
    {
        bf_fix_opts fo = {30000, NULL};
        if (bf_fix_undo(p, sys->machine, journal, &fo, &e)) {
            bf_buf b;
            size_t k, n = 0;
            for (k = 0; k < p->step_count; k++)
                n += p->steps[k].status == BF_STEP_UNDONE;
            bf_buf_init(&b);
            bf_buf_printf(&b, "Undone: %zu step(s) put back from %s.\n", n, journal);
            out(sys, bf_buf_cstr(&b));
            bf_buf_free(&b);
            rc = 0;
        } else {
            rc = bf_cli_run_error(sys, "undo", "not everything could be undone", &e);
            rc = 1;
        }
    }
    bf_fix_plan_destroy(p);
    free(owned);
    return rc;
}
