#include "bot/message_catalog.h"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>

#include <nlohmann/json.hpp>

#include "tests/support/status_matchers.h"
#include "tests/support/test_env.h"

namespace gg {
namespace {

// Writes the built-in catalog as a file, with one edit applied.
std::string writeCatalog(const test::TempDir& dir,
                         const std::function<void(nlohmann::json&)>& edit) {
  nlohmann::json j = nlohmann::json::object();
  auto full = MessageCatalog::loadFile(test::sourceDir() + "/config/demo/messages.json");
  EXPECT_OK(full);
  auto src = nlohmann::json::parse(std::ifstream(test::sourceDir() + "/config/demo/messages.json"),
                                   nullptr, false, /*ignore_comments=*/true);
  j = src;
  edit(j);
  const std::string path = dir.file("messages.json");
  std::ofstream(path) << j.dump();
  return path;
}

TEST(MessageCatalog, DemoFileIsCompleteAndMatchesTheBuiltIn) {
  auto c = MessageCatalog::loadFile(test::sourceDir() + "/config/demo/messages.json");
  ASSERT_OK(c);
  EXPECT_EQ(c->size(), MessageCatalog::builtin().size());
}

TEST(MessageCatalog, EveryBuiltInTextIsChineseWithoutAnEnglishSentence) {
  const std::regex english("[A-Za-z]{3,}[ ,.]+[A-Za-z]{2,}");
  auto src = nlohmann::json::parse(std::ifstream(test::sourceDir() + "/config/demo/messages.json"),
                                   nullptr, false, true);
  ASSERT_TRUE(src.is_object());
  for (auto it = src.begin(); it != src.end(); ++it) {
    const std::string t = MessageCatalog::builtin().text(it.key(), {});
    EXPECT_FALSE(std::regex_search(it->get<std::string>(), english)) << it.key();
    EXPECT_TRUE(MessageCatalog::builtin().has(it.key()));
  }
}

TEST(MessageCatalog, RendersNamedPlaceholdersAndMakesMistakesVisible) {
  const auto& c = MessageCatalog::builtin();
  EXPECT_EQ(c.text("refuse.accept_first", {{"ticket", "1001"}}),
            "工单1001尚未接单，请先回复“接单 1001”");
  EXPECT_EQ(c.text("refuse.accept_first", {}), "refuse.accept_first");  // a missing variable shows
  EXPECT_EQ(c.text("no.such.key", {}), "no.such.key");
  EXPECT_EQ(MessageCatalog::placeholdersOf("{a}x{b_c}{a}{ Not}"),
            (std::vector<std::string>{"a", "b_c"}));
}

TEST(MessageCatalog, AFileWithAMissingOrUnknownKeyOrPlaceholderIsRefused) {
  test::TempDir dir;
  struct Case {
    std::function<void(nlohmann::json&)> edit;
    std::string expect;
  };
  const std::vector<Case> cases = {
      {[](nlohmann::json& j) { j.erase("resident.ack"); }, "$.resident.ack: message missing"},
      {[](nlohmann::json& j) { j["resident.akc"] = "x"; }, "$.resident.akc: unknown message key"},
      {[](nlohmann::json& j) { j["resident.ack"] = "已收到，工单{ticket}"; },
       "$.resident.ack: placeholder {"},
      {[](nlohmann::json& j) { j["resident.rated"] = "感谢{ticket}{worker}"; },
       "unknown placeholder {worker}"},
      {[](nlohmann::json& j) { j["resident.rated"] = 5; }, "must be a string"},
      {[](nlohmann::json& j) { j["resident.rated"] = ""; }, "must not be empty"},
  };
  for (const auto& c : cases) {
    auto r = MessageCatalog::loadFile(writeCatalog(dir, c.edit));
    ASSERT_FALSE(r.isOk()) << c.expect;
    EXPECT_NE(r.status().message().find(c.expect), std::string::npos) << r.status().message();
  }
  // A street's own wording is taken when it keeps the placeholders.
  auto ok = MessageCatalog::loadFile(writeCatalog(
      dir, [](nlohmann::json& j) { j["resident.rated"] = "谢谢您给工单{ticket}打分！"; }));
  ASSERT_OK(ok);
  EXPECT_EQ(ok->text("resident.rated", {{"ticket", "7"}}), "谢谢您给工单7打分！");
}

}  // namespace
}  // namespace gg
