#!/usr/bin/env python3
"""bigtable.py IN OUT TABLE FACTOR — write a copy of an uncompressed custom
archive (pg_dump -Fc -Z0) whose TABLE DATA block for TABLE (its tag, e.g.
people) holds its rows FACTOR times over, in chunks of 4 KiB, every data
offset "not set": a table of several megabytes for the tests of -j
(several compression blocks per stream) without a database."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, Writer, blocks  # noqa: E402


def chunks(r):
    """The payload of one stream: its chunks' bytes joined."""
    out = bytearray()
    while True:
        n = r.int()
        if n == 0:
            return bytes(out)
        out += r.take(n)


def main():
    src, dst, table, factor = sys.argv[1:5]
    factor = int(factor)
    r = Reader(open(src, "rb").read())
    vmin, intsize, offsize, _fmt, level, alg = r.header()[:6]
    if (level or 0) != 0 or (alg or 0) != 0:
        raise SystemExit("bigtable.py: the archive must be uncompressed")
    toc_start = r.pos
    w = Writer(intsize)
    count = r.int()
    w.int(count)
    ids = None
    for _ in range(count):
        e = r.entry(vmin, offsize)
        if e["strs1"][3] == b"TABLE DATA" and e["strs1"][2] == table.encode():
            ids = e["dump_id"]
        w.entry(e, vmin, offsize)
    if ids is None:
        raise SystemExit("bigtable.py: no TABLE DATA for %s" % table)
    header = r.data[:toc_start]
    with open(dst, "wb") as f:
        f.write(header)
        f.write(w.out)
        for btype, blk in blocks(r):
            br = Reader(blk)
            br.intsize = intsize
            br.take(1)
            if btype != 1 or br.int() != ids:
                f.write(blk)
                continue
            text = chunks(br)
            end = text.index(b"\\.\n")
            rows, tail = text[:end], text[end:]
            data = rows * factor + tail
            o = Writer(intsize)
            o.out += bytes([1])
            o.int(ids)
            for at in range(0, len(data), 4096):
                piece = data[at:at + 4096]
                o.int(len(piece))
                o.out += piece
            o.int(0)
            f.write(o.out)


main()
