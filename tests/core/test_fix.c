/* test_fix.c - the repair engine against the in-memory machine (mem_machine.c): preview, apply, the
 * journal flushed before every change, rollback when any step fails, undo after apply and after a
 * simulated power loss at every point (losing what was not flushed), a second fault during the
 * rollback and during undo, a failing read while planning - each time the machine must come back byte
 * for byte. The numbers of points are pinned, so a sweep that covers fewer fails. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "fix.h"
#include "mem_machine.h"
#include "testlib.h"

#define LINKAGE MEM_KB_LINKAGE
#define LAN MEM_KB_LAN
#define DUN MEM_KB_DUN
#define HOSTS MEM_KB_HOSTS
#define JOURNAL "C:\\ProgramData\\bindfix\\journal.json"

static const char hosts_text[] = MEM_KB_HOSTS_TEXT;

static void kb_machine(mem_machine *mm)
{
    mem_kb_machine(mm, false);
}

typedef struct chosen {
    bf_action a[3];
    const bf_action *list[3];
} chosen;

static void kb_actions(chosen *c)
{
    memset(c, 0, sizeof *c);
    c->a[0].kind = BF_ACTION_REORDER_BINDINGS;
    c->a[0].title = "Move E100B1 before NdisWan4";
    c->a[0].params.order = LAN "," DUN;
    c->a[1].kind = BF_ACTION_HOSTS_COMMENT;
    c->a[1].title = "Comment out line 3 of the hosts file";
    c->a[1].params.line = 3;
    c->a[1].params.text = "198.51.100.7 EXCHSRV01 # stale";
    c->a[2].kind = BF_ACTION_RESTART_SERVICES;
    c->a[2].title = "Restart MSExchangeDS";
    c->a[2].params.services = "MSExchangeDS";
    c->list[0] = &c->a[0];
    c->list[1] = &c->a[1];
    c->list[2] = &c->a[2];
}

static bf_snapshot *kb_snapshot(void)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    if (s)
        s->hosts.path = HOSTS;
    return s;
}

static bf_fix_plan *plan_for(mem_machine *mm, const bf_snapshot *s, const chosen *c, bf_buf *notes)
{
    bf_err err;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix-2026-01-01T000000Z.bak"};
    bf_fix_plan *p = bf_fix_plan_build(s, c->list, 3, &mm->m, &o, notes, &err);
    if (!p)
        printf("  plan: %s\n", err.msg);
    return p;
}

BF_TEST(fix_plan_preview_and_apply_on_the_kb_machine)
{
    mem_machine mm;
    chosen c;
    bf_buf notes, preview;
    bf_snapshot *s = kb_snapshot();
    bf_fix_plan *p;
    bf_err err;
    const mem_item *h;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix-2026-01-01T000000Z.bak"};
    REQUIRE(s);
    kb_machine(&mm);
    kb_actions(&c);
    bf_buf_init(&notes);
    bf_buf_init(&preview);
    p = plan_for(&mm, s, &c, &notes);
    REQUIRE(p);
    /* reg-set, backup, hosts, stop IMC MTA IS DS (dependents first), start DS IS MTA IMC */
    CHECK_INT((int)p->step_count, 11);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "before: \n        1. \\Device\\" DUN) != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  \n        1. \\Device\\" LAN) != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  # 198.51.100.7 EXCHSRV01 # stale") != NULL);
    CHECK_INT(mm.changing_calls, 0);    /* planning changes nothing */
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, &o, &err));
    CHECK_STR(bf_plan_state_token(p->state), "applied");
    h = mem_find_file(&mm, HOSTS);
    REQUIRE(h);
    CHECK(h->v.len == sizeof hosts_text - 1 + 2);
    CHECK(memcmp(h->v.data, "# hosts\r\n127.0.0.1 localhost\r\n# 198.51.100.7 EXCHSRV01 # stale\r\n192.0.2.10 mail\r\n",
                 h->v.len) == 0);
    CHECK(mem_find_file(&mm, HOSTS ".bindfix-2026-01-01T000000Z.bak") != NULL);
    /* services: dependents stopped first, in waves (IMC; then IS and MTA together; then DS), started back
     * the other way */
    CHECK(strstr(bf_buf_cstr(&mm.log), "stop MSExchangeIMC\nfile " JOURNAL "\nfile " JOURNAL "\nstop MSExchangeIS\nstop MSExchangeMTA\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&mm.log), "start MSExchangeDS\nfile " JOURNAL "\nfile " JOURNAL "\nstart MSExchangeIS\nstart MSExchangeMTA\n") != NULL);
    {
        size_t k;
        int waves_ok = 1;
        for (k = 0; k < p->step_count; k++)
            if (p->steps[k].kind == BF_STEP_SERVICE_STOP && strcmp(p->steps[k].target, "MSExchangeMTA") == 0)
                waves_ok = p->steps[k].wave == 2 && p->steps[k - 1].wave == 2;
        CHECK(waves_ok);
    }
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    bf_buf_free(&notes);
    bf_buf_free(&preview);
    mem_free(&mm);
}

BF_TEST(fix_journal_is_written_before_every_change)
{
    mem_machine mm;
    chosen c;
    bf_buf notes;
    bf_snapshot *s = kb_snapshot();
    bf_fix_plan *p;
    bf_err err;
    const char *line;
    int changes = 0, ok_order = 1;
    bool journal_since_change = false;
    REQUIRE(s);
    kb_machine(&mm);
    kb_actions(&c);
    bf_buf_init(&notes);
    p = plan_for(&mm, s, &c, &notes);
    REQUIRE(p);
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, NULL, &err));
    /* every change is preceded by a journal write since the previous step (a wave of services that
     * stop or start together is journaled once, all "doing", before any of them is touched) */
    for (line = bf_buf_cstr(&mm.log); *line; line = strchr(line, '\n') + 1) {
        if (strncmp(line, "file " JOURNAL, strlen("file " JOURNAL)) == 0) {
            journal_since_change = true;
        } else {
            bool same_wave = (strncmp(line, "stop ", 5) == 0 || strncmp(line, "start ", 6) == 0) && changes > 0 &&
                             !journal_since_change;
            changes++;
            if (!journal_since_change && !same_wave)
                ok_order = 0;
            journal_since_change = false;
        }
    }
    CHECK_INT(changes, 11);
    CHECK(ok_order);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* One KB repair on a fresh machine: its plan, and the machine as it was before, dumped without
 * bindfix's own files (the journal and the hosts backup, both under a "bindfix" name). */
