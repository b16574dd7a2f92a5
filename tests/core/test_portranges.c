/* test_portranges.c - excluded and reserved port ranges (issue 15, source 2): the netsh parsers on
 * synthetic output written by hand in the layout of Windows Server 2019's netsh (not recorded from a
 * machine), in English and with German headings (the parser reads numeric columns only); Server 2003's
 * ReservedPorts; the snapshot section's strict reading and round trip; the rule and its cause link. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diagnose.h"
#include "portranges.h"
#include "snapshot_json.h"
#include "testlib.h"

/* synthetic: `netsh int ipv4 show excludedportrange protocol=tcp` in Server 2019's layout */
static const char netsh_2019_en[] =
    "\r\n"
    "Protocol tcp Port Exclusion Ranges\r\n"
    "\r\n"
    "Start Port    End Port\r\n"
    "----------    --------\r\n"
    "      5357        5357\r\n"
    "     50000       50059     *\r\n"
    "     49709       49808\r\n"
    "\r\n"
    "* - Administered port exclusions.\r\n"
    "\r\n";

/* synthetic: the same table with German headings */
static const char netsh_2019_de[] =
    "\r\n"
    "Protokoll tcp Portausschlussbereiche\r\n"
    "\r\n"
    "Startport    Endport\r\n"
    "----------    --------\r\n"
    "       143         242\r\n"
    "\r\n"
    "* - Verwaltete Portausschl\xc3\xbcsse.\r\n";

/* synthetic: `netsh int ipv4 show dynamicport tcp` */
static const char dyn_2019_en[] =
    "\r\n"
    "Protocol tcp Dynamic Port Range\r\n"
    "---------------------------------\r\n"
    "Start Port      : 49152\r\n"
    "Number of Ports : 16384\r\n"
    "\r\n";
static const char dyn_2019_fr[] =
    "\r\nPlage de ports dynamiques du protocole tcp\r\n---------------------------------\r\n"
    "Port de d\xc3\xa9marrage      : 1025\r\nNombre de ports       : 64510\r\n";

BF_TEST(portranges_netsh_tables_are_read_by_their_numbers_in_any_language)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_err err;
    int start = 0, count = 0;
    REQUIRE(s);
    CHECK(bf_port_ranges_parse_netsh_excluded(s, netsh_2019_en, strlen(netsh_2019_en), "tcp", 4, &err));
    CHECK(bf_port_ranges_parse_netsh_excluded(s, netsh_2019_de, strlen(netsh_2019_de), "tcp", 6, &err));
    REQUIRE(s->port_ranges.range_count == 4);
    CHECK_INT(s->port_ranges.ranges[0].start, 5357);
    CHECK_INT(s->port_ranges.ranges[0].end, 5357);
    CHECK(!s->port_ranges.ranges[0].administered);
    CHECK_INT(s->port_ranges.ranges[1].start, 50000);
    CHECK_INT(s->port_ranges.ranges[1].end, 50059);
    CHECK(s->port_ranges.ranges[1].administered);
    CHECK_INT(s->port_ranges.ranges[3].family, 6);
    CHECK(bf_port_ranges_find(&s->port_ranges, "tcp", 4, 49750) == &s->port_ranges.ranges[2]);
    CHECK(bf_port_ranges_find(&s->port_ranges, "tcp", 4, 143) == NULL);      /* that one is IPv6 */
    CHECK(bf_port_ranges_find(&s->port_ranges, "udp", 6, 143) == NULL);
    CHECK(bf_port_ranges_find(&s->port_ranges, "TCP", 6, 242) == &s->port_ranges.ranges[3]);
    CHECK(bf_port_ranges_parse_netsh_dynamic(dyn_2019_en, strlen(dyn_2019_en), &start, &count, &err));
    CHECK_INT(start, 49152);
    CHECK_INT(count, 16384);
    CHECK(bf_port_ranges_parse_netsh_dynamic(dyn_2019_fr, strlen(dyn_2019_fr), &start, &count, &err));
    CHECK_INT(start, 1025);
    CHECK_INT(count, 64510);
    bf_snapshot_destroy(s);
}

