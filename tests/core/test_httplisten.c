/* test_httplisten.c - http.sys's IP listen list (issue 15, source 1): the rules (an entry no up adapter
 * holds; the host name's address left out), and the repair: the dead entry out of ListenOnlyList as a
 * journaled reg-set step, every other entry kept byte for byte, undone byte-identically, with the
 * restart of HTTP (a driver, which bindfix does not stop) given as commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnose.h"
#include "fix.h"
#include "mem_machine.h"
#include "snapshot_json.h"
#include "testlib.h"

#define HL_KEY "SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters"
#define HL_JOURNAL "C:\\ProgramData\\bindfix\\journal-http.json"

static bf_snapshot *hl_snapshot(const char *const *entries, size_t n)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    bf_resolution *r;
    bf_service *v;
    size_t i;
    if (!s)
        return NULL;
    s->hostname = "SRV01";
    s->os.major = 10;
    a = bf_snap_add_adapter(s);
    a->guid = "{11111111-0000-0000-0000-000000000001}";
    a->friendly_name = "Ethernet";
    a->kind = BF_KIND_LAN;
    a->status = BF_OPER_UP;
    bf_adapter_add_address(s, a, "192.0.2.10", 24);
    r = bf_snap_add_resolution(s, "getaddrinfo", "SRV01");
    bf_resolution_add_address(s, r, "192.0.2.10");
    v = bf_snap_add_service(s, "W3SVC");
    v->state = BF_SVC_RUNNING;
    bf_str_list_add(s, &v->dependencies, &v->dependency_count, &v->dependency_cap, "HTTP");
    s->http_listen.status = BF_SECTION_OK;
    s->http_listen.source = "registry";
    for (i = 0; i < n; i++)
        bf_str_list_add(s, &s->http_listen.addresses, &s->http_listen.address_count, &s->http_listen.address_cap, entries[i]);
    return s;
}

static const bf_finding *hl_find(const bf_diagnosis *d, const char *id)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            return &d->findings[i];
    return NULL;
}

BF_TEST(http_listen_dead_entry_and_left_out_host_address)
{
    static const char *const dead[] = {"198.51.100.7"}, *const both[] = {"192.0.2.10", "198.51.100.7"},
                             *const wild[] = {"0.0.0.0"}, *const other[] = {"127.0.0.1"};
    bf_err err;
    bf_snapshot *s = hl_snapshot(dead, 1);
    bf_diagnosis *d;
    const bf_finding *f;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    f = hl_find(d, "BF-HTTP-LISTEN-DEAD");
    REQUIRE(f);
    CHECK_INT(f->severity, BF_SEV_ERROR);
    CHECK(strstr(f->cause, "W3SVC") != NULL);
    REQUIRE(f->action_count == 1);
    CHECK_INT(f->actions[0].kind, BF_ACTION_HTTP_LISTEN_REMOVE);
    CHECK_STR(f->actions[0].params.address, "198.51.100.7");
    CHECK(hl_find(d, "BF-HTTP-LISTEN-MISSES-HOST") != NULL);   /* 192.0.2.10 is left out */
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);

    s = hl_snapshot(both, 2);
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK(hl_find(d, "BF-HTTP-LISTEN-DEAD") != NULL);
    CHECK(hl_find(d, "BF-HTTP-LISTEN-MISSES-HOST") == NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);

    s = hl_snapshot(wild, 1);   /* 0.0.0.0: every IPv4 address */
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK_INT(d->finding_count, 0);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);

    s = hl_snapshot(other, 1);  /* loopback only: held, but the host's address is left out */
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    CHECK(hl_find(d, "BF-HTTP-LISTEN-DEAD") == NULL);
    CHECK(hl_find(d, "BF-HTTP-LISTEN-MISSES-HOST") != NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

/* "192.0.2.10\0198.51.100.7\02001:DB8::7\0\0" in UTF-16LE */
static size_t utf16_multi(unsigned char *out, const char *const *items, size_t n)
{
    size_t i, k = 0;
    for (i = 0; i < n; i++) {
        const char *p;
        for (p = items[i]; *p; p++) {
            out[k++] = (unsigned char)*p;
            out[k++] = 0;
        }
        out[k++] = 0;
        out[k++] = 0;
    }
    out[k++] = 0;
    out[k++] = 0;
    return k;
}

BF_TEST(http_listen_remove_is_journaled_keeps_the_rest_and_undoes_byte_identical)
{
    static const char *const have[] = {"192.0.2.10", "198.51.100.7", "2001:DB8::7"},
                             *const want[] = {"192.0.2.10", "2001:DB8::7"};
    unsigned char before[200], after[200];
    size_t blen = utf16_multi(before, have, 3), alen = utf16_multi(after, want, 2);
    mem_machine mm;
    bf_snapshot *s = hl_snapshot(have, 3);
    bf_action act;
    const bf_action *chosen[1] = {&act};
    bf_fix_opts o = {.service_timeout_ms = 1000};
    bf_fix_plan *p;
    bf_buf notes;
    bf_err err;
    const mem_item *v;
    REQUIRE(s);
    mem_init(&mm);
    mem_set_reg(&mm, HL_KEY, "ListenOnlyList", 7, before, blen);
    memset(&act, 0, sizeof act);
    act.kind = BF_ACTION_HTTP_LISTEN_REMOVE;
    act.title = "Remove 198.51.100.7 from http.sys's listen list";
    act.params.address = "198.51.100.7";
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, chosen, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    REQUIRE(p->step_count == 1);
    CHECK_INT(p->steps[0].kind, BF_STEP_REG_SET);
    CHECK(strstr(bf_buf_cstr(&notes), "net stop http /y") != NULL);
    CHECK(strstr(bf_buf_cstr(&notes), "net start W3SVC") != NULL);
    CHECK(bf_fix_apply(p, &mm.m, HL_JOURNAL, &o, &err));
    v = mem_find_reg(&mm, HL_KEY, "ListenOnlyList");
    REQUIRE(v);
    CHECK(v->v.len == alen && memcmp(v->v.data, after, alen) == 0);
    bf_fix_plan_destroy(p);
    /* undo from the journal as written, read back and judged as an elevated undo judges it */
    v = mem_find_file(&mm, HL_JOURNAL);
    REQUIRE(v);
    p = bf_fix_journal_read((const char *)v->v.data, v->v.len, HL_JOURNAL, &err);
    if (!p)
        printf("    journal: %s\n", err.msg);
    REQUIRE(p);
    CHECK(bf_fix_journal_check(p, &mm.m, HL_JOURNAL, &err));
    CHECK(bf_fix_undo(p, &mm.m, HL_JOURNAL, &o, &err));
    v = mem_find_reg(&mm, HL_KEY, "ListenOnlyList");
    REQUIRE(v);
    CHECK(v->v.len == blen && memcmp(v->v.data, before, blen) == 0);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);

    /* the entry gone already: no step, a note */
    mem_set_reg(&mm, HL_KEY, "ListenOnlyList", 7, after, alen);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, chosen, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK_INT((int)p->step_count, 0);
    CHECK(strstr(bf_buf_cstr(&notes), "no longer names 198.51.100.7") != NULL);
    bf_fix_plan_destroy(p);
    bf_buf_free(&notes);
    mem_free(&mm);
    bf_snapshot_destroy(s);
}

