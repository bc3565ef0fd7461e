"use strict";
(async () => {
  const { api, el, fmt, enc, q } = CA;
  const job = await CA.header("sequence.html");
  if (!job) { CA.showError("error", new Error("no job in this database")); return; }
  let { detail, seq } = await CA.pickSequence(job);
  if (!seq) { CA.showError("error", new Error("no frames yet")); return; }
  const schema = await api("/schema");
  const measure = document.getElementById("measure");
  for (const m of schema.measures) measure.append(el("option", { value: m, text: m }));
  measure.value = q("measure") || "area";

  document.getElementById("seq-controls").replaceChildren(el("label", { text: "Sequence" }),
    CA.sequencePicker(detail, seq, s => { seq = s; draw(); }));

  async function draw() {
    document.getElementById("seq-title").textContent = seq.dataset + " / " + seq.sequence;
    try {
      const ts = await api("/jobs/" + enc(job) + "/timeseries?dataset=" + enc(seq.dataset) + "&sequence=" + enc(seq.sequence));
      const t = ts.points.map(p => p.t);
      CA.chart(document.getElementById("chart-count"), "Cell count", t, ts.points.map(p => p.cellCount), { yLabel: "cells" });
      CA.chart(document.getElementById("chart-area"), "Mean cell area (px)", t, ts.points.map(p => p.meanCellArea), { yLabel: "pixels", color: "#9333ea" });
      CA.chart(document.getElementById("chart-ratio"), "Cell ratio (cell area / frame area)", t, ts.points.map(p => p.cellRatio), { yLabel: "ratio", color: "#ea580c" });
      document.getElementById("hist-t").max = seq.tMax;
      await histogram();
    } catch (e) { CA.showError("error", e); }
  }

  async function histogram() {
    const allT = document.getElementById("hist-all-t").checked;
    const tBox = document.getElementById("hist-t");
    tBox.disabled = allT;
    let url = "/jobs/" + enc(job) + "/histogram?measure=" + enc(measure.value) + "&bins=" + enc(document.getElementById("bins").value)
      + "&dataset=" + enc(seq.dataset) + "&sequence=" + enc(seq.sequence);
    if (!allT) url += "&t=" + enc(tBox.value);
    try {
      const h = await api(url);
      const xs = h.bins.map((_, i) => h.min + (i + 0.5) * h.binWidth);
      CA.chart(document.getElementById("chart-hist"), "Histogram of " + h.measure, xs, h.bins, {
        xLabel: h.measure, yLabel: "objects", color: "#0f766e", continuousX: true,
        uplot: { series: [{ label: h.measure }, { label: "objects", stroke: "#0f766e", fill: "rgba(15,118,110,0.35)", paths: uPlot.paths.bars({ size: [0.92, 100] }), points: { show: false } }] },
      });
      document.getElementById("hist-summary").textContent = fmt(h.count) + " objects, " + h.measure + " from " + fmt(h.min) + " to " + fmt(h.max) + ", bin width " + fmt(h.binWidth);
    } catch (e) { CA.showError("error", e); }
  }

  measure.addEventListener("change", histogram);
  document.getElementById("bins").addEventListener("change", histogram);
  document.getElementById("hist-all-t").addEventListener("change", histogram);
  document.getElementById("hist-t").addEventListener("change", histogram);
  draw();
})();
