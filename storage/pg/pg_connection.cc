#include "storage/pg/pg_connection.h"

#include <pqxx/pqxx>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <vector>

#include "storage/sql/placeholders.h"

namespace gg::pg {
namespace {

class PgStatement : public sql::StatementImpl {
 public:
  PgStatement(PgConnection& c, const std::string& sql)
      : c_(c), numbered_(sql::numberPlaceholders(sql)), params_(numbered_.count),
        casts_(numbered_.count, 't') {}

  void bindText(int i, const std::string& v) override { slot(i, 't') = v; }
  void bindInt(int i, int64_t v) override { slot(i, 'i') = std::to_string(v); }
  void bindReal(int i, double v) override { slot(i, 'r') = pqxx::to_string(v); }
  void bindNull(int i) override { slot(i, 't').reset(); }

  int parameterIndex(const char* name) override {
    auto it = numbered_.names.find(name);
    if (it == numbered_.names.end()) throw std::out_of_range(std::string("no parameter ") + name);
    return it->second;
  }

  bool step() override {
    if (!result_) run();
    ++row_;
    return row_ < static_cast<long>(result_->size());
  }

  int exec() override {
    run();
    return static_cast<int>(result_->affected_rows());
  }

  void reset() override {
    result_.reset();
    row_ = -1;
  }

  int columnIndex(const char* name) override {
    return static_cast<int>(result_->column_number(name));
  }
  bool isNull(int c) override { return field(c).is_null(); }
  std::string text(int c) override {
    const pqxx::field f = field(c);
    return f.is_null() ? std::string() : std::string(f.c_str(), f.size());
  }
  int64_t integer(int c) override {
    const pqxx::field f = field(c);
    if (f.is_null()) return 0;
    const char* s = f.c_str();
    // SQLite answers a comparison with 0/1 and SUM() with an integer; PostgreSQL with a boolean
    // and a numeric. Read them as SQLite's would be read.
    if (s[0] == 't' && s[1] == '\0') return 1;
    if (s[0] == 'f' && s[1] == '\0') return 0;
    char* end = nullptr;
    const long long v = std::strtoll(s, &end, 10);
    if (*end == '\0') return v;
    return static_cast<int64_t>(std::strtod(s, nullptr));
  }
  double real(int c) override {
    const pqxx::field f = field(c);
    return f.is_null() ? 0.0 : std::strtod(f.c_str(), nullptr);
  }

 private:
  // Returns parameter i's value, noting how it was bound (the SQL then casts it).
  std::optional<std::string>& slot(int i, char cast) {
    if (i < 1 || i > static_cast<int>(params_.size())) {
      throw std::out_of_range("parameter " + std::to_string(i) + " out of range");
    }
    if (casts_[i - 1] != cast) {
      casts_[i - 1] = cast;
      typed_sql_.clear();
    }
    return params_[i - 1];
  }

  void run() {
    std::vector<const char*> values;
    values.reserve(params_.size());
    for (const auto& p : params_) values.push_back(p ? p->c_str() : nullptr);
    if (typed_sql_.empty()) typed_sql_ = sql::castParameters(numbered_.sql, casts_);
    result_ = c_.work().exec_params(typed_sql_, pqxx::prepare::make_dynamic_params(values));
    row_ = -1;
  }

  pqxx::field field(int c) {
    if (!result_ || row_ < 0 || row_ >= static_cast<long>(result_->size())) {
      throw std::logic_error("no current row");
    }
    return (*result_)[static_cast<pqxx::result::size_type>(row_)][static_cast<pqxx::row::size_type>(c)];
  }

  PgConnection& c_;
  sql::NumberedSql numbered_;
  std::vector<std::optional<std::string>> params_;
  std::string casts_;      // per parameter: 't' text (or NULL), 'i' integer, 'r' real
  std::string typed_sql_;  // numbered_.sql with the casts; "" = to be made
  std::optional<pqxx::result> result_;
  long row_ = -1;
};

}  // namespace

PgConnection::PgConnection(const std::string& url) : url_(url) { reconnect(); }

PgConnection::~PgConnection() {
  work_.reset();
  conn_.reset();
}

std::unique_ptr<sql::StatementImpl> PgConnection::prepare(const std::string& sql) {
  return std::make_unique<PgStatement>(*this, sql);
}

void PgConnection::execute(const std::string& sql) { work_->exec(sql); }

int64_t PgConnection::lastInsertId() {
  // The session's last sequence value: the identity of the row this connection just inserted.
  return work_->exec("SELECT lastval()")[0][0].as<int64_t>();
}

bool PgConnection::isOpen() const { return conn_ && conn_->is_open(); }

void PgConnection::reconnect() {
  work_.reset();
  conn_.reset();
  conn_ = std::make_unique<pqxx::connection>(url_);
  work_ = std::make_unique<pqxx::nontransaction>(*conn_);
  // Notices ("relation already exists, skipping") are not worth a line on stderr.
  work_->exec("SET client_min_messages TO warning");
}

}  // namespace gg::pg
