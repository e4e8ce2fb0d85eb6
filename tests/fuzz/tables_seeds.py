#!/usr/bin/env python3
"""tables_seeds.py FIXTURES_ARCHIVES OUTDIR — the hand-made seeds of
fuzz_locate and fuzz_jobs (issue 13, "several tables at once"): custom
archives with several tables to rewrite, whose blocks are where the data
offsets say, or not.

From pg17-gzip-file.dump (pg_dump -f: offsets set) a smaller archive is
cut ("small": the entries the fuzz targets' rules name, their types, the
large objects and the foreign key; about 16 KB), the same from the
none, lz4 and zstd ones (small-none, small-lz4, small-zstd;
small-none-notset with every offset "not set"), and from the gzip one:
  small-notset         every offset "not set" (as through a pipe)
  wrong-offsets        the first two data entries' offsets swapped
  one-block-twice      the second data entry's offset is the first's
  offset-past-eof      one offset past the end, one 2^64 - 1
  offset-into-toc      one offset at a TOC entry
  out-of-order         the first two blocks swapped, offsets right
  out-of-order-notset  the same, offsets "not set"
  mixed-flags          one offset "not set", the others right
  gap                  junk between two blocks, offsets right
  trailing             junk after the last block, offsets right
  second-block         a block repeated at the end, offsets right
  missing-block        a block left out, the others' offsets right
  cut                  cut in the middle of the last block, offsets set
Each is written as OUTDIR/seed-NAME.  pg_dump never writes most of them.

tables_seeds.py --fake-head FIXTURES_ARCHIVES OUT writes a known -j
difference, kept out of the corpus: pg17-none-file.dump with a block head
and stream for public.texts (no rows) written over the payload of a kept
table's block, and texts' offset pointing at it.  -j 1 reads the blocks in
order and never sees it (success); -j 2 and more take pg_dump's offsets,
read it as texts' block, and fail at the end (the blocks do not lie end to
end), where pg_restore would read it.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "cli"))
from pgarchive import Reader, Writer, blocks  # noqa: E402

KEEP_DESC = {b"ENCODING", b"STDSTRINGS", b"SEARCHPATH", b"SCHEMA", b"DOMAIN",
             b"TYPE", b"BLOB METADATA", b"BLOBS"}
KEEP_TABLES = {b"people", b"texts", b"all_types", b"orders", b"Weird Table"}


def parse(data):
    """(header bytes, vmin, intsize, offsize, entries, blocks): each entry a
    dict with its raw bytes; each block (dumpId, bytes) in file order."""
    r = Reader(data)
    vmin, intsize, offsize = r.header()[:3]
    header = data[:r.pos]
    count = r.int()
    entries = []
    for _ in range(count):
        start = r.pos
        e = r.entry(vmin, offsize)
        e["raw"] = data[start:r.pos]
        entries.append(e)
    out = []
    for btype, blk in blocks(r):
        rb = Reader(blk)
        rb.intsize = intsize
        rb.take(1)
        out.append((rb.int(), blk))
    return header, vmin, intsize, offsize, entries, out


def build(header, intsize, offsize, entries, blks, offsets=True,
          gap_after=None, junk=b"", trailing=b""):
    """An archive: the entries (offsets "not set" or, when offsets, where
    each dumpId's first block is), the blocks in the order given, junk
    after block number gap_after, trailing after the last."""
    def toc(pos_of):
        w = Writer(intsize)
        w.int(len(entries))
        for e in entries:
            raw = bytearray(e["raw"])
            if e["flag"] != 3:
                p = pos_of.get(e["dump_id"]) if offsets else None
                raw[-offsize - 1] = 2 if p is not None else 1
                raw[-offsize:] = (p or 0).to_bytes(offsize, "little")
            w.out += raw
        return bytes(w.out)

    toc_len = len(toc({}))
    pos, pos_of = len(header) + toc_len, {}
    body = bytearray()
    for k, (did, blk) in enumerate(blks):
        pos_of.setdefault(did, pos + len(body))
        body += blk
        if k == gap_after:
            body += junk
    return header + toc(pos_of) + bytes(body) + trailing


def set_offset(data, header, vmin, offsize, nth, value, flag=2):
    """data with the nth data entry's offset set to value."""
    data = bytearray(data)
    r = Reader(bytes(data))
    r.header()
    r.pos = len(header)
    k = 0
    for _ in range(r.int()):
        e = r.entry(vmin, offsize)
        if e["flag"] != 3:
            if k == nth:
                data[r.pos - offsize - 1] = flag
                data[r.pos - offsize:r.pos] = value.to_bytes(offsize, "little")
                return bytes(data)
            k += 1
    raise SystemExit("tables_seeds.py: no data entry %d" % nth)


def cut_small(path):
    """The small archive's parts, cut from the fixture archive at path."""
    header, vmin, intsize, offsize, entries, blks = parse(open(path, "rb").read())
    keep = [e for e in entries
            if e["strs1"][3] in KEEP_DESC or e["strs1"][2] in KEEP_TABLES or
            (e["strs1"][3] == b"FK CONSTRAINT" and b"orders" in e["strs1"][2])]
    ids = {e["dump_id"] for e in keep if e["flag"] != 3}
    blks = [b for b in blks if b[0] in ids]
    toc_ids = [e["dump_id"] for e in keep if e["flag"] != 3]
    blks.sort(key=lambda b: toc_ids.index(b[0]))
    return header, vmin, intsize, offsize, keep, blks


def fake_head(src, out):
    """The --fake-head archive (see above)."""
    data = bytearray(open(os.path.join(src, "pg17-none-file.dump"), "rb").read())
    r = Reader(bytes(data))
    vmin, intsize, offsize = r.header()[:3]
    offs = {}
    for _ in range(r.int()):
        e = r.entry(vmin, offsize)
        if e["flag"] == 2:
            offs[e["strs1"][2]] = (e["dump_id"], r.pos - offsize,
                                   int.from_bytes(data[r.pos - offsize:r.pos],
                                                  "little"))
    # The first chunk of at least 40 bytes of measurements_2023's block.
    p = offs[b"measurements_2023"][2] + 1 + 1 + intsize
    while True:
        n = int.from_bytes(data[p + 1:p + 1 + intsize], "little")
        if n == 0:
            raise SystemExit("tables_seeds.py: no chunk to write over")
        if n >= 40:
            break
        p += 1 + intsize + n
    at = p + 1 + intsize
    w = Writer(intsize)
    w.out += b"\x01"
    w.int(offs[b"texts"][0])
    w.int(5)
    w.out += b"\\.\n\n\n"
    w.int(0)
    data[at:at + len(w.out)] = w.out
    toc_at = offs[b"texts"][1]
    data[toc_at:toc_at + offsize] = at.to_bytes(offsize, "little")
    with open(out, "wb") as f:
        f.write(data)


def main():
    if sys.argv[1] == "--fake-head":
        fake_head(sys.argv[2], sys.argv[3])
        return
    src, outdir = sys.argv[1], sys.argv[2]
    seeds = {}
    for codec in ("none", "lz4", "zstd"):
        header, vmin, intsize, offsize, keep, blks = cut_small(
            os.path.join(src, "pg17-%s-file.dump" % codec))
        seeds["small-" + codec] = build(header, intsize, offsize, keep, blks)
        if codec == "none":
            seeds["small-none-notset"] = build(header, intsize, offsize, keep,
                                               blks, offsets=False)
    header, vmin, intsize, offsize, keep, blks = cut_small(
        os.path.join(src, "pg17-gzip-file.dump"))
    small = build(header, intsize, offsize, keep, blks)
    seeds["small"] = small
    seeds["small-notset"] = build(header, intsize, offsize, keep, blks,
                                  offsets=False)
    # Offsets of the small archive's data entries, in TOC order.
    r = Reader(small)
    r.header()
    offs = []
    for _ in range(r.int()):
        e = r.entry(vmin, offsize)
        if e["flag"] == 2:
            offs.append(int.from_bytes(small[r.pos - offsize:r.pos], "little"))
    s = set_offset(small, header, vmin, offsize, 0, offs[1])
    seeds["wrong-offsets"] = set_offset(s, header, vmin, offsize, 1, offs[0])
    seeds["one-block-twice"] = set_offset(small, header, vmin, offsize, 1,
                                          offs[0])
    s = set_offset(small, header, vmin, offsize, 0, len(small) + 100)
    seeds["offset-past-eof"] = set_offset(s, header, vmin, offsize, 2,
                                          (1 << 64) - 1)
    seeds["offset-into-toc"] = set_offset(small, header, vmin, offsize, 1,
                                          len(header) + 5)
    swapped = [blks[1], blks[0]] + blks[2:]
    seeds["out-of-order"] = build(header, intsize, offsize, keep, swapped)
    seeds["out-of-order-notset"] = build(header, intsize, offsize, keep,
                                         swapped, offsets=False)
    seeds["mixed-flags"] = set_offset(small, header, vmin, offsize, 2, 0,
                                      flag=1)
    seeds["gap"] = build(header, intsize, offsize, keep, blks, gap_after=1,
                         junk=b"\x01\x00\x07\x00\x00\x00junk")
    seeds["trailing"] = build(header, intsize, offsize, keep, blks,
                              trailing=b"\x00" * 7)
    seeds["second-block"] = build(header, intsize, offsize, keep,
                                  blks + [blks[1]])
    seeds["missing-block"] = build(header, intsize, offsize, keep,
                                   blks[:1] + blks[2:])
    seeds["cut"] = small[:len(small) - len(blks[-1][1]) // 2]
    for name, b in seeds.items():
        with open(os.path.join(outdir, "seed-" + name), "wb") as f:
            f.write(b)


main()
