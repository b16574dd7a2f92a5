/*
 * wizpage_review.c - Review the changes: the plan for the chosen fixes, read from the machine now (a
 * worker runs bf_session_plan), every step with its exact value before and after, and what bindfix
 * will not change (the notes). Planned again whenever the choice changed; nothing is changed here.
 */
#include "wizard.h"

#include <stdlib.h>

static size_t first_service_step(const bf_fix_plan *p)
{
    size_t i = 0;
    while (p && i < p->step_count && !bfwiz_is_service_step(p->steps[i].kind))
        i++;
    return i;
}

static void show_plan(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    size_t steps = s->plan ? s->plan->step_count : 0;
    bfgui_set_edit_utf8(GetDlgItem(page, IDC_WIZ_PREVIEW), bf_buf_cstr(&s->preview));
    /* the notes end with what the machine sends from toward each gateway now (Verify compares it after) */
    bf_buf src;
    bf_buf_init(&src);
    bfgui_source_preview_utf8(w->hinst, s->before, &src);
    if (w->stale_note) {
        /* Apply found the machine changed: what changed goes first in the notes, which have the room */
        char *what = bfsys_wide_to_utf8(w->stale_note, -1);
        bf_buf b;
        bf_buf_init(&b);
        bf_buf_printf(&b, "%s\n%s%s", what ? what : "", bf_buf_cstr(&s->notes), bf_buf_cstr(&src));
        bfgui_set_edit_utf8(GetDlgItem(page, IDC_WIZ_NOTES), bf_buf_cstr(&b));
        bf_buf_free(&b);
        free(what);
    } else if (s->notes.len || src.len) {
        bf_buf b;
        bf_buf_init(&b);
        bf_buf_printf(&b, "%s%s", bf_buf_cstr(&s->notes), bf_buf_cstr(&src));
        bfgui_set_edit_utf8(GetDlgItem(page, IDC_WIZ_NOTES), bf_buf_cstr(&b));
        bf_buf_free(&b);
    } else {
        bfwiz_set_text(w, page, IDC_WIZ_NOTES, IDS_WIZ_NOTES_NONE, NULL, 0);
    }
    bf_buf_free(&src);
    if (w->stale_note) {    /* this is the new preview */
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_PLAN_STALE, NULL, 0);
    } else if (steps) {
        DWORD_PTR args[1] = {(DWORD_PTR)steps};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_PLAN_READY, args, 1);
    } else {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, w->job.source == BF_SOURCE_LIVE ? IDS_WIZ_PLAN_EMPTY : IDS_WIZ_PLAN_NOT_LIVE,
                       NULL, 0);
    }
    /* an empty plan still goes on: to the Finish page, which says there was nothing to change */
    bfwiz_buttons(w, page, PSWIZB_BACK | PSWIZB_NEXT);
}

static void start_plan(bf_wizard *w, HWND page)
{
    free(w->stale_note);    /* a new plan: a new preview */
    w->stale_note = NULL;
    SetDlgItemTextW(page, IDC_WIZ_PREVIEW, L"");
    SetDlgItemTextW(page, IDC_WIZ_NOTES, L"");
    bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_PLANNING, NULL, 0);
    if (bfwiz_start(w, page, BFWIZ_WORK_PLAN))
        PropSheet_SetWizButtons(w->sheet, PSWIZB_BACK);
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    w->running = false;
    if (res->ok) {
        w->planned = true;
        w->first_service_step = first_service_step(w->session->plan);
        show_plan(w, page);
    } else {
        bfwiz_show_failure(w, page, IDS_WIZ_PLAN_FAILED, res);
        bfwiz_buttons(w, page, PSWIZB_BACK);
    }
    bfwiz_work_ended(w, res);
}

static void init(bf_wizard *w, HWND page)
{
    SendDlgItemMessageW(page, IDC_WIZ_PREVIEW, WM_SETFONT, (WPARAM)w->mono_font, FALSE);
}

static void set_active(bf_wizard *w, HWND page)
{
    if (w->planned)
        show_plan(w, page);
    else if (!w->running)
        start_plan(w, page);
}

static LRESULT wiz_next(bf_wizard *w, HWND page)
{
    (void)page;
    free(w->stale_note);    /* seen */
    w->stale_note = NULL;
    if (!w->planned)
        return -1;
    if (!w->session->plan || w->session->plan->step_count == 0)
        return IDD_WIZ_FINISH;      /* nothing to apply, restart or verify */
    return 0;
}

const bfwiz_page_ops bfwiz_review_page = {
    .init = init,
    .set_active = set_active,
    .wiz_next = wiz_next,
    .job_done = on_done,
};
