/*
 * cli.c - bindfix-cli's verbs (see cli.h): argument parsing, dispatch, and the verbs that only read
 * (scan, snapshot, demo).  Verbs with more to them live in their own files (cli_report.c, cli_repair.c)
 * and are dispatched from the table below.
 *
 * Everything goes through the bf_system table, so the same code runs against the live machine in
 * bindfix-cli.exe and against a fake machine in tests/core/test_cli.c.  Exit codes: 0 healthy,
 * 1 problems found, 2 could not run; the message for 2 always names the place and the problem.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "cli_check.h"
#include "cli_common.h"
#include "cli_fleet.h"
#include "cli_repair.h"
#include "cli_watch.h"
#include "cli_report.h"
#include "diagnosis_json.h"
#include "monitor.h"
#include "scan_text.h"
#include "snapshot_json.h"

static void put_out(const bf_system *sys, const char *s, size_t len)
{
    sys->write_out(sys->ctx, s, len);
}

static void write_diagnosis_member(const void *ctx, bf_buf *out, int indent)
{
    bf_diagnosis_write_json((const bf_diagnosis *)ctx, out, indent);
}

/* ---- scan / demo ---- */

static const char scan_usage[] =
    "Usage: bindfix-cli scan [--snapshot FILE | --demo] [--json | --format text|json|prometheus]\n"
    "                        [-o FILE] [--no-probes] [--no-greetings] [--timeout MS] [--dns]\n"
    "\n"
    "Reads this machine (or a saved snapshot, or the KB Q214864 demo machine) and prints the adapters,\n"
    "the TCP/IP binding order, the order in which the resolver returns the host's addresses, the bind\n"
    "status of every catalogued protocol on every one of those addresses, the listeners, services and\n"
    "signature events, then the findings with their evidence and the fixes.\n"
    "Needs no administrator rights.\n"
    "\n"
    "  --snapshot FILE   work from a saved snapshot (bindfix-cli snapshot, or a JSON report)\n"
    "  --demo            the KB Q214864 machine (NT4 SP4, Exchange 5.5, NDISWAN address first)\n"
    "  --json            print the snapshot as JSON with a \"diagnosis\" member (help/snapshot-format.md)\n"
    "  --format FMT      text (default), json (as --json) or prometheus: the metrics in the Prometheus\n"
    "                    text format, for windows_exporter's textfile collector (help/monitoring.md)\n"
    "  -o, --output FILE write to FILE instead of standard output: whole or not at all (a temporary\n"
    "                    file NAME.~bf*.tmp beside it, then renamed), as a textfile collector needs\n"
    "  --no-probes       do not bind-probe (and do not connect)\n"
    "  --no-greetings    bind-probe, but do not connect to read greetings\n"
    "  --timeout MS      connect timeout per greeting probe (default 1500)\n"
    "  --dns             also ask the DNS servers what they publish for this host's name (A and AAAA,\n"
    "                    on the wire): the query leaves the machine, so it is asked for\n"
    BF_CLI_USAGE_END_DIAGNOSING;

static const char demo_usage[] =
    "Usage: bindfix-cli demo [--json]\n"
    "\n"
    "The scan of the KB Q214864 machine, built in: Windows NT 4.0 Server SP4 with Exchange 5.5, a LAN\n"
    "adapter (192.0.2.10) and a disconnected NDISWAN adapter (198.51.100.7) whose address gethostbyname\n"
    "returns first, so LDAPS 636, POP3 110 and IMAP4 143 fail to bind with 10049. Same as\n"
    "`bindfix-cli scan --demo`.\n"
    "\n"
    "  --json       print the demo snapshot as JSON with its diagnosis; `bindfix-cli scan --snapshot\n"
    "               FILE --json` on that output prints the same bytes\n"
    "  -h, --help   this text\n"
    "\n"
    "Exit code: 1 (the demo machine has the KB's problem).\n";

