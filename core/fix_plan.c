/* fix_plan.c - from chosen actions to steps with exact before/after values, read from the machine now
 * (a snapshot can be old: what undo restores must be what is there when the change is made). */
#include "fix.h"
#include "policy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pins.h"
#include "portranges.h"
#include "regvalue.h"

#define LINKAGE_KEY "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage"

/* ---- the plan's enums and their journal tokens ---- */

static const char *const kind_tokens[BF_STEP__COUNT] = {"reg-set", "file-replace", "file-write",
                                                         "service-stop", "service-start", "metric-set",
                                                         "skip-as-source-set", "binding-order-set",
                                                         "port-exclusion", "skip-as-source-readd",
                                                         "service-delayed-auto"};
static const char *const status_tokens[BF_STEP_STATUS__COUNT] = {"pending", "doing", "done", "failed", "undone"};
static const char *const state_tokens[BF_PLAN_STATE__COUNT] = {"planned", "applying", "stopped", "applied",
                                                                "rolled-back", "undone", "failed"};

static bool token_index(const char *tok, const char *const *tokens, int n, int *out)
{
    int i;
    for (i = 0; tok && i < n; i++)
        if (strcmp(tok, tokens[i]) == 0) {
            *out = i;
            return true;
        }
    return false;
}

const char *bf_step_kind_token(bf_step_kind k)
{
    return (unsigned)k < BF_STEP__COUNT ? kind_tokens[k] : kind_tokens[0];
}

bool bf_step_kind_parse(const char *tok, bf_step_kind *out)
{
    int i;
    if (!token_index(tok, kind_tokens, BF_STEP__COUNT, &i))
        return false;
    *out = (bf_step_kind)i;
    return true;
}

const char *bf_step_status_token(bf_step_status s)
{
    return (unsigned)s < BF_STEP_STATUS__COUNT ? status_tokens[s] : status_tokens[0];
}

bool bf_step_status_parse(const char *tok, bf_step_status *out)
{
    int i;
    if (!token_index(tok, status_tokens, BF_STEP_STATUS__COUNT, &i))
        return false;
    *out = (bf_step_status)i;
    return true;
}

const char *bf_plan_state_token(bf_plan_state s)
{
    return (unsigned)s < BF_PLAN_STATE__COUNT ? state_tokens[s] : state_tokens[0];
}

bool bf_plan_state_parse(const char *tok, bf_plan_state *out)
{
    int i;
    if (!token_index(tok, state_tokens, BF_PLAN_STATE__COUNT, &i))
        return false;
    *out = (bf_plan_state)i;
    return true;
}

bool bf_plan_state_unfinished(bf_plan_state s)
{
    return s == BF_PLAN_APPLYING || s == BF_PLAN_STOPPED || s == BF_PLAN_FAILED;
}

/* ---- the plan ---- */

void bf_fix_plan_destroy(bf_fix_plan *p)
{
    size_t i;
    if (!p)
        return;
    for (i = 0; i < p->step_count; i++) {
        bf_regval_free(&p->steps[i].before);
        bf_regval_free(&p->steps[i].after);
        bf_regval_free(&p->steps[i].found);
    }
    bf_arena_destroy(p->arena);
}


static bf_fix_step *add_step(bf_fix_plan *p, bf_step_kind kind, const char *title, const char *target)
{
    bf_fix_step *s = BF_PUSH(p->arena, p->steps, p->step_count, p->step_cap);
    if (!s)
        return NULL;
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->title = bf_arena_strdup(p->arena, title);
    s->target = bf_arena_strdup(p->arena, target);
    s->key = "";
    s->value = "";
    s->error = "";
    s->lasts = kind == BF_STEP_SERVICE_STOP || kind == BF_STEP_SERVICE_START ? "" : "persistent";
    s->lasting_command = "";
    s->end_note = "";
    s->end_outcome = "";
    if (p->building < 64)
        s->from_actions = 1ull << p->building;
    return s;
}

/* A service already stopped or started by an earlier step of the plan is not stopped or started again
 * (several findings can ask to start the same service); that step is then done for this action too. */
static bool planned(bf_fix_plan *p, bf_step_kind kind, const char *target)
{
    size_t i;
    for (i = 0; i < p->step_count; i++)
        if (p->steps[i].kind == kind && bf_service_name_eq(p->steps[i].target, target)) {
            if (p->building < 64)
                p->steps[i].from_actions |= 1ull << p->building;
            return true;
        }
    return false;
}

bool bf_mend_id_ok(const char *id)
{
    size_t n = strlen(id), i;
    if (n < 4 || n > BF_MEND_MAX_ID || strncmp(id, "BF-", 3) != 0)
        return false;
    for (i = 3; i < n; i++)
        if (!((id[i] >= 'A' && id[i] <= 'Z') || (id[i] >= '0' && id[i] <= '9') || id[i] == '-'))
            return false;
    return true;
}

/* The title as the journal keeps it: one line (line breaks as spaces), at most BF_MEND_MAX_TITLE bytes,
 * cut before a UTF-8 continuation byte, so that the reader accepts what the writer wrote. */
static char *mend_title(bf_arena *a, const char *title)
{
    size_t n = strlen(title), i;
    char *t;
    if (n > BF_MEND_MAX_TITLE) {
        n = BF_MEND_MAX_TITLE;
        while (n > 0 && ((unsigned char)title[n] & 0xC0) == 0x80)
            n--;
    }
    t = bf_arena_alloc(a, n + 1);
    if (!t)
        return NULL;
    for (i = 0; i < n; i++)
        t[i] = title[i] == '\n' || title[i] == '\r' ? ' ' : title[i];
    t[n] = 0;
    return t;
}

bool bf_fix_step_add_mend(bf_fix_plan *p, bf_fix_step *s, const char *id, const char *title, bool effect)
{
    size_t i;
    bf_step_mend *m;
    char *t;
    if (!bf_mend_id_ok(id) || !(t = mend_title(p->arena, title)) || !t[0])
        return false;
    for (i = 0; i < s->mend_count; i++)
        if (strcmp(s->mends[i].id, id) == 0 && strcmp(s->mends[i].title, t) == 0) {
            s->mends[i].effect = s->mends[i].effect && effect;
            return true;
        }
    if (s->mend_count >= BF_STEP_MAX_MENDS)
        return false;
    m = BF_PUSH(p->arena, s->mends, s->mend_count, s->mend_cap);
    if (!m)
        return false;
    m->id = bf_arena_strdup(p->arena, id);
    m->title = t;
    m->effect = effect;
    return m->id != NULL;
}

void bf_fix_step_write_mends(const bf_fix_step *s, bf_buf *out)
{
    size_t i;
    int pass;
    bool any = false;
    for (pass = 0; pass < 2; pass++) {
        bool first = true;
        for (i = 0; i < s->mend_count; i++) {
            if (s->mends[i].effect != (pass == 1))
                continue;
            bf_buf_printf(out, "%s%s %s (%s)", first ? (any ? "; " : "") : ", ", first ? (pass ? "for" : "mends") : "",
                          s->mends[i].id, s->mends[i].title);
            first = false;
            any = true;
        }
    }
}

bf_fix_step *bf_fix_plan_insert_step(bf_fix_plan *p, size_t at, bf_step_kind kind, const char *title,
                                     const char *target)
{
    bf_fix_step *s = add_step(p, kind, title, target), copy;
    if (!s)
        return NULL;
    if (at >= p->step_count - 1)
        return s;
    copy = *s;
    memmove(&p->steps[at + 1], &p->steps[at], (p->step_count - 1 - at) * sizeof *p->steps);
    p->steps[at] = copy;
    return &p->steps[at];
}

/* A service that ControlService counts as active: anything but stopped. A running dependent is not the
 * only one that makes it refuse a stop with ERROR_DEPENDENT_SERVICES_RUNNING: a paused or a pending one
 * does too ("ControlService", SERVICE_CONTROL_STOP). */
static bool svc_active(bf_svc_state st)
{
    return st != BF_SVC_STOPPED && st != BF_SVC_NOT_INSTALLED && st != BF_SVC_STATE_UNKNOWN;
}

/* Active now and to be started again after the restart: one already stopping was on its way down. */
static bool svc_restart(bf_svc_state st)
{
    return svc_active(st) && st != BF_SVC_STOP_PENDING;
}

