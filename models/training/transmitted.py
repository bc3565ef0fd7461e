"""Procedural transmitted-light patches (DIC, phase contrast, brightfield) of whole cells: the project's own data.

No licensed transmitted-light data may be trained on, so the network learns this appearance from a small optical
model instead. A scene of cells is drawn first (touching, irregular cells packed into colonies or scattered, each
with a nucleus, nucleoli, granules and a soft dome of optical thickness `h`), then imaged:

- DIC (differential interference contrast): the derivative of the (blurred) optical path along a random shear
  direction, `bg + a * dh/ds + b * h`: one side of every edge and granule bright, the other dark (relief);
- phase contrast: `bg - a * (h - G_s * h)`: cells dark (or bright), surrounded by a halo of the other sign;
- brightfield: `bg * exp(-a * h)` with a defocus term `c * laplacian(h)`: low-contrast dark cells with light rims.

Then uneven illumination, noise and blur. `patch(size, rng)` returns (normalised grey float32, int32 whole-cell
labels); thin protrusions (filopodia) are drawn but not labelled, as in the usual references.
"""
import math

import numpy as np
from scipy import ndimage as ndi

from data import prepare


def _field(shape, sigma, rng):
    """Zero-mean, unit-sd smooth random field (Gaussian of `sigma` pixels; wide ones drawn coarse and enlarged)."""
    if sigma > 6:
        k = sigma / 3
        coarse = rng.standard_normal((int(shape[0] / k) + 3, int(shape[1] / k) + 3))
        f = ndi.zoom(ndi.gaussian_filter(coarse, 3, mode='wrap'), k, order=1)[:shape[0], :shape[1]]
    else:
        f = ndi.gaussian_filter(rng.standard_normal(shape), sigma, mode='wrap')
    f = f - f.mean()
    return f / max(f.std(), 1e-6)


def _box(cy, cx, radius, size):
    """Slices of the square of half-side `radius` around (cy, cx), clipped to the patch (empty when outside)."""
    y0, y1 = max(0, int(cy - radius)), min(size, int(cy + radius) + 2)
    x0, x1 = max(0, int(cx - radius)), min(size, int(cx + radius) + 2)
    return slice(y0, max(y0, y1)), slice(x0, max(x0, x1))


