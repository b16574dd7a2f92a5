/* test_journal_limits.c - a journal may only touch what bindfix changes (core/fix_journal_limits.c,
 * issue 21). For every step kind: a step exactly inside its limits is accepted, one byte outside is
 * refused - by the reader where the text alone shows it, by bf_fix_journal_check against the in-memory
 * machine where it takes the machine (the hosts file DataBasePath names, services, drivers, adapters,
 * addresses, bound devices). Then end to end through `bindfix-cli undo`: the evil journal of the issue
 * (a Run key and win.ini) changes nothing, and the last-journal pointer is followed only into the
 * journal folder. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fake_system.h"
#include "fix.h"
#include "mem_machine.h"
#include "repair_session.h"
#include "testlib.h"

#define JL_HOSTS "C:\\WINNT\\system32\\drivers\\etc\\hosts"
#define JL_LAN "{4D36E972-E325-11CE-BFC1-08002BE10318}"
#define JL_LINKAGE "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage"
#define JL_IFACES "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\"
#define JL_DIR "C:\\ProgramData\\bindfix"

/* "\Device\A", "\Device\B" as REG_MULTI_SZ hex, and the same in the other order */
static const char jl_ab[] = "5c004400650076006900630065005c00410000005c004400650076006900630065005c00420000000000";
static const char jl_ba[] = "5c004400650076006900630065005c00420000005c004400650076006900630065005c00410000000000";
/* "\Device\A", "\Device\C": C is bound nowhere */
static const char jl_ac[] = "5c004400650076006900630065005c00410000005c004400650076006900630065005c00430000000000";

typedef struct jl_step {
    const char *kind, *target, *key, *value;
    int type;
    const char *before, *after;     /* hex; NULL: does not exist */
} jl_step;

/* A one-step journal, "applied", as the writer lays it out (JSON strings escaped by hand: the targets
 * here hold backslashes only). */
static char *jl_journal(const jl_step *s)
{
    bf_buf b;
    const char *t;
    bf_buf_init(&b);
    bf_buf_puts(&b, "{\"schema\": \"bindfix-journal\", \"version\": 1, \"created\": \"2026-01-01T00:00:00Z\", "
                    "\"host\": \"EXCHSRV01\", \"state\": \"applied\", \"actions\": [\"a\"], \"steps\": [{");
    bf_buf_printf(&b, "\"kind\": \"%s\", \"status\": \"done\", \"title\": \"t\", \"target\": \"", s->kind);
    for (t = s->target; *t; t++)
        bf_buf_puts(&b, *t == '\\' ? "\\\\" : (char[2]){*t, 0});
    bf_buf_puts(&b, "\", \"key\": \"");
    for (t = s->key; *t; t++)
        bf_buf_puts(&b, *t == '\\' ? "\\\\" : (char[2]){*t, 0});
    bf_buf_printf(&b, "\", \"value\": \"%s\", ", s->value);
    bf_buf_printf(&b, "\"before\": {\"exists\": %s, \"type\": %d, \"hex\": \"%s\"}, ", s->before ? "true" : "false",
                  s->type, s->before ? s->before : "");
    bf_buf_printf(&b, "\"after\": {\"exists\": %s, \"type\": %d, \"hex\": \"%s\"}, ", s->after ? "true" : "false",
                  s->type, s->after ? s->after : "");
    bf_buf_puts(&b, "\"error\": \"\", \"wave\": 0}]}\n");
    return b.data;
}

/* The machine the limits are judged against: the hosts file where DataBasePath says, two services and
 * a driver, an adapter with a metric, an address, Linkage\Bind and INetCfg naming \Device\A and B. */
