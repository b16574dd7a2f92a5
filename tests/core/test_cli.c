/* test_cli.c - bindfix-cli's verbs against the fake machine (fake_system.c): exit codes, the demo's
 * three 10049 rows, the byte-identical JSON round trip, errors that name the place, --help everywhere. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "fake_system.h"
#include "snapshot_json.h"
#include "testlib.h"

BF_TEST(cli_demo_shows_the_three_10049_rows)
{
    bf_fake_system f;
    int rc;
    const char *out;
    bf_fake_init(&f);
    rc = bf_fake_cli(&f, "demo", NULL);
    out = bf_buf_cstr(&f.out);
    CHECK_INT(rc, BF_EXIT_PROBLEMS);
    CHECK_INT((int)bf_test_count(out, "Address not available (10049)"), 3);
    CHECK(strstr(out, "LDAPS") && strstr(out, "POP3") && strstr(out, "IMAP4"));
    CHECK(strstr(out, "EXCHSRV01") != NULL);
    /* gethostbyname's first answer is the NDISWAN address, and the text says so */
    CHECK(strstr(out, "1. 198.51.100.7") != NULL);
    CHECK(strstr(out, "2. 192.0.2.10") != NULL);
    CHECK_INT((int)f.err.len, 0);
    bf_fake_free(&f);
}

BF_TEST(cli_demo_json_round_trips_byte_identical)
{
    bf_fake_system f;
    char *first;
    bf_fake_init(&f);
    CHECK_INT(bf_fake_cli(&f, "demo", "--json", NULL), BF_EXIT_PROBLEMS);
    first = bf_buf_take(&f.out);
    REQUIRE(first);
    REQUIRE(bf_fake_put_file(&f, "C:\\demo.json", first, strlen(first)));
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", "C:\\demo.json", "--json", NULL), BF_EXIT_PROBLEMS);
    CHECK_STR(bf_buf_cstr(&f.out), first);
    CHECK(strstr(first, "\"diagnosis\": {") != NULL);
    /* snapshot -o writes the pure snapshot, which reads back to the same JSON */
    CHECK_INT(bf_fake_cli(&f, "snapshot", "--snapshot", "C:\\demo.json", "-o", "C:\\s.json", NULL), 0);
    {
        const bf_fake_file *s = bf_fake_find_file(&f, "C:\\s.json");
        bf_err err;
        bf_snapshot *demo = bf_demo_snapshot(&err);
        bf_buf want;
        REQUIRE(s && demo);
        bf_buf_init(&want);
        bf_snapshot_write_json(demo, &want);
        CHECK(strstr(s->data, "\"diagnosis\"") == NULL);
        CHECK_STR(s->data, bf_buf_cstr(&want));
        bf_buf_free(&want);
        bf_snapshot_destroy(demo);
    }
    free(first);
    bf_fake_free(&f);
}

BF_TEST(cli_malformed_snapshot_names_file_line_column)
{
    bf_fake_system f;
    static const char bad[] = "{\n  \"schema\": \"bindfix-snapshot\",\n  \"version\": tru\n}\n";
    bf_fake_init(&f);
    REQUIRE(bf_fake_put_file(&f, "bad.json", bad, strlen(bad)));
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", "bad.json", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "bad.json:3:") != NULL);
    CHECK_INT((int)f.out.len, 0);
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", "missing.json", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "missing.json") != NULL);
    bf_fake_free(&f);
}

BF_TEST(cli_usage_errors_exit_2_and_say_what)
{
    bf_fake_system f;
    bf_fake_init(&f);
    CHECK_INT(bf_fake_cli(&f, "frobnicate", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "unknown verb \"frobnicate\"") != NULL);
    CHECK_INT(bf_fake_cli(&f, "scan", "--bogus", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "unknown option \"--bogus\"") != NULL);
    CHECK_INT(bf_fake_cli(&f, "scan", "--snapshot", NULL), BF_EXIT_ERROR);
    CHECK_INT(bf_fake_cli(&f, "scan", "--timeout", "0", NULL), BF_EXIT_ERROR);
    CHECK_INT(bf_fake_cli(&f, "scan", "--timeout", "99999999999", NULL), BF_EXIT_ERROR);
    CHECK_INT(bf_fake_cli(&f, "scan", "--demo", "--snapshot", "x", NULL), BF_EXIT_ERROR);
    CHECK_INT(bf_fake_cli(&f, "snapshot", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "-o FILE is required") != NULL);
    CHECK_INT(bf_fake_cli(&f, NULL), BF_EXIT_ERROR);
    CHECK_INT(f.collect_calls, 0);
    bf_fake_free(&f);
}

