/*
 * repairdlg.c - the console's repair dialog in its three modes: Fix... (the recommended actions),
 * Restart services... (only the restart of the services behind the protocols) and Undo last repair...
 *
 * The dialog never works on the UI thread: a worker makes the plan (a fresh scan, since a plan must be
 * made from the machine's current values), another applies it, verifies and, on request, undoes it.
 * Workers post their results here; during an apply each step's new status arrives as it happens. The
 * session (core/repair_session.h) belongs to the worker while one runs and to the dialog otherwise.
 *
 * Rights: the preview needs none. Apply, when the process is not elevated, starts bindfix again as
 * administrator (UAC) with the same dialog open, and this one closes: that copy makes the changes.
 */
#include "gui.h"

#include "helptopics.h"
#include "repair_session.h"

#include <process.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WM_REPAIR_PREPARED (WM_APP + 20)    /* lParam: malloc'd WCHAR * error, NULL on success */
#define WM_REPAIR_STEP     (WM_APP + 21)    /* wParam: step index, lParam: bf_step_status */
#define WM_REPAIR_DONE     (WM_APP + 22)    /* wParam: repair_outcome, lParam: malloc'd WCHAR * error or NULL */

typedef enum repair_outcome {
    OUTCOME_VERIFIED = 0, OUTCOME_NOT_VERIFIED, OUTCOME_FAILED, OUTCOME_STOPPED, OUTCOME_UNDONE
} repair_outcome;

typedef enum repair_work { WORK_PREPARE = 0, WORK_APPLY, WORK_UNDO } repair_work;

typedef struct repair_ctx {
    HINSTANCE hinst;
    HWND hwnd;
    bf_repair_mode mode;
    bf_source_kind source;
    WCHAR *path;                /* snapshot file (BF_SOURCE_FILE) */
    WCHAR *catalogue;           /* /catalogue FILE, or NULL */
    WCHAR *journal;             /* BF_REPAIR_UNDO: the journal asked for, or NULL for the last one */
    bf_system sys;
    bf_repair_session *session;
    HANDLE worker;
    repair_work work;
    volatile LONG stop;         /* Close during an apply: stop before the next step */
    bool ready;                 /* a plan with steps is shown */
    bool applied;               /* the machine was changed */
    bool closing;               /* Close was pressed while a worker ran */
} repair_ctx;

/* ---- helpers --------------------------------------------------------------------------------- */

/* Did a rollback put steps back (the engine's automatic rollback after a failed step)? */
static bool steps_undone(const bf_repair_session *s)
{
    for (size_t i = 0; s->plan && i < s->plan->step_count; i++)
        if (s->plan->steps[i].status == BF_STEP_UNDONE)
            return true;
    return false;
}

static WCHAR *err_text(const bf_err *e)
{
    char text[1400];
    bf_err_format(e, text, sizeof text);
    return bfgui_wide(text);
}

static void set_status_id(repair_ctx *ctx, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *text = n ? bfgui_format(ctx->hinst, id, args, n) : bfgui_load_string(ctx->hinst, id);
    SetDlgItemTextW(ctx->hwnd, IDC_REPAIR_STATUS, text ? text : L"");
    free(text);
}

/* An edit control wants CRLF between lines; each line goes through bfgui_wide, which shows control
 * characters from the machine (hosts lines, names) visibly and line breaks as spaces, so the breaks are
 * put back here. */
static WCHAR *with_crlf(const char *utf8)
{
    size_t cap = 256, len = 0;
    WCHAR *out = malloc(cap * sizeof(WCHAR));
    if (!out)
        return NULL;
    out[0] = 0;
    const char *line = utf8;
    while (*line) {
        const char *end = strchr(line, '\n');
        size_t n = end ? (size_t)(end - line) : strlen(line);
        if (n && line[n - 1] == '\r')
            n--;
        char *one = malloc(n + 1);
        WCHAR *w = NULL;
        if (one) {
            memcpy(one, line, n);
            one[n] = 0;
            w = bfgui_wide(one);
            free(one);
        }
        if (!w) {
            free(out);
            return NULL;
        }
        size_t wn = wcslen(w);
        if (len + wn + 3 > cap) {
            while (len + wn + 3 > cap)
                cap *= 2;
            WCHAR *grown = realloc(out, cap * sizeof(WCHAR));
            if (!grown) {
                free(w);
                free(out);
                return NULL;
            }
            out = grown;
        }
        memcpy(out + len, w, wn * sizeof(WCHAR));
        len += wn;
        if (end) {
            out[len++] = L'\r';
            out[len++] = L'\n';
        }
        out[len] = 0;
        free(w);
        line = end ? end + 1 : line + n;
    }
    return out;
}

