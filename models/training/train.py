"""Trains the CellActors nucleus U-Net on CPU and exports models/unet-nuclei/model.onnx.

Usage (Debian's python3-torch 1.13; run with /usr/bin/python3):
  /usr/bin/python3 models/training/train.py --dsb ../shared/datasets/dsb2018-stage1-train/stage1_train \
      --held-out ../shared/datasets/dsb2018-stage1-train-subset/ids.tsv --synthetic /tmp/synth-train \
      --minutes 40 --out models/unet-nuclei
"""
import argparse
import json
import math
import os
import random
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from export import export  # noqa: E402
from data import held_out_ids, load_dsb, load_synthetic, targets  # noqa: E402
from procedural import patch as procedural_patch  # noqa: E402
from unet import UNet  # noqa: E402


def sample(images, patch, rng, max_scale=2.0):
    """One augmented patch: random scale (0.5x to max_scale), crop, flips, 90-degree turns, gain/offset, noise."""
    name, img, lab = images[rng.randrange(len(images))]
    s = math.exp(rng.uniform(math.log(0.5), math.log(max_scale)))
    size = max(8, int(round(patch / s)))
    h, w = img.shape
    ph, pw = max(0, size - h), max(0, size - w)
    if ph or pw:
        img = np.pad(img, ((0, ph), (0, pw)), mode='reflect')
        lab = np.pad(lab, ((0, ph), (0, pw)), mode='constant')
        h, w = img.shape
    y, x = rng.randrange(h - size + 1), rng.randrange(w - size + 1)
    ic = torch.from_numpy(np.ascontiguousarray(img[y:y + size, x:x + size]))[None, None]
    lc = torch.from_numpy(np.ascontiguousarray(lab[y:y + size, x:x + size]).astype(np.float32))[None, None]
    ic = F.interpolate(ic, size=(patch, patch), mode='bilinear', align_corners=False)[0, 0].numpy()
    lc = F.interpolate(lc, size=(patch, patch), mode='nearest')[0, 0].numpy().astype(np.int32)
    k = rng.randrange(4)
    ic, lc = np.rot90(ic, k), np.rot90(lc, k)
    if rng.random() < 0.5:
        ic, lc = ic[:, ::-1], lc[:, ::-1]
    ic = ic * rng.uniform(0.75, 1.25) + rng.uniform(-0.1, 0.1)
    if rng.random() < 0.5:
        ic = ic + np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(0, 0.08), ic.shape)
    return np.ascontiguousarray(ic, dtype=np.float32), targets(np.ascontiguousarray(lc))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--dsb', required=True)
    ap.add_argument('--held-out', required=True)
    ap.add_argument('--synthetic')
    ap.add_argument('--minutes', type=float, default=40)
    ap.add_argument('--patch', type=int, default=192)
    ap.add_argument('--batch', type=int, default=8)
    ap.add_argument('--lr', type=float, default=3e-3)
    ap.add_argument('--base', type=int, default=8)
    ap.add_argument('--depth', type=int, default=5)
    ap.add_argument('--seed', type=int, default=2026)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--out', required=True)
    ap.add_argument('--init', help='start from this checkpoint (fine-tuning) instead of random weights')
    ap.add_argument('--procedural', type=float, default=0.0, help='share of patches drawn by procedural.py')
    ap.add_argument('--spread-share', type=float, default=0.25, help='share of procedural patches with spread cells')
    ap.add_argument('--synthetic-share', type=float, default=0.15, help='share of patches from --synthetic frames')
    ap.add_argument('--max-scale', type=float, default=2.0, help='largest zoom of DSB/synthetic crops')
    ap.add_argument('--checkpoint', help='also save the torch state_dict here every 200 steps and at the end (not shipped)')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    t0 = time.time()
    held = held_out_ids(a.held_out)
    dsb = load_dsb(a.dsb, held)
    syn = load_synthetic(a.synthetic) if a.synthetic else []
    print(f'{len(dsb)} DSB images (held out {len(held)}), {len(syn)} synthetic frames, loaded in {time.time() - t0:.0f} s', flush=True)
    model = UNet(a.base, a.depth)
    if a.init:
        model.load_state_dict(torch.load(a.init))
    nprng = np.random.default_rng(a.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=1e-4)
    weights = torch.tensor([1.0, 1.0, 2.0])
    budget = a.minutes * 60
    start = time.time()
    step, ema = 0, None
    log = []
    while True:
        elapsed = time.time() - start
        if elapsed > budget:
            break
        lr = a.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * elapsed / budget)))
        for g in opt.param_groups:
            g['lr'] = lr
        xs, ys = [], []
        for _ in range(a.batch):
            u = rng.random()
            if u < a.procedural:
                x, lab = procedural_patch(a.patch, nprng, a.spread_share)
                y = targets(lab)
            else:
                pool = syn if syn and u < a.procedural + a.synthetic_share else dsb
                x, y = sample(pool, a.patch, rng, a.max_scale)
            xs.append(x)
            ys.append(y)
        x = torch.from_numpy(np.stack(xs))[:, None]
        y = torch.from_numpy(np.stack(ys))
        model.train()
        loss = F.cross_entropy(model(x), y, weight=weights)
        opt.zero_grad()
        loss.backward()
        opt.step()
        ema = loss.item() if ema is None else 0.98 * ema + 0.02 * loss.item()
        step += 1
        if step % 50 == 0:
            print(f'step {step} {elapsed / 60:.1f} min lr {lr:.5f} loss {ema:.4f}', flush=True)
            log.append({'step': step, 'minutes': round(elapsed / 60, 2), 'loss': round(ema, 5)})
        if a.checkpoint and step % 200 == 0:
            torch.save(model.state_dict(), a.checkpoint)
    os.makedirs(a.out, exist_ok=True)
    model.eval()
    if a.checkpoint:
        torch.save(model.state_dict(), a.checkpoint)
    onnx_path = os.path.join(a.out, 'model.onnx')
    export(model, onnx_path)
    with open(os.path.join(a.out, 'training-log.json'), 'w') as f:
        json.dump({'args': vars(a), 'dsb_images': len(dsb), 'synthetic_frames': len(syn), 'steps': step,
                   'minutes': round((time.time() - start) / 60, 1), 'loss': log}, f, indent=1)
    print(f'done: {step} steps, exported {onnx_path}', flush=True)


if __name__ == '__main__':
    main()
