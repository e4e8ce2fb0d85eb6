#!/usr/bin/env bash
# test_anonymisers.sh — every anonymiser's contract, end to end, against a real PostgreSQL.
#
# The database: fixtures/fixture.sql plus tests/e2e/anon.sql (schema "clinic": patients
# with one column per anonymiser, appointments that reference patients by e-mail address,
# a partitioned table, an inheritance child, an audit log to truncate). The test dumps it
# itself with pg_dump 17 (and pg_dump 18 --statistics), scrubs the dumps with the rules
# below (a key from the environment: secret_env), restores the result into a fresh
# database next to a copy of the originals (schema "o"), and checks with SQL, row by row
# against the original values:
#   - formats and lengths (email, names, hash, uuid, ip, digits, scramble, mask), ranges
#     (date_shift, int_range, noise), Luhn validity (card_number), MAC flag bits and vendor
#     (mac), hstore pairs (hstore), what must stay (time of day, non-digits, case,
#     the first/last characters of mask, IP family and prefix, infinity, NaN);
#   - never the original value (email, names, hash, uuid, date_shift, const, ...);
#   - joins still work: the same address gets the same fake in every table, in a char(n)
#     column, inside json/jsonb documents (nested, behind a \u escape) and in free text;
#     a FOREIGN KEY on the address restores; UNIQUE/PK/NOT NULL columns restore;
#   - NULLs stay NULL (per column, per row; NULL array elements too);
#   - a parent section covers partitions and inheritance children, a child section wins;
#   - truncate: the table exists and is empty;
#   - determinism: the same key twice gives byte-identical archives, another key other
#     values, `secret = random` other values on every run;
#   - leak scan (python3): no original value of any scrubbed column occurs anywhere in
#     pg_restore -f - of the outputs, the pg_dump 18 --statistics archive included, whose
#     STATISTICS DATA must have lost exactly the value lists of the scrubbed columns;
#   - rules that cannot fit stop the run before any output: email on an integer, null on
#     a NOT NULL column, hash on varchar(10) (exit 3); a keyed anonymiser without a secret,
#     a missing or short key (exit 2);
#   - the example rules.ini at the top of the repository covers the fixture archives
#     (pg15, pg17, pg18 gzip) with unlisted = error, and the results restore.
. "$(dirname "$0")/lib.sh"

need_pgscrub
need_clients
need_fixtures
command -v python3 >/dev/null || skip "python3 not found (apt-get install python3)"
pg_start

T=$(tmp)
PY=$T/anon_check.py
D17=$(dump_tool 17) || fail "pg_dump 17 not found"
D18=$(dump_tool 18) || fail "pg_dump 18 not found"
KEY1=5f0c2d6e9a8b7c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d
KEY2=9e8d7c6b5a49382716050f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566
export PGSCRUB_TEST_KEY=$KEY1

# ---- helpers ------------------------------------------------------------------------

# q SQL: one value from the scrubbed database s1 (the originals are in its schema o).
q() { psql_q s1 "$1" 2>&1; }

# viol DESCRIPTION FROM WHERE: no row of FROM satisfies WHERE (the violations), and FROM
# has rows (a check that looks at nothing proves nothing).
viol() {
	local r
	r=$(q "SELECT count(*) FILTER (WHERE $3) || ' of ' || count(*) FROM $2")
	case $r in
	"0 of 0") not_ok "$1: no rows to check" ;;
	"0 of "*) ok "$1" ;;
	*) not_ok "$1: $(e2e_trim "$r") rows violate it" ;;
	esac
}

# holds DESCRIPTION SQL: the boolean SQL is true in s1.
holds() {
	check_eq "$1" t "$(q "SELECT ($2)")"
}

# same_nulls FROM COLUMN...: NULL stays NULL and non-NULL stays non-NULL, row by row.
same_nulls() {
	local from=$1 c; shift
	for c in "$@"; do
		viol "NULLs kept: ${from%% *}.$c" "$from" "(a.$c IS NULL) <> (b.$c IS NULL)"
	done
}

# Digits replaced, everything else where it was.
dskel() { printf "regexp_replace(%s, '[0-9]', '0', 'g')" "$1"; }
# Character classes per position: digits, lower- and upper-case and other
# letters of any script (ICU's Nd, Ll, Lu, L), everything else as it is.
cskel() {
	printf "regexp_replace(regexp_replace(regexp_replace(regexp_replace((%s) COLLATE \"und-x-icu\", '[[:digit:]]', '9', 'g'), '[[:lower:]]', 'a', 'g'), '[[:upper:]]', 'A', 'g'), '[[:alpha:]]', 'L', 'g')" "$1"
}
EMAIL26="'^[a-z2-7]{26}@example\.(com|net|org)\$'"
UUID4="'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\$'"
EMAIL_RE="'[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'"

# scrub_ok NAME ARGS...: run pgscrub; pass when it exits 0 without a sanitizer report.
scrub_ok() {
	local name=$1; shift
	scrub "$@"
	if scrub_crashed; then not_ok "$name: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return 1; fi
	if [ "$SCRUB_RC" -ne 0 ]; then not_ok "$name: pgscrub exit $SCRUB_RC: $(scrub_stderr)"; return 1; fi
	ok "$name"
}

# ---- the leak scanner and friends (python3) ------------------------------------------

cat >"$PY" <<'PYEOF'
#!/usr/bin/env python3
# anon_check.py — helpers of tests/e2e/test_anonymisers.sh (written out by the test).
#
#   leaks  --db DB --rules R --baseline ORIG.sql [--expect-leaks] OUT.sql...
#       Every original value (> 3 characters) of every column the rules scrub, read from DB
#       with psql, must not occur in any OUT.sql (pg_restore -f - of a scrubbed archive).
#   stats  --db DB --rules R IN.sql OUT.sql
#       STATISTICS DATA: the value lists of scrubbed columns are gone, the others stay.
#   differ --db DB --rules R A.sql B.sql
#       Two scrubbed scripts made with different keys: the keyed columns differ.
import argparse, csv, functools, io, json, re, subprocess, sys

# ---- the rules file -------------------------------------------------------------------

def parse_ident(s, i):
    """An SQL identifier at s[i] (quoted or bare, bare folded to lower case)."""
    if s[i] == '"':
        out, i = [], i + 1
        while True:
            j = s.index('"', i)
            out.append(s[i:j])
            if j + 1 < len(s) and s[j + 1] == '"':
                out.append('"')
                i = j + 2
                continue
            return ''.join(out), j + 1
    m = re.compile(r'[^\s.,()"=\[\]]+').match(s, i)
    return m.group(0).lower(), m.end()


def parse_qualname(s):
    s = s.strip()
    a, i = parse_ident(s, 0)
    assert s[i] == '.', s
    b, i = parse_ident(s, i + 1)
    return a, b


def strip_comment(line):
    q = None
    for i, c in enumerate(line):
        if q:
            if c == q:
                q = None
        elif c in '\'"':
            q = c
        elif c in ';#' and (i == 0 or line[i - 1] in ' \t'):
            return line[:i]
    return line


class Expr:
    def __init__(self, name, args):
        self.name, self.args = name, args   # args: [(key or None, value)]; value: str|Expr

    def __repr__(self):
        return '%s(%r)' % (self.name, self.args)


def parse_expr(s, i=0):
    s_len = len(s)
    while s[i] == ' ':
        i += 1
    m = re.compile(r'[a-z_]+').match(s, i)
    name, i = m.group(0), m.end()
    args = []
    while i < s_len and s[i] == ' ':
        i += 1
    if i < s_len and s[i] == '(':
        i += 1
        while True:
            while s[i] == ' ':
                i += 1
            if s[i] == ')':
                i += 1
                break
            key = None
            # KEY= (bare or quoted)
            m = re.compile(r"('(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_-]*)\s*=(?!=)").match(s, i)
            if m:
                key = m.group(1)
                if key.startswith("'"):
                    key = key[1:-1].replace("''", "'")
                i = m.end()
                while s[i] == ' ':
                    i += 1
            if s[i] == "'":
                j, out = i + 1, []
                while True:
                    k = s.index("'", j)
                    out.append(s[j:k])
                    if k + 1 < s_len and s[k + 1] == "'":
                        out.append("'")
                        j = k + 2
                        continue
                    i = k + 1
                    break
                val = ''.join(out)
            elif re.compile(r'[a-z_]+\s*\(').match(s, i):
                val, i = parse_expr(s, i)
            else:
                m = re.compile(r'[^,)\s]+').match(s, i)
                val, i = m.group(0), m.end()
                if re.fullmatch(r'[a-z_]+', val):
                    val = Expr(val, [])
            args.append((key, val))
            while s[i] == ' ':
                i += 1
            if s[i] == ',':
                i += 1
    return Expr(name, args), i


class Rules:
    def __init__(self, path):
        self.sections = {}      # (schema, table) -> {column or '*': Expr}
        self.truncate = set()
        self.unlisted = 'error'
        sec = None
        for raw in open(path, encoding='utf-8'):
            line = strip_comment(raw.rstrip('\n')).strip()
            if not line:
                continue
            if line.startswith('['):
                name = line[1:line.rindex(']')]
                if name == 'pgscrub':
                    sec = 'pgscrub'
                else:
                    sec = parse_qualname(name)
                    self.sections[sec] = {}
                continue
            if sec == 'pgscrub':
                k, v = [x.strip() for x in line.split('=', 1)]
                if k == 'truncate':
                    for q in v.split(','):
                        self.truncate.add(parse_qualname(q))
                elif k == 'unlisted':
                    self.unlisted = v
                continue
            if line.startswith('*'):
                key, rest = '*', line[1:]
            else:
                key, i = parse_ident(line, 0)
                rest = line[i:]
            rest = rest.strip()
            assert rest.startswith('='), line
            self.sections[sec][key] = parse_expr(rest[1:].strip())[0]

