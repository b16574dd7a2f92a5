/* findings.c - the findings pane under the overview: one row per finding, most severe first, with its
 * severity icon, ID, title and the first recommended fix. The evidence and the full text are in the
 * report and in `bindfix-cli scan`; the console issue gives them their own pane. */
#include "gui.h"

#include <stdlib.h>

#include "diagnose.h"

static const UINT finding_columns[BF_FINDING_COLUMNS] = {IDS_COL_FIND_SEVERITY, IDS_COL_FIND_ID, IDS_COL_FIND_TITLE,
                                                         IDS_COL_FIND_FIX};
static const int finding_widths96[BF_FINDING_COLUMNS] = {90, 170, 560, 420};

bool bfgui_findings_add_columns(HINSTANCE hinst, HWND list, UINT dpi)
{
    for (int c = 0; c < BF_FINDING_COLUMNS; c++) {
        WCHAR *text = bfgui_load_string(hinst, finding_columns[c]);
        LVCOLUMNW col = {0};
        if (!text)
            return false;
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM;
        col.pszText = text;
        col.cx = bfgui_scale(finding_widths96[c], dpi);
        col.iSubItem = c;
        if (SendMessageW(list, LVM_INSERTCOLUMNW, (WPARAM)c, (LPARAM)&col) < 0) {
            free(text);
            return false;
        }
        free(text);
    }
    return true;
}

static int severity_image(bf_severity s)
{
    return s >= BF_SEV_ERROR ? BF_IMAGE_ERROR : s == BF_SEV_WARNING ? BF_IMAGE_WARNING : BF_IMAGE_OK;
}

static bool set_cell(HWND list, int row, int column, const WCHAR *text)
{
    LVITEMW it = {0};
    it.iSubItem = column;
    it.pszText = (WCHAR *)text;
    return SendMessageW(list, LVM_SETITEMTEXTW, (WPARAM)row, (LPARAM)&it) != FALSE;
}

bool bfgui_findings_fill(HINSTANCE hinst, HWND list, const bf_diagnosis *d, size_t *serious)
{
    bool ok = true;
    *serious = 0;
    SendMessageW(list, WM_SETREDRAW, FALSE, 0);
    SendMessageW(list, LVM_DELETEALLITEMS, 0, 0);
    if (!d || d->finding_count == 0) {
        WCHAR *none = bfgui_load_string(hinst, IDS_FINDINGS_NONE);
        LVITEMW it = {0};
        it.mask = LVIF_TEXT | LVIF_IMAGE;
        it.iItem = 0;
        it.iImage = BF_IMAGE_OK;
        it.pszText = L"";
        if (SendMessageW(list, LVM_INSERTITEMW, 0, (LPARAM)&it) < 0 || !none || !set_cell(list, 0, 2, none))
            ok = false;
        free(none);
    }
    for (size_t i = 0; d && i < d->finding_count && ok; i++) {
        const bf_finding *f = &d->findings[i];
        const char *fix = "";
        WCHAR *sev = bfgui_load_string(hinst, IDS_SEV_BASE + (UINT)f->severity);
        WCHAR *id = bfgui_wide(f->id), *title = bfgui_wide(f->title), *wfix;
        LVITEMW it = {0};
        for (size_t a = 0; a < f->action_count; a++)
            if (f->actions[a].recommended) {
                fix = f->actions[a].title;
                break;
            }
        wfix = bfgui_wide(fix);
        if (f->severity >= BF_SEV_ERROR)
            (*serious)++;
        it.mask = LVIF_TEXT | LVIF_IMAGE;
        it.iItem = (int)i;
        it.iImage = severity_image(f->severity);
        it.pszText = sev ? sev : L"";
        if (!sev || !id || !title || !wfix || SendMessageW(list, LVM_INSERTITEMW, 0, (LPARAM)&it) < 0 ||
            !set_cell(list, (int)i, 1, id) || !set_cell(list, (int)i, 2, title) || !set_cell(list, (int)i, 3, wfix))
            ok = false;
        free(sev);
        free(id);
        free(title);
        free(wfix);
    }
    SendMessageW(list, WM_SETREDRAW, TRUE, 0);
    InvalidateRect(list, NULL, TRUE);
    return ok;
}
