#include "security/audit/audit_log.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "security/audit/audit_line.h"
#include "security/sha256.h"
#include "storage/random_bytes.h"

namespace tarn::security {
namespace {

using ::testing::HasSubstr;

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("tarn-audit-" + storage::RandomHex(6));
    keyring_ = storage::Keyring::FromText("1:" + std::string(64, 'b'));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Records entries 1..count (digest every 5) and closes the log (a final digest).
  void RecordEntries(int count, AuditOptions options = {5, 64ull << 20, false}) {
    auto log = AuditLog::Open(dir_.string(), *keyring_, options);
    for (int i = 1; i <= count; ++i) log->Record(Entry(i));
  }
  static AuditEntry Entry(int i) {
    AuditEntry entry;
    entry.request_id = "req-" + std::to_string(i);
    entry.principal = "ana";
    entry.principal_kind = "user";
    entry.source_address = "127.0.0.1:5000";
    entry.action = "query";
    entry.objects = {"table:sales.orders:SELECT", "table:sales.customers:SELECT"};
    entry.statement = "SELECT 'top-secret-" + std::to_string(i) + "' FROM sales.orders";
    entry.outcome = i % 3 == 0 ? "denied" : "success";
    entry.error_code = i % 3 == 0 ? "permission_denied" : "";
    entry.rows = i;
    entry.bytes = 100 * i;
    return entry;
  }
  std::string SegmentPath() const { return (dir_ / "audit" / "segment-000001.log").string(); }
  std::vector<std::string> ReadLines() const {
    std::ifstream stream(SegmentPath());
    std::vector<std::string> lines;
    for (std::string line; std::getline(stream, line);) lines.push_back(line);
    return lines;
  }
  void WriteLines(const std::vector<std::string>& lines) const {
    std::ofstream stream(SegmentPath(), std::ios::trunc);
    for (const auto& line : lines) stream << line << "\n";
  }
  // Index of the line holding entry 'seq'.
  size_t LineOf(const std::vector<std::string>& lines, int seq) const {
    std::string key = "{\"seq\":" + std::to_string(seq) + ",";
    for (size_t i = 0; i < lines.size(); ++i) {
      if (lines[i].starts_with(key)) return i;
    }
    ADD_FAILURE() << "no entry " << seq;
    return 0;
  }
  AuditVerifyResult Verify() const { return VerifyAuditLog(dir_.string(), keyring_.get()); }

  std::filesystem::path dir_;
  std::unique_ptr<storage::Keyring> keyring_;
};

TEST_F(AuditLogTest, IntactLogVerifies) {
  RecordEntries(12);
  AuditVerifyResult result = Verify();
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.entries, 12);
  EXPECT_EQ(result.digests, 3);  // after 5, after 10, on close
  // Without the keyring (anyone with the public key) it verifies too.
  EXPECT_TRUE(VerifyAuditLog(dir_.string(), nullptr).ok);
}

TEST_F(AuditLogTest, NoPlaintextDataOnDiskAndShowDecrypts) {
  RecordEntries(3);
  std::ifstream stream(SegmentPath());
  std::ostringstream text;
  text << stream.rdbuf();
  EXPECT_EQ(text.str().find("top-secret"), std::string::npos);
  EXPECT_EQ(text.str().find("sales.orders"), std::string::npos);
  std::vector<StoredAuditEntry> entries = ReadAuditLog(dir_.string(), *keyring_, 0);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[1].seq, 2);
  EXPECT_EQ(entries[1].entry.statement, "SELECT 'top-secret-2' FROM sales.orders");
  EXPECT_THAT(entries[1].entry.objects,
              ::testing::ElementsAre("table:sales.orders:SELECT", "table:sales.customers:SELECT"));
  EXPECT_EQ(entries[1].entry.outcome, "success");
  EXPECT_EQ(entries[1].entry.error_code, "");
  EXPECT_EQ(entries[2].entry.outcome, "denied");
  EXPECT_EQ(entries[2].entry.error_code, "permission_denied");
  EXPECT_EQ(entries[1].entry.rows, 2);
  EXPECT_EQ(entries[1].entry.bytes, 200);
  EXPECT_EQ(entries[1].entry.request_id, "req-2");
  EXPECT_GT(entries[1].entry.time_micros, 0);
  EXPECT_TRUE(ReadAuditLog(dir_.string(), *keyring_, entries[2].entry.time_micros + 1).empty());
}

TEST_F(AuditLogTest, ReopenContinuesTheChain) {
  RecordEntries(3);
  RecordEntries(4);
  AuditVerifyResult result = Verify();
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.entries, 7);
}

TEST_F(AuditLogTest, AlteredEntryIsNamed) {
  RecordEntries(12);
  auto lines = ReadLines();
  size_t at = LineOf(lines, 7);
  lines[at].replace(lines[at].find("\"rows\":7"), 8, "\"rows\":0");
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("entry 7 at segment-000001.log:" + std::to_string(at + 1) +
                                        " was altered"));
}

