#!/usr/bin/env python3
"""redefn.py IN OUT DESC TAG OLD NEW — write a copy of a custom-format
archive in which the definition of the TOC entry DESC TAG (e.g. DOMAIN
email_addr) has its first OLD replaced by NEW, every data offset "not set"
(flag 1) and the data blocks unchanged.  For definitions pg_dump does not
write, which pgscrub must survive: a domain or type it cannot parse."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, Writer, blocks  # noqa: E402


def main():
    src, dst, desc, tag, old, new = sys.argv[1:7]
    r = Reader(open(src, "rb").read())
    vmin, intsize, offsize = r.header()[:3]
    toc_start = r.pos
    w = Writer(intsize)
    count = r.int()
    w.int(count)
    done = False
    for _ in range(count):
        e = r.entry(vmin, offsize)
        # strs1: tableoid oid tag desc; strs2: defn drop copy ns tblspc
        if e["strs1"][3] == desc.encode() and e["strs1"][2] == tag.encode():
            defn = e["strs2"][0]
            if old.encode() not in defn:
                raise SystemExit("redefn.py: %r is not in the definition" % old)
            e["strs2"][0] = defn.replace(old.encode(), new.encode(), 1)
            done = True
        w.entry(e, vmin, offsize)
    if not done:
        raise SystemExit("redefn.py: no entry %s %s" % (desc, tag))
    header = r.data[:toc_start]
    bl = blocks(r)
    with open(dst, "wb") as f:
        f.write(header)
        f.write(w.out)
        for _, blk in bl:
            f.write(blk)


main()
