/* rule_legacy.c - the oldest supported Windows (XP SP3, Server 2003 SP2) and what an elevated bindfix
 * hands over: the Vista functions' fallbacks against the real functions (Wine has both), DLLs loaded
 * from System32, the save dialog's fallback, mapped drives before an elevated relaunch, and help files
 * HTML Help would show blank. The stand-ins here are synthetic: they answer as the documentation says
 * Windows does. */
#define COBJMACROS
#include "sys.h"

#include <commdlg.h>
#include <shobjidl.h>
#include <stdlib.h>
#include <string.h>
#include <winnetwk.h>

#include "rules.h"

BF_RULE(vista_functions_have_xp_fallbacks_that_answer_alike,
        "inet_pton / inet_ntop, GetTickCount64, QueryFullProcessImageNameW: \"Minimum supported client: "
        "Windows Vista\" (learn.microsoft.com, each function's Requirements); an import the loader cannot "
        "find stops the program before it runs (Load-Time Dynamic Linking). The XP/2003 paths "
        "(compat.c *_legacy) must give what the Vista functions give")
{
    static const char *const v4[] = {"0.0.0.0", "127.0.0.1", "192.0.2.10", "255.255.255.255", "10.1.2.3"};
    static const char *const v6[] = {"::", "::1", "2001:db8::1", "fe80::1234:5678:9abc:def0", "2001:db8:0:1:0:0:0:1",
                                     "::ffff:192.0.2.1", "2001:db8:1:2:3:4:5:6"};
    static const char *const bad[] = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4 ", "01.2.3.4x", "a.b.c.d",
                                      "2001:db8::1%3", "[::1]", "1::2::3", ":::"};
    char a[64], b[64];
    unsigned char x[16], y[16];
    for (size_t i = 0; i < BF_COUNTOF(v4); i++) {
        CHECK(bfsys_inet_pton_legacy(AF_INET, v4[i], x) == 1);
        CHECK(inet_pton(AF_INET, v4[i], y) == 1);
        CHECK(memcmp(x, y, 4) == 0);
        CHECK(bfsys_inet_ntop_legacy(AF_INET, x, a, sizeof a) != NULL);
        CHECK(inet_ntop(AF_INET, y, b, sizeof b) != NULL);
        CHECK_STR(a, b);
    }
    for (size_t i = 0; i < BF_COUNTOF(v6); i++) {
        CHECK(bfsys_inet_pton_legacy(AF_INET6, v6[i], x) == 1);
        CHECK(inet_pton(AF_INET6, v6[i], y) == 1);
        CHECK(memcmp(x, y, 16) == 0);
        CHECK(bfsys_inet_ntop_legacy(AF_INET6, x, a, sizeof a) != NULL);
        CHECK(inet_ntop(AF_INET6, y, b, sizeof b) != NULL);
        CHECK_STR(a, b);
    }
    for (size_t i = 0; i < BF_COUNTOF(bad); i++) {
        CHECK(bfsys_inet_pton_legacy(AF_INET, bad[i], x) == 0);
        CHECK(bfsys_inet_pton_legacy(AF_INET6, bad[i], x) == 0);
    }
    unsigned long long t1 = bfsys_tick_ms_legacy(), t2 = bfsys_tick_ms_legacy();
    CHECK(t1 > 0 && t2 >= t1);
    WCHAR image[MAX_PATH];
    CHECK(bfsys_process_image(GetCurrentProcessId(), image, MAX_PATH) == ERROR_SUCCESS);
    const WCHAR *base = wcsrchr(image, L'\\');
    CHECK(base && _wcsicmp(base + 1, L"rules-tests.exe") == 0);
}

BF_RULE(system_dlls_load_from_system32_only,
        "LoadLibraryExW: LOAD_LIBRARY_SEARCH_SYSTEM32 \"only %windows%\\system32 is searched\"; where the flag "
        "is not supported (before KB2533623) \"specify a fully qualified path\" (Dynamic-Link Library "
        "Security, learn.microsoft.com)")
{
    WCHAR sys[MAX_PATH], got[MAX_PATH];
    UINT n = GetSystemDirectoryW(sys, MAX_PATH);
    CHECK(n > 0 && n < MAX_PATH);
    for (int flags = 0; flags < 2; flags++) {
        HMODULE h = bfsys_load_system_dll_as(L"mpr.dll", flags == 1);
        CHECK(h != NULL);
        if (h) {
            DWORD len = GetModuleFileNameW(h, got, MAX_PATH);
            CHECK(len > n && _wcsnicmp(got, sys, n) == 0 && got[n] == L'\\');
        }
    }
    /* a name with a folder in it is refused on the full-path route: only System32's own file */
    CHECK(bfsys_load_system_dll_as(L"..\\evil.dll", false) == NULL);
}

/* ---- the save dialog (synthetic stand-ins) ---- */

