/* fix_journal_limits.c - what each step kind of a journal may touch (fix.h: bf_step_limits,
 * bf_reg_limits) and the checks that hold a journal to it.
 *
 * Why: undo runs with administrator rights and writes what the journal's steps say. A journal a user
 * could write (a folder anyone may create, a path handed to --journal) must not become a way to set a
 * Run key or replace a system file. So a journal may only name the objects bindfix's repair actions
 * change: the binding order, interface settings, the hosts file DataBasePath names (and bindfix's own
 * backup beside it), services that exist and are not drivers, adapters and addresses that exist. The
 * limits are judged twice: from the text alone in the reader (bf_fix_step_in_limits, every journal read),
 * and against the machine now (bf_fix_journal_check) before undo or crash recovery runs anything. */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

#include "pins.h"
#include "portranges.h"
#include "regvalue.h"
#include "trust.h"

#define TCPIP_KEY "SYSTEM\\CurrentControlSet\\Services\\Tcpip"

const bf_step_limit bf_step_limits[BF_STEP__COUNT] = {
    [BF_STEP_REG_SET] = {BF_LIMIT_REGISTRY, "a reg-set step may only write the registry values the repair actions "
                                            "write (TCP/IP's Linkage\\Bind, Parameters\\Interfaces\\{GUID}\\InterfaceMetric, "
                                            "http.sys's HTTP\\Parameters\\ListenOnlyList, IPv6's DisabledComponents, "
                                            "the listen settings of SQL Server, DNS Server and Remote Desktop, an adapter's "
                                            "Interfaces\\{GUID}\\DisableDynamicUpdate and RegistrationEnabled)"},
    [BF_STEP_FILE_REPLACE] = {BF_LIMIT_HOSTS_FILE, "a file-replace step may only replace the hosts file that "
                                                   "Tcpip\\Parameters\\DataBasePath names"},
    [BF_STEP_FILE_WRITE] = {BF_LIMIT_HOSTS_BACKUP, "a file-write step may only write bindfix's backup beside the hosts "
                                                   "file (hosts.bindfix.bak or hosts.bindfix-YYYY-MM-DDThhmmssZ.bak)"},
    [BF_STEP_SERVICE_STOP] = {BF_LIMIT_SERVICE, "a service step may only name a service that exists and is not a driver"},
    [BF_STEP_SERVICE_START] = {BF_LIMIT_SERVICE, "a service step may only name a service that exists and is not a driver"},
    [BF_STEP_METRIC_SET] = {BF_LIMIT_ADAPTER, "a metric-set step may only name an adapter that exists, by its GUID, "
                                              "with a new metric of 1 to 9999"},
    [BF_STEP_SKIP_SET] = {BF_LIMIT_ADDRESS, "a skip-as-source-set step may only name a unicast address this machine "
                                            "holds, with the flag 0 or 1"},
    [BF_STEP_SKIP_READD] = {BF_LIMIT_ADDRESS, "a skip-as-source-readd step may only name a unicast address this "
                                              "machine holds, with the flag 0 or 1"},
    [BF_STEP_BINDORDER_SET] = {BF_LIMIT_BINDING, "a binding-order-set step may only name devices that are bound to "
                                                 "TCP/IP now"},
    [BF_STEP_PORT_EXCLUSION] = {BF_LIMIT_PORT_EXCLUSION, "a port-exclusion step may only name \"ipv4|ipv6 tcp|udp\", "
                                                         "pause WinNAT and nothing else, and change at most 16 "
                                                         "administered ranges of at most 16 ports each (1 to 65535)"},
    [BF_STEP_SERVICE_DELAYED_AUTO] = {BF_LIMIT_RACE_SERVICE, "a service-delayed-auto step may only name a service "
                                                             "the finding BF-STARTUP-RACE it mends names, that exists, "
                                                             "is not a driver and starts automatically, with the flag "
                                                             "0 or 1"},
};

