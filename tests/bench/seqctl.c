/* seqctl.c - the peer of bench-restart: what `net stop NAME` / `net start NAME` do on Windows (send the
 * control, then wait until the service has stopped or is running), one service at a time, in one process
 * so that no process start-up is counted. Wine's net.exe returns without waiting, so it cannot be the
 * peer itself.   seqctl.exe stop A B ... start C D ... */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static int wait_for(SC_HANDLE h, DWORD want)
{
    SERVICE_STATUS_PROCESS ssp;
    DWORD needed, t0 = GetTickCount();
    while (QueryServiceStatusEx(h, SC_STATUS_PROCESS_INFO, (BYTE *)&ssp, sizeof ssp, &needed)) {
        if (ssp.dwCurrentState == want)
            return 0;
        if (GetTickCount() - t0 > 30000)
            return 1;
        Sleep(50);
    }
    return 1;
}

int wmain(int argc, wchar_t **argv)
{
    SC_HANDLE scm = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
    int i, start = 0, rc = 0;
    for (i = 1; i < argc && scm; i++) {
        SC_HANDLE h;
        SERVICE_STATUS ss;
        if (wcscmp(argv[i], L"stop") == 0 || wcscmp(argv[i], L"start") == 0) {
            start = wcscmp(argv[i], L"start") == 0;
            continue;
        }
        h = OpenServiceW(scm, argv[i], SERVICE_START | SERVICE_STOP | SERVICE_QUERY_STATUS);
        if (!h) {
            rc = 1;
            continue;
        }
        if (start ? StartServiceW(h, 0, NULL) : ControlService(h, SERVICE_CONTROL_STOP, &ss))
            rc |= wait_for(h, start ? SERVICE_RUNNING : SERVICE_STOPPED);
        else
            rc = 1;
        CloseServiceHandle(h);
    }
    return rc;
}
