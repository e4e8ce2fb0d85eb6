#!/usr/bin/env python3
"""tests/cli/agree.py — helpers of test_agree.sh.

  agree.py variants INIT.ini OUTDIR   write OUTDIR/{full,keep,truncate,
                                      uncovered,stale,fkbreak}.ini from
                                      init's rules
  agree.py compare NAME CHECK.json CHECK_RC REPORT.json RUN_RC
                                      exit 0 when check and the run agree

Both say, for the same rules and archive, what happens to every table:
check from the schema (check --format json), the run from the data
(--report).  They must agree: the run succeeds exactly when check finds no
error; a run stopped on columns with no rule names one that check names and
counts as many columns in as many tables; a run stopped on a stale rule
names a line check names; a successful run truncates the tables truncate
covers and check finds no uncovered table among them.

Two differences are by design and said so in check.c: check does not look
at INSERT-style data (the run refuses to rewrite it), and in a schema-only
archive check takes every ordinary table to hold data (the run has none).
"""
import json, re, sys


def sections(text):
    """[(header line index, [rule line indexes])] of the table sections."""
    out, cur = [], None
    lines = text.split('\n')
    for i, l in enumerate(lines):
        s = l.strip()
        if s.startswith('['):
            cur = None if s.startswith('[pgscrub]') else (i, [])
            if cur:
                out.append(cur)
        elif cur and s and not s.startswith(';') and '=' in s:
            cur[1].append(i)
    return lines, out


def variants(init, outdir):
    text = open(init, encoding='utf-8', errors='surrogateescape').read()
    w = lambda name, lines: open(f'{outdir}/{name}.ini', 'w', encoding='utf-8',
                                 errors='surrogateescape').write('\n'.join(lines))
    lines, secs = sections(text)
    w('full', lines)
    keep = [re.sub(r'^((?:"(?:[^"]|"")*"|[^ ;=]+)) = .*$', r'\1 = keep', l)
            if i in {j for _, r in secs for j in r} else l
            for i, l in enumerate(lines)]
    w('keep', keep)
    # fkbreak: every column init lets follow a foreign key ("; col follows
    # ...") gets a rule of its own instead: keep.  Where the referenced
    # column is rewritten, that breaks the key.
    w('fkbreak', [re.sub(r'^; ((?:"(?:[^"]|"")*"|[^ ;=]+)) follows .*$',
                         r'\1 = keep', l) for l in lines])
    if not secs:
        for name in ('truncate', 'uncovered', 'stale'):
            w(name, lines)
        return
    # truncate: a partitioned table if there is one, else the first table;
    # its section goes (the truncate covers it, and its partitions).
    part = [s for s in secs if s[0] + 1 < len(lines) and
            'covers every partition' in lines[s[0] + 1]]
    victim = (part or secs)[0]
    end = next((s[0] for s in secs if s[0] > victim[0]), len(lines))
    name = lines[victim[0]].strip()[1:].split(']')[0]
    t = [l for i, l in enumerate(lines) if not victim[0] <= i < end]
    at = t.index('unlisted = error') + 1
    w('truncate', t[:at] + [f'truncate = {name}'] + t[at:])
    # uncovered: the last rule of the first section with one, and of the
    # partitioned table's (its partitions then lack it too).
    drop = set()
    for s in [next((s for s in secs if s[1]), None)] + part[:1]:
        if s and s[1]:
            drop.add(s[1][-1])
    w('uncovered', [l for i, l in enumerate(lines) if i not in drop])
    # stale: a rule for a column nobody has.
    s = secs[0]
    w('stale', lines[:s[0] + 1] + ['no_such_column = keep'] + lines[s[0] + 1:])


def unq(s):
    """An identifier as pgs_ident_quote writes it, unquoted."""
    s = s.strip()
    if s.startswith('"') and s.endswith('"'):
        s = s[1:-1].replace('""', '"')
    return s


def norm(s):
    # check writes bytes that are not UTF-8 as U+FFFD, the run writes them
    # raw: compare with every run of non-ASCII characters as one '?'.
    return re.sub(r'[^\x00-\x7f]+', '?', s)


def load(path):
    return json.loads(open(path, 'rb').read().decode('utf-8', 'replace'))


