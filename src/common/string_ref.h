// A 16-byte non-owning string: length, then up to 12 inline bytes, or a 4-byte prefix and a pointer
// into an arena that outlives it (the layout of DuckDB's string_t and Velox's StringView).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tarn {

class StringRef {
 public:
  static constexpr uint32_t kInlineLength = 12;

  StringRef() { std::memset(this, 0, sizeof(*this)); }
  // Refers to 'data' (not copied unless it fits inline). The caller keeps 'data' alive.
  StringRef(const char* data, uint32_t length) {
    std::memset(this, 0, sizeof(*this));
    length_ = length;
    if (length <= kInlineLength) {
      if (length > 0) std::memcpy(InlineBytes(), data, length);
    } else {
      std::memcpy(prefix_, data, 4);
      pointer_ = data;
    }
  }
  explicit StringRef(std::string_view view)
      : StringRef(view.data(), static_cast<uint32_t>(view.size())) {}

  uint32_t size() const { return length_; }
  bool empty() const { return length_ == 0; }
  bool IsInlined() const { return length_ <= kInlineLength; }
  const char* data() const { return IsInlined() ? InlineBytes() : pointer_; }
  std::string_view view() const { return {data(), length_}; }
  std::string ToString() const { return std::string(view()); }
  // The first (up to) four bytes, zero padded: compares and hashes without a pointer chase.
  const char* prefix() const { return prefix_; }

  bool operator==(const StringRef& other) const {
    // Length and prefix (the first 8 bytes) at once, then the rest.
    uint64_t a;
    uint64_t b;
    std::memcpy(&a, this, 8);
    std::memcpy(&b, &other, 8);
    if (a != b) return false;
    if (IsInlined()) {
      std::memcpy(&a, reinterpret_cast<const char*>(this) + 8, 8);
      std::memcpy(&b, reinterpret_cast<const char*>(&other) + 8, 8);
      return a == b;
    }
    return std::memcmp(pointer_, other.pointer_, length_) == 0;
  }
  bool operator!=(const StringRef& other) const { return !(*this == other); }
  // Byte-wise (memcmp) ordering, tarn's default collation.
  int Compare(const StringRef& other) const {
    uint32_t common = length_ < other.length_ ? length_ : other.length_;
    int result = common == 0 ? 0 : std::memcmp(data(), other.data(), common);
    if (result != 0) return result;
    return length_ < other.length_ ? -1 : (length_ > other.length_ ? 1 : 0);
  }
  bool operator<(const StringRef& other) const { return Compare(other) < 0; }

 private:
  char* InlineBytes() { return reinterpret_cast<char*>(this) + 4; }
  const char* InlineBytes() const { return reinterpret_cast<const char*>(this) + 4; }

  uint32_t length_;
  char prefix_[4];           // first bytes of the string (inline strings continue past it)
  const char* pointer_;      // the whole string when not inlined; inline bytes 4..11 otherwise
};

static_assert(sizeof(StringRef) == 16);

}  // namespace tarn
