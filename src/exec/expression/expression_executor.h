// Evaluates bound expressions over a batch, a vector at a time. Dispatches on node kind and type once
// per batch; the per-row work happens inside typed kernels.
#pragma once

#include <cstddef>
#include <vector>

#include "exec/expression/bound_expression.h"
#include "exec/vector/data_chunk.h"
#include "exec/vector/selection_vector.h"

namespace tarn::exec {

// Not thread-safe: one executor per thread (it keeps scratch vectors). The expressions are borrowed
// and must outlive the executor.
class ExpressionExecutor {
 public:
  ExpressionExecutor() = default;
  explicit ExpressionExecutor(std::vector<const BoundExpression*> expressions);
  void AddExpression(const BoundExpression* expression);
  size_t expression_count() const { return expressions_.size(); }

  // Evaluates expression 'index' over the live rows of 'input' (honouring its selection) into
  // 'result': flat with input.size() rows, or constant. Throws Error with the expression's query
  // offset for the first failing row (division by zero, overflow, bad cast).
  void Execute(size_t index, const DataChunk& input, Vector& result);
  // Evaluates every expression into the matching column of 'output' and sets output's row count to
  // input.size() (no selection).
  void ExecuteAll(const DataChunk& input, DataChunk& output);
  // Evaluates boolean expression 0 over the live rows of 'input' and writes the vector indexes of the
  // rows where it is TRUE (not NULL, not FALSE) to 'selection'. Returns how many.
  size_t Select(const DataChunk& input, SelectionVector& selection);

 private:
  struct Scratch;
  std::vector<const BoundExpression*> expressions_;
  std::vector<std::unique_ptr<Scratch>> scratch_;  // reusable intermediate vectors per expression
 public:
  ~ExpressionExecutor();
  ExpressionExecutor(ExpressionExecutor&&) noexcept;
  ExpressionExecutor& operator=(ExpressionExecutor&&) noexcept;
};

}  // namespace tarn::exec
