/*
 * model.h - the snapshot: one machine as the diagnosis sees it.
 *
 * Everything is owned by snap->arena (strings are UTF-8, never NULL once a snapshot is complete: absent
 * text is ""). Arrays are (pointer, count, cap) triples grown with BF_PUSH. Integer fields use -1 for
 * "not known" where 0 is a meaningful value (metric, pid, if_index, ...).
 *
 * The JSON form of this structure (core/snapshot_json.c, documented in help/snapshot-format.md) is the
 * single exchange format: the live collector, the demo, saved files and the reports all go through it.
 */
#ifndef BF_MODEL_H
#define BF_MODEL_H

#include "arena.h"

#define BF_SNAPSHOT_SCHEMA "bindfix-snapshot"
#define BF_SNAPSHOT_VERSION 2 /* 2: the diagnosis member holds the cause tree; 1 is still read */

/* ---- enums: every enum has a stable lower-case token used in JSON (see model.c tables) ---- */

typedef enum bf_adapter_kind {
    BF_KIND_LAN = 0,    /* "lan" */
    BF_KIND_DIALUP,     /* "dialup": NDISWAN, PPP, RAS */
    BF_KIND_VPN,        /* "vpn": tunnels, TAP/TUN, WireGuard, IP-HTTPS, ... */
    BF_KIND_LOOPBACK,   /* "loopback" */
    BF_KIND_VIRTUAL,    /* "virtual": Hyper-V vSwitch, VMware, VirtualBox host-only, ... */
    BF_KIND_OTHER,      /* "other" */
    BF_KIND__COUNT
} bf_adapter_kind;

typedef enum bf_oper_status {
    BF_OPER_UP = 0,        /* "up" */
    BF_OPER_DOWN,          /* "down" */
    BF_OPER_DISCONNECTED,  /* "disconnected": media/lower layer down, NDISWAN link not dialled */
    BF_OPER_DISABLED,      /* "disabled": administratively disabled (Q216091) */
    BF_OPER_UNKNOWN,       /* "unknown" */
    BF_OPER__COUNT
} bf_oper_status;

typedef enum bf_dad_state {
    BF_DAD_PREFERRED = 0,  /* "preferred" */
    BF_DAD_TENTATIVE,      /* "tentative" */
    BF_DAD_DUPLICATE,      /* "duplicate" */
    BF_DAD_DEPRECATED,     /* "deprecated" */
    BF_DAD_INVALID,        /* "invalid" */
    BF_DAD_UNKNOWN,        /* "unknown" */
    BF_DAD__COUNT
} bf_dad_state;

typedef enum bf_tristate {
    BF_TRI_UNKNOWN = 0,  /* "unknown" (JSON null) */
    BF_TRI_NO,           /* false */
    BF_TRI_YES           /* true */
} bf_tristate;

typedef enum bf_probe_result {
    BF_PROBE_OK = 0,          /* "ok": bind succeeded (and the socket was closed at once) */
    BF_PROBE_ADDRNOTAVAIL,    /* "addrnotavail": 10049 WSAEADDRNOTAVAIL */
    BF_PROBE_ADDRINUSE,       /* "addrinuse": 10048 WSAEADDRINUSE */
    BF_PROBE_ACCESS,          /* "access": 10013 WSAEACCES */
    BF_PROBE_OTHER,           /* "other": any other error, see error field */
    BF_PROBE_NOT_RUN,         /* "not-run": skipped (address not the machine's own, cancelled, ...) */
    BF_PROBE__COUNT
} bf_probe_result;

typedef enum bf_greeting {
    BF_GREET_NOT_TRIED = 0,   /* "not-tried": nothing listening, or not a greeting protocol */
    BF_GREET_ANSWERED,        /* "answered": expected greeting read (+OK, * OK, 220, LDAP bind reply) */
    BF_GREET_WRONG,           /* "wrong": connected, something else answered */
    BF_GREET_SILENT,          /* "silent": connected, no greeting within the greeting timeout */
    BF_GREET_REFUSED,         /* "refused": connect refused (RST; Windows retries the SYN first, so this
                               * can take about a second or two) */
    BF_GREET_CONNECT_TIMEOUT, /* "connect-timeout": the connect did not complete within its own budget */
    BF_GREET__COUNT
} bf_greeting;

