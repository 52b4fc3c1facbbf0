// The reading of a message: topic candidates, clause-scoped modifiers, the speech act, urgency
// in context and the entities (RulePack::classify, classifyLetter).
#include <algorithm>

#include "core/text.h"
#include "intents/intent_engine.h"
#include "intents/text_bytes.h"

namespace gg {
namespace {

Explanation explain(const Rule& rule, const RuleHit& hit, const NormalizedText& norm,
                    std::string_view original) {
  Explanation e;
  e.rule = rule.id;
  const Pattern& p = rule.patterns[static_cast<size_t>(hit.pattern)];
  e.pattern = p.display;
  e.normalized_span = Span{hit.begin, hit.end};
  auto [b, en] = norm.toOriginal(hit.begin, hit.end);
  e.span = Span{b, en};
  e.matched = std::string(original.substr(b, en - b));
  return e;
}

// The reading works on ranks (0 normal, 1 urgent, 2 emergency: Urgency's order) so it can cap
// and raise with min/max.
int urgencyRank(Urgency u) { return static_cast<int>(u); }

Urgency urgencyOfRank(int r) { return r >= 2 ? Urgency::kEmergency : r == 1 ? Urgency::kUrgent : Urgency::kNormal; }

// Clause boundaries of a normalized text: the byte offsets where each clause starts.
void clauseStarts(const std::string& t, std::vector<size_t>* out) {
  std::vector<size_t>& starts = *out;
  starts.assign(1, 0);
  for (size_t i = 0; i < t.size();) {
    size_t len = 1;
    if (isClauseBreak(t, i, &len)) {
      starts.push_back(i + len);
    } else {
      len = utf8Len(static_cast<unsigned char>(t[i]));
    }
    i += len;
  }
}

size_t clauseOf(const std::vector<size_t>& starts, size_t pos) {
  return static_cast<size_t>(std::upper_bound(starts.begin(), starts.end(), pos) - starts.begin()) - 1;
}

// Modifier kinds as bits (ModSet): the reading asks "is this span negated?" many times.
constexpr uint8_t kNegation = 1, kResolution = 2, kHypothesis = 4, kQuotation = 8;

uint8_t modifierBit(const std::string& name) {
  if (name == "negation") return kNegation;
  if (name == "resolution") return kResolution;
  if (name == "hypothesis") return kHypothesis;
  if (name == "quotation") return kQuotation;
  return 0;
}

struct ModSet {
  uint8_t bits = 0;
  bool empty() const { return bits == 0; }
};

struct ScopedHit {
  const Rule* rule;
  const RuleHit* hit;
  size_t clause_b, clause_e;  // clause range of the span
};

}  // namespace

Result<Classification> RulePack::classifyLetter(std::string_view title,
                                                std::string_view body) const {
  std::string whole(title);
  if (!whole.empty()) whole += "。";
  whole += body;
  auto full = classifyImpl(whole, false, true);
  if (!full.isOk() || title.empty()) return full;
  auto head = classifyImpl(title, false, true);
  if (!head.isOk() || !head->hasIntent() || head->category == "social" ||
      head->candidates.empty()) {
    return full;
  }

  // The title's topic first; keep the whole letter's text and entities.
  Classification c = head.value();
  c.text = full->text;
  c.normalized = full->normalized;
  c.entities = full->entities;
  return c;
}

Result<Classification> RulePack::classify(std::string_view text, bool asr) const {
  return classifyImpl(text, asr, false);
}

Result<Classification> RulePack::classifyImpl(std::string_view text, bool asr, bool letter) const {
  // One named Result returned on every path, so the compiler builds it in the caller's place
  // (a Classification returned by value would move all its fields twice).
  Result<Classification> result{Classification{}};
  Status s = classifyInto(text, asr, letter, &result.value());
  if (!s.isOk()) result = Result<Classification>(std::move(s));
  return result;
}

Status RulePack::classifyInto(std::string_view text, bool asr, bool letter,
                              Classification* out) const {
  if (text.size() > kMaxClassifyBytes) {
    return tooLarge("message of " + std::to_string(text.size()) + " bytes exceeds " +
                    std::to_string(kMaxClassifyBytes));
  }
  if (!isValidUtf8(text)) return invalidArgument("message is not valid UTF-8");
  // Per-thread scratch: the normalized text and the tables' rewrite keep their buffers.
  thread_local NormalizedText normalized, rewritten;
  normalizer_->normalizeInto(text, asr, &normalized);
  const NormalizedText& norm = applyTablesTo(normalized, asr, &rewritten);
  // Per-thread scratch (classifyImpl never runs nested on one thread): the match result and the
  // place-blanked text keep their buffers from message to message.
  thread_local MatchResult mr;
  thread_local std::string blanked;
  GG_RETURN_IF_ERROR(
      matcher_->match(withoutPlaceNames(norm.text, &blanked) ? blanked : norm.text, &mr));

  Classification& c = *out;
  c.text = std::string(text);
  c.confirmations = mr.confirmations;
  const auto& rules = matcher_->rules();
  c.candidates.reserve(mr.intents.size());
  for (const RuleHit& h : mr.intents) {
    Candidate cand;
    cand.intent = rules[h.rule]->id;
    cand.priority = h.priority;
    cand.score = h.score;
    cand.explanation = explain(*rules[h.rule], h, norm, text);
    c.candidates.push_back(std::move(cand));
  }

  // Clauses, and the scoped rules (modifiers, acts, contexts) by clause.
  thread_local std::vector<size_t> starts;
  clauseStarts(norm.text, &starts);
  auto clauseRange = [&](size_t b, size_t e) {
    const size_t cb = clauseOf(starts, b);
    const size_t ce = clauseOf(starts, e > b ? e - 1 : b);
    return std::make_pair(cb, ce);
  };
  // Per-thread scratch like mr (the ScopedHits point into it).
  thread_local std::vector<ScopedHit> modifiers, acts, contexts;
  modifiers.clear();
  acts.clear();
  contexts.clear();
  const RuleHit* emergency_flag = nullptr;
  for (const RuleHit& h : mr.flags) {
    const Rule& r = *rules[h.rule];
    auto [cb, ce] = clauseRange(h.begin, h.end);
    ScopedHit sh{&r, &h, cb, ce};
    switch (r.type) {
      case RuleType::kModifier: modifiers.push_back(sh); break;
      case RuleType::kAct: acts.push_back(sh); break;
      case RuleType::kContext: contexts.push_back(sh); break;
      default:
        if (r.id == "emergency") emergency_flag = &h;
        if (r.id == "complaint") c.flags.complaint = true;
        if (r.id == "negative") c.flags.negative = true;
        if (r.id == "escalation_threat") c.flags.escalation_threat = true;
        c.flag_explanations.push_back(explain(r, h, norm, text));
        continue;
    }
    c.rule_explanations.push_back(explain(r, h, norm, text));
  }
  // A resolution in a clause that names no topic of its own ("…停电了，现在已经好了") refers
  // back to the topics before it: its scope reaches back to the first clause (never forward:
  // "电梯修好了，但是楼道灯还是不亮" keeps the light live).
  thread_local std::vector<char> message_scope;
  message_scope.assign(modifiers.size(), 0);
  for (size_t k = 0; k < modifiers.size(); ++k) {
    const ScopedHit& m = modifiers[k];
    if (m.rule->scope == "message") {
      message_scope[k] = 1;
      continue;
    }
    if (m.rule->name != "resolution") continue;
    bool topic_in_clause = false;
    for (const RuleHit& h : mr.intents) {
      if (rules[h.rule]->kind == "social") continue;
      auto [cb, ce] = clauseRange(h.begin, h.end);
      topic_in_clause |= m.clause_b <= ce && m.clause_e >= cb;
    }
    if (!topic_in_clause) modifiers[k].clause_b = 0;
  }
  // The kinds of the modifiers whose scope covers the span [b, e), as bits (the names are
  // validated: negation, resolution, hypothesis, quotation); asked for many spans per message,
  // so no strings. modifierNames gives the names, in the modifiers' order, for the result.
  thread_local std::vector<uint8_t> mod_bit;
  mod_bit.clear();
  for (const ScopedHit& m : modifiers) mod_bit.push_back(modifierBit(m.rule->name));
  auto modifiersOn = [&](size_t b, size_t e) {
    ModSet set;
    auto [cb, ce] = clauseRange(b, e);
    for (size_t k = 0; k < modifiers.size(); ++k) {
      const ScopedHit& m = modifiers[k];
      if (message_scope[k] || (m.clause_b <= ce && m.clause_e >= cb)) set.bits |= mod_bit[k];
    }
    return set;
  };
  auto modifierNames = [&](size_t b, size_t e) {
    std::vector<std::string> names;
    auto [cb, ce] = clauseRange(b, e);
    for (size_t k = 0; k < modifiers.size(); ++k) {
      const ScopedHit& m = modifiers[k];
      const bool in_scope = message_scope[k] || (m.clause_b <= ce && m.clause_e >= cb);
      if (in_scope && std::find(names.begin(), names.end(), m.rule->name) == names.end()) {
        names.push_back(m.rule->name);
      }
    }
    return names;
  };
  auto has = [](ModSet set, uint8_t bit) { return (set.bits & bit) != 0; };

  // The primary reading: the best topic whose clause is not negated or resolved; when every
  // topic is, the best one (the message then reports a resolved or withdrawn matter).
  // Several live problems in one message: the most urgent one is the reading (the first
  // mentioned if equally urgent), among topics with at least half the best topic's evidence.
  int primary = -1;
  ModSet mods;
  double best_score = -1;
  for (size_t k = 0; k < mr.intents.size(); ++k) {
    const RuleHit& h = mr.intents[k];
    const Rule& r = *rules[h.rule];
    if (r.kind == "social") continue;
    auto m = modifiersOn(h.begin, h.end);
    if (has(m, kNegation) || has(m, kResolution)) continue;
    if (primary < 0) {
      primary = static_cast<int>(k);
      mods = m;
      best_score = h.score;
      continue;
    }
    if (letter || h.score < 0.5 * best_score) break;  // ranked by score: the rest weigh less
    const RuleHit& cur = mr.intents[static_cast<size_t>(primary)];
    const int u = urgencyRank(r.urgency), cu = urgencyRank(rules[cur.rule]->urgency);
    if (u > cu || (u == cu && h.begin < cur.begin && u > 0)) {
      primary = static_cast<int>(k);
      mods = m;
    }
  }
  if (primary < 0 && !mr.intents.empty()) {
    // Prefer a withdrawn real topic over social talk (it keeps the category), else the top.
    primary = 0;
    for (size_t k = 0; k < mr.intents.size(); ++k) {
      if (rules[mr.intents[k].rule]->kind != "social") {
        primary = static_cast<int>(k);
        break;
      }
    }
    mods = modifiersOn(mr.intents[primary].begin, mr.intents[primary].end);
  }
  if (primary > 0) {
    // Keep candidates best first, with the chosen reading at the front.
    std::rotate(c.candidates.begin(), c.candidates.begin() + primary,
                c.candidates.begin() + primary + 1);
  }

  std::string topic_kind;
  int urgency = 0;
  if (primary >= 0) {
    const RuleHit& top = mr.intents[static_cast<size_t>(primary)];
    const Rule& r = *rules[top.rule];
    c.intent = r.id;
    c.label = r.label;
    c.category = r.category;
    const Category* cat = intent_category_[static_cast<size_t>(top.rule)];
    c.category_label = cat ? cat->label : "";
    c.dept_class = !r.dept_class.empty() ? r.dept_class : (cat ? cat->dept_class : "");
    topic_kind = r.kind;
    c.base_urgency = r.urgency;
    urgency = urgencyRank(r.urgency);
    c.owner = r.owner;
    c.deadline_class = r.deadline;
    c.score = top.score;
    c.explanation = c.candidates.front().explanation;
  }
  if (primary >= 0) {
    c.modifiers = modifierNames(mr.intents[static_cast<size_t>(primary)].begin,
                                mr.intents[static_cast<size_t>(primary)].end);
  }

  // The speech act: resolution/negation of the reading first, then the act rules (highest
  // priority, then score), then the topic's own kind.
  if (primary >= 0 && (has(mods, kResolution) || has(mods, kNegation)) && topic_kind != "social") {
    c.act = "resolved";
    c.act_rule = has(mods, kResolution) ? "resolution" : "negation";
  } else {
    const ScopedHit* best = nullptr;
    for (const ScopedHit& a : acts) {
      // A problem cue inside a negated, resolved or hypothetical clause reports nothing live;
      // other cues (a question, a complaint) keep their force wherever they are.
      if (a.rule->name == "need") {
        bool live_somewhere = false;
        for (uint32_t k = 0; k < a.hit->span_count; ++k) {
          const auto [b, e] = mr.spans[a.hit->span_first + k];
          auto m = modifiersOn(b, e);
          live_somewhere |= !(has(m, kNegation) || has(m, kResolution) ||
                              has(m, kHypothesis) || has(m, kQuotation));
        }
        if (!live_somewhere) continue;
      }
      // Low-priority social cues (chit-chat, invitations) never decide over a real topic;
      // the next act (a question, say) or the topic's kind does.
      if (a.rule->name == "social" && a.hit->priority < 50 && !topic_kind.empty() &&
          topic_kind != "social") {
        continue;
      }
      if (!best || a.hit->priority > best->hit->priority ||
          (a.hit->priority == best->hit->priority && a.hit->score > best->hit->score)) {
        best = &a;
      }
    }
    if (best) {
      c.act = best->rule->name;
      c.act_rule = best->rule->id;
    }
    if (best && best->rule->name == "resolved" && !topic_kind.empty() && topic_kind != "social" &&
        primary >= 0) {
      // A resolution cue outside the reading's clause: still resolved when no other clause
      // holds an unresolved report (the primary was chosen as unresolved above).
      c.act = topic_kind;
    }
    bool resolution_fired = false;
    for (const ScopedHit& x : modifiers) resolution_fired |= x.rule->name == "resolution";
    // Only social talk was read ("谢谢"), or nothing: a resolution cue anywhere then decides.
    const bool no_live_topic = primary < 0 || topic_kind == "social";
    if (no_live_topic && resolution_fired && (c.act.empty() || c.act == "social")) {
      c.act.clear();  // "it works again, thanks": a resolved report, not just thanks
    }
    if (c.act.empty() && no_live_topic && !modifiers.empty()) {
      // No topic, no act cue, but a modifier: a withdrawal or "it works again" note is a
      // resolved report; hearsay, a hypothesis or a negation with no topic is social talk.
      const ScopedHit* m = &modifiers.front();
      for (const ScopedHit& x : modifiers) {
        if (x.rule->name == "resolution") m = &x;
      }
      c.act = m->rule->name == "resolution" ? "resolved" : "social";
      c.act_rule = m->rule->id;
    }
    if (c.act.empty() && primary < 0 && !text.empty() && norm.text.find_first_not_of(" ,.!?;:~") == std::string::npos) {
      // Only emoji, stickers or punctuation: social talk, understood as such.
      c.act = "social";
      c.act_rule = "emoji_only";
    }
    if (c.act.empty() && primary >= 0 && topic_kind == "need" &&
        (has(mods, kQuotation) || has(mods, kHypothesis))) {
      // Hearsay or a hypothesis about a problem, with no live cue elsewhere: talk, not a report.
      c.act = "social";
      c.act_rule = has(mods, kQuotation) ? "quotation" : "hypothesis";
    }
    if (c.act.empty()) c.act = topic_kind.empty() ? "social" : topic_kind;
    // A policy or service topic (kind question) with a request cue is still a question
    // ("高龄补贴怎么领，要申请吗"); a resolved/complaint reading keeps its act.
    if (c.act == "need" && topic_kind == "question" && (!best || best->hit->priority < 62)) {
      c.act = "question";
    }
    if (c.act == "need" && topic_kind == "social") c.act = "social";
    if (c.act == "question" && topic_kind == "complaint") c.act = "complaint";
  }
  if (primary < 0 && emergency_flag && c.act != "question" && c.act != "resolved") {
    auto m = modifiersOn(emergency_flag->begin, emergency_flag->end);
    if (m.empty()) {
      c.act = "need";  // 救命 / 快来人 with no topic is still a call for help
      c.act_rule = "emergency";
    }
  }
  // An emergency context with no topic (and no question, resolution or hedge) is still a call
  // for help: a need, filed under the context's category. Emergency recall comes first.
  const ScopedHit* topicless_emergency = nullptr;
  if (primary < 0 && c.act != "question" && c.act != "resolved") {
    for (const ScopedHit& h : contexts) {
      if (h.rule->raise != Urgency::kEmergency) continue;
      for (uint32_t k = 0; k < h.hit->span_count && !topicless_emergency; ++k) {
        const auto [b, e] = mr.spans[h.hit->span_first + k];
        if (modifiersOn(b, e).empty()) topicless_emergency = &h;
      }
      if (topicless_emergency) break;
    }
    if (topicless_emergency) {
      c.act = "need";
      c.act_rule = topicless_emergency->rule->id;
    }
  }
  // The act is one of the kinds or "resolved" (act rules are named so, the pack loader checks);
  // none at all is social talk.
  c.kind = c.act == "resolved" ? MessageKind::kSocial : parseMessageKind(c.act).value_or(MessageKind::kSocial);
  if (c.kind == MessageKind::kSocial && c.hasIntent() && c.category != "social") {
    // Social talk (incl. a resolved or withdrawn report) is filed as social; the topic stays
    // in intent/topic_category for the worker who sees it on the open ticket.
    c.topic_category = c.category;
    c.category = "social";
    const Category* cat = social_category_;
    c.category_label = cat ? cat->label : "";
  }

  // Urgency in context. A reading that is not a live report (question, resolved, social,
  // hypothetical, quoted, negated) is never urgent; context rules raise a live report.
  const bool live = c.act == "need" || c.act == "complaint";
  const bool hedged = has(mods, kHypothesis) || has(mods, kNegation);
  if (!live || hedged) urgency = 0;
  // A quoted reading ("听说…着火了") may still be urgent, never an emergency by itself.
  const bool quoted = has(mods, kQuotation);
  if (quoted && urgency > 1) urgency = 1;
  if (live) {
    auto raise = [&](const ScopedHit& h, int to) {  // NOLINT: to may be capped below
      // The strongest reading over every place the rule matched: a cue outside the negated,
      // resolved or hypothetical clause still counts; a quoted one is at most urgent.
      int best_to = -1;
      for (uint32_t k = 0; k < h.hit->span_count; ++k) {
        const auto [b, e] = mr.spans[h.hit->span_first + k];
        auto m = modifiersOn(b, e);
        if (has(m, kNegation) || has(m, kResolution) || has(m, kHypothesis)) continue;
        best_to = std::max(best_to, has(m, kQuotation) ? std::min(to, 1) : to);
      }
      if (best_to < 0) return;
      to = best_to;
      if (to > urgency) {
        urgency = to;
        c.raised_by.push_back(h.rule->id);
      }
    };
    for (const ScopedHit& h : contexts) {
      const auto& only = h.rule->only_categories;
      if (!only.empty() && std::find(only.begin(), only.end(), c.category) == only.end()) continue;
      raise(h, urgencyRank(h.rule->raise));
    }
    if (emergency_flag) {
      auto [cb, ce] = clauseRange(emergency_flag->begin, emergency_flag->end);
      ScopedHit fh{rules[emergency_flag->rule], emergency_flag, cb, ce};
      raise(fh, 2);
    }
  }
  if (topicless_emergency && !topicless_emergency->rule->adopt_intent.empty()) {
    // Filed as the context's intent, so routing has an owner and a deadline.
    for (int k = 0; k < matcher_->intentCount(); ++k) {
      const Rule& r = *rules[static_cast<size_t>(k)];
      if (r.id != topicless_emergency->rule->adopt_intent) continue;
      c.intent = r.id;
      c.label = r.label;
      c.category = r.category;
      c.owner = r.owner;
      c.deadline_class = r.deadline;
      c.base_urgency = r.urgency;
      const Category* cat = category(r.category);
      c.category_label = cat ? cat->label : "";
      c.dept_class = !r.dept_class.empty() ? r.dept_class : (cat ? cat->dept_class : "");
      c.explanation = explain(*topicless_emergency->rule, *topicless_emergency->hit, norm, text);
      break;
    }
  } else if (topicless_emergency && !topicless_emergency->rule->category.empty()) {
    c.category = topicless_emergency->rule->category;
    const Category* cat = category(c.category);
    c.category_label = cat ? cat->label : "";
    c.dept_class = cat ? cat->dept_class : "";
  }
  c.urgency = urgencyOfRank(urgency);
  // Any emergency reading is the emergency flag, and the flag is always an emergency urgency.
  c.flags.emergency = urgency == 2;
  if (c.act == "complaint") c.flags.complaint = true;
  // An escalation threat or a complaint is also negative: the opinion watch counts all three.
  if (c.flags.escalation_threat || c.flags.complaint) c.flags.negative = true;
  c.entities = extractor_->extract(norm);
  c.normalized = norm.text;
  return Status::ok();
}

}  // namespace gg
