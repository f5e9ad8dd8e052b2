// Regular expressions with RE2 (RE2 syntax, which DuckDB also uses; PostgreSQL's ARE syntax differs
// in corners such as back-references inside patterns, which RE2 does not have):
//   regexp_matches(s, pattern [, options])     -> BOOLEAN, true when pattern matches anywhere in s
//                                                 (DuckDB's boolean form; PostgreSQL's returns the
//                                                 captured substrings as a set, which tarn has not)
//   regexp_full_match(s, pattern [, options])  -> BOOLEAN, true when pattern matches all of s
//   regexp_replace(s, pattern, replacement [, options]) -> VARCHAR, the first match replaced, or
//                                                 every match with option 'g' (PostgreSQL)
//   regexp_extract(s, pattern [, group [, options]]) -> VARCHAR, capture 'group' (0 = whole match)
//                                                 of the first match, '' when nothing matches
// Options (DuckDB/PostgreSQL letters): 'i' case-insensitive, 'c' case-sensitive (the default),
// 's' '.' also matches a line break, 'g' global (regexp_replace only). As in DuckDB, '.' does not
// match a line break by default. Replacements refer to captures as \0 (whole match) to \9; '\\' is
// a backslash.
//
// Patterns are compiled once per thread per distinct (pattern, options) and kept in a small
// thread-local cache, so a constant pattern costs one compilation per worker thread, not one per
// row. An invalid pattern is Error(kInvalidArgument) naming RE2's reason and the position in the
// pattern.
#include <re2/re2.h>

#include <array>
#include <memory>
#include <string>

#include "exec/function/string/string_kernels.h"

namespace tarn::exec {
namespace {

struct RegexOptions {
  bool case_insensitive = false;
  bool dot_matches_newline = false;
  bool global = false;
};

// Parses an options string; returns the offending letter (or 0 when all are valid).
char ParseOptions(std::string_view text, bool allow_global, RegexOptions& options) {
  for (char c : text) {
    switch (c) {
      case 'i':
        options.case_insensitive = true;
        break;
      case 'c':
        options.case_insensitive = false;
        break;
      case 's':
        options.dot_matches_newline = true;
        break;
      case 'g':
        if (!allow_global) return c;
        options.global = true;
        break;
      default:
        return c;
    }
  }
  return 0;
}

// A thread-local cache of compiled patterns: most queries use one constant pattern, so the most
// recently used entry is checked first; up to kCapacity entries are kept, the oldest replaced.
class PatternCache {
 public:
  const RE2& Get(const ScalarCall& call, std::string_view pattern, const RegexOptions& options) {
    int key = (options.case_insensitive ? 1 : 0) | (options.dot_matches_newline ? 2 : 0);
    if (entries_[last_].regex != nullptr && entries_[last_].key == key &&
        entries_[last_].pattern == pattern) {
      return *entries_[last_].regex;
    }
    for (size_t i = 0; i < kCapacity; ++i) {
      if (entries_[i].regex != nullptr && entries_[i].key == key &&
          entries_[i].pattern == pattern) {
        last_ = i;
        return *entries_[i].regex;
      }
    }
    RE2::Options re2_options;
    re2_options.set_log_errors(false);
    re2_options.set_case_sensitive(!options.case_insensitive);
    re2_options.set_dot_nl(options.dot_matches_newline);
    auto regex =
        std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), re2_options);
    if (!regex->ok()) {
      std::string message = "invalid regular expression: " + regex->error();
      size_t position =
          regex->error_arg().empty() ? std::string_view::npos : pattern.find(regex->error_arg());
      if (position != std::string_view::npos) {
        message += " (at position " + std::to_string(position + 1) + " of pattern '" +
                   std::string(pattern) + "')";
      } else {
        message += " (in pattern '" + std::string(pattern) + "')";
      }
      ThrowAt(call, ErrorCode::kInvalidArgument, message);
    }
    last_ = next_;
    next_ = (next_ + 1) % kCapacity;
    entries_[last_] = Entry{std::string(pattern), key, std::move(regex)};
    return *entries_[last_].regex;
  }

