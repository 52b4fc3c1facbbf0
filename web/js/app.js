// The command centre (指挥大屏) and workbench at /: a static page over the API. It loads once,
// then follows GET /api/events (server-sent events) and refreshes only the panels an event
// touches; while the stream is down it says so and polls.
"use strict";
import { ApiError, ROLE, api, getToken, setToken, takeTokenFromHash } from "./api.js";
import { renderBoard, renderTickets, renderUnrouted } from "./board.js";
import { periodOf, renderFigures, renderTrend, trendSeries } from "./figures.js";
import { redrive, renderAlerts, renderChannels } from "./health.js";
import { approve, draftFromForm, fillTargets, renderNoticeDetail, renderNotices } from "./notices.js";
import { renderTicket } from "./ticket.js";

const $ = (id) => document.getElementById(id);
const state = { me: null, org: null, names: {}, open: [], gridFilter: "", ticketId: 0, noticeId: 0, source: null };
// For the browser tests and the curious: proof the page was not reloaded, and what it did.
window.gridgate = { loadedAt: Date.now(), refreshes: 0, events: 0, live: false };

function banner(text) {
  $("banner").hidden = !text;
  $("banner").textContent = text || "";
}

async function loadOrg() {
  state.me = await api("/api/me");
  state.org = await api("/api/org");
  state.names = {};
  for (const c of state.org.communities) {
    state.names[c.id] = c.name;
    for (const g of c.grids) state.names[g.id] = g.name;
  }
  $("street").textContent = `${state.org.street.name} · 网格化治理指挥大屏`;
  $("who").textContent = `${ROLE[state.me.role] || state.me.role}${state.me.scope ? " · " + (state.names[state.me.scope] || state.me.scope) : ""}`;
  fillTargets($("compose-targets"), state.org);
  $("compose-open").hidden = state.me.role === "department";
}

async function refreshFigures() {
  const p = periodOf($("range-kind").value, $("range-from").value, $("range-to").value);
  if (!p) return;
  $("range-label").textContent = `${p.label}（${p.from} 起）`;
  const q = `from=${p.from}&to=${p.to}`;
  const [totals, daily] = await Promise.all([api(`/api/stats?by=street&${q}`), api(`/api/stats?by=day&${q}`)]);
  renderFigures($("figures"), totals.totals);
  renderTrend($("trend"), trendSeries(daily.breakdown, p.from, p.to));
}

async function refreshTickets() {
  const lists = await Promise.all(["new", "assigned", "accepted"].map((s) => api(`/api/tickets?status=${s}&limit=500`)));
  state.open = lists.flatMap((l) => l.items);
  drawTickets();
}

function drawTickets() {
  const shown = state.gridFilter ? state.open.filter((t) => t.grid_id === state.gridFilter) : state.open;
  renderUnrouted($("unrouted"), state.open);
  renderBoard($("board"), state.org, state.open);
  renderTickets($("tickets"), shown, state.names);
  $("h-tickets").textContent = state.gridFilter ? `在办工单 · ${state.names[state.gridFilter]}（点击网格取消筛选）` : "在办工单";
  for (const b of document.querySelectorAll(`.tile[data-grid]`)) b.setAttribute("aria-pressed", String(b.dataset.grid === state.gridFilter));
}

async function refreshNotices() {
  const n = await api("/api/notices");
  renderNotices($("notices"), n.notices || [], state.me);
  if (state.noticeId && $("notice-dialog").open) await openNotice(state.noticeId);  // live progress
}

async function refreshAlerts() {
  const a = await api("/api/alerts?limit=20");
  renderAlerts($("alerts"), a.alerts || [], state.names);
}

async function refreshChannels() {
  const mayRedrive = ["admin", "street"].includes(state.me.role);
  const [health, channels, dead] = await Promise.all([
    fetch("/healthz").then((r) => r.json()).catch(() => null),
    api("/api/channels").catch(() => null),
    mayRedrive ? api("/api/outbox?status=dead&limit=200").catch(() => ({ items: [] })) : { items: [] },
  ]);
  renderChannels($("channels"), health, channels, dead.items || [], mayRedrive);
}

async function openTicket(id) {
  state.ticketId = id;
  const t = await api(`/api/tickets/${id}`);
  $("ticket-title").textContent = `工单 ${t.id}`;
  renderTicket($("ticket-body"), t, state.org, state.names, state.me.role);
  if (!$("ticket-dialog").open) $("ticket-dialog").showModal();
}

async function openNotice(id) {
  state.noticeId = id;
  renderNoticeDetail($("notice-body"), await api(`/api/notices/${id}`), state.names);
  if (!$("notice-dialog").open) $("notice-dialog").showModal();
}

