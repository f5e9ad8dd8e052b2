#include "storage/object_store/local_object_store.h"

#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"

namespace tarn::storage {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ByteSpan Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}
std::string Text(const Buffer& buffer) {
  return std::string(reinterpret_cast<const char*>(buffer.data()), buffer.size());
}

class LocalObjectStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn-store-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    store_ = std::make_unique<LocalObjectStore>(root_ + "/lake");
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string GetText(std::string_view key) {
    auto bytes = store_->Get(key);
    EXPECT_TRUE(bytes.has_value()) << key;
    return bytes ? Text(*bytes) : "";
  }
  std::vector<std::string> Keys(std::string_view prefix) {
    std::vector<std::string> keys;
    for (const auto& entry : store_->List(prefix)) keys.push_back(entry.key);
    return keys;
  }
  // Every file below the lake folder (relative paths), hidden ones included.
  std::vector<std::string> FilesOnDisk() {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(root_ + "/lake")) {
      if (entry.is_regular_file())
        files.push_back(fs::relative(entry.path(), root_ + "/lake").string());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  std::string root_;
  std::unique_ptr<LocalObjectStore> store_;
};

TEST_F(LocalObjectStoreTest, PutGetHeadRoundTrip) {
  store_->Put("curated/sales/orders/dt=2026-01-01/part-1.parquet", Bytes("hello"));
  EXPECT_EQ(GetText("curated/sales/orders/dt=2026-01-01/part-1.parquet"), "hello");
  auto info = store_->Head("curated/sales/orders/dt=2026-01-01/part-1.parquet");
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->size, 5u);
  EXPECT_GT(info->modified_unix_micros, 0);
  EXPECT_FALSE(info->etag.empty());
  struct stat file_info;
  ASSERT_EQ(::stat((root_ + "/lake/curated/sales/orders/dt=2026-01-01/part-1.parquet").c_str(),
                   &file_info),
            0);
  EXPECT_EQ(file_info.st_mode & 0777, 0600u);
}

TEST_F(LocalObjectStoreTest, OverwriteReplacesAndChangesEtag) {
  store_->Put("a/b", Bytes("first"));
  std::string etag = store_->Head("a/b")->etag;
  store_->Put("a/b", Bytes("second, longer"));
  EXPECT_EQ(GetText("a/b"), "second, longer");
  EXPECT_NE(store_->Head("a/b")->etag, etag);
  EXPECT_THAT(FilesOnDisk(), ElementsAre("a/b"));  // no temporary file left behind
}

TEST_F(LocalObjectStoreTest, MissingObjectsAreNullopt) {
  EXPECT_FALSE(store_->Get("nothing/here").has_value());
  EXPECT_FALSE(store_->Head("nothing/here").has_value());
  EXPECT_FALSE(store_->Delete("nothing/here"));
  store_->Put("folder/object", Bytes("x"));
  EXPECT_FALSE(store_->Get("folder").has_value());  // a folder is not an object
  EXPECT_FALSE(store_->Head("folder").has_value());
  EXPECT_FALSE(store_->Get("folder/object/below").has_value());
}

TEST_F(LocalObjectStoreTest, RangedGet) {
  store_->Put("r", Bytes("0123456789"));
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{2, 3})), "234");
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{7, 100})), "789");  // cut at the end
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{10, 5})), "");      // at the end: empty
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{0, 0})), "");
  try {
    store_->Get("r", ByteRange{11, 1});
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kOutOfRange);
    EXPECT_THAT(error.what(),
                HasSubstr("range starts at byte 11, past the end of the 10-byte object"));
    EXPECT_EQ(error.location().file, "r");
  }
}

TEST_F(LocalObjectStoreTest, EmptyObject) {
  store_->Put("empty", Bytes(""));
  EXPECT_EQ(GetText("empty"), "");
  EXPECT_EQ(store_->Head("empty")->size, 0u);
}

