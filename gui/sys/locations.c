/*
 * locations.c - where a file is, as another process or HTML Help will see it.
 *
 * - An elevated process does not see the mapped drive letters of the user who started it: with UAC the
 *   administrator's elevated token has its own logon session, and drive mappings belong to a logon
 *   session (KB 937624, "Programs may be unable to access some network locations after you turn on User
 *   Account Control"). So before bindfix starts itself elevated, every path it hands over (its own, and
 *   /snapshot and /catalogue files) is made absolute and a mapped drive is replaced by its UNC path
 *   (WNetGetUniversalNameW, mpr.dll, resolved at run time).
 * - HTML Help shows blank pages for a .chm on a network location, or one marked as downloaded from the
 *   Internet (its Zone.Identifier stream): security update MS05-026 and later (KB 896054, "You cannot
 *   open remote content by using the InfoTech protocol"; KB 902225). bfsys_help_place says which, so that
 *   the console can say how to fix it instead of opening an empty window.
 */
#include "sys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <winnetwk.h>

static DWORD WINAPI mpr_universal_name(LPCWSTR path, DWORD level, LPVOID buf, LPDWORD size)
{
    bfsys_universal_name_fn fn = (bfsys_universal_name_fn)(void (*)(void))bfsys_proc(L"mpr.dll", "WNetGetUniversalNameW");
    return fn ? fn(path, level, buf, size) : ERROR_PROC_NOT_FOUND;
}

static WCHAR *full_path(const WCHAR *path)
{
    DWORD n = GetFullPathNameW(path, 0, NULL, NULL);
    WCHAR *out = n ? malloc((n + 1) * sizeof(WCHAR)) : NULL;
    if (!out)
        return n ? NULL : _wcsdup(path);    /* a path GetFullPathNameW cannot take is handed on as it is */
    DWORD got = GetFullPathNameW(path, n + 1, out, NULL);
    if (got == 0 || got > n) {
        free(out);
        return _wcsdup(path);
    }
    return out;
}

WCHAR *bfsys_path_for_elevated(const WCHAR *path, bfsys_universal_name_fn universal)
{
    WCHAR *abs = full_path(path);
    if (!abs)
        return NULL;
    bool drive = ((abs[0] >= L'A' && abs[0] <= L'Z') || (abs[0] >= L'a' && abs[0] <= L'z')) && abs[1] == L':' &&
                 abs[2] == L'\\';
    if (!drive)
        return abs;     /* already UNC (\\server\share\...), or a device path */
    /* WNetGetUniversalNameW: ERROR_MORE_DATA sets *size to what is needed; ERROR_NOT_CONNECTED for a
     * local drive (which stays as it is) */
    DWORD size = 1024;
    BYTE *buf = NULL;
    DWORD rc = ERROR_MORE_DATA;
    for (int tries = 0; tries < 3 && rc == ERROR_MORE_DATA; tries++) {
        BYTE *grown = realloc(buf, size);
        if (!grown)
            break;
        buf = grown;
        rc = (universal ? universal : mpr_universal_name)(abs, UNIVERSAL_NAME_INFO_LEVEL, buf, &size);
    }
    if (rc == NO_ERROR && buf && ((UNIVERSAL_NAME_INFOW *)buf)->lpUniversalName) {
        WCHAR *unc = _wcsdup(((UNIVERSAL_NAME_INFOW *)buf)->lpUniversalName);
        if (unc) {
            free(abs);
            abs = unc;
        }
    }
    free(buf);
    return abs;
}

int bfsys_zone_id(const char *text)
{
    /* "[ZoneTransfer]\r\nZoneId=3\r\n..." (the Attachment Manager's stream; 3 = Internet, 4 = Restricted) */
    const char *p = text;
    bool in_section = false;
    while (p && *p) {
        const char *eol = strpbrk(p, "\r\n");
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len && p[0] == '[')
            in_section = len >= 14 && _strnicmp(p, "[ZoneTransfer]", 14) == 0;
        else if (in_section && len > 7 && _strnicmp(p, "ZoneId=", 7) == 0 && p[7] >= '0' && p[7] <= '9')
            return (int)strtol(p + 7, NULL, 10);
        p = eol ? eol + 1 : NULL;
    }
    return -1;
}

bfsys_help_place bfsys_help_place_of(const WCHAR *path, UINT drive_type, const char *zone_text)
{
    bool unc = path[0] == L'\\' && path[1] == L'\\' &&
               !(path[2] == L'?' || path[2] == L'.');    /* \\server\share, not \\?\C:\ or \\.\ */
    bool unc_long = wcsncmp(path, L"\\\\?\\UNC\\", 8) == 0;
    if (unc || unc_long || drive_type == DRIVE_REMOTE)
        return BFSYS_HELP_REMOTE;
    if (zone_text && bfsys_zone_id(zone_text) >= 3)
        return BFSYS_HELP_INTERNET_ZONE;
    return BFSYS_HELP_LOCAL;
}

bfsys_help_place bfsys_help_place_at(const WCHAR *path)
{
    UINT type = DRIVE_UNKNOWN;
    if (((path[0] >= L'A' && path[0] <= L'Z') || (path[0] >= L'a' && path[0] <= L'z')) && path[1] == L':') {
        WCHAR root[4] = {path[0], L':', L'\\', 0};
        type = GetDriveTypeW(root);
    }
    /* the stream "<file>:Zone.Identifier" (absent on FAT, on files made locally, and under Wine) */
    char *data = NULL;          /* bfsys_read_file ends it with a NUL */
    size_t len = 0;
    char *p = bfsys_wide_to_utf8(path, -1);
    if (p) {
        size_t n = strlen(p) + sizeof ":Zone.Identifier";
        char *stream = malloc(n);
        if (stream) {
            snprintf(stream, n, "%s:Zone.Identifier", p);
            if (bfsys_read_file(stream, &data, &len, NULL) != ERROR_SUCCESS) {
                free(data);
                data = NULL;
            }
            free(stream);
        }
        free(p);
    }
    bfsys_help_place place = bfsys_help_place_of(path, type, data);
    free(data);
    return place;
}
