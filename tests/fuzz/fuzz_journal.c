/* fuzz_journal.c - libFuzzer target: the repair journal reader on arbitrary bytes (a journal is read
 * after a crash, when it may be cut off anywhere, and it may be a hostile file handed to an elevated
 * undo). Whatever it accepts writes back and reads again the same; every refusal says why; and no
 * accepted journal holds a step outside the limits (issue 21): checked by an oracle written here, apart
 * from core/fix_journal_limits.c, from the text alone and, where bf_fix_journal_check accepts too,
 * against the in-memory machine the check was asked about (the corpus's machine: hosts file Z:\etc\hosts,
 * the test services, a driver, the INetCfg devices of binding-order.json). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fix.h"
#include "mem_machine.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'a' && *a <= 'z' ? *a - 32 : *a, y = *b >= 'a' && *b <= 'z' ? *b - 32 : *b;
        if (x != y)
            return 0;
    }
    return *a == *b;
}

static int starts_ieq(const char *s, const char *prefix)
{
    size_t n = strlen(prefix);
    char *head;
    int r;
    if (strlen(s) < n)
        return 0;
    head = malloc(n + 1);
    if (!head)
        abort();
    memcpy(head, s, n);
    head[n] = 0;
    r = ieq(head, prefix);
    free(head);
    return r;
}

#define TCPIP "SYSTEM\\CurrentControlSet\\Services\\Tcpip"

/* Lines "A-B" of a, each absent from b, count toward *n; false when one spans more than 16 ports. */
static int spans_beyond(const bf_regval *a, const bf_regval *b, int *n)
{
    size_t i = 0;
    while (i < a->len) {
        size_t e = i;
        long x, y;
        char line[32];
        while (e < a->len && a->data[e] != '\n')
            e++;
        if (e - i >= sizeof line)
            return 0;
        memcpy(line, a->data + i, e - i);
        line[e - i] = 0;
        if (sscanf(line, "%ld-%ld", &x, &y) != 2)
            return 0;
        {
            /* in b as the same line? */
            size_t j = 0, k = e - i;
            int found = 0;
            while (j + k <= b->len && !found) {
                found = (j == 0 || b->data[j - 1] == '\n') && memcmp(b->data + j, line, k) == 0 &&
                        j + k < b->len && b->data[j + k] == '\n';
                j++;
            }
            if (!found && (++*n > 16 || y - x + 1 > 16))
                return 0;
        }
        i = e + 1;
    }
    return 1;
}

/* A port-exclusion's two lists differ by at most 16 ranges of at most 16 ports each (as type 0 text). */
static int small_change(const bf_regval *a, const bf_regval *b)
{
    int n = 0;
    return a->exists && b->exists && a->type == 0 && b->type == 0 && spans_beyond(a, b, &n) && spans_beyond(b, a, &n);
}

/* The text alone: what a journal step may name at all. */
static int oracle_text(const bf_fix_step *s)
{
    const char *t = s->target;
    size_t n = strlen(t), i;
    switch (s->kind) {
    case BF_STEP_REG_SET:
        if (ieq(s->key, TCPIP "\\Linkage") && ieq(s->value, "Bind"))
            return (!s->after.exists || s->after.type == 7) && (!s->before.exists || s->before.type == 7);
        if (starts_ieq(s->key, TCPIP "\\Parameters\\Interfaces\\{") && strlen(s->key) == strlen(TCPIP "\\Parameters\\Interfaces\\") + 38 &&
            s->key[strlen(s->key) - 1] == '}' && ieq(s->value, "InterfaceMetric"))
            return (!s->after.exists || (s->after.type == 4 && s->after.len == 4));
        return 0;
    case BF_STEP_FILE_REPLACE:
    case BF_STEP_FILE_WRITE:
        if (n < 4 || t[1] != ':' || t[2] != '\\' || strstr(t, "\\\\") || strstr(t, "..") || strchr(t, '/') ||
            strchr(t + 2, ':'))
            return 0;
        if (s->kind == BF_STEP_FILE_REPLACE)
            return n >= 6 && ieq(t + n - 6, "\\hosts");
        /* Windows compares paths without case: so does the reader, and so must the oracle */
        return bf_ascii_contains_ci(t, "\\hosts.bindfix") && n > 4 && ieq(t + n - 4, ".bak");
    case BF_STEP_SERVICE_STOP:
    case BF_STEP_SERVICE_START:
        return n >= 1 && n <= 256 && !strchr(t, '\\') && !strchr(t, '/');
    case BF_STEP_METRIC_SET:
        return n == 38 && t[0] == '{' && t[37] == '}';
    case BF_STEP_SKIP_SET:
    case BF_STEP_SKIP_READD:
        for (i = 0; i < n; i++)
            if (!strchr("0123456789abcdefABCDEF:.%", t[i]))
                return 0;
        return n >= 2 && n <= 64;
    case BF_STEP_SERVICE_DELAYED_AUTO: {
        /* a flag of 0 or 1, for the service a BF-STARTUP-RACE finding the step mends is titled with */
        int named = 0;
        if (n < 1 || n > 256 || strchr(t, '\\') || strchr(t, '/') || s->key[0] || s->value[0] || s->before.len != 4 ||
            s->after.len != 4 || s->before.data[1] | s->before.data[2] | s->before.data[3] | s->after.data[1] |
            s->after.data[2] | s->after.data[3] || s->before.data[0] > 1 || s->after.data[0] > 1)
            return 0;
        for (i = 0; i < s->mend_count; i++)
            named |= !s->mends[i].effect && strcmp(s->mends[i].id, "BF-STARTUP-RACE") == 0 &&
                     strlen(s->mends[i].title) > n && bf_ascii_eq_ci_n(s->mends[i].title, n, t) &&
                     strncmp(s->mends[i].title + n, " started before ", 16) == 0;
        return named;
    }
    case BF_STEP_BINDORDER_SET:
        return s->after.type == 7;
    case BF_STEP_PORT_EXCLUSION:
        return (strcmp(t, "ipv4 tcp") == 0 || strcmp(t, "ipv6 tcp") == 0 || strcmp(t, "ipv4 udp") == 0 ||
                strcmp(t, "ipv6 udp") == 0) && (!s->key[0] || strcmp(s->key, "winnat") == 0) && !s->value[0] &&
               small_change(&s->before, &s->after) && (!s->has_found || small_change(&s->found, &s->after));
    default:
        return 0;
    }
}

