#pragma once
// Assertions on Status and Result<T>, in the spirit of Abseil's EXPECT_OK / StatusIs: the
// expression is evaluated once, and a failure prints the expression and the status it returned,
// so no test has to hand-write `ASSERT_TRUE(x.isOk()) << x.status().message()`.
//
//   ASSERT_OK(store.write(...));                     // Status or Result<T>
//   EXPECT_STATUS(service.act(...), Code::kConflict); // fails on OK and on any other code

#include <gtest/gtest.h>

#include "core/result.h"

namespace gg::test {

inline const Status& statusOf(const Status& s) { return s; }
template <typename T>
const Status& statusOf(const Result<T>& r) {
  return r.status();
}

template <typename T>
::testing::AssertionResult isOkFormat(const char* text, const T& v) {
  const Status& s = statusOf(v);
  if (s.isOk()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << text << " is not OK: " << s.toString();
}

template <typename T>
::testing::AssertionResult statusIsFormat(const char* text, const char* code_text, const T& v,
                                          Code code) {
  const Status& s = statusOf(v);
  if (s.code() == code) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << text << " returned " << (s.isOk() ? std::string("OK") : s.toString()) << ", expected "
         << code_text << " (" << codeName(code) << ")";
}

}  // namespace gg::test

#define ASSERT_OK(expr) ASSERT_PRED_FORMAT1(::gg::test::isOkFormat, expr)
#define EXPECT_OK(expr) EXPECT_PRED_FORMAT1(::gg::test::isOkFormat, expr)
#define ASSERT_STATUS(expr, code) ASSERT_PRED_FORMAT2(::gg::test::statusIsFormat, expr, code)
#define EXPECT_STATUS(expr, code) EXPECT_PRED_FORMAT2(::gg::test::statusIsFormat, expr, code)
