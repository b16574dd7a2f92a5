/*
 * bindrules.h - Windows' documented outcome of a second bind() to a port another socket holds, by the
 * two sockets' options, wildcard or specific address, and same or different user account: the three
 * tables of "Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE" (learn.microsoft.com, Windows Sockets 2;
 * MicrosoftDocs/win32 desktop-src/WinSock/using-so-reuseaddr-and-so-exclusiveaddruse.md), as data.
 *
 * bindfix's bind probe sets SO_EXCLUSIVEADDRUSE so that any holder shows (the page's own advice); a
 * service binds with its own options (the catalogue's "socket-options", default none) as its own
 * account. The probe's raw answer and the service's predicted one can differ: an exclusive wildcard
 * probe gets 10048 where a service binding the wildcard without options beside a specific-address
 * listener succeeds. bf_bind_predict says what the service would get; the scan shows both when they
 * differ.
 */
#ifndef BF_BINDRULES_H
#define BF_BINDRULES_H

#include "model.h"

/* bf_sockopt (none, reuseaddr, exclusiveaddruse) is in model.h, beside the endpoint that carries it. */
/* bf_sockopt_token / bf_sockopt_parse: model.h */

typedef enum bf_bind_outcome {
    BF_BIND_SUCCESS = 0,        /* "Success" */
    BF_BIND_INUSE,              /* "INUSE": WSAEADDRINUSE 10048 */
    BF_BIND_ACCESS              /* "ACCESS": WSAEACCES 10013 */
} bf_bind_outcome;

typedef enum bf_bind_era {
    BF_BIND_ERA_XP = 0,         /* Windows XP and earlier: the first table (the account does not matter) */
    BF_BIND_ERA_2003            /* Windows Server 2003 and later ("enhanced socket security"): same account,
                                 * or different account */
} bf_bind_era;

/* The documented cell: the first socket (options, wildcard or specific) holds the port; the second
 * binds the same port on the wildcard or on the same specific address. (Two different specific
 * addresses never conflict: the page says so, and this function is not asked.) */
bf_bind_outcome bf_bind_rule(bf_bind_era era, bf_sockopt first, bool first_wildcard, bf_sockopt second,
                             bool second_wildcard, bool same_account);

/* The era of a snapshot's Windows (5.2 and later: 2003; unknown: 2003). */
bf_bind_era bf_bind_era_of(const bf_snapshot *s);

/* What the endpoint's service would get binding p->address with its own options (e->sockopt) as its
 * own account, given the listener table: the holder's options are not visible, so a listener is taken
 * as having none (the default) unless it is the service itself. A probe that did not meet a holder
 * (ok, 10049, other) is its own prediction. */
bf_probe_result bf_bind_predict(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p);

#endif
