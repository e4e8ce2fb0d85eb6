#!/usr/bin/env bash
# tests/cli/test_doc_links.sh — the relative links of the project's markdown
# files resolve: every [text](path) names a file of the repository and every
# [text](path#anchor) or [text](#anchor) a heading of that file, with anchors
# made as GitHub makes them (lower case, punctuation other than - and _
# removed, blanks to -; headings inside ``` blocks do not count).
CLI_NAME=doc_links
. "$(dirname "$0")/clilib.bash"

command -v python3 >/dev/null || { echo "doc_links: skipped: python3 not found" >&2; exit 77; }
docs=$(cd "$SRC" && ls README.md bench/README.md fixtures/README.md 2>/dev/null)
assert "the README is there" test -f "$SRC/README.md"
for f in $docs; do
	out=$(python3 - "$SRC" "$f" <<'PY'
import os, re, sys
root, name = sys.argv[1], sys.argv[2]

def anchors(path):
    found, inside = set(), False
    for line in open(path, encoding='utf-8'):
        if line.startswith('```'):
            inside = not inside
            continue
        m = None if inside else re.match(r'#{1,6}\s+(.*)', line)
        if m:
            found.add(re.sub(r'[^\w\- ]', '', m.group(1).strip().lower()).replace(' ', '-'))
    return found

path = os.path.join(root, name)
text, inside, lines = open(path, encoding='utf-8').read().split('\n'), False, []
for line in text:
    if line.startswith('```'):
        inside = not inside
    elif not inside:
        lines.append(line)
n = 0
for link in re.findall(r'\]\(([^)\s]+)\)', '\n'.join(lines)):
    if re.match(r'[a-z]+:', link):
        continue
    n += 1
    target, _, frag = link.partition('#')
    tpath = os.path.normpath(os.path.join(os.path.dirname(path), target)) if target else path
    if not os.path.exists(tpath):
        print(f'{name}: ({link}): no file {os.path.relpath(tpath, root)}')
    elif frag and frag not in anchors(tpath):
        print(f'{name}: ({link}): no heading makes the anchor #{frag}')
print(f'links {n}')
PY
)
	printf '%s\n' "$out" | grep -v '^links ' >&2
	assert "$f: every relative link resolves" sh -c "! printf '%s\n' \"\$1\" | grep -qv '^links '" _ "$out"
done
assert "the README has relative links to check" sh -c "grep -q '](#' '$SRC/README.md'"
cli_finish
