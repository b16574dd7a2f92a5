/* synthetic_netcfg.c - netcfg.c (TCP/IP's binding order through INetCfg) against synthetic answers
 * given by a stand-in INetCfg (written by hand after netcfgx.h and Microsoft Learn's INetCfg,
 * INetCfgComponentBindings and INetCfgBindingPath pages; not recorded from a machine): Wine's INetCfg
 * is created but finds no component, so these are the only tests of the reading, the moves and the
 * apply. The answers are shaped as a Windows Server 2003 with RRAS would give them: ms_tcpip's paths
 * below it lead to the WAN miniport (bind name NdisWanIp) first, then to two adapters ({GUID}), one of
 * them through two paths - the same devices, in the same order, as that machine's
 * Tcpip\Linkage\Bind. Every test name starts with "synthetic_". Bind names come back in
 * CoTaskMemAlloc'd memory, as documented (netcfg.c frees them with CoTaskMemFree), so they are not in
 * guarded allocations.
 *
 * The stand-in keeps a committed order and a pending one (moves change the pending order; Apply commits
 * it; Cancel drops it), enforces the write lock as netcfgx does (NETCFG_E_NO_WRITE_LOCK), and logs every
 * call, so a test sees exactly what netcfg.c asked for. Methods netcfg.c must not use are left NULL. */
#define COBJMACROS
#include "sys.h"

#include <netcfgx.h>
#include <stdio.h>
#include <string.h>

#include "machine.h"
#include "synthetic.h"

#define NPATHS 4

typedef struct fake_component {
    INetCfgComponent iface;
    INetCfgComponentBindings bindings;  /* answered only by ms_tcpip's component */
    const WCHAR *bind_name;
} fake_component;

typedef struct fake_path {
    INetCfgBindingPath iface;
    IEnumNetCfgBindingInterface en;     /* its interfaces: one, TCP/IP above the device */
    INetCfgBindingInterface bi;
    bool en_done;
    fake_component *lower;
    const char *label;
} fake_path;

typedef struct fake_netcfg {
    INetCfg cfg;
    INetCfgLock lock;
    IEnumNetCfgBindingPath en;
    size_t en_next;
    fake_component tcpip, wan, lan_a, lan_b;
    fake_path paths[NPATHS];
    int committed[NPATHS], pending[NPATHS];    /* path indices in binding order */
    const WCHAR *held_by;           /* another program holds the write lock */
    bool locked, initialized, tcpip_missing;
    HRESULT apply_result, move_after_result;
    char log[2048];
} fake_netcfg;

static fake_netcfg the_fake;    /* one machine per test, reset by fake_reset; COM gives no context pointer
                                 * to objects embedded this way, so the stand-in is found through it */

static void fake_log(const char *fmt, const char *arg)
{
    size_t n = strlen(the_fake.log);
    snprintf(the_fake.log + n, sizeof the_fake.log - n, fmt, arg);
}

static ULONG STDMETHODCALLTYPE no_ref(void *self)
{
    (void)self;
    return 1;
}

