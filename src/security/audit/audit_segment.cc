#include "security/audit/audit_segment.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

namespace tarn::security {

std::string AuditDirectory(const std::string& data_dir) {
  return (std::filesystem::path(data_dir) / "audit").string();
}

std::string AuditSegmentPath(const std::string& audit_dir, int index) {
  return fmt::format("{}/segment-{:06}.log", audit_dir, index);
}

std::vector<int> ListAuditSegments(const std::string& audit_dir) {
  std::vector<int> indexes;
  std::error_code error;
  for (const auto& item : std::filesystem::directory_iterator(audit_dir, error)) {
    std::string name = item.path().filename().string();
    constexpr std::string_view kPrefix = "segment-";
    constexpr std::string_view kSuffix = ".log";
    if (name.size() != kPrefix.size() + 6 + kSuffix.size() || !name.starts_with(kPrefix) ||
        !name.ends_with(kSuffix)) {
      continue;
    }
    int index = 0;
    const char* begin = name.data() + kPrefix.size();
    auto [end, parse_error] = std::from_chars(begin, begin + 6, index);
    if (parse_error == std::errc() && end == begin + 6 && index > 0) indexes.push_back(index);
  }
  std::sort(indexes.begin(), indexes.end());
  return indexes;
}

}  // namespace tarn::security
