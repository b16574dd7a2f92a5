/* test_drift.c - compare before every write (issue 24): a second writer changes what a step touches
 * between the preview and the step, or between apply and undo, at every step of a plan that has every
 * kind of step (the binding order as a registry value and through INetCfg, the hosts backup and the
 * hosts file, a metric, SkipAsSource, services stopped and started in waves). Nothing of theirs may be
 * lost: the step stops before changing it, or the hosts file is put back line by line. The sweeps print
 * their counts ("sweep: ...": make reliability checks them); the names start with fix_ so that the
 * reliability run includes them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "fake_system.h"
#include "fix.h"
#include "mem_machine.h"
#include "repair_session.h"
#include "snapshot_json.h"
#include "testlib.h"

#define DR_LINKAGE MEM_KB_LINKAGE
#define DR_LAN MEM_KB_LAN
#define DR_DUN MEM_KB_DUN
#define DR_HOSTS MEM_KB_HOSTS
#define DR_BACKUP DR_HOSTS ".bindfix-2026-01-01T000000Z.bak"
#define DR_JOURNAL "C:\\ProgramData\\bindfix\\journal-drift.json"
#define DR_ADDR "198.51.100.7"

static const char dr_hosts[] = MEM_KB_HOSTS_TEXT;

/* The KB machine (NdisWan first, the stale hosts line, Exchange 5.5 running), the dial-up adapter on an
 * automatic metric and its address not yet SkipAsSource. */
static void dr_machine(mem_machine *mm, bool netcfg)
{
    bf_err e;
    mem_kb_machine(mm, netcfg);
    mem_set_skip(mm, DR_ADDR, false);
    mm->m.metric_set(mm->m.ctx, DR_DUN, 0, &e);
    mm->changing_calls = 0;
    bf_buf_reset(&mm->log);
}

typedef struct dr_chosen {
    bf_action a[5];
    const bf_action *list[5];
} dr_chosen;

static void dr_actions(dr_chosen *c)
{
    size_t i;
    memset(c, 0, sizeof *c);
    c->a[0].kind = BF_ACTION_REORDER_BINDINGS;
    c->a[0].title = "Move E100B1 before NdisWan4";
    c->a[0].params.order = DR_LAN "," DR_DUN;
    c->a[1].kind = BF_ACTION_HOSTS_COMMENT;
    c->a[1].title = "Comment out line 3 of the hosts file";
    c->a[1].params.line = 3;
    c->a[1].params.text = "198.51.100.7 EXCHSRV01 # stale";
    c->a[2].kind = BF_ACTION_SET_METRIC;
    c->a[2].title = "Raise the metric of NdisWan4 to 110";
    c->a[2].params.adapter = DR_DUN;
    c->a[2].params.metric = 110;
    c->a[3].kind = BF_ACTION_SKIP_AS_SOURCE;
    c->a[3].title = "Mark 198.51.100.7 SkipAsSource";
    c->a[3].params.address = DR_ADDR;
    c->a[4].kind = BF_ACTION_RESTART_SERVICES;
    c->a[4].title = "Restart MSExchangeDS";
    c->a[4].params.services = "MSExchangeDS";
    for (i = 0; i < 5; i++)
        c->list[i] = &c->a[i];
}

typedef struct dr_run {
    mem_machine mm;
    dr_chosen c;
    bf_snapshot *s;
    bf_fix_plan *p;
} dr_run;

static bool dr_begin(dr_run *r, bool netcfg)
{
    bf_err err;
    bf_buf notes;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix-2026-01-01T000000Z.bak"};
    dr_machine(&r->mm, netcfg);
    dr_actions(&r->c);
    r->s = bf_demo_snapshot(&err);
    if (!r->s)
        return false;
    r->s->hosts.path = DR_HOSTS;
    bf_buf_init(&notes);
    r->p = bf_fix_plan_build(r->s, r->c.list, 5, &r->mm.m, &o, &notes, &err);
    if (!r->p)
        printf("  plan: %s\n", err.msg);
    bf_buf_free(&notes);
    return r->p != NULL;
}

static void dr_end(dr_run *r)
{
    bf_fix_plan_destroy(r->p);
    bf_snapshot_destroy(r->s);
    mem_free(&r->mm);
}

/* The second writer: changes what step s touches to something neither its before nor its after
 * (services: the state the step would bring about). `edit_line`: for the hosts file, edit the line
 * bindfix commented instead of adding one. */
