#include "ingest/stream/stream_manager.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include <fmt/format.h>

#include "catalog/lake.h"
#include "common/error.h"
#include "ingest/stream/stream_buffer.h"
#include "ingest/stream/stream_definition_store.h"
#include "ingest/stream/stream_delivery.h"
#include "ingest/stream/stream_record_parser.h"
#include "storage/wal/wal.h"

namespace tarn::ingest {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kInitialBackoff = std::chrono::milliseconds(100);
constexpr auto kMaxBackoff = std::chrono::seconds(30);
constexpr int kRateSeconds = 10;

int64_t NowUnixMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<const StreamSchema> MakeSchema(const StreamDefinition& definition) {
  auto schema = std::make_shared<StreamSchema>();
  schema->record_columns = definition.columns;
  schema->table_columns = StreamTableColumns(definition);
  for (const auto& column : schema->table_columns) schema->table_types.push_back(column.type);
  schema->arrival_partitions = definition.partitioning == StreamPartitioning::kArrivalTime;
  return schema;
}

}  // namespace

// One stream. 'mutex' guards the definition, schema, buffer and counters; 'delivery_mutex'
// serializes deliveries (the delivery thread and Flush) and guards the delivery state. Lock order:
// delivery_mutex before mutex.
struct ManagedStream {
  std::string name;
  std::unique_ptr<storage::Wal> wal;

  mutable std::mutex mutex;
  std::condition_variable inserted;  // a batch was buffered (Flush waits for contiguity)
  StreamDefinition definition;
  std::shared_ptr<const StreamSchema> schema;  // null until the first batch (inferred schema)
  std::unique_ptr<ChunkPool> pool;
  std::vector<std::unique_ptr<StreamRecordParser>> parsers;  // idle parsers of 'schema'
  StreamBuffer buffer;
  uint64_t total_records = 0, total_bytes = 0, error_records = 0, deliveries = 0, failures = 0;
  int64_t last_delivery_unix_micros = 0, last_delivery_snapshot = 0;
  std::string last_error;
  int64_t rate_second[kRateSeconds] = {};  // accepted records per unix second, ring
  uint64_t rate_count[kRateSeconds] = {};
  bool flush_requested = false;
  Clock::time_point retry_at{};
  Clock::duration backoff = kInitialBackoff;
  uint64_t delivered_sequence = 0;  // min of the two watermarks, for Status

  std::mutex delivery_mutex;
  uint64_t delivered_rows = 0;    // watermark committed with the table
  uint64_t delivered_errors = 0;  // watermark committed with the error table
  std::optional<catalog::TableInfo> table, error_table;

  // Sets the schema (caller holds 'mutex').
  void SetSchema(std::shared_ptr<const StreamSchema> known) {
    schema = std::move(known);
    pool = std::make_unique<ChunkPool>(schema->table_types);
  }
  std::unique_ptr<StreamRecordParser> AcquireParser() {
    std::lock_guard lock(mutex);
    if (parsers.empty()) return std::make_unique<StreamRecordParser>(schema);
    auto parser = std::move(parsers.back());
    parsers.pop_back();
    return parser;
  }
  void ReleaseParser(std::unique_ptr<StreamRecordParser> parser) {
    std::lock_guard lock(mutex);
    parsers.push_back(std::move(parser));
  }
};

struct StreamManager::Impl {
  StreamManagerOptions options;
  std::shared_ptr<catalog::Lake> lake;
  const storage::Keyring& keyring;
  StreamDefinitionStore store;

  mutable std::shared_mutex streams_mutex;  // guards 'streams' (the map, not the streams)
  std::map<std::string, std::shared_ptr<ManagedStream>> streams;
  std::atomic<uint64_t> buffered_bytes{0};  // all streams
  std::atomic<bool> closed{false};

  std::mutex delivery_wake_mutex;
  std::condition_variable delivery_wake;
  bool stopping = false;  // guarded by delivery_wake_mutex
  std::thread delivery_thread;

