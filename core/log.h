#pragma once
// Structured, levelled logs to stderr through spdlog. Call sites log key=value pairs; every line
// passes through maskPhonesInText so a resident's mobile number never reaches a log in clear.
// Secrets and tokens are never passed to the logger at all.

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

#include "core/text.h"

namespace gg::log {

// Configures the process logger (stderr, "2026-11-23T14:00:00.123+08:00 level msg key=value",
// always China time with its zone). level: trace|debug|info|warn|error|off. Safe to call more
// than once.
void init(const std::string& level);

// The line format init() installs, for a sink of one's own (tests).
std::unique_ptr<spdlog::formatter> makeFormatter();

template <typename... Args>
void info(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::info("{}", maskPhonesInText(fmt::format(fmt, std::forward<Args>(args)...)));
}
template <typename... Args>
void warn(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::warn("{}", maskPhonesInText(fmt::format(fmt, std::forward<Args>(args)...)));
}
template <typename... Args>
void error(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  spdlog::error("{}", maskPhonesInText(fmt::format(fmt, std::forward<Args>(args)...)));
}
template <typename... Args>
void debug(spdlog::format_string_t<Args...> fmt, Args&&... args) {
  if (spdlog::should_log(spdlog::level::debug))
    spdlog::debug("{}", maskPhonesInText(fmt::format(fmt, std::forward<Args>(args)...)));
}

}  // namespace gg::log
