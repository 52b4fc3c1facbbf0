// Hostile file names in the hotline spool folder: a file reached through "../" (outside the
// folder), a folder named like a spool file, a newline in a name, a name of NAME_MAX bytes with a
// bad line, and a symlink out of the folder. Each case checks that nothing of the hostile file
// was stored, that it was moved aside (or, outside the folder, left alone), and that a good file
// dropped after it in the same scan is still stored exactly once.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>

#include "tests/fakes/signing.h"
#include "tests/hostile/hostile_rig.h"

namespace gg::test {
namespace {

namespace fs = std::filesystem;
using R = HostileRig;

std::string callLine(const std::string& id) {
  return fakes::hotlineCallJson(id, "13900007777", "水利局宿舍2号楼电梯坏了") + "\n";
}

// Writes a file settled long enough ago that the watcher takes it at once.
void writeOld(const fs::path& p, const std::string& content) {
  std::ofstream(p, std::ios::binary) << content;
  fs::last_write_time(p, fs::file_time_type::clock::now() - std::chrono::seconds(30));
}

bool topLevelHas(const fs::path& dir, const std::function<bool(const std::string&)>& pred) {
  for (const auto& e : fs::directory_iterator(dir)) {
    if (pred(e.path().filename().string())) return true;
  }
  return false;
}

struct SpoolCase {
  std::string name;
  // Puts the hostile entry in place; its call (if read) would carry hostile_id.
  std::function<void(const fs::path& spool, const std::string& hostile_id)> plant;
  // Checks where the hostile entry ended up.
  std::function<void(const fs::path& spool)> where;
};

TEST(SpoolHostile, HostileNamesAreMovedAsideNothingIsStoredAndLaterFilesGoIn) {
  R& rig = R::get();
  const fs::path spool = rig.spoolDir();
  ASSERT_TRUE(fs::is_directory(spool));
  const fs::path outside = spool.parent_path() / "outside-the-spool.jsonl";
  const std::string long_stem(255 - 6, 'n');  // + ".jsonl": 255 bytes, the longest legal name
  const std::vector<SpoolCase> cases = {
      {"a file written through ../ (outside the folder)",
       [&](const fs::path& s, const std::string& id) { writeOld(s / ".." / outside.filename(), callLine(id)); },
       [&](const fs::path&) {
         EXPECT_TRUE(fs::exists(outside)) << "the file outside is left alone";
         fs::remove(outside);
       }},
      {"a folder named like a spool file, with a call inside",
       [&](const fs::path& s, const std::string& id) {
         fs::create_directories(s / "folder.jsonl");
         writeOld(s / "folder.jsonl" / "inner.jsonl", callLine(id));
       },
       [&](const fs::path& s) {
         EXPECT_TRUE(fs::exists(s / "folder.jsonl" / "inner.jsonl")) << "subfolders are never read";
         fs::remove_all(s / "folder.jsonl");
       }},
      {"a newline in the name (a forged log line)",
       [&](const fs::path& s, const std::string& id) {
         writeOld(s / "a-call\n2026-12-03T10:00:00.000+08:00 info forged.jsonl", callLine(id));
       },
       [&](const fs::path& s) {
         EXPECT_FALSE(topLevelHas(s, [](const std::string& n) { return n.find('\n') != std::string::npos; }));
         ASSERT_TRUE(fs::is_directory(s / "failed"));
         EXPECT_TRUE(topLevelHas(s / "failed", [](const std::string& n) { return n.rfind("a-call_2026", 0) == 0; }))
             << "moved to failed/ under a name without the newline";
       }},
      {"a name of NAME_MAX bytes with only a bad line",
       [&](const fs::path& s, const std::string&) { writeOld(s / (long_stem + ".jsonl"), "{not json\n"); },
       [&](const fs::path& s) {
         EXPECT_FALSE(fs::exists(s / (long_stem + ".jsonl")));
         EXPECT_TRUE(topLevelHas(s / "rejects", [](const std::string& n) { return n.rfind("nnnn", 0) == 0; }))
             << "its rejects are kept under a shortened name";
       }},
      {"a symlink out of the folder",
       [&](const fs::path& s, const std::string& id) {
         std::ofstream(outside) << callLine(id);
         fs::create_symlink(outside, s / "link.jsonl");
       },
       [&](const fs::path& s) {
         EXPECT_TRUE(fs::exists(outside)) << "the target is left alone";
         EXPECT_TRUE(fs::is_symlink(fs::symlink_status(s / "failed" / "link.jsonl"))) << "the link went aside";
         fs::remove(outside);
       }},
  };
  int n = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ++n;
    const std::string hostile_id = "spool-hostile-" + std::to_string(n);
    const std::string later_id = "spool-later-" + std::to_string(n);
    const Snapshot before = rig.snapshot();
    c.plant(spool, hostile_id);
    // "~" sorts after every name above: the scan reaches it after the hostile entry.
    writeOld(spool / ("~later-" + std::to_string(n) + ".jsonl"), callLine(later_id));
    ASSERT_TRUE(rig.gateway().runWorkersOnce().isOk());
    EXPECT_EQ(rig.storedMessages(hostile_id), 0) << "nothing of the hostile file is stored";
    EXPECT_EQ(rig.storedMessages(later_id), 1) << "the file after it still goes in";
    EXPECT_EQ(std::stoll(rig.snapshot().at("messages")), std::stoll(before.at("messages")) + 1);
    EXPECT_FALSE(topLevelHas(spool, [](const std::string& name) {
      return fs::path(name).extension() == ".jsonl" && name != "folder.jsonl";
    })) << "no spool file is left in the folder";
    c.where(spool);
    ++hostileCases();
  }
}

}  // namespace
}  // namespace gg::test
