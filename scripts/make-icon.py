#!/usr/bin/env python3
"""Draws the Tsunagu icon (two linked rings on an indigo tile) as a PNG, without third-party libraries."""
import math
import struct
import sys
import zlib


def pixel(x, y, size):
    s = size
    r = s * 0.18  # corner radius of the tile
    cx, cy = min(max(x, r), s - r), min(max(y, r), s - r)
    if math.hypot(x - cx, y - cy) > r:
        return (0, 0, 0, 0)
    bg = (38, 54, 120, 255)
    ring = (245, 240, 230, 255)
    accent = (232, 120, 80, 255)
    for (ox, colour) in ((0.38, ring), (0.62, accent)):
        d = math.hypot(x - s * ox, y - s * 0.5)
        if abs(d - s * 0.17) < s * 0.045:
            return colour
    return bg


def png(size):
    rows = b"".join(
        b"\x00" + b"".join(struct.pack("4B", *pixel(x + 0.5, y + 0.5, size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    size = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    with open(sys.argv[1], "wb") as f:
        f.write(png(size))
