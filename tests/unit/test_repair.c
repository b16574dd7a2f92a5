/* test_repair.c - the repair engine (core/fix_*.c) on the plans test_fix.c does not cover: two hosts
 * lines in one file, metrics, a registry value that did not exist, start-service, a
 * service whose stop wait runs out (alone and inside a wave), undo run twice, undo without rights.
 * Every case ends by comparing the in-memory machine with its state before, byte for byte. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "fix.h"
#include "mem_machine.h"
#include "testlib.h"

#define RP_LAN "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define RP_DUN "{8A1D3C52-6B0E-4C1B-9A77-2F5E1D0C9B41}"
#define RP_HOSTS "C:\\WINNT\\system32\\drivers\\etc\\hosts"
#define RP_JOURNAL "C:\\ProgramData\\bindfix\\journal-test.json"
#define RP_EXDS "SYSTEM\\CurrentControlSet\\Services\\MSExchangeDS\\Parameters"

/* Two lines pin the host name (short name and FQDN), with other lines between and after them. */
static const char rp_hosts[] = "# hosts\r\n127.0.0.1 localhost\r\n198.51.100.7 EXCHSRV01\r\n192.0.2.10 mail\r\n"
                               "203.0.113.9 exchsrv01.corp.example\r\n# end\r\n";

/* Up to 6 actions of up to 2 parameters, built by the tests. */
typedef struct rp_actions {
    bf_action a[6];
    char *params[6][2];
    const bf_action *list[6];
    size_t n;
} rp_actions;

static void rp_add(rp_actions *c, const char *kind, const char *title, const char *p0, const char *p1)
{
    bf_action *a = &c->a[c->n];
    memset(a, 0, sizeof *a);
    a->kind = (char *)kind;
    a->title = (char *)title;
    c->params[c->n][0] = (char *)p0;
    c->params[c->n][1] = (char *)p1;
    a->params = c->params[c->n];
    a->param_count = p1 ? 2 : 1;
    c->list[c->n] = a;
    c->n++;
}

/* The machine: hosts file above, Exchange 5.5 with SA and DS stopped (so start-service has work), the
 * dial-up adapter on an automatic metric (0) and the LAN on 10, no "LDAP Port" value. */
static void rp_machine(mem_machine *mm)
{
    mem_init(mm);
    mem_set_file(mm, RP_HOSTS, rp_hosts, sizeof rp_hosts - 1);
    mem_set_service(mm, "MSExchangeSA", BF_SVC_STOPPED);
    mem_set_service(mm, "MSExchangeDS", BF_SVC_STOPPED);
    mem_set_service(mm, "MSExchangeIS", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeMTA", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeIMC", BF_SVC_RUNNING);
    /* mem_machine has no setter for metrics: seed them through the table, then forget those calls */
    {
        bf_err e;
        mm->m.metric_set(mm->m.ctx, RP_DUN, 0, &e);
        mm->m.metric_set(mm->m.ctx, RP_LAN, 10, &e);
    }
    mm->changing_calls = 0;
    bf_buf_reset(&mm->log);
}

static bf_snapshot *rp_snapshot(void)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    if (s)
        s->hosts.path = RP_HOSTS;
    return s;
}

/* The machine's dump without bindfix's own files, and without registry values that do not exist: a
 * value deleted again by undo and one that never existed are the same registry. */
static char *rp_dump(const mem_machine *mm)
{
    char *d = mem_dump(mm, "bindfix"), *r = d, *w = d;
    while (*r) {
        char *nl = strchr(r, '\n');
        size_t n = nl ? (size_t)(nl - r) + 1 : strlen(r);
        bool absent = strncmp(r, "reg ", 4) == 0 && memchr(r, '\n', n) && strstr(r, " exists=0 ") &&
                      strstr(r, " exists=0 ") < r + n;
        if (!absent) {
            memmove(w, r, n);
            w += n;
        }
        r += n;
    }
    *w = 0;
    return d;
}

