/* test_pins.c - products whose own setting pins their listen addresses (core/pins.h, issue 15 source 3):
 * the address lists in every documented layout, read and edited in their own layout; the snapshot's
 * "pins" section, strict; the rule and its cause links; the repair of a dead DNS Server listen address on
 * the in-memory machine (plan, apply compared before the write, undo byte-identical, drift stopping it);
 * the journal limits for the new values; the catalogue's user "pins". The byte layouts are synthetic,
 * written by hand from MS-DNSP 2.2.3.2.1 (IP4_ARRAY) and 2.2.3.2.3 (DNS_ADDR_ARRAY). */
#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "diagnose.h"
#include "fix.h"
#include "mem_machine.h"
#include "pins.h"
#include "snapshot_json.h"
#include "testlib.h"

#define PIN_DNS_KEY "SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters"
#define PIN_DNS_KEY_JSON "SYSTEM\\\\CurrentControlSet\\\\Services\\\\DNS\\\\Parameters"
#define PIN_JOURNAL "C:\\ProgramData\\bindfix\\journal.json"

/* IP4_ARRAY: count 2, 198.51.100.99, 192.0.2.10 */
static const unsigned char ip4_two[] = {2, 0, 0, 0, 198, 51, 100, 99, 192, 0, 2, 10};
static const unsigned char ip4_one[] = {1, 0, 0, 0, 192, 0, 2, 10};

static bf_regval val(unsigned type, const void *data, size_t len)
{
    bf_regval v;
    v.exists = true;
    v.type = type;
    v.data = (unsigned char *)data;
    v.len = len;
    return v;
}

/* A DNS_ADDR_ARRAY of 192.0.2.10 and 2001:db8::53 */
static size_t dns_addr_array(unsigned char *out)
{
    memset(out, 0, 32 + 2 * 64);
    out[0] = 2;                     /* MaxCount */
    out[4] = 2;                     /* AddrCount */
    out[32] = 2;                    /* SOCKADDR_IN: AF_INET */
    out[36] = 192, out[37] = 0, out[38] = 2, out[39] = 10;
    out[96] = 23;                   /* SOCKADDR_IN6: AF_INET6 */
    out[96 + 8] = 0x20, out[96 + 9] = 0x01, out[96 + 10] = 0x0d, out[96 + 11] = 0xb8;
    out[96 + 23] = 0x53;
    return 32 + 2 * 64;
}

static void utf16(unsigned char *out, size_t *len, const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = (unsigned char)s[i];
        out[2 * i + 1] = 0;
    }
    *len = 2 * n;
}

