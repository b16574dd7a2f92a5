/* model.c - snapshot construction helpers, enum tokens and textual address helpers (see model.h). */
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static const char *const kind_tokens[BF_KIND__COUNT] = {"lan", "dialup", "vpn", "loopback", "virtual", "other"};
static const char *const kind_labels[BF_KIND__COUNT] = {"LAN", "Dial-up", "VPN/tunnel", "Loopback", "Virtual", "Other"};
static const char *const oper_tokens[BF_OPER__COUNT] = {"up", "down", "disconnected", "disabled", "unknown"};
static const char *const oper_labels[BF_OPER__COUNT] = {"Up", "Down", "Disconnected", "Disabled", "Unknown"};
static const char *const dad_tokens[BF_DAD__COUNT] = {"preferred", "tentative", "duplicate", "deprecated", "invalid", "unknown"};
static const char *const probe_tokens[BF_PROBE__COUNT] = {"ok", "addrnotavail", "addrinuse", "access", "other", "not-run"};
static const char *const probe_labels[BF_PROBE__COUNT] = {
    "OK", "Address not available (10049)", "Port in use (10048)", "Access denied (10013)", "Error", "Not probed"};
static const char *const greet_tokens[BF_GREET__COUNT] = {"not-tried", "answered", "wrong", "silent", "refused",
                                                                    "connect-timeout"};
static const char *const svc_tokens[BF_SVC_STATE__COUNT] = {
    "stopped", "start-pending", "stop-pending", "running", "continue-pending", "pause-pending", "paused",
    "not-installed", "unknown"};
static const char *const start_tokens[BF_START__COUNT] = {"boot", "system", "auto", "demand", "disabled", "unknown"};
static const char *const section_tokens[BF_SECTION__COUNT] = {
    "ok", "absent", "malformed", "unavailable", "denied", "not-collected"};

static bool parse_token(const char *const *table, int count, const char *tok, int *out)
{
    int i;
    if (!tok)
        return false;
    for (i = 0; i < count; i++) {
        if (strcmp(table[i], tok) == 0) {
            *out = i;
            return true;
        }
    }
    return false;
}

#define TOKEN_FUNCS(name, type, table, count, fallback)                 \
    const char *bf_##name##_token(type v)                               \
    {                                                                   \
        return ((int)v >= 0 && (int)v < (count)) ? table[v] : fallback; \
    }                                                                   \
    bool bf_##name##_parse(const char *tok, type *out)                  \
    {                                                                   \
        int v;                                                          \
        if (!parse_token(table, (count), tok, &v))                      \
            return false;                                               \
        *out = (type)v;                                                 \
        return true;                                                    \
    }

TOKEN_FUNCS(adapter_kind, bf_adapter_kind, kind_tokens, BF_KIND__COUNT, "other")
TOKEN_FUNCS(oper_status, bf_oper_status, oper_tokens, BF_OPER__COUNT, "unknown")
TOKEN_FUNCS(dad_state, bf_dad_state, dad_tokens, BF_DAD__COUNT, "unknown")

static const char *const origin_tokens[BF_ORIGIN__COUNT] = {"unknown", "manual", "dhcp", "router-advertisement",
                                                             "well-known", "other"};
static const char *const sockopt_tokens[BF_SOCKOPT__COUNT] = {"none", "reuseaddr", "exclusiveaddruse"};
TOKEN_FUNCS(addr_origin, bf_addr_origin, origin_tokens, BF_ORIGIN__COUNT, "unknown")
TOKEN_FUNCS(sockopt, bf_sockopt, sockopt_tokens, BF_SOCKOPT__COUNT, "none")
TOKEN_FUNCS(probe_result, bf_probe_result, probe_tokens, BF_PROBE__COUNT, "other")
TOKEN_FUNCS(greeting, bf_greeting, greet_tokens, BF_GREET__COUNT, "not-tried")
TOKEN_FUNCS(svc_state, bf_svc_state, svc_tokens, BF_SVC_STATE__COUNT, "unknown")
TOKEN_FUNCS(start_type, bf_start_type, start_tokens, BF_START__COUNT, "unknown")
TOKEN_FUNCS(section_status, bf_section_status, section_tokens, BF_SECTION__COUNT, "not-collected")
static const char *const pin_role_tokens[BF_PIN_ROLE__COUNT] = {"listen", "publish", "all"};
TOKEN_FUNCS(pin_role, bf_pin_role, pin_role_tokens, BF_PIN_ROLE__COUNT, "listen")

