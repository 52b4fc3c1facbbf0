#include "server/qr_svg.h"

#include <qrencode.h>

#include <cerrno>
#include <memory>

namespace gg {
namespace {

// A URL of a few dozen bytes fits easily; the cap keeps a caller from asking for a huge code.
constexpr size_t kMaxQrBytes = 1024;
// The standard asks for four light modules around the code so scanners find its edges.
constexpr int kQuietZone = 4;

}  // namespace

Result<std::string> qrSvg(const std::string& text, int module_px) {
  if (text.empty()) return invalidArgument("nothing to encode in a QR code");
  if (text.size() > kMaxQrBytes) return invalidArgument("text too long for a QR code");
  errno = 0;
  std::unique_ptr<QRcode, void (*)(QRcode*)> code(
      QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M), QRcode_free);
  if (!code) {
    if (errno == ERANGE) return invalidArgument("text too long for a QR code");
    return internalError("libqrencode could not encode the text");
  }
  const int n = code->width;
  const int size = (n + 2 * kQuietZone) * module_px;
  std::string path;
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (code->data[y * n + x] & 1) {  // bit 0: a dark module
        path += "M" + std::to_string((x + kQuietZone) * module_px) + "," +
                std::to_string((y + kQuietZone) * module_px) + "h" + std::to_string(module_px) + "v" +
                std::to_string(module_px) + "h-" + std::to_string(module_px) + "z";
      }
    }
  }
  const std::string s = std::to_string(size);
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + s +
         "\" height=\"" + s + "\" viewBox=\"0 0 " + s + " " + s +
         "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"" +
         path + "\"/></svg>\n";
}

}  // namespace gg
