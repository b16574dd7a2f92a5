/* fix_journal.c - the journal's JSON form (help/journal-format.md): written whole at every step (the
 * machine's file_replace flushes it before the change it announces), read strictly. Values are stored as
 * hex so that any bytes (a hosts file in a legacy code page, a binary registry value) survive exactly. */
#include "fix.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "regvalue.h"

static void put_str(bf_buf *out, int level, const char *k, const char *v, bool comma)
{
    bf_buf_putc(out, '\n');
    bf_buf_repeat(out, ' ', (size_t)level * 2);
    bf_json_write_string(out, k);
    bf_buf_puts(out, ": ");
    bf_json_write_string(out, v ? v : "");
    if (comma)
        bf_buf_putc(out, ',');
}

static void put_val(bf_buf *out, int level, const char *k, const bf_regval *v, bool comma)
{
    static const char hex[] = "0123456789abcdef";
    size_t i;
    bf_buf_putc(out, '\n');
    bf_buf_repeat(out, ' ', (size_t)level * 2);
    bf_json_write_string(out, k);
    bf_buf_printf(out, ": {\"exists\": %s, \"type\": %u, \"hex\": \"", v->exists ? "true" : "false", v->type);
    /* an absent value has no bytes, whatever a failed read left in the buffer (the reader insists) */
    for (i = 0; v->exists && i < v->len; i++) {
        bf_buf_putc(out, hex[v->data[i] >> 4]);
        bf_buf_putc(out, hex[v->data[i] & 15]);
    }
    bf_buf_puts(out, comma ? "\"}," : "\"}");
}

void bf_fix_journal_write(const bf_fix_plan *p, bf_buf *out)
{
    size_t i;
    bf_buf_puts(out, "{");
    put_str(out, 1, "schema", "bindfix-journal", true);
    bf_buf_puts(out, "\n  \"version\": 1,");
    put_str(out, 1, "created", p->created, true);
    put_str(out, 1, "host", p->host, true);
    put_str(out, 1, "state", bf_plan_state_token(p->state), true);
    bf_buf_puts(out, "\n  \"actions\": [");
    for (i = 0; i < p->action_count; i++) {
        bf_buf_puts(out, i ? ",\n    " : "\n    ");
        bf_json_write_string(out, p->actions[i]);
    }
    bf_buf_puts(out, p->action_count ? "\n  ],\n  \"steps\": [" : "],\n  \"steps\": [");
    for (i = 0; i < p->step_count; i++) {
        const bf_fix_step *s = &p->steps[i];
        bf_buf_puts(out, i ? ",\n    {" : "\n    {");
        put_str(out, 3, "kind", bf_step_kind_token(s->kind), true);
        put_str(out, 3, "status", bf_step_status_token(s->status), true);
        put_str(out, 3, "title", s->title, true);
        put_str(out, 3, "target", s->target, true);
        put_str(out, 3, "key", s->key, true);
        put_str(out, 3, "value", s->value, true);
        put_val(out, 3, "before", &s->before, true);
        put_val(out, 3, "after", &s->after, true);
        if (s->has_found)   /* what apply found right before the change (beside "before": drift shows) */
            put_val(out, 3, "found", &s->found, true);
        put_str(out, 3, "error", s->error, true);
        bf_buf_printf(out, "\n      \"wave\": %d", s->wave);
        if (s->restart_pending)     /* only when set: journals without it read as before */
            bf_buf_puts(out, ",\n      \"takes-effect\": \"after-restart\"");
        if (s->lasts && s->lasts[0]) {
            bf_buf_puts(out, ",\n      \"lasts\": ");
            bf_json_write_string(out, s->lasts);
        }
        if (s->end_outcome && s->end_outcome[0]) {
            bf_buf_puts(out, ",\n      \"ended\": ");
            bf_json_write_string(out, s->end_outcome);
        }
        if (s->lasting_command && s->lasting_command[0]) {
            bf_buf_puts(out, ",\n      \"lasting-command\": ");
            bf_json_write_string(out, s->lasting_command);
        }
        if (s->mend_count) {    /* only when known: journals without it read as before */
            size_t m;
            bf_buf_puts(out, ",\n      \"mends\": [");
            for (m = 0; m < s->mend_count; m++) {
                bf_buf_puts(out, m ? ",\n        {\"id\": " : "\n        {\"id\": ");
                bf_json_write_string(out, s->mends[m].id);
                bf_buf_puts(out, ", \"title\": ");
                bf_json_write_string(out, s->mends[m].title);
                bf_buf_printf(out, ", \"as\": \"%s\"}", s->mends[m].effect ? "effect" : "cause");
            }
            bf_buf_puts(out, "\n      ]");
        }
        bf_buf_puts(out, "\n    }");
    }
    bf_buf_puts(out, p->step_count ? "\n  ]" : "]");
    if (p->has_baseline) {
        /* the bind and greeting results of the scan before the repair: what undo compares with */
        bf_buf_puts(out, ",\n  \"baseline\": [");
        for (i = 0; i < p->baseline_count; i++) {
            const bf_baseline_row *r = &p->baseline[i];
            bf_buf_puts(out, i ? ",\n    {" : "\n    {");
            bf_buf_puts(out, "\"protocol\": ");
            bf_json_write_string(out, r->protocol);
            bf_buf_puts(out, ", \"transport\": ");
            bf_json_write_string(out, r->transport);
            bf_buf_printf(out, ", \"port\": %d, \"address\": ", r->port);
            bf_json_write_string(out, r->address);
            bf_buf_printf(out, ", \"bind\": \"%s\", \"greeting\": \"%s\"}", bf_probe_result_token(r->bind),
                          bf_greeting_token(r->greeting));
        }
        bf_buf_puts(out, p->baseline_count ? "\n  ]" : "]");
    }
    bf_buf_puts(out, "\n}\n");
}

