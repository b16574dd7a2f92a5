/*
 * lazybind_i686.c - the 32-bit build's binding of the DLLs that are not KnownDLLs (Makefile DELAY_DLLS:
 * iphlpapi, ws2_32, uxtheme), so that Windows' loader never looks for them in the program's folder.
 *
 * The x86_64 build delay-loads them (dlltool --output-delaylib; compat.c's hook loads each from
 * System32). binutils 2.40's i386 delay-import libraries do not work: ld discards the thunks (every delay
 * IAT slot is 0: the first Winsock call jumps to 0), and with the thunks kept the helper raises
 * 0xC06D007E (README, Minimum Windows). So for i686 the Makefile writes its own import
 * slots from the same .def files (lazybind_i686.awk): each "__imp__Func@N" slot first holds a thunk
 * "push row; jmp _bf_lazy_common"; the first call through it lands here, loads the DLL from System32
 * only (bfsys_load_system_dll), looks the function up by its exported name, stores it in the slot and
 * jumps to it. Later calls go straight to the function, as through an import table.
 *
 * Failure is reported as the delay-load helper reports it (delayimp.h): RaiseException of
 * VcppException(ERROR_SEVERITY_ERROR, ERROR_MOD_NOT_FOUND or ERROR_PROC_NOT_FOUND) with a DelayLoadInfo;
 * a handler that continues may supply the function in pfnCur.
 *
 * Threads: two threads may resolve the same slot at once; both store the same address with one aligned
 * 32-bit store, so the slot only ever holds the thunk or the function.
 */
#if defined(__i386__)

#include "sys.h"

#include <delayimp.h>

/* one row a function, written by lazybind_i686.awk (build/win32/delay/lazy/f*.S) */
struct bf_lazy_import {
    const char *dll;        /* "ws2_32.dll" */
    const char *name;       /* the exported name, without i386's @N */
    FARPROC *slot;          /* "__imp__Func@N" */
};
FARPROC __cdecl bf_lazy_resolve(const struct bf_lazy_import *imp);

/* Raises the delay-load helper's exception; returns what a continuing handler put in pfnCur. */
static FARPROC lazy_fail(DelayLoadInfo *info, DWORD code)
{
    ULONG_PTR arg = (ULONG_PTR)info;
    RaiseException(VcppException(ERROR_SEVERITY_ERROR, code), 0, 1, &arg);
    if (info->pfnCur)
        return info->pfnCur;
    /* continued without a function: never jump to 0 */
    RaiseException(VcppException(ERROR_SEVERITY_ERROR, code), EXCEPTION_NONCONTINUABLE, 1, &arg);
    return NULL;
}

FARPROC __cdecl bf_lazy_resolve(const struct bf_lazy_import *imp)
{
    DelayLoadInfo info = {0};
    info.cb = sizeof info;
    info.ppfn = imp->slot;
    info.szDll = imp->dll;
    info.dlp.fImportByName = TRUE;
    info.dlp.szProcName = imp->name;

    info.hmodCur = bfsys_load_system_dll_narrow(imp->dll, &info.dwLastError);   /* System32 only */
    FARPROC fn = NULL;
    if (!info.hmodCur) {
        fn = lazy_fail(&info, ERROR_MOD_NOT_FOUND);
    } else if (!(fn = GetProcAddress(info.hmodCur, imp->name))) {
        info.dwLastError = GetLastError();
        fn = lazy_fail(&info, ERROR_PROC_NOT_FOUND);
    }
    *imp->slot = fn;
    return fn;
}

/* Entered from a thunk with [esp] = its row, [esp+4] = the caller's return address, then its arguments.
 * Saves the registers a call may change (eax, ecx, edx: no DELAY_DLLS function takes arguments in them,
 * but the caller's code is left exactly as a direct call would), resolves, and puts the function where
 * the row was: "ret" then enters it with the stack exactly as the caller built it (stdcall or cdecl). */
__asm__(".text\n"
        "\t.globl _bf_lazy_common\n"
        "_bf_lazy_common:\n"
        "\tpushl %eax\n"
        "\tpushl %ecx\n"
        "\tpushl %edx\n"
        "\tpushl 12(%esp)\n"            /* the row */
        "\tcall _bf_lazy_resolve\n"
        "\taddl $4, %esp\n"
        "\tmovl %eax, 12(%esp)\n"       /* the function replaces the row */
        "\tpopl %edx\n"
        "\tpopl %ecx\n"
        "\tpopl %eax\n"
        "\tret\n");

#else
typedef int bf_lazybind_i686_only;      /* ISO C: a translation unit is not empty */
#endif
