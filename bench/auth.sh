#!/usr/bin/env bash
# What authentication costs: wrk against one Gatehouse with four pipelines in front of the same
# nginx backend, measured in interleaved rounds:
#   proxy  (/proxy/*)  proxy only
#   bearer (/proxy/*)  proxy only, with the jwt scenario's Authorization header (its size alone)
#   jwt    (/jwt/*)    jwt, RS256 with a public key (uncontrolled mode), then proxy
#   key    (/key/*)    key-auth, then proxy
#   basic  (/basic/*)  basic-auth (bcrypt cost SALT_ROUNDS, checks remembered), then proxy
# and prints each one's requests/s, p50, p99 and share of the proxy-only requests/s.
#
# Settings: THREADS [2] CONNECTIONS [64] DURATION [15] ROUNDS [3] WARMUP [15] SALT_ROUNDS [10]
#           JWT_CACHE_SIZE [10000]: the jwt step's verifiedTokenCacheSize (0: a signature check per request)
#           BACKEND_PORT [18290] GATEHOUSE_PORT [18292] ADMIN_PORT [18293] JAVA_OPTS
# Expects the distribution to be built (mvn -B -q package -DskipTests) and nginx, wrk, curl and
# openssl installed (bench/run.sh installs the first three).
set -euo pipefail

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GATEHOUSE_BIN=${GATEHOUSE_HOME:-$REPO_DIR/distribution/target/gatehouse}/bin/gatehouse
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-15}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-15}
SALT_ROUNDS=${SALT_ROUNDS:-10}
JWT_CACHE_SIZE=${JWT_CACHE_SIZE:-10000}
BACKEND_PORT=${BACKEND_PORT:-18290}
GATEHOUSE_PORT=${GATEHOUSE_PORT:-18292}
ADMIN_PORT=${ADMIN_PORT:-18293}
PATH="$PATH:/usr/sbin:/sbin"

log() { printf '[auth-bench] %s\n' "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

[[ -x $GATEHOUSE_BIN ]] || die "build the distribution first: mvn -B -q package -DskipTests"
for tool in wrk nginx curl openssl; do
  command -v "$tool" >/dev/null || die "$tool is missing (bench/run.sh installs wrk, nginx and curl)"
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/gatehouse-auth-bench.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "${WORK:?}"
}
trap cleanup EXIT
mkdir -p "$WORK/config" "$WORK/logs" "$WORK/wrk"

printf '%s\n' \
  'worker_processes 1;' 'daemon off;' "pid $WORK/backend.pid;" "error_log $WORK/logs/backend-error.log;" \
  'events { worker_connections 4096; }' \
  'http {' '  access_log off;' \
  "  server { listen 127.0.0.1:$BACKEND_PORT; keepalive_requests 10000000; location / { return 200 \"hello\\n\"; } }" \
  '}' >"$WORK/backend.conf"

# An RS256 key pair; the gateway gets the public key, the script signs one token with the private.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/private.pem" 2>/dev/null
openssl pkey -in "$WORK/private.pem" -pubout -out "$WORK/config/public.pem"
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"sub":"bench-user","iss":"https://issuer.example.com/","aud":"bench","iat":%d,"exp":%d,"scope":"read"}' \
  "$now" $((now + 86400)) | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$WORK/private.pem" -binary | b64url)
TOKEN="$header.$payload.$signature"

cat >"$WORK/config/gateway.config.yml" <<YAML
http: {port: $GATEHOUSE_PORT, hostname: 127.0.0.1}
admin: {port: $ADMIN_PORT, host: 127.0.0.1}
apiEndpoints:
  proxy: {paths: '/proxy/*'}
  jwt: {paths: '/jwt/*'}
  key: {paths: '/key/*'}
  basic: {paths: '/basic/*'}
serviceEndpoints:
  backend: {url: 'http://127.0.0.1:$BACKEND_PORT'}
policies: [jwt, key-auth, basic-auth, proxy]
pipelines:
  proxy:
    apiEndpoints: [proxy]
    policies:
      - proxy: [{action: {serviceEndpoint: backend}}]
  jwt:
    apiEndpoints: [jwt]
    policies:
      - jwt:
          - action:
              secretOrPublicKeyFile: public.pem
              algorithms: [RS256]
              issuer: https://issuer.example.com/
              audience: bench
              checkCredentialExistence: false
              verifiedTokenCacheSize: $JWT_CACHE_SIZE
      - proxy: [{action: {serviceEndpoint: backend}}]
  key:
    apiEndpoints: [key]
    policies:
      - key-auth: [{action: {}}]
      - proxy: [{action: {serviceEndpoint: backend}}]
  basic:
    apiEndpoints: [basic]
    policies:
      - basic-auth: [{action: {}}]
      - proxy: [{action: {serviceEndpoint: backend}}]
YAML
cat >"$WORK/config/system.config.yml" <<YAML
logging: {level: warn}
db:
  embedded: {path: '$WORK/data'}
crypto:
  saltRounds: $SALT_ROUNDS
  cipherKey: bench-cipher-key-of-some-length
YAML