TEST_F(LocalObjectStoreTest, ListIsSortedAndUsesStringPrefixes) {
  for (const char* key :
       {"z", "b/2", "a/c/1", "a/b/2", "a/b/1", "ab", "a/bc/3", "curated/sales/orders/x"}) {
    store_->Put(key, Bytes(key));
  }
  EXPECT_THAT(Keys(""), ElementsAre("a/b/1", "a/b/2", "a/bc/3", "a/c/1", "ab", "b/2",
                                    "curated/sales/orders/x", "z"));
  EXPECT_THAT(Keys("a/b"), ElementsAre("a/b/1", "a/b/2", "a/bc/3"));
  EXPECT_THAT(Keys("a/b/"), ElementsAre("a/b/1", "a/b/2"));
  EXPECT_THAT(Keys("a"), ElementsAre("a/b/1", "a/b/2", "a/bc/3", "a/c/1", "ab"));
  EXPECT_THAT(Keys("curated/sales/or"), ElementsAre("curated/sales/orders/x"));
  EXPECT_THAT(Keys("a/b/1"), ElementsAre("a/b/1"));
  EXPECT_THAT(Keys("nothing/"), ElementsAre());
  EXPECT_THAT(Keys("../"), ElementsAre());
  EXPECT_THAT(Keys("a//"), ElementsAre());
  auto entries = store_->List("a/c");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].size, 5u);
}

TEST_F(LocalObjectStoreTest, DeleteRemovesEmptyFolders) {
  store_->Put("a/b/c/one", Bytes("1"));
  store_->Put("a/two", Bytes("2"));
  EXPECT_TRUE(store_->Delete("a/b/c/one"));
  EXPECT_FALSE(fs::exists(root_ + "/lake/a/b"));
  EXPECT_TRUE(fs::exists(root_ + "/lake/a/two"));
  EXPECT_FALSE(store_->Delete("a/b/c/one"));
  EXPECT_TRUE(store_->Delete("a/two"));
  EXPECT_FALSE(fs::exists(root_ + "/lake/a"));
  EXPECT_TRUE(fs::exists(root_ + "/lake"));  // the root stays
  store_->Put("a/b/c/again", Bytes("3"));    // folders come back on demand
  EXPECT_EQ(GetText("a/b/c/again"), "3");
}

TEST_F(LocalObjectStoreTest, RejectsBadKeysWithPreciseErrors) {
  struct Case {
    std::string key;
    std::string message;
  };
  std::vector<Case> cases = {
      {"", "invalid object key: the key is empty"},
      {"/etc/passwd", "invalid object key '/etc/passwd': absolute paths are not allowed"},
      {"a/../b", "invalid object key 'a/../b': '..' segments are not allowed"},
      {"..", "invalid object key '..': '..' segments are not allowed"},
      {"a/./b", "invalid object key 'a/./b': '.' segments are not allowed"},
      {"a//b", "invalid object key 'a//b': empty path segment at byte 2"},
      {"a/b/", "invalid object key 'a/b/': the key ends with '/'"},
      {"a/.tarn-tmp-1", "segment '.tarn-tmp-1' starts with '.'"},
      {"a\\b", "invalid object key 'a\\b': backslash is not allowed"},
      {std::string("a\nb"), "invalid object key: control byte 0x0a at byte 1"},
      {std::string(1025, 'k'), "the key is 1025 bytes long, more than the 1024 allowed"},
      {"a/" + std::string(256, 's'), "a segment is 256 bytes long, more than the 255 allowed"},
  };
  for (const Case& test : cases) {
    for (int operation = 0; operation < 5; ++operation) {
      try {
        switch (operation) {
          case 0:
            store_->Put(test.key, Bytes("x"));
            break;
          case 1:
            store_->Get(test.key);
            break;
          case 2:
            store_->PutIfAbsent(test.key, Bytes("x"));
            break;
          case 3:
            store_->Delete(test.key);
            break;
          case 4:
            store_->NewWriter(test.key);
            break;
        }
        ADD_FAILURE() << "accepted key '" << test.key << "' in operation " << operation;
      } catch (const Error& error) {
        EXPECT_EQ(error.code(), ErrorCode::kInvalidArgument);
        EXPECT_THAT(error.message(), HasSubstr(test.message));
      }
    }
  }
  EXPECT_FALSE(fs::exists(root_ + "/etc"));
  EXPECT_THAT(FilesOnDisk(), ElementsAre());
}

