/*
 * catalogue.h - the products bindfix speaks for: per product generation, its services in start order,
 * the protocol endpoints they own and the references that explain them (../shared/reference/facts.md,
 * KB 278339 for the ports). Built in, plus a user file; the generation present is detected from the
 * services found.
 */
#ifndef BF_CATALOGUE_H
#define BF_CATALOGUE_H

#include "model.h"
#include "system.h"

typedef struct bf_cat_endpoint {
    const char *protocol;
    const char *transport;
    int port;
    const char *service;    /* owning service */
    const char *greeting;   /* "pop3" | "imap" | "smtp" | "ldap" | "nntp" | "" */
    bf_sockopt sockopt;     /* "socket-options": what the service sets before bind; none unless known */
} bf_cat_endpoint;

typedef struct bf_cat_generation {
    const char *id;         /* "exchange55" */
    const char *label;      /* "Exchange Server 5.5" */
    const char *const *services;   /* start order; stop in reverse */
    size_t service_count;
    const bf_cat_endpoint *endpoints;
    size_t endpoint_count;
} bf_cat_generation;

typedef struct bf_catalogue bf_catalogue;

/* The built-in catalogue (static data, never freed). */
const bf_catalogue *bf_catalogue_builtin(void);

/* The generation whose marker service is installed on the machine, most specific first; NULL when none. */
const bf_cat_generation *bf_catalogue_detect(const bf_catalogue *c, const bf_snapshot *s);

/* The built-in catalogue plus a user file (JSON, help/catalogue-format.md): a generation with a known id
 * replaces the built-in one, a new id is added. Strict like the snapshot reader: NULL with err naming
 * FILE:LINE:COL and the problem. */
bf_catalogue *bf_catalogue_load(const char *text, size_t len, const char *where, bf_err *err);
void bf_catalogue_destroy(bf_catalogue *c);    /* no-op for the built-in one */

/* Reads the catalogue file path (or, when path is NULL, sys->default_catalogue if it exists) into *out.
 * An explicit path that cannot be read or parsed is an error; a missing default is not (true, *out
 * NULL: the built-in catalogue applies). A diagnosis made with the catalogue points into it. */
bool bf_catalogue_open(const bf_system *sys, const char *path, bf_catalogue **out, bf_err *err);

/* Every endpoint of every generation once (protocol, transport, port), as probe targets; allocated in
 * the catalogue, valid while it lives. */
const bf_probe_target *bf_catalogue_probe_targets(const bf_catalogue *c, size_t *count);

/* The event-log signatures of a bind failure: the built-in ones (the KB's 1309, 11508, 1194, 11506 and
 * their relatives) plus those of a user file. */
const bf_event_signature *bf_catalogue_signatures(const bf_catalogue *c, size_t *count);
/* Does a record of this log, source and ID (with these insertion strings) match one of the signatures?
 * The source is compared whole (see bf_event_signature); a signature naming a log matches no other. */
bool bf_event_signature_match(const bf_event_signature *sigs, size_t count, const char *log, const char *source,
                              int event_id, char *const *inserts, size_t insert_count);

/* The products whose own settings pin their listen addresses (core/pins.h): the built-in sources,
 * replaced or added to by a user file's "pins". */
struct bf_pin_source;
const struct bf_pin_source *bf_catalogue_pin_sources(const bf_catalogue *c, size_t *count);

/* Is `name` a service of any generation? */
bool bf_catalogue_has_service(const bf_catalogue *c, const char *name);

#endif
