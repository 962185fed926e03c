#!/usr/bin/env bash
# Translation-memory benchmark: builds the `tm` bench in release mode and
# runs it under /usr/bin/time -v (peak memory of the whole process).
# Usage: bench/tm.sh [--data DIR] [--queries N] [--recall N] [--units N] [--min N]
# Data defaults to ../shared/data/parallel relative to the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench tm --no-run >/dev/null 2>&1 || cargo bench --bench tm --no-run
bin=$(cargo bench --bench tm --no-run --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*/deps/tm-[^"]*"' | cut -d'"' -f4 | tail -1)
if [ -x /usr/bin/time ]; then
  /usr/bin/time -v "$bin" "$@" 2> >(grep -E "Maximum resident|Elapsed|User time|System time" >&2)
else
  "$bin" "$@"
fi