BF_TEST(cli_help_on_every_verb)
{
    static const char *const verbs[] = {"scan", "snapshot", "demo", "report"};
    bf_fake_system f;
    size_t i;
    bf_fake_init(&f);
    for (i = 0; i < BF_COUNTOF(verbs); i++) {
        char want[64];
        snprintf(want, sizeof want, "Usage: bindfix-cli %s", verbs[i]);
        CHECK_INT(bf_fake_cli(&f, verbs[i], "--help", NULL), 0);
        CHECK(strstr(bf_buf_cstr(&f.out), want) != NULL);
        CHECK_INT(bf_fake_cli(&f, "help", verbs[i], NULL), 0);
        CHECK(strstr(bf_buf_cstr(&f.out), want) != NULL);
    }
    CHECK_INT(bf_fake_cli(&f, "--help", NULL), 0);
    CHECK(strstr(bf_buf_cstr(&f.out), "scan") && strstr(bf_buf_cstr(&f.out), "snapshot"));
    CHECK_INT(f.collect_calls, 0);
    bf_fake_free(&f);
}

BF_TEST(cli_live_scan_collects_with_the_options_given)
{
    bf_fake_system f;
    bf_snapshot *demo;
    bf_err err;
    bf_fake_init(&f);
    /* no machine to collect: exit 2 with the reason */
    CHECK_INT(bf_fake_cli(&f, "scan", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "cannot collect this machine") != NULL);
    demo = bf_demo_snapshot(&err);
    REQUIRE(demo);
    f.collect_source = demo;
    CHECK_INT(bf_fake_cli(&f, "scan", "--no-probes", NULL), BF_EXIT_PROBLEMS);
    CHECK_INT(f.collect_calls, 2);
    CHECK(!f.last_opts.probes);
    CHECK(!f.last_opts.greetings);
    CHECK_INT(bf_fake_cli(&f, "scan", "--timeout", "250", NULL), BF_EXIT_PROBLEMS);
    CHECK(f.last_opts.probes);
    CHECK_INT(f.last_opts.probe_timeout_ms, 250);
    CHECK_INT(bf_fake_cli(&f, "snapshot", "-o", "out.json", NULL), 0);
    CHECK(bf_fake_find_file(&f, "out.json") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "wrote out.json") != NULL);
    f.fail_writes = true;
    CHECK_INT(bf_fake_cli(&f, "snapshot", "-o", "denied.json", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "denied.json") != NULL);
    bf_fake_free(&f);
    bf_snapshot_destroy(demo);
}

BF_TEST(cli_text_neutralises_control_characters)
{
    bf_fake_system f;
    bf_snapshot *s;
    bf_err err;
    bf_fake_init(&f);
    s = bf_demo_snapshot(&err);
    REQUIRE(s);
    REQUIRE(s->adapter_count > 0);
    s->adapters[0].friendly_name = (char *)"evil\x1b]0;pwned\x07name\xff";
    f.collect_source = s;
    bf_fake_cli(&f, "scan", NULL);
    CHECK(strchr(bf_buf_cstr(&f.out), '\x1b') == NULL);
    CHECK(strchr(bf_buf_cstr(&f.out), '\x07') == NULL);
    /* ESC and BEL as control pictures (U+241B, U+2407), the stray byte as U+FFFD */
    CHECK(strstr(bf_buf_cstr(&f.out), "evil\xe2\x90\x9b]0;pwned\xe2\x90\x87name\xef\xbf\xbd") != NULL);
    bf_fake_free(&f);
    bf_snapshot_destroy(s);
}

