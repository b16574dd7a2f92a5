/* seqctl.c - the peer of bench-restart: what `net stop NAME` / `net start NAME` do on Windows (send the
 * control, then wait until the service has stopped or is running), one service at a time. Wine's net.exe
 * returns without waiting, so it cannot be the peer itself. Between two status queries it sleeps
 * bfsys_service_poll_ms(dwWaitHint), the function bindfix's restart waves use (gui/sys/machine.c), so
 * that both sides wait at the same pace.
 *
 *   seqctl.exe stop A B ... start C D ...   exit 0 when every service reached its state
 *   seqctl.exe query A B ...                one line per service: NAME STATE PID WIN32EXIT CREATED
 *                                           (state: running, stopped, ...; CREATED: the process's
 *                                           creation time as a FILETIME number, 0 when unknown); exit 0
 *                                           when every service could be queried
 * On stdout after stop/start: "polled N times, every MIN-MAX ms". */
#include "sys.h"

#include <stdio.h>
#include <wchar.h>

typedef struct poll_stats {
    unsigned long polls;
    DWORD min_ms, max_ms;
} poll_stats;

static const char *state_name(DWORD s)
{
    switch (s) {
    case SERVICE_STOPPED: return "stopped";
    case SERVICE_START_PENDING: return "start-pending";
    case SERVICE_STOP_PENDING: return "stop-pending";
    case SERVICE_RUNNING: return "running";
    case SERVICE_CONTINUE_PENDING: return "continue-pending";
    case SERVICE_PAUSE_PENDING: return "pause-pending";
    case SERVICE_PAUSED: return "paused";
    default: return "unknown";
    }
}

static int wait_for(SC_HANDLE h, const wchar_t *name, DWORD want, poll_stats *ps)
{
    SERVICE_STATUS_PROCESS ssp;
    DWORD needed, t0 = GetTickCount();
    while (QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed)) {
        DWORD ms;
        if (ssp.dwCurrentState == want)
            return 0;
        if (want == SERVICE_RUNNING && ssp.dwCurrentState == SERVICE_STOPPED) {
            fprintf(stderr, "seqctl: %ls stopped while starting (exit code %lu)\n", name,
                     (unsigned long)ssp.dwWin32ExitCode);
            return 1;
        }
        if (GetTickCount() - t0 > 30000) {
            fprintf(stderr, "seqctl: %ls did not reach the state in 30 s\n", name);
            return 1;
        }
        ms = bfsys_service_poll_ms(ssp.dwWaitHint);
        ps->polls++;
        if (ps->min_ms == 0 || ms < ps->min_ms)
            ps->min_ms = ms;
        if (ms > ps->max_ms)
            ps->max_ms = ms;
        Sleep(ms);
    }
    fprintf(stderr, "seqctl: cannot query %ls (%lu)\n", name, (unsigned long)GetLastError());
    return 1;
}

static int query(SC_HANDLE scm, const wchar_t *name)
{
    SC_HANDLE h = OpenServiceW(scm, name, SERVICE_QUERY_STATUS);
    SERVICE_STATUS_PROCESS ssp;
    DWORD needed;
    int ok;
    if (!h) {
        fprintf(stderr, "seqctl: cannot open %ls (%lu)\n", name, (unsigned long)GetLastError());
        return 1;
    }
    ok = QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed);
    if (ok) {
        /* a process id can be given again once freed: with its creation time it names one process */
        ULONGLONG created = 0;
        HANDLE p = ssp.dwProcessId ? OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, ssp.dwProcessId) : NULL;
        FILETIME c, e, k, u;
        if (p && GetProcessTimes(p, &c, &e, &k, &u))
            created = ((ULONGLONG)c.dwHighDateTime << 32) | c.dwLowDateTime;
        if (p)
            CloseHandle(p);
        printf("%ls %s %lu %lu %llu\n", name, state_name(ssp.dwCurrentState), (unsigned long)ssp.dwProcessId,
               (unsigned long)ssp.dwWin32ExitCode, created);
    }
    else
        fprintf(stderr, "seqctl: cannot query %ls (%lu)\n", name, (unsigned long)GetLastError());
    CloseServiceHandle(h);
    return ok ? 0 : 1;
}

int wmain(int argc, wchar_t **argv)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    int i, start = 0, querying = 0, rc = 0;
    poll_stats ps = {0, 0, 0};
    if (!scm) {
        fprintf(stderr, "seqctl: cannot open the SCM (%lu)\n", (unsigned long)GetLastError());
        return 1;
    }
    for (i = 1; i < argc; i++) {
        SC_HANDLE h;
        SERVICE_STATUS ss;
        if (wcscmp(argv[i], L"stop") == 0 || wcscmp(argv[i], L"start") == 0 || wcscmp(argv[i], L"query") == 0) {
            start = wcscmp(argv[i], L"start") == 0;
            querying = wcscmp(argv[i], L"query") == 0;
            continue;
        }
        if (querying) {
            rc |= query(scm, argv[i]);
            continue;
        }
        h = OpenServiceW(scm, argv[i], SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS);
        if (!h) {
            fprintf(stderr, "seqctl: cannot open %ls (%lu)\n", argv[i], (unsigned long)GetLastError());
            rc = 1;
            continue;
        }
        if (start ? StartServiceW(h, 0, NULL) : ControlService(h, SERVICE_CONTROL_STOP, &ss))
            rc |= wait_for(h, argv[i], start ? SERVICE_RUNNING : SERVICE_STOPPED, &ps);
        else {
            fprintf(stderr, "seqctl: cannot %s %ls (%lu)\n", start ? "start" : "stop", argv[i],
                     (unsigned long)GetLastError());
            rc = 1;
        }
        CloseServiceHandle(h);
    }
    if (!querying)
        printf("polled %lu times, every %lu-%lu ms\n", ps.polls, (unsigned long)ps.min_ms, (unsigned long)ps.max_ms);
    CloseServiceHandle(scm);
    return rc;
}
