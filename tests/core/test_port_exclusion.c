/* test_port_exclusion.c - the port-exclusion repair step (issue 15): WinNAT took a service's port; the
 * plan adds an administered exclusion for that one port with WinNAT stopped around it, journals it before
 * netsh runs, verifies it afterwards, and undo deletes that exclusion only, leaving WinNAT as it was. The
 * machine is tests/core/mem_machine.c, which keeps netsh's rules (an add or delete fails while WinNAT is
 * active; an overlapping add fails; a delete names an existing range). The ranges and commands are
 * synthetic, shaped like Windows Server 2019's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "mem_machine.h"
#include "portranges.h"
#include "testlib.h"

#define PX_JOURNAL "C:\\ProgramData\\bindfix\\journal-px.json"
#define PX_OTHER "50000-50059\n"     /* another administrator's exclusion: never touched */

static void px_machine(mem_machine *mm, bf_svc_state winnat)
{
    mem_init(mm);
    mem_set_service(mm, "winnat", winnat);
    mem_set_service(mm, "MSExchangeIMAP4", BF_SVC_STOPPED);
    mem_set_port_exclusions(mm, "ipv4 tcp", PX_OTHER);
}

static const bf_action *px_action(void)
{
    static bf_action a;
    memset(&a, 0, sizeof a);
    a.kind = BF_ACTION_PORT_EXCLUSION;
    a.title = "Exclude tcp port 143 for MSExchangeIMAP4: stop winnat, add the exclusion, start winnat";
    a.params.port = 143;
    a.params.transport = "tcp";
    a.params.family = 4;
    return &a;
}

static bf_fix_plan *px_plan(mem_machine *mm, bf_buf *notes, bf_err *err)
{
    const bf_action *a = px_action();
    bf_snapshot *s = bf_snapshot_create();
    bf_fix_plan *p;
    bf_fix_opts o = {.service_timeout_ms = 1000};
    s->hostname = "EXCHSRV01";
    p = bf_fix_plan_build(s, &a, 1, &mm->m, &o, notes, err);
    bf_snapshot_destroy(s);
    return p;
}

static char *px_ports(mem_machine *mm)
{
    const mem_item *it = mem_find_reg(mm, MEM_PORTS_KEY, "ipv4 tcp");
    char *t = malloc(it ? it->v.len + 1 : 1);
    if (it)
        memcpy(t, it->v.data, it->v.len);
    t[it ? it->v.len : 0] = 0;
    return t;
}

/* The whole round: preview with the exact commands, the journal on disk saying "doing" before netsh
 * runs, WinNAT stopped -> add -> WinNAT started, verified; the journal read back; undo deletes only 143
 * and the machine is byte for byte as before. */
BF_TEST(port_exclusion_is_previewed_journaled_made_verified_and_undone)
{
    mem_machine mm;
    bf_buf notes, preview;
    bf_err err;
    bf_fix_plan *p, *back;
    const mem_item *ji;
    char *before, *after, *ports;
    const char *log, *stop, *add, *start;
    px_machine(&mm, BF_SVC_RUNNING);
    bf_buf_init(&notes);
    p = px_plan(&mm, &notes, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 1);
    CHECK(p->steps[0].kind == BF_STEP_PORT_EXCLUSION);
    CHECK_STR(p->steps[0].target, "ipv4 tcp");
    CHECK_STR(p->steps[0].key, "winnat");
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "[port-exclusion] Exclude tcp port 143") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "administered exclusions before: 50000-50059\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "administered exclusions after:  143, 50000-50059\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "runs: net stop winnat; netsh int ipv4 add excludedportrange protocol=tcp "
                                        "startport=143 numberofports=1; net start winnat\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "undo runs: net stop winnat; netsh int ipv4 delete excludedportrange "
                                        "protocol=tcp startport=143 numberofports=1; net start winnat\n") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "undo deletes that exclusion only") != NULL);
    bf_buf_free(&preview);
    before = mem_dump(&mm, "bindfix");
    CHECK(bf_fix_apply(p, &mm.m, PX_JOURNAL, NULL, &err));
    if (err.msg[0])
        printf("  apply: %s\n", err.msg);
    ports = px_ports(&mm);
    CHECK_STR(ports, "143-143\n" PX_OTHER);
    free(ports);
    /* the order of the changing calls: journal (doing), stop winnat, netsh add, start winnat, journal (done) */
    log = bf_buf_cstr(&mm.log);
    stop = strstr(log, "stop winnat\n");
    add = strstr(log, "netsh-add ipv4 tcp 143 1\n");
    start = strstr(log, "start winnat\n");
    CHECK(stop && add && start && stop < add && add < start);
    CHECK(stop && strstr(log, "file " PX_JOURNAL) < stop);
    CHECK(strstr(log, "50000") == NULL);   /* the other administrator's range: compared, never named to netsh */
    ji = mem_find_file(&mm, PX_JOURNAL);
    REQUIRE(ji);
    CHECK(strstr((const char *)ji->v.data, "\"kind\": \"port-exclusion\"") != NULL);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, PX_JOURNAL, &err);
    REQUIRE(back);
    CHECK(bf_fix_journal_check(back, &mm.m, PX_JOURNAL, &err));
    CHECK(bf_fix_undo(back, &mm.m, PX_JOURNAL, NULL, &err));
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);   /* 143 gone, 50000-50059 kept, WinNAT running */
    log = bf_buf_cstr(&mm.log);
    CHECK(strstr(log, "netsh-delete ipv4 tcp 143 1\n") != NULL);
    CHECK(strstr(log, "netsh-delete ipv4 tcp 50000") == NULL);
    free(before);
    free(after);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* The machine dies after each changing call of the apply in turn (the journal, WinNAT's stop, netsh, WinNAT's
 * start, ...). After the restart, undo from the journal on disk brings the machine back byte for byte:
 * WinNAT running again, the exclusion gone where it was made, the other ranges untouched. */
