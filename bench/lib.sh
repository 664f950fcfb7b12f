# Shared by the one-command benchmarks in bench/: a work directory, fixed ports, the stub, the packaged
# app with its embedded PostgreSQL, one-second CPU/RSS samples, and a trap that stops everything
# started here. Source it after validating the arguments; it changes nothing else of the caller's.
#
# Environment (all optional):
#   BENCH_APP_PORT / BENCH_DB_PORT / BENCH_STUB_PORT   fixed ports (18080 / 15432 / 18090)
#   BENCH_JVM_FLAGS    replaces the default memory flags (a 512 MiB container)
#   BENCH_APP_OPTS     extra JVM options
#   BENCH_PROFILE=1    also record JFR and a GC log (app.jfr, gc.log in the work directory)
#   BENCH_KEEP=<dir>   keep logs, samples and recordings there

APP_PORT=${BENCH_APP_PORT:-18080}
DB_PORT=${BENCH_DB_PORT:-15432}
STUB_PORT=${BENCH_STUB_PORT:-18090}
# What a container with a 512 MiB limit gets: MaxRAM stands in for the cgroup limit, half of it heap,
# and the collector JVM ergonomics picks for a container under 1792 MiB.
JVM_FLAGS=${BENCH_JVM_FLAGS:--XX:MaxRAM=512m -XX:MaxRAMPercentage=50 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$BENCH_DIR/.." && pwd)
WORK=$(mktemp -d -t tocsin-bench.XXXXXX)
CLK_TCK=$(getconf CLK_TCK)
APP_PID="" STUB_PID="" SAMPLER_PID=""
HELPER_PIDS=() # the caller's own background samplers, stopped first
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$DB_PORT" -U postgres -d postgres)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
now() { date +%s.%N; }
sleep_until() { local d; d=$(awk -v t="$1" -v n="$(now)" 'BEGIN { d = t - n; print (d > 0 ? d : 0) }'); sleep "$d"; }
alive() { [[ -n $1 ]] && kill -0 "$1" 2>/dev/null; }
postmaster_pid() { [[ -f $WORK/pg/postmaster.pid ]] && head -1 "$WORK/pg/postmaster.pid" || true; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }

stop_pid() { # pid, seconds to wait after TERM before KILL
    local pid=$1 wait=$2 i
    alive "$pid" || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < wait * 10; i++)); do alive "$pid" || return 0; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
}

