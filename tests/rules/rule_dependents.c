/* rule_dependents.c - ControlService refuses to stop a service while an active service depends on it
 * (ERROR_DEPENDENT_SERVICES_RUNNING, 1051). Wine never refuses; the in-memory machine
 * (tests/core/mem_machine.c) keeps the documented rule: active is running, paused or pending, and
 * service names compare without regard to case. The repair plan and engine run on it as on Windows. */
#include "sys.h"     /* winsock2.h before windows.h */

#include <string.h>

#include "fix.h"
#include "mem_machine.h"
#include "rules.h"

static bf_service *svc(bf_snapshot *s, const char *name, bf_svc_state st, const char *dep)
{
    bf_service *v = bf_snap_add_service(s, name);
    if (v) {
        v->state = st;
        if (dep)
            bf_str_list_add(s, &v->dependencies, &v->dependency_count, &v->dependency_cap, dep);
    }
    return v;
}

/* Restarts `services` on mm with the plan built from snap; true when the repair applied. */
static bool restart(mem_machine *mm, const bf_snapshot *snap, const char *services, bf_fix_plan **out)
{
    bf_action a;
    const bf_action *chosen[1] = {&a};
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bak"};
    bf_buf notes;
    bf_err err;
    bool ok;
    memset(&a, 0, sizeof a);
    a.kind = BF_ACTION_RESTART_SERVICES;
    a.title = "restart";
    a.params.services = (char *)services;
    bf_buf_init(&notes);
    bf_err_clear(&err);
    *out = bf_fix_plan_build(snap, chosen, 1, &mm->m, &o, &notes, &err);
    bf_buf_free(&notes);
    if (!*out) {
        printf("     plan: %s\n", err.msg);
        return false;
    }
    ok = bf_fix_apply(*out, &mm->m, "C:\\bindfix\\journal.json", &o, &err);
    if (!ok)
        printf("     apply: %s\n", err.msg);
    return ok;
}

/* The changing call `first` ("stop NAME") was made, and `second` after it (a refused first attempt of
 * `second` before it does not count: the SCM changed nothing then). */
static bool logged_before(const mem_machine *mm, const char *first, const char *second)
{
    const char *log = mm->log.data ? mm->log.data : "", *a = strstr(log, first);
    return a && strstr(a, second);
}

static bf_svc_state state_of(mem_machine *mm, const char *name)
{
    bf_svc_state st = BF_SVC_STATE_UNKNOWN;
    bf_err err;
    bf_err_clear(&err);
    mm->m.service_state(mm->m.ctx, name, &st, &err);
    return st;
}

