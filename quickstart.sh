#!/usr/bin/env bash
# Quick start: install prerequisites, generate a synthetic time-lapse, segment it in one process (SQLite), show status.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scripts/install-prereqs.sh
./cellactors synth sample --frames 60 --height 512 --width 512 --cells 25 --seed 7
./cellactors run sample/Synth-N2DH --out results/sample "$@"
./cellactors status results/sample
echo "results: results/sample/cellactors.db (tables frames, objects, errors, jobs; view dsb_submission)"
