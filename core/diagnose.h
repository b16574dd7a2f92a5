/*
 * diagnose.h - findings: what is wrong, why, the evidence, and the repair options.
 *
 * bf_diagnose() is pure: it reads a snapshot (and the protocol catalogue) and returns findings; it never
 * touches the machine.  Every finding rests on evidence rows taken from the snapshot; a healthy machine
 * gives none.  Finding IDs are stable (documented in help/, one topic per ID).
 */
#ifndef BF_DIAGNOSE_H
#define BF_DIAGNOSE_H

#include "model.h"

typedef enum bf_severity {
    BF_SEV_INFO = 0,    /* "info" */
    BF_SEV_WARNING,     /* "warning" */
    BF_SEV_ERROR,       /* "error" */
    BF_SEV_CRITICAL,    /* "critical": a catalogued protocol cannot serve */
    BF_SEV__COUNT
} bf_severity;

typedef struct bf_evidence {
    char *section;      /* "adapters" | "binding" | "resolver" | "hosts" | "os" | "endpoints" |
                         * "listeners" | "services" | "events" */
    char *ref;          /* the row it points at: adapter GUID, address, "POP3 110 @ 198.51.100.7",
                         * hosts line number, service name, event source/id, ... */
    char *text;         /* the fact in words: "gethostbyname returned 198.51.100.7 first" */
    bool user_writable; /* the fact comes from records any user can write (the Application log): the
                         * text says so too, and the JSON carries "user_writable": true */
} bf_evidence;

/* The event rules read the newest BF_DIAG_EVENTS_MAX records of a snapshot (a live scan holds at most
 * 5,000 per log); BF-EVENTS says how many older ones were left out. */
#define BF_DIAG_EVENTS_MAX 100000

/* A finding names at most this many hosts lines as evidence rows; one more row counts the rest (the scan's
 * and the reports' hosts section list every line). */
#define BF_DIAG_HOSTS_EVIDENCE 10

/* What an action does (help/findings.md, "Action kinds"); the token is the diagnosis JSON's "kind". */
typedef enum bf_action_kind {
    BF_ACTION_REORDER_BINDINGS = 0, /* "reorder-bindings": the TCP/IP binding order */
    BF_ACTION_SET_METRIC,           /* "set-metric": an interface metric */
    BF_ACTION_SKIP_AS_SOURCE,       /* "skip-as-source": an address's SkipAsSource flag */
    BF_ACTION_HOSTS_COMMENT,        /* "hosts-comment": comment out a hosts line */
    BF_ACTION_LDAP_ALT_PORT,        /* "ldap-alt-port": Exchange 5.5's LDAP port (by hand) */
    BF_ACTION_RESTART_SERVICES,     /* "restart-services": the services and their dependents */
    BF_ACTION_INSTALL_FIX,          /* "install-fix": a hotfix or service pack (by hand) */
    BF_ACTION_START_SERVICE,        /* "start-service": start stopped services, in order */
    BF_ACTION_PORT_EXCLUSION,       /* "port-exclusion": stop winnat, exclude the port, start winnat (by hand) */
    BF_ACTION_HTTP_LISTEN_REMOVE,   /* "http-listen-remove": an address out of http.sys's ListenOnlyList */
    BF_ACTION_SET_DISABLED_COMPONENTS, /* "set-disabled-components": Tcpip6 DisabledComponents (needs a restart) */
    BF_ACTION_PIN_SETTING,          /* "pin-setting": a product's own listen setting (core/pins.h) */
    BF_ACTION_DNS_REGISTRATION_OFF, /* "dns-registration-off": an adapter stops registering its addresses in DNS
                                     * (Interfaces\{GUID} DisableDynamicUpdate = 1 and RegistrationEnabled = 0),
                                     * then ipconfig /registerdns and the query again (core/fix_dns.c) */
    BF_ACTION_DELAYED_AUTO_START,   /* "delayed-auto-start": an auto-start service started later at boot */
    BF_ACTION__COUNT
} bf_action_kind;

/* The parameters the repair engine reads; which ones a kind uses is said beside each. A string not
 * given is NULL, a number not given 0 (every number here is 1 or more when given). The diagnosis JSON
 * spells them "key=value" (diagnosis_json.c), in this order. */
typedef struct bf_action_params {
    const char *fix;        /* install-fix: "Q214864" */
    const char *order;      /* reorder-bindings: adapter GUIDs, comma-separated, in the proposed order */
    const char *adapter;    /* set-metric, dns-registration-off: the adapter's GUID */
    int metric;             /* set-metric: the new metric, 1..9999 */
    const char *address;    /* skip-as-source: the address to mark; http-listen-remove: the entry to remove */
    int line;               /* hosts-comment: the line number (from 1, after a BOM); with address= the first
                             * of the lines naming that address, which the action comments out all of */
    const char *text;       /* hosts-comment: the line as the diagnosis read it */
    int port;               /* ldap-alt-port, port-exclusion: 1..65535 */
    const char *services;   /* restart-services, start-service: service names, comma-separated, in order;
                             * delayed-auto-start: one service name */
    const char *transport;  /* port-exclusion: "tcp" | "udp" */
    int family;             /* port-exclusion: 4 | 6 (netsh int ipv4 | ipv6) */
    const char *value;      /* set-disabled-components: the new REG_DWORD in hex, "0x20" */
    const char *reg_key;    /* pin-setting: the registry key under HKLM */
    const char *reg_value;  /* pin-setting: the value name */
    const char *edit;       /* pin-setting: "set-zero" | "set-one" (a DWORD), "remove-address" | "add-address"
                             * (address= in an address list, in the list's own layout) */
} bf_action_params;

