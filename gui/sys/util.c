/* util.c - conversions and error texts shared by the system layer (see sys.h). */
#include "sys.h"

#include "regvalue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

WCHAR *bfsys_utf8_to_wide(const char *s)
{
    int n;
    WCHAR *w;
    if (!s)
        s = "";
    /* no MB_ERR_INVALID_CHARS: invalid sequences become U+FFFD instead of failing the conversion */
    n = MultiByteToWideChar(CP_UTF8, 0, s, -1, NULL, 0);
    if (n <= 0)
        n = 1;
    w = malloc((size_t)n * sizeof(WCHAR));
    if (!w)
        return NULL;
    if (MultiByteToWideChar(CP_UTF8, 0, s, -1, w, n) <= 0)
        w[0] = 0;
    return w;
}

char *bfsys_wide_to_utf8(const WCHAR *s, int len)
{
    int n;
    char *u;
    if (!s) {
        s = L"";
        len = -1;
    }
    if (len == 0) {
        u = malloc(1);
        if (u)
            u[0] = 0;
        return u;
    }
    /* unpaired surrogates are replaced with U+FFFD by WideCharToMultiByte (Vista+ and Wine) */
    n = WideCharToMultiByte(CP_UTF8, 0, s, len, NULL, 0, NULL, NULL);
    if (n <= 0)
        n = 0;
    u = malloc((size_t)n + 1);
    if (!u)
        return NULL;
    if (n)
        n = WideCharToMultiByte(CP_UTF8, 0, s, len, u, n, NULL, NULL);
    if (n < 0)
        n = 0;
    u[n] = 0;
    /* with len == -1 the NUL was converted too */
    return u;
}

char *bfsys_wide_to_arena(bf_arena *a, const WCHAR *s, int len)
{
    char *tmp = bfsys_wide_to_utf8(s, len);
    char *r;
    if (!tmp)
        return NULL;
    r = bf_arena_strdup(a, tmp);
    free(tmp);
    return r;
}

/* The Winsock errors this tool reports, in Microsoft's words, for systems whose message table lacks
 * them (Wine 8's FormatMessage has no text for 10000-11999): without it a probe's error would read
 * "error 10049" on such a system. */
static const struct {
    DWORD code;
    const char *text;
} winsock_texts[] = {
    {WSAEACCES, "An attempt was made to access a socket in a way forbidden by its access permissions"},
    {WSAEINVAL, "An invalid argument was supplied"},
    {WSAEMFILE, "Too many open sockets"},
    {WSAEWOULDBLOCK, "A non-blocking socket operation could not be completed immediately"},
    {WSAEAFNOSUPPORT, "An address incompatible with the requested protocol was used"},
    {WSAEADDRINUSE, "Only one usage of each socket address (protocol/network address/port) is normally permitted"},
    {WSAEADDRNOTAVAIL, "The requested address is not valid in its context"},
    {WSAENETDOWN, "A socket operation encountered a dead network"},
    {WSAENETUNREACH, "A socket operation was attempted to an unreachable network"},
    {WSAECONNRESET, "An existing connection was forcibly closed by the remote host"},
    {WSAENOBUFS, "An operation on a socket could not be performed because the system lacked sufficient buffer space or because a queue was full"},
    {WSAETIMEDOUT, "A connection attempt failed because the connected party did not properly respond after a period of time"},
    {WSAECONNREFUSED, "No connection could be made because the target machine actively refused it"},
    {WSAEHOSTUNREACH, "A socket operation was attempted to an unreachable host"},
    {WSANOTINITIALISED, "Either the application has not called WSAStartup, or WSAStartup failed"},
    {WSAHOST_NOT_FOUND, "No such host is known"},
    {WSATRY_AGAIN, "This is usually a temporary error during hostname resolution"},
    {WSANO_DATA, "The requested name is valid, but no data of the requested type was found"},
};

void bfsys_error_text(DWORD code, char *buf, size_t size)
{
    WCHAR w[512];
    DWORD n;
    char *u;
    if (!size)
        return;
    n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, code, 0, w,
                       (DWORD)(sizeof w / sizeof w[0]), NULL);
    while (n > 0 && (w[n - 1] == L'\r' || w[n - 1] == L'\n' || w[n - 1] == L' ' || w[n - 1] == L'.'))
        n--;
    if (n == 0) {
        size_t i;
        for (i = 0; i < BF_COUNTOF(winsock_texts); i++)
            if (winsock_texts[i].code == code) {
                snprintf(buf, size, "%s (%lu)", winsock_texts[i].text, (unsigned long)code);
                return;
            }
        snprintf(buf, size, "error %lu", (unsigned long)code);
        return;
    }
    u = bfsys_wide_to_utf8(w, (int)n);
    snprintf(buf, size, "%s (%lu)", u ? u : "?", (unsigned long)code);
    free(u);
}

