/* test_delayed_auto.c - the startup race's lasting repair (issue 16 part 3): the service-delayed-auto step
 * sets an auto-start service's Delayed Automatic Start flag (SERVICE_DELAYED_AUTO_START_INFO) so that at
 * the next boot the SCM starts it after the other auto-start services; the finding's restart still makes
 * it listen now. Plan (auto-start only, Vista and later), preview, journal before the change, read back,
 * undo exactly, drift, the journal limits (only the service the finding names) and a power loss after
 * every changing call. The machine is tests/core/mem_machine.c; names and times are synthetic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_system.h"
#include "fix.h"
#include "mem_machine.h"
#include "repair_session.h"
#include "snapshot_json.h"
#include "testlib.h"

#define DA_JOURNAL "C:\\ProgramData\\bindfix\\journal-da.json"
#define DA_SVC "MSExchangePOP3"
#define DA_TITLE DA_SVC " started before 198.51.100.20 was ready: POP3 does not listen there"

static void da_machine(mem_machine *mm, bf_start_type start, bool delayed)
{
    mem_init(mm);
    mem_set_delayed(mm, DA_SVC, start, delayed);
    mem_set_service(mm, "W3SVC", BF_SVC_RUNNING);   /* another service: never touched */
    mem_set_delayed(mm, "W3SVC", BF_START_AUTO, false);
}

/* The two actions the finding offers (core/diagnose.c rule_startup_race), both chosen as recommended. */
static bf_fix_plan *da_plan(mem_machine *mm, bool with_restart, bf_buf *notes, bf_err *err)
{
    static bf_action acts[2];
    const bf_action *chosen[2] = {&acts[0], &acts[1]};
    bf_snapshot *s = bf_snapshot_create();
    bf_fix_plan *p;
    bf_fix_opts o = {.service_timeout_ms = 1000};
    size_t i;
    memset(acts, 0, sizeof acts);
    acts[0].kind = BF_ACTION_DELAYED_AUTO_START;
    acts[0].title = "Start " DA_SVC " later at boot: Delayed Automatic Start";
    acts[0].params.services = DA_SVC;
    acts[1].kind = BF_ACTION_RESTART_SERVICES;
    acts[1].title = "Restart " DA_SVC " so that it binds 198.51.100.20";
    acts[1].params.services = DA_SVC;
    s->hostname = "EXCHSRV01";
    bf_snap_add_service(s, DA_SVC)->state = BF_SVC_RUNNING;
    p = bf_fix_plan_build(s, chosen, with_restart ? 2 : 1, &mm->m, &o, notes, err);
    bf_snapshot_destroy(s);
    /* what the repair session records (core/repair_session.c): the finding each step is done for */
    for (i = 0; p && i < p->step_count; i++)
        bf_fix_step_add_mend(p, &p->steps[i], "BF-STARTUP-RACE", DA_TITLE,
                             p->steps[i].kind != BF_STEP_SERVICE_DELAYED_AUTO);
    return p;
}

static const mem_item *da_svc(mem_machine *mm)
{
    size_t i;
    for (i = 0; i < mm->nsvcs; i++)
        if (strcmp(mm->svcs[i].name, DA_SVC) == 0)
            return &mm->svcs[i];
    return NULL;
}

static bf_fix_plan *da_disk_journal(mem_machine *mm, bf_err *err)
{
    const mem_item *ji = mem_find_file(mm, DA_JOURNAL);
    return ji ? bf_fix_journal_read((const char *)ji->v.data, ji->v.len, DA_JOURNAL, err) : NULL;
}

