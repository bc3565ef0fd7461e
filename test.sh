#!/usr/bin/env bash
# Runs the whole test suite (unit, actor and multi-process tests). Tests that need ../shared data skip without it.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
mkdir -p .artifacts
# A clean build and test run take about 0.5 GB of disk (Directory.Build.targets keeps it that small). Say so plainly
# before the build, instead of leaving "No space left on device" deep in MSBuild's output.
avail_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
if [ "${avail_kb:-0}" -lt 1048576 ]; then
  echo "test.sh: warning: only $((avail_kb / 1024)) MB free under $PWD; a clean build and test run need about 1 GB" >&2
fi
# mariadb-server: the MariaDB results/journal tests and the multi-process cluster tests start private mariadbd servers;
# chromium and chromium-driver: the dashboard's end-to-end tests drive a headless browser; python3-tifffile, python3-zarr,
# python3-numcodecs and python3-pil write the microscopy fixtures (tests/TestSupport/Fixtures/make_fixtures.py).
# One call, one apt-get update.
scripts/install-prereqs.sh mariadb-server chromium chromium-driver python3-tifffile python3-zarr python3-numcodecs python3-pil || exit 1
dotnet build CellActors.sln -c Release -nologo -v q -clp:ErrorsOnly || exit 1
dotnet test CellActors.sln -c Release --no-build -nologo "$@" 2>&1 | tee .artifacts/test.log
status=${PIPESTATUS[0]}
# The closing line CI reads: totals over every test project.
awk '/(Passed|Failed)! +- / { for (i = 1; i <= NF; i++) { v = $(i+1); gsub(",", "", v); if ($i == "Failed:") f += v; if ($i == "Passed:") p += v; if ($i == "Skipped:") s += v } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s; exit (f > 0 || p == 0) ? 1 : 0 }' .artifacts/test.log || exit 1
exit "$status"
