/*
 * fleet.c - a folder of snapshots as one fleet (see fleet.h): the rows, the groups, the four writers.
 *
 * Every string in a row comes from a file someone mailed or an engine fetched: the writers treat all of
 * them as hostile, with the report writers' own escaping (bf_text_clean_append, bf_csv_put_cell,
 * bf_html_value_append, bf_json_write_string).
 */
#include "fleet.h"

#include <stdlib.h>
#include <string.h>

#include "causes.h"
#include "json.h"
#include "monitor.h"
#include "report.h"
#include "snapshot_json.h"

bf_fleet *bf_fleet_create(const char *dir)
{
    bf_fleet *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->arena = bf_arena_create();
    if (!f->arena || !(f->dir = bf_arena_strdup(f->arena, dir ? dir : ""))) {
        bf_fleet_destroy(f);
        return NULL;
    }
    return f;
}

void bf_fleet_destroy(bf_fleet *f)
{
    if (!f)
        return;
    bf_arena_destroy(f->arena);
    free(f);
}

const char *bf_fleet_state_token(bf_fleet_state s)
{
    return s == BF_FLEET_COLLECTED ? "collected" : s == BF_FLEET_NOT_COLLECTED ? "not-collected" : "unreadable";
}

bool bf_fleet_wants(const char *file_name)
{
    size_t n = strlen(file_name);
    /* ".json" alone, or a hidden file (an editor's or a copy's temporary), is no server */
    return n > 5 && file_name[0] != '.' && bf_ascii_ends_with_ci(file_name, ".json");
}

static char *stem(bf_arena *a, const char *file_name)
{
    size_t n = strlen(file_name);
    size_t cut = bf_ascii_ends_with_ci(file_name, BF_NOT_COLLECTED_SUFFIX) ? strlen(BF_NOT_COLLECTED_SUFFIX) : 5;
    return bf_arena_strndup(a, file_name, n > cut ? n - cut : 0);
}

static bf_fleet_server *new_row(bf_fleet *f, const char *file_name, bf_fleet_state state)
{
    bf_fleet_server *s = BF_PUSH(f->arena, f->servers, f->server_count, f->server_cap);
    if (!s)
        return NULL;
    s->state = state;
    s->file = bf_arena_strdup(f->arena, file_name);
    s->name = stem(f->arena, file_name);
    s->error = s->engine = s->hostname = s->os = s->generation = s->failing = s->top_finding = s->collected_at =
        s->report = (char *)"";
    return s->file && s->name ? s : NULL;
}

bool bf_fleet_add_unreadable(bf_fleet *f, const char *file_name, const char *error)
{
    bf_fleet_server *s = new_row(f, file_name, BF_FLEET_UNREADABLE);
    return s && (s->error = bf_arena_strdup(f->arena, error ? error : "")) != NULL;
}

static bool unreadable_err(bf_fleet *f, const char *file_name, const bf_err *err)
{
    char msg[600];
    bf_err_format(err, msg, sizeof msg);
    return bf_fleet_add_unreadable(f, file_name, msg);
}

