/* trust.c - see trust.h. */
#include "trust.h"

#include <string.h>

#include "machine.h"

bool bf_trust_file(const bf_system *sys, const char *path, bf_err *err)
{
    bf_err e;
    if (!sys->file_trusted || sys->trust_files || !sys->machine || !sys->machine->can_change(sys->machine->ctx))
        return true;
    bf_err_clear(&e);
    if (sys->file_trusted(sys->ctx, path, &e))
        return true;
    if (e.code == 2 || e.code == 3)    /* ERROR_FILE_NOT_FOUND, ERROR_PATH_NOT_FOUND */
        return true;
    bf_err_clear(err);
    return bf_fail_at(err, path, 0, 0, "%s; to read it anyway, add --trust-file to the bindfix-cli command (bindfix.exe: /trust-file)",
                      e.msg);
}

bool bf_path_plain_local(const char *p)
{
    size_t i;
    if (!((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) || p[1] != ':' || p[2] != '\\')
        return false;
    for (i = 2; p[i]; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c < 32 || c == '/' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|')
            return false;
        if (c == '\\') {
            const char *n = p + i + 1;
            if (*n == '\\' || *n == 0 || (n[0] == '.' && (n[1] == '\\' || n[1] == 0)) ||
                (n[0] == '.' && n[1] == '.' && (n[2] == '\\' || n[2] == 0)))
                return false;
        }
    }
    return true;
}

bool bf_path_in_folder(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    if (!bf_path_plain_local(path) || !bf_path_plain_local(dir) || strlen(path) <= n + 1 || path[n] != '\\')
        return false;
    return bf_ascii_eq_ci_n(path, n, dir) && strchr(path + n + 1, '\\') == NULL;
}