static void jl_machine(mem_machine *mm)
{
    static const char hosts[] = "127.0.0.1 localhost\r\n";
    unsigned char ab[64];
    size_t n = strlen(jl_ab) / 2, i;
    bf_err e;
    for (i = 0; i < n; i++)
        sscanf(jl_ab + 2 * i, "%2hhx", &ab[i]);
    mem_init(mm);
    mm->hosts = JL_HOSTS;
    mem_set_file(mm, JL_HOSTS, hosts, sizeof hosts - 1);
    mem_set_service(mm, "MSExchangeIS", BF_SVC_RUNNING);
    mem_set_service(mm, "MSExchangeDS", BF_SVC_STOPPED);
    mem_set_driver(mm, "Tcpip");
    mm->m.metric_set(mm->m.ctx, JL_LAN, 10, &e);
    mem_set_skip(mm, "192.0.2.10", false);
    mem_set_reg(mm, JL_LINKAGE, "Bind", 7, ab, n);
    mem_set_netcfg(mm, ab, n);
    mem_set_port_exclusions(mm, "ipv4 tcp", "");   /* excluded ranges, but no WinNAT installed */
    mm->changing_calls = 0;
    bf_buf_reset(&mm->log);
}

typedef enum jl_verdict { JL_ACCEPTED = 0, JL_REFUSED_BY_READER, JL_REFUSED_BY_MACHINE } jl_verdict;

static jl_verdict jl_judge(const jl_step *s, mem_machine *mm, bf_err *err)
{
    char *text = jl_journal(s);
    bf_fix_plan *p;
    jl_verdict v = JL_ACCEPTED;
    bf_err_clear(err);
    p = text ? bf_fix_journal_read(text, strlen(text), "j.json", err) : NULL;
    if (!p)
        v = JL_REFUSED_BY_READER;
    else if (!bf_fix_journal_check(p, &mm->m, "j.json", err))
        v = JL_REFUSED_BY_MACHINE;
    bf_fix_plan_destroy(p);
    free(text);
    return v;
}

static void jl_expect_(int at, const jl_step *s, jl_verdict want)
{
    mem_machine mm;
    bf_err err;
    jl_verdict got;
    char shown[1200];
    jl_machine(&mm);
    got = jl_judge(s, &mm, &err);
    bf_err_format(&err, shown, sizeof shown);
    if (got != want) {
        printf("  line %d: %s %s: %s, expected %s (%s)\n", at, s->kind, s->target,
               got == JL_ACCEPTED ? "accepted" : got == JL_REFUSED_BY_READER ? "refused by the reader" : "refused by the machine check",
               want == JL_ACCEPTED ? "accepted" : want == JL_REFUSED_BY_READER ? "refused by the reader" : "refused by the machine check",
               shown);
        bf_test_failures++;
    } else if (want != JL_ACCEPTED) {
        /* the refusal names the file, the step and the reason */
        CHECK_AT(at, strncmp(shown, "j.json:", 7) == 0);
        CHECK_AT(at, strstr(shown, "step 1 (") != NULL);
        CHECK_AT(at, strstr(shown, "outside what a journal may touch") != NULL);
    }
    CHECK_INT_AT(at, mm.changing_calls, 0);
    mem_free(&mm);
}
#define jl_expect(s, want) jl_expect_(__LINE__, (s), (want))