BF_TEST(portranges_netsh_rows_out_of_shape_are_refused_with_their_line)
{
    static const char *const bad[] = {"  70000  70001\r\n", "  600  500\r\n", "  500  600  x\r\n", "  500\r\n",
                                      "  5a 6\r\n"};
    size_t i;
    bf_err err;
    int a = 0, n = 0;
    for (i = 0; i < BF_COUNTOF(bad); i++) {
        bf_snapshot *s = bf_snapshot_create();
        char text[80];
        REQUIRE(s);
        snprintf(text, sizeof text, "Start End\r\n%s", bad[i]);
        CHECK(!bf_port_ranges_parse_netsh_excluded(s, text, strlen(text), "tcp", 4, &err));
        CHECK(strstr(err.msg, "line 2") != NULL);
        CHECK_INT(s->port_ranges.range_count, 0);
        bf_snapshot_destroy(s);
    }
    CHECK(!bf_port_ranges_parse_netsh_dynamic("Start : 49152\r\n", 15, &a, &n, &err));
    CHECK(!bf_port_ranges_parse_netsh_dynamic("a : 60000\r\nb : 16384\r\n", 22, &a, &n, &err));
    CHECK(strstr(err.msg, "do not fit") != NULL);
    CHECK(!bf_port_ranges_parse_netsh_dynamic("", 0, &a, &n, &err));
}

BF_TEST(portranges_server_2003_reserved_ports_cover_tcp_and_udp)
{
    bf_snapshot *s = bf_snapshot_create();
    char *ok[] = {"1433-1434", "3343"}, *bad1[] = {"1434-1433"}, *bad2[] = {"99999"}, *bad3[] = {"12-"};
    bf_err err;
    REQUIRE(s);
    CHECK(bf_port_ranges_parse_reserved(s, ok, 2, &err));
    REQUIRE(s->port_ranges.range_count == 4);
    CHECK(bf_port_ranges_find(&s->port_ranges, "udp", 4, 1434) != NULL);
    CHECK(bf_port_ranges_find(&s->port_ranges, "tcp", 4, 3343)->administered);
    CHECK_STR(bf_port_ranges_find(&s->port_ranges, "tcp", 4, 3343)->kind, "reserved");
    CHECK(!bf_port_ranges_parse_reserved(s, bad1, 1, &err));
    CHECK(!bf_port_ranges_parse_reserved(s, bad2, 1, &err));
    CHECK(!bf_port_ranges_parse_reserved(s, bad3, 1, &err));
    bf_snapshot_destroy(s);
}

/* A Server 2019 machine: IMAP4 on 143 refused with 10013, a WinNAT range 100-200 holding it. */
static bf_snapshot *machine_2019(bool winnat_running, bool administered, bool probe_denied)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    bf_endpoint *e;
    bf_probe *p;
    bf_service *v;
    if (!s)
        return NULL;
    s->hostname = "SRV01";
    s->os.major = 10;
    s->os.build = 17763;
    a = bf_snap_add_adapter(s);
    a->guid = "{11111111-0000-0000-0000-000000000001}";
    a->friendly_name = "Ethernet";
    bf_adapter_add_address(s, a, "192.0.2.10", 24);
    e = bf_snap_add_endpoint(s, "IMAP4", "tcp", 143);
    e->service = "MSExchangeIMAP4";
    p = bf_endpoint_add_probe(s, e, "192.0.2.10");
    p->result = probe_denied ? BF_PROBE_ACCESS : BF_PROBE_NOT_RUN;
    p->error = probe_denied ? 10013 : 0;
    v = bf_snap_add_service(s, "winnat");
    v->state = winnat_running ? BF_SVC_RUNNING : BF_SVC_STOPPED;
    s->port_ranges.status = BF_SECTION_OK;
    s->port_ranges.source = "netsh";
    bf_port_ranges_add(s, "tcp", 4, 100, 200, administered, "excluded");
    return s;
}

