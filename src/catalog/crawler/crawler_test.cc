#include "catalog/crawler/crawler.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "catalog/crawler/external_table_scan.h"
#include "catalog/sqlite/catalog_test_support.h"
#include "common/error.h"
#include "format/scan_test_reader.h"

namespace tarn::catalog::crawler {
namespace {

using catalog::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

void Write(const std::string& path, const std::string& content) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << content;
}

std::vector<std::string> ColumnsOf(Catalog& catalog, const std::string& table) {
  std::optional<TableInfo> info = catalog.FindTable("main", table);
  std::vector<std::string> columns;
  if (!info) return columns;
  for (const auto& column : catalog.CurrentSchema(info->id).columns) {
    columns.push_back(column.name + " " + column.type.ToString());
  }
  return columns;
}

class CrawlerTest : public ::testing::Test {
 protected:
  CrawlerTest() : catalog_(OpenSqliteCatalog(lake_.path(), nullptr)) {
    options_.root = data_.path();
  }

  CrawlReport Run() { return Crawl(*catalog_, options_); }

  TempDir lake_;
  TempDir data_;
  std::unique_ptr<Catalog> catalog_;
  CrawlOptions options_;
};

TEST_F(CrawlerTest, RegistersPartitionedDatasetsOnceAndThenNothing) {
  Write(data_.path() + "/sales/dt=2024-01-01/a.csv", "id,amount\n1,2.5\n2,3\n");
  Write(data_.path() + "/sales/dt=2024-01-02/b.csv", "id,amount\n3,4\n");
  Write(data_.path() + "/notes.txt", "not data");
  CrawlReport first = Run();
  ASSERT_EQ(first.tables.size(), 1u);
  EXPECT_EQ(first.tables[0].action, CrawlAction::kCreated);
  EXPECT_EQ(first.tables[0].table, "main.sales");
  EXPECT_THAT(ColumnsOf(*catalog_, "sales"), ElementsAre("id BIGINT", "amount DOUBLE", "dt DATE"));
  std::optional<TableInfo> table = catalog_->FindTable("main", "sales");
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->kind, TableKind::kExternal);
  EXPECT_EQ(table->format, "csv");
  EXPECT_EQ(table->location, data_.path() + "/sales/dt=*/*.csv");
  EXPECT_THAT(table->partition_columns, ElementsAre("dt"));
  std::optional<Snapshot> snapshot = catalog_->FindSnapshot(table->id);
  ASSERT_TRUE(snapshot.has_value());
  std::vector<DataFile> files = catalog_->SnapshotFiles(table->id, snapshot->id);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].key, data_.path() + "/sales/dt=2024-01-01/a.csv");
  EXPECT_EQ(files[0].partition.at("dt"), "2024-01-01");

  CrawlReport second = Run();
  EXPECT_FALSE(second.changed());
  EXPECT_EQ(second.tables[0].action, CrawlAction::kUnchanged);
  EXPECT_EQ(catalog_->SnapshotHistory(table->id).size(), 1u);
  EXPECT_EQ(catalog_->SchemaHistory(table->id).size(), 1u);
}

TEST_F(CrawlerTest, SkipsHiddenFoldersAndTarnDataDirectories) {
  Write(data_.path() + "/t/a.csv", "id\n1\n");
  Write(data_.path() + "/.cache/x.csv", "id\n1\n");
  Write(data_.path() + "/_temporary/y.csv", "id\n1\n");
  Write(data_.path() + "/tarn-data/catalog.db", "");
  Write(data_.path() + "/tarn-data/raw/db/t/part-1.parquet", "encrypted");
  CrawlReport report = Run();
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_EQ(report.tables[0].table, "main.t");
  EXPECT_EQ(report.files_seen, 1);
}

TEST_F(CrawlerTest, AddedColumnsAndWiderTypesMakeANewSchemaVersion) {
  Write(data_.path() + "/t/a.csv", "id,v\n1,2\n");
  Run();
  Write(data_.path() + "/t/a.csv", "id,v,note\n1,2.5,x\n");  // v widens, note is new
  CrawlReport report = Run();
  ASSERT_EQ(report.tables.size(), 1u);
  EXPECT_EQ(report.tables[0].action, CrawlAction::kUpdated);
  EXPECT_THAT(
      report.tables[0].details,
      ElementsAre("schema version 2: widened column v BIGINT -> DOUBLE, added column note VARCHAR",
                  HasSubstr("files: 0 added, 0 removed, 1 changed")));
  EXPECT_THAT(ColumnsOf(*catalog_, "t"), ElementsAre("id BIGINT", "v DOUBLE", "note VARCHAR"));
}

