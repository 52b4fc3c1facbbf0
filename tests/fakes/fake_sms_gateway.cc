#include "tests/fakes/fake_sms_gateway.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

namespace gg::fakes {

FakeSmsGateway::FakeSmsGateway(std::string token) : token_(std::move(token)) {
  server_.server().Post("/send", [this](const httplib::Request& req, httplib::Response& res) {
    const std::string auth = req.get_header_value("Authorization");
    if (auth.empty()) {
      ++auth_failures_;
      res.status = 401;
      return;
    }
    if (auth != "Bearer " + token_) {
      ++auth_failures_;
      res.status = 403;
      return;
    }
    if (down_) {
      res.status = 503;
      return;
    }
    auto body = nlohmann::json::parse(req.body, nullptr, false);
    if (!body.is_object() || !body.contains("to") || !body["to"].is_string() || !body.contains("text") ||
        !body["text"].is_string() || !body.contains("id") || !body["id"].is_string()) {
      res.status = 400;
      return;
    }
    std::lock_guard<std::mutex> lock(mu_);
    sent_.push_back({body["to"], body["text"], body["id"]});
    res.set_content(nlohmann::json{{"id", "sms-" + std::to_string(sent_.size())}}.dump(), "application/json");
  });
}

FakeSmsGateway::~FakeSmsGateway() { server_.stop(); }

void FakeSmsGateway::start() {
  if (!server_.start()) std::abort();
}

std::vector<FakeSmsGateway::Sms> FakeSmsGateway::sent() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sent_;
}

std::vector<std::string> FakeSmsGateway::textsTo(const std::string& number) const {
  std::vector<std::string> out;
  for (const auto& s : sent()) {
    if (s.to == number) out.push_back(s.text);
  }
  return out;
}

}  // namespace gg::fakes
