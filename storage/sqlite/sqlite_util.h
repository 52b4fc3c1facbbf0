#pragma once
// Small helpers shared by the SQLite repositories: exception → Status at this boundary.

#include <SQLiteCpp/SQLiteCpp.h>

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

}  // namespace gg::sqlite