BF_TEST(delayed_auto_is_planned_previewed_journaled_read_back_and_undone)
{
    mem_machine mm;
    bf_buf notes, preview, j1, j2;
    bf_err err;
    bf_fix_plan *p, *back;
    char *before, *after;
    const char *log, *journal_at, *set_at, *stop_at;
    da_machine(&mm, BF_START_AUTO, false);
    bf_buf_init(&notes);
    p = da_plan(&mm, true, &notes, &err);
    REQUIRE(p);
    /* the flag first (configuration), then the restart the finding also offers */
    REQUIRE(p->step_count == 3);
    CHECK(p->steps[0].kind == BF_STEP_SERVICE_DELAYED_AUTO);
    CHECK_STR(p->steps[0].target, DA_SVC);
    CHECK(p->steps[1].kind == BF_STEP_SERVICE_STOP && p->steps[2].kind == BF_STEP_SERVICE_START);
    CHECK_STR(bf_step_kind_token(p->steps[0].kind), "service-delayed-auto");
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "1. [service-delayed-auto] Start " DA_SVC " later at boot") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "   start type before: Automatic\n   start type after:  Automatic (Delayed "
                                        "Start)\n   takes effect at the next boot") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "takes effect at the next boot") != NULL);
    /* what the CLI's repair output and the wizard's report add to the step's line */
    CHECK(strstr(bf_fix_step_when(&p->steps[0]), "takes effect at the next boot") != NULL);
    CHECK_STR(bf_fix_step_when(&p->steps[1]), "");
    bf_buf_free(&preview);
    before = mem_dump(&mm, "bindfix");
    CHECK(bf_fix_apply(p, &mm.m, DA_JOURNAL, NULL, &err));
    if (err.msg[0])
        printf("  apply: %s\n", err.msg);
    CHECK(da_svc(&mm) && da_svc(&mm)->delayed);
    CHECK(!bf_fix_plan_restart_pending(p));   /* the restart makes it listen now: not a pending repair */
    /* journaled (flushed) before the change; the change read back (a second service-delayed read) */
    log = bf_buf_cstr(&mm.log);
    journal_at = strstr(log, "file " DA_JOURNAL);
    set_at = strstr(log, "service-delayed " DA_SVC "\n");
    stop_at = strstr(log, "stop " DA_SVC "\n");
    CHECK(journal_at && set_at && stop_at && journal_at < set_at && set_at < stop_at);
    CHECK(strstr(log, "W3SVC") == NULL);
    back = da_disk_journal(&mm, &err);
    REQUIRE(back);
    CHECK_STR(bf_step_kind_token(back->steps[0].kind), "service-delayed-auto");
    /* the round trip: the journal read back writes the same text */
    bf_buf_init(&j1);
    bf_buf_init(&j2);
    bf_fix_journal_write(p, &j1);
    bf_fix_journal_write(back, &j2);
    CHECK_STR(bf_buf_cstr(&j2), bf_buf_cstr(&j1));
    CHECK(strstr(bf_buf_cstr(&j1), "\"kind\": \"service-delayed-auto\"") != NULL);
    bf_buf_free(&j1);
    bf_buf_free(&j2);
    CHECK(bf_fix_journal_check(back, &mm.m, DA_JOURNAL, &err));
    CHECK(bf_fix_undo(back, &mm.m, DA_JOURNAL, NULL, &err));
    if (err.msg[0])
        printf("  undo: %s\n", err.msg);
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);   /* the flag off again, the service running */
    free(before);
    free(after);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
}

/* Nothing is planned, and the notes say why: a service that does not start automatically (the flag is
 * documented for auto-start services only), a flag already set, a system before Vista. The restart is
 * still planned each time. */
BF_TEST(delayed_auto_plans_nothing_where_it_does_not_apply_and_says_why)
{
    static const struct {
        bf_start_type start;
        bool delayed, old_system;
        const char *note;
    } cases[] = {
        {BF_START_DEMAND, false, false, "does not start automatically, and Delayed Automatic Start applies only to "
                                        "auto-start services"},
        {BF_START_DISABLED, false, false, "applies only to auto-start services"},
        {BF_START_AUTO, true, false, "already starts with Delayed Automatic Start"},
        {BF_START_AUTO, false, true, "no Delayed Automatic Start (Windows Vista / Server 2008 and later)"},
    };
    size_t i, k;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mem_machine mm;
        bf_buf notes;
        bf_err err;
        bf_fix_plan *p;
        da_machine(&mm, cases[i].start, cases[i].delayed);
        mm.no_delayed = cases[i].old_system;
        bf_buf_init(&notes);
        p = da_plan(&mm, true, &notes, &err);
        REQUIRE(p);
        for (k = 0; k < p->step_count; k++)
            CHECK(p->steps[k].kind != BF_STEP_SERVICE_DELAYED_AUTO);
        CHECK_INT((int)p->step_count, 2);
        if (!strstr(bf_buf_cstr(&notes), cases[i].note))
            printf("  case %zu: notes: %s\n", i, bf_buf_cstr(&notes));
        CHECK(strstr(bf_buf_cstr(&notes), cases[i].note) != NULL);
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        mem_free(&mm);
    }
}

/* The flag read back after the change: a system that says yes and keeps the old flag fails the step,
 * which counts as possibly made and is rolled back; a flag changed by someone else since the preview stops
 * the apply (drift) before the change; a service made demand-start since the repair stops the undo. */
