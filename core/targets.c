/* targets.c - the built-in probe list: the KB's three protocols first, then their neighbours
 * (ports from KB 278339, see ../shared/reference/facts.md). */
#include "system.h"

static const bf_probe_target default_targets[] = {
    {"LDAPS", "tcp", 636, "MSExchangeDS", "ldap", BF_SOCKOPT_NONE},
    {"POP3", "tcp", 110, "MSExchangeIS", "pop3", BF_SOCKOPT_NONE},
    {"IMAP4", "tcp", 143, "MSExchangeIS", "imap", BF_SOCKOPT_NONE},
    {"LDAP", "tcp", 389, "MSExchangeDS", "ldap", BF_SOCKOPT_NONE},
    {"SMTP", "tcp", 25, "MSExchangeIMC", "smtp", BF_SOCKOPT_NONE},
    {"NNTP", "tcp", 119, "MSExchangeIS", "nntp", BF_SOCKOPT_NONE},
};

const bf_probe_target *bf_default_probe_targets(size_t *count)
{
    *count = BF_COUNTOF(default_targets);
    return default_targets;
}

void bf_collect_opts_default(bf_collect_opts *o)
{
    o->probes = true;
    o->greetings = true;
    o->dns = false;
    o->probe_timeout_ms = 1500;
    o->event_max_count = 5000;
    o->event_max_age_days = 30;
    o->targets = NULL;
    o->target_count = 0;
    o->signatures = NULL;
    o->signature_count = 0;
    o->pins = NULL;
    o->pin_count = 0;
    o->cancel = NULL;
    o->progress = NULL;
    o->progress_ctx = NULL;
}
