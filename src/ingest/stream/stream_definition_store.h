// Stream definitions on disk: one JSON file per stream, <data-dir>/streams/<name>.json, written
// atomically (temporary file, fsync, rename, fsync of the folder). Definitions hold names, the
// schema and settings — never record data. Used by StreamManager at Create and Open.
#pragma once

#include <string>
#include <vector>

#include "ingest/stream/stream_manager.h"

namespace tarn::ingest {

// Checks 'definition' and fills defaults (table = lower-case name, lower-case column names).
// Throws Error(kInvalidArgument) naming the field: a name that is not 1-128 of [A-Za-z0-9_-],
// a column type streams cannot fill (BIGINT, INTEGER, DOUBLE, DECIMAL, VARCHAR, BOOLEAN, DATE,
// TIMESTAMP only), duplicate column names, a column named dt or hr under arrival-time
// partitioning, a partition field that is not a declared column, a bad buffer setting or an
// unknown compression.
void ValidateStreamDefinition(StreamDefinition& definition);

// The table columns a stream writes: the record columns plus, under arrival-time partitioning,
// the partition columns dt DATE and hr INTEGER.
std::vector<catalog::ColumnDef> StreamTableColumns(const StreamDefinition& definition);

// Thread-compatible: callers serialize writes of one stream.
class StreamDefinitionStore {
 public:
  explicit StreamDefinitionStore(std::string data_dir);

  // Writes (or replaces) the definition file durably. Throws Error(kIoError) naming the path.
  void Save(const StreamDefinition& definition) const;
  // Every definition in the folder, by name. Throws Error(kCorrupt) naming a file that does not
  // parse, Error(kIoError) when the folder cannot be read.
  std::vector<StreamDefinition> LoadAll() const;

  // Serialization, exposed for tests.
  static std::string ToJson(const StreamDefinition& definition);
  static StreamDefinition FromJson(const std::string& json, const std::string& path);

 private:
  std::string directory_;  // <data-dir>/streams
};

}  // namespace tarn::ingest