BF_TEST(http_listen_section_is_optional_strict_and_round_trips)
{
    static const char *const have[] = {"192.0.2.10", "2001:db8::7"};
    bf_snapshot *s = hl_snapshot(have, 2), *back;
    bf_buf a, b;
    bf_err err;
    REQUIRE(s);
    bf_buf_init(&a);
    bf_buf_init(&b);
    bf_snapshot_write_json(s, &a);
    CHECK(strstr(bf_buf_cstr(&a), "\"http_listen\": {") != NULL);
    back = bf_snapshot_read_json(bf_buf_cstr(&a), a.len, "t.json", &err);
    REQUIRE(back);
    CHECK_INT(back->http_listen.address_count, 2);
    bf_snapshot_write_json(back, &b);
    CHECK(a.len == b.len && memcmp(bf_buf_cstr(&a), bf_buf_cstr(&b), a.len) == 0);
    bf_snapshot_destroy(back);
    {
        char *t = strdup(bf_buf_cstr(&a)), *sec = t ? strstr(t, "\"http_listen\"") : NULL;
        char *at = sec ? strstr(sec, "\"addresses\": [\"192.0.2.10\"") : NULL;
        REQUIRE(at);
        memcpy(at + 14, " 1921002010 ", 12);    /* "addresses": [ 1921002010 , ...: a number, not a string */
        back = bf_snapshot_read_json(t, strlen(t), "t.json", &err);
        if (back || !strstr(err.msg, "http_listen"))
            printf("    said: %s\n", back ? "(read)" : err.msg);
        CHECK(back == NULL && strstr(err.msg, "http_listen") != NULL);
        bf_snapshot_destroy(back);
        free(t);
    }
    bf_buf_free(&a);
    bf_buf_free(&b);
    bf_snapshot_destroy(s);
}

