/* testsvc.c - a protocol service for the repair tests that behaves like Exchange's protocol services: at
 * start it resolves its host name (getaddrinfo, as a modern service does), binds its port on EVERY address
 * returned, and if one bind fails it stops with that Winsock error as its exit code (Exchange logs 10049
 * and does not serve); otherwise it answers every connection with its greeting.
 *
 *   testsvc.exe NAME PORT[,PORT...] GREETING[,GREETING...] [--keep-running] [--log FILE]
 *               [--stop-delay MS] [--stop-progress MS] [--start-delay MS] [--fail-start] [--no-listen]
 * (the arguments are part of the service's command line, set by `sc create binPath=`). GREETING is pop3,
 * imap or ldap (an LDAP bindResponse, success). --keep-running is Exchange 5.5's store and directory: a
 * protocol with an address it cannot bind does not listen at all, but the service keeps running and
 * serves its other protocols. --log FILE appends one line per bind (PID, port, address, result).
 * Stopping, as SERVICE_STATUS's rule tells a hung service from a slow one:
 *   --stop-delay MS     a hung stop: it reports STOP_PENDING with a wait hint of 1 s, then says nothing
 *                       more (no checkpoint) for MS before it stops;
 *   --stop-progress MS  a slow, healthy stop (an Information Store flushing its databases): STOP_PENDING
 *                       with a wait hint of 2 s, the checkpoint advanced every second, stopped after MS.
 * --start-delay MS stays START_PENDING (wait hint MS + 1 s) for MS before it binds. --no-listen binds
 * nothing (the windows-rules tests use the SCM only, outside any network namespace).
 * --dns-listen binds like the DNS Server instead of resolving the host name: the addresses of
 * HKLM\SYSTEM\CurrentControlSet\Services\DNS\Parameters\ListenAddresses (an IP4_ARRAY, MS-DNSP
 * 2.2.3.2.1), each one that can be bound (one that cannot is logged and left out, and the service keeps
 * running), or every address (0.0.0.0) when the list is empty or absent.
 * --sql-listen binds like SQL Server (its "TCP/IP Properties, IP Addresses tab"): the service's instance
 * (MSSQLSERVER, or X of MSSQL$X) names its ID under HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\Instance
 * Names\SQL, whose MSSQLServer\SuperSocketNetLib\Tcp key says where: ListenOnAllIPs 1 (or absent) is
 * every address on IPAll's TcpPort; 0 is each IPn with Enabled 1 on its IpAddress and TcpPort (one that
 * cannot be bound, 10049, is logged and left out: the service keeps running). PORT is then unused.
 * --rdp-listen binds like Remote Desktop (LanAdapter, "Network Adapter" in its configuration): HKLM\SYSTEM\
 * CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp\LanAdapter 0 (or absent) is PORT on every
 * address; N is the IPv4 addresses of the adapter whose lanatable\{GUID}\LanaId is N, none when that adapter
 * is not up or gone (logged; the service keeps running).
 *
 *   testsvc.exe --set-restart NAME DELAY_MS [RESET_S]
 * is not a service: it gives service NAME one failure action, SC_ACTION_RESTART after DELAY_MS
 * (ChangeServiceConfig2W, SERVICE_CONFIG_FAILURE_ACTIONS; failure count reset after RESET_S, default
 * 86400), as `sc failure NAME actions= restart/DELAY_MS reset= RESET_S` does on Windows (Wine's sc has no
 * "failure"). Exit code 0, or the Win32 error. */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <iphlpapi.h>
#include <windows.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PROTO 4

typedef struct svc {
    WCHAR name[64];
    int nproto;
    int ports[MAX_PROTO];
    char greetings[MAX_PROTO][64];
    int greeting_len[MAX_PROTO];
    int keep_running;
    WCHAR log[260];
    int sock_proto[16];
    int stop_delay_ms;
    int stop_progress_ms;
    int start_delay_ms;
    int no_listen;
    int fail_start;
    int dns_listen;
    int sql_listen;
    int rdp_listen;
    SERVICE_STATUS_HANDLE handle;
    SERVICE_STATUS status;
    HANDLE stop_event;
    SOCKET socks[16];
    int nsocks;
} svc;

static svc *the_svc;  /* the SCM callbacks take no context pointer: the one service of this process */