typedef struct save_probe {
    int legacy_calls;
    WCHAR filter[128];
    size_t filter_len;
    DWORD flags;
    bool cancel;
} save_probe;

/* one probe per rule run; the stand-ins below are plain functions, so they find it here */
static save_probe *the_probe;

static HRESULT no_item_dialog(struct IFileSaveDialog **out)
{
    *out = NULL;
    return REGDB_E_CLASSNOTREG;     /* what CoCreateInstance gives on XP / Server 2003 */
}

static HRESULT item_dialog_cancelled(struct IFileSaveDialog **out)
{
    *out = NULL;
    return HRESULT_FROM_WIN32(ERROR_CANCELLED);
}

static BOOL WINAPI fake_get_save_file_name(OPENFILENAMEW *ofn)
{
    save_probe *p = the_probe;
    p->legacy_calls++;
    p->flags = ofn->Flags;
    const WCHAR *f = ofn->lpstrFilter;
    size_t i = 0;
    while (i + 1 < BF_COUNTOF(p->filter) && !(f[i] == 0 && f[i + 1] == 0)) {
        p->filter[i] = f[i];
        i++;
    }
    p->filter_len = i;
    if (p->cancel)
        return FALSE;
    wcscpy(ofn->lpstrFile, L"C:\\reports\\r.txt");
    ofn->nFilterIndex = 2;
    return TRUE;
}

static DWORD WINAPI no_extended_error(void)
{
    return 0;       /* GetSaveFileNameW returned FALSE and this says 0: the user cancelled */
}

BF_RULE(save_falls_back_to_getsavefilename_when_item_dialog_missing_synthetic,
        "CLSID_FileSaveDialog / IFileSaveDialog: \"Minimum supported client: Windows Vista\"; "
        "GetSaveFileNameW (Windows 2000 on): \"If the user cancels or closes the dialog box, the return "
        "value is zero\" and CommDlgExtendedError returns 0 (learn.microsoft.com)")
{
    static const WCHAR *const names[] = {L"HTML", L"Text"};
    static const WCHAR *const specs[] = {L"*.html;*.htm", L"*.txt"};
    static const WCHAR *const exts[] = {L"html", L"txt"};
    bfsys_save_ask ask = {NULL, L"Export", names, specs, exts, 2};
    bfsys_save_dialogs d = {no_item_dialog, fake_get_save_file_name, no_extended_error};
    save_probe probe;
    memset(&probe, 0, sizeof probe);
    the_probe = &probe;
    WCHAR *path = NULL;
    int idx = -1;
    CHECK(bfsys_ask_save_path(&d, &ask, &path, &idx) == ERROR_SUCCESS);
    CHECK(probe.legacy_calls == 1);
    CHECK(path && wcscmp(path, L"C:\\reports\\r.txt") == 0);
    CHECK(idx == 1);
    CHECK(probe.filter_len == 28 && memcmp(probe.filter, L"HTML\0*.html;*.htm\0Text\0*.txt", 28 * sizeof(WCHAR)) == 0);
    CHECK((probe.flags & OFN_OVERWRITEPROMPT) && (probe.flags & OFN_NOCHANGEDIR));
    free(path);

    probe.cancel = true;        /* the old dialog cancelled: cancelled, nothing else */
    CHECK(bfsys_ask_save_path(&d, &ask, &path, &idx) == ERROR_CANCELLED);
    CHECK(path == NULL && probe.legacy_calls == 2);

    d.make_item = item_dialog_cancelled;    /* the item dialog cancelled: no second dialog */
    CHECK(bfsys_ask_save_path(&d, &ask, &path, &idx) == ERROR_CANCELLED);
    CHECK(probe.legacy_calls == 2);
    the_probe = NULL;
}

/* ---- mapped drives and the elevated relaunch (synthetic WNetGetUniversalNameW) ---- */

/* Y: is mapped to \\fileserver\tools; every other drive is local (ERROR_NOT_CONNECTED). The buffer is
 * the UNIVERSAL_NAME_INFOW followed by the string, ERROR_MORE_DATA with the size needed when short. */
static DWORD WINAPI fake_universal_name(LPCWSTR path, DWORD level, LPVOID buf, LPDWORD size)
{
    if (level != UNIVERSAL_NAME_INFO_LEVEL)
        return ERROR_INVALID_LEVEL;
    if ((path[0] != L'Y' && path[0] != L'y') || path[1] != L':')
        return ERROR_NOT_CONNECTED;
    WCHAR unc[1024];
    _snwprintf(unc, BF_COUNTOF(unc), L"\\\\fileserver\\tools%ls", path + 2);
    unc[BF_COUNTOF(unc) - 1] = 0;
    DWORD need = (DWORD)(sizeof(UNIVERSAL_NAME_INFOW) + (wcslen(unc) + 1) * sizeof(WCHAR));
    if (*size < need) {
        *size = need;
        return ERROR_MORE_DATA;
    }
    UNIVERSAL_NAME_INFOW *info = buf;
    info->lpUniversalName = (WCHAR *)(info + 1);
    wcscpy(info->lpUniversalName, unc);
    return NO_ERROR;
}