static bool copy_bytes(bf_regval *v, const void *data, size_t len, unsigned type, bool exists)
{
    v->data = malloc(len ? len : 1);
    if (!v->data)
        return false;
    if (len)
        memcpy(v->data, data, len);
    v->len = len;
    v->type = type;
    v->exists = exists;
    return true;
}

/* UTF-8 -> UTF-16LE appended to b (the strings here are ASCII device paths, but stay exact anyway). */
static void put_utf16le(bf_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned cp = *p++;
        if (cp >= 0xc0) {
            int extra = cp >= 0xf0 ? 3 : cp >= 0xe0 ? 2 : 1;
            cp &= (unsigned)(0x3f >> extra);
            while (extra-- > 0 && (*p & 0xc0) == 0x80)
                cp = (cp << 6) | (*p++ & 0x3f);
        }
        if (cp >= 0x10000) {
            unsigned hi = 0xd800 + ((cp - 0x10000) >> 10), lo = 0xdc00 + ((cp - 0x10000) & 0x3ff);
            bf_buf_putc(b, (char)(hi & 0xff));
            bf_buf_putc(b, (char)(hi >> 8));
            bf_buf_putc(b, (char)(lo & 0xff));
            bf_buf_putc(b, (char)(lo >> 8));
        } else {
            bf_buf_putc(b, (char)(cp & 0xff));
            bf_buf_putc(b, (char)(cp >> 8));
        }
    }
}

static bool guid_in(const char *device, const char *guid)
{
    const char *brace = bf_binding_device_name(device);
    size_t i;
    for (i = 0; guid[i] && brace[i]; i++) {
        char a = brace[i], b = guid[i];
        if (a >= 'a' && a <= 'z')
            a = (char)(a - 'a' + 'A');
        if (b >= 'a' && b <= 'z')
            b = (char)(b - 'a' + 'A');
        if (a != b)
            return false;
    }
    return !guid[i] && brace[i] == '\0';
}

static bool plan_reorder(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes, bf_err *err)
{
    const char *order = a->params.order;
    bf_regval cur = {0};
    bf_snapshot *tmp;
    bf_buf b;
    char **guids = NULL;
    size_t ng = 0, cap = 0, i, j, k = 0;
    bool *used, ok = false;
    bool netcfg = false;    /* the order read (and to be set) through INetCfg, not Linkage\Bind */
    if (!order)
        return bf_fail(err, "action reorder-bindings has no order parameter");
    if (m->bindorder_get) {
        bf_err why = {0};
        if (m->bindorder_get(m->ctx, &cur, &why)) {
            netcfg = true;
        } else if (why.code != BF_MACHINE_UNAVAILABLE) {
            if (err)
                *err = why;
            return false;
        } else {
            bf_buf_printf(notes, "reorder-bindings: %s; HKLM\\%s\\Bind is edited directly (the NT 4.0 method)\n",
                          why.msg, LINKAGE_KEY);
        }
    }
    if (!netcfg && !m->reg_read(m->ctx, LINKAGE_KEY, "Bind", &cur, err))
        return false;
    if (!netcfg && (!cur.exists || cur.type != 7)) {
        bf_regval_free(&cur);
        bf_buf_puts(notes, "reorder-bindings: HKLM\\" LINKAGE_KEY "\\Bind is absent or not REG_MULTI_SZ on this "
                           "machine: nothing to reorder (Windows 10/2016 and later order by metric)\n");
        return true;
    }
    tmp = bf_snapshot_create();
    if (!tmp) {
        bf_regval_free(&cur);
        return bf_fail(err, "out of memory");
    }
    bf_binding_from_multi_sz(tmp, cur.data, cur.len);
    if (tmp->binding.status != BF_SECTION_OK) {
        if (netcfg)
            bf_fail(err, "the TCP/IP binding paths read through INetCfg cannot be reordered safely: %s", tmp->binding.problem);
        else
            bf_fail(err, "HKLM\\%s\\Bind cannot be reordered safely: %s", LINKAGE_KEY, tmp->binding.problem);
        goto out;
    }
    /* the order parameter: comma-separated GUIDs */
    {
        char *copy = bf_arena_strdup(tmp->arena, order), *tok = copy, *comma;
        while (tok && *tok) {
            comma = strchr(tok, ',');
            if (comma)
                *comma = 0;
            if (!BF_PUSH(tmp->arena, guids, ng, cap))
                goto oom;
            guids[ng - 1] = tok;
            tok = comma ? comma + 1 : NULL;
        }
    }
    used = bf_arena_alloc_array(tmp->arena, tmp->binding.entry_count + 1, sizeof *used);
    if (!used)
        goto oom;
    bf_buf_init(&b);
    for (i = 0; i < ng; i++)
        for (j = 0; j < tmp->binding.entry_count; j++)
            if (!used[j] && guid_in(tmp->binding.entries[j], guids[i])) {
                used[j] = true;
                put_utf16le(&b, tmp->binding.entries[j]);
                bf_buf_append(&b, "\0\0", 2);
                k++;
            }
    for (j = 0; j < tmp->binding.entry_count; j++)
        if (!used[j]) {
            put_utf16le(&b, tmp->binding.entries[j]);
            bf_buf_append(&b, "\0\0", 2);
        }
    bf_buf_append(&b, "\0\0", 2);
    if (b.failed) {
        bf_buf_free(&b);
        goto oom;
    }
    if (b.len == cur.len && memcmp(b.data, cur.data, cur.len) == 0) {
        bf_buf_puts(notes, "reorder-bindings: the binding order is already as proposed\n");
        bf_buf_free(&b);
        ok = true;
        goto out;
    }
    {
        bf_fix_step *s = netcfg ? add_step(p, BF_STEP_BINDORDER_SET, a->title, "TCP/IP binding paths (INetCfg, ms_tcpip)")
                                : add_step(p, BF_STEP_REG_SET, a->title, "HKLM\\" LINKAGE_KEY "\\Bind");
        if (!s) {
            bf_buf_free(&b);
            goto oom;
        }
        s->key = netcfg ? "ms_tcpip" : LINKAGE_KEY;
        s->value = netcfg ? "binding paths" : "Bind";
        s->before = cur;
        cur.data = NULL;
        if (!copy_bytes(&s->after, b.data, b.len, 7, true)) {
            bf_buf_free(&b);
            goto oom;
        }
    }
    bf_buf_free(&b);
    ok = true;
    goto out;
oom:
    bf_fail(err, "out of memory");
out:
    bf_regval_free(&cur);
    bf_snapshot_destroy(tmp);
    return ok;
}

/* Comments out line N (1-based, after a BOM) if it still reads exactly as the diagnosis saw it; keeps
 * every other byte - encoding, line endings, the other lines. With address= (the diagnosis's one action
 * for many lines naming one address) every hosts line of the snapshot naming that address, each checked
 * the same way, in one pass over the file. A backup of the whole file comes first. */
