#include "catalog/sqlite/sqlite_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "catalog/sqlite/catalog_test_support.h"
#include "common/error.h"

namespace tarn::catalog {
namespace {

using namespace tarn::catalog::testing;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

template <typename Function>
Error CaptureError(Function function) {
  try {
    function();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "expected an Error";
  return Error(ErrorCode::kInternal, "no error");
}

SnapshotSelector Version(int64_t version) {
  SnapshotSelector selector;
  selector.version = version;
  return selector;
}

SnapshotSelector AsOf(int64_t unix_micros) {
  SnapshotSelector selector;
  selector.as_of_unix_micros = unix_micros;
  return selector;
}

std::vector<std::string> Keys(const std::vector<DataFile>& files) {
  std::vector<std::string> keys;
  for (const DataFile& file : files) keys.push_back(file.key);
  return keys;
}

class SqliteCatalogTest : public ::testing::Test {
 protected:
  SqliteCatalogTest() : catalog_(OpenSqliteCatalog(dir_.path(), keys_.sealer)) {}

  int64_t MakeTable(const std::string& name = "orders") {
    return catalog_->CreateTable(Table("sales", name),
                                 {Column("id", TypeId::kInteger, false),
                                  Column("amount", LogicalType::Decimal(10, 2))},
                                 false)
        .id;
  }

  Snapshot Commit(int64_t table_id, int64_t base, std::vector<DataFile> added,
                  std::vector<std::string> removed = {}) {
    SnapshotChange change;
    change.base_snapshot_id = base;
    change.operation = "insert";
    change.added_files = std::move(added);
    change.removed_keys = std::move(removed);
    return catalog_->CommitSnapshot(table_id, change);
  }

  TempDir dir_;
  TestSealer keys_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(SqliteCatalogTest, CreatesListsAndDropsDatabases) {
  catalog_->CreateDatabase("Sales", "orders and refunds", false);
  catalog_->CreateDatabase("hr", "", false);
  catalog_->CreateDatabase("SALES", "", true);  // if not exists: no error
  EXPECT_EQ(CaptureError([&] { catalog_->CreateDatabase("sales", "", false); }).code(),
            ErrorCode::kConflict);
  EXPECT_THAT(catalog_->ListDatabases(), ElementsAre("hr", "sales"));
  MakeTable();
  Error busy = CaptureError([&] { catalog_->DropDatabase("sales", false, false); });
  EXPECT_EQ(busy.code(), ErrorCode::kConflict);
  EXPECT_THAT(busy.message(), HasSubstr("still has 1 tables"));
  catalog_->DropDatabase("sales", false, true);
  EXPECT_THAT(catalog_->ListDatabases(), ElementsAre("hr"));
  EXPECT_FALSE(catalog_->FindTable("sales", "orders"));
  EXPECT_EQ(CaptureError([&] { catalog_->DropDatabase("nope", false, false); }).code(),
            ErrorCode::kNotFound);
  catalog_->DropDatabase("nope", true, false);
}

TEST_F(SqliteCatalogTest, CreatesFindsListsAndDropsTables) {
  TableInfo info = Table("Sales", "Orders");
  info.partition_columns = {"DT"};
  info.owner = "ana";
  info.properties = {{"sql.primary_key", "id"}};
  TableInfo created = catalog_->CreateTable(info, {Column("ID", TypeId::kInteger)}, false);
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.location, "curated/sales/orders/");
  std::optional<TableInfo> found = catalog_->FindTable("SALES", "orders");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created.id);
  EXPECT_EQ(found->name, "orders");
  EXPECT_EQ(found->database, "sales");
  EXPECT_EQ(found->owner, "ana");
  EXPECT_THAT(found->partition_columns, ElementsAre("dt"));
  EXPECT_EQ(found->properties.at("sql.primary_key"), "id");
  EXPECT_GT(found->created_unix_micros, 0);
  EXPECT_THAT(catalog_->ListDatabases(), ElementsAre("sales"));  // created with the table
  EXPECT_EQ(CaptureError([&] { catalog_->CreateTable(info, {Column("x", TypeId::kDate)}, false); })
                .code(),
            ErrorCode::kConflict);
  EXPECT_EQ(catalog_->CreateTable(info, {Column("x", TypeId::kDate)}, true).id, created.id);
  EXPECT_EQ(CaptureError([&] {
              catalog_->CreateTable(Table("sales", "dup"),
                                    {Column("a", TypeId::kDate), Column("A", TypeId::kDate)},
                                    false);
            }).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CurrentSchema(created.id).columns[0].name, "id");

  Commit(created.id, 0, {File("curated/sales/orders/a.parquet", 5)});
  Commit(created.id, 1, {File("curated/sales/orders/b.parquet", 5)},
         {"curated/sales/orders/a.parquet"});
  MakeTable("refunds");
  std::vector<TableInfo> tables = catalog_->ListTables("sales");
  ASSERT_EQ(tables.size(), 2u);
  EXPECT_EQ(tables[0].name, "orders");
  EXPECT_EQ(tables[1].name, "refunds");
  EXPECT_EQ(CaptureError([&] { catalog_->ListTables("nope"); }).code(), ErrorCode::kNotFound);
  // Dropping returns every file any snapshot referenced.
  EXPECT_THAT(catalog_->DropTable("sales", "orders", false),
              ElementsAre("curated/sales/orders/a.parquet", "curated/sales/orders/b.parquet"));
  EXPECT_FALSE(catalog_->FindTable("sales", "orders"));
  EXPECT_EQ(CaptureError([&] { catalog_->DropTable("sales", "orders", false); }).code(),
            ErrorCode::kNotFound);
  EXPECT_TRUE(catalog_->DropTable("sales", "orders", true).empty());
  EXPECT_EQ(CaptureError([&] { catalog_->CurrentSchema(created.id); }).code(),
            ErrorCode::kNotFound);
}

TEST_F(SqliteCatalogTest, CommitsSnapshotsThatAddAndRemoveFiles) {
  int64_t table = MakeTable();
  EXPECT_FALSE(catalog_->FindSnapshot(table, {}));
  DataFile a = File("k/a", 10);
  a.partition = {{"dt", "2026-01-01"}};
  a.stats["id"] = ColumnStats{"1", "10", 0};
  a.stats["amount"] = ColumnStats{std::nullopt, std::nullopt, 10};
  Snapshot first = Commit(table, 0, {a, File("k/b", 20)});
  EXPECT_EQ(first.id, 1);
  EXPECT_EQ(first.parent_id, 0);
  EXPECT_EQ(first.row_count, 30);
  EXPECT_EQ(first.file_count, 2);
  EXPECT_EQ(first.schema_version, 1);
  Snapshot second = Commit(table, 1, {File("k/c", 5)}, {"k/b"});
  EXPECT_EQ(second.id, 2);
  EXPECT_EQ(second.parent_id, 1);
  EXPECT_EQ(second.row_count, 15);
  EXPECT_EQ(second.file_count, 2);
  EXPECT_GE(second.committed_unix_micros, first.committed_unix_micros);

  EXPECT_THAT(Keys(catalog_->SnapshotFiles(table, 1)), ElementsAre("k/a", "k/b"));
  std::vector<DataFile> files = catalog_->SnapshotFiles(table, 2);
  EXPECT_THAT(Keys(files), ElementsAre("k/a", "k/c"));
  EXPECT_EQ(files[0].partition.at("dt"), "2026-01-01");
  EXPECT_EQ(files[0].row_count, 10);
  EXPECT_EQ(files[0].size_bytes, 100);
  EXPECT_EQ(files[0].stats.at("id").min, "1");
  EXPECT_EQ(files[0].stats.at("id").max, "10");
  EXPECT_FALSE(files[0].stats.at("amount").min);
  EXPECT_EQ(files[0].stats.at("amount").null_count, 10);

  std::optional<Snapshot> current = catalog_->FindSnapshot(table, {});
  ASSERT_TRUE(current);
  EXPECT_EQ(current->id, 2);
  std::vector<Snapshot> history = catalog_->SnapshotHistory(table);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].operation, "insert");

