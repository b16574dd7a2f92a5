/* test_report.c - the four report formats fed hostile names (issue 8 point 2): HTML stays well-formed and
 * inert, CSV parses back to the same cells with formulas neutralised, JSON reads back as a snapshot,
 * text shows every name harmlessly. */
#include <ctype.h>
#include <stdlib.h>

#include "report_check.h"
#include "report_priv.h"
#include "scan_text.h"
#include "snapshot_json.h"
#include "testlib.h"

/* ---------------------------------------------------------------- hostile fixture */

#define LONG_LEN 10000
#define RLO "\xE2\x80\xAE"

enum { H_SCRIPT, H_QUOTES, H_FORMULA, H_RLO, H_LONG, H_BADUTF8, H_ESC, H_SPACED_FORMULA, H_COUNT };

typedef struct hostile {
    char *s[H_COUNT];
    char longname[LONG_LEN + 1];
} hostile;

static void hostile_init(hostile *h)
{
    size_t i;
    static char script[] = "<script>alert(1)</script><img src=x onerror=alert(2)>";
    static char quotes[] = "\"dq\" 'sq' & <b>amp</b> \"><svg onload=alert(3)>";
    static char formula[] = "=cmd|' /C calc'!A0";
    static char rlo[] = "LAN " RLO "exe.txt";
    /* what the Win32 layer would never produce but a mailed snapshot may carry: CESU-8 of an unpaired
     * surrogate (ED A0 80), a stray 0xFF, a truncated sequence at the end */
    static char bad[] = "bad\xED\xA0\x80utf\xFF" "8\xE2\x82";
    static char esc[] = "\x1B[31mred\x1B[0m\x07 bell\r\nnewline";
    static char spaced[] = "   +SUM(A1:A9)";
    for (i = 0; i < LONG_LEN; i++)
        h->longname[i] = (char)('a' + (i * 7) % 26);
    memcpy(h->longname + LONG_LEN - 4, "TAIL", 4);
    h->longname[LONG_LEN] = '\0';
    h->s[H_SCRIPT] = script;
    h->s[H_QUOTES] = quotes;
    h->s[H_FORMULA] = formula;
    h->s[H_RLO] = rlo;
    h->s[H_LONG] = h->longname;
    h->s[H_BADUTF8] = bad;
    h->s[H_ESC] = esc;
    h->s[H_SPACED_FORMULA] = spaced;
}

/* A snapshot with a hostile string in every free-text field. */
static bf_snapshot *hostile_snapshot(const hostile *h)
{
    bf_snapshot *s = bf_snapshot_create();
    int i;
    if (!s)
        return NULL;
    s->origin = "fixture";
    s->collected_at = "2024-01-02T03:04:05Z";
    s->tool_version = "0.1.0";
    s->hostname = h->s[H_SCRIPT];
    s->fqdn = h->s[H_QUOTES];
    s->os.product = h->s[H_FORMULA];
    s->binding.status = BF_SECTION_OK;
    s->hosts.status = BF_SECTION_OK;
    s->hosts.path = h->s[H_RLO];
    s->event_log.status = BF_SECTION_OK;
    for (i = 0; i < H_COUNT; i++) {
        char addr[32], guid[64];
        bf_adapter *a = bf_snap_add_adapter(s);
        bf_resolution *res;
        bf_endpoint *e;
        bf_probe *p;
        bf_hosts_entry *he;
        bf_listener *l;
        bf_service *v;
        bf_event *ev;
        if (!a)
            return s;
        snprintf(addr, sizeof(addr), "192.0.2.%d", 10 + i);
        snprintf(guid, sizeof(guid), "{00000000-0000-0000-0000-0000000000%02d}", i);
        a->friendly_name = h->s[i];
        a->description = h->s[(i + 1) % H_COUNT];
        a->guid = bf_arena_strdup(s->arena, guid);
        a->kind = BF_KIND_LAN;
        a->status = i % 2 ? BF_OPER_UP : BF_OPER_DISCONNECTED;
        bf_adapter_add_address(s, a, addr, 24);
        bf_binding_add_entry(s, bf_arena_printf(s->arena, "\\Device\\%s", guid));
        res = bf_snap_add_resolution(s, "gethostbyname", h->s[i]);
        if (res)
            bf_resolution_add_address(s, res, addr);
        e = bf_snap_add_endpoint(s, h->s[i], "tcp", 110 + i);
        if (e && (p = bf_endpoint_add_probe(s, e, addr)) != NULL) {
            p->result = i % 2 ? BF_PROBE_OK : BF_PROBE_ADDRNOTAVAIL;
            p->error = i % 2 ? 0 : 10049;
            p->owner = h->s[i];
            p->greeting = BF_GREET_WRONG;
            p->greeting_text = h->s[i];
        }
        if ((he = bf_snap_add_hosts_entry(s)) != NULL) {
            he->line = i + 1;
            he->address = bf_arena_strdup(s->arena, addr);
            he->names = h->s[i];
            he->text = h->s[i];
        }
        if ((l = bf_snap_add_listener(s)) != NULL) {
            l->transport = "tcp";
            l->address = bf_arena_strdup(s->arena, addr);
            l->port = 110 + i;
            l->process = h->s[i];
            bf_str_list_add(s, &l->services, &l->service_count, &l->service_cap, h->s[i]);
        }
        if ((v = bf_snap_add_service(s, h->s[i])) != NULL) {
            v->display_name = h->s[i];
            v->binary = h->s[i];
            v->state = BF_SVC_STOPPED;
            v->exit_code = 10049;
            bf_str_list_add(s, &v->dependencies, &v->dependency_count, &v->dependency_cap, h->s[i]);
        }
        if ((ev = bf_snap_add_event(s)) != NULL) {
            ev->log = "Application";
            ev->source = h->s[i];
            ev->event_id = 11508;
            ev->type = "error";
            ev->time = "1999-08-27T10:15:00Z";
            ev->message = h->s[i];
            bf_str_list_add(s, &ev->inserts, &ev->insert_count, &ev->insert_cap, h->s[i]);
            bf_str_list_add(s, &ev->inserts, &ev->insert_count, &ev->insert_cap, "0x2741");
        }
    }
    return s;
}

