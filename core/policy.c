/* policy.c - see policy.h. */
#include "policy.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* RFC 6724 section 2.1; Windows Vista and later ship the same table (netsh shows it in this order). */
static const bf_prefix_policy default_table[] = {
    {"::1/128", 50, 0},  {"::/0", 40, 1},     {"::ffff:0:0/96", 35, 4}, {"2002::/16", 30, 2},  {"2001::/32", 5, 5},
    {"fc00::/7", 3, 13}, {"::/96", 1, 3},     {"fec0::/10", 1, 11},     {"3ffe::/16", 1, 12},
};
/* The default with DisabledComponents 0x20: IPv4 (::ffff:0:0/96) above every IPv6 prefix. */
static const bf_prefix_policy prefer_ipv4_table[] = {
    {"::1/128", 50, 0},  {"::/0", 40, 1},     {"::ffff:0:0/96", 100, 4}, {"2002::/16", 30, 2},  {"2001::/32", 5, 5},
    {"fc00::/7", 3, 13}, {"::/96", 1, 3},     {"fec0::/10", 1, 11},      {"3ffe::/16", 1, 12},
};
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const bf_prefix_policy *bf_policy_default_table(size_t *count)
{
    *count = COUNT(default_table);
    return default_table;
}

bool bf_policy_parse_prefix(const char *text, unsigned char addr[16], int *length)
{
    char tmp[64];
    const char *slash = strchr(text, '/');
    size_t n;
    long v = 0;
    const char *p;
    if (!slash || (n = (size_t)(slash - text)) == 0 || n >= sizeof tmp || !slash[1] || strlen(slash + 1) > 3)
        return false;
    for (p = slash + 1; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        v = v * 10 + (*p - '0');
    }
    if (v > 128)
        return false;
    memcpy(tmp, text, n);
    tmp[n] = '\0';
    if (strchr(tmp, '%') || !bf_addr_parse_ipv6(tmp, addr))
        return false;
    *length = (int)v;
    return true;
}

static bool matches(const unsigned char a[16], const unsigned char pfx[16], int len)
{
    int full = len / 8, rest = len % 8;
    if (memcmp(a, pfx, (size_t)full) != 0)
        return false;
    if (rest) {
        unsigned char mask = (unsigned char)(0xFF << (8 - rest));
        if ((a[full] & mask) != (pfx[full] & mask))
            return false;
    }
    return true;
}

/* The address as 16 bytes: IPv6 as written, IPv4 as ::ffff:a.b.c.d (RFC 6724 section 2.1). */
static bool address_bytes(const char *address, unsigned char out[16])
{
    char mapped[64];
    if (bf_addr_is_ipv6(address))
        return bf_addr_parse_ipv6(address, out);
    if (strlen(address) > 15)
        return false;
    snprintf(mapped, sizeof mapped, "::ffff:%s", address);
    return bf_addr_parse_ipv6(mapped, out);
}

static const bf_prefix_policy *table_for(const bf_snapshot *s, long long dc, size_t *count)
{
    const bf_ipv6_policy *p = &s->ipv6_policy;
    if (p->status == BF_SECTION_OK && p->policy_count) {
        *count = p->policy_count;
        return p->policies;
    }
    if (dc >= 0 && (dc & BF_DC_PREFER_IPV4)) {
        *count = COUNT(prefer_ipv4_table);
        return prefer_ipv4_table;
    }
    return bf_policy_default_table(count);
}

const bf_prefix_policy *bf_policy_table(const bf_snapshot *s, size_t *count)
{
    return table_for(s, s->ipv6_policy.disabled_components, count);
}

static int precedence_in(const bf_prefix_policy *t, size_t n, const char *address, const bf_prefix_policy **row)
{
    unsigned char a[16], pfx[16];
    int best_len = -1, best = -1, len;
    size_t i;
    if (row)
        *row = NULL;
    if (!address_bytes(address, a))
        return -1;
    for (i = 0; i < n; i++)
        if (bf_policy_parse_prefix(t[i].prefix, pfx, &len) && len > best_len && matches(a, pfx, len)) {
            best_len = len;
            best = t[i].precedence;
            if (row)
                *row = &t[i];
        }
    return best;
}

