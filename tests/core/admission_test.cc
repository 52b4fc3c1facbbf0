#include "core/admission.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace gg {
namespace {

TEST(AdmissionGate, AdmitsUpToTheLimitAndFreesOnRelease) {
  AdmissionGate gate(2);
  auto p1 = gate.tryEnter();
  auto p2 = gate.tryEnter();
  EXPECT_TRUE(p1);
  EXPECT_TRUE(p2);
  EXPECT_FALSE(gate.tryEnter());
  EXPECT_EQ(gate.rejected(), 1u);
  { auto moved = std::move(p1); }
  EXPECT_EQ(gate.inFlight(), 1);
  EXPECT_TRUE(gate.tryEnter());  // a temporary: released at the end of the statement
  EXPECT_EQ(gate.inFlight(), 1);
}

TEST(AdmissionGate, NeverAdmitsMoreThanTheLimitAcrossThreads) {
  AdmissionGate gate(3);
  std::atomic<int> inside{0}, most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (auto pass = gate.tryEnter()) {
          const int n = ++inside;
          int m = most.load();
          while (n > m && !most.compare_exchange_weak(m, n)) {
          }
          --inside;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_LE(most.load(), 3);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(gate.inFlight(), 0);
}

}  // namespace
}  // namespace gg
