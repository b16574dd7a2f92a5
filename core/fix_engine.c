/* fix_engine.c - apply and undo (see fix.h). The journal is rewritten whole, through the machine's
 * atomic, flushed file_replace, before each change ("doing") and after it ("done"): whatever happens in
 * between, the journal on disk names every step that may have changed the machine. */
#include "fix.h"
#include "policy.h"
#include "portranges.h"

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

static bool same_val(const bf_regval *a, const bf_regval *b)
{
    if (a->exists != b->exists)
        return false;
    return !a->exists || (a->type == b->type && a->len == b->len && (a->len == 0 || memcmp(a->data, b->data, a->len) == 0));
}

static bool dword_val(bf_regval *v, int x)
{
    v->data = malloc(4);
    if (!v->data)
        return false;
    memcpy(v->data, &x, 4);
    v->len = 4;
    v->type = 4;
    v->exists = true;
    return true;
}

static bool read_target_(const bf_fix_step *s, const bf_machine *m, bf_regval *out, bf_err *err);

/* What the target of a configuration step holds now, in the form of the step's before and after; a
 * read that fails names the step's target (the machine names its own key or path). */
static bool read_target(const bf_fix_step *s, const bf_machine *m, bf_regval *out, bf_err *err)
{
    bf_err e;
    bf_err_clear(&e);
    if (read_target_(s, m, out, &e))
        return true;
    bf_regval_free(out);
    bf_fail(err, "%s cannot be read to compare it with what the step expects: %s", s->target, e.msg);
    err->code = e.code;
    return false;
}

/* service-delayed-auto: the flag as a DWORD 0/1. A service that no longer starts automatically reads as
 * neither: the flag means nothing for it (SERVICE_DELAYED_AUTO_START_INFO), so the step compares as drift. */
static bool read_delayed_auto(const bf_fix_step *s, const bf_machine *m, bf_regval *out, bf_err *err)
{
    bool auto_start = false, delayed = false;
    if (!m->service_delayed_get)
        return bf_fail(err, "Delayed Automatic Start cannot be read on this system");
    if (!m->service_delayed_get(m->ctx, s->target, &auto_start, &delayed, err))
        return false;
    return dword_val(out, !auto_start ? 2 : delayed ? 1 : 0) || bf_fail(err, "out of memory");
}

static bool read_target_(const bf_fix_step *s, const bf_machine *m, bf_regval *out, bf_err *err)
{
    memset(out, 0, sizeof *out);
    switch (s->kind) {
    case BF_STEP_REG_SET:
        return m->reg_read(m->ctx, s->key, s->value, out, err);
    case BF_STEP_FILE_REPLACE:
    case BF_STEP_FILE_WRITE: {
        char *d = NULL;
        size_t n = 0;
        bool ex = false;
        if (!m->file_read(m->ctx, s->target, &ex, &d, &n, err)) {
            free(d);
            return false;
        }
        out->exists = ex;
        out->data = (unsigned char *)d;
        out->len = ex ? n : 0;
        return true;
    }
    case BF_STEP_METRIC_SET: {
        int x = 0;
        if (!m->metric_get || !m->metric_get(m->ctx, s->target, &x, err))
            return m->metric_get ? false : bf_fail(err, "the interface metric cannot be read on this system");
        return dword_val(out, x) || bf_fail(err, "out of memory");
    }
    case BF_STEP_SKIP_SET:
    case BF_STEP_SKIP_READD: {   /* the re-added address as it is now: the flag it was added with */
        bool k = false;
        if (!m->skip_get || !m->skip_get(m->ctx, s->target, &k, err))
            return m->skip_get ? false : bf_fail(err, "SkipAsSource cannot be read on this system");
        return dword_val(out, k ? 1 : 0) || bf_fail(err, "out of memory");
    }
    case BF_STEP_BINDORDER_SET:
        return m->bindorder_get ? m->bindorder_get(m->ctx, out, err)
                                : bf_fail(err, "the binding order cannot be read through INetCfg on this system");
    case BF_STEP_SERVICE_DELAYED_AUTO:
        return read_delayed_auto(s, m, out, err);
    case BF_STEP_PORT_EXCLUSION: {
        int fam;
        const char *t;
        if (!bf_port_target_parse(s->target, &fam, &t))
            return bf_fail(err, "\"%s\" is not a family and transport (\"ipv4 tcp\")", s->target);
        return m->port_exclusions_get ? m->port_exclusions_get(m->ctx, fam, t, out, err)
                                      : bf_fail(err, "the excluded port ranges cannot be read on this system");
    }
    default:
        return bf_fail(err, "a service step has no value to read");
    }
}

/* The first line where two file contents differ: "line N: expected "..."; found "..."" (line ends not
 * shown; a line missing reads "(no such line)"). */
