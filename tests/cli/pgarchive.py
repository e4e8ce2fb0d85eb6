"""pgarchive.py — the custom archive's primitives, for the test tools
reorder.py and reversion.py (archive-format.md §1-§3)."""


class Reader:
    """Reads a whole archive held in memory, keeping the position."""

    def __init__(self, data):
        self.data = data
        self.pos = 0
        self.intsize = 4

    def take(self, n):
        b = self.data[self.pos:self.pos + n]
        if len(b) != n:
            raise SystemExit("%s: archive cut short" % __name__)
        self.pos += n
        return b

    def int(self):
        """A sign byte and intsize little-endian magnitude bytes."""
        b = self.take(1 + self.intsize)
        v = int.from_bytes(b[1:], "little")
        return -v if b[0] else v

    def str(self):
        """A length Int then the bytes; length -1 is NULL (None)."""
        n = self.int()
        return None if n < 0 else self.take(n)

    def header(self):
        """Read the header: (vmin, intsize, offsize, fmt, level or None,
        algorithm or None, [7 time Ints], [3 strings])."""
        assert self.take(5) == b"PGDMP"
        vmaj, vmin, vrev, intsize, offsize, fmt = self.take(6)
        self.intsize = intsize
        level = alg = None
        if vmin < 15:
            level = self.int()
        else:
            alg = self.take(1)[0]
        tm = [self.int() for _ in range(7)]
        strs = [self.str() for _ in range(3)]
        return vmin, intsize, offsize, fmt, level, alg, tm, strs

    def entry(self, vmin, offsize):
        """One TOC entry as a dict of its fields, in order."""
        e = {"dump_id": self.int(), "had_dumper": self.int()}
        e["strs1"] = [self.str() for _ in range(4)]   # tableoid oid tag desc
        e["section"] = self.int()
        e["strs2"] = [self.str() for _ in range(5)]   # defn drop copy ns tblspc
        e["tableam"] = self.str() if vmin >= 14 else None
        e["relkind"] = self.int() if vmin >= 16 else 0
        e["owner"], e["with_oids"] = self.str(), self.str()
        e["deps"] = []
        while True:
            d = self.str()
            if d is None:
                break
            e["deps"].append(d)
        e["flag"] = self.take(1)[0]
        self.take(offsize)
        return e


class Writer:
    """Encodes Ints and strings with a given Int size."""

    def __init__(self, intsize):
        self.intsize = intsize
        self.out = bytearray()

    def int(self, v):
        self.out += bytes([1 if v < 0 else 0]) + abs(v).to_bytes(self.intsize, "little")

    def str(self, s):
        if s is None:
            self.int(-1)
        else:
            self.int(len(s))
            self.out += s

    def entry(self, e, vmin, offsize):
        """One TOC entry in version 1.vmin's layout, offset "not set" (or
        "no data")."""
        self.int(e["dump_id"])
        self.int(e["had_dumper"])
        for s in e["strs1"]:
            self.str(s)
        self.int(e["section"])
        for s in e["strs2"]:
            self.str(s)
        if vmin >= 14:
            self.str(e["tableam"])
        if vmin >= 16:
            self.int(e["relkind"])
        self.str(e["owner"])
        self.str(e["with_oids"])
        for d in e["deps"]:
            self.str(d)
        self.int(-1)
        self.out += bytes([3 if e["flag"] == 3 else 1]) + bytes(offsize)


def blocks(r):
    """Split the rest of the archive into (type, bytes) data blocks."""
    out = []
    while r.pos < len(r.data):
        start = r.pos
        btype = r.take(1)[0]
        r.int()
        if btype == 1:
            while True:
                n = r.int()
                if n == 0:
                    break
                r.take(n)
        else:
            while r.int() != 0:
                while True:
                    n = r.int()
                    if n == 0:
                        break
                    r.take(n)
        out.append((btype, r.data[start:r.pos]))
    return out
