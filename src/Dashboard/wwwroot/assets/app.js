// Shared helpers of the dashboard pages (no build step, no framework).
"use strict";
const CA = (() => {
  const params = new URLSearchParams(location.search);
  const q = (name) => params.get(name);
  const enc = encodeURIComponent;

  async function api(path) {
    const r = await fetch("/api" + path, { headers: { Accept: "application/json" } });
    const body = await r.json().catch(() => ({ error: r.statusText }));
    if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
    return body;
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function fmt(v, digits) {
    if (v === null || v === undefined) return "";
    if (typeof v === "number") {
      if (Number.isInteger(v)) return v.toLocaleString("en-US");
      return v.toLocaleString("en-US", { maximumFractionDigits: digits ?? 3 });
    }
    return String(v);
  }

  function duration(s) {
    if (s === null || s === undefined) return "unknown";
    s = Math.round(s);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), x = s % 60;
    return (h ? h + "h " : "") + (h || m ? m + "m " : "") + x + "s";
  }

  // ISO-8601 UTC time as "YYYY-MM-DD hh:mm:ss".
  function when(iso) { return iso ? iso.replace("T", " ").replace(/\.\d+/, "").replace(/\+00:00$|Z$/, "") : ""; }

  function link(page, args) {
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(args)) if (v !== null && v !== undefined && v !== "") u.set(k, v);
    return page + "?" + u.toString();
  }

  function showError(target, err) {
    const box = typeof target === "string" ? document.getElementById(target) : target;
    if (box) { box.textContent = err.message || String(err); box.hidden = false; }
  }

  // Header: navigation for the current job, and a job picker.
  async function header(active) {
    const job = q("job");
    const h = document.querySelector("header");
    const pages = [["index.html", "Jobs"], ["sequence.html", "Charts"], ["viewer.html", "Frames"], ["cells.html", "Cells"], ["lineage.html", "Lineage"], ["errors.html", "Errors"]];
    const nav = el("nav");
    for (const [p, name] of pages) nav.append(el("a", { href: link(p, { job }), class: p === active ? "active" : null, text: name }));
    h.replaceChildren(el("span", { class: "brand", text: "CellActors" }), nav);
    try {
      const jobs = await api("/jobs");
      const sel = el("select", { id: "job-picker", "aria-label": "job" });
      for (const j of jobs) sel.append(el("option", { value: j.job, text: j.job }));
      if (job) sel.value = job;
      sel.addEventListener("change", () => { location.href = link(active, { job: sel.value }); });
      h.append(sel);
      return job || (jobs[0] && jobs[0].job) || null;
    } catch (e) { return job; }
  }

  // The first sequence of a job when the URL names none.
  async function pickSequence(job) {
    const d = await api("/jobs/" + enc(job));
    const ds = q("dataset"), seq = q("sequence");
    const s = d.sequences.find(x => x.dataset === ds && x.sequence === seq) || d.sequences[0];
    return { detail: d, seq: s };
  }

  function sequencePicker(detail, current, onChange) {
    const sel = el("select", { id: "sequence-picker", "aria-label": "sequence" });
    detail.sequences.forEach((s, i) => sel.append(el("option", { value: i, text: s.dataset + " / " + s.sequence + " (" + s.frames + " frames)" })));
    sel.value = String(detail.sequences.indexOf(current));
    sel.addEventListener("change", () => onChange(detail.sequences[+sel.value]));
    return sel;
  }

  function chart(target, title, xs, ys, opts) {
    target.replaceChildren();
    const width = Math.max(320, target.clientWidth - 8);
    const o = Object.assign({
      title, width, height: 240,
      scales: { x: { time: false } },
      axes: [{ label: (opts && opts.xLabel) || "t", incrs: opts && opts.continuousX ? undefined : [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] }, { label: (opts && opts.yLabel) || "" , size: 60 }],
      series: [{ label: (opts && opts.xLabel) || "t" }, { label: title, stroke: (opts && opts.color) || "#2563eb", width: 2, points: { show: xs.length < 80 } }],
    }, opts && opts.uplot);
    return new uPlot(o, [xs, ys], target);
  }

  return { q, enc, api, el, fmt, duration, when, link, header, showError, pickSequence, sequencePicker, chart };
})();