  Impl(StreamManagerOptions manager_options, std::shared_ptr<catalog::Lake> opened_lake,
       const storage::Keyring& lake_keyring)
      : options(std::move(manager_options)),
        lake(std::move(opened_lake)),
        keyring(lake_keyring),
        store(options.data_dir) {}

  std::shared_ptr<ManagedStream> Find(const std::string& name) const {
    std::shared_lock lock(streams_mutex);
    auto found = streams.find(name);
    if (found == streams.end()) throw Error(ErrorCode::kNotFound, fmt::format("stream '{}' does not exist", name));
    return found->second;
  }
  std::unique_ptr<storage::Wal> OpenWal(const std::string& name) const {
    storage::WalOptions wal_options;
    wal_options.size_limit = options.wal_size_limit;
    // Trim keeps the newest segment: segments well below the limit let delivery make room.
    wal_options.segment_size = std::clamp<uint64_t>(options.wal_size_limit / 8, 4096, uint64_t{64} << 20);
    wal_options.sync = options.sync;
    return storage::Wal::Open(options.data_dir, name, keyring, wal_options);
  }
  void Recover(const std::shared_ptr<ManagedStream>& stream);
  std::shared_ptr<const StreamSchema> EnsureSchema(ManagedStream& stream, StreamBodySplitter& splitter,
                                                   const std::vector<RecordSlice>& records);
  void Insert(ManagedStream& stream, std::unique_ptr<StreamBatch> batch);
  int64_t Deliver(ManagedStream& stream, bool rethrow);
  void EnsureTables(ManagedStream& stream, const StreamSchema& schema);
  StreamStatus StatusOf(const ManagedStream& stream) const;
  void DeliveryLoop();
  void Wake() {
    std::lock_guard lock(delivery_wake_mutex);
    delivery_wake.notify_one();
  }
};

// --- recovery

void StreamManager::Impl::Recover(const std::shared_ptr<ManagedStream>& stream) {
  catalog::Catalog& catalog = *lake->catalog;
  const StreamDefinition& definition = stream->definition;
  if (auto table = catalog.FindTable(definition.database, definition.table)) {
    stream->table = table;
    stream->delivered_rows = CommittedWatermark(catalog, table->id, stream->name);
  }
  if (auto table = catalog.FindTable(definition.database, definition.table + "__errors")) {
    stream->error_table = table;
    stream->delivered_errors = CommittedWatermark(catalog, table->id, stream->name);
  }
  uint64_t last = stream->wal->next_sequence() - 1;
  uint64_t committed = std::max(stream->delivered_rows, stream->delivered_errors);
  if (last < committed) {
    throw Error(ErrorCode::kCorrupt,
                fmt::format("the write-ahead log of stream '{}' ends at record {} but the lake holds its records "
                            "up to {}: the log was lost or replaced",
                            stream->name, last, committed));
  }
  uint64_t from = std::min(stream->delivered_rows, stream->delivered_errors) + 1;
  stream->delivered_sequence = from - 1;
  bool first = true;
  if (from <= last) {
    if (!stream->schema) {
      throw Error(ErrorCode::kCorrupt,
                  fmt::format("stream '{}' has undelivered records but no schema in its definition", stream->name));
    }
    StreamRecordParser parser(stream->schema);
    std::vector<RecordSlice> records;
    // Tiny buffers are not honoured while replaying (a delivery per few records would make
    // recovery slow); memory stays bounded by a sixteenth of max_buffered_bytes.
    uint64_t recovery_buffer_bytes = std::max(stream->definition.buffer_bytes, options.max_buffered_bytes / 16);
    stream->wal->Replay(from, [&](uint64_t sequence, std::string_view payload) {
      auto batch = std::make_unique<StreamBatch>();
      batch->sequence = sequence;
      parser.DecodePayload(payload, sequence, *batch, records);
      parser.Convert(records, *stream->pool, *batch, nullptr);
      if (sequence <= stream->delivered_rows) {
        stream->pool->ReleaseAll(*batch);
        batch->rows = 0;
      }
      if (sequence <= stream->delivered_errors) batch->errors.clear();
      if (first) {
        stream->buffer.SetBase(sequence - 1);
        first = false;
      }
      buffered_bytes += batch->bytes;
      stream->buffer.Insert(std::move(batch), Clock::now());
      // Deliver as the log is read, so a long undelivered log never has to fit in memory (Trim
      // from here is safe: Replay holds no lock during the callback and has read the segments
      // Trim may delete).
      if (stream->buffer.bytes() >= recovery_buffer_bytes) Deliver(*stream, /*rethrow=*/false);
    });
  }
  if (first) stream->buffer.SetBase(last);
  TARN_CHECK(stream->buffer.contiguous_sequence() == last);
}