static void dr_intrude(mem_machine *mm, const bf_fix_step *s, bool edit_line)
{
    unsigned char b[512];
    size_t n;
    bf_err e;
    switch (s->kind) {
    case BF_STEP_REG_SET:
        mem_multi_sz(b, &n, "\\Device\\{00000000-0000-0000-0000-00000000C0DE}", "\\Device\\" DR_LAN);
        mem_set_reg(mm, s->key, s->value, 7, b, n);
        break;
    case BF_STEP_BINDORDER_SET:
        mem_multi_sz(b, &n, "\\Device\\" DR_LAN, "\\Device\\{00000000-0000-0000-0000-00000000C0DE}");
        mem_set_netcfg(mm, b, n);
        break;
    case BF_STEP_FILE_WRITE:
        mem_set_file(mm, s->target, "someone else's file\r\n", 21);
        break;
    case BF_STEP_FILE_REPLACE: {
        const mem_item *h = mem_find_file(mm, s->target);
        char *t = malloc(h->v.len + 64);
        size_t len = h->v.len;
        memcpy(t, h->v.data, len);
        if (edit_line) {    /* "# 198.51.100.7 EXCHSRV01 # stale" -> "# 198.51.100.8 EXCHSRV01 # stale" */
            char *hit = strstr(t, "198.51.100.7 EXCHSRV01");
            if (hit)
                hit[11] = '8';
        } else {
            memcpy(t + len, "192.0.2.99 newapp\r\n", 19);
            len += 19;
        }
        mem_set_file(mm, s->target, t, len);
        free(t);
        break;
    }
    case BF_STEP_METRIC_SET:
        mm->m.metric_set(mm->m.ctx, s->target, 50, &e);
        break;
    case BF_STEP_SKIP_SET: {
        int after = 0;
        memcpy(&after, s->after.data, 4);
        mem_set_skip(mm, s->target, after != 0);   /* between preview and apply: already on */
        break;
    }
    case BF_STEP_SERVICE_STOP:
        mem_set_service(mm, s->target, BF_SVC_STOPPED);
        break;
    case BF_STEP_SERVICE_START:
        mem_set_service(mm, s->target, BF_SVC_RUNNING);
        break;
    default:
        break;
    }
}

/* The first step of the group step j belongs to (a wave of services runs together: before_step is
 * called for its first step only). */
static size_t dr_group_start(const bf_fix_plan *p, size_t j)
{
    while (j > 0 && p->steps[j].wave > 0 && p->steps[j - 1].kind == p->steps[j].kind &&
           p->steps[j - 1].wave == p->steps[j].wave)
        j--;
    return j;
}

typedef struct dr_hook {
    mem_machine *mm;
    size_t at, target;
    bool done;
} dr_hook;

/* right before the group of the step whose target the second writer changes */
static bool dr_before_step(void *cb, const bf_fix_plan *p, size_t i)
{
    dr_hook *h = cb;
    if (i == h->at && !h->done) {
        dr_intrude(h->mm, &p->steps[h->target], false);
        h->done = true;
    }
    return true;
}

/* A machine with the second writer's change and nothing else: what must be there after the stopped
 * apply has been undone. */
static char *dr_expected(bool netcfg, size_t j)
{
    dr_run r;
    char *d = NULL;
    if (dr_begin(&r, netcfg)) {
        dr_intrude(&r.mm, &r.p->steps[j], false);
        d = mem_dump(&r.mm, "bindfix");
    }
    dr_end(&r);
    return d;
}

/* Between the preview and each step in turn, a second writer changes that step's target: the apply
 * stops right there (BF_FIX_DRIFT, nothing of the step made, the message naming the target), the steps
 * before it stay done; undo then puts those back, and the machine is as before plus the second
 * writer's change, exactly. */
static void preview_sweep_(int at, bool netcfg)
{
    size_t j, steps = 0;
    int points = 0, unchanged = 0;
    dr_run r0;
    REQUIRE_AT(at, dr_begin(&r0, netcfg));
    steps = r0.p->step_count;
    dr_end(&r0);
    for (j = 0; j < steps; j++) {
        dr_run r;
        dr_hook h;
        bf_err err;
        bf_fix_opts o = {.service_timeout_ms = 1000, .before_step = dr_before_step};
        char *want, *now;
        bool ok;
        REQUIRE_AT(at, dr_begin(&r, netcfg));
        memset(&h, 0, sizeof h);
        h.mm = &r.mm;
        h.target = j;
        h.at = dr_group_start(r.p, j);
        o.cb = &h;
        ok = bf_fix_apply(r.p, &r.mm.m, DR_JOURNAL, &o, &err);
        points++;
        CHECK_AT(at, !ok);
        CHECK_INT_AT(at, err.code, BF_FIX_DRIFT);
        CHECK_AT(at, strstr(err.msg, r.p->steps[j].target) != NULL);
        CHECK_AT(at, strstr(err.msg, "Nothing more was changed") != NULL);
        CHECK_STR_AT(at, bf_plan_state_token(r.p->state), "stopped");
        CHECK_STR_AT(at, bf_step_status_token(r.p->steps[j].status), "pending");
        CHECK_AT(at, j == 0 || r.p->steps[h.at - (h.at ? 1 : 0)].status == BF_STEP_DONE || h.at == 0);
        if (!bf_fix_undo(r.p, &r.mm.m, DR_JOURNAL, NULL, &err))
            printf("  %s:%d: step %zu: undo after the stop: %s\n", __FILE__, at, j + 1, err.msg);
        want = dr_expected(netcfg, j);
        now = mem_dump(&r.mm, "bindfix");
        if (want && strcmp(want, now) == 0)
            unchanged++;
        else
            printf("  %s:%d: step %zu (%s): the machine is not as before plus the second writer's change\n%s\n---\n%s\n",
                   __FILE__, at, j + 1, r.p->steps[j].title, want ? want : "(none)", now);
        if (r.p->steps[j].kind == BF_STEP_FILE_WRITE) {  /* their file, not bindfix's backup */
            const mem_item *b = mem_find_file(&r.mm, DR_BACKUP);
            CHECK_AT(at, b && b->v.len == 21 && memcmp(b->v.data, "someone else's file\r\n", 21) == 0);
        }
        free(want);
        free(now);
        dr_end(&r);
    }
    printf("  sweep: a second writer changing the target of each step between the preview and the step (%zu steps%s): "
           "%d points, unchanged exactly at %d\n", steps, netcfg ? ", binding order through INetCfg" : "", points, unchanged);
    CHECK_INT_AT(at, points, 14);   /* reorder, backup, hosts, metric, InterfaceMetric, SkipAsSource, 4 stops, 4 starts */
    CHECK_INT_AT(at, unchanged, points);
}
#define preview_sweep(...) preview_sweep_(__LINE__, __VA_ARGS__)

