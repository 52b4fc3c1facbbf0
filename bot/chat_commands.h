#pragma once
// The commands grid workers (and residents, for ratings) type in a chat:
//   接单 123 · 办结 123 已联系物业修复 · 转派 123 城管 · 升级 123 需要社区协调 · 退回 123 不属于本网格
//   评价 123 5 · 未解决 123 还是漏水
// The number may follow the verb with or without a space, "#" or "号"; full-width digits count.

#include <optional>
#include <string>

namespace gg {

struct ChatCommand {
  std::string action;  // accept | resolve | transfer | escalate | reject | rate | reopen
  int64_t ticket_id = 0;
  std::string argument;  // the rest of the line: note, transfer target, rating
};

// Returns the command a line expresses, or nullopt if it is not one.
std::optional<ChatCommand> parseChatCommand(const std::string& text);

}  // namespace gg
