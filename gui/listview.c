/*
 * listview.c - the one way bindfix.exe fills a report list view: columns from the string table, a row
 * from its cells and status image, a cell; and the list of a repair's steps (step title, status word
 * and icon) that the Fix dialog and the wizard's Apply and Restart services pages share.
 */
#include "gui.h"

#include <stdlib.h>

void bfgui_list_columns(HINSTANCE hinst, HWND list, const UINT *headers, const int *widths96, int count,
                        DWORD extra_style, HIMAGELIST images)
{
    UINT dpi = bfgui_dpi_for_window(list);
    SendMessageW(list, LVM_SETEXTENDEDLISTVIEWSTYLE, 0, LVS_EX_FULLROWSELECT | LVS_EX_LABELTIP | extra_style);
    if (images)
        SendMessageW(list, LVM_SETIMAGELIST, LVSIL_SMALL, (LPARAM)images);
    RECT rc;
    GetClientRect(list, &rc);
    int used = 0;
    for (int c = 0; c < count; c++) {
        WCHAR *h = bfgui_load_string(hinst, headers[c]);
        LVCOLUMNW col;
        ZeroMemory(&col, sizeof col);
        col.mask = LVCF_TEXT | LVCF_WIDTH | LVCF_SUBITEM;
        col.pszText = h ? h : L"";
        /* width 0: the rest of the list's width, short of a vertical scroll bar */
        col.cx = widths96[c] ? bfgui_scale(widths96[c], dpi)
                             : rc.right - used - bfgui_metric(SM_CXVSCROLL, dpi) - bfgui_scale(2, dpi);
        if (col.cx < bfgui_scale(60, dpi))
            col.cx = bfgui_scale(60, dpi);
        used += col.cx;
        col.iSubItem = c;
        SendMessageW(list, LVM_INSERTCOLUMNW, c, (LPARAM)&col);
        free(h);
    }
}

int bfgui_list_add(HWND list, int image, const WCHAR *const *cells, int count, LPARAM param)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_TEXT | LVIF_PARAM | (image != BF_IMAGE_DEFAULT ? LVIF_IMAGE : 0);
    item.iItem = INT_MAX;   /* at the end */
    item.pszText = (WCHAR *)(count > 0 && cells[0] ? cells[0] : L"");
    item.iImage = image;
    item.lParam = param;
    int row = (int)SendMessageW(list, LVM_INSERTITEMW, 0, (LPARAM)&item);
    for (int c = 1; row >= 0 && c < count; c++)
        bfgui_list_set(list, row, c, cells[c]);
    return row;
}

void bfgui_list_set_indent(HWND list, int row, int indent)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = LVIF_INDENT;
    item.iItem = row;
    item.iIndent = indent;
    SendMessageW(list, LVM_SETITEMW, 0, (LPARAM)&item);
}

bool bfgui_list_set(HWND list, int row, int col, const WCHAR *text)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.iSubItem = col;
    item.pszText = (WCHAR *)(text ? text : L"");
    return SendMessageW(list, LVM_SETITEMTEXTW, (WPARAM)row, (LPARAM)&item) != FALSE;
}

static void set_item(HWND list, int row, UINT mask, int image, LPARAM param)
{
    LVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = mask;
    item.iItem = row;
    item.iImage = image;
    item.lParam = param;
    SendMessageW(list, LVM_SETITEMW, 0, (LPARAM)&item);
}

void bfgui_list_set_image(HWND list, int row, int image)
{
    set_item(list, row, LVIF_IMAGE, image, 0);
}

void bfgui_list_set_param(HWND list, int row, LPARAM param)
{
    set_item(list, row, LVIF_PARAM, 0, param);
}

/* ---- the steps of a repair ---------------------------------------------------------------------------- */

#define STEP_STATUS_W96 100     /* "In progress" and its icon */

void bfgui_steps_setup(HINSTANCE hinst, HWND list, HIMAGELIST images)
{
    static const UINT headers[2] = {IDS_REPAIR_COL_STEP, IDS_REPAIR_COL_STATUS};
    RECT rc;
    GetClientRect(list, &rc);
    UINT dpi = bfgui_dpi_for_window(list);
    int step_w96 = MulDiv(rc.right, 96, (int)dpi) - STEP_STATUS_W96 - 24;   /* 24: a scroll bar's room */
    int widths[2] = {step_w96 > 120 ? step_w96 : 120, STEP_STATUS_W96};
    bfgui_list_columns(hinst, list, headers, widths, 2, 0, images);
}

int bfgui_steps_add(HINSTANCE hinst, HWND list, const char *title, bf_step_status status, LPARAM param)
{
    WCHAR *t = bfgui_wide(title), *word = bfgui_step_status_text(hinst, status);
    const WCHAR *cells[2] = {t, word};
    int row = bfgui_list_add(list, bfgui_step_image(status), cells, 2, param);
    free(t);
    free(word);
    return row;
}

void bfgui_steps_show(HINSTANCE hinst, HWND list, size_t step, bf_step_status status)
{
    LVFINDINFOW find;
    ZeroMemory(&find, sizeof find);
    find.flags = LVFI_PARAM;
    find.lParam = (LPARAM)step;
    int row = (int)SendMessageW(list, LVM_FINDITEMW, (WPARAM)-1, (LPARAM)&find);
    if (row < 0)
        return;     /* a step this list does not show (the wizard's Apply lists the first ones only) */
    WCHAR *word = bfgui_step_status_text(hinst, status);
    bfgui_list_set_image(list, row, bfgui_step_image(status));
    bfgui_list_set(list, row, 1, word);
    SendMessageW(list, LVM_ENSUREVISIBLE, (WPARAM)row, FALSE);
    free(word);
}