# ---- the database -----------------------------------------------------------------------

def psql_rows(db, sql):
    out = subprocess.run(['psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c',
                          'COPY (%s) TO STDOUT WITH (FORMAT csv)' % sql],
                         check=True, stdout=subprocess.PIPE).stdout
    return list(csv.reader(io.StringIO(out.decode('utf-8', 'surrogateescape'), newline='')))


def qi(name):
    return '"' + name.replace('"', '""') + '"'


class Catalog:
    def __init__(self, db):
        self.db = db
        self.cols = {}          # (schema, table) -> [(column, is_array)]
        self.kind = {}
        for ns, rel, kind, att, arr in psql_rows(db, """
                SELECT n.nspname, c.relname, c.relkind, a.attname, t.typcategory = 'A'
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                  AND n.nspname NOT LIKE 'pg_toast%' AND a.attgenerated = ''
                ORDER BY 1, 2, a.attnum"""):
            self.cols.setdefault((ns, rel), []).append((att, arr == 't'))
            self.kind[(ns, rel)] = kind
        self.parents = {}
        for cn, cr, pn, pr in psql_rows(db, """
                SELECT cn.nspname, c.relname, pn.nspname, p.relname
                FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                JOIN pg_namespace cn ON cn.oid = c.relnamespace
                JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                WHERE c.relkind IN ('r', 'p') ORDER BY 1, 2, i.inhseqno"""):
            self.parents.setdefault((cn, cr), []).append((pn, pr))
        self.index_table = {}
        for ins, irel, tns, trel in psql_rows(db, """
                SELECT n.nspname, ic.relname, tn.nspname, tc.relname FROM pg_index x
                JOIN pg_class ic ON ic.oid = x.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
                JOIN pg_class tc ON tc.oid = x.indrelid JOIN pg_namespace tn ON tn.oid = tc.relnamespace"""):
            self.index_table[(ins, irel)] = (tns, trel)

    def chain(self, rules, t):
        out = [rules.sections[t]] if t in rules.sections else []
        queue, qi_ = [t], 0
        while qi_ < len(queue):
            for p in self.parents.get(queue[qi_], []):
                queue.append(p)
                if p in rules.sections:
                    out.append(rules.sections[p])
            qi_ += 1
        return out

    def rule(self, rules, t, col):
        ch = self.chain(rules, t)
        for s in ch:
            if col in s:
                return s[col]
        for s in ch:
            if '*' in s:
                return s['*']
        return Expr('keep', [])

    def scrubbed(self, rules):
        """(table, column, is_array, Expr or 'truncate') for every column that changes."""
        out = []
        for t, cols in sorted(self.cols.items()):
            if self.kind[t] != 'r':
                continue
            for col, arr in cols:
                if t in rules.truncate:
                    out.append((t, col, arr, 'truncate'))
                    continue
                e = self.rule(rules, t, col)
                if e.name != 'keep':
                    out.append((t, col, arr, e))
        return out

# ---- scripts ----------------------------------------------------------------------------

COPY_RE = re.compile(r'^COPY (.+?) (?:\((.*)\) )?FROM stdin;$')


def parse_cols(s):
    cols, i = [], 0
    while i < len(s):
        name, i = parse_ident(s, i)
        cols.append(name)
        while i < len(s) and s[i] in ', ':
            i += 1
    return cols


def copy_decode(f):
    if f == '\\N':
        return None
    if '\\' not in f:
        return f
    out, i = [], 0
    simple = {'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t', 'v': '\v'}
    while i < len(f):
        c = f[i]
        if c != '\\' or i + 1 == len(f):
            out.append(c)
            i += 1
            continue
        d = f[i + 1]
        if d in simple:
            out.append(simple[d])
            i += 2
        elif d in '01234567':
            m = re.compile('[0-7]{1,3}').match(f, i + 1)
            out.append(chr(int(m.group(0), 8) & 0xff))
            i = m.end()
        elif d == 'x' and i + 2 < len(f) and f[i + 2] in '0123456789abcdefABCDEF':
            m = re.compile('[0-9a-fA-F]{1,2}').match(f, i + 2)
            out.append(chr(int(m.group(0), 16)))
            i = m.end()
        else:
            out.append(d)
            i += 2
    return ''.join(out)


def read_script(path):
    return open(path, 'rb').read().decode('utf-8', 'surrogateescape')


def copy_blocks(text):
    """Yield (table, columns, [rows of raw fields]) and the line spans of the data."""
    lines = text.split('\n')
    i = 0
    while i < len(lines):
        m = COPY_RE.match(lines[i])
        if not m:
            i += 1
            continue
        t = parse_qualname(m.group(1))
        cols = parse_cols(m.group(2) or '')
        start = i + 1
        j = start
        while lines[j] != '\\.':
            j += 1
        yield t, cols, start, j, lines
        i = j + 1


def column_fields(text):
    """{(table, column): [decoded values]} of every COPY block of a script."""
    out = {}
    for t, cols, s, e, lines in copy_blocks(text):
        for k in range(s, e):
            for c, f in zip(cols, lines[k].split('\t')):
                out.setdefault((t, c), []).append(copy_decode(f))
    return out

# ---- leak scan --------------------------------------------------------------------------

ALNUM = re.compile(r'[A-Za-z0-9]')
# Anonymisers whose output may legitimately contain an original value: a name from a list,
# a bijection or a shifted date meeting another row's value, the characters scramble,
# digits and mask keep. Their originals are not leaks when they show up inside the output
# of such columns; the test's SQL checks make sure that no row keeps its own value.
ALLOW_SAME = {'first_name', 'last_name', 'full_name', 'digits', 'scramble', 'mask', 'ip',
              'date_shift', 'int_range', 'noise'}


def copy_escape(v):
    return (v.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n')
            .replace('\r', '\\r').replace('\b', '\\b').replace('\f', '\\f').replace('\v', '\\v'))


@functools.lru_cache(maxsize=None)
def variants(v):
    forms = {v}
    forms.add(json.dumps(v, ensure_ascii=False)[1:-1])
    forms.add(v.replace('\\', '\\\\').replace('"', '\\"'))
    for f in list(forms):
        forms.add(copy_escape(f))
    for f in list(forms):
        forms.add(f.replace("'", "''"))
    return tuple(forms)


def occurs(text, v):
    """Whether v (in any of its escaped forms) occurs in text as a whole token."""
    for w in variants(v):
        lb, rb = ALNUM.match(w[0]), ALNUM.match(w[-1])
        i = text.find(w)
        while i >= 0:
            # A letter before the match is no boundary, unless it ends an escape (\t).
            before = lb and i > 0 and ALNUM.match(text[i - 1]) and \
                not (i > 1 and text[i - 2] == '\\')
            after = rb and i + len(w) < len(text) and ALNUM.match(text[i + len(w)])
            if not before and not after:
                return True
            i = text.find(w, i + 1)
    return False


class Obj(list):
    pass


def json_values(doc, subs):
    """Scalars that json(subs) anonymises: under a configured key, at any depth
    (subs: key -> Expr). keep leaves them, const its own value."""
    out = []

    def walk(node, active):
        if isinstance(node, Obj):
            for k, v in node:
                walk(v, subs.get(k, active))
        elif isinstance(node, list):
            for e in node:
                walk(e, active)
        elif isinstance(node, str) and active is not None and active.name != 'keep' and \
                not (active.name == 'const' and node == active.args[0][1]):
            out.append((node, active.name))

    walk(json.loads(doc, object_pairs_hook=Obj, parse_float=str, parse_int=str,
                    parse_constant=str), None)
    return out


def extract(e, text):
    """(value, anonymiser) pairs that rule e changes in one non-NULL value."""
    if e.name == 'json':
        return json_values(text, dict(e.args))
    if e.name == 'regex_replace':
        return [(m.group(0), e.args[1][1].name) for m in re.finditer(e.args[0][1], text)]
    if e.name == 'const' and text == e.args[0][1]:
        return []
    return [(text, e.name)]


def originals(cat, rules):
    """(value, anonymiser name, where) of every scrubbed column, read in one query."""
    cols = cat.scrubbed(rules)
    parts = []
    for n, (t, col, arr, e) in enumerate(cols):
        ref, c = '%s.%s' % (qi(t[0]), qi(t[1])), qi(col)
        # The text as the type's output function writes it (an inet /32 has no suffix),
        # but without char(n)'s padding.
        if arr:
            parts.append("SELECT %d, CASE WHEN pg_typeof(elem_)::text = 'character' THEN "
                         "elem_::text ELSE format('%%s', elem_) END FROM ONLY %s, unnest(%s) "
                         "AS u_(elem_) WHERE elem_ IS NOT NULL" % (n, ref, c))
        else:
            parts.append("SELECT %d, CASE WHEN pg_typeof(%s)::text = 'character' THEN "
                         "%s::text ELSE format('%%s', %s) END FROM ONLY %s WHERE %s IS NOT NULL"
                         % (n, c, c, c, ref, c))
    vals = []
    for n, v in psql_rows(cat.db, ' UNION ALL '.join(parts)):
        t, col, arr, e = cols[int(n)]
        where = '%s.%s.%s' % (t[0], t[1], col)
        if e == 'truncate':
            vals.append((v, 'truncate', where))
        else:
            vals += [(x, a, where) for x, a in extract(e, v)]
    return vals


