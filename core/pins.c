/* pins.c - see pins.h. */
#include "pins.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

static const char *const reader_tokens[BF_PIN_READ__COUNT] = {"sql-instances", "address-list", "lana-adapter",
                                                                "iis-config", "exchange-ldap"};

const char *bf_pin_reader_token(bf_pin_reader r)
{
    return (unsigned)r < BF_PIN_READ__COUNT ? reader_tokens[r] : reader_tokens[0];
}

bool bf_pin_reader_parse(const char *tok, bf_pin_reader *out)
{
    int i;
    for (i = 0; tok && i < BF_PIN_READ__COUNT; i++)
        if (strcmp(tok, reader_tokens[i]) == 0) {
            *out = (bf_pin_reader)i;
            return true;
        }
    return false;
}

/* Where each product documents the setting:
 *  SQL Server: "Configure a Server to Listen on a Specific TCP Port" and "TCP/IP Properties (IP Addresses
 *   Tab)" (learn.microsoft.com): ListenOnAllIPs ("Listen All") Yes makes the IPn settings' Enabled void;
 *   No makes the server listen only on the IPn entries that are Enabled; read at service start.
 *  DNS Server: KB Q198409 (ListenAddresses, PublishAddresses under DNS\Parameters, read at start); MS-DNSP
 *   3.1.1.1.2 (ListenAddresses: the local addresses the server listens on; empty: all).
 *  Remote Desktop: WinStations\RDP-Tcp\LanAdapter, "Remote Desktop Session Host Configuration, Network
 *   Adapter tab" (0: all network adapters configured with this protocol; otherwise the LANA number listed
 *   in Terminal Server\lanatable\{GUID}\LanaId); read when the listener starts. */
static const bf_pin_source builtin_sources[] = {
    {"sqlserver", "SQL Server", BF_PIN_READ_SQL, "SOFTWARE\\Microsoft\\Microsoft SQL Server", "", "", "",
     "MSSQLSERVER", 1433, "SQL Server: Configure a Server to Listen on a Specific TCP Port (learn.microsoft.com)"},
    {"dns", "DNS Server", BF_PIN_READ_LIST, "SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters", "ListenAddresses",
     "PublishAddresses", "", "DNS", 53, "KB Q198409 (DNS Server registry parameters)"},
    {"rdp", "Remote Desktop", BF_PIN_READ_LANA,
     "SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp", "LanAdapter", "",
     "SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\lanatable", "TermService", 3389,
     "Remote Desktop Session Host Configuration: Network Adapter (LanAdapter)"},
    /* IIS 7 and later: <system.applicationHost><sites><site name=...><bindings><binding protocol="http"
     * bindingInformation="address:port:host"/>, address "*" (or empty) every address ("Configuration
     * reference: Binding <binding>", learn.microsoft.com/iis/configuration) */
    {"iis", "IIS site", BF_PIN_READ_IIS, "%SystemRoot%\\system32\\inetsrv\\config\\applicationHost.config", "", "", "",
     "W3SVC", 80, "IIS configuration reference: Site Bindings <binding> (learn.microsoft.com)"},
    /* Exchange 2010-2019: the POP3 and IMAP4 settings objects (objectClass protocolCfgPOPServer,
     * protocolCfgIMAPServer) under CN=<server>,CN=Servers in the configuration partition; key "": the
     * domain controller wldap32 finds for this machine's domain. Read only when Exchange is installed. */
    {"exchange", "Exchange", BF_PIN_READ_EXCHANGE, "", "", "", "", "MSExchangePOP3", 110,
     "Set-PopSettings, Set-ImapSettings: UnencryptedOrTLSBindings, SSLBindings (learn.microsoft.com)"},
};

const bf_pin_source *bf_pin_sources_builtin(size_t *count)
{
    *count = BF_COUNTOF(builtin_sources);
    return builtin_sources;
}

void bf_pin_sql_service(const char *instance, char *out, size_t size)
{
    if (!instance[0] || bf_ascii_eq_ci(instance, "MSSQLSERVER"))
        snprintf(out, size, "MSSQLSERVER");
    else
        snprintf(out, size, "MSSQL$%s", instance);
}

/* ---- addresses as bytes and text ---- */