  // replace_all drops every file of the base; removed_keys may repeat them harmlessly.
  SnapshotChange overwrite;
  overwrite.base_snapshot_id = 2;
  overwrite.operation = "overwrite";
  overwrite.replace_all = true;
  overwrite.removed_keys = {"k/a"};
  overwrite.added_files = {File("k/a", 1)};  // the same key written again
  overwrite.summary = {{"principal", "ana"}};
  Snapshot third = catalog_->CommitSnapshot(table, overwrite);
  EXPECT_EQ(third.row_count, 1);
  EXPECT_EQ(third.file_count, 1);
  EXPECT_EQ(catalog_->SnapshotHistory(table)[2].summary.at("principal"), "ana");
  EXPECT_THAT(Keys(catalog_->SnapshotFiles(table, 3)), ElementsAre("k/a"));
  EXPECT_EQ(catalog_->SnapshotFiles(table, 3)[0].row_count, 1);
  EXPECT_EQ(catalog_->SnapshotFiles(table, 2)[0].row_count, 10);  // old version unchanged
}

TEST_F(SqliteCatalogTest, RejectsStaleBasesAndBadChanges) {
  int64_t table = MakeTable();
  Commit(table, 0, {File("k/a", 1)});
  Error stale = CaptureError([&] { Commit(table, 0, {File("k/b", 1)}); });
  EXPECT_EQ(stale.code(), ErrorCode::kConflict);
  EXPECT_THAT(stale.message(), HasSubstr("snapshot 1 is current"));
  EXPECT_EQ(CaptureError([&] { Commit(table, 1, {}, {"k/zz"}); }).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CaptureError([&] { Commit(table, 1, {File("k/a", 1)}); }).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CaptureError([&] { Commit(table + 100, 0, {}); }).code(), ErrorCode::kNotFound);
  // A failed commit changed nothing.
  EXPECT_EQ(catalog_->FindSnapshot(table, {})->id, 1);
  EXPECT_THAT(Keys(catalog_->SnapshotFiles(table, 1)), ElementsAre("k/a"));
}

