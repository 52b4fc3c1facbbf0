#pragma once
// OneBot v11 CQ codes: the string message format "text[CQ:type,k=v,...]text". Escaping is what
// keeps a resident's name or text from injecting a code: & [ ] in text, plus , in values.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gg {

// One message segment, as in the array format: type "text" carries data["text"].
struct CqSegment {
  std::string type;
  std::map<std::string, std::string> data;  // unescaped values
};

// Escapes plain text: & -> &amp;, [ -> &#91;, ] -> &#93; (& first).
std::string escapeCqText(std::string_view text);

// Escapes a CQ parameter value: the text escapes plus , -> &#44;.
std::string escapeCqParam(std::string_view value);

// Decodes &#91; &#93; &#44; and then &amp; (& last, so "&amp;#91;" stays "&#91;").
std::string unescapeCq(std::string_view text);

// Splits a CQ string into segments. An unterminated "[CQ:" is kept as text; adjacent text is
// merged. Never fails: any string is a valid message.
std::vector<CqSegment> parseCqString(std::string_view message);

// Renders one segment back to CQ form, escaping text or values as required.
std::string renderCq(const CqSegment& segment);

}  // namespace gg
