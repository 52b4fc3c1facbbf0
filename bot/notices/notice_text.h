#pragma once
// The words of a notice as one group sees them: the template filled with that group's grid,
// worker and the notice's own vars; the reminder and answer wording; and the test of whether a
// resident's message is a question about a notice.

#include <map>
#include <string>
#include <vector>

#include "bot/message_catalog.h"
#include "bot/notices/notice_draft.h"
#include "org/model.h"

namespace gg {

// Returns the variables for one group: {title}, {deadline} ("2026年12月25日"), {deadline_md}
// ("12月25日"), {grid_name}, {community_name}, {worker_name}, {worker_phone} (the grid leader, else
// its first worker), then the notice's own vars, which override the automatic ones.
std::map<std::string, std::string> noticeVars(const NoticeDraft& d, const Grid* grid,
                                              const Community* community);

// Replaces every {name} whose name is in vars; unknown placeholders stay as written.
std::string renderTemplate(const std::string& tmpl, const std::map<std::string, std::string>& vars);

// Returns the text sent for one send: "initial" is the body (+ links); reminders are prefixed
// with 【提醒】 and the days left.
std::string noticeText(const NoticeDraft& d, const std::string& send_kind, Millis due_at,
                       const std::map<std::string, std::string>& vars,
                       const MessageCatalog& say = MessageCatalog::builtin());

// Returns the short automatic answer: vars["answer"] rendered if the notice has one, else the
// body plus who to contact.
std::string answerText(const NoticeDraft& d, const std::map<std::string, std::string>& vars,
                       const MessageCatalog& say = MessageCatalog::builtin());

// True if text contains one of the keywords and reads as a question (？, 吗, 多少, 什么时候,
// 哪里, 怎么, 能不能, 请问 …). Keywords are matched case-insensitively for ASCII.
bool isQuestionAbout(const std::string& text, const std::vector<std::string>& keywords);

}  // namespace gg
