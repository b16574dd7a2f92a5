/* os.c - who the machine is: host name, FQDN, OS version from RtlGetVersion (GetVersionEx lies to
 * programs without a matching manifest), service pack, hotfixes, and the product type. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

typedef LONG(WINAPI *rtl_get_version_fn)(OSVERSIONINFOEXW *);

typedef int(WSAAPI *get_host_name_w_fn)(PWSTR, int);

/* The host name exactly as gethostname() spells it: that is the string services pass to
 * gethostbyname(), and the one Winsock recognises as "this machine" (Wine compares it case-sensitively,
 * so GetComputerNameEx's lower-cased DNS label would ask the hosts file instead). Needs WSAStartup. */
static char *winsock_host_name(bf_arena *a)
{
    HMODULE ws2 = GetModuleHandleW(L"ws2_32.dll");
    get_host_name_w_fn get_w = ws2 ? (get_host_name_w_fn)(void (*)(void))GetProcAddress(ws2, "GetHostNameW") : NULL;
    WCHAR wname[256];
    char name[256];
    if (get_w && get_w(wname, 256) == 0)
        return bfsys_wide_to_arena(a, wname, -1);
    if (gethostname(name, (int)sizeof name) == 0) {
        int n = MultiByteToWideChar(CP_ACP, 0, name, -1, wname, 256);
        if (n > 0)
            return bfsys_wide_to_arena(a, wname, -1);
    }
    return NULL;
}

DWORD bfsys_collect_identity(bf_snapshot *s)
{
    WCHAR name[256];
    DWORD n;
    s->hostname = winsock_host_name(s->arena);
    if (!s->hostname) {
        n = (DWORD)(sizeof name / sizeof name[0]);
        if (GetComputerNameExW(ComputerNameDnsHostname, name, &n))
            s->hostname = bfsys_wide_to_arena(s->arena, name, -1);
    }
    n = (DWORD)(sizeof name / sizeof name[0]);
    if (GetComputerNameExW(ComputerNameDnsFullyQualified, name, &n))
        s->fqdn = bfsys_wide_to_arena(s->arena, name, -1);
    if (!s->hostname)
        s->hostname = "";
    if (!s->fqdn)
        s->fqdn = "";
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}

static const char *product_name(const OSVERSIONINFOEXW *v)
{
    bool server = v->wProductType != VER_NT_WORKSTATION;
    DWORD maj = v->dwMajorVersion, min = v->dwMinorVersion, build = v->dwBuildNumber;
    if (maj == 4)
        return server ? "Windows NT 4.0 Server" : "Windows NT 4.0 Workstation";
    if (maj == 5 && min == 0)
        return server ? "Windows 2000 Server" : "Windows 2000 Professional";
    if (maj == 5)
        return server ? "Windows Server 2003" : "Windows XP";
    if (maj == 6 && min == 0)
        return server ? "Windows Server 2008" : "Windows Vista";
    if (maj == 6 && min == 1)
        return server ? "Windows Server 2008 R2" : "Windows 7";
    if (maj == 6 && min == 2)
        return server ? "Windows Server 2012" : "Windows 8";
    if (maj == 6 && min == 3)
        return server ? "Windows Server 2012 R2" : "Windows 8.1";
    if (maj == 10 && server)
        return build >= 26100 ? "Windows Server 2025" : build >= 20348 ? "Windows Server 2022"
             : build >= 17763 ? "Windows Server 2019" : "Windows Server 2016";
    if (maj == 10)
        return build >= 22000 ? "Windows 11" : "Windows 10";
    return "Windows";
}

typedef BOOL(WINAPI *is_wow64_fn)(HANDLE, PBOOL);

bool bfsys_is_wow64(void)
{
    HMODULE k32 = GetModuleHandleW(L"kernel32.dll");
    is_wow64_fn f = k32 ? (is_wow64_fn)(void (*)(void))GetProcAddress(k32, "IsWow64Process") : NULL;
    BOOL wow = FALSE;
    return f && f(GetCurrentProcess(), &wow) && wow;
}

/* Hotfixes recorded the NT4 way (HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Hotfix\Qnnnnnn):
 * the KB's own fix is looked for there. Later systems record updates elsewhere (CBS); their fix for
 * this class of failure is the binding/metric change itself, so only this key is read. */
static void collect_hotfixes(bf_snapshot *s)
{
    HKEY h;
    DWORD i;
    WCHAR name[128];
    /* HKLM\SOFTWARE is redirected for a 32-bit process on 64-bit Windows: ask for the 64-bit view then
     * (only then: Windows 2000 does not know the flag) */
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Hotfix", 0,
                      KEY_ENUMERATE_SUB_KEYS | (bfsys_is_wow64() ? KEY_WOW64_64KEY : 0), &h) != ERROR_SUCCESS)
        return;
    for (i = 0; i < 4096; i++) {
        DWORD n = (DWORD)(sizeof name / sizeof name[0]);
        char *u;
        if (RegEnumKeyExW(h, i, name, &n, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
            break;
        u = bfsys_wide_to_utf8(name, (int)n);
        if (u) {
            bf_str_list_add(s, &s->os.hotfixes, &s->os.hotfix_count, &s->os.hotfix_cap, u);
            free(u);
        }
    }
    RegCloseKey(h);
}

DWORD bfsys_collect_os(bf_snapshot *s)
{
    OSVERSIONINFOEXW v;
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    rtl_get_version_fn get = ntdll ? (rtl_get_version_fn)(void (*)(void))GetProcAddress(ntdll, "RtlGetVersion") : NULL;
    memset(&v, 0, sizeof v);
    v.dwOSVersionInfoSize = sizeof v;
    if (get && get(&v) == 0) {
        s->os.major = (int)v.dwMajorVersion;
        s->os.minor = (int)v.dwMinorVersion;
        s->os.build = (int)v.dwBuildNumber;
        s->os.sp_major = v.wServicePackMajor;
        s->os.sp_minor = v.wServicePackMinor;
        s->os.csd = bfsys_wide_to_arena(s->arena, v.szCSDVersion, -1);
        s->os.product = (char *)product_name(&v);
        s->os.product_type = v.wProductType == VER_NT_WORKSTATION ? "workstation"
                           : v.wProductType == VER_NT_DOMAIN_CONTROLLER ? "domain-controller" : "server";
    }
    collect_hotfixes(s);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
