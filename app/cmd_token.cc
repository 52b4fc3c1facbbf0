#include <iostream>

#include "app/bootstrap.h"
#include "app/cmd_core.h"
#include "core/clock.h"
#include "server/auth.h"

namespace gg {
namespace {

struct TokenOptions {
  std::string config = "config/demo";
  std::string db;
  std::string role;
  std::string scope;
  std::string name;
  int64_t id = 0;
};

int fail(const Status& s) {
  std::cerr << "error: " << s.message() << "\n";
  return 1;
}

}  // namespace

void addTokenCommands(CLI::App& app) {
  auto opts = std::make_shared<TokenOptions>();
  auto* token = app.add_subcommand("token", "Create, list and revoke API tokens");
  token->require_subcommand(1);
  token->add_option("--config", opts->config, "config directory")->capture_default_str();
  token->add_option("--db", opts->db, "database file (default: from the config)");

  auto* create = token->add_subcommand("create", "Create a token and print it once");
  create->fallthrough();
  create->add_option("--role", opts->role, "admin | street | community | grid | department")->required();
  create->add_option("--scope", opts->scope, "community, grid or department id");
  create->add_option("--name", opts->name, "who or what holds the token");
  create->callback([opts] {
    auto loaded = loadConfig(opts->config, opts->db, true);
    if (!loaded.isOk()) throw CLI::RuntimeError(fail(loaded.status()));
    SystemClock clock;
    auto secret = createToken(*loaded->store, *loaded->org, opts->role, opts->scope, opts->name,
                              clock.now());
    if (!secret.isOk()) throw CLI::RuntimeError(fail(secret.status()));
    std::cout << *secret << "\n";
    std::cerr << "Store it now: it is shown once and kept only as a hash.\n";
  });

  auto* list = token->add_subcommand("list", "List tokens (never their secrets)");
  list->fallthrough();
  list->callback([opts] {
    auto loaded = loadConfig(opts->config, opts->db, true);
    if (!loaded.isOk()) throw CLI::RuntimeError(fail(loaded.status()));
    Status s = loaded->store->read([&](Tx& tx) {
      auto rows = tx.tokens().list();
      if (!rows.isOk()) return rows.status();
      std::cout << "id\trole\tscope\tname\tcreated\trevoked\n";
      for (const auto& t : *rows) {
        std::cout << t.id << "\t" << t.role << "\t" << t.scope << "\t" << t.name << "\t"
                  << formatChinaTime(t.created_at) << "\t"
                  << (t.revoked_at ? formatChinaTime(t.revoked_at) : "-") << "\n";
      }
      return Status::ok();
    });
    if (!s.isOk()) throw CLI::RuntimeError(fail(s));
  });

  auto* revoke = token->add_subcommand("revoke", "Revoke a token by id");
  revoke->fallthrough();
  revoke->add_option("id", opts->id, "token id (see token list)")->required();
  revoke->callback([opts] {
    auto loaded = loadConfig(opts->config, opts->db, true);
    if (!loaded.isOk()) throw CLI::RuntimeError(fail(loaded.status()));
    SystemClock clock;
    Status s = loaded->store->write([&](Tx& tx) { return tx.tokens().revoke(opts->id, clock.now()); });
    if (!s.isOk()) throw CLI::RuntimeError(fail(s));
    std::cout << "revoked token " << opts->id << "\n";
  });
}

}  // namespace gg