static void add_row(repair_ctx *ctx, const char *title, UINT status_id, int image)
{
    HWND list = GetDlgItem(ctx->hwnd, IDC_REPAIR_STEPS);
    WCHAR *t = bfgui_wide(title), *st = bfgui_load_string(ctx->hinst, status_id);
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_TEXT | LVIF_IMAGE;
    item.iItem = INT_MAX;
    item.pszText = t ? t : L"";
    item.iImage = image;
    int row = (int)SendMessageW(list, LVM_INSERTITEMW, 0, (LPARAM)&item);
    if (row >= 0) {
        item.mask = LVIF_TEXT;
        item.iSubItem = 1;
        item.pszText = st ? st : L"";
        SendMessageW(list, LVM_SETITEMTEXTW, (WPARAM)row, (LPARAM)&item);
    }
    free(t);
    free(st);
}

static int image_of_status(bf_step_status s)
{
    return s == BF_STEP_DONE || s == BF_STEP_UNDONE ? BF_IMAGE_OK : s == BF_STEP_FAILED ? BF_IMAGE_ERROR
                                                                                          : BF_IMAGE_WARNING;
}

static void show_step(repair_ctx *ctx, size_t i, bf_step_status status)
{
    HWND list = GetDlgItem(ctx->hwnd, IDC_REPAIR_STEPS);
    WCHAR *st = bfgui_load_string(ctx->hinst, IDS_STEP_STATUS_BASE + status);
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_IMAGE;
    item.iItem = (int)i;
    item.iImage = image_of_status(status);
    SendMessageW(list, LVM_SETITEMW, 0, (LPARAM)&item);
    item.mask = LVIF_TEXT;
    item.iSubItem = 1;
    item.pszText = st ? st : L"";
    SendMessageW(list, LVM_SETITEMTEXTW, i, (LPARAM)&item);
    SendMessageW(list, LVM_ENSUREVISIBLE, i, FALSE);
    free(st);
}

/* ---- workers --------------------------------------------------------------------------------------- */

static bool hook_before(void *cb, const bf_fix_plan *p, size_t i)
{
    repair_ctx *ctx = cb;
    (void)p;
    (void)i;
    return InterlockedCompareExchange(&ctx->stop, 0, 0) == 0;
}

static void hook_after(void *cb, const bf_fix_plan *p, size_t i)
{
    repair_ctx *ctx = cb;
    PostMessageW(ctx->hwnd, WM_REPAIR_STEP, (WPARAM)i, (LPARAM)p->steps[i].status);
}

/* the services behind the catalogued protocols that the snapshot shows running */
static bool add_protocol_services(bf_repair_session *s)
{
    bf_buf names;
    bf_buf_init(&names);
    const bf_snapshot *snap = s->before;
    for (size_t i = 0; i < snap->endpoint_count; i++) {
        const char *svc = snap->endpoints[i].service;
        const bf_service *v = svc && svc[0] ? bf_snap_find_service(snap, svc) : NULL;
        if (!v || v->state != BF_SVC_RUNNING)
            continue;
        /* once each */
        char *dup = strstr(bf_buf_cstr(&names), v->name);
        if (dup)
            continue;
        bf_buf_printf(&names, "%s%s", names.len ? "," : "", v->name);
    }
    bool ok = names.len && bf_session_add_restart(s, bf_buf_cstr(&names)) >= 0;
    bf_buf_free(&names);
    return ok;
}

