#include "core/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <chrono>
#include <memory>

#include "core/clock.h"

namespace gg::log {
namespace {

// %Q: the record's time in China time with its zone, "2026-12-25T09:00:00.123+08:00", whatever
// the machine's zone: every other time gridgate shows (API, chat lines) is China time too.
class ChinaTimeFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const Millis ms = std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count();
    std::string t = formatChinaTime(ms);  // ...T09:00:00+08:00
    char frac[8];
    std::snprintf(frac, sizeof(frac), ".%03d", static_cast<int>(((ms % 1000) + 1000) % 1000));
    const size_t zone = t.size() >= 6 ? t.size() - 6 : t.size();
    t.insert(zone, frac);
    dest.append(t.data(), t.data() + t.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<ChinaTimeFlag>(); }
};

}  // namespace

std::unique_ptr<spdlog::formatter> makeFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ChinaTimeFlag>('Q').set_pattern("%Q %^%l%$ %v");
  return formatter;
}

void init(const std::string& level) {
  auto logger = spdlog::get("gridgate");
  if (!logger) {
    logger = spdlog::stderr_color_mt("gridgate");
    spdlog::set_default_logger(logger);
  }
  spdlog::set_formatter(makeFormatter());
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace gg::log
