/*
 * wizpage_finish.c - the last page (exterior): what happened in one paragraph (repaired and verified,
 * applied but not verified, rolled back, changes kept after Cancel, a preview only, nothing to change),
 * the journal to undo it with (its path in a read-only edit of its own: a path is one long word, which a
 * wrapping static in the page's narrow column would cut at its right edge), the outcome itself in a read-only
 * edit too ("Result", reachable by Tab, issue 23), Save report... (HTML, text or JSON by the file's extension, with every
 * step and the verification, written on a worker) and the help.
 */
#include "wizard.h"

#include <commdlg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

/* The outcome in the result box, a read-only multiline edit: Tab reaches it, a screen reader reads it
 * when it gets the focus, Ctrl+C copies it (a static is read once when the page is shown, never by Tab).
 * After a verification it repeats what the Verify page counted. The box's height comes from the template
 * (dialog units: the font's); a text taller than the box gets a vertical scroll bar, measured in the box's
 * font at the width the edit wraps at. */
static void show_result(bf_wizard *w, HWND page, UINT id)
{
    HWND box = GetDlgItem(page, IDC_WIZ_RESULT);
    WCHAR *outcome = bfgui_load_string(w->hinst, id), *text = NULL;
    if (outcome && w->verify_counts && (id == IDS_WIZ_FINISH_REPAIRED || id == IDS_WIZ_FINISH_NOT_VERIFIED)) {
        DWORD_PTR args[2] = {(DWORD_PTR)outcome, (DWORD_PTR)w->verify_counts};
        text = bfgui_format(w->hinst, IDS_WIZ_FINISH_COUNTED, args, 2);
    }
    ShowScrollBar(box, SB_VERT, FALSE);     /* measured at the full width first */
    bfgui_set_edit_text(box, text ? text : outcome ? outcome : L"");
    free(text);
    free(outcome);
    RECT fmt = {0, 0, 0, 0}, client = {0, 0, 0, 0};
    SendMessageW(box, EM_GETRECT, 0, (LPARAM)&fmt);
    GetClientRect(box, &client);
    HFONT font = (HFONT)SendMessageW(box, WM_GETFONT, 0, 0);
    int need = bfgui_text_height(box, font, fmt.right - fmt.left, INT_MAX);   /* not measured: scrolls */
    if (need > fmt.bottom - fmt.top || need > client.bottom - client.top)
        ShowScrollBar(box, SB_VERT, TRUE);
}

static void show_outcome(bf_wizard *w, HWND page)
{
    const bf_repair_session *s = w->session;
    WCHAR *j = bfgui_wide(s->journal ? s->journal : "");
    UINT id;
    if (w->rolled_back)
        id = IDS_WIZ_FINISH_ROLLED_BACK;
    else if (w->changes_kept)
        id = IDS_WIZ_FINISH_KEPT;
    else if (w->apply_started && s->restart_pending)
        id = IDS_WIZ_FINISH_PENDING;    /* applied; the binding order is used after a restart */
    else if (w->verified && s->verified_ok)
        id = IDS_WIZ_FINISH_REPAIRED;
    else if (w->apply_started)
        id = IDS_WIZ_FINISH_NOT_VERIFIED;
    else if (!s->plan || s->plan->step_count == 0)
        id = IDS_WIZ_FINISH_NOTHING;
    else
        id = IDS_WIZ_FINISH_PREVIEW;
    show_result(w, page, id);
    /* the journal's path, where the words say "the journal below" (every outcome that changed something) */
    bool journal = j && j[0] && id != IDS_WIZ_FINISH_NOTHING && id != IDS_WIZ_FINISH_PREVIEW;
    SetDlgItemTextW(page, IDC_WIZ_JOURNAL, journal ? j : L"");
    ShowWindow(GetDlgItem(page, IDC_WIZ_LABEL1), journal ? SW_SHOWNA : SW_HIDE);
    ShowWindow(GetDlgItem(page, IDC_WIZ_JOURNAL), journal ? SW_SHOWNA : SW_HIDE);
    free(j);
    /* the wizard has scanned at least once when it gets here; a report needs a scan */
    EnableWindow(GetDlgItem(page, IDC_WIZ_SAVE), s->before != NULL);
}

