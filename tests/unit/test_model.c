/* test_model.c - snapshot construction, enum tokens and address helpers. */
#include <stdio.h>
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

#include "order.h"

/* Two adapters with addresses 1,2,3 and 4,5,6 in binding order (Q164023's worked example). */
static bf_snapshot *two_adapter_machine(bool second_up)
{
    static const char *const a1[] = {"10.0.0.1", "10.0.0.2", "10.0.0.3"};
    static const char *const a2[] = {"10.0.0.4", "10.0.0.5", "10.0.0.6"};
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a, *b;
    size_t i;
    if (!s)
        return NULL;
    a = bf_snap_add_adapter(s);
    a->guid = "{A}";
    a->status = BF_OPER_UP;
    for (i = 0; i < 3; i++)
        bf_adapter_add_address(s, a, a1[i], 24)->family = 4;
    b = bf_snap_add_adapter(s);
    b->guid = "{B}";
    b->status = second_up ? BF_OPER_UP : BF_OPER_DISCONNECTED;
    for (i = 0; i < 3; i++)
        bf_adapter_add_address(s, b, a2[i], 24)->family = 4;
    bf_binding_add_entry(s, "\\Device\\{A}");
    bf_binding_add_entry(s, "\\Device\\{B}");
    return s;
}

static void join(const char **list, size_t n, char *out, size_t size)
{
    size_t i, used = 0;
    out[0] = 0;
    for (i = 0; i < n && used + 20 < size; i++)
        used += (size_t)snprintf(out + used, size - used, i ? ",%s" : "%s", list[i] + 7);
}

BF_TEST(order_nt4sp4_worked_example_gives_1_4_2_3_5_6)
{
    bf_snapshot *s = two_adapter_machine(true);
    const char **list;
    size_t n;
    char text[128];
    REQUIRE(s);
    REQUIRE(bf_order_predict(s, BF_ORDER_NT4SP4, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,4,2,3,5,6");
    /* the unbound (disconnected) adapter is still returned under NT4 SP4: the KB's bug */
    s->adapters[1].status = BF_OPER_DISCONNECTED;
    REQUIRE(bf_order_predict(s, BF_ORDER_NT4SP4, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,4,2,3,5,6");
    bf_snapshot_destroy(s);
}

BF_TEST(order_table_rows)
{
    bf_snapshot *s = two_adapter_machine(true);
    const char **list;
    size_t n;
    char text[128];
    bf_os os;
    static const char *const swapped[] = {"{B}", "{A}"};
    bf_order_change c;
    REQUIRE(s);
    /* binding rule (2000/2003): all addresses of each adapter in binding order */
    REQUIRE(bf_order_predict(s, BF_ORDER_BINDING, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,2,3,4,5,6");
    memset(&c, 0, sizeof c);
    c.binding_guids = swapped;
    c.binding_count = 2;
    REQUIRE(bf_order_predict(s, BF_ORDER_BINDING, &c, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "4,5,6,1,2,3");
    /* a disconnected adapter is not returned after SP5 / on 2000+ */
    s->adapters[1].status = BF_OPER_DISCONNECTED;
    REQUIRE(bf_order_predict(s, BF_ORDER_BINDING, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,2,3");
    s->adapters[1].status = BF_OPER_UP;
    /* metric rules: lowest metric first, binding order ignored */
    s->adapters[0].metric4 = 50;
    s->adapters[1].metric4 = 5;
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC10, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "4,5,6,1,2,3");
    /* SkipAsSource leaves an address out (metric rules only) */
    s->adapters[1].addresses[0].skip_as_source = BF_TRI_YES;
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC10, NULL, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "5,6,1,2,3");
    /* a proposed metric change is predicted */
    memset(&c, 0, sizeof c);
    c.metric_guid = "{B}";
    c.metric = 500;
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC10, &c, true, s->arena, &list, &n));
    join(list, n, text, sizeof text);
    CHECK_STR(text, "1,2,3,5,6");
    /* Vista rule: APIPA first on equal metrics */
    s->adapters[0].metric4 = s->adapters[1].metric4 = 20;
    s->adapters[1].addresses[1].address = "169.254.9.9";
    REQUIRE(bf_order_predict(s, BF_ORDER_METRIC, NULL, true, s->arena, &list, &n));
    CHECK_STR(list[0], "169.254.9.9");
    /* which rule for which OS */
    memset(&os, 0, sizeof os);
    os.major = 4; os.sp_major = 3;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_NT4);
    os.sp_major = 4;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_NT4SP4);
    CHECK_INT(bf_order_rule_for(&os, true), BF_ORDER_BINDING);
    os.major = 5; os.minor = 2;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_BINDING);
    os.major = 6; os.minor = 0;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_METRIC);
    os.major = 10;
    CHECK_INT(bf_order_rule_for(&os, false), BF_ORDER_METRIC10);
    bf_snapshot_destroy(s);
}

BF_TEST(adapter_kinds_from_unix_names_under_wine)
{
    CHECK_INT(bf_classify_adapter(6, "ppp0", "ppp0"), BF_KIND_DIALUP);
    CHECK_INT(bf_classify_adapter(6, "tun0", "tun0"), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "wg0", "wg0"), BF_KIND_VPN);
    CHECK_INT(bf_classify_adapter(6, "eth0", "eth0"), BF_KIND_LAN);
    CHECK_INT(bf_classify_adapter(24, "lo", "lo"), BF_KIND_LOOPBACK);
}

