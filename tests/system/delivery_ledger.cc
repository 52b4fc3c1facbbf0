#include "tests/system/delivery_ledger.h"

#include <map>
#include <tuple>

#include "adapters/onebot/onebot_sender.h"

namespace gg::test {
namespace {

using Key = std::tuple<std::string, std::string, std::string>;

Key keyOf(const OutboxRecord& row) {
  const auto& m = row.message;
  return {std::string(toString(m.channel)), m.target, m.channel == Channel::kOneBot ? OneBotSender::buildMessage(m) : m.text};
}

Key keyOf(const Accepted& a) {
  std::string text = a.text;
  // The robot's markdown puts "<@id>…" mentions on a first line of their own.
  if (a.channel == "wecom_robot" && text.rfind("<@", 0) == 0) {
    auto nl = text.find('\n');
    if (nl != std::string::npos) text = text.substr(nl + 1);
  }
  return {a.channel, a.target, text};
}

bool mustGo(const OutboxRecord& r) { return r.status != OutboxStatus::kStandby && r.status != OutboxStatus::kCancelled; }

}  // namespace

int acceptedCount(const OutboxRecord& row, const std::vector<Accepted>& accepted) {
  const Key k = keyOf(row);
  int n = 0;
  for (const auto& a : accepted) n += keyOf(a) == k;
  return n;
}

LedgerCounts reconcile(const std::vector<OutboxRecord>& rows, const std::vector<Accepted>& accepted) {
  LedgerCounts c;
  std::map<Key, int> want, got, not_sent;
  for (const auto& r : rows) {
    if (!mustGo(r)) continue;
    ++c.rows;
    if (r.status == OutboxStatus::kSent) {
      ++c.sent;
      ++want[keyOf(r)];
    } else {
      ++c.undelivered;
      ++not_sent[keyOf(r)];
      if (c.examples.size() < 8) {
        c.examples.push_back("row " + std::to_string(r.id) + " " + std::string(toString(r.status)) + " " + std::string(toString(r.message.channel)) + ":" +
                             r.message.target + " error=" + r.last_error);
      }
    }
  }
  for (const auto& a : accepted) ++got[keyOf(a)];
  for (const auto& [k, n] : want) {
    const int g = got.count(k) ? got[k] : 0;
    if (g < n) {
      c.lost += n - g;
      if (c.examples.size() < 8) c.examples.push_back("lost " + std::get<0>(k) + ":" + std::get<1>(k) + " " + std::get<2>(k));
    }
    if (g > n) c.double_sent += g - n;
  }
  for (const auto& [k, g] : got) {
    if (want.count(k)) continue;
    // A row still sending (its lease not yet over) may already be at the platform.
    const int pending = not_sent.count(k) ? not_sent[k] : 0;
    if (g > pending) {
      c.phantom += g - pending;
      if (c.examples.size() < 8) c.examples.push_back("phantom " + std::get<0>(k) + ":" + std::get<1>(k) + " " + std::get<2>(k));
    }
  }
  return c;
}

}  // namespace gg::test
