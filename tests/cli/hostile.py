#!/usr/bin/env python3
"""hostile.py — hand-made custom archives that once made pgscrub hang or
balloon (issue 8, "Inputs that hang or balloon"), for test_bounds.sh and for
measuring memory by hand.

    hostile.py OUT toc N          N filler TOC entries (COMMENTs) + a table
    hostile.py OUT trailer N      a table whose "\\." line is followed by N LFs
    hostile.py OUT wide N         a table with N columns, one row
    hostile.py OUT bigrow MB [K]  one row: a short id and an MB-megabyte value
                                  (K copies of the row, default 1)
    hostile.py OUT values N LEN   N rows of one LEN-character value
    hostile.py OUT tag            a TOC tag holding ESC and BEL bytes
    hostile.py OUT encoding       an ENCODING entry holding ESC and BEL bytes
    hostile.py OUT schema COL...  no data: a TABLE entry for public.t with
                                  text columns COL... (for pgscrub --schema)

Every archive is version 1.16 (pg_dump 17), gzip, with one TABLE DATA
entry for public.t (data only: no TABLE entry; the `schema` kind makes the
definition that pgscrub --schema gives rules that need the columns' type).
"""
import sys
import zlib

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pgarchive import Writer  # noqa: E402

VMIN, OFFSIZE = 16, 8


def header(w):
    w.out += b"PGDMP" + bytes([1, VMIN, 0, 4, OFFSIZE, 1]) + bytes([1])
    for v in (0, 0, 0, 1, 0, 125, 0):
        w.int(v)
    w.str(b"db")
    w.str(b"17.0")
    w.str(b"17.0")


def entry(w, dump_id, tag, desc, section, defn=b"", copy=None, ns=None,
          flag=3, deps=()):
    w.int(dump_id)
    w.int(1)
    w.str(b"0")
    w.str(b"0")
    w.str(tag)
    w.str(desc)
    w.int(section)
    w.str(defn)
    w.str(b"")
    w.str(copy)
    w.str(ns)
    w.str(b"")
    w.str(b"")          # tableam
    w.int(0)            # relkind
    w.str(b"postgres")
    w.str(b"false")
    for d in deps:
        w.str(d)
    w.int(-1)
    w.out += bytes([flag]) + bytes(OFFSIZE)


def archive(out, cols, data_pieces, nfiller=0, tag=b"t",
            encoding=b"UTF8"):
    """data_pieces: an iterable of decompressed byte strings."""
    w = Writer(4)
    header(w)
    w.int(3 + nfiller)
    entry(w, 1, b"ENCODING", b"ENCODING", 2,
          b"SET client_encoding = '" + encoding + b"';\n")
    entry(w, 2, b"STDSTRINGS", b"STDSTRINGS", 2,
          b"SET standard_conforming_strings = 'on';\n")
    for i in range(nfiller):
        # Sized like a real COMMENT entry: ~170 bytes of strings.
        entry(w, 10 + i, b"COLUMN t.c%d" % i, b"COMMENT", 2,
              b"COMMENT ON COLUMN public.t.c%d IS 'filler comment "
              b"number %d, long enough to look real';\n" % (i, i),
              ns=b"public", deps=(b"3",))
    collist = b", ".join(cols)
    entry(w, 3, tag, b"TABLE DATA", 3, b"",
          b"COPY public." + tag + b" (" + collist + b") FROM stdin;\n",
          ns=b"public", flag=1)
    out.write(w.out)
    # The data block: type, dumpId, chunks, 0.
    w = Writer(4)
    w.out += bytes([1])
    w.int(3)
    out.write(w.out)
    z = zlib.compressobj(6)

    def chunk(b):
        if b:
            cw = Writer(4)
            cw.int(len(b))
            out.write(cw.out)
            out.write(b)

    for piece in data_pieces:
        chunk(z.compress(piece))
    chunk(z.flush())
    w = Writer(4)
    w.int(0)
    out.write(w.out)


def schema(out, cols):
    """A schema-only archive: public.t with text columns."""
    w = Writer(4)
    header(w)
    w.int(3)
    entry(w, 1, b"ENCODING", b"ENCODING", 2,
          b"SET client_encoding = 'UTF8';\n")
    entry(w, 2, b"STDSTRINGS", b"STDSTRINGS", 2,
          b"SET standard_conforming_strings = 'on';\n")
    entry(w, 4, b"t", b"TABLE", 1,
          b"CREATE TABLE public.t (\n" +
          b",\n".join(b"    " + c + b" text" for c in cols) + b"\n);\n",
          ns=b"public", flag=3)
    out.write(w.out)


def main():
    path, kind = sys.argv[1], sys.argv[2]
    if kind == "schema":
        with open(path, "wb") as out:
            schema(out, [c.encode() for c in sys.argv[3:]])
        return
    args = [int(a) for a in sys.argv[3:]]
    end = b"\\.\n\n\n"
    with open(path, "wb") as out:
        if kind == "toc":
            archive(out, [b"a"], [b"x\n", end], nfiller=args[0])
        elif kind == "trailer":
            def pieces():
                yield b"x\n\\.\n"
                left = args[0]
                while left > 0:
                    n = min(left, 1 << 20)
                    yield b"\n" * n
                    left -= n
            archive(out, [b"a"], pieces())
        elif kind == "wide":
            n = args[0]
            archive(out, [b"c%d" % i for i in range(n)],
                    [b"\t".join(b"%d" % i for i in range(n)) + b"\n", end])
        elif kind == "bigrow":
            mb, copies = args[0], (args[1] if len(args) > 1 else 1)

            def pieces():
                for k in range(copies):
                    yield b"%d\t" % k
                    for _ in range(mb):
                        yield b"v" * (1 << 20)
                    yield b"\n"
                yield end
            archive(out, [b"id", b"v"], pieces())
        elif kind == "values":
            n, ln = args
            archive(out, [b"a"], [b"a" * ln + b"\n"] * n + [end])
        elif kind == "tag":
            archive(out, [b"a"], [b"x\n", end], tag=b"t\x1b[31m\x07")
        elif kind == "encoding":
            archive(out, [b"a"], [b"x\n", end], encoding=b"UTF8\x1b[2J\x07x" * 9)
        else:
            raise SystemExit("hostile.py: unknown kind " + kind)


if __name__ == "__main__":
    main()