static WCHAR *prepare(repair_ctx *ctx)
{
    bf_repair_session *s = ctx->session;
    bf_err e;
    bf_err_clear(&e);
    if (ctx->mode == BF_REPAIR_UNDO) {
        /* the scan after the undo probes the protocols of the same catalogue as the repair's */
        char *ucat = ctx->catalogue ? bfsys_wide_to_utf8(ctx->catalogue, -1) : NULL;
        bool cat_ok = (!ctx->catalogue || ucat) && bf_session_load_catalogue(s, &ctx->sys, ucat, &e);
        free(ucat);
        if (!cat_ok)
            return err_text(&e);
        char *path = ctx->journal ? bfsys_wide_to_utf8(ctx->journal, -1) : bf_repair_last_journal(&ctx->sys);
        if (!path)
            return bfgui_load_string(ctx->hinst, IDS_REPAIR_NO_JOURNAL);
        s->plan = bf_repair_read_journal(&ctx->sys, path, &e);
        s->journal = path;
        if (!s->plan)
            return err_text(&e);
        bf_fix_plan_write_preview(s->plan, &s->preview);
        return NULL;
    }
    bf_source src;
    bf_source_init(&src);
    src.kind = ctx->source;
    char *path = ctx->path ? bfsys_wide_to_utf8(ctx->path, -1) : NULL;
    char *cat = ctx->catalogue ? bfsys_wide_to_utf8(ctx->catalogue, -1) : NULL;
    src.path = path;
    src.catalogue = cat;
    bool ok = (!ctx->catalogue || cat) && bf_session_scan(s, &ctx->sys, &src, &e);
    free(path);
    free(cat);
    if (!ok)
        return err_text(&e);
    if (ctx->mode == BF_REPAIR_RESTART && !bf_session_choose_kind(s, BF_ACTION_RESTART_SERVICES)) {
        if (!add_protocol_services(s))
            return NULL;    /* nothing to restart: the plan stays empty */
        bf_session_choose_kind(s, BF_ACTION_RESTART_SERVICES);
    }
    if (!bf_session_plan(s, &ctx->sys, &e))
        return err_text(&e);
    return NULL;
}

bool bfgui_ask_end_process(HINSTANCE hinst, HWND owner, const char *service, int timeout_ms)
{
    WCHAR *name = bfgui_wide(service);
    DWORD_PTR args[2] = {(DWORD_PTR)(name ? name : L""), (DWORD_PTR)((timeout_ms + 999) / 1000)};
    WCHAR *text = bfgui_format(hinst, IDS_REPAIR_END_PROCESS_ASK, args, 2);
    bool yes = text && bfgui_message_box(owner, text, MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2) == IDYES;
    free(text);
    free(name);
    return yes;
}

WCHAR *bfgui_undo_check_text(HINSTANCE hinst, const bf_repair_session *s, bool with_lines)
{
    const bf_undo_check *c = &s->undo_check;
    if (!c->done)
        return bfgui_load_string(hinst, IDS_UNDO_NO_SCAN);
    if (!c->compared)
        return bfgui_load_string(hinst, IDS_UNDO_NO_BASELINE);
    DWORD_PTR args[1] = {(DWORD_PTR)(c->diff_count ? c->diff_count : c->results)};
    WCHAR *head = bfgui_format(hinst, c->diff_count ? IDS_UNDO_DIFFERS : IDS_UNDO_AS_BEFORE, args, 1);
    if (!with_lines || !c->diff_count || !head)
        return head;
    bf_buf b;
    bf_buf_init(&b);
    for (size_t i = 0; i < c->diff_count; i++) {
        bf_buf_puts(&b, "\r\n");
        bf_undo_diff_line(&c->diffs[i], &b);
    }
    WCHAR *lines = bfgui_wide(bf_buf_cstr(&b));
    bf_buf_free(&b);
    size_t n = wcslen(head) + (lines ? wcslen(lines) : 0) + 1;
    WCHAR *all = malloc(n * sizeof *all);
    if (all)
        _snwprintf(all, n, L"%ls%ls", head, lines ? lines : L"");
    free(head);
    free(lines);
    return all;
}

/* end_process: asked on the UI thread (the worker waits for the answer) */
static bool hook_end_process(void *cb, const bf_fix_plan *p, size_t i)
{
    repair_ctx *ctx = cb;
    (void)p;
    return SendMessageW(ctx->hwnd, WM_BF_ASK_END_PROCESS, (WPARAM)i, 0) == 1;
}

