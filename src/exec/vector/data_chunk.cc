#include "exec/vector/data_chunk.h"

#include <cstring>

#include "exec/vector/value.h"

namespace tarn::exec {

void DataChunk::Initialize(const std::vector<LogicalType>& types) {
  columns_.clear();
  columns_.reserve(types.size());
  for (const auto& type : types) columns_.emplace_back(type);
  row_count_ = 0;
  selection_ = nullptr;
  selected_count_ = 0;
  morsel_index_ = -1;
}

void DataChunk::Reset() {
  for (auto& column : columns_) column.Reset();
  row_count_ = 0;
  selection_ = nullptr;
  selected_count_ = 0;
  morsel_index_ = -1;
}

std::vector<LogicalType> DataChunk::types() const {
  std::vector<LogicalType> result;
  result.reserve(columns_.size());
  for (const auto& column : columns_) result.push_back(column.type());
  return result;
}

void DataChunk::SetSelection(const uint32_t* sel, size_t count) {
  if (sel != owned_selection_.data()) std::memmove(owned_selection_.data(), sel, count * sizeof(uint32_t));
  selection_ = owned_selection_.data();
  selected_count_ = count;
}

void DataChunk::Compact() {
  if (selection_ == nullptr) {
    for (auto& column : columns_) column.Flatten(row_count_);
    return;
  }
  size_t count = selected_count_;
  for (auto& column : columns_) {
    Vector dense(column.type());
    dense.CopyFrom(column, selection_, count);
    column = std::move(dense);
  }
  row_count_ = count;
  selection_ = nullptr;
  selected_count_ = 0;
}

void DataChunk::Reference(const DataChunk& other) {
  if (columns_.size() != other.columns_.size()) {
    columns_.clear();
    columns_.resize(other.columns_.size());
  }
  for (size_t i = 0; i < columns_.size(); ++i) columns_[i].Reference(other.columns_[i]);
  row_count_ = other.row_count_;
  morsel_index_ = other.morsel_index_;
  if (other.selection_ != nullptr) {
    SetSelection(other.selection_, other.selected_count_);
  } else {
    selection_ = nullptr;
    selected_count_ = 0;
  }
}

std::string DataChunk::ToString() const {
  std::string out;
  for (size_t i = 0; i < size(); ++i) {
    uint32_t row = RowIndex(i);
    for (size_t c = 0; c < columns_.size(); ++c) {
      if (c > 0) out += '|';
      out += columns_[c].GetValue(row).ToString();
    }
    out += '\n';
  }
  return out;
}

}  // namespace tarn::exec