static void first_line_diff(const bf_regval *exp, const bf_regval *got, bf_buf *out)
{
    const char *a = (const char *)exp->data, *b = (const char *)got->data;
    size_t ap = 0, bp = 0, al = exp->exists ? exp->len : 0, bl = got->exists ? got->len : 0;
    int line = 1;
    if (!got->exists) {
        bf_buf_puts(out, "the file no longer exists");
        return;
    }
    /* a position at the end is no line: the text after the last line end is empty */
    for (; ap < al || bp < bl; line++) {
        const char *an = ap < al ? memchr(a + ap, '\n', al - ap) : NULL, *bn = bp < bl ? memchr(b + bp, '\n', bl - bp) : NULL;
        size_t ae = an ? (size_t)(an - a) : al, be = bn ? (size_t)(bn - b) : bl;
        if (ap >= al || bp >= bl || ae - ap != be - bp || memcmp(a + ap, b + bp, ae - ap) != 0) {
            bf_buf_printf(out, "line %d: expected ", line);
            if (ap >= al)
                bf_buf_puts(out, "(no such line)");
            else {
                bf_buf_putc(out, '"');
                bf_buf_append(out, a + ap, (ae > ap && a[ae - 1] == '\r' ? ae - 1 : ae) - ap);
                bf_buf_putc(out, '"');
            }
            bf_buf_puts(out, "; found ");
            if (bp >= bl)
                bf_buf_puts(out, "(no such line)");
            else {
                bf_buf_putc(out, '"');
                bf_buf_append(out, b + bp, (be > bp && b[be - 1] == '\r' ? be - 1 : be) - bp);
                bf_buf_putc(out, '"');
            }
            bf_buf_printf(out, " (%zu bytes expected, %zu found)", al, bl);
            return;
        }
        ap = an ? ae + 1 : al;
        bp = bn ? be + 1 : bl;
    }
    bf_buf_puts(out, "the same lines, other bytes");
}

void bf_fix_drift_text(const bf_fix_step *s, const bf_regval *expected, const bf_regval *found, bf_buf *out)
{
    if (s->kind == BF_STEP_FILE_REPLACE || s->kind == BF_STEP_FILE_WRITE) {
        first_line_diff(expected, found, out);
    } else {
        bf_buf_puts(out, "expected ");
        bf_fix_value_line(s, expected, out);
        bf_buf_puts(out, ", found ");
        bf_fix_value_line(s, found, out);
    }
}

/* err (code BF_FIX_DRIFT): the target of s does not hold what the step expected. */
static bool drift_fail(const bf_fix_step *s, const char *when, const bf_regval *expected, const bf_regval *found,
                       bf_err *err)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_fix_drift_text(s, expected, found, &b);
    bf_fail(err, "%s was changed %s: %s", s->target, when, b.failed ? "(out of memory)" : bf_buf_cstr(&b));
    bf_buf_free(&b);
    err->code = BF_FIX_DRIFT;
    return false;
}

static const char *state_word(bf_svc_state st)
{
    return st == BF_SVC_RUNNING ? "running" : st == BF_SVC_STOPPED ? "stopped" : "changing state";
}

/* Did an earlier stop step of this plan end the process of s's service (end_hung_service)? Then the
 * SCM's failure actions may restart it before s runs. That restart reads the repaired configuration:
 * every configuration step comes before the first service step (bf_fix_plan_build), so it is the
 * restart the plan asked for, not a change someone made since the preview. */
static bool process_ended_earlier(const bf_fix_plan *p, const bf_fix_step *s)
{
    size_t i;
    for (i = 0; i < p->step_count && &p->steps[i] != s; i++)
        if (p->steps[i].kind == BF_STEP_SERVICE_STOP && p->steps[i].status == BF_STEP_DONE &&
            p->steps[i].end_outcome && p->steps[i].end_outcome[0] && bf_service_name_eq(p->steps[i].target, s->target))
            return true;
    return false;
}

/* Right before step s changes its target: does it still hold `before`? The value read is kept in the
 * step (the journal's "found", so that undo and the history can show it). A service to stop must not
 * be stopped already, one to start not running already (someone else chose that since the preview).
 * false with err->code BF_FIX_DRIFT when the target drifted (and o->force is off), or the read's error. */
