/*
 * announce.c - tells a screen reader that a status line has new text (issue 23: outcomes such as
 * "Repaired and verified" used to change silently).
 *
 * Two documented ways, the newer where the system has it:
 *  - UI Automation's UiaRaiseNotificationEvent (uiautomationcore.dll, Windows 10 1709 on) on the control's
 *    host provider (UiaHostProviderFromHwnd, Windows 7 on): the screen reader speaks the text given;
 *  - otherwise the control is marked as a polite live region (the LiveSetting property, set through
 *    oleacc's IAccPropServices::SetHwndProp, "Dynamic Annotation") and NotifyWinEvent raises
 *    EVENT_OBJECT_LIVEREGIONCHANGED (Windows 8 on); screen readers then read the control's new text.
 *    Windows 7 and older ignore the event and the annotation harmlessly.
 * Both UIA functions are looked up at run time: XP SP3 and Server 2003 SP2 have no uiautomationcore.dll.
 * Never both for one change: Narrator would then say it twice.
 */
#define COBJMACROS
#include "sys.h"

#include <ole2.h>
#include <oleacc.h>

/* winuser.h gives it only from WINVER 0x0602 (Windows 8) on; bindfix builds for 7 and raises it where
 * it means something */
#ifndef EVENT_OBJECT_LIVEREGIONCHANGED
#define EVENT_OBJECT_LIVEREGIONCHANGED 0x8019
#endif

/* LiveSetting_Property_GUID (uiautomationclient.h, Windows 8), and the oleacc class and interface of
 * Dynamic Annotation: spelt here so that no import library is needed for them */
static const GUID live_setting_guid = {0xc12bcd8e, 0x2a8e, 0x4950, {0x8a, 0xe7, 0x36, 0x25, 0x11, 0x1d, 0x58, 0xeb}};
static const GUID clsid_acc_prop_services = {0xb5f8350b, 0x0548, 0x48b1, {0xa6, 0xee, 0x88, 0xbd, 0x00, 0xb4, 0xa5, 0xe7}};
static const GUID iid_acc_prop_services = {0x6e26e776, 0x04f0, 0x495d, {0x80, 0xe4, 0x33, 0x30, 0x35, 0x2e, 0x31, 0x69}};
/* PROPID_ACC_DESCRIPTION (oleacc.h): what a screen reader reads after a control's name and role */
static const GUID propid_acc_description = {0x4d48dfe4, 0xbd3f, 0x491f, {0xa6, 0x48, 0x49, 0x2d, 0x6f, 0x20, 0xc5, 0x88}};

/* UIA's enumerations (uiautomationcore.h, Windows 10 1709): NotificationKind_Other, and
 * NotificationProcessing_MostRecent - a newer status replaces one not yet spoken */
#define BF_UIA_NOTIFICATION_OTHER 4
#define BF_UIA_PROCESSING_MOST_RECENT 3
/* LiveSetting: Polite (the status is spoken after what is being read) */
#define BF_LIVE_POLITE 1
/* the control's window property once it carries the annotation */
#define BF_LIVE_PROP L"bindfix.live"

static HRESULT mark_live(HWND ctl)
{
    IAccPropServices *props = NULL;
    HRESULT hr = CoCreateInstance(&clsid_acc_prop_services, NULL, CLSCTX_INPROC_SERVER, &iid_acc_prop_services,
                                  (void **)&props);
    if (FAILED(hr))
        return hr;
    VARIANT v;
    ZeroMemory(&v, sizeof v);
    v.vt = VT_I4;
    v.lVal = BF_LIVE_POLITE;
    hr = IAccPropServices_SetHwndProp(props, ctl, (DWORD)OBJID_CLIENT, CHILDID_SELF, live_setting_guid, v);
    IAccPropServices_Release(props);
    return hr;
}

void bfsys_announce_api_init(bfsys_announce_api *api)
{
    ZeroMemory(api, sizeof *api);
    api->raise_notification = (bfsys_uia_notify_fn)(void (*)(void))bfsys_proc(L"uiautomationcore.dll",
                                                                              "UiaRaiseNotificationEvent");
    if (api->raise_notification)
        api->host_provider = (bfsys_uia_host_fn)(void (*)(void))bfsys_proc(L"uiautomationcore.dll",
                                                                          "UiaHostProviderFromHwnd");
    /* user32's since Windows 2000; looked up so that bindfix-cli, which shares this layer, imports nothing
     * of user32 for it */
    api->notify_win_event = (bfsys_win_event_fn)(void (*)(void))bfsys_proc(L"user32.dll", "NotifyWinEvent");
    api->mark_live = mark_live;
}

bfsys_announce_way bfsys_announce(const bfsys_announce_api *api, HWND ctl, const WCHAR *text)
{
    if (!ctl || !text || !text[0])
        return BFSYS_ANNOUNCE_NONE;     /* an emptied line says nothing */
    if (api->raise_notification && api->host_provider) {
        IUnknown *provider = NULL;
        BSTR said = SysAllocString(text), activity = SysAllocString(L"bindfix.status");
        HRESULT hr = said && activity ? api->host_provider(ctl, (void **)&provider) : E_OUTOFMEMORY;
        if (SUCCEEDED(hr) && provider)
            hr = api->raise_notification(provider, BF_UIA_NOTIFICATION_OTHER, BF_UIA_PROCESSING_MOST_RECENT, said,
                                         activity);
        if (provider)
            provider->lpVtbl->Release(provider);
        SysFreeString(said);
        SysFreeString(activity);
        if (SUCCEEDED(hr))
            return BFSYS_ANNOUNCE_UIA;
        /* a UIA that refuses: the live region below still reaches the reader */
    }
    if (!GetPropW(ctl, BF_LIVE_PROP) && api->mark_live && SUCCEEDED(api->mark_live(ctl)))
        SetPropW(ctl, BF_LIVE_PROP, (HANDLE)1);
    if (!api->notify_win_event)
        return BFSYS_ANNOUNCE_NONE;
    api->notify_win_event(EVENT_OBJECT_LIVEREGIONCHANGED, ctl, OBJID_CLIENT, CHILDID_SELF);
    return BFSYS_ANNOUNCE_LIVE_REGION;
}

HRESULT bfsys_acc_describe(HWND ctl, const WCHAR *text)
{
    IAccPropServices *props = NULL;
    HRESULT hr = CoCreateInstance(&clsid_acc_prop_services, NULL, CLSCTX_INPROC_SERVER, &iid_acc_prop_services,
                                  (void **)&props);
    if (FAILED(hr))
        return hr;
    hr = IAccPropServices_SetHwndPropStr(props, ctl, (DWORD)OBJID_CLIENT, CHILDID_SELF, propid_acc_description, text);
    IAccPropServices_Release(props);
    if (SUCCEEDED(hr))
        SetPropW(ctl, BFSYS_DESCRIBED_PROP, (HANDLE)1);
    return hr;
}
