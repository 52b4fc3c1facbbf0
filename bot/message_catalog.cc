#include "bot/message_catalog.h"

#include <filesystem>
#include <set>

#include "core/json_file.h"

namespace gg {
namespace {

// The built-in texts. Keys are grouped by who reads them.
const std::vector<std::pair<const char*, const char*>>& builtinTexts() {
  static const std::vector<std::pair<const char*, const char*>> kTexts = {
      // To the resident who reported.
      {"resident.ack", "已收到，工单{ticket}（{label}）已交{assignee}处理，{accept_by}前接单。进展会在这里告诉您。"},
      {"resident.ack_unrouted", "已收到，工单{ticket}（{label}）已转{assignee}，工作人员会尽快联系您确认具体位置。"},
      {"resident.ack_emergency",
       "【紧急】已收到您的求助，工单{ticket}，已同时通知{assignee}、网格长和社区。如有危险请立即拨打{emergency_number}，并远离危险区域。"},
      {"resident.ack_duplicate", "已收到。同一问题已有工单{ticket}正在由{assignee}处理，办结后会通知您。"},
      {"resident.accepted", "工单{ticket}已由{assignee}接单，正在处理，预计{resolve_by}前办结。"},
      {"resident.resolved",
       "工单{ticket}已办结，办理：{actor}，结果：{resolution}。请回复“评价 {ticket} 分数”（1-5分，5分最满意）；如未解决请回复“未解决 {ticket} 原因”。"},
      {"resident.low_rating_reopened", "工单{ticket}您评价{score}分，我们已重新派办，工作人员会再次处理并与您联系。"},
      {"resident.rated", "感谢您对工单{ticket}的评价。"},
      {"command.done", "工单{ticket}{done}。"},
      {"command.refused", "操作未执行：{reason}。"},
      {"command.failed", "操作暂未完成，请稍后再试。"},
      // To grid workers, departments and the community.
      {"worker.new", "【新工单】{ticket} {label}{place}：{text}。{basis}请于{accept_by}前回复“接单 {ticket}”，办结后回复“办结 {ticket} 处理结果”。"},
      {"worker.new_emergency",
       "【紧急】{ticket} {label}{place}：{text}。{basis}请于{accept_by}前回复“接单 {ticket}”，办结后回复“办结 {ticket} 处理结果”。"},
      {"worker.copy", "【抄送】{text}"},
      // The responsibility list's basis in a new or handed-on ticket's notice ({basis} of worker.new,
      // worker.new_emergency, worker.reassigned).
      {"responsibility.basis", "依据：{basis}；须于{resolve_by}前办结。"},
      {"worker.reassigned", "【{verb}】工单{ticket} {label}：{text}{note}。{basis}请于{accept_by}前回复“接单 {ticket}”。"},
      {"worker.reassigned_away", "工单{ticket}已{verb}至{assignee}{note}"},
      {"worker.reopened", "【重新办理】工单{ticket}居民反映仍未解决{reason}。请于{accept_by}前回复“接单 {ticket}”。"},
      {"resident.ack_urged", "已收到您的催办。工单{ticket}已请{assignee}尽快处理，办结后会通知您。"},
      {"worker.urged", "【居民催办】工单{ticket} {label}：“{text}”。请尽快处理并回复居民。"},
      {"worker.resident_resolved", "【居民反馈】工单{ticket}：居民说问题已经解决（“{text}”）。请核实后回复“办结 {ticket} 处理结果”。"},
      {"urge.escalated", "居民催办：“{text}”"},
      {"worker.overdue", "【超期督办】工单{ticket}{why}，请尽快处理。"},
      {"community.low_rating", "【低分提醒】工单{ticket}居民评价{score}分，已重新派办，请关注。"},
      // Notices and the opinion watch.
      {"notice.reminder", "【提醒】{countdown}{body}"},
      {"notice.days_left", "距截止还有{days}天。"},
      {"notice.due_today", "今天截止。"},
      {"notice.urgent", "【紧急通知】{body}"},
      {"notice.answer", "关于「{title}」:{body}{contact}"},
      {"notice.answer_contact", "\n如有疑问请联系本网格网格员{worker}{phone}。"},
      {"opinion.group", "{grid}群({group})"},
      {"opinion.unknown_grid", "未知网格"},
      {"opinion.alert", "【舆情预警】{group}近{minutes}分钟内出现{count}条负面/投诉消息,涉及{residents}位居民{subject}{threats}。请及时关注并回应。"},
      {"opinion.alert_subject", ",主要话题:{subject}"},
      {"opinion.alert_threats", ",其中{count}条提到要打12345或找媒体"},
      {"opinion.digest", "【舆情日报】{community} {date}:近24小时负面/投诉消息{count}条,预警{alerts}次。{topics}{heating}"},
      {"opinion.digest_topics", "\n热点话题:{topics}"},
      {"opinion.digest_heating", "\n升温的群:{groups}"},
      // To the street command centre, about the bot accounts themselves.
      {"presence.offline", "【机器人离线】QQ机器人账号{account}自{since}起{reason}，它所在的群暂时收不到回复和通知，消息已排队等待。请尽快检查该账号的登录状态。"},
      {"presence.reason_heartbeat", "连续3次没有心跳"},
      {"presence.reason_disconnected", "连接已断开"},
      {"presence.reason_disabled", "已被停用（可能被踢下线或退出登录）"},
      {"presence.back", "【机器人恢复】QQ机器人账号{account}已恢复在线，排队的消息正在发出。"},
      // Outbound channels and SMS (issue 12): a failing channel, 手机群发 opt-out.
      {"street.channel_down", "【发送通道故障】{channel}自{time}起连续发送失败，相关消息正在排队重试，恢复后会自动补发。请尽快检查。"},
      {"channel.onebot", "QQ机器人"},
      {"channel.wecom_app", "企业微信应用"},
      {"channel.wecom_robot", "企业微信群机器人"},
      {"channel.sms", "短信网关"},
      {"resident.sms_opted_out", "您已退订本街道的群发短信，此后不再发送。您反映的工单进展仍会短信告知。"},
      // Pieces of the texts above.
      {"overdue.not_accepted", "未在{time}前接单"},
      {"overdue.not_resolved", "未在{time}前办结"},
      {"overdue.escalated", "超期自动升级：{why}"},
      {"verb.transfer", "转派"},
      {"verb.escalate", "升级"},
      {"verb.reject", "退回"},
      {"done.accept", "已接单"},
      {"done.resolve", "已办结"},
      {"done.transfer", "已转派"},
      {"done.escalate", "已升级"},
      {"done.reject", "已退回"},
      {"done.reopen", "已重新派办"},
      {"done.close", "已关闭"},
      {"patrol.reason", "网格员{worker}巡查直报"},
      {"patrol.ack_accepted", "直报已登记：工单{ticket}（{label}），已由您接单办理，请在{resolve_by}前办结后回复“办结 {ticket} 处理结果”。"},
      {"patrol.ack_department", "直报已登记：工单{ticket}（{label}），已转{assignee}办理并抄送您，请跟进。"},
      {"assignee.worker", "网格员{worker}（{grid}）"},
      {"assignee.worker_no_grid", "网格员{worker}"},
      {"assignee.street", "{street}指挥中心"},
      // The resident page (/r/{grid}): labels, answers and the public ticket view.
      {"page.title", "{grid}居民服务"},
      {"page.community", "所属社区：{community}"},
      {"page.worker", "值班网格员：{worker}，电话{phone}"},
      {"page.no_worker", "本网格暂无值班网格员，您提交的问题会转社区处理。"},
      {"page.notices", "网格公告"},
      {"page.no_notices", "暂无公告"},
      {"page.report_heading", "我要反映问题"},
      {"page.report_text", "问题描述（必填，最多{max}字）"},
      {"page.report_place", "地点或楼栋（选填）"},
      {"page.report_phone", "手机号（选填，填写后短信告知办理进展）"},
      {"page.report_submit", "提交"},
      {"page.report_done", "已受理，工单{ticket}。请记下查询码：{code}"},
      {"page.track_heading", "查询办理进度"},
      {"page.track_code", "查询码"},
      {"page.track_submit", "查询"},
      {"page.track_status", "状态：{state}"},
      {"page.track_level", "办理层级：{level}"},
      {"page.track_unit", "办理单位：{unit}"},
      {"page.track_timeline", "办理记录"},
      {"page.rate_heading", "评价办理结果"},
      {"page.rate_score", "评分（1-5分，5分最满意）"},
      {"page.rate_comment", "意见（选填）"},
      {"page.rate_submit", "提交评价"},
      {"page.error_input", "提交未成功，请检查填写的内容后重试。"},
      {"page.error_busy", "提交太频繁，请稍后再试。"},
      {"page.error_code", "查询码不存在，请核对后重试。"},
      {"page.error_rating", "该工单目前不能评价（办结后才能评价）。"},
      {"page.error_failed", "网络或系统繁忙，请稍后再试。"},
      {"page.event.create", "问题已受理"},
      {"page.event.join", "又有居民反映了同一问题"},
      {"page.event.assign", "已派发"},
      {"page.event.urge", "居民催办"},
      {"page.event.overdue", "超时督办"},
      {"page.level.grid", "网格"},
      {"page.level.community", "社区"},
      {"page.level.street", "街道"},
      {"page.level.department", "职能部门"},
      {"state.new", "待派发"},
      {"state.assigned", "待接单"},
      {"state.accepted", "办理中"},
      {"state.resolved", "已办结"},
      {"state.closed", "已关闭"},
      {"action.accept", "接单"},
      {"action.resolve", "办结"},
      {"action.transfer", "转派"},
      {"action.escalate", "升级"},
      {"action.reject", "退回"},
      {"action.reopen", "重新办理"},
      {"action.rate", "评价"},
      {"action.close", "关闭"},
      // Why an action was refused (also the API's "detail").
      {"refuse.no_ticket", "没有编号为{ticket}的工单"},
      {"refuse.unknown_action", "无法识别的操作"},
      {"refuse.resident_action", "居民只能对自己反映的工单{ticket}评价、反馈未解决或确认关闭"},
      {"refuse.not_reporter", "只有反映工单{ticket}的居民可以评价或反馈未解决"},
      {"refuse.department_action", "部门只能对本部门的工单{ticket}接单、办结或退回"},
      {"refuse.not_yours", "工单{ticket}由{assignee}办理，只有办理人或其上级可以操作"},
      {"refuse.state", "工单{ticket}当前{state}，不能{action}"},
      {"refuse.accept_first", "工单{ticket}尚未接单，请先回复“接单 {ticket}”"},
      {"refuse.resolve_note", "请说明处理结果，例如“办结 {ticket} 已更换灯泡”"},
      {"refuse.reject_reason", "请说明退回原因，例如“退回 {ticket} 不属于本网格”"},
      {"refuse.bad_rating", "评分须为1到5分，例如“评价 {ticket} 5”"},
      {"refuse.unknown_target", "找不到转派对象“{target}”（可填网格员、网格、社区或部门）"},
      {"refuse.top_level", "工单{ticket}已在最高层级，无法再升级"},
  };
  return kTexts;
}

std::string where(const std::string& path, const std::string& key) { return path + ": $." + key + ": "; }

}  // namespace

std::vector<std::string> MessageCatalog::placeholdersOf(std::string_view text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const size_t end = text.find('}', i);
    if (end == std::string_view::npos) break;
    std::string name(text.substr(i + 1, end - i - 1));
    if (!name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos &&
        seen.insert(name).second) {
      out.push_back(name);
    }
  }
  return out;
}

