/* rule_exchange_ldap.c - the Exchange 2010-2019 listen-settings reader (gui/sys/pins.c) against wldap32's
 * documented rules on its Negotiate path: the bind as the logged-on user that the reader makes when the
 * catalogue names no server (the domain controller). Wine 8's ldap_bind_sW faults on that bind (NULL
 * credentials with LDAP_AUTH_NEGOTIATE), so these rules drive the reader through its function table
 * (bfsys_ldap, sys.h) with a SYNTHETIC wldap32: the stand-in below answers with winldap.h's signatures and
 * codes, holds a small directory written by hand (a rootDSE naming the configuration partition, this
 * server's POP3 and IMAP4 protocol objects and another server's), and counts what it hands out and what
 * comes back. It is not a recording of a domain controller. The real path (slapd on a namespace's
 * loopback, anonymous simple bind) is tested by tests/e2e/run-pin-tests.sh. */
#include "sys.h"

#include <winldap.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "model.h"
#include "pins.h"
#include "rules.h"

/* ---- the synthetic wldap32 ---- */

typedef enum { FAIL_NONE, FAIL_INIT, FAIL_VERSION, FAIL_CONNECT, FAIL_BIND, FAIL_ROOT_SEARCH, FAIL_CONFIG_SEARCH } fail_at;

typedef struct dir_entry {
    const wchar_t *dn;
    const wchar_t *classes[5];
    const wchar_t *server_bindings[3];  /* msExchServerBindings */
    const wchar_t *secure_bindings[3];  /* msExchSecureBindings */
} dir_entry;

#define CONFIG_NC L"CN=Configuration,DC=example,DC=com"
#define SERVERS L",CN=Servers,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),CN=Administrative Groups," \
                L"CN=Example,CN=Microsoft Exchange,CN=Services," CONFIG_NC
static const dir_entry directory[] = {
    {L"CN=1,CN=POP3,CN=Protocols,CN=MBX01" SERVERS, {L"top", L"protocolCfg", L"protocolCfgPOP", L"protocolCfgPOPServer"},
     {L"198.51.100.99:110"}, {L"0.0.0.0:995"}},
    {L"CN=1,CN=IMAP4,CN=Protocols,CN=MBX01" SERVERS, {L"top", L"protocolCfg", L"protocolCfgIMAP", L"protocolCfgIMAPServer"},
     {L"0.0.0.0:143", L"[::]:143"}, {L"0.0.0.0:993"}},
    {L"CN=1,CN=POP3,CN=Protocols,CN=MBX02" SERVERS, {L"top", L"protocolCfg", L"protocolCfgPOP", L"protocolCfgPOPServer"},
     {L"192.0.2.77:110"}, {L"192.0.2.77:995"}},
};
#define ROOT_ENTRY ((size_t)-1)

typedef struct fake_msg {
    int magic;              /* 0x5e5 result, 0xe17 entry */
    struct fake_msg *result;
    size_t entry;           /* directory index, ROOT_ENTRY the rootDSE */
    struct fake_msg *next;
    struct fake_msg *entries;
    size_t count;
} fake_msg;

static struct {
    fail_at fail;
    char log[1024];         /* the calls in order, one word each */
    LDAP *ld;               /* the one handle handed out, NULL after unbind */
    int inits, unbinds, bad;            /* bad: a call the documentation does not allow (named in log) */
    bool version3, connected, bound;
    ULONG bind_method;
    bool bind_dn_null, bind_cred_null;
    int searches, results_out, results_freed, values_out, values_freed, dns_out, dns_freed;
} sx;

static void sx_log(const char *word)
{
    snprintf(sx.log + strlen(sx.log), sizeof sx.log - strlen(sx.log), "%s ", word);
}

static void sx_bad(const char *why)
{
    sx.bad++;
    sx_log(why);
}

static void sx_reset(fail_at f)
{
    memset(&sx, 0, sizeof sx);
    sx.fail = f;
}

static bool sx_handle(LDAP *ld)
{
    if (!ld || ld != sx.ld) {
        sx_bad("BAD-HANDLE");
        return false;
    }
    return true;
}

static LDAP *__cdecl sx_init(WCHAR *host, ULONG port)
{
    sx_log("init");
    if (host || port != LDAP_PORT)
        sx_bad("BAD-INIT-ARGS");    /* the Negotiate path: NULL host, the locator's domain controller */
    if (sx.fail == FAIL_INIT)
        return NULL;
    sx.inits++;
    sx.ld = calloc(1, sizeof *sx.ld);
    return sx.ld;
}

