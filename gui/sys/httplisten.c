/* httplisten.c - http.sys's IP listen list (issue 15, source 1) into snap->http_listen: the addresses
 * IIS, WinRM, WSUS, Exchange's web services and every other http.sys client listen on (an empty list:
 * every address).
 *
 * HttpQueryServiceConfiguration(HttpServiceConfigIPListenList) where httpapi.dll has it (XP SP2, Server
 * 2003 and later; resolved at run time, from System32). Where the function is missing or fails, or
 * answers that no list is set (ERROR_FILE_NOT_FOUND; Wine answers so for everything), the value the list
 * is stored in is read: HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters\ListenOnlyList
 * (REG_MULTI_SZ, what `netsh http add iplisten` writes). */
#include "collect_priv.h"

#include <http.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HTTP_PARAMS L"SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters"

typedef ULONG(WINAPI *http_initialize_fn)(HTTPAPI_VERSION, ULONG, PVOID);
typedef ULONG(WINAPI *http_terminate_fn)(ULONG, PVOID);
typedef ULONG(WINAPI *http_query_fn)(HANDLE, HTTP_SERVICE_CONFIG_ID, PVOID, ULONG, PVOID, ULONG, PULONG, LPOVERLAPPED);

/* The address of a SOCKADDR_STORAGE as text ("" for a family other than IPv4/IPv6). */
static bool storage_text(const SOCKADDR_STORAGE *ss, char *buf, size_t size)
{
    if (ss->ss_family == AF_INET)
        return bfsys_inet_ntop(AF_INET, &((const SOCKADDR_IN *)ss)->sin_addr, buf, size) != NULL;
    if (ss->ss_family == AF_INET6)
        return bfsys_inet_ntop(AF_INET6, &((const SOCKADDR_IN6 *)ss)->sin6_addr, buf, size) != NULL;
    return false;
}

/* The API's answer into the section; exposed (sys.h) for tests with synthetic answers. len is what the
 * API said it wrote: entries past it are not read. */
DWORD bfsys_http_listen_from_query(bf_snapshot *s, const struct _HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY *q, unsigned long len)
{
    ULONG i;
    size_t room = len < offsetof(HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY, AddrList)
                      ? 0
                      : (len - offsetof(HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY, AddrList)) / sizeof(SOCKADDR_STORAGE);
    s->http_listen.status = BF_SECTION_OK;
    s->http_listen.source = "HttpQueryServiceConfiguration";
    if (len < offsetof(HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY, AddrList) || q->AddrCount > room) {
        s->http_listen.status = BF_SECTION_MALFORMED;
        s->http_listen.problem = bf_arena_printf(s->arena, "the listen list says %lu addresses in %lu bytes",
                                                 (unsigned long)(len >= sizeof(ULONG) ? q->AddrCount : 0), (unsigned long)len);
        return ERROR_SUCCESS;
    }
    for (i = 0; i < q->AddrCount; i++) {
        char text[INET6_ADDRSTRLEN + 8];
        if (!storage_text(&q->AddrList[i], text, sizeof text))
            snprintf(text, sizeof text, "(family %u)", (unsigned)q->AddrList[i].ss_family);
        if (!bf_str_list_add(s, &s->http_listen.addresses, &s->http_listen.address_count, &s->http_listen.address_cap, text))
            return ERROR_NOT_ENOUGH_MEMORY;
    }
    return ERROR_SUCCESS;
}

/* ERROR_SUCCESS with the section filled, or the API's error (the caller then reads the registry). */
static DWORD from_api(bf_snapshot *s)
{
    HMODULE dll = bfsys_load_system_dll(L"httpapi.dll");
    http_initialize_fn init = dll ? (http_initialize_fn)(void (*)(void))GetProcAddress(dll, "HttpInitialize") : NULL;
    http_terminate_fn term = dll ? (http_terminate_fn)(void (*)(void))GetProcAddress(dll, "HttpTerminate") : NULL;
    http_query_fn query = dll ? (http_query_fn)(void (*)(void))GetProcAddress(dll, "HttpQueryServiceConfiguration") : NULL;
    HTTPAPI_VERSION v1 = HTTPAPI_VERSION_1;
    ULONG rc, need = 0;
    void *buf = NULL;
    if (!init || !term || !query)
        return ERROR_PROC_NOT_FOUND;
    rc = init(v1, HTTP_INITIALIZE_CONFIG, NULL);
    if (rc != NO_ERROR)
        return rc;
    rc = query(NULL, HttpServiceConfigIPListenList, NULL, 0, NULL, 0, &need, NULL);
    if (rc == ERROR_INSUFFICIENT_BUFFER && need > 0 && need < 1024 * 1024 && (buf = calloc(1, need))) {
        ULONG got = need;
        rc = query(NULL, HttpServiceConfigIPListenList, NULL, 0, buf, need, &got, NULL);
        if (rc == NO_ERROR)
            rc = bfsys_http_listen_from_query(s, buf, got);
    } else if (rc == NO_ERROR) {
        s->http_listen.status = BF_SECTION_OK;   /* nothing to return: an empty list */
        s->http_listen.source = "HttpQueryServiceConfiguration";
    } else if (rc == ERROR_INSUFFICIENT_BUFFER) {
        rc = ERROR_NOT_ENOUGH_MEMORY;
    }
    free(buf);
    term(HTTP_INITIALIZE_CONFIG, NULL);
    return rc;
}

