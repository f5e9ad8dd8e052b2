#include "sql/planner/explain.h"

#include <fmt/format.h>

namespace tarn::sql {

namespace {

void Render(const exec::PhysicalOperator& op, size_t depth, std::string& out) {
  std::string indent(depth * 2, ' ');
  out += fmt::format("{}{}  ~{} rows\n", indent, op.name(), op.estimated_cardinality());
  std::string params = op.ParamsToString();
  size_t start = 0;
  while (start < params.size()) {
    size_t end = params.find('\n', start);
    if (end == std::string::npos) end = params.size();
    if (end > start) out += indent + "    " + params.substr(start, end - start) + '\n';
    start = end + 1;
  }
  for (const auto& child : op.children()) Render(*child, depth + 1, out);
}

}  // namespace

std::string RenderPhysicalPlan(const exec::PhysicalOperator& root) {
  std::string out;
  Render(root, 0, out);
  return out;
}

}  // namespace tarn::sql
