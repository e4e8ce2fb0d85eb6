#!/usr/bin/env python3
"""reorder.py IN OUT — write a copy of a custom-format archive whose first two
TABLE DATA blocks are swapped, with every data offset set to "not set"
(flag 1), as a test input for out-of-order handling.  pg_dump never writes
such an archive; pg_restore reads it from a file but not from a pipe."""
import sys

def main():
    data = open(sys.argv[1], "rb").read()
    pos = 0

    def take(n):
        nonlocal pos
        b = data[pos:pos + n]
        if len(b) != n:
            raise SystemExit("reorder.py: archive cut short")
        pos += n
        return b

    assert take(5) == b"PGDMP"
    vmaj, vmin, vrev, intsize, offsize, fmt = take(6)
    version = (vmaj, vmin)

    def read_int():
        b = take(1 + intsize)
        v = int.from_bytes(b[1:], "little")
        return -v if b[0] else v

    def read_str():
        n = read_int()
        return None if n < 0 else take(n)

    if version < (1, 15):
        read_int()
    else:
        take(1)
    for _ in range(7):
        read_int()
    for _ in range(3):
        read_str()
    toc_start = pos
    count = read_int()
    out_toc = bytearray(data[toc_start:pos])
    data_ids = []
    for _ in range(count):
        start = pos
        dump_id = read_int()
        read_int()
        for _ in range(4):
            read_str()
        read_int()
        for _ in range(5):
            read_str()
        if version >= (1, 14):
            read_str()
        if version >= (1, 16):
            read_int()
        read_str()
        read_str()
        while read_str() is not None:
            pass
        flag = take(1)[0]
        take(offsize)
        out_toc += data[start:pos - 1 - offsize]
        if flag == 3:
            out_toc += bytes([3]) + bytes(offsize)
        else:
            out_toc += bytes([1]) + bytes(offsize)
            data_ids.append(dump_id)
    header = data[:toc_start]
    # Split the data area into blocks.
    blocks = []
    while pos < len(data):
        start = pos
        btype = take(1)[0]
        read_int()
        if btype == 1:
            while True:
                n = read_int()
                if n == 0:
                    break
                take(n)
        else:
            while read_int() != 0:
                while True:
                    n = read_int()
                    if n == 0:
                        break
                    take(n)
        blocks.append((btype, data[start:pos]))
    table_blocks = [i for i, (t, _) in enumerate(blocks) if t == 1]
    if len(table_blocks) < 2:
        raise SystemExit("reorder.py: fewer than two table data blocks")
    a, b = table_blocks[0], table_blocks[1]
    blocks[a], blocks[b] = blocks[b], blocks[a]
    with open(sys.argv[2], "wb") as f:
        f.write(header)
        f.write(out_toc)
        for _, blk in blocks:
            f.write(blk)

main()
