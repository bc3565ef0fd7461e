#!/usr/bin/env bash
# Tracking: 5,000 objects per frame for 100 frames (goal: under 60 s on the 2-core machine, peak memory reported),
# then flat memory: 500 objects per frame for 200 and for 2,000 frames (peak RSS should barely move).
# The objects are moving, occasionally dividing discs written straight into a results database (TrackBench gen);
# `track` runs the same code `cellactors track` runs (read a chunk, link, commit), `pure` the tracker alone.
# Usage: benchmarks/tracking/run.sh      (writes under benchmarks/out/, gitignored; figures in benchmarks/README.md)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$root/benchmarks/out/tracking"
mkdir -p "$out"
dotnet build "$root/benchmarks/tracking/TrackBench/TrackBench.csproj" -c Release -nologo -v q -clp:ErrorsOnly
bench=(dotnet "$root/benchmarks/tracking/TrackBench/bin/Release/net10.0/TrackBench.dll")
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"${bench[@]}" pure --frames 100 --objects 5000
"${bench[@]}" gen "$out/f100x5000.db" --frames 100 --objects 5000
"${bench[@]}" track "$out/f100x5000.db" --frames 100
for n in 200 2000; do
  "${bench[@]}" gen "$out/f${n}x500.db" --frames "$n" --objects 500
  "${bench[@]}" track "$out/f${n}x500.db" --frames "$n"
done
