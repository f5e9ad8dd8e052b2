#include "format/json/json_schema.h"

#include "format/type_detection.h"

namespace tarn::format::json {

void JsonSchemaBuilder::Observe(std::string_view key, uint8_t kind, std::string_view text) {
  auto found = index_.find(std::string(key));
  size_t index;
  if (found == index_.end()) {
    index = states_.size();
    index_.emplace(std::string(key), index);
    states_.push_back({std::string(key)});
  } else {
    index = found->second;
  }
  ColumnState& state = states_[index];
  state.kinds |= kind;
  if (kind == kJsonString) {
    if (state.all_dates && !TextFitsType(text, TypeId::kDate)) state.all_dates = false;
    if (state.all_timestamps && !TextFitsType(text, TypeId::kTimestamp)) state.all_timestamps = false;
  }
}

std::vector<JsonColumn> JsonSchemaBuilder::Columns() const {
  std::vector<JsonColumn> columns;
  columns.reserve(states_.size());
  for (const ColumnState& state : states_) {
    JsonColumn column{state.name, TypeId::kVarchar, false};
    switch (state.kinds) {
      case 0: break;
      case kJsonBoolean: column.type = TypeId::kBoolean; break;
      case kJsonInteger: column.type = TypeId::kBigint; break;
      case kJsonDouble:
      case kJsonInteger | kJsonDouble: column.type = TypeId::kDouble; break;
      case kJsonString:
        if (state.all_dates) {
          column.type = TypeId::kDate;
        } else if (state.all_timestamps) {
          column.type = TypeId::kTimestamp;
        }
        break;
      default: column.json_text = true; break;
    }
    columns.push_back(std::move(column));
  }
  return columns;
}

}  // namespace tarn::format::json