TEST_F(LocalObjectStoreTest, CrashLeftoversAreNeverListedOrRead) {
  store_->Put("t/a", Bytes("committed"));
  // A writer that crashed after writing its temporary file, before the rename.
  { std::ofstream(root_ + "/lake/t/.tarn-tmp-0123456789abcdef") << "half written"; }
  { std::ofstream(root_ + "/lake/.tarn-tmp-fedcba9876543210") << "half written"; }
  EXPECT_THAT(Keys(""), ElementsAre("t/a"));
  EXPECT_THAT(Keys("t/"), ElementsAre("t/a"));
  EXPECT_THROW(store_->Get("t/.tarn-tmp-0123456789abcdef"), Error);
  EXPECT_EQ(store_->RemoveStaleTemporaryFiles(3600), 0u);  // too young
  EXPECT_EQ(store_->RemoveStaleTemporaryFiles(0), 2u);
  EXPECT_THAT(FilesOnDisk(), ElementsAre("t/a"));
}

TEST_F(LocalObjectStoreTest, WriterPublishesOnlyOnCommit) {
  auto writer = store_->NewWriter("big/object");
  writer->Write(Bytes("part one, "));
  writer->Write(Bytes("part two"));
  EXPECT_FALSE(store_->Head("big/object").has_value());
  EXPECT_THAT(Keys(""), ElementsAre());
  EXPECT_TRUE(writer->Commit());
  EXPECT_EQ(GetText("big/object"), "part one, part two");

  auto aborted = store_->NewWriter("big/other");
  aborted->Write(Bytes("junk"));
  aborted->Abort();
  { store_->NewWriter("big/dropped")->Write(Bytes("junk")); }  // destroyed uncommitted
  EXPECT_THAT(FilesOnDisk(), ElementsAre("big/object"));

  auto replacing = store_->NewWriter("big/object");
  replacing->Write(Bytes("new"));
  EXPECT_EQ(GetText("big/object"), "part one, part two");  // old content until Commit
  replacing->Commit();
  EXPECT_EQ(GetText("big/object"), "new");

  auto loser = store_->NewWriter("big/object", /*if_absent=*/true);
  loser->Write(Bytes("late"));
  EXPECT_FALSE(loser->Commit());
  EXPECT_EQ(GetText("big/object"), "new");
  EXPECT_THAT(FilesOnDisk(), ElementsAre("big/object"));
}

TEST_F(LocalObjectStoreTest, PutIfAbsentHasExactlyOneWinner) {
  constexpr int kThreads = 8;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    std::string key = "race/key-" + std::to_string(round);
    std::atomic<int> winners{0};
    std::atomic<int> winner_id{-1};
    std::atomic<bool> go{false};
    std::vector<std::thread> threads;
    for (int id = 0; id < kThreads; ++id) {
      threads.emplace_back([&, id] {
        while (!go.load()) std::this_thread::yield();
        std::string content = "writer " + std::to_string(id);
        if (store_->PutIfAbsent(key, Bytes(content))) {
          ++winners;
          winner_id = id;
        }
      });
    }
    go = true;
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(winners.load(), 1) << key;
    EXPECT_EQ(GetText(key), "writer " + std::to_string(winner_id.load()));
  }
  EXPECT_EQ(FilesOnDisk().size(), static_cast<size_t>(kRounds));  // losers left no temporary files
}

TEST_F(LocalObjectStoreTest, ObjectAndFolderCannotShareAName) {
  store_->Put("a/b", Bytes("object"));
  try {
    store_->Put("a/b/c", Bytes("below an object"));
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kConflict);
    EXPECT_EQ(error.location().file, "a/b/c");
  }
  store_->Put("x/y/z", Bytes("deep"));
  EXPECT_THROW(store_->Put("x/y", Bytes("over a folder")), Error);
  EXPECT_THROW(store_->PutIfAbsent("x/y", Bytes("over a folder")), Error);
  EXPECT_EQ(GetText("x/y/z"), "deep");
  EXPECT_EQ(GetText("a/b"), "object");
}

TEST_F(LocalObjectStoreTest, ConcurrentPutAndDeleteInOneFolder) {
  // Delete removes a folder when it empties while another thread writes into it.
  std::atomic<bool> failed{false};
  auto churn = [&](std::string key) {
    try {
      for (int i = 0; i < 100; ++i) {
        store_->Put(key, Bytes("v"));
        store_->Delete(key);
      }
    } catch (const std::exception& error) {
      failed = true;
      ADD_FAILURE() << error.what();
    }
  };
  std::thread first(churn, "p/q/one");
  std::thread second(churn, "p/q/two");
  first.join();
  second.join();
  EXPECT_FALSE(failed.load());
  EXPECT_THAT(Keys(""), ElementsAre());
}

}  // namespace
}  // namespace tarn::storage
