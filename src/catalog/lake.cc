#include "catalog/lake.h"

#include <fmt/format.h>

#include <set>

#include "catalog/sqlite/sqlite_catalog.h"
#include "common/error.h"

namespace tarn::catalog {

std::unique_ptr<Lake> OpenLake(const storage::LakeOptions& options) {
  auto lake = std::make_unique<Lake>();
  lake->store = storage::LakeStore::Open(options);
  if (lake->store->keyring() != nullptr) {
    lake->sealer = std::make_shared<storage::ValueSealer>(*lake->store->keyring(), "catalog");
  }
  lake->catalog = OpenSqliteCatalog(options.data_dir, lake->sealer);
  return lake;
}

VacuumResult VacuumTable(Lake& lake, const std::string& database, const std::string& table,
                         std::optional<std::chrono::microseconds> retention) {
  std::optional<TableInfo> info = lake.catalog->FindTable(database, table);
  if (!info) {
    throw Error(ErrorCode::kNotFound,
                fmt::format("table '{}.{}' does not exist", database, table));
  }
  if (!retention) {
    auto setting = info->properties.find(std::string(kRetentionProperty));
    retention = setting != info->properties.end() ? ParseRetention(setting->second)
                                                  : kDefaultSnapshotRetention;
  }
  VacuumResult result;
  int64_t now = NowUnixMicros();
  size_t before = lake.catalog->SnapshotHistory(info->id).size();
  std::vector<std::string> expired =
      lake.catalog->ExpireSnapshots(info->id, now - retention->count());
  result.expired_snapshots =
      static_cast<int64_t>(before - lake.catalog->SnapshotHistory(info->id).size());
  storage::ObjectStore& store = lake.store->store();
  for (const std::string& key : expired) {
    if (store.Delete(key)) ++result.deleted_files;
  }
  if (info->kind != TableKind::kManaged || info->location.empty()) return result;

  // Every key some remaining snapshot references, read after the expiry committed.
  std::vector<std::string> referenced_keys = lake.catalog->ReferencedKeys(info->id);
  std::set<std::string> referenced(referenced_keys.begin(), referenced_keys.end());
  int64_t cutoff =
      now - std::chrono::duration_cast<std::chrono::microseconds>(kOrphanMinimumAge).count();
  std::string prefix = info->location;
  if (!prefix.ends_with('/')) prefix.push_back('/');
  std::vector<std::string> orphans;
  for (const storage::ObjectEntry& entry : store.List(prefix)) {
    if (referenced.contains(entry.key)) continue;
    std::optional<storage::ObjectInfo> object = store.Head(entry.key);
    if (object && object->modified_unix_micros < cutoff) orphans.push_back(entry.key);
  }
  if (orphans.empty()) return result;
  // A commit that ran since the snapshots were read may reference a candidate by now.
  for (std::string& key : lake.catalog->ReferencedKeys(info->id)) {
    referenced.insert(std::move(key));
  }
  for (const std::string& key : orphans) {
    if (!referenced.contains(key) && store.Delete(key)) ++result.deleted_orphans;
  }
  return result;
}

}  // namespace tarn::catalog
