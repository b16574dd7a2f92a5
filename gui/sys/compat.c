/*
 * compat.c - what lets both executables start on Windows XP SP3 and Server 2003 SP2 and load no DLL
 * from their own folder.
 *
 * - Windows' loader refuses an executable that statically imports a function the system lacks
 *   ("procedure entry point not found") before a line of it runs. Functions newer than XP SP3 / Server
 *   2003 SP2 are therefore looked up at run time (bfsys_proc), each with a fallback that uses only what
 *   those systems have; tests/rules/rule-imports.sh checks the import tables against the list of what
 *   they export.
 * - An elevated tool started from a Downloads folder must not load a DLL planted beside it: the search
 *   path is narrowed first thing (bfsys_dll_search_harden), every run-time load names System32
 *   (bfsys_load_system_dll), and the static imports that are not KnownDLLs are delay-loaded through the
 *   hook below, which loads them the same way (Makefile: DELAY_DLLS); the 32-bit build binds them
 *   lazily itself (lazybind_i686.c), also through bfsys_load_system_dll.
 */
#include "sys.h"

#include <delayimp.h>
#include <stdio.h>
#include <string.h>

#include "model.h"

#ifndef LOAD_LIBRARY_SEARCH_SYSTEM32
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800
#endif

typedef BOOL(WINAPI *set_default_dll_directories_fn)(DWORD);
typedef BOOL(WINAPI *set_dll_directory_fn)(LPCWSTR);

static FARPROC kernel32_proc(const char *name)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");      /* always loaded: never searched for */
    return k32 ? GetProcAddress(k32, name) : NULL;
}

/* "LOAD_LIBRARY_SEARCH_SYSTEM32 ... is supported on Windows 7 / 2008 R2 with KB2533623, which also adds
 * SetDefaultDllDirectories" (LoadLibraryExW, Remarks): the function's presence is the documented test
 * for the flag. Older systems reject the flag with ERROR_INVALID_PARAMETER. */
bool bfsys_dll_search_flags_supported(void)
{
    return kernel32_proc("SetDefaultDllDirectories") != NULL;
}

HMODULE bfsys_load_system_dll_as(const WCHAR *name, bool search_flags)
{
    if (search_flags)
        return LoadLibraryExW(name, NULL, LOAD_LIBRARY_SEARCH_SYSTEM32);
    /* XP / 2003: the full System32 path, and LOAD_WITH_ALTERED_SEARCH_PATH so that the DLL's own
     * dependencies are searched from System32 too, not from bindfix's folder. */
    WCHAR path[MAX_PATH];
    UINT n = GetSystemDirectoryW(path, MAX_PATH);
    size_t len = wcslen(name);
    if (n == 0)
        return NULL;        /* GetSystemDirectoryW's own error stays for the caller */
    if (n + 1 + len >= MAX_PATH || wcschr(name, L'\\') || wcschr(name, L'/')) {
        SetLastError(ERROR_INVALID_NAME);
        return NULL;
    }
    path[n] = L'\\';
    memcpy(path + n + 1, name, (len + 1) * sizeof(WCHAR));
    return LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
}

HMODULE bfsys_load_system_dll(const WCHAR *name)
{
    return bfsys_load_system_dll_as(name, bfsys_dll_search_flags_supported());
}

FARPROC bfsys_proc(const WCHAR *dll, const char *name)
{
    HMODULE h = GetModuleHandleW(dll);
    if (!h)
        h = bfsys_load_system_dll(dll);     /* stays loaded: the caller keeps the function */
    return h ? GetProcAddress(h, name) : NULL;
}

void bfsys_dll_search_harden(void)
{
    set_default_dll_directories_fn set_default =
        (set_default_dll_directories_fn)(void (*)(void))kernel32_proc("SetDefaultDllDirectories");
    if (set_default && set_default(LOAD_LIBRARY_SEARCH_SYSTEM32))
        return;
    /* XP SP1 / 2003: SetDllDirectoryW(L"") takes the current directory out of the search order. The
     * program's own folder stays first there, which is why the static imports that are not KnownDLLs
     * are delay-loaded (the hook below loads them from System32 by full path). */
    set_dll_directory_fn set_dir = (set_dll_directory_fn)(void (*)(void))kernel32_proc("SetDllDirectoryW");
    if (set_dir)
        set_dir(L"");
}

