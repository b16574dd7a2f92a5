/*
 * report_html.c - the HTML report: one self-contained file (see report.h).
 *
 * Safety rules, because the values come from a machine (or a mailed snapshot) an attacker may control:
 * - every value goes through html_value(): & < > " ' become entities, invalid UTF-8 becomes U+FFFD,
 *   control characters become visible symbols, a bidi control is written as the text <U+202E> (shown,
 *   not obeyed: "evil" is not turned into "live"), and the value sits in <bdi> so that right-to-left
 *   text in a name cannot reorder the text around it;
 * - the document has no script and loads nothing: no src/href/url() at all except same-document
 *   anchors, a Content-Security-Policy that forbids everything but inline style and data: images,
 *   status icons as inline SVG; KB references are plain text, not links.
 * Status is shown by an icon of a distinct shape and a word, never by colour alone (prints in grey).
 */
#include "report_priv.h"

#include "causes.h"

#include <string.h>

/* Escapes one value for element content or a double-quoted attribute. */
static void html_escape(bf_buf *out, const char *s)
{
    const unsigned char *p = (const unsigned char *)(s ? s : "");
    size_t n = strlen((const char *)p);
    while (n > 0) {
        uint32_t cp;
        size_t k = bf_utf8_decode(p, n, &cp);
        switch (cp) {
        case '&': bf_buf_puts(out, "&amp;"); break;
        case '<': bf_buf_puts(out, "&lt;"); break;
        case '>': bf_buf_puts(out, "&gt;"); break;
        case '"': bf_buf_puts(out, "&quot;"); break;
        case '\'': bf_buf_puts(out, "&#39;"); break;
        case '\t':
        case '\n': bf_buf_putc(out, (char)cp); break;
        default:
            if (cp < 0x20 || cp == 0x7F)
                bf_utf8_put(out, cp == 0x7F ? 0x2421 : 0x2400 + cp);   /* control pictures: visible */
            else if (bf_cp_needs_label(cp)) {
                /* C1 (&#x80;..&#x9F; would mean cp1252), bidi controls (shown, not obeyed), noncharacters
                 * (parse errors in HTML): the label every output uses, escaped */
                bf_buf label;
                bf_buf_init(&label);
                bf_cp_label_append(&label, cp);
                if (label.failed)
                    out->failed = true;
                else
                    html_escape(out, bf_buf_cstr(&label));
                bf_buf_free(&label);
            } else if (cp == 0xFFFD && k == 1)
                bf_utf8_put(out, 0xFFFD);
            else
                bf_buf_append(out, (const char *)p, k);
        }
        p += k;
        n -= k;
    }
}

/* A user-supplied value in element content: escaped and direction-isolated. */
static void html_value(bf_buf *out, const char *s)
{
    if (!s || !s[0])
        return;
    bf_buf_puts(out, "<bdi>");
    html_escape(out, s);
    bf_buf_puts(out, "</bdi>");
}

static const char *const status_class[] = {"", "ok", "info", "warn", "fail"};

/* Distinct shapes so that the status survives grey printing and colour blindness. */
static const char *const status_svg[] = {
    "",
    "<svg class=\"i\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"7.5\" "
    "fill=\"#1a7f37\"/><path d=\"M4.3 8.4l2.4 2.4 5-5.2\" fill=\"none\" stroke=\"#fff\" stroke-width=\"2\"/></svg>",
    "<svg class=\"i\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"7.5\" "
    "fill=\"#1f5fa8\"/><rect x=\"7\" y=\"7\" width=\"2\" height=\"5.5\" fill=\"#fff\"/><rect x=\"7\" y=\"3.5\" "
    "width=\"2\" height=\"2\" fill=\"#fff\"/></svg>",
    "<svg class=\"i\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><path d=\"M8 .8L15.6 15H.4z\" fill=\"#b26a00\"/>"
    "<rect x=\"7\" y=\"5.5\" width=\"2\" height=\"5\" fill=\"#fff\"/><rect x=\"7\" y=\"11.6\" width=\"2\" "
    "height=\"2\" fill=\"#fff\"/></svg>",
    "<svg class=\"i\" viewBox=\"0 0 16 16\" aria-hidden=\"true\"><rect x=\".5\" y=\".5\" width=\"15\" "
    "height=\"15\" rx=\"2\" fill=\"#c62828\"/><path d=\"M4.5 4.5l7 7M11.5 4.5l-7 7\" stroke=\"#fff\" "
    "stroke-width=\"2\"/></svg>",
};

