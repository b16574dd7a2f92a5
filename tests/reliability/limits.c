/* limits.c - what bindfix does with inputs at and past its limits: a 100 MB snapshot, one past the
 * 256 MiB reader limit, 100,000 nested arrays, a hosts file of 1,000,000 lines, 10,000 adapters. Prints
 * one row per case: a result or a clear message, the time, and the peak memory (ru_maxrss) so far.
 * Every result is checked against what it must be (events read back, refused with the reason, lines
 * that name the host, findings raised): a wrong one prints "wrong: ..." and the program exits 1, so
 * `make reliability` cannot print a figure that is false. Times and memory are figures, not verdicts.
 * Native, -O2; run by `make reliability`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "demo.h"
#include "diagnose.h"
#include "hosts_parse.h"
#include "json.h"
#include "snapshot_json.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static long peak_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

static int wrong_count;

static void row(const char *what, const char *result, double ms)
{
    printf("| %-44s | %-96.96s | %9.0f ms | %6ld MB |\n", what, result, ms, peak_mb());
}

/* A result that is not what the case must give: said, counted, and the exit status becomes 1. */
static void expect(bool ok, const char *what, const char *why)
{
    if (!ok) {
        printf("wrong: %s: %s\n", what, why);
        wrong_count++;
    }
}