/* The delay-load helper (mingw-w64's __delayLoadHelper2) asks this hook before it loads a delay-loaded
 * DLL; what the hook returns is used instead of its own LoadLibraryA(name), which would search the
 * program's folder first on XP/2003. So the hook never returns NULL: where System32 has no such DLL it
 * raises the helper's own "module not found" exception (delayimp.h), as the helper would. */
HMODULE bfsys_load_system_dll_narrow(const char *name, DWORD *err)
{
    WCHAR wname[64];
    HMODULE h = NULL;
    *err = ERROR_INVALID_NAME;
    if (MultiByteToWideChar(CP_ACP, 0, name, -1, wname, (int)BF_COUNTOF(wname)) > 0) {
        h = bfsys_load_system_dll(wname);
        *err = h ? ERROR_SUCCESS : GetLastError();
    }
    return h;
}

static FARPROC WINAPI delay_load_hook(unsigned note, PDelayLoadInfo info)
{
    if (note != dliNotePreLoadLibrary || !info || !info->szDll)
        return NULL;
    DWORD err;
    HMODULE h = bfsys_load_system_dll_narrow(info->szDll, &err);
    if (!h) {
        ULONG_PTR arg = (ULONG_PTR)info;
        info->dwLastError = err;
        RaiseException(VcppException(ERROR_SEVERITY_ERROR, ERROR_MOD_NOT_FOUND), 0, 1, &arg);
    }
    return (FARPROC)(void (*)(void))h;
}
PfnDliHook __pfnDliNotifyHook2 = delay_load_hook;

/* ---- functions newer than XP SP3 / Server 2003 SP2, each with its fallback ---- */

unsigned long long bfsys_tick_ms_legacy(void)
{
    /* QueryPerformanceCounter is monotonic and 64-bit on every version (GetTickCount wraps at 49.7 days) */
    LARGE_INTEGER freq, now;
    if (!QueryPerformanceFrequency(&freq) || freq.QuadPart <= 0 || !QueryPerformanceCounter(&now))
        return GetTickCount();
    unsigned long long f = (unsigned long long)freq.QuadPart, c = (unsigned long long)now.QuadPart;
    return c / f * 1000ULL + c % f * 1000ULL / f;
}

unsigned long long bfsys_tick_ms(void)
{
    typedef ULONGLONG(WINAPI * tick64_fn)(void);
    tick64_fn fn = (tick64_fn)(void (*)(void))kernel32_proc("GetTickCount64");    /* Vista */
    return fn ? fn() : bfsys_tick_ms_legacy();
}

/* Strict dotted quad, as inet_pton(AF_INET) takes it: four decimal parts 0-255, nothing else. */
static bool parse_ipv4(const char *s, unsigned char out[4])
{
    for (int part = 0; part < 4; part++) {
        unsigned v = 0;
        int digits = 0;
        while (*s >= '0' && *s <= '9') {
            v = v * 10 + (unsigned)(*s++ - '0');
            if (++digits > 3 || v > 255)
                return false;
        }
        if (!digits || (part < 3 && *s++ != '.'))
            return false;
        out[part] = (unsigned char)v;
    }
    return *s == 0;
}

int bfsys_inet_pton_legacy(int family, const char *text, void *out)
{
    if (family == AF_INET)
        return parse_ipv4(text, out) ? 1 : 0;
    if (family == AF_INET6)         /* inet_pton takes no %scope; bf_addr_parse_ipv6 would ignore one */
        return !strchr(text, '%') && bf_addr_parse_ipv6(text, out) ? 1 : 0;
    WSASetLastError(WSAEAFNOSUPPORT);
    return -1;
}

int bfsys_inet_pton(int family, const char *text, void *out)
{
    typedef INT(WSAAPI * pton_fn)(INT, PCSTR, PVOID);
    pton_fn fn = (pton_fn)(void (*)(void))bfsys_proc(L"ws2_32.dll", "inet_pton");     /* Vista */
    return fn ? fn(family, text, out) : bfsys_inet_pton_legacy(family, text, out);
}

