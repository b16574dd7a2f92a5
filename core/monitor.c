/*
 * monitor.c - the Prometheus metrics and the monitoring-plugin status line (see monitor.h).
 *
 * Prometheus: https://prometheus.io/docs/instrumenting/exposition_formats/ - "# HELP name text" and
 * "# TYPE name gauge" once per family, before its samples; label values escape backslash, double quote
 * and line feed; the whole file is UTF-8. Every family is written even when it has no failing sample
 * (findings per severity are written for all four severities), so that an alert on "> 0" sees a 0 and
 * not a missing series.
 *
 * Plugin: the Monitoring Plugins Development Guidelines - "SERVICE STATUS: text | perfdata", perfdata
 * 'label'=value[UOM];[warn];[crit];[min];[max] separated by spaces, the status text one line without a
 * '|'. Host-supplied text (protocol names) is cleaned of control characters and '|'.
 */
#include "monitor.h"

#include <stdio.h>
#include <string.h>

#include "causes.h"
#include "report.h"

bool bf_diagnosis_reports_probe(const bf_diagnosis *d, const char *protocol, int port, const char *address)
{
    size_t i, j, pn = strlen(protocol);
    char tail[80];
    size_t tn;
    snprintf(tail, sizeof tail, " %d @ ", port);
    tn = strlen(tail);
    for (i = 0; i < d->finding_count; i++)
        for (j = 0; j < d->findings[i].evidence_count; j++) {
            const bf_evidence *ev = &d->findings[i].evidence[j];
            /* the ref is "PROTOCOL PORT @ ADDRESS" (diagnose.c) */
            if (strcmp(ev->section, "endpoints") == 0 && strncmp(ev->ref, protocol, pn) == 0 &&
                strncmp(ev->ref + pn, tail, tn) == 0 && strcmp(ev->ref + pn + tn, address) == 0)
                return true;
        }
    return false;
}