static unsigned __stdcall worker_main(void *param)
{
    repair_ctx *ctx = param;
    bf_err e;
    bf_err_clear(&e);
    if (ctx->work == WORK_PREPARE) {
        WCHAR *problem = prepare(ctx);
        if (!PostMessageW(ctx->hwnd, WM_REPAIR_PREPARED, 0, (LPARAM)problem))
            free(problem);
        return 0;
    }
    bf_fix_opts hooks;
    memset(&hooks, 0, sizeof hooks);
    hooks.before_step = hook_before;
    hooks.after_step = hook_after;
    hooks.end_process = hook_end_process;
    hooks.cb = ctx;
    repair_outcome outcome;
    WCHAR *problem = NULL;
    bf_err ce;
    if (ctx->work == WORK_UNDO) {
        outcome = bf_session_undo(ctx->session, &ctx->sys, &hooks, &e) ? OUTCOME_UNDONE : OUTCOME_FAILED;
        bf_session_check_undo(ctx->session, &ctx->sys, &ce);    /* as before? (a failure shows as "cannot compare") */
    } else if (!bf_session_apply(ctx->session, &ctx->sys, &hooks, &e)) {
        outcome = e.code == BF_FIX_STOPPED ? OUTCOME_STOPPED : OUTCOME_FAILED;
        if (outcome == OUTCOME_FAILED && steps_undone(ctx->session))
            bf_session_check_undo(ctx->session, &ctx->sys, &ce);    /* the automatic rollback: as before? */
    } else if (!bf_session_verify(ctx->session, &ctx->sys, &e)) {
        outcome = OUTCOME_NOT_VERIFIED;
    } else {
        outcome = ctx->session->verified_ok ? OUTCOME_VERIFIED : OUTCOME_NOT_VERIFIED;
    }
    if (outcome == OUTCOME_FAILED || outcome == OUTCOME_STOPPED || (outcome == OUTCOME_NOT_VERIFIED && e.msg[0]))
        problem = err_text(&e);
    if (!PostMessageW(ctx->hwnd, WM_REPAIR_DONE, (WPARAM)outcome, (LPARAM)problem))
        free(problem);
    return 0;
}

/* The worker's result has arrived: posting it was the thread's last act, so this wait only covers its
 * return. Without it, a "closing" dialog could see the thread still alive and never close. */
static void reap_worker(repair_ctx *ctx)
{
    if (ctx->worker) {
        WaitForSingleObject(ctx->worker, INFINITE);
        CloseHandle(ctx->worker);
        ctx->worker = NULL;
    }
}

static bool start_worker(repair_ctx *ctx, repair_work work)
{
    reap_worker(ctx);
    ctx->work = work;
    uintptr_t th = _beginthreadex(NULL, 0, worker_main, ctx, 0, NULL);
    if (!th) {
        DWORD_PTR args[1] = {(DWORD_PTR)GetLastError()};
        WCHAR *text = bfgui_format(ctx->hinst, IDS_ERR_THREAD, args, 1);
        bfgui_message_box(ctx->hwnd, text, MB_OK | MB_ICONERROR);
        free(text);
        return false;
    }
    ctx->worker = (HANDLE)th;
    HWND apply = GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY);
    if (GetFocus() == apply)    /* not to the next control, the preview, which would select all its text */
        SendMessageW(ctx->hwnd, WM_NEXTDLGCTL, (WPARAM)GetDlgItem(ctx->hwnd, IDCANCEL), TRUE);
    EnableWindow(apply, FALSE);
    return true;
}

static bool worker_running(const repair_ctx *ctx)
{
    return ctx->worker && WaitForSingleObject(ctx->worker, 0) == WAIT_TIMEOUT;
}

/* ---- results on the UI thread ------------------------------------------------------------------- */

/* Rows are added with drawing off: under Wine each insert that changes the scroll range repaints the
 * whole list at once (170 ms for the verification rows, measured by the GUI fixture's watchdog). */
static void freeze_steps(repair_ctx *ctx, bool frozen)
{
    HWND list = GetDlgItem(ctx->hwnd, IDC_REPAIR_STEPS);
    SendMessageW(list, WM_SETREDRAW, frozen ? FALSE : TRUE, 0);
    if (!frozen)
        InvalidateRect(list, NULL, TRUE);
}

/* The comparison after an undo or a rollback: one row per result that differs, or one "As before" row;
 * the summary goes into the status line (returned, caller frees). */