/* Every changing call but the journal's own must come after a journal write made since the previous
 * change; the services of one wave are journaled together, once. */
static bool rp_journal_precedes_every_change(const char *log, int *changes)
{
    const char *line;
    bool since = false, ok = true, prev_service = false;
    size_t jl = strlen("file " RP_JOURNAL);
    *changes = 0;
    for (line = log; *line; line = strchr(line, '\n') + 1) {
        bool service = strncmp(line, "stop ", 5) == 0 || strncmp(line, "start ", 6) == 0;
        if (strncmp(line, "file " RP_JOURNAL, jl) == 0 && line[jl] == '\n') {
            since = true;
            continue;
        }
        if (!since && !(service && prev_service))
            ok = false;
        (*changes)++;
        since = false;
        prev_service = service;
    }
    return ok;
}

static bf_fix_plan *rp_plan(mem_machine *mm, const bf_snapshot *s, const rp_actions *c, bf_err *err)
{
    bf_buf notes;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix-20260101T000000Z.bak"};
    bf_fix_plan *p;
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, c->list, c->n, &mm->m, &o, &notes, err);
    if (!p)
        printf("  plan: %s\n", err->msg);
    bf_buf_free(&notes);
    return p;
}

/* metric, a value that did not exist, both hosts lines, start SA then DS */
static void rp_mixed_actions(rp_actions *c)
{
    memset(c, 0, sizeof *c);
    rp_add(c, "set-metric", "Raise the metric of NdisWan4 to 110", "adapter=" RP_DUN, "metric=110");
    rp_add(c, "ldap-alt-port", "Move the directory's LDAP port to 390", "port=390", NULL);
    rp_add(c, "hosts-comment", "Comment out line 3", "line=3", "text=198.51.100.7 EXCHSRV01");
    rp_add(c, "hosts-comment", "Comment out line 5", "line=5", "text=203.0.113.9 exchsrv01.corp.example");
    rp_add(c, "start-service", "Start MSExchangeSA, then MSExchangeDS", "services=MSExchangeSA,MSExchangeDS", NULL);
}

