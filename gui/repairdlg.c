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
#include "repairjob.h"

#include "helptopics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum repair_outcome {
    OUTCOME_VERIFIED = 0, OUTCOME_NOT_VERIFIED, OUTCOME_FAILED, OUTCOME_STOPPED, OUTCOME_UNDONE,
    OUTCOME_RESTART_PENDING     /* applied; Windows takes it into use after a restart (NETCFG_S_REBOOT) */
} repair_outcome;

typedef enum repair_work { WORK_PREPARE = 0, WORK_APPLY, WORK_UNDO } repair_work;

/* The dialog's controls and how each follows a change of the dialog's size (WM_SIZE): the texts and
 * lists grow with the width; the preview and the steps share the extra height; the result line and the
 * buttons keep to the bottom, Apply and Close to the right. */
enum { GROW_W = 1, MOVE_X = 2, MOVE_Y = 4, HALF_H = 8, HALF_Y = 16 };
static const struct {
    int id;
    unsigned anchor;
} repair_layout[] = {
    {IDC_REPAIR_INTRO, GROW_W},
    {IDC_REPAIR_PREVIEW_LABEL, GROW_W},
    {IDC_REPAIR_PREVIEW, GROW_W | HALF_H},
    {IDC_REPAIR_STEPS_LABEL, GROW_W | HALF_Y},
    {IDC_REPAIR_STEPS, GROW_W | HALF_Y | HALF_H},
    {IDC_REPAIR_STATUS_LABEL, MOVE_Y},
    {IDC_REPAIR_STATUS, GROW_W | MOVE_Y},
    {IDHELP, MOVE_Y},
    {IDC_REPAIR_APPLY, MOVE_X | MOVE_Y},
    {IDCANCEL, MOVE_X | MOVE_Y},
};
#define REPAIR_CONTROLS (sizeof repair_layout / sizeof repair_layout[0])

typedef struct repair_ctx {
    HINSTANCE hinst;
    HWND hwnd;
    bf_repair_mode mode;
    bf_repair_job job;          /* the source, the session, the worker */
    bool ready;                 /* a plan with steps is shown */
    bool applied;               /* the machine was changed */
    bool closing;               /* Close was pressed while a worker ran */
    HFONT mono;                 /* the preview's font (bfgui_create_mono_font at the dialog's DPI) */
    /* WM_SIZE: each control's rectangle in the template's layout and that client size; anchors below */
    SIZE client0;
    RECT place0[REPAIR_CONTROLS];
    UINT dpi0;                  /* the DPI those are at */
} repair_ctx;

/* ---- helpers --------------------------------------------------------------------------------- */

static void set_status_id(repair_ctx *ctx, UINT id, const DWORD_PTR *args, size_t n)
{
    WCHAR *text = n ? bfgui_format(ctx->hinst, id, args, n) : bfgui_load_string(ctx->hinst, id);
    bfgui_set_status(GetDlgItem(ctx->hwnd, IDC_REPAIR_STATUS), text ? text : L"");    /* and announced */
    free(text);
}

static HWND steps_list(repair_ctx *ctx)
{
    return GetDlgItem(ctx->hwnd, IDC_REPAIR_STEPS);
}

/* a row that is not a plan step (a verification or comparison line): Done or Failed */
static void add_line(repair_ctx *ctx, const char *text, bool good)
{
    bfgui_steps_add(ctx->hinst, steps_list(ctx), text, good ? BF_STEP_DONE : BF_STEP_FAILED, (LPARAM)-1);
}

/* ---- the worker --------------------------------------------------------------------------------- */

