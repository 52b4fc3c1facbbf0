#pragma once
// Small helpers shared by the repositories: exception → Status at this boundary.

#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

#include "core/result.h"
#include "storage/sql/connection.h"

namespace gg::sql {

// Runs f, turning an engine's exception (SQLiteCpp's, libpqxx's: all std::exception) into an
// internal Status, so they never travel past storage/.
template <typename F>
auto guarded(const char* what, F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::exception& e) {
    return internalError(std::string(what) + ": " + e.what());
  }
}

inline std::string str(Statement& q, const char* col) { return q.getColumn(col).getString(); }
inline int64_t i64(Statement& q, const char* col) { return q.getColumn(col).getInt64(); }

// Reads a column that holds one of a closed vocabulary (model/domain.h). A value the code does
// not know (a hand-edited row, a newer schema) is an error of the read, never a silent default.
template <typename E>
E enumColumn(Statement& q, const char* col, std::optional<E> (*parse)(std::string_view)) {
  const std::string text = str(q, col);
  if (auto e = parse(text)) return *e;
  throw std::runtime_error(std::string("column ") + col + " holds unknown value '" + text + "'");
}

// Reads a column whose '' (the schema's default) is the enum's kNone: a message not decided yet,
// a ticket not assigned yet. Any other value is read as enumColumn does.
template <typename E>
E enumColumnOrNone(Statement& q, const char* col, std::optional<E> (*parse)(std::string_view)) {
  if (str(q, col).empty()) return E::kNone;
  return enumColumn(q, col, parse);
}

// The column text of an enum value, and '' for "any" (the queries' `?N = ''` filters).
template <typename E>
std::string name(E e) {
  return std::string(toString(e));
}
template <typename E>
std::string nameOrAny(const std::optional<E>& e) {
  return e ? std::string(toString(*e)) : std::string();
}

}  // namespace gg::sql
