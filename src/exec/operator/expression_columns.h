// Evaluates a fixed list of expressions over batches into dense vectors, with the common cases free:
// a column reference over a batch without selection is the input vector itself, a constant is
// computed once. Everything else goes through an ExpressionExecutor.
#pragma once

#include <memory>
#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/expression/expression_executor.h"
#include "exec/vector/data_chunk.h"

namespace tarn::exec {

// Not thread-safe: one per thread. The expressions are borrowed.
class ExpressionColumns {
 public:
  explicit ExpressionColumns(const std::vector<const BoundExpression*>& expressions);
  ExpressionColumns(const ExpressionColumns&) = delete;
  ExpressionColumns& operator=(const ExpressionColumns&) = delete;

  // Evaluates every expression over the live rows of 'input'.
  void Evaluate(const DataChunk& input);
  // Result of expression 'index' after Evaluate: input.size() dense rows (flat or constant). Valid
  // until the next Evaluate or until 'input' changes.
  const Vector& Get(size_t index) const { return *results_[index]; }
  size_t size() const { return expressions_.size(); }

 private:
  std::vector<const BoundExpression*> expressions_;
  std::vector<Vector> scratch_;  // owned result per expression
  std::vector<const Vector*> results_;
  std::vector<int> executor_slot_;  // index into executor_, or -1
  std::unique_ptr<ExpressionExecutor> executor_;
};

// Pointers to the expressions of a list of owned expressions.
std::vector<const BoundExpression*> RawPointers(const std::vector<ExpressionPtr>& expressions);

}  // namespace tarn::exec
