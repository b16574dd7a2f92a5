/*
 * repair_session.c - one repair from scan to verification (see repair_session.h).
 */
#include "repair_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "outbound.h"
#include "report.h"
#include "trust.h"


bf_repair_session *bf_session_create(void)
{
    bf_repair_session *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    bf_buf_init(&s->preview);
    bf_buf_init(&s->notes);
    s->service_timeout_ms = 30000;
    return s;
}

static void forget_causes(bf_repair_session *s)
{
    size_t i;
    for (i = 0; i < s->cause_count; i++)
        free(s->causes[i].effects);
    free(s->causes);
    s->causes = NULL;
    s->cause_count = 0;
}

static void forget_scan(bf_repair_session *s)
{
    forget_causes(s);
    bf_fix_plan_destroy(s->plan);
    s->plan = NULL;
    bf_diagnosis_destroy(s->diagnosis);
    s->diagnosis = NULL;
    bf_snapshot_destroy(s->before);
    bf_snapshot_destroy(s->after);
    s->before = s->after = NULL;
    free(s->rows);
    s->rows = NULL;
    s->row_count = 0;
    s->verified_ok = false;
    bf_undo_check_free(&s->undo_check);
    free(s->dns_register_error);
    s->dns_register_error = NULL;
    s->dns_checked = s->dns_registered = false;
    s->action_count = 0;
    free(s->restart_services);
    s->restart_services = NULL;
    free(s->journal);
    s->journal = NULL;
    bf_buf_reset(&s->preview);
    bf_buf_reset(&s->notes);
}

void bf_session_destroy(bf_repair_session *s)
{
    if (!s)
        return;
    forget_scan(s);
    free((char *)s->restart_action.title);
    bf_buf_free(&s->preview);
    bf_buf_free(&s->notes);
    bf_catalogue_destroy(s->catalogue);
    free(s);
}

bool bf_session_load_catalogue(bf_repair_session *s, const bf_system *sys, const char *path, bf_err *err)
{
    bf_catalogue *cat;
    if (!bf_catalogue_open(sys, path, &cat, err))
        return false;
    if (!cat)
        return true;
    bf_catalogue_destroy(s->catalogue);
    s->catalogue = cat;
    return true;
}

/* This machine again (verification, the check after an undo), with the session's catalogue; DNS asked
 * too after a repair that changed an adapter's DNS registration (dns_reregister). */
static bool collect(const bf_repair_session *s, const bf_system *sys, bf_snapshot **out, bf_err *err)
{
    bf_source live;
    bf_source_init(&live);
    live.collect.dns = s->dns_checked;
    *out = bf_source_read(&live, sys, s->catalogue, err);
    return *out != NULL;
}

/* What action k is done for (bf_action_attribution): the causes it mends, and for a service action the
 * effects it is for; *causes and *effects malloc'd (d->finding_count entries each). false: out of memory,
 * or an action of no finding (the administrator's own restart request): both counts 0. */
static bool attribution(const bf_repair_session *s, size_t k, size_t **causes, size_t *nc, size_t **effects, size_t *ne)
{
    const bf_diagnosis *d = s->diagnosis;
    size_t n = d ? d->finding_count : 0;
    *causes = *effects = NULL;
    *nc = *ne = 0;
    if (!d || k >= s->action_count || s->actions[k] == &s->restart_action)
        return false;
    *causes = malloc((n ? n : 1) * sizeof **causes);
    *effects = malloc((n ? n : 1) * sizeof **effects);
    if (*causes && *effects && bf_action_attribution(d, s->actions[k], *causes, nc, *effects, ne))
        return true;
    free(*causes);
    free(*effects);
    *causes = *effects = NULL;
    *nc = *ne = 0;
    return false;
}

/* The first cause action k mends (SIZE_MAX: none, or out of memory). */
static size_t first_cause(const bf_repair_session *s, size_t k)
{
    size_t *c, *e, nc, ne, first = SIZE_MAX;
    if (attribution(s, k, &c, &nc, &e, &ne) && nc)
        first = c[0];
    free(c);
    free(e);
    return first;
}

/* Each step of the plan says what it is done for (bf_fix_step.mends, journaled): the causes of the
 * actions that asked for it and, for a service step, the effects it is for. chosen_k maps
 * bf_fix_plan_build's chosen[] index to the session's action index. */
static bool attribute_steps(const bf_repair_session *s, bf_fix_plan *p, const size_t *chosen_k, size_t nchosen)
{
    const bf_diagnosis *d = s->diagnosis;
    size_t i, b, j;
    for (i = 0; i < p->step_count; i++)
        for (b = 0; b < nchosen && b < 64; b++) {
            size_t *c, *e, nc, ne;
            if (!(p->steps[i].from_actions & (1ull << b)))
                continue;
            if (!attribution(s, chosen_k[b], &c, &nc, &e, &ne))
                continue;
            for (j = 0; j < nc; j++)
                bf_fix_step_add_mend(p, &p->steps[i], d->findings[c[j]].id, d->findings[c[j]].title, false);
            for (j = 0; j < ne; j++)
                bf_fix_step_add_mend(p, &p->steps[i], d->findings[e[j]].id, d->findings[e[j]].title, true);
            free(c);
            free(e);
        }
    return !bf_arena_failed(p->arena);
}

/* The distinct actions of the diagnosis, in finding order, the recommended ones chosen. */
static void list_actions(bf_repair_session *s)
{
    const bf_diagnosis *d = s->diagnosis;
    size_t i, j;
    s->action_count = 0;
    for (i = 0; i < d->finding_count; i++)
        for (j = 0; j < d->findings[i].action_count && s->action_count < BF_SESSION_MAX_ACTIONS - 1; j++) {
            const bf_action *a = &d->findings[i].actions[j];
            if (!bf_action_listed(a, s->actions, s->action_count)) {
                s->chosen[s->action_count] = a->recommended;
                s->actions[s->action_count++] = a;
                /* a restart belongs to the root cause above the finding that offers it */
                s->action_cause[s->action_count - 1] = first_cause(s, s->action_count - 1);
            }
        }
}

bool bf_session_scan(bf_repair_session *s, const bf_system *sys, const bf_source *src, bf_err *err)
{
    bf_opened o;
    bool ok;
    forget_scan(s);
    s->source = src->kind;
    ok = bf_source_open(src, sys, true, &o, err);
    s->scan_failed = o.failed;
    /* the new catalogue replaces the old only after forget_scan dropped the diagnosis that points into it */
    bf_catalogue_destroy(s->catalogue);
    s->catalogue = o.catalogue;
    s->before = o.snap;
    s->diagnosis = o.diag;
    if (!ok)
        return false;
    list_actions(s);
    return true;
}

