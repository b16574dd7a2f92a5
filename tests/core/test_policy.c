/* test_policy.c - the address family order: the prefix policy table's parser (synthetic netsh output in
 * Windows Server 2019's shape, written by hand, not recorded), the order it predicts, its snapshot
 * section, the BF-FAMILY-ORDER and BF-IPV6-HALF-DISABLED rules, and their DisabledComponents repair
 * journaled as taking effect after a restart (core/policy.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "diagnose.h"
#include "fix.h"
#include "mem_machine.h"
#include "order.h"
#include "policy.h"
#include "snapshot_json.h"
#include "testlib.h"

#define JOURNAL "C:\\ProgramData\\bindfix\\journal.json"

/* Synthetic: `netsh interface ipv6 show prefixpolicies` as Windows Server 2019 prints it (the default
 * table), CRLF line ends, written by hand from the documented layout. */
static const char netsh_2019[] =
    "Querying active state...\r\n"
    "\r\n"
    "Precedence  Label  Prefix\r\n"
    "----------  -----  --------------------------------\r\n"
    "        50      0  ::1/128\r\n"
    "        40      1  ::/0\r\n"
    "        35      4  ::ffff:0:0/96\r\n"
    "        30      2  2002::/16\r\n"
    "         5      5  2001::/32\r\n"
    "         3     13  fc00::/7\r\n"
    "         1     11  fec0::/10\r\n"
    "         1     12  3ffe::/16\r\n"
    "         1      3  ::/96\r\n"
    "\r\n";

/* Synthetic: the same after `netsh interface ipv6 set prefixpolicy ::ffff:0:0/96 100 4` on a German
 * Server 2019: the header is another language, the numeric columns are the same. */
static const char netsh_2019_de_prefer_v4[] =
    "Aktiver Status wird abgefragt...\n"
    "\n"
    "Vorrang    Bezeichnung  Präfix\n"
    "---------  -----------  --------------------------------\n"
    "      100            4  ::ffff:0:0/96\n"
    "       50            0  ::1/128\n"
    "       40            1  ::/0\n";

BF_TEST(policy_netsh_2019_parses_by_numeric_columns)
{
    bf_snapshot *s = bf_snapshot_create();
    REQUIRE(s);
    REQUIRE(bf_policy_parse_netsh(s, netsh_2019, strlen(netsh_2019)));
    CHECK(s->ipv6_policy.status == BF_SECTION_OK);
    CHECK_INT((int)s->ipv6_policy.policy_count, 9);
    CHECK_STR(s->ipv6_policy.policies[0].prefix, "::1/128");
    CHECK_INT(s->ipv6_policy.policies[2].precedence, 35);
    CHECK_INT(s->ipv6_policy.policies[2].label, 4);
    CHECK_STR(s->ipv6_policy.policies[8].prefix, "::/96");
    bf_snapshot_destroy(s);

    s = bf_snapshot_create();
    REQUIRE(s);
    REQUIRE(bf_policy_parse_netsh(s, netsh_2019_de_prefer_v4, strlen(netsh_2019_de_prefer_v4)));
    CHECK(s->ipv6_policy.status == BF_SECTION_OK);
    CHECK_INT((int)s->ipv6_policy.policy_count, 3);
    CHECK_INT(bf_policy_precedence(s, "192.0.2.10", NULL), 100);
    CHECK_INT(bf_policy_precedence(s, "2001:db8::10", NULL), 40);
    bf_snapshot_destroy(s);
}