typedef enum bf_svc_state {
    BF_SVC_STOPPED = 0, BF_SVC_START_PENDING, BF_SVC_STOP_PENDING, BF_SVC_RUNNING,
    BF_SVC_CONTINUE_PENDING, BF_SVC_PAUSE_PENDING, BF_SVC_PAUSED, BF_SVC_NOT_INSTALLED,
    BF_SVC_STATE_UNKNOWN, BF_SVC_STATE__COUNT
    /* tokens: "stopped" "start-pending" "stop-pending" "running" "continue-pending"
     *         "pause-pending" "paused" "not-installed" "unknown" */
} bf_svc_state;

typedef enum bf_start_type {
    BF_START_BOOT = 0, BF_START_SYSTEM, BF_START_AUTO, BF_START_DEMAND, BF_START_DISABLED,
    BF_START_UNKNOWN, BF_START__COUNT
    /* tokens: "boot" "system" "auto" "demand" "disabled" "unknown" */
} bf_start_type;

typedef enum bf_section_status {
    BF_SECTION_OK = 0,        /* "ok": collected */
    BF_SECTION_ABSENT,        /* "absent": the source does not exist on this machine (e.g. no Linkage\Bind) */
    BF_SECTION_MALFORMED,     /* "malformed": present but unusable; problem says which entry and why */
    BF_SECTION_UNAVAILABLE,   /* "unavailable": the API gave nothing usable (Wine's event log) */
    BF_SECTION_DENIED,        /* "denied": access denied */
    BF_SECTION_NOT_COLLECTED, /* "not-collected": not asked for */
    BF_SECTION__COUNT
} bf_section_status;

/* ---- structures ---- */

/* Where an address came from (IP_ADAPTER_UNICAST_ADDRESS.PrefixOrigin / SuffixOrigin): it decides how
 * long a change to the address's SkipAsSource flag lasts - a DHCP or router-advertised (SLAAC) address
 * is renewed, and the renewal brings the flag back as it was. */
typedef enum bf_addr_origin {
    BF_ORIGIN_UNKNOWN = 0,    /* "unknown" (not written in the snapshot file) */
    BF_ORIGIN_MANUAL,         /* "manual": configured by hand (static) */
    BF_ORIGIN_DHCP,           /* "dhcp": DHCP or DHCPv6 */
    BF_ORIGIN_ROUTER,         /* "router-advertisement": SLAAC */
    BF_ORIGIN_WELL_KNOWN,     /* "well-known": link-local, loopback */
    BF_ORIGIN_OTHER,          /* "other" */
    BF_ORIGIN__COUNT
} bf_addr_origin;

typedef struct bf_address {
    char *address;          /* textual form: "192.0.2.10", "2001:db8::1" (no scope id) */
    int family;             /* 4 or 6 */
    int prefix_length;      /* -1 unknown */
    bf_dad_state dad_state;
    bf_tristate skip_as_source;
    bf_addr_origin origin;
    char *created;          /* when the address was added (MIB_UNICASTIPADDRESS_ROW.CreationTimeStamp), ISO 8601
                             * UTC; "" not known (Wine, Windows before Vista). The startup race compares it with
                             * the start of the service that binds it. */
} bf_address;

typedef struct bf_adapter {
    char *guid;             /* "{xxxxxxxx-...}" as in \Device\{GUID}; AdapterName */
    char *friendly_name;
    char *description;
    bf_adapter_kind kind;
    bf_oper_status status;
    int if_type;            /* IANA ifType (6 ethernet, 23 ppp, 24 loopback, 131 tunnel, ...); -1 unknown */
    int if_index;           /* IPv4 IfIndex (or IPv6 when IPv4 absent); -1 unknown */
    int metric4;            /* interface metric, -1 unknown */
    int metric6;
    char *mac;              /* "00-11-22-33-44-55" or "" */
    bf_address *addresses;  /* in the order the system lists them */
    size_t address_count, address_cap;
    char *gateway;          /* the first default gateway's address, "" none or not known (issue 15: on a
                             * Hyper-V host "vEthernet (...)" carries it and is the host's real LAN) */
    bf_tristate dns_register;   /* the adapter registers its addresses in DNS (IP_ADAPTER_DDNS_ENABLED; the
                                 * "Register this connection's addresses in DNS" box); unknown: not read */
} bf_adapter;

