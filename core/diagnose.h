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
} bf_evidence;

typedef struct bf_action {
    char *kind;         /* "reorder-bindings" | "set-metric" | "skip-as-source" | "hosts-comment" |
                         * "ldap-alt-port" | "restart-services" | "install-fix" | "start-service" */
    char *title;        /* "Move LAN (192.0.2.10) before NDISWAN in the binding order" */
    char *detail;       /* exact change: value before -> after */
    char *predicted;    /* what the model predicts: "gethostbyname: 192.0.2.10, 198.51.100.7; POP3 binds" */
    bool recommended;
    char **params;      /* kind-specific "key=value" strings the repair engine reads */
    size_t param_count, param_cap;
} bf_action;

typedef struct bf_finding {
    char *id;           /* stable: "BF-RESOLVER-UNBOUND", ... */
    bf_severity severity;
    char *title;        /* one line */
    char *cause;        /* plain words, a paragraph */
    bf_evidence *evidence; size_t evidence_count, evidence_cap;
    char **references;  /* "KB Q214864", "KB 2621067", ... */
    size_t reference_count, reference_cap;
    bf_action *actions; size_t action_count, action_cap;
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

const char *bf_severity_token(bf_severity v);
bool bf_severity_parse(const char *tok, bf_severity *out);

#endif
