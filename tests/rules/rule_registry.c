/* rule_registry.c - the machine's registry writes (gui/sys/machine.c reg_write) against the access each
 * registry call documents, on a synthetic stand-in registry: Wine's RegFlushKey does not check the
 * handle's access, so only a stand-in that answers the way the documentation says Windows does can
 * catch a flush on a handle opened without KEY_QUERY_VALUE. */
#include "sys.h"

#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "rules.h"

/* One open key of the stand-in: the access it was opened with. */
typedef struct {
    REGSAM access;
} standin_key;

/* The stand-in's record (one test at a time; the table's functions have no context argument). */
static struct {
    int flushes, sets, deletes, opens, closes;
    LONG flush_fails_with;  /* 0: a flush on a KEY_QUERY_VALUE handle succeeds */
} standin;

static LONG WINAPI standin_create(HKEY root, LPCWSTR sub, DWORD reserved, LPWSTR cls, DWORD options, REGSAM sam,
                                  LPSECURITY_ATTRIBUTES sa, PHKEY out, LPDWORD disp)
{
    standin_key *k = calloc(1, sizeof *k);
    (void)root, (void)sub, (void)reserved, (void)cls, (void)options, (void)sa;
    if (!k)
        return ERROR_NOT_ENOUGH_MEMORY;
    k->access = sam;
    standin.opens++;
    *out = (HKEY)k;
    if (disp)
        *disp = REG_OPENED_EXISTING_KEY;
    return ERROR_SUCCESS;
}

/* RegSetValueExW: "The key must have been opened with the KEY_SET_VALUE access right." */
static LONG WINAPI standin_set(HKEY h, LPCWSTR name, DWORD reserved, DWORD type, const BYTE *data, DWORD size)
{
    (void)name, (void)reserved, (void)type, (void)data, (void)size;
    if (!(((standin_key *)h)->access & KEY_SET_VALUE))
        return ERROR_ACCESS_DENIED;
    standin.sets++;
    return ERROR_SUCCESS;
}

/* RegDeleteValueW: "The key must have been opened with the KEY_SET_VALUE access right." */
static LONG WINAPI standin_delete(HKEY h, LPCWSTR name)
{
    (void)name;
    if (!(((standin_key *)h)->access & KEY_SET_VALUE))
        return ERROR_ACCESS_DENIED;
    standin.deletes++;
    return ERROR_SUCCESS;
}

/* RegFlushKey: the handle "must have been opened with the KEY_QUERY_VALUE access right". */
static LONG WINAPI standin_flush(HKEY h)
{
    if (!(((standin_key *)h)->access & KEY_QUERY_VALUE))
        return ERROR_ACCESS_DENIED;
    standin.flushes++;
    return standin.flush_fails_with;
}

static LONG WINAPI standin_close(HKEY h)
{
    free((standin_key *)h);
    standin.closes++;
    return ERROR_SUCCESS;
}

static const bfsys_reg_api standin_api = {standin_create, standin_set, standin_delete, standin_flush,
                                          standin_close};

static bf_regval dword_value(DWORD *d)
{
    bf_regval v;
    v.exists = true;
    v.type = REG_DWORD;
    v.data = (unsigned char *)d;
    v.len = sizeof *d;
    return v;
}

BF_RULE(synthetic_regflushkey_needs_key_query_value,
        "RegFlushKey: \"hKey: A handle to an open registry key. The handle must have been opened with the "
        "KEY_QUERY_VALUE access right\"; RegSetValueExW / RegDeleteValueW: KEY_SET_VALUE "
        "(learn.microsoft.com, RegFlushKey, RegSetValueExW, RegDeleteValueW functions)")
{
    bf_machine m;
    bf_err err;
    DWORD d = 1;
    bf_regval v = dword_value(&d), gone = {0};
    bfsys_machine_init_reg(&m, &standin_api);
    memset(&standin, 0, sizeof standin);
    /* a durable write and a durable delete: each flushed, on a handle that may be flushed */
    CHECK(m.reg_write(m.ctx, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage", "Bind", &v, true, &err));
    CHECK(m.reg_write(m.ctx, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage", "Bind", &gone, true, &err));
    CHECK_INT(standin.sets, 1);
    CHECK_INT(standin.deletes, 1);
    CHECK_INT(standin.flushes, 2);
    CHECK_INT(standin.opens, standin.closes);
    /* a write that need not be durable is not flushed */
    CHECK(m.reg_write(m.ctx, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage", "Bind", &v, false, &err));
    CHECK_INT(standin.flushes, 2);
}

BF_RULE(synthetic_a_failed_flush_fails_the_step,
        "RegFlushKey: \"If the function fails, the return value is a nonzero error code\"; a value not "
        "flushed may be lost at a power loss (learn.microsoft.com, RegFlushKey function, Remarks)")
{
    bf_machine m;
    bf_err err;
    DWORD d = 1;
    bf_regval v = dword_value(&d);
    bfsys_machine_init_reg(&m, &standin_api);
    memset(&standin, 0, sizeof standin);
    standin.flush_fails_with = ERROR_REGISTRY_IO_FAILED;
    memset(&err, 0, sizeof err);
    CHECK(!m.reg_write(m.ctx, "SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Linkage", "Bind", &v, true, &err));
    CHECK(strstr(err.msg, "cannot flush to disk") != NULL);
    CHECK_INT(err.code, ERROR_REGISTRY_IO_FAILED);
    CHECK_INT(standin.opens, standin.closes);
}