BF_TEST(policy_netsh_refuses_what_is_not_a_table)
{
    static const char *const bad[] = {
        "Precedence  Label  Prefix\n        50      0\n",              /* no prefix */
        "        50      x  ::1/128\n",                                  /* label not a number */
        "        50      0  ::1/129\n",                                  /* length out of range */
        "        50      0  192.0.2.0/24\n",                             /* not IPv6 */
        "        50      0  ::1/128 extra\n",                            /* a fourth column */
        "        99999999999      0  ::1/128\n",                         /* too many digits */
        "The following command was not found: interface ipv6 show prefixpolicies.\n", /* Wine's netsh */
        "",
    };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        bf_snapshot *s = bf_snapshot_create();
        REQUIRE(s);
        REQUIRE(bf_policy_parse_netsh(s, bad[i], strlen(bad[i])));
        if (s->ipv6_policy.status != BF_SECTION_MALFORMED || s->ipv6_policy.policy_count != 0)
            printf("  case %zu: status %d, %zu rows\n", i, (int)s->ipv6_policy.status, s->ipv6_policy.policy_count);
        CHECK(s->ipv6_policy.status == BF_SECTION_MALFORMED);
        CHECK(s->ipv6_policy.policy_count == 0);
        CHECK(s->ipv6_policy.problem[0] != '\0');
        bf_snapshot_destroy(s);
    }
}

/* Windows Server 2019 (metric10): LAN (metric 10) holds 192.0.2.10 and 2001:db8::10, a second adapter
 * (metric 5) holds 198.51.100.7. */
static bf_snapshot *dual_stack(void)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a, *b;
    if (!s)
        return NULL;
    s->hostname = "EXCHSRV01";
    s->os.major = 10;
    s->os.build = 17763;
    a = bf_snap_add_adapter(s);
    a->guid = "{11111111-1111-1111-1111-111111111111}";
    a->friendly_name = "LAN";
    a->status = BF_OPER_UP;
    a->if_type = 6;
    a->metric4 = a->metric6 = 10;
    bf_adapter_add_address(s, a, "192.0.2.10", 24)->family = 4;
    bf_adapter_add_address(s, a, "2001:db8::10", 64)->family = 6;
    b = bf_snap_add_adapter(s);
    b->guid = "{22222222-2222-2222-2222-222222222222}";
    b->friendly_name = "Backup";
    b->status = BF_OPER_UP;
    b->if_type = 6;
    b->metric4 = b->metric6 = 5;
    bf_adapter_add_address(s, b, "198.51.100.7", 24)->family = 4;
    return s;
}

static void order_is_(int at, const bf_snapshot *s, const bf_order_change *c, const char *want)
{
    bf_arena *ar = bf_arena_create();
    const char **list;
    size_t n, i;
    char got[300] = "";
    REQUIRE_AT(at, ar && bf_order_predict(s, BF_ORDER_METRIC10, c, false, ar, &list, &n));
    for (i = 0; i < n; i++) {
        strcat(got, i ? "," : "");
        strcat(got, list[i]);
    }
    CHECK_STR_AT(at, got, want);
    bf_arena_destroy(ar);
}
#define order_is(s, c, want) order_is_(__LINE__, (s), (c), (want))

BF_TEST(policy_table_decides_which_family_comes_first)
{
    bf_snapshot *s = dual_stack();
    bf_order_change ch;
    REQUIRE(s);
    /* nothing read: the model as before (metric order, IPv6 first within an adapter) */
    order_is(s, NULL, "198.51.100.7,2001:db8::10,192.0.2.10");
    /* the default table read: ::/0 (40) above ::ffff:0:0/96 (35): IPv6 before every IPv4 address */
    REQUIRE(bf_policy_parse_netsh(s, netsh_2019, strlen(netsh_2019)));
    order_is(s, NULL, "2001:db8::10,198.51.100.7,192.0.2.10");
    /* DisabledComponents 0x20 predicted: IPv4 first, metric order kept within the family */
    memset(&ch, 0, sizeof ch);
    ch.dc_set = true;
    ch.dc = 0x20;
    order_is(s, &ch, "198.51.100.7,192.0.2.10,2001:db8::10");
    bf_snapshot_destroy(s);

    /* no table read, but DisabledComponents 0x20 read: the default table with IPv4 raised */
    s = dual_stack();
    REQUIRE(s);
    s->ipv6_policy.disabled_components = 0x20;
    order_is(s, NULL, "198.51.100.7,192.0.2.10,2001:db8::10");
    /* a table of the administrator's own that ranks one IPv4 range above IPv6 (as gai.conf can) */
    s->ipv6_policy.disabled_components = -1;
    {
        static const char t[] = "  50 0 ::1/128\n  40 1 ::/0\n  35 4 ::ffff:0:0/96\n  45 4 ::ffff:192.0.2.0/120\n";
        REQUIRE(bf_policy_parse_netsh(s, t, strlen(t)));
    }
    order_is(s, NULL, "192.0.2.10,2001:db8::10,198.51.100.7");
    bf_snapshot_destroy(s);
}

