#!/usr/bin/env bash
# Memory: peak resident set size of `cellactors run` on 1,000 and on 20,000 frames of the same small size
# (128x128 uint16, ~6 cells), one after the other in this script. Goal: the two peaks within 5% of each other
# (memory does not grow with the job) and under 1 GiB.
# Usage: benchmarks/memory/run.sh      (writes under benchmarks/out/, gitignored; see benchmarks/README.md)
# Env: SMALL=1000 LARGE=20000 SIZE=128 CELLS=6
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
out="$root/benchmarks/out"
small="${SMALL:-1000}"; large="${LARGE:-20000}"; size="${SIZE:-128}"; cells="${CELLS:-6}"
mkdir -p "$out"
[ -x /usr/bin/time ] || { echo "needs GNU time: sudo apt-get install time" >&2; exit 1; }

# The CLI, snapshotted so a concurrent rebuild cannot land in a run (what ./cellactors execs).
./cellactors --version >/dev/null
rm -rf "$out/cellactors-bin-mem" && cp -a "$root/.artifacts/cellactors" "$out/cellactors-bin-mem"
ca=(dotnet "$out/cellactors-bin-mem/cellactors.dll")

results="$out/memory-results.txt"
: > "$results"
report() { echo "$*" | tee -a "$results"; }
report "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

declare -A rss
for n in "$small" "$large"; do
  data="$out/mem$n"
  if [ "$(find "$data" -path '*/01/*.tif' 2>/dev/null | wc -l)" != "$n" ]; then
    rm -rf "$data"
    ./cellactors synth "$data" --frames "$n" --height "$size" --width "$size" --cells "$cells" --seed 5
    rm -rf "$data"/*/01_GT   # ground truth is not needed here; keeps the disk small
  fi
  log="$out/mem$n-time.txt"; samples="$out/mem$n-rss.csv"
  /usr/bin/time -v -o "$log" "${ca[@]}" run "$data" --out "$out/mem$n-run" --segmenter default --quiet --force > /dev/null &
  tpid=$!
  # Sample the worker's RSS once a second, to see whether it grows over the job (not just its peak).
  : > "$samples"; start=$(date +%s.%N)
  while kill -0 "$tpid" 2>/dev/null; do
    cpid=$(pgrep -P "$tpid" | head -1 || true)
    if [ -n "$cpid" ] && [ -r "/proc/$cpid/status" ]; then
      kb=$(awk '/VmRSS/{print $2}' "/proc/$cpid/status" 2>/dev/null || true)
      [ -n "$kb" ] && echo "$(echo "$(date +%s.%N) - $start" | bc),$kb" >> "$samples"
    fi
    sleep 1
  done
  wait "$tpid"
  kb=$(awk -F': ' '/Maximum resident set size/{print $2}' "$log")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$log")
  rss[$n]=$kb
  quart=$(awk -F, '{v[NR]=$2} END{if(NR==0){print "no samples"; exit} for(i=1;i<=4;i++){k=int(NR*i/4); if(k<1)k=1; printf "%s%d", (i>1?"/":""), v[k]/1024} print " MB"}' "$samples")
  report "$(printf '%6d frames %dx%d: peak RSS %d MB (%d KB), wall %s, %s; RSS at 25/50/75/100%% of the run: %s' \
    "$n" "$size" "$size" "$((kb / 1024))" "$kb" "$wall" "$("${ca[@]}" status "$out/mem$n-run" | grep -E 'frames |throughput' | tr -s ' ' | tr '\n' ';')" "$quart")"
done
ratio=$(echo "scale=4; ${rss[$large]} / ${rss[$small]}" | bc)
report "$(printf 'peak RSS %d frames / %d frames = %.3f (goal: within 5%% -> 0.95..1.05); largest %.0f MB of 1024 MB goal' \
  "$large" "$small" "$ratio" "$(echo "${rss[$large]} / 1024" | bc)")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); results in $results"
