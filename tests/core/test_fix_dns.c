/* test_fix_dns.c - the repair of BF-DNS-UNUSABLE (issue 16 part 1, core/fix_dns.c): the finding offers
 * "stop this adapter registering" only where an adapter of this machine registers the address now; the
 * plan writes Interfaces\{GUID} DisableDynamicUpdate = 1 and RegistrationEnabled = 0 (reg-set steps read
 * from the machine); the journal round trip; undo puts back exactly what was there; the session asks
 * for the registration again after apply and after undo (bf_machine.dns_register), asks DNS again, and
 * says what stays for the DNS administrator - and says so when the registration could not be asked,
 * leaving the registry change made. Snapshots: the synthetic scenarios of tests/scenarios. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_system.h"
#include "fix.h"
#include "mem_machine.h"
#include "repair_session.h"
#include "report.h"
#include "snapshot_json.h"
#include "testlib.h"

#define FD_JOURNAL "C:\\ProgramData\\bindfix\\journal-dns.json"
#define FD_VPN "{44444444-0000-0000-0000-000000000004}"
#define FD_KEY "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\" FD_VPN

static const bf_finding *fd_find(const bf_diagnosis *d, const char *id, const char *address)
{
    size_t i, j;
    for (i = 0; i < d->finding_count; i++)
        if (strcmp(d->findings[i].id, id) == 0)
            for (j = 0; j < d->findings[i].evidence_count; j++)
                if (!address || strcmp(d->findings[i].evidence[j].ref, address) == 0)
                    return &d->findings[i];
    return NULL;
}

static unsigned fd_dword(const mem_machine *mm, const char *value, bool *exists)
{
    const mem_item *it = mem_find_reg(mm, FD_KEY, value);
    *exists = it && it->v.exists;
    return *exists && it->v.len == 4 ? it->v.data[0] | (unsigned)it->v.data[1] << 8 : 0xFFFFFFFFu;
}

/* The machine: the VPN adapter's TCP/IP interface key as Windows has it (EnableDHCP in every adapter's
 * key), with the check box on (RegistrationEnabled = 1) and no DisableDynamicUpdate. */
static void fd_machine(mem_machine *mm)
{
    static const unsigned char one[4] = {1, 0, 0, 0}, zero[4] = {0, 0, 0, 0};
    mem_init(mm);
    mem_set_reg(mm, FD_KEY, "EnableDHCP", 4, zero, 4);
    mem_set_reg(mm, FD_KEY, "RegistrationEnabled", 4, one, 4);
    mm->changing_calls = 0;
}

BF_TEST(fix_dns_the_finding_offers_the_registration_repair_only_where_the_adapter_registers)
{
    static const char *const no_action[] = {"dns-publishes-vpn-already-off-2019", "dns-stale-only-2019",
                                            "dns-publishes-skip-as-source-2012"};
    bf_snapshot *s = bf_test_scenario("dns-publishes-vpn-2019");
    bf_diagnosis *d;
    const bf_finding *f;
    bf_err err;
    size_t i, j;
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    f = fd_find(d, "BF-DNS-UNUSABLE", "198.51.100.64");
    REQUIRE(f);
    /* exactly one action: this adapter, by GUID, recommended */
    REQUIRE(f->action_count == 1);
    CHECK(f->actions[0].kind == BF_ACTION_DNS_REGISTRATION_OFF);
    CHECK_STR(bf_action_kind_token(f->actions[0].kind), "dns-registration-off");
    CHECK_STR(f->actions[0].params.adapter, FD_VPN);
    CHECK(f->actions[0].recommended);
    CHECK_STR(f->actions[0].title, "Stop Management VPN registering its addresses in DNS, then register again");
    /* the cause keeps the DNS administrator's exact commands (one helper for the finding and the repair) */
    CHECK(strstr(f->cause, "dnscmd /recorddelete example.com srv01 A 198.51.100.64 /f, or "
                           "Remove-DnsServerResourceRecord -ZoneName example.com -RRType A -Name srv01 "
                           "-RecordData 198.51.100.64") != NULL);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
    /* nothing on this machine registers the address: no action, the record is the DNS administrator's */
    for (i = 0; i < BF_COUNTOF(no_action); i++) {
        s = bf_test_scenario(no_action[i]);
        REQUIRE(s);
        d = bf_diagnose(s, NULL, &err);
        REQUIRE(d);
        for (j = 0; j < d->finding_count; j++)
            if (strncmp(d->findings[j].id, "BF-DNS-", 7) == 0)
                CHECK_INT((int)d->findings[j].action_count, 0);
        CHECK(fd_find(d, "BF-DNS-UNUSABLE", NULL) != NULL);
        bf_diagnosis_destroy(d);
        bf_snapshot_destroy(s);
    }
}

