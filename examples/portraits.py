"""Writes the example site's candidate portraits (static/images/candidates/).

Abstract, generated portraits: a head and shoulders in two colours on a
gradient, one palette per name, so the example site shows photos without
anyone's face or a download. Python's standard library only; the same
names give the same bytes. The images are dedicated to the public domain
(CC0 1.0), like everything this script makes.

    python3 examples/portraits.py
"""

import hashlib
import struct
import zlib
from pathlib import Path

SIZE = 320
NAMES = [
    "david-r", "carlos-b", "arnold-e",  # backend developers
]


def palette(name):
    h = hashlib.sha256(name.encode()).digest()
    bg1 = (60 + h[0] % 120, 60 + h[1] % 120, 120 + h[2] % 120)
    bg2 = (30 + h[3] % 80, 30 + h[4] % 80, 60 + h[5] % 100)
    skin = (150 + h[6] % 90, 110 + h[7] % 80, 80 + h[8] % 70)
    shirt = (h[9] % 200, h[10] % 200, h[11] % 200)
    hair = (h[12] % 90, h[13] % 70, h[14] % 60)
    return bg1, bg2, skin, shirt, hair


def mix(a, b, t):
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))


def pixel(x, y, colours):
    bg1, bg2, skin, shirt, hair = colours
    cx, s = SIZE / 2, SIZE
    # Shoulders: an ellipse at the bottom.
    if ((x - cx) / (0.42 * s)) ** 2 + ((y - 1.02 * s) / (0.36 * s)) ** 2 <= 1:
        return shirt
    # Hair behind the head, then the head.
    head = ((x - cx) / (0.17 * s)) ** 2 + ((y - 0.42 * s) / (0.21 * s)) ** 2
    if ((x - cx) / (0.19 * s)) ** 2 + ((y - 0.37 * s) / (0.2 * s)) ** 2 <= 1 and y < 0.42 * s:
        return hair
    if head <= 1:
        return skin
    if abs(x - cx) < 0.07 * s and 0.55 * s < y < 0.72 * s:
        return mix(skin, (0, 0, 0), 0.12)
    return mix(bg1, bg2, (x + y) / (2 * s))


def png(colours):
    rows = bytearray()
    for y in range(SIZE):
        rows.append(0)
        for x in range(SIZE):
            rows.extend(pixel(x, y, colours))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def main():
    out = Path(__file__).resolve().parent.parent / "static" / "images" / "candidates"
    out.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        (out / f"{name}.png").write_bytes(png(palette(name)))


if __name__ == "__main__":
    main()
