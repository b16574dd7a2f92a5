/*
 * page_hosts.c - the hosts entries node: one row per line of the hosts file naming this host (the
 * snapshot's hosts entries), with its line number, address, names, the diagnosis's verdict on it and the
 * line as written. The Computer view gives only the file's path and how many lines name the host; a
 * blocklist of 100,000 such lines is one BF-HOSTS-PIN finding per address (its first lines as evidence),
 * and this view is where every line is seen, sorted and copied.
 */
#include "page.h"

#include "diagnose.h"
#include "helptopics.h"

#include <stdlib.h>
#include <string.h>

/* The verdicts, loaded once: every row refers to one of them (bf_rows_put_shared), not a copy each. */
typedef struct hosts_state {
    WCHAR *pinned;      /* the line pins the host name to an address no up adapter holds (BF-HOSTS-PIN) */
    WCHAR *usable;      /* an address this machine can bind (an up adapter's, loopback) */
} hosts_state;

/* Whether a BF-HOSTS-PIN finding is about address (the finding joins every line naming it). */
static bool pinned(const bf_diagnosis *diag, const char *address)
{
    for (size_t i = 0; diag && address && i < diag->finding_count; i++) {
        const bf_finding *f = &diag->findings[i];
        if (strcmp(f->id, "BF-HOSTS-PIN") != 0)
            continue;
        for (size_t k = 0; k < f->about_count; k++)
            if (f->about[k].kind == BF_LINK_HOSTS_ADDRESS && f->about[k].value &&
                bf_addr_equal(f->about[k].value, address))
                return true;
    }
    return false;
}

static void fill_hosts(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    const hosts_state *st = b->state;
    if (s->hosts.entry_count == 0 && s->hosts.status != BF_SECTION_OK) {
        /* "unavailable" is not "no lines": say which */
        bf_rows_put_utf8(b, 0, "", BF_IMAGE_WARNING);
        bf_rows_put_section_status(b, 4, s->hosts.status, s->hosts.problem);
        return;
    }
    for (size_t i = bf_rows_resume(b); i < s->hosts.entry_count && !bf_rows_done(b); i++) {
        const bf_hosts_entry *e = &s->hosts.entries[i];
        bool bad = pinned(d->diag, e->address);
        bf_rows_put_int(b, 0, e->line, true);
        bf_rows_set_image(b, !d->diag ? BF_IMAGE_DEFAULT : bad ? BF_IMAGE_ERROR : BF_IMAGE_OK);
        bf_rows_put_model(b, 1, e->address, -1);
        bf_rows_put_model(b, 2, e->names, -1);
        if (d->diag && st)
            bf_rows_put_shared(b, 3, bad ? st->pinned : st->usable, -1);
        bf_rows_put_model(b, 4, e->text, -1);
    }
}

static const bf_list_page_def hosts_def = {BF_NODE_HOSTS, IDS_RCOL_HOSTS, 5, fill_hosts};

static void *hosts_create(bf_page_host *host)
{
    hosts_state *st = calloc(1, sizeof *st);
    void *page = st ? bf_list_page_create(host, &hosts_def) : NULL;
    if (page) {
        st->pinned = bfgui_load_string(host->hinst, IDS_HOSTS_PINNED);
        st->usable = bfgui_load_string(host->hinst, IDS_HOSTS_USABLE);
    }
    if (!page || !st->pinned || !st->usable) {
        if (page)
            bf_list_page_destroy(page);
        if (st) {
            free(st->pinned);
            free(st->usable);
        }
        free(st);
        return NULL;
    }
    bf_list_page_set_state(page, st);
    return page;
}

static void hosts_destroy(void *page)
{
    hosts_state *st = bf_list_page_state(page);
    bf_list_page_destroy(page);     /* the rows go first: they refer to the verdicts */
    if (st) {
        free(st->pinned);
        free(st->usable);
    }
    free(st);
}

const bf_page_ops bf_page_hosts = {BF_NODE_HOSTS, BF_HELP_VIEW_HOSTS, hosts_create, hosts_destroy,
                                   bf_list_page_windows, bf_list_page_show, bf_list_page_layout,
                                   bf_list_page_refresh, bf_list_page_font_changed, bf_list_page_list,
                                   bf_list_page_notify, bf_list_page_step};
