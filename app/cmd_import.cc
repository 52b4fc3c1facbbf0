#include "app/cmd_import.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/bootstrap.h"
#include "bot/message_catalog.h"
#include "core/json_file.h"
#include "org/generator.h"
#include "org/loader.h"
#include "org/roster.h"
#include "org/sheet.h"
#include "org/xlsx_reader.h"
#include "server/settings.h"

namespace gg {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The files of a config directory that a roster does not hold, copied from --base as they are
// (the responsibility list names departments of departments.json, so the two travel together).
constexpr const char* kCopiedFiles[] = {"departments.json", "messages.json", "notices.json",
                                        "responsibilities.json", "calendar.json"};

// The settings keys that hold paths relative to the config directory (server/settings.cc).
bool isConfigRelative(const std::string& p) { return !p.empty() && fs::path(p).is_relative(); }

// A path as written from dir: relative when the two share a top-level directory (the pair can
// move together), else absolute (a relative spelling would only be a fragile absolute one).
std::string pathFrom(const fs::path& target, const std::string& dir) {
  const fs::path abs = fs::weakly_canonical(fs::absolute(target));
  const fs::path from = fs::weakly_canonical(fs::absolute(dir));
  const auto first = [](const fs::path& p) {
    auto it = p.begin();
    return it != p.end() && ++it != p.end() ? *it : fs::path();
  };
  if (first(abs) != first(from)) return abs.string();
  const fs::path rel = abs.lexically_relative(from);
  return rel.empty() ? abs.string() : rel.string();
}

// Re-points one config-relative path of base's settings so it names the same file from out.
bool rebase(json& value, const std::string& base, const std::string& out) {
  if (!value.is_string() || !isConfigRelative(value.get<std::string>())) return false;
  const std::string moved = pathFrom(fs::path(base) / value.get<std::string>(), out);
  if (moved == value.get<std::string>()) return false;
  value = moved;
  return true;
}

Result<std::string> readFile(const std::string& path) {
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (ec) return notFound(path + ": cannot read (" + ec.message() + ")");
  if (size > kMaxSheetBytes) {
    return invalidArgument(path + ": larger than " + std::to_string(kMaxSheetBytes >> 20) +
                           " MiB; a roster is a few hundred rows");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return notFound(path + ": cannot read");
  return text.str();
}

Status writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return internalError(path.string() + ": cannot write file");
  return Status::ok();
}

Result<Sheet> readSheet(const ImportOptions& o) {
  std::string ext = fs::path(o.file).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext != ".csv" && ext != ".xlsx" && ext != ".xlsm") {
    return invalidArgument(o.file + ": " +
                           (ext == ".xls" ? "an Excel 97-2003 workbook (.xls): save it as .xlsx or "
                                            "as CSV UTF-8"
                                          : "not a roster file: give a .csv (UTF-8) or an .xlsx"));
  }
  auto bytes = readFile(o.file);
  if (!bytes.isOk()) return bytes.status();
  return ext == ".csv" ? parseCsvSheet(*bytes, o.file) : readXlsxSheet(*bytes, o.file);
}

// The street of the import: from the flags, else nullopt (base's street.json is copied).
Result<std::optional<Street>> streetFrom(const ImportOptions& o) {
  const int given = !o.street_id.empty() + !o.street_name.empty() + !o.street_phone.empty();
  if (given == 0) {
    std::error_code ec;
    if (!o.base.empty() && fs::exists(fs::path(o.base) / "street.json", ec)) {
      return std::optional<Street>();
    }
    return invalidArgument(
        "street.json: the roster has no street: give --base DIR (a config directory to take "
        "street.json, departments.json, messages.json, notices.json, responsibilities.json, "
        "calendar.json and gridgate.json from) or "
        "--street-id, --street-name and --street-phone");
  }
  if (given < 3) {
    return invalidArgument("street.json: --street-id, --street-name and --street-phone go together");
  }
  Street s;
  s.id = o.street_id;
  s.name = o.street_name;
  s.contact.name = o.street_contact.empty() ? o.street_name + "指挥中心" : o.street_contact;
  s.contact.phone = o.street_phone;
  return std::optional<Street>(std::move(s));
}