int bf_session_add_restart(bf_repair_session *s, const char *services)
{
    size_t n;
    char *title;
    if (s->action_count >= BF_SESSION_MAX_ACTIONS)
        return -1;
    n = strlen(services) + 16;
    title = malloc(n);
    free(s->restart_services);
    s->restart_services = malloc(n);
    if (!title || !s->restart_services) {
        free(title);
        return -1;
    }
    snprintf(title, n, "Restart %s", services);
    snprintf(s->restart_services, n, "%s", services);
    free((char *)s->restart_action.title);
    memset(&s->restart_action, 0, sizeof s->restart_action);
    s->restart_action.kind = BF_ACTION_RESTART_SERVICES;
    s->restart_action.title = title;
    s->restart_action.detail = "";
    s->restart_action.predicted = "";
    s->restart_action.recommended = true;
    s->restart_action.params.services = s->restart_services;
    s->actions[s->action_count] = &s->restart_action;
    s->chosen[s->action_count] = true;
    s->action_cause[s->action_count] = SIZE_MAX;
    return (int)s->action_count++;
}

bool bf_session_choose_kind(bf_repair_session *s, bf_action_kind kind)
{
    size_t i;
    bool any = false;
    for (i = 0; i < s->action_count; i++) {
        s->chosen[i] = s->actions[i]->kind == kind;
        any = any || s->chosen[i];
    }
    return any;
}

/* What the machine says about the files the plan writes (a read-only hosts file, a folder others may
 * write to), each line once, after the preview's steps: the administrator reads it before applying. */
static void write_file_notes(bf_repair_session *s, const bf_system *sys)
{
    const bf_machine *m = sys->machine;
    bf_buf all, one;
    size_t i;
    char *pointer;
    if (!m->file_notes || s->plan->step_count == 0)
        return;
    bf_buf_init(&all);
    bf_buf_init(&one);
    for (i = 0; i <= s->plan->step_count; i++) {
        const char *path;
        const char *line, *end;
        pointer = NULL;
        if (i < s->plan->step_count) {
            const bf_fix_step *st = &s->plan->steps[i];
            if (st->kind != BF_STEP_FILE_REPLACE && st->kind != BF_STEP_FILE_WRITE)
                continue;
            path = st->target;
        } else {
            pointer = bf_repair_last_journal_pointer(sys);   /* the journal folder */
            if (!pointer)
                break;
            path = pointer;
        }
        bf_buf_reset(&one);
        m->file_notes(m->ctx, path, &one);
        for (line = bf_buf_cstr(&one); *line; line = end) {
            size_t n;
            char *copy;
            end = strchr(line, '\n');
            end = end ? end + 1 : line + strlen(line);
            n = (size_t)(end - line);
            copy = malloc(n + 1);
            if (!copy)
                break;
            memcpy(copy, line, n);
            copy[n] = 0;
            if (!strstr(bf_buf_cstr(&all), copy)) {
                bf_buf_puts(&all, "   ");
                bf_buf_puts(&all, copy);
            }
            free(copy);
        }
        free(pointer);
    }
    if (all.len) {
        bf_buf_puts(&s->preview, "Files:\n");
        bf_buf_append(&s->preview, bf_buf_cstr(&all), all.len);
    }
    bf_buf_free(&one);
    bf_buf_free(&all);
}

/* The plan of the chosen actions, read from the machine now; its hosts backup is named by the session's
 * stamp (a plan made again for the same preview keeps the same names). */
static bf_fix_plan *make_plan(bf_repair_session *s, const bf_system *sys, bf_buf *notes, bf_err *err)
{
    const bf_action *chosen[BF_SESSION_MAX_ACTIONS];
    size_t n = 0, i, chosen_k[BF_SESSION_MAX_ACTIONS];
    char suffix[64];
    bf_fix_opts fo;
    bf_fix_plan *p;
    for (i = 0; i < s->action_count; i++)
        if (s->chosen[i]) {
            chosen_k[n] = i;
            chosen[n++] = s->actions[i];
        }
    snprintf(suffix, sizeof suffix, ".bindfix-%s.bak", s->stamp);
    memset(&fo, 0, sizeof fo);
    fo.service_timeout_ms = s->service_timeout_ms;
    fo.hosts_backup_suffix = suffix;
    p = bf_fix_plan_build(s->before, chosen, n, sys->machine, &fo, notes, err);
    if (p && !attribute_steps(s, p, chosen_k, n)) {
        bf_fix_plan_destroy(p);
        bf_fail(err, "out of memory");
        return NULL;
    }
    return p;
}

/* The n digits at p as a number; -1 when one of them is not a digit. */
static int digits(const char *p, int n)
{
    int v = 0;
    for (; n > 0; n--, p++) {
        if (*p < '0' || *p > '9')
            return -1;
        v = v * 10 + (*p - '0');
    }
    return v;
}

/* v as n digits at p (the lowest n). */
static void put_digits(char *p, int n, int v)
{
    for (; n > 0; n--, v /= 10)
        p[n - 1] = (char)('0' + v % 10);
}

/* A stamp ("2026-01-02T030405Z") one second later, in place, the minute, hour, day, month and year
 * carried; false when it is not a stamp of that shape. */
static bool stamp_next_second(char *stamp)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = digits(stamp, 4), mo = digits(stamp + 5, 2), d = digits(stamp + 8, 2), h = digits(stamp + 11, 2),
        mi = digits(stamp + 13, 2), sec = digits(stamp + 15, 2);
    if (strlen(stamp) != 18 || y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || mi < 0 || sec < 0)
        return false;
    if (++sec >= 60 && (sec = 0, ++mi >= 60) && (mi = 0, ++h >= 24)) {
        bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        h = 0;
        if (++d > mdays[mo - 1] + (mo == 2 && leap) && (d = 1, ++mo > 12))
            mo = 1, y++;
    }
    put_digits(stamp, 4, y);
    put_digits(stamp + 5, 2, mo);
    put_digits(stamp + 8, 2, d);
    put_digits(stamp + 11, 2, h);
    put_digits(stamp + 13, 2, mi);
    put_digits(stamp + 15, 2, sec);
    return true;
}

/* Whether a file exists at path; one that cannot be read counts as there (never name it again). */
static bool file_taken(const bf_system *sys, const char *path)
{
    bool exists = false;
    char *data = NULL;
    size_t len = 0;
    bf_err e;
    bool read = sys->machine->file_read(sys->machine->ctx, path, &exists, &data, &len, &e);
    free(data);
    return !read || exists;
}

/* Whether the files a stamp names exist already: the hosts backup, and the journal where no --journal
 * is given. A repair earlier in the same second named them; its undo may still need them. */