static bool start_worker(repair_ctx *ctx, repair_work work)
{
    static const bf_job_work prepare_fix[] = {BF_JOB_SCAN, BF_JOB_PLAN};
    static const bf_job_work prepare_undo[] = {BF_JOB_JOURNAL};
    static const bf_job_work apply[] = {BF_JOB_APPLY, BF_JOB_VERIFY};
    static const bf_job_work undo[] = {BF_JOB_UNDO};
    const bf_job_work *works = work == WORK_APPLY ? apply : work == WORK_UNDO ? undo
                               : ctx->mode == BF_REPAIR_UNDO ? prepare_undo : prepare_fix;
    size_t n = work == WORK_APPLY || (work == WORK_PREPARE && ctx->mode != BF_REPAIR_UNDO) ? 2 : 1;
    if (!bfgui_job_start(&ctx->job, ctx->hwnd, ctx->hwnd, works, n, false, (int)work))
        return false;
    HWND apply_btn = GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY);
    if (GetFocus() == apply_btn)    /* not to the next control, the preview, which would select all its text */
        SendMessageW(ctx->hwnd, WM_NEXTDLGCTL, (WPARAM)GetDlgItem(ctx->hwnd, IDCANCEL), TRUE);
    EnableWindow(apply_btn, FALSE);
    return true;
}

/* What an apply or an undo came to. */
static repair_outcome outcome_of(repair_ctx *ctx, const bf_job_result *res)
{
    if (res->tag == WORK_UNDO)
        return res->ok ? OUTCOME_UNDONE : OUTCOME_FAILED;
    if (res->failed == BF_JOB_APPLY)
        return res->stopped || res->drift ? OUTCOME_STOPPED : OUTCOME_FAILED;   /* drift: stopped before a changed value */
    if (res->failed == BF_JOB_VERIFY)
        return OUTCOME_NOT_VERIFIED;
    if (ctx->job.session->restart_pending)
        return OUTCOME_RESTART_PENDING;
    return ctx->job.session->verified_ok ? OUTCOME_VERIFIED : OUTCOME_NOT_VERIFIED;
}

/* ---- results on the UI thread ------------------------------------------------------------------- */

/* Rows are added with drawing off: under Wine each insert that changes the scroll range repaints the
 * whole list at once (170 ms for the verification rows, measured by the GUI fixture's watchdog). */
static void freeze_steps(repair_ctx *ctx, bool frozen)
{
    HWND list = steps_list(ctx);
    SendMessageW(list, WM_SETREDRAW, frozen ? FALSE : TRUE, 0);
    if (!frozen)
        InvalidateRect(list, NULL, TRUE);
}

/* The comparison after an undo or a rollback: one row per result that differs, or one "As before" row;
 * the summary goes into the status line (returned, caller frees). */
static WCHAR *show_undo_check(repair_ctx *ctx)
{
    const bf_repair_session *s = ctx->job.session;
    WCHAR *summary = bfgui_undo_check_text(ctx->hinst, s, false);
    char *row = summary ? bfsys_wide_to_utf8(summary, -1) : NULL;
    bool same = s->undo_check.compared && s->undo_check.diff_count == 0;
    freeze_steps(ctx, true);
    if (row)
        add_line(ctx, row, same);
    for (size_t i = 0; i < s->undo_check.diff_count; i++) {
        bf_buf b;
        bf_buf_init(&b);
        bf_undo_diff_line(&s->undo_check.diffs[i], &b);
        add_line(ctx, bf_buf_cstr(&b), false);
        bf_buf_free(&b);
    }
    freeze_steps(ctx, false);
    free(row);
    return summary;
}

