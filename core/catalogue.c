/* catalogue.c - see catalogue.h. Start orders from facts.md: Exchange 5.5 starts SA, DS, IS, ES, MTA,
 * IMC; 2000/2003 protocols run under IIS Admin; 2007+ POP3/IMAP4 depend on AD Topology. */
#include "catalogue.h"
#include "trust.h"

#include <stdlib.h>
#include <string.h>

#include "bindrules.h"
#include "json.h"
#include "pins.h"

static const char *const ex55_services[] = {"MSExchangeSA", "MSExchangeDS", "MSExchangeIS", "MSExchangeES",
                                            "MSExchangeMTA", "MSExchangeIMC"};
/* socket-options: none throughout - the products do not document theirs, and none is what a bind without
 * setsockopt gets (the documented table's "Default") */
static const bf_cat_endpoint ex55_endpoints[] = {
    {"LDAPS", "tcp", 636, "MSExchangeDS", "ldap", BF_SOCKOPT_NONE}, {"POP3", "tcp", 110, "MSExchangeIS", "pop3", BF_SOCKOPT_NONE},
    {"IMAP4", "tcp", 143, "MSExchangeIS", "imap", BF_SOCKOPT_NONE}, {"LDAP", "tcp", 389, "MSExchangeDS", "ldap", BF_SOCKOPT_NONE},
    {"SMTP", "tcp", 25, "MSExchangeIMC", "smtp", BF_SOCKOPT_NONE}, {"NNTP", "tcp", 119, "MSExchangeIS", "nntp", BF_SOCKOPT_NONE},
    {"X.400", "tcp", 102, "MSExchangeMTA", "", BF_SOCKOPT_NONE},
};

static const char *const ex2003_services[] = {"IISADMIN", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "POP3Svc",
                                              "IMAP4Svc", "NNTPSVC"};
static const bf_cat_endpoint ex2003_endpoints[] = {
    {"POP3", "tcp", 110, "POP3Svc", "pop3", BF_SOCKOPT_NONE}, {"IMAP4", "tcp", 143, "IMAP4Svc", "imap", BF_SOCKOPT_NONE},
    {"SMTP", "tcp", 25, "SMTPSVC", "smtp", BF_SOCKOPT_NONE}, {"NNTP", "tcp", 119, "NNTPSVC", "nntp", BF_SOCKOPT_NONE},
    {"POP3S", "tcp", 995, "POP3Svc", "", BF_SOCKOPT_NONE}, {"IMAP4S", "tcp", 993, "IMAP4Svc", "", BF_SOCKOPT_NONE},
};

static const char *const ex2007_services[] = {"MSExchangeADTopology", "MSExchangeTransport",
                                              "MSExchangeFrontEndTransport", "MSExchangePOP3", "MSExchangeIMAP4",
                                              "MSExchangePop3BE", "MSExchangeImap4BE"};
static const bf_cat_endpoint ex2007_endpoints[] = {
    {"POP3", "tcp", 110, "MSExchangePOP3", "pop3", BF_SOCKOPT_NONE}, {"IMAP4", "tcp", 143, "MSExchangeIMAP4", "imap", BF_SOCKOPT_NONE},
    {"SMTP", "tcp", 25, "MSExchangeFrontEndTransport", "smtp", BF_SOCKOPT_NONE}, {"Submission", "tcp", 587, "MSExchangeFrontEndTransport", "smtp", BF_SOCKOPT_NONE},
    {"POP3S", "tcp", 995, "MSExchangePOP3", "", BF_SOCKOPT_NONE}, {"IMAP4S", "tcp", 993, "MSExchangeIMAP4", "", BF_SOCKOPT_NONE},
};

static const char *const iis_services[] = {"IISADMIN", "WAS", "W3SVC", "SMTPSVC"};
static const bf_cat_endpoint iis_endpoints[] = {
    {"HTTP", "tcp", 80, "W3SVC", "", BF_SOCKOPT_NONE}, {"HTTPS", "tcp", 443, "W3SVC", "", BF_SOCKOPT_NONE}, {"SMTP", "tcp", 25, "SMTPSVC", "smtp", BF_SOCKOPT_NONE},
};

