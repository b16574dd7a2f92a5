/*
 * wizpage_welcome.c - the wizard's first page (exterior, with the watermark): what the wizard does and
 * which machine it will look at (this one, the KB example, or a saved snapshot).
 */
#include "wizard.h"

#include <stdlib.h>

static void on_init(bf_wizard *w, HWND page)
{
    bfwiz_apply_title_font(w, page);
    if (w->job.source == BF_SOURCE_DEMO) {
        bfwiz_set_text(w, page, IDC_WIZ_SOURCE, IDS_WIZ_SOURCE_DEMO, NULL, 0);
    } else if (w->job.source == BF_SOURCE_FILE) {
        DWORD_PTR args[1] = {(DWORD_PTR)(w->job.snapshot ? w->job.snapshot : L"")};
        bfwiz_set_text(w, page, IDC_WIZ_SOURCE, IDS_WIZ_SOURCE_FILE, args, 1);
    } else {
        bfwiz_set_text(w, page, IDC_WIZ_SOURCE, IDS_WIZ_SOURCE_LIVE, NULL, 0);
    }
}

INT_PTR CALLBACK bfwiz_welcome_proc(HWND page, UINT msg, WPARAM wp, LPARAM lp)
{
    bf_wizard *w = bfwiz_from_page(page, msg, lp);
    (void)wp;
    if (!w)
        return FALSE;
    switch (msg) {
    case WM_INITDIALOG:
        w->sheet = GetParent(page);
        w->pages[BFWIZ_WELCOME] = page;
        on_init(w, page);
        return TRUE;
    case WM_HELP:
        bfwiz_help(w, page, BFWIZ_WELCOME);
        return TRUE;
    case WM_BFWIZ_REPAINT:
        bfwiz_repaint_sheet(w);
        return TRUE;
    case WM_NOTIFY: {
        const NMHDR *nm = (const NMHDR *)lp;
        LRESULT r = 0;
        if (nm->code == PSN_SETACTIVE) {
            PropSheet_SetWizButtons(w->sheet, PSWIZB_NEXT);
            PostMessageW(page, WM_BFWIZ_REPAINT, 0, 0);    /* after Back from an interior page */
            bfwiz_page_shown(w, BFWIZ_WELCOME);
        } else if (!bfwiz_common_notify(w, page, BFWIZ_WELCOME, nm, &r)) {
            return FALSE;
        }
        SetWindowLongPtrW(page, DWLP_MSGRESULT, r);
        return TRUE;
    }
    default:
        return FALSE;
    }
}
