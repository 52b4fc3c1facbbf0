#pragma once
// A bound on work in flight: at most `limit` holders at once, and whoever comes past it is told
// no at once instead of queueing. In front of the write path it keeps an overload from turning
// into unbounded latency: a burst beyond what the database commits in time is refused quickly
// (the hooks answer 503 with Retry-After, and OneBot and WeCom clients retry), while what is
// admitted still waits for only `limit` others. Thread-safe; an atomic counter, no lock.
//
//   if (auto pass = gate.tryEnter()) { … work … }  // the pass leaves on destruction
//   else { answer 503 }

#include <atomic>
#include <cstdint>

namespace gg {

class AdmissionGate {
 public:
  // limit >= 1: holders admitted at once.
  explicit AdmissionGate(int limit) : limit_(limit < 1 ? 1 : limit) {}
  AdmissionGate(const AdmissionGate&) = delete;
  AdmissionGate& operator=(const AdmissionGate&) = delete;

  class Pass {
   public:
    Pass() = default;
    explicit Pass(AdmissionGate* gate) : gate_(gate) {}
    Pass(Pass&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
    Pass& operator=(Pass&& o) noexcept {
      if (this != &o) {
        release();
        gate_ = o.gate_;
        o.gate_ = nullptr;
      }
      return *this;
    }
    ~Pass() { release(); }
    // True when admitted.
    explicit operator bool() const { return gate_ != nullptr; }

   private:
    void release() {
      if (gate_) gate_->in_flight_.fetch_sub(1, std::memory_order_acq_rel);
      gate_ = nullptr;
    }
    AdmissionGate* gate_ = nullptr;
  };

  // Returns an admitting Pass when fewer than limit() are inside, else an empty one (and counts
  // the refusal).
  Pass tryEnter() {
    int now = in_flight_.load(std::memory_order_relaxed);
    while (now < limit_) {
      if (in_flight_.compare_exchange_weak(now, now + 1, std::memory_order_acq_rel)) return Pass(this);
    }
    rejected_.fetch_add(1, std::memory_order_relaxed);
    return Pass();
  }

  int limit() const { return limit_; }
  int inFlight() const { return in_flight_.load(std::memory_order_relaxed); }
  // Returns how many tryEnter() calls were refused since start.
  uint64_t rejected() const { return rejected_.load(std::memory_order_relaxed); }

 private:
  const int limit_;
  std::atomic<int> in_flight_{0};
  std::atomic<uint64_t> rejected_{0};
};

}  // namespace gg
