/* binding.c - the TCP/IP binding order: Tcpip\Linkage\Bind, a REG_MULTI_SZ of "\Device\{GUID}" in the
 * order NT4 SP4 and Windows 2000-2008 R2 use to order the host's addresses. Absent on Windows 10 and on
 * Wine (the section says "absent"); a value of the wrong type or with a bad entry says "malformed",
 * naming the entry and why. Neither is a failure of the tool. */
#include "collect_priv.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "regvalue.h"

#define LINKAGE L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage"

/* The value's characters into entries (the decoding and checks are portable: core/regvalue.c);
 * exposed for tests with synthetic values (sys.h). */
void bfsys_binding_from_multi_sz(bf_snapshot *s, const WCHAR *data, size_t chars)
{
    bf_binding_from_multi_sz(s, (const unsigned char *)data, chars * sizeof(WCHAR));
}

DWORD bfsys_collect_binding(bf_snapshot *s)
{
    HKEY h;
    DWORD type = 0, size = 0;
    WCHAR *data;
    LONG r;
    s->binding.source = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage\\Bind";
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, LINKAGE, 0, KEY_QUERY_VALUE, &h);
    if (r == ERROR_FILE_NOT_FOUND) {
        s->binding.status = BF_SECTION_ABSENT;
        s->binding.problem = "the key Tcpip\\Linkage does not exist";
        return ERROR_SUCCESS;
    }
    if (r != ERROR_SUCCESS) {
        s->binding.status = r == ERROR_ACCESS_DENIED ? BF_SECTION_DENIED : BF_SECTION_UNAVAILABLE;
        s->binding.problem = bf_arena_printf(s->arena, "cannot open Tcpip\\Linkage: error %ld", (long)r);
        return ERROR_SUCCESS;
    }
    r = RegQueryValueExW(h, L"Bind", NULL, &type, NULL, &size);
    if (r == ERROR_FILE_NOT_FOUND) {
        RegCloseKey(h);
        s->binding.status = BF_SECTION_ABSENT;
        s->binding.problem = "the value Bind does not exist";
        return ERROR_SUCCESS;
    }
    if (r != ERROR_SUCCESS || type != REG_MULTI_SZ || size > 1024 * 1024) {
        RegCloseKey(h);
        s->binding.status = BF_SECTION_MALFORMED;
        s->binding.problem = r != ERROR_SUCCESS ? bf_arena_printf(s->arena, "cannot read Bind: error %ld", (long)r)
                           : type != REG_MULTI_SZ ? bf_arena_printf(s->arena, "Bind has type %lu, expected REG_MULTI_SZ (7)", (unsigned long)type)
                           : "Bind is larger than 1 MiB";
        return ERROR_SUCCESS;
    }
    data = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR));
    if (!data) {
        RegCloseKey(h);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    r = RegQueryValueExW(h, L"Bind", NULL, &type, (BYTE *)data, &size);
    RegCloseKey(h);
    if (r == ERROR_SUCCESS) {
        bf_binding_from_multi_sz(s, (const unsigned char *)data, size);
    } else {
        s->binding.status = BF_SECTION_UNAVAILABLE;
        s->binding.problem = bf_arena_printf(s->arena, "cannot read Bind: error %ld", (long)r);
    }
    free(data);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
