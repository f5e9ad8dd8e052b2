#include "common/error.h"

#include <fmt/format.h>

namespace tarn {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "invalid input";
    case ErrorCode::kSyntaxError: return "syntax error";
    case ErrorCode::kBinderError: return "binder error";
    case ErrorCode::kTypeMismatch: return "type mismatch";
    case ErrorCode::kNotSupported: return "not supported";
    case ErrorCode::kInvalidCast: return "invalid cast";
    case ErrorCode::kDivisionByZero: return "division by zero";
    case ErrorCode::kOutOfRange: return "out of range";
    case ErrorCode::kIoError: return "i/o error";
    case ErrorCode::kOutOfMemory: return "out of memory";
    case ErrorCode::kInterrupted: return "interrupted";
    case ErrorCode::kPermissionDenied: return "permission denied";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kCorrupt: return "corrupt data";
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kInternal: return "internal error";
  }
  return "error";
}

std::string_view ErrorCodeSqlState(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidInput: return "22P02";
    case ErrorCode::kSyntaxError: return "42601";
    case ErrorCode::kBinderError: return "42703";
    case ErrorCode::kTypeMismatch: return "42804";
    case ErrorCode::kNotSupported: return "0A000";
    case ErrorCode::kInvalidCast: return "22018";
    case ErrorCode::kDivisionByZero: return "22012";
    case ErrorCode::kOutOfRange: return "22003";
    case ErrorCode::kIoError: return "58030";
    case ErrorCode::kOutOfMemory: return "53200";
    case ErrorCode::kInterrupted: return "57014";
    case ErrorCode::kPermissionDenied: return "42501";
    case ErrorCode::kNotFound: return "42P01";
    case ErrorCode::kConflict: return "40001";
    case ErrorCode::kCorrupt: return "XX001";
    case ErrorCode::kInvalidArgument: return "22023";
    case ErrorCode::kInternal: return "XX000";
  }
  return "XX000";
}

int ErrorCodeHttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kOutOfMemory: return 503;
    case ErrorCode::kInterrupted: return 499;
    case ErrorCode::kIoError:
    case ErrorCode::kCorrupt:
    case ErrorCode::kInternal: return 500;
    default: return 400;
  }
}

int ErrorCodeExitCode(ErrorCode code) {
  switch (code) {
    case ErrorCode::kIoError: return 2;
    case ErrorCode::kInternal: return 3;
    case ErrorCode::kOutOfMemory: return 4;
    case ErrorCode::kInterrupted: return 130;
    default: return 1;
  }
}

Error::Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {
  Format();
}

Error& Error::At(ErrorLocation location) & {
  location_ = std::move(location);
  Format();
  return *this;
}

Error&& Error::At(ErrorLocation location) && {
  location_ = std::move(location);
  Format();
  return std::move(*this);
}

Error&& Error::AtQueryOffset(int64_t offset) && {
  location_.query_offset = offset;
  Format();
  return std::move(*this);
}

void Error::Format() {
  formatted_ = message_;
  if (!location_.file.empty()) {
    formatted_ += fmt::format(" (at {}", location_.file);
    if (location_.line > 0) formatted_ += fmt::format(":{}", location_.line);
    if (location_.column > 0) formatted_ += fmt::format(":{}", location_.column);
    formatted_ += ")";
  } else if (location_.line > 0) {
    formatted_ += fmt::format(" (at line {}", location_.line);
    if (location_.column > 0) formatted_ += fmt::format(", column {}", location_.column);
    formatted_ += ")";
  }
}

std::string Error::Render(std::string_view query) const {
  // Messages of some codes already start with the code's name ("not supported: LATERAL").
  std::string_view name = ErrorCodeName(code_);
  bool named = formatted_.size() > name.size() && formatted_.compare(0, name.size(), name) == 0 &&
               formatted_[name.size()] == ':';
  std::string out = named ? "Error: " + formatted_
                          : fmt::format("Error: {}: {}", name, formatted_);
  if (location_.query_offset < 0 || query.empty()) return out;
  size_t offset = std::min<size_t>(static_cast<size_t>(location_.query_offset), query.size());
  size_t line_start = query.rfind('\n', offset == 0 ? 0 : offset - 1);
  line_start = (line_start == std::string_view::npos || offset == 0) ? 0 : line_start + 1;
  if (offset > 0 && query[offset - 1] == '\n') line_start = offset;
  size_t line_end = query.find('\n', offset);
  if (line_end == std::string_view::npos) line_end = query.size();
  int64_t line_number = 1;
  for (size_t i = 0; i < line_start; ++i) line_number += query[i] == '\n';
  out += fmt::format("\nLINE {}: {}\n", line_number, query.substr(line_start, line_end - line_start));
  size_t prefix = fmt::format("LINE {}: ", line_number).size();
  out += std::string(prefix + (offset - line_start), ' ') + "^";
  return out;
}

void ThrowInternal(const char* condition, const char* file, int line) {
  throw Error(ErrorCode::kInternal, fmt::format("check failed: {} ({}:{})", condition, file, line));
}

}  // namespace tarn
