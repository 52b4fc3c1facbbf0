#pragma once
// `gridgate qr --config DIR --base-url URL --out DIR`: one QR code per grid (its resident page,
// URL/r/{grid}) as OUT/{grid}.svg, and OUT/index.html, a sheet to print for the street.

#include <CLI/CLI.hpp>

#include <string>

#include "bot/message_catalog.h"
#include "core/clock.h"
#include "core/result.h"
#include "org/model.h"

namespace gg {

// Adds the qr sub-command to app.
void addQrCommand(CLI::App& app);

// Writes the codes and the sheet of org under out_dir (created if needed) for base_url, with
// the worker on duty at now, worded by say. Returns how many grids were written; InvalidArgument for a base URL
// that is not http(s), Unavailable when a file cannot be written.
Result<int> writeQrSheet(const OrgIndex& org, const std::string& base_url, const std::string& out_dir,
                         Millis now, const MessageCatalog& say);

}  // namespace gg
