// Registration helpers shared by the string function files.
#pragma once

#include <string>
#include <string_view>

#include "exec/function/kernel_templates.h"
#include "exec/function/string/utf8.h"

namespace tarn::exec {

inline StringRef ToRef(std::string_view text, Arena& arena) { return arena.AddString(text); }

}  // namespace tarn::exec