/* The machine it was judged against: file targets are its hosts file or a backup of it; services are
 * installed and not drivers. */
static int oracle_machine(const bf_fix_step *s, const mem_machine *mm)
{
    const char *t = s->target;
    switch (s->kind) {
    case BF_STEP_FILE_REPLACE:
        return ieq(t, mm->hosts);
    case BF_STEP_FILE_WRITE:
        return starts_ieq(t, mm->hosts) && starts_ieq(t + strlen(mm->hosts), ".bindfix");
    case BF_STEP_SERVICE_STOP:
    case BF_STEP_SERVICE_START: {
        size_t i;
        for (i = 0; i < mm->nsvcs; i++)
            if (strcmp(mm->svcs[i].name, t) == 0)
                return !mm->svcs[i].driver;
        return 0;
    }
    case BF_STEP_SERVICE_DELAYED_AUTO: {
        size_t i;
        for (i = 0; i < mm->nsvcs; i++)
            if (strcmp(mm->svcs[i].name, t) == 0)
                return !mm->svcs[i].driver && mm->svcs[i].start == BF_START_AUTO;
        return 0;
    }
    default:
        return 1;
    }
}

static void corpus_machine(mem_machine *mm)
{
    /* the devices binding-order.json names; any other device is unbound */
    static const char *const devices[] = {"\\Device\\NdisWanIp", "\\Device\\{6B29FC40-CA47-1067-B31D-00DD010662DA}"};
    unsigned char ms[256];
    size_t n = 0, i;
    const char *c;
    mem_init(mm);
    mm->hosts = "Z:\\etc\\hosts";
    mem_set_service(mm, "bindfix-testsvc", BF_SVC_RUNNING);
    mem_set_service(mm, "bindfix-testsvc2", BF_SVC_RUNNING);
    mem_set_delayed(mm, "bindfix-testsvc", BF_START_AUTO, false);   /* testsvc2: no start type, not automatic */
    mem_set_driver(mm, "Tcpip");
    for (i = 0; i < sizeof devices / sizeof devices[0]; i++) {
        for (c = devices[i]; *c; c++) {
            ms[n++] = (unsigned char)*c;
            ms[n++] = 0;
        }
        ms[n++] = 0;
        ms[n++] = 0;
    }
    ms[n++] = 0;
    ms[n++] = 0;
    mem_set_netcfg(mm, ms, n);
    mem_set_reg(mm, TCPIP "\\Linkage", "Bind", 7, ms, n);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_err err;
    bf_fix_plan *p;
    bf_err_clear(&err);
    p = bf_fix_journal_read((const char *)data, size, "fuzz", &err);
    if (p) {
        bf_buf a, b;
        bf_fix_plan *q;
        mem_machine mm;
        size_t i;
        for (i = 0; i < p->step_count; i++)
            if (!oracle_text(&p->steps[i]))
                abort();    /* the reader let through a step no journal may hold */
        corpus_machine(&mm);
        if (bf_fix_journal_check(p, &mm.m, "fuzz", &err)) {
            for (i = 0; i < p->step_count; i++)
                if (!oracle_machine(&p->steps[i], &mm))
                    abort();    /* the machine check let through a step outside the limits */
        } else if (!err.msg[0]) {
            abort();
        }
        if (mm.changing_calls != 0)
            abort();        /* judging changes nothing */
        mem_free(&mm);
        bf_buf_init(&a);
        bf_buf_init(&b);
        bf_fix_journal_write(p, &a);
        q = bf_fix_journal_read(bf_buf_cstr(&a), a.len, "again", &err);
        if (!q)
            abort();
        bf_fix_journal_write(q, &b);
        if (a.len != b.len || memcmp(bf_buf_cstr(&a), bf_buf_cstr(&b), a.len) != 0)
            abort();
        bf_fix_plan_destroy(q);
        bf_fix_plan_destroy(p);
        bf_buf_free(&a);
        bf_buf_free(&b);
    } else if (!err.msg[0]) {
        abort();
    }
    return 0;
}