def allow_pool(cat, rules, fields):
    """Every output field of the columns whose anonymisers keep parts of values or pick
    from small sets, as one text."""
    out = []
    for t, col, arr, e in cat.scrubbed(rules):
        if e == 'truncate':
            continue
        names = {e.name}
        if e.name in ('json', 'regex_replace'):
            names = {v.name for k, v in e.args if isinstance(v, Expr)}
        if names & ALLOW_SAME:
            out += [v for v in fields.get((t, col), []) if v is not None]
    return '\x00'.join(out)


def baseline_text(cat, rules, text):
    """The original script without what the rules scrub: what stays public. json and
    regex_replace columns keep the parts their rules leave alone."""
    scrub = {}
    for t, col, arr, e in cat.scrubbed(rules):
        scrub.setdefault(t, {})[col] = e
    lines = text.split('\n')
    for t, cols, s, e_, _ in copy_blocks(text):
        rules_of = scrub.get(t, {})
        if not rules_of:
            continue
        for k in range(s, e_):
            fs = lines[k].split('\t')
            for n, c in enumerate(cols):
                e = rules_of.get(c)
                if e is None:
                    continue
                v = copy_decode(fs[n])
                if e != 'truncate' and e.name in ('json', 'regex_replace') and v is not None:
                    for x, _ in extract(e, v):
                        for w in sorted(variants(x), key=len, reverse=True):
                            fs[n] = fs[n].replace(w, '')
                else:
                    fs[n] = ''
            lines[k] = '\t'.join(fs)
    return '\n'.join(lines)


def cmd_leaks(a):
    rules, cat = Rules(a.rules), Catalog(a.db)
    vals = originals(cat, rules)
    base = baseline_text(cat, rules, read_script(a.baseline))
    scripts = []
    for path in a.scripts:
        text = read_script(path)
        scripts.append((path.rsplit('/', 1)[-1], text, allow_pool(cat, rules, column_fields(text))))
    scanned = public = same = 0
    leaks, seen = [], set()
    for v, anon, where in vals:
        if len(v) <= 3 or v in seen:
            continue
        seen.add(v)
        try:
            v.encode('utf-8')
        except UnicodeEncodeError:
            continue
        if occurs(base, v):
            public += 1
            continue
        for name, text, pool in scripts:
            if anon in ALLOW_SAME and occurs(pool, v):
                same += 1
                continue
            scanned += 1
            if occurs(text, v):
                leaks.append((name, where, anon, v))
    print('leak scan: %d original values looked for (%d public elsewhere, %d legitimately '
          'produced by %s), %d found' % (scanned, public, same, '/'.join(sorted(ALLOW_SAME)),
                                          len(leaks)))
    if a.expect_leaks:
        return 0 if len(leaks) > scanned // 2 else 1
    for l in leaks[:15]:
        print('  LEAK in %s: %s (%s): %r' % l)
    return 0 if not leaks and scanned > 0 else 1


# ---- statistics -------------------------------------------------------------------------

STAT_RE = re.compile(r'SELECT \* FROM pg_catalog\.pg_restore_attribute_stats\(\n(.*?)\n\);', re.S)
VALUE_KEYS = {'most_common_vals', 'most_common_freqs', 'histogram_bounds', 'most_common_elems',
              'most_common_elem_freqs', 'elem_count_histogram', 'range_length_histogram',
              'range_empty_frac', 'range_bounds_histogram'}


def stat_calls(text):
    out = {}
    for m in STAT_RE.finditer(text):
        body = m.group(1)
        args = dict(re.findall(r"^\t'([a-z_]+)', '((?:[^']|'')*)'", body, re.M))
        keys = set(re.findall(r"^\t'([a-z_]+)', ", body, re.M))
        att = args.get('attname', '#' + args.get('attnum', '?'))
        other = {k: v for k, v in re.findall(r"^\t'([a-z_]+)', (.*?),?$", body, re.M)
                 if k not in VALUE_KEYS}
        out[(args['schemaname'], args['relname'], att, args.get('inherited'))] = (keys & VALUE_KEYS, other)
    return out


def cmd_stats(a):
    rules, cat = Rules(a.rules), Catalog(a.db)
    scrubbed = {(t, c) for t, c, arr, e in cat.scrubbed(rules)}
    rewritten = {t for t, c in scrubbed}
    # Tables with a rewritten table below them (their inherited statistics).
    def has_rewritten_below(t, depth=0):
        return any(p == t and (c in rewritten or has_rewritten_below(c, depth + 1))
                   for c, ps in cat.parents.items() for p in ps) if depth < 20 else True
    before, after = stat_calls(read_script(a.input)), stat_calls(read_script(a.output))
    bad = []
    kept_lists = 0
    for key, (vk, other) in before.items():
        ns, rel, att, inh = key
        t = cat.index_table.get((ns, rel), (ns, rel))
        via_index = (ns, rel) in cat.index_table
        if t in rules.truncate:
            if key in after:
                bad.append('statistics of truncated table %s.%s still there' % t)
            continue
        if key not in after:
            bad.append('statistics entry %r disappeared' % (key,))
            continue
        if after[key][1] != other:
            bad.append('%s.%s.%s: other statistics changed' % (ns, rel, att))
        ak = after[key][0]
        if t not in cat.cols:                 # a materialized view: fail closed
            must_go = True
        elif has_rewritten_below(t):          # inherited statistics of rewritten children
            must_go = True
        elif t in rewritten:
            # Index expressions, and generated columns (not in the data, computed from
            # it), go with the table; the other columns as their rules say.
            must_go = via_index or att not in [c for c, _ in cat.cols[t]] or (t, att) in scrubbed
        else:
            must_go = False
        if must_go and ak:
            bad.append('%s.%s.%s (inherited=%s) still has %s' % (ns, rel, att, inh, sorted(ak)))
        if not must_go:
            if ak != vk:
                bad.append('%s.%s.%s lost %s although nothing of it is scrubbed' %
                           (ns, rel, att, sorted(vk - ak)))
            elif vk:
                kept_lists += 1
    for key in after:
        if key not in before:
            bad.append('statistics entry %r appeared' % (key,))
    print('statistics: %d attribute entries before, %d after; value lists kept for %d '
          'unscrubbed columns; %d problems' % (len(before), len(after), kept_lists, len(bad)))
    scrubbed_lists = sum(1 for k in before if k in after and before[k][0] and not after[k][0])
    if scrubbed_lists < 50:
        bad.append('only %d columns lost their value lists' % scrubbed_lists)
    for b in bad[:15]:
        print('  ' + b)
    return 0 if not bad and kept_lists > 0 else 1

# ---- different keys ---------------------------------------------------------------------

KEYED = {'hash', 'email', 'first_name', 'last_name', 'full_name', 'digits', 'scramble', 'uuid',
         'ip', 'date_shift', 'int_range', 'noise', 'json', 'regex_replace', 'card_number', 'mac',
         'hstore'}
# Outputs with 2^64 and more possibilities: a second key changes every value that the
# anonymiser changes at all.
ALWAYS = {'hash', 'email', 'uuid'}


def cmd_differ(a):
    rules, cat = Rules(a.rules), Catalog(a.db)
    fa, fb = column_fields(read_script(a.a)), column_fields(read_script(a.b))
    bad, cols = [], 0
    for t, col, arr, e in cat.scrubbed(rules):
        if e == 'truncate' or e.name not in KEYED:
            continue
        va, vb = fa.get((t, col), []), fb.get((t, col), [])
        pairs = [(x, y) for x, y in zip(va, vb) if x is not None]
        if not pairs:
            continue
        cols += 1
        diff = sum(1 for x, y in pairs if x != y)
        # A column of few distinct values (all_types.c is 'a' in every row)
        # through an anonymiser with a small output space (scramble of one
        # letter: 26) keeps its values under another key by chance (1 in 26):
        # such a column must differ only for ALWAYS anonymisers.
        few = len(set(x for x, _ in pairs)) < 4 and e.name not in ALWAYS
        if (e.name in ALWAYS and diff != len(pairs)) or (diff == 0 and not few):
            bad.append('%s.%s.%s (%s): %d of %d values differ' % (t[0], t[1], col, e.name,
                                                                   diff, len(pairs)))
    print('different keys: %d keyed columns compared, %d problems' % (cols, len(bad)))
    for b in bad[:15]:
        print('  ' + b)
    return 0 if not bad and cols > 0 else 1


def main():
    p = argparse.ArgumentParser()
    sp = p.add_subparsers(dest='cmd', required=True)
    l = sp.add_parser('leaks')
    l.add_argument('--db', required=True)
    l.add_argument('--rules', required=True)
    l.add_argument('--baseline', required=True)
    l.add_argument('--expect-leaks', action='store_true')
    l.add_argument('scripts', nargs='+')
    s = sp.add_parser('stats')
    s.add_argument('--db', required=True)
    s.add_argument('--rules', required=True)
    s.add_argument('input')
    s.add_argument('output')
    d = sp.add_parser('differ')
    d.add_argument('--db', required=True)
    d.add_argument('--rules', required=True)
    d.add_argument('a')
    d.add_argument('b')
    a = p.parse_args()
    return {'leaks': cmd_leaks, 'stats': cmd_stats, 'differ': cmd_differ}[a.cmd](a)


if __name__ == '__main__':
    sys.exit(main())
PYEOF

# ---- the database and its dumps -------------------------------------------------------

fresh_db orig
psql -X -q -v ON_ERROR_STOP=1 -d orig -f "$FIXTURES/fixture.sql" >"$T/load.log" 2>&1 &&
	psql -X -q -v ON_ERROR_STOP=1 -d orig -f "$E2E_LIB_DIR/anon.sql" >>"$T/load.log" 2>&1 ||
	{ cat "$T/load.log" >&2; fail "loading fixture.sql and anon.sql failed"; }
"$D17" -Fc -d orig -f "$T/in17.dump" || fail "pg_dump 17 failed"
"$D18" -Fc --statistics -d orig -f "$T/in18s.dump" || fail "pg_dump 18 --statistics failed"