const char *bf_probe_result_label(bf_probe_result v)
{
    return ((int)v >= 0 && v < BF_PROBE__COUNT) ? probe_labels[v] : "Error";
}

const char *bf_adapter_kind_label(bf_adapter_kind v)
{
    return ((int)v >= 0 && v < BF_KIND__COUNT) ? kind_labels[v] : "Other";
}

const char *bf_oper_status_label(bf_oper_status v)
{
    return ((int)v >= 0 && v < BF_OPER__COUNT) ? oper_labels[v] : "Unknown";
}

/* ---- construction ---- */

bf_snapshot *bf_snapshot_create(void)
{
    bf_arena *arena = bf_arena_create();
    bf_snapshot *s;
    if (!arena)
        return NULL;
    s = bf_arena_alloc(arena, sizeof(*s));
    if (!s) {
        bf_arena_destroy(arena);
        return NULL;
    }
    s->arena = arena;
    s->origin = "";
    s->collected_at = "";
    s->tool_version = "";
    s->hostname = "";
    s->fqdn = "";
    s->os.product = "";
    s->os.csd = "";
    s->os.product_type = "";
    s->os.major = s->os.minor = s->os.build = -1;
    s->binding.status = BF_SECTION_NOT_COLLECTED;
    s->binding.source = "";
    s->binding.problem = "";
    s->hosts.status = BF_SECTION_NOT_COLLECTED;
    s->hosts.path = "";
    s->hosts.problem = "";
    s->event_log.status = BF_SECTION_NOT_COLLECTED;
    s->event_log.problem = "";
    s->services_problem = "";
    s->http_listen.status = BF_SECTION_NOT_COLLECTED;
    s->http_listen.source = "";
    s->http_listen.problem = "";
    s->port_ranges.status = BF_SECTION_NOT_COLLECTED;
    s->port_ranges.source = "";
    s->port_ranges.problem = "";
    s->port_ranges.dynamic_start = s->port_ranges.dynamic_count = s->port_ranges.max_user_port = -1;
    s->ipv6_policy.status = BF_SECTION_NOT_COLLECTED;
    s->ipv6_policy.source = "";
    s->ipv6_policy.problem = "";
    s->ipv6_policy.disabled_components = -2;
    s->pins.status = BF_SECTION_NOT_COLLECTED;
    s->pins.problem = "";
    s->dns.status = BF_SECTION_NOT_COLLECTED;
    s->dns.source = s->dns.problem = s->dns.name = "";
    return s;
}

void bf_snapshot_destroy(bf_snapshot *snap)
{
    if (snap)
        bf_arena_destroy(snap->arena); /* the snapshot itself lives in its arena */
}

bool bf_str_list_add(bf_snapshot *s, char ***items, size_t *count, size_t *cap, const char *value)
{
    char *copy = bf_arena_strdup(s->arena, value ? value : "");
    char **slot;
    if (!copy)
        return false;
    slot = bf_arena_push(s->arena, (void **)items, count, cap, sizeof(char *));
    if (!slot)
        return false;
    *slot = copy;
    return true;
}

bf_adapter *bf_snap_add_adapter(bf_snapshot *s)
{
    bf_adapter *a = BF_PUSH(s->arena, s->adapters, s->adapter_count, s->adapter_cap);
    if (!a)
        return NULL;
    a->guid = a->friendly_name = a->description = a->mac = a->gateway = "";
    a->kind = BF_KIND_OTHER;
    a->status = BF_OPER_UNKNOWN;
    a->if_type = a->if_index = a->metric4 = a->metric6 = -1;
    return a;
}

