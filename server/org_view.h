#pragma once
// The JSON views of the organisation served by the API.

#include <nlohmann/json.hpp>

#include "org/model.h"
#include "server/auth.h"

namespace gg {

// Renders the hierarchy visible to principal p: the whole street for admin/street tokens, one
// community for a community token, one grid (inside its community) for a grid token. Phone
// numbers are always masked here: the org view is shown on screens and shared widely.
nlohmann::json orgView(const OrgIndex& org, const Principal& p);

nlohmann::json workerView(const Worker& w);

}  // namespace gg
