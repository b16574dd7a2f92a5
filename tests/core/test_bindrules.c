/* test_bindrules.c - core/bindrules.c against the three tables of "Using SO_REUSEADDR and
 * SO_EXCLUSIVEADDRUSE" (learn.microsoft.com, Windows Sockets 2; MicrosoftDocs/win32
 * desktop-src/WinSock/using-so-reuseaddr-and-so-exclusiveaddruse.md), every cell. The tables are copied
 * here as the page prints them - rows are the FIRST bind, columns the SECOND, each "Default,
 * SO_REUSEADDR, SO_EXCLUSIVEADDRUSE" by "Wildcard, Specific", cells in the page's words - so a table in
 * the core that is transposed, shifted or mistyped fails here cell by cell. Then the page's own worked
 * examples, and the prediction for a service beside a listener. */
#include <stdio.h>
#include <string.h>

#include "bindrules.h"
#include "model.h"
#include "testlib.h"

/* "Windows XP and earlier" */
static const char *const doc_xp[6] = {
    "INUSE INUSE Success Success INUSE INUSE",     /* Default, Wildcard */
    "INUSE INUSE Success Success INUSE INUSE",     /* Default, Specific */
    "INUSE INUSE Success Success INUSE INUSE",     /* SO_REUSEADDR, Wildcard */
    "INUSE INUSE Success Success INUSE INUSE",     /* SO_REUSEADDR, Specific */
    "INUSE INUSE ACCESS ACCESS INUSE INUSE",       /* SO_EXCLUSIVEADDRUSE, Wildcard */
    "INUSE INUSE ACCESS ACCESS INUSE INUSE",       /* SO_EXCLUSIVEADDRUSE, Specific */
};
/* "Windows Server 2003 and later ... both bind calls are made under the same user account" */
static const char *const doc_2003_same[6] = {
    "INUSE Success ACCESS Success INUSE Success",
    "Success INUSE Success ACCESS INUSE INUSE",
    "INUSE Success Success Success INUSE Success",
    "Success INUSE Success Success INUSE INUSE",
    "INUSE ACCESS ACCESS ACCESS INUSE ACCESS",
    "Success INUSE Success ACCESS INUSE INUSE",
};
/* "... using specific socket options and a different user account" */
static const char *const doc_2003_other[6] = {
    "INUSE ACCESS ACCESS ACCESS INUSE ACCESS",
    "Success INUSE Success ACCESS INUSE INUSE",
    "INUSE ACCESS Success Success INUSE ACCESS",
    "Success INUSE Success Success INUSE INUSE",
    "INUSE ACCESS ACCESS ACCESS INUSE ACCESS",
    "Success INUSE Success ACCESS INUSE INUSE",
};

static const char *word(bf_bind_outcome o)
{
    return o == BF_BIND_SUCCESS ? "Success" : o == BF_BIND_ACCESS ? "ACCESS" : "INUSE";
}

/* Checks all 36 cells of one documented table; returns how many differ (each is printed). */
static int check_table(const char *name, const char *const doc[6], bf_bind_era era, bool same)
{
    static const char *const opt[3] = {"Default", "SO_REUSEADDR", "SO_EXCLUSIVEADDRUSE"};
    int wrong = 0;
    for (int row = 0; row < 6; row++) {
        const char *at = doc[row];
        for (int col = 0; col < 6; col++) {
            char buf[16];
            int used = 0;
            const char *cell = sscanf(at, "%15s%n", buf, &used) == 1 ? buf : NULL;
            at += used;
            bf_bind_outcome got = bf_bind_rule(era, (bf_sockopt)(row / 2), row % 2 == 0, (bf_sockopt)(col / 2),
                                               col % 2 == 0, same);
            if (!cell || strcmp(cell, word(got)) != 0) {
                printf("  %s: first %s %s, second %s %s: documented %s, table says %s\n", name, opt[row / 2],
                       row % 2 ? "Specific" : "Wildcard", opt[col / 2], col % 2 ? "Specific" : "Wildcard",
                       cell ? cell : "?", word(got));
                wrong++;
            }
        }
    }
    return wrong;
}

BF_TEST(bindrules_every_documented_cell)
{
    CHECK_INT(check_table("XP and earlier", doc_xp, BF_BIND_ERA_XP, true), 0);
    CHECK_INT(check_table("XP and earlier, other account", doc_xp, BF_BIND_ERA_XP, false), 0);
    CHECK_INT(check_table("2003+, same account", doc_2003_same, BF_BIND_ERA_2003, true), 0);
    CHECK_INT(check_table("2003+, different account", doc_2003_other, BF_BIND_ERA_2003, false), 0);
}