BF_TEST(cli_text_neutralises_bidi_overrides)
{
    bf_fake_system f;
    bf_snapshot *s;
    bf_err err;
    bf_fake_init(&f);
    s = bf_demo_snapshot(&err);
    REQUIRE(s);
    s->adapters[0].friendly_name = (char *)"\xe2\x80\xae" "evil";   /* U+202E RIGHT-TO-LEFT OVERRIDE */
    f.collect_source = s;
    bf_fake_cli(&f, "scan", NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "\xe2\x80\xae") == NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "<U+202E>evil") != NULL);   /* seen, not obeyed */
    bf_fake_free(&f);
    bf_snapshot_destroy(s);
}

/* ---- one source, one catalogue: scan, report and the repair session list the same findings ---- */

#include "catalogue.h"
#include "diagnosis_json.h"
#include "repair_session.h"

static int run_argv(bf_fake_system *f, ...)
{
    char *argv[16];
    int argc = 0;
    const char *a;
    va_list ap;
    argv[argc++] = (char *)"bindfix-cli";
    va_start(ap, f);
    while ((a = va_arg(ap, const char *)) != NULL && argc < 15)
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    bf_fake_reset_output(f);
    return bf_cli_main(argc, argv, &f->sys);
}

/* The "diagnosis" member of a JSON document with the indentation taken out (scan --json and the JSON
 * report write the same member at different depths), into out; false when there is none. */
static bool diagnosis_member(const char *json, bf_buf *out)
{
    const char *p = strstr(json, "\"diagnosis\": {");
    int depth = 0;
    bool in_str = false, line_start = false;
    if (!p)
        return false;
    for (p += strlen("\"diagnosis\": "); *p; p++) {
        char c = *p;
        if (c == '\n') {
            line_start = true;
            continue;
        }
        if (line_start && c == ' ')
            continue;
        line_start = false;
        bf_buf_append(out, p, 1);
        if (in_str) {
            if (c == '\\' && p[1])
                bf_buf_append(out, ++p, 1);
            else if (c == '"')
                in_str = false;
        } else if (c == '"') {
            in_str = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            return true;
        }
    }
    return false;
}

/* The demo machine plus a stopped automatic service that only the tests' catalogue knows. */
static char *demo_with_testsvc(void)
{
    static const char svc[] = " \"services\": [\n  {\n   \"name\": \"bindfix-testsvc\",\n"
                              "   \"display_name\": \"bindfix test service\",\n   \"state\": \"stopped\",\n"
                              "   \"start_type\": \"auto\",\n   \"pid\": 0,\n   \"binary\": \"C:\\\\testsvc.exe\",\n"
                              "   \"exit_code\": 1,\n   \"dependencies\": []\n  },\n";
    bf_err err;
    bf_snapshot *demo = bf_demo_snapshot(&err);
    bf_buf b, out;
    const char *at;
    char *r = NULL;
    if (!demo)
        return NULL;
    bf_buf_init(&b);
    bf_buf_init(&out);
    bf_snapshot_write_json(demo, &b);
    at = strstr(bf_buf_cstr(&b), " \"services\": [\n");
    if (at) {
        bf_buf_append(&out, bf_buf_cstr(&b), (size_t)(at - bf_buf_cstr(&b)));
        bf_buf_puts(&out, svc);
        bf_buf_puts(&out, at + strlen(" \"services\": [\n"));
        r = bf_buf_take(&out);
    }
    bf_buf_free(&b);
    bf_buf_free(&out);
    bf_snapshot_destroy(demo);
    return r;
}

