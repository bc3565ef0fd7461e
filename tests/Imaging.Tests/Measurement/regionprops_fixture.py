#!/usr/bin/python3
"""Writes regionprops_fixture.json: small label images and, for each object, scikit-image's regionprops values
(axis_major_length, axis_minor_length, orientation, extent, feret_diameter_max, euler_number) plus reference values
computed here, independently of the C# code, for the measurements skimage does not have (feret_diameter_min,
form_factor with the crack perimeter, compactness, touching neighbours, nearest centroid distance).

Run from this folder with Debian's python3-skimage:  /usr/bin/python3 regionprops_fixture.py
The shapes are generated deterministically (fixed seed), so running it again gives the same file."""
import json
import math

import numpy as np
from scipy import ndimage as ndi
from scipy.spatial import ConvexHull
from skimage import __version__ as skimage_version
from skimage.draw import ellipse, polygon, disk
from skimage.measure import regionprops, find_contours


def crack_perimeter(mask):
    m = np.pad(mask, 1).astype(np.int8)
    return int(np.abs(np.diff(m, axis=0)).sum() + np.abs(np.diff(m, axis=1)).sum())


def feret_min(region):
    img = np.pad(region.image_convex, 2)
    pts = np.vstack(find_contours(img, .5, fully_connected='high'))
    hull = pts[ConvexHull(pts).vertices]
    best = math.inf
    for k in range(len(hull)):
        p, q = hull[k], hull[(k + 1) % len(hull)]
        e = q - p
        d = np.abs(e[0] * (hull[:, 1] - p[1]) - e[1] * (hull[:, 0] - p[0])).max() / math.hypot(*e)
        best = min(best, d)
    return best


def measure(labels):
    out = []
    regions = regionprops(labels)
    cents = {r.label: np.array(r.centroid) for r in regions}
    for r in regions:
        mask = labels == r.label
        grown = ndi.binary_dilation(mask, structure=np.ones((3, 3), bool))
        touching = set(np.unique(labels[grown])) - {0, r.label}
        others = [np.linalg.norm(cents[r.label] - c) for l, c in cents.items() if l != r.label]
        rr, cc = np.nonzero(mask)
        var_sum = rr.var() + cc.var()
        it = r.inertia_tensor
        out.append({
            "label": int(r.label),
            "area": int(r.area),
            "major_axis_length": float(r.axis_major_length),
            "minor_axis_length": float(r.axis_minor_length),
            "orientation": float(r.orientation),
            "equal_variances": bool(it[0, 0] == it[1, 1]),
            "extent": float(r.extent),
            "feret_diameter_max": float(r.feret_diameter_max),
            "feret_diameter_min": float(feret_min(r)),
            "form_factor": 4 * math.pi * r.area / crack_perimeter(mask) ** 2,
            "compactness": 2 * math.pi * var_sum / r.area,
            "euler_number": int(r.euler_number),
            "neighbours": len(touching),
            "nearest_neighbour_distance": float(min(others)) if others else None,
        })
    return out


def image(h, w):
    return np.zeros((h, w), np.int32)


rng = np.random.default_rng(19)
images = []

# 1. rotated ellipses of several sizes and angles, one touching another
a = image(64, 64)
for lab, (r, c, rr_, cr, rot) in enumerate([(14, 16, 10, 5, 0.3), (15, 44, 12, 4, -0.9), (44, 18, 7, 7, 0.0),
                                            (46, 42, 13, 6, 1.2), (30, 30, 3, 2, 0.7)], start=1):
    ys, xs = ellipse(r, c, rr_, cr, shape=a.shape, rotation=rot)
    a[ys, xs] = lab
images.append(a)

# 2. polygons: a triangle, an L, a thin diagonal bar, a ring with a hole, two touching squares and a far one
b = image(64, 64)
ys, xs = polygon([2, 20, 14], [3, 8, 26], b.shape); b[ys, xs] = 1
b[30:50, 2:7] = 2; b[45:50, 2:20] = 2
for i in range(18):
    b[4 + i, 36 + i:39 + i] = 3
ys, xs = disk((44, 42), 9, shape=b.shape); b[ys, xs] = 4
ys, xs = disk((44, 42), 4, shape=b.shape); b[ys, xs] = 0
b[24:30, 24:30] = 5; b[24:30, 30:36] = 6; b[58:62, 58:62] = 7
images.append(b)

# 3. random blobs: smoothed seeded noise, thresholded and labelled (irregular shapes, some with holes)
noise = ndi.gaussian_filter(rng.standard_normal((72, 72)), 3)
c, _ = ndi.label(noise > 0.08, structure=np.ones((3, 3)))
images.append(c.astype(np.int32))

# 4. watershed-like tiling: touching Voronoi cells of seeded points inside a disc
d = image(56, 56)
pts = rng.uniform(8, 48, size=(7, 2))
yy, xx = np.mgrid[:56, :56]
dist = np.stack([(yy - p[0]) ** 2 + (xx - p[1]) ** 2 for p in pts])
inside = (yy - 28) ** 2 + (xx - 28) ** 2 < 24 ** 2
d[inside] = dist.argmin(0)[inside] + 1
images.append(d)

fixture = {
    "generator": "regionprops_fixture.py",
    "skimage": skimage_version,
    "images": [{"height": int(m.shape[0]), "width": int(m.shape[1]), "labels": m.ravel().tolist(), "objects": measure(m)}
               for m in images],
}
with open("regionprops_fixture.json", "w") as f:
    json.dump(fixture, f, separators=(",", ":"))
    f.write("\n")
print(sum(len(i["objects"]) for i in fixture["images"]), "objects")
