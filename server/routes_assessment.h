#pragma once
// GET /api/assessment?from=&to=&by=worker|grid|community[&community=][&grid=][&format=json|csv]:
// worker assessment (网格员线上考核, bot/assessment.h) of the tickets created in [from, to).
// A grid token sees its grid's workers, a community token its community's, street and admin all;
// a department token 403. Workers' phones are masked for everyone. by=grid and by=community sum
// the same figures over the workers of each grid or community in scope.

#include <string>

#include <nlohmann/json.hpp>

#include "bot/assessment.h"
#include "core/result.h"
#include "model/principal.h"
#include "server/api_server.h"
#include "server/app_context.h"
#include "storage/store.h"

namespace gg {

struct AssessmentQuery {
  Millis from = 0;  // created_at >= from (0 = open)
  Millis to = 0;    // created_at < to (0 = open)
  std::string by = "worker";  // worker | grid | community
  std::string community;      // narrows to one community ("" = the whole scope)
  std::string grid;           // narrows to one grid
  Principal principal;        // whose scope the report covers
  AssessmentWeights weights;
  AssessmentOptions options;  // low_rating, now
};

// Checks q against org: by is worker, grid or community, from is before to, community and grid
// exist (NotFound) and lie in the principal's scope (PermissionDenied; a department token is
// always refused). InvalidArgument names the parameter.
Status checkAssessmentQuery(const OrgIndex& org, const AssessmentQuery& q);

// Reads the period's tickets with their events and returns the report: {"period", "by",
// "scope", "weights", "low_rating", "items": [...], "totals"}. An item of by=worker is one
// worker in scope (also one with no ticket: every rate null) with worker_id, name, role, masked
// phone, grid and community; by=grid/community items carry the grid or community and "workers".
// For admin/street, workers no longer in the organisation who held a ticket are listed last.
// Storage errors are returned; q must have passed checkAssessmentQuery.
Result<nlohmann::json> assessmentReport(Store& store, const OrgIndex& org, const AssessmentQuery& q);

// Registers GET /api/assessment. The weights come from ctx.settings, low_rating from the ticket
// policy (ctx.settings.tickets).
void registerAssessmentRoutes(ApiServer& server, AppContext& ctx);

}  // namespace gg
