/* test_outbound.c - issue 16 parts 1 and 4 in the core: the "dns_publication" and "source_addresses"
 * snapshot sections (written, read back, strict), the address/service times the startup race reads, and
 * the verification's source address lines before and after a repair (core/outbound.c). Snapshots are
 * built here by hand (synthetic). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbound.h"
#include "snapshot_json.h"
#include "testlib.h"

static bf_snapshot *machine(const char *source)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_adapter *a;
    bf_address *ad;
    bf_outbound *o;
    bf_service *v;
    if (!s)
        return NULL;
    s->hostname = "EXCHSRV01";
    s->fqdn = "exchsrv01.example.test";
    a = bf_snap_add_adapter(s);
    a->guid = "{11111111-1111-1111-1111-111111111111}";
    a->friendly_name = "LAN";
    a->status = BF_OPER_UP;
    a->gateway = "192.0.2.1";
    a->dns_register = BF_TRI_YES;
    ad = bf_adapter_add_address(s, a, "192.0.2.10", 24);
    ad->created = "2026-12-06T08:00:00Z";
    bf_adapter_add_address(s, a, "192.0.2.20", 24);
    v = bf_snap_add_service(s, "MSExchangePOP3");
    v->started = "2026-12-06T07:59:58Z";
    s->dns.status = BF_SECTION_OK;
    s->dns.source = "DnsQuery_W A+AAAA (wire only, cache and hosts file bypassed)";
    s->dns.name = s->fqdn;
    bf_str_list_add(s, &s->dns.addresses, &s->dns.address_count, &s->dns.address_cap, "192.0.2.10");
    bf_str_list_add(s, &s->dns.addresses, &s->dns.address_count, &s->dns.address_cap, "2001:db8::10");
    o = BF_PUSH(s->arena, s->outbound, s->outbound_count, s->outbound_cap);
    o->destination = "192.0.2.1";
    o->source = (char *)source;
    o->error = source[0] ? 0 : 10051;
    return s;
}

BF_TEST(outbound_dns_sections_round_trip_and_are_strict)
{
    bf_snapshot *s = machine("192.0.2.20"), *back;
    bf_buf out;
    bf_err err;
    char *bad;
    const char *j;
    REQUIRE(s);
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    j = bf_buf_cstr(&out);
    back = bf_snapshot_read_json(j, out.len, "o.json", &err);
    REQUIRE(back);
    CHECK(back->dns.status == BF_SECTION_OK);
    CHECK_STR(back->dns.name, "exchsrv01.example.test");
    CHECK_INT((int)back->dns.address_count, 2);
    CHECK_STR(back->dns.addresses[1], "2001:db8::10");
    CHECK_INT((int)back->outbound_count, 1);
    CHECK_STR(back->outbound[0].source, "192.0.2.20");
    CHECK(back->adapters[0].dns_register == BF_TRI_YES);
    CHECK_STR(back->adapters[0].addresses[0].created, "2026-12-06T08:00:00Z");
    CHECK_STR(back->adapters[0].addresses[1].created, "");
    CHECK_STR(back->services[0].started, "2026-12-06T07:59:58Z");
    bf_snapshot_destroy(back);
    /* an answer that is no address */
    bad = strdup(j);
    REQUIRE(bad);
    memcpy(strstr(bad, "\"2001:db8::10\""), "\"2001:db8::1x\"", 14);
    CHECK(bf_snapshot_read_json(bad, strlen(bad), "o.json", &err) == NULL);
    CHECK(strstr(err.msg, "not an address") != NULL);
    free(bad);
    /* an unknown key in a source_addresses entry */
    bad = strdup(j);
    REQUIRE(bad);
    memcpy(strstr(bad, "\"destination\""), "\"destinatiox\"", 13);
    CHECK(bf_snapshot_read_json(bad, strlen(bad), "o.json", &err) == NULL);
    CHECK(strstr(err.msg, "unknown key \"destinatiox\"") != NULL);
    free(bad);
    bf_buf_free(&out);
    /* not collected: no key written */
    s->dns.status = BF_SECTION_NOT_COLLECTED;
    s->outbound_count = 0;
    bf_buf_init(&out);
    bf_snapshot_write_json(s, &out);
    CHECK(strstr(bf_buf_cstr(&out), "dns_publication") == NULL);
    CHECK(strstr(bf_buf_cstr(&out), "source_addresses") == NULL);
    bf_buf_free(&out);
    bf_snapshot_destroy(s);
}

BF_TEST(outbound_verification_shows_the_source_before_and_after)
{
    bf_snapshot *before = machine("192.0.2.20"), *after = machine("192.0.2.10"), *same = machine("192.0.2.20"),
                *none = machine("");
    bf_buf o;
    REQUIRE(before && after && same && none);
    bf_buf_init(&o);
    bf_outbound_write_compare(before, after, &o);
    CHECK(strstr(bf_buf_cstr(&o), "SOURCE ADDRESSES") != NULL);
    CHECK(strstr(bf_buf_cstr(&o), "toward 192.0.2.1        192.0.2.20 -> 192.0.2.10 (changed)") != NULL);
    bf_buf_free(&o);
    bf_buf_init(&o);
    bf_outbound_write_compare(before, same, &o);
    CHECK(strstr(bf_buf_cstr(&o), "192.0.2.20 -> 192.0.2.20 (unchanged)") != NULL);
    bf_buf_free(&o);
    bf_buf_init(&o);
    bf_outbound_write_compare(before, none, &o);
    CHECK(strstr(bf_buf_cstr(&o), "192.0.2.20 -> (no source: error 10051)\n") != NULL);
    bf_buf_free(&o);
    /* neither scan asked: nothing written */
    before->outbound_count = after->outbound_count = 0;
    bf_buf_init(&o);
    bf_outbound_write_compare(before, after, &o);
    CHECK_INT((int)o.len, 0);
    bf_buf_free(&o);
    bf_snapshot_destroy(before);
    bf_snapshot_destroy(after);
    bf_snapshot_destroy(same);
    bf_snapshot_destroy(none);
}