static bool check_apply(const bf_fix_plan *p, bf_fix_step *s, const bf_machine *m, const bf_fix_opts *o, bf_err *err)
{
    bf_regval now;
    bool force = o && o->force;
    if (s->kind == BF_STEP_SERVICE_STOP || s->kind == BF_STEP_SERVICE_START) {
        bf_svc_state st;
        bool stop = s->kind == BF_STEP_SERVICE_STOP;
        if (!m->service_state(m->ctx, s->target, &st, err))
            return false;
        if (!stop && st == BF_SVC_RUNNING && process_ended_earlier(p, s))
            return true;    /* the SCM's restart, not someone's change: the start is accepted as made */
        if (!force && st == (stop ? BF_SVC_STOPPED : BF_SVC_RUNNING)) {
            bf_fail(err, "service %s was changed since the preview: expected %s, found %s", s->target,
                    stop ? "running" : "stopped", state_word(st));
            err->code = BF_FIX_DRIFT;
            return false;
        }
        return true;
    }
    if (!read_target(s, m, &now, err))
        return false;
    bf_regval_free(&s->found);
    s->found = now;
    s->has_found = true;
    if (same_val(&now, &s->before) || force)
        return true;
    if (s->kind == BF_STEP_FILE_WRITE && same_val(&now, &s->after))
        return true;    /* the backup is there already, the same bytes: bindfix's own copy */
    return drift_fail(s, "since the preview", &s->before, &now, err);
}

/* ---- port-exclusion: only the ranges that differ between two lists are touched ---- */

typedef struct port_change {
    bf_port_span del[BF_PORT_LIST_MAX], add[BF_PORT_LIST_MAX];
    size_t ndel, nadd;
} port_change;

/* from -> to: the ranges of from not in to are deleted, those of to not in from added. */
static bool port_diff(const bf_regval *from, const bf_regval *to, port_change *c)
{
    bf_port_span a[BF_PORT_LIST_MAX], b[BF_PORT_LIST_MAX];
    size_t na, nb, i;
    c->ndel = c->nadd = 0;
    if (!bf_port_list_decode(from->data, from->exists ? from->len : 0, a, BF_PORT_LIST_MAX, &na) ||
        !bf_port_list_decode(to->data, to->exists ? to->len : 0, b, BF_PORT_LIST_MAX, &nb))
        return false;
    for (i = 0; i < na; i++)
        if (!bf_port_list_has(b, nb, a[i]))
            c->del[c->ndel++] = a[i];
    for (i = 0; i < nb; i++)
        if (!bf_port_list_has(a, na, b[i]))
            c->add[c->nadd++] = b[i];
    return true;
}

void bf_fix_port_exclusion_commands(const bf_fix_step *s, const bf_regval *from, const bf_regval *to, bf_buf *out)
{
    port_change c;
    size_t i;
    int fam = 4;
    const char *t = "tcp";
    if (!bf_port_target_parse(s->target, &fam, &t) || !port_diff(from, to, &c)) {
        bf_buf_puts(out, "(not a port list)");
        return;
    }
    if (!c.ndel && !c.nadd) {
        bf_buf_puts(out, "nothing to run");
        return;
    }
    if (s->key[0])
        bf_buf_printf(out, "net stop %s; ", s->key);
    for (i = 0; i < c.ndel; i++)
        bf_buf_printf(out, "netsh int ipv%d delete excludedportrange protocol=%s startport=%d numberofports=%d; ", fam,
                      t, c.del[i].start, c.del[i].end - c.del[i].start + 1);
    for (i = 0; i < c.nadd; i++)
        bf_buf_printf(out, "netsh int ipv%d add excludedportrange protocol=%s startport=%d numberofports=%d; ", fam, t,
                      c.add[i].start, c.add[i].end - c.add[i].start + 1);
    if (s->key[0])
        bf_buf_printf(out, "net start %s", s->key);
    else if (out->len >= 2)
        out->len -= 2;  /* the last "; " */
}

/* The port-exclusion step's change from -> to: WinNAT (key) stopped when active, then each range that
 * differs deleted or added - a deletion only where the machine still has the range, an addition only
 * where it has not (a forced change never fails on what another writer did already) - then WinNAT
 * started again: after a stop bindfix made, and always when `restore` (undo: WinNAT was active when the
 * repair was planned; an apply interrupted between its stop and start left it stopped). WinNAT's start
 * is tried even when an edit failed. A failure after some range changed is BF_FIX_UNVERIFIED: the step
 * may have changed the machine, so it is undone with the others. */