/* PID 4 is the kernel: a port an http.sys URL reservation or SSL binding names is http.sys's. The port of
 * a URL is its own or its scheme's; an SSL binding's is after its last colon (an IPv6 one in brackets).
 * The registrations round-trip through the snapshot and are optional in it. */
BF_TEST(http_sys_explains_a_pid4_port_by_its_reservation_or_binding)
{
    static const char *const have[] = {"192.0.2.10"};
    bf_snapshot *s = hl_snapshot(have, 1), *back;
    bf_buf a, b;
    bf_err err;
    REQUIRE(s);
    bf_str_list_add(s, &s->http_listen.url_reservations, &s->http_listen.url_count, &s->http_listen.url_cap,
                    "http://+:8080/ReportServer/");
    bf_str_list_add(s, &s->http_listen.url_reservations, &s->http_listen.url_count, &s->http_listen.url_cap,
                    "HTTPS://*/wsus/");
    bf_str_list_add(s, &s->http_listen.url_reservations, &s->http_listen.url_count, &s->http_listen.url_cap,
                    "http://[2001:db8::7]/x/");
    bf_str_list_add(s, &s->http_listen.ssl_bindings, &s->http_listen.ssl_count, &s->http_listen.ssl_cap, "[::]:8443");
    bf_str_list_add(s, &s->http_listen.ssl_bindings, &s->http_listen.ssl_count, &s->http_listen.ssl_cap, "0.0.0.0:99999");
    CHECK_STR(bf_http_sys_port_reason(s, 8080), "http://+:8080/ReportServer/");
    CHECK_STR(bf_http_sys_port_reason(s, 443), "HTTPS://*/wsus/");
    CHECK_STR(bf_http_sys_port_reason(s, 80), "http://[2001:db8::7]/x/");   /* the brackets' colons are no port */
    CHECK_STR(bf_http_sys_port_reason(s, 8443), "[::]:8443");
    CHECK(bf_http_sys_port_reason(s, 9999) == NULL);   /* 99999 is no port, and not 9999 */
    CHECK(bf_http_sys_port_reason(s, 110) == NULL);
    bf_buf_init(&a);
    bf_buf_init(&b);
    bf_snapshot_write_json(s, &a);
    back = bf_snapshot_read_json(bf_buf_cstr(&a), a.len, "t.json", &err);
    REQUIRE(back);
    CHECK_INT(back->http_listen.url_count, 3);
    CHECK_INT(back->http_listen.ssl_count, 2);
    bf_snapshot_write_json(back, &b);
    CHECK(a.len == b.len && memcmp(bf_buf_cstr(&a), bf_buf_cstr(&b), a.len) == 0);
    bf_snapshot_destroy(back);
    /* none: the members are left out, as snapshots before them had none */
    s->http_listen.url_count = s->http_listen.ssl_count = 0;
    bf_buf_free(&a);
    bf_buf_init(&a);
    bf_snapshot_write_json(s, &a);
    CHECK(strstr(bf_buf_cstr(&a), "url_reservations") == NULL && strstr(bf_buf_cstr(&a), "ssl_bindings") == NULL);
    bf_buf_free(&a);
    bf_buf_free(&b);
    bf_snapshot_destroy(s);
}
