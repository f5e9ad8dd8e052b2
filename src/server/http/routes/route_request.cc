#include "server/http/routes/route_request.h"

#include <algorithm>
#include <ctime>

#include "common/error.h"
#include "common/hex.h"

namespace tarn::server {

JsonValue ParseJsonObjectBody(const HttpRequest& request) {
  JsonValue root;
  try {
    root = ParseJsonStrict(request.body);
  } catch (const Error& error) {
    throw HttpError{400, "malformed_json", error.message()};
  }
  if (root.kind() != JsonValue::Kind::kObject) {
    throw HttpError{400, "invalid_request",
                    "request body must be a json object, not " +
                        std::string(JsonKindName(root.kind()))};
  }
  return root;
}

void CheckMembers(const JsonValue& object, const std::vector<std::string_view>& allowed) {
  for (const auto& [key, value] : object.members()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string expected;
    for (std::string_view name : allowed) {
      if (!expected.empty()) expected += ", ";
      expected += name;
    }
    throw HttpError{400, "invalid_request",
                    "unknown field \"" + key + "\" (expected " + expected + ")"};
  }
}

std::optional<std::string> StringMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  if (value == nullptr) return std::nullopt;
  if (value->kind() != JsonValue::Kind::kString) {
    throw HttpError{400, "invalid_request", "\"" + std::string(name) + "\" must be a string"};
  }
  return value->string_value();
}

std::vector<std::string> StringListMember(const JsonValue& object, std::string_view name) {
  const JsonValue* value = object.Find(name);
  std::vector<std::string> out;
  if (value == nullptr) return out;
  if (value->kind() == JsonValue::Kind::kString) {
    out.push_back(value->string_value());
    return out;
  }
  bool ok = value->kind() == JsonValue::Kind::kArray;
  if (ok) {
    for (const auto& item : value->items()) {
      if (item.kind() != JsonValue::Kind::kString) {
        ok = false;
        break;
      }
      out.push_back(item.string_value());
    }
  }
  if (!ok) {
    throw HttpError{400, "invalid_request",
                    "\"" + std::string(name) + "\" must be a string or an array of strings"};
  }
  return out;
}

namespace {

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() &&
               HexDigitValue(text[i + 1]) >= 0 && HexDigitValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigitValue(text[i + 1]) * 16 + HexDigitValue(text[i + 2]));
      i += 2;
    } else if (text[i] == '%') {
      throw HttpError{400, "invalid_request", "malformed percent-encoding in the query string"};
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> QueryParameter(const HttpRequest& request, std::string_view name) {
  std::string_view query = request.query;
  while (!query.empty()) {
    size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    size_t equals = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, equals));
    if (key == name) {
      return equals == std::string_view::npos ? std::string() : PercentDecode(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) break;
    query.remove_prefix(end + 1);
  }
  return std::nullopt;
}

ServerServices& RequireServices(RouteContext& context) {
  if (context.services == nullptr) {
    throw HttpError{404, "not_configured", "this server has no data directory"};
  }
  return *context.services;
}

std::shared_ptr<sql::AccessControl> AccessFor(RouteContext& context, const Principal& principal) {
  if (context.services == nullptr || !context.services->access_for) return nullptr;
  return context.services->access_for(principal);
}

std::string IsoTime(int64_t unix_seconds) {
  if (unix_seconds <= 0) return std::string();
  std::time_t time = static_cast<std::time_t>(unix_seconds);
  std::tm parts;
  ::gmtime_r(&time, &parts);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace tarn::server
