/* fix_engine.c - apply and undo (see fix.h). The journal is rewritten whole, through the machine's
 * atomic, flushed file_replace, before each change ("doing") and after it ("done"): whatever happens in
 * between, the journal on disk names every step that may have changed the machine. */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

static bool save_journal(const bf_fix_plan *p, const bf_machine *m, const char *path, bf_err *err)
{
    bf_buf b;
    bool ok;
    bf_buf_init(&b);
    bf_fix_journal_write(p, &b);
    if (b.failed) {
        bf_buf_free(&b);
        return bf_fail(err, "out of memory while writing the journal");
    }
    ok = m->file_replace(m->ctx, path, bf_buf_cstr(&b), b.len, true, err);   /* on disk before the change */
    bf_buf_free(&b);
    return ok;
}

static int dword_of(const bf_regval *v)
{
    int x = 0;
    if (v->len >= 4)
        memcpy(&x, v->data, 4);
    return x;
}

bool bf_fix_plan_restart_pending(const bf_fix_plan *p)
{
    for (size_t i = 0; p && i < p->step_count; i++)
        if (p->steps[i].restart_pending && p->steps[i].status == BF_STEP_DONE)
            return true;
    return false;
}

/* *restart: the change is made but takes effect after a restart (only INetCfg says so). */
static bool do_step(const bf_fix_step *s, const bf_machine *m, int timeout_ms, bool *restart, bf_err *err)
{
    *restart = false;
    switch (s->kind) {
    case BF_STEP_REG_SET:
        return m->reg_write(m->ctx, s->key, s->value, &s->after, true, err);
    case BF_STEP_FILE_REPLACE:
    case BF_STEP_FILE_WRITE:
        return m->file_replace(m->ctx, s->target, (const char *)s->after.data, s->after.len, true, err);
    case BF_STEP_SERVICE_STOP:
        return m->service_stop(m->ctx, s->target, timeout_ms, err);
    case BF_STEP_SERVICE_START:
        return m->service_start(m->ctx, s->target, timeout_ms, err);
    case BF_STEP_METRIC_SET:
        return m->metric_set(m->ctx, s->target, dword_of(&s->after), err);
    case BF_STEP_SKIP_SET:
        return m->skip_set(m->ctx, s->target, dword_of(&s->after) != 0, err);
    case BF_STEP_BINDORDER_SET:
        return m->bindorder_set ? m->bindorder_set(m->ctx, &s->after, restart, err)
                                : bf_fail(err, "the binding order cannot be changed through INetCfg on this system");
    default:
        return bf_fail(err, "unknown step kind");
    }
}

/* Puts back what was there. For a step that was only "doing" the change may not have happened: every
 * undo here is idempotent (write the old value; start a service only if it is stopped). Writes are
 * durable: the journal says "undone" next, and a power loss must not bring the change back. */
static bool undo_step(const bf_fix_step *s, const bf_machine *m, int timeout_ms, bf_err *err)
{
    bf_svc_state st;
    bool restart = false;   /* an undo that waits for a restart is still an undo: the journal says undone */
    switch (s->kind) {
    case BF_STEP_REG_SET:
        return m->reg_write(m->ctx, s->key, s->value, &s->before, true, err);
    case BF_STEP_FILE_REPLACE:
        return m->file_replace(m->ctx, s->target, (const char *)s->before.data, s->before.len, true, err);
    case BF_STEP_FILE_WRITE:
        return true;    /* the backup stays: it is a copy, and the administrator may want it */
    case BF_STEP_SERVICE_STOP:
        if (!m->service_state(m->ctx, s->target, &st, err))
            return false;
        if (st == BF_SVC_RUNNING)
            return true;
        /* interrupted while the service was stopping: let it finish stopping, then start it */
        if (st == BF_SVC_STOP_PENDING && !m->service_stop(m->ctx, s->target, timeout_ms, err))
            return false;
        return m->service_start(m->ctx, s->target, timeout_ms, err);
    case BF_STEP_SERVICE_START:
        if (!m->service_state(m->ctx, s->target, &st, err))
            return false;
        return st == BF_SVC_STOPPED || m->service_stop(m->ctx, s->target, timeout_ms, err);
    case BF_STEP_METRIC_SET:
        return m->metric_set(m->ctx, s->target, dword_of(&s->before), err);
    case BF_STEP_SKIP_SET:
        return m->skip_set(m->ctx, s->target, dword_of(&s->before) != 0, err);
    case BF_STEP_BINDORDER_SET:
        return m->bindorder_set ? m->bindorder_set(m->ctx, &s->before, &restart, err)
                                : bf_fail(err, "the binding order cannot be changed through INetCfg on this system");
    default:
        return bf_fail(err, "unknown step kind");
    }
}