bench_cleanup() {
    local rc=$? pg pid
    trap - EXIT INT TERM
    for pid in "${HELPER_PIDS[@]}" "$SAMPLER_PID"; do stop_pid "$pid" 1; done
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
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

bench_preflight() { # the tools the caller needs besides java, psql, curl and awk
    local port tool
    for port in "$APP_PORT" "$DB_PORT" "$STUB_PORT"; do
        port_free "$port" || { echo "port $port is in use; set BENCH_APP_PORT/BENCH_DB_PORT/BENCH_STUB_PORT" >&2; exit 1; }
    done
    for tool in java psql curl awk "$@"; do
        command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
    done
}

# The packaged app, built when missing.
JAR=$REPO/target/quarkus-app/quarkus-run.jar
bench_package() {
    if [[ ! -f $JAR ]]; then
        log "packaging the app (target/quarkus-app/quarkus-run.jar is missing)"
        (cd "$REPO" && ./mvnw -o -q package -DskipTests)
    fi
}

# The stub (bench/StubServer.java), on the app's own Netty: 200 {"ok":true} to anything.
bench_start_stub() {
    local netty_cp
    netty_cp=$(printf '%s:' "$REPO"/target/quarkus-app/lib/main/io.netty.*.jar)
    java -cp "${netty_cp%:}" "$BENCH_DIR/StubServer.java" "$STUB_PORT" >"$WORK/stub.log" 2>&1 &
    STUB_PID=$!
}

stub_count() { curl -fsS "http://127.0.0.1:$STUB_PORT/_stub/count"; }

# The app: embedded database in a fresh directory, private addresses allowed for the stub, listening on
# 127.0.0.1 only. Arguments are extra NAME=value settings.
bench_start_app() {
    (
        cd "$WORK"
        export TOCSIN_PUBLIC_URL="http://127.0.0.1:$APP_PORT"
        export TOCSIN_SIGNING_KEY="benchmark-only-signing-key-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
        export TOCSIN_CREDENTIALS_KEY="$(head -c 32 /dev/urandom | base64)"
        export TOCSIN_OUTBOUND_ALLOW_PRIVATE_ADDRESSES=true
        export TOCSIN_MAIL_HOST=127.0.0.1 # required in production; the benchmarks send no mail
        export TOCSIN_EMBEDDED_DB_DATA_DIR="$WORK/pg"
        export TOCSIN_EMBEDDED_DB_PORT=$DB_PORT
        export QUARKUS_HTTP_HOST=127.0.0.1
        export QUARKUS_HTTP_PORT=$APP_PORT
        if (($#)); then export "$@"; fi
        profile=()
        [[ -n ${BENCH_PROFILE:-} ]] && profile=(-XX:StartFlightRecording=settings=profile,filename="$WORK/app.jfr"
            "-Xlog:gc:file=$WORK/gc.log")
        # shellcheck disable=SC2086 # the flags are words on purpose
        exec java $JVM_FLAGS ${BENCH_APP_OPTS:-} "${profile[@]}" -jar "$JAR"
    ) >"$WORK/app.log" 2>&1 &
    APP_PID=$!
}

# Waits for the app's readiness and the stub's answer; then GC holds the collector and heap in words.
bench_await_ready() {
    local deadline=$((SECONDS + 180))
    until curl -fsS -o /dev/null "http://127.0.0.1:$APP_PORT/q/health/ready" 2>/dev/null; do
        if ! alive "$APP_PID"; then echo "the app exited during start-up:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; fi
        if ((SECONDS > deadline)); then echo "the app was not ready within 180 s:" >&2; tail -40 "$WORK/app.log" >&2; exit 1; fi
        sleep 0.5
    done
    until stub_count >/dev/null 2>&1; do
        alive "$STUB_PID" || { echo "the stub did not start:" >&2; cat "$WORK/stub.log" >&2; exit 1; }
        sleep 0.2
    done
    # shellcheck disable=SC2086
    GC=$(java $JVM_FLAGS ${BENCH_APP_OPTS:-} -XX:+PrintFlagsFinal -version 2>/dev/null | awk '
        /Use(Serial|G1|Parallel|Z|Shenandoah)GC .*true/ { gc = $2 } /MaxHeapSize/ { heap = $4 }
        END { printf "%s, max heap %d MiB", gc, heap / 1048576 }')
    log "app ready (pid $APP_PID)"
}

# Samples, every second, into samples.tsv: epoch, app CPU ticks, RSS, HWM, the database's and the
# stub's CPU ticks, the machine's busy and total ticks.
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
bench_start_sampler() {
    (while alive "$APP_PID"; do sample; sleep 1; done) >"$WORK/samples.tsv" 2>/dev/null &
    SAMPLER_PID=$!
}

# CPU and memory over [from, to] (epoch seconds), from the samples: app, database and stub CPU in % of
# one core, the machine's busy % of all cores, app RSS average and maximum and VmHWM in MiB.
usage_between() {
    awk -v ws="$1" -v we="$2" -v tck="$CLK_TCK" '
        $1 >= ws && $1 <= we {
            if (!n++) { t0 = $1; a0 = $2; p0 = $5; s0 = $6; b0 = $7; c0 = $8 }
            t1 = $1; a1 = $2; p1 = $5; s1 = $6; b1 = $7; c1 = $8; rss += $3; if ($3 > rmax) rmax = $3; hwm = $4 }
        END {
            if (!n) { print "0 0 0 0 0 0 0"; exit }
            d = t1 - t0; if (d <= 0) d = 1
            printf "%.0f %.0f %.0f %.0f %.0f %.0f %.0f\n", (a1 - a0) / tck / d * 100, (p1 - p0) / tck / d * 100,
                (s1 - s0) / tck / d * 100, (c1 > c0 ? (b1 - b0) / (c1 - c0) * 100 : 0), rss / n / 1024, rmax / 1024, hwm / 1024 }' \
        "$WORK/samples.tsv"
}

machine() {
    printf '%s CPUs, %s, %s' "$(nproc)" "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
        "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
}
commit_id() { git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown; }
