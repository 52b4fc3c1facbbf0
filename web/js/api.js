// The dashboard's one door to the gateway: the token, JSON calls with their errors in Chinese,
// escaping, and the words and formats every panel shares.
"use strict";

const KEY = "gridgate-token";
let token = localStorage.getItem(KEY) || "";

// A link like /#token=… (make run prints one) logs in; the token leaves the address bar at once
// so it is not bookmarked or shown on the big screen.
export function takeTokenFromHash() {
  if (!location.hash.startsWith("#token=")) return;
  setToken(decodeURIComponent(location.hash.slice(7)));
  history.replaceState(null, "", location.pathname + location.search);
}
export function setToken(t) {
  token = t;
  localStorage.setItem(KEY, t);
}
export const getToken = () => token;

// What an operator reads when a call fails: never a raw English error alone.
const HTTP_WORDS = {
  400: "请求有误", 401: "令牌无效或已过期", 403: "超出本令牌的权限范围", 404: "未找到",
  409: "当前状态不允许此操作", 413: "内容过长", 429: "操作太频繁，请稍后再试", 503: "服务繁忙，请稍后再试",
};
export class ApiError extends Error {
  constructor(status, detail) {
    super(`${HTTP_WORDS[status] || "服务出错"}（${status}）${detail ? "：" + detail : ""}`);
    this.status = status;
  }
}

export async function api(path, { method, body } = {}) {
  const headers = { Authorization: "Bearer " + token };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let r;
  try {
    r = await fetch(path, { method: method || (body === undefined ? "GET" : "POST"), headers,
                            body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, "无法连接服务器");
  }
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON: the detail is the text */ }
  if (!r.ok) throw new ApiError(r.status, json?.detail || "");
  return json;
}

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// A rate with its denominator: "—" when there is nothing to divide by (never 100% of nothing).
export const pct = (x, n) => (n ? (x * 100).toFixed(1) + "%" : "—");
export const num = (x, n, digits = 1) => (n && x != null ? Number(x).toFixed(digits) : "—");

export const STATUS = { new: "待派", assigned: "待接单", accepted: "办理中", resolved: "已办结", closed: "已关闭" };
export const LEVEL = { grid: "网格", community: "社区", street: "街道", department: "部门" };
export const ROLE = { admin: "管理员", street: "街道", community: "社区", grid: "网格", department: "部门" };
export const URGENCY = { emergency: "紧急", urgent: "较急", normal: "一般", low: "不急" };
export const NOTICE_STATUS = { pending_approval: "待审核", scheduled: "待发送", sending: "发送中", sent: "已发送", cancelled: "已撤销" };
export const DELIVERY = { pending: "待发", queued: "排队", sent: "已送达", failed: "失败", skipped: "跳过", cancelled: "撤销", standby: "备用" };
export const ACTOR = { resident: "居民", worker: "网格员", system: "系统", community: "社区", street: "街道", department: "部门", admin: "管理员", token: "指挥中心" };
export const ACTION = {
  create: "受理", assign: "派单", unrouted: "待人工派单", accept: "接单", resolve: "办结", transfer: "转派",
  escalate: "上报", reject: "退回", reopen: "重新办理", rate: "评价", close: "结案", join: "同一诉求", overdue: "超期",
  remind: "催办", urge: "居民催办", feedback: "反馈居民", page: "紧急呼叫", reply: "答复居民", resident_resolved: "居民确认解决",
};

// "2026-12-03T20:39:16+08:00" → "12-03 20:39" (the gateway's times are China time already).
export const hm = (iso) => (iso ? String(iso).slice(5, 16).replace("T", " ") : "");
export const ms = (iso) => (iso ? Date.parse(iso) : NaN);

// "还剩1小时20分" / "超期35分": the countdown to a deadline.
export function countdown(deadline, now = Date.now()) {
  if (!Number.isFinite(deadline)) return "";
  const m = Math.round((deadline - now) / 60000);
  const a = Math.abs(m);
  const text = a >= 1440 ? `${Math.floor(a / 1440)}天${Math.floor((a % 1440) / 60)}小时`
    : a >= 60 ? `${Math.floor(a / 60)}小时${a % 60}分` : `${a}分`;
  return m >= 0 ? `还剩${text}` : `超期${text}`;
}

// China-time date "YYYY-MM-DD" of a Date (the screen may be anywhere; the street is in China).
export function chinaDate(d) {
  return new Date(d.getTime() + 8 * 3600e3).toISOString().slice(0, 10);
}
