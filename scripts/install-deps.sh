#!/usr/bin/env bash
# Installs the servers and tools the tests and the demo run for real: Debian's ClickHouse server
# and client, Chromium for the report's rendering test, and Prometheus for the gateway's
# integration test. Needs root; otherwise says what to install.
set -euo pipefail
missing=()
[ -x /usr/sbin/clickhouse-server ] || [ -x /usr/bin/clickhouse-server ] || [ -x /usr/bin/clickhouse ] || missing+=(clickhouse-server)
command -v clickhouse-client >/dev/null 2>&1 || [ -x /usr/bin/clickhouse ] || missing+=(clickhouse-client)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# The gateway's integration test runs a real Prometheus (and node exporter) that remote-writes to it.
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
[ -x /usr/bin/prometheus-node-exporter ] || missing+=(prometheus-node-exporter)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "headroom: the tests need: ${missing[*]} (Debian/Ubuntu: sudo apt-get install -y ${missing[*]})" >&2
  exit 2
fi
echo "headroom: installing ${missing[*]} with apt-get ..." >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