static ULONG __cdecl sx_set_option(LDAP *ld, int option, const void *in)
{
    sx_log("set_option");
    if (!sx_handle(ld))
        return LDAP_PARAM_ERROR;
    if (sx.bound || sx.connected)
        sx_bad("OPTION-AFTER-CONNECT-OR-BIND");
    if (option != LDAP_OPT_PROTOCOL_VERSION)
        return LDAP_PARAM_ERROR;
    if (sx.fail == FAIL_VERSION)
        return LDAP_PARAM_ERROR;
    sx.version3 = *(const ULONG *)in == LDAP_VERSION3;
    return LDAP_SUCCESS;
}

static ULONG __cdecl sx_get_option(LDAP *ld, int option, void *out)
{
    sx_log("get_option");
    if (!sx_handle(ld))
        return LDAP_PARAM_ERROR;
    if (option != LDAP_OPT_HOST_NAME || !sx.connected)
        return LDAP_PARAM_ERROR;
    *(const wchar_t **)out = L"dc01.example.com";   /* the session's own string */
    return LDAP_SUCCESS;
}

static ULONG __cdecl sx_connect(LDAP *ld, struct l_timeval *tv)
{
    (void)tv;
    sx_log("connect");
    if (!sx_handle(ld))
        return LDAP_PARAM_ERROR;
    if (sx.fail == FAIL_CONNECT)
        return LDAP_SERVER_DOWN;
    sx.connected = true;
    return LDAP_SUCCESS;
}

static ULONG __cdecl sx_bind_s(LDAP *ld, WCHAR *dn, WCHAR *cred, ULONG method)
{
    sx_log("bind");
    if (!sx_handle(ld))
        return LDAP_PARAM_ERROR;
    sx.bind_method = method;
    sx.bind_dn_null = !dn;
    sx.bind_cred_null = !cred;
    if (sx.fail == FAIL_BIND)
        return LDAP_INVALID_CREDENTIALS;
    sx.bound = true;
    return LDAP_SUCCESS;
}

static fake_msg *new_result(size_t count)
{
    fake_msg *r = calloc(1, sizeof *r);
    size_t i;
    r->magic = 0x5e5;
    r->count = count;
    r->entries = count ? calloc(count, sizeof *r->entries) : NULL;
    for (i = 0; i < count; i++) {
        r->entries[i].magic = 0xe17;
        r->entries[i].result = r;
        r->entries[i].next = i + 1 < count ? &r->entries[i + 1] : NULL;
    }
    sx.results_out++;
    return r;
}

static ULONG __cdecl sx_search(LDAP *ld, WCHAR *base, ULONG scope, WCHAR *filter, WCHAR **attrs, ULONG attrsonly,
                               PLDAPControlW *sc, PLDAPControlW *cc, struct l_timeval *tv, ULONG limit,
                               LDAPMessage **res)
{
    fake_msg *r;
    size_t i, n = 0;
    (void)filter, (void)attrs, (void)attrsonly, (void)sc, (void)cc, (void)tv, (void)limit;
    sx_log("search");
    *res = NULL;
    if (!sx_handle(ld))
        return LDAP_PARAM_ERROR;
    if (!sx.bound)
        sx_bad("SEARCH-WITHOUT-BIND");
    sx.searches++;
    if (scope == LDAP_SCOPE_BASE && !base[0]) {
        /* a failed search may still hand back a result (ldap_search_ext_s: res), which must be freed */
        r = new_result(sx.fail == FAIL_ROOT_SEARCH ? 0 : 1);
        if (r->count)
            r->entries[0].entry = ROOT_ENTRY;
        *res = (LDAPMessage *)r;
        return sx.fail == FAIL_ROOT_SEARCH ? LDAP_OPERATIONS_ERROR : LDAP_SUCCESS;
    }
    if (scope != LDAP_SCOPE_SUBTREE || wcscmp(base, CONFIG_NC) != 0) {
        sx_bad("SEARCH-ELSEWHERE");
        return LDAP_NO_SUCH_OBJECT;
    }
    r = new_result(sx.fail == FAIL_CONFIG_SEARCH ? 1 : BF_COUNTOF(directory));  /* partial on failure */
    for (i = 0; i < r->count; i++)
        r->entries[n++].entry = i;
    *res = (LDAPMessage *)r;
    return sx.fail == FAIL_CONFIG_SEARCH ? LDAP_INSUFFICIENT_RIGHTS : LDAP_SUCCESS;
}

