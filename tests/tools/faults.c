/* faults.c - faults made for real under Wine, for the repair tests (tests/e2e/run-repair-tests.sh):
 *
 *   faults.exe deny-write KEY     a DACL on HKLM\KEY that denies Everyone KEY_SET_VALUE (reading and
 *                                 everything else allowed): Wine's server enforces it, so a repair's
 *                                 registry write fails with ERROR_ACCESS_DENIED as on Windows
 *   faults.exe allow-write KEY    the DACL back to "Everyone: full control" (the test then deletes
 *                                 the key it made)
 *   faults.exe hold FILE READY    opens FILE sharing only reading (as an editor or a backup agent that
 *                                 holds it), then creates READY and keeps the file open until killed or
 *                                 120 s have passed: replacing FILE fails with a sharing violation
 *   faults.exe file-security FILE prints "attributes=0x... sd=<owner, group and DACL as SDDL>" of FILE, as
 *                                 GetFileAttributesW and GetFileSecurityW read them (what a repair
 *                                 and its undo must keep)
 *
 * Exit status 0, or 1 with the reason on stderr. */
#include <windows.h>
#include <sddl.h>
#include <stdio.h>
#include <wchar.h>

static int set_dacl(const WCHAR *key, const WCHAR *sddl)
{
    HKEY h;
    PSECURITY_DESCRIPTOR sd = NULL;
    LONG r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, key, 0, WRITE_DAC, &h);
    if (r != ERROR_SUCCESS) {
        fwprintf(stderr, L"cannot open HKLM\\%ls for WRITE_DAC: error %ld\n", key, r);
        return 1;
    }
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &sd, NULL)) {
        fwprintf(stderr, L"bad SDDL %ls: error %lu\n", sddl, GetLastError());
        RegCloseKey(h);
        return 1;
    }
    r = RegSetKeySecurity(h, DACL_SECURITY_INFORMATION, sd);
    LocalFree(sd);
    RegCloseKey(h);
    if (r != ERROR_SUCCESS) {
        fwprintf(stderr, L"RegSetKeySecurity(HKLM\\%ls): error %ld\n", key, r);
        return 1;
    }
    return 0;
}

static int hold(const WCHAR *path, const WCHAR *ready)
{
    HANDLE f = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (f == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"cannot open %ls: error %lu\n", path, GetLastError());
        return 1;
    }
    HANDLE r = CreateFileW(ready, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (r == INVALID_HANDLE_VALUE) {
        fwprintf(stderr, L"cannot create %ls: error %lu\n", ready, GetLastError());
        CloseHandle(f);
        return 1;
    }
    CloseHandle(r);
    Sleep(120000);  /* the test kills this process when done; this bound only ends a forgotten one */
    CloseHandle(f);
    return 0;
}

static int file_security(const WCHAR *path)
{
    SECURITY_INFORMATION si = OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
    BYTE buf[8192];
    DWORD need = 0, attrs = GetFileAttributesW(path);
    LPWSTR s = NULL;
    if (attrs == INVALID_FILE_ATTRIBUTES || !GetFileSecurityW(path, si, buf, sizeof buf, &need) ||
        !ConvertSecurityDescriptorToStringSecurityDescriptorW(buf, SDDL_REVISION_1, si, &s, NULL)) {
        fwprintf(stderr, L"cannot read the attributes or security of %ls: error %lu\n", path, GetLastError());
        return 1;
    }
    wprintf(L"attributes=0x%lx sd=%ls\n", attrs, s);
    LocalFree(s);
    return 0;
}

/* An ordinary Wine process that stays while a test runs: Wine ends service processes once no ordinary
 * process of the prefix is left (see shared/reference/wine.md), so a test that starts services
 * with one command and checks them with the next keeps one of these alive. */
int wmain(int argc, WCHAR **argv)
{
    if (argc == 3 && wcscmp(argv[1], L"deny-write") == 0)
        return set_dacl(argv[2], L"D:P(D;;0x2;;;WD)(A;;KA;;;WD)");
    if (argc == 3 && wcscmp(argv[1], L"allow-write") == 0)
        return set_dacl(argv[2], L"D:P(A;;KA;;;WD)");
    if (argc == 4 && wcscmp(argv[1], L"hold") == 0)
        return hold(argv[2], argv[3]);
    if (argc == 3 && wcscmp(argv[1], L"file-security") == 0)
        return file_security(argv[2]);
    fwprintf(stderr, L"usage: faults.exe deny-write KEY | allow-write KEY | hold FILE READY | file-security FILE\n");
    return 1;
}