BF_TEST(cli_verbs_and_repair_session_diagnose_with_the_same_catalogue)
{
    bf_fake_system f;
    bf_buf from_scan, from_report, from_session;
    char *machine = demo_with_testsvc(), *cat;
    size_t cat_len = 0;
    bf_snapshot *live;
    bf_err err;
    REQUIRE(machine);
    cat = bf_test_read_file("tools/testsvc-catalogue.json", &cat_len);
    REQUIRE(cat);
    bf_buf_init(&from_scan);
    bf_buf_init(&from_report);
    bf_buf_init(&from_session);
    bf_fake_init(&f);
    REQUIRE(bf_fake_put_file(&f, "m.json", machine, strlen(machine)));

    /* the product knows nothing of the tests' service: without the catalogue file, no finding names it */
    CHECK(!bf_catalogue_has_service(bf_catalogue_builtin(), "bindfix-testsvc"));
    CHECK_INT(run_argv(&f, "scan", "--snapshot", "m.json", "--json", NULL), BF_EXIT_PROBLEMS);
    CHECK(diagnosis_member(bf_buf_cstr(&f.out), &from_scan));
    CHECK(strstr(bf_buf_cstr(&from_scan), "bindfix-testsvc") == NULL);
    bf_buf_reset(&from_scan);

    /* bindfix-catalogue.json beside the program, as a user would place it */
    REQUIRE(bf_fake_put_file(&f, "C:\\bindfix\\bindfix-catalogue.json", cat, cat_len));
    f.sys.default_catalogue = "C:\\bindfix\\bindfix-catalogue.json";
    CHECK_INT(run_argv(&f, "scan", "--snapshot", "m.json", "--json", NULL), BF_EXIT_PROBLEMS);
    CHECK(diagnosis_member(bf_buf_cstr(&f.out), &from_scan));
    CHECK(strstr(bf_buf_cstr(&from_scan), "\"BF-SERVICE-STOPPED\"") != NULL);
    CHECK(strstr(bf_buf_cstr(&from_scan), "bindfix-testsvc is stopped") != NULL);
    CHECK_INT(run_argv(&f, "report", "--snapshot", "m.json", "--format", "json", "-o", "-", NULL), BF_EXIT_PROBLEMS);
    CHECK(diagnosis_member(bf_buf_cstr(&f.out), &from_report));
    CHECK_STR(bf_buf_cstr(&from_report), bf_buf_cstr(&from_scan));
    {
        /* the repair session (the CLI's repair, the console's Fix dialog and the wizard) */
        bf_repair_session *s = bf_session_create();
        bf_source src;
        REQUIRE(s);
        bf_source_init(&src);
        src.kind = BF_SOURCE_FILE;
        src.path = "m.json";
        CHECK(bf_session_scan(s, &f.sys, &src, &err));
        if (s->diagnosis)
            bf_diagnosis_write_json(s->diagnosis, &from_session, 0);
        bf_session_destroy(s);
    }
    {
        bf_buf norm;
        bf_buf wrapped;
        bf_buf_init(&norm);
        bf_buf_init(&wrapped);
        bf_buf_printf(&wrapped, "{\"diagnosis\": %s}", bf_buf_cstr(&from_session));
        CHECK(diagnosis_member(bf_buf_cstr(&wrapped), &norm));
        CHECK_STR(bf_buf_cstr(&norm), bf_buf_cstr(&from_scan));
        bf_buf_free(&norm);
        bf_buf_free(&wrapped);
    }

    /* a live collection: scan and report both probe the catalogue's endpoints and read its signatures */
    live = bf_snapshot_read_json(machine, strlen(machine), "m.json", &err);
    REQUIRE(live);
    f.collect_source = live;
    CHECK_INT(run_argv(&f, "report", "--format", "text", "-o", "-", NULL), BF_EXIT_PROBLEMS);
    CHECK(strstr(bf_buf_cstr(&f.last_target_services), "bindfix-testsvc2,") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.out), "bindfix-testsvc is stopped") != NULL);
    bf_buf_reset(&f.last_target_services);
    CHECK_INT(run_argv(&f, "scan", "--no-probes", NULL), BF_EXIT_PROBLEMS);
    CHECK(strstr(bf_buf_cstr(&f.last_target_services), "bindfix-testsvc2,") != NULL);
    CHECK(!f.last_opts.probes && !f.last_opts.greetings);

    /* a catalogue that cannot be read stops report as it stops scan, naming the file */
    CHECK_INT(run_argv(&f, "report", "--demo", "--catalogue", "nothere.json", "-o", "-", "--format", "text", NULL),
              BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "report: cannot read the catalogue") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "nothere.json") != NULL);
    CHECK_INT(run_argv(&f, "report", "--demo", "--snapshot", "m.json", "-o", "-", NULL), BF_EXIT_ERROR);
    CHECK(strstr(bf_buf_cstr(&f.err), "--demo and --snapshot exclude each other") != NULL);

    bf_buf_free(&from_scan);
    bf_buf_free(&from_report);
    bf_buf_free(&from_session);
    bf_fake_free(&f);
    bf_snapshot_destroy(live);
    free(cat);
    free(machine);
}
