/* resolver.c - what the host's own name resolves to, per API, in the order returned. gethostbyname is
 * what Exchange 5.5 and its contemporaries call before binding (the KB's mechanism); getaddrinfo is what
 * newer services call. Both are asked for the short name and for the FQDN. */
#include "collect_priv.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

static void by_gethostbyname(bf_snapshot *s, const char *name)
{
    bf_resolution *r = bf_snap_add_resolution(s, "gethostbyname", name);
    const struct hostent *h;
    int i;
    if (!r)
        return;
    h = gethostbyname(name);
    if (!h) {
        r->error = WSAGetLastError();
        return;
    }
    r->error = 0;
    if (h->h_addrtype != AF_INET || h->h_length != 4)
        return;
    for (i = 0; h->h_addr_list[i] && i < 256; i++) {
        char text[INET_ADDRSTRLEN];
        if (bfsys_inet_ntop(AF_INET, h->h_addr_list[i], text, sizeof text))
            bf_resolution_add_address(s, r, text);
    }
}

static void by_getaddrinfo(bf_snapshot *s, const char *name)
{
    bf_resolution *r = bf_snap_add_resolution(s, "getaddrinfo", name);
    ADDRINFOW hints, *res = NULL, *ai;
    WCHAR *wname;
    int rc, n = 0;
    if (!r)
        return;
    wname = bfsys_utf8_to_wide(name);
    if (!wname) {
        r->error = WSA_NOT_ENOUGH_MEMORY;
        return;
    }
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;  /* one answer per address, not one per socket type */
    rc = GetAddrInfoW(wname, NULL, &hints, &res);
    free(wname);
    r->error = rc;
    if (rc != 0)
        return;
    for (ai = res; ai && n < 256; ai = ai->ai_next, n++) {
        char text[INET6_ADDRSTRLEN];
        const void *src = NULL;
        size_t k;
        bool seen = false;
        if (ai->ai_family == AF_INET)
            src = &((const SOCKADDR_IN *)ai->ai_addr)->sin_addr;
        else if (ai->ai_family == AF_INET6)
            src = &((const SOCKADDR_IN6 *)ai->ai_addr)->sin6_addr;
        if (!src || !bfsys_inet_ntop(ai->ai_family, src, text, sizeof text))
            continue;
        for (k = 0; k < r->address_count; k++)
            seen = seen || strcmp(r->addresses[k], text) == 0;
        if (!seen)
            bf_resolution_add_address(s, r, text);
    }
    FreeAddrInfoW(res);
}

DWORD bfsys_collect_resolver(bf_snapshot *s)
{
    if (s->hostname[0]) {
        by_gethostbyname(s, s->hostname);
        by_getaddrinfo(s, s->hostname);
    }
    if (s->fqdn[0] && strcmp(s->fqdn, s->hostname) != 0) {
        by_gethostbyname(s, s->fqdn);
        by_getaddrinfo(s, s->fqdn);
    }
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
