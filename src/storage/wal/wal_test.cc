#include "storage/wal/wal.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <thread>

#include "common/error.h"
#include "storage/wal/wal_test_fixture.h"

namespace tarn::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;
using Records = std::vector<std::pair<uint64_t, std::string>>;

class WalTest : public WalTestBase {};

TEST_F(WalTest, RoundTripAcrossReopen) {
  {
    auto wal = OpenWal();
    EXPECT_EQ(wal->next_sequence(), 1u);
    EXPECT_EQ(AppendStrings(*wal, {"alpha", "", "gamma"}), 1u);
    EXPECT_EQ(AppendStrings(*wal, {"delta"}), 4u);
    EXPECT_EQ(AppendStrings(*wal, {}), 5u);  // nothing to write
    EXPECT_THAT(ReplayAll(*wal),
                ElementsAre(Pair(1, "alpha"), Pair(2, ""), Pair(3, "gamma"), Pair(4, "delta")));
    EXPECT_THAT(ReplayAll(*wal, 3), ElementsAre(Pair(3, "gamma"), Pair(4, "delta")));
    WalStats stats = wal->stats();
    EXPECT_EQ(stats.appends, 2u);
    EXPECT_EQ(stats.records, 4u);
  }
  auto wal = OpenWal();
  EXPECT_EQ(wal->next_sequence(), 5u);
  EXPECT_EQ(AppendStrings(*wal, {"epsilon"}), 5u);
  EXPECT_THAT(ReplayAll(*wal, 4), ElementsAre(Pair(4, "delta"), Pair(5, "epsilon")));
  // Appends after a reopen go to a new segment (a fresh data key: no nonce reuse).
  EXPECT_EQ(SegmentFiles().size(), 2u);
  struct stat info {};
  ASSERT_EQ(::stat(SegmentFiles()[0].c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
}

TEST_F(WalTest, NothingOnDiskIsPlaintext) {
  const std::string canary = "CANARY-5f3e9b-customer-email@example.com";
  {
    auto wal = OpenWal();
    AppendStrings(*wal, {canary, canary + canary});
  }
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root_)) {
    if (!entry.is_regular_file()) continue;
    ++files;
    std::string bytes = ReadAll(entry.path().string());
    EXPECT_EQ(bytes.find("CANARY"), std::string::npos) << entry.path();
    EXPECT_EQ(bytes.find("example.com"), std::string::npos) << entry.path();
  }
  EXPECT_EQ(files, 1u);
  auto wal = OpenWal();
  EXPECT_THAT(ReplayAll(*wal), ElementsAre(Pair(1, canary), Pair(2, canary + canary)));
}

TEST_F(WalTest, ConcurrentAppendersGetUniqueDenseSequences) {
  constexpr int kThreads = 4, kCalls = 40, kRecords = 25;
  auto wal = OpenWal();
  std::vector<std::vector<uint64_t>> firsts(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0; call < kCalls; ++call) {
        std::vector<std::string> payloads;
        for (int i = 0; i < kRecords; ++i) payloads.push_back(fmt::format("{}/{}/{}", t, call, i));
        firsts[t].push_back(AppendStrings(*wal, payloads));
      }
    });
  }
  for (auto& thread : threads) thread.join();
  std::map<uint64_t, std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int call = 0; call < kCalls; ++call) {
      for (int i = 0; i < kRecords; ++i) {
        bool fresh =
            expected.emplace(firsts[t][call] + i, fmt::format("{}/{}/{}", t, call, i)).second;
        EXPECT_TRUE(fresh) << "sequence " << firsts[t][call] + i << " given twice";
      }
    }
  }
  constexpr uint64_t kTotal = kThreads * kCalls * kRecords;
  ASSERT_EQ(expected.size(), kTotal);
  EXPECT_EQ(expected.begin()->first, 1u);
  EXPECT_EQ(expected.rbegin()->first, kTotal);  // dense: kTotal distinct values in [1, kTotal]
  Records replayed = ReplayAll(*wal);
  ASSERT_EQ(replayed.size(), kTotal);
  for (const auto& [sequence, payload] : replayed) EXPECT_EQ(expected[sequence], payload);
  WalStats stats = wal->stats();
  EXPECT_EQ(stats.records, kTotal);
  EXPECT_LE(stats.flushes, stats.appends);
}

