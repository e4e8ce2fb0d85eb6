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
import sys

def main():
    data = open(sys.argv[1], "rb").read()
    target = int(sys.argv[3])
    pos = 0

    def take(n):
        nonlocal pos
        b = data[pos:pos + n]
        if len(b) != n:
            raise SystemExit("reversion.py: archive cut short")
        pos += n
        return b

    assert take(5) == b"PGDMP"
    vmaj, vmin, vrev, intsize, offsize, fmt = take(6)

    def read_int():
        b = take(1 + intsize)
        v = int.from_bytes(b[1:], "little")
        return -v if b[0] else v

    def read_str():
        n = read_int()
        return None if n < 0 else take(n)

    def enc_int(v):
        return bytes([1 if v < 0 else 0]) + abs(v).to_bytes(intsize, "little")

    def enc_str(s):
        return enc_int(-1) if s is None else enc_int(len(s)) + s

    if vmin < 15:
        level = read_int()
        alg = 0 if level == 0 else 1
    else:
        alg = take(1)[0]
        level = 0 if alg == 0 else -1
    if target < 15 and alg not in (0, 1):
        raise SystemExit("reversion.py: 1.%d cannot hold lz4/zstd" % target)
    tm = [read_int() for _ in range(7)]
    strs = [read_str() for _ in range(3)]
    out = bytearray(b"PGDMP" + bytes([1, target, 0, intsize, offsize, fmt]))
    out += enc_int(level) if target < 15 else bytes([alg])
    for v in tm:
        out += enc_int(v)
    for s in strs:
        out += enc_str(s)
    count = read_int()
    out += enc_int(count)
    for _ in range(count):
        dump_id = read_int()
        had = read_int()
        f = [read_str() for _ in range(4)]        # tableoid oid tag desc
        section = read_int()
        g = [read_str() for _ in range(5)]        # defn drop copy ns tblspc
        tableam = read_str() if vmin >= 14 else None
        relkind = read_int() if vmin >= 16 else 0
        owner, withoids = read_str(), read_str()
        deps = []
        while True:
            d = read_str()
            if d is None:
                break
            deps.append(d)
        flag = take(1)[0]
        take(offsize)
        out += enc_int(dump_id) + enc_int(had)
        for s in f:
            out += enc_str(s)
        out += enc_int(section)
        for s in g:
            out += enc_str(s)
        if target >= 14:
            out += enc_str(tableam)
        if target >= 16:
            out += enc_int(relkind)
        out += enc_str(owner) + enc_str(withoids)
        for d in deps:
            out += enc_str(d)
        out += enc_int(-1)
        out += bytes([3 if flag == 3 else 1]) + bytes(offsize)
    out += data[pos:]
    open(sys.argv[2], "wb").write(out)

main()