static WCHAR *show_undo_check(repair_ctx *ctx)
{
    const bf_repair_session *s = ctx->session;
    WCHAR *summary = bfgui_undo_check_text(ctx->hinst, s, false);
    char *row = summary ? bfsys_wide_to_utf8(summary, -1) : NULL;
    bool same = s->undo_check.compared && s->undo_check.diff_count == 0;
    freeze_steps(ctx, true);
    if (row)
        add_row(ctx, row, IDS_STEP_STATUS_BASE + (same ? BF_STEP_DONE : BF_STEP_FAILED), same ? BF_IMAGE_OK : BF_IMAGE_ERROR);
    for (size_t i = 0; i < s->undo_check.diff_count; i++) {
        bf_buf b;
        bf_buf_init(&b);
        bf_undo_diff_line(&s->undo_check.diffs[i], &b);
        add_row(ctx, bf_buf_cstr(&b), IDS_STEP_STATUS_BASE + BF_STEP_FAILED, BF_IMAGE_ERROR);
        bf_buf_free(&b);
    }
    freeze_steps(ctx, false);
    free(row);
    return summary;
}

static void OnPrepared(repair_ctx *ctx, WCHAR *problem)
{
    bf_repair_session *s = ctx->session;
    if (problem) {
        DWORD_PTR args[1] = {(DWORD_PTR)problem};
        set_status_id(ctx, IDS_REPAIR_FAILED, args, 1);
        free(problem);
        return;
    }
    bf_buf all;
    bf_buf_init(&all);
    bf_buf_append(&all, bf_buf_cstr(&s->preview), s->preview.len);
    if (s->notes.len) {
        bf_buf_puts(&all, "\n");
        bf_buf_append(&all, bf_buf_cstr(&s->notes), s->notes.len);
    }
    WCHAR *preview = with_crlf(bf_buf_cstr(&all));
    bf_buf_free(&all);
    SetDlgItemTextW(ctx->hwnd, IDC_REPAIR_PREVIEW, preview ? preview : L"");
    SendDlgItemMessageW(ctx->hwnd, IDC_REPAIR_PREVIEW, EM_SETSEL, 0, 0);
    free(preview);
    size_t steps = s->plan ? s->plan->step_count : 0;
    freeze_steps(ctx, true);
    for (size_t i = 0; i < steps; i++)
        add_row(ctx, s->plan->steps[i].title, IDS_STEP_STATUS_BASE + s->plan->steps[i].status,
                image_of_status(s->plan->steps[i].status));
    freeze_steps(ctx, false);
    bool can_apply = steps > 0 && (ctx->mode == BF_REPAIR_UNDO || s->source == BF_SOURCE_LIVE);
    if (steps == 0) {
        set_status_id(ctx, IDS_REPAIR_NOTHING, NULL, 0);
    } else if (!can_apply) {
        set_status_id(ctx, IDS_REPAIR_PREVIEW_ONLY, NULL, 0);
    } else {
        DWORD_PTR args[1] = {(DWORD_PTR)steps};
        set_status_id(ctx, IDS_REPAIR_READY, args, 1);
        if (ctx->mode == BF_REPAIR_UNDO) {
            WCHAR *j = bfgui_wide(s->journal);
            DWORD_PTR a2[1] = {(DWORD_PTR)(j ? j : L"")};
            WCHAR *intro = bfgui_format(ctx->hinst, IDS_REPAIR_INTRO_UNDO, a2, 1);
            SetDlgItemTextW(ctx->hwnd, IDC_REPAIR_INTRO, intro ? intro : L"");
            free(intro);
            free(j);
        }
        if (!bfgui_is_elevated()) {
            /* say before the click what the click will do */
            set_status_id(ctx, IDS_REPAIR_NOT_ADMIN, NULL, 0);
        }
    }
    ctx->ready = can_apply;
    EnableWindow(GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY), can_apply);
    if (can_apply)
        SetFocus(GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY));
}

