/* portranges.h - excluded and reserved port ranges (issue 15, source 2): the parsers of what the system
 * layer reads (netsh's tables, Server 2003's ReservedPorts) into snap->port_ranges, and the lookup the
 * rules use. Portable and fuzzed (the snapshot target reads the section; the netsh parsers are fed
 * untrusted child-process output and are unit-tested on synthetic Server 2019 output).
 *
 * netsh is parsed by its numeric columns only, so that any display language works: a line whose first
 * field is a number is a row, everything else (titles, column headings, dashes, the "*" legend) is
 * skipped whatever its words. */
#ifndef BF_PORTRANGES_H
#define BF_PORTRANGES_H

#include "model.h"
#include "strbuf.h"

/* Pushes one range (strings copied). NULL on out of memory. */
bf_port_range *bf_port_ranges_add(bf_snapshot *s, const char *transport, int family, int start, int end,
                                  bool administered, const char *kind);

/* `netsh int ipv4|ipv6 show excludedportrange protocol=tcp|udp`: rows "START END [*]". Adds each row as
 * a range of `transport` and `family`. A row with a number out of 1..65535, an end before its start, or
 * a third field other than "*" is an error naming its line (the rows before it are kept). */
bool bf_port_ranges_parse_netsh_excluded(bf_snapshot *s, const char *text, size_t len, const char *transport,
                                         int family, bf_err *err);

/* `netsh int ipv4 show dynamicport tcp`: the two lines ending in ": NUMBER" are the start port and the
 * number of ports, in that order. Anything but exactly two such lines, or a range past 65535, is an
 * error. */
bool bf_port_ranges_parse_netsh_dynamic(const char *text, size_t len, int *start, int *count, bf_err *err);

/* Server 2003's Tcpip\Parameters\ReservedPorts (REG_MULTI_SZ "1433-1434", "3343"): the ports kept out
 * of the dynamic range, for TCP and UDP (KB 812873). Adds each as an administered "reserved" range of
 * both transports. */
bool bf_port_ranges_parse_reserved(bf_snapshot *s, char *const *items, size_t n, bf_err *err);

/* The first range holding port for transport and family, NULL when none. */
const bf_port_range *bf_port_ranges_find(const bf_port_ranges *pr, const char *transport, int family, int port);

/* The running service that holds the system's ranges (a range neither administered nor "reserved"):
 * WinNAT, HNS or vmcompute, the first of them that runs; NULL when none does. The finding and the
 * console's Port exclusions view name it. */
const bf_service *bf_port_ranges_system_owner(const bf_snapshot *s);
/* Their service names, in that order: WinNAT for NAT networks, HNS for container networks, vmcompute (the
 * Host Compute Service) for virtual machines. The collector skips netsh on a machine with none of them
 * installed (gui/sys/portranges.c). */
#define BF_PORT_RESERVER_COUNT 3
extern const char *const bf_port_range_reservers[BF_PORT_RESERVER_COUNT];

/* Has this machine already shown the symptom the ranges explain: a bind probe refused with 10013
 * (WSAEACCES), or a catalogued event that carries 10013 in its text or insertion strings? Then the
 * collector reads every range (netsh included) even with none of the reservers installed: an
 * administrator's own exclusion refuses a bind too, and the finding needs the range as evidence. */
bool bf_port_ranges_symptom_seen(const bf_snapshot *s);

/* ---- the administered exclusions of one transport and family, as the repair journals them (issue 15:
 * the port-exclusion step, core/fix.h) ----
 * The list form is text, one range per line "START-END\n" (a single port "143-143\n"), ascending by
 * start, no two overlapping, every port 1..65535, at most BF_PORT_LIST_MAX ranges; "" is no range. Only
 * ranges netsh marks "*" are in it: the system's (WinNAT's, HNS's) come and go with their service and are
 * never bindfix's to change. */
#define BF_PORT_LIST_MAX 256

typedef struct bf_port_span {
    int start, end;     /* inclusive */
} bf_port_span;

/* Strict: false for anything but the form above (a journal is read with administrator rights). */
bool bf_port_list_decode(const unsigned char *data, size_t len, bf_port_span *out, size_t cap, size_t *n);
/* The list form of spans (sorted here; they must not overlap), appended to out. */
void bf_port_list_encode(const bf_port_span *spans, size_t n, bf_buf *out);
/* The administered rows of a `netsh int ipvN show excludedportrange protocol=T` table in the list form. */
bool bf_port_list_from_netsh(const char *text, size_t len, const char *transport, int family, bf_buf *out,
                             bf_err *err);
/* For people: "143, 50000-50059", or "(none)"; "(not a port list)" when it does not decode. */
void bf_port_list_text(const unsigned char *data, size_t len, bf_buf *out);
/* Whether span s is in the list (exactly that start and end). */
bool bf_port_list_has(const bf_port_span *spans, size_t n, bf_port_span s);
/* "ipv4 tcp" (a port-exclusion step's target) -> 4, "tcp"; false for anything else. */
bool bf_port_target_parse(const char *target, int *family, const char **transport);

#endif
