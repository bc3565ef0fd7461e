#!/usr/bin/env bash
# MariaDB at scale (issue 20, item 5), on a private mariadbd bound to 127.0.0.1 (stopped and deleted at the end):
#   1. the database time to write OBJECTS objects through ResultStore.CommitBatch (MariaDbBench: realistic rows,
#      batches of 8 frames, WRITERS concurrent writers as the decoders of a cluster), with client and mariadbd CPU;
#   2. (unless SKIP_CLUSTER=1) benchmarks/cluster/run.sh with WORKERS worker processes against one process with the
#      same detector and decoder count, classical segmenter: the cluster / one-process time ratio, side by side.
# Usage: benchmarks/mariadb/run.sh [objects=1000000] [writers=2] [per-frame=100]
#   env: WORKERS=4 FRAMES=400 SIZE=512 BATCH=8 SKIP_CLUSTER=0
#        BEFORE=DIR: also write the objects with the MariaDbBench build in DIR (a previous ResultStore) first, into its
#        own database on the same server, so the two builds are measured side by side in one run
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
OBJECTS=${1:-1000000}; WRITERS=${2:-2}; PER_FRAME=${3:-100}
WORK=$(mktemp -d /tmp/cellactors-mariadb-bench.XXXXXX)
DBPID=
cleanup() { [ -n "$DBPID" ] && kill -9 "$DBPID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

nice -n 15 dotnet build benchmarks/mariadb/MariaDbBench/MariaDbBench.csproj -c Release -o .artifacts/mariadbbench -nologo -v q -clp:ErrorsOnly >/dev/null
DBPORT=$(free_port)
mkdir -p "$WORK/tmp"
mariadb-install-db --no-defaults --datadir="$WORK/db" --user="$(id -un)" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
# The same server settings as benchmarks/cluster/run.sh (256 MB buffer pool; everything else MariaDB's defaults:
# innodb_flush_log_at_trx_commit=1, i.e. every batch's commit is durable).
mariadbd --no-defaults --datadir="$WORK/db" --socket="$WORK/db.sock" --port="$DBPORT" --bind-address=127.0.0.1 --user="$(id -un)" \
  --tmpdir="$WORK/tmp" --skip-grant-tables --skip-name-resolve --innodb-buffer-pool-size=256M --log-error="$WORK/db.err" &
DBPID=$!; disown
for _ in $(seq 150); do mysqladmin -h127.0.0.1 -P"$DBPORT" -uroot ping >/dev/null 2>&1 && break; sleep 0.2; done
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg); $(mariadbd --version | cut -d' ' -f2-4)"
if [ -n "${BEFORE:-}" ]; then
  echo "== before ($BEFORE): $OBJECTS objects through ResultStore.CommitBatch into MariaDB ($WRITERS writers)"
  dotnet "$BEFORE/MariaDbBench.dll" --db "mysql://root@127.0.0.1:$DBPORT/bench_before" --objects "$OBJECTS" --per-frame "$PER_FRAME" \
    --batch 8 --writers "$WRITERS" --server-pid "$DBPID"
  echo "   load average: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
echo "== $OBJECTS objects through ResultStore.CommitBatch into MariaDB ($WRITERS writers)"
dotnet .artifacts/mariadbbench/MariaDbBench.dll --db "mysql://root@127.0.0.1:$DBPORT/bench" --objects "$OBJECTS" --per-frame "$PER_FRAME" \
  --batch 8 --writers "$WRITERS" --server-pid "$DBPID"
echo "   database size: $(du -sh "$WORK/db/bench" | cut -f1); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
kill -9 "$DBPID" 2>/dev/null || true; DBPID=

if [ "${SKIP_CLUSTER:-0}" != 1 ]; then
  W=${WORKERS:-4}
  echo "== cluster ($W workers) against one process, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  benchmarks/cluster/run.sh "${FRAMES:-400}" "${SIZE:-512}" "${BATCH:-8}" "$W" "$W" "$W"
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
