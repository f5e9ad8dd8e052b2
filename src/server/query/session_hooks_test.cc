// The session hooks the query route relies on: on_statement (the audit record of every statement)
// and QueryResult::bytes_scanned (the response's bytes_scanned).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.h"
#include "sql/parser/ast.h"
#include "sql/session/session.h"
#include "storage/random_bytes.h"

namespace tarn::server {
namespace {

// The session reports every statement to on_statement (the route's audit hook), with its error.
TEST(StatementHookTest, EveryStatementWithItsOutcome) {
  std::vector<std::string> seen;
  sql::SessionOptions options;
  options.threads = 1;
  options.on_statement = [&seen](const sql::Statement& statement, const sql::QueryResult* result,
                                 const Error* error, sql::AccessControl*) {
    seen.push_back(statement.text + (error != nullptr ? " -> " + std::string(error->message())
                                                      : " -> " + std::to_string(result->row_count())));
  };
  sql::Session session(options);
  session.Execute("SELECT 1 UNION ALL SELECT 2; SELECT 3");
  EXPECT_THROW(session.Execute("SELECT 4; SELECT 1 // 0"), Error);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0], "SELECT 1 UNION ALL SELECT 2 -> 2");
  EXPECT_EQ(seen[1], "SELECT 3 -> 1");
  EXPECT_EQ(seen[2], "SELECT 4 -> 1");
  EXPECT_EQ(seen[3].substr(0, 14), "SELECT 1 // 0 ");
  EXPECT_NE(seen[3].find("division by zero"), std::string::npos) << seen[3];
}

// bytes_scanned counts what the statement read from storage: nothing for VALUES; for a CSV file
// smaller than the sniffer's sample, the whole file twice (sniffing on the calling thread, then
// the scan) plus the few bytes each morsel reads past its range to end its last line. With small
// morsels on 4 threads most of the scan runs on pool workers: they count too.
TEST(BytesScannedTest, CountsFileBytesOnEveryWorker) {
  auto path = std::filesystem::temp_directory_path() / ("tarn-scan-" + storage::RandomHex(6) + ".csv");
  {
    std::ofstream file(path);
    file << "a,b\n";
    for (int i = 0; i < 20000; ++i) file << i << ",row" << i << "\n";
  }
  uint64_t size = std::filesystem::file_size(path);
  for (size_t threads : {1, 4}) {
    sql::SessionOptions options;
    options.threads = threads;
    sql::Session session(options);
    EXPECT_EQ(session.Query("SELECT 1").bytes_scanned, 0u);
    sql::QueryResult result = session.Query("SELECT count(*) FROM read_csv('" + path.string() +
                                            "', morsel_size=8192)");
    EXPECT_EQ(result.GetValue(0, 0).ToString(), "20000");
    EXPECT_GE(result.bytes_scanned, 2 * size) << threads << " threads";
    EXPECT_LE(result.bytes_scanned, 3 * size) << threads << " threads";
  }
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace tarn::server
