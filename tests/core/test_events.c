/* test_events.c - event-log evidence a standard user can forge (issue 21 item 4) and the event rules'
 * bound (item 5): Service Control Manager records count only from the System log, signature sources
 * match whole names, Application-log evidence is labelled in the diagnosis and in every report format,
 * and a snapshot with more records than the rules read says how many it left out. */
#include <stdlib.h>

#include "catalogue.h"
#include "cli.h"
#include "diagnose.h"
#include "fake_system.h"
#include "snapshot_json.h"
#include "testlib.h"

#define LABEL "Application log (any user can write it): "

/* A machine with nothing wrong but its event log: POP3Svc running, and `crashes` records of
 * "Service Control Manager" 7031 naming it in `log`, plus one MSExchangeIS 1194 in `sig_log` (NULL:
 * none). */
static bf_snapshot *machine(const char *log, int crashes, const char *sig_log)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_service *v;
    int i;
    if (!s)
        return NULL;
    s->hostname = "SRV01";
    s->collected_at = "2026-01-02T03:04:05Z";
    s->binding.status = BF_SECTION_OK;
    s->hosts.status = BF_SECTION_OK;
    s->event_log.status = BF_SECTION_OK;
    v = bf_snap_add_service(s, "POP3Svc");
    v->display_name = "Microsoft POP3 Service";
    v->state = BF_SVC_RUNNING;
    v->start_type = BF_START_AUTO;
    v->pid = 1200;
    for (i = 0; i < crashes; i++) {
        bf_event *e = bf_snap_add_event(s);
        e->log = (char *)log;
        e->source = "Service Control Manager";
        e->event_id = 7031;
        e->type = "error";
        e->time = i ? "2026-01-01T10:00:00Z" : "2026-01-01T11:00:00Z";
        bf_str_list_add(s, &e->inserts, &e->insert_count, &e->insert_cap, "Microsoft POP3 Service");
    }
    if (sig_log) {
        bf_event *e = bf_snap_add_event(s);
        e->log = (char *)sig_log;
        e->source = "MSExchangeIS";
        e->event_id = 1194;
        e->type = "error";
        e->time = "2026-01-01T09:00:00Z";
        e->message = "10049";
    }
    return s;
}

static const bf_finding *find(const bf_diagnosis *d, const char *id)
{
    size_t i;
    for (i = 0; d && i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            return &d->findings[i];
    return NULL;
}

static bool any_error(const bf_diagnosis *d)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (d->findings[i].severity >= BF_SEV_ERROR)
            return true;
    return false;
}

/* The attack of issue 21: three 7031 records under the SCM's name in the Application log (any user can
 * write them) give no crash-loop finding and no error; the same records in the System log do (the
 * control: the rule still works). */
BF_TEST(events_scm_records_count_only_from_the_system_log)
{
    static const char *const forged_logs[] = {"Application", "", "Security", "System32", "Sys"};
    bf_err err;
    size_t i;
    for (i = 0; i < BF_COUNTOF(forged_logs); i++) {
        bf_snapshot *s = machine(forged_logs[i], 3, NULL);
        bf_diagnosis *d;
        REQUIRE(s);
        d = bf_diagnose(s, NULL, &err);
        REQUIRE(d);
        if (find(d, "BF-SERVICE-CRASH-LOOP") || any_error(d))
            printf("  forged log \"%s\" gave an error finding\n", forged_logs[i]);
        CHECK(!find(d, "BF-SERVICE-CRASH-LOOP"));
        CHECK(!any_error(d));
        CHECK(!find(d, "BF-EVENTS"));   /* the SCM's name is no bind-failure signature either */
        bf_diagnosis_destroy(d);
        bf_snapshot_destroy(s);
    }
    {
        /* Windows compares log names case-insensitively: "system" is the System log */
        static const char *const system_logs[] = {"System", "system", "SYSTEM"};
        for (i = 0; i < BF_COUNTOF(system_logs); i++) {
            bf_snapshot *s = machine(system_logs[i], 3, NULL);
            bf_diagnosis *d;
            REQUIRE(s);
            d = bf_diagnose(s, NULL, &err);
            REQUIRE(d);
            CHECK(find(d, "BF-SERVICE-CRASH-LOOP") != NULL);
            bf_diagnosis_destroy(d);
            bf_snapshot_destroy(s);
        }
    }
}

