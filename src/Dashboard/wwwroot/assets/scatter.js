// A scatter plot on a canvas (no library): points [x, y, ...], axes with round ticks, and a rectangle selection made
// by dragging (Escape or a click clears it). The selection is reported in data units through onSelect.
"use strict";
const CAScatter = (() => {
  const M = { left: 64, right: 12, top: 12, bottom: 40 };

  function ticks(lo, hi, count) {
    const span = hi - lo;
    if (!(span > 0)) return [lo];
    const raw = span / count, mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map(m => m * mag).find(s => s >= raw);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toPrecision(12));
    return out;
  }

  function label(v) {
    const a = Math.abs(v);
    return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(1) : String(+v.toPrecision(4));
  }

  /** A plot on `canvas`; `onSelect({x0, x1, y0, y1} | null)` is called when the user makes or clears a selection. */
  function create(canvas, onSelect) {
    const ctx = canvas.getContext("2d");
    let points = [], xName = "", yName = "", dom = null, sel = null, drag = null, inside = p => false;

    function size() {
      const dpr = window.devicePixelRatio || 1, w = canvas.clientWidth, h = canvas.clientHeight;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      return [w, h];
    }

    function domain() {
      if (points.length === 0) return { x0: 0, x1: 1, y0: 0, y1: 1 };
      let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (const p of points) { if (p[0] < x0) x0 = p[0]; if (p[0] > x1) x1 = p[0]; if (p[1] < y0) y0 = p[1]; if (p[1] > y1) y1 = p[1]; }
      const px = (x1 - x0) * 0.03 || 1, py = (y1 - y0) * 0.03 || 1;
      return { x0: x0 - px, x1: x1 + px, y0: y0 - py, y1: y1 + py };
    }

    // Data <-> CSS pixels of the canvas.
    const sx = v => M.left + (v - dom.x0) / (dom.x1 - dom.x0) * (canvas.clientWidth - M.left - M.right);
    const sy = v => canvas.clientHeight - M.bottom - (v - dom.y0) / (dom.y1 - dom.y0) * (canvas.clientHeight - M.top - M.bottom);
    const dx = px => dom.x0 + (px - M.left) / (canvas.clientWidth - M.left - M.right) * (dom.x1 - dom.x0);
    const dy = py => dom.y0 + (canvas.clientHeight - M.bottom - py) / (canvas.clientHeight - M.top - M.bottom) * (dom.y1 - dom.y0);

    function draw() {
      const [w, h] = size();
      ctx.clearRect(0, 0, w, h);
      ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, h);
      if (!dom) return;
      ctx.strokeStyle = "#d9dee7"; ctx.fillStyle = "#667085"; ctx.font = "11px system-ui, sans-serif"; ctx.lineWidth = 1;
      ctx.textAlign = "center"; ctx.textBaseline = "top";
      for (const t of ticks(dom.x0, dom.x1, 6)) { const x = Math.round(sx(t)) + 0.5; ctx.beginPath(); ctx.moveTo(x, M.top); ctx.lineTo(x, h - M.bottom); ctx.stroke(); ctx.fillText(label(t), x, h - M.bottom + 4); }
      ctx.textAlign = "right"; ctx.textBaseline = "middle";
      for (const t of ticks(dom.y0, dom.y1, 5)) { const y = Math.round(sy(t)) + 0.5; ctx.beginPath(); ctx.moveTo(M.left, y); ctx.lineTo(w - M.right, y); ctx.stroke(); ctx.fillText(label(t), M.left - 4, y); }
      ctx.fillStyle = "#1d2330"; ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
      ctx.fillText(xName, M.left + (w - M.left - M.right) / 2, h - 2);
      ctx.save(); ctx.translate(12, M.top + (h - M.top - M.bottom) / 2); ctx.rotate(-Math.PI / 2); ctx.textBaseline = "middle"; ctx.fillText(yName, 0, 0); ctx.restore();
      let chosen = 0;
      ctx.fillStyle = "rgba(37, 99, 235, 0.45)";
      for (const p of points) if (!(sel && inside(p))) ctx.fillRect(sx(p[0]) - 1.5, sy(p[1]) - 1.5, 3, 3);
      if (sel) {
        ctx.fillStyle = "rgba(220, 38, 38, 0.85)";
        for (const p of points) if (inside(p)) { ctx.fillRect(sx(p[0]) - 1.5, sy(p[1]) - 1.5, 3, 3); chosen++; }
      }
      canvas.dataset.points = points.length;
      canvas.dataset.chosen = chosen;
      const r = drag && drag.moved ? drag : sel ? { ax: sx(sel.x0), ay: sy(sel.y1), bx: sx(sel.x1), by: sy(sel.y0) } : null;
      if (r) {
        ctx.strokeStyle = "#dc2626"; ctx.setLineDash([4, 3]);
        ctx.strokeRect(Math.min(r.ax, r.bx), Math.min(r.ay, r.by), Math.abs(r.bx - r.ax), Math.abs(r.by - r.ay));
        ctx.setLineDash([]);
      }
    }

    function local(ev) { const b = canvas.getBoundingClientRect(); return [ev.clientX - b.left, ev.clientY - b.top]; }

    canvas.addEventListener("pointerdown", ev => {
      if (!dom || ev.button !== 0) return;
      const [x, y] = local(ev);
      drag = { ax: x, ay: y, bx: x, by: y, moved: false };
      canvas.setPointerCapture(ev.pointerId);
    });
    canvas.addEventListener("pointermove", ev => {
      if (!drag) return;
      [drag.bx, drag.by] = local(ev);
      drag.moved = drag.moved || Math.abs(drag.bx - drag.ax) > 3 || Math.abs(drag.by - drag.ay) > 3;
      if (drag.moved) draw();
    });
    canvas.addEventListener("pointerup", ev => {
      if (!drag) return;
      [drag.bx, drag.by] = local(ev);
      const d = drag;
      drag = null;
      if (!d.moved) { onSelect(null); return; }
      onSelect({ x0: dx(Math.min(d.ax, d.bx)), x1: dx(Math.max(d.ax, d.bx)), y0: dy(Math.max(d.ay, d.by)), y1: dy(Math.min(d.ay, d.by)) });
    });

    return {
      /** New points and axis names; keeps the selection. */
      setData(p, xn, yn) { points = p; xName = xn; yName = yn; dom = domain(); draw(); },
      /** Shows a selection (data units) and which points it holds, or none. */
      setSelection(s, test) { sel = s; inside = test || (() => false); draw(); },
      draw,
    };
  }

  return { create };
})();
