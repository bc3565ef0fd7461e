"""Trains CellActors' U-Nets on CPU in resumable stages and exports the ONNX file a model folder ships.

Usage (Debian's python3-torch 1.13; run with /usr/bin/python3; every stage of the shipped models is in README.md):
  /usr/bin/python3 models/training/train.py --dsb ../shared/datasets/dsb2018-stage1-train/stage1_train \
      --held-out ../shared/datasets/dsb2018-stage1-train-subset/ids.tsv --widths 8,16,32,64,128,256 \
      --minutes 240 --checkpoint /tmp/cells-a.pt --out /tmp/cells-a

Each patch of a batch comes from one source, drawn by its share:
- DSB2018 stage1_train (all modalities; colour as grey; the held-out subset excluded), zoomed so that its median
  nucleus measures a drawn target diameter (70%: 14-48 px, 30%: 7-100 px, log-uniform) — the sizes that CellActors'
  object-size step brings objects to;
- procedural fluorescence (procedural.py: nuclei, spread cells, touching whole cells; a share at low contrast and
  strong noise) and procedural transmitted light (transmitted.py: DIC, phase contrast, brightfield whole cells),
  drawn into a pool that is renewed a few patches per step;
- frames of `cellactors synth` (--synthetic).
Augmentation: flips, 90-degree turns, gain, offset, gamma, Gaussian noise, blur, and inversion (transmitted light
half of the time, the rest rarely: the input's polarity is decided from the image, and that decision can err).

The checkpoint (--checkpoint) holds the weights, the optimiser, the step, the time spent and the random states: a run
stopped at any moment (Ctrl-C, SIGTERM, --run-minutes) continues with --resume where it stopped, on the same cosine
learning-rate schedule over --minutes. --init starts a new stage from another checkpoint's weights.
"""
import argparse
import json
import math
import os
import random
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from scipy import ndimage as ndi

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import held_out_ids, load_dsb, load_synthetic, median_diameter, targets, touching  # noqa: E402
from export import export  # noqa: E402
import procedural  # noqa: E402
import recover  # noqa: E402
import transmitted  # noqa: E402
from unet import UNet, widths_of  # noqa: E402


def target_diameter(rng):
    """The diameter objects are drawn or zoomed to: 70% log-uniform 14-48 px, 30% 7-100 px."""
    lo, hi = (14, 48) if rng.random() < 0.7 else (7, 100)
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


def zoomed_crop(img, lab, diameter, patch, rng):
    """A `patch` x `patch` crop of (img, lab) resampled so that objects of `diameter` px measure a drawn target
    diameter (zoom clamped to 0.25-4); images smaller than the crop are padded with their median value."""
    s = float(np.clip(target_diameter(rng) / max(diameter, 1.0), 0.25, 4.0))
    size = max(8, int(round(patch / s)))
    h, w = img.shape
    ph, pw = max(0, size - h), max(0, size - w)
    if ph or pw:
        py, px = rng.integers(0, ph + 1), rng.integers(0, pw + 1)
        img = np.pad(img, ((py, ph - py), (px, pw - px)), mode='constant', constant_values=float(np.median(img)))
        lab = np.pad(lab, ((py, ph - py), (px, pw - px)), mode='constant')
        h, w = img.shape
    y, x = rng.integers(0, h - size + 1), rng.integers(0, w - size + 1)
    ic = torch.from_numpy(np.ascontiguousarray(img[y:y + size, x:x + size], np.float32))[None, None]
    lc = torch.from_numpy(np.ascontiguousarray(lab[y:y + size, x:x + size]).astype(np.float32))[None, None]
    ic = F.interpolate(ic, size=(patch, patch), mode='bilinear', align_corners=False)[0, 0].numpy()
    lc = F.interpolate(lc, size=(patch, patch), mode='nearest')[0, 0].numpy().astype(np.int32)
    return ic, lc


class Pool:
    """Generated patches (`size` x `size`), `count` of them, the oldest renewed as `renew` asks."""

    def __init__(self, make, count, size, rng):
        self.make, self.size, self.rng = make, size, rng
        self.items = [make(size, rng) for _ in range(count)]
        self.next = 0
        self.owed = 0.0

    def renew(self, k):
        """Renews `k` patches (a fraction accumulates over calls)."""
        self.owed += k
        while self.owed >= 1:
            self.owed -= 1
            self.items[self.next] = self.make(self.size, self.rng)
            self.next = (self.next + 1) % len(self.items)

    def crop(self, patch, rng):
        img, lab = self.items[rng.integers(len(self.items))]
        y, x = rng.integers(0, self.size - patch + 1, 2)
        return img[y:y + patch, x:x + patch].astype(np.float32), lab[y:y + patch, x:x + patch]


