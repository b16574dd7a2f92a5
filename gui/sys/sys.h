/*
 * sys.h - the Win32 system layer shared by bindfix.exe and bindfix-cli.exe.
 *
 * Every call into the machine (IP Helper, Winsock, registry, SCM, event log, files) lives under gui/sys/,
 * one file per source of facts.  The layer fills core snapshots (UTF-8) from Unicode (W) APIs.
 * Error convention of this layer: functions return a Win32 error code (DWORD, ERROR_SUCCESS = 0) and,
 * where a message helps, fill a bf_err; HRESULT appears only at COM boundaries.
 */
#ifndef BFSYS_SYS_H
#define BFSYS_SYS_H

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>
#include <time.h>

#include "strbuf.h"
#include "system.h"

/* How long a restart wave sleeps between two status queries of its services (machine.c), from the
 * longest dwWaitHint among them. The benchmark's one-at-a-time peer (tests/bench/seqctl.c) polls with it
 * too, so that both sides wait at the same pace. */
DWORD bfsys_service_poll_ms(DWORD wait_hint);

/* Every Win32 service in `state` (SERVICE_ACTIVE or SERVICE_STATE_ALL) with its status and PID
 * (services.c). EnumServicesStatusExW hands out at most 256 KB per call (64 KB on Windows Server 2003 and
 * XP) and says ERROR_MORE_DATA with a resume handle; the list may also grow between two calls. So the
 * enumeration loops on the resume handle with a buffer of its own size, keeps what each call returned,
 * copies the strings out of each chunk (the next call overwrites it) and lists a name once. fn is
 * EnumServicesStatusExW (NULL) or a test's stand-in. Returns ERROR_SUCCESS, or the error of the call that
 * failed, with what came back before it kept in *out (the caller says the list is incomplete). */
typedef BOOL(WINAPI *bfsys_enum_services_fn)(SC_HANDLE, SC_ENUM_TYPE, DWORD, DWORD, LPBYTE, DWORD, LPDWORD, LPDWORD,
                                            LPDWORD, LPCWSTR);
typedef struct bfsys_svc_entry {
    WCHAR *name, *display;
    SERVICE_STATUS_PROCESS status;
} bfsys_svc_entry;
typedef struct bfsys_svc_list {
    bfsys_svc_entry *items;
    size_t count, cap;
} bfsys_svc_list;
DWORD bfsys_enum_services(bfsys_enum_services_fn fn, SC_HANDLE scm, DWORD state, bfsys_svc_list *out);
/* A SERVICE_STATUS dwCurrentState as the model's state (every documented state; others: unknown). */
bf_svc_state bfsys_service_state(DWORD st);
void bfsys_svc_list_free(bfsys_svc_list *l);

/* A process and its parent (CreateToolhelp32Snapshot's th32ParentProcessID). */
typedef struct bfsys_proc_entry {
    DWORD pid, parent;
} bfsys_proc_entry;
/* The services a listener of process pid belongs to, added to l->services (listeners.c): every active
 * service hosted in pid (several share a svchost or inetinfo.exe: all of them, not the first); where none
 * is, those of its parent process (Exchange 2007-2019's EdgeTransport.exe is a child of the
 * MSExchangeTransport service); PID 4, the System process, is http.sys: service "HTTP". Tests pass
 * tables in the shape Windows returns them. */
void bfsys_listener_services(bf_snapshot *s, bf_listener *l, DWORD pid, const bfsys_svc_list *svcs,
                             const bfsys_proc_entry *procs, size_t nprocs);

/* Names the holder of a port a probe found taken (probe.c): from the listener table; where the
 * listener's process runs several services, the endpoint's own service among them. */
void bfsys_probe_name_owner(const bf_snapshot *s, const bf_endpoint *e, bf_probe *p);

/* The excluded port ranges as netsh at this full path tells them (portranges.c; the scan passes
 * System32's netsh.exe, the tests a stand-in printing synthetic Server 2019 tables). */
DWORD bfsys_collect_port_ranges_with(bf_snapshot *s, const WCHAR *netsh);
/* What the scan runs: registry values on NT 5.x (s->os.major < 6), System32's netsh.exe otherwise. */
DWORD bfsys_collect_port_ranges_live(bf_snapshot *s);
/* The port-exclusion repair step through netsh at this full path (portranges.c; machine.c passes System32's
 * netsh.exe, the tests a stand-in that records its arguments): the administered ("*") ranges of one family
 * and transport in core/portranges.h's list form (ERROR_NOT_SUPPORTED: netsh has no such table, as on
 * Server 2003 and under Wine), and one range added or deleted. why (why_size bytes) says what failed. */
