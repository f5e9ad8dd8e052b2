#include "storage/object_store/object_key.h"

#include <fmt/format.h>

#include "common/error.h"

namespace tarn::storage {
namespace {

[[noreturn]] void ThrowBadKey(std::string_view key, std::string_view reason) {
  throw Error(ErrorCode::kInvalidArgument, fmt::format("invalid object key '{}': {}", key, reason));
}

}  // namespace

void ValidateObjectKey(std::string_view key) {
  if (key.empty()) throw Error(ErrorCode::kInvalidArgument, "invalid object key: the key is empty");
  for (size_t i = 0; i < key.size(); ++i) {
    auto byte = static_cast<unsigned char>(key[i]);
    if (byte < 0x20 || byte == 0x7f) {
      // The key itself is not printed: it holds a control byte that could garble a terminal.
      throw Error(ErrorCode::kInvalidArgument,
                  fmt::format("invalid object key: control byte 0x{:02x} at byte {}", byte, i));
    }
  }
  if (key.size() > kMaxObjectKeyLength) {
    ThrowBadKey(key.substr(0, 64), fmt::format("the key is {} bytes long, more than the {} allowed",
                                               key.size(), kMaxObjectKeyLength));
  }
  if (key.front() == '/') ThrowBadKey(key, "absolute paths are not allowed; keys are relative");
  if (key.find('\\') != std::string_view::npos) ThrowBadKey(key, "backslash is not allowed");
  size_t begin = 0;
  while (true) {
    size_t end = key.find('/', begin);
    if (end == std::string_view::npos) end = key.size();
    std::string_view segment = key.substr(begin, end - begin);
    if (segment.empty()) {
      ThrowBadKey(key, end == key.size() ? "the key ends with '/'"
                                         : fmt::format("empty path segment at byte {}", begin));
    }
    if (segment == "..") ThrowBadKey(key, "'..' segments are not allowed");
    if (segment == ".") ThrowBadKey(key, "'.' segments are not allowed");
    if (segment.front() == '.') {
      ThrowBadKey(
          key, fmt::format("segment '{}' starts with '.' (reserved for internal files)", segment));
    }
    if (segment.size() > kMaxKeySegmentLength) {
      ThrowBadKey(key, fmt::format("a segment is {} bytes long, more than the {} allowed",
                                   segment.size(), kMaxKeySegmentLength));
    }
    if (end == key.size()) break;
    begin = end + 1;
  }
}

}  // namespace tarn::storage
