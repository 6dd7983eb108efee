#!/usr/bin/env python3
"""Writes one digit of an MNIST IDX image file as a PNG (a dark digit on white, scaled up), to try
`./rnn mnist predict` on:

    scripts/mnist-digit-png.py IMAGES.idx3-ubyte[.gz] INDEX OUT.png [SCALE]

Standard library only. Example (the first test digit of the sample shipped with the module, a 7):

    scripts/mnist-digit-png.py mnist-classifier/src/main/resources/org/rnnsuite/mnist/sample/t10k-images-idx3-ubyte.gz 0 digit.png
"""
import gzip
import os
import struct
import sys
import tempfile
import zlib


def read_image(path, index):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        if magic != 2051:
            raise SystemExit(f"error: {path} is not an IDX image file (magic {magic}, expected 2051)")
        if not 0 <= index < count:
            raise SystemExit(f"error: index {index} is outside 0..{count - 1} of {path}")
        f.seek(16 + index * rows * cols) if opener is open else f.read(index * rows * cols)
        pixels = f.read(rows * cols)
    return rows, cols, pixels


def png(width, height, rows):
    raw = b"".join(b"\x00" + bytes(r) for r in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    if len(sys.argv) not in (4, 5):
        raise SystemExit(__doc__.strip().split("\n\n")[1].strip())
    path, out = sys.argv[1], sys.argv[3]
    try:
        index = int(sys.argv[2])
        scale = int(sys.argv[4]) if len(sys.argv) == 5 else 4
    except ValueError:
        raise SystemExit("error: INDEX and SCALE must be whole numbers")
    if not 1 <= scale <= 64:
        raise SystemExit("error: SCALE must be between 1 and 64")
    if not os.path.isfile(path):
        raise SystemExit(f"error: no IDX file {path}")
    h, w, pixels = read_image(path, index)
    rows = []
    for r in range(h):
        line = [255 - pixels[r * w + c] for c in range(w) for _ in range(scale)]   # dark digit on white
        rows.extend([line] * scale)
    data = png(w * scale, h * scale, rows)
    directory = os.path.dirname(os.path.abspath(out))
    fd, tmp = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(out) + ".", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, out)
    print(f"wrote {out}: digit {index} of {path}, {w * scale} x {h * scale}")


if __name__ == "__main__":
    main()
