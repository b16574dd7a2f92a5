/* rule_port_exclusion.c - the port-exclusion repair step (issue 15) against netsh's rules for excluded port
 * ranges. Wine's netsh has no excludedportrange context, so both rules run on stand-ins: the command line
 * the system layer builds (gui/sys/portranges.c), and the engine (core/fix_engine.c) on the in-memory
 * machine (tests/core/mem_machine.c), whose netsh refuses an add or delete while WinNAT is active, as
 * Windows does for a range WinNAT holds. */
#include "sys.h"

#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "fix.h"
#include "mem_machine.h"
#include "rules.h"

BF_RULE(netsh_excludedportrange_syntax_synthetic,
        "netsh interface ipv4|ipv6 add|delete excludedportrange [protocol=]tcp|udp [startport=]<integer> "
        "[numberofports=]<integer> [[store=]active|persistent]: the syntax netsh's own help prints "
        "(netsh int ipv4 add excludedportrange /?); numberofports is a count, not an end port; the store "
        "defaults to persistent. Checked against netsh's help text, not a learn.microsoft.com page "
        "[unverified against a primary document]")
{
    static const struct {
        int family;
        const char *transport;
        bool add;
        int start, count;
        const wchar_t *want;
    } cases[] = {
        {4, "tcp", true, 143, 1, L"int ipv4 add excludedportrange protocol=tcp startport=143 numberofports=1"},
        {6, "tcp", false, 143, 1, L"int ipv6 delete excludedportrange protocol=tcp startport=143 numberofports=1"},
        {4, "udp", true, 3389, 16, L"int ipv4 add excludedportrange protocol=udp startport=3389 numberofports=16"},
        {6, "udp", false, 65535, 1, L"int ipv6 delete excludedportrange protocol=udp startport=65535 numberofports=1"},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        WCHAR got[160];
        bfsys_netsh_exclusion_args(cases[i].family, cases[i].transport, cases[i].add, cases[i].start, cases[i].count,
                                   got, BF_COUNTOF(got));
        if (wcscmp(got, cases[i].want) != 0)
            printf("     got \"%ls\"\n     want \"%ls\"\n", got, cases[i].want);
        CHECK(wcscmp(got, cases[i].want) == 0);
    }
}

BF_RULE(port_exclusion_administered_needs_winnat_stopped_synthetic,
        "An administered exclusion over a port WinNAT reserved is added with WinNAT stopped: net stop winnat; "
        "netsh int ipv4 add excludedportrange protocol=tcp startport=N numberofports=1; net start winnat "
        "(Microsoft's container networking guidance for WinNAT's port reservations; while WinNAT holds the "
        "range netsh answers \"The process cannot access the file because it is being used by another "
        "process\") [the sequence is not confirmed against a primary document here: "
        "help/topics/finding-BF-PORT-EXCLUDED.htm says so]")
{
    mem_machine mm;
    bf_action a;
    const bf_action *chosen[1] = {&a};
    bf_snapshot *s = bf_snapshot_create();
    bf_fix_opts o = {.service_timeout_ms = 1000};
    bf_buf notes;
    bf_err err;
    bf_fix_plan *p;
    bf_svc_state st = BF_SVC_STATE_UNKNOWN;
    const char *log, *stop, *add, *start, *del;
    mem_init(&mm);
    mem_set_service(&mm, "winnat", BF_SVC_RUNNING);
    mem_set_port_exclusions(&mm, "ipv4 tcp", "");
    memset(&a, 0, sizeof a);
    a.kind = BF_ACTION_PORT_EXCLUSION;
    a.title = "Exclude tcp port 143";
    a.params.port = 143;
    a.params.transport = "tcp";
    a.params.family = 4;
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, chosen, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p && p->step_count == 1);
    CHECK(bf_fix_apply(p, &mm.m, "C:\\bindfix\\j.json", &o, &err));
    CHECK(bf_fix_undo(p, &mm.m, "C:\\bindfix\\j.json", &o, &err));
    log = bf_buf_cstr(&mm.log);
    stop = strstr(log, "stop winnat\n");
    add = strstr(log, "netsh-add ipv4 tcp 143 1\n");
    start = add ? strstr(add, "start winnat\n") : NULL;
    del = strstr(log, "netsh-delete ipv4 tcp 143 1\n");
    /* apply: stop, add, start; undo: stop again, delete, start */
    CHECK(stop && add && start && stop < add);
    CHECK(del && start < del && strstr(start + 1, "stop winnat\n") < del && strstr(del, "start winnat\n"));
    CHECK(mm.m.service_state(mm.m.ctx, "winnat", &st, &err) && st == BF_SVC_RUNNING);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    bf_snapshot_destroy(s);
    mem_free(&mm);
}
