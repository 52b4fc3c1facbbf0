#include "storage/sql/placeholders.h"

#include <cctype>

namespace gg::sql {
namespace {

bool isNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

NumberedSql numberPlaceholders(const std::string& sql) {
  NumberedSql out;
  out.sql.reserve(sql.size() + 16);
  size_t i = 0;
  const size_t n = sql.size();
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy the quoted text, a doubled quote included, through its closing quote.
      const size_t end = sql.find(c, i + 1);
      const size_t stop = end == std::string::npos ? n : end + 1;
      out.sql.append(sql, i, stop - i);
      i = stop;
      continue;
    }
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      const size_t end = sql.find('\n', i);
      const size_t stop = end == std::string::npos ? n : end;
      out.sql.append(sql, i, stop - i);
      i = stop;
      continue;
    }
    if (c == '?') {
      size_t j = i + 1;
      while (j < n && std::isdigit(static_cast<unsigned char>(sql[j]))) ++j;
      const int number = j > i + 1 ? std::stoi(sql.substr(i + 1, j - i - 1)) : out.count + 1;
      if (number > out.count) out.count = number;
      out.sql += "$" + std::to_string(number);
      i = j;
      continue;
    }
    if (c == ':' && i + 1 < n && sql[i + 1] == ':') {  // a PostgreSQL cast, left alone
      out.sql += "::";
      i += 2;
      continue;
    }
    if (c == ':' && i + 1 < n && isNameChar(sql[i + 1])) {
      size_t j = i + 1;
      while (j < n && isNameChar(sql[j])) ++j;
      const std::string name = sql.substr(i, j - i);
      auto it = out.names.find(name);
      if (it == out.names.end()) it = out.names.emplace(name, ++out.count).first;
      out.sql += "$" + std::to_string(it->second);
      i = j;
      continue;
    }
    out.sql += c;
    ++i;
  }
  return out;
}

std::string castParameters(const std::string& numbered, const std::string& casts) {
  std::string out;
  out.reserve(numbered.size() + 8 * casts.size());
  const size_t n = numbered.size();
  size_t i = 0;
  while (i < n) {
    const char c = numbered[i];
    if (c == '\'' || c == '"') {
      const size_t end = numbered.find(c, i + 1);
      const size_t stop = end == std::string::npos ? n : end + 1;
      out.append(numbered, i, stop - i);
      i = stop;
      continue;
    }
    if (c == '-' && i + 1 < n && numbered[i + 1] == '-') {
      const size_t end = numbered.find('\n', i);
      const size_t stop = end == std::string::npos ? n : end;
      out.append(numbered, i, stop - i);
      i = stop;
      continue;
    }
    if (c == '$' && i + 1 < n && std::isdigit(static_cast<unsigned char>(numbered[i + 1]))) {
      size_t j = i + 1;
      while (j < n && std::isdigit(static_cast<unsigned char>(numbered[j]))) ++j;
      const size_t k = std::stoul(numbered.substr(i + 1, j - i - 1));
      out.append(numbered, i, j - i);
      if (k >= 1 && k <= casts.size()) {
        if (casts[k - 1] == 'i') out += "::bigint";
        else if (casts[k - 1] == 'r') out += "::float8";
      }
      i = j;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

}  // namespace gg::sql
