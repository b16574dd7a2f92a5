/*
 * wizpage_choose.c - Choose the fix: every distinct action of the findings with a check box and what
 * the model predicts it would do; the recommended ones are checked by the scan. The check boxes are
 * the session's chosen[] (read on every visit, written on every click), so Back and Next keep them;
 * a change of choice makes the Review page plan again.
 */
#include "wizard.h"

#include <stdlib.h>

#include "causes.h"

/* The cause the action mends (the session's action_cause) and every effect the cause tree puts under it,
 * which mending the cause is predicted to mend (issue 22: "says which effects each fix is predicted to
 * mend"). Nothing for the administrator's own restart request, which mends no finding. */
static void put_mends(bf_wizard *w, bf_buf *t, size_t k)
{
    const bf_repair_session *s = w->session;
    const bf_diagnosis *d = s->diagnosis;
    size_t c = s->action_cause[k];
    if (!d || c >= d->finding_count)
        return;
    bfwiz_put_label(w, t, IDS_WIZ_ACTION_MENDS, " ");
    bf_buf_printf(t, "%s: %s\n", d->findings[c].id, d->findings[c].title);
    size_t *effects = malloc(d->finding_count * sizeof *effects);
    size_t n = effects ? bf_cause_all_effects(d, c, effects) : 0;
    if (n && n != SIZE_MAX) {
        DWORD_PTR args[1] = {(DWORD_PTR)n};
        /* the order model's verdict: an address nothing binds still returned first leaves every effect */
        bool stay = s->actions[k]->predicted_clean == BF_TRI_NO;
        WCHAR *label = bfgui_format(w->hinst, stay ? IDS_WIZ_ACTION_STAY : IDS_WIZ_ACTION_EFFECTS, args, 1);
        char *u = label ? bfsys_wide_to_utf8(label, -1) : NULL;
        bf_buf_printf(t, "%s\n", u ? u : "");
        free(u);
        free(label);
        for (size_t i = 0; i < n; i++)
            bf_buf_printf(t, "    %s: %s\n", d->findings[effects[i]].id, d->findings[effects[i]].title);
    }
    free(effects);
}

static void show_detail(bf_wizard *w, HWND page, int row)
{
    const bf_repair_session *s = w->session;
    HWND edit = GetDlgItem(page, IDC_WIZ_DETAIL);
    if (row < 0 || (size_t)row >= s->action_count) {
        SetWindowTextW(edit, L"");
        return;
    }
    const bf_action *a = s->actions[row];
    bf_buf t;
    bf_buf_init(&t);
    bf_buf_printf(&t, "%s\n", a->title);
    if (a->recommended) {
        bfwiz_put_label(w, &t, IDS_WIZ_ACTION_RECOMMENDED, " ");
        bf_buf_puts(&t, "\n");
    }
    /* what it mends first: the cause and its effects are what the administrator chooses by */
    put_mends(w, &t, (size_t)row);
    bfwiz_put_label(w, &t, IDS_WIZ_ACTION_WHAT, " ");
    bf_buf_printf(&t, "%s\n", a->detail ? a->detail : "");
    bfwiz_put_label(w, &t, IDS_WIZ_ACTION_PREDICTED, " ");
    bf_buf_printf(&t, "%s\n", a->predicted ? a->predicted : "");
    bfgui_set_edit_utf8(edit, bf_buf_cstr(&t));
    bf_buf_free(&t);
}

static size_t chosen_count(const bf_repair_session *s)
{
    size_t n = 0;
    for (size_t i = 0; i < s->action_count; i++)
        n += s->chosen[i];
    return n;
}

static void update_status(bf_wizard *w, HWND page)
{
    size_t n = chosen_count(w->session);
    if (w->session->action_count == 0) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_NO_ACTIONS, NULL, 0);
    } else if (n == 0) {
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_CHOOSE_NONE, NULL, 0);
    } else {
        DWORD_PTR args[1] = {(DWORD_PTR)n};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_CHOOSE_COUNT, args, 1);
    }
    bfwiz_buttons(w, page, PSWIZB_BACK | (n ? PSWIZB_NEXT : 0));
}

static void fill(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    HWND list = GetDlgItem(page, IDC_WIZ_LIST);
    w->choose_filling = true;
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    int first_chosen = -1;
    for (size_t i = 0; i < s->action_count; i++) {
        const bf_action *a = s->actions[i];
        WCHAR *title = bfgui_wide(a->title), *pred = bfgui_wide(a->predicted);
        const WCHAR *cells[2] = {title, pred};
        /* no status icon: a fix is not a result (every row used to show the OK icon); its check box and
         * its predicted result in words say what it is */
        int row = bfgui_list_add(list, BF_IMAGE_NONE, cells, 2, (LPARAM)i);
        ListView_SetCheckState(list, row, s->chosen[i] ? TRUE : FALSE);
        if (s->chosen[i] && first_chosen < 0)
            first_chosen = row;
        free(title);
        free(pred);
    }
    w->choose_filling = false;
    int sel = first_chosen >= 0 ? first_chosen : 0;
    if (s->action_count) {
        ListView_SetItemState(list, sel, LVIS_SELECTED | LVIS_FOCUSED, LVIS_SELECTED | LVIS_FOCUSED);
        show_detail(w, page, sel);
    } else {
        SetDlgItemTextW(page, IDC_WIZ_DETAIL, L"");
    }
}

static void on_item_changed(bf_wizard *w, HWND page, const NMLISTVIEW *lv)
{
    if (w->choose_filling || lv->iItem < 0 || (size_t)lv->iItem >= w->session->action_count)
        return;
    if ((lv->uNewState & LVIS_SELECTED) && !(lv->uOldState & LVIS_SELECTED))
        show_detail(w, page, lv->iItem);
    if ((lv->uChanged & LVIF_STATE) && ((lv->uNewState ^ lv->uOldState) & LVIS_STATEIMAGEMASK)) {
        bool checked = ListView_GetCheckState(GetDlgItem(page, IDC_WIZ_LIST), lv->iItem) != 0;
        if (w->session->chosen[lv->iItem] != checked) {
            w->session->chosen[lv->iItem] = checked;
            w->planned = false;
        }
        update_status(w, page);
    }
}

static void init(bf_wizard *w, HWND page)
{
    static const UINT headers[2] = {IDS_WIZ_COL_ACTION, IDS_WIZ_COL_PREDICTED};
    static const int widths[2] = {260, 0};
    bfgui_list_columns(w->hinst, GetDlgItem(page, IDC_WIZ_LIST), headers, widths, 2, LVS_EX_CHECKBOXES, NULL);
}

static void set_active(bf_wizard *w, HWND page)
{
    fill(w, page);
    update_status(w, page);
}

static LRESULT wiz_next(bf_wizard *w, HWND page)
{
    (void)page;
    return chosen_count(w->session) ? 0 : -1;
}

const bfwiz_page_ops bfwiz_choose_page = {
    .init = init,
    .set_active = set_active,
    .wiz_next = wiz_next,
    .list_changed = on_item_changed,
};
