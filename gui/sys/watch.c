/* watch.c - being told when the machine's addresses or interfaces change (bindfix-cli watch).
 *
 * Vista and later: NotifyUnicastIpAddressChange and NotifyIpInterfaceChange, resolved at run time
 * (they do not exist on XP/2003, which bindfix still runs on), each registered with InitialNotification
 * TRUE: Windows calls the callback once at once with MibInitialNotification ("NotifyUnicastIpAddressChange",
 * Microsoft Learn). A registration that succeeds but never makes that initial call is a stub (Wine 8's
 * accept the registration and never call back): then, and where the functions are missing, the address
 * table (GetAdaptersAddresses: interfaces, their status and unicast addresses) is polled and compared.
 * XP/2003: NotifyAddrChange with an event, polled as well (it cannot be told from a stub: Wine's never
 * signals). The mechanism used is said in the first line of the output. */
#include "sys.h"

#include <netioapi.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#define POLL_MS 250
#define INITIAL_WAIT_MS 3000

typedef DWORD(WINAPI *notify_addr_fn)(ADDRESS_FAMILY, PUNICAST_IPADDRESS_CHANGE_CALLBACK, PVOID, BOOLEAN, HANDLE *);
typedef DWORD(WINAPI *notify_if_fn)(ADDRESS_FAMILY, PIPINTERFACE_CHANGE_CALLBACK, PVOID, BOOLEAN, HANDLE *);
typedef DWORD(WINAPI *cancel_fn)(HANDLE);
typedef DWORD(WINAPI *notify_legacy_fn)(PHANDLE, LPOVERLAPPED);
/* resolved at run time, as adapters.c does: the oldest systems bindfix reads (snapshots of NT 4.0 and
 * 2000 aside) are covered by XP's iphlpapi, but the import list stays what rule-imports.sh allows */
typedef ULONG(WINAPI *gaa_fn)(ULONG, ULONG, PVOID, PIP_ADAPTER_ADDRESSES, PULONG);

typedef struct bfsys_watch {
    HANDLE changed;             /* auto-reset: set by a callback, NotifyAddrChange or the poll */
    HANDLE initial;             /* manual-reset: both initial notifications arrived */
    volatile LONG initial_count;
    HANDLE reg_addr, reg_if;
    cancel_fn cancel;
    bool poll;
    bool legacy;                /* NotifyAddrChange armed in `ov` */
    OVERLAPPED ov;
    HANDLE legacy_handle;
    notify_legacy_fn notify_legacy;
    unsigned long long fingerprint;
    char mechanism[400];
} bfsys_watch;

static void note_initial(bfsys_watch *w)
{
    if (InterlockedIncrement(&w->initial_count) >= 2)
        SetEvent(w->initial);
}

static VOID WINAPI on_address(PVOID ctx, PMIB_UNICASTIPADDRESS_ROW row, MIB_NOTIFICATION_TYPE type)
{
    bfsys_watch *w = ctx;
    (void)row;
    if (type == MibInitialNotification)
        note_initial(w);
    else
        SetEvent(w->changed);
}

static VOID WINAPI on_interface(PVOID ctx, PMIB_IPINTERFACE_ROW row, MIB_NOTIFICATION_TYPE type)
{
    bfsys_watch *w = ctx;
    (void)row;
    if (type == MibInitialNotification)
        note_initial(w);
    else
        SetEvent(w->changed);
}

/* FNV-1a over every interface's index, status and unicast addresses: any change changes it. */
static unsigned long long table_fingerprint(void)
{
    ULONG size = 16 * 1024, r;
    IP_ADAPTER_ADDRESSES *aa = NULL, *a;
    unsigned long long h = 1469598103934665603ULL;
    int tries;
    gaa_fn gaa = (gaa_fn)(void (*)(void))bfsys_proc(L"iphlpapi.dll", "GetAdaptersAddresses");
#define MIX(p, n)                                                                                      \
    do {                                                                                               \
        const unsigned char *b_ = (const unsigned char *)(p);                                          \
        size_t k_;                                                                                     \
        for (k_ = 0; k_ < (size_t)(n); k_++)                                                           \
            h = (h ^ b_[k_]) * 1099511628211ULL;                                                       \
    } while (0)
    if (!gaa)
        return 0;
    for (tries = 0; tries < 4; tries++) {
        aa = malloc(size);
        if (!aa)
            return 0;
        r = gaa(AF_UNSPEC, GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST | GAA_FLAG_SKIP_DNS_SERVER,
                                 NULL, aa, &size);
        if (r == ERROR_SUCCESS)
            break;
        free(aa);
        aa = NULL;
        if (r != ERROR_BUFFER_OVERFLOW)
            return 0;
    }
    for (a = aa; a; a = a->Next) {
        IP_ADAPTER_UNICAST_ADDRESS *u;
        MIX(&a->IfIndex, sizeof a->IfIndex);
        MIX(&a->OperStatus, sizeof a->OperStatus);
        for (u = a->FirstUnicastAddress; u; u = u->Next)
            if (u->Address.lpSockaddr && u->Address.iSockaddrLength > 0)
                MIX(u->Address.lpSockaddr, u->Address.iSockaddrLength);
    }
    free(aa);
    return h;
#undef MIX
}