typedef struct kb_run {
    mem_machine mm;
    chosen c;
    bf_buf notes;
    bf_snapshot *s;
    bf_fix_plan *p;
    char *before;
} kb_run;

static bool kb_begin(kb_run *r, bool netcfg)
{
    mem_kb_machine(&r->mm, netcfg);
    kb_actions(&r->c);
    bf_buf_init(&r->notes);
    r->s = kb_snapshot();
    r->p = r->s ? plan_for(&r->mm, r->s, &r->c, &r->notes) : NULL;
    r->before = mem_dump(&r->mm, "bindfix");
    return r->p != NULL;
}

static void kb_end(kb_run *r)
{
    free(r->before);
    bf_fix_plan_destroy(r->p);
    bf_snapshot_destroy(r->s);
    bf_buf_free(&r->notes);
    mem_free(&r->mm);
}

/* The machine is byte for byte as before, and stays so through a power loss: nothing bindfix wrote on
 * the way back (the journal included) was left unflushed. at: the test's line, which the sweeps calling
 * this pass on (a difference is named there). */
static bool kb_as_before_(int at, kb_run *r, const char *what, int point)
{
    char *now = mem_dump(&r->mm, "bindfix");
    bool same = strcmp(now, r->before) == 0;
    int lost = mem_power_cut(&r->mm, MEM_LOSS_EMPTY);
    free(now);
    if (!what)
        ;   /* quiet: the caller expects differences */
    else if (!same)
        printf("  %s:%d: %s %d: the machine differs from before\n", __FILE__, at, what, point);
    if (lost && what)
        printf("  %s:%d: %s %d: %d item(s) written without flushing changed at a power loss\n", __FILE__, at, what,
               point, lost);
    return same && !lost;
}

/* The journal on the machine's "disk", read as bindfix-cli undo reads it; NULL when there is none (or
 * it does not read: the error is printed unless quiet). */
static bf_fix_plan *disk_journal(const mem_machine *mm, bool quiet)
{
    const mem_item *j = mem_find_file(mm, JOURNAL);
    bf_err err;
    bf_fix_plan *back;
    if (!j)
        return NULL;
    back = bf_fix_journal_read((const char *)j->v.data, j->v.len, JOURNAL, &err);
    if (!back && !quiet)
        printf("  the journal on disk does not read: %s\n", err.msg);
    return back;
}

/* The machine's changing calls in a clean apply, counted from the plan (not from a run): the first
 * journal write; for each group - a step alone, or a wave of services stopped or started together -
 * a journal write before it ("doing"), its changes, one after ("done"); the last ("applied"). */
static int apply_calls_of(const bf_fix_plan *p)
{
    int n = 2;
    size_t i = 0, end;
    while (i < p->step_count) {
        for (end = i + 1; p->steps[i].wave > 0 && end < p->step_count && p->steps[end].kind == p->steps[i].kind &&
                          p->steps[end].wave == p->steps[i].wave;
             end++)
            ;
        n += 2 + (int)(end - i);
        i = end;
    }
    return n;
}

/* The machine's operations in an undo of a whole applied plan, counted from the plan: first a read of
 * every configuration value or file to compare with what the repair left (not the hosts backup); then
 * per step a journal write and its undo (a read of the target again, right before the write; nothing
 * for the hosts backup, which stays; a service's state read and its stop or start), then the last
 * journal write ("undone"). */
static int undo_ops_of(const bf_fix_plan *p)
{
    int n = 1;
    size_t i;
    for (i = 0; i < p->step_count; i++)
        n += 1 + (p->steps[i].kind == BF_STEP_FILE_WRITE ? 0 : 2) +
             (p->steps[i].kind != BF_STEP_FILE_WRITE && p->steps[i].kind != BF_STEP_SERVICE_STOP &&
              p->steps[i].kind != BF_STEP_SERVICE_START);
    return n;
}

/* A failure at every changing call in turn: the engine rolls back and the machine is as before. The
 * number of points is pinned: a sweep that silently covers fewer fails. */
static void failure_sweep_(int at, bool netcfg)
{
    int k, tried = 0, restored = 0, calls = 0;
    bool finished = false;
    for (k = 1; k < 200 && !finished; k++) {
        kb_run r;
        bf_err err;
        REQUIRE_AT(at, kb_begin(&r, netcfg));
        CHECK_AT(at, r.p->steps[0].kind == (netcfg ? BF_STEP_BINDORDER_SET : BF_STEP_REG_SET));
        if (k == 1)
            calls = apply_calls_of(r.p);
        r.mm.fail_call = k;
        if (bf_fix_apply(r.p, &r.mm.m, JOURNAL, NULL, &err)) {
            finished = true;    /* k beyond the last call: nothing failed */
            CHECK_INT_AT(at, r.mm.changing_calls, calls);
        } else {
            tried++;
            CHECK_AT(at, strstr(err.msg, "simulated failure") != NULL);
            /* the first journal write failed: nothing was started */
            CHECK_STR_AT(at, bf_plan_state_token(r.p->state), k == 1 ? "planned" : "rolled-back");
            restored += kb_as_before_(at, &r, "failure at call", k);
        }
        kb_end(&r);
    }
    printf("  sweep: a failure injected at each changing call of the KB plan (%d calls)%s: %d points, restored exactly at %d\n",
           calls, netcfg ? ", binding order through INetCfg" : "", tried, restored);
    CHECK_AT(at, finished);
    CHECK_INT_AT(at, tried, calls);
    CHECK_INT_AT(at, tried, 31);
    CHECK_INT_AT(at, restored, tried);
}
#define failure_sweep(...) failure_sweep_(__LINE__, __VA_ARGS__)

BF_TEST(fix_failure_at_every_step_rolls_back_exactly)
{
    failure_sweep(false);
}

BF_TEST(fix_failure_at_every_step_rolls_back_exactly_with_inetcfg)
{
    failure_sweep(true);
}

/* Power loss after each changing call (the journal write included): what was not flushed is lost (a
 * file replaced without a flush comes back as `loss` says), then at restart the journal on "disk" is
 * read back and undone; the machine must be byte-identical to before. forget_flush: the machine
 * ignores durable, as a system layer that forgot to flush would (the caller expects failures: quiet). */
typedef struct sweep_count {
    int tried, restored, calls;
    bool finished;
} sweep_count;

