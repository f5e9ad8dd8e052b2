#include "ingest/file_ingest.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "catalog/schema_evolution.h"
#include "catalog/snapshot_commit.h"
#include "catalog/table/column_widening.h"
#include "catalog/table/table_writer.h"
#include "common/error.h"
#include "common/thread_pool.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"
#include "format/byte_stream.h"
#include "format/file_list.h"
#include "format/format_registry.h"
#include "ingest/quarantine.h"
#include "ingest/source_checksum.h"
#include "storage/lake_layout.h"

namespace tarn::ingest {
namespace {

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The format the scan will use: the requested one, else by the first file's extension (as
// format::OpenScan chooses it). Only csv and ndjson take ignore_errors.
std::string ResolveFormat(const IngestRequest& request, const std::string& first_file) {
  if (!request.format.empty()) return request.format;
  std::string lower = catalog::LowerName(first_file);
  if (EndsWith(lower, ".parquet") || EndsWith(lower, ".parq")) return "parquet";
  for (std::string_view extension : {".ndjson", ".jsonl", ".json"}) {
    for (std::string_view compression : {"", ".gz", ".zst"}) {
      if (EndsWith(lower, std::string(extension) + std::string(compression))) return "ndjson";
    }
  }
  return "csv";
}

// Where each column of the table's (new) schema comes from in the source.
struct ColumnMapping {
  std::vector<catalog::ColumnDef> columns;  // the schema the files are written with
  std::vector<int64_t> source_column;       // per column: index into the source schema, or -1
  std::optional<std::vector<catalog::ColumnDef>> new_columns;  // a new schema version, if any
};

ColumnMapping MapColumns(const std::vector<format::ColumnSchema>& source,
                         const std::optional<std::vector<catalog::ColumnDef>>& table_columns,
                         const std::string& table_name) {
  ColumnMapping mapping;
  std::vector<catalog::ColumnDef> proposed;
  std::set<std::string> seen;
  for (const auto& column : source) {
    std::string name = catalog::LowerName(column.name);
    if (!seen.insert(name).second) {
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("the source has two columns named '{}' (names are case-insensitive)", name));
    }
  }
  auto find_source = [&](const std::string& name) -> int64_t {
    for (size_t i = 0; i < source.size(); ++i) {
      if (catalog::LowerName(source[i].name) == name) return static_cast<int64_t>(i);
    }
    return -1;
  };
  if (!table_columns) {
    for (const auto& column : source) {
      catalog::ColumnDef def;
      def.name = catalog::LowerName(column.name);
      def.type = column.type;
      proposed.push_back(std::move(def));
    }
    mapping.columns = proposed;
  } else {
    proposed = *table_columns;
    for (auto& column : proposed) {
      int64_t index = find_source(catalog::LowerName(column.name));
      if (index < 0) continue;
      const LogicalType& source_type = source[index].type;
      if (source_type == column.type || catalog::CanWiden(source_type, column.type)) continue;
      if (catalog::IsWidening(column.type, source_type)) {
        column.type = source_type;  // a new schema version widens the column
        continue;
      }
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("column '{}' of {} is {} but the source has {}: tarn only widens columns "
                              "(INTEGER -> BIGINT -> DOUBLE, DECIMAL scale/precision up); narrowing or "
                              "retyping it is not allowed",
                              column.name, table_name, column.type.ToString(), source_type.ToString()));
    }
    for (const auto& column : source) {
      std::string name = catalog::LowerName(column.name);
      bool known = std::any_of(proposed.begin(), proposed.end(),
                               [&](const catalog::ColumnDef& def) { return catalog::LowerName(def.name) == name; });
      if (!known) {
        catalog::ColumnDef def;
        def.name = name;
        def.type = column.type;
        proposed.push_back(std::move(def));
      }
    }
    mapping.new_columns = catalog::EvolveSchema(*table_columns, proposed);
    mapping.columns = mapping.new_columns ? *mapping.new_columns : *table_columns;
  }
  for (const auto& column : mapping.columns) {
    mapping.source_column.push_back(find_source(catalog::LowerName(column.name)));
  }
  return mapping;
}

