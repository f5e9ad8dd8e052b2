// The schema evolution rules every catalog backend enforces when a commit brings new columns:
// columns are only ever added (nullable) or widened, never dropped, narrowed or retyped, so every
// data file written under an older schema version stays readable under the newer one.
#pragma once

#include <optional>
#include <vector>

#include "catalog/catalog.h"

namespace tarn::catalog {

// Whether a value of type 'from' converts to 'to' without loss, so files written with 'from' read
// as 'to': the same type; INTEGER -> BIGINT -> DOUBLE (and INTEGER -> DOUBLE); DECIMAL(p,s) ->
// DECIMAL(p',s') with s' >= s and p'-s' >= p-s; INTEGER -> DECIMAL(p,s) with p-s >= 10; BIGINT ->
// DECIMAL is never lossless within 18 digits. Nothing widens to VARCHAR: statistics bounds and
// comparisons of numbers and text order differently, so a retype to text needs a rewrite
// (CREATE TABLE AS), not a schema change.
bool IsWidening(LogicalType from, LogicalType to);

// Checks 'proposed' against 'current' (names compared case-insensitively). Returns the columns of
// the new schema version (names lower case, business metadata of existing columns kept), or
// nullopt when 'proposed' changes nothing. Throws Error(kInvalidArgument) naming the column and
// both types when a column would be narrowed or retyped, naming the column and its type when it
// would be dropped or become NOT NULL, and when an added column is NOT NULL or a name repeats.
std::optional<std::vector<ColumnDef>> EvolveSchema(const std::vector<ColumnDef>& current,
                                                   const std::vector<ColumnDef>& proposed);

// Returns 'name' in ASCII lower case (catalog names are stored that way).
std::string LowerName(std::string_view name);

}  // namespace tarn::catalog
