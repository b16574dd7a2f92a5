/*
 * settings.c - what the console remembers between runs, under HKCU\Software\bindfix: the window's
 * placement, the widths of the scope and Actions panes, and each view's column widths (all in 96-DPI
 * pixels, so that they mean the same at another DPI). A value that is missing or of the wrong size
 * is ignored: the defaults apply. ServiceTimeoutMs (REG_DWORD, set by the administrator, as the CLI's
 * --service-timeout): how long a repair waits for each service to stop or start. DnsQuery (REG_DWORD):
 * View > Check DNS registration in scans, remembered because an administrator who turned the query on
 * (it leaves the machine: off until asked) means it for the next run too.
 */
#include "gui.h"

#define BF_SETTINGS_KEY L"Software\\bindfix"

/* One value of the given type into data; *got: its size. RegOpenKeyExW + RegQueryValueExW rather than
 * RegGetValueW, which 32-bit XP lacks (Vista, Server 2003 SP1, XP x64). */
static LSTATUS get_value(const WCHAR *name, DWORD want_type, void *data, DWORD *got)
{
    HKEY key;
    DWORD type = 0;
    LSTATUS rc = RegOpenKeyExW(HKEY_CURRENT_USER, BF_SETTINGS_KEY, 0, KEY_QUERY_VALUE, &key);
    if (rc != ERROR_SUCCESS)
        return rc;
    rc = RegQueryValueExW(key, name, NULL, &type, data, got);
    RegCloseKey(key);
    return rc == ERROR_SUCCESS && type != want_type ? ERROR_UNSUPPORTED_TYPE : rc;
}

static bool get_binary(const WCHAR *name, void *data, DWORD size)
{
    DWORD got = size;
    return get_value(name, REG_BINARY, data, &got) == ERROR_SUCCESS && got == size;
}

static int get_binary_prefix(const WCHAR *name, void *data, DWORD max)
{
    DWORD got = max;
    return get_value(name, REG_BINARY, data, &got) == ERROR_SUCCESS ? (int)got : 0;
}

static void put_binary(const WCHAR *name, const void *data, DWORD size)
{
    HKEY key;
    if (RegCreateKeyExW(HKEY_CURRENT_USER, BF_SETTINGS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) !=
        ERROR_SUCCESS)
        return;     /* not remembering is not an error worth a message */
    RegSetValueExW(key, name, 0, REG_BINARY, data, size);
    RegCloseKey(key);
}

bool bfgui_settings_get_placement(WINDOWPLACEMENT *wp)
{
    WINDOWPLACEMENT got;
    if (!get_binary(L"Placement", &got, sizeof got) || got.length != sizeof got)
        return false;
    *wp = got;
    return true;
}

void bfgui_settings_put_placement(const WINDOWPLACEMENT *wp)
{
    put_binary(L"Placement", wp, sizeof *wp);
}

bool bfgui_settings_get_panes(int *scope_w96, int *actions_w96, bool *actions_shown)
{
    INT32 v[3];
    if (!get_binary(L"Panes", v, sizeof v))
        return false;
    if (v[0] < 60 || v[0] > 2000 || v[1] < 60 || v[1] > 2000)
        return false;
    *scope_w96 = v[0];
    *actions_w96 = v[1];
    *actions_shown = v[2] != 0;
    return true;
}

void bfgui_settings_put_panes(int scope_w96, int actions_w96, bool actions_shown)
{
    INT32 v[3] = {scope_w96, actions_w96, actions_shown ? 1 : 0};
    put_binary(L"Panes", v, sizeof v);
}

int bfgui_settings_get_columns(bf_node node, int *w96, int max)
{
    WCHAR name[32];
    INT32 v[BF_RESULT_MAX_COLUMNS];
    wsprintfW(name, L"Columns%d", (int)node);
    int got = get_binary_prefix(name, v, sizeof v) / (int)sizeof v[0];
    int n = 0;
    for (int i = 0; i < got && i < max; i++) {
        if (v[i] < 0 || v[i] > 4000)
            return 0;
        w96[n++] = v[i];
    }
    return n;
}

void bfgui_settings_put_columns(bf_node node, const int *w96, int n)
{
    WCHAR name[32];
    INT32 v[BF_RESULT_MAX_COLUMNS];
    if (n > BF_RESULT_MAX_COLUMNS)
        n = BF_RESULT_MAX_COLUMNS;
    for (int i = 0; i < n; i++)
        v[i] = w96[i];
    wsprintfW(name, L"Columns%d", (int)node);
    put_binary(name, v, (DWORD)(n * (int)sizeof v[0]));
}

int bfgui_settings_service_timeout_ms(void)
{
    DWORD v = 0, got = sizeof v;
    if (get_value(L"ServiceTimeoutMs", REG_DWORD, &v, &got) != ERROR_SUCCESS || got != sizeof v || v < 1 || v > 600000)
        return 30000;   /* the CLI's default too */
    return (int)v;
}

bool bfgui_settings_get_dns(void)
{
    DWORD v = 0, got = sizeof v;
    return get_value(L"DnsQuery", REG_DWORD, &v, &got) == ERROR_SUCCESS && got == sizeof v && v == 1;
}

void bfgui_settings_put_dns(bool on)
{
    HKEY key;
    DWORD v = on ? 1 : 0;
    if (RegCreateKeyExW(HKEY_CURRENT_USER, BF_SETTINGS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) !=
        ERROR_SUCCESS)
        return;     /* not remembering is not an error worth a message */
    RegSetValueExW(key, L"DnsQuery", 0, REG_DWORD, (const BYTE *)&v, sizeof v);
    RegCloseKey(key);
}