TEST_F(SqliteCatalogTest, WidensAndAddsColumnsButNeverNarrowsOrDrops) {
  int64_t table = MakeTable();
  SnapshotChange change;
  change.operation = "insert";
  // INTEGER -> BIGINT, DECIMAL(10,2) -> DECIMAL(12,3), a new nullable column.
  change.new_columns = std::vector<ColumnDef>{Column("id", TypeId::kBigint, false),
                                              Column("amount", LogicalType::Decimal(12, 3)),
                                              Column("note", TypeId::kVarchar)};
  Snapshot snapshot = catalog_->CommitSnapshot(table, change);
  EXPECT_EQ(snapshot.schema_version, 2);
  SchemaVersion schema = catalog_->CurrentSchema(table);
  EXPECT_EQ(schema.version, 2);
  ASSERT_EQ(schema.columns.size(), 3u);
  EXPECT_EQ(schema.columns[0].type, LogicalType(TypeId::kBigint));
  EXPECT_FALSE(schema.columns[0].nullable);
  EXPECT_EQ(schema.columns[1].type, LogicalType::Decimal(12, 3));
  EXPECT_EQ(schema.columns[2].name, "note");
  std::vector<SchemaVersion> history = catalog_->SchemaHistory(table);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].columns[0].type, LogicalType(TypeId::kInteger));

  // The same columns again: no new version.
  change.base_snapshot_id = 1;
  EXPECT_EQ(catalog_->CommitSnapshot(table, change).schema_version, 2);

  change.base_snapshot_id = 2;
  change.new_columns = std::vector<ColumnDef>{Column("id", TypeId::kInteger, false),
                                              Column("amount", LogicalType::Decimal(12, 3)),
                                              Column("note", TypeId::kVarchar)};
  Error narrow = CaptureError([&] { catalog_->CommitSnapshot(table, change); });
  EXPECT_EQ(narrow.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(narrow.message(), HasSubstr("'id' from BIGINT to INTEGER"));

  change.new_columns = std::vector<ColumnDef>{Column("id", TypeId::kBigint, false),
                                              Column("amount", LogicalType::Decimal(12, 3))};
  Error drop = CaptureError([&] { catalog_->CommitSnapshot(table, change); });
  EXPECT_EQ(drop.code(), ErrorCode::kInvalidArgument);
  EXPECT_THAT(drop.message(), HasSubstr("drop column 'note' (VARCHAR)"));

  change.new_columns = std::vector<ColumnDef>{
      Column("id", TypeId::kBigint, false), Column("amount", LogicalType::Decimal(12, 3)),
      Column("note", TypeId::kVarchar), Column("flag", TypeId::kBoolean, false)};
  EXPECT_EQ(CaptureError([&] { catalog_->CommitSnapshot(table, change); }).code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(catalog_->CurrentSchema(table).version, 2);  // failed commits left no version
  EXPECT_EQ(catalog_->FindSnapshot(table, {})->id, 2);
}

TEST_F(SqliteCatalogTest, SelectsSnapshotsByVersionAndTime) {
  int64_t table = MakeTable();
  Snapshot first = Commit(table, 0, {File("k/a", 1)});
  Snapshot second = Commit(table, 1, {File("k/b", 1)});
  Snapshot third = Commit(table, 2, {File("k/c", 1)});
  EXPECT_EQ(catalog_->FindSnapshot(table, Version(2))->id, 2);
  EXPECT_EQ(CaptureError([&] { catalog_->FindSnapshot(table, Version(4)); }).code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(CaptureError([&] { catalog_->FindSnapshot(table, Version(0)); }).code(),
            ErrorCode::kNotFound);
  EXPECT_FALSE(catalog_->FindSnapshot(
      table, AsOf(first.committed_unix_micros - 1)));  // empty back then
  EXPECT_EQ(catalog_->FindSnapshot(table, AsOf(first.committed_unix_micros))->id,
            1);
  EXPECT_EQ(
      catalog_->FindSnapshot(table, AsOf(second.committed_unix_micros))->id, 2);
  EXPECT_EQ(catalog_->FindSnapshot(table, AsOf(third.committed_unix_micros + 5))
                ->id,
            3);
  // After expiring 1 and 2, both the version and the time they were current are gone.
  catalog_->ExpireSnapshots(table, third.committed_unix_micros);
  Error expired = CaptureError([&] { catalog_->FindSnapshot(table, Version(1)); });
  EXPECT_EQ(expired.code(), ErrorCode::kNotFound);
  EXPECT_THAT(expired.message(), HasSubstr("expired"));
  if (second.committed_unix_micros < third.committed_unix_micros) {
    EXPECT_EQ(CaptureError([&] {
                catalog_->FindSnapshot(table, AsOf(second.committed_unix_micros));
              }).code(),
              ErrorCode::kNotFound);
  }
  EXPECT_FALSE(catalog_->FindSnapshot(
      table, AsOf(first.committed_unix_micros - 1)));
  EXPECT_EQ(CaptureError([&] { catalog_->SnapshotFiles(table, 1); }).code(),
            ErrorCode::kNotFound);
}

TEST_F(SqliteCatalogTest, ExpiryReturnsExactlyTheUnreferencedFiles) {
  int64_t table = MakeTable();
  Snapshot first = Commit(table, 0, {File("k/a", 1), File("k/b", 1)});  // a, b
  Snapshot second = Commit(table, 1, {File("k/c", 1)}, {"k/a"});       // b, c
  Commit(table, 2, {}, {"k/b"});                                       // c
  Snapshot fourth = Commit(table, 3, {File("k/d", 1)});                // c, d
  (void)first;
  EXPECT_THAT(catalog_->ReferencedKeys(table), ElementsAre("k/a", "k/b", "k/c", "k/d"));
  // Expiring snapshot 1 frees a (only 1 had it); b stays, snapshot 2 still has it.
  EXPECT_THAT(catalog_->ExpireSnapshots(table, second.committed_unix_micros), ElementsAre("k/a"));
  EXPECT_TRUE(catalog_->ExpireSnapshots(table, second.committed_unix_micros).empty());
  // Expiring everything before the current one frees b; c and d are current.
  EXPECT_THAT(catalog_->ExpireSnapshots(table, fourth.committed_unix_micros + 1'000'000),
              ElementsAre("k/b"));
  std::vector<Snapshot> history = catalog_->SnapshotHistory(table);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].id, 4);
  EXPECT_THAT(catalog_->ReferencedKeys(table), ElementsAre("k/c", "k/d"));
  // The interface's default (history walk) agrees with the backend's query.
  EXPECT_THAT(catalog_->Catalog::ReferencedKeys(table), ElementsAre("k/c", "k/d"));
  EXPECT_THAT(Keys(catalog_->SnapshotFiles(table, 4)), ElementsAre("k/c", "k/d"));
  // The next snapshot continues the numbering.
  EXPECT_EQ(Commit(table, 4, {File("k/e", 1)}).id, 5);
}

