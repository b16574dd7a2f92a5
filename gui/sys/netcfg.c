/* netcfg.c - TCP/IP's binding order through the network configuration API (INetCfg, netcfgx.dll), the
 * way Windows 2000, XP and Server 2003 keep it: as the order of ms_tcpip's binding paths, from which
 * they rebuild Tcpip\Linkage\Bind. Editing that value alone may not last there; moving the paths does.
 *
 * A binding path of ms_tcpip "below" it runs TCP/IP -> a lower component -> ...; the device a path
 * leads to is the lower component of its first interface, named "\Device\<bind name>" as in
 * Linkage\Bind ({GUID} for an adapter, NdisWanIp for the dial-up layer). Several paths may lead to one
 * device: they move together and keep their relative order.
 *
 * Reading needs no lock; changing takes the write lock (5 s), moves the paths (MoveBefore(first,
 * NULL), then each after the one before), and applies; any failure cancels, so nothing is half-moved.
 * Apply may answer NETCFG_S_REBOOT: the change is applied and takes effect after a restart (the caller
 * is told, so verify says "pending", not "fixed"); NETCFG_E_NEED_REBOOT: an earlier change is still
 * waiting for a restart, and nothing more can be changed until then.
 *
 * COM lifetimes: every interface is released before INetCfg::Uninitialize / CoUninitialize, newest
 * first; after CoUninitialize the objects' server may be gone, so a later Release would call into
 * unloaded code (or leave a reference that keeps the write lock).
 *
 * WOW64: the 32-bit build on 64-bit Windows does not change the binding order. The network configuration
 * is the 64-bit system's; bindfix refuses and names the x64 build (IsWow64Process, resolved at run time:
 * it exists from XP SP2 / Server 2003 SP1).
 *
 * The INetCfg object and COM's start and end come from a function table so that
 * tests/sys/synthetic_netcfg_standin.c can hand in a stand-in with synthetic answers that also sees
 * CoUninitialize: Wine's INetCfg is created but finds no component (FindComponent returns E_NOTIMPL). */
#define COBJMACROS
#include "sys.h"

#include <netcfgx.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "machine.h"
#include "regvalue.h"
#include "strbuf.h"

#define MAX_PATHS 4096      /* a real machine has tens; more means the API is answering nonsense */

static HRESULT netcfg_create(INetCfg **out)
{
    return CoCreateInstance(&CLSID_CNetCfg, NULL, CLSCTX_INPROC_SERVER, &IID_INetCfg, (void **)out);
}

static HRESULT netcfg_com_init(void)
{
    return CoInitializeEx(NULL, COINIT_APARTMENTTHREADED);
}

static void netcfg_com_uninit(void)
{
    CoUninitialize();
}

const bfsys_netcfg_api bfsys_netcfg_system = {netcfg_create, netcfg_com_init, netcfg_com_uninit, bfsys_is_wow64};

typedef struct netcfg_session {
    const bfsys_netcfg_api *api;
    bool com;                   /* this call initialised COM on the thread: uninitialise it after */
    INetCfg *cfg;
    INetCfgLock *lock;
    bool locked, initialized;
    INetCfgComponent *tcpip;
    INetCfgComponentBindings *bindings;
} netcfg_session;

typedef struct netcfg_path {
    INetCfgBindingPath *path;
    WCHAR *device;              /* "\Device\<bind name>", malloc'd */
} netcfg_path;

static DWORD fail_hr(bf_err *err, DWORD code, const char *what, HRESULT hr)
{
    bf_fail(err, "INetCfg: %s failed: 0x%08lx", what, (unsigned long)hr);
    if (err)
        err->code = (int)code;
    return code;
}

/* NETCFG_E_NEED_REBOOT: a change made earlier (by bindfix or anything else) waits for a restart. Not
 * "access denied": the administrator can do something about it, and it is not a lack of rights. */
static DWORD need_reboot(bf_err *err)
{
    bf_fail(err, "INetCfg: an earlier change to the network configuration is waiting for a restart; Windows accepts "
                 "no further change until then: restart the machine, then run the repair again (nothing was changed)");
    if (err)
        err->code = ERROR_FAIL_NOACTION_REBOOT;
    return ERROR_FAIL_NOACTION_REBOOT;
}

/* Releases in the reverse order of session_open's acquisitions, and COM last of all. */
static void session_close(netcfg_session *s)
{
    if (s->bindings)
        INetCfgComponentBindings_Release(s->bindings);
    if (s->tcpip)
        INetCfgComponent_Release(s->tcpip);
    if (s->initialized)
        INetCfg_Uninitialize(s->cfg);
    if (s->locked)
        INetCfgLock_ReleaseWriteLock(s->lock);
    if (s->lock)
        INetCfgLock_Release(s->lock);
    if (s->cfg)
        INetCfg_Release(s->cfg);
    if (s->com)
        s->api->com_uninit();
    memset(s, 0, sizeof *s);
}