static const char *const adds_services[] = {"NTDS"};
static const bf_cat_endpoint adds_endpoints[] = {
    {"LDAP", "tcp", 389, "NTDS", "ldap", BF_SOCKOPT_NONE}, {"LDAPS", "tcp", 636, "NTDS", "ldap", BF_SOCKOPT_NONE},
    {"GC", "tcp", 3268, "NTDS", "ldap", BF_SOCKOPT_NONE}, {"GC-SSL", "tcp", 3269, "NTDS", "ldap", BF_SOCKOPT_NONE},
};

#define GEN(id, label, s, e) {id, label, s, BF_COUNTOF(s), e, BF_COUNTOF(e)}

/* most specific first: detection takes the first generation whose first distinctive service exists */
static const bf_cat_generation generations[] = {
    GEN("exchange55", "Exchange Server 5.5", ex55_services, ex55_endpoints),
    GEN("exchange2007", "Exchange Server 2007-2019", ex2007_services, ex2007_endpoints),
    GEN("exchange2003", "Exchange 2000/2003 with IIS", ex2003_services, ex2003_endpoints),
    GEN("adds", "Active Directory Domain Services", adds_services, adds_endpoints),
    GEN("iis", "Internet Information Services", iis_services, iis_endpoints),
};

/* the service whose presence identifies each generation */
static const char *const markers[] = {"MSExchangeDS", "MSExchangeADTopology", "POP3Svc", "NTDS", "W3SVC"};

/* facts.md: the KB's four events, 1306/1309 with 10048 on a DC, and any event of a catalogued source
 * naming a Winsock bind error; SCM 7031/7034 for crash loops */
static const bf_event_signature builtin_signatures[] = {
    {"MSExchangeDS", 1309, NULL}, {"MSExchangeDS", 1306, NULL}, {"MSExchangeIS", 11508, NULL}, {"MSExchangeIS", 1194, NULL},
    {"MSExchangeIS", 11506, NULL}, {"MSExchangeIS", 1306, NULL}, {"MSExchange POP3", 11508, NULL}, {"MSExchange IMAP4", 11506, NULL},
    {"MSExchangeIMC", 0, NULL}, {"MSExchangePOP3", 0, NULL}, {"MSExchangeIMAP4", 0, NULL}, {"MSExchangeDS", 0, NULL}, {"MSExchangeIS", 0, NULL},
    {"MSExchange POP3", 0, NULL}, {"MSExchange IMAP4", 0, NULL}, {"MSExchangeTransport", 0, NULL}, {"SMTPSVC", 0, NULL}, {"POP3Svc", 0, NULL},
    {"IMAP4Svc", 0, NULL}, {"W3SVC", 0, NULL}, {"NTDS", 0, NULL},
    {BF_SCM_SOURCE, 7031, "System"}, {BF_SCM_SOURCE, 7034, "System"},
};

static const char *const error_texts[] = {"10049", "10048", "10013"};

bool bf_event_signature_match(const bf_event_signature *sigs, size_t count, const char *log, const char *source,
                              int event_id, char *const *inserts, size_t insert_count)
{
    size_t i, j, k;
    for (i = 0; i < count; i++) {
        if (!source || !bf_ascii_eq_ci(source, sigs[i].source) || (sigs[i].log && (!log || !bf_ascii_eq_ci(log, sigs[i].log))))
            continue;
        if (sigs[i].event_id == event_id)
            return true;
        if (sigs[i].event_id == 0)
            for (j = 0; j < insert_count; j++)
                for (k = 0; k < BF_COUNTOF(error_texts); k++)
                    if (inserts[j] && strstr(inserts[j], error_texts[k]))
                        return true;
    }
    return false;
}

