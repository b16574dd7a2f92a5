/* portranges.c - see portranges.h. */
#include "portranges.h"

#include <stdlib.h>
#include <string.h>

bf_port_range *bf_port_ranges_add(bf_snapshot *s, const char *transport, int family, int start, int end,
                                  bool administered, const char *kind)
{
    bf_port_range *r;
    char *t = bf_arena_strdup(s->arena, transport), *k = bf_arena_strdup(s->arena, kind);
    if (!t || !k)
        return NULL;
    r = BF_PUSH(s->arena, s->port_ranges.ranges, s->port_ranges.range_count, s->port_ranges.range_cap);
    if (!r)
        return NULL;
    r->transport = t;
    r->family = family;
    r->start = start;
    r->end = end;
    r->administered = administered;
    r->kind = k;
    return r;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* A decimal number of at most 6 digits at *p (leading spaces skipped); -1 when there is none. The
 * digits must end at a space, the line's end or `stop`. */
static long number_at(const char **p, const char *end, char stop)
{
    const char *q = *p;
    long v = 0;
    int digits = 0;
    while (q < end && is_space(*q))
        q++;
    while (q < end && *q >= '0' && *q <= '9') {
        if (++digits > 6)
            return -1;
        v = v * 10 + (*q - '0');
        q++;
    }
    if (!digits || (q < end && !is_space(*q) && *q != stop))
        return -1;
    *p = q;
    return v;
}

bool bf_port_ranges_parse_netsh_excluded(bf_snapshot *s, const char *text, size_t len, const char *transport,
                                         int family, bf_err *err)
{
    const char *p = text, *end = text + len;
    int line = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *q = p;
        long start, last;
        bool admin = false;
        if (!eol)
            eol = end;
        line++;
        while (q < eol && is_space(*q))
            q++;
        if (q < eol && *q >= '0' && *q <= '9') {
            start = number_at(&q, eol, 0);
            last = start < 0 ? -1 : number_at(&q, eol, 0);
            if (start < 1 || start > 65535 || last < 1 || last > 65535 || last < start)
                return bf_fail(err, "excluded port ranges, line %d: expected two ports 1..65535, start first", line);
            while (q < eol && is_space(*q))
                q++;
            if (q < eol && *q == '*') {
                admin = true;
                q++;
                while (q < eol && is_space(*q))
                    q++;
            }
            if (q < eol)
                return bf_fail(err, "excluded port ranges, line %d: unexpected text after the ports", line);
            if (!bf_port_ranges_add(s, transport, family, (int)start, (int)last, admin, "excluded"))
                return bf_fail(err, "out of memory");
        }
        p = eol < end ? eol + 1 : end;
    }
    return true;
}

bool bf_port_ranges_parse_netsh_dynamic(const char *text, size_t len, int *start, int *count, bf_err *err)
{
    const char *p = text, *end = text + len;
    long found[2] = {-1, -1};
    int n = 0, line = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p)), *colon = NULL, *q;
        if (!eol)
            eol = end;
        line++;
        for (q = p; q < eol; q++)
            if (*q == ':')
                colon = q;
        if (colon) {
            long v;
            q = colon + 1;
            v = number_at(&q, eol, 0);
            while (q < eol && is_space(*q))
                q++;
            if (v >= 0 && q == eol) {
                if (n == 2)
                    return bf_fail(err, "dynamic port range, line %d: more than two numbers", line);
                found[n++] = v;
            }
        }
        p = eol < end ? eol + 1 : end;
    }
    if (n != 2)
        return bf_fail(err, "dynamic port range: expected a start port and a number of ports, found %d number%s", n,
                       n == 1 ? "" : "s");
    if (found[0] < 1 || found[0] > 65535 || found[1] < 1 || found[0] + found[1] - 1 > 65535)
        return bf_fail(err, "dynamic port range: %ld ports from %ld do not fit in 1..65535", found[1], found[0]);
    *start = (int)found[0];
    *count = (int)found[1];
    return true;
}

bool bf_port_ranges_parse_reserved(bf_snapshot *s, char *const *items, size_t n, bf_err *err)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const char *q = items[i], *end = q + strlen(q);
        long a = number_at(&q, end, '-'), b = a;
        if (a >= 0 && q < end && *q == '-') {
            q++;
            b = number_at(&q, end, 0);
        }
        while (q < end && is_space(*q))
            q++;
        if (a < 1 || a > 65535 || b < a || b > 65535 || q != end)
            return bf_fail(err, "ReservedPorts entry %zu is not a port or a range START-END of ports 1..65535", i + 1);
        if (!bf_port_ranges_add(s, "tcp", 4, (int)a, (int)b, true, "reserved") ||
            !bf_port_ranges_add(s, "udp", 4, (int)a, (int)b, true, "reserved"))
            return bf_fail(err, "out of memory");
    }
    return true;
}

const bf_port_range *bf_port_ranges_find(const bf_port_ranges *pr, const char *transport, int family, int port)
{
    size_t i;
    for (i = 0; i < pr->range_count; i++) {
        const bf_port_range *r = &pr->ranges[i];
        if (r->family == family && port >= r->start && port <= r->end && bf_ascii_eq_ci(r->transport, transport))
            return r;
    }
    return NULL;
}

const char *const bf_port_range_reservers[BF_PORT_RESERVER_COUNT] = {"winnat", "hns", "vmcompute"};

static bool mentions_10013(const char *text)
{
    const char *t = text;
    while (t && (t = strstr(t, "10013")) != NULL) {
        /* the number itself, not a part of a longer one (110013, 100130) */
        bool before = t == text || t[-1] < '0' || t[-1] > '9';
        bool after = t[5] < '0' || t[5] > '9';
        if (before && after)
            return true;
        t += 5;
    }
    return false;
}