BF_TEST(pin_lists_decode_every_documented_layout)
{
    bf_arena *a = bf_arena_create();
    char **x;
    size_t n, len;
    const char *layout;
    unsigned char buf[256];
    bf_regval v;
    bf_err err;
    REQUIRE(a);
    v = val(3, ip4_two, sizeof ip4_two);
    REQUIRE(bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    CHECK_INT((int)n, 2);
    CHECK_STR(layout, "IP4_ARRAY");
    CHECK_STR(x[0], "198.51.100.99");
    CHECK_STR(x[1], "192.0.2.10");
    len = dns_addr_array(buf);
    v = val(3, buf, len);
    REQUIRE(bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    CHECK_STR(layout, "DNS_ADDR_ARRAY");
    REQUIRE(n == 2);
    CHECK_STR(x[0], "192.0.2.10");
    CHECK_STR(x[1], "2001:db8::53");
    utf16(buf, &len, "192.0.2.10\0" "2001:db8::1\0", 24);
    v = val(7, buf, len);
    REQUIRE(bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    CHECK_STR(layout, "REG_MULTI_SZ");
    REQUIRE(n == 2);
    CHECK_STR(x[1], "2001:db8::1");
    utf16(buf, &len, "192.0.2.10 198.51.100.7", 24);
    v = val(1, buf, len);
    REQUIRE(bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    CHECK_STR(layout, "REG_SZ");
    REQUIRE(n == 2);
    CHECK_STR(x[1], "198.51.100.7");
    /* lengths that fit no layout: refused, never read past */
    v = val(3, ip4_two, sizeof ip4_two - 1);
    CHECK(!bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    v = val(3, ip4_two, 3);
    CHECK(!bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    len = dns_addr_array(buf);
    buf[32] = 17;   /* an address family that is neither */
    v = val(3, buf, len);
    CHECK(!bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    v = val(4, ip4_one, 4);
    CHECK(!bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    v.exists = false;   /* absent: an empty list */
    CHECK(bf_pin_list_decode(&v, a, &x, &n, &layout, &err) && n == 0);
    bf_arena_destroy(a);
}

BF_TEST(pin_list_edits_keep_the_layout)
{
    bf_regval v, out;
    bool changed;
    bf_err err;
    unsigned char buf[256];
    size_t len;
    bf_arena *a = bf_arena_create();
    char **x;
    size_t n;
    const char *layout;
    REQUIRE(a);
    v = val(3, ip4_two, sizeof ip4_two);
    REQUIRE(bf_pin_list_edit(&v, "198.51.100.99", NULL, &out, &changed, &err));
    CHECK(changed && out.type == 3 && out.len == sizeof ip4_one && memcmp(out.data, ip4_one, sizeof ip4_one) == 0);
    bf_regval_free(&out);
    /* removing what is not there changes nothing; adding what is there neither */
    v = val(3, ip4_one, sizeof ip4_one);
    REQUIRE(bf_pin_list_edit(&v, "198.51.100.99", NULL, &out, &changed, &err));
    CHECK(!changed);
    bf_regval_free(&out);
    REQUIRE(bf_pin_list_edit(&v, NULL, "192.0.2.10", &out, &changed, &err));
    CHECK(!changed);
    bf_regval_free(&out);
    REQUIRE(bf_pin_list_edit(&v, "192.0.2.10", NULL, &out, &changed, &err));
    CHECK(changed && out.len == 4 && out.data[0] == 0);     /* the empty list: every address */
    bf_regval_free(&out);
    CHECK(!bf_pin_list_edit(&v, NULL, "2001:db8::1", &out, &changed, &err));   /* IPv4 only */
    bf_regval_free(&out);
    len = dns_addr_array(buf);
    v = val(3, buf, len);
    REQUIRE(bf_pin_list_edit(&v, "192.0.2.10", "198.51.100.7", &out, &changed, &err));
    REQUIRE(changed && out.len == len);
    v = out;
    REQUIRE(bf_pin_list_decode(&v, a, &x, &n, &layout, &err));
    CHECK_STR(layout, "DNS_ADDR_ARRAY");
    REQUIRE(n == 2);
    CHECK_STR(x[0], "2001:db8::53");
    CHECK_STR(x[1], "198.51.100.7");
    bf_regval_free(&out);
    utf16(buf, &len, "192.0.2.10\0" "198.51.100.99\0", 26);
    v = val(7, buf, len);
    REQUIRE(bf_pin_list_edit(&v, "198.51.100.99", NULL, &out, &changed, &err));
    {
        unsigned char want[64];
        size_t wl;
        utf16(want, &wl, "192.0.2.10\0", 12);
        CHECK(changed && out.len == wl && memcmp(out.data, want, wl) == 0);
    }
    bf_regval_free(&out);
    bf_arena_destroy(a);
}

/* SRV01 with one up LAN (192.0.2.10), the host name resolving there; DNS Server told to listen on a dead
 * 198.51.100.99 as well, SQL Server's IP2 enabled on it too, and the DNS service stopped. */
static const char pin_snapshot[] =
    "{\"schema\": \"bindfix-snapshot\", \"version\": 2, \"origin\": \"test\", \"collected_at\": \"\", \"tool_version\": \"\","
    " \"hostname\": \"SRV01\", \"fqdn\": \"\","
    " \"os\": {\"product\": \"Windows Server 2019\", \"major\": 10, \"minor\": 0, \"build\": 17763, \"sp_major\": 0,"
    "  \"sp_minor\": 0, \"csd\": \"\", \"product_type\": \"server\", \"hotfixes\": []},"
    " \"adapters\": [{\"guid\": \"{11111111-1111-1111-1111-111111111111}\", \"friendly_name\": \"LAN\", \"description\": \"LAN\","
    "  \"kind\": \"lan\", \"status\": \"up\", \"if_type\": 6, \"if_index\": 2, \"metric4\": 10, \"metric6\": 10, \"mac\": \"\","
    "  \"addresses\": [{\"address\": \"192.0.2.10\", \"family\": 4, \"prefix_length\": 24, \"dad_state\": \"preferred\","
    "   \"skip_as_source\": false}]}],"
    " \"binding\": {\"status\": \"absent\", \"source\": \"\", \"problem\": \"\", \"entries\": []},"
    " \"resolver\": [{\"api\": \"getaddrinfo\", \"query\": \"SRV01\", \"error\": 0, \"addresses\": [\"192.0.2.10\"]}],"
    " \"hosts\": {\"status\": \"ok\", \"path\": \"h\", \"problem\": \"\", \"entries\": []},"
    " \"endpoints\": [], \"listeners\": [],"
    " \"services\": [{\"name\": \"DNS\", \"display_name\": \"DNS Server\", \"state\": \"stopped\", \"start_type\": \"auto\","
    "  \"pid\": -1, \"binary\": \"\", \"exit_code\": 10049, \"dependencies\": []}],"
    " \"event_log\": {\"status\": \"ok\", \"problem\": \"\", \"events\": []},"
    " \"pins\": {\"status\": \"ok\", \"problem\": \"\", \"entries\": ["
    "  {\"product\": \"dns\", \"instance\": \"\", \"service\": \"DNS\", \"setting\": \"HKLM\\\\" PIN_DNS_KEY_JSON "\\\\ListenAddresses\","
    "   \"role\": \"listen\", \"address\": \"198.51.100.99\", \"adapter\": \"\", \"port\": 53, \"enabled\": true,"
    "   \"fix_kind\": \"list\", \"fix_key\": \"" PIN_DNS_KEY_JSON "\", \"fix_value\": \"ListenAddresses\"},"
    "  {\"product\": \"dns\", \"instance\": \"\", \"service\": \"DNS\", \"setting\": \"HKLM\\\\" PIN_DNS_KEY_JSON "\\\\ListenAddresses\","
    "   \"role\": \"listen\", \"address\": \"192.0.2.10\", \"adapter\": \"\", \"port\": 53, \"enabled\": true,"
    "   \"fix_kind\": \"list\", \"fix_key\": \"" PIN_DNS_KEY_JSON "\", \"fix_value\": \"ListenAddresses\"}]}}";

static bf_snapshot *pin_snap(void)
{
    bf_err err;
    bf_snapshot *s = bf_snapshot_read_json(pin_snapshot, strlen(pin_snapshot), "pins.json", &err);
    if (!s)
        printf("  %s\n", err.msg);
    return s;
}

static const bf_finding *find_id(const bf_diagnosis *d, const char *id)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            return &d->findings[i];
    return NULL;
}

BF_TEST(pins_section_round_trips_and_is_strict)
{
    bf_snapshot *s = pin_snap(), *t;
    bf_buf a, b;
    bf_err err;
    char *bad;
    REQUIRE(s);
    CHECK_INT((int)s->pins.count, 2);
    CHECK_STR(s->pins.items[0].address, "198.51.100.99");
    CHECK(s->pins.items[0].enabled && s->pins.items[0].role == BF_PIN_LISTEN);
    bf_buf_init(&a);
    bf_buf_init(&b);
    bf_snapshot_write_json(s, &a);
    t = bf_snapshot_read_json(bf_buf_cstr(&a), a.len, "a.json", &err);
    REQUIRE(t);
    bf_snapshot_write_json(t, &b);
    CHECK(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
    bf_snapshot_destroy(t);
    /* strict: an unknown key, a fix kind not known, a fix kind without its key */
    bad = malloc(sizeof pin_snapshot + 32);
    REQUIRE(bad);
    strcpy(bad, pin_snapshot);
    memcpy(strstr(bad, "\"fix_kind\": \"list\""), "\"fix_kine\"", 10);
    t = bf_snapshot_read_json(bad, strlen(bad), "bad.json", &err);
    CHECK(!t && strstr(err.msg, "unknown key \"fix_kine\"") != NULL);
    strcpy(bad, pin_snapshot);
    memcpy(strstr(bad, "\"fix_kind\": \"list\"") + 13, "lisp", 4);
    t = bf_snapshot_read_json(bad, strlen(bad), "bad.json", &err);
    CHECK(!t && strstr(err.msg, "fix_kind") != NULL);
    strcpy(bad, pin_snapshot);
    memcpy(strstr(bad, "\"enabled\": true"), "\"enabled\": 1   ", 15);
    t = bf_snapshot_read_json(bad, strlen(bad), "bad.json", &err);
    CHECK(!t && strstr(err.msg, "enabled") != NULL);
    /* a snapshot without the section: not collected, and written without it */
    bf_snapshot_destroy(t);
    free(bad);
    bf_buf_free(&a);
    bf_buf_free(&b);
    bf_snapshot_destroy(s);
    s = bf_snapshot_create();
    REQUIRE(s);
    bf_buf_init(&a);
    bf_snapshot_write_json(s, &a);
    CHECK(strstr(bf_buf_cstr(&a), "\"pins\"") == NULL);
    bf_buf_free(&a);
    bf_snapshot_destroy(s);
}

BF_TEST(pin_dead_address_is_found_linked_and_repaired)
{
    bf_snapshot *s = pin_snap();
    bf_diagnosis *d;
    const bf_finding *f, *stopped;
    const bf_action *chosen[2];
    mem_machine mm;
    bf_buf notes;
    bf_fix_plan *p;
    bf_err err;
    char *before, *after;
    const mem_item *it;
    size_t k, n = 0;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    f = find_id(d, "BF-PIN-DEAD");
    REQUIRE(f);
    CHECK_INT((int)f->severity, (int)BF_SEV_ERROR);
    CHECK(strstr(f->title, "DNS Server is told to listen on 198.51.100.99") != NULL);
    CHECK(find_id(d, "BF-PIN-NO-CLIENT-ADDRESS") == NULL);    /* 192.0.2.10 is listed too */
    /* the cause of the stopped DNS service */
    stopped = find_id(d, "BF-SERVICE-STOPPED");
    REQUIRE(stopped);
    CHECK(stopped->cause_count == 1 && &d->findings[stopped->causes[0]] == f);
    REQUIRE(f->action_count == 2);
    CHECK(f->actions[0].kind == BF_ACTION_PIN_SETTING && f->actions[1].kind == BF_ACTION_RESTART_SERVICES);
    CHECK_STR(f->actions[0].params.edit, "remove-address");
    chosen[n++] = &f->actions[0];
    chosen[n++] = &f->actions[1];

    mem_init(&mm);
    mem_set_reg(&mm, PIN_DNS_KEY, "ListenAddresses", 3, ip4_two, sizeof ip4_two);
    mem_set_service(&mm, "DNS", BF_SVC_RUNNING);
    before = mem_dump(&mm, PIN_JOURNAL);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, chosen, n, &mm.m, NULL, &notes, &err);
    REQUIRE(p);
    CHECK_INT((int)p->step_count, 3);   /* the value, stop DNS, start DNS */
    CHECK(p->steps[0].kind == BF_STEP_REG_SET && p->steps[1].kind == BF_STEP_SERVICE_STOP &&
          p->steps[2].kind == BF_STEP_SERVICE_START);
    {
        bf_buf pv;
        bf_buf_init(&pv);
        bf_fix_plan_write_preview(p, &pv);
        CHECK(strstr(bf_buf_cstr(&pv), "before: IP4_ARRAY: 198.51.100.99, 192.0.2.10") != NULL);
        CHECK(strstr(bf_buf_cstr(&pv), "after:  IP4_ARRAY: 192.0.2.10") != NULL);
        bf_buf_free(&pv);
    }
    for (k = 0; k < p->step_count; k++) {
        const char *why = NULL;
        CHECK(bf_fix_step_in_limits(&p->steps[k], &why));
    }
    REQUIRE(bf_fix_apply(p, &mm.m, PIN_JOURNAL, NULL, &err));
    it = mem_find_reg(&mm, PIN_DNS_KEY, "ListenAddresses");
    REQUIRE(it);
    CHECK(it->v.len == sizeof ip4_one && memcmp(it->v.data, ip4_one, sizeof ip4_one) == 0);
    /* the journal reads back within its limits */
    {
        const mem_item *j = mem_find_file(&mm, PIN_JOURNAL);
        bf_fix_plan *q;
        REQUIRE(j);
        q = bf_fix_journal_read((const char *)j->v.data, j->v.len, "journal.json", &err);
        CHECK(q != NULL);
        bf_fix_plan_destroy(q);
    }
    REQUIRE(bf_fix_undo(p, &mm.m, PIN_JOURNAL, NULL, &err));
    after = mem_dump(&mm, PIN_JOURNAL);
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fix_plan_destroy(p);

    /* a value changed by someone else between the preview and the apply: nothing is written */
    p = bf_fix_plan_build(s, chosen, n, &mm.m, NULL, &notes, &err);
    REQUIRE(p);
    mem_set_reg(&mm, PIN_DNS_KEY, "ListenAddresses", 3, ip4_one, sizeof ip4_one);
    CHECK(!bf_fix_apply(p, &mm.m, PIN_JOURNAL, NULL, &err));
    CHECK_INT(err.code, BF_FIX_DRIFT);
    it = mem_find_reg(&mm, PIN_DNS_KEY, "ListenAddresses");
    CHECK(it && it->v.len == sizeof ip4_one);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

BF_TEST(pin_listen_list_without_a_client_address_is_found)
{
    bf_snapshot *s = pin_snap();
    bf_diagnosis *d;
    const bf_finding *f;
    bf_err err;
    REQUIRE(s);
    s->pins.count = 1;  /* only the dead 198.51.100.99 */
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    f = find_id(d, "BF-PIN-NO-CLIENT-ADDRESS");
    REQUIRE(f);
    REQUIRE(f->action_count == 2);
    CHECK_STR(f->actions[0].params.edit, "add-address");
    CHECK_STR(f->actions[0].params.address, "192.0.2.10");
    /* both findings' actions chosen: one step for the value (dead address out, client address in), one
     * restart; the compare before the write sees the machine's value */
    {
        const bf_finding *g = find_id(d, "BF-PIN-DEAD");
        const bf_action *chosen[4];
        static const unsigned char dead_only[] = {1, 0, 0, 0, 198, 51, 100, 99};
        mem_machine mm;
        bf_buf notes;
        bf_fix_plan *p;
        const mem_item *it;
        REQUIRE(g && g->action_count == 2);
        chosen[0] = &g->actions[0];
        chosen[1] = &g->actions[1];
        chosen[2] = &f->actions[0];
        chosen[3] = &f->actions[1];
        mem_init(&mm);
        mem_set_reg(&mm, PIN_DNS_KEY, "ListenAddresses", 3, dead_only, sizeof dead_only);
        mem_set_service(&mm, "DNS", BF_SVC_RUNNING);
        bf_buf_init(&notes);
        p = bf_fix_plan_build(s, chosen, 4, &mm.m, NULL, &notes, &err);
        REQUIRE(p);
        CHECK_INT((int)p->step_count, 3);
        CHECK(p->steps[0].kind == BF_STEP_REG_SET && p->steps[0].after.len == sizeof ip4_one &&
              memcmp(p->steps[0].after.data, ip4_one, sizeof ip4_one) == 0);
        CHECK(bf_fix_apply(p, &mm.m, PIN_JOURNAL, NULL, &err));
        it = mem_find_reg(&mm, PIN_DNS_KEY, "ListenAddresses");
        CHECK(it && it->v.len == sizeof ip4_one && memcmp(it->v.data, ip4_one, sizeof ip4_one) == 0);
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        mem_free(&mm);
    }
    bf_diagnosis_destroy(d);
    /* not in effect (an "all" row): neither finding */
    s->pins.items[0].enabled = false;
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK(find_id(d, "BF-PIN-DEAD") == NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

static bf_fix_step limit_step(const char *key, const char *value, unsigned type, const void *b, const void *a,
                              size_t len, char *target, size_t tsize)
{
    bf_fix_step st;
    memset(&st, 0, sizeof st);
    st.kind = BF_STEP_REG_SET;
    st.key = (char *)key;
    st.value = (char *)value;
    snprintf(target, tsize, "HKLM\\%s\\%s", key, value);
    st.target = target;
    st.before = val(type, b, len);
    st.after = val(type, a, len);
    return st;
}

BF_TEST(pin_values_are_within_the_journal_limits_and_nothing_else)
{
    static const unsigned char one[4] = {1, 0, 0, 0}, zero[4] = {0};
    char target[512];
    const char *why;
    bf_fix_step st;
    st = limit_step("SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IP2",
                    "Enabled", 4, one, zero, 4, target, sizeof target);
    CHECK(bf_fix_step_in_limits(&st, &why));
    st = limit_step("SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IPAll",
                    "Enabled", 4, one, zero, 4, target, sizeof target);
    CHECK(!bf_fix_step_in_limits(&st, &why));
    st = limit_step("SOFTWARE\\Microsoft\\Microsoft SQL Server\\A\\B\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IP2", "Enabled", 4,
                    one, zero, 4, target, sizeof target);
    CHECK(!bf_fix_step_in_limits(&st, &why));
    st = limit_step("SOFTWARE\\Microsoft\\Microsoft SQL Server\\MSSQL15.MSSQLSERVER\\MSSQLServer\\SuperSocketNetLib\\Tcp\\IP2",
                    "TcpPort", 4, one, zero, 4, target, sizeof target);
    CHECK(!bf_fix_step_in_limits(&st, &why));
    st = limit_step("SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp", "LanAdapter", 4, one, zero,
                    4, target, sizeof target);
    CHECK(bf_fix_step_in_limits(&st, &why));
    st = limit_step(PIN_DNS_KEY, "ListenAddresses", 3, ip4_two, ip4_two, sizeof ip4_two, target, sizeof target);
    CHECK(bf_fix_step_in_limits(&st, &why));
    st = limit_step(PIN_DNS_KEY, "ListenAddresses", 3, ip4_two, ip4_two, sizeof ip4_two - 1, target, sizeof target);
    CHECK(!bf_fix_step_in_limits(&st, &why));   /* bytes that are no address list */
    st = limit_step(PIN_DNS_KEY, "Forwarders", 3, ip4_two, ip4_two, sizeof ip4_two, target, sizeof target);
    CHECK(!bf_fix_step_in_limits(&st, &why));
}

BF_TEST(catalogue_pins_are_data_a_user_file_adds_to)
{
    static const char good[] =
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [], \"pins\": ["
        " {\"id\": \"dns\", \"label\": \"Name server\", \"reader\": \"address-list\", \"key\": \"K\", \"listen\": \"L\","
        "  \"service\": \"DNS\"},"
        " {\"id\": \"myapp\", \"label\": \"My app\", \"reader\": \"lana-adapter\", \"key\": \"K2\", \"listen\": \"Lana\","
        "  \"table\": \"T\", \"service\": \"MyApp\", \"port\": 8080}]}";
    static const char bad_reader[] =
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [], \"pins\": ["
        " {\"id\": \"x\", \"label\": \"X\", \"reader\": \"xml\", \"key\": \"K\", \"service\": \"S\"}]}";
    static const char no_listen[] =
        "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": [], \"pins\": ["
        " {\"id\": \"x\", \"label\": \"X\", \"reader\": \"address-list\", \"key\": \"K\", \"service\": \"S\"}]}";
    bf_err err;
    bf_catalogue *c;
    const bf_pin_source *src;
    size_t n;
    src = bf_catalogue_pin_sources(bf_catalogue_builtin(), &n);
    REQUIRE(n == 5);
    CHECK_STR(src[0].id, "sqlserver");
    CHECK(src[4].reader == BF_PIN_READ_EXCHANGE);
    CHECK(src[3].reader == BF_PIN_READ_IIS);
    CHECK_STR(src[1].listen, "ListenAddresses");
    CHECK_STR(src[2].listen, "LanAdapter");
    c = bf_catalogue_load(good, strlen(good), "c.json", &err);
    REQUIRE(c);
    src = bf_catalogue_pin_sources(c, &n);
    REQUIRE(n == 6);
    CHECK_STR(src[1].label, "Name server");     /* replaced in place */
    CHECK_STR(src[5].id, "myapp");
    CHECK_INT(src[5].port, 8080);
    CHECK(src[5].reader == BF_PIN_READ_LANA);
    bf_catalogue_destroy(c);
    CHECK(!bf_catalogue_load(bad_reader, strlen(bad_reader), "c.json", &err) && strstr(err.msg, "reader") != NULL);
    CHECK(!bf_catalogue_load(no_listen, strlen(no_listen), "c.json", &err) && strstr(err.msg, "listen") != NULL);
}

/* Exchange 2010-2019 (bindings in Active Directory, synthetic rows): the fix is the exact shell command,
 * both lists set, the dead entries left out (an emptied list gets Exchange's default), the client address
 * added where none serves clients; the plan only prints it. */
BF_TEST(pin_exchange_bindings_give_the_shell_command)
{
    size_t len;
    char *text = bf_test_read_file("scenarios/exchange2016-pop3-bound-to-old-address.json", &len);
    bf_snapshot *s;
    bf_diagnosis *d;
    const bf_finding *dead, *none;
    bf_err err;
    REQUIRE(text);
    s = bf_snapshot_read_json(text, len, "exchange.json", &err);
    free(text);
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    dead = find_id(d, "BF-PIN-DEAD");
    none = find_id(d, "BF-PIN-NO-CLIENT-ADDRESS");
    REQUIRE(dead && none && dead->action_count == 1 && none->action_count == 1);
    CHECK_STR(dead->actions[0].params.edit, "by-hand");
    CHECK_STR(dead->actions[0].detail,
              "Set-PopSettings -Server \"SRV01\" -UnencryptedOrTLSBindings \"[::]:110\",\"0.0.0.0:110\" -SSLBindings "
              "\"[::]:995\",\"0.0.0.0:995\"; Restart-Service MSExchangePOP3");
    CHECK_STR(none->actions[0].detail,
              "Set-PopSettings -Server \"SRV01\" -UnencryptedOrTLSBindings \"192.0.2.10:110\" -SSLBindings "
              "\"[::]:995\",\"0.0.0.0:995\"; Restart-Service MSExchangePOP3");
    {
        const bf_action *chosen[1];
        mem_machine mm;
        bf_buf notes;
        bf_fix_plan *p;
        chosen[0] = &dead->actions[0];
        mem_init(&mm);
        bf_buf_init(&notes);
        p = bf_fix_plan_build(s, chosen, 1, &mm.m, NULL, &notes, &err);
        REQUIRE(p);
        CHECK_INT((int)p->step_count, 0);     /* bindfix does not change Active Directory */
        CHECK(strstr(bf_buf_cstr(&notes), "bindfix does not change this setting; run: Set-PopSettings") != NULL);
        bf_fix_plan_destroy(p);
        bf_buf_free(&notes);
        mem_free(&mm);
    }
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}
