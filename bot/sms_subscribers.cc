#include "bot/sms_subscribers.h"

#include <sstream>

#include "core/phone_kind.h"
#include "core/text.h"

namespace gg {
namespace {

std::string trim(const std::string& s) {
  const char* ws = " \t\r\n";
  const auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

// Splits one CSV line on commas (full-width "，" too: lists typed in Chinese spreadsheets use
// it). Quoted fields are not needed for grid ids, numbers and names, and are refused.
std::vector<std::string> fields(const std::string& line) {
  std::string s = line;
  for (size_t at = s.find("，"); at != std::string::npos; at = s.find("，", at)) s.replace(at, 3, ",");
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string f;
  while (std::getline(in, f, ',')) out.push_back(trim(f));
  if (!s.empty() && s.back() == ',') out.push_back("");
  return out;
}

}  // namespace

Status subscribeCaller(Tx& tx, const InboundEnvelope& env, const std::string& grid_id, Millis now) {
  // A page reporter's sender id is the mobile they left (else a random id that is no number).
  if (grid_id.empty() || (env.channel != Channel::kHotline && env.channel != Channel::kSms && env.channel != Channel::kWeb)) {
    return Status::ok();
  }
  const std::string mobile = mobileForSms(env.sender_id);
  if (mobile.empty()) return Status::ok();  // a landline cannot receive 手机群发
  SubscriberRecord r;
  r.phone = mobile;
  r.grid_id = grid_id;
  r.name = env.sender_name;
  r.source = std::string(toString(env.channel));
  r.created_at = now;
  return tx.subscribers().add(r).status();
}

Result<SubscriberImport> importSubscribers(Store& store, const OrgIndex& org,
                                           const std::string& csv_text, Millis now) {
  if (!isValidUtf8(csv_text)) return invalidArgument("the file is not UTF-8 text");
  std::vector<SubscriberRecord> rows;
  std::string errors;
  std::stringstream in(csv_text);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);  // Excel's BOM
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    const auto f = fields(t);
    if (number == 1 && !f.empty() && (f[0] == "grid" || f[0] == "grid_id" || f[0] == "网格")) continue;
    const std::string where = "line " + std::to_string(number) + ": ";
    if (f.size() < 2 || f.size() > 3 || t.find('"') != std::string::npos) {
      errors += where + "expected grid,phone[,name]\n";
      continue;
    }
    if (!org.grid(f[0])) {
      errors += where + "unknown grid \"" + f[0] + "\"\n";
      continue;
    }
    const std::string mobile = mobileForSms(f[1]);
    if (mobile.empty()) {
      // The number itself is not echoed: this message may end up in a log.
      errors += where + "phone " + maskPhone(f[1]) + " is not a mobile number\n";
      continue;
    }
    SubscriberRecord r;
    r.phone = mobile;
    r.grid_id = f[0];
    r.name = f.size() > 2 ? f[2] : "";
    r.source = "import";
    r.created_at = now;
    rows.push_back(std::move(r));
  }
  if (!errors.empty()) {
    errors.pop_back();
    return invalidArgument("nothing imported:\n" + errors);
  }
  SubscriberImport report;
  report.rows = static_cast<int>(rows.size());
  GG_RETURN_IF_ERROR(store.write([&](Tx& tx) -> Status {
    for (const auto& r : rows) {
      auto added = tx.subscribers().add(r);
      if (!added.isOk()) return added.status();
      (*added ? report.added : report.known) += 1;
    }
    return Status::ok();
  }));
  return report;
}

}  // namespace gg