BF_TEST(policy_section_round_trips_and_is_strict)
{
    bf_snapshot *s = dual_stack(), *back;
    bf_buf out;
    bf_err err;
    char *bad;
    const char *j;
    REQUIRE(s);
    s->ipv6_policy.disabled_components = 0x20;
    REQUIRE(bf_policy_parse_netsh(s, netsh_2019, strlen(netsh_2019)));
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    j = bf_buf_cstr(&out);
    CHECK(strstr(j, "\"ipv6_policy\": {") != NULL);
    CHECK(strstr(j, "\"disabled_components\": 32") != NULL);
    back = bf_snapshot_read_json(j, out.len, "p.json", &err);
    REQUIRE(back);
    CHECK(back->ipv6_policy.status == BF_SECTION_OK);
    CHECK_INT((int)back->ipv6_policy.policy_count, 9);
    CHECK_STR(back->ipv6_policy.policies[1].prefix, "::/0");
    CHECK_INT((int)back->ipv6_policy.disabled_components, 0x20);
    CHECK_STR(back->ipv6_policy.source, "netsh interface ipv6 show prefixpolicies");
    bf_snapshot_destroy(back);
    /* a prefix that is no prefix: FILE:LINE:COL */
    bad = strdup(j);
    REQUIRE(bad);
    memcpy(strstr(bad, "\"::/0\""), "\"::/x\"", 6);
    CHECK(bf_snapshot_read_json(bad, strlen(bad), "p.json", &err) == NULL);
    CHECK(strstr(err.msg, "IPv6 prefix") != NULL && err.line > 0);
    free(bad);
    /* an unknown key in a row */
    bad = strdup(j);
    REQUIRE(bad);
    memcpy(strstr(bad, "\"label\": 1"), "\"lobel\": 1", 10);
    CHECK(bf_snapshot_read_json(bad, strlen(bad), "p.json", &err) == NULL);
    CHECK(strstr(err.msg, "unknown key \"lobel\"") != NULL);
    free(bad);
    bf_buf_free(&out);
    /* not collected: no key written, older readers see what they know */
    s->ipv6_policy.status = BF_SECTION_NOT_COLLECTED;
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    CHECK(strstr(bf_buf_cstr(&out), "ipv6_policy") == NULL);
    bf_buf_free(&out);
    bf_snapshot_destroy(s);
}

static const bf_finding *find(const bf_diagnosis *d, const char *id)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            return &d->findings[i];
    return NULL;
}

/* POP3 listens on 0.0.0.0 only; getaddrinfo returned IPv6 first. */
static bf_snapshot *ipv4_listener(long long dc, bool observed_v6_first)
{
    bf_snapshot *s = dual_stack();
    bf_listener *l;
    bf_resolution *r;
    bf_endpoint *e;
    if (!s)
        return NULL;
    s->ipv6_policy.disabled_components = dc;
    (void)bf_policy_parse_netsh(s, netsh_2019, strlen(netsh_2019));  /* out of memory: the tests see no rows */
    e = bf_snap_add_endpoint(s, "POP3", "tcp", 110);
    bf_endpoint_add_probe(s, e, "0.0.0.0")->result = BF_PROBE_ADDRINUSE;
    l = bf_snap_add_listener(s);
    l->transport = "tcp";
    l->address = "0.0.0.0";
    l->port = 110;
    r = bf_snap_add_resolution(s, "getaddrinfo", "EXCHSRV01");
    if (observed_v6_first)
        bf_resolution_add_address(s, r, "2001:db8::10");
    bf_resolution_add_address(s, r, "198.51.100.7");
    bf_resolution_add_address(s, r, "192.0.2.10");
    if (!observed_v6_first)
        bf_resolution_add_address(s, r, "2001:db8::10");
    return s;
}