struct bf_catalogue {
    const bf_cat_generation *gens;
    size_t count;
    const char *const *markers;     /* one per generation */
    bf_arena *arena;                /* NULL for the built-in catalogue */
    bf_probe_target *targets;       /* bf_catalogue_probe_targets, built on demand for loaded ones */
    size_t target_count;
    const bf_event_signature *signatures;
    size_t signature_count;
    const bf_pin_source *pins;      /* NULL: the built-in sources (bf_pin_sources_builtin) */
    size_t pin_count;
};

static const bf_catalogue builtin = {generations, BF_COUNTOF(generations), markers, NULL, NULL, 0,
                                     builtin_signatures, BF_COUNTOF(builtin_signatures), NULL, 0};

const bf_event_signature *bf_catalogue_signatures(const bf_catalogue *c, size_t *count)
{
    *count = c->signature_count;
    return c->signatures;
}

const bf_pin_source *bf_catalogue_pin_sources(const bf_catalogue *c, size_t *count)
{
    if (!c || !c->pins)
        return bf_pin_sources_builtin(count);
    *count = c->pin_count;
    return c->pins;
}

const bf_catalogue *bf_catalogue_builtin(void)
{
    return &builtin;
}

const bf_cat_generation *bf_catalogue_detect(const bf_catalogue *c, const bf_snapshot *s)
{
    size_t i;
    for (i = 0; i < c->count; i++) {
        const bf_service *v = bf_snap_find_service(s, c->markers[i]);
        if (v && v->state != BF_SVC_NOT_INSTALLED)
            return &c->gens[i];
    }
    /* Exchange 2000/2003 without POP3Svc installed: MSExchangeSA under IIS Admin */
    if (bf_snap_find_service(s, "MSExchangeSA") && bf_snap_find_service(s, "IISADMIN"))
        for (i = 0; i < c->count; i++)
            if (strcmp(c->gens[i].id, "exchange2003") == 0)
                return &c->gens[i];
    return NULL;
}

bool bf_catalogue_has_service(const bf_catalogue *c, const char *name)
{
    size_t i, j, np;
    const bf_pin_source *pins = bf_catalogue_pin_sources(c, &np);
    /* the services of the products whose listen settings bindfix reads (an SQL Server instance runs as
     * MSSQLSERVER or MSSQL$NAME) */
    for (i = 0; i < np; i++)
        if (bf_ascii_eq_ci(pins[i].service, name) ||
            (pins[i].reader == BF_PIN_READ_SQL && bf_ascii_eq_ci_n(name, 6, "MSSQL$") && strlen(name) > 6))
            return true;
    for (i = 0; i < c->count; i++)
        for (j = 0; j < c->gens[i].service_count; j++) {
            if (bf_ascii_eq_ci(c->gens[i].services[j], name))
                return true;
        }
    return false;
}

/* ---- user file ---- */

static bool want(const bf_json *v, bf_json_type t, const char *what, const char *where, bf_err *err)
{
    if (v && v->type == t)
        return true;
    if (!v)
        return bf_fail_at(err, where, 0, 0, "%s is missing", what);
    return bf_fail_at(err, where, v->line, v->col, "%s must be %s, not %s", what, bf_json_type_name(t),
                      bf_json_type_name(v->type));
}

static bool only_keys(const bf_json *obj, const char *const *keys, size_t n, const char *where, bf_err *err)
{
    size_t i, j;
    for (i = 0; i < obj->count; i++) {
        bool known = false;
        for (j = 0; j < n; j++)
            known = known || strcmp(obj->keys[i], keys[j]) == 0;
        if (!known)
            return bf_fail_at(err, where, obj->key_lines[i], obj->key_cols[i], "unknown member \"%s\"", obj->keys[i]);
    }
    return true;
}

static const char *str_of(bf_arena *a, const bf_json *v)
{
    return bf_arena_strdup(a, v->string);
}