static void power_loss_run_(int at, bool netcfg, mem_loss loss, bool forget_flush, sweep_count *n)
{
    int k;
    memset(n, 0, sizeof *n);
    for (k = 1; k < 200 && !n->finished; k++) {
        kb_run r;
        bf_fix_plan *back;
        bf_err err;
        const char *what = forget_flush ? NULL : "power loss after call";
        REQUIRE_AT(at, kb_begin(&r, netcfg));
        if (k == 1)
            n->calls = apply_calls_of(r.p);
        r.mm.die_after = k;
        r.mm.forget_flush = forget_flush;
        if (bf_fix_apply(r.p, &r.mm.m, JOURNAL, NULL, &err)) {
            n->finished = true;
            kb_end(&r);
            break;
        }
        r.mm.die_after = 0;    /* the restart */
        mem_power_cut(&r.mm, loss);
        r.mm.forget_flush = false;
        n->tried++;
        back = disk_journal(&r.mm, forget_flush);
        if (!back) {
            /* no journal on disk: nothing may have changed (a journal that does not read fails) */
            if (!forget_flush)
                CHECK_AT(at, mem_find_file(&r.mm, JOURNAL) == NULL);
            n->restored += mem_find_file(&r.mm, JOURNAL) == NULL && kb_as_before_(at, &r, what, k);
        } else {
            if (!forget_flush)
                CHECK_STR_AT(at, bf_plan_state_token(back->state), "applying");   /* the interrupted repair is recognisable */
            if (bf_fix_undo(back, &r.mm.m, JOURNAL, NULL, &err) || forget_flush)
                n->restored += kb_as_before_(at, &r, what, k);
            else
                printf("  %s:%d: power loss after call %d: undo failed: %s\n", __FILE__, at, k, err.msg);
            bf_fix_plan_destroy(back);
        }
        kb_end(&r);
    }
}
#define power_loss_run(...) power_loss_run_(__LINE__, __VA_ARGS__)

static void power_loss_sweep_(int at, bool netcfg)
{
    static const mem_loss losses[2] = {MEM_LOSS_OLD, MEM_LOSS_EMPTY};
    int l;
    for (l = 0; l < 2; l++) {
        sweep_count n;
        power_loss_run_(at, netcfg, losses[l], false, &n);
        printf("  sweep: a power loss after each call, unflushed files coming back %s, then undo from the journal%s: "
               "%d points, restored exactly at %d\n", losses[l] == MEM_LOSS_OLD ? "old" : "empty",
               netcfg ? ", binding order through INetCfg" : "", n.tried, n.restored);
        CHECK_AT(at, n.finished);
        CHECK_INT_AT(at, n.tried, n.calls - 1);   /* after the last call the repair is complete */
        CHECK_INT_AT(at, n.tried, 30);
        CHECK_INT_AT(at, n.restored, n.tried);
    }
}
#define power_loss_sweep(...) power_loss_sweep_(__LINE__, __VA_ARGS__)

/* The sweep can fail: on a machine whose writes are not flushed (the journal's included), a power loss
 * loses the journal's news of the change that followed, and undo cannot put the machine back. */
BF_TEST(fix_power_loss_sweep_fails_when_writes_are_not_flushed)
{
    sweep_count old, empty;
    power_loss_run(false, MEM_LOSS_OLD, true, &old);
    power_loss_run(false, MEM_LOSS_EMPTY, true, &empty);
    printf("  control: the same power-loss sweep with the flushes left out: restored exactly at %d of %d points "
           "(files come back old), %d of %d (empty)\n", old.restored, old.tried, empty.restored, empty.tried);
    CHECK_INT(old.tried, 30);
    CHECK_INT(empty.tried, 30);
    /* pinned (the README quotes them): only the points before the first service stop come back; with
     * empty files not even those, the journal being unreadable */
    CHECK_INT(old.restored, 13);
    CHECK_INT(empty.restored, 0);
}

BF_TEST(fix_power_loss_at_every_point_then_undo_restores_exactly)
{
    power_loss_sweep(false);
}

BF_TEST(fix_power_loss_at_every_point_then_undo_restores_exactly_with_inetcfg)
{
    power_loss_sweep(true);
}

/* What a journal on disk must say after a rollback that could not finish: every step the machine may
 * still hold (done or doing in memory) is named done or doing on disk too, so that undo finds it. */
static bool disk_names_every_changed_step(const bf_fix_plan *mem, const bf_fix_plan *disk)
{
    size_t i;
    bool ok = disk && disk->step_count == mem->step_count;
    for (i = 0; ok && i < mem->step_count; i++)
        if (mem->steps[i].status == BF_STEP_DONE || mem->steps[i].status == BF_STEP_DOING)
            ok = disk->steps[i].status == BF_STEP_DONE || disk->steps[i].status == BF_STEP_DOING;
    return ok;
}

/* A second fault during the rollback: for each first failure (every changing call of the apply), a
 * second one at each operation the ensuing rollback makes (its undo writes, its service state reads,
 * its journal writes). The engine must report both, leave every step it could not undo in the journal
 * as possibly changed (plan state "failed", the step's "undo failed" error kept), and an undo from the
 * journal on disk (faults off) must put the machine back exactly. */
