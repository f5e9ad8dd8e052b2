// The statement side of authorization (sql/binder/access_control.h): the checks data-changing and
// catalog statements make on the lake tables they touch, and which columns catalog listings show.
// Reads are enforced by the binder (bind_table_access.cc). Every helper does nothing when the
// session has no AccessControl or the table is a session table (those are the session's own).
#pragma once

#include <string>
#include <vector>

#include "sql/binder/access_control.h"
#include "sql/session/statement_context.h"

namespace tarn::sql {

// The session's AccessControl; null = the local administrator, everything allowed.
inline AccessControl* SessionAccess(const StatementContext& context) {
  return context.catalog.access;
}

// AccessControl::CheckTable on lake table 'target'; the error points at 'offset'.
void CheckTableAccess(StatementContext& context, const TargetTable& target, Privilege privilege,
                      int64_t offset, const std::vector<std::string>& columns = {});

// UPDATE and DELETE read the rows they change (WHERE, SET expressions, the rows that stay are
// written back), so they need an unrestricted read: every column, no row filter, no masked pii
// column. Otherwise a restricted principal could rewrite rows it cannot see, or learn hidden
// values through WHERE. Throws Error(kPermissionDenied) "permission denied: UPDATE on d.t needs
// unrestricted SELECT" ('verb' = "UPDATE" / "DELETE") at 'offset'.
void CheckUnrestrictedRead(StatementContext& context, const TargetTable& target, const char* verb,
                           int64_t offset);

// Which of the columns 'names' of d.t catalog listings (DESCRIBE, information_schema.columns)
// show: the columns the principal may SELECT; all of them when it holds another privilege on the
// table but not SELECT (an INSERT-only principal needs the column list). Masked pii columns are
// listed with their real type (the listing describes the table, not the masked result).
std::vector<bool> ListedColumns(AccessControl& access, const std::string& database,
                                const std::string& table, const std::vector<std::string>& names);

}  // namespace tarn::sql