BF_TEST(journal_limits_reg_set_inside_accepted_one_byte_outside_refused)
{
    jl_step in = {"reg-set", "HKLM\\" JL_LINKAGE "\\Bind", JL_LINKAGE, "Bind", 7, jl_ab, jl_ba};
    jl_step s;
    jl_expect(&in, JL_ACCEPTED);
    s = in;
    s.value = "Binds";
    s.target = "HKLM\\" JL_LINKAGE "\\Binds";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.key = JL_LINKAGE "2";
    s.target = "HKLM\\" JL_LINKAGE "2\\Bind";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.target = "HKLM\\" JL_LINKAGE "\\Bin";     /* the target shown must be the value written */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.type = 1;                                 /* REG_SZ into Bind */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.after = jl_ac;                            /* a device that is not bound */
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
    /* the interface metric value: one GUID exactly, one hex digit more refused */
    {
        jl_step m = {"reg-set", "HKLM\\" JL_IFACES JL_LAN "\\InterfaceMetric", JL_IFACES JL_LAN, "InterfaceMetric", 4,
                     NULL, "0a000000"};
        jl_expect(&m, JL_ACCEPTED);
        m.key = JL_IFACES "{4D36E972-E325-11CE-BFC1-08002BE103180}";
        m.target = "HKLM\\" JL_IFACES "{4D36E972-E325-11CE-BFC1-08002BE103180}\\InterfaceMetric";
        jl_expect(&m, JL_REFUSED_BY_READER);
    }
    /* the Run key */
    {
        jl_step run = {"reg-set", "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\bfpoc",
                       "SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run", "bfpoc", 1, NULL, "43003a005c0065007600690006c00000"};
        jl_expect(&run, JL_REFUSED_BY_READER);
    }
}

/* An adapter's DNS registration (dns-registration-off, core/fix_dns.c): DisableDynamicUpdate and
 * RegistrationEnabled under one adapter's Interfaces key, REG_DWORD 0 or 1, for an adapter that exists;
 * anything wider refused. */
BF_TEST(journal_limits_dns_registration_exactly_the_two_values_of_an_adapter_that_exists)
{
    static const unsigned char zero[4] = {0, 0, 0, 0};
    jl_step in = {"reg-set", "HKLM\\" JL_IFACES JL_LAN "\\RegistrationEnabled", JL_IFACES JL_LAN, "RegistrationEnabled",
                  4, "01000000", "00000000"};
    jl_step s;
    mem_machine mm;
    bf_err err;
    /* jl_machine's adapter has a metric (IP Helper knows it): it exists */
    jl_expect(&in, JL_ACCEPTED);
    s = in;
    s.value = "DisableDynamicUpdate";
    s.target = "HKLM\\" JL_IFACES JL_LAN "\\DisableDynamicUpdate";
    s.before = NULL;
    s.after = "01000000";
    jl_expect(&s, JL_ACCEPTED);
    s = in;
    s.after = "02000000";                       /* not 0 or 1 */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.before = "0100000000";                    /* five bytes */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.type = 1;                                 /* REG_SZ */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.value = "RegisterAdapterName";            /* the neighbouring value: not written by any repair */
    s.target = "HKLM\\" JL_IFACES JL_LAN "\\RegisterAdapterName";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.key = "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";  /* the machine-wide value */
    s.target = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\RegistrationEnabled";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.key = JL_IFACES JL_LAN "\\Sub";          /* a key below the adapter's */
    s.target = "HKLM\\" JL_IFACES JL_LAN "\\Sub\\RegistrationEnabled";
    jl_expect(&s, JL_REFUSED_BY_READER);
    /* an adapter that does not exist (no metric, no EnableDHCP in its key) */
    s = in;
    s.key = JL_IFACES "{00000000-0000-0000-0000-000000000009}";
    s.target = "HKLM\\" JL_IFACES "{00000000-0000-0000-0000-000000000009}\\RegistrationEnabled";
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
    /* ... and the same adapter where its TCP/IP key exists (Windows before Vista: no IP Helper metric) */
    jl_machine(&mm);
    mem_set_reg(&mm, JL_IFACES "{00000000-0000-0000-0000-000000000009}", "EnableDHCP", 4, zero, 4);
    CHECK(jl_judge(&s, &mm, &err) == JL_ACCEPTED);
    CHECK_INT(mm.changing_calls, 0);
    mem_free(&mm);
}

