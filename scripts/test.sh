#!/usr/bin/env bash
# Every test: fast unit tests (surefire), then integration tests (failsafe, *IT) that start a
# real KRaft broker, a real ClickHouse server and Flink MiniClusters themselves.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
exec mvn -B -ntp verify "$@"