/* The engine's record of a host it could not collect. */
static bool add_marker(bf_fleet *f, const char *file_name, const char *data, size_t len)
{
    bf_arena *scratch = bf_arena_create();
    const bf_json *root, *schema, *host, *error, *engine, *at;
    bf_fleet_server *s;
    bf_err err;
    bool ok;
    if (!scratch)
        return false;
    bf_err_clear(&err);
    root = bf_json_parse(scratch, data, len, file_name, &err);
    if (!root) {
        ok = !bf_arena_failed(scratch) && unreadable_err(f, file_name, &err);
        bf_arena_destroy(scratch);
        return ok;
    }
    schema = bf_json_get(root, "schema");
    host = bf_json_get(root, "host");
    error = bf_json_get(root, "error");
    engine = bf_json_get(root, "engine");
    at = bf_json_get(root, "at");
    if (root->type != BF_JSON_OBJECT || !schema || schema->type != BF_JSON_STRING ||
        strcmp(schema->string, BF_NOT_COLLECTED_SCHEMA) != 0 || !error || error->type != BF_JSON_STRING) {
        bf_fail_at(&err, file_name, root->line, root->col,
                   "not a \"" BF_NOT_COLLECTED_SCHEMA "\" record (an object with \"schema\" and \"error\" strings)");
        ok = unreadable_err(f, file_name, &err);
        bf_arena_destroy(scratch);
        return ok;
    }
    s = new_row(f, file_name, BF_FLEET_NOT_COLLECTED);
    ok = s && (s->error = bf_arena_strdup(f->arena, error->string)) != NULL;
    if (ok && host && host->type == BF_JSON_STRING)
        ok = (s->hostname = bf_arena_strdup(f->arena, host->string)) != NULL;
    if (ok && engine && engine->type == BF_JSON_STRING)
        ok = (s->engine = bf_arena_strdup(f->arena, engine->string)) != NULL;
    if (ok && at && at->type == BF_JSON_STRING)
        ok = (s->collected_at = bf_arena_strdup(f->arena, at->string)) != NULL;
    bf_arena_destroy(scratch);
    return ok;
}

/* "POP3 10049, IMAP4 10049": every protocol whose bind probe failed in a way a finding reports, each
 * error once per protocol. */
