/* cli_watch.c - see cli_watch.h. */
#include "cli_watch.h"

#include <stdlib.h>
#include <string.h>

#include "cli_common.h"
#include "json.h"
#include "report.h"
#include "watch.h"

static const char watch_usage[] =
    "Usage: bindfix-cli watch [--json] [--count N] [--seconds S] [--catalogue FILE] [--no-greetings]\n"
    "                         [--timeout MS]\n"
    "\n"
    "Scans this machine, then scans it again whenever an address or an interface changes (an address\n"
    "added or removed, a link going up or down: the KB Q214864 trigger, a dial-up or VPN link), and\n"
    "prints one line per transition, time of day in UTC first:\n"
    "  10:02:11 lan1 up, lan1 +198.51.100.7: POP3 binds on 198.51.100.7 (port free)\n"
    "  10:05:40 lan1 -198.51.100.7: POP3 now fails on 198.51.100.7 (10049)\n"
    "The first line says how changes are noticed: NotifyUnicastIpAddressChange and\n"
    "NotifyIpInterfaceChange (Vista and later), NotifyAddrChange (XP/2003), or polling the address table\n"
    "where a notification is missing or never fires (then it says so).\n"
    "\n"
    "  --json            one JSON object per line (for log collectors)\n"
    "  --count N         stop after N transitions\n"
    "  --seconds S       stop after S seconds\n"
    "  --no-greetings    bind-probe, but do not connect to read greetings\n"
    "  --timeout MS      connect timeout per greeting probe (default 1500)\n"
    "  --catalogue FILE  the protocol catalogue to add to the built-in one\n"
    "  -h, --help        this text\n"
    "\n"
    "Exit codes: 0 stopped as asked (--count or --seconds), 2 could not run.\n";

static bool parse_count(const char *s, long max, long *out)
{
    char *end = NULL;
    long v;
    if (!s || !*s || *s == '-' || *s == '+')
        return false;
    v = strtol(s, &end, 10);
    if (*end || v < 1 || v > max)
        return false;
    *out = v;
    return true;
}

static void now(const bf_system *sys, char utc[32], char hms[16])
{
    utc[0] = 0;
    sys->now_utc(sys->ctx, utc, 32);
    if (strlen(utc) >= 19) {
        memcpy(hms, utc + 11, 8);
        hms[8] = 0;
    } else {
        strcpy(hms, "??:??:??");
    }
}

static void print_start(const bf_system *sys, bool json, const bf_snapshot *s, const char *mechanism)
{
    char utc[32], hms[16];
    bf_buf b;
    now(sys, utc, hms);
    bf_buf_init(&b);
    if (json) {
        bf_buf_puts(&b, "{\"time\": ");
        bf_json_write_string(&b, utc);
        bf_buf_puts(&b, ", \"event\": \"start\", \"host\": ");
        bf_json_write_string(&b, s->hostname);
        bf_buf_puts(&b, ", \"mechanism\": ");
        bf_json_write_string(&b, mechanism);
        bf_buf_puts(&b, "}\n");
    } else {
        bf_buf_printf(&b, "%s watching ", hms);
        bf_text_clean_append(&b, s->hostname, false);
        bf_buf_puts(&b, ": ");
        bf_buf_puts(&b, mechanism);
        bf_buf_puts(&b, "\n");
    }
    bf_cli_out(sys, bf_buf_cstr(&b));
    bf_buf_free(&b);
}

