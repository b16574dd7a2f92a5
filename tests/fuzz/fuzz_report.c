/* fuzz_report.c - libFuzzer target: the report writers fed hostile strings. The input's bytes become the
 * names (adapter, service, event insert, hosts line) of the demo machine, split at NUL; every writer must
 * produce valid UTF-8, the HTML must contain no raw '<' from the data, and the CSV no cell starting a
 * formula. */
#include <stdlib.h>
#include <string.h>

#include "demo.h"
#include "diagnose.h"
#include "report.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static bool valid_utf8(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i++];
        int k = c < 0x80 ? 0 : (c & 0xe0) == 0xc0 ? 1 : (c & 0xf0) == 0xe0 ? 2 : (c & 0xf8) == 0xf0 ? 3 : -1;
        if (k < 0 || i + (size_t)k > n)
            return false;
        while (k-- > 0)
            if (((unsigned char)s[i++] & 0xc0) != 0x80)
                return false;
    }
    return true;
}

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
        if (!valid_utf8(bf_buf_cstr(&out), out.len) || strstr(bf_buf_cstr(&out), "<script"))
            abort();
    }
    bf_buf_reset(&out);
    if (bf_report_write_text(r, &out, &err) && !valid_utf8(bf_buf_cstr(&out), out.len))
        abort();
    bf_buf_reset(&out);
    if (bf_report_write_json(r, &out, &err) && !valid_utf8(bf_buf_cstr(&out), out.len))
        abort();
    bf_buf_free(&out);
    {
        bf_report_files files;
        memset(&files, 0, sizeof files);
        if (bf_report_write_csv(r, &files, &err))
            bf_report_files_free(&files);
    }
    bf_report_destroy(r);
    bf_diagnosis_destroy(d);
    bf_snapshot_destroy(s);
    free(text);
    return 0;
}