static void from_registry(bf_snapshot *s, DWORD api_rc)
{
    HKEY h;
    DWORD type = 0, size = 0;
    LONG r;
    s->http_listen.source = "registry";
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, HTTP_PARAMS, 0, KEY_QUERY_VALUE, &h);
    if (r == ERROR_FILE_NOT_FOUND) {
        s->http_listen.status = BF_SECTION_ABSENT;
        s->http_listen.problem = bf_arena_printf(s->arena, "no HTTP\\Parameters key (HttpQueryServiceConfiguration: %lu)",
                                                 (unsigned long)api_rc);
        return;
    }
    if (r != ERROR_SUCCESS) {
        s->http_listen.status = r == ERROR_ACCESS_DENIED ? BF_SECTION_DENIED : BF_SECTION_UNAVAILABLE;
        s->http_listen.problem = bf_arena_printf(s->arena, "cannot open HTTP\\Parameters: error %ld", (long)r);
        return;
    }
    r = RegQueryValueExW(h, L"ListenOnlyList", NULL, &type, NULL, &size);
    if (r == ERROR_FILE_NOT_FOUND) {
        s->http_listen.status = BF_SECTION_OK;   /* no list: http.sys listens on every address */
    } else if (r != ERROR_SUCCESS || type != REG_MULTI_SZ || size > 64 * 1024) {
        s->http_listen.status = BF_SECTION_MALFORMED;
        s->http_listen.problem = "ListenOnlyList is not a REG_MULTI_SZ of at most 64 KiB";
    } else {
        WCHAR *data = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR));
        const WCHAR *p;
        s->http_listen.status = BF_SECTION_OK;
        if (data && RegQueryValueExW(h, L"ListenOnlyList", NULL, &type, (BYTE *)data, &size) == ERROR_SUCCESS)
            for (p = data; *p; p += wcslen(p) + 1) {
                char *text = bfsys_wide_to_arena(s->arena, p, -1);
                if (text)
                    bf_str_list_add(s, &s->http_listen.addresses, &s->http_listen.address_count,
                                    &s->http_listen.address_cap, text);
            }
        free(data);
    }
    RegCloseKey(h);
}

/* ---- what http.sys holds ports for (the PID 4 attribution) ---- */

/* One registration's text into the list (NULL text: skipped). */
static bool add_wide(bf_snapshot *s, char ***list, size_t *count, size_t *cap, const WCHAR *text)
{
    char *t;
    if (!text || !text[0])
        return true;
    t = bfsys_wide_to_arena(s->arena, text, -1);
    return t && bf_str_list_add(s, list, count, cap, t);
}

/* The URL reservations and SSL bindings through HttpServiceConfigQueryNext, token 0, 1, ... until
 * ERROR_NO_MORE_ITEMS. ERROR_SUCCESS when the enumeration ran to its end. */
static DWORD registrations_from_api(bf_snapshot *s, http_query_fn query)
{
    bf_http_listen *h = &s->http_listen;
    DWORD token, rc = NO_ERROR;
    for (int kind = 0; kind < 2 && rc == NO_ERROR; kind++) {
        for (token = 0; token < 4096; token++) {
            HTTP_SERVICE_CONFIG_URLACL_QUERY uq;
            HTTP_SERVICE_CONFIG_SSL_QUERY sq;
            ULONG need = 0, got;
            void *in = kind == 0 ? (void *)&uq : (void *)&sq, *buf;
            ULONG in_len = kind == 0 ? (ULONG)sizeof uq : (ULONG)sizeof sq;
            HTTP_SERVICE_CONFIG_ID id = kind == 0 ? HttpServiceConfigUrlAclInfo : HttpServiceConfigSSLCertInfo;
            ZeroMemory(&uq, sizeof uq);
            ZeroMemory(&sq, sizeof sq);
            uq.QueryDesc = HttpServiceConfigQueryNext;
            uq.dwToken = token;
            sq.QueryDesc = HttpServiceConfigQueryNext;
            sq.dwToken = token;
            rc = query(NULL, id, in, in_len, NULL, 0, &need, NULL);
            if (rc == ERROR_NO_MORE_ITEMS) {
                rc = NO_ERROR;
                break;
            }
            if (rc != ERROR_INSUFFICIENT_BUFFER || need == 0 || need > 1024 * 1024)
                return rc == NO_ERROR ? ERROR_INVALID_DATA : rc;
            if (!(buf = calloc(1, need)))
                return ERROR_NOT_ENOUGH_MEMORY;
            got = need;
            rc = query(NULL, id, in, in_len, buf, need, &got, NULL);
            if (rc == NO_ERROR && kind == 0) {
                if (!add_wide(s, &h->url_reservations, &h->url_count, &h->url_cap,
                              ((HTTP_SERVICE_CONFIG_URLACL_SET *)buf)->KeyDesc.pUrlPrefix))
                    rc = ERROR_NOT_ENOUGH_MEMORY;
            } else if (rc == NO_ERROR) {
                const SOCKADDR *sa = (const SOCKADDR *)((HTTP_SERVICE_CONFIG_SSL_SET *)buf)->KeyDesc.pIpPort;
                char addr[INET6_ADDRSTRLEN + 8], text[INET6_ADDRSTRLEN + 16];
                if (sa && storage_text((const SOCKADDR_STORAGE *)sa, addr, sizeof addr)) {
                    USHORT port = sa->sa_family == AF_INET6 ? ((const SOCKADDR_IN6 *)sa)->sin6_port
                                                            : ((const SOCKADDR_IN *)sa)->sin_port;
                    snprintf(text, sizeof text, sa->sa_family == AF_INET6 ? "[%s]:%u" : "%s:%u", addr,
                             (unsigned)ntohs(port));
                    if (!bf_str_list_add(s, &h->ssl_bindings, &h->ssl_count, &h->ssl_cap, text))
                        rc = ERROR_NOT_ENOUGH_MEMORY;
                }
            }
            free(buf);
            if (rc != NO_ERROR)
                return rc;
        }
    }
    return rc;
}

