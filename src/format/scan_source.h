// How the engine reads a file format: a ScanSource splits its input (one file or many) into morsels
// and decodes a morsel into batches of the projected columns. Table scans in exec/operator drive it
// from several threads; formats live in format/<name>/ and are opened through format_registry.h.
//
// Protocol: Bind-time code reads schema() and calls SetProjection() once (and SetFilter() at most
// once, before scanning: a hint that lets the source skip files and row groups). Then each worker thread
// creates one LocalState and loops: NextMorsel() claims a morsel; ReadChunk() until it returns false.
// Morsel indexes are dense (0, 1, 2 ...) in input order and depend only on the input, never on the
// number of threads — so per-morsel partial results merged in morsel order are reproducible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/logical_type.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/value.h"

namespace tarn::format {

struct ColumnSchema {
  std::string name;
  LogicalType type;
};

// Named options of a table function call, e.g. read_csv('x', delim=';', header=true,
// columns={'a': 'INTEGER'}). Keys are lower case. Scalar options are in 'values'; struct literals
// such as columns={...} are in 'struct_options' as ordered key/value pairs.
struct ScanOptions {
  std::map<std::string, exec::Value> values;
  std::map<std::string, std::vector<std::pair<std::string, exec::Value>>> struct_options;
};

// A row a scan skipped under ignore_errors: its file, the (decompressed) byte offset where it
// starts, why it was rejected ("value of column 'x' is not a valid BIGINT") and its text without
// the line break. Line numbers are left to the receiver (counting them costs a pass over the file).
struct RejectedRow {
  std::string file;
  uint64_t offset = 0;
  std::string reason;
  std::string text;
};
// Receives rejected rows; called from the scanning threads, so it must be thread-safe.
using RejectHandler = std::function<void(RejectedRow)>;

// One conjunct of a filter the planner hands to a source so it can skip input whose statistics
// prove no row matches: 'column' (index into schema()) <op> values. Values have the column's exact
// type and are never NULL. The filter still runs above the source, so a source may ignore any
// predicate; skipping is only an optimization and never changes results.
enum class ScanPredicateOp : uint8_t {
  kEqual,         // column = values[0]
  kLess,          // column < values[0]
  kLessEqual,     // column <= values[0]
  kGreater,       // column > values[0]
  kGreaterEqual,  // column >= values[0]
  kIsNull,        // column IS NULL (no values)
  kIsNotNull,     // column IS NOT NULL (no values)
  kIn,            // column IN (values...)
};

struct ScanPredicate {
  size_t column = 0;
  ScanPredicateOp op = ScanPredicateOp::kEqual;
  std::vector<exec::Value> values;

  // "category = 7", for EXPLAIN.
  std::string ToString(const std::vector<ColumnSchema>& schema) const;
};

class ScanSource {
 public:
  // Per-thread decoding state (buffers, the current morsel). Owned by the thread that created it.
  struct LocalState {
    virtual ~LocalState() = default;
  };

  virtual ~ScanSource() = default;

  // Every column the input has (after sniffing / reading metadata).
  virtual const std::vector<ColumnSchema>& schema() const = 0;
  // Restricts decoding to these column indexes (into schema()), in this order: output column i of
  // ReadChunk is schema()[columns[i]]. Default: all columns. Call before scanning starts.
  virtual void SetProjection(std::vector<size_t> columns) = 0;
  // Hands the source the conjuncts of a filter over its rows (all must hold). Default: ignored.
  virtual void SetFilter(std::vector<ScanPredicate> predicates) {}

  virtual std::unique_ptr<LocalState> CreateLocalState() const = 0;
  // Claims the next morsel for 'state'. Returns false when every morsel has been claimed.
  // Thread-safe.
  virtual bool NextMorsel(LocalState& state, int64_t& morsel_index) const = 0;
  // Fills 'chunk' (initialized with the projected types) with the next up to kVectorSize rows of the
  // current morsel; returns false (and leaves chunk empty) when the morsel is exhausted. Throws
  // Error(kInvalidInput) with file:line:column on malformed input unless errors are ignored.
  virtual bool ReadChunk(LocalState& state, exec::DataChunk& chunk) const = 0;

  // Estimated total rows (for planning); nullopt when unknown.
  virtual std::optional<uint64_t> EstimatedRows() const = 0;
  // Fraction of the input consumed so far, in [0,1]. Thread-safe.
  virtual double Progress() const = 0;
  // Rows skipped because of errors (ignore_errors=true). Thread-safe.
  virtual uint64_t RejectedRows() const { return 0; }
  // Hands every rejected row to 'handler' besides counting it (ingest's quarantine). Call before
  // scanning. Formats that cannot describe their rejected rows ignore it.
  virtual void SetRejectHandler(RejectHandler handler) {}
  // Human description for EXPLAIN: "read_csv('x.csv', 3 files, delim=',')".
  virtual std::string Describe() const = 0;
  // What skipping did, for EXPLAIN and EXPLAIN ANALYZE: "files: scanned 2 of 10, row groups:
  // scanned 2 of 10"; empty when the source does not skip.
  virtual std::string PruningSummary() const { return {}; }
};

}  // namespace tarn::format
