// The frame viewer: the raw frame drawn on a canvas from its samples (contrast, gamma and lookup table applied here, on
// the real bit depth), zoomed around the cursor and panned by dragging; labels filled and outlined, ground truth
// outlined; a scatter of two measurements whose rectangle selection filters the cell table and marks cells here.
"use strict";
(async () => {
  const { api, el, fmt, enc, q, link } = CA;
  const V = CAView;
  const $ = id => document.getElementById(id);
  const job = await CA.header("viewer.html");
  if (!job) { CA.showError("error", new Error("no job in this database")); return; }
  let { detail, seq } = await CA.pickSequence(job);
  if (!seq) { CA.showError("error", new Error("no frames yet")); return; }
  const schema = await api("/schema");
  const kinds = Object.fromEntries(schema.columns.map(c => [c.name, c.kind]));

  const canvas = $("frame-canvas"), ctx = canvas.getContext("2d");
  const tSlider = $("t-slider"), zSlider = $("z-slider");
  const offscreen = document.createElement("canvas"), octx = offscreen.getContext("2d");
  let times = [], byT = new Map(), ti = 0, zi = 0, current = null, selected = null;
  let frame = null, image = null, view = null, loadToken = 0, contrastSet = false, gtImports = [];
  const display = { min: 0, max: 1, gamma: 1, lut: "grey" };

  const controls = $("seq-controls");
  controls.prepend(CA.sequencePicker(detail, seq, s => { seq = s; load(null, null); }));
  for (const name of V.luts) $("lut").append(el("option", { value: name, text: name }));

  // ---- frames and sequence ------------------------------------------------------------------------------------
  async function load(wantT, wantZ) {
    $("seq-title").textContent = seq.dataset + " / " + seq.sequence;
    const [frames, gts] = await Promise.all([
      api("/jobs/" + enc(job) + "/frames?dataset=" + enc(seq.dataset) + "&sequence=" + enc(seq.sequence)),
      api("/groundtruth?dataset=" + enc(seq.dataset) + "&sequence=" + enc(seq.sequence))]);
    gtImports = gts;
    const src = $("gt-source");
    src.replaceChildren();
    for (const g of gts) {
      if (g.segFrames > 0) src.append(el("option", { value: g.gtJob + "\n" + "SEG", text: g.gtJob + " SEG masks" }));
      if (g.traFrames > 0) src.append(el("option", { value: g.gtJob + "\n" + "TRA", text: g.gtJob + " TRA markers" }));
    }
    $("gt-box").hidden = gts.length === 0;
    byT = new Map();
    for (const f of frames) { if (!byT.has(f.t)) byT.set(f.t, []); byT.get(f.t).push(f); }
    times = [...byT.keys()].sort((a, b) => a - b);
    tSlider.max = Math.max(0, times.length - 1);
    ti = wantT !== null && times.indexOf(wantT) >= 0 ? times.indexOf(wantT) : 0;
    zi = wantZ ?? 0;
    show();
    loadScatter();
  }

  function show() {
    const stack = byT.get(times[ti]) || [];
    zi = Math.max(0, Math.min(zi, stack.length - 1));
    $("z-box").hidden = stack.length <= 1;
    zSlider.max = Math.max(0, stack.length - 1);
    zSlider.value = zi;
    tSlider.value = ti;
    const previous = current;
    current = stack[zi];
    if (!current) return;
    $("frame-label").textContent = "t = " + current.t + (stack.length > 1 ? ", z = " + current.z : "") + " · " + current.cellCount + " cells";
    const u = new URL(location.href);
    u.searchParams.set("job", job); u.searchParams.set("dataset", seq.dataset); u.searchParams.set("sequence", seq.sequence); u.searchParams.set("t", current.t);
    if (stack.length > 1) u.searchParams.set("z", current.z); else u.searchParams.delete("z");
    history.replaceState(null, "", u);
    if (!previous || previous.imageId !== current.imageId) {
      loadFrame(current.imageId).catch(e => CA.showError("error", e));
      frameInfo(current.imageId);
      if ($("scatter-scope").value === "frame") loadScatter();
    }
  }

  async function pixels(id) {
    const r = await fetch("/api/jobs/" + enc(job) + "/frame/pixels?image_id=" + enc(id));
    if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || "HTTP " + r.status);
    return { type: r.headers.get("X-Pixel-Type"), height: +r.headers.get("X-Height"), width: +r.headers.get("X-Width"), buffer: await r.arrayBuffer() };
  }

  async function loadFrame(id) {
    const token = ++loadToken;
    const base = "/jobs/" + enc(job) + "/frame";
    const [p, o, g] = await Promise.all([pixels(id), api(base + "/objects?image_id=" + enc(id)),
      gtImports.length ? api(base + "/groundtruth?image_id=" + enc(id)) : Promise.resolve(null)]);
    if (token !== loadToken) return;
    const f = { imageId: id, type: p.type, width: p.width, height: p.height, data: V.samples(p.type, p.buffer), objects: o.objects, gtAll: g ? g.objects : [], highlight: new Set() };
    f.labels = V.labelMap(f.objects, f.height, f.width);
    f.range = V.dataRange(f.data);
    const resized = !frame || frame.width !== f.width || frame.height !== f.height;
    frame = f;
    groundTruth();
    if (resized) { offscreen.width = f.width; offscreen.height = f.height; image = octx.createImageData(f.width, f.height); fit(); }
    if (!contrastSet) { setContrast(V.percentiles(f)); contrastSet = true; }
    await highlightFrame();
    if (token !== loadToken) return;
    render();
    canvas.dataset.imageId = id;
    canvas.dataset.width = f.width;
    canvas.dataset.height = f.height;
    canvas.dataset.loaded = id;
  }

  function groundTruth() {
    if (!frame) return;
    const [gtJob, source] = ($("gt-source").value || "\n").split("\n");
    const objs = frame.gtAll.filter(o => o.gtJob === gtJob && o.source === source);
    frame.gt = objs.length ? V.labelMap(objs, frame.height, frame.width) : null;
    $("gt-summary").textContent = gtImports.length ? objs.length + " in this frame" : "";
  }

  async function frameInfo(id) {
    try {
      const f = await api("/jobs/" + enc(job) + "/frame?image_id=" + enc(id));
      if (current.imageId !== id) return;
      const um2 = f.physicalSizeX != null && f.physicalSizeY != null ? f.physicalSizeX * f.physicalSizeY : null;
      const rows = [["image_id", f.imageId], ["size", f.height + " × " + f.width + " px"],
        ["pixel size", f.physicalSizeX != null ? fmt(f.physicalSizeX, 4) + " × " + fmt(f.physicalSizeY, 4) + " µm" + (f.physicalSizeZ != null ? ", z step " + fmt(f.physicalSizeZ, 4) + " µm" : "") : "unknown"],
        ["time increment", f.timeIncrement != null ? fmt(f.timeIncrement, 4) + " s" : "unknown"],
        ["cells", f.cellCount], ["cell area", f.cellArea + " px" + (um2 != null ? " = " + fmt(f.cellArea * um2, 4) + " µm²" : "")], ["cell ratio", f.cellRatio],
        ["intensity mean", f.intensityMean], ["intensity min–max", fmt(f.intensityMin) + " – " + fmt(f.intensityMax)], ["file", f.uri + (f.page ? " (page " + f.page + ")" : "")]];
      $("frame-info").replaceChildren(...rows.map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { text: fmt(v, 4) }))));
    } catch (e) { CA.showError("error", e); }
  }

  // ---- drawing ---------------------------------------------------------------------------------------------
  function render() {
    if (!frame) return;
    const n = frame.objects.length, colours = new Uint8Array(3 * (n + 1)), edges = new Uint8Array(3 * (n + 1));
    frame.objects.forEach((o, k) => {
      const c = o.trackId != null ? V.trackColour(o.trackId) : V.UNTRACKED;
      const e = selected && selected.imageId === frame.imageId && selected.label === o.label ? V.SELECTED : frame.highlight.has(o.label) ? V.HIGHLIGHT : c;
      colours.set(c, 3 * (k + 1));
      edges.set(e, 3 * (k + 1));
    });
    const fill = +$("fill").value, outlines = $("outlines").checked;
    V.composite(image.data, frame, display, { labels: frame.labels, colours, edgeColours: edges, fill, outlines, groundTruth: $("gt-outlines").checked ? frame.gt : null, groundTruthColour: V.hex($("gt-colour").value) });
    octx.putImageData(image, 0, 0);
    draw();
    canvas.dataset.display = [display.min, display.max, display.gamma, display.lut, fill, outlines ? 1 : 0, frame.gt && $("gt-outlines").checked ? 1 : 0, frame.highlight.size].join(",");
  }

  function draw() {
    if (!frame || !view) return;
    const dpr = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = "#000";
    ctx.fillRect(0, 0, w, h);
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(offscreen, view.ox, view.oy, frame.width * view.s, frame.height * view.s);
    canvas.dataset.scale = view.s;
    canvas.dataset.ox = view.ox;
    canvas.dataset.oy = view.oy;
    $("zoom-label").textContent = Math.round(view.s * 100) + "%";
  }

  // ---- zoom and pan ------------------------------------------------------------------------------------------
  function fitScale() { return Math.min(canvas.clientWidth / frame.width, canvas.clientHeight / frame.height); }

  function fit() {
    if (!frame) return;
    const s = fitScale();
    view = { s, ox: (canvas.clientWidth - frame.width * s) / 2, oy: (canvas.clientHeight - frame.height * s) / 2 };
    draw();
  }

  /** Scales by `factor` keeping the image point under (sx, sy) (CSS pixels of the canvas) where it is. */
  function zoomAt(sx, sy, factor) {
    if (!view) return;
    const s = Math.min(64, Math.max(Math.min(1, fitScale()) / 4, view.s * factor));
    view = { s, ox: sx - (sx - view.ox) * s / view.s, oy: sy - (sy - view.oy) * s / view.s };
    draw();
  }

  const centre = () => [canvas.clientWidth / 2, canvas.clientHeight / 2];
  const local = ev => { const b = canvas.getBoundingClientRect(); return [ev.clientX - b.left, ev.clientY - b.top]; };
  const imagePoint = (sx, sy) => [Math.floor((sx - view.ox) / view.s), Math.floor((sy - view.oy) / view.s)];

  canvas.addEventListener("wheel", ev => {
    ev.preventDefault();
    const [sx, sy] = local(ev);
    const dy = ev.deltaMode === 1 ? ev.deltaY * 33 : ev.deltaMode === 2 ? ev.deltaY * 300 : ev.deltaY;
    zoomAt(sx, sy, Math.pow(2, -dy / 300));
    readout(sx, sy);
  }, { passive: false });

  let drag = null;
  canvas.addEventListener("pointerdown", ev => {
    if (ev.button !== 0 || !view) return;
    const [sx, sy] = local(ev);
    drag = { sx, sy, ox: view.ox, oy: view.oy, moved: false };
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener("pointermove", ev => {
    const [sx, sy] = local(ev);
    if (drag) {
      drag.moved = drag.moved || Math.abs(sx - drag.sx) > 3 || Math.abs(sy - drag.sy) > 3;
      if (drag.moved) {
        canvas.classList.add("panning");
        view = { s: view.s, ox: drag.ox + sx - drag.sx, oy: drag.oy + sy - drag.sy };
        draw();
      }
    }
    readout(sx, sy);
  });
  canvas.addEventListener("pointerup", ev => {
    if (!drag) return;
    const d = drag;
    drag = null;
    canvas.classList.remove("panning");
    const [sx, sy] = local(ev);
    if (d.moved) { view = { s: view.s, ox: d.ox + sx - d.sx, oy: d.oy + sy - d.sy }; draw(); readout(sx, sy); return; }
    click(sx, sy);
  });
  canvas.addEventListener("pointerleave", () => { $("pixel-readout").innerHTML = "&nbsp;"; });

  function readout(sx, sy) {
    if (!frame || !view) return;
    const [x, y] = imagePoint(sx, sy), box = $("pixel-readout");
    if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) { box.textContent = "outside the frame"; delete box.dataset.x; delete box.dataset.y; return; }
    const p = y * frame.width + x, l = frame.labels[p], o = l ? frame.objects[l - 1] : null;
    const v = frame.data[p];
    box.dataset.x = x; box.dataset.y = y; box.dataset.value = v; box.dataset.sx = sx; box.dataset.sy = sy;
    box.textContent = "x " + x + " · y " + y + " · value " + (frame.type === "float32" ? +v.toPrecision(6) : v)
      + (o ? " · cell " + o.label + (o.trackId != null ? ", track " + o.trackId : "") : "");
  }

  function click(sx, sy) {
    if (!frame) return;
    const [x, y] = imagePoint(sx, sy);
    if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return;
    const l = frame.labels[y * frame.width + x];
    if (!l) { selected = null; $("cell-info").replaceChildren(el("span", { class: "muted", text: "No cell at (" + x + ", " + y + ")." })); render(); return; }
    const label = frame.objects[l - 1].label;
    openCell(() => api("/jobs/" + enc(job) + "/cell?image_id=" + enc(frame.imageId) + "&label=" + label), "(" + x + ", " + y + ")");
  }

  $("zoom-in").addEventListener("click", () => zoomAt(...centre(), 1.5));
  $("zoom-out").addEventListener("click", () => zoomAt(...centre(), 1 / 1.5));
  $("zoom-fit").addEventListener("click", fit);
  $("zoom-1").addEventListener("click", () => view && zoomAt(...centre(), 1 / view.s));
  new ResizeObserver(() => draw()).observe(canvas);

  // ---- contrast, lookup table, labels, ground truth ----------------------------------------------------------
  const shown = v => frame && frame.type === "float32" ? String(+v.toPrecision(6)) : String(v);
  function setContrast([lo, hi]) {
    display.min = lo; display.max = hi;
    $("contrast-min").value = shown(lo); $("contrast-max").value = shown(hi);
  }
  function contrastInput() {
    const lo = parseFloat($("contrast-min").value), hi = parseFloat($("contrast-max").value), g = parseFloat($("gamma").value);
    if (Number.isFinite(lo)) display.min = lo;
    if (Number.isFinite(hi)) display.max = hi;
    if (g > 0) display.gamma = g;
    render();
  }
  for (const id of ["contrast-min", "contrast-max", "gamma"]) { $(id).addEventListener("input", contrastInput); $(id).addEventListener("change", contrastInput); }
  $("contrast-auto").addEventListener("click", () => { if (frame) { setContrast(V.percentiles(frame)); render(); } });
  $("contrast-full").addEventListener("click", () => { if (frame) { setContrast(frame.range); render(); } });
  $("lut").addEventListener("change", () => { display.lut = $("lut").value; render(); });
  $("fill").addEventListener("input", () => { $("fill-value").textContent = $("fill").value; render(); });
  $("outlines").addEventListener("change", render);
  $("gt-outlines").addEventListener("change", render);
  $("gt-colour").addEventListener("input", render);
  $("gt-source").addEventListener("change", () => { groundTruth(); render(); });

  // ---- the clicked cell ----------------------------------------------------------------------------------------
  async function openCell(fetcher, where) {
    const box = $("cell-info");
    try {
      const c = await fetcher();
      selected = { imageId: c.values.image_id, label: c.values.label };
      const rows = Object.entries(c.values).map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { text: fmt(v, 4) })));
      rows.push(el("tr", {}, el("td", { text: "rle length" }), el("td", { text: fmt(c.rleLength) + " characters" })));
      const parts = [el("table", { class: "kv", id: "cell-table" }, ...rows)];
      if (c.track) {
        parts.push(el("p", {}, "Track ", el("a", { id: "cell-track-link", href: link("lineage.html", { job, track: c.track.trackId }), text: "#" + c.track.trackId }),
          " · t " + c.track.tStart + "–" + c.track.tEnd + (c.track.parentTrackId ? " · parent #" + c.track.parentTrackId : "") + " · " + c.track.children + " daughter(s)"));
      } else parts.push(el("p", { class: "muted", text: "Not tracked." }));
      box.replaceChildren(...parts);
      if (c.values.dataset === seq.dataset && c.values.sequence === seq.sequence && (!current || current.imageId !== c.values.image_id)) {
        const i = times.indexOf(c.values.t);
        if (i >= 0) { ti = i; zi = Math.max(0, (byT.get(c.values.t) || []).findIndex(f => f.z === c.values.z)); show(); }
      }
      canvas.dataset.selected = selected.imageId + "#" + selected.label;
      render();
    } catch (e) {
      selected = null;
      delete canvas.dataset.selected;
      box.replaceChildren(el("span", { class: "muted", text: "No cell at " + where + "." }));
      render();
    }
  }

  // ---- scatter and selection -----------------------------------------------------------------------------------
  const xSel = $("scatter-x"), ySel = $("scatter-y"), scopeSel = $("scatter-scope");
  for (const m of schema.measures) { xSel.append(el("option", { value: m, text: m })); ySel.append(el("option", { value: m, text: m })); }
  xSel.value = schema.measures.includes("area") ? "area" : schema.measures[0];
  ySel.value = schema.measures.includes("intensity_mean") ? "intensity_mean" : schema.measures[1] || schema.measures[0];
  let rect = null, selPage = 1, scatterToken = 0;
  const plot = CAScatter.create($("scatter"), s => select(s));
  const inside = p => rect && p[0] >= rect.x0 && p[0] <= rect.x1 && p[1] >= rect.y0 && p[1] <= rect.y1;

  function scopeQuery() {
    const s = scopeSel.value;
    return s === "sequence" ? "&dataset=" + enc(seq.dataset) + "&sequence=" + enc(seq.sequence) : s === "frame" && current ? "&image_id=" + enc(current.imageId) : "";
  }
  function scopeFilters() {
    const s = scopeSel.value;
    return s === "sequence" ? ["dataset:eq:" + seq.dataset, "sequence:eq:" + seq.sequence] : s === "frame" && current ? ["image_id:eq:" + current.imageId] : [];
  }

  async function loadScatter() {
    const token = ++scatterToken;
    try {
      const d = await api("/jobs/" + enc(job) + "/scatter?x=" + enc(xSel.value) + "&y=" + enc(ySel.value) + scopeQuery());
      if (token !== scatterToken) return;
      plot.setData(d.points, d.x, d.y);
      $("scatter-summary").textContent = fmt(d.total) + " cells" + (d.stride > 1 ? ", every " + d.stride + "th shown" : "");
      $("scatter").dataset.total = d.total;
      plot.setSelection(rect, inside);
    } catch (e) { CA.showError("error", e); }
  }

  function select(s) {
    if (s) {
      // Bounds kept to about four digits of the rectangle's size (whole numbers for whole columns): the filters read well.
      const round = (lo, hi) => { const d = Math.min(20, Math.max(0, -Math.floor(Math.log10((hi - lo) / 1000)))); return [+lo.toFixed(d), +hi.toFixed(d)]; };
      const whole = (name, lo, hi) => kinds[name] === "integer" ? [Math.ceil(lo), Math.floor(hi)] : round(lo, hi);
      const [x0, x1] = whole(xSel.value, s.x0, s.x1), [y0, y1] = whole(ySel.value, s.y0, s.y1);
      rect = { x: xSel.value, y: ySel.value, x0, x1, y0, y1 };
      $("scatter").dataset.selection = JSON.stringify(rect);
    } else {
      rect = null;
      delete $("scatter").dataset.selection;
    }
    plot.setSelection(rect, inside);
    selPage = 1;
    loadSelection();
    highlightFrame().then(render, e => CA.showError("error", e));
  }

  function selectionFilters() {
    return rect ? [...scopeFilters(), rect.x + ":ge:" + rect.x0, rect.x + ":le:" + rect.x1, rect.y + ":ge:" + rect.y0, rect.y + ":le:" + rect.y1] : [];
  }

  async function loadSelection() {
    const body = document.querySelector("#selection-table tbody"), head = document.querySelector("#selection-table thead");
    $("selection-clear").disabled = !rect;
    $("selection-link").hidden = !rect;
    if (!rect) {
      $("selection-total").textContent = "no selection"; $("selection-page").textContent = "";
      $("selection-prev").disabled = $("selection-next").disabled = true;
      head.replaceChildren(); body.replaceChildren();
      return;
    }
    const u = new URLSearchParams();
    for (const f of selectionFilters()) u.append("filter", f);
    $("selection-link").href = "cells.html?job=" + enc(job) + "&" + u;
    u.set("page", selPage); u.set("size", 25);
    try {
      const t = await api("/jobs/" + enc(job) + "/cells?" + u);
      const pages = Math.max(1, Math.ceil(t.total / t.size));
      $("selection-total").textContent = fmt(t.total) + " cells selected";
      $("selection-total").dataset.total = t.total;
      $("selection-page").textContent = "page " + t.page + " of " + fmt(pages);
      $("selection-prev").disabled = t.page <= 1;
      $("selection-next").disabled = t.page >= pages;
      const cols = ["image_id", "t", "z", "label", "track_id", rect.x, rect.y].filter((c, i, a) => a.indexOf(c) === i);
      const idx = Object.fromEntries(t.columns.map((c, i) => [c, i]));
      head.replaceChildren(el("tr", {}, ...cols.map(c => el("th", { text: c }))));
      body.replaceChildren(...t.rows.map(r => el("tr", {
        "data-image-id": r[idx.image_id], "data-label": r[idx.label],
        onclick: () => openCell(() => api("/jobs/" + enc(job) + "/cell?image_id=" + enc(r[idx.image_id]) + "&label=" + r[idx.label]), ""),
      }, ...cols.map(c => el("td", { text: fmt(r[idx[c]], 4) })))));
    } catch (e) { CA.showError("error", e); }
  }

  /** Marks the cells of the shown frame that the selection holds (their measurements, asked of the server). */
  async function highlightFrame() {
    if (!frame) return;
    const f = frame;
    if (!rect) { f.highlight = new Set(); return; }
    const r = rect;
    const d = await api("/jobs/" + enc(job) + "/scatter?x=" + enc(r.x) + "&y=" + enc(r.y) + "&image_id=" + enc(f.imageId));
    if (rect !== r) return;
    f.highlight = new Set(d.points.filter(p => p[0] >= r.x0 && p[0] <= r.x1 && p[1] >= r.y0 && p[1] <= r.y1).map(p => p[3]));
  }

  for (const s of [xSel, ySel, scopeSel]) s.addEventListener("change", () => { rect = null; select(null); loadScatter(); });
  $("selection-clear").addEventListener("click", () => select(null));
  $("selection-prev").addEventListener("click", () => { selPage = Math.max(1, selPage - 1); loadSelection(); });
  $("selection-next").addEventListener("click", () => { selPage++; loadSelection(); });

  // ---- keyboard ------------------------------------------------------------------------------------------------
  tSlider.addEventListener("input", () => { ti = +tSlider.value; show(); });
  zSlider.addEventListener("input", () => { zi = +zSlider.value; show(); });
  document.addEventListener("keydown", ev => {
    if (ev.target instanceof HTMLSelectElement || ev.target instanceof HTMLTextAreaElement) return;
    // Other sliders (fill) keep their own keys; the t and z sliders step frames as the page does.
    if (ev.target instanceof HTMLInputElement && ev.target.type !== "checkbox" && ev.target !== tSlider && ev.target !== zSlider) return;
    const stack = byT.get(times[ti]) || [];
    let handled = true;
    switch (ev.key) {
      case "ArrowRight": ti = Math.min(times.length - 1, ti + 1); show(); break;
      case "ArrowLeft": ti = Math.max(0, ti - 1); show(); break;
      case "ArrowUp": zi = Math.min(stack.length - 1, zi + 1); show(); break;
      case "ArrowDown": zi = Math.max(0, zi - 1); show(); break;
      case "Home": ti = 0; show(); break;
      case "End": ti = times.length - 1; show(); break;
      case "+": case "=": zoomAt(...centre(), 1.5); break;
      case "-": case "_": zoomAt(...centre(), 1 / 1.5); break;
      case "0": fit(); break;
      case "1": if (view) zoomAt(...centre(), 1 / view.s); break;
      case "Escape": if (rect) select(null); else handled = false; break;
      default: handled = false;
    }
    if (handled) ev.preventDefault();
  });

  const t0 = q("t") !== null ? +q("t") : null, z0 = q("z") !== null ? +q("z") : null;
  await load(t0, z0);
  if (q("image_id") && q("label")) await openCell(() => api("/jobs/" + enc(job) + "/cell?image_id=" + enc(q("image_id")) + "&label=" + enc(q("label"))), "");
})();
