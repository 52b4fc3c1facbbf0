#include "adapters/hotline/spool_watcher.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "tests/fakes/signing.h"
#include "tests/support/recording_sink.h"
#include "tests/support/status_matchers.h"

namespace gg {
namespace {

namespace fs = std::filesystem;

class SpoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("gg-spool-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
  }
  static std::string read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::vector<InboundEnvelope> ingested() const { return sink_.received(); }

  fs::path dir_;
  test::RecordingSink sink_{/*dedup=*/true};
};

TEST_F(SpoolTest, GoodAndBadLines) {
  write("calls-1.jsonl", fakes::hotlineCallJson("c1", "13812345678", "路灯不亮") + "\n" +
                             "{broken json\n" +
                             fakes::hotlineCallJson("c2", "13912345678", "噪音扰民") + "\n" +
                             fakes::hotlineCallJson("c1", "13812345678", "路灯不亮") + "\n");
  write("ignored.txt", "not a spool file");
  SpoolWatcher w(dir_, sink_, 1000, /*settle_ms=*/0);
  ASSERT_OK(w.scanOnce());
  ASSERT_EQ(ingested().size(), 2u);  // c1 twice is one message
  EXPECT_EQ(ingested()[0].platform_msg_id, "c1");
  EXPECT_EQ(ingested()[1].text, "噪音扰民");
  EXPECT_FALSE(fs::exists(dir_ / "calls-1.jsonl"));
  EXPECT_TRUE(fs::exists(dir_ / "done" / "calls-1.jsonl"));
  EXPECT_TRUE(fs::exists(dir_ / "ignored.txt"));
  std::string rejects = read(dir_ / "rejects" / "calls-1.rejects.jsonl");
  auto rej = nlohmann::json::parse(rejects.substr(0, rejects.find('\n')));
  EXPECT_EQ(rej["line"], 2);
  EXPECT_EQ(rej["raw"], "{broken json");
  EXPECT_FALSE(rej["reason"].get<std::string>().empty());
  EXPECT_EQ(w.stats().lines_rejected, 1);
  EXPECT_EQ(w.stats().files_done, 1);
  // A second scan finds nothing new.
  ASSERT_OK(w.scanOnce());
  EXPECT_EQ(ingested().size(), 2u);
}

TEST_F(SpoolTest, FreshFilesAndTempNamesWait) {
  write("fresh.jsonl", fakes::hotlineCallJson("c1", "13812345678", "a") + "\n");
  write("partial.jsonl.tmp", fakes::hotlineCallJson("c2", "13812345678", "b"));
  SpoolWatcher w(dir_, sink_, 1000, /*settle_ms=*/60'000);
  ASSERT_OK(w.scanOnce());
  EXPECT_TRUE(ingested().empty());
  EXPECT_TRUE(fs::exists(dir_ / "fresh.jsonl"));
  SpoolWatcher now(dir_, sink_, 1000, 0);
  ASSERT_OK(now.scanOnce());
  EXPECT_EQ(ingested().size(), 1u);
  EXPECT_TRUE(fs::exists(dir_ / "partial.jsonl.tmp"));
}

TEST_F(SpoolTest, TransientIngestErrorLeavesFileForRetry) {
  write("c.jsonl", fakes::hotlineCallJson("c1", "13812345678", "a") + "\nbad\n");
  sink_.setStatus(unavailable("db locked"));
  SpoolWatcher w(dir_, sink_, 1000, 0);
  EXPECT_EQ(w.scanOnce().code(), Code::kUnavailable);
  EXPECT_TRUE(fs::exists(dir_ / "c.jsonl"));
  EXPECT_FALSE(fs::exists(dir_ / "rejects"));
  sink_.setStatus(Status::ok());
  ASSERT_OK(w.scanOnce());
  EXPECT_TRUE(fs::exists(dir_ / "done" / "c.jsonl"));
  std::string rejects = read(dir_ / "rejects" / "c.rejects.jsonl");
  EXPECT_EQ(std::count(rejects.begin(), rejects.end(), '\n'), 1);
}

// Found from outside: one long (legal) name whose rejects name got too long stopped every
// later file for good; symlinks were followed out of the folder; a newline in a name forged a
// log line.
TEST_F(SpoolTest, LongNamesSymlinksAndOddNamesNeverStallTheSpool) {
  const std::string long_stem = std::string(248, 'a');  // + ".jsonl" = 254 bytes, legal
  write(long_stem + ".jsonl",
        fakes::hotlineCallJson("c1", "13812345678", "路灯不亮") + "\nbad line\n");
  const fs::path outside = dir_.parent_path() / (dir_.filename().string() + "-secret.jsonl");
  std::ofstream(outside) << fakes::hotlineCallJson("c-secret", "13812345678", "不该读到") << "\n";
  fs::create_symlink(outside, dir_ / "b-link.jsonl");
  write("c-line\nforged.jsonl", fakes::hotlineCallJson("c2", "13912345678", "噪音扰民") + "\n");
  write("z-last.jsonl", fakes::hotlineCallJson("c3", "13912345678", "井盖丢了") + "\n");
  SpoolWatcher w(dir_, sink_, 1000, 0);
  ASSERT_OK(w.scanOnce());
  std::set<std::string> ids;
  for (const auto& e : ingested()) ids.insert(e.platform_msg_id);
  // Never the symlink's target, never the file with a newline in its name (moved aside unread).
  EXPECT_EQ(ids, (std::set<std::string>{"c1", "c3"}));
  EXPECT_TRUE(fs::exists(outside));                           // the target is left alone
  EXPECT_TRUE(fs::is_symlink(fs::symlink_status(dir_ / "failed" / "b-link.jsonl")));
  EXPECT_TRUE(fs::exists(dir_ / "done" / "z-last.jsonl"));
  // The long name's rejects and done files exist under shortened names.
  int rejects = 0, done = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "rejects"))
    rejects += e.path().filename().string().size() <= 255;
  for (const auto& e : fs::directory_iterator(dir_ / "done"))
    done += e.path().filename().string().size() <= 255;
  EXPECT_EQ(rejects, 1);
  EXPECT_EQ(done, 2);
  int odd = 0;
  for (const auto& e : fs::directory_iterator(dir_ / "failed")) {
    const std::string n = e.path().filename().string();
    EXPECT_EQ(n.find('\n'), std::string::npos) << n;
    odd += n.rfind("c-line_forged", 0) == 0;
  }
  EXPECT_EQ(odd, 1);  // kept, under a name without the newline
  fs::remove(outside);
}