BF_TEST(delayed_auto_is_verified_and_stops_on_drift)
{
    mem_machine mm;
    bf_buf notes;
    bf_err err;
    bf_fix_plan *p;
    char *before, *after;
    /* not kept: unverified, rolled back */
    da_machine(&mm, BF_START_AUTO, false);
    bf_buf_init(&notes);
    p = da_plan(&mm, false, &notes, &err);
    REQUIRE(p && p->step_count == 1);
    mm.delayed_ignored = true;
    CHECK(!bf_fix_apply(p, &mm.m, DA_JOURNAL, NULL, &err));
    CHECK(strstr(err.msg, "not verified") != NULL);
    CHECK(!da_svc(&mm)->delayed);
    bf_fix_plan_destroy(p);
    mem_free(&mm);
    bf_buf_free(&notes);
    /* changed since the preview: the apply stops, nothing written */
    da_machine(&mm, BF_START_AUTO, false);
    bf_buf_init(&notes);
    p = da_plan(&mm, false, &notes, &err);
    REQUIRE(p);
    mem_set_delayed(&mm, DA_SVC, BF_START_AUTO, true);
    CHECK(!bf_fix_apply(p, &mm.m, DA_JOURNAL, NULL, &err));
    CHECK_INT(err.code, BF_FIX_DRIFT);
    CHECK(strstr(err.msg, "Automatic (Delayed Start)") != NULL);
    CHECK(strstr(bf_buf_cstr(&mm.log), "service-delayed " DA_SVC) == NULL);
    bf_fix_plan_destroy(p);
    mem_free(&mm);
    bf_buf_free(&notes);
    /* changed since the repair: the undo stops and leaves the administrator's start type alone */
    da_machine(&mm, BF_START_AUTO, false);
    bf_buf_init(&notes);
    p = da_plan(&mm, false, &notes, &err);
    REQUIRE(p);
    CHECK(bf_fix_apply(p, &mm.m, DA_JOURNAL, NULL, &err));
    mem_set_delayed(&mm, DA_SVC, BF_START_DEMAND, true);
    before = mem_dump(&mm, "bindfix");
    CHECK(!bf_fix_undo(p, &mm.m, DA_JOURNAL, NULL, &err));
    CHECK_INT(err.code, BF_FIX_DRIFT);
    CHECK(strstr(err.msg, "not Automatic") != NULL);
    after = mem_dump(&mm, "bindfix");
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);
    mem_free(&mm);
    bf_buf_free(&notes);
}

/* A journal may name only the service the startup-race finding names, a service that exists, is not a
 * driver and starts automatically, with a flag of 0 or 1 (core/fix_journal_limits.c). */
BF_TEST(delayed_auto_journal_limits_name_only_the_findings_service)
{
    mem_machine mm;
    bf_buf notes, j;
    bf_err err;
    bf_fix_plan *p, *back;
    const char *why = NULL;
    bf_fix_step s;
    da_machine(&mm, BF_START_AUTO, false);
    bf_buf_init(&notes);
    p = da_plan(&mm, false, &notes, &err);
    REQUIRE(p && p->step_count == 1);
    CHECK(bf_fix_step_in_limits(&p->steps[0], &why));
    CHECK(bf_fix_journal_check(p, &mm.m, DA_JOURNAL, &err));
    /* another service than the finding's */
    s = p->steps[0];
    s.target = "W3SVC";
    CHECK(!bf_fix_step_in_limits(&s, &why));
    CHECK(why && strstr(why, "the finding BF-STARTUP-RACE it mends names") != NULL);
    /* the same title, but as an effect, or another finding: not the startup race's own repair */
    s = p->steps[0];
    s.mends[0].effect = true;
    CHECK(!bf_fix_step_in_limits(&s, &why));
    s.mends[0].effect = false;
    s.mends[0].id = "BF-DNS-UNUSABLE";
    CHECK(!bf_fix_step_in_limits(&s, &why));
    s.mends[0].id = "BF-STARTUP-RACE";
    s.mend_count = 0;
    CHECK(!bf_fix_step_in_limits(&s, &why));
    s = p->steps[0];
    s.after.data[0] = 2;
    CHECK(!bf_fix_step_in_limits(&s, &why));
    s.after.data[0] = 1;
    /* read from text: a journal whose step names another service is refused whole */
    bf_buf_init(&j);
    p->steps[0].target = "W3SVC";
    bf_fix_journal_write(p, &j);
    back = bf_fix_journal_read(bf_buf_cstr(&j), j.len, DA_JOURNAL, &err);
    CHECK(back == NULL);
    CHECK(strstr(err.msg, "service-delayed-auto step may only name") != NULL);
    bf_fix_plan_destroy(back);
    p->steps[0].target = DA_SVC;
    /* against the machine: a driver, a demand-start service, a service not installed */
    mem_set_driver(&mm, DA_SVC);
    CHECK(!bf_fix_journal_check(p, &mm.m, DA_JOURNAL, &err));
    CHECK(strstr(err.msg, "is a driver") != NULL);
    mem_free(&mm);
    da_machine(&mm, BF_START_DEMAND, false);
    CHECK(!bf_fix_journal_check(p, &mm.m, DA_JOURNAL, &err));
    CHECK(strstr(err.msg, "does not start automatically") != NULL);
    mem_free(&mm);
    mem_init(&mm);
    CHECK(!bf_fix_journal_check(p, &mm.m, DA_JOURNAL, &err));
    CHECK(strstr(err.msg, "no such service is installed") != NULL);
    mem_free(&mm);
    bf_buf_free(&j);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
}

