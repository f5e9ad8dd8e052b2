// Shared set-up of the write-ahead log tests: a temporary data folder and a keyring.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/encryption/keyring.h"
#include "storage/wal/wal.h"

namespace tarn::storage {

class WalTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn-wal-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    keyring_ = Keyring::FromText(std::string(64, 'a'));
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::unique_ptr<Wal> OpenWal(WalOptions options = {}) {
    return Wal::Open(root_, "clicks", *keyring_, options);
  }
  std::string StreamDir() const { return root_ + "/wal/clicks"; }
  // Segment file paths, oldest first.
  std::vector<std::string> SegmentFiles() const {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(StreamDir()))
      files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
  }
  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  static void WriteAll(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  }
  // Every (sequence, payload) Replay returns from 'from'.
  static std::vector<std::pair<uint64_t, std::string>> ReplayAll(const Wal& wal,
                                                                 uint64_t from = 1) {
    std::vector<std::pair<uint64_t, std::string>> records;
    wal.Replay(from, [&](uint64_t sequence, std::string_view payload) {
      records.emplace_back(sequence, std::string(payload));
    });
    return records;
  }
  // Appends 'payloads' as one call.
  static uint64_t AppendStrings(Wal& wal, const std::vector<std::string>& payloads) {
    std::vector<std::string_view> views(payloads.begin(), payloads.end());
    return wal.Append(views);
  }

  std::string root_;
  std::unique_ptr<Keyring> keyring_;
};

}  // namespace tarn::storage