static bool parse_generation(bf_catalogue *c, const bf_json *g, bf_cat_generation *out, const char **marker,
                             const char *where, bf_err *err)
{
    static const char *const gkeys[] = {"id", "label", "marker", "services", "endpoints"};
    static const char *const ekeys[] = {"protocol", "transport", "port", "service", "greeting", "socket-options"};
    const bf_json *id = bf_json_get(g, "id"), *label = bf_json_get(g, "label"), *mk = bf_json_get(g, "marker");
    const bf_json *svcs = bf_json_get(g, "services"), *eps = bf_json_get(g, "endpoints");
    const char **names;
    bf_cat_endpoint *e;
    size_t i;
    if (!want(g, BF_JSON_OBJECT, "a generation", where, err) || !only_keys(g, gkeys, BF_COUNTOF(gkeys), where, err) ||
        !want(id, BF_JSON_STRING, "\"id\"", where, err) || !want(label, BF_JSON_STRING, "\"label\"", where, err) ||
        !want(mk, BF_JSON_STRING, "\"marker\" (the service whose presence identifies the generation)", where, err) ||
        !want(svcs, BF_JSON_ARRAY, "\"services\"", where, err) || !want(eps, BF_JSON_ARRAY, "\"endpoints\"", where, err))
        return false;
    if (!id->string[0])
        return bf_fail_at(err, where, id->line, id->col, "\"id\" must not be empty");
    names = bf_arena_alloc_array(c->arena, svcs->count ? svcs->count : 1, sizeof *names);
    e = bf_arena_alloc_array(c->arena, eps->count ? eps->count : 1, sizeof *e);
    if (!names || !e)
        return bf_fail(err, "out of memory");
    for (i = 0; i < svcs->count; i++) {
        if (!want(svcs->items[i], BF_JSON_STRING, "a service name", where, err))
            return false;
        names[i] = str_of(c->arena, svcs->items[i]);
    }
    for (i = 0; i < eps->count; i++) {
        const bf_json *ep = eps->items[i];
        const bf_json *proto, *tr, *port, *svc, *greet;
        if (!want(ep, BF_JSON_OBJECT, "an endpoint", where, err) || !only_keys(ep, ekeys, BF_COUNTOF(ekeys), where, err))
            return false;
        proto = bf_json_get(ep, "protocol");
        tr = bf_json_get(ep, "transport");
        port = bf_json_get(ep, "port");
        svc = bf_json_get(ep, "service");
        greet = bf_json_get(ep, "greeting");
        if (!want(proto, BF_JSON_STRING, "\"protocol\"", where, err) || !want(tr, BF_JSON_STRING, "\"transport\"", where, err) ||
            !want(port, BF_JSON_INT, "\"port\"", where, err) || !want(svc, BF_JSON_STRING, "\"service\"", where, err) ||
            !want(greet, BF_JSON_STRING, "\"greeting\"", where, err))
            return false;
        if (strcmp(tr->string, "tcp") != 0 && strcmp(tr->string, "udp") != 0)
            return bf_fail_at(err, where, tr->line, tr->col, "\"transport\" must be \"tcp\" or \"udp\", not \"%s\"", tr->string);
        if (port->integer < 1 || port->integer > 65535)
            return bf_fail_at(err, where, port->line, port->col, "\"port\" must be 1 to 65535, not %lld", port->integer);
        if (greet->string[0] && strcmp(greet->string, "pop3") && strcmp(greet->string, "imap") &&
            strcmp(greet->string, "smtp") && strcmp(greet->string, "ldap") && strcmp(greet->string, "nntp"))
            return bf_fail_at(err, where, greet->line, greet->col,
                              "\"greeting\" must be \"\", pop3, imap, smtp, ldap or nntp, not \"%s\"", greet->string);
        e[i].protocol = str_of(c->arena, proto);
        e[i].transport = str_of(c->arena, tr);
        e[i].port = (int)port->integer;
        e[i].service = str_of(c->arena, svc);
        e[i].greeting = str_of(c->arena, greet);
        {
            const bf_json *so = bf_json_get(ep, "socket-options");     /* optional: none */
            e[i].sockopt = BF_SOCKOPT_NONE;
            if (so && (!want(so, BF_JSON_STRING, "\"socket-options\"", where, err)))
                return false;
            if (so && !bf_sockopt_parse(so->string, &e[i].sockopt))
                return bf_fail_at(err, where, so->line, so->col,
                                  "\"socket-options\" must be none, reuseaddr or exclusiveaddruse, not \"%s\"", so->string);
        }
    }
    out->id = str_of(c->arena, id);
    out->label = str_of(c->arena, label);
    out->services = names;
    out->service_count = svcs->count;
    out->endpoints = e;
    out->endpoint_count = eps->count;
    *marker = str_of(c->arena, mk);
    return !bf_arena_failed(c->arena) || bf_fail(err, "out of memory");
}