std::unique_ptr<StreamManager> StreamManager::Open(StreamManagerOptions options,
                                                   std::shared_ptr<catalog::Lake> lake,
                                                   const storage::Keyring& keyring) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(lake), keyring);
  for (StreamDefinition& definition : impl->store.LoadAll()) {
    ValidateStreamDefinition(definition);
    auto stream = std::make_shared<ManagedStream>();
    stream->name = definition.name;
    stream->definition = std::move(definition);
    if (!stream->definition.columns.empty()) stream->SetSchema(MakeSchema(stream->definition));
    stream->wal = impl->OpenWal(stream->name);
    impl->Recover(stream);
    impl->streams.emplace(stream->name, std::move(stream));
  }
  Impl* raw = impl.get();
  impl->delivery_thread = std::thread([raw] { raw->DeliveryLoop(); });
  return std::unique_ptr<StreamManager>(new StreamManager(std::move(impl)));
}

StreamManager::StreamManager(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

StreamManager::~StreamManager() { Close(); }

namespace {

// Puts and Creates after Close: the server is shutting down, which is no fault of the request:
// kOutOfMemory (53xxx, insufficient resources) answers 503 like a full WAL, and a retry reaches
// the next server.
[[noreturn]] void ThrowClosed() {
  throw Error(ErrorCode::kOutOfMemory, "the server is shutting down (the stream manager is closed)");
}

}  // namespace

// --- create, list, status

void StreamManager::Impl::EnsureTables(ManagedStream& stream, const StreamSchema& schema) {
  if (!stream.table) stream.table = EnsureStreamTable(*lake->catalog, stream.definition, schema.table_columns);
  if (!stream.error_table) stream.error_table = EnsureStreamErrorTable(*lake->catalog, stream.definition);
}

StreamStatus StreamManager::Create(StreamDefinition definition, const std::string& principal) {
  if (impl_->closed) ThrowClosed();
  ValidateStreamDefinition(definition);
  definition.created_by = principal;
  definition.created_unix_seconds = NowUnixMicros() / 1'000'000;
  std::unique_lock lock(impl_->streams_mutex);
  if (impl_->streams.count(definition.name)) {
    throw Error(ErrorCode::kConflict, fmt::format("stream '{}' already exists", definition.name));
  }
  auto stream = std::make_shared<ManagedStream>();
  stream->name = definition.name;
  stream->definition = definition;
  stream->wal = impl_->OpenWal(stream->name);
  if (stream->wal->next_sequence() != 1) {
    throw Error(ErrorCode::kConflict,
                fmt::format("stream '{}' has an old write-ahead log in {}; remove it first", definition.name,
                            stream->wal->directory()));
  }
  stream->buffer.SetBase(0);
  if (!definition.columns.empty()) {
    stream->SetSchema(MakeSchema(definition));
    std::lock_guard delivery(stream->delivery_mutex);
    impl_->EnsureTables(*stream, *stream->schema);
  }
  impl_->store.Save(definition);
  impl_->streams.emplace(stream->name, stream);
  return impl_->StatusOf(*stream);
}

std::vector<StreamStatus> StreamManager::List() const {
  std::vector<std::shared_ptr<ManagedStream>> streams;
  {
    std::shared_lock lock(impl_->streams_mutex);
    for (const auto& [name, stream] : impl_->streams) streams.push_back(stream);
  }
  std::vector<StreamStatus> statuses;
  for (const auto& stream : streams) statuses.push_back(impl_->StatusOf(*stream));
  return statuses;
}

StreamStatus StreamManager::Status(const std::string& name) const { return impl_->StatusOf(*impl_->Find(name)); }

StreamStatus StreamManager::Impl::StatusOf(const ManagedStream& stream) const {
  StreamStatus status;
  std::lock_guard lock(stream.mutex);
  status.definition = stream.definition;
  status.buffered_records = stream.buffer.records();
  status.buffered_bytes = stream.buffer.bytes();
  int64_t now = NowUnixMicros() / 1'000'000;
  uint64_t recent = 0;
  for (int i = 0; i < kRateSeconds; ++i) {
    if (stream.rate_second[i] > now - kRateSeconds && stream.rate_second[i] <= now) recent += stream.rate_count[i];
  }
  status.records_per_second = static_cast<double>(recent) / kRateSeconds;
  status.total_records = stream.total_records;
  status.total_bytes = stream.total_bytes;
  status.error_records = stream.error_records;
  status.deliveries = stream.deliveries;
  status.last_delivery_unix_micros = stream.last_delivery_unix_micros;
  status.last_delivery_snapshot = stream.last_delivery_snapshot;
  status.last_error = stream.last_error;
  status.wal_bytes = stream.wal->stats().bytes;
  status.delivered_sequence = stream.delivered_sequence;
  return status;
}

// --- put

std::shared_ptr<const StreamSchema> StreamManager::Impl::EnsureSchema(ManagedStream& stream, StreamBodySplitter& splitter,
                                                                      const std::vector<RecordSlice>& records) {
  std::lock_guard lock(stream.mutex);
  if (stream.schema) return stream.schema;
  StreamDefinition definition = stream.definition;
  definition.columns =
      splitter.Infer(records, definition.partitioning == StreamPartitioning::kArrivalTime);
  if (definition.columns.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("cannot infer the schema of stream '{}': the first batch's records have no fields",
                            stream.name));
  }
  ValidateStreamDefinition(definition);  // e.g. a partition field the records lack
  auto schema = MakeSchema(definition);
  // The tables now, so they are visible before the first delivery (which looks them up again;
  // taking delivery_mutex here would invert the lock order of Deliver).
  EnsureStreamTable(*lake->catalog, definition, schema->table_columns);
  EnsureStreamErrorTable(*lake->catalog, definition);
  store.Save(definition);  // before any record that needs the schema is in the log
  stream.definition = std::move(definition);
  stream.SetSchema(schema);
  return schema;
}