static void report(DWORD state, DWORD exit_code, DWORD wait_hint)
{
    static DWORD checkpoint = 1;
    the_svc->status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
    the_svc->status.dwCurrentState = state;
    the_svc->status.dwWin32ExitCode = exit_code;
    the_svc->status.dwWaitHint = wait_hint;
    the_svc->status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
    the_svc->status.dwCheckPoint = (state == SERVICE_RUNNING || state == SERVICE_STOPPED) ? 0 : checkpoint++;
    SetServiceStatus(the_svc->handle, &the_svc->status);
}

static DWORD WINAPI handler(DWORD control, DWORD type, LPVOID data, LPVOID ctx)
{
    (void)type;
    (void)data;
    (void)ctx;
    if (control == SERVICE_CONTROL_STOP && the_svc->status.dwCurrentState == SERVICE_START_PENDING)
        /* Windows' SCM refuses this itself ("ControlService": ERROR_SERVICE_CANNOT_ACCEPT_CTRL while
         * SERVICE_START_PENDING); Wine 8's passes it on, so the service refuses it the same way */
        return ERROR_SERVICE_CANNOT_ACCEPT_CTRL;
    if (control == SERVICE_CONTROL_STOP) {
        /* a hint of 1 s (--stop-delay then stays silent longer: hung), 2 s with progress every second */
        report(SERVICE_STOP_PENDING, 0, the_svc->stop_progress_ms ? 2000 : 1000);
        SetEvent(the_svc->stop_event);
    }
    return NO_ERROR;
}

static void log_line(const char *fmt, ...)
{
    FILE *f;
    va_list ap;
    if (!the_svc->log[0] || !(f = _wfopen(the_svc->log, L"a")))
        return;
    fprintf(f, "%lu %ls: ", (unsigned long)GetCurrentProcessId(), the_svc->name);
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fputc('\n', f);
    fclose(f);
}

/* Binds protocol k on the IPv4 address text (0.0.0.0: every address), port: one that cannot be bound is
 * logged and left out, and the service keeps running (the DNS Server and SQL Server both do). */
static void bind_v4(int k, int port, const char *text)
{
    struct sockaddr_in a;
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((u_short)port);
    a.sin_addr.s_addr = inet_addr(text);
    if (the_svc->nsocks >= 16 || bind(s, (struct sockaddr *)&a, sizeof a) != 0 || listen(s, 5) != 0) {
        log_line("port %d %s: error %d, not listening there", port, text, WSAGetLastError());
        closesocket(s);
        return;
    }
    log_line("port %d %s: bound", port, text);
    the_svc->sock_proto[the_svc->nsocks] = k;
    the_svc->socks[the_svc->nsocks++] = s;
}

/* --dns-listen: protocol k's port on each address of DNS\Parameters\ListenAddresses (see the top). */
static int bind_dns_list(int k)
{
    HKEY h;
    BYTE data[4 + 4 * 16];
    DWORD len = sizeof data, type = 0, n = 0, i;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\DNS\\Parameters", 0, KEY_QUERY_VALUE,
                      &h) == ERROR_SUCCESS) {
        if (RegQueryValueExW(h, L"ListenAddresses", NULL, &type, data, &len) == ERROR_SUCCESS && type == REG_BINARY &&
            len >= 4) {
            memcpy(&n, data, 4);
            if (n > (len - 4) / 4)
                n = 0;
        }
        RegCloseKey(h);
    }
    for (i = 0; i < (n ? n : 1); i++) {
        char text[32] = "0.0.0.0";
        if (n)
            snprintf(text, sizeof text, "%u.%u.%u.%u", data[4 + 4 * i], data[5 + 4 * i], data[6 + 4 * i], data[7 + 4 * i]);
        bind_v4(k, the_svc->ports[k], text);
    }
    return 0;
}

/* One value of HKLM\path as text (REG_SZ) or number (REG_DWORD); def when absent. */
static DWORD sql_value(const WCHAR *path, const WCHAR *name, char *text, DWORD size, DWORD def)
{
    HKEY h;
    BYTE data[256];
    DWORD len = sizeof data - 2, type = 0, v = def;
    if (text)
        text[0] = '\0';
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_QUERY_VALUE, &h) != ERROR_SUCCESS)
        return def;
    memset(data, 0, sizeof data);
    if (RegQueryValueExW(h, name, NULL, &type, data, &len) == ERROR_SUCCESS) {
        if (type == REG_DWORD && len == 4)
            memcpy(&v, data, 4);
        else if (type == REG_SZ && text)
            WideCharToMultiByte(CP_ACP, 0, (WCHAR *)data, -1, text, (int)size, NULL, NULL);
    }
    RegCloseKey(h);
    return v;
}

