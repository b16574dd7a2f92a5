/* rule_probe.c - the bind and greeting probes (gui/sys/probe.c) against Windows' documented socket rules. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include "bindrules.h"
#include "collect_priv.h"
#include "rules.h"
#include "scan_text.h"
#include "strbuf.h"

/* A loopback TCP socket on an ephemeral port: bound only (listening false) or listening. */
static SOCKET hold_port(bool listening, int *port)
{
    SOCKADDR_IN a;
    int len = (int)sizeof a;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s == INVALID_SOCKET || bind(s, (SOCKADDR *)&a, sizeof a) != 0 || (listening && listen(s, 4) != 0) ||
        getsockname(s, (SOCKADDR *)&a, &len) != 0) {
        if (s != INVALID_SOCKET)
            closesocket(s);
        return INVALID_SOCKET;
    }
    *port = ntohs(a.sin_port);
    return s;
}

/* The greeting result of the wildcard row for a POP3 target on port (the probe connects to loopback). */
static bf_greeting probe_greeting(int port, int timeout_ms)
{
    bf_probe_target t = {"POP3", "tcp", port, "", "pop3", BF_SOCKOPT_NONE};
    bf_collect_opts o;
    bf_greeting g = BF_GREET__COUNT;
    bf_snapshot *s = bf_snapshot_create();
    memset(&o, 0, sizeof o);
    o.probes = o.greetings = true;
    o.probe_timeout_ms = timeout_ms;
    o.targets = &t;
    o.target_count = 1;
    if (s && bfsys_probe_endpoints(s, &o) == ERROR_SUCCESS && s->endpoint_count == 1 && s->endpoints[0].probe_count >= 1)
        g = s->endpoints[0].probes[0].greeting;
    bf_snapshot_destroy(s);
    return g;
}

BF_RULE(connect_refused_timed_out_and_silent_are_three_results,
        "A connect to a port nobody listens on is refused only after Windows retries the SYN (Microsoft KB 175523, "
        "\"Winsock TCP connection performance to unused ports\"); a failed non-blocking connect is reported in "
        "select's exceptfds with SO_ERROR (learn.microsoft.com, select function, Remarks; connect function)")
{
    WSADATA wsa;
    int port = 0;
    CHECK(WSAStartup(MAKEWORD(2, 2), &wsa) == 0);
    /* the connect's own budget: at least 3 s, whatever the (greeting) probe timeout */
    CHECK(bfsys_connect_budget_ms(1500) >= 3000);
    CHECK(bfsys_connect_budget_ms(200) >= 3000);
    CHECK(bfsys_connect_budget_ms(5000) == 5000);
    /* how the wait ends: nothing within the budget, refused, timed out by the stack, connected */
    CHECK(bfsys_connect_outcome(0, false, 0) == BF_GREET_CONNECT_TIMEOUT);
    CHECK(bfsys_connect_outcome(1, true, WSAECONNREFUSED) == BF_GREET_REFUSED);
    CHECK(bfsys_connect_outcome(1, true, WSAETIMEDOUT) == BF_GREET_CONNECT_TIMEOUT);
    CHECK(bfsys_connect_outcome(1, false, 0) == BF_GREET_NOT_TRIED);
    /* for real on loopback: a port bound but not listening (the exclusive wildcard probe sees it taken,
     * the connect is refused), and a port listening that says nothing (connected, no greeting) */
    SOCKET bound = hold_port(false, &port);
    CHECK(bound != INVALID_SOCKET);
    if (bound != INVALID_SOCKET) {
        bf_greeting g = probe_greeting(port, 300);
        if (g != BF_GREET_REFUSED)
            printf("     bound, not listening: %s\n", bf_greeting_token(g));
        CHECK(g == BF_GREET_REFUSED);
        closesocket(bound);
    }
    SOCKET quiet = hold_port(true, &port);
    CHECK(quiet != INVALID_SOCKET);
    if (quiet != INVALID_SOCKET) {
        bf_greeting g = probe_greeting(port, 300);
        if (g != BF_GREET_SILENT)
            printf("     listening, silent: %s\n", bf_greeting_token(g));
        CHECK(g == BF_GREET_SILENT);
        closesocket(quiet);
    }
    WSACleanup();
}

BF_RULE(bind_prediction_follows_the_documented_reuseaddr_exclusiveaddruse_table,
        "\"Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE\": \"if the first caller sets SO_EXCLUSIVEADDRUSE on a specific "
        "address, and second caller attempts to call bind with a wildcard address on the same port, the second bind "
        "call will succeed\"; \"a call to bind on the wildcard address by a process with the SO_EXCLUSIVEADDRUSE socket "
        "option set will fail if another process is currently bound to the same port on a specific interface\" "
        "(learn.microsoft.com, Windows Sockets 2, Enhanced Socket Security)")
{
    /* bindfix's probe is exclusive on the wildcard: 10048 beside a specific listener; the service, binding
     * the wildcard without options, succeeds - the scan must say so beside the raw answer */
    bf_snapshot *s = bf_snapshot_create();
    CHECK(s != NULL);
    if (!s)
        return;
    s->os.major = 5;
    s->os.minor = 2;
    bf_listener *l = bf_snap_add_listener(s);
    l->transport = "tcp";
    l->address = "192.0.2.10";
    l->port = 143;
    l->process = "other.exe";
    l->services = NULL;
    l->service_count = 0;
    bf_endpoint *e = bf_snap_add_endpoint(s, "IMAP4", "tcp", 143);
    e->service = "IMAP4Svc";
    bf_probe *p = bf_endpoint_add_probe(s, e, "0.0.0.0");
    p->result = BF_PROBE_ADDRINUSE;
    p->error = 10048;
    CHECK(bf_bind_rule(BF_BIND_ERA_2003, BF_SOCKOPT_EXCLUSIVE, false, BF_SOCKOPT_NONE, true, true) == BF_BIND_SUCCESS);
    CHECK(bf_bind_rule(BF_BIND_ERA_2003, BF_SOCKOPT_NONE, false, BF_SOCKOPT_EXCLUSIVE, true, false) != BF_BIND_SUCCESS);
    CHECK(bf_bind_predict(s, e, p) == BF_PROBE_OK);
    bf_buf out;
    bf_buf_init(&out);
    bf_scan_write_text(s, NULL, &out);
    if (!strstr(bf_buf_cstr(&out), "would get: OK"))
        printf("%s\n", bf_buf_cstr(&out));
    CHECK(strstr(bf_buf_cstr(&out), "(exclusive probe); the service (socket options: none) would get: OK") != NULL);
    bf_buf_free(&out);
    bf_snapshot_destroy(s);
}
