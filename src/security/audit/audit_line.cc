#include "security/audit/audit_line.h"

#include <fmt/format.h>

#include <charconv>
#include <ctime>

namespace tarn::security {
namespace {

void AppendQuoted(std::string& out, std::string_view value) {
  out += '"';
  for (char c : value) {
    unsigned char byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += fmt::format("\\u{:04x}", byte);
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendName(std::string& out, std::string_view name) {
  if (out.size() > 1) out += ',';
  AppendQuoted(out, name);
  out += ':';
}

void AppendUtf8(std::string& out, uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

// Reads a JSON string starting at line[position] == '"'; advances past it.
bool ReadString(std::string_view line, size_t& position, std::string& out) {
  if (position >= line.size() || line[position] != '"') return false;
  ++position;
  while (position < line.size()) {
    char c = line[position++];
    if (c == '"') return true;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (position >= line.size()) return false;
    char escape = line[position++];
    switch (escape) {
      case '"': case '\\': case '/': out += escape; break;
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        if (position + 4 > line.size()) return false;
        uint32_t code = 0;
        auto [end, error] =
            std::from_chars(line.data() + position, line.data() + position + 4, code, 16);
        if (error != std::errc() || end != line.data() + position + 4) return false;
        position += 4;
        AppendUtf8(out, code);
        break;
      }
      default: return false;
    }
  }
  return false;
}

bool ParseDigits(std::string_view text, size_t at, size_t count, int& value) {
  if (at + count > text.size()) return false;
  auto [end, error] = std::from_chars(text.data() + at, text.data() + at + count, value);
  return error == std::errc() && end == text.data() + at + count;
}

}  // namespace

void AuditLineWriter::AddString(std::string_view name, std::string_view value) {
  AppendName(text_, name);
  AppendQuoted(text_, value);
}

void AuditLineWriter::AddNumber(std::string_view name, int64_t value) {
  AppendName(text_, name);
  text_ += std::to_string(value);
}

std::optional<std::vector<AuditField>> ParseAuditLine(std::string_view line) {
  std::vector<AuditField> fields;
  size_t position = 0;
  if (line.empty() || line[0] != '{') return std::nullopt;
  ++position;
  if (position < line.size() && line[position] == '}') return position + 1 == line.size()
                                                                 ? std::optional(fields)
                                                                 : std::nullopt;
  while (true) {
    AuditField field;
    if (!ReadString(line, position, field.name)) return std::nullopt;
    if (position >= line.size() || line[position++] != ':') return std::nullopt;
    if (position < line.size() && line[position] == '"') {
      if (!ReadString(line, position, field.text)) return std::nullopt;
    } else {
      field.is_string = false;
      size_t start = position;
      if (position < line.size() && line[position] == '-') ++position;
      while (position < line.size() && line[position] >= '0' && line[position] <= '9') ++position;
      auto [end, error] =
          std::from_chars(line.data() + start, line.data() + position, field.number);
      if (error != std::errc() || end != line.data() + position) return std::nullopt;
    }
    fields.push_back(std::move(field));
    if (position >= line.size()) return std::nullopt;
    char next = line[position++];
    if (next == '}') return position == line.size() ? std::optional(fields) : std::nullopt;
    if (next != ',') return std::nullopt;
  }
}

const AuditField* FindField(const std::vector<AuditField>& fields, std::string_view name) {
  for (const auto& field : fields) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string FormatAuditTime(int64_t unix_micros) {
  std::time_t seconds = static_cast<std::time_t>(unix_micros / 1000000);
  int64_t micros = unix_micros % 1000000;
  if (micros < 0) {
    micros += 1000000;
    --seconds;
  }
  std::tm parts;
  ::gmtime_r(&seconds, &parts);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", parts.tm_year + 1900,
                     parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                     micros);
}

std::optional<int64_t> ParseAuditTime(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
  if (!ParseDigits(text, 0, 4, year) || text.size() < 10 || text[4] != '-' || text[7] != '-' ||
      !ParseDigits(text, 5, 2, month) || !ParseDigits(text, 8, 2, day)) {
    return std::nullopt;
  }
  size_t position = 10;
  if (position < text.size()) {
    if (text[position] != 'T' && text[position] != ' ') return std::nullopt;
    if (!ParseDigits(text, position + 1, 2, hour) || text.size() < position + 6 ||
        text[position + 3] != ':' || !ParseDigits(text, position + 4, 2, minute)) {
      return std::nullopt;
    }
    position += 6;
    if (position < text.size() && text[position] == ':') {
      if (!ParseDigits(text, position + 1, 2, second)) return std::nullopt;
      position += 3;
      if (position < text.size() && text[position] == '.') {
        size_t start = ++position;
        while (position < text.size() && position - start < 6 && text[position] >= '0' &&
               text[position] <= '9') {
          micros = micros * 10 + (text[position++] - '0');
        }
        for (size_t digits = position - start; digits < 6; ++digits) micros *= 10;
      }
    }
    if (position < text.size() && text[position] == 'Z') ++position;
  }
  if (position != text.size() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 ||
      minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::tm parts{};
  parts.tm_year = year - 1900;
  parts.tm_mon = month - 1;
  parts.tm_mday = day;
  parts.tm_hour = hour;
  parts.tm_min = minute;
  parts.tm_sec = second;
  return static_cast<int64_t>(::timegm(&parts)) * 1000000 + micros;
}

}  // namespace tarn::security