BF_TEST(journal_limits_file_steps_inside_accepted_one_byte_outside_refused)
{
    jl_step in = {"file-replace", JL_HOSTS, "", "", 0, "610d0a", "2320610d0a"};
    jl_step bak = {"file-write", JL_HOSTS ".bindfix.bak", "", "", 0, NULL, "610d0a"};
    jl_step s;
    jl_expect(&in, JL_ACCEPTED);
    s = in;
    s.target = JL_HOSTS "x";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.target = "C:\\WINNT\\system32\\drivers\\etcx\\hosts";   /* a hosts file, but not DataBasePath's */
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
    s = in;
    s.target = "\\\\server\\share\\etc\\hosts";                 /* never a share */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.target = "C:\\WINNT\\system32\\drivers\\etc\\..\\etc\\hosts";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.target = "C:\\windows\\win.ini";
    jl_expect(&s, JL_REFUSED_BY_READER);
    jl_expect(&bak, JL_ACCEPTED);
    s = bak;
    s.target = JL_HOSTS ".bindfix.bakx";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = bak;
    s.target = JL_HOSTS ".bindfix-2026-01-01T000000Z.bak";
    jl_expect(&s, JL_ACCEPTED);
    s.target = JL_HOSTS ".bindfix-2026-01-01T00000Z.bak";   /* one digit short */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s.target = "C:\\WINNT\\system32\\drivers\\etcx\\hosts.bindfix.bak";
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
    /* a file-write may not write the hosts file itself, nor a file-replace a backup */
    s = bak;
    s.target = JL_HOSTS;
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.target = JL_HOSTS ".bindfix.bak";
    jl_expect(&s, JL_REFUSED_BY_READER);
}

BF_TEST(journal_limits_service_steps_exist_and_are_not_drivers)
{
    static const char *const kinds[] = {"service-stop", "service-start"};
    size_t k;
    for (k = 0; k < 2; k++) {
        jl_step in = {kinds[k], "MSExchangeIS", "", "", 0, NULL, NULL};
        jl_step s = in;
        jl_expect(&in, JL_ACCEPTED);
        s.target = "MSExchangeIS2";             /* not installed */
        jl_expect(&s, JL_REFUSED_BY_MACHINE);
        s.target = "MSExchangeI";
        jl_expect(&s, JL_REFUSED_BY_MACHINE);
        s.target = "Tcpip";                     /* installed, but a driver */
        jl_expect(&s, JL_REFUSED_BY_MACHINE);
        s.target = "MSExchange\\IS";            /* a name the SCM cannot have */
        jl_expect(&s, JL_REFUSED_BY_READER);
    }
}

BF_TEST(journal_limits_metric_skip_and_binding_order_name_what_exists)
{
    jl_step metric = {"metric-set", JL_LAN, JL_LAN, "", 4, "0a000000", "0f270000"};   /* 10 -> 9999 */
    jl_step skip = {"skip-as-source-set", "192.0.2.10", "192.0.2.10", "", 4, "00000000", "01000000"};
    jl_step order = {"binding-order-set", "TCP/IP binding paths (INetCfg, ms_tcpip)", "ms_tcpip", "binding paths", 7,
                     jl_ab, jl_ba};
    jl_step s;
    jl_expect(&metric, JL_ACCEPTED);
    s = metric;
    s.after = "10270000";                       /* 10000 */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = metric;
    s.target = "{4D36E972-E325-11CE-BFC1-08002BE10319}";    /* no such adapter */
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
    s.target = "{4D36E972-E325-11CE-BFC1-08002BE103180}";   /* not a GUID */
    jl_expect(&s, JL_REFUSED_BY_READER);
    jl_expect(&skip, JL_ACCEPTED);
    s = skip;
    s.target = "192.0.2.100";                   /* not held */
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
    s.target = "192.0.2.10;";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = skip;
    s.after = "02000000";
    jl_expect(&s, JL_REFUSED_BY_READER);
    jl_expect(&order, JL_ACCEPTED);
    s = order;
    s.before = jl_ac;
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
}

/* port-exclusion (issue 15): undo deletes what after holds beyond before and adds back the reverse, with
 * WinNAT stopped around it. A tampered journal must not exclude a large range (1-65535 would refuse every
 * new connection's port), pause another service, or name something netsh does not know. */
