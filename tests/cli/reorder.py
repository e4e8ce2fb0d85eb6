#!/usr/bin/env python3
"""reorder.py IN OUT — write a copy of a custom-format archive whose first two
TABLE DATA blocks are swapped, with every data offset set to "not set"
(flag 1), as a test input for out-of-order handling.  pg_dump never writes
such an archive; pg_restore reads it from a file but not from a pipe."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, Writer, blocks  # noqa: E402


def main():
    r = Reader(open(sys.argv[1], "rb").read())
    vmin, intsize, offsize = r.header()[:3]
    toc_start = r.pos
    w = Writer(intsize)
    count = r.int()
    w.int(count)
    for _ in range(count):
        w.entry(r.entry(vmin, offsize), vmin, offsize)
    header = r.data[:toc_start]
    bl = blocks(r)
    tables = [i for i, (t, _) in enumerate(bl) if t == 1]
    if len(tables) < 2:
        raise SystemExit("reorder.py: fewer than two table data blocks")
    a, b = tables[0], tables[1]
    bl[a], bl[b] = bl[b], bl[a]
    with open(sys.argv[2], "wb") as f:
        f.write(header)
        f.write(w.out)
        for _, blk in bl:
            f.write(blk)


main()
