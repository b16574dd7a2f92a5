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

static void set_active(bf_wizard *w, HWND page)
{
    (void)page;
    PropSheet_SetWizButtons(w->sheet, PSWIZB_NEXT);
}

const bfwiz_page_ops bfwiz_welcome_page = {
    .exterior = true,
    .init = on_init,
    .set_active = set_active,
};