def cells(size, rng, diameter=None, dense=None):
    """Instance labels of irregular cells that touch where they meet (a weighted Voronoi of perturbed discs).

    Returns (labels int32, centres list of (cy, cx, r)). Cells lie in one or two colonies, are scattered or fill
    the patch (confluent, with probability `dense`; 0.3 when None); a fraction of neighbours is separated by a gap of 1-3 pixels.
    """
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    d = diameter or math.exp(rng.uniform(math.log(18), math.log(90)))
    p = [0.45, 0.25, 0.3] if dense is None else [0.7 * (1 - dense), 0.3 * (1 - dense), dense]
    mode = rng.choice(['colony', 'scattered', 'dense'], p=p)
    density = {'colony': 0.9, 'scattered': 0.25, 'dense': 1.1}[mode]
    area = size * size * (rng.uniform(0.2, 0.6) if mode == 'colony' else 1.0)
    n = int(np.clip(round(density * area / (math.pi * d * d / 4)), 1, 80))
    if mode == 'colony':
        cy0, cx0 = rng.uniform(0.2 * size, 0.8 * size, 2)
        spread = math.sqrt(area / math.pi)
    centres = []
    for _ in range(n):
        for _ in range(30):
            if mode == 'colony':
                cy, cx = cy0 + rng.normal(0, spread / 1.6), cx0 + rng.normal(0, spread / 1.6)
            else:
                cy, cx = rng.uniform(-d / 3, size + d / 3, 2)
            r = d / 2 * rng.uniform(0.75, 1.3)
            if all(math.hypot(cy - y, cx - x) > 0.55 * (r + q) for y, x, q in centres):
                centres.append((cy, cx, r))
                break
    best = np.full((size, size), np.inf, np.float32)
    lab = np.zeros((size, size), np.int32)
    for i, (cy, cx, r) in enumerate(centres, 1):
        aspect = rng.uniform(1.0, 1.8)
        a = rng.uniform(0, math.pi)
        terms = [(rng.normal(0, 0.09 / math.sqrt(k - 1)), rng.uniform(0, 2 * math.pi)) for k in range(2, 7)]
        sl = _box(cy, cx, 1.6 * r * math.sqrt(aspect), size)
        dy, dx = yy[sl] - cy, xx[sl] - cx
        if dy.size == 0:
            continue
        phi = np.arctan2(dy, dx)
        u = (dx * math.cos(a) + dy * math.sin(a)) / math.sqrt(aspect)
        v = (-dx * math.sin(a) + dy * math.cos(a)) * math.sqrt(aspect)
        edge = np.ones_like(phi)
        for k, (amp, ph) in enumerate(terms, 2):
            edge += amp * np.cos(k * phi + ph)
        sc = np.hypot(u, v) / (r * edge)
        b, lb = best[sl], lab[sl]
        take = (sc < 1) & (sc < b)
        b[take] = sc[take]
        lb[take] = i
    # A gap between some neighbours: erode a random share of cells by 1-3 pixels.
    if rng.random() < 0.6:
        for i, sl in enumerate(ndi.find_objects(lab), 1):
            if sl is not None and rng.random() < 0.5:
                m = lab[sl] == i
                lab[sl][m & ~ndi.binary_erosion(m, iterations=int(rng.integers(1, 4)), border_value=1)] = 0
    # Drop fragments (a cell cut into pieces by its neighbours keeps its largest piece).
    out = np.zeros_like(lab)
    for i, sl in enumerate(ndi.find_objects(lab), 1):
        if sl is None:
            continue
        m = lab[sl] == i
        comp, k = ndi.label(m)
        if k > 1:
            m = comp == (np.argmax(np.bincount(comp.ravel())[1:]) + 1)
        if m.sum() >= 20:
            out[sl][m] = i
    return out, centres


def _edges(lab):
    """Pixels whose 4-neighbourhood holds another label (background included)."""
    e = np.zeros(lab.shape, bool)
    e[1:] |= lab[1:] != lab[:-1]
    e[:-1] |= lab[1:] != lab[:-1]
    e[:, 1:] |= lab[:, 1:] != lab[:, :-1]
    e[:, :-1] |= lab[:, 1:] != lab[:, :-1]
    return e