DWORD bfsys_port_exclusions_read_with(const WCHAR *netsh, int family, const char *transport, bf_buf *out, char *why,
                                      size_t why_size);
DWORD bfsys_port_exclusion_edit_with(const WCHAR *netsh, int family, const char *transport, bool add, int start,
                                     int count, char *why, size_t why_size);
/* netsh's arguments for one change: "int ipv4 add excludedportrange protocol=tcp startport=143 numberofports=1". */
void bfsys_netsh_exclusion_args(int family, const char *transport, bool add, int start, int count, WCHAR *out,
                                size_t cap);

/* http.sys's IP listen list (httplisten.c): HttpQueryServiceConfiguration, else ListenOnlyList. The
 * parser of the API's answer is exposed for tests with synthetic answers. */
DWORD bfsys_collect_http_listen(bf_snapshot *s);
struct _HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY;
DWORD bfsys_http_listen_from_query(bf_snapshot *s, const struct _HTTP_SERVICE_CONFIG_IP_LISTEN_QUERY *q, unsigned long len);

/* Collects a whole live snapshot (all sections, probes as opts say). */
DWORD bfsys_collect(const bf_collect_opts *opts, bf_snapshot *out, bf_err *err);

/* Fills a bf_system whose operations are the real machine (console output goes to the process's
 * stdout/stderr, as UTF-16 to a console and UTF-8 to a pipe or file). */
void bfsys_system_init(bf_system *sys);
/* Frees what bfsys_system_init allocated (a GUI makes one per worker; the CLI keeps its one). */
void bfsys_system_free(bf_system *sys);

/* The machine-wide repair lock (lock.c; core/system.h lock_acquire): *held is the lock file's handle
 * while this process holds it (NULL otherwise); release empties the holder's text, then unlocks. */
bf_lock_result bfsys_lock_acquire(HANDLE *held, const char *journal_dir, const char *what, int wait_ms,
                                  const volatile long *cancel,
                                  void (*waiting)(void *wc, int waited_ms, const bf_lock_holder *h), void *wc,
                                  bf_lock_holder *holder, bf_err *err);
void bfsys_lock_release(HANDLE *held);

/* UTF-8 <-> UTF-16 (malloc'd; free()). Invalid input is replaced with U+FFFD, never rejected, so a
 * hostile adapter name (unpaired surrogates) still shows. NULL only on out-of-memory. */
WCHAR *bfsys_utf8_to_wide(const char *s);
char *bfsys_wide_to_utf8(const WCHAR *s, int len /* -1: NUL-terminated */);
/* Into the snapshot's arena. */
char *bfsys_wide_to_arena(bf_arena *a, const WCHAR *s, int len);
/* Registry string value (REG_SZ / REG_EXPAND_SZ, expanded) into a malloc'd wide string; NULL when absent
 * (*code, when not NULL, says why). */
WCHAR *bfsys_reg_string(HKEY root, const WCHAR *key, const WCHAR *value, DWORD *code);
/* Any value under HKLM (key and value UTF-8) as bytes into out (bf_regval_free); an absent key or value
 * is out->exists = false and ERROR_SUCCESS. Values over 16 MiB are refused (ERROR_INVALID_DATA). */
struct bf_regval;
DWORD bfsys_reg_read(const char *key, const char *value, struct bf_regval *out);
/* The registry view to open a key under HKLM in: KEY_WOW64_64KEY for HKLM\SOFTWARE in a 32-bit process
 * on 64-bit Windows (the products' own keys are in the 64-bit view), else 0 (XP/2003 32-bit: the flag is
 * not passed where there is no WOW64). */
REGSAM bfsys_reg_view(const char *key);

/* Whole file in, UTF-8 path. */
DWORD bfsys_read_file(const char *path, char **data, size_t *len, bf_err *err);
/* The names of the files (not folders) in dir (core/system.h list_dir). */
DWORD bfsys_list_dir(const char *dir, char ***names, size_t *count, bf_err *err);

/* A program of the system run as a child (netsh: port ranges, the prefix policy table). exe by full path
 * (no shell, no search path), args after it; stdout and stderr into *out (malloc'd, NUL-terminated) with
 * the NUL bytes a UTF-16 writer leaves taken out (the callers read digits and ASCII), at most max_bytes.
 * A child still running after timeout_ms is ended (it is ours, never a service). ERROR_SUCCESS with
 * *exit_code, WAIT_TIMEOUT, ERROR_BUFFER_OVERFLOW, or the Win32 error of the call that failed. */