int bf_cli_watch(int argc, char **argv, const bf_system *sys)
{
    bf_source src;
    bf_opened o;
    bf_err err;
    bool json = false;
    long count = 0, seconds = 0, reported = 0;
    const char *mechanism = "";
    void *w;
    unsigned long long start;
    bf_snapshot *prev;
    int i, rc = BF_EXIT_HEALTHY;

    bf_source_init(&src);
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        int took;
        if (bf_cli_is_help(a)) {
            bf_cli_out(sys, watch_usage);
            return BF_EXIT_HEALTHY;
        }
        if (strcmp(a, "--json") == 0) {
            json = true;
            continue;
        }
        if (strcmp(a, "--count") == 0 || strcmp(a, "--seconds") == 0) {
            bool c = a[2] == 'c';
            if (i + 1 >= argc || !parse_count(argv[i + 1], c ? 1000000L : 31L * 24 * 3600, c ? &count : &seconds))
                return bf_cli_usage_error(sys, "watch", c ? "--count needs a number from 1" : "--seconds needs a number from 1",
                                          i + 1 < argc ? argv[i + 1] : NULL);
            i++;
            continue;
        }
        took = bf_cli_take_source_opt(sys, "watch", argc, argv, &i, &src);
        if (took < 0)
            return BF_EXIT_ERROR;
        if (took > 0)
            continue;
        return bf_cli_usage_error(sys, "watch", a[0] == '-' ? "unknown option" : "unexpected argument", a);
    }
    if (src.kind != BF_SOURCE_LIVE)
        return bf_cli_usage_error(sys, "watch", "watches this machine only; not", src.kind == BF_SOURCE_DEMO ? "--demo" : "--snapshot");
    if (!src.collect.probes)
        return bf_cli_usage_error(sys, "watch", "reports bind results and needs the probes; not", "--no-probes");
    if (!sys->watch_begin || !sys->watch_wait || !sys->watch_end || !sys->monotonic_ms) {
        bf_fail(&err, "this front end cannot be told when addresses change");
        return bf_cli_run_error(sys, "watch", "cannot watch", &err);
    }
    /* armed before the first scan: a change while it runs is noticed, not lost between scan and wait */
    w = sys->watch_begin(sys->ctx, &mechanism, &err);
    if (!w)
        return bf_cli_run_error(sys, "watch", "cannot watch for address changes", &err);
    if (!bf_source_open(&src, sys, false, &o, &err)) {
        sys->watch_end(w);
        rc = bf_cli_run_error(sys, "watch", o.failed, &err);
        bf_opened_free(&o);
        return rc;
    }
    prev = o.snap;
    o.snap = NULL;
    print_start(sys, json, prev, mechanism);
    start = sys->monotonic_ms(sys->ctx);
    for (;;) {
        unsigned long long elapsed = sys->monotonic_ms(sys->ctx) - start;
        int wait_ms = 60000, r;
        bf_snapshot *cur;
        bf_watch_diff d;
        if (seconds) {
            if (elapsed >= (unsigned long long)seconds * 1000)
                break;
            if ((unsigned long long)seconds * 1000 - elapsed < (unsigned long long)wait_ms)
                wait_ms = (int)((unsigned long long)seconds * 1000 - elapsed);
        }
        r = sys->watch_wait(w, wait_ms);
        if (r < 0) {
            bf_fail(&err, "waiting for an address change failed");
            rc = bf_cli_run_error(sys, "watch", "cannot watch", &err);
            break;
        }
        if (r == 0)
            continue;
        cur = bf_source_read(&src, sys, o.catalogue, &err);
        if (!cur) {
            rc = bf_cli_run_error(sys, "watch", "cannot collect this machine", &err);
            break;
        }
        bf_watch_compare(prev, cur, &d);
        if (d.count) {
            char utc[32], hms[16];
            bf_buf b;
            now(sys, utc, hms);
            bf_buf_init(&b);
            if (json)
                bf_watch_write_json(&d, utc, hms, &b);
            else
                bf_watch_write_text(&d, hms, &b);
            bf_buf_putc(&b, '\n');
            bf_cli_out(sys, bf_buf_cstr(&b));
            bf_buf_free(&b);
            reported++;
        }
        bf_watch_diff_free(&d);
        bf_snapshot_destroy(prev);
        prev = cur;
        if (count && reported >= count)
            break;
    }
    sys->watch_end(w);
    bf_snapshot_destroy(prev);
    bf_opened_free(&o);
    return rc;
}
