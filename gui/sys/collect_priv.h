/* collect_priv.h - the per-source collectors that bfsys_collect (collect.c) runs in order.
 *
 * Each fills its part of the snapshot. A source that cannot be read is recorded in the snapshot
 * (section status + problem) and the function still returns ERROR_SUCCESS; an error code comes back only
 * when the snapshot itself could not be built (out of memory). */
#ifndef BFSYS_COLLECT_PRIV_H
#define BFSYS_COLLECT_PRIV_H

#include "sys.h"

DWORD bfsys_collect_identity(bf_snapshot *s);        /* os.c: host name, FQDN */
DWORD bfsys_collect_os(bf_snapshot *s);              /* os.c */
DWORD bfsys_collect_adapters(bf_snapshot *s);        /* adapters.c */
DWORD bfsys_collect_binding(bf_snapshot *s);         /* binding.c */
DWORD bfsys_collect_resolver(bf_snapshot *s);        /* resolver.c */
DWORD bfsys_collect_hosts(bf_snapshot *s);           /* hosts.c */
DWORD bfsys_collect_listeners(bf_snapshot *s);       /* listeners.c */
DWORD bfsys_collect_ipv6_policy(bf_snapshot *s);     /* policy.c: DisabledComponents, prefix policies */
DWORD bfsys_collect_services(bf_snapshot *s, const bf_collect_opts *opts);  /* services.c */
DWORD bfsys_collect_events(bf_snapshot *s, const bf_collect_opts *opts);   /* eventlog.c */
DWORD bfsys_collect_dns_publication(bf_snapshot *s);  /* dnspub.c: DNS's A/AAAA for the host's name */
DWORD bfsys_collect_outbound(bf_snapshot *s);      /* outbound.c: the source address toward each gateway */
DWORD bfsys_collect_pins(bf_snapshot *s, const bf_collect_opts *opts);     /* pins.c */
DWORD bfsys_probe_endpoints(bf_snapshot *s, const bf_collect_opts *opts);  /* probe.c */

#endif
