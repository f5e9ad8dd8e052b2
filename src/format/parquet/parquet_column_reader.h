// Decodes one column chunk of a row group into vectors: walks its pages (dictionary, data v1 and
// v2), decompresses them, decodes definition levels and values (PLAIN, dictionary, DELTA_*,
// BYTE_STREAM_SPLIT, RLE booleans) and converts them to the column's tarn type. A page is decoded
// whole into a reused buffer, then handed out kVectorSize rows at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/memory.h"
#include "exec/vector/vector.h"
#include "format/parquet/parquet_encoding.h"
#include "format/parquet/parquet_metadata.h"
#include "format/parquet/parquet_schema.h"

namespace tarn::format::parquet {

// Not thread-safe; one per projected column per scanning thread, reused across row groups.
// VARCHAR vectors it fills point into page buffers, which the vectors pin.
class ColumnChunkReader {
 public:
  // Starts on a chunk: 'bytes' hold the whole column chunk, which starts at file offset
  // 'chunk_offset'; the row group has 'num_rows' rows. 'column', 'meta' and 'file' must outlive
  // the reads.
  void Start(const ParquetColumn& column, const ColumnMetaData& meta, std::shared_ptr<Buffer> bytes,
             uint64_t chunk_offset, const std::string& file, int64_t num_rows);
  // Fills rows [0, count) of 'vector' (already Reset) with the next 'count' rows. Throws
  // Error(kCorrupt) naming file, column and page offset when the chunk is malformed or short.
  void Read(size_t count, exec::Vector& vector);
  // Gives back the chunk buffer of the last Start (for reuse when nothing else holds it).
  std::shared_ptr<Buffer> ReleaseChunk() {
    page_owner_.reset();
    if (dictionary_bytes_ == chunk_) dictionary_bytes_.reset();
    return std::move(chunk_);
  }

 private:
  void LoadPage();  // the next data page (reading a dictionary page first when one comes)
  // Returns the decompressed bytes of a page body (or a view of the chunk when uncompressed).
  const uint8_t* PageBody(const uint8_t* source, size_t source_size, size_t size, bool compressed,
                          std::shared_ptr<Buffer>& holder);
  void ReadDictionary(const PageHeader& header, const uint8_t* source);
  void DecodeValues(Encoding encoding, const uint8_t* data, size_t size, size_t count);
  // Decodes 'count' PLAIN values into physical_ (stored type).
  void DecodePlain(const uint8_t* data, size_t size, size_t count);
  // Converts physical_[0..count) into 'out' (column type).
  void Convert(size_t count, Buffer& out);

  const ParquetColumn* column_ = nullptr;
  const ColumnMetaData* meta_ = nullptr;
  std::string_view file_;
  std::shared_ptr<Buffer> chunk_;     // the chunk's compressed bytes
  uint64_t chunk_offset_ = 0;
  size_t position_ = 0;               // next page header in chunk_
  int64_t rows_left_ = 0;             // rows of the row group not yet decoded into pages
  PageLocation location_;             // of the current page

  size_t value_width_ = 0;            // bytes per value of the column type

  bool has_dictionary_ = false;
  Buffer dictionary_;                 // dictionary values, column type
  size_t dictionary_size_ = 0;
  std::shared_ptr<Buffer> dictionary_bytes_;  // what dictionary strings point into

  std::shared_ptr<Buffer> page_bytes_;  // the current decompressed page
  std::shared_ptr<std::string> rebuilt_strings_;  // DELTA_BYTE_ARRAY values
  std::shared_ptr<const void> page_owner_;        // what the page's strings point into
  bool page_uses_dictionary_ = false;
  size_t page_rows_ = 0;
  size_t page_row_ = 0;
  size_t page_non_null_ = 0;
  size_t value_index_ = 0;
  std::vector<uint32_t> levels_;      // definition levels of the page
  std::vector<uint32_t> indexes_;     // dictionary indexes of the page
  std::vector<int64_t> deltas_;       // DELTA_BINARY_PACKED values
  Buffer physical_;                   // decoded values, stored type
  Buffer values_;                     // decoded values, column type (non-NULL ones, in order)
  const uint8_t* page_values_ = nullptr;  // the page's values: values_, or the page itself
};

}  // namespace tarn::format::parquet
