/* bench_diagnose.c - diagnosis time on synthetic snapshots (256 adapters x 16 addresses, 5,000 hosts
 * lines, 500 endpoints, 100,000 event records at 1x), from 1x to 16x, beside the time the strict reader
 * needs to parse the same snapshot as JSON (the peer), and the KB demo. Native, -O2. Both sides are
 * library calls in one process on the same data, timed with the same clock: median of 9 runs after a
 * warm-up, with the spread. Exit 2, without figures, when a run did no work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "causes.h"
#include "diagnose.h"
#include "snapshot_json.h"
#include "synthetic.h"

#define RUNS 9  /* measured runs per figure, after one warm-up */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static bf_snapshot *synthetic(int scale)
{
    return bf_synthetic_machine(256 * scale, 5000 * scale, 500 * scale, 100000 * scale);
}

static const char *fmt_range(double med, const double *sorted)
{
    static char buf[4][48];
    static int next;
    char *o = buf[next++ & 3];
    snprintf(o, 48, "%.2f (%.2f-%.2f)", med, sorted[0], sorted[RUNS - 1]);
    return o;
}

static const char *fmt_ratio(double r)
{
    static char buf[24];
    snprintf(buf, sizeof buf, "%.1fx", r);
    return buf;
}

/* Hostile but valid (issue 21 item 5): n event records of which no two share a (source, ID) group -
 * 4,096 sources x n/4,096 IDs - and every eighth a System-log Service Control Manager 7031 naming a
 * service of its own; nothing else in the snapshot, so the diagnosis time is the event rules' time.
 * *groups: the BF-EVENTS evidence rows the diagnosis must give. */
static bf_snapshot *hostile_events(size_t n, size_t *groups)
{
    bf_snapshot *s = bf_snapshot_create();
    size_t i, considered = n < BF_DIAG_EVENTS_MAX ? n : BF_DIAG_EVENTS_MAX;
    char buf[64];
    s->hostname = "SRV01";
    s->event_log.status = BF_SECTION_OK;
    *groups = n > considered ? 1 : 0;  /* the row saying how many were left out */
    for (i = 0; i < n; i++) {
        bf_event *ev = bf_snap_add_event(s);
        ev->time = "2026-01-01T00:00:00Z";
        if (i % 8 == 7) {
            ev->log = "System";
            ev->source = "Service Control Manager";
            ev->event_id = 7031;
            snprintf(buf, sizeof buf, "Service %zu", i);
            bf_str_list_add(s, &ev->inserts, &ev->insert_count, &ev->insert_cap, buf);
        } else {
            ev->log = "Application";
            snprintf(buf, sizeof buf, "Source%zu", i % 4096);
            ev->source = bf_arena_strdup(s->arena, buf);
            ev->event_id = (int)(i / 4096) + 1;
            if (i < considered)
                (*groups)++;
        }
    }
    return s;
}

static size_t event_rows(const bf_diagnosis *d)
{
    size_t i;
    for (i = 0; d && i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, "BF-EVENTS") == 0)
            return d->findings[i].evidence_count;
    return 0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* median of n (odd) times, sorted in place */
static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}


/* The cause links (core/causes.c) on the same snapshots: bf_link_causes run again on each diagnosis (its
 * links cleared first), beside the whole diagnosis that includes it; the ratio to 1x says whether linking
 * stays linear (16x should cost about 16 times 1x). */
static int bench_links(void)
{
    double base = 0;
    int scale, k;
    bf_err err;
    printf("\ncause links (bf_link_causes) beside the whole diagnosis, median of %d warmed-up runs (min-max)\n", RUNS);
    printf("%6s %9s %7s %22s %22s %12s\n", "scale", "findings", "links", "linking ms", "diagnosis ms", "linking/1x");
    for (scale = 1; scale <= 16; scale *= 2) {
        bf_snapshot *s = synthetic(scale);
        double tl[RUNS], td[RUNS], t0, lmed;
        size_t links = 0, i;
        bf_diagnosis *d = NULL;
        for (k = -1; k < RUNS; k++) {
            bf_diagnosis_destroy(d);
            t0 = now_ms();
            d = bf_diagnose(s, NULL, &err);
            if (k >= 0)
                td[k] = now_ms() - t0;
            if (!d) {
                printf("bench-diagnose: no figures for the links at %dx: %s\n", scale, err.msg);
                return 2;
            }
            for (i = 0; i < d->finding_count; i++)
                d->findings[i].explains_count = d->findings[i].cause_count = 0;
            t0 = now_ms();
            if (!bf_link_causes(d)) {
                printf("bench-diagnose: no figures for the links at %dx: out of memory\n", scale);
                return 2;
            }
            if (k >= 0)
                tl[k] = now_ms() - t0;
        }
        for (i = 0; i < d->finding_count; i++)
            links += d->findings[i].explains_count;
        lmed = median(tl, RUNS);
        median(td, RUNS);
        if (scale == 1)
            base = lmed;
        printf("%5dx %9zu %7zu %22s %22s %12s\n", scale, d->finding_count, links,
               fmt_range(lmed, tl), fmt_range(median(td, RUNS), td), fmt_ratio(base > 0 ? lmed / base : 0));
        bf_diagnosis_destroy(d);
        bf_snapshot_destroy(s);
    }
    return 0;
}