int bf_policy_precedence(const bf_snapshot *s, const char *address, const bf_prefix_policy **row)
{
    size_t n;
    const bf_prefix_policy *t = bf_policy_table(s, &n);
    return precedence_in(t, n, address, row);
}

bool bf_policy_known(const bf_snapshot *s)
{
    return (s->ipv6_policy.status == BF_SECTION_OK && s->ipv6_policy.policy_count) ||
           s->ipv6_policy.disabled_components >= -1;
}

typedef struct prec_key {
    int precedence;
    size_t pos;
    const char *address;
} prec_key;

static int cmp_prec(const void *a, const void *b)
{
    const prec_key *x = a, *y = b;
    if (x->precedence != y->precedence)
        return x->precedence > y->precedence ? -1 : 1;
    return (x->pos > y->pos) - (x->pos < y->pos);
}

/* The table after a change of DisabledComponents from `now` to `then`: Windows rewrites the IPv4 row
 * (::ffff:0:0/96) at start-up when the prefer-IPv4 bit is set (precedence 100, above ::/0) and puts the
 * default back when it is cleared; the other rows are the administrator's and stay. */
static bf_prefix_policy *table_after(const bf_prefix_policy *t, size_t n, long long now, long long then)
{
    bool before = now >= 0 && (now & BF_DC_PREFER_IPV4), after = then >= 0 && (then & BF_DC_PREFER_IPV4);
    bf_prefix_policy *copy;
    size_t i;
    if (before == after || !(copy = malloc((n ? n : 1) * sizeof *copy)))
        return NULL;
    memcpy(copy, t, n * sizeof *copy);
    for (i = 0; i < n; i++) {
        unsigned char pfx[16];
        int len;
        static const unsigned char v4[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0, 0, 0, 0};
        if (bf_policy_parse_prefix(copy[i].prefix, pfx, &len) && len == 96 && memcmp(pfx, v4, 16) == 0)
            copy[i].precedence = after ? 100 : 35;
    }
    return copy;
}

bool bf_policy_sort(const bf_snapshot *s, long long dc_override, const char **list, size_t n)
{
    size_t count, i;
    long long now = s->ipv6_policy.disabled_components;
    const bf_prefix_policy *t = table_for(s, now, &count);
    bf_prefix_policy *changed = NULL;
    prec_key *keys;
    if (n < 2)
        return true;
    if (dc_override >= -1) {
        if (s->ipv6_policy.status == BF_SECTION_OK && s->ipv6_policy.policy_count)
            changed = table_after(t, count, now, dc_override);
        else
            t = table_for(s, dc_override, &count);
    }
    keys = malloc(n * sizeof *keys);
    if (!keys) {
        free(changed);
        return false;
    }
    for (i = 0; i < n; i++) {
        keys[i].precedence = precedence_in(changed ? changed : t, count, list[i], NULL);
        keys[i].pos = i;
        keys[i].address = list[i];
    }
    free(changed);
    qsort(keys, n, sizeof *keys, cmp_prec);
    for (i = 0; i < n; i++)
        list[i] = keys[i].address;
    free(keys);
    return true;
}

bool bf_policy_reg_needs_restart(const char *key, const char *value)
{
    return key && value && bf_ascii_eq_ci(key, BF_POLICY_DC_KEY) && bf_ascii_eq_ci(value, BF_POLICY_DC_VALUE);
}

bool bf_policy_dc_disables_native(long long value)
{
    return value >= 0 && (value & BF_DC_NATIVE_OFF);
}