/* The machine dies after each changing call of the apply in turn (journal, flag, stop, start, ...); after
 * the restart, undo from the journal on disk brings the machine back byte for byte. */
BF_TEST(delayed_auto_interrupted_anywhere_is_undone_from_the_journal)
{
    int n, points = 0, exact = 0, calls;
    {
        mem_machine mm;
        bf_buf notes;
        bf_err err;
        bf_fix_plan *p;
        da_machine(&mm, BF_START_AUTO, false);
        bf_buf_init(&notes);
        p = da_plan(&mm, true, &notes, &err);
        REQUIRE(p);
        CHECK(bf_fix_apply(p, &mm.m, DA_JOURNAL, NULL, &err));
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
        char *before, *after;
        da_machine(&mm, BF_START_AUTO, false);
        bf_buf_init(&notes);
        p = da_plan(&mm, true, &notes, &err);
        REQUIRE(p);
        before = mem_dump(&mm, "bindfix");
        mm.die_after = n;
        CHECK(!bf_fix_apply(p, &mm.m, DA_JOURNAL, NULL, &err));
        mm.die_after = 0;
        mem_power_cut(&mm, MEM_LOSS_EMPTY);
        points++;
        if ((back = da_disk_journal(&mm, &err))) {
            if (!bf_fix_undo(back, &mm.m, DA_JOURNAL, NULL, &err))
                printf("  died after call %d: undo: %s\n", n, err.msg);
            bf_fix_plan_destroy(back);
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
    printf("  sweep: power lost after each of %d changing calls of the delayed-auto repair: %d points, exact at %d\n",
           calls, points, exact);
    CHECK(points >= 5);
    CHECK_INT(exact, points);
}

/* Through the repair session, as the CLI and the console plan it: the startup-race scenario's diagnosis,
 * its recommended actions chosen; each auto-start service gets its service-delayed-auto step, marked as
 * mending its own BF-STARTUP-RACE finding, so that the journal passes the limits when it is read back for
 * undo (a step the session attributed otherwise would be refused there). */
BF_TEST(delayed_auto_planned_by_the_session_mends_its_finding_and_passes_the_limits)
{
    bf_snapshot *before = NULL;
    bf_fake_system f;
    mem_machine mm;
    bf_repair_session *s = bf_session_create();
    bf_source live;
    bf_err err;
    bf_buf j;
    bf_fix_plan *back;
    size_t k, delayed = 0;
    char *text;
    size_t len = 0;
    text = bf_test_read_file("scenarios/startup-race-late-address-2019.json", &len);
    if (text)
        before = bf_snapshot_read_json(text, len, "startup-race-late-address-2019.json", &err);
    free(text);
    REQUIRE(before && s);
    bf_fake_init(&f);
    mem_init(&mm);
    bf_buf_init(&j);
    for (k = 0; k < before->service_count; k++)
        mem_set_delayed(&mm, before->services[k].name, before->services[k].start_type, false);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    bf_source_init(&live);
    f.collect_source = before;
    REQUIRE(bf_session_scan(s, &f.sys, &live, &err));
    if (!bf_session_plan(s, &f.sys, &err))
        printf("  %s\n", err.msg);
    REQUIRE(s->plan);
    for (k = 0; k < s->plan->step_count; k++) {
        const bf_fix_step *st = &s->plan->steps[k];
        const char *why = NULL;
        if (st->kind != BF_STEP_SERVICE_DELAYED_AUTO)
            continue;
        delayed++;
        CHECK(st->mend_count >= 1 && strcmp(st->mends[0].id, "BF-STARTUP-RACE") == 0 && !st->mends[0].effect &&
              strncmp(st->mends[0].title, st->target, strlen(st->target)) == 0);
        if (!bf_fix_step_in_limits(st, &why))
            printf("  step %zu (%s): %s\n", k + 1, st->target, why);
        CHECK(bf_fix_step_in_limits(st, &why));
    }
    CHECK_INT((int)delayed, 2);     /* MSExchangePOP3 and MSExchangeIMAP4 */
    CHECK(strstr(bf_buf_cstr(&s->preview), "[service-delayed-auto] Start MSExchangePOP3 later at boot") != NULL);
    bf_fix_journal_write(s->plan, &j);
    back = bf_fix_journal_read(bf_buf_cstr(&j), j.len, "j.json", &err);
    if (!back)
        printf("  %s\n", err.msg);
    REQUIRE(back);
    CHECK(bf_fix_journal_check(back, &mm.m, "j.json", &err));
    bf_fix_plan_destroy(back);
    bf_buf_free(&j);
    bf_session_destroy(s);
    mem_free(&mm);
    bf_fake_free(&f);
    bf_snapshot_destroy(before);
}
