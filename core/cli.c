/*
 * cli.c - bindfix-cli's verbs (see cli.h): argument parsing, dispatch, and the verbs that only read
 * (scan, snapshot, demo).  Verbs with more to them live in their own files (cli_report.c, cli_repair.c)
 * and are dispatched from the table below.
 *
 * Everything goes through the bf_system table, so the same code runs against the live machine in
 * bindfix-cli.exe and against a fake machine in tests/unit/test_cli.c.  Exit codes: 0 healthy,
 * 1 problems found, 2 could not run; the message for 2 always names the place and the problem.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include "catalogue.h"
#include "cli_repair.h"
#include "cli_report.h"
#include "demo.h"
#include "diagnose.h"
#include "diagnosis_json.h"
#include "scan_text.h"
#include "snapshot_json.h"

/* ---- output helpers ---- */

static void put_out(const bf_system *sys, const char *s, size_t len)
{
    sys->write_out(sys->ctx, s, len);
}

static void put_err(const bf_system *sys, const char *s)
{
    sys->write_err(sys->ctx, s, strlen(s));
}

int bf_cli_usage_error(const bf_system *sys, const char *verb, const char *what, const char *arg)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_buf_printf(&b, "bindfix-cli %s: %s%s%s%s\nRun `bindfix-cli %s --help` for the options.\n", verb, what,
                  arg ? " \"" : "", arg ? arg : "", arg ? "\"" : "", verb);
    put_err(sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return BF_EXIT_ERROR;
}

int bf_cli_run_error(const bf_system *sys, const char *verb, const char *doing, const bf_err *err)
{
    char text[1400];
    bf_buf b;
    bf_err_format(err, text, sizeof text);
    bf_buf_init(&b);
    bf_buf_printf(&b, "bindfix-cli %s: %s: %s\n", verb, doing, text);
    put_err(sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return BF_EXIT_ERROR;
}

/* ---- the machine a verb works on: live, a snapshot file, or the demo ---- */

typedef struct source_opts {
    const char *snapshot_file;  /* --snapshot FILE */
    bool demo;                  /* --demo */
    bool probes;                /* not --no-probes */
    bool greetings;             /* not --no-greetings */
    int timeout_ms;             /* --timeout MS */
    const char *catalogue_file; /* --catalogue FILE */
} source_opts;

static void source_opts_init(source_opts *o)
{
    memset(o, 0, sizeof *o);
    o->probes = true;
    o->greetings = true;
    o->timeout_ms = 1500;
}

static bool parse_int_arg(const char *s, int lo, int hi, int *out)
{
    long v = 0;
    if (!*s)
        return false;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return false;
        v = v * 10 + (*s - '0');
        if (v > hi)
            return false;
    }
    if (v < lo)
        return false;
    *out = (int)v;
    return true;
}

/* Consumes a source option at argv[*i]; returns 1 when consumed, 0 when not a source option, -1 on a
 * usage error (already reported). */
static int take_source_opt(const bf_system *sys, const char *verb, int argc, char **argv, int *i, source_opts *o)
{
    const char *a = argv[*i];
    if (strcmp(a, "--snapshot") == 0) {
        if (*i + 1 >= argc)
            return bf_cli_usage_error(sys, verb, "--snapshot needs a file name", NULL), -1;
        o->snapshot_file = argv[++*i];
        return 1;
    }
    if (strcmp(a, "--demo") == 0) {
        o->demo = true;
        return 1;
    }
    if (strcmp(a, "--catalogue") == 0) {
        if (*i + 1 >= argc)
            return bf_cli_usage_error(sys, verb, "--catalogue needs a file name", NULL), -1;
        o->catalogue_file = argv[++*i];
        return 1;
    }
    if (strcmp(a, "--no-probes") == 0) {
        o->probes = false;
        return 1;
    }
    if (strcmp(a, "--no-greetings") == 0) {
        o->greetings = false;
        return 1;
    }
    if (strcmp(a, "--timeout") == 0) {
        if (*i + 1 >= argc || !parse_int_arg(argv[*i + 1], 1, 60000, &o->timeout_ms))
            return bf_cli_usage_error(sys, verb, "--timeout needs milliseconds between 1 and 60000, got",
                               *i + 1 < argc ? argv[*i + 1] : "nothing"), -1;
        ++*i;
        return 1;
    }
    return 0;
}

/* The catalogue: --catalogue FILE, else bindfix-catalogue.json beside the executable when it exists,
 * else the built-in one. *out is NULL for the built-in one. */