static int scan_common(const char *verb, int argc, char **argv, const bf_system *sys, bool demo_verb)
{
    bf_source src;
    bool json = false, prometheus = false;
    const char *output = NULL;
    bf_err err;
    bf_opened o;
    bf_buf out;
    int i, rc;

    bf_source_init(&src);
    if (demo_verb)
        src.kind = BF_SOURCE_DEMO;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took;
        if (bf_cli_is_help(a)) {
            bf_cli_out(sys, demo_verb ? demo_usage : scan_usage);
            return BF_EXIT_HEALTHY;
        }
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (!demo_verb && strcmp(a, "--format") == 0) {
            const char *v = i + 1 < argc ? argv[++i] : "";
            if (strcmp(v, "json") == 0)
                json = true;
            else if (strcmp(v, "prometheus") == 0)
                prometheus = true;
            else if (strcmp(v, "text") != 0)
                return bf_cli_usage_error(sys, verb, "--format takes text, json or prometheus, got", v);
            continue;
        }
        if (!demo_verb && (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)) {
            if (i + 1 >= argc)
                return bf_cli_usage_error(sys, verb, "-o needs a file name", NULL);
            output = argv[++i];
            if (strcmp(output, "-") == 0)
                output = NULL;
            continue;
        }
        if (!demo_verb) {
            took = bf_cli_take_source_opt(sys, verb, argc, argv, &i, &src);
            if (took < 0)
                return BF_EXIT_ERROR;
            if (took)
                continue;
        }
        return bf_cli_usage_error(sys, verb, a[0] == '-' ? "unknown option" : "unexpected argument", a);
    }

    if (!bf_source_open(&src, sys, true, &o, &err)) {
        rc = bf_cli_run_error(sys, verb, o.failed, &err);
        bf_opened_free(&o);
        return rc;
    }
    bf_buf_init(&out);
    if (prometheus)
        bf_prometheus_write(o.snap, o.diag, &out);
    else if (json)
        bf_snapshot_write_json_with(o.snap, "diagnosis", write_diagnosis_member, o.diag, &out);
    else
        bf_scan_write_text(o.snap, o.diag, &out);
    if (out.failed) {
        bf_fail(&err, "out of memory while writing the output");
        rc = bf_cli_run_error(sys, verb, "cannot write the output", &err);
    } else if (output) {
        /* write_file: a temporary file beside it, flushed, renamed over it; a collector reading *.prom
         * never sees half a file */
        rc = sys->write_file(sys->ctx, output, bf_buf_cstr(&out), out.len, &err)
                 ? bf_cli_exit_code(o.diag)
                 : bf_cli_run_error(sys, verb, "cannot write the output", &err);
    } else {
        put_out(sys, bf_buf_cstr(&out), out.len);
        rc = bf_cli_exit_code(o.diag);
    }
    bf_buf_free(&out);
    bf_opened_free(&o);
    return rc;
}

static int verb_scan(int argc, char **argv, const bf_system *sys)
{
    return scan_common("scan", argc, argv, sys, false);
}

static int verb_demo(int argc, char **argv, const bf_system *sys)
{
    return scan_common("demo", argc, argv, sys, true);
}

/* ---- snapshot ---- */

static const char snapshot_usage[] =
    "Usage: bindfix-cli snapshot -o FILE [--snapshot FILE | --demo] [--no-probes] [--no-greetings]\n"
    "                            [--timeout MS] [--dns]\n"
    "\n"
    "Saves this machine as a snapshot file (JSON, help/snapshot-format.md) that every verb, and\n"
    "bindfix.exe, can open with --snapshot / File > Open. The file is written completely or not at all.\n"
    "Needs no administrator rights.\n"
    "\n"
    "  -o, --output FILE   where to write; \"-\" writes to standard output\n"
    "  --snapshot FILE     re-save a snapshot (normalises it; reports are reduced to the snapshot)\n"
    "  --demo              save the KB Q214864 demo machine\n"
    "  --no-probes, --no-greetings, --timeout MS, --dns, --catalogue FILE   as for scan\n"
    "  -h, --help          this text\n"
    "\n"
    "Exit codes: 0 written, 2 could not run.\n";

