#pragma once
// An InboundSink for adapter tests: records what the adapter handed over and answers with the
// status the test chooses. With dedup on, a second envelope with the same platform id is OK and
// not recorded again, as the real pipeline behaves.

#include <mutex>
#include <set>
#include <vector>

#include "model/envelope.h"

namespace gg::test {

class RecordingSink : public InboundSink {
 public:
  explicit RecordingSink(bool dedup = false) : dedup_(dedup) {}

  Status accept(const InboundEnvelope& env) override {
    std::lock_guard<std::mutex> l(mu_);
    if (dedup_ && !seen_.insert(env.platform_msg_id).second) return Status::ok();
    received_.push_back(env);
    return status_;
  }

  void setStatus(Status s) {
    std::lock_guard<std::mutex> l(mu_);
    status_ = std::move(s);
  }
  std::vector<InboundEnvelope> received() const {
    std::lock_guard<std::mutex> l(mu_);
    return received_;
  }
  size_t count() const {
    std::lock_guard<std::mutex> l(mu_);
    return received_.size();
  }

 private:
  const bool dedup_;
  mutable std::mutex mu_;
  std::set<std::string> seen_;
  std::vector<InboundEnvelope> received_;
  Status status_;
};

}  // namespace gg::test