/* --sql-listen: protocol k as SQL Server's TCP/IP settings say (see the top). */
static int bind_sql(int k)
{
    const WCHAR *inst = wcsncmp(the_svc->name, L"MSSQL$", 6) == 0 ? the_svc->name + 6 : the_svc->name;
    WCHAR id[128] = L"", tcp[400], ipkey[420];
    char addr[64], port[16];
    HKEY h;
    DWORD len = sizeof id - sizeof(WCHAR), type, i;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Microsoft SQL Server\\Instance Names\\SQL", 0,
                      KEY_QUERY_VALUE, &h) == ERROR_SUCCESS) {
        if (RegQueryValueExW(h, inst, NULL, &type, (BYTE *)id, &len) != ERROR_SUCCESS || type != REG_SZ)
            id[0] = 0;
        RegCloseKey(h);
    }
    if (!id[0]) {
        log_line("no instance %ls under Instance Names\\SQL, not listening", inst);
        return 0;
    }
    swprintf(tcp, 400, L"SOFTWARE\\Microsoft\\Microsoft SQL Server\\%ls\\MSSQLServer\\SuperSocketNetLib\\Tcp", id);
    if (sql_value(tcp, L"ListenOnAllIPs", NULL, 0, 1)) {
        /* Listen All: IPAll's port on every address, the IPn entries' Enabled does not count */
        swprintf(ipkey, 420, L"%ls\\IPAll", tcp);
        sql_value(ipkey, L"TcpPort", port, sizeof port, 0);
        bind_v4(k, atoi(port), "0.0.0.0");
        return 0;
    }
    for (i = 1; i < 64; i++) {
        swprintf(ipkey, 420, L"%ls\\IP%lu", tcp, (unsigned long)i);
        sql_value(ipkey, L"IpAddress", addr, sizeof addr, 0);
        if (!addr[0])
            continue;
        if (sql_value(ipkey, L"Enabled", NULL, 0, 0) != 1) {
            log_line("IP%lu %s: not enabled", (unsigned long)i, addr);
            continue;
        }
        sql_value(ipkey, L"TcpPort", port, sizeof port, 0);
        bind_v4(k, atoi(port), addr);
    }
    return 0;
}

/* --rdp-listen: protocol k as Remote Desktop's LanAdapter says (see the top). */
static int bind_rdp(int k)
{
    const WCHAR *ts = L"SYSTEM\\CurrentControlSet\\Control\\Terminal Server";
    WCHAR key[400], guid[64];
    DWORD lana, i, n = sizeof guid / sizeof guid[0], len = 15000;
    HKEY h;
    IP_ADAPTER_ADDRESSES *list, *a;
    IP_ADAPTER_UNICAST_ADDRESS *u;
    swprintf(key, 400, L"%ls\\WinStations\\RDP-Tcp", ts);
    lana = sql_value(key, L"LanAdapter", NULL, 0, 0);
    if (lana == 0) {
        bind_v4(k, the_svc->ports[k], "0.0.0.0");   /* 0: every adapter */
        return 0;
    }
    swprintf(key, 400, L"%ls\\lanatable", ts);
    guid[0] = 0;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, KEY_READ, &h) == ERROR_SUCCESS) {
        for (i = 0; n = sizeof guid / sizeof guid[0], RegEnumKeyExW(h, i, guid, &n, NULL, NULL, NULL, NULL) == ERROR_SUCCESS; i++) {
            WCHAR sub[480];
            swprintf(sub, 480, L"%ls\\%ls", key, guid);
            if (sql_value(sub, L"LanaId", NULL, 0, 0) == lana)
                break;
            guid[0] = 0;
        }
        RegCloseKey(h);
    }
    if (!(list = malloc(len)) || GetAdaptersAddresses(AF_INET, 0, NULL, list, &len) != ERROR_SUCCESS) {
        free(list);
        log_line("LANA %lu: no adapter list, not listening", (unsigned long)lana);
        return 0;
    }
    for (a = list; a; a = a->Next) {
        WCHAR name[64];
        MultiByteToWideChar(CP_ACP, 0, a->AdapterName, -1, name, 64);
        if (!guid[0] || _wcsicmp(name, guid) != 0)
            continue;
        /* an adapter that is not up has no addresses in Windows' stack (media sense): nothing to bind */
        if (a->OperStatus != IfOperStatusUp) {
            log_line("LANA %lu %ls: adapter not up, not listening", (unsigned long)lana, guid);
            break;
        }
        for (u = a->FirstUnicastAddress; u; u = u->Next) {
            char text[64] = "";
            getnameinfo(u->Address.lpSockaddr, u->Address.iSockaddrLength, text, sizeof text, NULL, 0, NI_NUMERICHOST);
            bind_v4(k, the_svc->ports[k], text);
        }
        break;
    }
    if (!a)
        log_line("LANA %lu: no adapter holds it, not listening", (unsigned long)lana);
    free(list);
    return 0;
}