static void show_verification(repair_ctx *ctx)
{
    const bf_repair_session *s = ctx->session;
    freeze_steps(ctx, true);
    for (size_t i = 0; i < s->row_count; i++) {
        const bf_verify_row *r = &s->rows[i];
        char line[600];
        snprintf(line, sizeof line, "%s %s/%d %s: %s -> %s%s", r->protocol, r->transport, r->port, r->address,
                 r->was_failing ? bf_probe_result_label(r->before) : "-",
                 r->after_known ? bf_probe_result_label(r->after) : "no longer returned by the resolver",
                 r->greeting_after == BF_GREET_ANSWERED ? " (answers)" : "");
        add_row(ctx, line, r->fixed ? IDS_STEP_STATUS_BASE + BF_STEP_DONE : IDS_STEP_STATUS_BASE + BF_STEP_FAILED,
                r->fixed ? BF_IMAGE_OK : BF_IMAGE_ERROR);
    }
    freeze_steps(ctx, false);
}

/* Did the apply change anything (a step done, or under way when it stopped)? */
static bool steps_made(const bf_repair_session *s)
{
    for (size_t i = 0; s->plan && i < s->plan->step_count; i++)
        if (s->plan->steps[i].status == BF_STEP_DONE || s->plan->steps[i].status == BF_STEP_DOING)
            return true;
    return false;
}

static void OnDone(repair_ctx *ctx, repair_outcome outcome, WCHAR *problem)
{
    bf_repair_session *s = ctx->session;
    reap_worker(ctx);
    ctx->applied = ctx->applied || outcome != OUTCOME_FAILED || (s->plan && s->plan->state == BF_PLAN_FAILED);
    switch (outcome) {
    case OUTCOME_VERIFIED:
        show_verification(ctx);
        set_status_id(ctx, IDS_REPAIR_VERIFIED, NULL, 0);
        break;
    case OUTCOME_NOT_VERIFIED: {
        show_verification(ctx);
        WCHAR *j = bfgui_wide(s->journal);
        DWORD_PTR args[1] = {(DWORD_PTR)(j ? j : L"")};
        set_status_id(ctx, IDS_REPAIR_NOT_VERIFIED, args, 1);
        free(j);
        break;
    }
    case OUTCOME_UNDONE: {
        size_t n = 0;
        for (size_t i = 0; s->plan && i < s->plan->step_count; i++)
            n += s->plan->steps[i].status == BF_STEP_UNDONE;
        WCHAR *j = bfgui_wide(s->journal), *check = show_undo_check(ctx);
        DWORD_PTR args[3] = {(DWORD_PTR)n, (DWORD_PTR)(j ? j : L""), (DWORD_PTR)(check ? check : L"")};
        set_status_id(ctx, IDS_REPAIR_UNDONE, args, 3);
        free(j);
        free(check);
        break;
    }
    case OUTCOME_STOPPED:
    case OUTCOME_FAILED:
    default: {
        DWORD_PTR args[1] = {(DWORD_PTR)(problem ? problem : L"")};
        if (s->undo_check.done || (outcome == OUTCOME_FAILED && steps_undone(s))) {
            /* an undo that failed part-way, or the automatic rollback after a failed step: as before? */
            WCHAR *check = show_undo_check(ctx);
            DWORD_PTR a2[2] = {(DWORD_PTR)(problem ? problem : L""), (DWORD_PTR)(check ? check : L"")};
            set_status_id(ctx, IDS_REPAIR_FAILED_CHECKED, a2, 2);
            free(check);
        } else {
            set_status_id(ctx, IDS_REPAIR_FAILED, args, 1);
        }
        if (outcome == OUTCOME_STOPPED && steps_made(s)) {
            /* stopped at a safe point (Close pressed during Apply, too): the steps made stay made until the
             * administrator says; Yes rolls them back before the dialog closes, No keeps them (Undo last
             * repair can still put them back) */
            WCHAR *ask = bfgui_format(ctx->hinst, IDS_REPAIR_ROLLBACK_ASK, args, 1);
            if (bfgui_message_box(ctx->hwnd, ask, MB_YESNO | MB_ICONWARNING) == IDYES) {
                set_status_id(ctx, IDS_REPAIR_ROLLING_BACK, NULL, 0);
                start_worker(ctx, WORK_UNDO);
            }
            free(ask);
        }
        break;
    }
    }
    free(problem);
    if (ctx->closing && !worker_running(ctx))
        EndDialog(ctx->hwnd, IDCANCEL);
}

/* ---- dialog ------------------------------------------------------------------------------------------- */

static const WCHAR *mode_arg(bf_repair_mode mode)
{
    return mode == BF_REPAIR_RESTART ? L"/restart" : mode == BF_REPAIR_UNDO ? L"/undo" : L"/fix";
}

