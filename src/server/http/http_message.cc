#include "server/http/http_message.h"

#include <cmath>

#include "server/json/json_writer.h"

namespace tarn::server {

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

HttpResponse ErrorResponse(const HttpError& error) {
  HttpResponse response;
  response.status = error.status;
  response.error_detail = error.message;
  response.error_code = error.code;
  JsonWriter json(response.body);
  json.BeginObject().Key("error").BeginObject();
  json.Key("code").String(error.code).Key("message").String(error.message);
  if (error.position >= 0) json.Key("position").Int(error.position);
  json.EndObject().EndObject();
  response.body += '\n';
  if (error.retry_after > 0) {
    response.headers.emplace_back("Retry-After",
                                  std::to_string(static_cast<int64_t>(std::ceil(error.retry_after))));
  }
  return response;
}

}  // namespace tarn::server
