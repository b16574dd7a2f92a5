/*
 * report_priv.h - helpers shared by the report writers (core/report*.c only).
 */
#ifndef BF_REPORT_PRIV_H
#define BF_REPORT_PRIV_H

#include "report.h"

/* Decodes one UTF-8 sequence at s (n > 0 bytes available). Returns the bytes consumed (>= 1) and the code
 * point in *cp; an invalid, overlong, surrogate (CESU/WTF-8 from unpaired UTF-16 surrogates) or truncated
 * sequence consumes one byte and gives U+FFFD, so a scan always advances. */
size_t bf_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Appends the UTF-8 encoding of cp (cp must be a scalar value). */
void bf_utf8_put(bf_buf *out, uint32_t cp);

/* Bidirectional formatting characters (LRM/RLM/ALM, embeddings, overrides, isolates): the characters
 * that can make a name display as something else. */
bool bf_is_bidi_control(uint32_t cp);

/* Severity of a finding as a table status. */
bf_report_status bf_report_severity_status(bf_severity sev);

/* The label of a severity with a capital ("Critical"). */
const char *bf_report_severity_label(bf_severity sev);

#endif
