// Notices (通知公告): the list with per-group delivery progress, approval, and the composer that
// builds a POST /api/notices body (targets, template variables, schedule, reminders, SMS).
"use strict";
import { DELIVERY, NOTICE_STATUS, api, esc, hm } from "./api.js";

function progress(d) {
  const total = Object.values(d || {}).reduce((a, b) => a + b, 0);
  if (!total) return "";
  const sent = d.sent || 0;
  const parts = Object.entries(d).map(([k, v]) => `${DELIVERY[k] || k}${v}`).join(" · ");
  return `<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="${total}" aria-valuenow="${sent}"
    aria-label="已送达${sent}/${total}"><span style="width:${((sent / total) * 100).toFixed(1)}%"></span></div>
    <span class="muted">${esc(parts)}</span>`;
}

export function renderNotices(el, notices, me) {
  if (!notices.length) {
    el.innerHTML = "<li class=muted>暂无通知</li>";
    return;
  }
  el.innerHTML = notices.slice(0, 12).map((n) => {
    const mayApprove = n.status === "pending_approval" && ["admin", "street", "community"].includes(me.role);
    return `<li class="notice ${esc(n.status)}">
      <div><button type="button" class="link" data-notice="${n.id}">${esc(n.title)}</button> <span class="badge">${NOTICE_STATUS[n.status] || esc(n.status)}</span>
        ${n.urgent ? '<span class="tag-e">紧急</span>' : ""}</div>
      <div class="muted">发送 ${esc(hm(n.send_at))}${n.deadline ? ` · 截止 ${esc(hm(n.deadline))}` : ""}</div>
      ${progress(n.deliveries)}
      ${mayApprove ? `<button type="button" class="approve" data-approve="${n.id}">审核通过</button>` : ""}
    </li>`;
  }).join("");
}

// One notice's deliveries, group by group (the API's per-group states), for its dialog.
export function renderNoticeDetail(el, n, names) {
  const rows = (n.deliveries || []).map((d) => `<tr>
    <td data-label="网格">${esc(names[d.grid_id] || d.grid_id || "—")}</td>
    <td data-label="群">${esc(d.group_id || d.target || "")}</td>
    <td data-label="批次">${esc(d.send === "initial" ? "首发" : String(d.send || "").startsWith("reminder") ? "提醒" : d.send)}</td>
    <td data-label="状态" class="${d.state === "sent" ? "ok" : d.state === "failed" ? "late" : ""}">${DELIVERY[d.state] || esc(d.state)}</td>
    <td data-label="时间">${esc(hm(d.sent_at || d.due_at))}</td></tr>`).join("");
  el.innerHTML = `<p><b>${esc(n.title)}</b> <span class="badge">${NOTICE_STATUS[n.status] || esc(n.status)}</span>
      · 目标群 ${n.target_groups ?? "—"}</p>
    <p class="desc">${esc(n.notice?.body || "")}</p>
    ${progress(n.counts)}
    <table><thead><tr><th>网格</th><th>群</th><th>批次</th><th>状态</th><th>时间</th></tr></thead><tbody>${rows || ""}</tbody></table>`;
}

export async function approve(id) {
  return api(`/api/notices/${id}/approve`, { body: {} });
}

// datetime-local "2026-12-05T09:00" is the operator's wall clock in China: say so explicitly.
const chinaTime = (v) => (v ? `${v.length === 16 ? v + ":00" : v}+08:00` : undefined);

export function fillTargets(el, org) {
  el.innerHTML = org.communities.map((c) => `<div class="target-c">
    <label class="inline"><input type="checkbox" name="community" value="${esc(c.id)}">${esc(c.name)}（全社区）</label>
    ${c.grids.map((g) => `<label class="inline"><input type="checkbox" name="grid" value="${esc(g.id)}">${esc(g.name)}</label>`).join("")}
  </div>`).join("");
}

// The POST /api/notices body of the composer form; throws with a Chinese reason when incomplete.
export function draftFromForm(form) {
  const f = new FormData(form);
  const body = { title: f.get("title").trim(), body: f.get("body").trim() };
  if (!body.title || !body.body) throw new Error("请填写标题和正文");
  if (f.get("scope") === "all") {
    body.target = { all: true };
  } else {
    const communities = f.getAll("community"), grids = f.getAll("grid");
    if (!communities.length && !grids.length) throw new Error("请选择至少一个社区或网格");
    body.target = {};
    if (communities.length) body.target.communities = communities;
    if (grids.length) body.target.grids = grids;
  }
  if (f.get("send_at")) body.send_at = chinaTime(f.get("send_at"));
  if (f.get("deadline")) body.deadline = chinaTime(f.get("deadline"));
  const reminders = f.getAll("remind");
  if (reminders.length) {
    if (!body.deadline) throw new Error("设置提醒需先填写截止时间");
    body.reminders = reminders.map((before) => ({ before, at: f.get("remind_at") || "09:00" }));
  }
  const vars = {};
  for (const line of String(f.get("vars") || "").split("\n")) {
    if (!line.trim()) continue;
    const i = line.indexOf("=");
    if (i <= 0) throw new Error(`模板变量格式应为 名称=值：${line}`);
    vars[line.slice(0, i).trim()] = line.slice(i + 1).trim();
  }
  if (Object.keys(vars).length) body.vars = vars;
  const keywords = String(f.get("keywords") || "").split(/[,，、\s]+/).filter(Boolean);
  if (keywords.length) body.keywords = keywords;
  body.mention_all = f.get("mention_all") === "on";
  body.urgent = f.get("urgent") === "on";
  body.sms = f.get("sms") === "on";
  return body;
}
