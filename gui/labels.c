/*
 * labels.c - the one place a model value becomes words and a status icon in bindfix.exe. Every word is
 * from the string table (res/lang/en-US.rc); what comes from the machine (names, addresses, greetings)
 * goes through bfgui_wide. The core's prose (finding titles and evidence, step titles, the undo
 * comparison's lines) is the CLI's and the reports' wording and is shown as it is; values the model
 * holds as enums (probe results, greetings, adapter kinds, step states) always get the GUI's own word
 * from here, so the overview, the views, the Fix dialog and the wizard say the same thing.
 */
#include "gui.h"

#include "outbound.h"
#include "repair_session.h"

#include <stdio.h>
#include <stdlib.h>

WCHAR *bfgui_enum_text(HINSTANCE hinst, UINT base, int value, int count)
{
    /* a hand-edited snapshot can hold any number: the last entry is "unknown"/"other" */
    if (value < 0 || value >= count)
        value = count - 1;
    return bfgui_load_string(hinst, base + (UINT)value);
}

/* The Winsock error a probe result stands for, when the snapshot did not record the number. */
static int usual_error(bf_probe_result r)
{
    return r == BF_PROBE_ADDRNOTAVAIL ? 10049 : r == BF_PROBE_ADDRINUSE ? 10048 : r == BF_PROBE_ACCESS ? 10013 : 0;
}

WCHAR *bfgui_probe_text(HINSTANCE hinst, bf_probe_result result, int error, const char *owner)
{
    int v = (int)result;
    if (v < 0 || v >= BF_PROBE__COUNT)
        v = BF_PROBE_OTHER;
    if (!error)
        error = usual_error((bf_probe_result)v);
    if (v == BF_PROBE_OTHER && !error)
        return bfgui_load_string(hinst, IDS_PROBE_FAILED);
    DWORD_PTR args[1] = {(DWORD_PTR)error};
    WCHAR *text = bfgui_format(hinst, IDS_PROBE_BASE + (UINT)v, args, 1);
    if (!text || v != BF_PROBE_ADDRINUSE || !owner || !owner[0])
        return text;
    WCHAR *who = bfgui_wide(owner);
    WCHAR *out = NULL;
    if (who) {
        DWORD_PTR held[2] = {(DWORD_PTR)text, (DWORD_PTR)who};
        out = bfgui_format(hinst, IDS_PROBE_HELD_BY, held, 2);
    }
    free(who);
    free(text);
    return out;
}

int bfgui_probe_image(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p)
{
    /* in use by the protocol's own service: it holds the address, as it should (the diagnosis's rule) */
    if (p->result == BF_PROBE_OK || bf_probe_by_own_service(s, e, p))
        return BF_IMAGE_OK;
    return p->result == BF_PROBE_NOT_RUN ? BF_IMAGE_WARNING : BF_IMAGE_ERROR;
}

WCHAR *bfgui_probe_verdict_text(HINSTANCE hinst, const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p)
{
    if (bf_probe_by_own_service(s, e, p)) {
        WCHAR *who = bfgui_wide(p->owner[0] ? p->owner : e->service);
        DWORD_PTR args[1] = {(DWORD_PTR)(who ? who : L"")};
        WCHAR *out = who ? bfgui_format(hinst, IDS_PROBE_OWN, args, 1) : NULL;
        free(who);
        return out;
    }
    return bfgui_probe_text(hinst, p->result, p->error, p->owner);
}

WCHAR *bfgui_greeting_text(HINSTANCE hinst, bf_greeting greeting, const char *said)
{
    int v = (int)greeting;
    if (v < 0 || v >= BF_GREET__COUNT)
        v = BF_GREET_NOT_TRIED;
    WCHAR *w = bfgui_wide(said ? said : "");
    if (!w)
        return NULL;
    DWORD_PTR args[1] = {(DWORD_PTR)w};
    WCHAR *out = bfgui_format(hinst, IDS_GREET_BASE + (UINT)v, args, 1);
    free(w);
    return out;
}

const char *bfgui_adapter_name(const bf_adapter *a)
{
    /* a snapshot may name an adapter by neither (a synthetic one, a tool's own): then its GUID, never an
     * empty name (an empty "%1" formats to nothing, which reads as a failure) */
    if (a->friendly_name && a->friendly_name[0])
        return a->friendly_name;
    if (a->description && a->description[0])
        return a->description;
    return a->guid ? a->guid : "";
}

int bfgui_oper_image(bf_oper_status status)
{
    return status == BF_OPER_UP ? BF_IMAGE_OK : BF_IMAGE_WARNING;
}

