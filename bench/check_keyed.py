#!/usr/bin/env python3
"""bench/check_keyed.py — check the keyed rewrite (e) of bench/run.sh on a sample of rows.

    check_keyed.py --rows N [--sample K] PG_RESTORE INPUT.dump OUTPUT.dump

Restores public.people's COPY data of both archives (`PG_RESTORE -a -t people -f -`),
reads the two streams in step (pgscrub keeps the row order) and compares K rows spaced
evenly over the N rows, against the rules run.sh writes to keyed.ini:

    email = email, first_name = first_name, last_name = last_name, phone = digits,
    profile = json(city=scramble, tags=mask(keep_first=1)), notes = keep, * = keep

* phone: NULL stays NULL; otherwise the same length, a digit exactly where the original
  has one, every other character (+, -) unchanged; the digits changed (a keyed
  permutation can map a number to itself, so up to 1 % unchanged is tolerated);
* email: never the original (ignoring case), 26 base32 characters at example.com/.net/.org;
* first_name, last_name: never the original, not NULL;
* profile: the same keys; age, newsletter, score unchanged; city the same length with
  letters where the original has letters, case kept, changed (1 % tolerance as above);
  every tag its first character followed by '*' for the rest;
* id, notes, created_at: byte for byte the same.

Prints one summary line and exits 0, or prints what failed (at most 10 rows, by id and
column; the values are generated test data) and exits 1.
"""
import argparse
import json
import re
import subprocess
import sys

COLS = ['id', 'first_name', 'last_name', 'email', 'phone', 'notes', 'profile', 'created_at']
FAKE_EMAIL = re.compile(r'[a-z2-7]{26}@example\.(com|net|org)\Z')
ESC = {'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v', '\\': '\\'}


def unescape(field):
    """One COPY text field: None for \\N, the value with backslash escapes undone."""
    if field == '\\N':
        return None
    if '\\' not in field:
        return field
    out, i = [], 0
    while i < len(field):
        c = field[i]
        if c == '\\' and i + 1 < len(field):
            n = field[i + 1]
            if n in ESC:
                out.append(ESC[n])
                i += 2
                continue
            if n in '01234567':
                j = i + 1
                while j < len(field) and j < i + 4 and field[j] in '01234567':
                    j += 1
                out.append(chr(int(field[i + 1:j], 8)))
                i = j
                continue
            if n == 'x':
                j = i + 2
                while j < len(field) and j < i + 4 and field[j] in '0123456789abcdefABCDEF':
                    j += 1
                if j > i + 2:
                    out.append(chr(int(field[i + 2:j], 16)))
                    i = j
                    continue
            out.append(n)
            i += 2
            continue
        out.append(c)
        i += 1
    return ''.join(out)


def copy_rows(proc):
    """Yield the people rows (lists of fields) of a pg_restore -f - script."""
    on = False
    for line in proc.stdout:
        line = line.rstrip('\n')
        if not on:
            if line.startswith('COPY public.people '):
                cols = line[len('COPY public.people ('):line.index(')')].split(', ')
                if cols != COLS:
                    raise SystemExit('unexpected people columns: %s' % ', '.join(cols))
                on = True
            continue
        if line == '\\.':
            on = False
            continue
        yield [unescape(f) for f in line.split('\t')]


