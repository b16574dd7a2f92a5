/*
 * report_csv.c - the CSV report: one file per table (see report.h).
 *
 * RFC 4180: fields separated by commas, records ended by CRLF, a field holding a comma, a double quote, CR
 * or LF is enclosed in double quotes with inner quotes doubled.  We quote every field that needs it and
 * only those, so a clean file stays readable.
 *
 * CSV injection (OWASP "CSV Injection"): a spreadsheet runs a cell whose text starts with = + - @ (and,
 * in some, TAB or CR) as a formula, e.g. an adapter renamed to  =cmd|' /C calc'!A0 .  A cell's text is
 * cleaned first (tabs become spaces, controls visible pictures); a cell whose cleaned text starts with
 * = + - @, also after leading spaces or line breaks, gets a leading apostrophe, which spreadsheets show as text and
 * which a reader of the file can see and strip.  The cost is that a genuine negative number would also
 * get one: the tables therefore leave unknown numbers empty instead of writing -1.
 *
 * The byte order mark is there because Excel reads a CSV without one in the ANSI code page and would
 * garble every non-ASCII name.
 */
#include "report_priv.h"

#include <stdlib.h>
#include <string.h>

/* Decided on the cleaned text, the one the spreadsheet reads: leading blanks (spaces, and line breaks a
 * quoted cell keeps) are skipped before looking for the trigger. */
static bool needs_neutralising(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
        s++;
    return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}

void bf_csv_put_cell(bf_buf *out, const char *text)
{
    bf_buf clean;
    const char *s;
    bool quote;
    bf_buf_init(&clean);
    /* cleaned as every text output is (bidi controls shown as <U+202E>, controls as pictures, tabs as
     * spaces), keeping the line breaks a cell may hold */
    bf_text_clean_append(&clean, text, true);
    s = bf_buf_cstr(&clean);
    if (!clean.failed && needs_neutralising(s)) {
        bf_buf prefixed;
        bf_buf_init(&prefixed);
        bf_buf_putc(&prefixed, '\'');
        bf_buf_append(&prefixed, s, clean.len);
        bf_buf_free(&clean);
        clean = prefixed;
        s = bf_buf_cstr(&clean);
    }
    if (clean.failed) {
        out->failed = true;
        bf_buf_free(&clean);
        return;
    }
    quote = strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        bf_buf_append(out, s, clean.len);
    } else {
        const char *q;
        bf_buf_putc(out, '"');
        while ((q = strchr(s, '"')) != NULL) {
            bf_buf_append(out, s, (size_t)(q - s) + 1);
            bf_buf_putc(out, '"');
            s = q + 1;
        }
        bf_buf_puts(out, s);
        bf_buf_putc(out, '"');
    }
    bf_buf_free(&clean);
}

static void csv_table(bf_buf *out, const bf_report_table *t)
{
    size_t r, c;
    bf_buf_puts(out, "\xEF\xBB\xBF");
    for (c = 0; c < t->column_count; c++) {
        if (c)
            bf_buf_putc(out, ',');
        bf_csv_put_cell(out, t->columns[c]);
    }
    bf_buf_puts(out, "\r\n");
    for (r = 0; r < t->row_count; r++) {
        for (c = 0; c < t->column_count; c++) {
            if (c)
                bf_buf_putc(out, ',');
            bf_csv_put_cell(out, t->cells[r * t->column_count + c].text);
        }
        bf_buf_puts(out, "\r\n");
    }
}

void bf_report_files_free(bf_report_files *f)
{
    size_t i;
    if (!f)
        return;
    for (i = 0; i < f->count; i++) {
        free(f->files[i].name);
        free(f->files[i].data);
    }
    free(f->files);
    f->files = NULL;
    f->count = 0;
}

static char *dup_name(const char *id)
{
    size_t n = strlen(id);
    char *s = malloc(n + 5);
    if (s) {
        memcpy(s, id, n);
        memcpy(s + n, ".csv", 5);
    }
    return s;
}

bool bf_report_write_csv(const bf_report *r, bf_report_files *out, bf_err *err)
{
    bf_report_tables *t = bf_report_tables_build(r, err);
    bf_report_files files;
    size_t i;
    if (!t)
        return false;
    files.count = 0;
    files.files = calloc(BF_RT__COUNT + 1, sizeof(*files.files));
    if (!files.files) {
        bf_report_tables_destroy(t);
        return bf_fail(err, "out of memory while writing the CSV report");
    }
    for (i = 0; i <= BF_RT__COUNT; i++) {
        /* the identity table first: report.csv says what machine and time the other files are about */
        const bf_report_table *table = i == 0 ? &t->identity : &t->tables[i - 1];
        bf_buf b;
        bf_buf_init(&b);
        csv_table(&b, table);
        files.files[i].name = dup_name(table->id);
        files.files[i].len = b.len;
        files.files[i].data = bf_buf_take(&b);
        files.count = i + 1;
        if (!files.files[i].name || !files.files[i].data) {
            bf_report_files_free(&files);
            bf_report_tables_destroy(t);
            return bf_fail(err, "out of memory while writing the CSV report");
        }
    }
    bf_report_tables_destroy(t);
    *out = files;
    return true;
}