/* A diagnosis with one finding per hostile string (built by hand: the rules do not produce these). */
static bf_diagnosis *hostile_diagnosis(const hostile *h)
{
    bf_arena *a = bf_arena_create();
    bf_diagnosis *d = a ? bf_arena_alloc(a, sizeof(*d)) : NULL;
    int i;
    if (!d) {
        bf_arena_destroy(a);
        return NULL;
    }
    d->arena = a;
    d->generation = "exchange55";
    d->order_rule = "nt4sp4";
    for (i = 0; i < H_COUNT; i++) {
        bf_finding *f = BF_PUSH(a, d->findings, d->finding_count, d->finding_cap);
        bf_evidence *ev;
        bf_action *ac;
        char **ref;
        if (!f)
            break;
        f->id = "BF-TEST-HOSTILE";
        f->severity = (bf_severity)(i % BF_SEV__COUNT);
        f->title = h->s[i];
        f->cause = h->s[(i + 2) % H_COUNT];
        if ((ev = BF_PUSH(a, f->evidence, f->evidence_count, f->evidence_cap)) != NULL) {
            ev->section = "adapters";
            ev->ref = h->s[i];
            ev->text = h->s[i];
        }
        if ((ref = BF_PUSH(a, f->references, f->reference_count, f->reference_cap)) != NULL)
            *ref = "KB Q214864";
        if ((ac = BF_PUSH(a, f->actions, f->action_count, f->action_cap)) != NULL) {
            ac->kind = BF_ACTION_HOSTS_COMMENT;
            ac->title = h->s[i];
            ac->detail = h->s[i];
            ac->predicted = h->s[i];
            ac->recommended = i == 0;
        }
    }
    return d;
}

typedef struct fixture {
    hostile h;
    bf_snapshot *snap;
    bf_diagnosis *diag;
    bf_report *rep;
} fixture;

static bool fixture_open(fixture *f)
{
    int i;
    hostile_init(&f->h);
    f->snap = hostile_snapshot(&f->h);
    f->diag = hostile_diagnosis(&f->h);
    f->rep = f->snap ? bf_report_create(f->snap, f->diag, "2024-01-02T04:00:00Z") : NULL;
    if (!f->rep)
        return false;
    for (i = 0; i < H_COUNT; i++) {
        if (!bf_report_add_action(f->rep, f->h.s[i], f->h.s[i], f->h.s[(i + 1) % H_COUNT], "applied") ||
            !bf_report_add_check(f->rep, f->h.s[i], 110 + i, "192.0.2.10", f->h.s[i], "OK", i % 2 == 0))
            return false;
    }
    return !bf_arena_failed(f->snap->arena);
}

