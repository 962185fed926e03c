#!/bin/sh
# The `diglot` that bench/site_vs_hugo.sh hands to
# ../shared/bench/hugo-compare/gen.py: the real binary ($DIGLOT_REAL), and
# after `diglot -q init DIR` the generated project is set to the defaults
# gen.py was written against (before issues #14 and #16): untranslated
# targets left out of exported XLIFF (`exchange.target = "none"`; gen.py
# inserts a <target> by regular expression) and quotes kept as typed
# (`smart_punctuation = false`; gen.py looks each exported source up in the
# TSV as typed).
"$DIGLOT_REAL" "$@" || exit $?
if [ "$1" = -q ] && [ "$2" = init ]; then
  sed -i 's/^smart_punctuation = true/smart_punctuation = false/' "$3/diglot.toml"
  printf '\n[exchange]\ntarget = "none"\n' >> "$3/diglot.toml"
fi