static void arm_legacy(bfsys_watch *w)
{
    DWORD r;
    /* the event is auto-reset: the wait that saw it signalled has reset it already */
    r = w->notify_legacy(&w->legacy_handle, &w->ov);
    w->legacy = r == ERROR_IO_PENDING || r == NO_ERROR;
}

static void *watch_begin(void *ctx, const char **mechanism, bf_err *err)
{
    bfsys_watch *w = calloc(1, sizeof *w);
    notify_addr_fn na = (notify_addr_fn)(void (*)(void))bfsys_proc(L"iphlpapi.dll", "NotifyUnicastIpAddressChange");
    notify_if_fn ni = (notify_if_fn)(void (*)(void))bfsys_proc(L"iphlpapi.dll", "NotifyIpInterfaceChange");
    (void)ctx;
    if (!w || !(w->changed = CreateEventW(NULL, FALSE, FALSE, NULL)) || !(w->initial = CreateEventW(NULL, TRUE, FALSE, NULL))) {
        if (w && w->changed)
            CloseHandle(w->changed);
        free(w);
        bfsys_fail_code(err, ERROR_NOT_ENOUGH_MEMORY, NULL, "cannot create the watch's events");
        return NULL;
    }
    w->cancel = (cancel_fn)(void (*)(void))bfsys_proc(L"iphlpapi.dll", "CancelMibChangeNotify2");
    w->fingerprint = table_fingerprint();
    if (na && ni && w->cancel) {
        DWORD r1 = na(AF_UNSPEC, on_address, w, TRUE, &w->reg_addr);
        DWORD r2 = r1 == NO_ERROR ? ni(AF_UNSPEC, on_interface, w, TRUE, &w->reg_if) : r1;
        if (r1 == NO_ERROR && r2 == NO_ERROR && WaitForSingleObject(w->initial, INITIAL_WAIT_MS) == WAIT_OBJECT_0) {
            snprintf(w->mechanism, sizeof w->mechanism, "NotifyUnicastIpAddressChange and NotifyIpInterfaceChange");
        } else {
            w->poll = true;
            if (r1 != NO_ERROR || r2 != NO_ERROR)
                snprintf(w->mechanism, sizeof w->mechanism,
                         "NotifyUnicastIpAddressChange/NotifyIpInterfaceChange failed (error %lu): polling the address "
                         "table every %d ms instead", (unsigned long)(r1 != NO_ERROR ? r1 : r2), POLL_MS);
            else
                snprintf(w->mechanism, sizeof w->mechanism,
                         "NotifyUnicastIpAddressChange/NotifyIpInterfaceChange accepted the registration but made no "
                         "initial notification within %d ms (stubbed, as in Wine 8): polling the address table every "
                         "%d ms instead", INITIAL_WAIT_MS, POLL_MS);
        }
    } else {
        w->poll = true;
        w->notify_legacy = (notify_legacy_fn)(void (*)(void))bfsys_proc(L"iphlpapi.dll", "NotifyAddrChange");
        w->ov.hEvent = w->changed;
        if (w->notify_legacy)
            arm_legacy(w);
        snprintf(w->mechanism, sizeof w->mechanism,
                 "%s, and the address table polled every %d ms (NotifyUnicastIpAddressChange is missing: Windows "
                 "before Vista)", w->legacy ? "NotifyAddrChange" : "no notification", POLL_MS);
    }
    *mechanism = w->mechanism;
    return w;
}

static int watch_wait(void *watch, int timeout_ms)
{
    bfsys_watch *w = watch;
    unsigned long long start = bfsys_tick_ms();
    for (;;) {
        unsigned long long waited = bfsys_tick_ms() - start;
        DWORD slice, r;
        unsigned long long fp;
        if (waited >= (unsigned long long)timeout_ms)
            return 0;
        slice = (DWORD)((unsigned long long)timeout_ms - waited);
        if (w->poll && slice > POLL_MS)
            slice = POLL_MS;
        r = WaitForSingleObject(w->changed, slice);
        if (r == WAIT_OBJECT_0) {
            if (w->legacy)
                arm_legacy(w);   /* NotifyAddrChange signals once per call */
            w->fingerprint = table_fingerprint();
            return 1;
        }
        if (r != WAIT_TIMEOUT)
            return -1;
        if (w->poll) {
            fp = table_fingerprint();
            if (fp != w->fingerprint) {
                w->fingerprint = fp;
                return 1;
            }
        }
    }
}

static void watch_end(void *watch)
{
    bfsys_watch *w = watch;
    if (!w)
        return;
    if (w->reg_addr && w->cancel)
        w->cancel(w->reg_addr);
    if (w->reg_if && w->cancel)
        w->cancel(w->reg_if);
    if (w->legacy) {
        typedef BOOL(WINAPI * cancel_ipc_fn)(LPOVERLAPPED);
        cancel_ipc_fn c = (cancel_ipc_fn)(void (*)(void))bfsys_proc(L"iphlpapi.dll", "CancelIPChangeNotify");
        if (c)
            c(&w->ov);
    }
    CloseHandle(w->changed);
    CloseHandle(w->initial);
    free(w);
}

void bfsys_watch_install(bf_system *sys)
{
    sys->watch_begin = watch_begin;
    sys->watch_wait = watch_wait;
    sys->watch_end = watch_end;
}