static bool plan_hosts(bf_fix_plan *p, const bf_snapshot *snap, const bf_action *a, const bf_machine *m,
                       const bf_fix_opts *o, bf_buf *notes, bf_err *err)
{
    const char *text = a->params.text;
    long want = a->params.line;
    char *data = NULL;
    size_t len = 0, pos = 0, done = 0, i, k = 0, nwant = 0;
    bool exists = false;
    bf_fix_step *earlier = NULL;
    struct want { long line; const char *text; } single, *wanted = NULL;
    long n = 0;
    bf_buf b;
    (void)notes;
    if (!want || !text)
        return bf_fail(err, "action hosts-comment needs line= and text=");
    if (want < 1)
        return bf_fail(err, "action hosts-comment: bad line number \"%ld\"", want);
    if (!snap->hosts.path[0])
        return bf_fail(err, "the snapshot does not say where the hosts file is");
    single.line = want;
    single.text = text;
    if (a->params.address) {
        /* the lines, ascending as the snapshot lists them; the action's own line must be one of them */
        wanted = malloc(sizeof *wanted * (snap->hosts.entry_count + 1));
        if (!wanted)
            return bf_fail(err, "out of memory");
        for (i = 0; i < snap->hosts.entry_count; i++) {
            const bf_hosts_entry *e = &snap->hosts.entries[i];
            if (e->address && e->text && bf_addr_equal(e->address, a->params.address) &&
                (nwant == 0 || wanted[nwant - 1].line < e->line)) {
                wanted[nwant].line = e->line;
                wanted[nwant++].text = e->text;
            }
        }
        if (nwant == 0 || wanted[0].line != want) {
            free(wanted);
            return bf_fail(err, "the snapshot's hosts lines naming %s do not start at line %ld: not changed",
                           a->params.address, want);
        }
    } else {
        wanted = &single;
        nwant = 1;
    }
    if (!m->file_read(m->ctx, snap->hosts.path, &exists, &data, &len, err))
        goto fail;
    if (!exists) {
        bf_fail(err, "%s no longer exists: nothing to comment out", snap->hosts.path);
        goto fail;
    }
    /* A second line of the same file (the short name and the FQDN both pinned): comment it in the
     * content the plan already writes, so that one replace carries both and one backup holds the
     * original. Commenting keeps the line count, so the diagnosis's line numbers stay right. */
    for (i = 0; i < p->step_count && !earlier; i++)
        if (p->steps[i].kind == BF_STEP_FILE_REPLACE && strcmp(p->steps[i].target, snap->hosts.path) == 0)
            earlier = &p->steps[i];
    if (earlier) {
        free(data);
        len = earlier->after.len;
        data = malloc(len + 1);
        if (!data) {
            bf_fail(err, "out of memory");
            goto fail;
        }
        memcpy(data, earlier->after.data, len);
    }
    bf_buf_init(&b);
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos <= len && k < nwant) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t e = nl ? (size_t)(nl - data) : len, te = e;
        n++;
        if (n == wanted[k].line) {
            const char *t = wanted[k].text;
            while (te > pos && data[te - 1] == '\r')
                te--;
            if (te - pos != strlen(t) || memcmp(data + pos, t, te - pos) != 0) {
                bf_fail(err, "%s line %ld no longer reads \"%s\": not changed (scan again)", snap->hosts.path, n, t);
                bf_buf_free(&b);
                goto fail;
            }
            bf_buf_append(&b, data + done, pos - done);
            bf_buf_puts(&b, "# ");
            done = pos;
            k++;
        }
        if (!nl)
            break;
        pos = e + 1;
    }
    if (k < nwant) {
        bf_fail(err, "%s has no line %ld any more: not changed", snap->hosts.path, wanted[k].line);
        bf_buf_free(&b);
        goto fail;
    }
    bf_buf_append(&b, data + done, len - done);
    if (wanted != &single)
        free(wanted);
    if (earlier) {
        bf_regval_free(&earlier->after);
        earlier->title = bf_arena_printf(p->arena, "%s; %s", earlier->title, a->title);
        if (b.failed || !copy_bytes(&earlier->after, b.data, b.len, 0, true)) {
            bf_buf_free(&b);
            free(data);
            return bf_fail(err, "out of memory");
        }
        bf_buf_free(&b);
        free(data);
        return true;
    }
    {
        char *backup = bf_arena_printf(p->arena, "%s%s", snap->hosts.path,
                                       o && o->hosts_backup_suffix ? o->hosts_backup_suffix : ".bindfix.bak");
        bf_fix_step *s1 = add_step(p, BF_STEP_FILE_WRITE, "Back up the hosts file", backup);
        bf_fix_step *s2 = s1 ? add_step(p, BF_STEP_FILE_REPLACE, a->title, snap->hosts.path) : NULL;
        if (!s1 || !s2 || b.failed || !copy_bytes(&s1->before, "", 0, 0, false) ||
            !copy_bytes(&s1->after, data, len, 0, true) || !copy_bytes(&s2->before, data, len, 0, true) ||
            !copy_bytes(&s2->after, b.data, b.len, 0, true)) {
            bf_buf_free(&b);
            free(data);
            return bf_fail(err, "out of memory");
        }
        s1->key = s2->key = "";
        s1->value = s2->value = "";
    }
    bf_buf_free(&b);
    free(data);
    return true;
fail:
    if (wanted != &single)
        free(wanted);
    free(data);
    return false;
}

/* ldap-alt-port: Exchange 5.5 keeps its LDAP port in its own directory (the "LDAP (Directory) Site
 * Defaults" or server protocol object), not in a registry value: Q224447, Q240078 and Q250989 all make
 * the change in the Exchange Administrator program. bindfix does not write a registry value that no
 * source says the directory reads; it gives the exact steps and the port (checked free when scanned). */
static bool plan_ldap_port(const bf_action *a, bf_buf *notes, bf_err *err)
{
    long port = a->params.port;
    if (port < 1 || port > 65535)
        return bf_fail(err, "action ldap-alt-port needs port=1..65535");
    bf_buf_printf(notes,
                  "%s: not carried out by bindfix (Exchange 5.5 keeps this port in its directory, not in the "
                  "registry: KB Q224447). In the Exchange Administrator program expand the site, Configuration, "
                  "Protocols; open LDAP (Directory) Site Defaults (or the server's own LDAP protocol object); on the "
                  "General tab set Port number to %ld (free on this machine when it was scanned); then restart the "
                  "Exchange directory (MSExchangeDS) and the services that depend on it, and scan again\n",
                  a->title, port);
    return true;
}

/* http-listen-remove: the entry out of HTTP\Parameters\ListenOnlyList (REG_MULTI_SZ), every other
 * entry kept byte for byte; a reg-set step, journaled, undone by writing the list back. http.sys reads the
 * list when it starts, and HTTP is a kernel driver, which bindfix never stops or starts: the notes give
 * the restart (net stop http /y stops HTTP and every service that uses it; then its services are started
 * again in dependency order). */
#define HTTP_PARAMS_KEY "SYSTEM\\CurrentControlSet\\Services\\HTTP\\Parameters"
static bool plan_http_listen(bf_fix_plan *p, const bf_snapshot *snap, const bf_action *a, const bf_machine *m,
                             bf_buf *notes, bf_err *err)
{
    const char *want = a->params.address;
    bf_regval cur = {0};
    bf_buf out, entry;
    size_t pos = 0, removed = 0, kept = 0, i;
    bf_fix_step *s;
    bool ok = false;
    if (!want || !*want)
        return bf_fail(err, "action http-listen-remove needs address=");
    if (!m->reg_read(m->ctx, HTTP_PARAMS_KEY, "ListenOnlyList", &cur, err))
        return false;
    if (!cur.exists || cur.type != 7 || cur.len % 2 != 0) {
        bf_regval_free(&cur);
        return bf_fail(err, "HKLM\\%s\\ListenOnlyList is not a REG_MULTI_SZ now: nothing to remove %s from", HTTP_PARAMS_KEY, want);
    }
    bf_buf_init(&out);
    bf_buf_init(&entry);
    while (pos + 1 < cur.len) {
        size_t end = pos;
        while (end + 1 < cur.len && (cur.data[end] || cur.data[end + 1]))
            end += 2;
        if (end == pos)
            break;      /* the empty string that ends the list */
        entry.len = 0;
        bf_utf16le_append_utf8(&entry, cur.data + pos, (end - pos) / 2);
        if (bf_addr_equal(bf_buf_cstr(&entry), want)) {
            removed++;
        } else {
            bf_buf_append(&out, (const char *)cur.data + pos, end - pos);
            bf_buf_append(&out, "\0\0", 2);
            kept++;
        }
        pos = end + 2;
    }
    bf_buf_append(&out, "\0\0", 2);
    if (!removed) {
        bf_buf_printf(notes, "http-listen-remove: ListenOnlyList no longer names %s\n", want);
        ok = true;
        goto done;
    }
    s = add_step(p, BF_STEP_REG_SET, a->title, "HKLM\\" HTTP_PARAMS_KEY "\\ListenOnlyList");
    if (!s || out.failed || entry.failed || !copy_bytes(&s->after, out.data, out.len, 7, true)) {
        bf_fail(err, "out of memory");
        goto done;
    }
    s->key = HTTP_PARAMS_KEY;
    s->value = "ListenOnlyList";
    s->before = cur;
    cur.data = NULL;
    bf_buf_printf(notes, "%s: http.sys reads its listen list when it starts (%zu entr%s left%s). HTTP is a driver, "
                         "which bindfix does not stop or start: as an administrator run `net stop http /y`, then "
                         "start again the services it stopped", a->title, kept, kept == 1 ? "y" : "ies",
                  kept ? "" : ": every address");
    {
        size_t n = 0;
        for (i = 0; i < snap->service_count; i++) {
            size_t j;
            for (j = 0; j < snap->services[i].dependency_count; j++)
                if (bf_service_name_eq(snap->services[i].dependencies[j], "HTTP")) {
                    bf_buf_printf(notes, "%s`net start %s`", n++ ? ", " : " (", snap->services[i].name);
                    break;
                }
        }
        bf_buf_puts(notes, n ? ")\n" : "\n");
    }
    ok = true;
done:
    bf_regval_free(&cur);
    bf_buf_free(&out);
    bf_buf_free(&entry);
    return ok;
}

