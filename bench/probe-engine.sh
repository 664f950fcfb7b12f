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
#   BENCH_JVM_FLAGS    replaces the memory flags below
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
APP_PORT=${BENCH_APP_PORT:-18080}
DB_PORT=${BENCH_DB_PORT:-15432}
STUB_PORT=${BENCH_STUB_PORT:-18090}
# What a container with a 512 MiB limit gets: MaxRAM stands in for the cgroup limit, half of it heap,
# and the collector JVM ergonomics picks for a container under 1792 MiB.
JVM_FLAGS=${BENCH_JVM_FLAGS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}

if ! [[ $MONITORS =~ ^[0-9]+$ ]] || ((MONITORS < 1)); then
    echo "monitors must be a positive number, was '$MONITORS'" >&2; exit 2
fi
if ! [[ $SECONDS_MEASURED =~ ^[0-9]+$ ]] || ((SECONDS_MEASURED < 3 * INTERVAL)); then
    echo "seconds must be at least $((3 * INTERVAL)) (three intervals), was '$SECONDS_MEASURED'" >&2; exit 2
fi

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
COMMAND="bench/probe-engine.sh $MONITORS $SECONDS_MEASURED"
WORK=$(mktemp -d -t tocsin-bench.XXXXXX)
CLK_TCK=$(getconf CLK_TCK)
APP_PID="" STUB_PID="" SAMPLER_PID="" ACTIVITY_PID=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
sleep_until() { local d; d=$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; print (d > 0 ? d : 0) }'); sleep "$d"; }
alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }
postmaster_pid() { [[ -f $WORK/pg/postmaster.pid ]] && head -1 "$WORK/pg/postmaster.pid" || true; }

