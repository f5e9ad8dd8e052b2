// The text form of one audit-log line: a flat JSON object of strings and integers (no nesting),
// written with a fixed member order so a line's bytes, and so its hash, are reproducible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::security {

// One member of a flat JSON object.
struct AuditField {
  std::string name;
  bool is_string = true;
  std::string text;    // when is_string
  int64_t number = 0;  // otherwise
};

// Builds a line member by member: {"a":"x","b":2}.
class AuditLineWriter {
 public:
  void AddString(std::string_view name, std::string_view value);
  void AddNumber(std::string_view name, int64_t value);
  // The text so far without the closing brace: what hashes and signatures cover.
  const std::string& prefix() const { return text_; }
  // Returns the complete object.
  std::string Finish() const { return text_ + "}"; }

 private:
  std::string text_ = "{";
};

// Parses a line AuditLineWriter wrote (any flat JSON object of strings and integers); nullopt
// when it is not one.
std::optional<std::vector<AuditField>> ParseAuditLine(std::string_view line);

// Returns the member 'name' of 'fields', or nullptr.
const AuditField* FindField(const std::vector<AuditField>& fields, std::string_view name);

// "2026-12-01T20:54:13.123456Z" for unix microseconds, and back (nullopt when malformed). The
// parser also takes "2026-12-01", "2026-12-01T20:54" and "2026-12-01 20:54:13".
std::string FormatAuditTime(int64_t unix_micros);
std::optional<int64_t> ParseAuditTime(std::string_view text);

}  // namespace tarn::security
