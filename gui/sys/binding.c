/* binding.c - the TCP/IP binding order: Tcpip\Linkage\Bind, a REG_MULTI_SZ of "\Device\{GUID}" in the
 * order NT4 SP4 and Windows 2000-2008 R2 use to order the host's addresses. Absent on Windows 10 and on
 * Wine (the section says "absent"); a value of the wrong type or with a bad entry says "malformed",
 * naming the entry and why. Neither is a failure of the tool. */
#include "collect_priv.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"

#define LINKAGE L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage"

/* The value's bytes into entries; exposed for tests with recorded values (sys.h). */
void bfsys_binding_from_multi_sz(bf_snapshot *s, const WCHAR *data, size_t chars)
{
    size_t i = 0, index = 0;
    s->binding.status = BF_SECTION_OK;
    while (i < chars) {
        size_t start = i;
        char *u;
        while (i < chars && data[i])
            i++;
        if (i == start)  /* the empty string that ends a REG_MULTI_SZ */
            break;
        index++;
        u = bfsys_wide_to_utf8(data + start, (int)(i - start));
        if (!u)
            return;
        if (strncmp(u, "\\Device\\", 8) != 0 || !strchr(u, '{') || !strchr(u, '}')) {
            s->binding.status = BF_SECTION_MALFORMED;
            s->binding.problem = bf_arena_printf(s->arena, "entry %zu \"%s\" is not of the form \\Device\\{GUID}",
                                                 index, u);
        }
        bf_binding_add_entry(s, u);
        free(u);
        i++;
    }
    if (i >= chars && chars > 0 && data[chars - 1] != 0 && s->binding.status == BF_SECTION_OK) {
        s->binding.status = BF_SECTION_MALFORMED;
        s->binding.problem = "the value does not end with a NUL character (truncated REG_MULTI_SZ)";
    }
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
        if (size % sizeof(WCHAR)) {
            s->binding.status = BF_SECTION_MALFORMED;
            s->binding.problem = bf_arena_printf(s->arena, "Bind is %lu bytes, not a whole number of UTF-16 characters", (unsigned long)size);
        } else {
            bfsys_binding_from_multi_sz(s, data, size / sizeof(WCHAR));
        }
    } else {
        s->binding.status = BF_SECTION_UNAVAILABLE;
        s->binding.problem = bf_arena_printf(s->arena, "cannot read Bind: error %ld", (long)r);
    }
    free(data);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
