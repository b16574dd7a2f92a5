/* regvalue.c - see regvalue.h. */
#include "regvalue.h"

#include <stdlib.h>
#include <string.h>

void bf_regval_free(bf_regval *v)
{
    free(v->data);
    v->data = NULL;
    v->len = 0;
}

void bf_utf16le_append_utf8(bf_buf *out, const unsigned char *p, size_t n_units)
{
    size_t i;
    for (i = 0; i < n_units; i++) {
        unsigned cp = (unsigned)p[2 * i] | ((unsigned)p[2 * i + 1] << 8);
        if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n_units) {
            unsigned lo = (unsigned)p[2 * i + 2] | ((unsigned)p[2 * i + 3] << 8);
            if (lo >= 0xdc00 && lo <= 0xdfff) {
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                i++;
            } else {
                cp = 0xfffd;
            }
        } else if (cp >= 0xd800 && cp <= 0xdfff) {
            cp = 0xfffd;
        }
        if (cp < 0x80) {
            bf_buf_putc(out, (char)cp);
        } else if (cp < 0x800) {
            bf_buf_putc(out, (char)(0xc0 | (cp >> 6)));
            bf_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
        } else if (cp < 0x10000) {
            bf_buf_putc(out, (char)(0xe0 | (cp >> 12)));
            bf_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
            bf_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
        } else {
            bf_buf_putc(out, (char)(0xf0 | (cp >> 18)));
            bf_buf_putc(out, (char)(0x80 | ((cp >> 12) & 0x3f)));
            bf_buf_putc(out, (char)(0x80 | ((cp >> 6) & 0x3f)));
            bf_buf_putc(out, (char)(0x80 | (cp & 0x3f)));
        }
    }
}

/* "\Device\NAME": NAME a GUID in braces (2000 and later) or a driver instance (NT4: "NdisWan4"),
 * non-empty and without further backslashes. */
static bool entry_ok(const char *e)
{
    const char *name = bf_binding_device_name(e);
    return name != e && name[0] && !strchr(name, '\\');
}

void bf_binding_from_multi_sz(bf_snapshot *s, const unsigned char *bytes, size_t len)
{
    size_t units = len / 2, i = 0, index = 0;
    bool terminated = false;
    s->binding.status = BF_SECTION_OK;
    s->binding.problem = "";
    while (i < units) {
        size_t start = i;
        bf_buf b;
        while (i < units && (bytes[2 * i] | bytes[2 * i + 1]))
            i++;
        if (i == start) {
            terminated = true;  /* the empty string that ends the list */
            break;
        }
        index++;
        bf_buf_init(&b);
        bf_utf16le_append_utf8(&b, bytes + 2 * start, i - start);
        if (!entry_ok(bf_buf_cstr(&b)) && s->binding.status == BF_SECTION_OK) {
            s->binding.status = BF_SECTION_MALFORMED;
            s->binding.problem = bf_arena_printf(s->arena, "entry %zu \"%s\" is not of the form \\Device\\NAME",
                                                 index, bf_buf_cstr(&b));
        }
        bf_binding_add_entry(s, bf_buf_cstr(&b));
        bf_buf_free(&b);
        if (i == units)
            break;      /* the last string has no NUL */
        i++;
        /* a list whose last string is NUL-terminated but has no closing empty string is accepted, as
         * RegQueryValueEx's callers commonly are: the data ends at a string boundary */
        if (i == units)
            terminated = true;
    }
    /* a cut-off value explains a bad last entry better than the entry itself: it wins */
    if (len % 2) {
        s->binding.status = BF_SECTION_MALFORMED;
        s->binding.problem = bf_arena_printf(s->arena, "the value is %zu bytes, not a whole number of UTF-16 characters", len);
    } else if (!terminated && units > 0) {
        s->binding.status = BF_SECTION_MALFORMED;
        s->binding.problem = bf_arena_printf(s->arena, "the value does not end with a NUL character (truncated "
                                             "REG_MULTI_SZ; entry %zu is cut off)", index);
    }
}

bool bf_binding_multi_sz_valid(const unsigned char *bytes, size_t len)
{
    bf_snapshot *tmp = bf_snapshot_create();
    bool ok;
    if (!tmp)
        return false;
    bf_binding_from_multi_sz(tmp, bytes, len);
    ok = tmp->binding.status == BF_SECTION_OK && tmp->binding.entry_count > 0;
    bf_snapshot_destroy(tmp);
    return ok;
}
