/*
 * report_json.c - the JSON report: the snapshot document plus the report's own top-level members
 * (see report.h).
 *
 * The snapshot part is written by the snapshot writer itself, so that `bindfix-cli scan --snapshot
 * REPORT.json` reads a report back: the snapshot reader accepts and ignores exactly the members added
 * here ("report", "diagnosis", "actions", "verification"; see reserved_top_keys in snapshot_json.c).
 * They follow the snapshot members in that order:
 *   "report":       {"tool", "tool_version", "generated_at", "host", "fqdn", "os"}
 *   "diagnosis":    the diagnosis as bindfix-cli scan --json writes it (core/diagnosis_json.c), or null
 *   "actions":      [{"title", "before", "after", "result"}]
 *   "verification": [{"protocol", "port", "address", "before", "after", "passed"}]
 */
#include "report_priv.h"

#include <string.h>

#include "json.h"
#include "snapshot_json.h"
#if __has_include("diagnosis_json.h")
#include "diagnosis_json.h"
#define BF_HAVE_DIAGNOSIS_JSON 1
#endif

static void indent(bf_buf *out, int level)
{
    bf_buf_putc(out, '\n');
    bf_buf_repeat(out, ' ', (size_t)level * 2);
}

static void member_str(bf_buf *out, int level, const char *key, const char *value, bool last)
{
    indent(out, level);
    bf_json_write_string(out, key);
    bf_buf_puts(out, ": ");
    bf_json_write_string(out, value ? value : "");
    if (!last)
        bf_buf_putc(out, ',');
}

/* Called by the snapshot writer for its extra member "report"; writes that value, then the members that
 * follow it at the same level (the writer closes the document after us). */
static void write_report_members(const void *ctx, bf_buf *out, int level)
{
    const bf_report *r = ctx;
    size_t i;
    bf_buf_putc(out, '{');
    member_str(out, level + 1, "tool", r->tool_name, false);
    member_str(out, level + 1, "tool_version", r->tool_version, false);
    member_str(out, level + 1, "generated_at", r->generated_at, false);
    member_str(out, level + 1, "host", r->host, false);
    member_str(out, level + 1, "fqdn", r->fqdn, false);
    member_str(out, level + 1, "os", r->os, true);
    indent(out, level);
    bf_buf_puts(out, "},");

    indent(out, level);
    bf_buf_puts(out, "\"diagnosis\": ");
#ifdef BF_HAVE_DIAGNOSIS_JSON
    if (r->diag)
        bf_diagnosis_write_json(r->diag, out, level);
    else
        bf_buf_puts(out, "null");
#else
    bf_buf_puts(out, "null");
#endif
    bf_buf_putc(out, ',');

    indent(out, level);
    bf_buf_puts(out, "\"actions\": [");
    for (i = 0; i < r->action_count; i++) {
        const bf_report_action *a = &r->actions[i];
        indent(out, level + 1);
        bf_buf_putc(out, '{');
        member_str(out, level + 2, "title", a->title, false);
        member_str(out, level + 2, "before", a->before, false);
        member_str(out, level + 2, "after", a->after, false);
        member_str(out, level + 2, "result", a->result, true);
        indent(out, level + 1);
        bf_buf_puts(out, i + 1 < r->action_count ? "}," : "}");
    }
    if (r->action_count)
        indent(out, level);
    bf_buf_puts(out, "],");

    indent(out, level);
    bf_buf_puts(out, "\"verification\": [");
    for (i = 0; i < r->check_count; i++) {
        const bf_report_check *c = &r->checks[i];
        indent(out, level + 1);
        bf_buf_putc(out, '{');
        member_str(out, level + 2, "protocol", c->protocol, false);
        indent(out, level + 2);
        bf_buf_printf(out, "\"port\": %d,", c->port);
        member_str(out, level + 2, "address", c->address, false);
        member_str(out, level + 2, "before", c->before, false);
        member_str(out, level + 2, "after", c->after, false);
        indent(out, level + 2);
        bf_buf_printf(out, "\"passed\": %s", c->passed ? "true" : "false");
        indent(out, level + 1);
        bf_buf_puts(out, i + 1 < r->check_count ? "}," : "}");
    }
    if (r->check_count)
        indent(out, level);
    bf_buf_putc(out, ']');
}

bool bf_report_write_json(const bf_report *r, bf_buf *out, bf_err *err)
{
    bf_snapshot_write_json_with(r->snap, "report", write_report_members, r, out);
    if (out->failed)
        return bf_fail(err, "out of memory while writing the JSON report");
    return true;
}
