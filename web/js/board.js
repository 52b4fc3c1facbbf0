// The board (网格态势): every community and grid coloured by its open tickets — open, due soon
// (with the countdown to the nearest deadline) and overdue — the unrouted queue first, and the
// open tickets, overdue emergencies on top.
"use strict";
import { LEVEL, STATUS, countdown, esc, hm, ms } from "./api.js";

const DUE_SOON_MS = 2 * 3600e3;  // a deadline within two hours is "due soon"

// The deadline that runs now: accepting until accepted, then resolving.
export function nextDeadline(t) {
  return t.status === "accepted" ? ms(t.resolve_by) : Math.min(ms(t.accept_by), ms(t.resolve_by));
}

// ok | soon | late, as /api/tickets?overdue=1 and the stats' open_overdue count it: a timer's
// overdue mark, or any deadline of the current step already past.
export function stateOf(t, now = Date.now()) {
  const d = nextDeadline(t);
  if (t.overdue || d < now) return "late";
  return d - now <= DUE_SOON_MS ? "soon" : "ok";
}

export const isUnrouted = (t) => t.status === "new" && !t.assignee_id;

// Orders tickets as the command centre reads them: overdue emergencies, other emergencies,
// overdue, due soon, then by deadline.
export function sortForScreen(tickets, now = Date.now()) {
  const rank = (t) => {
    const s = stateOf(t, now);
    const e = t.urgency === "emergency";
    return (e && s === "late" ? 0 : e ? 1 : s === "late" ? 2 : s === "soon" ? 3 : 4);
  };
  return [...tickets].sort((a, b) => rank(a) - rank(b) || nextDeadline(a) - nextDeadline(b));
}

function tally(list, now) {
  const c = { open: list.length, soon: 0, late: 0, emergency: 0, nearest: Infinity };
  for (const t of list) {
    const s = stateOf(t, now);
    if (s === "soon") c.soon++;
    if (s === "late") c.late++;
    if (t.urgency === "emergency") c.emergency++;
    if (s !== "late") c.nearest = Math.min(c.nearest, nextDeadline(t));
  }
  c.tone = c.late ? "late" : c.soon ? "soon" : "ok";
  return c;
}

function gridTile(g, list, now) {
  const c = tally(list, now);
  const due = Number.isFinite(c.nearest) ? `<span class="cd">${esc(countdown(c.nearest, now))}</span>` : "";
  return `<button type="button" class="tile ${c.tone}${c.emergency ? " has-emergency" : ""}" data-grid="${esc(g.id)}"
    aria-label="${esc(g.name)}：在办${c.open}件，即将超期${c.soon}件，已超期${c.late}件">
    <span class="tile-name">${esc(g.name)}</span>
    <span class="tile-n">${c.open}</span>
    <span class="tile-sub">${c.late ? `超期${c.late}` : ""}${c.late && c.soon ? " · " : ""}${c.soon ? `将超期${c.soon}` : ""}</span>
    ${c.open && !c.late ? due : ""}
  </button>`;
}

export function renderBoard(el, org, tickets, now = Date.now()) {
  const byGrid = new Map();
  for (const t of tickets) {
    if (!byGrid.has(t.grid_id)) byGrid.set(t.grid_id, []);
    byGrid.get(t.grid_id).push(t);
  }
  el.innerHTML = org.communities.map((c) => {
    const all = c.grids.flatMap((g) => byGrid.get(g.id) || []);
    const k = tally(all, now);
    return `<div class="community ${k.tone}">
      <h3>${esc(c.name)} <span class="muted">在办${k.open} · 超期${k.late}</span></h3>
      <div class="tiles">${c.grids.map((g) => gridTile(g, byGrid.get(g.id) || [], now)).join("")}</div>
    </div>`;
  }).join("");
}

export function renderUnrouted(el, tickets) {
  const list = tickets.filter(isUnrouted);
  el.hidden = !list.length;
  el.innerHTML = list.length
    ? `<h3>待人工派单 <span class="count">${list.length}</span></h3>` + list.map((t) =>
      `<button type="button" class="row-btn" data-ticket="${t.id}">${t.id} ${esc(t.intent_label || "未识别事项")}：${esc(t.description).slice(0, 40)}
       <span class="muted">${esc(t.unrouted_reason)}</span></button>`).join("")
    : "";
}

export function renderTickets(el, tickets, names, now = Date.now()) {
  const list = sortForScreen(tickets, now);
  if (!list.length) {
    el.innerHTML = `<p class="muted">暂无在办工单</p>`;
    return;
  }
  el.innerHTML = `<table><thead><tr><th>编号</th><th>事项</th><th>网格</th><th>状态</th><th>层级</th><th>承办</th><th>时限</th></tr></thead><tbody>` +
    list.slice(0, 60).map((t) => {
      const s = stateOf(t, now);
      const cls = `${s}${t.urgency === "emergency" ? " emergency" : ""}`;
      return `<tr class="${cls}" data-ticket="${t.id}" tabindex="0">
        <td data-label="编号">${t.urgency === "emergency" ? '<span class="tag-e">急</span>' : ""}${t.id}</td>
        <td data-label="事项">${esc(t.intent_label || t.intent || "未识别")}</td>
        <td data-label="网格">${esc(names[t.grid_id] || (t.grid_id ? t.grid_id : "未定位"))}</td>
        <td data-label="状态">${STATUS[t.status] || esc(t.status)}</td>
        <td data-label="层级">${LEVEL[t.level] || esc(t.level)}</td>
        <td data-label="承办">${esc(t.assignee_name || "—")}</td>
        <td data-label="时限" class="deadline">${esc(hm(t.status === "accepted" ? t.resolve_by : t.accept_by))} <span class="cd">${esc(countdown(nextDeadline(t), now))}</span></td>
      </tr>`;
    }).join("") + `</tbody></table>`;
}
