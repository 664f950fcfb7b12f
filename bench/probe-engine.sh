#!/usr/bin/env bash
# Benchmark of the probe engine: N monitors at a 30 s interval against a fast local stub.
#
#   bench/probe-engine.sh [monitors=10000] [seconds=120]
#
# Starts the stub, the packaged app (embedded PostgreSQL in a fresh temporary directory, JVM sized for
# a 512 MiB budget), seeds the monitors with SQL, lets one interval pass as warm-up, measures for
# `seconds`, then reports probes/s, scheduling lag, missed runs, CPU, RSS and database rows/s, and the
# rate wrk reaches against the same stub as the ceiling. docs/benchmarks.md explains each figure.
#
# Environment (all optional):
#   BENCH_APP_PORT / BENCH_DB_PORT / BENCH_STUB_PORT   fixed ports (18080 / 15432 / 18090)
#   BENCH_JVM_FLAGS    replaces the memory flags (bench/lib.sh: a 512 MiB container)
#   BENCH_APP_OPTS     extra JVM options, e.g. -Dtocsin.probes.max-in-flight=10000
#   BENCH_PROFILE=1    also record JFR and sample pg_stat_activity; summaries go to BENCH_KEEP
#   BENCH_KEEP=<dir>   keep logs, samples and the JFR recording there
#   BENCH_NO_WRK=1     skip the wrk ceiling
set -euo pipefail

MONITORS=${1:-10000}
SECONDS_MEASURED=${2:-120}
INTERVAL=30
WARMUP=$INTERVAL
SEED_DELAY=$((5 + MONITORS / 10000)) # seeding 50,000 rows takes a few seconds
GRACE=5

if ! [[ $MONITORS =~ ^[0-9]+$ ]] || ((MONITORS < 1)); then
    echo "monitors must be a positive number, was '$MONITORS'" >&2; exit 2
fi
if ! [[ $SECONDS_MEASURED =~ ^[0-9]+$ ]] || ((SECONDS_MEASURED < 3 * INTERVAL)); then
    echo "seconds must be at least $((3 * INTERVAL)) (three intervals), was '$SECONDS_MEASURED'" >&2; exit 2
fi

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
COMMAND="bench/probe-engine.sh $MONITORS $SECONDS_MEASURED"
ACTIVITY_PID=""
bench_preflight

# 1. The packaged app.
bench_package

# 2. The stub.
bench_start_stub

# 3. The app, probes on.
log "starting the app: $MONITORS monitors, ${SECONDS_MEASURED}s measured after a ${WARMUP}s warm-up"
bench_start_app TOCSIN_PLANS_MONITOR_LIMIT=$((MONITORS + 1000)) TOCSIN_PLANS_MIN_INTERVAL_SECONDS=$INTERVAL \
    TOCSIN_PROBES_ENABLED=true
bench_await_ready

# 4. Samples, every second: app CPU ticks, RSS, HWM; the database's and the stub's CPU; the machine's.
bench_start_sampler

# 5. The monitors.
log "seeding $MONITORS monitors"
T0=$("${PSQL[@]}" -v n="$MONITORS" -v interval="$INTERVAL" -v delay="$SEED_DELAY" -v stub_port="$STUB_PORT" \
    -f "$BENCH_DIR/seed.sql" | tail -1)
WS=$(awk -v t="$T0" -v w="$WARMUP" 'BEGIN { printf "%.6f", t + w }')
WE=$(awk -v t="$WS" -v s="$SECONDS_MEASURED" 'BEGIN { printf "%.6f", t + s }')
log "first runs due from $(date -d "@${T0%.*}" +%H:%M:%S); measuring $(date -d "@${WS%.*}" +%H:%M:%S) to $(date -d "@${WE%.*}" +%H:%M:%S)"