static int timeout_of(const bf_fix_opts *o)
{
    return o && o->service_timeout_ms > 0 ? o->service_timeout_ms : 30000;
}

/* A stop whose wait ran out (err->code BF_MACHINE_TIMEOUT): if the administrator chose to
 * (o->end_process), the service's process is ended and the step counts as done; audited. */
static bool end_hung_service(bf_fix_plan *p, size_t i, const bf_machine *m, const bf_fix_opts *o, bf_err *e)
{
    bf_fix_step *s = &p->steps[i];
    char note[600] = "";
    /* only a service whose checkpoint stopped moving (BF_MACHINE_TIMEOUT), never one still making
     * progress when the wait's cap passed (BF_MACHINE_STILL_GOING) */
    if (s->kind != BF_STEP_SERVICE_STOP || e->code != BF_MACHINE_TIMEOUT || !o || !o->end_process ||
        !m->service_end_process)
        return false;
    /* the question says what the SCM will do once the process is gone (an ended process is a failure to
     * it: restart, a program, a reboot) */
    if (m->service_end_note && m->service_end_note(m->ctx, s->target, note, sizeof note))
        s->end_note = bf_arena_strdup(p->arena, note);
    if (!o->end_process(o->cb, p, i))
        return false;
    bf_err why;
    bf_err_clear(&why);
    if (!m->service_end_process(m->ctx, s->target, timeout_of(o), &why)) {
        bf_fail(e, "%s did not stop in time, and its process could not be ended: %s", s->target, why.msg);
        return false;
    }
    if (m->audit)
        m->audit(m->ctx, bf_arena_printf(p->arena, "bindfix changed: ended the process of service %s, which did not "
                                                   "stop within %d ms (the administrator chose to)", s->target, timeout_of(o)));
    return true;
}

/* Step i is undone: its target is back to what it was before the repair touched it, so a later step
 * (below upto: the rollback met it first) on the same target whose own undo failed (a service's start,
 * when it did not stop again) is undone too - undoing it later from the journal would change the target
 * again (stop a service that runs as before). Returns how many such steps there were. */
static size_t supersede_later(bf_fix_plan *p, size_t i, size_t upto)
{
    size_t j, n = 0;
    const bf_fix_step *s = &p->steps[i];
    bool svc = s->kind == BF_STEP_SERVICE_STOP || s->kind == BF_STEP_SERVICE_START;
    for (j = i + 1; j < upto; j++) {
        bf_fix_step *t = &p->steps[j];
        bool same = svc ? t->kind == BF_STEP_SERVICE_STOP || t->kind == BF_STEP_SERVICE_START : t->kind == s->kind;
        bool target = svc ? bf_service_name_eq(t->target, s->target) : strcmp(t->target, s->target) == 0;
        if (same && (t->status == BF_STEP_DONE || t->status == BF_STEP_DOING) && target) {
            t->status = BF_STEP_UNDONE;
            n++;
        }
    }
    return n;
}

static bool is_service_step(const bf_fix_step *s)
{
    return s->kind == BF_STEP_SERVICE_STOP || s->kind == BF_STEP_SERVICE_START;
}

/* Undoes one step (done or doing) and journals the outcome; false when it could not be undone. Once
 * undone, the later steps on the same target that this rollback met first are undone too
 * (supersede_later). */
static bool roll_back_one(bf_fix_plan *p, size_t i, size_t upto, const bf_machine *m, const char *journal,
                          const bf_fix_opts *o)
{
    bf_fix_step *s = &p->steps[i];
    bf_err e;
    bf_err_clear(&e);
    if (undo_step(s, m, timeout_of(o), &e)) {
        s->status = BF_STEP_UNDONE;
        supersede_later(p, i, upto);
    } else {
        char text[1200];
        bf_err_format(&e, text, sizeof text);
        s->error = bf_arena_printf(p->arena, "undo failed: %s", text);
    }
    save_journal(p, m, journal, &e);
    if (o && o->after_step)
        o->after_step(o->cb, p, i);
    if (m->audit) {
        char *t = bf_arena_printf(p->arena, "bindfix undid: %s (%s)", s->title, s->status == BF_STEP_UNDONE ? "ok" : s->error);
        m->audit(m->ctx, t);
    }
    return s->status == BF_STEP_UNDONE;
}

