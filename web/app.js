// The command-centre dashboard: a static page over the API, refreshed every 10 seconds.
"use strict";
const $ = (id) => document.getElementById(id);
const STATUS = { new: "待派", assigned: "已派", accepted: "办理中", resolved: "已办结", closed: "已关闭" };
const LEVEL = { grid: "网格", community: "社区", street: "街道", department: "部门" };
let token = localStorage.getItem("gridgate-token") || "";
// A link like /#token=… (printed by nothing, typed by the operator) logs in and is then cleared.
if (location.hash.startsWith("#token=")) {
  token = decodeURIComponent(location.hash.slice(7));
  localStorage.setItem("gridgate-token", token);
  history.replaceState(null, "", location.pathname);
}
let names = {};

async function api(path) {
  const r = await fetch(path, { headers: { Authorization: "Bearer " + token } });
  if (!r.ok) throw new Error(path + ": " + r.status + " " + (await r.text()));
  return r.json();
}
const pct = (x, n = 1) => (n ? (x * 100).toFixed(1) + "%" : "—");  // n: the rate's denominator
const hrs = (x, n) => (n ? x.toFixed(1) : "—");
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));

function card(k, v) { return `<div class="card"><div class="v">${v}</div><div class="k">${k}</div></div>`; }

async function refresh() {
  if (!token) { $("status").textContent = "请输入 API token"; return; }
  try {
    const me = await api("/api/me");
    $("who").textContent = `${me.role}${me.scope ? " · " + me.scope : ""}`;
    if (!Object.keys(names).length) {
      const org = await api("/api/org");
      $("street").textContent = `${org.street.name} · 网格化治理指挥大屏`;
      for (const c of org.communities) { names[c.id] = c.name; for (const g of c.grids) names[g.id] = g.name; }
    }
    const stats = await api("/api/stats?by=community");
    const t = stats.totals;
    $("figures").innerHTML = card("受理事项", t.received) + card("办结率", pct(t.closure_rate, t.received)) +
      card("按时办结率", pct(t.on_time_rate, t.resolved)) + card("平均办理(小时)", hrs(t.avg_handling_hours, t.resolved)) +
      card("满意率", pct(t.satisfaction_rate, t.rated)) + card("网格内办结", pct(t.closed_at_grid_share, t.resolved));
    $("communities").querySelector("tbody").innerHTML = Object.entries(stats.breakdown).map(([id, f]) =>
      `<tr><td>${esc(names[id] || id)}</td><td>${f.received}</td><td>${pct(f.closure_rate)}</td><td>${pct(f.on_time_rate, f.resolved)}</td>` +
      `<td>${hrs(f.avg_handling_hours, f.resolved)}</td><td>${pct(f.satisfaction_rate, f.rated)}</td><td>${pct(f.closed_at_grid_share, f.resolved)}</td>` +
      `<td class="overdue">${f.overdue}</td></tr>`).join("");
    const tickets = await api("/api/tickets?limit=15");
    $("tickets").querySelector("tbody").innerHTML = tickets.items.map((x) =>
      `<tr class="${x.urgency === "emergency" ? "emergency" : x.overdue ? "overdue" : ""}"><td>${x.id}</td>` +
      `<td>${esc(x.intent_label || x.intent)}</td><td>${esc(names[x.grid_id] || x.grid_id || "未定位")}</td>` +
      `<td>${STATUS[x.status] || x.status}</td><td>${LEVEL[x.level] || x.level}</td><td>${esc(x.assignee_name)}</td>` +
      `<td>${esc((x.created_at || "").slice(5, 16).replace("T", " "))}</td></tr>`).join("");
    const alerts = await api("/api/alerts").catch(() => ({ items: [] }));
    const items = alerts.items || alerts.alerts || [];
    $("alerts").innerHTML = items.length ? items.map((a) =>
      `<li>${esc(names[a.community_id] || a.community_id)} · 群 ${esc(a.group_id)}：${esc(a.summary || a.kind)}</li>`).join("") : "<li class=muted>暂无</li>";
    const notices = await api("/api/notices").catch(() => ({ items: [] }));
    const ns = notices.items || notices.notices || [];
    $("notices").innerHTML = ns.slice(0, 8).map((n) => `<li>${esc(n.title)} <span class=muted>${esc(n.status)}</span></li>`).join("") || "<li class=muted>暂无</li>";
    $("status").textContent = "更新于 " + new Date().toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai" });
  } catch (e) {
    $("status").textContent = String(e);
  }
}

$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  token = $("token").value.trim();
  localStorage.setItem("gridgate-token", token);
  names = {};
  refresh();
});
refresh();
setInterval(refresh, 10000);