// Every member is covered by the chain: the sealed objects, the outcome and its code too.
TEST_F(AuditLogTest, AlteredObjectsOutcomeAndCodeAreNamed) {
  RecordEntries(12);
  const std::vector<std::string> original = ReadLines();
  auto member_text = [](const std::string& line, const std::string& name) {
    size_t start = line.find("\"" + name + "\":\"") + name.size() + 4;
    return std::make_pair(start, line.find('"', start) - start);
  };
  // Entry 4's sealed objects replaced by entry 5's (a valid sealed value, but of another entry).
  auto lines = original;
  auto [from, from_length] = member_text(lines[LineOf(lines, 5)], "objects");
  auto [to, to_length] = member_text(lines[LineOf(lines, 4)], "objects");
  lines[LineOf(lines, 4)].replace(to, to_length, lines[LineOf(lines, 5)].substr(from, from_length));
  WriteLines(lines);
  EXPECT_THAT(Verify().problem, HasSubstr("entry 4 at segment-000001.log:" +
                                          std::to_string(LineOf(lines, 4) + 1) + " was altered"));
  // A denial turned into a success.
  lines = original;
  size_t at = LineOf(lines, 6);
  const std::string denied = "\"outcome\":\"denied\"";
  lines[at].replace(lines[at].find(denied), denied.size(), "\"outcome\":\"success\"");
  WriteLines(lines);
  EXPECT_THAT(Verify().problem, HasSubstr("entry 6 at"));
  EXPECT_THAT(Verify().problem, HasSubstr("was altered"));
  // Its error code removed.
  lines = original;
  const std::string code = "\"code\":\"permission_denied\"";
  lines[at].replace(lines[at].find(code), code.size(), "\"code\":\"\"");
  WriteLines(lines);
  EXPECT_THAT(Verify().problem, HasSubstr("entry 6 at"));
  WriteLines(original);
  EXPECT_TRUE(Verify().ok);
}

// A sealed field moved to another entry (and the chain re-hashed by someone without the signing
// key) does not open there: its seal is bound to the entry number and field.
TEST_F(AuditLogTest, MovedSealedObjectsDoNotOpen) {
  RecordEntries(3);
  auto lines = ReadLines();
  auto sealed = [](const std::string& line) {
    size_t start = line.find("\"objects\":\"") + 11;
    return std::make_pair(start, line.find('"', start) - start);
  };
  auto [from, from_length] = sealed(lines[LineOf(lines, 1)]);
  auto [to, to_length] = sealed(lines[LineOf(lines, 2)]);
  lines[LineOf(lines, 2)].replace(to, to_length, lines[LineOf(lines, 1)].substr(from, from_length));
  WriteLines(lines);
  EXPECT_THROW(ReadAuditLog(dir_.string(), *keyring_, 0), Error);
}

// Entries written before the "code" member existed still verify and read (code "").
TEST_F(AuditLogTest, EntriesWithoutCodeStillVerify) {
  AuditLineWriter line;
  line.AddNumber("seq", 1);
  line.AddString("time", "2026-12-01T20:54:13.000000Z");
  line.AddString("action", "query");
  line.AddString("outcome", "success");
  line.AddNumber("rows", 1);
  Sha256Digest zero{};
  Sha256Digest hash =
      Sha256({std::string_view(reinterpret_cast<const char*>(zero.data()), 32), line.prefix()});
  line.AddString("hash", HexEncode(hash));
  std::filesystem::create_directories(dir_ / "audit");
  WriteLines({line.Finish()});
  RecordEntries(1);  // continues the chain after the old entry
  AuditVerifyResult result = Verify();
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.entries, 2);
  std::vector<StoredAuditEntry> entries = ReadAuditLog(dir_.string(), *keyring_, 0);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].entry.error_code, "");
  EXPECT_EQ(entries[0].entry.rows, 1);
  EXPECT_EQ(entries[1].seq, 2);
}

TEST_F(AuditLogTest, DeletedEntryIsNamed) {
  RecordEntries(12);
  auto lines = ReadLines();
  lines.erase(lines.begin() + static_cast<long>(LineOf(lines, 4)));
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("entry 4 is missing"));
  EXPECT_THAT(result.problem, HasSubstr("deleted"));
}

TEST_F(AuditLogTest, InsertedEntryIsNamed) {
  RecordEntries(12);
  auto lines = ReadLines();
  std::string copy = lines[LineOf(lines, 2)];
  size_t at = LineOf(lines, 8);
  lines.insert(lines.begin() + static_cast<long>(at), copy);
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("segment-000001.log:" + std::to_string(at + 1) +
                                        " repeats number 2 after entry 7 (inserted"));
}

TEST_F(AuditLogTest, ReorderedEntriesAreNamed) {
  RecordEntries(12);
  auto lines = ReadLines();
  std::swap(lines[LineOf(lines, 3)], lines[LineOf(lines, 4)]);
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("entry 4 at"));
  EXPECT_THAT(result.problem, HasSubstr("out of order: entry 3 comes after it (reordered)"));
}

