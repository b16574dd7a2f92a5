/* pins.c - the products whose own setting pins their listen addresses (core/pins.h): one collector for
 * every pin source of the catalogue, by its reader. A product that is not installed (its key absent)
 * gives no row; a key that cannot be read is named in the section's problem and the others are still
 * read. Every value is read as bytes (bfsys_reg_read) and decoded in the core. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pins.h"
#include "regvalue.h"

typedef struct pin_ctx {
    bf_snapshot *s;
    const bf_pin_source *src;
    bf_buf problem;
} pin_ctx;

static void problem(pin_ctx *c, const char *what, const char *key, DWORD code)
{
    bf_buf_printf(&c->problem, "%s%s: %s HKLM\\%s: error %lu", c->problem.len ? "; " : "", c->src->label, what, key,
                  (unsigned long)code);
}

static bf_pin *row(pin_ctx *c, const char *instance, const char *service, const char *setting, bf_pin_role role)
{
    bf_pin *p = bf_snap_add_pin(c->s);
    if (!p)
        return NULL;
    p->product = bf_arena_strdup(c->s->arena, c->src->id);
    p->instance = bf_arena_strdup(c->s->arena, instance);
    p->service = bf_arena_strdup(c->s->arena, service);
    p->setting = bf_arena_strdup(c->s->arena, setting);
    p->role = role;
    p->port = c->src->port;
    p->enabled = true;
    return p;
}

/* A REG_DWORD, or dflt when absent or of another type. */
static DWORD read_dword(const char *key, const char *value, DWORD dflt, DWORD *code)
{
    bf_regval v;
    DWORD r = bfsys_reg_read(key, value, &v), out = dflt;
    *code = r;
    if (r == ERROR_SUCCESS && v.exists && v.type == REG_DWORD && v.len == 4)
        memcpy(&out, v.data, 4);
    bf_regval_free(&v);
    return out;
}

/* A REG_SZ as UTF-8 in the snapshot's arena ("" when absent or not a string). */
static char *read_text(pin_ctx *c, const char *key, const char *value)
{
    bf_regval v;
    bf_buf u;
    char *out = "";
    if (bfsys_reg_read(key, value, &v) == ERROR_SUCCESS && v.exists && (v.type == REG_SZ || v.type == REG_EXPAND_SZ)) {
        size_t units = v.len / 2;
        bf_buf_init(&u);
        while (units && v.data[2 * units - 2] == 0 && v.data[2 * units - 1] == 0)
            units--;    /* the terminator(s) */
        bf_utf16le_append_utf8(&u, v.data, units);
        out = bf_arena_strdup(c->s->arena, bf_buf_cstr(&u));
        bf_buf_free(&u);
    }
    bf_regval_free(&v);
    return out ? out : "";
}