bf_address *bf_adapter_add_address(bf_snapshot *s, bf_adapter *a, const char *address, int prefix_length)
{
    char *copy = bf_arena_strdup(s->arena, address ? address : "");
    bf_address *ad;
    if (!copy)
        return NULL;
    ad = BF_PUSH(s->arena, a->addresses, a->address_count, a->address_cap);
    if (!ad)
        return NULL;
    ad->address = copy;
    ad->family = bf_addr_is_ipv6(copy) ? 6 : 4;
    ad->prefix_length = prefix_length;
    ad->dad_state = BF_DAD_PREFERRED;
    ad->skip_as_source = BF_TRI_UNKNOWN;
    ad->created = "";
    return ad;
}

bf_resolution *bf_snap_add_resolution(bf_snapshot *s, const char *api, const char *query)
{
    char *a = bf_arena_strdup(s->arena, api ? api : "");
    char *q = bf_arena_strdup(s->arena, query ? query : "");
    bf_resolution *r;
    if (!a || !q)
        return NULL;
    r = BF_PUSH(s->arena, s->resolver, s->resolver_count, s->resolver_cap);
    if (!r)
        return NULL;
    r->api = a;
    r->query = q;
    return r;
}

bool bf_resolution_add_address(bf_snapshot *s, bf_resolution *r, const char *address)
{
    return bf_str_list_add(s, &r->addresses, &r->address_count, &r->address_cap, address);
}

bool bf_binding_add_entry(bf_snapshot *s, const char *device)
{
    return bf_str_list_add(s, &s->binding.entries, &s->binding.entry_count, &s->binding.entry_cap, device);
}

bf_hosts_entry *bf_snap_add_hosts_entry(bf_snapshot *s)
{
    bf_hosts_entry *e = BF_PUSH(s->arena, s->hosts.entries, s->hosts.entry_count, s->hosts.entry_cap);
    if (!e)
        return NULL;
    e->address = e->names = e->text = "";
    return e;
}

bf_endpoint *bf_snap_add_endpoint(bf_snapshot *s, const char *protocol, const char *transport, int port)
{
    char *p = bf_arena_strdup(s->arena, protocol ? protocol : "");
    char *t = bf_arena_strdup(s->arena, transport ? transport : "tcp");
    bf_endpoint *e;
    if (!p || !t)
        return NULL;
    e = BF_PUSH(s->arena, s->endpoints, s->endpoint_count, s->endpoint_cap);
    if (!e)
        return NULL;
    e->protocol = p;
    e->transport = t;
    e->port = port;
    e->service = "";
    return e;
}

bf_probe *bf_endpoint_add_probe(bf_snapshot *s, bf_endpoint *e, const char *address)
{
    char *a = bf_arena_strdup(s->arena, address ? address : "");
    bf_probe *p;
    if (!a)
        return NULL;
    p = BF_PUSH(s->arena, e->probes, e->probe_count, e->probe_cap);
    if (!p)
        return NULL;
    p->address = a;
    p->result = BF_PROBE_NOT_RUN;
    p->owner_pid = -1;
    p->owner = "";
    p->greeting = BF_GREET_NOT_TRIED;
    p->greeting_text = "";
    return p;
}

bf_listener *bf_snap_add_listener(bf_snapshot *s)
{
    bf_listener *l = BF_PUSH(s->arena, s->listeners, s->listener_count, s->listener_cap);
    if (!l)
        return NULL;
    l->transport = "tcp";
    l->address = "";
    l->process = "";
    l->pid = -1;
    return l;
}

bf_service *bf_snap_add_service(bf_snapshot *s, const char *name)
{
    char *n = bf_arena_strdup(s->arena, name ? name : "");
    bf_service *v;
    if (!n)
        return NULL;
    v = BF_PUSH(s->arena, s->services, s->service_count, s->service_cap);
    if (!v)
        return NULL;
    v->name = n;
    v->display_name = "";
    v->binary = "";
    v->started = "";
    v->state = BF_SVC_STATE_UNKNOWN;
    v->start_type = BF_START_UNKNOWN;
    v->pid = -1;
    return v;
}