DWORD bfsys_run_capture(const WCHAR *exe, const WCHAR *args, DWORD timeout_ms, size_t max_bytes, char **out,
                        size_t *len, DWORD *exit_code);
/* dnspub.c: ipconfig /registerdns (core/machine.h dns_register): true when Windows said it started. */
bool bfsys_dns_register(bf_err *err);
/* System32's full path of name into out (cap characters). */
DWORD bfsys_system32_file(const WCHAR *name, WCHAR *out, size_t cap);

/* The one file writer (safefile.c): every file the product writes goes through bfsys_write_file. A
 * temporary file beside the target with an unpredictable name, CREATE_NEW and FILE_FLAG_OPEN_REPARSE_POINT,
 * checked to be an ordinary disk file in the intended folder; written, flushed, then renamed over the
 * target through its handle (deleted through it on failure), never by path. A device name as the target
 * (CON, NUL, COM1...) is refused: ERROR_INVALID_NAME with a message saying so. */
typedef struct bfsys_write_opts {
    /* FlushFileBuffers before the rename and after it: the new contents are on disk when it returns.
     * false: they may be lost, or the file found empty, after a power loss. */
    bool durable;
    /* An existing target is replaced with ReplaceFileW, which keeps its ACL, attributes and streams; a
     * read-only target has the attribute cleared for the call and set back (the hosts file). */
    bool keep_target;
    /* The new file's security (NULL: what the folder gives it); ignored where keep_target keeps the old. */
    SECURITY_ATTRIBUTES *security;
    /* Tests only: the source of the temporary name's 16 random bytes (NULL: RtlGenRandom), and
     * nt_calls: rename and delete with NtSetInformationFile as on XP/2003, where
     * SetFileInformationByHandle is missing. */
    bool (*random)(void *ctx, BYTE *buf, ULONG n);
    void *random_ctx;
    bool nt_calls;
    /* Tests only: called with the temporary file's name after its handle is closed and before the
     * identity check that precedes ReplaceFileW (keep_target): where a test exchanges the file, as
     * anyone who may write the folder could. */
    void (*before_replace)(void *ctx, const WCHAR *tmp);
    void *before_replace_ctx;
} bfsys_write_opts;
DWORD bfsys_write_file(const char *path, const char *data, size_t len, const bfsys_write_opts *opts, bf_err *err);
/* bfsys_write_file, durable (reports, snapshots, exports, the pointer file). */
DWORD bfsys_write_file_atomic(const char *path, const char *data, size_t len, bf_err *err);
/* bfsys_write_file with keep_target and the durability explicit (the machine's file_replace: the hosts
 * file, its backups, the journal). */
DWORD bfsys_replace_file(const char *path, const char *data, size_t len, bool durable, bf_err *err);
/* What a preview should say before path is written: a read-only file (its attribute cleared and set
 * back), a folder others may write to. Appends English lines to out, nothing when there is nothing to say. */
void bfsys_write_notes(const char *path, bf_buf *out);
/* May an account other than SYSTEM, Administrators, TrustedInstaller or this process's user create,
 * delete or replace files in folder, or change its permissions? who names the first such account. A
 * minimal judgement for the preview; the journal folder's full check is acl.c's. */
bool bfsys_folder_open_to_others(const char *folder, char *who, size_t who_size);

/* Fills err with "<what>: <system text> (<code>)", path as the place (may be NULL); returns code
 * (ERROR_GEN_FAILURE when code is 0) so that "return bfsys_fail_code(...)" reads naturally. */
DWORD bfsys_fail_code(bf_err *err, DWORD code, const char *path, const char *what);

/* Fills err with "<what> <name>: <system text> (<code>)" (err->code = code); returns code, or
 * ERROR_GEN_FAILURE when code is 0. */
DWORD bfsys_fail_named(bf_err *err, DWORD code, const char *what, const char *name);

/* Text for a Win32/Winsock error number ("The requested address is not valid in its context."),
 * UTF-8, into buf. */
void bfsys_error_text(DWORD code, char *buf, size_t size);