static void fixture_close(fixture *f)
{
    bf_report_destroy(f->rep);
    bf_diagnosis_destroy(f->diag);
    bf_snapshot_destroy(f->snap);
}

/* ---------------------------------------------------------------- helpers */

static bool valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = bf_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (cp == 0xFFFD && k == 1)
            return false;
        i += k;
    }
    return true;
}

static const char *ci_strstr(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i;
        for (i = 0; i < n && hay[i] && tolower((unsigned char)hay[i]) == tolower((unsigned char)needle[i]); i++)
            ;
        if (i == n)
            return hay;
    }
    return NULL;
}

/* The value as a sanitised string (invalid UTF-8 -> U+FFFD), malloc'd. */
static char *sanitized(const char *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_utf8_sanitize_append(&b, s);
    return bf_buf_take(&b);
}

/* What a text output (CSV cell, text report) shows for s: the one cleaning function, line breaks kept. */
static char *shown(const char *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_text_clean_append(&b, s, true);
    return bf_buf_take(&b);
}

/* ---------------------------------------------------------------- tiny HTML checker */

static bool is_void(const char *name)
{
    static const char *const v[] = {"meta", "br", "img", "hr", "input", "link", "col", "wbr", "source", "area",
                                    "base", "embed", "track"};
    size_t i;
    for (i = 0; i < BF_COUNTOF(v); i++)
        if (strcmp(name, v[i]) == 0)
            return true;
    return false;
}

/* Walks the document: every tag closed in order (SVG elements may self-close with "/>"), every attribute
 * written as name="value" with no quote, '<' or '>' inside the value, no event-handler attribute, no
 * src, href only to "#anchor", no url() other than data: in the style sheet. Returns NULL when fine,
 * else a static description of the first problem (and *at its offset). */
static const char *html_check(const char *doc, size_t *at)
{
    char stack[64][16];
    int depth = 0;
    const char *p = doc;
    if (strncmp(p, "<!DOCTYPE html>", 15) != 0)
        return "no doctype";
    p += 15;
    while ((p = strchr(p, '<')) != NULL) {
        char name[16];
        size_t n = 0;
        bool closing = false, self = false;
        *at = (size_t)(p - doc);
        p++;
        if (*p == '/') {
            closing = true;
            p++;
        }
        while (isalnum((unsigned char)*p) && n < sizeof(name) - 1)
            name[n++] = (char)tolower((unsigned char)*p++);
        name[n] = '\0';
        if (n == 0)
            return "'<' that does not start a tag (unescaped text)";
        /* attributes */
        for (;;) {
            char aname[32];
            size_t an = 0;
            while (*p == ' ' || *p == '\n')
                p++;
            if (*p == '>') {
                p++;
                break;
            }
            if (p[0] == '/' && p[1] == '>') {
                self = true;
                p += 2;
                break;
            }
            if (closing)
                return "closing tag with attributes";
            while ((isalnum((unsigned char)*p) || *p == '-' || *p == ':') && an < sizeof(aname) - 1)
                aname[an++] = (char)tolower((unsigned char)*p++);
            aname[an] = '\0';
            if (an == 0 || p[0] != '=' || p[1] != '"')
                return "attribute not written as name=\"value\"";
            p += 2;
            {
                const char *end = strchr(p, '"');
                const char *lt = strpbrk(p, "<>'");
                if (!end)
                    return "unterminated attribute value";
                if (lt && lt < end && strcmp(aname, "content") != 0)
                    return "'<', '>' or quote inside an attribute value";
                if (strncmp(aname, "on", 2) == 0)
                    return "event handler attribute";
                if (strcmp(aname, "src") == 0)
                    return "src attribute";
                if (strcmp(aname, "href") == 0 && *p != '#')
                    return "href to something other than an anchor";
                p = end + 1;
            }
        }
        if (closing) {
            if (depth == 0 || strcmp(stack[depth - 1], name) != 0)
                return "closing tag does not match the open element";
            depth--;
        } else if (!self && !is_void(name)) {
            if (depth == (int)BF_COUNTOF(stack))
                return "nesting too deep";
            memcpy(stack[depth++], name, n + 1);
            if (strcmp(name, "style") == 0 || strcmp(name, "script") == 0) {
                const char *end = strstr(p, "</style>");
                const char *u;
                if (strcmp(name, "script") == 0 || !end)
                    return "script element or unterminated style";
                for (u = strstr(p, "url("); u && u < end; u = strstr(u + 4, "url("))
                    if (strncmp(u + 4, "data:", 5) != 0 && strncmp(u + 4, "\"data:", 6) != 0)
                        return "url() that is not data:";
                if (strstr(p, "@import") && strstr(p, "@import") < end)
                    return "@import in the style sheet";
                p = end;
            }
        }
    }
    if (depth != 0)
        return "elements left open at the end";
    return NULL;
}

