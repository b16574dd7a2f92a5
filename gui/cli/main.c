/* main.c - bindfix-cli.exe: the arguments to UTF-8, then the core's verbs against the real machine. */
#include "sys.h"

#include <stdlib.h>

#include "cli.h"

int wmain(int argc, wchar_t **wargv)
{
    bf_system sys;
    char **argv;
    int i, rc;
    bfsys_dll_search_harden();     /* before anything loads a DLL: System32 only (compat.c) */
    /* a hostile or broken snapshot must never bring up a dialog box on a server console */
    SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOOPENFILEERRORBOX);
    argv = calloc((size_t)argc + 1, sizeof *argv);
    if (!argv)
        return BF_EXIT_ERROR;
    for (i = 0; i < argc; i++) {
        argv[i] = bfsys_wide_to_utf8(wargv[i], -1);
        if (!argv[i])
            return BF_EXIT_ERROR;
    }
    bfsys_system_init(&sys);
    rc = bf_cli_main(argc, argv, &sys);
    for (i = 0; i < argc; i++)
        free(argv[i]);
    free(argv);
    return rc;
}
