#include "format/file_list.h"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::format {
namespace {

bool IsRegularFile(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

bool IsDirectory(const std::string& path) {
  struct stat info;
  return stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

bool HasGlobCharacters(const std::string& path) {
  return path.find_first_of("*?[") != std::string::npos;
}

}  // namespace

std::vector<std::string> ExpandPaths(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::vector<std::string> matches;
    if (IsRegularFile(path)) {
      matches.push_back(path);
    } else if (IsDirectory(path)) {
      std::error_code error;
      for (const auto& entry : std::filesystem::directory_iterator(path, error)) {
        std::string name = entry.path().filename().string();
        if (name.empty() || name[0] == '.') continue;
        std::string full = entry.path().string();
        if (IsRegularFile(full)) matches.push_back(std::move(full));
      }
      if (error) {
        throw Error(ErrorCode::kIoError,
                    fmt::format("cannot list directory '{}': {}", path, error.message()));
      }
    } else if (HasGlobCharacters(path)) {
      glob_t result{};
      int status = glob(path.c_str(), 0, nullptr, &result);
      if (status == 0) {
        for (size_t i = 0; i < result.gl_pathc; ++i) {
          std::string match = result.gl_pathv[i];
          if (IsRegularFile(match)) matches.push_back(std::move(match));
        }
      }
      globfree(&result);
    } else {
      throw Error(ErrorCode::kIoError, fmt::format("file not found: '{}'", path));
    }
    if (matches.empty()) {
      throw Error(ErrorCode::kIoError, fmt::format("no files match '{}'", path));
    }
    std::sort(matches.begin(), matches.end());
    for (auto& match : matches) files.push_back(std::move(match));
  }
  return files;
}

}  // namespace tarn::format
