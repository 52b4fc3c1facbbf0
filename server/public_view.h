#pragma once
// What the public (no token) sees of a ticket and of a grid: only what a resident holding a
// tracking code may read — status, level, the handling unit and a timeline of public steps.
// Never a resident's name or number, never a note staff wrote (resolution notes, reasons,
// transfers' targets), never who else reported.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/message_catalog.h"
#include "org/model.h"
#include "storage/ticket_repo.h"

namespace gg {

// Returns s with & < > " ' as HTML entities: safe inside element text and quoted attributes.
std::string htmlEscape(std::string_view s);

// Returns {"ticket_id", "status", "status_text", "level", "level_text", "unit", "can_rate",
// "rating", "created_at", "timeline": [{"at", "action", "text"}]} for ticket t. unit is how a
// resident reads its assignee (the catalog's assignee.* words, phones masked); timeline keeps
// only the public steps of events, in order, each worded by the catalog.
nlohmann::json publicTicketView(const TicketRecord& t, const std::vector<TicketEvent>& events,
                                const std::string& unit, const MessageCatalog& say);

// Returns the on-duty worker of grid at now as the page shows them: {"name", "phone"} with the
// phone masked; both empty when the grid has no worker.
struct PublicWorker {
  std::string name;
  std::string phone_masked;
};
PublicWorker publicWorker(const Grid& grid, Millis now);

}  // namespace gg