BF_TEST(port_exclusion_interrupted_anywhere_is_undone_from_the_journal)
{
    int n, points = 0, exact = 0, calls;
    {
        mem_machine mm;
        bf_buf notes;
        bf_err err;
        bf_fix_plan *p;
        px_machine(&mm, BF_SVC_RUNNING);
        bf_buf_init(&notes);
        p = px_plan(&mm, &notes, &err);
        REQUIRE(p);
        CHECK(bf_fix_apply(p, &mm.m, PX_JOURNAL, NULL, &err));
        calls = mm.changing_calls;
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        mem_free(&mm);
    }
    for (n = 1; n < calls; n++) {
        mem_machine mm;
        bf_buf notes;
        bf_err err;
        bf_fix_plan *p, *back;
        const mem_item *ji;
        char *before, *after;
        px_machine(&mm, BF_SVC_RUNNING);
        bf_buf_init(&notes);
        p = px_plan(&mm, &notes, &err);
        REQUIRE(p);
        before = mem_dump(&mm, "bindfix");
        mm.die_after = n;
        CHECK(!bf_fix_apply(p, &mm.m, PX_JOURNAL, NULL, &err));
        mm.die_after = 0;   /* the restart: services as they were left, netsh's store kept */
        ji = mem_find_file(&mm, PX_JOURNAL);
        points++;
        if (ji) {
            back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, PX_JOURNAL, &err);
            CHECK(back != NULL);
            if (back) {
                if (!bf_fix_undo(back, &mm.m, PX_JOURNAL, NULL, &err))
                    printf("  died after call %d: undo: %s\n", n, err.msg);
                bf_fix_plan_destroy(back);
            }
        }
        after = mem_dump(&mm, "bindfix");
        if (strcmp(before, after) == 0)
            exact++;
        else
            printf("  died after call %d: not as before:\n%s\n", n, after);
        free(before);
        free(after);
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        mem_free(&mm);
    }
    printf("  sweep: power lost after each of %d changing calls of the port-exclusion repair: %d points, exact at %d\n",
           calls, points, exact);
    CHECK(points >= 4);
    CHECK_INT(exact, points);
}

/* Only bindfix's own range: a port already inside an administrator's exclusion plans nothing; WinNAT not
 * running is left alone (no stop, no start); an administrator's range added between apply and undo stops
 * the undo (drift), and a forced undo still deletes 143 only, keeping theirs. */