static void html_status(bf_buf *out, bf_report_status st, const char *text)
{
    const char *word = bf_report_status_word(st);
    if (st == BF_RSTAT_NONE) {
        html_value(out, text);
        return;
    }
    bf_buf_printf(out, "<span class=\"st %s\">%s<b>%s</b></span>", status_class[st], status_svg[st], word);
    if (text && text[0] && strcmp(text, word) != 0) {
        bf_buf_puts(out, " ");
        html_value(out, text);
    }
}

static const char css[] =
    ":root{color-scheme:light}"
    "body{font:13px/1.4 \"Segoe UI\",Tahoma,\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;"
    "margin:16px 20px;color:#1b1b1b;background:#fff}"
    "h1{font-size:21px;margin:0 0 6px}"
    "h2{font-size:16px;margin:22px 0 6px;padding-bottom:2px;border-bottom:2px solid #d0d5dc}"
    "h3{font-size:14px;margin:10px 0 4px}"
    "table{border-collapse:collapse;width:100%;margin:2px 0 6px}"
    /* break-word, not anywhere: a cell may break a word that does not fit, but its minimum width stays
     * its longest word, so that addresses and port numbers are not split across lines; a pane whose
     * table is still too wide (a 10,000-character name) scrolls sideways in its own box */
    "th,td{border:1px solid #c6cbd2;padding:3px 5px;text-align:left;vertical-align:top;"
    "overflow-wrap:break-word}"
    "th{background:#eef1f5;font-weight:600}"
    "tbody tr:nth-child(even) td{background:#fafbfc}"
    ".side{display:grid;grid-template-columns:repeat(3,auto);gap:12px;align-items:start}"
    ".pane{min-width:0;overflow-x:auto}"
    ".pane h3{margin-top:0}"
    "dl.id{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 14px;margin:6px 0}"
    "dl.id dt{font-weight:600}dl.id dd{margin:0;overflow-wrap:anywhere}"
    ".summary{margin:8px 0;padding:6px 10px;border:1px solid #c6cbd2;background:#f6f8fa}"
    ".st{white-space:nowrap}.st b{font-weight:600;margin-right:2px}"
    "svg.i{width:14px;height:14px;vertical-align:-2px;margin-right:4px}"
    ".st.ok b{color:#1a7f37}.st.info b{color:#1f5fa8}.st.warn b{color:#8a5300}.st.fail b{color:#b71c1c}"
    ".note{margin:2px 0 6px;padding:3px 8px;border-left:4px solid #b26a00;background:#fff8e6}"
    ".empty{color:#555;font-style:italic;margin:2px 0 6px}"
    ".finding{border:1px solid #c6cbd2;border-left:6px solid #7a7a7a;padding:6px 10px;margin:10px 0}"
    ".finding.fail{border-left-color:#c62828}.finding.warn{border-left-color:#b26a00}"
    ".finding.info{border-left-color:#1f5fa8}"
    ".finding h3{margin:0 0 4px}.finding .fid{font-family:Consolas,\"DejaVu Sans Mono\",monospace;"
    "font-size:12px;color:#444;margin-left:6px}"
    ".finding p{margin:4px 0}.refs{color:#333}"
    ".act{margin:2px 0}.act .detail,.act .pred{display:block;margin-left:16px;color:#333}"
    "footer{margin-top:24px;color:#555;font-size:11px;border-top:1px solid #d0d5dc;padding-top:4px}"
    "@media print{body{margin:0;font-size:9.5pt}"
    ".side{display:block}.pane{margin-bottom:10px}"
    "h2{break-after:avoid}tr,.finding{break-inside:avoid}thead{display:table-header-group}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/* Renders the first `ncols` columns of a table (0: all). */