BF_TEST(journal_limits_port_exclusion_changes_only_small_ranges_and_pauses_only_winnat)
{
    jl_step in = {"port-exclusion", "ipv4 tcp", "", "", 0, "", "3134332d3134330a"};
    jl_step s = in;
    jl_expect(&in, JL_ACCEPTED);
    s.after = "3134332d3135380a";                /* 16 ports: the limit */
    jl_expect(&s, JL_ACCEPTED);
    s.after = "3134332d3135390a";                /* 17 ports */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s.after = "312d36353533350a";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;                           /* undo would add the whole range back */
    s.before = "312d36353533350a";
    s.after = "";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;                           /* 17 single ports */
    s.after = "313030302d313030300a313030312d313030310a313030322d313030320a313030332d313030330a313030342d313030340a313030352d313030350a313030362d313030360a313030372d313030370a313030382d313030380a313030392d313030390a313031302d313031300a313031312d313031310a313031322d313031320a313031332d313031330a313031342d313031340a313031352d313031350a313031362d313031360a";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;                           /* not ascending: not what the writer writes */
    s.after = "3134332d3134330a3130302d3130300a";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.target = "ipv4 tcp; net user";
    jl_expect(&s, JL_REFUSED_BY_READER);
    s = in;
    s.key = "W3SVC";                  /* only WinNAT is paused */
    jl_expect(&s, JL_REFUSED_BY_READER);
    s.key = "winnat";                 /* ...and only where it is installed */
    jl_expect(&s, JL_REFUSED_BY_MACHINE);
}

/* The limit table is data beside the step kinds: every kind has its rule. */
BF_TEST(journal_limits_every_step_kind_has_a_rule)
{
    int k;
    for (k = 0; k < BF_STEP__COUNT; k++)
        CHECK(bf_step_limits[k].rule && strstr(bf_step_limits[k].rule, "step may only") != NULL);
    CHECK(bf_reg_limit_count >= 2);
}

/* The attack, in the core: `bindfix-cli undo --journal evil.json` with a Run key and a
 * replacement of win.ini. Refused (exit 2) naming the file, the step and the reason; nothing changed. */
BF_TEST(journal_limits_cli_undo_refuses_the_evil_journal_and_changes_nothing)
{
    static const char evil[] =
        "{\"schema\": \"bindfix-journal\", \"version\": 1, \"created\": \"2026-01-01T00:00:00Z\", \"host\": \"X\", "
        "\"state\": \"applied\", \"actions\": [\"a\"], \"steps\": ["
        "{\"kind\": \"reg-set\", \"status\": \"done\", \"title\": \"t\", "
        "\"target\": \"HKLM\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\\\\bfpoc\", "
        "\"key\": \"SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run\", \"value\": \"bfpoc\", "
        "\"before\": {\"exists\": true, \"type\": 1, \"hex\": \"43003a005c0065007600690006c00000\"}, "
        "\"after\": {\"exists\": false, \"type\": 0, \"hex\": \"\"}, \"error\": \"\", \"wave\": 0}, "
        "{\"kind\": \"file-replace\", \"status\": \"done\", \"title\": \"t\", \"target\": \"C:\\\\windows\\\\win.ini\", "
        "\"key\": \"\", \"value\": \"\", \"before\": {\"exists\": true, \"type\": 0, \"hex\": \"6576696c\"}, "
        "\"after\": {\"exists\": true, \"type\": 0, \"hex\": \"6f6b\"}, \"error\": \"\", \"wave\": 0}]}";
    bf_fake_system f;
    mem_machine mm;
    char *argv[4] = {"bindfix-cli", "undo", "--journal", "C:\\Users\\u\\evil.json"};
    char *before, *after;
    int rc;
    bf_fake_init(&f);
    jl_machine(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = JL_DIR;
    REQUIRE(bf_fake_put_file(&f, argv[3], evil, sizeof evil - 1));
    before = mem_dump(&mm, NULL);
    rc = bf_cli_main(4, argv, &f.sys);
    after = mem_dump(&mm, NULL);
    CHECK_INT(rc, 2);
    CHECK(strstr(bf_buf_cstr(&f.err), "evil.json") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "step 1 (reg-set HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run\\bfpoc)") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "outside what a journal may touch") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    CHECK_STR(after, before);
    free(before);
    free(after);
    bf_fake_free(&f);
    mem_free(&mm);
}

