#pragma once
// Reading JSON written by people: comments allowed, and every error names the file, the line and
// column, so `gridgate check` can point at the exact spot.

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string>

#include "core/result.h"

namespace gg {

// Parses text (JSON with // and /* */ comments). On error the message is
// "<origin>:<line>:<column>: <what>".
Result<nlohmann::json> parseJsonText(const std::string& text, const std::string& origin);

// Reads and parses a file the same way; a missing or unreadable file is an error naming it.
Result<nlohmann::json> readJsonFile(const std::string& path);

// The one rule for unknown keys, in config files and API bodies alike: every key of obj must be
// in known (keys starting with "_" are comments and always allowed). Otherwise InvalidArgument
// "<where>.<key>: unknown key (known: a, b, c)" — a misspelt key is an error, never ignored.
// A non-object obj is "<where>: must be an object".
Status rejectUnknownKeys(const nlohmann::json& obj, std::initializer_list<const char*> known,
                         const std::string& where);

// Reads a whole file into a string.
Result<std::string> readTextFile(const std::string& path);

}  // namespace gg
