#!/usr/bin/env bash
# OAuth 2.0 benchmark: the token endpoint and an oauth2-protected pipeline.
#
# Starts an nginx backend (`return 200 "hello\n"`) and Gatehouse (the built distribution, embedded
# identity store in a temporary directory) once per token type, creates a client through the Admin
# API, then measures with wrk:
#   1. POST /oauth2/token, grant_type=client_credentials (each request issues and stores a token),
#   2. GET /open/hello through a proxy-only pipeline,
#   3. GET /api/hello through oauth2 + proxy, with a valid bearer token,
#   4. with JWTs only: GET /self/hello through jwt (localIssuer: true) + proxy, the same token.
# for tokenType opaque and jwt (generated ES256 key). Figures are indicative on a shared machine.
#
# Settings (environment variables, defaults in brackets):
#   THREADS [2]  CONNECTIONS [32]  DURATION [10] seconds  WARMUP [5] seconds
#   BACKEND_PORT [18190]  GATEHOUSE_PORT [18192]  ADMIN_PORT [18193]
#   GATEHOUSE_HOME [distribution/target/gatehouse]  KEEP_TMP [0]
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
BACKEND_PORT=${BACKEND_PORT:-18190}
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18192}
ADMIN_PORT=${ADMIN_PORT:-18193}
GATEHOUSE_HOME=${GATEHOUSE_HOME:-$REPO_DIR/distribution/target/gatehouse}
KEEP_TMP=${KEEP_TMP:-0}
PATH="$PATH:/usr/sbin:/sbin"

log() { printf '[oauth2-bench] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

[[ -x $GATEHOUSE_HOME/bin/gatehouse ]] || die "build the distribution first: mvn -B -q package -DskipTests"
[[ -f $GATEHOUSE_HOME/plugins/oauth2.jar ]] || die "the distribution has no oauth2 plugin"
for tool in wrk nginx curl jq; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is not installed"
done

TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [[ $KEEP_TMP == 1 ]]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

wait_http() {
  local url=$1 deadline=$((SECONDS + 60))
  until curl -s -o /dev/null "$url"; do
    ((SECONDS < deadline)) || die "$url does not answer"
    sleep 0.2
  done
}

mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $TMP/nginx;
  proxy_temp_path $TMP/nginx;
  fastcgi_temp_path $TMP/nginx;
  uwsgi_temp_path $TMP/nginx;
  scgi_temp_path $TMP/nginx;
  server { listen 127.0.0.1:$BACKEND_PORT; location / { return 200 "hello\n"; } }
}
CONF
nginx -c "$TMP/nginx/nginx.conf" &
PIDS+=($!)
wait_http "http://127.0.0.1:$BACKEND_PORT/"

measure() {
  local name=$1 url=$2
  shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP"s "$@" "$url" >/dev/null
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION"s --latency "$@" "$url")
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  printf '| %-34s | %10s | %8s | %8s | %6s |\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}"
}

run_type() {
  local type=$1
  local config=$TMP/config-$type
  mkdir -p "$config/models" "$TMP/data-$type"
  cp "$GATEHOUSE_HOME"/config/models/*.json "$config/models/"
  cat >"$config/gateway.config.yml" <<CONF
http: {port: $GATEHOUSE_PORT}
admin: {host: 127.0.0.1, port: $ADMIN_PORT}
apiEndpoints:
  api: {paths: ['/api/*'], scopes: [read]}
  open: {paths: ['/open/*']}
  self: {paths: ['/self/*'], scopes: [read]}
serviceEndpoints:
  backend: {url: 'http://127.0.0.1:$BACKEND_PORT'}
policies: [oauth2, jwt, proxy]
pipelines:
  protected:
    apiEndpoints: [api]
    policies:
      - oauth2:
      - proxy: [{action: {serviceEndpoint: backend}}]
  open:
    apiEndpoints: [open]
    policies:
      - proxy: [{action: {serviceEndpoint: backend}}]
  self:
    apiEndpoints: [self]
    policies:
      - jwt: [{action: {localIssuer: true}}]
      - proxy: [{action: {serviceEndpoint: backend}}]
CONF
  cat >"$config/system.config.yml" <<CONF
db: {embedded: {path: $TMP/data-$type}}
accessTokens: {tokenType: $type, timeToExpiry: 3600000}
logging: {level: warn}
CONF
  "$GATEHOUSE_HOME/bin/gatehouse" start --config-dir "$config" >"$TMP/gatehouse-$type.log" 2>&1 &
  local pid=$!
  PIDS+=($pid)
  wait_http "http://127.0.0.1:$ADMIN_PORT/scopes"
  local admin="http://127.0.0.1:$ADMIN_PORT"
  curl -sf -X POST "$admin/scopes" -H 'content-type: application/json' -d '{"scopes":["read"]}' >/dev/null
  curl -sf -X POST "$admin/users" -H 'content-type: application/json' -d '{"username":"bench","firstname":"B","lastname":"M"}' >/dev/null
  local app secret
  app=$(curl -sf -X POST "$admin/apps" -H 'content-type: application/json' -d '{"userId":"bench","name":"bench"}' | jq -r .id)
  secret=$(curl -sf -X POST "$admin/credentials" -H 'content-type: application/json' \
    -d "{\"consumerId\":\"$app\",\"type\":\"oauth2\",\"credential\":{\"scopes\":[\"read\"]}}" | jq -r .secret)
  local basic token
  basic=$(printf '%s:%s' "$app" "$secret" | base64 -w0)
  token=$(curl -sf -u "$app:$secret" "http://127.0.0.1:$GATEHOUSE_PORT/oauth2/token" -d grant_type=client_credentials -d scope=read | jq -r .access_token)
  cat >"$TMP/token.lua" <<LUA
wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=read"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic $basic"
LUA
  measure "token endpoint, client_credentials, $type" "http://127.0.0.1:$GATEHOUSE_PORT/oauth2/token" -s "$TMP/token.lua"
  measure "proxy only ($type run)" "http://127.0.0.1:$GATEHOUSE_PORT/open/hello"
  measure "oauth2 + proxy, $type token" "http://127.0.0.1:$GATEHOUSE_PORT/api/hello" -H "Authorization: Bearer $token"
  if [[ $type == jwt ]]; then
    measure "jwt localIssuer + proxy, jwt token" "http://127.0.0.1:$GATEHOUSE_PORT/self/hello" -H "Authorization: Bearer $token"
  fi
  kill "$pid"
  wait "$pid" 2>/dev/null || true
}

printf '| %-34s | %10s | %8s | %8s | %6s |\n' "target" "requests/s" "p50" "p99" "non-2xx"
printf '|%s|%s|%s|%s|%s|\n' "------------------------------------" "------------" "----------" "----------" "--------"
run_type opaque
run_type jwt
