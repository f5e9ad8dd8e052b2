#include "sql/planner/explain.h"

#include <fmt/format.h>

namespace tarn::sql {

namespace {

void Render(const exec::PhysicalOperator& op, size_t depth, bool estimates, std::string& out) {
  std::string indent(depth * 2, ' ');
  if (estimates) {
    out += fmt::format("{}{}  ~{} rows\n", indent, op.name(), op.estimated_cardinality());
  } else {
    out += fmt::format("{}{}\n", indent, op.name());
  }
  std::string params = op.ParamsToString();
  size_t start = 0;
  while (start < params.size()) {
    size_t end = params.find('\n', start);
    if (end == std::string::npos) end = params.size();
    if (end > start) out += indent + "    " + params.substr(start, end - start) + '\n';
    start = end + 1;
  }
  for (const auto& child : op.children()) Render(*child, depth + 1, estimates, out);
}

}  // namespace

std::string RenderPhysicalPlan(const exec::PhysicalOperator& root, bool estimates) {
  std::string out;
  Render(root, 0, estimates, out);
  return out;
}

}  // namespace tarn::sql
