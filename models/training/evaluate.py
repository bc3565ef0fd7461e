"""Quick check of a training checkpoint (not the published figures: those come from `cellactors run` +
`cellactors evaluate`, see models/unet-nuclei/MODEL_CARD.md). DSB mAP on the held-out subset and CTC SEG.

  /usr/bin/python3 models/training/evaluate.py --checkpoint /tmp/unet.pt --dsb-subset ../shared/datasets/dsb2018-stage1-train-subset/stage1_train
"""
import argparse
import glob
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from skimage.measure import label
from skimage.segmentation import watershed

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from data import prepare, to_grey  # noqa: E402
from export import load  # noqa: E402


TTA = 1  # 1: none; 4: flips; 8: flips and 90-degree turns (as CellActors' --tta)


def probabilities(model, img):
    """Softmax maps of `img`, averaged over the TTA transforms (each transform undone on its maps)."""
    acc = None
    for k in range(TTA):
        t = np.rot90(img, k // 2 % 4) if TTA == 8 else img
        flips = (k % 2 == 1, k // 2 % 2 == 1) if TTA == 4 else (k % 2 == 1, False)
        t = t[:, ::-1] if flips[0] else t
        t = t[::-1] if flips[1] else t
        p = _probabilities(model, np.ascontiguousarray(t))
        p = p[:, ::-1] if flips[1] else p
        p = p[:, :, ::-1] if flips[0] else p
        if TTA == 8:
            p = np.rot90(p, -(k // 2 % 4), axes=(1, 2))
        acc = p if acc is None else acc + p
    return np.ascontiguousarray(acc / TTA)


def _probabilities(model, img):
    h, w = img.shape
    m = model.multiple
    ph, pw = (-h) % m, (-w) % m
    x = torch.from_numpy(np.pad(img, ((0, ph), (0, pw)), mode='reflect'))[None, None]
    with torch.no_grad():
        p = F.softmax(model(x), 1)[0, :, :h, :w].numpy()
    return p


def instances(p, seed=0.5, fg=0.5, min_area=8, min_seed_area=0, scale=1.0):
    """As CellActors' ProbabilityInstances.FromInteriorBoundary; areas are in the model's pixels (maps computed at `scale`)."""
    mask = p[1] + p[2] > fg
    markers = label((p[1] > seed) & mask, connectivity=1)
    if min_seed_area:
        markers = label((markers > 0) & ~smaller_than(markers, min_seed_area / scale ** 2), connectivity=1)
    lab = watershed(1 - p[1], markers, mask=mask, connectivity=1)
    rest = label(mask & (lab == 0), connectivity=1)
    lab[rest > 0] = rest[rest > 0] + lab.max()
    lab[smaller_than(lab, min_area / scale ** 2)] = 0
    return lab


def smaller_than(lab, area):
    """Pixels of the labelled objects with fewer than `area` pixels (rounded up, as CellActors' InstanceOptions.AtScale)."""
    small = np.bincount(lab.ravel()) < np.ceil(area - 1e-9)
    small[0] = False
    return small[lab]


def resized(img, scale):
    """`img` resampled (bilinear) by `scale`."""
    x = torch.from_numpy(img)[None, None]
    return F.interpolate(x, scale_factor=scale, mode='bilinear', align_corners=False)[0, 0].numpy()


def at_scale(model, img, scale):
    """Probabilities of `img` computed on a copy resized by `scale`, brought back to the image's size."""
    if scale == 1.0:
        return probabilities(model, img)
    p = probabilities(model, resized(img, scale))
    return F.interpolate(torch.from_numpy(p)[None], size=img.shape, mode='bilinear', align_corners=False)[0].numpy()


def estimated_scale(model, img, target, seed, fg, min_seed_area=0, max_scale=1.0):
    """Scale that brings the typical object diameter to `target` pixels, measured on a half-size first pass."""
    lab = instances(probabilities(model, resized(img, 0.5)), seed, fg, min_seed_area=min_seed_area)
    areas = np.bincount(lab.ravel())[1:]
    areas = np.sort(areas[areas >= 32])  # specks of noise do not count (as CellActors' FrameScale.TypicalDiameter)
    if len(areas) == 0:
        return 1.0
    typical = areas[np.searchsorted(np.cumsum(areas), areas.sum() / 2)]  # the object holding the median object pixel
    d = 2 * np.sqrt(typical / np.pi) / 0.5
    k = round(4 * np.log2(target / d))  # quarter octaves, as CellActors' FrameScale.Choose
    return 1.0 if abs(k) < 1 else float(np.clip(2 ** (k / 4), 0.25, max_scale))


def denoised(grey, spec):
    """`grey` filtered as `spec` says: 'none', 'gaussian:SIGMA' or 'median:K' (as CellActors' --denoise)."""
    from scipy import ndimage as ndi
    kind, _, arg = spec.partition(':')
    if kind == 'gaussian':
        return ndi.gaussian_filter(grey, float(arg), mode='reflect')
    if kind == 'median':
        return ndi.median_filter(grey, int(arg), mode='reflect')
    if kind != 'none':
        raise ValueError(f'--denoise {spec}: none, gaussian:SIGMA or median:K')
    return grey


def iou_matrix(gt, pr):
    g, p = gt.ravel(), pr.ravel()
    ng, np_ = g.max(), p.max()
    inter = np.zeros((ng + 1, np_ + 1), np.int64)
    np.add.at(inter, (g, p), 1)
    ag, ap = inter.sum(1), inter.sum(0)
    union = ag[:, None] + ap[None, :] - inter
    return (inter / np.maximum(union, 1))[1:, 1:]


def dsb_ap(gt, pr):
    iou = iou_matrix(gt, pr)
    ng, np_ = iou.shape
    ths = np.arange(0.5, 1.0, 0.05)
    out = []
    for t in ths:
        tp = int((iou > t).sum())
        out.append(tp / max(tp + (ng - tp) + (np_ - tp), 1))
    return np.mean(out)


def seg(gt, pr):
    iou = iou_matrix(gt, pr)
    g = gt.ravel()
    ag = np.bincount(g)[1:]
    inter = np.zeros_like(iou)
    s = []
    for i in range(iou.shape[0]):
        if ag[i] == 0:
            continue
        j = iou[i].argmax() if iou.shape[1] else -1
        if j >= 0:
            # CTC SEG: match if |R ∩ S| > 0.5 |R|
            overlap = ((gt == i + 1) & (pr == j + 1)).sum()
            s.append(iou[i, j] if overlap > 0.5 * ag[i] else 0.0)
        else:
            s.append(0.0)
    return s


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--checkpoint', required=True)
    ap.add_argument('--base', type=int, default=8)
    ap.add_argument('--depth', type=int, default=5)
    ap.add_argument('--dsb-subset')
    ap.add_argument('--ctc', nargs='*', default=[], help='CTC sequence folders like .../Fluo-N2DH-SIM+/01 (GT in 01_GT/SEG)')
    ap.add_argument('--scale', type=float, default=1.0)
    ap.add_argument('--every', type=int, default=1, help='every k-th image or frame only (quick look)')
    ap.add_argument('--auto-diameter', type=float, default=0, help='rescale so objects measure this many pixels (0: off)')
    ap.add_argument('--seed', type=float, default=0.5)
    ap.add_argument('--fg', type=float, default=0.5)
    ap.add_argument('--min-seed-area', type=int, default=0, help='seeds with fewer pixels (at the model\'s scale) seed nothing')
    ap.add_argument('--max-scale', type=float, default=1.0, help='largest scale the object size may choose')
    ap.add_argument('--tta', type=int, default=1, choices=[1, 4, 8], help='test-time augmentation: 4 flips, or 8 flips and turns')
    ap.add_argument('--denoise', default='none', help='filter applied to the raw frame before the model: none, gaussian:SIGMA or median:K')
    a = ap.parse_args()
    torch.set_num_threads(2)
    global TTA
    TTA = a.tta
    model = load(a.checkpoint, a.base, a.depth)
    if a.dsb_subset:
        aps = []
        for d in sorted(os.listdir(a.dsb_subset))[::a.every]:
            img = prepare(denoised(to_grey(Image.open(os.path.join(a.dsb_subset, d, 'images', d + '.png'))), a.denoise))
            gt = np.zeros(img.shape, np.int32)
            for i, m in enumerate(sorted(glob.glob(os.path.join(a.dsb_subset, d, 'masks', '*.png'))), 1):
                gt[np.asarray(Image.open(m)) > 0] = i
            s = estimated_scale(model, img, a.auto_diameter, a.seed, a.fg, a.min_seed_area, a.max_scale) if a.auto_diameter else a.scale
            aps.append(dsb_ap(gt, instances(at_scale(model, img, s), a.seed, a.fg, min_seed_area=a.min_seed_area, scale=s)))
        print(f'DSB held-out mAP {np.mean(aps):.3f} over {len(aps)} images')
    for seq in a.ctc:
        scores = []
        used = []
        for g in sorted(glob.glob(seq + '_GT/SEG/man_seg*.tif'))[::a.every]:
            t = os.path.basename(g)[7:-4]
            gt = np.asarray(Image.open(g)).astype(np.int32)
            if gt.ndim != 2:
                continue
            img = prepare(denoised(to_grey(Image.open(os.path.join(seq, 't' + t + '.tif'))), a.denoise))
            s = estimated_scale(model, img, a.auto_diameter, a.seed, a.fg, a.min_seed_area, a.max_scale) if a.auto_diameter else a.scale
            used.append(s)
            scores += seg(gt, instances(at_scale(model, img, s), a.seed, a.fg, min_seed_area=a.min_seed_area, scale=s))
        print(f'{seq}: SEG {np.mean(scores):.3f} over {len(scores)} objects (scale {np.median(used):.2f})')


if __name__ == '__main__':
    main()
