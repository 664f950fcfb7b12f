#!/usr/bin/env bash
# Benchmark of the two heaviest pages: the dashboard of an account with N monitors, and the page of one
# monitor with 7 days of 30 s results (20,160 runs).
#
#   bench/pages.sh [monitors=1000] [requests=30]
#
# Builds the app if target/quarkus-app is missing, starts it (embedded PostgreSQL in a fresh directory,
# probes off so nothing else runs), signs up and in through the pages with curl, seeds the monitors, a day
# of hourly rollups, the current hour's raw results and a week of raw results for one monitor with SQL
# (bench/pages-seed.sql), then times `requests` GETs of each page after 5 warm-up requests. The time to
# first byte is the server's: a page is rendered whole before its first byte is sent.
#
# Environment (all optional): as bench/lib.sh; ports default to 18180 / 15532 / 18190 here.
set -euo pipefail

MONITORS=${1:-1000}
REQUESTS=${2:-30}
if ! [[ $MONITORS =~ ^[0-9]+$ && $MONITORS -ge 1 && $REQUESTS =~ ^[0-9]+$ && $REQUESTS -ge 5 ]]; then
    echo "usage: bench/pages.sh [monitors>=1] [requests>=5]" >&2; exit 2
fi
export BENCH_APP_PORT=${BENCH_APP_PORT:-18180} BENCH_DB_PORT=${BENCH_DB_PORT:-15532} BENCH_STUB_PORT=${BENCH_STUB_PORT:-18190}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_preflight
bench_package
bench_start_stub
log "starting the app"
bench_start_app TOCSIN_PROBES_ENABLED=false TOCSIN_STATUS_PAGES_ENABLED=false
bench_await_ready

BASE="http://127.0.0.1:$APP_PORT"
JAR_COOKIES="$WORK/cookies.txt"
EMAIL="bench-$(date +%s)@example.com"
PASSWORD="a benchmark passphrase"
csrf() { curl -fsS -c "$JAR_COOKIES" -b "$JAR_COOKIES" "$BASE$1" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
token=$(csrf /signup)
curl -fsS -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "csrf=$token" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "accountName=Benchmark pages" "$BASE/signup"
token=$(csrf /login)
curl -fsS -o /dev/null -c "$JAR_COOKIES" -b "$JAR_COOKIES" --data-urlencode "csrf=$token" --data-urlencode "email=$EMAIL" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "next=/app" "$BASE/login"
ACCOUNT=$("${PSQL[@]}" -At -c "select a.id from accounts a join memberships m on m.account_id = a.id join users u on u.id = m.user_id
    where u.email = '$EMAIL'")
log "seeding $MONITORS monitors into account $ACCOUNT"
SEED_START=$(now)
MONITOR=$("${PSQL[@]}" -v n="$MONITORS" -v account="$ACCOUNT" -f "$BENCH_DIR/pages-seed.sql" | grep -E '^[0-9a-f-]{36}$' | tail -1)
SEED_SECONDS=$(awk -v a="$SEED_START" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')
ROWS=$("${PSQL[@]}" -At -c "select (select count(*) from probe_results) || ' raw results, ' || (select count(*) from probe_rollups) || ' hourly rollups, ' || (select count(*) from probe_rollups_5m) || ' 5-minute rollups'")
WEEK=$("${PSQL[@]}" -At -c "select count(*) from probe_results where monitor_id = '$MONITOR'")

# Times one page: prints p50 / p95 / max of the time to first byte and of the whole answer, in ms, and its size.
time_page() {
    local path=$1 i
    for ((i = 0; i < 5; i++)); do curl -fsS -o /dev/null -b "$JAR_COOKIES" "$BASE$path"; done
    for ((i = 0; i < REQUESTS; i++)); do
        curl -fsS -o /dev/null -b "$JAR_COOKIES" -w '%{time_starttransfer} %{time_total} %{size_download}\n' "$BASE$path"
    done | sort -n | awk '{ f[NR] = $1 * 1000; t += $2 * 1000; s = $3 }
        END { n = NR; p = int(n * 0.95 + 0.5); if (p < 1) p = 1
              printf "first byte p50 %.0f ms, p95 %.0f ms, max %.0f ms; whole answer mean %.0f ms; %.0f KiB", f[int((n + 1) / 2)], f[p], f[n], t / n, s / 1024 }'
}
check() { # the page answers 200 and shows what it should
    local page
    page=$(curl -fsS -b "$JAR_COOKIES" "$BASE$1")
    grep -qF "$2" <<<"$page" || { echo "GET $1 did not show '$2'" >&2; exit 1; }
}
check /app "Monitors ($MONITORS)"
check "/app/monitors/$MONITOR" "Uptime 7 days"
DASHBOARD=$(time_page /app)
MONITOR_24H=$(time_page "/app/monitors/$MONITOR")
MONITOR_7D=$(time_page "/app/monitors/$MONITOR?range=7d")

cat <<SUMMARY

=== Tocsin pages benchmark ===
command          bench/pages.sh $MONITORS $REQUESTS
commit           $(commit_id)
machine          $(machine)
jvm              $(java -version 2>&1 | head -1)
jvm flags        $JVM_FLAGS ${BENCH_APP_OPTS:-}  ($GC)
data             $MONITORS monitors; $ROWS; the measured monitor has $WEEK raw results (seeded in ${SEED_SECONDS}s)
dashboard        $DASHBOARD
monitor, 24 h    $MONITOR_24H
monitor, 7 d     $MONITOR_7D
target           dashboard of 1,000 monitors and monitor page of 20,160 runs: <= 300 ms server time each
SUMMARY
