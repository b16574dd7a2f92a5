/* bench_probes.c - one side of `make bench-probes` per run (tests/bench/bench-probes.sh times the whole
 * process from outside):
 *
 *   bench-probes.exe bindfix|plain|none PORT0 TARGETS ADDRESS...
 *
 * TARGETS TCP ports from PORT0, each probed on every ADDRESS and on the wildcard 0.0.0.0 (as bindfix's
 * probes add it), with a POP3 greeting read wherever the bind says the port is taken.
 *   bindfix  the real probe code (gui/sys/probe.c: parallel workers, exclusive binds, greeting probes);
 *   plain    the same socket calls in one plain sequential loop: the work without bindfix's code;
 *   none     nothing (the cost of starting the process).
 * Prints the mix of results, which the script checks before it keeps a time:
 *   probes N ok N addrnotavail N addrinuse N other N greetings N */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mix {
    size_t probes, ok, notavail, inuse, other, greetings;
} mix;

static void count(mix *m, int error, bool answered)
{
    m->probes++;
    if (error == 0)
        m->ok++;
    else if (error == WSAEADDRNOTAVAIL)
        m->notavail++;
    else if (error == WSAEADDRINUSE)
        m->inuse++;
    else
        m->other++;
    if (answered)
        m->greetings++;
}

/* what a plain tool does for one address and port: an exclusive bind, and where the port is taken, a
 * connect to it (to loopback for the wildcard) that must read "+OK" */
static void plain_probe(const char *address, int port, mix *m)
{
    SOCKADDR_IN a;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    int one = 1, error = 0;
    bool answered = false;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((u_short)port);
    inet_pton(AF_INET, address, &a.sin_addr);
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one);
    if (bind(s, (const SOCKADDR *)&a, sizeof a) != 0)
        error = WSAGetLastError();
    closesocket(s);
    if (error == WSAEADDRINUSE) {
        SOCKET c = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
        char buf[64];
        fd_set rd;
        struct timeval tv = {1, 500000};
        if (strcmp(address, "0.0.0.0") == 0)
            inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
        if (connect(c, (const SOCKADDR *)&a, sizeof a) == 0) {
            FD_ZERO(&rd);
            FD_SET(c, &rd);
            if (select(0, &rd, NULL, NULL, &tv) > 0 && recv(c, buf, sizeof buf, 0) >= 3)
                answered = strncmp(buf, "+OK", 3) == 0;
        }
        closesocket(c);
    }
    count(m, error, answered);
}

int main(int argc, char **argv)
{
    WSADATA w;
    mix m;
    int port0, ntargets, i, k;
    memset(&m, 0, sizeof m);
    if (argc < 5 || WSAStartup(MAKEWORD(2, 2), &w) != 0) {
        fprintf(stderr, "usage: bench-probes.exe bindfix|plain|none PORT0 TARGETS ADDRESS...\n");
        return 2;
    }
    port0 = atoi(argv[2]);
    ntargets = atoi(argv[3]);
    if (strcmp(argv[1], "bindfix") == 0) {
        bf_snapshot *s = bf_snapshot_create();
        bf_probe_target *targets = calloc((size_t)ntargets, sizeof *targets);
        char (*names)[16] = calloc((size_t)ntargets, sizeof *names);
        bf_resolution *r;
        bf_collect_opts o;
        size_t e, p;
        if (!s || !targets || !names)
            return 2;
        r = bf_snap_add_resolution(s, "gethostbyname", "bench");
        for (k = 4; k < argc; k++)
            bf_resolution_add_address(s, r, argv[k]);
        for (i = 0; i < ntargets; i++) {
            snprintf(names[i], sizeof names[i], "P%d", i);
            targets[i].protocol = names[i];
            targets[i].transport = "tcp";
            targets[i].port = port0 + i;
            targets[i].service = "";
            targets[i].greeting = "pop3";
        }
        bf_collect_opts_default(&o);
        o.targets = targets;
        o.target_count = (size_t)ntargets;
        o.greetings = true;
        if (bfsys_probe_endpoints(s, &o) != ERROR_SUCCESS)
            return 1;
        for (e = 0; e < s->endpoint_count; e++)
            for (p = 0; p < s->endpoints[e].probe_count; p++) {
                const bf_probe *pr = &s->endpoints[e].probes[p];
                count(&m, pr->result == BF_PROBE_OK ? 0 : pr->error, pr->greeting == BF_GREET_ANSWERED);
            }
    } else if (strcmp(argv[1], "plain") == 0) {
        for (i = 0; i < ntargets; i++) {
            for (k = 4; k < argc; k++)
                plain_probe(argv[k], port0 + i, &m);
            plain_probe("0.0.0.0", port0 + i, &m);
        }
    } else if (strcmp(argv[1], "none") != 0) {
        fprintf(stderr, "bench-probes.exe: unknown side %s\n", argv[1]);
        return 2;
    }
    printf("probes %zu ok %zu addrnotavail %zu addrinuse %zu other %zu greetings %zu\n", m.probes, m.ok, m.notavail,
           m.inuse, m.other, m.greetings);
    return 0;
}
