/* fuzz_hosts.c - libFuzzer target: the hosts-file parser on arbitrary bytes. Every entry it keeps must
 * name the host, hold valid UTF-8 and carry a line number inside the file. */
#include <stdlib.h>
#include <string.h>

#include "hosts_parse.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    bf_snapshot *s = bf_snapshot_create();
    size_t i, lines = 1;
    if (!s)
        return 0;
    s->hostname = "exchsrv01";
    s->fqdn = "exchsrv01.example.com";
    for (i = 0; i < size; i++)
        lines += data[i] == '\n';
    bf_hosts_parse(s, (const char *)data, size);
    for (i = 0; i < s->hosts.entry_count; i++) {
        const bf_hosts_entry *e = &s->hosts.entries[i];
        if (e->line < 1 || (size_t)e->line > lines || !bf_fuzz_valid_utf8(e->text, strlen(e->text)) || !e->address[0])
            abort();
        if (!strstr(e->names, "xchsrv01") && !strstr(e->names, "XCHSRV01") && !e->names[0])
            abort();
    }
    if (s->hosts.status == BF_SECTION_MALFORMED && !s->hosts.problem[0])
        abort();
    bf_snapshot_destroy(s);
    return 0;
}
