#!/usr/bin/env bash
# The fault suite on its own: every @Tag("fault") integration test (real broker, ClickHouse and
# processes killed or paused), then the table of experiment -> lost / duplicated / back in, as kept
# in the README. `scripts/fault-suite.sh --table FILE` only prints the table of a run's rows
# (`./headroom test` leaves them in target/fault-suite.tsv too).
set -euo pipefail
cd "$(dirname "$0")/.."
rows=target/fault-suite.tsv
if [ "${1:-}" = "--table" ]; then
  rows="${2:?usage: scripts/fault-suite.sh [--table FILE]}"
else
  scripts/install-deps.sh
  rm -f "$rows"
  mvn -B -ntp verify -Dgroups=fault -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false
fi
[ -s "$rows" ] || { echo "fault-suite: no rows in $rows" >&2; exit 1; }
echo "| experiment | events | lost | duplicated after FINAL | back in (s) |"
echo "|---|---:|---:|---:|---:|"
sort "$rows" | awk -F'\t' '{ printf "| %s | %d | %d | %d | %.1f |\n", $1, $2, $3, $4, $5 }'
echo
echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