/* ---- reader ---- */

static bool need(const bf_json *obj, const char *k, bf_json_type t, const char *where, bf_err *err, const bf_json **out)
{
    const bf_json *v = bf_json_get(obj, k);
    if (!v)
        return bf_fail_at(err, where, obj->line, obj->col, "member \"%s\" is missing", k);
    if (v->type != t)
        return bf_fail_at(err, where, v->line, v->col, "\"%s\" must be %s, not %s", k, bf_json_type_name(t),
                          bf_json_type_name(v->type));
    *out = v;
    return true;
}

/* Strict like the snapshot reader: a member the writer never writes is refused (a hand-edited or
 * newer journal must not be half understood by undo). */
static bool only_members(const bf_json *obj, const char *const *allowed, size_t n, const char *where, bf_err *err)
{
    size_t i, j;
    for (i = 0; i < obj->count; i++) {
        bool known = false;
        for (j = 0; j < n && !known; j++)
            known = strcmp(obj->keys[i], allowed[j]) == 0;
        if (!known)
            return bf_fail_at(err, where, obj->key_lines[i], obj->key_cols[i], "unknown member \"%.80s\"", obj->keys[i]);
    }
    return true;
}

/* An enum member of the journal: refused, at its place, when the token is not one the writer writes. */
static bool unknown_token(const bf_json *v, const char *where, bf_err *err)
{
    return bf_fail_at(err, where, v->line, v->col, "unknown value \"%s\"", v->string);
}

/* The "baseline" section: every row complete, tokens known, lengths bounded (a journal is read with
 * administrator rights: a hostile one must not make undo allocate or print without limit). */