BF_TEST(port_exclusion_touches_no_other_administrators_range)
{
    mem_machine mm;
    bf_buf notes;
    bf_err err;
    bf_fix_plan *p;
    char *ports;
    bf_fix_opts force = {.service_timeout_ms = 1000, .force = true};
    px_machine(&mm, BF_SVC_RUNNING);
    mem_set_port_exclusions(&mm, "ipv4 tcp", "140-149\n");
    bf_buf_init(&notes);
    p = px_plan(&mm, &notes, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 0);
    CHECK(strstr(bf_buf_cstr(&notes), "already inside the administered exclusion 140-149") != NULL);
    bf_fix_plan_destroy(p);
    mem_free(&mm);

    px_machine(&mm, BF_SVC_STOPPED);
    notes.len = 0;
    p = px_plan(&mm, &notes, &err);
    REQUIRE(p);
    CHECK_STR(p->steps[0].key, "");
    CHECK(bf_fix_apply(p, &mm.m, PX_JOURNAL, NULL, &err));
    CHECK(strstr(bf_buf_cstr(&mm.log), "winnat") == NULL);
    /* another administrator adds 3389 meanwhile */
    mem_set_port_exclusions(&mm, "ipv4 tcp", "143-143\n3389-3389\n" PX_OTHER);
    CHECK(!bf_fix_undo(p, &mm.m, PX_JOURNAL, NULL, &err));
    CHECK_INT(err.code, BF_FIX_DRIFT);
    ports = px_ports(&mm);
    CHECK_STR(ports, "143-143\n3389-3389\n" PX_OTHER);
    free(ports);
    CHECK(bf_fix_undo(p, &mm.m, PX_JOURNAL, &force, &err));
    ports = px_ports(&mm);
    CHECK_STR(ports, "3389-3389\n" PX_OTHER);
    free(ports);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* A system without excluded ranges (Server 2003, Wine's netsh): no step, the exact commands instead. A
 * netsh that refuses the add: the step fails, WinNAT is started again, nothing is left changed. */
BF_TEST(port_exclusion_without_netsh_gives_commands_and_a_refused_add_leaves_winnat_running)
{
    mem_machine mm;
    bf_buf notes;
    bf_err err;
    bf_fix_plan *p;
    char *before, *after;
    mem_init(&mm);
    mem_set_service(&mm, "winnat", BF_SVC_RUNNING);
    bf_buf_init(&notes);
    p = px_plan(&mm, &notes, &err);
    REQUIRE(p);
    CHECK_INT(p->step_count, 0);
    CHECK(strstr(bf_buf_cstr(&notes), "not carried out by bindfix") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "netsh int ipv4 add excludedportrange protocol=tcp startport=143 numberofports=1") != NULL);
    bf_fix_plan_destroy(p);
    mem_free(&mm);

    px_machine(&mm, BF_SVC_RUNNING);
    notes.len = 0;
    p = px_plan(&mm, &notes, &err);
    REQUIRE(p);
    before = mem_dump(&mm, "bindfix");
    mm.fail_call = 4;   /* journal (applying), journal (doing), stop winnat, then netsh's add */
    CHECK(!bf_fix_apply(p, &mm.m, PX_JOURNAL, NULL, &err));
    CHECK(strstr(err.msg, "netsh-add") != NULL);
    CHECK(p->steps[0].status == BF_STEP_FAILED);
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);   /* WinNAT running again, no exclusion */
    free(before);
    free(after);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* The list form is strict (a journal is read with administrator rights): ascending, apart, 1..65535. */
BF_TEST(port_exclusion_list_form_is_strict)
{
    static const struct {
        const char *text;
        bool ok;
    } cases[] = {{"", true}, {"143-143\n", true}, {"1-65535\n", true}, {"100-199\n300-300\n", true},
                 {"300-300\n100-199\n", false}, {"100-199\n150-160\n", false}, {"0-1\n", false},
                 {"1-65536\n", false}, {"143-142\n", false}, {"0143-143\n", false}, {"143-143", false},
                 {"143 - 143\n", false}, {"143-143\r\n", false}};
    static const char table[] = "\r\nProtocol tcp Port Exclusion Ranges\r\n\r\nStart Port    End Port\r\n"
                                "----------    --------\r\n       100         199\r\n     50000       50059     *\r\n"
                                "       143         143     *\r\n\r\n* - Administered port exclusions.\r\n";
    bf_port_span sp[BF_PORT_LIST_MAX];
    size_t i, n;
    bf_buf b;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bool ok = bf_port_list_decode((const unsigned char *)cases[i].text, strlen(cases[i].text), sp, BF_PORT_LIST_MAX, &n);
        if (ok != cases[i].ok)
            printf("  \"%s\": %s\n", cases[i].text, ok ? "accepted" : "refused");
        CHECK(ok == cases[i].ok);
    }
    /* from netsh: the "*" rows only, sorted (synthetic Server 2019 layout) */
    bf_buf_init(&b);
    CHECK(bf_port_list_from_netsh(table, sizeof table - 1, "tcp", 4, &b, NULL));
    CHECK_STR(bf_buf_cstr(&b), "143-143\n50000-50059\n");
    bf_buf_free(&b);
}