const char *bfsys_inet_ntop_legacy(int family, const void *addr, char *buf, size_t size)
{
    /* WSAAddressToStringA is Windows' own formatter on every version (the same text inet_ntop gives
     * for port 0 and no scope); it needs Winsock started, which nests. */
    struct sockaddr_storage ss;
    int len;
    memset(&ss, 0, sizeof ss);
    if (family == AF_INET) {
        ((struct sockaddr_in *)&ss)->sin_family = AF_INET;
        memcpy(&((struct sockaddr_in *)&ss)->sin_addr, addr, 4);
        len = (int)sizeof(struct sockaddr_in);
    } else if (family == AF_INET6) {
        ((struct sockaddr_in6 *)&ss)->sin6_family = AF_INET6;
        memcpy(&((struct sockaddr_in6 *)&ss)->sin6_addr, addr, 16);
        len = (int)sizeof(struct sockaddr_in6);
    } else {
        WSASetLastError(WSAEAFNOSUPPORT);
        return NULL;
    }
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return NULL;
    DWORD cap = size > 0xFFFF ? 0xFFFF : (DWORD)size;
    int rc = WSAAddressToStringA((struct sockaddr *)&ss, (DWORD)len, NULL, buf, &cap);
    int wsa_err = rc ? WSAGetLastError() : 0;    /* read before WSACleanup, which may set its own */
    WSACleanup();
    if (rc) {
        WSASetLastError(wsa_err);
        return NULL;
    }
    return buf;
}

const char *bfsys_inet_ntop(int family, const void *addr, char *buf, size_t size)
{
    typedef PCSTR(WSAAPI * ntop_fn)(INT, const VOID *, PSTR, size_t);
    ntop_fn fn = (ntop_fn)(void (*)(void))bfsys_proc(L"ws2_32.dll", "inet_ntop");     /* Vista */
    return fn ? fn(family, addr, buf, size) : bfsys_inet_ntop_legacy(family, addr, buf, size);
}

DWORD bfsys_process_image(DWORD pid, WCHAR *path, DWORD cap)
{
    typedef BOOL(WINAPI * query_image_fn)(HANDLE, DWORD, LPWSTR, PDWORD);
    typedef DWORD(WINAPI * image_file_name_fn)(HANDLE, LPWSTR, DWORD);
    query_image_fn query = (query_image_fn)(void (*)(void))kernel32_proc("QueryFullProcessImageNameW");  /* Vista */
    HANDLE p;
    DWORD rc = ERROR_SUCCESS;
    if (query) {
        /* PROCESS_QUERY_LIMITED_INFORMATION is Vista's too: it opens services of other accounts */
        p = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
        if (!p)
            return GetLastError();
        DWORD n = cap;
        if (!query(p, 0, path, &n))
            rc = GetLastError();
        CloseHandle(p);
        return rc;
    }
    /* XP / 2003: psapi's GetProcessImageFileNameW gives the NT device path (\Device\HarddiskVolume1\...);
     * callers use the file name, which is the same. */
    image_file_name_fn image = (image_file_name_fn)(void (*)(void))bfsys_proc(L"psapi.dll", "GetProcessImageFileNameW");
    if (!image)
        return ERROR_PROC_NOT_FOUND;
    p = OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, pid);
    if (!p)
        return GetLastError();
    if (image(p, path, cap) == 0)
        rc = GetLastError();
    CloseHandle(p);
    return rc;
}

void bfsys_run_once(volatile LONG *state, void (*fn)(void *), void *param)
{
    /* InitOnceExecuteOnce is Vista's; this is the same contract on every version: the first caller
     * runs fn, any other waits until it has finished. 0: not run, 1: running, 2: done. */
    if (InterlockedCompareExchange(state, 1, 0) == 0) {
        fn(param);
        InterlockedExchange(state, 2);
        return;
    }
    while (InterlockedCompareExchange(state, 2, 2) != 2)
        Sleep(1);       /* another thread is inside fn (a few ms): give it the processor */
}
