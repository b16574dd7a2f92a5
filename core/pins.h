/*
 * pins.h - products whose own setting pins the addresses they listen on (issue 15, source 3): SQL Server's
 * SuperSocketNetLib\Tcp\IPn, DNS Server's ListenAddresses/PublishAddresses, Remote Desktop's LanAdapter,
 * IIS's site bindings in applicationHost.config.
 *
 * They are catalogue data, not code: a pin source (bf_pin_source) names the registry key and values
 * that hold a product's listen addresses and which of a few documented layouts they are in (`reader`);
 * one collector (gui/sys/pins.c) reads every source into the snapshot's "pins" section and one rule
 * (diagnose.c, rule_pins) judges every row against the machine's up adapters and the addresses the
 * host name resolves to. A user catalogue may add sources of these layouts (help/catalogue-format.md);
 * a repair only writes what bf_reg_limits allows, so a source a user adds is repaired by hand unless
 * its key is one of the built-in products'.
 *
 * The address lists are read and edited here, portably, from the value's bytes (fuzzed: fuzz_regvalue):
 *   REG_MULTI_SZ  one address per string;
 *   REG_SZ        addresses separated by spaces or commas (Q198409: "IP address [IP address]");
 *   REG_BINARY    IP4_ARRAY (MS-DNSP 2.2.3.2.1: DWORD AddrCount, then AddrCount IPv4 addresses in
 *                 network byte order) or DNS_ADDR_ARRAY (MS-DNSP 2.2.3.2.3: a 32-byte header whose
 *                 second DWORD is AddrCount, then AddrCount 64-byte DNS_ADDR entries, each a
 *                 SOCKADDR_IN (family 2) or SOCKADDR_IN6 (family 23) at its start). The layout is told
 *                 by the length, which must match one of them exactly.
 */
#ifndef BF_PINS_H
#define BF_PINS_H

#include "arena.h"
#include "base.h"
#include "model.h"
#include "regvalue.h"

typedef enum bf_pin_reader {
    BF_PIN_READ_SQL = 0,    /* "sql-instances": Instance Names\SQL, then each instance's SuperSocketNetLib\Tcp */
    BF_PIN_READ_LIST,       /* "address-list": values holding lists of addresses (listen, publish) */
    BF_PIN_READ_LANA,       /* "lana-adapter": a DWORD naming one LAN adapter by LANA number; 0 = all */
    BF_PIN_READ_IIS,        /* "iis-config": IIS's applicationHost.config (key: the file's path, environment
                             * variables expanded), each site's bindings, read with XmlLite */
    BF_PIN_READ_EXCHANGE,   /* "exchange-ldap": Exchange 2010-2019 POP3/IMAP4 protocol objects in Active
                             * Directory through wldap32 (key: the LDAP server, "" the domain's DC) */
    BF_PIN_READ__COUNT
} bf_pin_reader;

typedef struct bf_pin_source {
    const char *id;         /* "sqlserver", "dns", "rdp": the snapshot rows' "product" */
    const char *label;      /* "SQL Server" */
    bf_pin_reader reader;
    const char *key;        /* under HKLM: the product's key (sql: the Microsoft SQL Server key) */
    const char *listen;     /* address-list: the listen list's value; lana-adapter: the DWORD; sql: "" */
    const char *publish;    /* address-list: the published list's value, "" none */
    const char *table;      /* lana-adapter: the key whose subkeys {GUID} carry LanaId; else "" */
    const char *service;    /* the service that reads it (sql: the default instance's; a named instance
                             * INST runs as MSSQL$INST) */
    int port;               /* its usual port, for the text (-1 unknown) */
    const char *reference;  /* where the setting is documented */
} bf_pin_source;

const char *bf_pin_reader_token(bf_pin_reader r);
bool bf_pin_reader_parse(const char *tok, bf_pin_reader *out);

/* The built-in sources (SQL Server, DNS Server, Remote Desktop). */
const bf_pin_source *bf_pin_sources_builtin(size_t *count);

/* A list of addresses as stored (layouts above). *layout names it ("REG_MULTI_SZ", "REG_SZ", "IP4_ARRAY",
 * "DNS_ADDR_ARRAY"); the addresses are in a (IPv4 dotted, IPv6 as inet_ntop writes it). An absent value
 * is an empty list. false with err when the bytes fit no layout. */
bool bf_pin_list_decode(const bf_regval *v, bf_arena *a, char ***addrs, size_t *count, const char **layout,
                        bf_err *err);

/* cur with `remove` taken out (every entry equal to it, bf_addr_equal) or `add` put at the end (when not
 * there), written in cur's own layout into out (malloc'd bytes; bf_regval_free). *changed = false when
 * nothing differs (out then equals cur). false with err when cur fits no layout, is absent (add), or add
 * cannot be written in that layout (an IPv6 address in an IP4_ARRAY). */
bool bf_pin_list_edit(const bf_regval *cur, const char *remove, const char *add, bf_regval *out, bool *changed,
                      bf_err *err);

/* The list as the preview and the drift messages show it: "IP4_ARRAY: 198.51.100.99, 192.0.2.10", an
 * empty one "IP4_ARRAY: (empty: every address)"; false (nothing written) when it fits no layout. */
bool bf_pin_list_text(const bf_regval *v, bf_buf *out);

/* The SQL Server service of an instance: MSSQLSERVER for the default instance, MSSQL$NAME otherwise. */
void bf_pin_sql_service(const char *instance, char *out, size_t size);

#endif
