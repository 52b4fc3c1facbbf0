#pragma once
// The one SQL surface the repositories are written against, so each repository's SQL is written
// once for both engines. It is the small part of SQLiteCpp's API the repositories used (bind by
// position or :name, step, exec, columns by index or name); each engine implements it
// (storage/sqlite/sqlite_connection.cc, storage/pg/pg_connection.cc). The few statements whose
// SQL differs per engine ask dialect() and say why next to the branch.
//
// Errors are exceptions (std::exception), as SQLiteCpp's and libpqxx's are: guarded()
// (storage/sql/sql_util.h) turns them into a Status at the repository's edge.

#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

namespace gg::sql {

enum class Dialect { kSqlite, kPostgres };

// One prepared statement of an engine. Parameters are 1-based, columns 0-based.
class StatementImpl {
 public:
  virtual ~StatementImpl() = default;
  virtual void bindText(int index, const std::string& value) = 0;
  virtual void bindInt(int index, int64_t value) = 0;
  virtual void bindReal(int index, double value) = 0;
  virtual void bindNull(int index) = 0;
  // Returns the 1-based index of parameter ":name"; throws if the statement has none.
  virtual int parameterIndex(const char* name) = 0;
  // Advances to the next row (running the statement first); false when there is none.
  virtual bool step() = 0;
  // Runs a statement that returns no rows; returns how many rows it changed.
  virtual int exec() = 0;
  // Makes the statement runnable again; bindings are kept.
  virtual void reset() = 0;
  virtual int columnIndex(const char* name) = 0;
  virtual bool isNull(int column) = 0;
  virtual std::string text(int column) = 0;  // NULL reads as ""
  virtual int64_t integer(int column) = 0;   // NULL reads as 0
  virtual double real(int column) = 0;       // NULL reads as 0
};

// One open connection of an engine. Not thread-safe: the Store gives each one to one thread at a
// time and owns its transactions.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Returns sql compiled for this connection (placeholders ?, ?N and :name).
  virtual std::unique_ptr<StatementImpl> prepare(const std::string& sql) = 0;
  // Runs one or more statements without parameters or rows (DDL, BEGIN, savepoints).
  virtual void execute(const std::string& sql) = 0;
  // Returns the id the last INSERT on this connection generated.
  virtual int64_t lastInsertId() = 0;
};

// A column of the current row, as SQLiteCpp's Column is used.
class Column {
 public:
  Column(StatementImpl& s, int index) : s_(s), index_(index) {}
  std::string getString() const { return s_.text(index_); }
  int64_t getInt64() const { return s_.integer(index_); }
  int getInt() const { return static_cast<int>(s_.integer(index_)); }
  double getDouble() const { return s_.real(index_); }
  bool isNull() const { return s_.isNull(index_); }

 private:
  StatementImpl& s_;
  int index_;
};

// A statement on a connection, with SQLiteCpp's calling conventions.
class Statement {
 public:
  Statement(Connection& c, const std::string& sql) : impl_(c.prepare(sql)) {}

  void bind(int i, const std::string& v) { impl_->bindText(i, v); }
  void bind(int i, const char* v) { impl_->bindText(i, v); }
  void bind(int i, double v) { impl_->bindReal(i, v); }
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
  void bind(int i, T v) { impl_->bindInt(i, static_cast<int64_t>(v)); }
  // Binds NULL.
  void bind(int i) { impl_->bindNull(i); }

  void bind(const char* name, const std::string& v) { bind(impl_->parameterIndex(name), v); }
  void bind(const char* name, const char* v) { bind(impl_->parameterIndex(name), v); }
  void bind(const char* name, double v) { bind(impl_->parameterIndex(name), v); }
  template <typename T, typename = std::enable_if_t<std::is_integral_v<T>>>
  void bind(const char* name, T v) { bind(impl_->parameterIndex(name), v); }
  void bind(const char* name) { bind(impl_->parameterIndex(name)); }

  bool executeStep() { return impl_->step(); }
  int exec() { return impl_->exec(); }
  void reset() { impl_->reset(); }
  Column getColumn(int index) { return Column(*impl_, index); }
  Column getColumn(const char* name) { return Column(*impl_, impl_->columnIndex(name)); }

 private:
  std::unique_ptr<StatementImpl> impl_;
};

}  // namespace gg::sql
