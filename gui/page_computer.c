/*
 * page_computer.c - the computer node: one row per fact about the machine (host name, OS, resolver
 * order rule, source, hosts file, event log, findings count).
 */
#include "page.h"

#include "helptopics.h"
#include "diagnose.h"
#include "order.h"
#include "strbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The hosts file's entries listed in its cell up to this many; more are counted. */
#define HOSTS_LINES_SHOWN 32

static void fill_computer(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    char os[256];
    snprintf(os, sizeof os, "%s%s%s", s->os.product ? s->os.product : "", s->os.csd && s->os.csd[0] ? " " : "",
             s->os.csd ? s->os.csd : "");
    const char *values[5] = {s->hostname, s->fqdn, os, d->diag ? d->diag->order_rule : "", NULL};
    for (int i = 0; i < 3; i++) {
        bf_rows_put_string(b, 0, IDS_PROP_BASE + i, -1);
        bf_rows_put_utf8(b, 1, values[i], -1);
    }
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 3, -1);
    {
        bf_order_rule rule;
        const char *label = values[3];
        for (rule = 0; rule < BF_ORDER__COUNT; rule++)
            if (d->diag && strcmp(bf_order_rule_token(rule), d->diag->order_rule) == 0)
                label = bf_order_rule_label(rule);
        bf_rows_put_utf8(b, 1, label, -1);
    }
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 4, -1);
    bf_rows_put_owned(b, 1, _wcsdup(d->source_text ? d->source_text : L""), -1);
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 5, -1);
    bf_rows_put_utf8(b, 1, s->collected_at, -1);
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 6, -1);
    bf_rows_put_utf8(b, 1, s->tool_version, -1);
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 7, -1);
    if (s->hosts.entry_count > HOSTS_LINES_SHOWN) {
        /* a blocklist of 100,000 lines is no cell: its path and count (the lines are in the report) */
        WCHAR *path = bfgui_wide(s->hosts.path ? s->hosts.path : "");
        DWORD_PTR args[2] = {(DWORD_PTR)(path ? path : L""), (DWORD_PTR)s->hosts.entry_count};
        bf_rows_put_format(b, 1, IDS_HOSTS_SUMMARY, args, 2);
        free(path);
    } else {
        bf_buf t;
        bf_buf_init(&t);
        bf_buf_printf(&t, "%s", s->hosts.path ? s->hosts.path : "");
        for (size_t i = 0; i < s->hosts.entry_count; i++)
            bf_buf_printf(&t, "%s line %d: %s", i ? ";" : " -", s->hosts.entries[i].line, s->hosts.entries[i].text);
        bf_rows_put_utf8(b, 1, bf_buf_cstr(&t), -1);
        bf_buf_free(&t);
    }
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 8, -1);
    bf_rows_put_section_status(b, 1, s->event_log.status, s->event_log.problem);
    bf_rows_put_string(b, 0, IDS_PROP_BASE + 9, -1);
    {
        size_t serious = 0, n = d->diag ? d->diag->finding_count : 0;
        for (size_t i = 0; i < n; i++)
            serious += d->diag->findings[i].severity >= BF_SEV_ERROR;
        DWORD_PTR args[2] = {(DWORD_PTR)n, (DWORD_PTR)serious};
        bf_rows_put_format(b, 1, IDS_FINDINGS_COUNT, args, 2);
    }
}

BF_LIST_PAGE(computer, BF_NODE_COMPUTER, IDS_RCOL_COMPUTER, 2, fill_computer, BF_HELP_VIEW_COMPUTER)
