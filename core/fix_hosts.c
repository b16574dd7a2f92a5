/* fix_hosts.c - undoing bindfix's own hosts change line by line (see bf_hosts_revert_lines in fix.h), as
 * `git revert` reverts only its own change: the file may have been edited since the repair, and those
 * edits are the administrator's. */
#include "fix.h"

#include <stdlib.h>
#include <string.h>

/* One line of a file: [start, end) is its text without the line end, [end, next) the line end. The
 * first line's text starts after a UTF-8 BOM (the plan puts "# " after it too). */
typedef struct hl_line {
    size_t start, end, next;
} hl_line;

#define HL_MAX_LINES 100000     /* a hosts file of more lines is not one bindfix planned (its reader's limit) */

/* Splits text into lines (*out malloc'd); returns the count, or (size_t)-1 when there are more than
 * HL_MAX_LINES or memory runs out. */
static size_t hl_split(const char *t, size_t len, hl_line **out)
{
    size_t pos = 0, n = 0, max = 1, i;
    hl_line *lines;
    for (i = 0; i < len; i++)
        max += t[i] == '\n';
    *out = lines = max <= HL_MAX_LINES ? malloc(sizeof *lines * max) : NULL;
    if (!lines)
        return (size_t)-1;
    if (len >= 3 && memcmp(t, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos <= len) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t e = nl ? (size_t)(nl - t) : len, te = e;
        if (!nl && pos == len && n > 0)
            break;  /* the text after the last line end is empty: no further line */
        while (te > pos && t[te - 1] == '\r')
            te--;
        lines[n].start = pos;
        lines[n].end = te;
        lines[n].next = nl ? e + 1 : len;
        n++;
        if (!nl)
            break;
        pos = e + 1;
    }
    return n;
}

static bool hl_eq(const char *a, const hl_line *la, const char *b, const hl_line *lb)
{
    return la->end - la->start == lb->end - lb->start && memcmp(a + la->start, b + lb->start, la->end - la->start) == 0;
}

/* how many lines of t equal line l of s, among lines [0, upto) of t */
static size_t hl_count(const char *t, const hl_line *tl, size_t upto, const char *s, const hl_line *l)
{
    size_t i, n = 0;
    for (i = 0; i < upto; i++)
        n += hl_eq(t, &tl[i], s, l);
    return n;
}

static void hl_show(bf_buf *why, const char *t, const hl_line *l)
{
    bf_buf_putc(why, '"');
    bf_buf_append(why, t + l->start, l->end - l->start > 200 ? 200 : l->end - l->start);
    bf_buf_putc(why, '"');
}

bool bf_hosts_revert_lines(const char *before, size_t blen, const char *after, size_t alen, const char *now,
                           size_t nlen, bf_buf *out, bf_buf *why, bool *kept)
{
    hl_line *bl = NULL, *al = NULL, *nl = NULL;
    size_t nb, na, nn, i, pos = 0;
    size_t *target = NULL;      /* per line of now: the line of before whose text it takes, or (size_t)-1 */
    bool ok = false;
    *kept = !(alen == nlen && memcmp(after, now, alen) == 0);
    nb = hl_split(before, blen, &bl);
    na = hl_split(after, alen, &al);
    nn = hl_split(now, nlen, &nl);
    target = nn != (size_t)-1 ? malloc(sizeof *target * (nn + 1)) : NULL;
    if (nb == (size_t)-1 || na == (size_t)-1 || nn == (size_t)-1 || !target) {
        bf_buf_printf(why, "the file cannot be compared line by line (more than %d lines, or out of memory)", HL_MAX_LINES);
        goto out;
    }
    if (nb != na) {
        bf_buf_puts(why, "the repair's change to the file is not one bindfix makes (the line count changed)");
        goto out;
    }
    for (i = 0; i < nn; i++)
        target[i] = (size_t)-1;
    for (i = 0; i < na; i++) {
        size_t k, want, seen = 0, j;
        if (hl_eq(before, &bl[i], after, &al[i]))
            continue;
        /* bindfix's change: "# " put before the line, nothing else */
        if (al[i].end - al[i].start != bl[i].end - bl[i].start + 2 || memcmp(after + al[i].start, "# ", 2) != 0 ||
            memcmp(after + al[i].start + 2, before + bl[i].start, bl[i].end - bl[i].start) != 0) {
            bf_buf_printf(why, "the repair's change to line %zu is not one bindfix makes", i + 1);
            goto out;
        }
        /* the line as bindfix left it is found again by its text: the k-th such line of the file then
         * is the k-th one now (lines added or removed elsewhere move it, they do not change it) */
        k = hl_count(after, al, i, after, &al[i]);
        want = hl_count(after, al, na, after, &al[i]);
        if (hl_count(now, nl, nn, after, &al[i]) != want) {
            size_t have = hl_count(now, nl, nn, after, &al[i]);
            bf_buf_printf(why, "line %zu, which bindfix commented out, ", i + 1);
            if (have < want) {
                bf_buf_puts(why, "no longer reads as bindfix left it, ");
                hl_show(why, after, &al[i]);
                bf_buf_puts(why, " (edited or removed since the repair)");
            } else {
                bf_buf_puts(why, "reads ");
                hl_show(why, after, &al[i]);
                bf_buf_printf(why, ", and %zu lines of the file read so now (%zu when bindfix left it): which one is "
                                   "bindfix's cannot be told", have, want);
            }
            goto out;
        }
        for (j = 0; j < nn; j++)
            if (hl_eq(now, &nl[j], after, &al[i]) && seen++ == k) {
                target[j] = i;
                break;
            }
    }
    /* every byte of now, the lines found above with their text as before the repair */
    for (i = 0; i < nn; i++) {
        if (target[i] == (size_t)-1)
            continue;
        bf_buf_append(out, now + pos, nl[i].start - pos);
        bf_buf_append(out, before + bl[target[i]].start, bl[target[i]].end - bl[target[i]].start);
        pos = nl[i].end;
    }
    bf_buf_append(out, now + pos, nlen - pos);
    if (out->failed) {
        bf_buf_puts(why, "out of memory");
        goto out;
    }
    ok = true;
out:
    free(bl);
    free(al);
    free(nl);
    free(target);
    return ok;
}