static void OnPrepared(repair_ctx *ctx, const bf_job_result *res)
{
    bf_repair_session *s = ctx->job.session;
    if (!res->ok && !res->stale) {
        DWORD_PTR args[1] = {(DWORD_PTR)(res->error ? res->error : L"")};
        set_status_id(ctx, IDS_REPAIR_FAILED, args, 1);
        return;
    }
    bf_buf all;
    bf_buf_init(&all);
    bf_buf_append(&all, bf_buf_cstr(&s->preview), s->preview.len);
    if (s->notes.len) {
        bf_buf_puts(&all, "\n");
        bf_buf_append(&all, bf_buf_cstr(&s->notes), s->notes.len);
    }
    /* what the machine sends from now: the verification shows it again after the repair */
    if (ctx->mode != BF_REPAIR_UNDO)
        bfgui_source_preview_utf8(ctx->hinst, s->before, &all);
    bfgui_set_edit_utf8(GetDlgItem(ctx->hwnd, IDC_REPAIR_PREVIEW), bf_buf_cstr(&all));
    bf_buf_free(&all);
    SendDlgItemMessageW(ctx->hwnd, IDC_REPAIR_PREVIEW, EM_SETSEL, 0, 0);
    size_t steps = s->plan ? s->plan->step_count : 0;
    freeze_steps(ctx, true);
    ListView_DeleteAllItems(steps_list(ctx));   /* a stale preview shown again: its steps replace the old */
    if (res->stale) {   /* what changed since the preview, one row each, above the new steps */
        char *rows = bfsys_wide_to_utf8(res->error ? res->error : L"", -1), *line = rows;
        while (line && *line) {
            char *nl = strchr(line, '\n');
            if (nl)
                *nl = 0;
            if (*line)
                add_line(ctx, line, false);
            line = nl ? nl + 1 : NULL;
        }
        free(rows);
    }
    for (size_t i = 0; i < steps; i++)
        bfgui_steps_add(ctx->hinst, steps_list(ctx), s->plan->steps[i].title, s->plan->steps[i].status, (LPARAM)i);
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
    if (res->stale) {
        /* the new preview is above; what changed is the list's first rows, and in the status line */
        DWORD_PTR args[1] = {(DWORD_PTR)(res->error ? res->error : L"")};
        set_status_id(ctx, IDS_REPAIR_STALE, args, 1);
    }
    ctx->ready = can_apply;
    EnableWindow(GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY), can_apply);
    if (can_apply)
        SetFocus(GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY));
}

/* A cause the repair addressed, or one of its effects, as a row of the steps list: "Cause BF-HOSTS-PIN:
 * <title> (Gone; 4 of 5 effects gone)" or "    Effect BF-BIND-10049: <title>", and the verdict in words
 * beside its icon. */
typedef struct cause_rows_cb {
    repair_ctx *ctx;
} cause_rows_cb;

static void add_cause_row(void *cb, const bfgui_cause_row *r)
{
    repair_ctx *ctx = ((cause_rows_cb *)cb)->ctx;
    DWORD_PTR args[3] = {(DWORD_PTR)r->id, (DWORD_PTR)r->title, (DWORD_PTR)r->after};
    WCHAR *line = bfgui_format(ctx->hinst, r->effect ? IDS_REPAIR_EFFECT_ROW : IDS_REPAIR_CAUSE_ROW, args, r->effect ? 2 : 3);
    const WCHAR *word = r->verdict;
    while (*word == L' ')   /* the verdict column needs no indent: the line has it */
        word++;
    const WCHAR *cells[2] = {line ? line : L"", word};
    bfgui_list_add(steps_list(ctx), r->good ? BF_IMAGE_OK : BF_IMAGE_ERROR, cells, 2, (LPARAM)-1);
    free(line);
}

/* The source address toward a default gateway before and after, as a row of the steps list. */
static void add_source_row(void *cb, const bfgui_source_row *r)
{
    repair_ctx *ctx = ((cause_rows_cb *)cb)->ctx;
    const WCHAR *cells[2] = {r->line, r->verdict};
    bfgui_list_add(steps_list(ctx), r->good ? BF_IMAGE_OK : BF_IMAGE_WARNING, cells, 2, (LPARAM)-1);
}