/* TCP/IP's binding order through INetCfg (netcfg.c), as a REG_MULTI_SZ of "\\Device\\<bind name>" like
 * Tcpip\\Linkage\\Bind. The INetCfg object, COM's start and end and the WOW64 question come from a table
 * (bfsys_netcfg_system: CoCreateInstance, CoInitializeEx, CoUninitialize, IsWow64Process; tests hand in a
 * stand-in with synthetic answers that also sees CoUninitialize). ERROR_NOT_SUPPORTED: the system has no
 * usable INetCfg; ERROR_BUSY: another program holds the write lock (err names it);
 * ERROR_FAIL_NOACTION_REBOOT: an earlier change waits for a restart (NETCFG_E_NEED_REBOOT);
 * ERROR_EXE_MACHINE_TYPE_MISMATCH: the 32-bit build under WOW64, which leaves INetCfg to the x64 build.
 * write moves the named devices' paths first, in that order, and applies; on any failure nothing is
 * applied; *restart (may be NULL) is set when Apply said NETCFG_S_REBOOT: applied, in effect after a
 * restart. */
#ifndef ERROR_FAIL_NOACTION_REBOOT
#define ERROR_FAIL_NOACTION_REBOOT 350L     /* winerror.h: "No action was taken as a system reboot is required." */
#endif
struct INetCfg;
typedef struct bfsys_netcfg_api {
    HRESULT (*create)(struct INetCfg **out);
    HRESULT (*com_init)(void);
    void (*com_uninit)(void);
    bool (*is_wow64)(void);     /* NULL: never */
} bfsys_netcfg_api;
extern const bfsys_netcfg_api bfsys_netcfg_system;
struct bf_regval;
DWORD bfsys_bindorder_read(const bfsys_netcfg_api *api, struct bf_regval *out, bf_err *err);
DWORD bfsys_bindorder_write(const bfsys_netcfg_api *api, const struct bf_regval *order, bool *restart, bf_err *err);

/* The greeting probe (probe.c): the connect's own budget - at least BFSYS_CONNECT_BUDGET_MS, longer when
 * the probe timeout is - and how a non-blocking connect's wait ended: select's result, whether the
 * socket came back in the exception set, and its SO_ERROR. BF_GREET_NOT_TRIED means connected (the
 * greeting read decides); otherwise BF_GREET_REFUSED or BF_GREET_CONNECT_TIMEOUT. */
#define BFSYS_CONNECT_BUDGET_MS 3000
int bfsys_connect_budget_ms(int probe_timeout_ms);
bf_greeting bfsys_connect_outcome(int select_rc, bool failed, int so_error);

/* This 32-bit process runs on 64-bit Windows (WOW64): IsWow64Process, resolved at run time (absent
 * before XP SP2 / Server 2003 SP1, where the answer is no). Under WOW64 the file system redirector maps
 * System32 to SysWOW64 except for exempt folders, drivers\\etc among them (so the hosts file is the
 * real one), and the registry redirector maps HKLM\\SOFTWARE to HKLM\\SOFTWARE\\WOW6432Node, while
 * HKLM\\SYSTEM is shared (Tcpip\\Linkage, Services). os.c opens its HKLM\\SOFTWARE key with
 * KEY_WOW64_64KEY under WOW64. */
bool bfsys_is_wow64(void);

/* An adapter's IPv4 interface metric (0: automatic) and an address's SkipAsSource flag (ipconfig.c),
 * through IP Helper functions of Vista and later, resolved at run time by bfsys_iphlp_resolve (a test
 * fills the table with synthetic answers). ERROR_NOT_SUPPORTED: the system lacks them (err says which). */
