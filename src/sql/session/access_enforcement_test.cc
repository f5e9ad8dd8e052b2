// Authorization as the binder and the statements enforce it: principals (administrator, an analyst
// restricted to some columns and EU rows without UNMASK, a principal without grants, an
// INSERT-only loader) × reads through every construct, writes, catalog statements, listings and
// secret(), over a real lake in a temporary directory. Expected rows are derived by hand from the
// four orders below.
#include <gtest/gtest.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include <filesystem>

#include "common/error.h"
#include "sql/session/session.h"
#include "sql/session/test_access_control.h"

namespace tarn::sql {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;

// orders(id, region, amount, email pii), customers(id, name), hr.salaries(name, salary).
constexpr const char* kSetup =
    "CREATE TABLE sales.orders(id INTEGER, region VARCHAR, amount INTEGER, email VARCHAR);"
    "INSERT INTO sales.orders VALUES (1, 'EU', 10, 'ann@example.eu'), (2, 'US', 20, "
    "'bob@example.us'), (3, 'EU', 30, NULL), (4, 'APAC', 40, 'dan@example.ap');"
    "ALTER TABLE sales.orders ALTER COLUMN email SET SENSITIVITY pii;"
    "CREATE TABLE sales.customers(id INTEGER, name VARCHAR);"
    "INSERT INTO sales.customers VALUES (1, 'ann'), (2, 'bob'), (3, 'cat'), (4, 'dan');"
    "CREATE TABLE hr.salaries(name VARCHAR, salary INTEGER);"
    "INSERT INTO hr.salaries VALUES ('ann', 91234);";

std::string HexHmac(const std::string& key, const std::string& value) {
  unsigned char digest[32];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(value.data()), value.size(), digest, &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    static const char* kDigits = "0123456789abcdef";
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 15];
  }
  return hex;
}

class AccessEnforcementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::temp_directory_path() /
            ("tarn_access_enforcement_test_" + std::to_string(::getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    Session setup(Options(nullptr));
    setup.Execute(kSetup);

    admin_ = std::make_shared<TestAccessControl>("root", /*administrator=*/true);

    analyst_ = std::make_shared<TestAccessControl>("analyst");
    auto& orders = analyst_->tables["sales.orders"];
    orders.privileges = {Privilege::kSelect, Privilege::kUpdate, Privilege::kDelete};
    orders.read.columns = {"id", "region", "email"};
    orders.read.row_filter = "region = 'EU'";
    auto& customers = analyst_->tables["sales.customers"];
    customers.privileges = {Privilege::kSelect};
    customers.read.all_columns = true;
    analyst_->create_databases = {"sales"};
    analyst_->secrets = {"pseudonym_key"};

    nobody_ = std::make_shared<TestAccessControl>("nobody");

    loader_ = std::make_shared<TestAccessControl>("loader");
    loader_->tables["sales.orders"].privileges = {Privilege::kInsert};
  }
  void TearDown() override { fs::remove_all(path_); }

  SessionOptions Options(std::shared_ptr<AccessControl> access) const {
    SessionOptions options;
    options.threads = 1;
    LakeAccess lake;
    lake.options.data_dir = path_.string();
    options.lake = std::move(lake);
    options.access = std::move(access);
    options.secret_lookup = [](const std::string& name) -> std::optional<std::string> {
      if (name == "pseudonym_key") return std::string("s3cr3t-value");
      return std::nullopt;
    };
    return options;
  }

  // The rows of the last statement of 'sql' run as 'access', as text ("NULL" for NULL).
  Rows Query(const std::shared_ptr<AccessControl>& access, const std::string& sql) {
    Session session(Options(access));
    std::vector<QueryResult> results = session.Execute(sql);
    QueryResult result = std::move(results.back());
    Rows rows;
    for (size_t row = 0; row < result.row_count(); ++row) {
      std::vector<std::string> values;
      for (size_t column = 0; column < result.column_names.size(); ++column) {
        exec::Value value = result.GetValue(column, row);
        values.push_back(value.is_null() ? "NULL" : value.ToString());
      }
      rows.push_back(std::move(values));
    }
    return rows;
  }

  // The error 'sql' fails with as 'access'; checks that its message shows no row value.
  Error Fails(const std::shared_ptr<AccessControl>& access, const std::string& sql) {
    try {
      Query(access, sql);
    } catch (const Error& error) {
      for (const char* value : {"ann@example", "bob@example", "dan@example", "91234", "APAC"}) {
        EXPECT_EQ(error.message().find(value), std::string::npos) << error.message();
      }
      return error;
    }
    ADD_FAILURE() << "expected an error from: " << sql;
    return Error(ErrorCode::kInternal, "no error");
  }

  void ExpectDenied(const std::shared_ptr<AccessControl>& access, const std::string& sql,
                    const std::string& message) {
    Error error = Fails(access, sql);
    EXPECT_EQ(error.code(), ErrorCode::kPermissionDenied) << sql << ": " << error.message();
    EXPECT_EQ(error.message(), message) << sql;
    EXPECT_GE(error.location().query_offset, 0) << sql;
  }
  // 'sql' fails exactly as 'missing_sql' (the same statement on a table "nothing" that does not
  // exist) does for the administrator, with the name of the table 'hidden' in place of "nothing".
  void ExpectMissing(const std::shared_ptr<AccessControl>& access, const std::string& sql,
                     const std::string& missing_sql, const std::string& hidden = "orders") {
    Error error = Fails(access, sql);
    Error reference = Fails(admin_, missing_sql);
    std::string expected = reference.message();
    size_t at = expected.find("nothing");
    if (at != std::string::npos) expected.replace(at, 7, hidden);
    EXPECT_EQ(error.code(), reference.code()) << sql << ": " << error.message();
    EXPECT_EQ(error.message(), expected) << sql;
    EXPECT_NE(error.message().find("does not exist"), std::string::npos) << error.message();
  }

  fs::path path_;
  std::shared_ptr<TestAccessControl> admin_, analyst_, nobody_, loader_;
};