static bool stamp_taken(const bf_repair_session *s, const bf_system *sys)
{
    char path[1200];
    if (s->before && s->before->hosts.path && s->before->hosts.path[0] &&
        (size_t)snprintf(path, sizeof path, "%s.bindfix-%s.bak", s->before->hosts.path, s->stamp) < sizeof path &&
        file_taken(sys, path))
        return true;
    return sys->journal_dir &&
           (size_t)snprintf(path, sizeof path, "%s\\journal-%s.json", sys->journal_dir, s->stamp) < sizeof path &&
           file_taken(sys, path);
}

bool bf_session_plan(bf_repair_session *s, const bf_system *sys, bf_err *err)
{
    size_t w = 0;
    char now[40];
    const char *r;
    bf_err_clear(err);
    if (!s->diagnosis)
        return bf_fail(err, "nothing was scanned yet");
    if (!sys->machine)
        return bf_fail(err, "this front end cannot read or change the machine");
    bf_fix_plan_destroy(s->plan);
    s->plan = NULL;
    free(s->journal);
    s->journal = NULL;
    bf_buf_reset(&s->preview);
    bf_buf_reset(&s->notes);
    sys->now_utc(sys->ctx, now, sizeof now);
    /* 2026-01-02T03:04:05Z -> 2026-01-02T030405Z: file names cannot hold ':' */
    for (r = now; *r && w + 1 < sizeof s->stamp; r++)
        if (*r != ':')
            s->stamp[w++] = *r;
    s->stamp[w] = 0;
    /* Names of its own: a stamp whose backup or journal exists (a repair earlier in the same second)
     * moves on a second at a time, at most an hour; the journal's "created" keeps the real time. */
    for (int tries = 0; tries < 3600 && stamp_taken(s, sys); tries++)
        if (!stamp_next_second(s->stamp))
            break;
    s->plan = make_plan(s, sys, &s->notes, err);
    if (!s->plan)
        return false;
    s->plan->created = bf_arena_strdup(s->plan->arena, now);
    bf_fix_plan_write_preview(s->plan, &s->preview);
    write_file_notes(s, sys);
    return true;
}

static bool same_bytes(const bf_regval *a, const bf_regval *b)
{
    return a->exists == b->exists && a->type == b->type && a->len == b->len &&
           (a->len == 0 || memcmp(a->data, b->data, a->len) == 0);
}

bool bf_session_refresh(bf_repair_session *s, const bf_system *sys, bf_buf *changed, bool *stale, bf_err *err)
{
    bf_fix_plan *p;
    bf_buf notes;
    size_t i, n;
    bf_err_clear(err);
    *stale = false;
    if (!s->plan || s->plan->state != BF_PLAN_PLANNED || !s->before || !sys->machine)
        return true;    /* only a preview not yet applied can go stale (undo compares step by step) */
    bf_buf_init(&notes);
    p = make_plan(s, sys, &notes, err);
    if (!p) {
        char text[1200];
        bf_err_format(err, text, sizeof text);
        bf_buf_free(&notes);
        *stale = true;
        bf_buf_printf(changed, "the repair cannot be planned again: %s\n", text);
        bf_fail(err, "the machine changed since the preview, and the repair cannot be planned again: %s; nothing "
                     "was applied (scan again)", text);
        err->code = BF_FIX_STALE;
        return false;
    }
    n = p->step_count > s->plan->step_count ? p->step_count : s->plan->step_count;
    for (i = 0; i < n; i++) {
        const bf_fix_step *o = i < s->plan->step_count ? &s->plan->steps[i] : NULL;
        const bf_fix_step *q = i < p->step_count ? &p->steps[i] : NULL;
        if (o && q && o->kind == q->kind && strcmp(o->target, q->target) == 0 && same_bytes(&o->before, &q->before) &&
            same_bytes(&o->after, &q->after))
            continue;
        *stale = true;
        if (o && q && o->kind == BF_STEP_FILE_WRITE && q->kind == BF_STEP_FILE_WRITE && strcmp(o->target, q->target) == 0)
            continue;   /* the backup copies the file: the file's own step says what changed */
        if (o && q && o->kind == q->kind && strcmp(o->target, q->target) == 0) {
            bf_buf_printf(changed, "step %zu (%s): ", i + 1, o->title);
            bf_fix_drift_text(o, &o->before, &q->before, changed);
            bf_buf_putc(changed, '\n');
        } else if (o && q) {
            bf_buf_printf(changed, "step %zu was \"%s\", now \"%s\"\n", i + 1, o->title, q->title);
        } else if (o) {
            bf_buf_printf(changed, "step %zu (%s) is no longer needed\n", i + 1, o->title);
        } else {
            bf_buf_printf(changed, "step %zu (%s) is new\n", i + 1, q->title);
        }
    }
    if (!*stale) {
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        return true;
    }
    /* the new preview replaces the old one: what Apply makes next is what is shown now */
    p->created = bf_arena_strdup(p->arena, s->plan->created);
    bf_fix_plan_destroy(s->plan);
    s->plan = p;
    bf_buf_reset(&s->preview);
    bf_fix_plan_write_preview(s->plan, &s->preview);
    write_file_notes(s, sys);
    bf_buf_reset(&s->notes);
    bf_buf_append(&s->notes, bf_buf_cstr(&notes), notes.len);
    bf_buf_free(&notes);
    return true;
}

void bf_lock_holder_write(const bf_lock_holder *h, bf_buf *out)
{
    bf_buf_printf(out, "process %lu (%s), user %s, started %s", h->pid, h->program[0] ? h->program : "unknown program",
                  h->user[0] ? h->user : "unknown", h->started[0] ? h->started : "at an unknown time");
}

char *bf_repair_last_journal_pointer(const bf_system *sys)
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

char *bf_repair_last_journal(const bf_system *sys)
{
    char *ptr = bf_repair_last_journal_pointer(sys), *path = NULL;
    size_t plen = 0;
    bf_err e;
    if (ptr && sys->read_file(sys->ctx, ptr, &path, &plen, &e)) {
        while (plen && (path[plen - 1] == '\n' || path[plen - 1] == '\r'))
            path[--plen] = 0;
        if (plen == 0) {
            free(path);
            path = NULL;
        }
    }
    free(ptr);
    return path;
}

bf_fix_plan *bf_repair_read_journal(const bf_system *sys, const char *path, bf_err *err)
{
    char *text = NULL;
    size_t len = 0;
    bf_fix_plan *p;
    /* an elevated bindfix reads a journal only from where administrators alone can write (undo writes
     * what it says), and only when every step stays within what a journal may touch */
    if (!bf_trust_file(sys, path, err))
        return NULL;
    if (!sys->read_file(sys->ctx, path, &text, &len, err))
        return NULL;
    p = bf_fix_journal_read(text, len, path, err);
    free(text);
    if (p && sys->machine && !bf_fix_journal_check(p, sys->machine, path, err)) {
        bf_fix_plan_destroy(p);
        return NULL;
    }
    return p;
}

