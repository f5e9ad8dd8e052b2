// The names visible while binding one SELECT block: the columns of its FROM items, each with the
// alias of the item it came from, mapped to positions in the FROM plan's output.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/logical_type.h"

namespace tarn::sql {

struct ScopeColumn {
  std::string table;  // alias or name of the FROM item ("" for none)
  std::string name;
  LogicalType type;
  size_t index = 0;  // position in the FROM plan's output
  // Merged away by USING/NATURAL: reachable only qualified (t.x), not by 'x' or '*'.
  bool hidden = false;
  // Non-empty: a column of a lake table the principal may not read ("d.t.c"). It is never part of
  // '*' and naming it throws Error(kPermissionDenied) "permission denied: column d.t.c"; 'index'
  // means nothing.
  std::string denied;
};

class BindScope {
 public:
  void Add(ScopeColumn column) { columns_.push_back(std::move(column)); }
  const std::vector<ScopeColumn>& columns() const { return columns_; }
  std::vector<ScopeColumn>& columns() { return columns_; }

  // Resolves [qualifier..., name]. Returns the scope column, or nullptr when no column matches.
  // Throws Error(kBinderError) "column reference \"x\" is ambiguous" at 'query_offset', and
  // Error(kPermissionDenied) when the column it names is denied.
  const ScopeColumn* Find(const std::vector<std::string>& names, int64_t query_offset) const;
  // True when some FROM item is called 'table'.
  bool HasTable(const std::string& table) const;
  // The columns '*' (table empty) or 't.*' expands to, in FROM order (USING columns first); never
  // denied ones.
  std::vector<const ScopeColumn*> Expand(const std::string& table) const;
  // Up to 'limit' visible column names closest to 'name' (for "does not exist" hints).
  std::vector<std::string> Candidates(const std::string& name, size_t limit) const;

 private:
  std::vector<ScopeColumn> columns_;
};

// Edit distance (for "did you mean" hints).
size_t EditDistance(const std::string& a, const std::string& b);
// Case-insensitive equality of identifiers.
bool EqualsIgnoreCase(const std::string& a, const std::string& b);

}  // namespace tarn::sql