BF_TEST(fix_dns_plan_apply_journal_round_trip_and_undo_put_back_exactly)
{
    bf_snapshot *s = bf_test_scenario("dns-publishes-vpn-2019");
    bf_diagnosis *d;
    const bf_finding *f;
    const bf_action *one[1];
    mem_machine mm;
    bf_fix_plan *p, *back;
    bf_buf notes, preview;
    bf_err err;
    const mem_item *ji;
    bool ex;
    bf_fix_opts o = {.service_timeout_ms = 1000, .hosts_backup_suffix = ".bindfix.bak"};
    REQUIRE(s);
    d = bf_diagnose(s, NULL, &err);
    REQUIRE(d);
    f = fd_find(d, "BF-DNS-UNUSABLE", "198.51.100.64");
    REQUIRE(f && f->action_count == 1);
    one[0] = &f->actions[0];
    fd_machine(&mm);
    bf_buf_init(&notes);
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    /* two reg-set steps, before read from the machine: DisableDynamicUpdate absent, RegistrationEnabled 1 */
    REQUIRE(p->step_count == 2);
    CHECK(p->steps[0].kind == BF_STEP_REG_SET && p->steps[1].kind == BF_STEP_REG_SET);
    CHECK_STR(p->steps[0].target, "HKLM\\" FD_KEY "\\DisableDynamicUpdate");
    CHECK_STR(p->steps[1].target, "HKLM\\" FD_KEY "\\RegistrationEnabled");
    CHECK(!p->steps[0].before.exists);
    CHECK(p->steps[1].before.exists && p->steps[1].before.type == 4 && p->steps[1].before.data[0] == 1);
    CHECK(p->steps[0].after.type == 4 && p->steps[0].after.len == 4 && p->steps[0].after.data[0] == 1);
    CHECK(p->steps[1].after.type == 4 && p->steps[1].after.len == 4 && p->steps[1].after.data[0] == 0);
    CHECK(bf_fix_dns_step(&p->steps[0]) && bf_fix_dns_step(&p->steps[1]));
    CHECK(!bf_fix_plan_has_dns(p));     /* nothing done yet */
    CHECK(strstr(bf_buf_cstr(&notes), "runs ipconfig /registerdns (not undone") != NULL);
    CHECK_INT(mm.changing_calls, 0);    /* planning changes nothing */
    bf_buf_init(&preview);
    bf_fix_plan_write_preview(p, &preview);
    CHECK(strstr(bf_buf_cstr(&preview), "DisableDynamicUpdate") != NULL);
    CHECK(strstr(bf_buf_cstr(&preview), "(absent)") != NULL);
    bf_buf_free(&preview);
    /* every step within the journal limits, and the machine check passes (the adapter's key exists) */
    CHECK(bf_fix_step_in_limits(&p->steps[0], &(const char *){NULL}));
    CHECK(bf_fix_journal_check(p, &mm.m, "plan", &err));
    REQUIRE(bf_fix_apply(p, &mm.m, FD_JOURNAL, &o, &err));
    CHECK(bf_fix_plan_has_dns(p));
    CHECK(!bf_fix_plan_restart_pending(p));
    CHECK_INT((int)fd_dword(&mm, "DisableDynamicUpdate", &ex), 1);
    CHECK(ex);
    CHECK_INT((int)fd_dword(&mm, "RegistrationEnabled", &ex), 0);
    CHECK(ex);
    /* the journal round trip: read back, same steps, undone from the file */
    ji = mem_find_file(&mm, FD_JOURNAL);
    REQUIRE(ji);
    back = bf_fix_journal_read((const char *)ji->v.data, ji->v.len, FD_JOURNAL, &err);
    REQUIRE(back);
    REQUIRE(back->step_count == 2);
    CHECK_STR(back->steps[1].key, FD_KEY);
    CHECK_STR(back->steps[1].value, "RegistrationEnabled");
    CHECK(back->steps[1].before.exists && back->steps[1].before.data[0] == 1);
    CHECK(bf_fix_journal_check(back, &mm.m, FD_JOURNAL, &err));
    REQUIRE(bf_fix_undo(back, &mm.m, FD_JOURNAL, NULL, &err));
    fd_dword(&mm, "DisableDynamicUpdate", &ex);
    CHECK(!ex);     /* absent again */
    CHECK_INT((int)fd_dword(&mm, "RegistrationEnabled", &ex), 1);
    CHECK(ex);
    bf_fix_plan_destroy(back);
    bf_fix_plan_destroy(p);
    /* already so: no step, said in the notes */
    bf_buf_reset(&notes);
    {
        static const unsigned char one4[4] = {1, 0, 0, 0}, zero4[4] = {0, 0, 0, 0};
        mem_set_reg(&mm, FD_KEY, "DisableDynamicUpdate", 4, one4, 4);
        mem_set_reg(&mm, FD_KEY, "RegistrationEnabled", 4, zero4, 4);
    }
    p = bf_fix_plan_build(s, one, 1, &mm.m, &o, &notes, &err);
    REQUIRE(p);
    CHECK_INT((int)p->step_count, 0);
    CHECK(strstr(bf_buf_cstr(&notes), "already registers nothing in DNS") != NULL);
    bf_fix_plan_destroy(p);
    /* an adapter= that is no GUID: refused by the journal's limits before anything is planned */
    {
        bf_action bad = f->actions[0];
        const bf_action *one_bad[1] = {&bad};
        bad.params.adapter = "{4444-not-a-guid}";
        bf_buf_reset(&notes);
        CHECK(bf_fix_plan_build(s, one_bad, 1, &mm.m, &o, &notes, &err) == NULL);
        CHECK(strstr(err.msg, "adapter={4444-not-a-guid}") != NULL);
    }
    bf_buf_free(&notes);
    mem_free(&mm);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
}