TEST_F(AuditLogTest, TruncationIsCaughtByTheHead) {
  RecordEntries(12);
  auto lines = ReadLines();
  lines.resize(LineOf(lines, 11));  // drops entries 11, 12 and the closing digest
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("truncated: the head digest covers entries up to 12 but "
                                        "the log ends at entry 10"));
}

TEST_F(AuditLogTest, WritersRefuseATruncatedLog) {
  RecordEntries(12);
  auto lines = ReadLines();
  lines.resize(LineOf(lines, 11));
  WriteLines(lines);
  // Appending would produce a new head and hide the truncation.
  EXPECT_THROW(AuditLog::Open(dir_.string(), *keyring_), Error);
  EXPECT_FALSE(Verify().ok);
}

TEST_F(AuditLogTest, ForgedDigestIsNamed) {
  RecordEntries(12);
  auto lines = ReadLines();
  size_t digest = LineOf(lines, 5) + 1;
  ASSERT_TRUE(lines[digest].starts_with("{\"digest_seq\":5,"));
  lines[digest].replace(lines[digest].find("\"entries\":5"), 11, "\"entries\":4");
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.problem, "digest at segment-000001.log:" + std::to_string(digest + 1) +
                                " has a broken signature (forged or altered)");
}

TEST_F(AuditLogTest, RehashedChainIsCaughtByTheSignedDigest) {
  RecordEntries(12);
  auto lines = ReadLines();
  // An attacker without the signing key alters entry 2 and recomputes every later hash.
  lines[LineOf(lines, 2)].replace(lines[LineOf(lines, 2)].find("\"rows\":2"), 8, "\"rows\":9");
  Sha256Digest previous{};
  for (auto& line : lines) {
    if (line.starts_with("{\"digest_seq\"")) continue;
    size_t member = line.rfind(",\"hash\":\"");
    std::string prefix = line.substr(0, member);
    previous = Sha256({std::string_view(reinterpret_cast<const char*>(previous.data()), 32), prefix});
    line = prefix + ",\"hash\":\"" + HexEncode(previous) + "\"}";
  }
  WriteLines(lines);
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("does not match the chain: an entry up to 5 was altered"));
}

TEST_F(AuditLogTest, SwappedPublicKeyIsCaught) {
  RecordEntries(2);
  std::ofstream(dir_ / "audit" / "signing.pub", std::ios::trunc) << std::string(64, '0') << "\n";
  AuditVerifyResult result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("signing.pub does not belong"));
}

TEST_F(AuditLogTest, ConcurrentWritersKeepOneChain) {
  AuditOptions options{7, 64ull << 20, false};
  auto first = AuditLog::Open(dir_.string(), *keyring_, options);
  auto second = AuditLog::Open(dir_.string(), *keyring_, options);  // as another process would
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) (t % 2 == 0 ? first : second)->Record(Entry(i));
    });
  }
  for (auto& thread : threads) thread.join();
  first.reset();
  second.reset();
  AuditVerifyResult result = Verify();
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.entries, 100);
}

TEST_F(AuditLogTest, SegmentsRollOverAndVerify) {
  RecordEntries(30, AuditOptions{4, 2000, false});
  EXPECT_TRUE(std::filesystem::exists(dir_ / "audit" / "segment-000002.log"));
  AuditVerifyResult result = Verify();
  EXPECT_TRUE(result.ok) << result.problem;
  EXPECT_EQ(result.entries, 30);
  std::filesystem::remove(dir_ / "audit" / "segment-000001.log");
  result = Verify();
  EXPECT_FALSE(result.ok);
  EXPECT_THAT(result.problem, HasSubstr("segment-000001.log is missing"));
}

TEST(AuditLineTest, RoundTripsStringsAndNumbers) {
  AuditLineWriter writer;
  writer.AddString("a", "quote \" backslash \\ newline \n tab \t");
  writer.AddNumber("n", -42);
  auto fields = ParseAuditLine(writer.Finish());
  ASSERT_TRUE(fields.has_value());
  ASSERT_EQ(fields->size(), 2u);
  EXPECT_EQ((*fields)[0].text, "quote \" backslash \\ newline \n tab \t");
  EXPECT_EQ((*fields)[1].number, -42);
  EXPECT_FALSE(ParseAuditLine("{\"a\":").has_value());
  EXPECT_FALSE(ParseAuditLine("{\"a\":1}x").has_value());
  EXPECT_EQ(ParseAuditTime("2026-12-01T20:54:13.5Z"), int64_t{1796158453} * 1000000 + 500000);
  EXPECT_EQ(FormatAuditTime(int64_t{1796158453} * 1000000 + 500000), "2026-12-01T20:54:13.500000Z");
  EXPECT_EQ(ParseAuditTime("2026-12-01"), int64_t{1796083200} * 1000000);
  EXPECT_FALSE(ParseAuditTime("yesterday").has_value());
}

}  // namespace
}  // namespace tarn::security