static bool port_exclusion_change(const bf_fix_step *s, const bf_machine *m, const bf_regval *from,
                                  const bf_regval *to, bool restore, int timeout_ms, bf_err *err)
{
    port_change c;
    bf_port_span have[BF_PORT_LIST_MAX];
    size_t nhave = 0, i;
    bf_regval now = {0};
    bf_svc_state st = BF_SVC_STATE_UNKNOWN;
    bool stopped = false, ok = true, changed = false;
    int fam;
    const char *t;
    bf_err e;
    if (!bf_port_target_parse(s->target, &fam, &t) || !port_diff(from, to, &c))
        return bf_fail(err, "the port-exclusion step holds no port list for %s", s->target);
    if (!m->port_exclusion_edit)
        return bf_fail(err, "the excluded port ranges cannot be changed on this system");
    if (s->key[0]) {
        if (!m->service_state(m->ctx, s->key, &st, err))
            return false;
        if (st != BF_SVC_STOPPED) {
            if (!m->service_stop(m->ctx, s->key, timeout_ms, err))
                return false;   /* nothing edited; the stop may still happen: the caller's wait rules say */
            stopped = true;
        }
    }
    if (!read_target(s, m, &now, err) || !bf_port_list_decode(now.data, now.len, have, BF_PORT_LIST_MAX, &nhave)) {
        if (!err->msg[0])
            bf_fail(err, "the administered port exclusions of %s read now are not a port list", s->target);
        ok = false;
    }
    for (i = 0; ok && i < c.ndel; i++)
        if (bf_port_list_has(have, nhave, c.del[i])) {
            ok = m->port_exclusion_edit(m->ctx, fam, t, false, c.del[i].start, c.del[i].end - c.del[i].start + 1, err);
            changed = changed || ok;
        }
    for (i = 0; ok && i < c.nadd; i++)
        if (!bf_port_list_has(have, nhave, c.add[i])) {
            ok = m->port_exclusion_edit(m->ctx, fam, t, true, c.add[i].start, c.add[i].end - c.add[i].start + 1, err);
            changed = changed || ok;
        }
    bf_regval_free(&now);
    if (s->key[0] && (stopped || restore)) {
        bf_err_clear(&e);
        if (!m->service_start(m->ctx, s->key, timeout_ms, &e) && ok) {
            if (err)
                *err = e;
            ok = false;
        }
    }
    if (!ok && changed && err)
        err->code = BF_FIX_UNVERIFIED;
    return ok;
}

/* After a port-exclusion change: the ranges it added are there, those it deleted gone (another
 * administrator's change in between is not this step's to judge), and WinNAT runs again when the step
 * paused it. */
static bool port_exclusion_verify(const bf_fix_step *s, const bf_machine *m, bf_err *err)
{
    port_change c;
    bf_port_span have[BF_PORT_LIST_MAX];
    size_t nhave = 0, i;
    bf_regval now = {0};
    bf_svc_state st;
    bool ok;
    if (!port_diff(&s->before, &s->after, &c) || !read_target(s, m, &now, err))
        return bf_fail(err, "%s cannot be read back", s->target);
    ok = bf_port_list_decode(now.data, now.len, have, BF_PORT_LIST_MAX, &nhave);
    for (i = 0; ok && i < c.nadd; i++)
        ok = bf_port_list_has(have, nhave, c.add[i]);
    for (i = 0; ok && i < c.ndel; i++)
        ok = !bf_port_list_has(have, nhave, c.del[i]);
    if (!ok) {
        bf_buf b;
        bf_buf_init(&b);
        bf_port_list_text(now.data, now.len, &b);
        bf_fail(err, "made, but the administered exclusions of %s read afterwards are %s instead of holding the "
                     "change: not verified", s->target, bf_buf_cstr(&b));
        bf_buf_free(&b);
    } else if (s->key[0] && (!m->service_state(m->ctx, s->key, &st, err) || st != BF_SVC_RUNNING)) {
        ok = false;
        bf_fail(err, "the exclusion is made, but %s does not run again afterwards: not verified", s->key);
    }
    bf_regval_free(&now);
    if (!ok)
        err->code = BF_FIX_UNVERIFIED;
    return ok;
}

/* *restart: the change is made but takes effect after a restart (INetCfg says so, or the registry value
 * is one Windows reads at start-up: bf_policy_reg_needs_restart). */
static bool do_step(const bf_fix_step *s, const bf_machine *m, int timeout_ms, bool *restart, bf_err *err)
{
    *restart = false;
    switch (s->kind) {
    case BF_STEP_REG_SET:
        /* a value Windows reads only at start-up: made now, in use after a restart */
        *restart = bf_policy_reg_needs_restart(s->key, s->value);
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
    case BF_STEP_SKIP_READD:
        return m->skip_readd ? m->skip_readd(m->ctx, s->target, dword_of(&s->after) != 0, err)
                             : bf_fail(err, "a static address cannot be added again with SkipAsSource on this system");
    case BF_STEP_BINDORDER_SET:
        return m->bindorder_set ? m->bindorder_set(m->ctx, &s->after, restart, err)
                                : bf_fail(err, "the binding order cannot be changed through INetCfg on this system");
    case BF_STEP_PORT_EXCLUSION:
        return port_exclusion_change(s, m, &s->before, &s->after, false, timeout_ms, err);
    case BF_STEP_SERVICE_DELAYED_AUTO:
        return m->service_delayed_set ? m->service_delayed_set(m->ctx, s->target, dword_of(&s->after) != 0, err)
                                      : bf_fail(err, "Delayed Automatic Start cannot be changed on this system");
    default:
        return bf_fail(err, "unknown step kind");
    }
}

