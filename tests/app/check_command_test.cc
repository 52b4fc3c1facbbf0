// `gridgate check` on the responsibility list and the calendar: the demo passes with its counts;
// an unknown intent, an unknown department and a bad holiday date are each reported as
// `file: $.path: problem` and fail the check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/cmd_core.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_config.h"

namespace gg::test {
namespace {

// Runs `gridgate check --config dir`; returns its exit code, with what it printed.
int check(const std::string& dir, std::string* out, std::string* err) {
  CLI::App app("gridgate");
  addCheckCommand(app);
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  int code = 0;
  try {
    app.parse("check --config " + dir, /*program_name_included=*/false);
  } catch (const CLI::ParseError& e) {
    code = e.get_exit_code();
  }
  *out = testing::internal::GetCapturedStdout();
  *err = testing::internal::GetCapturedStderr();
  return code;
}

TEST(CheckCommand, TheDemoListAndCalendarPass) {
  TempDir tmp;
  const std::string config = makeDemoConfig(tmp);
  std::string out, err;
  ASSERT_EQ(check(config, &out, &err), 0) << err;
  const auto summary = nlohmann::json::parse(out.substr(out.find('{')));
  EXPECT_EQ(summary["responsibilities"], 33);
  EXPECT_EQ(summary["calendar"]["holidays"], 46);
  EXPECT_EQ(summary["calendar"]["workdays"], 6);
}

TEST(CheckCommand, AnUnknownIntentOrDepartmentFailsTheCheck) {
  TempDir tmp;
  const std::string config = makeDemoConfig(tmp);
  tmp.write("config/responsibilities.json", R"({"matters": [
    {"intent": "lift_fault", "owner": "department", "department_kind": "property", "laws": ["《特种设备安全法》"]},
    {"intent": "lift_falt", "owner": "grid", "laws": ["《物业管理条例》"]},
    {"intent": "water_cut", "owner": "department", "department": "water-co", "laws": ["《城市供水条例》"]}]})");
  std::string out, err;
  EXPECT_EQ(check(config, &out, &err), 1);
  EXPECT_NE(err.find("responsibilities.json: $.matters[1].intent: unknown intent \"lift_falt\" (not in the rule pack)"),
            std::string::npos) << err;
  EXPECT_NE(err.find("responsibilities.json: $.matters[2].department: unknown department \"water-co\" "
                     "(not in departments.json)"),
            std::string::npos) << err;
  EXPECT_EQ(err.find("$.matters[0]"), std::string::npos) << "the good entry is not blamed: " << err;
}

TEST(CheckCommand, ABadCalendarFailsTheCheck) {
  TempDir tmp;
  const std::string config = makeDemoConfig(tmp);
  tmp.write("config/calendar.json", R"({"holidays": ["2026-10-01", "2026-10-02", "2026-10-03", "10/04/2026"]})");
  std::string out, err;
  EXPECT_EQ(check(config, &out, &err), 1);
  EXPECT_NE(err.find("calendar.json: $.holidays[3]: \"10/04/2026\" is not a date YYYY-MM-DD"), std::string::npos)
      << err;
}

}  // namespace
}  // namespace gg::test
