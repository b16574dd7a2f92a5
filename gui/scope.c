/*
 * scope.c - the scope tree: the computer, then one node per view, as in Computer Management; once a fleet
 * is open (File > Open fleet, /fleet DIR), a Fleet node beside the computer.
 */
#include "gui.h"

#include <stdlib.h>

static HTREEITEM add_item(HWND tree, HTREEITEM parent, const WCHAR *text, bf_node node)
{
    TVINSERTSTRUCTW ins;
    ZeroMemory(&ins, sizeof ins);
    ins.hParent = parent;
    ins.hInsertAfter = TVI_LAST;
    ins.item.mask = TVIF_TEXT | TVIF_PARAM;
    ins.item.pszText = (WCHAR *)text;
    ins.item.lParam = node;
    return (HTREEITEM)SendMessageW(tree, TVM_INSERTITEMW, 0, (LPARAM)&ins);
}

HWND bfgui_scope_create(HINSTANCE hinst, HWND parent, int id)
{
    HWND tree = CreateWindowExW(WS_EX_CLIENTEDGE, WC_TREEVIEWW, L"",
                                WS_CHILD | WS_VISIBLE | WS_TABSTOP | TVS_HASLINES | TVS_LINESATROOT |
                                    TVS_HASBUTTONS | TVS_SHOWSELALWAYS | TVS_FULLROWSELECT,
                                0, 0, 0, 0, parent, (HMENU)(INT_PTR)id, hinst, NULL);
    if (!tree)
        return NULL;
    WCHAR *text = bfgui_load_string(hinst, IDS_NODE_BASE + BF_NODE_COMPUTER);
    HTREEITEM root = add_item(tree, TVI_ROOT, text ? text : L"", BF_NODE_COMPUTER);
    free(text);
    if (!root) {
        DestroyWindow(tree);
        return NULL;
    }
    for (int n = BF_NODE_OVERVIEW; n < BF_NODE_COMPUTER_VIEWS; n++) {
        text = bfgui_load_string(hinst, IDS_NODE_BASE + n);
        HTREEITEM item = add_item(tree, root, text ? text : L"", (bf_node)n);
        free(text);
        if (!item) {
            DestroyWindow(tree);
            return NULL;
        }
    }
    SendMessageW(tree, TVM_EXPAND, TVE_EXPAND, (LPARAM)root);
    return tree;
}

void bfgui_scope_set_computer_text(HWND tree, const WCHAR *text)
{
    TVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = TVIF_TEXT;
    item.hItem = (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_ROOT, 0);
    item.pszText = (WCHAR *)text;
    if (item.hItem)
        SendMessageW(tree, TVM_SETITEMW, 0, (LPARAM)&item);
}

static HTREEITEM find_node(HWND tree, bf_node node)
{
    HTREEITEM root = (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_ROOT, 0);
    if (!root || node == BF_NODE_COMPUTER)
        return root;
    /* the fleet is a top-level item (the computer's sibling), the views are the computer's children */
    HTREEITEM first = node == BF_NODE_FLEET ? root
                                            : (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)root);
    for (HTREEITEM it = first; it;
         it = (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)it)) {
        TVITEMW item;
        ZeroMemory(&item, sizeof item);
        item.mask = TVIF_PARAM;
        item.hItem = it;
        if (SendMessageW(tree, TVM_GETITEMW, 0, (LPARAM)&item) && item.lParam == (LPARAM)node)
            return it;
    }
    return NULL;
}

bool bfgui_scope_has_fleet(HWND tree)
{
    return find_node(tree, BF_NODE_FLEET) != NULL;
}

bool bfgui_scope_show_fleet(HWND tree, const WCHAR *text)
{
    HTREEITEM it = find_node(tree, BF_NODE_FLEET);
    if (!it)
        return add_item(tree, TVI_ROOT, text, BF_NODE_FLEET) != NULL;
    TVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = TVIF_TEXT;
    item.hItem = it;
    item.pszText = (WCHAR *)text;
    return SendMessageW(tree, TVM_SETITEMW, 0, (LPARAM)&item) != 0;
}

bool bfgui_scope_select(HWND tree, bf_node node)
{
    HTREEITEM it = find_node(tree, node);
    return it && SendMessageW(tree, TVM_SELECTITEM, TVGN_CARET, (LPARAM)it);
}

bf_node bfgui_scope_selected(HWND tree)
{
    TVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = TVIF_PARAM;
    item.hItem = (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_CARET, 0);
    if (!item.hItem || !SendMessageW(tree, TVM_GETITEMW, 0, (LPARAM)&item))
        return BF_NODE_OVERVIEW;
    return item.lParam >= 0 && item.lParam < BF_NODE__COUNT ? (bf_node)item.lParam : BF_NODE_OVERVIEW;
}
