#include "sql/session/table_access.h"

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::sql {

namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

template <typename Call>
void AtOffset(int64_t offset, Call&& call) {
  try {
    call();
  } catch (Error& error) {
    if (!error.location().empty()) throw;
    throw std::move(error).AtQueryOffset(offset);
  }
}

}  // namespace

void CheckTableAccess(StatementContext& context, const TargetTable& target, Privilege privilege,
                      int64_t offset, const std::vector<std::string>& columns) {
  AccessControl* access = SessionAccess(context);
  if (access == nullptr || !target.in_lake) return;
  auto [database, table] = LakeTables::SplitKey(target.key);
  std::vector<std::string> lower;
  for (const auto& column : columns) lower.push_back(Lower(column));
  AtOffset(offset, [&] { access->CheckTable(privilege, database, table, lower); });
}

void CheckUnrestrictedRead(StatementContext& context, const TargetTable& target, const char* verb,
                           int64_t offset) {
  AccessControl* access = SessionAccess(context);
  if (access == nullptr || !target.in_lake) return;
  auto [database, table] = LakeTables::SplitKey(target.key);
  auto denied = [&] {
    return Error(ErrorCode::kPermissionDenied,
                 fmt::format("permission denied: {} on {}.{} needs unrestricted SELECT", verb,
                             database, table))
        .AtQueryOffset(offset);
  };
  TableReadPolicy policy;
  try {
    policy = access->SelectPolicy(database, table);
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kPermissionDenied) throw denied();
    throw;
  }
  if (policy.row_filter) throw denied();
  const MaterializedTable& columns = *target.table;
  if (!policy.all_columns) {
    for (const auto& column : columns.columns) {
      bool granted = false;
      for (const auto& name : policy.columns) granted |= Lower(name) == Lower(column.name);
      if (!granted) throw denied();
    }
  }
  if (!policy.unmask && context.lake != nullptr) {
    std::optional<LakeTableIdentity> identity = context.lake->Identify(columns);
    if (identity) {
      for (bool pii : identity->pii) {
        if (pii) throw denied();
      }
    }
  }
}

std::vector<bool> ListedColumns(AccessControl& access, const std::string& database,
                                const std::string& table, const std::vector<std::string>& names) {
  std::vector<bool> listed(names.size(), true);
  TableReadPolicy policy;
  try {
    policy = access.SelectPolicy(database, table);
  } catch (const Error& error) {
    if (error.code() == ErrorCode::kPermissionDenied) return listed;
    throw;
  }
  if (policy.all_columns) return listed;
  for (size_t i = 0; i < names.size(); ++i) {
    bool granted = false;
    for (const auto& name : policy.columns) granted |= Lower(name) == Lower(names[i]);
    listed[i] = granted;
  }
  return listed;
}

}  // namespace tarn::sql
