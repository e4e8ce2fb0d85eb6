#!/usr/bin/env python3
"""latin1.py IN OUT — write a copy of a custom-format archive (a UTF8 one)
that claims client encoding LATIN1 and whose table public.texts is named
public.t\\xe9xts: "texts" with a Latin-1 e-acute, a byte that is not UTF-8.
Every TOC string that names the table is rewritten; the data blocks are
copied as they are and every data offset is set to "not set"."""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, Writer  # noqa: E402

NAME = re.compile(rb"\btexts\b")


def fix(s):
    if s is None:
        return None
    s = s.replace(b"client_encoding = 'UTF8'", b"client_encoding = 'LATIN1'")
    return NAME.sub(b"t\xe9xts", s)


def main():
    r = Reader(open(sys.argv[1], "rb").read())
    vmin, intsize, offsize = r.header()[:3]
    toc_start = r.pos
    w = Writer(intsize)
    count = r.int()
    w.int(count)
    for _ in range(count):
        e = r.entry(vmin, offsize)
        e["strs1"] = [fix(s) for s in e["strs1"]]
        e["strs2"] = [fix(s) for s in e["strs2"]]
        w.entry(e, vmin, offsize)
    with open(sys.argv[2], "wb") as f:
        f.write(r.data[:toc_start])
        f.write(w.out)
        f.write(r.data[r.pos:])


main()
