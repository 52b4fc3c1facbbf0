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

// Returns numbered SQL ($1, $2, …) with "::bigint" after each $N whose casts[N - 1] is 'i' and
// "::float8" where it is 'r'. PostgreSQL otherwise infers a parameter's type from its context,
// and `$1 = 0` makes it a 32-bit integer, too small for a time in milliseconds.
std::string castParameters(const std::string& numbered, const std::string& casts);

}  // namespace gg::sql