TEST_F(SqliteCatalogTest, KeepsIngestionStateWithTheCommit) {
  int64_t table = MakeTable();
  SnapshotChange change;
  change.operation = "ingest";
  change.added_files = {File("k/a", 1)};
  change.ingested_checksums = {"sha256:abc"};
  change.watermarks = {{"pg.orders", "2026-01-02 03:04:05"}};
  catalog_->CommitSnapshot(table, change);
  EXPECT_TRUE(catalog_->IsIngested(table, "sha256:abc"));
  EXPECT_FALSE(catalog_->IsIngested(table, "sha256:def"));
  EXPECT_EQ(catalog_->Watermark(table, "pg.orders"), "2026-01-02 03:04:05");
  EXPECT_FALSE(catalog_->Watermark(table, "other"));
  // A conflicting commit records nothing.
  change.base_snapshot_id = 0;
  change.ingested_checksums = {"sha256:def"};
  change.watermarks = {{"pg.orders", "2027-01-01 00:00:00"}};
  EXPECT_THROW(catalog_->CommitSnapshot(table, change), Error);
  EXPECT_FALSE(catalog_->IsIngested(table, "sha256:def"));
  EXPECT_EQ(catalog_->Watermark(table, "pg.orders"), "2026-01-02 03:04:05");
}

