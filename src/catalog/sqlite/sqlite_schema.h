// The tables of catalog.db and their migrations. schema_version holds the number of the last
// migration applied; opening a catalog applies the missing ones in one write transaction, so
// several processes opening a new catalog at once create it exactly once.
#pragma once

#include "catalog/sqlite/sqlite_database.h"

namespace tarn::catalog {

// The schema version this build writes. A catalog.db with a newer version was written by a newer
// tarn: opening it throws Error(kNotSupported) rather than guessing.
constexpr int64_t kCatalogSchemaVersion = 1;

// Applies every migration 'database' lacks.
void MigrateCatalogSchema(SqliteDatabase& database);

}  // namespace tarn::catalog
