/* fix_dns.c - the repair of BF-DNS-UNUSABLE (issue 16 part 1): the adapter that registers an address
 * clients cannot use stops registering its addresses in DNS.
 *
 * What is written, per adapter, under HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters\
 * Interfaces\{GUID} (two reg-set steps, each journaled and undone like any registry value):
 *   DisableDynamicUpdate = 1 (REG_DWORD, 0-1, default 0): the per-adapter value Microsoft documents in
 *     KB 246804 ("How to enable or disable DNS updates in Windows", forward and reverse per adapter;
 *     the current article applies to Windows 10 and Windows Server 2012 R2 to 2019) and in the unattend
 *     setting Microsoft-Windows-DNS-Client | Interfaces | Interface | DisableDynamicUpdate;
 *   RegistrationEnabled = 0 (REG_DWORD): the adapter's "Register this connection's addresses in DNS"
 *     check box, the value Set-DnsClient -RegisterThisConnectionsAddress writes. Microsoft does not
 *     document it as a registry value; it is written because DisableDynamicUpdate alone does not stop
 *     the registration that `ipconfig /registerdns` makes (observed: tailscale pull request 13412).
 * The DNS client reads both when it registers. Registering again (ipconfig /registerdns) is not a step:
 * it changes no setting that undo could put back, and its failure must not roll the registry back; the
 * repair session runs it after apply and after undo (bf_machine.dns_register) and asks DNS again. */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

#define DNS_IF_KEY "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\"

/* The values this repair writes, and what each is set to. */
static const struct {
    const char *value;
    unsigned char after;
} dns_values[] = {
    {"DisableDynamicUpdate", 1},
    {"RegistrationEnabled", 0},
};

bool bf_fix_dns_value(const char *value)
{
    size_t i;
    for (i = 0; i < BF_COUNTOF(dns_values); i++)
        if (bf_ascii_eq_ci(value, dns_values[i].value))
            return true;
    return false;
}

bool bf_fix_dns_step(const bf_fix_step *s)
{
    size_t n = strlen(DNS_IF_KEY);
    return s->kind == BF_STEP_REG_SET && s->key && s->value && strlen(s->key) > n &&
           bf_ascii_eq_ci_n(s->key, n, DNS_IF_KEY) && bf_fix_dns_value(s->value);
}

bool bf_fix_plan_has_dns(const bf_fix_plan *p)
{
    size_t i;
    for (i = 0; p && i < p->step_count; i++)
        if (bf_fix_dns_step(&p->steps[i]) && (p->steps[i].status == BF_STEP_DONE || p->steps[i].status == BF_STEP_UNDONE ||
                                              p->steps[i].status == BF_STEP_DOING))
            return true;
    return false;
}

bool bf_fix_plan_dns_registration(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes, bf_err *err)
{
    const char *guid = a->params.adapter;
    char *key;
    size_t i, planned = 0;
    const char *why = NULL;
    if (!guid || guid[0] != '{' || strchr(guid, '\\'))
        return bf_fail(err, "action dns-registration-off needs adapter={GUID}");
    key = bf_arena_printf(p->arena, DNS_IF_KEY "%s", guid);
    if (!key)
        return bf_fail(err, "out of memory");
    for (i = 0; i < BF_COUNTOF(dns_values); i++) {
        bf_regval cur = {0};
        bf_fix_step *s;
        unsigned char a4[4] = {dns_values[i].after, 0, 0, 0};
        if (!m->reg_read(m->ctx, key, dns_values[i].value, &cur, err))
            return false;
        if (cur.exists && cur.type == 4 && cur.len == 4 && memcmp(cur.data, a4, 4) == 0) {
            bf_regval_free(&cur);
            continue;   /* already so: nothing to change there */
        }
        s = bf_fix_plan_insert_step(p, p->step_count, BF_STEP_REG_SET,
                                    bf_arena_printf(p->arena, "%s (%s = %u)", a->title, dns_values[i].value,
                                                    (unsigned)dns_values[i].after),
                                    bf_arena_printf(p->arena, "HKLM\\%s\\%s", key, dns_values[i].value));
        if (!s) {
            bf_regval_free(&cur);
            return bf_fail(err, "out of memory");
        }
        s->before = cur;    /* the step owns the value read (absent or not): undo puts exactly it back */
        s->after.data = malloc(4);
        if (!s->after.data)
            return bf_fail(err, "out of memory");
        memcpy(s->after.data, a4, 4);
        s->after.len = 4;
        s->after.type = 4;
        s->after.exists = true;
        s->key = key;
        s->value = bf_arena_strdup(p->arena, dns_values[i].value);
        s->lasts = "persistent";
        /* the journal's limits (one adapter's key exactly, a REG_DWORD 0 or 1) hold for what is planned too:
         * an adapter= that is no GUID stops here */
        if (!bf_fix_step_in_limits(s, &why))
            return bf_fail(err, "action dns-registration-off: adapter=%s: %s", guid, why ? why : "outside the limits");
        planned++;
    }
    if (!planned)
        bf_buf_printf(notes, "dns-registration-off: %s already registers nothing in DNS\n", guid);
    else
        bf_buf_puts(notes, "dns-registration-off: after the change bindfix runs ipconfig /registerdns (not undone: it "
                           "changes no setting) and asks DNS again; the record already published stays until the DNS "
                           "administrator removes it (the verification gives the command)\n");
    return true;
}
