/* outbound.c - the source address the stack picks toward each default gateway (issue 16 part 4) into
 * snap->outbound: what SMTP HELO, replication and monitoring send from, which a SkipAsSource or metric
 * repair changes.
 *
 * A UDP socket connected to the destination and asked getsockname: connect on a datagram socket only
 * sets the default peer (Winsock "connect": no packet is sent), and the stack fills in the source
 * address its route and source selection (RFC 6724 source rules, SkipAsSource) chose. GetBestRoute2
 * (Vista and later) answers the same without a socket; the socket is the way every Windows version and
 * Wine share, so it is the one used. The destinations are the default gateways the adapters report
 * (on-link peers; nothing else is asked about). */
#include "collect_priv.h"

#include <string.h>

#define OUTBOUND_MAX 16     /* gateways asked about: a sample, not every route */

static void source_toward(bf_snapshot *s, bf_outbound *o)
{
    ADDRINFOA hints, *res = NULL;
    SOCKET sock;
    SOCKADDR_STORAGE local;
    int len = (int)sizeof local;
    char text[INET6_ADDRSTRLEN + 8];
    DWORD tlen = sizeof text;
    memset(&hints, 0, sizeof hints);
    hints.ai_flags = AI_NUMERICHOST;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_protocol = IPPROTO_UDP;
    if (getaddrinfo(o->destination, "9", &hints, &res) != 0 || !res) {   /* port 9 (discard): nothing is sent */
        o->error = WSAGetLastError();
        return;
    }
    sock = socket(res->ai_family, SOCK_DGRAM, IPPROTO_UDP);
    if (sock == INVALID_SOCKET) {
        o->error = WSAGetLastError();
        freeaddrinfo(res);
        return;
    }
    if (connect(sock, res->ai_addr, (int)res->ai_addrlen) != 0 || getsockname(sock, (SOCKADDR *)&local, &len) != 0)
        o->error = WSAGetLastError();
    else {
        if (local.ss_family == AF_INET6)
            ((SOCKADDR_IN6 *)&local)->sin6_port = 0, ((SOCKADDR_IN6 *)&local)->sin6_scope_id = 0;
        else
            ((SOCKADDR_IN *)&local)->sin_port = 0;
        if (WSAAddressToStringA((SOCKADDR *)&local, (DWORD)len, NULL, text, &tlen) == 0)
            o->source = bf_arena_strdup(s->arena, text);
        else
            o->error = WSAGetLastError();
    }
    closesocket(sock);
    freeaddrinfo(res);
}

DWORD bfsys_collect_outbound(bf_snapshot *s)
{
    size_t i, j;
    for (i = 0; i < s->adapter_count && s->outbound_count < OUTBOUND_MAX; i++) {
        const bf_adapter *a = &s->adapters[i];
        bf_outbound *o;
        bool seen = false;
        if (!a->gateway[0] || a->status != BF_OPER_UP)
            continue;
        for (j = 0; j < s->outbound_count; j++)
            seen = seen || bf_addr_equal(s->outbound[j].destination, a->gateway);
        if (seen)
            continue;
        o = BF_PUSH(s->arena, s->outbound, s->outbound_count, s->outbound_cap);
        if (!o)
            return ERROR_NOT_ENOUGH_MEMORY;
        o->destination = a->gateway;
        o->source = "";
        o->error = 0;
        source_toward(s, o);
    }
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
