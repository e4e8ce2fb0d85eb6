#!/usr/bin/env python3
"""tables.py IN OUT N — for bench/tables.sh: a copy of run.sh's custom
archive IN (gzip, pg_dump -Fc) whose public.people rows are split into N
tables, people, people_2, ..., people_N, each with a TABLE and a TABLE DATA
entry of its own (people's, renamed, new dumpIds) and its part of the rows
deflated again at zlib's level 6 in chunks of 4 KiB; every data offset "not
set".  The same rows and bytes as IN, in N tables instead of one: what -j
across tables can spread over the cores."""
import os
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "tests", "cli"))
from pgarchive import Reader, Writer, blocks  # noqa: E402


def chunks(r):
    out = bytearray()
    while True:
        n = r.int()
        if n == 0:
            return bytes(out)
        out += r.take(n)


def renamed(e, k, dump_id, table_ids):
    """Copy k of people's entry e: its name, oid and dumpId; a TABLE
    DATA copy depends on the TABLE copy instead of people's."""
    e = dict(e)
    if e["strs1"][3] == b"TABLE DATA":
        e["deps"] = [b"%d" % table_ids[k] if d == b"%d" % table_ids[1] else d
                     for d in e["deps"]]
    name = b"people_%d" % k
    e["dump_id"] = dump_id
    s1 = list(e["strs1"])
    s1[1] = b"%d" % (990000 + k)      # the table's oid: its own
    s1[2] = name
    e["strs1"] = s1
    s2 = list(e["strs2"])
    for i, s in enumerate(s2[:3]):
        if s is not None:
            s2[i] = (s.replace(b"TABLE public.people (", b"TABLE public." + name + b" (")
                      .replace(b"TABLE public.people;", b"TABLE public." + name + b";")
                      .replace(b"COPY public.people (", b"COPY public." + name + b" ("))
    e["strs2"] = s2
    return e


def block(intsize, dump_id, text):
    o = Writer(intsize)
    o.out += bytes([1])
    o.int(dump_id)
    data = zlib.compress(text, 6)
    for at in range(0, len(data), 4096):
        piece = data[at:at + 4096]
        o.int(len(piece))
        o.out += piece
    o.int(0)
    return o.out


def main():
    src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    r = Reader(open(src, "rb").read())
    vmin, intsize, offsize = r.header()[:3]
    toc_start = r.pos
    count = r.int()
    entries = [r.entry(vmin, offsize) for _ in range(count)]
    top = max(e["dump_id"] for e in entries)
    w = Writer(intsize)
    w.int(count + 2 * (n - 1))
    data_ids = {}   # people's TABLE DATA dumpId -> the copies' dumpIds
    table_ids = {}  # copy number -> its TABLE entry's dumpId (1: people's)
    for e in entries:
        w.entry(e, vmin, offsize)
        tag, desc = e["strs1"][2], e["strs1"][3]
        ns = e["strs2"][3]
        if tag == b"people" and ns == b"public" and desc in (b"TABLE", b"TABLE DATA"):
            ids = []
            if desc == b"TABLE":
                table_ids[1] = e["dump_id"]
            for k in range(2, n + 1):
                top += 1
                ids.append(top)
                if desc == b"TABLE":
                    table_ids[k] = top
                w.entry(renamed(e, k, top, table_ids), vmin, offsize)
            if desc == b"TABLE DATA":
                data_ids[e["dump_id"]] = ids
    if len(data_ids) != 1:
        raise SystemExit("tables.py: no TABLE DATA for public.people")
    with open(dst, "wb") as f:
        f.write(r.data[:toc_start])
        f.write(w.out)
        for btype, blk in blocks(r):
            br = Reader(blk)
            br.intsize = intsize
            br.take(1)
            bid = br.int()
            if btype != 1 or bid not in data_ids:
                f.write(blk)
                continue
            text = zlib.decompress(chunks(br))
            end = text.rindex(b"\\.\n")
            rows, tail = text[:end], text[end:]
            cuts = [0]
            for k in range(1, n):
                at = rows.index(b"\n", len(rows) * k // n) + 1
                cuts.append(at)
            cuts.append(len(rows))
            ids = [bid] + data_ids[bid]
            for k in range(n):
                f.write(block(intsize, ids[k], rows[cuts[k]:cuts[k + 1]] + tail))


main()
