/* outbound.h - the source address toward each peer before and after a repair (issue 16 part 4).
 *
 * A SkipAsSource or metric repair changes which local address the machine sends from (SMTP HELO,
 * replication, monitoring), not only which address its name resolves to. The system layer records, per
 * default gateway, the source the stack picks (snapshot "source_addresses", gui/sys/outbound.c); the
 * verification prints it for the scan before and the scan after the repair. */
#ifndef BF_OUTBOUND_H
#define BF_OUTBOUND_H

#include "model.h"
#include "strbuf.h"

/* "SOURCE ADDRESSES" lines, one per destination of either scan: "toward D: S -> S2 (changed|unchanged)",
 * or what could not be said. Nothing when neither scan has the section. */
void bf_outbound_write_compare(const bf_snapshot *before, const bf_snapshot *after, bf_buf *o);

/* The snapshot's row toward destination (bf_addr_equal), NULL when it has none (or s is NULL). */
const bf_outbound *bf_outbound_find(const bf_snapshot *s, const char *destination);

#endif