BF_RULE(stop_waits_for_every_active_dependent_1051,
        "ControlService, SERVICE_CONTROL_STOP: ERROR_DEPENDENT_SERVICES_RUNNING \"The service cannot be stopped "
        "because other running services are dependent on it\" - active dependents, paused and pending ones "
        "included; EnumDependentServicesW(SERVICE_ACTIVE) returns them \"in reverse order of start\"; \"Service "
        "names are not case sensitive\" (CreateServiceW) (learn.microsoft.com). The in-memory machine keeps "
        "the rule; Wine does not")
{
    /* 1. the snapshot alone (a machine without EnumDependentServicesW): a dependency spelled in another
     * case, and a paused dependent */
    {
        mem_machine mm;
        bf_snapshot *snap = bf_snapshot_create();
        bf_fix_plan *p = NULL;
        REQUIRE(snap);
        mem_init(&mm);
        svc(snap, "MSExchangeIS", BF_SVC_RUNNING, NULL);
        svc(snap, "POP3Svc", BF_SVC_RUNNING, "msexchangeis");
        svc(snap, "IMAP4Svc", BF_SVC_PAUSED, "MSExchangeIS");
        mem_set_service(&mm, "MSExchangeIS", BF_SVC_RUNNING);
        mem_set_service(&mm, "POP3Svc", BF_SVC_RUNNING);
        mem_set_service(&mm, "IMAP4Svc", BF_SVC_PAUSED);
        mem_set_dependency(&mm, "POP3Svc", "msexchangeis");
        mem_set_dependency(&mm, "IMAP4Svc", "MSExchangeIS");
        mm.m.service_dependents = NULL;
        CHECK(restart(&mm, snap, "MSExchangeIS", &p));
        CHECK(logged_before(&mm, "stop POP3Svc", "stop MSExchangeIS"));
        CHECK(logged_before(&mm, "stop IMAP4Svc", "stop MSExchangeIS"));
        CHECK(logged_before(&mm, "start MSExchangeIS", "start POP3Svc"));
        CHECK(state_of(&mm, "MSExchangeIS") == BF_SVC_RUNNING && state_of(&mm, "POP3Svc") == BF_SVC_RUNNING &&
              state_of(&mm, "IMAP4Svc") == BF_SVC_RUNNING);
        bf_fix_plan_destroy(p);
        bf_snapshot_destroy(snap);
        mem_free(&mm);
    }
    /* 2. a dependent the snapshot does not know: asked of the machine when the plan is made */
    {
        mem_machine mm;
        bf_snapshot *snap = bf_snapshot_create();
        bf_fix_plan *p = NULL;
        REQUIRE(snap);
        mem_init(&mm);
        svc(snap, "MSExchangeIS", BF_SVC_RUNNING, NULL);
        mem_set_service(&mm, "MSExchangeIS", BF_SVC_RUNNING);
        mem_set_service(&mm, "Backup Agent", BF_SVC_START_PENDING);
        mem_set_dependency(&mm, "Backup Agent", "MSEXCHANGEIS");
        CHECK(restart(&mm, snap, "MSExchangeIS", &p));
        CHECK(logged_before(&mm, "stop Backup Agent", "stop MSExchangeIS"));
        CHECK(logged_before(&mm, "start MSExchangeIS", "start Backup Agent"));
        bf_fix_plan_destroy(p);
        bf_snapshot_destroy(snap);
        mem_free(&mm);
    }
    /* 3. a dependent that starts between the plan and the apply: the stop is refused with 1051, the
     * engine asks the machine again, stops it first (journaled steps) and starts it again afterwards */
    {
        mem_machine mm;
        bf_snapshot *snap = bf_snapshot_create();
        bf_fix_plan *p = NULL;
        bf_action a;
        const bf_action *chosen[1] = {&a};
        bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bak"};
        bf_buf notes;
        bf_err err;
        REQUIRE(snap);
        mem_init(&mm);
        svc(snap, "MSExchangeIS", BF_SVC_RUNNING, NULL);
        mem_set_service(&mm, "MSExchangeIS", BF_SVC_RUNNING);
        mem_set_service(&mm, "Late", BF_SVC_STOPPED);
        mem_set_dependency(&mm, "Late", "MSExchangeIS");
        memset(&a, 0, sizeof a);
        a.kind = BF_ACTION_RESTART_SERVICES;
        a.title = "restart";
        a.params.services = "MSExchangeIS";
        bf_buf_init(&notes);
        bf_err_clear(&err);
        p = bf_fix_plan_build(snap, chosen, 1, &mm.m, &o, &notes, &err);
        REQUIRE(p);
        mem_set_service(&mm, "Late", BF_SVC_RUNNING);   /* started meanwhile */
        bool ok = bf_fix_apply(p, &mm.m, "C:\\bindfix\\journal.json", &o, &err);
        if (!ok)
            printf("     apply: %s\n", err.msg);
        CHECK(ok);
        CHECK(logged_before(&mm, "stop Late", "stop MSExchangeIS"));
        CHECK(logged_before(&mm, "start MSExchangeIS", "start Late"));
        CHECK(state_of(&mm, "Late") == BF_SVC_RUNNING && state_of(&mm, "MSExchangeIS") == BF_SVC_RUNNING);
        /* undo knows the inserted steps: everything back as it was */
        bf_err_clear(&err);
        CHECK(bf_fix_undo(p, &mm.m, "C:\\bindfix\\journal.json", &o, &err));
        CHECK(state_of(&mm, "Late") == BF_SVC_RUNNING && state_of(&mm, "MSExchangeIS") == BF_SVC_RUNNING);
        bf_buf_free(&notes);
        bf_fix_plan_destroy(p);
        bf_snapshot_destroy(snap);
        mem_free(&mm);
    }
}
