// UTF-8 character stepping for the string functions: positions and lengths in SQL count
// characters, not bytes (PostgreSQL). Invalid bytes count as one character each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace tarn::exec {

// Bytes of the character starting with 'lead'.
inline size_t Utf8CharLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// Byte offset just past the first 'characters' characters of 'text' (clamped to its size).
inline size_t Utf8Advance(std::string_view text, int64_t characters) {
  size_t offset = 0;
  while (characters > 0 && offset < text.size()) {
    offset += Utf8CharLength(static_cast<unsigned char>(text[offset]));
    --characters;
  }
  return offset < text.size() ? offset : text.size();
}

inline int64_t Utf8Length(std::string_view text) {
  int64_t count = 0;
  for (size_t offset = 0; offset < text.size();) {
    offset += Utf8CharLength(static_cast<unsigned char>(text[offset]));
    ++count;
  }
  return count;
}

}  // namespace tarn::exec