/* Fills err with "<what>: <system text> (<code>)" and the path as the place. */
DWORD bfsys_fail_code(bf_err *err, DWORD code, const char *path, const char *what)
{
    char text[400];
    bfsys_error_text(code, text, sizeof text);
    if (err) {
        bf_err_clear(err);
        if (path)
            snprintf(err->where, sizeof err->where, "%s", path);
        bf_fail(err, "%s: %s", what, text);
        err->code = (int)code;
    }
    return code ? code : ERROR_GEN_FAILURE;
}

DWORD bfsys_fail_named(bf_err *err, DWORD code, const char *what, const char *name)
{
    char text[400];
    bfsys_error_text(code, text, sizeof text);
    bf_fail(err, "%s %s: %s", what, name, text);
    if (err)
        err->code = (int)code;
    return code ? code : ERROR_GEN_FAILURE;
}

DWORD bfsys_read_file(const char *path, char **data, size_t *len, bf_err *err)
{
    WCHAR *wpath = bfsys_utf8_to_wide(path);
    HANDLE h;
    LARGE_INTEGER size;
    char *buf;
    DWORD got = 0, code;
    size_t total = 0;
    if (!wpath)
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, path, "cannot read the file");
    h = CreateFileW(wpath, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                    OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    code = h == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;     /* before free() */
    free(wpath);
    if (h == INVALID_HANDLE_VALUE)
        return bfsys_fail_code(err, code, path, "cannot open the file");
    if (!GetFileSizeEx(h, &size)) {
        code = GetLastError();
        CloseHandle(h);
        return bfsys_fail_code(err, code, path, "cannot read the file size");
    }
    /* the snapshot reader refuses more than 256 MiB; do not try to hold more than that plus one */
    if (size.QuadPart > (LONGLONG)256 * 1024 * 1024) {
        CloseHandle(h);
        if (err) {
            bf_err_clear(err);
            snprintf(err->where, sizeof err->where, "%s", path);
            bf_fail(err, "the file is %lld bytes, more than the limit of 268435456 bytes", (long long)size.QuadPart);
        }
        return ERROR_FILE_TOO_LARGE;
    }
    buf = malloc((size_t)size.QuadPart + 1);
    if (!buf) {
        CloseHandle(h);
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, path, "cannot read the file");
    }
    while (total < (size_t)size.QuadPart) {
        DWORD want = (DWORD)(((size_t)size.QuadPart - total) > 0x10000000 ? 0x10000000 : (size_t)size.QuadPart - total);
        if (!ReadFile(h, buf + total, want, &got, NULL)) {
            code = GetLastError();
            free(buf);
            CloseHandle(h);
            return bfsys_fail_code(err, code, path, "cannot read the file");
        }
        if (got == 0)
            break;  /* the file shrank while we read it: take what is there */
        total += got;
    }
    CloseHandle(h);
    buf[total] = 0;
    *data = buf;
    *len = total;
    return ERROR_SUCCESS;
}

/* The files of a folder (sys.h); FindFirstFileW's documented pattern "DIR\\*". An empty folder gives
 * ERROR_FILE_NOT_FOUND from FindFirstFileW on some file systems (no "." entry on a drive's root): that is
 * an empty list, not a failure. */