 private:
  static constexpr size_t kCapacity = 16;
  struct Entry {
    std::string pattern;
    int key = 0;
    std::unique_ptr<RE2> regex;
  };
  std::array<Entry, kCapacity> entries_;
  size_t last_ = 0;
  size_t next_ = 0;
};

PatternCache& Cache() {
  thread_local PatternCache cache;
  return cache;
}

// Row 'row' of a VARCHAR vector as a piece; refers into the vector (short strings are stored inside
// the StringRef itself, so never take a piece of a copy).
re2::StringPiece PieceAt(const Vector& vector, size_t row) {
  const StringRef& value = vector.data<StringRef>()[vector.IsConstant() ? 0 : row];
  return re2::StringPiece(value.data(), value.size());
}

RegexOptions OptionsAt(const ScalarCall& call, const Vector* options_vector, size_t row,
                       bool allow_global) {
  RegexOptions options;
  if (options_vector == nullptr) return options;
  const StringRef value = ValueAt<StringRef>(*options_vector, row);  // short strings live inline
  std::string_view text = value.view();
  char bad = ParseOptions(text, allow_global, options);
  if (bad != 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            std::string("invalid regular expression option: \"") + bad + "\"");
  }
  return options;
}

// regexp_matches / regexp_full_match.
template <RE2::Anchor kAnchor>
void MatchKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                 Vector& result) {
  const Vector* options_vector = args.size() > 2 ? args[2] : nullptr;
  PatternCache& cache = Cache();
  ExecuteRows<uint8_t>(args, count, result, [&](size_t row, uint8_t& out) {
    const RE2& regex = cache.Get(call, ValueAt<StringRef>(*args[1], row).view(),
                                 OptionsAt(call, options_vector, row, false));
    re2::StringPiece text = PieceAt(*args[0], row);
    out = regex.Match(text, 0, text.size(), kAnchor, nullptr, 0);
    return true;
  });
}

// Appends 'rewrite' with \0..\9 replaced by the captures; returns false for a reference to a
// capture the pattern does not have.
bool AppendRewrite(std::string& out, std::string_view rewrite, const re2::StringPiece* groups,
                   int group_count) {
  for (size_t i = 0; i < rewrite.size(); ++i) {
    char c = rewrite[i];
    if (c != '\\' || i + 1 == rewrite.size()) {
      out.push_back(c);
      continue;
    }
    char next = rewrite[++i];
    if (next >= '0' && next <= '9') {
      int group = next - '0';
      if (group >= group_count) return false;
      out.append(groups[group].data(), groups[group].size());
    } else if (next == '\\') {
      out.push_back('\\');
    } else {
      out.push_back('\\');
      out.push_back(next);
    }
  }
  return true;
}

// Replaces the first (or every) match of 'regex' in 'text' into 'out'. Like RE2's GlobalReplace
// and PostgreSQL, an empty match right where the previous match ended is skipped.
bool ReplaceInto(std::string& out, const RE2& regex, std::string_view text,
                 std::string_view rewrite, bool global) {
  constexpr int kMaxGroups = 10;
  re2::StringPiece groups[kMaxGroups];
  int group_count = std::min(regex.NumberOfCapturingGroups() + 1, kMaxGroups);
  re2::StringPiece input(text.data(), text.size());
  size_t position = 0;
  size_t last_end = std::string_view::npos;
  while (position <= text.size()) {
    if (!regex.Match(input, position, text.size(), RE2::UNANCHORED, groups, group_count)) break;
    size_t start = static_cast<size_t>(groups[0].data() - text.data());
    size_t end = start + groups[0].size();
    if (groups[0].empty() && start == last_end) {
      if (start >= text.size()) break;
      size_t next = start + std::min(Utf8CharLength(static_cast<unsigned char>(text[start])),
                                     text.size() - start);
      out.append(text.substr(position, next - position));
      position = next;
      continue;
    }
    out.append(text.substr(position, start - position));
    if (!AppendRewrite(out, rewrite, groups, group_count)) return false;
    position = end;
    last_end = end;
    if (!global) break;
  }
  if (position < text.size()) out.append(text.substr(position));
  return true;
}

void ReplaceKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  const Vector* options_vector = args.size() > 3 ? args[3] : nullptr;
  PatternCache& cache = Cache();
  std::string buffer;  // reused for every row of the batch
  int64_t row = ExecuteRows<StringRef>(args, count, result, [&](size_t row, StringRef& out) {
    RegexOptions options = OptionsAt(call, options_vector, row, true);
    const RE2& regex = cache.Get(call, ValueAt<StringRef>(*args[1], row).view(), options);
    buffer.clear();
    if (!ReplaceInto(buffer, regex, ValueAt<StringRef>(*args[0], row).view(),
                     ValueAt<StringRef>(*args[2], row).view(), options.global)) {
      return false;
    }
    out = result.AddString(buffer);
    return true;
  });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            "invalid replacement string '" + ValueAt<StringRef>(*args[2], row).ToString() +
                "': it refers to a capture group the pattern does not have");
  }
}

void ExtractKernel(const ScalarCall& call, const std::vector<const Vector*>& args, size_t count,
                   Vector& result) {
  const Vector* group_vector = args.size() > 2 ? args[2] : nullptr;
  const Vector* options_vector = args.size() > 3 ? args[3] : nullptr;
  PatternCache& cache = Cache();
  constexpr int kMaxGroups = 10;
  re2::StringPiece groups[kMaxGroups];
  int64_t row = ExecuteRows<StringRef>(args, count, result, [&](size_t row, StringRef& out) {
    const RE2& regex = cache.Get(call, ValueAt<StringRef>(*args[1], row).view(),
                                 OptionsAt(call, options_vector, row, false));
    int64_t group = group_vector == nullptr ? 0 : ValueAt<int64_t>(*group_vector, row);
    if (group < 0 || group > regex.NumberOfCapturingGroups() || group >= kMaxGroups) return false;
    re2::StringPiece text = PieceAt(*args[0], row);
    int group_count = static_cast<int>(group) + 1;
    if (regex.Match(text, 0, text.size(), RE2::UNANCHORED, groups, group_count)) {
      out = result.AddString(std::string_view(groups[group].data(), groups[group].size()));
    } else {
      out = StringRef();
    }
    return true;
  });
  if (row >= 0) {
    ThrowAt(call, ErrorCode::kInvalidArgument,
            "regexp_extract group " + std::to_string(ValueAt<int64_t>(*group_vector, row)) +
                " is out of range: the pattern has " +
                std::to_string(Cache()
                                   .Get(call, ValueAt<StringRef>(*args[1], row).view(),
                                        OptionsAt(call, options_vector, row, false))
                                   .NumberOfCapturingGroups()) +
                " capture groups");
  }
}

}  // namespace

void RegisterRegexp(FunctionRegistry& registry) {
  const LogicalType text = TypeId::kVarchar;
  struct Entry {
    const char* name;
    ScalarKernel kernel;
  };
  for (Entry entry : {Entry{"regexp_matches", MatchKernel<RE2::UNANCHORED>},
                      Entry{"regexp_full_match", MatchKernel<RE2::ANCHOR_BOTH>}}) {
    registry.AddScalar(MakeScalar(entry.name, {text, text}, TypeId::kBoolean, entry.kernel));
    registry.AddScalar(MakeScalar(entry.name, {text, text, text}, TypeId::kBoolean, entry.kernel));
  }
  registry.AddScalar(MakeScalar("regexp_replace", {text, text, text}, text, ReplaceKernel));
  registry.AddScalar(MakeScalar("regexp_replace", {text, text, text, text}, text, ReplaceKernel));
  registry.AddScalar(MakeScalar("regexp_extract", {text, text}, text, ExtractKernel));
  registry.AddScalar(
      MakeScalar("regexp_extract", {text, text, TypeId::kBigint}, text, ExtractKernel));
  registry.AddScalar(
      MakeScalar("regexp_extract", {text, text, TypeId::kBigint, text}, text, ExtractKernel));
}

}  // namespace tarn::exec