static bool read_baseline(bf_fix_plan *p, const bf_json *arr, const char *where, bf_err *err)
{
    static const char *const members[] = {"protocol", "transport", "port", "address", "bind", "greeting"};
    size_t i;
    if (arr->count > BF_BASELINE_MAX_ROWS)
        return bf_fail_at(err, where, arr->line, arr->col, "\"baseline\" has %zu results, more than the limit of %d",
                          arr->count, BF_BASELINE_MAX_ROWS);
    p->has_baseline = true;
    for (i = 0; i < arr->count; i++) {
        const bf_json *r = arr->items[i], *proto, *tr, *port, *addr, *bind, *greet;
        bf_baseline_row *row;
        bf_probe_result br;
        bf_greeting gr;
        if (r->type != BF_JSON_OBJECT)
            return bf_fail_at(err, where, r->line, r->col, "a baseline result must be an object");
        if (!only_members(r, members, sizeof members / sizeof members[0], where, err) ||
            !need(r, "protocol", BF_JSON_STRING, where, err, &proto) || !need(r, "transport", BF_JSON_STRING, where, err, &tr) ||
            !need(r, "port", BF_JSON_INT, where, err, &port) || !need(r, "address", BF_JSON_STRING, where, err, &addr) ||
            !need(r, "bind", BF_JSON_STRING, where, err, &bind) || !need(r, "greeting", BF_JSON_STRING, where, err, &greet))
            return false;
        if (!proto->string[0] || strlen(proto->string) > 64)
            return bf_fail_at(err, where, proto->line, proto->col, "\"protocol\" must be 1 to 64 bytes");
        if (strcmp(tr->string, "tcp") != 0 && strcmp(tr->string, "udp") != 0)
            return bf_fail_at(err, where, tr->line, tr->col, "\"transport\" must be \"tcp\" or \"udp\"");
        if (port->integer < 1 || port->integer > 65535)
            return bf_fail_at(err, where, port->line, port->col, "\"port\" must be 1 to 65535");
        if (!addr->string[0] || strlen(addr->string) > 64)
            return bf_fail_at(err, where, addr->line, addr->col, "\"address\" must be 1 to 64 bytes");
        if (!bf_probe_result_parse(bind->string, &br))
            return bf_fail_at(err, where, bind->line, bind->col, "unknown value \"%.40s\"", bind->string);
        if (!bf_greeting_parse(greet->string, &gr))
            return bf_fail_at(err, where, greet->line, greet->col, "unknown value \"%.40s\"", greet->string);
        row = BF_PUSH(p->arena, p->baseline, p->baseline_count, p->baseline_cap);
        if (!row)
            return bf_fail(err, "out of memory");
        row->protocol = bf_arena_strdup(p->arena, proto->string);
        row->transport = bf_arena_strdup(p->arena, tr->string);
        row->address = bf_arena_strdup(p->arena, addr->string);
        row->port = (int)port->integer;
        row->bind = br;
        row->greeting = gr;
    }
    return true;
}

/* A step's "mends" (optional): the findings it is done for. Shown to the administrator, never acted on,
 * but bounded all the same: a hostile journal must not make undo or the history view print without limit. */