BF_TEST(fix_drift_between_preview_and_each_step_stops_there)
{
    preview_sweep(false);
}

BF_TEST(fix_drift_between_preview_and_each_step_stops_there_with_inetcfg)
{
    preview_sweep(true);
}

/* What the second writer left in the target of step s (read from the machine), as text. */
static char *dr_target_dump(mem_machine *mm, const bf_fix_step *s)
{
    bf_buf b;
    bf_regval v = {0};
    bf_err e;
    int x = 0;
    bool k = false, ex = false;
    char *d = NULL;
    size_t n = 0;
    bf_buf_init(&b);
    switch (s->kind) {
    case BF_STEP_REG_SET:
        mm->m.reg_read(mm->m.ctx, s->key, s->value, &v, &e);
        break;
    case BF_STEP_BINDORDER_SET:
        mm->m.bindorder_get(mm->m.ctx, &v, &e);
        break;
    case BF_STEP_FILE_REPLACE:
    case BF_STEP_FILE_WRITE:
        mm->m.file_read(mm->m.ctx, s->target, &ex, &d, &n, &e);
        bf_buf_append(&b, d, n);
        free(d);
        break;
    case BF_STEP_METRIC_SET:
        mm->m.metric_get(mm->m.ctx, s->target, &x, &e);
        bf_buf_printf(&b, "metric %d", x);
        break;
    case BF_STEP_SKIP_SET:
        mm->m.skip_get(mm->m.ctx, s->target, &k, &e);
        bf_buf_printf(&b, "skip %d", k);
        break;
    default:
        break;
    }
    if (v.exists)
        bf_buf_append(&b, (const char *)v.data, v.len);
    bf_regval_free(&v);
    bf_buf_putc(&b, 0);
    return b.data;
}

/* Between apply and undo, a second writer changes the target of each configuration step in turn. A
 * value (registry, INetCfg order, metric): undo stops at that step, names it, and leaves
 * their value; only a forced undo then writes the old value over it (and the machine is as before).
 * The hosts file with a line added: undo puts bindfix's line back and keeps theirs. The hosts backup:
 * undo never touches it. SkipAsSource turned off again: as before, undo writes nothing. */