static int verb_snapshot(int argc, char **argv, const bf_system *sys)
{
    bf_source src;
    const char *output = NULL;
    bf_err err;
    bf_opened o;
    bf_buf out;
    int i, rc = BF_EXIT_HEALTHY;

    bf_source_init(&src);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took;
        if (bf_cli_is_help(a)) {
            bf_cli_out(sys, snapshot_usage);
            return BF_EXIT_HEALTHY;
        }
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc)
                return bf_cli_usage_error(sys, "snapshot", "-o needs a file name", NULL);
            output = argv[++i];
            continue;
        }
        took = bf_cli_take_source_opt(sys, "snapshot", argc, argv, &i, &src);
        if (took < 0)
            return BF_EXIT_ERROR;
        if (took)
            continue;
        return bf_cli_usage_error(sys, "snapshot", a[0] == '-' ? "unknown option" : "unexpected argument", a);
    }
    if (!output)
        return bf_cli_usage_error(sys, "snapshot", "-o FILE is required (\"-o -\" for standard output)", NULL);

    /* no diagnosis: the catalogue only says what to probe */
    if (!bf_source_open(&src, sys, false, &o, &err)) {
        rc = bf_cli_run_error(sys, "snapshot", o.failed, &err);
        bf_opened_free(&o);
        return rc;
    }
    bf_buf_init(&out);
    bf_snapshot_write_json(o.snap, &out);
    if (out.failed) {
        bf_fail(&err, "out of memory while writing the snapshot");
        rc = bf_cli_run_error(sys, "snapshot", "cannot write the snapshot", &err);
    } else if (strcmp(output, "-") == 0) {
        put_out(sys, bf_buf_cstr(&out), out.len);
    } else if (!sys->write_file(sys->ctx, output, bf_buf_cstr(&out), out.len, &err)) {
        rc = bf_cli_run_error(sys, "snapshot", "cannot write the snapshot", &err);
    } else {
        bf_buf msg;
        bf_buf_init(&msg);
        bf_buf_printf(&msg, "bindfix-cli snapshot: wrote %s (%zu bytes; %zu adapters, %zu endpoints)\n", output,
                      out.len, o.snap->adapter_count, o.snap->endpoint_count);
        /* the confirmation goes to stderr so that stdout stays clean for scripts */
        bf_cli_err(sys, bf_buf_cstr(&msg));
        bf_buf_free(&msg);
    }
    bf_buf_free(&out);
    bf_opened_free(&o);
    return rc;
}

/* ---- report (cli_report.c) ---- */

static int verb_report(int argc, char **argv, const bf_system *sys)
{
    return bf_cli_report(argc, argv, sys);
}

/* ---- repair, undo (cli_repair.c) ---- */

static int verb_repair(int argc, char **argv, const bf_system *sys)
{
    return bf_cli_repair(argc, argv, sys);
}

static int verb_undo(int argc, char **argv, const bf_system *sys)
{
    return bf_cli_undo(argc, argv, sys);
}

/* ---- fleet (cli_fleet.c) ---- */

static int verb_fleet(int argc, char **argv, const bf_system *sys)
{
    return bf_cli_fleet(argc, argv, sys);
}

static int verb_check(int argc, char **argv, const bf_system *sys)
{
    return bf_cli_check(argc, argv, sys);
}

/* ---- dispatch ---- */

typedef struct verb {
    const char *name;
    int (*run)(int argc, char **argv, const bf_system *sys);
    const char *summary;
} verb;

static int verb_help(int argc, char **argv, const bf_system *sys);
static int verb_version(int argc, char **argv, const bf_system *sys);

static const verb verbs[] = {
    {"scan", verb_scan, "adapters, resolver order, bind status of every protocol, findings"},
    {"snapshot", verb_snapshot, "save this machine as a snapshot file (-o FILE)"},
    {"demo", verb_demo, "the scan of the KB Q214864 machine (built in)"},
    {"report", verb_report, "write a report: HTML, text, CSV or JSON"},
    {"repair", verb_repair, "preview the repair; --apply makes it (journaled, verified)"},
    {"undo", verb_undo, "put back what a repair changed, from its journal"},
    {"watch", bf_cli_watch, "scan again whenever an address or interface changes; a line per transition"},
    {"fleet", verb_fleet, "many servers: a folder of snapshots, one row per server, grouped by finding"},
    {"check", verb_check, "monitoring plugin: one status line + perfdata, exit 0/1/2/3"},
    {"help", verb_help, "help on a verb"},
    {"version", verb_version, "the version of bindfix-cli"},
};

