#!/usr/bin/env python3
"""lattice.py — a hand-made custom archive whose tables form a multiple-
inheritance lattice (issue 8): N levels of two tables, each inheriting from
both tables of the level above, one STATISTICS DATA entry for the top one,
and a table public.other (c text) outside the lattice with one row of
data.  With rules that rewrite public.other and keep the lattice, a walk
that looks for a rewritten table below the top by following every path
takes 2^N steps.

    lattice.py OUT N

Version 1.16 (pg_dump 18), no compression.  Every table has one column, c.
"""
import sys

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from pgarchive import Writer  # noqa: E402

OFFSIZE = 8


def entry(w, dump_id, tag, desc, section, defn=b"", copy=None, ns=b"public",
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
    w.str(b"heap" if desc == b"TABLE" else b"")
    w.int(ord("r") if desc == b"TABLE" else 0)
    w.str(b"postgres")
    w.str(b"false")
    for d in deps:
        w.str(b"%d" % d)
    w.int(-1)
    w.out += bytes([flag]) + bytes(OFFSIZE)


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    w = Writer(4)
    w.out += b"PGDMP" + bytes([1, 16, 0, 4, OFFSIZE, 1]) + bytes([0])
    for v in (0, 0, 0, 1, 0, 125, 0):
        w.int(v)
    w.str(b"db")
    w.str(b"18.0")
    w.str(b"18.0")
    # Tables t<level>_<0|1>; level 0 is the top.
    names, ids = [], {}
    for lv in range(n):
        for k in (0, 1):
            names.append((lv, k))
    entries = []
    did = 10
    for lv, k in names:
        name = b"t%d_%d" % (lv, k)
        ids[(lv, k)] = did
        if lv == 0:
            defn = b"CREATE TABLE public.%s (\n    c text\n);\n" % name
            deps = ()
        else:
            defn = (b"CREATE TABLE public.%s (\n)\nINHERITS (public.t%d_0, "
                    b"public.t%d_1);\n" % (name, lv - 1, lv - 1))
            deps = (ids[(lv - 1, 0)], ids[(lv - 1, 1)])
        entries.append((did, name, b"TABLE", 2, defn, None, 3, deps))
        did += 1
    other_id, data_id, stats_id = did, did + 1, did + 2
    entries.append((other_id, b"other", b"TABLE", 2,
                    b"CREATE TABLE public.other (\n    c text\n);\n", None, 3,
                    ()))
    entries.append((data_id, b"other", b"TABLE DATA", 3, b"",
                    b"COPY public.other (c) FROM stdin;\n", 1, (other_id,)))
    entries.append((stats_id, b"t0_0", b"STATISTICS DATA", 3,
                    b"SELECT * FROM pg_catalog.pg_restore_attribute_stats(\n"
                    b"\t'version', '180000'::integer,\n"
                    b"\t'schemaname', 'public',\n\t'relname', 't0_0',\n"
                    b"\t'attname', 'c',\n\t'inherited', 't'::boolean,\n"
                    b"\t'null_frac', '0'::real,\n"
                    b"\t'most_common_vals', '{secret}'::text,\n"
                    b"\t'most_common_freqs', '{1}'::real[]\n);\n",
                    None, 3, (ids[(0, 0)],)))
    w.int(3 + len(entries))
    entry(w, 1, b"ENCODING", b"ENCODING", 2,
          b"SET client_encoding = 'UTF8';\n", ns=None)
    entry(w, 2, b"STDSTRINGS", b"STDSTRINGS", 2,
          b"SET standard_conforming_strings = 'on';\n", ns=None)
    entry(w, 3, b"SEARCHPATH", b"SEARCHPATH", 2,
          b"SELECT pg_catalog.set_config('search_path', '', false);\n", ns=None)
    for e in entries:
        entry(w, e[0], e[1], e[2], e[3], e[4], e[5], flag=e[6], deps=e[7])
    # The data block: type 1, dumpId, one chunk, 0.
    w.out += bytes([1])
    w.int(data_id)
    row = b"x\n\\.\n\n\n"
    w.int(len(row))
    w.out += row
    w.int(0)
    with open(path, "wb") as out:
        out.write(w.out)


if __name__ == "__main__":
    main()