BF_TEST(bindrules_the_pages_worked_examples)
{
    /* "if the first caller sets SO_EXCLUSIVEADDRUSE on a specific address, and second caller attempts
     * to call bind with a wildcard address on the same port, the second bind call will succeed" */
    CHECK(bf_bind_rule(BF_BIND_ERA_2003, BF_SOCKOPT_EXCLUSIVE, false, BF_SOCKOPT_NONE, true, true) == BF_BIND_SUCCESS);
    /* "if the first caller sets SO_EXCLUSIVEADDRUSE and calls bind with the wildcard flag, the second
     * caller is not able to call bind with the same port" */
    for (int o = 0; o < BF_SOCKOPT__COUNT; o++)
        for (int w = 0; w < 2; w++)
            CHECK(bf_bind_rule(BF_BIND_ERA_2003, BF_SOCKOPT_EXCLUSIVE, true, (bf_sockopt)o, w == 0, true) != BF_BIND_SUCCESS);
    /* "If the first caller does not set any options on the socket and binds to the wildcard address, then
     * the second caller cannot set the SO_REUSEADDR option and successfully bind to the same port" (other
     * account) */
    CHECK(bf_bind_rule(BF_BIND_ERA_2003, BF_SOCKOPT_NONE, true, BF_SOCKOPT_REUSEADDR, true, false) != BF_BIND_SUCCESS);
    /* "a call to bind on the wildcard address by a process with SO_EXCLUSIVEADDRUSE set will fail if
     * another process is currently bound to the same port on a specific interface" */
    CHECK(bf_bind_rule(BF_BIND_ERA_2003, BF_SOCKOPT_NONE, false, BF_SOCKOPT_EXCLUSIVE, true, false) != BF_BIND_SUCCESS);
    CHECK(bf_sockopt_token(BF_SOCKOPT_EXCLUSIVE)[0] == 'e');
    bf_sockopt o = BF_SOCKOPT_NONE;
    CHECK(bf_sockopt_parse("reuseaddr", &o) && o == BF_SOCKOPT_REUSEADDR);
    CHECK(!bf_sockopt_parse("SO_REUSEADDR", &o) && o == BF_SOCKOPT_REUSEADDR);
}

/* A Server 2003 whose port 110 is held on 192.0.2.10 by another program (no options known); the POP3
 * service (no socket options) binds the wildcard: the exclusive probe gets 10048, the service succeeds. */
BF_TEST(bindrules_predict_service_beside_a_specific_listener)
{
    bf_snapshot *s = bf_snapshot_create();
    CHECK(s != NULL);
    if (!s)
        return;
    s->os.major = 5;
    s->os.minor = 2;
    bf_listener *l = bf_snap_add_listener(s);
    CHECK(l != NULL);
    if (!l) {
        bf_snapshot_destroy(s);
        return;
    }
    l->transport = "tcp";
    l->address = "192.0.2.10";
    l->port = 110;
    bf_endpoint *e = bf_snap_add_endpoint(s, "POP3", "tcp", 110);
    e->service = "POP3Svc";
    bf_probe *wild = bf_endpoint_add_probe(s, e, "0.0.0.0");
    wild->result = BF_PROBE_ADDRINUSE;
    wild->error = 10048;
    bf_probe *same = bf_endpoint_add_probe(s, e, "192.0.2.10");
    same->result = BF_PROBE_ADDRINUSE;
    bf_probe *other = bf_endpoint_add_probe(s, e, "198.51.100.7");
    other->result = BF_PROBE_OK;
    CHECK(bf_bind_predict(s, e, wild) == BF_PROBE_OK);              /* Default W after Default S: Success */
    CHECK(bf_bind_predict(s, e, same) == BF_PROBE_ADDRINUSE);       /* the same specific address: INUSE */
    CHECK(bf_bind_predict(s, e, other) == BF_PROBE_OK);
    /* the service with SO_EXCLUSIVEADDRUSE on the wildcard, another account: INUSE (10048), as the probe */
    e->sockopt = BF_SOCKOPT_EXCLUSIVE;
    CHECK(bf_bind_predict(s, e, wild) == BF_PROBE_ADDRINUSE);
    /* SO_REUSEADDR on the same specific address as a listener without options, another account: ACCESS */
    e->sockopt = BF_SOCKOPT_REUSEADDR;
    CHECK(bf_bind_predict(s, e, same) == BF_PROBE_ACCESS);
    /* Windows XP: the first table, where a default wildcard bind after a specific one is INUSE */
    e->sockopt = BF_SOCKOPT_NONE;
    s->os.minor = 1;
    CHECK(bf_bind_predict(s, e, wild) == BF_PROBE_ADDRINUSE);
    bf_snapshot_destroy(s);
}