/* What undo puts back: the value apply found right before its write (the journal's "found"), which is
 * `before` unless apply was forced over a value changed since the preview - then the other writer's
 * value comes back, not the preview's. Older journals have no "found": `before`. */
static const bf_regval *restore_val(const bf_fix_step *s)
{
    return s->has_found ? &s->found : &s->before;
}

/* Writes the value from before the change back (durable: the journal says "undone" next, and a power
 * loss must not bring the change back). */
static bool write_before(const bf_fix_step *s, const bf_machine *m, int timeout_ms, bf_err *err)
{
    bool restart = false;   /* an undo that waits for a restart is still an undo: the journal says undone */
    const bf_regval *v = restore_val(s);
    switch (s->kind) {
    case BF_STEP_REG_SET:
        return m->reg_write(m->ctx, s->key, s->value, v, true, err);
    case BF_STEP_FILE_REPLACE:
        return m->file_replace(m->ctx, s->target, (const char *)v->data, v->len, true, err);
    case BF_STEP_METRIC_SET:
        return m->metric_set(m->ctx, s->target, dword_of(v), err);
    case BF_STEP_SKIP_SET:
        return m->skip_set(m->ctx, s->target, dword_of(v) != 0, err);
    case BF_STEP_SKIP_READD:
        return m->skip_readd ? m->skip_readd(m->ctx, s->target, dword_of(v) != 0, err)
                             : bf_fail(err, "a static address cannot be added again with SkipAsSource on this system");
    case BF_STEP_BINDORDER_SET:
        return m->bindorder_set ? m->bindorder_set(m->ctx, v, &restart, err)
                                : bf_fail(err, "the binding order cannot be changed through INetCfg on this system");
    case BF_STEP_PORT_EXCLUSION:
        /* only what this step changed, back: after -> what was found before it */
        return port_exclusion_change(s, m, &s->after, v, true, timeout_ms, err);
    case BF_STEP_SERVICE_DELAYED_AUTO:
        return m->service_delayed_set ? m->service_delayed_set(m->ctx, s->target, dword_of(v) != 0, err)
                                      : bf_fail(err, "Delayed Automatic Start cannot be changed on this system");
    default:
        return bf_fail(err, "unknown step kind");
    }
}

/* Puts back what was there, only where the target still holds what the repair left (compared right
 * before the write): holding `after`, `before` is written; holding `before` already (a step only
 * "doing" whose change did not happen), nothing is; holding anything else, the target drifted since
 * the repair and the undo stops (err->code BF_FIX_DRIFT) unless forced. The hosts file is put back line
 * by line instead: bindfix's own commented lines uncommented, later edits kept. Services: idempotent
 * (start a service only if it is stopped). */