def thickness(lab, centres, rng, flat=False):
    """Optical thickness of the scene: a plateau per cell with a steep or soft edge (rounded cells higher), a
    nucleus with its own edge, nucleoli, granules and vesicles (their size a few percent of the cell's), texture,
    unlabelled debris in the background and filopodia.

    `flat`: thin spread cells as adherent lines look in DIC: a low plateau whose edge is a thin membrane ridge,
    a faint nucleus and dense granules of both signs, so the cell is no brighter than the background on average
    and only its outline and texture tell it apart."""
    size = lab.shape[0]
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    inside = lab > 0
    dist = ndi.distance_transform_edt(~_edges(lab) & inside)
    h = np.zeros(lab.shape, np.float32)
    radii = [r for _, _, r in centres] or [10.0]
    boxes = ndi.find_objects(lab)
    for i, (cy, cx, r) in enumerate(centres, 1):
        if i > len(boxes) or boxes[i - 1] is None:
            continue
        sl = boxes[i - 1]
        m = lab[sl] == i
        hs, ds, ys_, xs_ = h[sl], dist[sl], yy[sl], xx[sl]
        rounded = rng.random() < (0.25 if flat else 0.1)
        if flat and not rounded:
            w = max(0.6, r * rng.uniform(0.01, 0.05))
            height = rng.uniform(0.05, 0.3)
            ridge = rng.uniform(0.3, 1.0)
            hs[m] += (height * (1 - np.exp(-ds / w)) + ridge * np.exp(-ds / rng.uniform(0.7, 1.5)))[m]
        else:
            w = r * (rng.uniform(0.15, 0.4) if rounded else rng.uniform(0.04, 0.35))
            height = rng.uniform(1.5, 3.0) if rounded else rng.uniform(0.4, 1.0)
            hs[m] += (height * (1 - np.exp(-ds / w)))[m]
        # nucleus: an ellipse near the centre of mass with an edge of its own (a plateau, not a dome)
        ys, xs = np.nonzero(m)
        ny, nx = ys.mean() + sl[0].start + rng.normal(0, r / 8), xs.mean() + sl[1].start + rng.normal(0, r / 8)
        nr = r * rng.uniform(0.3, 0.55)
        na = rng.uniform(1.0, 1.5)
        t = rng.uniform(0, math.pi)
        u = ((xs_ - nx) * math.cos(t) + (ys_ - ny) * math.sin(t)) / (nr * na)
        v = (-(xs_ - nx) * math.sin(t) + (ys_ - ny) * math.cos(t)) / (nr / na)
        q = u * u + v * v
        nucleus = np.clip((1 - q) * rng.uniform(2, 15), 0, 1) * (rng.uniform(-0.1, 0.25) if flat else rng.uniform(-0.2, 0.6))
        hs += np.where(m, nucleus, 0)
        for _ in range(int(rng.integers(0, 4))):  # nucleoli
            oy, ox = ny + rng.normal(0, nr / 3), nx + rng.normal(0, nr / 3)
            hs += np.where(m, rng.uniform(0.1, 0.4) * np.exp(-((ys_ - oy) ** 2 + (xs_ - ox) ** 2) / (2 * (nr / 6) ** 2)), 0)
    # granules and vesicles: small bumps and pits covering 3-60% of the cytoplasm, sized from the cells
    sigma = max(0.5, float(np.median(radii)) * rng.uniform(0.015, 0.06))
    count = int((rng.uniform(0.3, 1.0) if flat else rng.uniform(0.03, 0.6)) * inside.sum() / (math.pi * (2 * sigma) ** 2))
    if count:
        g = np.zeros(lab.shape, np.float32)
        idx = rng.choice(np.flatnonzero(inside), count)
        g.flat[idx] = rng.uniform(-1, 1.5, count)
        h += ndi.gaussian_filter(g, sigma) * (2 * math.pi * sigma * sigma) * rng.uniform(0.2, 1.0)
    h += np.where(inside, rng.uniform(0, 0.12) * _field(lab.shape, rng.uniform(1, 3), rng), 0)
    # debris: a few unlabelled specks and out-of-focus blobs in the background
    d = np.zeros(lab.shape, np.float32)
    for _ in range(int(rng.integers(0, 12))):
        y, x = rng.integers(0, size, 2)
        if not inside[y, x]:
            d[y, x] = rng.uniform(-1, 1)
    h += ndi.gaussian_filter(d, rng.uniform(1, 4)) * 20 * rng.uniform(0.1, 1)
    # filopodia: thin spikes from cell edges into the background (not labelled)
    if rng.random() < 0.7:
        f = np.zeros(lab.shape, np.float32)
        edge_px = np.flatnonzero(_edges(lab) & inside)
        for p in rng.choice(edge_px, min(len(edge_px), int(rng.integers(5, 60)))) if len(edge_px) else []:
            y, x = divmod(int(p), size)
            ci = lab[y, x]
            cy, cx, _ = centres[ci - 1]
            a = math.atan2(y - cy, x - cx) + rng.normal(0, 0.3)
            ln = rng.uniform(5, 30)
            for s in np.arange(0, ln, 0.7):
                py, px = int(round(y + s * math.sin(a))), int(round(x + s * math.cos(a)))
                if 0 <= py < size and 0 <= px < size and lab[py, px] == 0:
                    f[py, px] = max(f[py, px], 0.5 * (1 - s / ln))
        h += ndi.gaussian_filter(f, 0.6)
    return h


