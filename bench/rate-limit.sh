#!/usr/bin/env bash
# What the rate-limit policy costs: requests/s through one Gatehouse of
#   /proxy  a proxy-only pipeline,
#   /local  rate-limit (in-process counters) + proxy,
#   /redis  rate-limit (counters on a local redis-server) + proxy,
# to an nginx backend answering "hello", with the same wrk load, one after the other. The limit is
# set high enough that every request is admitted: the figures are the cost of the check itself, all
# requests of wrk counted under one key (one client address), the most contended case.
#
# Settings (environment): THREADS [2] CONNECTIONS [64] DURATION [20] WARMUP [15] seconds,
#   BACKEND_PORT [18190] GATEHOUSE_PORT [18192] REDIS_PORT [18193],
#   GATEHOUSE_HOME [distribution/target/gatehouse], KEEP_TMP [0].
# Needs wrk, nginx, curl and redis-server; build the distribution first (see bench/README.md).
set -euo pipefail

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-15}
BACKEND_PORT=${BACKEND_PORT:-18190}
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18192}
REDIS_PORT=${REDIS_PORT:-18193}
KEEP_TMP=${KEEP_TMP:-0}
REPO_DIR=$(cd "$(dirname "$0")/.." && pwd)
GATEHOUSE_HOME=${GATEHOUSE_HOME:-$REPO_DIR/distribution/target/gatehouse}

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

for tool in wrk nginx curl redis-server; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done
[[ -x $GATEHOUSE_HOME/bin/gatehouse ]] || die "build the distribution first: mvn -B -q package -DskipTests"
[[ -f $GATEHOUSE_HOME/plugins/rate-limit.jar ]] || die "$GATEHOUSE_HOME/plugins has no rate-limit.jar"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench-rl.XXXXXX")
chmod 755 "$WORK"
mkdir -p "$WORK/config" "$WORK/nginx/logs" "$WORK/redis"
pids=()

cleanup() {
  local rc=$? i
  trap - EXIT INT TERM
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  if [[ $KEEP_TMP == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

wait_ready() {
  local url=$1 deadline=$((SECONDS + 60))
  until curl -sS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    ((SECONDS < deadline)) || die "nothing answers at $url"
    sleep 0.2
  done
}

cat >"$WORK/backend.conf" <<EOF
daemon off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/logs/error.log warn;
events { worker_connections $((CONNECTIONS * 2 + 1024)); }
http {
    access_log off;
    keepalive_requests 10000000;
    client_body_temp_path $WORK/nginx/body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    server {
        listen 127.0.0.1:$BACKEND_PORT;
        location / { default_type text/plain; return 200 "hello\n"; }
    }
}
EOF

cat >"$WORK/config/gateway.config.yml" <<EOF
http: {port: $GATEHOUSE_PORT, hostname: 127.0.0.1}
apiEndpoints:
  proxy: {paths: '/proxy'}
  local: {paths: '/local'}
  redis: {paths: '/redis'}
serviceEndpoints:
  backend: {url: 'http://127.0.0.1:$BACKEND_PORT'}
policies: [rate-limit, proxy]
pipelines:
  proxy:
    apiEndpoints: [proxy]
    policies:
      - proxy: [{action: {serviceEndpoint: backend}}]
  local:
    apiEndpoints: [local]
    policies:
      - rate-limit: [{action: {max: 1000000, windowMs: 1000, store: local}}]
      - proxy: [{action: {serviceEndpoint: backend}}]
  redis:
    apiEndpoints: [redis]
    policies:
      - rate-limit: [{action: {max: 1000000, windowMs: 1000, store: redis}}]
      - proxy: [{action: {serviceEndpoint: backend}}]
EOF

cat >"$WORK/config/system.config.yml" <<EOF
logging: {level: warn}
db:
  redis: {host: 127.0.0.1, port: $REDIS_PORT}
EOF

nginx -p "$WORK/nginx/" -c "$WORK/backend.conf" >"$WORK/nginx.out" 2>&1 &
pids+=($!)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$WORK/redis" --loglevel warning >"$WORK/redis.out" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$BACKEND_PORT/"
"$GATEHOUSE_HOME/bin/gatehouse" start --config-dir "$WORK/config" >"$WORK/gatehouse.log" 2>&1 &
pids+=($!)
wait_ready "http://127.0.0.1:$GATEHOUSE_PORT/proxy"

results=()
for target in proxy local redis; do
  url="http://127.0.0.1:$GATEHOUSE_PORT/$target"
  [[ $(curl -sS "$url") == hello ]] || die "$url does not answer hello"
  log "warming up $target for ${WARMUP}s"
  wrk "-t$THREADS" "-c$CONNECTIONS" "-d${WARMUP}s" "$url" >/dev/null
  log "measuring $target: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency $url"
  wrk "-t$THREADS" "-c$CONNECTIONS" "-d${DURATION}s" --latency "$url" >"$WORK/$target.txt"
  rps=$(awk '$1 == "Requests/sec:" {print $2}' "$WORK/$target.txt")
  p50=$(awk '$1 == "50%" {print $2}' "$WORK/$target.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$WORK/$target.txt")
  non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/$target.txt")
  results+=("| $target | $rps | $p50 | $p99 | ${non2xx:-0} |")
done

echo "| pipeline | requests/s | p50 | p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: |"
printf '%s\n' "${results[@]}"
