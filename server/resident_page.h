#pragma once
// The resident page of one grid (GET /r/{grid}): plain HTML, CSS and a little JavaScript served
// by the binary — no CDN, one request, readable on a 360-px phone and by screen readers
// (lang="zh-CN", landmarks, labelled fields, a live region for answers). Every word on it comes
// from the message catalog; every value is HTML-escaped, and the script writes answers with
// textContent only, so nothing a resident typed can become markup.

#include <string>
#include <vector>

#include "bot/message_catalog.h"
#include "bot/notices/notice_board.h"
#include "server/public_view.h"

namespace gg {

struct ResidentPageData {
  std::string grid_id;
  std::string grid_name;
  std::string community_name;
  PublicWorker worker;
  std::vector<BoardNotice> notices;
  int max_text_chars = 500;
  int max_place_chars = 60;
  int max_comment_chars = 200;
};

// Returns the whole HTML document for data, worded by say.
std::string renderResidentPage(const ResidentPageData& data, const MessageCatalog& say);

}  // namespace gg
