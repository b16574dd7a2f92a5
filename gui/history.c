/*
 * history.c - the Repair history view's data: every journal-*.json in the journal directory, read with
 * the strict journal reader. A journal that cannot be read is listed with the reason (the history
 * must show every repair, also a damaged record of one).
 */
#include "gui.h"

#include "repair_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_utf8(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static bool add_entry(bf_history *h, size_t *cap, const bf_system *sys, const char *path)
{
    if (h->count == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        bf_history_entry *n = realloc(h->items, ncap * sizeof *n);
        if (!n)
            return false;
        h->items = n;
        *cap = ncap;
    }
    bf_history_entry *e = &h->items[h->count];
    memset(e, 0, sizeof *e);
    e->path = dup_utf8(path);
    bf_err err;
    bf_fix_plan *p = bf_repair_read_journal(sys, path, &err);
    if (p) {
        bf_buf titles;
        bf_buf_init(&titles);
        for (size_t i = 0; i < p->action_count; i++)
            bf_buf_printf(&titles, "%s%s", i ? "; " : "", p->actions[i]);
        /* what the journal says was found changed (issue 24): a forced write, an undo that stopped */
        bf_buf drift;
        bf_buf_init(&drift);
        bf_fix_plan_write_drift(p, &drift);
        if (drift.len) {
            for (char *c = drift.data; *c; c++)
                if (*c == '\n')
                    *c = ' ';
            bf_buf_printf(&titles, " - changed by others: %s", bf_buf_cstr(&drift));
        }
        bf_buf_free(&drift);
        e->created = dup_utf8(p->created ? p->created : "");
        e->state = dup_utf8(bf_plan_state_token(p->state));
        e->unfinished = bf_plan_state_unfinished(p->state);
        e->actions = dup_utf8(bf_buf_cstr(&titles));
        e->steps = p->step_count;
        e->problem = dup_utf8("");
        /* the causes the repair mended, each once, in step order (issue 22) */
        bf_buf_reset(&titles);
        for (size_t i = 0; i < p->step_count; i++)
            for (size_t m = 0; m < p->steps[i].mend_count; m++) {
                const bf_step_mend *x = &p->steps[i].mends[m];
                bool seen = x->effect;
                for (size_t j = 0; j <= i && !seen; j++)
                    for (size_t k = 0; k < p->steps[j].mend_count && !seen; k++)
                        seen = (j < i || k < m) && !p->steps[j].mends[k].effect &&
                               strcmp(p->steps[j].mends[k].id, x->id) == 0 &&
                               strcmp(p->steps[j].mends[k].title, x->title) == 0;
                if (!seen)
                    bf_buf_printf(&titles, "%s%s: %s", titles.len ? "; " : "", x->id, x->title);
            }
        e->mends = dup_utf8(bf_buf_cstr(&titles));
        bf_buf_free(&titles);
        bf_fix_plan_destroy(p);
    } else {
        char text[1200];
        bf_err_format(&err, text, sizeof text);
        e->created = dup_utf8("");
        e->state = dup_utf8("");
        e->actions = dup_utf8("");
        e->problem = dup_utf8(text);
        e->mends = dup_utf8("");
    }
    h->count++;
    return e->path && e->created && e->state && e->actions && e->problem && e->mends;
}

static int newest_first(const void *a, const void *b)
{
    const bf_history_entry *x = a, *y = b;
    /* journal-<UTC stamp>.json: the names sort by time */
    return strcmp(y->path, x->path);
}

bf_history *bfgui_history_read(const bf_system *sys)
{
    bf_history *h = calloc(1, sizeof *h);
    size_t cap = 0;
    if (!h)
        return NULL;
    if (!sys->journal_dir)
        return h;
    WCHAR *dir = bfsys_utf8_to_wide(sys->journal_dir);
    if (!dir) {
        free(h);
        return NULL;
    }
    size_t n = wcslen(dir) + 32;
    WCHAR *pattern = malloc(n * sizeof(WCHAR));
    if (!pattern) {
        free(dir);
        free(h);
        return NULL;
    }
    _snwprintf(pattern, n, L"%ls\\journal-*.json", dir);
    pattern[n - 1] = 0;
    WIN32_FIND_DATAW fd;
    HANDLE find = FindFirstFileW(pattern, &fd);
    bool ok = true;
    if (find != INVALID_HANDLE_VALUE) {
        do {
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                continue;
            char *name = bfsys_wide_to_utf8(fd.cFileName, -1);
            if (!name) {
                ok = false;
                break;
            }
            size_t pn = strlen(sys->journal_dir) + strlen(name) + 2;
            char *path = malloc(pn);
            if (path) {
                snprintf(path, pn, "%s\\%s", sys->journal_dir, name);
                ok = add_entry(h, &cap, sys, path);
                free(path);
            } else {
                ok = false;
            }
            free(name);
        } while (ok && h->count < 1000 && FindNextFileW(find, &fd));
        FindClose(find);
    }
    free(pattern);
    free(dir);
    if (!ok) {
        bfgui_history_free(h);
        return NULL;
    }
    if (h->count > 1)
        qsort(h->items, h->count, sizeof *h->items, newest_first);
    return h;
}

void bfgui_history_free(bf_history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->count; i++) {
        free(h->items[i].path);
        free(h->items[i].created);
        free(h->items[i].state);
        free(h->items[i].actions);
        free(h->items[i].problem);
        free(h->items[i].mends);
    }
    free(h->items);
    free(h);
}