static void rollback_second_fault_sweep_(int at, bool netcfg)
{
    int k, calls = 0, points = 0, reads = 0, left_over = 0, restored = 0;
    for (k = 1; calls == 0 || k <= calls; k++) {
        kb_run r;
        bf_err err;
        int first, last, o;
        REQUIRE_AT(at, kb_begin(&r, netcfg));
        calls = apply_calls_of(r.p);
        r.mm.fail_call = k;
        CHECK_AT(at, !bf_fix_apply(r.p, &r.mm.m, JOURNAL, NULL, &err));
        first = r.mm.fault_op;
        last = r.mm.ops;
        kb_end(&r);
        for (o = first + 1; o <= last; o++) {
            bf_fix_plan *back;
            size_t i;
            int left = 0;
            REQUIRE_AT(at, kb_begin(&r, netcfg));
            r.mm.fail_call = k;
            r.mm.fail_op = o;
            CHECK_AT(at, !bf_fix_apply(r.p, &r.mm.m, JOURNAL, NULL, &err));
            r.mm.fail_call = r.mm.fail_op = 0;
            CHECK_INT_AT(at, r.mm.fault_op, o);    /* the second fault did happen */
            points++;
            reads += r.mm.fault_read;
            CHECK_AT(at, strstr(err.msg, "simulated failure") != NULL);
            for (i = 0; i < r.p->step_count; i++)
                if (r.p->steps[i].status == BF_STEP_DONE || r.p->steps[i].status == BF_STEP_DOING) {
                    left++;
                    CHECK_AT(at, strncmp(r.p->steps[i].error, "undo failed: ", 13) == 0);
                }
            left_over += left > 0;
            if (r.mm.fault_read) {  /* a service's state or a value that could not be read: the step says which */
                bool named = false;
                for (i = 0; i < r.p->step_count; i++)
                    named = named || (strstr(r.p->steps[i].error, "simulated read failure") &&
                                      strstr(r.p->steps[i].error, r.p->steps[i].target));
                CHECK_AT(at, named);
            }
            if (left) {
                CHECK_STR_AT(at, bf_plan_state_token(r.p->state), "failed");
                CHECK_AT(at, strstr(err.msg, "could not be undone") != NULL);
            } else {
                CHECK_STR_AT(at, bf_plan_state_token(r.p->state), "rolled-back");
            }
            back = disk_journal(&r.mm, false);
            CHECK_AT(at, back != NULL);
            if (back) {
                CHECK_AT(at, disk_names_every_changed_step(r.p, back));
                if (r.mm.ops != o)  /* the last journal write went through: the disk says what memory says */
                    CHECK_AT(at, back->state == r.p->state);
                for (i = 0; r.mm.ops != o && i < back->step_count && i < r.p->step_count; i++)
                    CHECK_STR_AT(at, back->steps[i].error, r.p->steps[i].error);
                CHECK_AT(at, bf_fix_undo(back, &r.mm.m, JOURNAL, NULL, &err));
                restored += kb_as_before_(at, &r, "second fault during the rollback, at operation", o);
                bf_fix_plan_destroy(back);
            }
            kb_end(&r);
        }
    }
    printf("  sweep: a second fault at each operation of the rollbacks after those failures (%d of them reads; "
           "%d rollbacks left steps changed), then undo from the journal%s: %d points, restored exactly at %d\n",
           reads, left_over, netcfg ? ", binding order through INetCfg" : "", points, restored);
    /* pinned: the operations of the 31 rollbacks (a read of the value to compare and its undo write, or
     * a service's state read and its stop or start, and a journal write, per step made; the journal
     * writes around them) */
    CHECK_INT_AT(at, points, 476);
    CHECK_AT(at, reads > 0 && left_over > 0);
    CHECK_INT_AT(at, restored, points);
}
#define rollback_second_fault_sweep(...) rollback_second_fault_sweep_(__LINE__, __VA_ARGS__)

BF_TEST(fix_second_fault_during_rollback_then_undo_restores_exactly)
{
    rollback_second_fault_sweep(false);
}

BF_TEST(fix_second_fault_during_rollback_then_undo_restores_exactly_with_inetcfg)
{
    rollback_second_fault_sweep(true);
}

/* A fault during undo: at each operation of the undo of a whole applied repair. Undo says it failed
 * (except where only an intermediate journal write failed: the next write carries the same news),
 * the journal on disk still names what is left, and a second undo from it finishes: the machine is
 * exactly as before. */
static void undo_fault_sweep_(int at, bool netcfg)
{
    int o, ops = 0, points = 0, failed = 0, reads = 0, restored = 0, starts = 0;
    size_t i;
    kb_run r0;
    REQUIRE_AT(at, kb_begin(&r0, netcfg));
    for (i = 0; i < r0.p->step_count; i++)
        starts += r0.p->steps[i].kind == BF_STEP_SERVICE_START;
    for (o = 1; ops == 0 || o <= ops; o++) {
        kb_run r;
        bf_fix_plan *back;
        bf_err err;
        int start;
        bool ok;
        REQUIRE_AT(at, kb_begin(&r, netcfg));
        ops = undo_ops_of(r.p);
        REQUIRE_AT(at, bf_fix_apply(r.p, &r.mm.m, JOURNAL, NULL, &err));
        back = disk_journal(&r.mm, false);
        REQUIRE_AT(at, back);
        start = r.mm.ops;
        r.mm.fail_op = start + o;
        ok = bf_fix_undo(back, &r.mm.m, JOURNAL, NULL, &err);
        r.mm.fail_op = 0;
        CHECK_INT_AT(at, r.mm.fault_op, start + o);
        points++;
        reads += r.mm.fault_read;
        if (!ok) {
            failed++;
            CHECK_AT(at, strstr(err.msg, "simulated") != NULL || strstr(err.msg, "could not be undone") != NULL);
            CHECK_STR_AT(at, bf_plan_state_token(back->state), r.mm.ops == start + o ? "undone" : "failed");
        }
        if (r.mm.fault_read && !ok) {  /* the step whose value or service's state could not be read says which
                                        * (a failed read of the first comparison is read again: not reported) */
            bool named = false;
            for (i = 0; i < back->step_count; i++)
                named = named || (strstr(back->steps[i].error, "simulated read failure") &&
                                  strstr(back->steps[i].error, back->steps[i].target));
            CHECK_AT(at, named);
        }
        bf_fix_plan_destroy(back);
        back = disk_journal(&r.mm, false);
        CHECK_AT(at, back != NULL);
        if (back) {
            CHECK_AT(at, bf_fix_undo(back, &r.mm.m, JOURNAL, NULL, &err));
            CHECK_STR_AT(at, bf_plan_state_token(back->state), "undone");
            restored += kb_as_before_(at, &r, "fault during undo, at operation", o);
            bf_fix_plan_destroy(back);
        }
        kb_end(&r);
    }
    printf("  sweep: a fault at each operation of undo (%d of them reads; undo reported it %d times), then a second "
           "undo%s: %d points, restored exactly at %d\n", reads, failed, netcfg ? ", binding order through INetCfg" : "",
           points, restored);
    CHECK_INT_AT(at, points, undo_ops_of(r0.p));
    CHECK_INT_AT(at, points, 34);
    /* undo reports every fault that leaves a step not undone: a configuration value or file not written
     * back, a service not started again, the last journal write. Not: an intermediate journal write (one
     * per step: the next carries the same news), nor a service that did not stop again (its stop, undone
     * next, leaves it running as before; the step is then undone too), nor a read of the first
     * comparison (the undo reads again right before the write: 2, the registry value and the hosts file) */
    CHECK_INT_AT(at, failed, points - (int)r0.p->step_count - 2 * starts - 2);
    /* the state of each service before it is stopped or started (8), the registry value and the hosts
     * file compared before anything is changed (2) and again before they are written back (2) */
    CHECK_INT_AT(at, reads, 12);
    CHECK_INT_AT(at, restored, points);
    kb_end(&r0);
}
#define undo_fault_sweep(...) undo_fault_sweep_(__LINE__, __VA_ARGS__)

BF_TEST(fix_fault_during_undo_then_second_undo_restores_exactly)
{
    undo_fault_sweep(false);
}