static const bf_finding *find(const bf_diagnosis *d, const char *id)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            return &d->findings[i];
    return NULL;
}

BF_TEST(portranges_a_10013_inside_a_winnat_range_is_explained_by_it)
{
    bf_snapshot *s = machine_2019(true, false, true);
    bf_err err;
    bf_diagnosis *d;
    const bf_finding *ex, *b;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    ex = find(d, "BF-PORT-EXCLUDED");
    b = find(d, "BF-BIND-10013");
    REQUIRE(ex && b);
    CHECK_INT(ex->severity, BF_SEV_ERROR);
    CHECK(strstr(ex->title, "reserved by WinNAT") != NULL);
    CHECK(strstr(ex->title, "100-200") != NULL);
    REQUIRE(ex->explains_count == 1);
    CHECK(&d->findings[ex->explains[0]] == b);
    CHECK_INT(b->cause_count, 1);
    CHECK_INT(ex->cause_count, 0);
    REQUIRE(ex->action_count == 1);
    CHECK_INT(ex->actions[0].kind, BF_ACTION_PORT_EXCLUSION);
    CHECK_INT(ex->actions[0].params.port, 143);
    CHECK_STR(ex->actions[0].params.transport, "tcp");
    CHECK_INT(ex->actions[0].params.family, 4);
    CHECK(strstr(ex->actions[0].detail, "net stop winnat; netsh int ipv4 add excludedportrange protocol=tcp "
                                        "startport=143 numberofports=1; net start winnat") != NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

BF_TEST(portranges_owner_administered_stopped_winnat_and_no_probe)
{
    bf_err err;
    bf_snapshot *s = machine_2019(false, true, true);
    bf_diagnosis *d;
    const bf_finding *ex;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d && (ex = find(d, "BF-PORT-EXCLUDED")));
    CHECK(strstr(ex->title, "an administrator's exclusion") != NULL);
    CHECK_INT(ex->action_count, 0);     /* no WinNAT sequence for a range set by hand */
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);

    s = machine_2019(false, false, false);
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d && (ex = find(d, "BF-PORT-EXCLUDED")));
    CHECK_INT(ex->severity, BF_SEV_WARNING);
    CHECK(strstr(ex->title, "none of them runs now") != NULL);
    CHECK(find(d, "BF-BIND-10013") == NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);

    /* a probe that bound: the range does not stop the service, nothing to say */
    s = machine_2019(true, false, false);
    REQUIRE(s);
    s->endpoints[0].probes[0].result = BF_PROBE_OK;
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK(find(d, "BF-PORT-EXCLUDED") == NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

static bf_snapshot *read_text(const char *text, bf_err *err)
{
    return bf_snapshot_read_json(text, strlen(text), "t.json", err);
}

BF_TEST(portranges_snapshot_section_is_optional_strict_and_round_trips)
{
    bf_snapshot *s = machine_2019(true, false, true), *back;
    bf_buf a, b;
    bf_err err;
    char *text, *at;
    REQUIRE(s);
    s->port_ranges.dynamic_start = 49152;
    s->port_ranges.dynamic_count = 16384;
    bf_buf_init(&a);
    bf_buf_init(&b);
    bf_snapshot_write_json(s, &a);
    CHECK(strstr(bf_buf_cstr(&a), "\"port_ranges\": {") != NULL);
    back = read_text(bf_buf_cstr(&a), &err);
    REQUIRE(back);
    CHECK_INT(back->port_ranges.range_count, 1);
    CHECK_INT(back->port_ranges.dynamic_count, 16384);
    bf_snapshot_write_json(back, &b);
    CHECK(a.len == b.len && memcmp(bf_buf_cstr(&a), bf_buf_cstr(&b), a.len) == 0);
    bf_snapshot_destroy(back);

    /* strict: a wrong transport, an end before its start, an unknown key, "not-collected" */
    text = strdup(bf_buf_cstr(&a));
    REQUIRE(text);
    {
        static const char *const from[] = {"\"transport\": \"tcp\",\n        \"family\": 4",
                                           "\"end\": 200", "\"kind\": \"excluded\"", "\"status\": \"ok\",\n    \"source\": \"netsh\""};
        static const char *const to[] = {"\"transport\": \"icmp\",\n        \"family\": 4", "\"end\": 99",
                                         "\"kind\": \"excluded\", \"x\": 1", "\"status\": \"not-collected\",\n    \"source\": \"netsh\""};
        static const char *const says[] = {"\"transport\"", "before its", "unknown key \"x\"", "leave the member out"};
        size_t i;
        for (i = 0; i < BF_COUNTOF(from); i++) {
            bf_buf t;
            REQUIRE((at = strstr(text, from[i])) != NULL);
            bf_buf_init(&t);
            bf_buf_append(&t, text, (size_t)(at - text));
            bf_buf_puts(&t, to[i]);
            bf_buf_puts(&t, at + strlen(from[i]));
            back = read_text(bf_buf_cstr(&t), &err);
            CHECK(back == NULL);
            if (!back && !strstr(err.msg, says[i]))
                printf("    case %zu said: %s\n", i, err.msg);
            CHECK(!back && strstr(err.msg, says[i]) != NULL && err.line > 0);
            bf_snapshot_destroy(back);
            bf_buf_free(&t);
        }
    }
    free(text);
    /* without the section: not collected, and nothing written */
    s->port_ranges.status = BF_SECTION_NOT_COLLECTED;
    bf_buf_free(&a);
    bf_buf_init(&a);
    bf_snapshot_write_json(s, &a);
    CHECK(strstr(bf_buf_cstr(&a), "port_ranges") == NULL);
    back = read_text(bf_buf_cstr(&a), &err);
    REQUIRE(back);
    CHECK_INT(back->port_ranges.status, BF_SECTION_NOT_COLLECTED);
    bf_snapshot_destroy(back);
    bf_buf_free(&a);
    bf_buf_free(&b);
    bf_snapshot_destroy(s);
}

/* The collector's trigger for reading every range without a reserver installed (gui/sys/portranges.c):
 * a bind probe refused with 10013, or a catalogued event carrying 10013 as a number of its own. */
BF_TEST(portranges_symptom_is_a_10013_probe_or_event)
{
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    CHECK(!bf_port_ranges_symptom_seen(s));
    bf_endpoint *e = bf_snap_add_endpoint(s, "POP3", "tcp", 110);
    REQUIRE(e);
    bf_probe *ok = bf_endpoint_add_probe(s, e, "0.0.0.0");
    REQUIRE(ok);
    ok->result = BF_PROBE_OK;
    CHECK(!bf_port_ranges_symptom_seen(s));
    bf_event *ev = bf_snap_add_event(s);
    REQUIRE(ev);
    ev->message = bf_arena_strdup(s->arena, "POP3 could not bind port 110: error 110013 (not a Winsock number)");
    CHECK(!bf_port_ranges_symptom_seen(s));             /* 10013 inside a longer number is not it */
    ev->message = bf_arena_strdup(s->arena, "The POP3 service could not start: Winsock error 10013.");
    CHECK(bf_port_ranges_symptom_seen(s));
    ev->message = bf_arena_strdup(s->arena, "");
    CHECK(!bf_port_ranges_symptom_seen(s));
    bf_probe *denied = bf_endpoint_add_probe(s, e, "192.0.2.10");
    REQUIRE(denied);
    denied->result = BF_PROBE_ACCESS;
    denied->error = 10013;
    CHECK(bf_port_ranges_symptom_seen(s));
    bf_snapshot_destroy(s);
}
