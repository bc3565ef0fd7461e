#!/usr/bin/env bash
# Throughput: `cellactors run` (2 detectors) against the plain scikit-image baseline (2 worker processes) on the
# same 200 frames of 832x992 uint16, side by side, twice each, timed with the same clock; then the single-thread
# stage breakdown of CellActors (StageBench) and, unless SKIP_RLE=1, the RLE micro-benchmark (RleBench).
# Usage: benchmarks/pipeline/run.sh            (from anywhere; everything it writes goes under benchmarks/out/)
# Env: FRAMES=200 CELLS=150 REPS=2 SKIP_RLE=0 SKIP_STAGES=0
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/benchmarks/out"
frames="${FRAMES:-200}"; cells="${CELLS:-150}"; reps="${REPS:-2}"
data="$out/bench832"
seq_dir="$data/Synth-N2DH/01"
py=/usr/bin/python3   # Debian's interpreter: scikit-image 0.19, scipy, numpy, Pillow
mkdir -p "$out"

# 1. Frames (generated once, cached).
if [ "$(ls "$seq_dir" 2>/dev/null | grep -c '\.tif$')" != "$frames" ]; then
  rm -rf "$data"
  ./cellactors synth "$data" --frames "$frames" --height 832 --width 992 --cells "$cells" --seed 11
fi

# 2. The CLI, built once by the wrapper and snapshotted so that a rebuild triggered by concurrent source edits
#    cannot land in the middle of a timed run (`dotnet <snapshot>/cellactors.dll` is what ./cellactors execs).
./cellactors --version >/dev/null
rm -rf "$out/cellactors-bin" && cp -a "$root/.artifacts/cellactors" "$out/cellactors-bin"
ca=(dotnet "$out/cellactors-bin/cellactors.dll")

# Warm the page cache for both contenders.
cat "$seq_dir"/*.tif > /dev/null

now() { date +%s.%N; }
count_rows() { "$py" -c "import sqlite3,sys; d=sqlite3.connect(sys.argv[1]); print(d.execute('select count(*) from objects').fetchone()[0])" "$1"; }
results="$out/pipeline-results.txt"
: > "$results"
report() { echo "$*" | tee -a "$results"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$results"

# Fixed cost of one `run` (process start, JIT, actor system, database creation) measured on a single frame.
t0=$(now); /usr/bin/time -f "%U %S" -o "$out/time-1frame.txt" "${ca[@]}" run "$seq_dir/t000.tif" --out "$out/ca-1frame" --segmenter default --detectors 2 --quiet --force >/dev/null; t1=$(now)
read -r u s < "$out/time-1frame.txt"
report "$(printf 'cellactors 1-frame run (fixed cost): wall %.2f s, cpu %.2f s' "$(echo "$t1 - $t0" | bc)" "$(echo "$u + $s" | bc)")"

for rep in $(seq 1 "$reps"); do
  # CellActors: one process, 2 detectors (+1 decoder, the default).
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(now)
  /usr/bin/time -f "%U %S %M" -o "$out/time-ca.txt" "${ca[@]}" run "$data/Synth-N2DH" --out "$out/ca-run" --segmenter default --detectors 2 --quiet --force >/dev/null
  t1=$(now)
  read -r u s m < "$out/time-ca.txt"
  wall=$(echo "$t1 - $t0" | bc); ca_fps=$(echo "scale=3; $frames / $wall" | bc)
  ca_objs=$(count_rows "$out/ca-run/cellactors.db")
  report "$(printf 'rep %d cellactors: wall %6.2f s  %6.2f frames/s  cpu %6.2f s (%3.0f%% of 1 core, %5.1f ms cpu/frame)  rss %d MB  objects %s  load %s' \
    "$rep" "$wall" "$ca_fps" "$(echo "$u + $s" | bc)" "$(echo "100 * ($u + $s) / $wall" | bc -l)" "$(echo "1000 * ($u + $s) / $frames" | bc -l)" "$((m / 1024))" "$ca_objs" "$load")"
  report "$("${ca[@]}" status "$out/ca-run" | grep throughput | sed 's/^ */     cellactors status: /')"

  # scikit-image: 2 worker processes.
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(now)
  /usr/bin/time -f "%U %S %M" -o "$out/time-sk.txt" "$py" benchmarks/pipeline/skimage_pipeline.py "$seq_dir" "$out/skimage.db" --workers 2 > "$out/skimage-out.txt"
  t1=$(now)
  read -r u s m < "$out/time-sk.txt"
  wall=$(echo "$t1 - $t0" | bc); sk_fps=$(echo "scale=3; $frames / $wall" | bc)
  sk_objs=$(count_rows "$out/skimage.db")
  report "$(printf 'rep %d skimage:    wall %6.2f s  %6.2f frames/s  cpu %6.2f s (%3.0f%% of 1 core, %5.1f ms cpu/frame)  objects %s  load %s  (parent rss %d MB)' \
    "$rep" "$wall" "$sk_fps" "$(echo "$u + $s" | bc)" "$(echo "100 * ($u + $s) / $wall" | bc -l)" "$(echo "1000 * ($u + $s) / $frames" | bc -l)" "$sk_objs" "$load" "$((m / 1024))")"
  report "     skimage self-report: $(cat "$out/skimage-out.txt")"
  report "$(printf 'rep %d ratio cellactors/skimage: %.2fx   (goals: >= 40 frames/s -> %.0f%% of goal; >= 5x)' "$rep" "$(echo "$ca_fps / $sk_fps" | bc -l)" "$(echo "100 * $ca_fps / 40" | bc -l)")"
done

# 3. Where the time goes: every stage on one thread (OpenCV limited to 1 thread), all frames.
if [ "${SKIP_STAGES:-0}" != 1 ]; then
  dotnet build -c Release benchmarks/pipeline/StageBench -nologo -v q -clp:ErrorsOnly >/dev/null
  echo | tee -a "$results"
  dotnet benchmarks/pipeline/StageBench/bin/Release/net10.0/StageBench.dll "$seq_dir" "$frames" 8 | tee -a "$results"
fi

# 4. RLE against a plain memory copy (another engineer's benchmark, run here for the same-machine-state figures).
if [ "${SKIP_RLE:-0}" != 1 ]; then
  dotnet build -c Release benchmarks/RleBench -nologo -v q -clp:ErrorsOnly >/dev/null
  echo | tee -a "$results"
  dotnet benchmarks/RleBench/bin/Release/net10.0/RleBench.dll | tee -a "$results"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); results in $results"