static void undo_sweep_(int at, bool netcfg)
{
    size_t j, steps = 0;
    int points = 0, kept = 0;
    dr_run r0;
    REQUIRE_AT(at, dr_begin(&r0, netcfg));
    steps = r0.p->step_count;
    dr_end(&r0);
    for (j = 0; j < steps; j++) {
        dr_run r;
        bf_err err;
        bf_fix_plan *back;
        const mem_item *ji;
        char *theirs, *after_undo, *before;
        bool ok, value;
        bf_step_kind kind;
        REQUIRE_AT(at, dr_begin(&r, netcfg));
        kind = r.p->steps[j].kind;
        if (kind == BF_STEP_SERVICE_STOP || kind == BF_STEP_SERVICE_START) {
            dr_end(&r);
            continue;   /* services: undo brings them to the state before the repair (not a value) */
        }
        /* SkipAsSource has two values: turned off again it holds what undo would write (nothing to do) */
        value = kind != BF_STEP_FILE_REPLACE && kind != BF_STEP_FILE_WRITE && kind != BF_STEP_SKIP_SET;
        before = mem_dump(&r.mm, "bindfix");
        REQUIRE_AT(at, bf_fix_apply(r.p, &r.mm.m, DR_JOURNAL, NULL, &err));
        dr_intrude(&r.mm, &r.p->steps[j], false);
        if (kind == BF_STEP_SKIP_SET)   /* after the repair the flag is on: they turn it off again */
            mem_set_skip(&r.mm, DR_ADDR, false);
        theirs = dr_target_dump(&r.mm, &r.p->steps[j]);
        ji = mem_find_file(&r.mm, DR_JOURNAL);
        back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, DR_JOURNAL, &err);
        REQUIRE_AT(at, back);
        CHECK_AT(at, back->steps[j].has_found);     /* the journal kept what apply found */
        ok = bf_fix_undo(back, &r.mm.m, DR_JOURNAL, NULL, &err);
        points++;
        after_undo = dr_target_dump(&r.mm, &r.p->steps[j]);
        if (value) {
            bf_fix_opts force = {.service_timeout_ms = 1000, .force = true};
            size_t k;
            bool untouched = true;
            CHECK_AT(at, !ok);
            CHECK_INT_AT(at, err.code, BF_FIX_DRIFT);
            CHECK_AT(at, strstr(err.msg, r.p->steps[j].target) != NULL && strstr(err.msg, "found") != NULL);
            /* nothing was changed: every step is still done, the newer ones too */
            CHECK_AT(at, strstr(err.msg, "undo stopped before changing anything") != NULL);
            for (k = 0; k < back->step_count; k++)
                untouched = untouched && back->steps[k].status == BF_STEP_DONE;
            CHECK_AT(at, untouched);
            if (ok || strcmp(theirs, after_undo) != 0 || !untouched)
                printf("  %s:%d: step %zu (%s): the second writer's value was not kept\n", __FILE__, at, j + 1,
                       r.p->steps[j].title);
            else
                kept++;
            /* the administrator's explicit choice: --force puts back the value from before the repair */
            CHECK_AT(at, bf_fix_undo(back, &r.mm.m, DR_JOURNAL, &force, &err));
            {
                char *now = mem_dump(&r.mm, "bindfix");
                CHECK_STR_AT(at, now, before);
                free(now);
            }
        } else if (kind == BF_STEP_FILE_REPLACE) {
            static const char want[] = "# hosts\r\n127.0.0.1 localhost\r\n198.51.100.7 EXCHSRV01 # stale\r\n"
                                       "192.0.2.10 mail\r\n192.0.2.99 newapp\r\n";
            CHECK_AT(at, ok);
            CHECK_AT(at, back->steps[j].kept_edits);
            if (ok && strcmp(after_undo, want) == 0)
                kept++;
            else
                printf("  %s:%d: hosts after undo:\n%s\n", __FILE__, at, after_undo);
        } else if (kind == BF_STEP_SKIP_SET) {  /* off again, as before the repair: nothing written */
            CHECK_AT(at, ok);
            const char *first = strstr(bf_buf_cstr(&r.mm.log), "skip " DR_ADDR "\n");
            bool written_once = first && !strstr(first + 1, "skip " DR_ADDR "\n");    /* by apply only */
            CHECK_AT(at, written_once);
            if (ok && strcmp(after_undo, theirs) == 0 && written_once)
                kept++;
        } else {    /* the backup: theirs now, untouched */
            CHECK_AT(at, ok);
            if (ok && strcmp(after_undo, theirs) == 0)
                kept++;
        }
        free(theirs);
        free(after_undo);
        free(before);
        bf_fix_plan_destroy(back);
        dr_end(&r);
    }
    printf("  sweep: a second writer changing the target of each configuration step between apply and undo%s: "
           "%d points, kept exactly at %d\n", netcfg ? " (binding order through INetCfg)" : "", points, kept);
    CHECK_INT_AT(at, points, 6);    /* reorder, backup, hosts, metric, InterfaceMetric, SkipAsSource */
    CHECK_INT_AT(at, kept, points);
}
#define undo_sweep(...) undo_sweep_(__LINE__, __VA_ARGS__)

BF_TEST(fix_drift_between_apply_and_undo_keeps_the_other_writer)
{
    undo_sweep(false);
}

BF_TEST(fix_drift_between_apply_and_undo_keeps_the_other_writer_with_inetcfg)
{
    undo_sweep(true);
}

/* The hosts line bindfix commented was itself edited after the repair: undo stops, shows the line, and
 * leaves the file (and everything else) as it is; --force then puts the file back as before. */
BF_TEST(fix_drift_hosts_line_edited_since_the_repair_stops_undo)
{
    dr_run r;
    bf_err err;
    size_t j, hosts = 0;
    const mem_item *h;
    char *edited;
    size_t len;
    bf_fix_opts force = {.service_timeout_ms = 1000, .force = true};
    REQUIRE(dr_begin(&r, false));
    REQUIRE(bf_fix_apply(r.p, &r.mm.m, DR_JOURNAL, NULL, &err));
    for (j = 0; j < r.p->step_count; j++)
        if (r.p->steps[j].kind == BF_STEP_FILE_REPLACE)
            hosts = j;
    dr_intrude(&r.mm, &r.p->steps[hosts], true);
    h = mem_find_file(&r.mm, DR_HOSTS);
    len = h->v.len;
    edited = malloc(len);
    memcpy(edited, h->v.data, len);
    CHECK(!bf_fix_undo(r.p, &r.mm.m, DR_JOURNAL, NULL, &err));
    CHECK_INT(err.code, BF_FIX_DRIFT);
    CHECK(strstr(err.msg, "line 3, which bindfix commented out, no longer reads as bindfix left it") != NULL);
    CHECK(strstr(err.msg, "\"# 198.51.100.7 EXCHSRV01 # stale\"") != NULL);
    h = mem_find_file(&r.mm, DR_HOSTS);
    CHECK(h->v.len == len && memcmp(h->v.data, edited, len) == 0);
    /* compared before anything was put back: nothing was, not even the newer steps */
    for (j = 0; j < r.p->step_count; j++)
        CHECK_STR(bf_step_status_token(r.p->steps[j].status), "done");
    CHECK_STR(bf_plan_state_token(r.p->state), "applied");
    CHECK(strstr(r.p->steps[hosts].error, "undo stopped: ") == r.p->steps[hosts].error);
    CHECK(bf_fix_undo(r.p, &r.mm.m, DR_JOURNAL, &force, &err));
    h = mem_find_file(&r.mm, DR_HOSTS);
    CHECK(h->v.len == sizeof dr_hosts - 1 && memcmp(h->v.data, dr_hosts, h->v.len) == 0);
    free(edited);
    dr_end(&r);
}

