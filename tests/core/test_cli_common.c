/* test_cli_common.c - nothing from a file reaches the terminal raw (issue 21 item 6): error messages that
 * quote a snapshot's, a catalogue's or a journal's content (an unknown key, a value, a path read from
 * last-journal.txt) carry no escape sequence, C0 or C1 control or bidi control on stderr; they are
 * shown as every other text output shows them (bf_text_clean_append). */
#include <stdlib.h>

#include "cli.h"
#include "fake_system.h"
#include "mem_machine.h"
#include "report_check.h"
#include "testlib.h"

/* ESC [ 2 J (clear screen), OSC 0 ; title BEL (set the window title), CSI as the C1 control U+009B, and
 * a right-to-left override: JSON escapes inside strings, raw UTF-8 for the C1 and bidi controls */
#define EVIL_JSON "\\u001b[2J\\u001b]0;pwned\\u0007\xC2\x9B" "31m\xE2\x80\xAE"

/* stderr holds an error (exit 2), and nothing raw: no ESC, BEL, C1, bidi */
static void expect_clean_error_(int at_line, bf_fake_system *f, int rc, const char *what)
{
    size_t at = 0;
    const char *problem = bf_check_text_shown(bf_buf_cstr(&f->err), f->err.len, &at);
    if (problem)
        printf("  %s: %s at byte %zu of stderr:\n%s\n", what, problem, at, bf_buf_cstr(&f->err));
    CHECK_INT_AT(at_line, rc, BF_EXIT_ERROR);
    CHECK_AT(at_line, f->err.len > 0);
    CHECK_AT(at_line, problem == NULL);
    CHECK_AT(at_line, strchr(bf_buf_cstr(&f->err), 0x1B) == NULL);
}
#define expect_clean_error(f, rc, what) expect_clean_error_(__LINE__, (f), (rc), (what))

BF_TEST(cli_errors_quoting_file_content_are_cleaned)
{
    static const struct {
        const char *what, *file, *text;
        const char *a1, *a2, *a3, *a4;
    } cases[] = {
        {"snapshot: an unknown key", "s1.json", "{\"schema\": \"bindfix-snapshot\", \"" EVIL_JSON "\": 1}", "scan",
         "--snapshot", "s1.json", NULL},
        {"snapshot: a value where a token belongs", "s2.json",
         "{\"schema\": \"" EVIL_JSON "\", \"version\": 1}", "scan", "--snapshot", "s2.json", NULL},
        {"snapshot: raw escape bytes outside a string", "s3.json", "{\"schema\": \x1b[2J\x9b}", "scan", "--snapshot",
         "s3.json", NULL},
        {"catalogue: an unknown key", "c1.json",
         "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"" EVIL_JSON "\": []}", "scan", "--demo",
         "--catalogue", "c1.json"},
        {"catalogue: a value", "c2.json", "{\"schema\": \"" EVIL_JSON "\", \"version\": 1}", "scan", "--demo",
         "--catalogue", "c2.json"},
        {"journal: an unknown key", "j1.json", "{\"schema\": \"bindfix-journal\", \"" EVIL_JSON "\": 1}", "undo",
         "--journal", "j1.json", NULL},
        {"journal: a value", "j2.json", "{\"schema\": \"" EVIL_JSON "\"}", "undo", "--journal", "j2.json", NULL},
        {"a path that names no file", NULL, NULL, "scan", "--snapshot", "no\x1b[2Jsuch\xC2\x9B.json", NULL},
    };
    bf_fake_system f;
    size_t i;
    int rc;
    bf_fake_init(&f);
    for (i = 0; i < BF_COUNTOF(cases); i++) {
        if (cases[i].file)
            REQUIRE(bf_fake_put_file(&f, cases[i].file, cases[i].text, strlen(cases[i].text)));
        rc = bf_fake_cli(&f, cases[i].a1, cases[i].a2, cases[i].a3, cases[i].a4, NULL);
        expect_clean_error(&f, rc, cases[i].what);
    }
    /* the control: the messages do quote the content (shown, not dropped): ESC as its control picture */
    REQUIRE(bf_fake_put_file(&f, "s1.json", cases[0].text, strlen(cases[0].text)));
    bf_fake_cli(&f, "scan", "--snapshot", "s1.json", NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "\xE2\x90\x9B[2J") != NULL);     /* U+241B */
    CHECK(strstr(bf_buf_cstr(&f.err), "<U+009B>31m<U+202E>") != NULL);
    bf_fake_free(&f);
}

/* A path read from a file: last-journal.txt names the journal that undo reads. */
BF_TEST(cli_errors_quoting_a_path_read_from_a_file_are_cleaned)
{
    static const char pointer[] = "C:\\evil\x1b]0;pwned\x07\xC2\x9B" "2J.json\r\n";
    bf_fake_system f;
    mem_machine mm;
    int rc;
    bf_fake_init(&f);
    mem_init(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = "C:\\ProgramData\\bindfix";
    REQUIRE(bf_fake_put_file(&f, "C:\\ProgramData\\bindfix\\last-journal.txt", pointer, sizeof pointer - 1));
    rc = bf_fake_cli(&f, "undo", NULL);
    expect_clean_error(&f, rc, "undo with a pointer naming a missing journal");
    if (!strstr(bf_buf_cstr(&f.err), "evil"))
        printf("  stderr: %s\n", bf_buf_cstr(&f.err));
    CHECK(strstr(bf_buf_cstr(&f.err), "evil") != NULL);
    mem_free(&mm);
    bf_fake_free(&f);
}