TEST_F(AccessEnforcementTest, AdministratorReadsEverythingInClear) {
  EXPECT_EQ(Query(admin_, "SELECT * FROM sales.orders ORDER BY id"),
            (Rows{{"1", "EU", "10", "ann@example.eu"},
                  {"2", "US", "20", "bob@example.us"},
                  {"3", "EU", "30", "NULL"},
                  {"4", "APAC", "40", "dan@example.ap"}}));
  EXPECT_EQ(Query(admin_, "SELECT salary FROM hr.salaries"), (Rows{{"91234"}}));
  EXPECT_EQ(Query(admin_, "SHOW TABLES FROM sales"), (Rows{{"customers"}, {"orders"}}));
  EXPECT_EQ(Query(admin_, "SELECT secret('pseudonym_key')"), (Rows{{"s3cr3t-value"}}));
  // The checks still run (the audit sees the accessed objects).
  admin_->TakeAccessed();
  Query(admin_, "SELECT count(*) FROM sales.orders");
  std::vector<AccessedObject> accessed = admin_->TakeAccessed();
  ASSERT_EQ(accessed.size(), 1u);
  EXPECT_EQ(accessed[0].name, "sales.orders");
  EXPECT_EQ(accessed[0].operation, "SELECT");
}

TEST_F(AccessEnforcementTest, AnalystSeesAllowedColumnsOfFilteredRowsMasked) {
  std::string ann = HexHmac(analyst_->masking_key, "ann@example.eu");
  EXPECT_EQ(Query(analyst_, "SELECT * FROM sales.orders ORDER BY id"),
            (Rows{{"1", "EU", ann}, {"3", "EU", "NULL"}}));
  EXPECT_EQ(Query(analyst_, "SELECT o.* FROM sales.orders AS o ORDER BY id"),
            (Rows{{"1", "EU", ann}, {"3", "EU", "NULL"}}));
  EXPECT_EQ(Query(analyst_, "SELECT email FROM sales.orders WHERE id = 1"), (Rows{{ann}}));
  // Aggregates see the filtered rows only (no answer from file metadata).
  EXPECT_EQ(Query(analyst_, "SELECT count(*), max(id), min(region) FROM sales.orders"),
            (Rows{{"2", "3", "EU"}}));
  // The row filter cannot be widened by the query.
  EXPECT_EQ(Query(analyst_, "SELECT count(*) FROM sales.orders WHERE region = 'US' OR true"),
            (Rows{{"2"}}));
  // Masked values are VARCHAR hashes: comparing with the clear value finds nothing.
  EXPECT_EQ(Query(analyst_, "SELECT count(*) FROM sales.orders WHERE email = 'ann@example.eu'"),
            (Rows{{"0"}}));
  ExpectDenied(analyst_, "SELECT amount FROM sales.orders",
               "permission denied: column sales.orders.amount");
  EXPECT_EQ(Fails(analyst_, "SELECT id, amount FROM sales.orders").location().query_offset, 11);
  // A misspelt name gets no hint towards a denied column.
  Error misspelt = Fails(analyst_, "SELECT amoun FROM sales.orders");
  EXPECT_EQ(misspelt.code(), ErrorCode::kBinderError);
  EXPECT_EQ(misspelt.message().find("amount"), std::string::npos) << misspelt.message();
  ExpectDenied(analyst_, "SELECT sum(o.amount) FROM sales.orders o",
               "permission denied: column sales.orders.amount");
  ExpectDenied(analyst_, "SELECT id FROM sales.orders WHERE amount > 0",
               "permission denied: column sales.orders.amount");
}