/* Subkey names of key (UTF-8, malloc'd each and the array); ERROR_FILE_NOT_FOUND when the key is absent. */
static DWORD subkeys(const char *key, char ***out, size_t *count)
{
    WCHAR *wkey = bfsys_utf8_to_wide(key), name[256];
    HKEY h;
    LONG r;
    DWORD i, len;
    size_t cap = 0;
    *out = NULL;
    *count = 0;
    if (!wkey)
        return ERROR_NOT_ENOUGH_MEMORY;
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wkey, 0, KEY_ENUMERATE_SUB_KEYS | bfsys_reg_view(key), &h);
    free(wkey);
    if (r != ERROR_SUCCESS)
        return (DWORD)r;
    for (i = 0;; i++) {
        len = 256;
        r = RegEnumKeyExW(h, i, name, &len, NULL, NULL, NULL, NULL);
        if (r == ERROR_NO_MORE_ITEMS) {
            r = ERROR_SUCCESS;
            break;
        }
        if (r != ERROR_SUCCESS)
            break;
        if (*count == cap) {
            char **grown = realloc(*out, (cap = cap ? cap * 2 : 8) * sizeof **out);
            if (!grown) {
                r = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            *out = grown;
        }
        if (!((*out)[*count] = bfsys_wide_to_utf8(name, (int)len))) {
            r = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        (*count)++;
    }
    RegCloseKey(h);
    return (DWORD)r;
}

static void free_names(char **names, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* Instance Names\SQL: value name = instance, data = instance ID ("MSSQL15.MSSQLSERVER"). */
static DWORD sql_instances(const char *key, char ***names, char ***ids, size_t *count)
{
    char path[600];
    WCHAR *wkey, name[256], data[256];
    HKEY h;
    LONG r;
    DWORD i, nlen, dlen, type;
    size_t cap = 0;
    *names = *ids = NULL;
    *count = 0;
    snprintf(path, sizeof path, "%s\\Instance Names\\SQL", key);
    if (!(wkey = bfsys_utf8_to_wide(path)))
        return ERROR_NOT_ENOUGH_MEMORY;
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wkey, 0, KEY_QUERY_VALUE | bfsys_reg_view(path), &h);
    free(wkey);
    if (r != ERROR_SUCCESS)
        return (DWORD)r;
    for (i = 0;; i++) {
        nlen = 256;
        dlen = sizeof data - sizeof(WCHAR);
        r = RegEnumValueW(h, i, name, &nlen, NULL, &type, (BYTE *)data, &dlen);
        if (r == ERROR_NO_MORE_ITEMS) {
            r = ERROR_SUCCESS;
            break;
        }
        if (r != ERROR_SUCCESS)
            break;
        if (type != REG_SZ)
            continue;
        data[dlen / sizeof(WCHAR)] = 0;     /* registry strings need not be terminated */
        if (*count == cap) {
            char **gn = realloc(*names, (cap ? cap * 2 : 4) * sizeof **names), **gi;
            if (gn)
                *names = gn;
            gi = gn ? realloc(*ids, (cap ? cap * 2 : 4) * sizeof **ids) : NULL;
            if (!gi) {
                r = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            *ids = gi;
            cap = cap ? cap * 2 : 4;
        }
        (*names)[*count] = bfsys_wide_to_utf8(name, (int)nlen);
        (*ids)[*count] = bfsys_wide_to_utf8(data, -1);
        if (!(*names)[*count] || !(*ids)[*count]) {
            free((*names)[*count]);
            free((*ids)[*count]);
            r = ERROR_NOT_ENOUGH_MEMORY;
            break;
        }
        (*count)++;
    }
    RegCloseKey(h);
    return (DWORD)r;
}

/* SQL Server ("TCP/IP Properties, IP Addresses tab"): ListenOnAllIPs 1 (the default) listens everywhere
 * and the IPn entries' Enabled does not count; 0 listens on the IPn entries that are Enabled only. */
static DWORD read_sql(pin_ctx *c)
{
    char **names, **ids, **subs;
    size_t n, i, ns, k;
    DWORD r = sql_instances(c->src->key, &names, &ids, &n), code;
    if (r == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;   /* no SQL Server */
    if (r != ERROR_SUCCESS) {
        problem(c, "cannot read the instances under", c->src->key, r);
        return r == ERROR_NOT_ENOUGH_MEMORY ? r : ERROR_SUCCESS;
    }
    for (i = 0; i < n && r == ERROR_SUCCESS; i++) {
        char tcp[700], service[300], setting[800];
        DWORD all;
        snprintf(tcp, sizeof tcp, "%s\\%s\\MSSQLServer\\SuperSocketNetLib\\Tcp", c->src->key, ids[i]);
        bf_pin_sql_service(names[i], service, sizeof service);
        all = read_dword(tcp, "ListenOnAllIPs", 1, &code);
        if (code != ERROR_SUCCESS) {
            problem(c, "cannot read", tcp, code);
            continue;
        }
        if (all) {
            snprintf(setting, sizeof setting, "HKLM\\%s\\ListenOnAllIPs", tcp);
            if (!row(c, names[i], service, setting, BF_PIN_ALL))
                r = ERROR_NOT_ENOUGH_MEMORY;
        }
        code = subkeys(tcp, &subs, &ns);
        if (code != ERROR_SUCCESS && code != ERROR_FILE_NOT_FOUND) {
            problem(c, "cannot list", tcp, code);
            continue;
        }
        for (k = 0; k < ns && r == ERROR_SUCCESS; k++) {
            char ipkey[800], *addr, *port, *pct;
            size_t d = 2;
            bf_pin *p;
            DWORD enabled;
            if (_strnicmp(subs[k], "IP", 2) != 0 || !subs[k][2])
                continue;
            while (subs[k][d] >= '0' && subs[k][d] <= '9')
                d++;
            if (subs[k][d])
                continue;   /* IPAll and anything else: not an address entry */
            snprintf(ipkey, sizeof ipkey, "%s\\%s", tcp, subs[k]);
            addr = read_text(c, ipkey, "IpAddress");
            if (!addr[0])
                continue;
            if ((pct = strchr(addr, '%')))
                *pct = '\0';    /* a link-local entry's zone: the model keeps addresses without it */
            enabled = read_dword(ipkey, "Enabled", 0, &code);
            snprintf(setting, sizeof setting, "HKLM\\%s\\IpAddress", ipkey);
            if (!(p = row(c, names[i], service, setting, BF_PIN_LISTEN))) {
                r = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            p->address = addr;
            p->enabled = !all && enabled == 1;
            port = read_text(c, ipkey, "TcpPort");
            p->port = port[0] ? atoi(port) : -1;
            if (p->port < 1 || p->port > 65535)
                p->port = -1;
            p->fix_kind = "flag";
            p->fix_key = bf_arena_strdup(c->s->arena, ipkey);
            p->fix_value = "Enabled";
        }
        free_names(subs, ns);
    }
    free_names(names, n);
    free_names(ids, n);
    return r;
}

/* One list value: a row per address; `all` says what an absent or empty list means (a row "every
 * address" for the listen list; nothing for the published one, which then publishes every address). */
static DWORD read_one_list(pin_ctx *c, const char *value, bf_pin_role role)
{
    bf_regval v;
    DWORD r = bfsys_reg_read(c->src->key, value, &v);
    char **addrs, setting[700];
    size_t n, i;
    const char *layout;
    bf_err err;
    snprintf(setting, sizeof setting, "HKLM\\%s\\%s", c->src->key, value);
    if (r != ERROR_SUCCESS) {
        bf_regval_free(&v);
        problem(c, "cannot read", setting + 5, r);
        return r == ERROR_NOT_ENOUGH_MEMORY ? r : ERROR_SUCCESS;
    }
    if (!bf_pin_list_decode(&v, c->s->arena, &addrs, &n, &layout, &err)) {
        bf_buf_printf(&c->problem, "%s%s: %s: %s", c->problem.len ? "; " : "", c->src->label, setting, err.msg);
        bf_regval_free(&v);
        return ERROR_SUCCESS;
    }
    bf_regval_free(&v);
    if (n == 0 && role == BF_PIN_LISTEN)
        return row(c, "", c->src->service, setting, BF_PIN_ALL) ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    for (i = 0; i < n; i++) {
        bf_pin *p = row(c, "", c->src->service, setting, role);
        if (!p)
            return ERROR_NOT_ENOUGH_MEMORY;
        p->address = addrs[i];
        p->fix_kind = "list";
        p->fix_key = bf_arena_strdup(c->s->arena, c->src->key);
        p->fix_value = bf_arena_strdup(c->s->arena, value);
    }
    return ERROR_SUCCESS;
}

static DWORD read_list(pin_ctx *c)
{
    char **subs;
    size_t ns;
    DWORD r = subkeys(c->src->key, &subs, &ns);     /* does the product's key exist? */
    free_names(subs, ns);
    if (r == ERROR_FILE_NOT_FOUND)
        return ERROR_SUCCESS;
    r = read_one_list(c, c->src->listen, BF_PIN_LISTEN);
    if (r == ERROR_SUCCESS && c->src->publish[0])
        r = read_one_list(c, c->src->publish, BF_PIN_PUBLISH);
    return r;
}

/* Remote Desktop: LanAdapter 0 is every adapter; N is the adapter whose lanatable\{GUID}\LanaId is N. */
static DWORD read_lana(pin_ctx *c)
{
    bf_regval v;
    DWORD r = bfsys_reg_read(c->src->key, c->src->listen, &v), lana = 0;
    char setting[700], **subs, tkey[800];
    size_t ns, i;
    bf_pin *p;
    bool present = r == ERROR_SUCCESS && v.exists;
    if (present && (v.type != REG_DWORD || v.len != 4)) {
        bf_buf_printf(&c->problem, "%s%s: HKLM\\%s\\%s is not a REG_DWORD", c->problem.len ? "; " : "", c->src->label,
                      c->src->key, c->src->listen);
        present = false;
    }
    if (present)
        memcpy(&lana, v.data, 4);
    bf_regval_free(&v);
    if (r != ERROR_SUCCESS) {
        problem(c, "cannot read", c->src->key, r);
        return r == ERROR_NOT_ENOUGH_MEMORY ? r : ERROR_SUCCESS;
    }
    if (!present)
        return ERROR_SUCCESS;
    snprintf(setting, sizeof setting, "HKLM\\%s\\%s", c->src->key, c->src->listen);
    if (lana == 0)
        return row(c, "", c->src->service, setting, BF_PIN_ALL) ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
    if (!(p = row(c, "", c->src->service, setting, BF_PIN_LISTEN)))
        return ERROR_NOT_ENOUGH_MEMORY;
    p->adapter = bf_arena_printf(c->s->arena, "LANA %lu", (unsigned long)lana);    /* until the table names it */
    p->fix_kind = "selector";
    p->fix_key = bf_arena_strdup(c->s->arena, c->src->key);
    p->fix_value = bf_arena_strdup(c->s->arena, c->src->listen);
    r = subkeys(c->src->table, &subs, &ns);
    if (r != ERROR_SUCCESS && r != ERROR_FILE_NOT_FOUND)
        problem(c, "cannot list", c->src->table, r);
    for (i = 0; i < ns; i++) {
        DWORD code;
        snprintf(tkey, sizeof tkey, "%s\\%s", c->src->table, subs[i]);
        if (read_dword(tkey, "LanaId", 0, &code) == lana && code == ERROR_SUCCESS)
            p->adapter = bf_arena_strdup(c->s->arena, subs[i]);
    }
    free_names(subs, ns);
    return p->adapter ? ERROR_SUCCESS : ERROR_NOT_ENOUGH_MEMORY;
}

DWORD bfsys_collect_pins(bf_snapshot *s, const bf_collect_opts *opts)
{
    size_t n, i;
    const bf_pin_source *src = opts->pins ? opts->pins : bf_pin_sources_builtin(&n);
    pin_ctx c;
    DWORD r = ERROR_SUCCESS;
    if (opts->pins)
        n = opts->pin_count;
    memset(&c, 0, sizeof c);
    c.s = s;
    bf_buf_init(&c.problem);
    for (i = 0; i < n && r == ERROR_SUCCESS; i++) {
        c.src = &src[i];
        r = src[i].reader == BF_PIN_READ_SQL    ? read_sql(&c)
            : src[i].reader == BF_PIN_READ_LIST ? read_list(&c)
                                                : read_lana(&c);
    }
    s->pins.status = BF_SECTION_OK;
    s->pins.problem = bf_arena_strdup(s->arena, bf_buf_cstr(&c.problem));
    if (!s->pins.problem || c.problem.failed)
        r = ERROR_NOT_ENOUGH_MEMORY;
    bf_buf_free(&c.problem);
    return r;
}
