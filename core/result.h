#pragma once
// Error values for the request path: a Status (code + message) and a Result<T> holding either a
// value or a non-OK Status. Both are [[nodiscard]] so an ignored failure is a compile warning.
// Exceptions are reserved for the edges (config loading, the SQLite wrapper); they are turned
// into a Status at the boundary with Status::fromException-style helpers in those modules.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gg {

enum class Code {
  kOk = 0,
  kInvalidArgument,    // malformed input: 400
  kUnauthenticated,    // missing/bad credentials or signature: 401
  kPermissionDenied,   // authenticated but out of scope: 403
  kNotFound,           // unknown id: 404
  kConflict,           // illegal state change, duplicate: 409
  kTooLarge,           // body over a limit: 413
  kResourceExhausted,  // rate limited, DFA budget exhausted: 429 / 503
  kUnavailable,        // peer down, retry later: 503
  kInternal,           // a bug or an environment failure: 500
};

// Returns a stable lower-case name for the code, used as the "error" field of API answers.
const char* codeName(Code code);
// Returns the HTTP status that an API answer with this code carries.
int httpStatus(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return Status(); }

  bool isOk() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  std::string toString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
};

inline Status invalidArgument(std::string m) { return {Code::kInvalidArgument, std::move(m)}; }
inline Status unauthenticated(std::string m) { return {Code::kUnauthenticated, std::move(m)}; }
inline Status permissionDenied(std::string m) { return {Code::kPermissionDenied, std::move(m)}; }
inline Status notFound(std::string m) { return {Code::kNotFound, std::move(m)}; }
inline Status conflict(std::string m) { return {Code::kConflict, std::move(m)}; }
inline Status tooLarge(std::string m) { return {Code::kTooLarge, std::move(m)}; }
inline Status resourceExhausted(std::string m) { return {Code::kResourceExhausted, std::move(m)}; }
inline Status unavailable(std::string m) { return {Code::kUnavailable, std::move(m)}; }
inline Status internalError(std::string m) { return {Code::kInternal, std::move(m)}; }

// Aborts the process with the status in the message: reading the value of an error Result is a
// programming bug, never a handled condition (see STYLE.md, "What crashes").
[[noreturn]] void dieOnBadResultAccess(const Status& status);

// Holds a T or an error Status. Accessing the value of an error aborts with the error's text.
// Constructing a Result from an OK Status is itself a bug; it becomes an internal error.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit by design
    if (status_.isOk()) status_ = Status(Code::kInternal, "Result built from an OK status without a value");
  }

  bool isOk() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { return checked(); }
  const T& value() const& { return checked(); }
  T&& value() && { return std::move(checked()); }
  T* operator->() { return &checked(); }
  const T* operator->() const { return &checked(); }
  T& operator*() { return checked(); }
  const T& operator*() const { return checked(); }

 private:
  T& checked() {
    if (!value_) dieOnBadResultAccess(status_);
    return *value_;
  }
  const T& checked() const {
    if (!value_) dieOnBadResultAccess(status_);
    return *value_;
  }

  std::optional<T> value_;
  Status status_;  // OK exactly when value_ is set
};

}  // namespace gg

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define GG_RETURN_IF_ERROR(expr)            \
  do {                                      \
    ::gg::Status gg_status_ = (expr);       \
    if (!gg_status_.isOk()) return gg_status_; \
  } while (0)