static void html_table(bf_buf *out, const bf_report_table *t, size_t ncols, int heading)
{
    size_t r, c;
    if (ncols == 0 || ncols > t->column_count)
        ncols = t->column_count;
    bf_buf_printf(out, "<h%d id=\"%s\">", heading, t->id);
    html_escape(out, t->title);
    bf_buf_printf(out, "</h%d>\n", heading);
    if (t->note[0]) {
        bf_buf_puts(out, "<p class=\"note\">");
        html_value(out, t->note);
        bf_buf_puts(out, "</p>\n");
    }
    if (t->row_count == 0) {
        bf_buf_puts(out, "<p class=\"empty\">None.</p>\n");
        return;
    }
    bf_buf_puts(out, "<table>\n<thead><tr>");
    for (c = 0; c < ncols; c++) {
        bf_buf_puts(out, "<th scope=\"col\">");
        html_escape(out, t->columns[c]);
        bf_buf_puts(out, "</th>");
    }
    bf_buf_puts(out, "</tr></thead>\n<tbody>\n");
    for (r = 0; r < t->row_count; r++) {
        const bf_report_cell *row = &t->cells[r * t->column_count];
        bf_buf_puts(out, "<tr>");
        for (c = 0; c < ncols; c++) {
            bf_buf_puts(out, "<td>");
            html_status(out, row[c].status, row[c].text);
            bf_buf_puts(out, "</td>");
        }
        bf_buf_puts(out, "</tr>\n");
    }
    bf_buf_puts(out, "</tbody>\n</table>\n");
}

static void html_identity(bf_buf *out, const bf_report_table *id)
{
    size_t r;
    bf_buf_puts(out, "<dl class=\"id\">\n");
    for (r = 0; r < id->row_count; r++) {
        const bf_report_cell *row = &id->cells[r * id->column_count];
        bf_buf_puts(out, "<dt>");
        html_escape(out, row[0].text);
        bf_buf_puts(out, "</dt><dd>");
        html_value(out, row[1].text);
        bf_buf_puts(out, "</dd>\n");
    }
    bf_buf_puts(out, "</dl>\n");
}

static void html_summary(bf_buf *out, const bf_report *r)
{
    size_t counts[BF_SEV__COUNT] = {0}, i, passed = 0;
    int s;
    bf_buf_puts(out, "<div class=\"summary\">");
    if (!r->diag) {
        html_status(out, BF_RSTAT_INFO, "Not diagnosed.");
    } else if (r->diag->finding_count == 0) {
        html_status(out, BF_RSTAT_OK, "No problems found.");
    } else {
        bf_buf b;
        for (i = 0; i < r->diag->finding_count; i++)
            if ((int)r->diag->findings[i].severity >= 0 && r->diag->findings[i].severity < BF_SEV__COUNT)
                counts[r->diag->findings[i].severity]++;
        bf_buf_init(&b);
        bf_buf_printf(&b, "%zu finding%s:", r->diag->finding_count, r->diag->finding_count == 1 ? "" : "s");
        for (s = BF_SEV__COUNT - 1; s >= 0; s--)
            if (counts[s])
                bf_buf_printf(&b, " %zu %s", counts[s], bf_severity_token((bf_severity)s));
        bf_buf_puts(&b, ".");
        html_status(out, counts[BF_SEV_CRITICAL] || counts[BF_SEV_ERROR] ? BF_RSTAT_FAIL
                         : counts[BF_SEV_WARNING]                          ? BF_RSTAT_WARN
                                                                           : BF_RSTAT_INFO,
                    bf_buf_cstr(&b));
        bf_buf_free(&b);
    }
    for (i = 0; i < r->check_count; i++)
        passed += r->checks[i].passed;
    bf_buf_printf(out, " Actions taken: %zu. Verification: %zu of %zu checks passed.</div>\n", r->action_count,
                  passed, r->check_count);
}

