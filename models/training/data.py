"""Training data for the CellActors nucleus U-Net: DSB2018 stage1_train (CC0) and CellActors' own synthetic frames.

Every image becomes (grey float32 normalised like CellActors does at inference, int32 instance labels).
"""
import glob
import os

import numpy as np
from PIL import Image
from scipy import ndimage as ndi

LOW, HIGH = 1.0, 99.8  # percentiles mapped to 0 and 1 (the model's normalisation, also in model.json)


def normalise(grey):
    """Per-image percentile normalisation, the same as CellActors' OnnxSegmenter."""
    lo, hi = np.percentile(grey, [LOW, HIGH])
    return ((grey - lo) / max(hi - lo, 1e-6)).astype(np.float32)


def background_position(grey, window=9, share=25.0):
    """Where the background lies in the image's range: 0 at percentile 1, 1 at percentile 99.8.

    The background is taken as the flattest part of the image: the pixels whose local standard deviation (over a
    `window` x `window` box) is in the lowest `share` percent; their median is compared with the range. Fluorescence
    gives about 0-0.2 (dark background), brightfield and stained tissue 0.7-1 (bright background), DIC and phase
    contrast about the middle. The same measure as CellActors' ImageAppearance.BackgroundPosition.
    """
    g = np.asarray(grey, np.float64)
    mean = ndi.uniform_filter(g, window, mode='reflect')
    sq = ndi.uniform_filter(g * g, window, mode='reflect')
    sd = np.sqrt(np.maximum(sq - mean * mean, 0))
    flat = sd <= np.percentile(sd, share)
    lo, hi = np.percentile(g, [LOW, HIGH])
    return float((np.median(g[flat]) - lo) / max(hi - lo, 1e-6))


def prepare(grey, invert=None):
    """The network's input: dark-background polarity (inverted when the background is bright, see
    background_position; `invert` forces it), then percentile normalisation. As CellActors' model input."""
    if invert is None:
        invert = background_position(grey) > 0.5
    g = np.asarray(grey, np.float32)
    return normalise(-g if invert else g)


def to_grey(a):
    """RGB(A) or grey array -> float32 grey (mean of the colour channels, alpha ignored)."""
    a = np.asarray(a)
    if a.ndim == 3:
        a = a[..., :3].astype(np.float32).mean(axis=2)
    return a.astype(np.float32)


def held_out_ids(subset_tsv):
    """The 79 ids of the shared stratified subset: held out for evaluation, never trained on."""
    with open(subset_tsv) as f:
        next(f)
        return {line.split('\t')[0] for line in f if line.strip()}


def load_dsb(root, exclude):
    """DSB stage1_train folders <id>/images/<id>.png + <id>/masks/*.png, minus `exclude`."""
    out = []
    for d in sorted(os.listdir(root)):
        if d in exclude:
            continue
        img = to_grey(Image.open(os.path.join(root, d, 'images', d + '.png')))
        lab = np.zeros(img.shape, np.int32)
        for i, m in enumerate(sorted(glob.glob(os.path.join(root, d, 'masks', '*.png'))), 1):
            lab[np.asarray(Image.open(m)) > 0] = i
        out.append((d, prepare(img), lab))
    return out


def load_synthetic(root):
    """Frames written by `cellactors synth` (<dataset>/01/tNNN.tif with 01_GT/SEG/man_segNNN.tif)."""
    out = []
    for seg in sorted(glob.glob(os.path.join(root, '**', '01_GT', 'SEG', 'man_seg*.tif'), recursive=True)):
        t = os.path.basename(seg)[len('man_seg'):-len('.tif')]
        raw = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(seg))), '01', 't' + t + '.tif')
        img = to_grey(Image.open(raw))
        lab = np.asarray(Image.open(seg)).astype(np.int32)
        out.append((raw, prepare(img), lab))
    return out


def median_diameter(lab):
    """Equivalent diameter of the median object of an instance label image (0 when it has none)."""
    areas = np.bincount(lab.ravel())[1:]
    areas = areas[areas > 0]
    return float(2 * np.sqrt(np.median(areas) / np.pi)) if len(areas) else 0.0


def targets(lab):
    """Instance labels -> classes: 0 background, 1 interior, 2 boundary (a pixel with another label among its 8 neighbours)."""
    p = np.pad(lab, 1, mode='edge')
    h, w = lab.shape
    differs = np.zeros(lab.shape, bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            differs |= p[dy:dy + h, dx:dx + w] != lab
    cls = np.zeros(lab.shape, np.int64)
    cls[lab > 0] = 1
    cls[(lab > 0) & differs] = 2
    return cls


def touching(lab):
    """Pixels of an object with another object (not background) among their 8 neighbours: where touching objects
    meet, the pixels that decide whether they are split."""
    p = np.pad(lab, 1, mode='constant')
    h, w = lab.shape
    out = np.zeros(lab.shape, bool)
    for dy in (0, 1, 2):
        for dx in (0, 1, 2):
            q = p[dy:dy + h, dx:dx + w]
            out |= (q != lab) & (q > 0)
    return out & (lab > 0)