DWORD bfsys_list_dir(const char *dir, char ***names, size_t *count, bf_err *err)
{
    WCHAR *wdir = bfsys_utf8_to_wide(dir), *pattern;
    WIN32_FIND_DATAW fd;
    HANDLE find;
    size_t n, cap = 0;
    DWORD code;
    *names = NULL;
    *count = 0;
    if (!wdir)
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, dir, "cannot list the folder");
    n = wcslen(wdir);
    pattern = malloc((n + 3) * sizeof(WCHAR));
    if (!pattern) {
        free(wdir);
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, dir, "cannot list the folder");
    }
    memcpy(pattern, wdir, n * sizeof(WCHAR));
    if (n > 0 && pattern[n - 1] != L'\\' && pattern[n - 1] != L'/')
        pattern[n++] = L'\\';
    pattern[n++] = L'*';
    pattern[n] = 0;
    free(wdir);
    find = FindFirstFileW(pattern, &fd);
    code = find == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
    free(pattern);
    if (find == INVALID_HANDLE_VALUE)
        return code == ERROR_FILE_NOT_FOUND ? ERROR_SUCCESS : bfsys_fail_code(err, code, dir, "cannot list the folder");
    do {
        char *name;
        if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
            continue;
        name = bfsys_wide_to_utf8(fd.cFileName, -1);
        if (name && *count == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            char **grown = realloc(*names, ncap * sizeof *grown);
            if (!grown) {
                free(name);
                name = NULL;
            } else {
                *names = grown;
                cap = ncap;
            }
        }
        if (!name) {
            FindClose(find);
            while (*count > 0)
                free((*names)[--*count]);
            free(*names);
            *names = NULL;
            return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, dir, "cannot list the folder");
        }
        (*names)[(*count)++] = name;
    } while (FindNextFileW(find, &fd));
    code = GetLastError();
    FindClose(find);
    if (code != ERROR_NO_MORE_FILES) {
        while (*count > 0)
            free((*names)[--*count]);
        free(*names);
        *names = NULL;
        return bfsys_fail_code(err, code, dir, "cannot list the folder");
    }
    return ERROR_SUCCESS;
}

WCHAR *bfsys_reg_string(HKEY root, const WCHAR *key, const WCHAR *value, DWORD *code)
{
    HKEY h;
    DWORD type = 0, size = 0;
    WCHAR *raw, *out;
    LONG r = RegOpenKeyExW(root, key, 0, KEY_QUERY_VALUE, &h);
    if (r != ERROR_SUCCESS) {
        if (code)
            *code = (DWORD)r;
        return NULL;
    }
    r = RegQueryValueExW(h, value, NULL, &type, NULL, &size);
    if (r != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ) || size > 65536) {
        RegCloseKey(h);
        if (code)
            *code = r != ERROR_SUCCESS ? (DWORD)r : ERROR_INVALID_DATA;
        return NULL;
    }
    /* room for a missing terminator: registry strings are not guaranteed to be NUL-terminated */
    raw = calloc(size / sizeof(WCHAR) + 2, sizeof(WCHAR));
    if (!raw) {
        RegCloseKey(h);
        if (code)
            *code = ERROR_NOT_ENOUGH_MEMORY;
        return NULL;
    }
    r = RegQueryValueExW(h, value, NULL, &type, (BYTE *)raw, &size);
    RegCloseKey(h);
    if (r != ERROR_SUCCESS) {
        free(raw);
        if (code)
            *code = (DWORD)r;
        return NULL;
    }
    if (type == REG_EXPAND_SZ) {
        DWORD n = ExpandEnvironmentStringsW(raw, NULL, 0);
        out = n ? calloc(n + 1, sizeof(WCHAR)) : NULL;
        if (out && ExpandEnvironmentStringsW(raw, out, n + 1)) {
            free(raw);
            raw = out;
        } else {
            free(out);
        }
    }
    if (code)
        *code = ERROR_SUCCESS;
    return raw;
}

REGSAM bfsys_reg_view(const char *key)
{
    return _strnicmp(key, "SOFTWARE\\", 9) == 0 && bfsys_is_wow64() ? KEY_WOW64_64KEY : 0;
}

