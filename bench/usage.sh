#!/usr/bin/env bash
# Benchmark of usage intake: events per second one node takes in batches of 500 with rules evaluated,
# the ingest latency, and how long a breach takes to reach the incident service.
#
#   bench/usage.sh [seconds=60] [concurrency=4]
#
# Starts the packaged app (embedded PostgreSQL in a fresh temporary directory, JVM sized for a 512 MiB
# budget, as the other benchmarks), seeds an account and a write key with SQL (the account gets the
# default rule, 429 rate > 5 % over >= 100 calls in 5 min, through a rule created by the API), then runs
# bench/UsageLoad.java: `concurrency` clients posting batches of 500 calls back to back for `seconds`
# (about 1 % of the calls are 429s, below the rule). Then one batch of 200 calls to a fresh provider
# with 20 % 429s, and the time from its answer to the incident it opens (the evaluator runs every 10 s).
#
# Environment: as bench/lib.sh (ports, JVM flags, BENCH_PROFILE, BENCH_KEEP).
set -euo pipefail

SECONDS_MEASURED=${1:-60}
CONCURRENCY=${2:-4}
BATCH=500
if ! [[ $SECONDS_MEASURED =~ ^[0-9]+$ ]] || ((SECONDS_MEASURED < 10)); then
    echo "seconds must be at least 10, was '$SECONDS_MEASURED'" >&2; exit 2
fi

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
COMMAND="bench/usage.sh $SECONDS_MEASURED $CONCURRENCY"
ACCOUNT=00000000-0000-4000-8000-00000de11bec
bench_preflight

bench_package
bench_start_stub
log "starting the app: ${SECONDS_MEASURED}s of ${CONCURRENCY} clients posting batches of $BATCH"
# One key sends the whole load: lift the per-key limit (600 a minute by default) out of the way.
bench_start_app TOCSIN_API_REQUESTS_PER_MINUTE=100000000
bench_await_ready
bench_start_sampler

KEY="tcs_bench$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
"${PSQL[@]}" -v key="$KEY" -f "$BENCH_DIR/delivery-seed.sql"
api() { curl -fsS -X "$1" -H "Authorization: Bearer $KEY" -H "Content-Type: application/json" ${3:+-d "$3"} "http://127.0.0.1:$APP_PORT$2"; }
api POST /api/v1/rules '{"name":"429 rate above 5 %","kind":"status-rate","status":[429],"threshold":0.05,"windowSeconds":300,"minCalls":100}' >/dev/null

log "warm-up: 10 s"
java "$BENCH_DIR/UsageLoad.java" "http://127.0.0.1:$APP_PORT" "$KEY" 10 "$BATCH" "$CONCURRENCY" >/dev/null
START=$(now)
LOAD=$(java "$BENCH_DIR/UsageLoad.java" "http://127.0.0.1:$APP_PORT" "$KEY" "$SECONDS_MEASURED" "$BATCH" "$CONCURRENCY")
END=$(now)
alive "$APP_PID" || { echo "the app died during the run:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; }
read -r app_cpu pg_cpu _ machine_cpu rss_avg rss_max hwm <<<"$(usage_between "$START" "$END")"
ROWS=$("${PSQL[@]}" -At -c "select count(*), coalesce(sum(calls), 0) from usage_minutes where account_id = '$ACCOUNT'")

# A breach: 200 calls to a provider of its own (priced first), 20 % of them 429.
api PUT /api/v1/usage/prices '{"provider":"breach-llm","model":"*","inputPerMillionUsd":1,"outputPerMillionUsd":1}' >/dev/null
CALLS=$(for i in $(seq 200); do s=200; ((i % 5 == 0)) && s=429; printf '{"provider":"breach-llm","model":"m","status":%d,"latencyMs":100},' "$s"; done)
api POST /api/v1/events "[${CALLS%,}]" >/dev/null
SENT=$(now)
BREACH=""
for _ in $(seq 600); do
    OPENED=$("${PSQL[@]}" -At -c "select extract(epoch from min(created_at)) from incidents where account_id = '$ACCOUNT' and dedup_key like 'provider:breach-llm:%'")
    if [[ -n $OPENED ]]; then BREACH=$(awk -v o="$OPENED" -v s="$SENT" 'BEGIN { printf "%.1f", o - s }'); break; fi
    sleep 0.1
done

cat <<SUMMARY

=== Tocsin usage benchmark ===
command          $COMMAND
commit           $(commit_id)
machine          $(machine)
jvm              $(java -version 2>&1 | head -1)
jvm flags        $JVM_FLAGS ${BENCH_APP_OPTS:-}
load             $CONCURRENCY clients, batches of $BATCH, back to back, ${SECONDS_MEASURED} s (bench/UsageLoad.java, same machine)
result           $LOAD
stored           ${ROWS%%|*} minute rows for ${ROWS##*|} calls
app CPU          ${app_cpu}% of one core (machine: $(nproc) cores = $(($(nproc) * 100))%)
database CPU     ${pg_cpu}% of one core
machine busy     ${machine_cpu}% of all cores (the load generator included)
app RSS          avg ${rss_avg} MiB, max ${rss_max} MiB; peak since start (VmHWM) ${hwm} MiB
breach           ${BREACH:-none within 60} s from the batch's answer to the incident it opened

targets          >= 20000 events/s, p99 <= 100 ms, breach <= 15 s
SUMMARY
