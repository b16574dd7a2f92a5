/*
 * report_text.c - the plain-text report (see report.h).
 *
 * Plain text goes to terminals and Notepad, which honour bidirectional controls and (terminals) escape
 * sequences, so every value is cleaned: invalid UTF-8 becomes U+FFFD, tab/CR/LF become spaces (a value
 * never breaks a table row), other control characters become visible control pictures (ESC shows as
 * U+241B, so no escape sequence reaches the terminal), and bidi controls are spelled out as "<U+202E>"
 * (bf_text_clean_append, shared with the text scan, CSV and the console).
 * Column widths are capped so one long name cannot push the others off the screen; a longer value is
 * still printed in full (the row overflows) because a report must never truncate evidence.
 */
#include "report_priv.h"

#include "causes.h"

#include <stdlib.h>
#include <string.h>

#define TEXT_MAX_COLUMN 44

static void text_clean(bf_buf *out, const char *s)
{
    bf_text_clean_append(out, s, false);   /* a value never breaks a table row */
}

/* Display width in columns: code points, not counting combining marks' zero width (a report table
 * does not need more than this; wide CJK cells only misalign their own row). */
static size_t text_width(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0, i;
    for (i = 0; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            w++;
    return w;
}

/* A cell's final text (status word + cleaned value) into out. */
static void cell_text(bf_buf *out, const bf_report_cell *c)
{
    const char *word = bf_report_status_word(c->status);
    if (c->status != BF_RSTAT_NONE) {
        bf_buf_puts(out, word);
        if (c->text[0] && strcmp(c->text, word) != 0)
            bf_buf_puts(out, ": ");
        else
            return;
    }
    text_clean(out, c->text);
}

static void heading(bf_buf *out, const char *title, char underline)
{
    bf_buf_puts(out, "\n");
    bf_buf_puts(out, title);
    bf_buf_puts(out, "\n");
    bf_buf_repeat(out, underline, text_width(title, strlen(title)));
    bf_buf_puts(out, "\n");
}

/* Renders a table; ncols 0 = all columns. */
static void text_table(bf_buf *out, const bf_report_table *t, size_t ncols)
{
    size_t r, c, total = 0;
    size_t *width;
    bf_buf *cells;
    if (ncols == 0 || ncols > t->column_count)
        ncols = t->column_count;
    heading(out, t->title, '-');
    if (t->note[0]) {
        bf_buf_puts(out, "Note: ");
        text_clean(out, t->note);
        bf_buf_puts(out, "\n");
    }
    if (t->row_count == 0) {
        bf_buf_puts(out, "None.\n");
        return;
    }
    if (t->row_count > SIZE_MAX / sizeof(bf_buf) / ncols) {
        out->failed = true;
        return;
    }
    /* cells are cleaned once into their own buffers: widths are measured on what is printed */
    width = calloc(ncols, sizeof(*width));
    cells = calloc(t->row_count * ncols, sizeof(*cells));
    if (!width || !cells) {
        free(width);
        free(cells);
        out->failed = true;
        return;
    }
    for (c = 0; c < ncols; c++)
        width[c] = text_width(t->columns[c], strlen(t->columns[c]));
    for (r = 0; r < t->row_count; r++) {
        for (c = 0; c < ncols; c++) {
            bf_buf *b = &cells[r * ncols + c];
            size_t w;
            cell_text(b, &t->cells[r * t->column_count + c]);
            if (b->failed)
                out->failed = true;
            w = text_width(bf_buf_cstr(b), b->len);
            if (w > width[c])
                width[c] = w > TEXT_MAX_COLUMN ? TEXT_MAX_COLUMN : w;
        }
    }
    for (c = 0; c < ncols; c++) {
        size_t w = text_width(t->columns[c], strlen(t->columns[c]));
        bf_buf_puts(out, t->columns[c]);
        if (c + 1 < ncols)
            bf_buf_repeat(out, ' ', width[c] - w + 2);
        total += width[c] + (c + 1 < ncols ? 2 : 0);
    }
    bf_buf_puts(out, "\n");
    bf_buf_repeat(out, '-', total);
    bf_buf_puts(out, "\n");
    for (r = 0; r < t->row_count; r++) {
        size_t overflow = 0; /* columns the previous cells pushed the row to the right by */
        for (c = 0; c < ncols; c++) {
            const bf_buf *b = &cells[r * ncols + c];
            size_t w = text_width(bf_buf_cstr(b), b->len);
            bf_buf_append(out, bf_buf_cstr(b), b->len);
            if (c + 1 < ncols) {
                size_t want = width[c] + 2;
                size_t used = w + overflow;
                if (used + 1 <= want) {
                    bf_buf_repeat(out, ' ', want - used);
                    overflow = 0;
                } else {
                    bf_buf_puts(out, "  ");
                    overflow = used + 2 - want;
                }
            }
        }
        /* no trailing spaces: an empty last cell leaves none */
        while (out->len > 0 && out->data[out->len - 1] == ' ')
            out->len--;
        if (out->data)
            out->data[out->len] = '\0';
        bf_buf_puts(out, "\n");
    }
    for (r = 0; r < t->row_count * ncols; r++)
        bf_buf_free(&cells[r]);
    free(cells);
    free(width);
}

static void text_findings(bf_buf *out, const bf_report *r)
{
    size_t i, j;
    heading(out, "Findings", '=');
    if (!r->diag) {
        bf_buf_puts(out, "Not diagnosed.\n");
        return;
    }
    if (r->diag->finding_count == 0) {
        bf_buf_puts(out, "None: no problem found.\n");
        return;
    }
    /* root causes first, each followed by what it explains; the place number shows the tree */
    const bf_tree_row *rows = bf_cause_tree(r->diag);
    char **place = rows ? bf_cause_places(r->diag, rows) : NULL;
    if (!place) {
        out->failed = true;
        return;
    }
    bf_buf_puts(out, "Root causes first; 1.2 is the second finding that 1 explains.\n");
    for (size_t row = 0; row < r->diag->finding_count; row++) {
        i = rows[row].finding;
        const bf_finding *f = &r->diag->findings[i];
        bf_buf_printf(out, "\n%s. [%s] %s  ", place[i], bf_report_status_word(bf_report_severity_status(f->severity)),
                      bf_report_severity_label(f->severity));
        text_clean(out, f->id);
        bf_buf_puts(out, "\n   ");
        text_clean(out, f->title);
        bf_buf_puts(out, "\n");
        if (f->cause[0]) {
            bf_buf_puts(out, "   Cause: ");
            text_clean(out, f->cause);
            bf_buf_puts(out, "\n");
        }
        if (f->cause_not_found) {
            bf_buf_puts(out, "   ");
            text_clean(out, f->cause_not_found);
            bf_buf_puts(out, "\n");
        }
        if (f->cause_count > 1) {
            bf_buf_puts(out, "   Explained by:");
            for (j = 0; j < f->cause_count; j++)
                bf_buf_printf(out, "%s %s", j ? "," : "", place[f->causes[j]]);
            bf_buf_puts(out, "\n");
        }
        if (f->evidence_count)
            bf_buf_puts(out, "   Evidence:\n");
        for (j = 0; j < f->evidence_count; j++) {
            bf_buf_puts(out, "   - ");
            text_clean(out, f->evidence[j].text);
            bf_buf_puts(out, " (");
            text_clean(out, f->evidence[j].section);
            if (f->evidence[j].ref[0]) {
                bf_buf_puts(out, ": ");
                text_clean(out, f->evidence[j].ref);
            }
            bf_buf_puts(out, ")\n");
        }
        if (f->reference_count) {
            bf_buf_puts(out, "   References: ");
            for (j = 0; j < f->reference_count; j++) {
                if (j)
                    bf_buf_puts(out, "; ");
                text_clean(out, f->references[j]);
            }
            bf_buf_puts(out, "\n");
        }
        if (f->action_count)
            bf_buf_puts(out, "   Proposed actions:\n");
        for (j = 0; j < f->action_count; j++) {
            const bf_action *a = &f->actions[j];
            bf_buf_puts(out, a->recommended ? "   * Recommended: " : "   * ");
            text_clean(out, a->title);
            bf_buf_puts(out, "\n");
            if (a->detail[0]) {
                bf_buf_puts(out, "     Change: ");
                text_clean(out, a->detail);
                bf_buf_puts(out, "\n");
            }
            if (a->predicted[0]) {
                bf_buf_puts(out, "     Predicted: ");
                text_clean(out, a->predicted);
                bf_buf_puts(out, "\n");
            }
        }
    }
}

bool bf_report_write_text(const bf_report *r, bf_buf *out, bf_err *err)
{
    bf_report_tables *t = bf_report_tables_build(r, err);
    size_t i, passed = 0;
    bf_buf title;
    if (!t)
        return false;
    bf_buf_init(&title);
    bf_buf_puts(&title, r->tool_name);
    bf_buf_puts(&title, " report: ");
    text_clean(&title, r->host[0] ? r->host : "unknown host");
    bf_buf_append(out, bf_buf_cstr(&title), title.len);
    bf_buf_puts(out, "\n");
    bf_buf_repeat(out, '=', text_width(bf_buf_cstr(&title), title.len));
    bf_buf_puts(out, "\n");
    bf_buf_free(&title);
    for (i = 0; i < t->identity.row_count; i++) {
        const bf_report_cell *row = &t->identity.cells[i * 2];
        bf_buf_printf(out, "%-26s", row[0].text);
        text_clean(out, row[1].text);
        bf_buf_puts(out, "\n");
    }
    for (i = 0; i < r->check_count; i++)
        passed += r->checks[i].passed;
    bf_buf_printf(out, "%-26s%zu finding%s; %zu action%s taken; %zu of %zu checks passed\n", "Summary",
                  r->diag ? r->diag->finding_count : 0, r->diag && r->diag->finding_count == 1 ? "" : "s",
                  r->action_count, r->action_count == 1 ? "" : "s", passed, r->check_count);

    heading(out, "Adapters | resolver order | protocol bind status", '=');
    text_table(out, &t->tables[BF_RT_ADAPTERS], 5);
    text_table(out, &t->tables[BF_RT_RESOLVER], 0);
    text_table(out, &t->tables[BF_RT_BIND], 4);
    text_findings(out, r);
    heading(out, "Repair", '=');
    text_table(out, &t->tables[BF_RT_ACTIONS], 0);
    text_table(out, &t->tables[BF_RT_VERIFICATION], 0);
    heading(out, "Details", '=');
    {
        static const bf_report_table_id detail[] = {BF_RT_ADAPTERS, BF_RT_BIND, BF_RT_BINDING, BF_RT_HOSTS,
                                                    BF_RT_LISTENERS, BF_RT_SERVICES, BF_RT_EVENTS};
        for (i = 0; i < BF_COUNTOF(detail); i++) {
            bf_report_table full = t->tables[detail[i]];
            if (detail[i] == BF_RT_ADAPTERS)
                full.title = "Adapter details";
            else if (detail[i] == BF_RT_BIND)
                full.title = "Bind probe details";
            text_table(out, &full, 0);
        }
    }
    bf_report_tables_destroy(t);
    if (out->failed)
        return bf_fail(err, "out of memory while writing the text report");
    return true;
}
