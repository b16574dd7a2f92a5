/* demo.h - the KB Q214864 machine (NT4 Server SP4, Exchange 5.5, NDISWAN address returned first by
 * gethostbyname although it is not bound): stored as snapshot JSON and parsed by the strict reader, so
 * the demo and the reader cannot disagree. */
#ifndef BF_DEMO_H
#define BF_DEMO_H

#include "model.h"

bf_snapshot *bf_demo_snapshot(bf_err *err);
const char *bf_demo_json(size_t *len);

#endif