def augment(img, lab, rng, invert):
    """Turns, flips, inversion (probability `invert`), gain, offset, gamma, noise and blur of a prepared patch."""
    k = int(rng.integers(4))
    img, lab = np.rot90(img, k), np.rot90(lab, k)
    if rng.random() < 0.5:
        img, lab = img[:, ::-1], lab[:, ::-1]
    img = np.ascontiguousarray(img, np.float32)
    if rng.random() < invert:
        img = 1 - img
    if rng.random() < 0.3:
        g = math.exp(rng.uniform(math.log(0.6), math.log(1.6)))
        img = np.clip(img, 0, None) ** g + np.minimum(img, 0)
    img = img * rng.uniform(0.75, 1.25) + rng.uniform(-0.1, 0.1)
    if rng.random() < 0.3:
        img = ndi.gaussian_filter(img, rng.uniform(0.3, 1.2))
    if rng.random() < 0.4:
        img = img + rng.normal(0, rng.uniform(0, 0.1), img.shape)
    return np.ascontiguousarray(img, np.float32), np.ascontiguousarray(lab)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--dsb', required=True)
    ap.add_argument('--held-out', required=True)
    ap.add_argument('--synthetic', help='a folder of `cellactors synth` outputs')
    ap.add_argument('--widths', default='8,16,32,64,128,256', help='channels per level, full resolution first')
    ap.add_argument('--minutes', type=float, default=240, help='length of this stage: the cosine schedule spans it')
    ap.add_argument('--run-minutes', type=float, default=0, help='stop this process after this long (0: at the stage end); --resume continues')
    ap.add_argument('--patch', type=int, default=192)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--seed', type=int, default=2026)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--dsb-share', type=float, default=0.4)
    ap.add_argument('--procedural', type=float, default=0.3, help='share of procedural fluorescence patches')
    ap.add_argument('--transmitted', type=float, default=0.22, help='share of procedural transmitted-light patches')
    ap.add_argument('--synthetic-share', type=float, default=0.08)
    ap.add_argument('--flat-dic', type=float, default=0.0, help='share of DIC patches with thin flat cells (transmitted.py; 0 in stages a-c)')
    ap.add_argument('--noisy-share', type=float, default=0.35, help='share of procedural fluorescence at low contrast and strong noise')
    ap.add_argument('--tissue-share', type=float, default=0.2, help='share of procedural fluorescence with touching whole cells')
    ap.add_argument('--spread-share', type=float, default=0.25, help='share of procedural fluorescence with spread cells')
    ap.add_argument('--pool', type=int, default=800, help='generated patches kept per generator')
    ap.add_argument('--renew', type=float, default=0.5, help='generated patches renewed per step and generator')
    ap.add_argument('--touch-weight', type=float, default=3.0, help='loss weight of pixels where two objects touch')
    ap.add_argument('--boundary-weight', type=float, default=2.0)
    ap.add_argument('--checkpoint', required=True, help='training state, saved every --save-minutes, at the end and on SIGTERM')
    ap.add_argument('--save-minutes', type=float, default=5)
    ap.add_argument('--resume', action='store_true', help='continue the stage saved in --checkpoint')
    ap.add_argument('--init', help='start a new stage from the weights of this checkpoint')
    ap.add_argument('--init-onnx', help='start a new stage from a shipped model.onnx of the same --widths (recover.py: '
                    'folded batch norms rebuilt and calibrated on 16 training batches)')
    ap.add_argument('--log', help='JSON log of this stage (default: <checkpoint>.log.json)')
    ap.add_argument('--out', help='at the stage end, export model.onnx into this folder')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    widths = widths_of(a.widths)
    model = UNet(widths=widths)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    state = {'step': 0, 'elapsed': 0.0, 'log': [], 'args': vars(a)}
    if a.resume and os.path.exists(a.checkpoint):
        ck = torch.load(a.checkpoint)
        model.load_state_dict(ck['model'])
        opt.load_state_dict(ck['opt'])
        state = ck['state']
        random.setstate(ck['py_rng'])
        torch.set_rng_state(ck['torch_rng'])
        nprng = np.random.default_rng()
        nprng.bit_generator.state = ck['np_rng']
        print(f"resumed at step {state['step']} after {state['elapsed'] / 60:.1f} min", flush=True)
    else:
        torch.manual_seed(a.seed)
        random.seed(a.seed)
        nprng = np.random.default_rng(a.seed)
        if a.init:
            ck = torch.load(a.init)
            model.load_state_dict(ck['model'] if 'model' in ck else ck)
    t0 = time.time()
    held = held_out_ids(a.held_out)
    dsb = [(n, img, lab, median_diameter(lab)) for n, img, lab in load_dsb(a.dsb, held)]
    syn = [(n, img, lab, median_diameter(lab)) for n, img, lab in load_synthetic(a.synthetic)] if a.synthetic else []
    pool_size = a.patch + 64
    fluo = Pool(lambda s, r: procedural.patch(s, r, a.spread_share, target_diameter(r), a.noisy_share, a.tissue_share),
                a.pool, pool_size, nprng)
    trans = Pool(lambda s, r: transmitted.patch(s, r, target_diameter(r), a.flat_dic), a.pool, pool_size, nprng)
    print(f'{len(dsb)} DSB images (held out {len(held)}), {len(syn)} synthetic frames, pools of {a.pool} patches, '
          f'ready in {time.time() - t0:.0f} s; {sum(p.numel() for p in model.parameters())} parameters', flush=True)
    class_w = torch.tensor([1.0, 1.0, a.boundary_weight])
    stop = {'now': False}
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__('now', True))
    log_path = a.log or a.checkpoint + '.log.json'

    def save():
        torch.save({'model': model.state_dict(), 'opt': opt.state_dict(), 'state': state, 'widths': widths,
                    'py_rng': random.getstate(), 'torch_rng': torch.get_rng_state(), 'np_rng': nprng.bit_generator.state},
                   a.checkpoint + '.tmp')
        os.replace(a.checkpoint + '.tmp', a.checkpoint)
        with open(log_path, 'w') as f:
            json.dump(state, f, indent=1)

    budget = a.minutes * 60
    run_start = time.time()
    base_elapsed = state['elapsed']
    last_save = time.time()
    ema = None
    shares = np.array([a.dsb_share, a.procedural, a.transmitted, a.synthetic_share if syn else 0.0])
    shares = shares / shares.sum()
    def batch():
        """One training batch (inputs, class targets, pixel weights), each patch from a source drawn by its share."""
        xs, ys, ws = [], [], []
        for src in nprng.choice(4, a.batch, p=shares):
            if src == 0 or src == 3:
                _, img, lab, d = (dsb if src == 0 else syn)[nprng.integers(len(dsb if src == 0 else syn))]
                x, lab = zoomed_crop(img, lab, d, a.patch, nprng)
                invert = 0.05
            else:
                x, lab = (fluo if src == 1 else trans).crop(a.patch, nprng)
                invert = 0.05 if src == 1 else 0.5
            x, lab = augment(x, lab, nprng, invert)
            w = np.ones(lab.shape, np.float32)
            w[touching(lab)] = a.touch_weight
            xs.append(x)
            ys.append(targets(lab))
            ws.append(w)
        return torch.from_numpy(np.stack(xs))[:, None], torch.from_numpy(np.stack(ys)), torch.from_numpy(np.stack(ws))

    if a.init_onnx and not (a.resume and os.path.exists(a.checkpoint)):
        recover.from_onnx(a.init_onnx, model)
        recover.calibrate(model, [batch()[0] for _ in range(16)])
        print(f'weights from {a.init_onnx} (batch norms calibrated on 16 batches)', flush=True)

    try:
        while not stop['now']:
            state['elapsed'] = base_elapsed + time.time() - run_start
            if state['elapsed'] > budget or (a.run_minutes and time.time() - run_start > a.run_minutes * 60):
                break
            lr = a.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * min(1.0, state['elapsed'] / budget))))
            for g in opt.param_groups:
                g['lr'] = lr
            x, y, w = batch()
            fluo.renew(a.renew)
            trans.renew(a.renew)
            model.train()
            per_pixel = F.cross_entropy(model(x), y, weight=class_w, reduction='none')
            loss = (per_pixel * w).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
            state['step'] += 1
            if state['step'] % 50 == 0:
                print(f"step {state['step']} {state['elapsed'] / 60:.1f} min lr {lr:.5f} loss {ema:.4f}", flush=True)
                state['log'].append({'step': state['step'], 'minutes': round(state['elapsed'] / 60, 2), 'loss': round(ema, 5)})
            if time.time() - last_save > a.save_minutes * 60:
                save()
                last_save = time.time()
    except KeyboardInterrupt:
        pass
    state['elapsed'] = base_elapsed + time.time() - run_start
    save()
    print(f"saved {a.checkpoint} at step {state['step']} ({state['elapsed'] / 60:.1f} of {a.minutes:.0f} min)", flush=True)
    if a.out and state['elapsed'] >= budget:
        os.makedirs(a.out, exist_ok=True)
        export(model, os.path.join(a.out, 'model.onnx'))
        print(f"exported {os.path.join(a.out, 'model.onnx')}", flush=True)


if __name__ == '__main__':
    main()
