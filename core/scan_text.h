/* scan_text.h - the scan as plain text for a console: adapters, resolver order, protocol bind status,
 * findings. Columns are aligned by code points, not bytes. */
#ifndef BF_SCAN_TEXT_H
#define BF_SCAN_TEXT_H

#include "diagnose.h"
#include "strbuf.h"

void bf_scan_write_text(const bf_snapshot *snap, const bf_diagnosis *diag /* may be NULL */, bf_buf *out);

#endif