// Fills 'out' (the table's columns) from a source chunk: same types are referenced, narrower
// source types widened, columns the source lacks are NULL.
void ConvertChunk(exec::DataChunk& source, const ColumnMapping& mapping, exec::DataChunk& out) {
  source.Compact();
  size_t count = source.size();
  // No out.Reset(): a column that referenced the source would get a fresh buffer each time.
  out.ClearSelection();
  for (size_t i = 0; i < mapping.columns.size(); ++i) {
    exec::Vector& target = out.column(i);
    int64_t index = mapping.source_column[i];
    if (index < 0) {
      target.SetConstant(exec::Value::Null(mapping.columns[i].type));
      target.Flatten(count);
      continue;
    }
    exec::Vector& column = source.column(static_cast<size_t>(index));
    if (column.type() == target.type()) {
      target.Reference(column);
    } else {
      if (column.IsConstant()) column.Flatten(count);
      target.Reset();
      catalog::WidenColumn(column, count, target);
    }
  }
  out.SetPhysicalSize(count);
}

std::vector<LogicalType> TypesOf(const std::vector<catalog::ColumnDef>& columns) {
  std::vector<LogicalType> types;
  for (const auto& column : columns) types.push_back(column.type);
  return types;
}

// Hashes the batch's files on its own thread while the scan runs (SHA-256 is several times faster
// than scanning, so it finishes first), and raises duplicate_found() as soon as a file turns out
// already ingested (unless 'force') or repeated in the batch, so the scan can stop early.
class BatchHasher {
 public:
  BatchHasher(catalog::Catalog& catalog, std::optional<int64_t> table_id, std::vector<std::string> files,
              bool force)
      : catalog_(catalog), table_id_(table_id), files_(std::move(files)), force_(force),
        checksums_(files_.size()), thread_([this] { Run(); }) {}
  ~BatchHasher() { Join(); }
  BatchHasher(const BatchHasher&) = delete;
  BatchHasher& operator=(const BatchHasher&) = delete;

  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  const std::atomic<bool>& duplicate_found() const { return stop_; }
  // After Join(): rethrows a hashing failure; returns the indexes of files to skip.
  const std::vector<size_t>& Duplicates() const {
    if (error_) std::rethrow_exception(error_);
    return duplicates_;
  }
  const std::vector<std::string>& checksums() const { return checksums_; }

 private:
  void Run() {
    try {
      std::set<std::string> batch;
      for (size_t i = 0; i < files_.size(); ++i) {
        checksums_[i] = FileChecksum(files_[i]);
        bool already = !force_ && table_id_ && catalog_.IsIngested(*table_id_, checksums_[i]);
        if (already || !batch.insert(checksums_[i]).second) {
          duplicates_.push_back(i);
          stop_.store(true, std::memory_order_relaxed);
        }
      }
    } catch (...) {
      error_ = std::current_exception();
      stop_.store(true, std::memory_order_relaxed);
    }
  }

  catalog::Catalog& catalog_;
  std::optional<int64_t> table_id_;
  std::vector<std::string> files_;
  bool force_;
  std::vector<std::string> checksums_;
  std::vector<size_t> duplicates_;
  std::exception_ptr error_;
  std::atomic<bool> stop_{false};
  std::thread thread_;  // last: starts once every member above exists
};

// One attempt at scanning 'files' into unfinished TableWriters (one per worker).
struct ScanOutcome {
  catalog::TableInfo info;
  ColumnMapping mapping;
  std::vector<std::unique_ptr<catalog::TableWriter>> writers;  // finished by their workers
  std::vector<std::vector<catalog::DataFile>> files;            // per writer
  uint64_t rows = 0;
  uint64_t rejected = 0;
  uint64_t bytes = 0;
};