static void ipv4_text(const unsigned char *b, char *out, size_t size)
{
    snprintf(out, size, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
}

/* RFC 5952 text (as inet_ntop writes it): the longest run of two or more zero groups as "::". */
static void ipv6_text(const unsigned char *b, char *out, size_t size)
{
    unsigned g[8];
    int i, best = -1, bestlen = 0, run = 0;
    size_t used = 0;
    for (i = 0; i < 8; i++)
        g[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
    for (i = 0; i < 8; i++) {
        run = g[i] == 0 ? run + 1 : 0;
        if (run > bestlen && run >= 2) {
            bestlen = run;
            best = i - run + 1;
        }
    }
    out[0] = '\0';
    for (i = 0; i < 8 && used + 6 < size; i++) {
        if (i == best) {
            used += (size_t)snprintf(out + used, size - used, "::");
            i += bestlen - 1;
            continue;
        }
        used += (size_t)snprintf(out + used, size - used, "%s%x", used && out[used - 1] != ':' ? ":" : "", g[i]);
    }
}

static bool ipv4_parse(const char *s, unsigned char out[4])
{
    int part = 0;
    unsigned v = 0, digits = 0;
    for (;; s++) {
        if (*s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned)(*s - '0');
            if (++digits > 3 || v > 255)
                return false;
        } else if ((*s == '.' || *s == '\0') && digits) {
            out[part++] = (unsigned char)v;
            if (*s == '\0')
                return part == 4;
            if (part == 4)
                return false;
            v = digits = 0;
        } else {
            return false;
        }
    }
}

/* ---- lists ---- */

typedef enum layout {
    L_MULTI_SZ,
    L_SZ,
    L_IP4_ARRAY,
    L_DNS_ADDR_ARRAY
} layout;

static const char *const layout_names[] = {"REG_MULTI_SZ", "REG_SZ", "IP4_ARRAY", "DNS_ADDR_ARRAY"};

static unsigned le32(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8 | (unsigned)p[2] << 16 | (unsigned)p[3] << 24;
}

static void put_le32(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

#define DNS_ADDR_HEADER 32
#define DNS_ADDR_SIZE 64

static bool layout_of(const bf_regval *v, layout *out, bf_err *err)
{
    if (v->type == 7) {
        *out = L_MULTI_SZ;
        return true;
    }
    if (v->type == 1 || v->type == 2) {
        *out = L_SZ;
        return true;
    }
    if (v->type == 3) {
        if (v->len >= 4 && (v->len - 4) % 4 == 0 && le32(v->data) == (v->len - 4) / 4) {
            *out = L_IP4_ARRAY;
            return true;
        }
        if (v->len >= DNS_ADDR_HEADER && (v->len - DNS_ADDR_HEADER) % DNS_ADDR_SIZE == 0 &&
            le32(v->data + 4) == (v->len - DNS_ADDR_HEADER) / DNS_ADDR_SIZE && le32(v->data) >= le32(v->data + 4)) {
            *out = L_DNS_ADDR_ARRAY;
            return true;
        }
        return bf_fail(err, "a REG_BINARY of %zu bytes is neither an IP4_ARRAY nor a DNS_ADDR_ARRAY", v->len);
    }
    return bf_fail(err, "a value of type %u holds no address list (REG_MULTI_SZ, REG_SZ or REG_BINARY expected)",
                   v->type);
}

typedef struct text_list {
    char **items;
    size_t count, cap;
} text_list;

static bool push_text(bf_arena *a, text_list *l, const char *s, size_t n)
{
    char **slot = BF_PUSH(a, l->items, l->count, l->cap);
    return slot && (*slot = bf_arena_strndup(a, s, n)) != NULL;
}

/* The strings of a REG_MULTI_SZ or REG_SZ as UTF-8 (addresses are ASCII; anything else is kept as the
 * decoder gives it and then is simply no address). */
static bool decode_strings(const bf_regval *v, layout lay, bf_arena *a, text_list *l)
{
    bf_buf u;
    size_t units = v->len / 2, i, start = 0;
    const char *t;
    size_t tl;
    bool ok = true;
    bf_buf_init(&u);
    bf_utf16le_append_utf8(&u, v->data, units);
    t = bf_buf_cstr(&u);
    tl = u.len;
    for (i = 0; i <= tl && ok; i++) {
        char c = i < tl ? t[i] : '\0';
        bool sep = c == '\0' || (lay == L_SZ && (c == ' ' || c == ',' || c == '\t' || c == ';'));
        if (!sep)
            continue;
        if (i > start)
            ok = push_text(a, l, t + start, i - start);
        start = i + 1;
    }
    bf_buf_free(&u);
    return ok;
}

static bool decode(const bf_regval *v, layout lay, bf_arena *a, text_list *l, bf_err *err)
{
    size_t i, n;
    char text[64];
    if (!v->exists)
        return true;
    switch (lay) {
    case L_MULTI_SZ:
    case L_SZ:
        if (v->len % 2)
            return bf_fail(err, "a %s of odd length (%zu bytes)", layout_names[lay], v->len);
        if (!decode_strings(v, lay, a, l))
            return bf_fail(err, "out of memory");
        return true;
    case L_IP4_ARRAY:
        n = le32(v->data);
        for (i = 0; i < n; i++) {
            ipv4_text(v->data + 4 + 4 * i, text, sizeof text);
            if (!push_text(a, l, text, strlen(text)))
                return bf_fail(err, "out of memory");
        }
        return true;
    case L_DNS_ADDR_ARRAY:
        n = le32(v->data + 4);
        for (i = 0; i < n; i++) {
            const unsigned char *e = v->data + DNS_ADDR_HEADER + DNS_ADDR_SIZE * i;
            unsigned family = (unsigned)e[0] | (unsigned)e[1] << 8;
            if (family == 2)
                ipv4_text(e + 4, text, sizeof text);
            else if (family == 23)
                ipv6_text(e + 8, text, sizeof text);
            else
                return bf_fail(err, "DNS_ADDR_ARRAY entry %zu has address family %u (2 or 23 expected)", i + 1, family);
            if (!push_text(a, l, text, strlen(text)))
                return bf_fail(err, "out of memory");
        }
        return true;
    }
    return bf_fail(err, "unknown layout");
}

bool bf_pin_list_decode(const bf_regval *v, bf_arena *a, char ***addrs, size_t *count, const char **layout_name,
                        bf_err *err)
{
    layout lay = L_MULTI_SZ;
    text_list l = {0};
    *addrs = NULL;
    *count = 0;
    *layout_name = "";
    if (v->exists && !layout_of(v, &lay, err))
        return false;
    if (!decode(v, lay, a, &l, err))
        return false;
    *addrs = l.items;
    *count = l.count;
    *layout_name = v->exists ? layout_names[lay] : "";
    return true;
}

static bool set_bytes(bf_regval *out, const bf_regval *like, const void *data, size_t len)
{
    out->data = malloc(len ? len : 1);
    if (!out->data)
        return false;
    if (len)
        memcpy(out->data, data, len);
    out->len = len;
    out->type = like->type;
    out->exists = true;
    return true;
}

static void put_utf16(bf_buf *b, const char *s)
{
    for (; *s; s++) {   /* addresses are ASCII */
        bf_buf_putc(b, *s);
        bf_buf_putc(b, '\0');
    }
}

bool bf_pin_list_edit(const bf_regval *cur, const char *remove, const char *add, bf_regval *out, bool *changed,
                      bf_err *err)
{
    bf_arena *a;
    text_list l = {0};
    layout lay;
    size_t i, kept = 0;
    bool have_add = false, ok = false;
    bf_buf b;
    memset(out, 0, sizeof *out);
    *changed = false;
    if (!cur->exists)
        return bf_fail(err, "the value does not exist");
    if (!layout_of(cur, &lay, err))
        return false;
    if (!(a = bf_arena_create()))
        return bf_fail(err, "out of memory");
    bf_buf_init(&b);
    if (!decode(cur, lay, a, &l, err))
        goto out;
    for (i = 0; i < l.count; i++)
        have_add = have_add || (add && bf_addr_equal(l.items[i], add));
    if (add && !have_add) {
        unsigned char tmp[16];
        if (lay == L_IP4_ARRAY && !ipv4_parse(add, tmp)) {
            bf_fail(err, "%s cannot be written in an IP4_ARRAY (IPv4 only)", add);
            goto out;
        }
        if (!ipv4_parse(add, tmp) && !bf_addr_parse_ipv6(add, tmp)) {
            bf_fail(err, "%s is not an IPv4 or IPv6 address", add);
            goto out;
        }
    }
    /* the entries kept, in order, then the one added. A string list keeps each kept entry's own UTF-16
     * units (an entry that is no address, whatever it holds, is written back as it was) */
    if (lay == L_MULTI_SZ || lay == L_SZ) {
        size_t units = cur->len / 2, u, from = 0;
        for (u = 0; u <= units; u++) {
            unsigned ch = u < units ? (unsigned)cur->data[2 * u] | (unsigned)cur->data[2 * u + 1] << 8 : 0;
            bool sep = ch == 0 || (lay == L_SZ && (ch == ' ' || ch == ',' || ch == '\t' || ch == ';'));
            if (!sep)
                continue;
            if (u > from) {
                bf_buf t;
                bool drop;
                bf_buf_init(&t);
                bf_utf16le_append_utf8(&t, cur->data + 2 * from, u - from);
                drop = remove && bf_addr_equal(bf_buf_cstr(&t), remove);
                bf_buf_free(&t);
                if (!drop) {
                    if (lay == L_SZ && kept)
                        put_utf16(&b, " ");
                    bf_buf_append(&b, (const char *)cur->data + 2 * from, 2 * (u - from));
                    if (lay == L_MULTI_SZ)
                        bf_buf_append(&b, "\0", 2);
                    kept++;
                }
            }
            from = u + 1;
        }
        if (add && !have_add) {
            if (lay == L_SZ && kept)
                put_utf16(&b, " ");
            put_utf16(&b, add);
            if (lay == L_MULTI_SZ)
                bf_buf_append(&b, "\0", 2);
            kept++;
        }
        /* REG_MULTI_SZ ends with an empty string; REG_SZ with its NUL */
        bf_buf_append(&b, "\0", 2);
    } else {
        size_t head = lay == L_IP4_ARRAY ? 4 : DNS_ADDR_HEADER, size = lay == L_IP4_ARRAY ? 4 : DNS_ADDR_SIZE;
        unsigned char entry[DNS_ADDR_SIZE];
        bf_buf_append(&b, (const char *)cur->data, head);
        for (i = 0; i < l.count; i++) {
            if (remove && bf_addr_equal(l.items[i], remove))
                continue;
            bf_buf_append(&b, (const char *)cur->data + head + size * i, size);
            kept++;
        }
        if (add && !have_add) {
            memset(entry, 0, sizeof entry);
            if (lay == L_IP4_ARRAY) {
                ipv4_parse(add, entry);
            } else if (ipv4_parse(add, entry + 4)) {
                entry[0] = 2;       /* SOCKADDR_IN: family, port 0, address */
                entry[32] = 16;     /* DnsAddrUserDword[0]: the sockaddr's length */
            } else {
                bf_addr_parse_ipv6(add, entry + 8);
                entry[0] = 23;      /* SOCKADDR_IN6 */
                entry[32] = 28;
            }
            bf_buf_append(&b, (const char *)entry, size);
            kept++;
        }
        if (b.len >= head) {
            unsigned char *h = (unsigned char *)b.data;
            if (lay == L_IP4_ARRAY) {
                put_le32(h, (unsigned)kept);
            } else {
                put_le32(h + 4, (unsigned)kept);
                if (le32(h) < kept)
                    put_le32(h, (unsigned)kept);    /* MaxCount: at least AddrCount */
            }
        }
    }
    if (b.failed) {
        bf_fail(err, "out of memory");
        goto out;
    }
    if (!set_bytes(out, cur, b.data, b.len)) {
        bf_fail(err, "out of memory");
        goto out;
    }
    *changed = out->len != cur->len || memcmp(out->data, cur->data, cur->len) != 0;
    ok = true;
out:
    bf_buf_free(&b);
    bf_arena_destroy(a);
    return ok;
}

bool bf_pin_list_text(const bf_regval *v, bf_buf *out)
{
    bf_arena *a = bf_arena_create();
    char **addrs;
    size_t n, i;
    const char *name;
    bool ok = a && bf_pin_list_decode(v, a, &addrs, &n, &name, NULL);
    if (ok) {
        bf_buf_printf(out, "%s: ", name);
        for (i = 0; i < n; i++)
            bf_buf_printf(out, "%s%s", i ? ", " : "", addrs[i]);
        if (n == 0)
            bf_buf_puts(out, "(empty: every address)");
    }
    bf_arena_destroy(a);
    return ok;
}