typedef struct bf_binding_order {
    bf_section_status status;
    char *source;           /* where it was read: "HKLM\\SYSTEM\\...\\Tcpip\\Linkage\\Bind" */
    char *problem;          /* when malformed/unavailable: which entry and why; else "" */
    char **entries;         /* "\\Device\\{GUID}" in binding order, as stored */
    size_t entry_count, entry_cap;
} bf_binding_order;

typedef struct bf_resolution {
    char *api;              /* "gethostbyname" | "getaddrinfo" */
    char *query;            /* the name asked for (short name or FQDN) */
    int error;              /* 0 on success, else the Winsock/EAI error */
    char **addresses;       /* in the order returned */
    size_t address_count, address_cap;
} bf_resolution;

typedef struct bf_hosts_entry {
    int line;               /* 1-based line number in the hosts file */
    char *address;
    char *names;            /* the names on the line, space-separated as written */
    char *text;             /* the whole line as written (without line ending) */
} bf_hosts_entry;

typedef struct bf_hosts {
    bf_section_status status;
    char *path;             /* after expanding DataBasePath */
    char *problem;
    bf_hosts_entry *entries;    /* only the lines naming this host (short name or FQDN) */
    size_t entry_count, entry_cap;
} bf_hosts;

typedef struct bf_os {
    char *product;          /* "Windows NT 4.0 Server", "Windows Server 2016", as collected/decided */
    int major, minor, build;        /* -1 unknown */
    int sp_major, sp_minor;         /* service pack; 0 = none */
    char *csd;              /* "Service Pack 4" */
    char *product_type;     /* "workstation" | "server" | "domain-controller" | "" */
    char **hotfixes;        /* e.g. "Q214864" or "KB975808" */
    size_t hotfix_count, hotfix_cap;
} bf_os;

typedef struct bf_probe {
    char *address;          /* address probed; "0.0.0.0" / "::" for the wildcard */
    bf_probe_result result;
    int error;              /* Winsock error number, 0 when ok */
    int owner_pid;          /* for addrinuse: -1 unknown */
    char *owner;            /* process image or service holding the port, "" unknown */
    bf_greeting greeting;
    char *greeting_text;    /* first line read (trimmed, at most 200 bytes), "" */
} bf_probe;

/* The socket options a product's service sets before bind (the catalogue's "socket-options"); what
 * Windows then answers a bind beside another socket is core/bindrules.h's table. */
typedef enum bf_sockopt {
    BF_SOCKOPT_NONE = 0,        /* "none": no option (the documented table's "Default") */
    BF_SOCKOPT_REUSEADDR,       /* "reuseaddr": SO_REUSEADDR */
    BF_SOCKOPT_EXCLUSIVE,       /* "exclusiveaddruse": SO_EXCLUSIVEADDRUSE */
    BF_SOCKOPT__COUNT
} bf_sockopt;

typedef struct bf_endpoint {
    char *protocol;         /* catalogue protocol name: "LDAPS", "POP3", "IMAP4", ... */
    char *transport;        /* "tcp" | "udp" */
    int port;
    char *service;          /* catalogue service owning it, "" unknown */
    bf_sockopt sockopt;     /* the service's socket options (catalogue); "socket_options" in the snapshot
                             * file, absent when none */
    bf_probe *probes;       /* one per address probed */
    size_t probe_count, probe_cap;
} bf_endpoint;

typedef struct bf_listener {
    char *transport;        /* "tcp" | "udp" */
    char *address;
    int port;
    int pid;                /* -1 unknown (Wine reports 0: stored as collected) */
    char *process;          /* image name, "" unknown */
    char **services;        /* services hosted in that pid */
    size_t service_count, service_cap;
} bf_listener;

typedef struct bf_service {
    char *name;
    char *display_name;
    bf_svc_state state;
    bf_start_type start_type;
    int pid;                /* -1 / 0 when not running */
    char *binary;
    int exit_code;          /* dwWin32ExitCode, 0 */
    char **dependencies;    /* services this one depends on */
    size_t dependency_count, dependency_cap;
    char *started;          /* when its process started (GetProcessTimes), ISO 8601 UTC; "" not known or not running */
} bf_service;

