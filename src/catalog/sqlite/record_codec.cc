#include "catalog/sqlite/record_codec.h"

#include <fmt/format.h>

#include <cstring>

#include "common/error.h"

namespace tarn::catalog {
namespace {

// Little-endian fixed-width integers and u32-length-prefixed strings.
void PutInt(std::string& out, uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

void PutString(std::string& out, std::string_view text) {
  PutInt(out, text.size(), 4);
  out.append(text);
}

class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}

  uint64_t Int(int bytes) {
    Need(static_cast<size_t>(bytes));
    uint64_t value = 0;
    for (int i = 0; i < bytes; ++i) {
      value |= static_cast<uint64_t>(static_cast<uint8_t>(bytes_[position_ + i])) << (8 * i);
    }
    position_ += static_cast<size_t>(bytes);
    return value;
  }

  std::string String() {
    size_t size = Int(4);
    Need(size);
    std::string text(bytes_.substr(position_, size));
    position_ += size;
    return text;
  }

  bool done() const { return position_ == bytes_.size(); }

 private:
  void Need(size_t size) {
    if (bytes_.size() - position_ < size) {
      throw Error(ErrorCode::kCorrupt, "catalog: truncated record in catalog.db");
    }
  }

  std::string_view bytes_;
  size_t position_ = 0;
};

constexpr uint8_t kHasMin = 1;
constexpr uint8_t kHasMax = 2;
constexpr uint8_t kPlainStats = 1;   // the record itself
constexpr uint8_t kSealedStats = 2;  // one sealed text holding a kPlainStats record

std::string StatsContext(int64_t table_id, std::string_view file_key) {
  return fmt::format("table {} file {} stats", table_id, file_key);
}

}  // namespace

std::string EncodeStringMap(const std::map<std::string, std::string>& values) {
  std::string out;
  PutInt(out, values.size(), 4);
  for (const auto& [key, value] : values) {
    PutString(out, key);
    PutString(out, value);
  }
  return out;
}

std::map<std::string, std::string> DecodeStringMap(std::string_view bytes) {
  std::map<std::string, std::string> values;
  if (bytes.empty()) return values;
  Reader reader(bytes);
  uint64_t count = reader.Int(4);
  for (uint64_t i = 0; i < count; ++i) {
    std::string key = reader.String();
    values[std::move(key)] = reader.String();
  }
  return values;
}

std::string EncodeStringList(const std::vector<std::string>& values) {
  std::string out;
  PutInt(out, values.size(), 4);
  for (const std::string& value : values) PutString(out, value);
  return out;
}

std::vector<std::string> DecodeStringList(std::string_view bytes) {
  std::vector<std::string> values;
  if (bytes.empty()) return values;
  Reader reader(bytes);
  uint64_t count = reader.Int(4);
  for (uint64_t i = 0; i < count; ++i) values.push_back(reader.String());
  return values;
}

// Plain layout: u8 kPlainStats, u8 0, u32 count, then per column: name, i64 null_count, u8 flags,
// [min], [max]. Sealed layout: u8 kSealedStats, then the sealed text of a plain record.
std::string EncodeStats(const std::map<std::string, ColumnStats>& stats, int64_t table_id,
                        std::string_view file_key, const storage::ValueSealer* sealer) {
  std::string out;
  PutInt(out, kPlainStats, 1);
  PutInt(out, 0, 1);
  PutInt(out, stats.size(), 4);
  for (const auto& [column, column_stats] : stats) {
    PutString(out, column);
    PutInt(out, static_cast<uint64_t>(column_stats.null_count), 8);
    uint8_t flags = (column_stats.min ? kHasMin : 0) | (column_stats.max ? kHasMax : 0);
    PutInt(out, flags, 1);
    if (column_stats.min) PutString(out, *column_stats.min);
    if (column_stats.max) PutString(out, *column_stats.max);
  }
  if (sealer == nullptr) return out;
  std::string sealed;
  PutInt(sealed, kSealedStats, 1);
  sealed += sealer->Seal(out, StatsContext(table_id, file_key));
  return sealed;
}

std::map<std::string, ColumnStats> DecodeStats(std::string_view bytes, int64_t table_id,
                                               std::string_view file_key,
                                               const storage::ValueSealer* sealer) {
  std::map<std::string, ColumnStats> stats;
  if (bytes.empty()) return stats;
  if (static_cast<uint8_t>(bytes[0]) == kSealedStats) {
    if (sealer == nullptr) {
      throw Error(ErrorCode::kInvalidArgument,
                  "catalog: statistics are sealed but the catalog was opened without a key");
    }
    std::string plain = sealer->Open(bytes.substr(1), StatsContext(table_id, file_key));
    return DecodeStats(plain, table_id, file_key, nullptr);
  }
  Reader reader(bytes);
  if (reader.Int(1) != kPlainStats || reader.Int(1) != 0) {
    throw Error(ErrorCode::kCorrupt, "catalog: unknown statistics format");
  }
  uint64_t count = reader.Int(4);
  for (uint64_t i = 0; i < count; ++i) {
    std::string column = reader.String();
    ColumnStats column_stats;
    column_stats.null_count = static_cast<int64_t>(reader.Int(8));
    uint64_t flags = reader.Int(1);
    if (flags & kHasMin) column_stats.min = reader.String();
    if (flags & kHasMax) column_stats.max = reader.String();
    stats[std::move(column)] = std::move(column_stats);
  }
  return stats;
}

std::string WatermarkContext(int64_t table_id, std::string_view source) {
  return fmt::format("table {} watermark {}", table_id, source);
}

}  // namespace tarn::catalog
