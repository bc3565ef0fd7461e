"use strict";
(async () => {
  const { api, el, fmt, enc, q, link } = CA;
  const job = await CA.header("lineage.html");
  if (!job) { CA.showError("error", new Error("no job in this database")); return; }
  let page = 1;
  const SVG = "http://www.w3.org/2000/svg";
  const svgEl = (tag, attrs, text) => { const e = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v); if (text !== undefined) e.textContent = text; return e; };

  async function tracks() {
    const roots = document.getElementById("roots-only").checked ? 1 : 0;
    try {
      const p = await api("/jobs/" + enc(job) + "/tracks?roots=" + roots + "&page=" + page + "&size=50");
      const pages = Math.max(1, Math.ceil(p.total / p.size));
      document.getElementById("tracks-page").textContent = "page " + p.page + " of " + pages + " (" + fmt(p.total) + " tracks)";
      document.getElementById("tracks-prev").disabled = p.page <= 1;
      document.getElementById("tracks-next").disabled = p.page >= pages;
      document.querySelector("#tracks-table tbody").replaceChildren(...p.items.map(t => el("tr", { "data-track": t.trackId },
        el("td", {}, el("a", { href: link("lineage.html", { job, track: t.trackId }), text: "#" + t.trackId })),
        el("td", { text: t.sequence }), el("td", { text: t.tStart }), el("td", { text: t.tEnd }), el("td", { text: t.parentTrackId ?? "" }), el("td", { text: t.children }))));
      if (p.total === 0) document.querySelector("#tracks-table tbody").replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "muted", text: "No tracks in this job (tracking has not run)." })));
    } catch (e) { CA.showError("error", e); }
  }

  async function lineage(id) {
    let l;
    try { l = await api("/jobs/" + enc(job) + "/tracks/" + enc(id) + "/lineage"); }
    catch (e) { CA.showError("error", e); return; }
    const t = l.track;
    document.getElementById("track-title").textContent = "track #" + t.trackId + " (sequence " + t.sequence + ", t " + t.tStart + "–" + t.tEnd + ")";
    const row = x => [el("td", {}, el("a", { href: link("lineage.html", { job, track: x.trackId }), text: "#" + x.trackId })), el("td", { text: x.tStart }), el("td", { text: x.tEnd }), el("td", { text: x.parentTrackId ?? "" })];
    document.querySelector("#ancestors tbody").replaceChildren(...(l.ancestors.length ? l.ancestors.map(a => el("tr", {}, ...row(a))) : [el("tr", {}, el("td", { colspan: 4, class: "muted", text: "none: a root track" }))]));
    document.querySelector("#descendants tbody").replaceChildren(...(l.descendants.length ? l.descendants.map(d => { const r = row(d.track); r.splice(1, 0, el("td", { text: d.depth })); return el("tr", {}, ...r); }) : [el("tr", {}, el("td", { colspan: 5, class: "muted", text: "none" }))]));

    // Tree: ancestors chain, the track, its descendants; one row per track in depth-first order, x = time.
    const nodes = [...l.ancestors, t, ...l.descendants.map(d => d.track)];
    const byId = new Map(nodes.map(n => [n.trackId, n]));
    const kids = new Map();
    for (const n of nodes) if (n.parentTrackId && byId.has(n.parentTrackId) && n.trackId !== nodes[0].trackId) { if (!kids.has(n.parentTrackId)) kids.set(n.parentTrackId, []); kids.get(n.parentTrackId).push(n); }
    const order = [];
    (function walk(n) { order.push(n); for (const k of kids.get(n.trackId) || []) walk(k); })(nodes[0]);
    const tMin = Math.min(...nodes.map(n => n.tStart)), tMax = Math.max(...nodes.map(n => n.tEnd));
    const svg = document.getElementById("lineage-svg");
    const W = Math.max(480, svg.clientWidth || 900), left = 70, right = 20, rowH = 22, top = 24;
    const X = v => left + (tMax > tMin ? (v - tMin) / (tMax - tMin) : 0.5) * (W - left - right);
    svg.setAttribute("viewBox", "0 0 " + W + " " + (top + order.length * rowH + 10));
    svg.setAttribute("height", top + order.length * rowH + 10);
    svg.replaceChildren();
    for (let v = tMin; v <= tMax; v += Math.max(1, Math.ceil((tMax - tMin) / 10))) {
      svg.append(svgEl("line", { x1: X(v), x2: X(v), y1: 14, y2: top + order.length * rowH, stroke: "#eee" }), svgEl("text", { x: X(v) - 4, y: 12 }, "t" + v));
    }
    const y = new Map(order.map((n, i) => [n.trackId, top + i * rowH + rowH / 2]));
    for (const n of order) {
      if (n.parentTrackId && y.has(n.parentTrackId) && n !== order[0]) {
        const p = byId.get(n.parentTrackId);
        svg.append(svgEl("path", { d: "M" + X(p.tEnd) + "," + y.get(p.trackId) + " L" + X(n.tStart) + "," + y.get(n.trackId), stroke: "#888", fill: "none", "stroke-dasharray": "3,2" }));
      }
    }
    for (const n of order) {
      const g = svgEl("g", { class: "track", "data-track": n.trackId });
      const self = n.trackId === t.trackId;
      g.append(svgEl("line", { x1: X(n.tStart), x2: Math.max(X(n.tEnd), X(n.tStart) + 3), y1: y.get(n.trackId), y2: y.get(n.trackId), stroke: self ? "#d946ef" : "#2563eb", "stroke-width": self ? 8 : 6, "stroke-linecap": "round" }));
      g.append(svgEl("text", { x: 4, y: y.get(n.trackId) + 4, "font-weight": self ? "700" : "400" }, "#" + n.trackId));
      g.addEventListener("click", () => { location.href = link("lineage.html", { job, track: n.trackId }); });
      svg.append(g);
    }
    if (l.truncated) svg.append(svgEl("text", { x: left, y: top + order.length * rowH + 8 }, "(more descendants not shown)"));

    const box = document.getElementById("chart-track");
    if (l.points.length) CA.chart(box, "Area of track #" + t.trackId, l.points.map(p => p.t), l.points.map(p => p.area), { yLabel: "pixels", color: "#d946ef" });
    else box.textContent = "No objects carry this track id.";
  }

  document.getElementById("roots-only").addEventListener("change", () => { page = 1; tracks(); });
  document.getElementById("tracks-prev").addEventListener("click", () => { page = Math.max(1, page - 1); tracks(); });
  document.getElementById("tracks-next").addEventListener("click", () => { page++; tracks(); });
  document.getElementById("track-go").addEventListener("click", () => { const v = document.getElementById("track-id").value; if (v) location.href = link("lineage.html", { job, track: v }); });
  await tracks();
  if (q("track")) await lineage(q("track"));
})();
