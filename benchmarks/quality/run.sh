#!/usr/bin/env bash
# Segmentation quality of every segmenter side by side, end to end through the pipeline (run -> export -> evaluate),
# each input copied under a neutral name first (data/01, data/<image id>): nothing can be chosen from a name.
#
#   benchmarks/quality/run.sh                       # the default `run` (no --segmenter), then each named below
#   benchmarks/quality/run.sh - unet sim            # `-` = no --segmenter option (the default, auto); others as --segmenter S
#   SETS="dsb dic" benchmarks/quality/run.sh -
#
# Sets (SETS, default all): dsb (DSB2018 held-out 79 images: mAP overall, grey and colour), sim, gowt1, msc, dic
# (CTC sequence 01: SEG, DET; dic also against its silver truth 01_ST), sim-noisy and gowt1-noisy (degrade.py:
# contrast / 3.5, 20 photons per background pixel, read noise 1). Needs ../shared/datasets (or $D). Writes under
# ${OUT:-/tmp/cellactors-quality}: inputs/ (the neutral copies), one folder per segmenter, results.tsv.
# Each line printed: segmenter, set, scores, run wall time and megapixels per second of the whole run.
set -euo pipefail
cd "$(dirname "$0")/../.."
D=${D:-../shared/datasets}
OUT=${OUT:-/tmp/cellactors-quality}
SETS=${SETS:-"dsb sim gowt1 msc dic sim-noisy gowt1-noisy"}
[ $# -gt 0 ] || set -- -
PY=/usr/bin/python3
IN=$OUT/inputs
mkdir -p "$IN"
declare -A CTC=([sim]="ctc-fluo-n2dh-sim/Fluo-N2DH-SIM+/01" [gowt1]="ctc-fluo-n2dh-gowt1/Fluo-N2DH-GOWT1/01"
                [msc]="ctc-fluo-c2dl-msc/Fluo-C2DL-MSC/01" [dic]="ctc-dic-c2dh-hela/DIC-C2DH-HeLa/01")

# Neutral copies, made once: <set>/data/01 (+ 01_GT, 01_ST) for CTC sets, dsb/data/<id>/images/<id>.png for DSB.
for s in $SETS; do
  [ -d "$IN/$s/data" ] && continue
  case $s in
    dsb) mkdir -p "$IN/dsb/data"
         for d in "$D/dsb2018-stage1-train-subset/stage1_train"/*/; do
           id=$(basename "$d"); mkdir -p "$IN/dsb/data/$id/images"; cp "$d/images/$id.png" "$IN/dsb/data/$id/images/"
         done ;;
    *-noisy) src=${s%-noisy}
         $PY benchmarks/quality/degrade.py "$D/${CTC[$src]}" "$IN/$s/data/01" --contrast 3.5 --photons 20 --read 1 --seed 1 > /dev/null ;;
    *)   mkdir -p "$IN/$s/data"; cp -r "$D/${CTC[$s]}" "$IN/$s/data/01"
         for x in _GT _ST; do [ -d "$D/${CTC[$s]}$x" ] && cp -r "$D/${CTC[$s]}$x" "$IN/$s/data/01$x"; done ;;
  esac
done

./cellactors --help > /dev/null   # builds once
megapixels() { $PY -c 'import sys,glob; from PIL import Image
n=0
for p in glob.glob(sys.argv[1] + "/**/*.[tp][in][fg]", recursive=True):
    im=Image.open(p); n += im.size[0]*im.size[1]*getattr(im, "n_frames", 1)
print(n/1e6)' "$1"; }
printf 'segmenter\tset\tmetric\tvalue\trun_s\tMP_per_s\n' > "$OUT/results.tsv"
for seg in "$@"; do
  name=$seg; opt=(--segmenter "$seg"); [ "$seg" = - ] && { name="(default)"; opt=(); }
  tag=$(echo "$name" | tr -c 'A-Za-z0-9\n' '_')
  for s in $SETS; do
    r=$OUT/$tag/$s
    src=$IN/$s/data; [ "$s" = dsb ] || src=$IN/$s/data/01
    start=$(date +%s%N)
    ./cellactors run "$src" --out "$r" "${opt[@]}" --quiet --force > /dev/null
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    mps=$($PY -c 'import sys; print("%.2f" % (float(sys.argv[1]) / (int(sys.argv[2]) / 1000)))' "$(megapixels "$src")" "$ms")
    if [ "$s" = dsb ]; then
      ./cellactors export csv "$r" --to "$r/submission.csv" > /dev/null
      ./cellactors evaluate dsb --gt "$D/dsb2018-stage1-train-subset/stage1_train" --pred "$r/submission.csv" --json > "$r/eval.json"
      $PY - "$r/eval.json" "$D/dsb2018-stage1-train-subset/ids.tsv" "$name" "$ms" "$mps" "$OUT/results.tsv" <<'PY'
import json, sys
ev, ids, seg, ms, mps, tsv = sys.argv[1:]
kind = {l.split('\t')[0]: l.split('\t')[4] for l in open(ids).read().splitlines()[1:] if l.strip()}
j = json.load(open(ev))
per = {}
for i in j['per_image']:
    per.setdefault('colour' if kind.get(i['image_id']) == 'color' else 'grey', []).append(i['score'])
rows = [('mAP', j['score'])] + [(f'mAP_{k}', sum(v) / len(v)) for k, v in sorted(per.items())]
with open(tsv, 'a') as f:
    for m, v in rows:
        f.write(f'{seg}\tdsb\t{m}\t{v:.3f}\t{int(ms) / 1000:.1f}\t{mps}\n')
print(f'{seg}  dsb  ' + '  '.join(f'{m} {v:.3f}' for m, v in rows) + f'  (run {int(ms) / 1000:.1f} s, {mps} MP/s)')
PY
    else
      rm -rf "$r/01_RES"
      ./cellactors export ctc "$r" --sequence 01 --to "$r/01_RES" > /dev/null
      for ref in GT ST; do
        [ -d "$IN/$s/data/01_$ref" ] || continue
        [ "$ref" = ST ] && [ ! -d "$IN/$s/data/01_ST/SEG" ] && continue
        ./cellactors evaluate ctc --gt "$IN/$s/data/01_$ref" --res "$r/01_RES" --json > "$r/eval_$ref.json" 2> /dev/null || continue
        $PY - "$r/eval_$ref.json" "$name" "$s" "$ref" "$ms" "$mps" "$OUT/results.tsv" <<'PY'
import json, sys
ev, seg, s, ref, ms, mps, tsv = sys.argv[1:]
j = json.load(open(ev))
name = s if ref == 'GT' else s + '(ST)'
seg_v = j['seg']['seg']
det_v = j['det']['det'] if j.get('det') else float('nan')
with open(tsv, 'a') as f:
    f.write(f'{seg}\t{name}\tSEG\t{seg_v:.3f}\t{int(ms) / 1000:.1f}\t{mps}\n{seg}\t{name}\tDET\t{det_v:.3f}\t{int(ms) / 1000:.1f}\t{mps}\n')
print(f'{seg}  {name}  SEG {seg_v:.3f}  DET {det_v:.3f}  (run {int(ms) / 1000:.1f} s, {mps} MP/s)')
PY
      done
    fi
  done
done
echo "table: $OUT/results.tsv"
