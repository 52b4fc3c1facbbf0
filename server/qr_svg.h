#pragma once
// QR codes as SVG (libqrencode): the resident page's code, served at /r/{grid}/qr.svg and
// written by `gridgate qr` for printing.

#include <string>

#include "core/result.h"

namespace gg {

// Returns an SVG image of a QR code encoding text (error correction M, a quiet zone of four
// modules, `module_px` pixels per module). InvalidArgument if text is empty or too long for a
// QR code; Internal if libqrencode fails otherwise.
Result<std::string> qrSvg(const std::string& text, int module_px = 8);

}  // namespace gg