TEST_F(CrawlerTest, NarrowedOrRetypedColumnsAreConflictsAndChangeNothing) {
  Write(data_.path() + "/t/a.csv", "id,v\n1,2.5\n");
  Run();
  Write(data_.path() + "/t/a.csv", "id,v\n1,2\n");
  CrawlReport narrowed = Run();
  EXPECT_EQ(narrowed.tables[0].action, CrawlAction::kConflict);
  EXPECT_THAT(narrowed.tables[0].details,
              ElementsAre(HasSubstr(
                  "column 'v' is DOUBLE in the table but BIGINT in the files: a narrower type")));
  Write(data_.path() + "/t/a.csv", "id,v\n1,2024-01-01\n");
  CrawlReport retyped = Run();
  EXPECT_THAT(retyped.tables[0].details, ElementsAre(HasSubstr("an incompatible type")));
  std::optional<TableInfo> table = catalog_->FindTable("main", "t");
  EXPECT_EQ(catalog_->SnapshotHistory(table->id).size(), 1u);
  EXPECT_THAT(ColumnsOf(*catalog_, "t"), ElementsAre("id BIGINT", "v DOUBLE"));
}

TEST_F(CrawlerTest, NewAndRemovedFilesMakeASnapshot) {
  Write(data_.path() + "/t/a.csv", "id\n1\n");
  Run();
  Write(data_.path() + "/t/b.csv", "id\n2\n");
  CrawlReport added = Run();
  EXPECT_EQ(added.tables[0].action, CrawlAction::kUpdated);
  EXPECT_THAT(added.tables[0].details,
              ElementsAre(HasSubstr("files: 1 added, 0 removed, 0 changed")));
  std::filesystem::remove(data_.path() + "/t/a.csv");
  CrawlReport removed = Run();
  EXPECT_THAT(removed.tables[0].details,
              ElementsAre(HasSubstr("files: 0 added, 1 removed, 0 changed")));
  std::optional<TableInfo> table = catalog_->FindTable("main", "t");
  std::optional<Snapshot> snapshot = catalog_->FindSnapshot(table->id);
  EXPECT_EQ(snapshot->id, 3);
  EXPECT_EQ(catalog_->SnapshotFiles(table->id, snapshot->id).size(), 1u);
}

TEST_F(CrawlerTest, ManagedTableOfTheSameNameIsAConflict) {
  TableInfo managed;
  managed.database = "main";
  managed.name = "t";
  catalog_->CreateTable(managed, {catalog::testing::Column("x", TypeId::kInteger)}, false);
  Write(data_.path() + "/t/a.csv", "id\n1\n");
  CrawlReport report = Run();
  EXPECT_EQ(report.tables[0].action, CrawlAction::kConflict);
  EXPECT_THAT(report.tables[0].details,
              ElementsAre(HasSubstr("a managed table of this name exists")));
}

TEST_F(CrawlerTest, UnreadableDatasetFailsAloneAndMissingRootThrows) {
  Write(data_.path() + "/bad/a.parquet", "not parquet");
  Write(data_.path() + "/good/a.csv", "id\n1\n");
  CrawlReport report = Run();
  ASSERT_EQ(report.tables.size(), 2u);
  EXPECT_EQ(report.tables[0].action, CrawlAction::kFailed);
  EXPECT_EQ(report.tables[1].action, CrawlAction::kCreated);
  options_.root = data_.path() + "/missing";
  EXPECT_THROW(Run(), Error);
}

TEST_F(CrawlerTest, ExternalTableScanAddsPartitionsNullsAndWidens) {
  Write(data_.path() + "/t/dt=2024-01-01/a.csv", "id,v\n1,2\n");  // v sniffs as BIGINT here
  Write(data_.path() + "/t/dt=2024-01-02/b.csv", "id,v,note\n2,2.5,x\n");
  Write(data_.path() + "/t/dt=__HIVE_DEFAULT_PARTITION__/c.csv", "id,v,note\n3,4,y\n");
  Run();
  std::optional<TableInfo> table = catalog_->FindTable("main", "t");
  ASSERT_TRUE(table.has_value());
  EXPECT_THAT(ColumnsOf(*catalog_, "t"),
              ElementsAre("id BIGINT", "v DOUBLE", "note VARCHAR", "dt DATE"));
  std::optional<Snapshot> snapshot = catalog_->FindSnapshot(table->id);
  auto scan = OpenExternalTableScan(*table, catalog_->CurrentSchema(table->id),
                                    catalog_->SnapshotFiles(table->id, snapshot->id));
  EXPECT_THAT(format::ReadAllRows(*scan),
              ElementsAre("1|2|NULL|2024-01-01", "2|2.5|x|2024-01-02", "3|4|y|NULL"));
  scan = OpenExternalTableScan(*table, catalog_->CurrentSchema(table->id),
                               catalog_->SnapshotFiles(table->id, snapshot->id));
  scan->SetProjection({3, 2});
  std::vector<LogicalType> types = {TypeId::kDate, TypeId::kVarchar};
  auto state = scan->CreateLocalState();
  exec::DataChunk chunk(types);
  int64_t morsel = -1;
  ASSERT_TRUE(scan->NextMorsel(*state, morsel));
  ASSERT_TRUE(scan->ReadChunk(*state, chunk));
  EXPECT_EQ(chunk.column(0).GetValue(0).ToString(), "2024-01-01");
  EXPECT_TRUE(chunk.column(1).IsNull(0));
}

}  // namespace
}  // namespace tarn::catalog::crawler