static LDAPMessage *__cdecl sx_first_entry(LDAP *ld, LDAPMessage *res)
{
    fake_msg *r = (fake_msg *)res;
    if (!sx_handle(ld) || !r || r->magic != 0x5e5) {
        sx_bad("BAD-RESULT");
        return NULL;
    }
    return r->count ? (LDAPMessage *)&r->entries[0] : NULL;
}

static fake_msg *entry_of(LDAP *ld, LDAPMessage *e)
{
    fake_msg *m = (fake_msg *)e;
    if (!sx_handle(ld) || !m || m->magic != 0xe17) {
        sx_bad("BAD-ENTRY");
        return NULL;
    }
    return m;
}

static LDAPMessage *__cdecl sx_next_entry(LDAP *ld, LDAPMessage *e)
{
    fake_msg *m = entry_of(ld, e);
    return m ? (LDAPMessage *)m->next : NULL;
}

static WCHAR *__cdecl sx_get_dn(LDAP *ld, LDAPMessage *e)
{
    fake_msg *m = entry_of(ld, e);
    if (!m || m->entry == ROOT_ENTRY)
        return NULL;
    sx.dns_out++;
    return _wcsdup(directory[m->entry].dn);
}

static WCHAR **values(const wchar_t *const *list, size_t max)
{
    size_t n = 0, i;
    WCHAR **v;
    while (n < max && list[n])
        n++;
    if (!n)
        return NULL;    /* an attribute without values: NULL (ldap_get_values) */
    v = calloc(n + 1, sizeof *v);
    for (i = 0; i < n; i++)
        v[i] = _wcsdup(list[i]);
    sx.values_out++;
    return v;
}

static WCHAR **__cdecl sx_get_values(LDAP *ld, LDAPMessage *e, WCHAR *attr)
{
    static const wchar_t *const root_nc[] = {CONFIG_NC, NULL};
    fake_msg *m = entry_of(ld, e);
    const dir_entry *d;
    if (!m)
        return NULL;
    if (m->entry == ROOT_ENTRY)
        return wcscmp(attr, L"configurationNamingContext") == 0 ? values(root_nc, 1) : NULL;
    d = &directory[m->entry];
    if (wcscmp(attr, L"objectClass") == 0)
        return values(d->classes, BF_COUNTOF(d->classes));
    if (wcscmp(attr, L"msExchServerBindings") == 0)
        return values(d->server_bindings, BF_COUNTOF(d->server_bindings));
    if (wcscmp(attr, L"msExchSecureBindings") == 0)
        return values(d->secure_bindings, BF_COUNTOF(d->secure_bindings));
    return NULL;
}

static ULONG __cdecl sx_value_free(WCHAR **v)
{
    size_t i;
    if (!v) {
        sx_bad("VALUE-FREE-NULL");
        return LDAP_PARAM_ERROR;
    }
    for (i = 0; v[i]; i++)
        free(v[i]);
    free(v);
    sx.values_freed++;
    return LDAP_SUCCESS;
}

static void __cdecl sx_memfree(WCHAR *p)
{
    free(p);
    sx.dns_freed++;
}

static ULONG __cdecl sx_msgfree(LDAPMessage *res)
{
    fake_msg *r = (fake_msg *)res;
    if (!r || r->magic != 0x5e5) {
        sx_bad("MSGFREE-NOT-A-RESULT");
        return LDAP_PARAM_ERROR;
    }
    r->magic = 0;
    free(r->entries);
    free(r);
    sx.results_freed++;
    return LDAP_SUCCESS;
}

static ULONG __cdecl sx_unbind(LDAP *ld)
{
    sx_log("unbind");
    if (!sx_handle(ld))
        return LDAP_PARAM_ERROR;
    free(sx.ld);
    sx.ld = NULL;
    sx.unbinds++;
    return LDAP_SUCCESS;
}

static WCHAR *__cdecl sx_err2string(ULONG err)
{
    /* the texts are the stand-in's own words for winldap.h's codes */
    return err == LDAP_INVALID_CREDENTIALS ? L"Invalid Credentials"
           : err == LDAP_SERVER_DOWN       ? L"Cannot contact the LDAP server"
           : err == LDAP_OPERATIONS_ERROR  ? L"Operations Error"
           : err == LDAP_INSUFFICIENT_RIGHTS ? L"Insufficient Rights"
                                             : L"Other";
}

