// gridgate subscribers import FILE.csv: adds a street's own list of residents who get their
// grid's notices by SMS. Every line is checked before anything is stored: one bad line and the
// file is refused whole, with every bad line named, so a half-imported list never exists.

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/bootstrap.h"
#include "app/cmd_subscribers.h"
#include "bot/sms_subscribers.h"
#include "core/clock.h"

namespace gg {
namespace {

struct SubscriberOptions {
  std::string config = "config/demo";
  std::string db;
  std::string file;
};

constexpr size_t kMaxImportBytes = 64 << 20;  // a city's list is a few MB; more is a mistake

}  // namespace

void addSubscriberCommands(CLI::App& app) {
  auto opts = std::make_shared<SubscriberOptions>();
  auto* subs = app.add_subcommand("subscribers", "手机群发 subscribers");
  subs->require_subcommand(1);
  subs->add_option("--config", opts->config, "config directory")->capture_default_str();
  subs->add_option("--db", opts->db, "database file (default: from the config)");
  auto* import = subs->add_subcommand("import", "Import grid,phone,name lines from a CSV file");
  import->fallthrough();
  import->add_option("file", opts->file, "CSV file: grid,phone[,name] per line")->required();
  import->callback([opts] {
    std::ifstream in(opts->file, std::ios::binary);
    if (!in) {
      std::cerr << "error: cannot read " << opts->file << "\n";
      throw CLI::RuntimeError(2);
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (text.str().size() > kMaxImportBytes) {
      std::cerr << "error: " << opts->file << " is larger than 64 MiB\n";
      throw CLI::RuntimeError(2);
    }
    auto loaded = loadConfig(opts->config, opts->db, true);
    if (!loaded.isOk()) {
      std::cerr << "error: " << loaded.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    SystemClock clock;
    auto report = importSubscribers(*loaded->store, *loaded->org, text.str(), clock.now());
    if (!report.isOk()) {
      std::cerr << "error: " << opts->file << ": " << report.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << nlohmann::json{{"rows", report->rows}, {"added", report->added}, {"known", report->known}}.dump()
              << "\n";
  });
}

}  // namespace gg
