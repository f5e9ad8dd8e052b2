// Buffers one column of the row group being written and encodes it into a Parquet column chunk
// (optional dictionary page, data pages v1, statistics). Used by parquet_writer.cc.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "exec/vector/vector.h"
#include "format/parquet/parquet_metadata.h"

namespace tarn::format::parquet {

// The schema element (name, physical and logical type, OPTIONAL) that 'type' is written as.
SchemaElement WrittenSchemaElement(const std::string& name, LogicalType type);

// Not thread-safe.
class ColumnWriter {
 public:
  ColumnWriter(std::string name, LogicalType type);

  // Appends rows sel[0..count) (or [0..count) when sel is null) of 'vector'.
  void Append(const exec::Vector& vector, const uint32_t* sel, size_t count);
  // Encodes the buffered rows as a column chunk starting at file offset 'offset', appending its
  // bytes to 'out', and returns its metadata. Clears the buffer for the next row group.
  ColumnMetaData Flush(Codec codec, uint64_t offset, std::string& out);
  // Bytes buffered for the current row group before encoding (an upper bound of its size).
  size_t BufferedBytes() const { return plain_.size() + levels_.size() / 8; }

 private:
  struct PageEnd {
    size_t rows = 0;    // rows up to the end of the page
    size_t values = 0;  // non-NULL values up to the end of the page
    size_t bytes = 0;   // PLAIN bytes up to the end of the page
  };

  template <class T>
  void AppendFixed(const exec::Vector& vector, const uint32_t* sel, size_t count);
  // AppendFixed of a vector without NULLs: values stored as 'Stored', statistics kept in locals.
  template <class T, class Stored>
  void AppendValid(const T* data, const uint32_t* sel, size_t count);
  void AppendStrings(const exec::Vector& vector, const uint32_t* sel, size_t count);
  void AddToDictionary(uint64_t bits);
  void AddStringToDictionary(std::string_view text);
  void MaybeEndPage();
  void WritePage(PageType type, const std::string& body, int32_t num_values, Encoding encoding,
                 Codec codec, std::string& out, ColumnMetaData& meta);

  std::string name_;
  LogicalType type_;
  PhysicalType physical_;
  size_t width_ = 0;                       // bytes per PLAIN value (0: BYTE_ARRAY)
  std::vector<uint32_t> levels_;           // definition level per row (0 = NULL)
  std::string plain_;                      // PLAIN encoding of the non-NULL values
  std::vector<PageEnd> pages_;
  size_t values_ = 0;                      // non-NULL values buffered

  // Open-addressing map from a fixed-width value's bits to its dictionary index (linear probing,
  // power-of-two capacity, at most half full). Cheaper than std::unordered_map: no node per value.
  class FixedDictionary {
   public:
    // Returns the index of 'bits', giving it 'next' when absent ('inserted' tells which).
    uint32_t FindOrInsert(uint64_t bits, uint32_t next, bool& inserted);
    void Clear();

   private:
    void Grow();
    std::vector<uint64_t> keys_;
    std::vector<uint32_t> slots_;  // dictionary index + 1 per slot (0: empty)
    size_t used_ = 0;
    int shift_ = 64;               // 64 - log2(capacity)
  };

  void DropDictionary();

  bool use_dictionary_ = true;
  bool dictionary_sampled_ = false;        // the early worth-it check ran for this chunk
  FixedDictionary fixed_dictionary_;
  // Looked up by string_view without building a std::string per value.
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view text) const { return std::hash<std::string_view>()(text); }
  };
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> string_dictionary_;
  std::string dictionary_plain_;           // PLAIN encoding of the dictionary values
  uint32_t dictionary_size_ = 0;
  std::vector<uint32_t> indexes_;          // dictionary index per non-NULL value
  std::string compressed_;                 // page being compressed (reused)

  // Statistics of the buffered rows.
  int64_t null_count_ = 0;
  bool has_min_max_ = false;
  int64_t min_integer_ = 0, max_integer_ = 0;
  double min_double_ = 0, max_double_ = 0;
  std::string min_string_, max_string_;
};

}  // namespace tarn::format::parquet