void StreamManager::Impl::Insert(ManagedStream& stream, std::unique_ptr<StreamBatch> batch) {
  uint64_t bytes = batch->bytes;
  uint64_t accepted = batch->rows;
  bool full;
  {
    std::lock_guard lock(stream.mutex);
    stream.total_records += accepted;
    stream.total_bytes += bytes;
    stream.error_records += batch->errors.size();
    int64_t second = batch->arrival_unix_micros / 1'000'000;
    int slot = static_cast<int>(second % kRateSeconds);
    if (stream.rate_second[slot] != second) {
      stream.rate_second[slot] = second;
      stream.rate_count[slot] = 0;
    }
    stream.rate_count[slot] += accepted;
    stream.buffer.Insert(std::move(batch), Clock::now());
    full = stream.buffer.bytes() >= stream.definition.buffer_bytes;
  }
  buffered_bytes += bytes;
  stream.inserted.notify_all();
  if (full) Wake();
}

PutResult StreamManager::Put(const std::string& name, std::string_view body, const std::string& principal) {
  Impl& impl = *impl_;
  const StreamManagerOptions& options = impl.options;
  std::shared_ptr<ManagedStream> stream = impl.Find(name);
  if (impl.closed) ThrowClosed();
  if (body.size() > options.max_bytes_per_put) {
    throw Error(ErrorCode::kInvalidArgument,
                fmt::format("the request body is {} bytes, over max_bytes_per_put = {}", body.size(),
                            options.max_bytes_per_put));
  }
  uint64_t buffered = impl.buffered_bytes.load(std::memory_order_relaxed);
  if (buffered >= options.max_buffered_bytes) {
    throw Error(ErrorCode::kOutOfMemory,
                fmt::format("stream buffers are full ({} bytes buffered, max_buffered_bytes = {}): retry after "
                            "delivery",
                            buffered, options.max_buffered_bytes));
  }
  thread_local StreamBodySplitter splitter;
  thread_local std::vector<RecordSlice> records;
  PutResult result;
  splitter.Split(body, options.max_records_per_put, records, result);
  if (records.empty()) return result;
  std::shared_ptr<const StreamSchema> schema = impl.EnsureSchema(*stream, splitter, records);

  auto batch = std::make_unique<StreamBatch>();
  batch->arrival_unix_micros = NowUnixMicros();
  batch->principal = principal;
  std::unique_ptr<StreamRecordParser> parser = stream->AcquireParser();
  uint64_t sequence;
  try {
    parser->Convert(records, *stream->pool, *batch, &result);
    if (batch->rows == 0 && batch->errors.empty()) {
      stream->ReleaseParser(std::move(parser));
      return result;
    }
    std::string_view payload = parser->EncodePayload(records, *batch);
    try {
      sequence = stream->wal->Append(std::span<const std::string_view>(&payload, 1));
    } catch (const Error& error) {
      if (error.code() != ErrorCode::kOutOfMemory) throw;
      throw Error(ErrorCode::kOutOfMemory, fmt::format("stream write-ahead log is full: {}", error.message()));
    }
  } catch (...) {
    stream->pool->ReleaseAll(*batch);
    stream->ReleaseParser(std::move(parser));
    throw;
  }
  stream->ReleaseParser(std::move(parser));
  batch->sequence = sequence;
  for (RecordResult& record : result.records) {
    if (record.error_code.empty() || record.error_code == kSchemaMismatch) record.sequence = sequence;
  }
  impl.Insert(*stream, std::move(batch));
  return result;
}