static void OnApply(repair_ctx *ctx)
{
    if (!ctx->ready || worker_running(ctx))
        return;
    if (!bfgui_is_elevated()) {
        /* the elevated copy scans this machine again, with the same catalogue */
        bf_gui_source live = {BF_SOURCE_LIVE, NULL, ctx->catalogue};
        DWORD rc = bfgui_relaunch(ctx->hwnd, mode_arg(ctx->mode), &live, true);
        if (rc == ERROR_SUCCESS) {
            EndDialog(ctx->hwnd, IDCANCEL);
        } else if (rc != ERROR_CANCELLED) {
            DWORD_PTR a[1] = {(DWORD_PTR)rc};
            set_status_id(ctx, IDS_REPAIR_ELEVATE_FAIL, a, 1);
        }
        return;
    }
    ctx->ready = false;
    set_status_id(ctx, IDS_REPAIR_APPLYING, NULL, 0);
    start_worker(ctx, ctx->mode == BF_REPAIR_UNDO ? WORK_UNDO : WORK_APPLY);
}

static void OnClose(repair_ctx *ctx)
{
    if (worker_running(ctx)) {
        /* an apply stops before its next step; a scan or an undo runs to its end */
        InterlockedExchange(&ctx->stop, 1);
        ctx->closing = true;
        set_status_id(ctx, IDS_REPAIR_STOPPING, NULL, 0);
        EnableWindow(GetDlgItem(ctx->hwnd, IDCANCEL), FALSE);
        return;
    }
    EndDialog(ctx->hwnd, IDCANCEL);
}

static void OnInitDialog(repair_ctx *ctx)
{
    static const UINT titles[] = {IDS_REPAIR_TITLE_FIX, IDS_REPAIR_TITLE_RESTART, IDS_REPAIR_TITLE_UNDO};
    static const UINT intros[] = {IDS_REPAIR_INTRO_FIX, IDS_REPAIR_INTRO_RESTART, IDS_REPAIR_INTRO_UNDO};
    WCHAR *t = bfgui_load_string(ctx->hinst, titles[ctx->mode]);
    SetWindowTextW(ctx->hwnd, t ? t : L"");
    free(t);
    DWORD_PTR none[1] = {(DWORD_PTR)L""};
    t = bfgui_format(ctx->hinst, intros[ctx->mode], none, 1);
    SetDlgItemTextW(ctx->hwnd, IDC_REPAIR_INTRO, t ? t : L"");
    free(t);
    if (ctx->mode == BF_REPAIR_UNDO) {
        t = bfgui_load_string(ctx->hinst, IDS_REPAIR_BTN_UNDO);
        SetDlgItemTextW(ctx->hwnd, IDC_REPAIR_APPLY, t ? t : L"");
        free(t);
    }
    bfgui_mark_shield(GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY));
    HWND list = GetDlgItem(ctx->hwnd, IDC_REPAIR_STEPS);
    SendMessageW(list, LVM_SETEXTENDEDLISTVIEWSTYLE, 0, LVS_EX_FULLROWSELECT | LVS_EX_LABELTIP);
    UINT dpi = bfgui_dpi_for_window(ctx->hwnd);
    int icon_cx = 0;
    HIMAGELIST images = bfgui_create_status_images(ctx->hinst, dpi, &icon_cx);
    if (images)
        SendMessageW(list, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)images);   /* the list owns it */
    RECT rc;
    GetClientRect(list, &rc);
    UINT cols[2] = {IDS_REPAIR_COL_STEP, IDS_REPAIR_COL_STATUS};
    int widths[2] = {rc.right - bfgui_scale(110, dpi), bfgui_scale(100, dpi)};
    for (int c = 0; c < 2; c++) {
        WCHAR *h = bfgui_load_string(ctx->hinst, cols[c]);
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM;
        col.pszText = h ? h : L"";
        col.cx = widths[c];
        col.iSubItem = c;
        SendMessageW(list, LVM_INSERTCOLUMNW, c, (LPARAM)&col);
        free(h);
    }
    /* a fixed-pitch font shows the before/after columns of the preview aligned */
    HFONT mono = (HFONT)GetStockObject(ANSI_FIXED_FONT);
    SendDlgItemMessageW(ctx->hwnd, IDC_REPAIR_PREVIEW, WM_SETFONT, (WPARAM)mono, FALSE);
    set_status_id(ctx, ctx->mode == BF_REPAIR_UNDO ? IDS_REPAIR_PLANNING : IDS_REPAIR_SCANNING, NULL, 0);
    start_worker(ctx, WORK_PREPARE);
}