static const bfsys_ldap standin = {sx_init,        sx_set_option, sx_get_option, sx_connect,   sx_bind_s,
                                   sx_search,      sx_first_entry, sx_next_entry, sx_get_dn,   sx_get_values,
                                   sx_value_free,  sx_memfree,    sx_msgfree,    sx_unbind,    sx_err2string};

/* The reader run on MBX01 (Exchange's POP3 service installed) with the built-in "exchange" source (no
 * server named: the domain controller, Negotiate). The snapshot for its rows; the caller frees it. */
static bf_snapshot *run_reader(fail_at f)
{
    bf_snapshot *s = bf_snapshot_create();
    bf_service *svc;
    bf_collect_opts o;
    size_t n, i;
    const bf_pin_source *src = bf_pin_sources_builtin(&n), *ex = NULL;
    for (i = 0; i < n; i++)
        if (src[i].reader == BF_PIN_READ_EXCHANGE)
            ex = &src[i];
    sx_reset(f);
    if (!s || !ex || ex->key[0])
        return s;
    s->hostname = bf_arena_strdup(s->arena, "MBX01");
    svc = bf_snap_add_service(s, "MSExchangePOP3");
    if (svc)
        svc->state = BF_SVC_RUNNING;
    bf_collect_opts_default(&o);
    o.pins = ex;
    o.pin_count = 1;
    if (bfsys_collect_pins_ldap(s, &o, &standin) != ERROR_SUCCESS)
        sx_bad("COLLECT-FAILED");
    return s;
}

/* "product role address port fix_key fix_value;" per row, in the reader's order */
static void rows_text(const bf_snapshot *s, char *out, size_t size)
{
    size_t i;
    out[0] = 0;
    for (i = 0; i < s->pins.count; i++) {
        const bf_pin *p = &s->pins.items[i];
        snprintf(out + strlen(out), size - strlen(out), "%s %s %s %d %s %s;", p->instance,
                 p->role == BF_PIN_ALL ? "all" : "listen", p->address[0] ? p->address : "-", p->port, p->fix_key,
                 p->fix_value);
    }
}

BF_RULE(exchange_ldap_negotiate_binds_as_the_logged_on_user_synthetic,
        "ldap_bind_s function (winldap.h), Remarks: LDAP_AUTH_NEGOTIATE, Generic security services (GSS) "
        "(Snego): \"To log in as the current user, set the dn and cred parameters to NULL\" "
        "(learn.microsoft.com/windows/win32/api/winldap/nf-winldap-ldap_bind_sw); the reader then reads "
        "this server's protocol objects only")
{
    char rows[1200];
    bf_snapshot *s = run_reader(FAIL_NONE);
    REQUIRE(s);
    CHECK_INT((int)sx.bind_method, LDAP_AUTH_NEGOTIATE);
    CHECK(sx.bind_dn_null);
    CHECK(sx.bind_cred_null);
    CHECK_INT(sx.bad, 0);
    CHECK_STR(s->pins.problem, "");
    rows_text(s, rows, sizeof rows);
    CHECK_STR(rows, "POP3 listen 198.51.100.99 110 UnencryptedOrTLSBindings 198.51.100.99:110;"
                    "POP3 all - 995 SSLBindings 0.0.0.0:995;"
                    "IMAP4 all - 143 UnencryptedOrTLSBindings 0.0.0.0:143;"
                    "IMAP4 all - 143 UnencryptedOrTLSBindings [::]:143;"
                    "IMAP4 all - 993 SSLBindings 0.0.0.0:993;");
    if (sx.bad)
        printf("     stand-in log: %s\n", sx.log);
    bf_snapshot_destroy(s);
}

BF_RULE(exchange_ldap_session_options_before_the_bind_synthetic,
        "Establishing an LDAP Session (Microsoft LDAP documentation): \"You must call ldap_set_option after "
        "calling ldap_init, and before calling ldap_bind\", with LDAP_OPT_PROTOCOL_VERSION = LDAP_VERSION3; "
        "Getting and Setting Session Options: \"The connection default is version 2\"")
{
    bf_snapshot *s = run_reader(FAIL_NONE);
    REQUIRE(s);
    CHECK(sx.version3);
    /* init, the option, connect, the locator's server name, bind, then the two searches */
    CHECK_STR(sx.log, "init set_option connect get_option bind search search unbind ");
    bf_snapshot_destroy(s);
}

