#!/usr/bin/env bash
# The same job in one process and on a cluster on this one machine, measured in one run.
#   one process: cellactors run --detectors D --decoders C (SQLite)
#   cluster:     private mariadbd + cellactors seed + coordinator + W workers (each D/W detectors, C/W decoders), MariaDB
# Job time = the run's started_at..ended_at in the runs table (discovery to the last commit; process start-up and
# cluster formation excluded in both). Messages per frame: counted by the job's coordinator (RequestWork,
# BatchCommitted received; ProcessBatch sent); with decoders on every worker nothing else crosses the network per batch.
# Usage: benchmarks/cluster/run.sh [frames=400] [size=512] [batch=8] [detectors=2] [decoders=2] [workers=2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
FRAMES=${1:-400}; SIZE=${2:-512}; BATCH=${3:-8}; DET=${4:-2}; DEC=${5:-2}; WORKERS=${6:-2}
if (( DET % WORKERS || DEC % WORKERS )); then echo "detectors ($DET) and decoders ($DEC) must divide among $WORKERS workers" >&2; exit 2; fi
WORK=$(mktemp -d /tmp/cellactors-cluster-bench.XXXXXX)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
nice -n 15 dotnet build src/Cli/CellActors.Cli.csproj -c Release -o .artifacts/cellactors -nologo -v q -clp:ErrorsOnly >/dev/null
C=".artifacts/cellactors/cellactors.dll"
dotnet $C synth "$WORK/data" --frames "$FRAMES" --height "$SIZE" --width "$SIZE" --cells $((SIZE / 16)) --seed 7 >/dev/null
SRC="$WORK/data/Synth-N2DH"

echo "== one process: $DET detectors, $DEC decoders, SQLite"
dotnet $C run "$SRC" --out "$WORK/one" --job bench --segmenter default --batch-size "$BATCH" --detectors "$DET" --decoders "$DEC" --quiet
ONE=$(python3 - "$WORK/one/cellactors.db" <<'PY'
import sqlite3, sys, datetime as d
r = sqlite3.connect(sys.argv[1]).execute("select started_at, ended_at, frames_processed from runs where job='bench'").fetchone()
t = (d.datetime.fromisoformat(r[1]) - d.datetime.fromisoformat(r[0])).total_seconds()
print(f"{t:.2f} {r[2]/t:.1f}")
PY
)

echo "== cluster: seed + coordinator + $WORKERS workers x ($((DET / WORKERS)) detectors, $((DEC / WORKERS)) decoders), MariaDB"
DBPORT=$(free_port); SEEDPORT=$(free_port); COORDPORT=$(free_port)
mariadb-install-db --datadir="$WORK/db" --user="$(id -un)" --auth-root-authentication-method=normal --skip-test-db >/dev/null 2>&1
mariadbd --no-defaults --datadir="$WORK/db" --socket="$WORK/db.sock" --port="$DBPORT" --bind-address=127.0.0.1 --user="$(id -un)" \
  --skip-grant-tables --innodb-buffer-pool-size=256M --log-error="$WORK/db.err" & PIDS+=($!); disown
for _ in $(seq 100); do mysqladmin -h127.0.0.1 -P"$DBPORT" -uroot ping >/dev/null 2>&1 && break; sleep 0.2; done
DB="mysql://root@127.0.0.1:$DBPORT/bench"
dotnet $C seed --port "$SEEDPORT" > "$WORK/seed.log" 2>&1 & PIDS+=($!); disown
dotnet $C coordinator --seed "127.0.0.1:$SEEDPORT" --port "$COORDPORT" --db "$DB" > "$WORK/coordinator.log" 2>&1 & PIDS+=($!); disown
for w in $(seq "$WORKERS"); do
  dotnet $C worker --seed "127.0.0.1:$SEEDPORT" --detectors $((DET / WORKERS)) --decoders $((DEC / WORKERS)) --db "$DB" > "$WORK/worker$w.log" 2>&1 & PIDS+=($!); disown
done
for _ in $(seq 600); do grep -q "($WORKERS workers)" "$WORK/coordinator.log" 2>/dev/null && break; sleep 0.2; done
dotnet $C submit "$SRC" --job bench --segmenter default --batch-size "$BATCH" --seed "127.0.0.1:$SEEDPORT" --wait | tail -1 || { echo "submit failed; coordinator log:"; tail -20 "$WORK/coordinator.log"; exit 1; }
CL=$(mysql -h127.0.0.1 -P"$DBPORT" -uroot bench -N -e "select timestampdiff(microsecond, str_to_date(left(started_at,26), '%Y-%m-%dT%H:%i:%s.%f'), str_to_date(left(ended_at,26), '%Y-%m-%dT%H:%i:%s.%f'))/1e6, frames_processed from runs where job='bench'")
read -r CLT CLF <<<"$CL"
MSG=$(grep -o "coordinator messages: .*per frame)" "$WORK/coordinator.log" | tail -1)
read -r ONET ONEFPS <<<"$ONE"
echo
echo "frames=$FRAMES size=${SIZE}x${SIZE} batch=$BATCH detectors=$DET decoders=$DEC workers=$WORKERS"
printf "one process: %6.2f s  %6.1f frames/s\n" "$ONET" "$ONEFPS"
python3 -c "import sys; c=float(sys.argv[1]); f=int(sys.argv[2]); o=float(sys.argv[3]); print(f'cluster:     {c:6.2f} s  {f/c:6.1f} frames/s  ({c/o:.2f}x the one-process time)')" "$CLT" "$CLF" "$ONET"
echo "cluster $MSG"
