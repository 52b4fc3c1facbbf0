#pragma once
// The whole gateway (fake OneBot, fake SMS gateway, FakeClock) seen from the resident page:
// helpers for the public routes, a notice for binhe-01 and the grid worker's chat commands.

#include <regex>

#include "tests/bot/reach_fixture.h"

namespace gg::test {

class PublicE2E : public ReachE2E {
 protected:
  // Limits for this suite; the flood tests lower them.
  virtual nlohmann::json publicSettings() { return {{"ip_limit", 200}, {"phone_limit", 50}}; }
  nlohmann::json extraSettings() override { return {{"public", publicSettings()}}; }

  struct Answer {
    int status = -1;
    nlohmann::json body;
    std::string raw;
    std::string retry_after;
    std::string content_type;
  };

  Answer send(const std::string& method, const std::string& path, const std::string& body = "") {
    auto r = method == "GET" ? http_->Get(path.c_str()) : http_->Post(path.c_str(), body, "application/json");
    Answer a;
    if (!r) return a;
    a.status = r->status;
    a.raw = r->body;
    a.body = nlohmann::json::parse(r->body, nullptr, false);
    a.retry_after = r->get_header_value("Retry-After");
    a.content_type = r->get_header_value("Content-Type");
    return a;
  }

  Answer report(const nlohmann::json& body) { return send("POST", "/api/public/reports", body.dump()); }
  Answer track(const std::string& code) { return send("GET", "/api/public/tickets/" + code); }
  Answer rate(const std::string& code, const nlohmann::json& body) {
    return send("POST", "/api/public/tickets/" + code + "/rate", body.dump());
  }

  // A notice for binhe-01 that answers questions about the water cut.
  void announceWaterCut(const std::string& title = "滨悦新城临时停水通知") {
    const nlohmann::json body = {{"title", title},
                                 {"body", "因管网抢修，滨悦新城明天8:00至14:00停水，请提前储水。"},
                                 {"target", {{"grids", {"binhe-01"}}}},
                                 {"keywords", {"停水", "来水"}},
                                 {"vars", {{"answer", "【停水】滨悦新城明天8:00至14:00停水，14:00恢复供水。"}}}};
    int status = 0;
    auto created = api("POST", "/api/notices", token("admin"), body.dump(), &status);
    ASSERT_EQ(status, 201) << created.dump();
    deliver();
  }

  // The OneBot user id of the worker who holds ticket id.
  std::string workerOf(int64_t id) {
    const TicketRecord t = ticket(id);
    const Worker* w = gateway_->context().org->worker(t.assignee_id);
    return w ? w->onebot_user_id : "";
  }

  int64_t ticketCount() {
    int64_t total = 0;
    EXPECT_OK(gateway_->store().read([&](Tx& tx) {
      TicketFilter f;
      f.limit = 1;
      auto r = tx.tickets().list(f, &total);
      return r.status();
    }));
    return total;
  }

  int webRows() {
    int n = 0;
    for (const auto& r : outbox()) n += r.message.channel == Channel::kWeb;
    return n;
  }

  // True when s holds a phone number in any written form (11 digits, or a masked one).
  static bool hasPhone(const std::string& s) {
    static const std::regex phone("1[3-9][0-9][-\\s]?[0-9*]{4}[-\\s]?[0-9]{4}");
    return std::regex_search(s, phone);
  }
};

}  // namespace gg::test
