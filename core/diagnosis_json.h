/* diagnosis_json.h - the diagnosis as a JSON value (the "diagnosis" member of `scan --json` output and of
 * JSON reports; documented in help/snapshot-format.md). Deterministic: same diagnosis, same bytes. */
#ifndef BF_DIAGNOSIS_JSON_H
#define BF_DIAGNOSIS_JSON_H

#include "diagnose.h"
#include "strbuf.h"

/* Appends the value (an object) as it appears after `"diagnosis": ` at nesting level `level`: its members
 * are indented level+1 (two spaces each), its closing brace level. d may be NULL: writes null. */
void bf_diagnosis_write_json(const bf_diagnosis *d, bf_buf *out, int level);

#endif