TEST_F(AccessEnforcementTest, OuterPredicatesNeverSeeFilteredOutRows) {
  // Row 2 (US) is filtered out: a predicate that fails on it must not run on it, or its error
  // would tell that the row exists.
  EXPECT_EQ(Query(analyst_, "SELECT id FROM sales.orders WHERE 10 / (id - 2) <> 0 ORDER BY id"),
            (Rows{{"1"}, {"3"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT o.id FROM sales.orders o JOIN sales.customers c ON c.id = o.id WHERE "
                  "10 / (o.id - 2) <> 0 AND 10 / (o.id - 4) <> 0 ORDER BY o.id"),
            (Rows{{"1"}, {"3"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT count(*) FROM (SELECT id, region FROM sales.orders) t WHERE "
                  "CAST(CASE WHEN region = 'US' THEN 'x' ELSE '1' END AS INTEGER) = 1"),
            (Rows{{"2"}}));
}

TEST_F(AccessEnforcementTest, AnalystPolicyHoldsInJoinsCtesSubqueriesViewsAndTimeTravel) {
  EXPECT_EQ(Query(analyst_,
                  "SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c ON o.id = c.id "
                  "ORDER BY o.id"),
            (Rows{{"1", "ann"}, {"3", "cat"}}));
  EXPECT_EQ(Query(analyst_, "WITH x AS (SELECT id FROM sales.orders) SELECT count(*) FROM x"),
            (Rows{{"2"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT name FROM sales.customers WHERE id IN (SELECT id FROM sales.orders) "
                  "ORDER BY name"),
            (Rows{{"ann"}, {"cat"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT name FROM sales.customers c WHERE EXISTS (SELECT 1 FROM sales.orders o "
                  "WHERE o.id = c.id) ORDER BY name"),
            (Rows{{"ann"}, {"cat"}}));
  EXPECT_EQ(Query(analyst_, "SELECT count(*) FROM (SELECT * FROM sales.orders) t"), (Rows{{"2"}}));
  EXPECT_EQ(Query(analyst_,
                  "CREATE VIEW v AS SELECT * FROM sales.orders; SELECT id FROM v ORDER BY id"),
            (Rows{{"1"}, {"3"}}));
  // Version 1 is the insert of the four rows: still filtered.
  EXPECT_EQ(Query(analyst_, "SELECT count(*) FROM sales.orders FOR VERSION AS OF 1"),
            (Rows{{"2"}}));
  ExpectDenied(analyst_, "WITH x AS (SELECT amount FROM sales.orders) SELECT * FROM x",
               "permission denied: column sales.orders.amount");
  ExpectMissing(analyst_, "SELECT * FROM sales.customers JOIN hr.salaries USING (name)",
                "SELECT * FROM sales.customers JOIN hr.nothing USING (name)", "salaries");
}

TEST_F(AccessEnforcementTest, InvisibleTablesBehaveAsMissing) {
  for (const char* sql :
       {"SELECT * FROM sales.orders", "SELECT 1 WHERE 1 IN (SELECT id FROM "
        "sales.orders)",
        "WITH x AS (SELECT * FROM sales.orders) SELECT * FROM x",
        "SELECT * FROM sales.orders FOR VERSION AS OF 99"}) {
    ExpectMissing(nobody_, sql, "SELECT * FROM sales.nothing");
  }
  ExpectMissing(nobody_, "SELECT * FROM tarn_snapshots('sales.orders')",
                "SELECT * FROM tarn_snapshots('sales.nothing')");
  ExpectMissing(nobody_, "INSERT INTO sales.orders VALUES (9, 'EU', 1, NULL)",
                "INSERT INTO sales.nothing VALUES (1)");
  ExpectMissing(nobody_, "UPDATE sales.orders SET amount = 0",
                "UPDATE sales.nothing SET amount = 0");
  ExpectMissing(nobody_, "DELETE FROM sales.orders", "DELETE FROM sales.nothing");
  ExpectMissing(nobody_, "DROP TABLE sales.orders", "DROP TABLE sales.nothing");
  ExpectMissing(nobody_, "COMMENT ON TABLE sales.orders IS 'x'",
                "COMMENT ON TABLE sales.nothing IS 'x'");
  ExpectMissing(nobody_, "DESCRIBE sales.orders", "DESCRIBE sales.nothing");
  EXPECT_EQ(Fails(nobody_, "USE hr").code(), ErrorCode::kNotFound);
  EXPECT_EQ(Fails(nobody_, "SHOW TABLES FROM hr").code(), ErrorCode::kNotFound);
  EXPECT_EQ(Query(nobody_, "SHOW DATABASES"), (Rows{{"main"}}));
  EXPECT_EQ(Query(nobody_, "SELECT count(*) FROM information_schema.tables"), (Rows{{"0"}}));
  EXPECT_EQ(Query(nobody_, "SELECT count(*) FROM information_schema.columns"), (Rows{{"0"}}));
  EXPECT_EQ(Query(nobody_, "SELECT schema_name FROM information_schema.schemata"),
            (Rows{{"main"}}));
  ExpectDenied(nobody_, "CREATE TABLE sales.mine AS SELECT 1 AS x",
               "permission denied: CREATE on database sales");
  ExpectDenied(nobody_, "SELECT secret('pseudonym_key')",
               "permission denied: USAGE on secret pseudonym_key");
  ExpectDenied(nobody_, "SELECT secret('no_such_secret')",
               "permission denied: USAGE on secret no_such_secret");
  // A view over a table one cannot see cannot be created either.
  ExpectMissing(nobody_, "CREATE VIEW v AS SELECT * FROM sales.orders",
                "CREATE VIEW v AS SELECT * FROM sales.nothing");
}

TEST_F(AccessEnforcementTest, ListingsShowOnlyVisibleTablesAndAllowedColumns) {
  EXPECT_EQ(Query(analyst_, "SHOW DATABASES"), (Rows{{"main"}, {"sales"}}));
  EXPECT_EQ(Query(analyst_, "SHOW TABLES FROM sales"), (Rows{{"customers"}, {"orders"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT schema_name FROM information_schema.schemata ORDER BY schema_name"),
            (Rows{{"main"}, {"sales"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT table_name FROM information_schema.tables ORDER BY table_name"),
            (Rows{{"customers"}, {"orders"}}));
  EXPECT_EQ(Query(analyst_,
                  "SELECT table_name, column_name, ordinal_position FROM "
                  "information_schema.columns ORDER BY table_name, ordinal_position"),
            (Rows{{"customers", "id", "1"},
                  {"customers", "name", "2"},
                  {"orders", "id", "1"},
                  {"orders", "region", "2"},
                  {"orders", "email", "4"}}));
  Rows described = Query(analyst_, "DESCRIBE sales.orders");
  ASSERT_EQ(described.size(), 3u);
  EXPECT_EQ(described[0][0], "id");
  EXPECT_EQ(described[1][0], "region");
  EXPECT_EQ(described[2][0], "email");
  EXPECT_EQ(described[2][1], "VARCHAR");
  EXPECT_EQ(described[2][5], "pii");
  EXPECT_EQ(Query(analyst_, "SELECT count(*) FROM tarn_snapshots('sales.orders')"),
            (Rows{{"1"}}));
  // The loader holds INSERT only: it sees the table and all its columns, reads no rows.
  EXPECT_EQ(Query(loader_, "SHOW TABLES FROM sales"), (Rows{{"orders"}}));
  EXPECT_EQ(Query(loader_, "DESCRIBE sales.orders").size(), 4u);
}

TEST_F(AccessEnforcementTest, WritesNeedTheirPrivilege) {
  // Loader: INSERT only.
  EXPECT_EQ(Query(loader_, "INSERT INTO sales.orders VALUES (5, 'EU', 50, 'eve@example.eu')"),
            Rows{});
  EXPECT_EQ(loader_->checked_columns,
            (std::vector<std::string>{"id", "region", "amount", "email"}));
  EXPECT_EQ(Query(admin_, "SELECT count(*) FROM sales.orders"), (Rows{{"5"}}));
  EXPECT_EQ(Query(loader_, "INSERT INTO sales.orders (id, Region) VALUES (6, 'EU')"), Rows{});
  EXPECT_EQ(loader_->checked_columns, (std::vector<std::string>{"id", "region"}));
  ExpectDenied(loader_, "SELECT id FROM sales.orders",
               "permission denied: SELECT on table sales.orders");
  ExpectDenied(loader_, "INSERT INTO sales.orders SELECT * FROM sales.orders",
               "permission denied: SELECT on table sales.orders");
  ExpectMissing(loader_, "INSERT INTO sales.orders SELECT id, name, 0, NULL FROM sales.customers",
                "INSERT INTO sales.orders SELECT id, name, 0, NULL FROM sales.nothing",
                "customers");
  ExpectDenied(loader_, "DELETE FROM sales.orders",
               "permission denied: DELETE on table sales.orders");
  ExpectDenied(loader_, "UPDATE sales.orders SET amount = 0",
               "permission denied: UPDATE on table sales.orders");
  // Analyst: UPDATE and DELETE granted, but its read is restricted.
  ExpectDenied(analyst_, "UPDATE sales.orders SET region = 'EU'",
               "permission denied: UPDATE on sales.orders needs unrestricted SELECT");
  ExpectDenied(analyst_, "DELETE FROM sales.orders WHERE amount > 10",
               "permission denied: DELETE on sales.orders needs unrestricted SELECT");
  ExpectDenied(analyst_, "INSERT INTO sales.orders VALUES (7, 'EU', 1, NULL)",
               "permission denied: INSERT on table sales.orders");
  ExpectDenied(analyst_, "DROP TABLE sales.customers",
               "permission denied: DROP on table sales.customers");
  ExpectDenied(analyst_, "ALTER TABLE sales.customers SET OWNER 'x'",
               "permission denied: ALTER on table sales.customers");
  ExpectDenied(analyst_, "COMMENT ON TABLE sales.orders IS 'x'",
               "permission denied: ALTER on table sales.orders");
  ExpectDenied(analyst_, "VACUUM sales.orders", "permission denied: ALTER on table sales.orders");
  EXPECT_EQ(Query(admin_, "SELECT count(*) FROM sales.orders"), (Rows{{"6"}}));
  // Administrator: every write.
  EXPECT_EQ(Query(admin_, "UPDATE sales.orders SET amount = 0 WHERE id = 1"), Rows{});
  EXPECT_EQ(Query(admin_, "DELETE FROM sales.orders WHERE id >= 5"), Rows{});
  EXPECT_EQ(Query(admin_, "SELECT sum(amount) FROM sales.orders"), (Rows{{"90"}}));
}

TEST_F(AccessEnforcementTest, CreatorOwnsWhatItCreates) {
  // CTAS reads through the analyst's policy: only the EU rows count.
  Query(analyst_,
        "CREATE TABLE sales.summary AS SELECT region, count(*) AS n FROM sales.orders GROUP BY "
        "region");
  EXPECT_EQ(Query(analyst_, "SELECT * FROM sales.summary"), (Rows{{"EU", "2"}}));
  EXPECT_EQ(Query(admin_, "SELECT * FROM sales.summary"), (Rows{{"EU", "2"}}));
  EXPECT_EQ(Query(analyst_, "UPDATE sales.summary SET n = 3"), Rows{});
  ExpectDenied(analyst_, "CREATE OR REPLACE TABLE sales.customers AS SELECT 1 AS id",
               "permission denied: DROP on table sales.customers");
  EXPECT_EQ(Query(admin_, "SELECT count(*) FROM sales.customers"), (Rows{{"4"}}));
  EXPECT_EQ(Query(analyst_, "CREATE OR REPLACE TABLE sales.summary AS SELECT 7 AS n"), Rows{});
  EXPECT_EQ(Query(analyst_, "SELECT * FROM sales.summary"), (Rows{{"7"}}));
  EXPECT_EQ(Query(analyst_, "DROP TABLE sales.summary"), Rows{});
  ExpectDenied(analyst_, "CREATE TABLE hr.mine(x INTEGER)",
               "permission denied: CREATE on database hr");
  // Sources of INSERT ... SELECT and subqueries of DELETE / UPDATE read through the policy.
  Query(analyst_, "CREATE TABLE sales.mine(id INTEGER)");
  Query(analyst_, "INSERT INTO sales.mine SELECT id FROM sales.orders");
  EXPECT_EQ(Query(admin_, "SELECT id FROM sales.mine ORDER BY id"), (Rows{{"1"}, {"3"}}));
  Query(analyst_, "INSERT INTO sales.mine VALUES (2), (4)");
  Query(analyst_, "UPDATE sales.mine SET id = id * 10 WHERE id IN (SELECT id FROM sales.orders)");
  Query(analyst_,
        "DELETE FROM sales.mine WHERE id NOT IN (SELECT id * 10 FROM sales.orders) AND id > 5");
  EXPECT_EQ(Query(admin_, "SELECT id FROM sales.mine ORDER BY id"),
            (Rows{{"2"}, {"4"}, {"10"}, {"30"}}));
  ExpectDenied(analyst_, "DELETE FROM sales.mine WHERE id IN (SELECT amount FROM sales.orders)",
               "permission denied: column sales.orders.amount");
  // COPY (query) writes what the policy lets the query read.
  std::string copy_path = (path_ / "copy.csv").string();
  Query(analyst_, "COPY (SELECT id, region FROM sales.orders ORDER BY id) TO '" + copy_path + "'");
  EXPECT_EQ(Query(nullptr, "SELECT * FROM '" + copy_path + "' ORDER BY id"),
            (Rows{{"1", "EU"}, {"3", "EU"}}));
  // COPY t is COPY (SELECT * FROM t): the allowed columns, masked.
  Query(analyst_, "COPY sales.orders TO '" + copy_path + "'");
  EXPECT_EQ(Query(nullptr, "SELECT id, region, email FROM '" + copy_path + "' ORDER BY id"),
            (Rows{{"1", "EU", HexHmac(analyst_->masking_key, "ann@example.eu")},
                  {"3", "EU", "NULL"}}));
}

TEST_F(AccessEnforcementTest, MaskingMatchesHmacAndExplainHidesTheKey) {
  Rows rows = Query(analyst_, "SELECT email FROM sales.orders ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], HexHmac(analyst_->masking_key, "ann@example.eu"));
  EXPECT_EQ(rows[0][0].size(), 64u);
  EXPECT_EQ(rows[1][0], "NULL");
  // The analyst may pseudonymize with its secret; the values equal OpenSSL's HMAC.
  EXPECT_EQ(Query(analyst_, "SELECT hmac_sha256(name, secret('pseudonym_key')) FROM "
                            "sales.customers WHERE id = 2"),
            (Rows{{HexHmac("s3cr3t-value", "bob")}}));
  Rows plan = Query(analyst_, "EXPLAIN SELECT email FROM sales.orders");
  std::string text;
  for (const auto& row : plan) {
    for (const auto& value : row) text += value + "\n";
  }
  EXPECT_NE(text.find("hmac_sha256"), std::string::npos) << text;
  EXPECT_EQ(text.find(analyst_->masking_key), std::string::npos) << text;
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos) << text;
}

TEST_F(AccessEnforcementTest, CreateOverAnInvisibleTableIsDeniedNotAlreadyExists) {
  // The analyst may create tables in sales but may not see sales.plans: "already exists" would
  // confirm it. Every variant is refused alike, and nothing of the table changes.
  Query(admin_, "CREATE TABLE sales.plans(secret_plan VARCHAR); INSERT INTO sales.plans VALUES ('x')");
  for (const char* sql : {"CREATE TABLE sales.plans(x INTEGER)",
                          "CREATE TABLE IF NOT EXISTS sales.plans(x INTEGER)",
                          "CREATE OR REPLACE TABLE sales.plans(x INTEGER)",
                          "CREATE TABLE sales.plans AS SELECT 1 AS x"}) {
    ExpectDenied(analyst_, sql, "permission denied: CREATE TABLE sales.plans");
  }
  EXPECT_EQ(Query(admin_, "SELECT * FROM sales.plans"), (Rows{{"x"}}));
  // A table the analyst sees still answers "already exists".
  Error visible = Fails(analyst_, "CREATE TABLE sales.customers(x INTEGER)");
  EXPECT_EQ(visible.code(), ErrorCode::kConflict) << visible.message();
}

TEST_F(AccessEnforcementTest, RowCountsOfFilteredTablesStayHidden) {
  // sales.orders has 4 rows, 2 visible to the analyst (row filter); sales.customers 4, no filter.
  auto plan = [&](const std::shared_ptr<AccessControl>& access, const std::string& sql) {
    std::string text;
    for (const auto& row : Query(access, sql)) text += row[0] + "\n";
    return text;
  };
  std::string admin_plan = plan(admin_, "EXPLAIN SELECT id FROM sales.orders");
  EXPECT_NE(admin_plan.find("~4 rows"), std::string::npos) << admin_plan;
  std::string analyst_plan = plan(analyst_, "EXPLAIN SELECT id FROM sales.orders");
  EXPECT_EQ(analyst_plan.find(" rows"), std::string::npos) << analyst_plan;
  EXPECT_NE(plan(analyst_, "EXPLAIN SELECT id FROM sales.customers").find("~4 rows"),
            std::string::npos);
  Error analyze = Fails(analyst_, "EXPLAIN ANALYZE SELECT id FROM sales.orders");
  EXPECT_EQ(analyze.code(), ErrorCode::kPermissionDenied) << analyze.message();
  // tarn_snapshots: row and file counts only for who reads every row.
  const char* counts = "SELECT row_count, file_count IS NULL FROM tarn_snapshots('sales.orders') "
                       "ORDER BY snapshot_id DESC LIMIT 1";
  EXPECT_EQ(Query(admin_, counts), (Rows{{"4", "false"}}));
  EXPECT_EQ(Query(analyst_, counts), (Rows{{"NULL", "true"}}));
  EXPECT_EQ(Query(analyst_, "SELECT row_count FROM tarn_snapshots('sales.customers') ORDER BY "
                            "snapshot_id DESC LIMIT 1"),
            (Rows{{"4"}}));
  // The loader may insert into sales.orders but not read it: no counts either.
  EXPECT_EQ(Query(loader_, counts), (Rows{{"NULL", "true"}}));
}

TEST_F(AccessEnforcementTest, DropTableForgetsItsGrants) {
  Query(analyst_, "CREATE TABLE sales.scratch(id INTEGER)");
  EXPECT_TRUE(analyst_->CanSeeTable("sales", "scratch"));
  Query(analyst_, "DROP TABLE sales.scratch");
  EXPECT_EQ(analyst_->dropped, std::vector<std::string>{"sales.scratch"});
  EXPECT_FALSE(analyst_->CanSeeTable("sales", "scratch"));
  // Session tables and views are no lake tables: nothing to forget.
  Query(analyst_, "CREATE TEMP TABLE t(id INTEGER); DROP TABLE t");
  EXPECT_EQ(analyst_->dropped.size(), 1u);
}

TEST_F(AccessEnforcementTest, ErrorsNeverQuoteSecretValues) {
  // A failed cast or function quotes the value it failed on; a value from secret() is never quoted,
  // also once transformed (upper, substr) or after crossing an operator (CTE, subquery).
  for (const char* sql :
       {"SELECT CAST(secret('pseudonym_key') AS INTEGER)",
        "SELECT CAST(upper(secret('pseudonym_key')) AS INTEGER)",
        "SELECT CAST(substr(secret('pseudonym_key'), 1, 5) AS DATE)",
        "SELECT secret('pseudonym_key')::DOUBLE + 1",
        "SELECT CAST(secret('pseudonym_key') || 'x' AS TIMESTAMP)",
        "WITH s AS (SELECT secret('pseudonym_key') AS v) SELECT CAST(v AS INTEGER) FROM s",
        "SELECT CAST(v AS BIGINT) FROM (SELECT secret('pseudonym_key') AS v) AS s",
        "SELECT CAST(v AS DATE) FROM (SELECT DISTINCT lower(secret('pseudonym_key')) AS v) s",
        "SELECT CAST(v AS INTEGER) FROM (SELECT upper(secret('pseudonym_key')) AS v UNION ALL "
        "SELECT 'x') s",
        "SELECT CAST(hmac_sha256('a', secret('pseudonym_key')) AS INTEGER)",
        "SELECT CAST(email AS INTEGER) FROM sales.orders"}) {
    Error error = Fails(analyst_, sql);
    std::string lower = error.message();
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(lower.find("s3cr3"), std::string::npos) << sql << ": " << error.message();
    EXPECT_EQ(error.message().find(analyst_->masking_key), std::string::npos) << error.message();
    EXPECT_NE(error.code(), ErrorCode::kInternal) << sql << ": " << error.message();
    EXPECT_GE(error.location().query_offset, 0) << sql << ": " << error.message();
  }
  // The cast names its target type and keeps the code of the failure.
  Error cast = Fails(analyst_, "SELECT CAST(secret('pseudonym_key') AS INTEGER)");
  EXPECT_EQ(cast.code(), ErrorCode::kInvalidCast);
  EXPECT_EQ(cast.message(),
            "cast to INTEGER failed on a value derived from a secret (value not shown)");
}

TEST_F(AccessEnforcementTest, EnforcedBehindFrontEndTableFunctions) {
  // A front end's table functions wrap the lake's resolver; lake tables are still identified.
  SessionOptions options = Options(analyst_);
  options.table_functions = [](const std::string&, const std::vector<exec::Value>&,
                               AccessControl*) -> std::optional<QueryResult> {
    return std::nullopt;
  };
  Session session(std::move(options));
  QueryResult result = session.Query("SELECT count(*) FROM sales.orders");
  EXPECT_EQ(result.GetValue(0, 0).ToString(), "2");
  EXPECT_THROW(session.Query("SELECT amount FROM sales.orders"), Error);
}

TEST_F(AccessEnforcementTest, NoAccessControlChangesNothing) {
  EXPECT_EQ(Query(nullptr, "SELECT email FROM sales.orders WHERE id = 1"),
            (Rows{{"ann@example.eu"}}));
  EXPECT_EQ(Query(nullptr, "SHOW DATABASES"), (Rows{{"hr"}, {"main"}, {"sales"}}));
}

}  // namespace
}  // namespace tarn::sql