bool bf_repair_pointer_followed(const bf_system *sys, const char *path, bf_err *err)
{
    char *ptr;
    if (sys->journal_dir && bf_path_in_folder(path, sys->journal_dir))
        return true;
    ptr = bf_repair_last_journal_pointer(sys);
    bf_err_clear(err);
    bf_fail_at(err, ptr ? ptr : "last-journal.txt", 0, 0,
               "names \"%.300s\", which is not a journal in %.300s: bindfix follows this pointer only to a local file "
               "in the journal folder (never a share); give the journal with --journal FILE if it is yours",
               path, sys->journal_dir ? sys->journal_dir : "the journal folder");
    free(ptr);
    return false;
}

bool bf_repair_pointer_outside(const bf_system *sys, const char *path)
{
    return !sys->journal_dir || !bf_path_in_folder(path, sys->journal_dir);
}

bool bf_repair_interrupted(const bf_system *sys, char **journal_out)
{
    char *path = bf_repair_last_journal(sys);
    bf_err e;
    bool found = false;
    *journal_out = NULL;
    if (!path)
        return false;
    /* Only a journal in the journal folder (administrators alone can write there) is read without being
     * named. A pointer to anywhere else (a local file named with repair --journal FILE, or a share) is
     * never followed: reading a share hands the administrator's credentials to that server, and a local
     * folder may be one others can write. bindfix leaves such a pointer only while that repair is
     * unfinished (bf_session_apply empties it at the end), so it counts as interrupted, unread: the
     * administrator checks the journal by naming it (undo --journal FILE). */
    if (bf_repair_pointer_outside(sys, path)) {
        *journal_out = path;
        return true;
    }
    {
        bf_fix_plan *p = bf_repair_read_journal(sys, path, &e);
        /* "applying": interrupted; "stopped": the administrator stopped it half-way; "failed": a
         * rollback that did not finish. Either way the machine may not be as the journal's "before"
         * says: undo (or look) first. */
        if (p && bf_plan_state_unfinished(p->state)) {
            found = true;
            *journal_out = path;
            path = NULL;
        }
        bf_fix_plan_destroy(p);
    }
    free(path);
    return found;
}

/* A repair or undo whose journal lies outside the journal folder has ended (its plan is finished): the
 * pointer that named it is emptied, so that the next repair does not take it for an interrupted one and
 * a plain undo does not undo an older repair. Only when the pointer still names this journal. */
static void release_outside_pointer(bf_repair_session *s, const bf_system *sys)
{
    char *named, *ptr;
    bf_err pe;
    if (!s->plan || !s->journal || bf_plan_state_unfinished(s->plan->state) ||
        !bf_repair_pointer_outside(sys, s->journal) || !sys->machine->can_change(sys->machine->ctx))
        return;
    named = s->pointer_outside ? NULL : bf_repair_last_journal(sys);
    if (s->pointer_outside || (named && strcmp(named, s->journal) == 0)) {
        ptr = bf_repair_last_journal_pointer(sys);
        if (ptr)
            sys->machine->file_replace(sys->machine->ctx, ptr, "", 0, true, &pe);   /* best effort: kept, it
                                                                                     * only asks for a check */
        free(ptr);
        s->pointer_outside = false;
    }
    free(named);
}

bool bf_session_apply(bf_repair_session *s, const bf_system *sys, const bf_fix_opts *hooks, bf_err *err)
{
    bf_fix_opts fo;
    bf_err_clear(err);
    if (!s->plan)
        return bf_fail(err, "there is no plan to apply");
    if (s->source != BF_SOURCE_LIVE)
        return bf_fail(err, "a repair applies to a live scan of this machine, not to a saved one or the demo");
    if (!s->journal) {
        size_t n;
        if (!sys->journal_dir)
            return bf_fail(err, "no journal location is known");
        n = strlen(sys->journal_dir) + 64;
        s->journal = malloc(n);
        if (!s->journal)
            return bf_fail(err, "out of memory");
        snprintf(s->journal, n, "%s\\journal-%s.json", sys->journal_dir, s->stamp);
    }
    if (s->plan->state == BF_PLAN_PLANNED && !s->plan->has_baseline && s->before &&
        !bf_baseline_record(s->plan, s->before))
        return bf_fail(err, "out of memory");
    if (s->plan->state == BF_PLAN_PLANNED) {
        /* the first apply of this plan: without the pointer an interrupted repair would not be found
         * at the next start. The folder first: made with a DACL only administrators can write, or, where
         * it exists, refused unless only they can (a user who made it first would own every journal). */
        char *ptr;
        if (sys->journal_dir && sys->journal_dir_ready && sys->machine->can_change(sys->machine->ctx) &&
            !sys->journal_dir_ready(sys->ctx, sys->journal_dir, err))
            return false;
        ptr = bf_repair_last_journal_pointer(sys);
        if (ptr && sys->machine->can_change(sys->machine->ctx)) {
            bf_err pe;
            if (!sys->machine->file_replace(sys->machine->ctx, ptr, s->journal, strlen(s->journal), true, &pe)) {
                char text[1200];
                bf_err_format(&pe, text, sizeof text);
                bf_fail(err, "cannot record the journal's name in %s (%s); nothing was changed", ptr, text);
                free(ptr);
                return false;
            }
            s->pointer_outside = bf_repair_pointer_outside(sys, s->journal);
        }
        free(ptr);
    }
    if (hooks)
        fo = *hooks;
    else
        memset(&fo, 0, sizeof fo);
    fo.service_timeout_ms = s->service_timeout_ms;
    fo.hosts_backup_suffix = NULL;
    {
        bool ok = bf_fix_apply(s->plan, sys->machine, s->journal, &fo, err);
        release_outside_pointer(s, sys);
        return ok;
    }
}

bool bf_session_undo(bf_repair_session *s, const bf_system *sys, const bf_fix_opts *hooks, bf_err *err)
{
    bf_fix_opts fo;
    bf_err_clear(err);
    if (!s->plan || !s->journal)
        return bf_fail(err, "nothing was applied in this session");
    if (hooks)
        fo = *hooks;
    else
        memset(&fo, 0, sizeof fo);
    fo.service_timeout_ms = s->service_timeout_ms;
    fo.before_step = NULL;
    {
        bool ok = bf_fix_undo(s->plan, sys->machine, s->journal, &fo, err);
        release_outside_pointer(s, sys);
        return ok;
    }
}

