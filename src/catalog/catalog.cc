#include "catalog/catalog.h"

#include <set>

#include "catalog/schema_evolution.h"

namespace tarn::catalog {

std::string_view SensitivityName(Sensitivity sensitivity) {
  switch (sensitivity) {
    case Sensitivity::kPublic:
      return "public";
    case Sensitivity::kInternal:
      return "internal";
    case Sensitivity::kConfidential:
      return "confidential";
    case Sensitivity::kPii:
      return "pii";
  }
  return "public";
}

std::optional<Sensitivity> ParseSensitivity(std::string_view name) {
  std::string lower = LowerName(name);
  for (Sensitivity sensitivity : {Sensitivity::kPublic, Sensitivity::kInternal,
                                  Sensitivity::kConfidential, Sensitivity::kPii}) {
    if (lower == SensitivityName(sensitivity)) return sensitivity;
  }
  return std::nullopt;
}

std::vector<std::string> Catalog::ReferencedKeys(int64_t table_id) {
  std::set<std::string> keys;
  for (const Snapshot& snapshot : SnapshotHistory(table_id)) {
    for (DataFile& file : SnapshotFiles(table_id, snapshot.id)) keys.insert(std::move(file.key));
  }
  return {keys.begin(), keys.end()};
}

}  // namespace tarn::catalog
