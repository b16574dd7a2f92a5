/* test_journal.c - the repair journal's reader (core/fix_journal.c) is what undo trusts after a crash:
 * it must take back what the writer wrote, and refuse, with FILE:LINE:COL and the reason, anything
 * undo could not carry out exactly (a metric that is not 4 bytes, a registry step without a key, a
 * service step without a service, an unknown state or member), and never read out of bounds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "testlib.h"

/* One step of every kind undo acts on; the metric was automatic (0) before. */
static const char jr_base[] =
    "{\n"
    "  \"schema\": \"bindfix-journal\",\n"
    "  \"version\": 1,\n"
    "  \"created\": \"2026-01-01T00:00:00Z\",\n"
    "  \"host\": \"EXCHSRV01\",\n"
    "  \"state\": \"applying\",\n"
    "  \"actions\": [\"Move the LAN first\", \"Comment out line 3\"],\n"
    "  \"steps\": [\n"
    "    {\"kind\": \"reg-set\", \"status\": \"done\", \"title\": \"Bind\", \"target\": \"HKLM\\\\SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Linkage\\\\Bind\",\n"
    "     \"key\": \"SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Linkage\", \"value\": \"Bind\",\n"
    "     \"before\": {\"exists\": true, \"type\": 7, \"hex\": \"5c004400650076006900630065005c00410000005c004400650076006900630065005c00420000000000\"},\n"
    "     \"after\": {\"exists\": true, \"type\": 7, \"hex\": \"5c004400650076006900630065005c00420000005c004400650076006900630065005c00410000000000\"}, \"error\": \"\", \"wave\": 0},\n"
    "    {\"kind\": \"metric-set\", \"status\": \"done\", \"title\": \"Metric\", \"target\": \"{8A1D3C52-6B0E-4C1B-9A77-2F5E1D0C9B41}\",\n"
    "     \"key\": \"{8A1D3C52-6B0E-4C1B-9A77-2F5E1D0C9B41}\", \"value\": \"\",\n"
    "     \"before\": {\"exists\": true, \"type\": 4, \"hex\": \"00000000\"},\n"
    "     \"after\": {\"exists\": true, \"type\": 4, \"hex\": \"6e000000\"}, \"error\": \"\", \"wave\": 0},\n"
    "    {\"kind\": \"file-write\", \"status\": \"done\", \"title\": \"Back up\", \"target\": \"C:\\\\hosts.bindfix.bak\",\n"
    "     \"key\": \"\", \"value\": \"\",\n"
    "     \"before\": {\"exists\": false, \"type\": 0, \"hex\": \"\"},\n"
    "     \"after\": {\"exists\": true, \"type\": 0, \"hex\": \"610d0a\"}, \"error\": \"\", \"wave\": 0},\n"
    "    {\"kind\": \"file-replace\", \"status\": \"doing\", \"title\": \"Comment\", \"target\": \"C:\\\\hosts\",\n"
    "     \"key\": \"\", \"value\": \"\",\n"
    "     \"before\": {\"exists\": true, \"type\": 0, \"hex\": \"610d0a\"},\n"
    "     \"after\": {\"exists\": true, \"type\": 0, \"hex\": \"232061 0d0a\"}, \"error\": \"\", \"wave\": 0},\n"
    "    {\"kind\": \"service-stop\", \"status\": \"pending\", \"title\": \"Stop DS\", \"target\": \"MSExchangeDS\",\n"
    "     \"key\": \"\", \"value\": \"\",\n"
    "     \"before\": {\"exists\": false, \"type\": 0, \"hex\": \"\"},\n"
    "     \"after\": {\"exists\": false, \"type\": 0, \"hex\": \"\"}, \"error\": \"\", \"wave\": 1}\n"
    "  ]\n"
    "}\n";

/* base with the first `from` replaced by `to`; NULL when `from` is not there (or out of memory). */
static char *jr_edit_in(const char *base, const char *from, const char *to)
{
    const char *at = strstr(base, from);
    char *out = malloc(strlen(base) + strlen(to) + 1);
    if (!at || !out) {
        free(out);
        return NULL;
    }
    memcpy(out, base, (size_t)(at - base));
    strcpy(out + (at - base), to);
    strcat(out, at + strlen(from));
    return out;
}

