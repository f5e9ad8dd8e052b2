#include "format/thrift/compact_protocol.h"

#include <gtest/gtest.h>

#include <random>

#include "common/error.h"

namespace tarn::format::thrift {
namespace {

// Hand-encoded from the compact protocol spec: a struct with
//   1: i32 5                  -> 0x15 (delta 1, type 5), zigzag 10
//   2: binary "ab"            -> 0x18, length 2, 'a' 'b'
//   3: struct { 1: i32 -3 }   -> 0x1c, { 0x15 0x05 0x00 }
//   4: list<i32> [1, -1, 300] -> 0x19, 0x35, 02 01 d8 04
//   20: i64 -1                -> long form 0x06, zigzag id 40, value 01
//   21: bool true             -> 0x11
//   stop                      -> 0x00
const std::vector<uint8_t> kSample = {0x15, 0x0a, 0x18, 0x02, 'a',  'b',  0x1c, 0x15, 0x05, 0x00, 0x19,
                                      0x35, 0x02, 0x01, 0xd8, 0x04, 0x06, 0x28, 0x01, 0x11, 0x00};

TEST(CompactReaderTest, ReadsHandEncodedStruct) {
  CompactReader reader(kSample.data(), kSample.size(), "test");
  reader.BeginStruct();
  int16_t id;
  CompactType type;
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(type, CompactType::kI32);
  EXPECT_EQ(reader.ReadI32(), 5);
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 2);
  EXPECT_EQ(reader.ReadBinary(), "ab");
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 3);
  EXPECT_EQ(type, CompactType::kStruct);
  reader.BeginStruct();
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 1);
  EXPECT_EQ(reader.ReadI32(), -3);
  EXPECT_FALSE(reader.ReadFieldHeader(id, type));
  reader.EndStruct();
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 4);  // the outer struct's last id (3) is restored after the nested one
  CompactType element;
  uint32_t size;
  reader.ReadListHeader(element, size);
  EXPECT_EQ(element, CompactType::kI32);
  ASSERT_EQ(size, 3u);
  EXPECT_EQ(reader.ReadI32(), 1);
  EXPECT_EQ(reader.ReadI32(), -1);
  EXPECT_EQ(reader.ReadI32(), 300);
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 20);
  EXPECT_EQ(reader.ReadI64(), -1);
  ASSERT_TRUE(reader.ReadFieldHeader(id, type));
  EXPECT_EQ(id, 21);
  EXPECT_TRUE(reader.ReadBool());
  EXPECT_FALSE(reader.ReadFieldHeader(id, type));
  reader.EndStruct();
  EXPECT_EQ(reader.position(), kSample.size());
}

TEST(CompactReaderTest, SkipsWholeStruct) {
  CompactReader reader(kSample.data(), kSample.size(), "test");
  reader.Skip(CompactType::kStruct);
  EXPECT_EQ(reader.position(), kSample.size());
}

TEST(CompactReaderTest, EveryTruncationIsCorrupt) {
  for (size_t length = 0; length < kSample.size(); ++length) {
    CompactReader reader(kSample.data(), length, "f.parquet", 100);
    try {
      reader.Skip(CompactType::kStruct);
      FAIL() << "no error at length " << length;
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
      EXPECT_NE(error.message().find("in f.parquet at offset"), std::string::npos) << error.message();
    }
  }
}

TEST(CompactReaderTest, RejectsDeepNestingAndHugeLists) {
  std::vector<uint8_t> deep(200, 0x1c);  // field 1: struct, nested forever
  CompactReader reader(deep.data(), deep.size(), "deep");
  EXPECT_THROW(reader.Skip(CompactType::kStruct), Error);
  // A list claiming 2^31 elements in a 6-byte input.
  std::vector<uint8_t> list = {0xf5, 0x80, 0x80, 0x80, 0x80, 0x08};
  CompactReader list_reader(list.data(), list.size(), "list");
  CompactType element;
  uint32_t size;
  EXPECT_THROW(list_reader.ReadListHeader(element, size), Error);
}

TEST(CompactReaderTest, RandomBytesNeverCrash) {
  std::mt19937 random(7);
  for (int round = 0; round < 20000; ++round) {
    std::vector<uint8_t> bytes(random() % 64);
    for (auto& byte : bytes) byte = static_cast<uint8_t>(random());
    CompactReader reader(bytes.data(), bytes.size(), "random");
    try {
      reader.Skip(CompactType::kStruct);
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
    }
  }
}

TEST(CompactWriterTest, WritesWhatTheSpecSays) {
  std::string out;
  CompactWriter writer(out);
  writer.BeginStruct();
  writer.FieldI32(1, 5);
  writer.FieldBinary(2, "ab");
  writer.FieldStruct(3);
  writer.FieldI32(1, -3);
  writer.EndStruct();
  writer.FieldList(4, CompactType::kI32, 3);
  writer.ElementI32(1);
  writer.ElementI32(-1);
  writer.ElementI32(300);
  writer.FieldI64(20, -1);
  writer.FieldBool(21, true);
  writer.EndStruct();
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), kSample);
}

TEST(CompactWriterTest, LongListsUseVarintSize) {
  std::string out;
  CompactWriter writer(out);
  writer.ListHeader(CompactType::kBinary, 20);
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), (std::vector<uint8_t>{0xf8, 20}));
}

}  // namespace
}  // namespace tarn::format::thrift
