/* testsvc.c - a protocol service for the repair tests that behaves like Exchange's protocol services: at
 * start it resolves its host name (getaddrinfo, as a modern service does), binds its port on EVERY address
 * returned, and if one bind fails it stops with that Winsock error as its exit code (Exchange logs 10049
 * and does not serve); otherwise it answers every connection with its greeting.
 *
 *   testsvc.exe NAME PORT GREETING [--stop-delay MS] [--start-delay MS] [--fail-start]
 * (the arguments are part of the service's command line, set by `sc create binPath=`). */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct svc {
    WCHAR name[64];
    int port;
    char greeting[64];
    int stop_delay_ms;
    int start_delay_ms;
    int fail_start;
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
    if (control == SERVICE_CONTROL_STOP) {
        report(SERVICE_STOP_PENDING, 0, (DWORD)the_svc->stop_delay_ms + 1000);
        SetEvent(the_svc->stop_event);
    }
    return NO_ERROR;
}

static int bind_all(void)
{
    char host[256];
    struct addrinfo hints, *res = NULL, *ai;
    char port[16];
    if (gethostname(host, sizeof host) != 0)
        return WSAGetLastError();
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(port, sizeof port, "%d", the_svc->port);
    if (getaddrinfo(host, port, &hints, &res) != 0)
        return WSAGetLastError();
    for (ai = res; ai && the_svc->nsocks < 16; ai = ai->ai_next) {
        SOCKET s = socket(ai->ai_family, SOCK_STREAM, IPPROTO_TCP);
        int one = 1;
        setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, (const char *)&one, sizeof one);
        if (bind(s, ai->ai_addr, (int)ai->ai_addrlen) != 0 || listen(s, 5) != 0) {
            int e = WSAGetLastError();
            closesocket(s);
            freeaddrinfo(res);
            return e;   /* like Exchange: one address that cannot be bound and the protocol does not serve */
        }
        the_svc->socks[the_svc->nsocks++] = s;
    }
    freeaddrinfo(res);
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
        if (WaitForSingleObject(the_svc->stop_event, 0) == WAIT_OBJECT_0)
            break;
        if (select(0, &rd, NULL, NULL, &tv) > 0)
            for (i = 0; i < the_svc->nsocks; i++)
                if (FD_ISSET(the_svc->socks[i], &rd)) {
                    SOCKET c = accept(the_svc->socks[i], NULL, NULL);
                    if (c != INVALID_SOCKET) {
                        send(c, the_svc->greeting, (int)strlen(the_svc->greeting), 0);
                        closesocket(c);
                    }
                }
    }
    for (i = 0; i < the_svc->nsocks; i++)
        closesocket(the_svc->socks[i]);
    if (the_svc->stop_delay_ms)
        Sleep((DWORD)the_svc->stop_delay_ms);   /* the option under test: a service slow to stop */
    report(SERVICE_STOPPED, 0, 0);
}

int wmain(int argc, wchar_t **argv)
{
    static svc s;
    SERVICE_TABLE_ENTRYW table[2];
    WSADATA w;
    int i;
    if (argc < 4)
        return 2;
    the_svc = &s;
    wcsncpy(s.name, argv[1], 63);
    s.port = _wtoi(argv[2]);
    if (wcscmp(argv[3], L"pop3") == 0)
        strcpy(s.greeting, "+OK testsvc POP3 ready\r\n");
    else
        strcpy(s.greeting, "* OK testsvc IMAP4 ready\r\n");
    for (i = 4; i < argc; i++) {
        if (wcscmp(argv[i], L"--stop-delay") == 0 && i + 1 < argc)
            s.stop_delay_ms = _wtoi(argv[++i]);
        else if (wcscmp(argv[i], L"--start-delay") == 0 && i + 1 < argc)
            s.start_delay_ms = _wtoi(argv[++i]);
        else if (wcscmp(argv[i], L"--fail-start") == 0)
            s.fail_start = 1;
    }
    WSAStartup(MAKEWORD(2, 2), &w);
    table[0].lpServiceName = s.name;
    table[0].lpServiceProc = service_main;
    table[1].lpServiceName = NULL;
    table[1].lpServiceProc = NULL;
    return StartServiceCtrlDispatcherW(table) ? 0 : 1;
}