void bf_policy_dc_text(long long value, char *buf, size_t size)
{
    char parts[200] = "";
    if (value == -2) {
        snprintf(buf, size, "not read");
        return;
    }
    if (value == -1) {
        snprintf(buf, size, "absent (IPv6 enabled, default prefix policies)");
        return;
    }
    if ((value & 0xFF) == 0xFF)
        strcat(parts, ", IPv6 off on every interface but loopback");
    else {
        if (value & BF_DC_NATIVE_OFF)
            strcat(parts, ", IPv6 off on non-tunnel interfaces");
        if (value & BF_DC_TUNNELS_OFF)
            strcat(parts, ", tunnel interfaces off");
        if (value & BF_DC_PREFER_IPV4)
            strcat(parts, ", prefer IPv4 over IPv6");
    }
    snprintf(buf, size, "0x%llX (%s)", (unsigned long long)value, parts[0] ? parts + 2 : "IPv6 enabled");
}

/* ---- netsh interface ipv6 show prefixpolicies ---- */

static const char *skip_space(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    return p;
}

/* A decimal field of at most 10 digits (precedence and label are ULONGs) ending in a blank. */
static bool number_field(const char **pp, const char *end, long long *out)
{
    const char *p = *pp;
    long long v = 0;
    int digits = 0;
    while (p < end && *p >= '0' && *p <= '9' && digits < 11) {
        v = v * 10 + (*p - '0');
        p++;
        digits++;
    }
    if (!digits || digits > 10 || (p < end && *p != ' ' && *p != '\t'))
        return false;
    *out = v;
    *pp = p;
    return true;
}

static void set_problem(bf_snapshot *s, int line, const char *why)
{
    s->ipv6_policy.status = BF_SECTION_MALFORMED;
    s->ipv6_policy.problem = bf_arena_printf(s->arena, "line %d: %s", line, why);
    s->ipv6_policy.policy_count = 0;
}

bool bf_policy_parse_netsh(bf_snapshot *s, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    int line = 0;
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB && (unsigned char)text[2] == 0xBF)
        p += 3;
    s->ipv6_policy.source = "netsh interface ipv6 show prefixpolicies";
    s->ipv6_policy.problem = "";
    s->ipv6_policy.status = BF_SECTION_OK;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *q, *f;
        long long prec, label;
        unsigned char pfx[16];
        int plen;
        char prefix[64];
        size_t flen;
        bf_prefix_policy *row;
        if (!eol)
            eol = end;
        line++;
        q = skip_space(p, eol);
        if (q < eol && *q >= '0' && *q <= '9') {
            const char *stop = eol;
            if (stop > q && stop[-1] == '\r')
                stop--;
            bool numbers = number_field(&q, stop, &prec);
            if (numbers) {
                q = skip_space(q, stop);
                numbers = number_field(&q, stop, &label);
            }
            if (!numbers) {
                set_problem(s, line, "a row must begin with two decimal numbers (precedence, label)");
                return true;
            }
            f = skip_space(q, stop);
            q = f;
            while (q < stop && *q != ' ' && *q != '\t')
                q++;
            flen = (size_t)(q - f);
            if (skip_space(q, stop) != stop || flen == 0 || flen >= sizeof prefix) {
                set_problem(s, line, "a row must be precedence, label and one prefix");
                return true;
            }
            memcpy(prefix, f, flen);
            prefix[flen] = '\0';
            if (!bf_policy_parse_prefix(prefix, pfx, &plen)) {
                set_problem(s, line, "the third column is not an IPv6 prefix (address/length)");
                return true;
            }
            if (prec > 0x7FFFFFFF || label > 0x7FFFFFFF) {
                set_problem(s, line, "precedence or label out of range");
                return true;
            }
            row = BF_PUSH(s->arena, s->ipv6_policy.policies, s->ipv6_policy.policy_count, s->ipv6_policy.policy_cap);
            if (!row)
                return false;
            row->prefix = bf_arena_strdup(s->arena, prefix);
            row->precedence = (int)prec;
            row->label = (int)label;
            if (!row->prefix)
                return false;
        }
        p = eol < end ? eol + 1 : end;
    }
    if (!s->ipv6_policy.policy_count) {
        s->ipv6_policy.status = BF_SECTION_MALFORMED;
        s->ipv6_policy.problem = "no prefix policy row (precedence, label, prefix) in the output";
    }
    return true;
}
