// libFuzzer entry for the SQL parser: any input must either parse or throw tarn::Error (never crash,
// hang or overflow the stack), and every parsed statement must render to SQL that parses back to
// the same rendering.
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Isrc tests/fuzz/sql_parser_fuzz.cc \
//     src/sql/parser/*[^t].cc src/common/error.cc src/common/number_parse.cc -lfmt
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/error.h"
#include "sql/parser/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view sql(reinterpret_cast<const char*>(data), size);
  std::vector<std::unique_ptr<tarn::sql::Statement>> statements;
  try {
    statements = tarn::sql::ParseStatements(sql);
  } catch (const tarn::Error& error) {
    if (error.code() != tarn::ErrorCode::kSyntaxError &&
        error.code() != tarn::ErrorCode::kNotSupported) {
      __builtin_trap();  // the parser only reports syntax errors and unsupported constructs
    }
    (void)error.Render(sql);
    return 0;
  }
  for (const auto& statement : statements) {
    std::string rendered = statement->ToString();
    std::string again;
    try {
      auto reparsed = tarn::sql::ParseStatements(rendered);
      if (reparsed.size() != 1) __builtin_trap();
      again = reparsed[0]->ToString();
    } catch (const tarn::Error& error) {
      // Rendering may exceed the nesting limit (it adds parentheses); anything else is a bug.
      if (error.message().find("nested too deeply") != std::string::npos) continue;
      __builtin_trap();
    }
    if (again != rendered) __builtin_trap();
  }
  return 0;
}
