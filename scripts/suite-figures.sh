#!/usr/bin/env bash
# Regenerates the trace-suite figures in README.md, docs/forecasting.md and docs/scaling.md: runs
# `./headroom evaluate` on ../shared/traces and the synthetic traces, then replaces what lies between
# each `<!-- suite:summary -->` or `<!-- suite:full -->` marker and its closing `<!-- /suite -->`.
# Refuses to write anything when the run printed no summary, so a failed run cannot blank the docs.
set -euo pipefail
cd "$(dirname "$0")/.."
traces="${1:-../shared/traces}"
out="$(mktemp)"
trap 'rm -f "$out" "$out".*' EXIT
./headroom evaluate --traces "$traces" --synthetic > "$out"
commit="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain --untracked-files=no -- core cli)" ]; then
  commit="$commit + uncommitted changes"
fi
# The per-trace tables and the summary; the progress lines and the timing are not figures.
sed -n '/^== /,$p' "$out" | grep -v '^evaluate: ' > "$out.full"
sed -n '/^== summary/,$p' "$out.full" > "$out.summary"
if ! grep -q '^== summary' "$out.summary" || [ "$(wc -l < "$out.summary")" -lt 3 ]; then
  echo "suite-figures: evaluate printed no summary; nothing written" >&2
  exit 1
fi
for doc in README.md docs/forecasting.md docs/scaling.md; do
  awk -v full="$out.full" -v summary="$out.summary" -v commit="$commit" '
    function emit(file,   line) {
      print "Commit " commit ":"
      print ""
      print "```"
      while ((getline line < file) > 0) print line
      close(file)
      print "```"
    }
    /^<!-- suite:(summary|full) -->$/ { print; emit($0 ~ /summary/ ? summary : full); skipping = 1; next }
    /^<!-- \/suite -->$/ { skipping = 0 }
    !skipping { print }
  ' "$doc" > "$doc.new"
  mv "$doc.new" "$doc"
done
echo "suite-figures: README.md, docs/forecasting.md, docs/scaling.md at $commit"
