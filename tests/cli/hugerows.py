#!/usr/bin/env python3
"""hugerows.py IN OUT TABLE ROWS SIZE [BAD,...] — write a copy of an uncompressed custom
archive (pg_dump -Fc -Z0) whose TABLE DATA block for TABLE (its tag, e.g.
people) holds ROWS copies of its first row, each with its last field grown
to SIZE bytes (text with an e-mail address at its start, so that a
regex_replace rule rewrites it), in chunks of 4 KiB, every data offset "not
set": rows far longer than a compression block, for the tests of -j
without a database.  The rows numbered BAD (from 1) get one field too
many."""
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
    src, dst, table, nrows, size = sys.argv[1:6]
    nrows, size = int(nrows), int(size)
    bad = {int(b) for b in sys.argv[6].split(",")} if len(sys.argv) > 6 else set()
    r = Reader(open(src, "rb").read())
    vmin, intsize, offsize, _fmt, level, alg = r.header()[:6]
    if (level or 0) != 0 or (alg or 0) != 0:
        raise SystemExit("hugerows.py: the archive must be uncompressed")
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
        raise SystemExit("hugerows.py: no TABLE DATA for %s" % table)
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
            first = text[:text.index(b"\n")].split(b"\t")
            end = text.index(b"\\.\n")
            tail = text[end:]
            o = Writer(intsize)
            o.out += bytes([1])
            o.int(ids)
            for i in range(nrows):
                # Every row its own value: the rows do not compress to
                # nothing, and a reordering would show.
                head = b"row%d.someone@example.org " % i
                filler = (b"lorem ipsum %d dolor " % i) * (size // 16 + 1)
                first[-1] = (head + filler)[:size]
                row = b"\t".join(first) + (b"\textra" if i + 1 in bad else b"") + b"\n"
                for at in range(0, len(row), 4096):
                    piece = row[at:at + 4096]
                    o.int(len(piece))
                    o.out += piece
            o.int(len(tail))
            o.out += tail
            o.int(0)
            f.write(o.out)


main()
