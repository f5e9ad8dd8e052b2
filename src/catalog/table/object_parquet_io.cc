#include "catalog/table/object_parquet_io.h"

#include <cstring>

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::catalog {
namespace {

class ObjectParquetInput final : public format::parquet::ParquetInput {
 public:
  ObjectParquetInput(storage::ObjectStore& store, std::string key)
      : store_(store), key_(std::move(key)) {
    auto info = store_.Head(key_);
    if (!info) throw Error(ErrorCode::kNotFound, fmt::format("data file {} is missing", key_));
    size_ = info->size;
  }

  const std::string& name() const override { return key_; }
  uint64_t size() const override { return size_; }

  void ReadAt(uint64_t offset, uint64_t length, Buffer& out) const override {
    auto bytes = store_.Get(key_, storage::ByteRange{offset, length});
    if (!bytes) throw Error(ErrorCode::kNotFound, fmt::format("data file {} is missing", key_));
    if (bytes->size() != length) {
      throw Error(ErrorCode::kIoError,
                  fmt::format("cannot read {}: {} bytes at offset {} but the object ended after {}",
                              key_, length, offset, bytes->size()));
    }
    if (bytes->capacity() >= length + 8) {
      out = std::move(*bytes);
    } else {
      out.Resize(length + 8);  // slack for word-sized loads at the end
      if (length > 0) std::memcpy(out.data(), bytes->data(), length);
      out.Resize(length);
    }
    CountRead(length);
  }

 private:
  storage::ObjectStore& store_;
  std::string key_;
  uint64_t size_ = 0;
};

class ObjectParquetOutput final : public format::parquet::ParquetOutput {
 public:
  ObjectParquetOutput(storage::ObjectStore& store, std::string key)
      : key_(std::move(key)), writer_(store.NewWriter(key_, /*if_absent=*/true)) {}
  ~ObjectParquetOutput() override { Abort(); }

  const std::string& name() const override { return key_; }

  void Write(std::string_view bytes) override {
    writer_->Write(storage::ByteSpan(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }

  void Commit() override {
    done_ = true;
    if (!writer_->Commit()) {
      throw Error(ErrorCode::kConflict, fmt::format("data file {} already exists", key_));
    }
  }

  void Abort() noexcept override {
    if (!done_) writer_->Abort();
    done_ = true;
  }

 private:
  std::string key_;
  std::unique_ptr<storage::ObjectWriter> writer_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<format::parquet::ParquetInput> OpenObjectParquetInput(storage::ObjectStore& store,
                                                                      std::string key) {
  return std::make_unique<ObjectParquetInput>(store, std::move(key));
}

std::unique_ptr<format::parquet::ParquetOutput> OpenObjectParquetOutput(storage::ObjectStore& store,
                                                                        std::string key) {
  return std::make_unique<ObjectParquetOutput>(store, std::move(key));
}

}  // namespace tarn::catalog