static void html_findings(bf_buf *out, const bf_report *r, const bf_report_tables *t)
{
    size_t i, j;
    bf_buf_puts(out, "<h2 id=\"findings\">Findings</h2>\n");
    if (!r->diag) {
        bf_buf_puts(out, "<p class=\"empty\">Not diagnosed.</p>\n");
        return;
    }
    if (r->diag->finding_count == 0) {
        bf_buf_puts(out, "<p class=\"empty\">None: no problem found.</p>\n");
        return;
    }
    (void)t;
    /* root causes first, each followed by what it explains, indented one step per level */
    const bf_tree_row *rows = bf_cause_tree(r->diag);
    char **place = rows ? bf_cause_places(r->diag, rows) : NULL;
    if (!place) {
        out->failed = true;
        return;
    }
    bf_buf_puts(out, "<p>Root causes first; what each one explains is indented under it.</p>\n");
    for (size_t row = 0; row < r->diag->finding_count; row++) {
        i = rows[row].finding;
        const bf_finding *f = &r->diag->findings[i];
        bf_report_status st = bf_report_severity_status(f->severity);
        int depth = rows[row].depth < 6 ? rows[row].depth : 6;
        bf_buf_printf(out, "<div class=\"finding %s\" style=\"margin-left:%dem\">\n<h3>%s. <span class=\"st %s\">%s<b>%s</b></span> ",
                      status_class[st], 2 * depth, place[i], status_class[st], status_svg[st],
                      bf_report_severity_label(f->severity));
        html_value(out, f->title);
        bf_buf_puts(out, "<span class=\"fid\">");
        html_value(out, f->id);
        bf_buf_puts(out, "</span></h3>\n");
        if (f->cause[0]) {
            bf_buf_puts(out, "<p>");
            html_value(out, f->cause);
            bf_buf_puts(out, "</p>\n");
        }
        if (f->cause_not_found) {
            bf_buf_puts(out, "<p>");
            html_value(out, f->cause_not_found);
            bf_buf_puts(out, "</p>\n");
        }
        if (f->cause_count > 1) {
            bf_buf_puts(out, "<p>Explained by:");
            for (j = 0; j < f->cause_count; j++)
                bf_buf_printf(out, "%s %s", j ? "," : "", place[f->causes[j]]);
            bf_buf_puts(out, "</p>\n");
        }
        if (f->evidence_count) {
            bf_buf_puts(out, "<table>\n<thead><tr><th scope=\"col\">Evidence</th><th scope=\"col\">Row</th>"
                             "<th scope=\"col\">Section</th></tr></thead>\n<tbody>\n");
            for (j = 0; j < f->evidence_count; j++) {
                bf_buf_puts(out, "<tr><td>");
                html_value(out, f->evidence[j].text);
                bf_buf_puts(out, "</td><td>");
                html_value(out, f->evidence[j].ref);
                bf_buf_puts(out, "</td><td>");
                html_value(out, f->evidence[j].section);
                bf_buf_puts(out, "</td></tr>\n");
            }
            bf_buf_puts(out, "</tbody>\n</table>\n");
        }
        if (f->reference_count) {
            bf_buf_puts(out, "<p class=\"refs\">References: ");
            for (j = 0; j < f->reference_count; j++) {
                if (j)
                    bf_buf_puts(out, "; ");
                html_value(out, f->references[j]);
            }
            bf_buf_puts(out, "</p>\n");
        }
        if (f->action_count) {
            bf_buf_puts(out, "<p>Proposed actions:</p>\n");
            for (j = 0; j < f->action_count; j++) {
                const bf_action *a = &f->actions[j];
                bf_buf_puts(out, "<div class=\"act\">");
                html_status(out, a->recommended ? BF_RSTAT_OK : BF_RSTAT_NONE,
                            a->recommended ? "Recommended:" : "");
                bf_buf_puts(out, " ");
                html_value(out, a->title);
                if (a->detail[0]) {
                    bf_buf_puts(out, "<span class=\"detail\">Change: ");
                    html_value(out, a->detail);
                    bf_buf_puts(out, "</span>");
                }
                if (a->predicted[0]) {
                    bf_buf_puts(out, "<span class=\"pred\">Predicted: ");
                    html_value(out, a->predicted);
                    bf_buf_puts(out, "</span>");
                }
                bf_buf_puts(out, "</div>\n");
            }
        }
        bf_buf_puts(out, "</div>\n");
    }
}