BF_TEST(repair_two_hosts_lines_of_one_file_are_both_commented)
{
    static const char want[] = "# hosts\r\n127.0.0.1 localhost\r\n# 198.51.100.7 EXCHSRV01\r\n192.0.2.10 mail\r\n"
                               "# 203.0.113.9 exchsrv01.corp.example\r\n# end\r\n";
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p;
    bf_err err;
    const mem_item *h;
    char *before, *after;
    size_t k, backups = 0;
    REQUIRE(s);
    rp_machine(&mm);
    memset(&c, 0, sizeof c);
    rp_add(&c, "hosts-comment", "Comment out line 3", "line=3", "text=198.51.100.7 EXCHSRV01");
    rp_add(&c, "hosts-comment", "Comment out line 5", "line=5", "text=203.0.113.9 exchsrv01.corp.example");
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    for (k = 0; k < p->step_count; k++)
        backups += p->steps[k].kind == BF_STEP_FILE_WRITE;
    CHECK_INT(backups, 1);  /* one backup of the original file, not one per line */
    before = rp_dump(&mm);
    CHECK(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    h = mem_find_file(&mm, RP_HOSTS);
    REQUIRE(h);
    CHECK_INT(h->v.len, sizeof want - 1);
    CHECK(h->v.len == sizeof want - 1 && memcmp(h->v.data, want, h->v.len) == 0);
    h = mem_find_file(&mm, RP_HOSTS ".bindfix-20260101T000000Z.bak");
    CHECK(h && h->v.len == sizeof rp_hosts - 1 && memcmp(h->v.data, rp_hosts, h->v.len) == 0);
    CHECK(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

BF_TEST(repair_mixed_plan_preview_apply_and_journal_order)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p;
    bf_err err;
    bf_buf preview;
    const mem_item *r;
    bf_svc_state st;
    int changes = 0;
    REQUIRE(s);
    rp_machine(&mm);
    rp_mixed_actions(&c);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    /* metric 0 (automatic) -> 110; the LDAP port is not a registry change (a manual step, see below) */
    CHECK(strstr(bf_buf_cstr(&preview), RP_DUN "\n   before: 0\n   after:  110\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "LDAP") == NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  # 198.51.100.7 EXCHSRV01") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  # 203.0.113.9 exchsrv01.corp.example") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    REQUIRE(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(rp_journal_precedes_every_change(bf_buf_cstr(&mm.log), &changes));
    CHECK(changes >= 5);
    /* SA before DS: DS depends on SA */
    CHECK(strstr(bf_buf_cstr(&mm.log), "start MSExchangeSA\n") != NULL &&
          strstr(bf_buf_cstr(&mm.log), "start MSExchangeSA\n") < strstr(bf_buf_cstr(&mm.log), "start MSExchangeDS\n"));
    r = mem_find_reg(&mm, RP_EXDS, "LDAP Port");
    CHECK(r == NULL);   /* no registry value is invented for it */
    CHECK(mm.m.service_state(mm.m.ctx, "MSExchangeDS", &st, &err) && st == BF_SVC_RUNNING);
    bf_buf_free(&preview);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* A failure at every changing call of the mixed plan, then: the rollback restored the machine; and a
 * power loss after every call, then: undo from the journal left on "disk" restored it. */
BF_TEST(repair_mixed_plan_failure_and_power_loss_at_every_point)
{
    int k, mode, tried[2] = {0, 0}, restored[2] = {0, 0};
    for (mode = 0; mode < 2; mode++)
        for (k = 1; k < 60; k++) {
            mem_machine mm;
            rp_actions c;
            bf_snapshot *s = rp_snapshot();
            bf_fix_plan *p;
            bf_err err;
            char *before, *after = NULL;
            bool ok;
            REQUIRE(s);
            rp_machine(&mm);
            rp_mixed_actions(&c);
            p = rp_plan(&mm, s, &c, &err);
            REQUIRE(p);
            before = rp_dump(&mm);
            if (mode == 0)
                mm.fail_call = k;
            else
                mm.die_after = k;
            ok = bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err);
            mm.fail_call = 0;
            mm.die_after = 0;
            if (!ok) {
                tried[mode]++;
                if (mode == 0) {
                    CHECK(strstr(err.msg, "failed") != NULL || strstr(err.msg, "journal") != NULL);
                    after = rp_dump(&mm);
                } else {
                    const mem_item *j = mem_find_file(&mm, RP_JOURNAL);
                    if (j) {
                        bf_fix_plan *back = bf_fix_journal_read((const char *)j->v.data, j->v.len, RP_JOURNAL, &err);
                        CHECK(back != NULL);
                        if (back) {
                            CHECK(bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err));
                            bf_fix_plan_destroy(back);
                        }
                    }
                    after = rp_dump(&mm);
                }
                if (strcmp(before, after) == 0)
                    restored[mode]++;
                else
                    printf("  %s at call %d: the machine differs afterwards\n", mode ? "power loss" : "failure", k);
            }
            free(before);
            free(after);
            bf_fix_plan_destroy(p);
            bf_snapshot_destroy(s);
            mem_free(&mm);
            if (ok)
                break;  /* k is past the last call */
        }
    printf("  mixed plan: failure at %d points (restored %d), power loss at %d points (restored %d)\n", tried[0],
           restored[0], tried[1], restored[1]);
    CHECK(tried[0] >= 8);
    CHECK(tried[1] >= 8);
    CHECK_INT(restored[0], tried[0]);
    CHECK_INT(restored[1], tried[1]);
}

/* A machine whose stop of one service runs out of time: the stop was asked for, the service sits in
 * STOP_PENDING, and it finishes stopping when waited for again. Everything else is mem_machine. */
typedef struct slow_machine {
    bf_machine m;
    mem_machine *inner;
    const char *slow;
    int slow_stops;
} slow_machine;

static bool slow_state(void *ctx, const char *name, bf_svc_state *st, bf_err *err)
{
    slow_machine *sm = ctx;
    return sm->inner->m.service_state(sm->inner->m.ctx, name, st, err);
}

static bool slow_stop(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    slow_machine *sm = ctx;
    if (strcmp(name, sm->slow) == 0 && sm->slow_stops++ == 0) {
        /* the request reaches the service (a changing call), the wait runs out */
        bf_svc_state st;
        if (!sm->inner->m.service_stop(sm->inner->m.ctx, name, timeout_ms, err))
            return false;
        st = BF_SVC_STOP_PENDING;
        mem_set_service(sm->inner, name, st);
        bf_fail(err, "service %s did not stop within %d ms", name, timeout_ms);
        err->code = BF_MACHINE_TIMEOUT;
        return false;
    }
    return sm->inner->m.service_stop(sm->inner->m.ctx, name, timeout_ms, err);
}

static bool slow_start(void *ctx, const char *name, int timeout_ms, bf_err *err)
{
    slow_machine *sm = ctx;
    return sm->inner->m.service_start(sm->inner->m.ctx, name, timeout_ms, err);
}

static bool slow_control(void *ctx, const char *const *names, size_t n, bool start, int timeout_ms, bool *ok,
                         bool *timed_out, bf_err *err)
{
    size_t i;
    bool all = true;
    for (i = 0; i < n; i++) {
        bf_err e;
        bf_err_clear(&e);
        ok[i] = start ? slow_start(ctx, names[i], timeout_ms, &e) : slow_stop(ctx, names[i], timeout_ms, &e);
        timed_out[i] = !ok[i] && e.code == BF_MACHINE_TIMEOUT;
        if (!ok[i] && all) {
            all = false;
            *err = e;
        }
    }
    return all;
}

/* The table's other operations forward to mem_machine with its own context. */
static bool fwd_can_change(void *ctx)
{
    slow_machine *sm = ctx;
    return sm->inner->m.can_change(sm->inner->m.ctx);
}
static bool fwd_reg_read(void *ctx, const char *k, const char *v, bf_regval *o, bf_err *e)
{
    slow_machine *sm = ctx;
    return sm->inner->m.reg_read(sm->inner->m.ctx, k, v, o, e);
}
static bool fwd_reg_write(void *ctx, const char *k, const char *v, const bf_regval *x, bool durable, bf_err *e)
{
    slow_machine *sm = ctx;
    return sm->inner->m.reg_write(sm->inner->m.ctx, k, v, x, durable, e);
}
static bool fwd_file_read(void *ctx, const char *p, bool *ex, char **d, size_t *l, bf_err *e)
{
    slow_machine *sm = ctx;
    return sm->inner->m.file_read(sm->inner->m.ctx, p, ex, d, l, e);
}
static bool fwd_file_replace(void *ctx, const char *p, const char *d, size_t l, bool durable, bf_err *e)
{
    slow_machine *sm = ctx;
    return sm->inner->m.file_replace(sm->inner->m.ctx, p, d, l, durable, e);
}

static void slow_forward_rest(slow_machine *sm)
{
    sm->m.can_change = fwd_can_change;
    sm->m.reg_read = fwd_reg_read;
    sm->m.reg_write = fwd_reg_write;
    sm->m.file_read = fwd_file_read;
    sm->m.file_replace = fwd_file_replace;
    sm->m.metric_get = NULL;    /* not used by these plans */
    sm->m.metric_set = NULL;
    sm->m.audit = NULL;
}

static void slow_init(slow_machine *sm, mem_machine *inner, const char *slow, bool waves)
{
    memset(sm, 0, sizeof *sm);
    sm->m = inner->m;
    sm->m.ctx = sm;
    sm->inner = inner;
    sm->slow = slow;
    /* the other operations keep mem_machine's context: wrap only what concerns services */
    sm->m.service_state = slow_state;
    sm->m.service_stop = slow_stop;
    sm->m.service_start = slow_start;
    sm->m.services_control = waves ? slow_control : NULL;
    slow_forward_rest(sm);
}

/* restart-services MSExchangeDS on the KB's Exchange: IMC; IS and MTA (one wave); DS; then back. IS's
 * stop runs out of time. Sequential and in waves, the step stays "doing", the rollback waits for IS
 * to finish stopping and starts it and the others again, and the machine is as before. */
BF_TEST(repair_stop_that_runs_out_of_time_is_rolled_back)
{
    int waves;
    for (waves = 0; waves < 2; waves++) {
        mem_machine mm;
        slow_machine sm;
        rp_actions c;
        bf_snapshot *s = rp_snapshot();
        bf_fix_plan *p;
        bf_err err;
        char *before, *after;
        size_t k;
        bool is_doing = false;
        REQUIRE(s);
        rp_machine(&mm);
        mem_set_service(&mm, "MSExchangeSA", BF_SVC_RUNNING);
        mem_set_service(&mm, "MSExchangeDS", BF_SVC_RUNNING);
        slow_init(&sm, &mm, "MSExchangeIS", waves != 0);
        memset(&c, 0, sizeof c);
        rp_add(&c, "hosts-comment", "Comment out line 3", "line=3", "text=198.51.100.7 EXCHSRV01");
        rp_add(&c, "restart-services", "Restart MSExchangeDS", "services=MSExchangeDS", NULL);
        {
            bf_buf notes;
            bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bak-bindfix"};
            bf_buf_init(&notes);
            p = bf_fix_plan_build(s, c.list, c.n, &sm.m, &o, &notes, &err);
            bf_buf_free(&notes);
        }
        REQUIRE(p);
        before = rp_dump(&mm);
        CHECK(!bf_fix_apply(p, &sm.m, RP_JOURNAL, NULL, &err));
        CHECK(strstr(err.msg, "did not stop within") != NULL);
        CHECK(strstr(err.msg, "the machine is as before") != NULL);
        CHECK_STR(p->state, "rolled-back");
        for (k = 0; k < p->step_count; k++)
            if (p->steps[k].kind == BF_STEP_SERVICE_STOP && strcmp(p->steps[k].target, "MSExchangeIS") == 0)
                is_doing = p->steps[k].status == BF_STEP_UNDONE;   /* was "doing", then undone */
        CHECK(is_doing);
        CHECK_INT(sm.slow_stops, 2);    /* the rollback waited for the stop in progress */
        after = rp_dump(&mm);
        CHECK_STR(after, before);
        if (strcmp(after, before) != 0)
            printf("  (%s)\n", waves ? "in waves" : "one at a time");
        free(before);
        free(after);
        bf_fix_plan_destroy(p);
        bf_snapshot_destroy(s);
        mem_free(&mm);
    }
}

BF_TEST(repair_undo_twice_changes_nothing_the_second_time_and_needs_rights)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    const mem_item *ji;
    int calls;
    char *before, *after;
    REQUIRE(s);
    rp_machine(&mm);
    rp_mixed_actions(&c);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    before = rp_dump(&mm);
    REQUIRE(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(back);
    CHECK_STR(back->state, "applied");
    /* without rights: refused, nothing touched, not even the journal */
    mm.admin = false;
    calls = mm.changing_calls;
    CHECK(!bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(strstr(err.msg, "administrator") != NULL);
    CHECK_INT(mm.changing_calls, calls);
    mm.admin = true;
    REQUIRE(bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err));
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(after);
    bf_fix_plan_destroy(back);
    /* the journal now says "undone"; undoing it again changes nothing but the journal */
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(back);
    CHECK_STR(back->state, "undone");
    bf_buf_reset(&mm.log);
    CHECK(bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK_STR(bf_buf_cstr(&mm.log), "file " RP_JOURNAL "\n");
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(after);
    free(before);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* The hooks a window uses: stop before the first service step (the wizard's Apply page), then go on
 * (its Restart page); after_step sees every step once; a stop before anything ran changes nothing. */
typedef struct rp_hook_log {
    size_t stop_at;         /* stop before this step (once) */
    bool stopped_once;
    int after_calls;
} rp_hook_log;

static bool rp_before(void *cb, const bf_fix_plan *p, size_t i)
{
    rp_hook_log *h = cb;
    (void)p;
    if (i == h->stop_at && !h->stopped_once) {
        h->stopped_once = true;
        return false;
    }
    return true;
}

static void rp_after(void *cb, const bf_fix_plan *p, size_t i)
{
    rp_hook_log *h = cb;
    (void)p;
    (void)i;
    h->after_calls++;
}

BF_TEST(repair_stop_between_steps_then_go_on_or_undo)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    const mem_item *ji;
    rp_hook_log h = {0, false, 0};
    bf_fix_opts o = {.service_timeout_ms = 1000, .before_step = rp_before, .after_step = rp_after, .cb = &h};
    size_t first_service = 0, k;
    char *before, *after;
    REQUIRE(s);
    rp_machine(&mm);
    rp_mixed_actions(&c);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    while (first_service < p->step_count && p->steps[first_service].kind != BF_STEP_SERVICE_START)
        first_service++;
    REQUIRE(first_service > 0 && first_service < p->step_count);
    before = rp_dump(&mm);
    /* stop before the first service step: the earlier steps are done and journaled, state "stopped" */
    h.stop_at = first_service;
    CHECK(!bf_fix_apply(p, &mm.m, RP_JOURNAL, &o, &err));
    CHECK_INT(err.code, BF_FIX_STOPPED);
    CHECK_STR(p->state, "stopped");
    CHECK_INT(h.after_calls, (int)first_service);
    for (k = 0; k < p->step_count; k++)
        CHECK_INT(p->steps[k].status, k < first_service ? BF_STEP_DONE : BF_STEP_PENDING);
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(back);
    CHECK_STR(back->state, "stopped");
    /* going on does only the pending steps */
    bf_buf_reset(&mm.log);
    CHECK(bf_fix_apply(p, &mm.m, RP_JOURNAL, &o, &err));
    CHECK_STR(p->state, "applied");
    CHECK_INT(h.after_calls, (int)p->step_count);
    CHECK(strstr(bf_buf_cstr(&mm.log), "reg-write") == NULL);
    /* undo puts back every step, those before the stop and those after */
    REQUIRE(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(after);
    free(before);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

BF_TEST(repair_stop_before_the_first_step_changes_nothing)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p;
    bf_err err;
    rp_hook_log h = {0, false, 0};
    bf_fix_opts o = {.service_timeout_ms = 1000, .before_step = rp_before, .after_step = rp_after, .cb = &h};
    char *before, *after;
    REQUIRE(s);
    rp_machine(&mm);
    rp_mixed_actions(&c);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    before = rp_dump(&mm);
    CHECK(!bf_fix_apply(p, &mm.m, RP_JOURNAL, &o, &err));
    CHECK_INT(err.code, BF_FIX_STOPPED);
    CHECK_INT(h.after_calls, 0);
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(after);
    free(before);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* skip-as-source: the flag read from the machine, previewed off -> on, journaled (and readable back),
 * set, and put back by undo byte for byte; an address already marked plans nothing; one the machine does
 * not hold is an error naming it. */
BF_TEST(repair_skip_as_source_marks_the_address_and_undo_clears_it)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    bf_buf preview;
    bool skip = true;
    char *before, *after;
    const mem_item *ji;
    REQUIRE(s);
    rp_machine(&mm);
    mem_set_skip(&mm, "198.51.100.7", false);
    memset(&c, 0, sizeof c);
    rp_add(&c, "skip-as-source", "Mark 198.51.100.7 SkipAsSource", "address=198.51.100.7", NULL);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 1);
    CHECK(p->steps[0].kind == BF_STEP_SKIP_SET);
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "[skip-as-source-set] Mark 198.51.100.7 SkipAsSource") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "before: SkipAsSource off") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  SkipAsSource on") != NULL);
    bf_buf_free(&preview);
    before = rp_dump(&mm);
    CHECK(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(mm.m.skip_get(mm.m.ctx, "198.51.100.7", &skip, &err) && skip);
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    CHECK(back && back->step_count == 1 && back->steps[0].kind == BF_STEP_SKIP_SET);
    if (back)
        bf_fix_plan_destroy(back);
    CHECK(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(mm.m.skip_get(mm.m.ctx, "198.51.100.7", &skip, &err) && !skip);
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);

    /* already marked: nothing to change */
    mem_set_skip(&mm, "198.51.100.7", true);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 0);
    bf_fix_plan_destroy(p);

    /* an address the machine does not hold */
    memset(&c, 0, sizeof c);
    rp_add(&c, "skip-as-source", "Mark 203.0.113.99 SkipAsSource", "address=203.0.113.99", NULL);
    CHECK(rp_plan(&mm, s, &c, &err) == NULL);
    CHECK(strstr(err.msg, "203.0.113.99") != NULL);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* ldap-alt-port: Exchange 5.5 keeps the port in its directory (Q224447 changes it in the Exchange
 * Administrator program), so the plan has no step for it and the notes give the exact steps and port. */
BF_TEST(repair_ldap_alt_port_is_a_manual_step_with_the_exact_steps)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p;
    bf_err err;
    bf_buf notes;
    bf_fix_opts o = {.service_timeout_ms = 1000};
    REQUIRE(s);
    rp_machine(&mm);
    memset(&c, 0, sizeof c);
    rp_add(&c, "ldap-alt-port", "Move the Exchange directory's LDAP port to 391", "port=391", NULL);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, c.list, c.n, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK_INT((int)p->step_count, 0);
    CHECK(strstr(bf_buf_cstr(&notes), "not carried out by bindfix") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "LDAP (Directory) Site Defaults") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "set Port number to 391") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "Q224447") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    /* a bad port is refused naming the action */
    memset(&c, 0, sizeof c);
    rp_add(&c, "ldap-alt-port", "x", "port=70000", NULL);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, c.list, c.n, &mm.m, &o, &notes, &err);
    CHECK(p == NULL && strstr(err.msg, "ldap-alt-port") != NULL);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* A registry value that did not exist before a reg-set step: undo deletes it again (the journal keeps
 * "exists": false as the old state), and the machine is byte-identical afterwards. */