/* ---------------------------------------------------------------- tiny RFC 4180 reader */

typedef struct csv_doc {
    char **cells;       /* row-major, malloc'd strings */
    size_t *row_len;    /* fields per row */
    size_t rows, cell_count;
} csv_doc;

static void csv_free(csv_doc *d)
{
    size_t i;
    for (i = 0; i < d->cell_count; i++)
        free(d->cells[i]);
    free(d->cells);
    free(d->row_len);
    memset(d, 0, sizeof(*d));
}

/* Strict: CRLF record ends only, quotes only around a whole field, "" inside quotes. false on any
 * deviation. */
static bool csv_parse(const char *s, size_t len, csv_doc *d)
{
    size_t i = 0, cap = 0, rcap = 0, in_row = 0;
    memset(d, 0, sizeof(*d));
    while (i < len) {
        bf_buf cell;
        bf_buf_init(&cell);
        if (s[i] == '"') {
            i++;
            for (;;) {
                if (i >= len) {
                    bf_buf_free(&cell);
                    return false;
                }
                if (s[i] == '"') {
                    if (i + 1 < len && s[i + 1] == '"') {
                        bf_buf_putc(&cell, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                bf_buf_putc(&cell, s[i++]);
            }
        } else {
            while (i < len && s[i] != ',' && s[i] != '\r' && s[i] != '\n') {
                if (s[i] == '"') {
                    bf_buf_free(&cell);
                    return false;
                }
                bf_buf_putc(&cell, s[i++]);
            }
        }
        if (d->cell_count == cap) {
            cap = cap ? cap * 2 : 64;
            d->cells = realloc(d->cells, cap * sizeof(char *));
        }
        d->cells[d->cell_count++] = bf_buf_take(&cell);
        in_row++;
        if (i < len && s[i] == ',') {
            i++;
            continue;
        }
        if (i + 1 < len + 1 && i + 1 <= len && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n') {
            i += 2;
        } else {
            return false;   /* bare LF, bare CR, junk after a closing quote, or no final CRLF */
        }
        if (d->rows == rcap) {
            rcap = rcap ? rcap * 2 : 16;
            d->row_len = realloc(d->row_len, rcap * sizeof(size_t));
        }
        d->row_len[d->rows++] = in_row;
        in_row = 0;
    }
    return in_row == 0;
}

/* ---------------------------------------------------------------- tests */

BF_TEST(report_html_hostile_names_are_inert_and_well_formed)
{
    fixture f;
    bf_buf b;
    bf_err err;
    const char *problem;
    size_t at = 0;
    char *html;
    REQUIRE(fixture_open(&f));
    bf_buf_init(&b);
    CHECK(bf_report_write_html(f.rep, &b, &err));
    html = bf_buf_take(&b);
    REQUIRE(html);
    CHECK(ci_strstr(html, "<script") == NULL);
    CHECK(ci_strstr(html, "<img") == NULL);
    CHECK(ci_strstr(html, "<svg onload") == NULL);
    CHECK(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
    CHECK(strstr(html, "&quot;&gt;&lt;svg onload=alert(3)&gt;") != NULL);
    problem = html_check(html, &at);
    if (problem) {
        bf_test_failures++;
        printf("  HTML check: %s at offset %zu: %.80s\n", problem, at, html + at);
    }
    /* the right-to-left override never appears raw, and appears escaped inside an isolating <bdi> */
    CHECK(strstr(html, RLO) == NULL);
    CHECK(strstr(html, "<bdi>LAN &lt;U+202E&gt;exe.txt</bdi>") != NULL);
    /* the 10,000-character name is there in full, as many times as it was used */
    CHECK(bf_test_count(html, f.h.longname) >= 10);
    /* invalid input bytes became U+FFFD, so the document is valid UTF-8 */
    CHECK(valid_utf8(html, strlen(html)));
    CHECK(strstr(html, "bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "utf\xEF\xBF\xBD" "8\xEF\xBF\xBD") != NULL);
    /* control characters are visible symbols; no raw ESC reaches the file */
    CHECK(strchr(html, 0x1B) == NULL);
    CHECK(strstr(html, "\xE2\x90\x9B[31mred") != NULL);
    /* self-contained: the policy forbids loading anything, no URL scheme at all in the document */
    CHECK(strstr(html, "default-src 'none'; style-src 'unsafe-inline'; img-src data:") != NULL);
    CHECK(ci_strstr(html, "http:") == NULL);
    CHECK(ci_strstr(html, "https:") == NULL);
    CHECK(ci_strstr(html, "file://") == NULL);
    CHECK(ci_strstr(html, "javascript:") == NULL);
    /* print-friendly and side by side */
    CHECK(strstr(html, "@media print") != NULL);
    CHECK(strstr(html, "<div class=\"side\">") != NULL);
    /* status by icon and word */
    CHECK(strstr(html, "<b>Fails</b>") != NULL);
    CHECK(strstr(html, "<b>OK</b>") != NULL);
    free(html);
    fixture_close(&f);
}

BF_TEST(report_html_checker_catches_breakage)
{
    /* the checker itself must fail on the mistakes it exists to catch */
    size_t at;
    CHECK(html_check("<!DOCTYPE html><p><b>x</p></b>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><p title=\"a\"b\">x</p>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><p>a < b</p>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><a href=\"https://x\">x</a>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><p onclick=\"x\">x</p>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><style>b{background:url(http://x)}</style>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><div>", &at) != NULL);
    CHECK(html_check("<!DOCTYPE html><p><svg><path d=\"M0\"/></svg><br></p>", &at) == NULL);
}

BF_TEST(report_csv_parses_back_with_formulas_neutralised)
{
    fixture f;
    bf_report_files files;
    bf_err err;
    size_t i, j, r;
    int seen_adapters = 0;
    REQUIRE(fixture_open(&f));
    REQUIRE(bf_report_write_csv(f.rep, &files, &err));
    CHECK_INT(files.count, BF_RT__COUNT + 1);
    for (i = 0; i < files.count; i++) {
        const bf_report_file *file = &files.files[i];
        csv_doc d;
        CHECK(strncmp(file->data, "\xEF\xBB\xBF", 3) == 0);
        CHECK(valid_utf8(file->data, file->len));
        if (!csv_parse(file->data + 3, file->len - 3, &d)) {
            bf_test_failures++;
            printf("  %s does not parse as RFC 4180\n", file->name);
            csv_free(&d);
            continue;
        }
        CHECK(d.rows >= 1);
        /* every record has the header's field count */
        for (r = 1; r < d.rows; r++)
            CHECK_INT(d.row_len[r], d.row_len[0]);
        /* no cell a spreadsheet would evaluate */
        for (j = 0; j < d.cell_count; j++) {
            const char *c = d.cells[j];
            while (*c == ' ')
                c++;
            if (strchr("=+-@\t\r", *c) && *c) {
                bf_test_failures++;
                printf("  %s: formula cell %.40s\n", file->name, d.cells[j]);
            }
        }
        if (strcmp(file->name, "adapters.csv") == 0) {
            size_t cols = d.row_len[0];
            seen_adapters = 1;
            CHECK_STR(d.cells[0], "Adapter");
            REQUIRE(d.rows == H_COUNT + 1);
            /* the friendly name column, row by row, against what went in */
            for (r = 0; r < H_COUNT; r++) {
                const char *got = d.cells[(r + 1) * cols];
                char *want = shown(f.h.s[r]);
                if (r == H_FORMULA || r == H_SPACED_FORMULA) {
                    CHECK(got[0] == '\'');
                    CHECK_STR(got + 1, want);
                } else {
                    CHECK_STR(got, want);
                }
                free(want);
            }
            CHECK_INT(strlen(d.cells[(H_LONG + 1) * cols]), LONG_LEN);
        }
        csv_free(&d);
    }
    CHECK(seen_adapters);
    bf_report_files_free(&files);
    fixture_close(&f);
}

BF_TEST(report_csv_cell_quoting)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_csv_put_cell(&b, "plain");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "a,b");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "say \"hi\"");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "two\r\nlines");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "=1+2");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "  @SUM(A1)");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "-=x,\"y\"");
    bf_buf_putc(&b, '|');
    bf_csv_put_cell(&b, "a=b");
    CHECK_STR(bf_buf_cstr(&b), "plain|\"a,b\"|\"say \"\"hi\"\"\"|\"two\r\nlines\"|'=1+2|'  @SUM(A1)|"
                               "\"'-=x,\"\"y\"\"\"|a=b");
    bf_buf_free(&b);
}

