/* hosts.c - the hosts file lines that name this host. The path is Tcpip\Parameters\DataBasePath
 * (REG_EXPAND_SZ, %SystemRoot%\System32\drivers\etc by default) plus "\hosts"; the parsing itself is
 * portable (core/hosts_parse.c) so it is fuzzed natively. */
#include "collect_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "hosts_parse.h"

char *bfsys_hosts_file_path(void)
{
    DWORD code = 0;
    WCHAR *dir = bfsys_reg_string(HKEY_LOCAL_MACHINE, L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters",
                                  L"DataBasePath", &code);
    WCHAR fallback[MAX_PATH];
    char *udir, *path;
    size_t n;
    if (!dir) {
        /* absent value: the default location, which is what the resolver uses then */
        if (!ExpandEnvironmentStringsW(L"%SystemRoot%\\System32\\drivers\\etc", fallback, MAX_PATH))
            wcscpy(fallback, L"C:\\Windows\\System32\\drivers\\etc");
        udir = bfsys_wide_to_utf8(fallback, -1);
    } else {
        udir = bfsys_wide_to_utf8(dir, -1);
        free(dir);
    }
    if (!udir)
        return NULL;
    n = strlen(udir) + 7;
    path = malloc(n);
    if (path)
        snprintf(path, n, "%s\\hosts", udir);
    free(udir);
    return path;
}

DWORD bfsys_collect_hosts(bf_snapshot *s)
{
    DWORD code = 0;
    char *found = bfsys_hosts_file_path(), *path;
    char *data = NULL;
    size_t len = 0;
    bf_err err;
    path = found ? bf_arena_strdup(s->arena, found) : NULL;
    free(found);
    if (!path)
        return ERROR_NOT_ENOUGH_MEMORY;
    s->hosts.path = path;
    bf_err_clear(&err);
    code = bfsys_read_file(path, &data, &len, &err);
    if (code == ERROR_FILE_NOT_FOUND || code == ERROR_PATH_NOT_FOUND) {
        s->hosts.status = BF_SECTION_ABSENT;
        s->hosts.problem = "the hosts file does not exist";
        return ERROR_SUCCESS;
    }
    if (code != ERROR_SUCCESS) {
        s->hosts.status = code == ERROR_ACCESS_DENIED ? BF_SECTION_DENIED : BF_SECTION_UNAVAILABLE;
        s->hosts.problem = bf_arena_strdup(s->arena, err.msg);
        return ERROR_SUCCESS;
    }
    bf_hosts_parse(s, data, len);
    free(data);
    return bf_arena_failed(s->arena) ? ERROR_NOT_ENOUGH_MEMORY : ERROR_SUCCESS;
}