TEST_F(SqliteCatalogTest, StoresBusinessMetadataAndSearchesIt) {
  int64_t table = MakeTable();
  catalog_->CreateDatabase("hr", "people_data 100% internal", false);
  catalog_->SetTableProperty("sales", "orders", "owner", "Ana Lima");
  catalog_->SetTableProperty("Sales", "Orders", "STEWARD", "bo");
  catalog_->SetTableProperty("sales", "orders", "description", "One row per Order line");
  catalog_->SetColumnDescription("sales", "orders", "AMOUNT", "gross amount in EUR");
  catalog_->SetColumnSensitivity("sales", "orders", "id", Sensitivity::kPii);
  EXPECT_EQ(CaptureError([&] { catalog_->SetTableProperty("sales", "orders", "color", "x"); })
                .code(),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(CaptureError([&] { catalog_->SetColumnDescription("sales", "orders", "nope", "x"); })
                .code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(CaptureError([&] { catalog_->SetTableProperty("sales", "nope", "owner", "x"); })
                .code(),
            ErrorCode::kNotFound);
  catalog_->SetTableProperty("sales", "orders", "retention", "30d");
  EXPECT_EQ(CaptureError([&] {
              catalog_->SetTableProperty("sales", "orders", "retention", "soon");
            }).code(),
            ErrorCode::kInvalidArgument);
  std::optional<TableInfo> info = catalog_->FindTable("sales", "orders");
  EXPECT_EQ(info->properties.at("snapshot_retention"), "30d");
  EXPECT_EQ(info->owner, "Ana Lima");
  EXPECT_EQ(info->steward, "bo");
  EXPECT_EQ(info->description, "One row per Order line");
  SchemaVersion schema = catalog_->CurrentSchema(table);
  EXPECT_EQ(schema.columns[0].sensitivity, Sensitivity::kPii);
  EXPECT_EQ(schema.columns[1].description, "gross amount in EUR");
  EXPECT_EQ(schema.columns[1].sensitivity, Sensitivity::kPublic);

  std::vector<SearchHit> hits = catalog_->Search("ORDER");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].table, "orders");
  EXPECT_EQ(hits[0].matched_in, "description");
  EXPECT_EQ(hits[1].matched_in, "table name");
  hits = catalog_->Search("eur");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].column, "amount");
  EXPECT_EQ(hits[0].matched_in, "column description");
  EXPECT_EQ(hits[0].text, "gross amount in EUR");
  hits = catalog_->Search("lima");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].matched_in, "owner");
  // LIKE wildcards match literally: '%' and '_' only where the text has them.
  hits = catalog_->Search("%");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].database, "hr");
  EXPECT_EQ(catalog_->Search("_").size(), 1u);
  EXPECT_TRUE(catalog_->Search("o_d").empty());
  EXPECT_EQ(catalog_->Search("amount").size(), 2u);  // the column name and its description
  EXPECT_EQ(CaptureError([&] { catalog_->Search(""); }).code(), ErrorCode::kInvalidArgument);
}

