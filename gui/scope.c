/*
 * scope.c - the scope tree: the computer, then one node per view, as in Computer Management; once a fleet
 * is open (File > Open fleet, /fleet DIR), a Fleet node beside the computer, with a node per server under
 * it and the computer's views under each (gui.h: a server node is a snapshot source).
 */
#include "gui.h"

#include <stdlib.h>
#include <wchar.h>

/* A server's node and its views (bfgui_scope_add_server) carry this plus their node: apart from the
 * computer's own nodes (0 .. BF_NODE__COUNT - 1), the same pages showing them. */
enum { SERVER_TAG = 0x1000, SERVER_NAME_CCH = 260 };

static HTREEITEM add_item_after(HWND tree, HTREEITEM parent, HTREEITEM after, const WCHAR *text, LPARAM param)
{
    TVINSERTSTRUCTW ins;
    ZeroMemory(&ins, sizeof ins);
    ins.hParent = parent;
    ins.hInsertAfter = after;
    ins.item.mask = TVIF_TEXT | TVIF_PARAM;
    ins.item.pszText = (WCHAR *)text;
    ins.item.lParam = param;
    return (HTREEITEM)SendMessageW(tree, TVM_INSERTITEMW, 0, (LPARAM)&ins);
}

static HTREEITEM add_item(HWND tree, HTREEITEM parent, const WCHAR *text, LPARAM param)
{
    return add_item_after(tree, parent, TVI_LAST, text, param);
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
    if (item.lParam >= SERVER_TAG && item.lParam < SERVER_TAG + BF_NODE_COMPUTER_VIEWS)
        return (bf_node)(item.lParam - SERVER_TAG);     /* a server's view: the same page shows it */
    return item.lParam >= 0 && item.lParam < BF_NODE__COUNT ? (bf_node)item.lParam : BF_NODE_OVERVIEW;
}

/* ---- the Fleet node's servers ---------------------------------------------------------------------- */

/* The text of a server node, compared with a fleet's names (a longer name is no match). */
static bool item_text(HWND tree, HTREEITEM it, WCHAR *buf, int cch)
{
    TVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = TVIF_TEXT;
    item.hItem = it;
    item.pszText = buf;
    item.cchTextMax = cch;
    buf[0] = 0;
    return SendMessageW(tree, TVM_GETITEMW, 0, (LPARAM)&item) != 0;
}

static HTREEITEM child_of(HWND tree, HTREEITEM parent)
{
    return (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_CHILD, (LPARAM)parent);
}

static HTREEITEM next_of(HWND tree, HTREEITEM it)
{
    return (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_NEXT, (LPARAM)it);
}

static HTREEITEM find_server(HWND tree, const WCHAR *name)
{
    HTREEITEM fleet = find_node(tree, BF_NODE_FLEET);
    WCHAR text[SERVER_NAME_CCH];
    for (HTREEITEM it = fleet ? child_of(tree, fleet) : NULL; it; it = next_of(tree, it))
        if (item_text(tree, it, text, SERVER_NAME_CCH) && wcscmp(text, name) == 0)
            return it;
    return NULL;
}

/* A server node after `after` (TVI_FIRST, TVI_LAST or a server node), with the computer's views under it
 * (collapsed: a 200-server fleet is 200 lines until one is opened). */
static HTREEITEM insert_server(HWND tree, HINSTANCE hinst, const WCHAR *name, HTREEITEM after)
{
    HTREEITEM fleet = find_node(tree, BF_NODE_FLEET);
    if (!fleet)
        return NULL;
    bool first = child_of(tree, fleet) == NULL;
    HTREEITEM server = add_item_after(tree, fleet, after, name, SERVER_TAG + BF_NODE_COMPUTER);
    for (int n = BF_NODE_OVERVIEW; server && n < BF_NODE_COMPUTER_VIEWS; n++) {
        WCHAR *text = bfgui_load_string(hinst, IDS_NODE_BASE + n);
        HTREEITEM view = add_item(tree, server, text ? text : L"", SERVER_TAG + n);
        free(text);
        if (!view) {
            SendMessageW(tree, TVM_DELETEITEM, 0, (LPARAM)server);
            return NULL;
        }
    }
    if (server && first)
        SendMessageW(tree, TVM_EXPAND, TVE_EXPAND, (LPARAM)fleet);     /* its servers in sight */
    return server;
}

bool bfgui_scope_add_server(HWND tree, HINSTANCE hinst, const WCHAR *name)
{
    return find_server(tree, name) || insert_server(tree, hinst, name, TVI_LAST);
}

void bfgui_scope_clear_servers(HWND tree)
{
    HTREEITEM fleet = find_node(tree, BF_NODE_FLEET), it;
    while (fleet && (it = child_of(tree, fleet)))
        SendMessageW(tree, TVM_DELETEITEM, 0, (LPARAM)it);
}

bool bfgui_scope_sync_servers(HWND tree, HINSTANCE hinst, WCHAR *const *names, size_t n)
{
    HTREEITEM fleet = find_node(tree, BF_NODE_FLEET);
    if (!fleet)
        return false;
    bool ok = true;
    WCHAR text[SERVER_NAME_CCH];
    /* the nodes not in names go first, then each name's node is found or made after the one before */
    for (HTREEITEM it = child_of(tree, fleet), next; it; it = next) {
        next = next_of(tree, it);
        bool wanted = false;
        for (size_t i = 0; i < n && !wanted && item_text(tree, it, text, SERVER_NAME_CCH); i++)
            wanted = wcscmp(text, names[i]) == 0;
        if (!wanted)
            SendMessageW(tree, TVM_DELETEITEM, 0, (LPARAM)it);
    }
    HTREEITEM after = TVI_FIRST;
    for (size_t i = 0; i < n; i++) {
        HTREEITEM it = find_server(tree, names[i]);
        if (!it)
            it = insert_server(tree, hinst, names[i], after);
        if (it)
            after = it;
        else
            ok = false;
    }
    return ok;
}

bool bfgui_scope_select_server(HWND tree, const WCHAR *name, bf_node view)
{
    HTREEITEM it = find_server(tree, name);
    if (it && view != BF_NODE_COMPUTER) {
        HTREEITEM v = child_of(tree, it);
        for (int n = BF_NODE_OVERVIEW; v && n < (int)view; n++)
            v = next_of(tree, v);
        it = v;
    }
    return it && SendMessageW(tree, TVM_SELECTITEM, TVGN_CARET, (LPARAM)it);
}

WCHAR *bfgui_scope_selected_server(HWND tree)
{
    TVITEMW item;
    ZeroMemory(&item, sizeof item);
    item.mask = TVIF_PARAM;
    item.hItem = (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_CARET, 0);
    if (!item.hItem || !SendMessageW(tree, TVM_GETITEMW, 0, (LPARAM)&item) || item.lParam < SERVER_TAG ||
        item.lParam >= SERVER_TAG + BF_NODE_COMPUTER_VIEWS)
        return NULL;
    HTREEITEM server = item.lParam == SERVER_TAG + BF_NODE_COMPUTER
                           ? item.hItem
                           : (HTREEITEM)SendMessageW(tree, TVM_GETNEXTITEM, TVGN_PARENT, (LPARAM)item.hItem);
    WCHAR text[SERVER_NAME_CCH];
    return server && item_text(tree, server, text, SERVER_NAME_CCH) ? _wcsdup(text) : NULL;
}
