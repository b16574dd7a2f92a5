/* synthetic_netcfg_standin.c - the stand-in INetCfg (synthetic_netcfg_standin.h says what it models).
 *
 * It keeps a committed order and a pending one (moves change the pending order; Apply commits it;
 * Cancel drops it), enforces the write lock as netcfgx does (NETCFG_E_NO_WRITE_LOCK), logs every call,
 * and tracks every object's references and COM's lifetime. Methods netcfg.c must not use are NULL.
 * COM gives an object embedded this way no context pointer, so the stand-in is one static machine,
 * reset by synth_netcfg_reset (test code; one machine per test). */
#define COBJMACROS
#include "synthetic_netcfg_standin.h"

#include <netcfgx.h>
#include <stdio.h>
#include <string.h>

#define NPATHS 4

/* Every object starts with its vtable pointer, as a COM interface does, then what the stand-in
 * tracks: a name for the violation messages and the references handed out and not yet released. */
typedef struct tracked {
    const void *lpVtbl;
    char name[48];
    LONG refs;
} tracked;

typedef struct fake_component {
    tracked iface;          /* INetCfgComponent */
    tracked bindings;       /* INetCfgComponentBindings, answered only by ms_tcpip's component */
    const WCHAR *bind_name;
} fake_component;

typedef struct fake_path {
    tracked iface;          /* INetCfgBindingPath */
    tracked en;             /* IEnumNetCfgBindingInterface: one interface, TCP/IP above the device */
    tracked bi;             /* INetCfgBindingInterface */
    bool en_done;
    fake_component *lower;
    const char *label;
} fake_path;

typedef struct fake_netcfg {
    synth_netcfg_knobs knobs;
    tracked cfg, lock, en;
    size_t en_next;
    fake_component tcpip, wan, lan_a, lan_b;
    fake_path paths[NPATHS];
    int committed[NPATHS], pending[NPATHS];
    bool locked, initialized;
    int com_depth;
    bool com_ended;         /* the apartment ended (com_depth back to 0 after a com_init) */
    char log[2048];
    char violations[2048];
} fake_netcfg;

static fake_netcfg the_fake;

static void fake_log(const char *fmt, const char *arg)
{
    size_t n = strlen(the_fake.log);
    snprintf(the_fake.log + n, sizeof the_fake.log - n, fmt, arg);
}

static void violation(const tracked *t, const char *what)
{
    size_t n = strlen(the_fake.violations);
    snprintf(the_fake.violations + n, sizeof the_fake.violations - n, "%s%s: %s", n ? "; " : "", t->name, what);
}

/* Every method starts here: a call on an object after COM ended is a call into a torn-down server. */
static void use(const void *self, const char *method)
{
    const tracked *t = self;
    if (the_fake.com_ended) {
        char what[96];
        snprintf(what, sizeof what, "%s called after CoUninitialize", method);
        violation(t, what);
    }
}

/* An interface pointer handed to the caller carries one reference. */
static void *hand_out(tracked *t)
{
    t->refs++;
    return t;
}

static ULONG STDMETHODCALLTYPE t_addref(void *self)
{
    tracked *t = self;
    use(t, "AddRef");
    return (ULONG)++t->refs;
}

static ULONG STDMETHODCALLTYPE t_release(void *self)
{
    tracked *t = self;
    use(t, "Release");
    if (t->refs <= 0) {
        violation(t, "Release without a reference");
        return 0;
    }
    return (ULONG)--t->refs;
}

/* ---- COM itself ---- */
static HRESULT fake_com_init(void)
{
    the_fake.com_depth++;
    the_fake.com_ended = false;
    return S_OK;
}

static void check_leak(const tracked *t)
{
    if (t->refs > 0) {
        char what[64];
        snprintf(what, sizeof what, "still referenced (%ld) at CoUninitialize", (long)t->refs);
        violation(t, what);
    }
}

static void fake_com_uninit(void)
{
    fake_netcfg *f = &the_fake;
    if (f->com_depth <= 0) {
        violation(&f->cfg, "CoUninitialize without CoInitializeEx");
        return;
    }
    if (--f->com_depth > 0)
        return;
    f->com_ended = true;
    check_leak(&f->cfg);
    check_leak(&f->lock);
    check_leak(&f->en);
    fake_component *comps[4] = {&f->tcpip, &f->wan, &f->lan_a, &f->lan_b};
    for (int i = 0; i < 4; i++) {
        check_leak(&comps[i]->iface);
        check_leak(&comps[i]->bindings);
    }
    for (int i = 0; i < NPATHS; i++) {
        check_leak(&f->paths[i].iface);
        check_leak(&f->paths[i].en);
        check_leak(&f->paths[i].bi);
    }
    if (f->locked)
        violation(&f->lock, "write lock still held at CoUninitialize");
}

