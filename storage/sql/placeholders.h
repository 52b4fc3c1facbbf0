#pragma once
// Rewrites SQLite's parameter spellings (?, ?N, :name) into PostgreSQL's ($N), so a repository's
// SQL is written once. Numbering follows SQLite's rule: ?N is N; a bare ? and the first use of a
// :name take one more than the largest number so far; a :name used again keeps its number.
// Quoted text ('…', "…") and -- comments are copied as they are.

#include <map>
#include <string>

namespace gg::sql {

struct NumberedSql {
  std::string sql;                    // with $1, $2, …
  std::map<std::string, int> names;   // ":name" → its number
  int count = 0;                      // the largest number used
};

// Returns sql with every placeholder numbered as above.
NumberedSql numberPlaceholders(const std::string& sql);

}  // namespace gg::sql
