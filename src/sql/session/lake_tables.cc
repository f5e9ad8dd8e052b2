#include "sql/session/lake_tables.h"

#include <fmt/format.h>

#include <algorithm>

#include "catalog/crawler/external_table_scan.h"
#include "catalog/snapshot_commit.h"
#include "catalog/table/table_scan.h"
#include "catalog/table/table_writer.h"
#include "catalog/table/value_text.h"
#include "common/error.h"

namespace tarn::sql {

namespace {

// Table properties holding the SQL constraints of CREATE TABLE (catalog::TableInfo::properties).
constexpr const char* kUniqueKeysProperty = "sql.unique_keys";  // "0,1;3": column index lists
constexpr const char* kDefaultsProperty = "sql.defaults";        // sealed "<index>:<size>:<text>"...

std::string EncodeUniqueKeys(const std::vector<std::vector<size_t>>& keys) {
  std::string text;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) text += ';';
    for (size_t j = 0; j < keys[i].size(); ++j) {
      if (j > 0) text += ',';
      text += std::to_string(keys[i][j]);
    }
  }
  return text;
}

std::vector<std::vector<size_t>> DecodeUniqueKeys(const std::string& text, size_t width) {
  std::vector<std::vector<size_t>> keys;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    std::vector<size_t> key;
    size_t position = start;
    while (position < end) {
      size_t comma = std::min(text.find(',', position), end);
      size_t index = std::stoul(text.substr(position, comma - position));
      if (index >= width) throw Error(ErrorCode::kCorrupt, "table property sql.unique_keys is malformed");
      key.push_back(index);
      position = comma + 1;
    }
    if (!key.empty()) keys.push_back(std::move(key));
    start = end + 1;
  }
  return keys;
}

std::string DefaultsContext(const catalog::TableInfo& info) {
  return fmt::format("defaults of {}.{}", info.database, info.name);
}

std::string EncodeDefaults(const std::vector<exec::Value>& defaults) {
  std::string text;
  for (size_t i = 0; i < defaults.size(); ++i) {
    if (defaults[i].is_null()) continue;
    std::string value = defaults[i].ToString();
    text += fmt::format("{}:{}:{}", i, value.size(), value);
  }
  return text;
}

std::vector<exec::Value> DecodeDefaults(const std::string& text,
                                        const std::vector<catalog::ColumnDef>& columns) {
  std::vector<exec::Value> defaults;
  for (const auto& column : columns) defaults.push_back(exec::Value::Null(column.type));
  size_t position = 0;
  auto malformed = [] { return Error(ErrorCode::kCorrupt, "table property sql.defaults is malformed"); };
  while (position < text.size()) {
    size_t colon = text.find(':', position);
    size_t second = colon == std::string::npos ? colon : text.find(':', colon + 1);
    if (second == std::string::npos) throw malformed();
    size_t index = std::stoul(text.substr(position, colon - position));
    size_t size = std::stoul(text.substr(colon + 1, second - colon - 1));
    if (index >= columns.size() || second + 1 + size > text.size()) throw malformed();
    std::optional<exec::Value> value =
        catalog::ParseValueText(std::string_view(text).substr(second + 1, size), columns[index].type);
    if (!value) throw malformed();
    defaults[index] = *value;
    position = second + 1 + size;
  }
  return defaults;
}

}  // namespace

LakeTables::LakeTables(LakeAccess access) : access_(std::move(access)) {
  if (access_.shared != nullptr) lake_ = access_.shared.get();
}

LakeTables::~LakeTables() = default;

catalog::Lake* LakeTables::Open(bool create) {
  if (lake_ != nullptr) return lake_;
  if (!create && !storage::LakeStore::Encrypted(access_.options.data_dir).has_value()) {
    return nullptr;  // no lake there yet: nothing to read, and a read creates nothing
  }
  owned_ = catalog::OpenLake(access_.options);
  lake_ = owned_.get();
  if (access_.on_open) access_.on_open(*lake_);
  return lake_;
}