BF_TEST(repair_undo_deletes_a_registry_value_that_did_not_exist)
{
    static const char journal[] =
        "{\"schema\": \"bindfix-journal\", \"version\": 1, \"created\": \"2026-01-01T00:00:00Z\", \"host\": \"EXCHSRV01\", "
        "\"state\": \"planned\", \"actions\": [\"Set a value\"], \"steps\": [{\"kind\": \"reg-set\", \"status\": \"pending\", "
        "\"title\": \"Set a value\", \"target\": \"HKLM\\\\" "SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Parameters\\\\X\", "
        "\"key\": \"SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Parameters\", \"value\": \"X\", "
        "\"before\": {\"exists\": false, \"type\": 0, \"hex\": \"\"}, "
        "\"after\": {\"exists\": true, \"type\": 4, \"hex\": \"86010000\"}, \"error\": \"\", \"wave\": 0}]}";
    mem_machine mm;
    bf_fix_plan *p;
    bf_err err;
    char *before, *after;
    const mem_item *r;
    rp_machine(&mm);
    p = bf_fix_journal_read(journal, sizeof journal - 1, "j.json", &err);
    if (!p)
        printf("  %s\n", err.msg);
    REQUIRE(p);
    before = mem_dump(&mm, "bindfix");
    REQUIRE(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    r = mem_find_reg(&mm, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters", "X");
    CHECK(r && r->v.exists && r->v.type == 4 && r->v.len == 4 && r->v.data[0] == 0x86 && r->v.data[1] == 1);
    REQUIRE(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    r = mem_find_reg(&mm, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters", "X");
    CHECK(!r || !r->v.exists);
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);
    mem_free(&mm);
}