/* ---- INetCfg ---- */
static HRESULT STDMETHODCALLTYPE cfg_qi(INetCfg *self, REFIID riid, void **out)
{
    (void)self;
    if (IsEqualIID(riid, &IID_INetCfgLock)) {
        *out = &the_fake.lock;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static HRESULT STDMETHODCALLTYPE cfg_initialize(INetCfg *self, PVOID reserved)
{
    (void)self;
    (void)reserved;
    fake_log("init;", "");
    the_fake.initialized = true;
    memcpy(the_fake.pending, the_fake.committed, sizeof the_fake.pending);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE cfg_uninitialize(INetCfg *self)
{
    (void)self;
    fake_log("uninit;", "");
    the_fake.initialized = false;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE cfg_apply(INetCfg *self)
{
    (void)self;
    fake_log("apply;", "");
    if (!the_fake.locked)
        return NETCFG_E_NO_WRITE_LOCK;
    if (SUCCEEDED(the_fake.apply_result))
        memcpy(the_fake.committed, the_fake.pending, sizeof the_fake.committed);
    return the_fake.apply_result;
}
static HRESULT STDMETHODCALLTYPE cfg_cancel(INetCfg *self)
{
    (void)self;
    fake_log("cancel;", "");
    memcpy(the_fake.pending, the_fake.committed, sizeof the_fake.pending);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE cfg_find(INetCfg *self, LPCWSTR id, INetCfgComponent **out)
{
    (void)self;
    *out = NULL;
    if (!the_fake.initialized)
        return NETCFG_E_NOT_INITIALIZED;
    if (wcscmp(id, L"ms_tcpip") != 0 || the_fake.tcpip_missing)
        return S_FALSE;     /* as documented: the component is not installed */
    *out = &the_fake.tcpip.iface;
    return S_OK;
}
static INetCfgVtbl cfg_vtbl = {cfg_qi, (void *)no_ref, (void *)no_ref, cfg_initialize, cfg_uninitialize, cfg_apply,
                               cfg_cancel, NULL, cfg_find, NULL};

/* ---- INetCfgLock ---- */
static HRESULT STDMETHODCALLTYPE lock_acquire(INetCfgLock *self, DWORD ms, LPCWSTR who, LPWSTR *holder)
{
    (void)self;
    (void)ms;
    fake_log("lock;", "");
    if (holder)
        *holder = NULL;
    if (the_fake.held_by) {
        size_t n = (wcslen(the_fake.held_by) + 1) * sizeof(WCHAR);
        if (holder && (*holder = CoTaskMemAlloc(n)) != NULL)
            memcpy(*holder, the_fake.held_by, n);
        return S_FALSE;
    }
    if (wcscmp(who, L"bindfix") != 0)
        return E_INVALIDARG;
    the_fake.locked = true;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE lock_release(INetCfgLock *self)
{
    (void)self;
    fake_log("unlock;", "");
    the_fake.locked = false;
    return S_OK;
}
static INetCfgLockVtbl lock_vtbl = {(void *)cfg_qi, (void *)no_ref, (void *)no_ref, lock_acquire, lock_release, NULL};

/* ---- INetCfgComponent (GetBindName only) and ms_tcpip's INetCfgComponentBindings ---- */
static HRESULT STDMETHODCALLTYPE comp_qi(INetCfgComponent *self, REFIID riid, void **out)
{
    if (self == &the_fake.tcpip.iface && IsEqualIID(riid, &IID_INetCfgComponentBindings)) {
        *out = &the_fake.tcpip.bindings;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static HRESULT STDMETHODCALLTYPE comp_bind_name(INetCfgComponent *self, LPWSTR *out)
{
    const fake_component *c = (const fake_component *)self;
    size_t n = (wcslen(c->bind_name) + 1) * sizeof(WCHAR);
    if (!(*out = CoTaskMemAlloc(n)))
        return E_OUTOFMEMORY;
    memcpy(*out, c->bind_name, n);
    return S_OK;
}
static INetCfgComponentVtbl comp_vtbl = {comp_qi, (void *)no_ref, (void *)no_ref, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, comp_bind_name, NULL, NULL, NULL};

static int index_of(INetCfgBindingPath *p)
{
    for (int i = 0; i < NPATHS; i++)
        if (p == &the_fake.paths[i].iface)
            return i;
    return -1;
}

/* Takes path src out of the pending order and puts it back before or after path dest (dest < 0: at the
 * beginning for before, at the end for after), as MoveBefore / MoveAfter are documented to. */
static void move_path(int src, int dest, bool after)
{
    int order[NPATHS], n = 0, at;
    for (int i = 0; i < NPATHS; i++)
        if (the_fake.pending[i] != src)
            order[n++] = the_fake.pending[i];
    at = after ? n : 0;
    for (int i = 0; i < n && dest >= 0; i++)
        if (order[i] == dest)
            at = after ? i + 1 : i;
    for (int i = n; i > at; i--)
        order[i] = order[i - 1];
    order[at] = src;
    memcpy(the_fake.pending, order, sizeof order);
}

static HRESULT STDMETHODCALLTYPE bind_enum(INetCfgComponentBindings *self, DWORD flags, IEnumNetCfgBindingPath **out)
{
    (void)self;
    if (flags != EBP_BELOW)
        return E_INVALIDARG;
    the_fake.en_next = 0;
    *out = &the_fake.en;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE bind_move_before(INetCfgComponentBindings *self, INetCfgBindingPath *src,
                                                  INetCfgBindingPath *dest)
{
    int s = index_of(src), d = dest ? index_of(dest) : -1;
    (void)self;
    fake_log("before %s", s >= 0 ? the_fake.paths[s].label : "?");
    fake_log(" %s;", d >= 0 ? the_fake.paths[d].label : "NULL");
    if (!the_fake.locked)
        return NETCFG_E_NO_WRITE_LOCK;
    if (s < 0 || (dest && d < 0) || s == d)
        return E_INVALIDARG;
    move_path(s, d, false);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE bind_move_after(INetCfgComponentBindings *self, INetCfgBindingPath *src,
                                                 INetCfgBindingPath *dest)
{
    int s = index_of(src), d = dest ? index_of(dest) : -1;
    (void)self;
    fake_log("after %s", s >= 0 ? the_fake.paths[s].label : "?");
    fake_log(" %s;", d >= 0 ? the_fake.paths[d].label : "NULL");
    if (!the_fake.locked)
        return NETCFG_E_NO_WRITE_LOCK;
    if (FAILED(the_fake.move_after_result))
        return the_fake.move_after_result;
    if (s < 0 || (dest && d < 0) || s == d)
        return E_INVALIDARG;
    move_path(s, d, true);
    return S_OK;
}
static INetCfgComponentBindingsVtbl bind_vtbl = {(void *)comp_qi, (void *)no_ref, (void *)no_ref, NULL, NULL, NULL, NULL,
                                                 NULL, bind_enum, bind_move_before, bind_move_after};

/* ---- the enumeration of paths (pending order) and each path's one interface ---- */
static HRESULT STDMETHODCALLTYPE en_next(IEnumNetCfgBindingPath *self, ULONG n, INetCfgBindingPath **out, ULONG *got)
{
    (void)self;
    if (n != 1)
        return E_INVALIDARG;
    *got = 0;
    if (the_fake.en_next >= NPATHS)
        return S_FALSE;
    *out = &the_fake.paths[the_fake.pending[the_fake.en_next++]].iface;
    *got = 1;
    return S_OK;
}
static IEnumNetCfgBindingPathVtbl en_vtbl = {NULL, (void *)no_ref, (void *)no_ref, en_next, NULL, NULL, NULL};

static fake_path *path_of_en(IEnumNetCfgBindingInterface *en)
{
    for (int i = 0; i < NPATHS; i++)
        if (en == &the_fake.paths[i].en)
            return &the_fake.paths[i];
    return NULL;
}
static HRESULT STDMETHODCALLTYPE path_enum_ifaces(INetCfgBindingPath *self, IEnumNetCfgBindingInterface **out)
{
    fake_path *p = &the_fake.paths[index_of(self)];
    p->en_done = false;
    *out = &p->en;
    return S_OK;
}
static INetCfgBindingPathVtbl path_vtbl = {NULL, (void *)no_ref, (void *)no_ref, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                           path_enum_ifaces};
static HRESULT STDMETHODCALLTYPE ien_next(IEnumNetCfgBindingInterface *self, ULONG n, INetCfgBindingInterface **out,
                                          ULONG *got)
{
    fake_path *p = path_of_en(self);
    *got = 0;
    if (!p || n != 1)
        return E_INVALIDARG;
    if (p->en_done)
        return S_FALSE;
    p->en_done = true;
    *out = &p->bi;
    *got = 1;
    return S_OK;
}
static IEnumNetCfgBindingInterfaceVtbl ien_vtbl = {NULL, (void *)no_ref, (void *)no_ref, ien_next, NULL, NULL, NULL};
static HRESULT STDMETHODCALLTYPE bi_lower(INetCfgBindingInterface *self, INetCfgComponent **out)
{
    for (int i = 0; i < NPATHS; i++)
        if (self == &the_fake.paths[i].bi) {
            *out = &the_fake.paths[i].lower->iface;
            return S_OK;
        }
    return E_INVALIDARG;
}
static INetCfgBindingInterfaceVtbl bi_vtbl = {NULL, (void *)no_ref, (void *)no_ref, NULL, NULL, bi_lower};

#define LAN_A L"{3B8E61D2-04F7-4C9A-B25E-9D17C6A0E483}"
#define LAN_B L"{A7C02F59-6E1B-4D38-8F04-52B9E6D1C7A0}"

static void fake_reset(void)
{
    static const char *labels[NPATHS] = {"wan", "lanA1", "lanA2", "lanB"};
    fake_netcfg *f = &the_fake;
    memset(f, 0, sizeof *f);
    f->cfg.lpVtbl = &cfg_vtbl;
    f->lock.lpVtbl = &lock_vtbl;
    f->en.lpVtbl = &en_vtbl;
    fake_component *comps[4] = {&f->tcpip, &f->wan, &f->lan_a, &f->lan_b};
    const WCHAR *names[4] = {L"Tcpip", L"NdisWanIp", LAN_A, LAN_B};
    for (int i = 0; i < 4; i++) {
        comps[i]->iface.lpVtbl = &comp_vtbl;
        comps[i]->bindings.lpVtbl = &bind_vtbl;
        comps[i]->bind_name = names[i];
    }
    fake_component *lower[NPATHS] = {&f->wan, &f->lan_a, &f->lan_a, &f->lan_b};
    for (int i = 0; i < NPATHS; i++) {
        f->paths[i].iface.lpVtbl = &path_vtbl;
        f->paths[i].en.lpVtbl = &ien_vtbl;
        f->paths[i].bi.lpVtbl = &bi_vtbl;
        f->paths[i].lower = lower[i];
        f->paths[i].label = labels[i];
        f->committed[i] = f->pending[i] = i;
    }
    f->apply_result = S_OK;
    f->move_after_result = S_OK;
}

static HRESULT fake_create(INetCfg **out)
{
    *out = &the_fake.cfg;
    return S_OK;
}

/* the committed order as labels, "wan,lanA1,lanA2,lanB" */
static const char *committed_labels(void)
{
    static char text[128];
    text[0] = 0;
    for (int i = 0; i < NPATHS; i++) {
        if (i)
            strcat(text, ",");
        strcat(text, the_fake.paths[the_fake.committed[i]].label);
    }
    return text;
}

static void multi_sz(bf_regval *v, unsigned char *buf, const WCHAR *const *names, int n)
{
    size_t len = 0;
    for (int i = 0; i < n; i++) {
        for (const WCHAR *w = names[i]; *w; w++) {
            buf[len++] = (unsigned char)(*w & 0xff);
            buf[len++] = (unsigned char)(*w >> 8);
        }
        buf[len++] = 0;
        buf[len++] = 0;
    }
    buf[len++] = 0;
    buf[len++] = 0;
    v->exists = true;
    v->type = REG_MULTI_SZ;
    v->data = buf;
    v->len = len;
}

static void check_(int at, const char *name, bool ok, int *passed, int *failed)
{
    synth_report_(__FILE__, at, name, ok, NULL, passed, failed);
}
#define check(...) check_(__LINE__, __VA_ARGS__)

void synthetic_netcfg_tests(int *passed, int *failed)
{
    bf_err err;
    bf_regval got, want;
    unsigned char buf[512], exp[512];
    DWORD rc;

    /* reading: each device once, in path order, no lock taken, the session closed */
    fake_reset();
    memset(&err, 0, sizeof err);
    rc = bfsys_bindorder_read(fake_create, &got, &err);
    {
        const WCHAR *names[3] = {L"\\Device\\NdisWanIp", L"\\Device\\" LAN_A, L"\\Device\\" LAN_B};
        multi_sz(&want, exp, names, 3);
    }
    bool ok = rc == ERROR_SUCCESS && got.exists && got.type == REG_MULTI_SZ && got.len == want.len &&
              memcmp(got.data, want.data, want.len) == 0 && strcmp(the_fake.log, "init;uninit;") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, the_fake.log);
    check("synthetic_inetcfg_2003_reads_wan_first_each_device_once", ok, passed, failed);
    bf_regval_free(&got);

    /* writing: the LAN adapter's two paths first (kept in their order), then the WAN, then the rest */
    fake_reset();
    {
        const WCHAR *names[2] = {L"\\Device\\" LAN_A, L"\\Device\\NdisWanIp"};
        multi_sz(&want, buf, names, 2);
    }
    rc = bfsys_bindorder_write(fake_create, &want, &err);
    ok = rc == ERROR_SUCCESS && strcmp(committed_labels(), "lanA1,lanA2,wan,lanB") == 0 &&
         strcmp(the_fake.log, "lock;init;before lanA1 NULL;after lanA2 lanA1;after wan lanA2;after lanB wan;apply;"
                              "uninit;unlock;") == 0 &&
         !the_fake.locked && !the_fake.initialized;
    if (!ok)
        printf("  rc %lu, %s, order %s, log %s\n", (unsigned long)rc, err.msg, committed_labels(), the_fake.log);
    check("synthetic_inetcfg_2003_moves_the_lan_paths_first_and_applies", ok, passed, failed);
    /* and reading it back gives the new order (what undo's verification and the next scan see) */
    rc = bfsys_bindorder_read(fake_create, &got, &err);
    {
        const WCHAR *names[3] = {L"\\Device\\" LAN_A, L"\\Device\\NdisWanIp", L"\\Device\\" LAN_B};
        multi_sz(&want, exp, names, 3);
    }
    check("synthetic_inetcfg_2003_reads_back_the_order_written",
          rc == ERROR_SUCCESS && got.len == want.len && memcmp(got.data, want.data, want.len) == 0, passed, failed);
    bf_regval_free(&got);

    /* the write lock held by another program: named, nothing moved, nothing initialised */
    fake_reset();
    the_fake.held_by = L"Network Connections";
    {
        const WCHAR *names[1] = {L"\\Device\\" LAN_B};
        multi_sz(&want, buf, names, 1);
    }
    rc = bfsys_bindorder_write(fake_create, &want, &err);
    ok = rc == ERROR_BUSY && strstr(err.msg, "Network Connections") && strcmp(the_fake.log, "lock;") == 0 &&
         strcmp(committed_labels(), "wan,lanA1,lanA2,lanB") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, the_fake.log);
    check("synthetic_inetcfg_lock_held_by_network_connections_is_named_and_nothing_moves", ok, passed, failed);

    /* a device no path leads to: refused before any move, the lock released */
    fake_reset();
    {
        const WCHAR *names[1] = {L"\\Device\\{00000000-0000-0000-0000-0000000000C0}"};
        multi_sz(&want, buf, names, 1);
    }
    rc = bfsys_bindorder_write(fake_create, &want, &err);
    ok = rc == ERROR_NOT_FOUND && strstr(err.msg, "{00000000-0000-0000-0000-0000000000C0}") &&
         strcmp(the_fake.log, "lock;init;uninit;unlock;") == 0 && strcmp(committed_labels(), "wan,lanA1,lanA2,lanB") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, the_fake.log);
    check("synthetic_inetcfg_unknown_device_refused_before_any_move", ok, passed, failed);

    /* a move that fails: cancelled, never applied; Apply that fails: cancelled, the order unchanged */
    fake_reset();
    the_fake.move_after_result = E_ACCESSDENIED;
    {
        const WCHAR *names[1] = {L"\\Device\\" LAN_B};
        multi_sz(&want, buf, names, 1);
    }
    rc = bfsys_bindorder_write(fake_create, &want, &err);
    ok = rc != ERROR_SUCCESS && strstr(err.msg, "0x80070005") && strstr(the_fake.log, "cancel;") &&
         !strstr(the_fake.log, "apply;") && strcmp(committed_labels(), "wan,lanA1,lanA2,lanB") == 0;
    fake_reset();
    the_fake.apply_result = E_ACCESSDENIED;
    rc = bfsys_bindorder_write(fake_create, &want, &err);
    ok = ok && rc != ERROR_SUCCESS && strstr(err.msg, "Apply") && strstr(the_fake.log, "apply;cancel;uninit;unlock;") &&
         strcmp(committed_labels(), "wan,lanA1,lanA2,lanB") == 0;
    if (!ok)
        printf("  rc %lu, %s, log %s\n", (unsigned long)rc, err.msg, the_fake.log);
    check("synthetic_inetcfg_failed_move_or_apply_is_cancelled_and_changes_nothing", ok, passed, failed);

    /* NETCFG_S_REBOOT from Apply is success: applied, complete after a restart */
    fake_reset();
    the_fake.apply_result = NETCFG_S_REBOOT;
    rc = bfsys_bindorder_write(fake_create, &want, &err);
    check("synthetic_inetcfg_apply_asking_for_a_restart_counts_as_applied",
          rc == ERROR_SUCCESS && strcmp(committed_labels(), "lanB,wan,lanA1,lanA2") == 0, passed, failed);

    /* TCP/IP not installed (FindComponent S_FALSE): unavailable, so the plan falls back to Linkage\Bind */
    fake_reset();
    the_fake.tcpip_missing = true;
    rc = bfsys_bindorder_read(fake_create, &got, &err);
    check("synthetic_inetcfg_without_tcpip_is_unavailable",
          rc == ERROR_NOT_SUPPORTED && err.code == BF_MACHINE_UNAVAILABLE && strstr(err.msg, "FindComponent(ms_tcpip)") &&
              strcmp(the_fake.log, "init;uninit;") == 0,
          passed, failed);
    bf_regval_free(&got);
}
