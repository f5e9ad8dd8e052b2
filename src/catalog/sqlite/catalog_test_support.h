// Shared set-up of the catalog tests: a fresh temporary data directory, a test keyring and
// short-hand builders for columns, files and changes.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "catalog/catalog.h"
#include "storage/encryption/keyring.h"
#include "storage/encryption/value_sealer.h"

namespace tarn::catalog::testing {

constexpr std::string_view kTestKey =
    "1:000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// A temporary folder removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tarn-catalog-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

inline ColumnDef Column(std::string name, LogicalType type, bool nullable = true) {
  ColumnDef column;
  column.name = std::move(name);
  column.type = type;
  column.nullable = nullable;
  return column;
}

inline DataFile File(std::string key, int64_t rows) {
  DataFile file;
  file.key = std::move(key);
  file.row_count = rows;
  file.size_bytes = rows * 10;
  return file;
}

inline TableInfo Table(std::string database, std::string name) {
  TableInfo table;
  table.database = std::move(database);
  table.name = std::move(name);
  return table;
}

// Keyring and sealer kept together (the sealer borrows the keyring).
struct TestSealer {
  std::unique_ptr<storage::Keyring> keyring = storage::Keyring::FromText(kTestKey);
  std::shared_ptr<const storage::ValueSealer> sealer =
      std::make_shared<storage::ValueSealer>(*keyring, "catalog");
};

}  // namespace tarn::catalog::testing