/* The line-level revert itself: bindfix's lines found by their text wherever later edits moved them,
 * every other byte kept (BOM, CRLF and LF, a last line without its end); a line that appears more often
 * now than bindfix left it, or a change bindfix does not make, refused. */
BF_TEST(fix_hosts_revert_lines_keeps_every_other_byte)
{
    static const char before[] = "\xef\xbb\xbf" "10.0.0.1 a\r\n198.51.100.7 X\n# c\r\n198.51.100.7 X2";
    static const char after[] = "\xef\xbb\xbf" "# 10.0.0.1 a\r\n# 198.51.100.7 X\n# c\r\n198.51.100.7 X2";
    static const char now[] = "\xef\xbb\xbf" "# 10.0.0.1 a\r\nnew line\r\n\r\n# 198.51.100.7 X\n# c\r\n198.51.100.7 X2\r\nend";
    static const char want[] = "\xef\xbb\xbf" "10.0.0.1 a\r\nnew line\r\n\r\n198.51.100.7 X\n# c\r\n198.51.100.7 X2\r\nend";
    static const char twice[] = "\xef\xbb\xbf" "# 10.0.0.1 a\r\n# 10.0.0.1 a\r\n# 198.51.100.7 X\n# c\r\n198.51.100.7 X2";
    static const char other[] = "\xef\xbb\xbf" "#10.0.0.1 a\r\n# 198.51.100.7 X\n# c\r\n198.51.100.7 X2";
    bf_buf out, why;
    bool kept = false;
    bf_buf_init(&out);
    bf_buf_init(&why);
    CHECK(bf_hosts_revert_lines(before, sizeof before - 1, after, sizeof after - 1, now, sizeof now - 1, &out, &why, &kept));
    CHECK(kept);
    CHECK(out.len == sizeof want - 1 && memcmp(out.data, want, out.len) == 0);
    /* unchanged since: exactly the file before */
    bf_buf_reset(&out);
    CHECK(bf_hosts_revert_lines(before, sizeof before - 1, after, sizeof after - 1, after, sizeof after - 1, &out, &why, &kept));
    CHECK(!kept);
    CHECK(out.len == sizeof before - 1 && memcmp(out.data, before, out.len) == 0);
    /* a second "# 10.0.0.1 a": which is bindfix's cannot be told */
    bf_buf_reset(&out);
    CHECK(!bf_hosts_revert_lines(before, sizeof before - 1, after, sizeof after - 1, twice, sizeof twice - 1, &out, &why, &kept));
    CHECK(strstr(bf_buf_cstr(&why), "2 lines of the file read so now (1 when bindfix left it)") != NULL);
    /* a change bindfix never makes ("#" without the space) */
    bf_buf_reset(&out);
    bf_buf_reset(&why);
    CHECK(!bf_hosts_revert_lines(before, sizeof before - 1, other, sizeof other - 1, other, sizeof other - 1, &out, &why, &kept));
    CHECK(strstr(bf_buf_cstr(&why), "not one bindfix makes") != NULL);
    bf_buf_free(&out);
    bf_buf_free(&why);
}

/* The journal keeps what apply found beside before and after; a journal written before "found" existed
 * still reads, and undo still compares with its after. */
BF_TEST(fix_journal_found_is_written_and_old_journals_still_read)
{
    dr_run r;
    bf_err err;
    const mem_item *ji;
    bf_fix_plan *back;
    char *old, *hit;
    size_t k;
    REQUIRE(dr_begin(&r, false));
    REQUIRE(bf_fix_apply(r.p, &r.mm.m, DR_JOURNAL, NULL, &err));
    ji = mem_find_file(&r.mm, DR_JOURNAL);
    REQUIRE(ji);
    CHECK(strstr((const char *)ji->v.data, "\"found\": {\"exists\": true, \"type\": 4, \"hex\": \"00000000\"}") != NULL);
    /* the same journal without its "found" members: a journal of the previous format */
    old = malloc(ji->v.len + 1);
    memcpy(old, ji->v.data, ji->v.len);
    old[ji->v.len] = 0;
    while ((hit = strstr(old, "\n      \"found\": ")) != NULL) {
        char *end = strstr(hit, "},");
        memmove(hit, end + 2, strlen(end + 2) + 1);
    }
    CHECK(strstr(old, "found") == NULL);
    back = bf_fix_journal_read(old, strlen(old), DR_JOURNAL, &err);
    if (!back)
        printf("  %s\n", err.msg);
    REQUIRE(back);
    for (k = 0; k < back->step_count; k++)
        CHECK(!back->steps[k].has_found);
    CHECK(bf_fix_undo(back, &r.mm.m, DR_JOURNAL, NULL, &err));
    {
        const mem_item *h = mem_find_file(&r.mm, DR_HOSTS);
        CHECK(h->v.len == sizeof dr_hosts - 1 && memcmp(h->v.data, dr_hosts, h->v.len) == 0);
    }
    free(old);
    bf_fix_plan_destroy(back);
    dr_end(&r);
}