bf_pin *bf_snap_add_pin(bf_snapshot *s)
{
    bf_pin *p = BF_PUSH(s->arena, s->pins.items, s->pins.count, s->pins.cap);
    if (!p)
        return NULL;
    memset(p, 0, sizeof *p);
    p->product = p->instance = p->service = p->setting = p->address = p->adapter = "";
    p->fix_kind = p->fix_key = p->fix_value = "";
    p->port = -1;
    return p;
}

bf_event *bf_snap_add_event(bf_snapshot *s)
{
    bf_event *e = BF_PUSH(s->arena, s->event_log.events, s->event_log.event_count, s->event_log.event_cap);
    if (!e)
        return NULL;
    e->log = e->source = e->type = e->time = e->message = "";
    e->record = -1;
    return e;
}

/* ---- lookups ---- */

const bf_adapter *bf_snap_find_adapter_by_guid(const bf_snapshot *s, const char *guid)
{
    size_t i;
    for (i = 0; i < s->adapter_count; i++) {
        const char *g = s->adapters[i].guid;
        size_t j;
        for (j = 0; g[j] && guid[j] && toupper((unsigned char)g[j]) == toupper((unsigned char)guid[j]); j++)
            ;
        if (!g[j] && !guid[j])
            return &s->adapters[i];
    }
    return NULL;
}

const bf_adapter *bf_snap_find_adapter_by_address(const bf_snapshot *s, const char *address,
                                                  const bf_address **addr_out)
{
    size_t i, j;
    for (i = 0; i < s->adapter_count; i++) {
        for (j = 0; j < s->adapters[i].address_count; j++) {
            if (bf_addr_equal(s->adapters[i].addresses[j].address, address)) {
                if (addr_out)
                    *addr_out = &s->adapters[i].addresses[j];
                return &s->adapters[i];
            }
        }
    }
    return NULL;
}

static int ci_cmp(const char *a, const char *b)
{
    while (*a && *b && tolower((unsigned char)*a) == tolower((unsigned char)*b)) {
        a++;
        b++;
    }
    return tolower((unsigned char)*a) - tolower((unsigned char)*b);
}

bf_port_owner bf_probe_owner(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p)
{
    const bf_service *svc;
    bool runs;
    size_t i, k;
    if (!e->service || !e->service[0])
        return BF_OWNER_UNKNOWN;
    svc = bf_snap_find_service(s, e->service);
    runs = svc && svc->state == BF_SVC_RUNNING && svc->pid > 0;
    if (p->owner_pid <= 0)
        return runs ? BF_OWNER_UNKNOWN : BF_OWNER_OTHER;
    if (!runs)
        return BF_OWNER_OTHER;
    if (p->owner_pid == svc->pid)
        return BF_OWNER_SERVICE;
    /* the listener row of that PID on this port names the service (the system layer's attribution:
     * a process hosting several services, or a child process it maps to its service) */
    for (i = 0; i < s->listener_count; i++) {
        const bf_listener *l = &s->listeners[i];
        if (l->pid != p->owner_pid || l->port != e->port || strcmp(l->transport, e->transport) != 0)
            continue;
        for (k = 0; k < l->service_count; k++)
            if (l->services[k] && bf_ascii_eq_ci(l->services[k], e->service))
                return BF_OWNER_SERVICE;
    }
    return BF_OWNER_OTHER;
}

bool bf_event_from_system_log(const bf_event *e)
{
    return e->log && bf_ascii_eq_ci(e->log, "System");
}

bool bf_event_is_scm(const bf_event *e)
{
    return bf_event_from_system_log(e) && e->source && bf_ascii_eq_ci(e->source, BF_SCM_SOURCE);
}

bool bf_service_name_eq(const char *a, const char *b)
{
    return ci_cmp(a, b) == 0;
}

const bf_service *bf_snap_find_service(const bf_snapshot *s, const char *name)
{
    size_t i;
    for (i = 0; i < s->service_count; i++)
        if (ci_cmp(s->services[i].name, name) == 0)
            return &s->services[i];
    return NULL;
}