static const bf_probe *probe_after(const bf_snapshot *after, const bf_endpoint *e, const char *address,
                                   const bf_endpoint **in)
{
    size_t k, m;
    for (k = 0; k < after->endpoint_count; k++)
        if (after->endpoints[k].port == e->port && strcmp(after->endpoints[k].transport, e->transport) == 0)
            for (m = 0; m < after->endpoints[k].probe_count; m++)
                if (bf_addr_equal(after->endpoints[k].probes[m].address, address)) {
                    *in = &after->endpoints[k];
                    return &after->endpoints[k].probes[m];
                }
    return NULL;
}

/* A port held after the repair counts only when the service itself holds it: a greeting from another
 * process (any user may bind a free port and answer "+OK") proves nothing. */
static void note_owner(bf_verify_row *r, const bf_snapshot *after, const bf_endpoint *e, const bf_probe *q)
{
    r->service = e->service ? e->service : "";
    r->owner_pid = q->owner_pid;
    r->owner = q->result == BF_PROBE_ADDRINUSE ? bf_probe_owner(after, e, q) : BF_OWNER_UNKNOWN;
}

/* Per cause of the chosen actions: the diagnosis of the scan after the repair, asked whether the cause
 * and each of its effects are still found. */
/* Cause c (of the diagnosis before) into s->causes, once: whether the diagnosis after still finds it, and
 * each of its effects. effects: d->finding_count entries of scratch. false: out of memory. */
static bool add_verified_cause(bf_repair_session *s, const bf_diagnosis *d, const bf_diagnosis *now, size_t c,
                               size_t *effects)
{
    size_t i, n;
    bf_verify_cause *vc;
    for (i = 0; i < s->cause_count; i++)
        if (s->causes[i].finding == c)
            return true;
    if (s->cause_count >= s->cause_cap)
        return false;
    n = bf_cause_all_effects(d, c, effects);
    if (n == SIZE_MAX)
        return false;
    vc = &s->causes[s->cause_count++];
    vc->finding = c;
    vc->id = d->findings[c].id;
    vc->title = d->findings[c].title;
    vc->gone = !bf_finding_still_found(&d->findings[c], now);
    vc->effects = calloc(n ? n : 1, sizeof *vc->effects);
    if (!vc->effects)
        return false;
    for (i = 0; i < n; i++) {
        bf_verify_effect *e = &vc->effects[vc->effect_count++];
        e->id = d->findings[effects[i]].id;
        e->title = d->findings[effects[i]].title;
        e->gone = !bf_finding_still_found(&d->findings[effects[i]], now);
        vc->effects_gone += e->gone;
    }
    return true;
}

static bool verify_causes(bf_repair_session *s, bf_err *err)
{
    const bf_diagnosis *d = s->diagnosis;
    bf_diagnosis *now;
    size_t k, *effects;
    forget_causes(s);
    if (!d || !d->finding_count)
        return true;
    now = bf_diagnose(s->after, s->catalogue, err);
    /* at most one entry per finding: a cause is listed once, whichever actions belong to it */
    s->cause_cap = d->finding_count;
    s->causes = calloc(s->cause_cap, sizeof *s->causes);
    effects = malloc(d->finding_count * sizeof *effects);
    if (!now || !s->causes || !effects) {
        bf_diagnosis_destroy(now);
        free(effects);
        forget_causes(s);
        return bf_fail(err, "the scan after the repair could not be diagnosed: out of memory");
    }
    for (k = 0; k < s->action_count; k++) {
        size_t *cs, *es, nc, ne, m;
        bool oom = false;
        if (!s->chosen[k])
            continue;
        if (!attribution(s, k, &cs, &nc, &es, &ne)) {
            if (s->actions[k] == &s->restart_action)
                continue;   /* the administrator's own restart: no finding asked for it */
            break;
        }
        /* every cause the action belongs to: a restart's may be several (a service stopped by two) */
        for (m = 0; m < nc && !oom; m++)
            oom = !add_verified_cause(s, d, now, cs[m], effects);
        free(cs);
        free(es);
        if (oom)
            break;
    }
    free(effects);
    bf_diagnosis_destroy(now);
    if (k < s->action_count) {
        forget_causes(s);
        return bf_fail(err, "out of memory");
    }
    return true;
}

/* After a plan that changed an adapter's DNS registration (applied, rolled back or undone): asks the DNS
 * client to register again, so that the next query can show the new answer. Its failure is recorded and
 * reported, never undone or rolled back: the registry change is the repair. */
static void dns_reregister(bf_repair_session *s, const bf_system *sys)
{
    bf_err e;
    free(s->dns_register_error);
    s->dns_register_error = NULL;
    s->dns_registered = false;
    s->dns_checked = bf_fix_plan_has_dns(s->plan);
    if (!s->dns_checked)
        return;
    bf_err_clear(&e);
    if (!sys->machine || !sys->machine->dns_register)
        bf_fail(&e, "this system gives bindfix no way to ask for it");
    else if (sys->machine->dns_register(sys->machine->ctx, &e))
        s->dns_registered = true;
    if (!s->dns_registered) {
        char text[1200];
        bf_err_format(&e, text, sizeof text);
        s->dns_register_error = malloc(strlen(text) + 1);
        if (s->dns_register_error)
            memcpy(s->dns_register_error, text, strlen(text) + 1);
    }
}

static void write_dns_list(bf_buf *o, const bf_dns_publication *d)
{
    size_t i;
    if (d->status != BF_SECTION_OK) {
        bf_buf_printf(o, "not known (%s)", d->problem && d->problem[0] ? d->problem : "DNS was not asked");
        return;
    }
    if (!d->address_count)
        bf_buf_printf(o, "no A or AAAA record (status %d)", d->error);
    for (i = 0; i < d->address_count; i++)
        bf_buf_printf(o, "%s%s", i ? ", " : "", d->addresses[i]);
}

/* The i-th address (from 0) that the scan before found unusable (BF-DNS-UNUSABLE) and DNS still publishes
 * after the repair; NULL past the last. Removing those records is the DNS administrator's: bindfix changes
 * only what this machine registers from now on. */
static const char *dns_still_published(const bf_repair_session *s, size_t n)
{
    const bf_dns_publication *now = s->after ? &s->after->dns : NULL;
    size_t i, j, k;
    for (i = 0; s->diagnosis && now && now->status == BF_SECTION_OK && i < s->diagnosis->finding_count; i++) {
        const bf_finding *f = &s->diagnosis->findings[i];
        if (strcmp(f->id, "BF-DNS-UNUSABLE") != 0)
            continue;
        for (j = 0; j < f->evidence_count; j++) {
            if (strcmp(f->evidence[j].section, "dns_publication") != 0)
                continue;
            for (k = 0; k < now->address_count; k++)
                if (bf_addr_equal(now->addresses[k], f->evidence[j].ref)) {
                    if (n-- == 0)
                        return f->evidence[j].ref;
                    break;
                }
        }
    }
    return NULL;
}