typedef struct bfsys_iphlp {
    DWORD(WINAPI *get_if_entry)(PMIB_IPINTERFACE_ROW);
    DWORD(WINAPI *set_if_entry)(PMIB_IPINTERFACE_ROW);
    VOID(WINAPI *init_if_entry)(PMIB_IPINTERFACE_ROW);
    DWORD(WINAPI *luid_from_guid)(const GUID *, PNET_LUID);
    DWORD(WINAPI *get_unicast_table)(ADDRESS_FAMILY, PMIB_UNICASTIPADDRESS_TABLE *);
    DWORD(WINAPI *set_unicast_entry)(const MIB_UNICASTIPADDRESS_ROW *);
    /* the row of one address on one interface (Address and InterfaceLuid given): read fresh before the
     * write and again after it, to verify */
    DWORD(WINAPI *get_unicast_entry)(PMIB_UNICASTIPADDRESS_ROW);
    VOID(WINAPI *free_table)(PVOID);
    /* System32's netsh.exe run with args (bfsys_skip_readd): ERROR_SUCCESS with its exit code and what it
     * printed (*out malloc'd, may be NULL), or the error that kept it from running */
    DWORD (*run_netsh)(const WCHAR *args, DWORD *exit_code, char **out);
} bfsys_iphlp;
void bfsys_iphlp_resolve(bfsys_iphlp *f);
DWORD bfsys_metric_read(const bfsys_iphlp *f, const char *adapter_guid, int *metric, bf_err *err);
DWORD bfsys_metric_write(const bfsys_iphlp *f, const char *adapter_guid, int metric, bf_err *err);
DWORD bfsys_skip_read(const bfsys_iphlp *f, const char *address, bool *skip, bf_err *err);
DWORD bfsys_skip_write(const bfsys_iphlp *f, const char *address, bool skip, bf_err *err);
/* The flag of a static address made to last (core/machine.h skip_readd): netsh deletes the address and adds
 * it again on the same interface (by index) with the same prefix length, store=persistent and
 * skipassource=; read back with GetUnicastIpAddressEntry. A failed add puts the address back with its old
 * flag. ERROR_NOT_SUPPORTED: not a static address (PrefixOrigin not manual), or no IP Helper/netsh. */
DWORD bfsys_skip_readd(const bfsys_iphlp *f, const char *address, bool skip, bf_err *err);

/* The hosts file Tcpip\\Parameters\\DataBasePath names now (expanded, "\\hosts" appended; the default
 * folder when the value is absent), malloc'd UTF-8; NULL when out of memory (hosts.c). */
char *bfsys_hosts_file_path(void);
/* Ending a hung service's process (machine.c), in the order that keeps PID reuse harmless: open the
 * process (open_process: PROCESS_TERMINATE | SYNCHRONIZE; SeDebugPrivilege is enabled around that call
 * only and put back as it was), then ask the SCM which process the service runs in now (service_pid), and terminate only when
 * that is still pid. A test stands in for the three calls. ERROR_SUCCESS with *proc set (the caller waits
 * on it and closes it), or with *proc NULL when the service stopped meanwhile; ERROR_INVALID_HANDLE when
 * the service no longer runs in pid (nothing ended); ERROR_ACCESS_DENIED names the protected case. */
typedef struct bfsys_endproc_api {
    HANDLE (*open_process)(void *ctx, DWORD pid);
    DWORD (*service_pid)(void *ctx, const char *name, DWORD *pid, DWORD *state);
    BOOL (*terminate)(void *ctx, HANDLE proc, UINT exit_code);
    void *ctx;
} bfsys_endproc_api;
DWORD bfsys_end_service_process(const bfsys_endproc_api *api, const char *name, DWORD pid, HANDLE *proc,
                                bf_err *err);

/* What the SCM does once a service's process has been ended - to it, a failure - from its failure
 * actions (SERVICE_FAILURE_ACTIONSW as QueryServiceConfig2W returns it; NULL: they could not be read): the
 * first action, the one a first failure gets. A sentence for the question put to the administrator;
 * *restart_ms is the restart delay when the SCM restarts it, else -1. */
void bfsys_failure_actions_text(const SERVICE_FAILURE_ACTIONSW *fa, char *text, size_t size, long *restart_ms);
/* The failure actions as core/scm_failure.h reads them (NULL: not known). */
struct bf_failure_actions;
void bfsys_failure_actions_of(const SERVICE_FAILURE_ACTIONSW *fa, struct bf_failure_actions *out);
/* The SCM calls after an ended service process, in a table: tests/rules gives synthetic answers where
 * Wine has none (Wine 8's QueryServiceConfig2W: SERVICE_CONFIG_FAILURE_ACTIONS "not implemented"). */
typedef struct bfsys_scm_api {
    BOOL(WINAPI *query_config2)(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed);
    BOOL(WINAPI *query_status_ex)(SC_HANDLE h, SC_STATUS_TYPE level, LPBYTE buf, DWORD size, LPDWORD needed);
} bfsys_scm_api;
extern const bfsys_scm_api bfsys_scm_system;
void bfsys_failure_actions_read(const bfsys_scm_api *api, SC_HANDLE h, struct bf_failure_actions *out);
/* true: the service runs (or starts) in a new process within wait_ms (the SCM restarted it) */
bool bfsys_wait_scm_restart(const bfsys_scm_api *api, SC_HANDLE h, DWORD old_pid, DWORD wait_ms);

