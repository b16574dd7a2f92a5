#!/usr/bin/env python3
"""make-icons.py - draws bindfix's icons and writes them as multi-size .ico files.

Run from the repository top:  python3 res/tools/make-icons.py
Writes res/bindfix.ico (16, 20, 24, 32, 40, 48, 64, 256) and the status icons shown in the lists,
res/status-ok.ico, res/status-warning.ico, res/status-error.ico (16, 20, 24, 32, 40, 48).

Why a script and not a drawing program: the icons are part of the source, reviewable and reproducible
with nothing but the Python standard library (no PIL, no ImageMagick). Shapes are described in a
0..1 coordinate space and rasterised with 4x4 supersampling per size, so each size is drawn for its
own pixel grid instead of being scaled from the largest one.

Status icons differ by SHAPE as well as colour (circle with a tick, triangle with "!", octagon with
a cross) so that they stay distinguishable for colour-blind users and in high-contrast themes; the lists
also say the status in words.

Entries of 256 px are stored as PNG (as Windows Vista+ expects); smaller ones as 32-bit BMP DIBs with an
AND mask, which every Windows version reads.
"""
import math
import os
import struct
import sys
import zlib

SS = 4  # supersampling per axis


# ---- geometry: each shape is a function (x, y) -> bool in the unit square -------------------------

def circle(cx, cy, r):
    return lambda x, y: (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def rect(x0, y0, x1, y1):
    return lambda x, y: x0 <= x <= x1 and y0 <= y <= y1


def rounded_rect(x0, y0, x1, y1, r):
    def inside(x, y):
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            return False
        cx = min(max(x, x0 + r), x1 - r)
        cy = min(max(y, y0 + r), y1 - r)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r
    return inside


def polygon(points):
    """Even-odd rule point-in-polygon."""
    def inside(x, y):
        hit = False
        n = len(points)
        for i in range(n):
            xa, ya = points[i]
            xb, yb = points[(i + 1) % n]
            if (ya > y) != (yb > y):
                xc = xa + (y - ya) * (xb - xa) / (yb - ya)
                if x < xc:
                    hit = not hit
        return hit
    return inside


def segment(xa, ya, xb, yb, w):
    """Thick line with round caps."""
    dx, dy = xb - xa, yb - ya
    ll = dx * dx + dy * dy

    def inside(x, y):
        t = ((x - xa) * dx + (y - ya) * dy) / ll if ll else 0.0
        t = min(1.0, max(0.0, t))
        px, py = xa + t * dx, ya + t * dy
        return (x - px) ** 2 + (y - py) ** 2 <= (w / 2) ** 2
    return inside


def regular_polygon(cx, cy, r, n, rot):
    return polygon([(cx + r * math.cos(rot + 2 * math.pi * i / n),
                     cy + r * math.sin(rot + 2 * math.pi * i / n)) for i in range(n)])


# ---- rasteriser --------------------------------------------------------------------------------------

def render(layers, size):
    """layers: list of (shape, (r, g, b, a)) painted in order. Returns rows of RGBA tuples, top first."""
    px = []
    for j in range(size):
        row = []
        for i in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]  # premultiplied
            for sj in range(SS):
                for si in range(SS):
                    x = (i + (si + 0.5) / SS) / size
                    y = (j + (sj + 0.5) / SS) / size
                    r = g = b = a = 0.0
                    for shape, (cr, cg, cb, ca) in layers:
                        if shape(x, y):
                            fa = ca / 255.0
                            r = cr * fa + r * (1 - fa)
                            g = cg * fa + g * (1 - fa)
                            b = cb * fa + b * (1 - fa)
                            a = fa + a * (1 - fa)
                    acc[0] += r
                    acc[1] += g
                    acc[2] += b
                    acc[3] += a
            n = SS * SS
            a = acc[3] / n
            if a > 0:
                row.append((round(acc[0] / n / a), round(acc[1] / n / a), round(acc[2] / n / a),
                            round(a * 255)))
            else:
                row.append((0, 0, 0, 0))
        px.append(row)
    return px


# ---- the drawings --------------------------------------------------------------------------------------