static char *failing_text(bf_arena *a, const bf_snapshot *snap, const bf_diagnosis *d)
{
    bf_buf b;
    size_t i, j, k;
    char *s;
    bf_buf_init(&b);
    for (i = 0; i < snap->endpoint_count; i++) {
        const bf_endpoint *e = &snap->endpoints[i];
        for (j = 0; j < e->probe_count; j++) {
            const bf_probe *p = &e->probes[j];
            bool seen = false;
            if (p->result == BF_PROBE_OK || p->result == BF_PROBE_NOT_RUN)
                continue;
            if (!bf_diagnosis_reports_probe(d, e->protocol, e->port, p->address))
                continue;
            for (k = 0; k < j && !seen; k++)
                seen = e->probes[k].result == p->result && e->probes[k].error == p->error;
            if (seen)
                continue;
            bf_buf_printf(&b, "%s%s %d", b.len ? ", " : "", e->protocol, p->error);
        }
    }
    s = b.failed ? NULL : bf_arena_strdup(a, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return s;
}

static bool add_group(bf_fleet *f, const char *finding, const char *protocol, bf_severity sev, size_t server)
{
    size_t i;
    bf_fleet_group *g = NULL;
    size_t *slot;
    for (i = 0; i < f->group_count && !g; i++)
        if (strcmp(f->groups[i].finding, finding) == 0 && strcmp(f->groups[i].protocol, protocol) == 0)
            g = &f->groups[i];
    if (!g) {
        g = BF_PUSH(f->arena, f->groups, f->group_count, f->group_cap);
        if (!g || !(g->finding = bf_arena_strdup(f->arena, finding)) ||
            !(g->protocol = bf_arena_strdup(f->arena, protocol)))
            return false;
        g->severity = sev;
    }
    if (sev > g->severity)
        g->severity = sev;
    if (g->server_count > 0 && g->servers[g->server_count - 1] == server)
        return true;    /* the same finding twice on one protocol of one server: one member */
    slot = BF_PUSH(f->arena, g->servers, g->server_count, g->server_cap);
    if (!slot)
        return false;
    *slot = server;
    return true;
}

/* The findings of a server as (finding, protocol) keys, kept on the row until bf_fleet_finish groups
 * them: "ID\tPROTOCOL\tSEVERITY\n" lines (IDs and catalogue protocol names hold no tab or newline; a
 * hostile snapshot's protocol is cleaned of them first). */
static char *finding_keys(bf_arena *a, const bf_diagnosis *d)
{
    bf_buf b;
    size_t i, j;
    char *s;
    bf_buf_init(&b);
    for (i = 0; i < d->finding_count; i++) {
        const bf_finding *fd = &d->findings[i];
        size_t before = b.len;
        for (j = 0; j < fd->evidence_count; j++) {
            const bf_evidence *ev = &fd->evidence[j];
            const char *sp;
            size_t k, n;
            if (strcmp(ev->section, "endpoints") != 0)
                continue;
            /* the ref is "POP3 110 @ 192.0.2.10": the protocol is its first word */
            sp = strchr(ev->ref, ' ');
            n = sp ? (size_t)(sp - ev->ref) : strlen(ev->ref);
            bf_buf_printf(&b, "%s\t", fd->id);
            for (k = 0; k < n; k++)
                bf_buf_putc(&b, ev->ref[k] == '\t' || ev->ref[k] == '\n' ? '_' : ev->ref[k]);
            bf_buf_printf(&b, "\t%d\n", (int)fd->severity);
        }
        if (b.len == before)
            bf_buf_printf(&b, "%s\t\t%d\n", fd->id, (int)fd->severity);
    }
    s = b.failed ? NULL : bf_arena_strdup(a, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return s;
}

static bool add_snapshot(bf_fleet *f, const char *file_name, const bf_snapshot *snap, const bf_diagnosis *d,
                         bf_fleet_each each, void *each_ctx)
{
    bf_fleet_server *s = new_row(f, file_name, BF_FLEET_COLLECTED);
    bf_report *rep;
    size_t i, root;
    if (!s)
        return false;
    rep = bf_report_create(snap, d, NULL);     /* the OS in words, as every report writes it */
    if (!rep)
        return false;
    s->os = bf_arena_strdup(f->arena, rep->os);
    bf_report_destroy(rep);
    s->hostname = bf_arena_strdup(f->arena, snap->hostname);
    s->generation = bf_arena_strdup(f->arena, d->generation ? d->generation : "");
    s->collected_at = bf_arena_strdup(f->arena, snap->collected_at);
    s->failing = failing_text(f->arena, snap, d);
    s->finding_count = d->finding_count;
    for (i = 0; i < d->finding_count; i++)
        if (!s->has_findings || d->findings[i].severity > s->worst) {
            s->worst = d->findings[i].severity;
            s->has_findings = true;
        }
    root = bf_cause_first_root(d);
    s->top_finding = bf_arena_strdup(f->arena, root != SIZE_MAX ? d->findings[root].id : "");
    /* the keys ride in `error` until bf_fleet_finish turns them into groups (a collected row has no
     * error to show) */
    s->error = finding_keys(f->arena, d);
    if (!s->os || !s->hostname || !s->generation || !s->collected_at || !s->failing || !s->top_finding || !s->error)
        return false;
    if (each) {
        const char *report = each(each_ctx, s->name, snap, d);
        if (report && report[0] && !(s->report = bf_arena_strdup(f->arena, report)))
            return false;
    }
    return true;
}

bool bf_fleet_add_file(bf_fleet *f, const char *file_name, const char *data, size_t len,
                       const struct bf_catalogue *cat, bf_fleet_each each, void *each_ctx)
{
    bf_snapshot *snap;
    bf_diagnosis *d;
    bf_err err;
    bool ok;
    if (bf_ascii_ends_with_ci(file_name, BF_NOT_COLLECTED_SUFFIX))
        return add_marker(f, file_name, data, len);
    bf_err_clear(&err);
    snap = bf_snapshot_read_json(data, len, file_name, &err);
    if (!snap)
        return unreadable_err(f, file_name, &err);
    d = bf_diagnose(snap, cat, &err);
    if (!d) {
        bf_snapshot_destroy(snap);
        return false;   /* bf_diagnose fails only when out of memory */
    }
    ok = add_snapshot(f, file_name, snap, d, each, each_ctx);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(snap);
    return ok;
}

bool bf_fleet_add_copy(bf_fleet *f, const bf_fleet_server *from)
{
    size_t before = f->server_count;
    bf_fleet_server *s = new_row(f, from->file, from->state);
    if (!s) {
        f->server_count = before;   /* no half row */
        return false;
    }
    s->has_findings = from->has_findings;
    s->finding_count = from->finding_count;
    s->worst = from->worst;
    /* every string the row owns, copied into this fleet's arena (the source is freed by its reader) */
    char **to[] = {&s->name, &s->error, &s->engine, &s->hostname, &s->os, &s->generation,
                   &s->failing, &s->top_finding, &s->collected_at, &s->report};
    const char *const src[] = {from->name, from->error, from->engine, from->hostname, from->os, from->generation,
                               from->failing, from->top_finding, from->collected_at, from->report};
    for (size_t i = 0; i < BF_COUNTOF(to); i++)
        if (!(*to[i] = bf_arena_strdup(f->arena, src[i] ? src[i] : ""))) {
            f->server_count = before;
            return false;
        }
    return true;
}

static int by_name(const void *a, const void *b)
{
    const bf_fleet_server *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->file, y->file);
}

static int by_weight(const void *a, const void *b)
{
    const bf_fleet_group *x = a, *y = b;
    int c;
    if (x->severity != y->severity)
        return x->severity > y->severity ? -1 : 1;
    if (x->server_count != y->server_count)
        return x->server_count > y->server_count ? -1 : 1;
    c = strcmp(x->finding, y->finding);
    return c ? c : strcmp(x->protocol, y->protocol);
}

bool bf_fleet_finish(bf_fleet *f)
{
    size_t i;
    if (f->server_count > 1)
        qsort(f->servers, f->server_count, sizeof *f->servers, by_name);
    for (i = 0; i < f->server_count; i++) {
        bf_fleet_server *s = &f->servers[i];
        const char *p;
        if (s->state != BF_FLEET_COLLECTED)
            continue;
        for (p = s->error; *p;) {
            const char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL,
                       *nl = t2 ? strchr(t2 + 1, '\n') : NULL;
            char *id, *proto;
            if (!nl)
                break;
            id = bf_arena_strndup(f->arena, p, (size_t)(t1 - p));
            proto = bf_arena_strndup(f->arena, t1 + 1, (size_t)(t2 - t1 - 1));
            if (!id || !proto || !add_group(f, id, proto, (bf_severity)atoi(t2 + 1), i))
                return false;
            p = nl + 1;
        }
        s->error = (char *)"";
    }
    if (f->group_count > 1)
        qsort(f->groups, f->group_count, sizeof *f->groups, by_weight);
    return !bf_arena_failed(f->arena);
}

size_t bf_fleet_count(const bf_fleet *f, bf_fleet_state state)
{
    size_t i, n = 0;
    for (i = 0; i < f->server_count; i++)
        n += f->servers[i].state == state;
    return n;
}

int bf_fleet_exit_code(const bf_fleet *f)
{
    size_t i;
    int rc = 0;
    for (i = 0; i < f->server_count; i++) {
        const bf_fleet_server *s = &f->servers[i];
        if (s->state == BF_FLEET_UNREADABLE)
            return 2;
        if (s->state == BF_FLEET_NOT_COLLECTED || (s->has_findings && s->worst >= BF_SEV_WARNING))
            rc = 1;
    }
    return rc;
}

char *bf_fleet_safe_name(bf_arena *a, const char *name)
{
    size_t i, n = strlen(name);
    char *s;
    if (n == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
        return bf_arena_strdup(a, "_");
    if (n > 100)
        n = 100;        /* a path stays short enough for MAX_PATH */
    s = bf_arena_strndup(a, name, n);
    for (i = 0; s && i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
              c == '-' || c == '_'))
            s[i] = '_';
    }
    if (s && s[0] == '.')
        s[0] = '_';     /* no hidden file, no ".." */
    return s;
}