/* last-journal.txt is followed only to a local file directly in the journal folder. */
BF_TEST(journal_limits_last_journal_pointer_only_into_the_journal_folder)
{
    static const struct {
        const char *pointer;
        bool followed;
    } cases[] = {
        {JL_DIR "\\journal-2026-01-01T000000Z.json", true},
        {"c:\\programdata\\BINDFIX\\journal.json", true},
        {"\\\\attacker\\share\\journal.json", false},
        {"\\\\?\\C:\\ProgramData\\bindfix\\journal.json", false},
        {JL_DIR "\\sub\\journal.json", false},
        {JL_DIR "\\..\\journal.json", false},
        {JL_DIR "x\\journal.json", false},
        {"C:\\Users\\u\\journal.json", false},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bf_fake_system f;
        mem_machine mm;
        char *argv[2] = {"bindfix-cli", "undo"};
        int rc;
        bf_fake_init(&f);
        jl_machine(&mm);
        f.sys.machine = &mm.m;
        f.sys.journal_dir = JL_DIR;
        REQUIRE(bf_fake_put_file(&f, JL_DIR "\\last-journal.txt", cases[i].pointer, strlen(cases[i].pointer)));
        rc = bf_cli_main(2, argv, &f.sys);
        CHECK_INT(rc, 2);
        if (cases[i].followed != (strstr(bf_buf_cstr(&f.err), "cannot follow the last repair's pointer") == NULL)) {
            printf("  pointer %s: %s\n", cases[i].pointer, bf_buf_cstr(&f.err));
            bf_test_failures++;
        }
        CHECK_INT(mm.changing_calls, 0);
        bf_fake_free(&f);
        mem_free(&mm);
    }
}

/* The core asks the system layer (bf_system.file_trusted) before an elevated bindfix reads a journal or a
 * catalogue; --trust-file skips that question, never the limits; without administrator rights nothing is
 * asked (nothing could be changed). A stand-in refuses every path under C:\world. */
static int jl_asked;
static bool jl_file_trusted(void *ctx, const char *path, bf_err *err)
{
    (void)ctx;
    jl_asked++;
    if (strncmp(path, "C:\\world\\", 9) == 0)
        return bf_fail(err, "C:\\world can be changed by others than administrators (stand-in)");
    return true;
}

