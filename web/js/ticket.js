// One ticket: its timeline, reporters, the responsibility basis (职责任务清单) and the actions the
// token may take on it (the lifecycle table of bot/ticket_lifecycle.cc, as the API enforces it:
// a button here is a convenience, the server decides).
"use strict";
import { ACTION, ACTOR, LEVEL, STATUS, URGENCY, api, countdown, esc, hm } from "./api.js";
import { nextDeadline, stateOf } from "./board.js";

const STAFF = new Set(["admin", "street", "community", "grid"]);

// [action, label, argument: null | {kind: "text"|"target"|"grid", key, required, placeholder}];
// key is the body field the API takes for it (note, target, reason).
export function actionsFor(t, role) {
  const staff = STAFF.has(role), dept = role === "department";
  const out = [];
  if (t.status === "new" && !t.assignee_id && staff) out.push(["transfer", "派至网格", { kind: "grid", key: "target", required: true }]);
  if (t.status === "assigned" && (staff || dept)) out.push(["accept", "接单", null]);
  if (t.status === "accepted" && (staff || dept)) out.push(["resolve", "办结", { kind: "text", key: "note", required: true, placeholder: "处理结果（将告知居民）" }]);
  if (["new", "assigned", "accepted"].includes(t.status) && staff && t.assignee_id) {
    out.push(["transfer", "转派", { kind: "target", key: "target", required: true }]);
    out.push(["escalate", "上报", { kind: "text", key: "reason", required: false, placeholder: "上报原因（可不填）" }]);
  }
  if (["assigned", "accepted"].includes(t.status) && (staff || dept)) out.push(["reject", "退回", { kind: "text", key: "reason", required: true, placeholder: "退回原因" }]);
  if (t.status === "resolved" && staff) out.push(["close", "结案", null]);
  return out;
}

function responsibilityHtml(r) {
  if (!r) return `<p class="muted">职责清单中无此事项</p>`;
  const basis = [...(r.laws || []), ...(r.policies || [])].map(esc).join("、");
  return `<dl class="kv">
    <dt>事项</dt><dd>${esc(r.name || r.matter)}</dd>
    <dt>责任单位</dt><dd>${esc(r.owner_name || LEVEL[r.owner] || r.owner)}</dd>
    ${r.duty ? `<dt>职责</dt><dd>${esc(r.duty)}</dd>` : ""}
    <dt>依据</dt><dd>${basis || "—"}</dd>
  </dl>`;
}

function targetOptions(org, kind) {
  const grids = org.communities.flatMap((c) => c.grids.map((g) => `<option value="${esc(g.id)}">${esc(c.name)} · ${esc(g.name)}</option>`));
  if (kind === "grid") return grids.join("");
  const depts = (org.departments || []).map((d) => `<option value="${esc(d.id)}">部门 · ${esc(d.name)}</option>`);
  return `<optgroup label="网格">${grids.join("")}</optgroup>` + (depts.length ? `<optgroup label="部门">${depts.join("")}</optgroup>` : "");
}

function actionForm([action, label, arg], org, i) {
  let input = "";
  if (arg?.kind === "text") input = `<input name="argument" aria-label="${esc(arg.placeholder)}" placeholder="${esc(arg.placeholder)}" ${arg.required ? "required" : ""} maxlength="200">`;
  if (arg?.kind === "grid" || arg?.kind === "target") input = `<select name="argument" aria-label="${esc(label)}目标" required>${targetOptions(org, arg.kind)}</select>`;
  return `<form class="act" data-action="${action}" data-key="${arg?.key || ""}" data-i="${i}">${input}<button type="submit">${esc(label)}</button></form>`;
}

export function renderTicket(el, t, org, names, role, now = Date.now()) {
  const s = stateOf(t, now);
  const open = ["new", "assigned", "accepted"].includes(t.status);
  // Internal notes of system steps may be English log words: the screen shows Chinese ones only.
  const note = (n) => (/[\u4e00-\u9fff]/.test(n || "") ? esc(n.slice(0, 120)) : "");
  const events = (t.events || []).map((e) =>
    `<li><time>${esc(hm(e.at))}</time> <b>${esc(ACTION[e.action] || "处理")}</b>
     <span class="muted">${esc(ACTOR[e.actor_kind] || "")}</span> ${note(e.note)}</li>`).join("");
  const reporters = (t.reporter_list || []).map((r) => `<li>${esc(r.name || "居民")} <span class="muted">${esc(hm(r.at))}</span></li>`).join("");
  const acts = actionsFor(t, role);
  el.innerHTML = `
    <p class="ticket-head ${open ? s : ""}">${t.urgency === "emergency" ? '<span class="tag-e">紧急</span>' : ""}
      <b>${esc(t.intent_label || "未识别事项")}</b> · ${STATUS[t.status] || esc(t.status)} · ${LEVEL[t.level] || esc(t.level)}
      ${open ? `· <span class="cd">${esc(countdown(nextDeadline(t), now))}</span>` : ""}</p>
    <p class="desc">${esc(t.description)}</p>
    <dl class="kv">
      <dt>网格</dt><dd>${esc(names[t.grid_id] || t.grid_id || "未定位")}</dd>
      <dt>承办</dt><dd>${esc(t.assignee_name || "—")}</dd>
      <dt>紧急程度</dt><dd>${URGENCY[t.urgency] || esc(t.urgency)}</dd>
      <dt>接单时限</dt><dd>${esc(hm(t.accept_by))}</dd>
      <dt>办结时限</dt><dd>${esc(hm(t.resolve_by))}</dd>
      ${t.resolution ? `<dt>处理结果</dt><dd>${esc(t.resolution)}</dd>` : ""}
      ${t.rating ? `<dt>评价</dt><dd>${"★".repeat(t.rating)}</dd>` : ""}
    </dl>
    <h3>职责依据</h3>${responsibilityHtml(t.responsibility)}
    <h3>反映人（${t.reporters || 0}）</h3><ul class="list small">${reporters || "<li class=muted>—</li>"}</ul>
    <h3>办理过程</h3><ol class="timeline">${events}</ol>
    ${acts.length ? `<h3>操作</h3><div class="acts">${acts.map((a, i) => actionForm(a, org, i)).join("")}</div>` : ""}
    <p class="error" role="alert" id="act-error"></p>`;
  el.querySelectorAll("form.act").forEach((f) => f.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const input = f.querySelector("[name=argument]");
    const arg = input?.value?.trim();
    const body = arg ? { [f.dataset.key]: arg } : {};
    const err = el.querySelector("#act-error");
    err.textContent = "";
    if (input?.required && !arg) {
      err.textContent = `请先填写${input.getAttribute("aria-label") || "内容"}`;
      input.focus();
      return;
    }
    f.querySelector("button").disabled = true;
    try {
      const updated = await api(`/api/tickets/${t.id}/${f.dataset.action}`, { body });
      const full = await api(`/api/tickets/${t.id}`).catch(() => updated);
      renderTicket(el, full, org, names, role);
      el.dispatchEvent(new CustomEvent("ticket-changed", { bubbles: true, detail: full }));
    } catch (e) {
      err.textContent = "操作未执行：" + e.message;
      f.querySelector("button").disabled = false;
    }
  }));
}
