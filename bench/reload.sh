#!/usr/bin/env bash
# Gatehouse hot reload under load: wrk drives a proxy-only pipeline for DURATION seconds without
# reloads, then again while gateway.config.yml is rewritten every INTERVAL seconds; the script
# prints both runs' requests/s, p99 and errors. Any error or non-2xx answer during reloads fails it.
#
# Settings: THREADS [2] CONNECTIONS [64] DURATION [20] INTERVAL [0.2] WARMUP [15]
#           BACKEND_PORT [18190] GATEHOUSE_PORT [18192]
# Expects the distribution to be built (mvn -B -q package -DskipTests) and nginx and wrk installed
# (bench/run.sh installs them).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GATEHOUSE_BIN=${GATEHOUSE_HOME:-$REPO_DIR/distribution/target/gatehouse}/bin/gatehouse
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
INTERVAL=${INTERVAL:-0.2}
WARMUP=${WARMUP:-15}
BACKEND_PORT=${BACKEND_PORT:-18190}
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18192}
PATH="$PATH:/usr/sbin:/sbin"

[[ -x $GATEHOUSE_BIN ]] || { echo "build the distribution first: mvn -B -q package -DskipTests" >&2; exit 1; }
command -v wrk >/dev/null && command -v nginx >/dev/null || { echo "install wrk and nginx (bench/run.sh does)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/gatehouse-reload.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "${WORK:?}"
}
trap cleanup EXIT

mkdir -p "$WORK/config" "$WORK/logs"
printf '%s\n' \
  'worker_processes 1;' 'daemon off;' "pid $WORK/backend.pid;" "error_log $WORK/logs/backend-error.log;" \
  'events { worker_connections 4096; }' \
  'http {' '  access_log off;' \
  "  server { listen 127.0.0.1:$BACKEND_PORT; keepalive_requests 10000000; location / { return 200 \"hello\\n\"; } }" \
  '}' >"$WORK/backend.conf"

# config GENERATION: a proxy-only gateway.config.yml; each generation differs by a comment.
config() {
  printf '%s\n' \
    "# generation $1" \
    "http: {port: $GATEHOUSE_PORT, hostname: 127.0.0.1}" \
    'apiEndpoints:' "  api: {paths: '/*'}" \
    'serviceEndpoints:' "  backend: {url: 'http://127.0.0.1:$BACKEND_PORT'}" \
    'policies: [proxy]' \
    'pipelines:' '  api:' '    apiEndpoints: [api]' '    policies:' \
    '      - proxy:' '          - action: {serviceEndpoint: backend}'
}
config 0 >"$WORK/config/gateway.config.yml"
echo "logging: {level: info}" >"$WORK/config/system.config.yml"

nginx -c "$WORK/backend.conf" &
pids+=($!)
"$GATEHOUSE_BIN" start --config-dir "$WORK/config" >"$WORK/logs/gatehouse.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -sf -o /dev/null "http://127.0.0.1:$GATEHOUSE_PORT/" && break
  sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$GATEHOUSE_PORT/" || { cat "$WORK/logs/gatehouse.log"; exit 1; }

url="http://127.0.0.1:$GATEHOUSE_PORT/hello"
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null

summary() {
  awk '
    function ms(t, n, u) { n = t; sub(/[a-z]+$/, "", n); u = t; sub(/^[0-9.]+/, "", u)
      return u == "us" ? n / 1000 : u == "s" ? n * 1000 : n + 0 }
    $1 == "99%" { p99 = ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    /Socket errors/ { errors = $0 }
    /Non-2xx/ { bad = $NF }
    END { printf "%.0f requests/s, p99 %.2f ms, socket errors: %s, non-2xx: %d\n", rps, p99, errors == "" ? "none" : errors, bad }
  ' "$1"
}

wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$WORK/steady.txt"

(
  generation=1
  while true; do
    config "$generation" >"$WORK/config/gateway.config.yml.tmp"
    mv "$WORK/config/gateway.config.yml.tmp" "$WORK/config/gateway.config.yml"
    generation=$((generation + 1))
    sleep "$INTERVAL"
  done
) &
reloader=$!
pids+=("$reloader")
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url" >"$WORK/reloading.txt"
kill "$reloader"

reloads=$(grep -c config_reloaded "$WORK/logs/gatehouse.log" || true)
refused=$(grep -c config_reload_refused "$WORK/logs/gatehouse.log" || true)
echo "without reloads: $(summary "$WORK/steady.txt")"
echo "with reloads:    $(summary "$WORK/reloading.txt")  ($reloads reloads applied, $refused refused)"
if grep -qE 'Socket errors|Non-2xx' "$WORK/reloading.txt"; then
  echo "FAILED: requests failed during reloads" >&2
  exit 1
fi