/* Binds protocol k's port on every address of the host name. 0, or the first Winsock error (its
 * sockets then closed: the protocol does not listen anywhere). */
static int bind_proto(int k)
{
    char host[256];
    struct addrinfo hints, *res = NULL, *ai;
    char port[16];
    int first = the_svc->nsocks, i;
    if (gethostname(host, sizeof host) != 0)
        return WSAGetLastError();
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port, sizeof port, "%d", the_svc->ports[k]);
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return WSAGetLastError();
    for (ai = res; ai && the_svc->nsocks < 16; ai = ai->ai_next) {
        SOCKET s = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
        int one = 1;
        char text[64] = "";
        getnameinfo(ai->ai_addr, (socklen_t)ai->ai_addrlen, text, sizeof text, NULL, 0, NI_NUMERICHOST);
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one);
        if (bind(s, ai->ai_addr, (int)ai->ai_addrlen) != 0 || listen(s, 5) != 0) {
            int e = WSAGetLastError();
            log_line("port %d %s: error %d, the protocol does not listen", the_svc->ports[k], text, e);
            closesocket(s);
            freeaddrinfo(res);
            for (i = first; i < the_svc->nsocks; i++)
                closesocket(the_svc->socks[i]);
            the_svc->nsocks = first;
            return e;   /* like Exchange: one address that cannot be bound and the protocol does not serve */
        }
        log_line("port %d %s: bound", the_svc->ports[k], text);
        the_svc->sock_proto[the_svc->nsocks] = k;
        the_svc->socks[the_svc->nsocks++] = s;
    }
    freeaddrinfo(res);
    return 0;
}

static int bind_all(void)
{
    int k, e;
    if (the_svc->no_listen)
        return 0;
    for (k = 0; k < the_svc->nproto; k++) {
        e = the_svc->rdp_listen ? bind_rdp(k) : the_svc->sql_listen ? bind_sql(k) : the_svc->dns_listen ? bind_dns_list(k) : bind_proto(k);
        if (e && !the_svc->keep_running)
            return e;
    }
    return 0;
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv)
{
    int e, i;
    (void)argc;
    (void)argv;
    the_svc->handle = RegisterServiceCtrlHandlerExW(the_svc->name, handler, NULL);
    the_svc->stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    report(SERVICE_START_PENDING, 0, 3000);
    if (the_svc->fail_start) {
        report(SERVICE_STOPPED, ERROR_SERVICE_SPECIFIC_ERROR, 0);
        return;
    }
    if (the_svc->start_delay_ms) {
        report(SERVICE_START_PENDING, 0, (DWORD)the_svc->start_delay_ms + 1000);
        Sleep((DWORD)the_svc->start_delay_ms);   /* the option under test: a service slow to start */
    }
    e = bind_all();
    if (e) {
        for (i = 0; i < the_svc->nsocks; i++)
            closesocket(the_svc->socks[i]);
        report(SERVICE_STOPPED, (DWORD)e, 0);
        return;
    }
    report(SERVICE_RUNNING, 0, 0);
    for (;;) {
        fd_set rd;
        struct timeval tv = {0, 200000};
        FD_ZERO(&rd);
        for (i = 0; i < the_svc->nsocks; i++)
            FD_SET(the_svc->socks[i], &rd);
        if (WaitForSingleObject(the_svc->stop_event, the_svc->nsocks ? 0 : INFINITE) == WAIT_OBJECT_0)
            break;      /* (no socket: select would refuse empty sets at once) */
        if (select(0, &rd, NULL, NULL, &tv) > 0)
            for (i = 0; i < the_svc->nsocks; i++)
                if (FD_ISSET(the_svc->socks[i], &rd)) {
                    SOCKET c = accept(the_svc->socks[i], NULL, NULL);
                    if (c != INVALID_SOCKET) {
                        int k = the_svc->sock_proto[i];
                        send(c, the_svc->greetings[k], the_svc->greeting_len[k], 0);
                        closesocket(c);
                    }
                }
    }
    for (i = 0; i < the_svc->nsocks; i++)
        closesocket(the_svc->socks[i]);
    if (the_svc->stop_delay_ms)
        Sleep((DWORD)the_svc->stop_delay_ms);   /* the option under test: a service hung while stopping */
    for (i = 0; i < the_svc->stop_progress_ms / 1000; i++) {
        Sleep(1000);                            /* a long stop that shows its progress */
        report(SERVICE_STOP_PENDING, 0, 2000);
    }
    report(SERVICE_STOPPED, 0, 0);
}

