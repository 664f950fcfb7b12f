#!/usr/bin/env bash
# Benchmark of alert delivery: insert-to-delivered latency of webhooks to a fast local receiver, at
# idle (one alert a second) and under load (200 alerts a second).
#
#   bench/delivery.sh [seconds=60]
#
# Starts the stub as the receiver and the packaged app (embedded PostgreSQL in a fresh temporary
# directory, JVM sized for a 512 MiB budget, as bench/probe-engine.sh), seeds an account and an API
# key with SQL, creates a webhook channel to the stub through the API, then runs three phases one after
# the other, each waiting for its deliveries before the next starts: a warm-up (5 s at 50/s), idle
# (`seconds` at 1/s) and load (`seconds` at 200/s). Alerts are outbox rows inserted by a procedure
# (bench/delivery-seed.sql), one commit each, due at once. Reports per phase rows, delivered,
# failed, latency p50/p99/max, the receiver's request count, CPU and RSS. docs/benchmarks.md explains
# each figure.
#
# Environment: as bench/lib.sh (ports, JVM flags, BENCH_PROFILE, BENCH_KEEP).
set -euo pipefail

SECONDS_MEASURED=${1:-60}
IDLE_RATE=1
LOAD_RATE=200
WARMUP_RATE=50
WARMUP_SECONDS=5
DRAIN_CAP=120 # seconds to wait after a phase for its deliveries

if ! [[ $SECONDS_MEASURED =~ ^[0-9]+$ ]] || ((SECONDS_MEASURED < 10)); then
    echo "seconds must be at least 10, was '$SECONDS_MEASURED'" >&2; exit 2
fi

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
COMMAND="bench/delivery.sh $SECONDS_MEASURED"
ACCOUNT=00000000-0000-4000-8000-00000de11bec
bench_preflight

bench_package
bench_start_stub
log "starting the app: ${SECONDS_MEASURED}s idle at ${IDLE_RATE}/s, then ${SECONDS_MEASURED}s at ${LOAD_RATE}/s"
bench_start_app
bench_await_ready
bench_start_sampler

# The account and its key by SQL; the channel through the API, which encrypts its secret.
KEY="tcs_bench$(head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
"${PSQL[@]}" -v key="$KEY" -f "$BENCH_DIR/delivery-seed.sql"
api() { # method path [json body]
    local body=()
    [[ -n ${3:-} ]] && body=(-H "Content-Type: application/json" -d "$3")
    curl -fsS -X "$1" -H "Authorization: Bearer $KEY" "${body[@]}" "http://127.0.0.1:$APP_PORT$2"
}
json_field() { sed -n "s/.*\"$1\" *: *\"\\([^\"]*\\)\".*/\\1/p"; }
CHANNEL=$(api POST /api/v1/channels \
    "{\"name\": \"bench receiver\", \"type\": \"webhook\", \"target\": \"http://127.0.0.1:$STUB_PORT/hook\"}" | json_field id)
[[ -n $CHANNEL ]] || { echo "could not create the webhook channel" >&2; exit 1; }
TEMPLATE=$(api POST "/api/v1/channels/$CHANNEL/test" | json_field deliveryId)
log "webhook channel $CHANNEL; its test delivery $TEMPLATE is the template of every alert"

pending() {
    "${PSQL[@]}" -At -c "select count(*) from outbox where account_id = '$ACCOUNT' and status = 'pending'"
}
drain() { # waits until no alert of the account is pending, at most DRAIN_CAP seconds
    local start=$SECONDS
    while (($(pending) > 0)); do
        if ((SECONDS - start > DRAIN_CAP)); then log "still pending after ${DRAIN_CAP}s; reporting as it is"; return; fi
        alive "$APP_PID" || { echo "the app died during the run:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; }
        sleep 0.5
    done
}
drain

declare -A RECEIVED
phase() { # name order rate seconds
    local before
    before=$(stub_count)
    log "phase $1: $(($3 * $4)) alerts, $3/s for $4 s"
    "${PSQL[@]}" -c "call bench_alerts('$1', $2, $3, $4, '$TEMPLATE')"
    drain
    RECEIVED[$1]=$(($(stub_count) - before))
}
phase warm-up 1 "$WARMUP_RATE" "$WARMUP_SECONDS"
phase idle 2 "$IDLE_RATE" "$SECONDS_MEASURED"
phase load 3 "$LOAD_RATE" "$SECONDS_MEASURED"
alive "$APP_PID" || { echo "the app died during the run:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; }
REPORT=$("${PSQL[@]}" -f "$BENCH_DIR/delivery-report.sql")

cat <<SUMMARY

=== Tocsin delivery benchmark ===
command          $COMMAND
commit           $(commit_id)
machine          $(machine)
jvm              $(java -version 2>&1 | head -1)
jvm flags        $JVM_FLAGS ${BENCH_APP_OPTS:-}  ($GC)
receiver         bench/StubServer.java on 127.0.0.1:$STUB_PORT, 200 to every POST; one webhook channel
latency          delivered_at - created_at of each alert (insert-to-delivered, in ms); before send = that
                 minus the attempt's own duration_ms (wake-up + claim + queueing), send = duration_ms
SUMMARY
slices() { awk -v p="$1" '$1 == "slices" && $2 == p { $1 = $2 = ""; sub(/^ +/, ""); print }' <<<"$REPORT"; }
while read -r _ name rate rows achieved delivered failed pending retried p50 p99 max bs50 bs99 s50 s99 tail ws we; do
    read -r app_cpu pg_cpu stub_cpu machine_cpu rss_avg rss_max hwm <<<"$(usage_between "$ws" "$we")"
    cat <<PHASE

--- $name: ${rate}/s offered, ${achieved}/s inserted ---
alerts           $rows inserted, $delivered delivered, $failed failed, $pending pending; $retried needed a retry
latency          p50 $p50 / p99 $p99 / max $max ms
  by sixth       $(slices "$name")  (p99/max ms, by insert time)
  before send    p50 $bs50 / p99 $bs99 ms
  send           p50 $s50 / p99 $s99 ms
last delivery    ${tail} ms after the last insert
receiver         ${RECEIVED[$name]} requests answered
app CPU          ${app_cpu}% of one core (machine: $(nproc) cores = $(($(nproc) * 100))%)
database CPU     ${pg_cpu}% of one core (embedded PostgreSQL, including the backend inserting the alerts)
stub CPU         ${stub_cpu}% of one core
machine busy     ${machine_cpu}% of all cores (every process, including anything else running)
app RSS          avg ${rss_avg} MiB, max ${rss_max} MiB in the phase; peak since start (VmHWM) ${hwm} MiB
PHASE
done < <(grep '^phase ' <<<"$REPORT")
echo
echo "target           p99 <= 50 ms at idle and at ${LOAD_RATE}/s"
