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

#endif