void bf_session_write_dns(const bf_repair_session *s, bf_buf *o)
{
    size_t i;
    const char *ad;
    const bf_dns_publication *now = s->after ? &s->after->dns : NULL;
    if (!s->dns_checked)
        return;
    bf_buf_puts(o, "\nDNS REGISTRATION (the adapter's registration changed; DNS asked again on the wire)\n");
    if (s->dns_registered)
        bf_buf_puts(o, "  ipconfig /registerdns: asked; Windows registers in the background (its errors go to the "
                       "System log), so a record can take minutes to change\n");
    else
        bf_buf_printf(o, "  ipconfig /registerdns: NOT DONE: %s. The registry change stays made; register again by "
                         "hand (ipconfig /registerdns) or wait for the DNS client's next registration\n",
                      s->dns_register_error ? s->dns_register_error : "out of memory");
    if (!now)
        return;
    bf_buf_printf(o, "  DNS answers %s now: ", now->name ? now->name : "?");
    write_dns_list(o, now);
    bf_buf_putc(o, '\n');
    if (s->before && s->before->dns.status == BF_SECTION_OK) {
        bf_buf_puts(o, "  before the repair: ");
        write_dns_list(o, &s->before->dns);
        bf_buf_putc(o, '\n');
    }
    for (i = 0; (ad = dns_still_published(s, i)) != NULL; i++) {
        bf_buf_printf(o, "  %s stays published: the record is the DNS administrator's to remove: ", ad);
        bf_dns_admin_commands(now->name, ad, o);
        bf_buf_putc(o, '\n');
    }
}

bool bf_session_report_dns(const bf_repair_session *s, bf_report *r)
{
    bf_buf before, after, cmd;
    size_t i;
    const char *ad;
    bool ok = true;
    const bf_dns_publication *now = s->after ? &s->after->dns : NULL;
    if (!s->dns_checked)
        return true;
    bf_buf_init(&before);
    bf_buf_init(&after);
    bf_buf_init(&cmd);
    if (s->dns_registered)
        bf_buf_puts(&after, "asked (Windows registers in the background)");
    else
        bf_buf_printf(&after, "NOT DONE: %s; the registry change stays made",
                      s->dns_register_error ? s->dns_register_error : "out of memory");
    ok = bf_report_add_check(r, "ipconfig /registerdns", -1, "", "-", bf_buf_cstr(&after), s->dns_registered);
    if (ok && now) {
        bf_buf_reset(&after);
        if (s->before)
            write_dns_list(&before, &s->before->dns);
        write_dns_list(&after, now);
        ok = bf_report_add_check(r, "DNS answer", -1, now->name ? now->name : "", before.len ? bf_buf_cstr(&before) : "-",
                                 bf_buf_cstr(&after), now->status == BF_SECTION_OK && !dns_still_published(s, 0));
    }
    for (i = 0; ok && now && (ad = dns_still_published(s, i)) != NULL; i++) {
        bf_buf_reset(&cmd);
        bf_buf_puts(&cmd, "still published; the DNS administrator's to remove: ");
        bf_dns_admin_commands(now->name, ad, &cmd);
        ok = bf_report_add_check(r, "DNS record", -1, ad, "published", bf_buf_cstr(&cmd), false);
    }
    ok = ok && !before.failed && !after.failed && !cmd.failed;
    bf_buf_free(&before);
    bf_buf_free(&after);
    bf_buf_free(&cmd);
    return ok;
}

bool bf_session_verify(bf_repair_session *s, const bf_system *sys, bf_err *err)
{
    size_t i, j, cap = 0, n = 0;
    bf_verify_row *rows;
    bf_err_clear(err);
    if (!s->before)
        return bf_fail(err, "nothing was scanned yet");
    bf_snapshot_destroy(s->after);
    s->after = NULL;
    free(s->rows);
    s->rows = NULL;
    s->row_count = 0;
    dns_reregister(s, sys);
    if (!collect(s, sys, &s->after, err))
        return false;
    for (i = 0; i < s->before->endpoint_count; i++)
        cap += s->before->endpoints[i].probe_count;
    for (i = 0; i < s->after->endpoint_count; i++)
        cap += s->after->endpoints[i].probe_count;
    rows = calloc(cap ? cap : 1, sizeof *rows);
    if (!rows)
        return bf_fail(err, "out of memory");
    s->verified_ok = true;
    for (i = 0; i < s->before->endpoint_count; i++) {
        const bf_endpoint *e = &s->before->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            const bf_probe *q;
            const bf_endpoint *qe = NULL;
            bf_verify_row *r;
            if (p->result == BF_PROBE_OK || p->result == BF_PROBE_NOT_RUN)
                continue;
            q = probe_after(s->after, e, p->address, &qe);
            r = &rows[n++];
            r->protocol = e->protocol;
            r->transport = e->transport;
            r->port = e->port;
            r->address = p->address;
            r->was_failing = true;
            r->before = p->result;
            r->after_known = q != NULL;
            r->after = q ? q->result : BF_PROBE_NOT_RUN;
            r->greeting_after = q ? q->greeting : BF_GREET_NOT_TRIED;
            r->greeting_text = q && q->greeting_text ? q->greeting_text : "";
            r->owner = BF_OWNER_UNKNOWN;
            r->owner_pid = -1;
            r->service = e->service ? e->service : "";
            if (q)
                note_owner(r, s->after, qe, q);
            /* an address the resolver no longer returns is fixed too: nothing binds there any more */
            r->fixed = !q || q->result == BF_PROBE_OK ||
                       (q->result == BF_PROBE_ADDRINUSE && q->greeting == BF_GREET_ANSWERED && r->owner != BF_OWNER_OTHER);
            if (!r->fixed)
                s->verified_ok = false;
        }
    }
    /* what answers now (the services the repair started), and what is held by something that does
     * not speak the protocol */
    for (i = 0; i < s->after->endpoint_count; i++) {
        const bf_endpoint *e = &s->after->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *q = &e->probes[j];
            bf_verify_row *r;
            bool answers = q->greeting == BF_GREET_ANSWERED && !bf_addr_is_wildcard(q->address);
            bool wrong = q->greeting == BF_GREET_WRONG || q->greeting == BF_GREET_SILENT;
            if (!answers && !wrong)
                continue;
            r = &rows[n++];
            r->protocol = e->protocol;
            r->transport = e->transport;
            r->port = e->port;
            r->address = q->address;
            r->before = BF_PROBE_NOT_RUN;
            r->after_known = true;
            r->after = q->result;
            r->greeting_after = q->greeting;
            r->greeting_text = q->greeting_text ? q->greeting_text : "";
            note_owner(r, s->after, e, q);
            r->fixed = answers && r->owner != BF_OWNER_OTHER;
            if (!r->fixed)
                s->verified_ok = false;
        }
    }
    s->rows = rows;
    s->row_count = n;
    if (!verify_causes(s, err))
        return false;
    /* the binding order Windows has not taken into use yet: what the probes see now is the old order */
    s->restart_pending = bf_fix_plan_restart_pending(s->plan);
    if (s->restart_pending)
        s->verified_ok = false;
    return true;
}