/* ---- shared words ---- */

static const char *worst_word(const bf_fleet_server *s)
{
    if (s->state == BF_FLEET_NOT_COLLECTED)
        return "not collected";
    if (s->state == BF_FLEET_UNREADABLE)
        return "unreadable";
    return s->has_findings ? bf_severity_token(s->worst) : "healthy";
}

/* The words after a row's failing protocols: what the not-collected and unreadable rows say. */
static const char *row_problem(const bf_fleet_server *s)
{
    return s->state == BF_FLEET_COLLECTED ? s->failing : s->error;
}

static void group_title(bf_buf *b, const bf_fleet_group *g)
{
    bf_buf_puts(b, g->finding);
    if (g->protocol[0]) {
        bf_buf_puts(b, " on ");
        bf_text_clean_append(b, g->protocol, false);
    }
    bf_buf_printf(b, ": %zu server%s", g->server_count, g->server_count == 1 ? "" : "s");
}

/* ---- text ---- */

#define TEXT_COLS 8

static bool write_padded(bf_buf *out, const char *clean, size_t width, size_t target, bool last)
{
    bf_buf_puts(out, clean);
    if (!last)
        bf_buf_repeat(out, ' ', (target > width ? target - width : 0) + 2);
    return !out->failed;
}

bool bf_fleet_write_text(const bf_fleet *f, bf_buf *out)
{
    static const char *const head[TEXT_COLS] = {"SERVER", "HOST", "OS", "GENERATION", "WORST",
                                                "TOP FINDING", "COLLECTED", "FAILING / WHY"};
    size_t width[TEXT_COLS];
    size_t i, c, rows = f->server_count;
    bf_buf *cells = calloc((rows + 1) * TEXT_COLS, sizeof *cells);
    size_t *w = calloc((rows + 1) * TEXT_COLS, sizeof *w);
    bool ok = cells && w;
    for (c = 0; ok && c < TEXT_COLS; c++) {
        bf_buf_init(&cells[c]);
        w[c] = bf_text_clean_append(&cells[c], head[c], false);
        width[c] = w[c];
    }
    for (i = 0; ok && i < rows; i++) {
        const bf_fleet_server *s = &f->servers[i];
        const char *v[TEXT_COLS];
        v[0] = s->name; v[1] = s->hostname; v[2] = s->os; v[3] = s->generation; v[4] = worst_word(s);
        v[5] = s->top_finding; v[6] = s->collected_at; v[7] = row_problem(s);
        for (c = 0; c < TEXT_COLS; c++) {
            size_t k = (i + 1) * TEXT_COLS + c;
            bf_buf_init(&cells[k]);
            if (s->state == BF_FLEET_NOT_COLLECTED && c == 7 && s->engine[0]) {
                w[k] = bf_text_clean_append(&cells[k], s->engine, false) + 2;
                bf_buf_puts(&cells[k], ": ");
                w[k] += bf_text_clean_append(&cells[k], v[c], false);
            } else {
                w[k] = bf_text_clean_append(&cells[k], v[c][0] ? v[c] : "-", false);
            }
            if (w[k] > width[c])
                width[c] = w[k];
        }
    }
    if (ok) {
        bf_buf_printf(out, "bindfix fleet: ");
        bf_text_clean_append(out, f->dir, false);
        bf_buf_printf(out, ": %zu server%s (%zu collected, %zu not collected, %zu unreadable)\n\n", rows,
                      rows == 1 ? "" : "s", bf_fleet_count(f, BF_FLEET_COLLECTED),
                      bf_fleet_count(f, BF_FLEET_NOT_COLLECTED), bf_fleet_count(f, BF_FLEET_UNREADABLE));
        for (i = 0; i <= rows; i++) {
            for (c = 0; c < TEXT_COLS; c++) {
                size_t k = i * TEXT_COLS + c;
                write_padded(out, bf_buf_cstr(&cells[k]), w[k], width[c], c == TEXT_COLS - 1);
            }
            bf_buf_putc(out, '\n');
        }
        bf_buf_puts(out, "\nServers by finding (the most severe first):\n");
        if (f->group_count == 0)
            bf_buf_puts(out, "  none: no server has a finding\n");
        for (i = 0; i < f->group_count; i++) {
            const bf_fleet_group *g = &f->groups[i];
            bf_buf_puts(out, "  ");
            group_title(out, g);
            bf_buf_printf(out, " (%s):", bf_severity_token(g->severity));
            for (c = 0; c < g->server_count; c++) {
                bf_buf_puts(out, c ? ", " : " ");
                bf_text_clean_append(out, f->servers[g->servers[c]].name, false);
            }
            bf_buf_putc(out, '\n');
        }
        for (c = BF_FLEET_NOT_COLLECTED; c <= BF_FLEET_UNREADABLE; c++) {
            size_t n = bf_fleet_count(f, (bf_fleet_state)c);
            if (n == 0)
                continue;
            bf_buf_printf(out, "\n%s: %zu server%s\n", c == BF_FLEET_NOT_COLLECTED ? "Not collected" : "Unreadable",
                          n, n == 1 ? "" : "s");
            for (i = 0; i < rows; i++) {
                const bf_fleet_server *s = &f->servers[i];
                if (s->state != (bf_fleet_state)c)
                    continue;
                bf_buf_puts(out, "  ");
                bf_text_clean_append(out, c == BF_FLEET_UNREADABLE ? s->file : s->name, false);
                bf_buf_puts(out, ": ");
                if (s->engine[0]) {
                    bf_text_clean_append(out, s->engine, false);
                    bf_buf_puts(out, ": ");
                }
                bf_text_clean_append(out, s->error, false);
                bf_buf_putc(out, '\n');
            }
        }
    }
    for (i = 0; cells && i < (rows + 1) * TEXT_COLS; i++)
        bf_buf_free(&cells[i]);
    free(cells);
    free(w);
    if (!ok)
        out->failed = true;
    return !out->failed;
}

