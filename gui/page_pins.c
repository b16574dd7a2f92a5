/*
 * page_pins.c - the Product listen settings node (issue 15, source 3): one row per address or adapter a
 * product's own setting names (SQL Server's IPn, DNS Server's ListenAddresses and PublishAddresses, Remote
 * Desktop's LanAdapter, IIS's site bindings, Exchange's POP3/IMAP4 bindings), with the adapter that holds
 * it. A setting in effect that names an address no up adapter holds is BF-PIN-DEAD.
 */
#include "page.h"

#include "helptopics.h"

#include <stdlib.h>

static void fill_pins(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    const bf_pins *ps = &s->pins;
    if (ps->count == 0 && ps->status != BF_SECTION_OK) {
        bf_rows_put_section_status(b, 0, ps->status, ps->problem);
        return;
    }
    for (size_t i = 0; i < ps->count; i++) {
        const bf_pin *p = &ps->items[i];
        const bf_adapter *a = NULL;
        int image = BF_IMAGE_DEFAULT;
        bf_rows_put_model(b, 0, p->product, -1);
        bf_rows_put_model(b, 1, p->instance, -1);
        bf_rows_put_model(b, 2, p->service, -1);
        bf_rows_put_owned(b, 3, bfgui_enum_text(b->hinst, IDS_PIN_ROLE_BASE, (int)p->role, BF_PIN_ROLE__COUNT), -1);
        if (p->address[0]) {
            bf_rows_put_model(b, 4, p->address, -1);
            a = bf_addr_is_wildcard(p->address) ? NULL : bf_snap_find_adapter_by_address(s, p->address, NULL);
        } else if (p->adapter[0]) {
            if (!bf_rows_skipping(b, 4)) {
                WCHAR *g = bfgui_wide(p->adapter);
                DWORD_PTR args[1] = {(DWORD_PTR)(g ? g : L"")};
                bf_rows_put_format(b, 4, IDS_PIN_ADAPTER_FMT, args, 1);
                free(g);
            }
            a = bf_snap_find_adapter_by_guid(s, p->adapter);
        } else {
            bf_rows_put_string(b, 4, IDS_NOT_AVAILABLE, -1);
        }
        bf_rows_put_int(b, 5, p->port, p->port >= 0);
        bf_rows_put_string(b, 6, IDS_YES_NO_BASE + (p->enabled ? 1 : 0), -1);
        if (a)
            bf_rows_put_model(b, 7, a->friendly_name, -1);
        else if (p->role == BF_PIN_ALL || (p->address[0] && bf_addr_is_wildcard(p->address)))
            bf_rows_put_string(b, 7, IDS_HTTP_WILDCARD, -1);
        else if (p->address[0] || p->adapter[0])
            bf_rows_put_string(b, 7, IDS_HTTP_NO_ADAPTER, -1);
        else
            bf_rows_put_string(b, 7, IDS_NOT_AVAILABLE, -1);
        bf_rows_put_model(b, 8, p->setting, -1);
        /* in effect and naming something no up adapter holds: the service does not listen there */
        if (p->enabled && p->role != BF_PIN_ALL && (p->address[0] || p->adapter[0]) &&
            !(p->address[0] && bf_addr_is_wildcard(p->address)))
            image = a && a->status == BF_OPER_UP ? BF_IMAGE_OK : BF_IMAGE_ERROR;
        else if (p->enabled)
            image = BF_IMAGE_OK;
        bf_rows_set_image(b, image);
    }
}

BF_LIST_PAGE(pins, BF_NODE_PINS, IDS_RCOL_PINS, 9, fill_pins, BF_HELP_VIEW_PINS)