typedef struct bf_event {
    char *log;              /* "System" | "Application" | another log's name: only the System log is
                             * closed to standard users (bf_event_from_system_log) */
    char *source;
    int event_id;           /* low 16 bits as shown by Event Viewer */
    char *type;             /* "error" | "warning" | "information" | ... */
    char *time;             /* ISO 8601 UTC "1999-08-27T10:15:00Z" */
    long long record;       /* record number, -1 unknown */
    char *message;          /* rendered or reconstructed text, "" */
    char **inserts;         /* insertion strings */
    size_t insert_count, insert_cap;
} bf_event;

typedef struct bf_event_log {
    bf_section_status status;  /* unavailable is NOT "no events" */
    char *problem;
    bf_event *events;       /* only records matching a catalogued signature, newest first */
    size_t event_count, event_cap;
} bf_event_log;

/* Excluded and reserved port ranges (issue 15, source 2; core/portranges.c): a bind inside one fails with
 * 10013 (WSAEACCES) although nothing listens. */
typedef struct bf_port_range {
    char *transport;        /* "tcp" | "udp" */
    int family;             /* 4 | 6 */
    int start, end;         /* inclusive, 1..65535 */
    bool administered;      /* netsh marks the range "*": an administrator's exclusion (netsh add
                             * excludedportrange, CreatePersistentTcpPortReservation); otherwise the
                             * system's: WinNAT / HNS / vmcompute reserved it for containers and VMs */
    char *kind;             /* "excluded" (netsh excludedportrange) | "reserved" (Server 2003's
                             * Tcpip\Parameters\ReservedPorts) */
} bf_port_range;

typedef struct bf_port_ranges {
    bf_section_status status;   /* not-collected: the snapshot file has no "port_ranges" member */
    char *source;           /* how it was read: "netsh" | "registry" | "" */
    char *problem;
    bf_port_range *ranges;  size_t range_count, range_cap;
    int dynamic_start;      /* IPv4 TCP dynamic (ephemeral) port range: start and number of ports; -1 unknown */
    int dynamic_count;
    int max_user_port;      /* Server 2003 Tcpip\Parameters\MaxUserPort (dynamic ports 1025..it); -1 unset */
} bf_port_ranges;

/* http.sys's IP listen list (issue 15, source 1; gui/sys/httplisten.c): the addresses IIS, WinRM, WSUS,
 * Exchange's web services and every other http.sys client listen on. No entry: every address. */
typedef struct bf_http_listen {
    bf_section_status status;   /* not-collected: the snapshot file has no "http_listen" member */
    char *source;           /* "HttpQueryServiceConfiguration" | "registry" (HTTP\Parameters\ListenOnlyList) */
    char *problem;
    char **addresses;       /* as http.sys holds them, in order */
    size_t address_count, address_cap;
    /* What http.sys holds ports for in the kernel, under PID 4 ("System"): the URL reservations
     * (HttpServiceConfigUrlAclInfo: "http://+:80/Temporary_Listen_Addresses/") and the SSL bindings
     * (HttpServiceConfigSSLCertInfo: "0.0.0.0:443"). Optional in the file (snapshots before them: none). */
    char **url_reservations; size_t url_count, url_cap;
    char **ssl_bindings;     size_t ssl_count, ssl_cap;
} bf_http_listen;
/* One row of the IPv6 prefix policy table (RFC 6724 section 2.1; Windows: `netsh interface ipv6 show
 * prefixpolicies`, Get-NetPrefixPolicy): the precedence orders getaddrinfo's answers, higher first. */
typedef struct bf_prefix_policy {
    char *prefix;           /* "::ffff:0:0/96" as read (IPv6 text, "/", the length) */
    int precedence;         /* 0..2^31-1 */
    int label;
} bf_prefix_policy;

/* The address family order settings (core/policy.h): Tcpip6\Parameters\DisabledComponents and the
 * prefix policy table. */
typedef struct bf_ipv6_policy {
    bf_section_status status;   /* of the table; not-collected (older snapshots): the default table */
    char *source;           /* where the table was read: "netsh interface ipv6 show prefixpolicies" */
    char *problem;          /* when not ok: why; else "" */
    long long disabled_components;  /* the REG_DWORD, -1 when absent (IPv6 fully enabled), -2 not read */
    bf_prefix_policy *policies;     /* in the order read */
    size_t policy_count, policy_cap;
} bf_ipv6_policy;
/* What DNS publishes for the host's own name (issue 16 part 1; gui/sys/dnspub.c): the A and AAAA records
 * the configured DNS server answers, asked on the wire (DnsQuery_W, cache and hosts file bypassed). */