def render(h, rng, kind, halo=False):
    """An image of optical thickness `h` as `kind` ('dic', 'phase' or 'brightfield') sees it, in 0..1 before noise;
    `halo`: DIC edges get a symmetric halo half of the time."""
    size = h.shape[0]
    bg = rng.uniform(0.3, 0.7)
    if kind == 'dic':
        a = rng.uniform(0, 2 * math.pi)
        hs = ndi.gaussian_filter(h, rng.uniform(0.6, 1.6))
        gy, gx = np.gradient(hs)
        img = bg + rng.uniform(0.15, 0.6) * (math.cos(a) * gx + math.sin(a) * gy) + rng.uniform(-0.04, 0.04) * hs
        if halo and rng.random() < 0.5:  # a symmetric halo along steep edges (partial coherence), as real DIC outlines show
            img = img + rng.uniform(0.05, 0.3) * np.hypot(gx, gy) * rng.choice([-1, 1])
    elif kind == 'phase':
        s = rng.uniform(3, 12)
        img = bg - rng.uniform(0.15, 0.45) * (h - ndi.gaussian_filter(h, s)) - rng.uniform(0, 0.1) * h
        if rng.random() < 0.35:  # positive phase contrast: bright cells, dark halo
            img = 2 * bg - img
    else:
        img = bg * np.exp(-rng.uniform(0.05, 0.35) * h) + rng.uniform(-0.6, 0.6) * ndi.laplace(ndi.gaussian_filter(h, 1.5))
    return img.astype(np.float32)


def illumination(img, rng):
    """Uneven illumination (a ramp and a slow field) of at most a third of the image's contrast."""
    size = img.shape[0]
    contrast = float(np.percentile(img, 99.5) - np.percentile(img, 0.5))
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    a = rng.uniform(0, 2 * math.pi)
    ramp = (math.cos(a) * xx + math.sin(a) * yy) / size - 0.5
    return img + contrast * (rng.uniform(0, 0.3) * ramp + rng.uniform(0, 0.12) * _field(img.shape, size / rng.uniform(3, 8), rng))


def patch(size, rng, diameter=None, flat_share=0.0):
    """One (normalised grey float32, int32 whole-cell labels) transmitted-light patch of `size` x `size` pixels.

    `rng` is a numpy Generator. Cell diameters are log-uniform over 18-90 px; the imaging mode is DIC (50%), phase
    contrast (30%) or brightfield (20%). A share `flat_share` of the DIC patches (train.py `--flat-dic`; 0 in stages
    a-c, so their patches are unchanged) shows thin flat cells (`thickness(flat=True)`), confluent more often than not.
    """
    if flat_share > 0:
        kind = rng.choice(['dic', 'phase', 'brightfield'], p=[0.5, 0.3, 0.2])
        flat = kind == 'dic' and rng.random() < flat_share
        lab, centres = cells(size, rng, diameter, dense=0.6 if flat else 0.3)
        h = thickness(lab, centres, rng, flat)
    else:  # the draws of stages a-c, in their order
        lab, centres = cells(size, rng, diameter)
        h = thickness(lab, centres, rng)
        kind = rng.choice(['dic', 'phase', 'brightfield'], p=[0.5, 0.3, 0.2])
    img = illumination(render(h, rng, kind, halo=flat_share > 0), rng)
    contrast = float(np.percentile(img, 99.5) - np.percentile(img, 0.5))
    img = img + rng.normal(0, contrast * rng.uniform(0.005, 0.08), img.shape)
    if rng.random() < 0.3:
        img = ndi.gaussian_filter(img, rng.uniform(0.4, 1.0))
    if rng.random() < 0.4:  # 8-bit camera
        lo, hi = img.min(), img.max()
        img = np.round((img - lo) / max(hi - lo, 1e-6) * rng.uniform(60, 255))
    return prepare(img.astype(np.float32)), lab