static void on_save(bf_wizard *w, HWND page)
{
    if (w->running || !w->session->before)
        return;
    WCHAR file[MAX_PATH];
    WCHAR *prefix = bfgui_load_string(w->hinst, IDS_WIZ_SAVE_DEFAULT);
    WCHAR *stamp = bfgui_wide(w->session->stamp[0] ? w->session->stamp : "scan");
    _snwprintf(file, MAX_PATH, L"%ls%ls.html", prefix ? prefix : L"bindfix-", stamp ? stamp : L"");
    file[MAX_PATH - 1] = 0;
    free(prefix);
    free(stamp);
    for (WCHAR *c = file; *c; c++)
        if (*c == L':')
            *c = L'-';      /* an ISO time's colons cannot be in a file name */
    WCHAR *filter = bfgui_load_filter(w->hinst, IDS_WIZ_SAVE_FILTER);
    OPENFILENAMEW ofn;
    ZeroMemory(&ofn, sizeof ofn);
    ofn.lStructSize = sizeof ofn;
    ofn.hwndOwner = w->sheet;
    ofn.lpstrFilter = filter;
    ofn.lpstrFile = file;
    ofn.nMaxFile = MAX_PATH;
    ofn.lpstrDefExt = L"html";     /* the filter chosen supplies the extension when none is typed */
    ofn.Flags = OFN_EXPLORER | OFN_OVERWRITEPROMPT | OFN_PATHMUSTEXIST | OFN_HIDEREADONLY;
    BOOL chosen = GetSaveFileNameW(&ofn);
    free(filter);
    if (!chosen)
        return;
    free(w->report_path);
    w->report_path = _wcsdup(file);
    if (w->report_path && bfwiz_start(w, page, BFWIZ_WORK_REPORT))
        EnableWindow(GetDlgItem(page, IDC_WIZ_SAVE), FALSE);
}

static void on_done(bf_wizard *w, HWND page, bf_job_result *res)
{
    w->running = false;
    if (res->ok) {
        DWORD_PTR args[1] = {(DWORD_PTR)w->report_path};
        bfwiz_set_text(w, page, IDC_WIZ_STATUS, IDS_WIZ_SAVED, args, 1);
    } else {
        bfwiz_show_failure(w, page, IDS_WIZ_SAVE_FAILED, res);
    }
    EnableWindow(GetDlgItem(page, IDC_WIZ_SAVE), TRUE);
    bfwiz_work_ended(w, res);
}

static void init(bf_wizard *w, HWND page)
{
    bfwiz_apply_title_font(w, page);
}

static bool command(bf_wizard *w, HWND page, WORD id)
{
    if (id == IDC_WIZ_SAVE) {
        on_save(w, page);
        return true;
    }
    if (id == IDC_WIZ_HELPBTN) {
        bfwiz_help(w, page, BFWIZ_FINISH);
        return true;
    }
    return false;
}

static void set_active(bf_wizard *w, HWND page)
{
    show_outcome(w, page);
    /* Back only where nothing was changed: to choose other fixes after a preview */
    PropSheet_SetWizButtons(w->sheet, PSWIZB_FINISH | (w->apply_started ? 0 : PSWIZB_BACK));
}

static LRESULT wiz_back(bf_wizard *w, HWND page)
{
    (void)page;
    return w->apply_started ? -1 : IDD_WIZ_CHOOSE;
}

static LRESULT wiz_finish(bf_wizard *w, HWND page)
{
    (void)page;
    return w->running ? TRUE : FALSE;   /* a report being written finishes first */
}

const bfwiz_page_ops bfwiz_finish_page = {
    .exterior = true,
    .init = init,
    .set_active = set_active,
    .wiz_back = wiz_back,
    .wiz_finish = wiz_finish,
    .command = command,
    .job_done = on_done,
};