static bool undo_step(bf_fix_step *s, const bf_machine *m, const bf_fix_opts *o, bool config_put_back, bf_err *err)
{
    bf_svc_state st;
    int timeout_ms = o && o->service_timeout_ms > 0 ? o->service_timeout_ms : 30000;
    bool force = o && o->force;
    switch (s->kind) {
    case BF_STEP_FILE_WRITE:
        return true;    /* the backup stays: it is a copy, and the administrator may want it */
    case BF_STEP_SERVICE_STOP:
        if (!m->service_state(m->ctx, s->target, &st, err))
            return false;
        if (st == BF_SVC_RUNNING && (s->status != BF_STEP_DONE || !config_put_back))
            return true;
        /* Stopped by bindfix and running again before its own start step (which the rollback would have
         * undone first, stopping it): the SCM restarted it after its process was ended, or someone started
         * it during the repair. Either way it read the repaired configuration, which this undo has just put
         * back: it stops, so that the start below makes it read the configuration as it was. */
        if (st == BF_SVC_RUNNING && !m->service_stop(m->ctx, s->target, timeout_ms, err))
            return false;
        /* interrupted while the service was stopping: let it finish stopping, then start it */
        if (st == BF_SVC_STOP_PENDING && !m->service_stop(m->ctx, s->target, timeout_ms, err))
            return false;
        return m->service_start(m->ctx, s->target, timeout_ms, err);
    case BF_STEP_SERVICE_START:
        if (!m->service_state(m->ctx, s->target, &st, err))
            return false;
        return st == BF_SVC_STOPPED || m->service_stop(m->ctx, s->target, timeout_ms, err);
    default:
        break;
    }
    {
        bf_regval now;
        bool ok;
        s->kept_edits = false;
        if (!read_target(s, m, &now, err))
            return false;
        if (same_val(&now, &s->after) || (force && !same_val(&now, restore_val(s)))) {
            ok = write_before(s, m, timeout_ms, err);
        } else if (same_val(&now, restore_val(s)) || same_val(&now, &s->before)) {
            ok = true;  /* as before already: nothing to put back */
            /* ...but an apply interrupted between WinNAT's stop and the edit left WinNAT stopped */
            if (s->kind == BF_STEP_PORT_EXCLUSION && s->key[0]) {
                bf_svc_state st2;
                ok = m->service_state(m->ctx, s->key, &st2, err) &&
                     (st2 == BF_SVC_RUNNING || m->service_start(m->ctx, s->key, timeout_ms, err));
            }
        } else if (s->kind == BF_STEP_FILE_REPLACE && now.exists) {
            bf_buf merged, why;
            bool kept = false;
            bf_buf_init(&merged);
            bf_buf_init(&why);
            if (bf_hosts_revert_lines((const char *)s->before.data, s->before.len, (const char *)s->after.data,
                                      s->after.len, (const char *)now.data, now.len, &merged, &why, &kept)) {
                ok = m->file_replace(m->ctx, s->target, merged.data ? merged.data : "", merged.len, true, err);
                s->kept_edits = ok && kept;
            } else {
                ok = bf_fail(err, "%s was changed since the repair: %s; the file is left as it is", s->target,
                             why.failed ? "(out of memory)" : bf_buf_cstr(&why));
                err->code = BF_FIX_DRIFT;
            }
            bf_buf_free(&merged);
            bf_buf_free(&why);
        } else {
            ok = drift_fail(s, "since the repair", &s->after, &now, err);
        }
        bf_regval_free(&now);
        return ok;
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
    char outcome[600] = "";
    bf_err_clear(&why);
    if (!m->service_end_process(m->ctx, s->target, timeout_of(o), outcome, sizeof outcome, &why)) {
        bf_fail(e, "%s did not stop in time, and its process could not be ended: %s", s->target, why.msg);
        return false;
    }
    /* journaled with the step's "done": restarted by the SCM, or bindfix's start step starts it */
    s->end_outcome = bf_arena_strdup(p->arena, outcome);
    if (m->audit)
        m->audit(m->ctx, bf_arena_printf(p->arena, "bindfix changed: ended the process of service %s, which did not "
                                                   "stop within %d ms (the administrator chose to); %s", s->target,
                                         timeout_of(o), outcome[0] ? outcome : "what followed is not known"));
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
                          const bf_fix_opts *o, bool config_put_back, bf_err *why)
{
    bf_fix_step *s = &p->steps[i];
    bf_err e;
    bf_err_clear(&e);
    if (undo_step(s, m, o, config_put_back, &e)) {
        s->status = BF_STEP_UNDONE;
        supersede_later(p, i, upto);
    } else {
        char text[1200];
        bf_err_format(&e, text, sizeof text);
        s->error = bf_arena_printf(p->arena, e.code == BF_FIX_DRIFT ? "undo stopped: %s" : "undo failed: %s", text);
        if (why)
            *why = e;
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
 * restart them. A target that drifted since the repair (err code BF_FIX_DRIFT) stops the undo there:
 * nothing more is changed (*drift_at: that step; otherwise p->step_count). Returns the number of steps
 * that were not undone (each keeps its error in the journal). */
static size_t roll_back_ex(bf_fix_plan *p, size_t upto, const bf_machine *m, const char *journal, const bf_fix_opts *o,
                           bool *services_left, size_t *drift_at, bf_err *drift)
{
    size_t i, left = 0;
    bool config_failed = false, config_put_back = false;
    if (services_left)
        *services_left = false;
    if (drift_at)
        *drift_at = p->step_count;
    for (i = upto; i-- > 0;) {
        const bf_fix_step *s = &p->steps[i];
        bf_err why;
        bf_err_clear(&why);
        if ((s->status == BF_STEP_DONE || s->status == BF_STEP_DOING) && !is_service_step(s) &&
            !roll_back_one(p, i, upto, m, journal, o, false, &why)) {
            config_failed = true;
            if (why.code == BF_FIX_DRIFT) {
                /* someone else's change: stop before changing anything more */
                if (drift_at)
                    *drift_at = i;
                if (drift)
                    *drift = why;
                break;
            }
        }
    }
    for (i = 0; i < upto && !config_failed; i++)
        config_put_back = config_put_back || (!is_service_step(&p->steps[i]) && p->steps[i].status == BF_STEP_UNDONE);
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
            roll_back_one(p, i, upto, m, journal, o, config_put_back, NULL);
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
    return roll_back_ex(p, upto, m, journal, o, NULL, NULL, NULL);
}

/* Steps [first, end) found their targets drifted (why): they go back to pending, the plan is "stopped"
 * and nothing more is changed; the steps done before stay done (undo puts them back). */
static bool stop_for_drift(bf_fix_plan *p, size_t first, size_t end, const bf_machine *m, const char *journal,
                           const bf_err *why, bf_err *err)
{
    size_t k;
    bf_err je;
    for (k = first; k < end; k++)
        p->steps[k].status = BF_STEP_PENDING;
    p->state = BF_PLAN_STOPPED;
    bf_err_clear(&je);
    save_journal(p, m, journal, &je);   /* the step is pending either way: nothing is lost if this fails */
    if (m->audit)
        m->audit(m->ctx, bf_arena_printf(p->arena, "bindfix stopped before: %s (%s)", p->steps[first].title, why->msg));
    bf_fail(err, "step %zu (%s) was not made: %s. Nothing more was changed; the %zu step(s) before it stay done (undo "
                 "puts them back). Preview again to see the machine as it is now, or force the change",
            first + 1, p->steps[first].title, why->msg, first);
    err->code = BF_FIX_DRIFT;
    return false;
}

/* A stop or start whose wait ended without a verdict: the service may still get there. */
static bool wait_ended(int code)
{
    return code == BF_MACHINE_TIMEOUT || code == BF_MACHINE_STILL_GOING || code == BF_FIX_UNVERIFIED;
}

/* An interface metric, SkipAsSource flag or Delayed Automatic Start flag read back right after the write: the IP Helper call said
 * success, and the system must now report the value written. Otherwise the step failed (err->code
 * BF_FIX_UNVERIFIED; it may have changed something, so it counts as "doing" and is undone). */
static bool verify_written(const bf_fix_step *s, const bf_machine *m, bf_err *err)
{
    bf_regval now = {0};
    bool same;
    if (s->kind == BF_STEP_PORT_EXCLUSION)
        return port_exclusion_verify(s, m, err);
    if (s->kind != BF_STEP_METRIC_SET && s->kind != BF_STEP_SKIP_SET && s->kind != BF_STEP_SKIP_READD &&
        s->kind != BF_STEP_SERVICE_DELAYED_AUTO)
        return true;
    if (!read_target(s, m, &now, err)) {
        err->code = BF_FIX_UNVERIFIED;
        return false;
    }
    same = same_val(&now, &s->after);
    if (!same) {
        bf_buf a, b;
        bf_buf_init(&a);
        bf_buf_init(&b);
        bf_fix_value_line(s, &s->after, &a);
        bf_fix_value_line(s, &now, &b);
        bf_fail(err, "written, but the system reports %s afterwards instead of %s: not verified", bf_buf_cstr(&b),
                bf_buf_cstr(&a));
        err->code = BF_FIX_UNVERIFIED;
        bf_buf_free(&a);
        bf_buf_free(&b);
    }
    bf_regval_free(&now);
    return same;
}

/* Step to is done for what step from is done for (its "mends"). */
static void copy_mends(bf_fix_plan *p, size_t from, size_t to)
{
    size_t i;
    for (i = 0; i < p->steps[from].mend_count; i++)
        bf_fix_step_add_mend(p, &p->steps[to], p->steps[from].mends[i].id, p->steps[from].mends[i].title,
                             p->steps[from].mends[i].effect);
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
            if (bf_fix_plan_insert_step(p, start_at, BF_STEP_SERVICE_START,
                                        bf_arena_printf(p->arena, "Start %s", deps[d]), deps[d])) {
                /* both are done for what the service they depend on is restarted for */
                for (j = 0; j < p->step_count; j++)
                    if (p->steps[j].kind == BF_STEP_SERVICE_STOP && bf_service_name_eq(p->steps[j].target, target)) {
                        copy_mends(p, j, at + added - 1);
                        copy_mends(p, j, start_at);
                        break;
                    }
            }
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
            /* every service of the wave as the preview saw it, right before the wave starts */
            for (k = i; k < wave_end; k++) {
                bf_err_clear(&e);
                if (!check_apply(p, &p->steps[k], m, o, &e)) {
                    if (e.code == BF_FIX_DRIFT)
                        return stop_for_drift(p, i, wave_end, m, journal, &e, err);
                    break;  /* the state cannot be read: the wave's own call reports the service */
                }
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
        {
            /* compared right before the change: what the preview showed as "before" must still be there */
            bool checked = check_apply(p, s, m, o, &e);
            if (!checked && e.code == BF_FIX_DRIFT)
                return stop_for_drift(p, i, i + 1, m, journal, &e, err);
            bool done = checked && do_step(s, m, timeout_of(o), &restart, &e) && verify_written(s, m, &e);
            if (!done && checked && s->kind == BF_STEP_SERVICE_STOP && e.code == BF_MACHINE_DEPENDENTS_RUNNING &&
                inserted < 64) {
                size_t added = stop_dependents_first(p, i, i, m, &inserted);
                if (added) {
                    p->steps[i + added].status = BF_STEP_PENDING;  /* again, after the dependents' stops before it */
                    i--;
                    continue;
                }
            }
            if (!done)
                done = end_hung_service(p, i, m, o, &e);
            if (done)
                goto step_done;
        }
        {
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
    step_done:
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

/* Before undo changes anything: every configuration step it would put back is compared with what the
 * repair left, so that a value changed since stops the undo with nothing changed at all (not after the
 * newer steps were put back). A read that fails here is left to the undo itself, which reads again and
 * reports it at its step. Returns the first step that drifted (why filled), or p->step_count. */
static size_t first_drifted(const bf_fix_plan *p, const bf_machine *m, bf_err *why)
{
    size_t i;
    for (i = p->step_count; i-- > 0;) {
        const bf_fix_step *s = &p->steps[i];
        bf_regval now;
        bf_err e;
        bool ok = true;
        if ((s->status != BF_STEP_DONE && s->status != BF_STEP_DOING) || is_service_step(s) ||
            s->kind == BF_STEP_FILE_WRITE)
            continue;
        bf_err_clear(&e);
        if (!read_target(s, m, &now, &e))
            continue;
        if (!same_val(&now, &s->after) && !same_val(&now, &s->before) && !same_val(&now, restore_val(s))) {
            if (s->kind == BF_STEP_FILE_REPLACE && now.exists) {
                bf_buf merged, text;
                bool kept;
                bf_buf_init(&merged);
                bf_buf_init(&text);
                ok = bf_hosts_revert_lines((const char *)s->before.data, s->before.len, (const char *)s->after.data,
                                           s->after.len, (const char *)now.data, now.len, &merged, &text, &kept);
                if (!ok) {
                    bf_fail(why, "%s was changed since the repair: %s; the file is left as it is", s->target,
                            bf_buf_cstr(&text));
                    why->code = BF_FIX_DRIFT;
                }
                bf_buf_free(&merged);
                bf_buf_free(&text);
            } else {
                ok = drift_fail(s, "since the repair", &s->after, &now, why);
            }
        }
        bf_regval_free(&now);
        if (!ok)
            return i;
    }
    return p->step_count;
}

bool bf_fix_undo(bf_fix_plan *p, const bf_machine *m, const char *journal, const bf_fix_opts *o, bf_err *err)
{
    size_t left, drift_at;
    bool services_left = false;
    bf_err drift;
    bf_err_clear(err);
    bf_err_clear(&drift);
    if (!m->can_change(m->ctx))
        return bf_fail(err, "undoing a repair needs administrator rights (run elevated); nothing was changed");
    if (!(o && o->force) && (drift_at = first_drifted(p, m, &drift)) < p->step_count) {
        p->steps[drift_at].error = bf_arena_printf(p->arena, "undo stopped: %s", drift.msg);
        save_journal(p, m, journal, err);   /* says why; the plan's state and every step's status stay */
        bf_fail(err, "undo stopped before changing anything: step %zu (%s): %s. Nothing was changed (see the journal "
                     "%s). Look at the change, then undo again, or force it to put back the value from before the "
                     "repair",
                drift_at + 1, p->steps[drift_at].title, drift.msg, journal);
        err->code = BF_FIX_DRIFT;
        return false;
    }
    left = roll_back_ex(p, p->step_count, m, journal, o, &services_left, &drift_at, &drift);
    p->state = left ? BF_PLAN_FAILED : BF_PLAN_UNDONE;
    if (!save_journal(p, m, journal, err))
        return false;
    if (drift_at < p->step_count) {
        bf_fail(err, "undo stopped at step %zu (%s): %s. Nothing more was changed: %zu step(s) are left as the repair "
                     "made them (see the journal %s). Look at the change, then undo again, or force it to put back "
                     "the value from before the repair",
                drift_at + 1, p->steps[drift_at].title, drift.msg, left, journal);
        err->code = BF_FIX_DRIFT;
        return false;
    }
    if (left && services_left)
        return bf_fail(err, "%zu step(s) could not be undone: a configuration change could not be put back, so the "
                            "services were left as the repair made them (restarting them now would bind them with "
                            "neither configuration); see the journal %s, remove the cause, then undo again",
                       left, journal);
    if (left)
        return bf_fail(err, "%zu step(s) could not be undone: see the journal %s", left, journal);
    return true;
}
