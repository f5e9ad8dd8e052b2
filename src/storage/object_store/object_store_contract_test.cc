// The ObjectStore contract, checked the same way on every implementation: local files, memory, and
// the encrypting decorator (whose callers must not notice it).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/error.h"
#include "storage/encryption/encrypted_object_store.h"
#include "storage/object_store/local_object_store.h"
#include "storage/object_store/memory_object_store.h"

namespace tarn::storage {
namespace {

using ::testing::ElementsAre;

ByteSpan Bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}
std::string Text(const Buffer& buffer) {
  return std::string(reinterpret_cast<const char*>(buffer.data()), buffer.size());
}

class ObjectStoreContractTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tarn-contract-test-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    root_ = pattern;
    keyring_ = Keyring::FromText(std::string(64, '9'));
    if (GetParam() == "local") {
      store_ = std::make_unique<LocalObjectStore>(root_);
    } else if (GetParam() == "memory") {
      store_ = std::make_unique<MemoryObjectStore>();
    } else {
      store_ = std::make_unique<EncryptedObjectStore>(std::make_unique<LocalObjectStore>(root_),
                                                      *keyring_, 16);
    }
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  std::vector<std::string> Keys(std::string_view prefix) {
    std::vector<std::string> keys;
    for (const auto& entry : store_->List(prefix)) keys.push_back(entry.key);
    return keys;
  }

  std::string root_;
  std::unique_ptr<Keyring> keyring_;
  std::unique_ptr<ObjectStore> store_;
};

TEST_P(ObjectStoreContractTest, PutGetHeadDelete) {
  EXPECT_FALSE(store_->Get("k/1").has_value());
  EXPECT_FALSE(store_->Head("k/1").has_value());
  store_->Put("k/1", Bytes("some bytes that span segments"));
  EXPECT_EQ(Text(*store_->Get("k/1")), "some bytes that span segments");
  EXPECT_EQ(store_->Head("k/1")->size, 29u);
  std::string etag = store_->Head("k/1")->etag;
  store_->Put("k/1", Bytes("replaced"));
  EXPECT_EQ(Text(*store_->Get("k/1")), "replaced");
  EXPECT_NE(store_->Head("k/1")->etag, etag);
  EXPECT_TRUE(store_->Delete("k/1"));
  EXPECT_FALSE(store_->Delete("k/1"));
  EXPECT_FALSE(store_->Get("k/1").has_value());
}

TEST_P(ObjectStoreContractTest, Ranges) {
  store_->Put("r", Bytes("0123456789abcdefghij"));
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{14, 4})), "efgh");
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{15, 100})), "fghij");
  EXPECT_EQ(Text(*store_->Get("r", ByteRange{20, 1})), "");
  EXPECT_THROW(store_->Get("r", ByteRange{21, 1}), Error);
  EXPECT_FALSE(store_->Get("missing", ByteRange{0, 1}).has_value());
}

TEST_P(ObjectStoreContractTest, ListSortedByPrefix) {
  for (const char* key : {"b/x", "a/y/2", "a/y/1", "a/z", "ab"}) store_->Put(key, Bytes(key));
  EXPECT_THAT(Keys(""), ElementsAre("a/y/1", "a/y/2", "a/z", "ab", "b/x"));
  EXPECT_THAT(Keys("a/"), ElementsAre("a/y/1", "a/y/2", "a/z"));
  EXPECT_THAT(Keys("a/y/1"), ElementsAre("a/y/1"));
  EXPECT_THAT(Keys("c"), ElementsAre());
  EXPECT_EQ(store_->List("ab")[0].size, 2u);
}

TEST_P(ObjectStoreContractTest, PutIfAbsentAndWriters) {
  EXPECT_TRUE(store_->PutIfAbsent("p", Bytes("first")));
  EXPECT_FALSE(store_->PutIfAbsent("p", Bytes("second")));
  EXPECT_EQ(Text(*store_->Get("p")), "first");
  auto writer = store_->NewWriter("w");
  writer->Write(Bytes("abc"));
  writer->Write(Bytes("def"));
  EXPECT_FALSE(store_->Head("w").has_value());
  EXPECT_TRUE(writer->Commit());
  EXPECT_EQ(Text(*store_->Get("w")), "abcdef");
  auto aborted = store_->NewWriter("v");
  aborted->Write(Bytes("x"));
  aborted->Abort();
  auto late = store_->NewWriter("w", /*if_absent=*/true);
  EXPECT_FALSE(late->Commit());
  EXPECT_THAT(Keys(""), ElementsAre("p", "w"));
}

TEST_P(ObjectStoreContractTest, RejectsBadKeys) {
  for (const char* key : {"", "/abs", "a/../b", "a//b", "a/"}) {
    EXPECT_THROW(store_->Put(key, Bytes("x")), Error) << key;
    EXPECT_THROW(store_->Get(key), Error) << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ObjectStoreContractTest,
                         ::testing::Values("local", "memory", "encrypted"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace tarn::storage