WCHAR *bfgui_held_by_text(HINSTANCE hinst, const bf_snapshot *snap, const char *address, int *image)
{
    const bf_adapter *a = bf_snap_find_adapter_by_address(snap, address, NULL);
    if (!a) {
        *image = BF_IMAGE_ERROR;
        return bfgui_load_string(hinst, IDS_RES_NOT_HELD);
    }
    *image = bfgui_oper_image(a->status);
    WCHAR *name = bfgui_wide(bfgui_adapter_name(a));
    WCHAR *status = bfgui_enum_text(hinst, IDS_OPER_BASE, (int)a->status, BF_OPER__COUNT);
    DWORD_PTR args[2] = {(DWORD_PTR)name, (DWORD_PTR)status};
    WCHAR *out = name && status ? bfgui_format(hinst, a->status == BF_OPER_UP ? IDS_RES_HELD_BY_UP : IDS_RES_HELD_BY,
                                               args, a->status == BF_OPER_UP ? 1 : 2)
                                : NULL;
    free(name);
    free(status);
    return out;
}

int bfgui_severity_image(int s)
{
    return s >= BF_SEV_ERROR ? BF_IMAGE_ERROR : s == BF_SEV_WARNING ? BF_IMAGE_WARNING : BF_IMAGE_OK;
}

WCHAR *bfgui_step_status_text(HINSTANCE hinst, bf_step_status status)
{
    return bfgui_enum_text(hinst, IDS_STEP_STATUS_BASE, (int)status, BF_STEP_UNDONE + 1);
}

int bfgui_step_image(bf_step_status status)
{
    /* a step not yet run has no icon: a warning sign beside every step of a preview would say wrongly
     * that something is amiss with it */
    return status == BF_STEP_PENDING                             ? BF_IMAGE_NONE
           : status == BF_STEP_DONE || status == BF_STEP_UNDONE ? BF_IMAGE_OK
           : status == BF_STEP_FAILED                            ? BF_IMAGE_ERROR
                                                                 : BF_IMAGE_WARNING;
}

WCHAR *bfgui_verify_before_text(HINSTANCE hinst, const bf_verify_row *r)
{
    return r->was_failing ? bfgui_probe_text(hinst, r->before, 0, NULL) : bfgui_load_string(hinst, IDS_VERIFY_NOT_FAILING);
}

WCHAR *bfgui_verify_after_text(HINSTANCE hinst, const bf_verify_row *r)
{
    WCHAR *after = r->after_known ? bfgui_probe_text(hinst, r->after, 0, NULL)
                                  : bfgui_load_string(hinst, IDS_VERIFY_NOT_RETURNED);
    if (!after || r->greeting_after != BF_GREET_ANSWERED)
        return after;
    DWORD_PTR args[1] = {(DWORD_PTR)after};
    WCHAR *out = bfgui_format(hinst, IDS_VERIFY_ANSWERS, args, 1);
    free(after);
    return out;
}

WCHAR *bfgui_verify_protocol_text(const bf_verify_row *r)
{
    WCHAR buf[128];
    WCHAR *proto = bfgui_wide(r->protocol), *transport = bfgui_wide(r->transport);
    if (!proto || !transport) {
        free(proto);
        free(transport);
        return NULL;
    }
    _snwprintf(buf, BF_COUNTOF(buf), L"%ls %ls/%d", proto, transport, r->port);
    buf[BF_COUNTOF(buf) - 1] = 0;
    free(proto);
    free(transport);
    return _wcsdup(buf);
}

static void cause_row_free(bfgui_cause_row *r)
{
    free(r->verdict);
    free(r->id);
    free(r->title);
    free(r->before);
    free(r->after);
}

/* "Gone; 4 of 5 effects gone" / "Still found" (a cause) or "Gone" (an effect: effects NULL). */
static WCHAR *cause_after_text(HINSTANCE hinst, bool gone, const bf_verify_cause *c)
{
    WCHAR *count = NULL, *out;
    if (c && c->effect_count) {
        DWORD_PTR a[2] = {(DWORD_PTR)c->effects_gone, (DWORD_PTR)c->effect_count};
        count = bfgui_format(hinst, IDS_CAUSE_EFFECTS, a, 2);
    }
    DWORD_PTR args[1] = {(DWORD_PTR)(count ? count : L"")};
    out = bfgui_format(hinst, gone ? IDS_CAUSE_AFTER_GONE : IDS_CAUSE_AFTER_STILL, args, 1);
    free(count);
    return out;
}

