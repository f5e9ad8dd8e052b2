#include "sql/session/table_store.h"

#include <gtest/gtest.h>

namespace tarn::sql {
namespace {

exec::DataChunk Rows(std::initializer_list<int32_t> values) {
  exec::DataChunk chunk({TypeId::kInteger});
  size_t row = 0;
  for (int32_t value : values) chunk.column(0).SetValue(row++, exec::Value::Integer(value));
  chunk.SetPhysicalSize(row);
  return chunk;
}

std::vector<int32_t> Values(const MaterializedTable& table) {
  std::vector<int32_t> values;
  for (const auto& chunk : table.chunks) {
    for (size_t row = 0; row < chunk.size(); ++row) {
      values.push_back(static_cast<int32_t>(chunk.column(0).GetValue(chunk.RowIndex(row)).integer()));
    }
  }
  return values;
}

std::vector<exec::DataChunk> One(exec::DataChunk chunk) {
  std::vector<exec::DataChunk> chunks;
  chunks.push_back(std::move(chunk));
  return chunks;
}

TEST(TableStoreTest, SnapshotsDoNotChangeUnderReaders) {
  SessionCatalog catalog;
  MemoryTableStore store(catalog);
  auto table = std::make_shared<MaterializedTable>();
  table->columns = {{"a", TypeId::kInteger}};
  table->not_null = {true};
  store.Create("t", table);
  store.Append("t", *table, One(Rows({1, 2})));
  auto before = store.Find("t");
  store.Append("t", *before, One(Rows({3})));
  EXPECT_EQ(Values(*before), (std::vector<int32_t>{1, 2}));
  auto after = store.Find("t");
  EXPECT_EQ(Values(*after), (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(after->chunks.size(), 1u);  // small appends merge into one chunk
  EXPECT_EQ(after->not_null, std::vector<bool>{true});
  EXPECT_EQ(catalog.tables.at("t"), after);  // the binder sees the same snapshot

  store.Overwrite("t", *after, One(Rows({9})), "update");
  EXPECT_EQ(Values(*after), (std::vector<int32_t>{1, 2, 3}));
  EXPECT_EQ(Values(*store.Find("t")), (std::vector<int32_t>{9}));

  EXPECT_TRUE(store.Drop("t"));
  EXPECT_FALSE(store.Drop("t"));
  EXPECT_EQ(store.Find("t"), nullptr);
}

TEST(TableStoreTest, CreateReplacesAViewOfTheSameName) {
  SessionCatalog catalog;
  catalog.views["v"] = std::make_shared<ViewEntry>();
  MemoryTableStore store(catalog);
  store.Create("v", std::make_shared<MaterializedTable>());
  EXPECT_EQ(catalog.views.count("v"), 0u);
  EXPECT_NE(store.Find("v"), nullptr);
}

}  // namespace
}  // namespace tarn::sql