static HRESULT fake_create(INetCfg **out)
{
    *out = hand_out(&the_fake.cfg);
    return S_OK;
}

static bool fake_is_wow64(void)
{
    return the_fake.knobs.wow64;
}

const bfsys_netcfg_api synth_netcfg_api = {fake_create, fake_com_init, fake_com_uninit, fake_is_wow64};

/* ---- INetCfg ---- */
static HRESULT STDMETHODCALLTYPE cfg_qi(INetCfg *self, REFIID riid, void **out)
{
    use(self, "QueryInterface");
    if (IsEqualIID(riid, &IID_INetCfgLock)) {
        *out = hand_out(&the_fake.lock);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static HRESULT STDMETHODCALLTYPE cfg_initialize(INetCfg *self, PVOID reserved)
{
    (void)reserved;
    use(self, "Initialize");
    fake_log("init;", "");
    the_fake.initialized = true;
    memcpy(the_fake.pending, the_fake.committed, sizeof the_fake.pending);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE cfg_uninitialize(INetCfg *self)
{
    use(self, "Uninitialize");
    fake_log("uninit;", "");
    the_fake.initialized = false;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE cfg_apply(INetCfg *self)
{
    use(self, "Apply");
    fake_log("apply;", "");
    if (!the_fake.locked)
        return NETCFG_E_NO_WRITE_LOCK;
    if (SUCCEEDED(the_fake.knobs.apply_result))
        memcpy(the_fake.committed, the_fake.pending, sizeof the_fake.committed);
    return the_fake.knobs.apply_result;
}
static HRESULT STDMETHODCALLTYPE cfg_cancel(INetCfg *self)
{
    use(self, "Cancel");
    fake_log("cancel;", "");
    memcpy(the_fake.pending, the_fake.committed, sizeof the_fake.pending);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE cfg_find(INetCfg *self, LPCWSTR id, INetCfgComponent **out)
{
    use(self, "FindComponent");
    *out = NULL;
    if (!the_fake.initialized)
        return NETCFG_E_NOT_INITIALIZED;
    if (wcscmp(id, L"ms_tcpip") != 0 || the_fake.knobs.tcpip_missing)
        return S_FALSE;     /* as documented: the component is not installed */
    *out = hand_out(&the_fake.tcpip.iface);
    return S_OK;
}
static INetCfgVtbl cfg_vtbl = {cfg_qi, (void *)t_addref, (void *)t_release, cfg_initialize, cfg_uninitialize, cfg_apply,
                               cfg_cancel, NULL, cfg_find, NULL};

/* ---- INetCfgLock ---- */
static HRESULT STDMETHODCALLTYPE lock_acquire(INetCfgLock *self, DWORD ms, LPCWSTR who, LPWSTR *holder)
{
    (void)ms;
    use(self, "AcquireWriteLock");
    fake_log("lock;", "");
    if (holder)
        *holder = NULL;
    if (the_fake.knobs.held_by) {
        size_t n = (wcslen(the_fake.knobs.held_by) + 1) * sizeof(WCHAR);
        if (holder && (*holder = CoTaskMemAlloc(n)) != NULL)
            memcpy(*holder, the_fake.knobs.held_by, n);
        return S_FALSE;
    }
    if (wcscmp(who, L"bindfix") != 0)
        return E_INVALIDARG;
    if (the_fake.knobs.lock_result != S_OK)
        return the_fake.knobs.lock_result;
    the_fake.locked = true;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE lock_release(INetCfgLock *self)
{
    use(self, "ReleaseWriteLock");
    fake_log("unlock;", "");
    the_fake.locked = false;
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE lock_qi(INetCfgLock *self, REFIID riid, void **out)
{
    use(self, "QueryInterface");
    (void)riid;
    *out = NULL;
    return E_NOINTERFACE;
}
static INetCfgLockVtbl lock_vtbl = {lock_qi, (void *)t_addref, (void *)t_release, lock_acquire, lock_release, NULL};

/* ---- INetCfgComponent (GetBindName only) and ms_tcpip's INetCfgComponentBindings ---- */
static HRESULT STDMETHODCALLTYPE comp_qi(INetCfgComponent *self, REFIID riid, void **out)
{
    use(self, "QueryInterface");
    if ((void *)self == (void *)&the_fake.tcpip.iface && IsEqualIID(riid, &IID_INetCfgComponentBindings)) {
        *out = hand_out(&the_fake.tcpip.bindings);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}
static HRESULT STDMETHODCALLTYPE comp_bind_name(INetCfgComponent *self, LPWSTR *out)
{
    const fake_component *c = (const fake_component *)self;
    size_t n = (wcslen(c->bind_name) + 1) * sizeof(WCHAR);
    use(self, "GetBindName");
    if (!(*out = CoTaskMemAlloc(n)))
        return E_OUTOFMEMORY;
    memcpy(*out, c->bind_name, n);
    return S_OK;
}
static INetCfgComponentVtbl comp_vtbl = {comp_qi, (void *)t_addref, (void *)t_release, NULL, NULL, NULL, NULL, NULL,
                                         NULL, NULL, NULL, comp_bind_name, NULL, NULL, NULL};

static int index_of(const void *p)
{
    for (int i = 0; i < NPATHS; i++)
        if (p == (const void *)&the_fake.paths[i].iface)
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

static HRESULT STDMETHODCALLTYPE bind_qi(INetCfgComponentBindings *self, REFIID riid, void **out)
{
    use(self, "QueryInterface");
    (void)riid;
    *out = NULL;
    return E_NOINTERFACE;
}
static HRESULT STDMETHODCALLTYPE bind_enum(INetCfgComponentBindings *self, DWORD flags, IEnumNetCfgBindingPath **out)
{
    use(self, "EnumBindingPaths");
    if (flags != EBP_BELOW)
        return E_INVALIDARG;
    the_fake.en_next = 0;
    *out = hand_out(&the_fake.en);
    return S_OK;
}
static HRESULT STDMETHODCALLTYPE bind_move_before(INetCfgComponentBindings *self, INetCfgBindingPath *src,
                                                  INetCfgBindingPath *dest)
{
    int s = index_of(src), d = dest ? index_of(dest) : -1;
    use(self, "MoveBefore");
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
    use(self, "MoveAfter");
    fake_log("after %s", s >= 0 ? the_fake.paths[s].label : "?");
    fake_log(" %s;", d >= 0 ? the_fake.paths[d].label : "NULL");
    if (!the_fake.locked)
        return NETCFG_E_NO_WRITE_LOCK;
    if (FAILED(the_fake.knobs.move_after_result))
        return the_fake.knobs.move_after_result;
    if (s < 0 || (dest && d < 0) || s == d)
        return E_INVALIDARG;
    move_path(s, d, true);
    return S_OK;
}
static INetCfgComponentBindingsVtbl bind_vtbl = {bind_qi, (void *)t_addref, (void *)t_release, NULL, NULL, NULL, NULL,
                                                 NULL, bind_enum, bind_move_before, bind_move_after};

/* ---- the enumeration of paths (pending order) and each path's one interface ---- */
static HRESULT STDMETHODCALLTYPE en_next(IEnumNetCfgBindingPath *self, ULONG n, INetCfgBindingPath **out, ULONG *got)
{
    use(self, "Next");
    if (n != 1)
        return E_INVALIDARG;
    *got = 0;
    if (the_fake.en_next >= NPATHS)
        return S_FALSE;
    *out = hand_out(&the_fake.paths[the_fake.pending[the_fake.en_next++]].iface);
    *got = 1;
    return S_OK;
}
static IEnumNetCfgBindingPathVtbl en_vtbl = {NULL, (void *)t_addref, (void *)t_release, en_next, NULL, NULL, NULL};

static fake_path *path_of_en(const void *en)
{
    for (int i = 0; i < NPATHS; i++)
        if (en == (const void *)&the_fake.paths[i].en)
            return &the_fake.paths[i];
    return NULL;
}
static HRESULT STDMETHODCALLTYPE path_enum_ifaces(INetCfgBindingPath *self, IEnumNetCfgBindingInterface **out)
{
    fake_path *p = &the_fake.paths[index_of(self)];
    use(self, "EnumBindingInterfaces");
    p->en_done = false;
    *out = hand_out(&p->en);
    return S_OK;
}
static INetCfgBindingPathVtbl path_vtbl = {NULL, (void *)t_addref, (void *)t_release, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                           path_enum_ifaces};
static HRESULT STDMETHODCALLTYPE ien_next(IEnumNetCfgBindingInterface *self, ULONG n, INetCfgBindingInterface **out,
                                          ULONG *got)
{
    fake_path *p = path_of_en(self);
    use(self, "Next");
    *got = 0;
    if (!p || n != 1)
        return E_INVALIDARG;
    if (p->en_done)
        return S_FALSE;
    p->en_done = true;
    *out = hand_out(&p->bi);
    *got = 1;
    return S_OK;
}
static IEnumNetCfgBindingInterfaceVtbl ien_vtbl = {NULL, (void *)t_addref, (void *)t_release, ien_next, NULL, NULL, NULL};
static HRESULT STDMETHODCALLTYPE bi_lower(INetCfgBindingInterface *self, INetCfgComponent **out)
{
    use(self, "GetLowerComponent");
    for (int i = 0; i < NPATHS; i++)
        if ((void *)self == (void *)&the_fake.paths[i].bi) {
            *out = hand_out(&the_fake.paths[i].lower->iface);
            return S_OK;
        }
    return E_INVALIDARG;
}
static INetCfgBindingInterfaceVtbl bi_vtbl = {NULL, (void *)t_addref, (void *)t_release, NULL, NULL, bi_lower};

#define LAN_A L"{3B8E61D2-04F7-4C9A-B25E-9D17C6A0E483}"
#define LAN_B L"{A7C02F59-6E1B-4D38-8F04-52B9E6D1C7A0}"

static void name(tracked *t, const void *vtbl, const char *kind, const char *label)
{
    t->lpVtbl = vtbl;
    snprintf(t->name, sizeof t->name, "%s%s%s", kind, label ? " " : "", label ? label : "");
    t->refs = 0;
}

synth_netcfg_knobs *synth_netcfg_reset(void)
{
    static const char *labels[NPATHS] = {"wan", "lanA1", "lanA2", "lanB"};
    fake_netcfg *f = &the_fake;
    memset(f, 0, sizeof *f);
    name(&f->cfg, &cfg_vtbl, "INetCfg", NULL);
    name(&f->lock, &lock_vtbl, "INetCfgLock", NULL);
    name(&f->en, &en_vtbl, "IEnumNetCfgBindingPath", NULL);
    fake_component *comps[4] = {&f->tcpip, &f->wan, &f->lan_a, &f->lan_b};
    const WCHAR *names[4] = {L"Tcpip", L"NdisWanIp", LAN_A, LAN_B};
    const char *comp_labels[4] = {"ms_tcpip", "NdisWanIp", "lanA", "lanB"};
    for (int i = 0; i < 4; i++) {
        name(&comps[i]->iface, &comp_vtbl, "INetCfgComponent", comp_labels[i]);
        name(&comps[i]->bindings, &bind_vtbl, "INetCfgComponentBindings", comp_labels[i]);
        comps[i]->bind_name = names[i];
    }
    fake_component *lower[NPATHS] = {&f->wan, &f->lan_a, &f->lan_a, &f->lan_b};
    for (int i = 0; i < NPATHS; i++) {
        name(&f->paths[i].iface, &path_vtbl, "INetCfgBindingPath", labels[i]);
        name(&f->paths[i].en, &ien_vtbl, "IEnumNetCfgBindingInterface", labels[i]);
        name(&f->paths[i].bi, &bi_vtbl, "INetCfgBindingInterface", labels[i]);
        f->paths[i].lower = lower[i];
        f->paths[i].label = labels[i];
        f->committed[i] = f->pending[i] = i;
    }
    f->knobs.lock_result = S_OK;
    f->knobs.apply_result = S_OK;
    f->knobs.move_after_result = S_OK;
    return &f->knobs;
}

const char *synth_netcfg_log(void)
{
    return the_fake.log;
}

const char *synth_netcfg_committed(void)
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

const char *synth_netcfg_violations(void)
{
    return the_fake.violations;
}

bool synth_netcfg_locked(void)
{
    return the_fake.locked;
}

bool synth_netcfg_initialized(void)
{
    return the_fake.initialized;
}

int synth_netcfg_com_depth(void)
{
    return the_fake.com_depth;
}
