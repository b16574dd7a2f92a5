/*
 * elevation.c - administrator rights: whether this process has them, the UAC shield on the buttons
 * that need them, and starting bindfix again elevated.
 */
#include "gui.h"

#include <shellapi.h>
#include <shlobj.h>

bool bfgui_is_elevated(void)
{
    HANDLE token;
    TOKEN_ELEVATION el;
    DWORD got = 0;
    bool elevated = false;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    if (GetTokenInformation(token, TokenElevation, &el, sizeof el, &got))
        elevated = el.TokenIsElevated != 0;
    else
        /* before Vista there is no elevation: an administrator has the rights already */
        elevated = IsUserAnAdmin() != FALSE;
    CloseHandle(token);
    return elevated;
}

void bfgui_mark_shield(HWND button)
{
    SendMessageW(button, BCM_SETSHIELD, 0, bfgui_is_elevated() ? FALSE : TRUE);
}

DWORD bfgui_relaunch_elevated(HWND owner, const WCHAR *args)
{
    WCHAR exe[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, exe, MAX_PATH);
    if (n == 0 || n >= MAX_PATH)
        return n ? ERROR_INSUFFICIENT_BUFFER : GetLastError();
    SHELLEXECUTEINFOW sei;
    ZeroMemory(&sei, sizeof sei);
    sei.cbSize = sizeof sei;
    sei.fMask = SEE_MASK_NOASYNC;
    sei.hwnd = owner;
    sei.lpVerb = L"runas";
    sei.lpFile = exe;
    sei.lpParameters = args;
    sei.nShow = SW_SHOWNORMAL;
    if (!ShellExecuteExW(&sei))
        return GetLastError();
    return ERROR_SUCCESS;
}
