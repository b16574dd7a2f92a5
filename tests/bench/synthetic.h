/* synthetic.h - the synthetic machine of the benchmarks: adapters with 16 addresses each (every seventh a
 * disconnected dial-up adapter, the first address of each in the resolver's answer), hosts lines naming the
 * host, POP3 endpoints of which every third cannot bind, and event records. bench_diagnose.c uses it at 1x
 * (256 adapters, 5,000 hosts lines, 500 endpoints, 100,000 events) to 16x; snapgen.c writes it as a
 * snapshot file for the console's benchmark and the GUI fixture. Synthetic: made here, not recorded. */
#ifndef BF_BENCH_SYNTHETIC_H
#define BF_BENCH_SYNTHETIC_H

#include <stdio.h>

#include "model.h"

static inline bf_snapshot *bf_synthetic_machine(int adapters, int hosts, int endpoints, int events)
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
    for (i = 0; i < adapters; i++) {
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
    for (i = 0; i < hosts; i++) {
        bf_hosts_entry *h = bf_snap_add_hosts_entry(s);
        h->line = i + 1;
        snprintf(buf, sizeof buf, "203.0.113.%d", i % 250);
        h->address = bf_arena_strdup(s->arena, buf);
        h->names = "SRV01";
        h->text = h->address;
    }
    for (i = 0; i < endpoints; i++) {
        bf_endpoint *e = bf_snap_add_endpoint(s, "POP3", "tcp", 1000 + i);
        bf_probe *p = bf_endpoint_add_probe(s, e, "10.0.0.1");
        p->result = i % 3 ? BF_PROBE_OK : BF_PROBE_ADDRNOTAVAIL;
    }
    for (i = 0; i < events; i++) {
        bf_event *ev = bf_snap_add_event(s);
        ev->log = "Application";
        ev->source = i % 2 ? "MSExchangeDS" : "MSExchangeIS";
        ev->event_id = i % 2 ? 1309 : 1194;
        ev->time = "2026-01-01T00:00:00Z";
    }
    return s;
}

#endif