/* Fails with ERROR_NOT_SUPPORTED (BF_MACHINE_UNAVAILABLE) where the system has no usable INetCfg:
 * the class is not registered, or it does not know TCP/IP. */
static DWORD session_open(const bfsys_netcfg_api *api, bool write, netcfg_session *s, bf_err *err)
{
    HRESULT hr;
    memset(s, 0, sizeof *s);
    s->api = api;
    if (api->is_wow64 && api->is_wow64()) {
        bf_fail(err, "this is the 32-bit bindfix on 64-bit Windows (WOW64): it does not read or change TCP/IP's binding "
                     "order through INetCfg, which belongs to the 64-bit system; run the x64 build of bindfix instead");
        if (err)
            err->code = ERROR_EXE_MACHINE_TYPE_MISMATCH;
        return ERROR_EXE_MACHINE_TYPE_MISMATCH;
    }
    hr = api->com_init();
    s->com = SUCCEEDED(hr);     /* RPC_E_CHANGED_MODE: the thread has an apartment already; use it */
    hr = api->create(&s->cfg);
    if (FAILED(hr) || !s->cfg) {
        s->cfg = NULL;
        session_close(s);
        return fail_hr(err, ERROR_NOT_SUPPORTED, "CoCreateInstance(CLSID_CNetCfg)", hr);
    }
    if (write) {
        LPWSTR holder = NULL;
        hr = INetCfg_QueryInterface(s->cfg, &IID_INetCfgLock, (void **)&s->lock);
        if (FAILED(hr)) {
            s->lock = NULL;
            session_close(s);
            return fail_hr(err, ERROR_NOT_SUPPORTED, "QueryInterface(INetCfgLock)", hr);
        }
        hr = INetCfgLock_AcquireWriteLock(s->lock, 5000, L"bindfix", &holder);
        if (hr != S_OK) {
            char *who = holder ? bfsys_wide_to_utf8(holder, -1) : NULL;
            DWORD rc = hr == S_FALSE ? ERROR_BUSY : ERROR_ACCESS_DENIED;
            if (holder)
                CoTaskMemFree(holder);
            if (hr == NETCFG_E_NEED_REBOOT)
                rc = need_reboot(err);
            else if (hr == S_FALSE)  /* held by another program, named by what it gave as its description */
                bf_fail(err, "INetCfg: the network configuration is being changed by %s: close it and try again",
                        who && *who ? who : "another program");
            else
                fail_hr(err, rc, "AcquireWriteLock", hr);
            if (err)
                err->code = (int)rc;
            free(who);
            session_close(s);
            return rc;
        }
        if (holder)
            CoTaskMemFree(holder);
        s->locked = true;
    }
    hr = INetCfg_Initialize(s->cfg, NULL);
    if (FAILED(hr)) {
        session_close(s);
        return hr == NETCFG_E_NEED_REBOOT ? need_reboot(err) : fail_hr(err, ERROR_GEN_FAILURE, "Initialize", hr);
    }
    s->initialized = true;
    hr = INetCfg_FindComponent(s->cfg, L"ms_tcpip", &s->tcpip);
    if (hr != S_OK || !s->tcpip) {
        s->tcpip = NULL;
        session_close(s);
        return fail_hr(err, ERROR_NOT_SUPPORTED, "FindComponent(ms_tcpip)", hr);
    }
    hr = INetCfgComponent_QueryInterface(s->tcpip, &IID_INetCfgComponentBindings, (void **)&s->bindings);
    if (FAILED(hr) || !s->bindings) {
        s->bindings = NULL;
        session_close(s);
        return fail_hr(err, ERROR_NOT_SUPPORTED, "QueryInterface(INetCfgComponentBindings)", hr);
    }
    return ERROR_SUCCESS;
}

/* Newest first, as they were acquired; always before session_close. */
static void free_paths(netcfg_path *paths, size_t n)
{
    for (size_t i = n; i-- > 0;) {
        if (paths[i].path)
            INetCfgBindingPath_Release(paths[i].path);
        free(paths[i].device);
    }
    free(paths);
}