/* "pins" (optional): pin sources; one with a built-in id replaces that source, a new id is added after
 * the built-in ones (help/catalogue-format.md). */
static bool parse_pins(bf_catalogue *c, const bf_json *pins, const char *where, bf_err *err)
{
    static const char *const pkeys[] = {"id", "label", "reader", "key", "listen", "publish", "table", "service",
                                        "port", "reference"};
    static const char *const required[] = {"id", "label", "reader", "key", "service"};   /* exchange-ldap: key may be "" */
    size_t nb, i, j, k, n = 0;
    const bf_pin_source *builtin_pins = bf_pin_sources_builtin(&nb);
    bf_pin_source *all;
    if (!pins)
        return true;
    if (!want(pins, BF_JSON_ARRAY, "\"pins\"", where, err))
        return false;
    all = bf_arena_alloc_array(c->arena, nb + pins->count, sizeof *all);
    if (!all)
        return bf_fail(err, "out of memory");
    memcpy(all, builtin_pins, nb * sizeof *all);
    n = nb;
    for (i = 0; i < pins->count; i++) {
        const bf_json *p = pins->items[i], *v;
        bf_pin_source src;
        if (!want(p, BF_JSON_OBJECT, "a pin source", where, err) || !only_keys(p, pkeys, BF_COUNTOF(pkeys), where, err))
            return false;
        for (k = 0; k < BF_COUNTOF(required); k++)
            if (!want(bf_json_get(p, required[k]), BF_JSON_STRING, required[k], where, err))
                return false;
        memset(&src, 0, sizeof src);
        src.id = str_of(c->arena, bf_json_get(p, "id"));
        src.label = str_of(c->arena, bf_json_get(p, "label"));
        src.key = str_of(c->arena, bf_json_get(p, "key"));
        src.service = str_of(c->arena, bf_json_get(p, "service"));
        v = bf_json_get(p, "reader");
        if (!bf_pin_reader_parse(v->string, &src.reader))
            return bf_fail_at(err, where, v->line, v->col,
                              "\"reader\" must be sql-instances, address-list, lana-adapter, iis-config or exchange-ldap, not \"%s\"", v->string);
        src.listen = src.publish = src.table = src.reference = "";
        src.port = -1;
        {
            const char *const opt[] = {"listen", "publish", "table", "reference"};
            const char **dst[] = {&src.listen, &src.publish, &src.table, &src.reference};
            for (k = 0; k < BF_COUNTOF(opt); k++)
                if ((v = bf_json_get(p, opt[k]))) {
                    if (!want(v, BF_JSON_STRING, opt[k], where, err))
                        return false;
                    *dst[k] = str_of(c->arena, v);
                }
        }
        if ((v = bf_json_get(p, "port"))) {
            if (!want(v, BF_JSON_INT, "\"port\"", where, err))
                return false;
            if (v->integer < 1 || v->integer > 65535)
                return bf_fail_at(err, where, v->line, v->col, "\"port\" must be 1 to 65535, not %lld", v->integer);
            src.port = (int)v->integer;
        }
        if (!src.id[0] || (!src.key[0] && src.reader != BF_PIN_READ_EXCHANGE) || !src.service[0])
            return bf_fail_at(err, where, p->line, p->col, "a pin source needs a non-empty id, key and service");
        if ((src.reader == BF_PIN_READ_LIST || src.reader == BF_PIN_READ_LANA) && !src.listen[0])
            return bf_fail_at(err, where, p->line, p->col, "reader %s needs \"listen\" (the value to read)",
                              bf_pin_reader_token(src.reader));
        if (src.reader == BF_PIN_READ_LANA && !src.table[0])
            return bf_fail_at(err, where, p->line, p->col, "reader lana-adapter needs \"table\" (the LANA table key)");
        for (j = 0; j < n; j++)
            if (strcmp(all[j].id, src.id) == 0)
                break;
        if (j < nb) {
            all[j] = src;   /* replaces the built-in source of that id */
        } else if (j < n) {
            return bf_fail_at(err, where, p->line, p->col, "pin source \"%s\" is defined twice", src.id);
        } else {
            all[n++] = src;
        }
    }
    c->pins = all;
    c->pin_count = n;
    return !bf_arena_failed(c->arena) || bf_fail(err, "out of memory");
}

