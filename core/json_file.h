#pragma once
// Reading JSON written by people: comments allowed, and every error names the file, the line and
// column, so `gridgate check` can point at the exact spot.

#include <nlohmann/json.hpp>

#include <string>

#include "core/result.h"

namespace gg {

// Parses text (JSON with // and /* */ comments). On error the message is
// "<origin>:<line>:<column>: <what>".
Result<nlohmann::json> parseJsonText(const std::string& text, const std::string& origin);

// Reads and parses a file the same way; a missing or unreadable file is an error naming it.
Result<nlohmann::json> readJsonFile(const std::string& path);

// Reads a whole file into a string.
Result<std::string> readTextFile(const std::string& path);

}  // namespace gg