/* Where http.sys keeps them (what netsh http add urlacl / add sslcert write): the value names of
 * HTTP\Parameters\UrlAclInfo and the subkey names of HTTP\Parameters\SslBindingInfo. */
static void registrations_from_registry(bf_snapshot *s)
{
    bf_http_listen *h = &s->http_listen;
    HKEY k;
    WCHAR name[1024];
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, HTTP_PARAMS L"\\UrlAclInfo", 0, KEY_QUERY_VALUE, &k) == ERROR_SUCCESS) {
        for (DWORD i = 0; i < 4096; i++) {
            DWORD len = BF_COUNTOF(name);
            if (RegEnumValueW(k, i, name, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS ||
                !add_wide(s, &h->url_reservations, &h->url_count, &h->url_cap, name))
                break;
        }
        RegCloseKey(k);
    }
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, HTTP_PARAMS L"\\SslBindingInfo", 0, KEY_ENUMERATE_SUB_KEYS, &k) == ERROR_SUCCESS) {
        for (DWORD i = 0; i < 4096; i++) {
            DWORD len = BF_COUNTOF(name);
            if (RegEnumKeyExW(k, i, name, &len, NULL, NULL, NULL, NULL) != ERROR_SUCCESS ||
                !add_wide(s, &h->ssl_bindings, &h->ssl_count, &h->ssl_cap, name))
                break;
        }
        RegCloseKey(k);
    }
}

static void collect_registrations(bf_snapshot *s)
{
    HMODULE dll = bfsys_load_system_dll(L"httpapi.dll");
    http_initialize_fn init = dll ? (http_initialize_fn)(void (*)(void))GetProcAddress(dll, "HttpInitialize") : NULL;
    http_terminate_fn term = dll ? (http_terminate_fn)(void (*)(void))GetProcAddress(dll, "HttpTerminate") : NULL;
    http_query_fn query = dll ? (http_query_fn)(void (*)(void))GetProcAddress(dll, "HttpQueryServiceConfiguration") : NULL;
    HTTPAPI_VERSION v1 = HTTPAPI_VERSION_1;
    DWORD rc = ERROR_PROC_NOT_FOUND;
    if (init && term && query && init(v1, HTTP_INITIALIZE_CONFIG, NULL) == NO_ERROR) {
        rc = registrations_from_api(s, query);
        term(HTTP_INITIALIZE_CONFIG, NULL);
    }
    if (rc != NO_ERROR || (s->http_listen.url_count == 0 && s->http_listen.ssl_count == 0)) {
        /* missing, failed or empty (Wine answers "not found"): what netsh stored */
        s->http_listen.url_count = s->http_listen.ssl_count = 0;
        registrations_from_registry(s);
    }
}

DWORD bfsys_collect_http_listen(bf_snapshot *s)
{
    DWORD rc = from_api(s);
    if (rc == ERROR_NOT_ENOUGH_MEMORY)
        return rc;
    if (rc != NO_ERROR || s->http_listen.status != BF_SECTION_OK || s->http_listen.address_count == 0) {
        /* the API is missing, failed, or knows no list: what netsh stored is the list http.sys starts with */
        s->http_listen.status = BF_SECTION_NOT_COLLECTED;
        s->http_listen.problem = "";
        s->http_listen.address_count = 0;
        from_registry(s, rc);
    }
    collect_registrations(s);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