BF_TEST(report_json_reads_back_as_snapshot)
{
    fixture f;
    bf_buf b;
    bf_err err;
    bf_snapshot *back;
    char *json;
    size_t i;
    REQUIRE(fixture_open(&f));
    bf_buf_init(&b);
    bf_err_clear(&err);
    CHECK(bf_report_write_json(f.rep, &b, &err));
    json = bf_buf_take(&b);
    REQUIRE(json);
    CHECK(valid_utf8(json, strlen(json)));
    back = bf_snapshot_read_json(json, strlen(json), "report.json", &err);
    if (!back)
        printf("  reader: %s:%d:%d: %s\n", err.where, err.line, err.col, err.msg);
    REQUIRE(back);
    REQUIRE(back->adapter_count == H_COUNT);
    for (i = 0; i < H_COUNT; i++) {
        char *want = sanitized(f.h.s[i]);
        CHECK_STR(back->adapters[i].friendly_name, want);
        CHECK_STR(back->services[i].display_name, want);
        CHECK_STR(back->event_log.events[i].inserts[0], want);
        CHECK_STR(back->hosts.entries[i].text, want);
        free(want);
    }
    /* the report's own members are there (the reader ignored them) */
    CHECK(strstr(json, "\n  \"report\": {") != NULL);
    CHECK(strstr(json, "\n  \"diagnosis\": ") != NULL);
    CHECK(strstr(json, "\n  \"actions\": [") != NULL);
    CHECK(strstr(json, "\n  \"verification\": [") != NULL);
    CHECK(strstr(json, "\"generated_at\": \"2024-01-02T04:00:00Z\"") != NULL);
    CHECK(strstr(json, "BF-TEST-HOSTILE") != NULL);
    bf_snapshot_destroy(back);
    free(json);
    fixture_close(&f);
}