void LakeTables::Use(const std::string& database) {
  if (database != "main") {
    catalog::Lake* lake = Open(false);
    std::vector<std::string> databases;
    if (lake != nullptr) databases = lake->catalog->ListDatabases();
    if (std::find(databases.begin(), databases.end(), database) == databases.end()) {
      throw Error(ErrorCode::kNotFound, "database \"" + database + "\" does not exist");
    }
  }
  database_ = database;
}

std::string LakeTables::Key(const QualifiedName& name) const {
  return (name.schema.empty() ? database_ : name.schema) + "." + name.name;
}

std::pair<std::string, std::string> LakeTables::SplitKey(const std::string& key) {
  size_t dot = key.find('.');
  TARN_CHECK(dot != std::string::npos);
  return {key.substr(0, dot), key.substr(dot + 1)};
}

std::shared_ptr<const LakeTable> LakeTables::FindAt(const std::string& key,
                                                    const catalog::SnapshotSelector& selector) {
  catalog::Lake* lake = Open(false);
  if (lake == nullptr) return nullptr;
  auto [database, name] = SplitKey(key);
  std::optional<catalog::TableInfo> info = lake->catalog->FindTable(database, name);
  if (!info) return nullptr;
  auto table = std::make_shared<LakeTable>();
  bool time_travel = selector.version || selector.as_of_unix_micros;
  std::optional<catalog::Snapshot> snapshot;
  try {
    snapshot = lake->catalog->FindSnapshot(info->id, selector);
  } catch (const Error& error) {
    if (error.code() != ErrorCode::kNotFound) throw;
    throw Error(ErrorCode::kNotFound,
                fmt::format("table \"{}.{}\": {}", database, name, error.message()));
  }
  if (!snapshot && time_travel) {
    std::string when = selector.version ? fmt::format("version {}", *selector.version)
                                        : "that time (it is older than the table's first snapshot)";
    throw Error(ErrorCode::kNotFound,
                fmt::format("table \"{}.{}\" has no snapshot at {}", database, name, when));
  }
  table->schema = lake->catalog->CurrentSchema(info->id);
  if (snapshot && snapshot->schema_version != table->schema.version) {
    for (auto& version : lake->catalog->SchemaHistory(info->id)) {
      if (version.version == snapshot->schema_version) table->schema = std::move(version);
    }
  }
  std::vector<catalog::DataFile> files;
  if (snapshot) {
    table->snapshot_id = snapshot->id;
    files = lake->catalog->SnapshotFiles(info->id, snapshot->id);
  }
  for (const auto& file : files) table->stored_row_count += static_cast<uint64_t>(file.row_count);
  for (const auto& column : table->schema.columns) {
    table->columns.push_back({column.name, column.type});
    table->not_null.push_back(!column.nullable);
  }
  auto unique = info->properties.find(kUniqueKeysProperty);
  if (unique != info->properties.end()) {
    table->unique_keys = DecodeUniqueKeys(unique->second, table->columns.size());
  }
  auto defaults = info->properties.find(kDefaultsProperty);
  if (defaults != info->properties.end()) {
    std::string text = defaults->second;
    if (lake->sealer != nullptr) text = lake->sealer->Open(text, DefaultsContext(*info));
    table->defaults = DecodeDefaults(text, table->schema.columns);
  }
  table->info = std::move(*info);
  storage::ObjectStore* store = &lake->store->store();
  // The scan shares the table's metadata; a query opens its own source.
  auto shared_files = std::make_shared<const std::vector<catalog::DataFile>>(std::move(files));
  const LakeTable* self = table.get();
  table->open_scan = [store, self, shared_files]() -> std::shared_ptr<format::ScanSource> {
    if (self->info.kind == catalog::TableKind::kExternal) {  // crawled data where it lies
      return catalog::crawler::OpenExternalTableScan(self->info, self->schema, *shared_files);
    }
    return catalog::OpenTableScan(*store, self->info, self->schema, *shared_files);
  };
  std::erase_if(issued_, [](const std::weak_ptr<const LakeTable>& weak) { return weak.expired(); });
  issued_.push_back(table);
  return table;
}

