#!/usr/bin/env bash
# Compares pgbench -S throughput and latency: direct PostgreSQL vs dbwarden vs PgBouncer.
# See bench/README.md. Everything this script starts is stopped on exit.
set -euo pipefail

SECONDS_PER_RUN="${BENCH_SECONDS:-10}"
WARMUP_SECONDS="${BENCH_WARMUP:-5}"
SCALE="${BENCH_SCALE:-10}"
MODES="${BENCH_MODES:-simple extended prepared}"
CLIENTS="${BENCH_CLIENTS:-1 8}"
TARGETS="${BENCH_TARGETS:-direct unaudited passthrough dbwarden pgbouncer}"
# Audit: "file" (the rotating file sink, hash-chained; the default) or "off" (nothing recorded,
# to measure what auditing costs).
AUDIT="${BENCH_AUDIT:-file}"
# Where the audit file goes: in the work dir by default, or e.g. /dev/null.
AUDIT_OUT="${BENCH_AUDIT_OUT:-}"
JAVA_OPTS="${BENCH_JAVA_OPTS:-}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="${BENCH_JAR:-$ROOT/sidecar/target/dbwarden-sidecar.jar}"
RESULTS="$ROOT/bench/results"
WORK="$(mktemp -d -t dbwarden-bench.XXXXXX)"
DEMO_PID=""
BOUNCER_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }

cleanup() {
  local rc=$?
  if [[ -n "$BOUNCER_PID" ]] && kill -0 "$BOUNCER_PID" 2>/dev/null; then
    kill -TERM "$BOUNCER_PID" 2>/dev/null || true
    wait "$BOUNCER_PID" 2>/dev/null || true
  fi
  if [[ -n "$DEMO_PID" ]] && kill -0 "$DEMO_PID" 2>/dev/null; then
    kill -TERM "$DEMO_PID" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$DEMO_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$DEMO_PID" 2>/dev/null || true
    wait "$DEMO_PID" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 ]]; then
    log "failed (exit $rc); logs kept in $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

apt_install() {
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    log "installing $* with apt-get"
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"; } \
      >"$WORK/apt.log" 2>&1 || return 1
  else
    return 1
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' \
    2>/dev/null && return
  local port
  for port in $(shuf -i 20000-60000 -n 50); do
    if ! ss -ltn "sport = :$port" | grep -q LISTEN; then echo "$port"; return; fi
  done
  return 1
}

# ---- tools

if ! command -v pgbench >/dev/null; then
  apt_install postgresql-client postgresql-contrib || { log "pgbench is required"; exit 1; }
fi
PGBOUNCER="$(command -v pgbouncer || true)"
[[ -z "$PGBOUNCER" && -x /usr/sbin/pgbouncer ]] && PGBOUNCER=/usr/sbin/pgbouncer
if [[ " $TARGETS " == *" pgbouncer "* && -z "$PGBOUNCER" ]]; then
  if apt_install pgbouncer; then
    PGBOUNCER="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"
    # The package may try to start a system instance; we run our own.
    service pgbouncer stop >/dev/null 2>&1 || true
  else
    log "pgbouncer is not installed and cannot be installed here: skipping it"
  fi
fi
[[ -x "$PGBOUNCER" ]] || TARGETS="${TARGETS//pgbouncer/}"

if [[ ! -f "$JAR" ]]; then
  log "building $JAR"
  (cd "$ROOT" && ./mvnw -q -B -o package -DskipTests -pl sidecar -am)
fi

# ---- PostgreSQL and dbwarden (the demo starts both)

AUDIT_OUT="${AUDIT_OUT:-$WORK/audit.jsonl}"
case "$AUDIT" in
  file) AUDIT_ARGS=(--audit-file "$AUDIT_OUT" --audit-max-size 1GB); AUDIT_DESC="audit to $AUDIT_OUT" ;;
  off) AUDIT_ARGS=(--no-audit); AUDIT_DESC="audit off" ;;
  *) log "BENCH_AUDIT must be file or off"; exit 2 ;;
esac
log "starting dbwarden demo ($AUDIT_DESC, java opts: ${JAVA_OPTS:-none})"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$JAR" demo --listen 127.0.0.1:0 --passthrough-listen 127.0.0.1:0 \
  --unaudited-listen 127.0.0.1:0 --admin-listen 127.0.0.1:0 "${AUDIT_ARGS[@]}" >"$WORK/demo.out" 2>"$WORK/demo.err" &
DEMO_PID=$!
for _ in $(seq 1 600); do
  grep -q 'dbwarden demo is running' "$WORK/demo.err" && break
  kill -0 "$DEMO_PID" 2>/dev/null || { cat "$WORK/demo.err" >&2; exit 1; }
  sleep 0.2
done
grep -q 'dbwarden demo is running' "$WORK/demo.err" || { log "demo did not start"; exit 1; }