#include "regvalue.h"

BF_TEST(linkage_bind_bytes_decoded_and_checked)
{
    /* "\Device\{A}" "\Device\{B}" "" as UTF-16LE, then variants */
    static const char *const good[] = {"\\Device\\{A}", "\\Device\\{B}"};
    unsigned char buf[128];
    size_t n = 0, i, j;
    bf_snapshot *s;
    for (i = 0; i < 2; i++) {
        for (j = 0; good[i][j]; j++) {
            buf[n++] = (unsigned char)good[i][j];
            buf[n++] = 0;
        }
        buf[n++] = 0;
        buf[n++] = 0;
    }
    buf[n++] = 0;
    buf[n++] = 0;
    s = bf_snapshot_create();
    bf_binding_from_multi_sz(s, buf, n);
    CHECK_INT(s->binding.status, BF_SECTION_OK);
    REQUIRE(s->binding.entry_count == 2);
    CHECK_STR(s->binding.entries[1], "\\Device\\{B}");
    bf_snapshot_destroy(s);
    /* truncated inside the second string */
    s = bf_snapshot_create();
    bf_binding_from_multi_sz(s, buf, 30);
    CHECK_INT(s->binding.status, BF_SECTION_MALFORMED);
    CHECK(strstr(s->binding.problem, "truncated") != NULL);
    bf_snapshot_destroy(s);
    /* odd length */
    s = bf_snapshot_create();
    bf_binding_from_multi_sz(s, buf, n - 1);
    CHECK_INT(s->binding.status, BF_SECTION_MALFORMED);
    bf_snapshot_destroy(s);
    /* an unpaired surrogate becomes U+FFFD, and the entry is named as malformed */
    {
        unsigned char bad[] = {'\\', 0, 'X', 0, 0x00, 0xd8, 0, 0, 0, 0};
        s = bf_snapshot_create();
        bf_binding_from_multi_sz(s, bad, sizeof bad);
        CHECK_INT(s->binding.status, BF_SECTION_MALFORMED);
        REQUIRE(s->binding.entry_count == 1);
        CHECK_STR(s->binding.entries[0], "\\X\xef\xbf\xbd");
        CHECK(strstr(s->binding.problem, "entry 1") != NULL);
        bf_snapshot_destroy(s);
    }
}

BF_TEST(nt4_binding_entries_name_driver_instances)
{
    /* NT4 stores "\Device\NdisWan4", "\Device\E100B1" (no GUIDs): valid, and mapped to the adapters */
    static const char v[] = "\\\0D\0e\0v\0i\0c\0e\0\\\0N\0d\0i\0s\0W\0a\0n\0" "4\0\0\0"
                            "\\\0D\0e\0v\0i\0c\0e\0\\\0E\0" "1\0" "0\0" "0\0B\0" "1\0\0\0\0\0";
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    REQUIRE(s);
    a = bf_snap_add_adapter(s);
    a->guid = "E100B1";
    a = bf_snap_add_adapter(s);
    a->guid = "NdisWan4";
    bf_binding_from_multi_sz(s, (const unsigned char *)v, sizeof v - 1);
    CHECK_INT(s->binding.status, BF_SECTION_OK);
    REQUIRE(s->binding.entry_count == 2);
    CHECK_STR(s->binding.entries[0], "\\Device\\NdisWan4");
    CHECK(bf_snap_find_adapter_by_binding(s, s->binding.entries[0]) == &s->adapters[1]);
    CHECK(bf_snap_find_adapter_by_binding(s, "\\device\\e100b1") == &s->adapters[0]);
    CHECK(bf_snap_find_adapter_by_binding(s, "\\Device\\E100B10") == NULL);
    bf_snapshot_destroy(s);
}