/* Undoes steps [0, upto) that are done or doing, in two phases. First every configuration change
 * (registry, files, metrics, SkipAsSource, binding order), newest first; then the services, newest
 * first: what the repair started is stopped again (dependents first), then what it stopped is started
 * again (dependencies first). A service the undo starts must read the configuration it had before the
 * repair: the plan puts the configuration steps before the service steps, so plain reverse order would
 * start the services while the repaired configuration is still in place (issue 13).
 * When a configuration change cannot be put back, the service steps are left as they are (still done
 * in the journal, *services_left set): starting services now would bind them with a configuration that
 * is neither the old nor the new one, and a later undo, once the cause is fixed, could no longer
 * restart them. Returns the number of steps that were not undone (each keeps its error in the journal). */
static size_t roll_back_ex(bf_fix_plan *p, size_t upto, const bf_machine *m, const char *journal, const bf_fix_opts *o,
                           bool *services_left)
{
    size_t i, left = 0;
    bool config_failed = false;
    if (services_left)
        *services_left = false;
    for (i = upto; i-- > 0;) {
        const bf_fix_step *s = &p->steps[i];
        if ((s->status == BF_STEP_DONE || s->status == BF_STEP_DOING) && !is_service_step(s) &&
            !roll_back_one(p, i, upto, m, journal, o))
            config_failed = true;
    }
    for (i = upto; i-- > 0;) {
        const bf_fix_step *s = &p->steps[i];
        if ((s->status != BF_STEP_DONE && s->status != BF_STEP_DOING) || !is_service_step(s))
            continue;
        if (config_failed) {
            /* said in the journal, so that whoever reads it knows why the service was not touched */
            p->steps[i].error = "undo failed: left as the repair left it, because a configuration change could "
                                "not be put back (started now, the service would read neither the old nor the "
                                "new configuration); undo again once that change can be put back";
            if (services_left)
                *services_left = true;
        } else {
            roll_back_one(p, i, upto, m, journal, o);
        }
    }
    /* what is still done or doing was not undone (a superseded step counts as undone) */
    for (i = 0; i < upto; i++)
        if (p->steps[i].status == BF_STEP_DONE || p->steps[i].status == BF_STEP_DOING)
            left++;
    return left;
}

static size_t roll_back(bf_fix_plan *p, size_t upto, const bf_machine *m, const char *journal, const bf_fix_opts *o)
{
    return roll_back_ex(p, upto, m, journal, o, NULL);
}

/* A stop or start whose wait ended without a verdict: the service may still get there. */
static bool wait_ended(int code)
{
    return code == BF_MACHINE_TIMEOUT || code == BF_MACHINE_STILL_GOING;
}

/* Stop step k was refused with ERROR_DEPENDENT_SERVICES_RUNNING: a dependent became active after the
 * plan was made (or the snapshot did not know it). Its active dependents, in the order the SCM gives
 * them (EnumDependentServicesW: the order to stop them), get stop steps at index at (before the wave of
 * k) and start steps after k's own start (they need it running), in reverse, so undo and the journal know
 * them like any other step. Returns how many stop steps were inserted; 0 when none could be found. */
static size_t stop_dependents_first(bf_fix_plan *p, size_t at, size_t k, const bf_machine *m, size_t *inserted)
{
    char **deps = NULL, *target = p->steps[k].target;
    size_t nd = 0, d, j, added = 0;
    bf_err e;
    bf_err_clear(&e);
    if (!m->service_dependents || !m->service_dependents(m->ctx, target, &deps, &nd, &e))
        return 0;
    for (d = 0; d < nd; d++) {
        bool have = false;
        for (j = 0; j < p->step_count && !have; j++)
            have = p->steps[j].kind == BF_STEP_SERVICE_STOP && p->steps[j].status == BF_STEP_PENDING &&
                   bf_service_name_eq(p->steps[j].target, deps[d]) && j < at;
        if (!have && *inserted < 64) {
            size_t start_at = p->step_count;
            bf_fix_step *s = bf_fix_plan_insert_step(p, at + added, BF_STEP_SERVICE_STOP,
                                                     bf_arena_printf(p->arena, "Stop %s (depends on %s)", deps[d], target),
                                                     deps[d]);
            if (!s)
                break;
            added++;
            (*inserted)++;
            for (j = 0; j < p->step_count; j++)     /* after the start of the service it depends on */
                if (p->steps[j].kind == BF_STEP_SERVICE_START && bf_service_name_eq(p->steps[j].target, target))
                    start_at = j + 1;
            bf_fix_plan_insert_step(p, start_at, BF_STEP_SERVICE_START, bf_arena_printf(p->arena, "Start %s", deps[d]),
                                    deps[d]);
        }
    }
    for (d = 0; d < nd; d++)
        free(deps[d]);
    free(deps);
    return added;
}