bool bf_probe_by_own_service(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p)
{
    const bf_service *own = e->service[0] ? bf_snap_find_service(s, e->service) : NULL;
    bool own_running = own && own->state == BF_SVC_RUNNING;
    size_t i;
    bool via_http = false;
    if (p->result != BF_PROBE_ADDRINUSE)
        return false;
    /* a service that listens through http.sys (it depends on HTTP: W3SVC, WinRM, WSUS) has its sockets
     * in the kernel, under PID 4 ("System"): while it runs, PID 4 on its port is the service itself */
    for (i = 0; own_running && i < own->dependency_count && !via_http; i++)
        via_http = bf_service_name_eq(own->dependencies[i], "HTTP");
    return (p->owner[0] && e->service[0] && bf_ascii_eq_ci(p->owner, e->service)) ||
           (own && own->pid > 0 && p->owner_pid == own->pid) ||
           (via_http && (p->owner_pid == BF_SYSTEM_PID || bf_ascii_eq_ci(p->owner, "System"))) ||
           (!p->owner[0] && own_running && p->greeting != BF_GREET_WRONG);
}

/* The port of "host:port" text: the digits after the last ':' up to the end or a '/', -1 when none (an
 * IPv6 literal's own colons sit inside brackets, before the last one). */
static int port_after_colon(const char *hostport, size_t len)
{
    size_t i = len, j;
    long v = 0;
    while (i > 0 && hostport[i - 1] != ':' && hostport[i - 1] != ']')
        i--;
    if (i == 0 || hostport[i - 1] != ':' || i == len || len - i > 5)
        return -1;
    for (j = i; j < len; j++) {
        if (hostport[j] < '0' || hostport[j] > '9')
            return -1;
        v = v * 10 + (hostport[j] - '0');
    }
    return v >= 1 && v <= 65535 ? (int)v : -1;
}

/* "http://+:80/path/" -> 80; "https://+/" -> 443 (the scheme's); -1 when it is no http(s) URL. */
static int url_port(const char *url)
{
    size_t skip, len;
    int port, dflt;
    if (strlen(url) >= 7 && bf_ascii_eq_ci_n(url, 7, "http://")) {
        skip = 7;
        dflt = 80;
    } else if (strlen(url) >= 8 && bf_ascii_eq_ci_n(url, 8, "https://")) {
        skip = 8;
        dflt = 443;
    } else {
        return -1;
    }
    url += skip;
    for (len = 0; url[len] && url[len] != '/'; len++)
        ;
    port = port_after_colon(url, len);
    return port > 0 ? port : dflt;
}

const char *bf_http_sys_port_reason(const bf_snapshot *s, int port)
{
    const bf_http_listen *h = &s->http_listen;
    size_t i;
    for (i = 0; i < h->url_count; i++)
        if (url_port(h->url_reservations[i]) == port)
            return h->url_reservations[i];
    for (i = 0; i < h->ssl_count; i++)
        if (port_after_colon(h->ssl_bindings[i], strlen(h->ssl_bindings[i])) == port)
            return h->ssl_bindings[i];
    return NULL;
}

/* ---- textual address helpers ---- */

bool bf_addr_is_ipv6(const char *address)
{
    return address && strchr(address, ':') != NULL;
}

static bool parse_ipv4(const char *s, unsigned char out[4])
{
    int i;
    for (i = 0; i < 4; i++) {
        unsigned v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9' && digits < 4) {
            v = v * 10 + (unsigned)(*s - '0');
            s++;
            digits++;
        }
        if (digits == 0 || digits > 3 || v > 255)
            return false;
        out[i] = (unsigned char)v;
        if (i < 3) {
            if (*s != '.')
                return false;
            s++;
        }
    }
    return *s == '\0';
}

/* Parses IPv6 text (with optional %scope, which is ignored) into 16 bytes. */
bool bf_addr_parse_ipv4(const char *address, unsigned char out[4])
{
    return address && parse_ipv4(address, out);
}

