#!/usr/bin/env bash
# Speed guard: the build of a previous commit against the current tree, on the same generated frames, run
# alternately (base, current, current, base, ...), timed with the same clock; prints CPU-time and wall-time ratios
# and checks that both builds wrote the same tables. Run it before merging a change that touches the hot path
# (reading, denoising, segmentation, RLE, measurement, SQL writes): see benchmarks/README.md, "Speed guard".
#
# Usage: benchmarks/guard/run.sh BASE_COMMIT [FRAMES] [REPS]
#   BASE_COMMIT  any commit-ish (a release tag, main, HEAD~3); built from `git archive`, nothing in this tree changes
#   FRAMES       frames of 832x992 uint16 (default 200)      REPS  runs of each build (default 3, alternating)
# Env: MAX_CPU_RATIO=1.10  exit 3 when the current build's median CPU time exceeds the base's by more than this
#      BUILD_NICE=15       nice level of the two builds (runs are not niced: both builds run alike)
#      CELLS=150 HEIGHT=832 WIDTH=992 DETECTORS=2
# Exit: 0 tables identical and within MAX_CPU_RATIO; 1 tables differ; 2 usage or build error; 3 slower than allowed.
# Everything it writes goes under benchmarks/out/guard/ (gitignored); builds of a base commit are cached there.
set -euo pipefail
if [ $# -lt 1 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 2; fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
base_ref="$1"; frames="${2:-200}"; reps="${3:-3}"
cells="${CELLS:-150}"; height="${HEIGHT:-832}"; width="${WIDTH:-992}"; detectors="${DETECTORS:-2}"
max_ratio="${MAX_CPU_RATIO:-1.10}"; build_nice="${BUILD_NICE:-15}"
py=/usr/bin/python3
base_sha="$(git rev-parse --verify --quiet "$base_ref^{commit}")" || { echo "guard: '$base_ref' is not a commit of this repository" >&2; exit 2; }
short="${base_sha:0:9}"
out="$root/benchmarks/out/guard"
mkdir -p "$out"
results="$out/guard-results.txt"
: > "$results"
report() { echo "$*" | tee -a "$results"; }

build_cli() { # build_cli SOURCE_DIR OUTPUT_DIR LOG
  if ! nice -n "$build_nice" dotnet build "$1/src/Cli/CellActors.Cli.csproj" -c Release -o "$2" -nologo -v q -clp:ErrorsOnly > "$3" 2>&1; then
    echo "guard: building $1 failed (log: $3)" >&2; tail -20 "$3" >&2; exit 2
  fi
}

# 1. The base build: sources of BASE_COMMIT exported beside this tree, built once per commit.
base_bin="$out/bin-$short"
if [ ! -f "$base_bin/.built" ]; then
  src="$out/src-$short"
  rm -rf "$src" "$base_bin" && mkdir -p "$src"
  git archive "$base_sha" | tar -x -C "$src"
  echo "building $short (base) ..." >&2
  build_cli "$src" "$base_bin" "$out/build-$short.log"
  touch "$base_bin/.built"
fi

# 2. The current tree (with uncommitted edits), built into its own folder so that nothing else rebuilds it mid-run.
cur_bin="$out/bin-current"
rm -rf "$cur_bin"
echo "building the current tree ..." >&2
build_cli "$root" "$cur_bin" "$out/build-current.log"

# 3. The frames (generated once per shape by the current build, then cached).
data="$out/frames-${frames}x${height}x${width}c${cells}"
seq_dir="$data/Synth-N2DH/01"
if [ "$(ls "$seq_dir" 2>/dev/null | grep -c '\.tif$')" != "$frames" ]; then
  rm -rf "$data"
  dotnet "$cur_bin/cellactors.dll" synth "$data" --frames "$frames" --height "$height" --width "$width" --cells "$cells" --seed 11 >/dev/null
fi
cat "$seq_dir"/*.tif > /dev/null   # warm the page cache for both

# The classical default segmenter, named as each build names it (--segmenter since the default became a model).
segmenter_args() { if dotnet "$1/cellactors.dll" run --help 2>/dev/null | grep -q -- '--segmenter'; then echo "--segmenter default"; else echo "--segmentation default"; fi; }
base_args="$(segmenter_args "$base_bin")"; cur_args="$(segmenter_args "$cur_bin")"

report "guard: base $short ($(git log -1 --format=%s "$base_sha" | cut -c1-70)) against the current tree ($(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo ' + uncommitted edits'))"
report "frames: $frames of ${width}x${height} uint16, $cells cells; $detectors detectors; $reps runs each, alternating"
report "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

run_one() { # run_one NAME BIN ARGS -> appends "cpu wall rss" to $out/times-NAME.txt
  local name="$1" bin="$2" args="$3"
  local t0 t1 u s m
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  /usr/bin/time -f "%U %S %M" -o "$out/time.txt" dotnet "$bin/cellactors.dll" run "$data/Synth-N2DH" --out "$out/run-$name" $args --detectors "$detectors" --quiet --force > "$out/run-$name.log" 2>&1 \
    || { echo "guard: the $name build failed on the frames (log: $out/run-$name.log)" >&2; tail -5 "$out/run-$name.log" >&2; exit 2; }
  t1=$(date +%s.%N)
  read -r u s m < "$out/time.txt"
  local cpu wall
  cpu=$(echo "$u + $s" | bc); wall=$(echo "$t1 - $t0" | bc)
  echo "$cpu $wall $((m / 1024))" >> "$out/times-$name.txt"
  report "$(printf '  %-8s cpu %7.2f s (%5.1f ms/frame)  wall %7.2f s  rss %4d MB  load %s' "$name" "$cpu" "$(echo "1000 * $cpu / $frames" | bc -l)" "$wall" "$((m / 1024))" "$(cut -d' ' -f1 /proc/loadavg)")"
}

rm -f "$out/times-base.txt" "$out/times-current.txt"
for rep in $(seq 1 "$reps"); do
  report "rep $rep"
  if [ $((rep % 2)) = 1 ]; then
    run_one base "$base_bin" "$base_args"; run_one current "$cur_bin" "$cur_args"
  else
    run_one current "$cur_bin" "$cur_args"; run_one base "$base_bin" "$base_args"
  fi
done

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
bcpu=$(cut -d' ' -f1 "$out/times-base.txt" | median); ccpu=$(cut -d' ' -f1 "$out/times-current.txt" | median)
bwall=$(cut -d' ' -f2 "$out/times-base.txt" | median); cwall=$(cut -d' ' -f2 "$out/times-current.txt" | median)
cpu_ratio=$(echo "scale=3; $ccpu / $bcpu" | bc -l); wall_ratio=$(echo "scale=3; $cwall / $bwall" | bc -l)
report "$(printf 'median cpu: base %.2f s, current %.2f s -> current/base %.3fx' "$bcpu" "$ccpu" "$cpu_ratio")"
report "$(printf 'median wall: base %.2f s, current %.2f s -> current/base %.3fx (wall time is noisy on a shared machine; CPU time is the figure)' "$bwall" "$cwall" "$wall_ratio")"

# 4. Same tables: every table both builds have, on the columns both have (see compare_tables.py).
report "tables (base vs current, last run of each):"
set +e
"$py" "$root/benchmarks/guard/compare_tables.py" "$out/run-base/cellactors.db" "$out/run-current/cellactors.db" | sed 's/^/  /' | tee -a "$results"
tables_rc=${PIPESTATUS[0]}
set -e
report "results in $results"
[ "$tables_rc" = 0 ] || { echo "guard: the tables differ" >&2; exit 1; }
if [ "$(echo "$cpu_ratio > $max_ratio" | bc -l)" = 1 ]; then
  echo "guard: the current tree takes ${cpu_ratio}x the CPU of $short (allowed: ${max_ratio}x; MAX_CPU_RATIO to change)" >&2
  exit 3
fi