static bool load_catalogue(const bf_system *sys, const source_opts *o, bf_catalogue **out, bf_err *err)
{
    const char *path = o->catalogue_file ? o->catalogue_file : sys->default_catalogue;
    char *data = NULL;
    size_t len = 0;
    bf_err quiet;
    *out = NULL;
    if (!path)
        return true;
    if (!sys->read_file(sys->ctx, path, &data, &len, o->catalogue_file ? err : &quiet))
        return o->catalogue_file == NULL;  /* the default file is optional */
    *out = bf_catalogue_load(data, len, path, err);
    free(data);
    return *out != NULL;
}

static bf_snapshot *load_source(const bf_system *sys, const source_opts *o, const bf_catalogue *cat, bf_err *err)
{
    bf_snapshot *snap;
    if (o->demo)
        return bf_demo_snapshot(err);
    if (o->snapshot_file) {
        char *data = NULL;
        size_t len = 0;
        if (!sys->read_file(sys->ctx, o->snapshot_file, &data, &len, err))
            return NULL;
        snap = bf_snapshot_read_json(data, len, o->snapshot_file, err);
        free(data);
        return snap;
    }
    snap = bf_snapshot_create();
    if (!snap) {
        bf_fail(err, "out of memory");
        return NULL;
    }
    {
        bf_collect_opts opts;
        bf_collect_opts_default(&opts);
        opts.probes = o->probes;
        opts.greetings = o->greetings && o->probes;
        opts.probe_timeout_ms = o->timeout_ms;
        if (cat) {
            opts.targets = bf_catalogue_probe_targets(cat, &opts.target_count);
            opts.signatures = bf_catalogue_signatures(cat, &opts.signature_count);
        }
        if (!sys->collect(sys->ctx, &opts, snap, err)) {
            bf_snapshot_destroy(snap);
            return NULL;
        }
    }
    return snap;
}

static const char *source_doing(const source_opts *o)
{
    return o->demo ? "cannot load the demo machine"
         : o->snapshot_file ? "cannot read the snapshot"
         : "cannot collect this machine";
}

/* Problems are findings of severity warning or above; info findings alone leave the exit code 0. */
static int exit_code_for(const bf_diagnosis *d)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (d->findings[i].severity >= BF_SEV_WARNING)
            return BF_EXIT_PROBLEMS;
    return BF_EXIT_HEALTHY;
}

static void write_diagnosis_member(const void *ctx, bf_buf *out, int indent)
{
    bf_diagnosis_write_json((const bf_diagnosis *)ctx, out, indent);
}

/* ---- scan / demo ---- */

