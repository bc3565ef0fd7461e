"use strict";
(async () => {
  const { api, el, fmt, duration, when, link, enc } = CA;
  let job = await CA.header("index.html");
  let chart = null;

  async function refresh() {
    let jobs;
    try { jobs = await api("/jobs"); document.getElementById("error").hidden = true; }
    catch (e) { CA.showError("error", e); return; }
    const tbody = document.querySelector("#jobs-table tbody");
    tbody.replaceChildren(...jobs.map(j => {
      const pct = j.frameCount > 0 ? 100 * j.framesDone / j.frameCount : 100;
      return el("tr", { "data-job": j.job },
        el("td", {}, el("a", { href: link("index.html", { job: j.job }), text: j.job })),
        el("td", {}, el("span", { class: "pill " + j.status, text: j.status + (j.live ? " (live)" : "") })),
        el("td", { text: pct.toFixed(1) + "%" }),
        el("td", { text: fmt(j.framesDone) + " / " + fmt(j.frameCount) }),
        el("td", { text: fmt(j.objects) }),
        el("td", {}, j.errors > 0 ? el("a", { class: "bad", href: link("errors.html", { job: j.job }), text: fmt(j.errors) }) : "0"),
        el("td", { text: fmt(j.recentFramesPerSecond > 0 ? j.recentFramesPerSecond : j.framesPerSecond, 1) }),
        el("td", { text: j.status === "completed" ? "done" : duration(j.etaSeconds) }),
        el("td", { text: fmt(j.runs) }));
    }));
    if (!job && jobs.length) job = jobs[0].job;
    if (job) await detail(job);
    const running = jobs.some(j => j.status !== "completed");
    setTimeout(refresh, running ? 2000 : 10000);
  }

  async function detail(name) {
    const d = await api("/jobs/" + enc(name));
    const s = d.summary;
    document.getElementById("job-detail").hidden = false;
    document.getElementById("job-title").textContent = "Job " + s.job;
    const pct = s.frameCount > 0 ? 100 * s.framesDone / s.frameCount : 100;
    document.getElementById("job-progress").style.width = pct.toFixed(2) + "%";
    const stat = (k, v, id) => el("div", { class: "stat", id }, el("div", { class: "v", text: v }), el("div", { class: "k", text: k }));
    document.getElementById("job-stats").replaceChildren(...[
      stat("status", s.status, "job-status"),
      stat("frames", fmt(s.framesDone) + " / " + fmt(s.frameCount) + " (" + pct.toFixed(1) + "%)", "job-frames"),
      stat("with cells", fmt(s.framesWithCells)),
      stat("objects", fmt(s.objects), "job-objects"),
      stat("errors", fmt(s.errors)),
      s.status === "completed" ? null : stat("frames/s (last minute)", fmt(s.recentFramesPerSecond, 1)),
      stat("frames/s (last run)", fmt(s.framesPerSecond, 1)),
      stat("time left", s.status === "completed" ? "done" : duration(s.etaSeconds), "job-eta")].filter(Boolean));
    document.getElementById("job-source").textContent = "source: " + s.source + " · created " + when(s.createdAt) + (s.completedAt ? " · completed " + when(s.completedAt) : "") + (s.lastCommitAt ? " · last commit " + when(s.lastCommitAt) : "") + " (UTC)";

    document.querySelector("#sequences-table tbody").replaceChildren(...d.sequences.map(q => el("tr", {},
      el("td", { text: q.dataset }), el("td", { text: q.sequence }), el("td", { text: fmt(q.frames) }),
      el("td", { text: q.tMin + "–" + q.tMax }), el("td", { text: q.zCount }), el("td", { text: fmt(q.cells) }),
      el("td", {}, el("a", { href: link("sequence.html", { job: name, dataset: q.dataset, sequence: q.sequence }), text: "charts" }), " · ",
        el("a", { href: link("viewer.html", { job: name, dataset: q.dataset, sequence: q.sequence }), text: "frames" })))));

    document.querySelector("#runs-table tbody").replaceChildren(...d.runs.map(r => el("tr", {},
      el("td", { text: r.runId }), el("td", { text: r.status }), el("td", { text: when(r.startedAt) }), el("td", { text: when(r.endedAt) }),
      el("td", { text: fmt(r.committedAtStart) }), el("td", { text: fmt(r.framesProcessed) }), el("td", { text: fmt(r.framesPerSecond, 1) }))));

    const box = document.getElementById("chart-throughput");
    const xs = d.throughput.map(p => p.time), ys = d.throughput.map(p => p.framesPerSecond);
    if (xs.length === 0) box.textContent = "No batch committed yet.";
    else if (chart && chart._job === name) chart.setData([xs, ys]);
    else {
      if (chart) chart.destroy();
      chart = CA.chart(box, "Throughput (frames/s)", xs, ys, { xLabel: "time", yLabel: "frames/s", color: "#1e8e3e", continuousX: true, uplot: { scales: { x: { time: true } } } });
      chart._job = name;
    }

    const live = document.getElementById("live-state");
    const members = document.getElementById("members-table");
    if (d.live) {
      live.textContent = "live: " + d.live.state;
      members.hidden = false;
      members.querySelector("tbody").replaceChildren(...d.live.members.map(m => el("tr", {},
        el("td", { text: m.address.replace(/^akka(\.tcp)?:\/\/[^@]*@/, ""), title: m.address }), el("td", { text: m.roles }), el("td", { text: m.batchesInFlight }), el("td", { text: m.capacity }), el("td", { text: fmt(m.framesPerSecond, 1) }))));
    } else {
      live.textContent = "not live in this process (read from the results database)";
      members.hidden = true;
    }
  }

  const tokenBox = document.getElementById("token");
  tokenBox.value = sessionStorage.getItem("cellactors-token") || "";
  for (const action of ["pause", "resume", "cancel"]) {
    document.getElementById("btn-" + action).addEventListener("click", async () => {
      sessionStorage.setItem("cellactors-token", tokenBox.value);
      const r = await fetch("/api/jobs/" + enc(job) + "/control/" + action, { method: "POST", headers: { Authorization: "Bearer " + tokenBox.value } });
      const body = await r.json().catch(() => ({}));
      document.getElementById("control-result").textContent = action + ": HTTP " + r.status + " — " + (body.error || body.message || "");
    });
  }
  refresh();
})();
