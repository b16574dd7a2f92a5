/* diagnosis_json.c - see diagnosis_json.h. Layout follows core/snapshot_json.c (two-space indent, one
 * member per line) so a scan --json document reads as one file. */
#include "diagnosis_json.h"

#include "json.h"

#include <stdio.h>

static void nl(bf_buf *out, int level)
{
    bf_buf_putc(out, '\n');
    bf_buf_repeat(out, ' ', (size_t)level * 2);
}

static void key(bf_buf *out, int level, const char *k, bool *first)
{
    if (!*first)
        bf_buf_putc(out, ',');
    *first = false;
    nl(out, level);
    bf_json_write_string(out, k);
    bf_buf_puts(out, ": ");
}

static void str_member(bf_buf *out, int level, const char *k, const char *v, bool *first)
{
    key(out, level, k, first);
    bf_json_write_string(out, v ? v : "");
}

static void str_array(bf_buf *out, int level, const char *k, char *const *items, size_t count, bool *first)
{
    size_t i;
    key(out, level, k, first);
    bf_buf_putc(out, '[');
    for (i = 0; i < count; i++) {
        if (i)
            bf_buf_putc(out, ',');
        nl(out, level + 1);
        bf_json_write_string(out, items[i] ? items[i] : "");
    }
    if (count)
        nl(out, level);
    bf_buf_putc(out, ']');
}

static void write_evidence(bf_buf *out, int level, const bf_evidence *e)
{
    bool first = true;
    bf_buf_putc(out, '{');
    str_member(out, level + 1, "section", e->section, &first);
    str_member(out, level + 1, "ref", e->ref, &first);
    str_member(out, level + 1, "text", e->text, &first);
    if (e->user_writable) {
        key(out, level + 1, "user_writable", &first);
        bf_buf_puts(out, "true");
    }
    nl(out, level);
    bf_buf_putc(out, '}');
}

/* The parameters as "key=value" strings, in bf_action_params' order: the JSON's spelling of them. */
static void write_params(bf_buf *out, int level, const bf_action_params *p, bool *first)
{
    char metric[24], line[24], port[24], family[24];
    /* "dword": set-disabled-components' new DWORD; "key" and "value": the registry value a pin-setting
     * changes, "edit" how */
    const char *keys[] = {"fix", "order", "adapter", "metric", "address", "line", "text", "port", "services",
                          "transport", "family", "dword", "key", "value", "edit"};
    const char *values[] = {p->fix, p->order, p->adapter, p->metric ? metric : NULL, p->address,
                            p->line ? line : NULL, p->text, p->port ? port : NULL, p->services,
                            p->transport, p->family ? family : NULL, p->value, p->reg_key, p->reg_value, p->edit};
    size_t i, n = 0;
    snprintf(metric, sizeof metric, "%d", p->metric);
    snprintf(line, sizeof line, "%d", p->line);
    snprintf(port, sizeof port, "%d", p->port);
    snprintf(family, sizeof family, "%d", p->family);
    key(out, level, "params", first);
    bf_buf_putc(out, '[');
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        bf_buf kv;
        if (!values[i])
            continue;
        if (n++)
            bf_buf_putc(out, ',');
        nl(out, level + 1);
        bf_buf_init(&kv);
        bf_buf_printf(&kv, "%s=%s", keys[i], values[i]);
        bf_json_write_string(out, bf_buf_cstr(&kv));
        out->failed = out->failed || kv.failed;
        bf_buf_free(&kv);
    }
    if (n)
        nl(out, level);
    bf_buf_putc(out, ']');
}

static void write_action(bf_buf *out, int level, const bf_action *a)
{
    bool first = true;
    bf_buf_putc(out, '{');
    str_member(out, level + 1, "kind", bf_action_kind_token(a->kind), &first);
    str_member(out, level + 1, "title", a->title, &first);
    str_member(out, level + 1, "detail", a->detail, &first);
    str_member(out, level + 1, "predicted", a->predicted, &first);
    key(out, level + 1, "recommended", &first);
    bf_buf_puts(out, a->recommended ? "true" : "false");
    write_params(out, level + 1, &a->params, &first);
    nl(out, level);
    bf_buf_putc(out, '}');
}

static void write_finding(bf_buf *out, int level, const bf_finding *f)
{
    bool first = true;
    size_t i;
    bf_buf_putc(out, '{');
    str_member(out, level + 1, "id", f->id, &first);
    str_member(out, level + 1, "severity", bf_severity_token(f->severity), &first);
    str_member(out, level + 1, "title", f->title, &first);
    str_member(out, level + 1, "cause", f->cause, &first);
    key(out, level + 1, "evidence", &first);
    bf_buf_putc(out, '[');
    for (i = 0; i < f->evidence_count; i++) {
        if (i)
            bf_buf_putc(out, ',');
        nl(out, level + 2);
        write_evidence(out, level + 2, &f->evidence[i]);
    }
    if (f->evidence_count)
        nl(out, level + 1);
    bf_buf_putc(out, ']');
    str_array(out, level + 1, "references", f->references, f->reference_count, &first);
    /* the cause tree: the positions (in "findings") of the findings this one explains; a root's severity
     * over everything under it; what was looked for when a symptom's cause was not found */
    key(out, level + 1, "explains", &first);
    bf_buf_putc(out, '[');
    for (i = 0; i < f->explains_count; i++)
        bf_buf_printf(out, i ? ", %zu" : "%zu", f->explains[i]);
    bf_buf_putc(out, ']');
    str_member(out, level + 1, "tree_severity", bf_severity_token(f->tree_severity), &first);
    if (f->cause_not_found)
        str_member(out, level + 1, "cause_not_found", f->cause_not_found, &first);
    key(out, level + 1, "actions", &first);
    bf_buf_putc(out, '[');
    for (i = 0; i < f->action_count; i++) {
        if (i)
            bf_buf_putc(out, ',');
        nl(out, level + 2);
        write_action(out, level + 2, &f->actions[i]);
    }
    if (f->action_count)
        nl(out, level + 1);
    bf_buf_putc(out, ']');
    nl(out, level);
    bf_buf_putc(out, '}');
}

void bf_diagnosis_write_json(const bf_diagnosis *d, bf_buf *out, int level)
{
    bool first = true;
    size_t i;
    if (!d) {
        bf_buf_puts(out, "null");
        return;
    }
    bf_buf_putc(out, '{');
    str_member(out, level + 1, "generation", d->generation, &first);
    str_member(out, level + 1, "order_rule", d->order_rule, &first);
    str_array(out, level + 1, "predicted_order", d->predicted_order, d->predicted_count, &first);
    key(out, level + 1, "findings", &first);
    bf_buf_putc(out, '[');
    for (i = 0; i < d->finding_count; i++) {
        if (i)
            bf_buf_putc(out, ',');
        nl(out, level + 2);
        write_finding(out, level + 2, &d->findings[i]);
    }
    if (d->finding_count)
        nl(out, level + 1);
    bf_buf_putc(out, ']');
    nl(out, level);
    bf_buf_putc(out, '}');
}