/* port-exclusion: the sequence that keeps WinNAT from taking a service's port again (Microsoft's container
 * networking troubleshooting: stop winnat, add an administered exclusion for the port, start winnat; WinNAT
 * gives its ranges back when it stops and reserves them around the exclusion when it starts). One step:
 * the administered exclusions of the family and transport, read from the machine now, before -> the same
 * plus the one port. Only the range bindfix adds is ever changed (apply adds it, undo deletes it); the
 * other ranges - an administrator's, the system's - are compared, never touched. WinNAT, when active now,
 * is stopped around the change and started again (key "winnat"). Where the system cannot change its
 * excluded ranges (Server 2003, Wine), the commands are given instead. */
static bool plan_port_exclusion(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes, bf_err *err)
{
    long port = a->params.port;
    const char *t = a->params.transport;
    int fam = a->params.family;
    bf_regval cur = {0};
    bf_port_span spans[BF_PORT_LIST_MAX + 1];
    size_t n = 0, i;
    bf_svc_state st = BF_SVC_STATE_UNKNOWN;
    bf_err why;
    bf_buf after;
    bf_fix_step *s;
    if (port < 1 || port > 65535 || !t || (strcmp(t, "tcp") != 0 && strcmp(t, "udp") != 0) || (fam != 4 && fam != 6))
        return bf_fail(err, "action port-exclusion needs port=1..65535, transport=tcp|udp and family=4|6");
    bf_err_clear(&why);
    if (!m->port_exclusions_get || !m->port_exclusion_edit ||
        !m->port_exclusions_get(m->ctx, fam, t, &cur, &why)) {
        bf_regval_free(&cur);
        if (m->port_exclusions_get && m->port_exclusion_edit && why.code != BF_MACHINE_UNAVAILABLE) {
            if (err)
                *err = why;
            return false;
        }
        bf_buf_printf(notes,
                      "%s: not carried out by bindfix (%s). As an administrator run:\n"
                      "    net stop winnat\n"
                      "    netsh int ipv%d add excludedportrange protocol=%s startport=%ld numberofports=1\n"
                      "    net start winnat\n"
                      "  then start the service and scan again. To undo: netsh int ipv%d delete excludedportrange "
                      "protocol=%s startport=%ld numberofports=1. Alternatively move the dynamic port range "
                      "(netsh int ipv4 set dynamicport %s start=N num=M) away from the port.\n",
                      a->title, why.msg[0] ? why.msg : "this system cannot change its excluded port ranges", fam, t,
                      port, fam, t, port, t);
        return true;
    }
    if (!cur.exists || !bf_port_list_decode(cur.data, cur.len, spans, BF_PORT_LIST_MAX, &n)) {
        bf_regval_free(&cur);
        return bf_fail(err, "the administered port exclusions (ipv%d %s) read from this machine are not a port list", fam, t);
    }
    for (i = 0; i < n; i++)
        if (spans[i].start <= port && port <= spans[i].end) {
            bf_buf_printf(notes, "%s: port %ld is already inside the administered exclusion %d-%d: nothing to add\n",
                          a->title, port, spans[i].start, spans[i].end);
            bf_regval_free(&cur);
            return true;
        }
    if (n >= BF_PORT_LIST_MAX) {
        bf_regval_free(&cur);
        return bf_fail(err, "this machine has %zu administered port exclusions already: not changed", n);
    }
    spans[n++] = (bf_port_span){(int)port, (int)port};
    bf_buf_init(&after);
    bf_port_list_encode(spans, n, &after);
    s = add_step(p, BF_STEP_PORT_EXCLUSION, a->title, bf_arena_printf(p->arena, "ipv%d %s", fam, t));
    if (!s || after.failed || !copy_bytes(&s->after, after.data ? after.data : "", after.len, 0, true)) {
        bf_buf_free(&after);
        bf_regval_free(&cur);
        return bf_fail(err, "out of memory");
    }
    bf_buf_free(&after);
    s->before = cur;
    /* WinNAT active now (a driver the SCM stops and starts: `net stop winnat`): paused around the change,
     * and started again whatever happens, so that undo brings it back as it was when planned */
    bf_err_clear(&why);
    if (m->service_state(m->ctx, "winnat", &st, &why) && svc_active(st))
        s->key = "winnat";
    bf_buf_printf(notes, "%s: netsh adds the administered exclusion %ld (ipv%d %s)%s; undo deletes that exclusion "
                         "only\n", a->title, port, fam, t,
                  s->key[0] ? " with WinNAT stopped, and starts WinNAT again (it reserves its ranges around the "
                              "exclusion)" : "; WinNAT does not run, so it is not stopped");
    return true;
}

/* How long IP Helper's changes last. SetIpInterfaceEntry and SetUnicastIpAddressEntry document no store
 * (learn.microsoft.com, their Remarks), unlike netsh's store=persistent and Set-NetIPInterface /
 * Set-NetIPAddress -PolicyStore PersistentStore, which say so: bindfix promises no more than "until
 * restart" for its own change and gives the command that lasts. A DHCP or router-advertised (SLAAC)
 * address is renewed with its flags as configured (MIB_UNICASTIPADDRESS_ROW PrefixOrigin), so a
 * SkipAsSource set on it lasts until the lease renews, whatever store. */
