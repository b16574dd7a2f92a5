/* hosts_parse.c - see hosts_parse.h. The Windows resolver's rules: '#' starts a comment, fields are
 * separated by spaces or tabs, the first field is the address, the rest are names. */
#include "hosts_parse.h"

#include <string.h>

#include "report.h"  /* bf_utf8_sanitize_append */
#include "strbuf.h"

#define MAX_LINE (64 * 1024)

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* One line (without its '\n'): adds an entry when a name on it is the host. */
static void parse_line(bf_snapshot *s, const char *line, size_t len, int number)
{
    size_t end = len, i = 0, addr_start, addr_len, names_start = 0, names_end = 0;
    bool named = false;
    bf_hosts_entry *e;
    const char *hash = memchr(line, '#', len);
    if (hash)
        end = (size_t)(hash - line);
    while (i < end && is_blank(line[i]))
        i++;
    addr_start = i;
    while (i < end && !is_blank(line[i]))
        i++;
    addr_len = i - addr_start;
    if (addr_len == 0)
        return;
    while (i < end) {
        size_t ns;
        while (i < end && is_blank(line[i]))
            i++;
        ns = i;
        while (i < end && !is_blank(line[i]))
            i++;
        if (i == ns)
            break;
        if (!names_start)
            names_start = ns;
        names_end = i;
        /* i > ns: an empty host name or FQDN never matches */
        if (bf_ascii_eq_ci_n(line + ns, i - ns, s->hostname) || bf_ascii_eq_ci_n(line + ns, i - ns, s->fqdn))
            named = true;
    }
    if (!named)
        return;
    e = bf_snap_add_hosts_entry(s);
    if (!e)
        return;
    e->line = number;
    {
        bf_buf b;
        bf_buf_init(&b);
        bf_buf_append(&b, line + addr_start, addr_len);
        e->address = bf_arena_strdup(s->arena, bf_buf_cstr(&b));
        bf_buf_reset(&b);
        bf_buf_append(&b, line + names_start, names_end - names_start);
        e->names = bf_arena_strdup(s->arena, bf_buf_cstr(&b));
        bf_buf_reset(&b);
        while (len > 0 && line[len - 1] == '\r')
            len--;
        bf_buf_append(&b, line, len);
        {
            bf_buf clean;
            bf_buf_init(&clean);
            bf_utf8_sanitize_append(&clean, bf_buf_cstr(&b));
            e->text = bf_arena_strdup(s->arena, bf_buf_cstr(&clean));
            bf_buf_free(&clean);
        }
        bf_buf_free(&b);
    }
}

void bf_hosts_parse(bf_snapshot *s, const char *data, size_t len)
{
    size_t pos = 0;
    int number = 0;
    s->hosts.status = BF_SECTION_OK;
    /* a UTF-8 BOM (Notepad writes one) is not part of the first address */
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
        pos = 3;
    while (pos < len) {
        const char *start = data + pos;
        const char *nl = memchr(start, '\n', len - pos);
        size_t line_len = nl ? (size_t)(nl - start) : len - pos;
        number++;
        if (memchr(start, '\0', line_len)) {
            s->hosts.status = BF_SECTION_MALFORMED;
            s->hosts.problem = bf_arena_printf(s->arena, "line %d holds a NUL byte: the file is not text", number);
            return;
        }
        if (line_len > MAX_LINE) {
            s->hosts.status = BF_SECTION_MALFORMED;
            s->hosts.problem = bf_arena_printf(s->arena, "line %d is longer than %d bytes", number, MAX_LINE);
            return;
        }
        parse_line(s, start, line_len, number);
        pos += line_len + (nl ? 1 : 0);
    }
}
