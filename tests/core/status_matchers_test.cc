// The test suites' own assertions must fail when they should, or every test built on them could
// pass by accident.

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include "tests/support/status_matchers.h"

namespace gg {
namespace {

Result<int> seven() { return 7; }
Result<int> missing() { return notFound("no ticket 1001"); }

TEST(StatusMatchers, OkPassesOnOkStatusAndResult) {
  EXPECT_OK(Status::ok());
  EXPECT_OK(seven());
}

TEST(StatusMatchers, OkFailsAndPrintsTheStatus) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(conflict("already closed")), "already closed");
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(missing()), "no ticket 1001");
  EXPECT_FATAL_FAILURE(ASSERT_OK(missing()), "is not OK");
}

TEST(StatusMatchers, StatusIsChecksTheCode) {
  EXPECT_STATUS(missing(), Code::kNotFound);
  EXPECT_NONFATAL_FAILURE(EXPECT_STATUS(missing(), Code::kConflict), "expected Code::kConflict");
  EXPECT_NONFATAL_FAILURE(EXPECT_STATUS(seven(), Code::kNotFound), "returned OK");
}

TEST(StatusMatchers, TheExpressionIsEvaluatedOnce) {
  int calls = 0;
  auto counted = [&] {
    ++calls;
    return Status::ok();
  };
  EXPECT_OK(counted());
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace gg
