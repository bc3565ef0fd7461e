"use strict";
(async () => {
  const { api, el, fmt, enc, q, link } = CA;
  const job = await CA.header("cells.html");
  if (!job) { CA.showError("error", new Error("no job in this database")); return; }
  const schema = await api("/schema");
  const params = new URLSearchParams(location.search);
  let filters = params.getAll("filter");
  let sort = params.get("sort") || "image_id", dir = params.get("dir") || "asc", page = +(params.get("page") || 1);
  const sizeSel = document.getElementById("page-size");
  if (params.get("size")) sizeSel.value = params.get("size");
  const colSel = document.getElementById("filter-column"), opSel = document.getElementById("filter-op");
  for (const c of schema.columns) colSel.append(el("option", { value: c.name, text: c.name }));
  colSel.value = "area";
  const opNames = { eq: "=", ne: "≠", lt: "<", le: "≤", gt: ">", ge: "≥", contains: "contains", null: "is empty", notnull: "is set" };
  for (const o of schema.operators) opSel.append(el("option", { value: o, text: opNames[o] || o }));
  opSel.value = "gt";

  function query(withPage) {
    const u = new URLSearchParams();
    u.set("job", job);
    for (const f of filters) u.append("filter", f);
    u.set("sort", sort); u.set("dir", dir);
    if (withPage) { u.set("page", page); u.set("size", sizeSel.value); }
    return u;
  }

  async function load() {
    const u = query(true);
    history.replaceState(null, "", "cells.html?" + u);
    u.delete("job");
    const csv = query(false); csv.delete("job");
    document.getElementById("csv-link").href = "/api/jobs/" + enc(job) + "/cells.csv?" + csv;
    document.getElementById("filters").replaceChildren(...filters.map((f, i) => el("span", { class: "chip" }, f.replace(/:/g, " "),
      el("button", { title: "remove", text: "×", onclick: () => { filters.splice(i, 1); page = 1; load(); } }))));
    try {
      const t = await api("/jobs/" + enc(job) + "/cells?" + u);
      document.getElementById("error").hidden = true;
      const pages = Math.max(1, Math.ceil(t.total / t.size));
      document.getElementById("cells-total").textContent = fmt(t.total) + " cells";
      document.getElementById("page-label").textContent = "page " + t.page + " of " + fmt(pages);
      document.getElementById("page-prev").disabled = t.page <= 1;
      document.getElementById("page-next").disabled = t.page >= pages;
      const thead = document.querySelector("#cells-table thead");
      thead.replaceChildren(el("tr", {}, el("th", { text: "" }), ...t.columns.map(c => el("th", {
        class: "sortable" + (c === sort ? " sorted-" + dir : ""), "data-column": c, text: c,
        onclick: () => { if (sort === c) dir = dir === "asc" ? "desc" : "asc"; else { sort = c; dir = "asc"; } page = 1; load(); },
      }))));
      const idx = Object.fromEntries(t.columns.map((c, i) => [c, i]));
      document.querySelector("#cells-table tbody").replaceChildren(...t.rows.map(r => el("tr", {},
        el("td", {}, el("a", { href: link("viewer.html", { job, dataset: r[idx.dataset], sequence: r[idx.sequence], t: r[idx.t], z: r[idx.z], image_id: r[idx.image_id], label: r[idx.label] }), text: "view" })),
        ...r.map((v, i) => t.columns[i] === "track_id" && v !== null
          ? el("td", {}, el("a", { href: link("lineage.html", { job, track: v }), text: v }))
          : el("td", { text: fmt(v, 3) })))));
    } catch (e) { CA.showError("error", e); }
  }

  document.getElementById("filter-add").addEventListener("click", () => {
    const op = opSel.value, v = document.getElementById("filter-value").value;
    filters.push(op === "null" || op === "notnull" ? colSel.value + ":" + op : colSel.value + ":" + op + ":" + v);
    page = 1;
    load();
  });
  document.getElementById("filter-value").addEventListener("keydown", ev => { if (ev.key === "Enter") document.getElementById("filter-add").click(); });
  document.getElementById("page-prev").addEventListener("click", () => { page = Math.max(1, page - 1); load(); });
  document.getElementById("page-next").addEventListener("click", () => { page++; load(); });
  sizeSel.addEventListener("change", () => { page = 1; load(); });
  load();
})();