TEST_F(SpoolTest, AnUnmovableFileGoesAsideAndLaterFilesStillGoIn) {
  // done/ exists as a plain file, so moving to done/ fails for every file: each goes to failed/.
  write("done", "not a folder");
  write("a.jsonl", fakes::hotlineCallJson("c1", "13812345678", "a") + "\n");
  write("b.jsonl", fakes::hotlineCallJson("c2", "13812345678", "b") + "\n");
  SpoolWatcher w(dir_, sink_, 1000, 0);
  ASSERT_OK(w.scanOnce());
  EXPECT_EQ(ingested().size(), 2u);
  EXPECT_TRUE(fs::exists(dir_ / "failed" / "a.jsonl"));
  EXPECT_TRUE(fs::exists(dir_ / "failed" / "b.jsonl"));
}

TEST_F(SpoolTest, BackgroundThreadPicksUpFiles) {
  SpoolWatcher w(dir_, sink_, 20, 0);
  w.start();
  write("t.jsonl.tmp", fakes::hotlineCallJson("c9", "13812345678", "有人晕倒") + "\n");
  fs::rename(dir_ / "t.jsonl.tmp", dir_ / "t.jsonl");
  // Poll for the outcome rather than sleeping a fixed time.
  for (int i = 0; i < 250 && !fs::exists(dir_ / "done" / "t.jsonl"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  w.stop();
  EXPECT_TRUE(fs::exists(dir_ / "done" / "t.jsonl"));
  ASSERT_EQ(ingested().size(), 1u);
  EXPECT_EQ(ingested()[0].platform_msg_id, "c9");
}

}  // namespace
}  // namespace gg
