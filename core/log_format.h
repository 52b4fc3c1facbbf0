#pragma once
// The log line formats beyond log.h's default: "text" (log.h's line) or "json", one object a
// line — {"time": "2026-11-23T14:00:00.123+08:00", "level": "info", "msg": "…"} — for a log
// collector. Kept out of log.h, which every file includes.

#include <spdlog/spdlog.h>

#include <memory>
#include <string>

namespace gg::log {

// Configures the process logger like init(level), writing lines in format ("text" or "json";
// the settings reader has refused anything else).
void initWithFormat(const std::string& level, const std::string& format);

// The line format for format ("text" or "json"), for a sink of one's own (tests).
std::unique_ptr<spdlog::formatter> makeFormatterFor(const std::string& format);

}  // namespace gg::log