/* A product's address list (pin-setting, core/pins.h): bytes that decode as one of the list layouts. */
static bool pin_list_valid(const unsigned char *data, size_t len, unsigned type)
{
    bf_regval v;
    bf_arena *a = bf_arena_create();
    char **addrs;
    size_t n;
    const char *layout;
    bool ok;
    v.exists = true;
    v.type = type;
    v.data = (unsigned char *)data;
    v.len = len;
    ok = a && bf_pin_list_decode(&v, a, &addrs, &n, &layout, NULL);
    bf_arena_destroy(a);
    return ok;
}

/* A listen list as http.sys stores it: UTF-16LE strings, each an IPv4 or IPv6 address (digits, hex
 * letters, '.', ':', at most 45 characters), the list ending with an empty string. */
static bool listen_multi_sz_valid(const unsigned char *b, size_t len, unsigned type)
{
    size_t pos = 0, n = 0;
    (void)type;     /* REG_MULTI_SZ: the row says so, and the caller compared it */
    if (len < 2 || len % 2 != 0)
        return false;
    for (pos = 0; pos + 1 < len; pos += 2) {
        unsigned c = b[pos] | (unsigned)b[pos + 1] << 8;
        if (c == 0) {
            if (n == 0)
                return pos + 2 == len;  /* the empty string ends the list, and the value */
            n = 0;
            continue;
        }
        if (++n > 45 || !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' ||
                          c == ':'))
            return false;
    }
    return false;
}

/* Every row names what its bytes must be (no row relies on a default): */
static bool dword_valid(const unsigned char *b, size_t len, unsigned type)
{
    (void)b;
    return type == 4 && len == 4;
}

static unsigned long dword_of_bytes(const unsigned char *b)
{
    return (unsigned long)b[0] | (unsigned long)b[1] << 8 | (unsigned long)b[2] << 16 | (unsigned long)b[3] << 24;
}

/* InterfaceMetric: 0 (automatic) to 9999, the documented range (TCP/IP registry reference, "InterfaceMetric") */
static bool metric_valid(const unsigned char *b, size_t len, unsigned type)
{
    return dword_valid(b, len, type) && dword_of_bytes(b) <= 9999;
}

/* SQL Server's IPn\Enabled: 0 or 1 */
static bool flag_valid(const unsigned char *b, size_t len, unsigned type)
{
    return dword_valid(b, len, type) && dword_of_bytes(b) <= 1;
}

static bool binding_list_valid(const unsigned char *b, size_t len, unsigned type)
{
    return type == 7 && bf_binding_multi_sz_valid(b, len);
}

#define DNS_KEY "SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters"
#define SQL_TCP_KEY "SOFTWARE\\Microsoft\\Microsoft SQL Server\\{NAME}\\MSSQLServer\\SuperSocketNetLib\\Tcp"

const bf_reg_limit bf_reg_limits[] = {
    {TCPIP_KEY "\\Linkage", "Bind", 7, "TCP/IP's binding order (reorder-bindings on NT 4.0)", binding_list_valid},
    {TCPIP_KEY "\\Parameters\\Interfaces\\{GUID}", "InterfaceMetric", 4, "an adapter's interface metric (0 automatic, 1 to 9999)", metric_valid},
    {"SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters", "ListenOnlyList", 7,
     "http.sys's IP listen list (http-listen-remove)", listen_multi_sz_valid},
    {TCPIP_KEY "6\\Parameters", "DisabledComponents", 4, "IPv6's disabled components and family preference", dword_valid},
    /* the products' own listen settings (pin-setting) */
    {SQL_TCP_KEY "\\IP{N}", "Enabled", 4, "an SQL Server instance's IPn entry enabled or not", flag_valid},
    {DNS_KEY, "ListenAddresses", 3, "DNS Server's listen addresses (IP4_ARRAY or DNS_ADDR_ARRAY)", pin_list_valid},
    {DNS_KEY, "ListenAddresses", 7, "DNS Server's listen addresses (REG_MULTI_SZ)", pin_list_valid},
    {DNS_KEY, "PublishAddresses", 1, "DNS Server's published addresses (REG_SZ)", pin_list_valid},
    {DNS_KEY, "PublishAddresses", 3, "DNS Server's published addresses (IP4_ARRAY or DNS_ADDR_ARRAY)", pin_list_valid},
    {DNS_KEY, "PublishAddresses", 7, "DNS Server's published addresses (REG_MULTI_SZ)", pin_list_valid},
    {"SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp", "LanAdapter", 4,
     "Remote Desktop's listening adapter (0: every adapter)", dword_valid},
    /* an adapter's DNS registration (dns-registration-off, fix_dns.c): 0 or 1, as KB 246804 documents
     * DisableDynamicUpdate and the check box writes RegistrationEnabled */
    {TCPIP_KEY "\\Parameters\\Interfaces\\{GUID}", "DisableDynamicUpdate", 4,
     "an adapter's DNS dynamic update off (1) or on (0)", flag_valid},
    {TCPIP_KEY "\\Parameters\\Interfaces\\{GUID}", "RegistrationEnabled", 4,
     "an adapter's \"Register this connection's addresses in DNS\" (0 or 1)", flag_valid},
};
const size_t bf_reg_limit_count = BF_COUNTOF(bf_reg_limits);


