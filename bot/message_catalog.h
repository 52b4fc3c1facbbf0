#pragma once
// Every text a resident, worker, department or command centre receives, by key. The built-in
// texts are Chinese; a street may replace any of them in <config>/messages.json, which must
// then name every key (a missing or unknown key, or a text whose placeholders differ from the
// key's, fails `gridgate check` and `serve`). Placeholders are by name: "工单{ticket}已接单".
//
// Why one catalog: people are never to read an English sentence or an error's raw text, and
// wording changes should not need a rebuild.

#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace gg {

class MessageCatalog {
 public:
  using Vars = std::initializer_list<std::pair<std::string_view, std::string>>;

  // The built-in catalog (every key the code uses, with its Chinese text).
  static const MessageCatalog& builtin();

  // Loads a full catalog from a JSON object file {"key": "text", ...}. InvalidArgument naming
  // `file: $.key: problem` for an unknown key, a missing key, a non-string, or placeholders that
  // differ from the built-in text's.
  static Result<MessageCatalog> loadFile(const std::string& path);
  // Loads <config_dir>/messages.json when it exists, else the built-in catalog.
  static Result<MessageCatalog> forConfigDir(const std::string& config_dir);

  // Returns the text of key with every {name} replaced by its value. An unknown key or a
  // missing variable is a programming error: the key itself is returned, so a test sees it.
  std::string text(std::string_view key, Vars vars = {}) const;

  bool has(std::string_view key) const { return texts_.count(std::string(key)) > 0; }
  size_t size() const { return texts_.size(); }

  // The placeholder names a text uses, in order of first use ("{ticket}…{ticket}" → ticket).
  static std::vector<std::string> placeholdersOf(std::string_view text);

 private:
  std::map<std::string, std::string, std::less<>> texts_;
};

}  // namespace gg