RULES=$T/rules.ini
cat >"$RULES" <<'EOF'
[pgscrub]
unlisted = error
large_objects = keep
secret_env = PGSCRUB_TEST_KEY
truncate = clinic.audit_log

[clinic.patients]
id = keep
email = email
alt_email = email
email_short = email
first_name = first_name
last_name = last_name
full_name = full_name
national_no = digits
ref_code = scramble
card_no = mask(keep_first=4, keep_last=4, char='#')
short_code = mask()
token = hash
token_short = hash
ext_id = uuid
ext_ref = uuid
last_ip = ip
ip_text = ip
home_net = ip
birth_date = date_shift(days=30)
registered_at = date_shift(days=10)
last_login = date_shift(days=365)
age = int_range(18, 99)
salary = noise(percent=10)
visits = noise(percent=20)
weight_kg = noise(percent=5)
profile = json(email=email, 'e-mail'=email, emails=email, Phones=digits, phone=digits, First=first_name, last=last_name, tier=scramble, score=int_range(1, 5), contacts=scramble, relation=keep, password=null, pin=null, nick=const('anon'))
raw_doc = json(email=email, note=regex_replace('e+', mask()))
phones = digits
notes = regex_replace('[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', email)
call_log = regex_replace('\+?[0-9][0-9 ()-]{5,}[0-9]', digits)
status = const('redacted')
remark = null
tier = keep

[clinic.appointments]
id = keep
patient_email = email
contact_email = email
patient_token = hash
starts_at = date_shift(days=7)
room = int_range(100, 999)
summary = regex_replace('[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', email)

[clinic.events]
actor_email = email
payload = regex_replace('[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}', email)
* = keep

[clinic.events_2024]
payload = null

[clinic.contacts]
id = keep
email = email
phone = digits

[clinic.vip_contacts]
perks = scramble

[clinic.payments]
id = keep
card = card_number(keep_last=4)
card_bigint = card_number
card_num = card_number(keep_last=1)
card_invalid = card_number
mac = mac
mac8 = mac(keep_oui=true)
mac_text = mac
attrs = hstore(email=email, phone=digits, secret=null)

[public.people]
id = keep
first_name = first_name
last_name = last_name
email = email
phone = digits
birth_date = date_shift(days=15)
notes = scramble

[public.texts]
id = keep
label = keep
body = scramble
tags = mask(keep_first=1)

[public.all_types]
jb = json(email=email, tags=scramble)
j = json(path=mask(keep_first=2), esc=scramble, tab=scramble, nul=scramble, k=mask())
ta = scramble
ia = noise(percent=50)
n = noise(percent=5)
d = date_shift(days=3)
ts = date_shift(days=2)
e = email
f = noise(percent=1)
u = uuid
c = scramble
* = keep

[public.measurements]
note = scramble
peaktemp = noise(percent=50)
* = keep

[public.orders]
qty = int_range(1, 9)
unit_price = noise(percent=10)
ordered_at = date_shift(days=5)
* = keep

["CRM Data"."Weird Table"]
"Full Name" = full_name
"select" = const('sel')
"k=v:x" = scramble
"Ünïcødé" = mask(char='·')
"UPPER" = int_range(0, 1000)
* = keep

[public.people_with_a_deliberately_long_name_of_exactly_sixty_three_byt]
* = keep

[public.empty_table]
* = keep

[public.jp_texts]
* = keep
EOF

# ---- scrub: same key twice, another key, secret = random --------------------------------

scrub_ok "scrub pg_dump 17 archive" -r "$RULES" -i "$T/in17.dump" -o "$T/out1.dump" || fail "cannot go on"
scrub_ok "scrub it again, same key" -r "$RULES" -i "$T/in17.dump" -o "$T/out1b.dump"
check "same key: byte-identical archives" cmp -s "$T/out1.dump" "$T/out1b.dump"
scrub_ok "scrub pg_dump 18 --statistics archive" -r "$RULES" -i "$T/in18s.dump" -o "$T/out18s.dump" ||
	fail "cannot go on"
scrub_ok "scrub it again, same key" -r "$RULES" -i "$T/in18s.dump" -o "$T/out18sb.dump"
check "same key: byte-identical archives (--statistics)" cmp -s "$T/out18s.dump" "$T/out18sb.dump"
PGSCRUB_TEST_KEY=$KEY2 scrub_ok "scrub with another key" -r "$RULES" -i "$T/in17.dump" -o "$T/out2.dump"
if cmp -s "$T/out1.dump" "$T/out2.dump"; then not_ok "another key: the archives are identical"
else ok "another key: the archives differ"; fi
sed 's/^secret_env = .*/secret = random/' "$RULES" >"$T/random.ini"
scrub_ok "secret = random, run 1" -r "$T/random.ini" -i "$T/in17.dump" -o "$T/rand1.dump"
scrub_ok "secret = random, run 2" -r "$T/random.ini" -i "$T/in17.dump" -o "$T/rand2.dump"
if cmp -s "$T/rand1.dump" "$T/rand2.dump"; then not_ok "secret = random: two runs gave identical archives"
else ok "secret = random: two runs differ"; fi

scrub_pipe "$T/in17.dump" "$T/outp.dump" -r "$RULES"
if scrub_crashed || [ "$SCRUB_RC" -ne 0 ]; then not_ok "scrub from a pipe to a pipe: exit $SCRUB_RC $SCRUB_WHY: $(scrub_stderr)"
else ok "scrub from a pipe to a pipe"; fi
for f in in17 out1 out2 rand1 rand2 outp; do
	script_of "$T/$f.dump" 17 >"$T/$f.sql" || fail "pg_restore 17 -f - of $f.dump failed"
done
for f in in18s out18s; do
	script_of "$T/$f.dump" 18 >"$T/$f.sql" || fail "pg_restore 18 -f - of $f.dump failed"
done
check_same_file "pipe in, pipe out: the same script as with files" "$T/out1.sql" "$T/outp.sql"
check "another key: every keyed column has other values" \
	python3 "$PY" differ --db orig --rules "$RULES" "$T/out1.sql" "$T/out2.sql"
check "secret = random: every keyed column has other values in the second run" \
	python3 "$PY" differ --db orig --rules "$RULES" "$T/rand1.sql" "$T/rand2.sql"

# ---- leak scan and statistics ---------------------------------------------------------------

check "leak scan finds the originals in the unscrubbed scripts (the scan works)" \
	python3 "$PY" leaks --db orig --rules "$RULES" --baseline "$T/in17.sql" --expect-leaks \
	"$T/in17.sql" "$T/in18s.sql"
check "leak scan: no original value of a scrubbed column in the scrubbed scripts" \
	python3 "$PY" leaks --db orig --rules "$RULES" --baseline "$T/in17.sql" \
	"$T/out1.sql" "$T/out18s.sql"
check "STATISTICS DATA: value lists of scrubbed columns removed, the others kept" \
	python3 "$PY" stats --db orig --rules "$RULES" "$T/in18s.sql" "$T/out18s.sql"

# ---- restore, with the originals beside ---------------------------------------------

fresh_db s1
check "the scrubbed archive restores (UNIQUE, PRIMARY KEY, NOT NULL, FOREIGN KEY, CHECK hold)" \
	restore_db 17 s1 "$T/out1.dump"
psql_q s1 "CREATE SCHEMA o" >/dev/null || fail "cannot create schema o"
# copy_orig NAME SELECT-FROM LIKE-TABLE: o.NAME in s1 = the rows of SELECT-FROM in orig.
copy_orig() {
	psql_q s1 "CREATE TABLE o.$1 (LIKE $3)" >/dev/null &&
		psql -X -q -v ON_ERROR_STOP=1 -d orig -c "COPY (SELECT * FROM $2) TO STDOUT" |
		psql -X -q -v ON_ERROR_STOP=1 -d s1 -c "COPY o.$1 FROM STDIN" ||
		fail "cannot copy the original rows of $2"
}
copy_orig patients clinic.patients clinic.patients
copy_orig appointments clinic.appointments clinic.appointments
copy_orig events_2023 clinic.events_2023 clinic.events_2023
copy_orig events_2024 clinic.events_2024 clinic.events_2024
copy_orig contacts "ONLY clinic.contacts" clinic.contacts
copy_orig vip_contacts clinic.vip_contacts clinic.vip_contacts
copy_orig people public.people public.people
copy_orig texts public.texts public.texts
copy_orig all_types public.all_types public.all_types
copy_orig orders public.orders public.orders
copy_orig measurements public.measurements public.measurements
copy_orig weird '"CRM Data"."Weird Table"' '"CRM Data"."Weird Table"'
copy_orig payments clinic.payments clinic.payments

P="clinic.patients a JOIN o.patients b USING (id)"
check_eq "patients: every row restored" 200 "$(q "SELECT count(*) FROM $P")"
same_nulls "$P" email alt_email email_short first_name last_name full_name national_no ref_code \
	card_no short_code token token_short ext_id ext_ref last_ip ip_text home_net birth_date registered_at \
	last_login age salary visits weight_kg profile raw_doc phones notes call_log status tier

# email
viol "email: fake address, 26 base32 characters at example.com/.net/.org" "$P" "a.email !~ $EMAIL26"
viol "email: never the original (any case)" "$P" "lower(a.email) = lower(b.email)"
viol "email into varchar(20): 8 characters before the domain, fits" "$P" \
	"a.email_short !~ '^[a-z2-7]{8}@example\.(com|net|org)\$' OR char_length(a.email_short) > 20"