bool bf_port_ranges_symptom_seen(const bf_snapshot *s)
{
    size_t i, j;
    for (i = 0; i < s->endpoint_count; i++)
        for (j = 0; j < s->endpoints[i].probe_count; j++)
            if (s->endpoints[i].probes[j].result == BF_PROBE_ACCESS)
                return true;
    for (i = 0; i < s->event_log.event_count; i++) {
        const bf_event *e = &s->event_log.events[i];
        if (mentions_10013(e->message))
            return true;
        for (j = 0; j < e->insert_count; j++)
            if (mentions_10013(e->inserts[j]))
                return true;
    }
    return false;
}

const bf_service *bf_port_ranges_system_owner(const bf_snapshot *s)
{
    /* in the order they take ranges at start: WinNAT for NAT networks, HNS for container networks,
     * vmcompute (Host Compute Service) for virtual machines */
    size_t i;
    for (i = 0; i < BF_PORT_RESERVER_COUNT; i++) {
        const bf_service *v = bf_snap_find_service(s, bf_port_range_reservers[i]);
        if (v && v->state == BF_SVC_RUNNING)
            return v;
    }
    return NULL;
}

/* ---- the administered exclusions as the repair journals them ---- */

/* A decimal number without a leading zero, at most 5 digits, ending at `stop`; -1 otherwise. */
static long list_number(const char **p, const char *end, char stop)
{
    const char *q = *p;
    long v = 0;
    if (q >= end || *q < '1' || *q > '9')
        return -1;
    while (q < end && *q >= '0' && *q <= '9' && q - *p < 5)
        v = v * 10 + (*q++ - '0');
    if (q >= end || *q != stop)
        return -1;
    *p = q + 1;
    return v;
}

bool bf_port_list_decode(const unsigned char *data, size_t len, bf_port_span *out, size_t cap, size_t *n)
{
    const char *p = (const char *)data, *end = p + len;
    *n = 0;
    while (p < end) {
        long a = list_number(&p, end, '-'), b = a < 0 ? -1 : list_number(&p, end, '\n');
        if (a < 1 || b > 65535 || b < a || *n >= cap || (*n && a <= out[*n - 1].end))
            return false;   /* ascending and apart: only a list the writer could have written */
        out[*n].start = (int)a;
        out[*n].end = (int)b;
        (*n)++;
    }
    return true;
}

static int span_cmp(const void *x, const void *y)
{
    const bf_port_span *a = x, *b = y;
    return a->start < b->start ? -1 : a->start > b->start;
}

void bf_port_list_encode(const bf_port_span *spans, size_t n, bf_buf *out)
{
    bf_port_span sorted[BF_PORT_LIST_MAX];
    size_t i;
    if (n > BF_PORT_LIST_MAX)
        n = BF_PORT_LIST_MAX;
    memcpy(sorted, spans, n * sizeof *spans);
    qsort(sorted, n, sizeof *sorted, span_cmp);
    for (i = 0; i < n; i++)
        bf_buf_printf(out, "%d-%d\n", sorted[i].start, sorted[i].end);
}

bool bf_port_list_from_netsh(const char *text, size_t len, const char *transport, int family, bf_buf *out,
                             bf_err *err)
{
    bf_snapshot *tmp = bf_snapshot_create();
    bf_port_span spans[BF_PORT_LIST_MAX];
    size_t i, n = 0;
    bool ok;
    if (!tmp)
        return bf_fail(err, "out of memory");
    ok = bf_port_ranges_parse_netsh_excluded(tmp, text, len, transport, family, err);
    for (i = 0; ok && i < tmp->port_ranges.range_count; i++) {
        const bf_port_range *r = &tmp->port_ranges.ranges[i];
        if (!r->administered)
            continue;
        if (n >= BF_PORT_LIST_MAX)
            ok = bf_fail(err, "more than %d administered port exclusions", BF_PORT_LIST_MAX);
        else
            spans[n++] = (bf_port_span){r->start, r->end};
    }
    bf_snapshot_destroy(tmp);
    if (ok)
        bf_port_list_encode(spans, n, out);
    return ok;
}

void bf_port_list_text(const unsigned char *data, size_t len, bf_buf *out)
{
    bf_port_span spans[BF_PORT_LIST_MAX];
    size_t i, n;
    if (!bf_port_list_decode(data, len, spans, BF_PORT_LIST_MAX, &n)) {
        bf_buf_puts(out, "(not a port list)");
        return;
    }
    if (!n)
        bf_buf_puts(out, "(none)");
    for (i = 0; i < n; i++) {
        bf_buf_printf(out, "%s%d", i ? ", " : "", spans[i].start);
        if (spans[i].end != spans[i].start)
            bf_buf_printf(out, "-%d", spans[i].end);
    }
}

bool bf_port_list_has(const bf_port_span *spans, size_t n, bf_port_span s)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (spans[i].start == s.start && spans[i].end == s.end)
            return true;
    return false;
}

bool bf_port_target_parse(const char *target, int *family, const char **transport)
{
    static const char *const targets[] = {"ipv4 tcp", "ipv6 tcp", "ipv4 udp", "ipv6 udp"};
    size_t i;
    for (i = 0; target && i < 4; i++)
        if (strcmp(target, targets[i]) == 0) {
            *family = target[3] == '4' ? 4 : 6;
            *transport = i < 2 ? "tcp" : "udp";
            return true;
        }
    return false;
}