/* Why an answer on the port is not the service's: " (answers, but pid 4242 is not POP3Svc)". */
static void write_not_the_service(bf_buf *o, const bf_verify_row *r)
{
    if (r->owner_pid > 0)
        bf_buf_printf(o, ", but pid %d is not %s", r->owner_pid, r->service[0] ? r->service : "the service");
    else
        bf_buf_printf(o, ", but %s does not run: another process holds the port", r->service);
}

void bf_session_write_verification(const bf_repair_session *s, bf_buf *o)
{
    size_t i;
    bf_buf_puts(o, "\nVERIFICATION (bind probes before -> after)\n");
    if (s->restart_pending)
        bf_buf_puts(o, "  PENDING: applied; takes effect after a restart (Windows said so when the binding order was "
                       "applied). The results below are the machine before the restart: restart Windows, then scan again.\n");
    for (i = 0; i < s->row_count; i++) {
        const bf_verify_row *r = &s->rows[i];
        bool other = r->owner == BF_OWNER_OTHER;
        if (r->was_failing) {
            bf_buf_printf(o, "  %-8s %s/%-5d %-16s %s -> %s", r->protocol, r->transport, r->port, r->address,
                          bf_probe_result_label(r->before),
                          r->after_known ? bf_probe_result_label(r->after) : "no longer returned by the resolver");
            if (r->greeting_after == BF_GREET_ANSWERED) {
                bf_buf_puts(o, " (answers");
                if (other)
                    write_not_the_service(o, r);
                bf_buf_putc(o, ')');
            }
            bf_buf_putc(o, '\n');
        } else if (r->greeting_after == BF_GREET_ANSWERED) {
            bf_buf_printf(o, "  %-8s %s/%-5d %-16s answers: %s", r->protocol, r->transport, r->port, r->address,
                          r->greeting_text);
            if (other)
                write_not_the_service(o, r);
            bf_buf_putc(o, '\n');
        }
        else
            bf_buf_printf(o, "  %-8s %s/%-5d %-16s held, but %s\n", r->protocol, r->transport, r->port, r->address,
                          r->greeting_after == BF_GREET_WRONG ? "something else answers" : "nothing answers");
    }
    bf_session_write_causes(s, o);
    bf_outbound_write_compare(s->before, s->after, o);
    bf_session_write_dns(s, o);
}

void bf_session_write_causes(const bf_repair_session *s, bf_buf *o)
{
    size_t i, j;
    if (!s->cause_count)
        return;
    bf_buf_puts(o, "\nPER CAUSE (the scan after the repair, diagnosed again)\n");
    for (i = 0; i < s->cause_count; i++) {
        const bf_verify_cause *c = &s->causes[i];
        bf_buf_printf(o, "  %s %s: %s\n", c->gone ? "GONE " : "STILL", c->id, c->title);
        if (c->effect_count)
            bf_buf_printf(o, "        its effects: %zu of %zu gone\n", c->effects_gone, c->effect_count);
        for (j = 0; j < c->effect_count; j++)
            bf_buf_printf(o, "        %s %s: %s\n", c->effects[j].gone ? "gone " : "still", c->effects[j].id,
                          c->effects[j].title);
    }
}

void bf_session_write_mends(const bf_repair_session *s, size_t k, bf_buf *o)
{
    const bf_diagnosis *d = s->diagnosis;
    size_t c, n, i, *effects;
    if (!d || k >= s->action_count || (c = s->action_cause[k]) >= d->finding_count)
        return;
    if (s->actions[k]->kind == BF_ACTION_RESTART_SERVICES || s->actions[k]->kind == BF_ACTION_START_SERVICE) {
        /* a restart mends nothing itself: say which effects it is for and whose repair it completes */
        size_t *cs, *es, nc, ne;
        if (attribution(s, k, &cs, &nc, &es, &ne)) {
            for (i = 0; i < ne; i++)
                bf_buf_printf(o, "%s%s: %s", i ? "; " : "for ", d->findings[es[i]].id, d->findings[es[i]].title);
            for (i = 0; i < nc; i++)
                bf_buf_printf(o, "%s%s: %s", i ? "; " : ne ? ", after the repair of the cause " : "",
                              d->findings[cs[i]].id, d->findings[cs[i]].title);
        }
        free(cs);
        free(es);
        return;
    }
    bf_buf_printf(o, "%s: %s", d->findings[c].id, d->findings[c].title);
    effects = malloc(d->finding_count * sizeof *effects);
    if (!effects)
        return;
    n = bf_cause_all_effects(d, c, effects);
    if (n != SIZE_MAX && n && s->actions[k]->predicted_clean == BF_TRI_NO) {
        /* the model predicts the resolver still returns an address nothing binds: the effects stay */
        bf_buf_printf(o, "; its %zu effect%s predicted to stay (see predicted)", n, n == 1 ? " is" : "s are");
    } else if (n != SIZE_MAX && n) {
        bf_buf_printf(o, "; and its %zu effect%s:", n, n == 1 ? "" : "s");
        for (i = 0; i < n; i++)
            bf_buf_printf(o, "%s %s", i ? ";" : "", d->findings[effects[i]].title);
    }
    free(effects);
}

/* ---- after an undo: as before? ---- */

bool bf_baseline_record(bf_fix_plan *p, const bf_snapshot *snap)
{
    size_t i, j;
    p->has_baseline = true;
    for (i = 0; i < snap->endpoint_count; i++) {
        const bf_endpoint *e = &snap->endpoints[i];
        for (j = 0; j < e->probe_count && p->baseline_count < BF_BASELINE_MAX_ROWS; j++) {
            bf_baseline_row *r = BF_PUSH(p->arena, p->baseline, p->baseline_count, p->baseline_cap);
            if (!r)
                return false;
            r->protocol = bf_arena_strdup(p->arena, e->protocol);
            r->transport = bf_arena_strdup(p->arena, e->transport);
            r->address = bf_arena_strdup(p->arena, e->probes[j].address);
            r->port = e->port;
            r->bind = e->probes[j].result;
            r->greeting = e->probes[j].greeting;
        }
    }
    return !bf_arena_failed(p->arena);
}

void bf_undo_check_free(bf_undo_check *c)
{
    free(c->diffs);
    memset(c, 0, sizeof *c);
}