/* The wldap32 calls of the Exchange 2010-2019 listen-settings reader (pins.c), in a table (winldap.h's
 * signatures; LDAPAPI is __cdecl): bfsys_ldap_resolve fills it from System32's wldap32.dll, loaded only
 * when Exchange's POP3 or IMAP4 service is installed (false: the DLL or an export is missing). Tests hand
 * in a synthetic stand-in: Wine 8's ldap_bind_sW faults on the Negotiate bind with NULL credentials that
 * the reader makes when the catalogue names no server. bfsys_collect_pins_ldap is bfsys_collect_pins
 * with that table (NULL: resolved when needed). */
struct ldap;
struct ldapmsg;
struct l_timeval;
struct ldapcontrolW;
typedef struct bfsys_ldap {
    struct ldap *(__cdecl *init)(WCHAR *host, ULONG port);                          /* ldap_initW */
    ULONG(__cdecl *set_option)(struct ldap *ld, int option, const void *in);        /* ldap_set_optionW */
    ULONG(__cdecl *get_option)(struct ldap *ld, int option, void *out);             /* ldap_get_optionW */
    ULONG(__cdecl *connect)(struct ldap *ld, struct l_timeval *timeout);            /* ldap_connect */
    ULONG(__cdecl *bind_s)(struct ldap *ld, WCHAR *dn, WCHAR *cred, ULONG method);  /* ldap_bind_sW */
    ULONG(__cdecl *search)(struct ldap *ld, WCHAR *base, ULONG scope, WCHAR *filter, WCHAR **attrs, ULONG attrsonly,
                           struct ldapcontrolW **server_controls, struct ldapcontrolW **client_controls,
                           struct l_timeval *timeout, ULONG size_limit, struct ldapmsg **res);  /* ldap_search_ext_sW */
    struct ldapmsg *(__cdecl *first_entry)(struct ldap *ld, struct ldapmsg *res);   /* ldap_first_entry */
    struct ldapmsg *(__cdecl *next_entry)(struct ldap *ld, struct ldapmsg *entry);  /* ldap_next_entry */
    WCHAR *(__cdecl *get_dn)(struct ldap *ld, struct ldapmsg *entry);               /* ldap_get_dnW */
    WCHAR **(__cdecl *get_values)(struct ldap *ld, struct ldapmsg *entry, WCHAR *attr);  /* ldap_get_valuesW */
    ULONG(__cdecl *value_free)(WCHAR **vals);                                       /* ldap_value_freeW */
    void(__cdecl *memfree)(WCHAR *block);                                           /* ldap_memfreeW */
    ULONG(__cdecl *msgfree)(struct ldapmsg *res);                                   /* ldap_msgfree */
    ULONG(__cdecl *unbind)(struct ldap *ld);                                        /* ldap_unbind */
    WCHAR *(__cdecl *err2string)(ULONG err);                                        /* ldap_err2stringW */
} bfsys_ldap;
bool bfsys_ldap_resolve(bfsys_ldap *f);
DWORD bfsys_collect_pins_ldap(bf_snapshot *s, const bf_collect_opts *opts, const bfsys_ldap *ldap);
/* Delayed Automatic Start (the startup race's repair step): the calls machine.c makes, so that a test can hand
 * in a synthetic SCM where Wine has none (Wine 8 answers ERROR_INVALID_LEVEL for the level). Win32 errors. */
typedef struct bfsys_delayed_api {
    BOOL(WINAPI *query_config)(SC_HANDLE h, LPQUERY_SERVICE_CONFIGW cfg, DWORD size, LPDWORD needed);
    BOOL(WINAPI *query_config2)(SC_HANDLE h, DWORD level, LPBYTE buf, DWORD size, LPDWORD needed);
    BOOL(WINAPI *change_config2)(SC_HANDLE h, DWORD level, LPVOID info);
} bfsys_delayed_api;
extern const bfsys_delayed_api bfsys_delayed_system;
DWORD bfsys_delayed_read(const bfsys_delayed_api *api, SC_HANDLE h, bool *auto_start, bool *delayed);
DWORD bfsys_delayed_write(const bfsys_delayed_api *api, SC_HANDLE h, bool delayed);

/* The repair engine's machine (core/machine.h) on Win32: machine.c. */
struct bf_machine;
void bfsys_machine_init(struct bf_machine *m);
/* The registry calls a machine's reg_write makes (RegCreateKeyExW ... RegCloseKey): tests hand in a
 * synthetic stand-in that enforces each call's documented access right. */
