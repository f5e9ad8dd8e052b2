// The kinds of join the join operators implement, and the column layout each one outputs.
#pragma once

#include <cstdint>
#include <string_view>

namespace tarn::exec {

// Output columns: kInner/kLeft/kRight/kFull: probe (left) columns then build (right) columns, the
// missing side NULL for unmatched rows. kSemi/kAnti: probe columns only. kMark: probe columns plus
// one BOOLEAN "mark" column (x IN (subquery) semantics: TRUE if some build row matches, NULL if
// none matches but the probe key or some build key is NULL, else FALSE).
enum class JoinType : uint8_t { kInner, kLeft, kRight, kFull, kSemi, kAnti, kMark };

std::string_view JoinTypeName(JoinType type);  // "INNER", "LEFT", ...

}  // namespace tarn::exec