// Each panel refreshes on its own; one failing shows its reason and leaves the others alone.
const panels = { figures: refreshFigures, tickets: refreshTickets, notices: refreshNotices, alerts: refreshAlerts, channels: refreshChannels };
const dirty = new Set();
let timer = 0;
function refreshSoon(...names) {
  names.forEach((n) => dirty.add(n));
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const todo = [...dirty];
    dirty.clear();
    const results = await Promise.allSettled(todo.map((n) => panels[n]()));
    window.gridgate.refreshes++;
    const failed = results.find((r) => r.status === "rejected");
    $("status").textContent = failed ? `部分数据未能更新：${failed.reason.message}`
      : "更新于 " + new Date().toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
    if (state.ticketId && $("ticket-dialog").open && todo.includes("tickets") && !editing()) {
      openTicket(state.ticketId).catch(() => {});
    }
  }, 250);
}

// True while the operator is typing into the ticket view: a refresh must not wipe their words.
function editing() {
  const body = $("ticket-body");
  return body.contains(document.activeElement) ||
    [...body.querySelectorAll("input")].some((i) => i.value.trim() !== "");
}

let poll = 0;
function connectLive() {
  state.source?.close();
  const es = new EventSource(`/api/events?access_token=${encodeURIComponent(getToken())}`);
  state.source = es;
  const live = (on) => {
    window.gridgate.live = on;
    $("live").textContent = on ? "实时" : "实时连接已断开";
    $("live").className = "live " + (on ? "on" : "off");
    banner(on ? "" : "实时连接已断开，正在重连；数据每15秒刷新一次");
    clearInterval(poll);
    if (!on) poll = setInterval(() => refreshSoon(...Object.keys(panels)), 15000);
  };
  es.addEventListener("hello", () => live(true));
  es.onerror = () => live(false);
  const on = (type, names) => es.addEventListener(type, () => {
    window.gridgate.events++;
    refreshSoon(...names);
  });
  on("ticket", ["tickets", "figures"]);
  on("notice", ["notices"]);
  on("alert", ["alerts"]);
  on("channel", ["channels"]);
}

async function start() {
  if (!getToken()) {
    $("status").textContent = "请输入访问令牌后连接";
    return;
  }
  try {
    await loadOrg();
  } catch (e) {
    $("status").textContent = e instanceof ApiError && e.status === 401 ? "令牌无效，请重新输入" : e.message;
    return;
  }
  refreshSoon(...Object.keys(panels));
  connectLive();
}

// Wiring.
$("login").addEventListener("submit", (e) => {
  e.preventDefault();
  setToken($("token").value.trim());
  $("token").value = "";
  start();
});
$("range-kind").addEventListener("change", () => {
  $("custom-range").hidden = $("range-kind").value !== "custom";
  if ($("range-kind").value !== "custom") refreshSoon("figures");
});
$("range").addEventListener("submit", (e) => { e.preventDefault(); refreshSoon("figures"); });
document.addEventListener("click", async (e) => {
  const el = e.target.closest("[data-ticket],[data-grid],[data-notice],[data-approve],[data-redrive],[data-close]");
  if (!el) return;
  try {
    if (el.dataset.close !== undefined) el.closest("dialog").close();
    else if (el.dataset.ticket) await openTicket(Number(el.dataset.ticket));
    else if (el.dataset.notice) await openNotice(Number(el.dataset.notice));
    else if (el.dataset.grid) { state.gridFilter = state.gridFilter === el.dataset.grid ? "" : el.dataset.grid; drawTickets(); }
    else if (el.dataset.approve) { el.disabled = true; await approve(el.dataset.approve); refreshSoon("notices"); }
    else if (el.dataset.redrive) { el.disabled = true; await redrive(el.dataset.redrive); refreshSoon("channels"); }
  } catch (err) {
    $("status").textContent = err.message;
    el.disabled = false;
  }
});
document.addEventListener("keydown", (e) => {
  const row = e.target.closest?.("tr[data-ticket]");
  if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); openTicket(Number(row.dataset.ticket)); }
});
$("ticket-dialog").addEventListener("close", () => { state.ticketId = 0; });
$("notice-dialog").addEventListener("close", () => { state.noticeId = 0; });
document.addEventListener("ticket-changed", () => refreshSoon("tickets", "figures"));
$("compose-open").addEventListener("click", () => $("compose-dialog").showModal());
for (const r of document.querySelectorAll("input[name=scope]")) {
  r.addEventListener("change", () => { $("compose-targets").hidden = r.value !== "pick" || !r.checked; });
}
$("compose").addEventListener("submit", async (e) => {
  e.preventDefault();
  $("compose-error").textContent = "";
  try {
    const created = await api("/api/notices", { body: draftFromForm(e.target) });
    e.target.reset();
    $("compose-targets").hidden = true;
    $("compose-dialog").close();
    $("status").textContent = created?.status === "pending_approval" || created?.notice?.status === "pending_approval"
      ? "通知已提交，等待另一位负责人审核" : "通知已提交";
    refreshSoon("notices");
  } catch (err) {
    $("compose-error").textContent = "未能提交：" + err.message;
  }
});
// The countdowns tick without asking the server.
setInterval(() => state.org && drawTickets(), 30000);

takeTokenFromHash();
start();