TEST_F(WalTest, SegmentsRollAtTheSizeBoundAndTrimDeletesDeliveredOnes) {
  WalOptions options;
  options.segment_size = 600;  // header ~160 bytes, records 32 + 100 bytes: 3 per segment
  auto wal = OpenWal(options);
  std::string payload(100, 'x');
  for (int i = 0; i < 10; ++i) AppendStrings(*wal, {payload});
  ASSERT_EQ(SegmentFiles().size(), 4u);  // 1-3, 4-6, 7-9, 10
  for (const std::string& file : SegmentFiles())
    EXPECT_LE(std::filesystem::file_size(file), options.segment_size);
  EXPECT_EQ(wal->Trim(2), 0u);  // segment 1-3 is not fully delivered
  EXPECT_EQ(wal->Trim(7), 2u);  // deletes 1-3 and 4-6; 7-9 still has 8 and 9
  EXPECT_EQ(SegmentFiles().size(), 2u);
  EXPECT_EQ(ReplayAll(*wal, 8).front().first, 8u);
  EXPECT_EQ(ReplayAll(*wal, 1).front().first, 7u);  // what is left
  EXPECT_EQ(wal->Trim(100), 1u);                    // the newest segment always stays
  EXPECT_EQ(SegmentFiles().size(), 1u);
  wal.reset();
  wal = OpenWal(options);
  EXPECT_EQ(wal->next_sequence(), 11u);
  EXPECT_EQ(AppendStrings(*wal, {"after"}), 11u);
  EXPECT_THAT(ReplayAll(*wal), ElementsAre(Pair(10, payload), Pair(11, "after")));
}

TEST_F(WalTest, SizeLimitGivesBackpressureInsteadOfGrowing) {
  WalOptions options;
  options.segment_size = 600;
  options.size_limit = 1500;
  auto wal = OpenWal(options);
  std::string payload(100, 'y');
  int accepted = 0;
  try {
    for (; accepted < 100; ++accepted) AppendStrings(*wal, {payload});
    FAIL() << "no backpressure";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfMemory);
    EXPECT_THAT(error.message(), HasSubstr("write-ahead log of stream 'clicks' is full"));
  }
  // Header 151 bytes (32 + 115-byte envelope for key "wal/clicks/NNNNNNNN.wal" + crc), record 132:
  // segments of 3 records are 547 bytes; 547 + 547 + 151 + 132 = 1377 after 7 records, and an 8th
  // would make 1509 > 1500.
  EXPECT_EQ(accepted, 7);
  EXPECT_LE(wal->stats().bytes, options.size_limit);
  EXPECT_EQ(wal->next_sequence(),
            static_cast<uint64_t>(accepted) + 1);  // the refused call took none
  wal->Trim(static_cast<uint64_t>(accepted));
  EXPECT_EQ(AppendStrings(*wal, {payload}), static_cast<uint64_t>(accepted) + 1);
}

TEST_F(WalTest, RejectsBadStreamNamesAndOversizeRecords) {
  for (const std::string& name :
       std::vector<std::string>{"", "../etc", "a b", std::string(129, 'a')}) {
    try {
      Wal::Open(root_, name, *keyring_);
      FAIL() << name;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
    }
  }
  auto wal = OpenWal();
  std::string huge((16 << 20) + 1, 'z');
  std::vector<std::string_view> payloads{huge};
  try {
    wal->Append(payloads);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
  }
}

TEST_F(WalTest, ReplayNeedsTheKeyThatWroteIt) {
  { AppendStrings(*OpenWal(), {"secret"}); }
  auto other = Keyring::FromText("2:" + std::string(64, 'b'));
  auto wal = Wal::Open(root_, "clicks", *other);
  try {
    ReplayAll(*wal);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kNotFound);
    EXPECT_THAT(error.message(), HasSubstr("master key version 1"));
  }
  auto same_version_other_key = Keyring::FromText(std::string(64, 'c'));
  auto wal2 = Wal::Open(root_, "clicks", *same_version_other_key);
  try {
    ReplayAll(*wal2);
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
  }
}

}  // namespace
}  // namespace tarn::storage
