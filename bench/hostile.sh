#!/usr/bin/env bash
# Hostile-input benchmark (issue 12): the inputs that were quadratic, timed
# through the release binary. Each line prints the case and its wall time.
# Usage: bench/hostile.sh [BINARY]   (default: target/release/diglot, built)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
if [ $# -ge 1 ]; then
  bin=$(realpath "$1")
else
  cargo build --release --bin diglot >/dev/null 2>&1 || cargo build --release --bin diglot
  bin=$root/target/release/diglot
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A fresh copy of the basic fixture project with the shipped theme.
fresh() {
  rm -rf "$work/p"
  cp -r tests/fixtures/projects/basic "$work/p"
  cp -r theme "$work/p/theme"
}

timed() {
  local label=$1
  shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || true
  t1=$(date +%s.%N)
  printf '%-58s %8.2f s\n' "$label" "$(echo "$t1 - $t0" | bc)"
}

# 1. French spacing in build: a Fluent value with 100,000 `;`.
fresh
python3 - "$work/p/locales/fr/site.ftl" <<'EOF'
import re, sys
p = sys.argv[1]
s = open(p).read()
s = re.sub(r'(?m)^footer-note = .*$', lambda m: 'footer-note = x' + 'a;' * 100000, s)
open(p, 'w').write(s)
EOF
timed "build, a Fluent value with 100k ';'" "$bin" -C "$work/p" build --allow-incomplete

# 2. TM matching of long punctuation runs.
python3 -c "print('(' * 50000 + '\tcrochets')" >"$work/brackets.tsv"
q=$(python3 -c "s = ['('] * 50000; s[25000] = ')'; print(''.join(s))")
timed "tm lookup, 50k '(' against a 50k '(' unit" "$bin" -C "$work/p" tm lookup --tm "$work/brackets.tsv" "$q"

# 3. Segmenting one statement of 20,000 sentences (one paragraph each).
python3 - "$work/p/corpus/statements/long.md" <<'EOF'
import sys
body = "\n\n".join(f"Paragraph {i} says that the Court met." for i in range(20000))
open(sys.argv[1], "w").write('+++\ntitle = "Long"\ndate = "2025-06-01"\n+++\n\n' + body + "\n")
EOF
timed "segment, a statement of 20k paragraphs" "$bin" -C "$work/p" segment "$work/p/corpus/statements/long.md"

# 4. Importing the fixture statement's units (translated) into the project
#    that holds the 20k-paragraph statement (import re-segments every statement).
(cd "$work/p" && "$bin" export --lang fr >/dev/null 2>&1)
python3 - "$work/p/exchange/first-statement.fr.xlf" "$work/import.xlf" <<'EOF'
import re, sys
s = open(sys.argv[1]).read()
# Translate every unit (the target is the source with a marker).
s = re.sub(r'(<source>(.*?)</source>)', lambda m: m.group(1) + '<target>FR ' + m.group(2) + '</target>', s, flags=re.S)
open(sys.argv[2], 'w').write(s)
EOF
timed "import, exchange file into a project with 20k paragraphs" "$bin" -C "$work/p" import "$work/import.xlf"
"$bin" -C "$work/p" import "$work/import.xlf" 2>&1 | tail -1

# 5. Nesting: a Fluent value of 20,000 `{` (was a stack overflow).
python3 -c "print('x = ' + '{' * 20000)" >"$work/deep.ftl"
timed "validate, 20k nested '{'" "$bin" validate "$work/deep.ftl"
