// The session's in-memory catalog of tables and views, as the binder sees it. (The persistent
// catalog of the lake plugs in here later.)
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sql/parser/ast.h"
#include "sql/planner/logical_operator.h"

namespace tarn::sql {

struct ViewEntry {
  std::vector<std::string> column_names;  // optional renames
  std::unique_ptr<QueryNode> query;
  std::string query_text;
};

// Not thread-safe: owned by one Session. Names are lower case.
struct SessionCatalog {
  std::map<std::string, std::shared_ptr<MaterializedTable>> tables;
  std::map<std::string, std::shared_ptr<ViewEntry>> views;
};

}  // namespace tarn::sql
