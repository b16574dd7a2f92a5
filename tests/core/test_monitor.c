/* test_monitor.c - the monitoring outputs: `scan --format prometheus` (families, the demo's 10049
 * samples, label escaping, the atomic -o file) and `check` (plugin states 0/1/2/3, one status line,
 * performance data in the plugin grammar). promtool and a real plugin runner read them in
 * tests/fleet/run-fleet-tests.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "demo.h"
#include "fake_system.h"
#include "monitor.h"
#include "testlib.h"

BF_TEST(prometheus_demo)
{
    bf_fake_system f;
    const char *o;
    bf_fake_init(&f);
    CHECK_INT(bf_fake_cli(&f, "scan", "--demo", "--format", "prometheus", NULL), 1);
    o = bf_buf_cstr(&f.out);
    CHECK(strstr(o, "bindfix_bind_failure{protocol=\"POP3\",transport=\"tcp\",port=\"110\",address=\"198.51.100.7\","
                    "error=\"10049\"} 1\n") != NULL);
    CHECK(strstr(o, "bindfix_protocol_binds{protocol=\"POP3\",transport=\"tcp\",port=\"110\"} 0\n") != NULL);
    CHECK(strstr(o, "bindfix_findings{severity=\"critical\"} ") != NULL);
    CHECK(strstr(o, "bindfix_findings{severity=\"info\"} ") != NULL);
    CHECK(strstr(o, "bindfix_finding{id=\"BF-BIND-10049\",severity=\"critical\"} 3\n") != NULL);
    CHECK(strstr(o, "bindfix_scan_timestamp_seconds 935746200\n") != NULL);   /* 1999-08-27T09:30:00Z */
    /* one HELP and one TYPE per family */
    CHECK_INT((long)bf_test_count(o, "# TYPE bindfix_bind_failure gauge\n"), 1);
    CHECK_INT((long)bf_test_count(o, "# HELP "), 5);
    CHECK_INT((long)bf_test_count(o, "# TYPE "), 5);
    /* -o: the file, nothing on stdout */
    CHECK_INT(bf_fake_cli(&f, "scan", "--demo", "--format", "prometheus", "-o", NULL), 2);   /* -o without a file */
    {
        char *argv[] = {(char *)"bindfix-cli", (char *)"scan", (char *)"--demo", (char *)"--format",
                        (char *)"prometheus", (char *)"-o", (char *)"textfile/bindfix.prom", NULL};
        const bf_fake_file *p;
        bf_fake_reset_output(&f);
        CHECK_INT(bf_cli_main(7, argv, &f.sys), 1);
        p = bf_fake_find_file(&f, "textfile/bindfix.prom");
        CHECK(p != NULL);
        CHECK_INT((long)f.out.len, 0);
        if (p)
            CHECK(strstr(p->data, "# TYPE bindfix_findings gauge") != NULL);
        f.fail_writes = true;
        CHECK_INT(bf_cli_main(7, argv, &f.sys), 2);
    }
    CHECK_INT(bf_fake_cli(&f, "scan", "--demo", "--format", "xml", NULL), 2);
    bf_fake_free(&f);
}

BF_TEST(prometheus_label_escaping)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    bf_diagnosis *d;
    bf_buf out;
    size_t i;
    CHECK(s != NULL);
    if (!s)
        return;
    for (i = 0; i < s->endpoint_count; i++)
        if (strcmp(s->endpoints[i].protocol, "POP3") == 0)
            s->endpoints[i].protocol = bf_arena_strdup(s->arena, "P\"O\\P\n3");
    d = bf_diagnose(s, NULL, &err);
    CHECK(d != NULL);
    bf_buf_init(&out);
    if (d)
        CHECK(bf_prometheus_write(s, d, &out));
    CHECK(strstr(bf_buf_cstr(&out), "protocol=\"P\\\"O\\\\P\\n3\"") != NULL);
    CHECK(strstr(bf_buf_cstr(&out), "P\"O") == NULL);
    bf_buf_free(&out);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