static bool baseline_has(const bf_fix_plan *p, const char *transport, int port, const char *address)
{
    size_t i;
    for (i = 0; i < p->baseline_count; i++)
        if (p->baseline[i].port == port && strcmp(p->baseline[i].transport, transport) == 0 &&
            (!address || bf_addr_equal(p->baseline[i].address, address)))
            return true;
    return false;
}

static bool baseline_port_probed(const bf_snapshot *now, const char *transport, int port)
{
    size_t i;
    for (i = 0; i < now->endpoint_count; i++)
        if (now->endpoints[i].port == port && strcmp(now->endpoints[i].transport, transport) == 0)
            return true;
    return false;
}

bool bf_undo_compare(const bf_fix_plan *p, const bf_snapshot *now, bf_undo_check *out)
{
    size_t i, j, cap = p->baseline_count, n = 0;
    bf_undo_check_free(out);
    out->done = true;
    out->compared = p->has_baseline;
    if (!p->has_baseline)
        return true;
    for (i = 0; i < now->endpoint_count; i++)
        cap += now->endpoints[i].probe_count;
    out->diffs = calloc(cap ? cap : 1, sizeof *out->diffs);
    if (!out->diffs)
        return false;
    out->results = p->baseline_count;
    for (i = 0; i < p->baseline_count; i++) {
        const bf_baseline_row *b = &p->baseline[i];
        const bf_probe *q = NULL;
        size_t k, m;
        if (!baseline_port_probed(now, b->transport, b->port)) {
            /* not a difference of the machine: this scan's catalogue has no such protocol */
            out->not_compared++;
            continue;
        }
        for (k = 0; k < now->endpoint_count && !q; k++)
            if (now->endpoints[k].port == b->port && strcmp(now->endpoints[k].transport, b->transport) == 0)
                for (m = 0; m < now->endpoints[k].probe_count && !q; m++)
                    if (bf_addr_equal(now->endpoints[k].probes[m].address, b->address))
                        q = &now->endpoints[k].probes[m];
        if (q && q->result == b->bind && q->greeting == b->greeting)
            continue;
        out->diffs[n].protocol = b->protocol;
        out->diffs[n].transport = b->transport;
        out->diffs[n].address = b->address;
        out->diffs[n].port = b->port;
        out->diffs[n].in_before = true;
        out->diffs[n].bind_before = b->bind;
        out->diffs[n].greeting_before = b->greeting;
        out->diffs[n].in_now = q != NULL;
        out->diffs[n].bind_now = q ? q->result : BF_PROBE_NOT_RUN;
        out->diffs[n].greeting_now = q ? q->greeting : BF_GREET_NOT_TRIED;
        n++;
    }
    /* an address probed now on a port the baseline has, that was not probed before (the resolver
     * returns it now, not then) */
    for (i = 0; i < now->endpoint_count; i++) {
        const bf_endpoint *e = &now->endpoints[i];
        if (!baseline_has(p, e->transport, e->port, NULL))
            continue;
        for (j = 0; j < e->probe_count; j++) {
            if (baseline_has(p, e->transport, e->port, e->probes[j].address))
                continue;
            out->diffs[n].protocol = e->protocol;
            out->diffs[n].transport = e->transport;
            out->diffs[n].address = e->probes[j].address;
            out->diffs[n].port = e->port;
            out->diffs[n].in_now = true;
            out->diffs[n].bind_before = BF_PROBE_NOT_RUN;
            out->diffs[n].greeting_before = BF_GREET_NOT_TRIED;
            out->diffs[n].bind_now = e->probes[j].result;
            out->diffs[n].greeting_now = e->probes[j].greeting;
            n++;
        }
    }
    out->diff_count = n;
    out->results = p->baseline_count - out->not_compared;
    return true;
}

static const char *greeting_words(bf_greeting g)
{
    switch (g) {
    case BF_GREET_ANSWERED: return "answers";
    case BF_GREET_WRONG: return "something else answers";
    case BF_GREET_SILENT: return "connects, nothing answers";
    case BF_GREET_REFUSED: return "connection refused";
    case BF_GREET_CONNECT_TIMEOUT: return "connect timed out";
    default: return "not listening";
    }
}

void bf_undo_diff_line(const bf_undo_diff *d, bf_buf *o)
{
    bf_buf_printf(o, "%s %s/%d %s: before: ", d->protocol, d->transport, d->port, d->address);
    if (d->in_before)
        bf_buf_printf(o, "bind %s, %s", bf_probe_result_label(d->bind_before), greeting_words(d->greeting_before));
    else
        bf_buf_puts(o, "not probed (the resolver did not return it)");
    bf_buf_puts(o, "; now: ");
    if (d->in_now)
        bf_buf_printf(o, "bind %s, %s", bf_probe_result_label(d->bind_now), greeting_words(d->greeting_now));
    else
        bf_buf_puts(o, "not probed (the resolver no longer returns it)");
}

void bf_undo_check_write(const bf_undo_check *c, bf_buf *o)
{
    size_t i;
    if (!c->compared) {
        bf_buf_puts(o, "  cannot compare: the journal holds no scan from before the repair (written by an older bindfix)\n");
        return;
    }
    if (c->not_compared)
        bf_buf_printf(o, "  %zu result(s) of the scan before the repair not compared: this scan did not probe their "
                         "ports (another protocol catalogue: give undo the repair's --catalogue)\n", c->not_compared);
    if (c->diff_count == 0) {
        bf_buf_printf(o, "  as before (%zu bind and greeting results, each the same as before the repair)\n", c->results);
        return;
    }
    bf_buf_printf(o, "  not as before: %zu of the results differ from the scan before the repair:\n", c->diff_count);
    for (i = 0; i < c->diff_count; i++) {
        bf_buf_puts(o, "    ");
        bf_undo_diff_line(&c->diffs[i], o);
        bf_buf_putc(o, '\n');
    }
}

bool bf_session_check_undo(bf_repair_session *s, const bf_system *sys, bf_err *err)
{
    bf_err_clear(err);
    bf_undo_check_free(&s->undo_check);
    if (!s->plan)
        return bf_fail(err, "nothing was undone in this session");
    dns_reregister(s, sys);
    if (!s->plan->has_baseline && !s->dns_checked) {   /* nothing to compare with: no scan needed */
        s->undo_check.done = true;
        return true;
    }
    bf_snapshot_destroy(s->after);
    s->after = NULL;
    if (!collect(s, sys, &s->after, err))
        return false;
    if (!s->plan->has_baseline) {
        s->undo_check.done = true;
        return true;
    }
    if (!bf_undo_compare(s->plan, s->after, &s->undo_check))
        return bf_fail(err, "out of memory");
    return true;
}