typedef struct bf_dns_publication {
    bf_section_status status;   /* not-collected: older snapshots; unavailable: no DNS server answered */
    char *source;           /* how it was asked: "DnsQuery_W A+AAAA (wire only, cache bypassed)" */
    char *problem;          /* when not ok: why; else "" */
    char *name;             /* the name asked (the FQDN, or the host name when there is no domain) */
    int error;              /* 0: answered; 9003 DNS_ERROR_RCODE_NAME_ERROR (no such name), 9501
                             * DNS_INFO_NO_RECORDS: the name exists without A/AAAA; other DNS/Win32 codes */
    char **addresses;       /* A then AAAA, in the order the server answered */
    size_t address_count, address_cap;
} bf_dns_publication;
/* The source address the stack picks toward a peer (issue 16 part 4; gui/sys/outbound.c): what SMTP HELO,
 * replication and monitoring send from. A SkipAsSource or metric repair changes it; the verification shows
 * it before and after. */
typedef struct bf_outbound {
    char *destination;      /* the peer: an adapter's default gateway */
    char *source;           /* the local address the stack chose, "" when it could not say */
    int error;              /* 0, or the Winsock error of the connect / getsockname */
} bf_outbound;
/* A product's own listen setting (issue 15, source 3; core/pins.h): one address or adapter that a
 * catalogued product is told to listen on or to publish, read where the catalogue's pin source says. */
typedef enum bf_pin_role {
    BF_PIN_LISTEN = 0,      /* "listen": the service listens on this address (or adapter) only */
    BF_PIN_PUBLISH,         /* "publish": the service publishes this address (DNS: its own A records) */
    BF_PIN_ALL,             /* "all": the setting says every address (SQL ListenOnAllIPs, LanAdapter 0, an empty list) */
    BF_PIN_ROLE__COUNT
} bf_pin_role;

typedef struct bf_pin {
    char *product;          /* the catalogue's pin source: "sqlserver", "dns", "rdp", ... */
    char *instance;         /* "MSSQLSERVER", "SQLEXPRESS"; "" for single-instance products */
    char *service;          /* the service that reads the setting (restarted after a change) */
    char *setting;          /* where it was read: "HKLM\\SOFTWARE\\...\\Tcp\\IP2\\IpAddress" */
    bf_pin_role role;
    char *address;          /* the address named, "" when the setting names an adapter */
    char *adapter;          /* the adapter GUID named (RDP's LanAdapter through the LANA table), "" */
    int port;               /* -1 unknown */
    bool enabled;           /* in effect (an SQL IPn that is Enabled while ListenOnAllIPs is 0, ...) */
    char *fix_kind;         /* how bindfix may change it: "flag" (a DWORD that enables this entry), "list" (one
                             * address of a list value), "selector" (a DWORD naming one adapter; 0 = all),
                             * "appcmd" (IIS: fix_key the binding's protocol, fix_value its bindingInformation;
                             * changed by hand with appcmd), "exchange-shell" (Exchange 2010-2019 POP3/IMAP4
                             * in Active Directory: fix_key the list, UnencryptedOrTLSBindings or SSLBindings,
                             * fix_value the entry; changed by hand with Set-PopSettings/Set-ImapSettings),
                             * "" (by hand only) */
    char *fix_key;          /* the registry key under HKLM the change writes, "" */
    char *fix_value;        /* its value name, "" */
} bf_pin;

typedef struct bf_pins {
    bf_section_status status;   /* not-collected: a snapshot without the section */
    char *problem;
    bf_pin *items;
    size_t count, cap;
} bf_pins;

