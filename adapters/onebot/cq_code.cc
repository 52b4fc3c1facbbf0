#include "adapters/onebot/cq_code.h"

namespace gg {
namespace {

std::string escape(std::string_view text, bool comma) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '[':
        out += "&#91;";
        break;
      case ']':
        out += "&#93;";
        break;
      case ',':
        if (comma) {
          out += "&#44;";
          break;
        }
        [[fallthrough]];
      default:
        out += c;
    }
  }
  return out;
}

void appendText(std::vector<CqSegment>& out, std::string text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().type == "text") {
    out.back().data["text"] += text;
    return;
  }
  out.push_back(CqSegment{"text", {{"text", std::move(text)}}});
}

}  // namespace

std::string escapeCqText(std::string_view text) { return escape(text, false); }

std::string escapeCqParam(std::string_view value) { return escape(value, true); }

std::string unescapeCq(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view rest = text.substr(i);
    if (rest.substr(0, 5) == "&#91;") {
      out += '[';
      i += 4;
    } else if (rest.substr(0, 5) == "&#93;") {
      out += ']';
      i += 4;
    } else if (rest.substr(0, 5) == "&#44;") {
      out += ',';
      i += 4;
    } else if (rest.substr(0, 5) == "&amp;") {
      out += '&';
      i += 4;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::vector<CqSegment> parseCqString(std::string_view message) {
  std::vector<CqSegment> out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t open = message.find("[CQ:", pos);
    if (open == std::string_view::npos) break;
    size_t close = message.find(']', open);
    if (close == std::string_view::npos) break;  // unterminated: the rest is text
    appendText(out, unescapeCq(message.substr(pos, open - pos)));
    std::string_view body = message.substr(open + 4, close - open - 4);
    CqSegment seg;
    size_t comma = body.find(',');
    seg.type = std::string(body.substr(0, comma));
    while (comma != std::string_view::npos) {
      size_t next = body.find(',', comma + 1);
      std::string_view param = body.substr(
          comma + 1, next == std::string_view::npos ? std::string_view::npos : next - comma - 1);
      size_t eq = param.find('=');  // split on the FIRST '=' only
      if (eq != std::string_view::npos) {
        seg.data[std::string(param.substr(0, eq))] = unescapeCq(param.substr(eq + 1));
      } else if (!param.empty()) {
        seg.data[std::string(param)] = "";
      }
      comma = next;
    }
    out.push_back(std::move(seg));
    pos = close + 1;
  }
  if (pos < message.size()) appendText(out, unescapeCq(message.substr(pos)));
  return out;
}

std::string renderCq(const CqSegment& segment) {
  if (segment.type == "text") {
    auto it = segment.data.find("text");
    return it == segment.data.end() ? std::string() : escapeCqText(it->second);
  }
  std::string out = "[CQ:" + escapeCqParam(segment.type);
  for (const auto& [k, v] : segment.data) out += "," + escapeCqParam(k) + "=" + escapeCqParam(v);
  out += "]";
  return out;
}

}  // namespace gg
