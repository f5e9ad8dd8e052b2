#include "format/json/json_record_parser.h"

#include <cmath>
#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/number_parse.h"

namespace tarn::format::json {
namespace {

constexpr int kMaxDepth = 1024;  // simdjson's default, so both accept the same documents

inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline const char* SkipSpace(const char* p, const char* end) {
  while (p < end && IsSpace(*p)) ++p;
  return p;
}

// Returns the first byte at or after 'p' that ends the plain run of a string: '"', '\\', a control
// character or a non-ASCII byte; a result >= 'end' means none before 'end'. Reads at most 15 bytes
// past 'end' (the caller's padding).
inline const char* FindSpecial(const char* p, const char* end) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i space = _mm_set1_epi8(0x20);
  for (; p < end; p += 16) {
    __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    // Signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them with the controls.
    __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(bytes, quote), _mm_cmpeq_epi8(bytes, backslash)),
                                   _mm_cmplt_epi8(bytes, space));
    if (int mask = _mm_movemask_epi8(special); mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
  }
  return end;
#else
  for (; p < end; ++p) {
    auto c = static_cast<unsigned char>(*p);
    if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) return p;
  }
  return end;
#endif
}

// Length of the well-formed UTF-8 sequence starting at 'p' (a byte >= 0x80) before 'end', or 0.
size_t Utf8Length(const char* text, const char* end) {
  const auto* p = reinterpret_cast<const unsigned char*>(text);
  size_t left = static_cast<size_t>(end - text);
  auto continuation = [&](size_t i) { return (p[i] & 0xC0) == 0x80; };
  unsigned char c = p[0];
  if (c >= 0xC2 && c <= 0xDF) return left >= 2 && continuation(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (left < 3 || !continuation(1) || !continuation(2)) return 0;
    if (c == 0xE0 && p[1] < 0xA0) return 0;   // overlong
    if (c == 0xED && p[1] >= 0xA0) return 0;  // a surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (left < 4 || !continuation(1) || !continuation(2) || !continuation(3)) return 0;
    if (c == 0xF0 && p[1] < 0x90) return 0;   // overlong
    if (c == 0xF4 && p[1] >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

bool Hex4(const char* p, const char* end, uint32_t& code) {
  if (end - p < 4) return false;
  code = 0;
  for (int i = 0; i < 4; ++i) {
    char c = p[i];
    uint32_t digit;
    if (c >= '0' && c <= '9') {
      digit = c - '0';
    } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
      digit = (c | 0x20) - 'a' + 10;
    } else {
      return false;
    }
    code = code * 16 + digit;
  }
  return true;
}

void AppendUtf8(uint32_t code, std::string& out) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

// Unescapes the body of a string that ParseString validated.
void Unescape(const char* p, const char* end, std::string& out) {
  out.clear();
  while (p < end) {
    const char* backslash = static_cast<const char*>(std::memchr(p, '\\', static_cast<size_t>(end - p)));
    if (backslash == nullptr) {
      out.append(p, end);
      return;
    }
    out.append(p, backslash);
    char escape = backslash[1];
    p = backslash + 2;
    switch (escape) {
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        uint32_t code = 0;
        Hex4(p, end, code);
        p += 4;
        if (code >= 0xD800 && code <= 0xDBFF) {
          uint32_t low = 0;
          Hex4(p + 2, end, low);
          p += 6;
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
        }
        AppendUtf8(code, out);
        break;
      }
      default: out.push_back(escape); break;  // '"', '\\', '/'
    }
  }
}

// Scans a number (RFC 8259 grammar) starting at 'p'; returns its end or nullptr.
__attribute__((always_inline)) inline const char* ScanNumber(const char* p, const char* end, bool& integer) {
  if (p < end && *p == '-') ++p;
  if (p >= end) return nullptr;
  if (*p == '0') {
    ++p;
  } else if (*p >= '1' && *p <= '9') {
    while (p < end && IsDigit(*p)) ++p;
  } else {
    return nullptr;
  }
  integer = true;
  if (p < end && *p == '.') {
    ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
    integer = false;
  }
  if (p < end && (*p == 'e' || *p == 'E')) {
    ++p;
    if (p < end && (*p == '+' || *p == '-')) ++p;
    if (p >= end || !IsDigit(*p)) return nullptr;
    while (p < end && IsDigit(*p)) ++p;
    integer = false;
  }
  return p;
}

// Matches the literal 'word' at 'p'; returns its end or nullptr.
// 'word' is "true", "false" or "null": its first four bytes and its length decide.
inline const char* ScanLiteral(const char* p, const char* end, std::string_view word) {
  if (static_cast<size_t>(end - p) < word.size()) return nullptr;
  uint32_t have, want;
  std::memcpy(&have, p, 4);
  std::memcpy(&want, word.data(), 4);
  if (have != want || (word.size() == 5 && p[4] != word[4])) return nullptr;
  return p + word.size();
}

// 'look_behind': whether kParseDoubleLookBehind bytes before the end of 'text' are readable.
bool StoreNumber(const JsonTarget& target, size_t row, std::string_view text, bool integer, bool look_behind) {
  switch (target.type) {
    case TypeId::kBigint:
      return integer && ParseInt64(text, reinterpret_cast<int64_t*>(target.data)[row]);
    case TypeId::kInteger: {
      int64_t number;
      if (!integer || !ParseInt64(text, number) || number < std::numeric_limits<int32_t>::min() ||
          number > std::numeric_limits<int32_t>::max()) {
        return false;
      }
      reinterpret_cast<int32_t*>(target.data)[row] = static_cast<int32_t>(number);
      return true;
    }
    case TypeId::kDouble: {
      double& out = reinterpret_cast<double*>(target.data)[row];
      bool parsed = look_behind ? ParseDoublePadded(text.data(), text.data() + text.size(), out)
                                : ParseDouble(text, out);
      return parsed && std::isfinite(out);
    }
    case TypeId::kDecimal: return StoreText(target, row, text);
    case TypeId::kVarchar: StoreString(target, row, text); return true;
    default: return false;
  }
}

}  // namespace

