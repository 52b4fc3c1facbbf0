#include "core/log.h"
#include "core/log_format.h"

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

// %J: the message as the inside of a JSON string: quotes, backslashes and control characters
// escaped, so a newline in a logged value cannot forge a second line. Bytes >= 0x80 pass as they
// are (the messages are UTF-8; invalid bytes were never valid JSON input to begin with).
class JsonMessageFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    for (char c : std::string_view(msg.payload.data(), msg.payload.size())) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        dest.push_back('\\');
        dest.push_back(c);
      } else if (u < 0x20) {
        char esc[8];
        std::snprintf(esc, sizeof(esc), "\\u%04x", u);
        dest.append(esc, esc + 6);
      } else {
        dest.push_back(c);
      }
    }
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<JsonMessageFlag>(); }
};

}  // namespace

std::unique_ptr<spdlog::formatter> makeFormatter() { return makeFormatterFor("text"); }

std::unique_ptr<spdlog::formatter> makeFormatterFor(const std::string& format) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ChinaTimeFlag>('Q');
  if (format == "json") {
    formatter->add_flag<JsonMessageFlag>('J').set_pattern(R"({"time":"%Q","level":"%l","msg":"%J"})");
  } else {
    formatter->set_pattern("%Q %^%l%$ %v");
  }
  return formatter;
}

void init(const std::string& level) { initWithFormat(level, "text"); }

void initWithFormat(const std::string& level, const std::string& format) {
  auto logger = spdlog::get("gridgate");
  if (!logger) {
    logger = spdlog::stderr_color_mt("gridgate");
    spdlog::set_default_logger(logger);
  }
  spdlog::set_formatter(makeFormatterFor(format));
  spdlog::set_level(spdlog::level::from_str(level));
}

}  // namespace gg::log
