/*
 * monitor.h - bindfix for the monitoring systems estates already run (issue 17): the Prometheus text
 * exposition format (for windows_exporter's textfile collector) and the monitoring-plugin convention
 * (Nagios, Icinga, NSClient++: one status line with performance data, exit 0 OK, 1 WARNING, 2 CRITICAL,
 * 3 UNKNOWN). Both are made from a snapshot and its diagnosis; help/monitoring.md documents them.
 */
#ifndef BF_MONITOR_H
#define BF_MONITOR_H

#include "diagnose.h"
#include "strbuf.h"

/* Whether a finding gives the probe ("POP3 110 @ 192.0.2.10") as its evidence: a bind probe that the
 * diagnosis counts as a failure (a port held by the protocol's own service answers 10048 too, and is
 * none). */
bool bf_diagnosis_reports_probe(const bf_diagnosis *d, const char *protocol, int port, const char *address);

/* Seconds since 1970-01-01T00:00:00Z of an ISO 8601 UTC time "YYYY-MM-DDThh:mm:ssZ"; false when the
 * text is not one. */
bool bf_iso_to_unix(const char *iso, long long *out);

/* The metrics (text exposition format 0.0.4: HELP and TYPE before each family, label values escaped,
 * "\n" line ends) of a diagnosed snapshot. */
bool bf_prometheus_write(const bf_snapshot *snap, const bf_diagnosis *d, bf_buf *out);

#define BF_PLUGIN_OK 0
#define BF_PLUGIN_WARNING 1
#define BF_PLUGIN_CRITICAL 2
#define BF_PLUGIN_UNKNOWN 3

/* The plugin's status line (one line, "\n" at the end, no '|' in the text) with its performance data;
 * returns the plugin state: CRITICAL for a finding of severity error or critical, WARNING for a warning,
 * else OK (info findings alone are OK, as `scan` counts them). */
int bf_plugin_write(const bf_snapshot *snap, const bf_diagnosis *d, bf_buf *out);

#endif
