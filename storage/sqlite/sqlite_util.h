#pragma once
// Small helpers shared by the SQLite repositories: exception → Status at this boundary.

#include <SQLiteCpp/SQLiteCpp.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/result.h"

namespace gg::sqlite {

// Runs f, turning a SQLite::Exception (or std::exception) into an internal Status, so the SQLite
// wrapper's exceptions never travel past storage/.
template <typename F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const SQLite::Exception& e) {
    return internalError(std::string(what) + ": sqlite: " + e.what());
  } catch (const std::exception& e) {
    return internalError(std::string(what) + ": " + e.what());
  }
}

inline std::string str(SQLite::Statement& q, const char* col) { return q.getColumn(col).getString(); }
inline int64_t i64(SQLite::Statement& q, const char* col) { return q.getColumn(col).getInt64(); }

// Reads a column that holds one of a closed vocabulary (model/domain.h). A value the code does
// not know (a hand-edited row, a newer schema) is an error of the read, never a silent default.
template <typename E>
E enumColumn(SQLite::Statement& q, const char* col, std::optional<E> (*parse)(std::string_view)) {
  const std::string text = str(q, col);
  if (auto e = parse(text)) return *e;
  throw std::runtime_error(std::string("column ") + col + " holds unknown value '" + text + "'");
}

// Reads a column whose '' (the schema's default) is the enum's kNone: a message not decided yet,
// a ticket not assigned yet. Any other value is read as enumColumn does.
template <typename E>
E enumColumnOrNone(SQLite::Statement& q, const char* col,
                   std::optional<E> (*parse)(std::string_view)) {
  if (str(q, col).empty()) return E::kNone;
  return enumColumn(q, col, parse);
}

}  // namespace gg::sqlite