/* ---- a preview gone stale (bf_session_refresh), as the console, the wizard and the CLI check it */

static bf_repair_session *dr_session(dr_run *r, bf_fake_system *f)
{
    bf_repair_session *s = bf_session_create();
    size_t i;
    bf_err err;
    dr_machine(&r->mm, false);
    dr_actions(&r->c);
    bf_fake_init(f);
    f->sys.machine = &r->mm.m;
    f->sys.journal_dir = "C:\\ProgramData\\bindfix";
    s->source = BF_SOURCE_LIVE;
    s->before = bf_demo_snapshot(&err);
    s->before->hosts.path = DR_HOSTS;
    s->diagnosis = NULL;
    for (i = 0; i < 5; i++) {
        s->actions[i] = &r->c.a[i];
        s->chosen[i] = true;
    }
    s->action_count = 5;
    return s;
}

static bool dr_holds(const bf_regval *v, const char *text)
{
    size_t i, n = strlen(text);
    for (i = 0; i + n <= v->len; i++)
        if (memcmp(v->data + i, text, n) == 0)
            return true;
    return false;
}

BF_TEST(fix_stale_preview_is_made_again_and_says_what_changed)
{
    dr_run r;
    bf_fake_system f;
    bf_repair_session *s;
    bf_buf changed;
    bool stale = true;
    bf_err err;
    size_t k;
    memset(&r, 0, sizeof r);
    s = dr_session(&r, &f);
    /* bf_session_plan wants a diagnosis: a plan is made the same way here */
    {
        bf_diagnosis dummy;
        memset(&dummy, 0, sizeof dummy);
        s->diagnosis = &dummy;
        REQUIRE(bf_session_plan(s, &f.sys, &err));
        s->diagnosis = NULL;
    }
    bf_buf_init(&changed);
    /* nothing changed: not stale, the same plan */
    CHECK(bf_session_refresh(s, &f.sys, &changed, &stale, &err));
    CHECK(!stale);
    CHECK_INT(changed.len, 0);
    /* the administrator adds a hosts line after the preview */
    {
        static const char more[] = "# hosts\r\n127.0.0.1 localhost\r\n198.51.100.7 EXCHSRV01 # stale\r\n192.0.2.10 mail\r\n"
                                   "192.0.2.99 newapp\r\n";
        mem_set_file(&r.mm, DR_HOSTS, more, sizeof more - 1);
    }
    CHECK(bf_session_refresh(s, &f.sys, &changed, &stale, &err));
    CHECK(stale);
    CHECK(strstr(bf_buf_cstr(&changed), "line 5: expected (no such line); found \"192.0.2.99 newapp\"") != NULL);
    CHECK(strstr(bf_buf_cstr(&changed), "Comment out line 3") != NULL);
    /* the new plan is the one shown and applied: its before holds their line */
    for (k = 0; k < s->plan->step_count; k++)
        if (s->plan->steps[k].kind == BF_STEP_FILE_REPLACE)
            CHECK(dr_holds(&s->plan->steps[k].before, "newapp"));
    CHECK(strstr(bf_buf_cstr(&s->preview), "[file-replace]") != NULL);
    CHECK_INT(r.mm.changing_calls, 0);      /* nothing was applied */
    /* and now it is current */
    bf_buf_reset(&changed);
    CHECK(bf_session_refresh(s, &f.sys, &changed, &stale, &err));
    CHECK(!stale);
    /* a metric set by someone else */
    r.mm.m.metric_set(r.mm.m.ctx, DR_DUN, 50, &err);
    CHECK(bf_session_refresh(s, &f.sys, &changed, &stale, &err));
    CHECK(stale);
    CHECK(strstr(bf_buf_cstr(&changed), "expected 0, found 50") != NULL);
    bf_buf_free(&changed);
    bf_session_destroy(s);
    bf_fake_free(&f);
    mem_free(&r.mm);
}

/* ---- the repair lock as the CLI uses it (a stand-in lock: the real one is tested under Wine) */

/* the fake system first: the lock's ctx (the fake system's own) leads back to the stand-in's record */
typedef struct dr_locked_system {
    bf_fake_system f;
    bf_lock_result answer;
    int acquired, released, waited_ms;
} dr_locked_system;

static bf_lock_result dr_lock_acquire(void *ctx, const char *what, int wait_ms, const volatile long *cancel,
                                      void (*waiting)(void *wc, int waited_ms, const bf_lock_holder *h), void *wc,
                                      bf_lock_holder *holder, bf_err *err)
{
    dr_locked_system *l = ctx;
    (void)what, (void)cancel, (void)waiting, (void)wc, (void)err;
    memset(holder, 0, sizeof *holder);
    holder->pid = 4242;
    strcpy(holder->user, "EXCHSRV01\\Administrator");
    strcpy(holder->started, "2026-12-06T01:02:03Z");
    strcpy(holder->program, "bindfix.exe repair --apply");
    l->waited_ms = wait_ms;
    if (l->answer == BF_LOCK_TAKEN || l->answer == BF_LOCK_ABANDONED)
        l->acquired++;
    return l->answer;
}

static void dr_lock_release(void *ctx)
{
    dr_locked_system *l = ctx;
    l->released++;
}

