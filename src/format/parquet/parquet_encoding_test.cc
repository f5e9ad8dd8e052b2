#include "format/parquet/parquet_encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "common/error.h"

namespace tarn::format::parquet {
namespace {

const PageLocation kLocation{"f.parquet", "c", 4};

std::vector<uint32_t> DecodeRle(const std::vector<uint8_t>& bytes, int bit_width, size_t count) {
  std::vector<uint32_t> out(count);
  RleBitPackedDecoder decoder(bytes.data(), bytes.size(), bit_width, kLocation);
  decoder.Decode(out.data(), count);
  return out;
}

TEST(RleBitPackedDecoderTest, DecodesSpecExamples) {
  // Bit-packed run of one group (header (1 << 1) | 1), values 0..7 with width 3: the spec's
  // example bytes 10001000 11000110 11111010.
  EXPECT_THAT(DecodeRle({0x03, 0x88, 0xc6, 0xfa}, 3, 8), ::testing::ElementsAre(0, 1, 2, 3, 4, 5, 6, 7));
  // RLE run: header 5 << 1, value 3 in one byte.
  EXPECT_THAT(DecodeRle({0x0a, 0x03}, 2, 5), ::testing::ElementsAre(3, 3, 3, 3, 3));
  // RLE value of width 9 takes two little-endian bytes; then a bit-packed group of width 9.
  EXPECT_THAT(DecodeRle({0x04, 0x2c, 0x01}, 9, 2), ::testing::ElementsAre(300, 300));
}

TEST(RleBitPackedDecoderTest, ShortDataIsCorrupt) {
  EXPECT_THROW(DecodeRle({0x0a, 0x03}, 2, 6), Error);           // asks for more than the run
  EXPECT_THROW(DecodeRle({0x0a}, 2, 1), Error);                 // run value missing
  EXPECT_THROW(DecodeRle({0x0a, 0x07}, 2, 1), Error);           // value wider than 2 bits
  EXPECT_THROW(DecodeRle({0x80, 0x80, 0x80}, 2, 1), Error);     // truncated varint
}

TEST(RleBitPackedEncoderTest, RoundTripsRunsAndLiterals) {
  std::mt19937 random(3);
  for (int bit_width : {1, 2, 5, 8, 13, 20, 32}) {
    std::vector<uint32_t> values;
    for (int block = 0; block < 50; ++block) {
      uint32_t mask = bit_width == 32 ? ~0u : (1u << bit_width) - 1;
      size_t length = random() % 40;
      bool repeat = random() % 2 == 0;
      uint32_t value = random() & mask;
      for (size_t i = 0; i < length; ++i) values.push_back(repeat ? value : (random() & mask));
    }
    std::string encoded;
    EncodeRleBitPacked(values.data(), values.size(), bit_width, encoded);
    std::vector<uint8_t> bytes(encoded.begin(), encoded.end());
    EXPECT_EQ(DecodeRle(bytes, bit_width, values.size()), values) << "bit width " << bit_width;
  }
}

TEST(RleBitPackedEncoderTest, BitPacksTheSpecExample) {
  // The spec's bit-packing example: 0..7 with width 3 are 10001000 11000110 11111010.
  std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  std::string encoded;
  EncodeRleBitPacked(values.data(), values.size(), 3, encoded);
  EXPECT_EQ(encoded, std::string("\x03\x88\xc6\xfa", 4));
}

TEST(RleBitPackedEncoderTest, LongRunBecomesOneRleRun) {
  std::vector<uint32_t> values(1000, 1);
  std::string encoded;
  EncodeRleBitPacked(values.data(), values.size(), 1, encoded);
  EXPECT_EQ(encoded, std::string("\xd0\x0f\x01", 3));  // varint(1000 << 1), value 1
}

TEST(DeltaBinaryPackedTest, DecodesSpecExamples) {
  // 1, 2, 3, 4, 5: block 128 with 4 miniblocks, 5 values, first value 1, min delta 1, widths 0.
  std::vector<uint8_t> first = {0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00};
  std::vector<int64_t> out;
  EXPECT_EQ(DecodeDeltaBinaryPacked(first.data(), first.size(), 10, out, kLocation), first.size());
  EXPECT_THAT(out, ::testing::ElementsAre(1, 2, 3, 4, 5));
  // 7, 5, 3, 1, 2, 3, 4, 5: deltas -2 -2 -2 1 1 1 1, min delta -2, relative 0 0 0 3 3 3 3 in
  // 2 bits; the first miniblock holds 32 values (8 bytes), the others are absent.
  std::vector<uint8_t> second = {0x80, 0x01, 0x04, 0x08, 0x0e, 0x03, 0x02, 0x00, 0x00, 0x00,
                                 0xc0, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(DecodeDeltaBinaryPacked(second.data(), second.size(), 10, out, kLocation), second.size());
  EXPECT_THAT(out, ::testing::ElementsAre(7, 5, 3, 1, 2, 3, 4, 5));
  // More values than the page holds, and truncated miniblocks, are corrupt.
  EXPECT_THROW(DecodeDeltaBinaryPacked(second.data(), second.size(), 4, out, kLocation), Error);
  EXPECT_THROW(DecodeDeltaBinaryPacked(second.data(), second.size() - 1, 10, out, kLocation), Error);
}

TEST(DeltaLengthByteArrayTest, SplitsConcatenatedBytes) {
  // Lengths 5, 5 (delta 0, bit width 0), then "HelloWorld" (the spec's example).
  std::vector<uint8_t> data = {0x80, 0x01, 0x04, 0x02, 0x0a, 0x00, 0x00, 0x00, 0x00, 0x00};
  for (char c : std::string("HelloWorld")) data.push_back(static_cast<uint8_t>(c));
  StringRef out[2];
  DecodeDeltaLengthByteArray(data.data(), data.size(), 2, out, kLocation);
  EXPECT_EQ(out[0].view(), "Hello");
  EXPECT_EQ(out[1].view(), "World");
  EXPECT_THROW(DecodeDeltaLengthByteArray(data.data(), data.size() - 1, 2, out, kLocation), Error);
}

TEST(ByteStreamSplitTest, InterleavesStreams) {
  float values[2] = {1.5f, -2.25f};
  uint8_t raw[8];
  std::memcpy(raw, values, 8);
  uint8_t split[8];
  for (int value = 0; value < 2; ++value) {
    for (int byte = 0; byte < 4; ++byte) split[byte * 2 + value] = raw[value * 4 + byte];
  }
  float out[2];
  DecodeByteStreamSplit(split, 8, 4, 2, reinterpret_cast<uint8_t*>(out), kLocation);
  EXPECT_EQ(out[0], 1.5f);
  EXPECT_EQ(out[1], -2.25f);
  EXPECT_THROW(DecodeByteStreamSplit(split, 7, 4, 2, reinterpret_cast<uint8_t*>(out), kLocation), Error);
}

TEST(ThrowCorruptPageTest, NamesColumnFileAndOffset) {
  try {
    ThrowCorruptPage(kLocation, "bad thing");
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ErrorCode::kCorrupt);
    EXPECT_EQ(error.message(), "parquet: bad thing in column c of f.parquet at offset 4");
  }
}

}  // namespace
}  // namespace tarn::format::parquet
