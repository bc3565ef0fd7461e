"use strict";
(async () => {
  const { api, el, fmt, enc } = CA;
  const job = await CA.header("errors.html");
  if (!job) { CA.showError("error", new Error("no job in this database")); return; }
  let page = 1;
  async function load() {
    try {
      const p = await api("/jobs/" + enc(job) + "/errors?page=" + page + "&size=100");
      const pages = Math.max(1, Math.ceil(p.total / p.size));
      document.getElementById("errors-total").textContent = "(" + fmt(p.total) + " in job " + job + ")";
      document.getElementById("errors-page").textContent = "page " + p.page + " of " + pages;
      document.getElementById("errors-prev").disabled = p.page <= 1;
      document.getElementById("errors-next").disabled = p.page >= pages;
      const tbody = document.querySelector("#errors-table tbody");
      tbody.replaceChildren(...p.items.map(e => el("tr", {}, el("td", { text: e.uri }), el("td", { text: e.page }), el("td", { text: e.stage }),
        el("td", {}, el("span", { class: "pill", text: e.errorType })), el("td", { text: e.message, style: "white-space:normal" }), el("td", { text: CA.when(e.at) }))));
      if (p.total === 0) tbody.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "ok", text: "No errors: every input was processed." })));
    } catch (e) { CA.showError("error", e); }
  }
  document.getElementById("errors-prev").addEventListener("click", () => { page = Math.max(1, page - 1); load(); });
  document.getElementById("errors-next").addEventListener("click", () => { page++; load(); });
  load();
})();
