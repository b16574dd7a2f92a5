/*
 * dpi.c - DPI helpers.
 *
 * The per-monitor functions (GetDpiForWindow, SystemParametersInfoForDpi, GetSystemMetricsForDpi,
 * SetProcessDpiAwarenessContext) exist from Windows 10 1607/1703 on, SetProcessDPIAware from Vista on;
 * bindfix also runs on XP SP3, Server 2003 SP2, 7 and 8.1, so they are looked up at run time (bfsys_proc)
 * and the system DPI is used where they are absent.
 */
#include "gui.h"

#include <stdlib.h>

typedef UINT(WINAPI *get_dpi_for_window_fn)(HWND);
typedef UINT(WINAPI *get_dpi_for_system_fn)(void);
typedef BOOL(WINAPI *spi_for_dpi_fn)(UINT, UINT, PVOID, UINT, UINT);
typedef int(WINAPI *metrics_for_dpi_fn)(int, UINT);
typedef BOOL(WINAPI *set_awareness_context_fn)(DPI_AWARENESS_CONTEXT);
typedef BOOL(WINAPI *set_aware_fn)(void);

static FARPROC user32_proc(const char *name)
{
    return bfsys_proc(L"user32.dll", name);
}

void bfgui_dpi_init_process(void)
{
    /* The manifest normally did this already; then the call fails with ERROR_ACCESS_DENIED, which is
     * harmless.  It matters when the manifest is ignored (an embedded copy stripped by a packer). */
    set_awareness_context_fn set_ctx =
        (set_awareness_context_fn)(void (*)(void))user32_proc("SetProcessDpiAwarenessContext");
    if (set_ctx) {
        if (!set_ctx(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2))
            (void)set_ctx(DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE);
        return;
    }
    /* Vista's; XP and 2003 have no DPI virtualization to opt out of */
    set_aware_fn set_aware = (set_aware_fn)(void (*)(void))user32_proc("SetProcessDPIAware");
    if (set_aware)
        set_aware();
}

UINT bfgui_dpi_for_system(void)
{
    get_dpi_for_system_fn fn = (get_dpi_for_system_fn)(void (*)(void))user32_proc("GetDpiForSystem");
    if (fn)
        return fn();
    HDC dc = GetDC(NULL);
    UINT dpi = dc ? (UINT)GetDeviceCaps(dc, LOGPIXELSY) : 96;
    if (dc)
        ReleaseDC(NULL, dc);
    return dpi ? dpi : 96;
}

UINT bfgui_dpi_for_window(HWND hwnd)
{
    get_dpi_for_window_fn fn = (get_dpi_for_window_fn)(void (*)(void))user32_proc("GetDpiForWindow");
    if (fn && hwnd) {
        UINT dpi = fn(hwnd);
        if (dpi)
            return dpi;
    }
    return bfgui_dpi_for_system();
}

int bfgui_scale(int px96, UINT dpi)
{
    return MulDiv(px96, (int)dpi, 96);
}

int bfgui_metric(int index, UINT dpi)
{
    metrics_for_dpi_fn fn = (metrics_for_dpi_fn)(void (*)(void))user32_proc("GetSystemMetricsForDpi");
    if (fn)
        return fn(index, dpi);
    return MulDiv(GetSystemMetrics(index), (int)dpi, (int)bfgui_dpi_for_system());
}

/* The message font's LOGFONT at dpi (false when the system gives none). */
static bool message_logfont(UINT dpi, LOGFONTW *out)
{
    NONCLIENTMETRICSW ncm;
    ZeroMemory(&ncm, sizeof ncm);
    ncm.cbSize = sizeof ncm;
    spi_for_dpi_fn spi = (spi_for_dpi_fn)(void (*)(void))user32_proc("SystemParametersInfoForDpi");
    if (spi && spi(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0, dpi)) {
        *out = ncm.lfMessageFont;
        return true;
    }
    if (!SystemParametersInfoW(SPI_GETNONCLIENTMETRICS, sizeof ncm, &ncm, 0))
        return false;
    /* The system value is at the system DPI: rescale it to the window's. */
    ncm.lfMessageFont.lfHeight = MulDiv(ncm.lfMessageFont.lfHeight, (int)dpi, (int)bfgui_dpi_for_system());
    *out = ncm.lfMessageFont;
    return true;
}

HFONT bfgui_create_mono_font(UINT dpi)
{
    /* as tall as the message font at dpi, so that it follows the text-size setting as the labels around
     * it do; 9 pt where the system names no message font */
    LOGFONTW ui, lf;
    ZeroMemory(&lf, sizeof lf);
    lf.lfHeight = message_logfont(dpi, &ui) && ui.lfHeight ? ui.lfHeight : -MulDiv(9, (int)dpi, 72);
    lf.lfWeight = FW_NORMAL;
    lf.lfCharSet = DEFAULT_CHARSET;     /* non-Latin names: font linking finds their glyphs */
    lf.lfQuality = DEFAULT_QUALITY;
    lf.lfPitchAndFamily = FIXED_PITCH | FF_MODERN;
    wcscpy(lf.lfFaceName, L"Courier New");
    return CreateFontIndirectW(&lf);
}

HFONT bfgui_create_ui_font(UINT dpi)
{
    LOGFONTW lf;
    return message_logfont(dpi, &lf) ? CreateFontIndirectW(&lf) : NULL;
}

int bfgui_text_height(HWND win, HFONT font, int w, int fallback)
{
    int len = GetWindowTextLengthW(win);
    WCHAR small[512], *text = len < (int)BF_COUNTOF(small) ? small : malloc(((size_t)len + 1) * sizeof(WCHAR));
    if (!text)
        return fallback;
    text[0] = 0;
    GetWindowTextW(win, text, len + 1);
    RECT r = {0, 0, w > 1 ? w : 1, 0};
    HDC dc = GetDC(win);
    int h = fallback;
    if (dc) {
        HGDIOBJ old = SelectObject(dc, font ? (HGDIOBJ)font : GetStockObject(DEFAULT_GUI_FONT));
        /* an empty text still takes one line, as the control draws nothing but keeps its place */
        if (DrawTextW(dc, text[0] ? text : L" ", -1, &r, DT_CALCRECT | DT_WORDBREAK | DT_NOPREFIX | DT_EXPANDTABS |
                                                             DT_EDITCONTROL))
            h = r.bottom - r.top;
        if (old)
            SelectObject(dc, old);
        ReleaseDC(win, dc);
    }
    if (text != small)
        free(text);
    return h;
}

int bfgui_widest_word(HWND win, HFONT font, const WCHAR *text)
{
    HDC dc = GetDC(win);
    if (!dc)
        return 0;
    HGDIOBJ old = SelectObject(dc, font ? (HGDIOBJ)font : GetStockObject(DEFAULT_GUI_FONT));
    int widest = 0;
    /* DrawText's DT_WORDBREAK breaks a line only at spaces and tabs (and at line ends): the runs between
     * them are what must fit whole */
    for (const WCHAR *p = text ? text : L""; *p;) {
        while (*p == L' ' || *p == L'\t' || *p == L'\r' || *p == L'\n')
            p++;
        const WCHAR *start = p;
        while (*p && *p != L' ' && *p != L'\t' && *p != L'\r' && *p != L'\n')
            p++;
        SIZE sz;
        if (p > start && GetTextExtentPoint32W(dc, start, (int)(p - start), &sz) && sz.cx > widest)
            widest = sz.cx;
    }
    if (old)
        SelectObject(dc, old);
    ReleaseDC(win, dc);
    return widest;
}
