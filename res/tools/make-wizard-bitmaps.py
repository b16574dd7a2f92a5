#!/usr/bin/env python3
"""make-wizard-bitmaps.py - draws the repair wizard's Wizard97 bitmaps (24-bit BMP, no dependencies):
res/wizard-watermark.bmp (164 x 314, the exterior pages' left band) and res/wizard-header.bmp (49 x 49,
the interior pages' header). The motif is bindfix's three layers - adapters, resolver order, binds -
as three stacked bars, the last one mended. Run it again after changing it; the BMPs are committed."""
import os
import struct
import sys


def bmp(path, w, h, pixel):
    row = (w * 3 + 3) & ~3
    data = bytearray()
    for y in range(h - 1, -1, -1):          # bottom-up rows
        line = bytearray()
        for x in range(w):
            r, g, b = pixel(x, y)
            line += bytes((b, g, r))
        line += b"\0" * (row - w * 3)
        data += line
    head = struct.pack("<2sIHHI", b"BM", 14 + 40 + len(data), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(data), 2835, 2835, 0, 0)
    with open(path, "wb") as f:
        f.write(head + info + data)


def mix(a, b, t):
    return tuple(int(round(a[i] + (b[i] - a[i]) * t)) for i in range(3))


TOP, BOTTOM = (16, 52, 110), (40, 110, 170)
BARS = [(64, 160, 230), (120, 190, 240), (90, 200, 120)]


def bars(x, y, w, h, x0, y0, bw, bh, gap, base):
    """three rounded bars starting at (x0, y0); the last one green with a check mark"""
    for i, colour in enumerate(BARS):
        top = y0 + i * (bh + gap)
        if x0 <= x < x0 + bw and top <= y < top + bh:
            corner = min(x - x0, x0 + bw - 1 - x, y - top, top + bh - 1 - y)
            return colour if corner > 0 or bh < 6 else mix(colour, base, 0.5)
    return None


def watermark(x, y):
    base = mix(TOP, BOTTOM, y / 313)
    c = bars(x, y, 164, 314, 30, 200, 104, 14, 8, base)
    if c:
        # a check mark on the third bar: where the bind works again
        if 244 <= y < 258 and abs((x - 112) - (y - 250) * -1) <= 1 and x >= 112 and x < 122:
            return (255, 255, 255)
        return c
    return base


def header(x, y):
    base = (255, 255, 255)
    c = bars(x, y, 49, 49, 6, 8, 37, 8, 4, base)
    return c if c else base


def main():
    top = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    bmp(os.path.join(top, "wizard-watermark.bmp"), 164, 314, watermark)
    bmp(os.path.join(top, "wizard-header.bmp"), 49, 49, header)
    return 0


if __name__ == "__main__":
    sys.exit(main())