ScanOutcome ScanAndWrite(catalog::Lake& lake, const IngestRequest& request,
                         const std::optional<catalog::TableInfo>& table, const std::string& full_name,
                         const std::vector<std::string>& files, Quarantine& quarantine,
                         const std::atomic<bool>& stop, IngestCounters* counters) {
  catalog::Catalog& catalog = *lake.catalog;
  ScanOutcome outcome;
  std::string format = ResolveFormat(request, files.front());
  format::ScanOptions options;
  if (request.on_error != OnError::kFail && format != "parquet") {
    options.values["ignore_errors"] = exec::Value::Boolean(true);
  }
  std::unique_ptr<format::ScanSource> source = format::OpenScan(request.format, files, options);
  if (request.on_error == OnError::kQuarantine) source->SetRejectHandler(quarantine.Handler());
  std::vector<size_t> all_columns(source->schema().size());
  for (size_t i = 0; i < all_columns.size(); ++i) all_columns[i] = i;
  source->SetProjection(all_columns);
  std::vector<LogicalType> source_types;
  for (const auto& column : source->schema()) source_types.push_back(column.type);

  // The table's schema.
  std::optional<std::vector<catalog::ColumnDef>> table_columns;
  if (table) table_columns = catalog.CurrentSchema(table->id).columns;
  outcome.mapping = MapColumns(source->schema(), table_columns, full_name);
  const ColumnMapping& mapping = outcome.mapping;
  catalog::TableInfo& info = outcome.info;
  if (table) {
    info = *table;
    if (!request.partition_by.empty()) {
      std::vector<std::string> wanted;
      for (const auto& name : request.partition_by) wanted.push_back(catalog::LowerName(name));
      if (wanted != table->partition_columns) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("{} is partitioned by ({}); --partition-by cannot change it", full_name,
                                fmt::join(table->partition_columns, ", ")));
      }
    }
  } else {
    info.database = catalog::LowerName(request.database);
    info.name = catalog::LowerName(request.table);
    info.kind = catalog::TableKind::kManaged;
    info.zone = std::string(storage::ZoneName(storage::ParseZone(request.zone)));
    info.format = "parquet";
    info.location = storage::TablePrefix(storage::ParseZone(info.zone), info.database, info.name);
    for (const auto& name : request.partition_by) {
      std::string lower = catalog::LowerName(name);
      bool present = std::any_of(mapping.columns.begin(), mapping.columns.end(),
                                 [&](const catalog::ColumnDef& column) { return column.name == lower; });
      if (!present) {
        throw Error(ErrorCode::kInvalidArgument,
                    fmt::format("partition column '{}' is not a column of the source", name));
      }
      info.partition_columns.push_back(lower);
    }
  }
  for (const auto& file : files) outcome.bytes += format::FileSize(file);
  if (counters != nullptr) {
    counters->total_bytes.store(outcome.bytes, std::memory_order_relaxed);
    counters->rows.store(0, std::memory_order_relaxed);
  }

  // Scan and write in parallel, one TableWriter per worker.
  ThreadPool pool(request.threads);
  size_t parallelism = pool.size();
  outcome.writers.resize(parallelism);
  for (auto& writer : outcome.writers) {
    writer = std::make_unique<catalog::TableWriter>(lake.store->store(), info, mapping.columns);
  }
  std::vector<LogicalType> table_types = TypesOf(mapping.columns);
  std::atomic<uint64_t> rows{0};
  outcome.files.resize(parallelism);
  // Each worker closes its own writer's files (the last row groups are encoded, compressed and
  // encrypted in parallel, not one writer after another). Abort also deletes finished files.
  auto abort_all = [&] {
    for (auto& writer : outcome.writers) writer->Abort();
  };
  try {
    pool.Run(parallelism, [&](size_t worker) {
      auto state = source->CreateLocalState();
      exec::DataChunk chunk(source_types);
      exec::DataChunk out(table_types);
      catalog::TableWriter& writer = *outcome.writers[worker];
      int64_t morsel = 0;
      while (!stop.load(std::memory_order_relaxed) && source->NextMorsel(*state, morsel)) {
        while (!stop.load(std::memory_order_relaxed) && source->ReadChunk(*state, chunk)) {
          ConvertChunk(chunk, mapping, out);
          writer.Append(out);
          rows.fetch_add(out.size(), std::memory_order_relaxed);
          if (counters != nullptr) {
            counters->rows.fetch_add(out.size(), std::memory_order_relaxed);
            counters->fraction.store(source->Progress(), std::memory_order_relaxed);
          }
        }
      }
      if (!stop.load(std::memory_order_relaxed)) outcome.files[worker] = writer.Finish();
    });
  } catch (...) {
    abort_all();
    throw;
  }
  if (stop.load(std::memory_order_relaxed)) abort_all();
  outcome.rows = rows.load();
  outcome.rejected = source->RejectedRows();
  return outcome;
}

}  // namespace