typedef struct bfsys_reg_api {
    LONG(WINAPI *create_key)(HKEY, LPCWSTR, DWORD, LPWSTR, DWORD, REGSAM, LPSECURITY_ATTRIBUTES, PHKEY, LPDWORD);
    LONG(WINAPI *set_value)(HKEY, LPCWSTR, DWORD, DWORD, const BYTE *, DWORD);
    LONG(WINAPI *delete_value)(HKEY, LPCWSTR);
    LONG(WINAPI *flush_key)(HKEY);
    LONG(WINAPI *close_key)(HKEY);
} bfsys_reg_api;
/* bfsys_machine_init with reg_write's registry calls going through reg (which must outlive m). */
void bfsys_machine_init_reg(struct bf_machine *m, const bfsys_reg_api *reg);

/* Parsers of raw API answers, exposed so that tests can hand them synthetic answers in the documented
 * layout of a Windows version Wine does not imitate (XP/2003 structure lengths, GetAdaptersInfo) or with
 * values Wine cannot produce (metrics, SkipAsSource, Linkage\\Bind, event records). */
DWORD bfsys_adapters_from_list(bf_snapshot *s, const IP_ADAPTER_ADDRESSES *list);
DWORD bfsys_adapters_from_info(bf_snapshot *s, const IP_ADAPTER_INFO *info);
void bfsys_binding_from_multi_sz(bf_snapshot *s, const WCHAR *data, size_t chars);
/* sigs NULL: the built-in catalogue's signatures */
bool bfsys_events_from_buffer(bf_snapshot *s, const char *log_utf8, const BYTE *buf, DWORD len, time_t oldest,
                              DWORD *seen, const bf_event_signature *sigs, size_t nsigs);

/* compat.c: the oldest supported Windows (XP SP3, Server 2003 SP2) and DLLs from System32 only.
 * bfsys_proc: a function of a system DLL, NULL where this Windows lacks it (the DLL is loaded from
 * System32 if not loaded yet). bfsys_load_system_dll: LoadLibraryExW from System32 only
 * (LOAD_LIBRARY_SEARCH_SYSTEM32 where supported, else the full System32 path); _as names the method
 * (tests). bfsys_dll_search_harden: first thing in each executable's entry point. */
FARPROC bfsys_proc(const WCHAR *dll, const char *name);
/* watch.c: fills sys's watch_begin/watch_wait/watch_end (address and interface change notifications,
 * or polling where they are missing or stubbed). */
void bfsys_watch_install(bf_system *sys);
HMODULE bfsys_load_system_dll(const WCHAR *name);
HMODULE bfsys_load_system_dll_as(const WCHAR *name, bool search_flags);
/* the same for a DLL name in the ANSI code page (delay-load hook, lazybind_i686.c); *err: the Win32 error */
HMODULE bfsys_load_system_dll_narrow(const char *name, DWORD *err);
bool bfsys_dll_search_flags_supported(void);
void bfsys_dll_search_harden(void);
/* Vista functions with their XP/2003 fallback (the _legacy forms are the fallbacks, for tests):
 * GetTickCount64, inet_pton, inet_ntop (same contracts), QueryFullProcessImageNameW (path: the image's
 * path, an NT device path on XP/2003; returns a Win32 error), InitOnceExecuteOnce (state starts at 0). */
unsigned long long bfsys_tick_ms(void);
unsigned long long bfsys_tick_ms_legacy(void);
int bfsys_inet_pton(int family, const char *text, void *out);
int bfsys_inet_pton_legacy(int family, const char *text, void *out);
const char *bfsys_inet_ntop(int family, const void *addr, char *buf, size_t size);
const char *bfsys_inet_ntop_legacy(int family, const void *addr, char *buf, size_t size);
DWORD bfsys_process_image(DWORD pid, WCHAR *path, DWORD cap);
void bfsys_run_once(volatile LONG *state, void (*fn)(void *), void *param);

/* savedlg.c: asks for a file to save to, the Common Item Dialog where it can be created, else
 * GetSaveFileNameW. names/specs/exts: ntypes file types (name, pattern "*.html;*.htm", extension).
 * *path: malloc'd; *type_index: the chosen type (0-based). ERROR_SUCCESS, ERROR_CANCELLED, or an error.
 * dialogs NULL: the real dialogs; tests hand in stand-ins (any member NULL: the real one). */