static bool plan_metric(bf_fix_plan *p, const bf_snapshot *snap, const bf_action *a, const bf_machine *m,
                        bf_err *err)
{
    const char *guid = a->params.adapter;
    int before = 0;
    long metric = a->params.metric;
    unsigned char b4[4], a4[4];
    bf_fix_step *s;
    if (!guid || metric < 1 || metric > 9999)
        return bf_fail(err, "action set-metric needs adapter= and metric=1..9999");
    if (!m->metric_get(m->ctx, guid, &before, err))
        return false;
    memcpy(b4, &before, 4);
    {
        int v = (int)metric;
        memcpy(a4, &v, 4);
    }
    s = add_step(p, BF_STEP_METRIC_SET, a->title, guid);
    if (!s || !copy_bytes(&s->before, b4, 4, 4, true) || !copy_bytes(&s->after, a4, 4, 4, true))
        return bf_fail(err, "out of memory");
    s->key = bf_arena_strdup(p->arena, guid);
    s->lasts = "until restart";
    (void)snap;
    /* ...and the change that lasts, made by bindfix too: the adapter's InterfaceMetric value, the
     * registry's record of the metric that TCP/IP applies when the adapter starts (TCP/IP registry
     * reference, Tcpip\Parameters\Interfaces\{GUID}\InterfaceMetric, REG_DWORD 0-9999, 0 automatic; the
     * value the adapter's Advanced TCP/IP Settings write). Its own step: journaled before the write,
     * undone to what it was (absent: deleted), compared before every write like any registry value. */
    {
        bf_regval cur = {0};
        char *key = bf_arena_printf(p->arena, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\%s", guid);
        bf_fix_step *r;
        if (!key)
            return bf_fail(err, "out of memory");
        if (!m->reg_read(m->ctx, key, "InterfaceMetric", &cur, err))
            return false;
        if (cur.exists && cur.type == 4 && cur.len == 4 && memcmp(cur.data, a4, 4) == 0) {
            bf_regval_free(&cur);
            return true;    /* already recorded: nothing to change there */
        }
        r = add_step(p, BF_STEP_REG_SET, bf_arena_printf(p->arena, "%s (kept across restarts: InterfaceMetric)", a->title),
                     bf_arena_printf(p->arena, "HKLM\\%s\\InterfaceMetric", key));
        if (!r) {
            bf_regval_free(&cur);
            return bf_fail(err, "out of memory");
        }
        r->before = cur;    /* the step owns the value read (absent or not) */
        if (!copy_bytes(&r->after, a4, 4, 4, true))
            return bf_fail(err, "out of memory");
        r->key = key;
        r->value = bf_arena_strdup(p->arena, "InterfaceMetric");
        r->lasts = "persistent";
    }
    return true;
}

/* set-disabled-components: Tcpip6\Parameters\DisabledComponents to the action's value, read from the
 * machine now (absent: undo deletes it again). Windows reads it at start-up: the step is journaled as
 * taking effect after a restart (fix_engine.c asks bf_policy_reg_needs_restart). */
static bool plan_disabled_components(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes,
                                     bf_err *err)
{
    const char *text = a->params.value;
    char *end = NULL;
    unsigned long v;
    unsigned char a4[4];
    bf_regval cur = {0};
    bf_fix_step *s;
    if (!text || strncmp(text, "0x", 2) != 0 || !text[2])
        return bf_fail(err, "action set-disabled-components needs dword=0x... (a REG_DWORD in hex)");
    v = strtoul(text + 2, &end, 16);
    if (*end || strlen(text) > 10)
        return bf_fail(err, "action set-disabled-components: value=%s is not a REG_DWORD in hex", text);
    if (!m->reg_read(m->ctx, BF_POLICY_DC_KEY, BF_POLICY_DC_VALUE, &cur, err))
        return false;
    if (cur.exists && cur.type == 4 && cur.len == 4 && (unsigned long)(cur.data[0] | cur.data[1] << 8 | cur.data[2] << 16 |
                                                                       (unsigned long)cur.data[3] << 24) == v) {
        bf_regval_free(&cur);
        bf_buf_printf(notes, "set-disabled-components: DisabledComponents is already %s\n", text);
        return true;
    }
    a4[0] = (unsigned char)(v & 0xFF);
    a4[1] = (unsigned char)(v >> 8 & 0xFF);
    a4[2] = (unsigned char)(v >> 16 & 0xFF);
    a4[3] = (unsigned char)(v >> 24 & 0xFF);
    s = add_step(p, BF_STEP_REG_SET, a->title, "HKLM\\" BF_POLICY_DC_KEY "\\" BF_POLICY_DC_VALUE);
    if (!s) {
        bf_regval_free(&cur);
        return bf_fail(err, "out of memory");
    }
    s->before = cur;    /* the step owns the value read (absent or not) */
    if (!copy_bytes(&s->after, a4, 4, 4, true))
        return bf_fail(err, "out of memory");
    s->key = bf_arena_strdup(p->arena, BF_POLICY_DC_KEY);
    s->value = bf_arena_strdup(p->arena, BF_POLICY_DC_VALUE);
    s->lasts = "persistent";
    bf_buf_puts(notes, "set-disabled-components: Windows reads DisabledComponents when it starts: the change takes "
                       "effect after a restart of the machine\n");
    return true;
}

/* skip-as-source: the address's SkipAsSource flag to 1, read from the machine now. An address that is
 * already marked gives no step (nothing to change). */
static bool plan_skip(bf_fix_plan *p, const bf_snapshot *snap, const bf_action *a, const bf_machine *m, bf_buf *notes,
                      bf_err *err)
{
    const char *address = a->params.address;
    bool before = false;
    unsigned char b4[4] = {0}, a4[4] = {1, 0, 0, 0};
    bf_fix_step *s;
    if (!address || !*address)
        return bf_fail(err, "action skip-as-source needs address=");
    if (!m->skip_get || !m->skip_set)
        return bf_fail(err, "SkipAsSource cannot be changed on this system");
    if (!m->skip_get(m->ctx, address, &before, err))
        return false;
    if (before)
        return true;
    {
        /* SkipAsSource is meant for the addresses added beside an adapter's primary one (KB 975808: "only
         * the primary IP address is used for outgoing traffic"). Marking an adapter's only usable address
         * of its family is still what a VPN or dial-up address the host name must not resolve to needs,
         * but that adapter then has no source address of that family: the preview says so. */
        const bf_address *held = NULL;
        const bf_adapter *ad = snap ? bf_snap_find_adapter_by_address(snap, address, &held) : NULL;
        size_t k, others = 0;
        for (k = 0; ad && held && k < ad->address_count; k++) {
            const bf_address *x = &ad->addresses[k];
            if (x != held && x->family == held->family && x->skip_as_source != BF_TRI_YES &&
                x->origin != BF_ORIGIN_WELL_KNOWN)
                others++;
        }
        if (ad && held && others == 0)
            bf_buf_printf(notes, "%s: %s is the only IPv%d address of adapter %s used as a source (its primary "
                                 "address; SkipAsSource is meant for the addresses added beside it, KB 975808): after "
                                 "the change no connection leaves that adapter from an IPv%d address of its own\n",
                          a->title, address, held->family, ad->friendly_name && ad->friendly_name[0] ? ad->friendly_name : ad->guid,
                          held->family);
    }
    {
        const bf_address *held = NULL;
        const bf_adapter *ad = snap ? bf_snap_find_adapter_by_address(snap, address, &held) : NULL;
        bf_addr_origin origin = held ? held->origin : BF_ORIGIN_UNKNOWN;
        /* A static address: the change that lasts, made by bindfix. SetUnicastIpAddressEntry changes only
         * the address as it is now (an address IP Helper makes "is not persistent": CreateUnicastIpAddressEntry,
         * Remarks); Windows takes the flag when the address is added (netsh interface ipv4|ipv6 add address
         * ... store=persistent skipassource=true), so the address is added again, and that one step is both
         * the change now and the change that lasts. */
        bool readd = origin == BF_ORIGIN_MANUAL && m->skip_readd;
        s = add_step(p, readd ? BF_STEP_SKIP_READD : BF_STEP_SKIP_SET, a->title, address);
        if (!s || !copy_bytes(&s->before, b4, 4, 4, true) || !copy_bytes(&s->after, a4, 4, 4, true))
            return bf_fail(err, "out of memory");
        s->key = bf_arena_strdup(p->arena, address);
        if (readd) {
            s->lasts = "persistent";
            bf_buf_printf(notes, "%s: %s is deleted and added again on its adapter with SkipAsSource (as `netsh interface "
                                 "ipv%d add address ... store=persistent skipassource=true` does): connections using the "
                                 "address are cut for that moment\n",
                          a->title, address, held->family);
        } else if (origin == BF_ORIGIN_DHCP || origin == BF_ORIGIN_ROUTER) {
            s->lasts = "until the lease renews";
            s->lasting_command = bf_arena_printf(p->arena, "none: %s is %s; make it a static address to keep SkipAsSource",
                                                 address, origin == BF_ORIGIN_DHCP ? "leased from DHCP"
                                                                                   : "made from a router advertisement");
        } else {
            s->lasts = "until restart";
            if (ad && ad->if_index > 0)
                s->lasting_command = bf_arena_printf(p->arena, "powershell -Command \"Set-NetIPAddress -InterfaceIndex %d "
                                                               "-IPAddress %s -SkipAsSource $true -PolicyStore PersistentStore\"",
                                                     ad->if_index, address);
        }
    }
    return true;
}

/* pin-setting: a product's own listen setting (core/pins.h), read from the machine now and edited as the
 * action says: a DWORD to 0 or 1, or one address taken out of or put into a list in the list's own layout.
 * A value that already reads as the edit would leave it gives no step. */
static bool plan_pin(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes, bf_err *err)
{
    const bf_action_params *x = &a->params;
    bf_regval cur = {0}, next = {0};
    bool changed = false, dword;
    bf_fix_step *s;
    size_t i;
    if (x->edit && strcmp(x->edit, "by-hand") == 0) {
        /* a setting bindfix reads but does not write (IIS's applicationHost.config): the command */
        bf_buf_printf(notes, "%s: bindfix does not change this setting; run: %s\n", a->title, x->text ? x->text : "");
        return true;
    }
    if (!x->reg_key || !x->reg_value || !x->edit)
        return bf_fail(err, "action pin-setting needs key=, value= and edit=");
    dword = strcmp(x->edit, "set-zero") == 0 || strcmp(x->edit, "set-one") == 0;
    if (!dword && strcmp(x->edit, "remove-address") != 0 && strcmp(x->edit, "add-address") != 0)
        return bf_fail(err, "action pin-setting: unknown edit \"%s\"", x->edit);
    if (!dword && (!x->address || !*x->address))
        return bf_fail(err, "action pin-setting: %s needs address=", x->edit);
    /* a second edit of a value an earlier step of this plan changes (remove the dead address, add the
     * client address) edits that step's result: one step per value, so the compare before the write
     * sees the machine's value, not the first edit's */
    for (i = 0; i < p->step_count; i++)
        if (p->steps[i].kind == BF_STEP_REG_SET && bf_ascii_eq_ci(p->steps[i].key, x->reg_key) &&
            bf_ascii_eq_ci(p->steps[i].value, x->reg_value))
            break;
    if (i < p->step_count) {
        if (!copy_bytes(&cur, p->steps[i].after.data, p->steps[i].after.len, p->steps[i].after.type,
                        p->steps[i].after.exists))
            return bf_fail(err, "out of memory");
    } else if (!m->reg_read(m->ctx, x->reg_key, x->reg_value, &cur, err)) {
        return false;
    }
    if (dword) {
        unsigned char v4[4] = {0};
        if (!cur.exists || cur.type != 4 || cur.len != 4) {
            bf_regval_free(&cur);
            return bf_fail(err, "HKLM\\%s\\%s is not a REG_DWORD now: the diagnosis saw another machine; scan again",
                           x->reg_key, x->reg_value);
        }
        v4[0] = strcmp(x->edit, "set-one") == 0;
        changed = memcmp(cur.data, v4, 4) != 0;
        if (changed && !copy_bytes(&next, v4, 4, 4, true)) {
            bf_regval_free(&cur);
            return bf_fail(err, "out of memory");
        }
    } else if (!bf_pin_list_edit(&cur, strcmp(x->edit, "remove-address") == 0 ? x->address : NULL,
                                 strcmp(x->edit, "add-address") == 0 ? x->address : NULL, &next, &changed, err)) {
        bf_regval_free(&cur);
        return false;
    }
    if (i < p->step_count) {
        /* merged into the earlier step: its after becomes this edit's result */
        bf_regval_free(&cur);
        if (changed) {
            bf_regval_free(&p->steps[i].after);
            p->steps[i].after = next;
            p->steps[i].title = bf_arena_printf(p->arena, "%s; %s", p->steps[i].title, a->title);
        } else {
            bf_regval_free(&next);
        }
        return true;
    }
    if (!changed) {
        bf_buf_printf(notes, "%s: HKLM\\%s\\%s already reads as the change would leave it\n", a->title, x->reg_key,
                      x->reg_value);
        bf_regval_free(&cur);
        bf_regval_free(&next);
        return true;
    }
    s = add_step(p, BF_STEP_REG_SET, a->title, bf_arena_printf(p->arena, "HKLM\\%s\\%s", x->reg_key, x->reg_value));
    if (!s) {
        bf_regval_free(&cur);
        bf_regval_free(&next);
        return bf_fail(err, "out of memory");
    }
    s->key = bf_arena_strdup(p->arena, x->reg_key);
    s->value = bf_arena_strdup(p->arena, x->reg_value);
    s->before = cur;
    s->after = next;
    return true;
}

/* delayed-auto-start (issue 16 part 3, the startup race): the service's Delayed Automatic Start flag to 1,
 * read from the machine now. Microsoft documents the flag for auto-start services only ("delayed
 * auto-start services" are SERVICE_AUTO_START ones: SERVICE_DELAYED_AUTO_START_INFO, Remarks), and the
 * info level from Windows Vista / Server 2008 on: a service of another start type, a system without the
 * level (Server 2003, XP) or a flag already set plans nothing, and the notes say why. The SCM reads the
 * flag when it starts the auto-start services at boot: the step changes nothing running now (the
 * finding's restart does that). */
static bool plan_delayed_auto(bf_fix_plan *p, const bf_action *a, const bf_machine *m, bf_buf *notes, bf_err *err)
{
    const char *name = a->params.services;
    bool auto_start = false, delayed = false;
    unsigned char b4[4] = {0, 0, 0, 0}, a4[4] = {1, 0, 0, 0};
    bf_fix_step *s;
    bf_err e;
    if (!name || !*name || strchr(name, ','))
        return bf_fail(err, "action delayed-auto-start needs services= with exactly one service name");
    bf_err_clear(&e);
    if (!m->service_delayed_get || !m->service_delayed_get(m->ctx, name, &auto_start, &delayed, &e)) {
        if (m->service_delayed_get && e.code != BF_MACHINE_UNAVAILABLE) {
            *err = e;
            return false;
        }
        bf_buf_printf(notes, "%s: nothing planned: this system has no Delayed Automatic Start (Windows Vista / "
                             "Server 2008 and later); make %s depend on the service that brings its address up "
                             "(sc config %s depend= ...) by hand\n",
                      a->title, name, name);
        return true;
    }
    if (!auto_start) {
        bf_buf_printf(notes, "%s: nothing planned: %s does not start automatically, and Delayed Automatic Start "
                             "applies only to auto-start services (SERVICE_DELAYED_AUTO_START_INFO)\n",
                      a->title, name);
        return true;
    }
    if (delayed) {
        bf_buf_printf(notes, "%s: nothing planned: %s already starts with Delayed Automatic Start\n", a->title, name);
        return true;
    }
    s = add_step(p, BF_STEP_SERVICE_DELAYED_AUTO, a->title, name);
    if (!s || !copy_bytes(&s->before, b4, 4, 4, true) || !copy_bytes(&s->after, a4, 4, 4, true))
        return bf_fail(err, "out of memory");
    s->lasts = "persistent";
    bf_buf_printf(notes, "%s: takes effect at the next boot, when the Service Control Manager starts %s after the "
                         "other auto-start services plus a short delay; restart %s (the finding's other action) for "
                         "it to listen now\n",
                  a->title, name, name);
    return true;
}

/* restart-services / start-service: the named services and every service depending on them (from the
 * snapshot's dependency lists, transitively); stops dependents first, starts in the reverse order, and
 * starts back only what runs now. */
static bool plan_services(bf_fix_plan *p, const bf_snapshot *snap, const bf_action *a, bool restart,
                          const bf_machine *m, bf_err *err)
{
    const char *list = a->params.services;
    const char *set[64];
    size_t n = 0, i, j, k;
    bool grew = true;
    bf_svc_state states[64];
    size_t edges[256][2], nedges = 0;   /* [dependent, dependency] pairs the machine reported */
    if (!list || !*list)
        return bf_fail(err, "action %s needs services=", bf_action_kind_token(a->kind));
    {
        char *copy = bf_arena_strdup(p->arena, list), *tok = copy, *comma;
        while (tok && *tok && n < 64) {
            comma = strchr(tok, ',');
            if (comma)
                *comma = 0;
            set[n++] = tok;
            tok = comma ? comma + 1 : NULL;
        }
    }
    /* dependents, transitively, from the snapshot's dependency lists (names compared as the SCM does:
     * without regard to case); each is put before... the stop order below handles the order */
    while (restart && grew && n < 64) {
        grew = false;
        for (i = 0; i < snap->service_count && n < 64; i++) {
            const bf_service *v = &snap->services[i];
            bool in = false, depends = false;
            for (j = 0; j < n; j++)
                in = in || bf_service_name_eq(set[j], v->name);
            if (in)
                continue;
            for (j = 0; j < v->dependency_count && !depends; j++)
                for (k = 0; k < n; k++)
                    depends = depends || bf_service_name_eq(v->dependencies[j], set[k]);
            if (depends) {
                set[n++] = v->name;
                grew = true;
            }
        }
    }
    /* ...and from the machine itself: the active dependents the SCM knows now (EnumDependentServicesW,
     * SERVICE_ACTIVE), which the snapshot may lack (not collected, or started since). Each is recorded as
     * depending on the service it was listed for, so that it stops in an earlier wave. */
    for (i = 0; restart && m->service_dependents && i < n; i++) {
        char **deps = NULL;
        size_t nd = 0, d;
        if (!m->service_dependents(m->ctx, set[i], &deps, &nd, err))
            return false;
        for (d = 0; d < nd; d++) {
            size_t at = n;
            for (j = 0; j < n; j++)
                if (bf_service_name_eq(set[j], deps[d]))
                    at = j;
            if (at == n && n < 64)
                set[n++] = bf_arena_strdup(p->arena, deps[d]);
            if (at < 64 && nedges < 256 && at != i) {
                edges[nedges][0] = at;
                edges[nedges][1] = i;
                nedges++;
            }
            free(deps[d]);
        }
        free(deps);
    }
    for (i = 0; i < n; i++)
        if (!m->service_state(m->ctx, set[i], &states[i], err))
            return false;
    if (restart) {
        /* height of each active service above the leaves of the tree of active dependents: leaves
         * (nothing active depends on them) stop first, all of one height together; starts go the
         * other way. Independent branches thus stop and start in parallel. Active: ControlService
         * refuses to stop a service while any dependent is running, paused or pending (1051). */
        int height[64], maxh = 0, h;
        bool changed = true;
        for (i = 0; i < n; i++)
            height[i] = 0;
        while (changed) {   /* longest path; at most n rounds on a graph of n nodes */
            changed = false;
            for (i = 0; i < n; i++) {
                const bf_service *dep;
                if (!svc_active(states[i]))
                    continue;
                for (j = 0; j < n; j++) {
                    bool on = false;
                    if (j == i || !svc_active(states[j]))
                        continue;
                    if ((dep = bf_snap_find_service(snap, set[j])))
                        for (k = 0; k < dep->dependency_count && !on; k++)
                            on = bf_service_name_eq(dep->dependencies[k], set[i]);
                    for (k = 0; k < nedges && !on; k++)
                        on = edges[k][0] == j && edges[k][1] == i;
                    if (on && height[i] < height[j] + 1 && (size_t)(height[j] + 1) <= n) {
                        height[i] = height[j] + 1;
                        changed = true;
                    }
                }
            }
        }
        for (i = 0; i < n; i++)
            if (svc_active(states[i]) && height[i] > maxh)
                maxh = height[i];
        for (h = 0; h <= maxh; h++)
            for (i = 0; i < n; i++)
                if (svc_active(states[i]) && height[i] == h && !planned(p, BF_STEP_SERVICE_STOP, set[i])) {
                    char *t = bf_arena_printf(p->arena, "Stop %s%s", set[i],
                                              states[i] == BF_SVC_PAUSED ? " (paused; it is started again, not paused)" : "");
                    bf_fix_step *s = add_step(p, BF_STEP_SERVICE_STOP, t, set[i]);
                    if (!s)
                        return bf_fail(err, "out of memory");
                    s->wave = 1 + h;
                }
        for (h = maxh; h >= 0; h--)
            for (i = 0; i < n; i++)
                if (svc_restart(states[i]) && height[i] == h && !planned(p, BF_STEP_SERVICE_START, set[i])) {
                    char *t = bf_arena_printf(p->arena, "Start %s", set[i]);
                    bf_fix_step *s = add_step(p, BF_STEP_SERVICE_START, t, set[i]);
                    if (!s)
                        return bf_fail(err, "out of memory");
                    s->wave = 500 + (maxh - h);
                }
    } else {
        for (i = 0; i < n; i++)
            if (states[i] != BF_SVC_RUNNING && !planned(p, BF_STEP_SERVICE_START, set[i])) {
                char *t = bf_arena_printf(p->arena, "Start %s", set[i]);
                if (!add_step(p, BF_STEP_SERVICE_START, t, set[i]))
                    return bf_fail(err, "out of memory");
            }
    }
    return true;
}

bf_fix_plan *bf_fix_plan_build(const bf_snapshot *snap, const bf_action *const *chosen, size_t count,
                               const bf_machine *m, const bf_fix_opts *opts, bf_buf *notes, bf_err *err)
{
    bf_arena *ar = bf_arena_create();
    bf_fix_plan *p;
    size_t i;
    int pass;
    bf_err_clear(err);
    if (!ar || !(p = bf_arena_alloc(ar, sizeof *p))) {
        bf_arena_destroy(ar);
        bf_fail(err, "out of memory");
        return NULL;
    }
    memset(p, 0, sizeof *p);
    p->arena = ar;
    p->building = SIZE_MAX;
    p->state = BF_PLAN_PLANNED;
    p->created = "";
    p->host = bf_arena_strdup(ar, snap->hostname);
    /* configuration first, services last (they must pick the new configuration up) */
    for (pass = 0; pass < 2; pass++)
        for (i = 0; i < count; i++) {
            const bf_action *a = chosen[i];
            p->building = i;    /* add_step marks each step with the action that asked for it */
            bool ok = true, service = a->kind == BF_ACTION_RESTART_SERVICES || a->kind == BF_ACTION_START_SERVICE;
            if ((pass == 0) == service)
                continue;
            if (bf_action_listed(a, chosen, i))
                continue;   /* several findings offer the same action: it is done once */
            {
                char **slot = BF_PUSH(ar, p->actions, p->action_count, p->action_cap);
                if (slot)
                    *slot = bf_arena_strdup(ar, a->title);
            }
            switch (a->kind) {
            case BF_ACTION_REORDER_BINDINGS:
                ok = plan_reorder(p, a, m, notes, err);
                break;
            case BF_ACTION_HOSTS_COMMENT:
                ok = plan_hosts(p, snap, a, m, opts, notes, err);
                break;
            case BF_ACTION_LDAP_ALT_PORT:
                ok = plan_ldap_port(a, notes, err);
                break;
            case BF_ACTION_SET_METRIC:
                ok = plan_metric(p, snap, a, m, err);
                break;
            case BF_ACTION_SKIP_AS_SOURCE:
                ok = plan_skip(p, snap, a, m, notes, err);
                break;
            case BF_ACTION_RESTART_SERVICES:
            case BF_ACTION_START_SERVICE:
                ok = plan_services(p, snap, a, a->kind == BF_ACTION_RESTART_SERVICES, m, err);
                break;
            case BF_ACTION_HTTP_LISTEN_REMOVE:
                ok = plan_http_listen(p, snap, a, m, notes, err);
                break;
            case BF_ACTION_PORT_EXCLUSION:
                ok = plan_port_exclusion(p, a, m, notes, err);
                break;
            case BF_ACTION_SET_DISABLED_COMPONENTS:
                ok = plan_disabled_components(p, a, m, notes, err);
                break;
            case BF_ACTION_PIN_SETTING:
                ok = plan_pin(p, a, m, notes, err);
                break;
            case BF_ACTION_DNS_REGISTRATION_OFF:
                ok = bf_fix_plan_dns_registration(p, a, m, notes, err);
                break;
            case BF_ACTION_DELAYED_AUTO_START:
                ok = plan_delayed_auto(p, a, m, notes, err);
                break;
            case BF_ACTION_INSTALL_FIX:
                bf_buf_printf(notes, "%s: bindfix cannot install it; install it, then scan again\n", a->title);
                break;
            default:
                bf_buf_printf(notes, "%s: not carried out by bindfix (%s): make this change by hand\n", a->title,
                              bf_action_kind_token(a->kind));
                break;
            }
            if (!ok) {
                bf_fix_plan_destroy(p);
                return NULL;
            }
        }
    p->building = SIZE_MAX;
    if (bf_arena_failed(ar)) {
        bf_fix_plan_destroy(p);
        bf_fail(err, "out of memory");
        return NULL;
    }
    return p;
}

static void write_value(bf_buf *out, const bf_fix_step *s, const bf_regval *v)
{
    size_t i;
    if (!v->exists) {
        bf_buf_puts(out, "(absent)");
        return;
    }
    if (s->kind == BF_STEP_SKIP_SET || s->kind == BF_STEP_SKIP_READD) {
        bf_buf_puts(out, v->len >= 1 && v->data[0] ? "SkipAsSource on" : "SkipAsSource off");
        return;
    }
    if (s->kind == BF_STEP_SERVICE_DELAYED_AUTO) {
        /* 2: read_delayed_auto's "no longer an auto-start service" (never journaled as before or after) */
        bf_buf_puts(out, v->len < 1 || v->data[0] > 1 ? "not Automatic (another start type)"
                         : v->data[0] ? "Automatic (Delayed Start)" : "Automatic");
        return;
    }
    if (s->kind == BF_STEP_PORT_EXCLUSION) {
        bf_port_list_text(v->data, v->len, out);
        return;
    }
    if (s->kind == BF_STEP_METRIC_SET || v->type == 4) {
        int x = 0;
        if (v->len >= 4)
            memcpy(&x, v->data, 4);
        bf_buf_printf(out, "%d", x);
        return;
    }
    /* a product's address list (pin-setting): the addresses, not the bytes */
    if ((v->type == 3 || v->type == 1) && bf_pin_list_text(v, out))
        return;
    if (v->type == 7) {
        bf_snapshot *tmp = bf_snapshot_create();
        if (tmp) {
            bf_binding_from_multi_sz(tmp, v->data, v->len);
            for (i = 0; i < tmp->binding.entry_count; i++)
                bf_buf_printf(out, "\n        %zu. %s", i + 1, tmp->binding.entries[i]);
            bf_snapshot_destroy(tmp);
        }
        return;
    }
    bf_buf_printf(out, "%zu bytes", v->len);
}

void bf_fix_plan_write_drift(const bf_fix_plan *p, bf_buf *out)
{
    size_t i;
    for (i = 0; i < p->step_count; i++) {
        const bf_fix_step *s = &p->steps[i];
        bool forced = s->has_found && !(s->found.exists == s->before.exists && s->found.type == s->before.type &&
                                        s->found.len == s->before.len &&
                                        (s->found.len == 0 || memcmp(s->found.data, s->before.data, s->found.len) == 0));
        if (forced) {
            bf_buf_printf(out, "step %zu (%s): written over a value changed since the preview: ", i + 1, s->title);
            bf_fix_drift_text(s, &s->before, &s->found, out);
            bf_buf_putc(out, '\n');
        }
        if (s->error && strncmp(s->error, "undo stopped: ", 14) == 0)
            bf_buf_printf(out, "step %zu (%s): %s\n", i + 1, s->title, s->error);
    }
}

void bf_fix_value_line(const bf_fix_step *s, const bf_regval *v, bf_buf *out)
{
    size_t i;
    if (v->exists && v->type == 7 && s->kind != BF_STEP_SKIP_SET && s->kind != BF_STEP_SKIP_READD &&
        s->kind != BF_STEP_METRIC_SET && s->kind != BF_STEP_SERVICE_DELAYED_AUTO) {
        bf_snapshot *tmp = bf_snapshot_create();
        if (tmp) {
            bf_binding_from_multi_sz(tmp, v->data, v->len);
            for (i = 0; i < tmp->binding.entry_count; i++)
                bf_buf_printf(out, "%s%s", i ? ", " : "", tmp->binding.entries[i]);
            if (tmp->binding.entry_count == 0)
                bf_buf_puts(out, "(empty list)");
            bf_snapshot_destroy(tmp);
        }
        return;
    }
    write_value(out, s, v);
}

/* Every line that differs, "line N before: ... / after: ..." (line numbers from 1 after a BOM, line ends
 * not shown). bindfix's own file changes keep the line count; if a file's count changed, the lines past
 * the shorter one are counted, not shown. */
static void write_changed_lines(bf_buf *out, const bf_regval *before, const bf_regval *after)
{
    const char *b = (const char *)before->data, *a = (const char *)after->data;
    size_t bp = 0, ap = 0, bl = before->len, al = after->len;
    int line = 0;
    if (bl >= 3 && al >= 3 && memcmp(b, "\xef\xbb\xbf", 3) == 0 && memcmp(a, "\xef\xbb\xbf", 3) == 0)
        bp = ap = 3;
    while (bp < bl && ap < al) {
        const char *bn = memchr(b + bp, '\n', bl - bp), *an = memchr(a + ap, '\n', al - ap);
        size_t be = bn ? (size_t)(bn - b) : bl, ae = an ? (size_t)(an - a) : al, bs = be, as = ae;
        line++;
        while (bs > bp && b[bs - 1] == '\r')
            bs--;
        while (as > ap && a[as - 1] == '\r')
            as--;
        if (be - bp != ae - ap || memcmp(b + bp, a + ap, be - bp) != 0) {
            bf_buf_printf(out, "   line %d before: ", line);
            bf_buf_append(out, b + bp, bs - bp);
            bf_buf_printf(out, "\n   line %d after:  ", line);
            bf_buf_append(out, a + ap, as - ap);
            bf_buf_putc(out, '\n');
        }
        bp = be + 1;
        ap = ae + 1;
    }
    if (bp < bl || ap < al)
        bf_buf_printf(out, "   (%s has more lines: %zu bytes)\n", bp < bl ? "the old file" : "the new file",
                      bp < bl ? bl - bp : al - ap);
}

const char *bf_fix_step_when(const bf_fix_step *s)
{
    return s->kind == BF_STEP_SERVICE_DELAYED_AUTO ? "takes effect at the next boot (the service's restart makes it "
                                                     "listen now)"
                                                   : "";
}

void bf_fix_plan_write_preview(const bf_fix_plan *p, bf_buf *out)
{
    size_t i;
    if (p->step_count == 0) {
        bf_buf_puts(out, "Nothing to change.\n");
        return;
    }
    for (i = 0; i < p->step_count; i++) {
        const bf_fix_step *s = &p->steps[i];
        bf_buf_printf(out, "%zu. [%s] %s\n   %s\n", i + 1, bf_step_kind_token(s->kind), s->title, s->target);
        if (s->mend_count) {
            bf_buf_puts(out, "   ");
            bf_fix_step_write_mends(s, out);
            bf_buf_putc(out, '\n');
        }
        if (s->kind == BF_STEP_REG_SET || s->kind == BF_STEP_METRIC_SET || s->kind == BF_STEP_SKIP_SET ||
            s->kind == BF_STEP_SKIP_READD || s->kind == BF_STEP_BINDORDER_SET) {
            bf_buf_puts(out, "   before: ");
            write_value(out, s, &s->before);
            bf_buf_puts(out, "\n   after:  ");
            write_value(out, s, &s->after);
            bf_buf_putc(out, '\n');
            if (s->kind == BF_STEP_BINDORDER_SET)
                bf_buf_puts(out, s->restart_pending ? "   applied; takes effect after a restart\n"
                                                    : "   takes effect when applied, or after a restart if Windows "
                                                      "asks for one (the repair then says PENDING)\n");
            if (s->lasts && s->lasts[0])
                bf_buf_printf(out, "   lasts: %s\n", s->lasts);
            if (s->lasting_command && s->lasting_command[0])
                bf_buf_printf(out, "   %s %s\n", strncmp(s->lasting_command, "none:", 5) == 0 ? "to make it last:"
                                                                                         : "to make it last, run:",
                              s->lasting_command);
        } else if (s->kind == BF_STEP_PORT_EXCLUSION) {
            bf_buf_puts(out, "   administered exclusions before: ");
            write_value(out, s, &s->before);
            bf_buf_puts(out, "\n   administered exclusions after:  ");
            write_value(out, s, &s->after);
            bf_buf_puts(out, "\n   runs: ");
            bf_fix_port_exclusion_commands(s, &s->before, &s->after, out);
            bf_buf_puts(out, "\n   undo runs: ");
            bf_fix_port_exclusion_commands(s, &s->after, &s->before, out);
            bf_buf_printf(out, "\n   lasts: %s\n", s->lasts);
        } else if (s->kind == BF_STEP_SERVICE_DELAYED_AUTO) {
            bf_buf_puts(out, "   start type before: ");
            write_value(out, s, &s->before);
            bf_buf_puts(out, "\n   start type after:  ");
            write_value(out, s, &s->after);
            bf_buf_printf(out, "\n   %s\n   lasts: %s\n", bf_fix_step_when(s), s->lasts);
        } else if (s->kind == BF_STEP_FILE_REPLACE) {
            write_changed_lines(out, &s->before, &s->after);
            bf_buf_printf(out, "   (%zu -> %zu bytes; every other line unchanged)\n", s->before.len, s->after.len);
        } else if (s->kind == BF_STEP_FILE_WRITE) {
            bf_buf_printf(out, "   a copy of the current file, %zu bytes\n", s->after.len);
        }
    }
}