static void show_verification(repair_ctx *ctx)
{
    const bf_repair_session *s = ctx->job.session;
    cause_rows_cb cb = {ctx};
    HWND list = steps_list(ctx);
    int first = (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0);     /* the verification's first row */
    freeze_steps(ctx, true);
    /* per cause first (the core's verification, as the CLI's PER CAUSE), then per protocol address */
    bfgui_verify_cause_rows(ctx->hinst, s, add_cause_row, &cb);
    for (size_t i = 0; i < s->row_count; i++) {
        const bf_verify_row *r = &s->rows[i];
        WCHAR *proto = bfgui_verify_protocol_text(r), *addr = bfgui_wide(r->address);
        WCHAR *before = bfgui_verify_before_text(ctx->hinst, r), *after = bfgui_verify_after_text(ctx->hinst, r);
        DWORD_PTR args[4] = {(DWORD_PTR)(proto ? proto : L""), (DWORD_PTR)(addr ? addr : L""),
                             (DWORD_PTR)(before ? before : L""), (DWORD_PTR)(after ? after : L"")};
        WCHAR *line = bfgui_format(ctx->hinst, IDS_REPAIR_VERIFY_ROW, args, 4);
        WCHAR *word = bfgui_step_status_text(ctx->hinst, r->fixed ? BF_STEP_DONE : BF_STEP_FAILED);
        const WCHAR *cells[2] = {line, word};
        bfgui_list_add(steps_list(ctx), r->fixed ? BF_IMAGE_OK : BF_IMAGE_ERROR, cells, 2, (LPARAM)-1);
        free(proto);
        free(addr);
        free(before);
        free(after);
        free(line);
        free(word);
    }
    /* then what the machine sends from toward each gateway, before -> after (the CLI's SOURCE ADDRESSES) */
    bfgui_source_rows(ctx->hinst, s->before, s->after, add_source_row, &cb);
    /* a cause's line (its ID, its title and how many of its effects went) is longer than the column made
     * for a step's title, and a verdict ("Source unchanged") may be longer than a step's status: each
     * column takes its widest cell (never narrower than it was) and the list scrolls sideways, rather than
     * end them in an ellipsis (the icon at the start still gives the verdict) */
    for (int c = 0; c < 2; c++) {
        int was = (int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0);
        SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, LVSCW_AUTOSIZE);
        if ((int)SendMessageW(list, LVM_GETCOLUMNWIDTH, (WPARAM)c, 0) < was)
            SendMessageW(list, LVM_SETCOLUMNWIDTH, (WPARAM)c, was);
    }
    freeze_steps(ctx, false);
    /* what the administrator looks for now: the verification, its first row scrolled to the top as far as
     * the rows allow, once the list draws again (Wine's list view without redraw drops a scroll);
     * LVM_SCROLL: pixels in report view, from the row at the top now */
    RECT at = {LVIR_BOUNDS, 0, 0, 0}, top = {LVIR_BOUNDS, 0, 0, 0};
    int top_row = (int)SendMessageW(list, LVM_GETTOPINDEX, 0, 0);
    if (first < (int)SendMessageW(list, LVM_GETITEMCOUNT, 0, 0) &&
        SendMessageW(list, LVM_GETITEMRECT, (WPARAM)first, (LPARAM)&at) &&
        SendMessageW(list, LVM_GETITEMRECT, (WPARAM)top_row, (LPARAM)&top))
        SendMessageW(list, LVM_SCROLL, 0, at.top - top.top);
}

/* A value changed since the preview (apply) or since the repair (undo): the step stopped before it with
 * nothing more changed. The administrator may force it: Yes runs the same work again writing over it. */
static bool ask_force(repair_ctx *ctx, const bf_job_result *res)
{
    DWORD_PTR args[1] = {(DWORD_PTR)(res->error ? res->error : L"")};
    WCHAR *ask = bfgui_format(ctx->hinst, IDS_REPAIR_FORCE_ASK, args, 1);
    bool yes = ask && bfgui_message_box(ctx->hwnd, ask, MB_YESNO | MB_ICONWARNING | MB_DEFBUTTON2) == IDYES;
    free(ask);
    if (!yes)
        return false;
    ctx->job.force = true;
    set_status_id(ctx, IDS_REPAIR_APPLYING, NULL, 0);
    return start_worker(ctx, res->tag == WORK_UNDO ? WORK_UNDO : WORK_APPLY);
}

