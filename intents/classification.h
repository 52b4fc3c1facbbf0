#pragma once
// What the intent engine understood of one message: the primary intent (or none), its routing
// attributes, flags for the opinion watch, the entities found, and the explanation (rule, pattern,
// span in the ORIGINAL text). "No intent" is a valid classification (intent empty), not an error.

#include <nlohmann/json.hpp>

#include "core/urgency.h"

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace gg {

// What a message is, for what the bot does with it: a need opens a ticket, a question is
// answered, a complaint is watched or urges an open ticket, social talk is left alone. Derived
// from the speech act and the topic; a resolved report ("已经修好了") is social.
enum class MessageKind : uint8_t { kSocial, kNeed, kQuestion, kComplaint };

std::string_view toString(MessageKind k);
// Parses "social" | "need" | "question" | "complaint"; anything else is nullopt.
std::optional<MessageKind> parseMessageKind(std::string_view text);
inline std::ostream& operator<<(std::ostream& os, MessageKind k) { return os << toString(k); }

// A byte range [begin, end) of the original message.
struct Span {
  size_t begin = 0;
  size_t end = 0;
};

// Why a rule fired: which rule, which of its patterns, and where.
struct Explanation {
  std::string rule;     // intent or flag id
  std::string pattern;  // the pattern as written in the pack ("kw:电梯困人", "re:…", "all:[…]+[…]")
  Span span;            // in the original text
  Span normalized_span; // in the normalized text
  std::string matched;  // the original text inside span
};

struct PlaceEntity {
  std::string name;  // canonical place name
  std::string matched;
  std::string kind;  // compound | community | street
  std::string community_id;
  std::string grid_id;
  Span span;
};

struct AddressEntity {
  std::string kind;  // building | unit | floor | room
  std::string value;  // digits, e.g. "3"
  Span span;
};

struct PhoneEntity {
  std::string number;  // digits only
  Span span;
};

struct TimeEntity {
  std::string text;      // normalized expression, e.g. "明天上午"
  int day_offset = 0;    // 0 today, 1 tomorrow, -1 yesterday
  std::string part;      // morning|noon|afternoon|evening|night|"" (whole day)
  int hour = -1;         // 0-23 when said ("下午3点" -> 15), else -1
  int minute = -1;
  Span span;
};

// An identity-card number (18 digits, the last may be x) or a bank-card-like run (16-19 digits).
// Masked like 3702**********1195 wherever phones are masked.
struct IdNumberEntity {
  std::string kind;    // id_card | bank_card
  std::string number;  // digits (x lower case)
  Span span;
};

// Returns number masked: its first 4 and last 4 characters kept, the rest '*'.
std::string maskIdNumber(const std::string& number);

struct Entities {
  std::vector<PlaceEntity> places;
  std::vector<AddressEntity> addresses;
  std::vector<PhoneEntity> phones;
  std::vector<TimeEntity> times;
  std::vector<IdNumberEntity> id_numbers;
};

struct Flags {
  bool emergency = false;
  bool complaint = false;
  bool negative = false;
  bool escalation_threat = false;  // 要打12345 / 找媒体 / 曝光
};

// A candidate intent that matched, as ranked (for explanations and test-rules output).
struct Candidate {
  std::string intent;
  int priority = 0;
  double score = 0;
  Explanation explanation;
};

struct Classification {
  std::string text;             // the original message
  std::string normalized;       // after the normalizer
  std::string intent;           // empty = no intent understood
  std::string label;            // Chinese label
  std::string category;         // second level of the pack taxonomy (category id); social talk = "social"
  std::string topic_category;   // the topic's own category when category was set to social
  std::string category_label;
  std::string dept_class;       // first-level class (data-set taxonomy, e.g. 城乡建设)
  MessageKind kind = MessageKind::kSocial;  // derived from act + topic
  std::string act;              // need | question | complaint | social | resolved (speech act)
  std::string act_rule;         // the act rule (or modifier) that decided the act; empty = the topic's kind
  Urgency base_urgency = Urgency::kNormal;  // the intent's own urgency before context rules
  std::vector<std::string> modifiers;  // modifiers in the primary reading's scope (negation, …)
  std::vector<std::string> raised_by;  // context / flag rules that raised the urgency
  Urgency urgency = Urgency::kNormal;
  std::string owner;            // "grid" or a department id
  std::string deadline_class;   // e.g. immediate | 2h | 24h | 3d | none
  double score = 0;
  Flags flags;
  std::vector<Explanation> flag_explanations;
  std::vector<Explanation> rule_explanations;  // acts, modifiers and contexts that matched
  Entities entities;
  Explanation explanation;      // of the primary intent
  std::vector<Candidate> candidates;  // every matched intent, best first
  int confirmations = 0;        // regexes confirmed after the prefilter (cost metric)

  bool hasIntent() const { return !intent.empty(); }
  // True when some rule understood the message: a topic, or an act/modifier rule that decided
  // what the writer does (a greeting or a question about an unknown topic). Coverage counts these.
  bool understood() const { return hasIntent() || !act_rule.empty(); }

  // Returns the JSON form printed by `gridgate classify` and served by the API. Phone numbers in
  // entities are masked (138****5678) unless reveal_phones is true; the text itself is not
  // altered (it is the resident's own message, shown to the workers who handle it).
  nlohmann::json toJson(bool reveal_phones = false) const;
};

}  // namespace gg
