#!/usr/bin/env python3
"""offsets.py ARCHIVE — the data offsets of a custom archive's TOC: prints
"set N" when every entry with data has one and each points at a block head
of its own dumpId, "not-set N" when none has one (N: the entries with
data); anything else (a mix, an offset that points elsewhere) is an error.
For the tests of -j (test_jobs_tables.sh)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader  # noqa: E402

K_OFFSET_POS_NOT_SET, K_OFFSET_POS_SET, K_OFFSET_NO_DATA = 1, 2, 3


def main():
    data = open(sys.argv[1], "rb").read()
    r = Reader(data)
    vmin, intsize, offsize = r.header()[:3]
    flags = []
    for _ in range(r.int()):
        e = r.entry(vmin, offsize)
        off = int.from_bytes(data[r.pos - offsize:r.pos], "little")
        if e["flag"] != K_OFFSET_NO_DATA:
            flags.append((e["dump_id"], e["flag"], off))
    kinds = {f for _, f, _ in flags}
    if kinds == {K_OFFSET_POS_NOT_SET}:
        print("not-set", len(flags))
        return
    if kinds != {K_OFFSET_POS_SET}:
        raise SystemExit("offsets.py: a mix of offset flags %s" % sorted(kinds))
    for dump_id, _, off in flags:
        b = Reader(data)
        b.intsize = intsize
        b.pos = off
        typ = b.take(1)[0]
        if typ not in (1, 3) or b.int() != dump_id:
            raise SystemExit("offsets.py: the offset %d of dumpId %d is not "
                             "its block" % (off, dump_id))
    print("set", len(flags))


if __name__ == "__main__":
    main()
