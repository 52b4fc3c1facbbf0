// POST /open311/v2/requests.{json,xml}: a service request becomes a message of the resident
// page's channel "web" and goes through the pipeline like every other channel; the whole input is
// checked before anything is stored.

#include <cmath>
#include <cstdlib>

#include "core/log.h"
#include "core/phone_kind.h"
#include "core/random_code.h"
#include "core/text.h"
#include "server/api_server.h"
#include "server/open311_context.h"
#include "server/open311_view.h"

namespace gg::open311 {
namespace {

constexpr size_t kMaxDescriptionChars = 4000;  // the spec's limit
constexpr size_t kMaxAddressChars = 200;       // a street address, not a letter
constexpr size_t kMaxNameChars = 40;
constexpr size_t kMaxOtherChars = 500;         // email, device_id, account_id, media_url
constexpr size_t kMaxPhoneChars = 20;
constexpr size_t kMaxFormFields = 64;          // the spec names 15; attributes come on top
// The message id of a request (and the token a request without a ticket is followed by).
constexpr const char* kTokenPrefix = "o311-";
constexpr int kTokenChars = 20;                // 100 random bits: nobody guesses another's

// The arguments the spec defines. Accepted and not kept: email, device_id, account_id and
// media_url (nothing here stores them); address_id (no address register here).
const std::initializer_list<const char*> kKnownFields = {
    "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id",
    "email", "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url"};

using Fields = std::map<std::string, std::string>;

// The body as name → value: form-encoded (the spec's) or a JSON object of strings and numbers.
Result<Fields> bodyFields(const httplib::Request& req) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) == 0) {
    auto body = parseJsonBody(req);
    if (!body.isOk()) return body.status();
    Fields out;
    for (auto it = body->begin(); it != body->end(); ++it) {
      const std::string key = it.key().substr(0, 40);
      if (it->is_null()) continue;
      if (it->is_string()) out[it.key()] = it->get<std::string>();
      else if (it->is_number()) out[it.key()] = it->dump();
      else return invalidArgument(key + " must be a string or a number");
    }
    return out;
  }
  if (type.empty() || type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    return parseForm(req.body, kMaxFormFields);
  }
  return invalidArgument("Content-Type must be application/x-www-form-urlencoded or application/json");
}

std::string trimmed(const std::string& v) {
  const auto b = v.find_first_not_of(" \t\r\n");
  return b == std::string::npos ? "" : v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
}

// Reads field name (trimmed) of at most max_chars characters; "" when absent.
Result<std::string> textField(const Fields& f, const char* name, size_t max_chars) {
  auto it = f.find(name);
  if (it == f.end()) return std::string();
  std::string v = trimmed(it->second);
  if (utf8Length(v) > max_chars) {
    return invalidArgument(std::string(name) + " is longer than " + std::to_string(max_chars) + " characters");
  }
  return v;
}

// Parses a WGS84 coordinate in [-limit, limit]; nullopt for anything else.
std::optional<double> coordinate(const std::string& s, double limit) {
  if (s.empty() || s.size() > 32) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v) || v < -limit || v > limit) return std::nullopt;
  return v;
}

bool isAscii(const std::string& s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// What a valid request says, ready to become a message.
struct NewRequest {
  const Service* service = nullptr;
  std::string description;
  std::string address;
  std::string mobile;  // the resident's, for SMS updates; "" = none given
  std::string name;
};

Result<NewRequest> readRequest(const Fields& f, const std::vector<Service>& services) {
  for (const auto& [name, value] : f) {
    if (name.rfind("attribute[", 0) == 0) {
      return invalidArgument("no service here has attributes (" + name.substr(0, 40) + ")");
    }
    bool known = false;
    for (const char* k : kKnownFields) known = known || name == k;
    if (!known) return invalidArgument("unknown argument \"" + name.substr(0, 40) + "\"");
  }
  NewRequest r;
  auto code = textField(f, "service_code", 100);
  if (!code.isOk()) return code.status();
  if (code->empty()) return invalidArgument("service_code is required");
  r.service = findService(services, *code);
  if (!r.service) return invalidArgument("unknown service_code \"" + code->substr(0, 40) + "\"; see services.json");
  auto description = textField(f, "description", kMaxDescriptionChars);
  if (!description.isOk()) return description.status();
  if (description->empty()) return invalidArgument("description is required");
  r.description = *description;
  auto address = textField(f, "address_string", kMaxAddressChars);
  if (!address.isOk()) return address.status();
  r.address = *address;
  const bool has_lat = f.count("lat") > 0, has_long = f.count("long") > 0;
  if (has_lat != has_long) return invalidArgument("lat and long go together");
  if (has_lat && (!coordinate(trimmed(f.at("lat")), 90) || !coordinate(trimmed(f.at("long")), 180))) {
    return invalidArgument("lat must be a number in [-90, 90] and long in [-180, 180] (WGS84)");
  }
  if (r.address.empty() && !has_lat) {
    return invalidArgument(f.count("address_id") ? "address_id is not known here; send address_string or lat/long"
                                                 : "a location is required: address_string or lat and long");
  }
  for (const char* other : {"email", "device_id", "account_id", "media_url", "address_id", "jurisdiction_id"}) {
    auto v = textField(f, other, kMaxOtherChars);
    if (!v.isOk()) return v.status();
  }
  auto phone = textField(f, "phone", kMaxPhoneChars);
  if (!phone.isOk()) return phone.status();
  if (!phone->empty()) {
    r.mobile = mobileForSms(*phone);
    if (r.mobile.empty()) return invalidArgument("phone must be a mobile number (it receives SMS updates)");
  }
  auto first = textField(f, "first_name", kMaxNameChars);
  if (!first.isOk()) return first.status();
  auto last = textField(f, "last_name", kMaxNameChars);
  if (!last.isOk()) return last.status();
  // 王 + 芳 reads 王芳; John + Smith reads John Smith.
  if (isAscii(*first) && isAscii(*last)) r.name = trimmed(*first + " " + *last);
  else r.name = *last + *first;
  return r;
}

// The text the pipeline reads: the chosen service's label first (the resident chose it, as a
// caller names the matter first), the address, then the description.
std::string messageText(const NewRequest& r) {
  std::string text;
  if (r.service->code != kUnclassifiedCode) text = "【" + r.service->name + "】";
  if (!r.address.empty()) text += r.address + "，";
  return text + r.description;
}

}  // namespace