typedef struct bf_action {
    bf_action_kind kind;
    char *title;        /* "Move LAN (192.0.2.10) before NDISWAN in the binding order" */
    char *detail;       /* exact change: value before -> after */
    char *predicted;    /* what the model predicts: "gethostbyname: 192.0.2.10, 198.51.100.7; POP3 binds" */
    bool recommended;
    /* the model's verdict behind `predicted`: every address the resolver returns after the action is bound
     * (YES), some still is not (NO), or no prediction (UNKNOWN). Not written out: the cause tree reads it to
     * say whether mending the cause is predicted to mend its effects (causes.h). */
    bf_tristate predicted_clean;
    bf_action_params params;
} bf_action;

/* A fact a finding states or is explained by (causes.h): the kind, and the value it is about. */
typedef enum bf_link_kind {
    BF_LINK_ADDRESS = 0,     /* an address of the host name that cannot be bound */
    BF_LINK_FIRST_ADAPTER,   /* an adapter (GUID) ordered before the LAN adapter */
    BF_LINK_HOSTS_ADDRESS,   /* an address a hosts line pins the host name to */
    BF_LINK_ORDER_RULE,      /* the resolver order rule that returns unbound adapter addresses ("nt4sp4") */
    BF_LINK_BIND_FAILURE,    /* some protocol cannot bind (value "any") */
    BF_LINK_SERVICE_BIND,    /* a protocol of this service cannot bind (the service's name) */
    BF_LINK_DEPENDENCY,      /* a service this one depends on is stopped (the service's name) */
    BF_LINK_SERVICE_DOWN,    /* this service is stopped although it starts automatically (its name) */
    BF_LINK_RESERVED_PORT,   /* a protocol's port lies in an excluded or reserved range ("tcp/143") */
    BF_LINK_FAMILY_FIRST,    /* the resolver returns this family first ("IPv6", "IPv4") */
    BF_LINK__COUNT
} bf_link_kind;

typedef struct bf_link_key {
    bf_link_kind kind;
    const char *value;
} bf_link_key;

typedef struct bf_finding {
    char *id;           /* stable: "BF-RESOLVER-UNBOUND", ... */
    bf_severity severity;
    char *title;        /* one line */
    char *cause;        /* plain words, a paragraph */
    bf_evidence *evidence; size_t evidence_count, evidence_cap;
    char **references;  /* "KB Q214864", "KB 2621067", ... */
    size_t reference_count, reference_cap;
    bf_action *actions; size_t action_count, action_cap;
    /* what the rules say the cause links are made from (causes.h); not written out */
    bf_link_key *about; size_t about_count, about_cap;
    bf_link_key *because; size_t because_count, because_cap;
    /* the cause tree (bf_link_causes): indexes into the diagnosis's findings, ascending */
    size_t *explains; size_t explains_count, explains_cap;  /* the findings this one explains */
    size_t *causes; size_t cause_count, cause_cap;          /* the findings that explain it (none: a root) */
    bf_severity tree_severity;  /* the highest severity of this finding and everything under it */
    char *cause_not_found;      /* a root that something could have explained: what was looked for */
} bf_finding;

typedef struct bf_diagnosis {
    bf_arena *arena;
    char *generation;           /* product generation detected: "exchange55", "exchange2000", ..., "" */
    char *order_rule;           /* resolver-order rule applied: "nt4sp4", "binding", "metric", ... */
    char **predicted_order;     /* the model's order of the host's addresses */
    size_t predicted_count, predicted_cap;
    bf_finding *findings;       /* most severe first */
    size_t finding_count, finding_cap;
} bf_diagnosis;

struct bf_catalogue;

/* cat may be NULL (built-in catalogue). NULL return only on out-of-memory (err filled). */
bf_diagnosis *bf_diagnose(const bf_snapshot *snap, const struct bf_catalogue *cat, bf_err *err);
void bf_diagnosis_destroy(bf_diagnosis *d);

/* The diagnosis's last step, in causes.c (causes.h reads the tree): joins the findings (sorted) into
 * causes and effects; false only on out of memory. */
bool bf_link_causes(bf_diagnosis *d);

const char *bf_severity_token(bf_severity v);
/* Never NULL: an out-of-range kind gives "other". */
const char *bf_action_kind_token(bf_action_kind v);

/* The DNS administrator's commands that remove the record name -> address ("dnscmd /recorddelete ZONE
 * HOST A|AAAA ADDRESS /f, or Remove-DnsServerResourceRecord ..."), appended to out. */
struct bf_buf;
void bf_dns_admin_commands(const char *name, const char *address, struct bf_buf *out);

/* Whether b does what a does: the same kind with the same parameters (several findings can offer one
 * action; it is listed and done once). */
bool bf_action_same(const bf_action *a, const bf_action *b);
/* Whether an action doing what a does is among list[0..n). */
bool bf_action_listed(const bf_action *a, const bf_action *const *list, size_t n);

#endif