static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Exactly "{8-4-4-4-12}" hex digits at s; returns its length (38) or 0. */
static size_t guid_len(const char *s)
{
    static const char shape[] = "{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}";
    size_t i;
    for (i = 0; shape[i]; i++)
        if (shape[i] == 'x' ? !is_hex(s[i]) : s[i] != shape[i])
            return 0;
    return i;
}

/* key against a limit's pattern: literal text (no case) with "{GUID}" standing for one GUID, "{NAME}"
 * for one key name and "{N}" for a decimal number. */
static bool key_matches(const char *key, const char *pattern)
{
    while (*pattern) {
        if (strncmp(pattern, "{NAME}", 6) == 0 || strncmp(pattern, "{N}", 3) == 0) {
            bool digits = pattern[1] == 'N' && pattern[2] == '}';
            size_t n = 0;
            while (key[n] && key[n] != '\\' && (!digits || (key[n] >= '0' && key[n] <= '9')))
                n++;
            if (n == 0 || n > 255 || (digits && key[n] && key[n] != '\\'))
                return false;
            key += n;
            pattern += digits ? 3 : 6;
        } else if (strncmp(pattern, "{GUID}", 6) == 0) {
            size_t n = guid_len(key);
            if (!n)
                return false;
            key += n;
            pattern += 6;
        } else if (*key && bf_ascii_lower(*key) == bf_ascii_lower(*pattern)) {
            key++;
            pattern++;
        } else {
            return false;
        }
    }
    return *key == 0;
}

/* The row for the step's key and value, of the type the step writes (its after, else its before). */
static const bf_reg_limit *reg_limit_of(const bf_fix_step *s)
{
    size_t i;
    const bf_reg_limit *any = NULL;
    unsigned type = s->after.exists ? s->after.type : s->before.type;
    for (i = 0; i < bf_reg_limit_count; i++)
        if (key_matches(s->key, bf_reg_limits[i].key) && bf_ascii_eq_ci(s->value, bf_reg_limits[i].value)) {
            if (bf_reg_limits[i].type == type)
                return &bf_reg_limits[i];
            any = any ? any : &bf_reg_limits[i];
        }
    return any;
}

/* The first n bytes of p end with "\\hosts" (no case). */
static bool ends_with_hosts(const char *p, size_t n)
{
    return n >= 6 && bf_ascii_eq_ci_n(p + n - 6, 6, "\\hosts");
}

/* The length of the hosts path a backup name carries ("...\hosts" + ".bindfix.bak" or
 * ".bindfix-YYYY-MM-DDThhmmssZ.bak", the stamp repair_session.c makes); 0 when it is not one. */
