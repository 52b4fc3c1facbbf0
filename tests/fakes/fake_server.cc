#include "tests/fakes/fake_server.h"

#include <chrono>

namespace gg::fakes {

void FaultPlan::inject(FakeFault fault, int count, Millis delay_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  for (int i = 0; i < count; ++i) steps_.push_back(Step{fault, delay_ms});
}

void FaultPlan::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  steps_.clear();
}

std::optional<FaultPlan::Step> FaultPlan::take() {
  std::lock_guard<std::mutex> lock(mu_);
  if (steps_.empty()) return std::nullopt;
  Step s = steps_.front();
  steps_.pop_front();
  return s;
}

bool FaultPlan::applyDelay(const Step& step) {
  if (step.fault == FakeFault::kSlow || step.fault == FakeFault::kTimeout) {
    std::this_thread::sleep_for(std::chrono::milliseconds(step.delay_ms));
  }
  return step.fault != FakeFault::kSlow;
}

bool FakeServer::start() {
  if (thread_.joinable()) return true;
  server_.set_tcp_nodelay(true);
  // bind_to_any_port also listens, so clients can connect before the accept loop runs.
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) return false;
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // Server::stop() is a no-op until the accept loop is running, so a stop() right after start()
  // would leave join() waiting forever; wait for the loop (0.11.4 has no wait_until_ready()).
  for (int i = 0; i < 5000 && !server_.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return server_.is_running();
}

void FakeServer::stop() {
  if (!thread_.joinable()) return;
  server_.stop();
  thread_.join();
}

}  // namespace gg::fakes
