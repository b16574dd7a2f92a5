/* catalogue.c - see catalogue.h. Start orders from facts.md: Exchange 5.5 starts SA, DS, IS, ES, MTA,
 * IMC; 2000/2003 protocols run under IIS Admin; 2007+ POP3/IMAP4 depend on AD Topology. */
#include "catalogue.h"

#include <string.h>

static const char *const ex55_services[] = {"MSExchangeSA", "MSExchangeDS", "MSExchangeIS", "MSExchangeES",
                                            "MSExchangeMTA", "MSExchangeIMC"};
static const bf_cat_endpoint ex55_endpoints[] = {
    {"LDAPS", "tcp", 636, "MSExchangeDS", "ldap"}, {"POP3", "tcp", 110, "MSExchangeIS", "pop3"},
    {"IMAP4", "tcp", 143, "MSExchangeIS", "imap"}, {"LDAP", "tcp", 389, "MSExchangeDS", "ldap"},
    {"SMTP", "tcp", 25, "MSExchangeIMC", "smtp"}, {"NNTP", "tcp", 119, "MSExchangeIS", "nntp"},
    {"X.400", "tcp", 102, "MSExchangeMTA", ""},
};

static const char *const ex2003_services[] = {"IISADMIN", "MSExchangeSA", "MSExchangeIS", "SMTPSVC", "POP3Svc",
                                              "IMAP4Svc", "NNTPSVC"};
static const bf_cat_endpoint ex2003_endpoints[] = {
    {"POP3", "tcp", 110, "POP3Svc", "pop3"}, {"IMAP4", "tcp", 143, "IMAP4Svc", "imap"},
    {"SMTP", "tcp", 25, "SMTPSVC", "smtp"}, {"NNTP", "tcp", 119, "NNTPSVC", "nntp"},
    {"POP3S", "tcp", 995, "POP3Svc", ""}, {"IMAP4S", "tcp", 993, "IMAP4Svc", ""},
};

static const char *const ex2007_services[] = {"MSExchangeADTopology", "MSExchangeTransport",
                                              "MSExchangeFrontEndTransport", "MSExchangePOP3", "MSExchangeIMAP4",
                                              "MSExchangePop3BE", "MSExchangeImap4BE"};
static const bf_cat_endpoint ex2007_endpoints[] = {
    {"POP3", "tcp", 110, "MSExchangePOP3", "pop3"}, {"IMAP4", "tcp", 143, "MSExchangeIMAP4", "imap"},
    {"SMTP", "tcp", 25, "MSExchangeFrontEndTransport", "smtp"}, {"Submission", "tcp", 587, "MSExchangeFrontEndTransport", "smtp"},
    {"POP3S", "tcp", 995, "MSExchangePOP3", ""}, {"IMAP4S", "tcp", 993, "MSExchangeIMAP4", ""},
};

static const char *const iis_services[] = {"IISADMIN", "WAS", "W3SVC", "SMTPSVC"};
static const bf_cat_endpoint iis_endpoints[] = {
    {"HTTP", "tcp", 80, "W3SVC", ""}, {"HTTPS", "tcp", 443, "W3SVC", ""}, {"SMTP", "tcp", 25, "SMTPSVC", "smtp"},
};

static const char *const adds_services[] = {"NTDS"};
static const bf_cat_endpoint adds_endpoints[] = {
    {"LDAP", "tcp", 389, "NTDS", "ldap"}, {"LDAPS", "tcp", 636, "NTDS", "ldap"},
    {"GC", "tcp", 3268, "NTDS", "ldap"}, {"GC-SSL", "tcp", 3269, "NTDS", "ldap"},
};

/* the Wine tests' own service (tests/wine/testsvc.c) speaks POP3 on a loopback port */
static const char *const test_services[] = {"bindfix-testsvc"};
static const bf_cat_endpoint test_endpoints[] = {{"POP3", "tcp", 110, "bindfix-testsvc", "pop3"}};

#define GEN(id, label, s, e) {id, label, s, BF_COUNTOF(s), e, BF_COUNTOF(e)}

/* most specific first: detection takes the first generation whose first distinctive service exists */
static const bf_cat_generation generations[] = {
    GEN("exchange55", "Exchange Server 5.5", ex55_services, ex55_endpoints),
    GEN("exchange2007", "Exchange Server 2007-2019", ex2007_services, ex2007_endpoints),
    GEN("exchange2003", "Exchange 2000/2003 with IIS", ex2003_services, ex2003_endpoints),
    GEN("adds", "Active Directory Domain Services", adds_services, adds_endpoints),
    GEN("iis", "Internet Information Services", iis_services, iis_endpoints),
    GEN("test", "bindfix test service", test_services, test_endpoints),
};

/* the service whose presence identifies each generation */
static const char *const markers[] = {"MSExchangeDS", "MSExchangeADTopology", "POP3Svc", "NTDS", "W3SVC",
                                      "bindfix-testsvc"};

struct bf_catalogue {
    const bf_cat_generation *gens;
    size_t count;
};

static const bf_catalogue builtin = {generations, BF_COUNTOF(generations)};

const bf_catalogue *bf_catalogue_builtin(void)
{
    return &builtin;
}

size_t bf_catalogue_generation_count(const bf_catalogue *c)
{
    return c->count;
}

const bf_cat_generation *bf_catalogue_generation(const bf_catalogue *c, size_t i)
{
    return i < c->count ? &c->gens[i] : NULL;
}

const bf_cat_generation *bf_catalogue_detect(const bf_catalogue *c, const bf_snapshot *s)
{
    size_t i;
    for (i = 0; i < c->count && i < BF_COUNTOF(markers); i++) {
        const bf_service *v = bf_snap_find_service(s, markers[i]);
        if (v && v->state != BF_SVC_NOT_INSTALLED)
            return &c->gens[i];
    }
    /* Exchange 2000/2003 without POP3Svc installed: MSExchangeSA under IIS Admin */
    if (bf_snap_find_service(s, "MSExchangeSA") && bf_snap_find_service(s, "IISADMIN"))
        return &c->gens[2];
    return NULL;
}

static char ascii_lower(char ch)
{
    return (ch >= 'A' && ch <= 'Z') ? (char)(ch - 'A' + 'a') : ch;
}

bool bf_catalogue_has_service(const bf_catalogue *c, const char *name)
{
    size_t i, j;
    for (i = 0; i < c->count; i++)
        for (j = 0; j < c->gens[i].service_count; j++) {
            const char *a = c->gens[i].services[j], *b = name;
            while (*a && *b && ascii_lower(*a) == ascii_lower(*b))
                a++, b++;
            if (!*a && !*b)
                return true;
        }
    return false;
}
