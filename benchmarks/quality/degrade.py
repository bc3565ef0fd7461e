"""Writes a degraded copy of a CTC sequence: a stand-in for noisier acquisitions of the same kind of data.

  /usr/bin/python3 benchmarks/quality/degrade.py SRC/01 DST/01 --contrast 3.5 --photons 20 --read 1.0 --seed 1

Every frame: the background level (the frame's median) is kept and the signal above it divided by --contrast; then
shot noise (Poisson, at a gain that gives a background pixel --photons photons) and Gaussian read noise of --read
grey levels are added; the dtype is kept.
The ground truth folder SRC_GT (and SRC_ST when present) is copied beside DST unchanged. Seeded: the same arguments
give the same files.
"""
import argparse
import glob
import os
import shutil

import numpy as np
from PIL import Image


def degrade(a, contrast, photons, read, rng):
    f = a.astype(np.float64)
    bg = np.median(f)
    f = bg + (f - bg) / contrast
    scale = photons / max(bg, 1.0)  # photons per grey level: the background gets `photons` photons per pixel
    f = rng.poisson(np.clip(f, 0, None) * scale) / scale + rng.normal(0, read, f.shape)
    hi = np.iinfo(a.dtype).max if np.issubdtype(a.dtype, np.integer) else np.inf
    return np.clip(np.round(f), 0, hi).astype(a.dtype)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('src')
    ap.add_argument('dst')
    ap.add_argument('--contrast', type=float, default=3.5)
    ap.add_argument('--photons', type=float, default=20.0)
    ap.add_argument('--read', type=float, default=1.0)
    ap.add_argument('--seed', type=int, default=1)
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.dst, exist_ok=True)
    for p in sorted(glob.glob(os.path.join(a.src, 't*.tif'))):
        img = np.asarray(Image.open(p))
        Image.fromarray(degrade(img, a.contrast, a.photons, a.read, rng)).save(os.path.join(a.dst, os.path.basename(p)))
    for suffix in ('_GT', '_ST'):
        src = a.src.rstrip('/') + suffix
        if os.path.isdir(src):
            dst = a.dst.rstrip('/') + suffix
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst)
    print(f'{a.dst}: {len(glob.glob(os.path.join(a.dst, "t*.tif")))} frames, contrast / {a.contrast}, '
          f'{a.photons} photons per background pixel, read noise {a.read}')


if __name__ == '__main__':
    main()