/* "\Device\<bind name of the first interface's lower component>" */
static DWORD device_of(INetCfgBindingPath *path, WCHAR **device, bf_err *err)
{
    IEnumNetCfgBindingInterface *en = NULL;
    INetCfgBindingInterface *iface = NULL;
    INetCfgComponent *lower = NULL;
    LPWSTR name = NULL;
    ULONG got = 0;
    DWORD rc = ERROR_SUCCESS;
    HRESULT hr = INetCfgBindingPath_EnumBindingInterfaces(path, &en);
    if (FAILED(hr) || !en)
        return fail_hr(err, ERROR_GEN_FAILURE, "EnumBindingInterfaces", hr);
    hr = IEnumNetCfgBindingInterface_Next(en, 1, &iface, &got);
    if (hr != S_OK || got != 1 || !iface)
        rc = fail_hr(err, ERROR_GEN_FAILURE, "a binding path without interfaces", hr);
    else if (FAILED(hr = INetCfgBindingInterface_GetLowerComponent(iface, &lower)) || !lower)
        rc = fail_hr(err, ERROR_GEN_FAILURE, "GetLowerComponent", hr);
    else if (FAILED(hr = INetCfgComponent_GetBindName(lower, &name)) || !name || !name[0])
        rc = fail_hr(err, ERROR_GEN_FAILURE, "GetBindName", hr);
    if (rc == ERROR_SUCCESS) {
        size_t n = wcslen(name);
        *device = malloc((n + 9) * sizeof(WCHAR));
        if (!*device)
            rc = bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, NULL, "out of memory");
        else
            _snwprintf(*device, n + 9, L"\\Device\\%ls", name);
    }
    if (name)
        CoTaskMemFree(name);
    if (lower)
        INetCfgComponent_Release(lower);
    if (iface)
        INetCfgBindingInterface_Release(iface);
    IEnumNetCfgBindingInterface_Release(en);
    return rc;
}

static DWORD collect_paths(netcfg_session *s, netcfg_path **out, size_t *count, bf_err *err)
{
    IEnumNetCfgBindingPath *en = NULL;
    netcfg_path *paths = NULL;
    size_t n = 0;
    DWORD rc = ERROR_SUCCESS;
    HRESULT hr = INetCfgComponentBindings_EnumBindingPaths(s->bindings, EBP_BELOW, &en);
    *out = NULL;
    *count = 0;
    if (FAILED(hr) || !en)
        return fail_hr(err, ERROR_GEN_FAILURE, "EnumBindingPaths(ms_tcpip, EBP_BELOW)", hr);
    for (;;) {
        INetCfgBindingPath *path = NULL;
        ULONG got = 0;
        hr = IEnumNetCfgBindingPath_Next(en, 1, &path, &got);
        if (hr != S_OK || got != 1 || !path)
            break;
        if (n == MAX_PATHS) {
            INetCfgBindingPath_Release(path);
            rc = fail_hr(err, ERROR_GEN_FAILURE, "EnumBindingPaths gave more than 4096 paths", S_OK);
            break;
        }
        netcfg_path *grown = realloc(paths, (n + 1) * sizeof *paths);
        if (!grown) {
            INetCfgBindingPath_Release(path);
            rc = bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, NULL, "out of memory");
            break;
        }
        paths = grown;
        paths[n].path = path;
        paths[n].device = NULL;
        n++;
        if ((rc = device_of(path, &paths[n - 1].device, err)) != ERROR_SUCCESS)
            break;
    }
    if (rc == ERROR_SUCCESS && n == 0)
        rc = fail_hr(err, ERROR_NOT_SUPPORTED, "TCP/IP has no binding paths", S_OK);
    if (rc != ERROR_SUCCESS)
        free_paths(paths, n);   /* the paths came from the enumerator: released before it */
    IEnumNetCfgBindingPath_Release(en);
    if (rc != ERROR_SUCCESS)
        return rc;
    *out = paths;
    *count = n;
    return ERROR_SUCCESS;
}

/* Appends a WCHAR string as UTF-16LE bytes with its NUL. */
static void put_wide(bf_buf *b, const WCHAR *w)
{
    for (; *w; w++) {
        char two[2] = {(char)(*w & 0xff), (char)(*w >> 8)};
        bf_buf_append(b, two, 2);
    }
    bf_buf_append(b, "\0\0", 2);
}

static bool seen_before(const netcfg_path *paths, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (_wcsicmp(paths[j].device, paths[i].device) == 0)
            return true;
    return false;
}

DWORD bfsys_bindorder_read(const bfsys_netcfg_api *api, bf_regval *out, bf_err *err)
{
    netcfg_session s;
    netcfg_path *paths = NULL;
    size_t n = 0;
    bf_buf b;
    DWORD rc;
    memset(out, 0, sizeof *out);
    if ((rc = session_open(api, false, &s, err)) != ERROR_SUCCESS)
        return rc;
    rc = collect_paths(&s, &paths, &n, err);
    bf_buf_init(&b);
    for (size_t i = 0; rc == ERROR_SUCCESS && i < n; i++)
        if (!seen_before(paths, i))
            put_wide(&b, paths[i].device);
    bf_buf_append(&b, "\0\0", 2);
    /* the paths are released while the session (and COM) still lives */
    if (rc == ERROR_SUCCESS)
        free_paths(paths, n);
    session_close(&s);
    if (rc != ERROR_SUCCESS) {
        bf_buf_free(&b);
        return rc;
    }
    if (b.failed) {
        bf_buf_free(&b);
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, NULL, "out of memory");
    }
    out->exists = true;
    out->type = REG_MULTI_SZ;
    out->data = (unsigned char *)b.data;    /* the buffer's bytes become the value's */
    out->len = b.len;
    return ERROR_SUCCESS;
}