static const verb *find_verb(const char *name)
{
    size_t i;
    for (i = 0; i < BF_COUNTOF(verbs); i++)
        if (strcmp(verbs[i].name, name) == 0)
            return &verbs[i];
    return NULL;
}

static void write_main_usage(const bf_system *sys)
{
    bf_buf b;
    size_t i;
    bf_buf_init(&b);
    bf_buf_puts(&b, "bindfix-cli " BF_TOOL_VERSION
                    " - diagnose and repair unusable host-name addresses (KB Q214864)\n\n"
                    "Usage: bindfix-cli VERB [OPTIONS]    (bindfix-cli VERB --help for the options)\n\n");
    for (i = 0; i < BF_COUNTOF(verbs); i++)
        bf_buf_printf(&b, "  %-10s %s\n", verbs[i].name, verbs[i].summary);
    bf_buf_puts(&b, "\nExit codes: 0 healthy, 1 problems found, 2 could not run.\n"
                    "Every verb that reads the machine accepts --snapshot FILE to work from a saved one.\n"
                    "Run elevated, bindfix reads journals and catalogues only where administrators alone can\n"
                    "write them; --trust-file after the verb reads such a file anyway (help topic Security).\n");
    put_out(sys, bf_buf_cstr(&b), b.len);
    bf_buf_free(&b);
}

static int verb_help(int argc, char **argv, const bf_system *sys)
{
    const verb *v;
    char *sub[2];
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        write_main_usage(sys);
        return BF_EXIT_HEALTHY;
    }
    if (argc > 2)
        return bf_cli_usage_error(sys, "help", "takes one verb, got an extra argument", argv[2]);
    v = find_verb(argv[1]);
    if (!v)
        return bf_cli_usage_error(sys, "help", "no such verb", argv[1]);
    if (v->run == verb_help || v->run == verb_version) {
        write_main_usage(sys);
        return BF_EXIT_HEALTHY;
    }
    sub[0] = argv[1];
    sub[1] = (char *)"--help";
    return v->run(2, sub, sys);
}

static int verb_version(int argc, char **argv, const bf_system *sys)
{
    static const char text[] = "bindfix-cli " BF_TOOL_VERSION "\n";
    (void)argv;
    if (argc > 1 && strcmp(argv[1], "--help") != 0 && strcmp(argv[1], "-h") != 0)
        return bf_cli_usage_error(sys, "version", "takes no argument, got", argv[1]);
    put_out(sys, text, strlen(text));
    return BF_EXIT_HEALTHY;
}

int bf_cli_main(int argc, char **argv, const bf_system *sys)
{
    const verb *v;
    if (argc < 2) {
        write_main_usage(sys);
        return BF_EXIT_ERROR;
    }
    if (bf_cli_is_help(argv[1])) {
        write_main_usage(sys);
        return BF_EXIT_HEALTHY;
    }
    if (strcmp(argv[1], "--version") == 0)
        return verb_version(1, argv + 1, sys);
    v = find_verb(argv[1]);
    if (v) {
        /* --trust-file, after any verb: the administrator chose to read files that only administrators
         * should be able to change but others can (help topic "Security"); taken out before the verb
         * parses its options */
        int i, n = 0;
        bool trust = false;
        for (i = 0; i < argc; i++)
            if (i >= 2 && strcmp(argv[i], "--trust-file") == 0)
                trust = true;
            else
                argv[n++] = argv[i];
        if (trust) {
            bf_system copy = *sys;
            copy.trust_files = true;
            return v->run(n - 1, argv + 1, &copy);
        }
    }
    if (!v) {
        bf_buf b;
        bf_buf_init(&b);
        bf_buf_printf(&b, "bindfix-cli: unknown verb \"%s\". Verbs:", argv[1]);
        {
            size_t i;
            for (i = 0; i < BF_COUNTOF(verbs); i++)
                bf_buf_printf(&b, " %s", verbs[i].name);
        }
        bf_buf_puts(&b, ". Run `bindfix-cli --help`.\n");
        bf_cli_err(sys, bf_buf_cstr(&b));
        bf_buf_free(&b);
        return BF_EXIT_ERROR;
    }
    return v->run(argc - 1, argv + 1, sys);
}
