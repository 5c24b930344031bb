#!/usr/bin/env bash
# Gatehouse load benchmark.
#
# Measures, in one run on loopback and at the same wrk concurrency:
#   1. the backend directly (an nginx server block answering `return 200 "hello\n"`),
#   2. nginx as a reverse proxy in front of that backend (keepalive upstream pool),
#   3. Gatehouse with a proxy-only pipeline in front of the same backend.
#
# Expects the distribution to be built already (it builds nothing); see bench/README.md.
# Settings (environment variables, defaults in brackets):
#   THREADS [2]  CONNECTIONS [64]  DURATION [20] seconds per measurement
#   ROUNDS [3]: interleaved measurement rounds; the table shows each target's median
#   WARMUP [3] seconds for the backend and nginx, WARMUP_GATEHOUSE [15] seconds for Gatehouse
#   BACKEND_PORT [18090]  NGINX_PORT [18091]  GATEHOUSE_PORT [18092]  BENCH_PATH [/hello]
#   METRICS_COST [1]: 1 also measures a second Gatehouse with metrics off (metrics.enabled: false)
#     on METRICS_OFF_PORT [18093], and reports what keeping metrics costs in requests/s
#   PIN [0]: 1 pins wrk to WRK_CPUS [0] and the servers to SERVER_CPUS [1-(nproc-1)] with taskset
#   JAVA_OPTS: passed to the Gatehouse JVM by its launcher
#   EVENT_LOOPS: Gatehouse's eventLoops setting (default: one per CPU core)
#   GATEHOUSE_HOME [distribution/target/gatehouse]: the distribution to run
#   KEEP_TMP [0]: 1 keeps the temporary directory (configs, server logs, raw wrk output)
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
RESULTS_DIR="$BENCH_DIR/results"

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-3}
WARMUP_GATEHOUSE=${WARMUP_GATEHOUSE:-15}
BACKEND_PORT=${BACKEND_PORT:-18090}
NGINX_PORT=${NGINX_PORT:-18091}
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18092}
METRICS_COST=${METRICS_COST:-1}
METRICS_OFF_PORT=${METRICS_OFF_PORT:-18093}
BENCH_PATH=${BENCH_PATH:-/hello}
PIN=${PIN:-0}
KEEP_TMP=${KEEP_TMP:-0}
GATEHOUSE_HOME=${GATEHOUSE_HOME:-$REPO_DIR/distribution/target/gatehouse}
GATEHOUSE_BIN="$GATEHOUSE_HOME/bin/gatehouse"

# Seconds to wait for a server to accept connections.
NGINX_START_TIMEOUT=15
GATEHOUSE_START_TIMEOUT=60

# nginx lives in /usr/sbin, which is not on every user's PATH.
PATH="$PATH:/usr/sbin:/sbin"

