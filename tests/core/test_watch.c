/* test_watch.c - bindfix-cli watch: the transitions between two scans (core/watch.c), their line and
 * JSON forms, and the verb's loop (core/cli_watch.c) against the fake system with a watch of the test's
 * own that switches the machine it collects at each change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fake_system.h"
#include "json.h"
#include "testlib.h"
#include "watch.h"

/* lan0 holds 192.0.2.10; lan1 (up or down) holds 198.51.100.7 or nothing; POP3 probed on both addresses
 * of the host name: 10049 where no adapter holds it. */
static bf_snapshot *machine(bool lan1_up, bool lan1_holds, const char *lan1_name)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    bf_endpoint *e;
    bf_probe *p;
    if (!s)
        return NULL;
    s->hostname = "EXCHSRV01";
    a = bf_snap_add_adapter(s);
    a->guid = "{00000000-0000-0000-0000-000000000001}";
    a->friendly_name = "lan0";
    a->status = BF_OPER_UP;
    bf_adapter_add_address(s, a, "192.0.2.10", 24)->family = 4;
    a = bf_snap_add_adapter(s);
    a->guid = "{00000000-0000-0000-0000-000000000002}";
    a->friendly_name = (char *)lan1_name;
    a->status = lan1_up ? BF_OPER_UP : BF_OPER_DOWN;
    if (lan1_holds)
        bf_adapter_add_address(s, a, "198.51.100.7", 24)->family = 4;
    e = bf_snap_add_endpoint(s, "POP3", "tcp", 110);
    bf_endpoint_add_probe(s, e, "192.0.2.10")->result = BF_PROBE_OK;
    p = bf_endpoint_add_probe(s, e, "198.51.100.7");
    p->result = lan1_holds ? BF_PROBE_OK : BF_PROBE_ADDRNOTAVAIL;
    p->error = lan1_holds ? 0 : 10049;
    return s;
}

static char *line_of(const bf_snapshot *a, const bf_snapshot *b)
{
    bf_watch_diff d;
    bf_buf out;
    char *r;
    bf_watch_compare(a, b, &d);
    bf_buf_init(&out);
    bf_watch_write_text(&d, "10:02:11", &out);
    r = strdup(bf_buf_cstr(&out));
    bf_buf_free(&out);
    bf_watch_diff_free(&d);
    return r;
}

BF_TEST(watch_lines_name_the_adapter_change_and_the_10049_rows)
{
    bf_snapshot *held = machine(true, true, "lan1"), *gone = machine(true, false, "lan1"),
                *down = machine(false, false, "lan1"), *evil = machine(true, true, "lan1\x1b[2J\xe2\x80\xae");
    char *l;
    REQUIRE(held && gone && down && evil);
    l = line_of(held, gone);
    CHECK_STR(l, "10:02:11 lan1 -198.51.100.7: POP3 now fails on 198.51.100.7 (10049)");
    free(l);
    l = line_of(gone, held);
    CHECK_STR(l, "10:02:11 lan1 +198.51.100.7: POP3 binds again on 198.51.100.7 (port free)");
    free(l);
    l = line_of(gone, down);
    CHECK_STR(l, "10:02:11 lan1 down: no protocol changed");
    free(l);
    l = line_of(held, held);
    CHECK_STR(l, "10:02:11 resolver changed: no protocol changed");     /* nothing: the verb prints no line */
    free(l);
    /* a name from the machine is shown, never obeyed: the escape and the bidi control are made visible */
    l = line_of(gone, evil);
    CHECK(strstr(l, "\x1b") == NULL && strstr(l, "<U+202E>") != NULL);
    free(l);
    {
        bf_watch_diff d;
        bf_watch_compare(held, held, &d);
        CHECK_INT((int)d.count, 0);
        bf_watch_diff_free(&d);
    }
    bf_snapshot_destroy(held);
    bf_snapshot_destroy(gone);
    bf_snapshot_destroy(down);
    bf_snapshot_destroy(evil);
}

BF_TEST(watch_json_is_one_object_with_the_rows)
{
    bf_snapshot *held = machine(true, true, "lan1"), *gone = machine(true, false, "lan1");
    bf_watch_diff d;
    bf_buf out;
    bf_arena *ar = bf_arena_create();
    bf_err err;
    const bf_json *j, *changes;
    REQUIRE(held && gone && ar);
    bf_watch_compare(held, gone, &d);
    bf_buf_init(&out);
    bf_watch_write_json(&d, "2026-12-06T10:02:11Z", "10:02:11", &out);
    CHECK(strchr(bf_buf_cstr(&out), '\n') == NULL);
    j = bf_json_parse(ar, bf_buf_cstr(&out), out.len, "line", &err);
    REQUIRE(j);
    CHECK_STR(bf_json_get(j, "time")->string, "2026-12-06T10:02:11Z");
    changes = bf_json_get(j, "changes");
    REQUIRE(changes && changes->count == 2);
    CHECK_STR(bf_json_get(changes->items[0], "kind")->string, "address-removed");
    CHECK_STR(bf_json_get(changes->items[1], "after")->string, "addrnotavail");
    CHECK_INT(bf_json_get(changes->items[1], "error")->integer, 10049);
    bf_buf_free(&out);
    bf_watch_diff_free(&d);
    bf_arena_destroy(ar);
    bf_snapshot_destroy(held);
    bf_snapshot_destroy(gone);
}