def app_icon(size):
    """Three panes side by side (adapters | resolver order | bind status) on a blue tile, with a
    green tick badge: the overview that the program opens on."""
    layers = [
        (rounded_rect(0.04, 0.06, 0.96, 0.94, 0.12), (0x1d, 0x4f, 0x91, 255)),
        (rounded_rect(0.04, 0.06, 0.96, 0.24, 0.10), (0x2c, 0x6f, 0xc4, 255)),
    ]
    panes = [(0.12, 0.34), (0.39, 0.61), (0.66, 0.88)]
    for x0, x1 in panes:
        layers.append((rect(x0, 0.32, x1, 0.84), (255, 255, 255, 255)))
        if size >= 24:
            for k in range(3):
                y = 0.42 + 0.12 * k
                layers.append((rect(x0 + 0.035, y, x1 - 0.035, y + 0.05), (0x9a, 0xb3, 0xd5, 255)))
    # a red mark on the first line of the middle pane: the address that cannot be bound
    if size >= 24:
        layers.append((rect(0.39 + 0.035, 0.42, 0.61 - 0.035, 0.47), (0xc6, 0x28, 0x28, 255)))
    # badge; below 24 px it would be a smudge, the three panes alone read better
    if size >= 24:
        layers.append((circle(0.77, 0.77, 0.21), (255, 255, 255, 255)))
        layers.append((circle(0.77, 0.77, 0.175), (0x2e, 0x7d, 0x32, 255)))
        w = 0.055 if size >= 32 else 0.07
        layers.append((segment(0.69, 0.77, 0.75, 0.84, w), (255, 255, 255, 255)))
        layers.append((segment(0.75, 0.84, 0.86, 0.70, w), (255, 255, 255, 255)))
    return render(layers, size)


def ok_icon(size):
    w = 0.14 if size <= 20 else 0.12
    return render([
        (circle(0.5, 0.5, 0.47), (0x1b, 0x5e, 0x20, 255)),
        (circle(0.5, 0.5, 0.41), (0x2e, 0x9d, 0x3a, 255)),
        (segment(0.27, 0.52, 0.43, 0.68, w), (255, 255, 255, 255)),
        (segment(0.43, 0.68, 0.74, 0.34, w), (255, 255, 255, 255)),
    ], size)


def warning_icon(size):
    tri_outer = polygon([(0.5, 0.03), (0.98, 0.92), (0.02, 0.92)])
    tri_inner = polygon([(0.5, 0.13), (0.89, 0.86), (0.11, 0.86)])
    return render([
        (tri_outer, (0x7a, 0x55, 0x00, 255)),
        (tri_inner, (0xf9, 0xc2, 0x1a, 255)),
        (segment(0.5, 0.36, 0.5, 0.60, 0.12), (0x20, 0x20, 0x20, 255)),
        (circle(0.5, 0.74, 0.065), (0x20, 0x20, 0x20, 255)),
    ], size)


def error_icon(size):
    w = 0.14 if size <= 20 else 0.12
    return render([
        (regular_polygon(0.5, 0.5, 0.50, 8, math.pi / 8), (0x7f, 0x10, 0x10, 255)),
        (regular_polygon(0.5, 0.5, 0.44, 8, math.pi / 8), (0xd3, 0x2f, 0x2f, 255)),
        (segment(0.33, 0.33, 0.67, 0.67, w), (255, 255, 255, 255)),
        (segment(0.67, 0.33, 0.33, 0.67, w), (255, 255, 255, 255)),
    ], size)


# ---- ICO writing -------------------------------------------------------------------------------------

def png_bytes(px):
    size = len(px)
    raw = b"".join(b"\x00" + bytes(c for p in row for c in p) for row in px)

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def dib_bytes(px):
    size = len(px)
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    xor = b"".join(bytes((b, g, r, a)) for row in reversed(px) for (r, g, b, a) in row)
    mask_stride = ((size + 31) // 32) * 4
    mask = bytearray()
    for row in reversed(px):
        bits = bytearray(mask_stride)
        for i, (_, _, _, a) in enumerate(row):
            if a == 0:
                bits[i // 8] |= 0x80 >> (i % 8)
        mask += bits
    return header + xor + bytes(mask)


def write_ico(path, images):
    """images: list of (size, rows)."""
    blobs = [png_bytes(px) if size >= 256 else dib_bytes(px) for size, px in images]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for (size, _), blob in zip(images, blobs):
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    out += b"".join(blobs)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(out)
    os.replace(tmp, path)


def main():
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    jobs = [
        ("bindfix.ico", app_icon, [16, 20, 24, 32, 40, 48, 64, 256]),
        ("status-ok.ico", ok_icon, [16, 20, 24, 32, 40, 48]),
        ("status-warning.ico", warning_icon, [16, 20, 24, 32, 40, 48]),
        ("status-error.ico", error_icon, [16, 20, 24, 32, 40, 48]),
    ]
    only = set(sys.argv[1:])
    for name, draw, sizes in jobs:
        if only and name not in only:
            continue
        write_ico(os.path.join(top, name), [(s, draw(s)) for s in sizes])
        print("wrote", os.path.join(top, name))


if __name__ == "__main__":
    main()
