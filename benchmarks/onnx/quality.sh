#!/usr/bin/env bash
# Segmentation quality of one or more segmenters, end to end through the pipeline (run -> export -> evaluate):
# DSB2018 mAP on the held-out 79-image subset and CTC SEG/DET on SIM+, GOWT1 and MSC (sequence 01).
#
#   benchmarks/onnx/quality.sh unet auto          # the shipped U-Net and the classical presets, side by side
#   D=/elsewhere/datasets benchmarks/onnx/quality.sh onnx:models/unet-nuclei
#
# Needs ../shared/datasets (or $D). Writes under ${OUT:-/tmp/cellactors-quality}; prints one line per segmenter and data set.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=${D:-../shared/datasets}
OUT=${OUT:-/tmp/cellactors-quality}
[ $# -gt 0 ] || set -- unet auto
CTC=("ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+" "ctc-fluo-n2dh-gowt1/Fluo-N2DH-GOWT1" "ctc-fluo-c2dl-msc/Fluo-C2DL-MSC")
./cellactors --help > /dev/null   # builds once
for seg in "$@"; do
  tag=$(echo "$seg" | tr -c 'A-Za-z0-9\n' '_')
  r=$OUT/$tag/dsb
  ./cellactors run "$D/dsb2018-stage1-train-subset/stage1_train" --out "$r" --segmenter "$seg" --quiet --force > /dev/null
  ./cellactors export csv "$r" --to "$r/submission.csv" > /dev/null
  map=$(./cellactors evaluate dsb --gt "$D/dsb2018-stage1-train-subset/stage1_train" --pred "$r/submission.csv" --json |
        /usr/bin/python3 -c 'import json,sys; print("%.3f" % json.load(sys.stdin)["score"])')
  echo "$seg  DSB held-out mAP $map"
  for ds in "${CTC[@]}"; do
    r=$OUT/$tag/$(basename "$ds")
    start=$(date +%s%N)
    ./cellactors run "$D/$ds/01" --out "$r" --segmenter "$seg" --quiet --force > /dev/null
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    rm -rf "$r/01_RES"
    ./cellactors export ctc "$r" --sequence 01 --to "$r/01_RES" > /dev/null
    ./cellactors evaluate ctc --gt "$D/$ds/01_GT" --res "$r/01_RES" --json |
      /usr/bin/python3 -c 'import json,sys; j=json.load(sys.stdin); print("%s  %s  SEG %.3f  DET %.3f  (run %.1f s)" % (sys.argv[1], sys.argv[2], j["seg"]["seg"], j["det"]["det"], int(sys.argv[3]) / 1000))' "$seg" "$(basename "$ds")" "$ms"
  done
done
