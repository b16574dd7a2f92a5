#!/bin/bash
# rule-last-error.sh - every GetLastError() in the product (gui/, gui/sys/, gui/cli/) reads the error of the
# call that failed, with no other call in between. Rule: "You should call the GetLastError function
# immediately when a function's return value indicates that such a call will return useful data. That is
# because some functions call SetLastError with a zero when they succeed, wiping out the error code set by
# the most recently failed function" (GetLastError, Remarks, learn.microsoft.com).
# A static check (lint): for each GetLastError() it finds the nearest call before it that has returned
# (calls still open around it, like fail_code(err, GetLastError(), ...), are its consumers), comments and
# strings left out. That call must be a Win32 function (CamelCase), or one of the wrappers below, each of
# which ends with the Win32 call whose error it leaves. Prints "PASS: name" / "FAIL: name" lines.
set -u
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
cd "$TOP" && python3 - gui/*.c gui/sys/*.c gui/cli/*.c <<'PY'
import re, sys

# functions that leave the error of their last Win32 call for the caller, and why
WRAPPERS = {
    "bfgui_register_main_window": "returns RegisterClassExW's result as its last call (mainwnd.c)",
    "bfgui_create_main_window": "SetLastError(CreateWindowExW's error) after its clean-up (mainwnd.c)",
    "bfsys_load_system_dll": "ends with LoadLibraryExW (compat.c)",
    "_beginthreadex": "the CRT leaves CreateThread's error (worker.c says so)",
    "query": "compat.c: QueryFullProcessImageNameW through a pointer",
    "image": "compat.c: GetProcessImageFileNameW through a pointer",
    "set_info": "safefile.c: a->set_info is SetFileInformationByHandle through a pointer",
    "open_process": "machine.c: bfsys_endproc_api's open_process is OpenProcess through a pointer",
    "terminate": "machine.c: bfsys_endproc_api's terminate is TerminateProcess through a pointer",
    "fn": "services.c: bfsys_enum_services' fn is EnumServicesStatusExW through a pointer",
    "query_config2": "machine.c: bfsys_scm_api's query_config2 is QueryServiceConfig2W through a pointer",
    "query_config": "machine.c: bfsys_delayed_api's query_config is QueryServiceConfigW through a pointer",
    "change_config2": "machine.c: bfsys_delayed_api's change_config2 is ChangeServiceConfig2W through a pointer",
}
# CamelCase functions that are not the failing call: clean-up and clocks, which may reset the error
NOT_FAILING = {"CloseHandle", "CloseServiceHandle", "RegCloseKey", "LocalFree", "GlobalFree", "HeapFree",
               "DestroyPropertySheetPage", "GetTickCount", "GetTickCount64", "FreeLibrary", "SetLastError",
               "MultiByteToWideChar", "WideCharToMultiByte", "DestroyWindow", "EndDialog"}
SKIP = {"if", "while", "for", "switch", "return", "sizeof", "GetLastError", "WSAGetLastError", "FAILED",
        "SUCCEEDED", "BF_COUNTOF", "MAKEINTRESOURCEW", "HRESULT_FROM_WIN32", "defined", "DWORD", "DWORD_PTR",
        "LPARAM", "WPARAM", "HANDLE", "HWND", "UINT", "int", "void", "char", "BYTE", "ULONG_PTR", "FARPROC"}

def blank(text):
    # comments and string/char literals to spaces, keeping offsets and newlines
    out = re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                 lambda m: re.sub(r'[^\n]', ' ', m.group(0)), text, flags=re.S)
    return out

checked = bad = 0
for path in sys.argv[1:]:
    text = blank(open(path, encoding="utf-8", errors="replace").read())
    for m in re.finditer(r'\bGetLastError\s*\(\s*\)', text):
        pos = m.start()
        # the function body it is in: from the last line that starts a definition ("{" at column 0)
        start = text.rfind("\n{", 0, pos)
        body = text[start if start >= 0 else 0:pos]
        # brace blocks closed before GetLastError that are followed by an "else" whose block holds it:
        # the other branch, not on the way to this read
        stack, pairs = [], []
        for i, ch in enumerate(body):
            if ch == '{':
                stack.append(i)
            elif ch == '}' and stack:
                pairs.append((stack.pop(), i))
        enclosing = set(stack)
        skipped = []
        for o, c in pairs:
            rest = body[c + 1:]
            if re.match(r'\s*else\b', rest):
                nb = body.find('{', c + 1)
                if nb in enclosing:
                    skipped.append((o, c))
        calls = []
        for c in re.finditer(r'\b([A-Za-z_][A-Za-z0-9_]*)\s*\(', body):
            name = c.group(1)
            if name in SKIP or any(o < c.start() < e for o, e in skipped):
                continue
            # closed before GetLastError? (its matching parenthesis lies inside body)
            depth, i, closed = 0, c.end() - 1, False
            while i < len(body):
                if body[i] == '(':
                    depth += 1
                elif body[i] == ')':
                    depth -= 1
                    if depth == 0:
                        closed = True
                        break
                i += 1
            if closed:
                calls.append(name)
        checked += 1
        line = text.count("\n", 0, pos) + 1
        last = calls[-1] if calls else None
        ok = last is not None and ((last[0].isupper() and last not in NOT_FAILING and not last.startswith(("BF_", "CHECK")))
                                   or last in WRAPPERS)
        if not ok:
            bad += 1
            print(f"FAIL: last_error_read_before_any_other_call_in_product ({path}:{line}: read after {last}())")
if bad == 0 and checked > 10:
    print(f"PASS: last_error_read_before_any_other_call_in_product ({checked} GetLastError() reads in gui/, gui/sys/, gui/cli/)")
elif bad == 0:
    print(f"FAIL: last_error_read_before_any_other_call_in_product (only {checked} reads found: the scan is broken)")
PY
