/* bench_probes.c - 1,000 bind probes through the real probe code (gui/sys/probe.c) under Wine: 100
 * targets on loopback ports x 10 loopback addresses. Prints the wall time in ms on stdout. */
#include "collect_priv.h"

#include <stdio.h>

int main(void)
{
    WSADATA w;
    bf_snapshot *s = bf_snapshot_create();
    bf_probe_target targets[100];
    char names[100][16];
    bf_resolution *r;
    bf_collect_opts o;
    LARGE_INTEGER f, t0, t1;
    size_t i, n = 0;
    int a;
    if (!s || WSAStartup(MAKEWORD(2, 2), &w) != 0)
        return 2;
    r = bf_snap_add_resolution(s, "gethostbyname", "bench");
    for (a = 1; a <= 9; a++) {
        char addr[32];
        snprintf(addr, sizeof addr, "127.0.0.%d", a);
        bf_resolution_add_address(s, r, addr);
    }
    for (i = 0; i < 100; i++) {
        snprintf(names[i], sizeof names[i], "P%zu", i);
        targets[i].protocol = names[i];
        targets[i].transport = "tcp";
        targets[i].port = 41000 + (int)i;
        targets[i].service = "";
        targets[i].greeting = "";
    }
    bf_collect_opts_default(&o);
    o.targets = targets;
    o.target_count = 100;
    o.greetings = false;
    QueryPerformanceFrequency(&f);
    QueryPerformanceCounter(&t0);
    bfsys_probe_endpoints(s, &o);
    QueryPerformanceCounter(&t1);
    for (i = 0; i < s->endpoint_count; i++)
        n += s->endpoints[i].probe_count;
    printf("%zu %.1f\n", n, (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)f.QuadPart);
    return 0;
}
