#pragma once
// 手机群发 subscribers: the mobile numbers a grid's notices go to by SMS, and the numbers that
// texted TD (退订) and must never get another broadcast.

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace gg {

struct SubscriberRecord {
  std::string phone;    // national mobile number, 13812345678
  std::string grid_id;
  std::string name;
  std::string source;   // import | hotline | sms | onebot | wecom
  Millis created_at = 0;
};

class SubscriberRepo {
 public:
  virtual ~SubscriberRepo() = default;
  // Adds (phone, grid_id) unless already there; returns true if it was new. A known subscriber
  // keeps its first source and name.
  virtual Result<bool> add(const SubscriberRecord& rec) = 0;
  // Returns the subscribers of the grids, each number once (its first grid), opted-out numbers
  // left out, ordered by phone.
  virtual Result<std::vector<SubscriberRecord>> forGrids(const std::vector<std::string>& grid_ids) = 0;
  // Records that phone opted out (idempotent); returns true if it was not opted out before.
  virtual Result<bool> optOut(const std::string& phone, int64_t message_id, Millis at) = 0;
  virtual Result<bool> isOptedOut(const std::string& phone) = 0;
};

}  // namespace gg