bool bfgui_verify_cause_rows(HINSTANCE hinst, const bf_repair_session *s,
                             void (*add)(void *cb, const bfgui_cause_row *r), void *cb)
{
    for (size_t i = 0; i < s->cause_count; i++) {
        const bf_verify_cause *c = &s->causes[i];
        for (size_t j = 0; j <= c->effect_count; j++) {
            /* j 0: the cause itself; then its effects */
            bool effect = j > 0, gone = effect ? c->effects[j - 1].gone : c->gone;
            bfgui_cause_row r = {
                .effect = effect,
                .good = gone,
                .verdict = bfgui_load_string(hinst, effect ? (gone ? IDS_EFFECT_GONE : IDS_EFFECT_REMAINS)
                                                           : (gone ? IDS_CAUSE_MENDED : IDS_CAUSE_STILL)),
                .id = bfgui_wide(effect ? c->effects[j - 1].id : c->id),
                .title = bfgui_wide(effect ? c->effects[j - 1].title : c->title),
                .before = bfgui_load_string(hinst, IDS_CAUSE_BEFORE),
                .after = cause_after_text(hinst, gone, effect ? NULL : c),
            };
            bool ok = r.verdict && r.id && r.title && r.before && r.after;
            if (ok)
                add(cb, &r);
            cause_row_free(&r);
            if (!ok)
                return false;
        }
    }
    return true;
}

/* ---- the source address toward each default gateway (issue 16 part 4) ---------------------------- */

/* one side in words: the address, "(not asked)" or "(no source: error N)" */
static WCHAR *source_side(HINSTANCE hinst, const bf_outbound *x)
{
    if (x && x->source[0])
        return bfgui_wide(x->source);
    DWORD_PTR args[1] = {(DWORD_PTR)(x ? x->error : 0)};
    return bfgui_format(hinst, x ? IDS_SOURCE_NONE : IDS_SOURCE_NOT_ASKED, args, x ? 1 : 0);
}

int bfgui_source_rows(HINSTANCE hinst, const bf_snapshot *before, const bf_snapshot *after,
                      void (*add)(void *cb, const bfgui_source_row *r), void *cb)
{
    int rows = 0;
    /* the destinations of the scan before, then those only the scan after has (as the CLI) */
    for (int pass = 0; pass < (after ? 2 : 1); pass++) {
        const bf_snapshot *s = pass ? after : before;
        for (size_t i = 0; s && i < s->outbound_count; i++) {
            const char *d = s->outbound[i].destination;
            const bf_outbound *b = bf_outbound_find(before, d), *a = after ? bf_outbound_find(after, d) : NULL;
            if (pass && b)
                continue;
            WCHAR *dest = bfgui_wide(d), *bw = source_side(hinst, b), *aw = after ? source_side(hinst, a) : NULL;
            bfgui_source_row r = {NULL, NULL, dest ? dest : L"", bw ? bw : L"", aw, true};
            WCHAR *line = NULL, *verdict = NULL;
            if (!after) {
                DWORD_PTR args[2] = {(DWORD_PTR)(dest ? dest : L""), (DWORD_PTR)(bw ? bw : L"")};
                line = bfgui_format(hinst, IDS_SOURCE_NOW, args, 2);
            } else {
                bool known = b && a && b->source[0] && a->source[0];
                bool same = known && bf_addr_equal(b->source, a->source);
                DWORD_PTR args[3] = {(DWORD_PTR)(dest ? dest : L""), (DWORD_PTR)(bw ? bw : L""), (DWORD_PTR)(aw ? aw : L"")};
                line = bfgui_format(hinst, IDS_SOURCE_ROW, args, 3);
                verdict = bfgui_load_string(hinst, !known ? IDS_SOURCE_UNKNOWN : same ? IDS_SOURCE_UNCHANGED : IDS_SOURCE_CHANGED);
                r.good = a && a->source[0];
            }
            bool made = line && (!after || verdict);
            if (made) {
                r.line = line;
                r.verdict = verdict;
                add(cb, &r);
                rows++;
            }
            free(dest);
            free(bw);
            free(aw);
            free(line);
            free(verdict);
            if (!made)
                return -1;
        }
    }
    return rows;
}

static void add_preview_line(void *cb, const bfgui_source_row *r)
{
    char *u = bfsys_wide_to_utf8(r->line, -1);
    if (u)
        bf_buf_printf(cb, "  %s\n", u);
    free(u);
}

void bfgui_source_preview_utf8(HINSTANCE hinst, const bf_snapshot *before, bf_buf *out)
{
    if (!before || !before->outbound_count)
        return;
    WCHAR *head = bfgui_load_string(hinst, IDS_SOURCE_HEADING);
    char *u = head ? bfsys_wide_to_utf8(head, -1) : NULL;
    bf_buf_printf(out, "\n%s\n", u ? u : "");
    free(u);
    free(head);
    bfgui_source_rows(hinst, before, NULL, add_preview_line, out);
}
