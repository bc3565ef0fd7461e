// Pure drawing functions of the frame viewer (no DOM, no network): contrast limits, gamma and a lookup table applied to
// the raw samples (8-bit, 16-bit or float), masks decoded from RLE, labels filled and outlined, ground truth outlined.
"use strict";
const CAView = (() => {
  // Lookup tables: 256 RGB entries interpolated linearly between evenly spaced anchors. Fire is ImageJ's (32 anchors),
  // viridis and magma are matplotlib's sampled at 9 points.
  const FIRE = {
    r: [0, 0, 1, 25, 49, 73, 98, 122, 146, 162, 173, 184, 195, 207, 217, 229, 240, 252, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255],
    g: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 14, 35, 57, 79, 101, 117, 133, 147, 161, 175, 190, 205, 219, 234, 248, 255, 255, 255, 255],
    b: [0, 61, 96, 130, 165, 192, 220, 227, 210, 181, 151, 122, 93, 64, 35, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 35, 98, 160, 223, 255],
  };
  const hex = h => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
  const ANCHORS = {
    grey: ["#000000", "#ffffff"].map(hex),
    inverted: ["#ffffff", "#000000"].map(hex),
    fire: FIRE.r.map((r, i) => [r, FIRE.g[i], FIRE.b[i]]),
    viridis: ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21908c", "#27ad81", "#5dc863", "#aadc32", "#fde725"].map(hex),
    magma: ["#000004", "#1d1147", "#51127c", "#822681", "#b63679", "#e65164", "#fb8861", "#fec287", "#fcfdbf"].map(hex),
    green: ["#000000", "#00ff00"].map(hex),
    magenta: ["#000000", "#ff00ff"].map(hex),
  };
  const lutCache = new Map();

  /** The lookup table `name` as 768 bytes (r, g, b of levels 0..255). */
  function lut(name) {
    if (lutCache.has(name)) return lutCache.get(name);
    const a = ANCHORS[name];
    if (!a) throw new Error("unknown lookup table " + name);
    const t = new Uint8Array(768);
    for (let i = 0; i < 256; i++) {
      const pos = i / 255 * (a.length - 1), k = Math.min(a.length - 2, Math.floor(pos)), f = pos - k;
      for (let c = 0; c < 3; c++) t[3 * i + c] = Math.round(a[k][c] * (1 - f) + a[k + 1][c] * f);
    }
    lutCache.set(name, t);
    return t;
  }

  /** Display level 0..255 of a raw value: ((v - min) / (max - min)) clamped to [0, 1], raised to gamma, times 255, rounded. */
  function level(v, min, max, gamma) {
    let u = max > min ? (v - min) / (max - min) : (v > min ? 1 : 0);
    if (!(u > 0)) u = 0; else if (u > 1) u = 1;
    if (gamma !== 1) u = Math.pow(u, gamma);
    return Math.round(u * 255);
  }

  /** A distinct colour per track id (golden-ratio hues; the same as the server's FrameRenderer.TrackColour). */
  function trackColour(id) {
    const hue = ((id * 0.618033988749895 % 1) + 1) % 1 * 6;
    const i = Math.trunc(hue), f = hue - i;
    const v = 255, p = 60, q = Math.trunc(255 - 195 * f), t = Math.trunc(60 + 195 * f);
    switch (i) {
      case 0: return [v, t, p];
      case 1: return [q, v, p];
      case 2: return [p, v, t];
      case 3: return [p, q, v];
      case 4: return [t, p, v];
      default: return [v, p, q];
    }
  }

  const UNTRACKED = [255, 230, 0], SELECTED = [255, 0, 255], HIGHLIGHT = [255, 255, 255], GROUND_TRUTH = [0, 255, 255];

  /** Paints `value` into `labels` (row-major, h x w) where the RLE (column-major, 1-based start/length pairs) covers; false when it does not fit. */
  function decodeRle(rle, value, labels, h, w) {
    const parts = rle.trim().split(/\s+/);
    if (parts.length === 1 && parts[0] === "") return true;
    const n = h * w;
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const start = +parts[i] - 1, len = +parts[i + 1];
      if (!(start >= 0) || !(len >= 0) || start + len > n) return false;
      for (let k = start; k < start + len; k++) {
        const x = Math.floor(k / h), y = k - x * h;
        labels[y * w + x] = value;
      }
    }
    return true;
  }

  /** Masks of `objects` ({rle}) as one label map: object k (0-based) is k + 1; masks that do not fit are left out. */
  function labelMap(objects, h, w) {
    const labels = new Int32Array(h * w);
    objects.forEach((o, k) => decodeRle(o.rle, k + 1, labels, h, w));
    return labels;
  }

  /** Whether pixel p of a label map is on its object's border (4-neighbourhood, or the frame's edge). */
  function isEdge(labels, p, w, h) {
    const l = labels[p], x = p % w, y = (p - x) / w;
    return x === 0 || y === 0 || x === w - 1 || y === h - 1 || labels[p - 1] !== l || labels[p + 1] !== l || labels[p - w] !== l || labels[p + w] !== l;
  }

  /** Smallest and largest finite sample. */
  function dataRange(data) {
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < data.length; i++) { const v = data[i]; if (v < lo) lo = v; if (v > hi) hi = v; }
    return lo <= hi ? [lo, hi] : [0, 1];
  }

  /** The low and high percentiles of the samples (as the server's FrameRenderer: 0.5 and 99.8 by default). */
  function percentiles(frame, lowPct = 0.5, highPct = 99.8) {
    const d = frame.data, n = d.length;
    if (frame.type === "float32") {
      const step = Math.max(1, Math.floor(n / (1 << 20)));
      const s = [];
      for (let i = 0; i < n; i += step) if (Number.isFinite(d[i])) s.push(d[i]);
      if (s.length === 0) return [0, 1];
      s.sort((a, b) => a - b);
      return [s[Math.floor((s.length - 1) * lowPct / 100)], s[Math.floor((s.length - 1) * highPct / 100)]];
    }
    const hist = new Uint32Array(frame.type === "uint8" ? 256 : 65536);
    for (let i = 0; i < n; i++) hist[d[i]]++;
    const loCount = Math.floor(n * lowPct / 100), hiCount = Math.ceil(n * highPct / 100);
    let lo = 0, hi = hist.length - 1, acc = 0, found = false;
    for (let v = 0; v < hist.length; v++) {
      acc += hist[v];
      if (!found && acc > loCount) { lo = v; found = true; }
      if (acc >= hiCount) { hi = v; break; }
    }
    return [lo, hi];
  }

  /**
   * Composites a frame into `out` (RGBA, width x height): each sample through contrast, gamma and the lookup table;
   * then objects filled with their colour at `fill` opacity (0..1) and, when `outlines`, their borders in `edgeColours`;
   * then the ground truth's borders in groundTruthColour (cyan by default). colours/edgeColours hold r, g, b per label-map value (index 0 unused).
   */
  function composite(out, frame, display, overlay) {
    const { data, width: w, height: h } = frame;
    const { min, max, gamma } = display;
    const table = lut(display.lut);
    const n = w * h;
    let levels = null;
    if (frame.type !== "float32") {
      levels = new Uint8Array(frame.type === "uint8" ? 256 : 65536);
      for (let v = 0; v < levels.length; v++) levels[v] = level(v, min, max, gamma);
    }
    const labels = overlay && overlay.labels, gt = overlay && overlay.groundTruth;
    const a = overlay ? overlay.fill : 0, outlines = overlay && overlay.outlines;
    const colours = overlay && overlay.colours, edges = overlay && overlay.edgeColours;
    const gtColour = (overlay && overlay.groundTruthColour) || GROUND_TRUTH;
    for (let p = 0, j = 0; p < n; p++, j += 4) {
      const li = 3 * (levels ? levels[data[p]] : level(data[p], min, max, gamma));
      let r = table[li], g = table[li + 1], b = table[li + 2];
      if (labels) {
        const l = labels[p];
        if (l !== 0) {
          if (outlines && isEdge(labels, p, w, h)) {
            r = edges[3 * l]; g = edges[3 * l + 1]; b = edges[3 * l + 2];
          } else if (a > 0) {
            r = Math.round(r * (1 - a) + colours[3 * l] * a);
            g = Math.round(g * (1 - a) + colours[3 * l + 1] * a);
            b = Math.round(b * (1 - a) + colours[3 * l + 2] * a);
          }
        }
      }
      if (gt && gt[p] !== 0 && isEdge(gt, p, w, h)) { r = gtColour[0]; g = gtColour[1]; b = gtColour[2]; }
      out[j] = r; out[j + 1] = g; out[j + 2] = b; out[j + 3] = 255;
    }
  }

  /** The typed array of a raw plane's bytes (little-endian samples). */
  function samples(type, buffer) {
    switch (type) {
      case "uint8": return new Uint8Array(buffer);
      case "uint16": return new Uint16Array(buffer);
      case "float32": return new Float32Array(buffer);
      default: throw new Error("unknown pixel type " + type);
    }
  }

  return { hex, lut, luts: Object.keys(ANCHORS), level, trackColour, decodeRle, labelMap, isEdge, dataRange, percentiles, composite, samples, UNTRACKED, SELECTED, HIGHLIGHT, GROUND_TRUTH };
})();