static void OnDone(repair_ctx *ctx, const bf_job_result *res)
{
    bf_repair_session *s = ctx->job.session;
    if (res->stale) {   /* nothing was applied: the new preview, saying what changed */
        bfgui_job_reap(&ctx->job);
        OnPrepared(ctx, res);
        if (ctx->closing)
            EndDialog(ctx->hwnd, IDCANCEL);
        return;
    }
    repair_outcome outcome = outcome_of(ctx, res);
    const WCHAR *problem = outcome == OUTCOME_NOT_VERIFIED && res->failed != BF_JOB_VERIFY ? NULL : res->error;
    bfgui_job_reap(&ctx->job);
    ctx->applied = ctx->applied || outcome != OUTCOME_FAILED || (s->plan && s->plan->state == BF_PLAN_FAILED);
    switch (outcome) {
    case OUTCOME_VERIFIED:
        show_verification(ctx);
        set_status_id(ctx, IDS_REPAIR_VERIFIED, NULL, 0);
        break;
    case OUTCOME_NOT_VERIFIED:
    case OUTCOME_RESTART_PENDING: {
        show_verification(ctx);
        WCHAR *j = bfgui_wide(s->journal);
        DWORD_PTR args[1] = {(DWORD_PTR)(j ? j : L"")};
        set_status_id(ctx, outcome == OUTCOME_RESTART_PENDING ? IDS_REPAIR_RESTART_PENDING : IDS_REPAIR_NOT_VERIFIED,
                      args, 1);
        free(j);
        break;
    }
    case OUTCOME_UNDONE: {
        size_t n = bfgui_job_count_steps(s, BF_STEP_UNDONE);
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
        if (s->undo_check.done || (outcome == OUTCOME_FAILED && bfgui_job_count_steps(s, BF_STEP_UNDONE))) {
            /* an undo that failed part-way, or the automatic rollback after a failed step: as before? */
            WCHAR *check = show_undo_check(ctx);
            DWORD_PTR a2[2] = {(DWORD_PTR)(problem ? problem : L""), (DWORD_PTR)(check ? check : L"")};
            set_status_id(ctx, IDS_REPAIR_FAILED_CHECKED, a2, 2);
            free(check);
        } else {
            set_status_id(ctx, IDS_REPAIR_FAILED, args, 1);
        }
        if (res->drift && !ctx->closing && ask_force(ctx, res))
            break;
        if (outcome == OUTCOME_STOPPED &&
            bfgui_job_count_steps(s, BF_STEP_DONE) + bfgui_job_count_steps(s, BF_STEP_DOING)) {
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
    if (ctx->closing && !bfgui_job_running(&ctx->job))
        EndDialog(ctx->hwnd, IDCANCEL);
}

/* ---- dialog ------------------------------------------------------------------------------------------- */

static const WCHAR *mode_arg(bf_repair_mode mode)
{
    return mode == BF_REPAIR_RESTART ? L"/restart" : mode == BF_REPAIR_UNDO ? L"/undo" : L"/fix";
}

static void OnApply(repair_ctx *ctx)
{
    if (!ctx->ready || bfgui_job_running(&ctx->job))
        return;
    if (!bfgui_is_elevated()) {
        /* the elevated copy scans this machine again, with the same catalogue */
        bf_gui_source live = {BF_SOURCE_LIVE, NULL, ctx->job.catalogue, ctx->job.sys.trust_files, false};
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
    if (bfgui_job_running(&ctx->job)) {
        /* an apply stops before its next step; a scan or an undo runs to its end */
        bfgui_job_stop(&ctx->job);
        ctx->closing = true;
        set_status_id(ctx, IDS_REPAIR_STOPPING, NULL, 0);
        EnableWindow(GetDlgItem(ctx->hwnd, IDCANCEL), FALSE);
        return;
    }
    EndDialog(ctx->hwnd, IDCANCEL);
}

/* a fixed-pitch font shows the before/after columns of the preview aligned: the wizard's, at the dialog's
 * DPI and the message font's size (ANSI_FIXED_FONT was a bitmap font a third of the label's height at
 * 192 DPI, blind to the text-size setting and to non-Latin names) */
static void set_mono_font(repair_ctx *ctx, UINT dpi)
{
    HFONT font = bfgui_create_mono_font(dpi);
    if (!font)
        return;     /* the dialog's own font stays */
    SendDlgItemMessageW(ctx->hwnd, IDC_REPAIR_PREVIEW, WM_SETFONT, (WPARAM)font, TRUE);
    if (ctx->mono)
        DeleteObject(ctx->mono);
    ctx->mono = font;
}

static void remember_layout(repair_ctx *ctx)
{
    RECT c;
    GetClientRect(ctx->hwnd, &c);
    ctx->client0.cx = c.right;
    ctx->client0.cy = c.bottom;
    ctx->dpi0 = bfgui_dpi_for_window(ctx->hwnd);
    for (size_t i = 0; i < REPAIR_CONTROLS; i++) {
        HWND ctl = GetDlgItem(ctx->hwnd, repair_layout[i].id);
        SetRectEmpty(&ctx->place0[i]);
        if (ctl) {
            GetWindowRect(ctl, &ctx->place0[i]);
            MapWindowPoints(NULL, ctx->hwnd, (POINT *)&ctx->place0[i], 2);
        }
    }
}

/* WM_SIZE: every control placed from its template rectangle and the growth since (never smaller than the
 * template: WM_GETMINMAXINFO keeps the dialog at least that big) */
static void OnSize(repair_ctx *ctx, int cx, int cy)
{
    if (!ctx->client0.cx || !cx || !cy)
        return;     /* before WM_INITDIALOG's measure, or minimized */
    int dx = cx - ctx->client0.cx, dy = cy - ctx->client0.cy;
    if (dx < 0)
        dx = 0;
    if (dy < 0)
        dy = 0;
    HDWP dwp = BeginDeferWindowPos((int)REPAIR_CONTROLS);
    for (size_t i = 0; i < REPAIR_CONTROLS; i++) {
        HWND ctl = GetDlgItem(ctx->hwnd, repair_layout[i].id);
        unsigned a = repair_layout[i].anchor;
        RECT r = ctx->place0[i];
        if (!ctl || IsRectEmpty(&r))
            continue;
        int x = r.left + (a & MOVE_X ? dx : 0), y = r.top + (a & MOVE_Y ? dy : 0) + (a & HALF_Y ? dy / 2 : 0);
        int w = r.right - r.left + (a & GROW_W ? dx : 0), h = r.bottom - r.top + (a & HALF_H ? dy - dy / 2 : 0);
        if (a & HALF_H && !(a & HALF_Y))
            h = r.bottom - r.top + dy / 2;
        if (dwp)
            dwp = DeferWindowPos(dwp, ctl, NULL, x, y, w, h, SWP_NOZORDER | SWP_NOACTIVATE);
        else
            SetWindowPos(ctl, NULL, x, y, w, h, SWP_NOZORDER | SWP_NOACTIVATE);
    }
    if (dwp)
        EndDeferWindowPos(dwp);
    InvalidateRect(ctx->hwnd, NULL, TRUE);
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
    bfgui_shield_words(ctx->hinst, GetDlgItem(ctx->hwnd, IDC_REPAIR_APPLY), NULL);
    int icon_cx = 0;
    /* the list owns its image list (no LVS_SHAREIMAGELISTS) */
    bfgui_steps_setup(ctx->hinst, steps_list(ctx),
                      bfgui_create_status_images(ctx->hinst, bfgui_dpi_for_window(ctx->hwnd), &icon_cx));
    set_mono_font(ctx, bfgui_dpi_for_window(ctx->hwnd));
    remember_layout(ctx);
    /* the preview is where the change will be shown; Apply takes the focus once there is one to apply */
    SetFocus(GetDlgItem(ctx->hwnd, IDC_REPAIR_PREVIEW));
    set_status_id(ctx, ctx->mode == BF_REPAIR_UNDO ? IDS_REPAIR_PLANNING : IDS_REPAIR_SCANNING, NULL, 0);
    start_worker(ctx, WORK_PREPARE);
}

static INT_PTR CALLBACK repair_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    repair_ctx *ctx = (repair_ctx *)GetWindowLongPtrW(hwnd, DWLP_USER);
    size_t step;
    bf_step_status status;
    if (ctx && bfgui_job_message(&ctx->job, hwnd, hwnd, steps_list(ctx), msg, wp, lp, &step, &status))
        return TRUE;
    if (ctx && bfgui_job_lock_wait_message(&ctx->job, hwnd, IDC_REPAIR_STATUS, msg, wp, lp))
        return TRUE;
    switch (msg) {
    case WM_INITDIALOG:
        ctx = (repair_ctx *)lp;
        ctx->hwnd = hwnd;
        SetWindowLongPtrW(hwnd, DWLP_USER, (LONG_PTR)ctx);
        OnInitDialog(ctx);
        return FALSE;   /* the focus was placed */
    case WM_SIZE:
        if (ctx && wp != SIZE_MINIMIZED)
            OnSize(ctx, LOWORD(lp), HIWORD(lp));
        return FALSE;
    case WM_GETMINMAXINFO:
        if (ctx && ctx->client0.cx) {
            RECT r = {0, 0, ctx->client0.cx, ctx->client0.cy};
            AdjustWindowRectEx(&r, (DWORD)GetWindowLongW(hwnd, GWL_STYLE), FALSE, (DWORD)GetWindowLongW(hwnd, GWL_EXSTYLE));
            MINMAXINFO *mm = (MINMAXINFO *)lp;
            mm->ptMinTrackSize.x = r.right - r.left;
            mm->ptMinTrackSize.y = r.bottom - r.top;
            return TRUE;
        }
        return FALSE;
    case WM_DPICHANGED:
        /* the dialog manager scales the template's font and places the controls (per-monitor v2); the
         * preview's font is ours, and the new layout is the base of later resizing */
        if (ctx) {
            UINT dpi = HIWORD(wp);
            set_mono_font(ctx, dpi);
            if (ctx->dpi0 && dpi) {     /* the template layout, at the new DPI */
                ctx->client0.cx = MulDiv(ctx->client0.cx, (int)dpi, (int)ctx->dpi0);
                ctx->client0.cy = MulDiv(ctx->client0.cy, (int)dpi, (int)ctx->dpi0);
                for (size_t i = 0; i < REPAIR_CONTROLS; i++) {
                    RECT *r = &ctx->place0[i];
                    SetRect(r, MulDiv(r->left, (int)dpi, (int)ctx->dpi0), MulDiv(r->top, (int)dpi, (int)ctx->dpi0),
                            MulDiv(r->right, (int)dpi, (int)ctx->dpi0), MulDiv(r->bottom, (int)dpi, (int)ctx->dpi0));
                }
                ctx->dpi0 = dpi;
            }
            const RECT *want = (const RECT *)lp;
            SetWindowPos(hwnd, NULL, want->left, want->top, want->right - want->left, want->bottom - want->top,
                         SWP_NOZORDER | SWP_NOACTIVATE);
        }
        return FALSE;   /* and the dialog manager does its part */
    case WM_SETTINGCHANGE:
        /* the text size or the message font changed: the preview's font follows, as the labels do */
        if (ctx && (wp == SPI_SETNONCLIENTMETRICS || wp == SPI_SETICONTITLELOGFONT || wp == 0))
            set_mono_font(ctx, bfgui_dpi_for_window(hwnd));
        return FALSE;
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
    case WM_BF_JOB_DONE: {
        bf_job_result *res = (bf_job_result *)lp;
        if (res->tag == WORK_PREPARE) {
            bfgui_job_reap(&ctx->job);
            OnPrepared(ctx, res);
            if (ctx->closing)
                EndDialog(hwnd, IDCANCEL);
        } else {
            OnDone(ctx, res);
        }
        bfgui_job_result_free(res);
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
    bool changed = false;
    if (bfgui_job_init(&ctx->job, hinst, src, journal)) {
        ctx->job.restart_only = mode == BF_REPAIR_RESTART;
        DialogBoxParamW(hinst, MAKEINTRESOURCEW(IDD_REPAIR), owner, repair_proc, (LPARAM)ctx);
        changed = ctx->applied;
    }
    bfgui_job_free(&ctx->job);     /* joins a worker still running; frees what it posted too late */
    if (ctx->mono)
        DeleteObject(ctx->mono);   /* the dialog, which used it, is gone */
    free(ctx);
    return changed;
}