IngestResult IngestFiles(catalog::Lake& lake, const IngestRequest& request, IngestCounters* counters) {
  IngestResult result;
  catalog::Catalog& catalog = *lake.catalog;
  std::string database = catalog::LowerName(request.database);
  std::string table_name = catalog::LowerName(request.table);
  std::string full_name = database + "." + table_name;
  std::optional<catalog::TableInfo> table = catalog.FindTable(database, table_name);

  // Scan while the files are hashed; when a file turns out to be a duplicate, drop the attempt
  // (its writers delete their objects) and scan again without it.
  std::vector<std::string> to_read = format::ExpandPaths(request.sources);
  std::optional<int64_t> table_id;
  if (table) table_id = table->id;
  ScanOutcome outcome;
  std::vector<std::string> checksums;
  Quarantine quarantine;
  while (true) {
    if (to_read.empty()) return result;
    quarantine.TakeRows();  // rows of a dropped attempt
    BatchHasher hasher(catalog, table_id, to_read, request.force);
    outcome = ScanAndWrite(lake, request, table, full_name, to_read, quarantine,
                           hasher.duplicate_found(), counters);
    hasher.Join();
    const std::vector<size_t>& duplicates = hasher.Duplicates();
    if (duplicates.empty()) {
      checksums = hasher.checksums();
      break;
    }
    for (auto& writer : outcome.writers) writer->Abort();  // deletes what this attempt wrote
    std::vector<std::string> remaining;
    for (size_t i = 0; i < to_read.size(); ++i) {
      if (std::find(duplicates.begin(), duplicates.end(), i) != duplicates.end()) {
        result.skipped_files.push_back(to_read[i]);
      } else {
        remaining.push_back(to_read[i]);
      }
    }
    to_read = std::move(remaining);
  }
  catalog::TableInfo& info = outcome.info;
  const ColumnMapping& mapping = outcome.mapping;
  std::vector<LogicalType> table_types = TypesOf(mapping.columns);
  std::vector<catalog::DataFile> added;
  for (auto& written : outcome.files) {
    added.insert(added.end(), std::make_move_iterator(written.begin()), std::make_move_iterator(written.end()));
  }
  result.rows = outcome.rows;
  result.bytes = outcome.bytes;
  result.rejected = outcome.rejected;
  result.files_written = added.size();
  result.ingested_files = to_read;

  // Commit: create the table if needed, then one snapshot with the files and checksums. A failed
  // commit deletes the objects (nothing references them).
  std::string source_name =
      to_read.size() == 1 ? to_read.front() : fmt::format("{} files", to_read.size());
  std::map<std::string, std::string> summary = {{"source", source_name},
                                                {"rows", std::to_string(result.rows)},
                                                {"rejected", std::to_string(result.rejected)}};
  catalog::Snapshot snapshot;
  try {
    if (!table) {
      info = catalog.CreateTable(info, mapping.columns, /*if_not_exists=*/true);
      result.created_table = true;
      if (TypesOf(catalog.CurrentSchema(info.id).columns) != table_types) {
        throw Error(ErrorCode::kConflict,
                    fmt::format("{} was created by another writer with a different schema; ingest again",
                                full_name));
      }
    }
    snapshot = catalog::CommitWithRetry(
        catalog, info.id, [&](const std::optional<catalog::Snapshot>&) {
          catalog::SnapshotChange change;
          change.operation = "ingest";
          change.added_files = added;
          if (!result.created_table) change.new_columns = mapping.new_columns;
          change.summary = summary;
          change.ingested_checksums = checksums;
          return change;
        });
  } catch (...) {
    for (auto& writer : outcome.writers) writer->Abort();
    throw;
  }
  result.snapshot_id = snapshot.id;
  result.schema_version = snapshot.schema_version;
  result.schema_changed = !result.created_table && mapping.new_columns.has_value();

  // Quarantined rows: their own table, committed after the data.
  std::vector<QuarantinedRow> rejected = quarantine.TakeRows();
  if (!rejected.empty()) {
    catalog::TableInfo quarantine_info;
    quarantine_info.database = database;
    quarantine_info.name = table_name + "__quarantine";
    quarantine_info.zone = info.zone;
    quarantine_info.description = "rows rejected while ingesting into " + full_name;
    quarantine_info = catalog.CreateTable(quarantine_info, QuarantineColumns(), /*if_not_exists=*/true);
    catalog::TableWriter writer(lake.store->store(), quarantine_info, QuarantineColumns());
    WriteQuarantineRows(rejected, writer);
    std::vector<catalog::DataFile> quarantine_files = writer.Finish();
    catalog::CommitWithRetry(catalog, quarantine_info.id, [&](const std::optional<catalog::Snapshot>&) {
      catalog::SnapshotChange change;
      change.operation = "ingest";
      change.added_files = quarantine_files;
      change.summary = {{"source", source_name}, {"quarantined_for", full_name}};
      return change;
    });
    result.quarantine_table = database + "." + quarantine_info.name;
  }
  return result;
}

}  // namespace tarn::ingest
