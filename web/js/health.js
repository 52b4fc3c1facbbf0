// Channel health (渠道状态): bot accounts online, rows waiting, dead rows with re-drive, and the
// health check's reasons; opinion alerts (舆情预警).
"use strict";
import { api, esc, hm } from "./api.js";

const CHANNEL = { onebot: "QQ群机器人", wecom_app: "企业微信应用", wecom_robot: "企业微信群机器人", sms: "短信", hotline: "热线" };
export const channelName = (c) => CHANNEL[c] || c;

// The health check speaks English to operators' tools; the screen says it in Chinese.
function reasonText(r) {
  let m;
  if ((m = /^channel (\S+) failing: (\d+) sends in a row/.exec(r))) return `${channelName(m[1])}连续${m[2]}次发送失败`;
  if ((m = /^channel (\S+) down/.exec(r))) return `${channelName(m[1])}不可用`;
  if (/outbox/.test(r)) return "待发消息积压";
  if (/database/.test(r)) return "数据库不可写";
  if (/disk/.test(r)) return "磁盘空间不足";
  return "运行异常";
}

export function renderChannels(el, health, channels, dead, canRedrive) {
  const reasons = (health?.reasons || []).map((r) => `<li class="late">${esc(reasonText(r))}</li>`).join("");
  const accounts = (channels?.accounts || []).map((a) =>
    `<li>${esc(channelName(a.channel))} ${esc(a.self_id)}${a.rows_waiting ? ` · 待发${a.rows_waiting}` : ""} <span class="${a.online ? "ok" : "late"}">${a.online ? "在线" : "离线"}</span></li>`).join("");
  const byChannel = {};
  for (const row of dead) byChannel[row.message.channel] = (byChannel[row.message.channel] || 0) + 1;
  const deadList = Object.entries(byChannel).map(([c, n]) =>
    `<li>${esc(channelName(c))}：${n}条发送失败 ${canRedrive ? `<button type="button" data-redrive="${esc(c)}">重新发送</button>` : ""}</li>`).join("");
  el.innerHTML = `
    <p>状态：<b class="${health?.status === "ok" ? "ok" : "late"}">${health?.status === "ok" ? "正常" : "需关注"}</b>
       · 待发 ${health?.outbox?.pending ?? "—"} · 失败 ${health?.outbox?.dead ?? "—"}</p>
    <ul class="list small">${reasons}${accounts || "<li class=muted>暂无在线机器人账号</li>"}</ul>
    ${deadList ? `<ul class="list small">${deadList}</ul>` : ""}`;
}

export async function redrive(channel) {
  return api("/api/outbox/retry", { body: { channel, status: "dead" } });
}

export function renderAlerts(el, alerts, names) {
  el.innerHTML = alerts.length ? alerts.slice(0, 10).map((a) =>
    `<li class="${a.open ? "late" : "muted"}"><b>${esc(names[a.grid_id] || names[a.community_id] || a.community_id)}</b>
      ${a.subject ? `· ${esc(a.subject)}` : ""} · ${a.negative_count}条 · ${a.residents}人
      <div class="muted">${esc(hm(a.opened_at))}${a.open ? " · 持续中" : " · 已平息"}</div></li>`).join("")
    : "<li class=muted>暂无预警</li>";
}