typedef struct bf_snapshot {
    bf_arena *arena;

    char *origin;           /* "live" | "demo" | "file" | "fixture" ... free text */
    char *collected_at;     /* ISO 8601 UTC */
    char *tool_version;
    char *hostname;
    char *fqdn;
    bf_os os;

    bf_adapter *adapters;   size_t adapter_count, adapter_cap;
    bf_binding_order binding;
    bf_resolution *resolver; size_t resolver_count, resolver_cap;
    bf_hosts hosts;
    bf_endpoint *endpoints; size_t endpoint_count, endpoint_cap;
    bf_listener *listeners; size_t listener_count, listener_cap;
    bf_service *services;   size_t service_count, service_cap;
    char *services_problem; /* "" when the list is complete; else why it is not (an enumeration that failed
                             * part-way: the services listed are what came back before it) */
    bf_event_log event_log;
    bf_port_ranges port_ranges; /* optional in the file (core/portranges.c) */
    bf_http_listen http_listen; /* optional in the file */
    bf_ipv6_policy ipv6_policy; /* optional section "ipv6_policy" (snapshots before it: not-collected) */
    bf_pins pins;           /* products' own listen settings (core/pins.h) */
    bf_dns_publication dns; /* optional section "dns_publication": what DNS publishes for the host's name */
    bf_outbound *outbound;  /* optional "source_addresses": the source toward each default gateway */
    size_t outbound_count, outbound_cap;
} bf_snapshot;

/* Creates an empty snapshot with its own arena; every string "" and every section "not-collected".
 * NULL on out-of-memory. */
bf_snapshot *bf_snapshot_create(void);
void bf_snapshot_destroy(bf_snapshot *snap);

/* Convenience constructors used by collectors and tests: push a zero-initialised element whose strings
 * are "" and integers -1 where -1 means unknown.  NULL on out-of-memory. */
bf_adapter *bf_snap_add_adapter(bf_snapshot *s);
bf_address *bf_adapter_add_address(bf_snapshot *s, bf_adapter *a, const char *address, int prefix_length);
bf_resolution *bf_snap_add_resolution(bf_snapshot *s, const char *api, const char *query);
bool bf_resolution_add_address(bf_snapshot *s, bf_resolution *r, const char *address);
bool bf_binding_add_entry(bf_snapshot *s, const char *device);
bf_hosts_entry *bf_snap_add_hosts_entry(bf_snapshot *s);
bf_endpoint *bf_snap_add_endpoint(bf_snapshot *s, const char *protocol, const char *transport, int port);
bf_probe *bf_endpoint_add_probe(bf_snapshot *s, bf_endpoint *e, const char *address);
bf_listener *bf_snap_add_listener(bf_snapshot *s);
bf_service *bf_snap_add_service(bf_snapshot *s, const char *name);
bf_event *bf_snap_add_event(bf_snapshot *s);
bf_pin *bf_snap_add_pin(bf_snapshot *s);

/* Who holds a protocol's port, as far as the snapshot tells (the verify after a repair asks: a process
 * of any user may bind a free port and answer "+OK"; only the service's own process proves the repair):
 *   SERVICE  the listener's owner PID is the service's process (or a process the system layer
 *            attributed to that service: the listener row names it);
 *   OTHER    the owner PID is known and is another process, or the service does not run;
 *   UNKNOWN  the platform gave no owner PID (Wine, Windows 2000 and older) while the service runs, or
 *            the endpoint names no service. */
typedef enum bf_port_owner { BF_OWNER_SERVICE, BF_OWNER_OTHER, BF_OWNER_UNKNOWN } bf_port_owner;
bf_port_owner bf_probe_owner(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p);

/* Log, source and service names compare as Windows compares registry key names: the whole name, ASCII
 * letters folded (bf_ascii_eq_ci). Event Logging Security (Microsoft Learn): any user may write the
 * Application log, under any source name (a source not registered is written there); the System log is
 * written by the system, services and administrators only. A record whose log is not "System" (or is unknown) is evidence a standard
 * user can forge. */
#define BF_SCM_SOURCE "Service Control Manager"
bool bf_event_from_system_log(const bf_event *e);
/* A record the Service Control Manager wrote: the System log and exactly its source name. */
bool bf_event_is_scm(const bf_event *e);
bool bf_str_list_add(bf_snapshot *s, char ***items, size_t *count, size_t *cap, const char *value);

/* The device name of a Tcpip\Linkage\Bind entry: "{GUID}" of "\Device\{GUID}" (2000 and later) or
 * "NdisWan4" of "\Device\NdisWan4" (NT4 names the adapter's driver instance); the entry itself when it
 * has no "\Device\" prefix. It equals (case-insensitively) the adapter's `guid` field. */
const char *bf_binding_device_name(const char *entry);
/* The adapter a binding entry names, NULL when none. */
const bf_adapter *bf_snap_find_adapter_by_binding(const bf_snapshot *s, const char *entry);