BF_TEST(fix_fault_during_undo_then_second_undo_restores_exactly_with_inetcfg)
{
    undo_fault_sweep(true);
}

/* A read that fails while the plan is built (the binding order, the hosts file, the services' states;
 * a metric and a SkipAsSource flag): no plan, an error that names what could not be read, nothing
 * changed, no journal. */
static void plan_read_sweep_(int at, bool netcfg, bool metric_skip, int *out, int *unchanged_out)
{
    int o, reads = 0, points = 0, unchanged = 0;
    for (o = 1; reads == 0 || o <= reads; o++) {
        mem_machine mm;
        chosen c;
        bf_action extra[2];
        const bf_action *list[2];
        bf_buf notes;
        bf_snapshot *s = kb_snapshot();
        bf_fix_plan *p;
        bf_err err;
        char *before, *after;
        bf_fix_opts opts = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
        REQUIRE_AT(at, s);
        mem_kb_machine(&mm, netcfg);
        kb_actions(&c);
        memset(extra, 0, sizeof extra);
        extra[0].kind = BF_ACTION_SET_METRIC;
        extra[0].title = "Interface metric of E100B1 to 5";
        extra[0].params.adapter = LAN;
        extra[0].params.metric = 5;
        extra[1].kind = BF_ACTION_SKIP_AS_SOURCE;
        extra[1].title = "SkipAsSource on 192.0.2.10";
        extra[1].params.address = "192.0.2.10";
        list[0] = &extra[0];
        list[1] = &extra[1];
        if (metric_skip) {
            mm.m.metric_set(mm.m.ctx, LAN, 20, &err);
            mem_set_skip(&mm, "192.0.2.10", false);
            mm.changing_calls = mm.ops = 0;
        }
        bf_buf_init(&notes);
        before = mem_dump(&mm, NULL);
        if (reads == 0) {   /* a clean build first: how many reads it makes */
            p = metric_skip ? bf_fix_plan_build(s, list, 2, &mm.m, &opts, &notes, &err)
                            : bf_fix_plan_build(s, c.list, 3, &mm.m, &opts, &notes, &err);
            REQUIRE_AT(at, p);
            reads = mm.ops;
            bf_fix_plan_destroy(p);
            o = 0;
        } else {
            mm.fail_op = o;
            p = metric_skip ? bf_fix_plan_build(s, list, 2, &mm.m, &opts, &notes, &err)
                            : bf_fix_plan_build(s, c.list, 3, &mm.m, &opts, &notes, &err);
            CHECK_AT(at, p == NULL);
            bf_fix_plan_destroy(p);
            CHECK_AT(at, mm.fault_read && mm.fault_op == o);
            if (!strstr(err.msg, "simulated read failure"))
                printf("  read %d: %s\n", o, err.msg);
            CHECK_AT(at, strstr(err.msg, "simulated read failure") != NULL);   /* the machine's error, naming the place */
            points++;
        }
        CHECK_INT_AT(at, mm.changing_calls, 0);
        CHECK_AT(at, mem_find_file(&mm, JOURNAL) == NULL);
        after = mem_dump(&mm, NULL);
        CHECK_STR_AT(at, after, before);
        if (o > 0 && mm.changing_calls == 0 && !mem_find_file(&mm, JOURNAL) && strcmp(after, before) == 0)
            unchanged++;
        free(before);
        free(after);
        bf_snapshot_destroy(s);
        bf_buf_free(&notes);
        mem_free(&mm);
    }
    CHECK_INT_AT(at, points, reads);
    *out = points;
    *unchanged_out = unchanged;
}
#define plan_read_sweep(...) plan_read_sweep_(__LINE__, __VA_ARGS__)

BF_TEST(fix_failing_read_while_planning_changes_nothing)
{
    int kb = 0, kb_netcfg = 0, ms = 0, u1 = 0, u2 = 0, u3 = 0;
    plan_read_sweep(false, false, &kb, &u1);
    plan_read_sweep(true, false, &kb_netcfg, &u2);
    plan_read_sweep(false, true, &ms, &u3);
    printf("  sweep: a read failing at each read of planning (KB plan %d, with INetCfg %d, a metric and SkipAsSource "
           "plan %d): no plan, no journal: %d points, unchanged exactly at %d\n", kb, kb_netcfg, ms, kb + kb_netcfg + ms,
           u1 + u2 + u3);
    /* the binding order, the hosts file, the states of MSExchangeDS and the three that depend on it; a
     * metric, its InterfaceMetric value (the change that lasts), a flag */
    CHECK_INT(kb, 6);
    CHECK_INT(kb_netcfg, 6);
    CHECK_INT(ms, 3);
}

/* Where the system has INetCfg, the binding order is read and set through it (Windows rebuilds
 * Linkage\Bind from the binding paths, so a direct edit of the value may not last): previewed as the
 * two lists, journaled as "binding-order-set", set, and put back by undo; Linkage\Bind itself is not
 * written. Without INetCfg (NT 4.0; Wine) the plan says why and edits Linkage\Bind. */
