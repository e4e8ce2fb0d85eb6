#!/usr/bin/env python3
"""overlap.py IN OUT X Y MARKER [drop] — write a copy of a custom-format
archive whose data offset for table Y leads into table X's block, as a
test input for -j (test_jobs_tables.sh).

X's block is rebuilt as two chunks: the first holds what reads as a head
of a block of Y's dumpId and the length of one chunk, the second MARKER
and X's rows; Y's stream, read from that head, takes the second chunk as
its payload and ends at X's own end.  Every other offset is set to where
its block now is; Y's own block stays where it was (with "drop", it is
left out).  Read block after block (pg_restore without offsets, pgscrub
-j 1) the archive is sound (without "drop"); read by the offsets, X's
rows (MARKER first) are Y's data.  X is meant to
be truncated, so that nothing parses its rows.  pg_dump never writes
such an archive."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, blocks  # noqa: E402


def main():
    src, dst, x_tag, y_tag, marker = sys.argv[1:6]
    drop = sys.argv[6:] == ["drop"]
    data = open(src, "rb").read()
    r = Reader(data)
    vmin, intsize, offsize = r.header()[:3]
    ints = 1 + intsize

    def enc(v):
        return bytes([1 if v < 0 else 0]) + abs(v).to_bytes(intsize, "little")

    entries = []                    # (dump_id, tag, where its offset is)
    for _ in range(r.int()):
        e = r.entry(vmin, offsize)
        if e["flag"] != 3:
            entries.append((e["dump_id"], e["strs1"][2].decode(),
                            r.pos - offsize - 1))
    data_start = r.pos
    ids = {tag: dump_id for dump_id, tag, _ in entries}
    x_id, y_id = ids[x_tag], ids[y_tag]
    out_blocks = []
    for btype, blk in blocks(r):
        b = Reader(blk)
        b.intsize = intsize
        b.take(1)
        dump_id = b.int()
        if dump_id == y_id and drop:
            continue
        if dump_id == x_id:
            rows = bytearray()
            while True:
                n = b.int()
                if n == 0:
                    break
                rows += b.take(n)
            secret = marker.encode() + b"\n" + bytes(rows)
            forged = bytes([1]) + enc(y_id) + enc(ints + len(secret))
            blk = (bytes([btype]) + enc(x_id) + enc(len(forged)) + forged +
                   enc(len(secret)) + secret + enc(0))
        out_blocks.append((dump_id, blk))
    pos, at = {}, data_start
    for dump_id, blk in out_blocks:
        pos[dump_id] = at
        at += len(blk)
    # The forged head: after X's head and its first chunk's length.
    forged_at = pos[x_id] + 2 * ints + 1
    out = bytearray(data[:data_start])
    for dump_id, tag, flag_at in entries:
        off = forged_at if dump_id == y_id else pos[dump_id]
        out[flag_at] = 2
        out[flag_at + 1:flag_at + 1 + offsize] = off.to_bytes(offsize, "little")
    for _, blk in out_blocks:
        out += blk
    open(dst, "wb").write(out)


main()