static int set_restart(const WCHAR *name, DWORD delay_ms, DWORD reset_s)
{
    SC_ACTION act = {SC_ACTION_RESTART, delay_ms};
    SERVICE_FAILURE_ACTIONSW fa = {reset_s, NULL, NULL, 1, &act};
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT), h;
    DWORD e = ERROR_SUCCESS;
    if (!scm)
        return (int)GetLastError();
    /* SC_ACTION_RESTART needs SERVICE_START on the handle as well (ChangeServiceConfig2W's documentation) */
    h = OpenServiceW(scm, name, SERVICE_CHANGE_CONFIG | SERVICE_START);
    if (!h || !ChangeServiceConfig2W(h, SERVICE_CONFIG_FAILURE_ACTIONS, &fa))
        e = GetLastError();
    if (h)
        CloseServiceHandle(h);
    CloseServiceHandle(scm);
    return (int)e;
}

int wmain(int argc, wchar_t **argv)
{
    static svc s;
    SERVICE_TABLE_ENTRYW table[2];
    WSADATA w;
    int i;
    if (argc >= 4 && wcscmp(argv[1], L"--set-restart") == 0)
        return set_restart(argv[2], (DWORD)_wtoi(argv[3]), argc >= 5 ? (DWORD)_wtoi(argv[4]) : 86400);
    if (argc < 4)
        return 2;
    the_svc = &s;
    wcsncpy(s.name, argv[1], 63);
    {
        /* PORT[,PORT...] and GREETING[,GREETING...], paired in order */
        static const char ldap_ok[] = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x61, 0x07, 0x0a, 0x01, 0x00, 0x04, 0x00, 0x04, 0x00};
        const WCHAR *p = argv[2], *k = argv[3];
        while (*p && *k && s.nproto < MAX_PROTO) {
            int n = s.nproto++;
            s.ports[n] = _wtoi(p);
            if (wcsncmp(k, L"pop3", 4) == 0) {
                strcpy(s.greetings[n], "+OK testsvc POP3 ready\r\n");
                s.greeting_len[n] = (int)strlen(s.greetings[n]);
            } else if (wcsncmp(k, L"ldap", 4) == 0) {
                memcpy(s.greetings[n], ldap_ok, sizeof ldap_ok);
                s.greeting_len[n] = (int)sizeof ldap_ok;
            } else {
                strcpy(s.greetings[n], "* OK testsvc IMAP4 ready\r\n");
                s.greeting_len[n] = (int)strlen(s.greetings[n]);
            }
            p = wcschr(p, L',') ? wcschr(p, L',') + 1 : L"";
            k = wcschr(k, L',') ? wcschr(k, L',') + 1 : L"";
        }
    }
    for (i = 4; i < argc; i++) {
        if (wcscmp(argv[i], L"--stop-delay") == 0 && i + 1 < argc)
            s.stop_delay_ms = _wtoi(argv[++i]);
        else if (wcscmp(argv[i], L"--stop-progress") == 0 && i + 1 < argc)
            s.stop_progress_ms = _wtoi(argv[++i]);
        else if (wcscmp(argv[i], L"--no-listen") == 0)
            s.no_listen = 1;
        else if (wcscmp(argv[i], L"--start-delay") == 0 && i + 1 < argc)
            s.start_delay_ms = _wtoi(argv[++i]);
        else if (wcscmp(argv[i], L"--fail-start") == 0)
            s.fail_start = 1;
        else if (wcscmp(argv[i], L"--dns-listen") == 0)
            s.dns_listen = 1;
        else if (wcscmp(argv[i], L"--sql-listen") == 0)
            s.sql_listen = 1;
        else if (wcscmp(argv[i], L"--rdp-listen") == 0)
            s.rdp_listen = 1;
        else if (wcscmp(argv[i], L"--keep-running") == 0)
            s.keep_running = 1;
        else if (wcscmp(argv[i], L"--log") == 0 && i + 1 < argc)
            wcsncpy(s.log, argv[++i], 259);
    }
    WSAStartup(MAKEWORD(2, 2), &w);
    table[0].lpServiceName = s.name;
    table[0].lpServiceProc = service_main;
    table[1].lpServiceName = NULL;
    table[1].lpServiceProc = NULL;
    return StartServiceCtrlDispatcherW(table) ? 0 : 1;
}
