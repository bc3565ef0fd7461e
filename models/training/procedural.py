"""Procedural fluorescence patches for the CellActors nucleus U-Net (the project's own synthetic data).

DSB2018 nuclei are small (10-40 px) and mostly evenly lit. Time-lapse data looks different: large textured
nuclei (50-100 px), nuclei of very different brightness side by side, dark nucleoli, faint cell bodies, soft
edges, uneven background, spread cells with thin protrusions. `patch(size, rng)` draws one such patch and its
instance labels, so the network sees those conditions without training on any data whose licence forbids it.
"""
import math

import numpy as np
from scipy import ndimage as ndi

from data import prepare
from transmitted import _box, _edges, _field, cells


def _smooth_noise(shape, sigma, rng):
    """Zero-mean, unit-sd random field smoothed with a Gaussian of `sigma` pixels."""
    return _field(shape, sigma, rng)


def _blob(yy, xx, cy, cx, ry, rx, theta, wobble, rng):
    """Mask of an ellipse with a smoothly perturbed outline (Fourier terms 2-5 of relative size `wobble`)."""
    dy, dx = yy - cy, xx - cx
    c, s = math.cos(theta), math.sin(theta)
    u, v = c * dx + s * dy, -s * dx + c * dy
    r = np.sqrt((u / rx) ** 2 + (v / ry) ** 2)
    phi = np.arctan2(v, u)
    edge = np.ones_like(r)
    for k in range(2, 6):
        edge += rng.normal(0, wobble) * np.cos(k * phi + rng.uniform(0, 2 * math.pi))
    return r < edge


def _protrusions(yy, xx, cy, cx, length, width, count, rng):
    """Thin tapering arms from (cy, cx): the thin extensions of spread (mesenchymal-like) cells."""
    m = np.zeros(yy.shape, bool)
    for _ in range(count):
        a = rng.uniform(0, 2 * math.pi)
        ln = length * rng.uniform(0.6, 1.4)
        dy, dx = yy - cy, xx - cx
        along = dx * math.cos(a) + dy * math.sin(a)
        across = np.abs(-dx * math.sin(a) + dy * math.cos(a))
        t = np.clip(along / ln, 0, 1)
        m |= (along > 0) & (along < ln) & (across < width * (1 - 0.8 * t))
    return m


def patch(size, rng, spread_share=0.25, diameter=None, noisy_share=0.0, tissue_share=0.0):
    """One (normalised grey float32, int32 instance labels) pair of `size` x `size` pixels.

    `rng` is a numpy Generator. Object diameters are `diameter` or log-uniform over 10-100 px per patch; a share
    `spread_share` of the patches holds spread cells (elongated, with thin arms, fading from the centre) instead of
    nuclei, a share `tissue_share` touching whole cells packed into colonies (stained cytoplasm, see `tissue`). A
    share `noisy_share` is imaged at low contrast and strong noise: a bright background, 3-40 photons per unit of
    signal, so that the dimmest large objects lie under one noise standard deviation per pixel.
    """
    if rng.random() < tissue_share:
        return tissue(size, rng, diameter, noisy=rng.random() < noisy_share)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    diameter = diameter or math.exp(rng.uniform(math.log(10), math.log(100)))
    spread = rng.random() < spread_share
    coverage = rng.uniform(0.05, 0.45)
    n = int(np.clip(round(coverage * size * size / (math.pi * diameter ** 2 / 4)), 1, 60))
    varied = rng.random() < 0.5
    offset, photons, read_noise = _noise_regime(rng, rng.random() < noisy_share)
    # Objects stay visible, if only just: small ones at least 3 noise standard deviations above the background;
    # large ones may be dimmer per pixel (down to 0.7 sd, as dim nuclei beside bright ones in GFP time-lapses), since
    # their area gives them away.
    noise = math.sqrt(read_noise ** 2 + (offset + 0.02) / photons if photons else read_noise ** 2)
    dimmest = min(0.6, max(0.008, noise * (0.7 if diameter >= 30 else 3.0)))
    lab = np.zeros((size, size), np.int32)
    signal = np.zeros((size, size), np.float32)
    centres = []
    margin = diameter / 2
    grain = _smooth_noise((size, size), rng.uniform(1.0, max(1.5, diameter / 10)), rng)  # shared: objects lie apart
    for i in range(1, n + 1):
        d = diameter * rng.uniform(0.8, 1.2)
        for _ in range(20):
            cy, cx = rng.uniform(-margin, size + margin, 2)
            if all(math.hypot(cy - y, cx - x) > 0.75 * (d + e) / 2 for y, x, e in centres):
                break
        else:
            continue
        centres.append((cy, cx, d))
        aspect = rng.uniform(1.5, 4.0) if spread else rng.uniform(1.0, 1.5)
        ry = d / 2 / math.sqrt(aspect)
        rx = d / 2 * math.sqrt(aspect)
        sl = _box(cy, cx, (2.0 if spread else 1.4) * max(rx, ry) + 2, size)  # all of the object lies inside
        if yy[sl].size == 0:
            continue
        ys_, xs_ = yy[sl], xx[sl]
        m = _blob(ys_, xs_, cy, cx, ry, rx, rng.uniform(0, math.pi), rng.uniform(0.0, 0.06), rng)
        if spread and rng.random() < 0.8:
            m |= _protrusions(ys_, xs_, cy, cx, d * 0.8, max(1.5, ry * 0.35), int(rng.integers(1, 4)), rng)
        m &= lab[sl] == 0
        if m.sum() < 6:
            continue
        lab[sl][m] = i
        bright = math.exp(rng.uniform(math.log(dimmest), 0)) if varied else rng.uniform(max(0.6, dimmest), 1.0)
        texture = 1 + rng.uniform(0, 0.45) * grain[sl]
        inside = bright * np.clip(texture, 0.2, None)
        if spread:
            inside *= np.exp(-np.hypot(ys_ - cy, xs_ - cx) / (d * rng.uniform(0.4, 1.2)))
        for _ in range(int(rng.integers(0, 3)) if not spread else 0):
            ny, nx = cy + rng.normal(0, d / 6), cx + rng.normal(0, d / 6)
            inside *= 1 - rng.uniform(0.3, 0.7) * (np.hypot(ys_ - ny, xs_ - nx) < d * rng.uniform(0.06, 0.14))
        signal[sl][m] = inside[m]
    edge_blur = rng.uniform(0.3, 2.5)
    img = ndi.gaussian_filter(signal, edge_blur)
    if rng.random() < 0.4:  # faint cell bodies around nuclei
        body = ndi.gaussian_filter(ndi.binary_dilation(lab > 0, iterations=int(max(2, diameter / 5))).astype(np.float32),
                                   diameter / 6)
        img += rng.uniform(0.02, 0.12) * body
    return _image(img, rng, size, offset, photons, read_noise), lab


