/* planted_dll.c - a DLL an attacker would plant beside bindfix-cli.exe (tests/rules/rule-imports.sh):
 * built as iphlpapi.dll, it writes "<its own path>.loaded" when any process loads it.
 * It exports the functions bindfix imports from the real DLL (stubs that fail), so that an executable
 * which does load it still starts and the marker, not a loader error, tells. Synthetic, for the test. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved)
{
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) {
        WCHAR path[MAX_PATH + 8];
        DWORD n = GetModuleFileNameW(self, path, MAX_PATH);
        if (n && n < MAX_PATH) {
            lstrcatW(path, L".loaded");
            HANDLE h = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
            if (h != INVALID_HANDLE_VALUE)
                CloseHandle(h);
        }
    }
    return TRUE;
}

/* every export of the .def (tests/rules/planted_iphlpapi.def) is this one stub */
__declspec(dllexport) ULONG WINAPI planted_stub(void)
{
    return ERROR_NOT_SUPPORTED;
}