JsonRecordParser::JsonRecordParser(const std::vector<std::string>& names) : names_(names), patterns_(names.size()) {
  for (size_t i = 0; i < names_.size(); ++i) {
    index_.emplace(names_[i], i);
    const std::string& name = names_[i];
    bool plain = name.size() < 16;
    for (char c : name) plain = plain && c >= 0x20 && c < 0x7F && c != '"' && c != '\\';
    if (!plain) continue;
    std::memcpy(patterns_[i].bytes, name.data(), name.size());
    patterns_[i].bytes[name.size()] = '"';
    patterns_[i].mask = (uint32_t{1} << (name.size() + 1)) - 1;
    patterns_[i].length = static_cast<uint32_t>(name.size());
  }
}

int64_t JsonRecordParser::Lookup(std::string_view key) {
  if (predicted_ < names_.size()) {
    const std::string& name = names_[predicted_];
    if (name.size() == key.size() && std::memcmp(name.data(), key.data(), key.size()) == 0) {
      return static_cast<int64_t>(predicted_++);
    }
  }
  auto found = index_.find(key);
  if (found == index_.end()) return -1;
  predicted_ = found->second + 1;
  return static_cast<int64_t>(found->second);
}

// 'p' is at the opening quote. Returns the byte after the closing quote, or nullptr (error_at_
// set). With 'want_text', 'text' is the unescaped content (a view of the record or unescaped_).
__attribute__((always_inline)) inline const char* JsonRecordParser::ParseString(const char* p, const char* end, std::string_view& text, bool want_text) {
  const char* start = ++p;
  bool escaped = false;
  auto fail = [&](const char* at, const char* reason) -> const char* {
    error_at_ = at;
    error_reason_ = reason;
    return nullptr;
  };
  for (;;) {
    p = FindSpecial(p, end);
    if (p >= end) return fail(end, "unterminated string");
    auto c = static_cast<unsigned char>(*p);
    if (c == '"') break;
    if (c == '\\') {
      escaped = true;
      if (end - p < 2) return fail(p, "unterminated string");
      char escape = p[1];
      if (escape == 'u') {
        uint32_t code;
        if (!Hex4(p + 2, end, code)) return fail(p, "invalid \\u escape in a string");
        p += 6;
        if (code >= 0xD800 && code <= 0xDBFF) {
          uint32_t low;
          if (end - p < 2 || p[0] != '\\' || p[1] != 'u' || !Hex4(p + 2, end, low) || low < 0xDC00 || low > 0xDFFF) {
            return fail(p, "unpaired surrogate in a \\u escape");
          }
          p += 6;
        } else if (code >= 0xDC00 && code <= 0xDFFF) {
          return fail(p - 6, "unpaired surrogate in a \\u escape");
        }
      } else if (escape == '"' || escape == '\\' || escape == '/' || escape == 'b' || escape == 'f' ||
                 escape == 'n' || escape == 'r' || escape == 't') {
        p += 2;
      } else {
        return fail(p, "invalid escape in a string");
      }
      continue;
    }
    if (c < 0x20) return fail(p, "unescaped control character in a string");
    size_t length = Utf8Length(p, end);
    if (length == 0) return fail(p, "invalid UTF-8");
    p += length;
  }
  if (want_text) {
    if (!escaped) {
      text = std::string_view(start, static_cast<size_t>(p - start));
    } else {
      Unescape(start, p, unescaped_);
      text = unescaped_;
    }
  }
  return p + 1;
}