std::shared_ptr<const MaterializedTable> LakeTables::FindTable(const QualifiedName& name,
                                                               const TableVersion& version) {
  if (name.schema == "information_schema") {
    if (version.version || version.as_of_unix_micros) {
      throw Error(ErrorCode::kNotSupported, "not supported: time travel on information_schema");
    }
    return InformationSchema(name.name);
  }
  catalog::SnapshotSelector selector;
  selector.version = version.version;
  selector.as_of_unix_micros = version.as_of_unix_micros;
  std::string key = Key(name);
  if (AccessControl* control = access()) {
    // Before the snapshot lookup: an invisible table answers "does not exist", never "has no
    // snapshot at version 3".
    auto [database, table] = SplitKey(key);
    if (!control->CanSeeTable(database, table)) return nullptr;
  }
  return FindAt(key, selector);
}

std::optional<LakeTableIdentity> LakeTables::Identify(const MaterializedTable& table) {
  std::shared_ptr<const LakeTable> lake_table;
  std::erase_if(issued_, [&](const std::weak_ptr<const LakeTable>& weak) {
    std::shared_ptr<const LakeTable> alive = weak.lock();
    if (alive != nullptr && static_cast<const MaterializedTable*>(alive.get()) == &table) {
      lake_table = alive;
    }
    return alive == nullptr;
  });
  if (lake_table == nullptr || lake_ == nullptr) return std::nullopt;
  LakeTableIdentity identity;
  identity.database = lake_table->info.database;
  identity.table = lake_table->info.name;
  // A column tagged pii now is masked in older versions too (time travel reads an older schema).
  catalog::SchemaVersion current = lake_->catalog->CurrentSchema(lake_table->info.id);
  for (const auto& column : lake_table->schema.columns) {
    bool pii = column.sensitivity == catalog::Sensitivity::kPii;
    for (const auto& now : current.columns) {
      if (now.name == column.name && now.sensitivity == catalog::Sensitivity::kPii) pii = true;
    }
    identity.pii.push_back(pii);
  }
  return identity;
}

std::shared_ptr<const MaterializedTable> LakeTables::Find(const std::string& name) {
  return FindAt(name, {});
}

std::vector<catalog::DataFile> LakeTables::WriteFiles(const LakeTable& table,
                                                      const std::vector<exec::DataChunk>& rows) {
  catalog::TableWriter writer(lake_->store->store(), table.info, table.schema.columns);
  try {
    for (const auto& chunk : rows) {
      if (chunk.size() > 0) writer.Append(chunk);
    }
    return writer.Finish();
  } catch (...) {
    writer.Abort();
    throw;
  }
}

void LakeTables::DeleteObjects(const std::vector<std::string>& keys) {
  storage::ObjectStore& store = lake_->store->store();
  for (const auto& key : keys) {
    try {
      store.Delete(key);
    } catch (const Error&) {
      // Left as an orphan: VACUUM's sweep deletes objects no snapshot references.
    }
  }
}