viol "email: never the original (varchar(20))" "$P" "a.email_short = b.email_short"
viol "email into char(40): the same fake as in the text column for the same address" "$P" \
	"b.alt_email::text = b.email AND a.alt_email::text IS DISTINCT FROM a.email"
holds "email: distinct addresses keep distinct fakes" \
	"(SELECT count(DISTINCT email) FROM clinic.patients) = (SELECT count(DISTINCT email) FROM o.patients)"

# names
viol "first_name: a name from the list (letters only), never the original" "$P" \
	"a.first_name !~ '^[A-Za-z]+\$' OR lower(a.first_name) = lower(b.first_name)"
viol "last_name: a name that fits varchar(12), never the original" "$P" \
	"a.last_name !~ '^[A-Za-z]{1,12}\$' OR lower(a.last_name) = lower(b.last_name)"
viol "full_name: 'First Last', never the original" "$P" \
	"a.full_name !~ '^[A-Za-z]+ [A-Za-z]+\$' OR lower(a.full_name) = lower(b.full_name)"

# digits, scramble, mask
viol "digits: same length, every non-digit where it was" "$P" \
	"$(dskel a.national_no) <> $(dskel b.national_no)"
viol "digits: the number changed" "$P" "a.national_no = b.national_no"
viol "digits on text[]: same elements, NULL elements kept, non-digits kept" "$P" \
	"$(dskel a.phones::text) <> $(dskel b.phones::text) OR cardinality(a.phones) <> cardinality(b.phones)
	 OR array_positions(a.phones, NULL) <> array_positions(b.phones, NULL)"
viol "digits on text[]: every number changed" \
	"$P, LATERAL unnest(a.phones, b.phones) AS u(x, y)" "x = y"
viol "scramble into char(10): case and class of every character kept" "$P" \
	"$(cskel a.ref_code::text) <> $(cskel b.ref_code::text) OR octet_length(a.ref_code) <> octet_length(b.ref_code)"
viol "scramble: changed" "$P" "a.ref_code = b.ref_code"
viol "mask(keep_first=4, keep_last=4, char='#'): first 4 and last 4 kept, the rest #" "$P" \
	"char_length(a.card_no) <> char_length(b.card_no) OR CASE WHEN char_length(b.card_no) > 8 THEN
	   left(a.card_no, 4) <> left(b.card_no, 4) OR right(a.card_no, 4) <> right(b.card_no, 4)
	   OR substr(a.card_no, 5, char_length(a.card_no) - 8) !~ '^#+\$'
	 ELSE a.card_no !~ '^#+\$' END"
viol "mask(): every character masked, length kept" "$P" \
	"a.short_code !~ '^[*]+\$' OR char_length(a.short_code) <> char_length(b.short_code)"

# hash, uuid
viol "hash: 32 lower-case hex digits, never the original" "$P" \
	"a.token !~ '^[0-9a-f]{32}\$' OR a.token = b.token"
viol "hash into varchar(24): 24 hex digits" "$P" "a.token_short !~ '^[0-9a-f]{24}\$'"
viol "uuid: a version 4 UUID, never the original" "$P" "a.ext_id::text !~ $UUID4 OR a.ext_id = b.ext_id"
viol "uuid: the same UUID in a text column gets the same fake as in the uuid column" "$P" \
	"b.ext_ref = b.ext_id::text AND a.ext_ref IS DISTINCT FROM a.ext_id::text"

# ip
viol "ip on inet: same family and netmask, never the original" "$P" \
	"family(a.last_ip) <> family(b.last_ip) OR masklen(a.last_ip) <> masklen(b.last_ip) OR a.last_ip = b.last_ip"
viol "ip: IPv4-mapped IPv6 stays mapped, other IPv6 does not become mapped" "$P" \
	"(host(a.last_ip) LIKE '::ffff:%.%') <> (host(b.last_ip) LIKE '::ffff:%.%')"
viol "ip: the same address in a text column gets the same fake as in the inet column" "$P" \
	"b.ip_text = b.last_ip::text AND a.ip_text IS DISTINCT FROM a.last_ip::text"
viol "ip on cidr: same family and prefix length, host bits zero, network changed" "$P" \
	"family(a.home_net) <> family(b.home_net) OR masklen(a.home_net) <> masklen(b.home_net)
	 OR a.home_net::inet <> network(a.home_net)::inet OR a.home_net = b.home_net"

# date_shift
viol "date_shift(days=30) on date: moved by 1..30 days; infinity kept" "$P" \
	"CASE WHEN isfinite(b.birth_date) THEN abs(a.birth_date - b.birth_date) NOT BETWEEN 1 AND 30
	 ELSE a.birth_date <> b.birth_date END"
holds "date_shift: a BC date stays BC and moves by 1..30 days" \
	"(SELECT a.birth_date < date '0001-01-01' AND abs(a.birth_date - b.birth_date) BETWEEN 1 AND 30 FROM $P WHERE id = 7)"
viol "date_shift(days=10) on timestamp: 1..10 days, time of day kept; -infinity kept" "$P" \
	"CASE WHEN isfinite(b.registered_at) THEN abs(a.registered_at::date - b.registered_at::date) NOT BETWEEN 1 AND 10
	   OR a.registered_at::time <> b.registered_at::time
	 ELSE a.registered_at <> b.registered_at END"
viol "date_shift(days=365) on timestamptz: 1..365 days, time of day kept; infinity kept" "$P" \
	"CASE WHEN isfinite(b.last_login) THEN
	   abs((a.last_login AT TIME ZONE 'UTC')::date - (b.last_login AT TIME ZONE 'UTC')::date) NOT BETWEEN 1 AND 365
	   OR (a.last_login AT TIME ZONE 'UTC')::time <> (b.last_login AT TIME ZONE 'UTC')::time
	 ELSE a.last_login <> b.last_login END"

# int_range, noise
viol "int_range(18, 99): within bounds" "$P" "a.age NOT BETWEEN 18 AND 99"
viol "noise(percent=10) on numeric(7,2): within 10 % (+ rounding to 2 places), fits" "$P" \
	"abs(a.salary - b.salary) > abs(b.salary) * 0.10 + 0.005 OR abs(a.salary) > 99999.99"
holds "noise on numeric: values changed" "(SELECT count(*) FILTER (WHERE a.salary <> b.salary) > count(a.salary) / 2 FROM $P)"
viol "noise(percent=20) on integer: within 20 % (+ rounding), 0 stays 0" "$P" \
	"abs(a.visits - b.visits) > abs(b.visits) * 0.20 + 0.5 OR (b.visits = 0 AND a.visits <> 0)"
viol "noise(percent=5) on double precision: within 5 % (+ printed precision)" "$P" \
	"abs(a.weight_kg - b.weight_kg) > abs(b.weight_kg) * 0.05 + abs(a.weight_kg) * 5e-4"
holds "noise on integer and float: values changed" \
	"(SELECT count(*) FILTER (WHERE a.visits <> b.visits) > 100 AND count(*) FILTER (WHERE a.weight_kg <> b.weight_kg) > 100 FROM $P)"

# const, null, keep
viol "const('redacted'): every value" "$P" "a.status <> 'redacted'"
check_eq "null: every value NULL" 0 "$(q "SELECT count(remark) FROM clinic.patients")"
viol "keep: unchanged" "$P" "a.tier IS DISTINCT FROM b.tier"

# json on jsonb
viol "json: email inside the document = the email column's fake for the same address" "$P" \
	"b.profile->>'email' = b.email AND a.profile->>'email' IS DISTINCT FROM a.email"
