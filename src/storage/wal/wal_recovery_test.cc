// Recovery of the write-ahead log: torn tails at every byte offset, bit flips, forged records, and
// kill -9 of a process appending from several threads.
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <thread>

#include "common/error.h"
#include "storage/wal/crc32c.h"
#include "storage/wal/wal.h"
#include "storage/wal/wal_test_fixture.h"

namespace tarn::storage {
namespace {

using ::testing::HasSubstr;

// By the format (wal_segment.h): header = 32 fixed + envelope (92 + 23-byte key
// "wal/clicks/NNNNNNNN.wal") + 4-byte crc; a record frame = 16 + payload + 16.
constexpr size_t kHeaderSize = 151;
size_t FrameSize(size_t payload) { return 32 + payload; }

class WalRecoveryTest : public WalTestBase {
 protected:
  // Segment 1: records 1-3 (100 bytes each, 547 bytes); segment 2: records 4-7.
  void WriteTwoSegments() {
    auto wal = OpenWal(Options());
    for (int i = 0; i < 3; ++i) AppendStrings(*wal, {std::string(100, 'a' + i)});
    for (const std::string& payload : LastPayloads()) AppendStrings(*wal, {payload});
    ASSERT_EQ(SegmentFiles().size(), 2u);
    ASSERT_EQ(std::filesystem::file_size(SegmentFiles()[0]), kHeaderSize + 3 * FrameSize(100));
  }
  static std::vector<std::string> LastPayloads() {
    return {std::string(10, 'p'), std::string(50, 'q'), "", std::string(77, 'r')};
  }
  static WalOptions Options() {
    WalOptions options;
    options.segment_size = 560;  // 547 + a 42-byte frame passes it; segment 2 (416 bytes) fits
    options.sync = false;        // the crash is simulated by cutting files; nothing to wait for
    return options;
  }
  std::string ErrorOf(const std::function<void()>& action, ErrorCode code) {
    try {
      action();
    } catch (const tarn::Error& error) {
      EXPECT_EQ(error.code(), code) << error.what();
      return error.what();
    }
    ADD_FAILURE() << "no error";
    return {};
  }
};

TEST_F(WalRecoveryTest, TornTailAtEveryByteKeepsExactlyTheCompleteRecords) {
  WriteTwoSegments();
  std::vector<std::string> files = SegmentFiles();
  std::string first = ReadAll(files[0]), last = ReadAll(files[1]);
  std::vector<size_t> ends{kHeaderSize};  // where each record of segment 2 ends
  for (const std::string& payload : LastPayloads())
    ends.push_back(ends.back() + FrameSize(payload.size()));
  ASSERT_EQ(last.size(), ends.back());
  for (size_t cut = 0; cut <= last.size(); ++cut) {
    SCOPED_TRACE(fmt::format("cut at {}", cut));
    std::filesystem::remove_all(StreamDir());
    std::filesystem::create_directories(StreamDir());
    WriteAll(files[0], first);
    WriteAll(files[1], last.substr(0, cut));
    size_t kept = 0;  // complete records of segment 2
    while (kept + 1 < ends.size() && ends[kept + 1] <= cut) ++kept;
    {
      auto wal = OpenWal(Options());
      ASSERT_EQ(wal->next_sequence(), 4 + kept);
      auto records = ReplayAll(*wal);
      ASSERT_EQ(records.size(), 3 + kept);
      for (size_t i = 0; i < kept; ++i) EXPECT_EQ(records[3 + i].second, LastPayloads()[i]);
      if (cut < kHeaderSize) {
        EXPECT_EQ(SegmentFiles().size(), 1u);  // a torn header: the file goes
      } else {
        EXPECT_EQ(std::filesystem::file_size(files[1]), ends[kept]);  // the tail is cut off
      }
      EXPECT_EQ(AppendStrings(*wal, {"after"}), 4 + kept);
    }
    auto wal = OpenWal(Options());
    auto records = ReplayAll(*wal);
    ASSERT_EQ(records.size(), 4 + kept);
    EXPECT_EQ(records.back().second, "after");
  }
}

TEST_F(WalRecoveryTest, DamageBeforeTheLastSegmentNamesSegmentAndOffset) {
  WriteTwoSegments();
  std::string path = SegmentFiles()[0];
  std::string original = ReadAll(path);
  size_t record_two = kHeaderSize + FrameSize(100);
  std::string flipped = original;
  flipped[record_two + 40] ^= 0x04;  // inside record 2's ciphertext
  WriteAll(path, flipped);
  std::string message = ErrorOf([&] { OpenWal(Options()); }, ErrorCode::kCorrupt);
  EXPECT_THAT(message, HasSubstr(path));
  EXPECT_THAT(message, HasSubstr(fmt::format("offset {}: record checksum mismatch", record_two)));

  flipped = original;
  flipped[20] ^= 0x01;  // header
  WriteAll(path, flipped);
  message = ErrorOf([&] { OpenWal(Options()); }, ErrorCode::kCorrupt);
  EXPECT_THAT(message, HasSubstr("offset 0: bad segment header checksum"));

  flipped = original.substr(0, original.size() - 1);  // truncated, but not the last segment
  WriteAll(path, flipped);
  message = ErrorOf([&] { OpenWal(Options()); }, ErrorCode::kCorrupt);
  EXPECT_THAT(message,
              HasSubstr(fmt::format("offset {}: incomplete record", record_two + FrameSize(100))));
}

TEST_F(WalRecoveryTest, ForgedRecordWithValidChecksumFailsAuthentication) {
  WriteTwoSegments();
  std::string path = SegmentFiles()[0];
  std::string forged = ReadAll(path);
  size_t record_two = kHeaderSize + FrameSize(100);
  forged[record_two + 40] ^= 0x04;
  uint32_t crc = Crc32c(0, forged.data() + record_two + 4, FrameSize(100) - 4);
  std::memcpy(forged.data() + record_two, &crc, 4);
  WriteAll(path, forged);
  auto wal = OpenWal(Options());  // the CRC holds, so the scan accepts it
  std::string message = ErrorOf([&] { ReplayAll(*wal); }, ErrorCode::kCorrupt);
  EXPECT_THAT(message,
              HasSubstr(fmt::format("offset {}: record authentication failed", record_two)));
  EXPECT_EQ(ReplayAll(*wal, 3).size(), 5u);  // records after it still read

  // Renumbering a record (sequence 2 -> 3, CRC recomputed) breaks the sequence chain.
  forged = ReadAll(path);
  forged[record_two + 40] ^= 0x04;
  forged[record_two + 8] = 3;
  crc = Crc32c(0, forged.data() + record_two + 4, FrameSize(100) - 4);
  std::memcpy(forged.data() + record_two, &crc, 4);
  wal.reset();
  WriteAll(path, forged);
  message = ErrorOf([&] { OpenWal(Options()); }, ErrorCode::kCorrupt);
  EXPECT_THAT(message, HasSubstr("out-of-order record (expected sequence 2)"));
}

TEST_F(WalRecoveryTest, DamageInTheLastSegmentBeforeALaterWriteIsAnError) {
  // Segment 2 holds records 4-7, each its own write (one Append each). Damage to record 5 with
  // complete writes after it (6, then 7) cannot be a torn tail: record 5 had been synced.
  WriteTwoSegments();
  std::string path = SegmentFiles()[1];
  std::string original = ReadAll(path);
  size_t record_five = kHeaderSize + FrameSize(10);
  std::string flipped = original;
  flipped[record_five + 20] ^= 0x80;
  WriteAll(path, flipped);
  std::string message = ErrorOf([&] { OpenWal(Options()); }, ErrorCode::kCorrupt);
  EXPECT_THAT(message,
              HasSubstr(fmt::format("{}' is damaged at offset {}: record checksum mismatch "
                                    "(expected sequence 5) in a write that later writes "
                                    "follow",
                                    path, record_five)));
}

TEST_F(WalRecoveryTest, DamageInTheLastWriteIsTreatedAsItsTornTail) {
  // Record 6 is followed only by record 7, the last write: indistinguishable from a write torn by
  // a crash, so recovery keeps records 1-5 (documented in docs/wal.md).
  WriteTwoSegments();
  std::string path = SegmentFiles()[1];
  std::string flipped = ReadAll(path);
  flipped[kHeaderSize + FrameSize(10) + FrameSize(50) + 20] ^= 0x80;
  WriteAll(path, flipped);
  auto wal = OpenWal(Options());
  EXPECT_EQ(ReplayAll(*wal).size(), 5u);
  EXPECT_EQ(wal->next_sequence(), 6u);
}

TEST_F(WalRecoveryTest, PagesOfOneWriteLostOutOfOrderAreATornTail) {
  // A crash mid-write may persist a later page of the write and not an earlier one: the hole
  // reads as zeros. The records after the hole belong to the same, unacknowledged write.
  {
    auto wal = OpenWal(Options());
    AppendStrings(*wal, {std::string(100, 'a'), std::string(100, 'b'), std::string(100, 'c')});
  }
  std::string path = SegmentFiles()[0];
  std::string bytes = ReadAll(path);
  ASSERT_EQ(bytes.size(), kHeaderSize + 3 * FrameSize(100));
  std::fill_n(bytes.begin() + kHeaderSize + FrameSize(100), FrameSize(100), '\0');
  WriteAll(path, bytes);
  auto wal = OpenWal(Options());
  EXPECT_THAT(ReplayAll(*wal), ::testing::ElementsAre(::testing::Pair(1, std::string(100, 'a'))));
  EXPECT_EQ(std::filesystem::file_size(path), kHeaderSize + FrameSize(100));
}

// The child: opens the log and appends from three threads until killed, printing
// "<first sequence> <thread> <call> <count>" for every acknowledged call.
[[noreturn]] void AppendUntilKilled(const std::string& root, const Keyring& keyring, int round,
                                    int pipe_fd) {
  auto wal = Wal::Open(root, "clicks", keyring);
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) {
    threads.emplace_back([&, t] {
      for (int call = 0;; ++call) {
        std::vector<std::string> payloads;
        int count = 1 + (call * 7 + t) % 40;
        for (int i = 0; i < count; ++i)
          payloads.push_back(fmt::format("{}/{}/{}/{}/{:0>180}", round, t, call, i, i));
        std::vector<std::string_view> views(payloads.begin(), payloads.end());
        uint64_t first = wal->Append(views);
        std::string line = fmt::format("{} {} {} {}\n", first, t, call, count);
        if (::write(pipe_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
          ::_exit(3);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ::_exit(0);
}

TEST_F(WalRecoveryTest, KillNineNeverLosesOrDuplicatesAnAcknowledgedRecord) {
  std::map<uint64_t, std::string> acknowledged;
  std::mt19937 random(20261201);
  for (int round = 0; round < 10; ++round) {
    SCOPED_TRACE(fmt::format("round {}", round));
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      AppendUntilKilled(root_, *keyring_, round, fds[1]);
    }
    ::close(fds[1]);
    ::usleep(5000 + random() % 150000);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << status;
    std::string lines;
    char chunk[4096];
    for (ssize_t got; (got = ::read(fds[0], chunk, sizeof chunk)) > 0;) lines.append(chunk, got);
    ::close(fds[0]);
    std::istringstream in(lines);
    uint64_t first;
    int thread, call, count;
    while (in >> first >> thread >> call >> count) {
      for (int i = 0; i < count; ++i) {
        std::string payload = fmt::format("{}/{}/{}/{}/{:0>180}", round, thread, call, i, i);
        ASSERT_TRUE(acknowledged.emplace(first + i, payload).second) << first + i;
      }
    }
    auto wal = OpenWal();
    auto records = ReplayAll(*wal);
    std::map<uint64_t, std::string> replayed;
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_EQ(records[i].first, i + 1);  // dense, each sequence once
      replayed.emplace(records[i].first, records[i].second);
    }
    for (const auto& [sequence, payload] : acknowledged) {
      auto found = replayed.find(sequence);
      ASSERT_NE(found, replayed.end()) << "acknowledged record " << sequence << " lost";
      ASSERT_EQ(found->second, payload) << sequence;
    }
  }
  EXPECT_GT(acknowledged.size(), 0u);
  std::printf("kill -9 rounds: %zu acknowledged records all recovered\n", acknowledged.size());
}

}  // namespace
}  // namespace tarn::storage