/* jr_base with the first `from` replaced by `to` (the test fails if `from` is not there). */
static char *jr_edit(const char *from, const char *to)
{
    return jr_edit_in(jr_base, from, to);
}

/* The base with its one deliberate flaw ("232061 0d0a": a space among the hex digits) mended. */
static char *jr_valid(void)
{
    return jr_edit("232061 0d0a", "2320610d0a");
}

BF_TEST(journal_reads_every_step_kind_and_round_trips)
{
    char *text = jr_valid();
    bf_err err;
    bf_fix_plan *p, *q;
    bf_buf a, b;
    REQUIRE(text);
    p = bf_fix_journal_read(text, strlen(text), "j.json", &err);
    if (!p)
        printf("  %s\n", err.msg);
    REQUIRE(p);
    CHECK_INT(p->step_count, 5);
    CHECK_INT(p->action_count, 2);
    CHECK_STR(bf_plan_state_token(p->state), "applying");
    CHECK(p->steps[1].kind == BF_STEP_METRIC_SET && p->steps[1].after.len == 4 && p->steps[1].after.data[0] == 110);
    CHECK(p->steps[3].status == BF_STEP_DOING && p->steps[3].after.len == 5);
    CHECK(p->steps[4].wave == 1);
    bf_buf_init(&a);
    bf_buf_init(&b);
    bf_fix_journal_write(p, &a);
    q = bf_fix_journal_read(bf_buf_cstr(&a), a.len, "j.json", &err);
    REQUIRE(q);
    bf_fix_journal_write(q, &b);
    CHECK_STR(bf_buf_cstr(&b), bf_buf_cstr(&a));
    bf_buf_free(&a);
    bf_buf_free(&b);
    bf_fix_plan_destroy(q);
    bf_fix_plan_destroy(p);
    free(text);
}

typedef struct jr_bad {
    const char *from, *to;  /* applied to the valid journal */
    const char *says;       /* part of the message */
} jr_bad;

BF_TEST(journal_refuses_what_undo_could_not_carry_out_exactly)
{
    static const jr_bad cases[] = {
        {"2320610d0a", "232061 0d0a", "hex"},
        {"\"hex\": \"6e000000\"", "\"hex\": \"6e00\"", "4 bytes"},                  /* metric of 2 bytes */
        {"\"type\": 4, \"hex\": \"00000000\"", "\"type\": 1, \"hex\": \"00000000\"", "REG_DWORD"},
        {"\"key\": \"SYSTEM\\\\CurrentControlSet\\\\Services\\\\Tcpip\\\\Linkage\"", "\"key\": \"\"", "key"},
        {"\"value\": \"Bind\"", "\"value\": \"\"", "value"},
        {"\"target\": \"MSExchangeDS\"", "\"target\": \"\"", "target"},
        {"\"target\": \"C:\\\\hosts\"", "\"target\": \"\"", "target"},
        {"\"state\": \"applying\"", "\"state\": \"half-done\"", "half-done"},
        {"\"status\": \"pending\"", "\"status\": \"maybe\"", "maybe"},
        {"\"kind\": \"metric-set\"", "\"kind\": \"reg-delete\"", "reg-delete"},
        {"\"version\": 1", "\"version\": 2", "version"},
        {"\"host\": \"EXCHSRV01\",", "\"host\": \"EXCHSRV01\", \"extra\": 1,", "extra"},
        {"\"wave\": 1}", "\"wave\": 1, \"force\": true}", "force"},
        {"{\"exists\": true, \"type\": 4, \"hex\": \"6e000000\"}", "{\"exists\": true, \"type\": 4, \"hex\": \"6e000000\", \"len\": 9}",
         "len"},
        {"\"before\": {\"exists\": true, \"type\": 7, \"hex\": \"5c004400650076006900630065005c00410000005c004400650076006900630065005c00420000000000\"}",
         "\"before\": {\"exists\": false, \"type\": 7, \"hex\": \"5c004400650076006900630065005c00410000005c004400650076006900630065005c00420000000000\"}", "holds data"},
        {"\"after\": {\"exists\": true, \"type\": 0, \"hex\": \"2320610d0a\"}",
         "\"after\": {\"exists\": false, \"type\": 0, \"hex\": \"\"}", "exist"},
        {"\"wave\": 1}", "\"wave\": -1}", "wave"},
        {"\"steps\": [", "\"steps\": [7, ", "object"},
    };
    char *valid = jr_valid();
    size_t i;
    REQUIRE(valid);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *text;
        bf_err err;
        bf_fix_plan *p;
        char shown[1200];
        if (!strstr(valid, cases[i].from)) {
            printf("  case %zu: \"%s\" not in the journal\n", i, cases[i].from);
            bf_test_failures++;
            continue;
        }
        text = jr_edit_in(valid, cases[i].from, cases[i].to);
        REQUIRE(text);
        bf_err_clear(&err);
        p = bf_fix_journal_read(text, strlen(text), "j.json", &err);
        bf_err_format(&err, shown, sizeof shown);
        if (p) {
            printf("  case %zu (%s -> %s) was accepted\n", i, cases[i].from, cases[i].to);
            bf_test_failures++;
        } else if (!strstr(shown, cases[i].says) || strncmp(shown, "j.json:", 7) != 0 || err.line < 1) {
            printf("  case %zu: message \"%s\" lacks \"%s\" or the place\n", i, shown, cases[i].says);
            bf_test_failures++;
        }
        bf_fix_plan_destroy(p);
        free(text);
    }
    free(valid);
}

