#!/usr/bin/env bash
# Several nodes, proven: N packaged nodes on one PostgreSQL against a local stub that keeps every request
# with its time and the node that sent it (each node has its own User-Agent).
#
#   bench/cluster.sh [nodes=3] [monitors=300]
#
# Creates the monitors through the API of every node (a third of them fail, and a webhook channel alerts
# on them), kills one node with SIGKILL while it is sending an alert and starts it again, ends the
# failures, stops the restarted node with SIGTERM while it is alerting the recoveries, then stops and
# starts PostgreSQL under the nodes still running. Prints: gaps between probes of each healthy monitor
# (two probes closer than 0.9 interval would be double probing), probes per node, incidents per failing
# monitor, webhooks per incident event (losses, duplicates by webhook-id), how long the killed node's
# claimed runs and leased deliveries took to be taken over, what the stopped node handed back, and how
# readiness and probing went through the database restart. docs/benchmarks.md#several-nodes explains
# each line. The scenario itself is dev.tocsin.cluster.ClusterScenario; ClusterIT runs it with 2 nodes
# and 30 monitors in the build.
#
# Uses free ports (nodes, database, stub); take the benchmark lock, as for the other benchmarks. The
# packaged app is built when missing: rebuild it (./mvnw -o -q package -DskipTests) after changing code.
set -euo pipefail

NODES=${1:-3}
MONITORS=${2:-300}
if ! [[ $NODES =~ ^[0-9]+$ ]] || ((NODES < 2)); then
    echo "nodes must be at least 2, was '$NODES'" >&2; exit 2
fi
if ! [[ $MONITORS =~ ^[0-9]+$ ]] || ((MONITORS < 3)); then
    echo "monitors must be at least 3, was '$MONITORS'" >&2; exit 2
fi

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
if [[ ! -f target/quarkus-app/quarkus-run.jar ]]; then
    echo "[cluster] packaging the app (target/quarkus-app/quarkus-run.jar is missing)" >&2
    ./mvnw -o -q package -DskipTests
fi
./mvnw -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cluster.classpath -Dmdep.includeScope=test

printf 'machine: %s CPUs, %s, %s; commit %s\n' "$(nproc)" \
    "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)" \
    "$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)" \
    "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "command: bench/cluster.sh $NODES $MONITORS"
exec java -cp "target/test-classes:target/classes:$(cat target/cluster.classpath)" \
    dev.tocsin.cluster.ClusterScenario "$NODES" "$MONITORS"