// 'p' is at '{' or '['. Validates the value; appends it without whitespace to 'minified' when
// given. Returns its end or nullptr.
const char* JsonRecordParser::SkipNested(const char* p, const char* end, int depth, std::string* minified) {
  auto fail = [&](const char* at, const char* reason) -> const char* {
    error_at_ = at;
    error_reason_ = reason;
    return nullptr;
  };
  if (depth >= kMaxDepth) return fail(p, "JSON nested deeper than 1024 levels");
  const char open = *p;
  const char close = open == '{' ? '}' : ']';
  if (minified != nullptr) minified->push_back(open);
  p = SkipSpace(p + 1, end);
  if (p < end && *p == close) {
    if (minified != nullptr) minified->push_back(close);
    return p + 1;
  }
  std::string_view unused;
  for (;;) {
    if (open == '{') {
      if (p >= end || *p != '"') return fail(p, "expected a string key");
      const char* start = p;
      if ((p = ParseString(p, end, unused, false)) == nullptr) return nullptr;
      if (minified != nullptr) minified->append(start, p);
      p = SkipSpace(p, end);
      if (p >= end || *p != ':') return fail(p, "expected ':' after a key");
      if (minified != nullptr) minified->push_back(':');
      p = SkipSpace(p + 1, end);
    }
    if (p >= end) return fail(p, "expected a value");
    const char* start = p;
    bool integer;
    switch (*p) {
      case '{':
      case '[': p = SkipNested(p, end, depth + 1, minified); break;
      case '"': p = ParseString(p, end, unused, false); break;
      case 't': p = ScanLiteral(p, end, "true"); break;
      case 'f': p = ScanLiteral(p, end, "false"); break;
      case 'n': p = ScanLiteral(p, end, "null"); break;
      default: p = ScanNumber(p, end, integer); break;
    }
    if (p == nullptr) {
      if (error_at_ == nullptr || error_at_ < start) fail(start, "invalid value");
      return nullptr;
    }
    if (minified != nullptr && *start != '{' && *start != '[') minified->append(start, p);
    p = SkipSpace(p, end);
    if (p < end && *p == ',') {
      if (minified != nullptr) minified->push_back(',');
      p = SkipSpace(p + 1, end);
      continue;
    }
    if (p < end && *p == close) {
      if (minified != nullptr) minified->push_back(close);
      return p + 1;
    }
    return fail(p, open == '{' ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

// 'p' is at the first byte of a value. Stores it into 'target' (when not null); a value that does
// not convert leaves the cell NULL and clears 'converted'. Returns its end or nullptr.
__attribute__((always_inline)) inline const char* JsonRecordParser::ParseValue(const char* p, const char* end, const JsonTarget* target, size_t row,
                                         bool& converted) {
  const char* start = p;
  bool integer = false;
  switch (*p) {
    case '"': {
      std::string_view text;
      bool raw_text = target != nullptr && target->type == TypeId::kVarchar && target->json_text;
      p = ParseString(p, end, text, target != nullptr && !raw_text);
      if (p == nullptr || target == nullptr) return p;
      if (target->type == TypeId::kVarchar) {
        StoreString(*target, row, raw_text ? std::string_view(start, static_cast<size_t>(p - start)) : text);
      } else if (!StoreText(*target, row, text)) {
        converted = false;
        return p;
      }
      break;
    }
    case '{':
    case '[': {
      bool store = target != nullptr && target->type == TypeId::kVarchar;
      if (store) minified_.clear();
      p = SkipNested(p, end, 0, store ? &minified_ : nullptr);
      if (p == nullptr || target == nullptr) return p;
      if (!store) {
        converted = false;
        return p;
      }
      StoreString(*target, row, minified_);
      break;
    }
    case 't':
    case 'f': {
      bool flag = *p == 't';
      p = ScanLiteral(p, end, flag ? "true" : "false");
      if (p == nullptr) {
        error_at_ = start;
        error_reason_ = "invalid literal";
        return nullptr;
      }
      if (target == nullptr) return p;
      if (target->type == TypeId::kBoolean) {
        target->data[row] = flag ? 1 : 0;
      } else if (target->type == TypeId::kVarchar) {
        StoreString(*target, row, flag ? "true" : "false");
      } else {
        converted = false;
        return p;
      }
      break;
    }
    case 'n':
      p = ScanLiteral(p, end, "null");
      if (p == nullptr) {
        error_at_ = start;
        error_reason_ = "invalid literal";
        return nullptr;
      }
      if (target != nullptr) target->vector->validity().SetInvalid(row);
      return p;
    default:
      p = ScanNumber(p, end, integer);
      if (p == nullptr) {
        error_at_ = start;
        error_reason_ = "invalid number";
        return nullptr;
      }
      if (target == nullptr) return p;
      if (!StoreNumber(*target, row, std::string_view(start, static_cast<size_t>(p - start)), integer,
                       static_cast<size_t>(p - record_) >= kParseDoubleLookBehind)) {
        converted = false;
        return p;
      }
      break;
  }
  target->vector->validity().SetValid(row);
  return p;
}

RecordOutcome JsonRecordParser::ParseRow(const char* data, size_t length, const JsonTarget* const* targets,
                                         size_t row, LineProblem& problem) {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (targets[i] != nullptr) targets[i]->vector->validity().SetInvalid(row);
  }
  error_at_ = nullptr;
  error_reason_ = "";
  record_ = data;
  const char* end = data + length;
  auto invalid = [&](const char* at, const char* reason) {
    if (error_at_ == nullptr) {
      error_at_ = at;
      error_reason_ = reason;
    }
    problem.reason = error_reason_;
    problem.column = static_cast<size_t>(std::min(error_at_, end) - data);
    return RecordOutcome::kInvalidJson;
  };
  const char* p = SkipSpace(data, end);
  if (p >= end) return invalid(p, "empty record");
  if (*p != '{') {  // valid JSON but not an object?
    bool converted = true;
    p = ParseValue(p, end, nullptr, row, converted);
    if (p == nullptr) return invalid(data, "invalid value");
    p = SkipSpace(p, end);
    if (p != end) return invalid(p, "unexpected text after the JSON value");
    problem = {"not a JSON object", 0};
    return RecordOutcome::kNotAnObject;
  }
  bool mismatch = false;
  predicted_ = 0;
  p = SkipSpace(p + 1, end);
  if (p < end && *p == '}') {
    ++p;
  } else {
    for (;;) {
      if (p >= end || *p != '"') return invalid(p, "expected a string key");
      const char* key_start = p;
      int64_t column = -1;
#if defined(__SSE2__)
      if (predicted_ < patterns_.size() && patterns_[predicted_].mask != 0 &&
          end - p > static_cast<ptrdiff_t>(patterns_[predicted_].length + 1)) {
        const KeyPattern& pattern = patterns_[predicted_];
        __m128i record = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
        __m128i expected = _mm_load_si128(reinterpret_cast<const __m128i*>(pattern.bytes));
        auto equal = static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(record, expected)));
        if ((equal & pattern.mask) == pattern.mask) {
          column = static_cast<int64_t>(predicted_++);
          p += pattern.length + 2;
        }
      }
#endif
      if (column < 0) {
        std::string_view key;
        if ((p = ParseString(p, end, key, true)) == nullptr) return invalid(key_start, "invalid key");
        column = Lookup(key);
      }
      p = SkipSpace(p, end);
      if (p >= end || *p != ':') return invalid(p, "expected ':' after a key");
      p = SkipSpace(p + 1, end);
      if (p >= end) return invalid(p, "expected a value");
      const JsonTarget* target = column >= 0 ? targets[column] : nullptr;
      bool converted = true;
      if ((p = ParseValue(p, end, target, row, converted)) == nullptr) return invalid(end, "invalid value");
      if (!converted && !mismatch) {
        mismatch = true;
        LogicalType type = target->type == TypeId::kDecimal ? LogicalType::Decimal(target->width, target->scale)
                                                            : LogicalType(target->type);
        problem.reason = "value of column '" + std::string(target->name) + "' is not a valid " + type.ToString();
        problem.column = static_cast<size_t>(key_start - data);
      }
      p = SkipSpace(p, end);
      if (p < end && *p == ',') {
        p = SkipSpace(p + 1, end);
        continue;
      }
      if (p < end && *p == '}') {
        ++p;
        break;
      }
      return invalid(p, "expected ',' or '}'");
    }
  }
  p = SkipSpace(p, end);
  if (p != end) return invalid(p, "unexpected text after the JSON object");
  return mismatch ? RecordOutcome::kMismatch : RecordOutcome::kRow;
}

}  // namespace tarn::format::json
