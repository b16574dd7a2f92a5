/*
 * policy.h - which address family getaddrinfo returns first: the IPv6 prefix policy table (RFC 6724,
 * section 2.1) and Tcpip6\Parameters\DisabledComponents.
 *
 * getaddrinfo(AF_UNSPEC) sorts its answers by the destination address selection rules of RFC 6724
 * (Windows Vista and later: "IPv6 Addressing", prefix policies). For the host's own addresses the
 * source of each destination is the address itself, so rules 1 to 5 tie and rule 6, the precedence of
 * the longest prefix in the policy table that matches the address (IPv4 as ::ffff:a.b.c.d), decides;
 * equal precedence keeps the order the other rules gave (core/order.c: metric, then scope). The table
 * is the one the machine uses (read with `netsh interface ipv6 show prefixpolicies`, "Querying active
 * state"); where it was not read, Windows' default table, which is RFC 6724's.
 *
 * DisabledComponents (KB 929852, "Guidance for configuring IPv6 in Windows for advanced users"): a
 * REG_DWORD read at start-up, so a change takes effect after a restart. Bits: 0x01 tunnel interfaces
 * off, 0x10 IPv6 off on every non-tunnel interface (0xFF: off everywhere but loopback), 0x20 prefer
 * IPv4 over IPv6 in the prefix policy table. Microsoft does not recommend disabling IPv6 (Exchange's
 * own guidance says the same); 0x20 is the documented way to put IPv4 first.
 */
#ifndef BF_POLICY_H
#define BF_POLICY_H

#include "model.h"

#define BF_DC_TUNNELS_OFF 0x01
#define BF_DC_NATIVE_OFF 0x10
#define BF_DC_PREFER_IPV4 0x20

/* "::ffff:0:0/96" -> the 16 bytes and the length (0..128). False: not an IPv6 prefix. */
bool bf_policy_parse_prefix(const char *text, unsigned char addr[16], int *length);

/* Parses the output of `netsh interface ipv6 show prefixpolicies` into s->ipv6_policy (rows appended;
 * status, source and problem set). Only the numeric columns are read: a row is a line whose first two
 * fields are decimal numbers (precedence, label) and whose third is an IPv6 prefix; the header, the
 * dashes and the "Querying active state..." line, in whatever language, are other lines and skipped.
 * A line that starts with a number but is not such a row makes the section malformed (problem names the
 * line); so does an output with no row. Returns false only on out-of-memory. */
bool bf_policy_parse_netsh(bf_snapshot *s, const char *text, size_t len);

/* The table getaddrinfo uses on the snapshot's machine: the one read, else the default (with 0x20 in
 * DisabledComponents: ::ffff:0:0/96 raised to precedence 100, above ::/0). Static or snapshot memory. */
const bf_prefix_policy *bf_policy_table(const bf_snapshot *s, size_t *count);
/* RFC 6724's default table (Windows' default). */
const bf_prefix_policy *bf_policy_default_table(size_t *count);

/* The precedence of address under the snapshot's table; -1 when no row matches or it is no address.
 * *row (may be NULL) gets the matching row. */
int bf_policy_precedence(const bf_snapshot *s, const char *address, const bf_prefix_policy **row);

/* Whether the snapshot says anything the default prediction does not know: a table read, or a
 * DisabledComponents value read. */
bool bf_policy_known(const bf_snapshot *s);

/* Sorts list[0..n) stably by precedence, highest first (RFC 6724 rule 6), under the snapshot's table,
 * or under the snapshot's table with DisabledComponents replaced by dc_override when it is >= -1.
 * False only on out-of-memory (list unchanged). */
bool bf_policy_sort(const bf_snapshot *s, long long dc_override, const char **list, size_t n);

/* DisabledComponents in words: "absent (IPv6 enabled)", "0x20 (prefer IPv4 over IPv6)", ... into buf. */
void bf_policy_dc_text(long long value, char *buf, size_t size);

/* IPv6 off on the non-tunnel interfaces (0x10 set) by the value. */
bool bf_policy_dc_disables_native(long long value);

/* The registry value the set-disabled-components action writes (under HKLM). */
#define BF_POLICY_DC_KEY "SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters"
#define BF_POLICY_DC_VALUE "DisabledComponents"
/* A value Windows reads only when it starts (DisabledComponents): a change to it is in use after a restart. */
bool bf_policy_reg_needs_restart(const char *key, const char *value);

#endif