def _noise_regime(rng, noisy):
    """(background offset, photons per unit of signal or None for no shot noise, read noise sd)."""
    if noisy:
        return rng.uniform(0.3, 2.0), 10 ** rng.uniform(0.5, 1.6), rng.uniform(0.02, 0.15)
    return rng.uniform(0.0, 0.4), (10 ** rng.uniform(1.8, 3.5) if rng.random() < 0.5 else None), rng.uniform(0.003, 0.05)


def _image(img, rng, size, offset, photons, read_noise):
    """Uneven illumination, offset, shot and read noise, optional blur; then the network's normalisation."""
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    a = rng.uniform(0, 2 * math.pi)  # uneven illumination: a ramp plus a slow field
    background = rng.uniform(0, 0.15) * ((math.cos(a) * xx + math.sin(a) * yy) / size)
    background += rng.uniform(0, 0.08) * _smooth_noise((size, size), size / 4, rng)
    img = img + offset + background
    img = np.clip(img, 0, None)
    if photons:  # shot noise
        img = rng.poisson(img * photons) / photons
    img = img + rng.normal(0, read_noise, img.shape)
    if rng.random() < 0.3:
        img = ndi.gaussian_filter(img, rng.uniform(0.5, 1.2))
    return prepare(img.astype(np.float32))


def tissue(size, rng, diameter=None, noisy=False):
    """Touching whole cells in colonies with a stained cytoplasm (a brighter or darker nucleus, granules, dimmer
    towards the cell's edge, where neighbours meet too), as in whole-cell fluorescence of confluent cultures.
    Returns (normalised image, labels)."""
    lab, centres = cells(size, rng, diameter)
    img = np.zeros((size, size), np.float32)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    dist = ndi.distance_transform_edt(~_edges(lab) & (lab > 0))
    offset, photons, read_noise = _noise_regime(rng, noisy)
    noise = math.sqrt(read_noise ** 2 + (offset + 0.02) / photons if photons else read_noise ** 2)
    grain = _smooth_noise((size, size), rng.uniform(1, 4), rng)
    boxes = ndi.find_objects(lab)
    for i, (cy, cx, r) in enumerate(centres, 1):
        if i > len(boxes) or boxes[i - 1] is None:
            continue
        sl = boxes[i - 1]
        m = lab[sl] == i
        level = math.exp(rng.uniform(math.log(max(0.05, min(0.6, 2 * noise))), 0))
        body = level * (1 + rng.uniform(0, 0.4) * grain[sl])
        body *= 1 - rng.uniform(0, 0.6) * np.exp(-dist[sl] / max(1.0, r * 0.15))  # dimmer at the thin edge
        ys, xs = np.nonzero(m)
        nr = r * rng.uniform(0.3, 0.5)
        nucleus = np.hypot(yy[sl] - ys.mean() - sl[0].start, xx[sl] - xs.mean() - sl[1].start) < nr
        body = np.where(nucleus, body * rng.uniform(0.5, 1.8), body)
        img[sl][m] = np.clip(body[m], 0, None)
    img = ndi.gaussian_filter(img, rng.uniform(0.5, 2.0))
    return _image(img, rng, size, offset, photons, read_noise), lab