static size_t backup_base_len(const char *p)
{
    static const char stamp[] = "-dddd-dd-ddTddddddZ";
    size_t n = strlen(p), i;
    if (n > 12 && bf_ascii_eq_ci(p + n - 12, ".bindfix.bak"))
        return ends_with_hosts(p, n - 12) ? n - 12 : 0;
    if (n > 31 && bf_ascii_eq_ci(p + n - 4, ".bak")) {
        const char *s = p + n - 4 - (sizeof stamp - 1);
        if (!bf_ascii_eq_ci_n(s - 8, 8, ".bindfix"))   /* paths compare without case, as on Windows */
            return 0;
        for (i = 0; stamp[i]; i++)
            if (stamp[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != stamp[i])
                return 0;
        return ends_with_hosts(p, (size_t)(s - 8 - p)) ? (size_t)(s - 8 - p) : 0;
    }
    return 0;
}

/* The SCM's rule for a service name: 1 to 256 characters, no '/' or '\'. */
static bool service_name_ok(const char *n)
{
    size_t len = strlen(n);
    return len >= 1 && len <= 256 && !strchr(n, '/') && !strchr(n, '\\');
}

/* Two port lists that differ by at most BF_PORT_EXCLUSION_MAX_CHANGES ranges, each of at most
 * BF_PORT_EXCLUSION_MAX_PORTS ports: what undo would delete or add is bindfix's own small exclusion, never
 * a large range a tampered journal names (excluding 1-65535 would stop every new connection). */
static bool port_change_small(const bf_regval *a, const bf_regval *b)
{
    size_t nx = 0, ny = 0, i, changes = 0;
    bf_port_span *xs = malloc(sizeof *xs * BF_PORT_LIST_MAX), *ys = malloc(sizeof *ys * BF_PORT_LIST_MAX);
    bool ok = xs && ys && a->exists && b->exists && a->type == 0 && b->type == 0 &&
              bf_port_list_decode(a->data, a->len, xs, BF_PORT_LIST_MAX, &nx) &&
              bf_port_list_decode(b->data, b->len, ys, BF_PORT_LIST_MAX, &ny);
    for (i = 0; ok && i < nx; i++)
        if (!bf_port_list_has(ys, ny, xs[i]))
            ok = ++changes <= BF_PORT_EXCLUSION_MAX_CHANGES && xs[i].end - xs[i].start < BF_PORT_EXCLUSION_MAX_PORTS;
    for (i = 0; ok && i < ny; i++)
        if (!bf_port_list_has(xs, nx, ys[i]))
            ok = ++changes <= BF_PORT_EXCLUSION_MAX_CHANGES && ys[i].end - ys[i].start < BF_PORT_EXCLUSION_MAX_PORTS;
    free(xs);
    free(ys);
    return ok;
}

/* An address as text: IPv4 dotted or IPv6 (hex digits, ':' and '.', a zone after '%'), nothing else. */
static bool address_ok(const char *a)
{
    size_t i, n = strlen(a);
    bool colon = strchr(a, ':') != NULL;
    if (n < 2 || n > 64)
        return false;
    for (i = 0; i < n; i++) {
        char c = a[i];
        if (!((c >= '0' && c <= '9') || c == '.' || (colon && (is_hex(c) || c == ':' || c == '%'))))
            return false;
    }
    return true;
}

static int dword_of(const bf_regval *v)
{
    int x = 0;
    memcpy(&x, v->data, 4);
    return x;
}

/* service-delayed-auto: the step mends BF-STARTUP-RACE, and that finding's title names the service (the
 * diagnosis titles it "<service> started before <address> was ready: ..."). Undo runs elevated on what the
 * journal says: the flag of exactly the service the finding was about, never any other. */
static bool race_names_service(const bf_fix_step *s)
{
    size_t i, n = strlen(s->target);
    static const char after_name[] = " started before ";
    for (i = 0; i < s->mend_count; i++) {
        const bf_step_mend *md = &s->mends[i];
        if (!md->effect && strcmp(md->id, "BF-STARTUP-RACE") == 0 && strlen(md->title) > n &&
            bf_ascii_eq_ci_n(md->title, n, s->target) && strncmp(md->title + n, after_name, sizeof after_name - 1) == 0)
            return true;
    }
    return false;
}

bool bf_fix_step_in_limits(const bf_fix_step *s, const char **why)
{
    const char *rule = (unsigned)s->kind < BF_STEP__COUNT ? bf_step_limits[s->kind].rule : "unknown step kind";
    bool ok = false;
    switch (s->kind) {
    case BF_STEP_REG_SET: {
        const bf_reg_limit *l = reg_limit_of(s);
        char *want;
        size_t n;
        if (!l)
            break;
        /* the target is what the preview and the history show: it must name the value written */
        n = strlen(s->key) + strlen(s->value) + 8;
        want = malloc(n);
        if (!want)
            break;
        memcpy(want, "HKLM\\", 5);
        memcpy(want + 5, s->key, strlen(s->key));
        want[5 + strlen(s->key)] = '\\';
        memcpy(want + 6 + strlen(s->key), s->value, strlen(s->value) + 1);
        ok = bf_ascii_eq_ci(s->target, want);
        free(want);
        ok = ok && (!s->before.exists || s->before.type == l->type) && (!s->after.exists || s->after.type == l->type);
        /* every row has its callback; a row without one refuses (no value is trusted by default) */
        ok = ok && l->valid && (!s->before.exists || l->valid(s->before.data, s->before.len, s->before.type)) &&
             (!s->after.exists || l->valid(s->after.data, s->after.len, s->after.type));
        break;
    }
    case BF_STEP_FILE_REPLACE:
        ok = bf_path_plain_local(s->target) && ends_with_hosts(s->target, strlen(s->target));
        break;
    case BF_STEP_FILE_WRITE:
        ok = bf_path_plain_local(s->target) && backup_base_len(s->target) > 0;
        break;
    case BF_STEP_SERVICE_STOP:
    case BF_STEP_SERVICE_START:
        ok = service_name_ok(s->target);
        break;
    case BF_STEP_METRIC_SET:
        /* after: what plan_metric accepts (1 to 9999); before: whatever the machine had (0: automatic) */
        ok = guid_len(s->target) == 38 && s->target[38] == 0 && s->before.len == 4 && s->after.len == 4 &&
             dword_of(&s->before) >= 0 && dword_of(&s->after) >= 1 && dword_of(&s->after) <= 9999;
        break;
    case BF_STEP_SKIP_SET:
    case BF_STEP_SKIP_READD:
        ok = address_ok(s->target) && s->before.len == 4 && s->after.len == 4 &&
             (dword_of(&s->before) == 0 || dword_of(&s->before) == 1) &&
             (dword_of(&s->after) == 0 || dword_of(&s->after) == 1);
        break;
    case BF_STEP_BINDORDER_SET:
        /* the value names are checked by the reader (REG_MULTI_SZ of \Device\ names); which devices
         * exist is the machine's to say */
        ok = true;
        break;
    case BF_STEP_SERVICE_DELAYED_AUTO:
        ok = service_name_ok(s->target) && !s->key[0] && !s->value[0] && s->before.len == 4 && s->after.len == 4 &&
             (dword_of(&s->before) == 0 || dword_of(&s->before) == 1) &&
             (dword_of(&s->after) == 0 || dword_of(&s->after) == 1) && race_names_service(s);
        break;
    case BF_STEP_PORT_EXCLUSION: {
        int fam;
        const char *t;
        ok = bf_port_target_parse(s->target, &fam, &t) && (!s->key[0] || strcmp(s->key, "winnat") == 0) &&
             !s->value[0] && port_change_small(&s->before, &s->after) &&
             (!s->has_found || port_change_small(&s->found, &s->after));
        break;
    }
    default:
        break;
    }
    if (!ok && why)
        *why = rule;
    return ok;
}

/* ---- against the machine ---- */

/* Every entry of the REG_MULTI_SZ `names` (UTF-16LE) is an entry of `have` (ASCII without case). */
static bool devices_within(const bf_regval *names, const bf_regval *have)
{
    size_t i = 0, units = names->len / 2, hunits = have->len / 2;
    if (!names->exists)
        return true;
    if (!have->exists)
        return false;
    while (i < units && (names->data[2 * i] || names->data[2 * i + 1])) {
        size_t n = 0, j = 0;
        bool found = false;
        while (i + n < units && (names->data[2 * (i + n)] || names->data[2 * (i + n) + 1]))
            n++;
        while (j < hunits && !found && (have->data[2 * j] || have->data[2 * j + 1])) {
            size_t m = 0, k;
            while (j + m < hunits && (have->data[2 * (j + m)] || have->data[2 * (j + m) + 1]))
                m++;
            if (m == n) {
                found = true;
                for (k = 0; k < n && found; k++)
                    found = names->data[2 * (i + k) + 1] == have->data[2 * (j + k) + 1] &&
                            bf_ascii_lower((char)names->data[2 * (i + k)]) == bf_ascii_lower((char)have->data[2 * (j + k)]);
            }
            j += m + 1;
        }
        if (!found)
            return false;
        i += n + 1;
    }
    return true;
}

/* A service step's target is installed and not a driver: NULL, else the reason (driver_why for a driver). */
static const char *service_refuses(const char *name, const bf_machine *m, const char *driver_why, bf_err *e)
{
    bool exists = false, driver = false;
    if (!m->service_kind)
        return "this system cannot say which services exist";
    if (!m->service_kind(m->ctx, name, &exists, &driver, e))
        return e->msg;
    if (!exists)
        return "no such service is installed";
    return driver ? driver_why : NULL;
}

/* One step against the machine now: NULL when within its limits, else the reason (static text or err). */
static const char *machine_refuses(const bf_fix_step *s, const bf_machine *m, const char **hosts, bool *hosts_read,
                                   char **hosts_owned, bf_err *e)
{
    switch (s->kind) {
    case BF_STEP_REG_SET: {
        bf_regval cur = {0};
        bool ok;
        if (bf_ascii_eq_ci(s->value, "InterfaceMetric") || bf_fix_dns_value(s->value)) {
            /* the adapter of Interfaces\{GUID} exists now: IP Helper knows its metric, or (before Vista)
             * its TCP/IP interface key holds EnableDHCP, which every adapter's key has */
            const char *g = strrchr(s->key, '\\');
            int metric = 0;
            if (g && m->metric_get && m->metric_get(m->ctx, g + 1, &metric, e))
                return NULL;
            bf_err_clear(e);
            if (!m->reg_read(m->ctx, s->key, "EnableDHCP", &cur, e))
                return e->msg;
            ok = cur.exists;
            bf_regval_free(&cur);
            return ok ? NULL : "no adapter with this GUID exists on this machine now";
        }
        if (!bf_ascii_eq_ci(s->value, "Bind"))
            return NULL;
        /* Linkage\Bind: only the devices bound now, in another order */
        if (!m->reg_read(m->ctx, s->key, s->value, &cur, e))
            return e->msg;
        ok = devices_within(&s->before, &cur) && devices_within(&s->after, &cur);
        bf_regval_free(&cur);
        return ok ? NULL : "the step names a device that is not in Linkage\\Bind now";
    }
    case BF_STEP_FILE_REPLACE:
    case BF_STEP_FILE_WRITE: {
        size_t base = s->kind == BF_STEP_FILE_WRITE ? backup_base_len(s->target) : strlen(s->target);
        if (!*hosts_read) {
            *hosts_read = true;
            if (!m->hosts_path)
                return "this system cannot say where its hosts file is";
            if (!m->hosts_path(m->ctx, hosts_owned, e))
                return e->msg;
            *hosts = *hosts_owned;
        }
        if (!*hosts)
            return "this system cannot say where its hosts file is";
        if (!bf_ascii_eq_ci_n(s->target, base, *hosts))
            return "the file is not the hosts file DataBasePath names now";
        return NULL;
    }
    case BF_STEP_SERVICE_STOP:
    case BF_STEP_SERVICE_START:
        return service_refuses(s->target, m, "the service is a driver (bindfix never stops or starts a driver)", e);
    case BF_STEP_METRIC_SET: {
        int metric = 0;
        if (!m->metric_get || !m->metric_get(m->ctx, s->target, &metric, e))
            return "no adapter with this GUID has an interface metric on this machine now";
        return NULL;
    }
    case BF_STEP_SKIP_SET:
    case BF_STEP_SKIP_READD: {
        bool skip = false;
        if (!m->skip_get || !m->skip_get(m->ctx, s->target, &skip, e))
            return "this machine holds no such unicast address now";
        return NULL;
    }
    case BF_STEP_BINDORDER_SET: {
        bf_regval cur = {0};
        bool ok;
        if (!m->bindorder_get || !m->bindorder_get(m->ctx, &cur, e)) {
            bf_regval_free(&cur);
            return "TCP/IP's binding paths cannot be read on this machine";
        }
        ok = devices_within(&s->before, &cur) && devices_within(&s->after, &cur);
        bf_regval_free(&cur);
        return ok ? NULL : "the step names a device that is not bound to TCP/IP now";
    }
    case BF_STEP_PORT_EXCLUSION: {
        bf_regval cur = {0};
        int fam;
        const char *t;
        bool ok = bf_port_target_parse(s->target, &fam, &t) && m->port_exclusions_get &&
                  m->port_exclusions_get(m->ctx, fam, t, &cur, e);
        bf_regval_free(&cur);
        if (!ok)
            return "this machine cannot read its excluded port ranges";
        if (s->key[0]) {
            bool exists = false, driver = false;
            /* WinNAT is a driver (SERVICE_KERNEL_DRIVER) that `net stop winnat` stops: the one driver the
             * documented sequence pauses, named by the step kind's own rule, not by the journal */
            if (!m->service_kind || !m->service_kind(m->ctx, s->key, &exists, &driver, e) || !exists)
                return "WinNAT is not installed on this machine";
        }
        return NULL;
    }
    case BF_STEP_SERVICE_DELAYED_AUTO: {
        bool auto_start = false, delayed = false;
        const char *why = service_refuses(s->target, m, "the service is a driver (bindfix never changes how a driver "
                                                        "starts)", e);
        if (why)
            return why;
        if (!m->service_delayed_get || !m->service_delayed_get(m->ctx, s->target, &auto_start, &delayed, e))
            return "this system cannot read the service's Delayed Automatic Start flag";
        if (!auto_start)
            return "the service does not start automatically (the flag applies only to auto-start services)";
        return NULL;
    }
    default:
        return "unknown step kind";
    }
}

bool bf_fix_journal_check(const bf_fix_plan *p, const bf_machine *m, const char *where, bf_err *err)
{
    const char *hosts = NULL, *why;
    char *hosts_owned = NULL;
    bool hosts_read = false;
    size_t i;
    bf_err e;
    for (i = 0; i < p->step_count; i++) {
        const bf_fix_step *s = &p->steps[i];
        bf_err_clear(&e);
        if (!bf_fix_step_in_limits(s, &why) || (why = machine_refuses(s, m, &hosts, &hosts_read, &hosts_owned, &e))) {
            char reason[800];
            size_t n = strlen(why);
            /* why may point into e: copy before err (which may be the caller's e) is written */
            if (n >= sizeof reason)
                n = sizeof reason - 1;
            memcpy(reason, why, n);
            reason[n] = 0;
            free(hosts_owned);
            bf_err_clear(err);
            return bf_fail_at(err, where, 0, 0, "step %zu (%s %.200s) is outside what a journal may touch: %s; the "
                                                "journal is refused and nothing was changed",
                              i + 1, bf_step_kind_token(s->kind), s->target, reason);
        }
    }
    free(hosts_owned);
    return true;
}
