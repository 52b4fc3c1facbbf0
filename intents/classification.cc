#include "intents/classification.h"

#include "core/text.h"

namespace gg {
namespace {

nlohmann::json spanJson(const Span& s) { return nlohmann::json::array({s.begin, s.end}); }

nlohmann::json explanationJson(const Explanation& e) {
  return {{"rule", e.rule},
          {"pattern", e.pattern},
          {"span", spanJson(e.span)},
          {"normalized_span", spanJson(e.normalized_span)},
          {"matched", e.matched}};
}

}  // namespace

std::string maskIdNumber(const std::string& number) {
  if (number.size() <= 8) return std::string(number.size(), '*');
  return number.substr(0, 4) + std::string(number.size() - 8, '*') + number.substr(number.size() - 4);
}

namespace {

constexpr std::string_view kKindNames[] = {"social", "need", "question", "complaint"};

}  // namespace

std::string_view toString(MessageKind k) { return kKindNames[static_cast<size_t>(k)]; }

std::optional<MessageKind> parseMessageKind(std::string_view text) {
  for (size_t i = 0; i < std::size(kKindNames); ++i) {
    if (kKindNames[i] == text) return static_cast<MessageKind>(i);
  }
  return std::nullopt;
}

nlohmann::json Classification::toJson(bool reveal_phones) const {
  nlohmann::json j;
  j["text"] = text;
  j["normalized"] = normalized;
  j["intent"] = intent.empty() ? nlohmann::json(nullptr) : nlohmann::json(intent);
  j["label"] = label;
  j["category"] = category;
  j["category_label"] = category_label;
  j["dept_class"] = dept_class;
  j["kind"] = std::string(toString(kind));
  j["urgency"] = urgency;
  j["act"] = act;
  j["act_rule"] = act_rule;
  j["topic_category"] = topic_category;
  j["base_urgency"] = base_urgency;
  j["modifiers"] = modifiers;
  j["raised_by"] = raised_by;
  j["owner"] = owner;
  j["deadline_class"] = deadline_class;
  j["score"] = score;
  j["flags"] = {{"emergency", flags.emergency},
                {"complaint", flags.complaint},
                {"negative", flags.negative},
                {"escalation_threat", flags.escalation_threat}};
  nlohmann::json fe = nlohmann::json::array();
  for (const auto& e : flag_explanations) fe.push_back(explanationJson(e));
  j["flag_rules"] = fe;
  nlohmann::json re = nlohmann::json::array();
  for (const auto& e : rule_explanations) re.push_back(explanationJson(e));
  j["rules_fired"] = re;

  nlohmann::json ent;
  ent["places"] = nlohmann::json::array();
  for (const auto& p : entities.places) {
    ent["places"].push_back({{"name", p.name},
                             {"matched", p.matched},
                             {"kind", p.kind},
                             {"community_id", p.community_id},
                             {"grid_id", p.grid_id},
                             {"span", spanJson(p.span)}});
  }
  ent["addresses"] = nlohmann::json::array();
  for (const auto& a : entities.addresses) {
    ent["addresses"].push_back({{"kind", a.kind}, {"value", a.value}, {"span", spanJson(a.span)}});
  }
  ent["phones"] = nlohmann::json::array();
  for (const auto& p : entities.phones) {
    ent["phones"].push_back(
        {{"number", reveal_phones ? p.number : maskPhone(p.number)}, {"span", spanJson(p.span)}});
  }
  ent["times"] = nlohmann::json::array();
  for (const auto& t : entities.times) {
    ent["times"].push_back({{"text", t.text},
                            {"day_offset", t.day_offset},
                            {"part", t.part},
                            {"hour", t.hour},
                            {"minute", t.minute},
                            {"span", spanJson(t.span)}});
  }
  ent["id_numbers"] = nlohmann::json::array();
  for (const auto& n : entities.id_numbers) {
    ent["id_numbers"].push_back({{"kind", n.kind},
                                 {"number", reveal_phones ? n.number : maskIdNumber(n.number)},
                                 {"span", spanJson(n.span)}});
  }
  j["entities"] = ent;

  if (hasIntent()) {
    j["rule"] = explanation.rule;
    j["pattern"] = explanation.pattern;
    j["span"] = spanJson(explanation.span);
    j["matched"] = explanation.matched;
  } else {
    j["rule"] = nullptr;
    j["pattern"] = nullptr;
    j["span"] = nullptr;
    j["matched"] = nullptr;
  }
  nlohmann::json cands = nlohmann::json::array();
  for (const auto& c : candidates) {
    cands.push_back({{"intent", c.intent},
                     {"priority", c.priority},
                     {"score", c.score},
                     {"pattern", c.explanation.pattern},
                     {"span", spanJson(c.explanation.span)}});
  }
  j["candidates"] = cands;
  j["confirmations"] = confirmations;
  return j;
}

}  // namespace gg
