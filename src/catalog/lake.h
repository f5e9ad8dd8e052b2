// An open data directory: the object store (encrypted at rest), the sealer for small values kept
// outside objects, and the catalog. OpenLake is the one call every command and the SQL session use
// to open a data directory, so all of them see the same objects, keys and tables.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "catalog/retention.h"
#include "storage/encryption/value_sealer.h"
#include "storage/lake_store.h"

namespace tarn::catalog {

// Members are destroyed in reverse order: the catalog first, then the sealer, then the store whose
// keyring the sealer borrows.
struct Lake {
  std::unique_ptr<storage::LakeStore> store;
  std::shared_ptr<const storage::ValueSealer> sealer;  // null when the lake is unencrypted
  std::unique_ptr<Catalog> catalog;
};

// Opens (creating on first use) the lake of 'options.data_dir': LakeStore::Open, then the catalog
// <data-dir>/catalog.db with a ValueSealer (purpose "catalog") over the lake's keyring. Throws
// what LakeStore::Open and OpenSqliteCatalog throw.
std::unique_ptr<Lake> OpenLake(const storage::LakeOptions& options);

// Objects under a table's prefix that no snapshot references are deleted by VACUUM only when
// older than this, so files of a commit still in flight are never touched.
constexpr std::chrono::hours kOrphanMinimumAge{1};

struct VacuumResult {
  int64_t expired_snapshots = 0;
  int64_t deleted_files = 0;    // data files of expired snapshots
  int64_t deleted_orphans = 0;  // objects no snapshot ever committed (crashed writers)
};

// Expires the table's snapshots older than 'retention' (always keeping the current one; without
// 'retention' the table's own setting, kRetentionProperty, else kDefaultSnapshotRetention), then
// deletes from the store the data files no remaining snapshot references — after the catalog
// commit, so a crash leaves at worst an orphan object, never a snapshot naming a missing file.
// Then sweeps orphans: objects under a managed table's prefix that no remaining snapshot
// references and that are older than kOrphanMinimumAge. Throws Error(kNotFound) for an unknown
// table.
VacuumResult VacuumTable(Lake& lake, const std::string& database, const std::string& table,
                         std::optional<std::chrono::microseconds> retention = std::nullopt);

}  // namespace tarn::catalog
