/* test_model.c - snapshot construction, enum tokens and address helpers (core/model.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "testlib.h"

BF_TEST(model_create_defaults)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    REQUIRE(s);
    CHECK_STR(s->hostname, "");
    CHECK_INT(s->binding.status, BF_SECTION_NOT_COLLECTED);
    a = bf_snap_add_adapter(s);
    REQUIRE(a);
    CHECK_INT(a->metric4, -1);
    REQUIRE(bf_adapter_add_address(s, a, "2001:db8::1", 64));
    CHECK_INT(a->addresses[0].family, 6);
    CHECK(bf_snap_find_adapter_by_address(s, "2001:DB8:0:0::1", NULL) == &s->adapters[0]);
    bf_snapshot_destroy(s);
}

BF_TEST(model_tokens_roundtrip)
{
    int i;
    for (i = 0; i < BF_PROBE__COUNT; i++) {
        bf_probe_result r = BF_PROBE_OTHER;
        CHECK(bf_probe_result_parse(bf_probe_result_token((bf_probe_result)i), &r));
        CHECK_INT(r, i);
    }
    for (i = 0; i < BF_SVC_STATE__COUNT; i++) {
        bf_svc_state r = BF_SVC_STOPPED;
        CHECK(bf_svc_state_parse(bf_svc_state_token((bf_svc_state)i), &r));
        CHECK_INT(r, i);
    }
    {
        bf_adapter_kind k = BF_KIND_LAN;
        CHECK(!bf_adapter_kind_parse("LAN", &k)); /* tokens are lower case, exact */
        CHECK_INT(k, BF_KIND_LAN);
    }
}

BF_TEST(model_address_helpers)
{
    CHECK(bf_addr_is_apipa("169.254.10.1"));
    CHECK(!bf_addr_is_apipa("169.25.10.1"));
    CHECK(!bf_addr_is_apipa("169.254.10.256"));
    CHECK(bf_addr_is_loopback("127.0.0.1"));
    CHECK(bf_addr_is_loopback("::1"));
    CHECK(bf_addr_is_wildcard("0.0.0.0"));
    CHECK(bf_addr_is_wildcard("::"));
    CHECK(bf_addr_equal("2001:db8::a", "2001:0db8:0000::000a"));
    CHECK(bf_addr_equal("fe80::1%12", "fe80::1"));
    CHECK(!bf_addr_equal("2001:db8::a", "2001:db8::b"));
    CHECK(!bf_addr_equal("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8"));
    CHECK(bf_addr_equal("::ffff:192.0.2.1", "::ffff:c000:201"));
}

/* One rule for "the port is in use, and that is fine": the diagnosis raises no BF-PORT-IN-USE for it and
 * the console shows it OK in words and icon (issue 23). */
BF_TEST(model_probe_by_own_service)
{
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    bf_service *svc = bf_snap_add_service(s, "MSExchangeIMC");
    REQUIRE(svc);
    svc->state = BF_SVC_RUNNING;
    svc->pid = 311;
    bf_endpoint *e = bf_snap_add_endpoint(s, "SMTP", "tcp", 25);
    REQUIRE(e);
    e->service = bf_arena_strdup(s->arena, "MSExchangeIMC");
    bf_probe *p = bf_endpoint_add_probe(s, e, "192.0.2.10");
    REQUIRE(p);
    p->result = BF_PROBE_ADDRINUSE;
    p->greeting = BF_GREET_ANSWERED;
    CHECK(bf_probe_by_own_service(s, e, p));           /* owner unknown, the service runs and answers */
    p->greeting = BF_GREET_WRONG;
    CHECK(!bf_probe_by_own_service(s, e, p));          /* something else answers on its port */
    p->owner = bf_arena_strdup(s->arena, "msexchangeimc");
    CHECK(bf_probe_by_own_service(s, e, p));           /* named owner: the service (case-insensitive) */
    p->owner = bf_arena_strdup(s->arena, "inetinfo.exe");
    p->owner_pid = 311;
    CHECK(bf_probe_by_own_service(s, e, p));           /* the service's own process */
    p->owner_pid = 42;
    CHECK(!bf_probe_by_own_service(s, e, p));          /* another process: BF-PORT-IN-USE */
    p->result = BF_PROBE_OK;
    p->owner = bf_arena_strdup(s->arena, "");
    CHECK(!bf_probe_by_own_service(s, e, p));          /* not in use at all */
    bf_snapshot_destroy(s);
}