BF_TEST(report_text_shows_names_harmlessly)
{
    fixture f;
    bf_buf b;
    bf_err err;
    char *text;
    REQUIRE(fixture_open(&f));
    bf_buf_init(&b);
    CHECK(bf_report_write_text(f.rep, &b, &err));
    text = bf_buf_take(&b);
    REQUIRE(text);
    CHECK(valid_utf8(text, strlen(text)));
    CHECK(strstr(text, f.h.s[H_SCRIPT]) != NULL);
    CHECK(strstr(text, f.h.s[H_QUOTES]) != NULL);
    CHECK(strstr(text, f.h.s[H_FORMULA]) != NULL);
    CHECK(strstr(text, f.h.s[H_SPACED_FORMULA]) != NULL);
    CHECK(bf_test_count(text, f.h.longname) >= 10);
    /* the override is spelled out, never raw; no escape sequence or bell reaches a terminal */
    CHECK(strstr(text, RLO) == NULL);
    CHECK(strstr(text, "LAN <U+202E>exe.txt") != NULL);
    CHECK(strchr(text, 0x1B) == NULL);
    CHECK(strchr(text, 0x07) == NULL);
    CHECK(strstr(text, "\xE2\x90\x9B[31mred") != NULL);
    CHECK(strstr(text, "bad\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD" "utf") != NULL);
    CHECK(strstr(text, "Fails: Address not available (10049)") != NULL);
    free(text);
    fixture_close(&f);
}