bool bf_addr_parse_ipv6(const char *s, unsigned char out[16])
{
    unsigned short words[8];
    int n = 0, gap = -1, i;
    const char *p = s;
    char tmp[64];
    size_t len = strcspn(s, "%");
    if (len == 0 || len >= sizeof(tmp))
        return false;
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    p = tmp;
    if (p[0] == ':') {
        if (p[1] != ':')
            return false;
        gap = 0;
        p += 2;
    }
    while (*p) {
        unsigned v = 0;
        int digits = 0;
        const char *start = p;
        if (n >= 8)
            return false;
        while (isxdigit((unsigned char)*p) && digits < 5) {
            v = v * 16 + (unsigned)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
            p++;
            digits++;
        }
        if (*p == '.') { /* embedded IPv4 tail */
            unsigned char v4[4];
            if (n > 6 || !parse_ipv4(start, v4))
                return false;
            words[n++] = (unsigned short)(v4[0] << 8 | v4[1]);
            words[n++] = (unsigned short)(v4[2] << 8 | v4[3]);
            p = start + strlen(start);
            break;
        }
        if (digits == 0 || digits > 4)
            return false;
        words[n++] = (unsigned short)v;
        if (*p == ':') {
            p++;
            if (*p == ':') {
                if (gap >= 0)
                    return false;
                gap = n;
                p++;
            } else if (*p == '\0') {
                return false;
            }
        } else if (*p) {
            return false;
        }
    }
    if (gap >= 0) {
        int tail = n - gap;
        if (n >= 8)
            return false;
        memmove(words + 8 - tail, words + gap, (size_t)tail * sizeof(words[0]));
        for (i = gap; i < 8 - tail; i++)
            words[i] = 0;
    } else if (n != 8) {
        return false;
    }
    for (i = 0; i < 8; i++) {
        out[2 * i] = (unsigned char)(words[i] >> 8);
        out[2 * i + 1] = (unsigned char)(words[i] & 0xff);
    }
    return true;
}

bool bf_addr_is_apipa(const char *address)
{
    unsigned char v[4];
    return address && parse_ipv4(address, v) && v[0] == 169 && v[1] == 254;
}

bool bf_addr_is_loopback(const char *address)
{
    unsigned char v4[4], v6[16];
    int i;
    if (!address)
        return false;
    if (parse_ipv4(address, v4))
        return v4[0] == 127;
    if (bf_addr_parse_ipv6(address, v6)) {
        for (i = 0; i < 15; i++)
            if (v6[i])
                return false;
        return v6[15] == 1;
    }
    return false;
}

bool bf_addr_is_wildcard(const char *address)
{
    unsigned char v4[4], v6[16];
    int i;
    if (!address)
        return false;
    if (parse_ipv4(address, v4))
        return !v4[0] && !v4[1] && !v4[2] && !v4[3];
    if (bf_addr_parse_ipv6(address, v6)) {
        for (i = 0; i < 16; i++)
            if (v6[i])
                return false;
        return true;
    }
    return false;
}

bool bf_addr_equal(const char *a, const char *b)
{
    unsigned char x[16], y[16];
    if (!a || !b)
        return false;
    if (strcmp(a, b) == 0)
        return true;
    if (bf_addr_is_ipv6(a) && bf_addr_is_ipv6(b) && bf_addr_parse_ipv6(a, x) && bf_addr_parse_ipv6(b, y))
        return memcmp(x, y, 16) == 0;
    return false;
}

const char *bf_binding_device_name(const char *entry)
{
    static const char prefix[] = "\\Device\\";
    size_t i;
    for (i = 0; prefix[i]; i++) {
        char a = entry[i], b = prefix[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (b >= 'a' && b <= 'z')
            b = (char)(b - 'a' + 'A');
        if (a != b)
            return entry;
    }
    return entry + i;
}

static bool eq_nocase(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 'a' + 'A');
        if (x != y)
            return false;
    }
    return *a == *b;
}

const bf_adapter *bf_snap_find_adapter_by_binding(const bf_snapshot *s, const char *entry)
{
    const char *name = bf_binding_device_name(entry);
    size_t i;
    if (!name[0])
        return NULL;
    for (i = 0; i < s->adapter_count; i++)
        if (eq_nocase(s->adapters[i].guid, name))
            return &s->adapters[i];
    return NULL;
}
