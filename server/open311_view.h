#pragma once
// What Open311 GeoReport v2 says about this gateway: its services (the rule pack's intents) and
// its service requests (tickets), as rows for server/open311_format.h. A row read without a key
// carries nothing personal: never a resident's name or number, never a staff note, phones in the
// description masked.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/message_catalog.h"
#include "intents/intent_engine.h"
#include "model/principal.h"
#include "org/model.h"
#include "storage/ticket_repo.h"

namespace gg::open311 {

// The service the pipeline files a report under when no rule understands it
// (bot/pipeline.cc): listed too, so every service_code a request carries is a listed service.
inline constexpr const char* kUnclassifiedCode = "unclassified";
inline constexpr const char* kUnclassifiedName = "其他诉求";
inline constexpr const char* kUnclassifiedGroup = "other";

struct Service {
  std::string code;         // the intent id
  std::string name;         // its Chinese label
  std::string group;        // its category id
  std::string description;  // the pack's first example of it, else the label
  std::string keywords;     // a few of its keywords, comma-separated
};

// Returns the services of pack: every intent that is a matter for someone (kind need, question
// or complaint: greetings and chat are no service), in pack order, then "unclassified". Only
// "unclassified" when pack is null (no pack loaded).
std::vector<Service> servicesOf(const RulePack* pack);

// Returns the service with code in services, or nullptr.
const Service* findService(const std::vector<Service>& services, const std::string& code);

// Returns the GeoReport service row {service_code, service_name, description, metadata: false,
// type: "realtime", keywords, group}.
nlohmann::ordered_json serviceRow(const Service& s);

// Returns "open" for a new, assigned or accepted ticket and "closed" for a resolved or closed one.
const char* requestStatus(TicketStatus s);

// Returns the Chinese name of the unit handling t: its grid (a worker holds it), community,
// street or department; "" while nobody holds it.
std::string agencyOf(const TicketRecord& t, const OrgIndex& org);

// Returns the GeoReport request row of ticket t: service_request_id, status, status_notes (the
// catalog's word for its state; for staff also the resolution note), service_name,
// service_code, description, agency_responsible, service_notice, requested_datetime,
// updated_datetime (its latest step), expected_datetime (the resolve deadline), address (compound
// and building), address_id, zipcode, lat, long, media_url (null: not kept). staff: read with a
// key; clear_phones: numbers in clear (admin, street, community keys), masked otherwise.
nlohmann::ordered_json requestRow(const TicketRecord& t, const OrgIndex& org, const MessageCatalog& say,
                                  bool staff, bool clear_phones);

// Returns true when key holder p may read ticket t: the one scope rule of model/principal.h for
// grids and communities; a department its own tickets (assigned to it, or once handled by it).
bool mayRead(const Principal& p, const OrgIndex& org, const TicketRecord& t);

}  // namespace gg::open311