const MessageCatalog& MessageCatalog::builtin() {
  static const MessageCatalog kBuiltin = [] {
    MessageCatalog c;
    for (const auto& [k, v] : builtinTexts()) c.texts_[k] = v;
    return c;
  }();
  return kBuiltin;
}

Result<MessageCatalog> MessageCatalog::loadFile(const std::string& path) {
  auto parsed = readJsonFile(path);
  if (!parsed.isOk()) return parsed.status();
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) return invalidArgument(path + ": $: must be an object of key → text");
  const MessageCatalog& base = builtin();
  MessageCatalog out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    auto known = base.texts_.find(it.key());
    if (known == base.texts_.end()) return invalidArgument(where(path, it.key()) + "unknown message key");
    if (!it->is_string()) return invalidArgument(where(path, it.key()) + "must be a string");
    const std::string text = it->get<std::string>();
    if (text.empty()) return invalidArgument(where(path, it.key()) + "must not be empty");
    std::vector<std::string> want = placeholdersOf(known->second), got = placeholdersOf(text);
    std::set<std::string> want_set(want.begin(), want.end()), got_set(got.begin(), got.end());
    for (const auto& p : want_set) {
      if (!got_set.count(p)) return invalidArgument(where(path, it.key()) + "placeholder {" + p + "} missing");
    }
    for (const auto& p : got_set) {
      if (!want_set.count(p)) return invalidArgument(where(path, it.key()) + "unknown placeholder {" + p + "}");
    }
    out.texts_[it.key()] = text;
  }
  for (const auto& [k, v] : base.texts_) {
    if (!out.texts_.count(k)) return invalidArgument(where(path, k) + "message missing");
  }
  return out;
}

Result<MessageCatalog> MessageCatalog::forConfigDir(const std::string& config_dir) {
  const std::string path = (std::filesystem::path(config_dir) / "messages.json").string();
  if (!std::filesystem::exists(path)) return builtin();
  return loadFile(path);
}

std::string MessageCatalog::text(std::string_view key, Vars vars) const {
  auto it = texts_.find(key);
  if (it == texts_.end()) return std::string(key);
  const std::string& tpl = it->second;
  std::string out;
  out.reserve(tpl.size() + 32);
  size_t i = 0;
  while (i < tpl.size()) {
    const size_t open = tpl.find('{', i);
    if (open == std::string::npos) break;
    const size_t close = tpl.find('}', open);
    if (close == std::string::npos) break;
    out.append(tpl, i, open - i);
    const std::string_view name(tpl.data() + open + 1, close - open - 1);
    bool found = false;
    for (const auto& [k, v] : vars) {
      if (k == name) {
        out += v;
        found = true;
        break;
      }
    }
    if (!found) return std::string(key);  // a missing variable is a bug: make it visible
    i = close + 1;
  }
  out.append(tpl, i, std::string::npos);
  return out;
}

}  // namespace gg