/* The machine's re-registration: counted; fails with Wine's answer when fd_register_fails is set. */
static int fd_register_calls;
static bool fd_register_fails;
static bool fd_register(void *ctx, bf_err *err)
{
    (void)ctx;
    fd_register_calls++;
    if (fd_register_fails)
        return bf_fail(err, "ipconfig /registerdns refused (exit code 1: Error: Unknown or invalid command line "
                            "parameters specified)");
    return true;
}

BF_TEST(fix_dns_session_registers_again_asks_dns_again_and_names_what_stays)
{
    bf_snapshot *before = bf_test_scenario("dns-publishes-vpn-2019"), *after = bf_test_scenario("dns-publishes-vpn-2019");
    bf_fake_system f;
    bf_repair_session *s = bf_session_create();
    mem_machine mm;
    bf_source live;
    bf_err err;
    bf_buf o;
    size_t k;
    bool ex, chosen = false;
    const char *t;
    REQUIRE(before && after && s);
    /* after the repair DNS still answers the VPN address: the record is the DNS server's until removed */
    bf_fake_init(&f);
    fd_machine(&mm);
    mm.m.dns_register = fd_register;
    fd_register_calls = 0;
    fd_register_fails = false;
    f.sys.machine = &mm.m;
    f.collect_source = before;
    bf_source_init(&live);
    REQUIRE(bf_session_scan(s, &f.sys, &live, &err));
    for (k = 0; k < s->action_count; k++) {
        s->chosen[k] = s->actions[k]->kind == BF_ACTION_DNS_REGISTRATION_OFF;
        chosen = chosen || s->chosen[k];
    }
    REQUIRE(chosen);
    REQUIRE(bf_session_plan(s, &f.sys, &err));
    s->journal = strdup(FD_JOURNAL);
    REQUIRE(s->journal);
    REQUIRE(bf_session_apply(s, &f.sys, NULL, &err));
    CHECK_INT(fd_register_calls, 0);    /* registering is no step: the verification does it */
    f.collect_source = after;
    REQUIRE(bf_session_verify(s, &f.sys, &err));
    CHECK_INT(fd_register_calls, 1);
    CHECK(f.last_opts.dns);             /* DNS asked again */
    CHECK(s->dns_checked && s->dns_registered);
    bf_buf_init(&o);
    bf_session_write_verification(s, &o);
    t = bf_buf_cstr(&o);
    CHECK(strstr(t, "\nDNS REGISTRATION (") != NULL);
    CHECK(strstr(t, "  ipconfig /registerdns: asked;") != NULL);
    CHECK(strstr(t, "  DNS answers srv01.example.com now: 192.0.2.10, 198.51.100.64\n") != NULL);
    CHECK(strstr(t, "  198.51.100.64 stays published: the record is the DNS administrator's to remove: dnscmd "
                    "/recorddelete example.com srv01 A 198.51.100.64 /f, or Remove-DnsServerResourceRecord -ZoneName "
                    "example.com -RRType A -Name srv01 -RecordData 198.51.100.64\n") != NULL);
    CHECK(strstr(t, "192.0.2.10 stays published") == NULL);
    if (bf_test_failures)
        printf("%s\n", t);
    /* the report's verification rows (the wizard's report): the registration, the answer, the record */
    {
        bf_report *r = bf_report_create(s->before, s->diagnosis, NULL);
        bf_buf rt;
        REQUIRE(r);
        REQUIRE(bf_session_report_dns(s, r));
        REQUIRE(r->check_count == 3);
        CHECK_STR(r->checks[0].protocol, "ipconfig /registerdns");
        CHECK(r->checks[0].passed);
        CHECK_STR(r->checks[1].protocol, "DNS answer");
        CHECK_STR(r->checks[1].address, "srv01.example.com");
        CHECK_STR(r->checks[1].after, "192.0.2.10, 198.51.100.64");
        CHECK(!r->checks[1].passed);    /* the VPN address is still published */
        CHECK_STR(r->checks[2].protocol, "DNS record");
        CHECK_STR(r->checks[2].address, "198.51.100.64");
        CHECK(strstr(r->checks[2].after, "dnscmd /recorddelete example.com srv01 A 198.51.100.64 /f") != NULL);
        CHECK(!r->checks[2].passed);
        bf_buf_init(&rt);
        REQUIRE(bf_report_write_text(r, &rt, &err));
        CHECK(strstr(bf_buf_cstr(&rt), "Remove-DnsServerResourceRecord -ZoneName example.com") != NULL);
        bf_buf_free(&rt);
        bf_report_destroy(r);
    }
    /* the registration cannot be asked (Wine's ipconfig): said, never called done; the registry change stays */
    fd_register_fails = true;
    REQUIRE(bf_session_verify(s, &f.sys, &err));
    CHECK(!s->dns_registered);
    bf_buf_reset(&o);
    bf_session_write_verification(s, &o);
    t = bf_buf_cstr(&o);
    CHECK(strstr(t, "  ipconfig /registerdns: NOT DONE: ipconfig /registerdns refused (exit code 1: Error: Unknown") != NULL);
    CHECK(strstr(t, "The registry change stays made") != NULL);
    CHECK(strstr(t, "ipconfig /registerdns: asked") == NULL);
    CHECK_INT((int)fd_dword(&mm, "RegistrationEnabled", &ex), 0);
    /* undo: the values back, registered again, DNS asked again */
    fd_register_fails = false;
    REQUIRE(bf_session_undo(s, &f.sys, NULL, &err));
    REQUIRE(bf_session_check_undo(s, &f.sys, &err));
    CHECK_INT(fd_register_calls, 3);
    CHECK(s->dns_checked && s->dns_registered);
    CHECK_INT((int)fd_dword(&mm, "RegistrationEnabled", &ex), 1);
    fd_dword(&mm, "DisableDynamicUpdate", &ex);
    CHECK(!ex);
    bf_buf_reset(&o);
    bf_session_write_dns(s, &o);
    CHECK(strstr(bf_buf_cstr(&o), "DNS answers srv01.example.com now: ") != NULL);
    bf_buf_free(&o);
    bf_session_destroy(s);
    mem_free(&mm);
    bf_fake_free(&f);
    bf_snapshot_destroy(before);
    bf_snapshot_destroy(after);
}
