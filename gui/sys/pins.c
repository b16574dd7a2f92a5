/* pins.c - the products whose own setting pins their listen addresses (core/pins.h): one collector for
 * every pin source of the catalogue, by its reader. A product that is not installed (its key absent)
 * gives no row; a key that cannot be read is named in the section's problem and the others are still
 * read. Every value is read as bytes (bfsys_reg_read) and decoded in the core. IIS's applicationHost.config
 * is read with the system's XML parser (XmlLite, resolved at run time: IIS 7 and XmlLite both come with
 * Vista and later), never by hand. */
#define COBJMACROS  /* the C call macros of the COM interfaces (IXmlReader_Read, ...) */
#include "collect_priv.h"

#include <objbase.h>
#include <winldap.h>
#include <xmllite.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pins.h"
#include "regvalue.h"

typedef struct pin_ctx {
    bf_snapshot *s;
    const bf_pin_source *src;
    const bfsys_ldap *ldap;     /* Exchange's wldap32 calls; NULL: resolved when Exchange is installed */
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

/* ---- IIS: applicationHost.config through XmlLite (COM rules: every interface released, every HRESULT
 * checked; the reader is given a memory stream of the file, DTDs prohibited, as is its default) ---- */

typedef HRESULT(WINAPI *create_xml_reader_fn)(REFIID, void **, IMalloc *);
/* IID_IXmlReader, {7279FC81-709D-4095-B63D-69FE4B0D9030} (xmllite.h) */
static const IID iid_xml_reader = {0x7279fc81, 0x709d, 0x4095, {0xb6, 0x3d, 0x69, 0xfe, 0x4b, 0x0d, 0x90, 0x30}};

/* The attribute's value as UTF-8 in the snapshot's arena; NULL when absent (S_FALSE) or on an error. */
static char *xml_attr(pin_ctx *c, IXmlReader *r, const WCHAR *name, HRESULT *hr)
{
    const WCHAR *v = NULL;
    UINT len = 0;
    char *u, *out = NULL;
    *hr = IXmlReader_MoveToAttributeByName(r, name, NULL);
    if (*hr != S_OK)
        return NULL;    /* S_FALSE: no such attribute */
    if (SUCCEEDED(*hr = IXmlReader_GetValue(r, &v, &len)) && (u = bfsys_wide_to_utf8(v, (int)len))) {
        out = bf_arena_strdup(c->s->arena, u);
        free(u);
    }
    if (SUCCEEDED(*hr))
        *hr = IXmlReader_MoveToElement(r);
    return out;
}

/* bindingInformation "address:port:host": the address ("*" and "" every address; IPv6 in brackets) and
 * the port; false when it is not of that form (net.tcp's "808:*" and other protocols' forms). */
static bool split_binding(pin_ctx *c, const char *info, char **address, int *port)
{
    const char *host = strrchr(info, ':'), *p;
    size_t alen;
    if (!host || host == info)
        return false;
    for (p = host - 1; p > info && *p != ':'; p--)
        ;
    if (*p != ':')
        return false;
    *port = atoi(p + 1);
    if (*port < 1 || *port > 65535)
        return false;
    alen = (size_t)(p - info);
    if (alen >= 2 && info[0] == '[' && info[alen - 1] == ']')
        *address = bf_arena_strndup(c->s->arena, info + 1, alen - 2);
    else
        *address = bf_arena_strndup(c->s->arena, info, alen);
    return *address != NULL;
}

static DWORD iis_bindings(pin_ctx *c, IXmlReader *r)
{
    HRESULT hr;
    XmlNodeType type;
    char *site = NULL;
    UINT site_depth = 0, depth;
    while ((hr = IXmlReader_Read(r, &type)) == S_OK) {
        const WCHAR *name = NULL;
        if (type != XmlNodeType_Element)
            continue;
        if (FAILED(hr = IXmlReader_GetDepth(r, &depth)) || FAILED(hr = IXmlReader_GetLocalName(r, &name, NULL)))
            break;
        if (site && depth <= site_depth)
            site = NULL;    /* left the site (an empty <site/> has no end element) */
        if (wcscmp(name, L"site") == 0) {
            site = xml_attr(c, r, L"name", &hr);
            site_depth = depth;
            if (FAILED(hr))
                break;
        } else if (site && wcscmp(name, L"binding") == 0) {
            char *proto = xml_attr(c, r, L"protocol", &hr), *info, *address, setting[600];
            int port;
            bf_pin *p;
            if (FAILED(hr))
                break;
            info = xml_attr(c, r, L"bindingInformation", &hr);
            if (FAILED(hr))
                break;
            if (!proto || !info || (strcmp(proto, "http") != 0 && strcmp(proto, "https") != 0) ||
                !split_binding(c, info, &address, &port))
                continue;   /* other protocols (net.tcp, ftp, ...) write bindingInformation otherwise */
            snprintf(setting, sizeof setting, "%s: site \"%s\" binding %s %s", c->src->key, site, proto, info);
            if (!(p = row(c, site, c->src->service, setting,
                          !address[0] || strcmp(address, "*") == 0 ? BF_PIN_ALL : BF_PIN_LISTEN)))
                return ERROR_NOT_ENOUGH_MEMORY;
            p->address = p->role == BF_PIN_ALL ? "" : address;
            p->port = port;
            p->fix_kind = "appcmd";
            p->fix_key = proto;
            p->fix_value = info;
        }
    }
    if (FAILED(hr)) {
        bf_buf_printf(&c->problem, "%s%s: %s is not well-formed XML (XmlLite: 0x%08lx)", c->problem.len ? "; " : "",
                      c->src->label, c->src->key, (unsigned long)hr);
    }
    return ERROR_SUCCESS;
}

static DWORD read_iis(pin_ctx *c)
{
    WCHAR *wpath = bfsys_utf8_to_wide(c->src->key), expanded[MAX_PATH * 2];
    char *path, *data = NULL;
    size_t len = 0;
    bf_err err;
    DWORD r, n;
    HMODULE dll;
    create_xml_reader_fn create;
    IXmlReader *reader = NULL;
    IStream *stream = NULL;
    HGLOBAL mem;
    HRESULT hr;
    if (!wpath)
        return ERROR_NOT_ENOUGH_MEMORY;
    n = ExpandEnvironmentStringsW(wpath, expanded, MAX_PATH * 2);
    free(wpath);
    if (n == 0 || n > MAX_PATH * 2)
        return ERROR_SUCCESS;
    /* a 32-bit bindfix on 64-bit Windows: System32 is redirected to SysWOW64, where IIS keeps no
     * configuration; Sysnative is the real System32 (File System Redirector, learn.microsoft.com) */
    if (bfsys_is_wow64()) {
        WCHAR *sys = wcsstr(expanded, L"\\system32\\");
        if (!sys)
            sys = wcsstr(expanded, L"\\System32\\");
        if (sys && wcslen(expanded) + 2 < MAX_PATH * 2) {
            memmove(sys + 11, sys + 9, (wcslen(sys + 9) + 1) * sizeof(WCHAR));
            memcpy(sys, L"\\Sysnative", 10 * sizeof(WCHAR));
        }
    }
    if (!(path = bfsys_wide_to_utf8(expanded, -1)))
        return ERROR_NOT_ENOUGH_MEMORY;
    r = bfsys_read_file(path, &data, &len, &err);
    free(path);
    if (r == ERROR_FILE_NOT_FOUND || r == ERROR_PATH_NOT_FOUND)
        return ERROR_SUCCESS;   /* no IIS 7 or later */
    if (r != ERROR_SUCCESS) {
        problem(c, "cannot read", c->src->key, r);
        return ERROR_SUCCESS;
    }
    dll = bfsys_load_system_dll(L"xmllite.dll");
    create = dll ? (create_xml_reader_fn)(void (*)(void))GetProcAddress(dll, "CreateXmlReader") : NULL;
    if (!create) {
        free(data);
        bf_buf_printf(&c->problem, "%s%s: XmlLite (xmllite.dll) is not available to read %s", c->problem.len ? "; " : "",
                      c->src->label, c->src->key);
        return ERROR_SUCCESS;
    }
    /* the file in a memory stream the stream owns (fDeleteOnRelease) */
    mem = GlobalAlloc(GMEM_MOVEABLE, len ? len : 1);
    if (mem) {
        void *p = GlobalLock(mem);
        if (p) {
            memcpy(p, data, len);
            GlobalUnlock(mem);
        }
    }
    free(data);
    if (!mem)
        return ERROR_NOT_ENOUGH_MEMORY;
    hr = CreateStreamOnHGlobal(mem, TRUE, &stream);
    if (FAILED(hr)) {
        GlobalFree(mem);
    } else {
        ULARGE_INTEGER size;
        size.QuadPart = len;
        hr = IStream_SetSize(stream, size);     /* the stream's size is the file's, not the block's */
    }
    if (SUCCEEDED(hr))
        hr = create(&iid_xml_reader, (void **)&reader, NULL);
    if (SUCCEEDED(hr))
        hr = IXmlReader_SetProperty(reader, XmlReaderProperty_DtdProcessing, DtdProcessing_Prohibit);
    if (SUCCEEDED(hr))
        hr = IXmlReader_SetInput(reader, (IUnknown *)stream);
    r = ERROR_SUCCESS;
    if (SUCCEEDED(hr))
        r = iis_bindings(c, reader);
    else
        bf_buf_printf(&c->problem, "%s%s: XmlLite cannot read %s (0x%08lx)", c->problem.len ? "; " : "", c->src->label,
                      c->src->key, (unsigned long)hr);
    if (reader)
        IXmlReader_Release(reader);
    if (stream)
        IStream_Release(stream);
    return r;
}

/* ---- Exchange 2010-2019: POP3/IMAP4 bindings in Active Directory through wldap32 (resolved at run time:
 * it is not a KnownDLL, and a machine without Exchange never loads it). Every call goes through the
 * bfsys_ldap table (sys.h), so that the Negotiate path Wine cannot run is driven by a stand-in. ---- */

bool bfsys_ldap_resolve(bfsys_ldap *f)
{
    static const char *const names[] = {"ldap_initW",       "ldap_set_optionW", "ldap_get_optionW", "ldap_connect",
                                        "ldap_bind_sW",     "ldap_search_ext_sW", "ldap_first_entry", "ldap_next_entry",
                                        "ldap_get_dnW",     "ldap_get_valuesW", "ldap_value_freeW", "ldap_memfreeW",
                                        "ldap_msgfree",     "ldap_unbind",      "ldap_err2stringW"};
    _Static_assert(sizeof(bfsys_ldap) == sizeof names / sizeof names[0] * sizeof(void (*)(void)),
                   "one export name per slot of bfsys_ldap, in its order");
    HMODULE dll = bfsys_load_system_dll(L"wldap32.dll");
    void (**slot)(void) = (void (**)(void))f;
    size_t i;
    if (!dll)
        return false;
    for (i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!(slot[i] = (void (*)(void))GetProcAddress(dll, names[i])))
            return false;
    return true;
}

/* "<label>: <what> <server><how>: LDAP error N (its text)<after>" appended to the section's problem */
static void ldap_problem(pin_ctx *c, const bfsys_ldap *f, const char *what, const char *server, const char *how,
                         ULONG rc, const char *after)
{
    const WCHAR *text = f->err2string(rc);
    bf_buf_printf(&c->problem, "%s%s: %s %s%s: LDAP error %lu (%ls)%s", c->problem.len ? "; " : "", c->src->label, what,
                  server, how, (unsigned long)rc, text && text[0] ? text : L"no text", after);
}

/* One value list of an entry as rows (a binding "address:port", "[v6]:port"; 0.0.0.0 and :: every address). */
static DWORD exchange_rows(pin_ctx *c, const bfsys_ldap *f, LDAP *ld, LDAPMessage *e, const char *dn, const char *proto,
                           const WCHAR *attr, const char *which)
{
    PWCHAR *vals = f->get_values(ld, e, (PWCHAR)attr);
    size_t i;
    char service[64], setting[1200];
    snprintf(service, sizeof service, "MSExchange%s", proto);
    for (i = 0; vals && vals[i]; i++) {
        char *b = bfsys_wide_to_utf8(vals[i], -1), *colon, *addr;
        int port;
        bf_pin *p;
        if (!b) {
            f->value_free(vals);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        colon = strrchr(b, ':');
        port = colon ? atoi(colon + 1) : 0;
        if (!colon || port < 1 || port > 65535) {
            free(b);
            continue;
        }
        addr = bf_arena_strndup(c->s->arena, b[0] == '[' ? b + 1 : b,
                                (size_t)(colon - b) - (b[0] == '[' ? 2 : 0));
        snprintf(setting, sizeof setting, "LDAP %s %ls", dn, attr);
        p = addr ? row(c, proto, service, setting,
                       bf_addr_is_wildcard(addr) || !addr[0] ? BF_PIN_ALL : BF_PIN_LISTEN) : NULL;
        if (!p) {
            free(b);
            f->value_free(vals);
            return ERROR_NOT_ENOUGH_MEMORY;
        }
        p->address = p->role == BF_PIN_ALL ? "" : addr;
        p->port = port;
        p->fix_kind = "exchange-shell";
        p->fix_key = (char *)which;
        p->fix_value = bf_arena_strdup(c->s->arena, b);
        free(b);
    }
    if (vals)
        f->value_free(vals);
    return ERROR_SUCCESS;
}

/* The session is open (ld): version, connect, bind, then the searches. Every path returns to the caller,
 * which unbinds: "call ldap_unbind ... even if you have not called ldap_bind" (Microsoft, ldap_unbind). */
static DWORD exchange_session(pin_ctx *c, const bfsys_ldap *f, LDAP *ld)
{
    LDAPMessage *res = NULL, *e;
    ULONG rc, version = LDAP_VERSION3;
    struct l_timeval tv = {10, 0};
    WCHAR *bases[8] = {0}, *dc = NULL;
    char marker[300], server[300];
    PWCHAR root_attrs[] = {L"configurationNamingContext", L"namingContexts", NULL};
    PWCHAR attrs[] = {L"objectClass", L"msExchServerBindings", L"msExchSecureBindings", NULL};
    size_t nb = 0, b, k;
    DWORD r = ERROR_SUCCESS;
    bool negotiate = !c->src->key[0];
    snprintf(server, sizeof server, "%s", negotiate ? "the domain controller" : c->src->key);
    /* the session options before the bind: "call ldap_set_option after calling ldap_init, and before calling
     * ldap_bind"; the connection's default is version 2 (Microsoft, Establishing an LDAP Session) */
    if ((rc = f->set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version)) != LDAP_SUCCESS) {
        ldap_problem(c, f, "cannot ask for LDAP version 3 from", server, "", rc, "");
        return ERROR_SUCCESS;
    }
    if ((rc = f->connect(ld, &tv)) != LDAP_SUCCESS) {
        ldap_problem(c, f, "cannot connect to", server, "", rc, "");
        return ERROR_SUCCESS;
    }
    /* the server the locator found, so that an error names it (the session's string: not freed) */
    if (negotiate && f->get_option(ld, LDAP_OPT_HOST_NAME, &dc) == LDAP_SUCCESS && dc && dc[0])
        snprintf(server, sizeof server, "the domain controller %ls", dc);
    /* the domain controller: as the logged-on account (Negotiate with dn and cred NULL: "to log in as the
     * current user, set the dn and cred parameters to NULL", ldap_bind_s); a server the catalogue names:
     * anonymously (a simple bind without a name). A failed bind ends the read: what an anonymous reader
     * may see of the configuration partition is not the server's settings. */
    if ((rc = f->bind_s(ld, NULL, NULL, negotiate ? LDAP_AUTH_NEGOTIATE : LDAP_AUTH_SIMPLE)) != LDAP_SUCCESS) {
        ldap_problem(c, f, "cannot bind to", server,
                     negotiate ? " as the logged-on account (Negotiate)" : " anonymously (simple bind)", rc,
                     "; the POP3/IMAP4 bindings were not read");
        return ERROR_SUCCESS;
    }
    /* the configuration partition (Active Directory's rootDSE names it; other servers: each naming context).
     * A failed search may still hand back results, which are freed as well (ldap_search_ext_s: res). */
    rc = f->search(ld, L"", LDAP_SCOPE_BASE, L"(objectClass=*)", root_attrs, 0, NULL, NULL, &tv, 0, &res);
    if (rc == LDAP_SUCCESS && (e = f->first_entry(ld, res))) {
        PWCHAR *v = f->get_values(ld, e, L"configurationNamingContext");
        if (!v)
            v = f->get_values(ld, e, L"namingContexts");
        for (k = 0; v && v[k] && nb < 8; k++)
            if ((bases[nb] = _wcsdup(v[k])))
                nb++;
        if (v)
            f->value_free(v);
    }
    if (res)
        f->msgfree(res);
    res = NULL;
    if (rc != LDAP_SUCCESS)
        ldap_problem(c, f, "cannot read the root entry (rootDSE) of", server, "", rc, "");
    /* this server's protocol objects: CN=1,CN=POP3,CN=Protocols,CN=<server>,CN=Servers,... (names compare
     * without case, as the directory compares them) */
    snprintf(marker, sizeof marker, ",CN=%s,CN=Servers,", c->s->hostname);
    for (b = 0; b < nb && r == ERROR_SUCCESS; b++) {
        rc = f->search(ld, bases[b], LDAP_SCOPE_SUBTREE,
                       L"(|(objectClass=protocolCfgPOPServer)(objectClass=protocolCfgIMAPServer))", attrs, 0, NULL, NULL,
                       &tv, 0, &res);
        if (rc != LDAP_SUCCESS && rc != LDAP_NO_SUCH_OBJECT) {
            char what[600];
            snprintf(what, sizeof what, "cannot search %ls on", bases[b]);
            ldap_problem(c, f, what, server, "", rc, "");
        }
        for (e = rc == LDAP_SUCCESS ? f->first_entry(ld, res) : NULL; e && r == ERROR_SUCCESS; e = f->next_entry(ld, e)) {
            PWCHAR wdn = f->get_dn(ld, e), *cls;
            char *dn;
            const char *proto = NULL;
            if (!wdn)
                continue;
            dn = bfsys_wide_to_utf8(wdn, -1);
            f->memfree(wdn);
            if (!dn) {
                r = ERROR_NOT_ENOUGH_MEMORY;
                break;
            }
            if (!bf_ascii_contains_ci(dn, marker)) {
                free(dn);
                continue;
            }
            cls = f->get_values(ld, e, L"objectClass");
            for (k = 0; cls && cls[k]; k++)
                if (_wcsicmp(cls[k], L"protocolCfgPOPServer") == 0)
                    proto = "POP3";
                else if (_wcsicmp(cls[k], L"protocolCfgIMAPServer") == 0)
                    proto = "IMAP4";
            if (cls)
                f->value_free(cls);
            if (proto) {
                r = exchange_rows(c, f, ld, e, dn, proto, L"msExchServerBindings", "UnencryptedOrTLSBindings");
                if (r == ERROR_SUCCESS)
                    r = exchange_rows(c, f, ld, e, dn, proto, L"msExchSecureBindings", "SSLBindings");
            }
            free(dn);
        }
        if (res)
            f->msgfree(res);
        res = NULL;
    }
    for (b = 0; b < nb; b++)
        free(bases[b]);
    return r;
}

static DWORD read_exchange(pin_ctx *c)
{
    bfsys_ldap own;
    const bfsys_ldap *f = c->ldap;
    LDAP *ld;
    WCHAR *host = NULL;
    DWORD r;
    const bf_service *pop = bf_snap_find_service(c->s, "MSExchangePOP3"), *imap = bf_snap_find_service(c->s, "MSExchangeIMAP4");
    /* only where Exchange's POP3 or IMAP4 service is installed: no directory traffic on other machines */
    if ((!pop || pop->state == BF_SVC_NOT_INSTALLED) && (!imap || imap->state == BF_SVC_NOT_INSTALLED))
        return ERROR_SUCCESS;
    if (!f) {
        if (!bfsys_ldap_resolve(&own)) {
            bf_buf_printf(&c->problem, "%s%s: wldap32.dll is not available", c->problem.len ? "; " : "", c->src->label);
            return ERROR_SUCCESS;
        }
        f = &own;
    }
    if (c->src->key[0] && !(host = bfsys_utf8_to_wide(c->src->key)))
        return ERROR_NOT_ENOUGH_MEMORY;
    ld = f->init(host, LDAP_PORT);   /* NULL host: the domain controller the locator finds */
    free(host);
    if (!ld) {
        bf_buf_printf(&c->problem, "%s%s: cannot open LDAP to %s", c->problem.len ? "; " : "", c->src->label,
                      c->src->key[0] ? c->src->key : "the domain controller");
        return ERROR_SUCCESS;
    }
    r = exchange_session(c, f, ld);
    f->unbind(ld);
    return r;
}

DWORD bfsys_collect_pins(bf_snapshot *s, const bf_collect_opts *opts)
{
    return bfsys_collect_pins_ldap(s, opts, NULL);
}

DWORD bfsys_collect_pins_ldap(bf_snapshot *s, const bf_collect_opts *opts, const bfsys_ldap *ldap)
{
    size_t n, i;
    const bf_pin_source *src = opts->pins ? opts->pins : bf_pin_sources_builtin(&n);
    pin_ctx c;
    DWORD r = ERROR_SUCCESS;
    if (opts->pins)
        n = opts->pin_count;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.ldap = ldap;
    bf_buf_init(&c.problem);
    for (i = 0; i < n && r == ERROR_SUCCESS; i++) {
        c.src = &src[i];
        r = src[i].reader == BF_PIN_READ_SQL    ? read_sql(&c)
            : src[i].reader == BF_PIN_READ_LIST ? read_list(&c)
            : src[i].reader == BF_PIN_READ_IIS  ? read_iis(&c)
            : src[i].reader == BF_PIN_READ_EXCHANGE ? read_exchange(&c)
                                                : read_lana(&c);
    }
    s->pins.status = BF_SECTION_OK;
    s->pins.problem = bf_arena_strdup(s->arena, bf_buf_cstr(&c.problem));
    if (!s->pins.problem || c.problem.failed)
        r = ERROR_NOT_ENOUGH_MEMORY;
    bf_buf_free(&c.problem);
    return r;
}