int main(void)
{
    bf_err err;
    double t0;
    char msg[1100];
    setvbuf(stdout, NULL, _IONBF, 0);
    printf("| %-44s | %-96s | %12s | %9s |\n", "input", "result", "time", "peak RSS");
    printf("|%s|%s|%s|%s|\n", "----------------------------------------------", "--------------------------------------------------------------------------------------------------",
           "--------------", "-----------");

    /* a 100 MB snapshot: the demo with 400,000 signature events */
    {
        bf_snapshot *s = bf_demo_snapshot(&err), *back;
        bf_buf json;
        size_t i, want_events;
        if (!s) {
            expect(false, "big snapshot", "the demo machine could not be built");
            return 1;
        }
        want_events = s->event_log.event_count + 400000;
        for (i = 0; i < 400000; i++) {
            bf_event *e = bf_snap_add_event(s);
            e->log = "Application";
            e->source = "MSExchangeDS";
            e->event_id = 1309;
            e->type = "error";
            e->time = "1999-08-27T09:12:31Z";
            e->message = "Register LDAP SSL protocol failed with error 10049. The LDAP SSL server is not available.";
        }
        bf_buf_init(&json);
        bf_snapshot_write_json(s, &json);
        bf_snapshot_destroy(s);
        t0 = now_ms();
        back = bf_snapshot_read_json(bf_buf_cstr(&json), json.len, "big.json", &err);
        if (back)
            snprintf(msg, sizeof msg, "read: %zu events", back->event_log.event_count);
        else
            snprintf(msg, sizeof msg, "refused: %s", err.msg);
        {
            char what[80];
            snprintf(what, sizeof what, "snapshot of %zu MB", json.len / (1024 * 1024));
            row(what, msg, now_ms() - t0);
            expect(back && back->event_log.event_count == want_events, what, "not read back with every event");
            expect(json.len > 100u * 1024 * 1024, what, "smaller than the 100 MB the case is about");
        }
        if (back) {
            bf_diagnosis *d;
            t0 = now_ms();
            d = bf_diagnose(back, NULL, &err);
            snprintf(msg, sizeof msg, "diagnosed: %zu findings", d ? d->finding_count : 0);
            row("  ... diagnosed", msg, now_ms() - t0);
            expect(d && d->finding_count > 0, "big snapshot diagnosed", "no finding on the KB's machine");
            bf_diagnosis_destroy(d);
        }
        bf_snapshot_destroy(back);
        bf_buf_free(&json);
    }
    /* one byte past the reader's limit */
    {
        size_t n = BF_JSON_MAX_INPUT + 1;
        char *big = calloc(n, 1);
        bf_snapshot *s;
        if (big) {
            t0 = now_ms();
            s = bf_snapshot_read_json(big, n, "huge.json", &err);
            snprintf(msg, sizeof msg, "%s%s", s ? "read (wrong!)" : "refused: ", s ? "" : err.msg);
            row("snapshot of 256 MiB + 1 byte", msg, now_ms() - t0);
            expect(!s && strstr(err.msg, "limit"), "snapshot of 256 MiB + 1 byte", "not refused for its size");
            bf_snapshot_destroy(s);
            free(big);
        } else {
            expect(false, "snapshot of 256 MiB + 1 byte", "out of memory: case not run");
        }
    }
    /* 100,000 nested arrays */
    {
        size_t n = 100000;
        char *deep = malloc(n);
        bf_snapshot *s;
        if (!deep) {
            expect(false, "100,000 nested arrays", "out of memory: case not run");
            return 1;
        }
        memset(deep, '[', n);
        t0 = now_ms();
        s = bf_snapshot_read_json(deep, n, "deep.json", &err);
        snprintf(msg, sizeof msg, "%s%s", s ? "read (wrong!)" : "refused: ", s ? "" : err.msg);
        row("100,000 nested arrays", msg, now_ms() - t0);
        expect(!s && strstr(err.msg, "nesting"), "100,000 nested arrays", "not refused at the nesting limit");
        bf_snapshot_destroy(s);
        free(deep);
    }
    /* a hosts file of 1,000,000 lines, every 1000th naming the host */
    {
        bf_buf h;
        size_t i;
        bf_snapshot *s = bf_snapshot_create();
        bf_buf_init(&h);
        for (i = 0; i < 1000000; i++)
            bf_buf_printf(&h, i % 1000 ? "10.%zu.%zu.%zu other%zu\r\n" : "10.%zu.%zu.%zu EXCHSRV01 # %zu\r\n",
                          (i >> 16) & 255, (i >> 8) & 255, i & 255, i);
        s->hostname = "EXCHSRV01";
        t0 = now_ms();
        bf_hosts_parse(s, bf_buf_cstr(&h), h.len);
        snprintf(msg, sizeof msg, "%zu lines name the host (status %s)", s->hosts.entry_count,
                 bf_section_status_token(s->hosts.status));
        row("hosts file of 1,000,000 lines", msg, now_ms() - t0);
        expect(s->hosts.entry_count == 1000, "hosts file of 1,000,000 lines", "not the 1000 lines that name the host");
        bf_snapshot_destroy(s);
        bf_buf_free(&h);
    }
    /* 10,000 adapters, every 5th a disconnected dial-up link returned by the resolver */
    {
        bf_snapshot *s = bf_demo_snapshot(&err);
        bf_resolution *r = &s->resolver[0];
        bf_diagnosis *d;
        size_t i;
        char addr[32], guid[64];
        for (i = 0; i < 10000; i++) {
            bf_adapter *a = bf_snap_add_adapter(s);
            snprintf(guid, sizeof guid, "{%08zu-0000-0000-0000-000000000000}", i);
            snprintf(addr, sizeof addr, "10.%zu.%zu.1", (i >> 8) & 255, i & 255);
            a->guid = bf_arena_strdup(s->arena, guid);
            a->kind = i % 5 ? BF_KIND_LAN : BF_KIND_DIALUP;
            a->status = i % 5 ? BF_OPER_UP : BF_OPER_DISCONNECTED;
            bf_adapter_add_address(s, a, addr, 24)->family = 4;
            bf_resolution_add_address(s, r, addr);
        }
        t0 = now_ms();
        d = bf_diagnose(s, NULL, &err);
        snprintf(msg, sizeof msg, "diagnosed: %zu findings", d ? d->finding_count : 0);
        row("10,000 adapters", msg, now_ms() - t0);
        expect(d && s->adapter_count >= 10000 && d->finding_count > 0, "10,000 adapters",
               "not diagnosed, or no finding for 2,000 disconnected dial-up addresses the resolver returns");
        bf_diagnosis_destroy(d);
        bf_snapshot_destroy(s);
    }
    if (wrong_count)
        printf("limits: %d result(s) wrong\n", wrong_count);
    return wrong_count ? 1 : 0;
}