static bool read_mends(bf_fix_plan *p, bf_fix_step *s, const bf_json *arr, const char *where, bf_err *err)
{
    static const char *const members[] = {"id", "title", "as"};
    size_t i;
    if (arr->type != BF_JSON_ARRAY)
        return bf_fail_at(err, where, arr->line, arr->col, "\"mends\" must be an array");
    if (arr->count > BF_STEP_MAX_MENDS)
        return bf_fail_at(err, where, arr->line, arr->col, "\"mends\" names %zu findings, more than the limit of %d",
                          arr->count, BF_STEP_MAX_MENDS);
    for (i = 0; i < arr->count; i++) {
        const bf_json *m = arr->items[i], *id, *title, *as;
        size_t tl;
        if (m->type != BF_JSON_OBJECT)
            return bf_fail_at(err, where, m->line, m->col, "an entry of \"mends\" must be an object");
        if (!only_members(m, members, 3, where, err) || !need(m, "id", BF_JSON_STRING, where, err, &id) ||
            !need(m, "title", BF_JSON_STRING, where, err, &title) || !need(m, "as", BF_JSON_STRING, where, err, &as))
            return false;
        if (!bf_mend_id_ok(id->string))
            return bf_fail_at(err, where, id->line, id->col, "\"id\" must be a finding ID (BF-, then A-Z, 0-9, '-'; at most %d bytes)",
                              BF_MEND_MAX_ID);
        tl = strlen(title->string);
        if (tl == 0 || tl > BF_MEND_MAX_TITLE || strchr(title->string, '\n') || strchr(title->string, '\r'))
            return bf_fail_at(err, where, title->line, title->col, "\"title\" must be one line of 1 to %d bytes",
                              BF_MEND_MAX_TITLE);
        if (strcmp(as->string, "cause") != 0 && strcmp(as->string, "effect") != 0)
            return bf_fail_at(err, where, as->line, as->col, "\"as\" must be \"cause\" or \"effect\"");
        if (!bf_fix_step_add_mend(p, s, id->string, title->string, strcmp(as->string, "effect") == 0))
            return bf_fail(err, "out of memory");
    }
    return true;
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static bool read_val(const bf_json *step, const char *k, bf_regval *v, const char *where, bf_err *err)
{
    const bf_json *o, *ex, *ty, *hx;
    size_t n, i;
    static const char *const members[] = {"exists", "type", "hex"};
    if (!need(step, k, BF_JSON_OBJECT, where, err, &o) || !need(o, "exists", BF_JSON_BOOL, where, err, &ex) ||
        !need(o, "type", BF_JSON_INT, where, err, &ty) || !need(o, "hex", BF_JSON_STRING, where, err, &hx) ||
        !only_members(o, members, 3, where, err))
        return false;
    if (!ex->boolean && hx->string[0])
        return bf_fail_at(err, where, hx->line, hx->col, "\"%s\" does not exist but holds data", k);
    if (ty->integer < 0 || ty->integer > 0xffff)
        return bf_fail_at(err, where, ty->line, ty->col, "\"type\" %lld is not a registry type", ty->integer);
    n = strlen(hx->string);
    if (n % 2)
        return bf_fail_at(err, where, hx->line, hx->col, "\"hex\" has an odd number of digits");
    v->exists = ex->boolean;
    v->type = (unsigned)ty->integer;
    v->len = n / 2;
    v->data = malloc(v->len ? v->len : 1);
    if (!v->data)
        return bf_fail(err, "out of memory");
    for (i = 0; i < v->len; i++) {
        int hi = hexval(hx->string[2 * i]), lo = hexval(hx->string[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return bf_fail_at(err, where, hx->line, hx->col, "\"hex\" holds a character that is not a hex digit");
        v->data[i] = (unsigned char)(hi * 16 + lo);
    }
    return true;
}

/* What undo needs of each kind of step, so that it can put back exactly what was there: a target; a
 * registry key and value name; for files, the old content (file-replace) and the written one; for a
 * metric, two REG_DWORDs of 4 bytes (a shorter one would silently read as 0, "automatic"). */
static bool step_usable(const bf_fix_step *s, const bf_json *st, const char *where, bf_err *err)
{
    const char *missing = NULL;
    if (!s->target || !s->key || !s->value)
        return bf_fail(err, "out of memory");
    if (!s->target[0])
        missing = "\"target\" is empty";
    else if (s->kind == BF_STEP_REG_SET && (!s->key[0] || !s->value[0]))
        missing = "a reg-set step needs a registry \"key\" and \"value\" name";
    else if (s->kind == BF_STEP_FILE_REPLACE && (!s->before.exists || !s->after.exists))
        missing = "a file-replace step needs the old and the new content (both must exist)";
    else if (s->kind == BF_STEP_FILE_WRITE && !s->after.exists)
        missing = "a file-write step needs the content written (\"after\" must exist)";
    else if (s->kind == BF_STEP_METRIC_SET &&
             (!s->before.exists || !s->after.exists || s->before.type != 4 || s->after.type != 4 || s->before.len != 4 ||
              s->after.len != 4))
        missing = "a metric-set step needs \"before\" and \"after\" as a REG_DWORD (type 4) of 4 bytes";
    else if ((s->kind == BF_STEP_SKIP_SET || s->kind == BF_STEP_SKIP_READD) &&
             (!s->before.exists || !s->after.exists || s->before.type != 4 || s->after.type != 4 || s->before.len != 4 ||
              s->after.len != 4))
        missing = s->kind == BF_STEP_SKIP_READD ? "a skip-as-source-readd step needs \"before\" and \"after\" as a "
                                                  "REG_DWORD (type 4) of 4 bytes" : "a skip-as-source-set step needs \"before\" and \"after\" as a REG_DWORD (type 4) of 4 bytes";
    else if (s->kind == BF_STEP_BINDORDER_SET &&
             (!s->before.exists || !s->after.exists || s->before.type != 7 || s->after.type != 7 ||
              !bf_binding_multi_sz_valid(s->before.data, s->before.len) ||
              !bf_binding_multi_sz_valid(s->after.data, s->after.len)))
        missing = "a binding-order-set step needs \"before\" and \"after\" as a REG_MULTI_SZ (type 7) of \\Device\\ names";
    else if (s->kind == BF_STEP_SERVICE_DELAYED_AUTO &&
             (!s->before.exists || !s->after.exists || s->before.type != 4 || s->after.type != 4 || s->before.len != 4 ||
              s->after.len != 4))
        missing = "a service-delayed-auto step needs \"before\" and \"after\" as a REG_DWORD (type 4) of 4 bytes";
    else if (s->kind == BF_STEP_PORT_EXCLUSION && (!s->before.exists || !s->after.exists || s->before.type != 0 ||
                                                   s->after.type != 0))
        missing = "a port-exclusion step needs \"before\" and \"after\" as port lists (type 0)";
    if (missing)
        return bf_fail_at(err, where, st->line, st->col, "step of kind \"%s\": %s", bf_step_kind_token(s->kind), missing);
    return true;
}

bf_fix_plan *bf_fix_journal_read(const char *text, size_t len, const char *where, bf_err *err)
{
    bf_arena *a = bf_arena_create();
    bf_fix_plan *p;
    const bf_json *root, *schema, *version, *created, *host, *state, *actions, *steps;
    size_t i;
    if (!a || !(p = bf_arena_alloc(a, sizeof *p))) {
        bf_arena_destroy(a);
        bf_fail(err, "out of memory");
        return NULL;
    }
    memset(p, 0, sizeof *p);
    p->arena = a;
    p->building = SIZE_MAX;
    root = bf_json_parse(a, text, len, where, err);
    if (!root)
        goto fail;
    if (root->type != BF_JSON_OBJECT) {
        bf_fail_at(err, where, root->line, root->col, "a journal is a JSON object");
        goto fail;
    }
    if (!need(root, "schema", BF_JSON_STRING, where, err, &schema) || !need(root, "version", BF_JSON_INT, where, err, &version) ||
        !need(root, "created", BF_JSON_STRING, where, err, &created) || !need(root, "host", BF_JSON_STRING, where, err, &host) ||
        !need(root, "state", BF_JSON_STRING, where, err, &state) || !need(root, "actions", BF_JSON_ARRAY, where, err, &actions) ||
        !need(root, "steps", BF_JSON_ARRAY, where, err, &steps))
        goto fail;
    if (strcmp(schema->string, "bindfix-journal") != 0 || version->integer != 1) {
        bf_fail_at(err, where, schema->line, schema->col, "not a bindfix journal of version 1");
        goto fail;
    }
    {
        static const char *const members[] = {"schema", "version", "created", "host", "state", "actions", "steps",
                                              "baseline"};
        const bf_json *baseline = bf_json_get(root, "baseline");
        if (!only_members(root, members, sizeof members / sizeof members[0], where, err))
            goto fail;
        if (!bf_plan_state_parse(state->string, &p->state)) {
            unknown_token(state, where, err);
            goto fail;
        }
        /* optional: journals written before it existed still read (undo then cannot compare) */
        if (baseline && !need(root, "baseline", BF_JSON_ARRAY, where, err, &baseline))
            goto fail;
        if (baseline && !read_baseline(p, baseline, where, err))
            goto fail;
    }
    p->created = bf_arena_strdup(a, created->string);
    p->host = bf_arena_strdup(a, host->string);
    for (i = 0; i < actions->count; i++) {
        char **slot;
        if (actions->items[i]->type != BF_JSON_STRING) {
            bf_fail_at(err, where, actions->items[i]->line, actions->items[i]->col, "an action title must be a string");
            goto fail;
        }
        slot = BF_PUSH(a, p->actions, p->action_count, p->action_cap);
        if (!slot)
            goto oom;
        *slot = bf_arena_strdup(a, actions->items[i]->string);
    }
    for (i = 0; i < steps->count; i++) {
        static const char *const step_members[] = {"kind", "status", "title", "target", "key", "value",
                                                   "before", "after", "found", "error", "wave", "takes-effect",
                                                   "lasts", "lasting-command", "ended", "mends"};
        const bf_json *st = steps->items[i], *kind, *status, *title, *target, *key, *value, *error, *wave;
        bf_fix_step *s;
        if (st->type != BF_JSON_OBJECT) {
            bf_fail_at(err, where, st->line, st->col, "a step must be an object");
            goto fail;
        }
        s = BF_PUSH(a, p->steps, p->step_count, p->step_cap);
        if (!s)
            goto oom;
        memset(s, 0, sizeof *s);
        if (!only_members(st, step_members, sizeof step_members / sizeof step_members[0], where, err) ||
            !need(st, "kind", BF_JSON_STRING, where, err, &kind) || !need(st, "status", BF_JSON_STRING, where, err, &status) ||
            !need(st, "title", BF_JSON_STRING, where, err, &title) || !need(st, "target", BF_JSON_STRING, where, err, &target) ||
            !need(st, "key", BF_JSON_STRING, where, err, &key) || !need(st, "value", BF_JSON_STRING, where, err, &value) ||
            !need(st, "error", BF_JSON_STRING, where, err, &error) || !need(st, "wave", BF_JSON_INT, where, err, &wave) ||
            (!bf_step_kind_parse(kind->string, &s->kind) && !unknown_token(kind, where, err)) ||
            (!bf_step_status_parse(status->string, &s->status) && !unknown_token(status, where, err)) ||
            !read_val(st, "before", &s->before, where, err) || !read_val(st, "after", &s->after, where, err))
            goto fail;
        /* optional: journals written before it existed still read (nothing was recorded then) */
        if (bf_json_get(st, "found")) {
            if (!read_val(st, "found", &s->found, where, err))
                goto fail;
            s->has_found = true;
        }
        s->title = bf_arena_strdup(a, title->string);
        s->target = bf_arena_strdup(a, target->string);
        s->key = bf_arena_strdup(a, key->string);
        s->value = bf_arena_strdup(a, value->string);
        s->error = bf_arena_strdup(a, error->string);
        if (wave->integer < 0 || wave->integer > 1000) {
            bf_fail_at(err, where, wave->line, wave->col, "\"wave\" must be 0 to 1000");
            goto fail;
        }
        s->wave = (int)wave->integer;
        {
            const bf_json *effect = bf_json_get(st, "takes-effect");   /* optional */
            if (effect && (effect->type != BF_JSON_STRING || strcmp(effect->string, "after-restart") != 0)) {
                bf_fail_at(err, where, effect->line, effect->col, "\"takes-effect\" must be \"after-restart\"");
                goto fail;
            }
            s->restart_pending = effect != NULL;
            const bf_json *lasts = bf_json_get(st, "lasts"), *cmd = bf_json_get(st, "lasting-command");
            s->lasts = "";
            s->lasting_command = "";
            if (lasts) {
                if (lasts->type != BF_JSON_STRING || (strcmp(lasts->string, "persistent") != 0 &&
                                                      strcmp(lasts->string, "until restart") != 0 &&
                                                      strcmp(lasts->string, "until the lease renews") != 0)) {
                    bf_fail_at(err, where, lasts->line, lasts->col,
                               "\"lasts\" must be \"persistent\", \"until restart\" or \"until the lease renews\"");
                    goto fail;
                }
                s->lasts = bf_arena_strdup(a, lasts->string);
            }
            if (cmd) {
                if (cmd->type != BF_JSON_STRING) {
                    bf_fail_at(err, where, cmd->line, cmd->col, "\"lasting-command\" must be a string");
                    goto fail;
                }
                s->lasting_command = bf_arena_strdup(a, cmd->string);
            }
            const bf_json *ended = bf_json_get(st, "ended");   /* optional: a service-stop whose process was ended */
            s->end_outcome = "";
            if (ended) {
                if (ended->type != BF_JSON_STRING || s->kind != BF_STEP_SERVICE_STOP) {
                    bf_fail_at(err, where, ended->line, ended->col, "\"ended\" must be a string, on a service-stop step");
                    goto fail;
                }
                s->end_outcome = bf_arena_strdup(a, ended->string);
            }
        }
        {
            const bf_json *mends = bf_json_get(st, "mends");   /* optional: older journals have none */
            if (mends && !read_mends(p, s, mends, where, err))
                goto fail;
        }
        if (!step_usable(s, st, where, err))
            goto fail;
        {
            const char *why;
            if (!bf_fix_step_in_limits(s, &why)) {
                bf_fail_at(err, where, st->line, st->col,
                           "step %zu (%s %.200s) is outside what a journal may touch: %s; the journal is refused "
                           "and nothing was changed", i + 1, bf_step_kind_token(s->kind), s->target, why);
                goto fail;
            }
        }
    }
    if (bf_arena_failed(a))
        goto oom;
    return p;
oom:
    bf_fail(err, "out of memory");
fail:
    bf_fix_plan_destroy(p);
    return NULL;
}
