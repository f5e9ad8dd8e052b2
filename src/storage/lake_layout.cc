#include "storage/lake_layout.h"

#include <fmt/format.h>

#include "common/error.h"
#include "common/hex.h"
#include "storage/random_bytes.h"

namespace tarn::storage {
namespace {

bool NeedsEscape(unsigned char byte) {
  if (byte < 0x20 || byte == 0x7f) return true;
  switch (byte) {
    case '"':
    case '#':
    case '%':
    case '\'':
    case '*':
    case '/':
    case ':':
    case '=':
    case '?':
    case '\\':
    case '{':
    case '[':
    case ']':
    case '^':
      return true;
    default:
      return false;
  }
}

std::string EscapeName(std::string_view name, std::string_view what) {
  if (name.empty()) throw Error(ErrorCode::kInvalidArgument, fmt::format("{} name is empty", what));
  return EscapePathSegment(name);
}

[[noreturn]] void ThrowBadDataKey(std::string_view key, std::string_view reason) {
  throw Error(ErrorCode::kInvalidInput, fmt::format("not a lake data file key: {}", reason))
      .At({std::string(key), 0, 0, -1});
}

}  // namespace

std::string_view ZoneName(Zone zone) {
  switch (zone) {
    case Zone::kRaw:
      return "raw";
    case Zone::kCleaned:
      return "cleaned";
    case Zone::kCurated:
      return "curated";
  }
  return "raw";
}

Zone ParseZone(std::string_view name) {
  for (Zone zone : {Zone::kRaw, Zone::kCleaned, Zone::kCurated}) {
    if (name == ZoneName(zone)) return zone;
  }
  throw Error(ErrorCode::kInvalidArgument,
              fmt::format("unknown zone '{}': expected raw, cleaned or curated", name));
}

std::string EscapePathSegment(std::string_view text) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (NeedsEscape(byte) || (i == 0 && byte == '.')) {
      out.push_back('%');
      out.push_back(kDigits[byte >> 4]);
      out.push_back(kDigits[byte & 15]);
    } else {
      out.push_back(static_cast<char>(byte));
    }
  }
  return out;
}

std::string UnescapePathSegment(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out.push_back(text[i]);
      continue;
    }
    int high = i + 1 < text.size() ? HexDigitValue(text[i + 1]) : -1;
    int low = i + 2 < text.size() ? HexDigitValue(text[i + 2]) : -1;
    if (high < 0 || low < 0) {
      throw Error(
          ErrorCode::kInvalidInput,
          fmt::format(
              "bad escape in path segment '{}' at byte {}: '%' must be followed by two hex digits",
              text, i));
    }
    out.push_back(static_cast<char>(high * 16 + low));
    i += 2;
  }
  return out;
}

std::string TablePrefix(Zone zone, std::string_view database, std::string_view table) {
  return fmt::format("{}/{}/{}/", ZoneName(zone), EscapeName(database, "database"),
                     EscapeName(table, "table"));
}

std::string PartitionPath(std::span<const PartitionValue> partitions) {
  std::string path;
  for (const PartitionValue& partition : partitions) {
    path += EscapeName(partition.column, "partition column");
    path += '=';
    if (!partition.value || partition.value->empty()) {
      path += kHiveNullPartition;
    } else {
      path += EscapePathSegment(*partition.value);
    }
    path += '/';
  }
  return path;
}

std::string DataFileKey(Zone zone, std::string_view database, std::string_view table,
                        std::span<const PartitionValue> partitions, std::string_view part_id) {
  return TablePrefix(zone, database, table) + PartitionPath(partitions) + "part-" +
         std::string(part_id) + ".parquet";
}

std::string NewPartId() {
  uint8_t bytes[16];
  FillRandomBytes(bytes);
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // variant 10xx
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kDigits[bytes[i] >> 4]);
    text.push_back(kDigits[bytes[i] & 15]);
  }
  return text;
}

DataFileLocation ParseDataFileKey(std::string_view key) {
  std::vector<std::string_view> segments;
  for (size_t begin = 0; begin <= key.size();) {
    size_t end = key.find('/', begin);
    if (end == std::string_view::npos) end = key.size();
    segments.push_back(key.substr(begin, end - begin));
    begin = end + 1;
  }
  if (segments.size() < 4) ThrowBadDataKey(key, "expected <zone>/<database>/<table>/.../<file>");
  for (std::string_view segment : segments) {
    if (segment.empty()) ThrowBadDataKey(key, "empty path segment");
  }
  DataFileLocation location;
  bool zone_known = false;
  for (Zone zone : {Zone::kRaw, Zone::kCleaned, Zone::kCurated}) {
    if (segments[0] == ZoneName(zone)) {
      location.zone = zone;
      zone_known = true;
    }
  }
  if (!zone_known) ThrowBadDataKey(key, fmt::format("unknown zone '{}'", segments[0]));
  location.database = UnescapePathSegment(segments[1]);
  location.table = UnescapePathSegment(segments[2]);
  for (size_t i = 3; i + 1 < segments.size(); ++i) {
    size_t equals = segments[i].find('=');
    if (equals == std::string_view::npos || equals == 0) {
      ThrowBadDataKey(key,
                      fmt::format("partition folder '{}' is not <column>=<value>", segments[i]));
    }
    PartitionValue partition;
    partition.column = UnescapePathSegment(segments[i].substr(0, equals));
    std::string_view value = segments[i].substr(equals + 1);
    if (value != kHiveNullPartition) partition.value = UnescapePathSegment(value);
    location.partitions.push_back(std::move(partition));
  }
  location.file_name = std::string(segments.back());
  return location;
}

}  // namespace tarn::storage