/* The devices of a REG_MULTI_SZ, as WCHAR strings pointing into a copy (wanted[i]); malloc'd. */
static DWORD devices_of(const bf_regval *order, WCHAR **copy, WCHAR ***wanted, size_t *count, bf_err *err)
{
    size_t units = order->len / 2, n = 0;
    *copy = NULL;
    *wanted = NULL;
    *count = 0;
    if (!order->exists || order->type != REG_MULTI_SZ || !bf_binding_multi_sz_valid(order->data, order->len))
        return bfsys_fail_code(err, ERROR_INVALID_DATA, NULL, "the binding order to set is not a list of \\Device\\ names");
    *copy = malloc((units + 1) * sizeof(WCHAR));
    *wanted = malloc((units + 1) * sizeof(WCHAR *));
    if (!*copy || !*wanted) {
        free(*copy);
        free(*wanted);
        return bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, NULL, "out of memory");
    }
    for (size_t i = 0; i < units; i++)
        (*copy)[i] = (WCHAR)(order->data[2 * i] | order->data[2 * i + 1] << 8);
    (*copy)[units] = 0;
    for (size_t i = 0; i < units && (*copy)[i]; i += wcslen(*copy + i) + 1)
        (*wanted)[n++] = *copy + i;
    *count = n;
    return ERROR_SUCCESS;
}

DWORD bfsys_bindorder_write(const bfsys_netcfg_api *api, const bf_regval *order, bool *restart, bf_err *err)
{
    netcfg_session s;
    netcfg_path *paths = NULL;
    INetCfgBindingPath **seq = NULL;
    WCHAR *copy = NULL, **wanted = NULL;
    bool *placed = NULL;
    size_t n = 0, nw = 0, k = 0;
    DWORD rc;
    if (restart)
        *restart = false;
    rc = devices_of(order, &copy, &wanted, &nw, err);
    if (rc != ERROR_SUCCESS)
        return rc;
    if ((rc = session_open(api, true, &s, err)) != ERROR_SUCCESS)
        goto out_free;
    if ((rc = collect_paths(&s, &paths, &n, err)) != ERROR_SUCCESS)
        goto out_close;
    seq = calloc(n, sizeof *seq);
    placed = calloc(n, sizeof *placed);
    if (!seq || !placed) {
        rc = bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, NULL, "out of memory");
        goto out_close;
    }
    /* the named devices' paths first, in the order given; then every other path where it was */
    for (size_t w = 0; w < nw; w++) {
        bool any = false;
        for (size_t i = 0; i < n; i++)
            if (!placed[i] && _wcsicmp(paths[i].device, wanted[w]) == 0) {
                placed[i] = any = true;
                seq[k++] = paths[i].path;
            }
        if (!any) {
            char *dev = bfsys_wide_to_utf8(wanted[w], -1);
            bf_fail(err, "INetCfg: no binding path of TCP/IP leads to %s; nothing was changed", dev ? dev : "?");
            free(dev);
            rc = ERROR_NOT_FOUND;
            if (err)
                err->code = (int)rc;
            goto out_close;
        }
    }
    for (size_t i = 0; i < n; i++)
        if (!placed[i])
            seq[k++] = paths[i].path;
    HRESULT hr = INetCfgComponentBindings_MoveBefore(s.bindings, seq[0], NULL);
    for (size_t i = 1; i < k && SUCCEEDED(hr); i++)
        hr = INetCfgComponentBindings_MoveAfter(s.bindings, seq[i], seq[i - 1]);
    if (FAILED(hr)) {
        INetCfg_Cancel(s.cfg);
        rc = hr == NETCFG_E_NEED_REBOOT ? need_reboot(err)
           : fail_hr(err, ERROR_GEN_FAILURE, "moving a binding path (nothing was applied)", hr);
        goto out_close;
    }
    hr = INetCfg_Apply(s.cfg);
    if (hr == NETCFG_S_REBOOT) {
        /* applied: Windows takes the new order into use after a restart */
        if (restart)
            *restart = true;
    } else if (FAILED(hr)) {
        INetCfg_Cancel(s.cfg);
        rc = hr == NETCFG_E_NEED_REBOOT ? need_reboot(err) : fail_hr(err, ERROR_GEN_FAILURE, "Apply", hr);
    }
out_close:
    free(seq);
    free(placed);
    free_paths(paths, n);
    session_close(&s);
out_free:
    free(copy);
    free(wanted);
    return rc;
}
