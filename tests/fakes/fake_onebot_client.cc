#include "tests/fakes/fake_onebot_client.h"

#include <cstdlib>

namespace gg::fakes {
namespace {

void answer(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

}  // namespace

FakeOneBotClient::FakeOneBotClient(std::string access_token, const Clock* clock)
    : token_(std::move(access_token)), clock_(clock ? clock : &system_clock_) {
  for (const char* action : {"send_group_msg", "send_private_msg", "get_group_msg_history"}) {
    std::string name = action;
    server_.server().Post("/" + name,
                          [this, name](const httplib::Request& req, httplib::Response& res) {
                            handle(name, req, res);
                          });
  }
}

FakeOneBotClient::~FakeOneBotClient() { stop(); }

void FakeOneBotClient::start() {
  if (!server_.start()) std::abort();
}

void FakeOneBotClient::stop() { server_.stop(); }

void FakeOneBotClient::injectFault(FakeFault fault, int count, Millis delay_ms) {
  faults_.inject(fault, count, delay_ms);
}

std::vector<FakeOneBotClient::Call> FakeOneBotClient::calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return calls_;
}

void FakeOneBotClient::handle(const std::string& action, const httplib::Request& req,
                              httplib::Response& res) {
  ++requests_;
  if (!token_.empty()) {
    std::string auth = req.get_header_value("Authorization");
    std::string query = req.get_param_value("access_token");
    std::string given = auth.rfind("Bearer ", 0) == 0 ? auth.substr(7) : query;
    if (auth.empty() && query.empty()) {
      ++auth_failures_;
      return answer(res, 401, {{"status", "failed"}, {"retcode", 1401}});
    }
    if (given != token_) {
      ++auth_failures_;
      return answer(res, 403, {{"status", "failed"}, {"retcode", 1403}});
    }
  }
  if (auto step = faults_.take(); step && FaultPlan::applyDelay(*step)) {
    switch (step->fault) {
      case FakeFault::kServerError:
        return answer(res, 500, {{"status", "failed"}});
      case FakeFault::kRateLimited:
        return answer(res, 429, {{"status", "failed"}});
      default:
        return answer(res, 504, {{"status", "failed"}});
    }
  }
  if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
    return answer(res, 406, {{"status", "failed"}, {"retcode", 1406}});
  }
  auto body = nlohmann::json::parse(req.body, nullptr, false);
  if (action == "get_group_msg_history") return history(body, res);
  const char* id_key = action == "send_group_msg" ? "group_id" : "user_id";
  if (body.is_discarded() || !body.is_object() || !body.contains(id_key) ||
      !body[id_key].is_number_integer() || !body.contains("message") ||
      !body["message"].is_string()) {
    return answer(res, 400, {{"status", "failed"}, {"retcode", 1400}});
  }
  int64_t id;
  {
    std::lock_guard<std::mutex> lock(mu_);
    id = ++next_id_;
    calls_.push_back(Call{action, body, clock_->now(), id});
  }
  answer(res, 200, {{"status", "ok"}, {"retcode", 0}, {"data", {{"message_id", id}}}});
}

void FakeOneBotClient::history(const nlohmann::json& body, httplib::Response& res) {
  if (!body.is_object() || !body.contains("group_id") || !body["group_id"].is_number_integer()) {
    return answer(res, 400, {{"status", "failed"}, {"retcode", 1400}});
  }
  ++history_reads_;
  nlohmann::json messages = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& c : calls_) {
    if (c.action != "send_group_msg" || c.body["group_id"] != body["group_id"]) continue;
    messages.push_back({{"message_type", "group"}, {"message_id", c.message_id}, {"time", c.at_ms / 1000},
                        {"self_id", kSelfId}, {"user_id", kSelfId}, {"group_id", body["group_id"]},
                        {"raw_message", c.body["message"]}});
  }
  answer(res, 200, {{"status", "ok"}, {"retcode", 0}, {"data", {{"messages", messages}}}});
}

}  // namespace gg::fakes