bool bf_report_write_html(const bf_report *r, bf_buf *out, bf_err *err)
{
    bf_report_tables *t = bf_report_tables_build(r, err);
    if (!t)
        return false;
    bf_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "style-src 'unsafe-inline'; img-src data:\">\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                     "<meta name=\"generator\" content=\"");
    html_escape(out, r->tool_name);
    bf_buf_puts(out, " ");
    html_escape(out, r->tool_version);
    bf_buf_puts(out, "\">\n<title>");
    html_escape(out, r->tool_name);
    bf_buf_puts(out, " report: ");
    html_escape(out, r->host[0] ? r->host : "unknown host");
    bf_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    html_escape(out, r->tool_name);
    bf_buf_puts(out, " report: ");
    html_value(out, r->host[0] ? r->host : "unknown host");
    bf_buf_puts(out, "</h1>\n");
    html_identity(out, &t->identity);
    html_summary(out, r);
    bf_buf_puts(out, "</header>\n<main>\n<section>\n"
                     "<h2 id=\"overview\">Adapters, resolver order and protocol bind status</h2>\n"
                     "<div class=\"side\">\n<div class=\"pane\">\n");
    html_table(out, &t->tables[BF_RT_ADAPTERS], 5, 3);
    bf_buf_puts(out, "</div>\n<div class=\"pane\">\n");
    html_table(out, &t->tables[BF_RT_RESOLVER], 0, 3);
    bf_buf_puts(out, "</div>\n<div class=\"pane\">\n");
    html_table(out, &t->tables[BF_RT_BIND], 4, 3);
    bf_buf_puts(out, "</div>\n</div>\n</section>\n<section>\n");
    html_findings(out, r, t);
    bf_buf_puts(out, "</section>\n<section>\n");
    html_table(out, &t->tables[BF_RT_ACTIONS], 0, 2);
    bf_buf_puts(out, "</section>\n<section>\n");
    html_table(out, &t->tables[BF_RT_VERIFICATION], 0, 2);
    bf_buf_puts(out, "</section>\n<section>\n<h2 id=\"details\">Details</h2>\n");
    {
        /* the side-by-side panes show the essential columns; the full rows follow here */
        static const bf_report_table_id detail[] = {BF_RT_ADAPTERS, BF_RT_BIND, BF_RT_BINDING, BF_RT_HOSTS,
                                                    BF_RT_LISTENERS, BF_RT_SERVICES, BF_RT_EVENTS};
        size_t i;
        for (i = 0; i < BF_COUNTOF(detail); i++) {
            bf_report_table full = t->tables[detail[i]];
            if (detail[i] == BF_RT_ADAPTERS) {
                full.id = "adapter-details";
                full.title = "Adapter details";
            } else if (detail[i] == BF_RT_BIND) {
                full.id = "bind-details";
                full.title = "Bind probe details";
            }
            html_table(out, &full, 0, 3);
        }
    }
    bf_buf_puts(out, "</section>\n</main>\n<footer>Generated by ");
    html_escape(out, r->tool_name);
    bf_buf_puts(out, " ");
    html_escape(out, r->tool_version);
    bf_buf_puts(out, " at ");
    html_value(out, r->generated_at);
    bf_buf_puts(out, " UTC. Self-contained file: it runs no script and loads nothing. Knowledge Base "
                     "references are given as text.</footer>\n</body>\n</html>\n");
    bf_report_tables_destroy(t);
    if (out->failed)
        return bf_fail(err, "out of memory while writing the HTML report");
    return true;
}

/* For the other HTML writers (the fleet report, core/fleet.c): the same escaping. */
void bf_html_escape_append(bf_buf *out, const char *s)
{
    html_escape(out, s);
}

void bf_html_value_append(bf_buf *out, const char *s)
{
    html_value(out, s);
}
