/* cli_common.c - what every bindfix-cli verb shares (see cli_common.h). */
#include "cli_common.h"

#include <string.h>

#include "report.h"   /* bf_text_clean_append */
#include "strbuf.h"

void bf_cli_out(const bf_system *sys, const char *s)
{
    sys->write_out(sys->ctx, s, strlen(s));
}

/* Error messages quote what a file or an argument held (an unknown key, a value, a path read from
 * last-journal.txt): cleaned as every other text output is, so no escape sequence, C1 or bidi control
 * reaches the console raw. Line breaks stay. */
void bf_cli_err(const bf_system *sys, const char *s)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_text_clean_append(&b, s, true);
    sys->write_err(sys->ctx, bf_buf_cstr(&b), b.len);
    bf_buf_free(&b);
}

int bf_cli_usage_error(const bf_system *sys, const char *verb, const char *what, const char *arg)
{
    bf_buf b;
    bf_buf_init(&b);
    bf_buf_printf(&b, "bindfix-cli %s: %s%s%s%s\nRun `bindfix-cli %s --help` for the options.\n", verb, what,
                  arg ? " \"" : "", arg ? arg : "", arg ? "\"" : "", verb);
    bf_cli_err(sys, bf_buf_cstr(&b));
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
    bf_cli_err(sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
    return BF_EXIT_ERROR;
}

bool bf_cli_is_help(const char *a)
{
    return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0 || strcmp(a, "/?") == 0;
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

int bf_cli_take_source_opt(const bf_system *sys, const char *verb, int argc, char **argv, int *i, bf_source *src)
{
    const char *a = argv[*i];
    if (strcmp(a, "--snapshot") == 0 || strcmp(a, "--demo") == 0) {
        bool demo = a[2] == 'd';
        if (!demo && *i + 1 >= argc)
            return bf_cli_usage_error(sys, verb, "--snapshot needs a file name", NULL), -1;
        if (src->kind == (demo ? BF_SOURCE_FILE : BF_SOURCE_DEMO))
            return bf_cli_usage_error(sys, verb, "--demo and --snapshot exclude each other", NULL), -1;
        src->kind = demo ? BF_SOURCE_DEMO : BF_SOURCE_FILE;
        if (!demo)
            src->path = argv[++*i];
        return 1;
    }
    if (strcmp(a, "--catalogue") == 0) {
        if (*i + 1 >= argc)
            return bf_cli_usage_error(sys, verb, "--catalogue needs a file name", NULL), -1;
        src->catalogue = argv[++*i];
        return 1;
    }
    if (strcmp(a, "--no-probes") == 0) {
        src->collect.probes = false;
        return 1;
    }
    if (strcmp(a, "--dns") == 0) {
        src->collect.dns = true;
        return 1;
    }
    if (strcmp(a, "--no-greetings") == 0) {
        src->collect.greetings = false;
        return 1;
    }
    if (strcmp(a, "--timeout") == 0) {
        if (*i + 1 >= argc || !parse_int_arg(argv[*i + 1], 1, 60000, &src->collect.probe_timeout_ms))
            return bf_cli_usage_error(sys, verb, "--timeout needs milliseconds between 1 and 60000, got",
                                      *i + 1 < argc ? argv[*i + 1] : "nothing"), -1;
        ++*i;
        return 1;
    }
    return 0;
}

int bf_cli_exit_code(const bf_diagnosis *d)
{
    size_t i;
    for (i = 0; i < d->finding_count; i++)
        if (d->findings[i].severity >= BF_SEV_WARNING)
            return BF_EXIT_PROBLEMS;
    return BF_EXIT_HEALTHY;
}