BF_TEST(fix_reorder_through_inetcfg_where_the_system_has_it)
{
    mem_machine mm;
    bf_snapshot *s = kb_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    bf_buf notes, preview;
    char *before, *after;
    const mem_item *ji, *order, *bind;
    chosen c;
    const bf_action *one[1];
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
    REQUIRE(s);
    mem_kb_machine(&mm, true);
    kb_actions(&c);
    one[0] = &c.a[0];
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK_INT((int)p->step_count, 1);
    CHECK(p->steps[0].kind == BF_STEP_BINDORDER_SET);
    CHECK(strstr(p->steps[0].target, "INetCfg") != NULL);
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "[binding-order-set] Move E100B1 before NdisWan4") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "before: \n        1. \\Device\\" DUN "\n        2. \\Device\\" LAN) != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  \n        1. \\Device\\" LAN "\n        2. \\Device\\" DUN) != NULL);
    bf_buf_free(&preview);
    before = mem_dump(&mm, "bindfix");
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, &o, &err));
    CHECK(strstr(bf_buf_cstr(&mm.log), "bindorder ms_tcpip\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&mm.log), "reg-write") == NULL);
    order = mem_find_reg(&mm, MEM_NETCFG_KEY, MEM_NETCFG_VALUE);
    bind = mem_find_reg(&mm, LINKAGE, "Bind");
    REQUIRE(order && bind);
    CHECK(order->v.len > 20 && memcmp(order->v.data, "\\\0D\0e\0v\0i\0c\0e\0\\\0{\0" "4\0", 20) == 0);
    CHECK(bind->v.len > 20 && memcmp(bind->v.data, "\\\0D\0e\0v\0i\0c\0e\0\\\0{\0" "8\0", 20) == 0);
    ji = mem_find_file(&mm, JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, JOURNAL, &err);
    REQUIRE(back);
    CHECK(back->step_count == 1 && back->steps[0].kind == BF_STEP_BINDORDER_SET);
    CHECK(strstr((const char *)ji->v.data, "\"kind\": \"binding-order-set\"") != NULL);
    REQUIRE(bf_fix_undo(back, &mm.m, JOURNAL, NULL, &err));
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);

    /* no INetCfg: Linkage\Bind, and the note says why */
    mem_kb_machine(&mm, false);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK(p->step_count == 1 && p->steps[0].kind == BF_STEP_REG_SET);
    CHECK(strstr(bf_buf_cstr(&notes), "FindComponent(ms_tcpip)") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "Bind is edited directly") != NULL);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);

    /* a journal whose binding-order-set lists are not \Device\ names is refused with the reason */
    {
        static const char bad[] =
            "{\"schema\": \"bindfix-journal\", \"version\": 1, \"created\": \"2026-01-01T00:00:00Z\", "
            "\"host\": \"H\", \"state\": \"applied\", \"actions\": [\"a\"], \"steps\": [{\"kind\": "
            "\"binding-order-set\", \"status\": \"done\", \"title\": \"t\", \"target\": \"TCP/IP\", \"key\": "
            "\"ms_tcpip\", \"value\": \"binding paths\", \"before\": {\"exists\": true, \"type\": 7, \"hex\": "
            "\"410000000000\"}, \"after\": {\"exists\": true, \"type\": 7, \"hex\": \"410000000000\"}, \"error\": \"\", \"wave\": 0}]}";
        back = bf_fix_journal_read(bad, sizeof bad - 1, "bad.json", &err);
        CHECK(back == NULL);
        if (!strstr(err.msg, "binding-order-set") || !strstr(err.msg, "REG_MULTI_SZ"))
            printf("  journal error: %s\n", err.msg);
        CHECK(strstr(err.msg, "binding-order-set") != NULL && strstr(err.msg, "REG_MULTI_SZ") != NULL);
        bf_fix_plan_destroy(back);
    }
    bf_snapshot_destroy(s);
}

BF_TEST(fix_undo_after_apply_and_journal_round_trip)
{
    mem_machine mm;
    chosen c;
    bf_buf notes, j1, j2;
    bf_snapshot *s = kb_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    char *before, *after;
    size_t cut;
    REQUIRE(s);
    kb_machine(&mm);
    kb_actions(&c);
    bf_buf_init(&notes);
    p = plan_for(&mm, s, &c, &notes);
    REQUIRE(p);
    before = mem_dump(&mm, "bindfix");
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, NULL, &err));
    bf_buf_init(&j1);
    bf_buf_init(&j2);
    bf_fix_journal_write(p, &j1);
    back = bf_fix_journal_read(bf_buf_cstr(&j1), j1.len, JOURNAL, &err);
    REQUIRE(back);
    bf_fix_journal_write(back, &j2);
    CHECK_STR(bf_buf_cstr(&j2), bf_buf_cstr(&j1));
    REQUIRE(bf_fix_undo(back, &mm.m, JOURNAL, NULL, &err));
    CHECK_STR(bf_plan_state_token(back->state), "undone");
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);
    /* every truncation of a journal is refused with a reason, never read past (cutting only the final
     * line break leaves the whole document: not a truncation) */
    size_t whole = j1.len;
    while (whole && (bf_buf_cstr(&j1)[whole - 1] == '\n' || bf_buf_cstr(&j1)[whole - 1] == '\r'))
        whole--;
    for (cut = 0; cut < whole; cut += 7) {
        bf_fix_plan *t = bf_fix_journal_read(bf_buf_cstr(&j1), cut, "j.json", &err);
        CHECK(t == NULL);
        bf_fix_plan_destroy(t);
    }
    /* without administrator rights nothing is changed */
    mm.admin = false;
    {
        int calls = mm.changing_calls;
        CHECK(!bf_fix_apply(p, &mm.m, JOURNAL, NULL, &err));
        CHECK(strstr(err.msg, "administrator") != NULL);
        CHECK_INT(mm.changing_calls, calls);
    }
    free(before);
    free(after);
    bf_buf_free(&j1);
    bf_buf_free(&j2);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    bf_buf_free(&notes);
    mem_free(&mm);
}