/* Every byte replaced in turn by characters that matter to JSON and to hex: the reader accepts or
 * refuses with a message, and never reads outside the buffer (ASan/valgrind watch). The buffer is a
 * copy of exactly len bytes without a terminating NUL, so a read past the end is caught. */
BF_TEST(journal_survives_every_single_byte_change)
{
    static const char repl[] = {'"', '}', ']', '0', 'x', '\\', ',', ':', '\0', '\x80'};
    char *valid = jr_valid();
    size_t len, i, r;
    int accepted = 0, refused = 0, silent = 0;
    REQUIRE(valid);
    len = strlen(valid);
    for (i = 0; i < len; i++)
        for (r = 0; r < sizeof repl; r++) {
            char *copy = malloc(len);
            bf_err err;
            bf_fix_plan *p;
            REQUIRE(copy);
            memcpy(copy, valid, len);
            copy[i] = repl[r];
            bf_err_clear(&err);
            p = bf_fix_journal_read(copy, len, "j.json", &err);
            if (p)
                accepted++;
            else if (err.msg[0])
                refused++;
            else
                silent++;
            bf_fix_plan_destroy(p);
            free(copy);
        }
    printf("  %d changed journals: %d accepted, %d refused with a message\n", accepted + refused + silent, accepted,
           refused);
    CHECK_INT(silent, 0);
    CHECK(refused > accepted);
    free(valid);
}

/* The journal's tokens (fix_plan.c): every step kind, status and plan state has its own, reads back as
 * itself, and an unknown or differently spelled one is refused, leaving the value as it was. */
