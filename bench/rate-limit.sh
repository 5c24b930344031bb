#!/usr/bin/env bash
# What the rate-limit policy costs: requests/s through one Gatehouse of
#   /proxy  a proxy-only pipeline,
#   /local  rate-limit (in-process counters) + proxy,
#   /redis  rate-limit (counters on a local redis-server) + proxy,
# to an nginx backend answering "hello", with the same wrk load. Each pipeline is warmed up, then
# measured in ROUNDS interleaved rounds (every round measures all three, starting one further along
# each time), and the table shows each pipeline's median, so that a burst of noise from the rest of
# the machine or the order of the runs does not favour one of them. The limit is set high enough
# that every request is admitted: the figures are the cost of the check itself, all requests of wrk
# counted under one key (one client address), the most contended case.
#
# Settings (environment): THREADS [2] CONNECTIONS [64] DURATION [20] WARMUP [15] seconds,
#   ROUNDS [3], BACKEND_PORT [18190] GATEHOUSE_PORT [18192] REDIS_PORT [18193],
#   GATEHOUSE_HOME [distribution/target/gatehouse], KEEP_TMP [0].
# Needs wrk, nginx, curl and redis-server; build the distribution first (see bench/README.md).
set -euo pipefail

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
WARMUP=${WARMUP:-15}
ROUNDS=${ROUNDS:-3}
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

for name in THREADS CONNECTIONS DURATION WARMUP ROUNDS; do
  [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a whole number, got '${!name}'"
done
((DURATION >= 1 && ROUNDS >= 1)) || die "DURATION and ROUNDS must be at least 1"
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

TARGETS=(proxy local redis)
declare -A LABEL=([proxy]="proxy only" [local]="rate-limit (local) + proxy" [redis]="rate-limit (redis) + proxy")

# run_wrk TARGET SECONDS OUT: one wrk run; wrk's own failure stops the benchmark.
run_wrk() {
  wrk "-t$THREADS" "-c$CONNECTIONS" "-d${2}s" --latency "http://127.0.0.1:$GATEHOUSE_PORT/$1" >"$3" 2>&1 || {
    cat "$3" >&2
    die "wrk failed for ${LABEL[$1]}"
  }
}
# to_ms LATENCY: wrk's "850.00us", "1.20ms" or "1.05s" in milliseconds.
to_ms() {
  awk -v t="$1" 'BEGIN { n = t; sub(/[a-z]+$/, "", n); u = t; sub(/^[0-9.]+/, "", u)
    print (u == "us" ? n / 1000 : u == "s" ? n * 1000 : n + 0) }'
}
# errors_in OUT: non-2xx responses plus socket errors of one wrk run.
errors_in() {
  awk '/Non-2xx or 3xx responses:/ { n += $NF }
    /Socket errors:/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i }
    END { print n + 0 }' "$1"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for target in "${TARGETS[@]}"; do
  [[ $(curl -sS "http://127.0.0.1:$GATEHOUSE_PORT/$target") == hello ]] || die "/$target does not answer hello"
  log "${LABEL[$target]}: warm-up ${WARMUP} s"
  run_wrk "$target" "$WARMUP" "$WORK/$target-warmup.txt"
done

declare -A RPS P50 P99 ERRORS
for ((round = 0; round < ROUNDS; round++)); do
  for ((i = 0; i < ${#TARGETS[@]}; i++)); do
    target=${TARGETS[(round + i) % ${#TARGETS[@]}]}
    out="$WORK/$target-$((round + 1)).txt"
    run_wrk "$target" "$DURATION" "$out"
    rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
    [[ -n $rps ]] || die "${LABEL[$target]}: no requests/s in wrk's output: $(cat "$out")"
    RPS[$target]+="$rps "
    P50[$target]+="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") "
    P99[$target]+="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") "
    ERRORS[$target]=$((${ERRORS[$target]:-0} + $(errors_in "$out")))
    log "${LABEL[$target]}: round $((round + 1)) of $ROUNDS: $rps requests/s"
  done
done

# shellcheck disable=SC2086 # space-separated numbers
base=$(median ${RPS[proxy]})
echo
echo "| Pipeline | Requests/s | p50 (ms) | p99 (ms) | vs proxy only | Errors |"
echo "|---|---:|---:|---:|---:|---:|"
for target in "${TARGETS[@]}"; do
  # shellcheck disable=SC2086
  r=$(median ${RPS[$target]})
  # shellcheck disable=SC2086
  printf '| %s | %.0f | %.2f | %.2f | %s | %s |\n' "${LABEL[$target]}" "$r" \
    "$(median ${P50[$target]})" "$(median ${P99[$target]})" \
    "$(awk -v a="$r" -v b="$base" 'BEGIN { printf "%.1f%%", 100 * a / b }')" "${ERRORS[$target]}"
done
echo
echo "Medians of $ROUNDS interleaved rounds of: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency URL"
echo "(errors: non-2xx responses and socket errors over all rounds)"
for target in "${TARGETS[@]}"; do
  ((ERRORS[$target] == 0)) || die "${LABEL[$target]}: wrk counted ${ERRORS[$target]} errors; the figures are not valid"
done