BF_TEST(fix_refuses_a_hosts_line_that_changed_since_the_scan)
{
    mem_machine mm;
    chosen c;
    bf_buf notes;
    bf_snapshot *s = kb_snapshot();
    bf_err err;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
    static const char changed[] = "# hosts\r\n127.0.0.1 localhost\r\n203.0.113.9 EXCHSRV01\r\n";
    REQUIRE(s);
    kb_machine(&mm);
    mem_set_file(&mm, HOSTS, changed, sizeof changed - 1);
    kb_actions(&c);
    bf_buf_init(&notes);
    CHECK(bf_fix_plan_build(s, c.list, 3, &mm.m, &o, &notes, &err) == NULL);
    CHECK(strstr(err.msg, "no longer reads") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    bf_snapshot_destroy(s);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* A hosts file naming one stale address on many lines (a blocklist): the diagnosis gives one finding for
 * the address, its first BF_DIAG_HOSTS_EVIDENCE lines and a row counting the rest as evidence, and one
 * action that comments out every line naming it (and nothing else) in one pass. */
BF_TEST(hosts_lines_naming_one_address_are_one_finding_and_one_action)
{
    mem_machine mm;
    bf_err err;
    bf_buf file, notes;
    bf_snapshot *s = kb_snapshot();
    bf_diagnosis *d;
    const bf_finding *pin = NULL;
    const bf_action *list[1];
    bf_fix_plan *p;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
    size_t i, pins = 0, rows = 0;
    int line;
    REQUIRE(s);
    kb_machine(&mm);
    bf_buf_init(&file);
    bf_buf_init(&notes);
    s->hosts.entry_count = 0;
    /* 30 lines: even lines name 203.0.113.9 (15 of them), odd lines localhost */
    for (line = 1; line <= 30; line++) {
        bf_hosts_entry *h = bf_snap_add_hosts_entry(s);
        REQUIRE(h);
        h->line = line;
        h->address = line % 2 ? "127.0.0.1" : "203.0.113.9";
        h->names = line % 2 ? "localhost" : "EXCHSRV01";
        h->text = bf_arena_printf(s->arena, "%s %s #%d", h->address, h->names, line);
        bf_buf_printf(&file, "%s\r\n", h->text);
    }
    mem_set_file(&mm, HOSTS, bf_buf_cstr(&file), file.len);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, "BF-HOSTS-PIN") == 0) {
            pins++;
            pin = &d->findings[i];
        }
    CHECK_INT((int)pins, 1);
    REQUIRE(pin && pin->action_count == 1);
    for (i = 0; i < pin->evidence_count; i++)
        rows += strcmp(pin->evidence[i].section, "hosts") == 0;
    CHECK_INT((int)rows, BF_DIAG_HOSTS_EVIDENCE + 1);
    CHECK(strstr(pin->evidence[pin->evidence_count - 1].text, "5 more lines name 203.0.113.9, lines 22 to 30") != NULL);
    CHECK(strstr(pin->title, "15 lines") != NULL);
    {   /* a snapshot that names no hosts path: the evidence says "the hosts file", never starts ": " */
        char *path = s->hosts.path, none[1] = "";
        bf_diagnosis *nameless;
        s->hosts.path = none;
        nameless = bf_diagnose(s, NULL, &err);
        REQUIRE(nameless);
        for (i = 0; i < nameless->finding_count; i++)
            if (strcmp(nameless->findings[i].id, "BF-HOSTS-PIN") == 0) {
                const bf_finding *g = &nameless->findings[i];
                CHECK(strncmp(g->evidence[g->evidence_count - 1].text, "the hosts file: 5 more lines", 28) == 0);
                CHECK(strncmp(g->evidence[0].text, "the hosts file line 2: ", 23) == 0);
            }
        bf_diagnosis_destroy(nameless);
        s->hosts.path = path;
    }
    CHECK_STR(pin->actions[0].params.address, "203.0.113.9");
    CHECK_INT(pin->actions[0].params.line, 2);
    list[0] = &pin->actions[0];
    p = bf_fix_plan_build(s, list, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    for (i = 0; i < p->step_count; i++)
        if (p->steps[i].kind == BF_STEP_FILE_REPLACE) {
            const char *after = (const char *)p->steps[i].after.data;
            size_t len = p->steps[i].after.len, commented = 0, at = 0;
            line = 0;
            while (at < len) {
                const char *nl = memchr(after + at, '\n', len - at);
                line++;
                if (after[at] == '#') {
                    commented++;
                    CHECK(line % 2 == 0);
                }
                at = nl ? (size_t)(nl - after) + 1 : len;
            }
            CHECK_INT((int)commented, 15);
            CHECK_INT(line, 30);
            CHECK_INT((int)len, (int)file.len + 30);
        }
    bf_fix_plan_destroy(p);
    /* one of the lines changed since the scan: nothing is planned */
    mem_set_file(&mm, HOSTS, "127.0.0.1 localhost #1\r\n203.0.113.9 EXCHSRV01 #2\r\n127.0.0.1 localhost #3\r\n"
                             "203.0.113.9 MAIL #4\r\n", 95);
    CHECK(bf_fix_plan_build(s, list, 1, &mm.m, &o, &notes, &err) == NULL);
    CHECK(strstr(err.msg, "line 4 no longer reads") != NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
    bf_buf_free(&file);
    bf_buf_free(&notes);
    mem_free(&mm);
}

#include "cli.h"
#include "fake_system.h"

BF_TEST(cli_repair_previews_and_refuses_to_apply_a_saved_machine)
{
    bf_fake_system f;
    mem_machine mm;
    char *argv[6];
    int rc;
    bf_fake_init(&f);
    kb_machine(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    argv[0] = "bindfix-cli";
    argv[1] = "repair";
    argv[2] = "--demo";
    rc = bf_cli_main(3, argv, &f.sys);
    CHECK_INT(rc, 0);
    CHECK(strstr(bf_buf_cstr(&f.out), "REPAIR ACTIONS") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "Install Windows NT 4.0 Service Pack 5") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "Preview only: nothing was changed") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    bf_fake_reset_output(&f);
    argv[3] = "--apply";
    rc = bf_cli_main(4, argv, &f.sys);
    CHECK_INT(rc, 2);
    CHECK(strstr(bf_buf_cstr(&f.err), "--apply works on a live scan") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    bf_fake_reset_output(&f);
    argv[1] = "undo";
    rc = bf_cli_main(2, argv, &f.sys);
    CHECK_INT(rc, 2);
    CHECK(strstr(bf_buf_cstr(&f.err), "no repair journal was found") != NULL);
    bf_fake_free(&f);
    mem_free(&mm);
}

/* A service that does not stop in time is reported and never killed - unless the administrator chose
 * to end its process (bf_fix_opts.end_process: the CLI's --end-hung-services, the GUI's question).
 * Both a service stopped alone (MSExchangeIMC) and one stopped in a wave with another (MSExchangeIS
 * beside MSExchangeMTA) are covered. */
typedef struct end_answer {
    bool yes;
    int asked;
    const char *who;
} end_answer;

static bool answer_end(void *cb, const bf_fix_plan *p, size_t i)
{
    end_answer *a = cb;
    a->asked++;
    a->who = p->steps[i].target;
    return a->yes;
}

BF_TEST(fix_hung_service_is_ended_only_when_the_administrator_chose_to)
{
    const char *hung[2] = {"MSExchangeIMC", "MSExchangeIS"};
    for (int h = 0; h < 2; h++)
        for (int yes = 0; yes < 2; yes++) {
            mem_machine mm;
            chosen c;
            bf_buf notes;
            bf_snapshot *s = kb_snapshot();
            bf_fix_plan *p;
            bf_err err;
            bf_svc_state st;
            end_answer ans = {yes != 0, 0, NULL};
            bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak", .end_process = answer_end,
                             .cb = &ans};
            REQUIRE(s);
            kb_machine(&mm);
            kb_actions(&c);
            bf_buf_init(&notes);
            p = plan_for(&mm, s, &c, &notes);
            REQUIRE(p);
            mm.hung = hung[h];
            bool ok = bf_fix_apply(p, &mm.m, JOURNAL, &o, &err);
            CHECK_INT(ans.asked, 1);
            CHECK(ans.who && strcmp(ans.who, hung[h]) == 0);
            if (yes) {
                if (!ok)
                    printf("  %s: %s\n", hung[h], err.msg);
                CHECK(ok);
                CHECK_STR(bf_plan_state_token(p->state), "applied");
                CHECK(strstr(bf_buf_cstr(&mm.log), "end-process ") != NULL);
                CHECK(mm.m.service_state(mm.m.ctx, hung[h], &st, &err) && st == BF_SVC_RUNNING);
            } else {
                CHECK(!ok);
                CHECK(strstr(err.msg, "did not reach the stopped state") != NULL);
                CHECK(strstr(bf_buf_cstr(&mm.log), "end-process") == NULL);     /* never killed */
                CHECK(p->state == BF_PLAN_ROLLED_BACK || p->state == BF_PLAN_FAILED);
            }
            bf_fix_plan_destroy(p);
            bf_snapshot_destroy(s);
            bf_buf_free(&notes);
            mem_free(&mm);
        }
}

/* Windows' SCM may restart a service whose process bindfix ended (its failure actions, delay near 0)
 * before bindfix's own start step runs. The plan puts every configuration step before the first
 * service step, so on apply that restart reads the repaired configuration. But when the repair then
 * fails and is rolled back, the configuration is put back while that service runs with the repaired
 * one: the undo of its stop must restart it, so that it reads the configuration as it was (the brief:
 * undo is the machine as it was, services included). Fails when the undo accepts the running service. */
BF_TEST(fix_rollback_restarts_a_service_the_scm_restarted_during_the_repair)
{
    mem_machine mm;
    chosen c;
    bf_buf notes;
    bf_snapshot *s = kb_snapshot();
    bf_fix_plan *p;
    bf_err err;
    bf_svc_state st;
    end_answer ans = {true, 0, NULL};
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak", .end_process = answer_end,
                     .cb = &ans};
    const char *log, *ended, *after, *last_config = NULL, *line;
    int calls_to_end = 0;
    size_t i;
    bool config_before_services = true, seen_service = false;
    REQUIRE(s);
    /* first run: where the process is ended, counted in changing calls (one log line each) */
    kb_machine(&mm);
    kb_actions(&c);
    bf_buf_init(&notes);
    p = plan_for(&mm, s, &c, &notes);
    REQUIRE(p);
    for (i = 0; i < p->step_count; i++) {   /* the plan's order: no configuration step after a service step */
        bool svc = p->steps[i].kind == BF_STEP_SERVICE_STOP || p->steps[i].kind == BF_STEP_SERVICE_START;
        seen_service = seen_service || svc;
        config_before_services = config_before_services && (svc || !seen_service);
    }
    CHECK(config_before_services);
    mm.hung = "MSExchangeIMC";
    mm.scm_restarts = true;
    if (!bf_fix_apply(p, &mm.m, JOURNAL, &o, &err)) {
        printf("  apply: %s\n", err.msg);
        CHECK(false);
    }
    log = bf_buf_cstr(&mm.log);
    ended = strstr(log, "end-process MSExchangeIMC\n");
    REQUIRE(ended);
    for (line = log; line <= ended; line = strchr(line, '\n') + 1)
        if (strncmp(line, "scm-restart ", 12) != 0)
            calls_to_end++;
    bf_fix_plan_destroy(p);
    mem_free(&mm);
    bf_buf_free(&notes);

    /* second run: the call right after the SCM's restart fails, and the repair is rolled back */
    kb_machine(&mm);
    bf_buf_init(&notes);
    p = plan_for(&mm, s, &c, &notes);
    REQUIRE(p);
    mm.hung = "MSExchangeIMC";
    mm.scm_restarts = true;
    mm.fail_call = calls_to_end + 1;
    CHECK(!bf_fix_apply(p, &mm.m, JOURNAL, &o, &err));
    CHECK(p->state == BF_PLAN_ROLLED_BACK);
    log = bf_buf_cstr(&mm.log);
    CHECK(strstr(log, "scm-restart MSExchangeIMC\n") != NULL);
    /* the hosts file put back, and after that write: MSExchangeIMC stopped and started again */
    for (line = log; *line; line = strchr(line, '\n') + 1) {
        if ((strncmp(line, "file ", 5) == 0 && strncmp(line + 5, JOURNAL, strlen(JOURNAL)) != 0) ||
            strncmp(line, "reg-write ", 10) == 0)
            last_config = line;
        if (!strchr(line, '\n'))
            break;
    }
    REQUIRE(last_config);
    after = strstr(last_config, "stop MSExchangeIMC\n");
    CHECK(after != NULL);
    CHECK(after && strstr(after, "start MSExchangeIMC\n") != NULL);
    if (!after)
        printf("  log:\n%s", log);
    CHECK(mm.m.service_state(mm.m.ctx, "MSExchangeIMC", &st, &err) && st == BF_SVC_RUNNING);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* The journal file's bytes hold `what` (the in-memory file is not NUL-terminated). */
static bool file_has(const mem_item *it, const char *what)
{
    size_t n = strlen(what);
    for (size_t i = 0; i + n <= it->v.len; i++)
        if (memcmp(it->v.data + i, what, n) == 0)
            return true;
    return false;
}

/* INetCfg's Apply answering NETCFG_S_REBOOT: the step is done and says it takes effect after a restart;
 * the journal keeps that ("takes-effect"), read back the same; a plan without it says nothing. */
BF_TEST(fix_inetcfg_restart_required_is_carried_to_the_step_and_journal)
{
    mem_machine mm;
    bf_snapshot *s = kb_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    bf_buf notes, preview;
    chosen c;
    const bf_action *one[1];
    const mem_item *ji;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bak"};
    REQUIRE(s);
    mem_kb_machine(&mm, true);
    mm.netcfg_restart = true;
    kb_actions(&c);
    one[0] = &c.a[0];
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK(!bf_fix_plan_restart_pending(p));
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, &o, &err));
    CHECK(p->steps[0].status == BF_STEP_DONE && p->steps[0].restart_pending);
    CHECK(bf_fix_plan_restart_pending(p));
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "applied; takes effect after a restart") != NULL);
    bf_buf_free(&preview);
    ji = mem_find_file(&mm, JOURNAL);
    REQUIRE(ji);
    CHECK(file_has(ji, "\"takes-effect\": \"after-restart\""));
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, JOURNAL, &err);
    REQUIRE(back);
    CHECK(back->steps[0].restart_pending && bf_fix_plan_restart_pending(back));
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);

    /* Apply said S_OK: nothing pending, and the journal has no "takes-effect" */
    mem_kb_machine(&mm, true);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, &o, &err));
    CHECK(!bf_fix_plan_restart_pending(p));
    ji = mem_find_file(&mm, JOURNAL);
    REQUIRE(ji);
    CHECK(!file_has(ji, "takes-effect"));
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
    bf_snapshot_destroy(s);
}