viol "json: quoted key 'e-mail', nested contacts[].email: the fake of the same address" \
	"$P JOIN o.patients bx ON bx.email IN (b.profile->>'e-mail', b.profile#>>'{contacts,0,email}')
	 JOIN clinic.patients ax ON ax.id = bx.id" \
	"ax.email NOT IN (a.profile->>'e-mail', a.profile#>>'{contacts,0,email}')"
viol "json: emails=email applies to every element of the array under it" "$P" \
	"b.profile IS NOT NULL AND (a.profile#>>'{history,0,emails,0}' !~ $EMAIL26 OR a.profile#>>'{history,0,emails,1}' !~ $EMAIL26)"
viol "json: Phones (upper case key) and nested phone: digits replaced, format kept" "$P" \
	"$(dskel "a.profile->>'Phones'") <> $(dskel "b.profile->>'Phones'") OR a.profile->'Phones' = b.profile->'Phones'
	 OR $(dskel "a.profile#>>'{contacts,0,phone}'") <> $(dskel "b.profile#>>'{contacts,0,phone}'")
	 OR a.profile#>>'{contacts,0,phone}' = b.profile#>>'{contacts,0,phone}'"
viol "json: the same phone number gets the same fake in the document and in the text[] column" "$P" \
	"b.profile->'Phones'->>0 = b.phones[1] AND a.profile->'Phones'->>0 IS DISTINCT FROM a.phones[1]"
viol "json: First/last in a nested object: names from the list, never the original" "$P" \
	"b.profile IS NOT NULL AND (a.profile#>>'{name,First}' !~ '^[A-Za-z]+\$' OR a.profile#>>'{name,last}' !~ '^[A-Za-z]+\$'
	 OR a.profile#>>'{name,First}' = b.profile#>>'{name,First}' OR a.profile#>>'{name,last}' = b.profile#>>'{name,last}')"
viol "json: keys are case-sensitive (TIER kept, tier scrambled)" "$P" \
	"a.profile->'TIER' <> b.profile->'TIER' OR a.profile->>'tier' = b.profile->>'tier'
	 OR $(cskel "a.profile->>'tier'") <> $(cskel "b.profile->>'tier'")"
viol "json: a number stays a number (score=int_range(1, 5))" "$P" \
	"b.profile IS NOT NULL AND (jsonb_typeof(a.profile->'score') <> 'number' OR (a.profile->>'score')::int NOT BETWEEN 1 AND 5)"
viol "json: unconfigured keys and values kept, same key set" "$P" \
	"a.profile#>'{history,0,n}' <> b.profile#>'{history,0,n}' OR a.profile->'TIER' <> b.profile->'TIER'
	 OR ARRAY(SELECT jsonb_object_keys(a.profile) ORDER BY 1) <> ARRAY(SELECT jsonb_object_keys(b.profile) ORDER BY 1)
	 OR ARRAY(SELECT jsonb_object_keys(a.profile#>'{contacts,0}') ORDER BY 1)
	    <> ARRAY(SELECT jsonb_object_keys(b.profile#>'{contacts,0}') ORDER BY 1)"
viol "json: key=null gives JSON null (a string and a number)" "$P" \
	"b.profile IS NOT NULL AND (a.profile->'password' <> 'null'::jsonb OR a.profile->'pin' <> 'null'::jsonb)"
viol "json: key=const('anon') gives the string" "$P" "a.profile#>'{name,nick}' <> '\"anon\"'::jsonb"
viol "json: an array under a configured key (contacts=scramble) has its strings scrambled" "$P" \
	"b.profile IS NOT NULL AND ($(cskel "a.profile#>>'{contacts,0,label}'") <> $(cskel "b.profile#>>'{contacts,0,label}'")
	 OR a.profile#>>'{contacts,0,label}' = b.profile#>>'{contacts,0,label}')"
viol "json: ... but a deeper configured key uses its own anonymiser (relation=keep, email=email)" "$P" \
	"b.profile IS NOT NULL AND (a.profile#>'{contacts,0,relation}' <> b.profile#>'{contacts,0,relation}'
	 OR a.profile->'contacts'->1 <> b.profile->'contacts'->1 OR a.profile#>>'{contacts,0,email}' !~ $EMAIL26)"
viol "json: no original address left in the document" "$P" "a.profile::text ~* 'clinic-mail'"

# json on json (text kept byte for byte outside the replaced values)
viol "json on json: whitespace, key order, duplicate keys, Email (other case) kept byte for byte; regex_replace inside json" "$P" \
	"regexp_replace(a.raw_doc::text, '\"[a-z2-7]{26}@example\.(com|net|org)\"', '\"E\"', 'g')
	 <> replace(regexp_replace(b.raw_doc::text, '\"[^\"]*@[Cc]linic-[Mm]ail\.test\"', '\"E\"', 'g'),
	            '\"keep me\"', '\"k**p m*\"')"
viol "json on json: an address written with a \\u escape gets the column's fake" "$P" \
	"b.email IS NOT NULL AND b.raw_doc::text LIKE '{%' AND (SELECT v #>> '{}' FROM json_each(a.raw_doc) WITH ORDINALITY AS e(k, v, n)
	   WHERE k = 'email' ORDER BY n LIMIT 1) IS DISTINCT FROM a.email"

# regex_replace
viol "regex_replace(email): text around the matches kept (tabs, newlines, backslashes)" "$P" \
	"regexp_replace(a.notes, $EMAIL_RE, 'E', 'g') <> regexp_replace(b.notes, $EMAIL_RE, 'E', 'g')"
viol "regex_replace(email): the address in free text gets the column's fake" "$P" \
	"b.email IS NOT NULL AND b.notes IS NOT NULL AND position(a.email IN a.notes) = 0"
viol "regex_replace(email): no original address left" "$P" "a.notes ~* 'clinic-mail'"
viol "regex_replace(digits): digits replaced, everything else kept" "$P" \
	"$(dskel a.call_log) <> $(dskel b.call_log) OR a.call_log = b.call_log OR position('at 10:00, then' IN a.call_log) = 0"
viol "regex_replace(digits): the same number as in the text[] column gets the same fake" "$P" \
	"b.phones[1] IS NOT NULL AND position(b.phones[1] IN b.call_log) > 0 AND position(a.phones[1] IN a.call_log) = 0"

# ---- appointments: joins on the address --------------------------------------------------

A="clinic.appointments a JOIN o.appointments b USING (id)"
same_nulls "$A" patient_email contact_email patient_token starts_at room summary
joins() { printf "(SELECT count(*) FROM %s.appointments x JOIN %s.patients p ON p.email = x.%s)" "$1" "$1" "$2"; }
check_eq "join appointments.patient_email = patients.email: as many rows as before" \
	"$(q "SELECT $(joins o patient_email)")" "$(q "SELECT $(joins clinic patient_email)")"
check_eq "join appointments.contact_email = patients.email: as many rows as before" \
	"$(q "SELECT $(joins o contact_email)")" "$(q "SELECT $(joins clinic contact_email)")"
viol "appointments: emails are fakes, never the original" "$A" \
	"a.patient_email !~ $EMAIL26 OR a.contact_email !~ $EMAIL26 OR a.patient_email = b.patient_email OR a.contact_email = b.contact_email"
viol "appointments: each appointment joins the same patient as before (patient_email)" \
	"$A JOIN o.patients bp ON bp.email = b.patient_email JOIN clinic.patients ap ON ap.id = bp.id" \
	"a.patient_email IS DISTINCT FROM ap.email"
viol "appointments: contact_email shared with patients.email gets the same fake" \
	"$A JOIN o.patients bp ON bp.email = b.contact_email JOIN clinic.patients ap ON ap.id = bp.id" \
	"a.contact_email IS DISTINCT FROM ap.email"
viol "hash: the same token gets the same hash in both tables" \
	"$A JOIN o.patients bp ON bp.token = b.patient_token JOIN clinic.patients ap ON ap.id = bp.id" \
	"a.patient_token IS DISTINCT FROM ap.token"
viol "regex_replace(email) in another table: the same fake as the column" "$A" \
	"a.summary IS NOT NULL AND (position(a.patient_email IN a.summary) = 0 OR a.summary ~* 'clinic-mail')"
viol "date_shift(days=7) on timestamptz NOT NULL: 1..7 days, time kept" "$A" \
	"abs((a.starts_at AT TIME ZONE 'UTC')::date - (b.starts_at AT TIME ZONE 'UTC')::date) NOT BETWEEN 1 AND 7
	 OR (a.starts_at AT TIME ZONE 'UTC')::time <> (b.starts_at AT TIME ZONE 'UTC')::time"
viol "int_range(100, 999): within bounds" "$A" "a.room NOT BETWEEN 100 AND 999"

# ---- partitions and inheritance ----------------------------------------------------------

for part in events_2023 events_2024; do
	E="clinic.$part a JOIN o.$part b USING (id)"
	same_nulls "$E" actor_email
	viol "parent section covers $part: actor_email = the patients' fake of the address" \
		"$E JOIN o.patients bp ON bp.email = b.actor_email JOIN clinic.patients ap ON ap.id = bp.id" \
		"a.actor_email IS DISTINCT FROM ap.email"
	viol "parent section covers $part: * = keep" "$E" "a.happened <> b.happened"
done
E="clinic.events_2023 a JOIN o.events_2023 b USING (id)"
same_nulls "$E" payload
viol "parent section covers events_2023: payload regex_replace'd" "$E" \
	"a.payload ~* 'clinic-mail' OR a.payload !~ '^login by [a-z2-7]{26}@example\.(com|net|org)\$'"
check_eq "a child section wins over its parent's (events_2024.payload = null)" 0 \
	"$(q "SELECT count(payload) FROM clinic.events_2024")"
C="ONLY clinic.contacts a JOIN o.contacts b USING (id)"
V="clinic.vip_contacts a JOIN o.vip_contacts b USING (id)"
for X in "$C" "$V"; do
	viol "contacts (${X%% a*}): email = the patients' fake of the address, phone digits" \
		"$X JOIN o.patients bp ON bp.email = b.email JOIN clinic.patients ap ON ap.id = bp.id" \
		"a.email IS DISTINCT FROM ap.email OR $(dskel a.phone) <> $(dskel b.phone) OR a.phone = b.phone"
done
viol "inheritance child: its own column by its own section, scramble" "$V" \
	"$(cskel a.perks) <> $(cskel b.perks) OR a.perks = b.perks"
check_eq "truncate: the table exists" clinic.audit_log "$(q "SELECT to_regclass('clinic.audit_log')")"
check_eq "truncate: ... and is empty" 0 "$(q "SELECT count(*) FROM clinic.audit_log")"
check_eq "truncate: ... the original had rows" 150 "$(psql_q orig "SELECT count(*) FROM clinic.audit_log")"

# ---- the fixture tables ----------------------------------------------------------------------

P="public.people a JOIN o.people b USING (id)"
same_nulls "$P" first_name last_name email phone birth_date notes
viol "people: email in a varchar(254) domain with a CHECK, never the original" "$P" "a.email !~ $EMAIL26 OR a.email = b.email"
viol "people: names from the list, never the original (unicode originals too)" "$P" \
	"a.first_name !~ '^[A-Za-z]+\$' OR lower(a.first_name) = lower(b.first_name) OR a.last_name !~ '^[A-Za-z]+\$' OR a.last_name = b.last_name"
viol "people: digits on varchar(32) phone numbers" "$P" "$(dskel a.phone) <> $(dskel b.phone) OR a.phone = b.phone"
viol "people: scramble keeps tabs, CR, LF, backslashes, the text \\N and unicode where they were" "$P" \
	"$(cskel a.notes) <> $(cskel b.notes) OR octet_length(a.notes) <> octet_length(b.notes) OR a.notes = b.notes"
viol "people: date_shift(days=15)" "$P" "abs(a.birth_date - b.birth_date) NOT BETWEEN 1 AND 15"
P="public.texts a JOIN o.texts b USING (id)"
same_nulls "$P" body tags
viol "texts: scramble on every COPY escape corner (classes per position, bytes kept)" "$P" \
	"$(cskel a.body) <> $(cskel b.body) OR octet_length(a.body) <> octet_length(b.body)"
viol "texts: mask(keep_first=1) per array element; NULL elements and element count kept" \
	"$P, LATERAL unnest(a.tags, b.tags) AS u(x, y)" \
	"(x IS NULL) <> (y IS NULL) OR char_length(x) <> char_length(y)
	 OR (char_length(y) > 1 AND (left(x, 1) <> left(y, 1) OR substr(x, 2) !~ '^[*]+\$'))
	 OR (char_length(y) = 1 AND x <> '*')"
P="public.all_types a JOIN o.all_types b USING (id)"
same_nulls "$P" jb j ta ia n d ts e f u c
viol "all_types: json(email=email) on jsonb" "$P" "b.jb ? 'email' AND a.jb->>'email' !~ $EMAIL26"
# (json's -> and ->> refuse documents with \u0000: compare the text.)
JSKEL="'\"(path|k|tab|esc)\": \"(\\\\.|[^\"\\\\])*\"', '\"\\1\": X', 'g'"
viol "all_types: json on json: other keys byte for byte (\u0000, surrogate pairs), path masked" "$P" \
	"regexp_replace(a.j::text, $JSKEL) <> regexp_replace(b.j::text, $JSKEL)
	 OR (b.j::text LIKE '%\"path\"%' AND a.j::text !~ '\"path\": \"C:[*]+\"')
	 OR (b.j::text LIKE '%\"esc\"%' AND a.j::text !~ '\"esc\": \"[^\"\\\\]{2}😀\"')"
viol "all_types: uuid" "$P" "a.u::text !~ $UUID4 OR a.u = b.u"
viol "all_types: email on the domain column" "$P" "a.e !~ $EMAIL26"
viol "all_types: date_shift(days=3) on date, infinity kept" "$P" \
	"CASE WHEN isfinite(b.d) THEN abs(a.d - b.d) NOT BETWEEN 1 AND 3 ELSE a.d <> b.d END"
viol "all_types: date_shift(days=2) on timestamptz(3), -infinity kept, time kept" "$P" \
	"CASE WHEN isfinite(b.ts) THEN abs((a.ts AT TIME ZONE 'UTC')::date - (b.ts AT TIME ZONE 'UTC')::date) NOT BETWEEN 1 AND 2
	   OR (a.ts AT TIME ZONE 'UTC')::time <> (b.ts AT TIME ZONE 'UTC')::time ELSE a.ts <> b.ts END"
viol "all_types: noise(percent=5) on numeric(14,4), NaN kept" "$P" \
	"CASE WHEN b.n = 'NaN' THEN a.n <> 'NaN' ELSE a.n = 'NaN' OR abs(a.n - b.n) > abs(b.n) * 0.05 + 0.00005 END"
viol "all_types: noise(percent=1) on double precision: Infinity and -0 kept, 1e300 within 1 %" "$P" \
	"CASE WHEN b.f = 'Infinity' THEN a.f <> 'Infinity' ELSE abs(a.f - b.f) > abs(b.f) * 0.01 + abs(a.f) * 1e-3 END"
viol "all_types: noise(percent=50) on integer[] per element, NULL elements kept" \
	"$P, LATERAL unnest(a.ia, b.ia) AS u(x, y)" "(x IS NULL) <> (y IS NULL) OR abs(x - y) > abs(y) * 0.5 + 0.5"
viol "all_types: scramble per text[] element (NULL elements kept) and on char(3)" \
	"$P LEFT JOIN LATERAL unnest(a.ta, b.ta) AS u(x, y) ON true" \
	"(x IS NULL) <> (y IS NULL) OR $(cskel x) <> $(cskel y) OR $(cskel a.c::text) <> $(cskel b.c::text)"
P="public.measurements a JOIN o.measurements b USING (logdate)"
check_eq "measurements: every partition's rows restored" 120 "$(q "SELECT count(*) FROM $P")"
same_nulls "$P" note peaktemp
viol "measurements (partitions by the parent's section): scramble, noise(percent=50)" "$P" \
	"$(cskel a.note) <> $(cskel b.note) OR abs(a.peaktemp - b.peaktemp) > abs(b.peaktemp) * 0.5 + 0.5 OR a.city_id <> b.city_id"
P="public.orders a JOIN o.orders b USING (id)"
viol "orders: int_range(1, 9), noise(percent=10) on numeric(10,2) NOT NULL, date_shift(days=5); total recomputed" "$P" \
	"a.qty NOT BETWEEN 1 AND 9 OR abs(a.unit_price - b.unit_price) > b.unit_price * 0.1 + 0.005
	 OR abs((a.ordered_at AT TIME ZONE 'UTC')::date - (b.ordered_at AT TIME ZONE 'UTC')::date) NOT BETWEEN 1 AND 5
	 OR (a.ordered_at AT TIME ZONE 'UTC')::time <> (b.ordered_at AT TIME ZONE 'UTC')::time
	 OR a.total <> a.qty * a.unit_price OR a.person_id IS DISTINCT FROM b.person_id"
P='"CRM Data"."Weird Table" a JOIN o.weird b USING (id)'
same_nulls "$P" '"Full Name"' '"select"' '"k=v:x"' '"Ünïcødé"' '"UPPER"'
viol "const('sel') on a nullable column: the constant, NULL stays NULL" "$P" "a.\"select\" <> 'sel'"
viol "quoted identifiers: full_name, scramble, mask(char='·') by characters, int_range" "$P" \
	"a.\"Full Name\" !~ '^[A-Za-z]+ [A-Za-z]+\$' OR a.\"Full Name\" = b.\"Full Name\"
	 OR $(cskel 'a."k=v:x"') <> $(cskel 'b."k=v:x"')
	 OR a.\"Ünïcødé\" !~ '^·+\$' OR char_length(a.\"Ünïcødé\") <> char_length(b.\"Ünïcødé\")
	 OR a.\"UPPER\" NOT BETWEEN 0 AND 1000"

# ---- card_number, mac, hstore --------------------------------------------------------------

psql_q s1 "CREATE FUNCTION o.luhn(s text) RETURNS integer LANGUAGE sql IMMUTABLE AS \$\$
	SELECT (sum(CASE WHEN i % 2 = 0 THEN (2 * d) / 10 + (2 * d) % 10 ELSE d END) % 10)::integer
	FROM unnest(string_to_array(reverse(regexp_replace(s, '[^0-9]', '', 'g')), NULL)::integer[])
	WITH ORDINALITY AS u(d, i) \$\$" >/dev/null || fail "cannot create o.luhn"
Y="clinic.payments a JOIN o.payments b USING (id)"
check_eq "payments: every row restored" 120 "$(q "SELECT count(*) FROM $Y")"
same_nulls "$Y" card card_bigint card_num card_invalid mac mac8 mac_text attrs
holds "payments: the originals are Luhn-valid (the checks below mean something)" \
	"(SELECT bool_and(o.luhn(card) = 0 AND o.luhn(card_bigint::text) = 0 AND o.luhn(card_num::text) = 0) FROM o.payments)"
viol "card_number: Luhn-valid, same length and skeleton, last 4 kept (text)" "$Y" \
	"o.luhn(a.card) <> 0 OR $(dskel a.card) <> $(dskel b.card) OR right(a.card, 4) <> right(b.card, 4)"
viol "card_number: the number changed (text)" "$Y" "a.card = b.card"
viol "card_number: bigint, Luhn-valid, 16 digits, changed" "$Y" \
	"o.luhn(a.card_bigint::text) <> 0 OR length(a.card_bigint::text) <> 16 OR a.card_bigint = b.card_bigint"
viol "card_number: numeric, Luhn-valid, 19 digits, last digit kept, changed" "$Y" \
	"o.luhn(a.card_num::text) <> 0 OR length(a.card_num::text) <> 19 OR right(a.card_num::text, 1) <> right(b.card_num::text, 1) OR a.card_num = b.card_num"
viol "card_number: a Luhn-invalid number stays invalid, with the same Luhn sum" "$Y" \
	"o.luhn(a.card_invalid) = 0 OR o.luhn(a.card_invalid) <> o.luhn(b.card_invalid) OR a.card_invalid = b.card_invalid"
holds "card_number: distinct numbers stay distinct" \
	"(SELECT count(DISTINCT card_bigint) FROM clinic.payments) = (SELECT count(DISTINCT card_bigint) FROM o.payments)"
viol "mac: a valid macaddr, changed, I/G and U/L bits kept" "$Y" \
	"a.mac = b.mac OR (('x' || substr(a.mac::text, 1, 2))::bit(8)::integer & 3) <> (('x' || substr(b.mac::text, 1, 2))::bit(8)::integer & 3)"
viol "mac(keep_oui=true): macaddr8, vendor (3 bytes) kept, the rest changed" "$Y" \
	"left(a.mac8::text, 8) <> left(b.mac8::text, 8) OR a.mac8 = b.mac8"
viol "mac: text in upper case with dashes keeps its form, the same fake as the macaddr column" "$Y" \
	"a.mac_text <> upper(replace(a.mac::text, ':', '-'))"
holds "mac: distinct addresses stay distinct" \
	"(SELECT count(DISTINCT mac) FROM clinic.payments) = (SELECT count(DISTINCT mac) FROM o.payments)"
viol "hstore: the same keys, untouched pairs kept (a quote, a backslash, =>)" "$Y" \
	"akeys(a.attrs) <> akeys(b.attrs) OR a.attrs -> 'plan' <> b.attrs -> 'plan' OR a.attrs -> 'note' <> b.attrs -> 'note'"
viol "hstore: email is a fake, the one the patients' email column got for the same address" \
	"$Y LEFT JOIN o.patients op ON op.email = b.attrs -> 'email' LEFT JOIN clinic.patients cp ON cp.id = op.id" \
	"a.attrs -> 'email' !~ $EMAIL26 OR (op.id IS NOT NULL AND cp.email <> a.attrs -> 'email')"
holds "hstore: some addresses are also patients' (the join above compares something)" \
	"(SELECT count(*) FROM o.payments y JOIN o.patients p ON p.email = y.attrs -> 'email') > 50"
viol "hstore: phone digits replaced, skeleton kept; NULL stays NULL" "$Y" \
	"(a.attrs -> 'phone' IS NULL) <> (b.attrs -> 'phone' IS NULL) OR $(dskel "a.attrs -> 'phone'") <> $(dskel "b.attrs -> 'phone'") OR a.attrs -> 'phone' = b.attrs -> 'phone'"
viol "hstore: secret=null makes the value NULL, the key stays" "$Y" \
	"NOT (a.attrs ? 'secret') OR a.attrs -> 'secret' IS NOT NULL"

# ---- rules that cannot fit: refused before any output -----------------------------------

mkdir -p "$T/err"
# refused NAME EXIT RULES-TEXT WHAT [ENV-ARGS...]: pgscrub (run under env ENV-ARGS) refuses
# the rules with EXIT, prints one error line (and a hint) containing WHAT, and leaves no
# file at all in the output directory.
refused() {
	local name=$1 want=$2 text=$3 what=$4; shift 4
	printf '%s\n' "$text" >"$T/err.ini"
	rm -rf "$T/err"; mkdir -p "$T/err"
	env "$@" timeout -k 5 "$SCRUB_TIMEOUT" "$PGSCRUB" -r "$T/err.ini" -i "$T/in17.dump" \
		-o "$T/err/out.dump" 2>"$SCRUB_ERR"
	SCRUB_RC=$?
	if scrub_crashed; then not_ok "$name: pgscrub $SCRUB_WHY: $(scrub_stderr)"; return; fi
	check_eq "$name: exit $want" "$want" "$SCRUB_RC"
	check "$name: one error line (and a hint)" scrub_error_ok
	case $SCRUB_STDERR in *"$what"*) ok "$name: the message names $what" ;;
		*) not_ok "$name: the message does not name $what: $(scrub_stderr)" ;; esac
	check_eq "$name: no output file, no temporary file" "" "$(ls -A "$T/err")"
}
HEAD=$'[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret_env = PGSCRUB_TEST_KEY\n[clinic.patients]'
refused "email on an integer column" 3 "$HEAD"$'\nage = email' age
refused "null on a NOT NULL column" 3 "$HEAD"$'\nfirst_name = null' first_name
refused "hash on varchar(10)" 3 "$HEAD"$'\nshort_code = hash' short_code
refused "email on varchar(10) (needs 20)" 3 \
	$'[pgscrub]\nunlisted = keep\nlarge_objects = keep\nsecret = random\n[clinic.patients]\nshort_code = email' short_code
refused "keyed anonymiser without a secret" 2 \
	$'[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[clinic.patients]\nemail = email' email
refused "keyed anonymiser inside json without a secret" 2 \
	$'[pgscrub]\nunlisted = keep\nlarge_objects = keep\n[clinic.patients]\nprofile = json(email=email)' email
# Named by the option and line, never by its value (which may be a key).
refused "secret_env naming an unset variable" 2 "$HEAD"$'\nemail = email' \
	"err.ini:4: secret_env: the environment variable named there is not set" \
	-u PGSCRUB_TEST_KEY
refused "secret_env with a key shorter than 16 bytes" 2 "$HEAD"$'\nemail = email' "16 bytes" \
	PGSCRUB_TEST_KEY=0123456789abcde
refused "an unknown anonymiser: the closest name suggested" 2 "$HEAD"$'\nemail = emial' "'email'"
refused "bad arguments" 2 "$HEAD"$'\nbirth_date = date_shift(days=0)' date_shift
refused "a bad regex_replace pattern" 2 "$HEAD"$'\nnotes = regex_replace(\'[a-\', email)' regex_replace
refused "a rule for a column the table does not have (a typo)" 3 "$HEAD"$'\nemial = email\n* = keep' emial
refused "int_range wider than the column's type (smallint)" 3 "$HEAD"$'\ntier = int_range(0, 100000)' tier
refused "const that is not a value of the type" 3 "$HEAD"$'\nage = const(\'abc\')' age
refused "noise on a text column" 3 "$HEAD"$'\nnotes = noise(percent=5)' notes
refused "uuid on varchar(24)" 3 "$HEAD"$'\ntoken_short = uuid' token_short
# Data an anonymiser cannot read stops the run (exit 1) naming row and column, never the
# value: messages end up in logs.
refused "json on free text (not JSON)" 1 "$HEAD"$'\nnotes = json(email=email)' 'row 1 column "notes"'
check "json on free text: the value is not in the message" \
	bash -c '! grep -Eiq "clinic-mail|Patient wrote" "$1"' _ "$SCRUB_ERR"
refused "ip on text that is no address" 1 "$HEAD"$'\ncall_log = ip' 'row 1 column "call_log"'
check "ip on text: the value is not in the message" bash -c '! grep -Eq "Called|10:00" "$1"' _ "$SCRUB_ERR"

# truncate naming a partitioned table: its rows live in its partitions (a section for it
# covers them too). Either they all go, or pgscrub refuses; copying them while reporting
# success would leak exactly the rows the rules said to drop.
printf '%s\n' '[pgscrub]' 'unlisted = keep' 'large_objects = keep' 'truncate = clinic.events' >"$T/trunc.ini"
rm -rf "$T/err"; mkdir -p "$T/err"
scrub -r "$T/trunc.ini" -i "$T/in17.dump" -o "$T/err/trunc.dump"
if scrub_crashed; then
	not_ok "truncate = partitioned table: pgscrub $SCRUB_WHY: $(scrub_stderr)"
elif [ "$SCRUB_RC" -eq 0 ]; then
	fresh_db trunc
	check "truncate = partitioned table: restores" restore_db 17 trunc "$T/err/trunc.dump"
	check_eq "truncate = partitioned table (clinic.events): no row left in it" 0 \
		"$(psql_q trunc "SELECT count(*) FROM clinic.events" 2>&1)"
else
	check_eq "truncate = partitioned table: refused with exit 3" 3 "$SCRUB_RC"
	check_eq "truncate = partitioned table: refused, no output" "" "$(ls -A "$T/err")"
fi

# ---- the example rules.ini at the top of the repository -----------------------------------

TOP=$PGSCRUB_SOURCE_DIR/rules.ini
if [ ! -f "$TOP" ]; then
	not_ok "rules.ini: missing at the top of the repository"
else
	check "rules.ini: unlisted = error" grep -Eq '^unlisted[[:space:]]*=[[:space:]]*error' "$TOP"
	check "rules.ini: secret_env = PGSCRUB_KEY" grep -Eq '^secret_env[[:space:]]*=[[:space:]]*PGSCRUB_KEY' "$TOP"
	check "rules.ini: says how to make a key" grep -q 'openssl rand -hex 32' "$TOP"
	check "rules.ini: a section for the partitioned parent public.measurements" \
		grep -q '^\[public\.measurements\]' "$TOP"
	for a in keep null const hash email first_name last_name full_name digits scramble mask uuid \
		ip date_shift int_range noise json regex_replace; do
		check "rules.ini: uses $a" grep -Eq "^[^;#]*=[^;#]*[^a-z_]$a([^a-z_]|\$)" "$TOP"
	done
	export PGSCRUB_KEY=$KEY1
	declare -A fakes=()
	for v in 15 17 18; do
		in=$ARCHIVES/pg$v-gzip-file.dump
		out=$T/top$v.dump
		scrub_ok "rules.ini on pg$v-gzip-file.dump" -r "$TOP" -i "$in" -o "$out" || continue
		fresh_db "top$v"
		check "rules.ini on pg$v-gzip-file.dump: restores" restore_db "$v" "top$v" "$out"
		check_eq "rules.ini on pg$v: rows restored (people, all_types, measurements, orders)" \
			"200|40|120|60" "$(psql_q "top$v" "SELECT (SELECT count(*) FROM public.people) || '|' ||
				(SELECT count(*) FROM public.all_types) || '|' || (SELECT count(*) FROM public.measurements)
				|| '|' || (SELECT count(*) FROM public.orders)")"
		check_eq "rules.ini on pg$v: e-mail addresses are fakes" 0 \
			"$(psql_q "top$v" "SELECT count(*) FROM public.people WHERE email !~ $EMAIL26")"
		check_eq "rules.ini on pg$v: large objects dropped (present, empty)" "3|0" \
			"$(psql_q "top$v" "SELECT (SELECT count(*) FROM pg_largeobject_metadata) || '|' || (SELECT count(*) FROM pg_largeobject)")"
		fakes[$v]=$(psql_q "top$v" "SELECT md5(string_agg(concat_ws('|', p.email, p.phone, p.first_name, p.birth_date,
			t.u, t.jb, t.n, w.\"Full Name\", w.\"k=v:x\"), ',' ORDER BY p.id))
			FROM public.people p LEFT JOIN public.all_types t ON t.id = p.id
			LEFT JOIN \"CRM Data\".\"Weird Table\" w ON w.id = p.id")
	done
	check_eq "same key: pg15, pg17 and pg18 archives (other versions, offsets) get the same fakes" \
		"${fakes[15]:-15}|${fakes[15]:-15}" "${fakes[17]:-17}|${fakes[18]:-18}"
fi

finish
