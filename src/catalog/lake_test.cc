#include "catalog/lake.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/time.h>

#include "catalog/sqlite/catalog_test_support.h"
#include "common/error.h"

namespace tarn::catalog {
namespace {

using namespace tarn::catalog::testing;
using ::testing::ElementsAre;

storage::LakeOptions Options(const TempDir& dir) {
  storage::LakeOptions options;
  options.data_dir = dir.path() + "/data";
  options.key_file = dir.path() + "/master.key";
  return options;
}

void PutObject(Lake& lake, const std::string& key) {
  std::string bytes = "payload of " + key;
  lake.store->store().Put(key, storage::ByteSpan(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                 bytes.size()));
}

// Backdates an object's file so the orphan sweep considers it old enough.
void Backdate(Lake& lake, const std::string& key, int64_t seconds) {
  std::string path = lake.store->lake_dir() + "/" + key;
  struct timeval times[2];
  ::gettimeofday(&times[0], nullptr);
  times[0].tv_sec -= seconds;
  times[1] = times[0];
  ASSERT_EQ(::utimes(path.c_str(), times), 0) << path;
}

TEST(LakeTest, OpensStoreSealerAndCatalogTogether) {
  TempDir dir;
  {
    std::unique_ptr<Lake> lake = OpenLake(Options(dir));
    ASSERT_TRUE(lake->sealer);
    lake->catalog->CreateTable(Table("db", "t"), {Column("a", TypeId::kInteger)}, false);
  }
  std::unique_ptr<Lake> lake = OpenLake(Options(dir));
  EXPECT_TRUE(lake->catalog->FindTable("db", "t"));
  EXPECT_TRUE(std::filesystem::exists(dir.path() + "/data/catalog.db"));

  storage::LakeOptions plain;
  plain.data_dir = dir.path() + "/plain";
  plain.encryption = false;
  std::unique_ptr<Lake> unencrypted = OpenLake(plain);
  EXPECT_FALSE(unencrypted->sealer);
  int64_t table =
      unencrypted->catalog->CreateTable(Table("db", "t"), {Column("a", TypeId::kInteger)}, false)
          .id;
  SnapshotChange change;
  change.watermarks = {{"src", "p.looks-marked"}};
  unencrypted->catalog->CommitSnapshot(table, change);
  EXPECT_EQ(unencrypted->catalog->Watermark(table, "src"), "p.looks-marked");
}

TEST(LakeTest, VacuumDeletesExpiredFilesAndOldOrphansOnly) {
  TempDir dir;
  std::unique_ptr<Lake> lake = OpenLake(Options(dir));
  TableInfo table =
      lake->catalog->CreateTable(Table("db", "t"), {Column("a", TypeId::kInteger)}, false);
  ASSERT_EQ(table.location, "curated/db/t/");
  for (const char* key : {"curated/db/t/a.parquet", "curated/db/t/b.parquet",
                          "curated/db/t/orphan-old.parquet", "curated/db/t/orphan-new.parquet",
                          "curated/db/t2/other.parquet"}) {
    PutObject(*lake, key);
  }
  Backdate(*lake, "curated/db/t/orphan-old.parquet", 2 * 3600);
  Backdate(*lake, "curated/db/t/a.parquet", 2 * 3600);  // old but referenced until expired
  Backdate(*lake, "curated/db/t2/other.parquet", 2 * 3600);  // another table's prefix
  SnapshotChange change;
  change.added_files = {File("curated/db/t/a.parquet", 1)};
  lake->catalog->CommitSnapshot(table.id, change);
  change.base_snapshot_id = 1;
  change.added_files = {File("curated/db/t/b.parquet", 1)};
  change.removed_keys = {"curated/db/t/a.parquet"};
  lake->catalog->CommitSnapshot(table.id, change);

  // With the default retention nothing expires; only the old orphan goes.
  VacuumResult kept = VacuumTable(*lake, "db", "t");
  EXPECT_EQ(kept.expired_snapshots, 0);
  EXPECT_EQ(kept.deleted_files, 0);
  EXPECT_EQ(kept.deleted_orphans, 1);
  EXPECT_TRUE(lake->store->store().Head("curated/db/t/a.parquet"));

  // The table's own retention applies when the call names none.
  lake->catalog->SetTableProperty("db", "t", "retention", "0");
  VacuumResult result = VacuumTable(*lake, "db", "t");
  EXPECT_EQ(result.expired_snapshots, 1);
  EXPECT_EQ(result.deleted_files, 1);
  EXPECT_EQ(result.deleted_orphans, 0);
  std::vector<std::string> left;
  for (const storage::ObjectEntry& entry : lake->store->store().List("curated/")) {
    left.push_back(entry.key);
  }
  EXPECT_THAT(left, ElementsAre("curated/db/t/b.parquet", "curated/db/t/orphan-new.parquet",
                                "curated/db/t2/other.parquet"));
  EXPECT_THROW(VacuumTable(*lake, "db", "missing"), Error);
}

}  // namespace
}  // namespace tarn::catalog