// gridgate.json for out: base's with its paths re-pointed (as written when none moves, so its
// comments stay), else one naming the rule pack.
Result<std::string> settingsText(const ImportOptions& o) {
  const fs::path from = fs::path(o.base) / "gridgate.json";
  std::error_code ec;
  if (o.base.empty() || !fs::exists(from, ec)) {
    return json{{"rule_packs", {pathFrom(o.rules.empty() ? defaultRulePackDir() : o.rules, o.out)}}}.dump(2) + "\n";
  }
  auto text = readTextFile(from.string());
  if (!text.isOk()) return text.status();
  auto j = parseJsonText(*text, from.string());
  if (!j.isOk()) return j.status();
  if (!j->is_object()) return invalidArgument(from.string() + ": $: must be an object");
  bool moved = false;
  if (j->contains("rule_packs") && (*j)["rule_packs"].is_array()) {
    for (auto& p : (*j)["rule_packs"]) moved = rebase(p, o.base, o.out) || moved;
  }
  if (j->contains("web_dir")) moved = rebase((*j)["web_dir"], o.base, o.out) || moved;
  if (j->contains("database") && (*j)["database"].is_object() && (*j)["database"].contains("path")) {
    moved = rebase((*j)["database"]["path"], o.base, o.out) || moved;
  }
  if (!moved) return *text;
  (*j)["_imported"] = "from " + from.string() + ", its paths re-pointed to the same files";
  return j->dump(2) + "\n";
}

// A scratch directory next to out, so the final rename stays on one filesystem.
Result<fs::path> scratchDirFor(const fs::path& out) {
  std::error_code ec;
  const fs::path parent = fs::absolute(out).parent_path();
  fs::create_directories(parent, ec);
  if (ec) return internalError(parent.string() + ": " + ec.message());
  std::string tmpl = (parent / ("." + out.filename().string() + ".import-XXXXXX")).string();
  if (::mkdtemp(tmpl.data()) == nullptr) return internalError(tmpl + ": cannot create");
  // mkdtemp makes it 0700; the config directory it becomes gets the usual umask mode.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  fs::permissions(tmpl, static_cast<fs::perms>(0777 & ~mask), ec);
  return fs::path(tmpl);
}

// Writes the whole config into dir. Returns the files taken from base.
Result<json> writeConfig(const ImportOptions& o, const Org& org, bool street_from_base,
                         const fs::path& dir) {
  GG_RETURN_IF_ERROR(writeOrgConfig(org, dir.string()));
  json copied = json::array();
  std::error_code ec;
  std::vector<std::string> files(std::begin(kCopiedFiles), std::end(kCopiedFiles));
  if (street_from_base) files.insert(files.begin(), "street.json");
  for (const std::string& f : files) {
    const fs::path src = fs::path(o.base) / f;
    if (o.base.empty() || !fs::exists(src, ec)) continue;
    fs::copy_file(src, dir / f, fs::copy_options::overwrite_existing, ec);
    if (ec) return internalError((dir / f).string() + ": cannot copy from " + src.string());
    copied.push_back(f);
  }
  auto settings = settingsText(o);
  if (!settings.isOk()) return settings.status();
  GG_RETURN_IF_ERROR(writeText(dir / "gridgate.json", *settings));
  if (!o.base.empty() && fs::exists(fs::path(o.base) / "gridgate.json", ec)) {
    copied.push_back("gridgate.json");
  }
  return copied;
}

// Loads dir as `gridgate check` does; problems name out, never the scratch directory.
Result<std::shared_ptr<const OrgIndex>> selfCheck(const fs::path& dir, const std::string& out) {
  auto named = [&](const Status& s) {
    std::string msg = s.message();
    const std::string tmp = dir.string();
    for (size_t p = msg.find(tmp); p != std::string::npos; p = msg.find(tmp, p + out.size())) {
      msg.replace(p, tmp.size(), out);
    }
    return invalidArgument("the imported config does not load:\n" + msg);
  };
  auto loaded = loadConfig(dir.string(), "", false);
  if (!loaded.isOk()) return named(loaded.status());
  auto catalog = MessageCatalog::forConfigDir(loaded->settings.config_dir);
  if (!catalog.isOk()) return named(catalog.status());
  return loaded->org;
}