BF_TEST(cli_repair_and_undo_name_the_lock_holder_and_exit_3)
{
    dr_locked_system l;
    mem_machine mm;
    char *argv[6] = {"bindfix-cli", "repair", "--wait", "7", NULL, NULL};
    int rc;
    bf_err err;
    bf_snapshot *snap = bf_demo_snapshot(&err);
    REQUIRE(snap);
    memset(&l, 0, sizeof l);
    bf_fake_init(&l.f);
    REQUIRE(l.f.sys.ctx == &l.f);
    dr_machine(&mm, false);
    l.f.sys.machine = &mm.m;
    l.f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    l.f.collect_source = snap;
    l.f.sys.lock_acquire = dr_lock_acquire;
    l.f.sys.lock_release = dr_lock_release;
        l.answer = BF_LOCK_BUSY;
    rc = bf_cli_main(4, argv, &l.f.sys);
    CHECK_INT(rc, 3);
    CHECK_INT(l.waited_ms, 7000);
    CHECK(strstr(bf_buf_cstr(&l.f.err), "another repair is running on this machine and holds the repair lock: process 4242 "
                                      "(bindfix.exe repair --apply), user EXCHSRV01\\Administrator, started "
                                      "2026-12-06T01:02:03Z") != NULL);
    CHECK_INT(l.f.collect_calls, 0);      /* nothing was scanned, planned or changed */
    CHECK_INT(mm.changing_calls, 0);
    CHECK_INT(l.released, 0);
    /* undo the same */
    bf_fake_reset_output(&l.f);
    argv[1] = "undo";
    argv[2] = "--journal";
    argv[3] = DR_JOURNAL;
    rc = bf_cli_main(4, argv, &l.f.sys);
    CHECK_INT(rc, 3);
    CHECK(strstr(bf_buf_cstr(&l.f.err), "give --wait SECONDS") != NULL);
    /* taken: held across the preview and released once at the end */
    bf_fake_reset_output(&l.f);
    l.answer = BF_LOCK_TAKEN;
    argv[1] = "repair";
    rc = bf_cli_main(2, argv, &l.f.sys);
    CHECK(rc == 0 || rc == 1);
    CHECK_INT(l.acquired, 1);
    CHECK_INT(l.released, 1);
    /* abandoned: said, then the interrupted-repair check goes on as before */
    bf_fake_reset_output(&l.f);
    l.answer = BF_LOCK_ABANDONED;
    rc = bf_cli_main(2, argv, &l.f.sys);
    CHECK(strstr(bf_buf_cstr(&l.f.err), "ended without releasing it (process 4242") != NULL);
    CHECK_INT(l.released, 2);
    /* --wait takes seconds, 0 to 86400 */
    bf_fake_reset_output(&l.f);
    argv[2] = "--wait";
    argv[3] = "-1";
    CHECK_INT(bf_cli_main(4, argv, &l.f.sys), 2);
    bf_fake_free(&l.f);
    bf_snapshot_destroy(snap);
    mem_free(&mm);
}

/* --force over a value changed since the preview: written, and the journal keeps what was found, so the
 * history and undo can say so afterwards; undo then puts back what was there right before the change
 * (the other writer's value), not the preview's. */
BF_TEST(fix_forced_apply_records_what_it_wrote_over)
{
    dr_run r;
    bf_err err;
    bf_fix_opts force = {.service_timeout_ms = 1000, .force = true};
    const mem_item *ji;
    bf_fix_plan *back;
    bf_buf drift;
    int metric = -1;
    REQUIRE(dr_begin(&r, false));
    r.mm.m.metric_set(r.mm.m.ctx, DR_DUN, 50, &err);   /* someone else, after the preview */
    CHECK(!bf_fix_apply(r.p, &r.mm.m, DR_JOURNAL, NULL, &err));
    CHECK_INT(err.code, BF_FIX_DRIFT);
    CHECK(strstr(err.msg, DR_DUN " was changed since the preview: expected 0, found 50") != NULL);
    CHECK(bf_fix_apply(r.p, &r.mm.m, DR_JOURNAL, &force, &err));    /* goes on where it stopped */
    CHECK(r.mm.m.metric_get(r.mm.m.ctx, DR_DUN, &metric, &err) && metric == 110);
    ji = mem_find_file(&r.mm, DR_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, DR_JOURNAL, &err);
    REQUIRE(back);
    bf_buf_init(&drift);
    bf_fix_plan_write_drift(back, &drift);
    CHECK(strstr(bf_buf_cstr(&drift), "(Raise the metric of NdisWan4 to 110): written over a value changed since the "
                                      "preview: expected 0, found 50") != NULL);
    CHECK(bf_fix_undo(back, &r.mm.m, DR_JOURNAL, NULL, &err));
    CHECK(r.mm.m.metric_get(r.mm.m.ctx, DR_DUN, &metric, &err) && metric == 50);
    bf_buf_free(&drift);
    bf_fix_plan_destroy(back);
    dr_end(&r);
}

