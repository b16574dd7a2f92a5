/* rule_selftest.c - the group's own rule: a Win32 error read back right after the call that failed.
 * It keeps the group non-empty and shows the shape of a rule test. */
#include <windows.h>

#include "rules.h"

BF_RULE(last_error_read_right_after_the_failing_call,
        "GetLastError: \"call GetLastError immediately when a function's return value indicates that such a "
        "call will return useful data\" (learn.microsoft.com, GetLastError function, Remarks)")
{
    HANDLE h = CreateFileW(L"Z:\\nonexistent-bindfix-rule\\x", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    DWORD err = GetLastError();
    CHECK(h == INVALID_HANDLE_VALUE);
    CHECK(err == ERROR_PATH_NOT_FOUND || err == ERROR_FILE_NOT_FOUND);
}