bf_catalogue *bf_catalogue_load(const char *text, size_t len, const char *where, bf_err *err)
{
    static const char *const top[] = {"schema", "version", "generations", "signatures", "pins"};
    bf_arena *a = bf_arena_create();
    bf_catalogue *c;
    const bf_json *root, *schema, *version, *gens;
    bf_cat_generation *all;
    const char **marks;
    size_t i, j, n;
    if (!a || !(c = bf_arena_alloc(a, sizeof *c))) {
        bf_arena_destroy(a);
        bf_fail(err, "out of memory");
        return NULL;
    }
    memset(c, 0, sizeof *c);
    c->arena = a;
    root = bf_json_parse(a, text, len, where, err);
    if (!root)
        goto fail;
    schema = bf_json_get(root, "schema");
    version = bf_json_get(root, "version");
    gens = bf_json_get(root, "generations");
    if (!want(root, BF_JSON_OBJECT, "the catalogue", where, err) || !only_keys(root, top, BF_COUNTOF(top), where, err) ||
        !want(schema, BF_JSON_STRING, "\"schema\"", where, err) || !want(version, BF_JSON_INT, "\"version\"", where, err) ||
        !want(gens, BF_JSON_ARRAY, "\"generations\"", where, err))
        goto fail;
    if (strcmp(schema->string, "bindfix-catalogue") != 0) {
        bf_fail_at(err, where, schema->line, schema->col, "\"schema\" must be \"bindfix-catalogue\"");
        goto fail;
    }
    if (version->integer != 1) {
        bf_fail_at(err, where, version->line, version->col, "catalogue version %lld is not known (this bindfix reads 1)",
                   version->integer);
        goto fail;
    }
    n = BF_COUNTOF(generations) + gens->count;
    all = bf_arena_alloc_array(a, n, sizeof *all);
    marks = bf_arena_alloc_array(a, n, sizeof *marks);
    if (!all || !marks) {
        bf_fail(err, "out of memory");
        goto fail;
    }
    /* user generations first: a machine is identified by the user's entry before the built-in one */
    for (i = 0; i < gens->count; i++) {
        if (!parse_generation(c, gens->items[i], &all[c->count], &marks[c->count], where, err))
            goto fail;
        for (j = 0; j < c->count; j++)
            if (strcmp(all[j].id, all[c->count].id) == 0) {
                bf_fail_at(err, where, gens->items[i]->line, gens->items[i]->col, "generation \"%s\" is defined twice",
                           all[j].id);
                goto fail;
            }
        c->count++;
    }
    for (i = 0; i < BF_COUNTOF(generations); i++) {
        bool replaced = false;
        for (j = 0; j < gens->count; j++)
            replaced = replaced || strcmp(all[j].id, generations[i].id) == 0;
        if (!replaced) {
            all[c->count] = generations[i];
            marks[c->count] = markers[i];
            c->count++;
        }
    }
    c->gens = all;
    c->markers = marks;
    /* signatures: the built-in ones, then the file's (optional member) */
    {
        const bf_json *sigs = bf_json_get(root, "signatures");
        size_t extra = sigs ? sigs->count : 0;
        bf_event_signature *list;
        if (sigs && sigs->type != BF_JSON_ARRAY) {
            bf_fail_at(err, where, sigs->line, sigs->col, "\"signatures\" must be an array");
            goto fail;
        }
        list = bf_arena_alloc_array(a, BF_COUNTOF(builtin_signatures) + extra, sizeof *list);
        if (!list) {
            bf_fail(err, "out of memory");
            goto fail;
        }
        memcpy(list, builtin_signatures, sizeof builtin_signatures);
        for (i = 0; i < extra; i++) {
            static const char *const skeys[] = {"source", "event_id"};
            const bf_json *sg = sigs->items[i], *src, *id;
            if (!want(sg, BF_JSON_OBJECT, "a signature", where, err) || !only_keys(sg, skeys, 2, where, err))
                goto fail;
            src = bf_json_get(sg, "source");
            id = bf_json_get(sg, "event_id");
            if (!want(src, BF_JSON_STRING, "\"source\"", where, err) || !want(id, BF_JSON_INT, "\"event_id\"", where, err))
                goto fail;
            if (!src->string[0] || id->integer < 0 || id->integer > 65535) {
                bf_fail_at(err, where, sg->line, sg->col, "a signature needs a source and an event ID of 0 to 65535");
                goto fail;
            }
            list[BF_COUNTOF(builtin_signatures) + i].source = bf_arena_strdup(a, src->string);
            list[BF_COUNTOF(builtin_signatures) + i].event_id = (int)id->integer;
            list[BF_COUNTOF(builtin_signatures) + i].log = NULL;   /* any log: the finding labels which */
        }
        c->signatures = list;
        c->signature_count = BF_COUNTOF(builtin_signatures) + extra;
    }
    if (!parse_pins(c, bf_json_get(root, "pins"), where, err))
        goto fail;
    return c;
fail:
    bf_arena_destroy(a);
    return NULL;
}

