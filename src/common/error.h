// The one error type of tarn. Thrown when a query, request or job cannot continue; carries a code
// (which maps to SQLSTATE, HTTP status and process exit code), a message and where it happened.
#pragma once

#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

namespace tarn {

enum class ErrorCode : uint8_t {
  kInvalidInput,    // malformed data: CSV row, number, date (22P02)
  kSyntaxError,     // SQL does not parse (42601)
  kBinderError,     // unknown column/table/function, ambiguous name (42703)
  kTypeMismatch,    // operator or function applied to wrong types (42804)
  kNotSupported,    // valid SQL that tarn does not implement (0A000)
  kInvalidCast,     // value cannot be converted (22P02 / 22018)
  kDivisionByZero,  // 22012
  kOutOfRange,      // integer overflow, value out of range (22003)
  kIoError,         // file missing or unreadable (58030)
  kOutOfMemory,     // memory limit exceeded (53200)
  kInterrupted,     // query cancelled (57014)
  kPermissionDenied,  // 42501
  kNotFound,        // object that must exist does not (42P01)
  kConflict,        // concurrent modification lost (40001)
  kCorrupt,         // checksum or format corruption detected (XX001)
  kInvalidArgument, // bad option or command-line argument (22023)
  kInternal,        // a bug in tarn (XX000)
};

// Returns "invalid input", "syntax error", ... : the human name of a code.
std::string_view ErrorCodeName(ErrorCode code);
// Returns the five-character PostgreSQL SQLSTATE for a code.
std::string_view ErrorCodeSqlState(ErrorCode code);
// Returns the HTTP status a server answers for a code (400, 403, 404, 409, 413, 500, ...).
int ErrorCodeHttpStatus(ErrorCode code);
// Returns the process exit code the CLI uses for a code (1 = user error, 2 = I/O, 3 = internal ...).
int ErrorCodeExitCode(ErrorCode code);

// Where an error happened. Every field is optional; a default-constructed location is "nowhere".
struct ErrorLocation {
  std::string file;             // path or object key of the input
  int64_t line = 0;             // 1-based line in 'file' (0 = unknown)
  int64_t column = 0;           // 1-based column (field number for CSV; 0 = unknown)
  int64_t query_offset = -1;    // 0-based byte offset into the SQL text (-1 = unknown)

  bool empty() const { return file.empty() && line == 0 && column == 0 && query_offset < 0; }
};

class Error : public std::exception {
 public:
  Error(ErrorCode code, std::string message);

  // Attaches a location; returns *this so a throw reads `throw Error(...).At(...)`.
  Error& At(ErrorLocation location) &;
  Error&& At(ErrorLocation location) &&;
  // Attaches a byte offset into the SQL text.
  Error&& AtQueryOffset(int64_t offset) &&;

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const ErrorLocation& location() const { return location_; }

  // "<message> (at file:line:column)" — what() returns this.
  const char* what() const noexcept override { return formatted_.c_str(); }

  // Renders the error for a terminal: "Error: <name>: <message>" plus, when the location has a query
  // offset and 'query' is given, the query line with a caret under the offending position.
  std::string Render(std::string_view query = {}) const;

 private:
  void Format();

  ErrorCode code_;
  std::string message_;
  ErrorLocation location_;
  std::string formatted_;
};

[[noreturn]] void ThrowInternal(const char* condition, const char* file, int line);

}  // namespace tarn

// A broken invariant inside tarn (a bug, never bad user input): throws Error(kInternal).
#define TARN_CHECK(condition)                                        \
  do {                                                               \
    if (!(condition)) ::tarn::ThrowInternal(#condition, __FILE__, __LINE__); \
  } while (0)

#ifndef NDEBUG
#define TARN_DASSERT(condition) TARN_CHECK(condition)
#else
#define TARN_DASSERT(condition) \
  do {                          \
  } while (0)
#endif
