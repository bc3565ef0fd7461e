#!/usr/bin/python3
"""The plain scikit-image baseline the customer specified, for comparison with `cellactors run`.

Per frame: read -> median 3x3 -> Otsu threshold -> distance-transform watershed (scipy EDT, peak_local_max
markers, skimage watershed with mask) -> regionprops (area, centroid, bbox, intensity mean/min/max, perimeter,
eccentricity, solidity) -> per-object RLE with numpy (Data Science Bowl convention: column-major, 1-based
`start length` pairs) -> rows into SQLite (sqlite3, one executemany per frame and table, one commit per frame).
Frames are spread over N worker processes (multiprocessing.Pool); the parent is the only SQLite writer.

Run with Debian's interpreter (/usr/bin/python3: scikit-image 0.19, scipy, numpy, Pillow). The CTC frames are
LZW-compressed TIFFs; tifffile needs the `imagecodecs` package for LZW, which is not installed here, so frames
are read with skimage.io.imread(..., plugin="pil") (Pillow decodes LZW uint16 TIFFs).

Usage: /usr/bin/python3 skimage_pipeline.py SOURCE_DIR DB_PATH [--workers 2] [--min-distance 7] [--min-peak 3]
Prints one line `skimage: N frames, M objects, S s, F frames/s`.
"""
import argparse
import glob
import os
import sqlite3
import sys
import time
from multiprocessing import Pool

import numpy as np
from scipy import ndimage as ndi
from skimage import filters, io, measure, segmentation
from skimage.feature import peak_local_max

MIN_DISTANCE = 7   # the same as CellActors' default preset (MinPeakDistance 7, PeakMinHeight 3)
MIN_PEAK = 3.0


def rle_columnmajor(coords, height):
    """DSB RLE of one object from its (row, col) pixel list: column-major linear index, 1-based starts."""
    idx = np.sort(coords[:, 1].astype(np.int64) * height + coords[:, 0])
    breaks = np.flatnonzero(np.diff(idx) != 1) + 1
    starts = idx[np.r_[0, breaks]]
    ends = idx[np.r_[breaks - 1, idx.size - 1]]
    pairs = np.empty(2 * starts.size, dtype=np.int64)
    pairs[0::2] = starts + 1
    pairs[1::2] = ends - starts + 1
    return " ".join(map(str, pairs.tolist()))


def process(path):
    raw = io.imread(path, plugin="pil")
    h, w = raw.shape
    den = filters.median(raw, footprint=np.ones((3, 3), dtype=bool))
    t = filters.threshold_otsu(den)
    mask = den > t
    dist = ndi.distance_transform_edt(mask)
    comp, _ = ndi.label(mask)
    peaks = peak_local_max(dist, min_distance=MIN_DISTANCE, threshold_abs=MIN_PEAK, labels=comp)
    markers = np.zeros(mask.shape, dtype=np.int32)
    markers[tuple(peaks.T)] = np.arange(1, len(peaks) + 1)
    labels = segmentation.watershed(-dist, markers, mask=mask)
    objects = []
    cell_area = 0
    for r in measure.regionprops(labels, intensity_image=raw):
        cy, cx = r.centroid
        y0, x0, y1, x1 = r.bbox
        cell_area += int(r.area)
        objects.append((os.path.basename(path), int(r.label), int(r.area), float(cx), float(cy), x0, y0, x1 - x0, y1 - y0,
                        float(r.intensity_mean), float(r.intensity_min), float(r.intensity_max),
                        float(r.perimeter), float(r.eccentricity), float(r.solidity), rle_columnmajor(r.coords, h)))
    frame = (os.path.basename(path), h, w, len(objects), cell_area, h * w, cell_area / (h * w),
             float(raw.mean()), float(raw.min()), float(raw.max()), float(raw.std()))
    return frame, objects


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("source", help="folder of tNNN.tif frames (a CTC sequence folder)")
    ap.add_argument("db")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    paths = sorted(glob.glob(os.path.join(args.source, "*.tif")))
    if not paths:
        sys.exit(f"no .tif frames under {args.source}")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(args.db + suffix):
            os.remove(args.db + suffix)

    t0 = time.perf_counter()
    db = sqlite3.connect(args.db)
    db.execute("PRAGMA journal_mode=WAL")       # the same settings CellActors' ResultStore uses
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("CREATE TABLE frames (image_id TEXT PRIMARY KEY, height INT, width INT, cell_count INT, cell_area INT,"
               " total_area INT, cell_ratio REAL, intensity_mean REAL, intensity_min REAL, intensity_max REAL, intensity_std REAL)")
    db.execute("CREATE TABLE objects (image_id TEXT, label INT, area INT, centroid_x REAL, centroid_y REAL, bbox_x INT,"
               " bbox_y INT, bbox_w INT, bbox_h INT, intensity_mean REAL, intensity_min REAL, intensity_max REAL,"
               " perimeter REAL, eccentricity REAL, solidity REAL, rle TEXT, PRIMARY KEY (image_id, label))")
    n_obj = 0
    with Pool(args.workers) as pool:
        for frame, objects in pool.imap(process, paths, chunksize=1):
            db.execute("INSERT INTO frames VALUES (?,?,?,?,?,?,?,?,?,?,?)", frame)
            db.executemany("INSERT INTO objects VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", objects)
            db.commit()
            n_obj += len(objects)
    db.close()
    dt = time.perf_counter() - t0
    print(f"skimage: {len(paths)} frames, {n_obj} objects, {dt:.2f} s, {len(paths) / dt:.2f} frames/s "
          f"({args.workers} workers)")


if __name__ == "__main__":
    main()