if [[ -n ${BENCH_PROFILE:-} ]]; then
    (while alive "$APP_PID"; do
        "${PSQL[@]}" -At -F '|' -c "select coalesce(wait_event_type, 'CPU'), coalesce(wait_event, '-'),
            regexp_replace(left(query, 50), '\s+', ' ', 'g') from pg_stat_activity
            where datname = current_database() and state = 'active' and pid <> pg_backend_pid()" 2>/dev/null || true
        curl -fsS "http://127.0.0.1:$APP_PORT/q/metrics" 2>/dev/null \
            | awk -v t="$(date +%H:%M:%S)" '/^tocsin_probes_in_flight/ { print t, $2 }' >>"$WORK/inflight.txt" || true
        sleep 0.5
    done) >"$WORK/activity.txt" &
    ACTIVITY_PID=$!
    HELPER_PIDS+=("$ACTIVITY_PID")
fi

sleep_until "$WS"
DB_START=$("${PSQL[@]}" -f "$BENCH_DIR/dbstats.sql")
STUB_START=$(stub_count)
sleep_until "$WE"
DB_END=$("${PSQL[@]}" -f "$BENCH_DIR/dbstats.sql")
STUB_END=$(stub_count)
if [[ -n ${BENCH_PROFILE:-} ]]; then
    jcmd "$APP_PID" Thread.print >"$WORK/threads.txt" 2>&1 || true
    jcmd "$APP_PID" JFR.dump filename="$WORK/app.jfr" >/dev/null 2>&1 || true
fi
# Runs started before the end may still wait in the writer's queue: wait until their count stops
# growing (at most 120 s), and report how long that took as the writer's backlog.
DRAIN_START=$SECONDS
count_due() { "${PSQL[@]}" -At -c "select count(*) from probe_results where due_at < to_timestamp($WE)"; }
sleep "$GRACE"
last=$(count_due)
while ((SECONDS - DRAIN_START < 120)); do
    sleep 2
    current=$(count_due)
    [[ $current == "$last" ]] && break
    last=$current
