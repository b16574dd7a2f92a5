/* test_model.c - snapshot construction, enum tokens and address helpers. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "strbuf.h"
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

BF_TEST(strbuf_grows_and_formats)
{
    bf_buf b;
    int i;
    char *text;
    bf_buf_init(&b);
    for (i = 0; i < 1000; i++)
        bf_buf_printf(&b, "%04d,", i);
    CHECK_INT(b.len, 5000);
    CHECK(!b.failed);
    text = bf_buf_take(&b);
    REQUIRE(text);
    CHECK(strncmp(text + 4995, "0999,", 5) == 0);
    free(text);
}

#include "adapter_kind.h"

BF_TEST(adapter_kinds_from_what_systems_report)
{
    CHECK_INT(bf_classify_adapter(24, "Software Loopback Interface 1", ""), BF_KIND_LOOPBACK);
    CHECK_INT(bf_classify_adapter(6, "NdisWan4", "NdisWan4"), BF_KIND_DIALUP);
    CHECK_INT(bf_classify_adapter(23, "WAN Miniport (PPPOE)", ""), BF_KIND_DIALUP);
    CHECK_INT(bf_classify_adapter(6, "TAP-Windows Adapter V9", "Ethernet 3"), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "Cisco AnyConnect Secure Mobility Client Virtual Miniport Adapter", ""), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(131, "Teredo Tunneling Pseudo-Interface", ""), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "Hyper-V Virtual Ethernet Adapter", "vEthernet (Default Switch)"), BF_KIND_VIRTUAL);
    CHECK_INT(bf_classify_adapter(6, "Intel(R) PRO/100B PCI Adapter", "E100B1"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(6, "lan0", "lan0"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(71, "Intel(R) Wi-Fi 6 AX201", "Wi-Fi"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(37, "ATM", ""), BF_KIND_OTHER);
    CHECK_INT(bf_classify_adapter(6, NULL, NULL), BF_KIND_LAN);
}

#include "hosts_parse.h"

BF_TEST(hosts_lines_naming_the_host)
{
    static const char text[] = "\xef\xbb\xbf# comment EXCHSRV01\r\n127.0.0.1 localhost\r\n"
                               "198.51.100.7\tExchSrv01   other # stale entry\r\n"
                               "  192.0.2.10 exchsrv01.example.com\n"
                               "192.0.2.99 exchsrv011\n"
                               "bad\xff\xfe line exchsrv01";
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    s->hostname = "EXCHSRV01";
    s->fqdn = "exchsrv01.example.com";
    bf_hosts_parse(s, text, sizeof text - 1);
    CHECK_INT(s->hosts.status, BF_SECTION_OK);
    REQUIRE(s->hosts.entry_count == 3);
    CHECK_INT(s->hosts.entries[0].line, 3);
    CHECK_STR(s->hosts.entries[0].address, "198.51.100.7");
    CHECK_STR(s->hosts.entries[0].names, "ExchSrv01   other");
    CHECK_STR(s->hosts.entries[0].text, "198.51.100.7\tExchSrv01   other # stale entry");
    CHECK_INT(s->hosts.entries[1].line, 4);
    CHECK_STR(s->hosts.entries[1].address, "192.0.2.10");
    CHECK_INT(s->hosts.entries[2].line, 6);
    CHECK_STR(s->hosts.entries[2].text, "bad\xef\xbf\xbd\xef\xbf\xbd line exchsrv01");
    bf_snapshot_destroy(s);
}

BF_TEST(hosts_nul_byte_is_malformed_with_line)
{
    static const char text[] = "198.51.100.7 exchsrv01\n1.2.3\0.4 x\n";
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    s->hostname = "exchsrv01";
    bf_hosts_parse(s, text, sizeof text - 1);
    CHECK_INT(s->hosts.status, BF_SECTION_MALFORMED);
    CHECK(strstr(s->hosts.problem, "line 2") != NULL);
    CHECK_INT((int)s->hosts.entry_count, 1);
    bf_snapshot_destroy(s);
}