BF_TEST(iso_to_unix)
{
    long long t = -1;
    CHECK(bf_iso_to_unix("1970-01-01T00:00:00Z", &t) && t == 0);
    CHECK(bf_iso_to_unix("2000-03-01T00:00:00Z", &t) && t == 951868800);
    CHECK(bf_iso_to_unix("2024-02-29T12:00:00Z", &t) && t == 1709208000);
    CHECK(bf_iso_to_unix("1999-12-31T23:59:59Z", &t) && t == 946684799);
    CHECK(!bf_iso_to_unix("", &t));
    CHECK(!bf_iso_to_unix("2024-13-01T00:00:00Z", &t));
    CHECK(!bf_iso_to_unix("2024-01-01 00:00:00Z", &t));
    CHECK(!bf_iso_to_unix("2024-01-01T00:00:00+01:00", &t));
}

/* The plugin grammar: "TEXT | 'label'=value[UOM];[warn];[crit];[min];[max] ...", one line. */
static bool perfdata_ok(const char *line)
{
    const char *bar = strstr(line, " | "), *p;
    if (!bar || strchr(bar + 3, '|') || strchr(line, '\n') != line + strlen(line) - 1)
        return false;
    for (p = bar + 3; *p && *p != '\n';) {
        const char *end = p, *eq;
        int semis = 0;
        while (*end && *end != ' ' && *end != '\n')
            end++;
        eq = memchr(p, '=', (size_t)(end - p));
        if (!eq || eq == p)
            return false;
        for (eq++; eq < end && ((*eq >= '0' && *eq <= '9') || *eq == '.' || *eq == ';' || *eq == '-'); eq++)
            semis += *eq == ';';
        if (eq != end || semis > 4)
            return false;
        p = *end == ' ' ? end + 1 : end;
    }
    return true;
}

BF_TEST(check_plugin_states)
{
    bf_fake_system f;
    bf_fake_init(&f);
    CHECK_INT(bf_fake_cli(&f, "check", "--demo", NULL), 2);
    CHECK(strncmp(bf_buf_cstr(&f.out), "BINDFIX CRITICAL - EXCHSRV01: cannot bind LDAPS 10049 @ 198.51.100.7", 68) == 0);
    CHECK(strstr(bf_buf_cstr(&f.out), " | bind_failures=3;;1;0; critical=") != NULL);
    CHECK(perfdata_ok(bf_buf_cstr(&f.out)));
    /* a healthy machine: OK */
    {
        size_t n = 0;
        char *buf = bf_test_read_file("scenarios/healthy-2019.json", &n);
        CHECK(buf != NULL);
        if (buf) {
            bf_fake_put_file(&f, "h.json", buf, n);
            free(buf);
            CHECK_INT(bf_fake_cli(&f, "check", "--snapshot", "h.json", NULL), 0);
            CHECK(strncmp(bf_buf_cstr(&f.out), "BINDFIX OK - SRV01", 18) == 0);
            CHECK(strstr(bf_buf_cstr(&f.out), "bind_failures=0;") != NULL);
            CHECK(perfdata_ok(bf_buf_cstr(&f.out)));
        }
    }
    /* could not run: UNKNOWN (3), never 2, with one status line saying why */
    CHECK_INT(bf_fake_cli(&f, "check", "--snapshot", "missing.json", NULL), 3);
    CHECK(strncmp(bf_buf_cstr(&f.out), "BINDFIX UNKNOWN - cannot read the snapshot: missing.json", 56) == 0);
    CHECK_INT((long)bf_test_count(bf_buf_cstr(&f.out), "\n"), 1);
    CHECK_INT(bf_fake_cli(&f, "check", "--bogus", NULL), 3);
    CHECK(strncmp(bf_buf_cstr(&f.out), "BINDFIX UNKNOWN - bad arguments", 31) == 0);
    bf_fake_put_file(&f, "bad.json", "{\"a\" | \n", 8);
    CHECK_INT(bf_fake_cli(&f, "check", "--snapshot", "bad.json", NULL), 3);
    CHECK(strchr(strstr(bf_buf_cstr(&f.out), "UNKNOWN"), '|') == NULL);
    CHECK_INT(bf_fake_cli(&f, "check", "--help", NULL), 0);
    bf_fake_free(&f);
}