BF_RULE(elevated_relaunch_gets_unc_not_mapped_drive_synthetic,
        "KB 937624: with UAC an elevated process does not see the drive letters the user mapped (another "
        "logon session); WNetGetUniversalNameW (mpr.dll) gives a mapped drive's UNC name and ERROR_NOT_CONNECTED "
        "for a local drive, ERROR_MORE_DATA with the size needed (learn.microsoft.com)")
{
    WCHAR *p = bfsys_path_for_elevated(L"Y:\\bindfix\\bindfix.exe", fake_universal_name);
    CHECK(p && wcscmp(p, L"\\\\fileserver\\tools\\bindfix\\bindfix.exe") == 0);
    free(p);
    /* a long one, past the first buffer: the ERROR_MORE_DATA round */
    WCHAR longpath[700] = L"Y:\\";
    for (int i = 0; i < 60; i++)
        wcscat(longpath, L"folder789\\");
    wcscat(longpath, L"snap.json");
    p = bfsys_path_for_elevated(longpath, fake_universal_name);
    CHECK(p && wcsncmp(p, L"\\\\fileserver\\tools\\folder789\\", 29) == 0 && wcsstr(p, L"\\snap.json"));
    free(p);
    p = bfsys_path_for_elevated(L"C:\\data\\snap.json", fake_universal_name);
    CHECK(p && wcscmp(p, L"C:\\data\\snap.json") == 0);
    free(p);
    /* relative: absolute against this process's folder (the elevated one starts elsewhere) */
    WCHAR cwd[MAX_PATH], want[MAX_PATH + 16];
    GetCurrentDirectoryW(MAX_PATH, cwd);
    _snwprintf(want, BF_COUNTOF(want), L"%ls%lssnap.json", cwd, cwd[wcslen(cwd) - 1] == L'\\' ? L"" : L"\\");
    want[BF_COUNTOF(want) - 1] = 0;
    p = bfsys_path_for_elevated(L"snap.json", fake_universal_name);
    CHECK(p && _wcsicmp(p, want) == 0);
    free(p);
    p = bfsys_path_for_elevated(L"\\\\server\\share\\c.json", fake_universal_name);
    CHECK(p && wcscmp(p, L"\\\\server\\share\\c.json") == 0);
    free(p);
}

BF_RULE(help_on_share_or_from_internet_is_detected,
        "KB 896054 (MS05-026): HTML Help shows no content from a network location by default; KB 902225: "
        "a .chm marked by the Attachment Manager (Zone.Identifier stream, ZoneId=3 Internet) shows blank "
        "pages until unblocked")
{
    CHECK(bfsys_help_place_of(L"\\\\fs\\tools\\bindfix.chm", DRIVE_UNKNOWN, NULL) == BFSYS_HELP_REMOTE);
    CHECK(bfsys_help_place_of(L"\\\\?\\UNC\\fs\\tools\\bindfix.chm", DRIVE_UNKNOWN, NULL) == BFSYS_HELP_REMOTE);
    CHECK(bfsys_help_place_of(L"Z:\\tools\\bindfix.chm", DRIVE_REMOTE, NULL) == BFSYS_HELP_REMOTE);
    CHECK(bfsys_help_place_of(L"C:\\tools\\bindfix.chm", DRIVE_FIXED, NULL) == BFSYS_HELP_LOCAL);
    CHECK(bfsys_help_place_of(L"\\\\?\\C:\\tools\\bindfix.chm", DRIVE_UNKNOWN, NULL) == BFSYS_HELP_LOCAL);
    CHECK(bfsys_help_place_of(L"C:\\t\\bindfix.chm", DRIVE_FIXED, "[ZoneTransfer]\r\nZoneId=3\r\nHostUrl=x\r\n") ==
          BFSYS_HELP_INTERNET_ZONE);
    CHECK(bfsys_help_place_of(L"C:\\t\\bindfix.chm", DRIVE_FIXED, "[ZoneTransfer]\nZoneId=4\n") == BFSYS_HELP_INTERNET_ZONE);
    CHECK(bfsys_help_place_of(L"C:\\t\\bindfix.chm", DRIVE_FIXED, "[ZoneTransfer]\r\nZoneId=0\r\n") == BFSYS_HELP_LOCAL);
    CHECK(bfsys_zone_id("[Other]\r\nZoneId=3\r\n") == -1);
    CHECK(bfsys_zone_id("") == -1);
    /* for real: this test's own folder on Wine's drive is local */
    WCHAR self[MAX_PATH];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    CHECK(bfsys_help_place_at(self) == BFSYS_HELP_LOCAL);
}
