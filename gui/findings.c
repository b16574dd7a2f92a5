/* findings.c - the findings pane under the overview: one row per finding, root causes first and what each
 * explains indented under it, with its severity icon, ID, title and the first recommended fix. The
 * evidence and the full text are in the report and in `bindfix-cli scan`. */
#include "gui.h"

#include <stdlib.h>

#include "causes.h"
#include "diagnose.h"

static const UINT finding_columns[BF_FINDING_COLUMNS] = {IDS_COL_FIND_SEVERITY, IDS_COL_FIND_ID, IDS_COL_FIND_TITLE,
                                                         IDS_COL_FIND_FIX};
/* the severity column leaves room for three steps of indent (a root cause, what it explains, ...) */
static const int finding_widths96[BF_FINDING_COLUMNS] = {140, 170, 560, 420};

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

bool bfgui_findings_fill(HINSTANCE hinst, bfgui_table *t, const bf_diagnosis *d, size_t *serious)
{
    bool ok = true;
    *serious = 0;
    bfgui_table_clear(t);
    if (!d || d->finding_count == 0) {
        WCHAR *none = bfgui_load_string(hinst, IDS_FINDINGS_NONE);
        const WCHAR *cells[3] = {L"", L"", none};
        ok = none && bfgui_table_add(t, BF_IMAGE_OK, cells, 3, 0) >= 0;
        free(none);
    }
    /* root causes first, what each explains indented under it (core/causes.c) */
    const bf_tree_row *rows = d && d->finding_count ? bf_cause_tree(d) : NULL;
    if (d && d->finding_count && !rows)
        ok = false;
    /* the severity words once (not a string-table load per row); the finding's own text is the
     * diagnosis's, referred to and made into shown text only when drawn (rowtable.c) */
    WCHAR *sev[BF_SEV_CRITICAL + 1] = {NULL};
    for (int v = 0; v <= BF_SEV_CRITICAL && ok; v++)
        ok = (sev[v] = bfgui_enum_text(hinst, IDS_SEV_BASE, v, BF_SEV_CRITICAL + 1)) != NULL;
    for (size_t r = 0; d && rows && r < d->finding_count && ok; r++) {
        const bf_finding *f = &d->findings[rows[r].finding];
        const char *fix = "";
        for (size_t a = 0; a < f->action_count; a++)
            if (f->actions[a].recommended) {
                fix = f->actions[a].title;
                break;
            }
        if (f->severity >= BF_SEV_ERROR)
            (*serious)++;
        int s = (int)f->severity < 0 ? 0 : (int)f->severity > BF_SEV_CRITICAL ? BF_SEV_CRITICAL : (int)f->severity;
        const WCHAR *cells[1] = {sev[s]};
        long row = bfgui_table_add(t, bfgui_severity_image((int)f->severity), cells, 1, (LPARAM)rows[r].finding);
        ok = row >= 0;
        if (ok) {
            bfgui_table_set_depth(t, (size_t)row, rows[r].depth);
            bfgui_table_set_utf8(t, (size_t)row, 1, f->id);
            bfgui_table_set_utf8(t, (size_t)row, 2, f->title);
            bfgui_table_set_utf8(t, (size_t)row, 3, fix);
        }
    }
    for (int v = 0; v <= BF_SEV_CRITICAL; v++)
        free(sev[v]);
    return ok;
}
