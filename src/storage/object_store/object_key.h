// Object keys: the relative, slash-separated paths every ObjectStore accepts. One check shared by
// all backends so a key valid on local disk is valid on S3 and the other way round.
#pragma once

#include <cstddef>
#include <string_view>

namespace tarn::storage {

constexpr size_t kMaxObjectKeyLength = 1024;  // S3's limit, in bytes
constexpr size_t kMaxKeySegmentLength = 255;  // NAME_MAX of common file systems

// Throws Error(kInvalidArgument) naming the key and the rule it breaks unless 'key' is a relative
// path of non-empty '/'-separated segments: not absolute, no empty segment (so no "//" and no
// trailing '/'), no "." or ".." segment, no segment starting with '.' (reserved for temporary and
// internal files), no backslash or control byte, at most 1024 bytes, segments at most 255 bytes.
void ValidateObjectKey(std::string_view key);

}  // namespace tarn::storage
