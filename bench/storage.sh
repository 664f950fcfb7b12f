#!/usr/bin/env bash
# Benchmark of the results store: bytes per run, the projected 7-day steady state at 50,000 monitors
# every 30 s, and the time and WAL of one day's retention.
#
#   bench/storage.sh [monitors=1000] [days=2] [failed-percent=1]
#
# Starts the app (embedded PostgreSQL in a fresh directory, probes off) so the schema and today's
# partitions are the real ones, seeds `days` full days of 30 s runs of `monitors` monitors at the row
# shape the recorder writes (healthy runs: time, latency, status, outcome; failed ones also cause,
# reason, remedy, body excerpt and rate-limit headers), rolls them up with the housekeeping job's
# statements, and measures heap + indexes of each part. Retention is then timed by dropping the oldest
# seeded day as the job does (its raw partitions and its 5-minute rollups), with the WAL it wrote
# (pg_current_wal_lsn before and after), and, for comparison, by deleting the same day row by row
# from a copy in the old single-table shape.
#
# Environment (all optional): as bench/lib.sh; ports default to 18280 / 15632 / 18290 here.
set -euo pipefail

MONITORS=${1:-1000}
DAYS=${2:-2}
FAILED=${3:-1}
if ! [[ $MONITORS =~ ^[0-9]+$ && $MONITORS -ge 10 && $DAYS =~ ^[0-9]+$ && $DAYS -ge 2 && $FAILED =~ ^[0-9]+$ && $FAILED -le 100 ]]; then
    echo "usage: bench/storage.sh [monitors>=10] [days>=2] [failed-percent 0..100]" >&2; exit 2
fi
export BENCH_APP_PORT=${BENCH_APP_PORT:-18280} BENCH_DB_PORT=${BENCH_DB_PORT:-15632} BENCH_STUB_PORT=${BENCH_STUB_PORT:-18290}
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_preflight
bench_package
bench_start_stub
log "starting the app"
# The scheduler off: housekeeping would drop the seeded days' healthy slices (older than the healthy raw
# retention) in the middle of a seed that takes more than its first minute.
bench_start_app TOCSIN_PROBES_ENABLED=false TOCSIN_STATUS_PAGES_ENABLED=false QUARKUS_SCHEDULER_ENABLED=false
bench_await_ready