TEST_F(SqliteCatalogTest, PersistsAcrossReopen) {
  int64_t table = MakeTable();
  Commit(table, 0, {File("k/a", 7)});
  catalog_.reset();
  catalog_ = OpenSqliteCatalog(dir_.path(), keys_.sealer);
  EXPECT_EQ(catalog_->FindSnapshot(table, {})->row_count, 7);
  EXPECT_EQ(catalog_->FindTable("sales", "orders")->id, table);
}

TEST(SqliteCatalogFileTest, CreatesTheFolderAndAnOwnerOnlyFile) {
  TempDir dir;
  std::string data_dir = dir.path() + "/new/data";
  std::unique_ptr<Catalog> catalog = OpenSqliteCatalog(data_dir, nullptr);
  catalog->CreateDatabase("db", "", false);
  for (const char* name : {"/catalog.db", "/catalog.db-wal"}) {
    std::filesystem::perms perms = std::filesystem::status(data_dir + name).permissions();
    EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
              std::filesystem::perms::none)
        << name;
  }
}

TEST(SqliteCatalogSchemaTest, RefusesANewerSchemaVersion) {
  TempDir dir;
  { OpenSqliteCatalog(dir.path(), nullptr); }
  {
    SqliteDatabase database(dir.path() + "/catalog.db", 1000);
    database.Execute("INSERT INTO schema_version (version) VALUES (99)");
  }
  Error error = CaptureError([&] { OpenSqliteCatalog(dir.path(), nullptr); });
  EXPECT_EQ(error.code(), ErrorCode::kNotSupported);
  EXPECT_THAT(error.message(), HasSubstr("version 99"));
}

}  // namespace
}  // namespace tarn::catalog