void postRequest(Context& oc, const httplib::Request& req, httplib::Response& res) {
  const Format format = formatOf(req.matches[1].str());
  auto fields = bodyFields(req);
  if (!fields.isOk()) return replyStatus(res, fields.status(), format);
  std::string key = fields->count("api_key") ? fields->at("api_key") : "";
  if (key.empty() && !fields->count("api_key")) key = req.get_param_value("api_key");
  auto holder = keyHolder(oc, req, key, res);
  if (!holder.isOk()) return replyStatus(res, holder.status(), format);
  if (!holder->has_value()) {
    return replyError(res, 401, "api_key is required to post a service request (a token of this gateway)", format);
  }
  const Principal& p = **holder;
  if (p.role == Role::kDepartment) {
    return replyError(res, 403, "a department key may read its requests but not post them", format);
  }
  if (Status j = checkJurisdiction(oc, fields->count("jurisdiction_id") ? fields->at("jurisdiction_id") : "");
      !j.isOk()) {
    return replyStatus(res, j, format);
  }
  const auto services = servicesOf(oc.intents.pack().get());
  auto request = readRequest(*fields, services);
  if (!request.isOk()) return replyStatus(res, request.status(), format);

  InboundEnvelope env;
  // The page's channel: no chat to answer in, the first answer kept on the message, SMS to a
  // mobile. Any other channel name would be answered as a OneBot chat (bot/notifier.cc).
  env.channel = Channel::kWeb;
  env.account = kWebAccount;
  env.platform_msg_id = kTokenPrefix + randomCode(kTokenChars);
  env.chat_type = ChatType::kOpen311;
  env.sender_id = request->mobile.empty() ? kTokenPrefix + randomCode() : request->mobile;
  env.sender_name = request->name;
  env.text = messageText(*request);
  env.sent_at = oc.ctx.clock->now();
  Status s = oc.pipeline.ingest(env);
  if (!s.isOk()) {
    if (s.code() == Code::kInvalidArgument || s.code() == Code::kTooLarge) {
      return replyError(res, 400, "the description cannot be processed", format);
    }
    log::error("open311 request failed by={}: {}", p.actor(), s.message());
    return replyError(res, 503, "the request could not be stored; try again", format);
  }
  nlohmann::ordered_json row;
  s = oc.ctx.store->read([&](Tx& tx) -> Status {
    auto msg = tx.messages().byPlatformId(Channel::kWeb, kWebAccount, env.platform_msg_id);
    if (!msg.isOk()) return msg.status();
    if (!msg->has_value()) return internalError("stored request not found");
    const MessageRecord& m = **msg;
    if (m.ticket_id != 0) row["service_request_id"] = std::to_string(m.ticket_id);
    else row["token"] = env.platform_msg_id;  // answered without a ticket (a notice in force)
    row["service_notice"] = m.reply.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(maskPhonesInText(m.reply));
    row["account_id"] = nullptr;
    log::info("open311 request by={} service={} decision={} ticket={}", p.actor(), request->service->code,
              toString(m.decision), m.ticket_id);
    return Status::ok();
  });
  if (!s.isOk()) return replyStatus(res, s, format);
  reply(res, 201, renderList({row}, format, "service_requests", "request"), format);
}

}  // namespace gg::open311