BF_TEST(journal_limits_untrusted_files_are_refused_unless_trust_file)
{
    static const char cat[] = "{\"schema\": \"bindfix-catalogue\", \"version\": 1, \"generations\": []}";
    char *text;
    jl_step in = {"service-stop", "MSExchangeIS", "", "", 0, NULL, NULL};
    bf_fake_system f;
    mem_machine mm;
    char *argv[6] = {"bindfix-cli", "undo", "--journal", "C:\\world\\j.json", NULL, NULL};
    int rc;
    bf_fake_init(&f);
    jl_machine(&mm);
    f.sys.machine = &mm.m;
    f.sys.journal_dir = JL_DIR;
    f.sys.file_trusted = jl_file_trusted;
    text = jl_journal(&in);
    REQUIRE(text && bf_fake_put_file(&f, argv[3], text, strlen(text)));
    REQUIRE(bf_fake_put_file(&f, "C:\\world\\cat.json", cat, sizeof cat - 1));
    free(text);
    /* refused: nothing read, nothing changed */
    jl_asked = 0;
    rc = bf_cli_main(4, argv, &f.sys);
    CHECK_INT(rc, 2);
    CHECK(jl_asked >= 1);
    CHECK(strstr(bf_buf_cstr(&f.err), "can be changed by others") != NULL);
    CHECK(strstr(bf_buf_cstr(&f.err), "add --trust-file") != NULL);
    CHECK_INT(mm.changing_calls, 0);
    /* --trust-file: read, within the limits, undone (the service started again) */
    bf_fake_reset_output(&f);
    argv[4] = "--trust-file";
    jl_asked = 0;
    rc = bf_cli_main(5, argv, &f.sys);
    CHECK(rc == 0 || rc == 1);
    CHECK_INT(jl_asked, 0);
    CHECK(strstr(bf_buf_cstr(&f.out), "Undone: 1 step(s)") != NULL);
    /* an elevated catalogue load asks too */
    bf_fake_reset_output(&f);
    {
        char *scan[5] = {"bindfix-cli", "scan", "--demo", "--catalogue", "C:\\world\\cat.json"};
        rc = bf_cli_main(5, scan, &f.sys);
        CHECK_INT(rc, 2);
        CHECK(strstr(bf_buf_cstr(&f.err), "can be changed by others") != NULL);
        /* not elevated: nothing to escalate, not asked */
        mm.admin = false;
        bf_fake_reset_output(&f);
        jl_asked = 0;
        rc = bf_cli_main(5, scan, &f.sys);
        CHECK(rc != 2 || strstr(bf_buf_cstr(&f.err), "can be changed by others") == NULL);
        CHECK_INT(jl_asked, 0);
    }
    bf_fake_free(&f);
    mem_free(&mm);
}

/* Crash recovery (bf_repair_interrupted) reads only a journal directly in the journal folder: a pointer
 * to a local file elsewhere, or to a share, is not followed; it counts as an unfinished repair (bindfix
 * empties such a pointer when the repair ends), and the journal there is not read, even a finished one. */
BF_TEST(journal_limits_crash_recovery_follows_the_pointer_only_into_the_folder)
{
    static const struct {
        const char *pointer;
        bool unfinished;
    } cases[] = {
        {JL_DIR "\\journal-1.json", false},              /* read: "applied" */
        {"C:\\Users\\u\\journal.json", true},           /* not read, though it says "applied" */
        {"\\\\attacker\\share\\journal.json", true},
        {JL_DIR "\\sub\\journal.json", true},
    };
    jl_step st = {"reg-set", "HKLM\\" JL_LINKAGE "\\Bind", JL_LINKAGE, "Bind", 7, jl_ab, jl_ba};
    char *text = jl_journal(&st);
    size_t i;
    REQUIRE(text);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        bf_fake_system f;
        mem_machine mm;
        char *stale = NULL;
        bool got;
        bf_fake_init(&f);
        jl_machine(&mm);
        f.sys.machine = &mm.m;
        f.sys.journal_dir = JL_DIR;
        REQUIRE(bf_fake_put_file(&f, JL_DIR "\\journal-1.json", text, strlen(text)));
        REQUIRE(bf_fake_put_file(&f, "C:\\Users\\u\\journal.json", text, strlen(text)));
        REQUIRE(bf_fake_put_file(&f, JL_DIR "\\last-journal.txt", cases[i].pointer, strlen(cases[i].pointer)));
        got = bf_repair_interrupted(&f.sys, &stale);
        if (got != cases[i].unfinished || (got && strcmp(stale, cases[i].pointer) != 0)) {
            printf("  pointer %s: %s\n", cases[i].pointer, got ? "unfinished" : "finished");
            bf_test_failures++;
        }
        free(stale);
        CHECK_INT(mm.changing_calls, 0);
        bf_fake_free(&f);
        mem_free(&mm);
    }
    free(text);
}