BF_TEST(report_sections_and_empty_report)
{
    /* an empty snapshot, not diagnosed: every format still says so instead of failing */
    bf_snapshot *s = bf_snapshot_create();
    bf_report *r;
    bf_buf b;
    bf_err err;
    bf_report_files files;
    size_t at;
    REQUIRE(s);
    s->event_log.status = BF_SECTION_UNAVAILABLE;
    s->event_log.problem = "ReadEventLog failed with error 38";
    r = bf_report_create(s, NULL, NULL);
    REQUIRE(r);
    bf_buf_init(&b);
    CHECK(bf_report_write_html(r, &b, &err));
    CHECK(html_check(bf_buf_cstr(&b), &at) == NULL);
    CHECK(strstr(bf_buf_cstr(&b), "Not diagnosed.") != NULL);
    CHECK(strstr(bf_buf_cstr(&b), "unavailable - ReadEventLog failed with error 38") != NULL);
    bf_buf_reset(&b);
    CHECK(bf_report_write_text(r, &b, &err));
    CHECK(strstr(bf_buf_cstr(&b), "no events read does not mean no events") != NULL);
    bf_buf_free(&b);
    REQUIRE(bf_report_write_csv(r, &files, &err));
    CHECK_STR(files.files[0].name, "report.csv");
    CHECK_STR(files.files[3].name, "bind-status.csv");
    bf_report_files_free(&files);
    bf_report_destroy(r);
    bf_snapshot_destroy(s);
}

BF_TEST(report_utf8_sanitizer)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"plain", "plain"},
        {"\xC3\xA9t\xC3\xA9", "\xC3\xA9t\xC3\xA9"},
        {"\xC0\xAF", "\xEF\xBF\xBD\xEF\xBF\xBD"},                 /* overlong '/' */
        {"\xED\xA0\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},   /* CESU-8 high surrogate */
        {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"}, /* above U+10FFFF */
        {"a\xE2\x82", "a\xEF\xBF\xBD\xEF\xBF\xBD"},                /* truncated at the end */
        {"\xEF\xBF\xBD", "\xEF\xBF\xBD"},                          /* a genuine U+FFFD stays one */
        {"\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80"},
    };
    size_t i;
    for (i = 0; i < BF_COUNTOF(cases); i++) {
        bf_buf b;
        bf_buf_init(&b);
        bf_utf8_sanitize_append(&b, cases[i].in);
        CHECK_STR(bf_buf_cstr(&b), cases[i].out);
        bf_buf_free(&b);
    }
}

/* ---------------------------------------------------------------- the promises fuzz_report checks */

BF_TEST(report_html_has_no_raw_lt_in_text)
{
    fixture f;
    bf_buf b;
    bf_err err;
    size_t at = 0;
    const char *problem;
    REQUIRE(fixture_open(&f));
    bf_buf_init(&b);
    REQUIRE(bf_report_write_html(f.rep, &b, &err));
    problem = bf_check_html_no_raw_lt(bf_buf_cstr(&b), b.len, &at);
    if (problem) {
        bf_test_failures++;
        printf("  %s at offset %zu: %.60s\n", problem, at, bf_buf_cstr(&b) + at);
    }
    bf_buf_free(&b);
    fixture_close(&f);
    /* the oracle fails on what it exists to catch, in any case, and passes the writer's own markup */
    CHECK(bf_check_html_no_raw_lt("<p>a <SCRIPT>x</SCRIPT></p>", 27, &at) != NULL);
    CHECK(bf_check_html_no_raw_lt("<p><Img src=x></p>", 18, &at) != NULL);
    CHECK(bf_check_html_no_raw_lt("<p>1 < 2</p>", 12, &at) != NULL);
    CHECK(bf_check_html_no_raw_lt("<p><bdi>x<b>y</b></bdi></p>", 27, &at) != NULL);   /* own tag, from a value */
    CHECK(bf_check_html_no_raw_lt("<title>a<b</title>", 18, &at) != NULL);
    CHECK(bf_check_html_no_raw_lt("<!DOCTYPE html><p class=\"x\"><bdi>a &lt;b</bdi></p>", 50, &at) == NULL);
}