log() { printf '[bench] %s\n' "$*" >&2; }
die() {
  printf '[bench] ERROR: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------------
# Settings and prerequisites

for name in THREADS CONNECTIONS DURATION ROUNDS WARMUP WARMUP_GATEHOUSE BACKEND_PORT NGINX_PORT GATEHOUSE_PORT; do
  value=${!name}
  [[ $value =~ ^[0-9]+$ ]] || die "$name must be a whole number, got '$value'"
done
((THREADS >= 1)) || die "THREADS must be at least 1"
((CONNECTIONS >= THREADS)) || die "CONNECTIONS ($CONNECTIONS) must be at least THREADS ($THREADS)"
((DURATION >= 1)) || die "DURATION must be at least 1 second"
[[ $BENCH_PATH == /* ]] || die "BENCH_PATH must start with '/', got '$BENCH_PATH'"
if [[ $BACKEND_PORT == "$NGINX_PORT" || $BACKEND_PORT == "$GATEHOUSE_PORT" || $NGINX_PORT == "$GATEHOUSE_PORT" ]]; then
  die "BACKEND_PORT, NGINX_PORT and GATEHOUSE_PORT must differ"
fi

if [[ ! -x $GATEHOUSE_BIN ]]; then
  die "the Gatehouse distribution is not built ($GATEHOUSE_BIN is missing).
Build it first:  cd $REPO_DIR && mvn -B -q package -DskipTests"
fi

if [[ -n ${JAVA_HOME:-} ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
command -v "$JAVA" >/dev/null 2>&1 || die "no Java runtime found (Gatehouse needs Java 17+); install one or set JAVA_HOME"

missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || missing+=(nginx)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if ((${#missing[@]} > 0)); then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get here; install them and re-run"
  if [[ $(id -u) -eq 0 ]]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    die "missing ${missing[*]}; installing needs root (or sudo): apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if ! ${as_root[@]+"${as_root[@]}"} apt-get install -y "${missing[@]}"; then
    log "install failed; refreshing the package lists and retrying"
    ${as_root[@]+"${as_root[@]}"} apt-get update
    ${as_root[@]+"${as_root[@]}"} apt-get install -y "${missing[@]}"
  fi
  for tool in "${missing[@]}"; do
    command -v "$tool" >/dev/null 2>&1 || die "$tool is still missing after installing it"
  done
fi

wrk_prefix=()
server_prefix=()
nginx_workers=auto
WRK_CPUS=${WRK_CPUS:-}
SERVER_CPUS=${SERVER_CPUS:-}
if [[ $PIN == 1 ]]; then
  command -v taskset >/dev/null 2>&1 || die "PIN=1 needs taskset (package util-linux)"
  ncpu=$(nproc)
  ((ncpu >= 2)) || die "PIN=1 needs at least 2 CPUs, this machine has $ncpu"
  WRK_CPUS=${WRK_CPUS:-0}
  SERVER_CPUS=${SERVER_CPUS:-1-$((ncpu - 1))}
  taskset -c "$WRK_CPUS" true 2>/dev/null || die "WRK_CPUS='$WRK_CPUS' is not a usable CPU list"
  taskset -c "$SERVER_CPUS" true 2>/dev/null || die "SERVER_CPUS='$SERVER_CPUS' is not a usable CPU list"
  wrk_prefix=(taskset -c "$WRK_CPUS")
  server_prefix=(taskset -c "$SERVER_CPUS")
  # One nginx worker per CPU the servers may use.
  nginx_workers=$(taskset -c "$SERVER_CPUS" nproc)
elif [[ $PIN != 0 ]]; then
  die "PIN must be 0 or 1, got '$PIN'"
fi

# Many connections need many file descriptors; raise the soft limit as far as allowed.
ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
ports=("$BACKEND_PORT" "$NGINX_PORT" "$GATEHOUSE_PORT")
if [[ $METRICS_COST == 1 ]]; then
  ports+=("$METRICS_OFF_PORT")
fi
for port in "${ports[@]}"; do
  if port_in_use "$port"; then
    die "port $port on 127.0.0.1 is already in use; stop what listens there or choose other ports (BACKEND_PORT, NGINX_PORT, GATEHOUSE_PORT)"
  fi
done

# ---------------------------------------------------------------------------------------------
# Process control: every server is a child of this script and is stopped on exit.

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-bench.XXXXXX")
# nginx workers may run as an unprivileged user; let them reach their temp directories.
chmod 755 "$WORK"
mkdir -p "$WORK/logs" "$WORK/wrk" "$WORK/gatehouse-config"

server_pids=()

# alive PID: the process exists and is not a zombie waiting to be reaped.
alive() {
  local stat
  if [[ -d /proc/$1 ]]; then
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat%% *} != Z ]]
  else
    kill -0 "$1" 2>/dev/null
  fi
}

stop_pid() {
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    alive "$pid" || break
    sleep 0.1
  done
  if alive "$pid"; then
    log "process $pid ignored SIGTERM for 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  local i
  for ((i = ${#server_pids[@]} - 1; i >= 0; i--)); do
    stop_pid "${server_pids[i]}"
  done
  if [[ $KEEP_TMP == 1 ]]; then
    log "kept the temporary directory: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() {
  local file=$1
  if [[ -s $file ]]; then
    printf '[bench] --- last lines of %s ---\n' "$file" >&2
    tail -n 40 "$file" >&2
    printf '[bench] ---\n' >&2
  fi
}

# wait_ready NAME URL PID TIMEOUT LOGFILE: poll until the server answers HTTP, bounded.
wait_ready() {
  local name=$1 url=$2 pid=$3 timeout=$4 logfile=$5
  local deadline=$((SECONDS + timeout))
  until curl -sS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if ! alive "$pid"; then
      show_log "$logfile"
      die "$name exited while starting"
    fi
    if ((SECONDS >= deadline)); then
      show_log "$logfile"
      die "$name does not accept connections at $url after ${timeout} s"
    fi
    sleep 0.2
  done
}

# check_answer NAME URL: one request must return 200 with the backend's body.
check_answer() {
  local name=$1 url=$2 answer
  answer=$(curl -sS --max-time 5 -w '%{http_code}' "$url") || die "$name: request to $url failed"
  if [[ $answer != $'hello\n200' ]]; then
    die "$name: expected status 200 and body 'hello' from $url, got: $(printf '%q' "$answer")"
  fi
}

nginx_supports_e=no
if nginx -h 2>&1 | grep -q -- '-e filename'; then
  nginx_supports_e=yes
fi

# start_nginx NAME: runs nginx in the foreground (daemon off) as a background child.
start_nginx() {
  local name=$1
  local prefix="$WORK/nginx-$name"
  local args=(-p "$prefix/" -c "$WORK/$name.conf")
  if [[ $nginx_supports_e == yes ]]; then
    args+=(-e "$WORK/logs/$name-error.log")
  fi
  mkdir -p "$prefix/logs"
  ${server_prefix[@]+"${server_prefix[@]}"} nginx "${args[@]}" >"$WORK/logs/$name.out" 2>&1 &
  server_pids+=($!)
  NGINX_PID=$!
}

# ---------------------------------------------------------------------------------------------
# Configurations

worker_connections=$((CONNECTIONS * 2 + 1024))

# Directives both nginx instances share: no access log, long-lived client keep-alive connections
# (wrk never reconnects on its own), temp files inside the run's directory.
nginx_common() {
  local name=$1
  cat <<EOF
worker_processes $nginx_workers;
daemon off;
master_process on;
pid $WORK/nginx-$name/nginx.pid;
error_log $WORK/logs/$name-error.log warn;

events {
    worker_connections $worker_connections;
}
EOF
}

nginx_http_common() {
  local name=$1
  cat <<EOF
    access_log off;
    keepalive_timeout 65;
    keepalive_requests 10000000;
    client_body_temp_path $WORK/nginx-$name/client_body;
    proxy_temp_path $WORK/nginx-$name/proxy;
    fastcgi_temp_path $WORK/nginx-$name/fastcgi;
    uwsgi_temp_path $WORK/nginx-$name/uwsgi;
    scgi_temp_path $WORK/nginx-$name/scgi;
EOF
}

{
  nginx_common backend
  echo 'http {'
  nginx_http_common backend
  cat <<EOF

    server {
        listen 127.0.0.1:$BACKEND_PORT;
        location / {
            default_type text/plain;
            return 200 "hello\n";
        }
    }
}
EOF
} >"$WORK/backend.conf"

{
  nginx_common proxy
  echo 'http {'
  nginx_http_common proxy
  cat <<EOF

    upstream backend {
        server 127.0.0.1:$BACKEND_PORT;
        keepalive 64;
        keepalive_requests 10000000;
    }

    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://backend;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
} >"$WORK/proxy.conf"

cat >"$WORK/gatehouse-config/gateway.config.yml" <<EOF
http: {port: $GATEHOUSE_PORT, hostname: 127.0.0.1}
apiEndpoints:
  api: {paths: '/*'}
serviceEndpoints:
  backend: {url: 'http://127.0.0.1:$BACKEND_PORT'}
policies: [proxy]
pipelines:
  api:
    apiEndpoints: [api]
    policies:
      - proxy:
          - action: {serviceEndpoint: backend}
EOF

cat >"$WORK/gatehouse-config/system.config.yml" <<EOF
logging: {level: warn}
${EVENT_LOOPS:+eventLoops: $EVENT_LOOPS}
EOF

# The same gateway with metrics off, for the metrics cost.
if [[ $METRICS_COST == 1 ]]; then
  mkdir -p "$WORK/gatehouse-nometrics"
  sed "s/port: $GATEHOUSE_PORT,/port: $METRICS_OFF_PORT,/" "$WORK/gatehouse-config/gateway.config.yml" \
    >"$WORK/gatehouse-nometrics/gateway.config.yml"
  {
    cat "$WORK/gatehouse-config/system.config.yml"
    echo "metrics: {enabled: false}"
    echo "db: {embedded: {path: '$WORK/gatehouse-nometrics/data'}}"
  } \
    >"$WORK/gatehouse-nometrics/system.config.yml"
fi

# ---------------------------------------------------------------------------------------------
# Start the servers

BACKEND_URL="http://127.0.0.1:$BACKEND_PORT$BENCH_PATH"
NGINX_URL="http://127.0.0.1:$NGINX_PORT$BENCH_PATH"
GATEHOUSE_URL="http://127.0.0.1:$GATEHOUSE_PORT$BENCH_PATH"
METRICS_OFF_URL="http://127.0.0.1:$METRICS_OFF_PORT$BENCH_PATH"

log "temporary directory: $WORK"
if [[ $PIN == 1 ]]; then
  log "pinning: wrk on CPUs $WRK_CPUS, servers on CPUs $SERVER_CPUS"
fi

log "starting the backend (nginx) on port $BACKEND_PORT"
start_nginx backend
wait_ready backend "$BACKEND_URL" "$NGINX_PID" "$NGINX_START_TIMEOUT" "$WORK/logs/backend-error.log"
check_answer backend "$BACKEND_URL"

log "starting the nginx reverse proxy on port $NGINX_PORT"
start_nginx proxy
wait_ready "nginx proxy" "$NGINX_URL" "$NGINX_PID" "$NGINX_START_TIMEOUT" "$WORK/logs/proxy-error.log"
check_answer "nginx proxy" "$NGINX_URL"

log "starting Gatehouse on port $GATEHOUSE_PORT (JAVA_OPTS: ${JAVA_OPTS:-not set})"
${server_prefix[@]+"${server_prefix[@]}"} "$GATEHOUSE_BIN" start --config-dir "$WORK/gatehouse-config" \
  >"$WORK/logs/gatehouse.log" 2>&1 &
server_pids+=($!)
GATEHOUSE_PID=$!
wait_ready Gatehouse "$GATEHOUSE_URL" "$GATEHOUSE_PID" "$GATEHOUSE_START_TIMEOUT" "$WORK/logs/gatehouse.log"
check_answer Gatehouse "$GATEHOUSE_URL"

if [[ $METRICS_COST == 1 ]]; then
  log "starting Gatehouse with metrics off on port $METRICS_OFF_PORT"
  ${server_prefix[@]+"${server_prefix[@]}"} "$GATEHOUSE_BIN" start --config-dir "$WORK/gatehouse-nometrics" \
    >"$WORK/logs/gatehouse-nometrics.log" 2>&1 &
  server_pids+=($!)
  wait_ready "Gatehouse (metrics off)" "$METRICS_OFF_URL" "$!" "$GATEHOUSE_START_TIMEOUT" "$WORK/logs/gatehouse-nometrics.log"
  check_answer "Gatehouse (metrics off)" "$METRICS_OFF_URL"
fi

# ---------------------------------------------------------------------------------------------
# Load

# wrk_args SECONDS URL: prints the wrk command line (one argument per line).
wrk_args() {
  local seconds=$1 url=$2
  printf '%s\n' ${wrk_prefix[@]+"${wrk_prefix[@]}"} wrk "-t$THREADS" "-c$CONNECTIONS" "-d${seconds}s" --latency "$url"
}

# run_wrk LABEL SECONDS URL OUTFILE
run_wrk() {
  local label=$1 seconds=$2 url=$3 out=$4
  local cmd=()
  mapfile -t cmd < <(wrk_args "$seconds" "$url")
  if ! "${cmd[@]}" >"$out" 2>&1; then
    cat "$out" >&2
    die "wrk failed against $label (${cmd[*]})"
  fi
}

# parse_wrk FILE: prints key=value lines; latencies in ms.
parse_wrk() {
  awk '
    function to_ms(text,   number, unit) {
      number = text; sub(/[a-z]+$/, "", number)
      unit = text; sub(/^[0-9.]+/, "", unit)
      if (number !~ /^[0-9]+(\.[0-9]+)?$/) return ""
      if (unit == "us") return number / 1000
      if (unit == "ms") return number + 0
      if (unit == "s") return number * 1000
      if (unit == "m") return number * 60000
      if (unit == "h") return number * 3600000
      return ""
    }
    $1 == "50%" && NF == 2 { p50 = to_ms($2) }
    $1 == "99%" && NF == 2 { p99 = to_ms($2) }
    $1 == "Requests/sec:" { rps = $2 }
    / requests in / { requests = $1 }
    /^ *Socket errors:/ {
      line = $0
      sub(/^ *Socket errors: */, "", line)
      n = split(line, parts, /, */)
      for (i = 1; i <= n; i++) {
        split(parts[i], kv, / +/)
        errors[kv[1]] = kv[2]
      }
    }
    /^ *Non-2xx or 3xx responses:/ { bad = $NF }
    END {
      printf "w_rps=%s\nw_p50=%s\nw_p99=%s\nw_requests=%s\n", rps, p50, p99, requests
      printf "w_connect=%d\nw_read=%d\nw_write=%d\nw_timeout=%d\nw_non2xx=%d\n", \
        errors["connect"], errors["read"], errors["write"], errors["timeout"], bad
    }
  ' "$1"
}