/* ---- JSON ---- */

static void json_member(bf_buf *out, const char *key, const char *value, bool comma)
{
    bf_buf_printf(out, "      \"%s\": ", key);
    bf_json_write_string(out, value);
    bf_buf_puts(out, comma ? ",\n" : "\n");
}

bool bf_fleet_write_json(const bf_fleet *f, const char *generated_at, bf_buf *out)
{
    size_t i, j;
    bf_buf_puts(out, "{\n  \"schema\": \"" BF_FLEET_SCHEMA "\",\n");
    bf_buf_printf(out, "  \"version\": %d,\n  \"tool_version\": \"%s\",\n  \"generated_at\": ", BF_FLEET_VERSION,
                  BF_TOOL_VERSION);
    bf_json_write_string(out, generated_at ? generated_at : "");
    bf_buf_puts(out, ",\n  \"folder\": ");
    bf_json_write_string(out, f->dir);
    bf_buf_printf(out, ",\n  \"exit_code\": %d,\n  \"servers\": [", bf_fleet_exit_code(f));
    for (i = 0; i < f->server_count; i++) {
        const bf_fleet_server *s = &f->servers[i];
        bf_buf_puts(out, i ? ",\n    {\n" : "\n    {\n");
        json_member(out, "name", s->name, true);
        json_member(out, "file", s->file, true);
        json_member(out, "state", bf_fleet_state_token(s->state), true);
        json_member(out, "hostname", s->hostname, true);
        json_member(out, "os", s->os, true);
        json_member(out, "generation", s->generation, true);
        json_member(out, "worst", s->state != BF_FLEET_COLLECTED ? "" : worst_word(s), true);
        bf_buf_puts(out, "      \"failing\": [");
        {
            /* the failing text split back into its "PROTOCOL ERROR" items */
            const char *p = s->failing;
            bool first = true;
            while (*p) {
                const char *e = strstr(p, ", ");
                size_t n = e ? (size_t)(e - p) : strlen(p);
                char *item = malloc(n + 1);
                if (!item) {
                    out->failed = true;
                    break;
                }
                memcpy(item, p, n);
                item[n] = '\0';
                bf_buf_puts(out, first ? "" : ", ");
                bf_json_write_string(out, item);
                free(item);
                first = false;
                p += n + (e ? 2 : 0);
            }
        }
        bf_buf_puts(out, "],\n");
        json_member(out, "top_finding", s->top_finding, true);
        json_member(out, "collected_at", s->collected_at, true);
        json_member(out, "engine", s->engine, true);
        json_member(out, "error", s->error, true);
        json_member(out, "report", s->report, false);
        bf_buf_puts(out, "    }");
    }
    bf_buf_puts(out, f->server_count ? "\n  ],\n  \"groups\": [" : "],\n  \"groups\": [");
    for (i = 0; i < f->group_count; i++) {
        const bf_fleet_group *g = &f->groups[i];
        bf_buf_puts(out, i ? ",\n    {\n" : "\n    {\n");
        json_member(out, "finding", g->finding, true);
        json_member(out, "protocol", g->protocol, true);
        json_member(out, "severity", bf_severity_token(g->severity), true);
        bf_buf_printf(out, "      \"count\": %zu,\n      \"servers\": [", g->server_count);
        for (j = 0; j < g->server_count; j++) {
            bf_buf_puts(out, j ? ", " : "");
            bf_json_write_string(out, f->servers[g->servers[j]].name);
        }
        bf_buf_puts(out, "]\n    }");
    }
    bf_buf_puts(out, f->group_count ? "\n  ]\n}\n" : "]\n}\n");
    return !out->failed;
}