done
DRAIN=$((SECONDS - DRAIN_START))
alive "$APP_PID" || { echo "the app died during the run:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; }

# 6. Figures from the database.
REPORT=$("${PSQL[@]}" -v ws="$WS" -v we="$WE" -v interval="$INTERVAL" -f "$BENCH_DIR/report.sql")
fig() { awk -F= -v k="$1" '$1 == k { print $2 }' <<<"$REPORT"; }
read -r DB_T0 INS0 UPD0 DEL0 XACT0 <<<"$DB_START"
read -r DB_T1 INS1 UPD1 DEL1 XACT1 <<<"$DB_END"
DB_SECONDS=$(awk -v a="$DB_T0" -v b="$DB_T1" 'BEGIN { print b - a }')

# CPU and memory over the window, from the samples.
read -r APP_CPU PG_CPU STUB_CPU MACHINE_CPU RSS_AVG RSS_MAX HWM <<<"$(usage_between "$WS" "$WE")"

PROBES=$(fig probes_in_window)

# 7. The ceiling: wrk against the same stub, with the app stopped so that it has the machine.
stop_pid "$SAMPLER_PID" 1; stop_pid "$APP_PID" 30
CEILING=()
if [[ -n ${BENCH_NO_WRK:-} ]]; then
    CEILING=("skipped (BENCH_NO_WRK set)")
elif ! command -v wrk >/dev/null && ! { [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null \
        && apt-get install -y -qq wrk >/dev/null 2>&1; }; then
    CEILING=("skipped: wrk is not installed and could not be installed")
else
    for mode in keep-alive close; do
        headers=()
        [[ $mode == close ]] && headers=(-H "Connection: close")
        for conns in 16 128; do
            rps=$(wrk -t2 -c"$conns" -d10s "${headers[@]}" "http://127.0.0.1:$STUB_PORT/m/1" | awk '/^Requests\/sec/ { printf "%.0f", $2 }')
            CEILING+=("$(printf '%-10s %3d connections: %s req/s' "$mode" "$conns" "$rps")")
        done
    done
fi

# 8. The summary.
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f%%", a / b * 100; else print "n/a" }'; }
cat <<EOF

=== Tocsin probe engine benchmark ===
command          $COMMAND
commit           $(commit_id)
machine          $(machine)
jvm              $(java -version 2>&1 | head -1)
jvm flags        $JVM_FLAGS ${BENCH_APP_OPTS:-}  ($GC)
monitors         $MONITORS at ${INTERVAL}s, first runs spread over one interval
window           ${SECONDS_MEASURED}s measured after a ${WARMUP}s warm-up

probes/s         $(rate "$PROBES" "$SECONDS_MEASURED")  ($PROBES probes started in the window; offered $(rate "$MONITORS" "$INTERVAL")/s)
outcomes         up $(fig probes_up), not up $(fig probes_not_up) ($(fig not_up_causes)), re-checks $(fig rechecks)
lag p50/p99/max  $(fig lag_p50_ms) / $(fig lag_p99_ms) / $(fig lag_max_ms) ms  (started_at - due_at of regular runs due in the window)
lag by interval  $(fig lag_p99_max_by_interval)  (p99/max)
missed runs      $(fig missed_runs) of $(fig expected_runs) expected ($(pct "$(fig missed_runs)" "$(fig expected_runs)")); extra runs $(fig extra_runs)
app CPU          ${APP_CPU}% of one core (machine: $(nproc) cores = $(($(nproc) * 100))%)
database CPU     ${PG_CPU}% of one core (embedded PostgreSQL, all its processes)
stub CPU         ${STUB_CPU}% of one core
machine busy     ${MACHINE_CPU}% of all cores (every process, including anything else running)
app RSS          avg ${RSS_AVG} MiB, max ${RSS_MAX} MiB in the window; peak since start (VmHWM) ${HWM} MiB
database rows/s  $(rate $((INS1 - INS0 + UPD1 - UPD0 + DEL1 - DEL0)) "$DB_SECONDS")  (inserted $(rate $((INS1 - INS0)) "$DB_SECONDS")/s, updated $(rate $((UPD1 - UPD0)) "$DB_SECONDS")/s, deleted $(rate $((DEL1 - DEL0)) "$DB_SECONDS")/s; commits $(rate $((XACT1 - XACT0)) "$DB_SECONDS")/s)
writer backlog   results still being written ${DRAIN}s after the window ($((GRACE + 2))s means none: the grace and one 2 s check; 120s is the cap)
stub requests/s  $(rate $((STUB_END - STUB_START)) "$SECONDS_MEASURED")  ($((STUB_END - STUB_START)) answered in the window)
ceiling (wrk)    $(printf '%s\n                 ' "${CEILING[@]}" | sed '$d')
target           50,000 monitors at 30 s: p99 lag <= 1000 ms, no missed runs, RSS <= 512 MiB
EOF

# head closes its pipe early, which pipefail would turn into an exit: the summary runs unchecked.
profile_summary() {
    echo
    echo "--- profile: JFR execution samples by thread (top 10) ---"
    jfr print --events jdk.ExecutionSample "$WORK/app.jfr" >"$WORK/samples.txt" 2>/dev/null || true
    grep -o 'sampledThread = "[^"]*"' "$WORK/samples.txt" | sed 's/sampledThread = //; s/-[0-9]*"$/-N"/' \
        | sort | uniq -c | sort -rn | head -10
    echo "--- profile: top frames (top 25) ---"
    awk '/stackTrace = \[/ { getline; sub(/^[ \t]+/, ""); sub(/line:.*/, ""); print }' "$WORK/samples.txt" \
        | sort | uniq -c | sort -rn | head -25
    echo "--- profile: active database sessions, sampled every 0.5 s (top 15) ---"
    sort "$WORK/activity.txt" | uniq -c | sort -rn | head -15
    echo "--- profile: GC pauses over the whole run ---"
    awk '/Pause/ { n++; ms = $NF; sub(/ms/, "", ms); t += ms; if (ms + 0 > m + 0) m = ms }
        END { printf "%d pauses, %.0f ms in all, longest %.0f ms\n", n, t, m }' "$WORK/gc.log"
    grep -c 'Pause Full' "$WORK/gc.log" | sed 's/$/ of them full collections/'
    echo "--- profile: probes in flight (tocsin_probes_in_flight), every 10th sample ---"
    awk 'NR % 10 == 1 { printf "%s %d  ", $1, $2 } END { print "" }' "$WORK/inflight.txt"
}
if [[ -n ${BENCH_PROFILE:-} ]]; then
    profile_summary || true
fi
