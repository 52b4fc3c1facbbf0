// gridgate qr (issue 13, point 2): one code per demo grid that decodes to URL/r/{grid}, a sheet
// to print, and the same code served at /r/{grid}/qr.svg. Decoding needs zbarimg (zbar-tools);
// without it the decoding tests are skipped, the rest still runs.

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/bootstrap.h"
#include "app/cmd_qr.h"
#include "server/qr_svg.h"
#include "tests/support/status_matchers.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

namespace gg::test {
namespace {

bool haveZbarimg() { return std::system("command -v zbarimg >/dev/null 2>&1") == 0; }

// The text zbarimg reads from the image at path ("" when it reads none).
std::string decode(const std::string& path) {
  const std::string cmd = "zbarimg -q --raw '" + path + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return "";
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

class QrCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = loadConfig(makeDemoConfig(tmp_), "", false);
    ASSERT_OK(loaded);
    org_ = loaded->org;
  }
  TempDir tmp_;
  std::shared_ptr<const OrgIndex> org_;
};

TEST_F(QrCommand, WritesOneCodePerGridAndAPrintableSheet) {
  const std::string out = tmp_.path() + "/qr";
  auto n = writeQrSheet(*org_, "https://binhe.example.cn/", out, 0, MessageCatalog::builtin());
  ASSERT_OK(n);
  int grids = 0;
  for (const auto& c : org_->org().communities) grids += static_cast<int>(c.grids.size());
  EXPECT_EQ(*n, grids);
  EXPECT_GT(grids, 1);
  const std::string sheet = slurp(out + "/index.html");
  EXPECT_NE(sheet.find("lang=\"zh-CN\""), std::string::npos);
  for (const auto& c : org_->org().communities) {
    EXPECT_NE(sheet.find(c.name), std::string::npos) << c.name;
    for (const auto& g : c.grids) {
      EXPECT_TRUE(std::filesystem::exists(out + "/" + g.id + ".svg")) << g.id;
      EXPECT_NE(sheet.find(g.name), std::string::npos) << g.name;
      EXPECT_NE(sheet.find("https://binhe.example.cn/r/" + g.id), std::string::npos);
      for (const auto& w : g.workers) EXPECT_EQ(sheet.find(w.phone), std::string::npos) << "masked: " << w.phone;
    }
  }
}

TEST_F(QrCommand, EveryCodeDecodesToItsGridsPage) {
  if (!haveZbarimg()) GTEST_SKIP() << "zbarimg (zbar-tools) is not installed";
  const std::string out = tmp_.path() + "/qr";
  ASSERT_OK(writeQrSheet(*org_, "https://binhe.example.cn", out, 0, MessageCatalog::builtin()));
  for (const auto& c : org_->org().communities) {
    for (const auto& g : c.grids) {
      EXPECT_EQ(decode(out + "/" + g.id + ".svg"), "https://binhe.example.cn/r/" + g.id);
    }
  }
}

TEST_F(QrCommand, RefusesABaseUrlThatIsNotHttp) {
  EXPECT_STATUS(writeQrSheet(*org_, "ftp://x", tmp_.path() + "/qr", 0, MessageCatalog::builtin()),
                Code::kInvalidArgument);
  EXPECT_STATUS(qrSvg(""), Code::kInvalidArgument);
  EXPECT_STATUS(qrSvg(std::string(5000, 'a')), Code::kInvalidArgument);
}

}  // namespace
}  // namespace gg::test