DWORD bfsys_reg_read(const char *key, const char *value, bf_regval *out)
{
    WCHAR *wkey = bfsys_utf8_to_wide(key), *wval = bfsys_utf8_to_wide(value);
    HKEY h;
    LONG r;
    DWORD type = 0, size = 0;
    memset(out, 0, sizeof *out);
    out->data = malloc(1);
    if (!wkey || !wval || !out->data) {
        free(wkey);
        free(wval);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    r = RegOpenKeyExW(HKEY_LOCAL_MACHINE, wkey, 0, KEY_QUERY_VALUE | bfsys_reg_view(key), &h);
    if (r == ERROR_SUCCESS) {
        r = RegQueryValueExW(h, wval, NULL, &type, NULL, &size);
        if (r == ERROR_SUCCESS && size > 16 * 1024 * 1024)
            r = ERROR_INVALID_DATA;
        if (r == ERROR_SUCCESS) {
            unsigned char *buf = malloc(size ? size : 1);
            if (!buf) {
                RegCloseKey(h);
                free(wkey);
                free(wval);
                return ERROR_NOT_ENOUGH_MEMORY;
            }
            r = RegQueryValueExW(h, wval, NULL, &type, buf, &size);
            free(out->data);
            out->data = buf;
            out->len = size;
            out->type = type;
            out->exists = r == ERROR_SUCCESS;
        }
        RegCloseKey(h);
    }
    free(wkey);
    free(wval);
    if (r == ERROR_FILE_NOT_FOUND) {
        out->exists = false;
        return ERROR_SUCCESS;
    }
    return (DWORD)r;
}

DWORD bfsys_run_capture(const WCHAR *exe, const WCHAR *args, DWORD timeout_ms, size_t max_bytes, char **out,
                        size_t *len, DWORD *exit_code)
{
    SECURITY_ATTRIBUTES sa = {sizeof sa, NULL, TRUE};
    HANDLE rd = NULL, wr = NULL;
    STARTUPINFOW si;
    PROCESS_INFORMATION pi;
    WCHAR *cmd;
    size_t n = wcslen(exe) + wcslen(args) + 4, used = 0, cap = 4096;
    char *buf;
    DWORD rc = ERROR_SUCCESS, start = GetTickCount();
    bool done = false;
    *out = NULL;
    *len = 0;
    *exit_code = (DWORD)-1;
    cmd = calloc(n, sizeof(WCHAR));
    buf = malloc(cap);
    if (!cmd || !buf) {
        free(cmd);
        free(buf);
        return ERROR_NOT_ENOUGH_MEMORY;
    }
    /* CreateProcessW may write to the command line: a copy, with the program quoted */
    wcscpy(cmd, L"\"");
    wcscat(cmd, exe);
    wcscat(cmd, L"\" ");
    wcscat(cmd, args);
    if (!CreatePipe(&rd, &wr, &sa, 0) || !SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0)) {
        rc = GetLastError();
        goto out;
    }
    memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = NULL;
    si.hStdOutput = wr;
    si.hStdError = wr;
    if (!CreateProcessW(exe, cmd, NULL, NULL, TRUE, CREATE_NO_WINDOW, NULL, NULL, &si, &pi)) {
        rc = GetLastError();
        goto out;
    }
    CloseHandle(wr);    /* the child holds its copy: EOF when it ends */
    wr = NULL;
    while (!done) {
        DWORD avail = 0, got = 0;
        if (!PeekNamedPipe(rd, NULL, 0, NULL, &avail, NULL)) {
            done = true;    /* broken pipe: the child ended and everything was read */
            break;
        }
        if (avail) {
            if (used + avail > max_bytes) {
                rc = ERROR_BUFFER_OVERFLOW;
                break;
            }
            if (used + avail + 1 > cap) {     /* room for the closing NUL */
                char *g;
                while (used + avail + 1 > cap)
                    cap *= 2;
                if (!(g = realloc(buf, cap))) {
                    rc = ERROR_NOT_ENOUGH_MEMORY;
                    break;
                }
                buf = g;
            }
            if (!ReadFile(rd, buf + used, avail, &got, NULL))
                break;
            used += got;
            continue;
        }
        /* nothing to read: wait for the child to end or write more, a bounded wait (not a verdict) */
        if (GetTickCount() - start > timeout_ms) {
            rc = WAIT_TIMEOUT;
            break;
        }
        WaitForSingleObject(pi.hProcess, 20);
    }
    if (rc == WAIT_TIMEOUT || rc == ERROR_BUFFER_OVERFLOW)
        TerminateProcess(pi.hProcess, 1);
    WaitForSingleObject(pi.hProcess, 5000);
    GetExitCodeProcess(pi.hProcess, exit_code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    if (rc == ERROR_SUCCESS) {
        size_t i, k = 0;
        for (i = 0; i < used; i++)
            if (buf[i] != '\0')
                buf[k++] = buf[i];
        buf[k] = '\0';
        *out = buf;
        *len = k;
        buf = NULL;
    }
out:
    if (rd)
        CloseHandle(rd);
    if (wr)
        CloseHandle(wr);
    free(buf);
    free(cmd);
    return rc;
}

DWORD bfsys_system32_file(const WCHAR *name, WCHAR *out, size_t cap)
{
    UINT n = GetSystemDirectoryW(out, (UINT)(cap > MAX_PATH ? MAX_PATH : cap));
    size_t len;
    if (n == 0)
        return GetLastError() ? GetLastError() : ERROR_PATH_NOT_FOUND;
    len = wcslen(name);
    if (n >= cap || n + 1 + len >= cap)
        return ERROR_BUFFER_OVERFLOW;
    out[n] = L'\\';
    memcpy(out + n + 1, name, (len + 1) * sizeof(WCHAR));
    return ERROR_SUCCESS;
}
