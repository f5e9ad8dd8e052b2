// Which store a statement's named table lives in (session memory or the lake), and the retry of a
// statement that lost a commit race to another writer.
#include <fmt/format.h>

#include <chrono>
#include <random>
#include <thread>

#include "common/error.h"
#include "sql/session/statement_context.h"

namespace tarn::sql {

namespace {

constexpr int kMaxStatementAttempts = 20;

[[noreturn]] void ThrowMissing(const QualifiedName& name) {
  throw Error(ErrorCode::kBinderError, "relation \"" + name.ToString() + "\" does not exist")
      .AtQueryOffset(name.query_offset);
}

}  // namespace

TargetTable FindTarget(StatementContext& context, const QualifiedName& name, const char* verb) {
  if (!name.catalog.empty()) ThrowMissing(name);
  if (name.schema.empty() || (name.schema == "main" && context.lake == nullptr)) {
    auto table = context.store.Find(name.name);
    if (table != nullptr) return {&context.store, name.name, std::move(table), false};
    if (context.catalog.views.count(name.name) > 0) {
      throw Error(ErrorCode::kNotSupported,
                  fmt::format("not supported: cannot {} view \"{}\"", verb, name.name))
          .AtQueryOffset(name.query_offset);
    }
  }
  if (context.lake != nullptr) {
    std::string key = context.lake->Key(name);
    std::shared_ptr<const MaterializedTable> table;
    try {
      table = context.lake->Find(key);
    } catch (Error& error) {
      if (!error.location().empty()) throw;
      throw std::move(error).AtQueryOffset(name.query_offset);
    }
    if (table != nullptr) {
      // A table the principal may not see is as missing as one that is not there.
      auto [database, table_name] = LakeTables::SplitKey(key);
      AccessControl* access = context.catalog.access;
      if (access == nullptr || access->CanSeeTable(database, table_name)) {
        return {context.lake, key, std::move(table), true};
      }
    }
  }
  ThrowMissing(name);
}

bool TableExists(StatementContext& context, const QualifiedName& name) {
  try {
    FindTarget(context, name, "find");
    return true;
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kBinderError) return false;
    if (error.code() == ErrorCode::kNotSupported) return false;  // a view
    throw;
  }
}

TargetTable CreateTarget(StatementContext& context, const QualifiedName& name, bool temporary) {
  if (!name.catalog.empty()) {
    throw Error(ErrorCode::kBinderError, "cannot create \"" + name.ToString() + "\": too many dotted names")
        .AtQueryOffset(name.query_offset);
  }
  if (temporary || context.lake == nullptr) {
    if (!name.schema.empty() && name.schema != "main" && !(temporary && name.schema == "temp")) {
      throw Error(ErrorCode::kBinderError,
                  "schema \"" + name.schema + "\" does not exist (tables of this session live in "
                  "memory; give tarn a data directory for lake databases)")
          .AtQueryOffset(name.query_offset);
    }
    return {&context.store, name.name, nullptr, false};
  }
  if (name.schema == "information_schema") {
    throw Error(ErrorCode::kInvalidArgument, "cannot create tables in information_schema")
        .AtQueryOffset(name.query_offset);
  }
  return {context.lake, context.lake->Key(name), nullptr, true};
}

QueryResult RetryOnConflict(const std::function<std::optional<QueryResult>()>& attempt) {
  std::minstd_rand random(std::random_device{}());
  int64_t backoff_ms = 2;
  for (int tries = 1;; ++tries) {
    std::optional<QueryResult> result = attempt();
    if (result) return std::move(*result);
    if (tries >= kMaxStatementAttempts) {
      throw Error(ErrorCode::kConflict,
                  fmt::format("gave up after {} attempts: other writers changed the table first "
                              "each time",
                              tries));
    }
    std::uniform_int_distribution<int64_t> pause(0, backoff_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause(random)));
    backoff_ms = std::min<int64_t>(backoff_ms * 2, 250);
  }
}

}  // namespace tarn::sql
