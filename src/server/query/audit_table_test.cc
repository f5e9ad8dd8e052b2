#include "server/query/audit_table.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "common/error.h"
#include "security/audit/audit_log.h"
#include "sql/parser/ast.h"
#include "storage/random_bytes.h"

namespace tarn::server {
namespace {

// An AccessControl that only answers IsAdministrator (the audit table asks nothing else).
class FixedAccess final : public sql::AccessControl {
 public:
  explicit FixedAccess(bool administrator) : administrator_(administrator) {}
  const std::string& principal() const override { return name_; }
  bool IsAdministrator() const override { return administrator_; }
  bool CanSeeDatabase(const std::string&) const override { return true; }
  bool CanSeeTable(const std::string&, const std::string&) const override { return true; }
  sql::TableReadPolicy SelectPolicy(const std::string&, const std::string&) override {
    return {true, {}, std::nullopt, true};
  }
  void CheckTable(sql::Privilege, const std::string&, const std::string&,
                  const std::vector<std::string>&) override {}
  void CheckDatabase(sql::Privilege, const std::string&) override {}
  void OnTableCreated(const std::string&, const std::string&) override {}
  void OnTableDropped(const std::string&, const std::string&) override {}
  bool CanUseSecret(const std::string&) override { return true; }
  std::string MaskingKey() override { return "k"; }
  std::string Execute(const sql::AuthorizationStatement&) override { return {}; }
  std::vector<std::vector<std::string>> ShowGrants(const sql::AuthorizationStatement&) override {
    return {};
  }
  std::vector<sql::AccessedObject> TakeAccessed() override { return {}; }

 private:
  bool administrator_;
  std::string name_ = "someone";
};

class AuditTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn-audit-table-" + storage::RandomHex(6));
    keyring_ = storage::Keyring::FromText("1:" + std::string(64, 'c'));
    auto log = security::AuditLog::Open(dir_.string(), *keyring_);
    // 2026-12-01 10:00:00 UTC + i minutes.
    const int64_t base = int64_t{1796119200} * 1000000;
    for (int i = 0; i < 5; ++i) {
      security::AuditEntry entry;
      entry.time_micros = base + int64_t{i} * 60 * 1000000;
      entry.request_id = "r" + std::to_string(i);
      entry.principal = i % 2 == 0 ? "ana" : "bob";
      entry.principal_kind = "user";
      entry.source_address = "127.0.0.1";
      entry.action = "query SELECT";
      entry.objects = {"table:sales.orders:SELECT", "table:sales.customers:SELECT"};
      entry.statement = "SELECT " + std::to_string(i);
      entry.outcome = i == 3 ? "denied" : "success";
      entry.error_code = i == 3 ? "permission_denied" : "";
      entry.detail = i == 3 ? "permission denied: SELECT on table sales.orders" : "";
      entry.rows = i == 3 ? -1 : i * 10;
      entry.bytes = i == 3 ? -1 : 100;
      log->Record(entry);
    }
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  sql::SessionOptions Options(std::shared_ptr<sql::AccessControl> access = nullptr) {
    sql::SessionOptions options;
    options.threads = 1;
    options.access = std::move(access);
    options.table_functions = [this](const std::string& name,
                                     const std::vector<exec::Value>& arguments,
                                     sql::AccessControl* control) {
      return AuditTableFunction(dir_.string(), *keyring_, name, arguments, control);
    };
    return options;
  }
  std::string Cell(const std::string& sql, size_t column = 0, size_t row = 0) {
    sql::Session session(Options());
    sql::QueryResult result = session.Query(sql);
    return result.GetValue(column, row).ToString();
  }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Keyring> keyring_;
};

TEST_F(AuditTableTest, RowsAreTheDecryptedEntries) {
  sql::Session session(Options());
  sql::QueryResult result = session.Query(
      "SELECT sequence, time, request_id, principal, principal_kind, source_address, action, "
      "objects, statement, outcome, error_code, rows, bytes, detail FROM tarn_audit_log() "
      "WHERE sequence = 4");
  ASSERT_EQ(result.row_count(), 1u);
  const std::vector<std::string> expected = {
      "4", "2026-12-01 10:03:00", "r3", "bob", "user", "127.0.0.1", "query SELECT",
      "table:sales.orders:SELECT, table:sales.customers:SELECT", "SELECT 3", "denied",
      "permission_denied", "NULL", "NULL", "permission denied: SELECT on table sales.orders"};
  for (size_t column = 0; column < expected.size(); ++column) {
    EXPECT_EQ(result.GetValue(column, 0).ToString(), expected[column]) << result.column_names[column];
  }
  EXPECT_EQ(result.column_types[1].id(), TypeId::kTimestamp);
  EXPECT_EQ(result.column_types[11].id(), TypeId::kBigint);
}

TEST_F(AuditTableTest, SqlWorksOverIt) {
  // ana: entries 0, 2, 4 (rows 0 + 20 + 40); bob: 1 and 3 (3 denied, rows NULL).
  sql::Session session(Options());
  sql::QueryResult result = session.Query(
      "SELECT principal, count(*), sum(rows), sum(CASE WHEN outcome = 'denied' THEN 1 ELSE 0 END) "
      "FROM tarn_audit_log() GROUP BY principal ORDER BY principal");
  ASSERT_EQ(result.row_count(), 2u);
  EXPECT_EQ(result.GetValue(0, 0).ToString(), "ana");
  EXPECT_EQ(result.GetValue(1, 0).ToString(), "3");
  EXPECT_EQ(result.GetValue(2, 0).ToString(), "60");
  EXPECT_EQ(result.GetValue(3, 0).ToString(), "0");
  EXPECT_EQ(result.GetValue(0, 1).ToString(), "bob");
  EXPECT_EQ(result.GetValue(2, 1).ToString(), "10");
  EXPECT_EQ(result.GetValue(3, 1).ToString(), "1");
  EXPECT_EQ(Cell("SELECT count(*) FROM tarn_audit_log() WHERE objects LIKE '%sales.customers%'"),
            "5");
}

TEST_F(AuditTableTest, SinceSkipsOlderEntries) {
  EXPECT_EQ(Cell("SELECT min(sequence) FROM tarn_audit_log('2026-12-01 10:02:00')"), "3");
  EXPECT_EQ(Cell("SELECT count(*) FROM tarn_audit_log(TIMESTAMP '2026-12-01 10:03:30')"), "1");
  EXPECT_EQ(Cell("SELECT count(*) FROM tarn_audit_log('2026-12-02')"), "0");
  sql::Session session(Options());
  try {
    session.Query("SELECT * FROM tarn_audit_log('yesterday')");
    FAIL() << "a bad argument was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(error.location().query_offset, 14);
  }
}

TEST_F(AuditTableTest, OnlyAdministratorsReadIt) {
  sql::Session someone(Options(std::make_shared<FixedAccess>(false)));
  try {
    someone.Query("SELECT count(*) FROM tarn_audit_log()");
    FAIL() << "a non-administrator read the audit log";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied);
    EXPECT_EQ(error.message(), "permission denied: tarn_audit_log() is for administrators");
  }
  sql::Session admin(Options(std::make_shared<FixedAccess>(true)));
  EXPECT_EQ(admin.Query("SELECT count(*) FROM tarn_audit_log()").GetValue(0, 0).ToString(), "5");
  // Other table functions still resolve (and unknown ones still fail).
  EXPECT_THROW(admin.Query("SELECT * FROM no_such_function()"), Error);
}

}  // namespace
}  // namespace tarn::server
