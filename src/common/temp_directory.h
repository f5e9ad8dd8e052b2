// A directory under the system temp folder that lives as long as the object: for tests that need
// files on disk. Removed with everything in it on destruction (errors ignored).
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

#include "common/error.h"

namespace tarn {

class TempDirectory {
 public:
  // Creates <temp>/<prefix>-XXXXXX.
  explicit TempDirectory(std::string_view prefix = "tarn") {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    TARN_CHECK(mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;

  const std::string& path() const { return path_; }

  // Writes 'content' to path()/'name' (creating parent folders); returns the full path.
  std::string Write(const std::string& name, std::string_view content) const {
    std::string full = path_ + "/" + name;
    std::filesystem::create_directories(std::filesystem::path(full).parent_path());
    std::ofstream out(full, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    TARN_CHECK(out.good());
    return full;
  }

 private:
  std::string path_;
};

}  // namespace tarn
