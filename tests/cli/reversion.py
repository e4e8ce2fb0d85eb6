#!/usr/bin/env python3
"""reversion.py IN OUT MINOR — rewrite a custom-format archive as archive
version 1.MINOR (12 to 16) with exactly that version's field set:

  1.12/1.13: compression level Int in the header, no tableam, no relkind
  1.14:      + TOC tableam string
  1.15:      compression algorithm byte replaces the level Int
  1.16:      + TOC relkind Int

The data blocks are copied as they are (their format is the same in every
version) and every data offset is set to "not set", so pg_restore scans.
pg_dump 16 (1.15) and pg_dump 9.x-11 (1.12/1.13) are not on this machine;
this makes their archives from real ones for the tests.  Going down from
1.16 loses relkind, which nothing needs; going from 1.14 up invents relkind
0, as pg_dump writes for entries other than tables."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, Writer  # noqa: E402


def main():
    r = Reader(open(sys.argv[1], "rb").read())
    target = int(sys.argv[3])
    vmin, intsize, offsize, fmt, level, alg, tm, strs = r.header()
    if alg is None:
        alg = 0 if level == 0 else 1
    if level is None:
        level = 0 if alg == 0 else -1
    if target < 15 and alg not in (0, 1):
        raise SystemExit("reversion.py: 1.%d cannot hold lz4/zstd" % target)
    w = Writer(intsize)
    w.out += b"PGDMP" + bytes([1, target, 0, intsize, offsize, fmt])
    if target < 15:
        w.int(level)
    else:
        w.out += bytes([alg])
    for v in tm:
        w.int(v)
    for s in strs:
        w.str(s)
    count = r.int()
    w.int(count)
    for _ in range(count):
        w.entry(r.entry(vmin, offsize), target, offsize)
    w.out += r.data[r.pos:]
    open(sys.argv[2], "wb").write(w.out)


main()