static const char scan_usage[] =
    "Usage: bindfix-cli scan [--snapshot FILE | --demo] [--json] [--no-probes] [--no-greetings]\n"
    "                        [--timeout MS]\n"
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
    "  --no-probes       do not bind-probe (and do not connect)\n"
    "  --no-greetings    bind-probe, but do not connect to read greetings\n"
    "  --timeout MS      connect timeout per greeting probe (default 1500)\n"
    "  --catalogue FILE  the protocol catalogue to add to the built-in one (help/catalogue-format.md);\n"
    "                    default: bindfix-catalogue.json beside bindfix-cli.exe, when it exists\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit codes: 0 no problem found, 1 problems found (a finding of severity warning or above),\n"
    "2 could not run.\n";

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
    source_opts src;
    bool json = false;
    bf_err err;
    bf_snapshot *snap;
    bf_diagnosis *diag;
    bf_catalogue *cat = NULL;
    bf_buf out;
    int i, rc;

    source_opts_init(&src);
    src.demo = demo_verb;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "/?") == 0) {
            const char *u = demo_verb ? demo_usage : scan_usage;
            put_out(sys, u, strlen(u));
            return BF_EXIT_HEALTHY;
        }
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (!demo_verb) {
            took = take_source_opt(sys, verb, argc, argv, &i, &src);
            if (took < 0)
                return BF_EXIT_ERROR;
            if (took)
                continue;
        }
        return bf_cli_usage_error(sys, verb, a[0] == '-' ? "unknown option" : "unexpected argument", a);
    }
    if (src.demo && src.snapshot_file)
        return bf_cli_usage_error(sys, verb, "--demo and --snapshot exclude each other", NULL);

    bf_err_clear(&err);
    if (!load_catalogue(sys, &src, &cat, &err))
        return bf_cli_run_error(sys, verb, "cannot read the catalogue", &err);
    snap = load_source(sys, &src, cat, &err);
    if (!snap) {
        bf_catalogue_destroy(cat);
        return bf_cli_run_error(sys, verb, source_doing(&src), &err);
    }
    diag = bf_diagnose(snap, cat, &err);
    if (!diag) {
        bf_snapshot_destroy(snap);
        bf_catalogue_destroy(cat);
        return bf_cli_run_error(sys, verb, "cannot diagnose", &err);
    }
    bf_buf_init(&out);
    if (json)
        bf_snapshot_write_json_with(snap, "diagnosis", write_diagnosis_member, diag, &out);
    else
        bf_scan_write_text(snap, diag, &out);
    if (out.failed) {
        bf_fail(&err, "out of memory while writing the output");
        rc = bf_cli_run_error(sys, verb, "cannot write the output", &err);
    } else {
        put_out(sys, bf_buf_cstr(&out), out.len);
        rc = exit_code_for(diag);
    }
    bf_buf_free(&out);
    bf_diagnosis_destroy(diag);
    bf_snapshot_destroy(snap);
    bf_catalogue_destroy(cat);
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
    "                            [--timeout MS]\n"
    "\n"
    "Saves this machine as a snapshot file (JSON, help/snapshot-format.md) that every verb, and\n"
    "bindfix.exe, can open with --snapshot / File > Open. The file is written completely or not at all.\n"
    "Needs no administrator rights.\n"
    "\n"
    "  -o, --output FILE   where to write; \"-\" writes to standard output\n"
    "  --snapshot FILE     re-save a snapshot (normalises it; reports are reduced to the snapshot)\n"
    "  --demo              save the KB Q214864 demo machine\n"
    "  --no-probes, --no-greetings, --timeout MS, --catalogue FILE   as for scan\n"
    "  -h, --help          this text\n"
    "\n"
    "Exit codes: 0 written, 2 could not run.\n";

static int verb_snapshot(int argc, char **argv, const bf_system *sys)
{
    source_opts src;
    const char *output = NULL;
    bf_err err;
    bf_snapshot *snap;
    bf_catalogue *cat = NULL;
    bf_buf out;
    int i, rc = BF_EXIT_HEALTHY;

    source_opts_init(&src);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "/?") == 0) {
            put_out(sys, snapshot_usage, strlen(snapshot_usage));
            return BF_EXIT_HEALTHY;
        }
        if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (i + 1 >= argc)
                return bf_cli_usage_error(sys, "snapshot", "-o needs a file name", NULL);
            output = argv[++i];
            continue;
        }
        took = take_source_opt(sys, "snapshot", argc, argv, &i, &src);
        if (took < 0)
            return BF_EXIT_ERROR;
        if (took)
            continue;
        return bf_cli_usage_error(sys, "snapshot", a[0] == '-' ? "unknown option" : "unexpected argument", a);
    }
    if (!output)
        return bf_cli_usage_error(sys, "snapshot", "-o FILE is required (\"-o -\" for standard output)", NULL);
    if (src.demo && src.snapshot_file)
        return bf_cli_usage_error(sys, "snapshot", "--demo and --snapshot exclude each other", NULL);

    bf_err_clear(&err);
    if (!load_catalogue(sys, &src, &cat, &err))
        return bf_cli_run_error(sys, "snapshot", "cannot read the catalogue", &err);
    snap = load_source(sys, &src, cat, &err);
    bf_catalogue_destroy(cat);
    if (!snap)
        return bf_cli_run_error(sys, "snapshot", source_doing(&src), &err);
    bf_buf_init(&out);
    bf_snapshot_write_json(snap, &out);
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
                      out.len, snap->adapter_count, snap->endpoint_count);
        /* the confirmation goes to stderr so that stdout stays clean for scripts */
        put_err(sys, bf_buf_cstr(&msg));
        bf_buf_free(&msg);
    }
    bf_buf_free(&out);
    bf_snapshot_destroy(snap);
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
                    "Every verb that reads the machine accepts --snapshot FILE to work from a saved one.\n");
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
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "/?") == 0) {
        write_main_usage(sys);
        return BF_EXIT_HEALTHY;
    }
    if (strcmp(argv[1], "--version") == 0)
        return verb_version(1, argv + 1, sys);
    v = find_verb(argv[1]);
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
        put_err(sys, bf_buf_cstr(&b));
        bf_buf_free(&b);
        return BF_EXIT_ERROR;
    }
    return v->run(argc - 1, argv + 1, sys);
}