stop_pid() { # pid, seconds to wait after TERM before KILL
    local pid=$1 wait=$2 i
    alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$? pg
    trap - EXIT INT TERM
    for pid in "$SAMPLER_PID" "$ACTIVITY_PID"; do stop_pid "$pid" 1; done
    stop_pid "$APP_PID" 30
    # The app stops its database on a clean exit; after a forced one the postmaster may be left.
    pg=$(postmaster_pid)
    if alive "$pg"; then kill -INT "$pg" 2>/dev/null || true; for _ in $(seq 50); do alive "$pg" || break; sleep 0.2; done; fi
    stop_pid "$STUB_PID" 5
    if [[ -n ${BENCH_KEEP:-} ]]; then
        mkdir -p "$BENCH_KEEP"
        cp "$WORK"/*.log "$WORK"/*.tsv "$WORK"/*.txt "$WORK"/*.jfr "$BENCH_KEEP"/ 2>/dev/null || true
        log "kept logs and samples in $BENCH_KEEP"
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$APP_PORT" "$DB_PORT" "$STUB_PORT"; do
    port_free "$port" || { echo "port $port is in use; set BENCH_APP_PORT/BENCH_DB_PORT/BENCH_STUB_PORT" >&2; exit 1; }
done
for tool in java psql curl awk; do
    command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

# 1. The packaged app.
JAR=$REPO/target/quarkus-app/quarkus-run.jar
if [[ ! -f $JAR ]]; then
    log "packaging the app (target/quarkus-app/quarkus-run.jar is missing)"
    (cd "$REPO" && ./mvnw -o -q package -DskipTests)
fi

# 2. The stub, on the app's own Netty.
NETTY_CP=$(printf '%s:' "$REPO"/target/quarkus-app/lib/main/io.netty.*.jar)
java -cp "${NETTY_CP%:}" "$BENCH_DIR/StubServer.java" "$STUB_PORT" >"$WORK/stub.log" 2>&1 &
STUB_PID=$!

# 3. The app: embedded database in a fresh directory, probes on, private addresses allowed for the stub.
log "starting the app: $MONITORS monitors, ${SECONDS_MEASURED}s measured after a ${WARMUP}s warm-up"
(
    cd "$WORK"
    export TOCSIN_PUBLIC_URL="http://127.0.0.1:$APP_PORT"
    export TOCSIN_SIGNING_KEY="benchmark-only-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    export TOCSIN_CREDENTIALS_KEY="$(head -c 32 /dev/urandom | base64)"
    export TOCSIN_OUTBOUND_ALLOW_PRIVATE_ADDRESSES=true
    export TOCSIN_PLANS_MONITOR_LIMIT=$((MONITORS + 1000))
    export TOCSIN_PLANS_MIN_INTERVAL_SECONDS=$INTERVAL
    export TOCSIN_PROBES_ENABLED=true
    export TOCSIN_EMBEDDED_DB_DATA_DIR="$WORK/pg"
    export TOCSIN_EMBEDDED_DB_PORT=$DB_PORT
    export QUARKUS_HTTP_HOST=127.0.0.1
    export QUARKUS_HTTP_PORT=$APP_PORT
    profile=()
    [[ -n ${BENCH_PROFILE:-} ]] && profile=(-XX:StartFlightRecording=settings=profile,filename="$WORK/app.jfr"
        "-Xlog:gc:file=$WORK/gc.log")
    # shellcheck disable=SC2086 # the flags are words on purpose
    exec java $JVM_FLAGS ${BENCH_APP_OPTS:-} "${profile[@]}" -jar "$JAR"
) >"$WORK/app.log" 2>&1 &
APP_PID=$!

deadline=$((SECONDS + 180))
until curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/q/health/ready" 2>/dev/null; do
    if ! alive "$APP_PID"; then echo "the app exited during start-up:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; fi
    if ((SECONDS > deadline)); then echo "the app was not ready within 180 s:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; fi
    sleep 0.5
done
until curl -fsS -o /dev/null "http://127.0.0.1:$STUB_PORT/_stub/count" 2>/dev/null; do
    alive "$STUB_PID" || { echo "the stub did not start:" >&2; cat "$WORK/stub.log" >&2; exit 1; }
    sleep 0.2
done
# shellcheck disable=SC2086
GC=$(java $JVM_FLAGS ${BENCH_APP_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null | awk '
    /Use(Serial|G1|Parallel|Z|Shenandoah)GC .*true/ { gc = $2 } /MaxHeapSize/ { heap = $4 }
    END { printf "%s, max heap %d MiB", gc, heap / 1048576 }')
log "app ready (pid $APP_PID)"

PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres)

# 5. Samples, every second: app CPU ticks, RSS, HWM; the database's and the stub's CPU; the machine's.
proc_ticks() { # utime+stime of pid $1, plus its reaped children's with "with-children"; 0 when gone
    local f mode=${2:-}
    f=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
    # shellcheck disable=SC2086 # split the fields after "pid (comm) "; the state is then $1
    set -- ${f##*) }
    if [[ $mode == with-children ]]; then echo $((${12} + ${13} + ${14} + ${15})); else echo $((${12} + ${13})); fi
}
pg_ticks() {
    local pm total child
    pm=$(postmaster_pid)
    [[ -n $pm ]] || { echo 0; return; }
    total=$(proc_ticks "$pm" with-children)
    for child in $(cat "/proc/$pm/task/$pm/children" 2>/dev/null); do
        total=$((total + $(proc_ticks "$child")))
    done
    echo "$total"
}
sample() {
    local rss hwm cpu
    rss=$(awk '/^VmRSS/ { print $2 }' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
    hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$APP_PID/status" 2>/dev/null || echo 0)
    cpu=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)
    printf '%s %s %s %s %s %s %s\n' "$(now)" "$(proc_ticks "$APP_PID")" "$rss" "$hwm" "$(pg_ticks)" \
        "$(proc_ticks "$STUB_PID")" "$cpu"
}
(while alive "$APP_PID"; do sample; sleep 1; done) >"$WORK/samples.tsv" 2>/dev/null &
SAMPLER_PID=$!

# 4. The monitors.
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
fi

sleep_until "$WS"
DB_START=$("${PSQL[@]}" -f "$BENCH_DIR/dbstats.sql")
STUB_START=$(curl -fsS "http://127.0.0.1:$STUB_PORT/_stub/count")
sleep_until "$WE"
DB_END=$("${PSQL[@]}" -f "$BENCH_DIR/dbstats.sql")
STUB_END=$(curl -fsS "http://127.0.0.1:$STUB_PORT/_stub/count")
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
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

# CPU and memory over the window, from the samples.
read -r APP_CPU PG_CPU STUB_CPU MACHINE_CPU RSS_AVG RSS_MAX HWM <<<"$(awk -v ws="$WS" -v we="$WE" -v tck="$CLK_TCK" '
    $1 >= ws && $1 <= we {
        if (!n++) { t0 = $1; a0 = $2; p0 = $5; s0 = $6; b0 = $7; c0 = $8 }
        t1 = $1; a1 = $2; p1 = $5; s1 = $6; b1 = $7; c1 = $8; rss += $3; if ($3 > rmax) rmax = $3; hwm = $4 }
    END {
        d = t1 - t0; if (d <= 0) d = 1
        printf "%.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", (a1 - a0) / tck / d * 100, (p1 - p0) / tck / d * 100,
            (s1 - s0) / tck / d * 100, (c1 > c0 ? (b1 - b0) / (c1 - c0) * 100 : 0), rss / n / 1024, rmax / 1024, hwm / 1024 }' \
    "$WORK/samples.tsv")"

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
commit           $(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)
machine          $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
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