/* The test's watch: each wait is one step of a script: 'c' a change (collect then sees the next
 * machine), 'n' nothing within the timeout, 'e' a failure. */
typedef struct script {
    bf_fake_system *f;
    const bf_snapshot *const *machines;
    const char *steps;
    int at, next_machine;
    unsigned long long clock;
    bool ended;
} script;
static script *the_script;

static void *s_begin(void *ctx, const char **mechanism, bf_err *err)
{
    (void)ctx;
    (void)err;
    *mechanism = "the test's script";
    return the_script;
}
static int s_wait(void *w, int timeout_ms)
{
    script *s = w;
    char step = s->steps[s->at] ? s->steps[s->at++] : 'n';
    s->clock += step == 'n' ? (unsigned long long)timeout_ms : 10;
    if (step == 'c')
        s->f->collect_source = s->machines[s->next_machine++];
    return step == 'c' ? 1 : step == 'e' ? -1 : 0;
}
static void s_end(void *w)
{
    ((script *)w)->ended = true;
}
static unsigned long long s_clock(void *ctx)
{
    (void)ctx;
    return the_script->clock;
}

static int run_watch(bf_fake_system *f, script *s, const char *a1, const char *a2, const char *a3)
{
    char *argv[6] = {"bindfix-cli", "watch", (char *)a1, (char *)a2, (char *)a3, NULL};
    int argc = 2 + (a1 != NULL) + (a2 != NULL) + (a3 != NULL);
    the_script = s;
    s->f = f;
    f->sys.watch_begin = s_begin;
    f->sys.watch_wait = s_wait;
    f->sys.watch_end = s_end;
    f->sys.monotonic_ms = s_clock;
    return bf_cli_main(argc, argv, &f->sys);
}

BF_TEST(watch_verb_prints_a_line_per_transition_and_stops_as_asked)
{
    bf_snapshot *held = machine(true, true, "lan1"), *gone = machine(true, false, "lan1"),
                *down = machine(false, false, "lan1");
    const bf_snapshot *seq[] = {gone, gone, down};
    bf_fake_system f;
    script s;
    const char *o;
    REQUIRE(held && gone && down);
    bf_fake_init(&f);
    f.collect_source = held;
    memset(&s, 0, sizeof s);
    s.machines = seq;
    s.steps = "cncc";   /* held -> gone (a line), nothing, gone -> gone (no line), gone -> down (a line) */
    CHECK_INT(run_watch(&f, &s, "--count", "2", NULL), 0);
    CHECK_STR(bf_buf_cstr(&f.err), "");
    o = bf_buf_cstr(&f.out);
    CHECK(strncmp(o, "03:04:05 watching EXCHSRV01: the test's script\n", 47) == 0);
    CHECK(strstr(o, "\n03:04:05 lan1 -198.51.100.7: POP3 now fails on 198.51.100.7 (10049)\n"
                    "03:04:05 lan1 down: no protocol changed\n") != NULL);
    CHECK(s.ended);
    CHECK_INT(f.collect_calls, 4);

    /* --seconds: nothing changes, the verb ends when the time is up */
    bf_fake_reset_output(&f);
    f.collect_source = held;
    memset(&s, 0, sizeof s);
    s.machines = seq;
    s.steps = "";
    CHECK_INT(run_watch(&f, &s, "--seconds", "5", "--json"), 0);
    CHECK(strstr(bf_buf_cstr(&f.out), "\"event\": \"start\"") != NULL);
    CHECK(s.ended && s.clock >= 5000);

    /* a failing wait: exit 2, the watch ended */
    bf_fake_reset_output(&f);
    memset(&s, 0, sizeof s);
    s.machines = seq;
    s.steps = "e";
    CHECK_INT(run_watch(&f, &s, "--count", "1", NULL), 2);
    CHECK(s.ended);

    /* usage: not a snapshot, not without probes, a count that is no number */
    CHECK_INT(run_watch(&f, &s, "--demo", NULL, NULL), 2);
    CHECK_INT(run_watch(&f, &s, "--no-probes", NULL, NULL), 2);
    CHECK_INT(run_watch(&f, &s, "--count", "0", NULL), 2);
    bf_fake_free(&f);
    bf_snapshot_destroy(held);
    bf_snapshot_destroy(gone);
    bf_snapshot_destroy(down);
}
