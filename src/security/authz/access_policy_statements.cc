// AccessPolicy::Execute and ShowGrants: GRANT, REVOKE, roles and row filters as the session runs
// them (the session has already qualified table names with its current database).
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <tuple>

#include "common/error.h"
#include "security/authz/access_policy.h"
#include "sql/parser/ast.h"

namespace tarn::security {
namespace {

using sql::AuthorizationKind;
using sql::AuthorizationStatement;
using sql::Privilege;

std::string_view Tag(AuthorizationKind kind) {
  switch (kind) {
    case AuthorizationKind::kGrant: return "GRANT";
    case AuthorizationKind::kRevoke: return "REVOKE";
    case AuthorizationKind::kGrantRole: return "GRANT ROLE";
    case AuthorizationKind::kRevokeRole: return "REVOKE ROLE";
    case AuthorizationKind::kCreateRole: return "CREATE ROLE";
    case AuthorizationKind::kDropRole: return "DROP ROLE";
    case AuthorizationKind::kCreateRowFilter: return "CREATE ROW FILTER";
    case AuthorizationKind::kDropRowFilter: return "DROP ROW FILTER";
    case AuthorizationKind::kShowGrants: return "SHOW GRANTS";
  }
  return "GRANT";
}

// Runs 'body'; an error without a location gets 'offset'.
template <typename Body>
auto AtOffset(int64_t offset, Body&& body) {
  try {
    return body();
  } catch (Error& error) {
    if (error.location().empty() && offset >= 0) error.At({"", 0, 0, offset});
    throw;
  }
}

Grantee GranteeOf(const AuthorizationStatement& statement) {
  return {statement.grantee_kind == sql::GranteeKind::kUser ? GranteeType::kUser
                                                            : GranteeType::kRole,
          statement.grantee};
}

std::string TableOf(const AuthorizationStatement& statement) {
  return (statement.database.empty() ? std::string("main") : statement.database) + "." +
         statement.name;
}

// The privileges a GRANT / REVOKE names, ALL expanded for its object.
std::vector<Privilege> Expand(const AuthorizationStatement& statement) {
  if (!statement.all_privileges) return statement.privileges;
  switch (statement.object_kind) {
    case sql::GrantObjectKind::kSecret: return {Privilege::kUsage};
    case sql::GrantObjectKind::kDatabase:
      return {Privilege::kSelect, Privilege::kInsert, Privilege::kUpdate, Privilege::kDelete,
              Privilege::kAlter,  Privilege::kDrop,   Privilege::kCreate};
    default:
      if (!statement.columns.empty()) {
        return {Privilege::kSelect, Privilege::kInsert, Privilege::kUpdate};
      }
      return {Privilege::kSelect, Privilege::kInsert, Privilege::kUpdate, Privilege::kDelete,
              Privilege::kAlter, Privilege::kDrop};
  }
}

std::vector<GrantRow> RowsOf(const AuthorizationStatement& statement) {
  std::vector<GrantRow> rows;
  for (Privilege privilege : Expand(statement)) {
    GrantRow row;
    row.grantee = GranteeOf(statement);
    row.privilege = privilege;
    switch (statement.object_kind) {
      case sql::GrantObjectKind::kDatabase:
        row.object_kind = GrantObject::kDatabase;
        row.object = statement.database;
        break;
      case sql::GrantObjectKind::kSecret:
        row.object_kind = GrantObject::kSecret;
        row.object = statement.name;
        break;
      default:
        row.object_kind = GrantObject::kTable;
        row.object = TableOf(statement);
        break;
    }
    if (statement.columns.empty()) {
      rows.push_back(std::move(row));
    } else {
      for (const std::string& column : statement.columns) {
        row.column = column;
        if (std::find(rows.begin(), rows.end(), row) == rows.end()) rows.push_back(row);
      }
    }
  }
  return rows;
}

}  // namespace

void AccessPolicy::CheckGrantee(const AuthorizationStatement& statement) const {
  AtOffset(statement.grantee_offset, [&] {
    if (statement.grantee_kind == sql::GranteeKind::kRole) {
      if (!grants_.RoleExists(statement.grantee)) {
        throw Error(ErrorCode::kNotFound, fmt::format("role {} does not exist", statement.grantee));
      }
    } else if (!grants_.PrincipalExists(statement.grantee)) {
      throw Error(ErrorCode::kNotFound,
                  fmt::format("no user or service principal named '{}'", statement.grantee));
    }
  });
}

std::string AccessPolicy::Execute(const AuthorizationStatement& statement) {
  std::string tag(Tag(statement.authorization_kind));
  // The object is recorded before the caller is checked: denied attempts are audited with it.
  switch (statement.authorization_kind) {
    case AuthorizationKind::kGrant:
    case AuthorizationKind::kRevoke:
      Record(std::string(statement.object_kind == sql::GrantObjectKind::kTable      ? "table"
                         : statement.object_kind == sql::GrantObjectKind::kDatabase ? "database"
                                                                                    : "secret"),
             RowsOf(statement).front().object, tag);
      break;
    case AuthorizationKind::kCreateRowFilter:
    case AuthorizationKind::kDropRowFilter:
      break;
    default:
      Record("role", statement.role, tag);
      break;
  }
  if (!administrator_) {
    throw Error(ErrorCode::kPermissionDenied,
                fmt::format("permission denied: {} requires the admin role", tag))
        .AtQueryOffset(statement.query_offset);
  }
  cache_.reset();
  switch (statement.authorization_kind) {
    case AuthorizationKind::kGrant:
      CheckGrantee(statement);
      AtOffset(statement.query_offset, [&] { grants_.Grant(RowsOf(statement)); });
      break;
    case AuthorizationKind::kRevoke:
      AtOffset(statement.query_offset,
               [&] { grants_.Revoke(RowsOf(statement), statement.all_privileges); });
      break;
    case AuthorizationKind::kGrantRole:
    case AuthorizationKind::kRevokeRole: {
      bool grant = statement.authorization_kind == AuthorizationKind::kGrantRole;
      AtOffset(statement.role_offset, [&] {
        if (!grants_.RoleExists(statement.role)) {
          throw Error(ErrorCode::kNotFound, fmt::format("role {} does not exist", statement.role));
        }
      });
      AtOffset(statement.grantee_offset, [&] {
        if (grant) {
          identity_.GrantRole(statement.grantee, statement.role);
          return;
        }
        for (const PrincipalInfo& info : identity_.ListPrincipals()) {
          if (info.name != statement.grantee) continue;
          if (std::find(info.roles.begin(), info.roles.end(), statement.role) == info.roles.end()) {
            throw Error(ErrorCode::kNotFound, fmt::format("no such grant: user {} does not have "
                                                          "role {}",
                                                          statement.grantee, statement.role));
          }
          identity_.RevokeRole(statement.grantee, statement.role);
          return;
        }
        throw Error(ErrorCode::kNotFound,
                    fmt::format("no user or service principal named '{}'", statement.grantee));
      });
      break;
    }
    case AuthorizationKind::kCreateRole:
      AtOffset(statement.role_offset, [&] { grants_.CreateRole(statement.role); });
      break;
    case AuthorizationKind::kDropRole:
      AtOffset(statement.role_offset, [&] { grants_.DropRole(statement.role); });
      break;
    case AuthorizationKind::kCreateRowFilter: {
      CheckGrantee(statement);
      RowFilter filter;
      filter.name = statement.filter_name;
      filter.table = TableOf(statement);
      filter.grantee = GranteeOf(statement);
      filter.expression = statement.filter_expression;
      AtOffset(statement.query_offset, [&] { grants_.CreateRowFilter(filter); });
      break;
    }
    case AuthorizationKind::kDropRowFilter:
      AtOffset(statement.query_offset,
               [&] { grants_.DropRowFilter(statement.filter_name, TableOf(statement)); });
      break;
    case AuthorizationKind::kShowGrants:
      throw Error(ErrorCode::kInternal, "SHOW GRANTS goes to ShowGrants");
  }
  return tag;
}

std::vector<std::vector<std::string>> AccessPolicy::ShowGrants(
    const AuthorizationStatement& statement) {
  std::vector<Grantee> mine = Grantees();
  std::vector<Grantee> wanted;
  if (statement.grantee_kind != sql::GranteeKind::kNone) {
    Grantee asked = GranteeOf(statement);
    if (!administrator_ && std::find(mine.begin(), mine.end(), asked) == mine.end()) {
      throw Error(ErrorCode::kPermissionDenied,
                  fmt::format("permission denied: SHOW GRANTS FOR {} {} requires the admin role "
                              "(you may show your own and your roles' grants)",
                              asked.type == GranteeType::kUser ? "USER" : "ROLE", asked.name))
          .AtQueryOffset(statement.grantee_offset);
    }
    wanted.push_back(std::move(asked));
  } else if (!administrator_) {
    wanted = mine;
  }
  bool everything = statement.grantee_kind == sql::GranteeKind::kNone && administrator_;
  std::vector<GrantRow> rows = everything ? grants_.AllGrants() : grants_.GrantsOf(wanted);
  std::vector<RowFilter> filters =
      everything ? grants_.AllRowFilters() : grants_.RowFiltersOf(wanted);

  // One line per (grantee, privilege, object): its columns joined.
  using Key = std::tuple<int, std::string, int, std::string, int>;
  std::map<Key, std::vector<std::string>> lines;
  for (const GrantRow& row : rows) {
    Key key{static_cast<int>(row.grantee.type), row.grantee.name,
            static_cast<int>(row.object_kind), row.object, static_cast<int>(row.privilege)};
    std::vector<std::string>& columns = lines[key];
    if (!row.column.empty()) columns.push_back(row.column);
    else columns.insert(columns.begin(), "");  // a whole-object grant: no column list
  }
  std::vector<bool> shown(filters.size(), false);
  std::vector<std::vector<std::string>> out;
  for (const auto& [key, columns] : lines) {
    const auto& [type, grantee, object_kind, object, privilege] = key;
    std::string column_list;
    if (columns.empty() || !columns.front().empty()) {
      for (const std::string& column : columns) {
        if (!column_list.empty()) column_list += ",";
        column_list += column;
      }
    }
    std::string filter_text;
    if (static_cast<Privilege>(privilege) == Privilege::kSelect &&
        static_cast<GrantObject>(object_kind) == GrantObject::kTable) {
      for (size_t i = 0; i < filters.size(); ++i) {
        if (filters[i].table == object && filters[i].grantee.name == grantee &&
            static_cast<int>(filters[i].grantee.type) == type) {
          filter_text = filters[i].name + ": " + filters[i].expression;
          shown[i] = true;
        }
      }
    }
    out.push_back({std::string(GranteeTypeName(static_cast<GranteeType>(type))), grantee,
                   std::string(sql::PrivilegeName(static_cast<Privilege>(privilege))),
                   std::string(GrantObjectName(static_cast<GrantObject>(object_kind))), object,
                   column_list, filter_text});
  }
  // Filters of grantees that hold SELECT through the database or not at all.
  for (size_t i = 0; i < filters.size(); ++i) {
    if (shown[i]) continue;
    out.push_back({std::string(GranteeTypeName(filters[i].grantee.type)), filters[i].grantee.name,
                   "ROW FILTER", "TABLE", filters[i].table, "",
                   filters[i].name + ": " + filters[i].expression});
  }
  return out;
}

}  // namespace tarn::security