DIRECT_URL="$(grep -o 'postgresql://postgres:[^"]*' "$WORK/demo.err" | head -1)"
PROXY_URL="$(grep -o 'postgresql://alice:[^"]*' "$WORK/demo.err" | head -1)"
BARE_ADDR="$(sed -n 's/^Pass-through proxy (no policy): //p' "$WORK/demo.err" | head -1)"
UNAUDITED_ADDR="$(sed -n 's/^Unaudited pass-through proxy (no policy, no audit): //p' "$WORK/demo.err" | head -1)"
[[ -n "$DIRECT_URL" && -n "$PROXY_URL" && -n "$BARE_ADDR" ]] ||
  { log "cannot parse URLs from demo output"; exit 1; }
# The same login, on the proxy that has no policy.
BARE_URL="${PROXY_URL%@*}@$BARE_ADDR/${PROXY_URL##*/}"
UNAUDITED_URL="${PROXY_URL%@*}@$UNAUDITED_ADDR/${PROXY_URL##*/}"
# postgresql://USER:PASSWORD@HOST:PORT/DB
DIRECT_REST="${DIRECT_URL#postgresql://}"
SUPERUSER="${DIRECT_REST%%:*}"
DIRECT_REST="${DIRECT_REST#*:}"
SUPERPASS="${DIRECT_REST%%@*}"
DIRECT_REST="${DIRECT_REST#*@}"
PG_HOST="${DIRECT_REST%%:*}"
DIRECT_REST="${DIRECT_REST#*:}"
PG_PORT="${DIRECT_REST%%/*}"
PG_DB="${DIRECT_REST#*/}"
log "PostgreSQL at $PG_HOST:$PG_PORT, dbwarden at ${PROXY_URL##*@}"

log "pgbench -i -s $SCALE (direct, as $SUPERUSER)"
pgbench -i -q -s "$SCALE" "$DIRECT_URL" >"$WORK/init.log" 2>&1 || { cat "$WORK/init.log" >&2; exit 1; }
# The proxy logs in upstream as role app.
psql -q -X -v ON_ERROR_STOP=1 "$DIRECT_URL" \
  -c "GRANT SELECT, UPDATE, INSERT ON ALL TABLES IN SCHEMA public TO app" >/dev/null

# ---- PgBouncer, session mode, in front of the same PostgreSQL

BOUNCER_URL=""
if [[ " $TARGETS " == *" pgbouncer "* ]]; then
  BOUNCER_PORT="$(free_port)"
  BDIR="$WORK/pgbouncer"
  mkdir -p "$BDIR"
  printf '"%s" "%s"\n' "$SUPERUSER" "$SUPERPASS" >"$BDIR/userlist.txt"
  cat >"$BDIR/pgbouncer.ini" <<EOF
