#pragma once
// The one scratch directory of the test suites: unique across processes (mkdtemp, so parallel
// ctest runs never share one) and removed with everything in it when the object dies.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

namespace gg::test {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "gridgate-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed: " + tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Returns path()/rel; the file need not exist.
  std::string file(const std::string& rel) const { return path_ + "/" + rel; }
  // Writes text to path()/rel, creating the folders on the way; returns the file's path.
  std::string write(const std::string& rel, const std::string& text) const {
    const std::filesystem::path p = file(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::trunc) << text;
    return p.string();
  }

 private:
  std::string path_;
};

}  // namespace gg::test
