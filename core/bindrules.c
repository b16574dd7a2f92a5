/* bindrules.c - the tables of "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" as data (bindrules.h). */
#include "bindrules.h"

#include <ctype.h>
#include <string.h>

#include "base.h"

/* service names compare without case, as the Service Control Manager compares them */
static bool same_name(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
            return false;
    return *a == *b;
}

#define S BF_BIND_SUCCESS
#define I BF_BIND_INUSE
#define A BF_BIND_ACCESS

/* [first bind: option * 2 + specific][second bind: option * 2 + specific], the page's rows and columns
 * in its order: Default, SO_REUSEADDR, SO_EXCLUSIVEADDRUSE, each Wildcard then Specific. */
static const unsigned char table_xp[6][6] = {
    /* Default Wildcard */ {I, I, S, S, I, I},
    /* Default Specific */ {I, I, S, S, I, I},
    /* REUSEADDR W      */ {I, I, S, S, I, I},
    /* REUSEADDR S      */ {I, I, S, S, I, I},
    /* EXCLUSIVE W      */ {I, I, A, A, I, I},
    /* EXCLUSIVE S      */ {I, I, A, A, I, I},
};

/* Windows Server 2003 and later, both binds under the same user account */
static const unsigned char table_2003_same[6][6] = {
    {I, S, A, S, I, S},
    {S, I, S, A, I, I},
    {I, S, S, S, I, S},
    {S, I, S, S, I, I},
    {I, A, A, A, I, A},
    {S, I, S, A, I, I},
};

/* Windows Server 2003 and later, the second bind under a different user account */
static const unsigned char table_2003_other[6][6] = {
    {I, A, A, A, I, A},
    {S, I, S, A, I, I},
    {I, A, S, S, I, A},
    {S, I, S, S, I, I},
    {I, A, A, A, I, A},
    {S, I, S, A, I, I},
};

#undef S
#undef I
#undef A

bf_bind_outcome bf_bind_rule(bf_bind_era era, bf_sockopt first, bool first_wildcard, bf_sockopt second,
                             bool second_wildcard, bool same_account)
{
    int row = (int)first * 2 + (first_wildcard ? 0 : 1), col = (int)second * 2 + (second_wildcard ? 0 : 1);
    if (row < 0 || row > 5 || col < 0 || col > 5)
        return BF_BIND_INUSE;
    if (era == BF_BIND_ERA_XP)
        return (bf_bind_outcome)table_xp[row][col];
    return (bf_bind_outcome)(same_account ? table_2003_same : table_2003_other)[row][col];
}

bf_bind_era bf_bind_era_of(const bf_snapshot *s)
{
    if (s->os.major < 0)
        return BF_BIND_ERA_2003;
    return s->os.major > 5 || (s->os.major == 5 && s->os.minor >= 2) ? BF_BIND_ERA_2003 : BF_BIND_ERA_XP;
}

static bf_probe_result result_of(bf_bind_outcome o)
{
    return o == BF_BIND_SUCCESS ? BF_PROBE_OK : o == BF_BIND_ACCESS ? BF_PROBE_ACCESS : BF_PROBE_ADDRINUSE;
}

bf_probe_result bf_bind_predict(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p)
{
    bool wildcard = bf_addr_is_wildcard(p->address), met = false;
    bf_probe_result worst = BF_PROBE_OK;
    if (p->result != BF_PROBE_ADDRINUSE && p->result != BF_PROBE_ACCESS)
        return p->result;
    for (size_t i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        bool l_wild = bf_addr_is_wildcard(l->address);
        if (l->port != e->port || strcmp(l->transport, e->transport) != 0 ||
            bf_addr_is_ipv6(l->address) != bf_addr_is_ipv6(p->address))
            continue;
        if (!l_wild && !wildcard && !bf_addr_equal(l->address, p->address))
            continue;   /* two different specific addresses: no conflict */
        bool own = false;
        for (size_t k = 0; k < l->service_count && e->service && e->service[0]; k++)
            own = own || same_name(l->services[k], e->service);
        met = true;
        bf_probe_result r = result_of(bf_bind_rule(bf_bind_era_of(s), own ? e->sockopt : BF_SOCKOPT_NONE, l_wild,
                                                   e->sockopt, wildcard, own));
        if (r != BF_PROBE_OK && (worst == BF_PROBE_OK || r == BF_PROBE_ACCESS))
            worst = r;
    }
    /* no listener in the table explains the probe's answer: the probe's answer stands */
    return met ? worst : p->result;
}