/* Lookups (NULL when absent). */
const bf_adapter *bf_snap_find_adapter_by_guid(const bf_snapshot *s, const char *guid);
const bf_adapter *bf_snap_find_adapter_by_address(const bf_snapshot *s, const char *address,
                                                  const bf_address **addr_out);
/* Service names compare as the Service Control Manager compares them: without regard to case
 * ("CreateService": "Service names are not case sensitive"); ASCII folding, as the SCM's names are. */
bool bf_service_name_eq(const char *a, const char *b);
const bf_service *bf_snap_find_service(const bf_snapshot *s, const char *name); /* case-insensitive */
/* A probe that found its port in use (10048) found the protocol's own service listening there - the
 * healthy case: the owner is the endpoint's service (by name or PID), or the owner is unknown but the
 * service runs and its greeting did not give a wrong answer. The one rule for the diagnosis
 * (BF-PORT-IN-USE is not raised) and for the console's icon and words beside that probe. */
bool bf_probe_by_own_service(const bf_snapshot *s, const bf_endpoint *e, const bf_probe *p);
/* A TCP port held by PID 4 ("System") is http.sys's where a URL reservation or an SSL binding names it:
 * that reservation or binding ("http://+:80/wsman/", "0.0.0.0:443"), the first that does; NULL when none
 * does (the kernel holds it for something else, or the snapshot has no http.sys section). A URL without
 * a port means its scheme's (80, 443). */
const char *bf_http_sys_port_reason(const bf_snapshot *s, int port);
/* The PID the system process has on Windows 2000 and later (8 on NT 4.0, 2 on NT 3.x): kernel-mode
 * listeners (http.sys, SMB's srv.sys) show under it. */
#define BF_SYSTEM_PID 4

/* enum <-> token. *_token never returns NULL (unknown values give "unknown" / "other");
 * *_parse returns false for an unknown token and leaves *out untouched. */
const char *bf_adapter_kind_token(bf_adapter_kind v);
bool bf_adapter_kind_parse(const char *tok, bf_adapter_kind *out);
const char *bf_oper_status_token(bf_oper_status v);
bool bf_oper_status_parse(const char *tok, bf_oper_status *out);
const char *bf_dad_state_token(bf_dad_state v);
const char *bf_addr_origin_token(bf_addr_origin v);
const char *bf_sockopt_token(bf_sockopt v);
bool bf_sockopt_parse(const char *tok, bf_sockopt *out);
bool bf_addr_origin_parse(const char *tok, bf_addr_origin *out);
bool bf_dad_state_parse(const char *tok, bf_dad_state *out);
const char *bf_probe_result_token(bf_probe_result v);
bool bf_probe_result_parse(const char *tok, bf_probe_result *out);
const char *bf_greeting_token(bf_greeting v);
bool bf_greeting_parse(const char *tok, bf_greeting *out);
const char *bf_svc_state_token(bf_svc_state v);
bool bf_svc_state_parse(const char *tok, bf_svc_state *out);
const char *bf_start_type_token(bf_start_type v);
bool bf_start_type_parse(const char *tok, bf_start_type *out);
const char *bf_section_status_token(bf_section_status v);
bool bf_section_status_parse(const char *tok, bf_section_status *out);
const char *bf_pin_role_token(bf_pin_role v);
bool bf_pin_role_parse(const char *tok, bf_pin_role *out);

/* Human labels for the UI/text output ("Address not available (10049)", "Dial-up", ...). English,
 * used by the CLI and reports; the GUI takes its labels from the string table. */
const char *bf_probe_result_label(bf_probe_result v);
const char *bf_adapter_kind_label(bf_adapter_kind v);
const char *bf_oper_status_label(bf_oper_status v);

/* Address helpers (textual, no sockets): */
bool bf_addr_is_ipv6(const char *address);
bool bf_addr_is_apipa(const char *address);     /* 169.254.0.0/16 */
bool bf_addr_is_loopback(const char *address);  /* 127/8, ::1 */
bool bf_addr_is_wildcard(const char *address);  /* 0.0.0.0, :: */
bool bf_addr_equal(const char *a, const char *b);  /* normalises IPv6 text, IPv4 exact */
bool bf_addr_parse_ipv6(const char *address, unsigned char out[16]);  /* %scope ignored; false: not IPv6 */
bool bf_addr_parse_ipv4(const char *address, unsigned char out[4]);   /* dotted quad; false: not IPv4 */

#endif