bool bf_fix_apply(bf_fix_plan *p, const bf_machine *m, const char *journal, const bf_fix_opts *o, bf_err *err)
{
    size_t i, inserted = 0;
    bf_plan_state was;
    /* the machine's operations fill only the message of err: its place fields must start empty */
    bf_err_clear(err);
    if (!m->can_change(m->ctx))
        return bf_fail(err, "changing this machine needs administrator rights (run elevated); nothing was changed");
    was = p->state;
    p->state = BF_PLAN_APPLYING;
    if (!save_journal(p, m, journal, err)) {
        p->state = was;
        return false;   /* no journal, no change */
    }
    for (i = 0; i < p->step_count; i++) {
        bf_fix_step *s = &p->steps[i];
        bf_err e;
        size_t wave_end = i + 1, k;
        if (s->status == BF_STEP_DONE)
            continue;   /* a stopped plan applied again: done before */
        if (o && o->before_step && !o->before_step(o->cb, p, i)) {
            p->state = BF_PLAN_STOPPED;
            if (!save_journal(p, m, journal, err))
                goto journal_failed;   /* step i is pending: the rollback leaves it */
            bf_fail(err, "stopped before step %zu (%s) as asked; the %zu step(s) before it stay done: undo puts them back",
                    i + 1, s->title, i);
            err->code = BF_FIX_STOPPED;
            return false;
        }
        /* a wave: consecutive service steps of one kind and one wave number, run together */
        while (s->wave > 0 && m->services_control && wave_end < p->step_count && wave_end - i < 32 &&
               p->steps[wave_end].kind == s->kind && p->steps[wave_end].wave == s->wave)
            wave_end++;
        if (wave_end > i + 1) {
            const char *names[32];
            bool ok[32], all_ok;
            int code[32];
            for (k = i; k < wave_end; k++) {
                p->steps[k].status = BF_STEP_DOING;
                names[k - i] = p->steps[k].target;
            }
            if (!save_journal(p, m, journal, err)) {
                for (k = i; k < wave_end; k++)
                    p->steps[k].status = BF_STEP_PENDING;
                goto journal_failed;    /* the wave is pending: the rollback leaves it */
            }
            bf_err_clear(&e);
            all_ok = m->services_control(m->ctx, names, wave_end - i, s->kind == BF_STEP_SERVICE_START, timeout_of(o),
                                         ok, code, &e);
            if (!all_ok) {
                /* stops refused for active dependents: stop those first (new steps), then this wave again */
                size_t added = 0;
                for (k = i; k < wave_end && inserted < 64; k++)
                    if (!ok[k - i] && code[k - i] == BF_MACHINE_DEPENDENTS_RUNNING)
                        added += stop_dependents_first(p, i, k, m, &inserted);
                if (added) {
                    for (k = i; k < wave_end + added; k++)
                        if (p->steps[k].status == BF_STEP_DOING && p->steps[k].kind == BF_STEP_SERVICE_STOP)
                            p->steps[k].status = BF_STEP_PENDING;   /* those that stopped stop again at once */
                    i--;
                    continue;
                }
                /* stops that made no progress: their processes ended, where the administrator chose to */
                all_ok = true;
                for (k = i; k < wave_end; k++) {
                    if (!ok[k - i] && code[k - i] == BF_MACHINE_TIMEOUT) {
                        bf_err one;
                        bf_err_clear(&one);
                        one.code = BF_MACHINE_TIMEOUT;
                        ok[k - i] = end_hung_service(p, k, m, o, &one);
                        if (!ok[k - i] && one.msg[0])
                            e = one;
                    }
                    all_ok = all_ok && ok[k - i];
                }
            }
            for (k = i; k < wave_end; k++) {
                /* a wait that ended leaves the step "doing": the service may still get there */
                p->steps[k].status = ok[k - i] ? BF_STEP_DONE : wait_ended(code[k - i]) ? BF_STEP_DOING : BF_STEP_FAILED;
                if (o && o->after_step)
                    o->after_step(o->cb, p, k);
                if (ok[k - i] && m->audit)
                    m->audit(m->ctx, bf_arena_printf(p->arena, "bindfix changed: %s (%s)", p->steps[k].title,
                                                     p->steps[k].target));
            }
            if (!all_ok) {
                char text[1200];
                size_t left;
                bf_err_format(&e, text, sizeof text);
                for (k = i; k < wave_end; k++)
                    if (!ok[k - i])
                        p->steps[k].error = bf_arena_strdup(p->arena, text);
                save_journal(p, m, journal, &e);
                left = roll_back(p, wave_end, m, journal, o);
                p->state = left ? BF_PLAN_FAILED : BF_PLAN_ROLLED_BACK;
                save_journal(p, m, journal, &e);
                bf_fail(err, "steps %zu-%zu (%s ...) failed: %s. %s", i + 1, wave_end, s->title, text,
                        left ? "Some earlier steps could not be undone: see the journal"
                             : "Every earlier step was undone: the machine is as before");
                return false;
            }
            i = wave_end - 1;
            if (!save_journal(p, m, journal, err))
                goto journal_failed;
            continue;
        }
        s->status = BF_STEP_DOING;
        if (!save_journal(p, m, journal, err)) {
            s->status = BF_STEP_PENDING;
            goto journal_failed;    /* step i is pending: the rollback leaves it */
        }
        bf_err_clear(&e);
        bool restart = false;
        bool done = do_step(s, m, timeout_of(o), &restart, &e);
        if (!done && s->kind == BF_STEP_SERVICE_STOP && e.code == BF_MACHINE_DEPENDENTS_RUNNING && inserted < 64) {
            size_t added = stop_dependents_first(p, i, i, m, &inserted);
            if (added) {
                p->steps[i + added].status = BF_STEP_PENDING;  /* again, after the dependents' stops before it */
                i--;
                continue;
            }
        }
        if (!done && !end_hung_service(p, i, m, o, &e)) {
            char text[1200];
            size_t left;
            bf_err_format(&e, text, sizeof text);
            /* a service that did not stop or start in time was asked to: it may still do it, so the
             * step counts as possibly made ("doing") and is undone with the others */
            s->status = wait_ended(e.code) ? BF_STEP_DOING : BF_STEP_FAILED;
            s->error = bf_arena_strdup(p->arena, text);
            save_journal(p, m, journal, &e);
            if (o && o->after_step)
                o->after_step(o->cb, p, i);
            left = roll_back(p, s->status == BF_STEP_DOING ? i + 1 : i, m, journal, o);
            p->state = left ? BF_PLAN_FAILED : BF_PLAN_ROLLED_BACK;
            save_journal(p, m, journal, &e);
            bf_fail(err, "step %zu (%s) failed: %s. %s", i + 1, s->title, text,
                    left ? "Some earlier steps could not be undone: see the journal"
                         : "Every earlier step was undone: the machine is as before");
            return false;
        }
        s->status = BF_STEP_DONE;
        s->restart_pending = restart;
        if (o && o->after_step)
            o->after_step(o->cb, p, i);
        if (m->audit) {
            char *t = bf_arena_printf(p->arena, "bindfix changed: %s (%s)%s", s->title, s->target,
                                      restart ? "; applied, takes effect after a restart" : "");
            m->audit(m->ctx, t);
        }
        if (!save_journal(p, m, journal, err))
            goto journal_failed;
    }
    p->state = BF_PLAN_APPLIED;
    if (save_journal(p, m, journal, err))
        return true;
    i = p->step_count;
journal_failed:
    /* A change bindfix cannot journal is a change it may not be able to undo later: undo it now. */
    {
        char text[1200];
        bf_err e;
        size_t left;
        bf_err_format(err, text, sizeof text);
        left = roll_back(p, i + (i < p->step_count ? 1 : 0), m, journal, o);
        p->state = left ? BF_PLAN_FAILED : BF_PLAN_ROLLED_BACK;
        save_journal(p, m, journal, &e);
        bf_fail(err, "the journal could not be written (%s); %s", text,
                left ? "some steps could not be undone: see the journal" : "every step was undone: the machine is as before");
    }
    return false;
}

bool bf_fix_undo(bf_fix_plan *p, const bf_machine *m, const char *journal, const bf_fix_opts *o, bf_err *err)
{
    size_t left;
    bool services_left = false;
    bf_err_clear(err);
    if (!m->can_change(m->ctx))
        return bf_fail(err, "undoing a repair needs administrator rights (run elevated); nothing was changed");
    left = roll_back_ex(p, p->step_count, m, journal, o, &services_left);
    p->state = left ? BF_PLAN_FAILED : BF_PLAN_UNDONE;
    if (!save_journal(p, m, journal, err))
        return false;
    if (left && services_left)
        return bf_fail(err, "%zu step(s) could not be undone: a configuration change could not be put back, so the "
                            "services were left as the repair made them (restarting them now would bind them with "
                            "neither configuration); see the journal %s, remove the cause, then undo again",
                       left, journal);
    if (left)
        return bf_fail(err, "%zu step(s) could not be undone: see the journal %s", left, journal);
    return true;
}