BF_TEST(report_csv_has_no_formula_cells)
{
    fixture f;
    bf_report_files files;
    bf_err err;
    size_t i, at = 0;
    const char *problem;
    REQUIRE(fixture_open(&f));
    REQUIRE(bf_report_write_csv(f.rep, &files, &err));
    for (i = 0; i < files.count; i++) {
        problem = bf_check_csv_no_formula(files.files[i].data, files.files[i].len, &at);
        if (problem) {
            bf_test_failures++;
            printf("  %s: %s at offset %zu: %.40s\n", files.files[i].name, problem, at, files.files[i].data + at);
        }
    }
    bf_report_files_free(&files);
    fixture_close(&f);
    /* cells that hide the trigger behind blanks are neutralised by the writer ... */
    {
        static const char *const triggers[] = {"=1+2", " +1", "\t@SUM(A1)", " \t-2", "\r\n=cmd", "\n@x", "\t =1"};
        bf_buf b;
        bf_buf_init(&b);
        for (i = 0; i < BF_COUNTOF(triggers); i++) {
            bf_buf_reset(&b);
            bf_csv_put_cell(&b, triggers[i]);
            problem = bf_check_csv_no_formula(bf_buf_cstr(&b), b.len, &at);
            if (problem || bf_buf_cstr(&b)[0 + (bf_buf_cstr(&b)[0] == '"')] != '\'') {
                bf_test_failures++;
                printf("  cell %zu written as [%s]: %s\n", i, bf_buf_cstr(&b), problem ? problem : "no apostrophe");
            }
        }
        bf_buf_free(&b);
    }
    /* ... and the oracle catches every one of them written raw */
    CHECK(bf_check_csv_no_formula("a,=1\r\n", 6, &at) != NULL);
    CHECK(bf_check_csv_no_formula("a, \t+1\r\n", 8, &at) != NULL);
    CHECK(bf_check_csv_no_formula("\"\r\n@x\"\r\n", 8, &at) != NULL);
    CHECK(bf_check_csv_no_formula("\xEF\xBB\xBF-1,b\r\n", 9, &at) != NULL);
    CHECK(bf_check_csv_no_formula("'=1,a=b,\"x,=y\"\r\n", 16, &at) == NULL);
}

/* Every text output shows a bidi control the same way, "<U+202E>", never raw and never '?'. */
BF_TEST(report_bidi_shown_as_label_in_every_text_output)
{
    fixture f;
    bf_buf b;
    bf_err err;
    bf_report_files files;
    size_t i, at = 0;
    const char *problem;
    bool csv_seen = false;
    REQUIRE(fixture_open(&f));
    bf_buf_init(&b);
    /* the text report */
    REQUIRE(bf_report_write_text(f.rep, &b, &err));
    problem = bf_check_text_shown(bf_buf_cstr(&b), b.len, &at);
    if (problem) {
        bf_test_failures++;
        printf("  text report: %s at offset %zu\n", problem, at);
    }
    CHECK(strstr(bf_buf_cstr(&b), "LAN <U+202E>exe.txt") != NULL);
    /* the text scan */
    bf_buf_reset(&b);
    bf_scan_write_text(f.snap, f.diag, &b);
    problem = bf_check_text_shown(bf_buf_cstr(&b), b.len, &at);
    if (problem) {
        bf_test_failures++;
        printf("  text scan: %s at offset %zu: %.30s\n", problem, at, bf_buf_cstr(&b) + at);
    }
    CHECK(strstr(bf_buf_cstr(&b), "LAN <U+202E>exe.txt") != NULL);
    /* CSV */
    REQUIRE(bf_report_write_csv(f.rep, &files, &err));
    for (i = 0; i < files.count; i++) {
        CHECK(strstr(files.files[i].data, RLO) == NULL);
        if (strstr(files.files[i].data, "LAN <U+202E>exe.txt"))
            csv_seen = true;
    }
    CHECK(csv_seen);
    bf_report_files_free(&files);
    /* HTML: the same label, escaped */
    bf_buf_reset(&b);
    REQUIRE(bf_report_write_html(f.rep, &b, &err));
    CHECK(strstr(bf_buf_cstr(&b), "LAN &lt;U+202E&gt;exe.txt") != NULL);
    bf_buf_free(&b);
    fixture_close(&f);
    /* the one function: every label form, and the oracle catches a raw one */
    bf_buf_init(&b);
    bf_text_clean_append(&b, "a\xE2\x81\xA6" "b\xC2\x85" "c\xEF\xBF\xBE" "d\xF0\x9F\xBF\xBF", false);
    CHECK_STR(bf_buf_cstr(&b), "a<U+2066>b<U+0085>c<U+FFFE>d<U+1FFFF>");
    bf_buf_free(&b);
    CHECK(bf_check_text_shown("x" RLO "y", 5, &at) != NULL);
    CHECK(bf_check_text_shown("x\x1b[0m", 5, &at) != NULL);
    CHECK(bf_check_text_shown("x\r\ny\n", 5, &at) == NULL);
}
