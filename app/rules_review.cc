#include "app/rules_review.h"

#include <algorithm>
#include <map>
#include <functional>
#include <set>

#include "bot/router.h"
#include "core/text.h"

namespace gg {
namespace {

constexpr int kPage = 500;

// Calls fn for every stored message received at or after since, page by page.
Status forEachMessage(Store& store, Millis since, const std::function<Status(Tx&, const MessageRecord&)>& fn) {
  int64_t after = 0;
  for (;;) {
    std::vector<MessageRecord> page;
    GG_RETURN_IF_ERROR(store.read([&](Tx& tx) -> Status {
      auto r = tx.messages().page(since, after, kPage);
      if (!r.isOk()) return r.status();
      page = std::move(r).value();
      for (const auto& m : page) GG_RETURN_IF_ERROR(fn(tx, m));
      return Status::ok();
    }));
    if (page.size() < static_cast<size_t>(kPage)) return Status::ok();
    after = page.back().id;
  }
}

bool isCjk(uint32_t cp) { return cp >= 0x4E00 && cp <= 0x9FFF; }

// The two-character words of a text (runs of CJK characters, overlapping), each once.
std::set<std::string> bigrams(const std::string& text) {
  std::vector<std::string> chars;
  std::set<std::string> out;
  auto flush = [&] {
    for (size_t i = 0; i + 1 < chars.size(); ++i) out.insert(chars[i] + chars[i + 1]);
    chars.clear();
  };
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    const size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
    if (i + n > text.size()) break;
    uint32_t cp = 0;
    if (n == 3) {
      cp = ((b & 0x0F) << 12) | ((static_cast<unsigned char>(text[i + 1]) & 0x3F) << 6) |
           (static_cast<unsigned char>(text[i + 2]) & 0x3F);
    }
    if (isCjk(cp)) {
      chars.push_back(text.substr(i, n));
    } else {
      flush();
    }
    i += n;
  }
  flush();
  return out;
}

// Words every resident uses, which would group everything with everything.
const std::set<std::string>& commonWords() {
  static const std::set<std::string> kWords = {
      "你好", "您好", "我们", "你们", "他们", "什么", "怎么", "这个", "那个", "没有", "就是", "一下",
      "可以", "现在", "今天", "还是", "已经", "一直", "不是", "问题", "谢谢", "麻烦", "请问", "有人",
      "小区", "我家", "家里", "这里", "那里", "一个", "知道", "时候", "楼下", "楼上"};
  return kWords;
}

// A string field of a stored classification; null or missing (no intent) is "".
std::string field(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

std::string coarseDecision(Decision d) {
  switch (d) {
    case Decision::kTicket:
    case Decision::kJoin:
    case Decision::kUnrouted:
    case Decision::kUrge:
    case Decision::kDuplicate:
      return "ticket";
    case Decision::kReply:
      return "reply";
    case Decision::kQuestion:
      return "question";
    case Decision::kResolvedReport:
      return "resolved";
    case Decision::kIgnore:
    case Decision::kObserve:
      return "ignore";
    default:
      return "";  // command, command-refused, worker, self, classify-error: not the pack's to decide
  }
}

std::string previewDecision(const InboundEnvelope& env, const Classification& c, Decision stored) {
  const std::string was = coarseDecision(stored);
  if (was.empty()) return "";
  // A notice answer depends on the notices of the day, not only on the pack: a line that was
  // answered and is still read as a question or need would be answered again.
  if (was == "reply" && (c.kind == MessageKind::kQuestion || c.kind == MessageKind::kNeed) && c.urgency != Urgency::kEmergency) return "reply";
  if (c.act == "resolved" && was == "resolved") return "resolved";
  if (c.kind == MessageKind::kQuestion && env.chat_type == ChatType::kGroup) return "question";
  const bool actionable = c.hasIntent() && (c.kind == MessageKind::kNeed || c.kind == MessageKind::kQuestion || c.kind == MessageKind::kComplaint);
  if (actionable || env.channel == Channel::kHotline) return "ticket";
  return "ignore";
}

Result<ReplayReport> replayMessages(Store& store, const OrgIndex& org, const RulePack& pack, Millis since) {
  ReplayReport report;
  const Router router(org);
  Status s = forEachMessage(store, since, [&](Tx&, const MessageRecord& m) -> Status {
    const InboundEnvelope& env = m.envelope;
    if (env.from_self || coarseDecision(m.decision).empty()) return Status::ok();
    auto r = pack.classify(env.text, env.asr);
    if (!r.isOk()) return Status::ok();  // too large or not UTF-8: it was refused at the door too
    const Classification& c = r.value();
    ++report.replayed;
    const auto old = nlohmann::json::parse(m.classification, nullptr, false);
    ReplayChange ch;
    ch.message_id = m.id;
    ch.text = maskPhonesInText(env.text);
    ch.old_intent = m.intent;
    ch.new_intent = c.intent;
    ch.old_urgency = field(old, "urgency").empty() ? "normal" : field(old, "urgency");
    ch.new_urgency = std::string(toString(c.urgency));
    ch.old_decision = coarseDecision(m.decision);
    ch.new_decision = previewDecision(env, c, m.decision);
    ch.old_grid = m.grid_id;
    ch.new_grid = ch.new_decision == "ticket" ? router.place(env, c, std::nullopt).grid_id : m.grid_id;
    if (ch.old_decision != "ticket" && ch.new_decision != "ticket") ch.new_grid = ch.old_grid;
    const bool d = ch.old_decision != ch.new_decision, i = ch.old_intent != ch.new_intent,
               u = ch.old_urgency != ch.new_urgency, g = ch.old_grid != ch.new_grid;
    report.decision += d;
    report.intent += i;
    report.urgency += u;
    report.grid += g;
    if (d || i || u || g) {
      ++report.changed;
      report.changes.push_back(std::move(ch));
    }
    return Status::ok();
  });
  if (!s.isOk()) return s;
  return report;
}

Result<std::vector<InboxGroup>> rulesInbox(Store& store, Millis since) {
  std::vector<InboxItem> items;
  std::vector<std::set<std::string>> words;
  Status s = forEachMessage(store, since, [&](Tx& tx, const MessageRecord& m) -> Status {
    const InboundEnvelope& env = m.envelope;
    if (env.from_self || coarseDecision(m.decision).empty()) return Status::ok();
    std::string reason;
    const auto c = nlohmann::json::parse(m.classification, nullptr, false);
    const bool understood = !field(c, "intent").empty() || !field(c, "act_rule").empty();
    if (!understood || m.intent == "unclassified") reason = "未识别";
    if (m.ticket_id != 0) {
      auto events = tx.tickets().events(m.ticket_id);
      if (!events.isOk()) return events.status();
      for (const auto& e : *events) {
        if (e.actor_kind == "system" || e.actor_kind == "resident") continue;
        if (e.action == "transfer") reason = "转派";
        if (e.action == "reject") reason = "退回";
      }
    }
    if (reason.empty()) return Status::ok();
    items.push_back({m.id, reason, maskPhonesInText(env.text)});
    std::set<std::string> w = bigrams(env.text);
    for (const auto& x : commonWords()) w.erase(x);
    words.push_back(std::move(w));
    return Status::ok();
  });
  if (!s.isOk()) return s;
  std::map<std::string, int> df;
  for (const auto& w : words) {
    for (const auto& x : w) ++df[x];
  }
  std::map<std::string, InboxGroup> groups;
  for (size_t k = 0; k < items.size(); ++k) {
    std::string best;
    for (const auto& x : words[k]) {
      if (best.empty() || df[x] > df[best]) best = x;
    }
    if (best.empty() || df[best] < 2) best = "（其他）";
    auto& g = groups[best];
    g.word = best;
    g.items.push_back(items[k]);
  }
  std::vector<InboxGroup> out;
  for (auto& [w, g] : groups) out.push_back(std::move(g));
  std::stable_sort(out.begin(), out.end(), [](const InboxGroup& a, const InboxGroup& b) {
    if ((a.word == "（其他）") != (b.word == "（其他）")) return b.word == "（其他）";
    return a.items.size() > b.items.size();
  });
  return out;
}

}  // namespace gg