// --- delivery

int64_t StreamManager::Impl::Deliver(ManagedStream& stream, bool rethrow) {
  std::lock_guard delivery(stream.delivery_mutex);
  DeliveryScope scope;
  scope.stream = stream.name;
  std::shared_ptr<const StreamSchema> schema;
  {
    std::lock_guard lock(stream.mutex);
    stream.flush_requested = false;
    if (!stream.buffer.has_ready()) return 0;
    scope.batches = stream.buffer.Ready();
    scope.watermark = scope.batches.back()->sequence;
    schema = stream.schema;
  }
  int64_t snapshot = 0;
  try {
    EnsureTables(stream, *schema);
    format::parquet::Codec codec = StreamCodec(stream.definition.compression);
    if (stream.delivered_rows < scope.watermark) {
      int64_t committed = DeliverRows(*lake, *stream.table, schema->table_columns, codec, scope, stream.delivered_rows);
      if (committed != 0) {
        snapshot = committed;
        stream.delivered_rows = scope.watermark;
      }
    }
    StreamCrashPoint("between_commits");
    if (stream.delivered_errors < scope.watermark) {
      int64_t committed = DeliverErrorRows(*lake, *stream.error_table, codec, scope, stream.delivered_errors);
      if (committed != 0) {
        if (snapshot == 0) snapshot = committed;
        stream.delivered_errors = scope.watermark;
      }
    }
  } catch (const std::exception& error) {
    stream.table.reset();  // looked up again next time (e.g. the table was dropped meanwhile)
    stream.error_table.reset();
    {
      std::lock_guard lock(stream.mutex);
      stream.last_error = error.what();
      ++stream.failures;
      stream.retry_at = Clock::now() + stream.backoff;
      stream.backoff = std::min<Clock::duration>(stream.backoff * 2, kMaxBackoff);
    }
    if (rethrow) throw;
    return 0;
  }
  // Every record up to the watermark is now in the table or the error table it belongs to.
  std::vector<std::unique_ptr<StreamBatch>> taken;
  uint64_t bytes = 0;
  {
    std::lock_guard lock(stream.mutex);
    taken = stream.buffer.TakeUpTo(scope.watermark);
    for (const auto& batch : taken) bytes += batch->bytes;
    ++stream.deliveries;
    stream.last_delivery_unix_micros = NowUnixMicros();
    if (snapshot != 0) stream.last_delivery_snapshot = snapshot;
    stream.last_error.clear();
    stream.backoff = kInitialBackoff;
    stream.retry_at = {};
    stream.delivered_sequence = scope.watermark;
  }
  buffered_bytes -= bytes;
  for (auto& batch : taken) stream.pool->ReleaseAll(*batch);
  try {
    stream.wal->Trim(scope.watermark);
  } catch (const std::exception& error) {
    std::lock_guard lock(stream.mutex);
    stream.last_error = fmt::format("trimming the write-ahead log failed: {}", error.what());
  }
  return snapshot;
}