struct IFileSaveDialog;
struct tagOFNW;
typedef struct bfsys_save_dialogs {
    HRESULT (*make_item)(struct IFileSaveDialog **out);
    BOOL(WINAPI *get_save_file_name)(struct tagOFNW *ofn);
    DWORD(WINAPI *extended_error)(void);
} bfsys_save_dialogs;
typedef struct bfsys_save_ask {
    HWND owner;
    const WCHAR *title;
    const WCHAR *const *names;
    const WCHAR *const *specs;
    const WCHAR *const *exts;
    int ntypes;
} bfsys_save_ask;
DWORD bfsys_ask_save_path(const bfsys_save_dialogs *dialogs, const bfsys_save_ask *ask, WCHAR **path, int *type_index);
/* OPENFILENAME's lpstrFilter: "name\0pattern\0..." and a final NUL (malloc'd) */
WCHAR *bfsys_save_filter(const WCHAR *const *names, const WCHAR *const *specs, int n);

/* locations.c. bfsys_path_for_elevated: path as an elevated process sees it: absolute, and on a mapped
 * network drive the UNC path (universal: NULL for mpr's WNetGetUniversalNameW; tests hand in a
 * stand-in). malloc'd; NULL on out of memory. bfsys_help_place_at: whether HTML Help can show the .chm at
 * path (a network location, or a Zone.Identifier of 3 = Internet or more, gets blank pages);
 * bfsys_help_place_of decides from the drive type and the stream's text (NULL: none). bfsys_zone_id:
 * ZoneId in a Zone.Identifier stream's text, -1 when none. */
typedef DWORD(WINAPI *bfsys_universal_name_fn)(LPCWSTR path, DWORD level, LPVOID buf, LPDWORD size);
WCHAR *bfsys_path_for_elevated(const WCHAR *path, bfsys_universal_name_fn universal);
typedef enum bfsys_help_place { BFSYS_HELP_LOCAL, BFSYS_HELP_REMOTE, BFSYS_HELP_INTERNET_ZONE } bfsys_help_place;
bfsys_help_place bfsys_help_place_at(const WCHAR *path);
bfsys_help_place bfsys_help_place_of(const WCHAR *path, UINT drive_type, const char *zone_text);
int bfsys_zone_id(const char *text);

/* announce.c: a status line's new text told to screen readers - a UI Automation notification where
 * uiautomationcore.dll has UiaRaiseNotificationEvent (Windows 10 1709 on), else the control marked as a
 * live region and EVENT_OBJECT_LIVEREGIONCHANGED raised. The calls go through the table (tests hand in
 * counting stand-ins); bfsys_announce_api_init resolves the real ones at run time. The window property
 * "bindfix.live" on the control says it carries the live-region annotation. */
typedef HRESULT(WINAPI *bfsys_uia_host_fn)(HWND hwnd, void **provider);   /* UiaHostProviderFromHwnd */
typedef HRESULT(WINAPI *bfsys_uia_notify_fn)(void *provider, int kind, int processing, BSTR text,
                                            BSTR activity);             /* UiaRaiseNotificationEvent */
typedef void(WINAPI *bfsys_win_event_fn)(DWORD event, HWND hwnd, LONG object, LONG child);
typedef struct bfsys_announce_api {
    bfsys_uia_host_fn host_provider;            /* NULL where the system lacks it */
    bfsys_uia_notify_fn raise_notification;     /* NULL where the system lacks it */
    bfsys_win_event_fn notify_win_event;        /* NotifyWinEvent */
    HRESULT (*mark_live)(HWND ctl);             /* LiveSetting = polite on the control (IAccPropServices) */
} bfsys_announce_api;
typedef enum bfsys_announce_way {
    BFSYS_ANNOUNCE_NONE = 0, BFSYS_ANNOUNCE_UIA, BFSYS_ANNOUNCE_LIVE_REGION
} bfsys_announce_way;
void bfsys_announce_api_init(bfsys_announce_api *api);
/* Announces text, the control's new text (nothing for an empty text); says which way it went. */
bfsys_announce_way bfsys_announce(const bfsys_announce_api *api, HWND ctl, const WCHAR *text);
/* The control's accessible description (MSAA accDescription, read after its name and role) set to text
 * through oleacc's Dynamic Annotation (IAccPropServices::SetHwndPropStr, PROPID_ACC_DESCRIPTION): the words
 * for what a picture on it says, such as the UAC shield. Where it took, the control carries the window
 * property BFSYS_DESCRIBED_PROP. Wine 8's oleacc has the class but not the method (E_NOTIMPL). */
#define BFSYS_DESCRIBED_PROP L"bindfix.described"
HRESULT bfsys_acc_describe(HWND ctl, const WCHAR *text);

#endif
