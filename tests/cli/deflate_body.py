#!/usr/bin/env python3
"""deflate_body.py custom ARCHIVE TAG | gzip FILE — the SHA-256 of a
stream's deflate data without its container: the zlib stream of TABLE DATA
TAG's block in a custom archive (its 2-byte header and Adler-32 taken off),
or a gzip member (its header and CRC-32/ISIZE trailer taken off).  Two
streams that the same compressor made from the same rows in the same
blocks (test_jobs.sh: a table's rows rewritten on the pool's threads, in a
custom archive and in a directory archive) have the same deflate data.

Then, on a second line, "units N ROWS": N, the number of sync-flushed
blocks the deflate data is made of (pgscrub's blocks, compress_pool.h),
and ROWS "rows" when every block but the last ends right after a LF of
the plain text (the pool's threads rewrote whole rows per block), else
"cut" (blocks cut at a byte count)."""
import hashlib
import os
import sys
import zlib

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pgarchive import Reader, blocks  # noqa: E402


def custom_stream(path, tag):
    r = Reader(open(path, "rb").read())
    vmin, _intsize, offsize = r.header()[:3]
    want = None
    for _ in range(r.int()):
        e = r.entry(vmin, offsize)
        if e["strs1"][3] == b"TABLE DATA" and e["strs1"][2] == tag.encode():
            want = e["dump_id"]
    if want is None:
        raise SystemExit("deflate_body.py: no TABLE DATA %s" % tag)
    for btype, blk in blocks(r):
        br = Reader(blk)
        br.intsize = r.intsize
        br.take(1)
        if btype != 1 or br.int() != want:
            continue
        out = bytearray()
        while True:
            n = br.int()
            if n == 0:
                break
            out += br.take(n)
        return bytes(out)
    raise SystemExit("deflate_body.py: no block for %s" % tag)


def zlib_body(s):
    zlib.decompress(s)                       # a whole, valid zlib stream
    return s[2:-4]


def gzip_body(s):
    zlib.decompress(s, 31)                   # a whole, valid gzip member
    flags, pos = s[3], 10
    if flags & 4:
        pos += 2 + int.from_bytes(s[pos:pos + 2], "little")
    for bit in (8, 16):
        if flags & bit:
            pos = s.index(b"\0", pos) + 1
    if flags & 2:
        pos += 2
    return s[pos:-8]


def units(body):
    """The plain text's length at each sync flush (an empty stored block
    ends the deflate data so far on a byte boundary): a prefix that ends
    there, with an empty final block added, is a whole deflate stream."""
    plain = zlib.decompress(body + b"\x03\x00", -15)
    ends, at = [], 0
    while True:
        at = body.find(b"\x00\x00\xff\xff", at) + 4
        if at < 4:
            return plain, ends
        d = zlib.decompressobj(-15)
        try:
            n = len(d.decompress(body[:at] + b"\x03\x00"))
        except zlib.error:
            continue
        if d.eof:
            ends.append(n)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "custom":
        body = zlib_body(custom_stream(sys.argv[2], sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "gzip":
        body = gzip_body(open(sys.argv[2], "rb").read())
    else:
        raise SystemExit(__doc__)
    print(hashlib.sha256(body).hexdigest(), len(body))
    plain, ends = units(body)
    ends = [n for n in ends if 0 < n < len(plain)]
    rows = ends and all(plain[n - 1:n] == b"\n" for n in ends)
    print("units", len(ends) + 1, "rows" if rows else "cut")


main()
