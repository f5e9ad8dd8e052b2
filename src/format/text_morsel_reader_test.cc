#include "format/text_morsel_reader.h"

#include <cstring>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/temp_directory.h"

// Expected lines and offsets are derived by hand from the bytes each test writes.
namespace tarn::format {
namespace {

using ::testing::ElementsAre;

// Reads every morsel the way the readers do: the lines that start before the morsel's end.
std::vector<std::string> ReadLines(const TextMorsels& input, TextMorselState& state) {
  std::vector<std::string> lines;
  int64_t morsel_index = -1;
  while (input.Next(state, morsel_index)) {
    while (state.buffer_offset + state.position < state.morsel->end) {
      const char* line = state.data() + state.position;
      const void* hit = std::memchr(line, '\n', state.size - state.position);
      if (hit == nullptr && !state.eof) {
        state.Fill(state.position);
        continue;
      }
      size_t length = hit == nullptr ? state.size - state.position
                                     : static_cast<size_t>(static_cast<const char*>(hit) - line);
      if (hit == nullptr && length == 0) break;
      lines.emplace_back(line, length);
      state.position += length + (hit != nullptr ? 1 : 0);
    }
  }
  return lines;
}

TEST(TextMorselReaderTest, EveryLineOnceWhateverTheMorselSize) {
  TempDirectory directory("tarn-text");
  // 18 bytes: a byte order mark, then lines starting at offsets 3, 6, 10, 11 and 16 (no final '\n').
  std::string path = directory.Write("a.txt", "\xEF\xBB\xBF" "a1\nbb2\n\nccc3\nd4");
  for (uint64_t morsel_size : {1, 2, 3, 4, 5, 7, 100}) {
    SCOPED_TRACE(morsel_size);
    TextMorsels input({path});
    input.Plan(morsel_size, /*split=*/true);
    TextMorselState state('\n', '\0');
    EXPECT_THAT(ReadLines(input, state), ElementsAre("a1", "bb2", "", "ccc3", "d4"));
    EXPECT_DOUBLE_EQ(input.Progress(), 1.0);
  }
  TextMorsels whole({path});
  whole.Plan(2, /*split=*/false);
  TextMorselState state(' ', ' ');
  EXPECT_THAT(ReadLines(whole, state), ElementsAre("a1", "bb2", "", "ccc3", "d4"));
  EXPECT_DOUBLE_EQ(whole.Progress(), 1.0);
}

TEST(TextMorselReaderTest, MorselsInFileOrderAndEmptyFilesSkipped) {
  TempDirectory directory("tarn-text");
  std::string first = directory.Write("1.txt", "x\ny\n");
  std::string empty = directory.Write("2.txt", "");
  std::string last = directory.Write("3.txt", "z\n");
  TextMorsels input({first, empty, last});
  EXPECT_EQ(input.total_bytes(), 6u);
  input.Plan(4, /*split=*/true);
  TextMorselState state('\n', '\0');
  std::vector<int64_t> indexes;
  int64_t morsel_index = -1;
  while (input.Next(state, morsel_index)) indexes.push_back(morsel_index);
  EXPECT_THAT(indexes, ElementsAre(0, 1));  // [0,4) of 1.txt, [0,2) of 3.txt
  EXPECT_DOUBLE_EQ(input.Progress(), 1.0);
  TextMorsels none(std::vector<std::string>{});
  none.Plan(4, true);
  EXPECT_FALSE(none.Next(state, morsel_index));
  EXPECT_DOUBLE_EQ(none.Progress(), 1.0);
}

TEST(TextMorselReaderTest, WindowGrowsForALineLongerThanItAndKeepsThePadding) {
  TempDirectory directory("tarn-text");
  std::string long_line(3'000'000, 'q');
  std::string path = directory.Write("long.txt", "s\n" + long_line + "\nt\n");
  TextMorsels input({path});
  input.Plan(1000, /*split=*/true);  // the long line starts in the first morsel's range
  TextMorselState state('\n', '\0');
  std::vector<std::string> lines = ReadLines(input, state);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], "s");
  EXPECT_EQ(lines[1], long_line);
  EXPECT_EQ(lines[2], "t");

  TextMorsels padded({path});
  padded.Plan(1u << 30, /*split=*/true);
  TextMorselState spaces(' ', '.');
  int64_t morsel_index = -1;
  ASSERT_TRUE(padded.Next(spaces, morsel_index));
  EXPECT_EQ(spaces.buffer_offset, 0u);
  EXPECT_EQ(spaces.position, 0u);
  ASSERT_GT(spaces.size, 0u);
  EXPECT_EQ(spaces.data()[spaces.size], ' ');
  for (size_t i = 1; i < TextMorselState::kBackPadding; ++i) {
    EXPECT_EQ(spaces.data()[spaces.size + i], '.');
  }
  for (size_t i = 1; i <= TextMorselState::kFrontPadding; ++i) {
    EXPECT_EQ(*(spaces.data() - i), '\0');
  }
}

TEST(TextMorselReaderTest, ProgressCountsTheBytesPassed) {
  TempDirectory directory("tarn-text");
  std::string path = directory.Write("p.txt", "aaaa\nbbbb\n");  // 10 bytes
  TextMorsels input({path});
  input.Plan(100, /*split=*/true);
  TextMorselState state('\n', '\0');
  int64_t morsel_index = -1;
  ASSERT_TRUE(input.Next(state, morsel_index));
  EXPECT_DOUBLE_EQ(input.Progress(), 0.0);
  state.position = 5;  // past the first line
  input.ReportProgress(state, /*finished=*/false);
  EXPECT_DOUBLE_EQ(input.Progress(), 0.5);
  EXPECT_FALSE(input.Next(state, morsel_index));
  EXPECT_DOUBLE_EQ(input.Progress(), 1.0);
}

}  // namespace
}  // namespace tarn::format