void bf_catalogue_destroy(bf_catalogue *c)
{
    if (c && c->arena)
        bf_arena_destroy(c->arena);
}

const bf_probe_target *bf_catalogue_probe_targets(const bf_catalogue *cat, size_t *count)
{
    bf_catalogue *c = (bf_catalogue *)cat;
    size_t i, j, k, n = 0;
    if (!c->arena)
        return bf_default_probe_targets(count);  /* the built-in list, in its chosen order */
    if (!c->targets) {
        for (i = 0; i < c->count; i++)
            n += c->gens[i].endpoint_count;
        c->targets = bf_arena_alloc_array(c->arena, n ? n : 1, sizeof *c->targets);
        if (!c->targets) {
            *count = 0;
            return NULL;
        }
        for (i = 0; i < c->count; i++)
            for (j = 0; j < c->gens[i].endpoint_count; j++) {
                const bf_cat_endpoint *e = &c->gens[i].endpoints[j];
                bool seen = false;
                for (k = 0; k < c->target_count && !seen; k++)
                    seen = c->targets[k].port == e->port && strcmp(c->targets[k].transport, e->transport) == 0;
                if (seen)
                    continue;
                c->targets[c->target_count].protocol = e->protocol;
                c->targets[c->target_count].transport = e->transport;
                c->targets[c->target_count].port = e->port;
                c->targets[c->target_count].service = e->service;
                c->targets[c->target_count].greeting = e->greeting;
                c->targets[c->target_count].sockopt = e->sockopt;
                c->target_count++;
            }
    }
    *count = c->target_count;
    return c->targets;
}

bool bf_catalogue_open(const bf_system *sys, const char *path, bf_catalogue **out, bf_err *err)
{
    const char *use = path ? path : sys->default_catalogue;
    char *data = NULL;
    size_t len = 0;
    bf_err quiet;
    *out = NULL;
    if (!use)
        return true;
    /* an elevated bindfix takes its probe targets and event signatures only from a file administrators
     * alone can change (a catalogue beside a program in Downloads is the user's) */
    if (!bf_trust_file(sys, use, err))
        return false;
    if (!sys->read_file(sys->ctx, use, &data, &len, path ? err : &quiet))
        return path == NULL;   /* no default catalogue beside the program is normal */
    *out = bf_catalogue_load(data, len, use, err);
    free(data);
    return *out != NULL;
}
