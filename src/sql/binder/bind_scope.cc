#include "sql/binder/bind_scope.h"

#include <algorithm>
#include <cctype>

#include "common/error.h"

namespace tarn::sql {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = previous[j - 1] + (std::tolower(static_cast<unsigned char>(a[i - 1])) !=
                                               std::tolower(static_cast<unsigned char>(b[j - 1])));
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

const ScopeColumn* BindScope::Find(const std::vector<std::string>& names,
                                   int64_t query_offset) const {
  if (names.empty()) return nullptr;
  const std::string& name = names.back();
  const std::string* table = names.size() >= 2 ? &names[names.size() - 2] : nullptr;
  // Exact spelling first, then case-insensitive (CSV headers keep their case).
  for (int pass = 0; pass < 2; ++pass) {
    const ScopeColumn* found = nullptr;
    for (const auto& column : columns_) {
      bool name_matches = pass == 0 ? column.name == name : EqualsIgnoreCase(column.name, name);
      if (!name_matches) continue;
      if (table != nullptr) {
        if (!(pass == 0 ? column.table == *table : EqualsIgnoreCase(column.table, *table))) continue;
      } else if (column.hidden) {
        continue;
      }
      if (found != nullptr) {
        std::string text = table != nullptr ? *table + "." + name : name;
        throw Error(ErrorCode::kBinderError, "column reference \"" + text + "\" is ambiguous")
            .AtQueryOffset(query_offset);
      }
      found = &column;
    }
    if (found != nullptr && !found->denied.empty()) {
      throw Error(ErrorCode::kPermissionDenied, "permission denied: column " + found->denied)
          .AtQueryOffset(query_offset);
    }
    if (found != nullptr) return found;
  }
  return nullptr;
}

bool BindScope::HasTable(const std::string& table) const {
  return std::any_of(columns_.begin(), columns_.end(), [&](const ScopeColumn& column) {
    return column.table == table || EqualsIgnoreCase(column.table, table);
  });
}

std::vector<const ScopeColumn*> BindScope::Expand(const std::string& table) const {
  std::vector<const ScopeColumn*> result;
  for (const auto& column : columns_) {
    if (!column.denied.empty()) continue;
    if (table.empty()) {
      if (!column.hidden) result.push_back(&column);
    } else if (column.table == table || EqualsIgnoreCase(column.table, table)) {
      result.push_back(&column);
    }
  }
  return result;
}

std::vector<std::string> BindScope::Candidates(const std::string& name, size_t limit) const {
  std::vector<std::pair<size_t, std::string>> scored;
  for (const auto& column : columns_) {
    if (column.hidden || !column.denied.empty()) continue;
    std::string text = column.name;
    if (std::any_of(scored.begin(), scored.end(), [&](const auto& s) { return s.second == text; })) {
      continue;
    }
    scored.emplace_back(EditDistance(name, column.name), text);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> result;
  for (size_t i = 0; i < scored.size() && i < limit; ++i) result.push_back(scored[i].second);
  return result;
}

}  // namespace tarn::sql