log "starting the backend (nginx) and Gatehouse"
nginx -c "$WORK/backend.conf" >"$WORK/logs/backend.out" 2>&1 &
pids+=($!)
"$GATEHOUSE_BIN" start --config-dir "$WORK/config" >"$WORK/logs/gatehouse.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do
  curl -s -o /dev/null "http://127.0.0.1:$GATEHOUSE_PORT/proxy/" && break
  sleep 0.2
done
curl -s -o /dev/null "http://127.0.0.1:$GATEHOUSE_PORT/proxy/" || {
  tail -n 40 "$WORK/logs/gatehouse.log" >&2
  die "Gatehouse did not start"
}

admin() { curl -sS --fail-with-body -X POST "http://127.0.0.1:$ADMIN_PORT$1" -H 'content-type: application/json' -d "$2"; }
admin /users '{"username":"bench","firstname":"Bench","lastname":"User"}' >/dev/null
admin /credentials '{"consumerId":"bench","type":"basic-auth","credential":{"password":"bench-password"}}' >/dev/null
key=$(admin /credentials '{"consumerId":"bench","type":"key-auth","credential":{}}')
key_id=$(printf '%s' "$key" | sed -n 's/.*"keyId":"\([^"]*\)".*/\1/p')
key_secret=$(printf '%s' "$key" | sed -n 's/.*"keySecret":"\([^"]*\)".*/\1/p')
[[ -n $key_id && -n $key_secret ]] || die "no key-auth key in the answer: $key"
BASIC=$(printf 'bench:bench-password' | openssl base64 -A)

SCENARIOS=(proxy bearer jwt key basic)
declare -A LABEL=([proxy]="proxy only" [bearer]="proxy only, same header as jwt" [jwt]="jwt (RS256) + proxy" [key]="key-auth + proxy" [basic]="basic-auth + proxy")
declare -A PATHS=([proxy]=/proxy/hello [bearer]=/proxy/hello [jwt]=/jwt/hello [key]=/key/hello [basic]=/basic/hello)
declare -A HEADER=(
  [proxy]="x-bench: none"
  [bearer]="Authorization: Bearer $TOKEN"
  [jwt]="Authorization: Bearer $TOKEN"
  [key]="Authorization: apiKey $key_id:$key_secret"
  [basic]="Authorization: Basic $BASIC"
)

for s in "${SCENARIOS[@]}"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "${HEADER[$s]}" "http://127.0.0.1:$GATEHOUSE_PORT${PATHS[$s]}")
  [[ $status == 200 ]] || die "${LABEL[$s]}: expected 200, got $status"
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$GATEHOUSE_PORT${PATHS[$s]}")
  [[ $s == proxy || $s == bearer || $status == 401 ]] || die "${LABEL[$s]}: expected 401 without credentials, got $status"
done

# run_wrk SCENARIO SECONDS OUT
run_wrk() {
  wrk "-t$THREADS" "-c$CONNECTIONS" "-d${2}s" --latency -H "${HEADER[$1]}" \
    "http://127.0.0.1:$GATEHOUSE_PORT${PATHS[$1]}" >"$3" 2>&1 || {
    cat "$3" >&2
    die "wrk failed for ${LABEL[$1]}"
  }
  if grep -qE 'Non-2xx|Socket errors' "$3"; then
    cat "$3" >&2
    die "${LABEL[$1]}: wrk reported errors"
  fi
}
to_ms() { awk -v t="$1" 'BEGIN { n = t; sub(/[a-z]+$/, "", n); u = t; sub(/^[0-9.]+/, "", u);
  print (u == "us" ? n / 1000 : u == "s" ? n * 1000 : n + 0) }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for s in "${SCENARIOS[@]}"; do
  log "${LABEL[$s]}: warm-up ${WARMUP} s"
  run_wrk "$s" "$WARMUP" "$WORK/wrk/$s-warmup.txt"
done
declare -A RPS P50 P99
for ((round = 1; round <= ROUNDS; round++)); do
  for s in "${SCENARIOS[@]}"; do
    out="$WORK/wrk/$s-$round.txt"
    run_wrk "$s" "$DURATION" "$out"
    rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$out")
    RPS[$s]+="$rps "
    P50[$s]+="$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")") "
    P99[$s]+="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")") "
    log "${LABEL[$s]}: round $round: $rps requests/s"
  done
done

# shellcheck disable=SC2086 # space-separated numbers
base=$(median ${RPS[proxy]})
echo
echo "| Pipeline | Requests/s | p50 (ms) | p99 (ms) | vs proxy only |"
echo "|---|---:|---:|---:|---:|"
for s in "${SCENARIOS[@]}"; do
  # shellcheck disable=SC2086
  r=$(median ${RPS[$s]})
  # shellcheck disable=SC2086
  printf '| %s | %.0f | %.2f | %.2f | %s |\n' "${LABEL[$s]}" "$r" "$(median ${P50[$s]})" "$(median ${P99[$s]})" \
    "$(awk -v a="$r" -v b="$base" 'BEGIN { printf "%.1f%%", 100 * a / b }')"
done
echo
echo "Medians of $ROUNDS interleaved rounds of: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency -H '<credentials>' URL"