BF_TEST(journal_tokens_round_trip_and_refuse_unknown)
{
    const char *seen[BF_STEP__COUNT + BF_STEP_STATUS__COUNT + BF_PLAN_STATE__COUNT];
    size_t n = 0, i, j;
    int v;
    for (v = 0; v < BF_STEP__COUNT; v++) {
        bf_step_kind r = (bf_step_kind)((v + 1) % BF_STEP__COUNT);
        seen[n++] = bf_step_kind_token((bf_step_kind)v);
        CHECK(bf_step_kind_parse(bf_step_kind_token((bf_step_kind)v), &r));
        CHECK_INT(r, v);
    }
    for (i = 0; i < n; i++)     /* distinct within the table: a journal's kind names one kind */
        for (j = i + 1; j < n; j++)
            CHECK(strcmp(seen[i], seen[j]) != 0);
    n = 0;
    for (v = 0; v < BF_STEP_STATUS__COUNT; v++) {
        bf_step_status r = (bf_step_status)((v + 1) % BF_STEP_STATUS__COUNT);
        seen[n++] = bf_step_status_token((bf_step_status)v);
        CHECK(bf_step_status_parse(bf_step_status_token((bf_step_status)v), &r));
        CHECK_INT(r, v);
    }
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            CHECK(strcmp(seen[i], seen[j]) != 0);
    n = 0;
    for (v = 0; v < BF_PLAN_STATE__COUNT; v++) {
        bf_plan_state r = (bf_plan_state)((v + 1) % BF_PLAN_STATE__COUNT);
        seen[n++] = bf_plan_state_token((bf_plan_state)v);
        CHECK(bf_plan_state_parse(bf_plan_state_token((bf_plan_state)v), &r));
        CHECK_INT(r, v);
    }
    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            CHECK(strcmp(seen[i], seen[j]) != 0);
    /* the spelling is the journal format (help/journal-format.md): pinned */
    CHECK_STR(bf_step_kind_token(BF_STEP_SKIP_SET), "skip-as-source-set");
    CHECK_STR(bf_step_kind_token(BF_STEP_BINDORDER_SET), "binding-order-set");
    CHECK_STR(bf_step_status_token(BF_STEP_UNDONE), "undone");
    CHECK_STR(bf_plan_state_token(BF_PLAN_ROLLED_BACK), "rolled-back");
    CHECK_STR(bf_plan_state_token(BF_PLAN_FAILED), "failed");
    /* out of range: a token all the same, never NULL */
    CHECK_STR(bf_step_kind_token(BF_STEP__COUNT), "reg-set");
    CHECK_STR(bf_step_status_token(BF_STEP_STATUS__COUNT), "pending");
    CHECK_STR(bf_plan_state_token(BF_PLAN_STATE__COUNT), "planned");
    {
        bf_step_kind k = BF_STEP_FILE_WRITE;
        bf_step_status s = BF_STEP_DONE;
        bf_plan_state p = BF_PLAN_APPLIED;
        CHECK(!bf_step_kind_parse("Reg-Set", &k) && !bf_step_kind_parse("reg-set ", &k) && !bf_step_kind_parse("", &k) &&
              !bf_step_kind_parse(NULL, &k));
        CHECK(!bf_step_status_parse("DONE", &s) && !bf_step_status_parse("do", &s));
        CHECK(!bf_plan_state_parse("rolled_back", &p) && !bf_plan_state_parse("half-done", &p));
        CHECK_INT(k, BF_STEP_FILE_WRITE);
        CHECK_INT(s, BF_STEP_DONE);
        CHECK_INT(p, BF_PLAN_APPLIED);
    }
    /* half-done: exactly the states whose journal the next start offers to undo */
    for (v = 0; v < BF_PLAN_STATE__COUNT; v++)
        CHECK(bf_plan_state_unfinished((bf_plan_state)v) ==
              (v == BF_PLAN_APPLYING || v == BF_PLAN_STOPPED || v == BF_PLAN_FAILED));
}

/* An unknown token in a journal is refused at its place with the message it always had:
 * unknown value "TOKEN". */
BF_TEST(journal_unknown_token_message_is_unchanged)
{
    static const struct {
        const char *from, *to, *msg;
    } cases[] = {
        {"\"state\": \"applying\"", "\"state\": \"half-done\"", "unknown value \"half-done\""},
        {"\"status\": \"pending\"", "\"status\": \"maybe\"", "unknown value \"maybe\""},
        {"\"kind\": \"metric-set\"", "\"kind\": \"reg-delete\"", "unknown value \"reg-delete\""},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *valid = jr_valid(), *text = NULL;
        const char *at = valid ? strstr(valid, cases[i].from) : NULL;
        bf_err err;
        bf_fix_plan *p;
        int line = 1;
        REQUIRE(at);
        for (const char *c = valid; c < at; c++)    /* the place: the token's own line */
            line += *c == '\n';
        text = jr_edit_in(valid, cases[i].from, cases[i].to);
        REQUIRE(text);
        bf_err_clear(&err);
        p = bf_fix_journal_read(text, strlen(text), "j.json", &err);
        CHECK(p == NULL);
        CHECK_STR(err.msg, cases[i].msg);
        CHECK_INT(err.line, line);
        bf_fix_plan_destroy(p);
        free(text);
        free(valid);
    }
}