static bool put_snapshot(bf_fake_system *f, const char *path, const bf_snapshot *s)
{
    bf_buf b;
    bool ok;
    bf_buf_init(&b);
    bf_snapshot_write_json(s, &b);
    ok = bf_fake_put_file(f, path, bf_buf_cstr(&b), b.len);
    bf_buf_free(&b);
    return ok;
}

/* The same attack end to end, through a snapshot file read by the CLI (Wine's event log holds no
 * record, so a snapshot is how the forged record reaches bindfix): the forged records leave the
 * machine healthy (exit 0); System-log records make it a problem (exit 1). */
BF_TEST(events_forged_scm_record_in_a_snapshot_gives_no_error)
{
    bf_fake_system f;
    bf_snapshot *forged = machine("Application", 3, NULL), *real = machine("System", 3, NULL);
    REQUIRE(forged && real);
    bf_fake_init(&f);
    REQUIRE(put_snapshot(&f, "forged.json", forged));
    REQUIRE(put_snapshot(&f, "real.json", real));
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", "forged.json", NULL), BF_EXIT_HEALTHY);
    CHECK(strstr(bf_buf_cstr(&f.out), "BF-SERVICE-CRASH-LOOP") == NULL);
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", "real.json", NULL), BF_EXIT_PROBLEMS);
    CHECK(strstr(bf_buf_cstr(&f.out), "BF-SERVICE-CRASH-LOOP") != NULL);
    bf_fake_free(&f);
    bf_snapshot_destroy(forged);
    bf_snapshot_destroy(real);
}

/* Signature sources are whole names (case-insensitive, as Windows compares them), never prefixes; a
 * signature bound to the System log matches no other log. */
BF_TEST(events_signature_sources_match_whole_names)
{
    size_t n;
    const bf_event_signature *sg = bf_catalogue_signatures(bf_catalogue_builtin(), &n);
    char *with_error[] = {"bind failed: 10049"}, *without[] = {"started"};
    CHECK(bf_event_signature_match(sg, n, "Application", "MSExchangeIS", 1194, NULL, 0));
    CHECK(bf_event_signature_match(sg, n, "Application", "msexchangeis", 1194, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, "Application", "MSExchangeIS Evil", 1194, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, "Application", "MSExchangeISx", 1194, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, "Application", "MSExchange", 1194, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, "Application", "", 1194, NULL, 0));
    /* event_id 0: any ID of the source naming a Winsock bind error */
    CHECK(bf_event_signature_match(sg, n, "Application", "SMTPSVC", 4321, with_error, 1));
    CHECK(!bf_event_signature_match(sg, n, "Application", "SMTPSVC", 4321, without, 1));
    CHECK(!bf_event_signature_match(sg, n, "Application", "SMTPSVC-x", 4321, with_error, 1));
    /* the SCM's records: the System log only */
    CHECK(bf_event_signature_match(sg, n, "System", "Service Control Manager", 7031, NULL, 0));
    CHECK(bf_event_signature_match(sg, n, "System", "Service Control Manager", 7034, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, "Application", "Service Control Manager", 7031, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, "System", "Service Control Manager (any user)", 7031, NULL, 0));
    CHECK(!bf_event_signature_match(sg, n, NULL, "Service Control Manager", 7031, NULL, 0));
}

/* Application-log evidence says so in the diagnosis (text and flag), and in the HTML, text, CSV and
 * JSON reports and the text scan; System-log evidence carries no label. */
