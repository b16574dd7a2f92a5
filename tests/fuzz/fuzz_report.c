/* fuzz_report.c - libFuzzer target: the report writers fed hostile strings. The input's bytes become the
 * names (adapter, service, event insert, host name) of the demo machine, split at NUL; every writer must
 * produce valid UTF-8, the HTML must contain no raw '<' in text (any case: only the writer's own tags),
 * no CSV cell may start a formula (= + - @, also after spaces, tabs or line breaks), and the text report
 * and the text scan no raw control or bidi character. The oracles are tests/core/report_check.h (the
 * unit tests use the same); a violation aborts, which libFuzzer reports as a crash. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "diagnose.h"
#include "report.h"
#include "report_check.h"
#include "scan_text.h"
#include "fuzz_util.h"

static void must(const char *problem, const char *what, const char *data, size_t at)
{
    if (problem) {
        fprintf(stderr, "fuzz_report: %s: %s at offset %zu: %.60s\n", what, problem, at, data + at);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_err err;
    bf_snapshot *s = bf_demo_snapshot(&err);
    bf_diagnosis *d;
    bf_report *r;
    bf_buf out;
    char *text = malloc(size + 1);
    const char *parts[4] = {"", "", "", ""};
    size_t i, k = 0, start = 0;
    if (!s || !text)
        abort();
    memcpy(text, data, size);
    text[size] = 0;
    for (i = 0; i <= size && k < 4; i++)
        if (i == size || text[i] == 0) {
            text[i] = 0;
            parts[k++] = text + start;
            start = i + 1;
        }
    s->adapters[0].friendly_name = (char *)parts[0];
    s->services[0].display_name = (char *)parts[1];
    if (s->event_log.event_count && s->event_log.events[0].insert_count)
        s->event_log.events[0].inserts[0] = (char *)parts[2];
    s->hostname = (char *)parts[3];
    d = bf_diagnose(s, NULL, &err);
    r = bf_report_create(s, d, "2026-01-01T00:00:00Z");
    if (!d || !r)
        abort();
    bf_buf_init(&out);
    if (bf_report_write_html(r, &out, &err)) {
        size_t at = 0;
        if (!bf_fuzz_valid_utf8(bf_buf_cstr(&out), out.len))
            abort();
        must(bf_check_html_no_raw_lt(bf_buf_cstr(&out), out.len, &at), "HTML", bf_buf_cstr(&out), at);
    }
    bf_buf_reset(&out);
    if (bf_report_write_text(r, &out, &err)) {
        size_t at = 0;
        if (!bf_fuzz_valid_utf8(bf_buf_cstr(&out), out.len))
            abort();
        must(bf_check_text_shown(bf_buf_cstr(&out), out.len, &at), "text report", bf_buf_cstr(&out), at);
    }
    bf_buf_reset(&out);
    {
        size_t at = 0;
        bf_scan_write_text(s, d, &out);
        must(bf_check_text_shown(bf_buf_cstr(&out), out.len, &at), "text scan", bf_buf_cstr(&out), at);
    }
    bf_buf_reset(&out);
    if (bf_report_write_json(r, &out, &err) && !bf_fuzz_valid_utf8(bf_buf_cstr(&out), out.len))
        abort();
    bf_buf_free(&out);
    {
        bf_report_files files;
        memset(&files, 0, sizeof files);
        if (bf_report_write_csv(r, &files, &err)) {
            size_t j, at = 0;
            for (j = 0; j < files.count; j++)
                must(bf_check_csv_no_formula(files.files[j].data, files.files[j].len, &at), files.files[j].name,
                     files.files[j].data, at);
            bf_report_files_free(&files);
        }
    }
    bf_report_destroy(r);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
    free(text);
    return 0;
}
