/* hosts_parse.h - the lines of a hosts file that name this host (short name or FQDN, case-insensitive),
 * in file order, with their line numbers. Portable and fuzzed: a hosts file is untrusted input. */
#ifndef BF_HOSTS_PARSE_H
#define BF_HOSTS_PARSE_H

#include "model.h"

/* Fills snap->hosts.entries (and status ok) from the file's bytes, matching snap->hostname and
 * snap->fqdn. Lines that are not valid UTF-8 are kept with U+FFFD in `text`. A NUL byte or an overlong
 * line (more than 64 KiB) makes the section "malformed" with the line number in `problem`; the lines
 * before it are kept. */
void bf_hosts_parse(bf_snapshot *snap, const char *data, size_t len);

#endif