void LakeTables::Create(const std::string& name, std::shared_ptr<MaterializedTable> table) {
  catalog::Lake* lake = Open(true);
  auto [database, table_name] = SplitKey(name);
  catalog::TableInfo info;
  info.database = database;
  info.name = table_name;
  info.kind = catalog::TableKind::kManaged;
  std::vector<catalog::ColumnDef> columns;
  for (size_t i = 0; i < table->columns.size(); ++i) {
    catalog::ColumnDef column;
    column.name = table->columns[i].name;
    column.type = table->columns[i].type;
    column.nullable = i >= table->not_null.size() || !table->not_null[i];
    columns.push_back(std::move(column));
  }
  if (!table->unique_keys.empty()) {
    info.properties[kUniqueKeysProperty] = EncodeUniqueKeys(table->unique_keys);
  }
  std::string defaults = EncodeDefaults(table->defaults);
  if (!defaults.empty()) {
    info.properties[kDefaultsProperty] =
        lake->sealer != nullptr ? lake->sealer->Seal(defaults, DefaultsContext(info)) : defaults;
  }
  catalog::TableInfo created = lake->catalog->CreateTable(info, columns, /*if_not_exists=*/false);
  bool has_rows = false;
  for (const auto& chunk : table->chunks) has_rows |= chunk.size() > 0;
  if (!has_rows) return;
  // CREATE TABLE AS: the rows become the first snapshot; if that fails the table goes again.
  try {
    LakeTable target;
    target.info = created;
    target.schema = lake->catalog->CurrentSchema(created.id);
    std::vector<catalog::DataFile> files = WriteFiles(target, table->chunks);
    catalog::SnapshotChange change;
    change.operation = "create";
    change.added_files = files;
    try {
      lake->catalog->CommitSnapshot(created.id, change);
    } catch (...) {
      std::vector<std::string> keys;
      for (const auto& file : files) keys.push_back(file.key);
      DeleteObjects(keys);
      throw;
    }
  } catch (...) {
    DeleteObjects(lake->catalog->DropTable(database, table_name, /*if_exists=*/true));
    throw;
  }
}

bool LakeTables::Append(const std::string& name, const MaterializedTable& base,
                        std::vector<exec::DataChunk> rows) {
  const auto& table = static_cast<const LakeTable&>(base);
  Open(true);
  std::vector<catalog::DataFile> files = WriteFiles(table, rows);
  if (files.empty()) return true;
  std::vector<std::string> keys;
  for (const auto& file : files) keys.push_back(file.key);
  try {
    if (table.unique_keys.empty()) {
      // Rows that need no uniqueness check land on whatever snapshot is current by then.
      catalog::CommitWithRetry(*lake_->catalog, table.info.id,
                               [&](const std::optional<catalog::Snapshot>&) {
                                 catalog::SnapshotChange change;
                                 change.operation = "insert";
                                 change.added_files = files;
                                 return change;
                               });
      return true;
    }
    catalog::SnapshotChange change;
    change.base_snapshot_id = table.snapshot_id;
    change.operation = "insert";
    change.added_files = files;
    lake_->catalog->CommitSnapshot(table.info.id, change);
    return true;
  } catch (const Error& error) {
    DeleteObjects(keys);
    if (error.code() == ErrorCode::kConflict && !table.unique_keys.empty()) return false;
    throw;
  }
}

bool LakeTables::Overwrite(const std::string& name, const MaterializedTable& base,
                           std::vector<exec::DataChunk> rows, const std::string& operation) {
  const auto& table = static_cast<const LakeTable&>(base);
  Open(true);
  std::vector<catalog::DataFile> files = WriteFiles(table, rows);
  std::vector<std::string> keys;
  for (const auto& file : files) keys.push_back(file.key);
  catalog::SnapshotChange change;
  change.base_snapshot_id = table.snapshot_id;
  change.operation = operation;
  change.added_files = std::move(files);
  change.replace_all = true;
  try {
    lake_->catalog->CommitSnapshot(table.info.id, change);
  } catch (const Error& error) {
    DeleteObjects(keys);
    if (error.code() == ErrorCode::kConflict) return false;
    throw;
  }
  // The replaced files stay: older snapshots (time travel) read them until VACUUM expires those.
  return true;
}

bool LakeTables::Drop(const std::string& name) {
  catalog::Lake* lake = Open(false);
  if (lake == nullptr) return false;
  auto [database, table] = SplitKey(name);
  if (!lake->catalog->FindTable(database, table)) return false;
  // The catalog forgets the table first; its files are deleted after (a crash leaves orphans,
  // never a table naming missing files).
  DeleteObjects(lake->catalog->DropTable(database, table, /*if_exists=*/true));
  return true;
}

}  // namespace tarn::sql