BF_RULE(exchange_ldap_results_and_values_freed_synthetic,
        "Managing Memory (Microsoft LDAP documentation): ldap_value_free frees what ldap_get_values returned, "
        "ldap_memfree the DN of ldap_get_dn, ldap_msgfree an LDAPMessage; ldap_search_ext_s, res: \"Can also "
        "contain partial results or extended information when the function call fails with an error code. "
        "Any results returned should be freed with a call to ldap_msgfree\"")
{
    static const fail_at modes[] = {FAIL_NONE, FAIL_ROOT_SEARCH, FAIL_CONFIG_SEARCH};
    size_t i;
    for (i = 0; i < BF_COUNTOF(modes); i++) {
        bf_snapshot *s = run_reader(modes[i]);
        REQUIRE(s);
        CHECK_INT(sx.results_out, modes[i] == FAIL_ROOT_SEARCH ? 1 : 2);
        CHECK_INT(sx.results_freed, sx.results_out);
        CHECK_INT(sx.values_freed, sx.values_out);
        CHECK_INT(sx.dns_freed, sx.dns_out);
        if (modes[i] != FAIL_ROOT_SEARCH)
            CHECK(sx.values_out > 0);   /* something was read, so the counts compare something */
        CHECK_INT(sx.bad, 0);
        if (sx.results_freed != sx.results_out || sx.values_freed != sx.values_out || sx.dns_freed != sx.dns_out)
            printf("     mode %d: results %d/%d, values %d/%d, dns %d/%d freed\n", (int)modes[i], sx.results_freed,
                   sx.results_out, sx.values_freed, sx.values_out, sx.dns_freed, sx.dns_out);
        bf_snapshot_destroy(s);
    }
}

BF_RULE(exchange_ldap_unbind_on_every_path_synthetic,
        "ldap_unbind function (winldap.h), Remarks: \"Call this function when you have finished with an LDAP "
        "connection structure, even if you have not called ldap_bind when opening the connection. Ensure that "
        "you do not inadvertently call this function more than once on a session handle\"")
{
    static const fail_at modes[] = {FAIL_NONE, FAIL_VERSION, FAIL_CONNECT, FAIL_BIND, FAIL_ROOT_SEARCH,
                                    FAIL_CONFIG_SEARCH};
    size_t i;
    for (i = 0; i < BF_COUNTOF(modes); i++) {
        bf_snapshot *s = run_reader(modes[i]);
        REQUIRE(s);
        CHECK_INT(sx.inits, 1);
        CHECK_INT(sx.unbinds, 1);
        CHECK(sx.ld == NULL);
        CHECK_INT(sx.bad, 0);
        if (sx.unbinds != 1 || sx.bad)
            printf("     mode %d: %s\n", (int)modes[i], sx.log);
        if (modes[i] != FAIL_NONE)
            CHECK(s->pins.problem[0] != 0);     /* every failure is said */
        bf_snapshot_destroy(s);
    }
    /* ldap_init failed: there is no handle, so nothing to unbind, and the failure is said */
    {
        bf_snapshot *s = run_reader(FAIL_INIT);
        REQUIRE(s);
        CHECK_INT(sx.unbinds, 0);
        CHECK(strstr(s->pins.problem, "cannot open LDAP to the domain controller") != NULL);
        bf_snapshot_destroy(s);
    }
}

BF_RULE(exchange_ldap_failed_bind_names_the_server_synthetic,
        "ldap_bind_s function (winldap.h), Return value: \"If the function fails, it returns an error code\" "
        "(Return Values: LDAP_INVALID_CREDENTIALS 0x31); Session Options: LDAP_OPT_HOST_NAME gives the name "
        "of the server the session connected to. A failed bind reads nothing more: an anonymous reader does "
        "not see the server's settings")
{
    bf_snapshot *s = run_reader(FAIL_BIND);
    REQUIRE(s);
    CHECK_INT((int)s->pins.count, 0);
    CHECK_INT(sx.searches, 0);
    CHECK(strstr(s->pins.problem, "the domain controller dc01.example.com") != NULL);
    CHECK(strstr(s->pins.problem, "cannot bind to the domain controller dc01.example.com as the logged-on account "
                                  "(Negotiate): LDAP error 49 (Invalid Credentials)") != NULL);
    printf("     problem: %s\n", s->pins.problem);
    bf_snapshot_destroy(s);
}