/* The hosts-pinning scenario's machine: its hosts file has the stale line 22 the scenario names. */
static void dr_pinned_machine(mem_machine *mm, char *hosts, size_t cap)
{
    size_t n = 0;
    int i;
    mem_init(mm);
    for (i = 1; i < 22; i++)
        n += (size_t)snprintf(hosts + n, cap - n, "# line %d\r\n", i);
    n += (size_t)snprintf(hosts + n, cap - n, "203.0.113.50  SRV01 srv01.example.com  # old address\r\n");
    mem_set_file(mm, "C:\\Windows\\System32\\drivers\\etc\\hosts", hosts, n);
    mm->hosts = "C:\\Windows\\System32\\drivers\\etc\\hosts";
    mm->changing_calls = 0;
}

static bool dr_file_has(const mem_item *h, const char *text)
{
    size_t n = strlen(text), i;
    for (i = 0; i + n <= h->v.len; i++)
        if (memcmp(h->v.data + i, text, n) == 0)
            return true;
    return false;
}

/* Seen in make check under load: a repair in the same second as an earlier one (which undo had put
 * back, keeping its hosts backup) named that backup and the same journal, and apply refused, rightly,
 * to write over them. Each repair names files of its own, which its undo reads back. The clock of the
 * fake system stands still: every repair here is in the same second. */
BF_TEST(cli_repairs_in_the_same_second_name_their_own_backup_and_journal)
{
    bf_fake_system f;
    mem_machine mm;
    char hosts[2048];
    char *apply[3] = {"bindfix-cli", "repair", "--apply"}, *undo[4] = {"bindfix-cli", "undo", "--journal", NULL};
    char journal[512], journals[5][512];
    static const struct {
        const char *now, *taken, *journal;
    } carry[2] = {
        /* a stamp moved on across a day and a year: 2028 is a leap year, 2026 ends */
        {"2028-02-28T23:59:59Z", "C:\\Windows\\System32\\drivers\\etc\\hosts.bindfix-2028-02-28T235959Z.bak",
         "C:\\ProgramData\\bindfix\\journal-2028-02-29T000000Z.json"},
        {"2026-12-31T23:59:59Z", "C:\\ProgramData\\bindfix\\journal-2026-12-31T235959Z.json",
         "C:\\ProgramData\\bindfix\\journal-2027-01-01T000000Z.json"},
    };
    const mem_item *h;
    char *before;
    int round, rc;
    bf_snapshot *snap = bf_test_scenario("hosts-pinning-2003");
    REQUIRE(snap);
    bf_fake_init(&f);
    dr_pinned_machine(&mm, hosts, sizeof hosts);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    f.collect_source = snap;
    before = mem_dump(&mm, "bindfix");
    for (round = 0; round < 5; round++) {
        char *now;
        if (round >= 3) {   /* another clock, a file of an earlier repair in that second already there */
            f.now = carry[round - 3].now;
            mem_set_file(&mm, carry[round - 3].taken, "x", 1);
        }
        bf_fake_reset_output(&f);
        rc = bf_cli_main(3, apply, &f.sys);
        if (rc != 0 && rc != 1)
            printf("  round %d:\n%s\n%s\n", round, bf_buf_cstr(&f.out), bf_buf_cstr(&f.err));
        CHECK(rc == 0 || rc == 1);      /* the fake scan does not change: applied, not verified */
        h = mem_find_file(&mm, "C:\\Windows\\System32\\drivers\\etc\\hosts");
        REQUIRE(h);
        CHECK(dr_file_has(h, "\n# 203.0.113.50  SRV01"));
        /* the journal the pointer names, where undo reads it (the fake's files are not the machine's) */
        h = mem_find_file(&mm, "C:\\ProgramData\\bindfix\\last-journal.txt");
        REQUIRE(h && h->v.len < sizeof journal);
        memcpy(journal, h->v.data, h->v.len);
        journal[h->v.len] = 0;
        CHECK(round == 0 || strcmp(journal, journals[round - 1]) != 0);
        if (round >= 3)
            CHECK_STR(journal, carry[round - 3].journal);
        snprintf(journals[round], sizeof journals[round], "%s", journal);
        h = mem_find_file(&mm, journal);
        REQUIRE(h);
        REQUIRE(bf_fake_put_file(&f, journal, (const char *)h->v.data, h->v.len));
        undo[3] = journal;
        bf_fake_reset_output(&f);
        rc = bf_cli_main(4, undo, &f.sys);
        if (rc != 0)
            printf("  round %d, undo:\n%s\n%s\n", round, bf_buf_cstr(&f.out), bf_buf_cstr(&f.err));
        CHECK_INT(rc, 0);
        now = mem_dump(&mm, "bindfix");
        CHECK_STR(now, before);
        free(now);
    }
    /* three backups and three journals, each its own */
    CHECK(mem_find_file(&mm, "C:\\Windows\\System32\\drivers\\etc\\hosts.bindfix-2026-01-02T030405Z.bak") != NULL);
    CHECK(mem_find_file(&mm, "C:\\Windows\\System32\\drivers\\etc\\hosts.bindfix-2026-01-02T030406Z.bak") != NULL);
    CHECK(mem_find_file(&mm, "C:\\Windows\\System32\\drivers\\etc\\hosts.bindfix-2026-01-02T030407Z.bak") != NULL);
    CHECK(mem_find_file(&mm, "C:\\ProgramData\\bindfix\\journal-2026-01-02T030407Z.json") != NULL);
    free(before);
    bf_fake_free(&f);
    bf_snapshot_destroy(snap);
    mem_free(&mm);
}
