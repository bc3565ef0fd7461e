"use strict";
(async () => {
  const { api, el, fmt, enc, q, link } = CA;
  const job = await CA.header("viewer.html");
  if (!job) { CA.showError("error", new Error("no job in this database")); return; }
  let { detail, seq } = await CA.pickSequence(job);
  if (!seq) { CA.showError("error", new Error("no frames yet")); return; }
  const img = document.getElementById("frame-img");
  const tSlider = document.getElementById("t-slider"), zSlider = document.getElementById("z-slider");
  const outlines = document.getElementById("outlines");
  let times = [], byT = new Map(), ti = 0, zi = 0, selected = null, current = null;

  const controls = document.getElementById("seq-controls");
  controls.prepend(CA.sequencePicker(detail, seq, s => { seq = s; load(null, null); }));

  async function load(wantT, wantZ) {
    document.getElementById("seq-title").textContent = seq.dataset + " / " + seq.sequence;
    const frames = await api("/jobs/" + enc(job) + "/frames?dataset=" + enc(seq.dataset) + "&sequence=" + enc(seq.sequence));
    byT = new Map();
    for (const f of frames) { if (!byT.has(f.t)) byT.set(f.t, []); byT.get(f.t).push(f); }
    times = [...byT.keys()].sort((a, b) => a - b);
    tSlider.max = Math.max(0, times.length - 1);
    ti = wantT !== null && times.indexOf(wantT) >= 0 ? times.indexOf(wantT) : 0;
    zi = wantZ ?? 0;
    show();
  }

  function show() {
    const stack = byT.get(times[ti]) || [];
    zi = Math.max(0, Math.min(zi, stack.length - 1));
    document.getElementById("z-box").hidden = stack.length <= 1;
    zSlider.max = Math.max(0, stack.length - 1);
    zSlider.value = zi;
    tSlider.value = ti;
    current = stack[zi];
    if (!current) return;
    document.getElementById("frame-label").textContent = "t = " + current.t + (stack.length > 1 ? ", z = " + current.z : "") + " · " + current.cellCount + " cells";
    const sel = selected && selected.imageId === current.imageId ? "&selected=" + selected.label : "";
    img.src = "/api/jobs/" + enc(job) + "/frame/image?image_id=" + enc(current.imageId) + "&outlines=" + (outlines.checked ? 1 : 0) + sel;
    img.dataset.imageId = current.imageId;
    const u = new URL(location.href);
    u.searchParams.set("job", job); u.searchParams.set("dataset", seq.dataset); u.searchParams.set("sequence", seq.sequence); u.searchParams.set("t", current.t);
    if (stack.length > 1) u.searchParams.set("z", current.z); else u.searchParams.delete("z");
    history.replaceState(null, "", u);
    frameInfo(current.imageId);
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
      document.getElementById("frame-info").replaceChildren(...rows.map(([k, v]) => el("tr", {}, el("td", { text: k }), el("td", { text: fmt(v, 4) }))));
    } catch (e) { CA.showError("error", e); }
  }

  async function click(ev) {
    if (!current) return;
    const r = img.getBoundingClientRect();
    const x = Math.floor((ev.clientX - r.left) * img.naturalWidth / r.width), y = Math.floor((ev.clientY - r.top) * img.naturalHeight / r.height);
    await openCell(() => api("/jobs/" + enc(job) + "/frame/hit?image_id=" + enc(current.imageId) + "&x=" + x + "&y=" + y), "(" + x + ", " + y + ")");
  }

  async function openCell(fetcher, where) {
    const box = document.getElementById("cell-info");
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
      show();
    } catch (e) {
      selected = null;
      box.replaceChildren(el("span", { class: "muted", text: "No cell at " + where + "." }));
      show();
    }
  }

  img.addEventListener("click", click);
  tSlider.addEventListener("input", () => { ti = +tSlider.value; show(); });
  zSlider.addEventListener("input", () => { zi = +zSlider.value; show(); });
  outlines.addEventListener("change", show);
  document.addEventListener("keydown", ev => {
    if (ev.target instanceof HTMLInputElement && ev.target.type !== "range" && ev.target.type !== "checkbox") return;
    const stack = byT.get(times[ti]) || [];
    let handled = true;
    switch (ev.key) {
      case "ArrowRight": ti = Math.min(times.length - 1, ti + 1); break;
      case "ArrowLeft": ti = Math.max(0, ti - 1); break;
      case "ArrowUp": zi = Math.min(stack.length - 1, zi + 1); break;
      case "ArrowDown": zi = Math.max(0, zi - 1); break;
      case "Home": ti = 0; break;
      case "End": ti = times.length - 1; break;
      default: handled = false;
    }
    if (handled) { ev.preventDefault(); show(); }
  });

  const t0 = q("t") !== null ? +q("t") : null, z0 = q("z") !== null ? +q("z") : null;
  await load(t0, z0);
  if (q("image_id") && q("label")) await openCell(() => api("/jobs/" + enc(job) + "/cell?image_id=" + enc(q("image_id")) + "&label=" + enc(q("label"))), "");
})();
