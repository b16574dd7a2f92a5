/* bench_diagnose.c - diagnosis time on synthetic snapshots (256 adapters x 16 addresses, 5,000 hosts
 * lines, 500 endpoints, 100,000 event records at 1x), from 1x to 16x, beside the time the strict reader
 * needs to parse the same snapshot as JSON (the peer), and the KB demo. Native, -O2. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "demo.h"
#include "diagnose.h"
#include "snapshot_json.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static bf_snapshot *synthetic(int scale)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_resolution *r;
    int i, j;
    char buf[64];
    s->hostname = "SRV01";
    s->fqdn = "srv01.example.com";
    s->os.major = 5; s->os.minor = 2; s->os.product = "Windows Server 2003";
    s->binding.status = BF_SECTION_OK;
    s->hosts.status = BF_SECTION_OK;
    s->event_log.status = BF_SECTION_OK;
    r = bf_snap_add_resolution(s, "gethostbyname", "SRV01");
    for (i = 0; i < 256 * scale; i++) {
        bf_adapter *a = bf_snap_add_adapter(s);
        snprintf(buf, sizeof buf, "{%08d-0000-0000-0000-000000000000}", i);
        a->guid = bf_arena_strdup(s->arena, buf);
        a->status = i % 7 ? BF_OPER_UP : BF_OPER_DISCONNECTED;
        a->kind = i % 7 ? BF_KIND_LAN : BF_KIND_DIALUP;
        snprintf(buf, sizeof buf, "\\Device\\{%08d-0000-0000-0000-000000000000}", i);
        bf_binding_add_entry(s, buf);
        for (j = 0; j < 16; j++) {
            snprintf(buf, sizeof buf, "10.%d.%d.%d", (i >> 8) & 255, i & 255, j + 1);
            bf_adapter_add_address(s, a, buf, 24)->family = 4;
            if (j == 0)
                bf_resolution_add_address(s, r, buf);
        }
    }
    for (i = 0; i < 5000 * scale; i++) {
        bf_hosts_entry *h = bf_snap_add_hosts_entry(s);
        h->line = i + 1;
        snprintf(buf, sizeof buf, "203.0.113.%d", i % 250);
        h->address = bf_arena_strdup(s->arena, buf);
        h->names = "SRV01";
        h->text = h->address;
    }
    for (i = 0; i < 500 * scale; i++) {
        bf_endpoint *e = bf_snap_add_endpoint(s, "POP3", "tcp", 1000 + i);
        bf_probe *p = bf_endpoint_add_probe(s, e, "10.0.0.1");
        p->result = i % 3 ? BF_PROBE_OK : BF_PROBE_ADDRNOTAVAIL;
    }
    for (i = 0; i < 100000 * scale; i++) {
        bf_event *ev = bf_snap_add_event(s);
        ev->log = "Application";
        ev->source = i % 2 ? "MSExchangeDS" : "MSExchangeIS";
        ev->event_id = i % 2 ? 1309 : 1194;
        ev->time = "2026-01-01T00:00:00Z";
    }
    return s;
}

int main(void)
{
    int scale;
    bf_err err;
    double t0, t1, best = 1e9;
    int k;
    bf_snapshot *demo = bf_demo_snapshot(&err);
    setvbuf(stdout, NULL, _IONBF, 0);
    for (k = 0; k < 200; k++) {
        bf_diagnosis *d;
        t0 = now_ms();
        d = bf_diagnose(demo, NULL, &err);
        t1 = now_ms();
        if (t1 - t0 < best)
            best = t1 - t0;
        bf_diagnosis_destroy(d);
    }
    printf("KB demo: diagnosis %.3f ms (goal < 1 ms)\n\n", best);
    bf_snapshot_destroy(demo);
    printf("%6s %10s %12s %14s %8s\n", "scale", "adapters", "diagnose ms", "parse JSON ms", "ratio");
    for (scale = 1; scale <= 16; scale *= 2) {
        bf_snapshot *s = synthetic(scale), *back;
        bf_diagnosis *d;
        bf_buf json;
        double td, tp;
        bf_buf_init(&json);
        bf_snapshot_write_json(s, &json);
        t0 = now_ms();
        d = bf_diagnose(s, NULL, &err);
        t1 = now_ms();
        td = t1 - t0;
        t0 = now_ms();
        back = bf_snapshot_read_json(bf_buf_cstr(&json), json.len, "bench", &err);
        t1 = now_ms();
        tp = t1 - t0;
        if (!back) {
            printf("%5dx %10zu %12.1f %14s %8s   (the reader refuses it: %s)\n", scale, s->adapter_count, td, "-", "-", err.msg);
        } else
        printf("%5dx %10zu %12.1f %14.1f %8.2f%s\n", scale, s->adapter_count, td, tp, td / tp,
               scale == 1 ? (td < 50 ? "   (goal < 50 ms: met)" : "   (goal < 50 ms: MISSED)") : "");
        bf_diagnosis_destroy(d);
        bf_snapshot_destroy(back);
        bf_snapshot_destroy(s);
        bf_buf_free(&json);
    }
    return 0;
}