BF_TEST(policy_family_order_finding_and_its_restart_repair)
{
    bf_snapshot *s = ipv4_listener(-1, true);
    bf_diagnosis *d;
    const bf_finding *f;
    const bf_action *one[1];
    mem_machine mm;
    bf_fix_plan *p, *back;
    bf_buf notes, preview;
    bf_err err;
    const mem_item *ji, *reg;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    f = find(d, "BF-FAMILY-ORDER");
    REQUIRE(f);
    CHECK(f->severity == BF_SEV_WARNING);
    CHECK(strstr(f->title, "POP3 listens on IPv4 only, but the host name resolves to IPv6 first") != NULL);
    REQUIRE(f->action_count == 1);
    CHECK(f->actions[0].kind == BF_ACTION_SET_DISABLED_COMPONENTS);
    CHECK_STR(f->actions[0].params.value, "0x20");
    CHECK(strstr(f->actions[0].predicted, "returns 198.51.100.7, 192.0.2.10, 2001:db8::10") != NULL);
    CHECK(find(d, "BF-IPV6-HALF-DISABLED") == NULL);
    /* the repair: a reg-set of DisabledComponents (absent before), journaled as after-restart */
    mem_init(&mm);
    one[0] = &f->actions[0];
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK(strstr(bf_buf_cstr(&notes), "takes effect after a restart") != NULL);
    REQUIRE(p->step_count == 1);
    CHECK(p->steps[0].kind == BF_STEP_REG_SET && !p->steps[0].before.exists);
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "(absent)") != NULL);
    bf_buf_free(&preview);
    REQUIRE(bf_fix_apply(p, &mm.m, JOURNAL, &o, &err));
    CHECK(bf_fix_plan_restart_pending(p));
    reg = mem_find_reg(&mm, BF_POLICY_DC_KEY, BF_POLICY_DC_VALUE);
    REQUIRE(reg);
    CHECK(reg->v.type == 4 && reg->v.len == 4 && reg->v.data[0] == 0x20);
    ji = mem_find_file(&mm, JOURNAL);
    REQUIRE(ji);
    CHECK(strstr((const char *)ji->v.data, "\"takes-effect\": \"after-restart\"") != NULL);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, JOURNAL, &err);
    REQUIRE(back);
    REQUIRE(bf_fix_undo(back, &mm.m, JOURNAL, NULL, &err));
    reg = mem_find_reg(&mm, BF_POLICY_DC_KEY, BF_POLICY_DC_VALUE);
    CHECK(!reg || !reg->v.exists);    /* absent again */
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);

    /* IPv4 first: the IPv4 listener is what clients reach first, no finding */
    s = ipv4_listener(-1, false);
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK(find(d, "BF-FAMILY-ORDER") == NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

BF_TEST(policy_half_disabled_explains_the_family_order)
{
    bf_snapshot *s = ipv4_listener(0xFF, true);
    bf_diagnosis *d;
    const bf_finding *half, *fam;
    bf_err err;
    size_t i;
    bool linked = false;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    half = find(d, "BF-IPV6-HALF-DISABLED");
    fam = find(d, "BF-FAMILY-ORDER");
    REQUIRE(half && fam);
    CHECK(strstr(half->title, "0xFF (IPv6 off on every interface but loopback)") != NULL);
    REQUIRE(half->action_count == 1);
    CHECK_STR(half->actions[0].params.value, "0x20");
    for (i = 0; i < half->explains_count; i++)
        linked = linked || &d->findings[half->explains[i]] == fam;
    CHECK(linked);
    CHECK(fam->cause_count == 1);
    /* 0xFF holds 0x20 already: the table read is what puts IPv6 first, so no DisabledComponents action */
    CHECK(fam->action_count == 0);
    bf_diagnosis_destroy(d);
    /* IPv6 gone from the adapters (restarted): no half-disabled finding */
    s->adapters[0].address_count = 1;
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK(find(d, "BF-IPV6-HALF-DISABLED") == NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}