// Puts dir where out is; an old out is moved aside first and removed only once dir is in place.
Status moveIntoPlace(const fs::path& dir, const fs::path& out) {
  std::error_code ec;
  fs::path aside;
  if (fs::exists(out, ec)) {
    aside = dir.string() + ".old";
    fs::rename(out, aside, ec);
    if (ec) return internalError(out.string() + ": cannot move aside: " + ec.message());
  }
  fs::rename(dir, out, ec);
  if (ec) {
    if (!aside.empty()) fs::rename(aside, out, ec);
    return internalError(out.string() + ": cannot put the imported config in place");
  }
  if (!aside.empty()) fs::remove_all(aside, ec);
  return Status::ok();
}

}  // namespace

Result<json> importRoster(const ImportOptions& o) {
  std::error_code ec;
  if (fs::exists(o.out, ec)) {
    if (!fs::is_directory(o.out, ec)) return invalidArgument(o.out + ": exists and is not a directory");
    if (!fs::is_empty(o.out, ec) && !o.force) {
      return invalidArgument(o.out + ": not empty; use --force to replace it");
    }
  }
  if (!o.base.empty() && !fs::is_directory(o.base, ec)) {
    return invalidArgument(o.base + ": --base is not a config directory");
  }
  auto sheet = readSheet(o);
  if (!sheet.isOk()) return sheet.status();
  auto communities = parseRoster(*sheet, o.file);
  auto street = streetFrom(o);
  if (!communities.isOk() || !street.isOk()) {
    std::string msg = communities.isOk() ? "" : communities.status().message();
    if (!street.isOk()) msg += (msg.empty() ? "" : "\n") + street.status().message();
    return invalidArgument(msg);
  }
  Org org;
  org.communities = std::move(*communities);
  if (street->has_value()) org.street = **street;  // else base's street.json replaces the one
                                                    // writeOrgConfig writes
  fs::path out = fs::absolute(o.out).lexically_normal();
  if (out.filename().empty()) out = out.parent_path();  // "DIR/"
  auto dir = scratchDirFor(out);
  if (!dir.isOk()) return dir.status();
  auto cleanup = [&] { fs::remove_all(*dir, ec); };
  auto copied = writeConfig(o, org, !street->has_value(), *dir);
  if (!copied.isOk()) {
    cleanup();
    return copied.status();
  }
  auto loaded = selfCheck(*dir, o.out);
  if (!loaded.isOk()) {
    cleanup();
    return loaded.status();
  }
  if (Status s = moveIntoPlace(*dir, out); !s.isOk()) {
    cleanup();
    return s;
  }
  json summary = orgSummary((*loaded)->org());
  summary["out"] = o.out;
  summary["file"] = o.file;
  summary["copied"] = *copied;
  return summary;
}

void addImportCommand(CLI::App& app) {
  auto o = std::make_shared<ImportOptions>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Write a config directory from a street's grid roster (网格员花名册, CSV or .xlsx)");
  cmd->add_option("file", o->file, "roster.csv (UTF-8) or roster.xlsx; see config/roster-template.csv")
      ->required();
  cmd->add_option("--out", o->out, "Config directory to write")->required();
  cmd->add_option("--base", o->base,
                  "Config directory to take street.json, departments.json, messages.json, "
                  "notices.json, responsibilities.json, calendar.json and gridgate.json from");
  cmd->add_option("--street-id", o->street_id, "Street id, when there is no --base street.json");
  cmd->add_option("--street-name", o->street_name, "Street name, e.g. 滨河街道");
  cmd->add_option("--street-phone", o->street_phone, "The street command centre's phone");
  cmd->add_option("--street-contact", o->street_contact, "The command centre's name (default: <name>指挥中心)");
  cmd->add_option("--rules", o->rules,
                  "Rule pack for a new gridgate.json (without --base; default: the share dir's rules/zh)");
  cmd->add_flag("--force", o->force, "Replace --out when it is not empty");
  cmd->callback([o] {
    if (o->rules.empty()) o->rules = defaultRulePackDir();
    auto summary = importRoster(*o);
    if (!summary.isOk()) {
      std::cerr << summary.status().message() << "\n"
                << "import: nothing written to " << o->out << "\n";
      throw CLI::RuntimeError(summary.status().code() == Code::kInvalidArgument ? 1 : 2);
    }
    std::cout << summary->dump(2) << "\n";
  });
}

}  // namespace gg