int main(void)
{
    int scale, k;
    bf_err err;
    double t0, t[RUNS];
    bf_snapshot *demo = bf_demo_snapshot(&err);
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!demo) {
        printf("bench-diagnose: no figures: the demo snapshot failed: %s\n", err.msg);
        return 2;
    }
    /* both sides of every row: the same process, the same clock, one warm-up run, then RUNS runs each,
     * taken in turn; a row is printed only when the diagnosis found something and the reader gave back
     * every adapter (a run that did no work must not give a figure) */
    for (k = -1; k < RUNS; k++) {
        bf_diagnosis *d;
        t0 = now_ms();
        d = bf_diagnose(demo, NULL, &err);
        if (k >= 0)
            t[k] = now_ms() - t0;
        if (!d || d->finding_count == 0) {
            printf("bench-diagnose: no figures: the KB demo gave no findings\n");
            return 2;
        }
        bf_diagnosis_destroy(d);
    }
    printf("KB demo: diagnosis median %.3f ms of %d warmed-up runs (min-max %.3f-%.3f; goal < 1 ms: %s)\n\n",
           median(t, RUNS), RUNS, t[0], t[RUNS - 1], median(t, RUNS) < 1 ? "met" : "MISSED");
    bf_snapshot_destroy(demo);
    printf("in-process library calls on the same snapshot, same clock, median of %d warmed-up runs (min-max)\n", RUNS);
    printf("%6s %9s %26s %26s %16s\n", "scale", "adapters", "diagnose ms", "parse JSON ms (peer)", "ratio (min-max)");
    for (scale = 1; scale <= 16; scale *= 2) {
        bf_snapshot *s = synthetic(scale);
        bf_buf json;
        double tp[RUNS], ratio[RUNS], td_med, tp_med;
        size_t findings = 0;
        bool refused = false;
        bf_buf_init(&json);
        bf_snapshot_write_json(s, &json);
        for (k = -1; k < RUNS && !refused; k++) {
            bf_diagnosis *d;
            bf_snapshot *back;
            double td1, tp1;
            t0 = now_ms();
            d = bf_diagnose(s, NULL, &err);
            td1 = now_ms() - t0;
            findings = d ? d->finding_count : 0;
            bf_diagnosis_destroy(d);
            t0 = now_ms();
            back = bf_snapshot_read_json(bf_buf_cstr(&json), json.len, "bench", &err);
            tp1 = now_ms() - t0;
            if (!back) {
                refused = true;
                break;
            }
            if (findings == 0 || back->adapter_count != s->adapter_count) {
                printf("bench-diagnose: no figures at %dx: %zu findings, %zu of %zu adapters read back\n", scale,
                       findings, back->adapter_count, s->adapter_count);
                return 2;
            }
            bf_snapshot_destroy(back);
            if (k >= 0) {
                t[k] = td1;
                tp[k] = tp1;
                ratio[k] = td1 / tp1;
            }
        }
        if (refused) {
            /* the reader's documented limits: a refusal is a result, not a figure */
            printf("%5dx %9zu %26s %26s %16s   (the reader refuses it: %s)\n", scale, s->adapter_count, "-", "-", "-",
                   err.msg);
        } else {
            char a[64], b[64], c[64];
            td_med = median(t, RUNS);
            tp_med = median(tp, RUNS);
            median(ratio, RUNS);
            snprintf(a, sizeof a, "%.1f (%.1f-%.1f)", td_med, t[0], t[RUNS - 1]);
            snprintf(b, sizeof b, "%.1f (%.1f-%.1f)", tp_med, tp[0], tp[RUNS - 1]);
            snprintf(c, sizeof c, "%.2f (%.2f-%.2f)", td_med / tp_med, ratio[0], ratio[RUNS - 1]);
            printf("%5dx %9zu %26s %26s %16s%s\n", scale, s->adapter_count, a, b, c,
                   scale == 1 ? (td_med < 50 ? "   (goal < 50 ms: met)" : "   (goal < 50 ms: MISSED)") : "");
        }
        bf_snapshot_destroy(s);
        bf_buf_free(&json);
    }

    /* event grouping on hostile but valid input: 20,000 records at 1x, 320,000 (the 57 MB
     * snapshot) at 16x; every run checked to give one evidence row per group */
    {
        static const size_t sizes[] = {20000, 100000, 320000};
        double base = 0;
        size_t z;
        printf("\nevent grouping, hostile but valid (every record its own source and ID, every 8th a crash record "
               "of its own service;\nthe newest %d records are grouped), diagnosis median of %d warmed-up runs "
               "(min-max)\n", BF_DIAG_EVENTS_MAX, RUNS);
        printf("%6s %9s %26s %16s\n", "scale", "records", "diagnose ms", "ratio to 1x");
        for (z = 0; z < BF_COUNTOF(sizes); z++) {
            size_t groups;
            bf_snapshot *s = hostile_events(sizes[z], &groups);
            char a[64], sc[16];
            double med;
            for (k = -1; k < RUNS; k++) {
                bf_diagnosis *d;
                size_t rows;
                t0 = now_ms();
                d = bf_diagnose(s, NULL, &err);
                if (k >= 0)
                    t[k] = now_ms() - t0;
                rows = event_rows(d);
                bf_diagnosis_destroy(d);
                if (rows != groups) {
                    printf("bench-diagnose: no figures: %zu records gave %zu event rows, expected %zu\n", sizes[z], rows,
                           groups);
                    return 2;
                }
            }
            med = median(t, RUNS);
            if (z == 0)
                base = med;
            snprintf(a, sizeof a, "%.1f (%.1f-%.1f)", med, t[0], t[RUNS - 1]);
            snprintf(sc, sizeof sc, "%gx", (double)sizes[z] / (double)sizes[0]);
            printf("%6s %9zu %26s %16.2f%s\n", sc, sizes[z], a, med / base,
                   sizes[z] > BF_DIAG_EVENTS_MAX ? "   (beyond the bound: counted, not grouped)" : "");
            bf_snapshot_destroy(s);
        }
    }
    return bench_links();
}