/* Issue 22: each step may say what it is done for ("mends": the causes it mends and, for a service step,
 * the effects it is for). Optional on read (jr_base has none, and reads), written back as read, shown in
 * the preview; bounded and strict like every other member: a hostile journal cannot make the history
 * view or undo print without limit. */
BF_TEST(journal_mends_round_trips_is_optional_and_bounded)
{
    static const char *const mend =
        "\"wave\": 1, \"mends\": [\n"
        "        {\"id\": \"BF-HOSTS-PIN\", \"title\": \"The hosts file pins the host name to 203.0.113.50 (line 3)\", \"as\": \"cause\"},\n"
        "        {\"id\": \"BF-RESOLVER-UNBOUND\", \"title\": \"The host name resolves to 203.0.113.50\", \"as\": \"effect\"}]}";
    static const jr_bad cases[] = {
        {"\"as\": \"cause\"", "\"as\": \"root\"", "\"as\""},
        {"\"id\": \"BF-HOSTS-PIN\"", "\"id\": \"hosts pin\"", "finding ID"},
        {"\"id\": \"BF-HOSTS-PIN\"", "\"id\": \"BF-HOSTS-PIN-AND-A-VERY-LONG-NAME-THAT-GOES-ON-FOR-MORE-THAN-64-BYTES\"", "finding ID"},
        {"\"title\": \"The host name resolves to 203.0.113.50\"", "\"title\": \"two\\nlines\"", "one line"},
        {"\"title\": \"The host name resolves to 203.0.113.50\"", "\"title\": \"\"", "one line"},
        {", \"as\": \"effect\"}", ", \"as\": \"effect\", \"undo\": true}", "undo"},
        {"{\"id\": \"BF-HOSTS-PIN\"", "7, {\"id\": \"BF-HOSTS-PIN\"", "object"},
    };
    char *valid = jr_valid(), *text = NULL, *many = NULL;
    bf_err err;
    bf_fix_plan *p, *q;
    bf_buf a, b, pre, big;
    size_t i;
    REQUIRE(valid);
    bf_buf_init(&a);
    bf_buf_init(&b);
    bf_buf_init(&pre);
    bf_buf_init(&big);
    /* an older journal: no step names a finding */
    p = bf_fix_journal_read(valid, strlen(valid), "j.json", &err);
    REQUIRE(p);
    for (i = 0; i < p->step_count; i++)
        CHECK_INT(p->steps[i].mend_count, 0);
    bf_fix_journal_write(p, &a);
    CHECK(strstr(bf_buf_cstr(&a), "\"mends\"") == NULL);    /* nothing written that was not known */
    bf_fix_plan_destroy(p);
    bf_buf_reset(&a);
    text = jr_edit_in(valid, "\"wave\": 1}", mend);
    REQUIRE(text);
    p = bf_fix_journal_read(text, strlen(text), "j.json", &err);
    if (!p)
        printf("  %s\n", err.msg);
    REQUIRE(p);
    REQUIRE(p->steps[4].mend_count == 2);
    CHECK_STR(p->steps[4].mends[0].id, "BF-HOSTS-PIN");
    CHECK(!p->steps[4].mends[0].effect);
    CHECK_STR(p->steps[4].mends[1].id, "BF-RESOLVER-UNBOUND");
    CHECK(p->steps[4].mends[1].effect);
    bf_fix_journal_write(p, &a);
    q = bf_fix_journal_read(bf_buf_cstr(&a), a.len, "j.json", &err);
    REQUIRE(q);
    bf_fix_journal_write(q, &b);
    CHECK_STR(bf_buf_cstr(&b), bf_buf_cstr(&a));
    CHECK_INT(q->steps[4].mend_count, 2);
    /* the preview and the history say it in words: mends the cause, for the effect */
    bf_fix_plan_write_preview(q, &pre);
    CHECK(strstr(bf_buf_cstr(&pre), "   mends BF-HOSTS-PIN (The hosts file pins the host name to 203.0.113.50 (line 3)); "
                                    "for BF-RESOLVER-UNBOUND (The host name resolves to 203.0.113.50)\n") != NULL);
    bf_fix_plan_destroy(q);
    bf_fix_plan_destroy(p);
    /* refused, at its place, with the reason */
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *t = jr_edit_in(text, cases[i].from, cases[i].to), shown[1200];
        REQUIRE(t);
        bf_err_clear(&err);
        p = bf_fix_journal_read(t, strlen(t), "j.json", &err);
        bf_err_format(&err, shown, sizeof shown);
        if (p || !strstr(shown, cases[i].says) || strncmp(shown, "j.json:", 7) != 0) {
            printf("  mends case %zu (%s): %s\n", i, cases[i].to, p ? "accepted" : shown);
            bf_test_failures++;
        }
        bf_fix_plan_destroy(p);
        free(t);
    }
    /* not an array */
    {
        char *t = jr_edit_in(valid, "\"wave\": 1}", "\"wave\": 1, \"mends\": {\"id\": \"BF-HOSTS-PIN\"}}");
        REQUIRE(t);
        p = bf_fix_journal_read(t, strlen(t), "j.json", &err);
        CHECK(p == NULL && strstr(err.msg, "must be an array") != NULL);
        bf_fix_plan_destroy(p);
        free(t);
    }
    /* more findings than the limit in one step */
    bf_buf_puts(&big, "\"wave\": 1, \"mends\": [");
    for (i = 0; i <= BF_STEP_MAX_MENDS; i++)
        bf_buf_printf(&big, "%s{\"id\": \"BF-BIND-10049\", \"title\": \"t%zu\", \"as\": \"effect\"}", i ? ", " : "", i);
    bf_buf_puts(&big, "]}");
    many = jr_edit_in(valid, "\"wave\": 1}", bf_buf_cstr(&big));
    REQUIRE(many);
    p = bf_fix_journal_read(many, strlen(many), "j.json", &err);
    CHECK(p == NULL && strstr(err.msg, "more than the limit") != NULL);
    bf_fix_plan_destroy(p);
    /* the writer never writes what the reader refuses: a title of two lines and too long is kept as one
     * line within the limit, an ID that is not one is not recorded */
    p = bf_fix_journal_read(valid, strlen(valid), "j.json", &err);
    REQUIRE(p);
    bf_buf_reset(&big);
    bf_buf_puts(&big, "first\nsecond ");
    for (i = 0; i < 600; i++)
        bf_buf_puts(&big, "\xc3\xa9");     /* U+00E9, two bytes: the cut must not split one */
    CHECK(bf_fix_step_add_mend(p, &p->steps[0], "BF-HOSTS-PIN", bf_buf_cstr(&big), false));
    CHECK(!bf_fix_step_add_mend(p, &p->steps[0], "not an id", "x", false));
    CHECK(strlen(p->steps[0].mends[0].title) <= BF_MEND_MAX_TITLE && !strchr(p->steps[0].mends[0].title, '\n'));
    bf_buf_reset(&a);
    bf_fix_journal_write(p, &a);
    q = bf_fix_journal_read(bf_buf_cstr(&a), a.len, "j.json", &err);
    CHECK(q != NULL);
    bf_fix_plan_destroy(q);
    bf_fix_plan_destroy(p);
    bf_buf_free(&a);
    bf_buf_free(&b);
    bf_buf_free(&pre);
    bf_buf_free(&big);
    free(many);
    free(text);
    free(valid);
}
