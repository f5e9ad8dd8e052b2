// Where a table's files live in the object store:
//   <zone>/<database>/<table>/<column>=<value>/.../part-<uuid>.parquet
// with zones raw (as landed), cleaned (validated, typed) and curated (modelled for consumers), and
// Hive-style partition folders that Spark, Trino, DuckDB and Hive read as partition columns.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tarn::storage {

enum class Zone : uint8_t { kRaw, kCleaned, kCurated };

// Returns "raw", "cleaned" or "curated".
std::string_view ZoneName(Zone zone);
// Parses a zone name; throws Error(kInvalidArgument) naming the value and the valid ones.
Zone ParseZone(std::string_view name);

// Hive writes NULL (and the empty string, which it cannot tell apart) as this folder value.
constexpr std::string_view kHiveNullPartition = "__HIVE_DEFAULT_PARTITION__";

// One partition folder: column = value, or column = NULL when 'value' is nullopt.
struct PartitionValue {
  std::string column;
  std::optional<std::string> value;

  bool operator==(const PartitionValue&) const = default;
};

// Escapes one path segment the way Hive's FileUtils.escapePathName does: control bytes and
// " # % ' * / : = ? \ { [ ] ^ and DEL become %XX (upper-case hex); other bytes, UTF-8 included,
// stay. A leading '.' is escaped too, so no segment is hidden or "." / "..".
std::string EscapePathSegment(std::string_view text);
// Reverses EscapePathSegment (any %XX is decoded). Throws Error(kInvalidInput) on a '%' not
// followed by two hex digits.
std::string UnescapePathSegment(std::string_view text);

// Returns "<zone>/<database>/<table>/" with both names escaped. Throws Error(kInvalidArgument) on
// an empty name.
std::string TablePrefix(Zone zone, std::string_view database, std::string_view table);
// Returns "col=value/col2=value2/" (escaped; "" for no partitions). Empty string and NULL values
// both become kHiveNullPartition. Throws Error(kInvalidArgument) on an empty column name.
std::string PartitionPath(std::span<const PartitionValue> partitions);
// Returns the key of a new data file: TablePrefix + PartitionPath + "part-<part_id>.parquet".
std::string DataFileKey(Zone zone, std::string_view database, std::string_view table,
                        std::span<const PartitionValue> partitions, std::string_view part_id);
// Returns a random RFC 4122 version-4 UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string NewPartId();

// A data file key taken apart.
struct DataFileLocation {
  Zone zone = Zone::kRaw;
  std::string database;
  std::string table;
  std::vector<PartitionValue> partitions;  // in folder order
  std::string file_name;                   // "part-<uuid>.parquet"
};

// Parses a key made by DataFileKey (any file name is accepted). Throws Error(kInvalidInput) naming
// the key when it has too few segments, an unknown zone, a partition folder without '=', or a bad
// escape.
DataFileLocation ParseDataFileKey(std::string_view key);

}  // namespace tarn::storage