BF_TEST(events_application_log_evidence_is_labelled_everywhere)
{
    static const char *const formats[] = {"html", "text", "csv", "json"};
    bf_err err;
    bf_fake_system f;
    bf_snapshot *s = machine("System", 0, "Application"), *sys = machine("System", 0, "System");
    bf_diagnosis *d;
    const bf_finding *ev;
    size_t i, j;
    REQUIRE(s && sys);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    ev = find(d, "BF-EVENTS");
    REQUIRE(ev && ev->evidence_count == 1);
    CHECK(strncmp(ev->evidence[0].text, LABEL "MSExchangeIS 1194: 1 record(s)", strlen(LABEL) + 30) == 0);
    CHECK(ev->evidence[0].user_writable);
    bf_diagnosis_destroy(d);
    d = bf_diagnose(sys, NULL, &err);
    REQUIRE(d);
    ev = find(d, "BF-EVENTS");
    REQUIRE(ev && ev->evidence_count == 1);
    CHECK(strncmp(ev->evidence[0].text, "MSExchangeIS 1194: 1 record(s)", 30) == 0);
    CHECK(!ev->evidence[0].user_writable);
    bf_diagnosis_destroy(d);

    bf_fake_init(&f);
    REQUIRE(put_snapshot(&f, "app.json", s));
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", "app.json", NULL), BF_EXIT_PROBLEMS);
    CHECK(strstr(bf_buf_cstr(&f.out), LABEL) != NULL);
    for (i = 0; i < BF_COUNTOF(formats); i++) {
        bool found = false;
        CHECK_INT(bf_fake_cli(&f, "report", "--format", formats[i], "-o", "out", "--snapshot", "app.json", NULL), BF_EXIT_PROBLEMS);
        /* CSV writes one file per table beside the name given: look in every file written */
        for (j = 0; j < f.file_count; j++)
            if (strncmp(f.files[j].path, "out", 3) == 0 && strstr(f.files[j].data, LABEL))
                found = true;
        if (!found)
            printf("  the %s report has no label\n", formats[i]);
        CHECK(found);
        if (strcmp(formats[i], "json") == 0) {
            const bf_fake_file *o = bf_fake_find_file(&f, "out");
            CHECK(o && strstr(o->data, "\"user_writable\": true") != NULL);
        }
        for (j = 0; j < f.file_count; j++)
            if (strncmp(f.files[j].path, "out", 3) == 0)
                f.files[j].path[0] = 'x';   /* the next format must find its own */
    }
    bf_fake_free(&f);
    bf_snapshot_destroy(s);
    bf_snapshot_destroy(sys);
}

/* The event rules read the newest BF_DIAG_EVENTS_MAX records: a snapshot with more says how many it
 * left out, and crash records beyond the bound do not count. Every distinct (source, ID) in the bound
 * is its own group: the grouping through the hashed index loses none. */
BF_TEST(events_beyond_the_bound_are_counted_not_grouped)
{
    bf_err err;
    bf_snapshot *s = machine("System", 0, NULL);
    bf_diagnosis *d;
    const bf_finding *ev;
    size_t i, extra = 7;
    char name[32];
    REQUIRE(s);
    for (i = 0; i < BF_DIAG_EVENTS_MAX + extra; i++) {
        bf_event *e = bf_snap_add_event(s);
        REQUIRE(e);
        e->log = "Application";
        /* 1,000 distinct sources x 100 IDs; beyond the bound: SCM crash records that must not count */
        if (i < BF_DIAG_EVENTS_MAX) {
            snprintf(name, sizeof name, "Src%zu", i % 1000);
            e->source = bf_arena_strdup(s->arena, name);
            e->event_id = (int)(i / 1000) + 1;
        } else {
            e->log = "System";
            e->source = "Service Control Manager";
            e->event_id = 7031;
            bf_str_list_add(s, &e->inserts, &e->insert_count, &e->insert_cap, "POP3Svc");
        }
        e->time = "2026-01-01T00:00:00Z";
    }
    /* these would be signatures with a catalogue naming them: the built-in one does not, but the
     * diagnosis groups whatever the snapshot holds (the snapshot holds only matching records) */
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    ev = find(d, "BF-EVENTS");
    REQUIRE(ev);
    CHECK(strstr(ev->title, "(7 older record(s) not grouped)") != NULL);
    CHECK_INT((long long)ev->evidence_count, (long long)BF_DIAG_EVENTS_MAX + 1);
    CHECK(strstr(ev->evidence[ev->evidence_count - 1].text, "7 older record(s) beyond the newest 100000") != NULL);
    CHECK(!find(d, "BF-SERVICE-CRASH-LOOP"));
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}