static bool digits(const char *s, int n, int *out)
{
    int i, v = 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool bf_iso_to_unix(const char *iso, long long *out)
{
    int y, mo, d, h, mi, s;
    long long days, yy;
    unsigned mp;
    if (strlen(iso) != 20 || iso[4] != '-' || iso[7] != '-' || iso[10] != 'T' || iso[13] != ':' ||
        iso[16] != ':' || iso[19] != 'Z' || !digits(iso, 4, &y) || !digits(iso + 5, 2, &mo) ||
        !digits(iso + 8, 2, &d) || !digits(iso + 11, 2, &h) || !digits(iso + 14, 2, &mi) ||
        !digits(iso + 17, 2, &s) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return false;
    /* days from civil (Howard Hinnant's algorithm): March-based years make the leap day the last day */
    yy = y - (mo <= 2);
    {
        long long era = (yy >= 0 ? yy : yy - 399) / 400;
        unsigned yoe = (unsigned)(yy - era * 400);
        unsigned doy;
        mp = (unsigned)(mo > 2 ? mo - 3 : mo + 9);
        doy = (153 * mp + 2) / 5 + (unsigned)d - 1;
        days = era * 146097 + (long long)(yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
    }
    *out = days * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

/* A label value: valid UTF-8, with \ " and line feed escaped as the format says. */
static void label_value(bf_buf *out, const char *s)
{
    bf_buf clean;
    const char *p;
    bf_buf_init(&clean);
    bf_utf8_sanitize_append(&clean, s);
    for (p = bf_buf_cstr(&clean); *p; p++) {
        if (*p == '\\')
            bf_buf_puts(out, "\\\\");
        else if (*p == '"')
            bf_buf_puts(out, "\\\"");
        else if (*p == '\n')
            bf_buf_puts(out, "\\n");
        else
            bf_buf_putc(out, *p);
    }
    if (clean.failed)
        out->failed = true;
    bf_buf_free(&clean);
}

static void family(bf_buf *out, const char *name, const char *help)
{
    bf_buf_printf(out, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

bool bf_prometheus_write(const bf_snapshot *snap, const bf_diagnosis *d, bf_buf *out)
{
    size_t i, j, counts[BF_SEV__COUNT] = {0};
    long long t;
    for (i = 0; i < d->finding_count; i++)
        if ((unsigned)d->findings[i].severity < BF_SEV__COUNT)
            counts[d->findings[i].severity]++;

    family(out, "bindfix_scan_timestamp_seconds", "When the scan was collected (Unix time, UTC).");
    if (bf_iso_to_unix(snap->collected_at, &t))
        bf_buf_printf(out, "bindfix_scan_timestamp_seconds %lld\n", t);
    else
        bf_buf_puts(out, "bindfix_scan_timestamp_seconds NaN\n");

    family(out, "bindfix_bind_failure",
           "A bind probe that failed, 1 per protocol, port, address and Winsock error (10049, 10048, 10013).");
    for (i = 0; i < snap->endpoint_count; i++) {
        const bf_endpoint *e = &snap->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            if (p->result == BF_PROBE_OK || p->result == BF_PROBE_NOT_RUN ||
                !bf_diagnosis_reports_probe(d, e->protocol, e->port, p->address))
                continue;
            bf_buf_puts(out, "bindfix_bind_failure{protocol=\"");
            label_value(out, e->protocol);
            bf_buf_puts(out, "\",transport=\"");
            label_value(out, e->transport);
            bf_buf_printf(out, "\",port=\"%d\",address=\"", e->port);
            label_value(out, p->address);
            bf_buf_printf(out, "\",error=\"%d\"} 1\n", p->error);
        }
    }

    family(out, "bindfix_protocol_binds", "1 when the protocol binds on every address probed, 0 when one fails.");
    for (i = 0; i < snap->endpoint_count; i++) {
        const bf_endpoint *e = &snap->endpoints[i];
        bool ok = true;
        for (j = 0; j < e->probe_count && ok; j++)
            ok = e->probes[j].result == BF_PROBE_OK || e->probes[j].result == BF_PROBE_NOT_RUN ||
                 !bf_diagnosis_reports_probe(d, e->protocol, e->port, e->probes[j].address);
        bf_buf_puts(out, "bindfix_protocol_binds{protocol=\"");
        label_value(out, e->protocol);
        bf_buf_puts(out, "\",transport=\"");
        label_value(out, e->transport);
        bf_buf_printf(out, "\",port=\"%d\"} %d\n", e->port, ok ? 1 : 0);
    }

    family(out, "bindfix_findings", "Findings of the diagnosis per severity.");
    for (i = 0; i < BF_SEV__COUNT; i++)
        bf_buf_printf(out, "bindfix_findings{severity=\"%s\"} %zu\n", bf_severity_token((bf_severity)i), counts[i]);

    family(out, "bindfix_finding", "Findings per finding ID and severity (help/findings.md).");
    for (i = 0; i < d->finding_count; i++) {
        size_t k, n = 0;
        bool first = true;
        for (k = 0; k < i && first; k++)
            if (strcmp(d->findings[k].id, d->findings[i].id) == 0 && d->findings[k].severity == d->findings[i].severity)
                first = false;
        if (!first)
            continue;   /* written with the first of its kind */
        for (k = i; k < d->finding_count; k++)
            n += strcmp(d->findings[k].id, d->findings[i].id) == 0 && d->findings[k].severity == d->findings[i].severity;
        bf_buf_puts(out, "bindfix_finding{id=\"");
        label_value(out, d->findings[i].id);
        bf_buf_printf(out, "\",severity=\"%s\"} %zu\n", bf_severity_token(d->findings[i].severity), n);
    }
    return !out->failed;
}

/* Host-supplied text in the status line: one line, no '|' (it would start the performance data). */
static void plugin_text(bf_buf *out, const char *s)
{
    bf_buf clean;
    const char *p;
    bf_buf_init(&clean);
    bf_text_clean_append(&clean, s, false);
    for (p = bf_buf_cstr(&clean); *p; p++)
        bf_buf_putc(out, *p == '|' ? '/' : *p);
    if (clean.failed)
        out->failed = true;
    bf_buf_free(&clean);
}

int bf_plugin_write(const bf_snapshot *snap, const bf_diagnosis *d, bf_buf *out)
{
    size_t i, j, counts[BF_SEV__COUNT] = {0}, failures = 0, shown = 0, root;
    int state = BF_PLUGIN_OK;
    static const char *const words[] = {"OK", "WARNING", "CRITICAL", "UNKNOWN"};
    for (i = 0; i < d->finding_count; i++)
        if ((unsigned)d->findings[i].severity < BF_SEV__COUNT)
            counts[d->findings[i].severity]++;
    if (counts[BF_SEV_ERROR] || counts[BF_SEV_CRITICAL])
        state = BF_PLUGIN_CRITICAL;
    else if (counts[BF_SEV_WARNING])
        state = BF_PLUGIN_WARNING;
    bf_buf_printf(out, "BINDFIX %s - ", words[state]);
    plugin_text(out, snap->hostname[0] ? snap->hostname : "this machine");
    for (i = 0; i < snap->endpoint_count; i++) {
        const bf_endpoint *e = &snap->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            if (p->result == BF_PROBE_OK || p->result == BF_PROBE_NOT_RUN ||
                !bf_diagnosis_reports_probe(d, e->protocol, e->port, p->address))
                continue;
            failures++;
            if (shown < 6) {
                bf_buf_puts(out, shown ? ", " : ": cannot bind ");
                plugin_text(out, e->protocol);
                bf_buf_printf(out, " %d @ ", p->error);
                plugin_text(out, p->address);
            }
            shown++;
        }
    }
    if (shown > 6)
        bf_buf_printf(out, " and %zu more", shown - 6);
    root = bf_cause_first_root(d);
    if (root != SIZE_MAX) {
        bf_buf_puts(out, failures ? "; cause " : ": ");
        plugin_text(out, d->findings[root].id);
        bf_buf_puts(out, " ");
        plugin_text(out, d->findings[root].title);
    } else if (!failures) {
        bf_buf_puts(out, ": every catalogued protocol binds, no finding");
    }
    bf_buf_printf(out, " | bind_failures=%zu;;1;0; critical=%zu;;1;0; error=%zu;;1;0; warning=%zu;1;;0; info=%zu;;;0;\n",
                  failures, counts[BF_SEV_CRITICAL], counts[BF_SEV_ERROR], counts[BF_SEV_WARNING], counts[BF_SEV_INFO]);
    return state;
}