# load_wrk FILE: sets w_rps, w_p50, w_p99 (ms), w_requests and the error counts
# w_connect, w_read, w_write, w_timeout, w_non2xx from wrk's output.
load_wrk() {
  local key value
  w_rps="" w_p50="" w_p99="" w_requests="" w_connect=0 w_read=0 w_write=0 w_timeout=0 w_non2xx=0
  while IFS='=' read -r key value; do
    printf -v "$key" '%s' "$value"
  done < <(parse_wrk "$1")
}

# errors_of FILE: prints the errors wrk reported, nothing when there were none.
errors_of() {
  load_wrk "$1"
  local parts=()
  ((w_connect == 0)) || parts+=("connect $w_connect")
  ((w_read == 0)) || parts+=("read $w_read")
  ((w_write == 0)) || parts+=("write $w_write")
  ((w_timeout == 0)) || parts+=("timeout $w_timeout")
  ((w_non2xx == 0)) || parts+=("non-2xx/3xx responses $w_non2xx")
  if ((${#parts[@]} > 0)); then
    local joined
    joined=$(printf '%s, ' "${parts[@]}")
    printf '%s\n' "${joined%, }"
  fi
}

declare -A RPS P50 P99 ERRORS
TARGETS=(backend nginx gatehouse)
declare -A LABEL=(
  [backend]="backend (direct)"
  [nginx]="nginx reverse proxy"
  [gatehouse]="Gatehouse proxy pipeline"
)
declare -A URL=([backend]="$BACKEND_URL" [nginx]="$NGINX_URL" [gatehouse]="$GATEHOUSE_URL")
declare -A WARM=([backend]="$WARMUP" [nginx]="$WARMUP" [gatehouse]="$WARMUP_GATEHOUSE")
if [[ $METRICS_COST == 1 ]]; then
  TARGETS=(backend nginx gatehouse_nometrics gatehouse)
  LABEL[gatehouse_nometrics]="Gatehouse proxy pipeline, metrics off"
  URL[gatehouse_nometrics]="$METRICS_OFF_URL"
  WARM[gatehouse_nometrics]="$WARMUP_GATEHOUSE"
fi
failed=no

for target in "${TARGETS[@]}"; do
  label=${LABEL[$target]}
  if ((WARM[$target] > 0)); then
    log "$label: warm-up ${WARM[$target]} s"
    run_wrk "$label warm-up" "${WARM[$target]}" "${URL[$target]}" "$WORK/wrk/$target-warmup.txt"
    warm_errors=$(errors_of "$WORK/wrk/$target-warmup.txt")
    if [[ -n $warm_errors ]]; then
      log "warning: $label warm-up reported errors: $warm_errors"
    fi
  fi
done

# median VALUES...: the middle value (the lower middle for an even count).
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# The targets are measured in interleaved rounds, so a burst of noise from the rest of the machine
# hits every target alike; each figure is the median over the rounds.
declare -A ROUND_RPS ROUND_P50 ROUND_P99
for ((round = 1; round <= ROUNDS; round++)); do
  for target in "${TARGETS[@]}"; do
    label=${LABEL[$target]}
    log "$label: measuring ${DURATION} s (round $round of $ROUNDS)"
    out="$WORK/wrk/$target-$round.txt"
    run_wrk "$label" "$DURATION" "${URL[$target]}" "$out"

    load_wrk "$out"
    rps=$w_rps p50=$w_p50 p99=$w_p99
    if [[ -z $rps || -z $p50 || -z $p99 ]]; then
      cat "$out" >&2
      die "$label: could not read requests/s and latency percentiles from wrk's output above"
    fi
    if ! awk -v r="$rps" 'BEGIN { exit !(r > 0) }'; then
      cat "$out" >&2
      die "$label: wrk measured 0 requests/s"
    fi
    ROUND_RPS[$target]+="$rps "
    ROUND_P50[$target]+="$p50 "
    ROUND_P99[$target]+="$p99 "
    round_errors=$(errors_of "$out")
    if [[ -n $round_errors ]]; then
      failed=yes
      ERRORS[$target]+="round $round: $round_errors; "
      log "$label: wrk reported errors: $round_errors"
      cat "$out" >&2
    fi
    log "$label: $(printf '%.0f' "$rps") requests/s, p50 $(printf '%.2f' "$p50") ms, p99 $(printf '%.2f' "$p99") ms"
  done
done
for target in "${TARGETS[@]}"; do
  # shellcheck disable=SC2086 # the lists are space-separated numbers
  RPS[$target]=$(median ${ROUND_RPS[$target]})
  # shellcheck disable=SC2086
  P50[$target]=$(median ${ROUND_P50[$target]})
  # shellcheck disable=SC2086
  P99[$target]=$(median ${ROUND_P99[$target]})
done

# Gatehouse must still answer correctly after the load.
check_answer Gatehouse "$GATEHOUSE_URL"
check_answer "nginx proxy" "$NGINX_URL"

# ---------------------------------------------------------------------------------------------
# Report

fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
percent_of_nginx() { awk -v a="$1" -v b="${RPS[nginx]}" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
p99_vs_nginx() { awk -v a="$1" -v b="${P99[nginx]}" 'BEGIN { printf "%+.2f ms", a - b }'; }

table() {
  echo "| Target | Requests/s | p50 (ms) | p99 (ms) | Req/s vs nginx | p99 vs nginx | Errors |"
  echo "|---|---:|---:|---:|---:|---:|---|"
  local target
  for target in "${TARGETS[@]}"; do
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' \
      "${LABEL[$target]}" \
      "$(fmt "${RPS[$target]}" '%.0f')" \
      "$(fmt "${P50[$target]}" '%.2f')" \
      "$(fmt "${P99[$target]}" '%.2f')" \
      "$(percent_of_nginx "${RPS[$target]}")" \
      "$(p99_vs_nginx "${P99[$target]}")" \
      "${ERRORS[$target]:-0}"
  done
}

summary="Gatehouse: $(percent_of_nginx "${RPS[gatehouse]}") of nginx's requests/s; p99 $(p99_vs_nginx "${P99[gatehouse]}") compared with nginx."
if [[ $METRICS_COST == 1 ]]; then
  summary+=" Metrics cost: $(awk -v on="${RPS[gatehouse]}" -v off="${RPS[gatehouse_nometrics]}" 'BEGIN { printf "%.1f%%", 100 * (off - on) / off }') of the requests/s with metrics off."
fi

first_line() { awk 'NR == 1 { print; exit }'; }
cpu_model=$(awk -F': *' '/^(model name|Model name|cpu model|Hardware)[[:space:]]*:/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
if [[ -z $cpu_model ]] && command -v lscpu >/dev/null 2>&1; then
  cpu_model=$(lscpu | awk -F': *' '/^Model name/ { print $2; exit }' || true)
fi
java_version=$("$JAVA" -version 2>&1 | first_line || true)
nginx_version=$(nginx -v 2>&1 | first_line || true)
wrk_version=$(wrk -v 2>&1 | first_line || true)
gatehouse_version=$("$GATEHOUSE_BIN" version 2>/dev/null | first_line || true)
git_commit=$(git -C "$REPO_DIR" describe --always --dirty 2>/dev/null || echo unknown)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
when=$(date -u '+%Y-%m-%d %H:%M:%S UTC')

mkdir -p "$RESULTS_DIR"
results="$RESULTS_DIR/$stamp.md"
{
  echo "# Gatehouse load benchmark, $when"
  echo
  if [[ $failed == yes ]]; then
    echo "**Invalid run: wrk reported socket errors or non-2xx/3xx responses (see the Errors column).**"
    echo
  fi
  table
  echo
  echo "$summary"
  echo
  echo "Latencies are wrk's latency distribution (\`--latency\`), in milliseconds. Each figure is the"
  echo "median of $ROUNDS interleaved rounds. \"vs nginx\" compares each target with the nginx reverse"
  echo "proxy measured in the same run."
  echo
  echo "## Load"
  echo
  echo "Each target got a warm-up run of the same shape first (${WARMUP} s; ${WARMUP_GATEHOUSE} s for Gatehouse),"
  echo "then $ROUNDS rounds of this measurement, the targets taking turns:"
  echo
  echo '```'
  for target in "${TARGETS[@]}"; do
    mapfile -t cmd < <(wrk_args "$DURATION" "${URL[$target]}")
    echo "${cmd[*]}"
  done
  echo '```'
  echo
  echo "- Backend: nginx server block, \`return 200 \"hello\\n\"\`, keep-alive, access log off."
  echo "- nginx reverse proxy: \`upstream\` with \`keepalive 64\`, \`proxy_http_version 1.1\`,"
  echo "  \`proxy_set_header Connection \"\"\`, \`worker_processes $nginx_workers\`, access log off."
  echo "- Gatehouse: proxy-only pipeline (\`paths: '/*'\` to the backend), logging level warn,"
  if [[ -n ${JAVA_OPTS:-} ]]; then
    echo "  JAVA_OPTS=\`$JAVA_OPTS\`."
  else
    echo "  JAVA_OPTS not set (JVM defaults)."
  fi
  if [[ $PIN == 1 ]]; then
    echo "- Pinning: wrk on CPUs $WRK_CPUS; backend, nginx and Gatehouse on CPUs $SERVER_CPUS (taskset)."
  else
    echo "- Pinning: none; wrk, the proxies and the backend share all CPUs."
  fi
  echo
  echo "## Machine"
  echo
  echo "- CPUs (nproc): $(nproc)"
  echo "- CPU model: ${cpu_model:-unknown}"
  echo "- Kernel: $(uname -sr)"
  echo "- Java: ${java_version:-unknown}"
  echo "- nginx: ${nginx_version:-unknown}"
  echo "- wrk: ${wrk_version:-unknown}"
  echo "- Gatehouse: ${gatehouse_version:-unknown} (repository at $git_commit)"
  echo
  echo "## Raw wrk output"
  for target in "${TARGETS[@]}"; do
    for ((round = 1; round <= ROUNDS; round++)); do
      echo
      echo "### ${LABEL[$target]}, round $round"
      echo
      echo '```'
      cat "$WORK/wrk/$target-$round.txt"
      echo '```'
    done
  done
} >"$results"

echo
table
echo
echo "$summary"
echo
echo "Results written to ${results#"$REPO_DIR"/}"

if [[ $failed == yes ]]; then
  for target in "${TARGETS[@]}"; do
    if [[ -n ${ERRORS[$target]} ]]; then
      log "${LABEL[$target]}: ${ERRORS[$target]}"
    fi
  done
  die "wrk reported socket errors or non-2xx/3xx responses; the numbers above are not valid"
fi
