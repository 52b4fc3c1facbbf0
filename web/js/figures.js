// The figures the reports quote, each with its denominator, over a chosen period; and the daily
// trend as a small hand-made SVG (no chart library to ship for two lines).
"use strict";
import { chinaDate, esc, num, pct } from "./api.js";

// The period a range choice means, as China-time dates [from, to) for /api/stats.
export function periodOf(kind, customFrom, customTo, today = new Date()) {
  const day = 86400e3;
  const to = chinaDate(new Date(today.getTime() + day));
  const back = (n) => chinaDate(new Date(today.getTime() - (n - 1) * day));
  switch (kind) {
    case "today": return { from: back(1), to, label: "今日" };
    case "30d": return { from: back(30), to, label: "近30天" };
    case "quarter": {
      const [y, m] = chinaDate(today).split("-").map(Number);
      const q = Math.floor((m - 1) / 3) * 3 + 1;
      return { from: `${y}-${String(q).padStart(2, "0")}-01`, to, label: `${y}年第${(q + 2) / 3}季度` };
    }
    case "custom": {
      if (!customFrom || !customTo || customFrom > customTo) return null;
      const end = chinaDate(new Date(Date.parse(customTo + "T00:00:00+08:00") + day));
      return { from: customFrom, to: end, label: `${customFrom} 至 ${customTo}` };
    }
    default: return { from: back(7), to, label: "近7天" };
  }
}

function card(key, value, sub, id) {
  return `<div class="card" data-figure="${id}"><div class="v">${value}</div><div class="k">${key}</div><div class="sub">${sub}</div></div>`;
}

export function renderFigures(el, t) {
  el.innerHTML = [
    card("受理事项", t.received, `在办${t.open ?? 0} · 超期未结${t.open_overdue ?? 0}`, "received"),
    card("办结率", pct(t.closure_rate, t.received), `${t.resolved}/${t.received}`, "closure"),
    card("按时办结率", pct(t.on_time_rate, t.resolved), `按时${Math.round((t.on_time_rate || 0) * t.resolved)}/${t.resolved}`, "on_time"),
    card("平均办理时长", num(t.avg_handling_hours, t.resolved) + (t.resolved ? "<small>小时</small>" : ""), `已办结${t.resolved}件`, "hours"),
    card("满意率", pct(t.satisfaction_rate, t.rated), `评价${t.rated}件`, "satisfaction"),
    card("网格内办结", pct(t.closed_at_grid_share, t.resolved), "小事不出网格", "grid_share"),
    card("上报率", pct(t.escalated_share, t.received), `上报${Math.round((t.escalated_share || 0) * t.received)}件`, "escalated"),
  ].join("");
}

// Days from..to-1 (China dates), each with its received and resolved counts (0 when absent).
export function trendSeries(breakdown, from, to) {
  const out = [];
  for (let d = Date.parse(from + "T00:00:00+08:00"); d < Date.parse(to + "T00:00:00+08:00"); d += 86400e3) {
    const key = chinaDate(new Date(d));
    const f = breakdown[key] || {};
    out.push({ day: key, received: f.received || 0, resolved: f.resolved || 0 });
  }
  return out;
}

export function renderTrend(el, series) {
  if (series.length < 2) {
    el.innerHTML = `<p class="muted">${series.length ? `${esc(series[0].day)}：受理${series[0].received}件，办结${series[0].resolved}件` : "暂无数据"}</p>`;
    return;
  }
  const W = 800, H = 180, P = 28;
  const max = Math.max(1, ...series.map((s) => Math.max(s.received, s.resolved)));
  const x = (i) => P + (i * (W - 2 * P)) / (series.length - 1);
  const y = (v) => H - P - (v * (H - 2 * P)) / max;
  const line = (k) => series.map((s, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(s[k]).toFixed(1)}`).join("");
  const every = Math.ceil(series.length / 8);
  const ticks = series.map((s, i) => (i % every === 0 || i === series.length - 1)
    ? `<text x="${x(i)}" y="${H - 8}" text-anchor="middle">${s.day.slice(5)}</text>` : "").join("");
  const dots = series.map((s, i) => `<circle cx="${x(i)}" cy="${y(s.received)}" r="3" class="r"><title>${s.day} 受理${s.received} 办结${s.resolved}</title></circle>`).join("");
  el.innerHTML = `<svg viewBox="0 0 ${W} ${H}" class="chart" aria-hidden="true">
    <line x1="${P}" y1="${H - P}" x2="${W - P}" y2="${H - P}" class="axis"/>
    <text x="4" y="${y(max) + 4}">${max}</text><text x="4" y="${H - P + 4}">0</text>
    <path d="${line("received")}" class="received"/><path d="${line("resolved")}" class="resolved"/>${dots}${ticks}
  </svg><p class="chart-legend"><span class="key received"></span>受理 <span class="key resolved"></span>办结</p>`;
}