def compare(name, check_json, check_rc, report_json, run_rc):
    chk, rep = load(check_json), load(report_json)
    check_rc, run_rc = int(check_rc), int(run_rc)
    errors = [p for p in chk['problems'] if not p['warning']]
    msg = rep.get('error') or ''
    fails = []

    if 'holds INSERT statements' in msg:
        return []   # by design: check does not look at INSERT data
    schema_only = chk['tables'] > 0 and not rep['tables'] and run_rc == 0
    if schema_only:
        errors = [p for p in errors if not p['kind'].startswith('uncovered')]
    if (run_rc == 0) != (not errors):
        fails.append(f'run exit {run_rc} ({msg or "ok"}), but check found '
                     f'{len(errors)} errors: ' +
                     '; '.join(p['message'] for p in errors[:4]))
    if check_rc != (1 if chk['problems'] and not chk['ok'] else 0) or \
       chk['ok'] != (not [p for p in chk['problems'] if not p['warning']]):
        fails.append(f'check exit {check_rc} and ok {chk["ok"]} disagree')

    # Columns with no rule: the same first one, as many, in as many tables.
    unc = []   # (schema, table, column)
    for p in chk['problems']:
        if p['kind'] == 'uncovered_column':
            unc.append((p['schema'], p['table'], p['column']))
        elif p['kind'] == 'uncovered_table':
            for l in (p['fix'] or '').split('\n'):
                m = re.match(r'^((?:"(?:[^"]|"")*"|[^ =]+)) = ', l)
                if m:
                    unc.append((p['schema'], p['table'], unq(m.group(1))))
    m = re.match(r'column (.*) has no rule(?: \(and (\d+) more columns?, '
                 r'in (\d+) tables?)?', msg)
    if m:
        ncols = 1 + int(m.group(2) or 0)
        ntabs = int(m.group(3) or 1)
        have = {norm('.'.join(unq(x) for x in
                              re.findall(r'"(?:[^"]|"")*"|[^.]+', '.'.join(u))))
                for u in unc}
        first = norm('.'.join(unq(x) for x in
                              re.findall(r'"(?:[^"]|"")*"|[^.]+', m.group(1))))
        if first not in have:
            fails.append(f'the run stops on {m.group(1)}, which check does '
                         f'not name ({sorted(have)[:5]})')
        if ncols != len(unc) or ntabs != len({u[:2] for u in unc}):
            fails.append(f'the run counts {ncols} columns in {ntabs} tables '
                         f'with no rule, check {len(unc)} in '
                         f'{len({u[:2] for u in unc})}')
    elif unc and not schema_only:
        fails.append(f'check finds {len(unc)} columns with no rule, the run '
                     f'{"stops on: " + msg if msg else "none"}')

    # A stale rule: the line the run names is one check names.
    m = re.match(r'.*?:(\d+): \[.*\] has a rule for column', msg)
    if m:
        lines = {p['line'] for p in chk['problems']
                 if p['kind'] == 'stale_column'}
        if int(m.group(1)) not in lines:
            fails.append(f'the run stops on a stale rule at line '
                         f'{m.group(1)}, check names lines {sorted(lines)}')

    # A broken foreign key: check names the constraint the run names, on
    # the same line.
    m = re.match(r'(?:.*?:(\d+): )?.* breaks foreign key (.*?): ', msg)
    if m:
        keys = {(p['line'], p['message']) for p in chk['problems']
                if p['kind'] == 'foreign_key'}
        line = int(m.group(1) or 0)
        if not any(l == line and f'breaks foreign key {m.group(2)}:' in t
                   for l, t in keys):
            fails.append(f'the run stops on foreign key {m.group(2)} at line '
                         f'{line}, check names {sorted(keys)[:3]}')

    # A successful run: every table it truncates, check has no problem with,
    # and the tables check counts are the run's.
    if run_rc == 0 and not schema_only:
        if chk['tables'] != len(rep['tables']):
            fails.append(f'check counts {chk["tables"]} tables with data, '
                         f'the run {len(rep["tables"])}')
        bad = {(p['schema'], p['table']) for p in errors}
        for t in rep['tables']:
            if (t['schema'], t['table']) in bad:
                fails.append(f'the run {t["action"]} {t["schema"]}.'
                             f'{t["table"]}, check reports it')
    return fails


if __name__ == '__main__':
    if sys.argv[1] == 'variants':
        variants(sys.argv[2], sys.argv[3])
    else:
        fails = compare(*sys.argv[2:7])
        for f in fails:
            print(f'{sys.argv[2]}: {f}', file=sys.stderr)
        sys.exit(1 if fails else 0)
