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
#include "lookup.h"

#include <stdlib.h>
#include <string.h>

/* The verdicts, loaded once: every row refers to one of them (bf_rows_put_shared), not a copy each. */
typedef struct hosts_state {
    WCHAR *pinned;      /* the line pins the host name to an address no up adapter holds (BF-HOSTS-PIN) */
    WCHAR *usable;      /* an address this machine can bind (an up adapter's, loopback) */
    bf_lookup pins;     /* the addresses BF-HOSTS-PIN findings are about, made again with the rows' first
                         * part (the keys are the diagnosis's: they live as long as the rows) */
} hosts_state;

/* The addresses of the BF-HOSTS-PIN findings into st->pins (one finding joins every line naming its
 * address); asked once per row in a hashed index, not by walking the findings for each of 100,000 rows. */
static void index_pins(hosts_state *st, const bf_diagnosis *diag)
{
    bf_lookup_free(&st->pins);
    bf_lookup_init(&st->pins, BF_KEY_ADDRESS);
    for (size_t i = 0; diag && i < diag->finding_count; i++) {
        const bf_finding *f = &diag->findings[i];
        if (strcmp(f->id, "BF-HOSTS-PIN") != 0)
            continue;
        for (size_t k = 0; k < f->about_count; k++)
            if (f->about[k].kind == BF_LINK_HOSTS_ADDRESS)
                bf_lookup_add(&st->pins, f->about[k].value, i);
    }
    bf_lookup_sort(&st->pins);
}

static void fill_hosts(bf_rows *b, const bf_page_data *d)
{
    const bf_snapshot *s = d->snap;
    hosts_state *st = b->state;
    if (s->hosts.entry_count == 0 && s->hosts.status != BF_SECTION_OK) {
        /* "unavailable" is not "no lines": say which */
        bf_rows_put_utf8(b, 0, "", BF_IMAGE_WARNING);
        bf_rows_put_section_status(b, 4, s->hosts.status, s->hosts.problem);
        return;
    }
    if (b->skip == 0)
        index_pins(st, d->diag);    /* the first part of new rows: the diagnosis may be new */
    if (st->pins.failed)
        b->ok = false;              /* out of memory: the verdicts could not be given */
    for (size_t i = bf_rows_resume(b); i < s->hosts.entry_count && !bf_rows_done(b); i++) {
        const bf_hosts_entry *e = &s->hosts.entries[i];
        bool bad = bf_lookup_first(&st->pins, e->address) != SIZE_MAX;
        bf_rows_put_int(b, 0, e->line, true);
        bf_rows_set_image(b, !d->diag ? BF_IMAGE_DEFAULT : bad ? BF_IMAGE_ERROR : BF_IMAGE_OK);
        bf_rows_put_model(b, 1, e->address, -1);
        bf_rows_put_model(b, 2, e->names, -1);
        if (d->diag)
            bf_rows_put_shared(b, 3, bad ? st->pinned : st->usable, -1);
        bf_rows_put_model(b, 4, e->text, -1);
    }
}

static const bf_list_page_def hosts_def = {BF_NODE_HOSTS, IDS_RCOL_HOSTS, 5, fill_hosts, false};

static void *hosts_create(bf_page_host *host)
{
    hosts_state *st = calloc(1, sizeof *st);
    void *page = st ? bf_list_page_create(host, &hosts_def) : NULL;
    if (page) {
        bf_lookup_init(&st->pins, BF_KEY_ADDRESS);
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
        bf_lookup_free(&st->pins);
        free(st->pinned);
        free(st->usable);
    }
    free(st);
}

const bf_page_ops bf_page_hosts = {BF_NODE_HOSTS, BF_HELP_VIEW_HOSTS, hosts_create, hosts_destroy,
                                   bf_list_page_windows, bf_list_page_show, bf_list_page_layout,
                                   bf_list_page_refresh, bf_list_page_font_changed, bf_list_page_list,
                                   bf_list_page_notify, bf_list_page_step};