[databases]
$PG_DB = host=$PG_HOST port=$PG_PORT dbname=$PG_DB
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $BOUNCER_PORT
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $BDIR/userlist.txt
pool_mode = session
max_client_conn = 200
default_pool_size = 20
EOF
  chmod 755 "$WORK" "$BDIR"
  chmod 644 "$BDIR"/*
  BOUNCER_ARGS=()
  # PgBouncer refuses to run as root.
  [[ $(id -u) -eq 0 ]] && BOUNCER_ARGS=(-u nobody)
  "$PGBOUNCER" "${BOUNCER_ARGS[@]}" "$BDIR/pgbouncer.ini" >"$WORK/pgbouncer.log" 2>&1 &
  BOUNCER_PID=$!
  BOUNCER_URL="postgresql://$SUPERUSER:$SUPERPASS@127.0.0.1:$BOUNCER_PORT/$PG_DB"
  for _ in $(seq 1 50); do
    psql -q -X -tA "$BOUNCER_URL" -c 'select 1' >/dev/null 2>&1 && break
    kill -0 "$BOUNCER_PID" 2>/dev/null || { cat "$WORK/pgbouncer.log" >&2; exit 1; }
    sleep 0.2
  done
  psql -q -X -tA "$BOUNCER_URL" -c 'select 1' >/dev/null || { cat "$WORK/pgbouncer.log" >&2; exit 1; }
  log "PgBouncer $("$PGBOUNCER" --version | head -1 | awk '{print $2}') at 127.0.0.1:$BOUNCER_PORT"
fi

url_of() {
  case "$1" in
    direct) echo "$DIRECT_URL" ;;
    dbwarden) echo "$PROXY_URL" ;;
    passthrough) echo "$BARE_URL" ;;
    unaudited) echo "$UNAUDITED_URL" ;;
    pgbouncer) echo "$BOUNCER_URL" ;;
  esac
}

# run_pgbench TARGET MODE CLIENTS SECONDS -> "tps latency_ms"
run_pgbench() {
  local target=$1 mode=$2 clients=$3 secs=$4 jobs=1 out
  ((clients > 1)) && jobs=2
  out="$WORK/pgbench-$target-$mode-$clients.log"
  if ! pgbench -S -n -M "$mode" -c "$clients" -j "$jobs" -T "$secs" "$(url_of "$target")" \
    >"$out" 2>&1; then
    log "pgbench failed against $target ($mode, $clients clients):"
    tail -5 "$out" >&2
    echo "- -"
    return
  fi
  local tps lat
  tps="$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$out")"
  lat="$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$out")"
  echo "${tps:--} ${lat:--}"
}

# Let the JIT compile the proxy's paths before measuring.
if ((WARMUP_SECONDS > 0)); then
  for target in unaudited passthrough dbwarden; do
    [[ " $TARGETS " == *" $target "* ]] || continue
    log "warming up $target (${WARMUP_SECONDS}s per mode)"
    for mode in $MODES; do run_pgbench "$target" "$mode" 8 "$WARMUP_SECONDS" >/dev/null; done
  done
fi

declare -A TPS LAT
for mode in $MODES; do
  for clients in $CLIENTS; do
    for target in $TARGETS; do
      read -r TPS["$target/$mode/$clients"] LAT["$target/$mode/$clients"] \
        < <(run_pgbench "$target" "$mode" "$clients" "$SECONDS_PER_RUN")
      log "$(printf '%-9s %-8s %2s clients: tps %10s  latency %s ms' "$target" "$mode" "$clients" \
        "${TPS[$target/$mode/$clients]}" "${LAT[$target/$mode/$clients]}")"
    done
  done
done

# ---- report

calc() { awk "BEGIN { $1 }" 2>/dev/null || echo "-"; }
ratio() { [[ "$1" == - || "$2" == - || -z "$1" || -z "$2" ]] && { echo "-"; return; }
  calc "printf \"%.2f\", $1 / $2"; }
added_us() { [[ "$1" == - || "$2" == - || -z "$1" || -z "$2" ]] && { echo "-"; return; }
  calc "printf \"%+.0f\", ($1 - $2) * 1000"; }

fmt() { [[ "$1" == - ]] && echo - || printf '%.0f' "$1"; }

HEADER=(mode clients "tps direct" "tps unaudited" "tps pass-through" "tps policy" "tps pgbouncer"
  "pass-through/unaudited" "pass-through/direct" "pass-through/pgbouncer" "policy/pass-through"
  "µs added pass-through" "µs added policy" "µs added pgbouncer")
ROWS=()
for mode in $MODES; do
  for clients in $CLIENTS; do
    d="${TPS[direct/$mode/$clients]:--}"
    u="${TPS[unaudited/$mode/$clients]:--}"
    p="${TPS[passthrough/$mode/$clients]:--}"
    w="${TPS[dbwarden/$mode/$clients]:--}"
    b="${TPS[pgbouncer/$mode/$clients]:--}"
    if ((clients == 1)); then
      ap="$(added_us "${LAT[passthrough/$mode/$clients]:--}" "${LAT[direct/$mode/$clients]:--}")"
      aw="$(added_us "${LAT[dbwarden/$mode/$clients]:--}" "${LAT[direct/$mode/$clients]:--}")"
      ab="$(added_us "${LAT[pgbouncer/$mode/$clients]:--}" "${LAT[direct/$mode/$clients]:--}")"
    else
      ap="" aw="" ab=""
    fi
    ROWS+=("$mode|$clients|$(fmt "$d")|$(fmt "$u")|$(fmt "$p")|$(fmt "$w")|$(fmt "$b")|$(ratio "$p" "$u")|$(ratio "$p" "$d")|$(ratio "$p" "$b")|$(ratio "$w" "$p")|$ap|$aw|$ab")
  done
done

{
  printf '%-9s %7s %10s %13s %16s %10s %13s %22s %19s %22s %19s %21s %15s %18s\n' "${HEADER[@]}"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r -a f <<<"$row"
    while ((${#f[@]} < ${#HEADER[@]})); do f+=(""); done
    printf '%-9s %7s %10s %13s %16s %10s %13s %22s %19s %22s %19s %21s %15s %18s\n' "${f[@]}"
  done
}

mkdir -p "$RESULTS"
{
  echo "# pgbench -S: direct PostgreSQL vs dbwarden (pass-through without and with audit, and with the demo policy) vs PgBouncer"
  echo
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(uname -m)), pgbench $(pgbench --version | awk '{print $3}'),"\
    "scale $SCALE, ${SECONDS_PER_RUN}s per run, clients 1 (-j1) and 8 (-j2),"\
    "$AUDIT_DESC, java opts: ${JAVA_OPTS:-none}."
  echo "All processes on one machine. µs added: latency average minus direct, 1 client."
  echo "pass-through/unaudited: the throughput kept with audit on (1.00: auditing costs nothing)."
  echo
  printf '| %s ' "${HEADER[@]}"; echo '|'
  printf '|%s' '---' '--:' '--:' '--:' '--:' '--:' '--:' '--:' '--:' '--:' '--:' '--:' '--:' '--:'; echo '|'
  for row in "${ROWS[@]}"; do
    IFS='|' read -r -a f <<<"$row"
    while ((${#f[@]} < ${#HEADER[@]})); do f+=(""); done
    printf '| %s ' "${f[@]}"; echo '|'
  done
} >"$RESULTS/latest.md"
cp "$RESULTS/latest.md" "$RESULTS/latest-audit-$AUDIT.md"
log "written $RESULTS/latest.md (and latest-audit-$AUDIT.md)"
