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
    const bf_action *list[6];
    size_t n;
} rp_actions;

static void rp_add(rp_actions *c, bf_action_kind kind, const char *title, bf_action_params params)
{
    bf_action *a = &c->a[c->n];
    memset(a, 0, sizeof *a);
    a->kind = kind;
    a->title = (char *)title;
    a->params = params;
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
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix-2026-01-01T000000Z.bak"};
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
    rp_add(c, BF_ACTION_SET_METRIC, "Raise the metric of NdisWan4 to 110", (bf_action_params){.adapter = RP_DUN, .metric = 110});
    rp_add(c, BF_ACTION_LDAP_ALT_PORT, "Move the directory's LDAP port to 390", (bf_action_params){.port = 390});
    rp_add(c, BF_ACTION_HOSTS_COMMENT, "Comment out line 3", (bf_action_params){.line = 3, .text = "198.51.100.7 EXCHSRV01"});
    rp_add(c, BF_ACTION_HOSTS_COMMENT, "Comment out line 5", (bf_action_params){.line = 5, .text = "203.0.113.9 exchsrv01.corp.example"});
    rp_add(c, BF_ACTION_START_SERVICE, "Start MSExchangeSA, then MSExchangeDS", (bf_action_params){.services = "MSExchangeSA,MSExchangeDS"});
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
    rp_add(&c, BF_ACTION_HOSTS_COMMENT, "Comment out line 3", (bf_action_params){.line = 3, .text = "198.51.100.7 EXCHSRV01"});
    rp_add(&c, BF_ACTION_HOSTS_COMMENT, "Comment out line 5", (bf_action_params){.line = 5, .text = "203.0.113.9 exchsrv01.corp.example"});
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
    h = mem_find_file(&mm, RP_HOSTS ".bindfix-2026-01-01T000000Z.bak");
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
                         int *code, bf_err *err)
{
    size_t i;
    bool all = true;
    for (i = 0; i < n; i++) {
        bf_err e;
        bf_err_clear(&e);
        ok[i] = start ? slow_start(ctx, names[i], timeout_ms, &e) : slow_stop(ctx, names[i], timeout_ms, &e);
        code[i] = ok[i] ? 0 : (int)e.code;
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
        rp_add(&c, BF_ACTION_HOSTS_COMMENT, "Comment out line 3", (bf_action_params){.line = 3, .text = "198.51.100.7 EXCHSRV01"});
        rp_add(&c, BF_ACTION_RESTART_SERVICES, "Restart MSExchangeDS", (bf_action_params){.services = "MSExchangeDS"});
        {
            bf_buf notes;
            bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
            bf_buf_init(&notes);
            p = bf_fix_plan_build(s, c.list, c.n, &sm.m, &o, &notes, &err);
            bf_buf_free(&notes);
        }
        REQUIRE(p);
        before = rp_dump(&mm);
        CHECK(!bf_fix_apply(p, &sm.m, RP_JOURNAL, NULL, &err));
        CHECK(strstr(err.msg, "did not stop within") != NULL);
        CHECK(strstr(err.msg, "the machine is as before") != NULL);
        CHECK_STR(bf_plan_state_token(p->state), "rolled-back");
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
    CHECK_STR(bf_plan_state_token(back->state), "applied");
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
    CHECK_STR(bf_plan_state_token(back->state), "undone");
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
    CHECK_STR(bf_plan_state_token(p->state), "stopped");
    CHECK_INT(h.after_calls, (int)first_service);
    for (k = 0; k < p->step_count; k++)
        CHECK_INT(p->steps[k].status, k < first_service ? BF_STEP_DONE : BF_STEP_PENDING);
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(back);
    CHECK_STR(bf_plan_state_token(back->state), "stopped");
    /* going on does only the pending steps */
    bf_buf_reset(&mm.log);
    CHECK(bf_fix_apply(p, &mm.m, RP_JOURNAL, &o, &err));
    CHECK_STR(bf_plan_state_token(p->state), "applied");
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
    rp_add(&c, BF_ACTION_SKIP_AS_SOURCE, "Mark 198.51.100.7 SkipAsSource", (bf_action_params){.address = "198.51.100.7"});
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
    rp_add(&c, BF_ACTION_SKIP_AS_SOURCE, "Mark 203.0.113.99 SkipAsSource", (bf_action_params){.address = "203.0.113.99"});
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
    rp_add(&c, BF_ACTION_LDAP_ALT_PORT, "Move the Exchange directory's LDAP port to 391", (bf_action_params){.port = 391});
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
    rp_add(&c, BF_ACTION_LDAP_ALT_PORT, "x", (bf_action_params){.port = 70000});
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
        "\"title\": \"Set a value\", \"target\": \"HKLM\\\\" "SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Parameters\\\\Interfaces\\\\" RP_LAN "\\\\InterfaceMetric\", "
        "\"key\": \"SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Parameters\\\\Interfaces\\\\" RP_LAN "\", \"value\": \"InterfaceMetric\", "
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
    r = mem_find_reg(&mm, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" RP_LAN, "InterfaceMetric");
    CHECK(r && r->v.exists && r->v.type == 4 && r->v.len == 4 && r->v.data[0] == 0x86 && r->v.data[1] == 1);
    REQUIRE(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    r = mem_find_reg(&mm, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" RP_LAN, "InterfaceMetric");
    CHECK(!r || !r->v.exists);
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);
    mem_free(&mm);
}

/* ---- undo order and the comparison after undo (issue 13) ----------------------------------------------
 * A repair that comments the hosts line and restarts the Exchange services must be undone
 * configuration first: a service started again by the undo must read the hosts file it had before.
 * The in-memory machine's log shows every changing call in order; these tests check, for a plain undo,
 * the automatic rollback after a failure at every point, a stopped plan, a journal left by a power
 * loss at every point and a second undo after a partly failed one, that no configuration change is
 * made after the first service stop or start. */
#include "cli.h"
#include "fake_system.h"
#include "json.h"
#include "repair_session.h"
#include "snapshot_json.h"

/* The rp machine with the directory and the system attendant running too, so that a restart of the
 * directory has its dependents to stop and start. */
static void ud_machine(mem_machine *mm)
{
    rp_machine(mm);
    mem_set_service(mm, "MSExchangeSA", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeDS", BF_SVC_RUNNING);
}

static void ud_actions(rp_actions *c)
{
    memset(c, 0, sizeof *c);
    rp_add(c, BF_ACTION_SET_METRIC, "Raise the metric of NdisWan4 to 110", (bf_action_params){.adapter = RP_DUN, .metric = 110});
    rp_add(c, BF_ACTION_HOSTS_COMMENT, "Comment out line 3", (bf_action_params){.line = 3, .text = "198.51.100.7 EXCHSRV01"});
    rp_add(c, BF_ACTION_RESTART_SERVICES, "Restart MSExchangeDS after the change", (bf_action_params){.services = "MSExchangeDS"});
}

/* In the log from line `from` (0-based) on: true when no configuration change (a registry value, a
 * file other than the journal, a metric) comes after a service stop or start. *services counts the
 * service calls seen. */
static bool ud_config_before_services(const char *log, size_t from, int *services)
{
    const char *line = log;
    size_t n = 0;
    bool seen_service = false, ok = true;
    size_t jl = strlen("file " RP_JOURNAL);
    *services = 0;
    for (; *line; line = strchr(line, '\n') + 1, n++) {
        bool journal = strncmp(line, "file " RP_JOURNAL, jl) == 0 && line[jl] == '\n';
        bool service = strncmp(line, "stop ", 5) == 0 || strncmp(line, "start ", 6) == 0 ||
                       strncmp(line, "end-process ", 12) == 0;
        if (n < from || journal)
            continue;
        if (service) {
            seen_service = true;
            (*services)++;
        } else if (seen_service) {
            ok = false;
            printf("    configuration change after a service call: %.*s\n", (int)(strchr(line, '\n') - line), line);
        }
    }
    return ok;
}

/* The rollback after a failing call (1-based n) starts after the next journal write: the other services
 * of a wave are still stopped or started with the failing one, then the failure is journaled. */
static size_t ud_rollback_start(const char *log, size_t n)
{
    size_t i = 0, jl = strlen("file " RP_JOURNAL);
    for (; *log; log = strchr(log, '\n') + 1, i++)
        if (i >= n && strncmp(log, "file " RP_JOURNAL, jl) == 0 && log[jl] == '\n')
            return i;
    return i;
}

static size_t ud_lines(const char *log)
{
    size_t n = 0;
    for (; *log; log++)
        n += *log == '\n';
    return n;
}

BF_TEST(undo_puts_the_configuration_back_before_any_service_is_started)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    const mem_item *ji;
    char *before, *after;
    int services = 0;
    size_t k, config = 0, svc = 0;
    REQUIRE(s);
    ud_machine(&mm);
    ud_actions(&c);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    /* the plan itself: configuration steps, then the services (this is why plain reverse order is wrong) */
    for (k = 0; k < p->step_count; k++) {
        bool is_svc = p->steps[k].kind == BF_STEP_SERVICE_STOP || p->steps[k].kind == BF_STEP_SERVICE_START;
        svc += is_svc;
        config += !is_svc && p->steps[k].kind != BF_STEP_FILE_WRITE;
        CHECK(is_svc || svc == 0);
    }
    CHECK(config >= 2);
    CHECK(svc >= 4);
    before = rp_dump(&mm);
    REQUIRE(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(back);
    bf_buf_reset(&mm.log);
    REQUIRE(bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(ud_config_before_services(bf_buf_cstr(&mm.log), 0, &services));
    CHECK_INT(services, (int)svc);
    /* the services: what the repair started is stopped again, dependents first; then started again,
     * dependencies first: the directory stops last and starts first */
    {
        const char *log = bf_buf_cstr(&mm.log);
        const char *stop_ds = strstr(log, "stop MSExchangeDS\n"), *stop_is = strstr(log, "stop MSExchangeIS\n");
        const char *start_ds = strstr(log, "start MSExchangeDS\n"), *start_is = strstr(log, "start MSExchangeIS\n");
        CHECK(stop_ds && stop_is && start_ds && start_is);
        CHECK(stop_is < stop_ds && stop_ds < start_ds && start_ds < start_is);
        CHECK(strstr(log, "file " RP_HOSTS "\n") < stop_is);
    }
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(after);
    free(before);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* A failure injected at every changing call of the apply: the automatic rollback (also in the middle
 * of a wave of stops or starts) puts the configuration back before it touches a service, and restores
 * the machine exactly. Then the same with a power loss at every point and undo from the journal on
 * disk (an interrupted apply: steps "doing"). */
BF_TEST(undo_order_holds_for_the_rollback_after_a_failure_and_after_a_power_loss_at_every_point)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p;
    bf_err err;
    int total, n, failures = 0, rollbacks_with_services = 0, power_undos_with_services = 0;
    REQUIRE(s);
    ud_actions(&c);
    ud_machine(&mm);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    REQUIRE(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    total = mm.changing_calls;
    bf_fix_plan_destroy(p);
    mem_free(&mm);
    for (n = 1; n <= total; n++) {
        char *before, *after;
        int services = 0;
        ud_machine(&mm);
        p = rp_plan(&mm, s, &c, &err);
        REQUIRE(p);
        before = rp_dump(&mm);
        mm.fail_call = n;
        if (!bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err)) {
            failures++;
            if (!ud_config_before_services(bf_buf_cstr(&mm.log), ud_rollback_start(bf_buf_cstr(&mm.log), (size_t)n), &services))
                printf("    (rollback after a failure at call %d)\n%s", n, getenv("UD_LOG") ? bf_buf_cstr(&mm.log) : ""), bf_test_failures++;
            rollbacks_with_services += services > 0;
            after = rp_dump(&mm);
            if (strcmp(after, before) != 0)
                printf("    failure at call %d: the machine is not as before\n", n), bf_test_failures++;
            free(after);
        }
        free(before);
        bf_fix_plan_destroy(p);
        mem_free(&mm);

        /* power loss after call n, then undo from what the journal on disk says */
        ud_machine(&mm);
        p = rp_plan(&mm, s, &c, &err);
        REQUIRE(p);
        before = rp_dump(&mm);
        mm.die_after = n;
        if (!bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err)) {
            const mem_item *ji = mem_find_file(&mm, RP_JOURNAL);
            bf_fix_plan *back = NULL;
            size_t from;
            mm.die_after = 0;
            if (ji)
                back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
            from = ud_lines(bf_buf_cstr(&mm.log));
            if (back && !bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err))
                printf("    power loss at %d: undo failed: %s\n", n, err.msg), bf_test_failures++;
            if (!ud_config_before_services(bf_buf_cstr(&mm.log), from, &services))
                printf("    (undo after a power loss at call %d)\n", n), bf_test_failures++;
            power_undos_with_services += services > 0;
            after = rp_dump(&mm);
            if (strcmp(after, before) != 0)
                printf("    power loss at call %d: the machine is not as before after undo\n", n), bf_test_failures++;
            free(after);
            bf_fix_plan_destroy(back);
        }
        free(before);
        bf_fix_plan_destroy(p);
        mem_free(&mm);
    }
    CHECK_INT(failures, total);
    /* the sweep reached rollbacks and undos that had services to put back (not only config) */
    CHECK(rollbacks_with_services >= 4);
    CHECK(power_undos_with_services >= 4);
    bf_snapshot_destroy(s);
}

typedef struct ud_stop {
    size_t at;
} ud_stop;

static bool ud_before(void *cb, const bf_fix_plan *p, size_t i)
{
    (void)p;
    return i != ((ud_stop *)cb)->at;
}

/* A plan stopped between steps (Close during Apply, the wizard's Cancel) at every step boundary after
 * the first service step, then undone: configuration first, machine as before. */
BF_TEST(undo_of_a_stopped_plan_puts_the_configuration_back_first)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p;
    bf_err err;
    size_t at, first_service = 0, steps;
    int stopped = 0;
    REQUIRE(s);
    ud_actions(&c);
    ud_machine(&mm);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    steps = p->step_count;
    while (first_service < steps && p->steps[first_service].kind != BF_STEP_SERVICE_STOP)
        first_service++;
    bf_fix_plan_destroy(p);
    mem_free(&mm);
    REQUIRE(first_service < steps);
    for (at = first_service + 1; at < steps; at++) {
        ud_stop stop = {at};
        bf_fix_opts o = {.service_timeout_ms = 1000, .before_step = ud_before, .cb = &stop};
        char *before, *after;
        int services = 0;
        ud_machine(&mm);
        p = rp_plan(&mm, s, &c, &err);
        REQUIRE(p);
        before = rp_dump(&mm);
        if (!bf_fix_apply(p, &mm.m, RP_JOURNAL, &o, &err) && err.code == BF_FIX_STOPPED) {
            size_t from = ud_lines(bf_buf_cstr(&mm.log));
            stopped++;
            CHECK_STR(bf_plan_state_token(p->state), "stopped");
            CHECK(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
            CHECK(ud_config_before_services(bf_buf_cstr(&mm.log), from, &services));
            CHECK(services > 0);
            after = rp_dump(&mm);
            CHECK_STR(after, before);
            free(after);
        }
        free(before);
        bf_fix_plan_destroy(p);
        mem_free(&mm);
    }
    CHECK(stopped >= 2);
    bf_snapshot_destroy(s);
}

/* The hosts file cannot be put back (held open by another program): the undo leaves the services as
 * the repair made them (starting them now would bind them with the repaired file) and says so; once the
 * file is free, a second undo restores it and then restarts the services: the machine as before. */
BF_TEST(undo_that_cannot_restore_the_configuration_leaves_the_services_then_a_second_undo_finishes)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    const mem_item *ji;
    char *before, *after;
    int services = 0;
    size_t k, done_services = 0;
    REQUIRE(s);
    ud_machine(&mm);
    ud_actions(&c);
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    before = rp_dump(&mm);
    REQUIRE(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    bf_buf_reset(&mm.log);
    mm.fail_path = RP_HOSTS;
    CHECK(!bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(strstr(err.msg, "services were left as the repair made them") != NULL);
    CHECK(ud_config_before_services(bf_buf_cstr(&mm.log), 0, &services));
    CHECK_INT(services, 0);
    CHECK_STR(bf_plan_state_token(p->state), "failed");
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(back);
    for (k = 0; k < back->step_count; k++)
        done_services += (back->steps[k].kind == BF_STEP_SERVICE_STOP || back->steps[k].kind == BF_STEP_SERVICE_START) &&
                         back->steps[k].status == BF_STEP_DONE;
    CHECK(done_services >= 4);
    mm.fail_path = NULL;
    bf_buf_reset(&mm.log);
    CHECK(bf_fix_undo(back, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(ud_config_before_services(bf_buf_cstr(&mm.log), 0, &services));
    CHECK_INT(services, (int)done_services);
    CHECK(strstr(bf_buf_cstr(&mm.log), "file " RP_HOSTS "\n") != NULL);
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(after);
    free(before);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* The first probe of the first endpoint that has one (the demo machine has several). */
static bf_probe *ud_probe(bf_snapshot *s, size_t skip, bf_endpoint **ep)
{
    size_t i, j;
    for (i = 0; i < s->endpoint_count; i++)
        for (j = 0; j < s->endpoints[i].probe_count; j++)
            if (skip-- == 0) {
                *ep = &s->endpoints[i];
                return &s->endpoints[i].probes[j];
            }
    return NULL;
}

BF_TEST(undo_compare_says_as_before_or_lists_exactly_what_differs)
{
    bf_err err;
    bf_snapshot *before = bf_demo_snapshot(&err), *now = bf_demo_snapshot(&err);
    bf_fix_plan *p, *back;
    bf_undo_check c;
    bf_buf text, j;
    bf_endpoint *ep;
    bf_probe *q;
    size_t results;
    REQUIRE(before && now);
    memset(&c, 0, sizeof c);
    bf_buf_init(&text);
    bf_buf_init(&j);
    p = calloc(1, sizeof *p);
    REQUIRE(p);
    p->arena = bf_arena_create();
    /* no baseline: cannot compare */
    REQUIRE(bf_undo_compare(p, now, &c));
    CHECK(c.done && !c.compared);
    bf_undo_check_write(&c, &text);
    CHECK(strstr(bf_buf_cstr(&text), "cannot compare") != NULL);
    /* the same machine: as before */
    REQUIRE(bf_baseline_record(p, before));
    results = p->baseline_count;
    REQUIRE(results >= 3);
    REQUIRE(bf_undo_compare(p, now, &c));
    CHECK(c.compared);
    CHECK_INT(c.results, results);
    CHECK_INT(c.diff_count, 0);
    bf_buf_reset(&text);
    bf_undo_check_write(&c, &text);
    CHECK(strstr(bf_buf_cstr(&text), "as before") != NULL);
    /* one protocol binds and answers now where it did not: exactly that row */
    q = ud_probe(now, 0, &ep);
    REQUIRE(q);
    q->result = q->result == BF_PROBE_OK ? BF_PROBE_ADDRINUSE : BF_PROBE_OK;
    q->greeting = BF_GREET_ANSWERED;
    REQUIRE(bf_undo_compare(p, now, &c));
    REQUIRE(c.diff_count == 1);
    CHECK(c.diffs[0].in_before && c.diffs[0].in_now);
    CHECK_INT(c.diffs[0].port, ep->port);
    CHECK_STR(c.diffs[0].address, q->address);
    CHECK_INT(c.diffs[0].bind_now, q->result);
    CHECK_INT(c.diffs[0].greeting_now, BF_GREET_ANSWERED);
    bf_buf_reset(&text);
    bf_undo_check_write(&c, &text);
    CHECK(strstr(bf_buf_cstr(&text), "not as before: 1 of the results differ") != NULL);
    CHECK(strstr(bf_buf_cstr(&text), "now: bind") != NULL && strstr(bf_buf_cstr(&text), "answers") != NULL);
    /* an address no longer probed, and a new one on a port the baseline has */
    q->result = ((bf_probe *)ud_probe(before, 0, &ep))->result;
    q->greeting = ((bf_probe *)ud_probe(before, 0, &ep))->greeting;
    q->address = "203.0.113.77";
    REQUIRE(bf_undo_compare(p, now, &c));
    CHECK_INT(c.diff_count, 2);
    CHECK(c.diff_count == 2 && c.diffs[0].in_before && !c.diffs[0].in_now);
    CHECK(c.diff_count == 2 && !c.diffs[1].in_before && c.diffs[1].in_now && strcmp(c.diffs[1].address, "203.0.113.77") == 0);
    bf_buf_reset(&text);
    bf_undo_check_write(&c, &text);
    CHECK(strstr(bf_buf_cstr(&text), "no longer returns it") != NULL);
    CHECK(strstr(bf_buf_cstr(&text), "did not return it") != NULL);
    /* a scan whose catalogue has no such protocol at all (undo without the repair's --catalogue):
     * its rows are not differences of the machine, they are counted and said as not compared */
    q->address = ((bf_probe *)ud_probe(before, 0, &ep))->address;
    {
        size_t k, probes = 0;
        int port = ep->port;
        for (k = 0; k < now->endpoint_count; k++)
            if (now->endpoints[k].port == port) {
                probes += now->endpoints[k].probe_count;
                now->endpoints[k].port = 1;     /* a port the baseline does not have */
            }
        REQUIRE(bf_undo_compare(p, now, &c));
        CHECK_INT(c.not_compared, probes);
        CHECK_INT(c.results, results - probes);
        CHECK_INT(c.diff_count, 0);
        bf_buf_reset(&text);
        bf_undo_check_write(&c, &text);
        CHECK(strstr(bf_buf_cstr(&text), "not compared") != NULL && strstr(bf_buf_cstr(&text), "as before") != NULL);
        for (k = 0; k < now->endpoint_count; k++)
            if (now->endpoints[k].port == 1)
                now->endpoints[k].port = port;
    }
    /* the baseline survives the journal, byte for byte the same rows */
    p->created = "2026-01-01T00:00:00Z";
    p->host = "EXCHSRV01";
    p->state = BF_PLAN_APPLIED;
    bf_fix_journal_write(p, &j);
    back = bf_fix_journal_read(bf_buf_cstr(&j), j.len, "journal", &err);
    REQUIRE(back);
    CHECK(back->has_baseline);
    CHECK_INT(back->baseline_count, results);
    CHECK(back->baseline_count == results && strcmp(back->baseline[0].address, p->baseline[0].address) == 0 &&
          back->baseline[0].bind == p->baseline[0].bind && back->baseline[0].greeting == p->baseline[0].greeting);
    bf_fix_plan_destroy(back);
    bf_undo_check_free(&c);
    bf_buf_free(&text);
    bf_buf_free(&j);
    bf_arena_destroy(p->arena);
    free(p);
    bf_snapshot_destroy(before);
    bf_snapshot_destroy(now);
}

/* The journal's baseline section is read strictly; a journal without it still reads. */
BF_TEST(journal_baseline_is_optional_strict_and_bounded)
{
    static const char head[] = "{\"schema\": \"bindfix-journal\", \"version\": 1, \"created\": \"x\", \"host\": \"h\", "
                               "\"state\": \"applied\", \"actions\": [], \"steps\": []";
    static const struct {
        const char *tail;
        const char *error;  /* NULL: reads */
    } cases[] = {
        {"}", NULL},
        {", \"baseline\": []}", NULL},
        {", \"baseline\": [{\"protocol\": \"POP3\", \"transport\": \"tcp\", \"port\": 110, \"address\": \"192.0.2.10\", "
         "\"bind\": \"addrnotavail\", \"greeting\": \"not-tried\"}]}", NULL},
        {", \"baseline\": {}}", "must be an array"},
        {", \"baseline\": [{\"protocol\": \"POP3\", \"transport\": \"tcp\", \"port\": 110, \"address\": \"192.0.2.10\", "
         "\"bind\": \"addrnotavail\", \"greeting\": \"not-tried\", \"extra\": 1}]}", "unknown member"},
        {", \"baseline\": [{\"protocol\": \"POP3\", \"transport\": \"sctp\", \"port\": 110, \"address\": \"192.0.2.10\", "
         "\"bind\": \"ok\", \"greeting\": \"not-tried\"}]}", "transport"},
        {", \"baseline\": [{\"protocol\": \"POP3\", \"transport\": \"tcp\", \"port\": 70000, \"address\": \"192.0.2.10\", "
         "\"bind\": \"ok\", \"greeting\": \"not-tried\"}]}", "port"},
        {", \"baseline\": [{\"protocol\": \"POP3\", \"transport\": \"tcp\", \"port\": 110, \"address\": \"192.0.2.10\", "
         "\"bind\": \"fine\", \"greeting\": \"not-tried\"}]}", "unknown value"},
        {", \"baseline\": [{\"protocol\": \"POP3\", \"transport\": \"tcp\", \"port\": 110, \"address\": \"192.0.2.10\", "
         "\"bind\": \"ok\"}]}", "missing"},
        {", \"baseline\": [{\"protocol\": \"\", \"transport\": \"tcp\", \"port\": 110, \"address\": \"192.0.2.10\", "
         "\"bind\": \"ok\", \"greeting\": \"answered\"}]}", "1 to 64 bytes"},
        {", \"baseline\": [7]}", "must be an object"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bf_buf b;
        bf_err err;
        bf_fix_plan *p;
        bf_buf_init(&b);
        bf_buf_puts(&b, head);
        bf_buf_puts(&b, cases[i].tail);
        bf_err_clear(&err);
        p = bf_fix_journal_read(bf_buf_cstr(&b), b.len, "j", &err);
        if (cases[i].error) {
            if (p || !strstr(err.msg, cases[i].error))
                printf("    case %zu: expected \"%s\", got \"%s\"\n", i, cases[i].error, p ? "(read)" : err.msg), bf_test_failures++;
        } else if (!p) {
            printf("    case %zu: %s\n", i, err.msg), bf_test_failures++;
        } else {
            CHECK_INT(p->has_baseline, i > 0);
        }
        bf_fix_plan_destroy(p);
        bf_buf_free(&b);
    }
    /* more rows than the limit: refused before anything is kept */
    {
        bf_buf b;
        bf_err err;
        int k;
        bf_buf_init(&b);
        bf_buf_puts(&b, head);
        bf_buf_puts(&b, ", \"baseline\": [");
        for (k = 0; k <= BF_BASELINE_MAX_ROWS; k++)
            bf_buf_puts(&b, k ? ",{\"protocol\":\"P\",\"transport\":\"tcp\",\"port\":1,\"address\":\"a\",\"bind\":\"ok\",\"greeting\":\"answered\"}"
                              : "{\"protocol\":\"P\",\"transport\":\"tcp\",\"port\":1,\"address\":\"a\",\"bind\":\"ok\",\"greeting\":\"answered\"}");
        bf_buf_puts(&b, "]}");
        CHECK(bf_fix_journal_read(bf_buf_cstr(&b), b.len, "j", &err) == NULL);
        CHECK(strstr(err.msg, "more than the limit") != NULL);
        bf_buf_free(&b);
    }
}

/* bindfix-cli repair --apply records the baseline in the journal; bindfix-cli undo (another process:
 * only the journal connects them) compares: "as before", exit 0; a machine that answers where it did
 * not before: the difference listed, exit 1. */
BF_TEST(cli_undo_says_as_before_or_what_differs_and_exits_accordingly)
{
    bf_fake_system f;
    mem_machine mm;
    bf_snapshot *s = rp_snapshot(), *changed = rp_snapshot();
    char *argv[8];
    const mem_item *ji;
    bf_endpoint *ep;
    bf_probe *q;
    bf_err err;
    bf_fix_plan *jp;
    int rc;
    REQUIRE(s && changed);
    bf_fake_init(&f);
    ud_machine(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    f.collect_source = s;
    argv[0] = "bindfix-cli";
    argv[1] = "repair";
    argv[2] = "--apply";
    argv[3] = "--journal";
    argv[4] = RP_JOURNAL;
    rc = bf_cli_main(5, argv, &f.sys);
    CHECK(rc == 0 || rc == 1);  /* the fake machine's scan does not change: not verified */
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    jp = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    REQUIRE(jp);
    CHECK(jp->has_baseline && jp->baseline_count > 0);
    bf_fix_plan_destroy(jp);
    /* keep a copy of the applied journal for the second undo */
    {
        char *copy = malloc(ji->v.len);
        size_t len = ji->v.len;
        REQUIRE(copy);
        memcpy(copy, ji->v.data, len);
        REQUIRE(bf_fake_put_file(&f, RP_JOURNAL, copy, len));
        REQUIRE(bf_fake_put_file(&f, RP_JOURNAL ".applied", copy, len));
        free(copy);
    }
    bf_fake_reset_output(&f);
    argv[1] = "undo";
    argv[2] = "--journal";
    argv[3] = RP_JOURNAL;
    rc = bf_cli_main(4, argv, &f.sys);
    CHECK_INT(rc, 0);
    CHECK(strstr(bf_buf_cstr(&f.out), "configuration first, then the services") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "AFTER UNDO") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "  as before (") != NULL);
    /* the same undo, but the machine afterwards answers POP3 where it did not before */
    q = ud_probe(changed, 0, &ep);
    REQUIRE(q);
    q->result = q->result == BF_PROBE_OK ? BF_PROBE_ADDRINUSE : BF_PROBE_OK;
    q->greeting = BF_GREET_ANSWERED;
    f.collect_source = changed;
    bf_fake_reset_output(&f);
    argv[3] = RP_JOURNAL ".applied";
    rc = bf_cli_main(4, argv, &f.sys);
    CHECK_INT(rc, 1);
    CHECK(strstr(bf_buf_cstr(&f.out), "not as before: 1 of the results differ") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), q->address) != NULL);
    bf_fake_free(&f);
    bf_snapshot_destroy(s);
    bf_snapshot_destroy(changed);
    mem_free(&mm);
}

/* repair --apply --json, for res/fleet's changed_when: standard output is exactly one JSON result, "changed"
 * true with the steps applied and the journal; on a machine with nothing to repair "changed" is false
 * (exit 0 both times: the exit code alone cannot tell them apart). The text goes to standard error. */
BF_TEST(cli_repair_json_says_whether_the_machine_was_changed)
{
    bf_fake_system f;
    mem_machine mm;
    bf_snapshot *s = rp_snapshot(), *healthy = NULL;
    char *argv[8], *data;
    size_t len = 0;
    bf_err err;
    bf_arena *a = bf_arena_create();
    const bf_json *root;
    int rc;
    REQUIRE(s && a);
    data = bf_test_read_file("scenarios/healthy-2019.json", &len);
    REQUIRE(data);
    healthy = bf_snapshot_read_json(data, len, "healthy-2019.json", &err);
    free(data);
    REQUIRE(healthy);
    bf_fake_init(&f);
    ud_machine(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    f.collect_source = s;
    argv[0] = "bindfix-cli";
    argv[1] = "repair";
    argv[2] = "--apply";
    argv[3] = "--json";
    argv[4] = "--journal";
    argv[5] = RP_JOURNAL;
    rc = bf_cli_main(6, argv, &f.sys);
    CHECK(rc == 0 || rc == 1);
    root = bf_json_parse(a, bf_buf_cstr(&f.out), f.out.len, "stdout", &err);
    REQUIRE(root);
    CHECK_STR(bf_json_get(root, "schema")->string, "bindfix-repair-result");
    CHECK(bf_json_get(root, "changed")->type == BF_JSON_BOOL && bf_json_get(root, "changed")->boolean);
    CHECK(bf_json_get(root, "steps_changed")->integer > 0);
    CHECK(bf_json_get(root, "steps_planned")->integer >= bf_json_get(root, "steps_changed")->integer);
    CHECK_INT((int)bf_json_get(root, "exit_code")->integer, rc);
    CHECK_STR(bf_json_get(root, "journal")->string, RP_JOURNAL);
    CHECK(strstr(bf_buf_cstr(&f.err), "APPLYING") != NULL);
    /* nothing to repair: exit 0, not changed */
    f.collect_source = healthy;
    bf_fake_reset_output(&f);
    argv[5] = RP_JOURNAL ".second";
    rc = bf_cli_main(6, argv, &f.sys);
    CHECK_INT(rc, 0);
    root = bf_json_parse(a, bf_buf_cstr(&f.out), f.out.len, "stdout", &err);
    REQUIRE(root);
    CHECK(bf_json_get(root, "changed")->type == BF_JSON_BOOL && !bf_json_get(root, "changed")->boolean);
    CHECK_INT((int)bf_json_get(root, "steps_changed")->integer, 0);
    CHECK_INT((int)bf_json_get(root, "steps_planned")->integer, 0);
    CHECK_INT((int)bf_json_get(root, "exit_code")->integer, 0);
    CHECK(mem_find_file(&mm, RP_JOURNAL ".second") == NULL);
    bf_fake_free(&f);
    bf_snapshot_destroy(s);
    bf_snapshot_destroy(healthy);
    bf_arena_destroy(a);
    mem_free(&mm);
}

/* A repair whose journal is outside the journal folder (repair --apply --journal FILE elsewhere): the
 * pointer names it only while that repair is unfinished. When the repair ends, and when an undo of that
 * journal ends, last-journal.txt is emptied, so that crash recovery (which reads no journal outside the
 * folder, and counts such a pointer as unfinished) does not stop the next repair. Issue 21. */
#define RP_OUTSIDE "C:\\Users\\admin\\journal.json"
#define RP_POINTER "C:\\ProgramData\\bindfix\\last-journal.txt"
BF_TEST(cli_repair_journal_outside_the_folder_pointer_emptied_when_it_ends)
{
    bf_fake_system f;
    mem_machine mm;
    bf_snapshot *s = rp_snapshot();
    char *argv[8];
    const mem_item *ji, *pi;
    char *stale = NULL;
    int rc;
    REQUIRE(s);
    bf_fake_init(&f);
    ud_machine(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    f.collect_source = s;
    argv[0] = "bindfix-cli";
    argv[1] = "repair";
    argv[2] = "--apply";
    argv[3] = "--journal";
    argv[4] = RP_OUTSIDE;
    rc = bf_cli_main(5, argv, &f.sys);
    CHECK(rc == 0 || rc == 1);
    ji = mem_find_file(&mm, RP_OUTSIDE);
    REQUIRE(ji);
    pi = mem_find_file(&mm, RP_POINTER);
    REQUIRE(pi);
    CHECK_INT((int)pi->v.len, 0);   /* named while applying, emptied at the end */
    /* as an interrupted repair leaves it: the pointer names the outside journal. The next repair stops,
     * naming the place, without reading that file (it is not even there for the reader) */
    REQUIRE(bf_fake_put_file(&f, RP_POINTER, RP_OUTSIDE, strlen(RP_OUTSIDE)));
    CHECK(bf_repair_interrupted(&f.sys, &stale));
    CHECK_STR(stale ? stale : "", RP_OUTSIDE);
    free(stale);
    bf_fake_reset_output(&f);
    mm.changing_calls = 0;
    rc = bf_cli_main(3, argv, &f.sys);
    CHECK_INT(rc, 2);
    CHECK(strstr(bf_buf_cstr(&f.err), "outside the journal folder (C:\\ProgramData\\bindfix)") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "undo --journal \"" RP_OUTSIDE "\"") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    /* the administrator names it: undo reads it, and the pointer that named it is emptied */
    ji = mem_find_file(&mm, RP_OUTSIDE);
    REQUIRE(ji);
    REQUIRE(bf_fake_put_file(&f, RP_OUTSIDE, (const char *)ji->v.data, ji->v.len));
    mem_set_file(&mm, RP_POINTER, RP_OUTSIDE, strlen(RP_OUTSIDE));
    bf_fake_reset_output(&f);
    argv[1] = "undo";
    argv[2] = "--journal";
    argv[3] = RP_OUTSIDE;
    rc = bf_cli_main(4, argv, &f.sys);
    CHECK_INT(rc, 0);
    pi = mem_find_file(&mm, RP_POINTER);
    REQUIRE(pi);
    CHECK_INT((int)pi->v.len, 0);
    bf_fake_free(&f);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* INetCfg's Apply answering NETCFG_S_REBOOT on a 2000/2003-style machine: bindfix-cli repair --apply
 * says the binding order is applied and takes effect after a restart, verify says PENDING (not
 * repaired, whatever the probes say), and the exit code is 3 (documented in the CLI help). */
BF_TEST(cli_repair_applied_after_restart_says_pending_and_exits_4)
{
    bf_fake_system f;
    mem_machine mm;
    bf_snapshot *s = rp_snapshot();
    char *argv[8];
    unsigned char order[256];
    size_t n = 0;
    const char *devices[2] = {"\\Device\\" RP_DUN, "\\Device\\" RP_LAN};
    REQUIRE(s);
    for (int d = 0; d < 2; d++) {
        for (const char *c = devices[d]; *c; c++) {
            order[n++] = (unsigned char)*c;
            order[n++] = 0;
        }
        order[n++] = 0;
        order[n++] = 0;
    }
    order[n++] = 0;
    order[n++] = 0;
    rp_machine(&mm);
    mem_set_netcfg(&mm, order, n);
    mm.netcfg_restart = true;
    bf_fake_init(&f);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    f.collect_source = s;
    argv[0] = "bindfix-cli";
    argv[1] = "repair";
    argv[2] = "--apply";
    argv[3] = "--journal";
    argv[4] = RP_JOURNAL;
    argv[5] = "--action";
    argv[6] = "2";      /* the demo's reorder-bindings: through INetCfg on this machine */
    int rc = bf_cli_main(7, argv, &f.sys);
    const char *out = bf_buf_cstr(&f.out);
    if (rc != BF_EXIT_RESTART_PENDING)
        printf("%s\n%s\n", out, bf_buf_cstr(&f.err));
    CHECK_INT(rc, BF_EXIT_RESTART_PENDING);
    CHECK(strstr(out, "(applied; takes effect after a restart)") != NULL);
    CHECK(strstr(out, "PENDING: applied; takes effect after a restart") != NULL);
    CHECK(strstr(out, "Repaired") == NULL);
    bf_fake_free(&f);
    mem_free(&mm);
    bf_snapshot_destroy(s);
}

/* A machine whose SetIpInterfaceEntry says success and changes nothing (the read back catches it). */
static bool rp_metric_set_ignored(void *ctx, const char *guid, int metric, bf_err *err)
{
    (void)ctx;
    (void)guid;
    (void)metric;
    (void)err;
    return true;
}

/* set-metric: the active change (SetIpInterfaceEntry, "until restart") and the change that lasts, made
 * by bindfix too: Tcpip\Parameters\Interfaces\{GUID}\InterfaceMetric ("persistent"), each its own step,
 * journaled, read back after the write, and undone - the metric back to automatic and the registry value
 * absent again, byte for byte. A metric the system does not report after the write is not verified: the
 * apply fails and rolls back. A journal naming the value of an adapter that does not exist is refused. */
BF_TEST(repair_metric_change_that_lasts_is_made_verified_and_undone)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    bf_buf preview;
    char *before, *after;
    int metric = -1;
    const mem_item *ji;
    REQUIRE(s);
    rp_machine(&mm);
    memset(&c, 0, sizeof c);
    rp_add(&c, BF_ACTION_SET_METRIC, "Raise the metric of NdisWan4 to 110", (bf_action_params){.adapter = RP_DUN, .metric = 110});
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 2);
    CHECK(p->steps[0].kind == BF_STEP_METRIC_SET && strcmp(p->steps[0].lasts, "until restart") == 0);
    CHECK(p->steps[1].kind == BF_STEP_REG_SET && strcmp(p->steps[1].lasts, "persistent") == 0);
    CHECK_STR(p->steps[1].target, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" RP_DUN
                                  "\\InterfaceMetric");
    CHECK(!p->steps[1].before.exists);
    CHECK(p->steps[0].lasting_command[0] == 0);     /* no command left for the administrator to run */
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "lasts: persistent") != NULL);
    bf_buf_free(&preview);
    before = rp_dump(&mm);
    CHECK(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(mm.m.metric_get(mm.m.ctx, RP_DUN, &metric, &err) && metric == 110);
    {
        bf_regval v = {0};
        CHECK(mm.m.reg_read(mm.m.ctx, p->steps[1].key, "InterfaceMetric", &v, &err) && v.exists && v.type == 4 &&
              v.len == 4 && v.data[0] == 110);
        bf_regval_free(&v);
    }
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    CHECK(back && back->step_count == 2 && strcmp(back->steps[1].lasts, "persistent") == 0);
    /* the limits: the adapter exists now; the same step for an adapter this machine does not have is refused */
    if (back) {
        CHECK(bf_fix_journal_check(back, &mm.m, RP_JOURNAL, &err));
        back->steps[1].key = "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\"
                             "{00000000-1111-2222-3333-444444444444}";
        back->steps[1].target = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\"
                                "{00000000-1111-2222-3333-444444444444}\\InterfaceMetric";
        CHECK(!bf_fix_journal_check(back, &mm.m, RP_JOURNAL, &err));
        CHECK(strstr(err.msg, "no adapter with this GUID exists") != NULL);
        /* a metric past 9999 is outside the row's callback */
        back->steps[1].after.data[0] = 0x10;
        back->steps[1].after.data[1] = 0x27;    /* 10000 */
        CHECK(!bf_fix_step_in_limits(&back->steps[1], &(const char *){NULL}));
        bf_fix_plan_destroy(back);
    }
    CHECK(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);

    /* the call says success and the metric does not change: not verified, rolled back */
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    {
        bf_machine liar = mm.m;
        liar.metric_set = rp_metric_set_ignored;
        CHECK(!bf_fix_apply(p, &liar, RP_JOURNAL, NULL, &err));
        CHECK(strstr(err.msg, "not verified") != NULL);
        CHECK(p->state == BF_PLAN_ROLLED_BACK);
    }
    bf_fix_plan_destroy(p);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}

/* A SkipAsSource re-add that says success and leaves the old flag (the read back catches it). */
static bool rp_readd_ignored(void *ctx, const char *address, bool skip, bf_err *err)
{
    (void)ctx, (void)address, (void)skip, (void)err;
    return true;
}

/* skip-as-source on a static address: the change that lasts, made by bindfix. SetUnicastIpAddressEntry
 * changes the address as it is now, and the flag is the address's own from when it is added (netsh ...
 * add address ... store=persistent skipassource=true): one step, "skip-as-source-readd", previewed with
 * the address's short absence, journaled, read back, undone by adding it again as it was. A re-add that
 * changes nothing is not verified and is rolled back; one whose add fails stops the repair; a leased
 * address keeps the until-the-lease-renews step. */
BF_TEST(repair_skip_as_source_that_lasts_readds_the_static_address_verified_and_undone)
{
    mem_machine mm;
    rp_actions c;
    bf_snapshot *s = rp_snapshot();
    bf_fix_plan *p, *back;
    bf_err err;
    bf_buf preview, notes;
    bool skip = true;
    char *before, *after;
    const mem_item *ji;
    bf_address *ad;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix-2026-01-01T000000Z.bak"};
    REQUIRE(s && s->adapter_count > 0);
    ad = bf_adapter_add_address(s, &s->adapters[0], "198.51.100.7", 24);
    REQUIRE(ad);
    ad->family = 4;
    ad->origin = BF_ORIGIN_MANUAL;
    rp_machine(&mm);
    mem_set_skip(&mm, "198.51.100.7", false);
    memset(&c, 0, sizeof c);
    rp_add(&c, BF_ACTION_SKIP_AS_SOURCE, "Mark 198.51.100.7 SkipAsSource", (bf_action_params){.address = "198.51.100.7"});
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, c.list, c.n, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 1);
    CHECK(p->steps[0].kind == BF_STEP_SKIP_READD && strcmp(p->steps[0].lasts, "persistent") == 0);
    CHECK(!p->steps[0].lasting_command || !p->steps[0].lasting_command[0]);  /* nothing left to run by hand */
    CHECK(strstr(bf_buf_cstr(&notes), "connections using the address are cut") != NULL);
    bf_buf_free(&notes);
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "[skip-as-source-readd] Mark 198.51.100.7 SkipAsSource") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "after:  SkipAsSource on") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "lasts: persistent") != NULL);
    bf_buf_free(&preview);
    before = rp_dump(&mm);
    CHECK(bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(strstr(bf_buf_cstr(&mm.log), "skip-readd 198.51.100.7") != NULL);
    CHECK(strstr(bf_buf_cstr(&mm.log), "skip 198.51.100.7") == NULL);  /* not the until-restart call */
    CHECK(mm.m.skip_get(mm.m.ctx, "198.51.100.7", &skip, &err) && skip);
    ji = mem_find_file(&mm, RP_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, RP_JOURNAL, &err);
    CHECK(back && back->step_count == 1 && back->steps[0].kind == BF_STEP_SKIP_READD &&
          strcmp(back->steps[0].lasts, "persistent") == 0);
    if (back) {
        CHECK(bf_fix_journal_check(back, &mm.m, RP_JOURNAL, &err));
        back->steps[0].after.data[0] = 2;   /* a flag is 0 or 1 */
        CHECK(!bf_fix_step_in_limits(&back->steps[0], &(const char *){NULL}));
        bf_fix_plan_destroy(back);
    }
    CHECK(bf_fix_undo(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(mm.m.skip_get(mm.m.ctx, "198.51.100.7", &skip, &err) && !skip);
    after = rp_dump(&mm);
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);

    /* the re-add says success and the flag is still off: not verified, rolled back */
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    {
        bf_machine liar = mm.m;
        liar.skip_readd = rp_readd_ignored;
        CHECK(!bf_fix_apply(p, &liar, RP_JOURNAL, NULL, &err));
        CHECK(strstr(err.msg, "not verified") != NULL);
        CHECK(p->state == BF_PLAN_ROLLED_BACK);
    }
    bf_fix_plan_destroy(p);

    /* the add after the delete fails, the address put back as it was: the step failed, the flag is off */
    p = rp_plan(&mm, s, &c, &err);
    REQUIRE(p);
    mm.readd_fault = 1;
    CHECK(!bf_fix_apply(p, &mm.m, RP_JOURNAL, NULL, &err));
    CHECK(strstr(err.msg, "added back as it was") != NULL);
    CHECK(p->steps[0].status != BF_STEP_DONE);
    CHECK(mm.m.skip_get(mm.m.ctx, "198.51.100.7", &skip, &err) && !skip);
    mm.readd_fault = 0;
    bf_fix_plan_destroy(p);

    /* no re-add on this system, or a leased address: the until-restart step and what it lasts */
    {
        bf_machine old = mm.m;
        mm.m.skip_readd = NULL;
        p = rp_plan(&mm, s, &c, &err);
        REQUIRE(p);
        CHECK(p->step_count == 1 && p->steps[0].kind == BF_STEP_SKIP_SET && strcmp(p->steps[0].lasts, "until restart") == 0);
        bf_fix_plan_destroy(p);
        mm.m = old;
        ad->origin = BF_ORIGIN_DHCP;
        p = rp_plan(&mm, s, &c, &err);
        REQUIRE(p);
        CHECK(p->step_count == 1 && p->steps[0].kind == BF_STEP_SKIP_SET &&
              strcmp(p->steps[0].lasts, "until the lease renews") == 0);
        bf_fix_plan_destroy(p);
    }
    bf_snapshot_destroy(s);
    mem_free(&mm);
}
