#!/usr/bin/env python3
"""stats_subset.py IN OUT TAG[,TAG...] — a copy of archive IN that keeps only
the STATISTICS DATA entries whose tag is listed, as pg_dump -t TABLE
--statistics writes for a partitioned table alone (its partitions' entries
left out).  Data blocks are copied as they are."""
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pgarchive import Reader, Writer, blocks  # noqa: E402

r = Reader(open(sys.argv[1], "rb").read())
vmin, intsize, offsize = r.header()[:3]
toc_start = r.pos
keep = set(sys.argv[3].encode().split(b","))
entries = [r.entry(vmin, offsize) for _ in range(r.int())]
entries = [e for e in entries
           if e["strs1"][3] != b"STATISTICS DATA" or e["strs1"][2] in keep]
w = Writer(intsize)
w.int(len(entries))
for e in entries:
    w.entry(e, vmin, offsize)
data = b"".join(b for _, b in blocks(r))
open(sys.argv[2], "wb").write(r.data[:toc_start] + w.out + data)