static INT_PTR CALLBACK repair_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    repair_ctx *ctx = (repair_ctx *)GetWindowLongPtrW(hwnd, DWLP_USER);
    switch (msg) {
    case WM_INITDIALOG:
        ctx = (repair_ctx *)lp;
        ctx->hwnd = hwnd;
        SetWindowLongPtrW(hwnd, DWLP_USER, (LONG_PTR)ctx);
        OnInitDialog(ctx);
        return FALSE;   /* the focus was placed */
    case WM_COMMAND:
        if (!ctx)
            return FALSE;
        switch (LOWORD(wp)) {
        case IDC_REPAIR_APPLY: OnApply(ctx); return TRUE;
        case IDCANCEL: OnClose(ctx); return TRUE;
        case IDHELP:
            bfgui_help_open(ctx->hinst, hwnd, ctx->mode == BF_REPAIR_RESTART ? BF_HELP_DLG_RESTART
                                              : ctx->mode == BF_REPAIR_UNDO  ? BF_HELP_DLG_UNDO
                                                                              : BF_HELP_DLG_FIX);
            return TRUE;
        default: return FALSE;
        }
    case WM_HELP:
        SendMessageW(hwnd, WM_COMMAND, IDHELP, 0);
        return TRUE;
    case WM_REPAIR_PREPARED:
        OnPrepared(ctx, (WCHAR *)lp);
        if (ctx->closing)
            EndDialog(hwnd, IDCANCEL);
        return TRUE;
    case WM_REPAIR_STEP:
        show_step(ctx, (size_t)wp, (bf_step_status)lp);
        return TRUE;
    case WM_REPAIR_DONE:
        OnDone(ctx, (repair_outcome)wp, (WCHAR *)lp);
        return TRUE;
    case WM_BF_ASK_END_PROCESS: {
        const bf_fix_plan *p = ctx->session->plan;     /* the worker waits in SendMessage meanwhile */
        bool yes = p && wp < p->step_count &&
                   bfgui_ask_end_process(ctx->hinst, hwnd, p->steps[wp].target, ctx->session->service_timeout_ms);
        SetWindowLongPtrW(hwnd, DWLP_MSGRESULT, yes ? 1 : 0);
        return TRUE;
    }
    default:
        return FALSE;
    }
}

bool bfgui_repair_dialog(HINSTANCE hinst, HWND owner, bf_repair_mode mode, const bf_gui_source *src,
                         const WCHAR *journal)
{
    repair_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return false;
    ctx->hinst = hinst;
    ctx->mode = mode;
    ctx->source = src->kind;
    ctx->path = src->snapshot ? _wcsdup(src->snapshot) : NULL;
    ctx->catalogue = src->catalogue ? _wcsdup(src->catalogue) : NULL;
    ctx->journal = journal ? _wcsdup(journal) : NULL;
    ctx->session = bf_session_create();
    if (ctx->session)
        ctx->session->service_timeout_ms = bfgui_settings_service_timeout_ms();
    bfsys_system_init(&ctx->sys);
    bool changed = false;
    if (ctx->session && (!src->snapshot || ctx->path) && (!src->catalogue || ctx->catalogue)
        && (!journal || ctx->journal)) {
        DialogBoxParamW(hinst, MAKEINTRESOURCEW(IDD_REPAIR), owner, repair_proc, (LPARAM)ctx);
        reap_worker(ctx);
        changed = ctx->applied;
    }
    /* messages a worker posted after the dialog ended carry memory */
    MSG m;
    while (PeekMessageW(&m, NULL, WM_REPAIR_PREPARED, WM_REPAIR_DONE, PM_REMOVE))
        if (m.message != WM_REPAIR_STEP)
            free((WCHAR *)m.lParam);
    bf_session_destroy(ctx->session);
    bfsys_system_free(&ctx->sys);
    free(ctx->path);
    free(ctx->catalogue);
    free(ctx->journal);
    free(ctx);
    return changed;
}