ACCOUNT=$(cat /proc/sys/kernel/random/uuid)
log "seeding $MONITORS monitors x $DAYS days of 30 s runs ($FAILED % failed)"
SEED_START=$(now)
"${PSQL[@]}" -v n="$MONITORS" -v days="$DAYS" -v failed="$FAILED" -v account="$ACCOUNT" -f "$BENCH_DIR/storage-seed.sql"
SEED_SECONDS=$(awk -v a="$SEED_START" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')

q() { "${PSQL[@]}" -At -c "$1"; }
# Heap + indexes + TOAST of every leaf partition whose name matches, and the rows in them.
size_of() { q "select coalesce(sum(pg_total_relation_size(c.oid)), 0) from pg_class c where c.relkind = 'r' and c.relname ~ '$1'"; }
rows_of() { q "select coalesce(sum(c.reltuples), 0)::bigint from pg_class c where c.relkind = 'r' and c.relname ~ '$1'"; }
q "checkpoint" >/dev/null; q "analyze" >/dev/null
HEALTHY_BYTES=$(size_of '^probe_results_p[0-9]{8}_h[0-9]{2}$'); HEALTHY_ROWS=$(q "select count(*) from probe_results where not kept")
KEPT_BYTES=$(size_of '^probe_results_p[0-9]{8}_kept$'); KEPT_ROWS=$(q "select count(*) from probe_results where kept")
FIVE_BYTES=$(size_of '^probe_rollups_5m_p[0-9]{8}$'); FIVE_ROWS=$(q "select count(*) from probe_rollups_5m")
HOUR_BYTES=$(q "select pg_total_relation_size('probe_rollups')"); HOUR_ROWS=$(q "select count(*) from probe_rollups")
per() { awk -v b="$1" -v r="$2" 'BEGIN { printf "%.1f", (r > 0 ? b / r : 0) }'; }
B_HEALTHY=$(per "$HEALTHY_BYTES" "$HEALTHY_ROWS"); B_KEPT=$(per "$KEPT_BYTES" "$KEPT_ROWS")
B_FIVE=$(per "$FIVE_BYTES" "$FIVE_ROWS"); B_HOUR=$(per "$HOUR_BYTES" "$HOUR_ROWS")

# The steady state at its daily peak, with the default retentions: healthy runs 24 h in 6-hour slices
# (up to 30 h), other runs 7 days in daily partitions (up to 8), 5-minute rollups 2 days (up to 3),
# hourly rollups 7 days of the year they are kept. Also what healthy runs kept 48 h (up to 54) would add.
PROJECTION=$(awk -v h="$B_HEALTHY" -v k="$B_KEPT" -v f5="$B_FIVE" -v hr="$B_HOUR" -v p="$FAILED" 'BEGIN {
    m = 50000; runs = m * 2880; fail = p / 100
    healthy = runs * (1 - fail) * 30 / 24 * h; kept = runs * fail * 8 * k
    five = m * 288 * 3 * f5; hourly = m * 24 * 7 * hr; year = m * 24 * 365 * hr
    total = healthy + kept + five + hourly; g = 1024 ^ 3
    printf "%.1f GiB (healthy raw %.1f, kept raw %.1f, 5-minute %.1f, hourly %.1f; a year of hourly rollups %.1f GiB more; healthy runs raw 48 h instead: %.1f GiB more); %.1f bytes a run over 7 days",
        total / g, healthy / g, kept / g, five / g, hourly / g, (year - hourly) / g, runs * (1 - fail) * h / g, total / (runs * 7) }')

# One day's retention as the job does it: drop the oldest seeded day's partitions.
OLDEST=$(q "select min(started_at)::date from probe_results")
D=$(date -u -d "$OLDEST" +%Y%m%d)
DAY_ROWS=$(q "select count(*) from probe_results where started_at >= '$OLDEST' and started_at < '$OLDEST'::date + 1")
log "copying day $OLDEST ($DAY_ROWS runs) into the old single-table shape for comparison"
q "create table old_shape (like probe_results_p${D}_h00 including defaults);
   insert into old_shape select * from probe_results where started_at >= '$OLDEST' and started_at < '$OLDEST'::date + 1;
   create index on old_shape (monitor_id, started_at desc, id desc); create index on old_shape (started_at)" >/dev/null
q "checkpoint" >/dev/null
measure() { # statement -> "seconds wal-bytes"
    local lsn t0 t1
    lsn=$(q "select pg_current_wal_lsn()"); t0=$(now)
    q "$1" >/dev/null
    t1=$(now)
    echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }') $(q "select pg_wal_lsn_diff(pg_current_wal_lsn(), '$lsn')")"
}
read -r DROP_S DROP_WAL < <(measure "set lock_timeout = '2s'; drop table probe_results_p$D; drop table probe_rollups_5m_p$D")
read -r DELETE_S DELETE_WAL < <(measure "delete from old_shape")

cat <<SUMMARY

=== Tocsin results store benchmark ===
command          bench/storage.sh $MONITORS $DAYS $FAILED
commit           $(commit_id)
machine          $(machine)
postgres         $(q "select version()" | cut -d' ' -f1-2)
data             $MONITORS monitors x $DAYS days x 2,880 runs ($FAILED % failed), seeded and rolled up in ${SEED_SECONDS}s
healthy run      $B_HEALTHY bytes ($HEALTHY_ROWS runs, table + indexes)
kept run         $B_KEPT bytes ($KEPT_ROWS runs, with their text)
5-minute rollup  $B_FIVE bytes a row ($FIVE_ROWS rows)
hourly rollup    $B_HOUR bytes a row ($HOUR_ROWS rows)
7-day projection $PROJECTION
retention        one day ($DAY_ROWS runs): DROP of its partitions ${DROP_S}s, WAL $DROP_WAL bytes;
                 the same day deleted from the old single table ${DELETE_S}s, WAL $DELETE_WAL bytes
target           7-day steady state at 50,000 monitors @30 s <= 50 GB
SUMMARY