/* ---- CSV ---- */

bool bf_fleet_write_csv(const bf_fleet *f, bf_buf *out)
{
    static const char *const head[] = {"server", "state", "host", "os", "generation", "worst", "failing",
                                       "top_finding", "collected_at", "engine", "error", "report"};
    size_t i, c;
    bf_buf_puts(out, "\xEF\xBB\xBF");
    for (c = 0; c < BF_COUNTOF(head); c++) {
        bf_buf_puts(out, c ? "," : "");
        bf_csv_put_cell(out, head[c]);
    }
    bf_buf_puts(out, "\r\n");
    for (i = 0; i < f->server_count; i++) {
        const bf_fleet_server *s = &f->servers[i];
        const char *v[BF_COUNTOF(head)];
        v[0] = s->name; v[1] = bf_fleet_state_token(s->state); v[2] = s->hostname; v[3] = s->os;
        v[4] = s->generation; v[5] = s->state == BF_FLEET_COLLECTED ? worst_word(s) : ""; v[6] = s->failing;
        v[7] = s->top_finding; v[8] = s->collected_at; v[9] = s->engine; v[10] = s->error; v[11] = s->report;
        for (c = 0; c < BF_COUNTOF(head); c++) {
            bf_buf_puts(out, c ? "," : "");
            bf_csv_put_cell(out, v[c]);
        }
        bf_buf_puts(out, "\r\n");
    }
    return !out->failed;
}