void StreamManager::Impl::DeliveryLoop() {
  while (true) {
    std::vector<std::shared_ptr<ManagedStream>> all;
    {
      std::shared_lock lock(streams_mutex);
      for (const auto& [name, stream] : streams) all.push_back(stream);
    }
    Clock::time_point now = Clock::now();
    Clock::time_point next = now + std::chrono::seconds(1);
    for (const auto& stream : all) {
      bool due = false;
      {
        std::lock_guard lock(stream->mutex);
        if (!stream->buffer.has_ready()) continue;
        auto age_limit = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(stream->definition.buffer_seconds));
        Clock::time_point aged = stream->buffer.oldest_ready() + age_limit;
        if (now < stream->retry_at) {
          next = std::min(next, stream->retry_at);
        } else if (stream->flush_requested || stream->buffer.bytes() >= stream->definition.buffer_bytes ||
                   now >= aged) {
          due = true;
        } else {
          next = std::min(next, aged);
        }
      }
      if (due) {
        Deliver(*stream, /*rethrow=*/false);
        next = now;  // look again at once: more may be due
      }
    }
    std::unique_lock lock(delivery_wake_mutex);
    if (stopping) return;
    if (next > Clock::now()) delivery_wake.wait_until(lock, next);
    if (stopping) return;
  }
}

int64_t StreamManager::Flush(const std::string& name) {
  std::shared_ptr<ManagedStream> stream = impl_->Find(name);
  {
    // Wait until every batch acknowledged before the call is ready (a Put between its WAL append
    // and its buffer insert finishes in microseconds).
    std::unique_lock lock(stream->mutex);
    uint64_t target = stream->buffer.max_sequence();
    stream->inserted.wait(lock, [&] { return stream->buffer.contiguous_sequence() >= target; });
  }
  return impl_->Deliver(*stream, /*rethrow=*/true);
}

void StreamManager::Close() {
  if (impl_->closed.exchange(true)) return;
  {
    std::lock_guard lock(impl_->delivery_wake_mutex);
    impl_->stopping = true;
    impl_->delivery_wake.notify_one();
  }
  if (impl_->delivery_thread.joinable()) impl_->delivery_thread.join();
  std::vector<std::shared_ptr<ManagedStream>> all;
  {
    std::shared_lock lock(impl_->streams_mutex);
    for (const auto& [name, stream] : impl_->streams) all.push_back(stream);
  }
  for (const auto& stream : all) impl_->Deliver(*stream, /*rethrow=*/false);
}

StreamManager::Totals StreamManager::totals() const {
  Totals totals;
  std::shared_lock lock(impl_->streams_mutex);
  for (const auto& [name, stream] : impl_->streams) {
    std::lock_guard stream_lock(stream->mutex);
    totals.records += stream->total_records;
    totals.bytes += stream->total_bytes;
    totals.error_records += stream->error_records;
    totals.deliveries += stream->deliveries;
    totals.delivery_failures += stream->failures;
    totals.buffered_bytes += stream->buffer.bytes();
    totals.wal_bytes += stream->wal->stats().bytes;
  }
  return totals;
}

}  // namespace tarn::ingest
