// `@name` lexicon references: expanded to literal lists for keywords and terms, and to quoted
// alternations inside regexes.
#include <algorithm>

#include "intents/rule_pack.h"

namespace gg {
namespace {

// Finds the lexicon named at text[pos] (just after '@'): `{name}` or the longest known name.
const std::vector<std::string>* lexiconAt(const std::string& text, size_t pos,
                                          const std::map<std::string, std::vector<std::string>>& lex,
                                          size_t* consumed, std::string* problem) {
  if (pos < text.size() && text[pos] == '{') {
    const size_t close = text.find('}', pos);
    if (close == std::string::npos) {
      *problem = "unclosed @{ in '" + text + "'";
      return nullptr;
    }
    const std::string name = text.substr(pos + 1, close - pos - 1);
    auto it = lex.find(name);
    if (it == lex.end()) {
      *problem = "unknown lexicon @" + name + " in '" + text + "'";
      return nullptr;
    }
    *consumed = close + 1 - pos;
    return &it->second;
  }
  const std::vector<std::string>* best = nullptr;
  size_t best_len = 0;
  for (const auto& [name, terms] : lex) {
    if (name.size() > best_len && text.compare(pos, name.size(), name) == 0) {
      best = &terms;
      best_len = name.size();
    }
  }
  if (!best) {
    *problem = "unknown lexicon after @ in '" + text + "'";
    return nullptr;
  }
  *consumed = best_len;
  return best;
}

void expandInto(const std::string& text, const std::map<std::string, std::vector<std::string>>& lex,
                int depth, std::vector<std::string>* out, std::string* problem) {
  const size_t at = text.find('@');
  if (at == std::string::npos) {
    out->push_back(text);
    return;
  }
  if (depth > 6) {
    *problem = "lexicons nest too deep (a cycle?) in '" + text + "'";
    return;
  }
  size_t consumed = 0;
  const auto* terms = lexiconAt(text, at + 1, lex, &consumed, problem);
  if (!terms) return;
  const std::string head = text.substr(0, at), tail = text.substr(at + 1 + consumed);
  for (const std::string& t : *terms) {
    expandInto(head + t + tail, lex, depth + 1, out, problem);
    if (!problem->empty()) return;
  }
}

}  // namespace

std::vector<std::string> expandLexicon(const std::string& text,
                                       const std::map<std::string, std::vector<std::string>>& lex,
                                       std::string* problem) {
  std::vector<std::string> out;
  problem->clear();
  expandInto(text, lex, 0, &out, problem);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string expandLexiconRegex(const std::string& re,
                               const std::map<std::string, std::vector<std::string>>& lex,
                               std::string* problem) {
  problem->clear();
  std::string out;
  for (size_t i = 0; i < re.size();) {
    if (re[i] == '\\' && i + 1 < re.size()) {
      out += re.substr(i, 2);
      i += 2;
      continue;
    }
    if (re[i] != '@') {
      out += re[i++];
      continue;
    }
    size_t consumed = 0;
    const auto* terms = lexiconAt(re, i + 1, lex, &consumed, problem);
    if (!terms) return re;
    std::vector<std::string> flat;
    for (const auto& t : *terms) {
      auto more = expandLexicon(t, lex, problem);
      if (!problem->empty()) return re;
      flat.insert(flat.end(), more.begin(), more.end());
    }
    // Longest first so the leftmost-first alternation prefers the longer term.
    std::sort(flat.begin(), flat.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
    out += "(?:";
    for (size_t k = 0; k < flat.size(); ++k) {
      if (k) out += "|";
      for (char c : flat[k]) {
        if (std::string("\\.+*?()|[]{}^$").find(c) != std::string::npos) out += '\\';
        out += c;
      }
    }
    out += ")";
    i += 1 + consumed;
  }
  return out;
}

}  // namespace gg
