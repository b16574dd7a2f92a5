/* adapter_kind.h - which kind of adapter an interface is, from what any OS reports about it: the IANA
 * ifType and the driver's description and name. Portable so that the rules are unit-tested natively
 * against descriptions real systems report. */
#ifndef BF_ADAPTER_KIND_H
#define BF_ADAPTER_KIND_H

#include "model.h"

/* if_type: IANA ifType, -1 unknown. description / name: UTF-8, may be "" or NULL. */
bf_adapter_kind bf_classify_adapter(int if_type, const char *description, const char *name);

#endif
