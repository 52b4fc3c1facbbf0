#include "app/cmd_qr.h"

#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/bootstrap.h"
#include "bot/message_catalog.h"
#include "server/public_view.h"
#include "server/qr_svg.h"
#include "server/routes_public.h"

namespace gg {
namespace fs = std::filesystem;
namespace {

struct QrOptions {
  std::string config = "config/demo";
  std::string base_url;
  std::string out;
};

Status writeFile(const fs::path& path, const std::string& content) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f << content;
  f.close();
  if (!f) return unavailable("cannot write " + path.string());
  return Status::ok();
}

// A grid id becomes a file name: ids are slugs, but a stray "/" or ".." must not leave out_dir.
std::string fileNameFor(const std::string& grid_id) {
  std::string s;
  for (char c : grid_id) s += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
  return s + ".svg";
}

constexpr const char* kSheetStyle =
    "body{font-family:system-ui,'PingFang SC','Microsoft YaHei',sans-serif;margin:0}"
    ".card{display:inline-block;width:48%;box-sizing:border-box;padding:12mm 6mm;text-align:center;"
    "page-break-inside:avoid;break-inside:avoid;vertical-align:top}"
    ".card img{width:55mm;height:55mm}.card h2{margin:0 0 2mm;font-size:16pt}.card p{margin:1mm 0}"
    "@media print{.card{border:0}}@media screen{.card{border:1px dashed #999}}";

}  // namespace

Result<int> writeQrSheet(const OrgIndex& org, const std::string& base_url, const std::string& out_dir,
                         Millis now, const MessageCatalog& say) {
  if (base_url.rfind("http://", 0) != 0 && base_url.rfind("https://", 0) != 0) {
    return invalidArgument("--base-url must start with http:// or https://");
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return unavailable("cannot create " + out_dir + ": " + ec.message());
  const std::string title = org.org().street.name;
  std::string sheet = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
                      htmlEscape(title) + "</title><style>" + kSheetStyle + "</style></head><body><main>\n";
  int written = 0;
  for (const Community& c : org.org().communities) {
    for (const Grid& g : c.grids) {
      const std::string url = residentPageUrl(base_url, g.id);
      auto svg = qrSvg(url);
      if (!svg.isOk()) return svg.status();
      const std::string file = fileNameFor(g.id);
      GG_RETURN_IF_ERROR(writeFile(fs::path(out_dir) / file, *svg));
      const PublicWorker w = publicWorker(g, now);
      sheet += "<section class=\"card\"><h2>" + htmlEscape(g.name) + "</h2><p>" +
               htmlEscape(say.text("page.community", {{"community", c.name}})) + "</p><p>" +
               (w.name.empty() ? htmlEscape(say.text("page.no_worker", {}))
                               : htmlEscape(say.text("page.worker", {{"worker", w.name}, {"phone", w.phone_masked}}))) +
               "</p><img src=\"" + htmlEscape(file) + "\" alt=\"" + htmlEscape(url) + "\"><p>" + htmlEscape(url) +
               "</p></section>\n";
      ++written;
    }
  }
  sheet += "</main></body></html>\n";
  GG_RETURN_IF_ERROR(writeFile(fs::path(out_dir) / "index.html", sheet));
  return written;
}

void addQrCommand(CLI::App& app) {
  auto opts = std::make_shared<QrOptions>();
  auto* qr = app.add_subcommand("qr", "QR codes of every grid's resident page and a sheet to print");
  qr->add_option("--config", opts->config, "config directory")->capture_default_str();
  qr->add_option("--base-url", opts->base_url, "public address of the gateway, e.g. https://binhe.example.cn")
      ->required();
  qr->add_option("--out", opts->out, "directory for {grid}.svg and index.html")->required();
  qr->callback([opts] {
    auto loaded = loadConfig(opts->config, "", false);
    if (!loaded.isOk()) {
      std::cerr << "error: " << loaded.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    auto catalog = MessageCatalog::forConfigDir(loaded->settings.config_dir);
    if (!catalog.isOk()) {
      std::cerr << "error: " << catalog.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    SystemClock clock;
    auto n = writeQrSheet(*loaded->org, opts->base_url, opts->out, clock.now(), *catalog);
    if (!n.isOk()) {
      std::cerr << "error: " << n.status().message() << "\n";
      throw CLI::RuntimeError(1);
    }
    std::cout << nlohmann::json{{"grids", *n}, {"out", opts->out}}.dump() << "\n";
  });
}

}  // namespace gg