def same_shape_letters(a, b):
    """b keeps a's length, its letters' positions and case, and its other characters."""
    if len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x.isascii() and x.isalpha():
            if not (y.isascii() and y.isalpha() and x.isupper() == y.isupper()):
                return False
        elif x.isascii() and x.isdigit():
            if not (y.isascii() and y.isdigit()):
                return False
        elif x != y:
            return False
    return True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rows', type=int, required=True)
    ap.add_argument('--sample', type=int, default=1000)
    ap.add_argument('pg_restore')
    ap.add_argument('input')
    ap.add_argument('output')
    a = ap.parse_args()
    if a.rows < 1 or a.sample < 1:
        raise SystemExit('--rows and --sample must be positive')
    k = min(a.sample, a.rows)
    want = {j * a.rows // k for j in range(k)}

    procs = [subprocess.Popen([a.pg_restore, '-a', '-t', 'people', '-f', '-', f],
                              stdout=subprocess.PIPE, text=True, encoding='utf-8',
                              errors='surrogateescape')
             for f in (a.input, a.output)]
    fails = []
    n = checked = 0
    st = dict(phone=0, phone_null=0, phone_same=0, city=0, city_same=0, tags=0)

    def fail(rid, col, what):
        fails.append('id %s %s: %s' % (rid, col, what))

    gin, gout = copy_rows(procs[0]), copy_rows(procs[1])
    for rin in gin:
        rout = next(gout, None)
        if rout is None:
            fails.append('the output has fewer people rows than the input (%d)' % n)
            break
        idx, n = n, n + 1
        if idx not in want:
            continue
        checked += 1
        if len(rin) != len(COLS) or len(rout) != len(COLS):
            fail(rin[0], 'row', 'field count %d / %d' % (len(rin), len(rout)))
            continue
        i, o = dict(zip(COLS, rin)), dict(zip(COLS, rout))
        rid = i['id']
        for c in ('id', 'notes', 'created_at'):
            if i[c] != o[c]:
                fail(rid, c, 'changed under keep: %r -> %r' % (i[c], o[c]))
        # phone = digits
        if i['phone'] is None:
            st['phone_null'] += 1
            if o['phone'] is not None:
                fail(rid, 'phone', 'NULL became %r' % o['phone'])
        elif o['phone'] is None:
            fail(rid, 'phone', '%r became NULL' % i['phone'])
        else:
            p, q = i['phone'], o['phone']
            ok = len(p) == len(q) and all(
                (x.isdigit() and y.isdigit()) if x.isdigit() else x == y for x, y in zip(p, q))
            if not ok:
                fail(rid, 'phone', 'shape not kept: %r -> %r' % (p, q))
            else:
                st['phone'] += 1
                st['phone_same'] += p == q
        # email = email
        e, f = i['email'], o['email']
        if f is None or not FAKE_EMAIL.match(f):
            fail(rid, 'email', 'not a 26-character base32 address at example.*: %r' % f)
        elif e is not None and e.lower() == f.lower():
            fail(rid, 'email', 'the original survived')
        # first_name, last_name
        for c in ('first_name', 'last_name'):
            if o[c] is None or o[c] == '':
                fail(rid, c, 'empty or NULL: %r' % o[c])
            elif o[c] == i[c]:
                fail(rid, c, 'the original survived: %r' % o[c])
        # profile = json(city=scramble, tags=mask(keep_first=1))
        try:
            pi, po = json.loads(i['profile']), json.loads(o['profile'])
        except (TypeError, ValueError) as ex:
            fail(rid, 'profile', 'not JSON: %s' % ex)
            continue
        if set(pi) != set(po):
            fail(rid, 'profile', 'keys %s -> %s' % (sorted(pi), sorted(po)))
            continue
        for key in pi:
            if key in ('city', 'tags'):
                continue
            if pi[key] != po[key]:
                fail(rid, 'profile.' + key, 'changed under keep: %r -> %r' % (pi[key], po[key]))
        if not (isinstance(po['city'], str) and same_shape_letters(pi['city'], po['city'])):
            fail(rid, 'profile.city', 'not a scramble: %r -> %r' % (pi['city'], po['city']))
        else:
            st['city'] += 1
            st['city_same'] += pi['city'] == po['city']
        tags_ok = (isinstance(po['tags'], list) and len(po['tags']) == len(pi['tags']) and
                   all(isinstance(t, str) and u == t[:1] + '*' * (len(t) - 1)
                       for t, u in zip(pi['tags'], po['tags'])))
        if not tags_ok:
            fail(rid, 'profile.tags', 'not mask(keep_first=1): %r -> %r' % (pi['tags'], po['tags']))
        else:
            st['tags'] += 1
    extra = sum(1 for _ in gout)
    for p in procs:
        p.stdout.close()
        if p.wait() != 0:
            fails.append('%s exited with %d' % (' '.join(p.args), p.returncode))
    if extra:
        fails.append('the output has %d more people rows than the input' % extra)
    if n != a.rows:
        fails.append('the input has %d people rows, expected %d' % (n, a.rows))
    if checked != k:
        fails.append('checked %d rows, wanted %d' % (checked, k))
    if st['phone_same'] * 100 > st['phone'] or st['phone'] == 0:
        fails.append('digits left %d of %d phones unchanged' % (st['phone_same'], st['phone']))
    if st['city_same'] * 100 > st['city'] or st['city'] == 0:
        fails.append('scramble left %d of %d cities unchanged' % (st['city_same'], st['city']))
    if fails:
        print('%d problem(s); first %d:' % (len(fails), min(10, len(fails))))
        for line in fails[:10]:
            print('  ' + line)
        return 1
    print('%d of %d rows: phone shape kept in %d/%d (%d unchanged), %d NULL kept NULL; '
          'email, first_name, last_name all replaced; city scrambled %d (%d unchanged), '
          'tags masked %d; id, notes, created_at, age, newsletter, score identical'
          % (checked, n, st['phone'], st['phone'], st['phone_same'], st['phone_null'],
             st['city'], st['city_same'], st['tags']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