/* ---- HTML ---- */

static const char fleet_css[] =
    "body{font:13px/1.4 \"Segoe UI\",Tahoma,\"DejaVu Sans\",Arial,sans-serif;margin:16px 20px;color:#1b1b1b}"
    "h1{font-size:21px;margin:0 0 6px}h2{font-size:16px;margin:22px 0 6px;border-bottom:2px solid #d0d5dc}"
    "table{border-collapse:collapse;width:100%}th,td{border:1px solid #c6cbd2;padding:3px 5px;"
    "text-align:left;vertical-align:top;overflow-wrap:break-word}th{background:#eef1f5}"
    ".critical,.error,.unreadable{color:#b71c1c;font-weight:600}.warning,.not-collected{color:#8a5300;"
    "font-weight:600}.healthy,.info{color:#1a7f37;font-weight:600}"
    "footer{margin-top:24px;color:#555;font-size:11px}";

static const char *worst_class(const bf_fleet_server *s)
{
    return s->state == BF_FLEET_NOT_COLLECTED ? "not-collected" : s->state == BF_FLEET_UNREADABLE ? "unreadable"
                                                                                                  : worst_word(s);
}

bool bf_fleet_write_html(const bf_fleet *f, const char *generated_at, bf_buf *out)
{
    size_t i, j;
    bf_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
                     "'unsafe-inline'\"><title>bindfix fleet report</title><style>");
    bf_buf_puts(out, fleet_css);
    bf_buf_puts(out, "</style></head><body>\n<h1>bindfix fleet report</h1>\n<p>");
    bf_html_value_append(out, f->dir);
    bf_buf_printf(out, ": %zu servers (%zu collected, %zu not collected, %zu unreadable)</p>\n", f->server_count,
                  bf_fleet_count(f, BF_FLEET_COLLECTED), bf_fleet_count(f, BF_FLEET_NOT_COLLECTED),
                  bf_fleet_count(f, BF_FLEET_UNREADABLE));
    bf_buf_puts(out, "<h2 id=\"servers\">Servers</h2>\n<table><thead><tr><th>Server</th><th>Host</th><th>OS</th>"
                     "<th>Generation</th><th>Worst</th><th>Failing protocols / why</th><th>Top finding</th>"
                     "<th>Collected</th></tr></thead><tbody>\n");
    for (i = 0; i < f->server_count; i++) {
        const bf_fleet_server *s = &f->servers[i];
        bf_buf_puts(out, "<tr><td>");
        if (s->report[0]) {
            /* the report's name is bf_fleet_safe_name's: nothing to escape in an href, escaped anyway */
            bf_buf_puts(out, "<a href=\"");
            bf_html_escape_append(out, s->report);
            bf_buf_puts(out, "\">");
            bf_html_value_append(out, s->name);
            bf_buf_puts(out, "</a>");
        } else {
            bf_html_value_append(out, s->name);
        }
        bf_buf_puts(out, "</td><td>");
        bf_html_value_append(out, s->hostname);
        bf_buf_puts(out, "</td><td>");
        bf_html_value_append(out, s->os);
        bf_buf_puts(out, "</td><td>");
        bf_html_value_append(out, s->generation);
        bf_buf_printf(out, "</td><td class=\"%s\">%s</td><td>", worst_class(s), worst_word(s));
        if (s->engine[0]) {
            bf_html_value_append(out, s->engine);
            bf_buf_puts(out, ": ");
        }
        bf_html_value_append(out, row_problem(s));
        bf_buf_puts(out, "</td><td>");
        bf_html_value_append(out, s->top_finding);
        bf_buf_puts(out, "</td><td>");
        bf_html_value_append(out, s->collected_at);
        bf_buf_puts(out, "</td></tr>\n");
    }
    bf_buf_puts(out, "</tbody></table>\n<h2 id=\"groups\">Servers by finding</h2>\n");
    if (f->group_count == 0)
        bf_buf_puts(out, "<p>No server has a finding.</p>\n");
    else
        bf_buf_puts(out, "<table><thead><tr><th>Finding</th><th>Severity</th><th>Servers</th></tr></thead><tbody>\n");
    for (i = 0; i < f->group_count; i++) {
        const bf_fleet_group *g = &f->groups[i];
        bf_buf title;
        bf_buf_init(&title);
        group_title(&title, g);
        bf_buf_puts(out, "<tr><td>");
        bf_html_value_append(out, bf_buf_cstr(&title));
        bf_buf_free(&title);
        bf_buf_printf(out, "</td><td class=\"%s\">%s</td><td>", bf_severity_token(g->severity),
                      bf_severity_token(g->severity));
        for (j = 0; j < g->server_count; j++) {
            bf_buf_puts(out, j ? ", " : "");
            bf_html_value_append(out, f->servers[g->servers[j]].name);
        }
        bf_buf_puts(out, "</td></tr>\n");
    }
    if (f->group_count)
        bf_buf_puts(out, "</tbody></table>\n");
    bf_buf_puts(out, "<footer>bindfix " BF_TOOL_VERSION ", ");
    bf_html_value_append(out, generated_at);
    bf_buf_puts(out, "</footer>\n</body></html>\n");
    return !out->failed;
}
